"""FTP client: #FTPTO #FTPOPEN #FTPCLOSE #FTPTYPE #FTPCWD #FTPPUT #FTPGET against a simulated FTP peer."""
import pytest
from atutil import OK, info, send
from test_gprs import escape, online_ready
from test_network import registered

from hostsim.radio.network import ACTIVATION_MS
from hostsim.radio.peers import IP_LATENCY_MS, FtpPeer, Peer, ftp_path

EXCHANGE_MS = 2_000        # connect and a few round trips, with room to spare
ROUND_TRIP_MS = 2 * IP_LATENCY_MS      # one command to the server and its reply
OPEN = 'AT#FTPOPEN="ftp.example.com","unit7","pw",1'
CONNECT = b"\r\nCONNECT\r\n"
NO_CARRIER = b"\r\nNO CARRIER\r\n"


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


def test_a_session_ends_with_its_context_even_when_a_new_one_is_up():
    m, _ = opened()
    send(m, "AT#SGACT=1,0;#SGACT=1,1", advance_ms=ACTIVATION_MS)
    assert send(m, "AT#FTPTYPE?") == b"\r\n+CME ERROR: 609\r\n"
    assert send(m, OPEN, advance_ms=EXCHANGE_MS) == OK
    send(m, "AT#SGACT=1,0;#SGACT=1,1", advance_ms=ACTIVATION_MS)
    assert send(m, OPEN, advance_ms=EXCHANGE_MS) == OK          # not 608: that session is gone


def _on_mdm2(command):
    return lambda m: send(m, command, "MDM2")


def _coverage_lost(m):
    m.world.coverage = False
    m.world.changed()


CONTEXT_LOSSES = {"#SGACT=1,0 on MDM2": _on_mdm2("AT#SGACT=1,0"),
                  "#GPRS=0 on MDM2": _on_mdm2("AT#GPRS=0"),
                  "detach on MDM2": _on_mdm2("AT+CGATT=0"),
                  "coverage lost": _coverage_lost}


def _session_gone_after_no_carrier(m):
    assert m.engine("ASC0").read_output() == NO_CARRIER
    assert m.line_state("ASC0", "DCD") == 0
    assert send(m, "AT") == OK
    assert send(m, 'AT#FTPCWD="up"') == b"\r\n+CME ERROR: 609\r\n"
    assert send(m, 'AT#FTPCWD="up"') == b"\r\n+CME ERROR: 607\r\n"


@pytest.mark.parametrize("lose_context", CONTEXT_LOSSES.values(), ids=list(CONTEXT_LOSSES))
def test_losing_context_1_ends_an_upload_with_no_carrier(lose_context):
    m, server = opened()
    assert send(m, 'AT#FTPPUT="up/log.csv"', advance_ms=EXCHANGE_MS) == CONNECT
    send(m, b"1,20.5\r\n", advance_ms=EXCHANGE_MS)
    lose_context(m)
    m.clock.advance(EXCHANGE_MS)
    assert server.files["/up/log.csv"] == b"1,20.5\r\n"
    _session_gone_after_no_carrier(m)


@pytest.mark.parametrize("lose_context", CONTEXT_LOSSES.values(), ids=list(CONTEXT_LOSSES))
def test_losing_context_1_ends_a_download_with_no_carrier(lose_context):
    m, _ = opened()
    # CONNECT once the server answered RETR; the file is then on its way
    assert send(m, 'AT#FTPGET="/pub/conf.txt"', advance_ms=ROUND_TRIP_MS) == CONNECT
    lose_context(m)
    m.clock.advance(EXCHANGE_MS)
    _session_gone_after_no_carrier(m)                  # and none of the file


def test_a_transfer_whose_context_went_down_before_the_server_answered_is_609():
    m, _ = opened()
    send(m, 'AT#FTPPUT="log.csv"')
    send(m, "AT#SGACT=1,0", "MDM2")
    assert send(m, b"", advance_ms=EXCHANGE_MS) == b"\r\n+CME ERROR: 609\r\n"
    assert m.radio.ip.sockets == {}


def test_close_after_a_transfer_waits_for_the_226_not_for_ftpto():
    m, server = opened()
    assert send(m, 'AT#FTPPUT="log.csv"', advance_ms=EXCHANGE_MS) == CONNECT
    send(m, b"1,20.5\r\n")
    assert escape(m) == OK
    # the 226 a round trip after the data connection closed, then QUIT's: 200 ms, not #FTPTO
    assert send(m, "AT#FTPCLOSE", advance_ms=2 * ROUND_TRIP_MS) == OK
    assert server.files["/log.csv"] == b"1,20.5\r\n"
    assert send(m, OPEN, advance_ms=EXCHANGE_MS) == OK
    assert send(m, 'AT#FTPGET="/pub/conf.txt"', advance_ms=ROUND_TRIP_MS + IP_LATENCY_MS) == (
        CONNECT + b"rate=60\r\n" + NO_CARRIER)
    assert send(m, "AT#FTPCLOSE", advance_ms=ROUND_TRIP_MS) == OK      # the 226 came already


def test_a_second_upload_follows_the_first():
    m, server = opened()
    assert send(m, 'AT#FTPPUT="a.csv"', advance_ms=EXCHANGE_MS) == CONNECT
    send(m, b"first")
    assert escape(m) == OK
    assert send(m, 'AT#FTPPUT="b.csv"', advance_ms=2 * ROUND_TRIP_MS) == CONNECT
    send(m, b"second")
    assert escape(m) == OK
    assert send(m, "AT#FTPCLOSE", advance_ms=2 * ROUND_TRIP_MS) == OK
    assert (server.files["/a.csv"], server.files["/b.csv"]) == (b"first", b"second")


def test_the_password_never_reaches_the_trace():
    m, _ = opened()
    assert not [e for e in m.trace.events if '"pw"' in e.to_json()]


def test_ftp_paths():
    assert ftp_path("/", "a.txt") == "/a.txt"
    assert ftp_path("/up", "../pub/./b") == "/pub/b"
    assert ftp_path("/up", "/abs") == "/abs"
