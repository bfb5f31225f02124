"""What MDM and MDM2 answer at power-on: the stored profile, as ASC0 (echo, verbose, +CMEE=0)."""
from atutil import send

from hostsim.device.module import Module
from hostsim.parts.sim import SimCard


def test_mdm_and_mdm2_echo_verbose_and_plain_errors_at_power_on():
    m = Module(sim=SimCard(pin=None))
    m.power_on()
    for interface in ("ASC0", "MDM", "MDM2"):
        assert send(m, "AT", interface) == b"AT\r\r\nOK\r\n"
        assert send(m, "AT+CPBR=0", interface) == b"AT+CPBR=0\r\r\nERROR\r\n"


def test_a_profile_stored_with_echo_off_applies_to_mdm_after_power_on():
    m = Module(sim=SimCard(pin=None))
    m.power_on()
    send(m, "ATE0&W", "MDM")
    m.reboot()
    assert send(m, "AT", "MDM") == b"\r\nOK\r\n"
    assert send(m, "AT", "MDM2") == b"\r\nOK\r\n"
