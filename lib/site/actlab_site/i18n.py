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

The parts of the table of contents (``_toc.yml``'s captions: Foundations, Practice, …) are
messages of the root page's catalog, but sphinx-external-toc inserts their toctrees at priority
100, after ``Locale`` has translated the page: :class:`TranslateTocCaptions` translates them.

Chinese search: Sphinx indexes a Chinese page with jieba's word segmentation and looks a query
up as whole words. jieba's dictionary splits 梯度消失 into 梯度 and 消失, so a search for the
term would find nothing; :func:`teach_search_the_terms` gives jieba every Chinese form of the
glossary's terms (``actlab_site.glossary.terminology``) before the pages are indexed.
"""
from __future__ import annotations

import logging
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util import logging as sphinx_logging

from actlab_site.glossary import terminology

logger = sphinx_logging.getLogger(__name__)

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


class TranslateTocCaptions(SphinxTransform):
    """Translate the captions of the toctrees that sphinx-external-toc inserted into a page."""

    # after sphinx_external_toc's InsertToctrees (100)
    default_priority = 101

    def apply(self, **kwargs) -> None:
        toctrees = [node for node in self.document.findall(addnodes.toctree) if node.get("caption")]
        if not toctrees or self.config.language in (None, "", "en"):
            return
        dirs = [str(Path(self.env.srcdir) / folder) for folder in self.config.locale_dirs]
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        catalog, found = init_locale(dirs, self.config.language, domain)
        if found:
            for node in toctrees:
                node["caption"] = catalog.gettext(node.get("rawcaption") or node["caption"])


def teach_search_the_terms(app: Sphinx) -> None:
    if app.builder.format != "html" or not app.config.language.startswith("zh"):
        return
    try:
        import jieba
    except ImportError:
        logger.warning("actlab_site: jieba is not installed, so the Chinese search index has no "
                       "Chinese words (pip install -c constraints.txt jieba)")
        return
    jieba.setLogLevel(logging.WARNING)
    for forms in terminology().values():
        for form in forms:
            jieba.add_word(form)


def setup(app: Sphinx) -> None:
    app.add_transform(KeepUntranslated)
    app.add_transform(TranslateTocCaptions)
    app.connect("builder-inited", teach_search_the_terms)
