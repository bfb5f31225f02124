"""Tree checks: what the Python 3 syntax tree of an onboard module shows."""
from __future__ import annotations

import ast
import re
import symtable
from typing import Callable, Iterator

from hostsim.dialect.rules import Hit, hit

ONBOARD_MODULES = frozenset(
    {"sys", "MDM", "MDM2", "MOD", "SER", "SER2", "GPIO", "IIC", "SPI", "GPS"})

# Names a module may still bind itself (a compat module defines them); True and
# False cannot be bound on 3.x, so they are always reported.
_MISSING_ON_152 = frozenset({
    "zip", "enumerate", "sum", "sorted", "reversed", "set", "frozenset", "any", "all",
    "next", "iter", "bytearray", "object", "super", "property", "staticmethod",
    "classmethod", "dict", "bool", "format", "True", "False"})
_GONE = "is gone in Python 3"
_GONE_BUILTIN = "is gone from Python 3's builtins"
_PY3_ONLY = "is Python 3 only"
_NONE: tuple[str, ...] = ()
_OLD = ("python152", "telit152")
_ALL = ("python152", "telit152", "python27")
# name -> (why, the profiles whose own interpreter lacks it: the `native` of its D302)
_NOT_PORTABLE = {
    "apply": (_GONE, _NONE), "reduce": (_GONE_BUILTIN, _NONE), "xrange": (_GONE, _NONE),
    "raw_input": (_GONE, _NONE), "long": (_GONE, _NONE), "cmp": (_GONE, _NONE),
    "unichr": (_GONE, _OLD), "execfile": (_GONE, _NONE), "reload": (_GONE_BUILTIN, _NONE),
    "file": (_GONE, _OLD), "unicode": (_GONE, _OLD), "basestring": (_GONE, _OLD),
    "buffer": (_GONE, _NONE), "intern": (_GONE_BUILTIN, _NONE), "coerce": (_GONE, _NONE),
    "bytes": ("is str on 2.7 and a separate type on 3.x", _OLD),
    "ascii": (_PY3_ONLY, _ALL), "breakpoint": (_PY3_ONLY, _ALL),
    "aiter": (_PY3_ONLY, _ALL), "anext": (_PY3_ONLY, _ALL)}
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
_PERCENT_CONVERSION = re.compile(
    r"%(?:%|(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?([a-zA-Z]))")


def _node_types(*names: str) -> tuple[type, ...]:
    """The ``ast`` node classes among ``names`` that this Python has."""
    return tuple(getattr(ast, name) for name in names if hasattr(ast, name))


_TRIES = _node_types("Try", "TryStar")
_PY3_STATEMENTS = _node_types("Match", "TryStar", "TypeAlias")



# ---------------------------------------------------------------------------
# What the tree checks need to know about the whole module.

class Context:
    """The parsed module: parents, scopes, symbol tables, bound names."""

    def __init__(self, tree: ast.Module, table: symtable.SymbolTable,
                 local_modules: frozenset[str], renamed: frozenset[str] = frozenset()) -> None:
        """``renamed``: names the module binds that Python 3 cannot (``True = 1``)."""
        self.parents = {child: node for node in ast.walk(tree)
                        for child in ast.iter_child_nodes(node)}
        self.tables = _tables_by_scope_key(table)
        self.imported = _imported_names(tree)
        self.bound = _bound_names(tree) | self.imported | renamed
        # `from m import *` may define any name: builtin names are not reported then.
        self.star_import = "*" in self.imported
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
    """Names the imports bind, and ``*`` for a ``from m import *``."""
    return {alias.asname or alias.name.split(".")[0]
            for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names}


# ---------------------------------------------------------------------------
# Tree checks: each takes one node and the context and yields hits.

def _always(rule: str) -> Callable[[ast.AST, Context], Iterator[Hit]]:
    """A check that reports every node of its types under ``rule``."""
    def check(node: ast.AST, ctx: Context) -> Iterator[Hit]:
        yield hit(node, rule)
    return check


def _operator(node: ast.AST, ctx: Context) -> Iterator[Hit]:
    rule = _OPERATOR_RULES.get(type(node.op))
    if rule:
        yield hit(node, rule)


def _import_as(node: ast.AST, ctx: Context) -> Iterator[Hit]:
    if any(alias.asname for alias in node.names):
        yield hit(node, "D103")


def _import(node: ast.Import, ctx: Context) -> Iterator[Hit]:
    for alias in node.names:
        yield from _imported_module(node, alias.name, ctx)


def _import_from(node: ast.ImportFrom, ctx: Context) -> Iterator[Hit]:
    if node.level:  # Python 2.5: a SyntaxError on 1.5.2 too
        yield hit(node, "D304", "relative import: the module's file system has no packages",
                  _OLD)
    else:
        yield from _imported_module(node, node.module, ctx)


