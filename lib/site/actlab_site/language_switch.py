"""A link on every page to the same page in the site's other editions (English ↔ 中文).

sphinx-book-theme has no language switcher (executablebooks/sphinx-book-theme#449). Each
edition is built on its own (``lib/site/build_book.py``) into its folder of
:data:`actlab_site.editions.EDITIONS`, with the same page names, so the same page of another
edition is a relative URL computed from the page name alone: from ``chapters/01_background.html``
of the English edition, ``../zh/chapters/01_background.html``; back, ``../../chapters/…``.

- :func:`add_edition_links` gives each page's template ``actlab_editions`` (read by
  ``templates/language-switch.html``, one of the article header's components in
  ``_config.yml``) and, in its ``<head>``, ``<link rel="alternate" hreflang>`` to the same page
  in every other edition;
- ``static/language-switch.css`` and ``.js`` (copied by :mod:`actlab_site.assets`) set the link
  beside the theme's buttons and make it keep the reader's place (section and explorer state);
- :func:`use_edition_texts` gives the edition its title and the search field's placeholder
  (which Jupyter Book sets in English) in its language.
"""
from __future__ import annotations

import html
from pathlib import PurePosixPath

from sphinx.application import Sphinx

from actlab_site.editions import EDITIONS, edition


def edition_links(target_uri: str, language: str) -> list[dict[str, str]]:
    """For the page at ``target_uri`` (``chapters/intro.html``) of the edition in ``language``,
    the same page in every other edition: ``{"href", "name", "lang"}`` with a relative href."""
    up = len(PurePosixPath(target_uri).parts) - 1 + len(PurePosixPath(edition(language).folder).parts)
    links = []
    for other in EDITIONS.values():
        if other.language != language:
            folder = f"{other.folder}/" if other.folder else ""
            links.append({"href": "../" * up + folder + target_uri, "name": other.name, "lang": other.html_lang})
    return links


def add_edition_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    links = edition_links(app.builder.get_target_uri(pagename), app.config.language)
    context["actlab_editions"] = links
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{link["lang"]}" href="{html.escape(link["href"])}">' for link in links)


def use_edition_texts(app: Sphinx, config) -> None:
    this = edition(config.language)
    if this.title is not None:
        config.html_title = this.title
    if this.search_bar_text is not None:
        config.html_theme_options = {**config.html_theme_options, "search_bar_text": this.search_bar_text}


def setup(app: Sphinx) -> None:
    app.connect("config-inited", use_edition_texts)
    app.add_css_file("offline/language-switch.css")
    app.add_js_file("offline/language-switch.js")
    app.connect("html-page-context", add_edition_links)
