"""Premium FOTA Management end to end: every protocol and scenario, driven by
the scripted external application on ASC0 (no onboard agent)."""
import pytest
from atutil import quiet, send

from hostsim.core.settings import KEPT_OVER_UPDATE
from hostsim.device.module import Module
from hostsim.fota import module_side
from hostsim.fota.pfm import Delta, PfmServer
from hostsim.parts.sim import SimCard
from hostsim.radio.world import World
from hostsim.scenario.scenario import Scenario, ScenarioError, ScenarioRun, shipped


def run(name, until=None):
    scenario = Scenario.load(name)
    scenario_run = ScenarioRun(scenario)
    scenario_run.power_on()
    scenario_run.clock.run_until(until if until is not None else scenario.duration_ms)
    return scenario_run


@pytest.mark.parametrize("name", [s.name for s in shipped()])
def test_every_shipped_scenario_meets_its_expectations(name):
    assert run(name).check() == []


def test_urc_texts_are_the_notes_own():
    assert module_side.URC_PREFIX == "#OTAEV: "
    assert module_side.SERVER_NOTIFIED == "Server notified about successfull FW Upgrade"
    assert [module_side.REGISTERED, module_side.ASK, module_side.ANSWER_TIMEOUT, module_side.AUTOMATIC, module_side.NOTIFIED,
            module_side.START_DOWNLOAD, module_side.DOWNLOAD_COMPLETE, module_side.UPGRADED, module_side.FAILED] == [
        "Registered", "Do you want to upgrade the firmware?", "User Answer Timeout",
        "Automatic Fw Upgrade Requested", "Notified", "Start Fw Download", "Fw Download Complete",
        "Module Upgraded To New FW", "OTA FW Upgrade Failed"]


def _phase_times(module):
    return {e.text[len("phase "):]: e.t for e in module.trace.select("fota", "module")
            if e.text.startswith("phase ")}


@pytest.mark.parametrize("name, download_s", [("sms-manual", 90), ("sms-gprs-1plus1", 150),
                                               ("sms-csd", 190)])
def test_durations_within_ten_percent_of_the_note(name, download_s):
    scenario_run = run(name)
    module = scenario_run.modules["A"]
    events = module.trace.events
    start = next(e.t for e in events if e.text.endswith("Start Fw Download"))
    complete = next(e.t for e in events if e.text.endswith("Fw Download Complete"))
    phases = _phase_times(module)
    reboot = next(e.t for e in events if e.kind == "power" and e.text == "firmware update")
    assert abs((complete - start) / 1000 - download_s) <= download_s * 0.1
    assert abs((phases["updating"] - phases["validating"]) / 1000 - 80) <= 8
    assert abs((reboot - phases["updating"]) / 1000 - 440) <= 44


def test_power_loss_while_updating_resumes_from_the_point_of_interruption():
    module = run("power-loss-updating").modules["A"]
    phases = [e for e in module.trace.select("fota", "module") if e.text.startswith("phase ")]
    lost = next(e for e in module.trace.events if e.kind == "power" and e.text == "power loss")
    reboot = next(e for e in module.trace.events if e.kind == "power" and e.text == "firmware update")
    updating = [e.t for e in phases if e.text == "phase updating"]
    assert len(updating) == 2                              # entered, then resumed after power-on
    done_before = lost.t - updating[0]
    done_after = reboot.t - updating[1]
    assert done_before + done_after == module_side.UPDATING_MS


def _module_with_server(sim=None, firmware=None, model="GL865-DUAL"):
    world = World()
    server = PfmServer(world)
    module = Module(world=world, sim=sim or SimCard(pin=None), model=model, firmware=firmware)
    server.ftp.add(Delta(module.firmware, "10.00.145"))
    module.power_on()
    quiet(module)
    send(module, "AT+CMEE=1")
    if module.sim.pin is not None:
        send(module, "AT+CPIN=%s" % module.sim.pin)
    module.clock.advance(5000)
    return module, server


