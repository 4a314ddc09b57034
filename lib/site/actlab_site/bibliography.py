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
    python lib/site/actlab_site/bibliography.py --check  # exit 1 if the page is stale

``tests/lab/test_markdown_sources.py`` runs the check and resolves every citation in the
notebooks against :func:`labels`.
"""
from __future__ import annotations

import argparse
import codecs
import sys
from pathlib import Path

import latexcodec  # noqa: F401 - registers the "ulatex" codec
from pybtex.database import BibliographyData, Entry, parse_file
from pybtex.plugin import find_plugin

ROOT = Path(__file__).resolve().parents[3]
BIB = ROOT / "chapters" / "references.bib"
PAGE = ROOT / "chapters" / "bibliography.md"

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
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is not up to date")
    args = parser.parse_args(argv)
    text = page()
    if args.check:
        if PAGE.read_text(encoding="utf-8") != text:
            print(f"{PAGE.relative_to(ROOT)} is stale: run python {Path(__file__).relative_to(ROOT)}")
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
