"""The onboard dialect checker: :func:`check_source` and :func:`check_paths`.

Flags code that would not run unchanged on Python 1.5.2, Telit's 1.5.2+, 2.7 and
3.x (the rules of ``python15-dialect.md``, table in :mod:`hostsim.dialect.rules`),
or with ``native`` only what the profile's own interpreter rejects (real 1.5.2
code passes). A source Python 3 cannot parse is parsed as the 1.5.2 front end
parses it (:mod:`hostsim.dialect.parse`), so a print statement is one finding
among the others, not the end of the check.
"""
from __future__ import annotations

import ast
import os
import re
import symtable
import tokenize
import warnings
from typing import TYPE_CHECKING, Iterator

from hostsim.dialect.rules import (
    DEFAULT_PROFILE,
    PROFILES,
    CheckerUsageError,
    Finding,
    Hit,
    applies,
    hit_at,
)
from hostsim.dialect.tokens import (
    silenced,
    source_tokens,
    syntax_error_hit,
    token_hits,
    unknown_id_hits,
)
from hostsim.dialect.tree import Context, tree_hits

if TYPE_CHECKING:
    from hostsim.dialect.parse import Lowering

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TEXT_TOKENS = (tokenize.COMMENT, tokenize.STRING)    # where non-ASCII bytes can be valid
# PEP 263: what makes non-ASCII source valid on 2.7 (1.5.2 reads any bytes).
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")

# ---------------------------------------------------------------------------
# Whole files.

def _file_hits(path: str, source: str) -> Iterator[Hit]:
    name = os.path.basename(path)
    if name.endswith(".py") and len(name) > 16:
        yield hit_at(1, 1, "D402", "file name `%s` is %d characters long (at most 16,"
                                    " `.py` included)" % (name, len(name)))
    if name == "__init__.py":
        yield hit_at(1, 1, "D403")
    lines = source.split("\n")
    declared = any(_CODING.match(text) for text in lines[:2])
    in_code = {}
    for token in source_tokens(source):
        if token.type not in _TEXT_TOKENS and _NON_ASCII.search(token.string):
            in_code.setdefault(token.start[0], token.start[1]
                               + _NON_ASCII.search(token.string).start())
    for number, column in in_code.items():   # names and code are ASCII on every profile
        yield hit_at(number, column + 1, "D404", "non-ASCII character %r outside comments and "
                     "strings" % lines[number - 1][column], "write names and code in ASCII",
                     native=PROFILES)
    for number, text in enumerate(lines, 1):
        match = _NON_ASCII.search(text)
        if match and number not in in_code:
            yield hit_at(number, match.start() + 1, "D404",
                         "non-ASCII character %r in the source" % match.group(),
                         native=() if declared else None)


def _sibling_modules(path: str) -> frozenset[str]:
    """Module names of the ``.py`` files next to ``path`` (when it is a real file)."""
    if not os.path.isfile(path):
        return frozenset()
    folder = os.path.dirname(path) or "."
    return frozenset(name[:-3] for name in os.listdir(folder) if name.endswith(".py"))


def _compile(source: str, path: str) -> tuple[ast.Module, symtable.SymbolTable]:
    """The tree and symbol table; SyntaxError if Python 3 cannot compile the source."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ast.parse(source, path), symtable.symtable(source, path, "exec")
        except ValueError as error:  # null bytes, before Python 3.12
            raise SyntaxError(str(error)) from error


def _source_hits(source: str, path: str) -> tuple[list[Hit], list[tokenize.TokenInfo]]:
    """Every hit of the source, and the tokens its ``# dialect-ok:`` comments are read from."""
    hits = list(_file_hits(path, source))
    try:
        tree, table = _compile(source, path)
    except SyntaxError as error:
        # fissix and the front end load only for a source Python 3 cannot parse.
        from hostsim.dialect.parse import NotPython2, lower
        try:
            lowering = lower(source)
        except NotPython2:  # neither grammar: one finding at Python 3's error
            tokens = source_tokens(source)
            return hits + list(unknown_id_hits(tokens)) + [syntax_error_hit(error, tokens)], \
                tokens
        tokens = source_tokens(lowering.source)
        return hits + _lowered_hits(lowering, path, tokens), tokens
    tokens = source_tokens(source)
    hits += unknown_id_hits(tokens)
    hits += token_hits(tokens)
    hits += tree_hits(Context(tree, table, _sibling_modules(path)), tree)
    return hits, tokens


def _lowered_hits(lowering: Lowering, path: str,
                  tokens: list[tokenize.TokenInfo]) -> list[Hit]:
    """A Python 2 source: its 2.x hits, and the other checks on its Python 3 spelling."""
    found = list(unknown_id_hits(tokens))
    try:
        tree, table = _compile(lowering.source, path)
    except SyntaxError as error:  # something the lowering does not rewrite
        found.append(syntax_error_hit(error, tokens)._replace(native=()))
    else:
        found += token_hits(tokens)
        context = Context(tree, table, _sibling_modules(path), frozenset(lowering.renamed))
        found += tree_hits(context, tree)
    placed = [lowering.source_hit(hit) for hit in found]
    return lowering.hits + [hit for hit in placed if hit is not None]


# ---------------------------------------------------------------------------
# Public API.

def _require_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise CheckerUsageError("unknown profile %r (choose from %s)"
                                % (profile, ", ".join(PROFILES)))


def check_source(source: str, path: str = "<string>", profile: str = DEFAULT_PROFILE,
                 native: bool = False) -> list[Finding]:
    """Findings for one module's source, sorted by (line, col, rule).

    ``native``: only what ``profile``'s own interpreter rejects (see :class:`Rule`),
    instead of everything that breaks the onboard dialect.
    """
    _require_profile(profile)
    hits, tokens = _source_hits(source, path)
    quiet = silenced(tokens)
    findings = {Finding(path, hit.line, hit.col, hit.rule, hit.message)
                for hit in hits
                if applies(hit, profile, native) and (hit.line, hit.rule) not in quiet}
    return sorted(findings, key=lambda finding: (finding.line, finding.col, finding.rule))


def _python_files(folder: str) -> Iterator[str]:
    """Every ``*.py`` under ``folder``, skipping hidden folders and ``__pycache__``."""
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders
                            if not name.startswith(".") and name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(root, name)


def _read(path: str) -> str:
    """The file's text: UTF-8, or Latin-1 when it is not (D404 reports the bytes)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise CheckerUsageError("cannot read %s: %s" % (path, error.strerror)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def check_paths(paths: list[str], profile: str = DEFAULT_PROFILE,
                native: bool = False) -> list[Finding]:
    """Findings for files and folders (every ``*.py`` below a folder), file by file."""
    _require_profile(profile)
    findings: list[Finding] = []
    for path in paths:
        if os.path.isdir(path):
            files = list(_python_files(path))
        elif os.path.exists(path):
            files = [path]
        else:
            raise CheckerUsageError("no such file: %s" % path)
        for name in files:
            findings.extend(check_source(_read(name), name, profile, native))
    return findings
