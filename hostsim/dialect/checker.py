"""The onboard dialect checker: ``hostsim check [--profile P] PATH...``.

Flags code that would not run unchanged on Python 1.5.2, Telit's 1.5.2+, 2.7
and 3.x (the rules of ``python15-dialect.md``).  :data:`RULES` is the one table
of rule ids, the profiles each applies to and what to write instead; the rule
docs (:func:`rules_markdown`) and ``--list-rules`` are rendered from it.

Rule ids: ``D1xx`` syntax, ``D2xx`` semantic traps, ``D3xx`` builtins and
modules, ``D4xx`` whole files.  A finding is silenced for its line only by a
comment on that line naming the rule: ``# dialect-ok: D101, D119``.
"""
from __future__ import annotations

import argparse
import ast
import io
import keyword
import os
import re
import symtable
import sys
import tokenize
import warnings
from dataclasses import dataclass
from typing import Callable, Iterator, NamedTuple

PROFILES = ("python152", "telit152", "python27")
DEFAULT_PROFILE = "python152"
_ALL = PROFILES
_OLD = ("python152", "telit152")
_PLAIN = ("python152",)


@dataclass(frozen=True)
class Rule:
    """A rule: the profiles it applies to, what it flags, what to write instead."""
    profiles: tuple[str, ...]
    flags: str
    instead: str


