"""The Chinese edition (``_build/html/zh``), beside the English one: the same pages, each marked
with its language, each linked to the same page in the other language; a Chinese search that
finds the glossary's terms; screenshots of three Chinese pages. The checks every page gets (no
console error, math typeset, images, accessibility, links, self-containment) run on the Chinese
pages too, since they are pages of the site (``built_site.content_pages``); the explorers'
tests drive one page of each edition (``test_explorers_browser.py``).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import built_site as bs
from actlab_site.editions import EDITIONS, SOURCE_LANGUAGE

ENGLISH = EDITIONS[SOURCE_LANGUAGE]
SWITCH = "a.actlab-language-switch"
#: (name of the screenshot site-zh-NAME.png, English page, what to show: a CSS selector or None)
SCREENSHOTS = [("intro", "chapters/intro.html", None),
               ("04_math_derivations", "chapters/04_math_derivations.html", "mjx-container"),
               ("05_code_walkthrough", "chapters/05_code_walkthrough.html", ".actlab-explorer")]
#: queries a reader types, each a term of the glossary's Chinese column
CHINESE_QUERIES = ["梯度消失", "激活函数"]


def english_pages(site_dir) -> list[str]:
    return [p for p in bs.content_pages(site_dir) if bs.edition_of(p) == ENGLISH]


def reader_pages(site_dir) -> list[str]:
    """The content pages of both editions but the index.html that only redirects to the first."""
    return [p for p in bs.content_pages(site_dir)
            if not bs.soup(site_dir / p).find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)})]


@pytest.mark.parametrize("edition", bs.TRANSLATIONS, ids=lambda e: e.language)
def test_every_page_is_in_every_edition(site_dir, site_report, edition):
    english = set(english_pages(site_dir))
    translated = {p for p in bs.content_pages(site_dir) if bs.edition_of(p) == edition}
    site_report.append(f"{edition.language} edition: {len(translated)} pages (English: {len(english)})")
    assert translated == {bs.in_edition(p, edition) for p in english}, (
        f"pages only in English: {sorted(p for p in english if bs.in_edition(p, edition) not in translated)}; "
        f"only in {edition.language}: {sorted(translated - {bs.in_edition(p, edition) for p in english})}")


def test_every_page_declares_its_language(site_dir):
    wrong = [f"{p}: lang={bs.soup(site_dir / p).html.get('lang')!r}, not {bs.edition_of(p).html_lang!r}"
             for p in reader_pages(site_dir) if bs.soup(site_dir / p).html.get("lang") != bs.edition_of(p).html_lang]
    assert not wrong, "pages whose <html lang> is not their edition's:\n  " + "\n  ".join(wrong[:10])


def test_every_page_links_the_same_page_in_the_other_editions(site_dir):
    wrong = []
    for path in reader_pages(site_dir):
        here = bs.edition_of(path)
        english = path.removeprefix(f"{here.folder}/") if here.folder else path
        links = {a["hreflang"]: a for a in bs.soup(site_dir / path).select(SWITCH)}
        for other in EDITIONS.values():
            if other == here:
                continue
            link = links.pop(other.html_lang, None)
            target = bs.resolve(site_dir, path, link["href"])[0] if link else None
            if target != site_dir / bs.in_edition(english, other):
                wrong.append(f"{path}: the {other.name} link leads to {target}")
            elif link.get("lang") != other.html_lang or link.get_text(strip=True) != other.name:
                wrong.append(f"{path}: the link to {other.name} is not named {other.name!r} in lang={other.html_lang}")
        wrong += [f"{path}: a language link to its own edition ({lang})" for lang in links]
    assert not wrong, "language switches that miss their page:\n  " + "\n  ".join(wrong[:10])


@pytest.mark.parametrize("edition", bs.TRANSLATIONS, ids=lambda e: e.language)
def test_the_language_switch_goes_there_and_back_keeping_the_place(page, site_dir, edition):
    """To the same page, the same section (#id) and the same explorer state (?query)."""
    path = "chapters/05_code_walkthrough.html"
    section = bs.soup(site_dir / path).select("section[id]")[-1]["id"]
    assert bs.soup(site_dir / bs.in_edition(path, edition)).find(id=section), f"{edition.language} lacks #{section}"
    page.open(f"{path}?playground=width:8#{section}")  # the explorer completes the state in the URL
    for there in (edition, ENGLISH):
        page.locator(f'{SWITCH}[hreflang="{there.html_lang}"]').click()
        page.wait_for_url(page.url_of(bs.in_edition(path, there)) + f"?playground=*#{section}")
        expect(page.locator("html")).to_have_attribute("lang", there.html_lang)
        assert ",width:8," in page.url, f"the explorer's state was lost on the way to {there.name}: {page.url}"
    page.assert_clean()


@pytest.mark.parametrize("query", CHINESE_QUERIES)
def test_chinese_search_finds_pages(page, query):
    """Sphinx indexes the Chinese pages with jieba, which learns the glossary's terms
    (actlab_site.i18n): the term is one word of the index, as the query is."""
    zh = EDITIONS["zh_CN"]
    page.open(f"{zh.folder}/search.html?q={query}")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    hits = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    assert hits, f"searching {query!r} in the Chinese edition found nothing"
    assert all(f"/{zh.folder}/" in href for href in hits), f"results outside the Chinese edition: {hits}"
    assert any(href.split("#")[0].endswith("/chapters/glossary.html") for href in hits), \
        f"searching {query!r} did not find the glossary, which defines it: {hits}"
    page.assert_clean()


@pytest.mark.parametrize("name, path, shown", SCREENSHOTS, ids=[s[0] for s in SCREENSHOTS])
def test_chinese_page_screenshot(page, name, path, shown):
    zh = EDITIONS["zh_CN"]
    page.open(bs.in_edition(path, zh))
    expect(page.locator("html")).to_have_attribute("lang", zh.html_lang)
    if shown:
        target = page.locator(shown).first
        target.wait_for()
        if shown == ".actlab-explorer":
            expect(target.locator(".actlab-plots svg").first).to_be_visible(timeout=20_000)
        target.scroll_into_view_if_needed()
    bs.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=bs.SCREENSHOTS / f"site-zh-{name}.png")
    assert re.search(r"[\u4e00-\u9fff]", page.locator("body").inner_text()), f"{path}: no Chinese on the page"
    page.assert_clean()


