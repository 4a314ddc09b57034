"""Derivative explorer logic: f′(x₀) four ways, tangent, saturated and dead regions, validation."""
from __future__ import annotations

import numpy as np
import pytest

import actlab
from actlab.widgets.derivative import (GRID, DerivativeState, compute, derivative_table,
                                       intervals, regions)

ELEMENTWISE = actlab.names(elementwise=True)
STEP = GRID[1] - GRID[0]


def test_sigmoid_at_six_agrees_four_ways():
    """σ′(6) = σ(6)(1 − σ(6)) ≈ 0.00247 analytically, by finite difference, PyTorch and TensorFlow."""
    at = compute(DerivativeState("sigmoid", x0=6.0))["at_x0"]
    s = 1.0 / (1.0 + np.exp(-6.0))
    assert at["analytic"] == pytest.approx(s * (1 - s), rel=1e-14)
    assert round(at["analytic"], 5) == 0.00247
    for key in ("finite_difference", "torch", "tensorflow"):
        assert at[key] == pytest.approx(at["analytic"], rel=1e-7, abs=1e-12), key


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_every_activation_agrees_away_from_kinks(name):
    """Autograd agrees with the analytic derivative to 1e-8 in float64.

    Not to machine precision everywhere: some built-ins use float32 constants even on
    float64 input (TensorFlow's leaky_relu slope and GELU coefficients, PyTorch's 1/6 in
    hardsigmoid's backward), which the explorer's "minus analytic" column shows.
    """
    x = np.array([-2.7, -0.4, 1.3, 4.6])  # no kink of any catalog activation
    table = derivative_table(name, dict(actlab.spec(name).params), x)
    for key in ("torch", "tensorflow", "finite_difference"):
        np.testing.assert_allclose(table[key], table["analytic"], rtol=0, atol=1e-8, err_msg=key)


def test_at_a_kink_the_finite_difference_averages_the_one_sided_slopes():
    at = compute(DerivativeState("relu", x0=0.0))["at_x0"]
    assert at["analytic"] == at["torch"] == at["tensorflow"] == 0.0  # PyTorch's subgradient choice
    assert at["finite_difference"] == pytest.approx(0.5)


def test_frameworks_off_leaves_them_out():
    at = compute(DerivativeState("tanh", x0=1.0, frameworks=False))["at_x0"]
    assert set(at) == {"f", "analytic", "finite_difference"}


def test_tangent_touches_f_at_x0_with_slope_f_prime():
    result = compute(DerivativeState("gelu", x0=-0.5, frameworks=False))
    (xa, xb), (ya, yb) = result["tangent"]
    at = result["at_x0"]
    assert (yb - ya) / (xb - xa) == pytest.approx(at["analytic"])
    assert ya + at["analytic"] * (-0.5 - xa) == pytest.approx(at["f"])


def test_sigmoid_saturates_beyond_about_two():
    """σ′(x) < 0.1 exactly when |x| > ln((1 + √0.6)/(1 − √0.6)) ≈ 2.063: on the grid, |x| ≥ 2.1."""
    result = compute(DerivativeState("sigmoid"))
    assert result["saturated"] == [(-8.0, -2.1), (2.1, 8.0)]
    assert result["dead"] == []


@pytest.mark.parametrize("name, params, saturated, dead", [
    ("relu", {}, [(-8.0, 0.0)], [(-8.0, 0.0)]),  # f′(0) = 0, as in PyTorch
    ("leaky_relu", {}, [(-8.0, 0.0)], []),
    ("leaky_relu", {"negative_slope": 0.2}, [], []),
    ("leaky_relu", {"negative_slope": 0.0}, [(-8.0, 0.0)], [(-8.0, 0.0)]),
    ("hard_sigmoid", {}, [(-8.0, -3.0), (3.0, 8.0)], [(-8.0, -3.0), (3.0, 8.0)]),
    ("relu6", {}, [(-8.0, 0.0), (6.0, 8.0)], [(-8.0, 0.0), (6.0, 8.0)]),
    ("identity", {}, [], []),
])
def test_regions(name, params, saturated, dead):
    result = compute(DerivativeState(name, params=params, frameworks=False))
    assert result["saturated"] == saturated
    assert result["dead"] == dead


def test_intervals_are_maximal_runs():
    x = np.arange(6.0)
    assert intervals(x, [True, True, False, True, False, True]) == [(0.0, 1.0), (3.0, 3.0), (5.0, 5.0)]
    assert intervals(x, [False] * 6) == []
    assert regions(x, np.array([0.0, 0.05, 0.5, 1.0, -0.05, 0.0])) == {
        "saturated": [(0.0, 1.0), (4.0, 5.0)], "dead": [(0.0, 0.0), (5.0, 5.0)]}


def test_grid_hits_the_kinks_exactly():
    for kink in (0.0, -3.0, 3.0, 6.0):
        assert kink in GRID
    assert STEP == pytest.approx(0.05) and GRID[0] == -8.0 and GRID[-1] == 8.0


def test_params_and_overlay():
    state = DerivativeState("elu", x0=-1.0, params={"alpha": 2.0}, overlay=("relu", "elu", "relu"))
    assert dict(state.params) == {"alpha": 2.0}
    assert state.overlay == ("relu",)  # the chosen activation and repeats are dropped
    result = compute(state)
    assert list(result["curves"]) == ["elu", "relu"]
    assert result["at_x0"]["analytic"] == pytest.approx(2.0 * np.exp(-1.0))
    assert dict(DerivativeState("softplus").params) == {"beta": 1.0, "threshold": 20.0}


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "swish"}, "unknown activation 'swish'"),
    ({"activation": "softmax"}, "not elementwise"),
    ({"x0": 9.0}, r"x0 = 9.0 is outside \[-8, 8\]"),
    ({"x0": float("nan")}, "x0 must be a finite number"),
    ({"x0": "6"}, "x0 must be a finite number"),
    ({"activation": "leaky_relu", "params": {"negative_slope": -0.5}}, "negative_slope = -0.5 is outside"),
    ({"activation": "softplus", "params": {"beta": 0.0}}, "beta = 0.0 is outside"),
    ({"overlay": "tanh"}, "overlay must be a sequence"),
    ({"overlay": ("tanh", "nope")}, "unknown activation 'nope'"),
])
def test_invalid_state_raises_a_clear_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        DerivativeState(**kwargs)


def test_unknown_parameter_is_a_type_error_as_in_the_backends():
    with pytest.raises(TypeError, match="sigmoid has no parameter 'alpha'; it takes none"):
        DerivativeState(params={"alpha": 1.0})
