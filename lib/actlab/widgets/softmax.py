"""Softmax explorer, the logic: probabilities, Jacobian and cross-entropy gradient for a few logits.

With logits z, temperature T and a target class c (one-hot t), the explorer shows, for
the softmax input u = z / T:

* p = softmax(u) (:func:`actlab.numpy.softmax`); T → 0 tends to one-hot on the largest
  logit, T → ∞ to uniform;
* the Jacobian J = ∂p/∂u = diag(p) − p pᵀ (:func:`actlab.numpy.softmax_jacobian`); every
  row sums to 0 because Σ_i p_i = 1 whatever u is;
* the cross-entropy L = −log p_c and its gradient ∂L/∂u = p − t
  (:func:`actlab.numpy.softmax_cross_entropy`; Bridle 1990). Gradients with respect to z
  are these divided by T.

>>> from actlab.widgets.softmax import SoftmaxState, compute
>>> compute(SoftmaxState((2.0, 1.0, 0.0), temperature=1.0))["probabilities"].round(3)
array([0.665, 0.245, 0.09 ])
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actlab import numpy as anp
from actlab import validate

EXPLORER = "softmax explorer"
CLASSES_RANGE = (2, 8)
LOGIT_RANGE = (-10.0, 10.0)
TEMPERATURE_RANGE = (0.01, 10.0)


@dataclass(frozen=True)
class SoftmaxState:
    """Logits (one per class), temperature and the target class of the cross-entropy."""

    logits: tuple[float, ...] = (2.0, 1.0, 0.1, -1.0)
    temperature: float = 1.0
    target: int = 0

    def __post_init__(self) -> None:
        logits = tuple(self.logits) if not isinstance(self.logits, str) else ()
        if not CLASSES_RANGE[0] <= len(logits) <= CLASSES_RANGE[1]:
            raise ValueError(f"{EXPLORER}: need {CLASSES_RANGE[0]} to {CLASSES_RANGE[1]} logits, "
                             f"got {self.logits!r}")
        logits = tuple(validate.number_in(EXPLORER, f"logit {i}", z, *LOGIT_RANGE) for i, z in enumerate(logits))
        object.__setattr__(self, "logits", logits)
        object.__setattr__(self, "temperature", validate.number_in(
            EXPLORER, "temperature", self.temperature, *TEMPERATURE_RANGE))
        object.__setattr__(self, "target", validate.integer_in(EXPLORER, "target", self.target, 0, len(logits) - 1))


def compute(state: SoftmaxState) -> dict:
    """``scaled_logits`` u, ``probabilities`` p, ``jacobian`` J (K×K), ``row_sums`` of J,
    ``onehot`` t, the cross-entropy ``loss`` and its ``gradient`` p − t (all with respect to u)."""
    u = np.asarray(state.logits, dtype=np.float64) / state.temperature
    onehot = np.eye(len(u))[state.target]
    jacobian = anp.softmax_jacobian(u)
    loss, gradient = anp.softmax_cross_entropy(u[None, :], onehot[None, :])
    return {"scaled_logits": u, "probabilities": anp.softmax(u), "jacobian": jacobian,
            "row_sums": jacobian.sum(axis=1), "onehot": onehot, "loss": float(loss),
            "gradient": gradient[0]}
