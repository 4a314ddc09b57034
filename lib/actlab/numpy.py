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

import numpy as np
from scipy.special import ndtr

from actlab import catalog
from actlab import validate
from actlab._lookup import Backend, show as _show
from actlab.validate import as_real_array

Array = np.ndarray

_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
_INV_SQRT_2PI = float(1.0 / np.sqrt(2.0 * np.pi))
_GELU_TANH_C = 0.044715
#: beyond this |x| every saturating inner term below is exactly saturated in float64
_SATURATED = 100.0


def _call(raw, fname: str, x, *args, **params) -> Array:
    """The input contract every public function shares, around its raw formula ``raw``.

    Validates the dtype (naming the public function in the error), computes float16 in
    float32 and 0-d input as shape (1,) (so ``raw`` always gets an array and may work in
    place on its own temporaries), silences the ``invalid`` warnings that inf/NaN
    arithmetic raises (the results are what PyTorch returns), and casts back.
    """
    arr = as_real_array(fname, x)
    work = arr.astype(np.float32) if arr.dtype == np.float16 else arr
    with np.errstate(invalid="ignore"):
        out = raw(work.reshape(1) if work.ndim == 0 else work, *args, **params)
    with np.errstate(over="ignore"):  # a float32 result beyond float16's range rounds to ±inf
        out = np.asarray(out, dtype=arr.dtype)
    return (out.reshape(()) if arr.ndim == 0 else out)[()]


_BACKEND = Backend("numpy", _call, "use <name>_vjp(x, g), e.g. softmax_vjp or swiglu_vjp, or softmax_jacobian(x)")
_forward = _BACKEND.forward
_derivative = _BACKEND.derivative


def _finite(x: Array) -> Array:
    """x with ±inf replaced by ±(largest finite value), NaN kept.

    Used for the x in products x·g(x) inside derivatives, where g(±inf) = 0: the limit of
    x·g(x) is 0, but inf·0 would give NaN.
    """
    big = np.finfo(x.dtype).max
    return np.clip(x, -big, big)


def _exp_neg_abs(x: Array, scale: float = 1.0) -> Array:
    """``exp(-scale·|x|)``: never overflows, the building block of the stable formulas.

    For scale > 1, |x| is capped at 1e4 first (e^{-1e4} is already 0), so that scale·|x|
    cannot overflow for huge finite x.
    """
    a = np.abs(x, out=np.empty_like(x))  # an array even for 0-d x, so the in-place steps work
    if scale > 1.0:
        np.minimum(a, 1e4, out=a)
    a *= -scale
    return np.exp(a, out=a)


# Speed: np.where(mask, a, b) runs a branchy loop that costs more than exp on inputs
# of random sign, and it needs both branches computed in full. The formulas below
# select with max/min or with 0/1 masks instead, and work in place on their own
# temporaries (never on x): each fresh temporary is another pass over memory.

def _indicator(mask: Array, dtype) -> Array:
    """1.0 where ``mask`` holds, else 0.0, in ``dtype`` (a cast instead of np.where(mask, 1.0, 0.0))."""
    return mask.astype(dtype)


# --------------------------------------------------------------------------- identity
@_forward
def identity(x: Array) -> Array:
    """f(x) = x (a copy, never the input itself).

    >>> _show(identity([-1.0, 2.0]))
    [-1.  2.]
    """
    return x.copy()


@_derivative("identity")
def identity_grad(x: Array) -> Array:
    """f'(x) = 1."""
    return np.ones_like(x)


# --------------------------------------------------------------------------- sigmoid
def _sigmoid_parts(x: Array) -> tuple[Array, Array]:
    """(e, 1 + e) with e = e^{-|x|}: σ and σ' are both built from these."""
    e = _exp_neg_abs(x)
    return e, e + 1.0


