"""Loops, unpacking and the builtins that read a sequence (runtime/sequences.py).

The python27 profile iterates a dict in 2.7's hash-table order and words unpacking
errors as 2.7 does: fixed programs are checked against what a CPython 2.7.18
printed (recorded here; checked again under PYTHON27). Its dicts have keys whose
order is the same with 32-bit C longs (the module's, the front end's model) and
64-bit ones (the recording interpreter's): a test says so. The 1.5.2 rules are
recorded in the corpus (corpus/seq_*.py); random unpackings and loops are checked
against the interpreters themselves under PYTHON15 and PYTHON27.
"""
import os

import pytest
import record  # tests/frontend/record.py: runs programs here and on the references
from hypothesis import given, settings
from hypothesis import strategies as st

from hostsim.dialect.frontend.runtime import dictorder

PYTHON15 = os.environ.get("PYTHON15")
PYTHON27 = os.environ.get("PYTHON27")
MODULE_WORD_BITS = 32
RECORDING_WORD_BITS = 64

#: The keys of the recorded programs' dicts, in insertion order.
KEYS_27 = ["apn", "fw", "phase", "rc", "set.a", "done.a", "seq", "x", ""]
THREE_KEYS_27 = ["b", "a", "c"]
_BUILD = ("d = {}\n"
          "for k in %r:\n"
          "    d[k] = len(d)\n"
          "t = {}\n"
          "for k in %r:\n"
          "    t[k] = 1\n" % (KEYS_27, THREE_KEYS_27))

