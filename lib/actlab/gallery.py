"""The activation gallery: every catalog activation as small multiples of f and f′.

:func:`plot_gallery` draws, for each activation of :mod:`actlab.catalog` (in catalog order),
two small panels one above the other — f on top, f′ below — on the derivative explorer's
grid (x from −8 to 8 in steps of 1/20), and shades in both panels the regions the explorer
shades: *saturated* where |f′| < 0.1 (yellow) and *dead* where f′ = 0 exactly (grey). The
regions come from :func:`actlab.widgets.derivative.regions` and the shading from
:func:`actlab.widgets.plots.shade_regions`, so the gallery and the explorer cannot disagree.

Units that are not elementwise are drawn as a function of one scalar input ``x``,
computed with the library's own vector functions (not re-derived here):

* ``softmax`` and ``log_softmax`` in their **two-class form**: the first output for the
  logits ``[x, 0]``, i.e. softmax([x, 0])₁ = σ(x) and log softmax([x, 0])₁ = log σ(x);
  f′ is ∂(output₁)/∂x, from :func:`actlab.numpy.softmax_vjp` / ``log_softmax_vjp``.
* the gated linear units (``glu``, ``reglu``, ``geglu``, ``swiglu``) **through their gate**:
  the output for the halves a = 1, b = x, i.e. 1 · gate(x); f′ is ∂y/∂b from
  :func:`actlab.numpy.gated_vjp`. With a = 1 this is the gate activation itself; in a
  network a scales both the output and ∂y/∂b, and ∂y/∂a = gate(b).

>>> curves = panel_curves("softmax")
>>> bool(np.allclose(curves["f"], anp.sigmoid(curves["x"])))
True
"""
from __future__ import annotations

import math
from typing import Iterable

import numpy as np
from matplotlib.figure import Figure

from actlab import catalog, validate
from actlab import numpy as anp
from actlab.widgets.derivative import GRID, SATURATION, regions
from actlab.widgets.plots import shade_regions

WHERE = "plot_gallery"
#: Okabe–Ito blue for f, vermillion for f′ (colour-blind safe, as in :mod:`actlab.diagrams`)
F_COLOUR, DF_COLOUR = "#0072b2", "#d55e00"
#: inches per activation column and per activation (two panels) row
PANEL_WIDTH_IN, PANEL_HEIGHT_IN = 2.0, 2.7


def _two_class(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    logits = np.stack([x, np.zeros_like(x)], axis=-1)
    first = np.zeros_like(logits)
    first[..., 0] = 1.0
    forward = anp.softmax if name == "softmax" else anp.log_softmax
    vjp = anp.softmax_vjp if name == "softmax" else anp.log_softmax_vjp
    return forward(logits)[..., 0], vjp(logits, first)[..., 0], f"{name}([x, 0])₁"


def _through_gate(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    halves = np.stack([np.ones_like(x), x], axis=-1)  # a = 1, b = x
    g = np.ones((x.size, 1))
    gate = catalog.spec(name).gate
    return (anp.get(name)(halves)[..., 0], anp.gated_vjp(name, halves, g)[..., 1],
            f"{name}: 1·{gate}(x)")


def panel_curves(name: str) -> dict:
    """The gallery's data for catalog activation ``name`` (default parameters).

    Returns ``x`` (the explorer's grid), ``f`` and ``df`` on it, ``title`` (the panel's
    title; it says how a non-elementwise unit was reduced to one input, see the module
    docstring) and the ``saturated`` / ``dead`` intervals of
    :func:`actlab.widgets.derivative.regions`. Unknown names raise
    :class:`actlab.validate.UnknownName`.
    """
    record = validate.activation(WHERE, name)
    x = GRID
    if record.elementwise:
        f, df, title = anp.get(name)(x), anp.grad(name)(x), name
    elif record.gate:
        f, df, title = _through_gate(name, x)
    else:
        f, df, title = _two_class(name, x)
    return {"x": x, "f": f, "df": df, "title": title, **regions(x, df)}


def plot_gallery(names: Iterable[str] | None = None, *, columns: int = 6) -> Figure:
    """Small multiples of f (top panel) and f′ (bottom panel) for each of ``names``.

    ``names``: catalog activations to draw, in this order (any iterable; default: every catalog name,
    :func:`actlab.names`); ``columns``: activations per row. Each pair of panels shades the
    saturated (|f′| < 0.1, yellow) and dead (f′ = 0, grey) regions exactly as the derivative
    explorer does; non-elementwise units are reduced to one input as the module docstring
    says. Panels share the x axis (−8 to 8); y limits are each panel's own. Returns a
    :class:`matplotlib.figure.Figure` (no pyplot state), which a notebook displays as PNG.

    >>> fig = plot_gallery(["relu", "softmax"], columns=2)
    >>> len(fig.axes)
    4
    """
    chosen = catalog.names() if names is None else [] if isinstance(names, str) else list(names)
    if not chosen:
        raise ValueError(f"{WHERE}: names must be a non-empty sequence of activation names, got {names!r}")
    validate.positive_int(WHERE, columns=columns)
    curves = [panel_curves(name) for name in chosen]
    columns = min(columns, len(curves))
    rows = math.ceil(len(curves) / columns)
    fig = Figure(figsize=(PANEL_WIDTH_IN * columns, PANEL_HEIGHT_IN * rows), layout="constrained")
    grid = fig.add_gridspec(2 * rows, columns)
    for index, curve in enumerate(curves):
        row, column = divmod(index, columns)
        ax_f = fig.add_subplot(grid[2 * row, column])
        ax_df = fig.add_subplot(grid[2 * row + 1, column], sharex=ax_f)
        for ax, values, colour, label in ((ax_f, curve["f"], F_COLOUR, "f"),
                                          (ax_df, curve["df"], DF_COLOUR, "f′")):
            shade_regions(ax, curve)
            ax.axhline(0, color="grey", linewidth=0.5)
            ax.plot(curve["x"], values, color=colour, linewidth=1.5)
            ax.set_ylabel(label, fontsize="small", labelpad=1)
            ax.tick_params(labelsize="x-small")
            ax.set_xlim(curve["x"][0], curve["x"][-1])
        ax_f.set_title(curve["title"], fontsize="small")
        ax_f.tick_params(labelbottom=False)
        ax_df.set_xlabel("x", fontsize="small", labelpad=0)
    fig.suptitle(f"f (blue) and f′ (vermillion); yellow: saturated, |f′| < {SATURATION:g}; "
                 "grey: dead, f′ = 0")
    return fig
