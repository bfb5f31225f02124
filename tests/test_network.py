"""Registration, GPRS attach, signal, operator selection and data calls."""
import pytest
from atutil import quiet, send

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.radio.network import ATTACH_MS, CALL_SETUP_MS
from hostsim.radio.peers import EchoPeer, callback_peer
from hostsim.radio.world import REGISTRATION_MS, World

OK = b"\r\nOK\r\n"
ERROR = b"\r\nERROR\r\n"


def registered(world=None, **kwargs):
    """A module (no PIN) registered and attached, echo off and CMEE=1 on ASC0."""
    m = Module(sim=SimCard(pin=None), world=world, **kwargs)
    m.power_on()
    m.clock.advance(REGISTRATION_MS + ATTACH_MS)
    quiet(m)
    send(m, "AT+CMEE=1")
    return m


def creg(m, interface="ASC0"):
    return send(m, "AT+CREG?", interface)


# -- registration ------------------------------------------------------------------


def test_registration_goes_searching_then_home(module):
    quiet(module)
    assert send(module, "AT+CREG?") == b"\r\n+CREG: 0,2\r\n" + OK
    module.clock.advance(REGISTRATION_MS - 1)
    assert creg(module) == b"\r\n+CREG: 0,2\r\n" + OK
    module.clock.advance(1)
    assert creg(module) == b"\r\n+CREG: 0,1\r\n" + OK


@pytest.mark.parametrize("answer, stat", [("home", 1), ("roaming", 5), ("denied", 3)])
def test_registration_outcome_follows_the_world(answer, stat):
    world = World()
    world.registration = answer
    m = registered(world)
    assert creg(m) == b"\r\n+CREG: 0,%d\r\n" % stat + OK


@pytest.mark.parametrize("sim, stat", [
    (None, 0),                     # no SIM
    (SimCard(), 0),                # PIN not entered
])
def test_no_registration_without_a_ready_sim(sim, stat):
    m = Module(sim=sim)
    m.power_on()
    m.clock.advance(10 * REGISTRATION_MS)
    quiet(m)
    assert creg(m) == b"\r\n+CREG: 0,%d\r\n" % stat + OK


def test_entering_the_pin_starts_registration():
    m = Module()
    m.power_on()
    quiet(m)
    m.clock.advance(10_000)
    assert send(m, "AT+CPIN=1234") == OK
    assert creg(m) == b"\r\n+CREG: 0,2\r\n" + OK
    m.clock.advance(REGISTRATION_MS)
    assert creg(m) == b"\r\n+CREG: 0,1\r\n" + OK


def test_no_coverage_keeps_searching_until_the_world_changes():
    world = World()
    world.coverage = False
    m = registered(world)
    m.clock.advance(60_000)
    assert creg(m) == b"\r\n+CREG: 0,2\r\n" + OK
    assert send(m, "AT+CSQ") == b"\r\n+CSQ: 99,99\r\n" + OK
    world.coverage = True
    world.changed()
    m.clock.advance(REGISTRATION_MS)
    assert creg(m) == b"\r\n+CREG: 0,1\r\n" + OK


def test_losing_coverage_deregisters_and_detaches():
    m = registered()
    send(m, "AT+CREG=1;+CGREG=1")
    m.world.coverage = False
    m.world.changed()
    assert send(m, "AT") == b"\r\n+CREG: 2\r\n\r\n+CGREG: 0\r\n" + OK
    assert send(m, "AT+CGATT?") == b"\r\n+CGATT: 0\r\n" + OK


@pytest.mark.parametrize("fun", [0, 4])
def test_cfun_off_deregisters_and_cfun_1_registers_again(fun):
    m = registered()
    assert send(m, "AT+CFUN=%d" % fun) == OK
    assert creg(m) == b"\r\n+CREG: 0,0\r\n" + OK
    assert send(m, "AT+CSQ") == b"\r\n+CSQ: 99,99\r\n" + OK
    assert send(m, "AT+CFUN=1") == OK
    assert creg(m) == b"\r\n+CREG: 0,2\r\n" + OK
    m.clock.advance(REGISTRATION_MS)
    assert creg(m) == b"\r\n+CREG: 0,1\r\n" + OK


