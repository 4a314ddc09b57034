"""The bibliography page, ``chapters/bibliography.md``, generated from ``chapters/references.bib``.

The chapters cite in plain author–year text whose year links to this page, e.g.
``Vaswani et al. ([2017](bibliography.md))``, because that is what both of the course's
renderers show: the site (MyST-NB) and JupyterLab with jupyterlab-myst, which has no
bibliography support for ``{cite}`` roles (jupyter-book/jupyterlab-myst#127). The page is
plain MyST too, so it reads the same in both: one entry per work, in author–year order,
each starting with the label a citation shows (``Vaswani et al. (2017)``).

The entries are formatted by pybtex's ``plain`` style (as sphinxcontrib-bibtex would) into
Markdown. ``references.bib`` stays the single source; regenerate the page after editing it::

    python lib/site/actlab_site/bibliography.py          # rewrite chapters/bibliography.md
    python lib/site/actlab_site/bibliography.py --check  # exit 1 if the page is stale or an entry is uncited

Every entry must be cited: by a citation in the Markdown of a chapter, page or exercise
notebook (:data:`CITING`), or as the paper that introduced an activation of the catalog
(``actlab.papers()``, shown in the chapters' generated tables). ``--check`` fails on an entry
cited by neither (:func:`uncited`).

``tests/lab/test_markdown_sources.py`` runs the check and resolves every citation in the
notebooks against :func:`labels` (:func:`cited_keys`).
"""
from __future__ import annotations

import argparse
import codecs
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import latexcodec  # noqa: F401 - registers the "ulatex" codec
from pybtex.database import BibliographyData, Entry, parse_file
from pybtex.plugin import find_plugin

ROOT = Path(__file__).resolve().parents[3]
BIB = ROOT / "chapters" / "references.bib"
PAGE = ROOT / "chapters" / "bibliography.md"
#: the files whose Markdown cites (globs under ROOT); the bibliography page itself does not count
CITING = ("chapters/*.ipynb", "chapters/*.md", "exercises/*/*.ipynb")
#: a citation: the year, linked to the bibliography page, after the author label and " (" or ", "
CITATION = re.compile(r"\[(?P<year>\d{4})\]\((?P<target>[^)\s]*bibliography\.md)\)")

HEADER = """\
% Generated from chapters/references.bib by lib/site/actlab_site/bibliography.py: edit the .bib, not this page.

# Bibliography

The papers the course draws on, from its single bibliography file
`chapters/references.bib`. The chapters cite them by author and year, for example
Vaswani et al. (2017); each entry below starts with that label.
Every entry is a real, checked publication.
"""


def _surnames(entry: Entry) -> list[str]:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    return [codecs.decode(" ".join(p.prelast_names + p.last_names), "ulatex") for p in people]


def author_label(entry: Entry) -> str:
    """The author part of an author–year citation: ``Cybenko``, ``Nair and Hinton``, ``He et al.``."""
    names = _surnames(entry)
    if not names:
        raise ValueError(f"bibliography entry {entry.key!r} has neither author nor editor")
    if len(names) == 1:
        return names[0]
    if len(names) == 2 and names[1] != "others":
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def labels(bib: Path = BIB) -> dict[str, tuple[str, str]]:
    """Citation key → (author label, year), for every entry of ``bib``."""
    return {key: (author_label(entry), entry.fields["year"]) for key, entry in parse_file(bib).entries.items()}


def markdown(path: Path) -> str:
    """The Markdown of a page (``.md``) or of a notebook's Markdown cells, joined by blank lines."""
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def cited_keys(match: re.Match, entries: dict[str, tuple[str, str]]) -> list[str]:
    """The keys of ``entries`` (see :func:`labels`) that the :data:`CITATION` ``match`` names:
    same year, and its author label right before, as in ``He et al. ([2015](…))`` or
    ``(Nair and Hinton, [2010](…))``."""
    before = match.string[:match.start()]
    return [key for key, (authors, year) in entries.items()
            if year == match["year"] and (before.endswith(f"{authors} (") or before.endswith(f"{authors}, "))]


def uncited(bib: Path = BIB, texts: Iterable[str] | None = None, catalog_keys: Iterable[str] | None = None) -> list[str]:
    """The keys of ``bib`` cited neither in ``texts`` nor among ``catalog_keys``.

    By default ``texts`` is the Markdown of every file of :data:`CITING` but the bibliography
    page, and ``catalog_keys`` the keys of the catalog's papers (``actlab.papers()``).
    """
    if texts is None:
        texts = [markdown(path) for pattern in CITING for path in sorted(ROOT.glob(pattern)) if path != PAGE]
    if catalog_keys is None:
        import actlab  # only here: the page itself is generated without the library

        catalog_keys = [paper.bibkey for paper in actlab.papers()]
    entries = labels(bib)
    cited = set(catalog_keys)
    for text in texts:
        for match in CITATION.finditer(text):
            cited.update(cited_keys(match, entries))
    return [key for key in entries if key not in cited]


def _order(item: tuple[str, Entry]) -> tuple[str, str, str]:
    key, entry = item
    return (_surnames(entry)[0].lower(), entry.fields["year"], key)


def page(bib: Path = BIB) -> str:
    """The Markdown of the bibliography page: the header, then one list item per entry."""
    data = parse_file(bib)
    ordered = BibliographyData(entries=dict(sorted(data.entries.items(), key=_order)))
    style = find_plugin("pybtex.style.formatting", "plain")()
    markdown = find_plugin("pybtex.backends", "markdown")()
    items = []
    for formatted in style.format_entries(ordered.entries.values()):
        entry = ordered.entries[formatted.key]
        text = " ".join(formatted.text.render(markdown).split())
        items.append(f"- **{author_label(entry)} ({entry.fields['year']}).** {text}")
    return HEADER + "\n" + "\n".join(items) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if the page is not up to date or an entry is cited nowhere")
    args = parser.parse_args(argv)
    text = page()
    if args.check:
        problems = []
        if PAGE.read_text(encoding="utf-8") != text:
            problems.append(f"{PAGE.relative_to(ROOT)} is stale: run python {Path(__file__).relative_to(ROOT)}")
        problems += [f"{BIB.relative_to(ROOT)}: {key} is cited nowhere (cite it in a chapter or remove it)"
                     for key in uncited()]
        if problems:
            print("\n".join(problems))
        return 1 if problems else 0
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
