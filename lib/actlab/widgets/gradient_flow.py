"""Gradient-flow explorer, the logic: ‖∂L/∂W_l‖ per layer of a deep MLP, for any activation and init.

The network and the passes are :mod:`actlab.gradflow`'s (a bias-free MLP of ``depth``
square layers of ``width`` units on Gaussian input, a fixed Gaussian upstream gradient):
:func:`~actlab.gradflow.layer_gradient_norms` gives the gradient norm of every layer's
weights, :func:`~actlab.gradflow.activation_variances` the variance of every layer's output.
Two things make the gradients vanish or explode (Glorot & Bengio 2010; He et al. 2015):

* the backward pass shrinks or grows them from layer to layer, measured by the ratio
  ‖∂L/∂W_1‖ / ‖∂L/∂W_L‖ (input-side layer over output-side layer);
* the forward signal dies out or blows up, Var(h_L) → 0 or ∞; since ∂L/∂W_l = h_{l-1}ᵀ δ_l,
  every layer's gradient then goes with it, whatever the ratio.

The residual and normalisation switches (``residual``, ``norm``) turn each layer into the
block ``h_l = [h_{l-1} +] f(N(h_{l-1} W_l))`` of :mod:`actlab.gradflow`.

The verdict is *vanishing* if the ratio is below 10⁻² or Var(h_L) below 10⁻⁴, *exploding*
if the ratio is above 10² or Var(h_L) above 10⁴, and *stable* otherwise (the input has
variance 1).

>>> from actlab.widgets.gradient_flow import GradientFlowState, compute
>>> compute(GradientFlowState("sigmoid", depth=20))["verdict"]
'vanishing'
>>> compute(GradientFlowState("relu", depth=20, init="glorot"))["reason"]
'signal'
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actlab import gradflow
from actlab import validate

EXPLORER = "gradient-flow explorer"
DEPTH_RANGE = (2, 100)
WIDTH_RANGE = (2, 512)
#: input samples per forward pass (the library's default is 256; 64 gives the same profile, faster)
N_SAMPLES = 64
#: (vanishing below, exploding above) for the first/last gradient ratio and for Var(h_L)
RATIO_LIMITS = (1e-2, 1e2)
SIGNAL_LIMITS = (1e-4, 1e4)


@dataclass(frozen=True)
class GradientFlowState:
    """The network the reader has chosen: activation, depth, width, initialisation, and whether
    each layer has an identity skip (``residual``) and a normalisation (``norm``, one of
    :data:`actlab.gradflow.NORMS`)."""

    activation: str = "sigmoid"
    depth: int = 20
    width: int = 64
    init: str = "glorot"
    residual: bool = False
    norm: str = "none"

    def __post_init__(self) -> None:
        validate.elementwise_activation(EXPLORER, self.activation)
        object.__setattr__(self, "depth", validate.integer_in(EXPLORER, "depth", self.depth, *DEPTH_RANGE))
        object.__setattr__(self, "width", validate.integer_in(EXPLORER, "width", self.width, *WIDTH_RANGE))
        validate.one_of(EXPLORER, "initialisation", self.init, tuple(gradflow.INITS))
        object.__setattr__(self, "residual", validate.flag(EXPLORER, "residual", self.residual))
        validate.one_of(EXPLORER, "normalisation", self.norm, tuple(gradflow.NORMS))


def verdict(ratio: float, signal: float) -> tuple[str, str]:
    """('vanishing' | 'exploding' | 'stable', why: 'ratio' | 'signal' | '') for a ratio and Var(h_L)."""
    for name, value, (low, high) in (("ratio", ratio, RATIO_LIMITS), ("signal", signal, SIGNAL_LIMITS)):
        if value < low:
            return "vanishing", name
        if value > high:
            return "exploding", name
    return "stable", ""


def compute(state: GradientFlowState) -> dict:
    """``layer`` (1..depth, 1 next to the input), ``norms`` ‖∂L/∂W_l‖_F, ``variances`` Var(h_l),
    ``ratio`` (first/last norm), ``signal`` (Var(h_L)), ``verdict`` and its ``reason``."""
    args = (state.activation, state.depth, state.width, state.init)
    block = {"residual": state.residual, "norm": state.norm, "n_samples": N_SAMPLES, "seed": 0}
    norms = gradflow.layer_gradient_norms(*args, **block)
    variances = gradflow.activation_variances(*args, **block)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = float(norms[0] / norms[-1])
    signal = float(variances[-1])
    result, reason = verdict(ratio, signal)
    return {"layer": np.arange(1, state.depth + 1), "norms": norms, "variances": variances,
            "ratio": ratio, "signal": signal, "verdict": result, "reason": reason}
