"""The PFM application note (80000NT10013a Rev.10), point by point where the
emulator once differed from it: each test names the section it checks."""
import json

import pytest
from atutil import quiet, send

from hostsim.device.module import Module
from hostsim.fota import module_side, pfm
from hostsim.fota.module_side import HALT_INHIBITED, HALT_LITERAL, firmware_supports
from hostsim.fota.pfm import Delta, DeviceRecord, PfmServer
from hostsim.parts.sim import SimCard
from hostsim.radio.world import World
from hostsim.scenario.scenario import Scenario, ScenarioRun

ANSWER_MS = 6_000                 # a command that registers or answers over the network
SERVER = '40000,"198.51.100.200"'


def _module(model="GL865-DUAL", firmware=None, halting=HALT_LITERAL):
    world = World()
    server = PfmServer(world)
    module = Module(world=world, sim=SimCard(pin=None), model=model, firmware=firmware)
    module.fota.halting = halting
    server.ftp.add(Delta(module.firmware, "10.00.145"))
    module.power_on()
    quiet(module)
    send(module, "AT+CMEE=1", advance_ms=5000)
    return module, server


def _sms_registered():
    module, server = _module()
    send(module, 'AT#OTASNAP="%s"' % server.number, advance_ms=ANSWER_MS)
    assert module.fota.registered
    return module, server


def _tcp_registered(halting=HALT_LITERAL, apn="internet"):
    module, server = _module(halting=halting)
    assert send(module, 'AT#OTASNAIPCFG=1,"%s"' % apn) == b"\r\nOK\r\n"
    send(module, "AT#OTASNAIP=" + SERVER, advance_ms=ANSWER_MS)
    send(module, "AT#OTAIPCFG=" + SERVER)
    module.engine("ASC0").read_output()
    return module, server


def _until(module, phase, limit_ms=300_000):
    module.clock.run_until_true(lambda: module.fota.phase == phase, limit_ms)


def _received(server):
    return [m["kind"] for m in server.received]


# -- 3.1.2 and 4.1.2: both readings of the halting rule ---------------------------------

def test_3_1_2_literal_reading_freezes_and_halts_for_the_whole_upgrade_process():
    module, server = _tcp_registered(HALT_LITERAL)
    assert send(module, "AT#OTAIPUPD") == b"\r\nOK\r\n"        # answered, then frozen
    _until(module, module_side.DOWNLOADING)
    assert module.interpreter_halted
    assert send(module, "AT") == b""
    assert send(module, "AT#GPRS=1") == b""                   # dropped, not refused


def test_4_1_2_inhibited_reading_answers_and_refuses_until_the_download_ends():
    module, server = _tcp_registered(HALT_INHIBITED)
    assert send(module, "AT#OTAIPUPD") == b"\r\nOK\r\n"
    _until(module, module_side.DOWNLOADING)
    module.engine("ASC0").read_output()
    assert not module.interpreter_halted
    assert send(module, "AT#GPRS=1") == b"\r\n+CME ERROR: 3\r\n"
    assert send(module, "AT") == b"\r\nOK\r\n"
    _until(module, module_side.VALIDATING)
    module.engine("ASC0").read_output()
    assert send(module, "AT") == b"" and not module.interpreter_halted
    _until(module, module_side.UPDATING)
    assert module.interpreter_halted


def test_3_1_2_a_failure_under_the_literal_reading_thaws_and_restarts_the_interpreter():
    module, server = _tcp_registered(HALT_LITERAL)
    server.ftp.available = False
    restarts = []
    module.restart_listeners.append(restarts.append)
    send(module, "AT#OTAIPUPD")
    module.clock.advance(30_000)
    assert not module.interpreter_halted and restarts == ["the firmware update failed"]
    assert b"#OTAEV: OTA FW Upgrade Failed" in module.engine("ASC0").read_output()


def test_the_reading_is_a_scenario_option_with_the_literal_one_as_default():
    assert module_side.Fota(Module()).halting == HALT_LITERAL
    scenario = Scenario("x", {"module": {"tcp_halting": HALT_INHIBITED}})
    scenario.validate("x")
    assert ScenarioRun(scenario).modules["A"].fota.halting == HALT_INHIBITED


# -- 2.1.2: the SMS protocol halts at updating and freezes from validation ----------------

def test_2_1_2_validation_freezes_at_but_the_interpreter_runs_until_updating():
    module, server = _sms_registered()
    server.request_update(module.imei, manual=False)
    _until(module, module_side.VALIDATING)
    module.engine("ASC0").read_output()
    assert send(module, "AT") == b"" and not module.interpreter_halted
    _until(module, module_side.UPDATING)
    assert module.interpreter_halted


