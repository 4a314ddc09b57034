"""The figure of a training sweep: final loss against hidden width, one line per activation.

Chapter 5 trains every combination of activation, hidden width, input scaling and seed
(:func:`actlab.train.fit_xsin_batch`) and shows the final losses with
:func:`loss_sweep_figure` instead of a table: one panel per setting (e.g. raw and
standardised inputs), the width on a log axis, the loss on a log axis (losses span four
decades), each seed as a dot and the mean over seeds as a line, and labelled horizontal
reference lines such as the noise floor::

    >>> from actlab.sweep_figure import loss_sweep_figure
    >>> losses = {("relu", w, "raw", s): 10.0 / w + s for w in (2, 16) for s in (0, 1)}
    >>> fig = loss_sweep_figure(losses, references={"noise floor": 0.04})
    >>> [ax.get_title() for ax in fig.axes]
    ['raw']
"""
from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

#: the Okabe & Ito colour-blind-safe palette, in the order lines take it
OKABE_ITO = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442", "#000000")

#: line styles of the reference lines, in order
REFERENCE_STYLES = (":", "--", "-.", (0, (1, 3)))


def _distinct(values) -> list:
    """``values`` without repeats, in first-seen order."""
    return list(dict.fromkeys(values))


def loss_sweep_figure(losses: Mapping[tuple[str, int, str, int], float], *,
                      references: Mapping[str, float] | None = None,
                      ylabel: str = "final training MSE (log scale)",
                      size: tuple[float, float] = (8.0, 3.4)) -> Figure:
    """Final loss against hidden width: one panel per setting, one line per activation.

    Args:
        losses: ``{(activation, width, setting, seed): final loss}``. Panels follow the
            settings and lines the activations in first-seen order; every loss must be a
            finite number > 0 (the loss axis is logarithmic).
        references: ``{label: value}`` drawn as labelled horizontal lines in every panel
            (e.g. the noise floor and the variance of the targets); values must be > 0.
        ylabel: the label of the loss axis (shown on the first panel).
        size: the figure size in inches.

    Returns:
        The figure. Each activation's seeds are dots (nudged sideways so they do not hide
        one another) and its mean over seeds, at each width, a line with markers; the
        width axis is logarithmic with a tick at every width.

    Raises:
        ValueError: if ``losses`` is empty, a key is not a 4-tuple, or a loss or reference
            value is not a finite number > 0.
    """
    if not losses:
        raise ValueError("loss_sweep_figure: losses is empty")
    for key, value in losses.items():
        if not (isinstance(key, tuple) and len(key) == 4):
            raise ValueError(f"loss_sweep_figure: keys must be (activation, width, setting, seed), got {key!r}")
        if not (np.isfinite(value) and value > 0):
            raise ValueError(f"loss_sweep_figure: loss {key!r} = {value!r} is not a finite number > 0 (log axis)")
    references = dict(references or {})
    for label, value in references.items():
        if not (np.isfinite(value) and value > 0):
            raise ValueError(f"loss_sweep_figure: reference {label!r} = {value!r} is not a finite number > 0")
    activations = _distinct(k[0] for k in losses)
    widths = sorted(_distinct(k[1] for k in losses))
    settings = _distinct(k[2] for k in losses)
    seeds = _distinct(k[3] for k in losses)
    fig, axes = plt.subplots(1, len(settings), figsize=size, sharey=True, squeeze=False)
    offsets = np.linspace(-0.06, 0.06, len(seeds)) if len(seeds) > 1 else np.zeros(1)
    for ax, setting in zip(axes[0], settings):
        for colour, act in zip(OKABE_ITO * len(activations), activations):
            means = []
            for width in widths:
                values = [losses[act, width, setting, s] for s in seeds if (act, width, setting, s) in losses]
                ax.scatter(width * 2.0 ** offsets[:len(values)], values, s=12, color=colour, alpha=0.6)
                means.append(np.mean(values) if values else np.nan)
            ax.plot(widths, means, "o-", color=colour, lw=1.5, ms=4, label=f"{act} (mean of seeds)")
        for style, (label, value) in zip(REFERENCE_STYLES * len(references), references.items()):
            ax.axhline(value, color="0.35", lw=1, ls=style)
            ax.annotate(label, (1.0, value), xycoords=("axes fraction", "data"), xytext=(-2, 2),
                        textcoords="offset points", ha="right", va="bottom", fontsize=7, color="0.25")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(widths, [str(w) for w in widths])
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xlabel("hidden units (log scale)")
        ax.set_title(str(setting))
    axes[0][0].set_ylabel(ylabel)
    axes[0][0].legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return fig
