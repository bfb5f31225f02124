"""A SyntaxError that says where it is (a module that does not compile), reported as
CPython 1.5.2 reports it.

The imports themselves are corpus programs (``corpus/syn_*.py`` and the modules
``corpus/mod_syn_*.py``, checked by test_frontend_corpus.py). Here: the in-process
script runner shows the same report, and the place, line and caret of any
SyntaxError a script raises follow 1.5.2's rules. Those reports are recorded from
the real interpreter in ``syntax_error_reports.json``::

    PYTHON15=/path/to/python1.5 python3 tests/frontend/test_frontend_import_errors.py

The python27 profile's SyntaxError is 2.7's (recorded from CPython 2.7.18; checked
against it again when PYTHON27 names a 2.7 interpreter).
"""
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile

import pytest

from hostsim.device.module import Module
from hostsim.dialect.frontend import Program
from hostsim.parts.sim import SimCard
from hostsim.script.runner import EXCEPTION, Runner

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("frontend_record", os.path.join(HERE, "record.py"))
record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(record)

REPORTS = os.path.join(HERE, "syntax_error_reports.json")
SCRIPT_NAME = "raises.py"
RUN_MS = 1_000

#: The arguments of ``raise SyntaxError(...)`` whose uncaught reports are recorded.
RAISED = (
    "'m', ('f.py', 3, 3, 'abc')",          # the offset at the end of the text moves back one
    "'m', ('f.py', 3, 4, 'abc\\n')",       # ... also onto the newline
    "'m', ('f.py', 3, 9, 'abc\\n')",       # past the text: an empty line, the caret further
    "'m', ('f.py', 3, 5, 'ab\\ncd\\n')",   # in the second line: that line is shown
    "'m', ('f.py', 3, 2, 'ab\\ncd\\n')",   # in the first line: the whole text is shown
    "'m', ('f.py', 3, -1, '  abc\\n')",    # a negative offset: the caret at the left
    "'m', ('f.py', 3, 0, '\\t abc\\n')",   # leading tabs and blanks are not shown
    "'m', (None, 3, 1, 'x\\n')",           # no file name: <string>
    "'m', ('f.py', 3, 2, None)",           # no text: no source line, no caret
    "'', ('f.py', 3, 1, 'x\\n')",          # an empty message: the name alone
    "None, ('f.py', 3, 1, 'x\\n')",        # no message: the name alone
    "('a', 'b'), ('f.py', 3, 1, 'x\\n')",  # a message that is no string: its str()
    "'no place'",                          # no line: no place shown
)


def raising_script(arguments: str) -> str:
    return "raise SyntaxError(%s)\n" % arguments


def run_reference(python15: str, arguments: str) -> str:
    """What python1.5 prints on stderr for ``raise SyntaxError(arguments)``."""
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, SCRIPT_NAME), "w") as handle:
            handle.write(raising_script(arguments))
        result = subprocess.run([python15, SCRIPT_NAME], cwd=folder, capture_output=True,
                                stdin=subprocess.DEVNULL, timeout=record.TIMEOUT_SECONDS)
    return result.stderr.decode("latin-1")


#: A python27 program that catches the SyntaxError of an import, an exec and a compile.
PY27_FILES = {
    "helper.py": "x = 1\ndef f(:\n    pass\n",
    "main.py": ("try:\n    import helper\nexcept SyntaxError, e:\n    print e.args\n"
                "try:\n    exec 'y = 2\\ndef g(:\\n    pass\\n'\nexcept SyntaxError, e:\n"
                "    print e.args\n"
                "try:\n    compile('y = (]\\n', 'name.py', 'exec')\nexcept SyntaxError, e:\n"
                "    print e.args\n"),
}
#: What ``python2.7 main.py`` printed in a folder holding PY27_FILES (``{folder}``: that
#: folder, where 2.7 found the module).
PY27_PRINTED = ("('invalid syntax', ('{folder}/helper.py', 2, 7, 'def f(:\\n'))\n"
                "('invalid syntax', ('<string>', 2, 7, 'def g(:\\n'))\n"
                "('invalid syntax', ('name.py', 1, 6, 'y = (]\\n'))\n")


def load_reports() -> dict:
    with open(REPORTS, encoding="utf-8") as handle:
        return json.load(handle)


def test_the_in_process_runner_reports_an_imported_syntax_error_as_python15():
    module = Module(sim=SimCard(pin=None))
    for name in ("syn_import.py", "mod_syn_def.py"):
        with open(os.path.join(record.CORPUS, name), "rb") as handle:
            module.files.write(name, handle.read())
    module.settings.set("#ESCRIPT", "syn_import.py")
    runner = Runner(module)
    module.power_on()
    try:
        assert runner.run(RUN_MS, stop_when_ended=True) == EXCEPTION
    finally:
        runner.close()
    printed = [event.text for event in module.trace.select("script", "stderr")]
    assert printed == record.load_expected("syn_import")["stderr"].splitlines()


@pytest.mark.parametrize("arguments", RAISED)
def test_a_raised_syntax_error_is_reported_where_it_says(arguments):
    err = io.StringIO()
    program = Program("python152", stdout=io.StringIO(), stderr=err)
    assert program.run_main(raising_script(arguments), SCRIPT_NAME) == 1
    assert err.getvalue() == load_reports()[arguments]


@pytest.mark.skipif(not os.environ.get("PYTHON15"), reason="PYTHON15 names no 1.5 interpreter")
@pytest.mark.parametrize("arguments", RAISED)
def test_reports_are_honest(arguments):
    assert run_reference(os.environ["PYTHON15"], arguments) == load_reports()[arguments]


@pytest.fixture
def py27_folder(tmp_path):
    for name, source in PY27_FILES.items():
        (tmp_path / name).write_text(source)
    return tmp_path


def test_python27_syntax_errors_are_2_7s(py27_folder):
    def find_source(name):
        path = py27_folder / (name + ".py")
        return (path.read_text(), str(path)) if path.exists() else None
    out = io.StringIO()
    program = Program("python27", stdout=out, stderr=io.StringIO(), find_source=find_source)
    assert program.run_main(PY27_FILES["main.py"], "main.py") == 0
    assert out.getvalue() == PY27_PRINTED.format(folder=py27_folder)


@pytest.mark.skipif(not os.environ.get("PYTHON27"), reason="PYTHON27 names no 2.7 interpreter")
def test_python27_recording_is_honest(py27_folder):
    result = subprocess.run([os.environ["PYTHON27"], "main.py"], cwd=py27_folder,
                            capture_output=True, timeout=record.TIMEOUT_SECONDS)
    assert result.stdout.decode("latin-1") == PY27_PRINTED.format(folder=py27_folder)


def main() -> int:
    python15 = os.environ.get("PYTHON15")
    if not python15:
        sys.stderr.write("set PYTHON15 to a CPython 1.5.2 interpreter\n")
        return 2
    reports = {arguments: run_reference(python15, arguments) for arguments in RAISED}
    with open(REPORTS, "w", encoding="utf-8") as handle:
        json.dump(reports, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print("%d reports recorded in %s" % (len(reports), REPORTS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
