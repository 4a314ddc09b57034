"""Build one edition of the book, or its message catalogs, with Jupyter Book's own configuration.

Jupyter Book 1's command line has no language option (jupyter-book#1791). This script calls the
function its ``jupyter-book build`` command calls, :func:`jupyter_book.sphinx.build_sphinx`, with
the same configuration (``_config.yml`` and ``_toc.yml`` turned into Sphinx settings in memory,
no generated ``conf.py`` to keep in step) and the same options as ``make book`` used
(``-W -n --keep-going``), adding only what differs between the two editions and the catalogs:

``python lib/site/build_book.py html``
    the English edition into ``_build/html`` (doctrees in ``_build/.doctrees``);
``python lib/site/build_book.py html --language zh_CN``
    the Chinese edition into ``_build/html/zh`` (doctrees in ``_build/.doctrees-zh_CN``), its
    text taken from ``locales/zh_CN/LC_MESSAGES/*.po``;
``python lib/site/build_book.py gettext``
    the message templates (``.pot``, one per page) into ``_build/gettext``; ``make translations``
    then merges them into the catalogs with ``sphinx-intl update``.

The catalogs' settings (``locale_dirs``, ``gettext_*``) are in ``_config.yml``. A failed build
drops the saved environment of its edition, so that the next build re-reads every page and
reports every warning again (an incremental build reports only the pages it re-reads).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
#: the edition in the site's root; every other language goes in a folder of its own
SOURCE_LANGUAGE = "en"
#: language code → the site folder of its edition, relative to the English edition's root
EDITION_FOLDERS = {"zh_CN": "zh"}


def output_dir(builder: str, language: str, build: Path = BUILD) -> Path:
    """Where ``builder`` writes the edition in ``language``."""
    if builder == "gettext":
        return build / "gettext"
    if language == SOURCE_LANGUAGE:
        return build / builder
    try:
        return build / builder / EDITION_FOLDERS[language]
    except KeyError:
        raise ValueError(f"no edition for language {language!r}; known: {sorted(EDITION_FOLDERS)}") from None


def doctree_dir(builder: str, language: str, build: Path = BUILD) -> Path:
    """The saved environment of one edition (the catalogs are extracted from the English text)."""
    if builder == "gettext":
        return build / ".doctrees-gettext"
    return build / (".doctrees" if language == SOURCE_LANGUAGE else f".doctrees-{language}")


def build(builder: str, language: str = SOURCE_LANGUAGE, build_dir: Path = BUILD,
          source: Path = ROOT, quiet: bool = False) -> int:
    """Build with ``builder`` (``html`` or ``gettext``); return Sphinx's status (0: no warning)."""
    from jupyter_book.sphinx import build_sphinx

    out, doctrees = output_dir(builder, language, build_dir), doctree_dir(builder, language, build_dir)
    # what `jupyter-book build . -n` passes (latex_individualpages: its --individualpages flag)
    overrides = {"external_toc_path": str(source / "_toc.yml"), "nitpicky": True,
                 "latex_individualpages": False}
    if language != SOURCE_LANGUAGE:
        overrides["language"] = language
    status = build_sphinx(source, out, noconfig=True, path_config=str(source / "_config.yml"),
                          confoverrides=overrides, doctreedir=doctrees, builder=builder,
                          warningiserror=True, keep_going=True, quiet=quiet)
    if status != 0:
        (doctrees / "environment.pickle").unlink(missing_ok=True)
        return status if isinstance(status, int) else 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("builder", choices=["html", "gettext"])
    parser.add_argument("--language", default=SOURCE_LANGUAGE,
                        help=f"{SOURCE_LANGUAGE} (default) or one of {sorted(EDITION_FOLDERS)}")
    args = parser.parse_args(argv)
    return build(args.builder, args.language)


if __name__ == "__main__":
    sys.exit(main())
