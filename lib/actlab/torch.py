"""PyTorch backend: the catalog's activations as PyTorch's own built-ins, derivatives by autograd.

Every catalog activation is built into PyTorch, so each function here *is* the
built-in (``torch.nn.functional``), with the catalog's parameter names; the NumPy
backend's analytic formulas are tested against these. ``grad(name)`` differentiates
the built-in with autograd. Inputs may be tensors (any device) or array-likes;
integers promote to float64, and bool/complex input raises ``TypeError``.

>>> from actlab import torch as atorch
>>> atorch.relu([-1.0, 2.0])
tensor([0., 2.], dtype=torch.float64)
>>> atorch.grad("sigmoid")([0.0])
tensor([0.2500], dtype=torch.float64)
"""
from __future__ import annotations

import functools
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from actlab import catalog
from actlab._checks import as_real_array, reject_dtype
from actlab._lookup import exports, lookups, wrap_builtins

Tensor = torch.Tensor

#: catalog name → the PyTorch built-in, called with the catalog's keyword parameters
BUILTINS: dict[str, Callable[..., Tensor]] = {
    "identity": torch.clone,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": lambda x, negative_slope=0.01: F.leaky_relu(x, negative_slope),
    "elu": lambda x, alpha=1.0: F.elu(x, alpha),
    "selu": F.selu,
    "gelu": F.gelu,
    "gelu_tanh": functools.partial(F.gelu, approximate="tanh"),
    "silu": F.silu,
    "mish": F.mish,
    "softplus": lambda x, beta=1.0, threshold=20.0: F.softplus(x, beta, threshold),
    "softsign": F.softsign,
    "hard_sigmoid": F.hardsigmoid,
    "hard_swish": F.hardswish,
    "relu6": F.relu6,
    "softmax": lambda x, axis=-1: torch.softmax(x, dim=axis),
    "log_softmax": lambda x, axis=-1: torch.log_softmax(x, dim=axis),
}


def try_gpu(index: int = 0) -> torch.device:
    """``cuda:index`` if that GPU exists, else Apple's ``mps`` if available, else ``cpu``.

    The d2l convention: every training cell moves its model and data to ``try_gpu()``.
    """
    if torch.cuda.device_count() > index:
        return torch.device(f"cuda:{index}")
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def as_tensor(fname: str, x) -> Tensor:
    """``x`` as a real floating tensor (same device if already a tensor).

    A floating tensor is passed through as it is (the built-ins never write into it);
    anything else is copied into a new tensor.
    """
    if isinstance(x, Tensor):
        if x.dtype == torch.bool or x.is_complex():
            raise TypeError(f"{fname}: unsupported input dtype {x.dtype}; pass a real floating-point tensor")
        return x.to(torch.float64) if not x.is_floating_point() else x
    arr = as_real_array(fname, x)
    reject_dtype(fname, arr.dtype)
    return torch.from_numpy(np.array(arr, copy=True))


def _autograd_derivative(name: str, fn: Callable[..., Tensor]) -> Callable[..., Tensor]:
    """x ↦ f'(x) for elementwise ``fn``: the gradient of Σ f(x), which is f'(x) entry by entry."""
    def derivative(x, **params):
        xt = as_tensor(f"{name}_grad", x).detach().clone().requires_grad_(True)
        with torch.enable_grad():
            (g,) = torch.autograd.grad(fn(xt, **params).sum(), xt)
        return g

    derivative.__name__ = derivative.__qualname__ = f"{name}_grad"
    derivative.__doc__ = f"f'(x) of {name} by torch.autograd."
    return derivative


_FORWARD = wrap_builtins(BUILTINS, as_tensor, lambda r: f"PyTorch built-in ``{r.torch_name}``")
_GRAD = {name: _autograd_derivative(name, _FORWARD[name]) for name in catalog.names(elementwise=True)}
globals().update(exports(_FORWARD, _GRAD))
get, grad = lookups(_FORWARD, _GRAD, "torch", "use softmax_vjp(x, g)")


def softmax_vjp(x, g, axis: int = -1) -> Tensor:
    """Jᵀg of softmax along ``axis`` by autograd (to check the NumPy closed form)."""
    xt = as_tensor("softmax_vjp", x).detach().clone().requires_grad_(True)
    (vjp,) = torch.autograd.grad(torch.softmax(xt, dim=axis), xt, as_tensor("softmax_vjp", g))
    return vjp


__all__ = ["BUILTINS", "try_gpu", "as_tensor", "get", "grad", "softmax_vjp",
           *exports(_FORWARD, _GRAD)]
