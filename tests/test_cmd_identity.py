"""Identity, clock and status commands: exact answers, storage, traces."""
import pytest
from atutil import OK, info, quiet, send
from test_network import registered

from hostsim.commands.identity import MINUTE_MS
from hostsim.core.settings import SETTINGS


@pytest.fixture
def m(module):
    quiet(module)
    send(module, "AT+CMEE=1")
    return module


def test_cclk_runs_on_the_virtual_clock_and_is_settable(m):
    m.clock.advance(5_000)
    assert send(m, "AT+CCLK?") == info('+CCLK: "00/01/01,00:00:05+00"')
    assert send(m, 'AT+CCLK="24/02/29,23:59:58-08"') == OK
    m.clock.advance(2_000)
    assert send(m, "AT+CCLK?") == info('+CCLK: "24/03/01,00:00:00-08"')
    assert send(m, "AT+CCLK=?") == OK


@pytest.mark.parametrize("text", ["24/02/30,00:00:00+00", "24/02/29,24:00:00+00",
                                  "24/02/29,23:59:58+49", "24/2/29,23:59:58+00", "now"])
def test_cclk_refuses_bad_times_and_keeps_the_clock(m, text):
    before = m.settings.get("+CCLK")
    assert send(m, 'AT+CCLK="%s"' % text) == b"\r\n+CME ERROR: 4\r\n"
    assert m.settings.get("+CCLK") == before


def test_the_clock_keeps_time_over_power_off_and_a_firmware_update(m):
    send(m, 'AT+CCLK="24/01/01,12:00:00+04"')
    m.power_off()
    m.clock.advance(60_000)
    m.settings.wipe_for_update()
    m.power_on()
    quiet(m)
    assert send(m, "AT+CCLK?") == info('+CCLK: "24/01/01,12:01:00+04"')
    assert SETTINGS["+CCLK"].kept_over_update


def test_identities(m):
    assert send(m, "AT#CGSN") == info("#CGSN: 356938035643809")
    assert send(m, "AT#CIMI") == info("#CIMI: 222013456789012")
    assert send(m, "AT+CCID") == info("+CCID: 8939010000123456789")
    assert send(m, "AT#CGSN=?") == OK


def test_identities_of_the_sim_need_it(m):
    m.remove_sim()
    assert send(m, "AT#CIMI") == b"\r\n+CME ERROR: 10\r\n"
    assert send(m, "AT+CCID") == b"\r\n+CME ERROR: 10\r\n"


def test_moni_and_servinfo_describe_the_serving_cell():
    m = registered()
    assert send(m, "AT#MONI") == info(
        "#MONI: I TIM BSIC:23 RxQual:0 LAC:D5A1 Id:4E21 ARFCN:59 PWR:-73 dBm TA: 0")
    assert send(m, "AT#MONI=7;#MONI") == (
        b"\r\n#MONI: Cell BSIC LAC CellId ARFCN Power C1 C2 TA RxQual PLMN\r\n"
        b"#MONI: S 23 D5A1 4E21 59 -73dbm 0 0 0 0 I TIM\r\n" + OK)
    assert send(m, "AT#MONI=?") == info("#MONI: (5,7)")
    assert send(m, "AT#MONI=8") == b"\r\n+CME ERROR: 4\r\n"
    assert send(m, "AT#SERVINFO") == info('#SERVINFO: 59,-73,"I TIM","22201",17,D5A1,0,1,,"II",01,6')


def test_moni_before_registration_gives_country_and_network_codes(m):
    assert send(m, "AT#MONI") == info(
        "#MONI: Cc:222 Nc:01 BSIC:23 RxQual:0 LAC:D5A1 Id:4E21 ARFCN:59 PWR:-73 dBm TA: 0")


def test_supply_and_temperature(m):
    assert send(m, "AT+CBC") == info("+CBC: 0,50")
    assert send(m, "AT#CBC") == info("#CBC: 0,380")
    assert send(m, "AT#TEMPMON=1") == info("#TEMPMEAS: 0,25")
    assert send(m, "AT#TEMPMON=0,1,0,10;#TEMPMON?") == info("#TEMPMON: 1,0,10,1")
    assert send(m, "AT#TEMPMON=?") == info("#TEMPMON: (0-1),(0-1),(0-7),(0-255),(1-13)")
    assert send(m, "AT#TEMPMON=0,2") == b"\r\n+CME ERROR: 4\r\n"


