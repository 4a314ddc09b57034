"""The gated linear units (GLU, ReGLU, GEGLU, SwiGLU; Shazeer 2020): the definition, parity of the
three backends, the NumPy vector-Jacobian product against both autograds and finite differences,
and clear errors for inputs a gated unit cannot take."""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
import torch

import actlab
from actlab_cases import BACKENDS, GATED, anp, atf, atorch, to_numpy

#: the gate of each unit, written out (not read from the catalog): a wrong record fails
GATES = {"glu": torch.sigmoid, "reglu": torch.relu, "geglu": torch.nn.functional.gelu,
         "swiglu": torch.nn.functional.silu}
#: as tests/lib/test_parity.py allows: TensorFlow's float64 erf (GEGLU) is only float32-accurate
RTOL = {np.float32: 16 * float(np.finfo(np.float32).eps), np.float64: float(np.finfo(np.float32).eps)}


def test_the_catalog_lists_the_four_units_of_the_paper():
    assert GATED == list(GATES)
    for name in GATED:
        record = actlab.spec(name)
        assert not record.elementwise and "half as wide" in record.note
        assert record.paper is not None and record.paper.year in (2017, 2020)


def sample(shape, dtype, seed=0) -> np.ndarray:
    """N(0, 2²) values with a few exact zeros (ReGLU's kink) and large magnitudes."""
    x = 2.0 * np.random.default_rng(seed).standard_normal(shape)
    x.flat[::7] = 0.0
    x.flat[3::11] = 40.0
    x.flat[5::13] = -40.0
    return x.astype(dtype)


@pytest.mark.parametrize("name", GATED)
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("shape, axis", [((5, 8), -1), ((6, 3), 0), ((2, 4, 6), 1)])
def test_definition_and_backend_parity(name, dtype, shape, axis):
    """a ⊙ gate(b) for the halves along ``axis``, the same in NumPy, PyTorch and TensorFlow, to the
    tolerance of the elementwise parity tests: relative to |y| + |a|·max(1, |b|), since float32 gates
    lose relative accuracy in their tails (PyTorch's float32 GELU at b ≈ −4 is 2 % off)."""
    x = sample(shape, dtype)
    a, b = torch.chunk(torch.from_numpy(x.astype(np.float64)), 2, dim=axis)
    expected = (a * GATES[name](b)).numpy()
    scale = np.abs(expected) + np.abs(a.numpy()) * np.maximum(1.0, np.abs(b.numpy()))
    for backend, module in BACKENDS.items():
        y = to_numpy(module.get(name)(x, axis=axis))
        assert y.dtype == dtype and y.shape == expected.shape, backend
        bad = ~(np.abs(y - expected) <= RTOL[dtype] * scale)
        assert not bad.any(), f"{backend} {name}: {y[bad]} against {expected[bad]}"


@pytest.mark.parametrize("name", GATED)
@pytest.mark.parametrize("axis", [-1, 0])
def test_numpy_vjp_matches_both_autograds(name, axis):
    x = sample((6, 8), np.float64, seed=1)
    y = anp.get(name)(x, axis=axis)
    g = np.random.default_rng(2).standard_normal(y.shape)
    ours = getattr(anp, f"{name}_vjp")(x, g, axis=axis)
    assert ours.shape == x.shape
    np.testing.assert_allclose(ours, atorch.vjp(name, x, g, axis=axis).numpy(), rtol=1e-12, atol=1e-12)
    tf_tol = RTOL[np.float64]  # TensorFlow's float64 GELU gradient is float32-accurate
    np.testing.assert_allclose(ours, atf.vjp(name, x, g, axis=axis).numpy(), rtol=tf_tol, atol=tf_tol)


