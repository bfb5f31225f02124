"""Tests for the onboard dialect checker (hostsim check)."""
import os
import sys

import pytest

from hostsim.cli import main as hostsim_main
from hostsim.dialect.checker import check_paths, check_source
from hostsim.dialect.rules import PROFILES, RULES, CheckerUsageError, Finding, rules_markdown


def main(argv):
    """``hostsim check ARGV``."""
    return hostsim_main(["check"] + argv)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY310 = sys.version_info >= (3, 10)
PY312 = sys.version_info >= (3, 12)

# (rule, source, line it must be reported on, profile)
POSITIVE = [
    ("D101", "x = 1\nx += 1\n", 2, "python152"),
    ("D102", "l = [i for i in y]\n", 1, "python152"),
    ("D102", "g = (i for i in y)\n", 1, "python152"),
    ("D102", "d = {k: 1 for k in y}\n", 1, "python152"),
    ("D102", "s = {k for k in y}\n", 1, "telit152"),
    ("D103", "import MDM as modem\n", 1, "python152"),
    ("D103", "from MOD import sleep as nap\n", 1, "python152"),
    ("D104", "from MOD import (sleep,\n    secCounter)\n", 1, "python152"),
    ("D105", "f(*args)\n", 1, "python152"),
    ("D105", "f(1, **kw)\n", 1, "telit152"),
    ("D106", "print('hi')\n", 1, "python152"),
    ("D106", "log = print\n", 1, "python27"),
    ("D106", "print >>f, 'x'\n", 1, "python27"),  # parses on 3.x as a shift
    ("D107", "def f():\n    yield 1\n", 2, "python152"),
    ("D108", "def f():\n    yield from g()\n", 2, "python27"),
    ("D109", "with open('x') as f:\n    pass\n", 1, "python152"),
    ("D110", "@dec\ndef f():\n    pass\n", 1, "python152"),
    ("D110", "@dec\nclass C:\n    pass\n", 1, "python152"),
    ("D111", "x = a if c else b\n", 1, "python152"),
    ("D112", "def f(n):\n    return lambda x: x + n\n", 2, "python152"),
    ("D112", "def f(n):\n    def g():\n        return n\n    return g\n", 3, "python152"),
    ("D112", "def f():\n    def g(k):\n        return g(k - 1)\n    return g\n", 3, "telit152"),
    ("D112", "def f(n):\n    class C:\n        size = n\n    return C\n", 3, "python152"),
    ("D112", "def f(n):\n    return lambda: [x + n for x in y]\n", 2, "python152"),
    ("D113", "def f():\n    n = 0\n    def g():\n        nonlocal n\n        n = 1\n",
     4, "python27"),
    ("D114", "def f():\n    n = 0\n    def g():\n        global n\n        n = 1\n",
     4, "python27"),
    ("D115", "try:\n    a()\nexcept E:\n    b()\nfinally:\n    c()\n", 1, "python152"),
    ("D115", "try:\n    a()\nexcept E:\n    b()\nelse:\n    d()\nfinally:\n    c()\n",
     1, "telit152"),
    ("D116", "for i in l:\n    try:\n        continue\n    except E:\n        pass\n",
     3, "python152"),
    ("D116", "while 1:\n    try:\n        if a:\n            continue\n    finally:\n"
             "        b()\n", 4, "python152"),
    ("D117", "for i in l:\n    try:\n        a()\n    finally:\n        continue\n",
     5, "python27"),
    ("D118", "t = s[::2]\n", 1, "python152"),
    ("D118", "t = s[1:5:2]\n", 1, "python152"),
    ("D118", "t = s[::]\n", 1, "python152"),
    ("D118", "t = 'abcd'[::-1]\n", 1, "telit152"),
    ("D119", "q = a // b\n", 1, "python152"),
    ("D119", "q = 7\nq //= 2\n", 2, "python152"),
    ("D120", "c = a @ b\n", 1, "python27"),
    ("D121", "if (n := f()):\n    pass\n", 1, "python27"),
    ("D122", "s = f'{x}'\n", 1, "python27"),
    ("D123", "s = b'x'\n", 1, "python27"),
    ("D123", "s = u'x'\n", 1, "python152"),
    ("D123", "s = rb'x'\n", 1, "python152"),
    ("D123", "s = BR'x'\n", 1, "python152"),
    ("D124", "n = 0o17\n", 1, "python152"),
    ("D124", "n = 0b101\n", 1, "telit152"),
    ("D125", "n = 1_000\n", 1, "python27"),
    ("D126", "a, *b = l\n", 1, "python27"),
    ("D126", "l = [*a, 1]\n", 1, "python27"),
    ("D126", "d = {**e}\n", 1, "python27"),
    ("D127", "def f(a, *, b=1):\n    pass\n", 1, "python27"),
    ("D127", "def f(a, /, b):\n    pass\n", 1, "python27"),
    ("D128", "def f(a: int):\n    pass\n", 1, "python27"),
    ("D128", "def f(a) -> int:\n    pass\n", 1, "python27"),
    ("D128", "n: int = 1\n", 1, "python27"),
    ("D129", "try:\n    a()\nexcept E as e:\n    pass\n", 3, "python152"),
    ("D130", "async def f():\n    await g()\n", 1, "python27"),
    ("D130", "async def f():\n    await g()\n", 2, "python27"),
    ("D131", "raise E('x') from None\n", 1, "python27"),
    ("D131", "class C(metaclass=M):\n    pass\n", 1, "python27"),
    ("D131", "x = ...\n", 1, "python27"),
    pytest.param("D131", "match x:\n    case 1:\n        pass\n", 1, "python27",
                 marks=pytest.mark.skipif(not PY310, reason="match needs 3.10")),
    pytest.param("D131", "type N = int\n", 1, "python27",
                 marks=pytest.mark.skipif(not PY312, reason="type needs 3.12")),
    pytest.param("D131", "def f[T](x):\n    pass\n", 1, "python27",
                 marks=pytest.mark.skipif(not PY312, reason="type parameters need 3.12")),
    ("D132", "s = {1, 2}\n", 1, "python152"),
    ("D133", "s = '\\u00e9'\n", 1, "python27"),
    ("D133", "s = 'a\\N{EM DASH}'\n", 1, "python152"),
    ("D201", "h = a / b\n", 1, "python27"),
    ("D201", "h = 8\nh /= 2\n", 2, "python152"),
    ("D202", "x = 1.5\n", 1, "python152"),
    ("D202", "x = 1e3\n", 1, "python152"),
    ("D202", "x = 2j\n", 1, "telit152"),
    ("D202", "x = float(s)\n", 1, "python152"),
    ("D203", "x = 0xffffffff\n", 1, "python152"),
    ("D203", "x = 4294967296\n", 1, "telit152"),
    ("D203", "x = -2147483648\n", 1, "python152"),
    ("D204", "if isinstance(x, str):\n    pass\n", 1, "python152"),
    ("D204", "ok = isinstance(x, (int, long))\n", 1, "telit152"),
    ("D205", "ok = 'k' in {}\n", 1, "python152"),
    ("D205", "d = {}\nif k not in d:\n    pass\n", 2, "telit152"),
    ("D206", "if d.has_key(k):\n    pass\n", 1, "python27"),
    ("D207", "if 'ab' in s:\n    pass\n", 1, "python152"),
    ("D207", "ok = 'OK' not in reply\n", 1, "telit152"),
    ("D208", "l.sort(key=f)\n", 1, "python152"),
    ("D208", "l.sort(reverse=1)\n", 1, "telit152"),
    ("D209", "l.sort(f)\n", 1, "python27"),
    ("D209", "l.sort(cmp=f)\n", 1, "python27"),
    ("D209", "m = sorted(l, f)\n", 1, "python27"),
    ("D210", "s = '%r' % (x,)\n", 1, "python152"),
    ("D210", "s = '%(a)-5r' % d\n", 1, "python152"),
    ("D211", "n = int(s, 16)\n", 1, "python152"),
    ("D211", "n = int(s, base=16)\n", 1, "telit152"),
    ("D212", "i = s.find('x')\n", 1, "python152"),
    ("D212", "u = 'abc'.upper()\n", 1, "python152"),
    ("D212", "j = ','.join(l)\n", 1, "python152"),
    ("D212", "c = 'abc'.count('a')\n", 1, "python152"),
    ("D213", "s = '{}'.format(x)\n", 1, "telit152"),
    ("D213", "a, sep, b = s.partition(',')\n", 1, "python152"),
    ("D214", "b = s.encode('latin-1')\n", 1, "python27"),
    ("D214", "t = s.removeprefix('AT')\n", 1, "python27"),
    ("D215", "k = d.keys()[0]\n", 1, "python27"),
    ("D215", "n = range(3)[0]\n", 1, "python27"),
    ("D215", "d.keys().sort()\n", 1, "python27"),
    ("D216", "raise 'oops'\n", 1, "python27"),
    ("D216", "try:\n    a()\nexcept 'oops':\n    pass\n", 3, "python27"),
    ("D301", "for a, b in zip(l, m):\n    pass\n", 1, "python152"),
    ("D301", "ok = True\n", 1, "telit152"),
    ("D301", "class C(object):\n    pass\n", 1, "python152"),
    ("D301", "d = dict(a=1)\n", 1, "python152"),
    ("D301", "s = set()\n", 1, "python152"),
    ("D302", "for i in xrange(3):\n    pass\n", 1, "python27"),
    ("D302", "b = bytes(3)\n", 1, "python27"),
    ("D302", "n = reduce(f, l)\n", 1, "python152"),
    ("D303", "import time\n", 1, "python152"),
    ("D303", "from os import path\n", 1, "telit152"),
    ("D303", "import MOD, string\n", 1, "python152"),
    ("D304", "import os.path\n", 1, "python152"),
    ("D304", "from . import helper\n", 1, "python152"),
    ("D401", "x = `y`\n", 1, "python27"),
    ("D402", "", 1, "python152"),  # see _path_for
    ("D403", "", 1, "python152"),
    ("D404", "# caf\u00e9\n", 1, "python27"),
    ("D405", "x = 1  # dialect-ok: D999\n", 1, "python27"),
]

