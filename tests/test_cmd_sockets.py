"""Easy GPRS sockets (#SKTD, #SKTOP), listening sockets, firewall, #SGACTCFG, #DNS, #QDNS."""
import pytest
from atutil import OK, info, send
from test_gprs import SERVER, escape, online_ready
from test_network import registered

from hostsim.commands.sockets import DNS_QUERY_MS
from hostsim.radio.ipstack import SOCKET_CONNECT_MS
from hostsim.radio.network import ACTIVATION_MS
from hostsim.radio.peers import IP_LATENCY_MS, EchoPeer

SS_IDLE = b"#SS: 3,0\r\n#SS: 4,0\r\n#SS: 5,0\r\n#SS: 6,0\r\n\r\nOK\r\n"


def test_easy_gprs_settings_read_test_and_ranges():
    m = online_ready()
    assert send(m, "AT#SKTD=?") == info("#SKTD: (0,1),(1-65535),,(0,255),(0-65535)")
    assert send(m, "AT#SKTSET?") == info('#SKTSET: 0,0,"",0,0')
    assert send(m, "AT#SKTTO?;#SKTCT?;#DSTO?") == (
        b"\r\n#SKTTO: 90\r\n\r\n#SKTCT: 600\r\n\r\n#DSTO: 50\r\n" + OK)
    assert send(m, "AT#SKTCT=?") == info("#SKTCT: (10-1200)")
    for line in ("AT#SKTCT=9", "AT#DSTO=256", "AT#SKTSET=2,80,\"h\"", "AT#SKTD=0,0,\"h\""):
        assert send(m, line) == b"\r\n+CME ERROR: 4\r\n", line


def test_sktsav_keeps_the_socket_parameters_over_power_and_update_and_sktrst_clears():
    m = registered()
    send(m, 'AT#SKTSET=0,7,"%s";#SKTTO=30;#DSTO=10' % SERVER)
    m.reboot()
    assert send(m, "ATE0;#SKTSET?;#SKTTO?").endswith(b'#SKTSET: 0,0,"",0,0\r\n\r\n#SKTTO: 90\r\n'
                                                    + OK)
    send(m, 'AT#SKTSET=0,7,"%s";#SKTTO=30;#DSTO=10;#SKTSAV' % SERVER)
    m.power_off()
    m.settings.wipe_for_update()                     # #SKTSAV is in PFM note section 8.1
    m.power_on()
    assert send(m, "ATE0;#SKTSET?;#SKTTO?;#DSTO?").endswith(
        b'#SKTSET: 0,7,"10.1.1.1",0,0\r\n\r\n#SKTTO: 30\r\n\r\n#DSTO: 10\r\n' + OK)
    send(m, "ATE0;#SKTRST")
    m.reboot()
    assert send(m, "ATE0;#SKTTO?").endswith(b"#SKTTO: 90\r\n" + OK)


def test_sktd_needs_context_1_then_connects_online_and_escape_closes():
    m = registered()
    assert send(m, 'AT#SKTD=0,7,"%s"' % SERVER) == b"\r\n+CME ERROR: 556\r\n"
    m = online_ready()
    m.world.add_peer(SERVER, 7, EchoPeer)
    assert send(m, 'AT#SKTD=0,7,"%s"' % SERVER, advance_ms=SOCKET_CONNECT_MS) == \
        b"\r\nCONNECT\r\n"
    assert send(m, b"abc", advance_ms=5000 - 1) == b""            # #DSTO 50: 5 s
    assert send(m, b"", advance_ms=1 + 2 * IP_LATENCY_MS) == b"abc"
    assert escape(m) == OK
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,0\r\n#SS: 2,0\r\n")
    assert m.radio.contexts                                      # #SKTD leaves it on


def test_sktop_activates_context_1_and_releases_it_when_the_socket_closes():
    m = registered()
    send(m, 'AT+CGDCONT=1,"IP","internet"')
    m.world.add_peer(SERVER, 7, EchoPeer)
    send(m, 'AT#SKTSET=0,7,"%s"' % SERVER)
    assert send(m, "AT#SKTOP", advance_ms=ACTIVATION_MS + SOCKET_CONNECT_MS) == \
        b"\r\nCONNECT\r\n"
    assert 1 in m.radio.contexts
    assert escape(m) == OK
    assert not m.radio.contexts


