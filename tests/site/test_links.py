"""A link checker over the whole built site: every internal reference resolves.

Every ``href``/``src`` of every HTML file (links, scripts, styles, images, frames, the
root's redirect) that stays on the site must name an existing file, and a ``#fragment``
must name an element id (or ``<a name>``) of the target page. External links are not
fetched (the tests run offline); the self-containment test checks that no resource is
external.
"""
from __future__ import annotations

import re

import built_site as bs

#: (tag, attribute) pairs holding a URL
REFERENCES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"),
              ("source", "src"), ("area", "href"), ("video", "src"), ("audio", "src"))
REFRESH_URL = re.compile(r"url=(.+)$", re.IGNORECASE)


def references_of(page) -> list[str]:
    urls = [tag[attribute] for name, attribute in REFERENCES
            for tag in page.find_all(name, attrs={attribute: True})]
    for meta in page.find_all("meta", attrs={"http-equiv": re.compile("^refresh$", re.IGNORECASE)}):
        if match := REFRESH_URL.search(meta.get("content", "")):
            urls.append(match.group(1).strip().strip("'\""))
    return urls


def is_checked(url: str) -> bool:
    url = url.strip()
    return bool(url) and url != "#" and not bs.is_external(url) and not url.lower().startswith(bs.NON_FILE_SCHEMES)


def broken_reference(site_dir, page: str, url: str) -> str | None:
    """Why ``url`` on ``page`` does not resolve, or None if it does."""
    target, fragment = bs.resolve(site_dir, page, url)
    if not target.is_file():
        return f"{url}: no file {target.relative_to(site_dir) if target.is_relative_to(site_dir) else target}"
    if fragment and target.suffix == ".html" and fragment not in bs.ids_of(target):
        return f"{url}: no id {fragment!r} in {target.relative_to(site_dir)}"
    return None


def test_every_internal_link_resolves(site_dir, site_report):
    checked, broken = 0, []
    for page in bs.all_html(site_dir):
        for url in references_of(bs.soup(site_dir / page)):
            if not is_checked(url):
                continue
            checked += 1
            if problem := broken_reference(site_dir, page, url):
                broken.append(f"{page}: {problem}")
    site_report.append(f"link checker: {checked} internal links checked in "
                       f"{len(bs.all_html(site_dir))} HTML files, {len(broken)} broken")
    assert checked > 0, "no internal link found: is the site empty?"
    assert not broken, f"{len(broken)} of {checked} internal links are broken:\n  " + "\n  ".join(broken)
