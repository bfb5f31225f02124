"""The built-in module shims against the fact sheet, through the telit fixture."""
import pytest

from hostsim.testing import Harness


@pytest.fixture
def shims(telit):
    telit.install_shims()
    import GPIO  # noqa: E401 - the shims, bound to telit.module
    import MDM
    import MDM2
    import MOD
    import SER
    import SER2
    yield telit, {"MDM": MDM, "MDM2": MDM2, "MOD": MOD, "SER": SER, "SER2": SER2, "GPIO": GPIO}


def now(telit):
    return telit.module.clock.now


def test_mdm_send_returns_1_and_receive_returns_the_first_chunk(shims):
    telit, m = shims
    mdm = m["MDM"]
    assert mdm.send("ATE0\r", 0) == 1
    assert mdm.receive(10) == "ATE0\r\r\nOK\r\n"
    assert mdm.send("AT+CGMR\r", 5) == 1
    assert mdm.receive(10) == "\r\n10.00.144\r\n\r\nOK\r\n"


def test_receive_timeout_is_tenths_and_gives_empty_string(shims):
    telit, m = shims
    start = now(telit)
    assert m["MDM"].receive(15) == ""
    assert now(telit) - start == 1501          # 1.5 s plus the call's 1 ms


def test_read_never_waits_and_readbyte_gives_minus_1_when_empty(shims):
    telit, m = shims
    start = now(telit)
    assert m["MDM"].read() == ""
    assert m["MDM"].readbyte() == -1
    assert now(telit) - start == 2
    m["MDM"].send("AT\r", 0)
    assert m["MDM"].readbyte() == ord("A")


def test_interfaces_are_separate(shims):
    telit, m = shims
    m["MDM2"].send("AT+CGMI\r", 0)
    assert m["MDM"].receive(1) == ""
    assert "Telit" in m["MDM2"].receive(1)


def test_sec_counter_is_whole_seconds_and_sleep_is_tenths(shims):
    telit, m = shims
    first = m["MOD"].secCounter()
    assert first == 820540800                  # 2026-01-01, counted from 2000-01-01
    start = now(telit)
    m["MOD"].sleep(25)
    assert now(telit) - start == 2501          # 2.5 s plus the call's 1 ms
    assert m["MOD"].secCounter() == first + 2


def test_a_sec_counter_polling_loop_makes_progress(shims):
    telit, m = shims
    deadline = m["MOD"].secCounter() + 3
    while m["MOD"].secCounter() < deadline:
        pass
    assert 3000 <= now(telit) <= 3010


def test_ser_speeds_are_strings(shims):
    telit, m = shims
    assert m["SER"].set_speed("115200", "8N1") == 1
    assert m["SER"].set_speed("9600") == 1
    assert m["SER"].set_speed("12345") == -1
    assert m["SER2"].set_speed("115200", "9X9") == -1
    assert telit.module.uarts["ASC0"].speed == "9600"


def test_ser_talks_to_the_external_application(shims):
    telit, m = shims
    assert m["SER"].send("hello\r\n") == 1
    assert telit.ser_read() == b"hello\r\n"
    telit.ser_type(b"cmd\r")
    assert m["SER"].receive(10) == "cmd\r"
    assert m["SER"].readbyte() == -1


def test_hardware_lines(shims):
    telit, m = shims
    assert m["MDM"].getDCD() == 0 and m["MDM"].getCTS() == 1 and m["MDM"].getDSR() == 1
    assert m["MDM"].getRI() == 0
    telit.module.uarts["ASC0"].set_dte_line("DTR", 1)
    assert m["SER"].getDTR() == 1 and m["SER"].getRTS() == 1
    m["SER"].setDCD(1)
    assert telit.module.uarts["ASC0"].lines["DCD"] == 1
    telit.module.line_overrides.update(DCD=1, DSR=0)     # what a firmware update does
    assert m["MDM"].getDCD() == 1 and m["MDM"].getDSR() == 0


@pytest.mark.parametrize("call, expected", [
    (lambda g: g.setIOdir(3, 0, 1), 1),
    (lambda g: g.setIOdir(3, 0, 7), -1),
    (lambda g: g.setIOdir(99, 0, 1), -1),
    (lambda g: g.setIOvalue(4, 1), -1),          # pin 4 is an input
    (lambda g: g.getIOvalue(99), -1),
    (lambda g: g.getIOdir(5), 0),
    (lambda g: g.getADC(1), 1234),
    (lambda g: g.getADC(9), -1),
    (lambda g: g.setSLED(3, 1, 14), 1),
    (lambda g: g.setSLED(9, 1, 14), -1),
])
def test_gpio_table(shims, call, expected):
    telit, m = shims
    telit.module.gpio.adc[1] = 1234
    assert call(m["GPIO"]) == expected