@_forward
def sigmoid(x: Array) -> Array:
    """σ(x) = 1 / (1 + e^{-x}), as 1/(1+e^{-|x|}) or e^{-|x|}/(1+e^{-|x|}) by sign (no overflow).

    The numerator, 1 for x ≥ 0 and e^{-|x|} for x < 0, is max(e^{-|x|}, 1[x ≥ 0]).
    Rumelhart, Hinton & Williams (1986).

    >>> _show(sigmoid([-1.0, 0.0, 1.0]))
    [0.2689 0.5    0.7311]
    """
    e, denominator = _sigmoid_parts(x)
    numerator = np.maximum(e, x >= 0, out=e)
    return np.divide(numerator, denominator, out=numerator)


@_derivative("sigmoid")
def sigmoid_grad(x: Array) -> Array:
    """σ'(x) = σ(x)(1 − σ(x)) = e^{-|x|} / (1 + e^{-|x|})², exact even where σ(x) rounds to 1."""
    e, denominator = _sigmoid_parts(x)
    denominator *= denominator
    return np.divide(e, denominator, out=e)


# --------------------------------------------------------------------------- tanh
@_forward
def tanh(x: Array) -> Array:
    """tanh(x) = (e^x − e^{-x}) / (e^x + e^{-x}). LeCun et al. (1998).

    >>> _show(tanh([-1.0, 0.0, 1.0]))
    [-0.7616  0.      0.7616]
    """
    return np.tanh(x)


@_derivative("tanh")
def tanh_grad(x: Array) -> Array:
    """tanh'(x) = 1 − tanh²(x) = 4e^{-2|x|} / (1 + e^{-2|x|})² (accurate in the tails)."""
    e = _exp_neg_abs(x, 2.0)
    denominator = e + 1.0
    denominator *= denominator
    e *= 4.0
    return np.divide(e, denominator, out=e)


# --------------------------------------------------------------------------- ReLU family
@_forward
def relu(x: Array) -> Array:
    """ReLU(x) = max(0, x); NaN propagates. Nair & Hinton (2010).

    >>> _show(relu([-1.0, 0.0, 2.0]))
    [0. 0. 2.]
    """
    return np.maximum(x, 0)


@_derivative("relu")
def relu_grad(x: Array) -> Array:
    """ReLU'(x) = 1[x > 0]; 0 at the kink. Written as "not x ≤ 0" so NaN gives 1, as PyTorch does."""
    return _indicator(np.logical_not(x <= 0), x.dtype)


@_forward
def leaky_relu(x: Array, *, negative_slope: float) -> Array:
    """f(x) = x if x > 0 else a·x, a = ``negative_slope``. Maas, Hannun & Ng (2013).

    That is max(x, a·x) for a ≤ 1 and min(x, a·x) for a > 1.

    >>> _show(leaky_relu([-2.0, 0.0, 2.0]))
    [-0.02  0.    2.  ]
    """
    ax = x * negative_slope
    select = np.maximum if negative_slope <= 1 else np.minimum
    return select(ax, x, out=ax)


@_derivative("leaky_relu")
def leaky_relu_grad(x: Array, *, negative_slope: float) -> Array:
    """f'(x) = 1 if x > 0 else a (so f'(0) = a and f'(NaN) = a, as PyTorch): a·1[x ≤ 0] + 1[x > 0]."""
    positive = x > 0
    slope = _indicator(np.logical_not(positive), x.dtype)
    slope *= negative_slope
    slope += positive
    return slope


@_forward
def elu(x: Array, *, alpha: float) -> Array:
    """f(x) = x if x > 0 else α(e^x − 1), computed as max(x, 0) + α·expm1(min(x, 0)).

    Clevert, Unterthiner & Hochreiter (2016).

    >>> _show(elu([-1.0, 0.0, 1.0]))
    [-0.6321  0.      1.    ]
    """
    negative_part = np.minimum(x, 0)
    np.expm1(negative_part, out=negative_part)
    negative_part *= alpha
    negative_part += np.maximum(x, 0)
    return negative_part


@_derivative("elu")
def elu_grad(x: Array, *, alpha: float) -> Array:
    """f'(x) = 1 if x > 0 else α e^x (f'(0) = α; f'(NaN) = 1, as PyTorch): α e^{min(x,0)}·1[x ≤ 0] + 1[not x ≤ 0].

    fmin ignores NaN, so the first term stays finite and the mask decides.
    """
    non_positive = x <= 0
    y = np.fmin(x, 0)
    np.exp(y, out=y)
    y *= alpha
    y *= non_positive
    y += np.logical_not(non_positive)
    return y


