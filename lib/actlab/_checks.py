"""Input validation shared by the backends: one place that says which dtypes are numbers."""
from __future__ import annotations

import numpy as np

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

    Never returns ``x`` itself for array input, so callers may not mutate their argument.
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
