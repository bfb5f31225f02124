"""1.5.2 (or 2.7) source to Python 3 source, line for line.

The source is parsed with fissix's Python 2 grammar (print and exec statements)
and each node is written back as Python 3 text that calls the runtime where
1.5.2 differs. Every physical line stays where it was, so a code object compiled
from the result reports the script's own line numbers.
"""
import ast
import re
from typing import List, Optional, Set

from fissix import pygram, pytree
from fissix.pgen2 import driver, parse, tokenize
from fissix.pgen2 import token as tok

from .errors import FrontEndSyntaxError
from .literals import LiteralError
from .literals import number as literal_number
from .literals import string as literal_string
from .profiles import Profile

SYMS = pygram.python_symbols
_DRIVER = driver.Driver(pygram.python_grammar, convert=pytree.convert)

PY2_HINT = "this is Python 2.x code, for an xE910 model (profile python27)"
PY3_HINT = "this is Python 3 code; the module runs Python 1.5.2 (print is a statement)"
TAB_SIZE = 8
KEYWORD_PREFIX = "_r_kw_"
#: Names that are keywords in Python 3 but plain names in 1.5.2 / 2.7.
RENAMED_NAMES = frozenset(("True", "False", "nonlocal", "async", "await"))
#: Temporary of the inline integer checks.
TEMP = "_r_t"
#: Temporary of ``except E, (a, b)``: the exception's value unpacked.
UNPACKED = "_r_u"
_IN_RANGE = "-2147483649 < %s < 2147483648" % TEMP
#: 1.5.2's multiplication checks the product's magnitude: -2**31 itself overflows.
_MUL_RANGE = "-2147483648 < %s < 2147483648" % TEMP

#: Attribute names whose meaning depends on the object's type (dict methods that
#: return lists, list methods with 1.5.2 quirks, string methods per profile).
DICT_LIST_ATTRIBUTES = frozenset((
    "keys", "values", "items", "has_key", "sort", "insert", "extend", "index",
    "copy", "clear", "pop", "setdefault", "popitem", "fromkeys",
))
STRING_METHOD_NAMES = frozenset((
    "capitalize", "center", "count", "endswith", "expandtabs", "find", "index", "isalnum",
    "isalpha", "isdigit", "islower", "isspace", "istitle", "isupper", "join", "ljust",
    "lower", "lstrip", "replace", "rfind", "rindex", "rjust", "rstrip", "split",
    "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill",
    "encode", "format", "casefold", "format_map", "isascii", "isdecimal", "isidentifier",
    "isnumeric", "isprintable", "maketrans", "partition", "rpartition", "rsplit",
    "removeprefix", "removesuffix", "decode",
))
PY27_ATTRIBUTES = frozenset(("keys", "values", "items", "has_key", "sort",
                             "iterkeys", "itervalues", "iteritems"))
#: Module names whose attributes are taken directly (never a string or a dict).
_DIRECT_OBJECTS = frozenset(("string", "sys", "math", "time", "MDM", "MDM2", "MOD", "SER",
                             "SER2", "GPS", "GPIO", "IIC", "SPI", "self"))


def _leaf_name(node) -> str:
    return node.value if isinstance(node, pytree.Leaf) else ""


def _is_int_literal(node) -> bool:
    if not isinstance(node, pytree.Leaf) or node.type != tok.NUMBER:
        return False
    lower = node.value.lower()
    if lower.endswith(("l", "j")):
        return False
    return lower.startswith("0x") or not ("." in lower or "e" in lower)


def _is_string_literal(node) -> bool:
    if isinstance(node, pytree.Leaf):
        return node.type == tok.STRING
    return node.type == SYMS.atom and all(
        isinstance(c, pytree.Leaf) and c.type == tok.STRING for c in node.children)


def _inner_text(node) -> str:
    """The source of a node without its prefix (comments and blank lines before it)."""
    return str(node)[len(node.prefix):]


def _first_leaf(node):
    while not isinstance(node, pytree.Leaf):
        node = node.children[0]
    return node


#: Nodes that are comma-separated lists (of targets, or of a display's items).
_COMMA_LISTS = frozenset((SYMS.exprlist, SYMS.testlist, SYMS.testlist_star_expr,
                          SYMS.testlist_gexp, SYMS.listmaker, SYMS.tfplist, SYMS.testlist_safe))


def _comma_list_items(node) -> Optional[list]:
    """The items of a comma-separated list; None for another node or a comprehension."""
    if isinstance(node, pytree.Leaf) or node.type not in _COMMA_LISTS or any(
            not isinstance(child, pytree.Leaf) and child.type == SYMS.comp_for
            for child in node.children):
        return None
    return [child for child in node.children if _leaf_name(child) != ","]


