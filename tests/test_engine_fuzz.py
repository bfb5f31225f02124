"""Property tests: whatever arrives, the engine answers and never raises."""
from hypothesis import given
from hypothesis import strategies as st

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard

COMMAND_WORDS = ["AT", "at", "ATE0", "ATE1", "ATV0", "ATV1", "ATQ1", "ATQ0", "AT+CMEE=2",
                 "AT+CGMR", "AT+CPIN?", "AT+CPIN=1234", "AT+CMEE=?", "AT+IPR=115200", "ATS3?",
                 "AT&W", "ATZ", "AT&F", "ATI4", "AT+CFUN?", "AT#LSCRIPT", "AT+CREG?",
                 'AT#WSCRIPT="f.py",4', "AT+CMGF=1", 'AT+CMGS="123"', "A/", "AT+X=\"", "AT;;",
                 "AT+CMEE=1;+CGMI;E0", "AT" + "Z" * 90]
lines = st.lists(st.one_of(st.sampled_from(COMMAND_WORDS),
                           st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=255),
                                   max_size=100)), max_size=12)


def _run(chunks):
    module = Module(sim=SimCard(pin="1234"))
    module.power_on()
    engine = module.engine("ASC0")
    for chunk in chunks:
        engine.feed(chunk)
        module.clock.advance(7)
    module.clock.advance(120_000)     # let deferred commands and data timeouts finish
    return module, engine


def _line_count(module):
    return len([e for e in module.trace.select(kind="at-in", source="ASC0")
                if "size" not in e.data])


def _final_count(module):
    return len([e for e in module.trace.select(kind="at-out", source="ASC0") if "final" in e.data])


@given(lines)
def test_every_command_line_gets_exactly_one_final_result(words):
    module, engine = _run([w.encode("latin-1") + b"\r" for w in words])
    assert not engine.busy() or engine.mode == engine.DATA
    assert _line_count(module) == _final_count(module)


@given(st.lists(st.binary(max_size=64), max_size=20))
def test_random_byte_streams_never_raise_and_the_engine_recovers(chunks):
    module, engine = _run(chunks)
    assert _line_count(module) == _final_count(module)
    engine.feed(b"\x1b")                # leaves a Ctrl-Z prompt; a sized one times out
    module.clock.advance(60_000)
    engine.feed(b"\rATE0V1Q0\r")
    module.clock.advance(60_000)
    assert engine.read_output().endswith(b"\r\nOK\r\n")
