"""The input/output contract of all three backends (DESIGN.md, "Numerics"):

float16/32/64 preserved, integers promoted to float64, inputs never mutated, bool/complex/
object/str input rejected with a ``TypeError`` naming the function and the dtype, and
scalars, 0-d and empty arrays accepted.
"""
from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
import torch

import actlab
from actlab_cases import BACKENDS, ELEMENTWISE, GATED, NON_ELEMENTWISE, anp, atf, atorch, output_shape

ALL = actlab.names()


def functions(name):
    """(label, callable) for the forward and, if elementwise, the derivative of ``name`` in every backend."""
    for backend, module in BACKENDS.items():
        yield f"{backend}.{name}", module.get(name)
        if name in ELEMENTWISE:
            yield f"{backend}.{name}_grad", module.grad(name)


def dtype_name(y) -> str:
    return np.dtype(y.dtype.as_numpy_dtype if isinstance(y, tf.Tensor) else
                    str(y.dtype).removeprefix("torch.")).name


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("in_dtype, out_dtype", [
    ("float16", "float16"), ("float32", "float32"), ("float64", "float64"),
    ("int8", "float64"), ("int32", "float64"), ("int64", "float64"), ("uint8", "float64")])
def test_dtype_is_preserved_and_integers_promote(name, in_dtype, out_dtype):
    x = np.array([[0, 1, 3, 7]] if in_dtype.startswith("u") else [[-2, 0, 1, 3]], dtype=in_dtype)
    native = {"torch": torch.from_numpy(x.copy()), "tensorflow": tf.constant(x)}
    for label, fn in functions(name):
        backend = label.split(".")[0]
        for given in (x, native.get(backend, x)):
            y = fn(given)
            assert dtype_name(y) == out_dtype, f"{label}({type(given).__name__} {in_dtype}) -> {y.dtype}"
            assert tuple(y.shape) == output_shape(name, x.shape), label


@pytest.mark.parametrize("name", ALL)
def test_inputs_are_never_mutated(name):
    x = np.linspace(-4.0, 4.0, 12).reshape(3, 4)
    for dtype in (np.float16, np.float32, np.float64):
        xd = x.astype(dtype)
        before = xd.copy()
        y = anp.get(name)(xd)
        assert not np.shares_memory(y, xd), f"numpy {name} returned a view of its input"
        if name in ELEMENTWISE:
            anp.grad(name)(xd)
        else:
            g = np.ones_like(y)
            getattr(anp, f"{name}_vjp")(xd, g)
            np.testing.assert_array_equal(g, 1)
        np.testing.assert_array_equal(xd, before, err_msg=f"numpy {name} mutated a {dtype} input")
    t = torch.tensor(x)
    t_before = t.clone()
    atorch.get(name)(t)
    if name in ELEMENTWISE:
        atorch.grad(name)(t)
    assert torch.equal(t, t_before), f"torch {name} mutated its input"
    assert t.grad is None and not t.requires_grad


_BAD_INPUTS = {
    "bool": np.array([True, False]),
    "complex": np.array([1 + 2j, 0j]),
    "object": np.array([1.0, None], dtype=object),
    "str": np.array(["1.0", "2.0"]),
}
_BAD_TENSORS = {
    "torch": {"bool": torch.tensor([True]), "complex": torch.tensor([1 + 2j])},
    "tensorflow": {"bool": tf.constant([True]), "complex": tf.constant([1 + 2j]), "string": tf.constant(["a"])},
}


@pytest.mark.parametrize("name", ALL)
def test_non_real_input_raises_type_error_naming_function_and_dtype(name):
    for label, fn in functions(name):
        backend = label.split(".")[0]
        bad = [(kind, x) for kind, x in _BAD_INPUTS.items()]
        bad += [("str", "1.0")]
        bad += list(_BAD_TENSORS.get(backend, {}).items())
        for kind, x in bad:
            with pytest.raises(TypeError) as err:
                fn(x)
            message = str(err.value)
            assert name in message and kind in message, f"{label}({kind}): {message}"


def test_vjps_reject_non_real_upstream_gradients():
    for vjp in (anp.softmax_vjp, anp.log_softmax_vjp):
        with pytest.raises(TypeError, match="complex"):
            vjp(np.ones(3), np.ones(3, dtype=complex))


@pytest.mark.parametrize("name", [n for n in ALL if n not in GATED])  # gated: tests/lib/test_gated.py
def test_scalars_zero_d_and_empty_arrays(name):
    cases = [(0.5, ()), (2, ()), (np.array(-1.5), ()), (np.float32(0.25), ()),
             (np.zeros(0), (0,)), (np.zeros((0, 3)), (0, 3)), (np.zeros((2, 0)), (2, 0))]
    for label, fn in functions(name):
        for x, shape in cases:
            y = fn(x)
            assert tuple(y.shape) == shape, f"{label}({x!r})"
            if shape == () and name in NON_ELEMENTWISE:  # one entry along the axis
                assert float(y) == {"softmax": 1.0, "log_softmax": 0.0}[name], label


def test_numpy_scalars_come_back_as_numpy_scalars():
    y = anp.relu(-3)
    assert isinstance(y, np.float64) and y == 0.0
    assert isinstance(anp.sigmoid(np.float32(0.0)), np.float32)
