"""The book's comparison tables, generated from :mod:`actlab.catalog` (never typed by hand).

Each function returns an :class:`IPython.display.Markdown`-ready string, so a notebook
cell ending in ``Markdown(properties_table())`` renders a real table on the site and in
JupyterLab, and nbval compares a stable ``text/plain`` repr.
"""
from __future__ import annotations

from typing import Callable, Iterable

from actlab import catalog

_YES, _NO = "✓", "—"


def _mark(flag: bool) -> str:
    return _YES if flag else _NO


def _cite(record: catalog.Activation) -> str:
    """'Surname (year)' or 'Surname et al. (year)' for the key paper, then its role if it did not
    introduce the function: 'LeCun et al. (1998), recommended'."""
    paper = record.paper
    if paper is None:
        return _NO
    surname = paper.authors.split(",")[0]
    role = "" if record.paper_role == "introduced" else f", {record.paper_role}"
    return f"{surname}{' et al.' if '&' in paper.authors else ''} ({paper.year}){role}"


#: column title → how to read it off a record
PROPERTY_COLUMNS: dict[str, Callable[[catalog.Activation], str]] = {
    "activation": lambda r: f"`{r.name}`",
    "formula": lambda r: f"${r.formula}$",
    "range": lambda r: f"${r.range}$",
    "monotone": lambda r: _mark(r.monotone),
    "smooth": lambda r: _mark(r.smooth),
    "zero-centred": lambda r: _mark(r.zero_centred),
    "bounded": lambda r: _mark(r.bounded),
    "key reference": _cite,
}

API_COLUMNS: dict[str, Callable[[catalog.Activation], str]] = {
    "activation": lambda r: f"`{r.name}`",
    "PyTorch": lambda r: f"`{r.torch_name}`",
    "TensorFlow / Keras": lambda r: f"`{r.tf_name}`",
    "parameters (PyTorch defaults)": lambda r: ", ".join(f"`{k}={v:g}`" for k, v in r.params.items()) or _NO,
    "derivative at a kink": lambda r: r.kink or _NO,
}


#: the derivatives table of chapter 4. A column title must have words, not only math: a header
#: cell holding only a formula has no text a screen reader can announce (MathJax draws it).
DERIVATIVE_COLUMNS: dict[str, Callable[[catalog.Activation], str]] = {
    "activation": lambda r: f"`{r.name}`",
    "function $f(x)$": lambda r: f"${r.formula}$",
    "derivative $f'(x)$": lambda r: f"${r.derivative}$",
    "at a kink": lambda r: r.kink or _NO,
}


def markdown_table(columns: dict[str, Callable[[catalog.Activation], str]],
                   names: Iterable[str] | None = None) -> str:
    """A Markdown table with one row per catalog record (all, or ``names`` in that order)."""
    records = [catalog.spec(n) for n in (names if names is not None else catalog.names())]
    header = "| " + " | ".join(columns) + " |"
    rule = "|" + "---|" * len(columns)
    rows = ["| " + " | ".join(cell(r).replace("|", r"\|") for cell in columns.values()) + " |"
            for r in records]
    return "\n".join([header, rule, *rows])


def properties_table(names: Iterable[str] | None = None) -> str:
    """Formula, range and properties of each activation, with its key paper and that paper's role."""
    return markdown_table(PROPERTY_COLUMNS, names)


def derivative_table(names: Iterable[str] | None = None) -> str:
    """Each activation's formula and derivative, and the derivative's value at a kink."""
    return markdown_table(DERIVATIVE_COLUMNS, names)


def api_table(names: Iterable[str] | None = None) -> str:
    """Each activation's name in PyTorch and TensorFlow/Keras, its parameters and kink convention."""
    return markdown_table(API_COLUMNS, names)
