"""`make test`: run every part of the test suite in turn and print a timing summary.

Each part is one command; a failing part does not stop the others, and the exit
status is non-zero if any part failed. Parts run in the order a reader would trust
them: the library first, then what is built on it, the site last.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PYTEST = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider"]

#: (part, command); nbval runs every notebook under chapters/ and exercises/
PARTS: list[tuple[str, list[str]]] = [
    ("library", [*PYTEST, "tests/lib"]),
    ("widgets", [*PYTEST, "tests/widgets"]),
    ("exercises", [*PYTEST, "tests/exercises"]),
    ("notebooks (nbval)", [*PYTEST, "--nbval", "--nbval-current-env",
                           "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
                           "tests/test_notebook_rules.py", "chapters", "exercises"]),
    ("jupyterlab", [*PYTEST, "tests/lab"]),
    ("book build", ["make", "--no-print-directory", "book"]),
    ("site + browser", [*PYTEST, "tests/site"]),
]


def main() -> int:
    results = []
    for name, cmd in PARTS:
        print(f"\n=== {name}: {' '.join(cmd[2:] if cmd[0] == PY else cmd)}", flush=True)
        start = time.perf_counter()
        rc = subprocess.call(cmd, cwd=ROOT)
        results.append((name, "ok" if rc == 0 else f"FAILED (exit {rc})", time.perf_counter() - start))
    print("\n=== timing summary")
    for name, status, seconds in results:
        print(f"{name:<20} {seconds:8.1f} s  {status}")
    print(f"{'total':<20} {sum(r[2] for r in results):8.1f} s")
    return 0 if all(r[1] == "ok" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
