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

$GPSNMUN <enable> 3, the dedicated NMEA data mode (80000ST10025a, GPS AT Commands Set,
$GPSNMUN).  The text of that section could not be read for this emulator; what follows
rests on public client code of Telit modules (Eclipse Kura's Telit driver sends
``AT$GPSNMUN=3,1,1,1,1,1,1`` on the AT port, waits for ``CONNECT`` and leaves with
``+++``; AutoPi's LE910 driver: "reserve the interface port only for the NMEA data
stream", and it reads ``$GPSNMUN: <0-3>,...``).  The answer is ``CONNECT``, then only the
selected sentences flow on that interface, as data (each ending CR LF, NMEA 0183), at the
receiver's output rate, with and without a fix as in modes 1 and 2.  The ``+++`` escape
(the engine's guard times) ends the mode with ``NO CARRIER``, which both Kura and AutoPi
wait for, and the interface answers AT commands again.  Meanwhile other URCs wait (the
engine sends them once the interface is back in command mode), bytes from the DTE other
than the escape are dropped, and the other interfaces keep working.  An interface in online data mode cannot take
``AT$GPSNMUN=3`` at all: its bytes are data for the connection.

Choices, where the guide is silent as far as this emulator knows it: powering the
receiver down ($GPSP=0 on another interface, ``GPS.powerOnOff(0)``) ends the mode with
``NO CARRIER``; a module power-off ends it with nothing; entering it while the receiver
is powered down is refused with +CME ERROR: 3 (operation not allowed); once the mode
has ended, ``AT$GPSNMUN?`` on that interface answers <enable> 0 with the sentence flags
as they were set; an interface whose connection was suspended with ``+++`` may enter it.
Kura and AutoPi drive the HE910 and LE910; the GM862-GPS is taken to answer the escape
as they do.

Models without a GPS answer ERROR to every form, as to an unknown command.
"""
from __future__ import annotations

from typing import Callable

from hostsim.at.engine import Online, OnlineSession
from hostsim.at.syntax import Command, Int
from hostsim.commands.common import format_value
from hostsim.core.errors import OPERATION_NOT_ALLOWED, AtSyntaxError, CmeError
from hostsim.parts.gps import NMEA_KINDS, NMEA_LINE_END

SOURCE = "AT Commands Reference Guide 80000ST10025a, GPS AT Commands Set"
NMUN_SOURCE = (SOURCE + " $GPSNMUN; <enable> 3 (dedicated NMEA data mode, left with +++) as "
               "Telit client code uses it: see the module docstring")
# <enable>: off, "$GPSNMUN: <sentence>" URCs, bare URCs, the dedicated NMEA data mode
NMUN_OFF, NMUN_PREFIXED, NMUN_BARE, NMUN_DEDICATED = 0, 1, 2, 3
FACTORY_NMUN = [NMUN_OFF] + [1] * len(NMEA_KINDS)


def _gps_only(handler: Callable[..., None]) -> Callable[..., None]:
    def checked(ctx, *values):
        if not ctx.module.spec.has_gps:
            raise AtSyntaxError("%s: the %s has no GPS receiver" % (ctx.command.name,
                                                                   ctx.module.spec.name))
        return handler(ctx, *values)
    return checked


def _gps_command(name: str, doc: str, params: tuple = (), action=None, read=None, set_=None,
                 test: str = "", source: str = SOURCE) -> Command:
    """A GPS command; ``test`` is the ``=?`` answer ("" for a bare OK)."""
    def test_form(ctx):
        if test:
            ctx.info(test)

    return Command(name, params=params, doc=doc, source=source,
                   action=action and _gps_only(action), read=read and _gps_only(read),
                   set=set_ and _gps_only(set_), test=_gps_only(test_form))


def _config_command(name: str, attribute: str, choices: tuple[int, ...], doc: str) -> Command:
    """$GPSP, $GPSAT, $GPSD: one value of the receiver's parameters."""
    def set_(ctx, value):
        gps = ctx.module.gps
        if getattr(gps.config, attribute) != value:
            gps.set_parameter(attribute, value)
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


class NmeaDataMode(OnlineSession):
    """$GPSNMUN=3: the interface carries the selected NMEA sentences as data until
    ``+++`` or until the receiver is powered down."""

    def __init__(self, ctx, kinds: tuple[str, ...]):
        self.engine = ctx.engine
        self.gps = ctx.module.gps
        self.stream = _nmun_stream(ctx)
        self.gps.start_stream(self.stream, kinds, self._send, on_power_down=self._powered_down)

    escape_result = "NO CARRIER"      # the mode ends at the escape (see the module docstring)

    def from_dte(self, data: bytes) -> None:
        """The NMEA data mode only sends: what the DTE types (but ``+++``) is dropped."""

    def escaped(self) -> None:
        self._leave()

    def _send(self, sentence: str) -> None:
        self.engine.to_dte(sentence.encode("ascii") + NMEA_LINE_END)

    def _powered_down(self) -> None:
        self._leave()
        self.engine.hang_up("NO CARRIER")

    def _leave(self) -> None:
        self.gps.stop_stream(self.stream)
        self.gps.nmea_settings[self.engine.name][0] = NMUN_OFF


def _nmun_set(ctx, enable, *flags):
    gps = ctx.module.gps
    if enable == NMUN_DEDICATED and not gps.powered:
        raise CmeError(OPERATION_NOT_ALLOWED)     # the data mode lasts while the GPS is powered
    gps.nmea_settings[ctx.engine.name] = [enable] + list(flags)
    gps.stop_stream(_nmun_stream(ctx))
    kinds = tuple(kind for kind, on in zip(NMEA_KINDS, flags) if on)
    if enable == NMUN_DEDICATED:
        return Online(NmeaDataMode(ctx, kinds))
    if enable != NMUN_OFF:
        engine = ctx.engine
        prefix = "$GPSNMUN: " if enable == NMUN_PREFIXED else ""
        gps.start_stream(_nmun_stream(ctx), kinds, lambda sentence: engine.urc(prefix + sentence))
    return None


def _nmun_read(ctx):
    values = ctx.module.gps.nmea_settings.get(ctx.engine.name, FACTORY_NMUN)
    ctx.info("$GPSNMUN: %s" % format_value(values))


_NMUN_PARAMS = (Int("enable", NMUN_OFF, NMUN_DEDICATED),) + tuple(
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
                 "2 bare, 3 NMEA data mode until +++), then GGA GLL GSA GSV RMC VTG",
                 _NMUN_PARAMS, set_=_nmun_set, read=_nmun_read,
                 test="$GPSNMUN: %s" % ",".join(p.describe() for p in _NMUN_PARAMS),
                 source=NMUN_SOURCE),
]
