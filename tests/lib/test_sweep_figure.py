"""actlab.sweep_figure draws every run of a sweep, its means and the reference lines, and rejects bad input."""
from __future__ import annotations

import doctest

import matplotlib
import numpy as np
import pytest

import actlab.sweep_figure as sweep_figure
from actlab.sweep_figure import OKABE_ITO, loss_sweep_figure

matplotlib.use("Agg")

ACTS, WIDTHS, SETTINGS, SEEDS = ("relu", "tanh"), (2, 16, 64), ("raw", "standardised"), (0, 1, 2)


def _losses() -> dict:
    return {(a, w, st, s): (1 + i) * 10.0 / w + 0.1 * s
            for i, a in enumerate(ACTS) for w in WIDTHS for st in SETTINGS for s in SEEDS}


def test_doctest():
    assert doctest.testmod(sweep_figure).failed == 0


def test_one_panel_per_setting_with_a_mean_line_per_activation_and_a_dot_per_run():
    losses = _losses()
    fig = loss_sweep_figure(losses, references={"noise floor": 0.04, "Var(y)": 14.0})
    assert [ax.get_title() for ax in fig.axes] == list(SETTINGS)
    for ax, setting in zip(fig.axes, SETTINGS):
        means = [line for line in ax.get_lines() if line.get_marker() == "o"]
        assert [line.get_color() for line in means] == list(OKABE_ITO[:len(ACTS)])
        for line, act in zip(means, ACTS):
            expected = [np.mean([losses[act, w, setting, s] for s in SEEDS]) for w in WIDTHS]
            assert np.allclose(line.get_xdata(), WIDTHS) and np.allclose(line.get_ydata(), expected)
        dots = np.concatenate([c.get_offsets()[:, 1] for c in ax.collections])
        assert sorted(dots) == pytest.approx(sorted(v for k, v in losses.items() if k[2] == setting))
        references = [line.get_ydata()[0] for line in ax.get_lines() if line.get_marker() != "o"]
        assert references == [0.04, 14.0]
        assert {t.get_text() for t in ax.texts} == {"noise floor", "Var(y)"}
        assert ax.get_xscale() == ax.get_yscale() == "log"
    assert fig.axes[0].get_ylabel().startswith("final training MSE")


@pytest.mark.parametrize("bad, message", [
    ({}, "empty"),
    ({("relu", 2, "raw"): 1.0}, "keys must be"),
    ({("relu", 2, "raw", 0): 0.0}, "finite number > 0"),
    ({("relu", 2, "raw", 0): float("nan")}, "finite number > 0"),
])
def test_bad_losses_are_named(bad, message):
    with pytest.raises(ValueError, match=message):
        loss_sweep_figure(bad)


def test_bad_reference_is_named():
    with pytest.raises(ValueError, match="reference 'floor'"):
        loss_sweep_figure({("relu", 2, "raw", 0): 1.0}, references={"floor": -1.0})
