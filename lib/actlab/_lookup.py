"""What the three backends share: name → function tables checked against the catalog, and
the ``get(name, **params)`` / ``grad(name, **params)`` lookups built on them."""
from __future__ import annotations

import functools
from typing import Callable, Mapping

from actlab import catalog
from actlab._checks import check_params

Fn = Callable[..., object]


def wrap_builtins(builtins: Mapping[str, Fn], as_tensor: Callable[[str, object], object],
                  describe: Callable[[catalog.Activation], str]) -> dict[str, Fn]:
    """One public function per catalog name: convert the input with ``as_tensor`` (which names
    the function in its errors), then call the framework's built-in."""
    def public(name: str) -> Fn:
        builtin = builtins[name]

        def activation(x, *args, **params):
            return builtin(as_tensor(name, x), *args, **params)

        record = catalog.spec(name)
        activation.__name__ = activation.__qualname__ = name
        activation.__doc__ = f"{record.title}: ${record.formula}$ ({describe(record)})."
        return activation

    return {name: public(name) for name in catalog.names()}


def exports(forward: Mapping[str, Fn], derivative: Mapping[str, Fn]) -> dict[str, Fn]:
    """The module-level names of a backend: ``relu``, ``relu_grad``, … for every catalog entry."""
    return {**forward, **{f"{name}_grad": fn for name, fn in derivative.items()}}


def lookups(forward: Mapping[str, Fn], derivative: Mapping[str, Fn], backend: str,
            non_elementwise_hint: str) -> tuple[Callable[..., Fn], Callable[..., Fn]]:
    """``get`` and ``grad`` for a backend, after checking its tables cover exactly the catalog.

    ``non_elementwise_hint`` tells the reader of ``grad("softmax")``'s error what to use instead.
    """
    elementwise = set(catalog.names(elementwise=True))
    if set(forward) != set(catalog.CATALOG) or set(derivative) != elementwise:
        raise ImportError(f"actlab.{backend} is out of sync with the catalog: forward "
                          f"{sorted(set(catalog.CATALOG) ^ set(forward))}, "
                          f"derivative {sorted(elementwise ^ set(derivative))}")

    def get(name: str, **params) -> Fn:
        check_params(name, params)
        return functools.partial(forward[name], **params) if params else forward[name]

    def grad(name: str, **params) -> Fn:
        if not catalog.spec(name).elementwise:
            raise ValueError(f"{name} is not elementwise, so it has no elementwise derivative; "
                             f"{non_elementwise_hint}")
        check_params(name, params)
        return functools.partial(derivative[name], **params) if params else derivative[name]

    get.__doc__ = f"The {backend} forward function of catalog activation ``name``, with ``params`` bound if given."
    grad.__doc__ = (f"The elementwise derivative f'(x) of ``name`` in {backend}; ``ValueError`` for "
                    "the softmax family, which has a Jacobian instead.")
    return get, grad