@_forward
def selu(x: Array) -> Array:
    """f(x) = λ·ELU_α(x), λ ≈ 1.0507, α ≈ 1.6733. Klambauer et al. (2017).

    >>> _show(selu([-1.0, 0.0, 1.0]))
    [-1.1113  0.      1.0507]
    """
    y = elu.__wrapped__(x, alpha=catalog.SELU_ALPHA)
    with np.errstate(over="ignore"):  # λx rounds to inf above max/λ: the right answer, not an error
        y *= catalog.SELU_SCALE
    return y


@_derivative("selu")
def selu_grad(x: Array) -> Array:
    """f'(x) = λ if x > 0 else λα e^x."""
    y = elu_grad.__wrapped__(x, alpha=catalog.SELU_ALPHA)
    y *= catalog.SELU_SCALE
    return y


@_forward
def relu6(x: Array) -> Array:
    """f(x) = min(max(0, x), 6). Krizhevsky (2010).

    >>> _show(relu6([-1.0, 3.0, 8.0]))
    [0. 3. 6.]
    """
    return np.clip(x, 0, 6)


@_derivative("relu6")
def relu6_grad(x: Array) -> Array:
    """f'(x) = 1[0 < x < 6]: 0 at both kinks; "not (x ≤ 0 or x ≥ 6)" as PyTorch's hardtanh backward."""
    return _indicator(np.logical_not((x <= 0) | (x >= 6)), x.dtype)


def _relu6_of_shift(x: Array) -> Array:
    """ReLU6(x + 3) / 6, a new array."""
    y = x + 3
    np.clip(y, 0, 6, out=y)
    y /= 6
    return y


@_forward
def hard_sigmoid(x: Array) -> Array:
    """f(x) = ReLU6(x + 3) / 6 (PyTorch's and Keras 3's definition). Howard et al. (2019).

    >>> _show(hard_sigmoid([-4.0, 0.0, 1.5]))
    [0.   0.5  0.75]
    """
    return _relu6_of_shift(x)


@_derivative("hard_sigmoid")
def hard_sigmoid_grad(x: Array) -> Array:
    """f'(x) = 1/6 on (−3, 3), else 0."""
    slope = _indicator((x > -3) & (x < 3), x.dtype)
    slope *= 1.0 / 6.0
    return slope


@_forward
def hard_swish(x: Array) -> Array:
    """f(x) = x · ReLU6(x + 3) / 6. Howard et al. (2019).

    >>> _show(hard_swish([-4.0, -1.5, 1.5]))
    [ 0.    -0.375  1.125]
    """
    y = _relu6_of_shift(x)
    y *= x
    return y


@_derivative("hard_swish")
def hard_swish_grad(x: Array) -> Array:
    """f'(x) = 0 for x ≤ −3, (2x + 3)/6 on (−3, 3), 1 for x ≥ 3 (PyTorch's choice at the kinks).

    Computed as (x_c/3 + ½)·1[−3 < x < 3] + 1[not x < 3] with x_c = x clipped to [−3, 3]
    by fmin/fmax (which drop NaN, so f'(NaN) = 1 as in PyTorch, and ±inf stays finite).
    """
    y = np.fmin(x, 3.0)
    np.fmax(y, -3.0, out=y)
    y /= 3
    y += 0.5
    y *= (x > -3) & (x < 3)
    y += np.logical_not(x < 3)
    return y


# --------------------------------------------------------------------------- smooth gates
@_forward
def gelu(x: Array) -> Array:
    """GELU(x) = x Φ(x), Φ the standard normal CDF. Hendrycks & Gimpel (2016).

    >>> _show(gelu([-1.0, 0.0, 1.0]))
    [-0.1587  0.      0.8413]
    """
    y = ndtr(x)
    y *= x
    return y


