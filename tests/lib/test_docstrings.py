"""The public functions of the backends are named, documented from the catalog, and their examples run."""
from __future__ import annotations

import doctest
import importlib
import inspect
import re

import pytest

import actlab
from actlab_cases import BACKENDS

#: the library modules whose docstrings hold examples
LIBRARY_MODULES = ("actlab", "actlab.validate", "actlab.numpy", "actlab.torch", "actlab.tensorflow",
                   "actlab.mlp", "actlab.data", "actlab.gallery", "actlab.train", "actlab.train.report", "actlab.train.torch_loops")


@pytest.mark.parametrize("module_name", LIBRARY_MODULES)
def test_doctests_pass(module_name):
    """Every example in the docstrings runs and prints what it says (values rounded: the same on any CPU)."""
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.attempted > 0, f"{module_name} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {module_name}"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", actlab.names())
def test_each_activation_is_a_named_function_with_a_full_docstring(backend, name):
    module = BACKENDS[backend]
    source = inspect.getsource(module)
    assert re.search(rf"^def {name}\(", source, re.M), f"actlab.{backend}.{name} is not written as a named def"
    record = actlab.spec(name)
    fn = getattr(module, name)
    doc = fn.__doc__
    assert record.formula in doc, "formula"
    if record.paper is not None:
        assert str(record.paper) in doc, "reference"
    for key, default in record.params.items():
        assert re.search(rf"{key}: .*Defaults to {default:g}", doc), f"{key} and its default"
        assert inspect.signature(fn).parameters[key].default == default
    assert ">>> " in doc, "an example"
    assert fn([0.5, -1.0]) is not None  # parameters left out take the catalog's defaults


def test_backends_declare_no_defaults_of_their_own():
    """The defaults live in the catalog only: no backend source writes one into a signature."""
    for backend, module in BACKENDS.items():
        signatures = re.findall(r"^def \w+\(.*?\)", inspect.getsource(module), re.M | re.S)
        for key in actlab.catalog.parameters():
            for signature in signatures:
                assert not re.search(rf"\b{key}\s*(:\s*\w+\s*)?=", signature), f"{backend}: {signature}"
