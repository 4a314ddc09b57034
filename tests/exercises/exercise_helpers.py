"""Shared helpers: the exercise notebooks, short grading limits, submissions built from masters."""
from __future__ import annotations

import copy
import functools
import json
import subprocess
import sys
from pathlib import Path

from sandgrader import config, landlock, notebook, seccomp
from sandgrader.grade import WRITTEN, Report, grade
from sandgrader.runner import GiB, Limits

ROOT = Path(__file__).resolve().parents[2]
#: this course's grading configuration ([tool.sandgrader] in pyproject.toml)
CONFIG = config.load(ROOT / "pyproject.toml")
MASTERS = sorted(CONFIG.masters.glob("*.ipynb"))
STUDENTS = sorted(CONFIG.students.glob("*.ipynb"))
#: short limits so that the hostile cases cost seconds, roomy enough for a loaded CI machine
#: (3 GiB of address space: importing PyTorch alone maps about 2 GiB)
LIMITS = Limits(wall=20.0, cpu=15.0, memory=3 * GiB, output=2 ** 20)
HOSTILE_LIMITS = Limits(wall=5.0, cpu=5.0, memory=1 * GiB, output=2 ** 20)


def _probe(reason: str | None, code: str, what: str) -> str | None:
    """``reason`` if the platform lacks the protection, else why a process here cannot put it up (``None``: it can)."""
    if reason:
        return reason
    run = subprocess.run([sys.executable, "-c", code], timeout=60, capture_output=True, text=True)
    return None if run.returncode == 0 else f"the kernel refused {what}: {run.stderr.strip()[-300:]}"


@functools.cache
def seccomp_unavailable() -> str | None:
    """Why this machine does not let a process install the grader's seccomp filter (``None``: it does)."""
    return _probe(seccomp.unavailable_reason(), "from sandgrader import seccomp; seccomp.install()",
                  "the seccomp filter")


@functools.cache
def landlock_unavailable() -> str | None:
    """Why this machine does not let a process confine its file access with Landlock (``None``: it does)."""
    return _probe(landlock.unavailable_reason(), "from sandgrader import landlock; landlock.restrict(['/usr'])",
                  "a Landlock ruleset")


def seccomp_works() -> bool:
    return seccomp_unavailable() is None


def expected_sandbox(report: Report, confine_files: bool = True) -> None:
    """Each protection is in the report's ``sandbox`` where it works here, else in ``lacking`` with a note."""
    works = {"seccomp": seccomp_works(), "landlock": confine_files and landlock_unavailable() is None}
    assert report.sandbox.startswith("rlimits"), report.sandbox
    for name, ok in works.items():
        assert (name in report.sandbox) == ok, (name, report.sandbox)
        assert any(item.startswith(name) for item in report.lacking) != ok, (name, report.lacking)
        assert any(note.startswith(f"sandbox: {name}") for note in report.notes) != ok, (name, report.notes)


def cell_role(cell) -> tuple[str | None, str | None]:
    return notebook.cell_role(cell, CONFIG.metadata_key)


def read(path: Path) -> dict:
    return json.loads(path.read_text())


def submission(exercise: str, answers: dict[str, str], *, base: str = "master") -> dict:
    """A copy of the master (or blank student) notebook with the answer cells of ``answers`` replaced."""
    folder = CONFIG.masters if base == "master" else CONFIG.students
    nb = copy.deepcopy(read(folder / f"{exercise}.ipynb"))
    replaced = set()
    for cell in nb["cells"]:
        role, question = cell_role(cell)
        if role == "answer" and question in answers:
            cell["source"] = answers[question]
            replaced.add(question)
    assert replaced == set(answers), f"no answer cell for {set(answers) - replaced} in {exercise}"
    return nb


def grade_notebook(nb: dict, tmp_path: Path, name: str = "submission.ipynb", limits: Limits = LIMITS,
                   jobs: int = 2, confine_files: bool = True) -> Report:
    path = tmp_path / name
    path.write_text(json.dumps(nb))
    return grade(path, config=CONFIG, limits=limits, jobs=jobs, confine_files=confine_files)


def by_question(report: Report) -> dict:
    return {r.question: r for r in report.questions}


def lost(report: Report) -> set[str]:
    """The auto-graded questions that scored less than their points (written answers are the instructor's)."""
    return {r.question for r in report.questions if r.points < r.max_points and r.status != WRITTEN}
