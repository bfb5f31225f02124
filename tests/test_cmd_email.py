"""E-mail: #ESMTP #EADDR #EUSER #EPASSW #SEMAIL #EMAILD #ESAV #ERST against a simulated SMTP peer."""
from atutil import OK, info, send
from test_gprs import online_ready
from test_network import registered

from hostsim.commands.email import SMTP_TIMEOUT_MS
from hostsim.radio.network import ACTIVATION_MS
from hostsim.radio.peers import Peer, SmtpPeer

MAIL_MS = 5_000        # connect and the whole SMTP exchange, with room to spare
SETUP = ('AT#ESMTP="smtp.example.com";#EADDR="unit7@example.com"',
         'AT#EUSER="unit7";#EPASSW="s3cret"')      # two lines: 80 characters at most


def setup(m):
    for line in SETUP:
        assert send(m, line) == OK


def with_server(m, **kwargs):
    server = SmtpPeer(**kwargs)
    m.world.add_peer("smtp.example.com", 25, server)
    setup(m)
    return server


def test_parameters_read_test_and_ranges():
    m = registered()
    assert send(m, "AT#ESMTP?;#EADDR?;#EUSER?") == (
        b'\r\n#ESMTP: ""\r\n\r\n#EADDR: ""\r\n\r\n#EUSER: ""\r\n' + OK)
    assert send(m, "AT#ESMTP=?") == info("#ESMTP: 100")
    assert send(m, "AT#EUSER=?;#EPASSW=?") == b"\r\n#EUSER: 50\r\n\r\n#EPASSW: 50\r\n" + OK
    assert send(m, "AT#EPASSW?") == b"\r\nERROR\r\n"                 # no read form
    assert send(m, 'AT#EUSER="%s"' % ("u" * 51)) == b"\r\n+CME ERROR: 4\r\n"
    assert send(m, "AT#SEMAIL=?;#EMAILD=?;#ESAV=?;#ERST=?") == OK
    assert send(m, 'AT#SEMAIL="a@b"') == b"\r\n+CME ERROR: 4\r\n"       # subject missing


def test_emaild_sends_over_the_active_context_with_auth():
    m = online_ready()
    server = with_server(m)
    assert send(m, 'AT#EMAILD="ops@example.com","alarm"') == b""
    assert send(m, b"", advance_ms=10) == b"\r\n> "
    assert send(m, b"door open\r\n.hidden\x1a", advance_ms=MAIL_MS) == OK
    [mail] = server.messages
    assert (mail.sender, mail.recipients, mail.user) == ("unit7@example.com",
                                                       ("ops@example.com",), "unit7")
    assert mail.subject == "alarm"
    assert mail.body == "door open\r\n.hidden"
    assert mail.header("From") == "unit7@example.com"
    texts = [e.text for e in m.trace.select("network", "email")]
    assert texts == ["SMTP smtp.example.com: mail to ops@example.com sent (alarm)"]
    assert 1 in m.radio.contexts                                     # #EMAILD leaves it on


def test_emaild_needs_context_1_and_esc_sends_nothing():
    m = registered()
    server = with_server(m)
    assert send(m, 'AT#EMAILD="a@b.c","x"') == b"\r\n+CME ERROR: 556\r\n"
    m = online_ready()
    server = with_server(m)
    send(m, 'AT#EMAILD="a@b.c","x"', advance_ms=10)
    assert send(m, b"never\x1b", advance_ms=MAIL_MS) == OK
    assert server.messages == []


def test_semail_activates_context_1_and_releases_it():
    m = registered()
    server = with_server(m)
    send(m, 'AT+CGDCONT=1,"IP","internet"')
    send(m, 'AT#SEMAIL="ops@example.com","hello"', advance_ms=10)
    assert send(m, b"hi\x1a", advance_ms=ACTIVATION_MS - 1) == b""
    assert send(m, b"", advance_ms=MAIL_MS) == OK
    assert [mail.body for mail in server.messages] == ["hi"]
    assert not m.radio.contexts
    send(m, "AT#SGACT=1,1", advance_ms=ACTIVATION_MS)                 # context 1 taken:
    send(m, 'AT#SEMAIL="ops@example.com","hello"')
    assert m.engine("ASC0").last_result == "+CME ERROR: 555"        # activation failed


def test_smtp_failures():
    m = online_ready()
    server = with_server(m, accepting=False)
    send(m, 'AT#EMAILD="ops@example.com","x"', advance_ms=10)
    assert send(m, b"body\x1a", advance_ms=MAIL_MS) == b"\r\n+CME ERROR: 550\r\n"
    assert server.messages == []
    assert "554 Transaction failed" in m.trace.select("network", "email")[-1].text
    send(m, 'AT#ESMTP="nowhere.example.com"')
    send(m, 'AT#EMAILD="ops@example.com","x"', advance_ms=10)
    assert send(m, b"body\x1a", advance_ms=MAIL_MS) == b"\r\n+CME ERROR: 558\r\n"
    send(m, 'AT#ESMTP="smtp.example.com:2525"')                     # a host without SMTP there
    send(m, 'AT#EMAILD="ops@example.com","x"', advance_ms=10)
    assert send(m, b"body\x1a", advance_ms=MAIL_MS) == b"\r\n+CME ERROR: 562\r\n"


def test_a_silent_server_times_out():
    m = online_ready()
    m.world.add_peer("smtp.example.com", 25, Peer)                 # accepts, never answers
    setup(m)
    send(m, 'AT#EMAILD="ops@example.com","x"', advance_ms=10)
    assert send(m, b"body\x1a", advance_ms=SMTP_TIMEOUT_MS) == b""
    assert send(m, b"", advance_ms=MAIL_MS) == b"\r\n+CME ERROR: 561\r\n"


def test_esav_keeps_the_parameters_over_power_and_erst_clears_them():
    m = registered()
    setup(m)
    m.reboot()
    assert send(m, "ATE0;#ESMTP?").endswith(b'#ESMTP: ""\r\n' + OK)
    setup(m)
    send(m, "AT#ESAV")
    m.reboot()
    assert send(m, "ATE0;#ESMTP?;#EUSER?").endswith(
        b'#ESMTP: "smtp.example.com"\r\n\r\n#EUSER: "unit7"\r\n' + OK)
    assert m.settings.get("#EPASSW") == "s3cret"
    m.power_off()
    m.settings.wipe_for_update()                     # #ESAV is not in PFM note section 8.1
    m.power_on()
    assert m.settings.get("#ESMTP") == ""
    send(m, "ATE0")
    setup(m)
    send(m, "AT#ESAV;#ERST")
    m.reboot()
    assert m.settings.get("#EUSER") == "" and m.settings.get("#ESAV") == {}


def test_the_password_never_reaches_the_trace():
    m = online_ready()
    with_server(m)
    send(m, 'AT#EMAILD="ops@example.com","x"', advance_ms=10)
    send(m, b"body\x1a", advance_ms=MAIL_MS)
    assert not [e for e in m.trace.events if "s3cret" in e.to_json()]
