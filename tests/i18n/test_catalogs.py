"""The translations under ``locales/`` against the English sources: complete (nothing
untranslated or fuzzy), faithful to each message's markup, in the glossary's terms, and up to
date with the sources. One test per catalog, so ``pytest tests/i18n -k 01_background`` checks
one page; the terminal summary prints the counts of every catalog (``catalog_checks`` holds the
checks, ``test_catalog_checks.py`` proves them on made-up catalogs)."""
from __future__ import annotations

from pathlib import Path

import pytest

from catalog_checks import (CITED_AS_PUBLISHED, LOCALES, SHOWN, catalog_names, incomplete,
                            markup_problems, messages, read_catalog, shorten,
                            terminology_problems, catalog_drift)
from actlab_site.glossary import terminology  # lib/site, on the path by conftest.py
from build_book import build

LANGUAGES = sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES").is_dir())
CATALOGS = [(language, name) for language in LANGUAGES
            for name in catalog_names(LOCALES / language / "LC_MESSAGES")]
IDS = [f"{language}/{name}" for language, name in CATALOGS]


def catalog_path(language: str, name: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{name}.po"


def listing(problems: list[tuple[str, str]]) -> str:
    shown = "".join(f"\n  {what}: {shorten(msgid)}" for what, msgid in problems[:SHOWN])
    more = f"\n  … and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return shown + more


def test_there_are_catalogs():
    assert CATALOGS, f"no catalogs under {LOCALES}: run make translations"


@pytest.mark.parametrize("language, name", CATALOGS, ids=IDS)
def test_every_message_is_translated(language, name, translation_counts):
    catalog = read_catalog(catalog_path(language, name))
    problems = incomplete(catalog)
    translation_counts[f"{language}/{name}"] = (len(messages(catalog)), problems)
    assert not problems, (f"{language}/{name}.po: {len(problems)} of {len(messages(catalog))} messages "
                          f"untranslated or fuzzy (locales/TRANSLATING.md):{listing(problems)}")


@pytest.mark.parametrize("language, name", CATALOGS, ids=IDS)
def test_translations_keep_the_markup(language, name):
    problems = [(f"{'; '.join(found)} in", m.id) for m in messages(read_catalog(catalog_path(language, name)))
                if m.string and not m.fuzzy and (found := markup_problems(m.id, m.string))]
    assert not problems, (f"{language}/{name}.po: {len(problems)} translations change their message's "
                          f"roles, math, links or code (locales/TRANSLATING.md, rules 1-5):{listing(problems)}")


@pytest.fixture(scope="module")
def glossary():
    return terminology()


@pytest.mark.parametrize("language, name", CATALOGS, ids=IDS)
def test_translations_use_the_glossary_terms(language, name, glossary):
    if name in CITED_AS_PUBLISHED:
        pytest.skip(f"{name}: titles are cited as published")
    problems = [("; ".join(found) + " in", m.id) for m in messages(read_catalog(catalog_path(language, name)))
                if m.string and not m.fuzzy and (found := terminology_problems(m.id, m.string, glossary))]
    assert not problems, (f"{language}/{name}.po: {len(problems)} translations miss a glossary term's "
                          f"Chinese form (chapters/glossary.md, locales/TRANSLATING.md rule 6):{listing(problems)}")


def test_catalogs_hold_the_messages_of_the_sources(tmp_path):
    """Extract the messages afresh (as ``make translations`` does) and compare the msgids."""
    assert build("gettext", build_dir=tmp_path, quiet=True) == 0, "the gettext build failed (warnings are errors)"
    pot_dir = tmp_path / "gettext"
    templates = {}
    for pot in pot_dir.rglob("*.pot"):
        templates[str(pot.relative_to(pot_dir).with_suffix(""))] = {m.id for m in messages(read_catalog(pot))}
    for language in LANGUAGES:
        catalogs = {name: {m.id for m in messages(read_catalog(catalog_path(language, name)))}
                    for name in catalog_names(LOCALES / language / "LC_MESSAGES")}
        problems = catalog_drift(templates, catalogs)
        assert not problems, (f"locales/{language} is not up to date with the English sources: run "
                              "make translations, then translate what it adds\n" + "\n".join(problems))
