"""TensorFlow backend: the catalog's activations as ``tf.nn`` / Keras built-ins, derivatives by GradientTape.

Importing this module silences TensorFlow's C++ start-up logging (so notebook
outputs are stable): ``TF_CPP_MIN_LOG_LEVEL`` defaults to 3, and the lines that absl and
the CUDA stub write to file descriptor 2 before logging is configured (with timestamps,
which Jupyter would capture into cell outputs) are discarded while TensorFlow loads. Inputs may be
tensors or array-likes; integers promote to float64; bool/complex raise ``TypeError``.
TensorFlow places the ops on a GPU by itself when one is visible.

>>> from actlab import tensorflow as atf
>>> atf.relu([-1.0, 2.0]).numpy()
array([0., 2.])
"""
from __future__ import annotations

import contextlib
import functools
import os
import sys
from typing import Callable, Iterator

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

from actlab import catalog  # noqa: E402
from actlab._checks import as_real_array  # noqa: E402
from actlab._lookup import exports, lookups, wrap_builtins  # noqa: E402

Tensor = tf.Tensor


def _softplus(x, beta=1.0, threshold=20.0):
    """tf.math.softplus has no β or threshold: log(1 + e^{βx})/β, and x where βx > threshold (as PyTorch)."""
    bx = beta * x
    return tf.where(bx > threshold, x, tf.math.softplus(bx) / beta)


def _elu(x, alpha=1.0):
    """tf.nn.elu is α = 1 only; Keras scales the negative branch for other α."""
    return tf.nn.elu(x) if alpha == 1.0 else keras.activations.elu(x, alpha=alpha)


def _over_axis(fn):
    """``fn(x, axis)`` for tf.nn.softmax/log_softmax, which reject 0-d input: a scalar is
    treated as one entry along its axis, as PyTorch and NumPy do (softmax = 1, log_softmax = 0)."""
    def apply(x, axis=-1):
        if x.shape.rank == 0:
            return tf.reshape(fn(tf.reshape(x, [1]), axis=-1), [])
        return fn(x, axis=axis)
    return apply


#: catalog name → the TensorFlow / Keras built-in, called with the catalog's keyword parameters
BUILTINS: dict[str, Callable[..., Tensor]] = {
    "identity": tf.identity,
    "sigmoid": tf.math.sigmoid,
    "tanh": tf.math.tanh,
    "relu": tf.nn.relu,
    "leaky_relu": lambda x, negative_slope=0.01: tf.nn.leaky_relu(x, alpha=negative_slope),
    "elu": _elu,
    "selu": tf.nn.selu,
    "gelu": functools.partial(tf.nn.gelu, approximate=False),
    "gelu_tanh": functools.partial(tf.nn.gelu, approximate=True),
    "silu": tf.nn.silu,
    "mish": keras.activations.mish,
    "softplus": _softplus,
    "softsign": tf.nn.softsign,
    "hard_sigmoid": keras.activations.hard_sigmoid,
    "hard_swish": keras.activations.hard_silu,
    "relu6": tf.nn.relu6,
    "softmax": _over_axis(tf.nn.softmax),
    "log_softmax": _over_axis(tf.nn.log_softmax),
}


def as_tensor(fname: str, x) -> Tensor:
    """``x`` as a real floating ``tf.Tensor``; integers promote to float64."""
    if isinstance(x, tf.Tensor | tf.Variable):
        if x.dtype == tf.bool or x.dtype.is_complex or x.dtype == tf.string:
            raise TypeError(f"{fname}: unsupported input dtype {x.dtype.name}; "
                            "pass a real floating-point tensor")
        return tf.cast(x, tf.float64) if x.dtype.is_integer else tf.identity(x)
    return tf.constant(np.array(as_real_array(fname, x), copy=True))


def _tape_derivative(name: str, fn: Callable[..., Tensor]) -> Callable[..., Tensor]:
    """x ↦ f'(x) for elementwise ``fn``: GradientTape gradient of Σ f(x)."""
    def derivative(x, **params):
        xt = as_tensor(f"{name}_grad", x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = fn(xt, **params)
        return tape.gradient(y, xt)

    derivative.__name__ = derivative.__qualname__ = f"{name}_grad"
    derivative.__doc__ = f"f'(x) of {name} by tf.GradientTape."
    return derivative


_FORWARD = wrap_builtins(BUILTINS, as_tensor, lambda r: f"TensorFlow: ``{r.tf_name}``")
_GRAD = {name: _tape_derivative(name, _FORWARD[name]) for name in catalog.names(elementwise=True)}
globals().update(exports(_FORWARD, _GRAD))
get, grad = lookups(_FORWARD, _GRAD, "tensorflow", "use softmax_vjp(x, g)")


def softmax_vjp(x, g, axis: int = -1) -> Tensor:
    """Jᵀg of softmax along ``axis`` by GradientTape (to check the NumPy closed form)."""
    xt = as_tensor("softmax_vjp", x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = tf.nn.softmax(xt, axis=axis)
    return tape.gradient(y, xt, output_gradients=as_tensor("softmax_vjp", g))


def gpu_name() -> str:
    """'GPU' if TensorFlow sees a GPU (it then places ops there by itself), else 'CPU'."""
    return "GPU" if _GPUS else "CPU"


__all__ = ["BUILTINS", "as_tensor", "get", "grad", "softmax_vjp", "gpu_name",
           *exports(_FORWARD, _GRAD)]
