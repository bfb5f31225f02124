"""What the module's interpreter accepts as a sequence, and how it reads one.

1.5.2 has no iterators. A ``for`` loop, an unpacking assignment and the builtins
that take a sequence (``list``, ``tuple``, ``map``, ``filter``, ``reduce``,
``min``, ``max``) read item 0, 1, 2... of an object whose type has sequence
items (a string, a tuple, a list, an xrange, a class instance) until IndexError,
and refuse any other object, a dictionary too, each with its own words. An
instance is read through its ``__getitem__`` (AttributeError ``__getitem__``
when it has none; ``list``, ``tuple``, ``map`` and ``filter`` ask its
``__len__`` first), lazily: a loop's body runs between two reads. An exception
instance reads as its ``args``.

2.7 iterates, as Python 3 does, but a dictionary gives its keys in the order of
its hash table (:mod:`.dictorder`) and a loop over one raises RuntimeError once
its size changed, old-style instances that can be neither iterated nor indexed
are refused with 2.7's words, and unpacking reports a wrong count with 2.7's
words.

Translated code calls ``_r_loop`` (``loop_152`` or ``loop_27``) for the iterable
of a ``for`` statement (and of a python27 comprehension), ``_r_unpack``
(``unpack_*``) for the value of an assignment to a tuple or list of targets (and
for tuple parameters and ``except E, (a, b)``), and ``_r_loopn``
(``loop_unpacking_*``) when a loop's target is such a pattern. A pattern's
*shape* is the number of its targets when they are all single targets (names,
attributes, subscripts), else a tuple with, for each target, 0 (a single one) or
its own shape. A list, tuple or string of the right length is taken as it is.

Every behaviour here was recorded from the interpreters (a 32-bit CPython 1.5.2
and CPython 2.7.18): ``tests/frontend/corpus/seq_*.py`` and
``tests/frontend/test_frontend_sequences.py``.
"""
from __future__ import annotations

from collections.abc import Mapping
from itertools import islice

from . import dictorder
from .typenames import OldInstance

LOOP_REFUSAL_152 = "loop over non-sequence"
UNPACK_REFUSAL_152 = "unpack non-sequence"
UNPACK_WRONG_SIZE_152 = "unpack %s of wrong size"      # tuple, list or sequence
ITERATION_REFUSAL_27 = "iteration over non-sequence"  # an old-style instance
TOO_FEW_27 = "need more than %d value%s to unpack"
TOO_MANY_27 = "too many values to unpack"
DICT_CHANGED_27 = "dictionary changed size during iteration"

_INSTANCES = (OldInstance, BaseException)
_MISSING = object()


def _count(shape) -> int:
    return shape if type(shape) is int else len(shape)


def _nested(items, shape, unpack):
    """``items`` (as many as ``shape`` asks) with each nested pattern's value unpacked."""
    if type(shape) is int:
        return items
    return tuple(item if inner == 0 else unpack(item, inner) for item, inner in zip(items, shape))


# -- 1.5.2 -------------------------------------------------------------------------------

def _item_reader(value):
    """The function 1.5.2 reads an instance's item ``i`` with."""
    reader = getattr(value, "__getitem__", None)
    if reader is not None:
        return reader
    if isinstance(value, BaseException):
        return value.args.__getitem__       # 1.5.2's Exception.__getitem__
    raise AttributeError("__getitem__")


def _indexed(value):
    """An instance's items 0, 1, 2... until IndexError, one read per step."""
    read = _item_reader(value)
    index = 0
    while True:
        try:
            item = read(index)
        except IndexError:
            return
        yield item
        index += 1


def is_sequence_152(value) -> bool:
    """Whether 1.5.2 reads ``value`` as a sequence (an instance, or an embedder's
    object with items that is not a mapping)."""
    t = type(value)
    if t is list or t is tuple or t is str or t is range or isinstance(value, _INSTANCES):
        return True
    return hasattr(t, "__getitem__") and not isinstance(value, Mapping)


def items_152(value, refusal: str, asks_length: bool = False):
    """The items of the sequence ``value`` as 1.5.2 reads them: a string, tuple, list
    or xrange itself, an instance's items one by one (its ``__len__`` asked first
    when ``asks_length``); anything else raises ``TypeError(refusal)``."""
    t = type(value)
    if t is list or t is tuple or t is str or t is range:
        return value
    if isinstance(value, _INSTANCES):
        if asks_length:
            if getattr(value, "__len__", None) is None:
                raise AttributeError("__len__")
            value.__len__()
        return _indexed(value)
    if is_sequence_152(value):
        return value
    raise TypeError(refusal)


