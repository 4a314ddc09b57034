"""Accessibility fixes for what the theme and docutils put on every page (the axe-core audit in
``tests/site/test_accessibility.py`` finds each of them when it is missing):

- ``templates/``: three pydata-sphinx-theme 0.17's components, overridden.
  The search button and the colour-mode switch carry an ``aria-label`` that differs from
  their visible text (axe ``label-content-name-mismatch``): the search button is named by its
  text ("Search Ctrl+K"), and the colour-mode icons lose the ``title`` that FontAwesome turns
  into text. The logo link of the primary sidebar lies outside every landmark (axe
  ``region``): it is wrapped in a ``<nav>`` named "Home".
- :data:`BODY_FIXES`, applied to each page's body: docutils 0.21 writes each bibliography
  entry as ``role="doc-biblioentry"`` inside a ``role="list"``, a role that is deprecated
  (ARIA 1.3) where a list must own list items (axe ``aria-deprecated-role``,
  ``aria-allowed-role``, ``aria-required-children``); and myst-nb names the toggle of a hidden
  code cell "Toggle hidden content" while it reads "Show code cell source" (axe
  ``label-content-name-mismatch``): its visible text names it instead.
- :func:`label_section_toggles`, applied to the theme's sidebar navigation: a chapter with
  sections (chapter 6 and its 6b) gets a ``<details>`` toggle whose ``<summary>`` holds only a
  chevron icon (axe ``summary-name``): it is named "Sections of" the chapter's title, in the
  edition's language (:class:`actlab_site.editions.Edition`'s ``sections_label``).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from sphinx.application import Sphinx

from actlab_site.editions import edition

TEMPLATES = Path(__file__).parent / "templates"


def use_templates(app: Sphinx, config) -> None:
    """Put our component overrides before the theme's."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]


#: (what docutils or myst-nb write, what the page gets instead)
BODY_FIXES = (
    ('role="doc-biblioentry"', 'role="listitem"'),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
)


def fix_body(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if body:
        for old, new in BODY_FIXES:
            body = body.replace(old, new)
        context["body"] = body


#: a sidebar entry with sections: its link, then the toggle that opens its sections
_SECTION_TOGGLE = re.compile(r'(<a class="[^"]*" href="[^"]*">(.*?)</a><details(?: open="open")?>)<summary>')


def label_section_toggles(nav_html: str, label: str) -> str:
    """Name each section toggle of the sidebar after the chapter it opens (``label``'s {title})."""
    def labelled(match: re.Match) -> str:
        title = html.escape(html.unescape(re.sub(r"<[^>]+>", "", match.group(2))), quote=True)
        return f'{match.group(1)}<summary aria-label="{label.format(title=title)}">'
    return _SECTION_TOGGLE.sub(labelled, nav_html)


def fix_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Wrap the theme's ``generate_toctree_html`` (set by its own handler, which runs first; it
    returns a BeautifulSoup tree, which the template renders as its text)."""
    generate = context.get("generate_toctree_html")
    label = edition(app.config.language).sections_label
    if generate is not None:
        context["generate_toctree_html"] = lambda *args, **kwargs: label_section_toggles(
            str(generate(*args, **kwargs)), label)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", use_templates)
    app.connect("html-page-context", fix_body)
    app.connect("html-page-context", fix_sidebar, priority=900)
