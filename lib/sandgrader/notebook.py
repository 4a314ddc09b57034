"""Reading exercise notebooks: a master's questions and hidden tests, a submission's answers.

A master notebook (one per exercise, in the course's ``masters`` folder) uses Otter Assign's format
(https://otter-grader.readthedocs.io, "Otter Assign: Python notebook format"):

* a raw cell ``# ASSIGNMENT CONFIG`` (YAML) first;
* code cells outside questions are the exercise's **setup** (imports, data); the
  grader runs the master's setup, never the submission's copy;
* each question is a block of raw-cell markers::

      # BEGIN QUESTION / name: q1 / points: 1 / check_cell: false
        markdown prompt
      # BEGIN SOLUTION
        the solution cell(s): ``# BEGIN SOLUTION NO PROMPT`` … ``# END SOLUTION`` around
        the solution, and lines ending in ``# BEGIN PROMPT`` … ``# END PROMPT`` (inside a
        triple-quoted string, so the master still runs) around what the student gets
        instead: a stub that raises ``NotImplementedError``, or ``value = ...``;
        one-line answers can be written ``value = 0.25  # SOLUTION``
      # END SOLUTION
        one public check cell:  with public_check("q1"[, value, …]):  <asserts>
      # BEGIN TESTS
        hidden test cells, each starting with a triple-quoted ``# BEGIN TEST CONFIG`` …
        ``# END TEST CONFIG`` header that says ``hidden: true``; plain ``assert`` statements
        (Otter removes them all from the student notebook). A header may say instead:
          ``wrong: why it is wrong`` — the cell is a plausible wrong answer, which must score 0;
          ``correct: its style`` — the cell is a correct answer in another style, which must
          score full marks (both graded by the course's tests, never by a student's);
          ``forbid: [numpy.tanh, ...]`` — the answer may not use these functions (the
          sandbox replaces them with a trap, and the answer's source may not name them);
          the cell's body is then a plain ``pass`` (Otter cannot convert an empty test).
      # END TESTS
      # END QUESTION

* a written answer that the instructor grades (Otter's *manual* question) says ``manual: true``
  in its BEGIN QUESTION config; its solution is a Markdown cell (a model answer, which Otter
  replaces with "Type your answer here"), and it has neither a check cell nor tests. The grader
  does not score it: the report carries the student's text "for the instructor".

A question scores its points when its public check body and every hidden test pass.
The test code runs in the grader's own process; every name it uses that the question's
solution defines (a function or a value) is fetched from the submission's sandbox
(values copied, functions called remotely), everything else comes from the setup.
"""
from __future__ import annotations

import ast
import builtins
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_MARKER = re.compile(r"#\s*(ASSIGNMENT CONFIG|BEGIN QUESTION|END QUESTION|BEGIN SOLUTION|END SOLUTION"
                     r"|BEGIN TESTS|END TESTS)\b")
_TEST_CONFIG = re.compile(r'^\s*"""\s*#\s*BEGIN TEST CONFIG\s*\n(.*?)\n\s*"""\s*#\s*END TEST CONFIG\s*\n?', re.S)
CHECK_HELPER = "public_check"


class NotebookError(ValueError):
    """A master or submission notebook does not have the structure the grader needs."""


@dataclass(frozen=True)
class Test:
    """One graded test: the public check body or a hidden test cell."""

    label: str
    source: str


@dataclass
class Question:
    name: str
    points: float
    solution: list[str]
    check: str
    tests: list[Test]
    answer_names: frozenset[str] = frozenset()
    names_used: frozenset[str] = frozenset()
    #: the top-level modules the solution imports
    imports: frozenset[str] = frozenset()
    #: plausible wrong answers (why, code) and correct answers in other styles (style, code)
    wrong_answers: list[tuple[str, str]] = field(default_factory=list)
    correct_variants: list[tuple[str, str]] = field(default_factory=list)
    #: dotted names of functions the answer may not use (``numpy.tanh``)
    forbidden: tuple[str, ...] = ()
    #: a written answer that the instructor grades (Otter's ``manual: true``); never auto-graded
    manual: bool = False