def test_gpio_history_and_world_inputs(shims):
    telit, m = shims
    gpio = m["GPIO"]
    start = now(telit)
    gpio.setIOdir(3, 0, 1)
    gpio.setIOvalue(3, 1)
    telit.advance(1)
    gpio.setIOvalue(3, 0)
    assert telit.module.gpio.values_of(3) == [(start + 1, 1), (start + 1002, 0)]
    telit.module.gpio.drive(5, 1)
    assert gpio.getIOvalue(5) == 1
    with pytest.raises(ValueError):
        telit.module.gpio.drive(3, 1)


def test_bad_arguments_raise_in_the_script_and_change_nothing(shims):
    telit, m = shims
    with pytest.raises(Exception, match="sendbyte"):
        m["MDM"].sendbyte(300, 0)
    with pytest.raises(Exception, match="argument 1 must be int"):
        m["MOD"].sleep("10")
    assert telit.module.engine("MDM").output == bytearray()


def test_watchdog_reboots_the_module_when_not_reset(shims):
    telit, m = shims
    m["MOD"].watchdogEnable(5)
    m["MOD"].sleep(40)
    m["MOD"].watchdogReset()
    m["MOD"].sleep(40)
    assert telit.module.boots == 1
    telit.advance(2)
    assert telit.module.boots == 2
    assert any("watchdog" in e.text for e in telit.events("power"))


def _watchdog_reboot_ms(telit):
    """Virtual ms of the first watchdog reboot, or None."""
    marks = [e.t for e in telit.events("script") if e.text == "watchdog expired: reboot"]
    return marks[0] if marks else None


def test_watchdog_resets_move_its_deadline_and_a_shorter_enable_takes_effect(shims):
    telit, m = shims
    mod = m["MOD"]
    mod.watchdogEnable(60)
    for _ in range(5):          # 5 resets, 20 s apart: 100 s without a reboot
        mod.sleep(200)
        mod.watchdogReset()
    assert telit.module.boots == 1
    enabled = telit.module.clock.now
    mod.watchdogEnable(10)      # sooner than the armed 60 s: it must not wait for them
    telit.advance(15)
    assert _watchdog_reboot_ms(telit) == enabled + 10_000 and telit.module.boots == 2


def test_a_disabled_watchdog_never_expires(shims):
    telit, m = shims
    m["MOD"].watchdogEnable(5)
    m["MOD"].watchdogDisable()
    telit.advance(20)
    assert telit.module.boots == 1 and _watchdog_reboot_ms(telit) is None


def test_power_saving_exit_causes(shims):
    telit, m = shims
    m["MOD"].powerSaving(2)
    assert m["MOD"].powerSavingExitCause() == 1
    telit.module.clock.call_later(500, telit.urc, "RING")
    m["MOD"].powerSaving(10)
    assert m["MOD"].powerSavingExitCause() == 0
    assert 500 <= now(telit) - 2000 < 600


def test_base64_has_crlf_line_breaks(shims):
    telit, m = shims
    encoded = m["MOD"].encBase64("x" * 100)
    assert "\r\n" in encoded
    assert m["MOD"].decBase64(encoded) == "x" * 100


def test_iic_and_spi_devices(shims):
    telit, _ = shims
    telit.module.i2c_devices[0x36] = lambda data, count: b"\x12\x34"[:count]
    telit.module.spi_devices[(1, 2, 3)] = lambda byte: byte ^ 0xFF
    telit.install_shims()
    import IIC  # noqa: E401
    import SPI
    bus = IIC.new(10, 8, 0x36)
    assert bus.init() == 1 and bus.readwrite("\x02", 2) == "\x12\x34"
    assert IIC.new(10, 8, 0x20).readwrite("\x00", 1) == -1
    spi = SPI.new(1, 2, 3)
    assert spi.init(0, 0) == 1 and spi.readwrite("\x0f", 1) == "\xf0"


def test_gps_only_on_gps_models():
    from hostsim.device.module import Module
    from hostsim.parts.gps import Track
    harness = Harness(Module(model="GM862-GPS"))
    harness.module.gps.track = Track.fixed(45.9876543, -9.1234567)
    harness.install_shims()
    import GPS
    assert GPS.getPosition() == (459876543, "N", 91234567, "W")
    assert ",A,4559.2593,N,00907.4074,W," in GPS.getLastRMC()
    harness.close()
    plain = Harness()
    with pytest.raises(ImportError):
        plain._env.import_module("GPS")
    plain.close()


def test_open_reaches_the_module_store_not_the_host(telit):
    env = telit._env
    handle = env.open("log.txt", "w")
    handle.write("one\n")
    handle.close()
    handle = env.open("/sys/log.txt", "a+")
    handle.write("two\n")
    handle.seek(0)
    assert handle.readlines() == ["one\n", "two\n"]
    handle.close()
    assert telit.file("log.txt") == b"one\ntwo\n"
    with pytest.raises(IOError):
        env.open("missing.txt")