@pytest.mark.parametrize("name", GATED)
def test_numpy_vjp_matches_finite_differences(name):
    """Central differences of ⟨g, f(x)⟩, away from ReGLU's kink at b = 0."""
    rng = np.random.default_rng(3)
    x = rng.uniform(0.2, 2.0, (3, 6)) * rng.choice([-1.0, 1.0], (3, 6))
    g = rng.standard_normal((3, 3))
    f = anp.get(name)
    h = 1e-6
    numeric = np.empty_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        numeric[index] = (np.sum(g * f(x + step)) - np.sum(g * f(x - step))) / (2 * h)
    np.testing.assert_allclose(anp.gated_vjp(name, x, g), numeric, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("name", GATED)
def test_a_wrong_gate_derivative_would_be_caught(name):
    """The VJP tests can fail: dropping the a ⊙ f'(b) half gives a different answer."""
    x = sample((2, 4), np.float64, seed=4)
    g = np.ones((2, 2))
    vjp = anp.gated_vjp(name, x, g)
    assert not np.allclose(vjp[:, 2:], 0.0)


@pytest.mark.parametrize("name", GATED)
def test_odd_or_missing_axes_raise_value_errors_naming_the_function(name):
    for backend, module in BACKENDS.items():
        fn = module.get(name)
        for x, kwargs, message in [
            (np.ones((2, 3)), {}, r"even length, got shape \(2, 3\)"),
            (np.ones((3, 2)), {"axis": 0}, r"axis 0\) must have even length"),
            (np.ones((2, 4)), {"axis": 2}, r"axis 2 is out of range"),
            (0.5, {}, r"axis"),  # a scalar has no axis to split (NumPy sees it as shape (1,))
            (np.ones(4), {"axis": 1.0}, "axis must be an integer"),
        ]:
            with pytest.raises(ValueError, match=message) as err:
                fn(x, **kwargs)
            assert str(err.value).startswith(name), f"{backend}: {err.value}"


@pytest.mark.parametrize("name", GATED)
def test_empty_and_float16_inputs(name):
    for backend, module in BACKENDS.items():
        assert tuple(module.get(name)(np.zeros((3, 0))).shape) == (3, 0), backend
        assert tuple(module.get(name)(np.zeros((0, 4))).shape) == (0, 2), backend
    y = anp.get(name)(np.array([1.0, 2.0, 0.5, -0.5], dtype=np.float16))
    assert y.dtype == np.float16 and y.shape == (2,)


def test_vjp_errors():
    x = np.ones((2, 4))
    with pytest.raises(ValueError, match=r"swiglu_vjp: g has shape \(2, 4\), the output \(2, 2\)"):
        anp.swiglu_vjp(x, np.ones((2, 4)))
    with pytest.raises(ValueError, match="unknown gated linear unit 'softmax'"):
        anp.gated_vjp("softmax", x, np.ones((2, 2)))
    with pytest.raises(TypeError, match="glu_vjp.*complex"):
        anp.glu_vjp(x, np.ones((2, 2), dtype=complex))
    for module in (atorch, atf):
        with pytest.raises(ValueError, match=r"vjp: relu is elementwise; use grad\('relu'\)"):
            module.vjp("relu", x, x)
        with pytest.raises(ValueError, match="vjp: unknown activation 'nope'"):
            module.vjp("nope", x, x)
    with pytest.raises(ValueError, match="grad: swiglu is not elementwise"):
        anp.grad("swiglu")


def test_framework_vjp_also_covers_softmax():
    x = np.array([[0.0, 1.0, 2.0]])
    g = np.array([[1.0, -1.0, 0.5]])
    np.testing.assert_allclose(atorch.vjp("softmax", x, g).numpy(), anp.softmax_vjp(x, g), rtol=1e-12)
    np.testing.assert_allclose(atf.vjp("softmax", x, g).numpy(), anp.softmax_vjp(x, g), rtol=1e-12)


def test_torch_and_tensorflow_tensors_keep_their_type():
    x = np.arange(8.0).reshape(2, 4) - 3.0
    assert isinstance(atorch.swiglu(torch.from_numpy(x)), torch.Tensor)
    assert isinstance(atf.swiglu(tf.constant(x)), tf.Tensor)
