"""Points by difficulty and written answers "for the instructor" (Otter's manual questions).

A tiny master (one auto-graded question worth 3 points, one written worth 2) keeps these fast;
``test_grading.py`` and ``test_release.py`` grade the course's own weighted and written questions.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import nbformat
import pytest
from exercise_helpers import CONFIG, LIMITS, ROOT, STUDENTS, cell_role, read

from sandgrader.grade import WRITTEN, grade
from sandgrader.notebook import NotebookError, answer_cells, load_master

ANSWER = "Because a dead unit's gradient is exactly zero."


def _master(points="3", manual_solution=None) -> nbformat.NotebookNode:
    raw, md, code = nbformat.v4.new_raw_cell, nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    solution = manual_solution or md("*Model answer.* The gradient through ReLU is 0 where z <= 0.")
    return nbformat.v4.new_notebook(cells=[
        raw("# ASSIGNMENT CONFIG\ninit_cell: false\ncheck_all_cell: false\nexport_cell: false\n"
            "run_tests: false\ngenerate: false"),
        code("from actlab.grading import public_check"),
        raw(f"# BEGIN QUESTION\nname: q1\npoints: {points}"), md("## q1\nStore 2."),
        raw("# BEGIN SOLUTION"), code("two = 2  # SOLUTION"), raw("# END SOLUTION"),
        code('with public_check("q1", two):\n    assert isinstance(two, int), f"got {two!r}"'),
        raw("# BEGIN TESTS"), code('""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\nassert two == 2'),
        raw("# END TESTS"), raw("# END QUESTION"),
        raw("# BEGIN QUESTION\nname: q2\npoints: 2\nmanual: true"), md("## q2\nWhy can a dead unit not recover?"),
        raw("# BEGIN SOLUTION"), solution, raw("# END SOLUTION"), raw("# END QUESTION"),
    ])


def _submission(tmp_path, written: str, two: str = "two = 2", name: str = "ex99_tiny.ipynb"):
    """A submission of the tiny exercise, its answer cells marked as ``sandgrader.assign`` marks them."""
    master = tmp_path / "masters" / "ex99_tiny.ipynb"
    if not master.exists():
        master.parent.mkdir(parents=True)
        nbformat.write(_master(), master)
    key = CONFIG.metadata_key
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(two, metadata={key: {"role": "answer", "question": "q1"}}),
        nbformat.v4.new_markdown_cell(written, metadata={key: {"role": "answer", "question": "q2"}}),
    ], metadata={key: {"exercise": "ex99_tiny"}})
    path = tmp_path / "class" / name
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_points_and_the_written_question_are_read_from_the_master(tmp_path):
    nbformat.write(_master(), tmp_path / "ex99_tiny.ipynb")
    ex = load_master(tmp_path / "ex99_tiny.ipynb")
    assert [(q.name, q.points, q.manual) for q in ex.questions] == [("q1", 3.0, False), ("q2", 2.0, True)]
    assert ex.max_score == 3.0 and ex.manual_points == 2.0


@pytest.mark.parametrize("points", ["0", "-1", "two", "true"])
def test_points_must_be_a_positive_number(points, tmp_path):
    nbformat.write(_master(points=points), tmp_path / "bad.ipynb")
    with pytest.raises(NotebookError, match="points must be a positive number"):
        load_master(tmp_path / "bad.ipynb")


def test_a_written_question_is_answered_in_markdown(tmp_path):
    nbformat.write(_master(manual_solution=nbformat.v4.new_code_cell("answer = 1")), tmp_path / "bad.ipynb")
    with pytest.raises(NotebookError, match="its answer is a Markdown cell"):
        load_master(tmp_path / "bad.ipynb")


def test_the_written_answer_goes_to_the_instructor_unscored(tmp_path):
    path = _submission(tmp_path, ANSWER)
    report = grade(path, config=CONFIG, limits=LIMITS, masters=tmp_path / "masters")
    q1, q2 = report.questions
    assert (q1.status, q1.points, q1.max_points) == ("passed", 3.0, 3.0)
    assert (q2.status, q2.points, q2.max_points, q2.message) == (WRITTEN, 0.0, 2.0, ANSWER)
    assert (report.score, report.max_score, report.manual_points) == (3.0, 3.0, 2.0)


@pytest.mark.parametrize("text", ["_Type your answer here, replacing this text._", "  \n"])
def test_an_unanswered_written_question_is_not_attempted(text, tmp_path):
    report = grade(_submission(tmp_path, text), config=CONFIG, limits=LIMITS, masters=tmp_path / "masters")
    assert report.questions[1].status == "not attempted" and report.questions[1].points == 0


def test_the_report_and_the_gradebook_show_it_for_the_instructor(tmp_path):
    _submission(tmp_path, ANSWER, name="alice.ipynb")
    _submission(tmp_path, "_Type your answer here, replacing this text._", two="two = 3", name="bob.ipynb")
    run = subprocess.run([sys.executable, "-m", "sandgrader", str(tmp_path / "class"), "--masters",
                          str(tmp_path / "masters"), "--timeout", "20"], capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    with (tmp_path / "class" / "gradebook.csv").open() as stream:
        rows = {row["submission"]: row for row in csv.DictReader(stream)}
    alice, bob = rows["alice.ipynb"], rows["bob.ipynb"]
    assert (alice["score"], alice["max_score"], alice["ex99_tiny:q1"], alice["ex99_tiny:q2"]) == ("3.0", "3.0", "3.0", "")
    assert alice["for_instructor"] == "q2 (2 points)" and alice["problems"] == ""
    assert bob["score"] == "0.0" and bob["for_instructor"] == "" and bob["problems"] == "q1 failed; q2 not attempted"
    book = json.loads((tmp_path / "class" / "gradebook.json").read_text())
    written = [q for r in book["reports"] for q in r["questions"] if q["status"] == WRITTEN]
    assert [q["message"] for q in written] == [ANSWER]
    one = subprocess.run([sys.executable, "-m", "sandgrader", str(tmp_path / "class" / "alice.ipynb"), "--masters",
                          str(tmp_path / "masters"), "--timeout", "20"], capture_output=True, text=True, cwd=ROOT,
                         timeout=300)
    assert "q2  ?/2  for the instructor" in one.stdout, one.stdout
    assert "Total: 3/3 (100.0 %); written answers for the instructor: 2 points" in one.stdout, one.stdout


def test_the_student_notebooks_mark_their_written_answer_cells():
    """Otter writes a written question's answer cell anew; ``sandgrader.assign`` marks it for the grader."""
    found: set[str] = set()
    for path in STUDENTS:
        written = {q.name for q in load_master(CONFIG.masters / path.name).questions if q.manual}
        nb = read(path)
        marked = {q for c in nb["cells"] if c["cell_type"] == "markdown" for role, q in [cell_role(c)]
                  if role == "answer"}
        assert marked == written, (path.name, marked, written)
        assert set(answer_cells(nb, CONFIG.metadata_key)) >= written
        assert "BEGIN QUESTION" not in json.dumps(nb)
        found |= {f"{path.stem}:{q}" for q in written}
    assert len(found) >= 3, found
