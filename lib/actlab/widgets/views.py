"""The notebook views: ipywidgets controls, a matplotlib plot and a readout, over the logic modules.

A view is thin: its controls make a state dataclass (which validates), the logic
module's ``compute`` turns it into numbers, :mod:`actlab.widgets.plots` draws them into
an ``ipywidgets.Image`` (PNG), and a small HTML table prints the key numbers. Setting
a control's ``value`` recomputes at once, in the same thread, so tests (and readers) can
drive a view without a browser and read ``explorer.result``: what the plot and the
readout show. A rejected value (e.g. x₀ out of range) keeps the last valid state and
shows the error in ``explorer.message``.

The plot is an image rather than an ``Output`` widget so that executing a notebook
produces no stdout or ``clear_output`` messages (which strict nbval would compare),
and ``repr(explorer)`` is the state, so a cell that ends with an explorer has a
deterministic text output.
"""
from __future__ import annotations

import dataclasses
import functools
import html
import math
from typing import Any, Callable, Mapping

import ipywidgets as widgets

import actlab
from actlab import catalog, gradflow
from actlab.widgets import derivative, gradient_flow, playground, plots, softmax

_ELEMENTWISE = actlab.names(elementwise=True)
_WIDE = {"description_width": "initial"}


def _state_repr(state) -> str:
    def plain(value):
        return dict(value) if isinstance(value, Mapping) else value
    return ", ".join(f"{f.name}={plain(getattr(state, f.name))!r}" for f in dataclasses.fields(state))


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    head = "".join(f"<th style='text-align:left;padding:0 1em 0 0'>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='padding:0 1em 0 0'>{html.escape(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


class Explorer(widgets.VBox):
    """Controls, a plot and a readout, redrawn from ``compute(state)`` whenever a control changes.

    Subclasses give ``compute`` (state → result), ``draw`` (→ Figure), ``describe``
    (→ HTML) and ``read_state`` (controls → state). Attributes: ``controls`` (name →
    widget), ``state``, ``result``, ``image``, ``readout``, ``message``.
    """

    compute: Callable[[Any], Any]

    def __init__(self, state, controls: dict[str, widgets.Widget], extra: tuple[widgets.Widget, ...] = ()):
        super().__init__()
        self.state, self.controls, self.result = state, controls, None
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="760px"))
        self.readout = widgets.HTML()
        self.message = widgets.HTML()
        self._syncing = False
        panel = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
        self.children = [panel, *extra, self.image, self.readout, self.message]
        for name, control in controls.items():
            control.observe(functools.partial(self._changed, name), names="value")
        self.refresh()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({_state_repr(self.state)})"

    def set_controls(self, **values) -> None:
        """Set control values without recomputing (used while one change updates others)."""
        self._syncing = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._syncing = False

    def _changed(self, name: str, change) -> None:
        if self._syncing:
            return
        try:
            state = self.read_state(name)
        except ValueError as err:
            self.message.value = f"<span style='color:#b00020'>{html.escape(str(err))}</span>"
            return
        self.message.value = ""
        self.state = state
        self.refresh()

    def refresh(self) -> None:
        """Recompute from ``state`` and redraw the plot and the readout."""
        self.result = type(self).compute(self.state)
        self.image.value = plots.png(self.draw())
        self.readout.value = self.describe()


# --------------------------------------------------------------------------- derivative


_ESTIMATE_LABELS = {"analytic": "analytic f′(x₀) (actlab.numpy)",
                    "finite_difference": f"central difference, h = {derivative.FD_STEP:g}",
                    "torch": "PyTorch autograd", "tensorflow": "TensorFlow GradientTape"}


def _intervals_text(intervals: list[tuple[float, float]]) -> str:
    return " ∪ ".join(f"[{lo:g}, {hi:g}]" for lo, hi in intervals) or "none"