@dataclass
class Exercise:
    name: str
    path: Path
    setup: list[str]
    questions: list[Question]
    config: dict = field(default_factory=dict)
    #: (role, question) of every cell of the master: role is setup/answer/check/test, or None
    cell_roles: list[tuple[str | None, str | None]] = field(default_factory=list)

    @property
    def max_score(self) -> float:
        """The points the grader awards (questions for the instructor not included)."""
        return float(sum(q.points for q in self.questions if not q.manual))

    @property
    def manual_points(self) -> float:
        """The points of the written answers that the instructor grades."""
        return float(sum(q.points for q in self.questions if q.manual))

    def question(self, name: str) -> Question:
        for q in self.questions:
            if q.name == name:
                return q
        raise KeyError(f"{self.name} has no question {name!r}")


def source(cell) -> str:
    src = cell.get("source", "")
    return "".join(map(str, src)) if isinstance(src, list) else str(src)


def marker_of(cell) -> str | None:
    """The Otter Assign marker a raw cell starts with (``BEGIN QUESTION`` …), else None."""
    if cell.get("cell_type") != "raw":
        return None
    first = source(cell).lstrip().split("\n", 1)[0]
    m = _MARKER.match(first.strip())
    return m.group(1) if m else None


def _yaml_body(cell) -> dict:
    body = source(cell).lstrip().split("\n", 1)
    data = yaml.safe_load(body[1]) if len(body) > 1 else None
    return data or {}


def defined_names(code: str) -> set[str]:
    """Names a cell binds at top level by ``def``, ``class`` or assignment (imports excluded)."""
    names: set[str] = set()
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def imported_modules(code: str) -> set[str]:
    """Top-level package names imported anywhere in ``code`` (empty if it does not parse)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            mods.add(node.module.split(".")[0])
    return mods


def free_names(code: str) -> set[str]:
    """Names ``code`` reads but does not bind itself (nor are builtins)."""
    tree = ast.parse(code)
    loaded, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return loaded - bound - set(dir(builtins))


def check_body(question: str, code: str) -> str:
    """The statements inside ``with public_check("qN", ...):`` (the public check cell)."""
    tree = ast.parse(code)
    ok = (len(tree.body) == 1 and isinstance(tree.body[0], ast.With)
          and len(tree.body[0].items) == 1)
    call = tree.body[0].items[0].context_expr if ok else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == CHECK_HELPER
            and call.args and isinstance(call.args[0], ast.Constant) and call.args[0].value == question):
        raise NotebookError(f"{question}: the public check cell must be one statement "
                            f'`with {CHECK_HELPER}("{question}", ...):` followed by asserts')
    body = tree.body[0].body
    lines = code.splitlines()[body[0].lineno - 1: body[-1].end_lineno]
    return textwrap.dedent("\n".join(lines)) + "\n"


def _test_cell(question: str, index: int, cell) -> tuple[dict, str]:
    """A TESTS cell's header (its TEST CONFIG) and its code after the header."""
    code = source(cell)
    m = _TEST_CONFIG.match(code)
    config = yaml.safe_load(m.group(1)) if m else None
    if not (isinstance(config, dict) and config.get("hidden") is True):
        raise NotebookError(f"{question}: test cell {index} must start with a TEST CONFIG docstring saying "
                            "`hidden: true` (public checks belong in the public check cell)")
    kinds = [k for k in ("wrong", "correct", "forbid") if k in config]
    if len(kinds) > 1:
        raise NotebookError(f"{question}: test cell {index} is at most one of wrong/correct/forbid, not {kinds}")
    forbid = config.get("forbid", [])
    if not (isinstance(forbid, list) and all(isinstance(n, str) and "." in n for n in forbid)):
        raise NotebookError(f"{question}: test cell {index}: forbid must list dotted names such as numpy.tanh")
    return config, code[m.end():]


