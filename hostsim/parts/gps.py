"""The GPS receiver of GPS models (GM862-GPS): a fix over virtual time, NMEA, ``$GPSACP``.

Where the receiver is comes from a :class:`Track`: timed points, linearly
interpolated, with no fix before the first point and at points marked
``fix: false`` (until the next point).  A track is built from a list of
points, an NMEA log or a GPX file (the scenario does that).  Sentences are
built with pynmea2, in the forms of the SiRFstar III receiver of the
GM862-GPS (SiRF "NMEA Reference Manual" rev. 2.1: RMC and GLL carry a mode
indicator; GGA ends with the DGPS station ``0000``).

The ``$GPSACP`` payload follows Telit's "AT Commands Reference Guide"
80000ST10025a, section $GPSACP, and the GM862-GPS output seen in scripts
(``120631.999,5433.9472N,00954.8768E,1.0,46.5,3,167.28,0.36,0.19,130707,11``).
Without a fix every field is present and empty except ``<fix>`` = 0
(``,,,,,0,,,,,``): scripts split it and index the fields.
"""
from __future__ import annotations

import copy
import datetime
import math
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict, dataclass
from typing import Any, Callable

import pynmea2

from hostsim.core.clock import EPOCH_UTC, Clock, Timer

NMEA_KINDS = ("GGA", "GLL", "GSA", "GSV", "RMC", "VTG")   # the order of $GPSNMUN's flags
NMEA_PERIOD_MS = 1_000       # the receiver's output rate: one set of sentences a second
NMEA_LINE_END = b"\r\n"       # NMEA 0183: every sentence on a serial line ends with CR LF
KMH_PER_KNOT = 1.852
EARTH_RADIUS_M = 6_371_000
DEFAULT_HDOP = 1.0
DEFAULT_SATELLITES = 7
FIX_3D, FIX_2D, NO_FIX = 3, 2, 0      # $GPSACP <fix>
SATELLITES_PER_GSV = 4
# Time to first fix after $GPSR / GPS.resetMode (SiRFstar III GSW3 datasheet: hot 1 s,
# warm 38 s, cold 42 s; a factory reset also forgets the almanac: as a cold start).
FACTORY, COLD, WARM, HOT = 0, 1, 2, 3
RESET_TTFF_MS = {FACTORY: 42_000, COLD: 42_000, WARM: 38_000, HOT: 1_000}


class TrackError(ValueError):
    """A track that cannot be used; the message says where."""


@dataclass(frozen=True)
class TrackPoint:
    t_ms: int                    # virtual time
    lat: float = 0.0             # degrees, negative south
    lon: float = 0.0             # degrees, negative west
    altitude_m: float = 0.0
    fix: bool = True             # False: the fix is lost from here to the next point
    satellites: int = DEFAULT_SATELLITES


@dataclass(frozen=True)
class Reading:
    """What the receiver knows at one moment with a fix."""
    lat: float
    lon: float
    altitude_m: float
    speed_kmh: float
    course_deg: float
    satellites: int


class Track:
    """Timed points; between two fixes the position moves in a straight line."""

    def __init__(self, points: list[TrackPoint] | None = None):
        self.points = sorted(points or [], key=lambda p: p.t_ms)

    @classmethod
    def fixed(cls, lat: float, lon: float, altitude_m: float = 0.0,
              satellites: int = DEFAULT_SATELLITES) -> Track:
        """A receiver that stands still with a fix from t=0."""
        return cls([TrackPoint(0, lat, lon, altitude_m, True, satellites)])

    def at(self, t_ms: int) -> Reading | None:
        points = self.points
        if not points or t_ms < points[0].t_ms:
            return None
        index = max(i for i, p in enumerate(points) if p.t_ms <= t_ms)
        here = points[index]
        if not here.fix:
            return None
        after = points[index + 1] if index + 1 < len(points) else None
        if after is None or not after.fix or after.t_ms == here.t_ms:
            return Reading(here.lat, here.lon, here.altitude_m, 0.0, 0.0, here.satellites)
        share = (t_ms - here.t_ms) / (after.t_ms - here.t_ms)
        distance_m = _distance_m(here, after)
        return Reading(here.lat + (after.lat - here.lat) * share,
                       here.lon + (after.lon - here.lon) * share,
                       here.altitude_m + (after.altitude_m - here.altitude_m) * share,
                       distance_m / ((after.t_ms - here.t_ms) / 1000) * 3.6,
                       _bearing(here, after) if distance_m else 0.0, here.satellites)


