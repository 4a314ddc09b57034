"""The Markdown of the notebooks and pages is written so that both renderers can show it.

JupyterLab renders MyST with jupyterlab-myst, which has no bibliography (``{cite}``,
jupyter-book/jupyterlab-myst#127), no cross-notebook references (#218), no ``{glue}``,
and knows none of Jupyter Book's page directives (``{bibliography}``, ``{tableofcontents}``).
So the chapters cite in author–year text whose year links to the bibliography page, which is
generated from ``references.bib``; this module checks, without a browser, that

- no Markdown that JupyterLab renders uses a construct it cannot show;
- every citation names an entry of ``references.bib`` by its author label and year;
- the bibliography page is up to date with ``references.bib``;
- the landing page (``make lab`` opens it) links every chapter, under its title, and every
  student exercise notebook.

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
#: a citation: the year, linked to the bibliography page
CITATION = re.compile(r"\[(?P<year>\d{4})\]\((?P<target>[^)\s]*bibliography\.md)\)")
ROLE_REF = re.compile(r"\{(?:ref|numref)\}`(?:[^`<]*<)?(?P<label>[^`>]+)>?`")
LABEL = re.compile(r"^\((?P<label>[\w:-]+)\)=\s*$", re.MULTILINE)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _markdown(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_no_construct_jupyterlab_cannot_render(path):
    found = sorted(set(SITE_ONLY.findall(_markdown(path))))
    assert not found, f"{_rel(path)} uses {found}, which JupyterLab shows raw: cite as `Author ([year](bibliography.md))`"


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_references_stay_within_the_notebook(path):
    """jupyterlab-myst resolves {ref}/{numref} only to a label of the same notebook."""
    text = _markdown(path)
    missing = sorted({m["label"] for m in ROLE_REF.finditer(text)} - set(LABEL.findall(text)))
    assert not missing, f"{_rel(path)} refers to labels it does not define: {missing}"


@pytest.mark.parametrize("path", SOURCES, ids=_rel)
def test_citations_name_a_bibliography_entry(path):
    entries = bibliography.labels()
    problems = []
    for match in CITATION.finditer(_markdown(path)):
        before = match.string[:match.start()]
        cited = [key for key, (authors, year) in entries.items()
                 if year == match["year"] and (before.endswith(f"{authors} (") or before.endswith(f"{authors}, "))]
        if not cited:
            problems.append(f"…{before[-40:]}{match.group(0)}: no entry of references.bib has this author and year")
        if (path.parent / match["target"]).resolve() != bibliography.PAGE:
            problems.append(f"{match.group(0)}: the link does not lead to chapters/bibliography.md")
    assert not problems, f"{_rel(path)}:\n  " + "\n  ".join(problems)


def test_bibliography_page_is_up_to_date(capsys):
    assert bibliography.main(["--check"]) == 0, capsys.readouterr().out


def test_landing_page_lists_every_notebook():
    landing = (ROOT / LANDING).read_text(encoding="utf-8")
    missing = []
    for notebook in sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/student/*.ipynb")]):
        title = json.loads(notebook.read_text(encoding="utf-8"))["cells"][0]["source"][0].lstrip("# ").strip()
        link = f"[{title}]({Path('..', notebook.relative_to(ROOT)).as_posix()})".replace("(../chapters/", "(")
        if link not in landing:
            missing.append(link)
    assert not missing, f"{LANDING} lacks the links (title and path as in the notebook):\n  " + "\n  ".join(missing)
