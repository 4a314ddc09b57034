"""Every chapter and student exercise notebook, worked in a real JupyterLab as a learner would.

For each notebook (a temporary copy): open it, Run All Cells, wait until the kernel is idle
(asked of the server's REST API), save, and require

- the run completed, with 0 tracebacks and 0 stderr blocks, in the page and in the saved file
  (no framework log noise), no dialog (no "trust" or kernel prompt; JupyterLab 4 asks about
  trust only on File → Trust Notebook), every cell trusted afterwards (running a cell trusts
  it), and no error in the browser console;
- every markdown cell rendered by jupyterlab-myst, with no raw MyST markup in what it shows
  (roles, directive fences, labels) and nothing it marks as unresolved (a citation or
  reference not found, a formula KaTeX cannot typeset);
- for each explorer (ipywidgets) in the notebook: moving each kind of control it has — a
  slider by keyboard and by mouse drag, a dropdown, a checkbox, a button — changes its
  figure or its numbers.

A screenshot of each notebook after Run All is kept as test-artifacts/screenshots/lab-*.png.
"""
from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import dataclass

import pytest

from jupyterlab_driver import ROOT, rendering_problems

sys.path.insert(0, str(ROOT / "lib" / "site"))
from actlab_site import glossary  # noqa: E402 - importable via the path above

NOTEBOOKS = sorted(str(p.relative_to(ROOT)) for folder in ("chapters", "exercises/student")
                   for p in (ROOT / folder).glob("*.ipynb"))
#: generous: a chapter takes about 30 s on two cores, an exercise notebook a few seconds
RUN_TIMEOUT_S = 300
#: how long a widget view may take to show the effect of a control (a kernel round trip,
#: a matplotlib figure, and on first use of "PyTorch & TensorFlow" their autograd)
CHANGE_TIMEOUT_S = 30


@dataclass(frozen=True)
class Explorer:
    """An explorer cell (found by ``call`` in its source) and the kinds of control it has."""

    call: str
    controls: tuple[str, ...]


#: kinds of control: "slider-keyboard" (focus the first visible slider's handle, press →),
#: "slider-drag" (drag that handle with the mouse), "dropdown" (choose another option of the
#: first dropdown), "checkbox" (click the first one), "button:<label>" (click it)
EXPLORERS = {
    "chapters/02_core_concepts.ipynb": [
        Explorer("gradient_flow_explorer(", ("slider-keyboard", "slider-drag", "dropdown"))],
    "chapters/04_math_derivations.ipynb": [
        Explorer("derivative_explorer(", ("slider-keyboard", "slider-drag", "checkbox", "dropdown")),
        Explorer("softmax_explorer(", ("slider-keyboard", "slider-drag", "dropdown"))],
    "chapters/05_code_walkthrough.ipynb": [
        Explorer("training_playground(", ("slider-keyboard", "slider-drag", "dropdown", "button:Train"))],
}


def _view_state(view) -> str:
    """What an explorer shows: its plot (the image's URL changes with every new PNG) and text."""
    return view.evaluate("""root => [...root.querySelectorAll('img')].map(i => i.src).join(' ')
        + ' | ' + [...root.querySelectorAll('.widget-html-content')].map(e => e.innerText).join(' | ')""")


def _act(page, view, kind: str) -> None:
    if kind.startswith("slider"):
        handle = view.locator(".widget-slider .noUi-handle:visible").first
        if kind == "slider-keyboard":
            handle.focus()
            page.keyboard.press("ArrowRight")
        else:
            box = handle.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + 60, y, steps=6)
            page.mouse.up()
    elif kind == "dropdown":
        select = view.locator(".widget-dropdown select").first
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.options[s.selectedIndex].text")
        select.select_option(label=next(o for o in reversed(options) if o != current))
    elif kind == "checkbox":
        view.locator(".widget-checkbox input[type=checkbox]").first.click()
    elif kind.startswith("button:"):
        view.locator("button", has_text=kind.split(":", 1)[1]).first.click()
    else:
        raise ValueError(f"unknown kind of control {kind!r}")


