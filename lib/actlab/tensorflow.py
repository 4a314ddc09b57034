"""TensorFlow backend: the catalog's activations as ``tf.nn`` / Keras built-ins, derivatives by GradientTape.

Importing this module silences TensorFlow's C++ start-up logging (so notebook
outputs are stable): ``TF_CPP_MIN_LOG_LEVEL`` defaults to 3, and the lines that absl and
the CUDA stub write to file descriptor 2 before logging is configured (with timestamps,
which Jupyter would capture into cell outputs) are discarded while TensorFlow loads. Inputs may be
tensors or array-likes; integers promote to float64; bool/complex raise ``TypeError``.
TensorFlow places the ops on a GPU by itself when one is visible. Parameters left out take
the catalog's (PyTorch's) defaults, which are not always TensorFlow's (``tf.nn.leaky_relu``
defaults to 0.2); each function's docstring gives its formula, arguments and reference from
the catalog, then the built-in and an example.

>>> from actlab import tensorflow as atf
>>> atf.relu([-1.0, 2.0]).numpy()
array([0., 2.])
"""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@contextlib.contextmanager
def _native_stderr_discarded() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the block (Python exceptions still propagate)."""
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


with _native_stderr_discarded():
    import keras  # noqa: E402
    import tensorflow as tf  # noqa: E402
    _GPUS = tf.config.list_physical_devices("GPU")  # loads the CUDA stub now, quietly

import numpy as np  # noqa: E402

from actlab import validate  # noqa: E402
from actlab._lookup import Backend, converting, show as _show  # noqa: E402
from actlab.validate import as_real_array  # noqa: E402

Tensor = tf.Tensor


def as_tensor(fname: str, x) -> Tensor:
    """``x`` as a real floating ``tf.Tensor``; integers promote to float64."""
    if isinstance(x, tf.Tensor | tf.Variable):
        if x.dtype == tf.bool or x.dtype.is_complex or x.dtype == tf.string:
            raise TypeError(f"{fname}: unsupported input dtype {x.dtype.name}; "
                            "pass a real floating-point tensor")
        return tf.cast(x, tf.float64) if x.dtype.is_integer else tf.identity(x)
    return tf.constant(np.array(as_real_array(fname, x), copy=True))


def _tape(forward, x, **params) -> Tensor:
    """f'(x) of elementwise ``forward``: the GradientTape gradient of Σ f(x)."""
    xt = as_tensor(f"{forward.__name__}_grad", x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = forward(xt, **params)
    return tape.gradient(y, xt)


def _over_axis(fn, x, axis):
    """``fn(x, axis)`` for tf.nn.softmax/log_softmax, which reject 0-d input: a scalar is
    treated as one entry along its axis, as PyTorch and NumPy do (softmax = 1, log_softmax = 0)."""
    if x.shape.rank == 0:
        return tf.reshape(fn(tf.reshape(x, [1]), axis=-1), [])
    return fn(x, axis=axis)


_BACKEND = Backend("tensorflow", converting(as_tensor), "use vjp(name, x, g)", _tape)
_activation = _BACKEND.forward


@_activation
def identity(x):
    """Built-in: ``tf.identity`` (a new tensor).

    >>> _show(identity([-1.0, 2.0]))
    [-1.  2.]
    """
    return tf.identity(x)


@_activation
def sigmoid(x):
    """Built-in: ``tf.math.sigmoid``.

    >>> _show(sigmoid([-1.0, 0.0, 1.0]))
    [0.2689 0.5    0.7311]
    """
    return tf.math.sigmoid(x)


@_activation
def tanh(x):
    """Built-in: ``tf.math.tanh``.

    >>> _show(tanh([-1.0, 0.0, 1.0]))
    [-0.7616  0.      0.7616]
    """
    return tf.math.tanh(x)


@_activation
def relu(x):
    """Built-in: ``tf.nn.relu``.

    >>> _show(relu([-1.0, 0.0, 2.0]))
    [0. 0. 2.]
    """
    return tf.nn.relu(x)


@_activation
def leaky_relu(x, *, negative_slope):
    """Built-in: ``tf.nn.leaky_relu(x, alpha=negative_slope)``, with PyTorch's default slope.

    >>> _show(leaky_relu([-2.0, 0.0, 2.0]))
    [-0.02  0.    2.  ]
    """
    return tf.nn.leaky_relu(x, alpha=negative_slope)


@_activation
def elu(x, *, alpha):
    """Built-in: ``tf.nn.elu`` for α = 1 (its only α); ``keras.activations.elu`` scales the
    negative branch for other α.

    >>> _show(elu([-1.0, 0.0, 1.0]))
    [-0.6321  0.      1.    ]
    >>> _show(elu([-1.0, 0.0, 1.0], alpha=2.0))
    [-1.2642  0.      1.    ]
    """
    return tf.nn.elu(x) if alpha == 1.0 else keras.activations.elu(x, alpha=alpha)


@_activation
def selu(x):
    """Built-in: ``tf.nn.selu`` (λ ≈ 1.0507, α ≈ 1.6733, fixed).

    >>> _show(selu([-1.0, 0.0, 1.0]))
    [-1.1113  0.      1.0507]
    """
    return tf.nn.selu(x)


@_activation
def gelu(x):
    """Built-in: ``tf.nn.gelu(approximate=False)``.

    >>> _show(gelu([-1.0, 0.0, 1.0]))
    [-0.1587  0.      0.8413]
    """
    return tf.nn.gelu(x, approximate=False)


@_activation
def gelu_tanh(x):
    """Built-in: ``tf.nn.gelu(approximate=True)``.

    >>> _show(gelu_tanh([-1.0, 0.0, 1.0]))
    [-0.1588  0.      0.8412]
    """
    return tf.nn.gelu(x, approximate=True)


@_activation
def silu(x):
    """Built-in: ``tf.nn.silu`` (= ``tf.nn.swish``).

    >>> _show(silu([-1.0, 0.0, 1.0]))
    [-0.2689  0.      0.7311]
    """
    return tf.nn.silu(x)


@_activation
def mish(x):
    """Built-in: ``keras.activations.mish``.

    >>> _show(mish([-1.0, 0.0, 1.0]))
    [-0.3034  0.      0.8651]
    """
    return keras.activations.mish(x)


@_activation
def softplus(x, *, beta, threshold):
    """``tf.math.softplus`` has no β or threshold: log(1 + e^{βx})/β, and x where βx > threshold
    (as PyTorch).

    >>> _show(softplus([-1.0, 0.0, 1.0]))
    [0.3133 0.6931 1.3133]
    >>> _show(softplus([-1.0, 0.0, 30.0], beta=2.0))
    [ 0.0635  0.3466 30.    ]
    """
    bx = beta * x
    return tf.where(bx > threshold, x, tf.math.softplus(bx) / beta)


@_activation
def softsign(x):
    """Built-in: ``tf.nn.softsign``.

    >>> _show(softsign([-1.0, 0.0, 3.0]))
    [-0.5   0.    0.75]
    """
    return tf.nn.softsign(x)


@_activation
def hard_sigmoid(x):
    """Built-in: ``keras.activations.hard_sigmoid`` (Keras 3: ReLU6(x + 3)/6).

    >>> _show(hard_sigmoid([-4.0, 0.0, 1.5]))
    [0.   0.5  0.75]
    """
    return keras.activations.hard_sigmoid(x)


@_activation
def hard_swish(x):
    """Built-in: ``keras.activations.hard_silu`` (= ``hard_swish``, Keras 3).

    >>> _show(hard_swish([-4.0, -1.5, 1.5]))
    [ 0.    -0.375  1.125]
    """
    return keras.activations.hard_silu(x)


@_activation
def relu6(x):
    """Built-in: ``tf.nn.relu6``.

    >>> _show(relu6([-1.0, 3.0, 8.0]))
    [0. 3. 6.]
    """
    return tf.nn.relu6(x)


@_activation
def softmax(x, axis=-1):
    """Built-in: ``tf.nn.softmax`` along ``axis`` (a 0-d input counts as one entry).

    >>> _show(softmax([1.0, 2.0, 3.0]))
    [0.09   0.2447 0.6652]
    """
    return _over_axis(tf.nn.softmax, x, axis)


@_activation
def log_softmax(x, axis=-1):
    """Built-in: ``tf.nn.log_softmax`` along ``axis`` (a 0-d input counts as one entry).

    >>> _show(log_softmax([1.0, 2.0, 3.0]))
    [-2.4076 -1.4076 -0.4076]
    """
    return _over_axis(tf.nn.log_softmax, x, axis)


def _halves(fname: str, x: Tensor, axis: int) -> list[Tensor]:
    """The halves a, b of ``x`` along ``axis``, which must have even length."""
    return tf.split(x, 2, axis=validate.halved_axis(fname, tuple(x.shape), axis))


@_activation
def glu(x, axis=-1):
    """Built-in: ``keras.activations.glu`` (a ⊙ σ(b), a the first half).

    >>> _show(glu([1.0, 2.0, 0.0, 100.0]))
    [0.5 2. ]
    """
    return keras.activations.glu(x, axis=validate.halved_axis("glu", tuple(x.shape), axis))


@_activation
def reglu(x, axis=-1):
    """``a * tf.nn.relu(b)`` on the halves of ``tf.split``.

    >>> _show(reglu([1.0, 2.0, -1.0, 3.0]))
    [0. 6.]
    """
    a, b = _halves("reglu", x, axis)
    return a * tf.nn.relu(b)


@_activation
def geglu(x, axis=-1):
    """``a * tf.nn.gelu(b, approximate=False)`` on the halves of ``tf.split``.

    >>> _show(geglu([1.0, 2.0, -1.0, 3.0]))
    [-0.1587  5.9919]
    """
    a, b = _halves("geglu", x, axis)
    return a * tf.nn.gelu(b, approximate=False)


@_activation
def swiglu(x, axis=-1):
    """``a * tf.nn.silu(b)`` on the halves of ``tf.split``.

    >>> _show(swiglu([1.0, 2.0, -1.0, 3.0]))
    [-0.2689  5.7154]
    """
    a, b = _halves("swiglu", x, axis)
    return a * tf.nn.silu(b)


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
    """Jᵀg of softmax along ``axis`` by GradientTape (to check the NumPy closed form)."""
    xt = as_tensor("softmax_vjp", x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = tf.nn.softmax(xt, axis=axis)
    return tape.gradient(y, xt, output_gradients=as_tensor("softmax_vjp", g))


def vjp(name: str, x, g, axis: int = -1) -> Tensor:
    """Jᵀg of the non-elementwise catalog activation ``name`` (softmax family, gated linear units)
    along ``axis`` by GradientTape; ``g`` has the output's shape (to check the NumPy closed forms)."""
    record = validate.activation("vjp", name)
    if record.elementwise:
        raise ValueError(f"vjp: {name} is elementwise; use grad({name!r})")
    xt = as_tensor(f"{name}_vjp", x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = get(name)(xt, axis=axis)
    return tape.gradient(y, xt, output_gradients=tf.cast(as_tensor(f"{name}_vjp", g), y.dtype))


def gpu_name() -> str:
    """'GPU' if TensorFlow sees a GPU (it then places ops there by itself), else 'CPU'."""
    return "GPU" if _GPUS else "CPU"


__all__ = ["as_tensor", "get", "grad", "softmax_vjp", "vjp", "gpu_name", *_BACKEND.names()]