def test_2_1_2_after_a_failed_validation_the_script_goes_on():
    module, server = _sms_registered()
    server.ftp.deltas.clear()
    server.ftp.add(Delta(module.firmware, "10.00.145", corrupt=True))
    restarts = []
    module.restart_listeners.append(restarts.append)
    server.request_update(module.imei, manual=False)
    _until(module, module_side.VALIDATING)
    module.clock.advance(module_side.VALIDATION_MS + 1000)
    assert restarts == [] and not module.interpreter_halted
    assert module.engine("ASC0").read_output().endswith(b"#OTAEV: OTA FW Upgrade Failed\r\n")
    assert send(module, "AT") == b"\r\nOK\r\n"


# -- 2.3 and 3.3: a test exchanges the update's messages with its timing -----------------

@pytest.mark.parametrize("protocol", ["sms", "smstcp"])
def test_2_3_and_3_3_a_test_takes_an_updates_time_and_flashes_nothing(protocol):
    module, server = _sms_registered() if protocol == "sms" else _tcp_registered()
    start = module.clock.now
    server.request_update(module.imei, manual=False, test=True)
    module.clock.advance(700_000)
    times = {e.data["message"]: e.t for e in module.trace.select("fota", "pfm")
             if e.data.get("outcome") == "received"}
    progress = "Command Progress" if protocol == "sms" else "Command Progress Ack"
    assert module.firmware == "10.00.144" and module.boots == 1
    assert times[progress] - start >= 90_000                       # the download's time
    assert times["Command Final"] - times[progress] >= module_side.VALIDATION_MS + \
        module_side.UPDATING_MS
    final = [m for m in server.received if m["kind"] == "Command Final"]
    assert final[0]["result"] == "test"
    urcs = [e.text for e in module.trace.select("urc", "ASC0")]
    assert urcs[-2:] == ["#OTAEV: Start Fw Download", "#OTAEV: Fw Download Complete"]


# -- 3.4: the query answer carries the phone number --------------------------------------

def test_3_4_a_query_over_tcp_keeps_the_number_and_later_updates_go_through():
    module, server = _tcp_registered()
    server.query(module.imei)
    module.clock.advance(ANSWER_MS)
    answer = [m for m in server.received if m["kind"] == "Query Answer"][0]
    assert answer["msisdn"] == module.sim.msisdn
    assert server.records[module.imei].msisdn == module.sim.msisdn
    server.request_update(module.imei, manual=False)               # not refused


# -- 2.2.3.2 and 2.1.1: the bearer is watched for the whole download ---------------------

@pytest.mark.parametrize("change", [{"coverage": False}, {"gprs": False}])
def test_2_2_3_2_losing_the_network_mid_download_fails_the_update(change):
    module, server = _sms_registered()
    server.request_update(module.imei, manual=False)
    _until(module, module_side.DOWNLOADING)
    module.clock.advance(20_000)
    for key, value in change.items():
        setattr(module.world, key, value)
    module.world.changed()
    module.clock.advance(5_000)
    assert module.fota.phase == module_side.IDLE
    assert b"#OTAEV: OTA FW Upgrade Failed" in module.engine("ASC0").read_output()


def test_2_2_3_2_cfun_0_mid_download_fails_the_update():
    module, server = _sms_registered()
    server.request_update(module.imei, manual=False)
    _until(module, module_side.DOWNLOADING)
    module.engine("ASC0").read_output()
    assert send(module, "AT+CFUN=0", advance_ms=2_000) == \
        b"\r\nOK\r\n\r\n#OTAEV: OTA FW Upgrade Failed\r\n"
    assert module.fota.phase == module_side.IDLE
    assert module.firmware == "10.00.144"


@pytest.mark.parametrize("csd, gprs_class, reason", [
    ("+390299999999", "B", "does not answer"),
    (pfm.CSD_NUMBER, "CG", "GPRS class CG"),
])
def test_2_2_3_2_and_2_1_1_a_csd_download_can_fail(csd, gprs_class, reason):
    module, server = _sms_registered()
    send(module, 'AT+CGCLASS="%s"' % gprs_class)
    server.request_update(module.imei, manual=False, csd=csd)
    module.clock.advance(30_000)
    failures = [e.data["reason"] for e in module.trace.select("fota", "module")
                if e.text.startswith("update failed")]
    assert len(failures) == 1 and reason in failures[0]


def test_2_1_1_gprs_class_cc_refuses_a_gprs_download():
    module, server = _sms_registered()
    send(module, 'AT+CGCLASS="CC"', advance_ms=2_000)
    server.request_update(module.imei, manual=False)
    module.clock.advance(30_000)
    assert "Error Report" in _received(server) and module.firmware == "10.00.144"


def test_2_2_3_1_a_csd_download_to_the_pfm_number_takes_190_s():
    module, server = _sms_registered()
    server.request_update(module.imei, manual=False, csd=pfm.CSD_NUMBER)
    _until(module, module_side.DOWNLOADING)
    started = module.clock.now
    _until(module, module_side.VALIDATING)
    assert module.clock.now - started == 190_000


# -- 3.2.2: the Command's access data -----------------------------------------------------

