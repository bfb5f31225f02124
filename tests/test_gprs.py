"""PDP contexts, Easy GPRS, sockets in online and command mode, close_all."""
import pytest
from atutil import quiet, send
from test_network import registered

from hostsim.at.engine import ESCAPE_GUARD_MS, LINE_PROCESSING_MS
from hostsim.device.module import Module
from hostsim.radio.ipstack import SOCKET_CONNECT_MS
from hostsim.radio.network import ACTIVATION_MS, CALL_SETUP_MS
from hostsim.radio.peers import IP_LATENCY_MS, EchoPeer, Peer, callback_peer
from hostsim.radio.world import World

OK = b"\r\nOK\r\n"
ROUND_TRIP = 2 * IP_LATENCY_MS
TX_TIMEOUT_MS = 5_000          # #SCFG default txTo (50 tenths)
SERVER = "10.1.1.1"


class RecordingPeer(Peer):
    """Remembers what happened to it; the test drives ``link``."""
    instances = []

    def __init__(self):
        super().__init__()
        self.received = b""
        self.closed = False
        RecordingPeer.instances.append(self)

    def on_data(self, data):
        self.received += data

    def on_close(self):
        self.closed = True


@pytest.fixture(autouse=True)
def _forget_peers():
    RecordingPeer.instances = []


def online_ready(world=None):
    """Registered, attached, cid 1 on APN "internet" active, peers at SERVER:7 (echo) and :9."""
    world = world or World()
    world.add_peer(SERVER, 7, EchoPeer)
    world.add_peer(SERVER, 9, RecordingPeer)
    m = registered(world)
    send(m, 'AT+CGDCONT=1,"IP","internet"')
    assert send(m, "AT#SGACT=1,1", advance_ms=ACTIVATION_MS) == b"\r\n#SGACT: 10.64.0.1\r\n" + OK
    return m


def dial(m, port, mode=0, interface="ASC0"):
    return send(m, 'AT#SD=1,0,%d,"%s",0,0,%d' % (port, SERVER, mode), interface,
                advance_ms=SOCKET_CONNECT_MS)


def escape(m, interface="ASC0"):
    m.clock.advance(ESCAPE_GUARD_MS)
    return send(m, b"+++", interface, advance_ms=ESCAPE_GUARD_MS)


# -- contexts -----------------------------------------------------------------------------


def test_cgdcont_defines_lists_and_deletes():
    m = registered()
    assert send(m, 'AT+CGDCONT=1,"IP","internet";+CGDCONT=3,"ip","web.apn","",0,1') == OK
    assert send(m, "AT+CGDCONT?") == (b'\r\n+CGDCONT: 1,"IP","internet","",0,0\r\n'
                                      b'+CGDCONT: 3,"IP","web.apn","",0,1\r\n' + OK)
    assert send(m, "AT+CGDCONT=3;+CGDCONT?") == b'\r\n+CGDCONT: 1,"IP","internet","",0,0\r\n' + OK
    assert send(m, 'AT+CGDCONT=1,"X25","x"') == b"\r\n+CME ERROR: 4\r\n"
    assert send(m, 'AT+CGDCONT=6,"IP","x"') == b"\r\n+CME ERROR: 4\r\n"


def test_easy_gprs_activates_after_the_delay():
    m = registered()
    send(m, 'AT+CGDCONT=1,"IP","internet"')
    assert send(m, "AT#GPRS=1", advance_ms=ACTIVATION_MS - 1) == b""
    m.clock.advance(1)
    assert m.engine("ASC0").read_output() == b"\r\n+IP: 10.64.0.1\r\n" + OK
    assert send(m, "AT#GPRS?;#SGACT?") == b"\r\n#GPRS: 1\r\n\r\n#SGACT: 1,1\r\n" + OK
    assert send(m, "AT#SGACT=1,1") == b"\r\n+CME ERROR: 553\r\n"
    assert send(m, "AT#GPRS=0;#GPRS?") == b"\r\n#GPRS: 0\r\n" + OK


def test_addresses_are_allocated_in_order():
    m = registered()
    send(m, 'AT+CGDCONT=1,"IP","internet"')
    addresses = []
    for _ in range(2):
        addresses.append(send(m, "AT#GPRS=1", advance_ms=ACTIVATION_MS))
        send(m, "AT#GPRS=0")
    assert addresses == [b"\r\n+IP: 10.64.0.1\r\n" + OK, b"\r\n+IP: 10.64.0.2\r\n" + OK]


