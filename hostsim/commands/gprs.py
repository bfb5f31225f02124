"""GPRS: PDP contexts, attach, Telit Easy GPRS (#GPRS, #SGACT) and sockets (#SD family).

Sources: 3GPP TS 27.007 section 10.1 for the +CG commands, and the "AT Commands
Reference Guide" 80000ST10025a Rev.5 (ATR5) for the Telit ones: Easy GPRS and the
multisocket commands (section 3.5.7.3).
"""
from __future__ import annotations

from typing import Callable

from hostsim.at.engine import Deferred, Online, Prompt
from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import dial_socket, info_lines, setting_command
from hostsim.core.errors import (
    CONTEXT_ALREADY_ACTIVATED,
    OPERATION_NOT_ALLOWED,
    OPERATION_NOT_SUPPORTED,
    CmeError,
)
from hostsim.radio.ipstack import CONN_IDS
from hostsim.radio.network import ACTIVATION_MS, ATTACH_MS, PdpContext

ATR5 = "Telit AT Commands Reference Guide 80000ST10025a Rev.5"
TS27007 = "3GPP TS 27.007"

CIDS = (1, 5)               # context identifiers the GSM family supports
EASY_GPRS_CID = 1           # #GPRS and #SGACT=1,x share this context


def _defined_cids(ctx):
    return sorted(int(cid) for cid in ctx.get("+CGDCONT"))


# -- +CGDCONT ------------------------------------------------------------------


def _cgdcont_set(ctx, cid, pdp_type, apn, address, d_comp, h_comp):
    contexts = ctx.get("+CGDCONT")
    if pdp_type is None:
        contexts.pop(str(cid), None)
    else:
        contexts[str(cid)] = [pdp_type, apn, address, d_comp, h_comp]
    ctx.set("+CGDCONT", contexts)


def _cgdcont_read(ctx):
    contexts = ctx.get("+CGDCONT")
    info_lines(ctx, ['+CGDCONT: %d,"%s","%s","%s",%d,%d' % ((cid,) + tuple(contexts[str(cid)]))
                     for cid in _defined_cids(ctx)])


# -- class and attach ----------------------------------------------------------


def _network_setting(name: str, param, quoted: bool, doc: str, source: str) -> Command:
    """A setting that changes what the radio does (+CGCLASS, #AUTOATT)."""

    def set_(ctx, value):
        ctx.set(name, value)
        ctx.module.radio.network_changed()

    def read(ctx):
        value = ctx.get(name)
        ctx.info('%s: "%s"' % (name, value) if quoted else "%s: %d" % (name, value))

    return Command(name, params=(param,), set=set_, read=read, doc=doc, source=source)


def _cgatt_set(ctx, state):
    radio = ctx.module.radio
    if state == 0:
        radio.detach()
        return None
    if radio.attached:
        return None
    radio.check_attach()
    return Deferred(ATTACH_MS, lambda c: radio.attach())


# -- context activation --------------------------------------------------------


def _activation(ctx, cid: int, answer: Callable[..., None]) -> Deferred:
    """Activate ``cid`` after :data:`ACTIVATION_MS`; ``answer(ctx, context)`` then."""
    radio = ctx.module.radio
    radio.check_activation(cid)
    generation = radio.generation

    def done(c):
        answer(c, radio.activate(cid, generation))

    return Deferred(ACTIVATION_MS, done)


def _no_answer(ctx, context: PdpContext) -> None:
    """+CGACT answers only OK."""


def _cgact_set(ctx, state, cid):
    radio = ctx.module.radio
    cids = _defined_cids(ctx) if cid is None else [cid]
    if not cids or any(c not in _defined_cids(ctx) for c in cids):
        raise CmeError(OPERATION_NOT_SUPPORTED)
    if state == 0:
        for c in cids:
            radio.deactivate(c)
        return None
    pending = [c for c in cids if c not in radio.contexts]
    if not pending:
        return None
    if len(pending) > 1:
        raise CmeError(OPERATION_NOT_SUPPORTED)        # one activation at a time
    return _activation(ctx, pending[0], _no_answer)


