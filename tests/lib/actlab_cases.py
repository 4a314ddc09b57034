"""Shared grids, tolerances and parameter cases for the library tests (imported by them)."""
from __future__ import annotations

import numpy as np
import pytest

import actlab
from actlab import numpy as anp
from actlab import tensorflow as atf  # first: it silences TensorFlow's C++ logging
from actlab import torch as atorch

BACKENDS = {"numpy": anp, "torch": atorch, "tensorflow": atf}
FLOATS = (np.float16, np.float32, np.float64)
ELEMENTWISE = actlab.names(elementwise=True)
NON_ELEMENTWISE = actlab.names(elementwise=False)
GATED = actlab.catalog.gated_names()
SOFTMAX_FAMILY = [n for n in NON_ELEMENTWISE if n not in GATED]


def output_shape(name: str, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The shape of ``name``'s output for an input of ``shape``: the same, except that a gated
    linear unit halves the last axis."""
    return (*shape[:-1], shape[-1] // 2) if name in GATED else tuple(shape)

#: magnitudes every grid contains (with both signs): the brief's list of hard inputs
MAGNITUDES = (0.0, 1e-8, 1.0, 3.0, 6.0, 30.0, 1e3, 1e30, np.inf)


def to_numpy(y) -> np.ndarray:
    """A backend's output (ndarray, torch.Tensor or tf.Tensor) as a NumPy array."""
    if hasattr(y, "detach"):
        return y.detach().cpu().numpy()
    return np.asarray(y)


def eps(dtype) -> float:
    return float(np.finfo(dtype).eps)


def kink_points(name: str) -> np.ndarray:
    """The catalog kinks of ``name`` and points just beside them (±1e-6 relative)."""
    kinks = np.array(actlab.spec(name).kinks, dtype=float)
    offsets = 1e-6 * np.maximum(1.0, np.abs(kinks))
    return np.concatenate([kinks, kinks - offsets, kinks + offsets])


def special_grid(name: str, dtype, *, finite: bool = False, random: int = 64) -> np.ndarray:
    """Sorted ±MAGNITUDES, the kinks of ``name`` and their neighbours, ``random`` N(0, 4²)
    points (fixed seed), then NaN last — all cast to ``dtype`` (values it cannot hold dropped).

    ``finite=True`` drops ±inf and NaN and adds ±(largest finite)/2.
    """
    values = {s * m for m in MAGNITUDES for s in (1.0, -1.0)}
    values |= set(kink_points(name).tolist())
    values |= set((4.0 * np.random.default_rng(0).standard_normal(random)).tolist())
    if finite:
        half_max = float(np.finfo(dtype).max) / 2
        values = {v for v in values if np.isfinite(v)} | {half_max, -half_max}
    top = float(np.finfo(dtype).max)
    representable = [v for v in sorted(values) if abs(v) <= top or np.isinf(v)]
    grid = np.array(representable, dtype=dtype)
    return grid if finite else np.append(grid, dtype(np.nan))


def near_kink(name: str, x: np.ndarray, dtype) -> np.ndarray:
    """True where ``x`` is within 100 ulps of a catalog kink of ``name``."""
    kinks = np.array(actlab.spec(name).kinks, dtype=float)
    if kinks.size == 0:
        return np.zeros(x.shape, dtype=bool)
    width = 100 * eps(dtype) * np.maximum(1.0, np.abs(kinks))
    return np.any(np.abs(np.asarray(x, float)[..., None] - kinks) <= width, axis=-1)


def param_sets(name: str) -> list[dict[str, float]]:
    """PyTorch's defaults, then every parameter scaled by 0.5 and by 3 (non-default values)."""
    defaults = dict(actlab.spec(name).params)
    if not defaults:
        return [{}]
    return [{}, *({k: v * factor for k, v in defaults.items()} for factor in (0.5, 3.0))]


def params_id(params: dict[str, float]) -> str:
    return ",".join(f"{k}={v:g}" for k, v in params.items()) or "defaults"


def param_cases(names, dtypes=()) -> list:
    """``pytest.param(name, params)`` — or ``(name, params, dtype)`` for each of ``dtypes`` —
    for every name and each of its :func:`param_sets`, with readable ids."""
    cases = []
    for name in names:
        for params in param_sets(name):
            if not dtypes:
                cases.append(pytest.param(name, params, id=f"{name}-{params_id(params)}"))
            for dtype in dtypes:
                cases.append(pytest.param(name, params, dtype,
                                          id=f"{name}-{params_id(params)}-{np.dtype(dtype).name}"))
    return cases