def test_3_2_2_the_commands_apn_is_used_in_the_combined_protocol():
    module, server = _tcp_registered()
    module.world.apns["m2m.pfm"] = True
    module.fota.ip_config[1] = "refused.apn"        # #OTASNAIPCFG's APN would not activate
    server.request_update(module.imei, manual=False, apn="m2m.pfm")
    module.clock.advance(800_000)
    assert module.firmware == "10.00.145"


def test_3_2_2_the_commands_csd_number_downloads_over_csd():
    module, server = _tcp_registered()
    server.request_update(module.imei, manual=False, csd=pfm.CSD_NUMBER)
    module.clock.advance(30_000)
    started = [e for e in module.trace.select("fota", "ftp") if "started" in e.text]
    assert started[0].data["bearer"] == "csd"


# -- 3.2.1 and 4.2.1: a new SIM registers again by SMS in the TCP/IP protocols -----------

def test_3_2_1_and_4_2_1_a_sim_change_registers_by_sms_after_a_tcp_registration():
    module, server = _tcp_registered()
    # Registered over TCP/IP: no server SMS ever came, the ack named the number.
    assert module.fota.registered and module.fota.server_number == server.number
    module.insert_sim(SimCard(pin=None, imsi="222013456789077", msisdn="+393337777777"))
    module.clock.advance(30_000)
    sms = [e for e in module.trace.select("sms-out") if "Remote Registration" in e.text]
    assert len(sms) == 1 and server.records[module.imei].msisdn == "+393337777777"


# -- smaller points -----------------------------------------------------------------------

def test_2_2_1_otasnap_takes_the_number_in_international_format_only():
    module, server = _module()
    assert send(module, 'AT#OTASNAP="3480000001"') == b"\r\n+CME ERROR: 4\r\n"
    assert send(module, 'AT#OTASNAP="%s"' % server.number) == b"\r\nOK\r\n"


@pytest.mark.parametrize("firmware, combined, ip_only", [
    ("10.00.143", True, False), ("10.00.144", True, True), ("10.01.140", True, True),
    ("10.00.142", False, False), ("09.05.149", False, False), ("11.00.000", True, True),
])
def test_3_1_1_and_4_1_1_firmware_gating_reads_every_field(firmware, combined, ip_only):
    assert firmware_supports(firmware, 3) is combined
    assert firmware_supports(firmware, 4) is ip_only


@pytest.mark.parametrize("line", ["AT#OTASNAIPCFG=?", "AT#OTASNAPIPCFG=?", "AT#OTASNAIP=?",
                                  "AT#OTAIPCFG=?", "AT#OTAIPUPD=?"])
def test_3_and_4_footnotes_uc864_lacks_the_tcp_commands_in_every_form(line):
    module, _ = _module(model="UC864-E")
    assert send(module, line) == b"\r\nERROR\r\n"


def test_the_otasnapipcfg_spelling_answers_under_its_own_name():
    module, _ = _module()
    send(module, 'AT#OTASNAPIPCFG=1,"internet"')
    assert send(module, "AT#OTASNAPIPCFG?") == b'\r\n#OTASNAPIPCFG: 1,"internet"\r\n\r\nOK\r\n'
    assert send(module, "AT#OTASNAPIPCFG=?") == \
        b"\r\n#OTASNAPIPCFG: (0,1),50,30,30\r\n\r\nOK\r\n"


def test_5_the_mode_0_buffer_keeps_the_newest_urcs():
    module, _ = _module()
    send(module, "AT#OTASUAN=,0,0")
    for n in range(module_side.OTAEV_BUFFER_SIZE + 3):
        module.fota.urc("Notified %d" % n)
    assert len(module.fota.buffered) == module_side.OTAEV_BUFFER_SIZE
    assert module.fota.buffered[0] == "#OTAEV: Notified 3"


def test_2_2_a_server_knows_a_module_in_advance():
    scenario = Scenario("x", {
        "sim": {"pin": None},
        "application": None,
        "server": {"records": [{"imei": "356938035643809", "msisdn": "+393331111111",
                                "firmware": "10.00.144"}]},
        "events": [{"at": 30, "do": "request_update", "manual": False}],
    })
    scenario.validate("x")
    run = ScenarioRun(scenario)
    run.power_on()
    run.clock.run_until(800_000)
    module = run.modules["A"]
    assert not module.fota.uses_pfm                       # never registered
    assert module.firmware == "10.00.145"
    assert json.dumps(run.server.state()["356938035643809"]["msisdn"]) == '"+393331111111"'


def test_preloaded_records_are_checked_by_the_schema():
    with pytest.raises(Exception, match="server.records"):
        Scenario("x", {"server": {"records": [{"imei": "12"}]}}).validate("x")


def test_records_reach_only_the_module_of_their_imei():
    world = World()
    server = PfmServer(world)
    server.preload(DeviceRecord("356938035643809", "+393331111111"))
    with pytest.raises(pfm.PfmError, match="never talked"):
        server.request_update("356938035643809")
