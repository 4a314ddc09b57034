"""A class's gradebook: every submission in a folder graded, one CSV and one JSON with per-question scores.

``python -m sandgrader FOLDER`` grades each ``*.ipynb`` under ``FOLDER`` (sub-folders included,
Jupyter's checkpoints not), each against the master of its exercise, and writes

* ``gradebook.csv``: one row per submission — ``submission`` (its path relative to the
  folder), ``exercise``, ``score``, ``max_score``, ``percent``, then one column
  ``<exercise>:<question>`` per question of every exercise seen (empty where the
  submission belongs to another exercise, and empty for a written answer, which the instructor
  grades), ``problems`` (``q2 failed; q5 missing`` …) and ``for_instructor``, the written
  answers to grade by hand with their points (``q8 (2 points)``; their text is in the JSON);
* ``gradebook.json``: the same scores and every submission's full report (messages, output
  excerpts, the protections its sandboxes had).
"""
from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path

from sandgrader.grade import WRITTEN, Report

FIXED_COLUMNS = ["submission", "exercise", "score", "max_score", "percent"]
LAST_COLUMNS = ["problems", "for_instructor"]


def submissions(folder: Path) -> list[Path]:
    """The notebooks under ``folder`` to grade, in a stable order (no checkpoints, no gradebooks)."""
    return sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts and p.is_file())


def question_columns(reports: list[Report]) -> list[str]:
    """``exercise:question`` for every question graded, exercises sorted, questions in master order."""
    columns: dict[str, None] = {}
    for report in sorted(reports, key=lambda r: r.exercise):
        columns.update({f"{report.exercise}:{r.question}": None for r in report.questions})
    return list(columns)


def rows(reports: list[Report], folder: Path) -> list[dict]:
    """One gradebook row per report (see the module docstring)."""
    columns = question_columns(reports)
    table = []
    for report in reports:
        row = dict.fromkeys([*FIXED_COLUMNS, *columns, *LAST_COLUMNS], "")
        pct = 100.0 * report.score / report.max_score if report.max_score else 0.0
        row.update(submission=Path(report.submission).relative_to(folder).as_posix(), exercise=report.exercise,
                   score=report.score, max_score=report.max_score, percent=round(pct, 1))
        row.update({f"{report.exercise}:{r.question}": r.points for r in report.questions
                    if r.status != WRITTEN})
        problems = [f"{r.question} {r.status}" for r in report.questions
                    if r.status not in ("passed", WRITTEN)]
        row["for_instructor"] = "; ".join(f"{r.question} ({r.max_points:g} points)" for r in report.questions
                                          if r.status == WRITTEN)
        row["problems"] = "; ".join(([f"not graded: {report.error}"] if report.error else []) + problems)
        table.append(row)
    return table


def write(reports: list[Report], folder: Path, csv_path: Path, json_path: Path) -> None:
    """Write the CSV and JSON gradebooks of ``reports`` (submissions under ``folder``)."""
    table = rows(reports, folder)
    columns = [*FIXED_COLUMNS, *question_columns(reports), *LAST_COLUMNS]
    with csv_path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns)
        writer.writeheader()
        writer.writerows(table)
    book = {"folder": str(folder), "columns": columns, "rows": table,
            "reports": [asdict(report) for report in reports]}
    json_path.write_text(json.dumps(book, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
