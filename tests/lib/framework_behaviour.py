"""Known framework behaviours that vary across CPUs, builds, array positions or thread counts.

The parity tests compare our functions with PyTorch's and TensorFlow's. At a few inputs a
framework's answer is not a property of the framework but of the code path it happened to
take: PyTorch evaluates the bulk of a tensor with SIMD kernels and the last few elements
(fewer than a vector) with scalar code, and the two disagree at ±inf or NaN for some
functions — so the answer depends on the element's position and on the CPU's vector width;
TensorFlow uses oneDNN's kernels or its own (Eigen) depending on the CPU and on
``TF_ENABLE_ONEDNN_OPTS``. Each such case is one row below, with every outcome that has been
seen and why. At those inputs the parity tests accept any listed outcome from the framework
and hold *our* value to our own semantics instead (the mathematical limit, checked against
mpmath, or PyTorch's scalar kernel, which is the same code on every CPU).

Found by evaluating every catalog function and derivative at ±inf, NaN and ±1e30 in every
position of tensors of 1–100 elements, under ``ATEN_CPU_CAPABILITY`` default/avx2/avx512,
``TF_ENABLE_ONEDNN_OPTS`` 0/1, ``NPY_DISABLE_CPU_FEATURES``, ``OPENBLAS_CORETYPE`` and 1 or 4
threads (PyTorch 2.13.0, TensorFlow 2.21.0, on an AVX-512 AMD EPYC), and from a report of an
Intel Sapphire Rapids machine. Only the rows below changed an answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def _at(value: float) -> Callable[[np.ndarray, int], np.ndarray]:
    """Where an input equals ``value`` (NaN included); elementwise, so the axis is unused."""
    return lambda x, axis: np.isnan(x) if np.isnan(value) else x == value


def _rows_with_non_finite_logits(x: np.ndarray, axis: int) -> np.ndarray:
    """Every entry of a softmax row (along ``axis``) that holds +inf or NaN."""
    return np.broadcast_to(np.any(np.isnan(x) | (x == np.inf), axis=axis, keepdims=True), x.shape)


@dataclass(frozen=True)
class Behaviour:
    """At the inputs ``where`` selects, ``framework``'s ``function`` (its derivative if
    ``derivative``) may return any of ``outcomes`` (NaN written as ``np.nan``)."""

    framework: str
    function: str
    derivative: bool
    dtypes: tuple[type, ...]
    where: Callable[[np.ndarray, int], np.ndarray]  # (inputs, softmax axis) -> mask
    outcomes: tuple[float, ...]
    reason: str

    def applies(self, framework: str, function: str, derivative: bool, dtype) -> bool:
        return (self.framework, self.function, self.derivative) == (framework, function, derivative) \
            and np.dtype(dtype).type in self.dtypes

    def allowed(self, theirs: np.ndarray) -> np.ndarray:
        """True where ``theirs`` is one of the outcomes."""
        ok = np.zeros(theirs.shape, bool)
        for outcome in self.outcomes:
            ok |= np.isnan(theirs) if np.isnan(outcome) else theirs == outcome
        return ok


FLOAT32 = (np.float32,)
BOTH = (np.float32, np.float64)
_SCALAR_VS_SIMD = ("PyTorch's SIMD kernel and its scalar kernel (used for the last elements of a "
                   "tensor, fewer than one vector) disagree here; which one an element gets depends "
                   "on its position and on the CPU's vector width")

KNOWN_BEHAVIOURS: tuple[Behaviour, ...] = (
    Behaviour("torch", "gelu", False, FLOAT32, _at(np.inf), (np.inf, np.nan),
              "x·Φ(x) at +inf: the float32 SIMD erf path computes inf·(1 + erf(inf)) as NaN "
              "on some CPUs and element positions; the scalar path gives +inf. " + _SCALAR_VS_SIMD),
    *(Behaviour("torch", name, True, BOTH, _at(np.nan), outcomes,
                f"{name}'(NaN): the scalar kernel's comparison with NaN is false and picks a "
                f"linear branch, the SIMD kernel propagates NaN or blends differently. " + _SCALAR_VS_SIMD)
      for name, outcomes in (("elu", (1.0, np.nan)), ("selu", (1.0507009873554805, 1.0507010221481323, np.nan)),
                             ("hard_swish", (1.0, np.nan)), ("relu6", (0.0, 1.0)))),
    Behaviour("tensorflow", "softmax", False, FLOAT32, _rows_with_non_finite_logits, (0.0, np.nan),
              "softmax of a row holding +inf or NaN: TensorFlow's Eigen kernel gives NaN for the "
              "whole row (as PyTorch and ours), oneDNN's float32 kernel (on by default on x86-64, "
              "off with TF_ENABLE_ONEDNN_OPTS=0) gives 0 at some of its entries"),
)


def assert_known_outcomes(framework: str, function: str, x: np.ndarray, theirs: np.ndarray, dtype, *,
                          derivative: bool = False, axis: int = -1) -> np.ndarray:
    """Check that at every input where a known behaviour applies the framework's value is one of
    its documented outcomes; return the mask of those inputs, which the caller leaves out of
    the exact comparison (and checks against our own semantics instead)."""
    mask = np.zeros(x.shape, bool)
    for b in KNOWN_BEHAVIOURS:
        if not b.applies(framework, function, derivative, dtype):
            continue
        where = b.where(x, axis)
        bad = where & ~b.allowed(theirs)
        label = f"{framework} {function}" + ("'" if derivative else "")
        assert not bad.any(), (f"{label}: {theirs[bad]} at x={x[bad]} is none of the documented "
                               f"outcomes {b.outcomes} ({b.reason})")
        mask |= where
    return mask
