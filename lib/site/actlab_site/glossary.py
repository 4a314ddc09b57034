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

:func:`terms` reads the page's terms and their Chinese terms (each definition opens with
``**中文：** <term>``): the tests check the chapters' ``{term}`` links against it, and the Chinese
edition takes its terminology from it (:func:`terminology`: each term's Chinese forms, which the
catalogs' tests require of the translations and the Chinese search index knows as words).
"""
from __future__ import annotations

import re
from pathlib import Path

from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.domains.std import Glossary

PAGE = Path(__file__).resolve().parents[3] / "chapters" / "glossary.md"
#: the ``{glossary}`` directive of a page, fenced by backticks or colons
BLOCK = re.compile(r"^(?P<fence>`{3,}|:{3,})\{glossary\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                   re.MULTILINE | re.DOTALL)
#: the first line of every definition: the Chinese term (alternatives in full-width parentheses)
CHINESE = re.compile(r"^: \*\*中文：\*\* (?P<term>\S.*)$")
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


def terms(markdown: str) -> dict[str, str]:
    """Term → its Chinese term, from the one ``{glossary}`` of ``markdown`` (definition-list form).

    Raises ValueError if there is not exactly one glossary, or naming the term whose definition
    does not open with ``**中文：** <term>``.
    """
    blocks = BLOCK.findall(markdown)
    if len(blocks) != 1:
        raise ValueError(f"expected one {{glossary}} directive, found {len(blocks)}")
    lines = blocks[0][1].splitlines()
    found: dict[str, str] = {}
    for line, following in zip(lines, [*lines[1:], ""]):
        if line.strip() and not line[0].isspace() and not DEFINITION_MARKER.match(line):
            chinese = CHINESE.match(following)
            if chinese is None:
                raise ValueError(f"glossary term {line!r}: its definition does not open with '**中文：** <term>'")
            found[line.strip()] = chinese["term"].strip()
    return found


#: a Chinese term and its alternatives in full-width parentheses: 死亡神经元（死亡 ReLU）
ALTERNATIVES = re.compile(r"^(?P<primary>[^（]+?)\s*（(?P<others>[^）]+)）\s*$")


def chinese_forms(chinese: str) -> tuple[str, ...]:
    """The forms a translation may use for a term, from its ``**中文：**`` text: the primary
    form, then each alternative in the full-width parentheses (separated by 、 or ；)."""
    match = ALTERNATIVES.match(chinese.strip())
    if match is None:
        return (chinese.strip(),)
    return (match["primary"].strip(),
            *(form.strip() for form in re.split(r"[、；;]", match["others"]) if form.strip()))


def terminology(path: Path = PAGE) -> dict[str, tuple[str, ...]]:
    """English term → its Chinese forms (:func:`chinese_forms`), from the glossary page."""
    return {term: chinese_forms(chinese) for term, chinese in terms(path.read_text(encoding="utf-8")).items()}


class DefinitionListGlossary(Glossary):
    """Sphinx's ``glossary``, reading the MyST definition-list form of its body."""

    def run(self):
        self.content = sphinx_glossary_lines(self.content)
        return super().run()


def setup(app: Sphinx) -> None:
    # Sphinx looks a directive up in the standard domain before docutils' registry
    app.add_directive_to_domain("std", "glossary", DefinitionListGlossary, override=True)
