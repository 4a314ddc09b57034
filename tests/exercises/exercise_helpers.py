"""Shared helpers: the exercise notebooks, short grading limits, submissions built from masters."""
from __future__ import annotations

import copy
import functools
import json
import subprocess
import sys
from pathlib import Path

from actlab.grading import seccomp
from actlab.grading.grade import Report, grade
from actlab.grading.notebook import cell_role
from actlab.grading.runner import GiB, Limits

ROOT = Path(__file__).resolve().parents[2]
MASTERS = sorted((ROOT / "exercises" / "master").glob("*.ipynb"))
STUDENTS = sorted((ROOT / "exercises" / "student").glob("*.ipynb"))
#: short limits so that the hostile cases cost seconds, roomy enough for a loaded CI machine
#: (3 GiB of address space: importing PyTorch alone maps about 2 GiB)
LIMITS = Limits(wall=20.0, cpu=15.0, memory=3 * GiB, output=2 ** 20)
HOSTILE_LIMITS = Limits(wall=5.0, cpu=5.0, memory=1 * GiB, output=2 ** 20)


@functools.cache
def seccomp_works() -> bool:
    """Whether this machine lets a process install the grader's seccomp filter."""
    probe = "from actlab.grading import seccomp; seccomp.install()"
    return seccomp.supported() and subprocess.run([sys.executable, "-c", probe], timeout=60).returncode == 0


def read(path: Path) -> dict:
    return json.loads(path.read_text())


def submission(exercise: str, answers: dict[str, str], *, base: str = "master") -> dict:
    """A copy of the master (or blank student) notebook with the answer cells of ``answers`` replaced."""
    nb = copy.deepcopy(read(ROOT / "exercises" / base / f"{exercise}.ipynb"))
    replaced = set()
    for cell in nb["cells"]:
        role, question = cell_role(cell)
        if role == "answer" and question in answers:
            cell["source"] = answers[question]
            replaced.add(question)
    assert replaced == set(answers), f"no answer cell for {set(answers) - replaced} in {exercise}"
    return nb


def grade_notebook(nb: dict, tmp_path: Path, name: str = "submission.ipynb", limits: Limits = LIMITS,
                   jobs: int = 2) -> Report:
    path = tmp_path / name
    path.write_text(json.dumps(nb))
    return grade(path, limits=limits, jobs=jobs)


def by_question(report: Report) -> dict:
    return {r.question: r for r in report.questions}


def lost(report: Report) -> set[str]:
    return {r.question for r in report.questions if r.points < r.max_points}
