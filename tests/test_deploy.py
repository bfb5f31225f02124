"""telit-deploy end to end: over a pseudo-terminal against ``hostsim serve``, and
through the ``telitemu://`` URL handler."""
import io
import os
import random
import subprocess
import sys
import threading
import time

import pytest
import serial
from test_serve import (
    HOLDER,
    ROOT,
    SPEED,
    make_state,
    needs_pty,
    read_until,
    serving,
    snapshot,
    wait_for,
)

from deploy.at import AtPort
from deploy.cli import main
from deploy.config import Settings, resolve
from deploy.errors import ModuleError, PortError, RefusedInput
from deploy.local import prepare
from deploy.session import Reporter, Session, attach, connect
from hostsim.core.errors import CmeError
from hostsim.line.protocol_telitemu import register
from hostsim.script.uploadform import module_form

pytestmark = pytest.mark.realtime   # wall-clock waits on pseudo-terminals and the URL handler

MAIN = b"""import SER
import SER2
import MOD
import util
SER.send('hello from main ' + util.WORD + '\\r\\n')
SER2.send('main up\\r\\n')
while 1:
    MOD.sleep(10)
"""
UTIL = b"WORD = 'one'\n"

register()


@pytest.fixture
def serve():
    with serving() as start:
        yield start


@pytest.fixture(autouse=True)
def no_user_settings(monkeypatch, tmp_path):
    """No TELIT_* variables nor configuration files of the machine in these tests."""
    for name in ("TELIT_PORT", "TELIT_BAUD", "TELIT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def deploy(capsys):
    """``deploy(*args)`` runs telit-deploy in-process: (exit code, stdout, stderr)."""
    def run(*args):
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def app(tmp_path):
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "main.py").write_bytes(MAIN)
    (folder / "util.py").write_bytes(UTIL)
    (folder / "conf.txt").write_bytes(b"a=1\n")
    return folder


def module_view(port):
    """(enabled script, {name: content or None when hidden}) through telit-deploy's session."""
    handle, session = connect(Settings(port=port, timeout=2, window_wait=0), Reporter(bars=False))
    try:
        listing = session.listing()
        return session.enabled(), {name: session.at.read_script(name, size)
                                   for name, size in listing.files.items()}
    finally:
        handle.close()


class PtyTransport:
    def __init__(self, served):
        self.served = served
        self.port = served.path

    def script_output(self, deploy, marker):
        """Reboot the module; what its script then sends on SER (and SER2)."""
        assert deploy("--port", self.port, "reboot")[0] == 0
        code, out, _ = deploy("--port", self.port, "monitor", "--asc1", self.served.paths[1],
                              "--duration", "1.5")
        assert code == 0
        assert "SER2: main up\n" in out
        return out


class UrlTransport:
    def __init__(self, state):
        self.port = "telitemu://?state=%s&speed=%d" % (state, SPEED)

    def script_output(self, deploy, marker):
        with serial.serial_for_url(self.port, timeout=5) as port:
            port.write(b"AT#REBOOT\r")
            return read_until(port, marker).decode("latin-1")


@pytest.fixture(params=["pty", "url"])
def transport(request, tmp_path):
    state = str(tmp_path / "state")
    if request.param == "url":
        return UrlTransport(state)
    if not hasattr(os, "openpty"):
        pytest.skip("no pseudo-terminals here")
    return PtyTransport(request.getfixturevalue("serve")("--state", state, "--speed", str(SPEED),
                                                         "--asc1"))


# -- the main flows ------------------------------------------------------------------------


