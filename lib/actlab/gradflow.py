"""Gradient flow through a deep MLP: per-layer gradient norms, in NumPy (by hand) and PyTorch.

A plain MLP of ``depth`` square layers ``h_l = f(h_{l-1} W_l)`` (no biases, so only the
activation and the initialisation shape the flow) is run forward on Gaussian input,
and the loss ``L = Σ h_L ⊙ g`` with a fixed Gaussian upstream gradient ``g`` is
backpropagated. The norm ‖∂L/∂W_l‖_F per layer shows vanishing (norms shrink towards
the input) and exploding (they grow) gradients.

Backward recursion (δ_l = ∂L/∂z_l, z_l = h_{l-1} W_l)::

    δ_L = g ⊙ f'(z_L),   ∂L/∂W_l = h_{l-1}ᵀ δ_l,   δ_{l-1} = (δ_l W_lᵀ) ⊙ f'(z_{l-1})

Each backward step multiplies by f'(z) ≤ 1/4 for the sigmoid, so the activation factors
alone shrink the gradient by at most 4^{-L} (Glorot & Bengio 2010; He et al. 2015).
"""
from __future__ import annotations

import numpy as np

from actlab import validate
from actlab import numpy as anp

#: initialisation name → weight standard deviation for a square layer of fan-in n
INITS = {
    "glorot": lambda n: np.sqrt(2.0 / (n + n)),   # Glorot & Bengio (2010), fan_in = fan_out = n
    "he": lambda n: np.sqrt(2.0 / n),              # He, Zhang, Ren & Sun (2015)
    "lecun": lambda n: np.sqrt(1.0 / n),           # LeCun et al. (1998); SELU's intended init
    "small": lambda n: 0.01,                       # N(0, 0.01²), the classic mistake
}


def init_std(init: str, width: int) -> float:
    """Weight standard deviation of ``init`` for a layer of fan-in ``width``."""
    validate.one_of("init_std", "initialisation", init, INITS)
    return float(INITS[init](width))


def _setup(activation: str, depth: int, width: int, init: str, n_samples: int, seed: int):
    validate.elementwise_activation("gradient flow", activation)
    validate.positive_int("gradient flow", depth=depth, width=width, n_samples=n_samples)
    rng = np.random.default_rng(seed)
    std = init_std(init, width)
    x = rng.standard_normal((n_samples, width))
    weights = [rng.normal(0.0, std, (width, width)) for _ in range(depth)]
    upstream = rng.standard_normal((n_samples, width)) / n_samples
    return x, weights, upstream


def layer_gradient_norms(activation: str, depth: int = 20, width: int = 64, init: str = "glorot",
                         *, n_samples: int = 256, seed: int = 0) -> np.ndarray:
    """‖∂L/∂W_l‖_F for l = 1..depth (index 0 is the layer next to the input), by hand in NumPy."""
    x, weights, g = _setup(activation, depth, width, init, n_samples, seed)
    f, df = anp.get(activation), anp.grad(activation)
    inputs, pre = [], []
    h = x
    for W in weights:
        inputs.append(h)
        pre.append(h @ W)
        h = f(pre[-1])
    norms = np.empty(depth)
    delta = g * df(pre[-1])
    for layer in range(depth - 1, -1, -1):
        norms[layer] = np.linalg.norm(inputs[layer].T @ delta)
        if layer:
            delta = (delta @ weights[layer].T) * df(pre[layer - 1])
    return norms


def layer_gradient_norms_torch(activation: str, depth: int = 20, width: int = 64, init: str = "glorot",
                               *, n_samples: int = 256, seed: int = 0, device=None) -> np.ndarray:
    """The same norms by ``torch.autograd`` (same weights and data), to check the hand-written pass."""
    import torch

    from actlab import torch as atorch

    x, weights, g = _setup(activation, depth, width, init, n_samples, seed)
    device = device or atorch.try_gpu()
    f = atorch.get(activation)
    Ws = [torch.tensor(W, device=device, requires_grad=True) for W in weights]
    h = torch.tensor(x, device=device)
    for W in Ws:
        h = f(h @ W)
    (h * torch.tensor(g, device=device)).sum().backward()
    return np.array([float(W.grad.norm()) for W in Ws])


def activation_variances(activation: str, depth: int = 20, width: int = 64, init: str = "glorot",
                         *, n_samples: int = 256, seed: int = 0) -> np.ndarray:
    """Var(h_l) per layer on the forward pass: the signal that the initialisation must preserve."""
    x, weights, _ = _setup(activation, depth, width, init, n_samples, seed)
    f = anp.get(activation)
    out = np.empty(depth)
    h = x
    for layer, W in enumerate(weights):
        h = f(h @ W)
        out[layer] = h.var()
    return out
