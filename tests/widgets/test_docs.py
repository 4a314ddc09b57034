"""The examples in the explorers' docstrings run and print what they say."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["actlab.widgets", "actlab.widgets.derivative", "actlab.widgets.gradient_flow",
           "actlab.widgets.softmax", "actlab.widgets.playground", "actlab.widgets.views"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
