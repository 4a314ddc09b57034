"""The grader's parts on their own: the wire format, the master format, the seccomp program."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from exercise_helpers import MASTERS, ROOT

from actlab.grading import assert_close, public_check, strict_call
from sandgrader import assign, seccomp
from sandgrader.notebook import NotebookError, check_body, free_names, load_master
from sandgrader.wire import MAX_FRAME, Opaque, WireError, decode, encode, read_frame, write_frame


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, float("inf"), "text", ..., [1, [2, "x"]], (1, (2.0,)), {"a": 1, 2: [3]},
    np.arange(6.0).reshape(2, 3), np.array([True, False]), np.float32(1.5), np.int64(7), np.zeros((0, 3)),
    np.array(2.0), np.arange(12.0).reshape(3, 4).T,
])
def test_plain_data_round_trips(value):
    back = decode(json.loads(json.dumps(encode(value))))
    if isinstance(value, np.ndarray | np.generic):
        assert type(back) is type(value) and back.dtype == value.dtype and np.array_equal(back, value)
    else:
        assert back == value and type(back) is type(value)


def test_anything_else_arrives_opaque_and_equals_nothing():
    class Liar:
        def __eq__(self, other):
            return True

    for value in (Liar(), print, np.array([object()]), 1 + 2j):
        back = decode(encode(value))
        assert isinstance(back, Opaque) and back != back and back != value


def test_torch_tensors_round_trip():
    torch = pytest.importorskip("torch")
    t = torch.linspace(-1, 1, 5, dtype=torch.float64)
    back = decode(encode(t))
    assert isinstance(back, torch.Tensor) and torch.equal(back, t)


def test_oversized_and_malformed_frames_are_refused():
    with pytest.raises(WireError, match="exceeds"):
        encode(np.zeros(MAX_FRAME // 8 + 1))
    r, w = __import__("os").pipe()
    write_frame(w, {"ok": 1})
    assert read_frame(r) == {"ok": 1}
    __import__("os").write(w, b"\x00\x00\x00\x05[1,2")
    __import__("os").close(w)
    with pytest.raises((WireError, EOFError)):
        read_frame(r)
    with pytest.raises(WireError):
        decode({"__t": "no such tag"})


def test_public_check_prints_one_line_and_the_whole_failure(capsys):
    with public_check("q1"):
        pass
    with public_check("q2"):
        raise NotImplementedError("write it")
    with public_check("q3", ...):
        assert ... > 0
    with public_check("q4"):
        raise AssertionError("sigmoid(0) should be 0.5\nmore detail")
    assert capsys.readouterr().out.splitlines() == [
        "q1: public checks passed (the hidden tests check more)", "q2: not attempted yet",
        "q3: not attempted yet", "q4: public check failed — AssertionError: sigmoid(0) should be 0.5", "more detail"]


def test_assert_close_never_broadcasts_and_strict_call_raises():
    assert_close(np.ones(3), np.ones(3))
    with pytest.raises(AssertionError, match="shape"):
        assert_close(1.0, np.ones(3))
    with pytest.raises(AssertionError, match="dtype"):
        assert_close(np.ones(2, np.float32), np.ones(2), dtype=np.float64)
    with pytest.raises(AssertionError, match="NaN or inf out of place"):
        assert_close(np.array([np.inf]), np.array([1.0]))
    with pytest.raises(FloatingPointError):
        strict_call(lambda x: 1.0 / (1.0 + np.exp(-x)), np.array([-1000.0]))


def test_check_body_and_free_names():
    code = 'with public_check("q1", v):\n    w = f(2)\n    assert w == v + g\n'
    assert check_body("q1", code) == "w = f(2)\nassert w == v + g\n"
    assert free_names("w = f(2)\nassert w == v + g\n[k for k in range(3)]") == {"f", "v", "g"}
    with pytest.raises(NotebookError, match="public check cell"):
        check_body("q2", code)


def _master_with(tmp_path, edit):
    nb = json.loads(MASTERS[0].read_text())
    edit(nb["cells"])
    path = tmp_path / MASTERS[0].name
    path.write_text(json.dumps(nb))
    return path


@pytest.mark.parametrize("edit, message", [
    (lambda cells: cells.pop(next(i for i, c in enumerate(cells) if "public_check(" in "".join(c["source"])
                                  and c["cell_type"] == "code")), "exactly one public check cell"),
    (lambda cells: [c.update(source="".join(c["source"]).replace("hidden: true", "hidden: false"))
                    for c in cells if "BEGIN TEST CONFIG" in "".join(c["source"])], "hidden: true"),
    (lambda cells: cells.pop(next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith("# END QUESTION"))),
     "BEGIN QUESTION inside another question"),
])
def test_malformed_masters_are_rejected_with_a_reason(tmp_path, edit, message):
    with pytest.raises(NotebookError, match=message):
        load_master(_master_with(tmp_path, edit))


def test_assign_check_command_agrees(capsys):
    assert assign.main(["--check", "--config", str(ROOT / "pyproject.toml")]) == 0
    assert f"{len(MASTERS)} exercises in sync" in capsys.readouterr().out


@pytest.mark.skipif(not seccomp.supported(), reason=str(seccomp.unavailable_reason()))
def test_seccomp_filter_blocks_signals_processes_and_writes(tmp_path):
    probe = f"""
import os, sys
from sandgrader import seccomp
seccomp.install()
results = []
for label, attempt in [("kill", lambda: os.kill(os.getppid(), 0)), ("fork", os.fork),
                       ("write", lambda: open({str(tmp_path / 'x')!r}, "w")),
                       ("socket", lambda: __import__("socket").socket())]:
    try:
        attempt()
        results.append(label + " allowed")
    except PermissionError:
        results.append(label + " denied")
import threading, numpy as np
t = threading.Thread(target=lambda: np.ones((50, 50)) @ np.ones((50, 50)))
t.start(); t.join()
print(", ".join(results), "| threads work, reading works:", len(open(sys.executable, "rb").read(4)) == 4)
"""
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.stdout.strip() == ("kill denied, fork denied, write denied, socket denied | "
                                  "threads work, reading works: True"), out.stderr
    assert not (tmp_path / "x").exists()


def test_a_sandbox_that_stops_reading_cannot_stall_the_grader():
    """The answer replaces the sandbox's request reader; a large request must still time out."""
    import time

    from sandgrader.runner import Limits, Sandbox, SandboxStopped

    answer = ("import time\nimport sandgrader.sandbox as sb\n"
              "def f(x):\n    return x\n"
              "sb.read_frame = lambda *a, **k: time.sleep(10 ** 6)")
    start = time.perf_counter()
    with Sandbox({"setup": ["import numpy as np"], "answer": [answer], "preload": []}, Limits(wall=3, cpu=3)) as box:
        box.ready()
        with pytest.raises(SandboxStopped, match="wall-clock time limit"):
            box.call("f", (np.zeros(200_000),), {})
    assert time.perf_counter() - start < 10
