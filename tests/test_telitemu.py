"""The ``telitemu://`` pyserial URL handler: an emulated module inside the process."""
import os
import subprocess
import sys
import time

import pytest
import serial
from test_serve import HOLDER, ROOT, SPEED, make_state, read_until, snapshot

from hostsim.device import persist
from hostsim.line.protocol_telitemu import register

pytestmark = pytest.mark.realtime   # wall-clock waits on pseudo-terminals and the URL handler

URL = "telitemu://?speed=%d" % SPEED

register()


@pytest.fixture
def ports():
    """``open_port(url, **pyserial_options)``; every port is closed at the end."""
    opened = []

    def open_port(url=URL, **options):
        options.setdefault("timeout", 5)
        port = serial.serial_for_url(url, **options)
        opened.append(port)
        return port

    yield open_port
    for port in opened:
        port.close()


def command(port, line):
    port.write(line + b"\r")
    return read_until(port, b"OK\r\n")


def test_registering_lets_pyserial_open_the_url_once_listed(ports):
    register()
    assert serial.protocol_handler_packages.count("hostsim.line") == 1
    port = ports()
    assert command(port, b"ATI4") == b"ATI4\r\r\nGL865-DUAL\r\n\r\nOK\r\n"
    assert port.emulation.module.state == "on"


@pytest.mark.parametrize("url, complaint", [
    ("telitemu://?bogus=1", "unknown option 'bogus'"),
    ("telitemu://?speed=0", "speed must be positive"),
    ("telitemu://?speed=fast", "could not convert"),
    ("telitemu:///tmp/state", "not a telitemu URL"),
])
def test_a_bad_url_says_the_form(url, complaint):
    with pytest.raises(serial.SerialException) as error:
        serial.serial_for_url(url)
    assert "expected telitemu://[?state=DIR]" in str(error.value)
    assert complaint in str(error.value)


def test_a_corrupt_state_cannot_open(tmp_path):
    (tmp_path / "module.json").write_text("{")
    with pytest.raises(serial.SerialException, match="state file .* is corrupt"):
        serial.serial_for_url("telitemu://?state=%s" % tmp_path)


def test_the_state_is_saved_as_the_module_changes_and_loaded_at_open(ports, tmp_path):
    state = str(tmp_path / "state")
    port = ports("telitemu://?state=%s&speed=%d" % (state, SPEED))
    port.write(b'AT#WSCRIPT="a.txt",5\r')
    assert read_until(port, b">>>").endswith(b">>>")
    port.write(b"hello")
    assert read_until(port, b"OK\r\n").endswith(b"OK\r\n")
    assert snapshot(state)["files/a.txt"] == b"hello"          # the port is still open
    command(port, b"AT#STARTMODESCR=1,20")
    assert persist.load(state).settings.get("#STARTMODESCR") == [1, 20]
    port.close()
    port = ports("telitemu://?state=%s" % state)
    assert b'#LSCRIPT: "a.txt",5' in command(port, b"AT#LSCRIPT")


def test_a_state_that_cannot_be_written_is_refused_at_open(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(serial.SerialException, match="cannot open .*: state .* is not a folder"):
        serial.serial_for_url("telitemu://?state=%s" % (tmp_path / "f"))


def test_dtr_reaches_the_module_before_power_on(ports, tmp_path):
    state = make_state(tmp_path / "state", [("hold.py", HOLDER)], "hold.py", (0, 10))
    url = "telitemu://?state=%s&speed=%d" % (state, SPEED)
    held = ports(url)                                    # pyserial raises DTR: mode 0 waits
    assert command(held, b"AT").endswith(b"OK\r\n")
    held.close()
    port = ports(url, do_not_open=True)
    port.dtr = False
    port.open()
    assert read_until(port, b"ready\r\n").endswith(b"ready\r\n")   # the script holds ASC0
    port.rts = False
    assert port.emulation.module.uarts["ASC0"].lines["RTS"] == 0
    assert (port.cts, port.dsr, port.ri, port.cd) == (True, True, False, False)


def test_with_flow_control_a_script_that_never_reads_stops_the_writer(ports, tmp_path):
    sleeper = b"import MOD\nwhile 1:\n    MOD.sleep(10)\n"
    state = make_state(tmp_path / "state", [("sleep.py", sleeper)], "sleep.py", (0, 10))
    port = ports("telitemu://?state=%s&speed=%d&rx-buffer=512" % (state, SPEED),
                 do_not_open=True, rtscts=True, write_timeout=0.3)
    port.dtr = False
    port.open()
    time.sleep(0.1)
    with pytest.raises(serial.SerialTimeoutException):
        port.write(b"x" * 20000)
    assert not port.emulation.module.trace.select("dropped")


def test_reads_time_out_and_closed_ports_refuse(ports):
    port = ports(timeout=0.1)
    start = time.monotonic()
    assert port.read(10) == b""
    assert 0.09 <= time.monotonic() - start < 2
    port.write(b"AT\r")
    assert read_until(port, b"OK\r\n")
    assert port.in_waiting == 0
    port.close()
    with pytest.raises(serial.PortNotOpenError):
        port.read(1)


def test_any_pyserial_program_runs_with_the_handler_registered(tmp_path):
    program = tmp_path / "program.py"
    program.write_text("import serial, sys\n"
                       "port = serial.serial_for_url(sys.argv[1], timeout=5)\n"
                       "port.write(b'AT+CGSN\\r')\n"
                       "print(port.read_until(b'OK\\r\\n').decode())\n"
                       "port.close()\n")
    result = subprocess.run([sys.executable, "-m", "hostsim.line.protocol_telitemu", str(program), URL],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=ROOT))
    assert result.returncode == 0, result.stderr
    assert "356938035643809" in result.stdout
