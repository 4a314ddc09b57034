"""How the backward signal ∂L/∂h grows or shrinks through depth: a product of layer Jacobians.

For a bias-free MLP ``h_l = f(z_l)``, ``z_l = h_{l-1} W_l`` (``l = 1..L``, ``h_0 = x``), the
chain rule sends the upstream gradient ``g = ∂L/∂h_L`` back one layer at a time::

    ∂L/∂h_{l-1} = (∂L/∂h_l ⊙ f'(z_l)) W_lᵀ          i.e. a vector-Jacobian product with
                                                    J_l = diag(f'(z_l)) W_lᵀ (row-vector form)

so ``∂L/∂x`` is ``g`` times a product of ``L`` Jacobians. Two factors set its size: the
activation's slopes ``f'(z_l)`` (at most 1/4 for the sigmoid) and the weight scale. With
weights ``W_l ~ N(0, gain²/width)`` a linear layer multiplies a norm by about ``gain``, so
even the identity activation vanishes (``gain < 1``) or explodes (``gain > 1``) as
``gain^L`` (Saxe, McClelland & Ganguli 2014; Glorot & Bengio 2010; He et al. 2015).

:mod:`actlab.gradflow` reports the *weight* gradients ‖∂L/∂W_l‖; this module reports the
*signal* ‖∂L/∂h_l‖ itself, which is what the products of Jacobians act on.

>>> import numpy as np
>>> from actlab.signalflow import backward_norms
>>> r = backward_norms("identity", depth=10, width=64, gain=2.0)
>>> r.shape, float(r[-1])
((11,), 1.0)
>>> bool(300 < r[0] < 3000)     # about 2**10 = 1024
True
"""
from __future__ import annotations

import numpy as np

from actlab import validate
from actlab import numpy as anp


def backward_norms(activation: str, depth: int = 30, width: int = 64, gain: float = 1.0, *,
                   n_samples: int = 256, seed: int = 0) -> np.ndarray:
    """‖∂L/∂h_l‖ / ‖∂L/∂h_L‖ for ``l = 0..depth`` (index 0: the network input, last: the output, = 1).

    The network is ``depth`` square layers of ``width`` units with weights drawn from
    ``N(0, gain²/width)`` (``gain = 1`` is LeCun/Glorot scaling for square layers,
    ``gain = √2`` is He scaling), fed ``n_samples`` standard normal inputs; the upstream
    gradient ``g`` is standard normal. Everything is drawn from ``seed``.
    """
    validate.elementwise_activation("backward_norms", activation)
    validate.positive_int("backward_norms", depth=depth, width=width, n_samples=n_samples)
    validate.positive_number("backward_norms", "gain", gain)
    rng = np.random.default_rng(seed)
    f, df = anp.get(activation), anp.grad(activation)
    weights = [rng.normal(0.0, gain / np.sqrt(width), (width, width)) for _ in range(depth)]
    h = rng.standard_normal((n_samples, width))
    slopes = []
    for W in weights:
        z = h @ W
        slopes.append(df(z))
        h = f(z)
    g = rng.standard_normal((n_samples, width))
    norms = [np.linalg.norm(g)]
    for W, slope in zip(reversed(weights), reversed(slopes)):
        g = (g * slope) @ W.T
        norms.append(np.linalg.norm(g))
    return np.array(norms[::-1]) / norms[0]


__all__ = ["backward_norms"]
