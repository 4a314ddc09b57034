"""pytest settings for the library tests.

Every test in this directory runs with warnings turned into errors: the library promises
that no input, however extreme, makes NumPy warn (overflow, invalid, divide). Hypothesis
runs 25 examples per test, without deadline, derandomised (reproducible in CI).
Shared grids, tolerances and parameter cases live in ``actlab_cases.py``.
"""
from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("actlab", max_examples=25, deadline=None, derandomize=True,
                          database=None, print_blob=True)
settings.load_profile("actlab")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/lib" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.filterwarnings("error"))