class DerivativeExplorer(Explorer):
    """f, f′ and the tangent at x₀; f′(x₀) analytic, by finite difference, PyTorch and TensorFlow."""

    compute = derivative.compute

    def __init__(self, state: derivative.DerivativeState):
        params = {name: widgets.FloatSlider(
            value=state.params.get(name, p.default), min=p.low, max=p.high, step=0.01, description=name,
            continuous_update=False, style=_WIDE) for name, p in catalog.parameters().items()}
        controls = {
            "activation": widgets.Dropdown(options=_ELEMENTWISE, value=state.activation, description="activation"),
            **params,
            "x0": widgets.FloatSlider(value=state.x0, min=derivative.X_MIN, max=derivative.X_MAX, step=0.05,
                                      description="x₀", continuous_update=False),
            "overlay": widgets.SelectMultiple(options=_ELEMENTWISE, value=state.overlay, rows=4,
                                              description="overlay"),
            "frameworks": widgets.Checkbox(value=state.frameworks, description="PyTorch & TensorFlow",
                                           indent=False),
        }
        super().__init__(state, controls)
        self._show_params()

    def _show_params(self) -> None:
        own = actlab.spec(self.controls["activation"].value).params
        for name in catalog.parameters():
            self.controls[name].layout.display = None if name in own else "none"

    def read_state(self, changed: str) -> derivative.DerivativeState:
        c = self.controls
        own = actlab.spec(c["activation"].value).params
        if changed == "activation":  # a new activation starts from its own defaults
            self.set_controls(**own)
            self._show_params()
        return derivative.DerivativeState(c["activation"].value, c["x0"].value, {p: c[p].value for p in own},
                                          tuple(c["overlay"].value), c["frameworks"].value)

    def draw(self):
        return plots.draw_derivative(self.result, self.state)

    def describe(self) -> str:
        at = self.result["at_x0"]
        rows = [("f(x₀)", f"{at['f']:.6g}", "")]
        rows += [(_ESTIMATE_LABELS[key], f"{at[key]:.6g}",
                  "" if key == "analytic" else f"{at[key] - at['analytic']:+.1e}")
                 for key in derivative.ESTIMATES if key in at]
        regions = (f"<p>saturated (|f′| &lt; {derivative.SATURATION:g}): "
                   f"{html.escape(_intervals_text(self.result['saturated']))}; "
                   f"dead (f′ = 0): {html.escape(_intervals_text(self.result['dead']))}</p>")
        return _table(rows, ("at x₀ = " + f"{self.state.x0:g}", "value", "minus analytic")) + regions


# --------------------------------------------------------------------------- gradient flow


class GradientFlowExplorer(Explorer):
    """‖∂L/∂W_l‖ per layer of a deep MLP, for a chosen activation, depth, width and initialisation."""

    compute = gradient_flow.compute

    def __init__(self, state: gradient_flow.GradientFlowState):
        controls = {
            "activation": widgets.Dropdown(options=_ELEMENTWISE, value=state.activation, description="activation"),
            "init": widgets.Dropdown(options=list(gradflow.INITS), value=state.init, description="init"),
            "depth": widgets.IntSlider(value=state.depth, min=gradient_flow.DEPTH_RANGE[0],
                                       max=gradient_flow.DEPTH_RANGE[1], description="depth",
                                       continuous_update=False),
            "width": widgets.IntSlider(value=state.width, min=gradient_flow.WIDTH_RANGE[0],
                                       max=gradient_flow.WIDTH_RANGE[1], description="width",
                                       continuous_update=False),
            "residual": widgets.Checkbox(value=state.residual, description="residual (h + f(…))"),
            "norm": widgets.Dropdown(options=list(gradflow.NORMS), value=state.norm, description="norm"),
        }
        super().__init__(state, controls)

    def read_state(self, changed: str) -> gradient_flow.GradientFlowState:
        c = self.controls
        return gradient_flow.GradientFlowState(c["activation"].value, c["depth"].value, c["width"].value,
                                               c["init"].value, c["residual"].value, c["norm"].value)

    def draw(self):
        return plots.draw_gradient_flow(self.result, self.state)

    def describe(self) -> str:
        r = self.result
        rows = [("‖∂L/∂W_1‖ (input side)", f"{r['norms'][0]:.3g}"),
                (f"‖∂L/∂W_{self.state.depth}‖ (output side)", f"{r['norms'][-1]:.3g}"),
                ("ratio first / last", f"{r['ratio']:.3g}"),
                (f"Var(h_{self.state.depth}) (the input's is 1)", f"{r['signal']:.3g}")]
        return _table(rows, ("", "value")) + f"<p><b>{r['verdict']}</b>: {html.escape(_why(r))}</p>"


