"""Matplotlib drawings of the explorers' results (object-oriented API: no pyplot, no global state).

Each ``draw_*`` function takes what the logic module computed and returns a
:class:`matplotlib.figure.Figure`; :func:`png` renders one to PNG bytes for an
``ipywidgets.Image``. Labels and colours match the browser version
(``chapters/_static/explorers/explorers.js``).
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from actlab import data
from actlab.widgets.derivative import SATURATION
from actlab.widgets.playground import CURVE_X

#: series colours, in overlay order (matplotlib's tab10), and the region shades
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
SATURATED_SHADE, DEAD_SHADE = "#ffe9a8", "#bdbdbd"
WIDTH_IN, HEIGHT_IN, DPI = 9.0, 3.2, 80
#: |∂p_i/∂u_j| ≤ 1/4 always (p_i(1 − p_i) and p_i p_j are at most 1/4): a fixed colour scale
JACOBIAN_LIMIT = 0.25


def png(fig: Figure) -> bytes:
    """``fig`` as PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def _figure(columns: int) -> tuple[Figure, list]:
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
    return fig, list(fig.subplots(1, columns))


def _padded(values: np.ndarray, pad: float = 0.08) -> tuple[float, float]:
    lo, hi = float(np.min(values)), float(np.max(values))
    span = hi - lo or 1.0
    return lo - pad * span, hi + pad * span


def shade_regions(ax, regions: dict) -> None:
    """Shade ``regions["saturated"]`` yellow and ``regions["dead"]`` grey on ``ax`` (x intervals).

    ``regions`` is what :func:`actlab.widgets.derivative.regions` returns (|f′| < SATURATION,
    f′ = 0); the browser explorer uses the same two shades (``explorers.css``).
    """
    for (lo, hi) in regions["saturated"]:
        ax.axvspan(lo, hi, color=SATURATED_SHADE, alpha=0.8, linewidth=0)
    for (lo, hi) in regions["dead"]:
        ax.axvspan(lo, hi, color=DEAD_SHADE, linewidth=0)


def draw_derivative(result: dict, state) -> Figure:
    """f with the tangent at x₀ (left); f′ with saturated and dead regions shaded (right)."""
    fig, (ax_f, ax_df) = _figure(2)
    x, x0, at = result["x"], result["x0"], result["at_x0"]
    for (name, curve), colour in zip(result["curves"].items(), COLOURS):
        ax_f.plot(x, curve["f"], color=colour, label=name)
        ax_df.plot(x, curve["df"], color=colour, label=name)
    ax_f.set_ylim(*_padded(np.concatenate([c["f"] for c in result["curves"].values()])))
    ax_df.set_ylim(*_padded(np.concatenate([c["df"] for c in result["curves"].values()] + [[0.0]])))
    ax_f.plot(*result["tangent"], color="black", linestyle="--", linewidth=1, label="tangent at $x_0$")
    ax_f.plot([x0], [at["f"]], "o", color="black")
    ax_df.plot([x0], [at["analytic"]], "o", color="black")
    shade_regions(ax_df, result)
    ax_f.set(xlabel="x", ylabel="f(x)", title=f"{state.activation}: f and its tangent at x₀ = {x0:g}")
    ax_df.set(xlabel="x", ylabel="f′(x)",
              title=f"f′ (yellow: |f′| < {SATURATION:g} saturated, grey: f′ = 0 dead)")
    for ax in (ax_f, ax_df):
        ax.set_xlim(x[0], x[-1])
        ax.axvline(x0, color="black", linewidth=0.5)
        ax.grid(alpha=0.3)
    ax_f.legend(loc="upper left", fontsize="small")
    return fig


def draw_gradient_flow(result: dict, state) -> Figure:
    """‖∂L/∂W_l‖ (left) and Var(h_l) (right) against the layer index l, on log scales."""
    fig, (ax_norm, ax_var) = _figure(2)
    for ax, values, label in ((ax_norm, result["norms"], "‖∂L/∂W_l‖ (log scale)"),
                              (ax_var, result["variances"], "Var(h_l) (log scale)")):
        ax.semilogy(result["layer"], np.where(values > 0, values, np.nan), "o-", color=COLOURS[0])  # log: no 0
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set(xlabel="layer l (1 = next to the input)", ylabel=label)
        ax.grid(alpha=0.3, which="both")
    ax_norm.set_title(f"{state.activation}, {state.init} init, depth {state.depth}, width {state.width}: "
                      f"{result['verdict']}", loc="left")
    ax_var.set_title("forward signal (the input has variance 1)")
    return fig


def draw_softmax(result: dict, state) -> Figure:
    """Probabilities (target highlighted), the Jacobian as a heatmap, and the gradient p − t."""
    fig, (ax_p, ax_j, ax_g) = _figure(3)
    k = len(result["probabilities"])
    classes = np.arange(k)
    colours = [COLOURS[3] if i == state.target else COLOURS[0] for i in classes]
    ax_p.bar(classes, result["probabilities"], color=colours)
    ax_p.set(xlabel="class", ylabel="p = softmax(z / T)", ylim=(0, 1), xticks=classes,
             title=f"probabilities (T = {state.temperature:g})")
    jac = result["jacobian"]
    image = ax_j.imshow(jac, cmap="RdBu_r", vmin=-JACOBIAN_LIMIT, vmax=JACOBIAN_LIMIT)
    for i in classes:
        for j in classes:
            ax_j.text(j, i, f"{jac[i, j]:.2f}", ha="center", va="center", fontsize="small")
    fig.colorbar(image, ax=ax_j, shrink=0.8)
    ax_j.set(xlabel="j", ylabel="i", xticks=classes, yticks=classes, title="Jacobian ∂p_i/∂u_j")
    ax_g.bar(classes, result["gradient"], color=colours)
    ax_g.axhline(0, color="black", linewidth=0.5)
    ax_g.set(xlabel="class", ylabel="∂L/∂u = p − t", ylim=(-1, 1), xticks=classes,
             title=f"cross-entropy gradient, target {state.target}")
    return fig


def draw_playground(run) -> Figure:
    """The loss curve so far (log scale) and the latest fit against the data."""
    fig, (ax_loss, ax_fit) = _figure(2)
    if run.losses:
        steps, losses = zip(*run.losses)
        ax_loss.semilogy(steps, losses, color=COLOURS[0])
    ax_loss.set(xlabel="step", ylabel="training MSE (log scale)", xlim=(0, run.state.steps),
                title=f"{run.state.activation}, width {run.state.width}, lr {run.state.lr:g}")
    ax_loss.grid(alpha=0.3, which="both")
    x, y = data.xsin()
    ax_fit.plot(x, y, ".", color="grey", label="data")
    if run.snapshots:
        done, prediction = run.snapshots[-1]
        ax_fit.plot(CURVE_X, prediction, color=COLOURS[3], label=f"network after {done} steps")
    ax_fit.set(xlabel="x", ylabel="y", title="fit of y = x·sin(x) + noise")
    ax_fit.legend(loc="upper center", fontsize="small")
    return fig
