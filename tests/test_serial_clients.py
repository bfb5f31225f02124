"""What uploaders and terminals written for real modules expect of ASC0.

The clients here are written in the style of such tools (not copied from
them): lines ended with CR LF, an upload over a name that exists without a
``#DSCRIPT`` first (with and without a script running), a REPL script
enabled and started with ``#EXECSCR`` and then talked to on the same port.
Each runs over a pseudo-terminal (``hostsim serve``) and over ``telitemu://``,
and compares exact bytes.  The AT engine's rule behind the CR LF cases is
checked first, in virtual time, for every kind of prompt.
"""
import os

import pytest
import serial
from atutil import quiet, send
from test_gprs import ROUND_TRIP, RecordingPeer, dial, online_ready
from test_serve import SPEED, make_state, read_until, serving, wait_for
from test_sms import texting

from deploy.cli import main as deploy_main
from hostsim.at.engine import LINE_PROCESSING_MS
from hostsim.device.module import Module
from hostsim.line.protocol_telitemu import register
from hostsim.parts.filestore import compile_pyo
from hostsim.parts.sim import SimCard
from hostsim.radio.smsc import SMS_SEND_MS
from hostsim.script.runner import RUNNING, Runner
from hostsim.script.uploadform import crlf, module_form

OK = b"\r\nOK\r\n"
CAPACITY = Module().files.capacity

register()


# -- the engine: a LF right after the CR belongs to the line, for every prompt ------------


def upload_module():
    module = Module()
    module.power_on()
    quiet(module)
    return module, module.engine("ASC0")


def test_a_cr_lf_line_opens_the_prompt_after_its_lf_and_the_payload_is_exact():
    module, engine = upload_module()
    engine.feed(b'AT#WSCRIPT="t.py",3\r\n')
    assert engine.read_output() == b""                     # the line is still being processed
    module.clock.advance(LINE_PROCESSING_MS)
    assert engine.read_output() == b"\r\n>>>"
    engine.feed(b"abc")
    assert engine.read_output() == OK
    assert module.files.read("t.py") == b"abc"


def test_a_payload_sent_with_the_line_waits_for_the_prompt():
    module, engine = upload_module()
    engine.feed(b'AT#WSCRIPT="t.py",3\r\nabcAT\r')          # no wait for the prompt at all
    module.clock.advance(LINE_PROCESSING_MS)
    assert engine.read_output() == b"\r\n>>>" + OK + OK
    assert module.files.read("t.py") == b"abc"


def test_a_lf_after_the_prompt_is_data():
    """A client that ends lines with CR alone and waits for the prompt may send
    a file that starts with LF."""
    module, engine = upload_module()
    engine.feed(b'AT#WSCRIPT="t.txt",3\r')
    module.clock.advance(LINE_PROCESSING_MS)
    assert engine.read_output() == b"\r\n>>>"
    engine.feed(b"\nab")
    assert engine.read_output() == OK
    assert module.files.read("t.txt") == b"\nab"


def test_the_lf_of_a_line_is_echoed_before_its_answer_never_after():
    module = Module()
    module.power_on()
    engine = module.engine("ASC0")
    assert send(module, b"AT\r\n") == b"AT\r\r\nOK\r\n"
    assert send(module, b'AT#WSCRIPT="t.py",1\r\n', advance_ms=LINE_PROCESSING_MS) == \
        b'AT#WSCRIPT="t.py",1\r\n\r\n>>>'
    engine.feed(b"x")
    assert engine.read_output() == OK


def test_cmgs_with_a_cr_lf_line_sends_the_text_without_the_lf():
    module = texting()
    module.engine("ASC0").feed(b'AT+CMGS="+39555"\r\nHi\x1a')
    module.clock.advance(LINE_PROCESSING_MS + SMS_SEND_MS)
    assert module.engine("ASC0").read_output() == b"\r\n> \r\n+CMGS: 1\r\n" + OK
    assert [sms.text for sms in module.world.sent_sms] == ["Hi"]


def test_ssend_with_a_cr_lf_line_sends_the_data_without_the_lf():
    module = online_ready()
    assert dial(module, 9, mode=1) == OK
    send(module, b"AT#SSEND=1\r\nping\x1a", advance_ms=LINE_PROCESSING_MS + ROUND_TRIP)
    assert RecordingPeer.instances[-1].received == b"ping"