RULES: dict[str, Rule] = {
    # D1xx: syntax that Python 1.5.2, 2.7 or 3.x cannot compile.
    "D101": Rule(_OLD, "augmented assignment `x += 1` needs Python 2.0",
                 "write `x = x + 1`"),
    "D102": Rule(_OLD, "comprehension or generator expression needs Python 2.0 to 2.7",
                 "build the list with a for loop and `append()`"),
    "D103": Rule(_OLD, "`import a as b` / `from a import b as c` needs Python 2.0",
                 "import the plain name, then assign it: `b = a`"),
    "D104": Rule(_OLD, "parenthesised `from a import (b, c)` needs Python 2.4",
                 "drop the parentheses (one `from a import ...` line per group)"),
    "D105": Rule(_OLD, "call-site unpacking `f(*args)` / `f(**kw)` needs Python 2.0",
                 "pass the arguments one by one (`apply()` is gone in 3.x)"),
    "D106": Rule(_ALL, "`print` is a statement on 1.5/2.7 and a function on 3.x",
                 "write through a logging helper that sends to SER/SER2 or a file"),
    "D107": Rule(_OLD, "`yield` (generators) needs Python 2.2",
                 "return a list"),
    "D108": Rule(_ALL, "`yield from` needs Python 3.3",
                 "return a list"),
    "D109": Rule(_OLD, "`with` needs Python 2.5",
                 "use try/finally and close explicitly"),
    "D110": Rule(_OLD, "decorator `@d` needs Python 2.4",
                 "rebind after the def: `f = d(f)`"),
    "D111": Rule(_OLD, "conditional expression `a if c else b` needs Python 2.5",
                 "use an if statement"),
    "D112": Rule(_OLD, "nested def, lambda or class reads a variable of an enclosing function"
                       " (nested scopes need Python 2.2: NameError on 1.5)",
                 "pass the value in as a default argument: `lambda x, n=n: x + n`"),
    "D113": Rule(_ALL, "`nonlocal` needs Python 3",
                 "keep the state in a list or an object attribute"),
    "D114": Rule(_ALL, "`global` in a nested function names the module global,"
                       " never the enclosing function's local",
                 "pass the value in and return the new value"),
    "D115": Rule(_OLD, "try/except/finally in one statement needs Python 2.5",
                 "nest a try/except inside a try/finally"),
    "D116": Rule(_OLD, "`continue` in a try body is a SyntaxError on 1.5.2",
                 "set a flag and `continue` after the try statement"),
    "D117": Rule(_ALL, "`continue` in a finally body is a SyntaxError on 1.5 to 3.7",
                 "set a flag and `continue` after the try statement"),
    "D118": Rule(_OLD, "slice with a step `s[::2]` / `s[a:b:c]` fails on 1.5 sequences (2.3)",
                 "loop over the indexes, or use a plain slice `s[a:b]`"),
    "D119": Rule(_OLD, "floor division `//` needs Python 2.2",
                 "use `divmod(a, b)[0]`"),
    "D120": Rule(_ALL, "matrix multiplication `@` needs Python 3.5",
                 "call a function"),
    "D121": Rule(_ALL, "assignment expression `:=` needs Python 3.8",
                 "assign in a separate statement"),
    "D122": Rule(_ALL, "f-string needs Python 3.6",
                 "use `%` formatting: `'%s=%d' % (name, n)`"),
    "D123": Rule(_ALL, "`b''` / `u''` prefix: 1.5 has neither and the type differs"
                       " between 2.x and 3.x",
                 "use a plain `''` string (the host shims convert at their edge)"),
    "D124": Rule(_OLD, "`0o` / `0b` literal needs Python 2.6",
                 "write it in decimal or `0x` hex"),
    "D125": Rule(_ALL, "underscore in a number needs Python 3.6",
                 "write the digits without `_`"),
    "D126": Rule(_ALL, "star-unpacking outside a call (`a, *b = l`, `[*a]`, `{**d}`)"
                       " needs Python 3",
                 "index and slice: `a = l[0]; b = l[1:]`; join lists with `+`"),
    "D127": Rule(_ALL, "keyword-only or positional-only parameters need Python 3",
                 "use plain parameters with defaults"),
    "D128": Rule(_ALL, "annotations need Python 3",
                 "drop the annotation; describe types in the docstring"),
    "D129": Rule(_OLD, "`except E as e` needs Python 2.6",
                 "write `except E:` and read the exception with `sys.exc_info()[1]`"),
    "D130": Rule(_ALL, "`async` / `await` needs Python 3.5",
                 "write plain functions"),
    "D131": Rule(_ALL, "syntax only Python 3 has (`raise ... from`, class keywords,"
                       " `...`, `match`, `except*`, type parameters, `type X = ...`)",
                 "use the plain form: `raise E(msg)`, `class C:`, `None`, if/elif"),
    "D132": Rule(_OLD, "set display `{a, b}` needs Python 2.7",
                 "use a list, or a dict `{a: 1, b: 1}` read with `d.get(k)`"),
    "D133": Rule(_ALL, "`\\u`, `\\U` or `\\N{...}` escape: one character on 3.x,"
                       " plain text on 1.5/2.x",
                 "write the bytes with `\\xNN` escapes"),
    # D2xx: code that compiles everywhere but behaves differently.
    "D201": Rule(_ALL, "`/` floors ints on 1.5/2.7 but gives a float on 3.x",
                 "use `divmod(a, b)[0]`"),
    "D202": Rule(_OLD, "floats (float or complex literal, `float()`, `complex()`)"
                       " are not available on Telit 1.5.2+ modules",
                 "use integers in fixed point (tenths, milli-units)"),
    "D203": Rule(_OLD, "integer literal outside -2**31..2**31-1 overflows the modules'"
                       " 32-bit ints",
                 "keep values in range; reduce modulo a small number at each step"),
    "D204": Rule(_OLD, "`isinstance()` with a builtin type name: those types are"
                       " functions on 1.5",
                 "compare types: `type(x) == type('')`"),
    "D205": Rule(_OLD, "`in` / `not in` on a dict needs Python 2.2",
                 "use `d.get(k)` against a sentinel, or `try: d[k]`"),
    "D206": Rule(_ALL, "`d.has_key(k)` is gone in Python 3",
                 "use `d.get(k)` against a sentinel, or `try: d[k]`"),
    "D207": Rule(_OLD, "substring test `'ab' in s`: 1.5 tests single characters only",
                 "use the compat module's find helper: `find(s, 'ab') >= 0`"),
    "D208": Rule(_OLD, "`sort()` with `key=` / `reverse=` needs Python 2.4",
                 "sort (key, value) tuples, then `reverse()`"),
    "D209": Rule(_ALL, "sorting with a comparison function (`l.sort(f)`, `cmp=`)"
                       " is gone in Python 3",
                 "sort (key, value) tuples"),
    "D210": Rule(_OLD, "`%r` formatting needs Python 2.0",
                 "use `%s` with `repr(x)`"),
    "D211": Rule(_OLD, "`int(s, base)` needs Python 2.0",
                 "convert through the compat module (`string.atoi` on 1.5)"),
    "D212": Rule(_PLAIN, "string method: plain 1.5.2 has none (Telit 1.5.2+ has them)",
                 "call the compat module's helper, which picks `string.find` or `s.find`"),
    "D213": Rule(_OLD, "string method newer than Telit 1.5.2+ (`format`, `partition`,"
                       " `rpartition`, `rsplit`, `zfill`)",
                 "use `%` formatting, `find()` and slices"),
    "D214": Rule(_ALL, "string method that only Python 3 has or that converts between"
                       " str and bytes (`encode`, `decode`, `casefold`, `removeprefix` ...)",
                 "keep native str inside onboard/; convert in the host shims"),
    "D215": Rule(_ALL, "indexing or sorting `keys()`, `values()`, `items()`, `range()`,"
                       " `map()`, `filter()` or `zip()`: lists on 2.x, views or iterators"
                       " on 3.x",
                 "wrap it: `list(d.keys())[0]`"),
    "D216": Rule(_ALL, "string exception (`raise 'msg'`, `except 'msg':`) is gone in"
                       " 2.6 and 3.x",
                 "define `class MyError(Exception): pass`"),
    # D3xx: builtins and modules.
    "D301": Rule(_OLD, "builtin that 1.5.2 does not have (`zip`, `enumerate`, `sorted`,"
                       " `set`, `dict`, `object`, `True`, `False`, `bool` ...)",
                 "use 1 and 0 for booleans, `class C:` without `object`,"
                 " loops or compat helpers for the rest"),
    "D302": Rule(_ALL, "builtin that exists on only one side of 2.x and 3.x (`xrange`,"
                       " `apply`, `reduce`, `long`, `unicode`, `bytes`, `ascii` ...)",
                 "use `range()`, explicit loops or a compat helper"),
    "D303": Rule(_OLD, "module the Telit module does not have (it has `sys`, `MDM`, `MDM2`,"
                       " `MOD`, `SER`, `SER2`, `GPIO`, `IIC`, `SPI`, `GPS` and the"
                       " script's sibling .py files)",
                 "use `MOD.secCounter()` / `MOD.sleep()` instead of `time`,"
                 " the compat module instead of `string`"),
    "D304": Rule(_OLD, "dotted or relative import: the module's file system has no packages",
                 "put the module next to the script and `import name`"),
    # D4xx: whole files.
    "D401": Rule(_ALL, "source that Python 3 cannot parse (print or exec statement,"
                       " backquotes, `<>`, `0777`, `10L`, `except E, e`, `raise E, msg`,"
                       " tuple parameters, assignment to True/False)",
                 "write the portable form named in the message"),
    "D402": Rule(_OLD, "file name longer than 16 characters including `.py`",
                 "rename the module (the module's file store limits names to 16)"),
    "D403": Rule(_OLD, "`__init__.py`: packages do not exist on the module",
                 "flatten the package into modules next to the script"),
    "D404": Rule(_ALL, "non-ASCII character in the source",
                 "use `\\xNN` escapes in strings and ASCII in comments"),
    "D405": Rule(_ALL, "unknown rule id in a `# dialect-ok:` comment",
                 "name ids listed by `hostsim check --list-rules`"),
}

