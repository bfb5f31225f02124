"""The 1.5.2 ``string`` module (ASCII case rules and whitespace, as the C locale has them)."""
import re
import types

from . import sequences
from .numbers import INT_MAX, INT_MIN, Long

WHITESPACE = "\t\n\x0b\x0c\r "
LOWERCASE = "abcdefghijklmnopqrstuvwxyz"
UPPERCASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
_UPPER = str.maketrans(LOWERCASE, UPPERCASE)
_LOWER = str.maketrans(UPPERCASE, LOWERCASE)
_SWAP = str.maketrans(LOWERCASE + UPPERCASE, UPPERCASE + LOWERCASE)
_WS_RUN = re.compile("[%s]+" % re.escape(WHITESPACE))
_DIGIT_VALUES = {c: i for i, c in enumerate("0123456789abcdefghijklmnopqrstuvwxyz")}
_FLOAT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _need_string(value, position: int = 1) -> None:
    if type(value) is not str:
        from .typenames import type_name
        raise TypeError("argument %d: expected string, %s found" % (position, type_name(value)))


def parse_int(text: str, base: int, what: str) -> int:
    """1.5.2's ``strtol``-style parse: surrounding whitespace, a sign, a base prefix."""
    if base != 0 and not 2 <= base <= 36:
        raise ValueError("invalid base for %s()" % what)
    body = text.strip(WHITESPACE)
    sign = 1
    digits = body
    if digits[:1] in ("+", "-"):
        sign = -1 if digits[0] == "-" else 1
        digits = digits[1:]
    lowered = digits.lower()
    if base == 0:
        if lowered.startswith("0x"):
            base, lowered = 16, lowered[2:]
        elif lowered.startswith("0") and len(lowered) > 1:
            base, lowered = 8, lowered[1:]
        else:
            base = 10
    elif base == 16 and lowered.startswith("0x"):
        lowered = lowered[2:]
    if not lowered or any(_DIGIT_VALUES.get(c, 99) >= base for c in lowered):
        raise ValueError("invalid literal for %s(): %s" % (what, text))
    value = 0
    for c in lowered:
        value = value * base + _DIGIT_VALUES[c]
    return sign * value


def atoi(s, base=10):
    _need_string(s)
    value = parse_int(s, base, "atoi")
    if not INT_MIN <= value <= INT_MAX:
        raise ValueError("atoi() literal too large: %s" % s)
    return value


def atol(s, base=10):
    _need_string(s)
    text = s.strip(WHITESPACE)
    if text[-1:] in ("l", "L"):
        text = text[:-1]
    return Long(parse_int(text, base, "atol"))


def parse_float(s, what: str = "atof") -> float:
    _need_string(s)
    text = s.strip(WHITESPACE)
    if not _FLOAT.match(text):
        raise ValueError("invalid literal for %s(): %s" % (what, s))
    return float(text)


def atof(s):
    return parse_float(s, "atof")


def split(s, sep=None, maxsplit=0):
    _need_string(s)
    if sep is None:
        parts = _WS_RUN.split(s.lstrip(WHITESPACE), maxsplit if maxsplit > 0 else 0)
        if parts and parts[-1] == "":
            parts.pop()
        return parts
    if sep == "":
        raise ValueError("empty separator")
    return s.split(sep, maxsplit if maxsplit > 0 else -1)


def _joiner(read_words):
    """``string.join`` reading its words as the profile's interpreter does (a dict:
    1.5.2 refuses it, 2.7 joins its keys in its table's order)."""
    def join(words, sep=" "):
        words = list(read_words(words))
        for word in words:
            if type(word) is not str:
                raise TypeError("first argument must be sequence of strings")
        return sep.join(words)
    return join


def _words_152(words):
    return sequences.items_152(words, "len() of unsized object", asks_length=True)


def _bounds(s, start, end):
    return start, (len(s) if end is None else end)


