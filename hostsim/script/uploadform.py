"""The form a ``.py`` source takes in the module's script store.

The module's Python wants CR LF line ends (:func:`crlf`); a source may come
with LF, CR LF or CR alone (old Mac editors), all line ends to Python.
Script space is scarce, so an upload also compacts the source
(:func:`compact`): comments go and each indentation level becomes one tab.
Every line stays on its line, so the module compiles the same code, line
numbers and docstrings included, and a traceback's line number points at
the same line of the PC's file.
"""
from __future__ import annotations

import functools
import io
import re
import tokenize

# A coding declaration (PEP 263) is a comment that counts: it stays.
CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")
SKIPPED = (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT,
           tokenize.NEWLINE, tokenize.ENDMARKER)


def lf(data: bytes) -> bytes:
    """Every line end (CR LF, CR alone, LF) as LF."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def crlf(data: bytes) -> bytes:
    """Line ends as the module's Python wants them in a source file."""
    return lf(data).replace(b"\n", b"\r\n")


def module_form(data: bytes, verbatim: bool = False) -> bytes:
    """The bytes an upload stores for source ``data``: compacted (unless
    ``verbatim``) and with CR LF line ends."""
    if not verbatim:
        data = compact(data)
    return crlf(data)


@functools.lru_cache(maxsize=128)      # the same files are loaded into many emulated modules
def compact(data: bytes) -> bytes:
    """``data`` without comments, one tab per indentation level, no trailing
    blanks, every line kept.  A source that host Python cannot tokenize the
    same way after compaction (or at all) comes back unchanged."""
    text = lf(data).decode("latin-1")
    tokens = _tokenize(text)
    if tokens is None:
        return data
    inside, open_ends, depths, comments = _plan(tokens)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        row = index + 1
        line = line[:comments.get(row, len(line))]
        if row not in open_ends:
            line = line.rstrip(" \t\f")
        if row not in inside:
            line = line.lstrip(" \t\f")
            if line and row in depths:
                line = "\t" * depths[row] + line
        lines[index] = line
    result = "\n".join(lines)
    compacted = _tokenize(result)
    if compacted is None or _kept(compacted) != _kept(tokens):
        return data
    return result.encode("latin-1")


def _tokenize(text: str) -> list[tokenize.TokenInfo] | None:
    """The tokens of ``text``, None when host Python cannot tokenize it."""
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None


def _plan(tokens: list[tokenize.TokenInfo]
          ) -> tuple[set[int], set[int], dict[int, int], dict[int, int]]:
    """Rows that start inside a string (copied as they are), rows that end
    inside one (their trailing blanks are the string's), the indentation depth
    of each row's first token, and the column of each removable comment."""
    inside: set[int] = set()
    open_ends: set[int] = set()
    depths: dict[int, int] = {}
    comments: dict[int, int] = {}
    depth = 0
    continued = False
    for kind, _, (row, column), (end_row, _), line in tokens:
        if kind == tokenize.INDENT:
            depth += 1
        elif kind == tokenize.DEDENT:
            depth -= 1
        elif kind == tokenize.COMMENT:
            if not (row <= 2 and CODING.match(line)):
                comments[row] = column
        elif kind not in SKIPPED and row not in depths and line[:column].strip(" \t\f") == "":
            depths[row] = depth + continued     # a continuation row goes one tab deeper
        if kind not in (tokenize.COMMENT, tokenize.NL):
            continued = kind not in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        inside.update(range(row + 1, end_row + 1))
        open_ends.update(range(row, end_row))
    return inside, open_ends, depths, comments


def _kept(tokens: list[tokenize.TokenInfo]) -> list[tuple[int, str, int]]:
    """What compaction must keep: every significant token, its text and its row,
    and the block structure."""
    return [(kind, "" if kind == tokenize.INDENT else string, start[0])
            for kind, string, start, _, _ in tokens
            if kind not in (tokenize.COMMENT, tokenize.NL)]
