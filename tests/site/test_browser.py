"""The built site as a reader sees it: Debian's chromium, headless, on a local server, with
every request that leaves the site blocked and counted as a failure (fixtures in conftest).

Each page loads with no console error and no failed request, its math is typeset by
MathJax, its images load, its widgets render; chapter pages are screenshot into
``test-artifacts/screenshots/``. Framework tabs switch and stay in sync; search finds pages.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

import built_site as bs

PAGES = bs.content_pages() or ["index.html"]  # an unbuilt site fails in the site_dir fixture
FRAMEWORK_LABELS = ["NumPy", "PyTorch", "TensorFlow"]
TYPESET = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
    return {containers: document.querySelectorAll("mjx-container").length,
            errors: document.querySelectorAll("mjx-merror").length};
}"""
#: make lazy images load, then list those that did not (naturalWidth 0 = broken)
BROKEN_IMAGES = """async () => {
    const images = [...document.images];
    images.forEach(img => { img.loading = "eager"; });
    await Promise.all(images.map(img => img.decode().catch(() => null)));
    return images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src);
}"""


def screenshot_name(page: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", page.removesuffix(".html")) + ".png"


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline(page, site_dir, path):
    response = page.open(path)
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
    static = bs.soup(site_dir / path)
    if redirect := static.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.IGNORECASE)}):
        target = redirect["content"].split("url=", 1)[1]
        page.wait_for_url(urljoin(page.url_of(path), target), wait_until="networkidle")  # relative to the page

    if bs.has_math(static):
        math = page.evaluate(TYPESET)
        assert math["containers"] > 0, f"{path}: the page has math but MathJax typeset none of it"
        assert math["errors"] == 0, f"{path}: MathJax reports {math['errors']} TeX errors"

    broken = page.evaluate(BROKEN_IMAGES)
    assert not broken, f"{path}: images that did not load: {broken}"

    if static.find("script", type="application/vnd.jupyter.widget-view+json"):
        page.wait_for_selector(".widget-subarea .jupyter-widgets", state="attached", timeout=20_000)

    if path in bs.chapter_pages(site_dir):
        bs.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=bs.SCREENSHOTS / screenshot_name(path), full_page=True)

    page.assert_clean()


def _page_with_most_tab_sets(site_dir) -> tuple[str, int]:
    counts = {p: len(bs.soup(site_dir / p).select("div.framework-tabs")) for p in bs.content_pages(site_dir)}
    best = max(counts, key=counts.get)
    return best, counts[best]


def _visible_labels(page) -> list[list[str]]:
    """For each framework tab set, the label of each visible panel."""
    return page.evaluate("""() => [...document.querySelectorAll("div.framework-tabs")].map(set =>
        [...set.querySelectorAll(":scope > .sd-tab-content")]
            .filter(panel => panel.offsetParent !== null)
            .map(panel => panel.previousElementSibling.textContent.trim()))""")


def test_framework_tabs_switch_in_sync(page, site_dir):
    path, n_sets = _page_with_most_tab_sets(site_dir)
    if n_sets < 2:
        pytest.fail("no page has two framework tab sets (cells tagged tab-numpy/tab-pytorch/tab-tensorflow)"
                    " to test switching and syncing")
    page.open(path)
    labels = page.evaluate("""() => [...document.querySelectorAll("div.framework-tabs")].map(set =>
        [...set.querySelectorAll(":scope > label")].map(label => label.textContent.trim()))""")
    for found in labels:
        assert found == [name for name in FRAMEWORK_LABELS if name in found] and len(found) >= 2, \
            f"{path}: framework tabs {found} are not a NumPy · PyTorch · TensorFlow subset in order"
    assert all(visible == [found[0]] for visible, found in zip(_visible_labels(page), labels)), \
        f"{path}: each tab set must first show only its first tab"

    sets = page.locator("div.framework-tabs")
    # choose in the first, then the last, then a middle tab set that offers the framework
    for choice, pick in (("PyTorch", lambda sets: sets[0]), ("TensorFlow", lambda sets: sets[-1]),
                         ("NumPy", lambda sets: sets[len(sets) // 2])):
        offering = [i for i, found in enumerate(labels) if choice in found]
        if not offering:
            continue
        clicked = pick(offering)
        sets.nth(clicked).locator(":scope > label", has_text=choice).click()
        assert _synced_where_present(page, labels, choice), \
            f"{path}: after choosing {choice} in tab set {clicked}, visible tabs are {_visible_labels(page)}"

    remembered = labels[0][1]
    sets.nth(0).locator(":scope > label", has_text=remembered).click()
    page.reload(wait_until="networkidle")
    assert _synced_where_present(page, labels, remembered), f"{path}: the {remembered} choice is not remembered on reload"
    page.assert_clean()


def _synced_where_present(page, labels, choice) -> bool:
    """Every tab set that has ``choice`` shows exactly it (sets without it keep their tab)."""
    return all(visible == [choice] for visible, found in zip(_visible_labels(page), labels) if choice in found)


def test_search_finds_pages(page, site_dir):
    page.open("search.html?q=activation")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    hits = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    assert hits, "searching 'activation' found nothing"
    if any(p.startswith("chapters/0") for p in bs.content_pages(site_dir)):
        assert any(re.search(r"/chapters/0\d_", href) for href in hits), \
            f"searching 'activation' found no chapter notebook: {hits}"
    page.assert_clean()