ONBOARD_MODULES = frozenset(
    {"sys", "MDM", "MDM2", "MOD", "SER", "SER2", "GPIO", "IIC", "SPI", "GPS"})
MAX_INT = 2 ** 31 - 1

# Names a module may still bind itself (a compat module defines them); True and
# False cannot be bound on 3.x, so they are always reported.
_MISSING_ON_152 = frozenset({
    "zip", "enumerate", "sum", "sorted", "reversed", "set", "frozenset", "any", "all",
    "next", "iter", "bytearray", "object", "super", "property", "staticmethod",
    "classmethod", "dict", "bool", "format", "True", "False"})
_NOT_PORTABLE = {
    "apply": "is gone in Python 3", "reduce": "is gone from Python 3's builtins",
    "xrange": "is gone in Python 3", "raw_input": "is gone in Python 3",
    "long": "is gone in Python 3", "cmp": "is gone in Python 3",
    "unichr": "is gone in Python 3", "execfile": "is gone in Python 3",
    "reload": "is gone from Python 3's builtins", "file": "is gone in Python 3",
    "unicode": "is gone in Python 3", "basestring": "is gone in Python 3",
    "buffer": "is gone in Python 3", "intern": "is gone from Python 3's builtins",
    "coerce": "is gone in Python 3", "bytes": "is str on 2.7 and a separate type on 3.x",
    "ascii": "is Python 3 only", "breakpoint": "is Python 3 only",
    "aiter": "is Python 3 only", "anext": "is Python 3 only"}
_FLOAT_NAMES = frozenset({"float", "complex"})
_BUILTIN_TYPES = frozenset({
    "str", "int", "long", "float", "complex", "list", "tuple", "dict", "type",
    "unicode", "bytes", "bool", "object", "set", "basestring"})
# String methods of Python 2.0, which Telit's 1.5.2+ has; `count` and `index`
# are left out because lists have them too (they count on a string literal only).
_STRING_METHODS = frozenset({
    "capitalize", "center", "endswith", "expandtabs", "find", "isalnum", "isalpha",
    "isdigit", "islower", "isspace", "istitle", "isupper", "join", "ljust", "lower",
    "lstrip", "replace", "rfind", "rindex", "rjust", "rstrip", "split", "splitlines",
    "startswith", "strip", "swapcase", "title", "translate", "upper"})
_LATER_STRING_METHODS = frozenset({"format", "partition", "rpartition", "rsplit", "zfill"})
_PY3_STRING_METHODS = frozenset({
    "encode", "decode", "casefold", "format_map", "isascii", "isdecimal", "isidentifier",
    "isnumeric", "isprintable", "maketrans", "removeprefix", "removesuffix"})
_VIEW_METHODS = frozenset({"keys", "values", "items"})
_ITERATOR_BUILTINS = frozenset({"range", "map", "filter", "zip"})

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_SCOPES = _FUNCTIONS + (ast.ClassDef,)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_DISPLAYS = (ast.List, ast.Tuple, ast.Set, ast.Dict) + _COMPREHENSIONS
_OPERATOR_RULES = {ast.FloorDiv: "D119", ast.MatMult: "D120", ast.Div: "D201"}
_OK_COMMENT = re.compile(r"dialect-ok:\s*(\w+(?:\s*,\s*\w+)*)")
_PERCENT_CONVERSION = re.compile(
    r"%(?:%|(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?([a-zA-Z]))")
_UNICODE_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\[uUN]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _node_types(*names: str) -> tuple[type, ...]:
    """The ``ast`` node classes among ``names`` that this Python has."""
    return tuple(getattr(ast, name) for name in names if hasattr(ast, name))


