"""What a reader sees first, screenshot for the record (issue 11, "Shown by").

In headless chromium at 1280 × 900, each chapter page opens with its *Learning objectives*
admonition in view, and the top of the page is saved as ``test-artifacts/screenshots/site-<chapter>.png``;
chapter 2's activation gallery (anchor ``#activation-gallery``) as ``site-activation-gallery.png``;
the glossary as ``site-glossary.png``. The glossary has an anchor for every term of
``chapters/glossary.md``, and a ``{term}`` link in a chapter leads to its entry, in view.

Before the gallery or the first ``{term}`` link exists, those tests skip saying so, except with
``CI=true``, where they fail (CI must never pass without them).
"""
from __future__ import annotations

import re
import sys

import pytest

import built_site as bs
from conftest import in_ci

sys.path.insert(0, str(bs.ROOT / "lib" / "site"))
from actlab_site import glossary  # noqa: E402 - importable via the path above

CHAPTERS = [bs.page_of(source) for source in bs.CHAPTER_SOURCES if source.endswith(".ipynb")]
GALLERY_PAGE, GALLERY_ID = "chapters/02_core_concepts.html", "activation-gallery"
GLOSSARY_PAGE = bs.page_of("chapters/glossary.md")
VIEWPORT_HEIGHT = 900  # the page fixture's viewport is 1280 × 900
#: a term's link, as Sphinx renders the {term} role
TERM_LINK = "a.reference.internal:has(> .std-term)"
#: the top and bottom of an element relative to the viewport, and whether it is rendered
IN_VIEW = """el => { const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, shown: r.height > 0 && getComputedStyle(el).visibility !== "hidden"}; }"""


def _missing(reason: str) -> None:
    if in_ci():
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def _assert_in_view(locator, what: str) -> None:
    box = locator.evaluate(IN_VIEW)
    assert box["shown"] and 0 <= box["top"] < VIEWPORT_HEIGHT, \
        f"{what} is not in view at 1280 × 900 (top {box['top']:.0f} px, rendered: {box['shown']})"


def _screenshot(page, name: str) -> None:
    bs.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=bs.SCREENSHOTS / f"site-{name}.png")


def _term_text(dt) -> str:
    """A glossary entry's term, without the permalink mark the theme appends."""
    return "".join(node.get_text() for node in dt.children if getattr(node, "name", None) != "a"
                   or "headerlink" not in node.get("class", [])).strip()


@pytest.mark.parametrize("path", CHAPTERS)
def test_chapter_opens_with_its_objectives(page, path):
    page.open(path)
    _screenshot(page, path.removeprefix("chapters/").removesuffix(".html"))
    objectives = page.locator("div.admonition").filter(
        has=page.locator("p.admonition-title", has_text=re.compile(r"^\s*Learning objectives\s*$")))
    assert objectives.count() == 1, f"{path}: no 'Learning objectives' admonition (README, the chapter skeleton)"
    _assert_in_view(objectives, f"{path}: the 'Learning objectives' admonition")
    page.assert_clean()


def test_activation_gallery(page, site_dir):
    if bs.soup(site_dir / GALLERY_PAGE).find(id=GALLERY_ID) is None:
        _missing(f"{GALLERY_PAGE} has no #{GALLERY_ID} anchor yet (the label (activation-gallery)= of chapter 2)")
    page.open(f"{GALLERY_PAGE}#{GALLERY_ID}")
    _screenshot(page, GALLERY_ID)
    # the label is the section's id, or (in a notebook) an empty span just inside the section
    section = page.locator(f"#{GALLERY_ID}").locator("xpath=ancestor-or-self::section[1]")
    _assert_in_view(section.locator("h1, h2, h3").first, f"the heading of #{GALLERY_ID}")
    figures = section.locator("img")
    assert figures.count() > 0, f"#{GALLERY_ID} holds no figure"
    assert figures.first.evaluate("img => img.complete && img.naturalWidth > 0 && img.alt.trim().length > 0"), \
        "the gallery's first figure did not load, or has no alt text"
    page.assert_clean()


def test_glossary_has_an_anchor_per_term(page, site_dir):
    terms = glossary.terms(glossary.PAGE.read_text(encoding="utf-8"))
    anchored = {_term_text(dt): dt.get("id") for dt in bs.soup(site_dir / GLOSSARY_PAGE).select("dl.glossary > dt")}
    missing = [term for term in terms if not (anchored.get(term) or "").startswith("term-")]
    assert not missing, f"{GLOSSARY_PAGE}: no anchored entry for {missing} (entries: {sorted(anchored)})"
    assert len(anchored) == len(terms), f"{GLOSSARY_PAGE} has entries {sorted(set(anchored) - set(terms))} " \
                                        "that actlab_site.glossary.terms does not read"
    page.open(GLOSSARY_PAGE)
    _screenshot(page, "glossary")
    page.open(f"{GLOSSARY_PAGE}#{anchored['dead unit']}")
    _assert_in_view(page.locator(f"dt#{anchored['dead unit']}"), "the entry 'dead unit' opened by its anchor")
    page.assert_clean()


def test_term_links_lead_to_the_glossary_entry(page, site_dir):
    linked = [(path, a) for path in CHAPTERS for a in bs.soup(site_dir / path).select(TERM_LINK)]
    if not linked:
        _missing("no chapter links a glossary term with {term} yet")
    wrong = []
    for path, a in linked:
        target, fragment = bs.resolve(site_dir, path, a["href"])
        if target != site_dir / GLOSSARY_PAGE or bs.soup(target).find("dt", id=fragment) is None:
            wrong.append(f"{path}: {a.get_text()!r} → {a['href']}")
    assert not wrong, "term links that do not lead to a glossary entry:\n  " + "\n  ".join(wrong)

    path, a = linked[0]
    page.open(path)
    page.locator(TERM_LINK).first.click()
    page.wait_for_url(f"**/{GLOSSARY_PAGE}#*")
    fragment = page.url.rsplit("#", 1)[1]
    _assert_in_view(page.locator(f"dt#{fragment}"), f"the glossary entry #{fragment} reached from {path}")
    page.assert_clean()
