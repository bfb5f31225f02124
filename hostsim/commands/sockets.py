"""Sockets beyond #SD: the Easy GPRS socket (#SKTD, #SKTOP, #SKTL and their settings),
listening sockets (#SL, #SA, #SLASTCLOSURE; with #SCFGEXT ListenAutoRsp=1 an incoming
connection goes online by itself), the firewall (#FRWL), #SGACTCFG, #DNS and #QDNS.

Source: "AT Commands Reference Guide" 80000ST10025a Rev.5 (ATR5), section 3.5.7.3
(multisocket) and 3.5.7.5 (Easy GPRS); #FRWL as in 80304ST10041a Rev.7 3.5.7.4.18
(rules are not saved: the list is empty at power-on).  The Easy GPRS values
(#SKTSET, #SKTTO, #SKTCT, #DSTO) are volatile and saved by #SKTSAV, whose
copy survives a firmware update (PFM note section 8.1).
"""
from __future__ import annotations

import re

from hostsim.at.engine import Deferred, Online
from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import (
    dial_socket,
    info_lines,
    reset_command,
    save_command,
    setting_command,
)
from hostsim.core.errors import (
    CONTEXT_NOT_OPENED,
    OPERATION_NOT_ALLOWED,
    OPERATION_NOT_SUPPORTED,
    CmeError,
)
from hostsim.radio.ipstack import CONN_IDS, EASY_GPRS_CID, EASY_SOCKET
from hostsim.radio.network import ACTIVATION_MS
from hostsim.radio.peers import IP_LATENCY_MS

ATR5 = "Telit AT Commands Reference Guide 80000ST10025a Rev.5"
UC6 = "Telit UC864 AT Commands Reference Guide 80304ST10041a Rev.7"

DNS_QUERY_MS = 2 * IP_LATENCY_MS        # one round trip to the DNS server
MAX_FIREWALL_RULES = 10
CIDS = range(1, 6)
SGACTCFG_DEFAULT = [0, 180, 0]          # retry, delay (s), urcmode
_IP = r"\d{1,3}(\.\d{1,3}){3}"
_SOCKET_TEST = "(0,1),(1-65535),,(0,255),(0-65535)"


def _ip_param(name: str, default=Str.REQUIRED) -> Str:
    return Str(name, 15, default=default, pattern=_IP)


# -- the Easy GPRS socket -------------------------------------------------------------


def _dial(ctx, udp: int, port: int, host: str, closure_type: int, local_port: int):
    """Connect the Easy GPRS socket; CONNECT and online data mode, or NO CARRIER."""
    return dial_socket(ctx, EASY_SOCKET, udp == 1, host, port, closure_type, local_port,
                       release=True)


def _sktd(ctx, udp, port, host, closure_type, local_port):
    if EASY_GPRS_CID not in ctx.module.radio.contexts:
        raise CmeError(CONTEXT_NOT_OPENED)
    return _dial(ctx, udp, port, host, closure_type, local_port)


def _sktop(ctx):
    """#SKTOP: activate context 1 if needed, then dial what #SKTSET says."""
    udp, port, host, closure_type, local_port = ctx.get("#SKTSET")
    if not host:
        raise CmeError(OPERATION_NOT_ALLOWED)
    radio = ctx.module.radio
    if EASY_GPRS_CID in radio.contexts:
        return _dial(ctx, udp, port, host, closure_type, local_port)
    radio.check_activation(EASY_GPRS_CID)
    generation = radio.generation

    def activated(c):
        radio.activate(EASY_GPRS_CID, generation)
        radio.ip.easy_context_owned = True
        return _dial(c, udp, port, host, closure_type, local_port)

    return Deferred(ACTIVATION_MS, activated)


def _sktset_read(ctx):
    ctx.info('#SKTSET: %d,%d,"%s",%d,%d' % tuple(ctx.get("#SKTSET")))


# -- listening sockets ----------------------------------------------------------------


def _answer_online(urc):
    """A listener's answer that takes the connection online by itself (``urc(socket)``
    announces it); an interface busy with a command leaves it waiting for #SA."""

    def answer(sock):
        engine, stack = sock.engine, sock.stack
        engine.urc(urc(sock))
        if engine.busy():
            return
        stack.accept(sock.conn_id)
        engine.go_online(stack.go_online(sock, engine))

    return answer


_LISTEN_AUTO_RSP = 3        # #SCFGEXT <listenAutoRsp>
_sl_auto_answer = _answer_online(lambda sock: "SRING: %d" % sock.conn_id)