_TRIES = _node_types("Try", "TryStar")
_PY3_STATEMENTS = _node_types("Match", "TryStar", "TypeAlias")


@dataclass(frozen=True)
class Finding:
    """One reported problem; ``col`` is 1-based."""
    path: str
    line: int
    col: int
    rule: str
    message: str

    def __str__(self) -> str:
        return "%s:%d:%d: %s %s" % (self.path, self.line, self.col, self.rule, self.message)


class CheckerUsageError(Exception):
    """A bad path, an unreadable file or a bad option."""


class _Hit(NamedTuple):
    line: int
    col: int
    rule: str
    message: str


def _hit_at(line: int, col: int, rule: str, flags: str | None = None,
            instead: str | None = None) -> _Hit:
    """A hit whose message is ``flags: instead``, defaulting to the rule's text."""
    entry = RULES[rule]
    return _Hit(line, col, rule, "%s: %s" % (flags or entry.flags, instead or entry.instead))


def _hit(node: ast.AST, rule: str, flags: str | None = None) -> _Hit:
    return _hit_at(node.lineno, node.col_offset + 1, rule, flags)


# ---------------------------------------------------------------------------
# What the tree checks need to know about the whole module.

class _Context:
    """The parsed module: parents, scopes, symbol tables, bound names."""

    def __init__(self, tree: ast.Module, table: symtable.SymbolTable,
                 local_modules: frozenset[str]) -> None:
        self.parents = {child: node for node in ast.walk(tree)
                        for child in ast.iter_child_nodes(node)}
        self.tables = _tables_by_scope_key(table)
        self.imported = _imported_names(tree)
        self.bound = _bound_names(tree) | self.imported
        self.modules = ONBOARD_MODULES | local_modules
        self.dict_names = self._dict_names(tree)

    def scope_of(self, node: ast.AST) -> ast.AST:
        """The def, lambda, class or module whose body holds ``node``.

        Defaults, decorators and annotations belong to the enclosing scope;
        comprehensions are not scopes (they are not on 1.5 and 2.x).
        """
        child, parent = node, self.parents.get(node)
        while not isinstance(parent, ast.Module):
            if _in_body(child, parent):
                return parent
            child, parent = parent, self.parents[parent]
        return parent

    def symbols(self, scope: ast.AST, name: str) -> list[symtable.Symbol]:
        """The symbol ``name`` in the symbol table(s) of ``scope``."""
        return [table.lookup(name) for table in self.tables.get(_scope_key(scope), ())
                if name in table.get_identifiers()]

    def enclosing_functions(self, scope: ast.AST) -> Iterator[ast.AST]:
        while not isinstance(scope, ast.Module):
            scope = self.scope_of(scope)
            if isinstance(scope, _FUNCTIONS):
                yield scope

    def _dict_names(self, tree: ast.Module) -> dict[ast.AST, set[str]]:
        """Per scope, the names assigned a dict display there."""
        found: dict[ast.AST, set[str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Dict, ast.DictComp)):
                names = {target.id for target in node.targets if isinstance(target, ast.Name)}
                found.setdefault(self.scope_of(node), set()).update(names)
        return found


def _in_body(child: ast.AST, parent: ast.AST) -> bool:
    if isinstance(parent, ast.Lambda):
        return child is parent.body
    return isinstance(parent, _SCOPES) and any(child is statement for statement in parent.body)


def _scope_key(scope: ast.AST) -> tuple[str, int]:
    """How ``symtable`` names the module, a def, a lambda or a class: (name, line)."""
    if isinstance(scope, ast.Module):
        return ("top", 0)
    return ("lambda" if isinstance(scope, ast.Lambda) else scope.name, scope.lineno)


def _tables_by_scope_key(top: symtable.SymbolTable) -> dict[tuple[str, int], list]:
    found: dict[tuple[str, int], list] = {}
    pending = [top]
    while pending:
        table = pending.pop()
        found.setdefault((table.get_name(), table.get_lineno()), []).append(table)
        pending.extend(table.get_children())
    return found