def _distance_m(a: TrackPoint, b: TrackPoint) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _bearing(a: TrackPoint, b: TrackPoint) -> float:
    """Initial course from a to b, degrees true, 0 <= course < 360."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlon = math.radians(b.lon - a.lon)
    y = math.sin(dlon) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dlon)
    return math.degrees(math.atan2(y, x)) % 360


# -- tracks from files ---------------------------------------------------------------


def track_from_nmea(text: str) -> Track:
    """Points from an NMEA log (RMC for position and validity, GGA for altitude and
    satellites), timed from its first sentence."""
    by_time: dict[datetime.datetime, dict[str, Any]] = {}
    date = EPOCH_UTC.date()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            sentence = pynmea2.parse(line.strip())
        except pynmea2.ParseError as error:
            raise TrackError("line %d: %s" % (number, error.args[0])) from None
        if not isinstance(sentence, (pynmea2.RMC, pynmea2.GGA)) or sentence.timestamp is None:
            continue
        if isinstance(sentence, pynmea2.RMC) and sentence.datestamp is not None:
            date = sentence.datestamp
        when = datetime.datetime.combine(date, sentence.timestamp)
        point = by_time.setdefault(when, {})
        if isinstance(sentence, pynmea2.RMC):
            point["fix"] = sentence.status == "A"
        else:
            point["fix"] = point.get("fix", True) and sentence.gps_qual not in (None, 0)
            point["altitude_m"] = float(sentence.altitude or 0)
            point["satellites"] = int(sentence.num_sats or 0)
        if sentence.latitude or sentence.longitude:
            point["lat"], point["lon"] = sentence.latitude, sentence.longitude
    if not by_time:
        raise TrackError("no RMC or GGA sentence with a time")
    start = min(by_time)
    return Track([TrackPoint(int((when - start).total_seconds() * 1000), **values)
                  for when, values in by_time.items()])


def track_from_gpx(text: str) -> Track:
    """Points from the ``trkpt`` (or ``rtept``) elements of a GPX file, timed from the
    first ``<time>``."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise TrackError("not GPX: %s" % error) from None
    elements = [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("trkpt", "rtept")]
    if not elements:
        raise TrackError("no <trkpt> or <rtept> element")
    raw = []
    for number, element in enumerate(elements, 1):
        children = {child.tag.rsplit("}", 1)[-1]: (child.text or "").strip() for child in element}
        try:
            lat, lon = float(element.attrib["lat"]), float(element.attrib["lon"])
            altitude = float(children.get("ele") or 0)
            when = datetime.datetime.fromisoformat(children["time"].replace("Z", "+00:00"))
        except KeyError as error:
            raise TrackError("point %d has no %s" % (number, error.args[0])) from None
        except ValueError as error:
            raise TrackError("point %d: %s" % (number, error)) from None
        raw.append((when, lat, lon, altitude))
    start = min(when for when, _, _, _ in raw)
    return Track([TrackPoint(int((when - start).total_seconds() * 1000), lat, lon, altitude)
                  for when, lat, lon, altitude in raw])


# -- formatting ----------------------------------------------------------------------