def _registered(sim=None):
    module, server = _module_with_server(sim)
    assert send(module, 'AT#OTASNAP="%s"' % server.number, advance_ms=5000).endswith(
        b"#OTAEV: Registered\r\n")
    return module, server


def test_inhibited_commands_are_refused_only_during_the_download():
    module, server = _registered()
    lines = ["AT#GPRS=1", "AT#SGACT=1,1", "AT+CGATT=1", "AT+CGACT=1,1", "ATD123",
             "AT+COPS=2", "AT+CFUN=4", 'AT+CGCLASS="B"']
    allowed_always = ["AT#GPRS?", "AT+COPS=0", "AT+CFUN=1", "AT+CGCLASS?"]
    server.request_update(module.imei, manual=False)
    module.clock.run_until_true(lambda: module.fota.phase == module_side.DOWNLOADING, 60_000)
    module.engine("ASC0").read_output()                  # the request's URCs
    for line in lines:
        assert send(module, line) == b"\r\n+CME ERROR: 3\r\n", line
    for line in allowed_always:
        assert not send(module, line, advance_ms=6000).endswith(b"+CME ERROR: 3\r\n"), line
    module.clock.run_until_true(lambda: module.fota.phase == module_side.VALIDATING, 200_000)
    assert module.engine("ASC0").read_output() == b"\r\n#OTAEV: Fw Download Complete\r\n"
    assert send(module, "AT") == b""                     # frozen from validation on


def test_section_8_1_values_survive_the_update_and_the_rest_is_reset():
    module, server = _registered()
    for line in ['AT+CGDCONT=1,"IP","apn.example"', "AT#SCFG=1,1,512,90,600,50", "AT+IPR=115200",
                 '#ESCRIPT="main.py"', "AT#STARTMODESCR=1,20", 'AT#USERID="user"',
                 'AT+CGCLASS="CG"', "AT#AUTOATT=0", "AT+CMEE=2", "AT&W", "AT+CSCA=\"+391234\",145"]:
        send(module, line if line.startswith("AT") else "AT" + line)
    before = module.settings.to_json()
    server.request_update(module.imei, manual=False)
    module.clock.advance(800_000)
    after = module.settings.to_json()
    assert module.firmware == "10.00.145"
    for name in before["nvm"]:
        if name in KEPT_OVER_UPDATE:
            assert after["nvm"][name] == before["nvm"][name], name
    assert after["nvm"]["+CGDCONT"]["1"][1] == "apn.example" and after["nvm"]["+IPR"] == 115200
    assert after["nvm"]["#STARTMODESCR"] == [1, 20]
    assert after["nvm"]["#USERID"] == "" and after["nvm"]["+CGCLASS"] == "B"
    assert after["nvm"]["#AUTOATT"] == 1 and after["profile"]["+CMEE"] == 0
    assert module.sim.smsc == "+391234"                 # on the SIM, not in the module


def test_files_are_untouched_and_the_pin_is_asked_again():
    module, server = _registered(SimCard(pin="1234"))
    module.files.write("data.txt", b"keep me")
    server.request_update(module.imei, manual=False)
    module.clock.advance(700_000)
    assert module.files.read("data.txt") == b"keep me"
    assert module.sim.state == "SIM PIN"