def _bound_names(tree: ast.Module) -> set[str]:
    """Every name the module binds anywhere, imports aside (assignment, def, parameter ...)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _imported_names(tree: ast.Module) -> set[str]:
    return {alias.asname or alias.name.split(".")[0]
            for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names}


# ---------------------------------------------------------------------------
# Tree checks: each takes one node and the context and yields hits.

def _always(rule: str) -> Callable[[ast.AST, _Context], Iterator[_Hit]]:
    """A check that reports every node of its types under ``rule``."""
    def check(node: ast.AST, ctx: _Context) -> Iterator[_Hit]:
        yield _hit(node, rule)
    return check


def _operator(node: ast.AST, ctx: _Context) -> Iterator[_Hit]:
    rule = _OPERATOR_RULES.get(type(node.op))
    if rule:
        yield _hit(node, rule)


def _import_as(node: ast.AST, ctx: _Context) -> Iterator[_Hit]:
    if any(alias.asname for alias in node.names):
        yield _hit(node, "D103")


def _import(node: ast.Import, ctx: _Context) -> Iterator[_Hit]:
    for alias in node.names:
        yield from _imported_module(node, alias.name, ctx)


def _import_from(node: ast.ImportFrom, ctx: _Context) -> Iterator[_Hit]:
    if node.level:
        yield _hit(node, "D304", "relative import: the module's file system has no packages")
    else:
        yield from _imported_module(node, node.module, ctx)


def _imported_module(node: ast.AST, name: str, ctx: _Context) -> Iterator[_Hit]:
    if "." in name:
        yield _hit(node, "D304", "dotted import `%s`: the module's file system has no"
                                 " packages" % name)
    top = name.split(".")[0]
    if top not in ctx.modules:
        yield _hit(node, "D303", "module `%s` is not on the Telit module" % top)


def _starred(node: ast.Starred, ctx: _Context) -> Iterator[_Hit]:
    yield _hit(node, "D105" if isinstance(ctx.parents[node], ast.Call) else "D126")


def _keyword_unpacking(node: ast.Call, ctx: _Context) -> Iterator[_Hit]:
    for argument in node.keywords:
        if argument.arg is None:
            yield _hit(argument.value, "D105")


def _dict_unpacking(node: ast.Dict, ctx: _Context) -> Iterator[_Hit]:
    if None in node.keys:
        yield _hit(node, "D126")


def _print(node: ast.Name, ctx: _Context) -> Iterator[_Hit]:
    if node.id == "print":
        yield _hit(node, "D106")


def _decorators(node: ast.AST, ctx: _Context) -> Iterator[_Hit]:
    for decorator in node.decorator_list:
        yield _hit(decorator, "D110")


def _nested_scope_read(node: ast.Name, ctx: _Context) -> Iterator[_Hit]:
    if not isinstance(node.ctx, ast.Load):
        return
    scope = ctx.scope_of(node)
    if any(symbol.is_free() for symbol in ctx.symbols(scope, node.id)):
        yield _hit(node, "D112", "`%s` is a variable of an enclosing function: nested"
                                 " scopes need Python 2.2 (NameError on 1.5)" % node.id)


def _nested_global(node: ast.Global, ctx: _Context) -> Iterator[_Hit]:
    outer = list(ctx.enclosing_functions(ctx.scope_of(node)))
    for name in node.names:
        if any(symbol.is_local() for scope in outer for symbol in ctx.symbols(scope, name)):
            yield _hit(node, "D114", "`global %s` in a nested function names the module"
                                     " global, not the enclosing function's `%s`"
                                     % (name, name))


def _try_except_finally(node: ast.AST, ctx: _Context) -> Iterator[_Hit]:
    if node.handlers and node.finalbody:
        yield _hit(node, "D115")


def _continue(node: ast.Continue, ctx: _Context) -> Iterator[_Hit]:
    """``continue`` whose innermost loop lies outside a try body or finally body."""
    child, parent = node, ctx.parents[node]
    while not isinstance(parent, _SCOPES + (ast.Module,)):
        if isinstance(parent, _LOOPS) and any(child is s for s in parent.body):
            return
        if isinstance(parent, _TRIES) and any(child is s for s in parent.body):
            yield _hit(node, "D116")
            return
        if isinstance(parent, _TRIES) and any(child is s for s in parent.finalbody):
            yield _hit(node, "D117")
            return
        child, parent = parent, ctx.parents[parent]


def _fstring(node: ast.JoinedStr, ctx: _Context) -> Iterator[_Hit]:
    if not isinstance(ctx.parents[node], ast.FormattedValue):
        yield _hit(node, "D122")


def _parameters(node: ast.AST, ctx: _Context) -> Iterator[_Hit]:
    if node.args.kwonlyargs:
        yield _hit(node.args.kwonlyargs[0], "D127")
    if getattr(node.args, "posonlyargs", None):
        yield _hit(node, "D127")


def _annotation(node: ast.AST, ctx: _Context) -> Iterator[_Hit]:
    if node.annotation is not None:
        yield _hit(node.annotation, "D128")


def _return_annotation(node: ast.AST, ctx: _Context) -> Iterator[_Hit]:
    if node.returns is not None:
        yield _hit(node.returns, "D128")


def _except_handler(node: ast.ExceptHandler, ctx: _Context) -> Iterator[_Hit]:
    if node.name:
        yield _hit(node, "D129")
    if _is_str(node.type):
        yield _hit(node, "D216")


def _raise(node: ast.Raise, ctx: _Context) -> Iterator[_Hit]:
    if node.cause is not None:
        yield _hit(node, "D131", "`raise ... from` needs Python 3")
    if _is_str(node.exc):
        yield _hit(node, "D216")


def _class_keywords(node: ast.ClassDef, ctx: _Context) -> Iterator[_Hit]:
    if node.keywords:
        yield _hit(node, "D131", "class keywords (`metaclass=`) need Python 3")


def _type_parameters(node: ast.AST, ctx: _Context) -> Iterator[_Hit]:
    if getattr(node, "type_params", None):
        yield _hit(node, "D131", "type parameters need Python 3.12")


def _constant(node: ast.Constant, ctx: _Context) -> Iterator[_Hit]:
    if node.value is Ellipsis:
        yield _hit(node, "D131", "`...` outside a subscript needs Python 3")
    elif isinstance(node.value, bool):
        yield _hit(node, "D301", "`%s` does not exist on Python 1.5.2" % node.value)


def _builtin_name(node: ast.Name, ctx: _Context) -> Iterator[_Hit]:
    if not isinstance(node.ctx, ast.Load) or node.id in ctx.bound:
        return
    if node.id in _MISSING_ON_152:
        yield _hit(node, "D301", "`%s` does not exist on Python 1.5.2" % node.id)
    elif node.id in _NOT_PORTABLE:
        yield _hit(node, "D302", "`%s` %s" % (node.id, _NOT_PORTABLE[node.id]))
    elif node.id in _FLOAT_NAMES:
        yield _hit(node, "D202")


def _compare(node: ast.Compare, ctx: _Context) -> Iterator[_Hit]:
    lefts = [node.left] + node.comparators[:-1]
    for left, op, right in zip(lefts, node.ops, node.comparators):
        if isinstance(op, (ast.In, ast.NotIn)):
            yield from _membership(node, left, right, ctx)


def _membership(node: ast.Compare, left: ast.AST, right: ast.AST,
                ctx: _Context) -> Iterator[_Hit]:
    if isinstance(right, (ast.Dict, ast.DictComp)) or (
            isinstance(right, ast.Name)
            and right.id in ctx.dict_names.get(ctx.scope_of(node), ())):
        yield _hit(node, "D205")
    elif _is_str(left) and len(left.value) > 1 and not isinstance(right, _DISPLAYS):
        yield _hit(node, "D207")


def _has_key(node: ast.Attribute, ctx: _Context) -> Iterator[_Hit]:
    if node.attr == "has_key":
        yield _hit(node, "D206")


def _isinstance(node: ast.Call, ctx: _Context) -> Iterator[_Hit]:
    if _called_name(node) != "isinstance" or len(node.args) != 2:
        return
    kinds = node.args[1]
    candidates = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    if any(isinstance(kind, ast.Name) and kind.id in _BUILTIN_TYPES for kind in candidates):
        yield _hit(node, "D204")


def _sort_arguments(node: ast.Call, ctx: _Context) -> Iterator[_Hit]:
    """``l.sort(...)`` / ``sorted(...)``: keyword sorting, comparison functions."""
    is_method = isinstance(node.func, ast.Attribute) and node.func.attr == "sort"
    if not is_method and _called_name(node) != "sorted":
        return
    positional = node.args if is_method else node.args[1:]
    names = {argument.arg for argument in node.keywords}
    if positional or "cmp" in names:
        yield _hit(node, "D209")
    if is_method and names - {"cmp"}:
        yield _hit(node, "D208")


def _int_base(node: ast.Call, ctx: _Context) -> Iterator[_Hit]:
    if _called_name(node) == "int" and (
            len(node.args) > 1 or any(argument.arg == "base" for argument in node.keywords)):
        yield _hit(node, "D211")


def _string_method(node: ast.Call, ctx: _Context) -> Iterator[_Hit]:
    """Method calls that look like string methods (see the README's checker section).

    Any method of a string literal counts; on other objects only the names in
    the method tables do, and never on a name the module imported (``string.find``).
    """
    func = node.func
    if not isinstance(func, ast.Attribute):
        return
    receiver, name = func.value, func.attr
    if isinstance(receiver, ast.Name) and receiver.id in ctx.imported:
        return
    if name in _PY3_STRING_METHODS:
        yield _hit(node, "D214", "string method `.%s()` is Python 3 only or converts"
                                 " between str and bytes" % name)
    elif name in _LATER_STRING_METHODS:
        yield _hit(node, "D213", "string method `.%s()` is newer than Telit 1.5.2+" % name)
    elif name in _STRING_METHODS or _is_str(receiver):
        yield _hit(node, "D212", "string method `.%s()`: plain 1.5.2 has none" % name)


def _view_subscript(node: ast.Subscript, ctx: _Context) -> Iterator[_Hit]:
    if _is_view_call(node.value):
        yield _hit(node, "D215")


def _view_sort(node: ast.Attribute, ctx: _Context) -> Iterator[_Hit]:
    if node.attr == "sort" and _is_view_call(node.value):
        yield _hit(node, "D215")


def _percent_r(node: ast.BinOp, ctx: _Context) -> Iterator[_Hit]:
    if isinstance(node.op, ast.Mod) and _is_str(node.left) and any(
            match.group(1) == "r" for match in _PERCENT_CONVERSION.finditer(node.left.value)):
        yield _hit(node, "D210")


def _is_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _called_name(node: ast.Call) -> str | None:
    return node.func.id if isinstance(node.func, ast.Name) else None


def _is_view_call(node: ast.AST) -> bool:
    """A call that returns a list on 2.x and a view or an iterator on 3.x."""
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Attribute):
        return node.func.attr in _VIEW_METHODS
    return _called_name(node) in _ITERATOR_BUILTINS


_TREE_CHECKS: tuple[tuple[tuple[type, ...], Callable[..., Iterator[_Hit]]], ...] = (
    ((ast.AugAssign,), _always("D101")),
    ((ast.AugAssign, ast.BinOp), _operator),
    (_COMPREHENSIONS, _always("D102")),
    ((ast.Set,), _always("D132")),
    ((ast.Import, ast.ImportFrom), _import_as),
    ((ast.Import,), _import),
    ((ast.ImportFrom,), _import_from),
    ((ast.Starred,), _starred),
    ((ast.Call,), _keyword_unpacking),
    ((ast.Dict,), _dict_unpacking),
    ((ast.Name,), _print),
    ((ast.Yield,), _always("D107")),
    ((ast.YieldFrom,), _always("D108")),
    ((ast.With,), _always("D109")),
    ((ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef), _decorators),
    ((ast.IfExp,), _always("D111")),
    ((ast.Name,), _nested_scope_read),
    ((ast.Nonlocal,), _always("D113")),
    ((ast.Global,), _nested_global),
    (_TRIES, _try_except_finally),
    ((ast.Continue,), _continue),
    ((ast.NamedExpr,), _always("D121")),
    ((ast.JoinedStr,), _fstring),
    (_FUNCTIONS, _parameters),
    ((ast.arg, ast.AnnAssign), _annotation),
    ((ast.FunctionDef, ast.AsyncFunctionDef), _return_annotation),
    ((ast.ExceptHandler,), _except_handler),
    ((ast.AsyncFunctionDef, ast.AsyncFor, ast.AsyncWith, ast.Await), _always("D130")),
    ((ast.Raise,), _raise),
    ((ast.ClassDef,), _class_keywords),
    ((ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef), _type_parameters),
    (_PY3_STATEMENTS, _always("D131")),
    ((ast.Constant,), _constant),
    ((ast.Name,), _builtin_name),
    ((ast.Compare,), _compare),
    ((ast.Attribute,), _has_key),
    ((ast.Call,), _isinstance),
    ((ast.Call,), _sort_arguments),
    ((ast.Call,), _int_base),
    ((ast.Call,), _string_method),
    ((ast.Subscript,), _view_subscript),
    ((ast.Attribute,), _view_sort),
    ((ast.BinOp,), _percent_r),
)


def _tree_hits(ctx: _Context, tree: ast.Module) -> Iterator[_Hit]:
    for node in ast.walk(tree):
        for types, check in _TREE_CHECKS:
            if isinstance(node, types):
                yield from check(node, ctx)


# ---------------------------------------------------------------------------
# Token checks: spellings the tree no longer shows.

def _tokens(source: str) -> list[tokenize.TokenInfo]:
    """The source's tokens, up to the first one Python 3 cannot tokenize."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass
    return tokens


def _number_hits(token: tokenize.TokenInfo) -> Iterator[_Hit]:
    text = token.string.lower()
    line, col = token.start[0], token.start[1] + 1
    if text.startswith(("0o", "0b")):
        yield _hit_at(line, col, "D124")
    if "_" in text:
        yield _hit_at(line, col, "D125")
    if not text.startswith("0x") and any(mark in text for mark in ".ej"):
        yield _hit_at(line, col, "D202")
    elif int(text.replace("_", ""), 0) > MAX_INT:
        yield _hit_at(line, col, "D203", "integer literal %s does not fit the modules'"
                                         " 32-bit ints" % token.string)


def _string_hits(token: tokenize.TokenInfo) -> Iterator[_Hit]:
    prefix = token.string[:len(token.string) - len(token.string.lstrip("rRbBuUfF"))].lower()
    line, col = token.start[0], token.start[1] + 1
    if "b" in prefix or "u" in prefix:
        yield _hit_at(line, col, "D123")
    if "r" not in prefix and "b" not in prefix and _UNICODE_ESCAPE.search(token.string):
        yield _hit_at(line, col, "D133")


def _parenthesised_import_hits(tokens: list[tokenize.TokenInfo]) -> Iterator[_Hit]:
    for token, following in zip(tokens, tokens[1:]):
        if token.string == "import" and following.string == "(":
            yield _hit_at(following.start[0], following.start[1] + 1, "D104")


class _Bracket:
    """An open bracket while scanning for extended slices."""

    def __init__(self, is_subscript: bool) -> None:
        self.is_subscript = is_subscript
        self.colons = 0
        self.lambdas = 0


def _extended_slice_hits(tokens: list[tokenize.TokenInfo]) -> Iterator[_Hit]:
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
                    yield _hit_at(token.start[0], token.start[1] + 1, "D118")
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


def _token_hits(tokens: list[tokenize.TokenInfo]) -> Iterator[_Hit]:
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


def _silenced(tokens: list[tokenize.TokenInfo]) -> set[tuple[int, str]]:
    return {(token.start[0], rule) for token, rule in _comment_ids(tokens)}


def _unknown_id_hits(tokens: list[tokenize.TokenInfo]) -> Iterator[_Hit]:
    for token, rule in _comment_ids(tokens):
        if rule not in RULES:
            yield _hit_at(token.start[0], token.start[1] + 1, "D405",
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


_PY2_CONSTRUCTS = (
    (_is_backquote, "backquotes", "write `repr(x)`"),
    (_is_diamond, "`<>`", "write `!=`"),
    (_is_old_octal, "octal literal `0777`", "write it in decimal or `0x` hex"),
    (_is_long, "long literal `10L`", "drop the `L` (and keep values below 2**31)"),
    (_is_ur_prefix, "the `ur''` prefix", "use a plain `''` string"),
    (_is_statement("print"), "the print statement",
     "write through a logging helper that sends to SER/SER2 or a file"),
    (_is_statement("exec"), "the exec statement", "do without exec"),
    (_is_comma_form("except", ":"), "`except E, e`",
     "write `except E:` and read the exception with `sys.exc_info()[1]`"),
    (_is_comma_form("raise", None), "`raise E, msg`", "write `raise E(msg)`"),
    (_is_tuple_parameter, "a tuple parameter `def f(a, (b, c))`",
     "take one parameter and unpack it in the body"),
    (_is_bool_assignment, "assignment to True/False", "use 1 and 0"),
)


def _syntax_error_hit(error: SyntaxError, tokens: list[tokenize.TokenInfo]) -> _Hit:
    """One D401 hit at the error, naming the 2.x construct if one is recognised."""
    line, col = error.lineno or 1, error.offset or 1
    found = [(token.start[0], name, instead)
             for index, token in enumerate(tokens)
             for recognise, name, instead in _PY2_CONSTRUCTS if recognise(tokens, index)]
    on_line = [entry for entry in found if entry[0] == line] or found
    if not on_line:
        return _hit_at(line, col, "D401", "Python 3 cannot parse this (%s)" % error.msg,
                       "write it in the onboard dialect")
    _, name, instead = on_line[0]
    return _hit_at(line, col, "D401", "Python 3 cannot parse %s" % name, instead)


# ---------------------------------------------------------------------------
# Whole files.

def _file_hits(path: str, source: str) -> Iterator[_Hit]:
    name = os.path.basename(path)
    if name.endswith(".py") and len(name) > 16:
        yield _hit_at(1, 1, "D402", "file name `%s` is %d characters long (at most 16,"
                                    " `.py` included)" % (name, len(name)))
    if name == "__init__.py":
        yield _hit_at(1, 1, "D403")
    for number, text in enumerate(source.split("\n"), 1):
        match = _NON_ASCII.search(text)
        if match:
            yield _hit_at(number, match.start() + 1, "D404",
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
                 tokens: list[tokenize.TokenInfo]) -> Iterator[_Hit]:
    yield from _file_hits(path, source)
    yield from _unknown_id_hits(tokens)
    try:
        tree, table = _compile(source, path)
    except SyntaxError as error:
        yield _syntax_error_hit(error, tokens)
        return
    yield from _token_hits(tokens)
    yield from _tree_hits(_Context(tree, table, _sibling_modules(path)), tree)


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
    tokens = _tokens(source)
    silenced = _silenced(tokens)
    findings = {Finding(path, hit.line, hit.col, hit.rule, hit.message)
                for hit in _source_hits(source, path, tokens)
                if profile in RULES[hit.rule].profiles and (hit.line, hit.rule) not in silenced}
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


def _profiles_text(profiles: tuple[str, ...]) -> str:
    return "all" if profiles == PROFILES else ", ".join(profiles)


def rules_text() -> str:
    """The rule table as ``--list-rules`` prints it: id, profiles, description."""
    return "\n".join("%s  %-19s  %s" % (rule_id, _profiles_text(rule.profiles), rule.flags)
                     for rule_id, rule in RULES.items())


def rules_markdown() -> str:
    """The rule table of the README's checker section."""
    lines = ["| id | profiles | flags | write instead |", "| --- | --- | --- | --- |"]
    lines += ["| %s | %s | %s | %s |" % (rule_id, _profiles_text(rule.profiles),
                                         rule.flags, rule.instead)
              for rule_id, rule in RULES.items()]
    return "\n".join(lines)


class _ArgumentParser(argparse.ArgumentParser):
    """Reports usage errors as :class:`CheckerUsageError` so ``main`` returns 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CheckerUsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="hostsim check",
        description="Check onboard code against the Python 1.5.2 dialect. Silence one "
                    "finding on its line with `# dialect-ok: RULE-ID`.")
    parser.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE,
                        help="python152 (default, strict), telit152 (string methods), "
                             "python27 (xE910 modules)")
    parser.add_argument("--list-rules", action="store_true", help="print the rule table")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="file or folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    """``hostsim check``: 0 clean, 1 findings, 2 usage or read error."""
    try:
        args = _parser().parse_args(argv)
        if args.list_rules:
            print(rules_text())
            return 0
        if not args.paths:
            raise CheckerUsageError("give at least one PATH (file or folder)")
        findings = check_paths(args.paths, args.profile)
    except CheckerUsageError as error:
        print("hostsim check: error: %s" % error, file=sys.stderr)
        return 2
    for finding in findings:
        print(finding)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
