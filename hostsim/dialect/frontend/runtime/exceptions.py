"""Exceptions as 1.5.2 has them: string exceptions matched by identity, any
instance raisable, ``except`` matching, 1.5.2 wording of Python 3's messages,
``sys.exc_type``, and the ``Traceback (innermost last):`` report."""
import builtins
import re
import sys

from .typenames import OldClass, class_name

#: Every exception class 1.5.2 has, by name (IOError and OSError are one in Python 3).
EXCEPTION_NAMES = (
    "ArithmeticError", "AssertionError", "AttributeError", "EOFError", "EnvironmentError",
    "Exception", "FloatingPointError", "IOError", "ImportError", "IndexError", "KeyError",
    "KeyboardInterrupt", "LookupError", "MemoryError", "NameError", "NotImplementedError",
    "OSError", "OverflowError", "RuntimeError", "StandardError", "SyntaxError", "SystemError",
    "SystemExit", "TypeError", "ValueError", "ZeroDivisionError",
)


class StandardError(Exception, metaclass=OldClass):
    """1.5.2's base of the standard exceptions (matched specially: Python 3's are not subclasses)."""


StandardError.__module__ = "exceptions"


def exception_classes(python27: bool = False):
    """The exception names of a script's builtins."""
    table = {}
    for name in EXCEPTION_NAMES:
        table[name] = StandardError if name == "StandardError" else getattr(builtins, name)
    if python27:
        for name in ("UnicodeError", "UnicodeDecodeError", "UnicodeEncodeError", "StopIteration",
                     "GeneratorExit", "BaseException", "UnboundLocalError", "IndentationError",
                     "TabError", "ReferenceError", "Warning", "UserWarning", "DeprecationWarning",
                     "RuntimeWarning", "SyntaxWarning", "FutureWarning", "ImportWarning",
                     "PendingDeprecationWarning", "UnicodeWarning", "BytesWarning",
                     "UnicodeTranslateError", "BufferError", "VMSError", "WindowsError"):
            if hasattr(builtins, name):
                table[name] = getattr(builtins, name)
    return table


#: Python 3 classes shown (and matched) as the 1.5.2 class they stand for.
_SHOWN_AS = {
    builtins.UnboundLocalError: builtins.NameError,
    builtins.RecursionError: builtins.RuntimeError,
    builtins.ModuleNotFoundError: builtins.ImportError,
    builtins.IndentationError: builtins.SyntaxError,
}


class Raised(BaseException):
    """Carries what Python 3 cannot raise itself: a string, or an instance of a plain class."""

    def __init__(self, type152, value152):
        super().__init__(type152, value152)
        self.type152 = type152
        self.value152 = value152


def make_exception(kind, value=None, traceback=None):
    """What ``raise kind, value`` raises in 1.5.2."""
    if type(kind) is str:
        return Raised(kind, value)
    if isinstance(kind, type):
        if value is not None and isinstance(value, kind):
            instance = value
        elif value is None:
            instance = kind()
        elif type(value) is tuple:
            instance = kind(*value)
        else:
            instance = kind(value)
        if isinstance(instance, BaseException):
            return instance
        return Raised(type(instance), instance)
    if isinstance(kind, BaseException):
        if value is not None:
            raise TypeError("instance exception may not have a separate value")
        return kind
    if isinstance(type(kind), OldClass):
        if value is not None:
            raise TypeError("instance exception may not have a separate value")
        return Raised(type(kind), kind)
    raise TypeError("exceptions must be strings, classes, or instances")


def view(exc):
    """``(exc_type, exc_value)`` as 1.5.2 shows them for a Python 3 exception."""
    if isinstance(exc, Raised):
        return exc.type152, exc.value152
    normalize(exc)
    cls = type(exc)
    if cls.__module__ == "builtins":
        for base in cls.__mro__:
            if base in _SHOWN_AS:
                return _SHOWN_AS[base], exc
            if base.__module__ == "builtins" and base.__name__ in EXCEPTION_NAMES:
                return base, exc
    return cls, exc


