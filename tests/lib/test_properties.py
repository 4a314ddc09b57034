"""Property tests (hypothesis): identities that hold for every input, and the catalog's claims.

Settings (conftest): 25 examples per test, no deadline, derandomised so CI is reproducible.
"""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
import torch
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import actlab
from actlab_cases import ELEMENTWISE, anp, atf, atorch, eps, param_cases

MONOTONE = [n for n in ELEMENTWISE if actlab.spec(n).monotone]
NOT_MONOTONE = [n for n in ELEMENTWISE if not actlab.spec(n).monotone]


def real_arrays(dtype=np.float64, bound=1e6, min_dims=1, max_dims=2, min_side=1):
    """Arrays of finite floats in [−bound, bound]."""
    return arrays(dtype, array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=8),
                  elements=st.floats(-bound, bound, allow_nan=False, width=np.dtype(dtype).itemsize * 8))


dtypes = st.sampled_from([np.float32, np.float64])


@given(data=st.data(), dtype=dtypes)
def test_softmax_rows_are_distributions(data, dtype):
    x = data.draw(real_arrays(dtype))
    y = anp.softmax(x, axis=-1)
    assert y.dtype == dtype
    assert ((y >= 0) & (y <= 1)).all()
    np.testing.assert_allclose(y.sum(axis=-1), 1.0, rtol=0, atol=4 * x.shape[-1] * eps(dtype))


@given(x=real_arrays(bound=1e3))
def test_sigmoid_is_point_symmetric(x):
    np.testing.assert_allclose(anp.sigmoid(-x), 1.0 - anp.sigmoid(x), rtol=0, atol=eps(np.float64))


@given(x=real_arrays(min_dims=2), axis=st.sampled_from([0, -1]))
def test_log_softmax_is_log_of_softmax(x, axis):
    y = anp.softmax(x, axis=axis)
    normal = y >= np.finfo(y.dtype).smallest_normal  # where log(softmax) is finite and accurate
    expected = np.log(y[normal])
    np.testing.assert_allclose(anp.log_softmax(x, axis=axis)[normal], expected,
                               rtol=4 * eps(np.float64), atol=8 * x.shape[axis] * eps(np.float64))


@given(x=real_arrays(bound=100.0), shift=st.floats(-100.0, 100.0))
def test_softmax_is_shift_invariant(x, shift):
    np.testing.assert_allclose(anp.softmax(x + shift), anp.softmax(x), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(anp.log_softmax(x + shift), anp.log_softmax(x), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name, params", param_cases(MONOTONE))
@given(x=real_arrays(bound=1e4, max_dims=1, min_side=2), dtype=dtypes)
def test_monotone_activations_are_non_decreasing(name, params, x, dtype):
    """Sorted inputs give non-decreasing outputs and non-negative derivatives.

    A slack of 1e-8·max(1, |f|) admits PyTorch's softplus shortcut (f(x) = x for βx > threshold),
    which steps *down* by log1p(e^{-threshold})/β ≈ 2e-9 at the threshold in float64.
    """
    xs = np.sort(x.astype(dtype))
    y = anp.get(name, **params)(xs).astype(np.float64)
    assert (np.diff(y) >= -1e-8 * np.maximum(1.0, np.abs(y[1:]))).all(), (xs, y)
    assert (anp.grad(name, **params)(xs) >= 0).all()


@pytest.mark.parametrize("name", NOT_MONOTONE)
def test_non_monotone_activations_really_dip(name):
    """The catalog's monotone=False is not a typo: the derivative is negative somewhere."""
    x = np.linspace(-10.0, 10.0, 20001)
    assert (anp.grad(name)(x) < 0).any()


# --------------------------------------------------------------------------- softmax VJPs
def _torch_vjp(fn, x, g, axis):
    xt = torch.from_numpy(x.copy()).requires_grad_(True)
    (vjp,) = torch.autograd.grad(fn(xt, axis=axis), xt, torch.from_numpy(g.copy()))
    return vjp.numpy()


def _tf_vjp(fn, x, g, axis):
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = fn(xt, axis=axis)
    return tape.gradient(y, xt, output_gradients=tf.constant(g)).numpy()


def _logits_and_upstream(data):
    x = data.draw(real_arrays(bound=50.0, min_dims=2, max_dims=3), label="x")
    g = data.draw(arrays(np.float64, x.shape, elements=st.floats(-10, 10)), label="g")
    return x, g


@given(data=st.data())
def test_softmax_vjp_is_jacobian_transpose_times_g(data):
    x, g = _logits_and_upstream(data)
    vjp = anp.softmax_vjp(x, g)
    via_jacobian = np.einsum("...ij,...i->...j", anp.softmax_jacobian(x), g)
    np.testing.assert_allclose(vjp, via_jacobian, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(vjp, atorch.softmax_vjp(x, g).numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(vjp, atf.softmax_vjp(x, g).numpy(), rtol=1e-10, atol=1e-12)


@given(data=st.data(), axis=st.sampled_from([0, -1]))
def test_softmax_family_vjps_match_autograd(data, axis):
    x, g = _logits_and_upstream(data)
    for name, vjp in (("softmax", anp.softmax_vjp), ("log_softmax", anp.log_softmax_vjp)):
        ours = vjp(x, g, axis=axis)
        np.testing.assert_allclose(ours, _torch_vjp(atorch.get(name), x, g, axis), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours, _tf_vjp(atf.get(name), x, g, axis), rtol=1e-10, atol=1e-12)


def test_softmax_jacobian_shape_and_symmetry():
    x = np.random.default_rng(0).standard_normal((2, 3, 5))
    J = anp.softmax_jacobian(x)
    assert J.shape == (2, 3, 5, 5)
    np.testing.assert_allclose(J, np.swapaxes(J, -1, -2))
    np.testing.assert_allclose(J.sum(axis=-2), 0.0, atol=1e-15)  # Σ_i ∂y_i/∂x_j = 0: outputs sum to 1
