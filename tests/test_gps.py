"""The GPS receiver of GPS models: $GPS commands (exact bytes), the GPS module, tracks."""
import pytest
from atutil import quiet, send

from hostsim.device.module import Module
from hostsim.parts.gps import (
    RESET_TTFF_MS,
    Track,
    TrackError,
    TrackPoint,
    track_from_gpx,
    track_from_nmea,
)
from hostsim.parts.sim import SimCard
from hostsim.scenario.scenario import Scenario, ScenarioRun
from hostsim.script.runner import ENDED, Runner

OK = b"\r\nOK\r\n"
NO_FIX_ACP = b"\r\n$GPSACP: ,,,,,0,,,,,\r\n" + OK
MILAN = Track.fixed(45.4642, 9.19, 122)


def gps_module(track=None):
    module = Module(model="GM862-GPS", sim=SimCard(pin=None))
    if track is not None:
        module.gps.track = track
    module.power_on()
    quiet(module)
    return module


def test_acp_without_a_fix_keeps_every_field():
    assert send(gps_module(), "AT$GPSACP") == NO_FIX_ACP


def test_acp_with_a_fix():
    module = gps_module(MILAN)
    module.clock.advance(5_250)
    assert send(module, "AT$GPSACP") == (
        b"\r\n$GPSACP: 000005.250,4527.8520N,00911.4000E,1.0,122.0,3,0.00,0.00,0.00,010126,07\r\n"
        + OK)


@pytest.mark.parametrize("line, answer", [
    ("AT$GPSP?", b"\r\n$GPSP: 1\r\n" + OK),
    ("AT$GPSP=?", b"\r\n$GPSP: (0,1)\r\n" + OK),
    ("AT$GPSP=2", b"\r\nERROR\r\n"),
    ("AT$GPSAT?", b"\r\n$GPSAT: 1\r\n" + OK),
    ("AT$GPSAT=?", b"\r\n$GPSAT: (0,1)\r\n" + OK),
    ("AT$GPSD?", b"\r\n$GPSD: 2\r\n" + OK),
    ("AT$GPSD=?", b"\r\n$GPSD: (0,2)\r\n" + OK),
    ("AT$GPSD=1", b"\r\nERROR\r\n"),
    ("AT$GPSR=?", b"\r\n$GPSR: (0-3)\r\n" + OK),
    ("AT$GPSR=4", b"\r\nERROR\r\n"),
    ("AT$GPSR?", b"\r\nERROR\r\n"),
    ("AT$GPSNMUN?", b"\r\n$GPSNMUN: 0,1,1,1,1,1,1\r\n" + OK),
    ("AT$GPSNMUN=?", b"\r\n$GPSNMUN: (0-3),(0,1),(0,1),(0,1),(0,1),(0,1),(0,1)\r\n" + OK),
    ("AT$GPSNMUN=4", b"\r\nERROR\r\n"),
    ("AT$GPSACP=?", OK),
    ("AT$GPSSAV", OK),
    ("AT$GPSRST", OK),
])
def test_forms_and_ranges(line, answer):
    assert send(gps_module(), line) == answer


def test_powered_down_receiver_has_no_fix():
    module = gps_module(MILAN)
    assert send(module, "AT$GPSP=0;$GPSP?") == b"\r\n$GPSP: 0\r\n" + OK
    assert send(module, "AT$GPSACP") == NO_FIX_ACP


def test_parameters_survive_a_power_cycle_only_when_saved():
    module = gps_module()
    send(module, "AT$GPSAT=0")
    module.reboot()
    quiet(module)
    assert send(module, "AT$GPSAT?") == b"\r\n$GPSAT: 1\r\n" + OK
    send(module, "AT$GPSAT=0;$GPSSAV")
    module.reboot()
    quiet(module)
    assert send(module, "AT$GPSAT?") == b"\r\n$GPSAT: 0\r\n" + OK
    send(module, "AT$GPSRST")
    assert send(module, "AT$GPSAT?") == b"\r\n$GPSAT: 1\r\n" + OK
    assert [e.text for e in module.trace.select("setting") if "GPS" in e.text][:2] == [
        "$GPSAT=0", "$GPSAT=0"]


