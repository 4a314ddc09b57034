"""The framework-tabs transform of lib/site/actlab_site on hand-made doctrees (no build):
which cells become one tab set, and which are left alone with a warning."""
from __future__ import annotations

import sys

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

import built_site as bs

sys.path.insert(0, str(bs.ROOT / "lib" / "site"))  # as _config.yml's local_extensions does
from actlab_site import framework_tabs  # noqa: E402


def cell(*tags: str) -> nodes.container:
    return nodes.container(nb_element="cell_code", classes=["cell", *(f"tag_{t}" for t in tags)])


def section_of(*children: nodes.Node) -> tuple[nodes.document, nodes.section]:
    document = new_document("test", get_default_settings(Parser))
    section = nodes.section()
    section.extend(children)
    document += section
    return document, section


def tab_sets(section: nodes.section) -> list[nodes.container]:
    return [child for child in section.children if child.get("design_component") == "tab-set"]


def labels(tab_set: nodes.container) -> list[tuple[str, str]]:
    return [(item[0].astext(), item[0]["sync_id"]) for item in tab_set.children]


def test_consecutive_tagged_cells_become_one_synced_tab_set():
    document, section = section_of(
        nodes.paragraph(text="before"), cell("tab-numpy"), cell("tab-pytorch"), cell("tab-tensorflow"),
        nodes.paragraph(text="between"), cell("tab-numpy"), cell("tab-tensorflow"), cell())
    framework_tabs.wrap_framework_tabs(None, document)
    sets = tab_sets(section)
    assert [labels(s) for s in sets] == [
        [("NumPy", "numpy"), ("PyTorch", "pytorch"), ("TensorFlow", "tensorflow")],
        [("NumPy", "numpy"), ("TensorFlow", "tensorflow")],
    ]
    assert all(item[0]["sync_group"] == "framework" for s in sets for item in s.children)
    assert [type(c).__name__ for c in section.children] == ["paragraph", "container", "paragraph",
                                                             "container", "container"]
    assert section.children[-1]["classes"] == ["cell"], "an untagged cell stays as it was"


@pytest.mark.parametrize("tags", [["tab-pytorch", "tab-numpy"], ["tab-numpy", "tab-numpy"], ["tab-numpy"]],
                         ids=["out of order", "repeated", "alone"])
def test_an_invalid_run_is_left_alone(tags):
    document, section = section_of(*(cell(tag) for tag in tags))
    framework_tabs.wrap_framework_tabs(None, document)
    assert not tab_sets(section) and len(section.children) == len(tags)
