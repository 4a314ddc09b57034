"""The Markdown of the notebooks and pages is written so that both renderers can show it.

JupyterLab renders MyST with jupyterlab-myst, which has no bibliography (``{cite}``,
jupyter-book/jupyterlab-myst#127), no cross-notebook references (#218), no ``{glue}``,
and knows none of Jupyter Book's page directives (``{bibliography}``, ``{tableofcontents}``).
So the chapters cite in author–year text whose year links to the bibliography page, which is
generated from ``references.bib``; this module checks, without a browser, that

- no Markdown that JupyterLab renders uses a construct it cannot show;
- every citation names an entry of ``references.bib`` by its author label and year;
- the bibliography page is up to date with ``references.bib``, and every entry is cited;
- the landing page (``make lab`` opens it) links every chapter, under its title, every
  student exercise notebook, and every appendix page (notation, glossary, errata).

``test_notebooks_in_lab.py`` then checks what JupyterLab actually shows.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from jupyterlab_driver import LANDING, ROOT

sys.path.insert(0, str(ROOT / "lib" / "site"))
from actlab_site import bibliography  # noqa: E402 - the path above makes it importable

SOURCES = sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*/*.ipynb"), *ROOT.glob("chapters/*.md")])
#: MyST that only the site can render
SITE_ONLY = re.compile(r"\{(?:cite(?::\w+)?|glue(?::\w+)?|doc|bibliography|tableofcontents|footcite\w*)\}")
ROLE_REF = re.compile(r"\{(?:ref|numref)\}`(?:[^`<]*<)?(?P<label>[^`>]+)>?`")
LABEL = re.compile(r"^\((?P<label>[\w:-]+)\)=\s*$", re.MULTILINE)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_no_construct_jupyterlab_cannot_render(path):
    found = sorted(set(SITE_ONLY.findall(bibliography.markdown(path))))
    assert not found, f"{_rel(path)} uses {found}, which JupyterLab shows raw: cite as `Author ([year](bibliography.md))`"


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_references_stay_within_the_notebook(path):
    """jupyterlab-myst resolves {ref}/{numref} only to a label of the same notebook."""
    text = bibliography.markdown(path)
    missing = sorted({m["label"] for m in ROLE_REF.finditer(text)} - set(LABEL.findall(text)))
    assert not missing, f"{_rel(path)} refers to labels it does not define: {missing}"


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_citations_name_a_bibliography_entry(path):
    entries = bibliography.labels()
    problems = []
    for match in bibliography.CITATION.finditer(bibliography.markdown(path)):
        before = match.string[:match.start()]
        if not bibliography.cited_keys(match, entries):
            problems.append(f"…{before[-40:]}{match.group(0)}: no entry of references.bib has this author and year")
        if (path.parent / match["target"]).resolve() != bibliography.PAGE:
            problems.append(f"{match.group(0)}: the link does not lead to chapters/bibliography.md")
    assert not problems, f"{_rel(path)}:\n  " + "\n  ".join(problems)


def test_bibliography_page_is_up_to_date_and_every_entry_cited(capsys):
    assert bibliography.main(["--check"]) == 0, capsys.readouterr().out


def test_an_uncited_entry_is_reported(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a2001, author = {Alpha, A.}, title = {A}, year = {2001}}\n"
                   "@misc{b2002, author = {Beta, B. and Gamma, G.}, title = {B}, year = {2002}}\n"
                   "@misc{c2003, author = {Delta, D.}, title = {C}, year = {2003}}\n", encoding="utf-8")
    cites_b = "as (Beta and Gamma, [2002](bibliography.md)) showed"
    assert bibliography.uncited(bib, [cites_b], catalog_keys=["c2003"]) == ["a2001"]
    assert bibliography.uncited(bib, [cites_b, "Alpha ([2001](bibliography.md))"], catalog_keys=["c2003"]) == []
    assert bibliography.uncited(bib, ["Alpha ([1999](bibliography.md))"], catalog_keys=[]) == ["a2001", "b2002", "c2003"]


#: the Markdown pages of chapters/ that the landing page links as a plain reference, not under their title
NOT_APPENDICES = {LANDING, "chapters/bibliography.md"}


def _title(path: Path) -> str:
    """The page's ``# Title``: a notebook's first line, a Markdown page's first heading."""
    if path.suffix == ".ipynb":
        return json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"][0].lstrip("# ").strip()
    return next(line[2:].strip() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# "))


def test_landing_page_lists_every_notebook_and_appendix():
    landing = (ROOT / LANDING).read_text(encoding="utf-8")
    appendices = [p for p in ROOT.glob("chapters/*.md") if _rel(p) not in NOT_APPENDICES]
    missing = []
    for page in sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/student/*.ipynb"), *appendices]):
        link = f"[{_title(page)}]({Path('..', page.relative_to(ROOT)).as_posix()})".replace("(../chapters/", "(")
        if link not in landing:
            missing.append(link)
    assert not missing, f"{LANDING} lacks the links (title and path as in the page):\n  " + "\n  ".join(missing)
