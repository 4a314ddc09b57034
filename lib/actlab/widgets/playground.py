"""Training playground, the logic: fit x·sin(x) with a chosen activation, watchable and stoppable.

A :class:`TrainingRun` trains chapter 5's network (:func:`actlab.train.fit_xsin`: a
1-``width``-1 MLP, full-batch Adam on the mean squared error, 100 points of
y = x·sin(x) + noise) and records, as it goes,

* ``losses``: (step, training loss) every :data:`REPORT_EVERY` steps;
* ``snapshots``: (updates done, the network's prediction on :data:`CURVE_X`) every
  :data:`SNAPSHOT_EVERY` steps and at the end;
* ``progress``: the fraction of the requested steps done (1.0 when finished).

:meth:`TrainingRun.stop` asks the run to stop at the next report (the callback of
``fit_xsin`` then returns ``False``). :meth:`TrainingRun.run` trains in the calling
thread; :meth:`TrainingRun.start` trains in a background thread, so that a notebook
widget stays responsive. Nothing here imports ipywidgets.

>>> from actlab.widgets.playground import PlaygroundState, TrainingRun
>>> run = TrainingRun(PlaygroundState("tanh", width=8, steps=100), device="cpu").run()
>>> run.progress, run.stopped, run.snapshots[-1][0]
(1.0, False, 100)
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

import numpy as np

from actlab import data
from actlab import validate

EXPLORER = "training playground"
WIDTH_RANGE = (1, 256)
LR_RANGE = (1e-4, 1.0)
STEPS_RANGE = (10, 10_000)
#: a loss is recorded (and the callback asked whether to go on) every this many steps
REPORT_EVERY = 10
#: the fit is recorded every this many steps
SNAPSHOT_EVERY = 50
#: where the fitted curve is evaluated: the data's x range, [−10, 10]
CURVE_X = np.linspace(-10.0, 10.0, 101)


@dataclass(frozen=True)
class PlaygroundState:
    """The run the reader has set up: activation, hidden width, Adam's learning rate, steps."""

    activation: str = "relu"
    width: int = 32
    lr: float = 0.01
    steps: int = 1000
    seed: int = 0

    def __post_init__(self) -> None:
        validate.elementwise_activation(EXPLORER, self.activation)
        object.__setattr__(self, "width", validate.integer_in(EXPLORER, "width", self.width, *WIDTH_RANGE))
        object.__setattr__(self, "lr", validate.number_in(EXPLORER, "learning rate", self.lr, *LR_RANGE))
        object.__setattr__(self, "steps", validate.integer_in(EXPLORER, "steps", self.steps, *STEPS_RANGE))
        object.__setattr__(self, "seed", validate.integer_in(EXPLORER, "seed", self.seed, 0, 2**31 - 1))


class TrainingRun:
    """One stoppable :func:`actlab.train.fit_xsin` run with its loss curve, fits and progress.

    ``on_update(run)`` is called after every report (from the training thread when
    started with :meth:`start`). ``device=None`` trains where ``fit_xsin`` would (a GPU
    when there is one).
    """

    def __init__(self, state: PlaygroundState, on_update: Callable[[TrainingRun], None] | None = None,
                 *, device=None) -> None:
        self.state = state
        self.on_update = on_update
        self.device = device
        self.losses: list[tuple[int, float]] = []
        self.snapshots: list[tuple[int, np.ndarray]] = []
        self.progress = 0.0
        self.stopped = False
        self.result = None
        self.thread: threading.Thread | None = None
        self._stop_requested = threading.Event()
        x, _ = data.xsin()
        # fit_xsin standardises its inputs with the training data's mean and std (scale_inputs=True)
        self._x_scaling = {"x_mean": float(x.mean()), "x_std": float(x.std())}

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def stop(self) -> None:
        """Ask the run to stop at its next report."""
        self._stop_requested.set()

    def _predict(self, model) -> np.ndarray:
        """The fit of ``model`` (mid-training) on :data:`CURVE_X`, by ``FitResult.predict`` itself."""
        from actlab import train

        fit = train.FitResult([], float("nan"), model, None, None, next(model.parameters()).device, 0.0,
                              **self._x_scaling)
        return fit.predict(CURVE_X).ravel()

    def _report(self, step: int, loss: float, model) -> bool:
        self.losses.append((step, loss))
        self.progress = step / self.state.steps
        if step % SNAPSHOT_EVERY == 0:
            self.snapshots.append((step + 1, self._predict(model)))
        if self.on_update is not None:
            self.on_update(self)
        self.stopped = self._stop_requested.is_set()  # fit_xsin stops when this returns False
        return not self.stopped

    def run(self) -> TrainingRun:
        """Train in this thread until done or stopped; returns ``self``."""
        from actlab import train

        s = self.state
        self.result = train.fit_xsin(s.activation, s.width, s.lr, s.steps, seed=s.seed, device=self.device,
                                     callback=self._report, report_every=REPORT_EVERY)
        done = self.losses[-1][0] + 1 if self.stopped else s.steps
        if self.snapshots and self.snapshots[-1][0] == done:
            self.snapshots.pop()
        self.snapshots.append((done, self.result.predict(CURVE_X).ravel()))
        self.progress = done / s.steps
        if self.on_update is not None:
            self.on_update(self)
        return self

    def start(self) -> threading.Thread:
        """Train in a daemon thread (``self.thread``) and return it at once."""
        if self.running:
            raise RuntimeError(f"{EXPLORER}: this run is already training")
        self.thread = threading.Thread(target=self.run, name="actlab-playground", daemon=True)
        self.thread.start()
        return self.thread
