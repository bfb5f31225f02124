"""The standard modules a 1.5.2 script can import here: ``sys``, ``time``, ``math``,
``types``, ``exceptions`` (``string`` is :mod:`.stringmod`)."""
import math
import time as host_time
import types

from .numbers import INT_MAX
from .typenames import TYPES

VERSION_152 = "1.5.2 (#0, Apr 13 1999, 10:51:12)  [GCC 2.7.2.3]"
HEXVERSION_152 = 0x010502F0
VERSION_27 = "2.7.2 (default, Jun 12 2011, 15:08:59) [GCC 4.4.3]"
HEXVERSION_27 = 0x020702F0
EXIT_MESSAGE = "Use Ctrl-D (i.e. EOF) to exit."


def make_sys(program) -> types.ModuleType:
    """The script's ``sys``: its own streams, argv, modules, and exc_* state."""
    module = types.ModuleType("sys")
    python27 = program.profile.python27
    module.argv = []
    module.stdout = module.__stdout__ = program.stdout_file
    module.stderr = module.__stderr__ = program.stderr_file
    module.stdin = module.__stdin__ = program.stdin_file
    module.modules = program.modules
    module.path = [""]
    module.platform = "linux-i386" if not python27 else "linux2"
    module.version = VERSION_27 if python27 else VERSION_152
    module.hexversion = HEXVERSION_27 if python27 else HEXVERSION_152
    module.maxint = INT_MAX
    module.copyright = "Copyright 1991-1995 Stichting Mathematisch Centrum, Amsterdam"
    module.executable = "python"
    module.prefix = module.exec_prefix = "/usr/local"
    module.builtin_module_names = ("__builtin__", "__main__", "sys")
    module.exc_type = None
    module.exc_value = None
    module.exc_traceback = None

    def exit(status=None):
        raise SystemExit(status)

    module.exit = exit
    module.exc_info = program.exc_info
    module.getrefcount = lambda obj: 2
    module.setcheckinterval = lambda interval: None
    module.settrace = lambda func: None
    module.setprofile = lambda func: None
    if python27:
        module.maxsize = INT_MAX
        module.byteorder = "little"
        module.version_info = (2, 7, 2, "final", 0)
        module.getdefaultencoding = lambda: "ascii"
        module.exc_clear = program.exc_clear
    return module


def make_time(floats: bool) -> types.ModuleType:
    module = types.ModuleType("time")
    module.sleep = host_time.sleep
    module.timezone = 0
    module.altzone = 0
    module.daylight = 0
    module.tzname = ("UTC", "UTC")

    def as_tuple(value):
        return tuple(value)[:9]

    module.gmtime = lambda seconds=None: as_tuple(host_time.gmtime(seconds))
    module.localtime = lambda seconds=None: as_tuple(host_time.gmtime(seconds))
    module.asctime = lambda t=None: host_time.asctime(host_time.gmtime() if t is None else tuple(t))
    module.ctime = lambda seconds=None: host_time.asctime(host_time.gmtime(seconds))
    module.strftime = lambda fmt, t=None: host_time.strftime(fmt, host_time.gmtime()
                                                             if t is None else tuple(t))
    if floats:
        module.time = host_time.time
        module.clock = host_time.process_time
        module.mktime = lambda t: float(__import__("calendar").timegm(tuple(t)))
    else:
        module.time = lambda: int(host_time.time())
        module.mktime = lambda t: int(__import__("calendar").timegm(tuple(t)))
    return module


def make_math() -> types.ModuleType:
    module = types.ModuleType("math")
    for name in ("acos", "asin", "atan", "atan2", "ceil", "cos", "cosh", "exp", "fabs",
                 "floor", "fmod", "frexp", "hypot", "ldexp", "log", "log10", "modf",
                 "pow", "sin", "sinh", "sqrt", "tan", "tanh"):
        setattr(module, name, _float_function(getattr(math, name), name))
    module.pi = math.pi
    module.e = math.e
    return module


def _float_function(func, name):
    def call(*args):
        try:
            result = func(*[float(a) for a in args])
        except ValueError:
            raise OverflowError("math range error") if name == "exp" else \
                ValueError("math domain error") from None
        if name in ("ceil", "floor"):
            return float(result)
        return result
    call.__name__ = name
    return call


def make_types() -> types.ModuleType:
    module = types.ModuleType("types")
    names = {
        "NoneType": "None", "IntType": "int", "LongType": "long int", "FloatType": "float",
        "ComplexType": "complex", "StringType": "string", "TupleType": "tuple",
        "ListType": "list", "DictType": "dictionary", "DictionaryType": "dictionary",
        "FunctionType": "function", "LambdaType": "function", "CodeType": "code",
        "ClassType": "class", "UnboundMethodType": "instance method",
        "InstanceType": "instance", "MethodType": "instance method",
        "BuiltinFunctionType": "builtin_function_or_method",
        "BuiltinMethodType": "builtin_function_or_method", "ModuleType": "module",
        "FileType": "file", "XRangeType": "xrange", "TypeType": "type",
        "SliceType": "slice", "EllipsisType": "ellipsis", "FrameType": "frame",
        "TracebackType": "traceback",
    }
    for name, type_name in names.items():
        setattr(module, name, TYPES[type_name] if type_name in TYPES else TYPES.setdefault(
            type_name, TYPES["type"].__class__(type_name)))
    return module


def make_exceptions(classes) -> types.ModuleType:
    module = types.ModuleType("exceptions")
    for name, cls in classes.items():
        setattr(module, name, cls)
    return module


