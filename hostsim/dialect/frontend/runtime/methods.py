"""Methods whose behaviour depends on the object's type (the ``_r_ga`` helper).

Translated code reads the attributes named in ``translator.DICT_LIST_ATTRIBUTES``
and the string method names through :meth:`Methods.get`: a dict's ``keys()``,
``values()`` and ``items()`` return lists in the interpreter's hash-table order
(:mod:`.dictorder`), ``has_key`` exists, ``list.sort`` takes a comparison function,
``list.insert`` with a negative index inserts at the front, and strings have
methods only in the profiles that have them.
"""
from . import dictorder
from .typenames import sort_values

#: The string methods of Python 2.0, which Telit's 1.5.2+ backports.
STRING_METHODS_20 = frozenset((
    "capitalize", "center", "count", "endswith", "expandtabs", "find", "index", "isalnum",
    "isalpha", "isdigit", "islower", "isspace", "istitle", "isupper", "join", "ljust",
    "lower", "lstrip", "replace", "rfind", "rindex", "rjust", "rstrip", "split",
    "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper",
))
STRING_METHODS_27 = STRING_METHODS_20 | frozenset((
    "zfill", "partition", "rpartition", "rsplit", "format", "decode", "encode",
))
_DICT_MISSING_152 = frozenset(("pop", "setdefault", "popitem", "fromkeys", "iterkeys",
                               "itervalues", "iteritems"))
_LIST_MISSING_152 = frozenset(("copy", "clear"))


def _translate(text: str):
    def translate(table, deletechars=""):
        if deletechars:
            text_kept = "".join(c for c in text if c not in deletechars)
        else:
            text_kept = text
        if table is None:
            return text_kept
        if len(table) != 256:
            raise ValueError("translation table must be 256 characters long")
        return "".join(table[ord(c)] for c in text_kept)
    return translate


def _dict_method(obj: dict, name: str, python27: bool):
    if name == "keys":
        return lambda: dictorder.keys(obj, python27)
    if name == "values":
        return lambda: dictorder.values(obj, python27)
    if name == "items":
        return lambda: dictorder.items(obj, python27)
    if name == "has_key":
        return lambda key: int(key in obj) if not python27 else key in obj
    if python27:
        if name == "iterkeys":
            return lambda: iter(dictorder.keys(obj, python27))
        if name == "itervalues":
            return lambda: iter(dictorder.values(obj, python27))
        if name == "iteritems":
            return lambda: iter(dictorder.items(obj, python27))
    elif name in _DICT_MISSING_152:
        raise AttributeError(name)
    return getattr(obj, name)


def _list_method(obj: list, name: str, python27: bool):
    if name == "sort":
        def sort(*args, **kwargs):
            if kwargs and not python27:
                raise TypeError("this function takes no keyword arguments")
            if python27 and kwargs:
                cmpfunc = kwargs.pop("cmp", None)
                if cmpfunc is None:
                    obj.sort(**kwargs)
                    return None
                import functools
                obj.sort(key=functools.cmp_to_key(cmpfunc), **kwargs)
                return None
            if len(args) > 1:
                raise TypeError("sort() takes at most 1 argument (%d given)" % len(args))
            sort_values(obj, args[0] if args else None)
            return None
        return sort
    if python27:
        return getattr(obj, name)
    if name == "insert":
        def insert(index, item):
            if index < 0:
                index = 0
            obj.insert(index, item)
        return insert
    if name == "extend":
        def extend(other):
            if type(other) is not list:
                raise TypeError("list.extend() argument must be a list")
            obj.extend(other)
        return extend
    if name == "index":
        def index(item):
            try:
                return obj.index(item)
            except ValueError:
                raise ValueError("list.index(x): x not in list") from None
        return index
    if name in _LIST_MISSING_152:
        raise AttributeError(name)
    return getattr(obj, name)


class Methods:
    """Attribute access for the names whose meaning depends on the object's type."""

    def __init__(self, string_methods: bool, python27: bool) -> None:
        self.python27 = python27
        self.string_names = (STRING_METHODS_27 if python27 else STRING_METHODS_20) \
            if string_methods else frozenset()

    def get(self, obj, name: str):
        t = type(obj)
        if t is str:
            return self.string_attribute(obj, name)
        if t is dict:
            return _dict_method(obj, name, self.python27)
        if t is list:
            return _list_method(obj, name, self.python27)
        return getattr(obj, name)

    def string_attribute(self, obj: str, name: str):
        if name not in self.string_names:
            raise AttributeError("'string' object has no attribute '%s'" % name)
        if name == "translate":
            return _translate(obj)
        if name == "zfill":
            return lambda width: _zfill(obj, width)
        return getattr(obj, name)

    def has(self, obj, name: str) -> bool:
        try:
            self.getattr(obj, name)
        except AttributeError:
            return False
        return True

    def getattr(self, obj, name: str):
        """``getattr(obj, name)`` as the script's interpreter answers it."""
        t = type(obj)
        if t is str or t is dict or t is list:
            if t is str:
                return self.string_attribute(obj, name)
            return self.get(obj, name)
        return getattr(obj, name)


def _zfill(text: str, width: int) -> str:
    if len(text) >= width:
        return text
    sign = ""
    if text[:1] in "+-" and text:
        sign, text = text[0], text[1:]
    return sign + "0" * (width - len(text) - len(sign)) + text
