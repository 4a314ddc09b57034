"""NumPy ↔ PyTorch ↔ TensorFlow parity, forward and derivative, for every catalog activation.

``actlab.torch`` and ``actlab.tensorflow`` are the frameworks' own built-ins (their
derivatives come from autograd / GradientTape), so these tests compare our analytic
NumPy formulas with what practitioners actually run. The grids hold 0, ±1e-8, ±1, ±3,
±6, ±30, ±1e3, ±1e30, ±inf, NaN, every catalog kink and its neighbours, and 64 random
points. The rules:

* **Forward** — NaN exactly where the framework gives NaN, the same infinities, and
  elsewhere |ours − theirs| ≤ tol·(|theirs| + max(1, |x|)). The max(1, |x|) term admits
  the framework's absolute error ≈ eps·|x| where its formula cancels (e.g. PyTorch's
  float32 GELU(−3) = ½x(1 + erf(x/√2)) keeps only a few digits; ours keeps all of them,
  as ``test_accuracy`` shows against mpmath).
* **Derivative** — where the framework's value is finite, |ours − theirs| ≤ tol·(|theirs| + 1);
  where it is NaN at a non-NaN input, ours must be finite: PyTorch's GELU-tanh'(±inf),
  GELU-tanh'(±1e30) in float32 (x³ overflows), softsign'(±inf) and TensorFlow's
  hard_swish'(±inf) are NaN although the true derivative has a finite limit.
* **Kinks and NaN** — NumPy takes the subgradient of PyTorch's *scalar* kernel exactly, NaN
  inputs included (PyTorch's ReLU backward is ``x <= 0 ? 0 : g``, so ReLU'(NaN) = 1). The
  scalar kernel is evaluated on one-element tensors: it is the same code on every CPU, while
  the SIMD kernel that handles the bulk of a tensor gives other values at NaN for some
  functions (see below). TensorFlow picks
  differently at some kinks (its SELU/ELU backward branches on the *output*, so
  SELU'(0) = λ, not λα; its ReLU'(NaN) = 0), so TensorFlow's derivative is compared
  only away from the kinks (100 ulps) and at non-NaN inputs.
* **Known variations** — where a framework's own answer depends on the CPU, the code path,
  the element's position or a build option (``framework_behaviour.KNOWN_BEHAVIOURS``, each
  with its reason), the framework may give any documented outcome; ours is then held to our
  semantics instead: the mathematical limit (against mpmath) or PyTorch's scalar kernel.
  No test asserts that a framework reproduces one machine's edge behaviour.
* **Tolerance** — 16 eps in float32; in float64, float32's eps, because both frameworks
  have float64 kernels with float32 constants (PyTorch's hardsigmoid backward uses 1/6
  as a float, TensorFlow's leaky_relu its alpha and its GELU √½), good to ~1e-8 only.
  The accuracy of our float64 results is asserted at a few ulps in ``test_accuracy``.
"""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import tensorflow as tf
import torch

import actlab
from framework_behaviour import assert_known_outcomes
from actlab_cases import (ELEMENTWISE, SOFTMAX_FAMILY, anp, atf, atorch, eps, near_kink, param_cases,
                      special_grid, to_numpy)

DTYPES = (np.float32, np.float64)
FRAMEWORKS = {"torch": atorch, "tensorflow": atf}


def parity_tol(dtype) -> float:
    return 16 * eps(np.float32) if dtype == np.float32 else eps(np.float32)


def framework_input(framework: str, x: np.ndarray):
    """``x`` as the framework's own tensor type, so its built-in sees a native tensor."""
    return torch.from_numpy(x.copy()) if framework == "torch" else tf.constant(x)


CASES = param_cases(ELEMENTWISE, DTYPES)


def torch_scalar_kernel(fn, x: np.ndarray) -> np.ndarray:
    """``fn`` applied to each element alone, in a one-element tensor: PyTorch then runs the
    scalar code of its kernel, the same on every CPU (its SIMD code handles longer tensors)."""
    return np.array([to_numpy(fn(torch.from_numpy(x[i:i + 1].copy())))[0] for i in range(x.size)],
                    dtype=x.dtype)


def assert_forward_parity(x, ours, theirs, dtype, label, known=None):
    """Exact NaN/inf pattern and ``parity_tol`` elsewhere, except where ``known`` (a mask of
    inputs at which the framework's answer varies, already checked against its outcomes)."""
    assert ours.dtype == theirs.dtype == dtype, label
    if known is not None:
        x, ours, theirs = x[~known], ours[~known], theirs[~known]
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs), err_msg=f"{label}: NaN pattern, x={x}")
    infinite = np.isinf(theirs)
    np.testing.assert_array_equal(ours[infinite], theirs[infinite], err_msg=f"{label}: infinities")
    finite = np.isfinite(theirs)
    x, ours, theirs = x[finite], ours[finite], theirs[finite]
    bad = ~(np.abs(ours - theirs) <= parity_tol(dtype) * (np.abs(theirs) + np.maximum(1.0, np.abs(x))))
    assert not bad.any(), f"{label}: x={x[bad]} ours={ours[bad]} theirs={theirs[bad]}"


def assert_derivative_parity(x, ours, theirs, dtype, label, compared):
    """Compare where ``compared``; where the framework gives NaN at a non-NaN x, ours is finite."""
    assert ours.dtype == theirs.dtype == dtype, label
    framework_nan = compared & np.isnan(theirs) & ~np.isnan(x)
    assert np.isfinite(ours[framework_nan]).all(), f"{label}: ours not finite at x={x[framework_nan]}"
    check = compared & np.isfinite(theirs)
    assert check.sum() >= 20, f"{label}: too few points compared"
    x, ours, theirs = x[check], ours[check], theirs[check]
    bad = ~(np.abs(ours - theirs) <= parity_tol(dtype) * (np.abs(theirs) + 1.0))
    assert not bad.any(), f"{label}: x={x[bad]} ours={ours[bad]} theirs={theirs[bad]}"