# The file-name rules need a path; everything else is checked as "<string>".
PATHS = {"D402": "fourteen_chars.py", "D403": "__init__.py"}  # 17 characters

# (rule, source, profile): near misses that must not be reported under that rule.
NEGATIVE = [
    ("D101", "x = x + 1\n", "python152"),
    ("D101", "x += 1\n", "python27"),
    ("D102", "l = []\nfor i in y:\n    l.append(i)\n", "python152"),
    ("D102", "l = [i for i in y]\n", "python27"),
    ("D103", "import MDM\nmodem = MDM\n", "python152"),
    ("D104", "from MOD import sleep, secCounter\n", "python152"),
    ("D105", "def f(*args, **kw):\n    return g(args, kw)\n", "python152"),
    ("D105", "f(*args)\n", "python27"),
    ("D106", "log('hi')\n", "python152"),
    ("D107", "def f():\n    return [1]\n", "python152"),
    ("D108", "def f():\n    yield 1\n", "python27"),
    ("D109", "f = open('x')\ntry:\n    f.read()\nfinally:\n    f.close()\n", "python152"),
    ("D110", "def f():\n    pass\nf = dec(f)\n", "python152"),
    ("D111", "if c:\n    x = a\nelse:\n    x = b\n", "python152"),
    ("D112", "def f(n):\n    return lambda x, n=n: x + n\n", "python152"),
    ("D112", "N = 1\ndef f():\n    return lambda x: x + N\n", "python152"),
    ("D112", "def f(n):\n    def g(k=n):\n        return k\n    return g\n", "python152"),
    ("D112", "def f(n):\n    return lambda x: x + n\n", "python27"),
    ("D113", "def f():\n    global n\n    n = 1\n", "python27"),
    ("D114", "N = 0\ndef f():\n    def g():\n        global N\n        N = 1\n", "python27"),
    ("D115", "try:\n    try:\n        a()\n    except E:\n        b()\nfinally:\n    c()\n",
     "python152"),
    ("D116", "for i in l:\n    try:\n        a()\n    except E:\n        continue\n",
     "python152"),
    ("D116", "try:\n    for i in l:\n        continue\nexcept E:\n    pass\n", "python152"),
    ("D116", "for i in l:\n    try:\n        a()\n    except E:\n        pass\n    else:\n"
             "        continue\n", "python152"),
    ("D117", "try:\n    a()\nfinally:\n    for i in l:\n        continue\n", "python27"),
    ("D118", "t = s[1:3]\n", "python152"),
    ("D118", "t = s[:]\n", "python152"),
    ("D118", "l = [lambda: 1, lambda x: x]\n", "python152"),
    ("D118", "t = s[d[1:2]:]\n", "python152"),
    ("D119", "q, r = divmod(a, b)\n", "python152"),
    ("D119", "q = a // b\n", "python27"),
    ("D120", "c = a * b\n", "python27"),
    ("D121", "n = f()\nif n:\n    pass\n", "python27"),
    ("D122", "s = '%s' % x\n", "python27"),
    ("D123", "s = r'x\\d'\n", "python152"),
    ("D124", "n = 0x1f\n", "python152"),
    ("D124", "n = 0o17\n", "python27"),
    ("D125", "n = 1000\n", "python27"),
    ("D126", "a, b = l\n", "python27"),
    ("D126", "f(*args)\n", "python152"),
    ("D127", "def f(a, b=1, *args, **kw):\n    pass\n", "python27"),
    ("D128", "def f(a, b=1):\n    pass\n", "python27"),
    ("D129", "try:\n    a()\nexcept E:\n    e = sys.exc_info()[1]\n", "python152"),
    ("D130", "def f():\n    return g()\n", "python27"),
    ("D131", "raise E('x')\n", "python27"),
    ("D131", "class C(Base):\n    pass\n", "python27"),
    ("D132", "d = {1: 2}\n", "python152"),
    ("D133", "s = '\\xe9'\n", "python152"),
    ("D133", "s = r'\\u00e9'\n", "python152"),
    ("D133", "s = '\\\\u00e9'\n", "python152"),
    ("D201", "q, r = divmod(a, b)\n", "python27"),
    ("D202", "x = 15\n", "python152"),
    ("D202", "x = 0x1e\n", "python152"),
    ("D202", "x = 1.5\n", "python27"),
    ("D203", "x = 0x7fffffff\n", "python152"),
    ("D203", "x = -2147483647 - 1\n", "python152"),
    ("D204", "if type(x) == type(''):\n    pass\n", "python152"),
    ("D204", "if isinstance(x, MyError):\n    pass\n", "python152"),
    ("D205", "ok = 'k' in [1]\n", "python152"),
    ("D205", "d = {}\nif d.get(k) is not None:\n    pass\n", "python152"),
    ("D205", "d = {}\ndef f(d):\n    return k in d\n", "python152"),
    ("D205", "ok = 'k' in {}\n", "python27"),
    ("D206", "v = d.get(k)\n", "python27"),
    ("D207", "if 'c' in s:\n    pass\n", "python152"),
    ("D207", "if 'ab' in ['ab', 'cd']:\n    pass\n", "python152"),
    ("D207", "if 'ab' in s:\n    pass\n", "python27"),
    ("D208", "l.sort()\n", "python152"),
    ("D208", "l.sort(key=f)\n", "python27"),
    ("D209", "l.sort(key=f)\n", "python27"),
    ("D210", "s = '%s' % (repr(x),)\n", "python152"),
    ("D210", "s = '100%%r' % ()\n", "python152"),
    ("D211", "n = int(s)\n", "python152"),
    ("D212", "l.append(x)\nl.index(x)\nl.count(x)\n", "python152"),
    ("D212", "import string\ni = string.find(s, 'x')\n", "python152"),
    ("D212", "i = s.find('x')\n", "telit152"),
    ("D213", "s = '%s' % x\n", "telit152"),
    ("D213", "s = '{}'.format(x)\n", "python27"),
    ("D214", "i = s.find('x')\n", "python27"),
    ("D215", "k = list(d.keys())[0]\n", "python27"),
    ("D216", "raise E('oops')\n", "python27"),
    ("D301", "def zip(a, b):\n    return a\nz = zip(1, 2)\n", "python152"),
    ("D301", "class C:\n    pass\n", "python152"),
    ("D301", "ok = 1\nnothing = None\n", "python152"),
    ("D301", "ok = True\n", "python27"),
    ("D302", "for i in range(3):\n    pass\n", "python27"),
    ("D303", "import MDM\nimport sys\nimport MDM2, MOD, SER, SER2, GPIO, IIC, SPI, GPS\n",
     "python152"),
    ("D303", "import time\n", "python27"),
    ("D304", "import MOD\n", "python152"),
    ("D401", "x = repr(y)\n", "python152"),
    ("D402", "", "python152"),  # a 16-character name, see NEGATIVE_PATHS
    ("D403", "", "python152"),
    ("D404", "s = '\\xe9'\n", "python152"),
    ("D405", "x += 1  # dialect-ok: D101\n", "python152"),
]

