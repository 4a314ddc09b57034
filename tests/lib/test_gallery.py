"""The activation gallery (actlab.gallery): every catalog activation, the explorer's regions."""
import numpy as np
import pytest
from matplotlib.patches import Rectangle

import actlab
from actlab import gallery
from actlab import numpy as anp
from actlab.validate import UnknownName
from actlab.widgets.derivative import DerivativeState, compute


def test_every_catalog_activation_gets_an_f_and_an_f_prime_panel():
    fig = gallery.plot_gallery()
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(fig.axes) == 2 * len(actlab.names())
    assert [t.split("(")[0].split(":")[0] for t in titles] == actlab.names()


@pytest.mark.parametrize("name", actlab.names(elementwise=True))
def test_elementwise_regions_are_the_derivative_explorers(name):
    curves = gallery.panel_curves(name)
    explorer = compute(DerivativeState(name, frameworks=False))
    assert np.array_equal(curves["x"], explorer["x"])
    np.testing.assert_array_equal(curves["df"], explorer["curves"][name]["df"])
    assert (curves["saturated"], curves["dead"]) == (explorer["saturated"], explorer["dead"])


def test_softmax_is_drawn_in_its_two_class_form():
    soft, log_soft = gallery.panel_curves("softmax"), gallery.panel_curves("log_softmax")
    x = soft["x"]
    np.testing.assert_allclose(soft["f"], anp.sigmoid(x), rtol=1e-12)
    np.testing.assert_allclose(soft["df"], anp.sigmoid_grad(x), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(log_soft["f"], np.log(anp.sigmoid(x)), rtol=1e-12)
    np.testing.assert_allclose(log_soft["df"], anp.sigmoid(-x), rtol=1e-12)
    assert soft["saturated"] == gallery.panel_curves("sigmoid")["saturated"]


@pytest.mark.parametrize("name", actlab.catalog.gated_names())
def test_a_gated_unit_is_drawn_through_its_gate(name):
    gate = actlab.spec(name).gate
    curves, gate_curves = gallery.panel_curves(name), gallery.panel_curves(gate)
    np.testing.assert_allclose(curves["f"], gate_curves["f"], rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(curves["df"], gate_curves["df"], rtol=1e-12, atol=1e-300)
    assert gate in curves["title"]


def test_reglu_is_dead_where_relu_is_and_glu_never_dies():
    assert gallery.panel_curves("reglu")["dead"] == [(-8.0, 0.0)]
    assert gallery.panel_curves("glu")["dead"] == []


def test_each_panel_shades_its_regions_in_the_explorers_colours():
    from actlab.widgets.plots import DEAD_SHADE, SATURATED_SHADE
    from matplotlib.colors import to_hex

    fig = gallery.plot_gallery(["relu", "sigmoid"], columns=2)
    relu_f, relu_df, sigmoid_f, sigmoid_df = fig.axes

    def shades(ax):
        return sorted(to_hex(p.get_facecolor()[:3]) for p in ax.patches if isinstance(p, Rectangle))

    assert shades(relu_f) == shades(relu_df) == sorted([SATURATED_SHADE, DEAD_SHADE])
    assert shades(sigmoid_df) == [SATURATED_SHADE] * 2  # both tails, nothing dead


def test_names_may_be_any_iterable():
    assert len(gallery.plot_gallery(name for name in ("relu", "tanh", "glu")).axes) == 6


@pytest.mark.parametrize("names, columns, error, message", [
    (["nope"], 6, UnknownName, "plot_gallery: unknown activation 'nope'"),
    ("relu", 6, ValueError, "names must be a non-empty sequence"),
    ([], 6, ValueError, "names must be a non-empty sequence"),
    (["relu"], 0, ValueError, "columns must be a positive integer"),
])
def test_bad_input_raises_a_clear_error(names, columns, error, message):
    with pytest.raises(error, match=message):
        gallery.plot_gallery(names, columns=columns)


def test_the_browser_explorer_shades_in_the_same_colours():
    """The site's derivative explorer (explorers.css) and the matplotlib drawings use one pair of shades."""
    import re
    from pathlib import Path

    from actlab.widgets.plots import DEAD_SHADE, SATURATED_SHADE

    css = (Path(__file__).resolve().parents[2] / "chapters/_static/explorers/explorers.css").read_text()
    fills = dict(re.findall(r"\.actlab-(saturated|dead)\s*\{[^}]*?fill:\s*(#[0-9a-fA-F]{6})", css))
    assert fills == {"saturated": SATURATED_SHADE, "dead": DEAD_SHADE}