def _degrees_minutes(value: float, degree_digits: int) -> str:
    """``ddmm.mmmm`` (latitude) or ``dddmm.mmmm`` (longitude) of abs(value)."""
    ten_thousandths = int(round(abs(value) * 60 * 10_000))
    degrees, rest = divmod(ten_thousandths, 60 * 10_000)
    return "%0*d%02d.%04d" % (degree_digits, degrees, rest // 10_000, rest % 10_000)


def _hemispheres(reading: Reading) -> tuple[str, str]:
    return "N" if reading.lat >= 0 else "S", "E" if reading.lon >= 0 else "W"


@dataclass
class GpsConfig:
    """The receiver's parameters as $GPSP, $GPSAT and $GPSD set them ($GPSSAV stores them)."""
    powered: int = 1             # $GPSP: the GM862-GPS powers its receiver at start-up
    antenna: int = 1             # $GPSAT: 0 passive, 1 active (antenna supplied)
    device: int = 2              # $GPSD: 0 none, 2 the SiRF receiver (controlled mode)

    def check(self) -> None:
        if self.powered not in (0, 1) or self.antenna not in (0, 1) or self.device not in (0, 2):
            raise ValueError("gps: saved parameters out of range: %s" % asdict(self))


@dataclass
class NmeaStream:
    """Sentences sent once a second to a sink until stopped.  A stream with
    ``on_power_down`` lasts only while the receiver is powered: powering it down
    stops the stream, then calls ``on_power_down()``."""
    kinds: tuple[str, ...]
    sink: Callable[[str], None]
    timer: Timer | None = None
    on_power_down: Callable[[], None] | None = None


class GpsReceiver:
    """The receiver: what it reports now, its parameters, its NMEA streams."""

    ANTENNA_MV = 3_000           # GPS.getAntennaVoltage(): the supply of an active antenna

    def __init__(self, clock: Clock):
        self.clock = clock
        self.track = Track()
        self.config = GpsConfig()
        self.saved = GpsConfig()
        self._no_fix_until = 0
        self.sky = True              # False: the antenna sees no satellites (tunnel, garage)
        self._streams: dict[str, NmeaStream] = {}
        self.nmea_settings: dict[str, list[int]] = {}    # $GPSNMUN per AT interface (volatile)

    # -- parameters --------------------------------------------------------

    @property
    def powered(self) -> int:
        return self.config.powered

    @powered.setter
    def powered(self, value: int) -> None:
        self.set_parameter("powered", 1 if value else 0)

    def set_parameter(self, name: str, value: int) -> None:
        """Set one of the parameters of $GPSP, $GPSAT, $GPSD (a :class:`GpsConfig` field).
        Powering the receiver down ends the streams that last only while it is powered."""
        was_powered = self.config.powered
        setattr(self.config, name, value)
        if was_powered and not self.config.powered:
            for stream_name, stream in list(self._streams.items()):
                if stream.on_power_down is not None:
                    self.stop_stream(stream_name)
                    stream.on_power_down()

    @property
    def antenna_mv(self) -> int:
        return self.ANTENNA_MV if self.config.powered and self.config.antenna else 0

    def save(self) -> None:
        self.saved = copy.copy(self.config)

    def restore_factory(self) -> None:
        self.config, self.saved = GpsConfig(), GpsConfig()

    def reset(self, mode: int) -> None:
        """$GPSR / GPS.resetMode: restart the receiver; no fix until it found one again."""
        if mode == FACTORY:
            self.config = GpsConfig()
        self._no_fix_until = self.clock.now + RESET_TTFF_MS[mode]

    def power_on(self) -> None:
        """The module starts: the saved parameters apply."""
        self.config = copy.copy(self.saved)
        self.nmea_settings.clear()

    def power_off(self) -> None:
        for name in list(self._streams):
            self.stop_stream(name)

    def to_json(self) -> dict[str, Any]:
        return asdict(self.saved)

    def load_json(self, data: dict[str, Any]) -> None:
        if not isinstance(data, dict) or set(data) - set(asdict(GpsConfig())):
            raise ValueError("gps: saved parameters must be an object with %s"
                             % ", ".join(asdict(GpsConfig())))
        saved = GpsConfig(**data)
        saved.check()
        self.saved = saved

    # -- what it reports ---------------------------------------------------

    def reading(self) -> Reading | None:
        """The fix now, or None (no fix on the track, powered down, no sky, restarting)."""
        if not (self.config.powered and self.sky) or self.clock.now < self._no_fix_until:
            return None
        return self.track.at(self.clock.now)

    def utc(self) -> datetime.datetime:
        return EPOCH_UTC + datetime.timedelta(milliseconds=self.clock.now)

    def position(self) -> tuple[int, str, int, str]:
        """GPS.getPosition(): (lat * 10**7, 'N'|'S', lon * 10**7, 'E'|'W'), (0, '', 0, '')
        without a fix."""
        reading = self.reading()
        if reading is None:
            return (0, "", 0, "")
        north_south, east_west = _hemispheres(reading)
        return (int(round(abs(reading.lat) * 10 ** 7)), north_south,
                int(round(abs(reading.lon) * 10 ** 7)), east_west)

    def acp(self) -> str:
        """The $GPSACP payload: ``<UTC>,<lat>,<lon>,<hdop>,<altitude>,<fix>,<cog>,<spkm>,
        <spkn>,<date>,<nsat>``."""
        reading = self.reading()
        if reading is None:
            return ",,,,,%d,,,,," % NO_FIX
        north_south, east_west = _hemispheres(reading)
        utc = self.utc()
        return "%s,%s%s,%s%s,%.1f,%.1f,%d,%.2f,%.2f,%.2f,%s,%02d" % (
            self._time(utc), _degrees_minutes(reading.lat, 2), north_south,
            _degrees_minutes(reading.lon, 3), east_west, DEFAULT_HDOP, reading.altitude_m,
            FIX_3D, reading.course_deg, reading.speed_kmh, reading.speed_kmh / KMH_PER_KNOT,
            utc.strftime("%d%m%y"), reading.satellites)

    def sentence(self, kind: str) -> str:
        """The last NMEA sentence of ``kind`` (GGA, GLL, GSA, GSV, RMC, VTG; GSV: its last
        message), or the $GPSACP payload for ``ACP``."""
        if kind == "ACP":
            return self.acp()
        return self.sentences(kind)[-1]

    def sentences(self, kind: str) -> list[str]:
        """The sentences of ``kind`` in this second (several for GSV)."""
        if kind not in NMEA_KINDS:
            raise ValueError("no NMEA sentence %r (known: %s)" % (kind, ", ".join(NMEA_KINDS)))
        reading = self.reading()
        utc = self.utc()
        fields = getattr(self, "_" + kind.lower())(reading, self._time(utc), utc.strftime("%d%m%y"))
        return [str(getattr(pynmea2, kind)("GP", kind, tuple(f))) for f in fields]

    @staticmethod
    def _time(utc: datetime.datetime) -> str:
        return utc.strftime("%H%M%S.") + "%03d" % (utc.microsecond // 1000)

    @staticmethod
    def _coordinates(reading: Reading) -> list[str]:
        north_south, east_west = _hemispheres(reading)
        return [_degrees_minutes(reading.lat, 2), north_south,
                _degrees_minutes(reading.lon, 3), east_west]

    def _rmc(self, reading: Reading | None, time: str, date: str) -> list[list[str]]:
        if reading is None:
            return [[time, "V", "", "", "", "", "", "", date, "", "", "N"]]
        return [[time, "A"] + self._coordinates(reading) + [
            "%.2f" % (reading.speed_kmh / KMH_PER_KNOT), "%.2f" % reading.course_deg, date,
            "", "", "A"]]

    def _gga(self, reading: Reading | None, time: str, date: str) -> list[list[str]]:
        if reading is None:
            return [[time, "", "", "", "", "0", "00", "", "", "M", "0.0", "M", "", "0000"]]
        return [[time] + self._coordinates(reading) + [
            "1", "%02d" % reading.satellites, "%.1f" % DEFAULT_HDOP,
            "%.1f" % reading.altitude_m, "M", "0.0", "M", "", "0000"]]

    def _gll(self, reading: Reading | None, time: str, date: str) -> list[list[str]]:
        if reading is None:
            return [["", "", "", "", time, "V", "N"]]
        return [self._coordinates(reading) + [time, "A", "A"]]

    def _gsa(self, reading: Reading | None, time: str, date: str) -> list[list[str]]:
        if reading is None:
            return [["A", "1"] + [""] * 12 + ["", "", ""]]
        used = ["%02d" % prn for prn in range(1, reading.satellites + 1)][:12]
        hdop = "%.1f" % DEFAULT_HDOP
        return [["A", "3"] + used + [""] * (12 - len(used)) + [hdop, hdop, hdop]]

    def _gsv(self, reading: Reading | None, time: str, date: str) -> list[list[str]]:
        count = reading.satellites if reading is not None else 0
        messages = max(1, math.ceil(count / SATELLITES_PER_GSV))
        result = []
        for number in range(1, messages + 1):
            fields = [str(messages), str(number), "%02d" % count]
            first = (number - 1) * SATELLITES_PER_GSV + 1
            for prn in range(first, min(count, first + SATELLITES_PER_GSV - 1) + 1):
                fields += ["%02d" % prn, "%02d" % (15 + 7 * prn % 70), "%03d" % (37 * prn % 360),
                           "%02d" % (30 + prn % 15)]
            result.append(fields)
        return result

    def _vtg(self, reading: Reading | None, time: str, date: str) -> list[list[str]]:
        if reading is None:
            return [["", "T", "", "M", "", "N", "", "K", "N"]]
        return [["%.2f" % reading.course_deg, "T", "", "M",
                  "%.2f" % (reading.speed_kmh / KMH_PER_KNOT), "N", "%.2f" % reading.speed_kmh,
                  "K", "A"]]

    # -- NMEA streams ------------------------------------------------------

    def start_stream(self, name: str, kinds: tuple[str, ...], sink: Callable[[str], None],
                     on_power_down: Callable[[], None] | None = None) -> None:
        """Send the sentences of ``kinds`` to ``sink`` every second (replacing the stream
        ``name``), first one second from now; see :class:`NmeaStream` for
        ``on_power_down``."""
        self.stop_stream(name)
        stream = NmeaStream(tuple(kinds), sink, on_power_down=on_power_down)
        self._streams[name] = stream
        stream.timer = self.clock.call_later(NMEA_PERIOD_MS, self._emit, stream)

    def stop_stream(self, name: str) -> None:
        stream = self._streams.pop(name, None)
        if stream is not None and stream.timer is not None:
            stream.timer.cancel()

    def streaming(self, name: str) -> bool:
        return name in self._streams

    def _emit(self, stream: NmeaStream) -> None:
        if self.config.powered:
            for kind in stream.kinds:
                for sentence in self.sentences(kind):
                    stream.sink(sentence)
        stream.timer = self.clock.call_later(NMEA_PERIOD_MS, self._emit, stream)

