"""The phonebook on the SIM: +CPBS, +CPBR, +CPBW, +CPBF.

Source: 3GPP TS 27.007 sections 8.11 (+CPBS), 8.12 (+CPBR), 8.13 (+CPBF) and
8.14 (+CPBW), as in "AT Commands Reference Guide" 80000ST10025a Rev.5
section 3.5.4.3.  The one storage is "SM", the SIM's abbreviated dialling
numbers (:data:`hostsim.parts.sim.PHONEBOOK_CAPACITY` records of
:data:`~hostsim.parts.sim.PHONEBOOK_NUMBER_LENGTH` digits and a
:data:`~hostsim.parts.sim.PHONEBOOK_TEXT_LENGTH`-character name); the entries
live on the card, so they persist with it and go where it goes.
"""
from __future__ import annotations

from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import info_lines
from hostsim.core.errors import (
    DIAL_STRING_TOO_LONG,
    MEMORY_FULL,
    NOT_FOUND,
    OPERATION_NOT_SUPPORTED,
    TEXT_STRING_TOO_LONG,
    CmeError,
)
from hostsim.parts.sim import (
    INTERNATIONAL,
    NATIONAL,
    PHONEBOOK_CAPACITY,
    PHONEBOOK_NUMBER_LENGTH,
    PHONEBOOK_TEXT_LENGTH,
    PhonebookEntry,
)

TS27007 = "3GPP TS 27.007"
ATR5 = "Telit AT Commands Reference Guide 80000ST10025a Rev.5 3.5.4.3"
STORAGES = ("SM",)
TEXT_INPUT_MAX = 80               # what fits on a command line; longer names get 24
_INDEX = "(1-%d)" % PHONEBOOK_CAPACITY


def _line(name: str, entry: PhonebookEntry) -> str:
    return '%s: %d,"%s",%d,"%s"' % (name, entry.index, entry.number, entry.type, entry.text)


def _cpbs_read(ctx):
    ctx.info('+CPBS: "%s",%d,%d' % (ctx.get("+CPBS"), len(ctx.module.sim.phonebook),
                                    PHONEBOOK_CAPACITY))


def _cpbr(ctx, first, last):
    last = first if last is None else last
    if last < first:
        raise CmeError(OPERATION_NOT_SUPPORTED)
    info_lines(ctx, [_line("+CPBR", e) for e in ctx.module.sim.phonebook
                     if first <= e.index <= last])


def _cpbw(ctx, index, number, type_, text):
    sim = ctx.module.sim
    if number is None:
        if index is None:
            raise CmeError(OPERATION_NOT_SUPPORTED)
        sim.delete_entry(index)
        return
    if len(number.lstrip("+")) > PHONEBOOK_NUMBER_LENGTH:
        raise CmeError(DIAL_STRING_TOO_LONG)
    if len(text) > PHONEBOOK_TEXT_LENGTH:
        raise CmeError(TEXT_STRING_TOO_LONG)
    if type_ is None:
        type_ = INTERNATIONAL if number.startswith("+") else NATIONAL
    if sim.write_entry(index, number, type_, text) is None:
        raise CmeError(MEMORY_FULL)


def _cpbf(ctx, text):
    found = ctx.module.sim.find_entries(text)
    if not found:
        raise CmeError(NOT_FOUND)
    info_lines(ctx, [_line("+CPBF", e) for e in found])


COMMANDS = [
    Command("+CPBS", params=(Str("storage", 2, pattern="|".join(STORAGES), upper=True),),
            set=lambda ctx, storage: ctx.set("+CPBS", storage), read=_cpbs_read,
            test="+CPBS: (%s)" % ",".join('"%s"' % s for s in STORAGES), needs_sim=True,
            doc="phonebook storage (SM)", source=TS27007 + " 8.11; " + ATR5),
    Command("+CPBR", params=(Int("index1", 1, PHONEBOOK_CAPACITY),
                             Int("index2", 1, PHONEBOOK_CAPACITY, default=None)),
            set=_cpbr, test="+CPBR: %s,%d,%d" % (_INDEX, PHONEBOOK_NUMBER_LENGTH,
                                                 PHONEBOOK_TEXT_LENGTH),
            needs_sim=True, doc="read phonebook entries", source=TS27007 + " 8.12; " + ATR5),
    Command("+CPBW", params=(Int("index", 1, PHONEBOOK_CAPACITY, default=None),
                             Str("number", TEXT_INPUT_MAX, default=None,
                                 pattern=r"\+?[0-9*#]+"),
                             Int("type", choices=(NATIONAL, INTERNATIONAL), default=None),
                             Str("text", TEXT_INPUT_MAX, default="")),
            set=_cpbw, test="+CPBW: %s,%d,(%d,%d),%d" % (
                _INDEX, PHONEBOOK_NUMBER_LENGTH, NATIONAL, INTERNATIONAL,
                PHONEBOOK_TEXT_LENGTH),
            needs_sim=True, doc="write or delete a phonebook entry",
            source=TS27007 + " 8.14; " + ATR5),
    Command("+CPBF", params=(Str("findtext", TEXT_INPUT_MAX),), set=_cpbf,
            test="+CPBF: %d,%d" % (PHONEBOOK_NUMBER_LENGTH, PHONEBOOK_TEXT_LENGTH),
            needs_sim=True, doc="find phonebook entries by name",
            source=TS27007 + " 8.13; " + ATR5),
]
