"""Derivative explorer, the logic: f, f′, the tangent at x₀, and f′(x₀) computed four ways.

For one catalog activation (with its parameters) and a point x₀ this computes

* f and the analytic derivative f′ (:func:`actlab.numpy.grad`) on a fixed grid;
* at x₀: the analytic f′(x₀), the central finite difference
  (f(x₀ + h) − f(x₀ − h)) / 2h with h = 10⁻⁵ (error O(h²) where f is smooth; at a kink
  it averages the two one-sided slopes), and the derivative by PyTorch autograd
  (:func:`actlab.torch.grad`) and TensorFlow's GradientTape (:func:`actlab.tensorflow.grad`);
* the tangent line y = f(x₀) + f′(x₀)(x − x₀);
* the saturated regions, where |f′| < 0.1 (a gradient through the unit shrinks
  tenfold or more), and the dead zones, where f′ = 0 exactly (no gradient at all).

Nothing here imports ipywidgets: :func:`compute` maps a :class:`DerivativeState` to
plain numbers and arrays, which the notebook view (:mod:`actlab.widgets.views`) draws
and the static-site export (:mod:`actlab.widgets.export`) writes out.

>>> from actlab.widgets.derivative import DerivativeState, compute
>>> r = compute(DerivativeState("sigmoid", x0=6.0, frameworks=False))
>>> round(r["at_x0"]["analytic"], 5)
0.00247
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np

from actlab import catalog, validate
from actlab import numpy as anp

EXPLORER = "derivative explorer"
#: x₀ and the plotted x range
X_MIN, X_MAX = -8.0, 8.0
#: the grid on which curves are drawn and regions found: step 1/20, exact at 0, ±3 and 6 (the kinks)
GRID = np.arange(-160, 161) / 20.0
#: step of the central finite difference
FD_STEP = 1e-5
#: |f′| below this counts as saturated
SATURATION = 0.1
#: the tangent is drawn over x₀ ± this (within the plotted range)
TANGENT_HALF_WIDTH = 2.0
#: the names of the derivative estimates at x₀, in display order
ESTIMATES = ("analytic", "finite_difference", "torch", "tensorflow")


def full_params(activation: str, params: Mapping[str, float]) -> dict[str, float]:
    """The full parameter set of ``activation``: catalog defaults overridden by ``params``, validated."""
    return {**catalog.spec(activation).params,
            **{key: validate.param_value(EXPLORER, activation, key, value) for key, value in params.items()}}


@dataclass(frozen=True)
class DerivativeState:
    """What the reader has chosen: the activation (with parameters), x₀, overlaid activations.

    ``params`` may give some of the activation's parameters; the rest take the catalog's
    (PyTorch's) defaults. ``overlay`` activations are drawn with their default parameters.
    ``frameworks`` adds the PyTorch and TensorFlow autograd derivatives at x₀.
    """

    activation: str = "sigmoid"
    x0: float = 0.0
    params: Mapping[str, float] = field(default_factory=dict)
    overlay: tuple[str, ...] = ()
    frameworks: bool = True

    def __post_init__(self) -> None:
        validate.elementwise_activation(EXPLORER, self.activation)
        x0 = validate.number_in(EXPLORER, "x0", self.x0, X_MIN, X_MAX)
        params = MappingProxyType(full_params(self.activation, dict(self.params)))
        if isinstance(self.overlay, str):
            raise ValueError(f"{EXPLORER}: overlay must be a sequence of names, got the string {self.overlay!r}")
        overlay = tuple(dict.fromkeys(validate.elementwise_activation(EXPLORER, name)
                                      for name in self.overlay if name != self.activation))
        for name, value in (("x0", x0), ("params", params), ("overlay", overlay),
                            ("frameworks", bool(self.frameworks))):
            object.__setattr__(self, name, value)


def derivative_table(activation: str, params: Mapping[str, float], x: np.ndarray, *,
                     frameworks: bool = True) -> dict[str, np.ndarray]:
    """f(x) and f′(x) at the points ``x`` by every method in :data:`ESTIMATES` (float64 arrays).

    ``frameworks=False`` leaves out PyTorch and TensorFlow (and does not import them).
    """
    x = np.asarray(x, dtype=np.float64)
    f = anp.get(activation, **params)
    table = {"f": f(x), "analytic": anp.grad(activation, **params)(x),
             "finite_difference": (f(x + FD_STEP) - f(x - FD_STEP)) / (2 * FD_STEP)}
    if frameworks:
        from actlab import tensorflow as atf
        from actlab import torch as atorch

        table["torch"] = atorch.grad(activation, **params)(x).numpy()
        table["tensorflow"] = atf.grad(activation, **params)(x).numpy()
    return table


def intervals(x: np.ndarray, mask: np.ndarray) -> list[tuple[float, float]]:
    """The maximal runs of consecutive points of ``x`` where ``mask`` holds, as (first, last) pairs."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], np.asarray(mask, dtype=np.int8), [0]])))
    return [(float(x[start]), float(x[stop - 1])) for start, stop in zip(edges[::2], edges[1::2])]


def regions(x: np.ndarray, df: np.ndarray) -> dict[str, list[tuple[float, float]]]:
    """Saturated (|f′| < :data:`SATURATION`) and dead (f′ = 0) intervals of the grid ``x``."""
    return {"saturated": intervals(x, np.abs(df) < SATURATION), "dead": intervals(x, df == 0)}


def compute(state: DerivativeState) -> dict:
    """Everything the explorer shows for ``state``.

    Returns ``x`` (the grid), ``curves`` (name → ``{"f", "df"}`` on the grid; the chosen
    activation first, with its parameters), ``at_x0`` (``f`` and each of :data:`ESTIMATES`
    at x₀, as floats; PyTorch and TensorFlow only with ``state.frameworks``), ``tangent``
    (two points ``(xs, ys)``) and the ``saturated`` / ``dead`` intervals of the chosen activation.
    """
    curves = {}
    for name in (state.activation, *state.overlay):
        params = state.params if name == state.activation else {}
        curves[name] = {"f": anp.get(name, **params)(GRID), "df": anp.grad(name, **params)(GRID)}
    point = derivative_table(state.activation, state.params, np.array([state.x0]),
                             frameworks=state.frameworks)
    at_x0 = {key: float(values[0]) for key, values in point.items()}
    xs = np.clip([state.x0 - TANGENT_HALF_WIDTH, state.x0 + TANGENT_HALF_WIDTH], X_MIN, X_MAX)
    tangent = (xs, at_x0["f"] + at_x0["analytic"] * (xs - state.x0))
    return {"x": GRID, "x0": state.x0, "curves": curves, "at_x0": at_x0, "tangent": tangent,
            **regions(GRID, curves[state.activation]["df"])}
