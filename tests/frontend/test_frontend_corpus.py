"""The differential corpus: each corpus/NAME.py run through the front end must
print exactly what a real CPython 1.5.2 printed (recorded in corpus/NAME.json)."""
import importlib.util
import io
import os

import pytest

from hostsim.dialect.frontend import Program

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("frontend_record", os.path.join(HERE, "record.py"))
record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(record)

NAMES = record.corpus_names()


def find_source(name):
    path = os.path.join(record.CORPUS, name + ".py")
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as handle:
        return handle.read(), name + ".py"


def run_front_end(name: str) -> dict:
    """As the reference runs it: inside corpus/ (a program's files are found there)."""
    out, err = io.StringIO(), io.StringIO()
    program = Program("python152", stdout=out, stderr=err, find_source=find_source)
    with open(os.path.join(record.CORPUS, name + ".py"), "rb") as handle:
        source = handle.read()
    before = os.getcwd()
    os.chdir(record.CORPUS)
    try:
        rc = program.run_main(source, name + ".py")
    finally:
        os.chdir(before)
    return {"stdout": out.getvalue(), "stderr": err.getvalue(), "rc": rc}


def test_corpus_is_large_enough():
    assert len(NAMES) >= 40


@pytest.mark.parametrize("name", NAMES)
def test_front_end_matches_recording(name):
    assert run_front_end(name) == record.load_expected(name)


@pytest.mark.skipif(not os.environ.get("PYTHON15"), reason="PYTHON15 names no 1.5 interpreter")
@pytest.mark.parametrize("name", NAMES)
def test_recording_is_honest(name):
    assert record.run_reference(os.environ["PYTHON15"], name) == record.load_expected(name)
