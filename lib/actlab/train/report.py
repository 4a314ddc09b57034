"""Reporting results over seeds: ``mean ± std`` and Markdown tables that nbval compares."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np


def mean_std(values: Sequence[float], digits: int = 3) -> str:
    """``"mean ± std"`` of ``values`` (sample standard deviation, ddof = 1), ``digits`` significant digits.

    ``None`` entries (e.g. a run that never reached its target) are reported as a count.

    >>> mean_std([0.91, 0.93, 0.95])
    '0.93 ± 0.02'
    """
    present = [float(v) for v in values if v is not None]
    missing = len(values) - len(present)
    if not present:
        return f"never ({missing}/{len(values)})"
    mean = float(np.mean(present))
    spread = float(np.std(present, ddof=1)) if len(present) > 1 else 0.0
    if spread <= 1e-12 * max(1.0, abs(mean)):  # identical runs: don't print rounding noise
        spread = 0.0
    text = f"{mean:.{digits}g} ± {spread:.{max(digits - 1, 1)}g}"
    return text + (f" ({missing} never)" if missing else "")


class MarkdownTable(str):
    """A Markdown table that renders as a table in Jupyter and on the site (``text/markdown``)
    and whose plain-text repr is the same text, so nbval compares every number in it."""

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


def results_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> MarkdownTable:
    """A :class:`MarkdownTable` with the given column titles, one row per sequence of cells."""
    if any(len(row) != len(header) for row in rows):
        raise ValueError(f"results_table: every row needs {len(header)} cells")

    def line(cells: Sequence[Any]) -> str:
        return "| " + " | ".join(str(c).replace("|", r"\|") for c in cells) + " |"

    lines = [line(header), "|" + "---|" * len(header), *map(line, rows)]
    return MarkdownTable("\n".join(lines))