#: parser state → (where a code cell's source goes, the cell's role)
_ROLE_OF_STATE = {"outside": (None, "setup"), "question": ("check", "check"),
                  "solution": ("solution", "answer"), "tests": ("tests", "test")}


def load_master(path: str | Path) -> Exercise:
    """Parse a master notebook into its setup and questions (see the module docstring)."""
    path = Path(path)
    nb = json.loads(path.read_text())
    setup: list[str] = []
    questions: list[Question] = []
    config: dict = {}
    state, current = "outside", None
    roles: list[tuple[str | None, str | None]] = []
    for i, cell in enumerate(nb["cells"]):
        marker = marker_of(cell)
        where = f"{path.name} cell {i}"
        roles.append((None, None))
        if marker == "ASSIGNMENT CONFIG":
            config = _yaml_body(cell)
        elif marker == "BEGIN QUESTION":
            if state != "outside":
                raise NotebookError(f"{where}: BEGIN QUESTION inside another question")
            qconf = _yaml_body(cell)
            if "name" not in qconf:
                raise NotebookError(f"{where}: question without a name")
            points = qconf.get("points", 1)
            if isinstance(points, bool) or not isinstance(points, int | float) or points <= 0:
                raise NotebookError(f"{where}: question {qconf['name']}: points must be a positive number, "
                                    f"not {points!r}")
            manual = qconf.get("manual", False)
            if not isinstance(manual, bool):
                raise NotebookError(f"{where}: question {qconf['name']}: manual must be true or false")
            current = {"name": str(qconf["name"]), "points": float(points), "manual": manual,
                       "solution": [], "check": [], "tests": []}
            state = "question"
        elif marker in ("BEGIN SOLUTION", "BEGIN TESTS"):
            if state != "question":
                raise NotebookError(f"{where}: {marker} outside a question")
            state = "solution" if marker == "BEGIN SOLUTION" else "tests"
        elif marker in ("END SOLUTION", "END TESTS"):
            if state != ("solution" if marker == "END SOLUTION" else "tests"):
                raise NotebookError(f"{where}: {marker} without its BEGIN")
            state = "question"
        elif marker == "END QUESTION":
            if state != "question":
                raise NotebookError(f"{where}: END QUESTION inside a SOLUTION or TESTS block")
            questions.append(_finish_question(current, path))
            state, current = "outside", None
        elif (cell.get("cell_type") == "markdown" and state == "solution" and current["manual"]
              and source(cell).strip()):
            current["solution"].append(source(cell))
            roles[-1] = ("answer", current["name"])
        elif cell.get("cell_type") == "code" and source(cell).strip():
            if state == "solution" and current["manual"]:
                raise NotebookError(f"{where}: {current['name']} is written (manual): its answer is a Markdown cell")
            key, role = _ROLE_OF_STATE[state]
            (setup if key is None else current[key]).append(source(cell))
            roles[-1] = (role, current["name"] if current else None)
    if state != "outside":
        raise NotebookError(f"{path.name}: the last question is not closed (END QUESTION missing)")
    exercise = Exercise(path.stem, path, setup, questions, config, roles)
    _validate(exercise)
    return exercise


