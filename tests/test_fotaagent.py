"""The FOTA agent in-process, one behaviour at a time (full flows: test_agentflow)."""
from unittest import mock

import pytest

from hostsim.device.module import Module
from hostsim.fota import module_side
from hostsim.fota.pfm import Delta, PfmServer
from hostsim.parts.sim import SimCard
from hostsim.radio.world import World
from hostsim.testing import Harness

CONFIG = (b"protocol = sms\nserver_number = +393480000001\nkeep = +CMEE,+CNMI,#USERID\n"
          b"ipr = 115200\nwatchdog = 0\nanswer = %s\nanswer_hold = 20\n")


@pytest.fixture
def bench():
    """A module with a PFM server in its world, and the agent's modules loadable."""
    world = World()
    server = PfmServer(world)
    module = Module(world=world, sim=SimCard(pin="2468"))
    server.ftp.add(Delta(module.firmware, "10.00.145"))
    harness = Harness(module)
    harness.install_shims()
    yield harness, server
    harness.close()


def make_agent(harness, answer=b"accept", pin="2468", hook=None):
    harness.module.files.write("fota.cfg", CONFIG % answer)
    fotaagent = harness.load("fotaagent")
    config = harness.load("config")
    return fotaagent.Agent(config.load(), pin, hook=hook)


def ser_lines(harness):
    return harness.ser_read().decode("latin-1").split("\r\n")


def run_steps(agent, harness, seconds):
    deadline = harness.module.clock.now + seconds * 1000
    while harness.module.clock.now < deadline:
        agent.step(10)


def registered_agent(harness, **options):
    agent = make_agent(harness, **options)
    agent.start()
    run_steps(agent, harness, 15)
    assert harness.module.fota.registered
    return agent


@pytest.mark.parametrize("table", [
    ("AT#GPRS=1", 1), ("AT#GPRS?", 0), ("AT#SGACT=1,1", 1), ("AT+CGATT=0", 1), ("ATD*99#", 1),
    ("AT+COPS=2", 1), ("AT+COPS=0", 0), ("AT+CFUN=4", 1), ("AT+CFUN=1", 0), ('AT+CGCLASS="B"', 1),
    ("AT+CGDCONT=1", 0), ("AT+CSQ", 0),
])
def test_inhibited_commands(bench, table):
    harness, _ = bench
    line, expected = table
    assert harness.load("fotaagent").inhibited(line) == expected


def test_pin_entered_once_then_registration(bench):
    harness, _ = bench
    registered_agent(harness)
    lines = ser_lines(harness)
    assert "FOTA PIN-ENTERED" in lines and "FOTA REGISTERED" in lines
    assert len([e for e in harness.events("at-in") if e.text.startswith("AT+CPIN=")]) == 1


@pytest.mark.parametrize("pin, attempts, stop", [
    (None, 3, "PIN-REQUIRED"),        # no PIN file
    ("1111", 3, "PIN-REJECTED"),      # one attempt, then it stops
    ("2468", 2, "PIN-REQUIRED"),      # someone already used an attempt: not ours to risk
])
def test_pin_rules(bench, pin, attempts, stop):
    harness, _ = bench
    harness.module.sim.pin_attempts = attempts
    agent = make_agent(harness, pin=pin)
    agent.start()
    assert agent.stopped == stop
    assert "FOTA STOPPED " + stop in ser_lines(harness)
    assert harness.module.sim.pin_attempts == (2 if pin == "1111" else attempts)


def test_puk_request_stops_the_agent():
    module = Module(sim=SimCard(pin="2468", pin_attempts=0))
    harness = Harness(module)
    harness.install_shims()
    agent = make_agent(harness)
    agent.start()
    assert agent.stopped == "PUK-REQUIRED"
    harness.close()


