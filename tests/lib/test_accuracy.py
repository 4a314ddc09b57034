"""Accuracy of the NumPy backend: against mpmath at 50 digits, and against finite differences.

The frameworks are the reference for *semantics* (kinks, ±inf, NaN: ``test_parity``);
for *accuracy* the reference is exact arithmetic. A result is accepted when it is what
the exact function gives at an input perturbed by a few ulps, plus a few ulps of
rounding — the usual backward-error bound

    |ours − f(x)| ≤ C·eps·(|f(x)| + |x·f'(x)|) + tiny,

and likewise for f' with f''. The |x f'| term is the function's own conditioning (e.g.
GELU(−30) = −1.5e−196 changes by a relative 900·eps when x moves by one ulp), so no
implementation can do better; C = 8. This is where ours beats the frameworks: PyTorch's
float32 GELU(−6) is 0 instead of −5.9e−9 and its GELU-tanh(−6) loses every digit.
"""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

import actlab
from actlab_cases import ELEMENTWISE, anp, eps, param_cases

ULPS = 8
POINTS = np.array(sorted({s * m for m in (0.0, 1e-8, 0.1, 0.5, 1.0, 2.9, 3.0, 5.5, 6.0, 20.5, 30.0,
                                           100.0, 1e3, 1e30) for s in (1.0, -1.0)}))

def _reference(name):
    """The catalog's exact definition of ``name`` (``Activation.exact``) at PyTorch's defaults."""
    record = actlab.spec(name)
    return lambda x: record.exact(mp, x, **record.params)


def _derivatives(f, x: float, orders):
    """f^(k)(x) for k in ``orders`` at 50 digits (step scaled to |x| for huge inputs)."""
    with mp.workdps(50):
        xm = mp.mpf(x)
        h = mp.mpf(2) ** -60 * max(1, abs(xm))
        return [float(mp.diff(f, xm, k, h=h)) for k in orders]


def _assert_backward_stable(x, ours, exact, slope, dtype, label):
    tiny = np.finfo(dtype).smallest_normal
    bound = ULPS * eps(dtype) * (np.abs(exact) + np.abs(x * slope)) + tiny
    bad = ~(np.abs(ours - exact) <= bound)
    assert not bad.any(), f"{label}: x={x[bad]} ours={ours[bad]} exact={exact[bad]}"


@pytest.mark.parametrize("dtype", (np.float16, np.float32, np.float64), ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("name", ELEMENTWISE)
def test_forward_and_derivative_match_mpmath(name, dtype):
    f = _reference(name)
    x = POINTS[np.abs(POINTS) <= np.finfo(dtype).max].astype(dtype)
    xd = x.astype(np.float64)
    with mp.workdps(50):
        exact = np.array([float(f(mp.mpf(v))) for v in xd])
    smooth = ~np.isin(xd, actlab.spec(name).kinks)
    d1, d2 = np.array([_derivatives(f, v, (1, 2)) if s else (np.nan, np.nan)
                       for v, s in zip(xd, smooth)]).T
    ours = np.asarray(anp.get(name)(x), dtype=np.float64)
    _assert_backward_stable(xd, ours, exact, np.nan_to_num(d1, nan=0.0), dtype, f"{name}")
    ours_d = np.asarray(anp.grad(name)(x), dtype=np.float64)[smooth]
    _assert_backward_stable(xd[smooth], ours_d, d1[smooth], d2[smooth], dtype, f"{name}'")


@pytest.mark.parametrize("name, params", param_cases(ELEMENTWISE))
def test_derivative_matches_central_differences(name, params):
    """(f(x + h) − f(x − h)) / 2h in float64, h = 1e-7·max(1, |x|), at points ≥ 2h from any kink.

    Truncation error is O(h²) where f is C³ and O(h) where it is only C¹ (softsign at 0),
    rounding error O(eps/h): both stay below the 1e-6 tolerance.
    """
    rng = np.random.default_rng(1)
    x = np.concatenate([4.0 * rng.standard_normal(200), POINTS[np.abs(POINTS) <= 1e3]])
    h = 1e-7 * np.maximum(1.0, np.abs(x))
    kinks = np.array(actlab.spec(name).kinks)
    far = np.all(np.abs(x[:, None] - kinks[None, :]) > 2 * h[:, None], axis=1) if kinks.size else True
    x, h = x[far], h[far]
    # softplus switches to x at βx = threshold, a jump of log1p(e^{-threshold})/β: stay clear of it
    if "threshold" in actlab.spec(name).params:
        beta, threshold = params.get("beta", 1.0), params.get("threshold", 20.0)
        keep = np.abs(beta * x - threshold) > 2 * beta * h
        x, h = x[keep], h[keep]
    f, df = anp.get(name, **params), anp.grad(name, **params)
    numeric = (f(x + h) - f(x - h)) / (2 * h)
    np.testing.assert_allclose(df(x), numeric, rtol=1e-6, atol=1e-8, err_msg=name)
