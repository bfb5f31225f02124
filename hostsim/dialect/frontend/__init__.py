"""A Python 1.5.2 front end on Python 3: run Telit module scripts unmodified.

1.5.2 source is parsed with fissix's Python 2 grammar and translated, line for
line, to Python 3 source that calls a small runtime giving 1.5.2's behaviour
(print statement and softspace, 32-bit ints that overflow, longs with ``L``,
string exceptions, old-style classes, the ``string`` module, 1.5.2's builtins
and error messages). Profiles: ``python152`` (stock), ``telit152`` (string
methods; ``floats`` per model), ``python27`` (xE910).

The embedder's API::

    from hostsim.dialect.frontend import Program, translate, FrontEndSyntaxError

    program = Program(profile="telit152", stdout=out, stderr=err,
                      find_source=store.source_of,       # name -> source or None
                      builtin_modules={"MDM": mdm, "MOD": mod, ...},
                      floats=None,                        # telit152: model's default
                      cache=TranslationCache(cache_dir), # optional, shared across boots
                      open_file=None, uncatchable=(PowerOff,))
    status = program.run_main(source_bytes, "main.py", argv=["main.py"])

``run_main`` returns the exit status python1.5 would give; an uncaught
exception is written to the script's ``sys.stderr`` as a 1.5.2 traceback of the
script's frames only (``Traceback (innermost last):``). A source that does not
compile gives 1 and 1.5.2's SyntaxError report; :func:`translate` raises
:class:`FrontEndSyntaxError` (``filename``, ``line``, ``column``, ``reason``,
``hint``) instead. ``python3 -m hostsim.dialect.frontend FILE [ARG...]`` runs
a program as ``python1.5 FILE`` would (see :mod:`.__main__`).

Known differences from a real 1.5.2 are listed in :data:`GAPS`.
"""
from .cache import FRONTEND_VERSION, TranslationCache
from .errors import FrontEndError, FrontEndSyntaxError
from .profiles import PROFILE_NAMES, Profile, get_profile
from .program import Program, Translation, translate

GAPS = (
    "ordering comparisons (< <= > >=) between unrelated types raise TypeError as in "
    "Python 3; cmp(), sort(), min() and max() use 1.5.2's total order",
    "nested functions and lambdas see enclosing locals (1.5.2 has no nested scopes)",
    "equal string literals in different functions are one object, so a string "
    "exception raised in one is caught by an equal literal in another",
    "list.sort with a comparison function is stable (1.5.2's samplesort is not)",
    "a tuple parameter or an except target other than a name needs a simple "
    "statement first in its block; a lambda cannot have tuple parameters",
    "from module import * inside a function binds module globals",
    "exec in a function cannot change the function's locals",
    "python27: int results past 32 bits print without the L of 2.7's long",
    "buffer() and the modules marshal, imp, binascii, os are not provided",
    "dictionaries list (keys(), values(), items(), print) in the interpreter's hash-table "
    "order replayed from their keys in insertion order: exact for a dict built by storing "
    "new keys, but not after del d[k] (clear() is exact), after a 1.5.2 store to an "
    "existing key while the table was full (3, 6, 11, 22, 43... keys), nor for copy() and "
    "update() results and python27 literals of 8 or more entries (sized at once)",
    "keys hashed by address (None, instances without __hash__, classes, functions) and "
    "complex keys are hashed as their position in the dict's insertion order: a stable "
    "order, not the module's",
    "an unpacking to nested patterns (a, (b, c) = x) checks every level before assigning: "
    "1.5.2 has assigned a when it finds (b, c) of the wrong size",
    "python27: str.join, list.extend, set(), sum() and dict() read a dict in "
    "insertion order; files are not iterable; a long or a class that is not iterable is "
    "named as Python 3 names it",
)

__all__ = ["FRONTEND_VERSION", "FrontEndError", "FrontEndSyntaxError", "GAPS",
           "PROFILE_NAMES", "Profile", "Program", "Translation", "TranslationCache",
           "get_profile", "translate"]
