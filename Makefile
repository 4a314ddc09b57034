# Activation Functions, Hands-On — the two commands: `make book` and `make test`.
# Both create .venv (pinned packages, see pyproject.toml and constraints.txt) on first use.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE_NPM := lib/site/node_modules/.installed

.PHONY: help install test test-portable book translations lab grade release bench gpu-cells clean

help:
	@echo "make book   build the site into _build/html (offline, zero warnings)"
	@echo "make translations   update the Chinese edition's catalogs (locales/zh_CN) from the English text"
	@echo "make test   run every test: library, notebooks (nbval), widgets, exercises, site + browser"
	@echo "make test-portable   library tests and notebooks again, on other CPU code paths (see README)"
	@echo "make lab    open JupyterLab on the course"
	@echo "make grade NB=path/to/submission.ipynb   grade a submission (prints and writes a report)"
	@echo "make grade NB=path/to/folder   grade every submission in it, write gradebook.csv and .json there"
	@echo "make release   write the student distribution (no masters, no hidden tests) to _build/student-release"
	@echo "make bench  run the activation cost benchmark"

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (actlab)" >/dev/null
	@touch $@

install: $(STAMP)

test: $(STAMP)
	$(BIN)/python tests/run_parts.py

# The library tests and every notebook under nbval again, with NumPy, PyTorch, TensorFlow and
# OpenBLAS forced onto other code paths (tests/run_portable.py says which and why).
test-portable: $(STAMP)
	$(BIN)/python tests/run_portable.py

# JupyterLab's defaults for the course (lib/lab/overrides.json): Markdown pages such as the
# landing page open rendered (by jupyterlab-myst), and no pop-up asks to fetch news.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d/actlab.json
$(LAB_SETTINGS): lib/lab/overrides.json | $(STAMP)
	mkdir -p $(@D) && cp $< $@

# JupyterLab on the landing page (its links open the chapters and exercises); JUPYTER_PATH puts
# this environment's kernel, "Python 3 (actlab)", before any python3 kernel of the user's own.
# Options for JupyterLab go in ARGS, e.g. make lab ARGS=--port=8899
lab: $(STAMP) $(LAB_SETTINGS)
	JUPYTER_PATH="$(CURDIR)/$(VENV)/share/jupyter" $(BIN)/jupyter lab chapters/intro.md $(ARGS)

# Hidden tests, one sandbox per question. NB is one notebook (prints its report, writes its
# .grade.json) or a folder of submissions (writes FOLDER/gradebook.csv and gradebook.json).
grade: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make grade NB=path/to/submission.ipynb  (or NB=folder/of/submissions)"; exit 2; }
	$(BIN)/python -m sandgrader $(NB)

# The student distribution (student notebooks, the library, exercises/STUDENTS.md as README),
# without masters or hidden tests; the command checks that no solution line is in it.
RELEASE ?= _build/student-release
release: $(STAMP)
	rm -rf $(RELEASE)
	$(BIN)/python -m sandgrader.release $(RELEASE)

# The site's browser assets (MathJax, require.js, ipywidgets manager) from the npm registry,
# re-installed only when lib/site/package*.json change.
$(SITE_NPM): lib/site/package.json lib/site/package-lock.json
	@command -v npm >/dev/null || { echo "need npm (Node.js) for the site's assets"; exit 1; }
	npm ci --prefix lib/site --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# Warnings are errors (-W), references nitpicky (-n); --keep-going reports them all first.
# An incremental build only reports the warnings of pages it re-reads, so a failed build
# drops Sphinx's saved environment: the next build re-reads every page and fails again.
EXPLORER_DATA := chapters/_static/explorers/data/manifest.js
# The explorers' data for the static site, computed with actlab; redone when the library changes.
$(EXPLORER_DATA): $(STAMP) $(wildcard lib/actlab/*.py lib/actlab/widgets/*.py)
	$(BIN)/python -m actlab.widgets.export $(@D)

book: $(STAMP) $(SITE_NPM) $(EXPLORER_DATA)
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going \
		|| { rm -f _build/.doctrees/environment.pickle; exit 1; }
	@# Sphinx skips copying static files when no page changed; the explorers change without pages
	cp -R chapters/_static/explorers/. _build/html/_static/explorers/

# The Chinese edition's catalogs: the English text's messages (lib/site/build_book.py gettext, one
# template per page into _build/gettext), merged into locales/zh_CN/LC_MESSAGES/ by sphinx-intl:
# a new message arrives untranslated, a changed one keeps its old translation marked fuzzy, a
# removed one goes. The templates are extracted afresh (a few seconds); SOURCE_DATE_EPOCH fixes the templates' date, so an unchanged text rewrites
# nothing. locales/TRANSLATING.md says how to translate.
LANGUAGES := zh_CN
translations: $(STAMP) $(SITE_NPM) $(EXPLORER_DATA)
	rm -rf _build/gettext _build/.doctrees-gettext
	SOURCE_DATE_EPOCH=0 $(BIN)/python lib/site/build_book.py gettext
	$(BIN)/sphinx-intl update --pot-dir _build/gettext --locale-dir locales \
		$(foreach language,$(LANGUAGES),--language $(language)) --no-obsolete --jobs 1

bench: $(STAMP)
	$(BIN)/python -m actlab.bench

clean:
	rm -rf _build chapters/_static/explorers/data

# Run only the gpu-tagged training cells of the chapters (plus their setup cells) and print
# device, wall time and final loss/accuracy per cell. On a GPU machine: make gpu-cells ARGS=--require-gpu
gpu-cells: $(STAMP)
	$(BIN)/python -m actlab.gpucells $(ARGS)
