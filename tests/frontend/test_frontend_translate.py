"""Translation edge cases: lines kept, syntax errors located and hinted, profiles."""
import io
import os
import subprocess
import sys

import pytest

from hostsim.dialect.frontend import FrontEndSyntaxError, Program, TranslationCache, translate
from hostsim.dialect.frontend.translator import PY2_HINT, PY3_HINT

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(source, profile="python152", **kwargs):
    out, err = io.StringIO(), io.StringIO()
    program = Program(profile, stdout=out, stderr=err, **kwargs)
    rc = program.run_main(source, "script.py")
    return rc, out.getvalue(), err.getvalue()


def test_line_numbers_are_kept_through_rewritten_statements():
    source = ("import string, \\\n    sys\n"
              "print 'a', \\\n   'b'\n"
              "x = '''one\ntwo'''\n"
              "def f((a, b)):\n    return a + b\n"
              "y = f((1, 2))\n"
              "raise ValueError, 'line %d' % 10\n")
    rc, out, err = run(source)
    assert rc == 1
    assert 'File "script.py", line 10, in ?' in err
    assert err.endswith("ValueError: line 10\n")
    translated = translate(source, "script.py").source
    assert translated.count("\n") == source.count("\n")


def test_traceback_shows_script_frames_only():
    rc, out, err = run("def g(x):\n    return x.nope\ng(1)\n")
    assert err == ('Traceback (innermost last):\n  File "script.py", line 3, in ?\n    g(1)\n'
                   '  File "script.py", line 2, in g\n    return x.nope\n'
                   "AttributeError: 'int' object has no attribute 'nope'\n")
    assert "frontend" not in err


def test_the_python27_profile_reports_as_2_7_does():
    """Recorded from python2.7 (2.7.18) for the same script."""
    rc, out, err = run("def g(x):\n    return x.nope\ng(1)\n", profile="python27")
    assert rc == 1 and err == (
        'Traceback (most recent call last):\n  File "script.py", line 3, in <module>\n'
        '    g(1)\n  File "script.py", line 2, in g\n    return x.nope\n'
        "AttributeError: 'int' object has no attribute 'nope'\n")


def test_code_object_names_the_script():
    code = translate(b"x = 1\n", "main.py").code
    assert code.co_filename == "main.py"


@pytest.mark.parametrize("source, line, column, hint", [
    ("x = 1\nx += 1\n", 2, 2, PY2_HINT),
    ("y = [i for i in (1, 2)]\n", 1, 7, PY2_HINT),
    ("with open('f') as f:\n    pass\n", 1, 0, PY2_HINT),
    ("def g():\n    yield 1\n", 2, 4, PY2_HINT),
    ("x = 1 if 2 else 3\n", 1, 6, PY2_HINT),
    ("@dec\nclass C:\n    pass\n", 1, 0, PY2_HINT),
    ("import a as b\n", 1, 9, PY2_HINT),
    ("try:\n    pass\nexcept E as e:\n    pass\n", 3, 9, PY2_HINT),
    ("print >>f, 1\n", 1, 6, PY2_HINT),
    ("print('a', end='')\n", 1, 14, PY3_HINT),
    ("x = 1 +\n", 1, 7, None),
])
def test_syntax_errors_name_file_line_column_and_hint(source, line, column, hint):
    with pytest.raises(FrontEndSyntaxError) as info:
        translate(source, "bad.py")
    error = info.value
    assert (error.filename, error.line, error.column, error.hint) == ("bad.py", line, column, hint)
    assert str(error).startswith("bad.py:%d:%d: invalid syntax" % (line, column))


def test_python27_accepts_2x_code():
    source = ("x = 1\nx += 2\nprint [i * 2 for i in range(x)]\nprint 7 / 2, 2 ** 40, True\n"
              "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print 'caught'\n"
              "print 'abc'.upper(), {'a': 1}.keys(), repr(10L), str(10L), 1 < 2\n")
    rc, out, err = run(source, "python27")
    assert (rc, err) == (0, "")
    assert out == "[0, 2, 4]\n3 1099511627776 True\ncaught\nABC ['a'] 10L 10 True\n"


def test_string_methods_per_profile():
    probe = "try:\n    'a,b'.split(',')\n    print 'methods'\nexcept AttributeError:\n    print 'none'\n"
    assert run(probe, "python152")[1] == "none\n"
    assert run(probe, "telit152")[1] == "methods\n"


def test_telit_without_floats_takes_the_no_float_branch():
    probe = ("try:\n    x = float('1.5')\n    print 'float', x\nexcept NameError:\n"
             "    print 'no float'\nprint 7 / 2\n")
    assert run(probe, "telit152")[1] == "no float\n3\n"
    assert run(probe, "telit152", floats=True)[1] == "float 1.5\n3\n"
    assert run(probe, "python152")[1] == "float 1.5\n3\n"


def test_latin1_source_bytes():
    source = b"# commentaire \xe9t\xe9\ns = 'caf\xe9'\nprint len(s), `s`, s\n"
    rc, out, err = run(source)
    assert out == "4 'caf\\351' caf\xe9\n"


def test_builtin_modules_and_store_modules():
    class FakeMod:
        @staticmethod
        def secCounter():
            return 42
    sources = {"helper": "def twice(x):\n    return x * 2\n"}
    rc, out, err = run("import MOD, helper\nprint MOD.secCounter(), helper.twice(4)\n",
                       "telit152", builtin_modules={"MOD": FakeMod}, find_source=sources.get)
    assert (rc, out) == (0, "42 8\n")
    rc, out, err = run("import time\n", "telit152")
    assert err.endswith("ImportError: No module named time\n")


def test_uncatchable_exceptions_pass_through_bare_except():
    class PowerOff(BaseException):
        pass

    def off():
        raise PowerOff()
    with pytest.raises(PowerOff):
        run("import MOD\ntry:\n    MOD.off()\nexcept:\n    print 'swallowed'\n",
            builtin_modules={"MOD": type("M", (), {"off": staticmethod(off)})},
            uncatchable=(PowerOff,))


def test_translation_cache_second_boot(tmp_path):
    cache = TranslationCache(str(tmp_path))
    source = "print 'boot'\n"
    for _ in range(2):
        out = io.StringIO()
        Program("python152", stdout=out, cache=cache).run_main(source, "boot.py")
        assert out.getvalue() == "boot\n"
    assert (cache.misses, cache.hits) == (1, 1)
    fresh = TranslationCache(str(tmp_path))
    Program("python152", stdout=io.StringIO(), cache=fresh).run_main(source, "boot.py")
    assert (fresh.misses, fresh.hits) == (0, 1)


def test_cli_runs_a_program(tmp_path):
    script = tmp_path / "prog.py"
    script.write_bytes(b"import sys\nprint sys.argv[1:], 'caf\xe9'\nsys.exit(4)\n")
    result = subprocess.run([sys.executable, "-m", "hostsim.dialect.frontend", str(script), "a"],
                            cwd=ROOT, capture_output=True)
    assert (result.returncode, result.stdout, result.stderr) == (4, b"['a'] caf\xe9\n", b"")


def test_cli_reports_syntax_error_like_python15(tmp_path):
    script = tmp_path / "bad.py"
    script.write_bytes(b"x = [i for i in l]\n")
    result = subprocess.run([sys.executable, "-m", "hostsim.dialect.frontend", str(script)],
                            cwd=ROOT, capture_output=True)
    assert result.returncode == 1
    assert result.stderr.decode().endswith("    x = [i for i in l]\n             ^\n"
                                           "SyntaxError: invalid syntax\n")