def _normal_pdf(x: Array) -> Array:
    """φ(x) = e^{-x²/2} / √(2π), with x clipped where φ is already 0 (no overflow in x²)."""
    y = np.clip(x, -_SATURATED, _SATURATED)
    y *= y
    y *= -0.5
    np.exp(y, out=y)
    y *= _INV_SQRT_2PI
    return y


@_derivative("gelu")
def gelu_grad(x: Array) -> Array:
    """GELU'(x) = Φ(x) + x φ(x) (→ 0 and 1 at ∓inf)."""
    y = _normal_pdf(x)
    y *= _finite(x)
    y += ndtr(x)
    return y


def _gelu_tanh_argument(x: Array) -> tuple[Array, Array]:
    """(x_c, 2u): x clipped to ±100 and 2u = 2√(2/π)(x_c + 0.044715 x_c³).

    GELU-tanh is written with the gate ½(1 + tanh u) = σ(2u), which avoids the
    cancellation 1 + tanh u ≈ 0 for x ≪ 0 (it loses every digit of GELU(−6) in float32).
    At |x| = 100, σ(2u) is exactly 0 or 1 already, and x³ cannot overflow.
    """
    xc = np.clip(x, -_SATURATED, _SATURATED)
    two_u = xc * xc
    two_u *= _GELU_TANH_C
    two_u += 1.0
    two_u *= xc
    two_u *= 2.0 * _SQRT_2_OVER_PI
    return xc, two_u


@_forward
def gelu_tanh(x: Array) -> Array:
    """GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))) = x σ(2u). Hendrycks & Gimpel (2016).

    >>> _show(gelu_tanh([-1.0, 0.0, 1.0]))
    [-0.1588  0.      0.8412]
    """
    _, two_u = _gelu_tanh_argument(x)
    y = sigmoid.__wrapped__(two_u)
    y *= x
    return y


@_derivative("gelu_tanh")
def gelu_tanh_grad(x: Array) -> Array:
    """½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²), t = tanh u; computed as σ(2u) + 2x σ'(2u) u'."""
    xc, two_u = _gelu_tanh_argument(x)
    y = xc * xc
    y *= 3.0 * _GELU_TANH_C
    y += 1.0
    y *= 2.0 * _SQRT_2_OVER_PI
    y *= xc
    y *= sigmoid_grad.__wrapped__(two_u)
    y += sigmoid.__wrapped__(two_u)
    return y


@_forward
def silu(x: Array) -> Array:
    """SiLU(x) = x σ(x) (Swish with β = 1). Elfwing, Uchibe & Doya (2018).

    >>> _show(silu([-1.0, 0.0, 1.0]))
    [-0.2689  0.      0.7311]
    """
    y = sigmoid.__wrapped__(x)
    y *= x
    return y


@_derivative("silu")
def silu_grad(x: Array) -> Array:
    """SiLU'(x) = σ(x) + x σ'(x) = σ(x)(1 + x(1 − σ(x))) (→ 0 and 1 at ∓inf)."""
    y = sigmoid_grad.__wrapped__(x)
    y *= _finite(x)
    y += sigmoid.__wrapped__(x)
    return y


def _softplus(x: Array) -> Array:
    """log(1 + e^x) = max(x, 0) + log1p(e^{-|x|}): finite for every finite x."""
    y = np.log1p(_exp_neg_abs(x))
    y += np.maximum(x, 0)
    return y


def _scaled(x: Array, beta: float) -> Array:
    """βx; where it overflows to ±inf, the threshold branch (x, or 1) or σ(−inf) = 0 is exact."""
    with np.errstate(over="ignore"):
        return beta * x


@_forward
def softplus(x: Array, *, beta: float, threshold: float) -> Array:
    """softplus(x) = log(1 + e^{βx}) / β, and x where βx > threshold (PyTorch). Dugas et al. (2001).

    >>> _show(softplus([-1.0, 0.0, 1.0]))
    [0.3133 0.6931 1.3133]
    """
    bx = _scaled(x, beta)
    y = _softplus(bx)
    y /= beta
    linear = bx > threshold
    y[linear] = x[linear]
    return y


