"""The onboard dialect checker: :func:`check_source` and :func:`check_paths`.

Flags code that would not run unchanged on Python 1.5.2, Telit's 1.5.2+, 2.7 and
3.x (the rules of ``python15-dialect.md``, table in :mod:`hostsim.dialect.rules`).
"""
from __future__ import annotations

import ast
import os
import re
import symtable
import tokenize
import warnings
from typing import Iterator

from hostsim.dialect.rules import (
    DEFAULT_PROFILE,
    PROFILES,
    RULES,
    CheckerUsageError,
    Finding,
    Hit,
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

_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# ---------------------------------------------------------------------------
# Whole files.

def _file_hits(path: str, source: str) -> Iterator[Hit]:
    name = os.path.basename(path)
    if name.endswith(".py") and len(name) > 16:
        yield hit_at(1, 1, "D402", "file name `%s` is %d characters long (at most 16,"
                                    " `.py` included)" % (name, len(name)))
    if name == "__init__.py":
        yield hit_at(1, 1, "D403")
    for number, text in enumerate(source.split("\n"), 1):
        match = _NON_ASCII.search(text)
        if match:
            yield hit_at(number, match.start() + 1, "D404",
                          "non-ASCII character %r in the source" % match.group())


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


def _source_hits(source: str, path: str,
                 tokens: list[tokenize.TokenInfo]) -> Iterator[Hit]:
    yield from _file_hits(path, source)
    yield from unknown_id_hits(tokens)
    try:
        tree, table = _compile(source, path)
    except SyntaxError as error:
        yield syntax_error_hit(error, tokens)
        return
    yield from token_hits(tokens)
    yield from tree_hits(Context(tree, table, _sibling_modules(path)), tree)


# ---------------------------------------------------------------------------
# Public API.

def _require_profile(profile: str) -> None:
    if profile not in PROFILES:
        raise CheckerUsageError("unknown profile %r (choose from %s)"
                                % (profile, ", ".join(PROFILES)))


def check_source(source: str, path: str = "<string>",
                 profile: str = DEFAULT_PROFILE) -> list[Finding]:
    """Findings for one module's source, sorted by (line, col, rule)."""
    _require_profile(profile)
    tokens = source_tokens(source)
    quiet = silenced(tokens)
    findings = {Finding(path, hit.line, hit.col, hit.rule, hit.message)
                for hit in _source_hits(source, path, tokens)
                if profile in RULES[hit.rule].profiles and (hit.line, hit.rule) not in quiet}
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


def check_paths(paths: list[str], profile: str = DEFAULT_PROFILE) -> list[Finding]:
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
            findings.extend(check_source(_read(name), name, profile))
    return findings