def _sl(ctx, conn_id, state, port, closure_type):
    stack = ctx.module.radio.ip
    if state == 0:
        stack.stop_listening(conn_id)
        return
    if port is None or port == 0:
        raise CmeError(OPERATION_NOT_SUPPORTED)
    auto = ctx.get("#SCFGEXT")[str(conn_id)][_LISTEN_AUTO_RSP]
    stack.listen(conn_id, port, closure_type, ctx.engine, _sl_auto_answer if auto else None)


def _sktl(ctx, mode, udp, port, closure_type):
    """#SKTL: the Easy GPRS socket listens on context 1; a connection goes online
    at once after ``+CONN FROM: <address>``."""
    stack = ctx.module.radio.ip
    if mode == 0:
        stack.stop_listening(EASY_SOCKET)
        return
    if udp is None or port is None or udp == 1:
        raise CmeError(OPERATION_NOT_SUPPORTED)    # TCP only
    if EASY_GPRS_CID not in ctx.module.radio.contexts:
        raise CmeError(CONTEXT_NOT_OPENED)
    stack.listen(EASY_SOCKET, port, closure_type, ctx.engine,
                 _answer_online(lambda sock: "+CONN FROM: %s" % sock.remote_ip))


def _sl_read(ctx):
    listeners = ctx.module.radio.ip.listeners
    info_lines(ctx, ["#SL: %d,%d,%d" % (c, listeners[c].port, listeners[c].closure_type)
                     for c in sorted(listeners)])


def _sa(ctx, conn_id, conn_mode):
    stack = ctx.module.radio.ip
    sock = stack.accept(conn_id)
    sock.engine = ctx.engine
    if conn_mode == 0:
        return Online(stack.go_online(sock, ctx.engine))
    return None


def _slastclosure(ctx, conn_id):
    closures = ctx.module.radio.ip.closures
    conn_ids = CONN_IDS if conn_id is None else [conn_id]
    info_lines(ctx, ["#SLASTCLOSURE: %d,%d" % (c, closures.get(c, 0)) for c in conn_ids])


# -- firewall -------------------------------------------------------------------------


def firewall_command(name: str, max_rules: int, doc: str, source: str) -> Command:
    """#FRWL-style ACCEPT rules: 0 remove one, 1 add one, 2 remove all."""

    def set_(ctx, action, address, mask):
        rules = ctx.get(name)
        if action == 2:
            rules = []
        elif address is None or mask is None:
            raise CmeError(OPERATION_NOT_SUPPORTED)
        elif action == 1:
            if [address, mask] in rules or len(rules) >= max_rules:
                raise CmeError(OPERATION_NOT_ALLOWED)
            rules.append([address, mask])
        else:
            if [address, mask] not in rules:
                raise CmeError(OPERATION_NOT_ALLOWED)
            rules.remove([address, mask])
        ctx.set(name, rules)

    def read(ctx):
        info_lines(ctx, ['%s: "%s","%s"' % (name, address, mask) for address, mask in ctx.get(name)])

    return Command(name, params=(Int("action", 0, 2), _ip_param("ip_addr", None),
                                 _ip_param("net_mask", None)),
                   set=set_, read=read, test="%s: (0-2)" % name, doc=doc, source=source)


# -- contexts and names ---------------------------------------------------------------


def _sgactcfg(ctx, cid, retry, delay, urcmode):
    table = ctx.get("#SGACTCFG")
    table[str(cid)] = [retry, delay, urcmode]
    ctx.set("#SGACTCFG", table)


def _sgactcfg_read(ctx):
    table = ctx.get("#SGACTCFG")
    info_lines(ctx, ["#SGACTCFG: %d,%s" % (cid, ",".join(
        str(v) for v in table.get(str(cid), SGACTCFG_DEFAULT))) for cid in CIDS])


def _dns(ctx, cid, primary, secondary):
    if cid in ctx.module.radio.contexts:
        raise CmeError(OPERATION_NOT_ALLOWED)       # set before the context is active
    table = ctx.get("#DNS")
    table[str(cid)] = [primary, secondary]
    ctx.set("#DNS", table)


def _dns_read(ctx):
    table = ctx.get("#DNS")
    info_lines(ctx, ['#DNS: %s,"%s","%s"' % ((cid,) + tuple(table[cid]))
                     for cid in sorted(table, key=int)])


def _qdns(ctx, host):
    radio = ctx.module.radio
    if not radio.contexts:
        raise CmeError(CONTEXT_NOT_OPENED)
    if re.fullmatch(_IP, host):
        address = host
    else:
        address = radio.world.resolve(host)
    ctx.module.trace.emit("network", "radio", "DNS query %s -> %s" % (host, address),
                          host=host, address=address)

    def answer(c):
        c.info('#QDNS: "%s",%s' % (host, '"%s"' % address if address else "Unknown"))

    return Deferred(DNS_QUERY_MS, answer)


