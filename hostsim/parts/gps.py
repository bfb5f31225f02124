"""The GPS receiver of GPS models (GM862-GPS), driven by the world's fix."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Fix:
    lat_e7: int          # degrees * 10**7, negative south
    lon_e7: int          # degrees * 10**7, negative west
    altitude_m: int = 0
    satellites: int = 7


def _nmea_checksum(body: str) -> str:
    value = 0
    for char in body:
        value ^= ord(char)
    return "%02X" % value


def _ddmm(value_e7: int, degree_digits: int) -> str:
    degrees, rest = divmod(abs(value_e7), 10 ** 7)
    minutes_e5 = rest * 60 // 100      # minutes * 10**5
    minutes, fraction = divmod(minutes_e5, 10 ** 5)
    return "%0*d%02d.%04d" % (degree_digits, degrees, minutes, fraction // 10)


class GpsReceiver:
    def __init__(self):
        self.fix: Fix | None = None
        self.powered = 1
        self.antenna_mv = 3000

    def position(self) -> tuple[int, str, int, str]:
        if self.fix is None or not self.powered:
            return (0, "", 0, "")
        fix = self.fix
        return (abs(fix.lat_e7), "N" if fix.lat_e7 >= 0 else "S",
                abs(fix.lon_e7), "E" if fix.lon_e7 >= 0 else "W")

    def sentence(self, kind: str) -> str:
        """The last NMEA sentence of ``kind`` (RMC, VTG, GGA) or the $GPSACP payload (ACP)."""
        fix = self.fix if self.powered else None
        if kind == "ACP":
            if fix is None:
                return ""
            lat, ns, lon, ew = self.position()
            return "000000.000,%s%s,%s%s,1.0,%d.0,3,0.0,0.0,0.0,010126,%02d" % (
                _ddmm(lat, 2), ns, _ddmm(lon, 3), ew, fix.altitude_m, fix.satellites)
        if kind == "RMC":
            body = ("GPRMC,000000.000,V,,,,,,,010126,," if fix is None else
                    "GPRMC,000000.000,A,%s,%s,%s,%s,0.0,0.0,010126,," % (
                        _ddmm(abs(fix.lat_e7), 2), "N" if fix.lat_e7 >= 0 else "S",
                        _ddmm(abs(fix.lon_e7), 3), "E" if fix.lon_e7 >= 0 else "W"))
        elif kind == "VTG":
            body = "GPVTG,,T,,M,0.0,N,0.0,K" if fix is not None else "GPVTG,,,,,,,,"
        elif kind == "GGA":
            body = ("GPGGA,000000.000,,,,,0,00,,,M,,M,," if fix is None else
                    "GPGGA,000000.000,%s,%s,%s,%s,1,%02d,1.0,%d.0,M,,M,," % (
                        _ddmm(abs(fix.lat_e7), 2), "N" if fix.lat_e7 >= 0 else "S",
                        _ddmm(abs(fix.lon_e7), 3), "E" if fix.lon_e7 >= 0 else "W",
                        fix.satellites, fix.altitude_m))
        else:
            return ""
        return "$%s*%s" % (body, _nmea_checksum(body))
