"""The editions of the site: English in the site's root, each translation in a folder of its own.

One place for the list and for what each edition says in its own language where the sources
cannot: ``lib/site/build_book.py`` builds each edition into its folder;
:mod:`actlab_site.language_switch` links every page to the same page of the other editions and
sets the edition's title and search placeholder; :mod:`actlab_site.accessibility` names the
sidebar's section toggles. The text of the pages comes from the catalogs under ``locales/``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    #: Sphinx's ``language`` code
    language: str
    #: the edition's folder under the site's root ("" for the root itself)
    folder: str
    #: the language's name in itself, the text of the link to this edition
    name: str
    #: the site's title (``html_title``); None keeps ``_config.yml``'s ``title``
    title: str | None
    #: the placeholder of the search field; None keeps the configured one (Jupyter Book's)
    search_bar_text: str | None
    #: the accessible name of a sidebar toggle that opens a chapter's sections (actlab_site.accessibility)
    sections_label: str

    @property
    def html_lang(self) -> str:
        """The BCP 47 tag, as in ``<html lang>``: zh_CN → zh-CN."""
        return self.language.replace("_", "-")


#: the language of the sources (Sphinx's ``language`` when none is given)
SOURCE_LANGUAGE = "en"
EDITIONS: dict[str, Edition] = {edition.language: edition for edition in (
    Edition(SOURCE_LANGUAGE, "", "English", None, None, "Sections of {title}"),
    Edition("zh_CN", "zh", "中文", "动手学激活函数", "搜索本书……", "{title}的各节"),
)}


def edition(language: str) -> Edition:
    """The edition in ``language``; ValueError naming the editions if there is none."""
    try:
        return EDITIONS[language]
    except KeyError:
        raise ValueError(f"no edition in language {language!r}; the editions are {sorted(EDITIONS)}") from None
