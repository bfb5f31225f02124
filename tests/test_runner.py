"""Booting and running scripts: start modes, halts, reboots, interpreters."""
import pytest
from atutil import send

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.script import pythons
from hostsim.script.runner import ENDED, EXCEPTION, HALTED, NOT_STARTED, RUNNING, Runner

PING = b"""import MDM
import MOD
MDM.send('AT+CGMR\\r', 0)
a = ''
while a[-4:] != 'OK\\r\\n':
    a = a + MDM.receive(10)
f = open('count.txt', 'a')
f.write('x')
f.close()
MOD.sleep(5)
"""


pytestmark = pytest.mark.module_flow


def _make(module_python, script=PING, name="main.py", mode=None, python="module", **runner_args):
    """A module with ``script`` enabled and a runner; python="module" means the
    interpreter of the tox environment (in-process by default)."""
    python = module_python if python == "module" else python
    module = Module(sim=SimCard(pin=None))
    module.files.write(name, script.replace(b"\n", b"\r\n"))
    module.settings.set("#ESCRIPT", name)
    if mode is not None:
        module.settings.set("#STARTMODESCR", list(mode))
    runner = Runner(module, python=python, **runner_args)
    return module, runner


@pytest.fixture
def make(module_python):
    return lambda *args, **kwargs: _make(module_python, *args, **kwargs)


def script_texts(module):
    return [e.text for e in module.trace.select("script")]


def test_mode_0_starts_at_once_with_dtr_low_and_runs_to_the_end(make):
    module, runner = make()
    module.power_on()
    assert runner.run(10_000, stop_when_ended=True) == ENDED
    assert module.files.read("count.txt") == b"x"
    assert "script ended" in script_texts(module)
    assert module.clock.now < 1000


def test_mode_0_does_not_start_while_a_dte_holds_dtr(make):
    module, runner = make()
    module.uarts["ASC0"].set_dte_line("DTR", 1)
    module.power_on()
    assert runner.run(20_000) == NOT_STARTED
    assert any("DTR high" in t for t in script_texts(module))


@pytest.mark.parametrize("command_at_ms, outcome", [(None, ENDED), (5_000, NOT_STARTED)])
def test_mode_1_window(make, command_at_ms, outcome):
    module, runner = make(mode=(1, 10))
    module.power_on()
    if command_at_ms is not None:
        module.clock.call_later(command_at_ms, module.uarts["ASC0"].dte_write, b"AT\r")
    assert runner.run(30_000, stop_when_ended=True) == outcome
    if outcome == ENDED:
        start = [e for e in module.trace.select("script") if e.text.startswith("start")][0]
        assert start.t == 10_000


def test_an_at_command_in_the_window_gets_answered_then_execscr_starts_the_script(make):
    module, runner = make(mode=(1, 10))
    module.power_on()
    module.clock.advance(2000)
    module.uarts["ASC0"].dte_write(b"AT#EXECSCR\r")
    assert runner.run(30_000, stop_when_ended=True) == ENDED
    assert b"OK" in module.asc0_output()


def test_mode_2_starts_and_keeps_asc0_for_at_commands(make):
    module, runner = make(script=b"import MOD\nMOD.sleep(100)\n", mode=(2, 10))
    module.power_on()
    module.clock.call_later(2_000, module.uarts["ASC0"].dte_write, b"AT\r")
    runner.run(15_000)
    assert runner.outcome == RUNNING and not module.uarts["ASC0"].script_owned
    module.uarts["ASC0"].dte_write(b"AT+CGMI\r")
    assert b"Telit" in module.asc0_output()


def test_while_the_script_runs_asc0_is_its_ser(make):
    module, runner = make(script=b"import SER\nSER.send('up\\r\\n')\nx = SER.receive(50)\nSER.send('got ' + x)\n")
    module.power_on()
    runner.run(100)
    module.uarts["ASC0"].dte_write(b"AT\r")
    runner.run(10_000, stop_when_ended=True)
    assert module.asc0_output() == b"up\r\ngot AT\r"
    module.uarts["ASC0"].dte_write(b"AT\r")             # after the end: a plain modem again
    assert module.asc0_output().endswith(b"OK\r\n")


def test_uncaught_exception_ends_the_script_and_the_modem_keeps_working(make):
    module, runner = make(script=b"import MOD\nMOD.sleep(1)\nraise ValueError('bad config')\n")
    module.power_on()
    assert runner.run(10_000, stop_when_ended=True) == EXCEPTION
    stderr = [e.text for e in module.trace.select("script", "stderr")]
    assert stderr[0].startswith("Traceback") and stderr[-1] == "ValueError: bad config"
    assert send(module, "AT+CGMR").endswith(b"OK\r\n")


