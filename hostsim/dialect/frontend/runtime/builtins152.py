"""The builtins a translated script sees: 1.5.2's names only (2.7's for python27),
plus the ``_r_`` helpers that translated code calls."""
import builtins
import sys
import types

from . import exceptions as exc_mod
from . import sequences, stringmod
from .numbers import (
    INT_MAX,
    INT_MIN,
    Long,
    Long27,
    hex152,
    oct152,
    overflow,
    overflow_multiplication,
    round152,
    wrap,
)
from .typenames import OldClass, TypeObject, compare_any, is_class, type_of

HELPER_PREFIX = "_r_"
NO_ITEM = object()


def _check_int_arg(value, what):
    if not isinstance(value, int):
        raise TypeError("%s requires integer arguments" % what) if what else TypeError(
            "an integer is required")
    return value


def make_builtins(program) -> dict:
    """The ``__builtins__`` dict of every module of ``program``."""
    profile = program.profile
    python27 = profile.python27
    renderer = program.renderer
    arithmetic = program.arithmetic
    methods = program.methods
    long_type = Long27 if python27 else Long
    table = {}

    def truth(value):
        return value if python27 else int(value)

    # -- numbers -------------------------------------------------------------------
    def int_(*args):
        if len(args) != 1:
            if python27 and len(args) == 2:
                return arithmetic.promote(stringmod.parse_int(args[0], args[1], "int"))
            raise TypeError("int requires exactly 1 argument; %d given" % len(args))
        value = args[0]
        if type(value) is str:
            result = stringmod.parse_int(value, 10, "int")
            if not INT_MIN <= result <= INT_MAX:
                if python27:
                    return long_type(result)
                raise ValueError("int() literal too large: %s" % value)
            return result
        if isinstance(value, (int, float)):
            return arithmetic.int_of(value)
        method = getattr(value, "__int__", None)
        if method is None:
            raise TypeError("object can't be converted to int")
        return method()

    def long_(value, *base):
        if type(value) is str:
            return long_type(stringmod.parse_int(value.rstrip("lL") if python27 else value,
                                                 base[0] if base else 10, "long"))
        if type(value) is float:
            return long_type(int(value))
        return long_type(value)

    def float_(value=0.0):
        if type(value) is str:
            return stringmod.parse_float(value, "float")
        return float(value)

    def coerce(a, b):
        if type(a) is type(b):
            return a, b
        if type(a) is float or type(b) is float:
            return float(a), float(b)
        if isinstance(a, int) and isinstance(b, int):
            kind = type(a) if isinstance(a, Long) else type(b)
            return kind(a), kind(b)
        method = getattr(a, "__coerce__", None)
        if method is not None:
            result = method(b)
            if result is not None:
                return result
        raise TypeError("number coercion failed")

    def chr_(code):
        _check_int_arg(code, "")
        if not 0 <= code <= 255:
            raise ValueError("chr() arg not in range(256)")
        return chr(code)

    def ord_(char):
        if type(char) is not str or len(char) != 1:
            raise TypeError("ord() expected a character" if python27 else
                            "ord, argument 1: expected char, string found")
        return ord(char)

    def range_(*args):
        for arg in args:
            if not isinstance(arg, int):
                raise TypeError("range() requires integer arguments" if not python27
                                else "range() integer end argument expected, got %s."
                                % type(arg).__name__)
        if len(args) == 3 and args[2] == 0:
            raise ValueError("zero step for range()" if not python27
                             else "range() step argument must not be zero")
        return list(range(*args))

    def xrange_(*args):
        if len(args) == 3 and args[2] == 0:
            raise ValueError("zero step for xrange()")
        return range(*args)

    # -- sequences (what counts as one: runtime/sequences.py) ------------------------
    def one_argument(name, args):
        if len(args) != 1:
            raise TypeError("%s requires exactly 1 argument; %d given" % (name, len(args)))
        return args[0]

    def at_most_one_argument(name, args):
        if len(args) > 1:
            raise TypeError("%s() takes at most 1 argument (%d given)" % (name, len(args)))
        return args[0] if args else ()

    if python27:
        def list_(*args):
            return list(sequences.items_27(at_most_one_argument("list", args)))

        def tuple_(*args):
            return tuple(sequences.items_27(at_most_one_argument("tuple", args)))

        def map_items(sequence, position):
            try:
                return iter(sequences.items_27(sequence))
            except TypeError:
                raise TypeError("argument %d to map() must support iteration" % position) \
                    from None

        def filter_items(sequence):
            return sequences.items_27(sequence)

        def reduce_items(sequence):
            try:
                return iter(sequences.items_27(sequence))
            except TypeError:
                raise TypeError("reduce() arg 2 must support iteration") from None

        def extreme_items(name, args):
            if not args:
                raise TypeError("%s expected 1 arguments, got 0" % name)
            return sequences.items_27(args[0]) if len(args) == 1 else args

        # the builtins 1.5.2 lacks that iterate: a dict in its table's order
        def zip_(*iterables):
            return list(zip(*map(sequences.items_27, iterables)))

        def enumerate_(iterable, start=0):
            return enumerate(sequences.loop_27(iterable), start)

        def sorted_(iterable, *args, **kwargs):
            return sorted(sequences.items_27(iterable), *args, **kwargs)

        def iter_(value, *sentinel):
            return iter(value, *sentinel) if sentinel else iter(sequences.loop_27(value))
    else:
        def list_(*args):
            return list(sequences.items_152(one_argument("list", args),
                                            "list() argument must be a sequence", True))

        def tuple_(*args):
            return tuple(sequences.items_152(one_argument("tuple", args),
                                             "tuple() argument must be a sequence", True))

        def map_items(sequence, position):
            return sequences.items_152(
                sequence, "argument %d to map() must be a sequence object" % position, True)

        def filter_items(sequence):
            return sequences.items_152(
                sequence, "argument 2 to filter() must be a sequence type", True)

        def reduce_items(sequence):
            return iter(sequences.items_152(
                sequence, "2nd argument to reduce() must be a sequence object"))

        def extreme_items(name, args):
            if not args:
                raise TypeError("min/max requires exactly 1 argument; 0 given")
            if len(args) > 1:
                return args
            return sequences.items_152(args[0], "min() or max() of non-sequence")

    def map_(func, *seqs):
        """The sequences read in step, the short ones padded with None."""
        if not seqs:
            raise TypeError("map() requires at least two args")
        if func is None and len(seqs) == 1:
            return list_(seqs[0])
        readers = [iter(map_items(sequence, position))
                   for position, sequence in enumerate(seqs, 2)]
        if len(readers) == 1:
            return list(map(func, readers[0]))
        result = []
        while True:
            row = [next(reader, NO_ITEM) for reader in readers]
            if all(item is NO_ITEM for item in row):
                return result
            row = [None if item is NO_ITEM else item for item in row]
            result.append(tuple(row) if func is None else func(*row))

    def filter_(func, sequence):
        if type(sequence) is str or type(sequence) is tuple:
            kept = [item for item in sequence if (func(item) if func is not None else item)]
            return "".join(kept) if type(sequence) is str else tuple(kept)
        return [item for item in filter_items(sequence)
                if (func(item) if func is not None else item)]

    def reduce_(func, sequence, *initial):
        items = reduce_items(sequence)
        value = initial[0] if initial else next(items, NO_ITEM)
        if value is NO_ITEM:
            raise TypeError("reduce of empty sequence with no initial value" if not python27
                            else "reduce() of empty sequence with no initial value")
        for item in items:
            value = func(value, item)
        return value

    def extreme(sign, name):
        def pick(*args, **kwargs):
            key = kwargs.get("key") if python27 else None
            best = NO_ITEM
            for item in extreme_items(name, args):
                if best is NO_ITEM:
                    best = item
                    continue
                a, b = (key(item), key(best)) if key else (item, best)
                if sign * compare_any(a, b) > 0:
                    best = item
            if best is NO_ITEM:
                raise ValueError("min() or max() of empty sequence" if not python27
                                 else "%s() arg is an empty sequence" % name)
            return best
        return pick

    def len_(value):
        try:
            return len(value)
        except TypeError:
            raise TypeError("len() of unsized object") from None

    def apply(func, args=(), kwargs=None):
        if type(args) is not tuple:
            raise TypeError("apply() 2nd argument must be tuple" if not python27
                            else "apply() arg 2 expected sequence")
        return func(*args, **(kwargs or {}))

    def cmp(a, b):
        return compare_any(a, b)

    # -- objects -------------------------------------------------------------------
    def isinstance_(obj, cls):
        if isinstance(cls, TypeObject):
            return truth(type_of(obj) is cls)
        if type(cls) is tuple and python27:
            return any(isinstance_(obj, c) for c in cls)
        if not (is_class(cls) or (python27 and isinstance(cls, type))):
            raise TypeError("second argument must be a class")
        if isinstance(obj, exc_mod.Raised):
            obj = obj.value152
        return truth(isinstance(obj, cls))

    def issubclass_(cls, base):
        if not (is_class(cls) and is_class(base)) and not python27:
            raise TypeError("arguments must be classes")
        if base is exc_mod.StandardError and cls.__module__ == "builtins":
            return truth(issubclass(cls, builtins.Exception))
        return truth(issubclass(cls, base))

    def getattr_(obj, name, *default):
        try:
            return methods.getattr(obj, name)
        except AttributeError:
            if default:
                return default[0]
            raise

    def hasattr_(obj, name):
        return truth(methods.has(obj, name))

    def callable_(obj):
        return truth(callable(obj))

    def dir_(*args):
        if not args:
            names = sys._getframe(1).f_locals.keys()
        else:
            obj = args[0]
            if isinstance(obj, type) and isinstance(obj, OldClass):
                names = [n for n in obj.__dict__ if n not in ("__dict__", "__weakref__",
                                                             "__qualname__")]
            elif hasattr(obj, "__dict__"):
                names = list(vars(obj).keys())
            else:
                names = []
        shown = [n[len(exc_mod.KEYWORD_PREFIX):] if n.startswith(exc_mod.KEYWORD_PREFIX) else n
                 for n in names]
        return sorted(n for n in shown if not n.startswith(HELPER_PREFIX))

    def vars_(*args):
        if args:
            return vars(args[0])
        return sys._getframe(1).f_locals

    def raw_input(prompt=""):
        program.printer.flush_line()
        if prompt:
            program.sys.stdout.write(prompt)
        line = program.sys.stdin.readline()
        if not line:
            raise EOFError("EOF when reading a line")
        return line[:-1] if line.endswith("\n") else line

    def input_(prompt=""):
        return eval_(raw_input(prompt), sys._getframe(1).f_globals, sys._getframe(1).f_locals)

    def eval_(source, globals_=None, locals_=None):
        frame = sys._getframe(1)
        if globals_ is None:
            globals_, locals_ = frame.f_globals, frame.f_locals
        elif locals_ is None:
            locals_ = globals_
        code = source if not isinstance(source, str) else program.compile_for_script(
            source, "<string>", "eval")
        globals_.setdefault("__builtins__", table)
        return eval(code, globals_, locals_)

    def compile_(source, filename, kind):
        if kind not in ("exec", "eval", "single"):
            raise ValueError("compile() arg 3 must be 'exec' or 'eval' or 'single'")
        return program.compile_for_script(source, filename, "exec" if kind == "single" else kind)

    def execfile(filename, globals_=None, locals_=None):
        frame = sys._getframe(1)
        if globals_ is None:
            globals_, locals_ = frame.f_globals, frame.f_locals
        source = program.read_file(filename)
        code = program.compile_for_script(source, filename, "exec", named_file=True)
        globals_.setdefault("__builtins__", table)
        exec(code, globals_, locals_ if locals_ is not None else globals_)

    def exec_(code, globals_, locals_=None):
        if isinstance(code, str):
            code = program.compile_for_script(code, "<string>", "exec")
        elif hasattr(code, "read"):
            code = program.compile_for_script(code.read(), "<string>", "exec")
        if locals_ is None:
            locals_ = globals_
        globals_.setdefault("__builtins__", table)
        exec(code, globals_, locals_)

    def reload(module):
        return program.importer.reload(module)

    def open_(name, mode="r", buffering=-1):
        return program.open_file(name, mode)

    def repr_(value):
        return renderer.repr(value)

    def str_(value=""):
        return renderer.str(value)

    def in_(item, container):
        t = type(container)
        if t is str:
            if type(item) is not str or len(item) != 1:
                raise TypeError("string member test needs char left operand")
            return item in container
        if t is list or t is tuple or t is range:
            return item in container
        if t is dict or not (hasattr(container, "__getitem__") or hasattr(container, "__contains__")):
            raise TypeError("'in' or 'not in' needs sequence right argument")
        return item in container

    def badslice(obj):
        raise TypeError("sequence index must be integer")

    def nofloat(text):
        raise ValueError("float %s: this module has no floating point (profile %s, floats off)"
                         % (text, profile.name))

    def mod(a, b):
        if type(a) is str:
            return renderer.format(a, b)
        return arithmetic.mod(a, b)

    def fmt(a, b):
        if type(a) is str:
            return renderer.format(a, b)
        return arithmetic.mod(a, b)

    def reraise():
        if program.last_exception is None:
            raise TypeError("exceptions must be strings, classes, or instances")
        return program.last_exception

    table.update(exc_mod.exception_classes(python27))
    table.update({
        "__name__": "__builtin__", "__doc__": None, "__debug__": 1, "None": None,
        "Ellipsis": Ellipsis, "__import__": program.importer.import_hook,
        "abs": arithmetic.neg_abs, "apply": apply, "callable": callable_, "chr": chr_,
        "cmp": cmp, "coerce": coerce, "compile": compile_, "complex": complex,
        "delattr": delattr, "dir": dir_, "divmod": arithmetic.divmod, "eval": eval_,
        "execfile": execfile, "exit": stdmods_exit_message(), "filter": filter_,
        "getattr": getattr_, "globals": builtins.globals, "hasattr": hasattr_, "hash": hash,
        "hex": hex152, "id": id, "input": input_, "int": int_, "intern": sys.intern,
        "isinstance": isinstance_, "issubclass": issubclass_, "len": len_, "list": list_,
        "locals": builtins.locals, "long": long_, "map": map_, "max": extreme(1, "max"),
        "min": extreme(-1, "min"), "oct": oct152, "open": open_, "ord": ord_,
        "pow": arithmetic.pow, "quit": stdmods_exit_message(), "range": range_,
        "raw_input": raw_input, "reduce": reduce_, "reload": reload, "repr": repr_,
        "setattr": setattr, "slice": slice, "str": str_, "tuple": tuple_, "type": type_of,
        "vars": vars_, "xrange": xrange_,
    })
    if profile.floats:
        table["float"] = float_
        table["round"] = round152
    if python27:
        table.update({
            "_r_kw_True": True, "_r_kw_False": False, "bool": bool, "object": object,
            "zip": zip_, "enumerate": enumerate_, "sorted": sorted_, "sum": sum, "reversed": reversed, "set": set, "frozenset": frozenset, "any": any,
            "all": all, "iter": iter_, "next": next, "dict": dict, "unicode": str,
            "basestring": str, "file": open_, "super": super, "property": property,
            "staticmethod": staticmethod, "classmethod": classmethod, "unichr": chr,
            "bin": bin, "format": format, "bytearray": bytearray, "bytes": str,
            "memoryview": memoryview,
        })
    for name, value in table.items():
        if isinstance(value, types.FunctionType):
            value.__name__ = name
            value._r_builtin = True
    table["__build_class__"] = builtins.__build_class__
    helpers = {
        "ovf": overflow if not python27 else arithmetic.promote,
        "wrap": wrap if not python27 else arithmetic.promote,
        "ovfm": overflow_multiplication,
        "div": arithmetic.div, "pow": arithmetic.pow, "mod": mod, "fmt": fmt, "in": in_,
        "repr": repr_, "pr": program.printer.item, "nl": program.printer.newline,
        "exec": exec_, "globals": builtins.globals, "locals": builtins.locals,
        "import": program.importer.import_module, "from": program.importer.import_from,
        "star": program.importer.import_star, "m": program.except_matches,
        "any": program.except_any, "ev": program.except_value,
        "B": BaseException,
        "mk": exc_mod.make_exception, "cmp": compare_any, "type": type, "int": int, "reraise": reraise, "ga": methods.get,
        "L": long_type, "OldClass": OldClass, "badslice": badslice, "nofloat": nofloat,
        "loop": sequences.loop_27 if python27 else sequences.loop_152,
        "unpack": sequences.unpack_27 if python27 else sequences.unpack_152,
        "loopn": sequences.loop_unpacking_27 if python27 else sequences.loop_unpacking_152,
    }
    for name, value in helpers.items():
        table[HELPER_PREFIX + name] = value
    return table


def stdmods_exit_message() -> str:
    from .stdmods import EXIT_MESSAGE
    return EXIT_MESSAGE


