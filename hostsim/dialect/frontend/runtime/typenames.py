"""1.5.2's view of types: ``type(x)`` objects, their names, and old-style classes.

Scripts' classes are Python 3 classes made by :class:`OldClass`, a metaclass
that maps the old protocol onto the new one once, at class creation
(``__cmp__``, ``__nonzero__``, ``__div__``, ``__getslice__``, ``__coerce__``),
so instances cost nothing extra when used.
"""
import builtins
import functools
import types

from .numbers import Long


class TypeObject:
    """What ``type(x)`` returns: compared by identity, printed ``<type 'name'>``."""

    def __init__(self, name: str) -> None:
        self.__name__ = name

    def __repr__(self) -> str:
        return "<type '%s'>" % self.__name__


_TYPE_NAMES = {
    int: "int", bool: "int", Long: "long int", float: "float", complex: "complex",
    str: "string", list: "list", tuple: "tuple", dict: "dictionary",
    type(None): "None", types.FunctionType: "function", types.LambdaType: "function",
    types.BuiltinFunctionType: "builtin_function_or_method", types.ModuleType: "module",
    types.MethodType: "instance method", types.CodeType: "code", range: "xrange",
    slice: "slice", type(Ellipsis): "ellipsis", types.FrameType: "frame",
    types.TracebackType: "traceback",
}
TYPES = {}
for _name in sorted(set(_TYPE_NAMES.values())) + ["instance", "class", "file", "type"]:
    TYPES[_name] = TypeObject(_name)
# Values whose type no special case of type_name() can take: type() looks them up.
_PLAIN_TYPES = {kind: TYPES[_TYPE_NAMES[kind]]
                for kind in (int, bool, float, complex, str, list, tuple, dict, type(None))}


class OldClass(type):
    """The metaclass of every class a script defines (1.5.2 has only old-style classes)."""

    def __new__(mcs, name, bases, namespace):
        namespace = dict(namespace)
        _map_old_protocol(namespace)
        if not any(isinstance(base, type) and issubclass(base, BaseException) for base in bases):
            bases = tuple(bases) if any(isinstance(b, OldClass) for b in bases) \
                else tuple(bases) + (OldInstance,)
        return super().__new__(mcs, name, bases, namespace)

    def __repr__(cls):
        return "<class %s at %x>" % (class_name(cls), id(cls) & 0xFFFFFFF)

    def __str__(cls):
        return class_name(cls)


def class_name(cls) -> str:
    module = cls.__dict__.get("__module__", None) or getattr(cls, "__module__", "?")
    if module == "builtins":
        module = "exceptions"
    return "%s.%s" % (module, cls.__name__)


def _compare_by_cmp(op):
    def compare(self, other):
        result = self.__cmp__(other)
        if result is NotImplemented:
            return NotImplemented
        return op(result, 0)
    return compare


def _map_old_protocol(ns) -> None:
    """Give the 1.5.2 special methods their Python 3 names, in a class namespace."""
    if "__cmp__" in ns:
        import operator
        for new, op in (("__eq__", operator.eq), ("__ne__", operator.ne), ("__lt__", operator.lt),
                        ("__le__", operator.le), ("__gt__", operator.gt), ("__ge__", operator.ge)):
            ns.setdefault(new, _compare_by_cmp(op))
        ns.setdefault("__hash__", object.__hash__)
    if "__nonzero__" in ns:
        ns.setdefault("__bool__", lambda self: bool(self.__nonzero__()))
    for old, new in (("__div__", "__truediv__"), ("__rdiv__", "__rtruediv__")):
        if old in ns:
            ns.setdefault(new, ns[old])
    if "__getslice__" in ns:
        ns["__getitem__"] = _slicing(ns.get("__getitem__"), ns["__getslice__"])
    if "__setslice__" in ns:
        ns["__setitem__"] = _slicing(ns.get("__setitem__"), ns["__setslice__"], extra=True)
    if "__delslice__" in ns:
        ns["__delitem__"] = _slicing(ns.get("__delitem__"), ns["__delslice__"])
    if "__coerce__" in ns:
        for op in ("add", "sub", "mul", "truediv", "mod", "and", "or", "xor", "lshift",
                   "rshift"):
            method = "__%s__" % op
            if method in ns:
                ns[method] = _coerce_first(ns[method])