def _explorer_problems(page, widget_id: str, path: str) -> list[str]:
    cells = json.loads((ROOT / path).read_text(encoding="utf-8"))["cells"]
    problems = []
    for explorer in EXPLORERS.get(path, []):
        index = next(i for i, c in enumerate(cells) if explorer.call in "".join(c["source"]))
        view = page.cell(widget_id, index).locator(".jp-OutputArea-output .widget-vbox").first
        if not view.count():
            problems.append(f"{explorer.call}: no widget view after Run All")
            continue
        view.scroll_into_view_if_needed()
        for kind in explorer.controls:
            before = _view_state(view)
            _act(page.pw, view, kind)
            deadline = time.monotonic() + CHANGE_TIMEOUT_S
            while _view_state(view) == before and time.monotonic() < deadline:
                time.sleep(0.25)
            if _view_state(view) == before:
                problems.append(f"{explorer.call}: {kind} changed neither the figure nor the numbers")
    return problems


#: what jupyterlab-myst 2.7 logs for a ``{term}`` role: it resolves references only within one
#: document (jupyter-book/jupyterlab-myst#218), so every term of the glossary page is "not found"
#: in a chapter. The term still shows as its text (``test_appendices_in_lab`` checks that a click
#: on it is harmless); only a term the glossary does not define counts as an error.
UNRESOLVED_TERM = re.compile(r"^Cross reference target was not found: term-(?P<term>.+)$")


def _console_problems(errors: list[str]) -> list[str]:
    """The browser console's errors, less jupyterlab-myst's note on each defined glossary term."""
    defined = {term.lower() for term in glossary.terms(glossary.PAGE.read_text(encoding="utf-8"))}
    problems = []
    for error in errors:
        lines = [line for line in error.splitlines() if line.strip()]
        if lines and all((m := UNRESOLVED_TERM.match(line)) and m["term"].lower() in defined for line in lines):
            continue
        problems.append(f"browser console error: {error[:300]}")
    return problems


def _markdown_problems(cells: list[dict]) -> list[str]:
    problems = []
    for cell in cells:
        if not cell["source"].strip():
            continue
        where = f"markdown cell {cell['source'].strip().splitlines()[0][:60]!r}"
        if not cell["myst"]:
            problems.append(f"{where} not rendered by jupyterlab-myst")
        problems += rendering_problems(where, cell["text"], cell["problems"])
    return problems


@pytest.mark.timeout(RUN_TIMEOUT_S + 240)
@pytest.mark.parametrize("path", NOTEBOOKS)
def test_run_all_in_jupyterlab(lab, path, lab_report):
    errors_before = len(lab.console_errors)
    widget_id = lab.open(path)
    markdown = _markdown_problems(lab.markdown_cells(widget_id))
    result = lab.run_all(widget_id, path, timeout=RUN_TIMEOUT_S)
    lab_report.append(f"{path}: Run All {result.seconds:.1f} s")
    problems = [f"Run All did not complete within {RUN_TIMEOUT_S} s"] if not result.completed else []
    problems += [f"code cell {i} was not run in order by Run All" for i in result.unexecuted[:5]]
    problems += [f"traceback: {e}" for e in result.saved_errors]
    problems += [f"stderr output: {e}" for e in result.saved_stderr]
    problems += [f"stderr block in the page: {e}" for e in result.stderr_blocks]
    problems += [f"dialog: {d}" for d in result.dialogs]
    if result.untrusted:  # a trusted cell shows its HTML/JavaScript outputs, and saves signed
        problems.append(f"{result.untrusted} cells still untrusted after Run All")
    problems += markdown
    problems += _explorer_problems(lab, widget_id, path)
    problems += _console_problems(lab.console_errors[errors_before:])
    lab.screenshot(widget_id, "lab-" + path.replace("/", "-").removesuffix(".ipynb"))
    lab.close(widget_id, path)
    assert not problems, f"{path} in JupyterLab:\n  " + "\n  ".join(problems)


def test_console_filter_forgives_only_defined_glossary_terms():
    assert _console_problems(["Cross reference target was not found: term-saturation\n"
                              "Cross reference target was not found: term-dead unit"]) == []
    assert _console_problems(["Cross reference target was not found: term-jacobian"]) == []  # ids are lower case
    assert _console_problems(["Cross reference target was not found: term-no such term"])
    assert _console_problems(["Cross reference target was not found: term-saturation\nTypeError: x is undefined"])
    assert _console_problems(["Cross reference target was not found: fig-loss"])
