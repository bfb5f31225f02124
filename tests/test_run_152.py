"""Programs written as Telit developers write them (Python 1.5.2: print
statements, classes as configuration records, the string module on AT
answers, string exceptions, backticks) run unmodified under ``hostsim run``
against the everyday scenarios and reach their steady state."""
import os

import pytest

from hostsim.cli import main
from hostsim.device.module import Module
from hostsim.dialect.frontend import TranslationCache
from hostsim.parts.sim import SimCard
from hostsim.script.runner import ENDED, EXCEPTION, Runner

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts152")

# script, scenario, the timeline's print lines (exact), how the run ends
PROGRAMS = {
    "csqmon.py": ("everyday-inputs", [
        "no csq.cfg, defaults: 10",
        "poll 1 rssi 20 (-73 dBm) creg 2",
        "poll 2 rssi 20 (-73 dBm) creg 1",
        "poll 3 rssi 20 (-73 dBm) creg 1",
        "steady: 3 polls logged"], "ended"),
    "smsctl.py": ("everyday-inputs", [
        "waiting for commands",
        "sms 1 from +393330000001 : REPORT",
        "answered 'rssi 20'",
        "steady: answered 1"], "ended"),
    "meter.py": ("everyday-inputs", [
        "reading 1 = 42",
        "door open at 12",
        "steady: last reading 42 door 1 dtr 1"], "ended"),
    "netwatch.py": ("everyday-inputs", [
        "t+000 searching", "t+004 home", "t+030 searching", "t+064 home",
        "steady: home after 4 changes, 1 away"], "ended"),
    "gpstrack.py": ("gps-tracker", [
        "fix 45464205 9190008 sats 7",
        "fix lost",
        "fix 45475038 9205038 sats 7",
        "steady: 100 fixes, 1 losses, at (45479881, 9209881)"], "running"),
}


def printed(output):
    """The print lines of ``hostsim run``'s timeline."""
    lines = []
    for line in output.splitlines():
        fields = line.split(None, 3)
        if len(fields) == 4 and fields[1:3] == ["print", "script"]:
            lines.append(fields[3])
    return lines


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_a_152_program_reaches_its_steady_state(name, capsys):
    scenario, expected, outcome = PROGRAMS[name]
    status = main(["run", os.path.join(SCRIPTS, name), "--scenario", scenario])
    output = capsys.readouterr().out
    assert printed(output) == expected
    assert output.splitlines()[-1].startswith("script %s at " % outcome)
    assert status == 0


def test_the_same_program_as_plain_python3_stops_on_its_first_print(capsys):
    status = main(["run", os.path.join(SCRIPTS, "meter.py"), "--profile", "python3",
                   "--until", "5"])
    output = capsys.readouterr().out
    assert status == 1 and "SyntaxError" in output


# -- scripts that do not compile ------------------------------------------------------------


@pytest.mark.parametrize("source, message", [
    (b"import MOD\nprint('a', end='')\n",
     "main.py:2:14: invalid syntax (this is Python 3 code; the module runs Python 1.5.2 "
     "(print is a statement))"),
    (b"import MOD\nclass C(object):\n    x = 1 if MOD else 2\n",
     "main.py:3:10: invalid syntax (this is Python 2.x code, for an xE910 model "
     "(profile python27))"),
])
def test_a_script_that_does_not_compile_is_one_line_in_the_timeline(tmp_path, capsys,
                                                                    source, message):
    (tmp_path / "main.py").write_bytes(source)
    status = main(["run", str(tmp_path / "main.py"), "--verbatim"])
    output = capsys.readouterr().out
    assert status == 1
    assert "uncaught exception: %s" % message in output
    assert "stderr script   %s" % message in output
    assert "Traceback" not in output and str(tmp_path) not in output
    assert output.splitlines()[-1].startswith("script exception at ")


# -- the translation cache -------------------------------------------------------------------


def test_the_second_boot_translates_nothing():
    with open(os.path.join(SCRIPTS, "netwatch.py"), "rb") as handle:
        source = handle.read()
    module = Module(sim=SimCard(pin=None))
    module.files.write("netwatch.py", source)
    module.settings.set("#ESCRIPT", "netwatch.py")
    cache = TranslationCache()
    runner = Runner(module, translation_cache=cache)
    module.power_on()
    runner.run(10_000)
    assert (cache.misses, cache.hits) == (1, 0)
    module.reboot()
    runner.run(20_000)
    assert (cache.misses, cache.hits) == (1, 1)
    starts = [e for e in module.trace.select("script") if e.text.startswith("start")]
    assert len(starts) == 2
    runner.close()


def test_a_script_ends_or_fails_as_its_outcome_says():
    module = Module(sim=SimCard(pin=None))
    module.files.write("main.py", b"import string\r\nx = string.atoi('x')\r\n")
    module.settings.set("#ESCRIPT", "main.py")
    runner = Runner(module)
    module.power_on()
    assert runner.run(1_000, stop_when_ended=True) == EXCEPTION
    assert [e.text for e in module.trace.select("script", "stderr")] == [
        "Traceback (innermost last):",
        '  File "main.py", line 2, in ?',
        "    x = string.atoi('x')",
        "ValueError: invalid literal for atoi(): x"]
    module.files.delete("main.py")
    module.files.delete("main.pyo")
    module.files.write("main.py", b"import string\r\nx = string.atoi('17')\r\n")
    module.reboot()
    assert runner.run(2_000, stop_when_ended=True) == ENDED
