"""How 1.5.2 turns objects into text: ``str``, ``repr`` (octal escapes, ``L``,
12-digit floats) and the ``%`` operator."""
import types

from . import dictorder
from . import exceptions as exc_mod
from .numbers import INT_SPAN, Long, float_str
from .typenames import OldInstance, TypeObject, class_name, type_name

_PRINTABLE = frozenset(chr(c) for c in range(32, 127))
_ADDRESS_MASK = 0xFFFFFFF


def _quoted(text: str, escape) -> str:
    """``text`` in the quotes ``repr`` chooses, printable ASCII kept, the rest
    through ``escape``."""
    quote = '"' if "'" in text and '"' not in text else "'"
    out = [quote]
    for char in text:
        if char == quote or char == "\\":
            out.append("\\" + char)
        elif char in _PRINTABLE:
            out.append(char)
        else:
            out.append(escape(char))
    out.append(quote)
    return "".join(out)


def repr_string(text: str) -> str:
    """1.5.2's ``repr`` of a string: printable ASCII kept, the rest as ``\\ooo``."""
    return _quoted(text, lambda char: "\\%03o" % (ord(char) & 0xFF))


_ESCAPES_27 = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def repr_string_27(text: str) -> str:
    """2.7's ``repr`` of a byte string: ``\\n``, ``\\t``, ``\\r``, else ``\\xhh``."""
    return _quoted(text, lambda char: _ESCAPES_27.get(char) or "\\x%02x" % (ord(char) & 0xFF))


