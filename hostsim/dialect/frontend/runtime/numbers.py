"""Numbers as a 32-bit CPython 1.5.2 has them.

Plain ints are Python ints kept within 32 bits by the translated code (an inline
range check that calls :func:`overflow` or :func:`promote` only when a result
leaves the range); ``long`` is :class:`Long`, an int subclass that keeps its
type through arithmetic and prints with its ``L``.
"""
import math

INT_MIN = -2147483648
INT_MAX = 2147483647
INT_SPAN = 1 << 32
FLOAT_DIGITS = 12


class Long(int):
    """1.5.2's long integer: unbounded, ``str`` and ``repr`` end with ``L``."""

    __slots__ = ()
    str_suffix = "L"

    def __repr__(self):
        return int.__repr__(self) + "L"

    def __str__(self):
        return int.__repr__(self) + self.str_suffix


class Long27(Long):
    """2.7's long: ``repr`` ends with ``L``, ``str`` does not."""

    __slots__ = ()
    str_suffix = ""


def _wrap_binary(name):
    method = getattr(int, name)

    def op(self, other):
        if type(other) is float or type(other) is complex:
            return NotImplemented
        result = method(self, other)
        if result is NotImplemented:
            return result
        if type(result) is tuple:
            return tuple(type(self)(r) for r in result)
        return type(self)(result)
    op.__name__ = name
    return op


def _wrap_unary(name):
    method = getattr(int, name)

    def op(self):
        return type(self)(method(self))
    op.__name__ = name
    return op


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
              "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__divmod__",
              "__rdivmod__", "__lshift__", "__rlshift__", "__rshift__", "__rrshift__",
              "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__"):
    setattr(Long, _name, _wrap_binary(_name))
for _name in ("__neg__", "__pos__", "__abs__", "__invert__"):
    setattr(Long, _name, _wrap_unary(_name))


def _long_pow(self, other, modulo=None):
    if type(other) is float:
        return NotImplemented
    if other < 0:
        raise ValueError("long integer to the negative power")
    return type(self)(pow(int(self), int(other)) if modulo is None
                      else pow(int(self), int(other), int(modulo)))


def _long_rpow(self, other):
    if type(other) is float:
        return NotImplemented
    return _long_pow(type(self)(other), self)


Long.__pow__ = _long_pow
Long.__rpow__ = _long_rpow


def is_integer(value) -> bool:
    """True for ints and longs (bools included: 1.5.2 has no bool)."""
    return isinstance(value, int)


def overflow(value, what, magnitude=0):
    """The slow path of an inline 32-bit check: raise for a plain int out of range
    (with ``magnitude``, -2**31 too: 1.5.2 multiplies magnitudes)."""
    if type(value) is int and not (INT_MIN + magnitude) <= value <= INT_MAX:
        raise OverflowError(what)
    return value


def overflow_multiplication(product, left):
    """The slow path of ``*``: 1.5.2 allows -2**31 only as -2**31 * 1 or 1 * -2**31."""
    if type(product) is int and not (INT_MIN < product <= INT_MAX or (
            product == INT_MIN and left in (1, INT_MIN))):
        raise OverflowError("integer multiplication")
    return product


def wrap(value):
    """The slow path of ``<<``: plain ints wrap to 32 bits (1.5.2 never overflows a shift)."""
    if type(value) is int:
        return ((value - INT_MIN) % INT_SPAN) + INT_MIN
    return value


def _c_div(a: int, b: int) -> int:
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b >= 0) else -quotient


def divmod_32(x: int, y: int):
    """1.5.2's ``i_divmod`` in 32-bit C arithmetic (differs from floor division
    only when an operand is -2**31, where C's negation overflows)."""
    if y < 0:
        if x < 0:
            if y == -1 and wrap(-x) < 0:
                return x, 0
            quotient = _c_div(wrap(-x), wrap(-y))
        else:
            quotient = wrap(-_c_div(x, wrap(-y)))
    elif x < 0:
        quotient = wrap(-_c_div(wrap(-x), y))
    else:
        quotient = _c_div(x, y)
    remainder = wrap(x - wrap(quotient * y))
    if (remainder < 0 < y) or (remainder > 0 > y):
        remainder = wrap(remainder + y)
        quotient = wrap(quotient - 1)
    return quotient, remainder


def make_promote(long_type):
    """2.7: an int result past 32 bits becomes a long."""
    def promote(value, what=None, magnitude=0):
        if type(value) is int and not INT_MIN <= value <= INT_MAX:
            return long_type(value)
        return value
    return promote


def check_int(value, what):
    """A 1.5.2 int result: raise OverflowError(what) unless it fits in 32 bits."""
    if not INT_MIN <= value <= INT_MAX:
        raise OverflowError(what)
    return value


def _coerced(a, b):
    """Apply an old-style instance's ``__coerce__`` (1.5.2 numeric coercion)."""
    coerce = getattr(a, "__coerce__", None)
    if coerce is not None and not is_integer(a) and type(a) is not float:
        pair = coerce(b)
        if pair is not None:
            return pair
    return a, b


