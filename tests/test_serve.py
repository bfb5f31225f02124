"""hostsim serve: the line model, the emulation thread, the pseudo-terminal server.

The helpers at the top (a ``hostsim serve`` process, module states with a
script, waiting) serve test_deploy.py and test_telitemu.py as well.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
import serial

from hostsim.device import persist
from hostsim.device.module import Module
from hostsim.line.emulation import Emulation, Wire
from hostsim.parts.sim import SimCard

pytestmark = pytest.mark.realtime   # wall-clock waits on pseudo-terminals and the URL handler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPEED = 20          # virtual seconds per wall second here: a 10 s start window is 0.5 s

needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")

HOLDER = b"""import SER
import MOD
SER.send('ready\\r\\n')
print('printed')
while 1:
    s = SER.receive(10)
    if s:
        SER.send('got ' + s)
"""


def make_state(directory, files=(), enabled=None, mode=(1, 10)):
    """Save a module (SIM without PIN) holding ``files`` ((name, bytes); .py get CRLF)."""
    module = Module(sim=SimCard(pin=None))
    for name, data in files:
        module.files.write(name, data.replace(b"\n", b"\r\n") if name.endswith(".py") else data)
    if enabled:
        module.settings.set("#ESCRIPT", enabled)
        module.settings.set("#STARTMODESCR", list(mode))
    persist.save(module, str(directory))
    return str(directory)


def snapshot(directory):
    """Every file under ``directory``, by relative path."""
    result = {}
    for root, _, names in os.walk(str(directory)):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                result[os.path.relpath(path, str(directory))] = handle.read()
    return result


def wait_for(condition, seconds=5.0):
    """Poll ``condition`` until it holds, at most ``seconds``; its last value."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def read_until(port, marker, seconds=5.0):
    """What a pyserial ``port`` gives until ``marker`` appears (or ``seconds`` pass)."""
    data = b""
    deadline = time.monotonic() + seconds
    while marker not in data and time.monotonic() < deadline:
        port.timeout = max(0.0, deadline - time.monotonic())
        data += port.read(max(1, port.in_waiting))
    return data