@pytest.mark.parametrize("setup, line, wait, answer", [
    ('AT+CGDCONT=1,"IP","unknown.apn"', "AT#GPRS=1", ACTIVATION_MS, b"\r\n+CME ERROR: 555\r\n"),
    ('AT+CGDCONT=1,"IP","unknown.apn"', "AT#SGACT=1,1", ACTIVATION_MS,
     b"\r\n+CME ERROR: 555\r\n"),
    ("AT", "AT#GPRS=1", 0, b"\r\n+CME ERROR: 555\r\n"),                    # cid 1 undefined
    ('AT+CGDCONT=1,"IP","internet";+CGATT=0', "AT#GPRS=1", 0, b"\r\n+CME ERROR: 555\r\n"),
    ('AT+CGDCONT=1,"IP","internet"', "AT#SGACT=6,1", 0, b"\r\n+CME ERROR: 4\r\n"),
    ('AT+CGDCONT=1,"IP","internet"', "AT#GPRS=2", 0, b"\r\n+CME ERROR: 4\r\n"),
])
def test_activation_errors(setup, line, wait, answer):
    m = registered()
    assert send(m, setup) == OK
    assert send(m, line, advance_ms=wait) == answer
    assert m.radio.contexts == {}


def test_unknown_apn_fails_only_after_the_delay():
    m = registered()
    send(m, 'AT+CGDCONT=1,"IP","unknown.apn"')
    assert send(m, "AT#GPRS=1", advance_ms=ACTIVATION_MS - 1) == b""


def test_cgact_activates_and_reports():
    m = registered()
    send(m, 'AT+CGDCONT=1,"IP","internet";+CGDCONT=2,"IP","internet"')
    assert send(m, "AT+CGACT=1,2", advance_ms=ACTIVATION_MS) == OK
    assert send(m, "AT+CGACT?") == b"\r\n+CGACT: 1,0\r\n+CGACT: 2,1\r\n" + OK
    assert send(m, "AT+CGACT=1,2") == OK
    assert send(m, "AT+CGACT=0;+CGACT?") == b"\r\n+CGACT: 1,0\r\n+CGACT: 2,0\r\n" + OK
    assert send(m, "AT+CGACT=1,4") == b"\r\n+CME ERROR: 4\r\n"


@pytest.mark.parametrize("line", ["AT#GPRS=1", "AT#SGACT=1,1", "AT+CGATT=1", "AT+CGACT=1,1",
                                  'AT#SD=1,0,80,"1.2.3.4"', "AT#GPRS?", "AT+CGATT?"])
def test_gprs_commands_need_the_pin(line):
    m = Module()
    m.power_on()
    quiet(m)
    send(m, "AT+CMEE=1")
    assert send(m, line) == b"\r\n+CME ERROR: 11\r\n"


def test_cgclass_cc_detaches_and_refuses_attach():
    m = registered()
    assert send(m, 'AT+CGCLASS="CC";+CGCLASS?;+CGATT?') == (
        b'\r\n+CGCLASS: "CC"\r\n\r\n+CGATT: 0\r\n' + OK)
    assert send(m, "AT+CGATT=1") == b"\r\n+CME ERROR: 150\r\n"
    assert send(m, 'AT+CGCLASS="B"', advance_ms=1000) == OK
    assert send(m, "AT+CGATT?") == b"\r\n+CGATT: 1\r\n" + OK


def test_credentials_are_settings():
    m = registered()
    assert send(m, 'AT#USERID="user";#PASSW="secret";#USERID?') == b'\r\n#USERID: "user"\r\n' + OK
    assert m.settings.get("#PASSW") == "secret"
    assert send(m, "AT#PASSW?") == b"\r\nERROR\r\n"


# -- socket configuration --------------------------------------------------------------------


def test_scfg_read_lists_six_sockets():
    m = registered()
    assert send(m, "AT#SCFG=2,1,512,0,200,10") == OK
    assert send(m, "AT#SCFG?") == (b"\r\n#SCFG: 1,1,300,90,600,50\r\n#SCFG: 2,1,512,0,200,10\r\n"
                                   + b"".join(b"#SCFG: %d,1,300,90,600,50\r\n" % c
                                              for c in range(3, 7)) + OK)
    assert send(m, "AT#SCFGEXT=1,1,0,0;#SCFGEXT?").startswith(
        b"\r\n#SCFGEXT: 1,1,0,0,0,0\r\n#SCFGEXT: 2,0,0,0,0,0\r\n")
    assert send(m, "AT#SCFG=7,1,300,90,600,50") == b"\r\n+CME ERROR: 4\r\n"


