"""Small, seeded data sets for the course — generated here or shipped inside an installed package.

Nothing is downloaded: :func:`xsin`, :func:`moons`, :func:`adding_problem`, :func:`parity` and
:func:`implicit_feedback` are generated from a seed, and :func:`digits` is
scikit-learn's bundled copy of the UCI optical-digits test set (1797 images of 8×8
pixels, 16 grey levels; Alpaydin & Kaynak 1998).

Every function takes a ``seed`` and returns the same arrays for the same arguments.

>>> from actlab import data
>>> x, y = data.xsin()
>>> x.shape, y.shape, x.dtype
((100, 1), (100, 1), dtype('float32'))
>>> X_train, X_test, y_train, y_test = data.digits()
>>> X_train.shape, X_test.shape, y_train.dtype
((1347, 64), (450, 64), dtype('int64'))
"""
from __future__ import annotations

import numpy as np

from actlab import validate

Array = np.ndarray



def _check_fraction(fname: str, key: str, value: float) -> None:
    if not 0.0 < float(value) < 1.0:
        raise ValueError(f"{fname}: {key} must lie strictly between 0 and 1, got {value!r}")


# --------------------------------------------------------------------------- regression


def xsin_target(x) -> Array:
    """The noise-free target of :func:`xsin`: f(x) = x·sin(x)."""
    x = np.asarray(x, dtype=np.float64)
    return x * np.sin(x)


def xsin(n: int = 100, noise: float = 0.2, seed: int = 0,
         low: float = -10.0, high: float = 10.0) -> tuple[Array, Array]:
    """The source article's §5.2 regression data: y = x·sin(x) + ε, ε ~ N(0, noise²).

    ``x`` is ``n`` evenly spaced points on [low, high] (``np.linspace``, as in the
    article); both arrays are float32 with shape ``(n, 1)``, ready for a 1-input,
    1-output network (the article's code used shape ``(n,)``, which ``tf.matmul``
    rejects). The noise comes from ``np.random.default_rng(seed)``.

    What a mean-squared-error fit can reach:

    * the **noise floor** is noise² (0.04 for the default noise = 0.2): the expected
      MSE of the true function f(x) = x·sin(x) itself. A model can go below it only
      by fitting the particular noise draw (with 100 points, a wide network can);
    * predicting the mean of y gives MSE = Var(y), about 14 on [−10, 10] (13.95 for
      the default draw; 13.68 for x uniform on [−10, 10] without noise) — the loss
      of a network that has learnt nothing about x.

    >>> x, y = xsin(n=5, noise=0.0)
    >>> x.ravel().tolist()
    [-10.0, -5.0, 0.0, 5.0, 10.0]
    """
    validate.positive_int("xsin", n=n)
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"xsin: noise must be a finite standard deviation >= 0, got {noise!r}")
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"xsin: need finite low < high, got low={low!r}, high={high!r}")
    rng = np.random.default_rng(seed)
    x = np.linspace(low, high, n)
    y = xsin_target(x) + rng.normal(0.0, noise, size=n)
    return x.astype(np.float32).reshape(n, 1), y.astype(np.float32).reshape(n, 1)


# --------------------------------------------------------------------------- images


