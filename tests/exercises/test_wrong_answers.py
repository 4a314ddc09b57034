"""Wrong answers always lose, correct answers in another style always win.

Each master question may carry, in its TESTS region (so never in the student notebook or on
the site), plausible wrong answers (``wrong: why``) and correct answers in another style
(``correct: style``); see :mod:`sandgrader.notebook`. Every one is graded here as a student's
answer: a wrong one must score 0, a correct one full marks. Grading is batched: round *k*
puts the *k*-th wrong answer of every question into one submission (each question is graded
in its own sandbox, so they do not interfere), the other questions keep the master's answer.
"""
from __future__ import annotations

import pytest
from exercise_helpers import CONFIG, MASTERS, by_question, grade_notebook, lost, submission

from sandgrader import release
from sandgrader.notebook import load_master

EXERCISES = {p.stem: load_master(p) for p in MASTERS}
#: questions that carry wrong answers (every one, see the coverage test)
COVERED = {name: [q for q in ex.questions if q.wrong_answers] for name, ex in EXERCISES.items()}


def _rounds(exercise: str, kind: str) -> list[dict[str, tuple[str, str]]]:
    """Round k → {question: (label, code)} of each question's k-th wrong (or correct) answer."""
    pools = {q.name: (q.wrong_answers if kind == "wrong" else q.correct_variants) for q in COVERED[exercise]}
    depth = max((len(p) for p in pools.values()), default=0)
    return [{q: pool[k] for q, pool in pools.items() if k < len(pool)} for k in range(depth)]


@pytest.mark.parametrize("exercise", [name for name, qs in COVERED.items() if qs])
def test_every_wrong_answer_scores_nothing(exercise, tmp_path):
    scores = []
    for k, answers in enumerate(_rounds(exercise, "wrong")):
        report = grade_notebook(submission(exercise, {q: code for q, (_, code) in answers.items()}),
                                tmp_path, f"{exercise}-wrong{k}.ipynb")
        results = by_question(report)
        for q, (why, _) in answers.items():
            scores.append(results[q].points)
            assert results[q].points == 0, f"{exercise} {q}: the wrong answer '{why}' scored ({results[q].message})"
        assert not lost(report) - set(answers), f"{exercise}: the master's answers lost {lost(report) - set(answers)}"
    assert scores and set(scores) == {0.0}


@pytest.mark.parametrize("exercise", [name for name, qs in COVERED.items() if qs])
def test_every_correct_variant_scores_full_marks(exercise, tmp_path):
    for k, answers in enumerate(_rounds(exercise, "correct")):
        report = grade_notebook(submission(exercise, {q: code for q, (_, code) in answers.items()}),
                                tmp_path, f"{exercise}-correct{k}.ipynb")
        results = by_question(report)
        for q, (style, _) in answers.items():
            assert results[q].status == "passed", f"{exercise} {q}: the correct answer '{style}' lost: {results[q].message}"


def test_every_question_has_three_wrong_answers_and_a_correct_variant():
    thin = {f"{name} {q.name}": (len(q.wrong_answers), len(q.correct_variants))
            for name, ex in EXERCISES.items() for q in ex.questions
            if not q.manual and (len(q.wrong_answers) < 3 or not q.correct_variants)}
    assert not thin, f"(wrong, correct) per auto-graded question, needs (>= 3, >= 1): {thin}"
    counts = {name: (len(ex.questions), sum(len(q.wrong_answers) for q in ex.questions),
                     sum(len(q.correct_variants) for q in ex.questions)) for name, ex in EXERCISES.items()}
    print("\n(questions, wrong answers, correct variants) per exercise:", counts)


def test_wrong_answers_never_reach_the_student_notebook():
    for name, qs in COVERED.items():
        if not qs:
            continue
        secrets = release.secret_lines(CONFIG.masters / f"{name}.ipynb")
        text = release.notebook_text(CONFIG.students / f"{name}.ipynb")
        for q in qs:
            lines = {ln.strip() for _, code in q.wrong_answers + q.correct_variants for ln in code.splitlines()}
            assert lines & secrets, f"{name} {q.name}: no line of its wrong answers counts as secret"
            assert not [ln for ln in lines & secrets if ln in text], (name, q.name)


def _wrong(exercise: str, question: str, why: str) -> str:
    return next(code for label, code in EXERCISES[exercise].question(question).wrong_answers if label.startswith(why))


def test_the_report_names_the_mutation_and_the_forbidden_function(tmp_path):
    """The issue's cases: an in-place relu_backward (ex04 q7), np.tanh named or reached at run time (ex02 q4)."""
    report = grade_notebook(submission("ex04_math_derivations", {
        "q7": _wrong("ex04_math_derivations", "q7", "writes zeros into dA")}), tmp_path, "ex04.ipynb")
    assert "relu_backward changed its argument 1 in place" in by_question(report)["q7"].message
    for why, words in [("np.tanh, which", "uses numpy.tanh, which this question forbids"),
                       ("np.tanh reached", "PermissionError: numpy.tanh is not allowed in this question")]:
        report = grade_notebook(submission("ex02_core_concepts", {"q4": _wrong("ex02_core_concepts", "q4", why)}),
                                tmp_path, "ex02.ipynb")
        assert words in by_question(report)["q4"].message, by_question(report)["q4"].message
