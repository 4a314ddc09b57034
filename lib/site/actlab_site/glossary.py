"""A ``glossary`` directive that reads the definition-list form both renderers understand.

The course's glossary (``chapters/glossary.md``) must render on the site (Sphinx) and in
JupyterLab (jupyterlab-myst). The two parse the body of ``{glossary}`` differently:

- mystmd, inside jupyterlab-myst, requires a MyST definition list (its rule
  ``glossary-uses-definition-list``)::

      activation function
      : **中文：** 激活函数

        The function applied elementwise to a layer's pre-activation …

- Sphinx's ``glossary`` reads its own format: a term line, then the definition *indented*;
  given the form above it takes ``: **中文：** …`` for a second term.

This module overrides Sphinx's directive with a subclass that first turns each definition
marker (a line starting with ``": "``) into the indentation Sphinx expects, so the page is
written once, in the definition-list form, and both renderers show the same glossary (terms
with the anchors ``#term-<term>`` that ``{term}`` links to).
"""
from __future__ import annotations

import re

from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.domains.std import Glossary

#: a MyST definition marker: a colon (or tilde) at the start of the line, then a space
DEFINITION_MARKER = re.compile(r"^[:~][ \t]")


def sphinx_glossary_lines(lines: StringList) -> StringList:
    """``lines`` with each definition marker ``": "`` replaced by two spaces of indentation.

    Continuation lines of a definition are already indented by two spaces in the
    definition-list form, so after the replacement every line of a definition shares one
    indentation, as Sphinx's glossary requires; term lines are left as they are.
    """
    converted = StringList()
    for line, (source, offset) in zip(lines, lines.items):
        converted.append(DEFINITION_MARKER.sub("  ", line), source, offset)
    return converted


class DefinitionListGlossary(Glossary):
    """Sphinx's ``glossary``, reading the MyST definition-list form of its body."""

    def run(self):
        self.content = sphinx_glossary_lines(self.content)
        return super().run()


def setup(app: Sphinx) -> None:
    # Sphinx looks a directive up in the standard domain before docutils' registry
    app.add_directive_to_domain("std", "glossary", DefinitionListGlossary, override=True)
