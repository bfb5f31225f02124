"""Python 2 sources for the tree checks: the front end's parse, lowered to Python 3 spelling.

When Python 3 cannot parse a module, the checker parses it as the 1.5.2 front end
does (fissix's Python 2 grammar, print and exec statements) and :func:`lower`
reports each 2.x-only construct it finds, then rewrites it in place to a Python 3
spelling that binds and reads the same names (``print a, b`` -> ``(a, b)``,
``except E, e`` -> ``except E as e``, ``10L`` -> a name ...), so that every other
check runs on Python 3's tree of the rewritten text. Lines never move; the
:class:`Lowering` maps a column of the rewritten text back to the source.
"""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

from fissix import pygram, pytree
from fissix.pgen2 import driver, parse, tokenize
from fissix.pgen2 import token as tok

from hostsim.dialect.frontend.translator import TAB_SIZE, source_text
from hostsim.dialect.rules import RULES, Hit, hit_at
from hostsim.dialect.tokens import PY2_CONSTRUCTS

SYMS = pygram.python_symbols
# The front end's grammar: Python 2 with the print and exec statements.
_DRIVER = driver.Driver(pygram.python_grammar, convert=pytree.convert)
_OLD_OCTAL = re.compile(r"0[0-9]+")
_TARGET_NODES = frozenset({SYMS.atom, SYMS.testlist_star_expr, SYMS.exprlist,
                           SYMS.testlist_gexp, SYMS.listmaker})
# The `native` of a 2.x construct's hit: 1.5.2 and 2.7 accept it, so checking real 1.5.2
# code reports none (the `ur''` prefix is 2.x only: D123 reports its `u` on 1.5.2).
_VALID_ON_2X: tuple[str, ...] = ()
_NEEDS_20 = ("python152", "telit152")   # `print >>f, x`: Python 2.0
RENAMED_PREFIX = "_r_"


class NotPython2(Exception):
    """fissix's Python 2 grammar cannot parse the source either."""


class _Edit(NamedTuple):
    line: int
    col: int      # 0-based, in the source line
    length: int   # characters replaced (0: an insertion)
    text: str


class Lowering:
    """The rewritten source, the 2.x hits, and what the rewrite itself causes."""

    def __init__(self, source: str, edits: list[_Edit], hits: list[Hit],
                 expected: set[tuple[int, int, str]], renamed: set[str]) -> None:
        self.hits = hits
        self.renamed = renamed
        self._expected = expected
        lines = source.split("\n")
        self._shifts: dict[int, list[tuple[int, int, int]]] = {}
        for edit in sorted(edits, key=lambda e: (e.line, e.col), reverse=True):
            text = lines[edit.line - 1]
            lines[edit.line - 1] = text[:edit.col] + edit.text + text[edit.col + edit.length:]
        for edit in sorted(edits, key=lambda e: (e.line, e.col)):
            self._shifts.setdefault(edit.line, []).append(
                (edit.col, edit.length, len(edit.text)))
        self.source = "\n".join(lines)

    def column(self, line: int, col: int) -> int:
        """The source column (0-based) of column ``col`` of the rewritten ``line``."""
        shift = 0
        for start, length, size in self._shifts.get(line, ()):
            if col < start + shift:
                break
            if col < start + shift + size:
                return start
            shift += size - length
        return col - shift

    def source_hit(self, hit: Hit) -> Hit | None:
        """``hit`` on the rewritten text placed in the source; None if the rewrite caused it."""
        col = self.column(hit.line, hit.col - 1) + 1
        if (hit.line, col, hit.rule) in self._expected:
            return None
        return hit._replace(col=col)


def _parse(text: str):
    """fissix's tree of ``text`` (the front end's grammar); :class:`NotPython2` if none."""
    try:
        return _DRIVER.parse_string(text)
    # fissix's driver asserts on some token runs it cannot place (`async 1`).
    except (parse.ParseError, tokenize.TokenError, IndentationError, AssertionError) as error:
        raise NotPython2(str(error)) from None


