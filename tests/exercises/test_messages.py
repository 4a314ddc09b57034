"""Messages that teach: what was tried, expected beside actual, NaN by position, and the notebook's
own check agreeing with the grader about answers that borrow from another cell."""
from __future__ import annotations

import ast
import json

import numpy as np
import pytest
from exercise_helpers import MASTERS, by_question, cell_role, grade_notebook, read, submission

from actlab.grading import assert_close, public_check
from actlab.grading.isolation import borrowed_names
from sandgrader.notebook import load_master

SETUP = "import numpy as np\nfrom actlab.grading import public_check"


def _message(actual, expected, **kw) -> str:
    with pytest.raises(AssertionError) as err:
        assert_close(actual, expected, **kw)
    return str(err.value)


def test_small_arrays_show_expected_beside_actual():
    text = _message(np.array([0.5, 0.3]), np.array([0.5, 0.25]), what="softmax([0, log 3])")
    head, table = text.split("\n", 1)
    assert head.startswith("softmax([0, log 3]): 1 of 2 values differ") and "max abs error 0.05" in head
    assert "expected" in table and "actual" in table
    row = [line for line in table.splitlines() if line.strip().startswith("[1]")][0]
    assert "0.25" in row and "0.3" in row and "differs" in row


def test_nan_and_inf_mismatches_are_named_by_position():
    text = _message(np.array([1.0, np.nan, np.inf]), np.array([1.0, 0.5, 2.0]))
    assert "NaN or inf out of place at [1] (expected 0.5, got nan), [2] (expected 2, got inf)" in text
    assert "max abs error 0" not in text


def test_large_arrays_list_the_first_differences():
    actual = np.arange(100.0)
    actual[[3, 50]] += 1
    text = _message(actual, np.arange(100.0))
    assert "2 of 100 values differ" in text and "[3]" in text and "[50]" in text and "[0]" not in text


def test_a_failed_check_prints_the_whole_message(capsys):
    with public_check("q9"):
        assert_close(np.array([1.0, 2.0]), np.array([1.0, 3.0]), what="f([1, 2])")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("q9: public check failed — AssertionError: f([1, 2]): 1 of 2 values differ")
    assert len(out) == 4 and "differs" in out[-1]


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_public_checks_say_what_they_tried(master):
    """No bare assert, and every assert_close names its quantity and input (``what="f(x)"``)."""
    for q in (q for q in load_master(master).questions if not q.manual):  # a written answer has no check
        tree = ast.parse(q.tests[0].source)
        bare = [ast.unparse(a) for a in ast.walk(tree) if isinstance(a, ast.Assert) and a.msg is None]
        whats = {ast.unparse(c): [k.value for k in c.keywords if k.arg == "what"] for c in ast.walk(tree)
                 if isinstance(c, ast.Call) and getattr(c.func, "id", None) == "assert_close"}
        # the quantity with its input: a call, "f(x) for ...", not a bare variable name
        unnamed = [call for call, what in whats.items()
                   if not what or (isinstance(what[0], ast.Constant) and "(" not in what[0].value)]
        assert not bare and not unnamed, f"{master.stem} {q.name}: {bare + unnamed}"


def test_borrowed_names_are_found_in_the_kernel_history():
    check = 'with public_check("q2"):\n    assert f(1) == 1'
    q1 = ["", SETUP, "def helper(x):\n    return x", 'with public_check("q1"):\n    assert helper(1) == 1']
    assert borrowed_names([*q1, "def f(x):\n    return helper(np.abs(x))"], check) == [("helper", 2)]
    # a helper in a cell of its own (inserted below the answer) or from the setup passes, as when graded
    assert borrowed_names(["", SETUP, "def f(x):\n    return helper(x)", "def helper(x):\n    return x"], check) == []
    assert borrowed_names(["", SETUP, "data = 3", "v = data * 0.25"], 'with public_check("q2", v):\n    assert v') == []


def test_the_notebook_check_and_the_grader_agree_on_a_borrowed_helper(tmp_path):
    """q3 uses a helper from q1's answer cell: the check cell says so, and the grader fails q3."""
    import nbformat
    from nbclient import NotebookClient

    answers = {"q1": "def helper(v):\n    return np.exp(-np.abs(v))\n\n"
                     "def collapse_linear(W1, b1, W2, b2):\n    return W1 @ W2, b1 @ W2 + b2",
               "q3": "def sigmoid_grad(x):\n    e = helper(x)\n    return e / (1.0 + e) ** 2"}
    nb = submission("ex01_background", answers, base="student")
    path = tmp_path / "borrow.ipynb"
    path.write_text(json.dumps(nb))
    executed = NotebookClient(nbformat.read(path, as_version=4), kernel_name="python3", timeout=120,
                              resources={"metadata": {"path": str(tmp_path)}}).execute()
    checks = {cell_role(c)[1]: "".join(o.get("text", "") for o in c.outputs)
              for c in executed.cells if cell_role(c)[0] == "check"}
    assert checks["q1"].startswith("q1: public checks passed"), checks
    assert checks["q3"].startswith("q3: public check failed — the answer uses `helper`"), checks
    report = grade_notebook(read(path), tmp_path, "graded.ipynb")
    assert by_question(report)["q3"].status == "failed" and "helper" in by_question(report)["q3"].message