@pytest.mark.parametrize("name, params, dtype", CASES)
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_forward_parity(framework, name, params, dtype):
    x = special_grid(name, dtype)
    ours = np.asarray(anp.get(name, **params)(x))
    theirs = to_numpy(FRAMEWORKS[framework].get(name, **params)(framework_input(framework, x)))
    known = assert_known_outcomes(framework, name, x, theirs, dtype)
    assert_forward_parity(x, ours, theirs, dtype, f"{framework} {name}", known)
    # where the framework varies, ours is the mathematical value (mpmath, 50 digits; ±inf exact)
    with mp.workdps(50):
        exact = np.array([float(actlab.spec(name).exact(mp, mp.mpf(float(v)), **{**actlab.spec(name).params, **params}))
                          for v in x[known]], dtype=dtype)
    np.testing.assert_array_equal(ours[known], exact, err_msg=f"{name} at x={x[known]}")


@pytest.mark.parametrize("name, params, dtype", CASES)
def test_derivative_parity_torch(name, params, dtype):
    x = special_grid(name, dtype)
    ours = np.asarray(anp.grad(name, **params)(x))
    theirs = to_numpy(atorch.grad(name, **params)(torch.from_numpy(x.copy())))
    known = assert_known_outcomes("torch", name, x, theirs, dtype, derivative=True)
    assert_derivative_parity(x, ours, theirs, dtype, f"torch {name}'", ~known)
    # at the kinks and at NaN we take the subgradient of PyTorch's scalar kernel exactly
    at_kink = np.isin(x, np.array(actlab.spec(name).kinks, dtype=dtype)) | np.isnan(x)
    scalar = torch_scalar_kernel(atorch.grad(name, **params), x[at_kink])
    np.testing.assert_allclose(ours[at_kink], scalar, rtol=parity_tol(dtype), atol=0,
                               err_msg=f"{name}': subgradient choice at kinks/NaN differs from PyTorch's")


@pytest.mark.parametrize("name, params, dtype", CASES)
def test_derivative_parity_tensorflow(name, params, dtype):
    x = special_grid(name, dtype)
    ours = np.asarray(anp.grad(name, **params)(x))
    theirs = to_numpy(atf.grad(name, **params)(tf.constant(x)))
    compared = ~near_kink(name, x, dtype) & ~np.isnan(x)
    assert_derivative_parity(x, ours, theirs, dtype, f"tensorflow {name}'", compared)


@pytest.mark.parametrize("name, params, dtype", CASES)
def test_derivative_at_infinity_is_the_limit(name, params, dtype):
    """f'(±inf) equals f'(±largest finite): the derivative's limit, never NaN."""
    big = np.finfo(dtype).max
    ours = np.asarray(anp.grad(name, **params)(np.array([-np.inf, -big, big, np.inf], dtype=dtype)))
    assert np.isfinite(ours).all(), ours
    np.testing.assert_allclose(ours[[0, 3]], ours[[1, 2]], rtol=0, atol=eps(dtype))


def test_tensorflow_kink_choice_differs_where_documented():
    """The reason TensorFlow is compared away from kinks: its SELU'(0) is λ, PyTorch's λα."""
    spec = actlab.spec("selu")
    assert float(atf.grad("selu")(np.zeros(1))[0]) == pytest.approx(actlab.catalog.SELU_SCALE)
    assert float(anp.grad("selu")(0.0)) == pytest.approx(actlab.catalog.SELU_SCALE * actlab.catalog.SELU_ALPHA)
    assert "TensorFlow gives λ" in spec.kink


def test_relu_derivative_at_nan_follows_pytorch():
    assert float(atorch.grad("relu")(torch.tensor([float("nan")]))[0]) == 1.0
    assert float(anp.grad("relu")(np.nan)) == 1.0


# --------------------------------------------------------------------------- softmax family
SOFTMAX_ROWS = np.array([
    [0.0, 1.0, 2.0, 3.0], [5.0, 5.0, 5.0, 5.0], [1000.0, 0.0, -1000.0, 1e-8],
    [1e30, 0.0, -1e30, 1.0], [-1e30, -1e30, -1e30, -1e30], [np.inf, 0.0, 1.0, 2.0],
    [-np.inf, 0.0, 1.0, 2.0], [-np.inf, -np.inf, -np.inf, -np.inf], [np.inf, np.inf, 0.0, 0.0],
    [np.inf, -np.inf, 0.0, 0.0], [np.nan, 0.0, 1.0, 2.0], [30.0, -30.0, 6.0, -6.0],
])


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("framework", FRAMEWORKS)
@pytest.mark.parametrize("name", SOFTMAX_FAMILY)
def test_softmax_family_parity(name, framework, dtype):
    """Rows of huge, infinite and NaN logits, along both axes: NaN and inf where PyTorch has them."""
    x = SOFTMAX_ROWS.astype(dtype)
    for axis in (-1, 0):
        ours = np.asarray(anp.get(name)(x, axis=axis))
        theirs = to_numpy(FRAMEWORKS[framework].get(name)(framework_input(framework, x), axis=axis))
        known = assert_known_outcomes(framework, name, x, theirs, dtype, axis=axis)
        # compare values, not |x|: softmax outputs do not scale with the logits
        assert_forward_parity(np.zeros_like(x), ours, theirs, dtype, f"{framework} {name} axis={axis}", known)
