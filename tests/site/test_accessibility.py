"""Accessibility basics of every page a reader navigates to: images carry alt text, and
headings form an outline (one ``<h1>``, no level skipped on the way down).

Figures get their alt text from the notebook cell's metadata
(``{"mystnb": {"image": {"alt": "..."}}}``, README "Contributing").
"""
from __future__ import annotations

import pytest

import built_site as bs

PAGES = bs.content_pages() or ["index.html"]  # an unbuilt site fails in the site_dir fixture


def headings_of(page) -> list[tuple[int, str]]:
    return [(int(h.name[1]), h.get_text(" ", strip=True).rstrip("#").strip())
            for h in bs.article(page).find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def outline_problems(headings: list[tuple[int, str]]) -> list[str]:
    problems = []
    h1s = [text for level, text in headings if level == 1]
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} <h1> headings (want exactly one): {h1s}")
    for (before, _), (level, text) in zip(headings, headings[1:]):
        if level > before + 1:
            problems.append(f"<h{level}> {text!r} follows <h{before}> (level skipped)")
    return problems


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text(site_dir, page):
    if page == "index.html" and bs.soup(site_dir / page).find("meta", attrs={"http-equiv": True}):
        pytest.skip("index.html only redirects to the first page")
    missing = [img.get("src", "?") for img in bs.soup(site_dir / page).find_all("img")
               if not img.get("alt", "").strip()]
    assert not missing, (f"{page}: images without alt text (set cell metadata "
                         f'{{"mystnb": {{"image": {{"alt": "..."}}}}}}): {missing}')


@pytest.mark.parametrize("page", PAGES)
def test_headings_are_in_order(site_dir, page):
    if page == "index.html" and bs.soup(site_dir / page).find("meta", attrs={"http-equiv": True}):
        pytest.skip("index.html only redirects to the first page")
    problems = outline_problems(headings_of(bs.soup(site_dir / page)))
    assert not problems, f"{page}:\n  " + "\n  ".join(problems)