def _timeout_command(name: str, lo: int, hi: int, doc: str) -> Command:
    return setting_command(name, Int("tout", lo, hi), doc=doc, source=ATR5 + " " + name)


COMMANDS = [
    Command("#SKTD", params=(Int("socket type", 0, 1), Int("remote port", 1, 65535),
                             Str("remote addr", 64), Int("closure type", choices=(0, 255),
                                                         default=0),
                             Int("local port", 0, 65535, default=0)),
            set=_sktd, test="#SKTD: " + _SOCKET_TEST, needs_sim=True,
            doc="Easy GPRS socket dial (context 1 active)", source=ATR5 + " #SKTD"),
    Command("#SKTSET", params=(Int("socket type", 0, 1), Int("remote port", 1, 65535),
                               Str("remote addr", 64), Int("closure type", choices=(0, 255),
                                                           default=0),
                               Int("local port", 0, 65535, default=0)),
            set=lambda ctx, *values: ctx.set("#SKTSET", list(values)), read=_sktset_read,
            test="#SKTSET: " + _SOCKET_TEST, doc="#SKTOP socket parameters",
            source=ATR5 + " #SKTSET"),
    Command("#SKTOP", action=_sktop, test="", needs_sim=True,
            doc="activate context 1 and dial #SKTSET", source=ATR5 + " #SKTOP"),
    save_command("#SKTSAV", "save the Easy GPRS socket parameters", ATR5 + " #SKTSAV"),
    reset_command("#SKTRST", "#SKTSAV", "factory Easy GPRS socket parameters, saved",
                  ATR5 + " #SKTRST"),
    _timeout_command("#SKTTO", 0, 65535, "socket inactivity time-out (s)"),
    _timeout_command("#SKTCT", 10, 1200, "TCP connection time-out (1/10 s)"),
    _timeout_command("#DSTO", 0, 255, "data sending time-out (1/10 s)"),
    Command("#SKTL", params=(Int("mode", 0, 1), Int("socket type", 0, 1, default=None),
                             Int("input port", 1, 65535, default=None),
                             Int("closure type", choices=(0, 255), default=0)),
            set=_sktl, read=lambda ctx: ctx.info("#SKTL: %d" % int(
                EASY_SOCKET in ctx.module.radio.ip.listeners)),
            test="#SKTL: (0,1),(0),(1-65535),(0,255)", needs_sim=True,
            doc="Easy GPRS listen: +CONN FROM and CONNECT", source=ATR5 + " #SKTL"),
    Command("#SL", params=(Int("connId", 1, 6), Int("listenState", 0, 1),
                           Int("listenPort", 0, 65535, default=None),
                           Int("closure type", choices=(0, 255), default=0)),
            set=_sl, read=_sl_read, needs_sim=True, doc="socket listen",
            source=ATR5 + " 3.5.7.3.9 p.323"),
    Command("#SA", params=(Int("connId", 1, 6), Int("connMode", 0, 1, default=0)), set=_sa,
            doc="accept an incoming connection", source=ATR5 + " 3.5.7.3.10 p.323"),
    Command("#SLASTCLOSURE", params=(Int("connId", 1, 6, default=None),), set=_slastclosure,
            action=lambda ctx: _slastclosure(ctx, None), doc="cause of the last closure",
            source="Telit AT Commands Reference Guide 80529ST10815A Rev.2 #SLASTCLOSURE"),
    firewall_command("#FRWL", MAX_FIREWALL_RULES, "firewall for listening sockets",
                     UC6 + " 3.5.7.4.18"),
    Command("#SGACTCFG", params=(Int("cid", 1, 5), Int("retry", 0, 15),
                                 Int("delay", 180, 3600, default=180),
                                 Int("urcmode", 0, 1, default=0)),
            set=_sgactcfg, read=_sgactcfg_read, doc="context activation retries",
            source=ATR5 + " #SGACTCFG"),
    Command("#DNS", params=(Int("cid", 0, 5), _ip_param("primary"), _ip_param("secondary")),
            set=_dns, read=_dns_read, test="#DNS: (0-5),,", doc="manual DNS servers",
            source="Telit HSPA+ AT Commands Reference Guide #DNS; " + ATR5),
    Command("#QDNS", params=(Str("host", 64),), set=_qdns, needs_sim=True,
            doc="resolve a host name", source=ATR5 + " #QDNS"),
]
