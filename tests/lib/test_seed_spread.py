"""actlab.seed_spread: the figure that replaces "mean ± std over seeds" tables in the chapters."""
from __future__ import annotations

import doctest
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the headless backend
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from actlab import seed_spread  # noqa: E402
from actlab.seed_spread import OKABE_ITO, plot_seed_spread  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def _errorbars(ax):
    """(x, mean, half-height of the error bar) of every error bar drawn, in drawing order."""
    bars = []
    for container in ax.containers:
        marker, _, (vertical,) = container.lines
        (x,), (mean,) = marker.get_data()
        segment = vertical.get_segments()[0]
        bars.append((float(x), float(mean), float(segment[1, 1] - segment[0, 1]) / 2))
    return bars


def test_mean_and_sample_standard_deviation_per_configuration(ax):
    values = {"relu": [0.94, 0.95, 0.952], "tanh": [0.95, 0.962, 0.96], "sigmoid": [0.72, 0.78, 0.77]}
    means = plot_seed_spread(ax, values, ylabel="test accuracy")
    assert means == pytest.approx({k: np.mean(v) for k, v in values.items()})
    for (x, mean, half), (i, runs) in zip(_errorbars(ax), enumerate(values.values())):
        assert x == i and mean == pytest.approx(np.mean(runs)) and half == pytest.approx(np.std(runs, ddof=1))
    assert [t.get_text() for t in ax.get_xticklabels()] == list(values)
    assert ax.get_ylabel() == "test accuracy"


def test_every_run_is_a_dot_and_every_mean_is_written(ax):
    values = {"a": [1.0, 2.0, 3.0], "b": [5.0, 7.0]}
    plot_seed_spread(ax, values, ylabel="epochs", value_format="{:.1f}")
    dots = [line for line in ax.lines if line.get_marker() == "." and line.get_color() == seed_spread.RUN_COLOUR]
    assert sorted(y for line in dots for y in line.get_ydata()) == [1.0, 2.0, 3.0, 5.0, 7.0]
    assert [t.get_text() for t in ax.texts] == ["2.0", "6.0"]


def test_runs_that_never_reached_the_target_are_counted_not_plotted(ax):
    means = plot_seed_spread(ax, {"relu": [30, None, 34], "sigmoid": [None, None, None]}, ylabel="epochs to 90%")
    assert means["relu"] == 32 and math.isnan(means["sigmoid"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["relu", "sigmoid"]
    assert [(t.get_text(), t.xy[0]) for t in ax.texts] == [("1 never", 0), ("32", 0), ("never", 1)]
    assert len(_errorbars(ax)) == 1


def test_a_single_run_has_no_error_bar(ax):
    plot_seed_spread(ax, {"only": [0.5]}, ylabel="accuracy")
    assert _errorbars(ax) == [(0.0, 0.5, 0.0)]


def test_reference_lines_and_two_series_side_by_side(ax):
    plot_seed_spread(ax, {"relu": [0.9, 0.92], "tanh": [0.91, 0.93]}, ylabel="accuracy", offset=-0.15,
                     series="CNN", references={"chance": 0.1, "target": 0.9})
    plot_seed_spread(ax, {"relu": [0.88, 0.9], "tanh": [0.9, 0.9]}, ylabel="accuracy", offset=0.15,
                     series="MLP", color="orange")
    assert [x for x, _, _ in _errorbars(ax)] == pytest.approx([-0.15, 0.85, 0.15, 1.15])
    references = {line.get_label(): line.get_ydata()[0] for line in ax.lines if line.get_linestyle() == ":"}
    assert references == {"chance": 0.1, "target": 0.9}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["chance", "target", "CNN", "MLP"]
    assert ax.containers[-1].lines[0].get_color() == OKABE_ITO["orange"]


def test_legend_of_a_series_whose_first_configuration_never_reached_the_target(ax):
    plot_seed_spread(ax, {"sigmoid": [None, None], "relu": [20, 22]}, ylabel="epochs", series="MLP")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["MLP"]


@pytest.mark.parametrize("values, named", [
    ({}, "values is empty"),
    ({"relu": []}, "'relu' needs a non-empty sequence"),
    ({"relu": "0.9"}, "'relu' needs a non-empty sequence"),
    ({"relu": [0.9, float("nan")]}, "'relu' has the result nan"),
    ({"relu": [0.9, "0.8"]}, "'relu' has the result '0.8'"),
    ({"relu": [True]}, "'relu' has the result True"),
])
def test_bad_input_is_named(ax, values, named):
    with pytest.raises(ValueError, match=named):
        plot_seed_spread(ax, values, ylabel="accuracy")


def test_module_example_runs():
    result = doctest.testmod(seed_spread, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
