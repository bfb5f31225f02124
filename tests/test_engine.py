"""The V.250 behaviour of one AT interface, table-driven."""
import pytest
from atutil import quiet, send

from hostsim.at.engine import LINE_PROCESSING_MS, Deferred, Prompt
from hostsim.at.syntax import Command, Int
from hostsim.device.module import Module
from hostsim.parts.sim import SimCard

OK = b"\r\nOK\r\n"
ERROR = b"\r\nERROR\r\n"


@pytest.mark.parametrize("line, answer", [
    ("AT", OK),
    ("at", OK),
    ("aT", OK),
    ("AT+CGMI", b"\r\nTelit\r\n" + OK),
    ("at+cgmm", b"\r\nGL865-DUAL\r\n" + OK),
    ("AT+CGMR;+CGSN", b"\r\n10.00.144\r\n\r\n356938035643809\r\n" + OK),
    ("ATI4", b"\r\nGL865-DUAL\r\n" + OK),
    ("ATI3", b"\r\n10.00.144\r\n" + OK),
    ("ATI8", ERROR),
    ("AT+CMEE?", b"\r\n+CMEE: 0\r\n" + OK),
    ("AT+CMEE=?", b"\r\n+CMEE: (0-2)\r\n" + OK),
    ("AT+CMEE=3", ERROR),
    ("AT+CMEE=1,2", ERROR),
    ("AT+CMEE=x", ERROR),
    ("AT+CMEE=\"1\"", ERROR),
    ("AT+NOPE", ERROR),
    ("AT+NOPE?", ERROR),
    ("AT#REBOOT?", ERROR),
    ("ATS3?", b"\r\n013\r\n" + OK),
    ("ATS3=256", ERROR),
    ("ATS99?", ERROR),
    ("AT+IPR?", b"\r\n+IPR: 0\r\n" + OK),
    ("AT+IPR=115200", OK),
    ("AT+IPR=1234", ERROR),
    ("AT+CFUN=?", b"\r\n+CFUN: (0,1,4,5),(0,1)\r\n" + OK),
    ("AT+CMEE=\"1", ERROR),
    ("AT+CMEE=1;+BAD;+CGMI", ERROR),
    ("AT\x01", ERROR),
    ("AT" + "E0" * 40, ERROR),   # 82 characters: over the 80-character line
])
def test_command_table(module, line, answer):
    quiet(module)
    assert send(module, line) == answer


def test_echo_is_per_character_and_can_be_switched_off(module):
    assert send(module, "AT") == b"AT\r" + OK
    assert send(module, "ATE0") == b"ATE0\r" + OK
    assert send(module, "AT") == OK
    assert send(module, "ATE") == b"\r\nOK\r\n"        # ATE means ATE0
    assert send(module, "ATE1") == OK
    assert send(module, "AT") == b"AT\r" + OK


def test_numeric_and_quiet_result_codes(module):
    quiet(module)
    assert send(module, "ATV0") == b"0\r"
    assert send(module, "AT+CGMI") == b"Telit\r\n0\r"
    assert send(module, "AT+NOPE") == b"4\r"
    assert send(module, "ATQ1") == b""
    assert send(module, "AT+CGMI") == b"Telit\r\n"
    assert send(module, "ATQ0V1") == OK


@pytest.mark.parametrize("cmee, answer", [
    (0, ERROR),
    (1, b"\r\n+CME ERROR: 11\r\n"),
    (2, b"\r\n+CME ERROR: SIM PIN required\r\n"),
])
def test_cmee_renders_sim_errors(cmee, answer):
    m = Module()                    # SIM with a PIN: +CIMI needs it entered
    m.power_on()
    quiet(m)
    send(m, "AT+CMEE=%d" % cmee)
    assert send(m, "AT+CIMI") == answer


def test_syntax_errors_stay_plain_error_even_with_cmee(module):
    quiet(module)
    send(module, "AT+CMEE=2")
    assert send(module, "AT+NOPE") == ERROR
    assert send(module, "AT+CMEE=9") == b"\r\n+CME ERROR: operation not supported\r\n"


def test_error_stops_the_rest_of_the_line(module):
    quiet(module)
    assert send(module, "AT+CMEE=1;+CMEE=7;+CMEE=2") == b"\r\n+CME ERROR: 4\r\n"
    assert send(module, "AT+CMEE?") == b"\r\n+CMEE: 1\r\n" + OK


def test_syntax_error_anywhere_runs_nothing(module):
    quiet(module)
    assert send(module, 'AT+CMEE=2;+CMEE="') == ERROR
    assert send(module, "AT+CMEE?") == b"\r\n+CMEE: 0\r\n" + OK


def test_lines_without_prefix_are_ignored_and_garbage_before_at_is_skipped(module):
    quiet(module)
    assert send(module, "hello") == b""
    assert send(module, "xxAT") == OK
    assert module.trace.select(kind="dropped")[0].data["reason"] == "no AT prefix"


def test_backspace_edits_and_a_slash_repeats(module):
    quiet(module)
    assert send(module, b"AT+CGMX\x08I\r") == b"\r\nTelit\r\n" + OK
    assert send(module, b"A/") == b"\r\nTelit\r\n" + OK


