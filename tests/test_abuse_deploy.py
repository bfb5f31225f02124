"""telit-deploy and hostsim serve under abuse: uploads cut off anywhere, serve killed.

A cut-off upload leaves the module inside its #WSCRIPT transfer, taking every
byte as payload: the next command must end it without foreign bytes in any
file and without a power cycle."""
import io
import os
import signal
import subprocess
import sys
import time

import pytest
import serial
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_deploy import CutPort, _versions
from test_serve import ROOT, SPEED, make_state, needs_pty, read_until, serving, wait_for

from deploy.config import Settings
from deploy.errors import PortError
from deploy.local import prepare
from deploy.session import Reporter, attach
from hostsim.core.errors import HostsimError
from hostsim.device import persist
from hostsim.line.protocol_telitemu import register

register()


@pytest.fixture(autouse=True)
def own_journal(monkeypatch, tmp_path):
    """Transfer notes and configuration in this test's folder."""
    for name in ("TELIT_PORT", "TELIT_BAUD", "TELIT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


def _deploy(*args, timeout=60):
    done = subprocess.run([sys.executable, "-m", "deploy"] + [str(a) for a in args],
                          capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, PYTHONPATH=ROOT))
    return done.returncode, done.stdout, done.stderr


def _module_files(port):
    """{name: content} of the module behind ``port`` (through the AT parser)."""
    with serial.Serial(port, 115200, timeout=5) as handle:
        handle.write(b"AT#LSCRIPT\r")
        listing = read_until(handle, b"OK\r\n").decode("latin-1")
        files = {}
        for line in listing.splitlines():
            if line.startswith('#LSCRIPT: "'):
                name, size = line[len('#LSCRIPT: "'):].split('",')
                handle.write(b'AT#RSCRIPT="%s"\r' % name.encode())
                answer = read_until(handle, b"\r\nOK\r\n", 10)
                files[name] = answer.split(b"<<<", 1)[1][:int(size)]
        return files


# -- a cut-off upload and the next command ------------------------------------------------------