NEGATIVE_PATHS = {"D402": "thirteen_char.py", "D403": "main.py"}  # 16 characters


def _rules_at(source, path="<string>", profile="python152"):
    return {(finding.rule, finding.line) for finding in check_source(source, path, profile)}


@pytest.mark.parametrize("rule, source, line, profile", POSITIVE)
def test_rule_reported(rule, source, line, profile):
    assert (rule, line) in _rules_at(source, PATHS.get(rule, "<string>"), profile)


@pytest.mark.parametrize("rule, source, profile", NEGATIVE)
def test_near_miss_not_reported(rule, source, profile):
    found = check_source(source, NEGATIVE_PATHS.get(rule, "<string>"), profile)
    assert rule not in {finding.rule for finding in found}


def _rule_of(entry):
    return entry.values[0] if hasattr(entry, "values") else entry[0]


def test_every_listed_rule_has_a_positive_and_a_negative_sample():
    assert {_rule_of(entry) for entry in POSITIVE} == set(RULES)
    assert {entry[0] for entry in NEGATIVE} == set(RULES)


def test_rule_table_is_well_formed():
    for rule_id, rule in RULES.items():
        assert rule_id[0] == "D" and rule_id[1] in "1234" and len(rule_id) == 4
        assert rule.profiles and set(rule.profiles) <= set(PROFILES)
        assert rule.flags and rule.instead


