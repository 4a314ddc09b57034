"""The book has the pages it should: every chapter of the fixed list, every student
exercise notebook, and the bibliography, each linked from the navigation."""
from __future__ import annotations

import built_site as bs


def test_every_chapter_is_built(site_dir, site_report):
    missing = [source for source in bs.CHAPTER_SOURCES if not (site_dir / bs.page_of(source)).is_file()]
    pages = bs.content_pages(site_dir)
    site_report.append(f"pages: {len(pages)} ({len(bs.chapter_pages(site_dir))} chapter and exercise pages)")
    assert not missing, f"chapters missing from the site (not written yet, or not in _toc.yml): {missing}"


def test_every_student_exercise_is_built(site_dir):
    students = sorted((bs.ROOT / "exercises" / "student").glob("*.ipynb"))
    missing = [str(p.relative_to(bs.ROOT)) for p in students
               if not (site_dir / bs.page_of(str(p.relative_to(bs.ROOT)))).is_file()]
    assert not missing, f"student exercises missing from the site: {missing}"


def test_every_page_is_in_the_navigation(site_dir):
    """Each chapter and exercise page is linked from the sidebar of the landing page."""
    landing = site_dir / "chapters" / "intro.html"
    nav = bs.soup(landing).select_one("nav.bd-docs-nav")
    assert nav is not None, "the landing page has no sidebar navigation (nav.bd-docs-nav)"
    linked = {str(bs.resolve(site_dir, "chapters/intro.html", a["href"])[0].relative_to(site_dir))
              for a in nav.find_all("a", href=True) if not bs.is_external(a["href"])}
    orphans = [page for page in bs.chapter_pages(site_dir) if page not in linked | {"chapters/intro.html"}]
    assert not orphans, f"pages not in the navigation: {orphans}"
