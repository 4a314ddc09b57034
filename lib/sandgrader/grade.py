"""Grade a submission: one sandbox per question, tests judged in the grader's own process.

For each question of the exercise, :func:`grade_question` starts a fresh
:class:`~sandgrader.runner.Sandbox` with the master's setup cells and the
submission's answer cells for that question only, then runs the question's public
check body and hidden tests *here*, with the answer's names fetched from the sandbox
as plain data or remote calls. A question scores its points only if all its tests
pass. Whatever the answer does — raise, loop, allocate, print, exit, kill, patch
``numpy`` or the checks — happens in its own sandbox and costs that question alone.
"""
from __future__ import annotations

import ast
import builtins
import contextlib
import io
import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sandgrader import config as configuration
from sandgrader import landlock, seccomp
from sandgrader.notebook import Exercise, Question, answer_cells, exercise_name, imported_modules, load_master
from sandgrader.runner import Limits, RemoteError, Sandbox, SandboxStopped
from sandgrader.wire import WireError

OUTPUT_EXCERPT = 2000
#: the protections a sandbox can have, in the order it puts them up
PROTECTIONS = ("rlimits", "landlock", "seccomp")
#: what the answers can do when a protection is lacking
WITHOUT = {
    "landlock": "no filesystem view: the answers could read any file your account can read (the masters "
                "with their solutions and hidden tests, other submissions, your home directory)",
    "seccomp": "no seccomp filter: the grader could not stop the answers from writing files, forking or "
               "signalling other processes",
}

#: the status of a written answer, which the grader passes on to the instructor unscored
WRITTEN = "for the instructor"
#: question statuses, in the order the report explains them
STATUSES = {
    "passed": "all tests passed",
    "failed": "a test failed",
    "not attempted": "the stub is still there (NotImplementedError or ...)",
    "error": "the answer raised an exception",
    "timeout": "time limit exceeded",
    "memory": "memory limit exceeded",
    "output": "printed more than the output limit",
    "crashed": "the answer's process crashed or broke the channel",
    "exited": "the answer's process exited early",
    "missing": "no answer cell for this question in the submission",
    WRITTEN: "a written answer: the instructor grades it (its points are not in the total)",
    "grader error": "the grader failed (a bug: please report it)",
}


@dataclass
class QuestionResult:
    question: str
    points: float
    max_points: float
    status: str
    message: str = ""
    output: str = ""
    seconds: float = 0.0


@dataclass
class Report:
    submission: str
    exercise: str
    score: float
    #: the points the grader awards; ``manual_points`` are the instructor's to give
    max_score: float
    questions: list[QuestionResult]
    seconds: float
    limits: dict
    sandbox: str
    error: str = ""
    #: the protections the platform lacked, each with the reason
    lacking: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    manual_points: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)


def trusted_namespace(exercise: Exercise) -> dict:
    """The master's setup cells, run here once (their output is discarded)."""
    ns: dict = {"__name__": "__sandgrader__", "__builtins__": builtins}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for i, code in enumerate(exercise.setup, start=1):
            exec(compile(code, f"<{exercise.name} setup {i}>", "exec", optimize=0), ns)  # noqa: S102
    return ns


def _remote_failure(test_label: str, err: RemoteError) -> tuple[str, str]:
    info = err.info
    if info.get("type") == "NotImplementedError":
        return "not attempted", f"{test_label}: the answer still raises NotImplementedError"
    if info.get("memory"):
        return "memory", f"{test_label}: the answer ran out of memory ({err})"
    return "failed", f"{test_label}: calling the answer raised {err}"