def _pattern_items(node) -> Optional[list]:
    """The items of a tuple or list written out (``a, b``, ``(a, b)``, ``[a]``, a tuple
    parameter): as a target, a pattern to unpack; as a value, a display. None for
    anything else (a name, an attribute, a subscript, ``(a)``, a comprehension)."""
    items = _comma_list_items(node)
    if items is not None or isinstance(node, pytree.Leaf):
        return items
    if node.type in (SYMS.atom, SYMS.tfpdef) and len(node.children) == 3:
        opener, inner = _leaf_name(node.children[0]), node.children[1]
        if opener == "(":
            return _pattern_items(inner)
        if opener == "[":
            if isinstance(inner, pytree.Leaf) or inner.type != SYMS.listmaker:
                return [inner]
            return _comma_list_items(inner)
    return None


def _target_shape(node):
    """The shape of an assignment target, as the runtime's ``unpack`` takes it: None for
    a single target, the number of targets of a pattern of single targets, else a tuple
    with each target's shape (0 for a single one). ``a, (b, c)`` is ``(0, 2)``."""
    items = _pattern_items(node)
    if items is None:
        return None
    shapes = [_target_shape(item) for item in items]
    if all(shape is None for shape in shapes):
        return len(items)
    return tuple(0 if shape is None else shape for shape in shapes)