def _slicing(item_method, slice_method, extra=False):
    maxint = 2147483647

    if extra:
        def method(self, key, value):
            if type(key) is slice and key.step is None:
                return slice_method(self, _slice_bound(key.start, 0), _slice_bound(key.stop, maxint), value)
            if item_method is None:
                raise TypeError("object doesn't support item assignment")
            return item_method(self, key, value)
    else:
        def method(self, key):
            if type(key) is slice and key.step is None:
                return slice_method(self, _slice_bound(key.start, 0), _slice_bound(key.stop, maxint))
            if item_method is None:
                raise TypeError("unsubscriptable object")
            return item_method(self, key)
    return method


def _slice_bound(value, default):
    return default if value is None else value


def _coerce_first(method):
    """1.5.2 coerces an instance's operand with ``__coerce__`` before ``__add__`` & co."""
    def coerced(self, other):
        pair = self.__coerce__(other)
        if pair is None:
            return NotImplemented
        a, b = pair
        return method(a, b)
    return coerced


class OldInstance:
    """The base of scripts' classes: 1.5.2 compares instances without ``__cmp__`` by address."""

    def __lt__(self, other):
        return compare_any(self, other) < 0

    def __le__(self, other):
        return compare_any(self, other) <= 0

    def __gt__(self, other):
        return compare_any(self, other) > 0

    def __ge__(self, other):
        return compare_any(self, other) >= 0


def type_name(value) -> str:
    """1.5.2's name for the type of ``value`` (as in ``<type 'string'>``)."""
    if isinstance(value, (OldInstance, BaseException)):
        return "instance"
    if isinstance(value, type):
        return "class"
    if getattr(value, "_r_builtin", False):
        return "builtin_function_or_method"
    name = _TYPE_NAMES.get(type(value))
    if name is not None:
        return name
    if isinstance(value, Long):
        return "long int"
    if isinstance(value, TypeObject):
        return "type"
    if hasattr(value, "softspace") or hasattr(value, "readline"):
        return "file"
    if callable(value):
        return "builtin_function_or_method"
    return type(value).__name__


def type_of(value):
    """``type(x)`` for scripts."""
    plain = _PLAIN_TYPES.get(type(value))
    if plain is not None:
        return plain
    name = type_name(value)
    return TYPES.get(name) or TYPES.setdefault(name, TypeObject(name))


_NUMBER_TYPES = (int, float, complex)


def compare_any(a, b) -> int:
    """1.5.2's total order (``cmp``): numbers first, then other types by type name."""
    if a is b:
        return 0
    a_num = isinstance(a, _NUMBER_TYPES)
    b_num = isinstance(b, _NUMBER_TYPES)
    if a_num and b_num:
        return (a > b) - (a < b)
    cmp_method = getattr(type(a), "__cmp__", None) if isinstance(a, OldInstance) else None
    if cmp_method is not None:
        return cmp_method(a, b)
    cmp_method = getattr(type(b), "__cmp__", None) if isinstance(b, OldInstance) else None
    if cmp_method is not None:
        return -cmp_method(b, a)
    if a_num or b_num:
        return -1 if a_num else 1
    ta, tb = type_name(a), type_name(b)
    if ta != tb:
        return -1 if ta < tb else 1
    if ta == "string":
        if a == b:
            return 0
        for x, y in zip(a, b):
            if x != y:
                return ord(x) - ord(y)
        return len(a) - len(b)
    if ta in ("list", "tuple"):
        for x, y in zip(a, b):
            c = compare_any(x, y)
            if c:
                return c
        return len(a) - len(b)
    if ta == "instance" or ta == "class":
        return (id(a) > id(b)) - (id(a) < id(b))
    if ta == "dictionary":
        c = len(a) - len(b)
        if c:
            return c
        ka, kb = sort_values(list(a.keys())), sort_values(list(b.keys()))
        c = compare_any(ka, kb)
        if c:
            return c
        return compare_any([a[k] for k in ka], [b[k] for k in kb])
    try:
        return (a > b) - (a < b)
    except TypeError:
        return (id(a) > id(b)) - (id(a) < id(b))


def sort_values(values, cmpfunc=None):
    """Sort a list in place as 1.5.2's ``list.sort`` does (natively when the types allow)."""
    if cmpfunc is None:
        try:
            values.sort()
            return values
        except TypeError:
            cmpfunc = compare_any

    def checked(a, b):
        result = cmpfunc(a, b)
        if not isinstance(result, int):
            raise TypeError("comparison function must return int")
        return result
    values.sort(key=functools.cmp_to_key(checked))
    return values


def is_class(value) -> bool:
    return isinstance(value, type) and (isinstance(value, OldClass) or issubclass(value, BaseException))


def builtin_names():
    return builtins
