"""NumPy backend: every catalog activation with its analytic derivative.

All functions take array-likes and return arrays of the same shape. float16, float32
and float64 are preserved (float16 is computed in float32); integers promote to
float64; bool, complex, object and string input raises ``TypeError`` naming the
function and the dtype. Inputs are never mutated. The formulas are arranged so that
no finite input overflows (``sigmoid(-1000)``, ``softplus(1000)``,
``log_softmax([1000, 0])`` are exact), and ±inf/NaN give what PyTorch gives.

Derivatives are analytic (no autograd here); at a kink they take PyTorch's
subgradient (see ``actlab.spec(name).kink``).

>>> from actlab import numpy as anp
>>> anp.sigmoid([-1000.0, 0.0, 1000.0])
array([0. , 0.5, 1. ])
>>> anp.grad("relu")([-1.0, 0.0, 2.0])
array([0., 0., 1.])
"""
from __future__ import annotations

import functools
from typing import Callable

import numpy as np
from scipy.special import ndtr

from actlab import catalog
from actlab._checks import as_real_array

Array = np.ndarray

_FORWARD: dict[str, Callable[..., Array]] = {}
_GRAD: dict[str, Callable[..., Array]] = {}

_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
_INV_SQRT_2PI = float(1.0 / np.sqrt(2.0 * np.pi))
_GELU_TANH_C = 0.044715
#: beyond this |x| every saturating inner term below is exactly saturated in float64
_SATURATED = 100.0


def _array_function(name: str, table: dict[str, Callable[..., Array]], *, keep_float16: bool = False):
    """Register ``fn`` under ``name`` in ``table`` and give it the shared input contract.

    The wrapper validates the dtype (naming the public function in the error),
    computes float16 in float32, silences the ``invalid`` warnings that inf/NaN
    arithmetic raises (the results are what PyTorch returns), and casts back.
    """
    def register(fn: Callable[..., Array]) -> Callable[..., Array]:
        @functools.wraps(fn)
        def wrapper(x, *args, **kwargs):
            arr = as_real_array(fn.__name__, x)
            work = arr.astype(np.float32) if arr.dtype == np.float16 and not keep_float16 else arr
            with np.errstate(invalid="ignore"):
                out = fn(work, *args, **kwargs)
            return np.asarray(out, dtype=arr.dtype)[()]
        table[name] = wrapper
        return wrapper
    return register


def _forward(name):
    return _array_function(name, _FORWARD)


def _derivative(name):
    return _array_function(name, _GRAD)


def _exp_neg_abs(x: Array, scale: float = 1.0) -> Array:
    """``exp(-scale·|x|)``: never overflows, the building block of the stable formulas."""
    return np.exp(-scale * np.abs(x))


# --------------------------------------------------------------------------- identity
@_forward("identity")
def identity(x: Array) -> Array:
    """f(x) = x (a copy, never the input itself)."""
    return x.copy()


@_derivative("identity")
def identity_grad(x: Array) -> Array:
    """f'(x) = 1."""
    return np.ones_like(x)


# --------------------------------------------------------------------------- sigmoid
@_forward("sigmoid")
def sigmoid(x: Array) -> Array:
    """σ(x) = 1 / (1 + e^{-x}), as 1/(1+e^{-|x|}) or e^{-|x|}/(1+e^{-|x|}) by sign (no overflow).

    Rumelhart, Hinton & Williams (1986).
    """
    e = _exp_neg_abs(x)
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@_derivative("sigmoid")
def sigmoid_grad(x: Array) -> Array:
    """σ'(x) = σ(x)(1 − σ(x)) = e^{-|x|} / (1 + e^{-|x|})², exact even where σ(x) rounds to 1."""
    e = _exp_neg_abs(x)
    return e / (1.0 + e) ** 2


# --------------------------------------------------------------------------- tanh
@_forward("tanh")
def tanh(x: Array) -> Array:
    """tanh(x) = (e^x − e^{-x}) / (e^x + e^{-x}). LeCun et al. (1998)."""
    return np.tanh(x)


@_derivative("tanh")
def tanh_grad(x: Array) -> Array:
    """tanh'(x) = 1 − tanh²(x) = 4e^{-2|x|} / (1 + e^{-2|x|})² (accurate in the tails)."""
    e = _exp_neg_abs(x, 2.0)
    return 4.0 * e / (1.0 + e) ** 2


# --------------------------------------------------------------------------- ReLU family
@_forward("relu")
def relu(x: Array) -> Array:
    """ReLU(x) = max(0, x); NaN propagates. Nair & Hinton (2010)."""
    return np.maximum(x, 0)