def test_saved_parameters_are_checked_when_loaded():
    module = gps_module()
    with pytest.raises(ValueError, match="gps"):
        module.gps.load_json({"powered": 7})
    with pytest.raises(ValueError, match="gps"):
        module.gps.load_json({"colour": 1})


def test_a_reset_loses_the_fix_for_the_time_to_first_fix():
    module = gps_module(MILAN)
    send(module, "AT$GPSR=1")
    module.clock.advance(RESET_TTFF_MS[1] - 1)
    assert send(module, "AT$GPSACP") == NO_FIX_ACP
    module.clock.advance(1)
    assert send(module, "AT$GPSACP").startswith(b"\r\n$GPSACP: 000042.000,4527.8520N")


def _checksum(body):
    value = 0
    for char in body:
        value ^= ord(char)
    return "%02X" % value


def test_nmea_checksums_are_the_xor_of_the_body():
    module = gps_module(MILAN)
    for kind in ("GGA", "GLL", "GSA", "GSV", "RMC", "VTG"):
        for sentence in module.gps.sentences(kind):
            body, checksum = sentence[1:].split("*")
            assert checksum == _checksum(body)


def test_unsolicited_nmea_every_second_on_the_interface_that_asked():
    module = gps_module(MILAN)
    assert send(module, "AT$GPSNMUN=1,0,0,0,0,1,0") == OK
    module.clock.advance(2_000)
    assert module.engine("ASC0").read_output() == (
        b"\r\n$GPSNMUN: $GPRMC,000001.000,A,4527.8520,N,00911.4000,E,0.00,0.00,010126,,,A*6D\r\n"
        b"\r\n$GPSNMUN: $GPRMC,000002.000,A,4527.8520,N,00911.4000,E,0.00,0.00,010126,,,A*6E\r\n")
    assert module.engine("MDM").read_output() == b""
    assert send(module, "AT$GPSNMUN=2,1,0,0,0,0,0", advance_ms=1_000) == (
        OK + b"\r\n$GPGGA,000003.000,4527.8520,N,00911.4000,E,1,07,1.0,122.0,M,0.0,M,,0000*6E\r\n")
    assert send(module, "AT$GPSNMUN=0", advance_ms=3_000) == OK


CONNECT = b"\r\nCONNECT\r\n"
NO_CARRIER = b"\r\nNO CARRIER\r\n"
NMEA_STREAM_ASC0 = "$GPSNMUN on ASC0"
RMC_AT = {     # MILAN's RMC sentence, as a line of the NMEA data mode, at 1 s ... 4 s
    1: b"$GPRMC,000001.000,A,4527.8520,N,00911.4000,E,0.00,0.00,010126,,,A*6D\r\n",
    2: b"$GPRMC,000002.000,A,4527.8520,N,00911.4000,E,0.00,0.00,010126,,,A*6E\r\n",
    3: b"$GPRMC,000003.000,A,4527.8520,N,00911.4000,E,0.00,0.00,010126,,,A*6F\r\n",
    4: b"$GPRMC,000004.000,A,4527.8520,N,00911.4000,E,0.00,0.00,010126,,,A*68\r\n",
}


def escape(module):
    """+++ on ASC0 between the guard times (1 s of silence before and after)."""
    module.clock.advance(1_000)
    return send(module, b"+++", advance_ms=1_000)


def test_nmea_data_mode_sends_only_the_sentences_with_a_fix():
    module = gps_module(MILAN)
    assert send(module, "AT$GPSNMUN=3,1,0,0,0,1,0", advance_ms=2_000) == CONNECT + (
        b"$GPGGA,000001.000,4527.8520,N,00911.4000,E,1,07,1.0,122.0,M,0.0,M,,0000*6C\r\n"
        + RMC_AT[1] +
        b"$GPGGA,000002.000,4527.8520,N,00911.4000,E,1,07,1.0,122.0,M,0.0,M,,0000*6F\r\n"
        + RMC_AT[2])


