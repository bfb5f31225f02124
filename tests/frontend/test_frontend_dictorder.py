"""A dict's keys(), values(), items() and print in the order of the module
interpreter's hash table (runtime/dictorder.py), not Python 3's insertion order.

Fixed programs are checked against what a real 32-bit CPython 1.5.2 printed
(recorded here; checked again under PYTHON15), and random dicts against the
interpreter itself under PYTHON15. The 2.7 model runs with 64-bit C longs against
recordings of a 64-bit CPython 2.7 (and the interpreter itself under PYTHON27).
Deleted keys and stores to existing keys are left out: they are the known gap."""
import os

import pytest
import record  # tests/frontend/record.py: runs programs here and on the references
from hypothesis import given, settings
from hypothesis import strategies as st

from hostsim.dialect.frontend.runtime import dictorder

PYTHON15 = os.environ.get("PYTHON15")
PYTHON27 = os.environ.get("PYTHON27")
INT_MIN, INT_MAX = -2 ** 31, 2 ** 31 - 1

#: name -> (1.5.2 program, what python1.5 printed, line by line)
RECORDED = {
    "growth": (
        "d = {}\n"
        "for k in ['apn', 'fw', 'phase', 'rc', 'set.a', 'done.a', 'seq', 'x', '', 'a\\351\\377']:\n"
        "    d[k] = len(d)\n"
        "    print d.keys()\n"
        "print d.values()\n"
        "print d\n",
        ["['apn']",
         "['fw', 'apn']",
         "['fw', 'phase', 'apn']",
         "['fw', 'rc', 'apn', 'phase']",
         "['fw', 'rc', 'apn', 'set.a', 'phase']",
         "['fw', 'rc', 'done.a', 'apn', 'set.a', 'phase']",
         "['set.a', 'done.a', 'phase', 'fw', 'rc', 'apn', 'seq']",
         "['set.a', 'done.a', 'x', 'phase', 'fw', 'rc', 'apn', 'seq']",
         "['set.a', 'done.a', 'x', 'phase', 'fw', 'rc', 'apn', '', 'seq']",
         "['set.a', 'done.a', 'x', 'phase', 'fw', 'rc', 'apn', 'a\\351\\377', '', 'seq']",
         "[4, 5, 7, 2, 1, 3, 0, 9, 8, 6]",
         "{'set.a': 4, 'done.a': 5, 'x': 7, 'phase': 2, 'fw': 1, 'rc': 3, 'apn': 0, "
         "'a\\351\\377': 9, '': 8, 'seq': 6}"]),
    "listing": (
        "config = {'host': 'ftp.example.com', 'port': 21, 'user': 'telit', 'apn': 'internet',\n"
        "          'retries': 3, 'sms': ['+3912345'], 'gps': {'period': 60, 'fix': (3, 'd')}}\n"
        "for k in config.keys():\n"
        "    print k, config[k]\n"
        "for k, v in config.items():\n"
        "    print k, '=', v\n"
        "print config.values()\n",
        ["gps {'fix': (3, 'd'), 'period': 60}", "port 21", "sms ['+3912345']", "user telit",
         "apn internet", "host ftp.example.com", "retries 3",
         "gps = {'fix': (3, 'd'), 'period': 60}", "port = 21", "sms = ['+3912345']",
         "user = telit", "apn = internet", "host = ftp.example.com", "retries = 3",
         "[{'fix': (3, 'd'), 'period': 60}, 21, ['+3912345'], 'telit', 'internet', "
         "'ftp.example.com', 3]"]),
    "numbers": (
        "d = {}\n"
        "for k in [0, -1, -2, 7, 2147483647, -2147483647 - 1, 65536, -65536, 1000000007, 12,\n"
        "          4, 3]:\n"
        "    d[k] = 1\n"
        "for k in d.keys():\n"
        "    print k\n"
        "print {10L ** 20: 'a', -(2L ** 40): 'b', 2147483648L: 'c', 5L: 'd', 0L: 'e'}\n"
        "print {(): 0, (1, 2): 1, ('a', (3, 'b')): 2, (-1,): 3, ('x', 'y', 'z'): 4, (0,): 5}\n",
        ["2147483647", "-1", "-2", "7", "-2147483648", "12", "1000000007", "0", "4", "3",
         "65536", "-65536",
         "{5L: 'd', 0L: 'e', 100000000000000000000L: 'a', -1099511627776L: 'b', "
         "2147483648L: 'c'}",
         "{(-1,): 3, (0,): 5, (1, 2): 1, ('a', (3, 'b')): 2, ('x', 'y', 'z'): 4, (): 0}"]),
    "agent": (
        "state = {}\n"
        "i = 0\n"
        "while i < 50:\n"
        "    state['key.%d' % i] = i\n"
        "    i = i + 1\n"
        "print state.values()\n",
        ["[39, 31, 34, 35, 19, 18, 17, 30, 15, 32, 13, 12, 11, 36, 9, 8, 1, 0, 3, 2, 5, 4, 7, "
         "6, 28, 29, 22, 23, 20, 21, 26, 27, 24, 25, 48, 49, 44, 45, 46, 47, 40, 41, 42, 43, "
         "16, 38, 33, 14, 10, 37]"]),
    "instances": (
        "class Key:\n"
        "    def __init__(self, n):\n"
        "        self.n = n\n"
        "    def __hash__(self):\n"
        "        return self.n\n"
        "    def __cmp__(self, other):\n"
        "        return cmp(self.n, other.n)\n"
        "    def __repr__(self):\n"
        "        return 'K%d' % self.n\n"
        "d = {}\n"
        "for n in [5, -3, 100, 8, 2, 77, -1]:\n"
        "    d[Key(n)] = n\n"
        "print d\n",
        ["{K-1: -1, K-3: -3, K77: 77, K8: 8, K5: 5, K100: 100, K2: 2}"]),
    "floats": (
        "print {1.5: 'a', -2.25: 'b', 0.1: 'c', 3.0: 'd', 1e10: 'e', 7: 'g'}\n"
        "print {2.0 ** 40 + 0.5: 'f', 3e9 + 0.5: 'h', -3e9 - 0.5: 'i'}\n"
        "x = 1e300 * 1e300\n"
        "print {x: 'a', 1: 'b', -x: 'c', 'z': 'd', 2: 'e'}\n",
        ["{7: 'g', -2.25: 'b', 0.1: 'c', 3.0: 'd', 10000000000.0: 'e', 1.5: 'a'}",
         "{-3000000000.5: 'i', 3000000000.5: 'h', 1.09951162778e+12: 'f'}",
         "{'z': 'd', inf: 'a', 2: 'e', 1: 'b', -inf: 'c'}"]),
}
FLOAT_PROGRAMS = ("floats",)   # telit152's modules have no floats

