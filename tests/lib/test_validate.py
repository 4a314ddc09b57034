"""The one validation module: each kind of mistake raises one error type, with one message style."""
from __future__ import annotations

import re

import numpy as np
import pytest

from actlab import validate


@pytest.mark.parametrize("bad", [True, False, 0, -3, 2.0, "3", None, np.float64(4.0)])
def test_positive_int_rejects_everything_but_integers_from_one(bad):
    with pytest.raises(ValueError, match=rf"^fit: steps must be a positive integer, got {re.escape(repr(bad))}$"):
        validate.positive_int("fit", steps=bad)


@pytest.mark.parametrize("good", [1, 7, np.int64(3), np.uint8(2)])
def test_positive_int_accepts_numpy_integers(good):
    validate.positive_int("fit", steps=good)


@pytest.mark.parametrize("bad, why", [(True, "must be an integer"), (2.0, "must be an integer"),
                                      ("2", "must be an integer"), (0, r"= 0 is outside \[1, 5\]")])
def test_integer_in(bad, why):
    with pytest.raises(ValueError, match=f"^explorer: depth {why}"):
        validate.integer_in("explorer", "depth", bad, 1, 5)
    assert validate.integer_in("explorer", "depth", np.int32(3), 1, 5) == 3


@pytest.mark.parametrize("bad, why", [(True, "must be a finite number"), ("1", "must be a finite number"),
                                      (float("nan"), "must be a finite number"), (float("inf"), "must be a finite number"),
                                      (2.5, r"= 2.5 is outside \[0, 1\]")])
def test_number_in(bad, why):
    with pytest.raises(ValueError, match=f"^explorer: rate {why}"):
        validate.number_in("explorer", "rate", bad, 0.0, 1.0)
    assert validate.number_in("explorer", "rate", 1, 0.0, 1.0) == 1.0


def test_unknown_name_is_a_value_error_and_a_key_error():
    for error in (ValueError, KeyError):
        with pytest.raises(error, match=r"^grad: unknown activation 'swish'; choose one of identity, "):
            validate.elementwise_activation("grad", "swish")
    with pytest.raises(validate.UnknownName, match="unknown loss"):
        validate.one_of("TwoLayerMLP", "loss", ["mse"], ["mse", "cross_entropy"])  # unhashable


def test_not_elementwise_is_a_value_error_with_the_hint():
    with pytest.raises(ValueError, match=r"^grad: softmax is not elementwise .*; use softmax_vjp"):
        validate.elementwise_activation("grad", "softmax", hint="use softmax_vjp")
    assert validate.elementwise_activation("grad", "relu") == "relu"


def test_unknown_parameter_is_a_type_error_like_pythons_own():
    with pytest.raises(TypeError, match=r"^get: relu has no parameter 'alpha'; it takes none$"):
        validate.activation_params("get", "relu", {"alpha": 1.0})
    with pytest.raises(TypeError, match=r"^get: softmax has no parameter 'beta'; it takes axis$"):
        validate.activation_params("get", "softmax", {"beta": 1.0})
    validate.activation_params("get", "softplus", {"beta": 2.0})


def test_parameter_values_use_the_catalog_range():
    assert validate.param_value("explorer", "elu", "alpha", 2) == 2.0
    with pytest.raises(ValueError, match=r"^explorer: elu alpha = 4.0 is outside \[0, 3\]$"):
        validate.param_value("explorer", "elu", "alpha", 4.0)
    with pytest.raises(TypeError, match="elu has no parameter 'beta'"):
        validate.param_value("explorer", "elu", "beta", 1.0)


@pytest.mark.parametrize("bad", [np.array([True]), np.array([1j]), "1.0", np.array(["a"]), [[1.0], [1.0, 2.0]]])
def test_input_data_of_the_wrong_type_is_a_type_error(bad):
    with pytest.raises(TypeError, match="^relu: "):
        validate.as_real_array("relu", bad)


def test_integers_promote_and_floats_pass_through():
    x = np.ones(3, dtype=np.float32)
    assert validate.as_real_array("relu", x) is x
    assert validate.as_real_array("relu", [1, 2]).dtype == np.float64