#: name -> (2.7 program, what python2.7 printed, line by line)
RECORDED_27 = {
    "dict_iteration": (
        _BUILD +
        "print d.keys()\n"
        "for k in d:\n"
        "    print k,\n"
        "print\n"
        "print list(d)\n"
        "print tuple(d)\n"
        "print map(None, d)\n"
        "print map(len, d)\n"
        "print filter(None, d)\n"
        "print reduce(lambda a, b: a + '/' + b, d)\n"
        "print max(t), min(t), max(d, key=len), min(d, key=len)\n"
        "print sorted(d, key=len)\n"
        "a, b, c = t\n"
        "print a, b, c\n"
        "print [k for k in d]\n"
        "print list(k for k in t), sorted(k for k in t)\n"
        "print [(n, k) for n, k in enumerate(t)]\n"
        "print zip(t, d)\n"
        "print list(iter(t))\n"
        "print [k + v for k, v in zip(d, d)]\n",
        ["['', 'seq', 'fw', 'set.a', 'apn', 'rc', 'phase', 'x', 'done.a']",
         " seq fw set.a apn rc phase x done.a",
         "['', 'seq', 'fw', 'set.a', 'apn', 'rc', 'phase', 'x', 'done.a']",
         "('', 'seq', 'fw', 'set.a', 'apn', 'rc', 'phase', 'x', 'done.a')",
         "['', 'seq', 'fw', 'set.a', 'apn', 'rc', 'phase', 'x', 'done.a']",
         "[0, 3, 2, 5, 3, 2, 5, 1, 6]",
         "['seq', 'fw', 'set.a', 'apn', 'rc', 'phase', 'x', 'done.a']",
         "/seq/fw/set.a/apn/rc/phase/x/done.a",
         "c a done.a ",
         "['', 'x', 'fw', 'rc', 'seq', 'apn', 'set.a', 'phase', 'done.a']",
         "a c b",
         "['', 'seq', 'fw', 'set.a', 'apn', 'rc', 'phase', 'x', 'done.a']",
         "['a', 'c', 'b'] ['a', 'b', 'c']",
         "[(0, 'a'), (1, 'c'), (2, 'b')]",
         "[('a', ''), ('c', 'seq'), ('b', 'fw')]",
         "['a', 'c', 'b']",
         "['', 'seqseq', 'fwfw', 'set.aset.a', 'apnapn', 'rcrc', 'phasephase', 'xx', "
         "'done.adone.a']"]),
    "unpacking": (
        "def show(label, function):\n"
        "    try:\n"
        "        print label, function()\n"
        "    except (TypeError, ValueError), e:\n"
        "        print label, e.__class__.__name__, e\n"
        "def two(x):\n"
        "    a, b = x\n"
        "    return a, b\n"
        "def nested(x):\n"
        "    [a, (b, c)] = x\n"
        "    return a, b, c\n"
        "def chained(x):\n"
        "    a, b = c = x\n"
        "    return a, b, c\n"
        "def pairs(x):\n"
        "    return [a + b for a, b in x]\n"
        "def parameter((a, b)):\n"
        "    return a, b\n"
        "class Empty:\n"
        "    pass\n"
        "show('list of 3', lambda: two([1, 2, 3]))\n"
        "show('tuple of 1', lambda: two((1,)))\n"
        "show('empty', lambda: two(()))\n"
        "show('string of 1', lambda: two('x'))\n"
        "show('string', lambda: two('xy'))\n"
        "show('xrange of 3', lambda: two(xrange(3)))\n"
        "show('int', lambda: two(3))\n"
        "show('old instance', lambda: two(Empty()))\n"
        "show('nested', lambda: nested((1, 'xy')))\n"
        "show('nested short', lambda: nested((1, 'x')))\n"
        "show('chained', lambda: chained({'b': 0, 'a': 0}))\n"
        "show('pairs', lambda: pairs([(1, 2), (3, 4, 5)]))\n"
        "show('parameter', lambda: parameter([1]))\n"
        "try:\n"
        "    raise IOError(2, 'no such file')\n"
        "except IOError, (code, text):\n"
        "    print code, text\n",
        ["list of 3 list of 3 ValueError too many values to unpack",
         "tuple of 1 tuple of 1 ValueError need more than 1 value to unpack",
         "empty empty ValueError need more than 0 values to unpack",
         "string of 1 string of 1 ValueError need more than 1 value to unpack",
         "string ('x', 'y')",
         "xrange of 3 xrange of 3 ValueError too many values to unpack",
         "int int TypeError 'int' object is not iterable",
         "old instance old instance TypeError iteration over non-sequence",
         "nested (1, 'x', 'y')",
         "nested short nested short ValueError need more than 1 value to unpack",
         "chained ('a', 'b', {'a': 0, 'b': 0})",
         "pairs pairs ValueError too many values to unpack",
         "parameter parameter ValueError need more than 1 value to unpack",
         "2 no such file"]),
    "refusals": (
        "def show(label, function):\n"
        "    try:\n"
        "        print label, function()\n"
        "    except (TypeError, RuntimeError), e:\n"
        "        print label, e.__class__.__name__, e\n"
        "class Empty:\n"
        "    pass\n"
        "def grow(d):\n"
        "    for k in d:\n"
        "        d[k + 10] = 0\n"
        "show('for', lambda: [x for x in Empty()])\n"
        "show('list', lambda: list(Empty()))\n"
        "show('map', lambda: map(len, 3))\n"
        "show('map third', lambda: map(None, [1], Empty()))\n"
        "show('reduce', lambda: reduce(max, Empty()))\n"
        "show('min', lambda: min())\n"
        "show('list of two', lambda: list([1], [2]))\n"
        "show('tuple of none', lambda: tuple())\n"
        "show('grow', lambda: grow({1: 1}))\n",
        ["for for TypeError iteration over non-sequence",
         "list list TypeError iteration over non-sequence",
         "map map TypeError argument 2 to map() must support iteration",
         "map third map third TypeError argument 3 to map() must support iteration",
         "reduce reduce TypeError reduce() arg 2 must support iteration",
         "min min TypeError min expected 1 arguments, got 0",
         "list of two list of two TypeError list() takes at most 1 argument (2 given)",
         "tuple of none ()",
         "grow grow RuntimeError dictionary changed size during iteration"]),
}


def run_front_end(source: str, profile: str) -> list:
    return record.front_end_lines(source, profile, "sequences.py")


def run_reference(interpreter: str, source: str, tmp_path) -> list:
    return record.reference_lines(interpreter, source, tmp_path, "sequences.py")


@pytest.mark.parametrize("name", sorted(RECORDED_27))
def test_python27_iterates_and_unpacks_as_recorded(name):
    source, expected = RECORDED_27[name]
    assert run_front_end(source, "python27") == expected


@pytest.mark.skipif(not PYTHON27, reason="PYTHON27 names no 2.7 interpreter")
@pytest.mark.parametrize("name", sorted(RECORDED_27))
def test_recording_is_honest(name, tmp_path):
    """What the 64-bit 2.7 printed, and what the 32-bit module prints too: the recorded
    dicts' keys list alike with either width of C long."""
    source, expected = RECORDED_27[name]
    assert run_reference(PYTHON27, source, tmp_path) == expected
    for keys in (KEYS_27, THREE_KEYS_27):
        assert dictorder.table_order(keys, True, MODULE_WORD_BITS) == \
            dictorder.table_order(keys, True, RECORDING_WORD_BITS)


_DICT_KEYS = st.lists(st.one_of(st.integers(-1000, 1000), st.text("abcxyz._", max_size=4)),
                      min_size=2, max_size=30, unique=True)


