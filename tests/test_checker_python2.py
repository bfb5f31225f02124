"""The dialect checker on Python 2 sources: the front end's parse, ``native`` checks, a 1.5.2 corpus."""
import glob
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deploy.errors import RefusedInput
from deploy.local import prepare
from hostsim.cli import main as hostsim_main
from hostsim.dialect.checker import check_paths, check_source
from hostsim.dialect.rules import PROFILES, RULES

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = sorted(glob.glob(os.path.join(HERE, "checker_corpus", "*.py")))
# What real 1.5.2 code may be told under the onboard dialect: it runs on 1.5.2 but
# not unchanged on 3.x (or, D303 and D404, not on every module).
ONBOARD_ONLY = {"D106", "D201", "D206", "D209", "D302", "D303", "D401", "D404"}


def _found(source, profile="python152", native=False):
    return [(f.rule, f.line, f.col) for f in check_source(source, "<string>", profile, native)]


def _rules(source, profile="python152", native=False):
    return {f.rule for f in check_source(source, "<string>", profile, native)}


# --- one parse, every rule -------------------------------------------------------

def test_print_statement_leaves_the_other_rules_on():
    source = "print 'x'\nx += 1\ny = s.find('a')\n"
    assert _found(source) == [("D106", 1, 1), ("D101", 2, 1), ("D212", 3, 5)]


# A binary operation is reported where its left operand starts.
@pytest.mark.parametrize("source, rule, col", [
    ("print 'a', b // c\n", "D119", 12),
    ("print >>f, b // c\n", "D119", 12),
    ("raise E, 'm' + a // b\n", "D119", 16),
    ("exec 'x' in d; q = a // b\n", "D119", 20),
    ("x = 10L + `y` + a // b\n", "D119", 17),
    ("if a <> b: q = {1, 2}\n", "D132", 16),
])
def test_columns_are_those_of_the_source(source, rule, col):
    assert (rule, 1, col) in _found(source)


def test_the_rewritten_2x_forms_raise_nothing_of_their_own():
    source = ("try:\n    a()\nexcept E, e:\n    raise E, e\n"
              "try:\n    a()\nexcept E as e:\n    raise E('x') from e\n")
    assert _found(source) == [
        ("D401", 3, 9), ("D401", 4, 12), ("D129", 7, 1), ("D131", 8, 5)]


def test_python3_only_syntax_in_a_python2_source_keeps_its_rules():
    source = ("print 'x'\ns = f'{x}'\ndef f(a, *, b):\n    n = 0\n    def g():\n"
              "        nonlocal n\n    return a @ b\n")
    assert _rules(source, "python27") == {"D106", "D122", "D127", "D113", "D120"}


def test_tab_indentation_counts_as_on_152():
    source = "if 1:\n\tx = 1\n        y = x + 1\n\tprint y\n"
    assert _found(source) == [("D106", 4, 2)]


def test_bare_print_and_print_as_a_function():
    assert _found("print\n") == [("D106", 1, 1)]
    assert _found("print\n", native=True) == []
    assert _found("print('hi')\n", native=True) == []
    assert _found("log = print\n", "python27", native=True) == [("D106", 1, 7)]
    assert _found("print('a', end='')\n", "python27", native=True) == [("D106", 1, 1)]


@pytest.mark.parametrize("source", ["print >>f, x\n", "print 'a'\nprint >>f, x\n"])
def test_print_to_a_file_needs_python_20(source):
    assert ("D106", len(source.split("\n")) - 1, 1) in _found(source, native=True)
    assert _found(source, "python27", native=True) == []


def test_source_neither_grammar_parses():
    found = check_source("x = 1\ny = (\n", native=True)
    assert [(f.rule, f.line) for f in found] == [("D401", 2)]


def test_star_import_in_a_function():
    source = "def f():\n    from string import *\n    print atoi('1')\n"
    assert _rules(source) == {"D106", "D303"}
    assert _found(source, native=True) == []


# --- names 1.5.2 code defines ------------------------------------------------------

def test_names_from_a_star_import_are_not_builtin_misuse():
    source = "from compat import *\nok = True\nz = zip(a, b)\nn = float(x)\nr = reduce(f, l)\n"
    assert _rules(source) == {"D303"}


def test_true_and_false_assigned_by_the_module():
    assert _found("True, False = 1, 0\nok = True\n") == [("D401", 1, 1), ("D401", 1, 7)]
    assert _found("True, False = 1, 0\nok = True\n", native=True) == []
    assert _found("ok = True\n", native=True) == [("D301", 1, 6)]


# --- native: is this valid code for the profile's interpreter? ---------------------

def test_2x_constructs_are_valid_152():
    source = ("print 'x',\nx = `y`\nexec 'z = 1' in d\nif a <> b:\n    pass\n"
              "n = 0777 + 10L\ndef f(a, (b, c)):\n    pass\n"
              "try:\n    f()\nexcept E, e:\n    raise E, 'again'\n")
    for profile in PROFILES:
        assert _found(source, profile, native=True) == []
    assert _found("s = ur'x'\n", native=True) == [("D123", 1, 5)]  # 1.5.2 has no u''


def test_native_keeps_what_fails_on_152():
    source = "x += 1\nl = [i for i in y]\nq = a // b\nif 'ab' in s:\n    pass\n"
    assert _rules(source, native=True) == {"D101", "D102", "D119", "D207"}
    assert _rules(source, "python27", native=True) == set()