def matches(exc, pattern) -> bool:
    """Whether ``except pattern`` catches ``exc`` under 1.5.2's rules."""
    if type(pattern) is tuple:
        return any(matches(exc, p) for p in pattern)
    exc_type, _ = view(exc)
    if type(pattern) is str:
        return exc_type is pattern
    if not isinstance(pattern, type):
        return False
    if pattern is builtins.Exception:
        return isinstance(exc_type, type)
    if pattern is StandardError:
        return isinstance(exc_type, type) and (
            issubclass(exc_type, StandardError) or
            (issubclass(exc_type, builtins.Exception) and exc_type.__module__ == "builtins")
            or exc_type is builtins.KeyboardInterrupt)
    if isinstance(exc_type, type):
        return issubclass(exc_type, pattern)
    return False


# -- Python 3's messages in 1.5.2's words ------------------------------------------

_TYPE_WORDS = {"str": "string", "NoneType": "None", "dict": "dictionary", "bool": "int",
               "float": "float", "int": "int", "tuple": "tuple", "list": "list",
               "function": "function", "builtin_function_or_method": "builtin_function_or_method"}

_KEEP_ATTRIBUTE_TYPES = ("int", "float", "str", "NoneType", "bool", "function", "long int",
                         "string", "None")


def _attribute(match):
    owner, name = match.group(1), match.group(2)
    if owner in _KEEP_ATTRIBUTE_TYPES:
        return "'%s' object has no attribute '%s'" % (_TYPE_WORDS.get(owner, owner), name)
    return name


def _unmangle(name: str) -> str:
    return name[len(KEYWORD_PREFIX):] if name.startswith(KEYWORD_PREFIX) else name


KEYWORD_PREFIX = "_r_kw_"

_OPERATOR_NAMES = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod", "**": "pow",
                   "** or pow()": "pow", "<<": "lshift", ">>": "rshift", "&": "and", "|": "or",
                   "^": "xor", "//": "floordiv"}

_REWORDINGS = (
    (builtins.NameError, re.compile(r"^name '(.*)' is not defined"), lambda m: _unmangle(m.group(1))),
    (builtins.NameError, re.compile(r"^local variable '(.*)' referenced before assignment"),
     lambda m: _unmangle(m.group(1))),
    (builtins.NameError, re.compile(r"^cannot access (?:local|free) variable '(.*?)'"),
     lambda m: _unmangle(m.group(1))),
    (builtins.NameError, re.compile(r"^free variable '(.*?)' referenced"), lambda m: m.group(1)),
    (builtins.ZeroDivisionError, re.compile(r"^integer (?:division or )?modulo by zero$|^division by zero$|^integer division by zero$"),
     lambda m: "integer division or modulo"),
    (builtins.ZeroDivisionError, re.compile(r"^float modulo( by zero)?$"), lambda m: "float modulo"),
    (builtins.ZeroDivisionError, re.compile(r"^float (?:floor )?division( by zero)?$"), lambda m: "float division"),
    (builtins.TypeError, re.compile(r"^can only concatenate|^can't concat"),
     lambda m: "illegal argument type for built-in operation"),
    (builtins.TypeError, re.compile(r"^unsupported operand type\(s\) for ([^:]+): '(?!(?:int|float|bool|str|list|tuple|dict|NoneType|complex)')\w+'|"
                                    r"^unsupported operand type\(s\) for ([^:]+): '\w+' and '(?!(?:int|float|bool|str|list|tuple|dict|NoneType|complex)')\w+'"),
     lambda m: "__%s__ nor __r%s__ defined for these operands" % ((_OPERATOR_NAMES.get((m.group(1) or m.group(2)).strip(), "op"),) * 2)),
    (builtins.TypeError, re.compile(r"^unsupported operand type\(s\) for [^:]+: '(int|float|bool)' and"),
     lambda m: "number coercion failed"),
    (builtins.TypeError, re.compile(r"^unsupported operand type\(s\) for [^:]+: '(str|list|tuple)' and"),
     lambda m: "illegal argument type for built-in operation"),
    (builtins.TypeError, re.compile(r"^can't multiply sequence by non-int"),
     lambda m: "can't multiply sequence with non-int"),
    (builtins.TypeError, re.compile(r"^'(\w+)' object is not callable"),
     lambda m: "call of non-function (type %s)" % _TYPE_WORDS.get(m.group(1), m.group(1))),
    (builtins.TypeError, re.compile(r"^object of type '\w+' has no len\(\)"),
     lambda m: "len() of unsized object"),
    (builtins.TypeError, re.compile(r"^'\w+' object does not support item (assignment|deletion)"),
     lambda m: "object doesn't support item %s" % m.group(1)),
    (builtins.TypeError, re.compile(r"^'\w+' object is not subscriptable"),
     lambda m: "unsubscriptable object"),
    (builtins.TypeError, re.compile(r"^\S+\(\) takes (?:exactly |from \d+ to )?(\d+) positional arguments? but (\d+) (?:was|were) given"),
     lambda m: "too many arguments; expected %s, got %s" % (m.group(1), m.group(2))),
    (builtins.TypeError, re.compile(r"^(?:list|tuple) indices must be integers"),
     lambda m: "sequence index must be integer"),
    (builtins.TypeError, re.compile(r"^string indices must be integers"),
     lambda m: "sequence index must be integer"),
    (builtins.AttributeError, re.compile(r"^'([\w ]+)' object has no attribute '(\w+)'"), _attribute),
    (builtins.AttributeError, re.compile(r"^type object '\w+' has no attribute '(\w+)'"),
     lambda m: m.group(1)),
    (builtins.KeyError, None, None),
    (builtins.RecursionError, re.compile(r"^maximum recursion depth exceeded"),
     lambda m: "Maximum recursion depth exceeded"),
    (builtins.ValueError, re.compile(r"^(.*) is not in list$"), lambda m: "list.index(x): x not in list"),
    (builtins.ModuleNotFoundError, re.compile(r"^No module named '(.*)'$"),
     lambda m: "No module named %s" % m.group(1)),
    (builtins.IndexError, re.compile(r"^pop index out of range$"), lambda m: "pop index out of range"),
)

