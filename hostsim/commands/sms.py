"""SMS commands, text mode only (PDU mode answers ``+CMS ERROR: 303``).

Storage is the SIM ("SM").  Commands that need the SIM declare it, so a
SIM that waits for its PIN gives ``+CME ERROR: 11`` like every other
command (a real module says ``+CMS ERROR: 311`` for SMS commands).
"""
from __future__ import annotations

from hostsim.at.engine import Deferred, Prompt
from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import info_lines, setting_command
from hostsim.core.errors import (
    CMS_INVALID_MEMORY_INDEX,
    CMS_INVALID_TEXT_MODE_PARAMETER,
    CMS_NO_NETWORK_SERVICE,
    CMS_OPERATION_NOT_ALLOWED,
    CMS_OPERATION_NOT_SUPPORTED,
    CmsError,
)
from hostsim.parts.sim import SMS_CAPACITY
from hostsim.radio.smsc import SMS_SEND_MS, type_of_number

STATUSES = ("REC UNREAD", "REC READ", "STO UNSENT", "STO SENT")
DELETE_FLAGS = {                       # +CMGD <delflag> -> statuses deleted
    1: ("REC READ",),
    2: ("REC READ", "STO SENT"),
    3: ("REC READ", "STO SENT", "STO UNSENT"),
    4: STATUSES,
}
_NUMBER = r"\+?[0-9*#]{1,20}"


def _text_mode(ctx) -> None:
    if ctx.get("+CMGF") != 1:
        raise CmsError(CMS_OPERATION_NOT_SUPPORTED)


def _message(ctx, index):
    message = ctx.module.sim.sms(index) if 1 <= index <= SMS_CAPACITY else None
    if message is None:
        raise CmsError(CMS_INVALID_MEMORY_INDEX)
    return message


def _received(message) -> bool:
    return message.status.startswith("REC")


def _details(ctx, message, listing: bool) -> str:
    """The +CSDH=1 header fields (the coding of a stored message is not kept: dcs 0)."""
    if not ctx.get("+CSDH"):
        return ""
    ton, length = type_of_number(message.number), len(message.text)
    if listing:
        return ",%d,%d" % (ton, length)
    sca = ctx.module.radio.smsc()
    if _received(message):
        return ',%d,4,0,0,"%s",145,%d' % (ton, sca, length)
    return ',%d,17,0,0,,"%s",145,%d' % (ton, sca, length)


# -- +CNMI ---------------------------------------------------------------------


def _cnmi_set(ctx, mode, mt, bm, ds, bfr):
    ctx.set("+CNMI", [mode, mt, bm, ds, bfr])
    if mode:
        held = ctx.module.radio.sms.take_held(ctx.engine.name)
        if bfr == 0:
            for text in held:
                ctx.engine.urc(text)


def _cnmi_read(ctx):
    ctx.info("+CNMI: %s" % ",".join(str(v) for v in ctx.get("+CNMI")))


# -- +CSCA / +CPMS -------------------------------------------------------------


def _csca_set(ctx, address, _type):
    ctx.module.sim.smsc = address


def _csca_read(ctx):
    address = ctx.module.radio.smsc()
    ctx.info('+CSCA: "%s",%d' % (address, type_of_number(address)))


def _usage(ctx) -> str:
    used = len(ctx.module.sim.messages)
    return ",".join(["%d,%d" % (used, SMS_CAPACITY)] * 3)


def _cpms_set(ctx, *memories):
    if any(m not in (None, "SM") for m in memories):
        raise CmsError(CMS_OPERATION_NOT_ALLOWED)
    ctx.info("+CPMS: " + _usage(ctx))


def _cpms_read(ctx):
    used = len(ctx.module.sim.messages)
    ctx.info("+CPMS: " + ",".join(['"SM",%d,%d' % (used, SMS_CAPACITY)] * 3))


# -- +CMGS ---------------------------------------------------------------------


def _cmgs(ctx, number, _type):
    _text_mode(ctx)
    radio = ctx.module.radio
    if not radio.registered:
        raise CmsError(CMS_NO_NETWORK_SERVICE)
    epoch = radio.epoch

    def sent(c, text):
        if radio.epoch != epoch:
            return None          # the module was power cycled: nobody listens
        if not radio.registered:
            raise CmsError(CMS_NO_NETWORK_SERVICE)
        c.info("+CMGS: %d" % radio.sms.submit(number, text))

    def typed(c, payload):
        text = payload.decode("latin-1")
        return Deferred(SMS_SEND_MS, lambda c2: sent(c2, text))

    return Prompt(b"\r\n> ", typed, echo=True, on_cancel=lambda c: None)


