"""The section 8.1 settings of the PFM note: answers, NVM storage, kept over a real update."""
import pytest
from atutil import OK, info, quiet, send
from test_fota import _registered

from hostsim.core.settings import KEPT_OVER_UPDATE, NVM, SETTINGS

LINES = ["AT#ENS=1", "AT#COPSMODE=1", "AT#ENHSIM=1", "AT#SMSATRUNCFG=2,0,30",
         'AT#SMSATWL=0,1,0,"+393331234567"', 'AT#TCPATRUNCFG=2,1,1025,6000,"10.1.1.1"',
         'AT#TCPATRUNFRWL=1,"10.1.0.0","255.255.0.0"', 'AT#TCPATRUNAUTH=0,1,"user","pw"',
         'AT#GSMCONT=0,"GSM","+390612345"', "AT#SKTSAV", 'AT#DNS=1,"8.8.8.8","8.8.4.4"',
         "AT#SGACTCFG=1,2"]


@pytest.fixture
def m(module):
    quiet(module)
    send(module, "AT+CMEE=1")
    return module


def test_every_section_8_1_setting_the_module_declares_is_nvm():
    for name in KEPT_OVER_UPDATE & set(SETTINGS):
        assert SETTINGS[name].storage is NVM, name


def test_read_forms(m):
    assert send(m, "AT#ENS=1;#ENS?") == info("#ENS: 1")
    assert send(m, "AT#SMSATRUNCFG=2;#SMSATRUNCFG?") == info("#SMSATRUNCFG: 2,1,5")
    assert send(m, 'AT#TCPATRUNCFG=2,1,1025,6000,"host.example";#TCPATRUNCFG?') == \
        info('#TCPATRUNCFG: 2,1,1025,6000,"host.example",1,5,0,0,5')
    assert send(m, 'AT#GSMCONT=0,"GSM","+390612345";#GSMCONT?') == \
        info('#GSMCONT: 0,"GSM","+390612345"')
    assert send(m, "AT#GSMCONT=0;#GSMCONT?") == OK
    assert send(m, "AT#GSMCONT=?") == info('#GSMCONT: 0,"GSM",')


def test_white_list_and_credentials_add_print_delete(m):
    assert send(m, 'AT#SMSATWL=0,2,0,"+3933";#SMSATWL=2,2') == info('#SMSATWL: 2,0,"+3933"')
    assert send(m, 'AT#TCPATRUNAUTH=0,1,"u","p";#TCPATRUNAUTH?') == \
        info('#TCPATRUNAUTH: 1,"u","p"')
    assert send(m, "AT#SMSATWL=1,2;#SMSATWL?") == OK
    assert send(m, "AT#SMSATWL=1,2") == b"\r\n+CME ERROR: 22\r\n"
    assert send(m, "AT#SMSATWL=0,9,0,\"1\"") == b"\r\n+CME ERROR: 4\r\n"
    assert send(m, "AT#SMSATWL=0,1") == b"\r\n+CME ERROR: 4\r\n"


@pytest.mark.parametrize("line", ["AT#ENS=2", "AT#SMSATRUNCFG=4", "AT#TCPATRUNCFG=7,1,1,1,\"h\"",
                                  'AT#GSMCONT=1,"GSM","1"', 'AT#GSMCONT=0,"GSM"',
                                  'AT#TCPATRUNFRWL=1,"1.2.3"'])
def test_bad_values_change_nothing(m, line):
    before = m.settings.to_json()
    assert send(m, line) == b"\r\n+CME ERROR: 4\r\n"
    assert m.settings.to_json() == before


def test_they_survive_power_cycles_and_a_firmware_update():
    module, server = _registered()
    for line in LINES:
        assert send(module, line) == OK, line
    before = {name: module.settings.get(name) for name in KEPT_OVER_UPDATE
              if name in SETTINGS}
    server.request_update(module.imei, manual=False)
    module.clock.advance(800_000)
    assert module.firmware == "10.00.145"
    after = {name: module.settings.get(name) for name in before}
    assert after == before
    assert module.settings.get("#TCPATRUNFRWL") == [["10.1.0.0", "255.255.0.0"]]
    assert [e for e in module.trace.select(kind="setting") if e.data.get("name") == "#ENS"]