def _why(result: dict) -> str:
    """The verdict of a gradient-flow result, in words (as explorers.js words it)."""
    (low, high), (s_low, s_high) = gradient_flow.RATIO_LIMITS, gradient_flow.SIGNAL_LIMITS
    if result["reason"] == "ratio":
        change = "shrinks" if result["verdict"] == "vanishing" else "grows"
        return f"the gradient {change} by a factor {result['ratio']:.2g} from the last layer to the first"
    if result["reason"] == "signal":
        change = "dies out" if result["verdict"] == "vanishing" else "blows up"
        return (f"the forward signal {change} (Var(h_L) = {result['signal']:.2g}), and every layer's "
                "gradient ∂L/∂W_l = h_(l−1)ᵀ δ_l goes with it")
    return (f"the first/last ratio stays within [{low:g}, {high:g}] and Var(h_L) within "
            f"[{s_low:g}, {s_high:g}]")


# --------------------------------------------------------------------------- softmax


class SoftmaxExplorer(Explorer):
    """Logits and temperature → probabilities, the softmax Jacobian and the cross-entropy gradient."""

    compute = softmax.compute

    def __init__(self, state: softmax.SoftmaxState):
        low, high = softmax.LOGIT_RANGE
        t_low, t_high = softmax.TEMPERATURE_RANGE
        k = len(state.logits)
        controls = {
            **{f"z{i}": widgets.FloatSlider(value=z, min=low, max=high, step=0.1, description=f"z{i}",
                                            continuous_update=False) for i, z in enumerate(state.logits)},
            "temperature": widgets.FloatLogSlider(value=state.temperature, base=10, min=math.log10(t_low),
                                                  max=math.log10(t_high), step=0.01, description="T",
                                                  continuous_update=False),
            "target": widgets.Dropdown(options=list(range(k)), value=state.target, description="target"),
        }
        super().__init__(state, controls)

    def read_state(self, changed: str) -> softmax.SoftmaxState:
        c = self.controls
        logits = tuple(c[f"z{i}"].value for i in range(len(self.state.logits)))
        return softmax.SoftmaxState(logits, c["temperature"].value, c["target"].value)

    def draw(self):
        return plots.draw_softmax(self.result, self.state)

    def describe(self) -> str:
        r = self.result
        rows = [(str(i), f"{z:g}", f"{u:.4g}", f"{p:.4f}", f"{g:+.4f}", f"{s:+.1e}")
                for i, (z, u, p, g, s) in enumerate(zip(self.state.logits, r["scaled_logits"],
                                                        r["probabilities"], r["gradient"], r["row_sums"]))]
        return (_table(rows, ("class", "z", "u = z/T", "p", "p − t", "Jacobian row sum"))
                + f"<p>cross-entropy L = −log p<sub>{self.state.target}</sub> = {r['loss']:.4f}</p>")


# --------------------------------------------------------------------------- training playground