# -- sockets in online mode -----------------------------------------------------------------


def test_online_socket_echo_escape_and_resume():
    m = online_ready()
    assert dial(m, 7) == b"\r\nCONNECT\r\n"
    assert send(m, b"hello", advance_ms=TX_TIMEOUT_MS - 1) == b""
    m.clock.advance(1 + ROUND_TRIP)
    assert m.engine("ASC0").read_output() == b"hello"
    assert escape(m) == OK
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,2,10.64.0.1,49152,10.1.1.1,7\r\n#SS: 2,0\r\n")
    assert send(m, "AT#SO=1") == b"\r\nCONNECT\r\n"
    assert send(m, b"again", advance_ms=TX_TIMEOUT_MS + ROUND_TRIP) == b"again"


def test_escape_needs_the_guard_times():
    m = online_ready()
    dial(m, 9)
    peer = RecordingPeer.instances[0]
    send(m, b"x+++", advance_ms=ESCAPE_GUARD_MS)              # no silence before
    m.clock.advance(ESCAPE_GUARD_MS)
    send(m, b"+++y", advance_ms=ESCAPE_GUARD_MS)              # data right after
    assert m.engine("ASC0").read_output() == b""
    m.clock.advance(TX_TIMEOUT_MS)
    assert peer.received == b"x++++++y"
    assert escape(m) == OK


def test_packet_size_sends_at_once():
    m = online_ready()
    send(m, "AT#SCFG=1,1,4,90,600,50")
    dial(m, 9)
    send(m, b"abcdef", advance_ms=IP_LATENCY_MS)
    assert RecordingPeer.instances[0].received == b"abcd"


def test_data_while_suspended_rings_and_waits():
    m = online_ready()
    dial(m, 9)
    escape(m)
    RecordingPeer.instances[0].link.send(b"news")
    m.clock.advance(IP_LATENCY_MS)
    assert m.engine("ASC0").read_output() == b"\r\nSRING: 1\r\n"
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,3,")
    assert send(m, "AT#SO=1", advance_ms=0) == b"\r\nCONNECT\r\nnews"


def test_peer_closing_gives_no_carrier():
    m = online_ready()
    dial(m, 9)
    RecordingPeer.instances[0].link.close()
    m.clock.advance(IP_LATENCY_MS)
    assert m.engine("ASC0").read_output() == b"\r\nNO CARRIER\r\n"
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,0\r\n")


def test_hang_up_from_another_interface_ends_online_mode():
    m = online_ready()
    quiet(m, "MDM2")
    dial(m, 9)
    assert send(m, "AT#SH=1", "MDM2") == OK
    assert m.engine("ASC0").read_output() == b"\r\nNO CARRIER\r\n"
    m.clock.advance(IP_LATENCY_MS)
    assert RecordingPeer.instances[0].closed


def test_callback_peer_greets_and_answers():
    world = World()
    world.add_peer("time.example", 37, callback_peer(
        on_data=lambda link, data: link.send(data.upper()),
        on_connect=lambda link: link.send(b"hi\r\n")))
    m = online_ready(world)
    assert send(m, 'AT#SD=2,0,37,"time.example"', advance_ms=SOCKET_CONNECT_MS + IP_LATENCY_MS) \
        == b"\r\nCONNECT\r\nhi\r\n"
    assert send(m, b"abc", advance_ms=TX_TIMEOUT_MS + ROUND_TRIP) == b"ABC"


# -- sockets in command mode ----------------------------------------------------------------


def test_command_mode_socket_send_ring_and_receive():
    m = online_ready()
    assert dial(m, 7, mode=1) == OK
    assert send(m, "AT#SSEND=1", advance_ms=LINE_PROCESSING_MS) == b"\r\n> "
    assert send(m, b"ping\x1a", advance_ms=ROUND_TRIP) == OK + b"\r\nSRING: 1\r\n"
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,3,")
    assert send(m, "AT#SRECV=1,3") == b"\r\n#SRECV: 1,3\r\npin\r\n" + OK
    assert send(m, "AT#SRECV=1,100") == b"\r\n#SRECV: 1,1\r\ng\r\n" + OK
    assert send(m, "AT#SRECV=1,100") == b"\r\n+CME ERROR: 3\r\n"
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,2,")
    assert send(m, "AT#SH=1;#SS").startswith(b"\r\n#SS: 1,0\r\n")


