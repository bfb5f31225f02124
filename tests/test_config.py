"""onboard/config.py: fota.cfg and pin.cfg, defaults, conversions and errors."""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ONBOARD = os.path.join(ROOT, "onboard")
if ONBOARD not in sys.path:
    sys.path.insert(0, ONBOARD)

import config  # noqa: E402  (onboard/config.py on the host)

ConfigError = config.ConfigError
PIN = "97531"

DEFAULTS = {
    "protocol": "sms",
    "server_number": "",
    "server_ip": "",
    "server_port": 0,
    "apn": "internet",
    "bearer": "gprs",
    "answer": "accept",
    "answer_hold": 40,
    "keep": ["+CMEE", "+CNMI", "+CMGF", "#USERID", "+CGCLASS", "#AUTOATT"],
    "ipr": 115200,
    "report": "ser",
    "log": "fota.log",
    "log_size": 4096,
    "watchdog": 120,
    "update_every": 0,
}
SMS = "server_number = +391234567\n"
TCP = "protocol = tcp\nserver_ip = 10.1.2.3\nserver_port = 8080\n"


class Opener:
    """Files by name; ``opener`` raises IOError for a missing one."""

    def __init__(self, **files):
        self.files = files

    def __call__(self, name, mode="r"):
        assert mode == "r"
        if name not in self.files:
            raise OSError(2, "No such file: " + name)
        import io
        return io.StringIO(self.files[name])


def load(text, name="fota.cfg"):
    return config.load(name, Opener(**{name: text}))


def error(text, name="fota.cfg"):
    with pytest.raises(ConfigError) as info:
        load(text, name)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(name)
    return message


# -- defaults and the file format ---------------------------------------------------------


def test_defaults():
    assert load(SMS) == dict(DEFAULTS, server_number="+391234567")


def test_every_key_has_a_default_and_nothing_else():
    assert sorted(config.KEYS) == sorted(DEFAULTS)


def test_the_sample_fota_cfg_loads_with_the_defaults_and_the_emulated_server():
    with open(os.path.join(ONBOARD, "fota.cfg")) as handle:
        text = handle.read()
    got = load(text)
    server = {"server_number": "+393480000001", "server_ip": "198.51.100.200",
              "server_port": 40000}                   # the emulated PFM server's
    assert got == dict(DEFAULTS, **server)
    for key in DEFAULTS:                               # each key is documented there
        assert "\n%s =" % key in text


def test_the_sample_files_load_from_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(ONBOARD)
    assert config.load()["protocol"] == "sms"
    assert config.load_pin() == "1234"
    monkeypatch.chdir(tmp_path)
    assert config.load_pin() is None
    with pytest.raises(ConfigError):
        config.load()


def test_comments_blank_lines_spaces_and_crlf():
    text = ("# a comment\r\n\r\n   \r\n  # indented comment = x\r\n"
            "  protocol\t=  smstcp  \r\nserver_ip=pfm.example.com\r\nserver_port =80\r\n"
            "apn =\r\n#keep = +BAD\r\n")
    got = load(text)
    assert got["protocol"] == "smstcp" and got["server_ip"] == "pfm.example.com"
    assert got["server_port"] == 80 and got["apn"] == "" and got["keep"] == DEFAULTS["keep"]


def test_a_later_line_overrides_an_earlier_one():
    assert load(SMS + "watchdog = 60\nwatchdog = 0\n")["watchdog"] == 0


def test_values_are_converted():
    got = load(TCP + "keep = +CMEE, #USERID ,E,&K\nlog_size = 65536\n")
    assert got["server_port"] == 8080 and got["log_size"] == 65536
    assert got["keep"] == ["+CMEE", "#USERID", "E", "&K"]


# -- every key, table-driven ------------------------------------------------------------------