#: Key lists, and the insertion positions a 64-bit CPython 2.7.18 listed for them
#: (``d[k] = len(d)`` for each new key, then ``print d.values()``).
RECORDED_27_64BIT = [
    (["apn", "fw", "phase", "outcome", "set.apn", "done.set.apn", "seq", "x", "", "a\xe9\xff"],
     [8, 9, 6, 5, 1, 0, 2, 7, 4, 3]),
    ([0, -1, -2, 7, INT_MAX, INT_MIN, 65536, -65536, 1000000007, 12, 4, 3, 10 ** 20, -(2 ** 40),
      2 ** 64 - 1],
     [0, 5, 11, 10, 12, 6, 3, 14, 8, 9, 1, 7, 13, 2, 4]),
    ([(), (1, 2), ("a", (3, "b")), (-1,), ("x", "y", "z"), (0,), 1.5, -2.25, 0.1, 1e10,
      2.0 ** 40 + 0.5],
     [1, 6, 5, 8, 7, 4, 3, 0, 2, 9, 10]),
    (["key.%d" % i for i in range(50)],
     [42, 43, 36, 41, 35, 47, 46, 45, 37, 49, 48, 34, 25, 24, 27, 26, 21, 20, 23, 22, 32, 29,
      28, 33, 6, 7, 4, 5, 2, 3, 0, 1, 31, 8, 9, 40, 44, 10, 11, 12, 13, 14, 15, 16, 17, 18,
      19, 30, 38, 39]),
]


def run_front_end(source: str, profile: str = "python152") -> list:
    return record.front_end_lines(source, profile, "dicts.py")


def run_reference(interpreter: str, source: str, tmp_path) -> list:
    return record.reference_lines(interpreter, source, tmp_path, "dicts.py")


@pytest.mark.parametrize("profile", ["python152", "telit152"])
@pytest.mark.parametrize("name", sorted(RECORDED))
def test_front_end_lists_dicts_as_recorded(name, profile):
    if profile == "telit152" and name in FLOAT_PROGRAMS:
        pytest.skip("telit152 has no floats")
    source, expected = RECORDED[name]
    assert run_front_end(source, profile) == expected


@pytest.mark.skipif(not PYTHON15, reason="PYTHON15 names no 1.5 interpreter")
@pytest.mark.parametrize("name", sorted(RECORDED))
def test_recording_is_honest(name, tmp_path):
    source, expected = RECORDED[name]
    assert run_reference(PYTHON15, source, tmp_path) == expected


