"""`make test`: run every part of the test suite in turn and print a timing summary.

Each part is one command; a failing part does not stop the others, and the exit
status is non-zero if any part failed. Parts run in the order a reader would trust
them: the library first, then what is built on it, the site last.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PYTEST = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
LIBRARY = [*PYTEST, "tests/lib"]
#: nbval runs every notebook under chapters/ and exercises/ (strict: every output compared), after the
#: static checks of the notebooks (their rules and the chapter skeleton)
NBVAL = [*PYTEST, "--nbval", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]
NOTEBOOK_PATHS = ["tests/test_notebook_rules.py", "tests/test_chapter_structure.py", "chapters", "exercises"]
NOTEBOOKS = [*NBVAL, "--nbval-current-env", *NOTEBOOK_PATHS]

PARTS: list[tuple[str, list[str]]] = [
    ("library", LIBRARY),
    ("widgets", [*PYTEST, "tests/widgets"]),
    ("exercises", [*PYTEST, "tests/exercises"]),
    ("notebooks (nbval)", NOTEBOOKS),
    ("jupyterlab", [*PYTEST, "tests/lab"]),
    ("book build", ["make", "--no-print-directory", "book"]),
    ("translations (zh_CN)", [*PYTEST, "tests/i18n"]),
    ("site + browser", [*PYTEST, "tests/site"]),
]


def run_parts(parts: list[tuple[str, list[str]]], env: dict[str, str] | None = None,
              title: str = "timing summary") -> int:
    """Run each (name, command) with ``env`` added to the environment; print the summary."""
    results = []
    for name, cmd in parts:
        print(f"\n=== {name}: {' '.join(cmd[2:] if cmd[0] == PY else cmd)}", flush=True)
        start = time.perf_counter()
        rc = subprocess.call(cmd, cwd=ROOT, env={**os.environ, **(env or {})})
        results.append((name, "ok" if rc == 0 else f"FAILED (exit {rc})", time.perf_counter() - start))
    print(f"\n=== {title}")
    for name, status, seconds in results:
        print(f"{name:<40} {seconds:8.1f} s  {status}")
    print(f"{'total':<40} {sum(r[2] for r in results):8.1f} s")
    return 0 if all(r[1] == "ok" for r in results) else 1


if __name__ == "__main__":
    sys.exit(run_parts(PARTS))