@_derivative("relu")
def relu_grad(x: Array) -> Array:
    """ReLU'(x) = 1[x > 0]; 0 at the kink. Written as "not x ≤ 0" so NaN gives 1, as PyTorch does."""
    return np.where(x <= 0, 0.0, 1.0)


@_forward("leaky_relu")
def leaky_relu(x: Array, *, negative_slope: float = 0.01) -> Array:
    """f(x) = x if x > 0 else a·x, a = ``negative_slope``. Maas, Hannun & Ng (2013)."""
    return np.where(x > 0, x, x * negative_slope)


@_derivative("leaky_relu")
def leaky_relu_grad(x: Array, *, negative_slope: float = 0.01) -> Array:
    """f'(x) = 1 if x > 0 else a (so f'(0) = a, as PyTorch)."""
    return np.where(x > 0, 1.0, negative_slope)


@_forward("elu")
def elu(x: Array, *, alpha: float = 1.0) -> Array:
    """f(x) = x if x > 0 else α(e^x − 1). Clevert, Unterthiner & Hochreiter (2016)."""
    return np.where(x <= 0, alpha * np.expm1(np.minimum(x, 0)), x)


@_derivative("elu")
def elu_grad(x: Array, *, alpha: float = 1.0) -> Array:
    """f'(x) = 1 if x > 0 else α e^x (f'(0) = α, as PyTorch)."""
    return np.where(x <= 0, alpha * np.exp(np.minimum(x, 0)), 1.0)


@_forward("selu")
def selu(x: Array) -> Array:
    """f(x) = λ·ELU_α(x), λ ≈ 1.0507, α ≈ 1.6733. Klambauer et al. (2017)."""
    return catalog.SELU_SCALE * elu.__wrapped__(x, alpha=catalog.SELU_ALPHA)


@_derivative("selu")
def selu_grad(x: Array) -> Array:
    """f'(x) = λ if x > 0 else λα e^x."""
    return catalog.SELU_SCALE * elu_grad.__wrapped__(x, alpha=catalog.SELU_ALPHA)


@_forward("relu6")
def relu6(x: Array) -> Array:
    """f(x) = min(max(0, x), 6). Krizhevsky (2010)."""
    return np.clip(x, 0, 6)


@_derivative("relu6")
def relu6_grad(x: Array) -> Array:
    """f'(x) = 1[0 < x < 6]: 0 at both kinks; "not (x ≤ 0 or x ≥ 6)" as PyTorch's hardtanh backward."""
    return np.where((x <= 0) | (x >= 6), 0.0, 1.0)


@_forward("hard_sigmoid")
def hard_sigmoid(x: Array) -> Array:
    """f(x) = ReLU6(x + 3) / 6 (PyTorch's and Keras 3's definition). Howard et al. (2019)."""
    return np.clip(x + 3, 0, 6) / 6


@_derivative("hard_sigmoid")
def hard_sigmoid_grad(x: Array) -> Array:
    """f'(x) = 1/6 on (−3, 3), else 0."""
    return np.where((x > -3) & (x < 3), 1.0 / 6.0, 0.0)


@_forward("hard_swish")
def hard_swish(x: Array) -> Array:
    """f(x) = x · ReLU6(x + 3) / 6. Howard et al. (2019)."""
    return x * (np.clip(x + 3, 0, 6) / 6)


@_derivative("hard_swish")
def hard_swish_grad(x: Array) -> Array:
    """f'(x) = 0 for x ≤ −3, (2x + 3)/6 on (−3, 3), 1 for x ≥ 3 (PyTorch's choice at the kinks)."""
    return np.where(x <= -3, 0.0, np.where(x < 3, x / 3 + 0.5, 1.0))


# --------------------------------------------------------------------------- smooth gates
@_forward("gelu")
def gelu(x: Array) -> Array:
    """GELU(x) = x Φ(x), Φ the standard normal CDF. Hendrycks & Gimpel (2016)."""
    return x * ndtr(x)


def _normal_pdf(x: Array) -> Array:
    """φ(x) = e^{-x²/2} / √(2π), with x clipped where φ is already 0 (no overflow in x²)."""
    xc = np.clip(x, -_SATURATED, _SATURATED)
    return np.exp(-0.5 * xc * xc) * _INV_SQRT_2PI


@_derivative("gelu")
def gelu_grad(x: Array) -> Array:
    """GELU'(x) = Φ(x) + x φ(x)."""
    return ndtr(x) + x * _normal_pdf(x)


