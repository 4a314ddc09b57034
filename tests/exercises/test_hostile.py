"""Submissions that attack the grader: each attack costs its own question, and the report says why.

The grader runs in this very pytest process, so an attack that escaped its sandbox (killing
the parent, rewriting files) would fail or end the test session itself. Only the attacks that
only the seccomp filter stops (killing the grader, forking, writing files) need it: where it
cannot apply they are skipped, saying which and why; the others run everywhere.
"""
from __future__ import annotations

import pytest
import json

from exercise_helpers import (CONFIG, HOSTILE_LIMITS, by_question, cell_role, expected_sandbox, grade_notebook,
                              landlock_unavailable, seccomp_unavailable, submission)

CORRECT_SOFTMAX = """
def softmax(x):
    z = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)
"""

#: exercise → question → (answer code, expected status, words the report's message must contain)
ATTACKS = {
    "ex01_background": {
        "q1": ("while True:\n    pass", "timeout", "time limit"),
        "q2": ("hog = []\nwhile True:\n    hog.append(np.zeros(2 ** 24))", "memory", "MemoryError"),
        "q3": ('print("x" * 50_000_000)\ndef sigmoid_grad(x):\n    e = np.exp(-np.abs(x))\n    return e / (1 + e) ** 2',
               "output", "output limit"),
        "q4": ("import sys\nsys.exit(0)\ndef gradient_bound(L):\n    return 0.25 ** L", "error", "SystemExit"),
        "q5": ("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nlayers_for_one_in_a_million = 10",
               "error", "PermissionError"),
        # a wrong answer, with every check helper replaced or deleted: still wrong
        "q6": ("import numpy, actlab.grading\n"
               "numpy.allclose = lambda *a, **k: True\n"
               "numpy.testing.assert_allclose = lambda *a, **k: None\n"
               "actlab.grading.assert_close = lambda *a, **k: None\n"
               "actlab.grading.public_check = None\n"
               "del public_check, assert_close\n"
               "grader = check = None\n"
               "AssertionError = Exception\n"
               'where_sigmoid_grad_vanishes = "A"', "failed", "hidden test"),
    },
    "ex02_core_concepts": {
        "q1": ("import os\nos._exit(3)", "exited", "status 3"),
        "q2": ("import os\nwhile True:\n    os.fork()", "error", "PermissionError"),
        "q3": ("import os\nopen(CANARY, 'w').write('overwritten')\nos.remove(CANARY)", "error", "PermissionError"),
        "q4": ("def tanh_via_sigmoid(x):\n    while True:\n        pass", "timeout", "limit"),
        # right answer, grader helpers vandalised: still right
        "q5": (CORRECT_SOFTMAX + "import actlab.grading as g\ng.assert_close = g.strict_call = None\n"
               "del public_check\nimport numpy\nnumpy.allclose = None", "passed", "all tests passed"),
        # an object that claims to equal anything arrives as an opaque stand-in
        "q6": ("class Always:\n    def __eq__(self, other):\n        return True\n"
               "zero_centred_bounded = Always()", "failed", "check failed"),
    },
    "ex04_math_derivations": {
        "q1": ('raise ValueError("I give up")', "error", "ValueError: I give up"),
        "q2": ('def softplus(x):\n    raise ValueError("not today")', "failed", "ValueError: not today"),
        "q3": ("def log_softmax(x):\n    return log_softmax(x)", "failed", "RecursionError"),
        "q4": ("def softmax_jacobian(x):\n    return np.ones((20000, 20000))", "memory", "MemoryError"),
        "q5": ("def softmax_ce_grad(z, t):\n    return np.zeros(10 ** 7)", "failed", "exceeds"),
        "q6": ("import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\n"
               "def silu_grad(x):\n    while True:\n        pass", "timeout", "limit"),
        # junk on every file descriptor it can write to, the grader's reply channel included
        "q7": ("import os\nfor fd in range(3, 64):\n    try:\n        os.write(fd, b'\\xff\\xff\\xff\\xffjunk')\n"
               "    except OSError:\n        pass\n"
               "def relu_backward(dA, Z):\n    return dA * (Z > 0)", "crashed", "channel"),
    },
}


#: the attacks that only the seccomp filter stops: (exercise, question)
NEED_SECCOMP = {("ex01_background", "q5"), ("ex02_core_concepts", "q2"), ("ex02_core_concepts", "q3")}


@pytest.mark.parametrize("exercise, with_seccomp", [
    pytest.param(exercise, kind, id=f"{exercise}-{'seccomp' if kind else 'rlimits'}")
    for exercise in sorted(ATTACKS) for kind in (False, True)
    if any(((exercise, q) in NEED_SECCOMP) == kind for q in ATTACKS[exercise])])