class Served:
    """A ``hostsim serve`` process; ``path`` is its ASC0 device, ``paths`` all of them."""

    def __init__(self, *args):
        env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.process = subprocess.Popen([sys.executable, "-m", "hostsim", "serve"] + list(args),
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                                        env=env, text=True)
        self.paths = []
        reader = threading.Thread(target=self._read_paths, args=(1 + ("--asc1" in args),),
                                  daemon=True)
        reader.start()
        reader.join(10)
        if not self.paths or not self.paths[-1]:
            self.stop(signal.SIGKILL)
            raise AssertionError("hostsim serve printed no device")
        self.path = self.paths[0]

    def _read_paths(self, count):
        for _ in range(count):
            self.paths.append(self.process.stdout.readline().strip())

    def power_cycle(self):
        self.process.send_signal(signal.SIGUSR1)

    def stop(self, sig=signal.SIGINT):
        """Stop it (Ctrl-C by default); (exit code, stderr).  Killed after 10 s."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            _, err = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate(timeout=5)
        return self.process.returncode, err


@contextmanager
def serving():
    """``start(*args)`` starts a ``hostsim serve``; every one is stopped on leaving."""
    started = []

    def start(*args):
        served = Served(*args)
        started.append(served)
        return served

    try:
        yield start
    finally:
        for served in started:
            served.stop()


@pytest.fixture
def serve():
    with serving() as start:
        yield start


def at(port, line, marker=b"OK\r\n", seconds=5.0):
    port.reset_input_buffer()
    port.write(line + b"\r")
    return read_until(port, marker, seconds)


# -- the wire ----------------------------------------------------------------------------


def test_a_byte_takes_ten_bit_times_on_the_wire():
    wire = Wire(9600)                      # 960 bytes/s: 1.0417 ms a byte
    wire.put(b"0123456789", 0)
    assert wire.due() == 2
    assert wire.take(5) == b"0123"
    assert wire.take(5) == b""
    assert wire.take(11) == b"456789"
    assert wire.due() is None
    wire.put(b"ab", 100)                   # an idle wire starts when the bytes come
    assert wire.take(101) == b"" and wire.take(103) == b"ab"


def test_a_held_wire_waits_and_restarts_when_there_is_room():
    wire = Wire(10_000)                    # 1 ms a byte
    wire.put(b"abcdef", 0)
    assert wire.take(4, limit=2) == b"ab"  # the receiver has room for two
    assert wire.take(10, limit=0) == b""
    assert wire.take(10) == b""            # held at 10: the line restarts there
    assert wire.take(11) == b"c"
    assert wire.take(14) == b"def"


def test_without_a_line_rate_bytes_pass_at_once():
    wire = Wire(0)
    wire.put(b"abc", 5)
    assert wire.take(5) == b"abc"
    with pytest.raises(ValueError):
        Wire(-1)


# -- the emulation, in-process ------------------------------------------------------------


class Endpoint:
    """A DTE that collects what the module sends."""

    def __init__(self, line):
        self.line = line
        self.received = bytearray()
        line.endpoint = self

    def deliver(self, data):
        self.received += data

    def wake(self):
        pass

    def send(self, data, seconds=5.0):
        """Hand ``data`` over as fast as the line takes it."""
        deadline = time.monotonic() + seconds
        while data and time.monotonic() < deadline:
            room = self.line.room()
            self.line.send(data[:room])
            data = data[room:]
            if data:
                time.sleep(0.001)
        assert not data, "the line took no more"

    def wait(self, marker, seconds=5.0):
        assert wait_for(lambda: marker in self.received, seconds), bytes(self.received)


@pytest.fixture
def emulate():
    """``emulate(module=None, **options)``: a started Emulation, stopped at the end."""
    started = []

    def start(module=None, **options):
        emulation = Emulation(module or Module(sim=SimCard(pin=None)), **options)
        endpoints = [Endpoint(emulation.lines[name]) for name in ("ASC0", "ASC1")]
        emulation.start()
        started.append(emulation)
        return emulation, endpoints[0], endpoints[1]

    yield start
    for emulation in started:
        emulation.stop()


def test_the_module_answers_at_the_line_rate(emulate):
    emulation, asc0, _ = emulate(speed=1, baud=1200)        # 120 bytes/s
    start = time.monotonic()
    asc0.send(b"AT+CGMR\r")
    asc0.wait(b"OK\r\n")
    elapsed = time.monotonic() - start
    assert bytes(asc0.received) == b"AT+CGMR\r\r\n10.00.144\r\n\r\nOK\r\n"
    assert elapsed >= (8 + 19) / 120.0 * 0.95      # the echo overlaps the command


def _wscript(emulate, flow_control, size=6000):
    emulation, asc0, _ = emulate(speed=50, flow_control=flow_control, rx_buffer=1024,
                                 write_rate=2000)
    asc0.send(b'AT#WSCRIPT="d.txt",%d\r' % size)
    asc0.wait(b">>>")
    payload = bytes(range(32, 127)) * (size // 95 + 1)
    asc0.send(payload[:size])
    return emulation, asc0, payload[:size]


def test_with_flow_control_a_slow_module_loses_nothing(emulate):
    emulation, asc0, payload = _wscript(emulate, True)
    asc0.wait(b"\r\nOK\r\n", 10)
    with emulation.lock:
        assert emulation.module.files.read("d.txt") == payload
        assert not emulation.module.trace.select("dropped")


def test_without_flow_control_bytes_beyond_the_buffer_are_dropped(emulate):
    emulation, asc0, _ = _wscript(emulate, False)
    assert wait_for(lambda: emulation.module.trace.select("dropped"), 5)
    time.sleep(0.3)                  # 15 virtual s: the module still waits for its bytes
    with emulation.lock:
        event = emulation.module.trace.select("dropped")[0]
        assert event.data["reason"] == "receive buffer full" and event.source == "ASC0"
        assert not emulation.module.files.exists("d.txt")
    assert b"OK" not in asc0.received[-10:]


def test_at_k0_turns_the_modules_flow_control_off(emulate):
    emulation, asc0, _ = emulate(speed=50, rx_buffer=1024, write_rate=2000)
    asc0.send(b"AT&K0\r")
    asc0.wait(b"OK\r\n")
    asc0.send(b'AT#WSCRIPT="d.txt",6000\r')
    asc0.wait(b">>>")
    asc0.send(b"x" * 6000)
    assert wait_for(lambda: emulation.module.trace.select("dropped"), 5)


def test_a_script_owns_asc0_and_its_prints_go_to_asc1(emulate, tmp_path):
    module = persist.load(make_state(tmp_path, [("hold.py", HOLDER)], "hold.py", (0, 10)))
    emulation, asc0, asc1 = emulate(module, speed=SPEED)     # mode 0, DTR low: starts at once
    asc0.wait(b"ready\r\n")
    asc1.wait(b"printed\r\n")
    asc0.send(b"AT\r")
    asc0.wait(b"got AT\r")
    assert b"OK" not in asc0.received


def test_mode_2_keeps_an_at_parser_on_asc0_while_the_script_runs(emulate, tmp_path):
    module = persist.load(make_state(tmp_path, [("hold.py", HOLDER)], "hold.py", (2, 10)))
    emulation, asc0, asc1 = emulate(module, speed=SPEED)
    asc1.wait(b"printed\r\n", 5)                             # started after the window
    asc0.send(b"AT+CGMR\r")
    asc0.wait(b"OK\r\n")
    assert b"ready" not in asc0.received                     # SER writes go nowhere


def test_input_is_lost_while_the_module_is_off(emulate):
    emulation, asc0, _ = emulate(speed=SPEED)
    emulation.power_off()
    assert wait_for(lambda: emulation.module.state == "off")
    asc0.send(b"AT\r")
    time.sleep(0.1)
    assert not asc0.received
    assert emulation.module.trace.select("dropped")[-1].data["reason"] == "module off"
    emulation.power_on()
    asc0.send(b"AT\r")
    asc0.wait(b"OK\r\n")


# -- over a pseudo-terminal ------------------------------------------------------------------


@needs_pty
def test_serve_prints_a_device_for_its_owner_only_and_keeps_the_link(serve, tmp_path):
    link = str(tmp_path / "telit")
    served = serve("--speed", str(SPEED), "--link", link)
    assert os.stat(served.path).st_mode & 0o777 == 0o600
    assert os.readlink(link) == served.path
    with serial.Serial(link, 115200, timeout=5) as port:
        assert at(port, b"AT+CGMR").endswith(b"\r\n10.00.144\r\n\r\nOK\r\n")
    code, err = served.stop()
    assert code == 0 and "Ctrl-C" in err
    assert not os.path.lexists(link)


@needs_pty
def test_serve_sets_the_halting_reading_and_saves_it_at_once(serve, tmp_path):
    state = tmp_path / "state"
    served = serve("--state", str(state), "--speed", str(SPEED), "--tcp-halting", "inhibited")
    assert json.loads((state / "module.json").read_text())["parts"]["fota"]["halting"] == \
        "inhibited"                          # saved before anything happens on the line
    assert served.stop()[0] == 0
    served = serve("--state", str(state), "--speed", str(SPEED))
    assert served.stop()[0] == 0
    assert json.loads((state / "module.json").read_text())["parts"]["fota"]["halting"] == \
        "inhibited"


@needs_pty
def test_ctrl_c_saves_the_state_and_a_reopened_state_continues(serve, tmp_path):
    state = str(tmp_path / "state")
    served = serve("--state", state, "--speed", str(SPEED))
    with serial.Serial(served.path, 115200, timeout=5) as port:
        assert at(port, b'AT#WSCRIPT="a.txt",5', b">>>").endswith(b">>>")
        port.write(b"hello")
        assert read_until(port, b"OK\r\n").endswith(b"OK\r\n")
        assert at(port, b"AT#ESCRIPT=a.txt").endswith(b"OK\r\n")
    assert served.stop()[0] == 0
    assert snapshot(state)["files/a.txt"] == b"hello"
    served = serve("--state", state, "--speed", str(SPEED))
    with serial.Serial(served.path, 115200, timeout=5) as port:
        assert b'#LSCRIPT: "a.txt",5' in at(port, b"AT#LSCRIPT")
        assert b'#ESCRIPT: "a.txt"' in at(port, b"AT#ESCRIPT?")


@needs_pty
def test_sigusr1_power_cycles_the_module(serve):
    served = serve("--speed", str(SPEED))
    with serial.Serial(served.path, 115200, timeout=5) as port:
        assert at(port, b"ATE0").endswith(b"OK\r\n")
        assert at(port, b"AT") == b"\r\nOK\r\n"               # no echo now
        served.power_cycle()
        assert wait_for(lambda: at(port, b"AT", seconds=0.2) == b"AT\r\r\nOK\r\n", 5)


@needs_pty
def test_a_running_script_answers_on_the_device_and_prints_on_asc1(serve, tmp_path):
    state = make_state(tmp_path / "state", [("hold.py", HOLDER)], "hold.py", (1, 10))
    served = serve("--state", state, "--speed", str(SPEED), "--asc1")
    with serial.Serial(served.path, 115200, timeout=5) as port, \
            serial.Serial(served.paths[1], 115200, timeout=5) as asc1:
        assert b"ready\r\n" in read_until(port, b"ready\r\n")   # sent nothing in the window
        assert b"printed\r\n" in read_until(asc1, b"printed\r\n")
        assert at(port, b"ping", b"got ping\r").endswith(b"got ping\r")


@needs_pty
def test_bytes_take_their_time_on_the_pseudo_terminal(serve):
    served = serve("--baud", "2400")                           # 240 bytes/s, real time
    with serial.Serial(served.path, 115200, timeout=5) as port:
        at(port, b"AT")
        start = time.monotonic()
        assert at(port, b"AT+CGMR").endswith(b"OK\r\n")
        assert time.monotonic() - start >= (8 + 19) / 240.0 * 0.95


@needs_pty
def test_a_corrupt_state_is_a_one_line_error(tmp_path):
    (tmp_path / "module.json").write_text("{")
    result = subprocess.run([sys.executable, "-m", "hostsim", "serve", "--state", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=30,
                            env=dict(os.environ, PYTHONPATH=ROOT))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("hostsim serve: error: state file ")
    assert result.stderr.count("\n") == 1
