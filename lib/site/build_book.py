"""Build the site's editions, or the message catalogs, with Jupyter Book's own configuration.

Jupyter Book 1's command line has no language option (jupyter-book#1791). This script calls the
function its ``jupyter-book build`` command calls, :func:`jupyter_book.sphinx.build_sphinx`, with
the same configuration (``_config.yml`` and ``_toc.yml`` turned into Sphinx settings in memory,
so there is no generated ``conf.py`` to keep in step) and the options ``make book`` has always
used (``-W -n --keep-going``: a warning fails the build, after all of them are reported),
adding only what differs between the editions:

``python lib/site/build_book.py html``
    every edition of :data:`actlab_site.editions.EDITIONS`, each in a process of its own: the
    English one into ``_build/html`` (saved environment ``_build/.doctrees``), the Chinese one
    into ``_build/html/zh`` (``_build/.doctrees-zh_CN``), its text taken from
    ``locales/zh_CN/LC_MESSAGES/*.po``;
``python lib/site/build_book.py html --language zh_CN``
    one edition;
``python lib/site/build_book.py gettext``
    the message templates (``.pot``, one per page) into ``_build/gettext``, from which
    ``make translations`` updates the catalogs with ``sphinx-intl update``.

The catalogs' settings (``locale_dirs``, ``gettext_*``) are in ``_config.yml``. A failed build
drops its edition's saved environment, so that the next build re-reads every page and reports
every warning again (an incremental build reports only the pages it re-reads).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from actlab_site.editions import EDITIONS, SOURCE_LANGUAGE, edition

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
#: the explorers' data changes without any page changing, and Sphinx copies static files only
#: when a page was written: this folder is copied into every edition after its build
EXPLORERS = ROOT / "chapters" / "_static" / "explorers"


def output_dir(builder: str, language: str, build_dir: Path = BUILD) -> Path:
    """Where ``builder`` writes the edition in ``language``."""
    if builder == "gettext":
        return build_dir / "gettext"
    return build_dir / builder / edition(language).folder


def doctree_dir(builder: str, language: str, build_dir: Path = BUILD) -> Path:
    """The saved environment of one edition (the catalogs are extracted from the English text)."""
    if builder == "gettext":
        return build_dir / ".doctrees-gettext"
    edition(language)  # a known edition
    return build_dir / (".doctrees" if language == SOURCE_LANGUAGE else f".doctrees-{language}")


def build(builder: str, language: str = SOURCE_LANGUAGE, build_dir: Path = BUILD,
          source: Path = ROOT, quiet: bool = False) -> int:
    """Build one edition with ``builder`` (``html`` or ``gettext``); 0 if there was no warning."""
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
    if builder == "html":
        shutil.copytree(EXPLORERS, out / "_static" / "explorers", dirs_exist_ok=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("builder", choices=["html", "gettext"])
    parser.add_argument("--language", choices=sorted(EDITIONS),
                        help="build this edition only (html: default every edition; gettext: English)")
    args = parser.parse_args(argv)
    if args.language is not None or args.builder == "gettext":
        return build(args.builder, args.language or SOURCE_LANGUAGE)
    # one process per edition: Sphinx and docutils keep per-language state in module globals
    failed = [language for language in EDITIONS
              if subprocess.call([sys.executable, __file__, args.builder, "--language", language]) != 0]
    if failed:
        print(f"build_book: the {', '.join(failed)} edition failed (warnings are errors)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
