"""Framework tabs: consecutive notebook cells tagged ``tab-numpy``, ``tab-pytorch``,
``tab-tensorflow`` become one tab set labelled "NumPy · PyTorch · TensorFlow".

In JupyterLab the cells stay consecutive cells (README, "Contributing"). On the site, after a
notebook is parsed (``doctree-read``), every run of sibling MyST-NB code-cell containers
carrying those tags (MyST-NB adds the class ``tag_<tag>``) is wrapped into sphinx-design's
``tab-set`` / ``tab-item`` components, which sphinx-design's own HTML post-transform renders.
Every tab carries the sync group ``framework`` and the framework's sync id, so choosing
PyTorch in one tab set switches every tab set on the page, and sphinx-design remembers the
choice for the next page (``:sync:`` of its ``tab-item`` directive).

A run must name each framework at most once, in the order above, and hold at least two
cells (``tests/test_notebook_rules.py`` checks the same on the notebooks); otherwise the
build warns, which fails the ``-W`` build, and leaves the cells untabbed.
"""
from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx_design.shared import create_component

logger = logging.getLogger(__name__)

#: cell tag → (tab label, sync id), in the required order
FRAMEWORKS: dict[str, tuple[str, str]] = {
    "tab-numpy": ("NumPy", "numpy"),
    "tab-pytorch": ("PyTorch", "pytorch"),
    "tab-tensorflow": ("TensorFlow", "tensorflow"),
}
SYNC_GROUP = "framework"
TAB_SET_CLASS = "framework-tabs"


def framework_tag(node: nodes.Node) -> str | None:
    """The framework tag of a MyST-NB code cell container, or None for any other node."""
    if not (isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"):
        return None
    return next((tag for tag in FRAMEWORKS if f"tag_{tag}" in node["classes"]), None)


def _tab_item(cell: nodes.container, tag: str) -> nodes.container:
    label, sync_id = FRAMEWORKS[tag]
    rubric = nodes.rubric(label, label, classes=["sd-tab-label"], sync_group=SYNC_GROUP, sync_id=sync_id)
    content = create_component("tab-content", classes=["sd-tab-content"], children=[cell])
    return create_component("tab-item", classes=["sd-tab-item"], children=[rubric, content])


def _tab_set(run: list[tuple[nodes.container, str]]) -> nodes.container:
    tab_set = create_component("tab-set", classes=["sd-tab-set", TAB_SET_CLASS],
                               children=[_tab_item(cell, tag) for cell, tag in run])
    tab_set.source, tab_set.line = run[0][0].source, run[0][0].line
    return tab_set


def _is_valid(tags: list[str]) -> bool:
    order = [list(FRAMEWORKS).index(tag) for tag in tags]
    return len(order) >= 2 and order == sorted(set(order))


def _runs(parent: nodes.Element) -> list[list[tuple[nodes.container, str]]]:
    """Maximal runs of consecutive framework-tagged cells among ``parent``'s children."""
    runs: list[list[tuple[nodes.container, str]]] = []
    current: list[tuple[nodes.container, str]] = []
    for child in [*parent.children, None]:
        tag = framework_tag(child) if child is not None else None
        if tag is not None:
            current.append((child, tag))
        elif current:
            runs.append(current)
            current = []
    return runs


def wrap_framework_tabs(app: Sphinx, doctree: nodes.document) -> None:
    parents = {id(cell.parent): cell.parent for cell in doctree.findall(framework_tag)}
    for parent in parents.values():
        for run in _runs(parent):
            tags = [tag for _, tag in run]
            if not _is_valid(tags):
                logger.warning("framework tab cells %s must be consecutive, in the order %s, "
                               "at least two", tags, list(FRAMEWORKS),
                               location=run[0][0], type="actlab", subtype="framework_tabs")
                continue
            first = parent.index(run[0][0])
            tab_set = _tab_set(run)
            parent[first:first + len(run)] = [tab_set]


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx_design")
    app.connect("doctree-read", wrap_framework_tabs)
