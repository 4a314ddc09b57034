"""Precompute the explorers' data for the published site: ``python -m actlab.widgets.export OUTDIR``.

On the static site no kernel runs, so the browser explorers
(``chapters/_static/explorers/explorers.js``) replay numbers that this module computes
with the same logic modules as the notebook widgets:

=================================  ===========================================================
file                               holds
=================================  ===========================================================
``manifest.js``                    the grids below, the catalog titles, the x·sin(x) data
``derivative-<activation>.js``     per parameter preset: f, f′ (analytic) on :data:`~actlab.widgets.derivative.GRID`,
                                   and the finite-difference, PyTorch and TensorFlow derivatives
                                   as differences from the analytic one; saturated / dead intervals
``gradflow-<activation>.js``       ‖∂L/∂W_l‖ and Var(h_l) per layer for every init × width × depth of
                                   :data:`GRADFLOW_GRID`
``playground-<activation>.js``     loss curves and fits of :data:`PLAYGROUND_GRID` runs
=================================  ===========================================================

Every file is a script ``actlabExplorerData("<key>", {...JSON...});`` rather than bare
JSON, so the explorers also work when the book is opened from disk (``file://``), where
browsers refuse ``fetch``. The softmax explorer needs no data: its four numbers are
computed in the browser (the browser test checks them against :mod:`actlab.numpy`).

Numbers are rounded to the precision the explorers display; everything is seeded, so
the same library gives the same files. Runs in well under a minute on two cores.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from types import MappingProxyType
from typing import Callable

import numpy as np

import actlab
from actlab import data, gradflow
from actlab.widgets import derivative, gradient_flow, playground, softmax

#: gradient-flow settings precomputed for the site (the notebook widget takes any)
GRADFLOW_GRID = MappingProxyType({"depth": (5, 10, 20, 50), "width": (16, 64, 128)})
#: training runs precomputed for the site: activation × width × learning rate, STEPS each.
#: Width 2 with ReLU is the source article's network (it cannot fit x·sin(x)).
PLAYGROUND_GRID = MappingProxyType({"activation": ("relu", "tanh", "sigmoid"), "width": (2, 32),
                                    "lr": (0.01, 0.05)})
PLAYGROUND_STEPS = 1000
#: significant digits kept per kind of number
DIGITS = MappingProxyType({"value": 7, "difference": 2, "norm": 4, "loss": 4, "fit": 4})


def rounded(values, digits: int) -> list[float]:
    """``values`` as a flat list of floats with ``digits`` significant digits (for compact JSON)."""
    return [float(f"{v:.{digits}g}") for v in np.asarray(values, dtype=np.float64).ravel()]


def script(key: str, payload: dict) -> str:
    """The data file text: a call that hands ``payload`` to the explorers under ``key``."""
    body = json.dumps(payload, separators=(",", ":"), allow_nan=False, ensure_ascii=False)
    return f"actlabExplorerData({json.dumps(key)},{body});\n"


def parameter_presets(activation: str) -> list[dict[str, float]]:
    """The parameter sets precomputed for ``activation``: each preset of each parameter, others default."""
    defaults = dict(actlab.spec(activation).params)
    presets = [defaults]
    for name in defaults:
        presets += [{**defaults, name: value} for value in derivative.PARAM_RANGES[name][2]
                    if value != defaults[name]]
    return presets


def derivative_frame(activation: str, params: dict[str, float]) -> dict:
    """One parameter preset of ``activation`` on the grid, as the browser derivative explorer reads it."""
    table = derivative.derivative_table(activation, params, derivative.GRID)
    value, diff = DIGITS["value"], DIGITS["difference"]
    return {"params": params, "f": rounded(table["f"], value), "df": rounded(table["analytic"], value),
            **{f"{key}_minus_analytic": rounded(table[key] - table["analytic"], diff)
               for key in derivative.ESTIMATES[1:]},
            **{key: [list(pair) for pair in intervals]
               for key, intervals in derivative.regions(derivative.GRID, table["analytic"]).items()}}


def gradflow_profiles(activation: str) -> dict:
    """init → width → depth → {"norms": ‖∂L/∂W_l‖, "variances": Var(h_l)} per layer, on :data:`GRADFLOW_GRID`."""
    def profile(depth: int, width: int, init: str) -> dict:
        result = gradient_flow.compute(gradient_flow.GradientFlowState(activation, depth, width, init))
        return {key: rounded(result[key], DIGITS["norm"]) for key in ("norms", "variances")}

    return {init: {str(width): {str(depth): profile(depth, width, init) for depth in GRADFLOW_GRID["depth"]}
                   for width in GRADFLOW_GRID["width"]} for init in gradflow.INITS}


def playground_run(activation: str, width: int, lr: float) -> dict:
    """One training run on the CPU: its loss curve and its fits every SNAPSHOT_EVERY steps."""
    run = playground.TrainingRun(playground.PlaygroundState(activation, width, lr, PLAYGROUND_STEPS),
                                 device="cpu").run()
    steps, losses = zip(*run.losses)
    return {"width": width, "lr": lr, "loss_steps": list(steps), "losses": rounded(losses, DIGITS["loss"]),
            "fit_steps": [done for done, _ in run.snapshots],
            "fits": [rounded(fit, DIGITS["fit"]) for _, fit in run.snapshots],
            "final_loss": rounded([run.result.final_loss], DIGITS["loss"])[0]}


def _defaults(state) -> dict:
    """A state dataclass's fields as JSON values: the explorer's initial state in the browser."""
    return {key: dict(value) if isinstance(value, MappingProxyType) else
            list(value) if isinstance(value, tuple) else value for key, value in vars(state).items()}


def manifest() -> dict:
    """The explorers' choices and grids (everything but the bulk data)."""
    elementwise = actlab.names(elementwise=True)
    x, y = data.xsin()
    return {
        "activations": {name: {"title": actlab.spec(name).title, "params": dict(actlab.spec(name).params)}
                        for name in elementwise},
        "derivative": {"x_min": derivative.X_MIN, "x_max": derivative.X_MAX, "grid_step": 0.05,
                       "grid_size": len(derivative.GRID), "fd_step": derivative.FD_STEP,
                       "saturation": derivative.SATURATION,
                       "tangent_half_width": derivative.TANGENT_HALF_WIDTH,
                       "param_presets": {name: list(presets) for name, (_, _, presets)
                                         in derivative.PARAM_RANGES.items()},
                       "default": _defaults(derivative.DerivativeState())},
        "gradflow": {"inits": list(gradflow.INITS), **{k: list(v) for k, v in GRADFLOW_GRID.items()},
                     "n_samples": gradient_flow.N_SAMPLES, "ratio_limits": list(gradient_flow.RATIO_LIMITS),
                     "signal_limits": list(gradient_flow.SIGNAL_LIMITS),
                     "default": _defaults(gradient_flow.GradientFlowState())},
        "softmax": {"logit_range": list(softmax.LOGIT_RANGE),
                    "temperature_range": list(softmax.TEMPERATURE_RANGE),
                    "default": _defaults(softmax.SoftmaxState())},
        "playground": {**{k: list(v) for k, v in PLAYGROUND_GRID.items()}, "steps": PLAYGROUND_STEPS,
                       "curve_x": rounded(playground.CURVE_X, DIGITS["value"]),
                       "data_x": rounded(x, DIGITS["value"]), "data_y": rounded(y, DIGITS["value"]),
                       "default": _defaults(playground.PlaygroundState())},
    }