def moons(n: int = 200, noise: float = 0.2, seed: int = 0) -> tuple[Array, Array]:
    """Two interleaving half circles (scikit-learn's ``make_moons``), each feature standardised.

    ``X`` (float64, shape ``(n, 2)``) has mean 0 and standard deviation 1 per column, as a
    network's inputs should (chapter 3); ``y`` (int64, shape ``(n,)``) holds the class, 0 or 1.
    ``noise`` is the standard deviation of the Gaussian noise added before standardising.
    Chapters 3 and 8 count dead ReLU units on it.

    >>> X, y = moons()
    >>> X.shape, y.shape, np.allclose(X.mean(axis=0), 0), np.allclose(X.std(axis=0), 1)
    ((200, 2), (200,), True, True)
    """
    from sklearn.datasets import make_moons

    X, y = make_moons(n, noise=noise, random_state=seed)
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def digits(test_size: float = 0.25, seed: int = 0) -> tuple[Array, Array, Array, Array]:
    """scikit-learn's bundled 8×8 digits, split into train and test sets, stratified by class.

    Returns ``(X_train, X_test, y_train, y_test)``: features are the 64 pixel values
    divided by 16 (so in [0, 1]), float32; labels are int64 in 0–9. No download:
    the data ship inside scikit-learn (``sklearn.datasets.load_digits``).
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    _check_fraction("digits", "test_size", test_size)
    bunch = load_digits()
    X = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    return tuple(train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y))


# --------------------------------------------------------------------------- sequences


def adding_problem(n: int = 1000, length: int = 20, seed: int = 0) -> tuple[Array, Array]:
    """The adding problem (Hochreiter & Schmidhuber 1997): sum the two marked numbers.

    Each sequence has ``length`` steps of two features: a value drawn uniformly from
    [0, 1] and a marker that is 1 at exactly two random positions (one in each half)
    and 0 elsewhere. The target is the sum of the two marked values (in [0, 2]);
    always predicting 1 gives MSE ≈ 1/6 ≈ 0.167, the baseline a model must beat.

    Returns ``X`` float32 ``(n, length, 2)`` and ``y`` float32 ``(n, 1)``.
    """
    validate.positive_int("adding_problem", n=n, length=length)
    if length < 2:
        raise ValueError(f"adding_problem: length must be at least 2, got {length}")
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.0, 1.0, size=(n, length))
    half = length // 2
    first = rng.integers(0, half, size=n)
    second = rng.integers(half, length, size=n)
    marks = np.zeros((n, length))
    marks[np.arange(n), first] = 1.0
    marks[np.arange(n), second] = 1.0
    X = np.stack([values, marks], axis=-1).astype(np.float32)
    y = (values * marks).sum(axis=1, keepdims=True).astype(np.float32)
    return X, y


def parity(n: int = 1000, length: int = 8, seed: int = 0) -> tuple[Array, Array]:
    """Sequence classification: is the number of ones in a random bit string odd?

    Returns ``X`` float32 ``(n, length, 1)`` of 0/1 bits and ``y`` int64 ``(n,)``
    (1 = odd). Every bit matters, so a model must carry state across the sequence.
    """
    validate.positive_int("parity", n=n, length=length)
    rng = np.random.default_rng(seed)
    bits = rng.integers(0, 2, size=(n, length))
    return bits.astype(np.float32)[..., None], (bits.sum(axis=1) % 2).astype(np.int64)


# --------------------------------------------------------------------------- recommendation


def implicit_feedback(n_users: int = 200, n_items: int = 100, rank: int = 4, density: float = 0.2,
                      seed: int = 0, with_probability: bool = False) -> tuple[Array, ...]:
    """Implicit-feedback interactions ("did user u click item i?") from a latent-factor model.

    Users and items get latent vectors p_u, q_i ~ N(0, I/√rank) in R^rank; user u
    interacts with item i with probability σ(4·p_uᵀq_i + b), where the offset b is
    chosen (by bisection) so that the mean probability is ``density``. Every (user, item) pair is
    returned once, in random order, with its 0/1 label drawn from that probability.

    Returns ``pairs`` int64 ``(n_users·n_items, 2)`` — columns user id, item id —
    and ``labels`` float32 ``(n_users·n_items,)``; with ``with_probability`` also the
    true interaction probabilities (float64, same order), whose AUC on the labels is
    the ceiling any model can reach.
    """
    validate.positive_int("implicit_feedback", n_users=n_users, n_items=n_items, rank=rank)
    _check_fraction("implicit_feedback", "density", density)
    rng = np.random.default_rng(seed)
    users = rng.normal(0.0, rank ** -0.25, size=(n_users, rank))
    items = rng.normal(0.0, rank ** -0.25, size=(n_items, rank))
    logits = 4.0 * users @ items.T
    lo, hi = -20.0, 20.0
    for _ in range(60):  # mean σ(logits + b) is increasing in b: bisect for b
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if np.mean(1.0 / (1.0 + np.exp(-(logits + mid)))) < density else (lo, mid)
    prob = 1.0 / (1.0 + np.exp(-(logits + 0.5 * (lo + hi))))
    labels = (rng.uniform(size=prob.shape) < prob).astype(np.float32)
    uu, ii = np.meshgrid(np.arange(n_users), np.arange(n_items), indexing="ij")
    pairs = np.stack([uu.ravel(), ii.ravel()], axis=1).astype(np.int64)
    order = rng.permutation(len(pairs))
    if with_probability:
        return pairs[order], labels.ravel()[order], prob.ravel()[order]
    return pairs[order], labels.ravel()[order]


__all__ = ["xsin", "xsin_target", "digits", "adding_problem", "parity", "implicit_feedback"]
