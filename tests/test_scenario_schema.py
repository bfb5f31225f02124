"""Scenario files are checked against their schema when loaded: one line naming the field."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostsim.scenario.scenario import Scenario, ScenarioError, ScenarioRun


def load(tmp_path, content, text=None):
    path = tmp_path / "x.json"
    path.write_text(text if text is not None else json.dumps(content))
    return Scenario.load(str(path))


@pytest.mark.parametrize("content, message", [
    ({"events": [{"do": "sms", "text": "a", "at": -1}]},
     "events[0].at: must be a number >= 0 and <= 604800"),
    ({"events": [{"do": "sms", "text": "a", "at": "5"}]}, "events[0].at: must be a number"),
    ({"events": [{"do": "sms", "text": "a", "after": -2, "on": "urc:x"}]},
     "events[0].after: must be a number >= 0"),
    ({"events": [{"do": "sms", "text": "a", "module": "C"}]},
     'events[0].module: must be one of "A", "B"'),
    ({"events": [{"do": "sms", "text": "a", "module": "B"}]},
     "events[0]: no module B (the scenario has no second_module)"),
    ({"events": [{"do": "sms", "text": 5}]}, "events[0].text: must be a text"),
    ({"events": [{"do": "sms"}]}, 'events[0]: missing "text"'),
    ({"events": [{"do": "sms", "text": "a", "pin": "1"}]}, "key 'pin' is not a key of action sms"),
    ({"events": [{"do": "explode"}]}, "events[0].do: must be one of"),
    ({"events": [{"do": "lose", "message": "Hello"}]}, "events[0].message: must be one of"),
    ({"events": [{"do": "query", "at": 1, "on": "phase:updating"}]}, "not both"),
    ({"events": [{"do": "gpio", "pin": 99, "value": 1}]}, "events[0].pin: must be one of"),
    ({"events": [{"do": "serial", "port": "SER3", "text": "x"}]}, "events[0].port"),
    ({"events": {}}, "events: must be a list"),
    ({"expect": "x"}, "expect: must be an object"),
    ({"duration_s": 1e15}, "duration_s: must be a number > 0 and <= 604800"),
    ({"duration_s": 0}, "duration_s: must be a number > 0"),
    ({"duration_s": True}, "duration_s: must be a number"),
    ({"sim": {"pin": 1234}}, "sim.pin: must be 4 to 8 digits"),
    ({"sim": {"imsi": "abc"}}, "sim.imsi: must be 6 to 15 digits"),
    ({"sim": {"pin_attempts": "3"}}, "sim.pin_attempts: must be a whole number"),
    ({"world": {"weather": "rain"}}, "world: unknown key 'weather'"),
    ({"world": {"apns": {"internet": "yes"}}}, "world.apns.internet: must be true or false"),
    ({"module": {"model": "Nokia"}}, "module.model: must be one of"),
    ({"peers": [{"kind": "gopher", "host": "a", "port": 70}]}, "peers[0].kind: must be one of"),
    ({"peers": [{"kind": "echo", "host": "a", "port": 70000}]}, "peers[0].port"),
    ({"gps": {"fix": {"lat": 91, "lon": 0}}}, "gps.fix.lat: must be a number >= -90 and <= 90"),
    ({"gps": {"fix": {"lat": 1, "lon": 0}, "track": []}}, "gps: give one of fix, track"),
    ({"gps": {"track_file": "missing.gpx"}}, "gps.track_file: "),
    ([], "must be an object"),
])
def test_bad_scenarios_give_one_line_naming_the_field(tmp_path, content, message):
    with pytest.raises(ScenarioError) as raised:
        load(tmp_path, content)
    text = str(raised.value)
    assert text.startswith("scenario %s: " % (tmp_path / "x.json")) and message in text
    assert "\n" not in text


@pytest.mark.parametrize("text, message", [
    ('{"duration_s": NaN}', "NaN is not a number JSON allows"),
    ('{"duration_s": 1e400}', "1e400 is too large a number"),
    ('{"duration_s": ', "Expecting value"),
])
def test_numbers_json_does_not_allow_are_refused(tmp_path, text, message):
    with pytest.raises(ScenarioError, match=message):
        load(tmp_path, None, text)


def test_a_track_file_is_read_relative_to_the_scenario(tmp_path):
    (tmp_path / "drive.gpx").write_text(
        '<gpx><trk><trkseg><trkpt lat="45" lon="9"><time>2026-01-01T00:00:00Z</time></trkpt>'
        '</trkseg></trk></gpx>')
    scenario = load(tmp_path, {"module": {"model": "GM862-GPS"}, "gps": {"track_file": "drive.gpx"}})
    assert scenario.track().points[0].lat == 45.0
    (tmp_path / "drive.gpx").write_text("<gpx><trkpt")
    with pytest.raises(ScenarioError, match="gps.track_file: not GPX"):
        load(tmp_path, {"gps": {"track_file": "drive.gpx"}})


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10 ** 7) | st.floats(-1e6, 1e16, allow_nan=False)
    | st.sampled_from(["", "A", "B", "1234", "SER2", "internet", "phase:updating", "urc:OK",
                       "GM862-GPS", "x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                 max_size=3),
    max_leaves=8)
_EVENT = st.fixed_dictionaries({"do": st.sampled_from(
    ["sms", "serial", "dtr", "gpio", "gps", "world", "power_loss", "reboot", "query", "bogus"])},
    optional={"at": _VALUES | st.floats(0, 300), "text": _VALUES, "port": _VALUES,
              "value": _VALUES, "pin": _VALUES, "sky": _VALUES, "module": _VALUES,
              "set": st.fixed_dictionaries({}, optional={"coverage": _VALUES})})
_DOCUMENT = st.fixed_dictionaries({}, optional={
    "sim": st.fixed_dictionaries({}, optional={"pin": _VALUES, "imsi": _VALUES}),
    "module": st.fixed_dictionaries({}, optional={"model": _VALUES}),
    "world": st.fixed_dictionaries({}, optional={"coverage": _VALUES, "rssi": _VALUES}),
    "gps": st.fixed_dictionaries({}, optional={
        "fix": st.fixed_dictionaries({"lat": _VALUES, "lon": _VALUES}),
        "ser2": _VALUES}),
    "peers": st.lists(st.fixed_dictionaries({"kind": _VALUES, "host": _VALUES,
                                             "port": _VALUES}), max_size=2),
    "events": st.lists(_EVENT, max_size=4) | _VALUES,
    "duration_s": _VALUES | st.floats(1, 30),
    "expect": _VALUES,
    "bogus": _VALUES,
})


def test_random_documents_give_one_clean_line_or_a_run(tmp_path):
    tried = {"errors": 0, "runs": 0}

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(document=_DOCUMENT)
    def one(document):
        try:
            scenario = load(tmp_path, document)
        except ScenarioError as error:
            assert "\n" not in str(error) and str(error).startswith("scenario ")
            tried["errors"] += 1
            return
        run = ScenarioRun(scenario)
        run.power_on()
        run.clock.run_until(min(scenario.duration_ms, 30_000))
        tried["runs"] += 1

    one()
    print("random scenario documents: %(errors)d gave one clean line, %(runs)d ran" % tried)
    assert tried["runs"] and tried["errors"]
