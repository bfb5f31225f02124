"""FTP client: #FTPTO #FTPOPEN #FTPCLOSE #FTPTYPE #FTPCWD #FTPPUT #FTPGET against a simulated FTP peer."""
from atutil import OK, info, send
from test_gprs import escape, online_ready
from test_network import registered

from hostsim.radio.peers import FtpPeer, Peer, ftp_path

EXCHANGE_MS = 2_000        # connect and a few round trips, with room to spare
OPEN = 'AT#FTPOPEN="ftp.example.com","unit7","pw",1'


def with_server(m, **kwargs):
    server = FtpPeer(user="unit7", password="pw", **kwargs)
    m.world.add_peer("ftp.example.com", 21, server)
    return server


def opened():
    m = online_ready()
    server = with_server(m, files={"/pub/conf.txt": b"rate=60\r\n"},
                         directories={"/", "/pub", "/up"})
    assert send(m, OPEN, advance_ms=EXCHANGE_MS) == OK
    return m, server


def test_read_test_forms_and_ranges():
    m = registered()
    assert send(m, "AT#FTPTO?") == info("#FTPTO: 100")
    assert send(m, "AT#FTPTO=?") == info("#FTPTO: (100-5000)")
    assert send(m, "AT#FTPTO=99") == b"\r\n+CME ERROR: 4\r\n"
    assert send(m, "AT#FTPTYPE=?") == info("#FTPTYPE: (0-1)")
    assert send(m, "AT#FTPOPEN=?;#FTPCLOSE=?;#FTPPUT=?;#FTPGET=?;#FTPCWD=?") == OK
    assert send(m, "AT#FTPTYPE=2") == b"\r\n+CME ERROR: 4\r\n"
    assert send(m, "AT#FTPTYPE?") == b"\r\n+CME ERROR: 607\r\n"
    m.reboot()
    assert m.settings.get("#FTPTO") == 100


def test_upload_then_download_and_close():
    m, server = opened()
    assert send(m, OPEN, advance_ms=EXCHANGE_MS) == b"\r\n+CME ERROR: 608\r\n"
    assert send(m, "AT#FTPTYPE=1;#FTPTYPE?", advance_ms=EXCHANGE_MS) == info("#FTPTYPE: 1")
    assert send(m, 'AT#FTPCWD="up"', advance_ms=EXCHANGE_MS) == OK
    assert send(m, 'AT#FTPPUT="log.csv"', advance_ms=EXCHANGE_MS) == b"\r\nCONNECT\r\n"
    assert m.line_state("ASC0", "DCD") == 1
    send(m, b"1,20.5\r\n2,21.0\r\n")
    assert escape(m) == OK
    m.clock.advance(EXCHANGE_MS)
    assert server.files["/up/log.csv"] == b"1,20.5\r\n2,21.0\r\n"
    assert send(m, 'AT#FTPGET="../pub/conf.txt"', advance_ms=EXCHANGE_MS) == (
        b"\r\nCONNECT\r\nrate=60\r\n\r\nNO CARRIER\r\n")
    assert send(m, "AT#FTPCLOSE", advance_ms=EXCHANGE_MS) == OK
    assert send(m, "AT#FTPCLOSE") == b"\r\n+CME ERROR: 607\r\n"
    texts = [e.text for e in m.trace.select("network", "ftp")]
    assert texts == ["FTP ftp.example.com: logged in as unit7",
                     "FTP ftp.example.com: upload of log.csv",
                     "FTP ftp.example.com: download of ../pub/conf.txt",
                     "FTP ftp.example.com: closed"]


def test_server_refusals_are_606():
    m, server = opened()
    assert send(m, 'AT#FTPCWD="nope"', advance_ms=EXCHANGE_MS) == b"\r\n+CME ERROR: 606\r\n"
    assert send(m, 'AT#FTPGET="missing.bin"', advance_ms=EXCHANGE_MS) == \
        b"\r\n+CME ERROR: 606\r\n"
    assert send(m, "AT#FTPCLOSE", advance_ms=EXCHANGE_MS) == OK        # the session survives


def test_open_errors():
    m = registered()
    with_server(m)
    assert send(m, OPEN) == b"\r\n+CME ERROR: 609\r\n"                  # no context 1
    m = online_ready()
    with_server(m)
    assert send(m, 'AT#FTPOPEN="unknown.example.com","a","b"') == b"\r\n+CME ERROR: 603\r\n"
    assert send(m, 'AT#FTPOPEN="ftp.example.com:2121","a","b"', advance_ms=EXCHANGE_MS) == \
        b"\r\n+CME ERROR: 605\r\n"
    assert send(m, 'AT#FTPOPEN="ftp.example.com","unit7","wrong"', advance_ms=EXCHANGE_MS) == \
        b"\r\n+CME ERROR: 606\r\n"
    assert "530 Login incorrect" in m.trace.select("network", "ftp")[-1].text
    m.world.add_peer("silent.example.com", 21, Peer)
    send(m, "AT#FTPTO=200")
    assert send(m, 'AT#FTPOPEN="silent.example.com","a","b"', advance_ms=20_000) == b""
    assert send(m, b"", advance_ms=EXCHANGE_MS) == b"\r\n+CME ERROR: 606\r\n"


def test_the_session_ends_with_the_context_and_at_power_on():
    m, _ = opened()
    send(m, "AT#SGACT=1,0", advance_ms=EXCHANGE_MS)
    assert send(m, "AT#FTPTYPE?") == b"\r\n+CME ERROR: 609\r\n"
    assert send(m, "AT#FTPTYPE?") == b"\r\n+CME ERROR: 607\r\n"
    m, _ = opened()
    m.reboot()
    assert send(m, "ATE0;+CMEE=1;#FTPTYPE?").endswith(b"\r\n+CME ERROR: 607\r\n")


def test_the_password_never_reaches_the_trace():
    m, _ = opened()
    assert not [e for e in m.trace.events if '"pw"' in e.to_json()]


def test_ftp_paths():
    assert ftp_path("/", "a.txt") == "/a.txt"
    assert ftp_path("/up", "../pub/./b") == "/pub/b"
    assert ftp_path("/up", "/abs") == "/abs"