def _gelu_tanh_inner(x: Array) -> tuple[Array, Array]:
    """(x_c, t): x clipped where tanh saturates, t = tanh(√(2/π)(x_c + 0.044715 x_c³))."""
    xc = np.clip(x, -_SATURATED, _SATURATED)
    return xc, np.tanh(_SQRT_2_OVER_PI * (xc + _GELU_TANH_C * xc ** 3))


@_forward("gelu_tanh")
def gelu_tanh(x: Array) -> Array:
    """GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))). Hendrycks & Gimpel (2016)."""
    _, t = _gelu_tanh_inner(x)
    return 0.5 * x * (1.0 + t)


@_derivative("gelu_tanh")
def gelu_tanh_grad(x: Array) -> Array:
    """½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)."""
    xc, t = _gelu_tanh_inner(x)
    inner_grad = _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_TANH_C * xc ** 2)
    return 0.5 * (1.0 + t) + 0.5 * xc * (1.0 - t * t) * inner_grad


@_forward("silu")
def silu(x: Array) -> Array:
    """SiLU(x) = x σ(x) (Swish with β = 1). Elfwing, Uchibe & Doya (2018)."""
    return x * sigmoid.__wrapped__(x)


@_derivative("silu")
def silu_grad(x: Array) -> Array:
    """SiLU'(x) = σ(x) + x σ'(x) = σ(x)(1 + x(1 − σ(x)))."""
    return sigmoid.__wrapped__(x) + x * sigmoid_grad.__wrapped__(x)


def _softplus(x: Array) -> Array:
    """log(1 + e^x) = max(x, 0) + log1p(e^{-|x|}): finite for every finite x."""
    return np.maximum(x, 0) + np.log1p(_exp_neg_abs(x))


@_forward("softplus")
def softplus(x: Array, *, beta: float = 1.0, threshold: float = 20.0) -> Array:
    """softplus(x) = log(1 + e^{βx}) / β, and x where βx > threshold (PyTorch). Dugas et al. (2001)."""
    bx = beta * x
    return np.where(bx > threshold, x, _softplus(bx) / beta)


@_derivative("softplus")
def softplus_grad(x: Array, *, beta: float = 1.0, threshold: float = 20.0) -> Array:
    """softplus'(x) = σ(βx), and 1 where βx > threshold."""
    bx = beta * x
    return np.where(bx > threshold, 1.0, sigmoid.__wrapped__(bx))


@_forward("mish")
def mish(x: Array) -> Array:
    """Mish(x) = x tanh(softplus(x)). Misra (2020)."""
    return x * np.tanh(_softplus(x))


@_derivative("mish")
def mish_grad(x: Array) -> Array:
    """Mish'(x) = tanh(s) + x σ(x) sech²(s), s = softplus(x)."""
    s = _softplus(x)
    return np.tanh(s) + x * sigmoid.__wrapped__(x) * tanh_grad.__wrapped__(s)


@_forward("softsign")
def softsign(x: Array) -> Array:
    """softsign(x) = x / (1 + |x|). Studied by Glorot & Bengio (2010)."""
    return x / (1.0 + np.abs(x))


@_derivative("softsign")
def softsign_grad(x: Array) -> Array:
    """softsign'(x) = 1 / (1 + |x|)², squared after the division (no overflow)."""
    return (1.0 / (1.0 + np.abs(x))) ** 2


# --------------------------------------------------------------------------- softmax family
def _shifted(x: Array, axis: int) -> Array:
    """x − max(x) along ``axis`` (the max-subtraction trick; softmax is shift-invariant)."""
    if x.size == 0:
        return x.copy()
    return x - np.max(x, axis=axis, keepdims=True)


@_forward("softmax")
def softmax(x: Array, axis: int = -1) -> Array:
    """softmax(x)_i = e^{x_i} / Σ_j e^{x_j} along ``axis``, computed on x − max x. Bridle (1990)."""
    e = np.exp(_shifted(x, axis))
    return e / np.sum(e, axis=axis, keepdims=True)


@_forward("log_softmax")
def log_softmax(x: Array, axis: int = -1) -> Array:
    """log softmax(x)_i = (x_i − m) − log Σ_j e^{x_j − m}, m = max x. Bridle (1990)."""
    z = _shifted(x, axis)
    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


def softmax_jacobian(x) -> Array:
    """J = diag(y) − y yᵀ over the last axis, y = softmax(x): shape (..., K, K), J_ij = ∂y_i/∂x_j."""
    y = softmax(x, axis=-1)
    return y[..., :, None] * (np.eye(y.shape[-1], dtype=y.dtype) - y[..., None, :])