def _imported_module(node: ast.AST, name: str, ctx: Context) -> Iterator[Hit]:
    if "." in name:
        yield hit(node, "D304", "dotted import `%s`: the module's file system has no"
                                 " packages" % name)
    top = name.split(".")[0]
    if top not in ctx.modules:
        yield hit(node, "D303", "module `%s` is not on the Telit module" % top)


def _starred(node: ast.Starred, ctx: Context) -> Iterator[Hit]:
    yield hit(node, "D105" if isinstance(ctx.parents[node], ast.Call) else "D126")


def _keyword_unpacking(node: ast.Call, ctx: Context) -> Iterator[Hit]:
    for argument in node.keywords:
        if argument.arg is None:
            yield hit(argument.value, "D105")


def _dict_unpacking(node: ast.Dict, ctx: Context) -> Iterator[Hit]:
    if None in node.keys:
        yield hit(node, "D126")


def _print(node: ast.Name, ctx: Context) -> Iterator[Hit]:
    """``print`` as a name; ``print`` or ``print(x)`` as a statement is 1.5.2's too,
    ``print >>f, x`` is 2.x's (Python 3 reads a shift)."""
    if node.id != "print":
        return
    parent = ctx.parents[node]
    statement = isinstance(parent, ast.Expr) or (
        isinstance(parent, ast.Call) and parent.func is node and not parent.keywords
        and len(parent.args) == 1 and not isinstance(parent.args[0], ast.Starred)
        and isinstance(ctx.parents[parent], ast.Expr))
    chevron = isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.RShift) \
        and parent.left is node
    yield hit(node, "D106", None, _NONE if statement else _OLD if chevron else None)


def _decorators(node: ast.AST, ctx: Context) -> Iterator[Hit]:
    for decorator in node.decorator_list:
        yield hit(decorator, "D110")


def _nested_scope_read(node: ast.Name, ctx: Context) -> Iterator[Hit]:
    if not isinstance(node.ctx, ast.Load):
        return
    scope = ctx.scope_of(node)
    if any(symbol.is_free() for symbol in ctx.symbols(scope, node.id)):
        yield hit(node, "D112", "`%s` is a variable of an enclosing function: nested"
                                 " scopes need Python 2.2 (NameError on 1.5)" % node.id)


def _nested_global(node: ast.Global, ctx: Context) -> Iterator[Hit]:
    outer = list(ctx.enclosing_functions(ctx.scope_of(node)))
    for name in node.names:
        if any(symbol.is_local() for scope in outer for symbol in ctx.symbols(scope, name)):
            yield hit(node, "D114", "`global %s` in a nested function names the module"
                                     " global, not the enclosing function's `%s`"
                                     % (name, name))


def _try_except_finally(node: ast.AST, ctx: Context) -> Iterator[Hit]:
    if node.handlers and node.finalbody:
        yield hit(node, "D115")


def _continue(node: ast.Continue, ctx: Context) -> Iterator[Hit]:
    """``continue`` whose innermost loop lies outside a try body or finally body."""
    child, parent = node, ctx.parents[node]
    while not isinstance(parent, _SCOPES + (ast.Module,)):
        if isinstance(parent, _LOOPS) and any(child is s for s in parent.body):
            return
        if isinstance(parent, _TRIES) and any(child is s for s in parent.body):
            yield hit(node, "D116")
            return
        if isinstance(parent, _TRIES) and any(child is s for s in parent.finalbody):
            yield hit(node, "D117")
            return
        child, parent = parent, ctx.parents[parent]


def _fstring(node: ast.JoinedStr, ctx: Context) -> Iterator[Hit]:
    if not isinstance(ctx.parents[node], ast.FormattedValue):
        yield hit(node, "D122")


def _parameters(node: ast.AST, ctx: Context) -> Iterator[Hit]:
    if node.args.kwonlyargs:
        yield hit(node.args.kwonlyargs[0], "D127")
    if getattr(node.args, "posonlyargs", None):
        yield hit(node, "D127")


def _annotation(node: ast.AST, ctx: Context) -> Iterator[Hit]:
    if node.annotation is not None:
        yield hit(node.annotation, "D128")


def _return_annotation(node: ast.AST, ctx: Context) -> Iterator[Hit]:
    if node.returns is not None:
        yield hit(node.returns, "D128")


def _except_handler(node: ast.ExceptHandler, ctx: Context) -> Iterator[Hit]:
    if node.name:
        yield hit(node, "D129")
    if _is_str(node.type):
        yield hit(node, "D216")


def _raise(node: ast.Raise, ctx: Context) -> Iterator[Hit]:
    if node.cause is not None:
        yield hit(node, "D131", "`raise ... from` needs Python 3")
    if _is_str(node.exc):
        yield hit(node, "D216")


def _class_keywords(node: ast.ClassDef, ctx: Context) -> Iterator[Hit]:
    if node.keywords:
        yield hit(node, "D131", "class keywords (`metaclass=`) need Python 3")


def _type_parameters(node: ast.AST, ctx: Context) -> Iterator[Hit]:
    if getattr(node, "type_params", None):
        yield hit(node, "D131", "type parameters need Python 3.12")