class Arithmetic:
    """The operators that are functions in translated code (``/``, ``**``, ``divmod``...).

    ``strict`` is 1.5.2 (overflow raises); otherwise (2.7) results past 32 bits
    become ``long_type``.
    """

    def __init__(self, strict: bool, long_type=Long):
        self.strict = strict
        self.long_type = long_type
        self.promote = make_promote(long_type)

    def _int_result(self, value, what):
        if self.strict:
            return check_int(value, what)
        return self.promote(value)

    def div(self, a, b):
        ta, tb = type(a), type(b)
        if (ta is int or ta is bool) and (tb is int or tb is bool):
            if b == 0:
                raise ZeroDivisionError("integer division or modulo")
            if self.strict and (a == INT_MIN or b == INT_MIN):
                return divmod_32(a, b)[0]
            return a // b if self.strict else self.promote(a // b)
        if is_integer(a) and is_integer(b):
            if b == 0:
                raise ZeroDivisionError("long division or modulo")
            long_type = ta if issubclass(ta, Long) else tb
            return long_type(int(a) // int(b))
        if (ta is float or is_integer(a)) and (tb is float or is_integer(b)):
            if b == 0:
                raise ZeroDivisionError("float division")
            return a / b
        a, b = _coerced(a, b)
        div = getattr(a, "__div__", None)
        if div is not None and not isinstance(a, (int, float)):
            return div(b)
        rdiv = getattr(b, "__rdiv__", None)
        if rdiv is not None and not isinstance(b, (int, float)):
            return rdiv(a)
        if type(a) is complex or type(b) is complex:
            return a / b
        raise TypeError("bad operand type(s) for /")

    def mod(self, a, b):
        """``%`` on numbers (strings are formatted before this is reached)."""
        if is_integer(a) and is_integer(b):
            if b == 0:
                raise ZeroDivisionError("integer division or modulo")
            if self.strict and type(a) is int and type(b) is int and (a == INT_MIN or b == INT_MIN):
                return divmod_32(a, b)[1]
            return a % b
        if (type(a) is float or is_integer(a)) and (type(b) is float or is_integer(b)):
            if b == 0:
                raise ZeroDivisionError("float modulo")
            return a % b
        a, b = _coerced(a, b)
        return a % b

    def divmod(self, a, b):
        if type(a) is int and type(b) is int:
            if b == 0:
                raise ZeroDivisionError("integer division or modulo")
            if self.strict:
                return divmod_32(a, b)
            q, r = divmod(a, b)
            return self.promote(q), r
        if is_integer(a) and is_integer(b) or type(a) is float or type(b) is float:
            if b == 0:
                raise ZeroDivisionError("float divmod()" if type(a) is float or type(b) is float
                                        else "long division or modulo")
        return divmod(a, b)

    def pow(self, a, b, modulo=None):
        if type(a) is int and type(b) is int:
            if b < 0:
                raise ValueError("integer to the negative power")
            if modulo is not None:
                if modulo == 0:
                    raise ValueError("pow(x, y, z) with z==0")
                return pow(a, b, modulo)
            if self.strict:
                if a not in (0, 1, -1) and b > 64:
                    raise OverflowError("integer pow()")
                return check_int(a ** b, "integer pow()")
            if a not in (0, 1, -1) and b > 64:
                return self.long_type(a ** b)
            return self.promote(a ** b)
        if type(a) is float or type(b) is float:
            if a < 0 and b != int(b):
                raise ValueError("negative number to a float power")
            if a == 0 and b < 0:
                raise ZeroDivisionError("0.0 to a negative power")
        if modulo is None:
            return a ** b
        return pow(a, b, modulo)

    def neg_abs(self, value):
        """``abs()``: abs(-2**31) overflows on 1.5.2."""
        result = abs(value)
        if type(result) is int:
            return self._int_result(result, "integer negation")
        return result

    def int_of(self, value):
        """``int(x)`` for numbers."""
        if type(value) is float:
            if value != value or value in (float("inf"), float("-inf")):
                raise OverflowError("float too large to convert")
            result = int(value)
            if self.strict and not INT_MIN <= result <= INT_MAX:
                raise OverflowError("float too large to convert")
            return self.promote(result) if not self.strict else result
        if isinstance(value, Long):
            result = int(value)
            if not INT_MIN <= result <= INT_MAX:
                if self.strict:
                    raise OverflowError("long int too long to convert")
                return value
            return result
        return int(value)


def hex152(value) -> str:
    """``hex()``: plain ints as 32-bit unsigned, longs uppercase with ``L``."""
    if isinstance(value, Long):
        text = "%X" % abs(int(value))
        return ("-" if value < 0 else "") + "0x" + text + "L"
    if not isinstance(value, int):
        raise TypeError("hex() argument can't be converted to hex")
    return "0x%x" % (value % INT_SPAN)


def oct152(value) -> str:
    """``oct()``: plain ints as 32-bit unsigned with a leading 0, longs with ``L``."""
    if isinstance(value, Long):
        text = "%o" % abs(int(value))
        return ("-" if value < 0 else "") + "0" + text + "L"
    if not isinstance(value, int):
        raise TypeError("oct() argument can't be converted to oct")
    value %= INT_SPAN
    return "0" if value == 0 else "0%o" % value


def float_str(value: float, digits: int = FLOAT_DIGITS) -> str:
    """1.5.2's float formatting: ``%.12g``, with ``.0`` added to a bare integer."""
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    text = "%.*g" % (digits, value)
    for char in text:
        if char not in "0123456789-":
            return text
    return text + ".0"


def round152(value, ndigits=0):
    """1.5.2's ``round``: half away from zero, always a float."""
    value = float(value)
    scale = 10.0 ** ndigits
    scaled = value * scale if ndigits >= 0 else value / (10.0 ** -ndigits)
    rounded = math.floor(scaled + 0.5) if scaled >= 0 else math.ceil(scaled - 0.5)
    return rounded / scale if ndigits >= 0 else rounded * (10.0 ** -ndigits)