def test_each_boot_is_a_fresh_interpreter_and_a_halt_freezes_mid_call(make):
    script = b"""import MOD
f = open('boots.txt', 'a')
f.write('b')
f.close()
state = []
while 1:
    state.append(1)
    MOD.sleep(10)
"""
    module, runner = make(script=script)
    module.power_on()
    runner.run(5_000)
    module.halt_script("halted by test")
    assert runner.outcome == HALTED
    halted_at = module.clock.now
    runner.run(20_000)
    assert module.files.read("boots.txt") == b"b"            # frozen: nothing more ran
    assert not [e for e in module.trace.select("script", "MOD") if e.t > halted_at]
    module.reboot()
    runner.run(25_000)
    assert module.files.read("boots.txt") == b"bb" and runner.outcome == RUNNING


def test_watchdog_expiry_reboots_and_the_script_starts_again(make):
    script = b"""import MOD
f = open('boots.txt', 'a')
f.write('b')
f.close()
MOD.watchdogEnable(10)
while 1:
    MOD.sleep(100)
"""
    module, runner = make(script=script)
    module.power_on()
    runner.run(25_000)
    assert module.boots == 3 and module.files.read("boots.txt") == b"bbb"


def test_stale_pyo_runs_the_old_code(make):
    module, runner = make(script=b"print('old')\n")
    module.power_on()
    runner.run(1_000, stop_when_ended=True)
    module.files.delete("main.py")
    module.files.write("main.py", b"print('new')\r\n")
    module.reboot()
    runner.run(2_000, stop_when_ended=True)
    module.files.delete("main.pyo")
    module.reboot()
    runner.run(3_000, stop_when_ended=True)
    assert [e.text for e in module.trace.select("script", "print")] == ["old", "old", "new"]


def test_missing_or_empty_escript_starts_nothing(make):
    module, runner = make()
    module.settings.set("#ESCRIPT", "gone.py")
    module.power_on()
    assert runner.run(20_000) == NOT_STARTED
    assert "enabled script gone.py does not exist" in script_texts(module)


def test_print_goes_to_the_trace_channel_and_sys_stdout_is_the_scripts_own(make):
    import sys
    before = sys.stdout
    module, runner = make(script=b"import sys\nsys.stdout = sys.stderr\nprint('to stderr')\n")
    module.power_on()
    runner.run(1_000, stop_when_ended=True)
    assert sys.stdout is before
    assert [e.text for e in module.trace.select("script", "stderr")] == ["to stderr"]


@pytest.mark.parametrize("chunks", ["response", "line", "random"])
def test_chunk_modes_cut_received_data(make, chunks):
    script = b"""import MDM
MDM.send('AT+CGMR;+CGSN\\r', 0)
a = ''
while a[-4:] != 'OK\\r\\n':
    c = MDM.receive(10)
    print(repr(c))
    a = a + c
"""
    module, runner = make(script=script, chunks=chunks, seed=7)
    module.power_on()
    runner.run(10_000, stop_when_ended=True)
    pieces = [eval(e.text) for e in module.trace.select("script", "print")]
    assert "".join(pieces).endswith("\r\nOK\r\n")
    if chunks == "response":
        assert len(pieces) == 1
    elif chunks == "line":
        assert all(p.endswith("\n") for p in pieces) and len(pieces) == 6
    else:
        assert len(pieces) > 1


def test_bad_chunk_mode_is_refused_up_front(make):
    with pytest.raises(ValueError, match="chunk mode"):
        make(chunks="bytes")


OLD_AND_NEW = pythons.available()


def _trace_of(make, python):
    module, runner = make(python=python)
    module.power_on()
    outcome = runner.run(20_000, stop_when_ended=True)
    runner.close()
    events = [(e.t, e.kind, e.source, e.text) for e in module.trace.events
              if not (e.kind == "script" and e.text.startswith("start"))]
    return outcome, events


@pytest.mark.parametrize("version", ["2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"])
def test_the_same_script_gives_the_same_trace_in_process_and_in_a_child(make, version):
    if version not in OLD_AND_NEW:
        pytest.skip("python%s is not on this machine" % version)
    assert _trace_of(make, OLD_AND_NEW[version]) == _trace_of(make, None)


def test_a_missing_child_interpreter_is_a_clear_error(make):
    from hostsim.core.errors import HostsimError
    module, runner = make(python="/nonexistent/python9")
    with pytest.raises(HostsimError, match="cannot start the script interpreter"):
        module.power_on()
        runner.run(1_000)


# -- every interpreter a script may run on -------------------------------------------------

