"""What the three backends share: the table of their public functions, checked against the
catalog, with the catalog's parameter defaults filled in, and the ``get(name, **params)`` /
``grad(name, **params)`` lookups built on it.

A backend writes each activation as a named function whose parameters have **no defaults**
(``def leaky_relu(x, *, negative_slope)``) and registers it with :meth:`Backend.forward`; the
registered function fills the parameters the caller leaves out from the catalog, shows them
with their defaults in its signature, and carries a docstring whose formula, arguments and
reference come from the catalog record, followed by the backend's own text (which built-in it
calls, a doctest example).
"""
from __future__ import annotations

import functools
import inspect
from typing import Callable

from actlab import catalog
from actlab.validate import activation_params, elementwise_activation

Fn = Callable[..., object]
#: how a backend calls its raw function: ``call(raw, name, x, *args, **params)``
Call = Callable[..., object]


def catalog_docstring(record: catalog.Activation) -> str:
    """Formula, arguments with their defaults and the reference of ``record``, in Keras's style."""
    lines = [f"{record.title}: ${record.formula}$.", ""]
    if record.parameters:
        lines.append("Args:")
        lines.append("    x: input tensor or array-like (integers promote to float64).")
        lines += [f"    {p.name}: {p.doc}. Defaults to {p.default:g} (PyTorch's)." for p in record.parameters]
        lines.append("")
    if record.paper is not None:
        lines += [f"Reference: {record.paper}", ""]
    return "\n".join(lines) + "\n"


def show(y) -> None:
    """Print a backend's result rounded to 4 decimals, the same on every CPU (for the examples)."""
    import numpy as np

    values = y.numpy() if hasattr(y, "numpy") else np.asarray(y)
    print(np.round(values, 4) + 0.0)  # + 0.0 turns -0.0 into 0.0


def _signature(raw: Fn, record: catalog.Activation) -> inspect.Signature:
    """``raw``'s signature with the catalog's defaults on its keyword parameters."""
    defaults = record.params
    return inspect.signature(raw).replace(parameters=[
        p.replace(default=defaults[p.name]) if p.name in defaults else p
        for p in inspect.signature(raw).parameters.values()])


def converting(as_input: Callable[[str, object], object]) -> Call:
    """The ``call`` of a framework backend: convert the input with ``as_input`` (which names the
    function in its errors), then run the framework's built-in on it."""
    def call(raw: Fn, fname: str, x, *args, **params):
        return raw(as_input(fname, x), *args, **params)
    return call


class Backend:
    """The public functions of one backend, keyed by catalog name.

    ``call(raw, name, x, *args, **params)`` converts the input (naming the function in its
    errors), runs ``raw`` and converts the result back; ``differentiate(forward, x, **params)``
    gives f'(x) of an elementwise forward function by the framework's autograd (``None`` for a
    backend whose derivatives are written by hand).
    """

    def __init__(self, label: str, call: Call, non_elementwise_hint: str,
                 differentiate: Callable[..., object] | None = None):
        self.label = label
        self.call = call
        self.hint = non_elementwise_hint
        self.differentiate = differentiate
        self.forwards: dict[str, Fn] = {}
        self.derivatives: dict[str, Fn] = {}

    def _public(self, raw: Fn, name: str, fname: str, table: dict[str, Fn], heading: str) -> Fn:
        record = catalog.spec(name)
        defaults = dict(record.params)

        @functools.wraps(raw)
        def public(x, *args, **params):
            if params:
                activation_params(fname, name, params)
            return self.call(raw, fname, x, *args, **{**defaults, **params})

        public.__signature__ = _signature(raw, record)
        public.__doc__ = heading + inspect.cleandoc(raw.__doc__ or "")
        table[name] = public
        return public

    def forward(self, raw: Fn) -> Fn:
        """Register ``raw`` as the forward function of the catalog activation of its name."""
        return self._public(raw, raw.__name__, raw.__name__, self.forwards,
                            catalog_docstring(catalog.spec(raw.__name__)))

    def derivative(self, name: str) -> Callable[[Fn], Fn]:
        """Register the decorated function as the hand-written derivative of ``name``."""
        def register(raw: Fn) -> Fn:
            record = catalog.spec(name)
            return self._public(raw, name, f"{name}_grad", self.derivatives,
                                f"Derivative of {record.title}: ${record.derivative}$.\n\n")
        return register

    def autograd(self, forward: Fn) -> Fn:
        """``<name>_grad``: the derivative of the registered ``forward`` by the framework's autograd."""
        name = forward.__name__

        def derivative(x, **params):
            return self.differentiate(forward, x, **params)

        derivative.__name__ = derivative.__qualname__ = f"{name}_grad"
        derivative.__doc__ = (f"Derivative of {catalog.spec(name).title} by {self.label} autograd "
                              f"(the NumPy backend has the analytic one); same parameters as ``{name}``.")
        derivative.__signature__ = forward.__signature__
        self.derivatives[name] = derivative
        return derivative

    def names(self) -> list[str]:
        """The public module-level names: ``relu``, ``relu_grad``, … for every catalog entry."""
        return [*self.forwards, *(f"{name}_grad" for name in self.derivatives)]

    def lookups(self) -> tuple[Callable[..., Fn], Callable[..., Fn]]:
        """``get`` and ``grad``, after checking that the backend covers exactly the catalog."""
        elementwise = set(catalog.names(elementwise=True))
        if set(self.forwards) != set(catalog.CATALOG) or set(self.derivatives) != elementwise:
            raise ImportError(f"actlab.{self.label} is out of sync with the catalog: forward "
                              f"{sorted(set(catalog.CATALOG) ^ set(self.forwards))}, "
                              f"derivative {sorted(elementwise ^ set(self.derivatives))}")
        forwards, derivatives, hint = self.forwards, self.derivatives, self.hint

        def get(name: str, **params) -> Fn:
            activation_params("get", catalog.spec(name).name, params)
            return functools.partial(forwards[name], **params) if params else forwards[name]

        def grad(name: str, **params) -> Fn:
            elementwise_activation("grad", catalog.spec(name).name, hint=hint)
            activation_params("grad", name, params)
            return functools.partial(derivatives[name], **params) if params else derivatives[name]

        get.__doc__ = (f"The {self.label} forward function of catalog activation ``name``, with "
                       "``params`` bound if given (the others take the catalog's defaults).")
        grad.__doc__ = (f"The elementwise derivative f'(x) of ``name`` in {self.label}; ``ValueError`` "
                        "for the softmax family, which has a Jacobian instead.")
        return get, grad