def _context_states(ctx, prefix: str):
    contexts = ctx.module.radio.contexts
    info_lines(ctx, ["%s: %d,%d" % (prefix, cid, cid in contexts) for cid in _defined_cids(ctx)])


def _switch_context(ctx, cid: int, on: int, prefix: str):
    """#GPRS / #SGACT: deactivate a context, or activate it answering ``<prefix> <ip>``."""
    radio = ctx.module.radio
    if not on:
        radio.deactivate(cid)
        return None
    if cid in radio.contexts:
        raise CmeError(CONTEXT_ALREADY_ACTIVATED)
    return _activation(ctx, cid, lambda c, context: c.info("%s %s" % (prefix, context.ip)))


def _gprs_set(ctx, mode):
    return _switch_context(ctx, EASY_GPRS_CID, mode, "+IP:")


def _gprs_read(ctx):
    ctx.info("#GPRS: %d" % (EASY_GPRS_CID in ctx.module.radio.contexts))


def _sgact_set(ctx, cid, state, _user, _password):
    return _switch_context(ctx, cid, state, "#SGACT:")


# -- socket configuration ------------------------------------------------------


def _per_socket_setting(name: str, *params, doc: str) -> Command:
    """#SCFG / #SCFGEXT: one line of values per connId, the read form lists all six."""

    def set_(ctx, conn_id, *values):
        table = ctx.get(name)
        table[str(conn_id)] = list(values)
        ctx.set(name, table)

    def read(ctx):
        table = ctx.get(name)
        info_lines(ctx, ["%s: %d,%s" % (name, c, ",".join(str(v) for v in table[str(c)]))
                         for c in CONN_IDS])

    return Command(name, params=(Int("connId", 1, 6),) + params, set=set_, read=read, doc=doc,
                   source=ATR5 + " 3.5.7.3 " + name)


# -- sockets -------------------------------------------------------------------


def _sd(ctx, conn_id, protocol, port, host, closure_type, local_port, conn_mode):
    return dial_socket(ctx, conn_id, protocol == 1, host, port, closure_type, local_port,
                       online=conn_mode == 0)


def _so(ctx, conn_id):
    stack = ctx.module.radio.ip
    sock = stack.socket(conn_id)
    if sock.session is not None:
        raise CmeError(OPERATION_NOT_ALLOWED)
    return Online(stack.go_online(sock, ctx.engine))


def _sh(ctx, conn_id):
    ctx.module.radio.ip.close(conn_id)


def _ssend(ctx, conn_id):
    stack = ctx.module.radio.ip
    if stack.socket(conn_id).session is not None:
        raise CmeError(OPERATION_NOT_ALLOWED)
    hex_mode = ctx.get("#SCFGEXT")[str(conn_id)][4]        # sendDataMode

    def sent(c, data):
        if hex_mode:
            try:
                data = bytes.fromhex(data.decode("latin-1"))
            except ValueError:
                raise CmeError(OPERATION_NOT_SUPPORTED) from None
        stack.send(conn_id, data)

    return Prompt(b"\r\n> ", sent, echo=True, on_cancel=lambda c: None)


def _srecv(ctx, conn_id, max_bytes):
    data = ctx.module.radio.ip.receive(conn_id, max_bytes)
    hex_mode = ctx.get("#SCFGEXT")[str(conn_id)][1]
    shown = data.hex().upper() if hex_mode else data.decode("latin-1")
    ctx.info("#SRECV: %d,%d\r\n%s" % (conn_id, len(data), shown))