def find(s, sub, start=0, end=None):
    start, end = _bounds(s, start, end)
    return s.find(sub, start, end)


def rfind(s, sub, start=0, end=None):
    start, end = _bounds(s, start, end)
    return s.rfind(sub, start, end)


def index(s, sub, start=0, end=None):
    result = find(s, sub, start, end)
    if result < 0:
        raise ValueError("substring not found in string.index")
    return result


def rindex(s, sub, start=0, end=None):
    result = rfind(s, sub, start, end)
    if result < 0:
        raise ValueError("substring not found in string.rindex")
    return result


def count(s, sub, start=0, end=None):
    start, end = _bounds(s, start, end)
    return s.count(sub, start, end)


def replace(s, old, new, maxsplit=0):
    return s.replace(old, new, maxsplit if maxsplit > 0 else -1)


def strip(s):
    return s.strip(WHITESPACE)


def lstrip(s):
    return s.lstrip(WHITESPACE)


def rstrip(s):
    return s.rstrip(WHITESPACE)


def upper(s):
    return s.translate(_UPPER)


def lower(s):
    return s.translate(_LOWER)


def swapcase(s):
    return s.translate(_SWAP)


def capitalize(s):
    return upper(s[:1]) + lower(s[1:])


def capwords(s, sep=None):
    return (sep or " ").join(map(capitalize, split(s, sep)))


def ljust(s, width):
    return s + " " * (width - len(s)) if width > len(s) else s


def rjust(s, width):
    return " " * (width - len(s)) + s if width > len(s) else s


def center(s, width):
    n = width - len(s)
    if n <= 0:
        return s
    half = n // 2
    if n % 2 and width % 2:
        half += 1
    return " " * half + s + " " * (n - half)


def zfill(x, width):
    from .text import repr_string
    if type(x) is str:
        s = x
    elif isinstance(x, Long):
        s = repr(x)
    else:
        s = repr_string(x) if type(x) is str else str(x)
    n = len(s)
    if n >= width:
        return s
    sign = ""
    if s[:1] in ("-", "+"):
        sign, s = s[0], s[1:]
    return sign + "0" * (width - n) + s


def expandtabs(s, tabsize=8):
    result = ""
    line = ""
    for c in s:
        if c == "\t":
            c = " " * (tabsize - len(line) % tabsize)
        line = line + c
        if c == "\n":
            result = result + line
            line = ""
    return result + line


def maketrans(fromstr, tostr):
    if len(fromstr) != len(tostr):
        raise ValueError("maketrans arguments must have same length")
    table = [chr(i) for i in range(256)]
    for a, b in zip(fromstr, tostr):
        table[ord(a)] = b
    return "".join(table)


def translate(s, table, deletions=""):
    if len(table) != 256:
        raise ValueError("translation table must be 256 characters long")
    return "".join(table[ord(c)] for c in s if c not in deletions)


def make_module(floats: bool, python27: bool = False) -> types.ModuleType:
    module = types.ModuleType("string")
    module.__file__ = "string.py"
    for name in ("atoi", "atol", "split", "find", "rfind", "index", "rindex", "count",
                 "replace", "strip", "lstrip", "rstrip", "upper", "lower", "swapcase",
                 "capitalize", "capwords", "ljust", "rjust", "center", "zfill", "expandtabs",
                 "maketrans", "translate"):
        setattr(module, name, globals()[name])
    module.splitfields = split
    module.join = module.joinfields = _joiner(sequences.items_27 if python27 else _words_152)
    if floats:
        module.atof = atof
        module.atof_error = ValueError
    module.atoi_error = ValueError
    module.atol_error = ValueError
    module.index_error = ValueError
    module.whitespace = WHITESPACE
    module.lowercase = LOWERCASE
    module.uppercase = UPPERCASE
    module.letters = LOWERCASE + UPPERCASE
    module.digits = DIGITS
    module.hexdigits = DIGITS + "abcdefABCDEF"
    module.octdigits = "01234567"
    return module
