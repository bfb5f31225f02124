"""Token checks: spellings the syntax tree no longer shows (2.x forms, literals, comments)."""
from __future__ import annotations

import io
import keyword
import re
import tokenize
from typing import Callable, Iterator

from hostsim.dialect.rules import RULES, Hit, hit_at

_UNICODE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\[uUN]")

_OK_COMMENT = re.compile(r"dialect-ok:\s*(\w+(?:\s*,\s*\w+)*)")

MAX_INT = 2 ** 31 - 1
MAX_UINT = 2 ** 32 - 1

# ---------------------------------------------------------------------------
# Token checks: spellings the tree no longer shows.

def source_tokens(source: str) -> list[tokenize.TokenInfo]:
    """The source's tokens, up to the first one Python 3 cannot tokenize."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass
    return tokens


def _number_hits(token: tokenize.TokenInfo) -> Iterator[Hit]:
    text = token.string.lower()
    line, col = token.start[0], token.start[1] + 1
    if text.startswith(("0o", "0b")):
        yield hit_at(line, col, "D124")
    if "_" in text:
        yield hit_at(line, col, "D125")
    if not text.startswith("0x") and any(mark in text for mark in ".ej"):
        yield hit_at(line, col, "D202")
    elif int(text.replace("_", ""), 0) > MAX_INT:
        # 1.5.2 and 2.7 read hex up to 0xffffffff as a negative int; only 3.x differs.
        wraps = text.startswith("0x") and int(text, 16) <= MAX_UINT
        yield hit_at(line, col, "D203", "integer literal %s does not fit the modules'"
                                         " 32-bit ints" % token.string,
                     native=() if wraps else None)


def _string_hits(token: tokenize.TokenInfo) -> Iterator[Hit]:
    prefix = token.string[:len(token.string) - len(token.string.lstrip("rRbBuUfF"))].lower()
    line, col = token.start[0], token.start[1] + 1
    if "b" in prefix or "u" in prefix:
        yield hit_at(line, col, "D123")
    if "r" not in prefix and "b" not in prefix and _UNICODE_ESCAPE.search(token.string):
        yield hit_at(line, col, "D133")


def _parenthesised_import_hits(tokens: list[tokenize.TokenInfo]) -> Iterator[Hit]:
    for token, following in zip(tokens, tokens[1:]):
        if token.string == "import" and following.string == "(":
            yield hit_at(following.start[0], following.start[1] + 1, "D104")


class _Bracket:
    """An open bracket while scanning for extended slices."""

    def __init__(self, is_subscript: bool) -> None:
        self.is_subscript = is_subscript
        self.colons = 0
        self.lambdas = 0


def _extended_slice_hits(tokens: list[tokenize.TokenInfo]) -> Iterator[Hit]:
    """Subscripts with a second colon in one dimension: ``s[::2]``, ``s[a:b:c]``, ``s[::]``."""
    stack: list[_Bracket] = []
    previous: tokenize.TokenInfo | None = None
    for token in tokens:
        if token.type == tokenize.OP and token.string in "([{":
            stack.append(_Bracket(token.string == "[" and _ends_operand(previous)))
        elif token.type == tokenize.OP and token.string in ")]}":
            if stack:
                stack.pop()
        elif stack and stack[-1].is_subscript:
            bracket = stack[-1]
            if token.string == "lambda":
                bracket.lambdas += 1
            elif token.string == ":" and bracket.lambdas:
                bracket.lambdas -= 1
            elif token.string == ":":
                bracket.colons += 1
                if bracket.colons == 2:
                    yield hit_at(token.start[0], token.start[1] + 1, "D118")
            elif token.string == ",":
                bracket.colons = 0
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token


def _ends_operand(token: tokenize.TokenInfo | None) -> bool:
    """Whether a ``[`` after ``token`` is a subscript rather than a list display."""
    if token is None:
        return False
    if token.type == tokenize.NAME:
        return not keyword.iskeyword(token.string)
    return (token.type in (tokenize.STRING, tokenize.NUMBER)
            or tokenize.tok_name[token.type] == "FSTRING_END"
            or token.string in (")", "]", "}"))


def token_hits(tokens: list[tokenize.TokenInfo]) -> Iterator[Hit]:
    for token in tokens:
        if token.type == tokenize.NUMBER:
            yield from _number_hits(token)
        elif token.type == tokenize.STRING:
            yield from _string_hits(token)
    yield from _parenthesised_import_hits(tokens)
    yield from _extended_slice_hits(tokens)


# ---------------------------------------------------------------------------
# `# dialect-ok:` comments.

def _comment_ids(tokens: list[tokenize.TokenInfo]) -> Iterator[tuple[tokenize.TokenInfo, str]]:
    """(comment token, rule id) for every id named in a ``# dialect-ok:`` comment."""
    for token in tokens:
        match = _OK_COMMENT.search(token.string) if token.type == tokenize.COMMENT else None
        if match:
            for rule in re.split(r"\s*,\s*", match.group(1)):
                yield token, rule


def silenced(tokens: list[tokenize.TokenInfo]) -> set[tuple[int, str]]:
    return {(token.start[0], rule) for token, rule in _comment_ids(tokens)}


def unknown_id_hits(tokens: list[tokenize.TokenInfo]) -> Iterator[Hit]:
    for token, rule in _comment_ids(tokens):
        if rule not in RULES:
            yield hit_at(token.start[0], token.start[1] + 1, "D405",
                          "unknown rule id `%s` in a `# dialect-ok:` comment" % rule)


# ---------------------------------------------------------------------------
# Source that Python 3 cannot parse: name the 2.x construct.

def _statement_start(tokens: list[tokenize.TokenInfo], index: int) -> bool:
    for token in reversed(tokens[:index]):
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            return (token.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
                    or token.string in (";", ":"))
    return True


def _adjacent(tokens: list[tokenize.TokenInfo], index: int) -> tokenize.TokenInfo | None:
    """The next token if it touches ``tokens[index]`` (no space between)."""
    if index + 1 < len(tokens) and tokens[index + 1].start == tokens[index].end:
        return tokens[index + 1]
    return None


def _top_level_until(tokens: list[tokenize.TokenInfo], index: int,
                     stop: str | None) -> Iterator[tokenize.TokenInfo]:
    """Tokens after ``index`` outside brackets, up to ``stop`` or the end of the line."""
    depth = 0
    for token in tokens[index + 1:]:
        if token.type == tokenize.NEWLINE or (depth == 0 and token.string == stop):
            return
        if token.string in ("(", "[", "{"):
            depth += 1
        elif token.string in (")", "]", "}"):
            depth -= 1
        elif depth == 0:
            yield token


def _is_backquote(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    return tokens[i].string == "`"


def _is_diamond(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    following = _adjacent(tokens, i)
    return tokens[i].string == "<>" or (
        tokens[i].string == "<" and following is not None and following.string == ">")


def _is_old_octal(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """``0777``: one NUMBER (3.12+) or a ``0`` touching ``777`` (3.8 to 3.11)."""
    token, following = tokens[i], _adjacent(tokens, i)
    if token.type != tokenize.NUMBER or not re.fullmatch(r"0[0-9]*", token.string):
        return False
    if token.string.strip("0"):
        return True
    return (following is not None and following.type == tokenize.NUMBER
            and following.string[:1].isdigit())


def _is_long(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """``10L``: Python 3 reads a NUMBER touching the name ``L``."""
    following = _adjacent(tokens, i)
    return (tokens[i].type == tokenize.NUMBER and following is not None
            and following.string in ("l", "L"))


def _is_ur_prefix(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    """``ur'...'``: Python 3 reads the name ``ur`` touching a string."""
    following = _adjacent(tokens, i)
    return (tokens[i].type == tokenize.NAME and tokens[i].string.lower() == "ur"
            and following is not None and following.type == tokenize.STRING)


def _is_statement(word: str) -> Callable[[list[tokenize.TokenInfo], int], bool]:
    """``print x`` / ``exec code``: the word at a statement start, no call parentheses."""
    def recognise(tokens: list[tokenize.TokenInfo], i: int) -> bool:
        if tokens[i].string != word or not _statement_start(tokens, i) or i + 1 >= len(tokens):
            return False
        following = tokens[i + 1]
        return (following.type in (tokenize.NAME, tokenize.NUMBER, tokenize.STRING)
                or following.string in (">>", "`"))
    return recognise


def _is_comma_form(word: str, stop: str | None) -> Callable[[list[tokenize.TokenInfo], int], bool]:
    """``except E, e`` / ``raise E, msg``: a comma outside brackets after the word."""
    def recognise(tokens: list[tokenize.TokenInfo], i: int) -> bool:
        return tokens[i].string == word and any(
            token.string == "," for token in _top_level_until(tokens, i, stop))
    return recognise


def _is_tuple_parameter(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    if tokens[i].string != "def" or i + 2 >= len(tokens) or tokens[i + 2].string != "(":
        return False
    depth = 0
    previous = tokens[i + 1]
    for token in tokens[i + 2:]:
        if token.string == "(":
            depth += 1
            if depth == 2 and previous.string in ("(", ","):
                return True
        elif token.string == ")":
            depth -= 1
            if depth == 0:
                return False
        previous = token
    return False


def _is_bool_assignment(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    return (tokens[i].string in ("True", "False") and _statement_start(tokens, i)
            and i + 1 < len(tokens) and tokens[i + 1].string in ("=", ","))


#: The 2.x-only constructs: key -> (what it is, what to write instead).
PY2_CONSTRUCTS = {
    "backquotes": ("backquotes", "write `repr(x)`"),
    "diamond": ("`<>`", "write `!=`"),
    "octal": ("octal literal `0777`", "write it in decimal or `0x` hex"),
    "long": ("long literal `10L`", "drop the `L` (and keep values below 2**31)"),
    "ur": ("the `ur''` prefix", "use a plain `''` string"),
    "print": ("the print statement",
              "write through a logging helper that sends to SER/SER2 or a file"),
    "exec": ("the exec statement", "do without exec"),
    "except": ("`except E, e`",
               "write `except E:` and read the exception with `sys.exc_info()[1]`"),
    "raise": ("`raise E, msg`", "write `raise E(msg)`"),
    "tuple_parameter": ("a tuple parameter `def f(a, (b, c))`",
                        "take one parameter and unpack it in the body"),
    "bool_assignment": ("assignment to True/False", "use 1 and 0"),
}

_RECOGNISERS = (
    (_is_backquote, "backquotes"),
    (_is_diamond, "diamond"),
    (_is_old_octal, "octal"),
    (_is_long, "long"),
    (_is_ur_prefix, "ur"),
    (_is_statement("print"), "print"),
    (_is_statement("exec"), "exec"),
    (_is_comma_form("except", ":"), "except"),
    (_is_comma_form("raise", None), "raise"),
    (_is_tuple_parameter, "tuple_parameter"),
    (_is_bool_assignment, "bool_assignment"),
)


def syntax_error_hit(error: SyntaxError, tokens: list[tokenize.TokenInfo]) -> Hit:
    """One D401 hit at the error, naming the 2.x construct if one is recognised."""
    line, col = error.lineno or 1, error.offset or 1
    found = [(token.start[0],) + PY2_CONSTRUCTS[construct]
             for index, token in enumerate(tokens)
             for recognise, construct in _RECOGNISERS if recognise(tokens, index)]
    on_line = [entry for entry in found if entry[0] == line] or found
    if not on_line:
        return hit_at(line, col, "D401", "Python 3 cannot parse this (%s)" % error.msg,
                       "write it in the onboard dialect")
    _, name, instead = on_line[0]
    return hit_at(line, col, "D401", "Python 3 cannot parse %s" % name, instead)
