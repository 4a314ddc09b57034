"""A two-layer perceptron with hand-written backpropagation (NumPy), and a gradient checker.

This is the network of the source article's §4.3 done right (chapter 4 shows what it gets
wrong): the two
layers have *separate* parameters, and the chain rule keeps the ∂z/∂W factor::

    Z  = X W1 + b1          (N, H)   pre-activation of the hidden layer
    A  = f(Z)               (N, H)   hidden activation, elementwise
    Ŷ  = A W2 + b2          (N, O)   output (logits or regression values)

    δ2 = ∂L/∂Ŷ                        from the loss
    ∂W2 = Aᵀ δ2,  ∂b2 = Σ_n δ2
    δ1 = (δ2 W2ᵀ) ⊙ f'(Z)             for ReLU, f'(Z) = 1[Z > 0]
    ∂W1 = Xᵀ δ1,  ∂b1 = Σ_n δ1

Reference: Rumelhart, Hinton & Williams (1986); Goodfellow, Bengio & Courville (2016),
*Deep Learning*, §6.5.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from actlab import catalog, validate
from actlab import numpy as anp

PARAM_NAMES = ("W1", "b1", "W2", "b2")


def _mse(y_hat: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """L = (1/N) Σ_n ‖ŷ_n − y_n‖² / O ... i.e. the mean over all entries; ∂L/∂Ŷ = 2(Ŷ − Y)/(N·O)."""
    diff = y_hat - y
    return float(np.mean(diff ** 2)), 2.0 * diff / diff.size


LOSSES: dict[str, Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]]] = {
    "mse": _mse,
    "cross_entropy": anp.softmax_cross_entropy,
    "binary_cross_entropy": anp.sigmoid_binary_cross_entropy,
}


#: catalog ``init`` → variance of the hidden weights, from (fan_in, fan_out): He et al. (2015),
#: LeCun et al. (1998), Glorot and Bengio (2010)
HIDDEN_VARIANCE = {
    "he": lambda fan_in, fan_out: 2.0 / fan_in,
    "lecun": lambda fan_in, fan_out: 1.0 / fan_in,
    "glorot": lambda fan_in, fan_out: 2.0 / (fan_in + fan_out),
}


@dataclass
class TwoLayerMLP:
    r"""``X (N, D) → f(X W1 + b1) W2 + b2 (N, O)`` with analytic gradients.

    ``activation`` is any elementwise catalog name; ``loss`` is ``"mse"``,
    ``"cross_entropy"`` (softmax on the logits, one-hot targets) or
    ``"binary_cross_entropy"`` (sigmoid on the logits). The hidden weights are drawn
    from :math:`\mathcal N(0, s^2)` with the variance the activation's catalog ``init``
    names (:data:`HIDDEN_VARIANCE`: He for the ReLU family, LeCun for SELU, Glorot
    otherwise); the output weights are Glorot-initialised; ``seed`` fixes them.

    >>> net = TwoLayerMLP(2, 4, 1, activation="tanh", seed=0)
    >>> loss, grads = net.loss_and_grads(np.ones((3, 2)), np.zeros((3, 1)))
    >>> sorted(grads)
    ['W1', 'W2', 'b1', 'b2']
    """

    n_in: int
    n_hidden: int
    n_out: int
    activation: str = "relu"
    loss: str = "mse"
    seed: int = 0
    params: dict[str, np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        validate.elementwise_activation("TwoLayerMLP", self.activation)
        validate.one_of("TwoLayerMLP", "loss", self.loss, LOSSES)
        rng = np.random.default_rng(self.seed)
        std1 = np.sqrt(HIDDEN_VARIANCE[catalog.spec(self.activation).init](self.n_in, self.n_hidden))
        std2 = np.sqrt(2.0 / (self.n_hidden + self.n_out))
        self.params = {
            "W1": rng.normal(0.0, std1, (self.n_in, self.n_hidden)),
            "b1": np.zeros(self.n_hidden),
            "W2": rng.normal(0.0, std2, (self.n_hidden, self.n_out)),
            "b2": np.zeros(self.n_out),
        }

    def forward(self, X) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Ŷ and the cache {X, Z, A} that :meth:`backward` needs."""
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.n_in:
            raise ValueError(f"TwoLayerMLP.forward: X must have shape (N, {self.n_in}), got {X.shape}")
        p = self.params
        Z = X @ p["W1"] + p["b1"]
        A = anp.get(self.activation)(Z)
        return A @ p["W2"] + p["b2"], {"X": X, "Z": Z, "A": A}

    def backward(self, dY: np.ndarray, cache: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Gradients of the loss w.r.t. every parameter, given δ2 = ∂L/∂Ŷ."""
        W2 = self.params["W2"]
        delta1 = (dY @ W2.T) * anp.grad(self.activation)(cache["Z"])
        return {
            "W1": cache["X"].T @ delta1,
            "b1": delta1.sum(axis=0),
            "W2": cache["A"].T @ dY,
            "b2": dY.sum(axis=0),
        }

    def loss_and_grads(self, X, Y) -> tuple[float, dict[str, np.ndarray]]:
        """The loss on (X, Y) and its gradient w.r.t. W1, b1, W2, b2."""
        Y_hat, cache = self.forward(X)
        Y = np.asarray(Y, dtype=float)
        if Y.shape != Y_hat.shape:
            raise ValueError(f"TwoLayerMLP: targets have shape {Y.shape}, outputs {Y_hat.shape}")
        loss, dY = LOSSES[self.loss](Y_hat, Y)
        return float(loss), self.backward(dY, cache)

    def inactive_units(self, X) -> np.ndarray:
        """Boolean mask over the hidden units: True where :math:`z = x W_1 + b_1 \\le 0` on every
        row of ``X``. Such a ReLU unit gets no gradient from ``X`` — a *dead unit* if ``X`` is
        the training set (chapter 3); a leaky variant's unit is only inactive.

        >>> net = TwoLayerMLP(2, 3, 1, seed=0)
        >>> net.params["b1"][:] = [-100.0, 0.0, 100.0]
        >>> net.inactive_units(np.zeros((4, 2)))
        array([ True,  True, False])
        """
        return (self.forward(X)[1]["Z"] <= 0).all(axis=0)

    def step(self, X, Y, lr: float) -> float:
        """One step of plain gradient descent; returns the loss before the step."""
        loss, grads = self.loss_and_grads(X, Y)
        for name in PARAM_NAMES:
            self.params[name] -= lr * grads[name]
        return loss


def gradient_check(net: TwoLayerMLP, X, Y, eps: float = 1e-5) -> dict[str, float]:
    """Max relative error between backprop and central differences, per parameter.

    For each parameter entry θ: (L(θ + ε) − L(θ − ε)) / 2ε versus the analytic
    gradient; relative error |a − n| / max(|a| + |n|, 1e-12). Values below ~1e-6
    (float64) mean the backward pass is right. The default ε = 1e-5 is near the
    optimum ε_mach^{1/3} ≈ 6e-6 of central differences, balancing truncation error
    O(ε²) against rounding error O(ε_mach/ε); a smaller ε lets rounding dominate for
    small gradient entries.
    """
    _, analytic = net.loss_and_grads(X, Y)
    errors = {}
    for name in PARAM_NAMES:
        theta = net.params[name]
        numeric = np.zeros_like(theta)
        for idx in np.ndindex(theta.shape):
            saved = theta[idx]
            theta[idx] = saved + eps
            plus, _ = net.loss_and_grads(X, Y)
            theta[idx] = saved - eps
            minus, _ = net.loss_and_grads(X, Y)
            theta[idx] = saved
            numeric[idx] = (plus - minus) / (2 * eps)
        denom = np.maximum(np.abs(analytic[name]) + np.abs(numeric), 1e-12)
        errors[name] = float(np.max(np.abs(analytic[name] - numeric) / denom))
    return errors