@_derivative("softplus")
def softplus_grad(x: Array, *, beta: float, threshold: float) -> Array:
    """softplus'(x) = σ(βx), and 1 where βx > threshold."""
    bx = _scaled(x, beta)
    y = sigmoid.__wrapped__(bx)
    y[bx > threshold] = 1
    return y


@_forward
def mish(x: Array) -> Array:
    """Mish(x) = x tanh(softplus(x)). Misra (2020).

    >>> _show(mish([-1.0, 0.0, 1.0]))
    [-0.3034  0.      0.8651]
    """
    y = _softplus(x)
    np.tanh(y, out=y)
    y *= x
    return y


@_derivative("mish")
def mish_grad(x: Array) -> Array:
    """Mish'(x) = tanh(s) + x σ(x) sech²(s), s = softplus(x) (→ 0 and 1 at ∓inf)."""
    s = _softplus(x)
    y = tanh_grad.__wrapped__(s)
    y *= sigmoid.__wrapped__(x)
    y *= _finite(x)
    y += np.tanh(s, out=s)
    return y


@_forward
def softsign(x: Array) -> Array:
    """softsign(x) = x / (1 + |x|). Studied by Glorot & Bengio (2010).

    >>> _show(softsign([-1.0, 0.0, 3.0]))
    [-0.5   0.    0.75]
    """
    denominator = np.abs(x)
    denominator += 1.0
    return np.divide(x, denominator, out=denominator)


@_derivative("softsign")
def softsign_grad(x: Array) -> Array:
    """softsign'(x) = 1 / (1 + |x|)², squared after the division (no overflow)."""
    y = np.abs(x)
    y += 1.0
    np.reciprocal(y, out=y)
    y *= y
    return y


# --------------------------------------------------------------------------- softmax family
def _shifted(x: Array, axis: int) -> Array:
    """x − max(x) along ``axis`` (the max-subtraction trick; softmax is shift-invariant)."""
    if x.size == 0:
        return x.copy()
    return x - np.max(x, axis=axis, keepdims=True)


@_forward
def softmax(x: Array, axis: int = -1) -> Array:
    """softmax(x)_i = e^{x_i} / Σ_j e^{x_j} along ``axis``, computed on x − max x. Bridle (1990).

    >>> _show(softmax([1.0, 2.0, 3.0]))
    [0.09   0.2447 0.6652]
    """
    e = _shifted(x, axis)
    np.exp(e, out=e)
    e /= np.sum(e, axis=axis, keepdims=True)
    return e


@_forward
def log_softmax(x: Array, axis: int = -1) -> Array:
    """log softmax(x)_i = (x_i − m) − log Σ_j e^{x_j − m}, m = max x. Bridle (1990).

    >>> _show(log_softmax([1.0, 2.0, 3.0]))
    [-2.4076 -1.4076 -0.4076]
    """
    z = _shifted(x, axis)
    if z.size == 0:  # nothing to normalise, and log Σ over an empty axis would be log 0
        return z
    z -= np.log(np.sum(np.exp(z), axis=axis, keepdims=True))
    return z


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


# --------------------------------------------------------------------------- gated linear units
def _halves(fname: str, x: Array, axis: int) -> tuple[Array, Array, int]:
    """The halves a, b of ``x`` along ``axis`` (which must have even length), and the axis index."""
    index = validate.halved_axis(fname, x.shape, axis)
    a, b = np.split(x, 2, axis=index)
    return a, b, index


def _gated(name: str, x: Array, axis: int) -> Array:
    """a ⊙ gate(b) for the halves [a, b] = x along ``axis``, gate = the record's elementwise activation."""
    a, b, _ = _halves(name, x, axis)
    return a * _BACKEND.forwards[catalog.spec(name).gate](b)


@_forward
def glu(x: Array, axis: int = -1) -> Array:
    """GLU: a ⊙ σ(b) for the halves [a, b] = x along ``axis`` (output half as wide).

    >>> glu([1.0, 2.0, -1.0, 3.0]).round(4)  # a = (1, 2), b = (−1, 3)
    array([0.2689, 1.9051])
    """
    return _gated("glu", x, axis)