def test_put_verify_enable_reboot_and_the_script_runs(deploy, transport, app):
    code, out, err = deploy("--port", transport.port, "put", app / "main.py", app / "util.py",
                            app / "conf.txt", "--activate")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["put util.py (14 bytes, verified)",
                                "put conf.txt (4 bytes, verified)",
                                "enabled main.py as main.py (153 bytes, verified; was nothing)"]
    assert deploy("--port", transport.port, "enable", "main.py", "--mode", "1")[0] == 0
    code, out, _ = deploy("--port", transport.port, "info")
    assert code == 0
    assert "model           GL865-DUAL" in out and "enabled script  main.py" in out
    assert "start mode      1, 10 s window" in out and "files           3, 171 bytes" in out
    code, out, _ = deploy("--port", transport.port, "cat", "util.py")
    assert (code, out) == (0, "WORD = 'one'\r\n")
    assert "hello from main one" in transport.script_output(deploy, b"hello from main one\r\n")


def test_sync_twice_uploads_nothing_the_second_time(deploy, transport, app, tmp_path):
    code, out, err = deploy("--port", transport.port, "sync", app)
    assert (code, err) == (0, "")
    assert "enabled main.py as main.py" in out and "put util.py" in out
    assert deploy("--port", transport.port, "sync", app)[1] == "up to date: 3 files\n"
    (app / "util.py").write_bytes(b"WORD = 'two'\n")
    (tmp_path / "pyo").mkdir()
    (tmp_path / "pyo" / "util.pyo").write_bytes(b"compiled util")
    assert deploy("--port", transport.port, "put", tmp_path / "pyo" / "util.pyo")[0] == 0
    before = module_view(transport.port)
    code, out, _ = deploy("--port", transport.port, "sync", app, "--dry-run")
    assert (code, out) == (0, "would put util.py (changed)\n")
    assert module_view(transport.port) == before
    code, out, _ = deploy("--port", transport.port, "sync", app)
    assert out == "put util.py (14 bytes, verified)\n"
    enabled, files = module_view(transport.port)
    assert "util.pyo" not in files                       # the stale .pyo of a changed .py
    (app / "main.py").write_bytes(MAIN.replace(b"hello", b"HELLO"))
    code, out, _ = deploy("--port", transport.port, "sync", app)
    assert out == "enabled main.py as main_b.py (153 bytes, verified; was main.py)\n"
    enabled, files = module_view(transport.port)
    assert enabled == "main_b.py" and "main.py" not in files
    assert files["main_b.py"] == module_form(MAIN.replace(b"hello", b"HELLO"))
    assert deploy("--port", transport.port, "sync", app)[1] == "up to date: 3 files\n"


def test_hidden_files_verify_by_size_and_stay_unreadable(deploy, transport, app):
    code, out, _ = deploy("--port", transport.port, "put", "--hidden", app / "conf.txt")
    assert (code, out) == (0, "put conf.txt (4 bytes, verified)\n")
    code, _, err = deploy("--port", transport.port, "cat", "conf.txt")
    assert code == 2 and err == ("telit-deploy cat: error: conf.txt: hidden: the module does "
                                 "not give its content back\n")


# -- cut off deploys ----------------------------------------------------------------------


class CutPort:
    """A port whose cable is pulled once ``budget`` more bytes were written."""

    def __init__(self, port, budget):
        self.port = port
        self.budget = budget
        self.written = 0

    def write(self, data):
        if len(data) > self.budget:
            self.port.write(data[:self.budget])
            self.budget = 0
            raise serial.SerialException("cable pulled")
        self.budget -= len(data)
        self.written += len(data)
        return self.port.write(data)

    @property
    def timeout(self):
        return self.port.timeout

    @timeout.setter
    def timeout(self, value):
        self.port.timeout = value

    def __getattr__(self, name):
        return getattr(self.port, name)


