"""The section 8.1 settings no other family uses: #ENS, #COPSMODE, #ENHSIM, the AT-run
configuration (#SMSATRUNCFG, #SMSATWL, #TCPATRUNCFG, #TCPATRUNFRWL, #TCPATRUNAUTH) and
#GSMCONT.

They are NVM settings that a firmware update keeps (PFM application note,
section 8.1), so that a settings restore covers the whole list.  The AT-run
services themselves (AT commands over SMS or TCP) are not emulated: these
commands store, show and validate their configuration.  Source: "AT Commands
Reference Guide" 80000ST10025a Rev.24 (GL865/GE865 family).
"""
from __future__ import annotations

from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import info_lines, setting_command
from hostsim.commands.sockets import firewall_command
from hostsim.core.errors import NOT_FOUND, OPERATION_NOT_SUPPORTED, CmeError

ATR24 = "Telit AT Commands Reference Guide 80000ST10025a Rev.24"
SMSATWL_ENTRIES = 8
TCPATRUN_RULES = 5
TCPATRUNAUTH_ENTRIES = 3
ADD, DELETE, PRINT = 0, 1, 2          # #SMSATWL / #TCPATRUNAUTH <action>


def _indexed_list(name: str, params, size: int, line: str, doc: str) -> Command:
    """``<action>,<index>[,values]``: 0 add (or replace) an entry, 1 delete it, 2 print it."""

    def set_(ctx, action, index, *values):
        table = ctx.get(name)
        key = str(index)
        if action == ADD:
            if any(v is None for v in values):
                raise CmeError(OPERATION_NOT_SUPPORTED)
            table[key] = list(values)
            ctx.set(name, table)
        elif key not in table:
            raise CmeError(NOT_FOUND)
        elif action == DELETE:
            del table[key]
            ctx.set(name, table)
        else:
            ctx.info(line % tuple([index] + table[key]))

    def read(ctx):
        table = ctx.get(name)
        info_lines(ctx, [line % tuple([int(key)] + table[key]) for key in sorted(table, key=int)])

    return Command(name, params=(Int("action", 0, 2), Int("index", 1, size)) + tuple(params),
                   set=set_, read=read, doc=doc, source=ATR24 + " " + name)


def _tcpatruncfg_read(ctx):
    values = ctx.get("#TCPATRUNCFG")
    ctx.info('#TCPATRUNCFG: %d,%d,%d,%d,"%s",%d,%d,%d,%d,%d' % tuple(values))


def _gsmcont_set(ctx, cid, p_type, number):
    if (p_type is None) != (number is None):
        raise CmeError(OPERATION_NOT_SUPPORTED)
    ctx.set("#GSMCONT", [] if p_type is None else [cid, p_type, number])


def _gsmcont_read(ctx):
    value = ctx.get("#GSMCONT")
    if value:
        ctx.info('#GSMCONT: %d,"%s","%s"' % tuple(value))


COMMANDS = [
    setting_command("#ENS", Int("mode", 0, 1), doc="ENS functionality", source=ATR24 + " #ENS"),
    setting_command("#COPSMODE", Int("mode", 0, 1), doc="+COPS behaviour",
                    source=ATR24 + " #COPSMODE"),
    setting_command("#ENHSIM", Int("mode", 0, 1), doc="enhanced SIM speed",
                    source=ATR24 + " #ENHSIM"),
    setting_command("#SMSATRUNCFG", Int("instance", 1, 3), Int("urcmod", 0, 1, default=1),
                    Int("timeout", 1, 60, default=5), doc="SMS AT run configuration",
                    source=ATR24 + " #SMSATRUNCFG"),
    _indexed_list("#SMSATWL", (Int("entryType", 0, 1, default=None),
                               Str("string", 32, default=None)),
                  SMSATWL_ENTRIES, '#SMSATWL: %d,%d,"%s"', "SMS AT run white list"),
    Command("#TCPATRUNCFG", params=(Int("connId", 1, 6), Int("instance", 1, 3),
                                    Int("tcpPort", 1, 65535), Int("tcpHostPort", 1, 65535),
                                    Str("tcpHost", 64), Int("urcmod", 0, 1, default=1),
                                    Int("timeout", 1, 5, default=5),
                                    Int("authMode", 0, 1, default=0),
                                    Int("retryCnt", 0, 5, default=0),
                                    Int("retryDelay", 1, 3600, default=5)),
            set=lambda ctx, *values: ctx.set("#TCPATRUNCFG", list(values)),
            read=_tcpatruncfg_read, doc="TCP AT run configuration",
            source=ATR24 + " #TCPATRUNCFG"),
    firewall_command("#TCPATRUNFRWL", TCPATRUN_RULES, "TCP AT run firewall",
                     ATR24 + " #TCPATRUNFRWL"),
    _indexed_list("#TCPATRUNAUTH", (Str("userid", 50, default=None),
                                    Str("passw", 50, default=None)),
                  TCPATRUNAUTH_ENTRIES, '#TCPATRUNAUTH: %d,"%s","%s"', "TCP AT run credentials"),
    Command("#GSMCONT", params=(Int("cid", 0, 0), Str("P_type", 3, default=None, pattern="GSM",
                                                      upper=True),
                                Str("CSD_num", 24, default=None, pattern=r"\+?[0-9]+")),
            set=_gsmcont_set, read=_gsmcont_read, test='#GSMCONT: 0,"GSM",',
            doc="GSM context definition", source=ATR24 + " #GSMCONT"),
]
