"""The order in which the module's interpreter lists a dictionary.

A script's dict is a Python 3 dict, which keeps insertion order. The module's
interpreter keeps a dict in an open-addressing hash table and lists it (``keys()``,
``values()``, ``items()``, ``repr``) in the order of the table's slots. This module
replays a dict's keys, in insertion order, into a model of that table, with the
interpreter's hash functions in the C long of a 32-bit build, its probe sequence
and its resize rule, and reads the slots in order.

The 1.5.2 model was written from CPython's own sources in its history, read to
learn the algorithm: ``Objects/dictobject.c`` (``lookdict``, ``dictresize``,
``PyDict_SetItem``: tables of 4 slots and up, a GF(2^n) probe), ``stringobject.c``
(``string_hash``), ``longobject.c`` (``long_hash``), ``tupleobject.c``
(``tuplehash``), ``floatobject.c`` (``float_hash``) and ``classobject.c``
(``instance_hash``). The 2.7 model (a perturbed probe, tables of 8 slots and up,
the 2.7 ``tuplehash``, ``long_hash`` and ``_Py_HashDouble``) was written from
memory of the same files of the 2.7 branch. ``tests/frontend/test_frontend_dictorder.py``
checks both against the interpreters: 1.5.2 against a real 32-bit CPython 1.5.2,
2.7 with 64-bit C longs against a 64-bit CPython 2.7.18 (no 32-bit 2.7 was at hand).

The replay is exact for a dict built by storing new keys (``clear()`` starts a
fresh table, so it is exact too). What it cannot know, because the dict no
longer shows it:

* a deleted key leaves a "dummy" slot in the real table that a later insertion
  may take, and the table keeps its size;
* 1.5.2 grows the table before every store, also a store to an existing key: a
  dict whose last store replaced a value while it held 3, 6, 11, 22, 43... keys
  has a table twice as large as the replay's;
* ``copy()``, ``update()`` (and in 2.7 a literal of 8 or more entries) size the
  table once for all their keys, where the replay grows it key by key;
* 1.5.2 and 2.7 hash some keys by their address (None, instances without
  ``__hash__``, classes, functions, methods, modules), which no emulator can
  know: such a key, and a complex number, is hashed as its position in the
  dict's insertion order (0, 1, 2...), which is stable from run to run but is
  not the module's order. Such an element of a tuple key takes the tuple's
  position.
"""
from __future__ import annotations

import functools
import math
from typing import Sequence

from .numbers import Long
from .typenames import OldInstance

WORD_BITS = 32                      # the modules' interpreters are 32-bit builds
HASH_MULTIPLIER = 1000003           # string_hash and tuplehash
TUPLE_HASH_SEED = 0x345678          # tuplehash
TUPLE_HASH_27_STEP = 82520          # 2.7 tuplehash: the multiplier grows by this + 2 * left
TUPLE_HASH_27_END = 97531           # 2.7 tuplehash: added at the end
LONG_DIGIT_BITS_152 = 15            # longobject.h SHIFT in 1.5.2
FLOAT_PART_SCALE = 2147483648.0     # float_hash takes the mantissa 31 bits at a time
FLOAT_EXPONENT_SHIFT = 15           # float_hash: expo << 15
FLOAT_INF_HASH_27 = (314159, -271828)   # 2.7 _Py_HashDouble of +inf and -inf
FLOAT_NAN_HASH_27 = 0                   # 2.7 _Py_HashDouble of a NaN
# 1.5.2's float_hash of an infinity goes through a long made of it, of a NaN through
# C casts that give the smallest long: as seen on a 32-bit 1.5.2.
FLOAT_INF_HASH_152 = 0
FLOAT_NAN_HASH_152 = -2 ** 31

MINSIZE_152 = 4
#: 1.5.2's primitive polynomials for tables of 4, 8, 16... slots: the polynomial of a
#: table of ``MINSIZE_152 << n`` slots is that size plus ``POLY_TAILS_152[n]``.
POLY_TAILS_152 = (3, 3, 3, 5, 3, 3, 29, 17, 9, 5, 83, 27, 43, 3, 45, 9, 39, 39, 9, 5, 3, 33,
                  27, 9, 71, 39, 9, 5, 83)
MINSIZE_27 = 8
PERTURB_SHIFT_27 = 5
LARGE_DICT_27 = 50000               # 2.7 grows a dict past this many keys 2x, else 4x

_PLAIN_KEY_TYPES = frozenset((str, int))
_ORDER_CACHE_SIZE = 512
_STRING_HASH_CACHE_SIZE = 8192


# -- hashes ----------------------------------------------------------------------------

def _signed_result(x: int, word_mask: int) -> int:
    """A hash function's result as the unsigned word: -1 is reserved for errors, so -2."""
    x &= word_mask
    return word_mask - 1 if x == word_mask else x


