"""The activation cost benchmark: ``python -m actlab.bench`` (or ``make bench``).

For every catalog activation (the softmax family included), in each backend, it times

* **forward** — ``f(x)``;
* **forward+backward** — NumPy: ``f(x)`` and the analytic derivative times the upstream
  gradient, ``f'(x) * g``; PyTorch: ``f(x)`` then ``.backward(g)``; TensorFlow:
  ``f(x)`` under a ``GradientTape`` then ``tape.gradient(y, x, g)``;

on ``n`` float32 elements on the CPU, and reports each median time two ways:

* as a **ratio to a plain memory copy** of the same array in the same backend, timed in the
  same run the same way: every activation allocates its output, so the copy allocates too
  (NumPy ``np.copy``, PyTorch ``clone``, TensorFlow ``raw_ops.DeepCopy`` — ``tf.identity``
  hands back the same buffer on the CPU). A ratio near 1 means the activation costs what
  moving the data costs (it is memory-bound); a large ratio means arithmetic (exp, erf,
  tanh), temporaries or extra passes dominate;
* as an **effective bandwidth** in GB/s: the bytes the pass must move at least (forward:
  read x, write f(x); forward+backward: also read g and write the gradient) over its time.

A copy into a preallocated array (``np.copyto``, ``Tensor.copy_``; TensorFlow has none) is
timed as well, so that a machine where *allocating* the output dominates shows it. Every
timing is the median of ``repeats`` calls after a warm-up of at least ``WARM_UP_CALLS`` calls
and ``WARM_UP_SECONDS``: the first allocations of a large array page-fault fresh memory
from the operating system until the C allocator starts reusing it (measured: PyTorch's
``clone`` of 4 MB took 1.5–1.8 ms for its first six calls, 0.075 ms from then on). The copies are timed half
before and half after their backend's activations, so slow drift on a shared machine affects
both alike. All backends run with the same number of intra-op threads (``threads``, 1 by
default; the benchmark sets PyTorch's and TensorFlow's, NumPy's ufuncs are single-threaded).

A run whose baseline is implausible is **flagged**, not reported: if a backend's copy moves
data at under a quarter of the best copy bandwidth seen in the run, if allocating the copy
costs over 4× the copy into a preallocated array, or if an activation other than the
identity runs in under half a copy's time (it must read and write as much as the copy),
that backend's ratios are printed as "flagged" with the reason (seen on one VM: PyTorch's
``clone`` of 4 MB took 8 ms with 2 threads and 0.3 ms with 1, which made every ratio 1.00).
``softmax`` and ``log_softmax`` run over the last axis of shape (n/1000, 1000) and are
marked as such; their backward is the VJP. ``run`` is the Python API for the chapters;
``main`` the CLI::

    python -m actlab.bench --sizes 1e6 1e7 --repeats 5 --threads 1 --csv bench.csv
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import os
import platform
import statistics
import sys
import time
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from actlab import catalog, validate

BACKENDS = ("numpy", "torch", "tensorflow")
PASSES = ("forward", "forward+backward")
#: softmax family: length of the last axis the rows are normalised over
ROW_LENGTH = 1000
COPY = "copy"            # allocating copy: the baseline of every ratio
COPY_INTO = "copy into"  # copy into a preallocated array: shows what allocation costs
#: arrays each pass must at least read or write (float32, 4 bytes each)
ARRAYS_MOVED = {COPY: 2, COPY_INTO: 2, "forward": 2, "forward+backward": 4}
#: plausibility limits (see the module docstring)
MIN_SHARE_OF_BEST_COPY = 0.25
MAX_ALLOCATION_OVERHEAD = 4.0
MIN_RATIO_OF_A_REAL_ACTIVATION = 0.5


@dataclasses.dataclass(frozen=True)
class Row:
    """One measurement. ``pass_`` is "forward", "forward+backward", "copy" or "copy into"
    (``pass`` in the CSV); ``gb_per_s`` is the effective bandwidth (see ``ARRAYS_MOVED``)."""

    name: str
    backend: str
    size: int
    pass_: str
    seconds_median: float
    ratio_to_copy: float
    gb_per_s: float
    layout: str = "elementwise"

    def as_csv(self) -> dict[str, object]:
        record = dataclasses.asdict(self)
        record["pass"] = record.pop("pass_")
        return record


CSV_FIELDS = ("name", "backend", "size", "pass", "seconds_median", "ratio_to_copy", "gb_per_s", "layout")


@dataclasses.dataclass(frozen=True)
class Report:
    """The rows of one run, the intra-op threads each backend ran with, and the flags raised
    on it: ``flags[(size, backend)]`` says why that backend's ratios are not a result."""

    rows: tuple[Row, ...]
    threads: dict[str, str]
    flags: dict[tuple[int, str], str]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def ratios(self, backend: str | None = None) -> np.ndarray:
        """The activations' ratios to the copy (of one backend, or all), unflagged only."""
        return np.array([r.ratio_to_copy for r in self.rows if r.pass_ in PASSES
                         and (backend is None or r.backend == backend)
                         and (r.size, r.backend) not in self.flags])