def test_nmea_data_mode_honours_the_selection_without_a_fix():
    module = gps_module()
    assert send(module, "AT$GPSNMUN=3,0,1,1,1,0,1", advance_ms=1_000) == CONNECT + (
        b"$GPGLL,,,,,000001.000,V,N*7B\r\n"
        b"$GPGSA,A,1,,,,,,,,,,,,,,,*1E\r\n"
        b"$GPGSV,1,1,00*79\r\n"
        b"$GPVTG,,T,,M,,N,,K,N*2C\r\n")


def test_the_escape_leaves_the_nmea_data_mode():
    module = gps_module(MILAN)
    assert send(module, "AT$GPSNMUN=3,0,0,0,0,1,0", advance_ms=500) == CONNECT
    assert send(module, b"AT+++", advance_ms=2_000) == RMC_AT[1] + RMC_AT[2]   # no guard time
    assert escape(module) == RMC_AT[3] + RMC_AT[4] + NO_CARRIER
    assert send(module, "AT$GPSNMUN?", advance_ms=3_000) == (
        b"\r\n$GPSNMUN: 0,0,0,0,0,1,0\r\n" + OK)


def test_the_nmea_data_mode_leaves_the_other_interfaces_alone():
    module = gps_module(MILAN)
    quiet(module, "MDM2")
    assert send(module, "AT$GPSNMUN=3,0,0,0,0,1,0") == CONNECT
    assert send(module, "AT$GPSNMUN?", "MDM2", advance_ms=1_000) == (
        b"\r\n$GPSNMUN: 0,1,1,1,1,1,1\r\n" + OK)
    assert send(module, "AT", "MDM2") == OK
    assert module.engine("ASC0").read_output() == RMC_AT[1]


def test_powering_the_gps_down_ends_the_nmea_data_mode():
    module = gps_module(MILAN)
    quiet(module, "MDM2")
    assert send(module, "AT$GPSNMUN=3,0,0,0,0,1,0", advance_ms=1_000) == CONNECT + RMC_AT[1]
    assert send(module, "AT$GPSP=0", "MDM2") == OK
    assert module.engine("ASC0").read_output() == NO_CARRIER
    assert send(module, "AT$GPSNMUN?", advance_ms=2_000) == (
        b"\r\n$GPSNMUN: 0,0,0,0,0,1,0\r\n" + OK)
    assert send(module, "AT+CMEE=1;$GPSNMUN=3") == b"\r\n+CME ERROR: 3\r\n"


def test_a_power_cycle_ends_the_nmea_data_mode():
    module = gps_module(MILAN)
    assert send(module, "AT$GPSNMUN=3", advance_ms=1_000).startswith(CONNECT)
    module.reboot()
    quiet(module)
    assert not module.gps.streaming(NMEA_STREAM_ASC0)
    assert send(module, "AT", advance_ms=2_000) == OK


def test_models_without_gps_answer_error():
    module = Module(sim=SimCard(pin=None))
    module.power_on()
    quiet(module)
    for line in ("AT$GPSACP", "AT$GPSP?", "AT$GPSP=?", "AT$GPSP=1", "AT$GPSNMUN=3"):
        assert send(module, line) == b"\r\nERROR\r\n"
    assert send(module, "AT", advance_ms=2_000) == OK       # no NMEA data mode either


def test_a_track_moves_over_virtual_time():
    track = Track([TrackPoint(10_000, 45.0, 9.0, 100), TrackPoint(70_000, 45.01, 9.0, 100),
                   TrackPoint(100_000, 45.01, 9.0, 100, fix=False)])
    assert track.at(9_999) is None
    middle = track.at(40_000)
    assert middle.lat == pytest.approx(45.005)
    assert middle.speed_kmh == pytest.approx(66.7, abs=0.1)       # 1.11 km in 60 s
    assert middle.course_deg == pytest.approx(0.0)
    assert track.at(80_000).speed_kmh == 0.0 and track.at(80_000).lat == pytest.approx(45.01)
    assert track.at(100_000) is None


