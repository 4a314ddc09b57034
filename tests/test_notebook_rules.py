"""The notebook conventions of README "Contributing", checked on every committed notebook."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for d in ("chapters", "exercises") for p in (ROOT / d).rglob("*.ipynb")
                   if ".ipynb_checkpoints" not in p.parts)
CHAPTERS = [p for p in NOTEBOOKS if p.parent.name == "chapters"]
FRAMEWORK_TAGS = ("tab-numpy", "tab-pytorch", "tab-tensorflow")


def _code_cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text())["cells"]
    return [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def _tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_notebooks():
    assert CHAPTERS, "no chapter notebooks found under chapters/"


def has_assert_statement(source: str) -> bool:
    """True if the cell's code (IPython magics and shell lines aside) holds an ``assert``
    statement — a comment or a string that says "assert" does not count."""
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    return any(isinstance(node, ast.Assert) for node in ast.walk(ast.parse(code)))


def test_assert_detection_reads_code_not_text():
    assert has_assert_statement("x = 1\nif x:\n    assert x > 0, 'band'")
    assert not has_assert_statement("# assert x < 0.2\nprint('assert')")
    assert not has_assert_statement("%timeit f()\nx = 'no assert here'")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_rel)
def test_ignored_outputs_are_asserted(path):
    """A cell whose output nbval ignores must check what has to hold instead."""
    offenders = [i for i, c in enumerate(_code_cells(path))
                 if "nbval-ignore-output" in _tags(c) and not has_assert_statement("".join(c["source"]))]
    assert not offenders, f"{_rel(path)}: ignored-output code cells {offenders} contain no assert statement"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_rel)
def test_no_svg_and_no_stored_errors(path):
    for i, cell in enumerate(_code_cells(path)):
        for out in cell.get("outputs", []):
            assert "image/svg+xml" not in out.get("data", {}), f"{_rel(path)} cell {i}: SVG output (use PNG)"
            assert out["output_type"] != "error" or "raises-exception" in _tags(cell), \
                f"{_rel(path)} cell {i}: stored error output"


@pytest.mark.parametrize("path", CHAPTERS, ids=_rel)
def test_chapter_is_executed_and_starts_with_actlab(path):
    cells = _code_cells(path)
    assert cells and "actlab" in "".join(cells[0]["source"]), f"{_rel(path)}: first code cell must import actlab"
    unrun = [i for i, c in enumerate(cells) if c.get("execution_count") is None]
    assert not unrun, f"{_rel(path)}: code cells {unrun} have no stored outputs (execute the notebook)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_rel)
def test_framework_tabs_come_in_order(path):
    """Tabbed cells form runs of NumPy → PyTorch → TensorFlow (each at most once, in that order).

    A markdown cell ends a run, as it does on the site (lib/site/actlab_site/framework_tabs.py
    groups only *sibling* code cells), so two tab sets may follow each other under their own prose.
    """
    cells = [c for c in json.loads(path.read_text())["cells"] if "".join(c["source"]).strip()]
    run: list[str] = []
    for cell in cells + [{"metadata": {}}]:
        tag = next((t for t in _tags(cell) if t in FRAMEWORK_TAGS), None)
        if tag is None:
            if run:
                order = [FRAMEWORK_TAGS.index(t) for t in run]
                assert order == sorted(set(order)) and len(run) >= 2, \
                    f"{_rel(path)}: framework tab run {run} is out of order or has one tab"
            run = []
        else:
            run.append(tag)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_rel)
def test_gpu_cells_are_device_agnostic(path):
    for i, cell in enumerate(_code_cells(path)):
        if "gpu" in _tags(cell):
            src = "".join(cell["source"])
            assert "nbval-ignore-output" in _tags(cell) and has_assert_statement(src), \
                f"{_rel(path)} cell {i}: a gpu cell must ignore its output and assert convergence"
            assert "cuda" not in src.replace("cuda_", ""), \
                f"{_rel(path)} cell {i}: use actlab.torch.try_gpu(), not a hard-coded cuda device"