def test_the_manual_holds_the_rendered_rule_table():
    with open(os.path.join(REPO, "docs", "checker.md"), encoding="utf-8") as handle:
        assert rules_markdown() in handle.read()


def test_finding_format_and_order():
    found = check_source("x += 1\ny = a // b\n", "m.py")
    assert [str(finding).split(" ")[:2] for finding in found] == [
        ["m.py:1:1:", "D101"], ["m.py:2:5:", "D119"]]
    assert found[0] == Finding("m.py", 1, 1, "D101", found[0].message)
    assert "x = x + 1" in found[0].message


def test_findings_sorted_by_line_col_rule():
    found = check_source("q //= 2\nz = zip(a, b)\n")
    keys = [(finding.line, finding.col, finding.rule) for finding in found]
    assert keys == sorted(keys) and ("D101" in {f.rule for f in found})


def test_unknown_profile():
    with pytest.raises(CheckerUsageError, match="unknown profile"):
        check_source("x = 1\n", profile="python3")


def test_profiles_differ():
    source = "x += 1\ni = s.find('a')\nprint(x)\n"
    assert {f.rule for f in check_source(source, profile="python152")} == {
        "D101", "D106", "D212"}
    assert {f.rule for f in check_source(source, profile="telit152")} == {"D101", "D106"}
    assert {f.rule for f in check_source(source, profile="python27")} == {"D106"}


