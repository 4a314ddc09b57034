"""The grader stands on its own: it is told where a course's exercises are, and says what it could not do."""
from __future__ import annotations

import json

import nbformat
import pytest
from exercise_helpers import CONFIG, LIMITS, MASTERS, ROOT, by_question, read

from sandgrader import assign, config, grade, landlock, seccomp
from sandgrader.__main__ import format_report
from sandgrader.notebook import load_master


def test_the_course_configuration_is_read_from_pyproject():
    assert CONFIG.masters == ROOT / "exercises" / "master"
    assert CONFIG.students == ROOT / "exercises" / "student"
    assert CONFIG.metadata_key == "actlab" and "actlab" in CONFIG.preload and "torch" in CONFIG.preloadable


def test_the_grader_modules_know_nothing_of_this_course():
    for path in (ROOT / "lib" / "sandgrader").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("actlab", "exercises/", "activation"):
            assert word not in text, f"{path.name} mentions {word!r}"


def test_configuration_errors_say_what_is_wrong(tmp_path):
    with pytest.raises(config.ConfigError, match=r"no \[tool.sandgrader\] table"):
        config.load(_pyproject(tmp_path, ""))
    with pytest.raises(config.ConfigError, match="unknown key"):
        config.load(_pyproject(tmp_path, '[tool.sandgrader]\nmasters = "m"\nstudents = "s"\nmaster = "x"\n'))
    with pytest.raises(config.ConfigError, match="masters must be a path"):
        config.load(_pyproject(tmp_path, '[tool.sandgrader]\nstudents = "s"\n'))


def _pyproject(folder, text):
    path = folder / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_another_course_is_graded_from_its_own_layout(tmp_path):
    """A course with its masters elsewhere, its own metadata key and preloads: the grader follows its configuration."""
    course = config.load(_pyproject(tmp_path, '[tool.sandgrader]\nmasters = "hw/solutions"\nstudents = "hw/out"\n'
                                    'preload = ["numpy"]\nmetadata_key = "othercourse"\n'))
    assert course.masters == tmp_path / "hw" / "solutions" and course.metadata_key == "othercourse"
    course.masters.mkdir(parents=True)
    source = MASTERS[0]
    master = assign.annotate(nbformat.read(source, as_version=4), load_master(source), course)
    nbformat.write(master, course.masters / source.name)
    submission = tmp_path / "mine.ipynb"
    nbformat.write(master, submission)
    report = grade.grade(submission, config=course, limits=LIMITS, jobs=2)
    assert report.exercise == source.stem and report.score == report.max_score > 0, report
    # a notebook marked with another course's metadata key has no answers this course can find
    stranger = tmp_path / "elsewhere" / source.name
    stranger.parent.mkdir()
    stranger.write_text(json.dumps(read(source)))
    report = grade.grade(stranger, config=course, limits=LIMITS)
    assert report.max_score > 0 and {r.status for r in by_question(report).values()} == {"missing"}, report


def test_every_report_names_the_protections_applied_and_lacking(monkeypatch):
    full = (["rlimits", "landlock (Landlock ABI 7)", "seccomp"], [])
    refused = (["rlimits", "landlock (Landlock ABI 7)"], ["seccomp (filter refused: Operation not permitted)"])
    assert grade.summarize([full, full]) == ("rlimits + landlock (Landlock ABI 7) + seccomp", [])
    sandbox, lacking = grade.summarize([full, refused])
    (note,) = grade.sandbox_notes(lacking)
    assert "filter refused" in note and "no seccomp filter" in note
    # a report in which no question ran still says what this platform cannot do
    monkeypatch.setattr(seccomp, "unavailable_reason", lambda: "no seccomp filter on this platform: linux/aarch64")
    monkeypatch.setattr(landlock, "unavailable_reason", lambda: "no Landlock on Linux 5.4: not in this kernel")
    sandbox, lacking = grade.summarize([])
    notes = grade.sandbox_notes(lacking)
    assert sandbox == "" and len(notes) == 2
    assert any("linux/aarch64" in n for n in notes) and any("no filesystem view" in n for n in notes)
    report = grade.Report("s.ipynb", "ex", 0.0, 1.0, [], 0.1, {}, "", error="cannot grade", notes=notes,
                          lacking=lacking)
    text = format_report(report)
    assert all(f"Note: {note}" in text for note in notes)
    assert "Protection: no sandbox ran; lacking: landlock (no Landlock on Linux 5.4" in text


def test_unsupported_platform_is_named(monkeypatch):
    monkeypatch.setattr(seccomp.platform, "machine", lambda: "aarch64")
    assert not seccomp.supported()
    assert "aarch64" in seccomp.unavailable_reason()
    with pytest.raises(OSError, match="Linux x86-64 only"):
        seccomp.install()