class Renderer:
    """``str()``/``repr()`` of any object as the profile's interpreter prints it."""

    def __init__(self, python27: bool = False) -> None:
        self.python27 = python27
        self.bools_are_ints = not python27
        self.repr_string = repr_string_27 if python27 else repr_string

    def str(self, value) -> str:
        t = type(value)
        if t is str:
            return value
        if t is int:
            return int.__repr__(value)
        if t is float:
            return float_str(value)
        if isinstance(value, Long):
            return value.__str__()
        if isinstance(value, BaseException):
            return self._exception_str(value)
        if isinstance(value, OldInstance):
            method = getattr(value, "__str__", None)
            if type(value).__str__ is not object.__str__:
                return _as_string(method(), "__str__")
            return self.repr(value)
        if isinstance(value, type):
            return class_name(value)
        return self.repr(value)

    def repr(self, value, _active=None) -> str:
        t = type(value)
        if t is str:
            return self.repr_string(value)
        if t is int:
            return int.__repr__(value)
        if t is float:
            return repr(value) if self.python27 else float_str(value)
        if t is bool:
            if self.bools_are_ints:
                return "1" if value else "0"
            return "True" if value else "False"
        if t is list or t is tuple or t is dict:
            return self._container(value, _active if _active is not None else set())
        if value is None:
            return "None"
        if isinstance(value, Long):
            return Long.__repr__(value)
        if isinstance(value, OldInstance):
            if type(value).__repr__ is not object.__repr__:
                return _as_string(value.__repr__(), "__repr__")
            return "<%s instance at %x>" % (class_name(type(value)), id(value) & _ADDRESS_MASK)
        if isinstance(value, BaseException):
            if type(value).__repr__ not in (object.__repr__, BaseException.__repr__):
                return _as_string(value.__repr__(), "__repr__")
            return "<%s instance at %x>" % (class_name(type(value)), id(value) & _ADDRESS_MASK)
        if isinstance(value, type):
            return "<class %s at %x>" % (class_name(value), id(value) & _ADDRESS_MASK)
        if isinstance(value, TypeObject):
            return repr(value)
        if t is types.FunctionType and not getattr(value, "_r_builtin", False):
            name = value.__name__
            return "<function %s at %x>" % ("<lambda>" if name == "<lambda>" else name,
                                            id(value) & _ADDRESS_MASK)
        if t is types.MethodType:
            owner = value.__self__
            return "<method %s.%s of %s instance at %x>" % (
                type(owner).__name__, value.__func__.__name__, class_name(type(owner)),
                id(owner) & _ADDRESS_MASK)
        if t is types.ModuleType:
            return "<module '%s'>" % value.__name__
        if t is range:
            return self.repr(tuple(value))
        if t is complex:
            return repr(value)
        if t is types.BuiltinFunctionType or callable(value):
            name = getattr(value, "__name__", "?")
            return "<built-in function %s>" % name
        return repr(value)

    def _container(self, value, active) -> str:
        key = id(value)
        t = type(value)
        if key in active:
            return "[...]" if t is list else "{...}" if t is dict else "(...)"
        active.add(key)
        try:
            if t is dict:
                body = ", ".join("%s: %s" % (self.repr(k, active), self.repr(v, active))
                                 for k, v in dictorder.items(value, self.python27))
                return "{" + body + "}"
            body = ", ".join(self.repr(item, active) for item in value)
            if t is list:
                return "[" + body + "]"
            return "(" + body + ("," if len(value) == 1 else "") + ")"
        finally:
            active.discard(key)

    def _exception_str(self, value) -> str:
        exc_mod.normalize(value)
        if isinstance(value, SyntaxError):      # 1.5.2's SyntaxError.__str__: str(msg)
            if self.python27:
                return SyntaxError.__str__(value)
            return "" if value.msg is None else self.str(value.msg)
        if type(value).__str__ not in (BaseException.__str__, object.__str__) and \
                type(value).__module__ != "builtins":
            return _as_string(value.__str__(), "__str__")
        args = value.args
        if len(args) == 0:
            return ""
        if len(args) == 1:
            return self.str(args[0])
        return self.str(args)

    # -- the % operator ---------------------------------------------------------

    def format(self, fmt: str, args) -> str:
        """``fmt % args`` with 1.5.2's conversions and errors."""
        is_tuple = type(args) is tuple
        mapping = args if (not is_tuple and hasattr(args, "keys") and type(args) is not str) else None
        items = args if is_tuple else (args,)
        index = 0
        out = []
        pos = 0
        length = len(fmt)
        used_mapping = False
        while True:
            nxt = fmt.find("%", pos)
            if nxt < 0:
                out.append(fmt[pos:])
                break
            out.append(fmt[pos:nxt])
            i = nxt + 1
            if i >= length:
                raise ValueError("incomplete format")
            key_value = _NO_VALUE
            if fmt[i] == "(":
                if mapping is None:
                    raise TypeError("format requires a mapping")
                depth = 1
                j = i + 1
                while j < length and depth:
                    if fmt[j] == "(":
                        depth += 1
                    elif fmt[j] == ")":
                        depth -= 1
                    j += 1
                if depth:
                    raise ValueError("incomplete format key")
                key_value = mapping[fmt[i + 1:j - 1]]
                used_mapping = True
                index = len(items)      # after a key, no argument is left for a plain %s
                i = j
            flags = ""
            while i < length and fmt[i] in "-+ #0":
                flags += fmt[i]
                i += 1
            width, i, index = _star_or_digits(fmt, i, items, index)
            precision = None
            if i < length and fmt[i] == ".":
                precision, i, index = _star_or_digits(fmt, i + 1, items, index)
            while i < length and fmt[i] in "hlL":
                i += 1
            if i >= length:
                raise ValueError("incomplete format")
            conv = fmt[i]
            pos = i + 1
            if conv == "%":
                out.append("%")
                continue
            if key_value is not _NO_VALUE:
                value = key_value
            else:
                if index >= len(items):
                    raise TypeError("not enough arguments for format string")
                value = items[index]
                index += 1
            spec = "%" + flags + width + ("." + precision if precision is not None else "")
            out.append(self._convert(conv, spec, value))
        if not used_mapping and mapping is None and index < len(items):
            raise TypeError("not all arguments converted")
        return "".join(out)

    def _convert(self, conv: str, spec: str, value) -> str:
        if conv == "s":
            return (spec + "s") % self.str(value)
        if conv in "diu":
            if type(value) is float:
                value = int(value)
            if not isinstance(value, int):
                raise TypeError("illegal argument type for built-in operation")
            _fits_int(value)
            return (spec + "d") % int(value)
        if conv in "xXo":
            if type(value) is float:
                value = int(value)
            if not isinstance(value, int):
                raise TypeError("illegal argument type for built-in operation")
            _fits_int(value)
            if not isinstance(value, Long):
                value %= INT_SPAN
            return (spec + conv) % int(value)
        if conv in "eEfgG":
            if not isinstance(value, (int, float)):
                raise TypeError("illegal argument type for built-in operation")
            return (spec + conv) % float(value)
        if conv == "r" and self.python27:
            return (spec + "s") % self.repr(value)
        if conv == "c":
            if type(value) is str:
                if len(value) != 1:
                    raise TypeError("%c requires int or char")
                return (spec + "s") % value
            return (spec + "s") % chr(int(value) & 0xFF)
        raise ValueError("unsupported format character '%s' (0x%x)" % (conv, ord(conv)))


_NO_VALUE = object()


def _fits_int(value) -> None:
    if isinstance(value, Long) and not -2147483648 <= value <= 2147483647 \
            and type(value) is Long:
        raise OverflowError("long int too long to convert")


def _as_string(result, method: str) -> str:
    if type(result) is not str:
        raise TypeError("%s returned non-string (type %s)" % (method, type_name(result)))
    return result


def _star_or_digits(fmt: str, i: int, items, index: int):
    """A conversion's width or precision at ``fmt[i]``: ``*`` takes the next item, else
    the digits there (maybe none); returns (text, next position, next item index)."""
    if i < len(fmt) and fmt[i] == "*":
        if index >= len(items):
            raise TypeError("not enough arguments for format string")
        return str(int(items[index])), i + 1, index + 1
    start = i
    while i < len(fmt) and fmt[i].isdigit():
        i += 1
    return fmt[start:i], i, index