def test_sktto_closes_an_idle_socket():
    m = online_ready()
    send(m, "AT#SKTTO=20")
    send(m, 'AT#SKTD=0,7,"%s"' % SERVER, advance_ms=SOCKET_CONNECT_MS)
    assert send(m, b"", advance_ms=20_000) == b"\r\nNO CARRIER\r\n"
    assert any(e.text == "socket 0: inactivity time-out" for e in m.trace.select("network"))


def test_listening_socket_firewall_accept_and_last_closure():
    m = online_ready()
    assert send(m, "AT#FRWL?") == OK
    assert send(m, "AT#SL=2,1,3500;#SL?") == info("#SL: 2,3500,0")
    assert send(m, "AT#SS") == b"\r\n#SS: 1,0\r\n#SS: 2,4,10.64.0.1,3500\r\n" + SS_IDLE
    assert send(m, "AT#SL=3,1,3500") == b"\r\n+CME ERROR: 564\r\n"
    assert not m.radio.ip.incoming("10.2.3.4", 4000, 3500, EchoPeer)      # DROP by default
    assert send(m, 'AT#FRWL=1,"10.2.0.0","255.255.0.0";#FRWL?') == \
        info('#FRWL: "10.2.0.0","255.255.0.0"')
    assert not m.radio.ip.incoming("10.3.0.1", 4000, 3500, EchoPeer)
    assert m.radio.ip.incoming("10.2.3.4", 4000, 3500, EchoPeer)
    assert m.engine("ASC0").read_output() == b"\r\nSRING: 2\r\n"
    assert send(m, "AT#SS") == (b"\r\n#SS: 1,0\r\n#SS: 2,5,10.64.0.1,3500,10.2.3.4,4000\r\n"
                                + SS_IDLE)
    assert send(m, "AT#SA=2") == b"\r\nCONNECT\r\n"
    assert send(m, b"hello", advance_ms=5000 + 2 * IP_LATENCY_MS) == b"hello"
    assert escape(m) == OK
    assert send(m, "AT#SH=2;#SLASTCLOSURE=2") == info("#SLASTCLOSURE: 2,0")
    assert send(m, "AT#SS").startswith(b"\r\n#SS: 1,0\r\n#SS: 2,4,")      # listens again
    assert send(m, "AT#SL=2,0;#SL?") == OK


def test_firewall_rules_are_volatile_and_bad_rules_change_nothing():
    m = online_ready()
    send(m, 'AT#FRWL=1,"10.2.0.0","255.255.0.0"')
    assert send(m, 'AT#FRWL=1,"10.2.0.0","255.255.0.0"') == b"\r\n+CME ERROR: 3\r\n"
    assert send(m, 'AT#FRWL=0,"10.9.0.0","255.255.0.0"') == b"\r\n+CME ERROR: 3\r\n"
    assert send(m, 'AT#FRWL=1,"ten","255.255.0.0"') == b"\r\n+CME ERROR: 4\r\n"
    assert send(m, "AT#FRWL=?") == info("#FRWL: (0-2)")
    assert m.settings.get("#FRWL") == [["10.2.0.0", "255.255.0.0"]]
    m.reboot()
    assert m.settings.get("#FRWL") == []


def test_sgactcfg_and_dns_are_nvm_and_survive_an_update():
    m = registered()
    assert send(m, "AT#SGACTCFG=2,3,200;#SGACTCFG?") == (
        b"\r\n#SGACTCFG: 1,0,180,0\r\n#SGACTCFG: 2,3,200,0\r\n#SGACTCFG: 3,0,180,0\r\n"
        b"#SGACTCFG: 4,0,180,0\r\n#SGACTCFG: 5,0,180,0\r\n" + OK)
    assert send(m, "AT#SGACTCFG=1,3,179") == b"\r\n+CME ERROR: 4\r\n"
    assert send(m, 'AT#DNS=1,"8.8.8.8","8.8.4.4";#DNS?') == info('#DNS: 1,"8.8.8.8","8.8.4.4"')
    assert send(m, "AT#DNS=?") == info("#DNS: (0-5),,")
    m.settings.wipe_for_update()
    assert m.settings.get("#SGACTCFG") == {"2": [3, 200, 0]}
    assert m.settings.get("#DNS") == {"1": ["8.8.8.8", "8.8.4.4"]}


