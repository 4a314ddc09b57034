"""Accessibility of every page of the built site, explorers included, in headless chromium.

* An axe-core audit (Deque's engine, the npm package pinned in ``lib/site/package.json``,
  injected from ``lib/site/node_modules`` — never a CDN) with its default rule set (WCAG 2
  A/AA and best practices: alt text, heading order, landmarks, names and roles, contrast,
  table headers, focusable scrollable regions, …) finds no violation of any impact. Each
  explorer is audited after it has drawn, with its collapsible panels open.
* Keyboard reach: pressing Tab from the top of a page reaches every control of every
  explorer, and every scrollable region (or a control inside it), so a reader without a
  mouse can use the explorers and scroll wide outputs.

Figures get their alt text from the notebook cell's metadata
(``{"mystnb": {"image": {"alt": "..."}}}``, README "Contributing").
"""
from __future__ import annotations

from pathlib import Path

import pytest

import built_site as bs

AXE = Path(__file__).resolve().parents[2] / "lib" / "site" / "node_modules" / "axe-core" / "axe.min.js"
HARNESS = "_static/explorers/harness.html"
PAGES = (bs.content_pages() or ["index.html"]) + [HARNESS]  # an unbuilt site fails in the site_dir fixture
#: the most Tab presses a page may need to cycle through its focusable elements
MAX_TABS = 2000


def open_page(page, path: str) -> None:
    """Open ``path``, wait for its explorers to draw, and open their collapsible panels."""
    page.open(path)
    explorers = page.locator(".actlab-explorer")
    for i in range(explorers.count()):
        explorers.nth(i).locator(".actlab-readout").wait_for()
        page.wait_for_function("root => root.querySelector('.actlab-readout').childElementCount > 0",
                               arg=explorers.nth(i).element_handle())
    page.evaluate("document.querySelectorAll('.actlab-explorer details').forEach(d => d.open = true)")


def axe_violations(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make book` installs axe-core (npm ci in lib/site)", pytrace=False)
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""() => axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " "))})))""")


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation(page, site_dir, site_report, path):
    if path == "index.html" and bs.soup(site_dir / path).find("meta", attrs={"http-equiv": True}):
        pytest.skip("index.html only redirects to the first page")
    open_page(page, path)
    violations = axe_violations(page)
    site_report.append(f"axe-core on {path}: {len(violations)} violations")
    assert not violations, f"{path}: axe-core reports\n" + "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5]) for v in violations)
    page.assert_clean()


#: every visible control of the explorers, and every scrollable element of the page (not those
#: folded away in a closed <details>, which Tab rightly skips until the reader opens it)
TARGETS = """() => {
    const folded = el => { const d = el.closest("details:not([open])"); return d && el.closest("summary") === null; };
    const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden" && !folded(el);
    const controls = [...document.querySelectorAll(
        ".actlab-explorer input, .actlab-explorer select, .actlab-explorer button, " +
        ".actlab-explorer textarea, .actlab-explorer summary, .actlab-explorer a[href]")]
        .filter(el => visible(el) && !el.disabled);
    const scrollable = [...document.querySelectorAll("article *, .actlab-explorer *")].filter(el => {
        const style = getComputedStyle(el);
        const scrolls = v => v === "auto" || v === "scroll";
        return visible(el) && ((scrolls(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
                               (scrolls(style.overflowY) && el.scrollHeight > el.clientHeight + 1));
    });
    controls.concat(scrollable).forEach((el, i) => el.dataset.a11yTarget = String(i));
    return {controls: controls.length, scrollable: scrollable.length};
}"""


def pages_with_targets(site_dir) -> list[str]:
    """The content pages with explorers, and every page with code or outputs (which may scroll)."""
    return [p for p in PAGES if p == HARNESS or bs.soup(site_dir / p).select(".actlab-explorer, .cell_output, pre")]


@pytest.mark.parametrize("path", PAGES)
def test_tab_reaches_every_explorer_control_and_scrollable_region(page, site_dir, path):
    if path not in pages_with_targets(site_dir):
        pytest.skip(f"{path} has no explorer, code or output")
    open_page(page, path)
    counts = page.evaluate(TARGETS)
    if not counts["controls"] and not counts["scrollable"]:
        pytest.skip(f"{path}: no explorer control and no scrollable region at this window size")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached: set[str] = set()
    first = None
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        here = page.evaluate("""() => { const el = document.activeElement;
            if (!el || el === document.body) return null;
            const inside = [];
            for (let p = el; p; p = p.parentElement) if (p.dataset && p.dataset.a11yTarget) inside.push(p.dataset.a11yTarget);
            return {id: el.tagName + ":" + [...document.querySelectorAll("*")].indexOf(el), targets: inside}; }""")
        if here is None:
            continue
        if here["id"] == first:
            break  # round the page once
        first = first or here["id"]
        reached.update(here["targets"])
    missed = page.evaluate("""reached => [...document.querySelectorAll("[data-a11y-target]")]
        .filter(el => !reached.includes(el.dataset.a11yTarget))
        .map(el => el.outerHTML.slice(0, 160))""", sorted(reached))
    assert not missed, f"{path}: Tab never reaches\n  " + "\n  ".join(missed)
    page.assert_clean()