def _layout(name: str, size: int) -> tuple[str, tuple[int, ...]]:
    """(label, shape): elementwise → (n,); softmax family and gated units → (n/1000, 1000) over the
    last axis (a gated unit's output, and so its upstream gradient, is (n/1000, 500))."""
    if catalog.spec(name).elementwise:
        return "elementwise", (size,)
    rows, length = (size // ROW_LENGTH, ROW_LENGTH) if size % ROW_LENGTH == 0 else (1, size)
    return f"last axis of ({rows}, {length})", (rows, length)


# --------------------------------------------------------------------------- backends
# Each backend turns NumPy inputs into its own arrays and gives the callables to time:
# copies(x) -> {"copy": callable, "copy into": callable}, and for a name {pass: callable(x, g)}.

class _NumPy:
    name = "numpy"

    def __init__(self) -> None:
        from actlab import numpy as anp
        self.anp = anp

    @contextlib.contextmanager
    def threads(self, count: int):
        from threadpoolctl import threadpool_limits
        with threadpool_limits(count):  # BLAS only: NumPy's ufuncs are single-threaded
            yield str(count)

    def native(self, array: np.ndarray):
        return array

    def copies(self, x) -> dict[str, Callable[[], object]]:
        out = np.empty_like(x)
        return {COPY: lambda: np.copy(x), COPY_INTO: lambda: np.copyto(out, x)}

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

    @contextlib.contextmanager
    def threads(self, count: int):
        before = self.torch.get_num_threads()
        self.torch.set_num_threads(count)
        try:
            yield str(count)
        finally:
            self.torch.set_num_threads(before)

    def native(self, array: np.ndarray):
        return self.torch.from_numpy(array)

    def copies(self, x) -> dict[str, Callable[[], object]]:
        out = self.torch.empty_like(x)
        return {COPY: lambda: x.clone(), COPY_INTO: lambda: out.copy_(x)}

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

    @contextlib.contextmanager
    def threads(self, count: int):
        """TensorFlow fixes its thread pools when its runtime starts: set them if it has not
        started (``make_reproducible(threads=...)`` does, in the chapters); otherwise report
        what it runs with."""
        threading = self.tf.config.threading
        try:
            threading.set_intra_op_parallelism_threads(count)
            threading.set_inter_op_parallelism_threads(count)
        except RuntimeError:
            intra = threading.get_intra_op_parallelism_threads()
            yield str(intra) if intra else f"all {os.cpu_count()} (its runtime had started)"
        else:
            yield str(count)

    def native(self, array: np.ndarray):
        with self.tf.device("/CPU:0"):
            return self.tf.constant(array)

    def copies(self, x) -> dict[str, Callable[[], object]]:
        def copy():
            with self.tf.device("/CPU:0"):
                return self.tf.raw_ops.DeepCopy(x=x)
        return {COPY: copy}  # TensorFlow has no copy into an existing tensor

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


WARM_UP_CALLS = 8
WARM_UP_SECONDS = 0.05


def _times(fn: Callable[[], object], repeats: int, *, warm_up: bool = True) -> list[float]:
    """``repeats`` wall times of ``fn()``, after untimed warm-up calls (see module docstring)."""
    if warm_up:
        start, calls = time.perf_counter(), 0
        while calls < WARM_UP_CALLS or time.perf_counter() - start < WARM_UP_SECONDS:
            fn()
            calls += 1
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _check_arguments(names, sizes, backends, repeats, threads) -> list[str]:
    where = "actlab.bench.run"
    names = [validate.activation(where, name).name for name in (catalog.names() if names is None else names)]
    for backend in backends:
        validate.one_of(where, "backend", backend, BACKENDS)
    if not sizes:
        raise ValueError(f"{where}: sizes must hold at least one size, got {list(sizes)}")
    for size in sizes:
        validate.integer_in(where, "size", int(size) if float(size).is_integer() else size, 1)
    validate.positive_int(where, repeats=repeats, threads=threads)
    return names


def _gb_per_s(pass_: str, size: int, seconds: float) -> float:
    return ARRAYS_MOVED[pass_] * 4 * size / seconds / 1e9


def plausibility_flags(rows: Sequence[Row]) -> dict[tuple[int, str], str]:
    """Why a (size, backend)'s baseline is implausible, for each one that is (see module docstring)."""
    flags: dict[tuple[int, str], list[str]] = {}
    by_key = {(r.size, r.backend, r.name, r.pass_): r for r in rows}
    for size in {r.size for r in rows}:
        copies = [r for r in rows if r.size == size and r.pass_ in (COPY, COPY_INTO)]
        best = max(r.gb_per_s for r in copies)
        for copy in (r for r in copies if r.pass_ == COPY):
            reasons = flags.setdefault((size, copy.backend), [])
            if copy.gb_per_s < MIN_SHARE_OF_BEST_COPY * best:
                reasons.append(f"its copy moves {copy.gb_per_s:.2g} GB/s, under "
                               f"{MIN_SHARE_OF_BEST_COPY:.0%} of the best copy in this run ({best:.2g} GB/s)")
            into = by_key.get((size, copy.backend, COPY_INTO, COPY_INTO))
            if into and copy.seconds_median > MAX_ALLOCATION_OVERHEAD * into.seconds_median:
                reasons.append(f"allocating the copy takes {copy.seconds_median / into.seconds_median:.1f}× "
                               "a copy into a preallocated array")
            fast = [r.name for r in rows if (r.size, r.backend) == (size, copy.backend) and r.pass_ == "forward"
                    and r.name != "identity" and r.ratio_to_copy < MIN_RATIO_OF_A_REAL_ACTIVATION]
            if fast:
                reasons.append(f"{', '.join(fast)} ran in under half a copy's time")
    return {key: "; ".join(reasons) for key, reasons in flags.items() if reasons}


def run(names: Iterable[str] | None = None, sizes: Sequence[int] = (10**6,),
        backends: Sequence[str] = BACKENDS, repeats: int = 5, threads: int = 1,
        progress: bool = True, seed: int = 0) -> Report:
    """Time every activation in ``names`` (default: the whole catalog) in each backend.

    Returns a :class:`Report`: one :class:`Row` per (size, backend, name, pass), plus the
    ``"copy"`` row (ratio 1) and, where the backend has one, the ``"copy into"`` row per
    (size, backend), and the plausibility flags. Inputs are N(0, 3²) float32 values, the
    upstream gradient N(0, 1), both fixed by ``seed``; every backend runs on ``threads``
    intra-op threads.
    """
    from tqdm.auto import tqdm

    names = _check_arguments(names, sizes, backends, repeats, threads)
    engines = [_BACKEND_CLASSES[b]() for b in backends]
    total = len(sizes) * len(engines) * (1 + len(names) * len(PASSES))
    rows: list[Row] = []
    used: dict[str, str] = {}
    with tqdm(total=total, desc="actlab.bench", unit="timing", disable=not progress) as bar:
        for size in sizes:
            size = int(size)
            rng = np.random.default_rng(seed)
            x_flat = (3.0 * rng.standard_normal(size)).astype(np.float32)
            g_flat = rng.standard_normal(size).astype(np.float32)
            for engine in engines:
                bar.set_postfix_str(f"{engine.name} n={size:.0e}")
                with engine.threads(threads) as used[engine.name]:
                    rows += _run_backend(engine, names, size, x_flat, g_flat, repeats, bar)
    return Report(tuple(rows), used, plausibility_flags(rows))


def _run_backend(engine, names, size, x_flat, g_flat, repeats, bar) -> list[Row]:
    """The rows of one backend at one size: its copies, then every (name, pass)."""
    x = engine.native(x_flat)
    copies = engine.copies(x)
    half = (repeats + 1) // 2
    copy_times = {kind: _times(fn, half) for kind, fn in copies.items()}
    timed: list[tuple[str, str, str, float]] = []
    for name in names:
        layout, shape = _layout(name, size)
        xs = engine.native(x_flat[: int(np.prod(shape))].reshape(shape))
        g_shape = (*shape[:-1], shape[-1] // 2) if catalog.spec(name).gate else shape  # the output's
        gs = engine.native(g_flat[: int(np.prod(g_shape))].reshape(g_shape))
        for pass_, fn in engine.passes(name).items():
            seconds = statistics.median(_times(lambda: fn(xs, gs), repeats))
            timed.append((name, pass_, layout, seconds))
            bar.update()
    for kind, fn in copies.items():
        copy_times[kind] += _times(fn, repeats - half + 1, warm_up=False)
    bar.update()
    medians = {kind: statistics.median(times) for kind, times in copy_times.items()}
    baseline = medians[COPY]
    rows = [Row(kind, engine.name, size, kind, seconds, seconds / baseline, _gb_per_s(kind, size, seconds))
            for kind, seconds in medians.items()]
    rows += [Row(name, engine.name, size, pass_, seconds, seconds / baseline,
                 _gb_per_s(pass_, int(np.prod(_layout(name, size)[1])), seconds), layout)
             for name, pass_, layout, seconds in timed]
    return rows


# --------------------------------------------------------------------------- reporting
def environment(backends: Sequence[str] = BACKENDS) -> dict[str, str]:
    """Versions and the machine the timings depend on (imports only ``backends``)."""
    info = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cpu_count": str(os.cpu_count()),
        "numpy": f"{np.__version__} (ufuncs are single-threaded)",
    }
    if "torch" in backends:
        import torch
        info["torch"] = f"{torch.__version__} (CPU capability {torch.backends.cpu.get_cpu_capability()})"
    if "tensorflow" in backends:
        from actlab import tensorflow as _  # noqa: F401  (quiet logging first)
        import tensorflow as tf
        info["tensorflow"] = tf.__version__
    return info


def format_environment(info: dict[str, str]) -> str:
    return "\n".join(f"{key:<11} {value}" for key, value in info.items())


def _cell(report: Report, rows_by_key: dict, key) -> str:
    row = rows_by_key.get(key)
    if row is None:
        return "—"
    if (row.size, row.backend) in report.flags:
        return "flagged"
    return f"{row.ratio_to_copy:.2f}"


def format_table(report: Report) -> str:
    """One plain-text table per size: activations down, (backend, pass) across — the ratio to
    the copy, and the forward pass's effective bandwidth — then the copies and any flags."""
    by_key = {(r.size, r.backend, r.name, r.pass_): r for r in report.rows}
    blocks = []
    for size in sorted({r.size for r in report.rows}):
        backends = [b for b in BACKENDS if any(r.backend == b and r.size == size for r in report.rows)]
        names = list(dict.fromkeys(r.name for r in report.rows
                                   if r.size == size and r.pass_ in PASSES))
        headers = ["activation"]
        for b in backends:
            headers += [f"{b} fwd", "GB/s", f"{b} fwd+bwd"]
        marked = {n: f"{n} *" if not catalog.spec(n).elementwise else n for n in names}
        body = []
        for n in names:
            line = [marked[n]]
            for b in backends:
                forward = by_key.get((size, b, n, "forward"))
                line += [_cell(report, by_key, (size, b, n, "forward")),
                         f"{forward.gb_per_s:.1f}" if forward else "—",
                         _cell(report, by_key, (size, b, n, "forward+backward"))]
            body.append(line)
        widths = [max(len(h), *(len(line[i]) for line in body)) if body else len(h)
                  for i, h in enumerate(headers)]
        copies = []
        for b in backends:
            parts = [f"{kind} {by_key[key].seconds_median * 1e3:.3g} ms ({by_key[key].gb_per_s:.1f} GB/s)"
                     for kind in (COPY, COPY_INTO) if (key := (size, b, kind, kind)) in by_key]
            copies.append(f"  {b}: " + ", ".join(parts))
        threads = ", ".join(f"{b} {report.threads[b]}" for b in backends)
        lines = [f"n = {size:,} float32 elements, CPU, intra-op threads: {threads}",
                 "ratio = median time / median time of an allocating copy of the same array in the same "
                 "backend (activations allocate their output too); GB/s = (read x + write f(x)) / forward time",
                 "copies:", *copies,
                 "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths))),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths)))
                  for line in body]
        if any(not catalog.spec(n).elementwise for n in names):
            rows_shape = _layout(next(n for n in names if not catalog.spec(n).elementwise), size)[0]
            lines.append(f"* not elementwise: over the {rows_shape}; backward = vector-Jacobian product")
        lines += [f"FLAGGED {b}: baseline implausible, its ratios are not a result: {report.flags[(size, b)]}"
                  for b in backends if (size, b) in report.flags]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def write_csv(report: Report, path: str | os.PathLike) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(r.as_csv() for r in report.rows)


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
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads per backend (default 1)")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--names", nargs="+", choices=catalog.names(), default=None,
                        metavar="NAME", help="activations (default: the whole catalog)")
    parser.add_argument("--csv", default="bench.csv", help="where to write the rows (default: ./bench.csv)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    print(format_environment(environment(args.backends)), flush=True)
    report = run(args.names, args.sizes, args.backends, args.repeats, threads=args.threads,
                 progress=not args.no_progress)
    print()
    print(format_table(report))
    write_csv(report, args.csv)
    print(f"\nwrote {len(report.rows)} rows to {args.csv}")
    return 1 if report.flags else 0


if __name__ == "__main__":
    sys.exit(main())
