"""What the grader needs to know about a course: read from ``[tool.sandgrader]`` in its ``pyproject.toml``.

The grader knows nothing of any course's layout; a course tells it::

    [tool.sandgrader]
    masters = "homework/master"         # master notebooks (solutions and hidden tests)
    students = "homework/student"       # where `python -m sandgrader.assign` writes student notebooks
    preload = ["numpy", "mycourse"]     # imported once by the fork server, shared by every sandbox
    preloadable = ["numpy", "torch"]    # imported before the seccomp filter when an answer imports them
    metadata_key = "mycourse"           # the notebook/cell metadata key the grader writes and reads
    kernel = {name = "python3", display_name = "Python 3", language = "python"}
    steps = "homework/STEPS.md"         # markdown put after each student notebook's title
                                        # ({student}: its path, {name}: the exercise)
    release = {include = ["src/mycourse", "pyproject.toml"], readme = "homework/STUDENTS.md"}
                                        # what `python -m sandgrader.release` adds to the student notebooks

Relative paths are relative to the ``pyproject.toml``. Without an explicit file,
:func:`load` uses the nearest ``pyproject.toml`` at or above the working directory that
has a ``[tool.sandgrader]`` table, as pytest and ruff find theirs.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

SECTION = "sandgrader"


class ConfigError(ValueError):
    """No usable ``[tool.sandgrader]`` configuration."""


@dataclass(frozen=True)
class Config:
    """A course's grading settings (see the module docstring)."""

    masters: Path
    students: Path
    preload: tuple[str, ...] = ("numpy",)
    preloadable: frozenset[str] = frozenset({"numpy"})
    metadata_key: str = SECTION
    kernel: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(
        {"name": "python3", "display_name": "Python 3", "language": "python"}))
    #: the folder of the ``pyproject.toml`` (a release keeps paths relative to it)
    root: Path = Path()
    #: the "how to work" text put after each student notebook's title (``None``: none)
    steps: Path | None = None
    #: files and folders a student release holds besides the student notebooks
    release_include: tuple[Path, ...] = ()
    #: the students' instructions, the release's README.md (``None``: no release configured)
    release_readme: Path | None = None


_KEYS = {"masters", "students", "preload", "preloadable", "metadata_key", "kernel", "release", "steps"}
_RELEASE_KEYS = {"include", "readme"}


def from_table(table: Mapping, base: Path) -> Config:
    """A :class:`Config` from the ``[tool.sandgrader]`` table, paths resolved against ``base``."""
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"[tool.{SECTION}]: unknown key(s) {sorted(unknown)}; known: {sorted(_KEYS)}")
    for key in ("masters", "students"):
        if not isinstance(table.get(key), str):
            raise ConfigError(f"[tool.{SECTION}]: {key} must be a path (a string)")
    defaults = Config(Path(), Path())
    kernel = table.get("kernel", defaults.kernel)
    release = table.get("release", {})
    if not isinstance(release, Mapping) or set(release) - _RELEASE_KEYS:
        raise ConfigError(f"[tool.{SECTION}.release] must be a table with keys {sorted(_RELEASE_KEYS)}")
    return Config(masters=(base / table["masters"]).resolve(), students=(base / table["students"]).resolve(),
                  preload=tuple(table.get("preload", defaults.preload)),
                  preloadable=frozenset(table.get("preloadable", defaults.preloadable)),
                  metadata_key=str(table.get("metadata_key", defaults.metadata_key)),
                  kernel=MappingProxyType(dict(kernel)), root=base.resolve(),
                  steps=(base / table["steps"]).resolve() if "steps" in table else None,
                  release_include=tuple((base / p).resolve() for p in release.get("include", [])),
                  release_readme=(base / release["readme"]).resolve() if "readme" in release else None)


def load(pyproject: Path | None = None) -> Config:
    """The configuration in ``pyproject`` (default: the nearest one above the working directory)."""
    candidates = [Path(pyproject)] if pyproject else [d / "pyproject.toml" for d in (Path.cwd(), *Path.cwd().parents)]
    for path in candidates:
        if not path.is_file():
            continue
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get(SECTION)
        if table is not None:
            return from_table(table, path.parent)
        if pyproject:
            break
    where = pyproject or f"any pyproject.toml at or above {Path.cwd()}"
    raise ConfigError(f"no [tool.{SECTION}] table in {where}: tell the grader where the masters are")
