"""Sequence diagrams drawn from traces (hostsim.diagram)."""
import re
import xml.etree.ElementTree as ET

import pytest

from hostsim import diagram
from hostsim.core.trace import Event
from hostsim.scenario.scenario import Scenario, ScenarioRun

SVG = "{http://www.w3.org/2000/svg}"


def pfm(t, message, sender, outcome, bearer="sms"):
    receiver = "pfm" if sender == "module" else "module"
    return Event(t, "fota", "pfm", "%s %s" % (message, outcome),
                 {"message": message, "sender": sender, "receiver": receiver, "bearer": bearer,
                  "outcome": outcome, "fields": {"imei": "356938035643809"}})


def small_run():
    """A registration over TCP/IP whose first try is lost, seen by a script too."""
    return [
        Event(0, "power", "module", "power on", {"boot": 1, "firmware": "10.00.144"}),
        Event(100, "script", "python", "start fota.py (enabled)", {}),
        Event(200, "at-in", "MDM", "AT+CPIN=1234"),
        Event(200, "at-out", "MDM", "\r\nOK\r\n", {"final": "OK"}),
        Event(300, "at-in", "ASC0", "AT+CGMR"),
        Event(300, "at-out", "ASC0", "\r\nOK\r\n", {"final": "OK"}),
        Event(400, "at-in", "ASC0", 'AT#OTAIPCFG="198.51.100.200",40000;#OTASNAP="+39"'),
        Event(400, "at-out", "ASC0", "\r\nERROR\r\n", {"final": "ERROR"}),
        pfm(1000, "Remote Registration", "module", "lost", "tcp"),
        pfm(61000, "Remote Registration", "module", "received", "tcp"),
        pfm(61050, "Registration Ack", "pfm", "sent", "tcp"),
        Event(62000, "urc", "ASC0", "#OTAEV: Registered"),
        Event(62000, "at-out", "ASC0", "\r\n#OTAEV: Registered\r\n"),
        Event(62000, "urc", "MDM", "#OTAEV: Registered"),
        Event(62000, "urc", "MDM2", "#OTAEV: Registered"),
        Event(63000, "note", "scenario", 'change_pin {"pin": "4321"}'),
        Event(64000, "fota", "module", "phase downloading", {"phase": "downloading"}),
        Event(64000, "fota", "ftp", "FTP download started: a.dlt",
              {"file": "a.dlt", "size": 165000}),
        Event(65000, "fota", "ftp", "FTP download broken off: a.dlt", {"file": "a.dlt", "size": 1}),
        Event(65000, "fota", "module", "update failed: FTP connection lost"),
        Event(65000, "fota", "module", "phase idle", {"phase": "idle"}),
        Event(66000, "script", "python", "interpreter halted", {}),
    ]


@pytest.fixture(scope="module")
def real_events():
    scenario = Scenario.load("sms-manual")
    run = ScenarioRun(scenario)
    run.power_on()
    module = run.modules["A"]
    module.clock.run_until(scenario.duration_ms)
    return module.trace.events


def test_arrows_follow_the_trace_with_the_note_message_names(real_events):
    sent = [e.data["message"] for e in real_events if e.kind == "fota" and e.source == "pfm"]
    d = diagram.build(real_events, "sms-manual")
    drawn = [a.label for a in d.arrows() if a.kind == "pfm"]
    assert sent[:3] == ["Remote Registration", "Registration Ack", "Provisioning"]
    assert drawn == ["%s (SMS)" % name for name in sent]
    directions = [(a.src, a.dst) for a in d.arrows() if a.kind == "pfm"]
    assert directions[:3] == [("module", "pfm"), ("pfm", "module"), ("pfm", "module")]
    assert [r.t for r in d.rows] == sorted(r.t for r in d.rows)


