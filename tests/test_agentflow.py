"""The onboard agent and the example application through whole updates."""
import pytest

from hostsim.scenario.agentflow import AgentFlow
from hostsim.scenario.scenario import Scenario, shipped

pytestmark = pytest.mark.module_flow

# What each shipped scenario ends with when the agent (not the scripted external
# application) is in charge; scenarios about the external application's own
# behaviour (answer timeout, reject, delay, autobauding on ASC0) end differently.
AGENT_OUTCOMES = {
    "sms-manual": "updated", "sms-automatic": "updated", "sms-no-pin": "updated",
    "sms-gprs-1plus1": "updated", "sms-csd": "updated", "smstcp-manual": "updated",
    "tcp-ipupd": "updated", "command-delayed": "updated", "power-loss-validating": "updated",
    "power-loss-updating": "updated", "sms-delay": "updated", "sms-reject": "updated",
    "sms-answer-timeout": "updated", "autobauding": "updated",
    "ftp-error": "failed", "partial-download": "failed", "corrupt-delta": "failed",
    "wrong-version": "failed", "gprs-error": "failed", "power-loss-downloading": "failed",
    "sms-test": "tested", "sms-query": "queried", "command-lost": "no update",
    "registration-ack-lost": "no update", "sim-swap": "no update",
    "critical-sim-swap": "updated", "pin-changed": "no update",
}


def test_every_shipped_scenario_has_an_agent_outcome():
    fota = [s.name for s in shipped() if s.data.get("application") is not None]
    assert sorted(AGENT_OUTCOMES) == sorted(fota)


@pytest.mark.parametrize("name", sorted(AGENT_OUTCOMES))
def test_agent_through_every_scenario(name, module_python):
    flow = AgentFlow(Scenario.load(name), python=module_python)
    result = flow.execute()
    assert result.problems == []
    assert result.outcome == AGENT_OUTCOMES[name]


def test_a_changed_pin_is_tried_once_then_the_agent_stops_and_still_restores():
    flow = AgentFlow(Scenario.load("pin-changed"))
    result = flow.execute()
    lines = [e.text for e in result.events if e.kind == "serial" and e.source == "SER"]
    assert "FOTA STOPPED PIN-REJECTED\r\n" in lines
    assert flow.module.sim.pin_attempts == 2                 # one attempt used, SIM not locked
    assert flow.module.firmware == "10.00.145" and result.problems == []


def test_the_agent_answers_a_manual_request_within_two_seconds():
    flow = AgentFlow(Scenario.load("sms-manual"))
    events = flow.execute().events
    asked = next(e.t for e in events if e.kind == "urc" and e.source == "MDM"
                 and e.text.endswith("Do you want to upgrade the firmware?"))
    answered = next(e.t for e in events if e.kind == "at-in" and e.text == "AT#OTASUAN=1")
    assert answered - asked < 2000


def test_the_critical_scenario_is_left_from_the_module_side():
    # Before the server's forced registration (180 s) the agent has already
    # registered module A again: it forgot its registration when the SIM left.
    flow = AgentFlow(Scenario.load("critical-sim-swap"))
    flow.execute(until_ms=170_000)
    assert flow.run.server.state()["356938035643809"]["msisdn"] == "+393331111111"


def test_the_checks_are_not_vacuous():
    # An agent told to keep nothing does not restore #USERID: the flow check says so.
    flow = AgentFlow(Scenario.load("sms-manual"))
    lines = flow.module.files.read("fota.cfg").split(b"\n")
    config = b"\n".join(b"keep = +CMEE" if line.startswith(b"keep") else line for line in lines)
    flow.module.files.write("fota.cfg", config)
    problems = flow.execute().problems
    assert any(p.startswith("setting #USERID") for p in problems)


def test_an_8_1_setting_the_firmware_forgets_is_set_back_by_the_agent(monkeypatch):
    # Section 8.1 settings survive the update, so the agent only checks them; on a
    # firmware that forgets one (#DNS here) the agent's restore sets it back.
    from hostsim.core import settings
    monkeypatch.setattr(settings, "KEPT_OVER_UPDATE", settings.KEPT_OVER_UPDATE - {"#DNS"})
    flow = AgentFlow(Scenario.load("sms-manual"))
    result = flow.execute()
    assert result.problems == [] and result.outcome == "updated"
    assert 'AT#DNS=1,"10.0.0.53","10.0.0.54"' in [e.text for e in result.events
                                                   if e.kind == "at-in" and e.source == "MDM"]
    assert flow.module.settings.get("#DNS") == {"1": ["10.0.0.53", "10.0.0.54"]}


def test_the_agent_snapshots_every_8_1_setting_and_ends_a_test_operation():
    from hostsim.scenario.agentflow import NOTE_81
    result = AgentFlow(Scenario.load("sms-test")).execute()
    lines = [e.text for e in result.events if e.kind == "serial" and e.source == "SER"]
    snapshot = next(line for line in lines if line.startswith("FOTA SNAPSHOT "))
    assert set(NOTE_81) <= set(snapshot.split()[2].split(","))
    assert "FOTA REQUEST-ENDED\r\n" in lines and "FOTA RESTORED 1 ended\r\n" in lines