@settings(max_examples=40, deadline=None, database=None)
@given(st.integers(0, 90).flatmap(lambda n: st.permutations(range(n))))
def test_small_ints_list_from_the_top_in_152_and_from_the_bottom_in_27(inserted):
    """An int is its own hash; 1.5.2 starts probing at ``~hash``, 2.7 at ``hash``: a dict
    of 0..n-1, whatever the insertion order, never collides and lists by slot."""
    source = "d = {}\n%sprint d.keys()\n" % "".join("d[%d] = 0\n" % k for k in inserted)
    descending = str(sorted(inserted, reverse=True))
    assert run_front_end(source, "python152") == [descending]
    assert run_front_end(source, "telit152") == [descending]
    iterated = source + "print [k for k, v in d.iteritems()]\n"
    assert run_front_end(iterated, "python27") == [str(sorted(inserted))] * 2


def test_address_hashed_keys_are_placed_by_their_position():
    """None and instances without __hash__ hash by address in 1.5.2: the front end hashes
    them as their insertion position (0, 1, 2), so they land in slots 3, 2, 1 of 4."""
    source = ("class A:\n    pass\n"
              "a, b = A(), A()\n"
              "a.name, b.name = 'a', 'b'\n"
              "d = {None: 0, a: 1, b: 2}\n"
              "print d.values()\n")
    assert run_front_end(source) == ["[2, 1, 0]"]
    assert run_front_end(source) == ["[2, 1, 0]"]


@pytest.mark.parametrize("keys, listed", RECORDED_27_64BIT)
def test_27_model_with_64_bit_longs_matches_recording(keys, listed):
    assert list(dictorder.table_order(keys, python27=True, word_bits=64)) == listed


# -- random dicts against the interpreters ---------------------------------------------

_TEXT = st.text(alphabet="abcxyz019._-\xe9\xff", max_size=7)
_INT = st.one_of(st.integers(INT_MIN, INT_MAX), st.integers(-300, 300),
                 st.sampled_from([0, -1, -2, INT_MIN, INT_MAX, 65536, -65536]))
_LONG = st.one_of(st.integers(-2 ** 70, 2 ** 70),
                  st.sampled_from([2 ** 31, -2 ** 31 - 1, 2 ** 32 - 1, -(2 ** 32), 2 ** 64 - 1]))


def _text_literal(text: str) -> str:
    return "'%s'" % "".join(c if c < "\x80" else "\\%03o" % ord(c) for c in text)


def _int_literal(value: int) -> str:
    return "(-2147483647 - 1)" if value == INT_MIN else "(%d)" % value


_SCALAR = st.one_of(_TEXT.map(lambda t: (_text_literal(t), t)),
                    _INT.map(lambda i: (_int_literal(i), i)),
                    _LONG.map(lambda i: ("(%dL)" % i, i)))


def _tuple_of(items):
    return ("(%s)" % "".join(source + ", " for source, _ in items),
            tuple(value for _, value in items))


#: a key: (1.5.2 source, the Python 3 value)
KEYS = st.one_of(_SCALAR, st.lists(_SCALAR, max_size=3).map(_tuple_of),
                 st.lists(st.lists(_SCALAR, max_size=2).map(_tuple_of), max_size=2)
                 .map(_tuple_of))
INSERTIONS = st.lists(st.lists(KEYS, max_size=60), min_size=1, max_size=6)
BUILD = ("def t(K):\n"
         "    d = {}\n"
         "    for k in K:\n"
         "        if not d.has_key(k):\n"
         "            d[k] = len(d)\n")


def program(insertions, listing: str) -> str:
    calls = "".join("t([%s])\n" % ", ".join(source for source, _ in keys) for keys in insertions)
    return BUILD + listing + calls


@pytest.mark.skipif(not PYTHON15, reason="PYTHON15 names no 1.5 interpreter")
@settings(max_examples=30, deadline=None, database=None)
@given(INSERTIONS)
def test_random_dicts_list_as_python15_lists_them(tmp_path_factory, insertions):
    source = program(insertions, "    print d.keys()\n    print d.values()\n"
                                 "    print d.items()\n    print d\n")
    expected = run_reference(PYTHON15, source, tmp_path_factory.mktemp("py15"))
    assert run_front_end(source, "python152") == expected
    assert run_front_end(source, "telit152") == expected


@pytest.mark.skipif(not PYTHON27, reason="PYTHON27 names no 2.7 interpreter")
@settings(max_examples=30, deadline=None, database=None)
@given(INSERTIONS)
def test_27_model_with_64_bit_longs_matches_python27(tmp_path_factory, insertions):
    listed = run_reference(PYTHON27, program(insertions, "    print d.values()\n"),
                           tmp_path_factory.mktemp("py27"))
    for keys, line in zip(insertions, listed):
        distinct = dict.fromkeys(value for _, value in keys)
        assert str(list(dictorder.table_order(tuple(distinct), True, word_bits=64))) == line
