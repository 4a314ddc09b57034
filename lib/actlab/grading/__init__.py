"""What the exercise notebooks import: public checks and comparison helpers.

In an exercise notebook::

    from actlab.grading import public_check, assert_close

    with public_check("q1"):                 # prints one deterministic line
        assert_close(sigmoid(0.0), 0.5)

The line is ``q1: public checks passed``, ``q1: not attempted yet`` (the stub still
raises ``NotImplementedError`` or a value is still ``...``) or ``q1: public check
failed — AssertionError: …`` (with expected beside actual, see :func:`assert_close`); the
cell itself never fails, so a blank notebook runs clean. A check also fails when the
answer uses a name that another answer cell defined (:mod:`actlab.grading.isolation`),
because the grader, which runs each answer on its own, would fail it.

Grading (``make grade NB=…`` or ``python -m sandgrader SUBMISSION.ipynb [--json OUT]``) is
the job of the separate package :mod:`sandgrader`, configured in ``pyproject.toml``
(``[tool.sandgrader]``): it runs each question in its own sandbox process; student notebooks
are generated from the masters by ``python -m sandgrader.assign``.
"""
from __future__ import annotations

import numpy as np

from actlab.grading import isolation
from sandgrader import STRICT

__all__ = ["public_check", "assert_close", "strict_call"]

#: a failed check prints at most this many lines of its message
MESSAGE_LINES = 16


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
            borrowed = isolation.borrowed_message()
            print(f"{self.question}: " + (f"public check failed — {borrowed}" if borrowed else
                                          "public checks passed (the hidden tests check more)"))
            return False
        if not issubclass(exc_type, Exception):
            return False  # KeyboardInterrupt and friends propagate
        lines = [line[:200] for line in str(exc).strip().splitlines()[:MESSAGE_LINES]]
        head = f"{self.question}: public check failed — {exc_type.__name__}"
        print("\n".join([head + (f": {lines[0]}" if lines else ""), *lines[1:]]))
        return True


def _as_array(value) -> np.ndarray:
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    return np.asarray(value)


#: arrays up to this size are shown whole, expected beside actual
SMALL = 12
#: how many differing positions a larger array's message lists
SHOWN = 5


def _position(index: tuple) -> str:
    return "[" + ", ".join(map(str, index)) + "]" if index else "(scalar)"


def _number(value) -> str:
    return np.format_float_positional(value, precision=10, trim="-") if np.isfinite(value) else str(value)


def difference_table(actual: np.ndarray, expected: np.ndarray, wrong: np.ndarray) -> str:
    """Expected beside actual: every element of a small array, else the first differing positions."""
    indices = list(np.ndindex(expected.shape)) if expected.size <= SMALL else \
        [tuple(i) for i in np.argwhere(wrong)[:SHOWN]]
    width = max(len(_position(i)) for i in indices)
    lines = [f"  {'position':<{width}}  {'expected':>20}  {'actual':>20}"]
    for i in indices:
        mark = "  <- differs" if wrong[i] else ""
        lines.append(f"  {_position(i):<{width}}  {_number(expected[i]):>20}  {_number(actual[i]):>20}{mark}")
    if expected.size > SMALL and wrong.sum() > SHOWN:
        lines.append(f"  … and {int(wrong.sum()) - SHOWN} more of {expected.size} positions differ")
    return "\n".join(lines)


def assert_close(actual, expected, *, rtol: float = 1e-7, atol: float = 0.0, dtype=None,
                 what: str = "result") -> None:
    """Assert ``actual`` equals ``expected`` elementwise within ``rtol``/``atol``, with the same shape.

    NaN matches NaN and ±inf must match exactly; ``dtype`` (if given) must match too.
    Unlike ``np.allclose`` this never broadcasts, so a scalar cannot pass for an array.
    ``what`` names the quantity and the input it was computed for (``"sigmoid([0, 2])"``);
    the message shows expected beside actual (whole for a small array, else the first
    positions that differ) and names where a NaN or an infinity is out of place.
    """
    a, e = _as_array(actual), _as_array(expected)
    if a.dtype.kind not in "biuf":
        raise AssertionError(f"{what}: expected numbers, got {type(actual).__name__} of dtype {a.dtype}")
    if a.shape != e.shape:
        raise AssertionError(f"{what}: shape {a.shape}, expected {e.shape}")
    if dtype is not None and a.dtype != np.dtype(dtype):
        raise AssertionError(f"{what}: dtype {a.dtype}, expected {np.dtype(dtype)}")
    if np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=True):
        return
    af, ef = a.astype(float), e.astype(float)
    with np.errstate(all="ignore"):
        wrong = ~np.isclose(af, ef, rtol=rtol, atol=atol, equal_nan=True)
        diff = np.where(wrong & np.isfinite(af) & np.isfinite(ef), np.abs(af - ef), 0.0)
    special = wrong & ~(np.isfinite(af) & np.isfinite(ef))
    details = []
    if special.any():
        first = [tuple(i) for i in np.argwhere(special)[:SHOWN]]
        details.append("NaN or inf out of place at " + ", ".join(
            f"{_position(i)} (expected {_number(ef[i])}, got {_number(af[i])})" for i in first))
    if diff.any():
        details.append(f"max abs error {diff.max():.3g} where both are numbers")
    raise AssertionError(f"{what}: {int(wrong.sum())} of {e.size} values differ from the expected ones "
                         f"(rtol={rtol:g}, atol={atol:g}; {'; '.join(details)})\n"
                         + difference_table(af, ef, wrong))


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
