"""Plain-data messages between the grader and a submission's sandbox process.

Only *data* crosses the process boundary, never code or live objects: ``None``,
booleans, numbers, strings, ``...``, lists, tuples, dicts, NumPy arrays and scalars
(numeric or boolean dtypes, serialised with ``np.save(allow_pickle=False)``) and
PyTorch tensors (sent as arrays). Anything else arrives as an :class:`Opaque`
stand-in that equals nothing, so a submission cannot hand the grader an object
whose ``__eq__`` lies. Messages are length-prefixed JSON frames; a frame larger than
:data:`MAX_FRAME` or malformed in any way raises :class:`WireError`.
"""
from __future__ import annotations

import base64
import io
import json
import os
import struct
import sys

import numpy as np

#: largest frame either side accepts (a returned array bigger than this fails its test)
MAX_FRAME = 64 * 2 ** 20
#: deepest nesting of lists/tuples/dicts that is encoded
MAX_DEPTH = 32
_HEADER = struct.Struct(">I")
_ARRAY_KINDS = "biuf"  # bool, int, uint, float (complex and objects are not data here)


class WireError(Exception):
    """A frame could not be read, written or decoded."""


class Opaque:
    """Stand-in for a value that is not plain data (a function, a module, a custom object)."""

    def __init__(self, type_name: str, text: str):
        self.type_name, self.text = type_name, text

    def __eq__(self, other):
        return False

    __hash__ = None

    def __repr__(self) -> str:
        return f"<{self.type_name} object, not plain data: {self.text}>"


def _array_bytes(arr: np.ndarray) -> str:
    if arr.nbytes * 4 // 3 > MAX_FRAME:
        raise WireError(f"an array of {arr.nbytes:,} bytes exceeds the {MAX_FRAME:,}-byte message limit")
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=False)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _array_from(text: str) -> np.ndarray:
    return np.load(io.BytesIO(base64.b64decode(text)), allow_pickle=False)


def encode(value, depth: int = 0):
    """``value`` as a JSON-able structure (every dict in it is a tagged record)."""
    if depth > MAX_DEPTH:
        return {"__t": "opaque", "type": type(value).__name__, "text": "nested too deeply"}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if value is Ellipsis:
        return {"__t": "ellipsis"}
    if isinstance(value, list):
        return [encode(v, depth + 1) for v in value]
    if isinstance(value, tuple):
        return {"__t": "tuple", "v": [encode(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"__t": "dict", "v": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, np.ndarray | np.generic) and np.asarray(value).dtype.kind in _ARRAY_KINDS:
        tag = "ndarray" if isinstance(value, np.ndarray) else "npscalar"
        return {"__t": tag, "v": _array_bytes(np.asarray(value))}
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor) and not value.is_complex():
        return {"__t": "tensor", "v": _array_bytes(value.detach().cpu().numpy()),
                "requires_grad": bool(value.requires_grad)}
    try:
        text = repr(value)[:200]
    except Exception:  # noqa: BLE001 -- a hostile __repr__ must not break the wire
        text = "(repr failed)"
    return {"__t": "opaque", "type": type(value).__name__, "text": text}


def decode(data):
    """Inverse of :func:`encode` (tensors come back as tensors only where torch can be imported)."""
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict):
        raise WireError(f"unexpected {type(data).__name__} in a message")
    tag = data.get("__t")
    if tag == "ellipsis":
        return ...
    if tag == "tuple":
        return tuple(decode(v) for v in data["v"])
    if tag == "dict":
        out = {}
        for key, val in data["v"]:
            key = decode(key)
            try:
                out[key] = decode(val)
            except TypeError as err:  # unhashable key
                raise WireError(f"dict key {key!r} is not hashable") from err
        return out
    if tag == "ndarray":
        return _array_from(data["v"])
    if tag == "npscalar":
        return _array_from(data["v"])[()]
    if tag == "tensor":
        arr = _array_from(data["v"])
        try:
            import torch
        except ImportError:
            return arr
        return torch.from_numpy(arr).requires_grad_(bool(data.get("requires_grad")) and arr.dtype.kind == "f")
    if tag == "opaque":
        return Opaque(str(data.get("type")), str(data.get("text")))
    raise WireError(f"unknown record tag {tag!r}")


def write_frame(fd: int, message: dict, wait=None) -> None:
    """Send one message (JSON, length-prefixed) on ``fd``.

    ``wait(fd)``, if given, blocks until ``fd`` is writable or raises: use it with a
    non-blocking ``fd`` so that a reader who stopped reading cannot stall the writer.
    """
    payload = json.dumps(message).encode()
    if len(payload) > MAX_FRAME:
        raise WireError(f"a message of {len(payload):,} bytes exceeds the {MAX_FRAME:,}-byte limit")
    view = memoryview(_HEADER.pack(len(payload)) + payload)
    while view:
        if wait is not None:
            wait(fd)
        try:
            view = view[os.write(fd, view):]
        except BlockingIOError:
            if wait is None:
                raise


def read_exactly(fd: int, n: int, wait=None) -> bytes:
    """``n`` bytes from ``fd``; ``wait(fd)`` (if given) blocks until it is readable or raises."""
    chunks, got = [], 0
    while got < n:
        if wait is not None:
            wait(fd)
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the channel")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, wait=None) -> dict:
    """Receive one message from ``fd`` (see :func:`read_exactly` for ``wait``)."""
    (size,) = _HEADER.unpack(read_exactly(fd, _HEADER.size, wait))
    if size > MAX_FRAME:
        raise WireError(f"an incoming message of {size:,} bytes exceeds the {MAX_FRAME:,}-byte limit")
    try:
        message = json.loads(read_exactly(fd, size, wait))
    except (ValueError, RecursionError) as err:
        raise WireError(f"malformed message: {err}") from None
    if not isinstance(message, dict):
        raise WireError("a message must be a JSON object")
    return message
