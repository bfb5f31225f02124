"""Network registration, signal, operator selection and data calls (ATD, ATH)."""
from __future__ import annotations

import re

from hostsim.at.engine import Deferred, Final, Online
from hostsim.at.syntax import Command, Int, Str
from hostsim.core.errors import (
    INVALID_CHARACTERS_IN_DIAL_STRING,
    NO_NETWORK_SERVICE,
    OPERATION_NOT_SUPPORTED,
    CmeError,
)
from hostsim.radio.network import DENIED

COPS_TEST_TAIL = ",,(0-4),(0-2)"
_DIAL_STRING = re.compile(r"[0-9*#+]+")


# -- +CREG / +CGREG ------------------------------------------------------------


def _registration_command(name: str, doc: str, source: str) -> Command:
    def set_(ctx, n):
        ctx.set(name, n)

    def read(ctx):
        ctx.info(ctx.module.radio.registration_status(name, ctx.get(name)))

    return Command(name, params=(Int("n", 0, 2),), set=set_, read=read, doc=doc, source=source)


# -- +CSQ ----------------------------------------------------------------------


def _csq(ctx):
    radio, world = ctx.module.radio, ctx.module.world
    if radio.has_signal():
        ctx.info("+CSQ: %d,%d" % (world.rssi, world.ber))
    else:
        ctx.info("+CSQ: 99,99")


# -- +COPS ---------------------------------------------------------------------


def _operator(world, fmt: int) -> str:
    return world.operator if fmt == 2 else world.operator_name


def _cops_set(ctx, mode, fmt, oper):
    world = ctx.module.world
    stored = ctx.get("+COPS")
    if mode == 3:
        if fmt is None:
            raise CmeError(OPERATION_NOT_SUPPORTED)
        stored[1] = fmt
    else:
        if mode in (1, 4) and oper is None:
            raise CmeError(OPERATION_NOT_SUPPORTED)
        if mode == 1 and oper not in (world.operator, world.operator_name):
            raise CmeError(NO_NETWORK_SERVICE)
        stored = [mode, stored[1] if fmt is None else fmt, oper or ""]
    ctx.set("+COPS", stored)
    ctx.module.radio.network_changed()


def _cops_read(ctx):
    mode, fmt, _ = ctx.get("+COPS")
    radio = ctx.module.radio
    if radio.registered:
        ctx.info('+COPS: %d,%d,"%s"' % (mode, fmt, _operator(ctx.module.world, fmt)))
    else:
        ctx.info("+COPS: %d" % mode)


def _cops_test(ctx):
    radio, world = ctx.module.radio, ctx.module.world
    if not radio.has_signal():
        ctx.info("+COPS: " + COPS_TEST_TAIL)
        return
    stat = 2 if radio.registered else 3 if radio.creg == DENIED else 1
    ctx.info('+COPS: (%d,"%s","%s","%s")%s' % (stat, world.operator_name, world.operator_name,
                                              world.operator, COPS_TEST_TAIL))


# -- ATD / ATH -----------------------------------------------------------------


def _dial(ctx, text):
    """ATD<number>: a data call the world may answer; voice (``;``) and
    GPRS (``*99#``) dialling are not emulated and answer NO CARRIER."""
    number = text.strip()
    voice = number.endswith(";")
    number = number.rstrip(";").lstrip("TtPp").replace(" ", "")
    if not _DIAL_STRING.fullmatch(number):
        raise CmeError(INVALID_CHARACTERS_IN_DIAL_STRING)
    if voice or number.startswith("*99"):
        return Final("NO CARRIER")
    delay, finish = ctx.module.radio.dial(number, ctx.engine)

    def connected(c):
        session = finish()
        return Online(session) if session is not None else Final("NO CARRIER")

    return Deferred(delay, connected)


def _hang_up(ctx, _):
    radio = ctx.module.radio
    if radio.call is not None:
        radio.end_call(notify=radio.call.engine is not ctx.engine)


COMMANDS = [
    _registration_command("+CREG", "network registration", "3GPP TS 27.007 7.2"),
    _registration_command("+CGREG", "GPRS registration", "3GPP TS 27.007 10.1 +CGREG"),
    Command("+CSQ", source="3GPP TS 27.007 8.5",
            action=_csq, test="+CSQ: (0-31,99),(0-7,99)", doc="signal quality"),
    Command("+COPS", source="3GPP TS 27.007 7.3",
            params=(Int("mode", 0, 4), Int("format", 0, 2, default=None),
                             Str("oper", 24, default=None)),
            set=_cops_set, read=_cops_read, test=_cops_test, doc="operator selection"),
    Command("D", source="ITU-T V.250 6.3.1 (as in Telit AT Commands Reference Guide 80000ST10025a Rev.5 3.5.3)",
            params=(Str("number", 64),), set=_dial, needs_sim=True, doc="dial a data call"),
    Command("H", source="ITU-T V.250 6.3.6 (as in Telit AT Commands Reference Guide 80000ST10025a Rev.5 3.5.3)",
            params=(Int("n", 0, 0, default=0),), set=_hang_up, basic=True,
            doc="hang up the data call"),
]