#: the English label of an explorer's first control, and the text it must not keep in Chinese
FIRST_LABELS = {"derivative": "activation", "gradflow": "activation", "softmax": "z0", "playground": "data"}


@pytest.mark.parametrize("kind", sorted(FIRST_LABELS))
def test_explorers_speak_the_page_language(page, site_dir, kind):
    """explorers.js labels its controls, plots and readouts from a table keyed by <html lang>."""
    from test_explorers_browser import open_explorer, page_for

    zh = EDITIONS["zh_CN"]
    texts = {}
    for edition in (ENGLISH, zh):
        root = open_explorer(page, page_for(site_dir, kind, edition), kind)
        texts[edition.language] = (root.locator(".actlab-field-label").first.inner_text(),
                                   root.locator(".actlab-readout").inner_text())
    assert texts["en"][0] == FIRST_LABELS[kind], texts["en"]
    chinese = re.compile(r"[\u4e00-\u9fff]")
    assert chinese.search(texts["zh_CN"][1]), f"the {kind} explorer's readout on a Chinese page has no Chinese: {texts}"
    assert not chinese.search(texts["en"][1]), f"the {kind} explorer's readout on an English page has Chinese: {texts}"
    if FIRST_LABELS[kind] != "z0":
        assert chinese.search(texts["zh_CN"][0]), f"the {kind} explorer's first label on a Chinese page: {texts}"
    page.assert_clean()


def test_the_table_of_contents_parts_are_translated(site_dir):
    """_toc.yml's captions are messages of the root page's catalog (actlab_site.i18n applies them
    after sphinx-external-toc inserts the parts, which it does after Sphinx translated the page)."""
    from babel.messages.pofile import read_po

    root = "chapters/intro"
    captions = [c.get_text(strip=True) for c in bs.soup(site_dir / f"{root}.html").select("nav.bd-docs-nav .caption-text")]
    assert captions, f"{root}.html has no part captions in its sidebar"
    for edition in bs.TRANSLATIONS:
        with (bs.ROOT / "locales" / edition.language / "LC_MESSAGES" / f"{root}.po").open("rb") as handle:
            catalog = {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}
        expected = [catalog.get(caption, caption) for caption in captions]
        shown = [c.get_text(strip=True) for c in
                 bs.soup(site_dir / bs.in_edition(f"{root}.html", edition)).select("nav.bd-docs-nav .caption-text")]
        assert shown == expected, f"{edition.language}: the sidebar's parts read {shown}, the catalog says {expected}"
