"""PINs and passwords never reach a trace, a timeline, a diagram or a trace file;
state files are readable by their owner only."""
import json

import pytest

from hostsim import diagram
from hostsim.core.trace import MASK, redact

SECRETS = [
    ("AT+CPIN = 1234", "AT+CPIN = ****", "1234"),
    ('AT+CPIN="1234"', "AT+CPIN=****", "1234"),
    ("at+cpin=12345678,0000", "at+cpin=****,****", "12345678"),
    ('AT+CLCK="SC",1,"1234"', 'AT+CLCK="SC",1,****', "1234"),
    ('AT+CPWD="SC","1111","2222"', 'AT+CPWD="SC",****,****', "2222"),
    ('AT#PASSW="s3cret"', "AT#PASSW=****", "s3cret"),
    ('AT#EPASSW="mailpw"', "AT#EPASSW=****", "mailpw"),
    ('AT#SGACT=1,1,"me","pw9"', 'AT#SGACT=1,1,"me",****', "pw9"),
    ('AT#PASSW="x";+CREG?', "AT#PASSW=****;+CREG?", '"x"'),
]


@pytest.mark.parametrize("line, shown, secret", SECRETS, ids=[s[0] for s in SECRETS])
def test_every_form_of_a_secret_parameter_is_masked(line, shown, secret):
    assert redact(line) == shown and secret not in redact(line)


@pytest.mark.parametrize("line", ['AT#USERID="me"', "AT+CPIN?", "AT+CPIN=?",
                                  'AT+CLCK="SC",2'])
def test_what_is_not_a_secret_stays(line):
    assert redact(line) == line


def _run(module, lines):
    engine = module.engine("ASC0")
    for line in lines:
        engine.feed(line + b"\r")
        module.clock.run_until_true(lambda: not engine.busy(), 5000)
    return engine


def test_secrets_are_masked_in_at_in_setting_events_timelines_files_and_diagrams(tmp_path):
    from hostsim.device.module import Module
    from hostsim.parts.sim import SimCard
    module = Module(sim=SimCard(pin="4321"))
    module.power_on()
    engine = _run(module, [b"AT+CPIN = 4321", b'AT#USERID="someone"', b'AT#PASSW="s3cret"'])
    assert engine.last_result == "OK"
    assert module.settings.get("#PASSW") == "s3cret"          # stored, only never shown
    jsonl, timeline = module.trace.to_jsonl(), module.trace.timeline()
    for text in (jsonl, timeline):
        assert "4321" not in text and "s3cret" not in text
        assert "someone" in text                                 # #USERID is not a secret
    settings = [json.loads(line) for line in jsonl.splitlines()
                if json.loads(line)["kind"] == "setting"]
    passw = [event for event in settings if event["data"].get("name") == "#PASSW"]
    assert passw and passw[0]["data"]["value"] == MASK and passw[0]["text"] == "#PASSW=****"
    path = tmp_path / "run.html"
    diagram.write(module.trace.events, str(path), "secrets")
    assert "4321" not in path.read_text() and "s3cret" not in path.read_text()
