"""``python -m sandgrader.release OUT [--config PYPROJECT]``: the student distribution, without masters.

Writes into ``OUT`` (which must not exist yet, or be empty):

* the student notebooks (the configured ``students`` folder, at the same relative path);
* the files and folders that ``[tool.sandgrader.release] include`` lists (the course's library,
  its ``pyproject.toml`` …), without ``__pycache__``;
* ``README.md``: the file that ``[tool.sandgrader.release] readme`` names (how to install, work
  and self-check).

Then it proves what it wrote: no file may contain a line of a master's solutions or
hidden tests (:func:`secret_lines`, less the lines the student notebook shows anyway,
such as a function's signature), nor a notebook Otter's markers. If one does, the release
is removed and the command exits 1 naming the file and the line. A solution line that a
file of the course's own library contains too is named in a note (the library is public).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from sandgrader import config as configuration
from sandgrader.notebook import load_master, source

#: lines shorter than this (``return x``, ``else:``) are too common to be a secret
MIN_SECRET_LENGTH = 16
#: text that only a master notebook contains
MARKERS = re.compile(r"BEGIN (SOLUTION|TESTS|TEST CONFIG|PROMPT|QUESTION)|ASSIGNMENT CONFIG")
_SOLUTION_TAG = re.compile(r"\s*# SOLUTION\s*$")


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def secret_lines(master: Path) -> set[str]:
    """Lines of ``master``'s solutions (``BEGIN SOLUTION NO PROMPT`` … ``END SOLUTION``, or tagged
    ``# SOLUTION``), of its hidden test cells and of its wrong and correct answers, at least
    :data:`MIN_SECRET_LENGTH` long, less the lines that the student sees anyway (the solution
    cell's lines outside the solution, such as ``def relu(x):``, the setup and the checks)."""
    exercise = load_master(master)
    secrets: set[str] = set()
    public = set().union(*(_lines(code) for code in exercise.setup))
    for question in exercise.questions:
        public |= _lines(question.check)
        for cell in question.solution:
            inside = False
            for line in cell.splitlines():
                text = line.strip()
                if text.startswith("# BEGIN SOLUTION"):
                    inside = True
                elif text.startswith("# END SOLUTION"):
                    inside = False
                elif inside:
                    secrets.add(text)
                elif _SOLUTION_TAG.search(line):
                    secrets.add(_SOLUTION_TAG.sub("", text))
                else:
                    public.add(text)
        for code in [t.source for t in question.tests[1:]] + [c for _, c in
                                                             question.wrong_answers + question.correct_variants]:
            secrets |= _lines(code)
    return {line for line in secrets - public if len(line) >= MIN_SECRET_LENGTH}


def notebook_text(path: Path) -> str:
    """All cell sources of a notebook, one after the other."""
    return "\n".join(source(cell) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"])


def leaks(out: Path, course: configuration.Config) -> tuple[list[str], list[str]]:
    """Secret lines of the masters found under ``out``: (leaks, overlaps).

    A leak is a secret line in a notebook or any other file the release did not take from
    ``include``, or a master's marker in a notebook. An overlap is a secret line that an
    included file (the course's library, public anyway) contains as well: not a leak, but
    the instructor should know that the library shows that answer.
    """
    secrets: set[str] = set()
    for master in sorted(course.masters.glob("*.ipynb")):
        student = course.students / master.name
        public = _lines(notebook_text(student)) if student.is_file() else set()
        secrets |= secret_lines(master) - public
    included = [out / p.relative_to(course.root) for p in course.release_include]
    found, overlaps = [], []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        where = path.relative_to(out)
        if path.suffix == ".ipynb":
            text = notebook_text(path)
            found += [f"{where}: marker {m.group(0)!r}" for m in MARKERS.finditer(text)]
        hits = [f"{where}: {line!r}" for line in sorted(secrets) if line in text]
        from_include = path.suffix != ".ipynb" and any(path == p or p in path.parents for p in included)
        (overlaps if from_include else found).extend(hits)
    return found, overlaps


def write_release(out: Path, course: configuration.Config) -> list[Path]:
    """Copy the student distribution into ``out``; returns the files written."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: remove it first (a release is written from scratch)")
    if not course.release_readme:
        raise configuration.ConfigError("[tool.sandgrader.release] needs a readme (the students' instructions)")
    out.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.grade.json")
    for path in (course.students, *course.release_include):
        target = out / path.relative_to(course.root)
        if path.is_dir():
            shutil.copytree(path, target, ignore=ignore)
        elif path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        else:
            raise FileNotFoundError(f"[tool.sandgrader.release] include: {path} does not exist")
    shutil.copy2(course.release_readme, out / "README.md")
    return sorted(p for p in out.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandgrader.release", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the student distribution into (new or empty)")
    parser.add_argument("--config", type=Path, help="the course's pyproject.toml (default: the nearest one)")
    args = parser.parse_args(argv)
    try:
        course = configuration.load(args.config)
        files = write_release(args.out, course)
    except (configuration.ConfigError, OSError) as err:
        print(f"sandgrader.release: {err}", file=sys.stderr)
        return 2
    found, overlaps = leaks(args.out, course)
    if found:
        shutil.rmtree(args.out)
        print("sandgrader.release: the release would reveal solutions or hidden tests; removed it:\n  "
              + "\n  ".join(found), file=sys.stderr)
        return 1
    notebooks = sum(p.suffix == ".ipynb" for p in files)
    print(f"Student release in {args.out}: {len(files)} files ({notebooks} notebooks); "
          f"checked: no line of a solution or hidden test in it")
    for overlap in overlaps:
        print(f"Note: a solution line that the released library contains as well: {overlap}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
