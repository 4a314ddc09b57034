# Activation Functions, Hands-On — the two commands: `make book` and `make test`.
# Both create .venv (pinned packages, see pyproject.toml and constraints.txt) on first use.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help install test book lab grade bench gpu-cells clean

help:
	@echo "make book   build the site into _build/html (offline, zero warnings)"
	@echo "make test   run every test: library, notebooks (nbval), widgets, exercises, site + browser"
	@echo "make lab    open JupyterLab on the course"
	@echo "make grade NB=path/to/submission.ipynb   grade a submission (prints and writes a report)"
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

lab: $(STAMP)
	$(BIN)/jupyter lab

bench: $(STAMP)
	$(BIN)/python -m actlab.bench

clean:
	rm -rf _build