@needs_pty
@pytest.mark.realtime
def test_the_next_command_ends_a_cut_off_upload_without_foreign_bytes(tmp_path):
    big = tmp_path / "main.py"
    big.write_bytes(b"x = 1\n" + b"y = 2\n" * 1000)     # 6 kB: 0.8 s on the line here
    with serving() as start:
        served = start("--speed", "4", "--baud", "19200")
        base = ["--port", served.path, "--timeout", "1", "--baud", "9600", "--pause", "0",
                "--window-wait", "5"]
        process = subprocess.Popen([sys.executable, "-m", "deploy"] + base + ["put", str(big)],
                                   env=dict(os.environ, PYTHONPATH=ROOT),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        journal = tmp_path / "xdg-state" / "telit-deploy" / "transfers"
        assert wait_for(lambda: journal.is_dir() and os.listdir(journal), 10)
        time.sleep(0.2)                                # a part of the payload is through
        process.kill()
        process.wait(10)
        code, out, err = _deploy(*base, "info")
        assert code == 0, err
        assert "caught the start window" not in err
        assert "an upload of main.py was cut off" in err
        files = _module_files(served.path)
        assert "main.py" not in files or files["main.py"] == prepare(str(big)).data
        assert all(b"AT\r" not in content for content in files.values())
        code, out, err = _deploy(*base, "put", big)          # and it works again at once
        assert code == 0, err
        assert _module_files(served.path)["main.py"] == prepare(str(big)).data


# -- random kill points against an emulated module ---------------------------------------------

SPEED_CUT = 10          # the module's 30 s transfer timeout takes 3 s here
OLD_CONF, NEW_CONF = b"a=1\n" * 50, b"a=2\n" * 60


def _cut_settings():
    return Settings(port="telitemu-cut", timeout=5, chunk=128, pause=0, tries=2, window_wait=0)


def _cut_session(port, budget, report=None):
    cut = CutPort(port, budget)
    return cut, attach(cut, _cut_settings(), report or Reporter(bars=False))


@pytest.mark.realtime
def test_an_in_place_upload_cut_off_keeps_the_old_file_and_the_next_command_says_so(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "conf.txt").write_bytes(OLD_CONF)
    (tmp_path / "two" / "conf.txt").write_bytes(NEW_CONF)
    old, new = prepare(str(tmp_path / "one" / "conf.txt")), prepare(str(tmp_path / "two" /
                                                                          "conf.txt"))
    with serial.serial_for_url("telitemu://?speed=%d" % SPEED_CUT, baudrate=115200,
                               timeout=1) as port:
        _cut_session(port, 10 ** 9)[1].deploy([old], None)
        meter, session = _cut_session(port, 10 ** 9)
        start = meter.written
        session.deploy([new], None)                       # measures an upload
        meter, session = _cut_session(port, 10 ** 9)
        session.deploy([old], None)
        with pytest.raises(PortError):
            _cut_session(port, (meter.written - start) // 2)[1].deploy([new], None)
        err = io.StringIO()
        _cut_session(port, 10 ** 9, Reporter(io.StringIO(), err, bars=False))
        with port.emulation.lock:
            assert port.emulation.module.files.read("conf.txt") == OLD_CONF
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("telit-deploy: an upload of conf.txt was cut off: waiting up to ")
    assert lines[0].endswith(" s for the module to drop it (conf.txt keeps its old content)")
    assert lines[1:] == ["telit-deploy: an upload of conf.txt was cut off: the module dropped it "
                         "(ERROR), conf.txt keeps its old content"]


@pytest.mark.realtime
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(fraction=st.floats(0.0, 0.99), sync=st.booleans())
# Found by this property: a cut inside the #WSCRIPT command line of main_b.py, which the
# next command's filler used to end one byte short (a probe's "A" became the last byte).
@example(fraction=0.54296875, sync=False)
def test_a_deploy_cut_at_a_random_point_leaves_old_or_new_and_the_next_one_recovers(
        tmp_path_factory, fraction, sync):
    folder = tmp_path_factory.mktemp("cut")
    versions = _versions(folder, 1500)
    conf = [folder / "one" / "conf.txt", folder / "two" / "conf.txt"]
    conf[0].write_bytes(OLD_CONF)
    conf[1].write_bytes(NEW_CONF)
    locals_ = [[prepare(str(conf[i])), versions[i]] for i in (0, 1)]
    with serial.serial_for_url("telitemu://?speed=%d" % SPEED_CUT, baudrate=115200,
                               timeout=1) as port:
        module = port.emulation.module

        def deploy(whole, i):
            if sync:
                plan = whole.sync_plan(locals_[i], "main.py")
                whole.deploy(plan.uploads, plan.activate)
            else:
                whole.deploy([locals_[i][0]], locals_[i][1])

        deploy(_cut_session(port, 10 ** 9)[1], 0)
        meter, whole = _cut_session(port, 10 ** 9)
        attach_bytes = meter.written
        deploy(whole, 1)
        total = meter.written - attach_bytes
        deploy(whole, 0)
        with pytest.raises(PortError):
            deploy(_cut_session(port, attach_bytes + int(total * fraction))[1], 1)
        _, whole = _cut_session(port, 10 ** 9)           # the next command ends the transfer
        with port.emulation.lock:
            enabled = module.settings.get("#ESCRIPT")
            stored = {name: module.files.read(name) for name in module.files.names()}
        scripts = (versions[0].data, versions[1].data)
        assert stored.get(enabled) in scripts, enabled
        assert stored.get("conf.txt") in (OLD_CONF, NEW_CONF)     # old or new, never missing
        assert all(content in scripts for name, content in stored.items() if name != "conf.txt")
        deploy(whole, 1)
        with port.emulation.lock:
            assert module.files.read(module.settings.get("#ESCRIPT")) == versions[1].data
            assert module.files.read("conf.txt") == NEW_CONF


# -- serve saves as it goes -------------------------------------------------------------------


@needs_pty
@pytest.mark.realtime
def test_a_killed_serve_keeps_every_change_it_acknowledged(tmp_path):
    state = make_state(tmp_path / "state", [("old.txt", b"old")])
    with serving() as start:
        served = start("--state", state, "--speed", str(SPEED))
        with serial.Serial(served.path, 115200, timeout=5) as port:
            port.write(b'AT#WSCRIPT="new.txt",5\r')
            assert read_until(port, b">>>").endswith(b">>>")
            port.write(b"hello")
            assert read_until(port, b"OK\r\n").endswith(b"OK\r\n")
            port.write(b'AT#DSCRIPT="old.txt";#STARTMODESCR=1,20\r')
            assert read_until(port, b"OK\r\n").endswith(b"OK\r\n")
        served.stop(signal.SIGKILL)
    module = persist.load(state)
    assert module.files.names() == ["new.txt"] and module.files.read("new.txt") == b"hello"
    assert module.settings.get("#STARTMODESCR") == [1, 20]


def test_serve_refuses_a_state_it_cannot_write_at_start(tmp_path):
    (tmp_path / "f").write_text("x")
    done = subprocess.run([sys.executable, "-m", "hostsim", "serve", "--state",
                           str(tmp_path / "f")], capture_output=True, text=True, timeout=30,
                          env=dict(os.environ, PYTHONPATH=ROOT))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "is not a folder" in done.stderr


def test_check_writable_names_what_is_wrong(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(HostsimError, match="it is not a folder"):
        persist.check_writable(str(tmp_path / "f"))
    persist.check_writable(str(tmp_path / "new"))
    assert (tmp_path / "new").is_dir()
