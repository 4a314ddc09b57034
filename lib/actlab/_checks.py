"""Input validation shared by the backends: one place that says which dtypes are numbers."""
from __future__ import annotations

import numpy as np

from actlab import catalog

#: dtype kinds that are not real numbers: bool, complex, object, bytes, str, void, datetime
_REJECTED_KINDS = {"b": "bool", "c": "complex", "O": "object", "S": "bytes", "U": "str",
                   "V": "void", "M": "datetime", "m": "timedelta"}


def reject_dtype(fname: str, dtype) -> None:
    """Raise ``TypeError`` naming ``fname`` and ``dtype`` unless it is a real number dtype."""
    kind = np.dtype(dtype).kind
    if kind in _REJECTED_KINDS:
        raise TypeError(f"{fname}: unsupported input dtype {np.dtype(dtype)} ({_REJECTED_KINDS[kind]}); "
                        "pass a real floating-point (or integer) array")


def as_real_array(fname: str, x) -> np.ndarray:
    """``x`` as a NumPy array of real floats: float16/32/64 kept, integers promoted to float64.

    A float array comes back as ``x`` itself (no copy), so callers must never write into
    the result; they compute into new arrays.
    """
    if isinstance(x, str | bytes):
        raise TypeError(f"{fname}: unsupported input of type {type(x).__name__}; "
                        "pass a real floating-point (or integer) array")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:  # ragged nested lists and the like
        raise TypeError(f"{fname}: cannot convert input of type {type(x).__name__} to an array: {err}") from None
    reject_dtype(fname, arr.dtype)
    if arr.dtype.kind in "iu":
        return arr.astype(np.float64)
    return arr


def check_params(name: str, params: dict) -> None:
    """Raise ``TypeError`` unless ``params`` are keyword parameters of catalog activation ``name``.

    Elementwise activations take the catalog's ``params``; the softmax family takes ``axis``.
    """
    record = catalog.spec(name)
    allowed = set(record.params) | (set() if record.elementwise else {"axis"})
    unknown = set(params) - allowed
    if unknown:
        raise TypeError(f"{name}: unknown parameter(s) {sorted(unknown)}; "
                        f"it takes {sorted(allowed) or 'none'}")