def _judge(question: Question, box: Sandbox, trusted: dict) -> tuple[str, str]:
    """Run the question's tests against the sandboxed answer; (status, message)."""
    ready = box.ready()
    if ready.get("setup_error"):
        return "grader error", f"the exercise setup failed in the sandbox: {ready['setup_error']}"
    answer_error = ready.get("answer_error")
    ns = dict(trusted)
    for name in sorted(question.names_used):
        if name in question.answer_names or name not in ns:
            with contextlib.suppress(NameError):
                ns[name] = box.lookup(name)
    if any(ns.get(name) is Ellipsis for name in question.answer_names):
        return "not attempted", "the answer still holds the placeholder `...`"
    for test in question.tests:
        try:
            exec(compile(test.source, f"<{question.name} {test.label}>", "exec", optimize=0), ns)  # noqa: S102
        except RemoteError as err:
            status, message = _remote_failure(test.label, err)
        except AssertionError as err:
            status, message = "failed", f"{test.label} failed" + (f": {err}" if str(err) else "")
        except NameError as err:
            status, message = "failed", f"{test.label}: {err}"
        except (SandboxStopped, WireError):
            raise
        except Exception as err:  # noqa: BLE001 -- any other failure of a test is a failed test
            status, message = "failed", f"{test.label}: {type(err).__name__}: {err}"
        else:
            continue
        if answer_error and status != "not attempted":
            mem = answer_error.get("memory")
            status = "memory" if mem else "error"
            message = (f"the answer raised {answer_error['type']}: {answer_error['message']}"
                       f" ({answer_error.get('where', '')}); then {message}")
        return status, message
    note = ""
    if answer_error:
        note = f" (note: the answer cell raised {answer_error['type']}, but every test passed)"
    return "passed", f"{STATUSES['passed']}{note}"


def _nodes(codes: list[str]):
    """Every AST node of the ``codes`` that parse (an answer that does not parse fails in its sandbox)."""
    for code in codes:
        try:
            yield from ast.walk(ast.parse(code))
        except SyntaxError:
            continue


def _module_aliases(codes: list[str]) -> dict[str, str]:
    """Name → module for every ``import m [as a]`` and ``from p import m [as a]`` in ``codes``."""
    aliases: dict[str, str] = {}
    for node in _nodes(codes):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    return aliases


def forbidden_names(question: Question, answers: list[str], setup: list[str] = ()) -> list[str]:
    """The forbidden functions (``numpy.tanh``) that the answer's source names: ``np.tanh`` (any alias
    of the module, from the setup or the answer) or ``from numpy import tanh``. Names it builds at run
    time (``getattr(np, "ta" + "nh")``) meet the sandbox's trap instead."""
    aliases = _module_aliases([*setup, *answers])
    named = set()
    for node in _nodes(answers):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            named.add(f"{aliases.get(node.value.id, node.value.id)}.{node.attr}")
        elif isinstance(node, ast.Name) and node.id in aliases:
            named.add(aliases[node.id])
    return [name for name in question.forbidden if name in named]


#: what Otter Assign puts in a written answer's cell for the student to replace
WRITTEN_PLACEHOLDER = "_Type your answer here, replacing this text._"


def written_answer(question: Question, answers: list[str]) -> QuestionResult:
    """A written (manual) question: never run, never scored; the report carries the text for the instructor."""
    text = "\n\n".join(a.strip() for a in answers).strip()
    if not text or text == WRITTEN_PLACEHOLDER:
        status = "missing" if not answers else "not attempted"
        return QuestionResult(question.name, 0.0, question.points, status,
                              STATUSES["missing"] if not answers else "the answer cell still holds Otter's placeholder")
    return QuestionResult(question.name, 0.0, question.points, WRITTEN, text)


def grade_question(question: Question, exercise: Exercise, answers: list[str], trusted: dict,
                   limits: Limits, config: configuration.Config,
                   confine_files: bool = True) -> tuple[QuestionResult, tuple[list[str], list[str]] | None]:
    """Grade one question in its own sandbox; returns the result and the protections (applied, lacking).

    ``confine_files=False`` lifts the Landlock view (:mod:`sandgrader.landlock`), to show what
    an answer could read without it.

    Of the modules the solution and the answer import, those the course lists as
    ``preloadable`` are imported before the seccomp filter goes up (their import may open
    files for writing, e.g. PyTorch's optional ``dill``).
    """
    if question.manual:
        return written_answer(question, answers), None
    start = time.perf_counter()
    result = QuestionResult(question.name, 0.0, question.points, "missing", STATUSES["missing"])
    protection = None
    if not answers:
        return result, protection
    imports = question.imports.union(*(imported_modules(a) for a in answers))
    job = {"setup": exercise.setup, "answer": answers, "preload": sorted(imports & config.preloadable),
           "confine_files": confine_files, "forbid": list(question.forbidden)}
    named = forbidden_names(question, answers, exercise.setup)
    if named:
        result.status, result.message = "failed", (f"the answer uses {', '.join(named)}, which this question "
                                                   "forbids: write it with what the question allows")
        return result, protection
    box = None
    try:
        box = Sandbox(job, limits, config.preload)
        with box:
            status, message = _judge(question, box, trusted)
            protection = box.applied, box.lacking
    except (SandboxStopped, WireError) as err:
        status = getattr(err, "status", "crashed")
        message = str(err)
    except Exception as err:  # noqa: BLE001 -- the report must still be written
        status, message = "grader error", f"{type(err).__name__}: {err}"
    result.status, result.message = status, message
    result.points = question.points if status == "passed" else 0.0
    if box is not None:
        text = box.output.text(OUTPUT_EXCERPT)
        if box.output.total > OUTPUT_EXCERPT:
            text += f"\n[... {box.output.total - OUTPUT_EXCERPT:,} more bytes not shown]"
        result.output = text
    result.seconds = round(time.perf_counter() - start, 3)
    return result, protection