# -- real clients on ASC0 ---------------------------------------------------------------------


class Transport:
    """Opens pyserial ports on a module saved in a state directory: a ``hostsim
    serve`` device (one server per state) or a ``telitemu://`` URL."""

    def __init__(self, kind, start_serve):
        self.kind = kind
        self._start_serve = start_serve
        self._devices = {}

    def port_name(self, state):
        if self.kind == "url":
            return "telitemu://?state=%s&speed=%d" % (state, SPEED)
        if state not in self._devices:
            self._devices[state] = self._start_serve("--state", state, "--speed", str(SPEED)).path
        return self._devices[state]

    def open(self, state):
        if self.kind == "url":
            return serial.serial_for_url(self.port_name(state), timeout=5)
        return serial.Serial(self.port_name(state), 115200, timeout=5)


@pytest.fixture(params=["pty", "url"])
def transport(request):
    if request.param == "pty" and not hasattr(os, "openpty"):
        pytest.skip("no pseudo-terminals here")
    with serving() as start:
        yield Transport(request.param, start)


@pytest.fixture
def client(transport):
    """``client(state)``: a port on the module saved in ``state``; closed at the end."""
    opened = []

    def open_client(state):
        port = transport.open(state)
        opened.append(port)
        return port

    yield open_client
    for port in opened:
        port.close()


def exchange(port, data, marker):
    """Write ``data`` (a CR LF ended line, as these clients send them); read to ``marker``."""
    port.write(data)
    return read_until(port, marker)


def command(port, line, seconds=5.0):
    """Send ``line`` with CR LF; what comes back up to its final OK or ERROR."""
    port.write(line + b"\r\n")
    data = b""
    while not data.endswith((b"OK\r\n", b"ERROR\r\n")):
        more = read_until(port, b"\r\n", seconds)
        if not more:
            break
        data += more
    return data


def upload(port, name, data):
    """The clients' upload: no #DSCRIPT first, CR LF ended lines, data after the prompt."""
    line = b'AT#WSCRIPT="%s",%d,0' % (name, len(data))
    assert exchange(port, line + b"\r\n", b">>>") == line + b"\r\n\r\n>>>"
    assert exchange(port, data, b"OK\r\n") == OK


def rscript(port, name):
    return command(port, b'AT#RSCRIPT="%s"' % name)


def lscript(files):
    """The exact answer to ``AT#LSCRIPT`` for ``files`` ((name, size), sorted)."""
    lines = [b'#LSCRIPT: "%s",%d' % (name, size) for name, size in files]
    lines.append(b"#LSCRIPT: free bytes: %d" % (CAPACITY - sum(size for _, size in files)))
    return b"AT#LSCRIPT\r\r\n" + b"\r\n".join(lines) + b"\r\n" + OK


@pytest.mark.realtime
def test_a_cr_lf_client_uploads_the_exact_bytes(client, tmp_path):
    port = client(make_state(tmp_path / "state"))
    upload(port, b"t.py", b"abc")
    assert rscript(port, b"t.py") == b'AT#RSCRIPT="t.py"\r\r\n<<<abc' + OK
    assert command(port, b"AT") == b"AT\r" + OK


V1_SOURCE = b"x = 'v1'\n"           # make_state stores a .py with CR LF, as uploads do
V1, V2 = crlf(V1_SOURCE), crlf(b"x = 'version 2'\n")


@pytest.mark.realtime
def test_an_upload_over_an_existing_name_replaces_it_and_leaves_the_old_pyo(client, tmp_path):
    state = make_state(tmp_path / "state", [("hello.py", V1_SOURCE), ("hello.pyo", compile_pyo(V1))])
    port = client(state)
    old = [(b"hello.py", len(V1)), (b"hello.pyo", len(compile_pyo(V1)))]
    assert command(port, b"AT#LSCRIPT") == lscript(old)   # "exists: overwrite?"
    upload(port, b"hello.py", V2)
    assert rscript(port, b"hello.py") == b'AT#RSCRIPT="hello.py"\r\r\n<<<' + V2 + OK
    assert command(port, b"AT#LSCRIPT") == \
        lscript([(b"hello.py", len(V2)), (b"hello.pyo", len(compile_pyo(V1)))])


def running(version):
    """A script that says which version of it runs by writing ran.txt."""
    return b"import MOD\nf = open('ran.txt', 'w')\nf.write('%s')\nf.close()\n" \
           b"while 1:\n    MOD.sleep(10)\n" % version


