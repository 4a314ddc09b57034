"""Gradient-flow explorer logic: the library's per-layer norms, summarised as vanishing/stable/exploding."""
from __future__ import annotations

import numpy as np
import pytest

from actlab import gradflow
from actlab.widgets.gradient_flow import N_SAMPLES, GradientFlowState, compute, verdict


def test_sigmoid_gradients_vanish_towards_the_input():
    result = compute(GradientFlowState("sigmoid", depth=20, width=64, init="glorot"))
    norms = result["norms"]
    assert (result["verdict"], result["reason"]) == ("vanishing", "ratio")
    assert result["ratio"] < 0.25 ** 10  # each sigmoid layer multiplies by σ′ ≤ 1/4
    assert np.all(np.diff(np.log(norms)) > 0)  # every layer closer to the input gets less
    assert list(result["layer"]) == list(range(1, 21))


def test_relu_needs_he_init():
    """With Glorot's variance ReLU halves the signal per layer: the ratio stays near 1, yet every
    layer's gradient vanishes with the signal. He initialisation keeps both (He et al. 2015)."""
    glorot = compute(GradientFlowState("relu", depth=20, width=64, init="glorot"))
    he = compute(GradientFlowState("relu", depth=20, width=64, init="he"))
    assert 0.5 < glorot["ratio"] < 4
    assert (glorot["verdict"], glorot["reason"]) == ("vanishing", "signal")
    assert glorot["signal"] < 1e-5 < he["signal"]
    assert (he["verdict"], he["reason"]) == ("stable", "")
    assert he["norms"].min() > 100 * glorot["norms"].max()


def test_identity_with_he_init_explodes():
    result = compute(GradientFlowState("identity", depth=20, width=64, init="he"))
    assert (result["verdict"], result["reason"]) == ("exploding", "signal")


def test_the_explorer_shows_the_library_numbers():
    result = compute(GradientFlowState("tanh", depth=10, width=16, init="lecun"))
    args = ("tanh", 10, 16, "lecun")
    np.testing.assert_array_equal(result["norms"], gradflow.layer_gradient_norms(*args, n_samples=N_SAMPLES))
    np.testing.assert_array_equal(result["variances"], gradflow.activation_variances(*args, n_samples=N_SAMPLES))
    assert result["signal"] == result["variances"][-1]


def test_verdict_thresholds():
    assert [verdict(r, 1.0)[0] for r in (1e-3, 1e-2, 1.0, 1e2, 1e3)] == [
        "vanishing", "stable", "stable", "stable", "exploding"]
    assert [verdict(1.0, v) for v in (1e-5, 1e-4, 1e4, 1e5)] == [
        ("vanishing", "signal"), ("stable", ""), ("stable", ""), ("exploding", "signal")]
    assert verdict(1e-3, 1e5) == ("vanishing", "ratio")  # the backward ratio is judged first


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "log_softmax"}, "not elementwise"),
    ({"depth": 1}, r"depth = 1 is outside \[2, 100\]"),
    ({"depth": 2.5}, "depth must be an integer"),
    ({"width": 10_000}, "width = 10000 is outside"),
    ({"init": "xavier"}, "unknown initialisation 'xavier'; choose one of glorot, he, lecun, small"),
])
def test_invalid_state_raises_a_clear_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GradientFlowState(**kwargs)


def test_the_residual_and_norm_switches_use_the_library_numbers():
    state = GradientFlowState("sigmoid", depth=30, width=32, init="glorot", residual=True, norm="layer")
    result = compute(state)
    block = {"residual": True, "norm": "layer", "n_samples": N_SAMPLES}
    np.testing.assert_array_equal(result["norms"], gradflow.layer_gradient_norms("sigmoid", 30, 32, "glorot", **block))
    np.testing.assert_array_equal(result["variances"],
                                  gradflow.activation_variances("sigmoid", 30, 32, "glorot", **block))
    assert result["verdict"] == "stable"
    assert compute(GradientFlowState("sigmoid", depth=30, width=32))["verdict"] == "vanishing"


@pytest.mark.parametrize("kwargs, message", [
    ({"residual": 1}, "residual must be True or False, got 1"),
    ({"residual": "yes"}, "residual must be True or False"),
    ({"norm": "group"}, "unknown normalisation 'group'; choose one of none, layer, batch"),
])
def test_invalid_switches_raise_a_clear_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GradientFlowState(**kwargs)