def softmax_vjp(x, g, axis: int = -1) -> Array:
    """Jᵀg = y ⊙ (g − ⟨g, y⟩) along ``axis`` without forming J (J is symmetric)."""
    y = softmax(x, axis=axis)
    g = as_real_array("softmax_vjp", g)
    return y * (g - np.sum(g * y, axis=axis, keepdims=True))


def log_softmax_vjp(x, g, axis: int = -1) -> Array:
    """Jᵀg = g − softmax(x) · Σ g along ``axis`` for ℓ = log_softmax(x)."""
    y = softmax(x, axis=axis)
    g = as_real_array("log_softmax_vjp", g)
    return g - y * np.sum(g, axis=axis, keepdims=True)


# --------------------------------------------------------------------------- losses
def softmax_cross_entropy(logits, targets) -> tuple[Array, Array]:
    """Mean cross-entropy of ``softmax(logits)`` against target distributions, and its gradient.

    L = −(1/N) Σ_n Σ_k t_nk log softmax(z_n)_k, and ∂L/∂z = (softmax(z) − t) / N.
    ``targets`` is one-hot (or any distribution) with the shape of ``logits`` (N, K).
    """
    z = as_real_array("softmax_cross_entropy", logits)
    t = as_real_array("softmax_cross_entropy", targets)
    if z.shape != t.shape or z.ndim != 2:
        raise ValueError(f"softmax_cross_entropy: logits {z.shape} and targets {t.shape} "
                         "must have the same (N, K) shape")
    n = z.shape[0]
    loss = -np.sum(t * log_softmax(z)) / n
    return loss, (softmax(z) - t) / n


def sigmoid_binary_cross_entropy(logits, targets) -> tuple[Array, Array]:
    """Mean binary cross-entropy of σ(z) against targets in [0, 1], and ∂L/∂z = (σ(z) − t)/N.

    Computed as softplus(z) − t·z, which never takes the log of 0.
    """
    z = as_real_array("sigmoid_binary_cross_entropy", logits)
    t = as_real_array("sigmoid_binary_cross_entropy", targets)
    if z.shape != t.shape:
        raise ValueError(f"sigmoid_binary_cross_entropy: logits {z.shape} and targets {t.shape} differ")
    n = max(z.size, 1)
    loss = np.sum(_softplus(z) - t * z) / n
    return loss, (sigmoid(z) - t) / n


# --------------------------------------------------------------------------- lookup
def _check_params(name: str, params: dict) -> None:
    allowed = set(catalog.spec(name).params) | ({"axis"} if not catalog.spec(name).elementwise else set())
    unknown = set(params) - allowed
    if unknown:
        raise TypeError(f"{name}: unknown parameter(s) {sorted(unknown)}; "
                        f"it takes {sorted(allowed) or 'none'}")


def get(name: str, **params) -> Callable[..., Array]:
    """The forward function of catalog activation ``name``, with ``params`` bound if given."""
    catalog.spec(name)
    _check_params(name, params)
    fn = _FORWARD[name]
    return functools.partial(fn, **params) if params else fn


def grad(name: str, **params) -> Callable[..., Array]:
    """The analytic elementwise derivative f'(x) of ``name``.

    The softmax family is not elementwise: use :func:`softmax_jacobian` /
    :func:`softmax_vjp` / :func:`log_softmax_vjp` instead.
    """
    record = catalog.spec(name)
    if not record.elementwise:
        raise ValueError(f"{name} is not elementwise, so it has no elementwise derivative; "
                         f"use {name}_vjp(x, g) (or softmax_jacobian(x))")
    _check_params(name, params)
    fn = _GRAD[name]
    return functools.partial(fn, **params) if params else fn


def _check_complete() -> None:
    """Fail at import if a catalog entry has no NumPy implementation (or vice versa)."""
    expected_grads = set(catalog.names(elementwise=True))
    if set(_FORWARD) != set(catalog.CATALOG) or set(_GRAD) != expected_grads:
        raise ImportError(f"actlab.numpy is out of sync with the catalog: forward "
                          f"{sorted(set(catalog.CATALOG) ^ set(_FORWARD))}, "
                          f"derivative {sorted(expected_grads ^ set(_GRAD))}")


_check_complete()

from actlab.mlp import TwoLayerMLP, gradient_check  # noqa: E402  (uses the functions above)

__all__ = ["get", "grad", "softmax_jacobian", "softmax_vjp", "log_softmax_vjp",
           "softmax_cross_entropy", "sigmoid_binary_cross_entropy", "TwoLayerMLP",
           "gradient_check", *_FORWARD, *(f"{n}_grad" for n in _GRAD)]
