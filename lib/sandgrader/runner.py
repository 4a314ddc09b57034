"""The grader's side of a sandbox: start it under limits, talk to it, stop it for good.

:class:`Sandbox` forks a :mod:`sandgrader.sandbox` from the fork server
(:mod:`sandgrader.forkserver`, started once per grader process and preload list with a scrubbed
environment, in its own session); each sandbox starts a session of its own (so a
signal to its process group never reaches the grader), gets a private working
directory, one pipe for its stdout+stderr (read by a thread that keeps the
first ``limits.output`` bytes and kills the process when it prints more) and two pipes
for requests and replies. Every wait is bounded by the question's wall-clock deadline;
when it passes, the whole process group is killed with SIGKILL.
"""
from __future__ import annotations

import atexit
import json
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sandgrader.wire import WireError, decode, encode, read_frame, write_frame

GiB = 2 ** 30
_LIB = str(Path(__file__).resolve().parents[1])  # the folder that holds the sandgrader package


@dataclass(frozen=True)
class Limits:
    """Per-question limits: wall-clock and CPU seconds, address space and captured output bytes."""

    wall: float = 60.0
    cpu: float = 60.0
    memory: int = 4 * GiB
    output: int = 2 ** 20

    def __post_init__(self):
        for name in ("wall", "cpu", "memory", "output"):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be positive, got {getattr(self, name)!r}")


class SandboxStopped(Exception):
    """The sandbox can no longer answer; ``status`` says why (timeout, output, memory, crashed, exited)."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status


class RemoteError(Exception):
    """Student code raised while the grader called it; ``info`` has type, message, line, memory."""

    def __init__(self, info: dict):
        self.info = info
        where = f" ({info['where']})" if info.get("where") else ""
        super().__init__(f"{info.get('type')}: {info.get('message')}{where}")


def _child_env(home: str) -> dict[str, str]:
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT") if k in os.environ}
    return {**keep, "HOME": home, "PYTHONPATH": _LIB, "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": "",
            "TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "Agg"}


class _OutputCollector(threading.Thread):
    """Drains the sandbox's stdout/stderr pipe, keeps a prefix, and trips when the cap is passed."""

    def __init__(self, fd: int, cap: int, on_overflow):
        super().__init__(daemon=True)
        self.fd, self.cap, self.on_overflow = fd, cap, on_overflow
        self.kept = bytearray()
        self.total = 0
        self.overflowed = False

    def run(self) -> None:
        try:
            while chunk := os.read(self.fd, 1 << 16):
                self.total += len(chunk)
                if len(self.kept) < self.cap:
                    self.kept += chunk[: self.cap - len(self.kept)]
                if self.total > self.cap and not self.overflowed:
                    self.overflowed = True
                    self.on_overflow()
        finally:
            os.close(self.fd)

    def text(self, limit: int | None = None) -> str:
        data = bytes(self.kept if limit is None else self.kept[:limit])
        return data.decode("utf-8", errors="replace")


class ForkServer:
    """Client of :mod:`sandgrader.forkserver`: forks sandboxes and learns how they ended.

    ``preload`` are the modules the server imports once, for every sandbox it forks.
    """

    def __init__(self, preload: tuple[str, ...] = ()):
        ours, theirs = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sandgrader.forkserver", str(theirs.fileno()), *preload],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            start_new_session=True, cwd=tempfile.gettempdir(), env=_child_env(tempfile.gettempdir()))
        theirs.close()
        self._sock = ours
        self._request_lock = threading.Lock()
        self._pids: queue.Queue[int] = queue.Queue()
        self._exits: dict[int, int] = {}
        self._changed = threading.Condition()
        self.dead = False
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        with self._sock.makefile("rb") as stream:
            for line in stream:
                message = json.loads(line)
                if "pid" in message:
                    self._pids.put(int(message["pid"]))
                else:
                    with self._changed:
                        self._exits[int(message["exit"])] = int(message["code"])
                        self._changed.notify_all()
        with self._changed:
            self.dead = True
            self._changed.notify_all()
        self._pids.put(-1)

    def fork(self, cwd: str, fds: list[int], preload: list[str]) -> int:
        """Fork a sandbox that gets ``fds`` (request, reply, output); returns its pid."""
        with self._request_lock:
            if self.dead:
                raise OSError("the fork server has stopped")
            socket.send_fds(self._sock, [json.dumps({"cwd": cwd, "preload": preload}).encode()], fds)
            pid = self._pids.get(timeout=60)
        if pid < 0:
            raise OSError("the fork server has stopped")
        return pid

    def exit_code(self, pid: int, timeout: float | None = None) -> int | None:
        """The sandbox's exit code (negative: killed by that signal), waiting up to ``timeout`` s."""
        with self._changed:
            self._changed.wait_for(lambda: pid in self._exits or self.dead, timeout)
            return self._exits.get(pid)

    def close(self) -> None:
        """Stop the server (it exits when its socket closes); its sandboxes are already gone."""
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # close() alone leaves the listener's file open
        except OSError:
            pass
        self._sock.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