def test_real_run_shows_download_phases_and_the_reboot(real_events):
    d = diagram.build(real_events)
    assert [p.name for p in d.participants] == ["External application", "Module", "PFM server",
                                                "FTP server"]
    labels = [a.label for a in d.arrows()]
    assert "delta download 165000 B" in labels and "download finished" in labels
    assert "#OTAEV: Start Fw Download" in labels
    notes = [n.text for n in d.notes()]
    assert "phase downloading (90.0 s)" in notes
    assert any(n.startswith("phase updating (") for n in notes)
    assert "power off: firmware update" in notes
    phases = [s.kind for s in d.spans if s.over == "module"]
    assert phases[-3:] == ["downloading", "validating", "updating"]
    assert all(0 <= s.start < s.end <= len(d.rows) for s in d.spans)


def test_lost_messages_errors_and_merged_urcs():
    d = diagram.build(small_run())
    assert [p.key for p in d.participants] == ["app", "script", "module", "pfm", "ftp"]
    first, second = [a for a in d.arrows() if a.kind == "pfm"][:2]
    assert first.lost and first.label == "Remote Registration (TCP/IP), lost"
    assert not second.lost
    command = [a for a in d.arrows() if a.kind == "at" and "OTAIPCFG" in a.label][0]
    assert command.error and command.label.endswith("\u2192 ERROR")
    assert not any("CGMR" in a.label for a in d.arrows())
    urc_rows = [r for r in d.rows if r.arrows and r.arrows[0].kind == "urc"]
    assert len(urc_rows) == 1
    assert [a.dst for a in urc_rows[0].arrows] == ["app", "script"]
    assert any(a.label == "download broken off" and a.error for a in d.arrows())
    kinds = {n.text: n.kind for n in d.notes()}
    assert kinds["update failed: FTP connection lost"] == "failure"
    assert kinds["start fota.py (enabled)"] == "script"
    assert kinds["phase downloading (1.0 s)"] == "phase"
    assert [r.gap_ms for r in d.rows if r.gap_ms] == [60000]


def test_no_script_lifeline_without_script_events():
    d = diagram.build([e for e in small_run() if e.kind != "script" and e.source not in
                       ("MDM", "MDM2")])
    assert "script" not in [p.key for p in d.participants]
    assert all(a.dst != "script" for a in d.arrows())


def test_the_pin_never_appears(real_events):
    events = list(real_events) + small_run() + [
        Event(70000, "at-in", "ASC0", 'AT+CPIN="1234"'),
        Event(70000, "note", "scenario", 'app {"send": "AT+CPIN=1234"}'),
        Event(70000, "note", "scenario", 'sim_swap {"pin": "1234", "puk": "12345678"}')]
    d = diagram.build(events)
    for text in (diagram.to_svg(d), diagram.to_html(d), diagram.to_mermaid(d)):
        for secret in ("CPIN=1234", 'CPIN="1234"', '"1234"', "4321", "12345678"):
            assert secret not in text
        assert "AT+CPIN=****" in text


def test_svg_is_well_formed_and_labels_every_message(real_events):
    d = diagram.build(real_events, 'sms-manual <"full"> & more')
    svg = diagram.to_svg(d)
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    texts = [t.text for t in root.iter(SVG + "text")]
    for arrow in d.arrows():
        assert arrow.label in texts
    for note in d.notes():
        assert note.text in texts
    assert 'sms-manual <"full"> & more' in texts
    assert "0.0 s" in texts and diagram.seconds(d.rows[-1].t) in texts
    assert "<script" not in svg and "@import" not in svg and "href" not in svg


def test_svg_grows_with_participants_and_rows():
    def size(events):
        root = ET.fromstring(diagram.to_svg(diagram.build(events)))
        return float(root.get("width")), float(root.get("height"))

    start = Event(0, "script", "python", "start a.py (enabled)")
    assert size([start])[0] > size([])[0]
    base = small_run()
    assert size(base + base)[1] > size(base)[1]


def test_html_embeds_the_svg_with_title_and_legend(real_events):
    d = diagram.build(real_events, "SMS <manual>")
    page = diagram.to_html(d)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>SMS &lt;manual&gt;</title>" in page
    assert diagram.to_svg(d) in page
    assert "lost message" in page and "PFM message by SMS" in page


