"""Edges of running scripts: CR-only sources, interpreters that are no Python,
``os._exit`` in a script that shares hostsim's process."""
import os
import subprocess
import sys

import pytest

from hostsim.core.errors import HostsimError
from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.script.runner import ENDED, Runner, load_files
from hostsim.script.uploadform import module_form

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def hostsim(*args, cwd):
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "hostsim"] + [str(a) for a in args], cwd=str(cwd),
                          env=env, capture_output=True, text=True, timeout=120, check=False)


# -- CR-only sources ------------------------------------------------------------------------


@pytest.mark.parametrize("ends", [b"\n", b"\r\n", b"\r"])
def test_every_line_end_is_stored_compacted_with_cr_lf(ends):
    source = ends.join([b"if 1:  # a comment", b"    x = 1", b""])
    assert module_form(source) == b"if 1:\r\n\tx = 1\r\n"
    assert module_form(source, verbatim=True) == b"if 1:  # a comment\r\n    x = 1\r\n"


def test_a_cr_only_script_is_loaded_compacted_and_runs(tmp_path):
    script = tmp_path / "mac.py"
    script.write_bytes(b"import MOD  # old editor\rif 1:\r    MOD.sleep(1)\r")
    module = Module(sim=SimCard(pin=None))
    load_files(module, [str(script)])
    assert module.files.read("mac.py") == b"import MOD\r\nif 1:\r\n\tMOD.sleep(1)\r\n"
    module.settings.set("#ESCRIPT", "mac.py")
    runner = Runner(module)
    module.power_on()
    try:
        assert runner.run(10_000, stop_when_ended=True) == ENDED
    finally:
        runner.close()


# -- interpreters that are no Python ------------------------------------------------------


@pytest.mark.parametrize("program, status", [("/bin/true", 0), ("/bin/false", 1)])
def test_a_program_that_is_no_python_is_reported_as_such(program, status):
    if not os.path.exists(program):
        pytest.skip("no %s here" % program)
    module = Module(sim=SimCard(pin=None))
    module.files.write("a.py", b"import MOD\r\n")
    module.settings.set("#ESCRIPT", "a.py")
    runner = Runner(module, python=program)
    module.power_on()
    try:
        with pytest.raises(HostsimError) as error:
            runner.run(10_000, stop_when_ended=True)
    finally:
        runner.close()
    assert str(error.value) == ("--python %s did not start the script (the script interpreter "
                                "closed the link, exit status %d); it must be a Python interpreter"
                                % (program, status))


def test_hostsim_run_says_so_in_one_line(tmp_path):
    (tmp_path / "a.py").write_bytes(b"import MOD\n")
    result = hostsim("run", "a.py", "--python", "/bin/true", cwd=tmp_path)
    assert result.returncode == 1
    assert "script exception" not in result.stdout
    assert result.stderr.splitlines() == [
        "hostsim run: error: --python /bin/true did not start the script (the script "
        "interpreter closed the link, exit status 0); it must be a Python interpreter"]


# -- os._exit in-process (a Python 3 script: the module itself has no os) ----------------


EXITING = b"""import os
f = open('before.txt', 'w')
f.write('written')
f.close()
print('bye')
os._exit(3)
print('never')
"""


def test_os_exit_in_process_ends_the_script_not_hostsim(tmp_path):
    """In a child process: were os._exit to reach the real one, it would end pytest."""
    (tmp_path / "bye.py").write_bytes(EXITING)
    state = tmp_path / "S"
    result = hostsim("run", "bye.py", "--state", state, "--until", "5", "--profile", "python3",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("script ended at ")
    assert any(line.endswith("print  script   bye") for line in lines)
    assert not any("never" in line for line in lines)
    assert (state / "files" / "before.txt").read_bytes() == b"written"


# -- a child interpreter that dies while its script runs -----------------------------------


DYING = b"""import os
import MOD
f = open('before.txt', 'w')
f.write('written')
f.close()
MOD.sleep(10)
os.kill(os.getpid(), 9)
"""


def test_a_child_that_dies_ends_its_script_and_the_module_goes_on():
    from atutil import send

    module = Module(sim=SimCard(pin=None))
    module.files.write("dying.py", DYING.replace(b"\n", b"\r\n"))
    module.settings.set("#ESCRIPT", "dying.py")
    runner = Runner(module, python=sys.executable)
    module.power_on()
    try:
        assert runner.run(10_000) == "exception"
    finally:
        runner.close()
    assert module.clock.now == 10_000                   # the run went on to its end
    deaths = [e for e in module.trace.select("script") if "died" in e.text]
    assert [e.text for e in deaths] == ["interpreter %s died (exit -9)" % sys.executable]
    assert 1_000 <= deaths[0].t < 2_000                 # after its MOD.sleep(10)
    assert module.files.read("before.txt") == b"written"
    assert send(module, "AT").endswith(b"OK\r\n")


def test_hostsim_run_with_a_child_that_dies_gives_its_summary_and_saves_the_state(tmp_path):
    (tmp_path / "dying.py").write_bytes(DYING)
    state = tmp_path / "S"
    result = hostsim("run", "dying.py", "--python", sys.executable, "--state", state,
                     "--until", "5", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert any(line.endswith("interpreter %s died (exit -9)" % sys.executable) for line in lines)
    assert lines[-1].startswith("script exception at 1.")      # right after its MOD.sleep(10)
    assert (state / "files" / "before.txt").read_bytes() == b"written"
