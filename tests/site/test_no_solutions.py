"""The site never shows what a student must not see: the solutions and hidden tests of the
master notebooks (exercises/master/, otter-grader assign format), or their assignment config.

_config.yml excludes exercises/master/** from the build; these tests prove it on the built
site: no file comes from a master, no built file carries otter's solution/test markers, and
no line of a solution or hidden test appears on an exercise page or in its downloadable
notebook (lines the student notebook itself contains, such as a function's signature, are
not secrets).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import built_site as bs
from sandgrader.release import secret_lines  # the release check's definition of a secret line

MASTERS = sorted((bs.ROOT / "exercises" / "master").glob("*.ipynb"))
#: text that only a master notebook (otter-grader assign format) contains
MARKERS = (
    "BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
    "BEGIN TESTS", "END TESTS", "BEGIN TEST CONFIG", "BEGIN QUESTION", "END QUESTION",
    "ASSIGNMENT CONFIG", "BEGIN ASSIGNMENT",
)
TEXT_SUFFIXES = {".html", ".js", ".ipynb", ".md", ".txt", ".json", ".py"}


def _cells(path: Path) -> list[tuple[str, str]]:
    return [(cell["cell_type"], "".join(cell["source"])) for cell in json.loads(path.read_text())["cells"]]


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def _built_texts(site_dir: Path, stem: str) -> dict[str, str]:
    """The text a reader can get of one exercise: its page (as rendered text) and its source."""
    texts = {}
    for path in site_dir.rglob(f"{stem}.*"):
        if path.suffix == ".html":
            texts[str(path.relative_to(site_dir))] = bs.soup(path).get_text()
        elif path.suffix in (".ipynb", ".md"):
            raw = path.read_text(encoding="utf-8")
            texts[str(path.relative_to(site_dir))] = (
                "\n".join(source for _, source in _cells(path)) if path.suffix == ".ipynb" else raw)
    return texts


def test_no_master_file_is_built(site_dir):
    masters = sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*") if "master" in p.parts)
    assert not masters, f"files from exercises/master reached the site: {masters}"


def test_no_built_file_carries_solution_markers(site_dir):
    offenders = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or "offline" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.relative_to(site_dir)}: {marker!r}" for marker in MARKERS if marker in text]
    assert not offenders, "the site shows otter solution/test markup:\n  " + "\n  ".join(offenders)


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_no_solution_or_hidden_test_line_on_the_exercise_page(site_dir, master):
    student = master.parent.parent / "student" / master.name
    public = _lines("\n".join(source for _, source in _cells(student))) if student.is_file() else set()
    secrets = secret_lines(master)
    assert secrets, f"{master.name}: found no solution or hidden test (has the otter format changed?)"
    secrets -= public
    leaks = [f"{where}: {line!r}" for where, text in _built_texts(site_dir, master.stem).items()
             for line in sorted(secrets) if line in text]
    assert not leaks, f"{master.name}: solution or hidden-test lines on the site:\n  " + "\n  ".join(leaks)
