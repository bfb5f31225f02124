"""The module form of a source: compacted, CR LF, and the same code line for line."""
import io
import tokenize
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.script.runner import EXCEPTION, Runner, load_files
from hostsim.script.uploadform import compact, crlf, module_form

ROOT = Path(__file__).resolve().parent.parent
CORPUS_152 = ROOT / "tests" / "frontend" / "corpus"   # 1.5.2 programs, not Python 3
CHECKER_CORPUS = ROOT / "tests" / "checker_corpus"    # 1.5.2 modules for the checker
SCRIPTS_152 = ROOT / "tests" / "scripts152"           # 1.5.2 programs for hostsim run
SOURCES = sorted(path for folder in ("onboard", "hostsim", "deploy", "bench", "tests")
                 for path in (ROOT / folder).rglob("*.py")
                 if not {CORPUS_152, CHECKER_CORPUS, SCRIPTS_152} & set(path.parents))


def line_table(code):
    if hasattr(code, "co_lines"):
        return list(code.co_lines())
    return code.co_lnotab


def same_code(a, b):
    """Bytecode, names, constants (docstrings too) and line numbers, all the way down."""
    if hasattr(a, "co_code"):
        return (hasattr(b, "co_code") and a.co_code == b.co_code and a.co_names == b.co_names
                and a.co_varnames == b.co_varnames and a.co_firstlineno == b.co_firstlineno
                and line_table(a) == line_table(b) and len(a.co_consts) == len(b.co_consts)
                and all(same_code(x, y) for x, y in zip(a.co_consts, b.co_consts)))
    return type(a) == type(b) and a == b


def assert_same_program(source: bytes):
    compacted = compact(source)
    assert compacted.count(b"\n") == source.count(b"\n")
    assert same_code(compile(source, "x.py", "exec"), compile(compacted, "x.py", "exec"))
    assert compact(compacted) == compacted
    return compacted


def comments(source: bytes):
    tokens = tokenize.generate_tokens(io.StringIO(source.decode("latin-1")).readline)
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_source_of_the_project_compacts_to_the_same_code(path):
    source = path.read_bytes()
    compacted = assert_same_program(source)
    assert comments(compacted) == []


def test_the_compacted_form_line_by_line():
    source = b'''# -*- coding: ascii -*-
# a comment line
import MOD   # trailing


def f(a,   # inside brackets
      b):
    """Docstring: kept."""
    text = """two lines,\x20\x20
        the second indented"""   # after a string
    if a:
        return b + \\
            '#not a comment'
    # at another depth

    return text
'''
    assert compact(source) == b'''# -*- coding: ascii -*-

import MOD


def f(a,
\tb):
\t"""Docstring: kept."""
\ttext = """two lines,\x20\x20
        the second indented"""
\tif a:
\t\treturn b + \\
\t\t\t'#not a comment'


\treturn text
'''
    assert_same_program(source)


def test_python_2_syntax_that_host_python_tokenizes_is_compacted():
    source = b"if 1:\n    print 'x'  # py2\n    exec 'y'\n"
    assert compact(source) == b"if 1:\n\tprint 'x'\n\texec 'y'\n"


@pytest.mark.parametrize("source", [
    b"if 1:\n        x = 1\n    y = 2\n",          # a dedent to no known level
    b"x = (1,\n",                                    # an unclosed bracket
    b"s = '''never closed\n",
], ids=["bad-dedent", "open-bracket", "open-string"])
def test_a_source_host_python_cannot_tokenize_is_left_as_it_is(source):
    assert compact(source) == source


def test_module_form_has_crlf_and_verbatim_keeps_everything():
    source = b"if 1:  # c\r\n    x = 1\n"
    assert module_form(source) == b"if 1:\r\n\tx = 1\r\n"
    assert module_form(source, verbatim=True) == crlf(source) == b"if 1:  # c\r\n    x = 1\r\n"


# -- generated programs ---------------------------------------------------------------------

COMMENT = st.sampled_from(["", "  # note", "\t#", " # with 'quotes' and \"\"\""])
SIMPLE = st.sampled_from([
    "x = 1", "y = 'a # b'", "z = (1,\n{i}  2)", "w = [3, # c\n{i}4]", "v = 1 + \\\n{i}    2",
    's = """a\n  b  \n{i}c"""', "pass", "t = '''\n'''", "u = x; q = 2",
])


@st.composite
def programs(draw, depth=0):
    """Blocks of statements with varied indentation units, comments and blank lines."""
    unit = draw(st.sampled_from(["    ", "  ", " ", "\t", "        ", "   "]))
    lines = []

    def block(level):
        indent = unit * level
        lines.append(indent + "pass")
        for _ in range(draw(st.integers(0, 4))):
            choice = draw(st.integers(0, 5))
            if choice == 0 and level < 4:
                header = draw(st.sampled_from(["if x:", "while 0:", "def f(a):", "class C:",
                                               "try:"]))
                lines.append(indent + header + draw(COMMENT))
                block(level + 1)
                if header == "try:":
                    lines.append(indent + "except Exception:" + draw(COMMENT))
                    block(level + 1)
            elif choice == 1:
                lines.append(draw(st.sampled_from(["", "   ", "\t"])))
            elif choice == 2:
                lines.append(draw(st.sampled_from(["", " ", "      "])) + "# a comment line")
            else:
                lines.append(indent + draw(SIMPLE).format(i=indent) + draw(COMMENT))

    block(0)
    lines.append("pass")
    return ("x = 0\n" + "\n".join(lines) + "\n").encode("ascii")


@settings(max_examples=300, deadline=None)
@given(programs())
def test_any_program_compacts_to_the_same_code(source):
    assert_same_program(source)


# -- what the emulated module runs ----------------------------------------------------------


@pytest.mark.module_flow
def test_a_traceback_of_a_compacted_script_names_the_file_and_line(tmp_path, module_python):
    script = tmp_path / "boom.py"
    script.write_bytes(b"# line 1\nimport MOD\n\n\ndef f():\n    # line 6\n"
                       b"    raise ValueError('line 7')\n\n\nf()\n")
    module = Module(sim=SimCard(pin=None))
    origins = load_files(module, [str(script)])
    assert module.files.read("boom.py") == module_form(script.read_bytes())
    module.settings.set("#ESCRIPT", "boom.py")
    runner = Runner(module, python=module_python, origins=origins)
    module.power_on()
    assert runner.run(10_000, stop_when_ended=True) == EXCEPTION
    stderr = "\n".join(e.text for e in module.trace.select("script", "stderr"))
    assert 'File "boom.py", line 7' in stderr and str(tmp_path) not in stderr
    assert "raise ValueError('line 7')" in stderr
