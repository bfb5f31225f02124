"""The phonebook on the SIM: +CPBS +CPBR +CPBW +CPBF."""
from atutil import OK, info, send
from test_network import registered

from hostsim.device import persist
from hostsim.device.module import Module
from hostsim.parts.sim import PHONEBOOK_CAPACITY, SimCard


def test_read_and_test_forms():
    m = registered()
    assert send(m, "AT+CPBS?") == info('+CPBS: "SM",0,100')
    assert send(m, "AT+CPBS=?") == info('+CPBS: ("SM")')
    assert send(m, 'AT+CPBS="sm"') == OK
    assert send(m, 'AT+CPBS="ME"') == b"\r\n+CME ERROR: 4\r\n"
    assert send(m, "AT+CPBR=?") == info("+CPBR: (1-100),20,16")
    assert send(m, "AT+CPBW=?") == info("+CPBW: (1-100),20,(129,145),16")
    assert send(m, "AT+CPBF=?") == info("+CPBF: 20,16")


def test_write_read_find_delete():
    m = registered()
    assert send(m, 'AT+CPBW=,"+393331234567",,"Anna Rossi"') == OK
    assert send(m, 'AT+CPBW=7,"0212345",129,"Annex"') == OK
    assert send(m, 'AT+CPBW=,"112",,"Emergency"') == OK               # first free: 2
    assert send(m, "AT+CPBR=1,10") == (
        b'\r\n+CPBR: 1,"+393331234567",145,"Anna Rossi"\r\n+CPBR: 2,"112",129,"Emergency"\r\n'
        b'+CPBR: 7,"0212345",129,"Annex"\r\n' + OK)
    assert send(m, 'AT+CPBF="ann"') == (b'\r\n+CPBF: 1,"+393331234567",145,"Anna Rossi"\r\n'
                                        b'+CPBF: 7,"0212345",129,"Annex"\r\n' + OK)
    assert send(m, 'AT+CPBF="Bob"') == b"\r\n+CME ERROR: 22\r\n"
    assert send(m, "AT+CPBR=3,6") == OK                                 # empty but valid
    assert send(m, "AT+CPBW=7;+CPBR=7") == OK                           # deleted
    assert send(m, 'AT+CPBW=2,"113",,"Police";+CPBR=2') == info('+CPBR: 2,"113",129,"Police"')


def test_bad_entries_change_nothing():
    m = registered()
    for line, code in (('AT+CPBW=101,"1"', 4), ("AT+CPBR=0", 4), ("AT+CPBR=5,4", 4),
                       ('AT+CPBW=1,"12a"', 4), ('AT+CPBW=1,"1",130', 4), ("AT+CPBW=", 4),
                       ('AT+CPBW=1,"%s"' % ("1" * 21), 26),
                       ('AT+CPBW=1,"1",,"%s"' % ("x" * 17), 24)):
        assert send(m, line) == b"\r\n+CME ERROR: %d\r\n" % code, line
    assert m.sim.phonebook == []


def test_full_phonebook_and_sim_errors():
    m = registered()
    for index in range(1, PHONEBOOK_CAPACITY + 1):
        m.sim.write_entry(index, "1", 129, "")
    assert send(m, 'AT+CPBW=,"2"') == b"\r\n+CME ERROR: 20\r\n"
    locked = Module(sim=SimCard(pin="1234"))
    locked.power_on()
    send(locked, "ATE0;+CMEE=1")
    assert send(locked, "AT+CPBR=1") == b"\r\n+CME ERROR: 11\r\n"


def test_entries_persist_with_the_sim_in_the_state_directory(tmp_path):
    m = registered()
    send(m, 'AT+CPBW=3,"+39021234",,"Office"')
    persist.save(m, str(tmp_path))
    again = persist.load(str(tmp_path))
    again.power_on()
    assert [(e.index, e.number, e.type, e.text) for e in again.sim.phonebook] == [
        (3, "+39021234", 145, "Office")]
    again.reboot()
    assert again.sim.entry(3).text == "Office"
    card = again.remove_sim()                     # the entries go with the card
    other = Module(sim=None)
    other.insert_sim(card)
    assert other.sim.entry(3).number == "+39021234"


def test_a_corrupt_phonebook_is_refused(tmp_path):
    import json

    import pytest

    from hostsim.core.errors import HostsimError
    m = registered()
    persist.save(m, str(tmp_path))
    state = json.loads((tmp_path / "module.json").read_text())
    state["sim"]["phonebook"] = [{"index": 1, "number": "1", "type": 130, "text": ""}]
    (tmp_path / "module.json").write_text(json.dumps(state))
    with pytest.raises(HostsimError, match="phonebook"):
        persist.load(str(tmp_path))