def wait_for_file(port, name, content):
    """Poll #RSCRIPT until ``name`` holds ``content`` (a script wrote it)."""
    expected = b'AT#RSCRIPT="%s"\r\r\n<<<%s' % (name, content) + OK
    return wait_for(lambda: rscript(port, name) == expected, 5)


@pytest.mark.realtime
def test_an_upload_over_the_running_script_replaces_it_and_the_stale_pyo_still_runs(
        client, tmp_path):
    state = make_state(tmp_path / "state", [("hello.py", running(b"v1"))], "hello.py", (2, 10))
    port = client(state)                          # mode 2: ASC0 stays an AT interface
    assert wait_for_file(port, b"ran.txt", b"v1")
    v2 = crlf(running(b"v2"))
    upload(port, b"hello.py", v2)
    assert rscript(port, b"hello.py") == b'AT#RSCRIPT="hello.py"\r\r\n<<<' + v2 + OK
    assert command(port, b'AT#DSCRIPT="ran.txt"') == b'AT#DSCRIPT="ran.txt"\r' + OK
    assert command(port, b"AT#REBOOT") == b"AT#REBOOT\r" + OK
    assert wait_for_file(port, b"ran.txt", b"v1")             # hello.pyo of v1 runs


REPL = b"""import SER
SER.send('ready\\r\\n')
line = ''
while 1:
    line = line + SER.receive(10)
    if '\\n' in line:
        SER.send('echo ' + line)
        line = ''
"""


@pytest.mark.parametrize("mode, asc0_after", [
    (0, b"ready\r\necho ping\r\n"), (1, b"ready\r\necho ping\r\n"),
    (2, b"ping\r")])                          # mode 2: the AT parser echoes, finds no AT
def test_execscr_gives_asc0_to_the_script_as_its_start_mode_does(mode, asc0_after):
    module = Module(sim=SimCard(pin=None))
    module.files.write("repl.py", crlf(REPL))
    module.settings.set("#STARTMODESCR", [mode, 10])
    runner = Runner(module)
    asc0 = module.uarts["ASC0"]
    asc0.set_dte_line("DTR", 1)
    module.power_on()
    try:
        asc0.dte_write(b'AT#ESCRIPT="repl.py"\r\nAT#EXECSCR\r\n')
        assert module.asc0_output() == \
            b'AT#ESCRIPT="repl.py"\r' + OK + b"AT#EXECSCR\r" + OK
        runner.run(1_000)
        assert runner.outcome == RUNNING and asc0.script_owned is (mode != 2)
        asc0.dte_write(b"ping\r\n")
        runner.run(2_000)
        assert module.asc0_output() == asc0_after
    finally:
        runner.close()


@pytest.mark.realtime
def test_a_script_started_with_execscr_owns_asc0(client, tmp_path):
    port = client(make_state(tmp_path / "state", [("repl.py", REPL)]))
    assert command(port, b'AT#ESCRIPT="repl.py"') == b'AT#ESCRIPT="repl.py"\r' + OK
    assert exchange(port, b"AT#EXECSCR\r\n", b"ready\r\n") == b"AT#EXECSCR\r" + OK + b"ready\r\n"
    assert exchange(port, b"ping\r\n", b"\n") == b"echo ping\r\n"
    assert exchange(port, b"AT\r\n", b"\n") == b"echo AT\r\n"      # no AT parser on ASC0 now


@pytest.mark.realtime
def test_telit_deploy_puts_over_a_file_a_cr_lf_client_wrote(client, transport, tmp_path,
                                                           monkeypatch, capsys):
    for name in ("TELIT_PORT", "TELIT_BAUD", "TELIT_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    source = tmp_path / "hello.py"
    source.write_bytes(b"x = 'deployed'  # a comment\n")
    state = make_state(tmp_path / "state", [("hello.py", V1_SOURCE), ("hello.pyo", compile_pyo(V1))])
    port = client(state)
    upload(port, b"hello.py", V2)
    port.close()
    assert deploy_main(["--port", transport.port_name(state), "put", str(source)]) == 0
    stored = module_form(source.read_bytes())
    assert capsys.readouterr().out == "put hello.py (%d bytes, verified)\n" % len(stored)
    port = client(state)
    assert command(port, b"AT#LSCRIPT") == lscript([(b"hello.py", len(stored))])
