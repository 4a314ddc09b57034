"""Masters → student notebooks: in sync, one per chapter, and nothing hidden leaks."""
from __future__ import annotations

import re

import pytest
from exercise_helpers import CONFIG, MASTERS, ROOT, STUDENTS, cell_role, read

from sandgrader import assign, release
from sandgrader.notebook import load_master

CHAPTERS = ["01_background", "02_core_concepts", "03_principles_and_choice", "04_math_derivations",
            "05_code_walkthrough", "06_applications", "06b_modern_architectures", "07_tools_and_resources",
            "08_summary"]


def test_one_exercise_per_chapter_and_enough_questions():
    assert [p.stem for p in MASTERS] == [f"ex{c}" for c in CHAPTERS]
    assert [p.name for p in STUDENTS] == [p.name for p in MASTERS]
    counts = {p.stem: len(load_master(p).questions) for p in MASTERS}
    assert all(n >= 4 for n in counts.values()), counts
    assert sum(counts.values()) >= 30, counts


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_committed_notebooks_are_what_the_master_generates(master):
    """Regenerate with otter assign (in memory) and compare sources and metadata."""
    assert assign.out_of_date(master, CONFIG) == [], \
        "run `.venv/bin/python -m sandgrader.assign` and commit exercises/master and exercises/student"


def test_student_folder_holds_only_student_notebooks():
    files = sorted(p.relative_to(ROOT).as_posix() for p in CONFIG.students.rglob("*") if p.is_file())
    assert files == [p.relative_to(ROOT).as_posix() for p in STUDENTS], "no tests or grading assets under exercises/student"


@pytest.mark.parametrize("student", STUDENTS, ids=lambda p: p.stem)
def test_student_notebook_reveals_no_solution_or_hidden_test(student):
    text = release.notebook_text(student)
    leaked = [line for line in release.secret_lines(CONFIG.masters / student.name) if line in text]
    assert not leaked, f"solution or hidden-test lines in {student.name}: {leaked}"
    assert not re.search(r"BEGIN (SOLUTION|TESTS|TEST CONFIG|PROMPT)|ASSIGNMENT CONFIG", text)


@pytest.mark.parametrize("student", STUDENTS, ids=lambda p: p.stem)
def test_blank_student_notebook_is_executed_and_not_attempted(student):
    """Stored outputs: every check cell says 'not attempted yet', nothing raised."""
    for cell in read(student)["cells"]:
        if cell["cell_type"] != "code":
            continue
        assert cell.get("execution_count") is not None, f"{student.name}: unexecuted cell"
        assert all(o["output_type"] != "error" for o in cell["outputs"]), f"{student.name}: error output"
        role, question = cell_role(cell)
        if role == "check":
            text = "".join("".join(o.get("text", "")) for o in cell["outputs"])
            assert text == f"{question}: not attempted yet\n", f"{student.name} {question}: {text!r}"


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_master_public_checks_pass(master):
    for cell in read(master)["cells"]:
        role, question = cell_role(cell)
        if role == "check":
            text = "".join("".join(o.get("text", "")) for o in cell["outputs"])
            assert text.startswith(f"{question}: public checks passed"), f"{master.name} {question}: {text!r}"
