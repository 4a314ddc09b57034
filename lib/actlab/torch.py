"""PyTorch backend: the catalog's activations as PyTorch's own built-ins, derivatives by autograd.

Every catalog activation is built into PyTorch, so each function here calls the built-in
(``torch.nn.functional``) with the catalog's parameter names; the NumPy backend's analytic
formulas are tested against these. ``grad(name)`` (and ``<name>_grad``) differentiates the
built-in with autograd. Inputs may be tensors (any device) or array-likes; integers promote
to float64, and bool/complex input raises ``TypeError``. Parameters left out take the
catalog's (PyTorch's) defaults; each function's docstring gives its formula, arguments and
reference from the catalog, then the built-in and an example.

>>> from actlab import torch as atorch
>>> atorch.relu([-1.0, 2.0])
tensor([0., 2.], dtype=torch.float64)
>>> atorch.grad("sigmoid")([0.0])
tensor([0.2500], dtype=torch.float64)
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from actlab import validate
from actlab._lookup import Backend, converting
from actlab.validate import as_real_array

Tensor = torch.Tensor


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
    return torch.from_numpy(np.array(as_real_array(fname, x), copy=True))


def _autograd(forward, x, **params) -> Tensor:
    """f'(x) of elementwise ``forward``: the gradient of Σ f(x), which is f'(x) entry by entry."""
    xt = as_tensor(f"{forward.__name__}_grad", x).detach().clone().requires_grad_(True)
    with torch.enable_grad():
        (g,) = torch.autograd.grad(forward(xt, **params).sum(), xt)
    return g


_BACKEND = Backend("torch", converting(as_tensor), "use vjp(name, x, g)", _autograd)
_activation = _BACKEND.forward


@_activation
def identity(x):
    """Built-in: ``torch.clone`` (a copy, never the input itself).

    >>> identity([-1.0, 2.0])
    tensor([-1.,  2.], dtype=torch.float64)
    """
    return torch.clone(x)


@_activation
def sigmoid(x):
    """Built-in: ``torch.sigmoid``.

    >>> sigmoid([-1.0, 0.0, 1.0])
    tensor([0.2689, 0.5000, 0.7311], dtype=torch.float64)
    """
    return torch.sigmoid(x)


@_activation
def tanh(x):
    """Built-in: ``torch.tanh``.

    >>> tanh([-1.0, 0.0, 1.0])
    tensor([-0.7616,  0.0000,  0.7616], dtype=torch.float64)
    """
    return torch.tanh(x)


@_activation
def relu(x):
    """Built-in: ``torch.nn.functional.relu``.

    >>> relu([-1.0, 0.0, 2.0])
    tensor([0., 0., 2.], dtype=torch.float64)
    """
    return F.relu(x)


@_activation
def leaky_relu(x, *, negative_slope):
    """Built-in: ``torch.nn.functional.leaky_relu``.

    >>> leaky_relu([-2.0, 0.0, 2.0])
    tensor([-0.0200,  0.0000,  2.0000], dtype=torch.float64)
    >>> leaky_relu([-2.0, 0.0, 2.0], negative_slope=0.2)
    tensor([-0.4000,  0.0000,  2.0000], dtype=torch.float64)
    """
    return F.leaky_relu(x, negative_slope)


@_activation
def elu(x, *, alpha):
    """Built-in: ``torch.nn.functional.elu``.

    >>> elu([-1.0, 0.0, 1.0])
    tensor([-0.6321,  0.0000,  1.0000], dtype=torch.float64)
    """
    return F.elu(x, alpha)


@_activation
def selu(x):
    """Built-in: ``torch.nn.functional.selu`` (λ ≈ 1.0507, α ≈ 1.6733, fixed).

    >>> selu([-1.0, 0.0, 1.0])
    tensor([-1.1113,  0.0000,  1.0507], dtype=torch.float64)
    """
    return F.selu(x)


@_activation
def gelu(x):
    """Built-in: ``torch.nn.functional.gelu`` (exact, with the normal CDF).

    >>> gelu([-1.0, 0.0, 1.0])
    tensor([-0.1587,  0.0000,  0.8413], dtype=torch.float64)
    """
    return F.gelu(x)


@_activation
def gelu_tanh(x):
    """Built-in: ``torch.nn.functional.gelu(approximate="tanh")``.

    >>> gelu_tanh([-1.0, 0.0, 1.0])
    tensor([-0.1588,  0.0000,  0.8412], dtype=torch.float64)
    """
    return F.gelu(x, approximate="tanh")


@_activation
def silu(x):
    """Built-in: ``torch.nn.functional.silu``.

    >>> silu([-1.0, 0.0, 1.0])
    tensor([-0.2689,  0.0000,  0.7311], dtype=torch.float64)
    """
    return F.silu(x)


@_activation
def mish(x):
    """Built-in: ``torch.nn.functional.mish``.

    >>> mish([-1.0, 0.0, 1.0])
    tensor([-0.3034,  0.0000,  0.8651], dtype=torch.float64)
    """
    return F.mish(x)


@_activation
def softplus(x, *, beta, threshold):
    """Built-in: ``torch.nn.functional.softplus``.

    >>> softplus([-1.0, 0.0, 1.0])
    tensor([0.3133, 0.6931, 1.3133], dtype=torch.float64)
    >>> softplus([-1.0, 0.0, 30.0], beta=2.0)
    tensor([ 0.0635,  0.3466, 30.0000], dtype=torch.float64)
    """
    return F.softplus(x, beta, threshold)


@_activation
def softsign(x):
    """Built-in: ``torch.nn.functional.softsign``.

    >>> softsign([-1.0, 0.0, 3.0])
    tensor([-0.5000,  0.0000,  0.7500], dtype=torch.float64)
    """
    return F.softsign(x)


@_activation
def hard_sigmoid(x):
    """Built-in: ``torch.nn.functional.hardsigmoid``.

    >>> hard_sigmoid([-4.0, 0.0, 1.5])
    tensor([0.0000, 0.5000, 0.7500], dtype=torch.float64)
    """
    return F.hardsigmoid(x)


@_activation
def hard_swish(x):
    """Built-in: ``torch.nn.functional.hardswish``.

    >>> hard_swish([-4.0, -1.5, 1.5])
    tensor([-0.0000, -0.3750,  1.1250], dtype=torch.float64)
    """
    return F.hardswish(x)


@_activation
def relu6(x):
    """Built-in: ``torch.nn.functional.relu6``.

    >>> relu6([-1.0, 3.0, 8.0])
    tensor([0., 3., 6.], dtype=torch.float64)
    """
    return F.relu6(x)


@_activation
def softmax(x, axis=-1):
    """Built-in: ``torch.softmax`` along ``axis``.

    >>> softmax([1.0, 2.0, 3.0])
    tensor([0.0900, 0.2447, 0.6652], dtype=torch.float64)
    """
    return torch.softmax(x, dim=axis)


@_activation
def log_softmax(x, axis=-1):
    """Built-in: ``torch.log_softmax`` along ``axis``.

    >>> log_softmax([1.0, 2.0, 3.0])
    tensor([-2.4076, -1.4076, -0.4076], dtype=torch.float64)
    """
    return torch.log_softmax(x, dim=axis)


def _halves(fname: str, x: Tensor, axis: int) -> tuple[Tensor, Tensor]:
    """The halves a, b of ``x`` along ``axis``, which must have even length."""
    return torch.chunk(x, 2, dim=validate.halved_axis(fname, tuple(x.shape), axis))


@_activation
def glu(x, axis=-1):
    """Built-in: ``torch.nn.functional.glu`` (a ⊙ σ(b), a the first half).

    >>> glu([1.0, 2.0, 0.0, 100.0])
    tensor([0.5000, 2.0000], dtype=torch.float64)
    """
    return F.glu(x, dim=validate.halved_axis("glu", tuple(x.shape), axis))


@_activation
def reglu(x, axis=-1):
    """``a * torch.nn.functional.relu(b)`` on the halves of ``torch.chunk``.

    >>> reglu([1.0, 2.0, -1.0, 3.0])
    tensor([0., 6.], dtype=torch.float64)
    """
    a, b = _halves("reglu", x, axis)
    return a * F.relu(b)


@_activation
def geglu(x, axis=-1):
    """``a * torch.nn.functional.gelu(b)`` (exact GELU) on the halves of ``torch.chunk``.

    >>> geglu([1.0, 2.0, -1.0, 3.0])
    tensor([-0.1587,  5.9919], dtype=torch.float64)
    """
    a, b = _halves("geglu", x, axis)
    return a * F.gelu(b)


@_activation
def swiglu(x, axis=-1):
    """``a * torch.nn.functional.silu(b)`` on the halves of ``torch.chunk``.

    >>> swiglu([1.0, 2.0, -1.0, 3.0])
    tensor([-0.2689,  5.7154], dtype=torch.float64)
    """
    a, b = _halves("swiglu", x, axis)
    return a * F.silu(b)


identity_grad = _BACKEND.autograd(identity)
sigmoid_grad = _BACKEND.autograd(sigmoid)
tanh_grad = _BACKEND.autograd(tanh)
relu_grad = _BACKEND.autograd(relu)
leaky_relu_grad = _BACKEND.autograd(leaky_relu)
elu_grad = _BACKEND.autograd(elu)
selu_grad = _BACKEND.autograd(selu)
gelu_grad = _BACKEND.autograd(gelu)
gelu_tanh_grad = _BACKEND.autograd(gelu_tanh)
silu_grad = _BACKEND.autograd(silu)
mish_grad = _BACKEND.autograd(mish)
softplus_grad = _BACKEND.autograd(softplus)
softsign_grad = _BACKEND.autograd(softsign)
hard_sigmoid_grad = _BACKEND.autograd(hard_sigmoid)
hard_swish_grad = _BACKEND.autograd(hard_swish)
relu6_grad = _BACKEND.autograd(relu6)

get, grad = _BACKEND.lookups()


def softmax_vjp(x, g, axis: int = -1) -> Tensor:
    """Jᵀg of softmax along ``axis`` by autograd (to check the NumPy closed form)."""
    xt = as_tensor("softmax_vjp", x).detach().clone().requires_grad_(True)
    (vjp,) = torch.autograd.grad(torch.softmax(xt, dim=axis), xt, as_tensor("softmax_vjp", g))
    return vjp


def vjp(name: str, x, g, axis: int = -1) -> Tensor:
    """Jᵀg of the non-elementwise catalog activation ``name`` (softmax family, gated linear units)
    along ``axis`` by autograd; ``g`` has the output's shape (to check the NumPy closed forms)."""
    record = validate.activation("vjp", name)
    if record.elementwise:
        raise ValueError(f"vjp: {name} is elementwise; use grad({name!r})")
    xt = as_tensor(f"{name}_vjp", x).detach().clone().requires_grad_(True)
    with torch.enable_grad():
        y = get(name)(xt, axis=axis)
        (out,) = torch.autograd.grad(y, xt, as_tensor(f"{name}_vjp", g).to(y.dtype))
    return out


__all__ = ["try_gpu", "as_tensor", "get", "grad", "softmax_vjp", "vjp", *_BACKEND.names()]