def test_line_fed_byte_by_byte_and_two_lines_in_one_chunk(module):
    quiet(module)
    engine = module.engine("ASC0")
    for byte in b"AT+CGMI\r":
        engine.feed(bytes((byte,)))
    assert engine.read_output() == b"\r\nTelit\r\n" + OK
    engine.feed(b"AT\rAT+CGMI\r")
    assert engine.read_output() == OK + b"\r\nTelit\r\n" + OK


def test_profile_store_recall_and_factory(module):
    quiet(module)
    send(module, "AT+CMEE=2")
    send(module, "AT&W")
    send(module, "AT+CMEE=0")
    send(module, "ATZ")
    assert send(module, "AT+CMEE?") == b"\r\n+CMEE: 2\r\n" + OK
    send(module, "AT&F")                           # factory profile: echo on again
    assert send(module, "AT+CMEE?") == b"AT+CMEE?\r\r\n+CMEE: 0\r\n" + OK
    module.reboot()                                # power-on loads the stored profile (E0)
    assert send(module, "AT+CMEE?") == b"\r\n+CMEE: 2\r\n" + OK


def test_profile_values_are_per_interface(module):
    send(module, "AT+CMEE=2", "MDM")
    assert b"+CMEE: 0" in send(module, "AT+CMEE?", "ASC0")
    assert b"+CMEE: 2" in send(module, "AT+CMEE?", "MDM")


def test_urcs_wait_for_the_end_of_a_response(module):
    quiet(module)
    engine = module.engine("ASC0")

    def slow(ctx):
        engine.urc("+URC: during")
        return Deferred(500, lambda ctx: ctx.info("+SLOW: done"))

    module.registry.add(Command("+SLOW", action=slow))
    engine.feed(b"AT+SLOW\r")
    assert engine.read_output() == b""
    engine.feed(b"AT\r")                       # typed while busy: runs afterwards
    module.clock.advance(500)
    assert engine.read_output() == b"\r\n+SLOW: done\r\n" + OK + b"\r\n+URC: during\r\n" + OK
    engine.urc("+URC: idle")
    assert engine.read_output() == b"\r\n+URC: idle\r\n"


def test_data_mode_by_size_and_by_ctrl_z(module):
    quiet(module)
    got = []
    module.registry.add(Command("+SIZED", params=(Int("n", 0, 100),),
                                set=lambda ctx, n: Prompt(b"\r\n>>>", lambda c, d: got.append(d), size=n)))
    module.registry.add(Command("+TEXT", action=lambda ctx: Prompt(
        b"\r\n> ", lambda c, d: got.append(d), echo=True, on_cancel=lambda c: got.append("cancel"))))
    engine = module.engine("ASC0")
    engine.feed(b"AT+SIZED=5\r")
    module.clock.advance(LINE_PROCESSING_MS)
    assert engine.read_output() == b"\r\n>>>"
    engine.feed(b"AT\r\x1aZ")
    assert engine.read_output() == OK and got == [b"AT\r\x1aZ"]
    send(module, "ATE1")
    engine.read_output()
    engine.feed(b"AT+TEXT\rhi\x1a")          # typed before the prompt: the payload
    module.clock.advance(LINE_PROCESSING_MS)
    assert engine.read_output() == b"AT+TEXT\r\r\n> hi" + OK and got[-1] == b"hi"
    engine.feed(b"AT+TEXT\rno\x1b")
    module.clock.advance(LINE_PROCESSING_MS)
    assert engine.read_output().endswith(OK) and got[-1] == "cancel"


def test_data_transfer_cut_short_times_out_with_error(module):
    quiet(module)
    got = []
    module.registry.add(Command("+SIZED", params=(Int("n", 0, 100),),
                                set=lambda ctx, n: Prompt(b"\r\n>>>", lambda c, d: got.append(d), size=n)))
    engine = module.engine("ASC0")
    engine.feed(b"AT+SIZED=10\r")
    engine.feed(b"abc")
    module.clock.advance(29_999)
    assert engine.read_output() == b"\r\n>>>"
    engine.feed(b"d")                          # activity re-arms the timeout
    module.clock.advance(30_000)
    assert engine.read_output() == ERROR and got == []
    assert send(module, "AT") == OK


def test_frozen_interface_answers_nothing_and_keeps_urcs(module):
    quiet(module)
    engine = module.engine("ASC0")
    engine.freeze()
    engine.feed(b"AT\r")
    engine.urc("+LATER")
    assert engine.read_output() == b""
    engine.thaw()
    assert engine.read_output() == b"\r\n+LATER\r\n"
    assert send(module, "AT") == OK


def test_a_crashing_handler_gives_error_not_an_exception(module):
    quiet(module)
    module.registry.add(Command("+BOOM", action=lambda ctx: 1 / 0))
    assert send(module, "AT+BOOM") == ERROR
    assert "handler crashed" in module.trace.select(kind="note")[0].text


def test_pin_never_reaches_the_trace():
    m = Module(sim=SimCard(pin="4321"))
    m.power_on()
    send(m, "AT+CPIN=4321")
    text = m.trace.to_jsonl()
    assert "4321" not in text and "AT+CPIN=****" in text


def test_reboot_sends_ok_first_then_restarts(module):
    quiet(module)
    assert send(module, "AT#REBOOT") == OK
    module.clock.advance(1000)
    assert module.boots == 2
    assert send(module, "AT") == b"AT\r" + OK     # fresh interface, profile echo on
