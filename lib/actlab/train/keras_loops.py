"""The Keras counterparts of the PyTorch loops: :func:`keras_mlp` and :func:`fit_classifier_keras`.

TensorFlow and Keras are imported when these are first called (through
:mod:`actlab.tensorflow`, which quietens TensorFlow's start-up logging), so that
``from actlab import train`` does not load TensorFlow.
"""
from __future__ import annotations

import time
from typing import Any, Callable, Sequence

import numpy as np

from actlab.train.common import ClassifierResult, check_activation, check_classifier_args, check_layers

Array = np.ndarray


def keras_mlp(n_in: int, hidden: Sequence[int], n_out: int, activation: str, **params: float):
    """The Keras twin of :func:`mlp`: ``Dense`` layers with the catalog activation (TensorFlow backend).

    The output layer is linear (logits); :func:`fit_classifier_keras` puts the softmax
    or sigmoid into the loss (``from_logits=True``), as :func:`fit_classifier` does.
    Keras initialises ``Dense`` kernels with Glorot-uniform (PyTorch's ``Linear``
    uses a different uniform), so the two frameworks start from different weights.
    """
    check_layers("keras_mlp", n_in, hidden, n_out)
    check_activation("keras_mlp", activation)
    from actlab import tensorflow as atf  # silences TensorFlow's logging before keras loads
    import keras

    fn = atf.get(activation, **params)
    layers = [keras.Input((n_in,))]
    for h in hidden:
        layers += [keras.layers.Dense(h), keras.layers.Activation(fn, name=None)]
    layers.append(keras.layers.Dense(n_out))
    return keras.Sequential(layers)


def fit_classifier_keras(build: Callable[[], Any], X_train, y_train, X_val, y_val, *,
                         epochs: int = 100, lr: float = 0.01, batch_size: int | None = None,
                         seed: int = 0, target: float = 0.9,
                         callback: Callable[[int, dict[str, float], Any], bool | None] | None = None,
                         ) -> ClassifierResult:
    """:func:`fit_classifier` with Keras: ``build()`` returns a Keras model that outputs logits.

    Seeds Python, NumPy and TensorFlow with ``keras.utils.set_random_seed(seed)``
    and turns on ``tf.config.experimental.enable_op_determinism()`` (a process-wide
    setting) before building, so CPU runs repeat exactly. The loop is the Keras
    optimizer (Adam) and loss (sparse softmax cross-entropy, or binary
    cross-entropy, from logits) inside a ``tf.function`` training step with
    ``tf.GradientTape`` — the same algorithm as ``model.fit``, without its
    per-epoch overhead (``model.fit`` with validation takes ~20× longer on these
    tiny models). ``batch_size=None`` is full-batch. TensorFlow picks the device.
    ``callback(epoch, record, model)`` as in :func:`fit_classifier`.
    """
    check_classifier_args("fit_classifier_keras", X_train, y_train, X_val, y_val, epochs, batch_size, lr, target)
    from actlab import tensorflow as atf
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    model = build()
    Xtr, Xva = (tf.constant(np.asarray(X)) for X in (X_train, X_val))
    binary = model(Xva[:1]).shape[-1] == 1
    label_dtype = tf.float32 if binary else tf.int64
    ytr, yva = (tf.cast(np.asarray(y), label_dtype) for y in (y_train, y_val))
    loss_fn = (keras.losses.BinaryCrossentropy(from_logits=True) if binary
               else keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    optimizer = keras.optimizers.Adam(learning_rate=lr)

    def logits(X):
        out = model(X, training=False)
        return tf.reshape(out, [-1]) if binary else out

    @tf.function
    def train_step(X, y):
        with tf.GradientTape() as tape:
            out = model(X, training=True)
            loss = loss_fn(y, tf.reshape(out, [-1]) if binary else out)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    @tf.function
    def accuracy():
        out = logits(Xva)
        pred = tf.cast(out > 0, label_dtype) if binary else tf.argmax(out, axis=1)
        return tf.reduce_mean(tf.cast(pred == yva, tf.float32))

    rng = np.random.default_rng(seed)
    n = len(X_train)
    history: list[dict[str, float]] = []
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if batch_size else None
        total = 0.0
        for lo in range(0, n, batch_size or n):
            if order is None:
                total += float(train_step(Xtr, ytr)) * n
            else:
                idx = order[lo:lo + batch_size]
                total += float(train_step(tf.gather(Xtr, idx), tf.gather(ytr, idx))) * len(idx)
        record = {"epoch": epoch, "loss": total / n, "val_accuracy": float(accuracy())}
        history.append(record)
        if callback is not None and callback(epoch, record, model) is False:
            break
    seconds = time.perf_counter() - start
    reached = next((r["epoch"] for r in history if r["val_accuracy"] >= target), None)

    def proba(X) -> Array:
        out = logits(tf.constant(np.asarray(X)))
        return (tf.sigmoid(out) if binary else tf.nn.softmax(out)).numpy()

    return ClassifierResult(history, history[-1]["val_accuracy"], reached, target, model,
                            atf.gpu_name(), seconds, proba)
