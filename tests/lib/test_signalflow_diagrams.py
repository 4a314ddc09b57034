"""actlab.signalflow (backward signal through depth) and actlab.diagrams (concept figures)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from actlab import torch as atorch  # noqa: E402
from actlab.diagrams import Arrow, Box, flowchart  # noqa: E402
from actlab.signalflow import backward_norms  # noqa: E402


# --------------------------------------------------------------------------- signalflow
def _autograd_norms(activation, depth, width, gain, n_samples, seed):
    """‖∂L/∂h_l‖ by torch.autograd, on the weights and data backward_norms draws from seed."""
    rng = np.random.default_rng(seed)
    weights = [torch.tensor(rng.normal(0.0, gain / np.sqrt(width), (width, width))) for _ in range(depth)]
    h = torch.tensor(rng.standard_normal((n_samples, width)), requires_grad=True)
    hs, f = [h], atorch.get(activation)
    for W in weights:
        hs.append(f(hs[-1] @ W))
        hs[-1].retain_grad()
    g = torch.tensor(rng.standard_normal((n_samples, width)))
    (hs[-1] * g).sum().backward()
    norms = np.array([float(t.grad.norm()) for t in hs])
    return norms / norms[-1]


@pytest.mark.parametrize("activation", ["identity", "sigmoid", "tanh", "relu", "gelu"])
@pytest.mark.parametrize("gain", [0.5, 1.0, 2.0])
def test_backward_norms_match_autograd(activation, gain):
    ours = backward_norms(activation, depth=6, width=16, gain=gain, n_samples=32, seed=3)
    assert ours.shape == (7,) and ours[-1] == 1.0
    np.testing.assert_allclose(ours, _autograd_norms(activation, 6, 16, gain, 32, 3), rtol=1e-10)


@pytest.mark.parametrize("gain", [0.5, 2.0])
def test_a_linear_network_scales_the_gradient_by_about_gain_to_the_depth(gain):
    ratio = backward_norms("identity", depth=20, width=256, gain=gain)[0]
    assert gain ** 20 / 3 < ratio < 3 * gain ** 20


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "softmax"}, "elementwise"),
    ({"activation": "nope"}, "unknown activation"),
    ({"depth": 0}, "depth"),
    ({"width": 2.5}, "width"),
    ({"n_samples": True}, "n_samples"),
    ({"gain": 0.0}, "gain"),
    ({"gain": float("inf")}, "gain"),
])
def test_backward_norms_rejects_bad_input(kwargs, message):
    args = {"activation": "tanh", **kwargs}
    with pytest.raises((ValueError, KeyError), match=message):
        backward_norms(**args)


# --------------------------------------------------------------------------- diagrams
BOXES = [Box("a", "first", (0.15, 0.5), "data"), Box("b", "second", (0.5, 0.5)),
         Box("c", "third", (0.85, 0.2), "grad")]


def test_flowchart_draws_every_box_arrow_and_label():
    fig = flowchart(BOXES, [Arrow("a", "b", "go"), Arrow("b", "c", bend=0.3, style="dashed")],
                    size=(6, 3), title="t")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert {"first", "second", "third", "go"} <= set(texts)
    assert len([t for t in ax.texts if isinstance(t, matplotlib.text.Annotation)]) == 2
    assert ax.get_title() == "t"
    plt.close(fig)


def test_arrow_label_sits_between_the_two_boxes():
    fig = flowchart(BOXES[:2], [Arrow("a", "b", "go")], size=(6, 3))
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    label = next(t for t in ax.texts if t.get_text() == "go")
    a, b = (next(t for t in ax.texts if t.get_text() == s).get_bbox_patch().get_window_extent(renderer)
            for s in ("first", "second"))
    x_label = ax.transAxes.transform(label.get_position())[0]
    assert a.x1 < x_label < b.x0
    plt.close(fig)


@pytest.mark.parametrize("boxes, arrows, message", [
    (BOXES + [Box("a", "again", (0.1, 0.1))], [], "duplicate"),
    ([Box("x", "x", (0.5, 0.5), "nonsense")], [], "unknown kind"),
    (BOXES, [Arrow("a", "zzz")], "unknown box 'zzz'"),
    (BOXES, [Arrow("a", "b", style="wavy")], "arrow style"),
])
def test_flowchart_rejects_bad_input(boxes, arrows, message):
    with pytest.raises(ValueError, match=message):
        flowchart(boxes, arrows)
    plt.close("all")
