"""`make lab` opens the course: the landing page, rendered, whose links open the chapters.

JupyterLab is loaded on ``chapters/intro.md`` as ``jupyter lab chapters/intro.md`` does, with
the course's settings (``lib/lab/overrides.json``): the page opens as a rendered Markdown
preview (jupyterlab-myst), shows no raw MyST, links every chapter and exercise notebook, and
a link opens its notebook on the course's kernel without any dialog (no kernel choice, no
"trust" question).
"""
from __future__ import annotations

import pytest

from jupyterlab_driver import LANDING, ROOT, LabPage, rendering_problems

VIEWER = ".jp-MarkdownViewer"
NOTEBOOKS = sorted(p.relative_to(ROOT).as_posix()
                   for folder in ("chapters", "exercises/student") for p in (ROOT / folder).glob("*.ipynb"))
KERNEL = "Python 3 (actlab)"


@pytest.mark.timeout(240)
def test_make_lab_opens_the_landing_page(browser, lab_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        lab = LabPage(context.new_page(), lab_server, tree_path=LANDING)
        lab.pw.wait_for_selector(f"{VIEWER} .myst", timeout=60_000)
        shown = lab.read_rendered(f"{VIEWER} .myst")
        problems = rendering_problems(LANDING, shown["text"], shown["problems"])
        assert not problems, "\n".join(problems)
        links = lab.pw.locator(f"{VIEWER} .myst a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        # JupyterLab resolves a relative link to the file's URL on the server: .../files/<path>
        missing = [nb for nb in NOTEBOOKS if not any(f"/files/{nb}" in (href or "") for href in links)]
        assert not missing, f"the landing page does not link {missing} (links: {links})"

        lab.pw.locator(f"{VIEWER} .myst a", has_text="Core concepts").first.click()
        panel = lab.pw.locator(".jp-NotebookPanel:visible")
        panel.wait_for(timeout=60_000)
        kernel = panel.locator(".jp-Toolbar-kernelName")
        lab.pw.wait_for_function("(el) => el.innerText.includes('actlab')", arg=kernel.element_handle(),
                                 timeout=60_000)
        assert kernel.inner_text().strip() == KERNEL
        assert lab.wait_idle("chapters/02_core_concepts.ipynb", timeout=120), "the kernel did not start"
        dialogs = lab.pw.locator(".jp-Dialog").all_inner_texts()
        assert not dialogs, f"dialogs on opening a chapter: {dialogs}"
        lab_server.shut_down("chapters/02_core_concepts.ipynb")
    finally:
        context.close()
