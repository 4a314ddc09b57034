"""The explorers' data for the published site: ``python -m actlab.widgets.export OUTDIR``.

On the static site no kernel runs. The browser explorers
(``chapters/_static/explorers/*.js``) compute almost everything live — every
activation and its derivative (``activations.js``), the gradient flow of any network
(``gradflow.js``, in a Web Worker), training (``training.js``) — so only two kinds of numbers come
from here, computed with the same logic modules as the notebook widgets:

=================================  ===========================================================
file                               holds
=================================  ===========================================================
``manifest.js``                    the catalog's names, titles and parameters with their ranges,
                                   each explorer's ranges, limits and default state
``frameworks-<activation>.js``     per parameter preset: PyTorch's and TensorFlow's autograd f′
                                   minus the analytic f′ on :data:`~actlab.widgets.derivative.GRID`
                                   (a browser has neither framework)
=================================  ===========================================================

Every file is a script ``actlabExplorerData("<key>", {...JSON...});`` rather than bare
JSON, so the explorers also work when the book is opened from disk (``file://``), where
browsers refuse ``fetch``. Numbers are rounded to the precision the explorers display;
the same library gives the same files.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from types import MappingProxyType

import numpy as np
import torch
from torch import nn

import actlab
from actlab import gradflow
from actlab.widgets import derivative, gradient_flow, playground, softmax

#: significant digits kept for the frameworks' differences from the analytic derivative
DIGITS = 2
#: the training playground's ranges in the browser (the notebook widget trains wider networks)
PLAYGROUND_LAYERS = (1, 4)
PLAYGROUND_WIDTH = (1, 64)


def param_ranges() -> dict[str, tuple[float, float, tuple[float, ...]]]:
    """Parameter name → (lowest, highest, presets), from the catalog's parameter records."""
    return {name: (p.low, p.high, p.presets) for name, p in actlab.catalog.parameters().items()}


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
        presets += [{**defaults, name: value} for value in param_ranges()[name][2]
                    if value != defaults[name]]
    return presets


def framework_frame(activation: str, params: dict[str, float]) -> dict:
    """PyTorch's and TensorFlow's f′ minus the analytic f′ of one preset on the grid (rounded)."""
    table = derivative.derivative_table(activation, params, derivative.GRID)
    return {"params": params, **{f"{key}_minus_analytic": rounded(table[key] - table["analytic"], DIGITS)
                                 for key in ("torch", "tensorflow")}}


def _defaults(state) -> dict:
    """A state dataclass's fields as JSON values: the explorer's initial state in the browser."""
    return {key: dict(value) if isinstance(value, MappingProxyType) else
            list(value) if isinstance(value, tuple) else value for key, value in vars(state).items()}


def manifest() -> dict:
    """The explorers' choices, ranges and defaults (the browser computes the rest)."""
    return {
        "activations": {name: {"title": actlab.spec(name).title, "params": dict(actlab.spec(name).params)}
                        for name in actlab.names(elementwise=True)},
        "param_ranges": {name: [low, high] for name, (low, high, _) in param_ranges().items()},
        "derivative": {"x_min": derivative.X_MIN, "x_max": derivative.X_MAX,
                       "framework_grid_step": float(derivative.GRID[1] - derivative.GRID[0]),
                       "fd_step": derivative.FD_STEP, "saturation": derivative.SATURATION,
                       "tangent_half_width": derivative.TANGENT_HALF_WIDTH,
                       "default": _defaults(derivative.DerivativeState())},
        "gradflow": {"inits": list(gradflow.INITS), "norms": list(gradflow.NORMS), "depth_range": list(gradient_flow.DEPTH_RANGE),
                     "width_range": list(gradient_flow.WIDTH_RANGE), "n_samples": gradient_flow.N_SAMPLES,
                     "ratio_limits": list(gradient_flow.RATIO_LIMITS),
                     "signal_limits": list(gradient_flow.SIGNAL_LIMITS),
                     "default": _defaults(gradient_flow.GradientFlowState())},
        "softmax": {"logit_range": list(softmax.LOGIT_RANGE),
                    "temperature_range": list(softmax.TEMPERATURE_RANGE),
                    "default": _defaults(softmax.SoftmaxState())},
        "playground": {"layers_range": list(PLAYGROUND_LAYERS), "width_range": list(PLAYGROUND_WIDTH),
                       "lr_range": list(playground.LR_RANGE),
                       "default": _defaults(playground.PlaygroundState())},
    }