# -- reading, listing, deleting ------------------------------------------------


def _cmgr(ctx, index):
    _text_mode(ctx)
    message = _message(ctx, index)
    if _received(message):
        header = '+CMGR: "%s","%s","","%s"' % (message.status, message.number, message.timestamp)
    else:
        header = '+CMGR: "%s","%s",""' % (message.status, message.number)
    ctx.info(header + _details(ctx, message, listing=False) + "\r\n" + message.text)
    if message.status == "REC UNREAD":
        message.status = "REC READ"


def _cmgl(ctx, wanted):
    _text_mode(ctx)
    if wanted not in STATUSES + ("ALL",):
        raise CmsError(CMS_INVALID_TEXT_MODE_PARAMETER)
    lines = []
    for message in ctx.module.sim.messages:
        if wanted not in ("ALL", message.status):
            continue
        header = '+CMGL: %d,"%s","%s",""' % (message.index, message.status, message.number)
        if _received(message):
            header += ',"%s"' % message.timestamp
        elif ctx.get("+CSDH"):
            header += ","
        lines += [header + _details(ctx, message, listing=True), message.text]
        if message.status == "REC UNREAD":
            message.status = "REC READ"
    info_lines(ctx, lines)


def _cmgd(ctx, index, flag):
    sim = ctx.module.sim
    if flag == 0:
        if not 1 <= index <= SMS_CAPACITY:
            raise CmsError(CMS_INVALID_MEMORY_INDEX)
        removed = sim.delete_sms(index)
    else:
        doomed = [m.index for m in sim.messages if m.status in DELETE_FLAGS[flag]]
        for doomed_index in doomed:
            sim.delete_sms(doomed_index)
        removed = bool(doomed)
    if removed:
        ctx.module.radio.sms_memory_freed()


def _cmgd_test(ctx):
    used = ",".join(str(m.index) for m in ctx.module.sim.messages)
    ctx.info("+CMGD: (%s),(0-4)" % used)


COMMANDS = [
    setting_command("+CMGF", Int("mode", 0, 1), doc="SMS format: 0 PDU, 1 text",
                    source="3GPP TS 27.005 3.2.3"),
    setting_command("+CSDH", Int("show", 0, 1), doc="text mode header details",
                    source="3GPP TS 27.005 3.3.3"),
    Command("+CNMI", source="3GPP TS 27.005 3.4.1",
            params=(Int("mode", 0, 3), Int("mt", 0, 3, default=0),
                             Int("bm", choices=(0, 2), default=0), Int("ds", 0, 2, default=0),
                             Int("bfr", 0, 1, default=0)),
            set=_cnmi_set, read=_cnmi_read, doc="new SMS indications"),
    Command("+CSCA", source="3GPP TS 27.005 3.3.1",
            params=(Str("sca", 21, pattern=_NUMBER), Int("tosca", choices=(129, 145),
                                                                   default=None)),
            set=_csca_set, read=_csca_read, test="", needs_sim=True, sms=True,
            doc="service centre address"),
    Command("+CPMS", source="3GPP TS 27.005 3.2.2",
            params=(Str("mem1", 2, upper=True), Str("mem2", 2, default=None, upper=True),
                             Str("mem3", 2, default=None, upper=True)),
            set=_cpms_set, read=_cpms_read, test='+CPMS: ("SM"),("SM"),("SM")', needs_sim=True, sms=True,
            doc="message storage (SM only)"),
    Command("+CMGS", source="3GPP TS 27.005 3.5.1",
            params=(Str("da", 21, pattern=_NUMBER), Int("toda", choices=(129, 145),
                                                                  default=None)),
            set=_cmgs, test="", needs_sim=True, sms=True, doc="send an SMS (text mode)"),
    Command("+CMGR", source="3GPP TS 27.005 3.4.3",
            params=(Int("index"),), set=_cmgr, test="", needs_sim=True, sms=True,
            doc="read an SMS"),
    Command("+CMGL", source="3GPP TS 27.005 3.4.2",
            params=(Str("stat", 10, default="REC UNREAD", upper=True),),
            set=_cmgl, action=lambda ctx: _cmgl(ctx, "REC UNREAD"),
            test='+CMGL: ("REC UNREAD","REC READ","STO UNSENT","STO SENT","ALL")',
            needs_sim=True, sms=True, doc="list SMS"),
    Command("+CMGD", source="3GPP TS 27.005 3.5.4",
            params=(Int("index"), Int("delflag", 0, 4, default=0)),
            set=_cmgd, test=_cmgd_test, needs_sim=True, sms=True, doc="delete SMS"),
]
