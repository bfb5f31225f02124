"""The emulator's end of the child-interpreter link (see bridge/hostlink.py).

A message is a line with the number of fields, then per field a line
``<type><length>`` and the payload: ``s`` string (latin-1), ``i`` integer,
``n`` None, ``e`` error message (replies only).
"""
from __future__ import annotations

from typing import Any, BinaryIO, Sequence


class LinkError(Exception):
    """The child sent something that is not a message, or closed the link."""


class ErrorReply:
    def __init__(self, message: str):
        self.message = message


def _field(value: Any) -> bytes:
    if value is None:
        return b"n0\n"
    if isinstance(value, ErrorReply):
        payload, kind = value.message.encode("latin-1", "replace"), b"e"
    elif isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError("a link field is str, int or None, not %r" % (value,))
    elif isinstance(value, int):
        payload, kind = str(value).encode("ascii"), b"i"
    else:
        payload, kind = value.encode("latin-1"), b"s"
    return kind + str(len(payload)).encode("ascii") + b"\n" + payload


def encode(fields: Sequence[Any]) -> bytes:
    return b"%d\n" % len(fields) + b"".join(_field(v) for v in fields)


def encode_reply(value: Any) -> bytes:
    """A reply: a tuple is sent as several fields, anything else as one."""
    return encode(value if isinstance(value, tuple) else (value,))


def _line(stream: BinaryIO) -> bytes:
    line = stream.readline()
    if not line.endswith(b"\n"):
        raise LinkError("the script interpreter closed the link")
    return line[:-1]


def read_message(stream: BinaryIO) -> list[Any]:
    try:
        count = int(_line(stream))
        fields: list[Any] = []
        for _ in range(count):
            header = _line(stream)
            kind, size = header[:1], int(header[1:])
            payload = stream.read(size)
            if len(payload) != size:
                raise LinkError("the script interpreter closed the link")
            if kind == b"i":
                fields.append(int(payload))
            elif kind == b"n":
                fields.append(None)
            elif kind == b"s":
                fields.append(payload.decode("latin-1"))
            else:
                raise LinkError("bad field type %r" % kind)
        return fields
    except ValueError as error:
        raise LinkError("garbled message from the script interpreter: %s" % error) from None


def read_request(stream: BinaryIO) -> tuple[str, tuple[Any, ...]]:
    fields = read_message(stream)
    if not fields or not isinstance(fields[0], str):
        raise LinkError("a request starts with its operation name")
    return fields[0], tuple(fields[1:])
