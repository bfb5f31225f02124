"""onboard/atlayer.py: AT commands, prompts, URCs, echo and timeouts.

Two kinds of tests: against the emulated module (its output cut whole, per
line and at random places), and a hypothesis property over a scripted
fake port: however the module's output is cut into chunks, every command
gets the same (result, lines) and the handlers see the same URCs in order.
"""
import os
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.radio.peers import callback_peer
from hostsim.testing import Harness

ONBOARD = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "onboard")
CHUNKS = [("response", 0), ("line", 0), ("random", 1), ("random", 2), ("random", 3)]
IDS = ["response", "line", "random1", "random2", "random3"]


class Session:
    """A harness with atlayer loaded and a layer on MDM (or MDM2)."""

    def __init__(self, harness, port="MDM"):
        self.h = harness
        harness.load("compat")
        self.atlayer = harness.load("atlayer")
        harness.install_shims()
        self.MDM = sys.modules[port]
        self.MOD = sys.modules["MOD"]
        self.at = self.atlayer.AtLayer(self.MDM, self.MOD)
        self.log = []
        self.at.on_urc("", self.log.append)

    def now(self):
        return self.h.module.clock.now

    def later(self, ms, urc, port="MDM"):
        self.h.module.clock.call_later(ms, self.h.urc, urc, port)

    def ok(self, line, timeout=50):
        result, lines = self.at.command(line, timeout)
        assert result == "OK", (line, result, lines)
        return lines

    def registered(self):
        """Wait for the network (the module registers 3 s after power-on)."""
        self.MOD.sleep(max(0, 45 - self.now() // 100))


def open_session(chunks, seed, module=None, port="MDM"):
    return Session(Harness(module=module, onboard_dirs=[ONBOARD], chunks=chunks, seed=seed), port)


@pytest.fixture(params=CHUNKS, ids=IDS)
def s(request):
    session = open_session(*request.param)
    yield session
    session.h.close()


# -- with the pytest fixture ----------------------------------------------------


def test_the_telit_fixture_runs_a_command(telit):
    telit.load("compat")
    atlayer = telit.load("atlayer")
    telit.install_shims()
    import MDM
    import MOD
    at = atlayer.AtLayer(MDM, MOD)
    assert at.command("AT+CGMR") == ("OK", [telit.module.firmware])
    assert at.command("AT+CGMM")[0] == "OK"
    assert at.command("AT+NOSUCH") == ("ERROR", [])
    assert at.urcs == []


# -- commands, errors, prompts ---------------------------------------------------


@pytest.mark.parametrize("echo", ["ATE1", "ATE0"])
def test_information_lines_with_and_without_echo(s, echo):
    s.ok(echo)
    assert s.at.command("AT+CGMR") == ("OK", [s.h.module.firmware])
    assert s.at.command("AT+CIMI;+CGMR") == ("OK", ["222013456789012", s.h.module.firmware])
    assert s.at.command("AT") == ("OK", [])
    assert s.log == [] and s.at.urcs == []


@pytest.mark.parametrize("chunks,seed", CHUNKS, ids=IDS)
def test_sim_errors_verbose_and_numeric(chunks, seed):
    s = open_session(chunks, seed, Module(sim=SimCard(pin="1234")))
    try:
        assert s.at.command("AT+CMEE=2;+CIMI") == ("+CME ERROR: SIM PIN required", [])
        assert s.at.command("AT+CMEE=1;+CIMI") == ("+CME ERROR: 11", [])
        assert s.at.command("AT+CMEE=0;+CIMI") == ("ERROR", [])
        assert s.ok("AT+CMEE=2;+CMGF=1") == []
        assert s.at.command("AT+CPMS?")[0][:11] == "+CMS ERROR:"
    finally:
        s.h.close()


@pytest.mark.parametrize("echo", ["ATE1", "ATE0"])
def test_sms_prompt_then_payload(s, echo):
    s.ok(echo)
    s.registered()
    s.ok("AT+CMGF=1")
    assert s.at.command('AT+CMGS="+39123"') == (">", [])
    result, lines = s.at.data("hello world" + chr(26))
    assert (result, lines) == ("OK", ["+CMGS: 1"])
    assert s.at.command('AT+CMGS="+39123"') == (">", [])
    assert s.at.data("again" + chr(26)) == ("OK", ["+CMGS: 2"])
    sent = [e.data["body"] for e in s.h.events("sms-out")]
    assert sent == ["hello world", "again"]
    assert s.log == [] and s.at.urcs == []


def test_prompt_cancelled_with_escape(s):
    s.registered()
    s.ok("AT+CMGF=1")
    assert s.at.command('AT+CMGS="+39123"')[0] == ">"
    assert s.at.data("never mind" + chr(27), 20)[0] == "OK"
    assert s.at.command("AT+CGMR") == ("OK", [s.h.module.firmware])
    assert s.h.events("sms-out") == []


def test_a_second_port():
    other = open_session("random", 9, port="MDM2")
    try:
        other.later(100, "RING", "MDM2")
        assert other.at.command("AT+CGMR", 20) == ("OK", [other.h.module.firmware])
        assert other.at.poll(20) == 1 and other.log == ["RING"]
    finally:
        other.h.close()


def test_connect_leaves_the_data_to_the_caller(s):
    s.h.module.world.add_peer("peer.example", 37, callback_peer(
        on_data=lambda link, data: None,
        on_connect=lambda link: (link.send(b"RING 1\r\n+CREG: 1\r\n"), link.close())))
    s.registered()
    s.MOD.sleep(20)
    s.ok('AT+CGDCONT=1,"IP","internet"')
    assert s.ok("AT#SGACT=1,1", 100)[0][:8] == "#SGACT: "
    assert s.at.command('AT#SD=1,0,37,"peer.example"', 200) == ("CONNECT", [])
    got = s.at.online
    while not got.endswith("NO CARRIER\r\n"):
        data = s.MDM.receive(50)
        assert data
        got += data
    assert got == "RING 1\r\n+CREG: 1\r\n\r\nNO CARRIER\r\n"
    assert s.at.command("AT+CGMR") == ("OK", [s.h.module.firmware])
    assert s.log == [] and s.at.online == ""


# -- URCs before, inside and after responses -------------------------------------------


def test_urcs_between_commands_go_to_poll(s):
    s.h.urc('+CMTI: "SM",3')
    s.h.urc("NO CARRIER")
    assert s.at.poll() == 2
    assert s.log == ['+CMTI: "SM",3', "NO CARRIER"]
    assert s.at.poll() == 0
    s.later(700, "RING")
    start = s.now()
    assert s.at.poll(2) == 0           # nothing within 0.2 s
    assert s.now() - start >= 200
    assert s.at.poll(50) == 1          # RING arrives at 0.7 s: poll returns then
    assert 700 <= s.now() - start < 1000
    assert s.log[-1] == "RING"
    s.later(300, "+CMTI: \"SM\",12")
    s.later(300, "SRING: 1")
    assert s.at.poll(50) == 2 and s.log[-2:] == ['+CMTI: "SM",12', "SRING: 1"]


def test_urcs_before_a_command_are_dispatched_before_it_is_sent(s):
    seen = []
    s.at.on_urc("#OTAEV:", lambda line: seen.append((line, s.h.module.engine("MDM").last_command_at)))
    s.h.urc("#OTAEV: Module Upgraded To New Fw")
    s.MOD.sleep(5)
    before = s.now()
    assert s.at.command("AT+CGMR") == ("OK", [s.h.module.firmware])
    assert seen == [("#OTAEV: Module Upgraded To New Fw", None)]
    assert s.h.module.engine("MDM").last_command_at >= before
    assert s.log == []


def test_urcs_while_a_slow_command_runs_come_after_its_answer(s):
    s.registered()
    s.MOD.sleep(20)                                       # attached after 1 s more
    s.ok('AT+CGDCONT=1,"IP","internet"')
    s.later(300, "RING")
    s.later(900, '#OTAEV: Start')
    s.later(1500, '+CMTI: "SM",1')
    start = s.now()
    result, lines = s.at.command("AT#GPRS=1", 50)
    assert s.now() - start >= 2000
    assert result == "OK" and len(lines) == 1 and lines[0][:5] == "+IP: "
    s.at.poll()
    assert s.log == ["RING", "#OTAEV: Start", '+CMTI: "SM",1']


def test_urcs_after_a_detach_and_attach(s):
    s.registered()
    s.MOD.sleep(20)
    s.ok("AT+CGATT=0")
    s.later(400, "SRING: 1")
    assert s.at.command("AT+CGATT=1;+CGATT?") == ("OK", ["+CGATT: 1"])
    s.at.poll()
    assert s.log == ["SRING: 1"]


def test_registration_urc_and_creg_answer(s):
    regs = []
    s.at.on_urc("+CREG", regs.append)
    s.ok("AT+CREG=1")
    assert s.ok("AT+CREG?") == ["+CREG: 1,2"]
    while s.now() < 4000:
        s.at.poll(10)
    assert regs == ["+CREG: 1"]
    assert s.ok("AT+CREG?") == ["+CREG: 1,1"]
    s.ok("AT+CREG=2")
    lac, ci = s.h.module.world.lac, s.h.module.world.ci
    # fake URCs queued while the command waits: they follow the answer
    s.later(200, "+CREG: 5")
    s.later(300, '+CREG: 5,"%s","%s"' % (lac, ci))
    s.ok("AT+CGATT=0")
    assert s.at.command("AT+CGATT=1;+CREG?") == ("OK", ['+CREG: 2,1,"%s","%s"' % (lac, ci)])
    s.at.poll()
    assert regs == ["+CREG: 1", "+CREG: 5", '+CREG: 5,"%s","%s"' % (lac, ci)]
    assert s.at.command("AT+CREG=?") == ("OK", ["+CREG: (0-2)"])
    assert s.log == [] and s.at.urcs == []


def test_cmti_handler_reads_the_message_with_a_command(s):
    s.registered()
    s.ok("AT+CMGF=1;+CNMI=1,1")
    texts = []

    def read(line, at=s.at, texts=texts):
        index = line.split(",")[1]
        result, lines = at.command("AT+CMGR=" + index)
        texts.append((result, lines[1:]))

    s.at.on_urc("+CMTI:", read)
    s.h.send_sms("+39555", "first")
    s.h.send_sms("+39555", "second")
    s.MOD.sleep(30)
    s.at.poll()
    assert texts == [("OK", ["first"]), ("OK", ["second"])]


def test_cmt_two_line_urc(s):
    s.registered()
    s.ok("AT+CMGF=1;+CNMI=2,2")
    got = []
    s.at.on_urc("+CMT:", got.append)
    s.h.send_sms("+39555", "RING me")
    s.MOD.sleep(30)
    assert s.at.command("AT+CGMR") == ("OK", [s.h.module.firmware])
    assert len(got) == 1
    header, text = got[0].split("\r\n")
    assert header[:15] == '+CMT: "+39555",' and text == "RING me"
    assert s.log == []


# -- handlers -----------------------------------------------------------------------


def test_handlers_in_registration_order_and_the_catch_all(s):
    calls = []
    s.at.on_urc("RING", lambda line: calls.append(("a", line)))
    s.at.on_urc("RING", lambda line: calls.append(("b", line)))
    s.at.on_urc("+CGEV:", lambda line: calls.append(("c", line)))
    for urc in ("RING", "+CGEV: ME DETACH", "+XYZ: 1", "RING"):
        s.h.urc(urc)
    assert s.at.poll() == 4
    assert calls == [("a", "RING"), ("b", "RING"), ("c", "+CGEV: ME DETACH"),
                     ("a", "RING"), ("b", "RING")]
    assert s.log == ["+XYZ: 1"]


def test_unhandled_urcs_are_queued(s):
    at = s.atlayer.AtLayer(s.MDM, s.MOD)
    s.h.urc("RING")
    s.h.urc('+CMTI: "SM",2')
    assert at.command("AT")[0] == "OK"
    assert at.urcs == ["RING", '+CMTI: "SM",2']
    for i in range(s.atlayer.MAXQ + 5):
        s.h.urc("SRING: %d" % i)
    at.poll()
    assert len(at.urcs) == s.atlayer.MAXQ and at.urcs[-1] == "SRING: %d" % (s.atlayer.MAXQ + 4)


# -- timeouts -----------------------------------------------------------------------


def test_a_short_timeout_and_the_late_result(s):
    s.registered()
    s.MOD.sleep(20)
    s.ok('AT+CGDCONT=1,"IP","internet"')
    start = s.now()
    assert s.at.command("AT#GPRS=1", 5) == ("TIMEOUT", [])
    assert 500 <= s.now() - start < 1500
    s.later(300, "RING")                     # queued until #GPRS answers
    assert s.at.command("AT+CGMR") == ("OK", [s.h.module.firmware])
    assert s.ok("AT#GPRS?") == ["#GPRS: 1"]
    assert s.log == ["RING"]


def test_the_late_result_is_dropped_by_poll(s):
    s.registered()
    s.MOD.sleep(20)
    s.ok('AT+CGDCONT=1,"IP","internet"')
    start = s.now()
    assert s.at.command("AT#GPRS=1", 15)[0] == "TIMEOUT"
    assert 1500 <= s.now() - start < 2500
    s.MOD.sleep(10)
    assert s.at.poll() == 0
    assert s.at.command("AT+CGMR") == ("OK", [s.h.module.firmware])
    assert s.log == [] and s.at.urcs == []


def test_a_result_that_never_comes_is_forgotten(s):
    assert s.at.command("AT", 0) == ("TIMEOUT", [])    # no time to wait at all
    s.MOD.sleep(1)
    s.h.module.engine("MDM").freeze()          # the module stops answering
    start = s.now()
    assert s.at.command("AT+CGMR", 10) == ("TIMEOUT", [])
    assert s.now() - start < 3000
    s.h.module.engine("MDM").thaw()
    start = s.now()
    assert s.at.command("AT+CGMR", 10) == ("OK", [s.h.module.firmware])
    assert s.now() - start >= 1000             # waited 1 s for the lost result, then sent
    assert s.at.command("AT+CGMR", 10) == ("OK", [s.h.module.firmware])


# -- the property: chunking does not matter ---------------------------------------------


class FakeClock:
    def __init__(self):
        self.tenths = 0

    def secCounter(self):
        return 1000 + self.tenths // 10

    def sleep(self, tenths):
        self.tenths += tenths


class FakePort:
    """Plays a script: on each send() the expected text, then output that
    becomes readable ``delay`` tenths later; cut into chunks at ``cuts``."""

    def __init__(self, clock, before, steps, cuts):
        self.clock = clock
        self.out = before
        self.ready = [(0, len(before))]      # (time, end of output readable from then)
        self.steps = list(steps)
        self.cuts = sorted(set(cuts))
        self.pos = 0
        self.sent = []

    def send(self, text, timeout):
        expected, reply, delay = self.steps.pop(0)
        assert text == expected
        self.sent.append(text)
        self.out += reply
        self.ready.append((self.clock.tenths + delay, len(self.out)))
        return 1

    def _available(self):
        end = 0
        for when, upto in self.ready:
            if when <= self.clock.tenths:
                end = max(end, upto)
        return end

    def read(self):
        end = self._available()
        if end <= self.pos:
            return ""
        for cut in self.cuts:
            if self.pos < cut < end:
                end = cut
                break
        data = self.out[self.pos:end]
        self.pos = end
        return data

    def receive(self, tenths):
        assert 0 < tenths <= 32767
        if self._available() <= self.pos:
            later = [when for when, upto in self.ready
                     if upto > self.pos and self.clock.tenths < when <= self.clock.tenths + tenths]
            self.clock.tenths = min(later) if later else self.clock.tenths + tenths
        return self.read()

    def readbyte(self):
        if self._available() <= self.pos:
            return -1
        self.pos += 1
        return ord(self.out[self.pos - 1])


CRLF = "\r\n"


def r(*lines):
    return "".join(CRLF + line + CRLF for line in lines)


ONLINE = "hello\r\nRING\r\n+CREG: 1\r\n> world"
BEFORE = r("+CREG: 1") + "\r\nRI"                    # a URC, and half of another
STEPS = [
    # (action, argument, timeout, bytes the port expects, reply, delay, expected (result, lines))
    ("command", "AT+CGMR", 50, "AT+CGMR\r",
     "NG\r\nAT+CGMR\r" + r("07.02.504", '+CMTI: "SM",3', "OK", "RING"), 1, ("OK", ["07.02.504"])),
    ("command", "AT+CREG?", 50, "AT+CREG?\r",
     "AT+CREG?\r" + r('+CREG: 1,"00A1","BEEF"', "+CREG: 0,1", "+CREG: 5", "OK"), 3,
     ("OK", ["+CREG: 0,1"])),
    ("command", 'AT+CMGS="+39123"', 50, 'AT+CMGS="+39123"\r',
     'AT+CMGS="+39123"\r\r\n> ', 2, (">", [])),
    ("data", "hi\rthere" + chr(26), 100, "hi\rthere" + chr(26),
     "hi\rthere" + r("+CMGS: 7", "", "OK"), 15, ("OK", ["+CMGS: 7"])),
    ("command", "ATE0", 50, "ATE0\r", "ATE0\r" + r("OK"), 0, ("OK", [])),
    ("command", "AT+CMEE=2;+CIMI", 50, "AT+CMEE=2;+CIMI\r",
     r("#OTAEV: Start", "+CME ERROR: SIM not inserted"), 1,
     ("+CME ERROR: SIM not inserted", [])),
    ("poll", 20, None, None, None, None, None),
    ("command", "AT+CMGL", 50, "AT+CMGL\r",
     r('+CMGL: 1,"REC READ","+39555"', "RING me", "+CMTI is text", '+CMGL: 2,"REC READ","+39555"',
       "SRING: 2", "plain text", "OK"), 2,
     ("OK", ['+CMGL: 1,"REC READ","+39555"', "RING me", "+CMTI is text",
             '+CMGL: 2,"REC READ","+39555"', "plain text"])),
    ("poll", 0, None, None, None, None, None),
    ("command", "AT+CGATT=1", 5, "AT+CGATT=1\r", r("OK") + r("+CGREG: 1"), 20, ("TIMEOUT", [])),
    ("command", "AT+CSQ", 50, "AT+CSQ\r", r("+CSQ: 15,0", "OK", "OK", "+CMS ERROR: 500", "CONNECT 9600"), 1,
     ("OK", ["+CSQ: 15,0"])),                   # strays after the result are dropped
    ("command", "ATD123;", 50, "ATD123;\r", r("OK") + r("NO CARRIER"), 4, ("OK", [])),
    ("poll", 10, None, None, None, None, None),
    ("command", "ATD0123", 50, "ATD0123\r", r("BUSY"), 3, ("BUSY", [])),
    ("command", "ATD5551234", 50, "ATD5551234\r", r("CONNECT") + ONLINE + "\r\nNO CARRIER\r\n", 6,
     ("CONNECT", [])),
    ("online", ONLINE + "\r\nNO CARRIER\r\n", None, None, None, None, None),
    ("command", "AT+CREG=2;+CGREG?", 50, "AT+CREG=2;+CGREG?\r",
     r("+CGREG: 0,1", '+CGREG: 1,"00A1","BEEF"', "+CREG: 1", "OK") + r("+CMT: \"+39555\",,\"24/01/01\"")
     + CRLF + r("NO CARRIER"), 1, ("OK", ["+CGREG: 0,1"])),
    ("command", "AT#WSCRIPT=\"a.py\",5", 50, "AT#WSCRIPT=\"a.py\",5\r", "\r\n>>>", 1, (">", [])),
    ("data", "x=1\r\n", 50, "x=1\r\n", r("OK"), 2, ("OK", [])),
    ("poll", 10, None, None, None, None, None),
]
URC_EVENTS = [
    "+CREG: 1", "RING", '+CMTI: "SM",3', "RING", '+CREG: 1,"00A1","BEEF"', "+CREG: 5",
    "#OTAEV: Start", "SRING: 2", "+CGREG: 1", "NO CARRIER",
    '+CGREG: 1,"00A1","BEEF"', "+CREG: 1", '+CMT: "+39555",,"24/01/01"\r\n', "NO CARRIER",
]


def play(cuts):
    clock = FakeClock()
    steps = [(step[3], step[4], step[5]) for step in STEPS if step[3] is not None]
    port = FakePort(clock, BEFORE, steps, cuts)
    import atlayer
    at = atlayer.AtLayer(port, clock)
    events, answers, times = [], [], []     # times: tenths each command took
    at.on_urc("", events.append)
    at.on_urc("#OTAEV", lambda line: events.append(line))
    for action, argument, timeout, _, _, _, expected in STEPS:
        if action == "poll":
            at.poll(argument)
        elif action == "online":                 # the caller reads the data itself
            got = at.online
            while len(got) < len(argument):
                data = port.receive(10)
                if not data:
                    break
                got += data
            answers.append((got, argument))
        elif action == "command":
            start = clock.tenths
            answers.append((at.command(argument, timeout), expected))
            times.append(clock.tenths - start)
        else:
            start = clock.tenths
            answers.append((at.data(argument, timeout), expected))
            times.append(clock.tenths - start)
    at.poll()
    return port, at, events, answers, times


@pytest.fixture(autouse=True, scope="module")
def onboard_path():
    sys.path.insert(0, ONBOARD)
    yield
    sys.path.remove(ONBOARD)


def total_output():
    return len(BEFORE) + sum(len(step[4]) for step in STEPS if step[4] is not None)


def test_the_script_unchunked():
    port, at, events, answers, times = play([])
    for got, expected in answers:
        assert got == expected
    assert events == URC_EVENTS
    assert at.urcs == [] and port.steps == []
    assert port.pos == len(port.out)
    # each reply comes after its delay; AT+CGATT=1 gives up after 5 tenths,
    # AT+CSQ first waits 15 more for that late OK, then 1 for its own answer
    assert times == TIMES


TIMES = [1, 3, 2, 15, 0, 1, 2, 5, 16, 4, 3, 6, 1, 1, 2]


@given(st.lists(st.integers(min_value=1, max_value=total_output()), max_size=120))
def test_any_chunking_gives_the_same_answers_and_urcs(cuts):
    port, at, events, answers, times = play(cuts)
    assert [got for got, _ in answers] == [expected for _, expected in answers]
    assert events == URC_EVENTS
    assert times == TIMES
    assert port.pos == len(port.out)


@given(st.integers(min_value=1, max_value=6))
def test_every_chunk_size_gives_the_same_answers(size):
    port, at, events, answers, times = play(range(size, total_output(), size))
    assert [got for got, _ in answers] == [expected for _, expected in answers]
    assert events == URC_EVENTS
    assert times == TIMES