VALID = [
    ("protocol", "sms", "sms"), ("protocol", "smstcp", "smstcp"), ("protocol", "tcp", "tcp"),
    ("server_number", "+391234567890", "+391234567890"), ("server_number", "3331234", "3331234"),
    ("server_number", "", ""),
    ("server_ip", "192.168.1.10", "192.168.1.10"), ("server_ip", "0.0.0.0", "0.0.0.0"),
    ("server_ip", "pfm-1.example.com", "pfm-1.example.com"), ("server_ip", "", ""),
    ("server_port", "0", 0), ("server_port", "1", 1), ("server_port", "65535", 65535),
    ("apn", "internet", "internet"), ("apn", "web.vodafone.de", "web.vodafone.de"),
    ("apn", "", ""), ("apn", "a" * 63, "a" * 63),
    ("bearer", "gprs", "gprs"), ("bearer", "csd", "csd"),
    ("answer", "accept", "accept"), ("answer", "decline", "decline"), ("answer", "hook", "hook"),
    ("answer_hold", "1", 1), ("answer_hold", "55", 55), ("answer_hold", "040", 40),
    ("keep", "", []), ("keep", "+CMEE", ["+CMEE"]), ("keep", "E,V,Q,X,&C,&D,&K", list("EVQX") +
                                                     ["&C", "&D", "&K"]),
    ("keep", "#SELINT, +CGDCONT ,#OTASETRI", ["#SELINT", "+CGDCONT", "#OTASETRI"]),
    ("ipr", "0", 0), ("ipr", "300", 300), ("ipr", "9600", 9600), ("ipr", "115200", 115200),
    ("report", "ser", "ser"), ("report", "none", "none"),
    ("log", "fota.log", "fota.log"), ("log", "", ""), ("log", "a" * 16, "a" * 16),
    ("log", "my_log-2.txt", "my_log-2.txt"),
    ("log_size", "256", 256), ("log_size", "65536", 65536),
    ("watchdog", "0", 0), ("watchdog", "30", 30), ("watchdog", "3600", 3600),
    ("update_every", "0", 0), ("update_every", "24", 24), ("update_every", "8760", 8760),
]

INVALID = [
    ("protocol", ""), ("protocol", "SMS"), ("protocol", "sms tcp"), ("protocol", "udp"),
    ("server_number", "+"), ("server_number", "+39 333"), ("server_number", "12+3"),
    ("server_number", "1" * 22), ("server_number", "abc"), ("server_number", '"+39"'),
    ("server_ip", "1.2.3"), ("server_ip", "1.2.3.256"), ("server_ip", "1.2.3.4.5"),
    ("server_ip", "1..3.4"), ("server_ip", "0001.2.3.4"), ("server_ip", "a b"),
    ("server_ip", '"x"'), ("server_ip", "h" * 65),
    ("server_port", "-1"), ("server_port", "65536"), ("server_port", "80a"), ("server_port", ""),
    ("server_port", "99999999999999999999"), ("server_port", "+80"),
    ("apn", 'in"ternet'), ("apn", "a b"), ("apn", "a" * 64),
    ("bearer", "umts"), ("bearer", ""),
    ("answer", "yes"), ("answer", "1"),
    ("answer_hold", "0"), ("answer_hold", "56"), ("answer_hold", "60"), ("answer_hold", "x"),
    ("keep", "CMEE"), ("keep", "+cmee"), ("keep", "+"), ("keep", "+CMEE,"), ("keep", ",E"),
    ("keep", "+CM EE"), ("keep", "&Z"), ("keep", "S0"), ("keep", "e"), ("keep", "+CMEE;E"),
    ("ipr", "1"), ("ipr", "115201"), ("ipr", "230400"), ("ipr", ""), ("ipr", "fast"),
    ("report", "sms"), ("report", ""),
    ("log", "a" * 17), ("log", "a/b"), ("log", "my log"),
    ("log_size", "255"), ("log_size", "65537"), ("log_size", "0"), ("log_size", "4k"),
    ("watchdog", "1"), ("watchdog", "29"), ("watchdog", "3601"), ("watchdog", "-5"),
    ("update_every", "8761"), ("update_every", "-1"), ("update_every", "1.5"),
]


@pytest.mark.parametrize("key, text, value", VALID)
def test_valid_values(key, text, value):
    base = SMS + "server_ip = 10.1.2.3\nserver_port = 8080\n"
    if key == "server_number":
        base = TCP
    assert load(base + "%s = %s\n" % (key, text))[key] == value


@pytest.mark.parametrize("key, text", INVALID)
def test_invalid_values_name_the_file_the_line_and_the_key(key, text):
    message = error("# first\n" + SMS + "%s = %s\n" % (key, text))
    assert message.startswith("fota.cfg line 3: bad value for %s" % key)
    assert repr(text) in message


def test_every_key_is_in_both_tables():
    assert {k for k, _, _ in VALID} == set(DEFAULTS)
    assert {k for k, _ in INVALID} == set(DEFAULTS)


# -- errors ----------------------------------------------------------------------------------


