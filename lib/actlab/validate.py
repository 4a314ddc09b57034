"""Every check of a caller's input in one place: one error type per kind of mistake, one message style.

Kinds of mistake and what they raise (every message starts with the function or explorer
that was called, then says what was wrong and what it got)::

    input data of a type that is not a real number (bool, complex, str, …)   TypeError
    a keyword parameter the function does not have                           TypeError
    a name that is not one of the choices (activation, loss, init, …)        UnknownName
    a setting with a bad value: not a number, not an integer (True is not    ValueError
      one), not finite, outside its range, not elementwise where required

:class:`UnknownName` is a ``ValueError`` and also a ``KeyError``, so that a failed catalog
lookup (``actlab.spec("nope")``) and a bad choice in an explorer are the same mistake.

>>> positive_int("fit", steps=0)
Traceback (most recent call last):
...
ValueError: fit: steps must be a positive integer, got 0
"""
from __future__ import annotations

import math
import numbers
from typing import Iterable, Mapping

import numpy as np

from actlab import catalog

#: dtype kinds that are not real numbers: bool, complex, object, bytes, str, void, datetime
_REJECTED_KINDS = {"b": "bool", "c": "complex", "O": "object", "S": "bytes", "U": "str",
                   "V": "void", "M": "datetime", "m": "timedelta"}


class UnknownName(ValueError, KeyError):
    """A name that is not one of the valid choices (a ``ValueError`` and a ``KeyError``)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------- input data
def reject_dtype(where: str, dtype) -> None:
    """``TypeError`` naming ``where`` and ``dtype`` unless it is a real number dtype."""
    kind = np.dtype(dtype).kind
    if kind in _REJECTED_KINDS:
        raise TypeError(f"{where}: unsupported input dtype {np.dtype(dtype)} ({_REJECTED_KINDS[kind]}); "
                        "pass a real floating-point (or integer) array")


def as_real_array(where: str, x) -> np.ndarray:
    """``x`` as a NumPy array of real floats: float16/32/64 kept, integers promoted to float64.

    A float array comes back as ``x`` itself (no copy), so callers must never write into
    the result; they compute into new arrays.
    """
    if isinstance(x, str | bytes):
        raise TypeError(f"{where}: unsupported input of type {type(x).__name__}; "
                        "pass a real floating-point (or integer) array")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged nested lists and the like
        raise TypeError(f"{where}: cannot convert input of type {type(x).__name__} to an array: {err}") from None
    reject_dtype(where, arr.dtype)
    if arr.dtype.kind in "iu":
        return arr.astype(np.float64)
    return arr


def halved_axis(where: str, shape: tuple[int, ...], axis: int) -> int:
    """``axis`` as a non-negative index of an axis of even length in ``shape`` (the axis a gated
    linear unit splits in two halves); ``ValueError`` naming ``where`` otherwise."""
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise ValueError(f"{where}: axis must be an integer, got {axis!r}")
    if not -len(shape) <= axis < len(shape):
        raise ValueError(f"{where}: axis {axis} is out of range for an input of shape {tuple(shape)}; "
                         "a gated linear unit splits one axis of its input in two halves")
    index = int(axis) % len(shape)
    if shape[index] % 2:
        raise ValueError(f"{where}: the axis it splits (axis {axis}) must have even length, "
                         f"got shape {tuple(shape)}")
    return index


# --------------------------------------------------------------------------- names
def one_of(where: str, label: str, value, choices: Iterable) -> object:
    """``value`` if it is one of ``choices``; :class:`UnknownName` listing them otherwise."""
    choices = list(choices)
    try:
        known = value in choices
    except TypeError:  # unhashable or incomparable
        known = False
    if not known:
        raise UnknownName(f"{where}: unknown {label} {value!r}; choose one of {', '.join(map(str, choices))}")
    return value


def activation(where: str, name) -> catalog.Activation:
    """The catalog record of ``name``; :class:`UnknownName` listing the catalog otherwise."""
    one_of(where, "activation", name, catalog.CATALOG)
    return catalog.spec(name)


def elementwise_activation(where: str, name, *, hint: str = "") -> str:
    """``name`` if it is an elementwise catalog activation; ``ValueError`` (``hint`` says what to
    use instead) for the softmax family, :class:`UnknownName` for a name not in the catalog."""
    if not activation(where, name).elementwise:
        raise ValueError(f"{where}: {name} is not elementwise (every output depends on its whole axis)"
                         f"{'; ' + hint if hint else ''}; elementwise: "
                         f"{', '.join(catalog.names(elementwise=True))}")
    return name


def activation_params(where: str, name: str, params: Mapping[str, object]) -> None:
    """``TypeError`` unless ``params`` are keyword parameters of catalog activation ``name``.

    Elementwise activations take the catalog's parameters; the softmax family takes ``axis``.
    """
    record = catalog.spec(name)
    allowed = set(record.params) | (set() if record.elementwise else {"axis"})
    unknown = set(params) - allowed
    if unknown:
        raise TypeError(f"{where}: {name} has no parameter {', '.join(map(repr, sorted(unknown)))}; "
                        f"it takes {', '.join(sorted(allowed)) or 'none'}")


def param_value(where: str, name: str, key: str, value) -> float:
    """``value`` as a float within the catalog range of parameter ``key`` of ``name``."""
    activation_params(where, name, {key: value})
    (param,) = (p for p in catalog.spec(name).parameters if p.name == key)
    return number_in(where, f"{name} {key}", value, param.low, param.high)


# --------------------------------------------------------------------------- settings
def number_in(where: str, label: str, value, low: float = -math.inf, high: float = math.inf) -> float:
    """``value`` as a finite float in [low, high]; ``ValueError`` otherwise (``True`` is no number)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{where}: {label} must be a finite number, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{where}: {label} = {value!r} is outside [{low:g}, {high:g}]")
    return float(value)


def integer_in(where: str, label: str, value, low: int, high: float = math.inf) -> int:
    """``value`` as an int in [low, high]; ``ValueError`` otherwise (``True`` is no integer)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{where}: {label} must be an integer, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{where}: {label} = {value!r} is outside [{low}, {high}]")
    return int(value)


def flag(where: str, label: str, value) -> bool:
    """``value`` if it is a bool; ``ValueError`` otherwise (1 and "yes" are not switches)."""
    if not isinstance(value, bool | np.bool_):
        raise ValueError(f"{where}: {label} must be True or False, got {value!r}")
    return bool(value)


def positive_int(where: str, **values) -> None:
    """``ValueError`` unless every keyword value is an integer ≥ 1 (``True`` is not)."""
    for label, value in values.items():
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{where}: {label} must be a positive integer, got {value!r}")


def positive_number(where: str, label: str, value) -> float:
    """``value`` as a finite float > 0; ``ValueError`` otherwise (``True`` is no number)."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value)
            or value <= 0):
        raise ValueError(f"{where}: {label} must be a positive finite number, got {value!r}")
    return float(value)