def export(outdir: Path, log=print) -> list[Path]:
    """Write every data file into ``outdir`` (created if needed, stale data files removed);
    returns the paths written."""
    started = time.perf_counter()
    payloads = {"manifest": manifest()}
    for name in actlab.names(elementwise=True):
        payloads[f"frameworks-{name}"] = {"frames": [framework_frame(name, params)
                                                     for params in parameter_presets(name)]}
    log(f"framework derivatives: {time.perf_counter() - started:.1f} s")
    outdir.mkdir(parents=True, exist_ok=True)
    for stale in outdir.glob("*.js"):
        if stale.stem not in payloads:
            stale.unlink()
    paths = []
    for key, payload in payloads.items():
        path = outdir / f"{key}.js"
        path.write_text(script(key, payload), encoding="utf-8")
        paths.append(path)
    log(f"wrote {len(paths)} files, {sum(p.stat().st_size for p in paths) / 1e6:.3f} MB, into {outdir}")
    return paths


#: the format name the playground writes into its exported networks
NETWORK_FORMAT = "actlab-playground-network/1"


def playground_network(exported):
    """The network the site's training playground exported (its JSON text, or that JSON loaded),
    as a float64 ``torch.nn.Sequential`` that takes raw inputs.

    The playground standardises inputs with its training set's mean and std, then applies
    ``Linear → f₁ → … → Linear`` with one catalog activation per hidden layer
    (:class:`actlab.train.CatalogActivation`); the module does the same, so
    ``model(torch.tensor(X))`` gives the page's outputs (regression values or logits).
    """
    from actlab import train

    net = json.loads(exported) if isinstance(exported, str) else exported
    if not isinstance(net, dict) or net.get("format") != NETWORK_FORMAT:
        raise ValueError(f"playground_network: not a network the playground exported (want format {NETWORK_FORMAT!r})")
    sizes, acts, layers = net["sizes"], net["activations"], net["layers"]
    if len(layers) != len(sizes) - 1 or len(acts) != len(layers) - 1:
        raise ValueError(f"playground_network: {len(layers)} layers and {len(acts)} activations "
                         f"do not fit the sizes {sizes}")
    mean = torch.tensor(net["input_mean"], dtype=torch.float64)
    std = torch.tensor(net["input_std"], dtype=torch.float64)
    modules: list[nn.Module] = [Standardise(mean, std)]
    for i, layer in enumerate(layers):
        linear = nn.Linear(sizes[i], sizes[i + 1]).double()
        weight = torch.tensor(layer["W"], dtype=torch.float64)
        if weight.shape != (sizes[i], sizes[i + 1]):
            raise ValueError(f"playground_network: layer {i + 1} has W of shape {tuple(weight.shape)}, "
                             f"want {(sizes[i], sizes[i + 1])}")
        with torch.no_grad():
            linear.weight.copy_(weight.T)  # the page stores W as fan_in × fan_out
            linear.bias.copy_(torch.tensor(layer["b"], dtype=torch.float64))
        modules.append(linear)
        if i < len(acts):
            modules.append(train.CatalogActivation(acts[i]))
    return nn.Sequential(*modules)


class Standardise(nn.Module):
    """x ↦ (x − mean) / std: the playground's input scaling, as a module."""

    def __init__(self, mean: torch.Tensor, std: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mean) / self.std


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actlab.widgets.export", description=__doc__.split("\n")[0])
    parser.add_argument("outdir", type=Path, help="where to write the data files, e.g. "
                                                   "chapters/_static/explorers/data")
    args = parser.parse_args(argv)
    export(args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
