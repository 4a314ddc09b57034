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

Two switches turn the plain stack into the blocks of today's deep networks::

    z_l = N(h_{l-1} W_l),   h_l = [h_{l-1} +] f(z_l)

``norm`` chooses N: ``"none"`` (identity), ``"layer"`` (LayerNorm, Ba et al. 2016: each sample's
features to mean 0, variance 1) or ``"batch"`` (BatchNorm in training mode, Ioffe & Szegedy
2015: each feature over the batch), both without learnable scale and shift and with ε = 1e-5
as in PyTorch; ``residual=True`` adds the identity skip ``h_{l-1}`` (He et al. 2016). The
backward pass then reads::

    δ_l = ∂L/∂z_l = N'ᵀ((∂L/∂h_l) ⊙ f'(z_l)),   ∂L/∂h_{l-1} = δ_l W_lᵀ [+ ∂L/∂h_l]

with N'ᵀ u = (u − mean(u) − x̂ ⊙ mean(u ⊙ x̂)) / σ over the normalised axis (x̂ = N(h W), σ its
standard deviation). The skip carries ∂L/∂h_l to every earlier layer unchanged, whatever f'.
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


#: normalisation name → the axis it normalises over ((N, width) activations), None for none
NORMS = {"none": None, "layer": 1, "batch": 0}
#: added to the variance, as in torch.nn.LayerNorm / BatchNorm1d
NORM_EPS = 1e-5


def _setup(activation: str, depth: int, width: int, init: str, n_samples: int, seed: int,
           norm: str = "none"):
    validate.elementwise_activation("gradient flow", activation)
    validate.positive_int("gradient flow", depth=depth, width=width, n_samples=n_samples)
    validate.one_of("gradient flow", "normalisation", norm, NORMS)
    rng = np.random.default_rng(seed)
    std = init_std(init, width)
    x = rng.standard_normal((n_samples, width))
    weights = [rng.normal(0.0, std, (width, width)) for _ in range(depth)]
    upstream = rng.standard_normal((n_samples, width)) / n_samples
    return x, weights, upstream


def normalise(z: np.ndarray, norm: str) -> tuple[np.ndarray, np.ndarray]:
    """(N(z), σ) for ``norm`` in :data:`NORMS`: (z − mean) / σ, σ = √(var + ε), over its axis
    (``"none"``: z itself and σ = 1)."""
    axis = NORMS[norm]
    if axis is None:
        return z, np.ones(1)
    centred = z - z.mean(axis=axis, keepdims=True)
    sigma = np.sqrt((centred * centred).mean(axis=axis, keepdims=True) + NORM_EPS)
    return centred / sigma, sigma


def normalise_backward(u: np.ndarray, normalised: np.ndarray, sigma: np.ndarray, norm: str) -> np.ndarray:
    """∂L/∂z from u = ∂L/∂N(z): (u − mean(u) − x̂ ⊙ mean(u ⊙ x̂)) / σ over the axis of ``norm``."""
    axis = NORMS[norm]
    if axis is None:
        return u
    return (u - u.mean(axis=axis, keepdims=True)
            - normalised * (u * normalised).mean(axis=axis, keepdims=True)) / sigma


def _forward(activation, x, weights, residual, norm):
    """h_L and, per layer, (input h_{l-1}, pre-activation z_l, σ_l)."""
    f = anp.get(activation)
    cache, h = [], x
    for W in weights:
        z, sigma = normalise(h @ W, norm)
        cache.append((h, z, sigma))
        h = h + f(z) if residual else f(z)
    return h, cache


def layer_gradient_norms(activation: str, depth: int = 20, width: int = 64, init: str = "glorot",
                         *, residual: bool = False, norm: str = "none",
                         n_samples: int = 256, seed: int = 0) -> np.ndarray:
    """‖∂L/∂W_l‖_F for l = 1..depth (index 0 is the layer next to the input), by hand in NumPy;
    ``residual`` and ``norm`` choose the block (see the module docstring)."""
    x, weights, g = _setup(activation, depth, width, init, n_samples, seed, norm)
    df = anp.grad(activation)
    _, cache = _forward(activation, x, weights, residual, norm)
    norms = np.empty(depth)
    upstream = g  # ∂L/∂h_l
    for layer in range(depth - 1, -1, -1):
        h_in, z, sigma = cache[layer]
        delta = normalise_backward(upstream * df(z), z, sigma, norm)
        norms[layer] = np.linalg.norm(h_in.T @ delta)
        skip = upstream if residual else 0.0  # the identity path passes ∂L/∂h_l on unchanged
        upstream = delta @ weights[layer].T + skip
    return norms


def layer_gradient_norms_torch(activation: str, depth: int = 20, width: int = 64, init: str = "glorot",
                               *, residual: bool = False, norm: str = "none",
                               n_samples: int = 256, seed: int = 0, device=None) -> np.ndarray:
    """The same norms by ``torch.autograd`` with PyTorch's own ``layer_norm``/``batch_norm``
    (same weights and data), to check the hand-written pass."""
    import torch
    import torch.nn.functional as F

    from actlab import torch as atorch

    x, weights, g = _setup(activation, depth, width, init, n_samples, seed, norm)
    device = device or atorch.try_gpu()
    f = atorch.get(activation)
    normalisers = {"none": lambda z: z,
                   "layer": lambda z: F.layer_norm(z, (width,), eps=NORM_EPS),
                   "batch": lambda z: F.batch_norm(z, None, None, training=True, eps=NORM_EPS)}
    Ws = [torch.tensor(W, device=device, requires_grad=True) for W in weights]
    h = torch.tensor(x, device=device)
    for W in Ws:
        u = f(normalisers[norm](h @ W))
        h = h + u if residual else u
    (h * torch.tensor(g, device=device)).sum().backward()
    return np.array([float(W.grad.norm()) for W in Ws])


def activation_variances(activation: str, depth: int = 20, width: int = 64, init: str = "glorot",
                         *, residual: bool = False, norm: str = "none",
                         n_samples: int = 256, seed: int = 0) -> np.ndarray:
    """Var(h_l) per layer on the forward pass: the signal that the initialisation must preserve."""
    x, weights, _ = _setup(activation, depth, width, init, n_samples, seed, norm)
    h_last, cache = _forward(activation, x, weights, residual, norm)
    return np.array([h_in.var() for h_in, _, _ in cache[1:]] + [h_last.var()])