@pytest.mark.parametrize("scfgext, ring, srecv", [
    ("1,1,0,0", b"\r\nSRING: 1,2\r\n", b"\r\n#SRECV: 1,2\r\nok\r\n"),
    ("1,0,1,0", b"\r\nSRING: 1\r\n", b"\r\n#SRECV: 1,2\r\n6F6B\r\n"),
    ("1,2,0,0", b"\r\nSRING: 1,2,ok\r\n", b"\r\n+CME ERROR: 3\r\n"),
])
def test_sring_and_srecv_formats(scfgext, ring, srecv):
    m = online_ready()
    send(m, "AT#SCFGEXT=" + scfgext)
    dial(m, 9, mode=1)
    RecordingPeer.instances[0].link.send(b"ok")
    m.clock.advance(IP_LATENCY_MS)
    assert m.engine("ASC0").read_output() == ring
    assert send(m, "AT#SRECV=1,10") in (srecv, srecv + OK)


def test_data_left_after_the_peer_closed_stays_readable():
    m = online_ready()
    dial(m, 9, mode=1)
    peer = RecordingPeer.instances[0]
    peer.link.send(b"last")
    peer.link.close()
    m.clock.advance(IP_LATENCY_MS)
    assert m.engine("ASC0").read_output() == b"\r\nSRING: 1\r\n"
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,3,")
    assert send(m, "AT#SRECV=1,10") == b"\r\n#SRECV: 1,4\r\nlast\r\n" + OK
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,0\r\n")


# -- socket errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("line, wait, answer", [
    ('AT#SD=1,0,81,"10.1.1.1"', SOCKET_CONNECT_MS, b"\r\nNO CARRIER\r\n"),     # refused
    ('AT#SD=1,0,80,"10.9.9.9"', 60_000, b"\r\nNO CARRIER\r\n"),               # connTo 600
    ('AT#SD=1,0,80,"nowhere.example"', SOCKET_CONNECT_MS, b"\r\n+CME ERROR: 558\r\n"),
    ('AT#SD=7,0,80,"10.1.1.1"', 0, b"\r\n+CME ERROR: 4\r\n"),
    ('AT#SD=1,2,80,"10.1.1.1"', 0, b"\r\n+CME ERROR: 4\r\n"),
    ('AT#SD=2,0,7,"10.1.1.1"', 0, b"\r\n+CME ERROR: 556\r\n"),                 # #SCFG cid 2
    ("AT#SSEND=1", 0, b"\r\n+CME ERROR: 3\r\n"),
    ("AT#SRECV=1,10", 0, b"\r\n+CME ERROR: 3\r\n"),
    ("AT#SO=1", 0, b"\r\n+CME ERROR: 3\r\n"),
    ("AT#SH=8", 0, b"\r\n+CME ERROR: 4\r\n"),
    ("AT#SH=1", 0, OK),
])
def test_socket_errors(line, wait, answer):
    m = online_ready()
    send(m, "AT#SCFG=2,2,300,90,600,50")
    assert send(m, line, advance_ms=wait) == answer


def test_connect_timeout_waits_for_conn_to():
    m = online_ready()
    assert send(m, 'AT#SD=1,0,80,"10.9.9.9"', advance_ms=59_999) == b""


def test_socket_needs_an_active_context():
    m = registered()
    send(m, 'AT+CGDCONT=1,"IP","internet"')
    assert send(m, 'AT#SD=1,0,7,"10.1.1.1"') == b"\r\n+CME ERROR: 556\r\n"


def test_busy_socket_cannot_be_dialled_again():
    m = online_ready()
    dial(m, 7, mode=1)
    assert dial(m, 7, mode=1) == b"\r\n+CME ERROR: 3\r\n"


def test_deactivating_the_context_closes_its_sockets():
    m = online_ready()
    quiet(m, "MDM")
    dial(m, 9)
    assert send(m, "AT#SGACT=1,0", "MDM") == OK
    assert m.engine("ASC0").read_output() == b"\r\nNO CARRIER\r\n"


def test_data_the_peer_sent_before_a_close_is_lost_not_rung():
    """Bytes on their way when the module closed the socket do not come as SRING after it."""
    m = online_ready()
    dial(m, 9)
    escape(m)
    RecordingPeer.instances[0].link.send(b"late")
    assert send(m, "AT#SH=1") == OK
    m.clock.advance(2 * IP_LATENCY_MS)
    assert m.engine("ASC0").read_output() == b""
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,0\r\n")


