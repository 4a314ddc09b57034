"""Does an answer rely on a name that another answer cell defined? The grader would say so; say it at once.

The grader runs each answer cell on its own, after the notebook's setup cell (and with the
cells a student inserts right below it). A helper defined in an earlier answer is therefore
missing at grading time, although the notebook's own check, run in the student's kernel,
finds it. :func:`borrowed_names` reads the kernel's history of executed cells (IPython's
``In``) to find such names, so that the public check can fail with the grader's reason.

The rule, on the cells in the order they ran: the *answer cell* of a check is the latest
cell before it that binds a name the check uses (never the setup cell, which imports
``public_check``); a name the answer reads but does not bind is *borrowed* when the latest
cell that binds it is the answer cell of another check that ran. Setup cells and cells a
student inserts below an answer are nobody's answer cell, so names from them pass, as they
do at grading time; a helper from an answer whose check never ran is not caught.
"""
from __future__ import annotations

import ast
import sys

from sandgrader.notebook import defined_names, free_names

SETUP_MARK = "public_check"


def bound_names(code: str) -> set[str]:
    """Names a cell binds at top level: ``def``, ``class``, assignments and imports."""
    names = defined_names(code)
    for node in ast.parse(code).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _parsed(history: list[str]) -> list[tuple[int, str, set[str]]]:
    cells = []
    for number, code in enumerate(history):
        try:
            cells.append((number, code, bound_names(code)))
        except SyntaxError:
            continue
    return cells


def _answer_cell(cells: list[tuple[int, str, set[str]]], check: str, before: int) -> tuple[int, str] | None:
    """The latest cell that ran before ``before`` and binds a name the check uses (not the setup cell)."""
    try:
        used = free_names(check)
    except SyntaxError:
        return None
    return next(((n, code) for n, code, names in reversed(cells)
                 if n < before and names & used and SETUP_MARK not in names), None)


def borrowed_names(history: list[str], check: str) -> list[tuple[str, int]]:
    """(name, execution number of the cell that bound it) for each name the answer borrows from another answer."""
    cells = _parsed(history)
    answer = _answer_cell(cells, check, len(history))
    if answer is None:
        return []
    number, code = answer
    other_answers = {found[0] for n, cell_code, _ in cells if f"{SETUP_MARK}(" in cell_code
                     for found in [_answer_cell(cells, cell_code, n)] if found and found[0] != number}
    borrowed = []
    for name in sorted(free_names(code)):
        binder = next((n for n, _, names in reversed(cells) if name in names), None)
        if binder in other_answers:
            borrowed.append((name, binder))
    return borrowed


def kernel_history() -> list[str] | None:
    """The sources of the cells run so far in this IPython kernel, the running one last (else None)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    history = shell.user_ns.get("In") if shell is not None else None
    return list(history) if isinstance(history, list) and len(history) > 1 else None


def borrowed_message() -> str | None:
    """The reason the running check must fail, when its answer borrows from another cell (else None)."""
    history = kernel_history()
    if history is None:
        return None
    borrowed = borrowed_names(history[:-1], history[-1])
    if not borrowed:
        return None
    names = ", ".join(f"`{name}` (from cell In [{number}])" for name, number in borrowed)
    return (f"the answer uses {names}, defined in another cell: the grader runs each answer cell on its "
            "own, after the setup cell, so define it in this answer's cell (or in a cell right below it)")