def test_mermaid_declares_participants_and_escapes_text():
    events = small_run()
    d = diagram.build(events, "run; #1")
    text = diagram.to_mermaid(d)
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "sequenceDiagram"
    assert "participant App as External application" in lines
    assert "participant Script" in lines and "participant PFM as PFM server" in lines
    messages = [e for e in events if e.kind == "fota" and e.source == "pfm"]
    pfm_lines = [line for line in lines
                 if line.startswith("PFM->>") or re.match(r"Module(->>|-x)PFM: ", line)]
    assert len(pfm_lines) == len(messages)
    assert "Module-xPFM: Remote Registration (TCP/IP), lost" in lines
    assert sum(1 for line in lines if "->>" in line or "-x" in line) == len(d.arrows())
    for line in lines[1:]:
        if not line.startswith("%%"):
            assert not re.search(r"[#;]", re.sub(r"#\d+;", "", line)), line
    assert "title run#59; #35;1" in lines
    assert "App->>Module: AT#35;OTAIPCFG=#34;198.51.100.200#34;,40000#59;#35;OTASNAP=#34;+39#34;" \
        " \u2192 ERROR" in lines
    assert "Module-->>Script: #35;OTAEV#58; Registered" in lines
    assert lines.count("activate FTP") == lines.count("deactivate FTP") == 1
    assert lines.count("end") == sum(1 for line in lines if line.startswith("rect "))


def test_mermaid_of_the_real_run_has_one_line_per_message(real_events):
    text = diagram.to_mermaid(diagram.build(real_events))
    names = [e.data["message"] for e in real_events if e.kind == "fota" and e.source == "pfm"]
    drawn = re.findall(r"^ *(?:PFM->>Module|Module->>PFM): (.*) \(SMS\)$", text, re.M)
    assert drawn == names


def test_long_runs_are_capped_around_a_note():
    events = [pfm(i * 1000, "Query", "pfm", "sent") for i in range(500)]
    events.insert(100, Event(100000, "fota", "module", "phase validating"))
    d = diagram.build(events, max_rows=60)
    assert len(d.rows) == 60 and d.omitted == 442
    marker = [r for r in d.rows if r.note is not None][0]
    assert marker.note.kind == "omitted" and marker.note.over == ("app", "ftp")
    assert marker.note.text == "442 rows left out (39.0 s to 479.0 s)"
    assert all(r.gap_ms == 0 for r in d.rows)
    assert [(s.kind, s.start, s.end) for s in d.spans] == [("validating", 40, 60)]
    ET.fromstring(diagram.to_svg(d))


def test_empty_event_list_gives_an_empty_diagram():
    d = diagram.build([])
    assert d.rows == [] and d.spans == []
    assert [p.alias for p in d.participants] == ["App", "Module", "PFM", "FTP"]
    ET.fromstring(diagram.to_svg(d))
    assert "<svg" in diagram.to_html(d)
    assert diagram.to_mermaid(d).splitlines()[0] == "sequenceDiagram"


def test_write_picks_the_format_by_extension(tmp_path, real_events):
    diagram.write(real_events, tmp_path / "run.svg", "run")
    diagram.write(real_events, str(tmp_path / "run.HTM"), "run")
    diagram.write(real_events, tmp_path / "run.html")
    diagram.write(real_events, tmp_path / "run.mmd")
    ET.parse(str(tmp_path / "run.svg"))
    assert "<svg" in (tmp_path / "run.HTM").read_text(encoding="utf-8")
    assert (tmp_path / "run.mmd").read_text(encoding="utf-8").startswith("sequenceDiagram\n")
    with pytest.raises(ValueError, match=r"\.svg.*\.html.*\.htm.*\.mmd"):
        diagram.write(real_events, tmp_path / "run.png")
    assert not (tmp_path / "run.png").exists()


def test_times_are_exact_seconds():
    assert [diagram.seconds(ms) for ms in (0, 640_000, 679_500, 61_050, 1)] == \
        ["0.0 s", "640.0 s", "679.5 s", "61.05 s", "0.001 s"]