def _constant(node: ast.Constant, ctx: Context) -> Iterator[Hit]:
    if node.value is Ellipsis:
        yield hit(node, "D131", "`...` outside a subscript needs Python 3")
    elif isinstance(node.value, bool) and not _may_be_bound(str(node.value), ctx):
        yield hit(node, "D301", "`%s` does not exist on Python 1.5.2" % node.value)


def _may_be_bound(name: str, ctx: Context) -> bool:
    return name in ctx.bound or ctx.star_import


def _builtin_name(node: ast.Name, ctx: Context) -> Iterator[Hit]:
    if not isinstance(node.ctx, ast.Load) or _may_be_bound(node.id, ctx):
        return
    if node.id in _MISSING_ON_152:
        yield hit(node, "D301", "`%s` does not exist on Python 1.5.2" % node.id)
    elif node.id in _NOT_PORTABLE:
        why, missing = _NOT_PORTABLE[node.id]
        yield hit(node, "D302", "`%s` %s" % (node.id, why), missing)
    elif node.id in _FLOAT_NAMES:
        yield hit(node, "D202")


def _compare(node: ast.Compare, ctx: Context) -> Iterator[Hit]:
    lefts = [node.left] + node.comparators[:-1]
    for left, op, right in zip(lefts, node.ops, node.comparators):
        if isinstance(op, (ast.In, ast.NotIn)):
            yield from _membership(node, left, right, ctx)


def _membership(node: ast.Compare, left: ast.AST, right: ast.AST,
                ctx: Context) -> Iterator[Hit]:
    if isinstance(right, (ast.Dict, ast.DictComp)) or (
            isinstance(right, ast.Name)
            and right.id in ctx.dict_names.get(ctx.scope_of(node), ())):
        yield hit(node, "D205")
    elif _is_str(left) and len(left.value) > 1 and not isinstance(right, _DISPLAYS):
        yield hit(node, "D207")


def _has_key(node: ast.Attribute, ctx: Context) -> Iterator[Hit]:
    if node.attr == "has_key":
        yield hit(node, "D206")


def _isinstance(node: ast.Call, ctx: Context) -> Iterator[Hit]:
    if _called_name(node) != "isinstance" or len(node.args) != 2:
        return
    kinds = node.args[1]
    candidates = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    if any(isinstance(kind, ast.Name) and kind.id in _BUILTIN_TYPES for kind in candidates):
        yield hit(node, "D204")


def _sort_arguments(node: ast.Call, ctx: Context) -> Iterator[Hit]:
    """``l.sort(...)`` / ``sorted(...)``: keyword sorting, comparison functions."""
    is_method = isinstance(node.func, ast.Attribute) and node.func.attr == "sort"
    if not is_method and _called_name(node) != "sorted":
        return
    positional = node.args if is_method else node.args[1:]
    names = {argument.arg for argument in node.keywords}
    if positional or "cmp" in names:
        yield hit(node, "D209")
    if is_method and names - {"cmp"}:
        yield hit(node, "D208")


def _int_base(node: ast.Call, ctx: Context) -> Iterator[Hit]:
    if _called_name(node) == "int" and (
            len(node.args) > 1 or any(argument.arg == "base" for argument in node.keywords)):
        yield hit(node, "D211")


def _string_method(node: ast.Call, ctx: Context) -> Iterator[Hit]:
    """Method calls that look like string methods (see docs/checker.md).

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
        yield hit(node, "D214", "string method `.%s()` is Python 3 only or converts"
                                 " between str and bytes" % name)
    elif name in _LATER_STRING_METHODS:
        yield hit(node, "D213", "string method `.%s()` is newer than Telit 1.5.2+" % name)
    elif name in _STRING_METHODS or _is_str(receiver):
        yield hit(node, "D212", "string method `.%s()`: plain 1.5.2 has none" % name)


def _view_subscript(node: ast.Subscript, ctx: Context) -> Iterator[Hit]:
    if _is_view_call(node.value):
        yield hit(node, "D215")


def _view_sort(node: ast.Attribute, ctx: Context) -> Iterator[Hit]:
    if node.attr == "sort" and _is_view_call(node.value):
        yield hit(node, "D215")


def _percent_r(node: ast.BinOp, ctx: Context) -> Iterator[Hit]:
    if isinstance(node.op, ast.Mod) and _is_str(node.left) and any(
            match.group(1) == "r" for match in _PERCENT_CONVERSION.finditer(node.left.value)):
        yield hit(node, "D210")


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


_TREE_CHECKS: tuple[tuple[tuple[type, ...], Callable[..., Iterator[Hit]]], ...] = (
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


def tree_hits(ctx: Context, tree: ast.Module) -> Iterator[Hit]:
    for node in ast.walk(tree):
        for types, check in _TREE_CHECKS:
            if isinstance(node, types):
                yield from check(node, ctx)