def _versions(folder, size):
    """Two versions of main.py, about ``size`` bytes each, ending at once when run."""
    versions = []
    for label in ("one", "two"):
        path = folder / label / "main.py"
        path.parent.mkdir()
        path.write_bytes(b"x = '%s'\n" % label.encode() + b"# padding line\n" * (size // 15))
        versions.append(prepare(str(path)))
    return versions


def _enabled_is_complete(module, versions):
    enabled = module.settings.get("#ESCRIPT")
    return module.files.exists(enabled) and module.files.read(enabled) in [v.data for v in versions]


def test_a_deploy_cut_off_anywhere_leaves_a_complete_enabled_script(tmp_path):
    versions = _versions(tmp_path, 300)
    settings = Settings(port="telitemu", timeout=1, chunk=128, pause=0, tries=2, window_wait=0)
    with serial.serial_for_url("telitemu://?speed=200", timeout=1) as port:
        module = port.emulation.module

        def session(budget):
            cut = CutPort(port, budget)
            return cut, attach(cut, settings, Reporter(bars=False))

        cut, first = session(10 ** 9)
        first.deploy([], versions[0])
        start = cut.written
        first.deploy([], versions[1])
        total = cut.written - start
        rng = random.Random(7)
        for round_number, budget in enumerate(sorted(rng.sample(range(total), 12))):
            with pytest.raises(PortError, match="the port failed: cable pulled"):
                session(budget)[1].deploy([], versions[round_number % 2])
            if round_number % 2:                    # power lost
                boots = module.boots
                port.emulation.power_cycle()
                assert wait_for(lambda: module.boots > boots)
            else:                    # cable pulled: the transfer times out (30 s, 0.15 s here)
                time.sleep(0.25)
            with port.emulation.lock:
                assert _enabled_is_complete(module, versions), (round_number, budget)
            _, whole = session(10 ** 9)
            whole.deploy([], versions[round_number % 2])     # and the next deploy works
            with port.emulation.lock:
                assert module.files.read(module.settings.get("#ESCRIPT")) == \
                    versions[round_number % 2].data


@needs_pty
def test_killed_deploys_and_power_losses_leave_a_complete_enabled_script(serve, tmp_path):
    versions = _versions(tmp_path, 40_000)
    served = serve("--speed", str(SPEED))
    env = dict(os.environ, PYTHONPATH=ROOT)
    base = [sys.executable, "-m", "deploy", "--port", served.path, "--timeout", "1",
            "--baud", "2000000", "--window-wait", "0", "--rtscts", "put", "--activate"]
    assert subprocess.run(base + [versions[0].path], env=env, timeout=60,
                          capture_output=True).returncode == 0
    with serial.Serial(served.path, 115200, timeout=5) as port:   # AT in the window: no start
        port.write(b"AT#STARTMODESCR=1,10\r")
        assert read_until(port, b"OK\r\n").endswith(b"OK\r\n")
    rng = random.Random(3)
    for round_number in range(4):
        process = subprocess.Popen(base + [versions[(round_number + 1) % 2].path], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 0.7))
        if round_number % 2:
            served.power_cycle()                    # power lost under the deploy
            process.wait(30)
        else:
            process.kill()                          # the tool killed; then a power cycle
            process.wait(30)
            served.power_cycle()
        time.sleep(0.1)
        enabled, files = module_view(served.path)
        assert files.get(enabled) in [v.data for v in versions], (round_number, enabled)


class LossyPort(CutPort):
    """A line that loses ``lost`` (a piece of a payload) the first time it is written."""

    def __init__(self, port, lost):
        super().__init__(port, 10 ** 9)
        self.lost = lost

    def write(self, data):
        if self.lost and self.lost in data:
            data, self.lost = data.replace(self.lost, b"", 1), b""
        return super().write(data)


def test_bytes_lost_on_the_line_are_padded_found_by_the_read_back_and_retried(tmp_path):
    rng = random.Random(5)
    data = tmp_path / "data.txt"
    data.write_bytes(bytes(rng.randrange(32, 127) for _ in range(8265)))
    local = prepare(str(data))
    settings = Settings(port="telitemu-lossy", timeout=1, chunk=8192, pause=0, window_wait=0)
    out, err = io.StringIO(), io.StringIO()
    # the padding comes 1 s after the last byte: well inside the 30 s transfer timeout
    with serial.serial_for_url("telitemu://?speed=5", baudrate=115200, rtscts=True,
                               timeout=1) as port:
        lossy = LossyPort(port, local.data[1000:1100])
        session = attach(lossy, settings, Reporter(out, err, bars=False))
        session.deploy([local], None)
        with port.emulation.lock:
            assert port.emulation.module.files.read("data.txt") == local.data
    assert not lossy.lost                              # the first try lost its 100 bytes
    assert out.getvalue() == "put data.txt (8265 bytes, verified)\n"
    assert err.getvalue() == ("telit-deploy: %s: the read-back differs from the file at byte "
                              "1000; retrying with 4096-byte chunks and 0.1 s pauses (2 tries "
                              "left)\n" % data)


# -- a running script holds ASC0 ------------------------------------------------------------


@needs_pty
def test_a_script_holding_asc0_is_reached_in_the_start_window_after_a_power_cycle(serve,
                                                                                  tmp_path):
    state = make_state(tmp_path / "state", [("hold.py", HOLDER)], "hold.py", (1, 10))
    served = serve("--state", state, "--speed", str(SPEED))
    with serial.Serial(served.path, 115200, timeout=5) as port:
        assert read_until(port, b"ready\r\n").endswith(b"ready\r\n")     # it holds ASC0
    process = subprocess.Popen([sys.executable, "-m", "deploy", "--port", served.path,
                                "--window-wait", "20", "ls"], env=dict(os.environ, PYTHONPATH=ROOT),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        reader = threading.Thread(target=lambda: lines.append(process.stderr.readline()))
        reader.start()
        reader.join(10)
        assert lines and "power-cycle the module now; telit-deploy will catch the start window" \
            in lines[0]
        served.power_cycle()
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "caught the start window" in err
    assert "hold.py" in out


# -- bad input, and nothing changes ----------------------------------------------------------


def _url_with_state(tmp_path):
    # the longest start window (3 s here): the script does not start under a loaded machine
    state = make_state(tmp_path / "state", [("main.py", b"x = 1\n")], "main.py", (1, 60))
    return "telitemu://?state=%s&speed=%d" % (state, SPEED), state


BAD_INPUTS = [
    ("a_name_too_long.py", b"x = 1\n", "name is 18 characters long, the module allows 16"),
    ("tool.pyc", b"\x00\x01", ".pyc is a PC Python file"),
    ("caf\xe9.py", b"x = 1\n", "name is not ASCII"),
    ("bad name.txt", b"x", "bad file name 'bad name.txt'"),
    ("latin.py", b"x = 1\ncaf\xe9 = 2\n", "line 2: D404 non-ASCII character '\xe9' outside comments"),
    ("empty.txt", b"", "empty file"),
    ("aug.py", b"x = 1\nx += 1\n", "1 onboard dialect finding, the first on line 2: D101"),
    ("big.dat", 1_900_001, "need 1900001 bytes more than stored now; the module has"),
]


@pytest.mark.parametrize("name, content, complaint", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_and_changes_nothing(deploy, tmp_path, name, content, complaint):
    url, state = _url_with_state(tmp_path)
    path = tmp_path / name
    path.write_bytes(b"x" * content if isinstance(content, int) else content)
    before = snapshot(state)
    code, out, err = deploy("--port", url, "put", path)
    assert code == 2 and out == ""
    assert err.startswith("telit-deploy put: error: %s: " % path) and err.count("\n") == 1
    assert complaint in err
    assert snapshot(state) == before


def test_safe_activation_refuses_names_it_cannot_alternate(deploy, tmp_path, app):
    url, state = _url_with_state(tmp_path)
    before = snapshot(state)
    long_name = tmp_path / "fifteen_chars.py"
    long_name.write_bytes(b"x = 1\n")
    code, _, err = deploy("--port", url, "put", long_name, "--activate")
    assert code == 2 and err == ("telit-deploy put: error: %s: safe activation needs the "
                                 "alternate name fifteen_chars_b.py, longer than 16 characters; "
                                 "shorten the name\n" % long_name)
    (app / "main_b.py").write_bytes(b"y = 2\n")           # the module runs main.py
    code, _, err = deploy("--port", url, "sync", app)
    assert code == 2 and "two files would be stored as main_b.py" in err
    assert snapshot(state) == before


def test_no_check_uploads_despite_dialect_findings(deploy, tmp_path):
    url, _ = _url_with_state(tmp_path)
    path = tmp_path / "aug.py"
    path.write_bytes(b"x = 1\nx += 1\n")
    assert deploy("--port", url, "put", path, "--no-check")[0] == 0


def test_sources_are_stored_compacted_unless_verbatim(deploy, tmp_path):
    url, _ = _url_with_state(tmp_path)
    folder = tmp_path / "src"
    folder.mkdir()
    source = b"# the app\nimport MOD\nif 1:  # always\n    MOD.sleep(1)\n"
    (folder / "app.py").write_bytes(source)
    code, out, _ = deploy("--port", url, "put", folder / "app.py")
    assert (code, out) == (0, "put app.py (36 bytes, verified)\n")
    assert deploy("--port", url, "cat", "app.py")[1] == "\r\nimport MOD\r\nif 1:\r\n\tMOD.sleep(1)\r\n"
    assert deploy("--port", url, "sync", folder)[1] == "up to date: 1 file\n"
    code, out, _ = deploy("--port", url, "sync", folder, "--verbatim")
    assert (code, out) == (0, "put app.py (%d bytes, verified)\n" % len(source.replace(b"\n", b"\r\n")))
    assert deploy("--port", url, "cat", "app.py")[1] == source.decode().replace("\n", "\r\n")


def test_a_missing_file_or_directory_is_refused(deploy, tmp_path):
    url, _ = _url_with_state(tmp_path)
    code, _, err = deploy("--port", url, "put", tmp_path / "nope.py")
    assert code == 2 and "nope.py: cannot read: No such file or directory" in err
    code, _, err = deploy("--port", url, "sync", tmp_path / "nodir")
    assert code == 2 and "nodir: not a directory" in err


def test_rm_and_enable_check_every_name_before_changing_anything(deploy, tmp_path):
    url, state = _url_with_state(tmp_path)
    before = snapshot(state)
    code, _, err = deploy("--port", url, "rm", "main.py", "nothere.py")
    assert code == 2 and "nothere.py: no such file on the module (nothing was removed)" in err
    code, _, err = deploy("--port", url, "enable", "nothere.py")
    assert code == 2 and "nothere.py: no such file on the module" in err
    assert snapshot(state) == before
    assert deploy("--port", url, "rm", "main.py")[1] == "removed main.py\n"


def test_a_missing_port_is_exit_3(deploy, tmp_path):
    code, out, err = deploy("--port", tmp_path / "ttyNONE", "ls")
    assert (code, out) == (3, "")
    assert err == ("telit-deploy ls: error: %s: cannot open: No such file or directory "
                   "(telit-deploy ports lists the serial ports)\n" % (tmp_path / "ttyNONE"))
    code, _, err = deploy("ls")
    assert code == 3 and "no port: give --port, set TELIT_PORT" in err


@needs_pty
def test_nothing_answering_is_exit_4(deploy):
    master, slave = os.openpty()
    try:
        name = os.ttyname(slave)
        start = time.monotonic()
        code, out, err = deploy("--port", name, "--timeout", "0.3", "--window-wait", "0", "ls")
        assert (code, out) == (4, "") and time.monotonic() - start < 5
        assert err == ("telit-deploy ls: error: %s: nothing answers AT (module off, wrong --baud, "
                       "or a running script holds ASC0: power-cycle it with --window-wait)\n"
                       % name)
        code, _, err = deploy("--port", name, "--timeout", "0.3", "--window-wait", "0.3", "ls")
        assert code == 4 and "power-cycle the module now" in err
        assert err.endswith("error: %s: nothing answered AT within 0.3 s\n" % name)
    finally:
        os.close(master)
        os.close(slave)


def test_an_error_from_the_module_is_exit_1_and_changes_nothing(deploy, tmp_path):
    url, state = _url_with_state(tmp_path)
    with serial.serial_for_url(url) as port:          # the enabled file goes missing
        port.emulation.module.files.delete("main.py")
    before = snapshot(state)
    code, out, err = deploy("--port", url, "run")
    assert (code, out) == (1, "")
    assert err == "telit-deploy run: error: main.py: AT#EXECSCR answered ERROR\n"
    assert snapshot(state) == before


def test_a_refused_upload_names_the_file_the_command_and_the_answer(tmp_path):
    path = tmp_path / "app.py"
    path.write_bytes(b"x = 1\n")
    local = prepare(str(path))
    settings = Settings(port="telitemu", timeout=1)
    with serial.serial_for_url("telitemu://?speed=%d" % SPEED, timeout=1) as port:
        module = port.emulation.module

        def refuse(ctx, form):
            if ctx.command.name == "#WSCRIPT":
                raise CmeError(20)

        module.command_gates.append(refuse)
        session = Session(AtPort(port, "telitemu", 1, 115200), settings, Reporter(bars=False))
        session.at.command("AT+CMEE=2")
        with pytest.raises(ModuleError) as error:
            session.deploy([local], None)
        assert str(error.value) == ('%s: AT#WSCRIPT="app.py",7,0 answered +CME ERROR: '
                                    'memory full' % path)
        assert module.files.names() == []


# -- settings and output -----------------------------------------------------------------------


def test_settings_come_from_the_command_line_then_the_environment_then_the_file(tmp_path):
    config = tmp_path / "elsewhere.ini"
    config.write_text("[telit-deploy]\nport = /dev/ttyFILE\nbaud = 9600\ntimeout = 7\n"
                      "rtscts = yes\n")
    environ = {"TELIT_PORT": "/dev/ttyENV", "TELIT_BAUD": "19200"}
    settings = resolve({"port": "/dev/ttyCLI"}, environ, str(config))
    assert (settings.port, settings.baud, settings.timeout) == ("/dev/ttyCLI", 19200, 7.0)
    assert settings.rtscts and settings.chunk_pause == 0.0
    assert resolve({}, {}, None).chunk_pause == 0.3
    assert resolve({}, {}, None).port is None                   # the cwd has no file
    with pytest.raises(RefusedInput, match="TELIT_BAUD=fast: expected a positive number"):
        resolve({}, {"TELIT_BAUD": "fast"}, None)
    config.write_text("[telit-deploy]\nspeed = 3\n")
    with pytest.raises(RefusedInput, match="unknown key speed"):
        resolve({}, {}, str(config))
    with pytest.raises(RefusedInput, match="--chunk 0: expected a positive number of bytes"):
        resolve({"chunk": 0}, {}, None)


def test_the_config_file_in_the_current_directory_names_the_port(deploy, tmp_path):
    url, _ = _url_with_state(tmp_path)
    (tmp_path / "telit-deploy.ini").write_text("[telit-deploy]\nport = %s\n" % url.replace(
        "%", "%%"))
    code, out, _ = deploy("ls")
    assert code == 0 and "main.py" in out


def test_a_progress_bar_only_on_a_terminal():
    quiet = Reporter(out=io.StringIO(), err=io.StringIO())
    with quiet.progress("x.py", 10) as update:
        update(10)
    assert quiet.err.getvalue() == ""
    bars = Reporter(out=io.StringIO(), err=io.StringIO(), bars=True)
    with bars.progress("x.py", 10) as update:
        update(10)
    assert "x.py" in bars.err.getvalue()