# --- silencing ---------------------------------------------------------------

def test_silencing_covers_only_its_line():
    found = _rules_at("x += 1  # dialect-ok: D101\nx += 1\n")
    assert found == {("D101", 2)}


def test_silencing_covers_only_the_named_rule():
    assert _rules_at("q //= 2  # dialect-ok: D101\n") == {("D119", 1)}


def test_silencing_several_rules():
    assert _rules_at("q //= 2  # dialect-ok: D101, D119\n") == set()


def test_silencing_allows_a_reason_after_the_ids():
    assert _rules_at("i = s.find('x')  # dialect-ok: D212 the compat module\n") == set()


def test_unknown_id_in_comment_is_reported():
    found = check_source("x += 1  # dialect-ok: D101, X12\n")
    assert [(f.rule, f.line, f.col) for f in found] == [("D405", 1, 9)]
    assert "X12" in found[0].message


def test_no_global_silencing():
    source = "# dialect-ok: D101\nx += 1\n"
    assert _rules_at(source) == {("D101", 2)}


# --- whole files ---------------------------------------------------------------

# Each 2.x construct is its own finding (the print statement under D106, the others
# under D401), and the other rules still run on the rest of the source.
@pytest.mark.parametrize("source, construct, rules", [
    ("x = `y`\n", "backquotes", ["D401"]),
    ("if a <> b:\n    pass\n", "<>", ["D401"]),
    ("x = 0777\n", "0777", ["D401"]),
    ("x = 10L\n", "10L", ["D401"]),
    ("print 'x'\n", "print statement", ["D106"]),
    ("exec 'x = 1' in d\n", "exec statement", ["D401"]),
    ("try:\n    pass\nexcept E, e:\n    pass\n", "except E, e", ["D401"]),
    ("raise E, 'm'\n", "raise E, msg", ["D401"]),
    ("def f(a, (b, c)):\n    pass\n", "tuple parameter", ["D401"]),
    ("s = ur'x'\n", "ur''", ["D123", "D401"]),  # the `u` is a D123 finding of its own
    ("True = 1\n", "True/False", ["D401"]),
    ("True, False = 1, 0\n", "True/False", ["D401", "D401"]),  # one per name
])
def test_python2_construct_is_named(source, construct, rules):
    found = check_source(source, profile="python27")
    assert [f.rule for f in found] == rules
    assert construct in [f for f in found if f.rule == rules[-1]][0].message


