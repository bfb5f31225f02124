"""SIM commands: PIN/PUK entry, attempt counter, identities."""
from __future__ import annotations

from hostsim.at.syntax import Command, Str
from hostsim.core.errors import (
    INCORRECT_PASSWORD,
    OPERATION_NOT_ALLOWED,
    OPERATION_NOT_SUPPORTED,
    SIM_FAILURE,
    SIM_NOT_INSERTED,
    SIM_PUK_REQUIRED,
    CmeError,
)
from hostsim.parts.sim import READY, SIM_PIN, SIM_PUK

_PIN = r"[0-9]{4,8}"


def _card(ctx):
    card = ctx.module.sim
    if card is None:
        raise CmeError(SIM_NOT_INSERTED)
    return card


def _cpin_read(ctx):
    card = _card(ctx)
    if card.state not in (READY, SIM_PIN, SIM_PUK):
        raise CmeError(SIM_FAILURE)
    ctx.info("+CPIN: %s" % card.state)


def _cpin_set(ctx, code, new_pin):
    card = _card(ctx)
    if card.state == SIM_PIN:
        if new_pin is not None:
            raise CmeError(OPERATION_NOT_SUPPORTED)
        accepted = card.enter_pin(code)
    elif card.state == SIM_PUK:
        if new_pin is None:
            raise CmeError(SIM_PUK_REQUIRED)
        accepted = card.enter_puk(code, new_pin)
    elif card.state == READY:
        raise CmeError(OPERATION_NOT_ALLOWED)
    else:
        raise CmeError(SIM_FAILURE)
    ctx.module.trace.emit("sim", "sim", card.state if accepted else "wrong code",
                          pin_attempts=card.pin_attempts, puk_attempts=card.puk_attempts)
    if not accepted:
        raise CmeError(INCORRECT_PASSWORD if card.state != SIM_PUK or new_pin is not None
                       else SIM_PUK_REQUIRED)
    ctx.module.sim_ready()


def _pct(ctx):
    """Telit #PCT: attempts left for the code the SIM asks for now."""
    card = _card(ctx)
    ctx.info("#PCT: %d" % (card.puk_attempts if card.state == SIM_PUK else card.pin_attempts))


COMMANDS = [
    Command("+CPIN", source="3GPP TS 27.007 8.3",
            params=(Str("pin", 8, pattern=_PIN), Str("newpin", 8, default=None, pattern=_PIN)),
            set=_cpin_set, read=_cpin_read, test="", doc="enter PIN or PUK"),
    Command("#PCT", source="Telit AT Commands Reference Guide 80000ST10025a Rev.5 #PCT",
            action=_pct, read=_pct, test="", doc="attempts left"),
    Command("+CIMI", source="3GPP TS 27.007 5.6",
            action=lambda ctx: ctx.info(_card(ctx).imsi), test="", needs_sim=True,
            doc="IMSI"),
    Command("+CNUM", source="3GPP TS 27.007 7.1",
            action=lambda ctx: ctx.info('+CNUM: "","%s",145' % _card(ctx).msisdn),
            test="", needs_sim=True, doc="own number"),
    Command("#CCID", source="Telit AT Commands Reference Guide 80000ST10025a Rev.5 #CCID",
            action=lambda ctx: ctx.info("#CCID: %s" % _card(ctx).iccid), test="",
            needs_sim=True, doc="SIM ICCID"),
]
