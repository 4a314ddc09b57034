"""Training playground logic: a stoppable fit_xsin run that reports progress, losses and fits."""
from __future__ import annotations

import numpy as np
import pytest

from actlab.widgets.playground import CURVE_X, REPORT_EVERY, PlaygroundState, TrainingRun

SMALL = PlaygroundState("tanh", width=8, lr=0.05, steps=200)


def test_a_full_run_reports_progress_losses_and_fits():
    seen = []
    run = TrainingRun(SMALL, on_update=lambda r: seen.append(r.progress), device="cpu").run()
    assert not run.stopped and run.progress == 1.0
    assert seen == sorted(seen) and seen[0] == 0.0 and seen[-1] == 1.0
    assert [step for step, _ in run.losses] == list(range(0, 200, REPORT_EVERY))
    assert [done for done, _ in run.snapshots] == [1, 51, 101, 151, 200]
    assert run.losses[-1][1] < run.losses[0][1]
    np.testing.assert_array_equal(run.snapshots[-1][1], run.result.predict(CURVE_X).ravel())


def test_stop_request_ends_the_run_early():
    def stop_after_100(run):
        if run.losses and run.losses[-1][0] >= 100:
            run.stop()

    run = TrainingRun(SMALL, on_update=stop_after_100, device="cpu").run()
    assert run.stopped
    assert run.losses[-1][0] == 100  # stopped at the report where it was asked
    assert run.progress == pytest.approx(101 / 200)
    assert run.snapshots[-1][0] == 101


def test_fits_during_training_use_the_same_input_scaling_as_fit_xsin():
    run = TrainingRun(SMALL, device="cpu").run()
    np.testing.assert_array_equal(run._predict(run.result.model), run.result.predict(CURVE_X).ravel())


def test_background_run_can_be_stopped():
    run = TrainingRun(PlaygroundState("relu", width=8, steps=10_000), device="cpu")
    run.start()
    with pytest.raises(RuntimeError, match="already training"):
        run.start()
    run.stop()
    run.thread.join(timeout=30)
    assert not run.running and run.stopped and run.progress < 0.5


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "softmax"}, "not elementwise"),
    ({"width": 0}, r"width = 0 is outside \[1, 256\]"),
    ({"lr": 0.0}, "learning rate = 0.0 is outside"),
    ({"lr": "0.1"}, "learning rate must be a finite number"),
    ({"steps": 5}, "steps = 5 is outside"),
])
def test_invalid_state_raises_a_clear_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        PlaygroundState(**kwargs)