def test_unparseable_source_points_at_the_error():
    found = check_source("x = 1\ny = (\n")
    assert [(f.rule, f.line) for f in found] == [("D401", 2)]
    assert "cannot parse" in found[0].message


def test_unparseable_source_still_gets_file_rules():
    rules = {f.rule for f in check_source("# caf\u00e9\nx = `y`\n", "__init__.py")}
    assert rules == {"D401", "D403", "D404"}


def test_non_ascii_position():
    found = check_source("x = 1\ns = 'a\u00e9'\n")
    assert [(f.rule, f.line, f.col) for f in found] == [("D404", 2, 7)]


def test_file_name_length_counts_the_extension(tmp_path):
    ok, long = tmp_path / "abcdefghijklm.py", tmp_path / "abcdefghijklmn.py"
    ok.write_text("x = 1\n")
    long.write_text("x = 1\n")
    assert check_paths([str(ok)]) == []
    assert [f.rule for f in check_paths([str(long)])] == ["D402"]


def test_non_utf8_file_is_read_and_reported(tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(b"# caf\xe9\n")
    assert [(f.rule, f.line) for f in check_paths([str(path)])] == [("D404", 1)]


# --- paths ---------------------------------------------------------------------

def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_folder_recursion_skips_hidden_and_pycache(tmp_path):
    _write(tmp_path / "a.py", "x += 1\n")
    _write(tmp_path / "sub" / "deeper" / "b.py", "y += 1\n")
    _write(tmp_path / "__pycache__" / "c.py", "z += 1\n")
    _write(tmp_path / ".hidden" / "d.py", "z += 1\n")
    _write(tmp_path / "notes.txt", "z += 1\n")
    found = check_paths([str(tmp_path)])
    assert [os.path.relpath(f.path, str(tmp_path)) for f in found] == [
        "a.py", os.path.join("sub", "deeper", "b.py")]


def test_sibling_modules_may_be_imported(tmp_path):
    _write(tmp_path / "helper.py", "x = 1\n")
    _write(tmp_path / "main.py", "import helper\nimport other\n")
    found = check_paths([str(tmp_path / "main.py")])
    assert [(f.rule, f.line) for f in found] == [("D303", 2)]


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(CheckerUsageError, match="no such file"):
        check_paths([str(tmp_path / "nope.py")])


def test_unreadable_file_is_a_usage_error(tmp_path):
    path = tmp_path / "locked.py"
    path.write_text("x = 1\n")
    path.chmod(0)
    if os.access(str(path), os.R_OK):
        pytest.skip("running as a user who can read anything")
    with pytest.raises(CheckerUsageError, match="cannot read"):
        check_paths([str(path)])


@pytest.mark.parametrize("folder", ["onboard", os.path.join("hostsim", "script", "shims"),
                                    os.path.join("hostsim", "script", "bridge")])
def test_repository_onboard_code_is_clean(folder):
    path = os.path.join(REPO, folder)
    if not os.path.isdir(path):
        pytest.skip("%s does not exist yet" % folder)
    assert [str(finding) for finding in check_paths([path])] == []


# --- command line ----------------------------------------------------------------

def test_main_clean(tmp_path, capsys):
    _write(tmp_path / "ok.py", "x = x + 1\n")
    assert main([str(tmp_path)]) == 0
    assert capsys.readouterr().out == ""


def test_main_findings(tmp_path, capsys):
    path = tmp_path / "bad.py"
    _write(path, "x = 1\nx += 1\n")
    assert main(["--profile", "telit152", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("%s:2:1: D101 " % path)


def test_main_profile_changes_the_result(tmp_path, capsys):
    path = tmp_path / "aug.py"
    _write(path, "x = 1\nx += 1\n")
    assert main(["--profile", "python27", str(path)]) == 0


def test_main_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "x.py")]) == 2
    err = capsys.readouterr().err
    assert err == "hostsim check: error: no such file: %s\n" % (tmp_path / "x.py")


@pytest.mark.parametrize("argv", [[], ["--profile", "python3", "x.py"], ["--bogus", "x.py"]])
def test_main_usage_errors(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("hostsim check: error: ") and err.count("\n") == 1


def test_main_list_rules(capsys):
    assert main(["--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    assert "python152, telit152" in lines[0] and "augmented assignment" in lines[0]