def _parts() -> dict[str, Callable[[], dict[str, dict]]]:
    """Label → a function computing that part's data files (key → payload)."""
    elementwise = actlab.names(elementwise=True)
    return {
        "derivative frames": lambda: {
            f"derivative-{name}": {"frames": [derivative_frame(name, params) for params in parameter_presets(name)]}
            for name in elementwise},
        "gradient-flow profiles": lambda: {f"gradflow-{name}": {"profiles": gradflow_profiles(name)}
                                           for name in elementwise},
        "training runs": lambda: {
            f"playground-{name}": {"runs": [playground_run(name, width, lr) for width in PLAYGROUND_GRID["width"]
                                            for lr in PLAYGROUND_GRID["lr"]]}
            for name in PLAYGROUND_GRID["activation"]},
    }


def export(outdir: Path, log=print) -> list[Path]:
    """Write every data file into ``outdir`` (created if needed); returns the paths written."""
    import torch
    from threadpoolctl import threadpool_limits

    payloads = {"manifest": manifest()}
    # Tiny matrices and networks: extra BLAS or PyTorch threads only contend (3x the CPU time here).
    torch_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with threadpool_limits(1):
            for label, build in _parts().items():
                started = time.perf_counter()
                payloads.update(build())
                log(f"{label}: {time.perf_counter() - started:.1f} s")
    finally:
        torch.set_num_threads(torch_threads)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for key, payload in payloads.items():
        path = outdir / f"{key}.js"
        path.write_text(script(key, payload), encoding="utf-8")
        paths.append(path)
    log(f"wrote {len(paths)} files, {sum(p.stat().st_size for p in paths) / 1e6:.2f} MB, into {outdir}")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actlab.widgets.export", description=__doc__.split("\n")[0])
    parser.add_argument("outdir", type=Path, help="where to write the data files, e.g. "
                                                   "chapters/_static/explorers/data")
    args = parser.parse_args(argv)
    export(args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