def loop_152(value):
    """The iterable of ``for ... in value``."""
    t = type(value)
    if t is list or t is tuple or t is str or t is range:
        return value
    return items_152(value, LOOP_REFUSAL_152)


def _read_exactly(value, count: int) -> list:
    """Items 0 to ``count - 1`` of an instance (or another object with items), then
    item ``count`` must raise IndexError."""
    read = _item_reader(value) if isinstance(value, _INSTANCES) else value.__getitem__
    items = []
    try:
        for index in range(count):
            items.append(read(index))
    except IndexError:
        raise ValueError(UNPACK_WRONG_SIZE_152 % "sequence") from None
    try:
        read(count)
    except IndexError:
        return items
    raise ValueError(UNPACK_WRONG_SIZE_152 % "sequence")


def _unpack_slow_152(value, shape):
    count = _count(shape)
    if isinstance(value, (tuple, list)):
        if len(value) != count:
            raise ValueError(UNPACK_WRONG_SIZE_152 % (
                "tuple" if isinstance(value, tuple) else "list"))
        items = value
    elif is_sequence_152(value):
        items = _read_exactly(value, count)
    else:
        raise TypeError(UNPACK_REFUSAL_152)
    return _nested(items, shape, unpack_152)


def _unpacked(value, shape, slow):
    """``value`` as the targets of ``shape`` take it: itself when it fits, else as the
    profile's ``slow`` path reads (or refuses) it."""
    t = type(value)
    if (t is tuple or t is list or t is str) and len(value) == shape:
        return value
    return slow(value, shape)


def unpack_152(value, shape):
    """``value`` as the targets of ``shape`` take it under 1.5.2's rules."""
    return _unpacked(value, shape, _unpack_slow_152)


def _each_unpacked(items, shape, unpack_slow):
    for item in items:
        t = type(item)
        if (t is tuple or t is list) and len(item) == shape:
            yield item
        else:
            yield unpack_slow(item, shape)


def loop_unpacking_152(value, shape):
    """The iterable of ``for <pattern> in value``: each item unpacked for ``shape``."""
    return _each_unpacked(loop_152(value), shape, _unpack_slow_152)


# -- 2.7 ---------------------------------------------------------------------------------

def items_27(value):
    """What 2.7 iterates for ``value``: a dict's keys in its table's order, an
    exception's args, any other iterable itself."""
    t = type(value)
    if t is dict:
        return dictorder.keys(value, True)
    if isinstance(value, BaseException) and getattr(value, "__getitem__", None) is None:
        return value.args
    if isinstance(value, OldInstance) and not (
            hasattr(value, "__iter__") or hasattr(value, "__getitem__")):
        raise TypeError(ITERATION_REFUSAL_27)
    return value


def _dict_keys_27(d: dict):
    """A dict's keys as 2.7's dict iterator gives them: RuntimeError once its size changed."""
    size = len(d)
    for key in dictorder.keys(d, True):
        if len(d) != size:
            raise RuntimeError(DICT_CHANGED_27)
        yield key
    if len(d) != size:
        raise RuntimeError(DICT_CHANGED_27)


def loop_27(value):
    """The iterable of ``for ... in value`` (and of a comprehension)."""
    t = type(value)
    if t is list or t is tuple or t is str or t is range:
        return value
    if t is dict:
        return _dict_keys_27(value)
    return items_27(value)


def _unpack_slow_27(value, shape):
    count = _count(shape)
    iterator = iter(items_27(value))
    items = list(islice(iterator, count))
    if len(items) < count:
        raise ValueError(TOO_FEW_27 % (len(items), "" if len(items) == 1 else "s"))
    if next(iterator, _MISSING) is not _MISSING:
        raise ValueError(TOO_MANY_27)
    return _nested(items, shape, unpack_27)


def unpack_27(value, shape):
    """``value`` as the targets of ``shape`` take it under 2.7's rules."""
    return _unpacked(value, shape, _unpack_slow_27)


def loop_unpacking_27(value, shape):
    """The iterable of ``for <pattern> in value``: each item unpacked for ``shape``."""
    return _each_unpacked(loop_27(value), shape, _unpack_slow_27)