def lower(source: str) -> Lowering:
    """Report and rewrite the 2.x-only constructs of ``source`` (see the module docstring)."""
    text = source_text(source)
    tree = _parse(text)
    lowerer = _Lowerer()
    lowerer.visit(tree)
    lowerer.expand_tabs(text)
    return Lowering(text, lowerer.edits, lowerer.hits, lowerer.expected, lowerer.renamed)


def _end(leaf: pytree.Leaf) -> tuple[int, int]:
    """(line, 0-based column) just after ``leaf``."""
    value = leaf.value
    if "\n" not in value:
        return leaf.lineno, leaf.column + len(value)
    return leaf.lineno + value.count("\n"), len(value) - value.rfind("\n") - 1


def _first_leaf(node) -> pytree.Leaf:
    while not isinstance(node, pytree.Leaf):
        node = node.children[0]
    return node


def _last_leaf(node) -> pytree.Leaf:
    while not isinstance(node, pytree.Leaf):
        node = node.children[-1]
    return node


def _in_function(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type == SYMS.funcdef:
            return True
        parent = parent.parent
    return False


def _target_names(node) -> Iterator[pytree.Leaf]:
    """The NAME leaves an assignment target binds (through tuples, lists, parentheses)."""
    if isinstance(node, pytree.Leaf):
        if node.type == tok.NAME:
            yield node
    elif node.type in _TARGET_NODES:
        for child in node.children:
            yield from _target_names(child)


class _Lowerer:
    """Walks fissix's tree once, collecting hits and edits."""

    def __init__(self) -> None:
        self.edits: list[_Edit] = []
        self.hits: list[Hit] = []
        self.expected: set[tuple[int, int, str]] = set()
        self.renamed: set[str] = set()
        self.string_lines: set[int] = set()

    def visit(self, node) -> None:
        if isinstance(node, pytree.Leaf):
            self.leaf(node)
            return
        handler = getattr(self, "n_" + str(pytree.type_repr(node.type)), None)
        if handler is not None:
            handler(node)
        for child in node.children:
            self.visit(child)

    # -- helpers ----------------------------------------------------------------

    def replace(self, leaf: pytree.Leaf, text: str) -> None:
        self.edits.append(_Edit(leaf.lineno, leaf.column, len(leaf.value), text))

    def insert_after(self, node, text: str) -> None:
        line, col = _end(_last_leaf(node))
        self.edits.append(_Edit(line, col, 0, text))

    def insert_before(self, node, text: str) -> None:
        leaf = _first_leaf(node)
        self.edits.append(_Edit(leaf.lineno, leaf.column, 0, text))

    def report(self, node, construct: str) -> None:
        leaf = _first_leaf(node)
        name, instead = PY2_CONSTRUCTS[construct]
        self.hits.append(hit_at(leaf.lineno, leaf.column + 1, "D401",
                                "Python 3 cannot parse %s" % name, instead, _VALID_ON_2X))

    def expect(self, node, rule: str) -> None:
        """The rewrite makes Python 3's tree show ``rule`` at ``node``: not a finding."""
        leaf = _first_leaf(node)
        self.expected.add((leaf.lineno, leaf.column + 1, rule))

    # -- leaves -----------------------------------------------------------------

    def leaf(self, leaf: pytree.Leaf) -> None:
        value = leaf.value
        if leaf.type == tok.NAME and value == "print" and leaf.parent.type == SYMS.simple_stmt:
            self.print_statement(leaf, _VALID_ON_2X)  # `print` alone: fissix keeps no print_stmt node
            self.replace(leaf, "()")
        elif leaf.type == tok.NOTEQUAL and value == "<>":
            self.report(leaf, "diamond")
            self.replace(leaf, "!=")
        elif leaf.type == tok.NUMBER and value[-1] in "lL":
            self.report(leaf, "long")
            self.replace(leaf, "_" + value[:-1])
        elif leaf.type == tok.NUMBER and _OLD_OCTAL.fullmatch(value) and value.strip("0"):
            self.report(leaf, "octal")
            self.replace(leaf, "_" + value[1:])
        elif leaf.type == tok.STRING:
            prefix = value[:len(value) - len(value.lstrip("uUrRbB"))].lower()
            if "u" in prefix and "r" in prefix:
                self.report(leaf, "ur")
                self.edits.append(_Edit(leaf.lineno, leaf.column, len(prefix), "u"))
            first = leaf.lineno
            self.string_lines.update(range(first + 1, first + value.count("\n") + 1))

    # -- statements -------------------------------------------------------------

    def print_statement(self, keyword: pytree.Leaf, native: tuple[str, ...]) -> None:
        self.hits.append(hit_at(keyword.lineno, keyword.column + 1, "D106",
                                "the print statement: %s" % RULES["D106"].flags, None, native))

    def n_print_stmt(self, node) -> None:
        keyword = node.children[0]
        chevron = node.children[1:2]
        if chevron and isinstance(chevron[0], pytree.Leaf) and chevron[0].value == ">>":
            self.print_statement(keyword, _NEEDS_20)
            self.replace(chevron[0], "")
        else:
            self.print_statement(keyword, _VALID_ON_2X)
        self.replace(keyword, "(")
        self.insert_after(node, ")")

    def n_exec_stmt(self, node) -> None:
        keyword = node.children[0]
        self.report(keyword, "exec")
        self.replace(keyword, "(")
        for child in node.children[2:3]:
            self.replace(child, ",")
        self.insert_after(node, ")")

    def n_atom(self, node) -> None:
        first, last = node.children[0], node.children[-1]
        if first.type == tok.BACKQUOTE:
            self.report(first, "backquotes")
            self.replace(first, "(")
            self.replace(last, ")")

    def n_except_clause(self, node) -> None:
        if len(node.children) < 4 or node.children[2].type != tok.COMMA:
            return
        self.report(node.children[2], "except")
        kind, comma, target = node.children[1], node.children[2], node.children[3]
        if isinstance(target, pytree.Leaf) and target.type == tok.NAME:
            self.replace(comma, " as")
            self.expect(node, "D129")
        else:  # a target Python 3 cannot bind: read it instead
            self.insert_before(kind, "(")
            self.insert_after(target, ")")

    def n_raise_stmt(self, node) -> None:
        commas = [child for child in node.children if child.type == tok.COMMA]
        if not commas:
            return
        self.report(commas[0], "raise")
        self.expect(node, "D131")
        if len(commas) == 1:
            self.replace(commas[0], " from")
        else:
            self.replace(commas[0], " from (")
            self.insert_after(node, ")")

    def n_tfpdef(self, node) -> None:
        self.report(node, "tuple_parameter")
        self._unparenthesise(node)

    def n_vfpdef(self, node) -> None:
        self.report(node, "tuple_parameter")
        self._unparenthesise(node)

    def _unparenthesise(self, node) -> None:
        """``(b, c)`` as a parameter: the names become plain parameters."""
        for child in (node.children[0], node.children[-1]):
            if isinstance(child, pytree.Leaf) and child.value in "()":
                self.replace(child, " ")

    def n_expr_stmt(self, node) -> None:
        children = node.children
        targets = [child for child, following in zip(children, children[1:])
                   if isinstance(following, pytree.Leaf) and following.value == "="]
        for target in targets:
            for leaf in _target_names(target):
                if leaf.value in ("True", "False"):
                    self.report(leaf, "bool_assignment")
                    self.replace(leaf, RENAMED_PREFIX + leaf.value)
                    self.renamed.add(leaf.value)

    def n_import_from(self, node) -> None:
        """``from m import *`` in a function (1.5.2 allows it, Python 3's compiler does not)."""
        for leaf in node.leaves():
            if leaf.type == tok.STAR and _in_function(node):
                self.replace(leaf, RENAMED_PREFIX)

    # -- indentation ------------------------------------------------------------

    def expand_tabs(self, text: str) -> None:
        """Tabs in indentation count to the next multiple of 8, as on 1.5.2."""
        for number, line in enumerate(text.split("\n"), 1):
            stripped = line.lstrip(" \t")
            indent = line[:len(line) - len(stripped)]
            if "\t" in indent and number not in self.string_lines:
                self.edits.append(_Edit(number, 0, len(indent), indent.expandtabs(TAB_SIZE)))
