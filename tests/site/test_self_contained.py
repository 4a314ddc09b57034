"""The built site loads nothing from another host: every script, style, font, image and
frame a page uses is a file of the site (so the book works offline, e.g. in a classroom).

Links a reader may follow (``<a href="https://doi.org/...">``) are fine; resources the
browser fetches by itself are not. The browser tests check the same at run time, by
blocking every non-local request; this test reads the files, so it also covers resources a
browser would only fetch in some situations (a print stylesheet, a font of a glyph, ...).
"""
from __future__ import annotations

from pathlib import Path

import built_site as bs

#: (tag, attribute) pairs whose URL the browser fetches by itself
FETCHED = (
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("frame", "src"),
    ("source", "src"), ("source", "srcset"), ("video", "src"), ("video", "poster"),
    ("audio", "src"), ("track", "src"), ("embed", "src"), ("object", "data"), ("input", "src"),
    ("image", "href"), ("use", "href"),
)
#: <link rel=...> values that make the browser fetch the href
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload",
                     "modulepreload", "prefetch", "preconnect", "dns-prefetch", "manifest", "mask-icon"}


def _urls(value: str, attribute: str) -> list[str]:
    if attribute == "srcset":  # "a.png 1x, b.png 2x"
        return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
    return [value]


def external_resources_of_page(path: Path) -> list[str]:
    page = bs.soup(path)
    found = []
    for tag_name, attribute in FETCHED:
        for tag in page.find_all(tag_name, attrs={attribute: True}):
            found += [f"<{tag_name} {attribute}={url}>" for url in _urls(tag[attribute], attribute)
                      if bs.is_external(url)]
    for tag in page.find_all("link", href=True):
        rels = {rel.lower() for rel in tag.get("rel", [])}
        if rels & FETCHED_LINK_RELS and bs.is_external(tag["href"]):
            found.append(f"<link rel={' '.join(sorted(rels))} href={tag['href']}>")
    for tag in page.find_all(style=True):
        found += [f"style url({url})" for url in external_css_urls(tag["style"])]
    for tag in page.find_all("style"):
        found += [f"<style> {url}" for url in external_css_urls(tag.get_text())]
    return found


def external_css_urls(css: str) -> list[str]:
    css = bs.CSS_COMMENT.sub("", css)
    urls = [m.group(2) for m in bs.CSS_URL.finditer(css)] + [m.group(1) for m in bs.CSS_IMPORT.finditer(css)]
    return list(dict.fromkeys(url for url in urls if bs.is_external(url)))  # @import url() matches twice


def test_no_page_loads_anything_from_another_host(site_dir):
    offenders = {page: found for page in bs.all_html(site_dir)
                 if (found := external_resources_of_page(site_dir / page))}
    assert not offenders, "pages reference resources outside the site:\n" + "\n".join(
        f"  {page}: {', '.join(found)}" for page, found in sorted(offenders.items()))


def test_no_stylesheet_loads_anything_from_another_host(site_dir):
    offenders = {str(css.relative_to(site_dir)): found for css in sorted(site_dir.rglob("*.css"))
                 if (found := external_css_urls(css.read_text(encoding="utf-8", errors="replace")))}
    assert not offenders, "stylesheets reference url()/@import outside the site:\n" + "\n".join(
        f"  {css}: {', '.join(found)}" for css, found in offenders.items())


def test_math_and_widget_scripts_are_served_by_the_site(site_dir):
    """MathJax 3, require.js and the ipywidgets manager are copies under _static/offline."""
    offline = site_dir / "_static" / "offline"
    for relative in ("mathjax/tex-chtml.js", "require.js",
                     "@jupyter-widgets/embed-amd.js"):
        assert (offline / relative).is_file(), f"_static/offline/{relative} is missing"
    assert list((offline / "mathjax/output/chtml/fonts/woff-v2").glob("*.woff")), "MathJax fonts missing"