_SERVERS: dict[tuple[str, ...], ForkServer] = {}
_SERVER_LOCK = threading.Lock()


def fork_server(preload: tuple[str, ...] = ()) -> ForkServer:
    """The process-wide fork server for ``preload``, (re)started on demand."""
    with _SERVER_LOCK:
        server = _SERVERS.get(preload)
        if server is None or server.dead or server.proc.poll() is not None:
            server = _SERVERS[preload] = ForkServer(preload)
            atexit.register(server.close)
        return server


class Sandbox:
    """One sandbox process for one question. Use as a context manager.

    ``server_preload`` chooses the fork server (:func:`fork_server`) it is forked from.
    """

    def __init__(self, job: dict, limits: Limits, server_preload: tuple[str, ...] = ()):
        self.limits = limits
        self.deadline = time.monotonic() + limits.wall
        self.stop_reason: tuple[str, str] | None = None
        #: the protections that applied in the sandbox, and those that did not (with the reason)
        self.applied: list[str] = []
        self.lacking: list[str] = []
        self._home = tempfile.TemporaryDirectory(prefix="sandgrader-")
        req_r, self._req_w = os.pipe()
        os.set_blocking(self._req_w, False)
        self._resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        try:
            self._server = fork_server(tuple(server_preload))
            self.pid = self._server.fork(self._home.name, [req_r, resp_w, out_w], list(job.get("preload", [])))
        except BaseException:
            for fd in (self._req_w, self._resp_r, out_r):
                os.close(fd)
            self._home.cleanup()
            raise
        finally:
            for fd in (req_r, resp_w, out_w):
                os.close(fd)
        self.output = _OutputCollector(out_r, limits.output, lambda: self._kill(
            "output", f"printed more than the output limit of {limits.output:,} bytes"))
        self.output.start()
        job = {**job, "limits": {"memory": limits.memory, "cpu": max(1, int(limits.cpu + 0.999))}}
        try:
            self._send(job)
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _kill(self, status: str, message: str) -> None:
        if self.stop_reason is None:
            self.stop_reason = (status, message)
        if self._server.exit_code(self.pid, timeout=0) is not None:
            return  # already gone (and its pid may be reused: never signal it again)
        for kill in (os.killpg, os.kill):
            try:
                kill(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def _exit_code(self) -> int | None:
        """Wait (boundedly) for the sandbox to end, killing it if it lingers."""
        code = self._server.exit_code(self.pid, timeout=2)
        if code is None:
            self._kill("crashed", "the process stopped answering")
            code = self._server.exit_code(self.pid, timeout=10)
        return code

    def close(self) -> None:
        """Ask the sandbox to leave, then make sure it and its process group are gone."""
        if self.stop_reason is None and self._server.exit_code(self.pid, timeout=0) is None:
            try:
                write_frame(self._req_w, {"op": "bye"})
            except (OSError, WireError):
                pass
            self._server.exit_code(self.pid, timeout=0.5)
        self._kill("closed", "closed by the grader")
        self._exit_code()
        for fd in (self._req_w, self._resp_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.output.join(timeout=5)
        self._home.cleanup()

    def stopped(self) -> SandboxStopped:
        """Why the sandbox stopped answering, as an exception to raise."""
        code = self._exit_code()
        self.output.join(timeout=5)
        if self.stop_reason is not None:
            return SandboxStopped(*self.stop_reason)
        if code is None:
            return SandboxStopped("crashed", "the process vanished (the fork server stopped)")
        if code < 0:
            sig = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
            if sig == "SIGXCPU":
                return SandboxStopped("timeout", f"CPU time limit of {self.limits.cpu:g} s exceeded (SIGXCPU)")
            if sig == "SIGKILL":
                return SandboxStopped("timeout", f"killed by SIGKILL (past the CPU time limit of "
                                                 f"{self.limits.cpu:g} s, or out of memory)")
            return SandboxStopped("crashed", f"the process crashed ({sig})")
        return SandboxStopped("exited", f"the process exited with status {code} before the tests finished "
                                        "(sys.exit or os._exit in the answer?)")

    # ------------------------------------------------------------------ messages
    def _wait(self, fd: int, writing: bool = False) -> None:
        """Block until ``fd`` is readable (writable), or kill the sandbox at the deadline."""
        while True:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self._kill("timeout", f"wall-clock time limit of {self.limits.wall:g} s exceeded")
                raise self.stopped()
            watch = [fd]
            ready = select.select([] if writing else watch, watch if writing else [], [], min(remaining, 0.5))
            if any(ready):
                return

    def _send(self, message: dict) -> None:
        try:
            write_frame(self._req_w, message, lambda fd: self._wait(fd, writing=True))
        except OSError:
            raise self.stopped() from None

    def _receive(self) -> dict:
        try:
            return read_frame(self._resp_r, self._wait)
        except (EOFError, OSError):
            raise self.stopped() from None
        except WireError as err:
            self._kill("crashed", f"the answer broke the grader's channel: {err}")
            raise self.stopped() from None

    def ready(self) -> dict:
        """Wait until setup and answer cells have run; returns the ``ready`` report.

        Before it, the sandbox reports which protections applied (``locked``), written
        before any student code ran.
        """
        reply = self._receive()
        if reply.get("op") == "locked":
            self.applied = [str(p) for p in reply.get("applied", [])]
            self.lacking = [str(p) for p in reply.get("lacking", [])]
            reply = self._receive()
        if reply.get("op") != "ready":
            self._kill("crashed", "the answer broke the grader's channel (unexpected message)")
            raise self.stopped()
        return reply

    def _decode(self, data):
        try:
            return decode(data)
        except Exception as err:  # noqa: BLE001 -- whatever a crafted message breaks, it is unreadable
            raise WireError(f"the answer sent data the grader cannot read: {type(err).__name__}: {err}") from None

    def lookup(self, name: str):
        """A student name as a value, a :class:`RemoteFunction`, or raises ``NameError``."""
        self._send({"op": "lookup", "name": name})
        reply = self._receive()
        kind = reply.get("kind")
        if kind == "missing":
            raise NameError(f"the answer does not define {name!r}")
        if kind == "callable":
            return RemoteFunction(self, name)
        if kind == "value":
            return self._decode(reply.get("value"))
        raise WireError(f"unexpected reply to a lookup of {name!r}")

    def call(self, name: str, args: tuple, kwargs: dict, strict: bool = False):
        """Call student function ``name``; ``strict`` raises NumPy floating-point errors in the sandbox."""
        self._send({"op": "call", "name": name, "args": encode(list(args)), "kwargs": encode(dict(kwargs)),
                    "strict": strict})
        reply = self._receive()
        if reply.get("kind") == "raised":
            error = reply.get("error") if isinstance(reply.get("error"), dict) else {}
            raise RemoteError(error)
        if reply.get("kind") == "value":
            mutated = reply.get("mutated")
            if mutated:
                changed = ", ".join(map(str, mutated)) if isinstance(mutated, list) else "an argument"
                raise ArgumentChanged(f"{name} changed its {changed} in place; the caller's array would change "
                                      "too: compute a new array and return it instead")
            return self._decode(reply.get("value"))
        raise WireError(f"unexpected reply to a call of {name!r}")


class ArgumentChanged(AssertionError):
    """The answer changed an argument in place: the caller's array would have changed too."""


class RemoteFunction:
    """A student function living in the sandbox: calling it sends the arguments over and copies the result back."""

    def __init__(self, sandbox: Sandbox, name: str):
        self._sandbox, self.__name__ = sandbox, name

    def __call__(self, *args, **kwargs):
        return self._sandbox.call(self.__name__, args, kwargs)

    def call_strict(self, *args, **kwargs):
        """The call with NumPy overflow/invalid/divide-by-zero raised as ``FloatingPointError``."""
        return self._sandbox.call(self.__name__, args, kwargs, strict=True)

    def __repr__(self) -> str:
        return f"<student function {self.__name__}>"
