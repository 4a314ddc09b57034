"""Results over seeds as a figure: each configuration's mean ± standard deviation, and every run.

The chapters train each configuration (an activation, a cell, a network) with a few seeds and
compare the configurations. A table of "mean ± std" hides how few runs there are and whether
two configurations overlap; :func:`plot_seed_spread` shows every run as a grey dot and the
mean as a marker with an error bar of one sample standard deviation (``ddof = 1``, as
:func:`actlab.train.mean_std` prints it), so a reader sees at a glance which gaps are larger
than the spread over seeds.

A run that never reached a target (``None``, e.g. "epochs to 90% accuracy" of a run that
stayed below 90%) has no place on the axis: it is left out of the mean and counted at the foot
of the axes ("2 never"); a configuration none of whose runs got there is marked "never".

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> plot_seed_spread(ax, {"relu": [0.94, 0.95, 0.95], "sigmoid": [0.72, 0.78, 0.77]},
...                  ylabel="test accuracy", references={"target": 0.9})
{'relu': 0.9466666666666667, 'sigmoid': 0.7566666666666667}
>>> [t.get_text() for t in ax.get_xticklabels()]
['relu', 'sigmoid']
>>> plt.close(fig)
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Real

import numpy as np
from matplotlib.axes import Axes

#: the Okabe & Ito colour-blind-safe palette (the one lib/actlab/diagrams.py tints)
OKABE_ITO = {"blue": "#0072b2", "orange": "#e69f00", "green": "#009e73", "vermillion": "#d55e00",
             "purple": "#cc79a7", "sky": "#56b4e9", "yellow": "#f0e442", "black": "#000000"}
#: colours of the reference lines, in the order the references are given
REFERENCE_COLOURS = ("orange", "green", "vermillion", "purple")
RUN_COLOUR = "0.6"


def _runs(label: str, runs: Sequence[float | None]) -> list[float | None]:
    """``runs`` checked: a non-empty sequence of finite real numbers or ``None``."""
    if isinstance(runs, (str, bytes)) or not isinstance(runs, Sequence) or len(runs) == 0:
        raise ValueError(f"plot_seed_spread: {label!r} needs a non-empty sequence of results, got {runs!r}")
    for value in runs:
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise ValueError(f"plot_seed_spread: {label!r} has the result {value!r}; "
                             "each must be a finite number, or None for a run that never reached its target")
    return [None if v is None else float(v) for v in runs]


def plot_seed_spread(ax: Axes, values: Mapping[str, Sequence[float | None]], *, ylabel: str,
                     references: Mapping[str, float] | None = None, value_format: str | None = "{:.3g}",
                     color: str = OKABE_ITO["blue"], offset: float = 0.0, series: str | None = None
                     ) -> dict[str, float]:
    """Draw, for each configuration of ``values``, its runs and their mean ± standard deviation on ``ax``.

    Args:
        ax: the matplotlib axes to draw on.
        values: configuration label → one result per seed (``None`` for a run that never
            reached its target), in the order the configurations are to appear on the x axis.
        ylabel: the y axis label (say what is measured, with its unit).
        references: name → y value, each drawn as a dotted horizontal line with a legend entry
            (e.g. chance level, a target, a ceiling).
        value_format: how the mean is written beside its marker (``None``: not written).
        color: colour of the mean markers and error bars (a name of :data:`OKABE_ITO` or a
            matplotlib colour).
        offset: horizontal shift of this series, so that two calls on the same axes draw
            two series side by side (e.g. ``-0.15`` and ``0.15``).
        series: legend label of this series (``None``: no legend entry).

    Configuration ``i`` is drawn at ``x = i + offset`` above its label. When ``k`` of its runs
    have no result, "k never" (or "never", if none has) is written at the foot of the axes in
    the series' colour. The error bar is one sample standard deviation (``ddof = 1``), omitted
    for a single run.

    Returns:
        configuration label → mean over the runs that have a result (``nan`` if none has).

    Raises:
        ValueError: ``values`` is empty, a configuration has no runs, or a result is neither a
            finite number nor ``None``.
    """
    if not values:
        raise ValueError("plot_seed_spread: values is empty; give at least one configuration")
    color = OKABE_ITO.get(color, color)
    checked = {label: _runs(label, runs) for label, runs in values.items()}
    means: dict[str, float] = {}
    legend_label = series
    for i, (label, runs) in enumerate(checked.items()):
        x = i + offset
        present = [v for v in runs if v is not None]
        never = len(runs) - len(present)
        if never:                        # written at the foot of the axes, in the series' colour
            ax.annotate("never" if never == len(runs) else f"{never} never", (x, 0.02),
                        xycoords=("data", "axes fraction"), ha="center", fontsize=7, color=color)
        if not present:
            means[label] = math.nan
            continue
        mean = float(np.mean(present))
        spread = float(np.std(present, ddof=1)) if len(present) > 1 else 0.0
        means[label] = mean
        ax.plot([x] * len(present), present, ".", color=RUN_COLOUR, zorder=1)
        ax.errorbar([x], [mean], yerr=[spread], fmt="o", color=color, capsize=4, zorder=2, label=legend_label)
        legend_label = None                                  # one legend entry per series
        if value_format is not None:
            ax.annotate(value_format.format(mean), (x, mean), xytext=(7, 0), textcoords="offset points",
                        va="center", fontsize=8, color=color)
    for k, (name, level) in enumerate((references or {}).items()):
        ax.axhline(level, ls=":", color=OKABE_ITO[REFERENCE_COLOURS[k % len(REFERENCE_COLOURS)]], label=name)
    ax.set_xticks(range(len(checked)), list(checked))
    ax.set_xlim(-0.5, len(checked) - 0.5)
    ax.set_ylabel(ylabel)
    if references or series:
        ax.legend(fontsize=8)
    return means