def test_qdns_resolves_through_the_world():
    m = registered()
    assert send(m, 'AT#QDNS="time.example"') == b"\r\n+CME ERROR: 556\r\n"
    m = online_ready()
    m.world.add_peer("time.example", 37, EchoPeer)
    assert send(m, 'AT#QDNS="time.example"', advance_ms=DNS_QUERY_MS) == \
        info('#QDNS: "time.example","198.51.100.1"')
    assert send(m, 'AT#QDNS="nowhere.example"', advance_ms=DNS_QUERY_MS) == \
        info('#QDNS: "nowhere.example",Unknown')


@pytest.mark.parametrize("mode,payload,sent", [(0, b"hi", b"hi"), (1, b"6869", b"hi")])
def test_scfgext_six_parameters_and_send_data_mode(mode, payload, sent):
    m = online_ready()
    assert send(m, "AT#SCFGEXT=1,1,0,0,0,%d" % mode) == OK
    assert send(m, "AT#SCFGEXT?").startswith(b"\r\n#SCFGEXT: 1,1,0,0,0,%d\r\n" % mode)
    send(m, 'AT#SD=1,0,7,"%s",0,0,1' % SERVER, advance_ms=SOCKET_CONNECT_MS)
    send(m, "AT#SSEND=1", advance_ms=10)
    assert send(m, payload + b"\x1a", advance_ms=2 * IP_LATENCY_MS).endswith(
        b"SRING: 1,%d\r\n" % len(sent))
    assert send(m, "AT#SRECV=1,10") == b"\r\n#SRECV: 1,2\r\nhi\r\n" + OK


def test_sktl_answers_by_itself_with_conn_from_and_goes_online():
    m = online_ready()
    assert send(m, "AT#SKTL=?") == info("#SKTL: (0,1),(0),(1-65535),(0,255)")
    assert send(m, "AT#SKTL?") == info("#SKTL: 0")
    assert send(m, "AT#SKTL=1,1,1024") == b"\r\n+CME ERROR: 4\r\n"          # TCP only
    assert send(m, "AT#SKTL=1,0,1024;#SKTL?") == info("#SKTL: 1")
    send(m, 'AT#FRWL=1,"10.2.0.0","255.255.0.0"')
    assert m.radio.ip.incoming("10.2.3.4", 4000, 1024, EchoPeer)
    assert m.engine("ASC0").read_output() == b"\r\n+CONN FROM: 10.2.3.4\r\n\r\nCONNECT\r\n"
    assert send(m, b"ping", advance_ms=5000 + 2 * IP_LATENCY_MS) == b"ping"
    assert escape(m) == OK
    assert send(m, "AT#SKTL=0;#SKTL?") == info("#SKTL: 0")


def test_sl_with_listen_auto_response_goes_online_unless_busy():
    m = online_ready()
    send(m, "AT#SCFGEXT=2,0,0,0,1;#SL=2,1,3500")
    send(m, 'AT#FRWL=1,"10.2.0.0","255.255.0.0"')
    assert m.radio.ip.incoming("10.2.3.4", 4000, 3500, EchoPeer)
    assert m.engine("ASC0").read_output() == b"\r\nSRING: 2\r\n\r\nCONNECT\r\n"
    assert escape(m) == OK
    send(m, "AT#SH=2")
    send(m, 'AT#QDNS="nowhere.example"')                     # busy: the connection waits
    assert m.radio.ip.incoming("10.2.3.5", 4000, 3500, EchoPeer)
    m.clock.advance(DNS_QUERY_MS)
    assert m.engine("ASC0").read_output() == (b'\r\n#QDNS: "nowhere.example",Unknown\r\n'
                                              + OK + b"\r\nSRING: 2\r\n")
    assert send(m, "AT#SA=2") == b"\r\nCONNECT\r\n"
