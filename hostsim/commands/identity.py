"""Identity, clock and status: +CCLK, #CGSN, #CIMI, +CCID, #MONI, #SERVINFO, +CBC, #CBC,
#TEMPMON, #ENHRST, #SLED/#SLEDSAV, #CPUMODE, #PLMNMODE, &P, &Y, +CGQREQ, +CGQMIN.

Sources: "AT Commands Reference Guide" 80000ST10025a Rev.5 (ATR5; GM862/GE863/
GE864/GC864 family, SELINT 2 forms) and 3GPP TS 27.007 for the +C commands.
The supply voltage and the temperature are those of a module on a bench
supply at room temperature (:data:`SUPPLY_MV`, :data:`TEMPERATURE_C`).
"""
from __future__ import annotations

import datetime

from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import info_lines, save_command, setting_command
from hostsim.core.errors import OPERATION_NOT_SUPPORTED, CmeError
from hostsim.core.settings import PROFILE_NUMBERS

ATR5 = "Telit AT Commands Reference Guide 80000ST10025a Rev.5"
TS27007 = "3GPP TS 27.007"

# The real-time clock: +CCLK counts from 2000-01-01 00:00:00 at virtual time 0.
RTC_EPOCH = datetime.datetime(2000, 1, 1)
CCLK_PATTERN = r"\d\d/\d\d/\d\d,\d\d:\d\d:\d\d[+-]\d\d"
TIME_ZONE_QUARTERS = 48          # +CCLK zone: -48..+48 quarters of an hour

# The serving cell as #MONI / #SERVINFO show it (the world gives LAC, cell id, signal).
SERVING_BSIC = 23
SERVING_ARFCN = 59
NETWORK_OPERATION_MODE = "II"
ROUTING_AREA_CODE = "01"
PRIORITY_ACCESS_THRESHOLD = 6
MONI_ALL_CELLS = 7               # #MONI=7: the table of the serving and neighbour cells

# Power supply and temperature (no battery charger on the module's supply).
SUPPLY_MV = 3800
BATTERY_EMPTY_MV, BATTERY_FULL_MV = 3200, 4200
TEMPERATURE_C = 25
NORMAL_TEMPERATURE = 0           # #TEMPMEAS <level>

MINUTE_MS = 60_000
ENHRST_MAX_MIN = 1440
ONE_SHOT, PERIODIC = 1, 2        # #ENHRST <mod>

QOS_TEST = '"IP",(0-3),(0-4),(0-5),(0-9),(0-18,31)'


# -- +CCLK ----------------------------------------------------------------------------