CHILD_VERSIONS = ["1.5", "2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]


def _child(version):
    """The path of a module interpreter (1.5 is PYTHON15's), or a skip."""
    path = pythons.python15() if version == "1.5" else OLD_AND_NEW.get(version)
    if path is None:
        pytest.skip("python%s is not on this machine%s"
                    % (version, " (set PYTHON15)" if version == "1.5" else ""))
    return path


def _printed_and_stderr(script, python, files=()):
    module, runner = _make(None, script=script, python=python)
    for name, data in files:
        module.files.write(name, data)
    module.power_on()
    outcome = runner.run(10_000, stop_when_ended=True)
    runner.close()
    return (outcome, [e.text for e in module.trace.select("script", "print")],
            [e.text for e in module.trace.select("script", "stderr")])


CLASS_RECORD = b"""class Config:
    interval = 10
Config.interval = 5
Config.name = 'tracker'
print(Config.interval)
print(Config.name)
"""


@pytest.mark.parametrize("version", ["in-process"] + CHILD_VERSIONS)
def test_a_script_changes_class_attributes_under_every_interpreter(version):
    """A child runs the script with its real builtins: no restricted mode."""
    python = None if version == "in-process" else _child(version)
    assert _printed_and_stderr(CLASS_RECORD, python) == (ENDED, ["5", "tracker"], [])


FAILING_CALL = b"""import MOD
import helper
MOD.sleep(1)
helper.check(5)
"""
HELPER = b"import MDM\r\ndef check(value):\r\n    MDM.send(value, 0)\r\n"


@pytest.mark.parametrize("version", ["in-process"] + CHILD_VERSIONS)
def test_a_traceback_shows_the_scripts_frames_under_their_module_names(version):
    python = None if version == "in-process" else _child(version)
    outcome, _, stderr = _printed_and_stderr(FAILING_CALL, python, [("helper.py", HELPER)])
    assert outcome == EXCEPTION
    files = [line for line in stderr if line.startswith("  File ")]
    assert [line.split(",")[:2] for line in files] == [
        ['  File "main.py"', " line 4"], ['  File "helper.py"', " line 3"]]
    assert stderr[0].startswith("Traceback (")
    assert "    MDM.send(value, 0)" in stderr
    assert stderr[-1].endswith("HostError: send: argument 2 must be str, not int")
    assert len(stderr) == 6


# -- a halted in-process script keeps nothing of the emulator -------------------------------

SLEEPER = b"""import MOD
f = open('boots.txt', 'a')
f.write('b')
f.close()
while 1:
    MOD.sleep(10)
"""


@pytest.mark.parametrize("halted", ["paused", "in its call", "at the end of the run"])
def test_a_halted_script_thread_keeps_nothing_of_the_module(halted):
    """Its thread parks for good, but the module, runner and trace can be freed."""
    import gc
    import weakref

    module, runner = _make(None, script=SLEEPER, python=None)
    module.power_on()
    if halted == "in its call":      # the halt comes from an event the script's call runs
        module.clock.call_later(3_000, module.halt_script, "halted by test")
    runner.run(5_000)
    if halted == "paused":
        module.halt_script("halted by test")
    runner.run(8_000)
    assert module.files.read("boots.txt") == b"b"
    assert runner.outcome == (RUNNING if halted == "at the end of the run" else HALTED)
    runner.close()
    gone = weakref.ref(module), weakref.ref(runner)
    del module, runner
    gc.collect()
    assert [ref() for ref in gone] == [None, None]


def test_a_script_halted_before_its_first_turn_never_starts():
    from hostsim.script.interpreters import ThreadInterpreter

    calls = []
    interpreter = ThreadInterpreter(10.0, None)
    interpreter.start(lambda op, args: calls.append(op))
    interpreter.halt()          # returns once the thread has let go
    assert interpreter.exited and calls == []


# -- a source that does not compile leaves no .pyo ------------------------------------------

BROKEN_HELPER = b"x = 1\ndef f(:\n    pass\n"


def test_a_module_that_does_not_compile_leaves_no_pyo_and_its_fix_runs(make):
    module, runner = make(script=b"import helper\nf = open('x.txt', 'w')\nf.write(str(helper.x))\n"
                                 b"f.close()\n")
    module.files.write("helper.py", BROKEN_HELPER.replace(b"\n", b"\r\n"))
    module.power_on()
    assert runner.run(10_000, stop_when_ended=True) == EXCEPTION
    assert module.files.exists("main.pyo") and not module.files.exists("helper.pyo")
    module.files.write("helper.py", b"x = 2\r\n")          # fixed, as an upload replaces it
    module.reboot()
    assert runner.run(20_000, stop_when_ended=True) == ENDED
    assert module.files.read("x.txt") == b"2"
    assert module.files.exists("helper.pyo")


def test_a_main_script_that_does_not_compile_leaves_no_pyo(make):
    module, runner = make(script=BROKEN_HELPER)
    module.power_on()
    assert runner.run(10_000, stop_when_ended=True) == EXCEPTION
    assert not module.files.exists("main.pyo")
