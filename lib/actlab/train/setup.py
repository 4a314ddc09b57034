"""The notebooks' first-cell set-up: seeds, threads, deterministic kernels, a GPU shared by both frameworks."""
from __future__ import annotations

import os
import sys
from typing import Callable

import torch

import actlab
from actlab import torch as atorch
from actlab import validate


def _unless_started(setting: Callable[..., None], *args) -> None:
    """Apply a TensorFlow runtime setting; skip it if the runtime has already started."""
    try:
        setting(*args)
    except (RuntimeError, ValueError):
        pass


def make_reproducible(seed: int = 0, threads: int | None = 1) -> torch.device:
    """Configure PyTorch (and TensorFlow, if imported) for repeatable runs; return ``try_gpu()``.

    Call it in a notebook's first cell, after the imports and before any computation:

    * seeds Python, NumPy, PyTorch and TensorFlow (:func:`actlab.seed_everything`);
    * ``threads`` intra-op threads (1 by default: for the course's tiny models one thread is
      the fastest, and reductions then always run in the same order); ``None`` keeps the
      framework defaults;
    * ``torch.use_deterministic_algorithms(True, warn_only=True)`` and, for cuBLAS on a
      GPU, ``CUBLAS_WORKSPACE_CONFIG=:4096:8`` (unless already set): on a GPU an op without
      a deterministic kernel warns instead of failing;
    * TensorFlow: ``enable_op_determinism()``, the thread counts, and *memory growth* on
      every GPU, so that TensorFlow does not reserve the whole GPU and leaves room for
      PyTorch in the same process. Settings TensorFlow refuses because its runtime has
      already started are skipped.
    """
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    if threads is not None:
        validate.positive_int("make_reproducible", threads=threads)
        torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True, warn_only=True)
    if "tensorflow" in sys.modules:
        tf = sys.modules["tensorflow"]
        for gpu in tf.config.list_physical_devices("GPU"):
            _unless_started(tf.config.experimental.set_memory_growth, gpu, True)
        if threads is not None:
            _unless_started(tf.config.threading.set_intra_op_parallelism_threads, threads)
            _unless_started(tf.config.threading.set_inter_op_parallelism_threads, threads)
        tf.config.experimental.enable_op_determinism()
    actlab.seed_everything(seed)
    return atorch.try_gpu()