NMEA_LOG = """$GPRMC,101500.000,A,4527.8520,N,00911.4000,E,0.00,0.00,010126,,,A*6E
$GPGGA,101500.000,4527.8520,N,00911.4000,E,1,09,1.0,122.0,M,0.0,M,,0000*6E
$GPRMC,101510.000,A,4528.0000,N,00911.4000,E,0.00,0.00,010126,,,A*6E
$GPRMC,101520.000,V,,,,,,,010126,,,N*49
"""


def test_tracks_from_an_nmea_log_and_a_gpx_file():
    fixed = [line[:line.index("*")] for line in NMEA_LOG.splitlines()]
    import pynmea2
    log = "\n".join(str(pynmea2.parse(line, check=False)) for line in fixed)
    track = track_from_nmea(log)
    assert [p.t_ms for p in track.points] == [0, 10_000, 20_000]
    assert track.points[0].satellites == 9 and track.points[0].altitude_m == 122.0
    assert track.at(10_000).lat == pytest.approx(45.4666667)
    assert track.at(20_000) is None
    gpx = ('<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
           '<trkpt lat="45.0" lon="9.0"><ele>10</ele><time>2026-01-01T10:00:00Z</time></trkpt>'
           '<trkpt lat="45.1" lon="9.0"><time>2026-01-01T10:01:00Z</time></trkpt>'
           '</trkseg></trk></gpx>')
    assert [(p.t_ms, p.lat, p.altitude_m) for p in track_from_gpx(gpx).points] == [
        (0, 45.0, 10.0), (60_000, 45.1, 0.0)]
    with pytest.raises(TrackError, match="line 1"):
        track_from_nmea("$GPRMC,garbage*00")
    with pytest.raises(TrackError, match="point 1 has no time"):
        track_from_gpx('<gpx><trkpt lat="1" lon="2"/></gpx>')


GPS_SCRIPT = b"""import GPS
import MOD
out = open('gps.txt', 'w')
out.write(GPS.getActualPosition() + '\\n')
p = GPS.getPosition()
out.write('%d %s %d %s\\n' % (p[0], p[1], p[2], p[3]))
MOD.sleep(300)
fields = GPS.getActualPosition().split(',')
out.write(fields[1] + ' ' + fields[5] + '\\n')
p = GPS.getPosition()
out.write('%d %s %d %s\\n' % (p[0], p[1], p[2], p[3]))
out.write(GPS.getLastRMC() + '\\n')
out.write('%d %d\\n' % (GPS.getPowerOnOff(), GPS.getAntennaVoltage()))
out.close()
"""


def test_the_gps_module_returns_with_and_without_a_fix(module_python):
    module = gps_module(Track([TrackPoint(20_000, -33.8688, 151.2093, 58)]))
    module.files.write("main.py", GPS_SCRIPT.replace(b"\n", b"\r\n"))
    module.settings.set("#ESCRIPT", "main.py")
    runner = Runner(module, python=module_python)
    module.reboot()
    assert runner.run(60_000, stop_when_ended=True) == ENDED
    runner.close()
    lines = module.files.read("gps.txt").decode().splitlines()
    assert lines[0] == ",,,,,0,,,,,"
    assert lines[1] == "0  0 "
    assert lines[2] == "3352.1280S 3"
    assert lines[3] == "338688000 S 1512093000 E"
    assert lines[4].startswith("$GPRMC,") and ",A,3352.1280,S,15112.5580,E," in lines[4]
    assert lines[5] == "1 3000"


def test_an_external_receiver_writes_nmea_to_ser2():
    scenario = Scenario("ser2", {"gps": {"fix": {"lat": 45.4642, "lon": 9.19},
                                         "ser2": {"sentences": ["GGA"]}}, "sim": {"pin": None}})
    scenario.validate("test")
    run = ScenarioRun(scenario)
    run.power_on()
    run.clock.run_until(2_500)
    assert bytes(run.modules["A"].uarts["ASC1"].to_module) == (
        b"$GPGGA,000001.000,4527.8520,N,00911.4000,E,1,07,1.0,0.0,M,0.0,M,,0000*6D\r\n"
        b"$GPGGA,000002.000,4527.8520,N,00911.4000,E,1,07,1.0,0.0,M,0.0,M,,0000*6E\r\n")
