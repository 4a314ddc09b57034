"""Numerical stability of the NumPy backend: no warnings, no inf/NaN where the true value is finite.

Warnings are errors in every test of this directory (see conftest), so each call
below also proves that NumPy raised no overflow/invalid/divide warning.
"""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

import actlab

from actlab_cases import ELEMENTWISE, FLOATS, anp, param_cases, special_grid

FLOAT_IDS = [np.dtype(d).name for d in FLOATS]


@pytest.mark.parametrize("dtype", FLOATS, ids=FLOAT_IDS)
@pytest.mark.parametrize("name, params", param_cases(ELEMENTWISE))
def test_finite_everywhere_on_finite_inputs(name, params, dtype):
    """Every elementwise activation and its derivative is finite for every finite input,
    from ±1e-8 to ±(largest finite)/2 (where even SELU's λx still fits)."""
    x = special_grid(name, dtype, finite=True)
    y = anp.get(name, **params)(x)
    dy = anp.grad(name, **params)(x)
    assert y.dtype == dy.dtype == dtype
    assert np.isfinite(y).all(), x[~np.isfinite(y)]
    assert np.isfinite(dy).all(), x[~np.isfinite(dy)]


@pytest.mark.parametrize("dtype", FLOATS, ids=FLOAT_IDS)
@pytest.mark.parametrize("name, params", param_cases(ELEMENTWISE))
def test_largest_finite_inputs_warn_never_and_overflow_only_when_the_truth_does(name, params, dtype):
    """At ±(largest finite) no warning either; a result is ±inf only where the exact value
    (the catalog's mpmath definition) lies beyond the largest finite number (SELU: λ·max)."""
    top = np.finfo(dtype).max
    x = np.array([-top, top], dtype=dtype)
    y = anp.get(name, **params)(x)
    assert y.dtype == dtype and not np.isnan(y).any(), y
    record = actlab.spec(name)
    for v, value in zip(x, y):
        assert np.isfinite(value) == (abs(_exact(record, float(v), params)) <= top), (v, value)
    assert np.isfinite(anp.grad(name, **params)(x)).all()


def _exact(record, x: float, params) -> mp.mpf:
    """The catalog's exact value at ``x`` (50 digits). mpmath's Φ cannot evaluate x = −1.8e308
    (its series overflows a Python float); GELU there is x·Φ(x), |x·Φ(x)| < 1, so 0 stands in."""
    with mp.workdps(50):
        try:
            return record.exact(mp, mp.mpf(x), **{**record.params, **params})
        except OverflowError:
            assert record.name == "gelu" and x < 0, (record.name, x)
            return mp.mpf(0)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_float16_is_computed_in_float32(name):
    """float16 in → float16 out, equal to the float32 result rounded to float16."""
    x = special_grid(name, np.float16, finite=True)
    for fn in (anp.get(name), anp.grad(name)):
        expected = fn(x.astype(np.float32)).astype(np.float16)
        np.testing.assert_array_equal(fn(x), expected)


@pytest.mark.parametrize("dtype", FLOATS, ids=FLOAT_IDS)
def test_the_classic_overflow_cases(dtype):
    big = float(np.finfo(dtype).max) / 4  # so that log_softmax's −2·big is still finite
    x = np.array([-1000.0, 1000.0], dtype=dtype)
    assert anp.sigmoid(x).tolist() == [0.0, 1.0]
    assert anp.sigmoid_grad(x).tolist() == [0.0, 0.0]
    assert anp.softplus(x).tolist() == [0.0, 1000.0]
    assert anp.log_softmax(np.array([1000.0, 0.0], dtype=dtype)).tolist() == [0.0, -1000.0]
    huge = np.array([[big, 0.0, -big], [big, big, 0.0]], dtype=dtype)
    np.testing.assert_array_equal(anp.softmax(huge), np.array([[1, 0, 0], [0.5, 0.5, 0]], dtype=dtype))
    np.testing.assert_array_equal(anp.log_softmax(huge)[:, 0], np.array([0.0, -np.log(dtype(2))], dtype=dtype))
    assert np.isfinite(anp.log_softmax(huge)).all()


@pytest.mark.parametrize("dtype", FLOATS, ids=FLOAT_IDS)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_family_finite_for_finite_logits(name, dtype):
    rng = np.random.default_rng(0)
    top = float(np.finfo(dtype).max) / 2
    x = np.concatenate([rng.standard_normal((4, 6)) * s for s in (1.0, 30.0, 1e3)] +
                       [np.array([[top, -top, 0.0, 1.0, -1.0, top]])]).astype(dtype)
    y = anp.get(name)(x, axis=-1)
    assert y.dtype == dtype and np.isfinite(y).all()
    g = np.ones_like(x)
    for vjp in (anp.softmax_vjp, anp.log_softmax_vjp):
        assert np.isfinite(vjp(x, g)).all()


def test_losses_are_finite_for_confident_wrong_logits():
    logits = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    targets = np.array([[0.0, 1.0], [0.0, 1.0]])
    loss, grad = anp.softmax_cross_entropy(logits, targets)
    assert loss == pytest.approx(1000.0) and np.isfinite(grad).all()
    loss, grad = anp.sigmoid_binary_cross_entropy(logits, targets)
    assert loss == pytest.approx(500.0) and np.isfinite(grad).all()