COMMANDS = [
    Command("+CGDCONT", params=(Int("cid", *CIDS), Str("PDP_type", 4, default=None, pattern="IP",
                                                       upper=True),
                                Str("APN", 64, default=""), Str("PDP_addr", 15, default=""),
                                Int("d_comp", 0, 1, default=0), Int("h_comp", 0, 1, default=0)),
            set=_cgdcont_set, read=_cgdcont_read, test='+CGDCONT: (1-5),"IP",,,(0-1),(0-1)',
            doc="define PDP contexts", source=TS27007 + " 10.1.1"),
    _network_setting("+CGCLASS", Str("class", 2, pattern="B|CG|CC", upper=True), quoted=True,
                     doc="GPRS mobile class", source=TS27007 + " 10.1 +CGCLASS"),
    _network_setting("#AUTOATT", Int("auto", 0, 1), quoted=False, doc="GPRS auto-attach",
                     source=ATR5 + " #AUTOATT"),
    Command("+CGATT", params=(Int("state", 0, 1),), set=_cgatt_set,
            read=lambda ctx: ctx.info("+CGATT: %d" % ctx.module.radio.attached),
            needs_sim=True, doc="GPRS attach", source=TS27007 + " 10.1 +CGATT"),
    Command("+CGACT", params=(Int("state", 0, 1), Int("cid", *CIDS, default=None)),
            set=_cgact_set, read=lambda ctx: _context_states(ctx, "+CGACT"), needs_sim=True,
            doc="PDP context activation", source=TS27007 + " 10.1 +CGACT"),
    Command("#GPRS", params=(Int("mode", 0, 1),), set=_gprs_set, read=_gprs_read,
            needs_sim=True, doc="Easy GPRS context (cid 1)", source=ATR5 + " #GPRS"),
    Command("#SGACT", params=(Int("cid", *CIDS), Int("stat", 0, 1), Str("userId", 64, default=""),
                              Str("pwd", 64, default="")),
            set=_sgact_set, read=lambda ctx: _context_states(ctx, "#SGACT"), needs_sim=True,
            doc="context activation for sockets", source=ATR5 + " 3.5.7.3 #SGACT"),
    setting_command("#USERID", Str("user", 64), doc="Easy GPRS user id",
                    source=ATR5 + " #USERID"),
    Command("#PASSW", params=(Str("pwd", 64),), set=lambda ctx, pwd: ctx.set("#PASSW", pwd),
            test="", doc="Easy GPRS password (write only)", source=ATR5 + " #PASSW"),
    _per_socket_setting("#SCFG", Int("cid", 0, 5), Int("pktSz", 0, 1500), Int("maxTo", 0, 65535),
                        Int("connTo", 10, 1200), Int("txTo", 0, 255), doc="socket configuration"),
    _per_socket_setting("#SCFGEXT", Int("srMode", 0, 2), Int("recvDataMode", 0, 1),
                        Int("keepalive", 0, 240), Int("ListenAutoRsp", 0, 1, default=0),
                        Int("sendDataMode", 0, 1, default=0),
                        doc="socket extended configuration"),
    Command("#SD", params=(Int("connId", 1, 6), Int("txProt", 0, 1), Int("rPort", 1, 65535),
                           Str("IPaddr", 64), Int("closureType", choices=(0, 255), default=0),
                           Int("lPort", 0, 65535, default=0), Int("connMode", 0, 1, default=0)),
            set=_sd, needs_sim=True, doc="socket dial", source=ATR5 + " 3.5.7.3 #SD"),
    Command("#SO", params=(Int("connId", 1, 6),), set=_so, doc="resume a suspended socket",
            source=ATR5 + " 3.5.7.3 #SO"),
    Command("#SH", params=(Int("connId", 1, 6),), set=_sh, doc="socket hang up",
            source=ATR5 + " 3.5.7.3 #SH"),
    Command("#SS", action=lambda ctx: info_lines(ctx, ctx.module.radio.ip.status()), test="",
            doc="socket status", source=ATR5 + " 3.5.7.3 #SS"),
    Command("#SSEND", params=(Int("connId", 1, 6),), set=_ssend, doc="send data in command mode",
            source=ATR5 + " 3.5.7.3 #SSEND"),
    Command("#SRECV", params=(Int("connId", 1, 6), Int("maxByte", 1, 1500)), set=_srecv,
            doc="receive data in command mode", source=ATR5 + " 3.5.7.3 #SRECV"),
]
