"""A seccomp filter that keeps a submission away from the grader, other processes and the disk.

Installed by the sandbox process (Linux x86-64 only) after the exercise's own setup
cells have run and before the first line of student code. It is a *deny list*: the
system calls below fail with ``EPERM`` (Python raises ``PermissionError``); everything
else a NumPy/PyTorch computation needs keeps working. Denied:

* signalling or tracing any process (``kill``, ``tgkill``, ``pidfd_send_signal``,
  ``ptrace``, ``process_vm_writev`` …) — so ``os.kill(os.getppid(), 9)`` cannot end the grader;
* starting processes (``fork``, ``vfork``, ``execve``; ``clone`` unless it makes a thread)
  — no fork bombs, no shell commands; threads still work;
* changing the file system (opening a file for writing, creating, renaming, deleting,
  ``chmod`` …) — a submission cannot rewrite the hidden tests or the grader;
* raising resource limits, leaving the process group, sockets, ``io_uring``, mounts,
  namespaces, kernel modules and other administrative calls.

The filter also refuses 32-bit and x32 system-call entry points, which would otherwise
bypass the numbers checked here. It is inherited by every thread and cannot be removed.
It is not a complete sandbox: reading files is left to the Landlock view
(:mod:`sandgrader.landlock`), and CPU, memory and output are
bounded separately (rlimits and the grader's watchdog). To grade submissions from
people you do not trust with your account, run the grader in a container or as a
separate user as well.

Reference: Linux ``Documentation/userspace-api/seccomp_filter.rst``; ``seccomp(2)``.
"""
from __future__ import annotations

import ctypes
import errno
import platform
import struct
import sys

# BPF opcodes (linux/filter.h) and seccomp return values (linux/seccomp.h)
_LD_W_ABS, _JEQ_K, _JGE_K, _JSET_K, _RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
_RET_ALLOW, _RET_KILL_PROCESS, _RET_ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
_AUDIT_ARCH_X86_64 = 0xC000003E
_X32_SYSCALL_BIT = 0x40000000
_PR_SET_NO_NEW_PRIVS, _SYS_SECCOMP, _SET_MODE_FILTER, _FLAG_TSYNC = 38, 317, 1, 1
_OFFSET_NR, _OFFSET_ARCH = 0, 4


def _arg_low(i: int) -> int:
    """Offset of the low 32 bits of argument ``i`` in ``struct seccomp_data`` (little-endian)."""
    return 16 + 8 * i


#: x86-64 system calls that always fail with EPERM (arch/x86/entry/syscalls/syscall_64.tbl)
DENIED = {
    "fork": 57, "vfork": 58, "execve": 59, "kill": 62, "truncate": 76, "ftruncate": 77,
    "rename": 82, "mkdir": 83, "rmdir": 84, "creat": 85, "link": 86, "unlink": 87,
    "symlink": 88, "chmod": 90, "fchmod": 91, "chown": 92, "fchown": 93, "lchown": 94,
    "ptrace": 101, "setpgid": 109, "setsid": 112, "rt_sigqueueinfo": 129, "mknod": 133,
    "pivot_root": 155, "setrlimit": 160, "chroot": 161, "acct": 163, "settimeofday": 164,
    "mount": 165, "umount2": 166, "swapon": 167, "swapoff": 168, "reboot": 169,
    "sethostname": 170, "setdomainname": 171, "iopl": 172, "ioperm": 173,
    "init_module": 175, "delete_module": 176, "tkill": 200, "clock_settime": 227,
    "tgkill": 234, "kexec_load": 246, "add_key": 248, "request_key": 249, "keyctl": 250,
    "fchownat": 260, "mkdirat": 258, "mknodat": 259, "unlinkat": 263, "renameat": 264,
    "linkat": 265, "symlinkat": 266, "fchmodat": 268, "unshare": 272,
    "rt_tgsigqueueinfo": 297, "perf_event_open": 298, "setns": 308,
    "process_vm_readv": 310, "process_vm_writev": 311, "finit_module": 313,
    "renameat2": 316, "bpf": 321, "execveat": 322, "userfaultfd": 323,
    "pidfd_send_signal": 424, "io_uring_setup": 425, "io_uring_enter": 426,
    "io_uring_register": 427, "open_tree": 428, "move_mount": 429, "fsopen": 430,
    "fsconfig": 431, "fsmount": 432, "fspick": 433, "pidfd_getfd": 438,
    "mount_setattr": 442, "fchmodat2": 452, "socket": 41, "socketpair": 53,
}
#: denied with ENOSYS so that glibc falls back to ``clone`` (whose flags the filter can see)
NOT_IMPLEMENTED = {"clone3": 435, "openat2": 437}
_CLONE, _OPEN, _OPENAT, _PRLIMIT64 = 56, 2, 257, 302
_CLONE_THREAD = 0x00010000
#: O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND
_WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000


