"""Two programs in the style of real GM862 scripts, written as Python 1.5.2 and
run unmodified under ``hostsim run`` in the everyday-mail-ftp scenario: an
e-mail alarm on a GPIO input (#SEMAIL) and an FTP uploader of meter readings
kept in a file of the module's store (#FTPOPEN/#FTPPUT), which retries while
coverage is away.  Each reaches its steady state: the SMTP peer holds the
alarm mails, the FTP peer the uploaded file."""
from __future__ import annotations

import os

import pytest

from hostsim.cli import main
from hostsim.cli import run as run_cli
from hostsim.scenario.scenario import ScenarioRun

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts152")
SCENARIO = "everyday-mail-ftp"


def printed(output):
    """The print lines of ``hostsim run``'s timeline."""
    return [fields[3] for fields in (line.split(None, 3) for line in output.splitlines())
            if len(fields) == 4 and fields[1:3] == ["print", "script"]]


@pytest.fixture
def scenario_runs(monkeypatch):
    """The ScenarioRun objects ``hostsim run`` builds, to look at their peers afterwards."""
    runs = []

    class RecordedRun(ScenarioRun):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            runs.append(self)

    monkeypatch.setattr(run_cli, "ScenarioRun", RecordedRun)
    return runs


def run_program(name, capsys):
    status = main(["run", os.path.join(SCRIPTS, name), "--scenario", SCENARIO])
    output = capsys.readouterr().out
    return status, output


def test_the_mail_alarm_mails_each_change_of_the_door_contact(scenario_runs, capsys):
    status, output = run_program("mailalarm.py", capsys)
    assert printed(output) == [
        "watching door, now closed",
        "mailed: ALARM door open",
        "mailed: ALARM door closed",
        "steady: 2 alarms mailed, door closed"]
    assert output.splitlines()[-1].startswith("script ended at ")
    assert status == 0
    mails = scenario_runs[0].peers["mail"].messages
    assert [(m.sender, m.recipients, m.subject) for m in mails] == [
        ("gm862@example.com", ("ops@example.com",), "ALARM door open"),
        ("gm862@example.com", ("ops@example.com",), "ALARM door closed")]
    assert mails[0].body == "door open at t+10 s"
    assert mails[1].body == "door closed at t+90 s"


def test_the_uploader_retries_until_the_network_is_back_and_the_server_has_the_file(
        scenario_runs, capsys):
    status, output = run_program("ftpupload.py", capsys)
    assert printed(output) == [
        "reading 1 = 41",
        "reading 2 = 42",
        "reading 3 = 43",
        "attempt 1 failed: no context",
        "attempt 2 failed: no context",
        "uploaded readings.txt on attempt 3",
        "steady: 3 attempts"]
    assert output.splitlines()[-1].startswith("script ended at ")
    assert status == 0
    run = scenario_runs[0]
    assert run.peers["files"].files == {"/readings.txt": b"5 41\n15 42\n25 43\n"}
    assert run.modules["A"].files.read("readings.txt") == b"5 41\n15 42\n25 43\n"


def test_both_programs_are_valid_152_for_the_checker(capsys):
    paths = [os.path.join(SCRIPTS, name) for name in ("mailalarm.py", "ftpupload.py")]
    assert main(["check", "--native", "--profile", "telit152"] + paths) == 0
    assert capsys.readouterr().out == ""