def rtc_now(module) -> tuple[datetime.datetime, int]:
    """The module's clock: local time and time zone (quarters of an hour)."""
    offset_s, zone = module.settings.get("+CCLK")
    return RTC_EPOCH + datetime.timedelta(seconds=offset_s + module.clock.now // 1000), zone


def _cclk_set(ctx, text):
    try:
        moment = datetime.datetime.strptime(text[:17], "%y/%m/%d,%H:%M:%S")
    except ValueError:
        raise CmeError(OPERATION_NOT_SUPPORTED) from None
    zone = int(text[17:])
    if abs(zone) > TIME_ZONE_QUARTERS:
        raise CmeError(OPERATION_NOT_SUPPORTED)
    offset_s = int((moment - RTC_EPOCH).total_seconds()) - ctx.now // 1000
    ctx.set("+CCLK", [offset_s, zone])


def _cclk_read(ctx):
    moment, zone = rtc_now(ctx.module)
    ctx.info('+CCLK: "%s%+03d"' % (moment.strftime("%y/%m/%d,%H:%M:%S"), zone))


# -- cells ----------------------------------------------------------------------------


def _dbm(ctx) -> int:
    """Received level in dBm from the +CSQ rssi (0 is -113 dBm, 2 dB a step)."""
    radio, world = ctx.module.radio, ctx.module.world
    return -113 + 2 * world.rssi if radio.has_signal() else -113


def _serving_cell(ctx) -> str:
    radio, world = ctx.module.radio, ctx.module.world
    head = (world.operator_name if radio.registered
            else "Cc:%s Nc:%s" % (world.operator[:3], world.operator[3:]))
    return "%s BSIC:%d RxQual:%d LAC:%s Id:%s ARFCN:%d PWR:%d dBm TA: 0" % (
        head, SERVING_BSIC, world.ber, world.lac, world.ci, SERVING_ARFCN, _dbm(ctx))


def _moni(ctx):
    cell = ctx.get("#MONI")
    world = ctx.module.world
    if cell == MONI_ALL_CELLS:
        info_lines(ctx, ["#MONI: Cell BSIC LAC CellId ARFCN Power C1 C2 TA RxQual PLMN",
                         "#MONI: S %d %s %s %d %ddbm 0 0 0 %d %s" % (
                             SERVING_BSIC, world.lac, world.ci, SERVING_ARFCN, _dbm(ctx),
                             world.ber, world.operator_name)])
    elif cell == 0:
        ctx.info("#MONI: " + _serving_cell(ctx))
    else:
        ctx.info("#MONI: Adj Cell%d ARFCN:0 PWR:-113 dBm" % cell)   # no neighbour cells


def _servinfo(ctx):
    radio, world = ctx.module.radio, ctx.module.world
    line = '#SERVINFO: %d,%d,"%s","%s",%02X,%s,0,%d' % (
        SERVING_ARFCN, _dbm(ctx), world.operator_name if radio.registered else "",
        world.operator, SERVING_BSIC, world.lac, int(world.gprs))
    if world.gprs:
        line += ',,"%s",%s,%d' % (NETWORK_OPERATION_MODE, ROUTING_AREA_CODE,
                                   PRIORITY_ACCESS_THRESHOLD)
    ctx.info(line)


# -- supply and temperature -----------------------------------------------------------


def _battery_level() -> int:
    """+CBC <bcl>: the charge in steps of 25 % (ATR5 +CBC)."""
    span = BATTERY_FULL_MV - BATTERY_EMPTY_MV
    percent = max(0, min(100, (SUPPLY_MV - BATTERY_EMPTY_MV) * 100 // span))
    return percent // 25 * 25


def _tempmon_set(ctx, mod, urcmode, action, hyst_time, gpio):
    if mod == 1:
        ctx.info("#TEMPMEAS: %d,%d" % (NORMAL_TEMPERATURE, TEMPERATURE_C))
        return
    stored = ctx.get("#TEMPMON")
    given = [urcmode, action, hyst_time, gpio]
    ctx.set("#TEMPMON", [stored[i] if value is None else value for i, value in enumerate(given)])


# -- #ENHRST --------------------------------------------------------------------------


def _schedule_reset(module, minutes: int) -> None:
    due = module.clock.now + minutes * MINUTE_MS
    module.settings.set("#ENHRST:due", due)

    def fire():
        if module.settings.get("#ENHRST:due") != due:
            return            # superseded by a later #ENHRST
        mode = module.settings.get("#ENHRST")[0]
        if mode == ONE_SHOT:
            module.settings.set("#ENHRST", [0, 0])
        module.trace.emit("power", "module", "#ENHRST reset", mode=mode)
        module.reboot("#ENHRST")

    module.radio.later(minutes * MINUTE_MS, fire)


def _enhrst_set(ctx, mod, delay):
    if mod != 0 and delay is None:
        raise CmeError(OPERATION_NOT_SUPPORTED)
    if mod == PERIODIC and delay == 0:
        raise CmeError(OPERATION_NOT_SUPPORTED)
    ctx.set("#ENHRST", [mod, delay or 0])
    ctx.set("#ENHRST:due", -1)
    if mod:
        _schedule_reset(ctx.module, delay)


def _enhrst_read(ctx):
    mod, delay = ctx.get("#ENHRST")
    due = ctx.get("#ENHRST:due")
    if mod and due >= 0:
        remaining = -(-(due - ctx.now) // MINUTE_MS)
        ctx.info("#ENHRST: %d,%d,%d" % (mod, delay, remaining))
    else:
        ctx.info("#ENHRST: %d,%d" % (mod, delay))


def on_boot(module) -> None:
    """Power-on: a pending one-shot reset is forgotten, a periodic one starts again."""
    mod, delay = module.settings.get("#ENHRST")
    if mod == ONE_SHOT:
        module.settings.set("#ENHRST", [0, 0])
    elif mod == PERIODIC:
        _schedule_reset(module, delay)


# -- profiles -------------------------------------------------------------------------


def _designate(full: int):
    def set_(ctx, number):
        ctx.set("&P", [number, full])
    return set_


# -- +CGQREQ / +CGQMIN ----------------------------------------------------------------


def _qos_command(name: str, doc: str) -> Command:
    def set_(ctx, cid, *values):
        table = ctx.get(name)
        if all(v is None for v in values):
            table.pop(str(cid), None)
        else:
            table[str(cid)] = [0 if v is None else v for v in values]
        ctx.set(name, table)

    def read(ctx):
        table = ctx.get(name)
        info_lines(ctx, ["%s: %s,%s" % (name, cid, ",".join(str(v) for v in table[cid]))
                         for cid in sorted(table, key=int)])

    return Command(name, params=(Int("cid", 1, 5), Int("precedence", 0, 3, default=None),
                                 Int("delay", 0, 4, default=None),
                                 Int("reliability", 0, 5, default=None),
                                 Int("peak", 0, 9, default=None),
                                 Int("mean", choices=tuple(range(19)) + (31,), default=None)),
                   set=set_, read=read, test="%s: %s" % (name, QOS_TEST), doc=doc,
                   source=TS27007 + " (as in " + ATR5 + ")")


COMMANDS = [
    Command("+CCLK", params=(Str("time", 20, pattern=CCLK_PATTERN),), set=_cclk_set,
            read=_cclk_read, test="", doc="real-time clock on the virtual clock",
            source=TS27007 + "; " + ATR5 + " +CCLK"),
    Command("#CGSN", action=lambda ctx: ctx.info("#CGSN: %s" % ctx.module.imei), test="",
            doc="IMEI", source=ATR5 + " #CGSN"),
    Command("#CIMI", action=lambda ctx: ctx.info("#CIMI: %s" % ctx.module.sim.imsi), test="",
            needs_sim=True, doc="IMSI", source=ATR5 + " #CIMI"),
    Command("+CCID", action=lambda ctx: ctx.info("+CCID: %s" % ctx.module.sim.iccid), test="",
            needs_sim=True, doc="SIM ICCID", source=ATR5 + " (#CCID form with +)"),
    Command("#MONI", params=(Int("number", 0, 7, default=0),),
            set=lambda ctx, number: ctx.set("#MONI", number), action=_moni,
            test=lambda ctx: ctx.info("#MONI: (5,%d)" % ctx.get("#MONI")),
            doc="cell monitor", source=ATR5 + " 3.5.7.1.43 p.276-278"),
    Command("#SERVINFO", action=_servinfo, test="", doc="serving cell information",
            source=ATR5 + " 3.5.7.1.44 p.278"),
    Command("+CBC", action=lambda ctx: ctx.info("+CBC: 0,%d" % _battery_level()),
            test="+CBC: (0-3),(0-100)", doc="battery charge", source=TS27007 + "; " + ATR5),
    Command("#CBC", action=lambda ctx: ctx.info("#CBC: 0,%d" % (SUPPLY_MV // 10)), test="",
            doc="charger state, battery voltage (10 mV)", source=ATR5 + " #CBC"),
    Command("#TEMPMON", params=(Int("mod", 0, 1), Int("urcmode", 0, 1, default=None),
                                Int("action", 0, 7, default=None),
                                Int("hyst_time", 0, 255, default=None),
                                Int("GPIO", 1, 13, default=None)),
            set=_tempmon_set,
            read=lambda ctx: ctx.info("#TEMPMON: %s" % ",".join(
                str(v) for v in ctx.get("#TEMPMON"))),
            doc="temperature monitor", source=ATR5 + " 3.5.7.1.24 p.254-255"),
    Command("#ENHRST", params=(Int("mod", 0, 2), Int("delay", 0, ENHRST_MAX_MIN, default=None)),
            set=_enhrst_set, read=_enhrst_read, doc="reset after (1) or every (2) delay minutes",
            source=ATR5 + " #ENHRST"),
    setting_command("#SLED", Int("mode", 0, 3), Int("on_duration", 1, 100, default=10),
                    Int("off_duration", 1, 100, default=10), doc="status LED (saved by #SLEDSAV)",
                    source=ATR5 + " #SLED"),
    save_command("#SLEDSAV", "save #SLED in NVM", ATR5 + " #SLEDSAV"),
    setting_command("#CPUMODE", Int("mode", 0, 3), doc="CPU clock mode",
                    source=ATR5 + " #CPUMODE"),
    setting_command("#PLMNMODE", Int("mode", 0, 1), doc="PLMN list selection",
                    source=ATR5 + " #PLMNMODE"),
    Command("&P", params=(Int("n", choices=PROFILE_NUMBERS, default=0),),
            set=_designate(1), basic=True, doc="full profile loaded at power-on",
            source=ATR5 + " 3.2.6 and &P"),
    Command("&Y", params=(Int("n", choices=PROFILE_NUMBERS, default=0),),
            set=_designate(0), basic=True, doc="base profile section loaded at power-on",
            source=ATR5 + " 3.2.6 and &Y"),
    _qos_command("+CGQREQ", "requested quality of service"),
    _qos_command("+CGQMIN", "minimum acceptable quality of service"),
]