def _ins(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def _deny(err: int) -> int:
    return _RET_ERRNO | err


def program() -> bytes:
    """The BPF program, as the bytes of a ``struct sock_filter`` array."""
    eperm = _deny(errno.EPERM)
    prog = [
        _ins(_LD_W_ABS, _OFFSET_ARCH),
        _ins(_JEQ_K, _AUDIT_ARCH_X86_64, 1, 0),
        _ins(_RET_K, _RET_KILL_PROCESS),
        _ins(_LD_W_ABS, _OFFSET_NR),
        _ins(_JGE_K, _X32_SYSCALL_BIT, 0, 1),
        _ins(_RET_K, eperm),
    ]
    for nr in sorted(DENIED.values()):
        prog += [_ins(_JEQ_K, nr, 0, 1), _ins(_RET_K, eperm)]
    for nr in sorted(NOT_IMPLEMENTED.values()):
        prog += [_ins(_JEQ_K, nr, 0, 1), _ins(_RET_K, _deny(errno.ENOSYS))]
    # open(path, flags) / openat(dirfd, path, flags): deny any flag that writes or creates
    for nr, flags_arg in ((_OPEN, 1), (_OPENAT, 2)):
        prog += [_ins(_JEQ_K, nr, 0, 4), _ins(_LD_W_ABS, _arg_low(flags_arg)),
                 _ins(_JSET_K, _WRITE_FLAGS, 0, 1), _ins(_RET_K, eperm), _ins(_RET_K, _RET_ALLOW)]
    # clone(flags, ...): threads only
    prog += [_ins(_JEQ_K, _CLONE, 0, 4), _ins(_LD_W_ABS, _arg_low(0)),
             _ins(_JSET_K, _CLONE_THREAD, 1, 0), _ins(_RET_K, eperm), _ins(_RET_K, _RET_ALLOW)]
    # prlimit64(pid, resource, new_limit, old_limit): reading limits is fine, setting is not
    prog += [_ins(_JEQ_K, _PRLIMIT64, 0, 6), _ins(_LD_W_ABS, _arg_low(2)),
             _ins(_JEQ_K, 0, 0, 3), _ins(_LD_W_ABS, _arg_low(2) + 4),
             _ins(_JEQ_K, 0, 0, 1), _ins(_RET_K, _RET_ALLOW), _ins(_RET_K, eperm)]
    prog.append(_ins(_RET_K, _RET_ALLOW))
    return b"".join(prog)


def supported() -> bool:
    """True where :func:`install` can work (Linux on x86-64)."""
    return sys.platform == "linux" and platform.machine() == "x86_64"


def unavailable_reason() -> str | None:
    """Why the filter cannot apply on this platform (``None`` where it can: Linux x86-64)."""
    if supported():
        return None
    return f"no seccomp filter on this platform: it supports Linux x86-64 only, not {sys.platform}/{platform.machine()}"


def install() -> None:
    """Install the filter on every thread of this process; raises ``OSError`` if the kernel refuses."""
    reason = unavailable_reason()
    if reason:
        raise OSError(reason)
    libc = ctypes.CDLL(None, use_errno=True)
    code = program()
    n = len(code) // 8
    filt = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(n, ctypes.addressof(filt))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"prctl(PR_SET_NO_NEW_PRIVS) failed: {errno.errorcode.get(err, err)}")
    libc.syscall.restype = ctypes.c_long
    if libc.syscall(_SYS_SECCOMP, _SET_MODE_FILTER, _FLAG_TSYNC, ctypes.byref(fprog)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"seccomp(SECCOMP_SET_MODE_FILTER) failed: {errno.errorcode.get(err, err)}")
