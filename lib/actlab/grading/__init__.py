"""What the exercise notebooks import: public checks and comparison helpers.

In an exercise notebook::

    from actlab.grading import public_check, assert_close

    with public_check("q1"):                 # prints one deterministic line
        assert_close(sigmoid(0.0), 0.5)

The line is ``q1: public checks passed``, ``q1: not attempted yet`` (the stub still
raises ``NotImplementedError`` or a value is still ``...``) or ``q1: public check
failed — AssertionError: …``; the cell itself never fails, so a blank notebook runs
clean.

Grading (``make grade NB=…`` or ``python -m sandgrader SUBMISSION.ipynb [--json OUT]``) is
the job of the separate package :mod:`sandgrader`, configured in ``pyproject.toml``
(``[tool.sandgrader]``): it runs each question in its own sandbox process; student notebooks
are generated from the masters by ``python -m sandgrader.assign``.
"""
from __future__ import annotations

import numpy as np

from sandgrader import STRICT

__all__ = ["public_check", "assert_close", "strict_call"]


class public_check:  # noqa: N801 -- used like a function: ``with public_check("q1"):``
    """Context manager around a question's public asserts; prints one line, never raises.

    ``answers`` are the question's value answers (if any): while one of them is still
    the placeholder ``...`` the question counts as not attempted.
    """

    def __init__(self, question: str, *answers):
        self.question = question
        self.answers = answers

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if any(a is Ellipsis for a in self.answers) or (exc_type and issubclass(exc_type, NotImplementedError)):
            print(f"{self.question}: not attempted yet")
            return True
        if exc_type is None:
            print(f"{self.question}: public checks passed (the hidden tests check more)")
            return False
        if not issubclass(exc_type, Exception):
            return False  # KeyboardInterrupt and friends propagate
        first_line = (str(exc).strip().splitlines() or [""])[0][:200]
        print(f"{self.question}: public check failed — {exc_type.__name__}" + (f": {first_line}" if first_line else ""))
        return True


def _as_array(value) -> np.ndarray:
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    return np.asarray(value)


def assert_close(actual, expected, *, rtol: float = 1e-7, atol: float = 0.0, dtype=None,
                 what: str = "result") -> None:
    """Assert ``actual`` equals ``expected`` elementwise within ``rtol``/``atol``, with the same shape.

    NaN matches NaN and ±inf must match exactly; ``dtype`` (if given) must match too.
    Unlike ``np.allclose`` this never broadcasts, so a scalar cannot pass for an array.
    """
    a, e = _as_array(actual), _as_array(expected)
    if a.dtype.kind not in "biuf":
        raise AssertionError(f"{what}: expected numbers, got {type(actual).__name__} of dtype {a.dtype}")
    if a.shape != e.shape:
        raise AssertionError(f"{what}: shape {a.shape}, expected {e.shape}")
    if dtype is not None and a.dtype != np.dtype(dtype):
        raise AssertionError(f"{what}: dtype {a.dtype}, expected {np.dtype(dtype)}")
    if not np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=True):
        with np.errstate(all="ignore"):
            diff = np.abs(a.astype(float) - e.astype(float))
        finite = diff[np.isfinite(diff)]
        detail = f"max abs error {finite.max():.3g}" if finite.size else "inf/NaN where numbers were expected"
        raise AssertionError(f"{what}: values differ from the expected ones ({detail})")


def strict_call(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` with NumPy overflow, invalid and divide-by-zero raised as ``FloatingPointError``.

    A numerically stable implementation passes; ``1 / (1 + np.exp(-x))`` at
    ``x = -1000`` does not. Works on the grader's remote functions as well.
    """
    remote = getattr(fn, "call_strict", None)
    if remote is not None:
        return remote(*args, **kwargs)
    with np.errstate(**STRICT):
        return fn(*args, **kwargs)