@_forward
def reglu(x: Array, axis: int = -1) -> Array:
    """ReGLU: a ⊙ max(0, b) for the halves [a, b] = x along ``axis``.

    >>> reglu([1.0, 2.0, -1.0, 3.0]).round(4)  # a = (1, 2), b = (−1, 3)
    array([0., 6.])
    """
    return _gated("reglu", x, axis)


@_forward
def geglu(x: Array, axis: int = -1) -> Array:
    """GEGLU: a ⊙ b Φ(b) for the halves [a, b] = x along ``axis``.

    >>> geglu([1.0, 2.0, -1.0, 3.0]).round(4)  # a = (1, 2), b = (−1, 3)
    array([-0.1587,  5.9919])
    """
    return _gated("geglu", x, axis)


@_forward
def swiglu(x: Array, axis: int = -1) -> Array:
    """SwiGLU: a ⊙ b σ(b) for the halves [a, b] = x along ``axis`` (LLaMA's FFN).

    >>> swiglu([1.0, 2.0, -1.0, 3.0]).round(4)  # a = (1, 2), b = (−1, 3)
    array([-0.2689,  5.7154])
    """
    return _gated("swiglu", x, axis)


def gated_vjp(name: str, x, g, axis: int = -1) -> Array:
    """Jᵀg of the gated linear unit ``name`` without forming J: for y = a ⊙ f(b),

    ∂L/∂a = g ⊙ f(b),   ∂L/∂b = g ⊙ a ⊙ f'(b),

    concatenated along ``axis`` (same shape as ``x``); ``g`` has the output's shape.
    Shazeer (2020); Dauphin et al. (2017) for GLU.
    """
    where = f"{name}_vjp"
    validate.one_of(where, "gated linear unit", name, catalog.gated_names())
    x = as_real_array(where, x)
    g = as_real_array(where, g)
    a, b, index = _halves(where, x, axis)
    if g.shape != a.shape:
        raise ValueError(f"{where}: g has shape {g.shape}, the output {a.shape}")
    gate = catalog.spec(name).gate
    with np.errstate(invalid="ignore"):
        return np.concatenate([g * _BACKEND.forwards[gate](b), g * a * _BACKEND.derivatives[gate](b)], axis=index)


def glu_vjp(x, g, axis: int = -1) -> Array:
    """Jᵀg of GLU: [g ⊙ σ(b), g ⊙ a ⊙ σ(b)(1 − σ(b))] (see :func:`gated_vjp`)."""
    return gated_vjp("glu", x, g, axis)


def reglu_vjp(x, g, axis: int = -1) -> Array:
    """Jᵀg of ReGLU: [g ⊙ max(0, b), g ⊙ a ⊙ 1[b > 0]] (see :func:`gated_vjp`)."""
    return gated_vjp("reglu", x, g, axis)


def geglu_vjp(x, g, axis: int = -1) -> Array:
    """Jᵀg of GEGLU: [g ⊙ bΦ(b), g ⊙ a ⊙ (Φ(b) + bφ(b))] (see :func:`gated_vjp`)."""
    return gated_vjp("geglu", x, g, axis)


def swiglu_vjp(x, g, axis: int = -1) -> Array:
    """Jᵀg of SwiGLU: [g ⊙ bσ(b), g ⊙ a ⊙ σ(b)(1 + b(1 − σ(b)))] (see :func:`gated_vjp`).

    >>> swiglu_vjp([1.0, 2.0, -1.0, 3.0], [1.0, 1.0]).round(4)
    array([-0.2689,  2.8577,  0.0723,  2.1762])
    """
    return gated_vjp("swiglu", x, g, axis)


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
get, grad = _BACKEND.lookups()

__all__ = ["get", "grad", "softmax_jacobian", "softmax_vjp", "log_softmax_vjp", "gated_vjp",
           "glu_vjp", "reglu_vjp", "geglu_vjp", "swiglu_vjp",
           "softmax_cross_entropy", "sigmoid_binary_cross_entropy", *_BACKEND.names()]