_NORMALIZED = "_r_normalized"


def normalize(exc) -> None:
    """Reword a Python 3 exception's message as 1.5.2 words it (once, in place)."""
    if getattr(exc, _NORMALIZED, False) or type(exc).__module__ != "builtins":
        return
    try:
        setattr(exc, _NORMALIZED, True)
    except (AttributeError, TypeError):
        return
    if len(exc.args) != 1 or type(exc.args[0]) is not str:
        return
    message = exc.args[0]
    for cls, pattern, words in _REWORDINGS:
        if pattern is None or not isinstance(exc, cls):
            continue
        match = pattern.search(message)
        if match:
            exc.args = (words(match),)
            return


# -- the uncaught-exception report ------------------------------------------------

def exception_line(exc, renderer) -> str:
    """The last line of a 1.5.2 traceback: ``Name: value``."""
    exc_type, exc_value = view(exc)
    if type(exc_type) is str:
        name = exc_type
        text = None if exc_value is None else renderer.str(exc_value)
    else:
        if exc_type.__module__ == "builtins":
            name = "IOError" if exc_type is builtins.OSError else exc_type.__name__
        else:
            name = class_name(exc_type)
        text = renderer.str(exc_value)
    if text:
        return "%s: %s" % (name, text)
    return name


def format_traceback(exc, renderer, sources, shown_names=None) -> str:
    """1.5.2's report of an uncaught exception, with the script frames only (2.7's
    wording for the python27 profile's renderer).

    ``sources`` maps a script file name to its lines (to quote each frame's line);
    ``shown_names`` maps a code object's file name to the name the report shows.
    """
    lines = []
    shown_names = shown_names or {}
    module_level = "<module>" if renderer.python27 else "?"
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename in sources:
            name = module_level if code.co_name == "<module>" else code.co_name
            shown = shown_names.get(code.co_filename, code.co_filename)
            lines.append('  File "%s", line %d, in %s\n' % (shown, tb.tb_lineno, name))
            text = sources[code.co_filename]
            if 0 < tb.tb_lineno <= len(text):
                source_line = text[tb.tb_lineno - 1].strip()
                if source_line:
                    lines.append("    %s\n" % source_line)
        tb = tb.tb_next
    head = ("Traceback (most recent call last):\n" if renderer.python27
            else "Traceback (innermost last):\n") if lines else ""
    return head + "".join(lines) + exception_line(exc, renderer) + "\n"


def current():
    """The exception being handled (Python 3's view), or None."""
    return sys.exc_info()[1]