def test_sim_removal_deregisters():
    m = registered()
    m.remove_sim()
    assert creg(m) == b"\r\n+CREG: 0,0\r\n" + OK


def test_power_cycle_starts_over():
    m = registered()
    m.reboot()
    quiet(m)
    assert creg(m) == b"\r\n+CREG: 0,2\r\n" + OK
    assert send(m, "AT+CGATT?") == b"\r\n+CGATT: 0\r\n" + OK


# -- URCs per interface ------------------------------------------------------------------


def test_creg_urc_reaches_only_interfaces_that_asked(module):
    for name in ("ASC0", "MDM", "MDM2"):
        quiet(module, name)
    send(module, "AT+CREG=1", "MDM")
    send(module, "AT+CREG=2", "MDM2")
    module.clock.advance(REGISTRATION_MS)
    assert module.engine("MDM").read_output() == b"\r\n+CREG: 1\r\n"
    assert module.engine("MDM2").read_output() == b'\r\n+CREG: 1,"D5A1","4E21"\r\n'
    assert module.engine("ASC0").read_output() == b""


def test_creg_read_with_n_2_shows_the_cell():
    m = registered()
    send(m, "AT+CREG=2")
    assert creg(m) == b'\r\n+CREG: 2,1,"D5A1","4E21"\r\n' + OK


def test_cgreg_follows_auto_attach(module):
    quiet(module)
    send(module, "AT+CGREG=1")
    module.clock.advance(REGISTRATION_MS)
    assert module.engine("ASC0").read_output() == b"\r\n+CGREG: 2\r\n"
    module.clock.advance(ATTACH_MS)
    assert module.engine("ASC0").read_output() == b"\r\n+CGREG: 1\r\n"
    assert send(module, "AT+CGATT?;+CGREG?") == b"\r\n+CGATT: 1\r\n\r\n+CGREG: 1,1\r\n" + OK


def test_without_auto_attach_cgatt_attaches_on_request():
    m = Module(sim=SimCard(pin=None))
    m.settings.set("#AUTOATT", 0)
    m.power_on()
    quiet(m)
    m.clock.advance(10_000)
    assert send(m, "AT+CGATT?") == b"\r\n+CGATT: 0\r\n" + OK
    assert send(m, "AT+CGATT=1", advance_ms=ATTACH_MS - 1) == b""
    m.clock.advance(1)
    assert m.engine("ASC0").read_output() == OK
    assert send(m, "AT+CGATT?") == b"\r\n+CGATT: 1\r\n" + OK
    assert send(m, "AT+CGATT=0;+CGATT?") == b"\r\n+CGATT: 0\r\n" + OK


def test_cgatt_needs_registration():
    world = World()
    world.coverage = False
    m = registered(world)
    assert send(m, "AT+CGATT=1") == b"\r\n+CME ERROR: 30\r\n"


# -- signal and operator -------------------------------------------------------------------


def test_csq_reports_the_world_signal():
    world = World()
    world.rssi, world.ber = 17, 3
    m = registered(world)
    assert send(m, "AT+CSQ") == b"\r\n+CSQ: 17,3\r\n" + OK


@pytest.mark.parametrize("line, answer", [
    ("AT+COPS?", b'\r\n+COPS: 0,0,"I TIM"\r\n' + OK),
    ("AT+COPS=3,2;+COPS?", b'\r\n+COPS: 0,2,"22201"\r\n' + OK),
    ("AT+COPS=?", b'\r\n+COPS: (2,"I TIM","I TIM","22201"),,(0-4),(0-2)\r\n' + OK),
    ('AT+COPS=1,0,"I TIM"', OK),
    ('AT+COPS=1,2,"99999"', b"\r\n+CME ERROR: 30\r\n"),
    ("AT+COPS=1", b"\r\n+CME ERROR: 4\r\n"),
    ("AT+COPS=5", b"\r\n+CME ERROR: 4\r\n"),
])
def test_cops(line, answer):
    assert send(registered(), line) == answer


