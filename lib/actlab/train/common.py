"""What the PyTorch and Keras training loops share: argument checks and the classifier result."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from actlab import validate

Array = np.ndarray


def check_activation(fname: str, activation: str) -> None:
    """ValueError unless ``activation`` is an elementwise catalog name (softmax belongs in the loss)."""
    validate.elementwise_activation(fname, activation, hint="softmax belongs in the loss, see fit_classifier")


def check_layers(fname: str, n_in: int, hidden: Sequence[int], n_out: int) -> None:
    """ValueError unless n_in, n_out are positive integers and hidden a sequence of them."""
    validate.positive_int(fname, n_in=n_in, n_out=n_out)
    if isinstance(hidden, int | np.integer) or not all(
            isinstance(h, int | np.integer) and not isinstance(h, bool) and h >= 1 for h in hidden):
        raise ValueError(f"{fname}: hidden must be a sequence of positive integers, got {hidden!r}")


@dataclass
class ClassifierResult:
    """What :func:`fit_classifier` / :func:`fit_classifier_keras` return.

    ``history`` has one dict per epoch: ``epoch`` (1-based), ``loss`` (mean training
    loss of that epoch) and ``val_accuracy``. ``epochs_to_target`` is the first epoch
    whose validation accuracy reached ``target`` (``None`` if none did).
    """

    history: list[dict[str, float]]
    val_accuracy: float
    epochs_to_target: int | None
    target: float
    model: Any
    device: str
    seconds: float
    proba: Callable[[Array], Array] = field(repr=False)

    def predict_proba(self, X) -> Array:
        """Class probabilities ``(N, K)`` (softmax of the logits), or ``(N,)`` P(y = 1) for one output."""
        return self.proba(X)

    def predict(self, X) -> Array:
        """Predicted labels: argmax of the probabilities, or P(y = 1) > 0.5 for one output."""
        p = self.proba(X)
        return (p > 0.5).astype(np.int64) if p.ndim == 1 else p.argmax(axis=1)

    def summary(self) -> dict[str, Any]:
        """``{"device", "seconds", "val_accuracy", "epochs_to_target"}`` for ``GPU_RESULT``."""
        return {"device": self.device, "seconds": self.seconds, "val_accuracy": self.val_accuracy,
                "epochs_to_target": self.epochs_to_target}


def _check_split(fname: str, X, y) -> None:
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(f"{fname}: inputs and labels must be non-empty and of equal length, "
                         f"got {len(X)} and {len(y)}")


def check_classifier_args(fname, X_train, y_train, X_val, y_val, epochs, batch_size, lr, target) -> None:
    """The argument checks shared by :func:`fit_classifier` and :func:`fit_classifier_keras`."""
    validate.positive_int(fname, epochs=epochs)
    if batch_size is not None:
        validate.positive_int(fname, batch_size=batch_size)
    validate.positive_number(fname, "lr", lr)
    _check_split(fname, X_train, y_train)
    _check_split(fname, X_val, y_val)
    if not 0.0 < target <= 1.0:
        raise ValueError(f"{fname}: target accuracy must lie in (0, 1], got {target!r}")
