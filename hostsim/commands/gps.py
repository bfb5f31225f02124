"""The GPS receiver of GPS models (GM862-GPS): $GPSP $GPSR $GPSD $GPSAT $GPSACP $GPSSAV
$GPSRST $GPSNMUN.

Source: Telit "AT Commands Reference Guide" 80000ST10025a, section "GPS AT Commands Set"
(the GM862-GPS / GE863-GPS column), and "GM, GE/GL Families GPS Solutions User Guide"
1vv0300914 Rev.1 (2011-12-02), pages 17-26.  $GPSD=2 is the controlled mode Telit's own
GM862-GPS tracker script checks for (``AT$GPSD?`` -> ``$GPSD: 2``).

Storage: $GPSP, $GPSAT and $GPSD are volatile until $GPSSAV stores them in the GPS
receiver's own NVM (they apply again at power-on; a firmware update does not touch it);
$GPSRST brings back the factory values.  $GPSNMUN is volatile, per interface: the
sentences go to the interface that enabled them.

Models without a GPS answer ERROR to every form, as to an unknown command.
"""
from __future__ import annotations

from typing import Callable

from hostsim.at.syntax import Command, Int
from hostsim.commands.common import format_value
from hostsim.core.errors import AtSyntaxError
from hostsim.parts.gps import NMEA_KINDS

SOURCE = "AT Commands Reference Guide 80000ST10025a, GPS AT Commands Set"
NMUN_OFF, NMUN_PREFIXED, NMUN_BARE = 0, 1, 2    # <enable>: off, "$GPSNMUN: <sentence>", bare
FACTORY_NMUN = [NMUN_OFF] + [1] * len(NMEA_KINDS)


def _gps_only(handler: Callable[..., None]) -> Callable[..., None]:
    def checked(ctx, *values):
        if not ctx.module.spec.has_gps:
            raise AtSyntaxError("%s: the %s has no GPS receiver" % (ctx.command.name,
                                                                   ctx.module.spec.name))
        return handler(ctx, *values)
    return checked


def _gps_command(name: str, doc: str, params: tuple = (), action=None, read=None, set_=None,
                 test: str = "") -> Command:
    """A GPS command; ``test`` is the ``=?`` answer ("" for a bare OK)."""
    def test_form(ctx):
        if test:
            ctx.info(test)

    return Command(name, params=params, doc=doc, source=SOURCE,
                   action=action and _gps_only(action), read=read and _gps_only(read),
                   set=set_ and _gps_only(set_), test=_gps_only(test_form))


def _config_command(name: str, attribute: str, choices: tuple[int, ...], doc: str) -> Command:
    """$GPSP, $GPSAT, $GPSD: one value of the receiver's parameters."""
    def set_(ctx, value):
        gps = ctx.module.gps
        if getattr(gps.config, attribute) != value:
            setattr(gps.config, attribute, value)
            ctx.module.trace.emit("setting", ctx.engine.name, "%s=%d" % (name, value),
                                  name=name, value=value)

    def read(ctx):
        ctx.info("%s: %d" % (name, getattr(ctx.module.gps.config, attribute)))

    param = Int("value", choices=choices)
    return _gps_command(name, doc, (param,), set_=set_, read=read,
                        test="%s: %s" % (name, param.describe()))


def _reset(ctx, mode):
    ctx.module.gps.reset(mode)


def _acp(ctx):
    ctx.info("$GPSACP: %s" % ctx.module.gps.acp())


def _save(ctx):
    ctx.module.gps.save()
    ctx.module.trace.emit("setting", ctx.engine.name, "GPS parameters stored")


def _restore(ctx):
    ctx.module.gps.restore_factory()
    ctx.module.trace.emit("setting", ctx.engine.name, "GPS parameters back to factory values")


def _nmun_stream(ctx) -> str:
    return "$GPSNMUN on %s" % ctx.engine.name


def _nmun_set(ctx, enable, *flags):
    gps = ctx.module.gps
    gps.nmea_settings[ctx.engine.name] = [enable] + list(flags)
    if enable == NMUN_OFF:
        gps.stop_stream(_nmun_stream(ctx))
        return
    engine = ctx.engine
    prefix = "$GPSNMUN: " if enable == NMUN_PREFIXED else ""
    kinds = tuple(kind for kind, on in zip(NMEA_KINDS, flags) if on)
    gps.start_stream(_nmun_stream(ctx), kinds, lambda sentence: engine.urc(prefix + sentence))


def _nmun_read(ctx):
    values = ctx.module.gps.nmea_settings.get(ctx.engine.name, FACTORY_NMUN)
    ctx.info("$GPSNMUN: %s" % format_value(values))


_NMUN_PARAMS = (Int("enable", choices=(NMUN_OFF, NMUN_PREFIXED, NMUN_BARE)),) + tuple(
    Int(kind, choices=(0, 1), default=1) for kind in NMEA_KINDS)

COMMANDS = [
    _config_command("$GPSP", "powered", (0, 1), "GPS controller power: 0 down, 1 up"),
    _gps_command("$GPSR", "GPS reset: 0 factory, 1 cold, 2 warm, 3 hot start",
                 (Int("reset_type", 0, 3),), set_=_reset, test="$GPSR: (0-3)"),
    _config_command("$GPSD", "device", (0, 2), "GPS device type: 0 none, 2 controlled SiRF"),
    _config_command("$GPSAT", "antenna", (0, 1), "GPS antenna type: 0 passive, 1 active"),
    _gps_command("$GPSACP", "last acquired position", action=_acp),
    _gps_command("$GPSSAV", "store the GPS parameters", action=_save),
    _gps_command("$GPSRST", "GPS parameters back to factory values", action=_restore),
    _gps_command("$GPSNMUN", "unsolicited NMEA: enable (0 off, 1 with a $GPSNMUN: prefix, "
                 "2 bare), then GGA GLL GSA GSV RMC VTG", _NMUN_PARAMS, set_=_nmun_set,
                 read=_nmun_read,
                 test="$GPSNMUN: %s" % ",".join(p.describe() for p in _NMUN_PARAMS)),
]