@functools.lru_cache(maxsize=_STRING_HASH_CACHE_SIZE)
def string_hash(text: str, word_bits: int = WORD_BITS) -> int:
    """``string_hash`` of a byte string (the same in 1.5.2 and 2.7 without -R)."""
    mask = (1 << word_bits) - 1
    data = text.encode("latin-1", "replace")
    x = data[0] << 7 if data else 0
    for byte in data:
        x = ((HASH_MULTIPLIER * x) ^ byte) & mask
    return _signed_result(x ^ len(data), mask)


def _long_hash_152(value: int) -> int:
    """1.5.2's ``long_hash`` (also an int's hash: for values of 32 bits it is the value)."""
    x = 0
    magnitude = abs(value)
    digits = []
    while magnitude:
        digits.append(magnitude & ((1 << LONG_DIGIT_BITS_152) - 1))
        magnitude >>= LONG_DIGIT_BITS_152
    rotate = WORD_BITS - LONG_DIGIT_BITS_152
    mask = (1 << WORD_BITS) - 1
    for digit in reversed(digits):
        x = (((x << LONG_DIGIT_BITS_152) | (x >> rotate)) + digit) & mask
    return _signed_result(-x if value < 0 else x, mask)


def _integer_hash_27(value: int, word_bits: int) -> int:
    """2.7's hash of an int or long: the value modulo ``2**word_bits - 1``, signed."""
    mask = (1 << word_bits) - 1
    if -(1 << (word_bits - 1)) <= value < 1 << (word_bits - 1):
        return _signed_result(value, mask)
    x = abs(value) % mask or mask
    return _signed_result(-x if value < 0 else x, mask)


def _c_long(value: float, word_bits: int) -> int:
    """A C cast of a double to long on x86: truncated; out of range, the smallest long."""
    limit = 1 << (word_bits - 1)
    truncated = int(value)
    return truncated if -limit <= truncated < limit else -limit


def _float_bits(fraction: float, word_bits: int) -> int:
    """float_hash's mix of a number's mantissa and exponent."""
    mantissa, exponent = math.frexp(fraction)
    mantissa *= FLOAT_PART_SCALE
    high = _c_long(mantissa, word_bits)
    low = _c_long((mantissa - high) * FLOAT_PART_SCALE, word_bits)
    return high + low + (exponent << FLOAT_EXPONENT_SHIFT)


class _Hasher:
    """The hash of any key, as one interpreter computes it, as an unsigned word."""

    def __init__(self, python27: bool, word_bits: int = WORD_BITS) -> None:
        self.python27 = python27
        self.word_bits = word_bits
        self.mask = (1 << word_bits) - 1

    def __call__(self, key, position: int) -> int:
        kind = type(key)
        if kind is str:
            return string_hash(key, self.word_bits)
        if kind is int or kind is bool or isinstance(key, Long):
            return self.integer_hash(int(key))
        if kind is float:
            return self.float_hash(key)
        if kind is tuple:
            return self.tuple_hash(key, position)
        if isinstance(key, OldInstance) and type(key).__hash__ is not object.__hash__:
            return self.integer_hash(int(key.__hash__()))
        return position

    def integer_hash(self, value: int) -> int:
        if self.python27:
            return _integer_hash_27(value, self.word_bits)
        return _long_hash_152(value)

    def float_hash(self, value: float) -> int:
        if math.isinf(value):
            return _signed_result(FLOAT_INF_HASH_27[value < 0] if self.python27
                                  else FLOAT_INF_HASH_152, self.mask)
        if math.isnan(value):
            return _signed_result(FLOAT_NAN_HASH_27 if self.python27
                                  else FLOAT_NAN_HASH_152, self.mask)
        fraction, whole = math.modf(value)
        if fraction == 0.0:
            return self.integer_hash(int(whole))
        if self.python27:
            return _signed_result(_float_bits(value, self.word_bits), self.mask)
        return _signed_result(_float_bits(fraction, self.word_bits)
                              + _c_long(whole, self.word_bits), self.mask)

    def tuple_hash(self, items: tuple, position: int) -> int:
        mask = self.mask
        x = TUPLE_HASH_SEED
        if not self.python27:
            for item in items:
                x = ((HASH_MULTIPLIER * x) ^ self(item, position)) & mask
            return _signed_result(x ^ len(items), mask)
        multiplier = HASH_MULTIPLIER
        left = len(items)
        for item in items:
            left -= 1
            x = ((x ^ self(item, position)) * multiplier) & mask
            multiplier = (multiplier + TUPLE_HASH_27_STEP + 2 * left) & mask
        return _signed_result(x + TUPLE_HASH_27_END, mask)


# -- tables ----------------------------------------------------------------------------