def test_an_unknown_key():
    message = error(SMS + "\n\nserver_nmber = 1\n")
    assert message == "fota.cfg line 4: unknown key 'server_nmber'"


def test_keys_are_case_sensitive():
    assert "unknown key 'Protocol'" in error("Protocol = sms\n")


def test_a_line_without_an_equals_sign():
    assert error(SMS + "protocol sms\n") == "fota.cfg line 2: expected key = value"


def test_an_inline_comment_is_a_bad_value():
    message = error(SMS + "protocol = sms   # sms | smstcp | tcp\n")
    assert message.startswith("fota.cfg line 2: bad value for protocol")


def test_a_missing_file():
    with pytest.raises(ConfigError) as info:
        config.load("fota.cfg", Opener())
    assert str(info.value) == "fota.cfg: cannot read the file"
    with pytest.raises(ConfigError) as info:
        config.load("other.cfg", Opener())
    assert str(info.value).startswith("other.cfg")


def test_config_error_is_an_exception():
    assert issubclass(ConfigError, Exception)


@pytest.mark.parametrize("text, key, protocol", [
    ("", "server_number", "sms"),
    ("server_number =\n", "server_number", "sms"),
    ("protocol = tcp\nserver_port = 80\n", "server_ip", "tcp"),
    ("protocol = smstcp\nserver_port = 80\n", "server_ip", "smstcp"),
    ("protocol = tcp\nserver_ip = 1.2.3.4\n", "server_port", "tcp"),
    ("protocol = smstcp\nserver_ip = 1.2.3.4\nserver_port = 0\n", "server_port", "smstcp"),
])
def test_missing_required_keys(text, key, protocol):
    assert error(text) == "fota.cfg: %s is required with protocol %s" % (key, protocol)


def test_tcp_does_not_need_an_sms_number_and_sms_no_ip():
    assert load(TCP)["server_number"] == ""
    assert load(SMS)["server_ip"] == ""


# -- the PIN file -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, pin", [
    ("pin=1234", "1234"),
    ("pin=1234\n", "1234"),
    ("pin = 12345678\r\n", "12345678"),
    ("1234", "1234"),
    ("  0000  \n\n", "0000"),
    ("# the SIM PIN\npin=" + PIN + "\n", PIN),
])
def test_pin_file_forms(text, pin):
    assert config.load_pin("pin.cfg", Opener(**{"pin.cfg": text})) == pin


def test_no_pin_file_means_no_pin():
    assert config.load_pin("pin.cfg", Opener()) is None


@pytest.mark.parametrize("text", [
    "", "pin=", "pin=123", "pin=123456789", "pin=12a4", "pim=" + PIN, "pin=" + PIN + "x",
    "pin=" + PIN + "\npin=" + PIN, PIN + "\n" + PIN, "pin:" + PIN, "pin=-" + PIN,
    "pin=" + PIN + " 1", "PIN=" + PIN, "123",
])
def test_bad_pin_files_never_show_the_pin(text):
    with pytest.raises(ConfigError) as info:
        config.load_pin("pin.cfg", Opener(**{"pin.cfg": text}))
    error = info.value
    shown = [str(error), repr(error), repr(error.args)]
    for part in shown:
        assert PIN not in part and "123" not in part and "12a4" not in part
    assert str(error) == "pin.cfg: expected pin=<4 to 8 digits>"
    assert error.__context__ is None and error.__cause__ is None


def test_the_pin_is_not_in_the_configuration():
    got = load(SMS)
    assert "pin" not in got and PIN not in repr(got)


# -- on the emulated module -----------------------------------------------------------------


def test_on_the_module(telit):
    telit.module.files.write("fota.cfg", b"# cfg\r\nprotocol = tcp\r\nserver_ip = 10.0.0.1\r\n"
                                         b"server_port = 9000\r\nkeep = +CMEE,E\r\n")
    telit.module.files.write("pin.cfg", b"pin=4321\r\n")
    telit.load("compat")
    onboard = telit.load("config")
    got = onboard.load()
    assert got["protocol"] == "tcp" and got["server_port"] == 9000 and got["keep"] == ["+CMEE", "E"]
    assert onboard.load_pin() == "4321"
    telit.module.files.delete("pin.cfg")
    assert onboard.load_pin() is None
    telit.module.files.delete("fota.cfg")
    with pytest.raises(onboard.ConfigError) as info:
        onboard.load()
    assert str(info.value) == "fota.cfg: cannot read the file"
