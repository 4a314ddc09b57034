"""The sandbox process: runs one question's answer code and serves the grader's calls into it.

Forked by the fork server (:mod:`sandgrader.forkserver`) in a session of its own,
with stdout and stderr going to a pipe the grader caps; :func:`main` then

1. reads the job (setup cells, answer cells, modules to preload, limits) from ``REQ_FD``;
2. sets its resource limits (address space, CPU seconds, no core files, no file growth);
3. runs the exercise's setup cells (trusted code from the master) and preloads modules;
4. confines its view of the filesystem (:mod:`sandgrader.landlock`) and installs the seccomp
   filter (:mod:`sandgrader.seccomp`) where the platform supports them;
5. reports ``locked`` with the protections that applied and those that did not (before any
   student code runs, so that the answer cannot forge it);
6. runs the answer cells, stopping at the first one that raises (as "Run All" would);
7. reports ``ready`` on ``RESP_FD`` and then answers ``lookup``/``call`` requests until ``bye``.

Everything after step 4 is at the mercy of the student code, which can replace any of
these functions; the grader therefore trusts nothing it receives beyond plain data
(:mod:`sandgrader.wire`), and judges the answers in its own process.
"""
from __future__ import annotations

import builtins
import contextlib
import importlib
import os
import resource
import signal
import sys
import traceback

import numpy as np

from sandgrader import STRICT, landlock, seccomp
from sandgrader.wire import WireError, decode, encode, read_frame, write_frame

MAX_MESSAGE = 400


def _describe(exc: BaseException, where_prefix: str = "<answer") -> dict:
    """A short, plain description of an exception: type, message, the answer line it came from."""
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 -- a hostile __str__
        message = "(message unavailable)"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(where_prefix)]
    where = f"{frames[-1].filename.strip('<>')}, line {frames[-1].lineno}" if frames else ""
    return {"type": type(exc).__name__, "message": message[:MAX_MESSAGE], "where": where,
            "memory": isinstance(exc, MemoryError)}


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001,S110 -- a closed or replaced stream is the student's business
            pass


def _set_limits(limits: dict) -> None:
    mem = int(limits["memory"])
    cpu = int(limits["cpu"])
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _run_cells(cells: list[str], label: str, ns: dict) -> dict | None:
    for i, code in enumerate(cells, start=1):
        try:
            exec(compile(code, f"<{label} cell {i}>", "exec"), ns)  # noqa: S102 -- that is the job
        except BaseException as exc:  # noqa: BLE001 -- SystemExit and KeyboardInterrupt included
            return _describe(exc, f"<{label}")
        finally:
            _flush()
    return None


def _lockdown(confine_files: bool) -> tuple[list[str], list[str]]:
    """No file growth, the Landlock view, the seccomp filter: (protections applied, those lacking and why)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    applied, lacking = ["rlimits"], []
    if not confine_files:
        lacking.append("landlock (switched off by the grader's caller)")
    else:
        try:
            applied.append(f"landlock ({landlock.restrict(landlock.readable_paths(os.getcwd()))})")
        except OSError as err:
            lacking.append(f"landlock ({err.strerror or err})")
    reason = seccomp.unavailable_reason()
    if reason:
        lacking.append(f"seccomp ({reason})")
    else:
        try:
            seccomp.install()
            applied.append("seccomp")
        except OSError as err:
            lacking.append(f"seccomp (filter refused: {err})")
    return applied, lacking


def _snapshot(args: list, kwargs: dict) -> dict:
    """Each argument's value as plain data, by position (1-based) or keyword."""
    return {**{f"argument {i}": encode(v) for i, v in enumerate(args, start=1)},
            **{f"argument {k}": encode(v) for k, v in kwargs.items()}}


def _trap(name: str):
    """A stand-in for a function the question forbids: calling it raises."""
    def forbidden(*args, **kwargs):
        raise PermissionError(f"{name} is not allowed in this question")
    return forbidden


def _forbid(names: list[str]) -> None:
    """Replace each forbidden ``module.function`` by a trap (the answer's own code runs after this)."""
    for dotted in names:
        module, _, attr = dotted.rpartition(".")
        with contextlib.suppress(ImportError):
            setattr(importlib.import_module(module), attr, _trap(dotted))


def _serve(ns: dict, req_fd: int, resp_fd: int) -> None:
    while True:
        msg = read_frame(req_fd)
        op, name = msg.get("op"), msg.get("name")
        if op == "bye":
            return
        if name not in ns:
            reply = {"kind": "missing"}
        elif op == "lookup":
            obj = ns[name]
            reply = {"kind": "callable"} if callable(obj) else {"kind": "value", "value": encode(obj)}
        elif op == "call":
            try:
                args, kwargs = decode(msg["args"]), decode(msg["kwargs"])
                before = _snapshot(args, kwargs)
                with np.errstate(**STRICT) if msg.get("strict") else contextlib.nullcontext():
                    result = ns[name](*args, **kwargs)
                after = _snapshot(args, kwargs)
                reply = {"kind": "value", "value": encode(result),
                         "mutated": [key for key in before if before[key] != after.get(key)]}
            except BaseException as exc:  # noqa: BLE001
                reply = {"kind": "raised", "error": _describe(exc)}
        else:
            reply = {"kind": "raised", "error": {"type": "WireError", "message": f"unknown op {op!r}"}}
        _flush()
        try:
            write_frame(resp_fd, reply)
        except WireError as err:
            write_frame(resp_fd, {"kind": "raised", "error": {"type": "WireError", "message": str(err)}})


def main(req_fd: int, resp_fd: int) -> None:
    """Run the job read from pipe ``req_fd``, replying on pipe ``resp_fd`` (see the module docstring)."""
    job = read_frame(req_fd)
    _set_limits(job["limits"])
    ns: dict = {"__name__": "__main__", "__builtins__": builtins}
    setup_error = _run_cells(job["setup"], "setup", ns)
    if setup_error:
        write_frame(resp_fd, {"op": "ready", "setup_error": setup_error})
        return
    for module in job.get("preload", []):
        try:
            importlib.import_module(module)
        except ImportError:
            pass  # the answer's own import will report it
    _forbid(job.get("forbid", []))
    applied, lacking = _lockdown(bool(job.get("confine_files", True)))
    write_frame(resp_fd, {"op": "locked", "applied": applied, "lacking": lacking})  # before the answer can lie
    answer_error = _run_cells(job["answer"], "answer", ns)
    write_frame(resp_fd, {"op": "ready", "answer_error": answer_error})
    _serve(ns, req_fd, resp_fd)