def test_hardware_lines_during_updating():
    module, server = _registered()
    server.request_update(module.imei, manual=False)
    module.clock.run_until_true(lambda: module.fota.phase == module_side.UPDATING, 300_000)
    samples = []
    for _ in range(17):             # 4 s at quarter periods: DCD flips every 500 ms
        samples.append(module.line_state("MDM", "DCD"))
        module.clock.advance(module_side.DCD_HALF_PERIOD_MS // 2)
    flips = sum(a != b for a, b in zip(samples, samples[1:]))
    assert flips == 8 and set(samples) == {0, 1}
    assert module.line_state("SER", "DSR") == 0 and module.line_state("MDM", "DSR") == 0
    module.clock.advance(500_000)
    assert module.line_state("MDM", "DSR") == 1


def test_pfm_sms_are_never_listed():
    module, server = _registered()
    send(module, "AT+CMGF=1")
    server.query(module.imei)
    module.clock.advance(5000)
    assert module.engine("ASC0").read_output() == b"\r\n#OTAEV: Notified\r\n"
    assert send(module, 'AT+CMGL="ALL"') == b"\r\nOK\r\n"


def test_otasuan_mode_0_buffers_until_mode_2_flushes():
    module, server = _module_with_server()
    assert send(module, "AT#OTASUAN=,0,0") == b"\r\nOK\r\n"
    assert send(module, "AT#OTASUAN?") == b"\r\n#OTASUAN: ,0,0\r\n\r\nOK\r\n"
    assert send(module, 'AT#OTASNAP="%s"' % server.number, advance_ms=5000) == b"\r\nOK\r\n"
    assert send(module, "AT#OTASUAN=,2,1") == b"\r\nOK\r\n\r\n#OTAEV: Registered\r\n"
    assert send(module, "AT#OTASUAN=1") == b"\r\n+CME ERROR: 3\r\n"     # nothing asked
    assert send(module, "AT#OTASUAN=?") == b"\r\n#OTASUAN: (0-2),(0-2),(0,1)\r\n\r\nOK\r\n"


def test_otasetri_pulses_ri_on_a_manual_request():
    module, server = _registered()
    assert send(module, "AT#OTASETRI=300") == b"\r\nOK\r\n"
    assert send(module, "AT#OTASETRI=20") == b"\r\n+CME ERROR: 4\r\n"
    server.request_update(module.imei, manual=True)
    module.clock.run_until_true(lambda: module.fota.phase == module_side.ASKING, 10_000)
    assert module.line_state("SER", "RI") == 1
    module.clock.advance(300)
    assert module.line_state("SER", "RI") == 0


@pytest.mark.parametrize("model, firmware, line", [
    ("UC864-E", None, 'AT#OTASNAIPCFG=1,"internet"'),
    ("GL865-DUAL", "10.00.142", 'AT#OTASNAIPCFG=1,"internet"'),
    ("GL865-DUAL", "10.00.143", "AT#OTAIPUPD"),
    ("GE864-QUAD", None, "AT#OTAIPCFG=40000,\"1.2.3.4\""),
])
def test_tcp_protocols_need_their_firmware(model, firmware, line):
    module, _ = _module_with_server(model=model, firmware=firmware)
    assert send(module, line) == b"\r\nERROR\r\n"


def test_test_operation_flashes_nothing():
    scenario_run = run("sms-test")
    module = scenario_run.modules["A"]
    assert module.boots == 1 and module.firmware == "10.00.144"


def test_a_failed_update_leaves_the_module_working():
    scenario_run = run("corrupt-delta")
    module = scenario_run.modules["A"]
    engine = module.engine("ASC0")
    assert not engine.frozen and not module.line_overrides
    module.uarts["ASC0"].dte_write(b"AT+CGMR\r")
    assert b"10.00.144" in module.asc0_output()


@pytest.mark.parametrize("content, message", [
    ({"events": [{"do": "explode"}]}, r"events\[0\]\.do: must be one of"),
    ({"events": [{"do": "lose", "message": "Hello"}]}, r"events\[0\]\.message: must be one of"),
    ({"world": {"weather": "rain"}}, "unknown key 'weather'"),
    ({"events": [{"do": "query", "at": 1, "on": "phase:updating"}]}, "not both"),
    ({"module": {"model": "Nokia"}}, "module.model"),
])
def test_bad_scenarios_give_a_clear_error(tmp_path, content, message):
    import json
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(content))
    with pytest.raises(ScenarioError, match=message):
        Scenario.load(str(path))


def test_unknown_scenario_name_lists_the_shipped_ones():
    with pytest.raises(ScenarioError, match="sms-manual"):
        Scenario.load("no-such-scenario")


def test_fota_state_is_saved_with_the_module(tmp_path):
    from hostsim.device import persist
    module, server = _registered()
    persist.save(module, str(tmp_path))
    loaded = persist.load(str(tmp_path))
    assert loaded.fota.registered and loaded.fota.server_number == server.number
