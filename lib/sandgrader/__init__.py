"""sandgrader: grade Jupyter notebook exercises question by question, each in a sandbox of its own.

A course keeps master notebooks in Otter Assign's format (solutions and hidden tests,
:mod:`sandgrader.notebook`) and tells the grader where they are in its ``pyproject.toml``
(``[tool.sandgrader]``, :mod:`sandgrader.config`). Then::

    python -m sandgrader SUBMISSION.ipynb [--json OUT]     # grade one submission (sandgrader.grade)
    python -m sandgrader.assign [--check]                  # masters → student notebooks (sandgrader.assign)

Every question runs in its own process forked from a fork server (:mod:`sandgrader.forkserver`),
under time, memory and output limits, a filesystem view restricted to what the question needs
on Linux 5.13+ (:mod:`sandgrader.landlock`) and, on Linux x86-64, a seccomp filter
(:mod:`sandgrader.seccomp`); the tests run in the grader's process and reach the answer over a
small wire protocol (:mod:`sandgrader.wire`, :mod:`sandgrader.runner`, :mod:`sandgrader.sandbox`).
The package knows nothing of any course: a course's own check helpers for its notebooks live in
the course.
"""
from __future__ import annotations

#: NumPy floating-point errors that a *strict* call turns into exceptions (underflow is fine):
#: ``RemoteFunction.call_strict`` runs the answer under ``np.errstate(**STRICT)`` in its sandbox
STRICT = {"over": "raise", "invalid": "raise", "divide": "raise"}