def test_cops_2_deregisters_and_0_registers_again():
    m = registered()
    assert send(m, "AT+COPS=2") == OK
    assert send(m, "AT+COPS?;+CREG?") == b"\r\n+COPS: 2\r\n\r\n+CREG: 0,0\r\n" + OK
    assert send(m, "AT+COPS=0") == OK
    m.clock.advance(REGISTRATION_MS)
    assert send(m, "AT+COPS?") == b'\r\n+COPS: 0,0,"I TIM"\r\n' + OK


@pytest.mark.parametrize("line", ["AT+CREG=3", "AT+CGREG=x", "AT+CSQ=1"])
def test_bad_parameters(line):
    m = registered()
    assert send(m, line) in (b"\r\n+CME ERROR: 4\r\n", ERROR)
    send(m, "AT+CMEE=0")
    assert send(m, line) == ERROR


def test_fota_inhibited_commands_exist():
    registry = Module().registry
    for name in ("#GPRS", "#SGACT", "+CGATT", "+CGACT", "D", "+COPS", "+CFUN", "+CGCLASS"):
        assert registry.get(name) is not None, name


# -- data calls ----------------------------------------------------------------------------


def test_unanswered_data_call_gives_no_carrier():
    m = registered()
    assert send(m, "ATD0612345678", advance_ms=CALL_SETUP_MS - 1) == b""
    m.clock.advance(1)
    assert m.engine("ASC0").read_output() == b"\r\nNO CARRIER\r\n"


@pytest.mark.parametrize("line", ["ATD*99#", "ATD0612345678;"])
def test_gprs_and_voice_dialling_are_not_emulated(line):
    assert send(registered(), line) == b"\r\nNO CARRIER\r\n"


def test_dialling_needs_the_pin():
    m = Module()
    m.power_on()
    quiet(m)
    send(m, "AT+CMEE=1")
    assert send(m, "ATD0612345678") == b"\r\n+CME ERROR: 11\r\n"


def test_dialling_unregistered_gives_no_carrier():
    world = World()
    world.coverage = False
    world.on_call("0612345678", EchoPeer)
    m = registered(world)
    assert send(m, "ATD0612345678", advance_ms=CALL_SETUP_MS) == b"\r\nNO CARRIER\r\n"


def test_answered_call_echoes_escapes_and_hangs_up():
    world = World()
    world.on_call("0612345678", EchoPeer)
    m = registered(world)
    assert send(m, "ATD0612345678", advance_ms=CALL_SETUP_MS) == b"\r\nCONNECT\r\n"
    assert send(m, b"ping", advance_ms=200) == b"ping"
    m.clock.advance(1000)
    assert send(m, b"+++", advance_ms=1000) == OK
    assert send(m, "ATH") == OK
    assert m.radio.call is None


def test_callee_hanging_up_gives_no_carrier():
    world = World()
    world.on_call("0612345678", callback_peer(lambda link, data: link.close()))
    m = registered(world)
    send(m, "ATD0612345678", advance_ms=CALL_SETUP_MS)
    assert send(m, b"bye", advance_ms=200) == b"\r\nNO CARRIER\r\n"
    assert send(m, "AT") == OK


# -- determinism ---------------------------------------------------------------------------


def _scenario():
    world = World()
    world.on_call("0612345678", EchoPeer)
    m = registered(world)
    for interface in ("MDM", "MDM2"):
        send(m, "AT+CREG=2;+CGREG=1", interface)
    send(m, "ATD0612345678", advance_ms=CALL_SETUP_MS)
    send(m, b"data", advance_ms=1500)
    send(m, b"+++", advance_ms=1500)
    send(m, "AT+CFUN=4;+CFUN=1", advance_ms=REGISTRATION_MS + ATTACH_MS)
    m.reboot()
    m.clock.advance(10_000)
    return m.trace.to_jsonl()


def test_same_inputs_give_the_same_trace():
    assert _scenario() == _scenario()
