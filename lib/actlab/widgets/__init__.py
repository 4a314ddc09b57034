"""The explorers: interactive widgets for derivatives, gradient flow, softmax and training.

Each explorer is a pure logic module — a state dataclass that validates what the reader
chose, and ``compute(state)`` returning plain numbers and arrays — plus a thin
ipywidgets view that draws ``compute``'s result with matplotlib:

==========================  ===============================  ====================================
view (returns a widget)     logic                            shows
==========================  ===============================  ====================================
``derivative_explorer``     :mod:`~actlab.widgets.derivative`     f, f′, tangent, f′(x₀) four ways
``gradient_flow_explorer``  :mod:`~actlab.widgets.gradient_flow`  ‖∂L/∂W_l‖ per layer, log scale
``softmax_explorer``        :mod:`~actlab.widgets.softmax`        p, Jacobian, cross-entropy gradient
``training_playground``     :mod:`~actlab.widgets.playground`     live loss curve and fit of x·sin(x)
==========================  ===============================  ====================================

The views import ipywidgets on first use, so the logic runs (and is tested) without
it. On the published site, where no kernel runs, the same explorers run in the browser
(``chapters/_static/explorers/explorers.js``) on data that :mod:`actlab.widgets.export`
computes with these modules at build time.

>>> from actlab.widgets import derivative_explorer
>>> explorer = derivative_explorer(activation="sigmoid", x0=6.0, frameworks=False)
>>> round(explorer.result["at_x0"]["analytic"], 5)
0.00247
"""
from __future__ import annotations

VIEWS = ("derivative_explorer", "gradient_flow_explorer", "softmax_explorer", "training_playground")

__all__ = list(VIEWS)


def __getattr__(name: str):
    if name in VIEWS:
        from actlab.widgets import views

        return getattr(views, name)
    raise AttributeError(f"module 'actlab.widgets' has no attribute {name!r}")
