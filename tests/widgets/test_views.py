"""The notebook views: set a control's value, check what the plot and readout show (numbers, not pixels)."""
from __future__ import annotations

import numpy as np
import pytest

from actlab.widgets import derivative_explorer, gradient_flow_explorer, softmax_explorer, training_playground


def test_moving_x0_updates_the_result_readout_and_plot():
    explorer = derivative_explorer(activation="sigmoid", x0=0.0)
    before = explorer.image.value
    assert explorer.result["at_x0"]["analytic"] == pytest.approx(0.25)
    explorer.controls["x0"].value = 6.0
    at = explorer.result["at_x0"]
    assert explorer.state.x0 == 6.0
    assert round(at["analytic"], 5) == 0.00247
    for key in ("finite_difference", "torch", "tensorflow"):
        assert at[key] == pytest.approx(at["analytic"], rel=1e-7)
    assert "0.00246651" in explorer.readout.value
    assert "[-8, -2.1] ∪ [2.1, 8]" in explorer.readout.value
    assert explorer.image.value != before and bytes(explorer.image.value).startswith(b"\x89PNG")


def test_changing_activation_shows_its_parameters_with_their_defaults():
    explorer = derivative_explorer(activation="elu", params={"alpha": 2.0}, frameworks=False)
    assert explorer.controls["alpha"].layout.display is None
    assert explorer.controls["negative_slope"].layout.display == "none"
    explorer.controls["activation"].value = "leaky_relu"
    assert dict(explorer.state.params) == {"negative_slope": 0.01}
    assert explorer.controls["negative_slope"].layout.display is None
    assert explorer.controls["alpha"].layout.display == "none"
    explorer.controls["negative_slope"].value = 0.0
    assert explorer.result["dead"] == [(-8.0, 0.0)]
    explorer.controls["overlay"].value = ("relu", "tanh")
    assert list(explorer.result["curves"]) == ["leaky_relu", "relu", "tanh"]


def test_a_rejected_value_keeps_the_last_state_and_says_why():
    explorer = derivative_explorer(activation="tanh", x0=1.0, frameworks=False)
    explorer.controls["x0"].max = 20.0  # a reader who widens the slider past the data range
    explorer.controls["x0"].value = 12.0
    assert explorer.state.x0 == 1.0
    assert "x0 = 12.0 is outside [-8, 8]" in explorer.message.value
    explorer.controls["x0"].value = 2.0
    assert explorer.message.value == "" and explorer.state.x0 == 2.0


def test_repr_is_the_state():
    """A notebook cell ending with an explorer has this deterministic text/plain output (nbval compares it)."""
    assert repr(softmax_explorer(temperature=0.5)) == (
        "SoftmaxExplorer(logits=(2.0, 1.0, 0.1, -1.0), temperature=0.5, target=0)")


def test_gradient_flow_controls():
    explorer = gradient_flow_explorer(activation="sigmoid", depth=20)
    assert explorer.result["verdict"] == "vanishing"
    assert "<b>vanishing</b>: the gradient shrinks by a factor 1.8e-12" in explorer.readout.value
    explorer.controls["activation"].value = "relu"
    assert "<b>vanishing</b>: the forward signal dies out" in explorer.readout.value
    explorer.controls["init"].value = "he"
    assert explorer.result["verdict"] == "stable"
    assert "<b>stable</b>" in explorer.readout.value
    explorer.controls["depth"].value = 5
    assert len(explorer.result["norms"]) == 5


def test_gradient_flow_residual_and_norm_controls():
    explorer = gradient_flow_explorer(activation="sigmoid", depth=50)
    assert explorer.result["verdict"] == "vanishing"
    explorer.controls["residual"].value = True
    explorer.controls["norm"].value = "layer"
    assert (explorer.state.residual, explorer.state.norm) == (True, "layer")
    assert explorer.result["verdict"] == "stable"
    assert repr(explorer).endswith("residual=True, norm='layer')")


def test_softmax_controls():
    explorer = softmax_explorer()
    explorer.controls["temperature"].value = 0.01
    np.testing.assert_allclose(explorer.result["probabilities"], [1, 0, 0, 0], atol=1e-40)
    explorer.controls["target"].value = 3
    np.testing.assert_allclose(explorer.result["gradient"], [1, 0, 0, -1], atol=1e-40)
    explorer.controls["z3"].value = 5.0
    assert explorer.state.logits == (2.0, 1.0, 0.1, 5.0)
    np.testing.assert_allclose(explorer.result["row_sums"], 0.0, atol=1e-15)


def test_playground_trains_synchronously_and_reports_progress():
    explorer = training_playground(background=False, device="cpu", activation="tanh", width=8, steps=100)
    assert "Press <b>Train</b>" in explorer.readout.value
    explorer.train_button.click()
    run = explorer.result
    assert run.progress == 1.0 and explorer.progress.value == 1.0
    assert "done: step 90 of 100" in explorer.readout.value
    assert not explorer.train_button.disabled and explorer.stop_button.disabled


def test_playground_stop_button_stops_a_background_run():
    explorer = training_playground(device="cpu", activation="relu", width=8, steps=10_000)
    explorer.train_button.click()
    run = explorer.result
    assert explorer.train_button.disabled and not explorer.stop_button.disabled
    explorer.stop_button.click()
    run.thread.join(timeout=30)
    assert run.stopped and 0 < run.progress < 0.5
    assert explorer.progress.value == run.progress
    assert "stopped" in explorer.readout.value
    assert not explorer.train_button.disabled
