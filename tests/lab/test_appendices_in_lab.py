"""The appendix pages — notation, glossary, errata — as JupyterLab shows them (jupyterlab-myst).

Each opens as a rendered Markdown preview (the course's default viewer for ``.md``) with no
raw MyST and no mark of something jupyterlab-myst could not resolve. The glossary shows one
entry per term of ``chapters/glossary.md``, each with the anchor ``#term-…`` the site uses too
(``actlab_site.glossary`` lets Sphinx read the definition-list form jupyterlab-myst requires),
and a ``{term}`` link to another entry of the page scrolls that entry into view.

A ``{term}`` link in a *chapter* cannot be resolved by jupyterlab-myst 2.7 (it knows no glossary
outside the notebook): it renders as ``<a href="#">``, logs "Cross reference target was not
found" in the browser console, and a click does nothing. ``test_term_link_in_a_chapter_is_harmless``
checks that it stays that way — the reader keeps their place and their notebook — rather than
jumping away.
"""
from __future__ import annotations

import re
import sys

import pytest

from jupyterlab_driver import ROOT, LabPage, rendering_problems

sys.path.insert(0, str(ROOT / "lib" / "site"))
from actlab_site import glossary  # noqa: E402 - importable via the path above

APPENDICES = ["chapters/notation.md", "chapters/glossary.md", "chapters/errata.md"]
VIEWER = ".jp-MarkdownViewer"
TERM_ROLE = re.compile(r"\{term\}`")


def _open_preview(browser, lab_server, path: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    lab = LabPage(context.new_page(), lab_server, tree_path=path)
    lab.pw.wait_for_selector(f"{VIEWER} .myst", timeout=60_000)
    return context, lab


@pytest.mark.timeout(180)
@pytest.mark.parametrize("path", APPENDICES)
def test_appendix_renders_in_lab(browser, lab_server, path):
    context, lab = _open_preview(browser, lab_server, path)
    try:
        shown = lab.read_rendered(f"{VIEWER} .myst")
        problems = rendering_problems(path, shown["text"], shown["problems"])
        assert not problems, "\n".join(problems)
        title = (ROOT / path).read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
        assert shown["text"].lstrip().startswith(title), f"{path}: the preview does not open with '{title}'"
    finally:
        context.close()


@pytest.mark.timeout(180)
def test_glossary_entries_and_same_page_links(browser, lab_server):
    terms = glossary.terms(glossary.PAGE.read_text(encoding="utf-8"))
    context, lab = _open_preview(browser, lab_server, "chapters/glossary.md")
    try:
        entries = lab.pw.evaluate(f"""() => [...document.querySelectorAll('{VIEWER} dt')]
            .map(dt => [dt.innerText.trim(), dt.id])""")
        shown = dict(entries)
        missing = [term for term in terms if not shown.get(term, "").startswith("term-")]
        assert not missing and len(entries) == len(terms), \
            f"JupyterLab shows the entries {entries}; missing or without an anchor: {missing}"

        link = lab.pw.locator(f"{VIEWER} .myst dd a[href='#{shown['pre-activation']}']").first
        link.click()
        target = lab.pw.locator(f"{VIEWER} dt#{shown['pre-activation']}")
        lab.pw.wait_for_function("""dt => { const r = dt.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight; }""", arg=target.element_handle(), timeout=10_000)
    finally:
        context.close()


def _chapter_with_a_term_link() -> str | None:
    for notebook in sorted((ROOT / "chapters").glob("0*.ipynb")):
        if TERM_ROLE.search(notebook.read_text(encoding="utf-8")):
            return notebook.relative_to(ROOT).as_posix()
    return None


@pytest.mark.timeout(240)
def test_term_link_in_a_chapter_is_harmless(lab, lab_server):
    path = _chapter_with_a_term_link()
    if path is None:
        pytest.skip("no chapter links a glossary term with {term} yet")
    widget_id = lab.open(path)
    try:
        scroller = f"#{widget_id} .jp-WindowedPanel-outer"
        link = lab.pw.locator(f"#{widget_id} .jp-MarkdownCell .myst a.hover-link").first
        link.evaluate("a => a.scrollIntoView({block: 'center'})")  # in view, so the click need not scroll
        before = lab.pw.evaluate("(s) => document.querySelector(s).scrollTop", scroller)
        link.click()
        lab.pw.wait_for_timeout(1000)
        after = lab.pw.evaluate("(s) => document.querySelector(s).scrollTop", scroller)
        assert abs(after - before) <= 1, f"clicking a {{term}} link in {path} scrolled the notebook from {before} to {after} px"
        current = lab.pw.evaluate("() => window.jupyterapp.shell.currentWidget.id")
        assert current == widget_id, f"clicking a {{term}} link in {path} left the notebook"
        assert not lab.pw.locator(".jp-Dialog").count(), "clicking a {term} link opened a dialog"
    finally:
        lab_server.shut_down(path)