def _place_152(table: list[int | None], poly: int, key_hash: int, position: int) -> None:
    """Put a new key in the first free slot of its 1.5.2 probe sequence."""
    mask = len(table) - 1
    i = ~key_hash & mask
    if table[i] is None:
        table[i] = position
        return
    step = (key_hash ^ (key_hash >> 3)) & mask or mask
    while True:
        slot = (i + step) & mask
        if table[slot] is None:
            table[slot] = position
            return
        step <<= 1
        if step > mask:
            step ^= poly


def _resized_152(table: list[int | None], hashes: Sequence[int], min_used: int):
    """``dictresize``: the smallest table over ``min_used`` slots, keys moved in slot order."""
    size, index = MINSIZE_152, 0
    while size <= min_used:
        size, index = size << 1, index + 1
    poly = size + POLY_TAILS_152[index]
    new: list[int | None] = [None] * size
    for position in table:
        if position is not None:
            _place_152(new, poly, hashes[position], position)
    return new, poly


def slots_152(hashes: Sequence[int]) -> list[int | None]:
    """1.5.2's table after storing keys with these hashes, in order: each slot's key."""
    table: list[int | None] = []
    poly = 0
    for position, key_hash in enumerate(hashes):
        if position * 3 >= len(table) * 2:      # fill >= 2/3 of the size: grow first
            table, poly = _resized_152(table, hashes, position * 2)
        _place_152(table, poly, key_hash, position)
    return table


def _place_27(table: list[int | None], key_hash: int, position: int, word_mask: int) -> None:
    """Put a new key in the first free slot of its 2.7 probe sequence."""
    mask = len(table) - 1
    i = key_hash & mask
    perturb = key_hash
    while table[i & mask] is not None:
        i = (5 * i + perturb + 1) & word_mask
        perturb >>= PERTURB_SHIFT_27
    table[i & mask] = position


def _resized_27(table: list[int | None], hashes: Sequence[int], min_used: int,
                word_mask: int) -> list[int | None]:
    """2.7's ``dictresize``: the smallest table over ``min_used`` slots, keys moved in
    slot order."""
    size = MINSIZE_27
    while size <= min_used:
        size <<= 1
    new: list[int | None] = [None] * size
    for position in table:
        if position is not None:
            _place_27(new, hashes[position], position, word_mask)
    return new


def slots_27(hashes: Sequence[int], word_bits: int = WORD_BITS) -> list[int | None]:
    """2.7's table after storing keys with these hashes, in order: each slot's key."""
    word_mask = (1 << word_bits) - 1
    table: list[int | None] = [None] * MINSIZE_27
    for position, key_hash in enumerate(hashes):
        _place_27(table, key_hash, position, word_mask)
        used = position + 1
        if used * 3 >= len(table) * 2:          # filled 2/3 of the size: grow after
            growth = 2 if used > LARGE_DICT_27 else 4
            table = _resized_27(table, hashes, growth * used, word_mask)
    return table


def table_order(keys: Sequence, python27: bool, word_bits: int = WORD_BITS) -> tuple[int, ...]:
    """The positions of ``keys`` (distinct, in insertion order) in the order the
    interpreter's table lists them; ``word_bits`` is the width of its C long."""
    hasher = _Hasher(python27, word_bits)
    hashes = [hasher(key, position) for position, key in enumerate(keys)]
    table = slots_27(hashes, word_bits) if python27 else slots_152(hashes)
    return tuple(position for position in table if position is not None)


@functools.lru_cache(maxsize=_ORDER_CACHE_SIZE)
def _cached_table_order(keys: tuple, python27: bool) -> tuple[int, ...]:
    return table_order(keys, python27)


def listing_order(keys: tuple, python27: bool) -> Sequence[int]:
    """The positions of a dict's keys (``tuple(d)``) in the order the interpreter lists them.

    Dicts of strings and ints are remembered by their keys (an agent lists the same
    dict again and again); other keys are not kept alive by a cache."""
    if len(keys) < 2:
        return range(len(keys))
    if set(map(type, keys)) <= _PLAIN_KEY_TYPES:
        return _cached_table_order(keys, python27)
    return table_order(keys, python27)


def keys(d: dict, python27: bool) -> list:
    """``d.keys()`` in the interpreter's order."""
    listed = tuple(d)
    return [listed[i] for i in listing_order(listed, python27)]


def values(d: dict, python27: bool) -> list:
    """``d.values()`` in the interpreter's order."""
    listed = list(d.values())
    return [listed[i] for i in listing_order(tuple(d), python27)]


def items(d: dict, python27: bool) -> list:
    """``d.items()`` in the interpreter's order."""
    listed = list(d.items())
    return [listed[i] for i in listing_order(tuple(d), python27)]
