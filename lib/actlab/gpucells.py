"""Run only the GPU training cells of the chapter notebooks, and report device, time and result.

Usage (from the repository root)::

    python -m actlab.gpucells                       # every chapter notebook with gpu cells
    python -m actlab.gpucells chapters/05_code_walkthrough.ipynb --require-gpu
    python -m actlab.gpucells --list                # show which cells would run, run nothing
    make gpu-cells                                  # the same as the first line

Which cells run (in notebook order, in one fresh ``python3`` kernel per notebook,
working directory = the notebook's folder):

* the **first code cell** — by the book's convention it imports ``actlab``, seeds
  everything and reports the device;
* cells tagged **``gpu-setup``** — what the training cells need (data, helper
  definitions); they must be cheap;
* cells tagged **``gpu``** — the training cells themselves. Each must leave a dict
  ``GPU_RESULT`` in the kernel's globals with at least ``"device"`` (e.g.
  ``result.summary()`` from :mod:`actlab.train`) and its final loss or accuracy.

For each gpu cell the runner prints the notebook, the cell's index, the device the
cell reported, the wall time the runner measured, and the other ``GPU_RESULT``
entries. It exits with status 1 if a cell raises (its assertions are the
convergence checks), leaves no ``GPU_RESULT`` or, with ``--require-gpu``, reports a
device that is not a GPU; with status 2 if no notebook has a gpu cell.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

SETUP_TAG, GPU_TAG = "gpu-setup", "gpu"
RESULT_MARK = "GPU_RESULT "
#: run after every gpu cell: print the cell's GPU_RESULT as one JSON line, then forget it
REPORTER = (f"import json as _gpucells_json\n"
            f"print({RESULT_MARK!r} + _gpucells_json.dumps(globals().pop('GPU_RESULT', None), default=str))")
GPU_DEVICE_WORDS = ("cuda", "gpu", "mps")


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _is_code(cell) -> bool:
    return cell["cell_type"] == "code" and cell["source"].strip() != ""


def select_cells(nb) -> list[int]:
    """Indices (into ``nb.cells``) of the cells to run: first code cell, ``gpu-setup`` and ``gpu`` cells."""
    code = [i for i, c in enumerate(nb.cells) if _is_code(c)]
    if not code:
        return []
    gpu = [i for i in code if GPU_TAG in _tags(nb.cells[i])]
    if not gpu:
        return []
    return [i for i in code if i == code[0] or SETUP_TAG in _tags(nb.cells[i]) or i in gpu]


@dataclass
class CellReport:
    """One gpu cell's outcome."""

    notebook: str
    index: int
    seconds: float
    result: dict[str, Any] | None
    error: str | None = None

    @property
    def device(self) -> str:
        return str((self.result or {}).get("device", "?"))

    @property
    def on_gpu(self) -> bool:
        return any(word in self.device.lower() for word in GPU_DEVICE_WORDS)

    def line(self) -> str:
        if self.error:
            status = f"FAILED: {self.error}"
        elif self.result is None:
            status = "FAILED: the cell left no GPU_RESULT dict"
        else:
            status = "  ".join(f"{k}={_fmt(v)}" for k, v in self.result.items() if k not in {"device", "seconds"})
        return f"{self.notebook}  cell {self.index:>3}  device={self.device:<8} {self.seconds:8.2f} s  {status}"


def _fmt(value) -> str:
    """Floats to 4 significant digits, also inside dicts and lists."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(_fmt, value)) + "]"
    return str(value)


def _parse_result(outputs) -> dict[str, Any] | None:
    for out in outputs:
        for line in out.get("text", "").splitlines():
            if line.startswith(RESULT_MARK):
                value = json.loads(line[len(RESULT_MARK):])
                return value if isinstance(value, dict) else None
    return None


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_EXCEPTION_LINE = re.compile(r"^\w+(Error|Exception|Interrupt)\b")


def _error_summary(text: str) -> str:
    """The 'SomeError: message' line of nbclient's CellExecutionError text (else its last line)."""
    lines = [ln.strip() for ln in _ANSI.sub("", text).strip().splitlines()] or ["error"]
    return next((ln for ln in reversed(lines) if _EXCEPTION_LINE.match(ln)), lines[-1])


def run_notebook(path: Path, timeout: int = 600, kernel: str = "python3") -> list[CellReport]:
    """Execute the selected cells of ``path`` in a fresh kernel; one report per gpu cell."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    chosen = select_cells(nb)
    run = nbformat.v4.new_notebook(metadata=nb.metadata)
    plan: list[tuple[int, bool]] = []  # (original index, is gpu cell) per selected cell
    for i in chosen:
        is_gpu = GPU_TAG in _tags(nb.cells[i])
        run.cells.append(nbformat.v4.new_code_cell(nb.cells[i].source))
        if is_gpu:  # followed by the reporter cell
            run.cells.append(nbformat.v4.new_code_cell(REPORTER))
        plan.append((i, is_gpu))
    client = NotebookClient(run, timeout=timeout, kernel_name=kernel,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    reports: list[CellReport] = []
    name = path.name
    k = 0  # position in ``run``
    with client.setup_kernel():
        for index, is_gpu in plan:
            start = time.perf_counter()
            try:
                client.execute_cell(run.cells[k], k)
            except CellExecutionError as err:
                summary = _error_summary(str(err))
                reports.append(CellReport(name, index, time.perf_counter() - start, None,
                                          summary if is_gpu else f"setup cell failed: {summary}"))
                break
            seconds = time.perf_counter() - start
            k += 1
            if is_gpu:
                client.execute_cell(run.cells[k], k)
                reports.append(CellReport(name, index, seconds, _parse_result(run.cells[k].outputs)))
                k += 1
    return reports


def default_notebooks(root: Path) -> list[Path]:
    """The chapter notebooks under ``root/chapters`` that contain gpu cells."""
    return [p for p in sorted((root / "chapters").glob("*.ipynb"))
            if select_cells(nbformat.read(p, as_version=4))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actlab.gpucells", description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: chapters/*.ipynb with gpu cells)")
    parser.add_argument("--require-gpu", action="store_true",
                        help="fail unless every gpu cell reports a GPU device")
    parser.add_argument("--list", action="store_true", help="print the selected cells and exit")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or default_notebooks(Path.cwd())
    if not notebooks:
        print("no notebook with gpu-tagged cells found (run from the repository root)", file=sys.stderr)
        return 2
    if args.list:
        for path in notebooks:
            nb = nbformat.read(path, as_version=4)
            for i in select_cells(nb):
                kind = GPU_TAG if GPU_TAG in _tags(nb.cells[i]) else "setup"
                print(f"{path.name}  cell {i:>3}  {kind:<6} {nb.cells[i].source.splitlines()[0][:70]}")
        return 0
    reports: list[CellReport] = []
    for path in notebooks:
        print(f"== {path}", flush=True)
        for report in run_notebook(path, timeout=args.timeout):
            print(report.line(), flush=True)
            reports.append(report)
    failed = [r for r in reports if r.error or r.result is None or (args.require_gpu and not r.on_gpu)]
    print(f"{len(reports)} gpu cells, {len(failed)} failed"
          + (" (--require-gpu: every cell must report a GPU device)" if args.require_gpu else ""))
    return 1 if failed or not reports else 0


if __name__ == "__main__":
    sys.exit(main())