def platform_lacks() -> list[str]:
    """The protections this platform cannot give a sandbox, each with the reason."""
    reasons = {"landlock": landlock.unavailable_reason(), "seccomp": seccomp.unavailable_reason()}
    return [f"{name} ({reason})" for name, reason in reasons.items() if reason]


def sandbox_notes(lacking: list[str]) -> list[str]:
    """One note per protection that did not apply: which, why, and what the answers could do instead."""
    return [f"sandbox: {item}: {WITHOUT.get(item.split(' ', 1)[0], 'protection missing')}" for item in lacking]


def summarize(protections: list[tuple[list[str], list[str]]]) -> tuple[str, list[str]]:
    """The report's ``sandbox`` (protections applied, joined) and ``lacking`` over all questions' sandboxes."""
    if not protections:
        return "", platform_lacks()
    applied = list(dict.fromkeys(p for ok, _ in protections for p in ok))
    lacking = sorted({p for _, missing in protections for p in missing})
    return " + ".join(applied), lacking


def find_master(name: str, masters: Path) -> Path:
    """The master notebook of exercise ``name`` (a plain file name: the submission chooses it)."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name):
        raise ValueError(f"{name!r} is not an exercise name")
    path = masters / f"{name}.ipynb"
    if not path.is_file():
        known = sorted(p.stem for p in masters.glob("*.ipynb"))
        raise FileNotFoundError(f"no master notebook for exercise {name!r} in {masters} (known: {known})")
    return path


def grade(submission: str | Path, *, config: configuration.Config | None = None, limits: Limits = Limits(),
          jobs: int | None = None, masters: Path | None = None, exercise: str | None = None,
          confine_files: bool = True) -> Report:
    """Grade ``submission`` against its master; never raises for anything the submission does.

    ``config`` defaults to :func:`sandgrader.config.load` (the working directory's
    ``pyproject.toml``); ``masters`` overrides its folder of master notebooks;
    ``confine_files=False`` lets the answers read every file the grader can (no Landlock view).
    """
    config = config or configuration.load()
    start = time.perf_counter()
    submission = Path(submission)
    report = Report(str(submission), exercise or "", 0.0, 0.0, [], 0.0, asdict(limits), "")
    try:
        nb = json.loads(submission.read_text(encoding="utf-8"))
        if not isinstance(nb, dict):
            raise ValueError("not a notebook (the top level is not a JSON object)")
        report.exercise = exercise or exercise_name(nb, submission, config.metadata_key)
        answers = answer_cells(nb, config.metadata_key)
        master = load_master(find_master(report.exercise, masters or config.masters))
    except (OSError, ValueError, RecursionError) as err:
        report.error = f"cannot grade {submission}: {err}"
        report.lacking = platform_lacks()
        report.notes += sandbox_notes(report.lacking)
        report.seconds = round(time.perf_counter() - start, 3)
        return report
    report.max_score, report.manual_points = master.max_score, master.manual_points
    trusted = trusted_namespace(master)
    jobs = jobs or min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(grade_question, q, master, answers.get(q.name, []), trusted, limits, config,
                               confine_files) for q in master.questions]
        outcomes = [f.result() for f in futures]
    report.questions = [r for r, _ in outcomes]
    report.sandbox, report.lacking = summarize([p for _, p in outcomes if p is not None])
    report.notes += sandbox_notes(report.lacking)
    report.score = float(sum(r.points for r in report.questions))
    report.seconds = round(time.perf_counter() - start, 3)
    return report
