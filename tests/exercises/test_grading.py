"""The grader: solutions score 100 %, blanks 0, wrong answers lose exactly their questions."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from exercise_helpers import (CONFIG, MASTERS, ROOT, STUDENTS, by_question, expected_sandbox, grade_notebook, lost,
                              read, submission)

from sandgrader.grade import WRITTEN, grade
from sandgrader.notebook import load_master


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_master_scores_full_marks(master, tmp_path):
    report = grade_notebook(read(master), tmp_path, master.name)
    written = {q.name for q in load_master(master).questions if q.manual}
    expected = {r.question: WRITTEN if r.question in written else "passed" for r in report.questions}
    failing = {r.question: f"{r.status}: {r.message}" for r in report.questions if r.status != expected[r.question]}
    assert not failing and report.score == report.max_score > 0, failing
    expected_sandbox(report)


@pytest.mark.parametrize("student", STUDENTS, ids=lambda p: p.stem)
def test_blank_student_notebook_scores_zero(student, tmp_path):
    report = grade_notebook(read(student), tmp_path, student.name)
    assert report.score == 0 and report.max_score > 0
    statuses = {r.question: r.status for r in report.questions}
    assert set(statuses.values()) == {"not attempted"}, statuses


#: (exercise, {question: wrong answer}) — each submission must lose exactly these questions
WRONG = {
    "ex02_core_concepts": {
        # np.where drops NaN (relu(NaN) must be NaN)
        "q1": "def relu(x):\n    return np.where(x > 0, x, 0.0)",
        # the classic unstable softmax: exp(1000) overflows
        "q5": "def softmax(x):\n    e = np.exp(x)\n    return e / e.sum(axis=-1, keepdims=True)",
        # the catalog query with "or" instead of "and"
        "q6": "zero_centred_bounded = sorted(n for n in actlab.names()\n"
              "                              if actlab.spec(n).zero_centred or actlab.spec(n).bounded)",
    },
    "ex03_principles_and_choice": {
        # softmax for multi-label (the article's §3.2)
        "q1": 'output_activation = {"regression": "identity", "binary": "sigmoid", "multiclass": "softmax",\n'
              '                     "multilabel": "softmax"}',
        # z < 0 instead of z <= 0: a unit stuck at exactly 0 is dead too
        "q3": "def dead_units(X, W, b):\n    return np.all(X @ W + b < 0, axis=0)",
    },
    "ex04_math_derivations": {
        # naive sigmoid: overflows at x = -1000
        "q1": "def sigmoid(x):\n    return 1.0 / (1.0 + np.exp(-x))",
        # the article's diagonal-only softmax derivative
        "q4": "def softmax_jacobian(x):\n    y = anp.softmax(x)\n    return np.diag(y * (1 - y))",
        # off by sign
        "q5": "def softmax_ce_grad(z, t):\n    return t - anp.softmax(z)",
        "q6": "def silu_grad(x):\n    s = anp.sigmoid(x)\n    return s * (1.0 - x * (1.0 - s))",
        # ReLU mask on the wrong tensor
        "q7": "def relu_backward(dA, Z):\n    return dA * (dA > 0)",
    },
    "ex05_code_walkthrough": {
        # ReLU mask on the upstream gradient instead of on Z
        "q2": "def two_layer_backward(X, Z, H, W2, dY):\n"
              "    g = dY @ W2.T\n"
              "    delta1 = g * (g > 0)\n"
              '    return {"W1": X.T @ delta1, "b1": delta1.sum(axis=0), "W2": H.T @ dY, "b2": dY.sum(axis=0)}',
        # only x reshaped: y stays (100,) (the silent (100, 100) broadcast)
        "q4": "def fix_data(x, y):\n    return x.reshape(-1, 1).astype(np.float32), y.astype(np.float32)",
        "q7": "max_kinks = 3",
    },
    "ex07_tools_and_resources": {
        # forward instead of central difference
        "q3": "def central_difference(name, x, h=1e-5):\n    f = anp.get(name)\n    return (f(x + h) - f(x)) / h",
    },
}


@pytest.mark.parametrize("exercise", sorted(WRONG))
def test_wrong_answers_lose_exactly_their_questions(exercise, tmp_path):
    report = grade_notebook(submission(exercise, WRONG[exercise]), tmp_path, f"{exercise}.ipynb")
    results = by_question(report)
    assert lost(report) == set(WRONG[exercise]), {q: f"{r.status}: {r.message}" for q, r in results.items()}
    for q in WRONG[exercise]:
        assert results[q].status == "failed" and results[q].message, (q, results[q])


def test_unstable_softmax_report_says_overflow(tmp_path):
    report = grade_notebook(submission("ex02_core_concepts", {"q5": WRONG["ex02_core_concepts"]["q5"]}), tmp_path)
    assert "FloatingPointError" in by_question(report)["q5"].message


def test_grading_time_of_one_full_submission(tmp_path, capsys):
    """The largest exercise, all answers right, graded with the default number of parallel jobs."""
    master = ROOT / "exercises" / "master" / "ex04_math_derivations.ipynb"
    start = time.perf_counter()
    report = grade_notebook(read(master), tmp_path, master.name, jobs=None)
    seconds = time.perf_counter() - start
    with capsys.disabled():
        print(f"\n[grading time] {master.stem}: {len(report.questions)} questions in {seconds:.1f} s "
              f"(per question: {', '.join(f'{r.seconds:.1f}' for r in report.questions)} s)")
    assert report.score == report.max_score
    assert seconds < 120


def test_cli_prints_a_report_and_writes_json(tmp_path):
    nb = tmp_path / "mine.ipynb"
    nb.write_text(json.dumps(submission("ex01_background", {"q2": "sigmoid_grad_at_zero = 0.25"}, base="student")))
    out = subprocess.run([sys.executable, "-m", "sandgrader", str(nb), "--timeout", "20"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Total: 1/9 (11.1 %)" in out.stdout and "q7  0/2  not attempted" in out.stdout and "q2  1/1  passed" in out.stdout, out.stdout
    data = json.loads((tmp_path / "mine.grade.json").read_text())
    assert data["exercise"] == "ex01_background" and data["score"] == 1.0 and data["max_score"] == 9.0  # q3 and q7 are worth 2
    assert [q["status"] for q in data["questions"]] == ["not attempted", "passed"] + ["not attempted"] * 5


@pytest.mark.parametrize("content", ["not json at all", "[1, 2, 3]", '{"cells": 5}'])
def test_unreadable_submission_gets_an_error_report_not_a_crash(content, tmp_path):
    nb = tmp_path / "ex01_background.ipynb"
    nb.write_text(content)
    out = subprocess.run([sys.executable, "-m", "sandgrader", str(nb), "--json", str(tmp_path / "r.json")],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    data = json.loads((tmp_path / "r.json").read_text())
    assert out.returncode == 2 and data["error"] and "ERROR" in out.stdout


def test_unknown_exercise_is_reported(tmp_path):
    nb = tmp_path / "homework.ipynb"
    nb.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    report = grade(nb, config=CONFIG)
    assert "no master notebook for exercise 'homework'" in report.error


def test_a_submission_cannot_name_its_own_master(tmp_path):
    """The exercise name comes from the submission: it must not lead outside exercises/master."""
    nb = read(STUDENTS[0])
    nb["metadata"]["actlab"]["exercise"] = "../../" + str(tmp_path / "fake").lstrip("/")
    (tmp_path / "fake.ipynb").write_text(json.dumps(read(MASTERS[0])))
    path = tmp_path / "sub.ipynb"
    path.write_text(json.dumps(nb))
    report = grade(path, config=CONFIG)
    assert "is not an exercise name" in report.error and report.score == 0
