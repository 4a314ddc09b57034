"""The exercise loop in JupyterLab: answer, check, fix, save, grade.

On a copy of a student notebook, as a student would with the keyboard: Run All (every check
says "not attempted yet"), type a wrong answer into question 2's answer cell and run it and
its check cell (the check names what was wrong), type the right answer and run them again
("passed"), save from JupyterLab, and grade the saved file with ``make grade NB=…``: the
report gives that question its point and no other.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from jupyterlab_driver import ROOT

STUDENT = ROOT / "exercises" / "student" / "ex01_background.ipynb"
QUESTION = "q2"  # σ'(0): one line to type
WRONG, RIGHT = "sigmoid_grad_at_zero = -1", "sigmoid_grad_at_zero = 0.25"
WRONG_MESSAGE = "q2: public check failed — AssertionError: a derivative of the sigmoid lies in (0, 1]"
RIGHT_MESSAGE = "q2: public checks passed"


def _cell_of(cells: list[dict], role: str) -> int:
    return next(i for i, c in enumerate(cells)
                if c.get("metadata", {}).get("actlab") == {"question": QUESTION, "role": role})


def _answer_and_check(lab, widget_id: str, path: str, answer_cell: int, check_cell: int, text: str) -> str:
    """Type ``text`` as the answer, run the answer and check cells (Shift+Enter twice); the check's output."""
    editor = lab.cell(widget_id, answer_cell).locator(".jp-InputArea-editor .cm-content")
    editor.click()
    lab.pw.keyboard.press("Control+A")
    lab.pw.keyboard.type(text)
    lab.pw.keyboard.press("Shift+Enter")
    lab.pw.keyboard.press("Shift+Enter")
    assert lab.wait_idle(path, timeout=60), "the kernel did not go idle after running the check"
    return lab.cell(widget_id, check_cell).locator(".jp-OutputArea-output").inner_text().strip()


@pytest.mark.timeout(300)
def test_answer_check_save_and_grade(lab, lab_server):
    path = "my-work/ex01_background.ipynb"  # a student works in a copy
    (lab_server.root / path).parent.mkdir(exist_ok=True)
    (lab_server.root / path).write_bytes(STUDENT.read_bytes())
    cells = json.loads(STUDENT.read_text(encoding="utf-8"))["cells"]
    answer_cell, check_cell = _cell_of(cells, "answer"), _cell_of(cells, "check")

    widget_id = lab.open(path)
    result = lab.run_all(widget_id, path, timeout=120)
    assert result.completed and not result.saved_errors, f"Run All of the blank notebook: {result}"
    assert lab.cell(widget_id, check_cell).locator(".jp-OutputArea-output").inner_text().strip() \
        == "q2: not attempted yet"

    shown = _answer_and_check(lab, widget_id, path, answer_cell, check_cell, WRONG)
    assert shown == WRONG_MESSAGE, f"after a wrong answer the check cell shows {shown!r}"
    shown = _answer_and_check(lab, widget_id, path, answer_cell, check_cell, RIGHT)
    assert shown.startswith(RIGHT_MESSAGE), f"after the right answer the check cell shows {shown!r}"

    lab.pw.keyboard.press("Control+S")
    lab.pw.wait_for_function(
        "(id) => ![...window.jupyterapp.shell.widgets('main')].find(w => w.id === id).context.model.dirty",
        arg=widget_id, timeout=30_000)
    lab.close(widget_id, path)
    saved = json.loads((lab_server.root / path).read_text(encoding="utf-8"))["cells"]
    assert "".join(saved[answer_cell]["source"]) == RIGHT, "the saved notebook lacks the typed answer"

    graded = subprocess.run(["make", "--no-print-directory", "grade", f"NB={lab_server.root / path}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    report = json.loads((lab_server.root / path).with_suffix(".grade.json").read_text())
    points = {q["question"]: q["points"] for q in report["questions"]}
    assert points[QUESTION] == 1.0 and report["score"] == 1.0, graded.stdout
    assert f"Total: 1/{report['max_score']:g}" in graded.stdout, graded.stdout
