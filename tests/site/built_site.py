"""What the site tests need to know about the built book: its pages, their HTML, the fixed
chapter list, its editions, and how to tell a local reference from an external one.

Everything here reads files under ``_build/html``; nothing starts a browser. The English
edition is the site's root; each translation is a folder of it (``zh/``, see
``actlab_site.editions``) with the same pages, so every check over :func:`content_pages` or
:func:`all_html` covers both editions.
"""
from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

sys.path.insert(0, str(ROOT / "lib" / "site"))
from actlab_site.editions import EDITIONS, SOURCE_LANGUAGE, Edition  # noqa: E402 - the path above

#: the translated editions (each in its folder of the site)
TRANSLATIONS: tuple[Edition, ...] = tuple(e for e in EDITIONS.values() if e.language != SOURCE_LANGUAGE)

#: the chapters of the book (BRIEF/DESIGN: fixed file names), as built pages
CHAPTER_SOURCES = (
    "chapters/intro.md",
    "chapters/01_background.ipynb",
    "chapters/02_core_concepts.ipynb",
    "chapters/03_principles_and_choice.ipynb",
    "chapters/04_math_derivations.ipynb",
    "chapters/05_code_walkthrough.ipynb",
    "chapters/06_applications.ipynb",
    "chapters/06b_modern_architectures.ipynb",
    "chapters/07_tools_and_resources.ipynb",
    "chapters/08_summary.ipynb",
    "chapters/notation.md",
    "chapters/glossary.md",
    "chapters/errata.md",
    "chapters/bibliography.md",
)
#: folders of the build that hold assets, not pages a reader navigates to
ASSET_FOLDERS = ("_static", "_sources", "_images", "_downloads")
#: a URL that leaves the site: a scheme with a host, or a protocol-relative //host
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
#: schemes that are neither a file of the site nor a network request
NON_FILE_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""", re.IGNORECASE)


def page_of(source: str) -> str:
    """The built page of a source file: ``chapters/01_x.ipynb`` → ``chapters/01_x.html``."""
    return str(Path(source).with_suffix(".html"))


def is_external(url: str) -> bool:
    return bool(EXTERNAL.match(url))


def all_html(site_dir: Path = SITE_DIR) -> list[str]:
    """Every HTML file of the build, both editions (asset folders included, e.g. explorers under
    _static), relative to the site root, except the Jinja macro files themes copy into _static."""
    return sorted(page for page in (str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))
                  if not (folder_in_edition(page) == "_static"
                          and "{%" in (site_dir / page).read_text(encoding="utf-8")))


def content_pages(site_dir: Path = SITE_DIR) -> list[str]:
    """The pages a reader navigates to, in both editions: every HTML file outside the asset folders."""
    return [p for p in all_html(site_dir) if folder_in_edition(p) not in ASSET_FOLDERS]


def folder_in_edition(page: str) -> str:
    """The first folder of a page within its edition: ``zh/_static/x.html`` → ``_static``."""
    edition = edition_of(page)
    within = page.removeprefix(f"{edition.folder}/") if edition.folder else page
    return within.split("/", 1)[0]


def edition_of(page: str) -> Edition:
    """The edition a page of :func:`all_html` belongs to (by its first folder)."""
    first = page.split("/", 1)[0]
    return next((e for e in TRANSLATIONS if e.folder == first), EDITIONS[SOURCE_LANGUAGE])


def in_edition(page: str, edition: Edition) -> str:
    """An English page's path in ``edition``: ``chapters/intro.html`` → ``zh/chapters/intro.html``."""
    return f"{edition.folder}/{page}" if edition.folder else page


def chapter_pages(site_dir: Path = SITE_DIR) -> list[str]:
    """Chapter and exercise pages of the English edition that exist in the build (the ones to
    screenshot; a translation has the same pages, :func:`in_edition`)."""
    return [p for p in content_pages(site_dir) if p.startswith(("chapters/", "exercises/"))]


@functools.lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(page: BeautifulSoup):
    """The page's main content (the theme's article), or the whole page if there is none."""
    return page.select_one("article.bd-article") or page.select_one("main") or page


def resolve(site_dir: Path, page: str, url: str) -> tuple[Path, str]:
    """The file a relative ``url`` on ``page`` points to, and its fragment (unquoted)."""
    parts = urlsplit(url)
    if parts.path:
        target = (site_dir / page).parent / unquote(parts.path)
    else:
        target = site_dir / page
    target = Path(*_normalise(target.parts))
    if target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def _normalise(parts: tuple[str, ...]) -> list[str]:
    """Collapse ``..`` and ``.`` without touching the file system (no symlink surprises)."""
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return out


@functools.lru_cache(maxsize=None)
def ids_of(path: Path) -> frozenset[str]:
    """Every fragment a link may target on an HTML page (element ids and <a name>)."""
    page = soup(path)
    ids = {tag["id"] for tag in page.find_all(id=True)}
    ids |= {tag["name"] for tag in page.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def has_math(page: BeautifulSoup) -> bool:
    """Whether Sphinx/MyST rendered math on the page (MathJax must typeset it)."""
    return page.select_one(".math, span.math, div.math") is not None