class TrainingPlayground(Explorer):
    """Train the x·sin(x) network with a chosen activation, width and learning rate; watch and stop it.

    ``train()`` (the Train button) starts a :class:`~actlab.widgets.playground.TrainingRun`,
    in a background thread when ``background`` (the notebook default; ``run.thread``
    can be joined) or to completion in the calling thread otherwise. ``stop()`` (the
    Stop button) asks it to stop. ``result`` is the latest run.
    """

    def __init__(self, state: playground.PlaygroundState, *, background: bool = True, device=None):
        self.background, self.device = background, device
        controls = {
            "activation": widgets.Dropdown(options=_ELEMENTWISE, value=state.activation, description="activation"),
            "width": widgets.IntSlider(value=state.width, min=playground.WIDTH_RANGE[0],
                                       max=playground.WIDTH_RANGE[1], description="width"),
            "lr": widgets.FloatLogSlider(value=state.lr, base=10, min=math.log10(playground.LR_RANGE[0]),
                                         max=math.log10(playground.LR_RANGE[1]), step=0.1, description="lr",
                                         readout_format=".4f"),
            "steps": widgets.IntSlider(value=state.steps, min=playground.STEPS_RANGE[0], max=5000, step=10,
                                       description="steps"),
        }
        self.train_button = widgets.Button(description="Train", button_style="primary", icon="play")
        self.stop_button = widgets.Button(description="Stop", icon="stop", disabled=True)
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, description="progress")
        self.train_button.on_click(lambda _: self.train())
        self.stop_button.on_click(lambda _: self.stop())
        self._drawn_snapshots = -1
        super().__init__(state, controls, (widgets.HBox([self.train_button, self.stop_button, self.progress]),))

    @staticmethod
    def compute(state: playground.PlaygroundState) -> playground.TrainingRun:
        return playground.TrainingRun(state)  # not started: empty axes until Train is pressed

    def read_state(self, changed: str) -> playground.PlaygroundState:
        c = self.controls
        return playground.PlaygroundState(c["activation"].value, c["width"].value, c["lr"].value,
                                          c["steps"].value, self.state.seed)

    def refresh(self) -> None:
        if self.result is not None and self.result.running:
            return  # a running training keeps its plot; the new settings apply to the next run
        super().refresh()

    def draw(self):
        return plots.draw_playground(self.result)

    def describe(self) -> str:
        run = self.result
        if not run.losses:
            return "<p>Press <b>Train</b> to fit y = x·sin(x) with these settings.</p>"
        step, loss = run.losses[-1]
        status = ("stopped" if run.stopped else "done") if run.result is not None else "training"
        final = f", final MSE {run.result.final_loss:.4f}" if run.result is not None else ""
        return (f"<p>{status}: step {step} of {run.state.steps}, training MSE {loss:.4f}{final} "
                f"(noise floor 0.04)</p>")

    def train(self) -> playground.TrainingRun:
        """Start a run with the current settings (see the class docstring) and return it."""
        if self.result is not None and self.result.running:
            return self.result
        self.result = playground.TrainingRun(self.state, self._on_update, device=self.device)
        self._drawn_snapshots = -1
        self.train_button.disabled, self.stop_button.disabled = True, False
        self.progress.value = 0.0
        if self.background:
            self.result.start()
        else:
            self.result.run()
        return self.result

    def stop(self) -> None:
        """Ask the current run to stop at its next report."""
        if self.result is not None:
            self.result.stop()

    def _on_update(self, run: playground.TrainingRun) -> None:
        self.progress.value = run.progress
        self.readout.value = self.describe()
        if len(run.snapshots) != self._drawn_snapshots:
            self._drawn_snapshots = len(run.snapshots)
            self.image.value = plots.png(self.draw())
        if run.result is not None:
            self.train_button.disabled, self.stop_button.disabled = False, True


# --------------------------------------------------------------------------- the public views


def derivative_explorer(**initial_state) -> DerivativeExplorer:
    """The derivative explorer; keywords as :class:`~actlab.widgets.derivative.DerivativeState`.

    >>> derivative_explorer(activation="leaky_relu", params={"negative_slope": 0.2}, x0=-1.0)
    DerivativeExplorer(activation='leaky_relu', x0=-1.0, params={'negative_slope': 0.2}, overlay=(), frameworks=True)
    """
    return DerivativeExplorer(derivative.DerivativeState(**initial_state))


def gradient_flow_explorer(**initial_state) -> GradientFlowExplorer:
    """The gradient-flow explorer; keywords as :class:`~actlab.widgets.gradient_flow.GradientFlowState`."""
    return GradientFlowExplorer(gradient_flow.GradientFlowState(**initial_state))


def softmax_explorer(**initial_state) -> SoftmaxExplorer:
    """The softmax explorer; keywords as :class:`~actlab.widgets.softmax.SoftmaxState`."""
    return SoftmaxExplorer(softmax.SoftmaxState(**initial_state))


def training_playground(*, background: bool = True, device=None, **initial_state) -> TrainingPlayground:
    """The training playground; keywords as :class:`~actlab.widgets.playground.PlaygroundState`.

    ``background=False`` makes Train block until the run ends (for tests and scripts).
    """
    return TrainingPlayground(playground.PlaygroundState(**initial_state), background=background, device=device)