def test_data_not_yet_sent_is_lost_with_the_context():
    m = online_ready()
    quiet(m, "MDM")
    send(m, "AT#SCFG=1,1,300,90,600,50")        # packets of 300 bytes or after 5 s
    dial(m, 9)
    send(m, b"buffered")
    assert send(m, "AT#SGACT=1,0", "MDM") == OK
    m.clock.advance(10 * IP_LATENCY_MS)
    assert RecordingPeer.instances[0].received == b"" and RecordingPeer.instances[0].closed
    assert m.engine("ASC0").read_output() == b"\r\nNO CARRIER\r\n"


def test_cfun_4_closes_online_sockets():
    m = online_ready()
    quiet(m, "MDM")
    dial(m, 9)
    assert send(m, "AT+CFUN=4", "MDM") == OK
    assert m.engine("ASC0").read_output() == b"\r\nNO CARRIER\r\n"
    assert m.radio.contexts == {}


# -- close_all and power loss ------------------------------------------------------------


def _everything_open():
    world = World()
    world.on_call("0612345678", RecordingPeer)
    m = online_ready(world)
    quiet(m, "MDM")
    quiet(m, "MDM2")
    send(m, "AT+CMEE=1", "MDM")
    dial(m, 9, interface="MDM")                          # online on MDM
    send(m, 'AT#SD=2,0,9,"%s",0,0,1' % SERVER, advance_ms=SOCKET_CONNECT_MS)   # command mode
    send(m, "ATD0612345678", "MDM2", advance_ms=CALL_SETUP_MS)
    escape(m, "MDM2")                                   # call up, MDM2 in command mode
    return m


def test_close_all_closes_everything_with_result_codes():
    m = _everything_open()
    m.radio.close_all("firmware download")
    assert m.engine("MDM").read_output() == b"\r\nNO CARRIER\r\n"
    assert m.engine("MDM2").read_output() == b"\r\nNO CARRIER\r\n"
    assert m.engine("ASC0").read_output() == b""
    m.clock.advance(IP_LATENCY_MS)
    assert all(peer.closed for peer in RecordingPeer.instances)
    closed = b"".join(b"#SS: %d,0\r\n" % c for c in range(1, 7))
    assert send(m, "AT#SS;#SGACT?") == b"\r\n" + closed + b"\r\n#SGACT: 1,0\r\n" + OK
    assert send(m, "AT+CGATT?") == b"\r\n+CGATT: 1\r\n" + OK
    assert any(e.data.get("reason") == "firmware download" for e in m.trace.select("network"))


def test_close_all_fails_a_pending_activation_and_connect():
    m = online_ready()
    quiet(m, "MDM")
    send(m, 'AT+CMEE=1;+CGDCONT=2,"IP","internet";#SGACT=2,1', "MDM")
    send(m, 'AT#SD=1,0,9,"%s"' % SERVER)
    m.radio.close_all("firmware download")
    m.clock.advance(ACTIVATION_MS)
    assert m.engine("MDM").read_output() == b"\r\n+CME ERROR: 555\r\n"
    assert m.engine("ASC0").read_output() == b"\r\nNO CARRIER\r\n"
    assert RecordingPeer.instances == []


def test_power_loss_closes_silently():
    m = _everything_open()
    engines = dict(m.engines)
    m.power_off()
    assert all(peer.closed for peer in RecordingPeer.instances)
    assert all(e.read_output() == b"" for e in engines.values())
    m.power_on()
    quiet(m)
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,0\r\n#SS: 2,0\r\n")
    assert m.radio.contexts == {} and m.radio.call is None


def test_reboot_during_a_connect_leaves_nothing_behind():
    m = online_ready()
    send(m, 'AT#SD=1,0,9,"%s"' % SERVER)
    m.reboot()
    m.clock.advance(10_000)
    assert RecordingPeer.instances == [] and m.radio.ip.sockets == {}


def test_same_inputs_give_the_same_trace():
    def run():
        RecordingPeer.instances = []
        m = _everything_open()
        send(m, b"data", "MDM", advance_ms=TX_TIMEOUT_MS)
        m.radio.close_all("x")
        m.clock.advance(1000)
        return m.trace.to_jsonl()

    assert run() == run()
