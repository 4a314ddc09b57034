"""A fork server for sandboxes: one clean process that has imported the course's libraries, forked per question.

Starting a fresh Python and importing NumPy, SciPy and a course's library costs about half a
second of CPU; forking a process that already has them costs milliseconds. The
server never runs student code: it only forks. Each child closes the server's socket
at once (so student code cannot ask the server for anything), starts its own session,
points stdout/stderr at the pipe the grader gave it, and becomes a
:mod:`sandgrader.sandbox`.

Protocol on a Unix socket pair: the grader sends ``{"cwd": ..., "preload": [...]}`` with three file
descriptors (request pipe, reply pipe, output pipe) and gets ``{"pid": ...}`` back; the
server reports every child that ends as ``{"exit": pid, "code": returncode}``
(negative for a signal, as in :mod:`subprocess`).
"""
from __future__ import annotations

import importlib
import json
import os
import select
import socket
import sys

#: imported once in the server, shared by every forked sandbox (copy-on-write); the course's
#: ``preload`` modules (:class:`sandgrader.config.Config`) come on the command line
PRELOAD = ("numpy", "sandgrader.sandbox")
#: heavy libraries the server imports on first demand (their import starts no thread, so
#: forking afterwards stays safe); other preloads happen in the sandbox itself
ON_DEMAND = frozenset({"torch"})
_MAX_MESSAGE = 1 << 16


def _send(sock: socket.socket, message: dict) -> None:
    sock.sendall(json.dumps(message).encode() + b"\n")


def _become_sandbox(sock: socket.socket, fds: list[int], cwd: str) -> None:
    """In the forked child: detach from the server, wire up the pipes, run the sandbox."""
    code = 1
    try:
        sock.close()
        os.setsid()
        os.chdir(cwd)
        os.environ["HOME"] = cwd
        req_fd, resp_fd, out_fd = fds
        os.dup2(out_fd, 1)
        os.dup2(out_fd, 2)
        os.close(out_fd)
        sys.argv = ["submission"]
        from sandgrader import sandbox

        sandbox.main(req_fd, resp_fd)
        code = 0
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _reap(sock: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _send(sock, {"exit": pid, "code": os.waitstatus_to_exitcode(status)})


def serve(sock: socket.socket) -> None:
    """Fork a sandbox for every request until the grader closes the socket."""
    while True:
        ready, _, _ = select.select([sock], [], [], 0.05)
        _reap(sock)
        if not ready:
            continue
        data, fds, _, _ = socket.recv_fds(sock, _MAX_MESSAGE, 3)
        if not data:
            return
        request = json.loads(data)
        for module in set(request.get("preload", [])) & ON_DEMAND:
            importlib.import_module(module)
        pid = os.fork()
        if pid == 0:
            _become_sandbox(sock, fds, request["cwd"])
        for fd in fds:
            os.close(fd)
        _send(sock, {"pid": pid})


def main(argv: list[str]) -> None:
    """``python -m sandgrader.forkserver SOCKET_FD [MODULE ...]``: preload, then serve."""
    for module in (*PRELOAD, *argv[2:]):
        importlib.import_module(module)
    sock = socket.socket(fileno=int(argv[1]))
    try:
        serve(sock)
    except (BrokenPipeError, ConnectionResetError):
        pass


if __name__ == "__main__":
    main(sys.argv)