def test_attacks_cost_only_their_question(exercise, with_seccomp, tmp_path):
    attacks = {q: a for q, a in ATTACKS[exercise].items() if ((exercise, q) in NEED_SECCOMP) == with_seccomp}
    if with_seccomp and seccomp_unavailable():
        pytest.skip(f"not tested here: {', '.join(f'{exercise} {q} ({a[1]})' for q, a in attacks.items())}, "
                    f"because {seccomp_unavailable()}")
    canary = tmp_path / "canary.txt"
    canary.write_text("intact")
    answers = {q: code.replace("CANARY", repr(str(canary))) for q, (code, _, _) in attacks.items()}
    nb = submission(exercise, answers)
    if exercise == "ex02_core_concepts":  # the student also deleted every check cell
        nb["cells"] = [c for c in nb["cells"] if cell_role(c)[0] != "check"]
    report = grade_notebook(nb, tmp_path, f"{exercise}.ipynb", limits=HOSTILE_LIMITS, jobs=3)
    results = by_question(report)
    summary = {q: f"{r.status}: {r.message}" for q, r in results.items()}
    for q, (_, status, words) in attacks.items():
        assert results[q].status == status, summary
        assert words in results[q].message, summary
        assert results[q].points == (results[q].max_points if status == "passed" else 0)
    assert canary.read_text() == "intact"
    # the questions not attacked keep the master's (right) answers and their points
    assert report.score == sum(r.max_points for q, r in results.items() if q not in attacks or attacks[q][1] == "passed")
    expected_sandbox(report)
    # the output of the 50 MB print is capped in the report
    assert all(len(r.output) < 3000 for r in report.questions)


def test_output_excerpt_is_kept(tmp_path):
    nb = submission("ex01_background", {"q2": 'print("hello from q2")\nsigmoid_grad_at_zero = 0.25'})
    report = grade_notebook(nb, tmp_path, limits=HOSTILE_LIMITS)
    assert by_question(report)["q2"].output == "hello from q2\n"
    assert by_question(report)["q2"].status == "passed"
    expected_sandbox(report)


#: an answer that copies q2's answer cell out of another notebook: the master, or a classmate's submission
COPY_ANSWER = """
import json
for cell in json.load(open(SOURCE))["cells"]:
    if "sigmoid_grad_at_zero = 0.25" in "".join(cell["source"]):
        exec("".join(cell["source"]))
"""
#: an answer that reads a file outside the repository (the instructor's home, say)
READ_SECRET = "sigmoid_grad_at_zero = float(open(SOURCE).read())"


def _read_attacks(tmp_path) -> dict[str, tuple[str, str]]:
    """Attack name → (answer code for ex01 q2, the file it reads), the files laid out in ``tmp_path``."""
    classmate = tmp_path / "submissions" / "classmate.ipynb"
    classmate.parent.mkdir()
    classmate.write_text(json.dumps(submission("ex01_background", {})))
    secret = tmp_path / "home" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("0.25")
    return {"master": (COPY_ANSWER, str(CONFIG.masters / "ex01_background.ipynb")),
            "other submission": (COPY_ANSWER, str(classmate)),
            "file outside the repository": (READ_SECRET, str(secret))}


@pytest.mark.parametrize("attack", ["master", "other submission", "file outside the repository"])
def test_answers_cannot_read_what_the_question_does_not_need(attack, tmp_path):
    if landlock_unavailable():
        pytest.skip(f"no filesystem view here: {landlock_unavailable()}")
    code, source = _read_attacks(tmp_path)[attack]
    nb = submission("ex01_background", {"q2": code.replace("SOURCE", repr(source))})
    report = grade_notebook(nb, tmp_path / "submissions")
    q2 = by_question(report)["q2"]
    assert (q2.status, q2.points) == ("error", 0), q2
    assert "PermissionError" in q2.message, q2.message
    assert report.score == report.max_score - q2.max_points  # the other answers still read what they need
    expected_sandbox(report)


@pytest.mark.parametrize("attack", ["master", "other submission", "file outside the repository"])
def test_without_the_filesystem_view_the_same_reads_succeed(attack, tmp_path):
    """The attacks above are real: with the Landlock view switched off, each one scores q2."""
    code, source = _read_attacks(tmp_path)[attack]
    nb = submission("ex01_background", {"q2": code.replace("SOURCE", repr(source))})
    report = grade_notebook(nb, tmp_path / "submissions", confine_files=False)
    assert by_question(report)["q2"].status == "passed", by_question(report)["q2"]
    assert report.score == report.max_score
    expected_sandbox(report, confine_files=False)
