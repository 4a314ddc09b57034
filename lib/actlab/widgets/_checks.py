"""Validation of explorer state: one place that turns bad input into a clear ``ValueError``."""
from __future__ import annotations

import math
import numbers

from actlab import catalog


def elementwise_activation(explorer: str, name: str) -> str:
    """``name`` if it is an elementwise catalog activation; ``ValueError`` listing the choices otherwise."""
    choices = catalog.names(elementwise=True)
    if name not in choices:
        why = ("is not elementwise (use softmax_explorer)" if name in catalog.CATALOG
               else "is not in the catalog")
        raise ValueError(f"{explorer}: activation {name!r} {why}; choose one of {', '.join(choices)}")
    return name


def number_in(explorer: str, label: str, value, low: float, high: float) -> float:
    """``value`` as a float in [low, high]; ``ValueError`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{explorer}: {label} must be a finite number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{explorer}: {label} = {value!r} is outside [{low:g}, {high:g}]")
    return float(value)


def integer_in(explorer: str, label: str, value, low: int, high: int) -> int:
    """``value`` as an int in [low, high]; ``ValueError`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{explorer}: {label} must be an integer, got {value!r}")
    value = int(value)
    if not low <= value <= high:
        raise ValueError(f"{explorer}: {label} = {value} is outside [{low}, {high}]")
    return value


def choice(explorer: str, label: str, value, choices) -> str:
    """``value`` if it is one of ``choices``; ``ValueError`` listing them otherwise."""
    if value not in choices:
        raise ValueError(f"{explorer}: unknown {label} {value!r}; choose one of {', '.join(map(str, choices))}")
    return value
