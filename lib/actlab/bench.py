"""The activation cost benchmark: ``python -m actlab.bench`` (or ``make bench``).

For every elementwise activation, in each backend, it times

* **forward** — ``f(x)``;
* **forward+backward** — NumPy: ``f(x)`` and the analytic derivative times the upstream
  gradient, ``f'(x) * g``; PyTorch: ``f(x)`` then ``.backward(g)``; TensorFlow:
  ``f(x)`` under a ``GradientTape`` then ``tape.gradient(y, x, g)``;

on ``n`` float32 elements on the CPU, and reports each median time as a **ratio to a plain
memory copy** of the same array in the same backend, timed in the same run (NumPy
``np.copy``, PyTorch ``clone``, TensorFlow ``raw_ops.DeepCopy``, because ``tf.identity``
hands back the same buffer on the CPU). A ratio near 1 means the activation costs what
moving the data costs (it is memory-bound); a large ratio means arithmetic (exp, erf,
tanh), temporaries or extra passes dominate. ``softmax`` and ``log_softmax`` run over
the last axis of shape (n/1000, 1000) and are marked as such; their backward is the VJP.

Every timing is the median of ``repeats`` calls after one warm-up call; the copy is
timed half before and half after its backend's activations, so slow drift on a shared
machine affects both alike. ``run`` is the Python API for the chapters; ``main`` the CLI::

    python -m actlab.bench --sizes 1e6 1e7 --repeats 5 --csv bench.csv
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import os
import platform
import statistics
import sys
import time
from typing import Callable, Iterable, Sequence

import numpy as np

from actlab import catalog

BACKENDS = ("numpy", "torch", "tensorflow")
PASSES = ("forward", "forward+backward")
#: softmax family: length of the last axis the rows are normalised over
ROW_LENGTH = 1000
COPY = "copy"


@dataclasses.dataclass(frozen=True)
class Row:
    """One measurement. ``pass_`` is "forward", "forward+backward" or "copy" (``pass`` in the CSV)."""

    name: str
    backend: str
    size: int
    pass_: str
    seconds_median: float
    ratio_to_copy: float
    layout: str = "elementwise"

    def as_csv(self) -> dict[str, object]:
        record = dataclasses.asdict(self)
        record["pass"] = record.pop("pass_")
        return record


CSV_FIELDS = ("name", "backend", "size", "pass", "seconds_median", "ratio_to_copy", "layout")


def _layout(name: str, size: int) -> tuple[str, tuple[int, ...]]:
    """(label, shape): elementwise → (n,); softmax family and gated units → (n/1000, 1000) over the
    last axis (a gated unit's output, and so its upstream gradient, is (n/1000, 500))."""
    if catalog.spec(name).elementwise:
        return "elementwise", (size,)
    rows, length = (size // ROW_LENGTH, ROW_LENGTH) if size % ROW_LENGTH == 0 else (1, size)
    return f"last axis of ({rows}, {length})", (rows, length)


# --------------------------------------------------------------------------- backends
# Each backend turns NumPy inputs into its own arrays and gives the callables to time:
# copy(x), and for a name, {pass: callable(x, g)}.

class _NumPy:
    name = "numpy"

    def __init__(self) -> None:
        from actlab import numpy as anp
        self.anp = anp

    def native(self, array: np.ndarray):
        return array

    def copy(self, x):
        return np.copy(x)

    def passes(self, name: str) -> dict[str, Callable]:
        f = self.anp.get(name)
        if catalog.spec(name).elementwise:
            df = self.anp.grad(name)
            return {"forward": lambda x, g: f(x), "forward+backward": lambda x, g: (f(x), df(x) * g)}
        vjp = getattr(self.anp, f"{name}_vjp")
        return {"forward": lambda x, g: f(x), "forward+backward": lambda x, g: (f(x), vjp(x, g))}


class _Torch:
    name = "torch"

    def __init__(self) -> None:
        import torch

        from actlab import torch as atorch
        self.torch, self.atorch = torch, atorch

    def native(self, array: np.ndarray):
        return self.torch.from_numpy(array)

    def copy(self, x):
        return x.clone()

    def passes(self, name: str) -> dict[str, Callable]:
        f = self.atorch.get(name)

        def forward(x, g):
            with self.torch.no_grad():
                return f(x)

        def forward_backward(x, g):
            leaf = x.detach().requires_grad_(True)  # a view, no copy
            f(leaf).backward(g)
            return leaf.grad

        return {"forward": forward, "forward+backward": forward_backward}


class _TensorFlow:
    name = "tensorflow"

    def __init__(self) -> None:
        from actlab import tensorflow as atf  # silences TensorFlow's C++ logging first
        import tensorflow as tf
        self.tf, self.atf = tf, atf

    def native(self, array: np.ndarray):
        with self.tf.device("/CPU:0"):
            return self.tf.constant(array)

    def copy(self, x):
        with self.tf.device("/CPU:0"):
            return self.tf.raw_ops.DeepCopy(x=x)

    def passes(self, name: str) -> dict[str, Callable]:
        tf, f = self.tf, self.atf.get(name)

        def forward(x, g):
            with tf.device("/CPU:0"):
                return f(x)

        def forward_backward(x, g):
            with tf.device("/CPU:0"), tf.GradientTape() as tape:
                tape.watch(x)
                y = f(x)
            return tape.gradient(y, x, output_gradients=g)

        return {"forward": forward, "forward+backward": forward_backward}


_BACKEND_CLASSES = {cls.name: cls for cls in (_NumPy, _Torch, _TensorFlow)}


def _times(fn: Callable[[], object], repeats: int, *, warm_up: bool = True) -> list[float]:
    """``repeats`` wall times of ``fn()`` (after one untimed warm-up call)."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _check_arguments(names, sizes, backends, repeats) -> list[str]:
    names = list(catalog.names() if names is None else names)
    for name in names:
        catalog.spec(name)  # KeyError listing the catalog
    unknown = [b for b in backends if b not in _BACKEND_CLASSES]
    if unknown:
        raise ValueError(f"unknown backend(s) {unknown}; choose from {list(BACKENDS)}")
    if not sizes or any(int(s) != s or s < 1 for s in sizes):
        raise ValueError(f"sizes must be positive integers, got {list(sizes)}")
    if not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"repeats must be a positive integer, got {repeats!r}")
    return names


def run(names: Iterable[str] | None = None, sizes: Sequence[int] = (10**6,),
        backends: Sequence[str] = BACKENDS, repeats: int = 5, progress: bool = True,
        seed: int = 0) -> list[Row]:
    """Time every activation in ``names`` (default: the whole catalog) in each backend.

    Returns one :class:`Row` per (size, backend, name, pass), plus one ``"copy"`` row per
    (size, backend) holding the copy time (ratio 1). Inputs are N(0, 3²) float32 values, the
    upstream gradient N(0, 1), both fixed by ``seed``.
    """
    from tqdm.auto import tqdm

    names = _check_arguments(names, sizes, backends, repeats)
    engines = [_BACKEND_CLASSES[b]() for b in backends]
    total = len(sizes) * len(engines) * (1 + len(names) * len(PASSES))
    rows: list[Row] = []
    with tqdm(total=total, desc="actlab.bench", unit="timing", disable=not progress) as bar:
        for size in sizes:
            size = int(size)
            rng = np.random.default_rng(seed)
            x_flat = (3.0 * rng.standard_normal(size)).astype(np.float32)
            g_flat = rng.standard_normal(size).astype(np.float32)
            for engine in engines:
                bar.set_postfix_str(f"{engine.name} n={size:.0e}")
                x, g = engine.native(x_flat), engine.native(g_flat)
                half = (repeats + 1) // 2
                copy_times = _times(lambda: engine.copy(x), half)
                timed: list[tuple[str, str, str, float]] = []
                for name in names:
                    layout, shape = _layout(name, size)
                    xs = engine.native(x_flat[: int(np.prod(shape))].reshape(shape))
                    g_shape = (*shape[:-1], shape[-1] // 2) if catalog.spec(name).gate else shape  # output's
                    gs = engine.native(g_flat[: int(np.prod(g_shape))].reshape(g_shape))
                    for pass_, fn in engine.passes(name).items():
                        seconds = statistics.median(_times(lambda: fn(xs, gs), repeats))
                        timed.append((name, pass_, layout, seconds))
                        bar.update()
                copy_times += _times(lambda: engine.copy(x), repeats - half + 1, warm_up=False)
                copy_seconds = statistics.median(copy_times)
                bar.update()
                rows.append(Row(COPY, engine.name, size, COPY, copy_seconds, 1.0, "elementwise"))
                rows += [Row(name, engine.name, size, pass_, seconds, seconds / copy_seconds, layout)
                         for name, pass_, layout, seconds in timed]
    return rows


# --------------------------------------------------------------------------- reporting
def environment(backends: Sequence[str] = BACKENDS) -> dict[str, str]:
    """Versions and thread settings that the timings depend on (imports only ``backends``)."""
    info = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cpu_count": str(os.cpu_count()),
        "numpy": f"{np.__version__} (ufuncs are single-threaded)",
    }
    if "torch" in backends:
        import torch
        info["torch"] = (f"{torch.__version__} (intra-op threads {torch.get_num_threads()}, "
                         f"inter-op {torch.get_num_interop_threads()})")
    if "tensorflow" in backends:
        from actlab import tensorflow as _  # noqa: F401  (quiet logging first)
        import tensorflow as tf
        intra = tf.config.threading.get_intra_op_parallelism_threads()
        inter = tf.config.threading.get_inter_op_parallelism_threads()
        info["tensorflow"] = (f"{tf.__version__} (intra-op threads {intra or 'default'}, "
                              f"inter-op {inter or 'default'})")
    return info


def format_environment(info: dict[str, str]) -> str:
    return "\n".join(f"{key:<11} {value}" for key, value in info.items())


def _cell(rows_by_key: dict, key) -> str:
    row = rows_by_key.get(key)
    return f"{row.ratio_to_copy:.2f}" if row else "—"


def format_table(rows: Sequence[Row]) -> str:
    """One plain-text table per size: activations down, (backend, pass) across, ratios to a copy."""
    by_key = {(r.size, r.backend, r.name, r.pass_): r for r in rows}
    blocks = []
    for size in sorted({r.size for r in rows}):
        backends = [b for b in BACKENDS if any(r.backend == b and r.size == size for r in rows)]
        names = list(dict.fromkeys(r.name for r in rows if r.size == size and r.name != COPY))
        columns = [(b, p) for b in backends for p in PASSES]
        headers = ["activation", *(f"{b} {'fwd' if p == 'forward' else 'fwd+bwd'}" for b, p in columns)]
        marked = {n: f"{n} *" if not catalog.spec(n).elementwise else n for n in names}
        body = [[marked[n], *(_cell(by_key, (size, b, n, p)) for b, p in columns)] for n in names]
        widths = [max(len(h), *(len(line[i]) for line in body)) if body else len(h)
                  for i, h in enumerate(headers)]
        lines = [f"n = {size:,} float32 elements, CPU: median time / median time of a copy "
                 "of the same array in the same backend",
                 "copy: " + ", ".join(f"{b} {by_key[(size, b, COPY, COPY)].seconds_median * 1e3:.3g} ms"
                                      for b in backends if (size, b, COPY, COPY) in by_key),
                 "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths))),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths)))
                  for line in body]
        if any(not catalog.spec(n).elementwise for n in names):
            rows_shape = _layout(next(n for n in names if not catalog.spec(n).elementwise), size)[0]
            lines.append(f"* not elementwise: over the {rows_shape}; backward = vector-Jacobian product")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def write_csv(rows: Sequence[Row], path: str | os.PathLike) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(r.as_csv() for r in rows)


def _size(text: str) -> int:
    """'1e6' or '1000000' → 1000000."""
    value = float(text)
    if value != int(value) or value < 1:
        raise argparse.ArgumentTypeError(f"size must be a positive integer, got {text!r}")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actlab.bench", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", type=_size, default=[10**6, 10**7],
                        help="numbers of float32 elements (default: 1e6 1e7)")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per measurement (median; default 5)")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--names", nargs="+", choices=catalog.names(), default=None,
                        metavar="NAME", help="activations (default: the whole catalog)")
    parser.add_argument("--csv", default="bench.csv", help="where to write the rows (default: ./bench.csv)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    print(format_environment(environment(args.backends)), flush=True)
    rows = run(args.names, args.sizes, args.backends, args.repeats, progress=not args.no_progress)
    print()
    print(format_table(rows))
    write_csv(rows, args.csv)
    print(f"\nwrote {len(rows)} rows to {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
