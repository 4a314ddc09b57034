"""A Landlock filesystem view for a sandbox: the answer can read only what running Python needs.

Landlock (Linux 5.13 and later, ``Documentation/userspace-api/landlock.rst``, ``landlock(7)``)
lets an unprivileged process give up filesystem access for itself and the threads and
processes it starts afterwards; nothing can lift it again. The sandbox calls
:func:`restrict` after the exercise's setup cells and preloads, before the first line of
student code, with the directories that a question needs:

* the Python installation (``sysconfig``: standard library, ``site-packages``);
* the directory of every top-level package already imported (the course's library, say),
  so that its lazily imported submodules still load;
* the system's shared libraries (``/lib``, ``/usr/lib`` …, ``/etc/ld.so.cache``) for a
  late ``dlopen``, the time zone data, ``/dev/null`` and ``/dev/urandom``;
* the sandbox's own empty working directory.

These are granted read access only (read a file, list a directory, execute); every other
path — the master notebooks with their solutions and hidden tests, the other
submissions, the grader's files, the user's home, ``/tmp`` — is invisible: ``open``
fails with ``PermissionError``. Writing is denied everywhere (the seccomp filter denies it
as well, where it applies). Where Landlock supports it (ABI 6, Linux 6.12), signals to
processes outside the sandbox are denied too.

Landlock restricts the calling thread and what it starts later. The sandbox is
single-threaded when it calls :func:`restrict` unless a preloaded library started
threads; :func:`restrict` reports their number so the report can say so.

No compiled dependency: the three system calls go through :mod:`ctypes`. Their numbers
(444–446) are the same on every Linux architecture.
"""
from __future__ import annotations

import ctypes
import errno
import os
import sys
import sysconfig
from pathlib import Path

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38
#: LANDLOCK_ACCESS_FS_* bits (include/uapi/linux/landlock.h) and the ABI that introduced the last ones
_EXECUTE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 2, 1 << 3
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1}
#: the access rights that may be granted on a regular file (not a directory)
_FILE_RIGHTS = _EXECUTE | _READ_FILE
_SCOPE_SIGNAL = 1 << 1  # LANDLOCK_SCOPE_SIGNAL, ABI 6
_O_PATH = getattr(os, "O_PATH", 0o10000000)

#: system paths a Python process may read late (dlopen, time zones, devices)
SYSTEM_PATHS = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/etc/ld.so.cache",
                "/etc/localtime", "/usr/share/zoneinfo", "/dev/null", "/dev/zero", "/dev/urandom")


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def abi_version() -> int:
    """The kernel's Landlock ABI version; 0 where there is none (not Linux, too old, or disabled)."""
    if sys.platform != "linux":
        return 0
    version = _libc().syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(int(version), 0)


def unavailable_reason() -> str | None:
    """Why no Landlock view can apply here (``None`` where it can)."""
    if sys.platform != "linux":
        return f"Landlock is Linux-only, not {sys.platform}"
    if abi_version() < 1:
        err = ctypes.get_errno()
        why = {errno.EOPNOTSUPP: "disabled at boot (not in the lsm= list)",
               errno.ENOSYS: "not in this kernel (needs 5.13+)"}.get(
            err, f"landlock_create_ruleset failed with {errno.errorcode.get(err, err)} (a container's seccomp profile?)")
        return f"no Landlock on Linux {os.uname().release}: {why}"
    return None


def readable_paths(cwd: str) -> list[str]:
    """What an answer may read: the Python installation, imported packages, system libraries, ``cwd``."""
    paths = {cwd, *SYSTEM_PATHS}
    paths.update(v for k, v in sysconfig.get_paths().items() if k in ("stdlib", "platstdlib", "purelib", "platlib"))
    for name, module in list(sys.modules.items()):
        if "." in name or module is None:
            continue
        package_dirs = getattr(module, "__path__", None)
        if package_dirs is not None:
            paths.update(str(p) for p in package_dirs)
        elif isinstance(getattr(module, "__file__", None), str):
            paths.add(module.__file__)
    return sorted(p for p in paths if os.path.exists(p))


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what} failed: {errno.errorcode.get(err, err)}")
    return result


def restrict(paths: list[str]) -> str:
    """Make everything but ``paths`` (read-only) unreachable for this thread; returns a description.

    Raises ``OSError`` where the kernel has no Landlock or refuses the ruleset.
    """
    reason = unavailable_reason()
    if reason:
        raise OSError(errno.ENOSYS, reason)
    threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else 1
    libc = _libc()
    abi = abi_version()
    handled = _FS_BY_ABI[min(abi, 3)]
    attr = _RulesetAttr(handled, 0, _SCOPE_SIGNAL if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else ctypes.sizeof(ctypes.c_uint64)
    ruleset = _check(libc.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)),
                     "landlock_create_ruleset")
    try:
        for path in paths:
            fd = os.open(path, _O_PATH | os.O_CLOEXEC)
            try:
                rule = _PathBeneathAttr(_FILE_RIGHTS | _READ_DIR if Path(path).is_dir() else _FILE_RIGHTS, fd)
                _check(libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0),
                       f"landlock_add_rule({path})")
            finally:
                os.close(fd)
        _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
        _check(libc.syscall(_RESTRICT_SELF, ruleset, 0), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return f"Landlock ABI {abi}" + (f" ({threads - 1} earlier thread(s) unrestricted)" if threads > 1 else "")