@settings(max_examples=40, deadline=None, database=None)
@given(_DICT_KEYS)
def test_python27_reads_a_dict_in_the_order_keys_lists_it(keys):
    """Every way of iterating a dict lists ``d.keys()`` (itself checked against 2.7 in
    test_frontend_dictorder.py)."""
    source = ("d = {}\n%s"
              "listed = d.keys()\n"
              "looped = []\n"
              "for k in d:\n"
              "    looped.append(k)\n"
              "first, rest = d.keys()[0], d.keys()[1:]\n"
              "print listed == looped == list(d) == list(tuple(d)) == map(None, d) == \\\n"
              "    [k for k in d] == list(k for k in d) == [k for n, k in enumerate(d)] == \\\n"
              "    sorted(d, key=lambda k: 0) == [k for k, x in zip(d, d)] == list(iter(d)) \\\n"
              "    == reduce(lambda a, b: a + [b], d, []) == filter(lambda k: 1, d)\n"
              % "".join("d[%r] = 0\n" % key for key in keys))
    assert run_front_end(source, "python27") == ["True"]


# -- random unpackings and loops against the interpreters ------------------------------

#: a value: (source, whether 2.7 has it too)
_ITEM = st.sampled_from(["1", "'a'", "None"])
_VALUES = st.one_of(
    st.lists(_ITEM, max_size=4).map(lambda items: "(%s)" % "".join(i + ", " for i in items)),
    st.lists(_ITEM, max_size=4).map(lambda items: "[%s]" % ", ".join(items)),
    st.text("xyz", max_size=4).map(repr),
    st.integers(0, 4).map(lambda n: "xrange(%d)" % n),
    st.integers(0, 4).map(lambda n: "Items(%d)" % n),
    st.lists(st.integers(0, 9), max_size=3, unique=True).map(
        lambda keys: "{%s}" % ", ".join("%d: 0" % k for k in keys)),
    st.sampled_from(["3", "None", "Empty()", "'%s'"]),
)
_PATTERNS = st.recursive(st.just("_"), lambda inner: st.one_of(
    st.lists(inner, min_size=1, max_size=3).map(lambda items: "(%s,)" % ", ".join(items)),
    st.lists(inner, min_size=1, max_size=3).map(lambda items: "[%s]" % ", ".join(items))),
    max_leaves=4).filter(lambda pattern: pattern != "_")
PRELUDE = ("import sys\n"
           "class Items:\n"
           "    def __init__(self, n):\n"
           "        self.n = n\n"
           "    def __getitem__(self, i):\n"
           "        if i < self.n:\n"
           "            return i\n"
           "        raise IndexError\n"
           "class Empty:\n"
           "    pass\n")


def _named(pattern: str) -> tuple:
    """The pattern with its targets named t0, t1...; the names."""
    names = []
    while "_" in pattern:
        names.append("t%d" % len(names))
        pattern = pattern.replace("_", names[-1], 1)
    return pattern, names


def _case(value: str, pattern: str) -> str:
    pattern, names = _named(pattern)
    shown = ", ".join(names)
    return ("try:\n"
            "    %s = %s\n"
            "    print %s\n"
            "    for %s in [%s]:\n"
            "        print %s\n"
            "    for item in %s:\n"
            "        print item,\n"
            "    print\n"
            "except (TypeError, ValueError, AttributeError), e:\n"
            "    print 'error', e.__class__.__name__, e\n"
            % (pattern, value, shown, pattern, value, shown, value))


def _program(cases) -> str:
    return PRELUDE + "".join(_case(value, pattern) for value, pattern in cases)


_CASES = st.lists(st.tuples(_VALUES, _PATTERNS), min_size=1, max_size=12)


@pytest.mark.parametrize("interpreter, profile", [
    pytest.param(PYTHON15, "python152", id="python15", marks=pytest.mark.skipif(
        not PYTHON15, reason="PYTHON15 names no 1.5 interpreter")),
    pytest.param(PYTHON27, "python27", id="python27", marks=pytest.mark.skipif(
        not PYTHON27, reason="PYTHON27 names no 2.7 interpreter"))])
@settings(max_examples=30, deadline=None, database=None)
@given(_CASES)
def test_random_unpackings_and_loops_as_the_interpreter_does_them(tmp_path_factory, interpreter,
                                                                  profile, cases):
    source = _program(cases)
    expected = run_reference(interpreter, source, tmp_path_factory.mktemp(profile))
    assert run_front_end(source, profile) == expected
