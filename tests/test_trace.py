import json

import pytest
from atutil import send

from hostsim.core.trace import Trace
from hostsim.device.module import Module
from hostsim.parts.sim import SimCard


def _session():
    module = Module(sim=SimCard(pin="1234"))
    module.power_on()
    for line in ["ATE0", "AT+CMEE=2", "AT+CIMI", "AT+CPIN=1234", "AT+CIMI", 'AT#WSCRIPT="a.py",3']:
        send(module, line, advance_ms=250)
    module.engine("ASC0").feed(b"x=1")
    module.clock.advance(10_000)
    module.reboot()
    send(module, "AT+CGMR", advance_ms=5000)
    return module.trace


def test_same_inputs_give_the_same_trace_byte_for_byte():
    assert _session().to_jsonl() == _session().to_jsonl()


def test_events_are_json_lines_with_virtual_time():
    lines = _session().to_jsonl().splitlines()
    events = [json.loads(line) for line in lines]
    assert [e["t"] for e in events] == sorted(e["t"] for e in events)
    assert {"at-in", "at-out", "power", "setting", "sim"} <= {e["kind"] for e in events}


def test_timeline_renders_control_characters_readably():
    trace = Trace(lambda: 61_234)
    trace.emit("at-out", "MDM", "\r\nOK\r\n\x1a")
    assert trace.timeline() == "     61.234  MDM    at-out   <CR><LF>OK<CR><LF><1A>\n"


def test_unknown_kinds_are_refused_and_listeners_see_events():
    trace = Trace(lambda: 0)
    seen = []
    trace.subscribe(seen.append)
    trace.emit("note", "test", "hello")
    trace.unsubscribe(seen.append)
    trace.emit("note", "test", "again")
    assert [e.text for e in seen] == ["hello"]
    with pytest.raises(ValueError):
        trace.emit("bogus", "test")