@pytest.mark.parametrize("source, profile, reported", [
    ("x = 0xffffffff\n", "python152", False),        # -1 on 1.5.2
    ("x = 4294967296\n", "python152", True),          # too large for 1.5.2
    ("n = reduce(f, l)\n", "python152", False),
    ("u = unicode(s)\n", "python152", True),
    ("u = unicode(s)\n", "python27", False),
    ("a = ascii(x)\n", "python27", True),
    ("from . import helper\n", "python152", True),
    ("import os.path\n", "python152", False),         # 1.5.2 has packages
    ("import os.path\n", "telit152", True),           # the module's store has none
    ("x = 1.5\n", "python152", False),                # stock 1.5.2 has floats
    ("x = 1.5\n", "telit152", True),
    ("raise 'oops'\n", "python152", False),
    ("raise 'oops'\n", "python27", True),
])
def test_native_per_profile(source, profile, reported):
    assert bool(_found(source, profile, native=True)) is reported


def test_non_ascii_comments_per_profile():
    latin = "# r\xe9sum\xe9 des commandes\nx = 1\n"
    assert _rules(latin) == {"D404"}
    assert _found(latin, "python152", native=True) == []
    assert _found(latin, "telit152", native=True) == []
    assert _found(latin, "python27", native=True) == [("D404", 1, 4)]
    declared = "# -*- coding: latin-1 -*-\n" + latin
    assert _found(declared, "python27", native=True) == []
    assert _rules(declared, "python27") == {"D404"}


def test_native_rules_are_onboard_rules():
    for rule in RULES.values():
        assert set(rule.native) <= set(rule.profiles)


def test_command_line_native(tmp_path, capsys):
    path = tmp_path / "old.py"
    path.write_text("print 'hello'\n")
    assert hostsim_main(["check", "--native", str(path)]) == 0
    assert hostsim_main(["check", str(path)]) == 1
    assert capsys.readouterr().out.startswith("%s:1:1: D106 the print statement" % path)


# --- telit-deploy: what the module runs is what it checks ---------------------------

def test_deploy_uploads_real_152_code(tmp_path):
    path = tmp_path / "old.py"
    path.write_bytes(b"import MOD\nprint 'up', `MOD.secCounter()`\n")
    assert prepare(str(path)).name == "old.py"
    path.write_bytes(b"x = 1\nx += 1\n")
    with pytest.raises(RefusedInput, match="hostsim check --native --profile telit152"):
        prepare(str(path))


# --- a corpus of real-style 1.5.2 scripts -------------------------------------------

def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 15


@pytest.mark.parametrize("path", CORPUS, ids=os.path.basename)
def test_corpus_is_valid_152(path):
    assert [str(f) for f in check_paths([path], "python152", native=True)] == []
    assert [str(f) for f in check_paths([path], "telit152", native=True)] == []


@pytest.mark.parametrize("path", CORPUS, ids=os.path.basename)
def test_corpus_gets_only_true_onboard_findings(path):
    with open(path, "rb") as handle:
        lines = handle.read().decode("latin-1").split("\n")
    for finding in check_paths([path], "python152"):
        assert finding.rule in ONBOARD_ONLY, str(finding)
        text = lines[finding.line - 1][finding.col - 1:]
        if finding.rule == "D106":
            assert text.startswith("print"), str(finding)
        if finding.rule == "D401":
            assert "cannot parse this" not in finding.message, str(finding)


# --- properties ------------------------------------------------------------------------

VALID_152_LINES = [
    "print 'a', x,", "print", "x = `y`", "exec 'z = 1' in d", "n = 10L + 0777",
    "if a <> b: pass", "try: f()\nexcept E, e: pass", "raise E, 'msg'", "def f(a, (b, c)): pass",
    "True, False = 1, 0", "import string\ns = string.join(l, ',')", "d.has_key(k)",
    "l.sort(cmpfunc)", "x = apply(f, (1,))", "q = a / b", "if 1:\n\tx = 1\n        print x",
    "# caf\xe9", "class C: pass", "lambda (a, b): a", "k = x and y or z",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(VALID_152_LINES), min_size=1, max_size=12))
def test_any_mix_of_valid_152_lines_is_valid_152(lines):
    source = "\n".join(lines) + "\n"
    assert _found(source, native=True) == []
    assert _rules(source) <= ONBOARD_ONLY


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(
    ["print", " ", "x", ",", "`", "<>", "10L", "0777", "except", ":", "\n", "\t", "(", ")",
     "def", "lambda", "=", "True", "exec", "in", "raise", "'s'", "\\", "#", "import", "*",
     "1", ";", ">>", "ur", "async", "from", "f'{x}'"]), max_size=40).map("".join),
       st.sampled_from(PROFILES), st.booleans())
def test_any_text_gets_findings_not_an_exception(source, profile, native):
    for finding in check_source(source, "<string>", profile, native):
        assert finding.rule in RULES and finding.line >= 1 and finding.col >= 1


def test_a_non_ascii_name_is_a_finding_on_every_profile_even_natively():
    source = "x = 1\ncaf\xe9 = 2   # \xe9t\xe9\n"
    for profile in ("python152", "telit152", "python27"):
        findings = check_source(source, "cafe.py", profile, native=True)
        assert [(f.line, f.col, f.rule) for f in findings] == [(2, 4, "D404")], profile
    assert check_source("x = 1   # \xe9t\xe9\n", "ok.py", "python152", native=True) == []
