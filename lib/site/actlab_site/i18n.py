"""What the Chinese edition translates, and what it keeps from the English build.

Sphinx makes a message (a ``msgid`` of the catalogs under ``locales/``) of every paragraph,
title (admonition titles included), table cell, list item and image alt text. Two kinds of
node would be messages too, and must not be:

- **stored outputs** of notebook cells: one set of executed notebooks serves both editions,
  so a Markdown output (the tables that ``actlab.tables`` prints) is shown as computed; only
  the alt text of an output image is a message, since it states the figure's finding;
- **display math** (``$$ … $$``, ``{math}``): a formula reads the same in both languages, and
  a copy in every catalog could only drift from the source.

:class:`KeepUntranslated` marks both ``translatable = False`` before Sphinx's ``Locale``
transform (priority 20) replaces messages by their translations, and before the ``gettext``
builder extracts them from the saved doctrees, so neither reaches the catalogs. Inline math,
code spans, roles and links stay inside their paragraph's message (``locales/TRANSLATING.md``
says how a translation keeps them).
"""
from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

#: the class myst-nb gives the container of a code cell's outputs
CELL_OUTPUT = "cell_output"


def is_cell_output(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and CELL_OUTPUT in node.get("classes", ())


class KeepUntranslated(SphinxTransform):
    """Mark stored outputs (except image alt text) and display math as not translatable."""

    # after Sphinx's ExtraTranslatableNodes (10), before its Locale transform (20)
    default_priority = 15

    def apply(self, **kwargs) -> None:
        for math in self.document.findall(nodes.math_block):
            math["translatable"] = False
        for output in self.document.findall(is_cell_output):
            # an image is not a TextElement: its alt text stays a message
            for node in output.findall(nodes.TextElement):
                node["translatable"] = False


def setup(app: Sphinx) -> None:
    app.add_transform(KeepUntranslated)