def _finish_question(raw: dict, path: Path) -> Question:
    name = raw["name"]
    if not raw["solution"]:
        raise NotebookError(f"{path.name} {name}: no solution cell")
    if raw["manual"]:
        if raw["check"] or raw["tests"]:
            raise NotebookError(f"{path.name} {name}: a written (manual) question has no check cell and no tests")
        return Question(name=name, points=raw["points"], solution=raw["solution"], check="", tests=[],
                        manual=True)
    if len(raw["check"]) != 1:
        raise NotebookError(f"{path.name} {name}: needs exactly one public check cell, found {len(raw['check'])}")
    if not raw["tests"]:
        raise NotebookError(f"{path.name} {name}: no hidden tests")
    tests = [Test("public check", check_body(name, raw["check"][0]))]
    wrong, correct, forbidden = [], [], []
    for index, cell_src in enumerate(raw["tests"], start=1):
        config, code = _test_cell(name, index, {"source": cell_src})
        if "wrong" in config:
            wrong.append((str(config["wrong"]), code))
        elif "correct" in config:
            correct.append((str(config["correct"]), code))
        elif "forbid" in config:
            forbidden += config["forbid"]
        else:
            tests.append(Test(f"hidden test {len(tests)}", code))
    if len(tests) < 2:
        raise NotebookError(f"{path.name} {name}: no hidden tests")
    solution_code = "\n".join(raw["solution"])
    used = set().union(*(free_names(t.source) for t in tests))
    return Question(name=name, points=raw["points"], solution=raw["solution"], check=raw["check"][0],
                    tests=tests, answer_names=frozenset(defined_names(solution_code)),
                    names_used=frozenset(used),
                    imports=frozenset(imported_modules(solution_code)),
                    wrong_answers=wrong, correct_variants=correct, forbidden=tuple(forbidden))


def _validate(ex: Exercise) -> None:
    names = [q.name for q in ex.questions]
    if len(set(names)) != len(names):
        raise NotebookError(f"{ex.path.name}: duplicate question names {names}")
    setup_names = set().union(set(), *(defined_names(s) for s in ex.setup))
    for q in (q for q in ex.questions if not q.manual):
        clash = q.answer_names & setup_names
        if clash:
            raise NotebookError(f"{ex.path.name} {q.name}: answer names {sorted(clash)} are also defined by setup")
        if not q.answer_names & q.names_used:
            raise NotebookError(f"{ex.path.name} {q.name}: the tests use none of the answer's names "
                                f"{sorted(q.answer_names)}")


# --------------------------------------------------------------------------- submissions
# ``key`` below is the course's metadata key (``Config.metadata_key``), under which
# ``python -m sandgrader.assign`` writes each cell's role and the notebook's exercise.


def cell_role(cell, key: str) -> tuple[str | None, str | None]:
    """(role, question) from a cell's ``key`` metadata, written by :mod:`sandgrader.assign`."""
    meta = cell.get("metadata")
    meta = meta.get(key, {}) if isinstance(meta, dict) else {}
    if not isinstance(meta, dict):
        return None, None
    return meta.get("role"), meta.get("question")


def exercise_name(nb: dict, path: Path, key: str) -> str:
    """The exercise a notebook belongs to: its ``<key>.exercise`` metadata, else the file name."""
    meta = nb.get("metadata")
    meta = meta.get(key, {}) if isinstance(meta, dict) else {}
    name = meta.get("exercise") if isinstance(meta, dict) else None
    return str(name) if name else path.stem


def answer_cells(nb: dict, key: str) -> dict[str, list[str]]:
    """Question name → the submission's answer code (a written answer's text), in notebook order.

    An answer is every code cell marked as that question's answer, plus any unmarked
    code cells the student inserted directly after it (before the next marked cell);
    a written answer is the Markdown cell marked as its answer.
    """
    cells = nb.get("cells")
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise NotebookError("not a notebook: 'cells' must be a list of cells")
    answers: dict[str, list[str]] = {}
    current = None
    for cell in cells:
        role, question = cell_role(cell, key)
        if cell.get("cell_type") == "markdown" and role == "answer" and question:
            answers.setdefault(str(question), []).append(source(cell))
            continue
        if cell.get("cell_type") != "code":
            continue
        if role == "answer" and question:
            current = str(question)
            answers.setdefault(current, []).append(source(cell))
        elif role is not None:
            current = None
        elif current is not None:
            answers[current].append(source(cell))
    return answers