def test_enhrst_one_shot_reboots_after_the_delay_and_is_forgotten(m):
    assert send(m, "AT#ENHRST=1,2;#ENHRST?") == info("#ENHRST: 1,2,2")
    boots = m.boots
    m.clock.advance(2 * MINUTE_MS - 1)
    assert m.boots == boots
    m.clock.advance(1)
    assert m.boots == boots + 1
    assert [e.text for e in m.trace.select("power", "module")][-3:] == [
        "#ENHRST reset", "#ENHRST", "power on"]
    quiet(m)
    assert send(m, "AT#ENHRST?") == info("#ENHRST: 0,0")


def test_enhrst_periodic_survives_power_cycles_and_0_stops_it(m):
    send(m, "AT#ENHRST=2,10")
    m.reboot()
    quiet(m)
    boots = m.boots
    m.clock.advance(10 * MINUTE_MS)
    assert m.boots == boots + 1
    quiet(m)
    assert send(m, "AT#ENHRST=0;#ENHRST?") == info("#ENHRST: 0,0")
    m.clock.advance(30 * MINUTE_MS)
    assert m.boots == boots + 1


@pytest.mark.parametrize("line", ["AT#ENHRST=2,0", "AT#ENHRST=1", "AT#ENHRST=3,1",
                                  "AT#ENHRST=1,1441"])
def test_enhrst_refuses_bad_values(m, line):
    assert send(m, line) == b"\r\n+CME ERROR: 4\r\n"
    assert m.settings.get("#ENHRST") == [0, 0]


def test_sled_is_volatile_until_sledsav(m):
    send(m, "AT#SLED=2,5,5")
    m.reboot()
    quiet(m)
    assert send(m, "AT#SLED?") == info("#SLED: 0,10,10")
    send(m, "AT#SLED=3;#SLEDSAV")
    m.reboot()
    quiet(m)
    assert send(m, "AT#SLED?") == info("#SLED: 3,10,10")
    assert send(m, "AT#SLED=4") == b"\r\nERROR\r\n"          # +CMEE is 0 again


def test_cpumode_and_plmnmode_are_nvm(m):
    send(m, "AT#CPUMODE=2;#PLMNMODE=1")
    m.reboot()
    quiet(m)
    assert send(m, "AT#CPUMODE?;#PLMNMODE?") == (b"\r\n#CPUMODE: 2\r\n\r\n#PLMNMODE: 1\r\n" + OK)
    assert send(m, "AT#CPUMODE=?") == info("#CPUMODE: (0-3)")
    m.settings.wipe_for_update()
    assert m.settings.get("#CPUMODE") == 0                 # not in section 8.1


def test_profiles_w1_p1_and_y(m):
    send(m, "AT+CMEE=2;V0;&W1;&P1")             # profile 1: verbose errors, numeric codes
    send(m, "ATV1;+CMEE=0;&W0")
    m.reboot()
    assert send(m, "ATE0") == b"0\r"              # profile 1 loaded: V0
    assert send(m, "AT+CMEE?") == b"+CMEE: 2\r\n0\r"
    send(m, "ATZ0")
    assert send(m, "AT+CMEE?") == info("+CMEE: 0")
    send(m, "AT&Y1")                               # base section of 1, the rest factory
    m.reboot()
    assert send(m, "ATE0") == b"0\r"
    assert send(m, "AT+CMEE?") == b"+CMEE: 0\r\n0\r"
    assert send(m, "AT&P2") == b"4\r"


def test_quality_of_service_profiles(m):
    assert send(m, "AT+CGQREQ=1,1,2,3,4,5;+CGQREQ?") == info("+CGQREQ: 1,1,2,3,4,5")
    assert send(m, "AT+CGQMIN=2,0,0,0,0,31;+CGQMIN?") == info("+CGQMIN: 2,0,0,0,0,31")
    assert send(m, "AT+CGQREQ=?") == info('+CGQREQ: "IP",(0-3),(0-4),(0-5),(0-9),(0-18,31)')
    assert send(m, "AT+CGQREQ=1,4") == b"\r\n+CME ERROR: 4\r\n"
    m.reboot()
    quiet(m)
    assert send(m, "AT+CGQREQ=1;+CGQREQ?") == OK        # cid alone: undefined


def test_setting_changes_are_traced(m):
    send(m, "AT#CPUMODE=1")
    events = [e for e in m.trace.select(kind="setting") if e.data.get("name") == "#CPUMODE"]
    assert events[-1].data["value"] == 1 and events[-1].source == "ASC0"