def test_a_hook_may_hold_the_answer_but_never_past_its_bound(bench):
    harness, server = bench
    hook = mock.Mock(return_value="hold")
    agent = registered_agent(harness, answer=b"hook", hook=hook)
    server.request_update(harness.module.imei, manual=True)
    run_steps(agent, harness, 10)
    assert harness.module.fota.phase == module_side.ASKING and hook.call_count >= 1
    run_steps(agent, harness, 15)                  # answer_hold = 20 s after the request
    assert harness.module.fota.phase in (module_side.CONNECTING, module_side.DOWNLOADING)
    asked = next(e.t for e in harness.events("urc", "MDM") if "Do you want" in e.text)
    answered = next(e.t for e in harness.events("at-in") if e.text == "AT#OTASUAN=1")
    assert 20_000 <= answered - asked < 60_000


def test_decline_answers_0_and_puts_the_rate_back(bench):
    harness, server = bench
    agent = registered_agent(harness, answer=b"decline")
    server.request_update(harness.module.imei, manual=True)
    run_steps(agent, harness, 5)
    assert [e.text for e in harness.events("at-in") if e.text.startswith("AT#OTASUAN")] == [
        "AT#OTASUAN=0"]
    assert harness.setting("+IPR") == 0 and agent.phase() == "idle"
    assert "FOTA DECLINED" in ser_lines(harness)


def test_snapshot_and_inhibition_during_the_download(bench):
    harness, server = bench
    agent = registered_agent(harness)
    agent.command("AT+CMEE=2")
    harness.module.settings.set("#USERID", "fleet7")
    server.request_update(harness.module.imei, manual=False)
    run_steps(agent, harness, 10)
    assert agent.phase() == "downloading"
    assert agent.get("set.#USERID") == '"fleet7"' and agent.get("set.+CMEE") == "2"
    assert agent.get("set.+IPR") == "0" and harness.setting("+IPR") == 115200
    assert agent.command("AT#GPRS=1") == ("INHIBITED", [])
    assert agent.command("AT#GPRS?")[0] == "OK"


def test_recovery_resumes_where_a_power_loss_stopped_it(bench):
    harness, _ = bench
    agent = make_agent(harness)
    journal = harness.load("journal").Journal()
    journal.save({"phase": "restoring", "outcome": "updated", "fw": "10.00.143",
                  "set.+CMEE": "2", "set.#USERID": '"fleet7"', "done.set.+CMEE": "1",
                  "registered": "1", "imsi": harness.module.sim.imsi})
    agent = make_agent(harness)
    agent.start()
    restored = [e.text for e in harness.events("at-in")
                if e.text.startswith(("AT+CMEE=", "AT#USERID="))]
    assert restored == ["AT+CMEE=1", 'AT#USERID="fleet7"']      # +CMEE=1 is start()'s own
    assert harness.setting("#USERID") == "fleet7"
    assert agent.phase() == "idle" and "FOTA RESTORED 1 updated" in ser_lines(harness)


def test_recovery_journals_only_the_settings_it_writes(bench):
    """A setting found equal is not journalled (a second look finds it equal again):
    a recovery that writes one setting saves the journal for it and for the end."""
    harness, _ = bench
    agent = make_agent(harness)
    equal = {"set." + name: agent.value_of(name) for name in ("+CMGF", "#SELINT", "+CNMI")}
    journal = harness.load("journal").Journal()
    journal.save(dict(equal, **{"phase": "restoring", "outcome": "updated", "fw": "10.00.143",
                                "set.#USERID": '"fleet7"', "registered": "1",
                                "imsi": harness.module.sim.imsi}))
    start = harness.module.clock.now
    agent = make_agent(harness)
    agent.start()
    writes = [e.text for e in harness.events("file")
              if e.t >= start and e.text.startswith("write fotajrn")]
    assert len(writes) == 2 and harness.setting("#USERID") == "fleet7"
    assert "FOTA RESTORED 1 updated" in ser_lines(harness)


def test_a_sim_taken_out_is_forgotten_and_registers_again_when_back(bench):
    harness, _ = bench
    agent = registered_agent(harness)
    card = harness.module.remove_sim()
    run_steps(agent, harness, 70)
    assert agent.get("registered") == "" and "FOTA SIM-REMOVED" in ser_lines(harness)
    card.pin = None
    harness.module.insert_sim(card)
    run_steps(agent, harness, 80)
    assert agent.get("registered") == "1"
    assert len([m for m in harness.module.world.pfm.received
                if m["kind"] == "Remote Registration"]) >= 2
