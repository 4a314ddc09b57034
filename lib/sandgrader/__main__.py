"""``python -m sandgrader SUBMISSION.ipynb|FOLDER [--json OUT]``: grade one submission, or a class's folder.

For one notebook: prints a per-question score report and writes it as JSON (default: next
to the submission, ``<name>.grade.json``). For a folder: grades every notebook in it and
writes the gradebook (:mod:`sandgrader.gradebook`: ``gradebook.csv`` and ``gradebook.json``
in the folder, or ``--json OUT.json`` and the CSV beside it), printing one line per submission.
Exit status 0 when every submission was graded (whatever its score), 2 when one could not be
read or matched to an exercise, or when there is no ``[tool.sandgrader]`` configuration
(see :mod:`sandgrader.config`).
"""
from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from sandgrader import config, gradebook
from sandgrader.grade import STATUSES, WRITTEN, Report, grade
from sandgrader.runner import GiB, Limits


def protection_line(applied: str, lacking: list[str]) -> str:
    """Which protections the answers ran under and which this platform lacked (every report has it)."""
    return f"Protection: {applied or 'no sandbox ran'}; lacking: {', '.join(lacking) if lacking else 'none'}"


def format_report(report: Report) -> str:
    """The human-readable score report."""
    lines = [f"Grading {report.submission}" + (f"  (exercise {report.exercise})" if report.exercise else "")]
    notes = [f"Note: {note}" for note in report.notes]
    if report.error:
        return "\n".join([*lines, f"  ERROR: {report.error}", protection_line(report.sandbox, report.lacking), *notes])
    width = max((len(r.question) for r in report.questions), default=2)
    for r in report.questions:
        head = f"  {r.question:<{width}}  {r.points:g}/{r.max_points:g}  {r.status:<14}"
        printable = "".join(ch if ch.isprintable() else " " for ch in r.message)  # no terminal escapes
        body = textwrap.shorten(printable, 300, placeholder=" …") if r.status != "passed" else ""
        if r.status == WRITTEN:
            head = f"  {r.question:<{width}}  ?/{r.max_points:g}  {r.status:<14}"
        lines.append(f"{head} {body}".rstrip())
    pct = 100.0 * report.score / report.max_score if report.max_score else 0.0
    manual = f"; written answers for the instructor: {report.manual_points:g} points" if report.manual_points else ""
    lines.append(f"Total: {report.score:g}/{report.max_score:g} ({pct:.1f} %){manual}   graded in {report.seconds:.1f} s")
    lines.append(protection_line(report.sandbox, report.lacking))
    used = sorted({r.status for r in report.questions} - {"passed"})
    if used:
        lines.append("Statuses: " + "; ".join(f"{s} = {STATUSES[s]}" for s in used))
    return "\n".join([*lines, *notes])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandgrader", description=__doc__.splitlines()[0])
    parser.add_argument("submission", type=Path, help="the student's notebook (.ipynb), or a folder of them")
    parser.add_argument("--json", type=Path, help="where to write the JSON report or gradebook (default: next to "
                                                  "the submission; for a folder, FOLDER/gradebook.json)")
    parser.add_argument("--exercise", help="exercise name (default: from the notebook's metadata, else its file name)")
    parser.add_argument("--config", type=Path,
                        help="the course's pyproject.toml (default: the nearest one with [tool.sandgrader])")
    parser.add_argument("--masters", type=Path, help="folder of master notebooks (default: from the configuration)")
    parser.add_argument("--timeout", type=float, default=Limits.wall, help="wall-clock seconds per question")
    parser.add_argument("--cpu", type=float, help="CPU seconds per question (default: the timeout)")
    parser.add_argument("--memory-gib", type=float, default=Limits.memory / GiB, help="address space per question")
    parser.add_argument("--output-bytes", type=int, default=Limits.output, help="captured output per question")
    parser.add_argument("--jobs", type=int, help="questions graded in parallel (default: min(4, CPUs))")
    parser.add_argument("--no-file-confinement", action="store_true",
                        help="let the answers read every file you can (no Landlock view; for diagnosis only)")
    args = parser.parse_args(argv)
    limits = Limits(wall=args.timeout, cpu=args.cpu or args.timeout, memory=int(args.memory_gib * GiB),
                    output=args.output_bytes)
    try:
        course = config.load(args.config)
    except (config.ConfigError, OSError) as err:
        print(f"sandgrader: {err}", file=sys.stderr)
        return 2
    options = {"config": course, "limits": limits, "jobs": args.jobs, "masters": args.masters,
               "exercise": args.exercise, "confine_files": not args.no_file_confinement}
    if args.submission.is_dir():
        return grade_folder(args.submission, args.json, options)
    report = grade(args.submission, **options)
    print(format_report(report))
    out = args.json or args.submission.with_suffix(".grade.json")
    try:
        out.write_text(report.to_json() + "\n", encoding="utf-8")
        print(f"Report written to {out}")
    except OSError as err:
        print(f"could not write the JSON report to {out}: {err}", file=sys.stderr)
        return 2
    return 2 if report.error else 0


def grade_folder(folder: Path, json_path: Path | None, options: dict) -> int:
    """Grade every notebook under ``folder`` and write the gradebook; one line per submission."""
    paths = gradebook.submissions(folder)
    if not paths:
        print(f"sandgrader: no notebook (.ipynb) under {folder}", file=sys.stderr)
        return 2
    reports = []
    for path in paths:
        report = grade(path, **options)
        reports.append(report)
        status = f"ERROR: {report.error}" if report.error else f"{report.score:g}/{report.max_score:g}"
        print(f"  {path.relative_to(folder).as_posix()}  ({report.exercise})  {status}")
    json_path = json_path or folder / "gradebook.json"
    csv_path = json_path.with_suffix(".csv")
    try:
        gradebook.write(reports, folder, csv_path, json_path)
    except OSError as err:
        print(f"could not write the gradebook: {err}", file=sys.stderr)
        return 2
    lacking = sorted({item for r in reports for item in r.lacking})
    print(protection_line(next((r.sandbox for r in reports if r.sandbox), ""), lacking))
    print(f"Gradebook of {len(reports)} submissions written to {csv_path} and {json_path}")
    return 2 if any(r.error for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
