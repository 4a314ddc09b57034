"""The catalogs' tests import ``catalog_checks`` (next to this file) and ``actlab_site`` (the
glossary's reader, under ``lib/site``)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "lib" / "site"))

import pytest

_COUNTS = pytest.StashKey[dict]()


def pytest_configure(config):
    config.stash[_COUNTS] = {}


@pytest.fixture
def translation_counts(pytestconfig) -> dict:
    """catalog → (messages, [(state, msgid) untranslated or fuzzy]), printed at the end."""
    return pytestconfig.stash[_COUNTS]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    counts = config.stash.get(_COUNTS, {})
    if not counts:
        return
    terminalreporter.section("translations")
    total = untranslated = fuzzy = 0
    for catalog, (size, problems) in sorted(counts.items()):
        u = sum(state == "untranslated" for state, _ in problems)
        f = sum(state == "fuzzy" for state, _ in problems)
        total, untranslated, fuzzy = total + size, untranslated + u, fuzzy + f
        terminalreporter.write_line(f"{catalog:<50} {size:5d} messages {size - u - f:5d} translated "
                                    f"{u:5d} untranslated {f:4d} fuzzy")
    terminalreporter.write_line(f"{'total':<50} {total:5d} messages {total - untranslated - fuzzy:5d} translated "
                                f"{untranslated:5d} untranslated {fuzzy:4d} fuzzy")
