"""Number and string literals of 1.5.2 (or 2.7) source as Python 3 source text."""
import re
from typing import Optional, Tuple

INT_MAX = 2147483647
UINT_MAX = 4294967295
_SIMPLE_ESCAPES = "\\'\"abfnrtv\n"
_HEX = "0123456789abcdefABCDEF"
_OCT = "01234567"
_STRING_PREFIX = re.compile(r"^([A-Za-z]*)")


class LiteralError(ValueError):
    """A literal the profile's interpreter rejects; ``kind`` is the 1.5.2 exception name."""

    def __init__(self, reason: str, kind: str = "SyntaxError") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


def number(text: str, python27: bool, floats: bool) -> str:
    """Python 3 source for a NUMBER token (helpers: ``_r_L`` long, ``_r_nofloat``)."""
    lower = text.lower()
    if lower.endswith("j"):
        return text
    if lower.endswith("l"):
        return "_r_L(%d)" % _int_value(text[:-1], python27)
    if not lower.startswith("0x") and ("." in lower or "e" in lower):
        return text if floats else "_r_nofloat(%r)" % text
    value = _int_value(text, python27)
    based = lower.startswith(("0x", "0o", "0b")) or (len(lower) > 1 and lower.startswith("0"))
    if python27:
        if value > INT_MAX:
            return "_r_L(%d)" % value
        return str(value)
    if value > (UINT_MAX if based else INT_MAX):
        raise LiteralError("integer literal too large", "OverflowError")
    if value > INT_MAX:
        value -= UINT_MAX + 1
        return "(%d)" % value
    return str(value)


def _int_value(text: str, python27: bool) -> int:
    lower = text.lower()
    if lower.startswith("0x"):
        return int(lower[2:], 16)
    if lower.startswith(("0o", "0b")):
        if not python27:
            raise LiteralError("invalid syntax")
        return int(lower[2:], 8 if lower[1] == "o" else 2)
    if len(lower) > 1 and lower.startswith("0"):
        if any(c not in _OCT for c in lower):
            raise LiteralError("invalid syntax")
        return int(lower, 8)
    return int(lower)


def string(token: str, python27: bool) -> str:
    """Python 3 source for a STRING token with 1.5.2's byte-string escapes.

    The token's physical lines are kept (a triple-quoted string stays on its lines).
    """
    prefix = _STRING_PREFIX.match(token).group(1)
    lowered = prefix.lower()
    if lowered and not python27 and lowered != "r":
        raise LiteralError("invalid syntax")
    body = token[len(prefix):]
    raw = "r" in lowered
    if raw:
        return "r" + body
    quote = body[:3] if body[:3] in ('"""', "'''") else body[0]
    inner = body[len(quote):-len(quote)]
    return quote + _escape_body(inner) + quote


def _escape_body(inner: str) -> str:
    out = []
    i = 0
    n = len(inner)
    while i < n:
        char = inner[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        if i + 1 >= n:
            out.append("\\\\")
            i += 1
            continue
        nxt = inner[i + 1]
        if nxt in _SIMPLE_ESCAPES:
            out.append("\\" + nxt)
            i += 2
        elif nxt == "\r" and inner[i + 2:i + 3] == "\n":
            out.append("\\\r\n")
            i += 3
        elif nxt == "x":
            j = i + 2
            while j < n and inner[j] in _HEX:
                j += 1
            if j == i + 2:
                out.append("\\\\x")
                i += 2
            else:
                out.append("\\x%02x" % (int(inner[i + 2:j], 16) & 0xFF))
                i = j
        elif nxt in _OCT:
            j = i + 1
            while j < n and j < i + 4 and inner[j] in _OCT:
                j += 1
            out.append("\\x%02x" % (int(inner[i + 1:j], 8) & 0xFF))
            i = j
        else:
            out.append("\\\\")
            i += 1
    return "".join(out)


def string_value_kind(token: str) -> Tuple[Optional[str], bool]:
    """(prefix letters, is_triple) of a STRING token."""
    prefix = _STRING_PREFIX.match(token).group(1)
    body = token[len(prefix):]
    return prefix, body[:3] in ('"""', "'''")