class Translator:
    """Translate one source text for one profile (use :func:`translate_source`)."""

    def __init__(self, source: str, filename: str, profile: Profile) -> None:
        self.source = source
        self.lines = source.splitlines(True)
        self.filename = filename
        self.profile = profile
        self.py27 = profile.python27
        self.tuple_params = 0
        self.string_lines: Set[int] = set()
        if self.py27:
            self.special_attributes = PY27_ATTRIBUTES
        else:
            self.special_attributes = DICT_LIST_ATTRIBUTES | STRING_METHOD_NAMES

    # -- errors -----------------------------------------------------------------

    def error(self, node, reason: str = "invalid syntax", hint: Optional[str] = None,
              kind: str = "SyntaxError") -> FrontEndSyntaxError:
        leaf = _first_leaf(node) if node is not None else None
        line = leaf.lineno if leaf is not None else 1
        column = leaf.column if leaf is not None else 0
        caret = column + max(len(leaf.value), 1) - 1 if leaf is not None else 0
        return self._error_at(line, column, reason, hint, kind, caret)

    def _error_at(self, line, column, reason, hint=None, kind="SyntaxError", caret=None):
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return FrontEndSyntaxError(self.filename, line, column, reason, hint, text, kind,
                                   caret=caret)

    def reject_152(self, node, reason: str = "invalid syntax") -> None:
        """A construct that 1.5.2 lacks (fine on 2.7)."""
        if not self.py27:
            raise self.error(node, reason, PY2_HINT)

    # -- entry point ------------------------------------------------------------

    def run(self) -> str:
        tree = self._parse()
        text = self.emit(tree)
        return self._fix_indentation(text)

    def _parse(self):
        try:
            tree = _DRIVER.parse_string(self.source)
        except parse.ParseError as exc:
            line, column = exc.context[1]
            if exc.type == tok.NEWLINE:
                caret = column - 1
            else:
                caret = column + max(len(exc.value or ""), 1) - 1
            raise self._error_at(line, column, "invalid syntax", self._parse_hint(), caret=caret)
        except tokenize.TokenError as exc:
            line, column = exc.args[1]
            line = min(line, len(self.lines))
            raise self._error_at(line, column, "invalid syntax", self._parse_hint())
        except IndentationError as exc:
            line = exc.args[1][1] if len(exc.args) > 1 else 1
            raise self._error_at(line, 0, "invalid syntax")
        except AssertionError:        # fissix's driver on some malformed token streams
            raise self._error_at(1, 0, "invalid syntax", self._parse_hint()) from None
        self._check_names(tree)
        return tree

    def _check_names(self, tree) -> None:
        """1.5.2's names are ASCII: a Latin-1 letter outside strings and comments is a
        syntax error at that letter (fissix, like Python 3, would take it)."""
        for leaf in tree.leaves():
            if leaf.type == tok.NAME and not leaf.value.isascii():
                offset = next(i for i, char in enumerate(leaf.value) if ord(char) > 127)
                column = leaf.column + offset
                raise self._error_at(leaf.lineno, column, "invalid syntax", caret=column)

    def _parse_hint(self) -> Optional[str]:
        try:
            ast.parse(self.source)
        except (SyntaxError, ValueError):
            return None
        return PY3_HINT

    def _fix_indentation(self, text: str) -> str:
        """Expand tabs in indentation (1.5.2 counts a tab as 8; Python 3 rejects mixes)."""
        if "\t" not in text:
            return text
        lines = text.split("\n")
        for number, line in enumerate(lines, 1):
            if number in self.string_lines or not line.startswith((" ", "\t")):
                continue
            stripped = line.lstrip(" \t")
            indent = line[:len(line) - len(stripped)]
            if "\t" in indent:
                lines[number - 1] = indent.expandtabs(TAB_SIZE) + stripped
        return "\n".join(lines)

    # -- generic emission -------------------------------------------------------

    def emit(self, node, store: bool = False) -> str:
        if isinstance(node, pytree.Leaf):
            return node.prefix + self.leaf(node)
        handler = getattr(self, "n_" + pytree.type_repr(node.type), None)
        if handler is not None:
            return handler(node) if not store or not hasattr(handler, "accepts_store") \
                else handler(node, store=True)
        return "".join(self.emit(child, store) for child in node.children)

    def body(self, node, store: bool = False):
        """(prefix, text without the prefix) of a node."""
        text = self.emit(node, store)
        prefix = node.prefix
        if text.startswith(prefix):
            return prefix, text[len(prefix):]
        return "", text

    def leaf(self, node) -> str:
        kind = node.type
        value = node.value
        if kind == tok.NAME:
            if node.parent is not None and node.parent.type == SYMS.simple_stmt:
                if value == "print":
                    return "_r_nl()"
                if value == "raise":
                    return "raise" if self._in_handler(node) else "raise _r_reraise()"
                if value == "continue":
                    self._check_continue(node)
            if value == "yield":
                self.reject_152(node)
            if value in RENAMED_NAMES:
                return KEYWORD_PREFIX + value
            return value
        if kind == tok.NUMBER:
            try:
                return literal_number(value, self.py27, self.profile.floats)
            except LiteralError as exc:
                raise self.error(node, exc.reason, None if exc.kind != "SyntaxError" or self.py27
                                 else PY2_HINT, exc.kind)
        if kind == tok.STRING:
            start = node.lineno
            for offset in range(value.count("\n")):
                self.string_lines.add(start + offset + 1)
            try:
                return literal_string(value, self.py27)
            except LiteralError as exc:
                raise self.error(node, exc.reason, PY2_HINT)
        if kind == tok.NOTEQUAL:
            return "!="
        if kind == tok.DOUBLESLASH or kind == tok.DOUBLESLASHEQUAL:
            self.reject_152(node)
        if kind == tok.AT or kind == tok.ATEQUAL:
            self.reject_152(node)
        return value

    def emit_list(self, nodes) -> str:
        return "".join(self.emit(n) for n in nodes)

    @staticmethod
    def pad(text: str, original: str) -> str:
        """Keep the line count of a rewritten simple statement."""
        missing = original.count("\n") - text.count("\n")
        return text + " \\\n" * missing if missing > 0 else text

    # -- statements -------------------------------------------------------------

    def n_print_stmt(self, node) -> str:
        children = node.children[1:]
        prefix = node.prefix
        original = _inner_text(node)
        target = ""
        if children and _leaf_name(children[0]) == ">>":
            self.reject_152(children[0])
            stream = self.emit(children[1])
            target = ", (_r_pf := %s)" % stream
            children = children[3:] if len(children) > 2 else []
        parts: List[str] = []
        items = [c for c in children if not (isinstance(c, pytree.Leaf) and c.type == tok.COMMA)]
        trailing = bool(children) and isinstance(children[-1], pytree.Leaf) \
            and children[-1].type == tok.COMMA
        for index, item in enumerate(items):
            parts.append("_r_pr(%s%s)" % (self.emit(item), target if index == 0 else
                                          (", _r_pf" if target else "")))
        if not trailing:
            parts.append("_r_nl(%s)" % ((target[2:] if not items else "_r_pf") if target else ""))
        text = "; ".join(parts) if parts else "pass"
        return prefix + self.pad(text, original)

    def n_exec_stmt(self, node) -> str:
        children = node.children
        original = _inner_text(node)
        code = self.emit(children[1])
        if len(children) == 2:
            text = "_r_exec(%s, _r_globals(), _r_locals())" % code
        else:
            spaces = [self.emit(c) for c in children[3:] if not (
                isinstance(c, pytree.Leaf) and c.type == tok.COMMA)]
            text = "_r_exec(%s, %s)" % (code, ", ".join(spaces))
        return node.prefix + self.pad(text, original)

    def n_expr_stmt(self, node) -> str:
        children = node.children
        if len(children) == 3 and isinstance(children[1], pytree.Leaf) and \
                children[1].value.endswith("=") and children[1].value != "=":
            return self._augmented(node)
        if len(children) >= 3 and all(_leaf_name(c) == "=" for c in children[1::2]):
            shapes = [_target_shape(target) for target in children[:-1:2]]
            if any(shape is not None for shape in shapes):
                return self._unpacking(node, shapes)
        out = []
        last = len(children) - 1
        for index, child in enumerate(children):
            out.append(self.emit(child, store=index < last))
        return "".join(out)

    def _unpacking(self, node, shapes) -> str:
        """An assignment to patterns: the value goes through the runtime's ``unpack``
        (1.5.2's or 2.7's rules and words), unless it is a display of the right length."""
        children = node.children
        value = children[-1]
        if len(shapes) == 1:
            shape = shapes[0]
            target = self.emit(children[0], store=True) + self.emit(children[1])
            items = _pattern_items(value)
            if type(shape) is int and items is not None and len(items) == shape:
                return target + self.emit(value)
            value_prefix, value_text = self.body(value)
            return "%s %s" % (target, self._call_on_first_line(
                "_r_unpack((%s), %r)", value_prefix, value_text, shape))
        value_text = self.body(value)[1]
        # t1 = t2 = value: each target takes the value as its shape asks, in one assignment
        targets = ", ".join("(%s)" % self.body(target, store=True)[1]
                            for target in children[:-1:2])
        shape = tuple(0 if target_shape is None else target_shape for target_shape in shapes)
        text = "%s = _r_unpack(((%s),) * %d, %r)" % (targets, value_text, len(shapes), shape)
        return node.prefix + self.pad(text, _inner_text(node))

    def _augmented(self, node) -> str:
        """2.7 only: ``x /= y`` floors and ``x %= y`` formats; the rest are native."""
        target, op, value = node.children
        self.reject_152(op)
        func = {"/=": "_r_div", "%=": "_r_mod"}.get(op.value)
        if func is None:
            return self.emit(target, store=True) + op.prefix + op.value + self.emit(value)
        prefix, target_text = self.body(target, store=True)
        _, read = self.body(target)
        return "%s%s =%s%s(%s,%s)" % (prefix, target_text, op.prefix, func, read, self.emit(value))

    def n_funcdef(self, node) -> str:
        self.tuple_params = 0
        unpack: List[str] = []
        out = []
        for child in node.children:
            if child.type == SYMS.parameters:
                out.append(self._parameters(child, unpack))
            elif child is node.children[-1] and unpack:
                out.append(self._prefix_suite(child, "; ".join(unpack)))
            else:
                out.append(self.emit(child))
        return "".join(out)

    def _parameters(self, node, unpack: List[str]) -> str:
        out = []
        for child in node.children:
            out.append(self._parameter_text(child, unpack))
        return "".join(out)

    def _parameter_text(self, node, unpack: List[str]) -> str:
        if node.type == SYMS.tfpdef:
            name = "_r_p%d" % self.tuple_params
            self.tuple_params += 1
            inner = "".join(str(c) for c in node.children)
            pattern = self.emit(node)[len(node.prefix):]
            shape = _target_shape(node)
            unpack.append("%s = %s" % (pattern, name if shape is None
                                       else "_r_unpack(%s, %r)" % (name, shape)))
            return node.prefix + name + " \\\n" * inner.count("\n")
        if isinstance(node, pytree.Leaf):
            return self.emit(node)
        if node.type in (SYMS.typedargslist, SYMS.varargslist):
            return "".join(self._parameter_text(c, unpack) for c in node.children)
        return self.emit(node)

    def n_tfpdef(self, node) -> str:
        return "".join(self.emit(c) for c in node.children)

    def n_lambdef(self, node) -> str:
        for child in node.children:
            if child.type in (SYMS.tfpdef, SYMS.vfpdef) or (
                    not isinstance(child, pytree.Leaf) and any(
                        c.type in (SYMS.tfpdef, SYMS.vfpdef) for c in child.children)):
                raise self.error(child, "tuple parameters of a lambda are not supported by "
                                        "the front end: use a def")
        return "".join(self.emit(c) for c in node.children)

    def _prefix_suite(self, suite, statement: str) -> str:
        """Run ``statement`` first in ``suite`` without adding a line."""
        if suite.type != SYMS.suite:
            prefix, text = self.body(suite)
            return prefix + statement + "; " + text
        out = []
        done = False
        for child in suite.children:
            if not done and not isinstance(child, pytree.Leaf):
                if child.type != SYMS.simple_stmt:
                    raise self.error(child, "the front end needs a simple statement first in "
                                            "this block (tuple parameter or except target)")
                prefix, text = self.body(child)
                out.append(prefix + statement + "; " + text)
                done = True
            else:
                out.append(self.emit(child))
        return "".join(out)

    def n_classdef(self, node) -> str:
        children = node.children
        out = [self.emit(children[0]), self.emit(children[1])]
        if _leaf_name(children[2]) == "(":
            if _leaf_name(children[3]) == ")":
                self.reject_152(children[3])
                bases = ""
                rest = children[3:]
            else:
                bases = self.emit(children[3])
                rest = children[4:]
            new_style = self.py27 and re.search(r"\bobject\b", str(children[3])) is not None
            meta = "" if new_style else ("metaclass=_r_OldClass" if not bases.strip()
                                         else ", metaclass=_r_OldClass")
            out.append(self.emit(children[2]) + bases + meta)
            out.extend(self.emit(c) for c in rest)
        else:
            out.append("(metaclass=_r_OldClass)")
            out.extend(self.emit(c) for c in children[2:])
        return "".join(out)

    def n_try_stmt(self, node) -> str:
        names = [_leaf_name(c) for c in node.children if isinstance(c, pytree.Leaf)]
        has_except = any(c.type == SYMS.except_clause for c in node.children
                         if not isinstance(c, pytree.Leaf)) or "except" in names
        if has_except and "finally" in names:
            self.reject_152([c for c in node.children if _leaf_name(c) == "finally"][0])
        out = []
        children = node.children
        index = 0
        while index < len(children):
            child = children[index]
            if not isinstance(child, pytree.Leaf) and child.type == SYMS.except_clause:
                header, target = self._except_clause(child)
                out.append(header)
                out.append(self.emit(children[index + 1]))  # the colon
                suite = children[index + 2]
                if target is not None:
                    out.append(self._prefix_suite(suite, target))
                else:
                    out.append(self.emit(suite))
                index += 3
                continue
            if isinstance(child, pytree.Leaf) and child.value == "except":
                out.append(child.prefix + "except _r_any()")
                index += 1
                continue
            out.append(self.emit(child))
            index += 1
        return "".join(out)

    def _except_clause(self, node):
        """(header text, statement to run first or None) of ``except X[, target]``."""
        children = node.children
        keyword = children[0]
        pattern = self.emit(children[1])
        if len(children) == 2:
            return keyword.prefix + "except _r_m(%s)" % pattern, None
        separator = children[2]
        if separator.value == "as":
            self.reject_152(separator)
        target = children[3]
        if isinstance(target, pytree.Leaf) and target.type == tok.NAME:
            name = self.leaf(target)
            header = "except (_r_m(%s) and ((%s := _r_ev()) or 1) and _r_B)" % (pattern, name)
            return keyword.prefix + header + " \\\n" * str(target.prefix).count("\n"), None
        prefix, target_text = self.body(target, store=True)
        shape = _target_shape(target)
        if shape is None:
            return (keyword.prefix + "except _r_m(%s)" % pattern,
                    "%s = _r_ev()" % target_text)
        # unpacked in the header, so that a wrong size is reported on the except line
        header = "except (_r_m(%s) and ((%s := _r_unpack(_r_ev(), %r)) or 1) and _r_B)" % (
            pattern, UNPACKED, shape)
        return keyword.prefix + header, "%s = %s" % (target_text, UNPACKED)

    def n_raise_stmt(self, node) -> str:
        children = node.children
        original = _inner_text(node)
        if len(children) == 1:
            return node.prefix + ("raise" if self._in_handler(node) else "raise _r_reraise()")
        if len(children) >= 3 and _leaf_name(children[2]) == "from":
            raise self.error(children[2], "invalid syntax", PY3_HINT)
        parts = [self.emit(c) for c in children[1:] if not (
            isinstance(c, pytree.Leaf) and c.type == tok.COMMA)]
        return node.prefix + self.pad("raise _r_mk(%s)" % ", ".join(parts), original)

    @staticmethod
    def _in_handler(node) -> bool:
        child, parent = node, node.parent
        while parent is not None:
            if parent.type in (SYMS.funcdef, SYMS.classdef):
                return False
            if parent.type == SYMS.try_stmt:
                index = parent.children.index(child)
                if index > 0 and not isinstance(parent.children[index - 2], pytree.Leaf) \
                        and parent.children[index - 2].type == SYMS.except_clause:
                    return True
                if index > 1 and _leaf_name(parent.children[index - 2]) == "except":
                    return True
            child, parent = parent, parent.parent
        return False

    def _check_continue(self, node) -> None:
        child, parent = node, node.parent
        while parent is not None:
            if parent.type in (SYMS.for_stmt, SYMS.while_stmt, SYMS.funcdef, SYMS.classdef):
                break
            if parent.type == SYMS.try_stmt and not self.py27:
                index = parent.children.index(child)
                opener = _leaf_name(parent.children[index - 2]) if index >= 2 else ""
                if opener in ("try", "finally"):
                    error = self.error(node, "'continue' not properly in loop")
                    error.compile_stage = True
                    raise error
            child, parent = parent, parent.parent

    def n_for_stmt(self, node) -> str:
        return self._for(node)

    def n_comp_for(self, node) -> str:
        self.reject_152(node)           # comprehensions came with 2.0
        return self._for(node)

    def _for(self, node) -> str:
        """``for target in iterable`` (a statement or a python27 comprehension's clause):
        the iterable read as the profile reads a sequence (``_r_loop``), and each item
        unpacked by its rules when the target is a pattern (``_r_loopn``)."""
        keyword, target, word_in, iterable = node.children[:4]
        shape = _target_shape(target)
        prefix, text = self.body(iterable)
        if _comma_list_items(iterable) is not None:
            text = "(%s)" % text          # for x in 1, 2: a tuple
        if shape is None and _pattern_items(iterable) is not None:
            loop = prefix + text          # a tuple or list display: nothing to check
        elif shape is None:
            loop = " " + self._call_on_first_line("_r_loop(%s)", prefix, text)
        else:
            loop = " " + self._call_on_first_line("_r_loopn(%s, %r)", prefix, text, shape)
        return "".join([self.emit(keyword), self.emit(target, store=True), self.emit(word_in),
                        loop] + [self.emit(child) for child in node.children[4:]])

    @staticmethod
    def _call_on_first_line(call: str, prefix: str, text: str, *more) -> str:
        """``call % (text, *more)`` begun where the statement's line is, before the line
        breaks of ``prefix`` (blanks and backslashes): an error of the call is reported
        on the statement's first line, as 1.5.2 reports it."""
        return call % ((prefix.lstrip(" \t") + text,) + more)

    def n_star_expr(self, node) -> str:
        raise self.error(node, "invalid syntax", PY3_HINT)

    def n_import_name(self, node) -> str:
        original = _inner_text(node)
        names = node.children[1]
        items = []
        for item in self._comma_items(names, (SYMS.dotted_as_names,)):
            if item.type == SYMS.dotted_as_name:
                self.reject_152(item.children[1])
                module = str(item.children[0]).strip().replace(" ", "")
                bound = self.leaf(item.children[2])
                items.append("%s = _r_import(%r, 1)" % (bound, module))
            else:
                module = str(item).strip().replace(" ", "").replace("\\\n", "")
                module = re.sub(r"\s+", "", module)
                top = module.split(".")[0]
                items.append("%s = _r_import(%r)" % (self._safe_name(top), module))
        return node.prefix + self.pad("; ".join(items), original)

    def _safe_name(self, name: str) -> str:
        return KEYWORD_PREFIX + name if name in RENAMED_NAMES else name

    @staticmethod
    def _comma_items(node, list_types):
        if not isinstance(node, pytree.Leaf) and node.type in list_types:
            return [c for c in node.children if not (
                isinstance(c, pytree.Leaf) and c.type == tok.COMMA)]
        return [node]

    def n_import_from(self, node) -> str:
        original = _inner_text(node)
        children = node.children
        module_node = children[1]
        if isinstance(module_node, pytree.Leaf) and module_node.value == ".":
            raise self.error(module_node, "invalid syntax", PY2_HINT)
        module = re.sub(r"\s+|\\", "", str(module_node))
        if module.startswith("."):
            raise self.error(module_node, "invalid syntax", PY2_HINT)
        rest = children[3:]
        if rest and _leaf_name(rest[0]) == "(":
            self.reject_152(rest[0])
            rest = rest[1:-1]
        if rest and _leaf_name(rest[0]) == "*":
            text = "_r_star(%r, _r_globals())" % module
            return node.prefix + self.pad(text, original)
        names = []
        bound = []
        for item in self._comma_items(rest[0], (SYMS.import_as_names,)):
            if not isinstance(item, pytree.Leaf) and item.type == SYMS.import_as_name:
                self.reject_152(item.children[1])
                names.append(item.children[0].value)
                bound.append(self.leaf(item.children[2]))
            elif isinstance(item, pytree.Leaf) and item.type == tok.NAME:
                names.append(item.value)
                bound.append(self.leaf(item))
        text = "%s, = _r_from(%r, %r)" % (", ".join(bound), module, tuple(names))
        return node.prefix + self.pad(text, original)

    def n_with_stmt(self, node) -> str:
        self.reject_152(node)
        return self.emit_list(node.children)

    def n_decorated(self, node) -> str:
        self.reject_152(node)
        return self.emit_list(node.children)

    def n_yield_expr(self, node) -> str:
        self.reject_152(node)
        return self.emit_list(node.children)

    def n_global_stmt(self, node) -> str:
        return self.emit_list(node.children)

    # -- expressions ------------------------------------------------------------

    def n_test(self, node) -> str:
        if len(node.children) > 1 and _leaf_name(node.children[1]) == "if":
            self.reject_152(node.children[1])
        return self.emit_list(node.children)

    def n_old_test(self, node) -> str:
        return self.emit_list(node.children)

    def n_comparison(self, node) -> str:
        children = node.children
        if self.py27 or len(children) != 3:
            return self.emit_list(children)
        op = children[1]
        if isinstance(op, pytree.Leaf) and op.value in ("<", ">", "<=", ">=") and (
                _leaf_name(children[0]) == "None" or _leaf_name(children[2]) == "None"):
            prefix, left = self.body(children[0])
            return prefix + "(_r_cmp(%s,%s) %s 0)" % (left, self.emit(children[2]), op.value)
        if isinstance(op, pytree.Leaf) and op.value == "in":
            negate = False
        elif not isinstance(op, pytree.Leaf) and str(op).split() == ["not", "in"]:
            negate = True
        else:
            return self.emit_list(children)
        prefix, left = self.body(children[0])
        right = self.emit(children[2])
        call = "_r_in(%s, %s)" % (left, right)
        return prefix + ("(not %s)" % call if negate else call)

    def n_arith_expr(self, node) -> str:
        return self._binary_chain(node)

    def n_term(self, node) -> str:
        return self._binary_chain(node)

    def n_shift_expr(self, node) -> str:
        return self._binary_chain(node)

    def _binary_chain(self, node) -> str:
        children = node.children
        prefix, current = self.body(children[0])
        left_node = children[0]
        for index in range(1, len(children), 2):
            op = children[index]
            right_node = children[index + 1]
            right = self.emit(right_node)
            current = self._binary(op, current, right, left_node if index == 1 else None,
                                   right_node)
        return prefix + current

    def _binary(self, op, left: str, right: str, left_node, right_node) -> str:
        symbol = op.value
        spaced = left + op.prefix + symbol + right
        if self.py27 and symbol in ("+", "-", "*", "<<", "//"):
            return spaced
        if symbol == "+":
            if (left_node is not None and _is_int_literal(left_node)) or _is_int_literal(right_node):
                return "(%s if %s else _r_ovf(%s, 'integer addition'))" % (
                    TEMP, _IN_RANGE.replace(TEMP, "(%s := %s)" % (TEMP, spaced), 1), TEMP)
            return ("(%s if _r_type(%s := %s) is not _r_int or %s else _r_ovf(%s, 'integer addition'))"
                    % (TEMP, TEMP, spaced, _IN_RANGE, TEMP))
        if symbol == "-":
            return "(%s if %s else _r_ovf(%s, 'integer subtraction'))" % (
                TEMP, _IN_RANGE.replace(TEMP, "(%s := %s)" % (TEMP, spaced), 1), TEMP)
        if symbol == "*":
            spaced = "(_r_a := %s)%s%s%s" % (left, op.prefix, symbol, right)
            return ("(%s if _r_type(%s := %s) is not _r_int or %s else _r_ovfm(%s, _r_a))"
                    % (TEMP, TEMP, spaced, _MUL_RANGE, TEMP))
        if symbol == "<<":
            return "(%s if %s else _r_wrap(%s))" % (
                TEMP, _IN_RANGE.replace(TEMP, "(%s := %s)" % (TEMP, spaced), 1), TEMP)
        if symbol == "/":
            return "_r_div(%s%s,%s)" % (left, op.prefix, right)
        if symbol == "%":
            if left_node is not None and _is_string_literal(left_node):
                return "_r_fmt(%s%s,%s)" % (left, op.prefix, right)
            if "\n" in right or "\n" in op.prefix:
                return "_r_mod(%s%s,%s)" % (left, op.prefix, right)
            return ("(%s %%%s if _r_type(%s := %s) is _r_int and %s != -2147483648 "
                    "else _r_mod(%s, %s))" % (TEMP, right, TEMP, left, TEMP, TEMP, right))
        if symbol == "//":
            self.reject_152(op)
            return spaced
        return spaced

    def n_factor(self, node) -> str:
        op, operand = node.children
        if op.value != "-":
            return self.emit(op) + self.emit(operand)
        if self.py27 or isinstance(operand, pytree.Leaf) and operand.type == tok.NUMBER:
            return self.emit(op) + self.emit(operand)
        return op.prefix + "(%s if (%s := -%s) != 2147483648 else _r_ovf(%s, 'integer negation'))" % (
            TEMP, TEMP, self.emit(operand), TEMP)

    def n_power(self, node, store: bool = False) -> str:
        children = node.children
        exponent = None
        if len(children) >= 3 and _leaf_name(children[-2]) == "**":
            exponent = children[-2:]
            children = children[:-2]
        prefix, text = self.body(children[0])
        trailers = children[1:]
        base_name = _leaf_name(children[0]) if isinstance(children[0], pytree.Leaf) else ""
        previous_attribute = ""
        for index, trailer in enumerate(trailers):
            last = index == len(trailers) - 1
            first = trailer.children[0]
            if first.value == ".":
                name = trailer.children[1].value
                direct = index == 0 and base_name in _DIRECT_OBJECTS
                if name in self.special_attributes and not (store and last) and not direct:
                    text = "_r_ga(%s%s, %r)" % (text, first.prefix + trailer.children[1].prefix
                                                if "\n" in first.prefix + trailer.children[1].prefix
                                                else "", name)
                else:
                    text += self.emit(trailer)
                previous_attribute = name
                continue
            if first.value == "(":
                text += self._call_trailer(trailer, previous_attribute)
            elif first.value == "[":
                text = self._subscript_trailer(text, trailer)
            else:
                text += self.emit(trailer)
            previous_attribute = ""
        if exponent is not None:
            star, power = exponent
            text = "_r_pow(%s%s,%s)" % (text, star.prefix, self.emit(power))
        return prefix + text

    n_power.accepts_store = True

    def _call_trailer(self, trailer, method: str) -> str:
        children = trailer.children
        if len(children) == 3 and not isinstance(children[1], pytree.Leaf) and \
                children[1].type == SYMS.arglist:
            args = children[1]
            for arg in args.children:
                if not isinstance(arg, pytree.Leaf) and arg.type == SYMS.argument and \
                        _leaf_name(arg.children[0]) in ("*", "**"):
                    self.reject_152(arg)
                if not isinstance(arg, pytree.Leaf) and arg.type == SYMS.argument and \
                        len(arg.children) > 1 and arg.children[1].type in (SYMS.comp_for,):
                    self.reject_152(arg)
            if _leaf_name(args.children[0]) in ("*", "**"):
                self.reject_152(args.children[0])
            if method == "append" and not self.py27:
                return self.emit(children[0]) + "(" + self.emit(args) + ")" + self.emit(children[2])
        elif len(children) == 3 and not isinstance(children[1], pytree.Leaf) and \
                children[1].type == SYMS.argument and _leaf_name(children[1].children[0]) in ("*", "**"):
            self.reject_152(children[1])
        return self.emit_list(children)

    def _subscript_trailer(self, text: str, trailer) -> str:
        inner = trailer.children[1]
        if not self.py27 and not isinstance(inner, pytree.Leaf):
            subscripts = self._comma_items(inner, (SYMS.subscriptlist,))
            for sub in subscripts:
                if not isinstance(sub, pytree.Leaf) and sub.type == SYMS.subscript and any(
                        not isinstance(c, pytree.Leaf) and c.type == SYMS.sliceop
                        for c in sub.children):
                    return "_r_badslice(%s)%s" % (text, self.emit(trailer))
        return text + self.emit(trailer)

    def n_atom(self, node) -> str:
        children = node.children
        first = children[0]
        if isinstance(first, pytree.Leaf) and first.type == tok.BACKQUOTE:
            return first.prefix + "_r_repr(%s)" % "".join(self.emit(c) for c in children[1:-1]) \
                + children[-1].prefix
        if isinstance(first, pytree.Leaf) and first.type == tok.STRING and len(children) > 1:
            return self.emit_list(children)
        if _leaf_name(first) == "{" and len(children) == 3:
            maker = children[1]
            if not isinstance(maker, pytree.Leaf) and maker.type == SYMS.dictsetmaker:
                if any(not isinstance(c, pytree.Leaf) and c.type in (SYMS.comp_for,)
                       for c in maker.children) or not any(
                        _leaf_name(c) == ":" for c in maker.children):
                    self.reject_152(maker)
            elif not isinstance(maker, pytree.Leaf) or _leaf_name(maker) != "}":
                self.reject_152(maker)
        return self.emit_list(children)

    def n_listmaker(self, node) -> str:
        for child in node.children:
            if not isinstance(child, pytree.Leaf) and child.type in (SYMS.comp_for,):
                self.reject_152(child)
        return self.emit_list(node.children)

    def n_testlist_gexp(self, node) -> str:
        for child in node.children:
            if not isinstance(child, pytree.Leaf) and child.type in (SYMS.comp_for,):
                self.reject_152(child)
        return self.emit_list(node.children)

    def n_dictsetmaker(self, node) -> str:
        return self.emit_list(node.children)


def source_text(source) -> str:
    """Bytes (Latin-1, as the module stores them) or str, with ``\\n`` line ends and a final newline."""
    if isinstance(source, (bytes, bytearray)):
        source = bytes(source).decode("latin-1")
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    if not source.endswith("\n"):
        source += "\n"
    return source


def translate_and_compile(source, filename: str, profile: Profile, mode: str = "exec"):
    """(Python 3 source, code object) for ``source`` (1.5.2 or 2.7 per ``profile``)."""
    text = source_text(source)
    translator = Translator(text, filename, profile)
    result = translator.run()
    try:
        code = compile(result.strip() if mode == "eval" else result, filename, mode,
                       dont_inherit=True)
    except SyntaxError as exc:
        line = exc.lineno or 1
        raise translator._error_at(line, (exc.offset or 1) - 1, "invalid syntax",
                                   translator._parse_hint())
    return result, code
