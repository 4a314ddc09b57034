"""A graded class end to end: the student release (no masters, no hidden tests), five submissions
made from it, the folder graded into one gradebook.

``make release`` and ``make grade NB=folder`` run the two commands used here
(``python -m sandgrader.release OUT``, ``python -m sandgrader FOLDER``).
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest
from exercise_helpers import CONFIG, MASTERS, ROOT, STUDENTS, cell_role, read

from sandgrader import release
from sandgrader.notebook import load_master

EXERCISE = "ex01_background"
#: plausible mistakes on ex01's questions
WRONG = {
    "q1": "def collapse_linear(W1, b1, W2, b2):\n    return W1 @ W2, b2",
    "q2": "sigmoid_grad_at_zero = 0.5",
    "q3": "def sigmoid_grad(x):\n    s = 1 / (1 + np.exp(-x))\n    return s * (1 - s)",
    "q4": "def gradient_bound(L):\n    return 0.25 * L",
    "q5": "layers_for_one_in_a_million = 6",
}


def _run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def student_release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release") / "student-release"
    run = _run("-m", "sandgrader.release", str(out))
    assert run.returncode == 0, run.stderr
    return out


def test_release_holds_what_students_need_and_nothing_hidden(student_release):
    files = {p.relative_to(student_release).as_posix() for p in student_release.rglob("*") if p.is_file()}
    students = {p.relative_to(ROOT).as_posix() for p in STUDENTS}
    assert students <= files
    assert {"README.md", "pyproject.toml", "constraints.txt", "lib/actlab/grading/__init__.py"} <= files
    assert not [f for f in files if "master" in f or f.startswith("tests/") or f.endswith(".grade.json")], files
    assert "exercises/student/" in (student_release / "README.md").read_text()
    # the students' notebooks are exactly the committed ones
    for path in STUDENTS:
        assert (student_release / path.relative_to(ROOT)).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_no_solution_or_hidden_test_line_in_the_release(student_release, master):
    secrets = release.secret_lines(master)
    assert len(secrets) >= 5, f"{master.name}: too few secret lines found ({len(secrets)}): has the format changed?"
    found, _ = release.leaks(student_release, CONFIG)
    assert found == []
    text = "\n".join(release.notebook_text(p) for p in student_release.rglob("*.ipynb"))
    public = {line.strip() for line in release.notebook_text(CONFIG.students / master.name).splitlines()}
    assert not [line for line in secrets - public if line in text]


def test_the_leak_check_catches_a_master_in_the_release(student_release, tmp_path):
    """The check can fail: a release with a master copied in is refused, naming the file."""
    copy = tmp_path / "leaky"
    shutil.copytree(student_release, copy)
    shutil.copy(MASTERS[0], copy / "exercises" / "student" / "answers.ipynb")
    found, _ = release.leaks(copy, CONFIG)
    assert any(f.startswith("exercises/student/answers.ipynb: ") for f in found), found
    assert any("marker 'BEGIN SOLUTION'" in f for f in found), found


def _answer(code: str) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": code}


def _submission(student_release, answers: dict[str, str]) -> dict:
    """The released notebook of EXERCISE with the answer cells of ``answers`` replaced."""
    nb = read(student_release / "exercises" / "student" / f"{EXERCISE}.ipynb")
    for cell in nb["cells"]:
        role, question = cell_role(cell)
        if role == "answer" and question in answers:
            cell["source"] = answers[question]
    return nb


def test_a_graded_class(student_release, tmp_path):
    master_answers = {q: "".join(c["source"]) for c in read(CONFIG.masters / f"{EXERCISE}.ipynb")["cells"]
                      for role, q in [cell_role(c)] if role == "answer"}
    right = dict(master_answers)
    cohort = {  # student → (answers, the questions they should score)
        "empty": ({}, set()),
        "perfect": (right, set(right)),
        "alice": ({**right, **{q: WRONG[q] for q in ("q1", "q3")}}, set(right) - {"q1", "q3"}),
        "bob": ({q: right[q] for q in ("q2", "q4")} | {"q5": WRONG["q5"]}, {"q2", "q4"}),
        # carol copies q6 from the master; the sandbox cannot see it (where Landlock applies)
        "carol": ({**{q: WRONG[q] for q in ("q2", "q4")}, "q1": right["q1"],
                   "q6": f"import json\nnb = json.load(open({str(CONFIG.masters / (EXERCISE + '.ipynb'))!r}))\n"
                         "where_sigmoid_grad_vanishes = 'B' if nb else 'A'"}, {"q1"}),
    }
    folder = tmp_path / "class"
    for name, (answers, _) in cohort.items():
        path = folder / name / f"{EXERCISE}.ipynb"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(_submission(student_release, answers)))
    (folder / "alice" / ".ipynb_checkpoints").mkdir()
    (folder / "alice" / ".ipynb_checkpoints" / f"{EXERCISE}-checkpoint.ipynb").write_text("{}")
    run = _run("-m", "sandgrader", str(folder), "--timeout", "30")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Gradebook of 5 submissions" in run.stdout and "Protection: rlimits" in run.stdout, run.stdout
    with (folder / "gradebook.csv").open() as stream:
        rows = {row["submission"].split("/")[0]: row for row in csv.DictReader(stream)}
    points = {q.name: q.points for q in load_master(CONFIG.masters / f"{EXERCISE}.ipynb").questions}
    questions = list(points)
    assert set(rows) == set(cohort) and max(points.values()) > 1, points  # weighted questions score their points
    assert list(next(iter(rows.values())))[5:5 + len(questions)] == [f"{EXERCISE}:{q}" for q in questions]
    book = json.loads((folder / "gradebook.json").read_text())
    carol_lacks_landlock = any(item.startswith("landlock") for item in book["reports"][0]["lacking"])
    for name, (_, scored) in cohort.items():
        if name == "carol" and carol_lacks_landlock:
            scored = scored | {"q6"}  # without the filesystem view the copy works: the report says so
        got = {q for q in questions if float(rows[name][f"{EXERCISE}:{q}"]) == points[q]}
        assert got == scored, (name, rows[name])
        assert all(float(rows[name][f"{EXERCISE}:{q}"]) == 0 for q in set(questions) - scored), (name, rows[name])
        assert float(rows[name]["score"]) == sum(points[q] for q in scored)
        assert float(rows[name]["max_score"]) == sum(points.values())
    assert "q1 not attempted" in rows["empty"]["problems"] and rows["perfect"]["problems"] == ""
    assert "q6 error" in rows["carol"]["problems"] or carol_lacks_landlock
    assert len(book["reports"]) == 5 and book["columns"][0] == "submission"
