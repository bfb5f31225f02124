"""Sequence diagrams of a run: the figures of the PFM application note, redrawn from a trace.

:func:`build` turns trace events into a :class:`Diagram` (participants, rows of
arrows or notes, spans such as update phases); :func:`to_svg`, :func:`to_html`
and :func:`to_mermaid` draw it; :func:`write` picks one by file extension.

What is drawn: PFM messages between the module and the PFM server (lost ones
end in a cross half way), the delta download from the FTP server, URCs to the
external application (ASC0) and the script (MDM, MDM2), the AT commands worth
a FOTA picture with their error results, and notes for update phases (with
their duration), power events, failures, script start and end and scenario
actions.  Rows are evenly spaced; quiet times of 30 s or more are marked.
PINs and passwords never appear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence
from xml.sax.saxutils import escape

from hostsim.core.trace import Event, printable, redact

APP, SCRIPT, MODULE, PFM, FTP = "app", "script", "module", "pfm", "ftp"
SCRIPT_PORTS = ("MDM", "MDM2")
# AT command lines worth showing in a FOTA picture (matched case-insensitively).
DEFAULT_COMMANDS = ("#OTA", "+CPIN", "+IPR", "#REBOOT", "#ESCRIPT", "#STARTMODESCR", "+CFUN")
MAX_ROWS = 300          # longer runs keep their beginning and end
GAP_MS = 30_000         # a quiet time at least this long is marked
BEARERS = {"sms": "SMS", "tcp": "TCP/IP"}
_SECRET_FIELD = re.compile(r'("(?:pin2?|puk2?|password)"\s*:\s*)("[^"]*"|[^,}\s]+)', re.I)


@dataclass
class Participant:
    key: str            # APP, SCRIPT, MODULE, PFM or FTP
    name: str           # the lifeline's title
    alias: str          # its Mermaid identifier


PARTICIPANTS = (Participant(APP, "External application", "App"),
                Participant(SCRIPT, "Script", "Script"),
                Participant(MODULE, "Module", "Module"),
                Participant(PFM, "PFM server", "PFM"),
                Participant(FTP, "FTP server", "FTP"))


@dataclass
class Arrow:
    src: str
    dst: str
    label: str
    kind: str                   # "pfm", "urc", "at" or "ftp"
    bearer: str = ""            # PFM messages: "sms" or "tcp"
    lost: bool = False          # never arrived: drawn ending in a cross half way
    error: bool = False         # an error result or a broken-off download
    detail: str = ""            # shown on hover in SVG (message fields, file name)


@dataclass
class Note:
    over: tuple[str, ...]       # one participant, or the first and last of a range
    text: str
    kind: str       # "phase", "power", "failure", "scenario", "script", "info" or "omitted"


@dataclass
class Row:
    t: int                                  # virtual milliseconds
    arrows: list[Arrow] = field(default_factory=list)
    note: Note | None = None
    gap_ms: int = 0                         # a long quiet time before this row


@dataclass
class Span:
    over: str                   # the participant whose lifeline carries it
    kind: str                   # an update phase ("downloading", ...) or "download"
    start: int                  # first row
    end: int                    # row after the last one


@dataclass
class Diagram:
    title: str
    participants: list[Participant]
    rows: list[Row] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    omitted: int = 0            # rows left out of a long run

    def arrows(self) -> list[Arrow]:
        return [arrow for row in self.rows for arrow in row.arrows]

    def notes(self) -> list[Note]:
        return [row.note for row in self.rows if row.note is not None]


def seconds(ms: int) -> str:
    """Virtual time as shown in diagrams: ``640.0 s``, ``61.05 s``."""
    whole, millis = divmod(ms, 1000)
    return "%d.%s s" % (whole, ("%03d" % millis).rstrip("0") or "0")


def _private(text: str) -> str:
    """Printable text without PINs, PUKs and passwords."""
    return printable(_SECRET_FIELD.sub(r'\1"****"', redact(text)))


# -- building ---------------------------------------------------------------------


class _Builder:
    def __init__(self, events: Sequence[Event], commands: Sequence[str]):
        self.commands = tuple(c.upper() for c in commands)
        self.script = any(e.kind == "script" or (e.kind == "at-in" and e.source in SCRIPT_PORTS)
                          for e in events)
        self.rows: list[Row] = []
        self.spans: list[Span] = []
        self.phase: tuple[Span, Note, int] | None = None     # open phase, its note, start
        self.download: Span | None = None
        self.pending: dict[str, Arrow | None] = {}           # last command per interface
        self.handlers = {"fota": self.on_fota, "power": self.on_power, "at-in": self.on_at_in,
                         "at-out": self.on_at_out, "urc": self.on_urc, "dropped": self.on_dropped,
                         "script": self.on_script, "note": self.on_note}

    def lifeline(self, port: str) -> str | None:
        if port == "ASC0":
            return APP
        if port in SCRIPT_PORTS and self.script:
            return SCRIPT
        return None

    def add(self, t: int, arrow: Arrow | None = None, note: Note | None = None) -> None:
        self.rows.append(Row(t, [arrow] if arrow else [], note))

    def note(self, t: int, over: str, text: str, kind: str) -> Note:
        note = Note((over,), text, kind)
        self.add(t, note=note)
        return note

    def event(self, e: Event) -> None:
        handler = self.handlers.get(e.kind)
        if handler is not None:
            handler(e)

    def on_fota(self, e: Event) -> None:
        if e.source == "pfm":
            self.pfm_message(e)
        elif e.source == "ftp":
            self.ftp(e)
        elif e.source == "module":
            self.module_step(e)

    def pfm_message(self, e: Event) -> None:
        d = e.data
        src, dst = (PFM, MODULE) if d.get("sender") == "pfm" else (MODULE, PFM)
        lost = d.get("outcome") == "lost"
        label = "%s (%s)%s" % (d.get("message", e.text), BEARERS.get(d.get("bearer"), "?"),
                               ", lost" if lost else "")
        fields = d.get("fields") or {}
        detail = " ".join("%s=%s" % (k, v) for k, v in sorted(fields.items()) if k != "kind")
        self.add(e.t, Arrow(src, dst, label, "pfm", d.get("bearer", ""), lost=lost,
                            detail=_private(detail)))

    def ftp(self, e: Event) -> None:
        detail = _private(str(e.data.get("file", "")))
        if "started" in e.text:
            self.add(e.t, Arrow(MODULE, FTP, "delta download %s B" % e.data.get("size", "?"),
                                "ftp", detail=detail))
            self.download = Span(FTP, "download", len(self.rows) - 1, len(self.rows))
            self.spans.append(self.download)
            return
        broken = "broken" in e.text
        self.add(e.t, Arrow(FTP, MODULE, "download broken off" if broken else "download finished",
                            "ftp", error=broken, detail=detail))
        self.end_download()

    def end_download(self) -> None:
        if self.download is not None:
            self.download.end = len(self.rows)
            self.download = None

    def module_step(self, e: Event) -> None:
        text = e.text
        if text.startswith(("received ", "user answer ")):
            return                          # the arrows show these
        if text.startswith("phase "):
            self.close_phase(e.t)
            phase = text[len("phase "):]
            if phase != "idle":
                note = self.note(e.t, MODULE, "phase " + phase, "phase")
                span = Span(MODULE, phase, len(self.rows) - 1, len(self.rows))
                self.spans.append(span)
                self.phase = (span, note, e.t)
            return
        failed = any(w in text for w in ("failed", "interrupted", "lost", "refused", "ignored",
                                         "not sent"))
        self.note(e.t, MODULE, _private(text), "failure" if failed else "info")

    def close_phase(self, t: int) -> None:
        if self.phase is not None:
            span, note, start = self.phase
            span.end = len(self.rows)
            note.text += " (%s)" % seconds(t - start)
            self.phase = None

    def on_power(self, e: Event) -> None:
        if e.text == "power on":
            d = e.data
            text = "power on (boot %s, firmware %s)" % (d.get("boot", "?"), d.get("firmware", "?"))
        else:
            self.close_phase(e.t)
            self.end_download()
            text = "power off: %s" % _private(e.text)
        self.note(e.t, MODULE, text, "power")

    def on_at_in(self, e: Event) -> None:
        src = self.lifeline(e.source)
        if src is None:
            return
        line = _private(e.text.strip())
        arrow = None
        if any(c in line.upper() for c in self.commands):
            arrow = Arrow(src, MODULE, line, "at")
            self.add(e.t, arrow)
        self.pending[e.source] = arrow

    def on_at_out(self, e: Event) -> None:
        final = e.data.get("final")
        arrow = self.pending.get(e.source)
        if final is None or arrow is None:
            return
        self.pending[e.source] = None
        if "ERROR" in final:
            arrow.label += " \u2192 " + _private(final)
            arrow.error = True

    def on_urc(self, e: Event) -> None:
        self.urc(e, _private(e.text.strip()), lost=False)

    def on_dropped(self, e: Event) -> None:
        if e.text.startswith("#OTAEV"):
            reason = e.data.get("reason", "")
            self.urc(e, "%s (dropped%s)" % (_private(e.text.strip()), ": " + reason if reason
                                            else ""), lost=True)

    def urc(self, e: Event, label: str, lost: bool) -> None:
        dst = self.lifeline(e.source)
        if dst is None:
            return
        last = self.rows[-1] if self.rows else None
        if (last is not None and last.t == e.t and last.arrows
                and all(a.kind == "urc" and a.label == label for a in last.arrows)):
            if all(a.dst != dst for a in last.arrows):
                last.arrows.append(Arrow(MODULE, dst, label, "urc", lost=lost))
            return
        self.add(e.t, Arrow(MODULE, dst, label, "urc", lost=lost))

    def on_script(self, e: Event) -> None:
        if e.source in ("print", "stderr") or e.text.startswith("import "):
            return
        failed = "exception" in e.text or "watchdog" in e.text
        self.note(e.t, SCRIPT, _private(e.text), "failure" if failed else "script")

    def on_note(self, e: Event) -> None:
        over = PFM if e.source == "pfm" else MODULE
        self.note(e.t, over, "%s: %s" % (e.source, _private(e.text)), "scenario")

    def finish(self) -> None:
        if self.phase is not None:
            span, note, _ = self.phase
            span.end = len(self.rows)
            note.text += " (still running at the end)"


def build(events: Iterable[Event], title: str = "", commands: Sequence[str] = DEFAULT_COMMANDS,
          max_rows: int = MAX_ROWS) -> Diagram:
    """The sequence diagram of a run's events (in trace order).

    ``commands``: AT command lines containing one of these are drawn;
    ``max_rows``: a longer run keeps its first two thirds and its last third
    around a note telling how many rows were left out."""
    events = list(events)
    builder = _Builder(events, commands)
    for event in events:
        builder.event(event)
    builder.finish()
    participants = [p for p in PARTICIPANTS if p.key != SCRIPT or builder.script]
    diagram = Diagram(title, participants, builder.rows, builder.spans)
    if len(diagram.rows) > max_rows:
        _cap(diagram, max_rows)
    previous = None
    for row in diagram.rows:
        if previous is not None and row.t - previous >= GAP_MS:
            row.gap_ms = row.t - previous
        previous = None if row.note is not None and row.note.kind == "omitted" else row.t
    return diagram


def _cap(diagram: Diagram, max_rows: int) -> None:
    """Keep the first and last rows around a note on what was left out."""
    rows = diagram.rows
    keep = max(max_rows - 1, 0)
    head = keep * 2 // 3
    tail = keep - head
    cut = rows[head:len(rows) - tail]
    text = "%d rows left out (%s to %s)" % (len(cut), seconds(cut[0].t), seconds(cut[-1].t))
    span_of = (diagram.participants[0].key, diagram.participants[-1].key)
    marker = Row(cut[0].t, note=Note(span_of, text, "omitted"))
    shift = len(cut) - 1

    def start(i: int) -> int:
        return i if i < head else head + 1 if i < head + len(cut) else i - shift

    def end(i: int) -> int:
        return i if i <= head else head if i <= head + len(cut) else i - shift

    spans = [Span(s.over, s.kind, start(s.start), end(s.end)) for s in diagram.spans]
    diagram.spans = [s for s in spans if s.start < s.end]
    diagram.rows = rows[:head] + [marker] + rows[len(rows) - tail:]
    diagram.omitted = len(cut)


# -- SVG ----------------------------------------------------------------------------

FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
LABEL_PX, NOTE_PX, TIME_PX, HEAD_PX, TITLE_PX = 12, 12, 11, 13, 16
ROW_H, GAP_H, HEAD_H, PAD, MIN_GAP = 30, 18, 30, 12, 110
PHASE_COLORS = {"asking": "#b2ebf2", "connecting": "#e0e0e0", "downloading": "#ffd8a8",
                "validating": "#c8e6c9", "updating": "#bbdefb", "download": "#ffb74d"}
NOTE_COLORS = {  # fill, stroke, text
    "phase": ("#e3f2fd", "#64b5f6", "#0d3c61"), "power": ("#fff3c4", "#c9a227", "#5d4600"),
    "failure": ("#ffe0e0", "#c62828", "#8e0000"), "scenario": ("#ede7f6", "#7e57c2", "#311b92"),
    "script": ("#e8f5e9", "#43a047", "#1b5e20"), "info": ("#f5f5f5", "#9e9e9e", "#212121"),
    "omitted": ("#fafafa", "#9e9e9e", "#424242")}
ARROW_COLORS = {"sms": "#1565c0", "tcp": "#00796b", "urc": "#6a1b9a", "at": "#37474f",
                "ftp": "#e65100"}
RED = "#c62828"                 # lost messages, error results


def _arrow_color(arrow: Arrow) -> str:
    if arrow.lost:
        return RED
    return ARROW_COLORS[arrow.bearer if arrow.kind == "pfm" else arrow.kind]


def _dashed(arrow: Arrow) -> bool:
    """URCs and the FTP server's answer are drawn dashed (Mermaid: ``-->>``)."""
    return arrow.kind == "urc" or arrow.src == FTP


def _width(text: str, px: float, bold: bool = False) -> float:
    """An estimate of drawn text width, generous enough for common sans fonts."""
    return len(text) * px * (0.66 if bold else 0.6)


@dataclass
class _Layout:
    x: dict[str, float]
    width: float
    time_w: float
    top: float                          # y of the header boxes
    centers: list[float]                # row centre lines
    bottom: float                       # y below the last row


def _layout(diagram: Diagram) -> _Layout:
    keys = [p.key for p in diagram.participants]
    index = {k: i for i, k in enumerate(keys)}
    boxes = [_width(p.name, HEAD_PX, True) + 20 for p in diagram.participants]
    gaps = [max(MIN_GAP, (boxes[i] + boxes[i + 1]) / 2 + 16) for i in range(len(keys) - 1)]
    needs: list[tuple[int, int, float]] = []        # lifelines i < j need w between them
    for row in diagram.rows:
        for arrow in row.arrows:
            i, j = sorted((index[arrow.src], index[arrow.dst]))
            needs.append((i, j, _width(arrow.label, LABEL_PX) + 24))
        if row.note is not None and len(row.note.over) == 2:
            i, j = index[row.note.over[0]], index[row.note.over[1]]
            needs.append((i, j, _width(row.note.text, NOTE_PX) - 26))
    for i, j, need in sorted(needs, key=lambda n: n[1] - n[0]):
        have = sum(gaps[i:j])
        if have < need:
            for k in range(i, j):
                gaps[k] += (need - have) / (j - i)
    rel = [0.0]
    for gap in gaps:
        rel.append(rel[-1] + gap)
    left = [rel[i] - boxes[i] / 2 for i in range(len(keys))]
    right = [rel[i] + boxes[i] / 2 for i in range(len(keys))]
    for row in diagram.rows:
        if row.note is not None and len(row.note.over) == 1:
            i, half = index[row.note.over[0]], _width(row.note.text, NOTE_PX) / 2 + 8
            left.append(rel[i] - half)
            right.append(rel[i] + half)
    time_w = max([_width(seconds(r.t), TIME_PX) for r in diagram.rows] + [30.0]) + 14
    offset = PAD + time_w + 8 - min(left)
    top = PAD + (TITLE_PX + 14 if diagram.title else 0)
    centers, y = [], top + HEAD_H + 12
    for row in diagram.rows:
        y += GAP_H if row.gap_ms else 0
        centers.append(y + ROW_H / 2)
        y += ROW_H
    width = max(max(right) + offset, _width(diagram.title, TITLE_PX, True) + PAD) + PAD
    return _Layout({k: rel[i] + offset for i, k in enumerate(keys)}, width, time_w, top, centers,
                   y + 12)


def _text(x: float, y: float, text: str, px: float, color: str = "#212121",
          anchor: str = "middle", extra: str = "") -> str:
    return ('<text x="%.1f" y="%.1f" font-size="%s" fill="%s" text-anchor="%s"%s>%s</text>'
            % (x, y, px, color, anchor, extra, escape(text)))


def _head(x: float, y: float, p: Participant) -> str:
    w = _width(p.name, HEAD_PX, True) + 20
    return ('<rect x="%.1f" y="%.1f" width="%.1f" height="%d" rx="4" fill="#eceff1" '
            'stroke="#546e7a"/>' % (x - w / 2, y, w, HEAD_H)
            + _text(x, y + HEAD_H / 2 + 4.5, p.name, HEAD_PX, extra=' font-weight="bold"'))


def _arrows_svg(arrows: list[Arrow], x: dict[str, float], cy: float) -> list[str]:
    """One row's arrows: same sender and label, so one line with a head at each target."""
    first = arrows[0]
    x0 = x[first.src]
    far = max((x[a.dst] for a in arrows), key=lambda v: abs(v - x0))
    y = cy + 7
    color = _arrow_color(first)
    dash = ' stroke-dasharray="6 4"' if _dashed(first) else ""
    stop = far
    if first.lost:      # the cross: half way into the last gap before the target
        inner = [v for v in x.values() if min(x0, far) < v < max(x0, far)] + [x0]
        stop = (far + min(inner, key=lambda v: abs(v - far))) / 2
    out = ['<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1.5"%s/>'
           % (x0, y, stop, y, color, dash)]
    if first.lost:
        out.append('<path d="M%.1f %.1fl8 8m0 -8l-8 8" stroke="%s" stroke-width="2"/>'
                   % (stop - 4, y - 4, color))
    else:
        for arrow in arrows:
            xd = x[arrow.dst]
            d = 1 if xd > x0 else -1
            out.append('<path d="M%.1f %.1fl%d -4.5v9z" fill="%s"/>' % (xd, y, -9 * d, color))
    label_color = RED if first.error or first.lost else color
    out.append(_text((x0 + far) / 2, cy + 2, first.label, LABEL_PX, label_color))
    if first.detail:
        out.insert(0, "<title>%s</title>" % escape(first.detail))
    return ["<g>"] + out + ["</g>"]


def _note_svg(note: Note, x: dict[str, float], cy: float) -> list[str]:
    fill, stroke, ink = NOTE_COLORS[note.kind]
    if note.kind == "phase":
        fill = PHASE_COLORS.get(note.text.split()[1], fill)
    w = _width(note.text, NOTE_PX) + 14
    if len(note.over) == 2:
        x0, x1 = x[note.over[0]] - 20, x[note.over[1]] + 20
        x0, x1 = min(x0, (x0 + x1 - w) / 2), max(x1, (x0 + x1 + w) / 2)
    else:
        x0, x1 = x[note.over[0]] - w / 2, x[note.over[0]] + w / 2
    dash = ' stroke-dasharray="4 3"' if note.kind == "omitted" else ""
    return ['<rect x="%.1f" y="%.1f" width="%.1f" height="22" rx="3" fill="%s" stroke="%s"%s/>'
            % (x0, cy - 11, x1 - x0, fill, stroke, dash),
            _text((x0 + x1) / 2, cy + 4, note.text, NOTE_PX, ink)]


def to_svg(diagram: Diagram) -> str:
    """A self-contained SVG picture of the diagram."""
    lay = _layout(diagram)
    x, rows, centers = lay.x, diagram.rows, lay.centers
    height = lay.bottom + HEAD_H + PAD
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="%s">' % (lay.width, height, lay.width, height, FONT),
           '<rect width="100%" height="100%" fill="#ffffff"/>']
    if diagram.title:
        out.append(_text(PAD, PAD + TITLE_PX, diagram.title, TITLE_PX, anchor="start",
                         extra=' font-weight="bold"'))
    row_top = [c - ROW_H / 2 for c in centers] + [lay.bottom - 12]
    for i, (row, cy) in enumerate(zip(rows, centers)):
        if i % 2:
            out.append('<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="#f6f8fa"/>'
                       % (PAD, row_top[i], lay.width - 2 * PAD, ROW_H))
        if row.gap_ms:
            out.append('<rect x="%d" y="%.1f" width="%.1f" height="%d" fill="#eeeeee"/>'
                       % (PAD, row_top[i] - GAP_H + 2, lay.width - 2 * PAD, GAP_H - 4))
            out.append(_text(PAD + lay.time_w, row_top[i] - 5, "+" + seconds(row.gap_ms), 10,
                             "#757575", "end", ' font-style="italic"'))
        same = i > 0 and rows[i - 1].t == row.t
        out.append(_text(PAD + lay.time_w, cy + 4, seconds(row.t), TIME_PX,
                         "#b0b0b0" if same else "#424242", "end"))
    life_top, life_bottom = lay.top + HEAD_H, lay.bottom
    for p in diagram.participants:
        out.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#90a4ae" '
                   'stroke-dasharray="4 4"/>' % (x[p.key], life_top, x[p.key], life_bottom))
    for span in diagram.spans:
        color = PHASE_COLORS.get(span.kind, "#cfd8dc")
        top, bottom = row_top[span.start], row_top[span.end]
        out.append('<rect x="%.1f" y="%.1f" width="10" height="%.1f" fill="%s" stroke="#78909c">'
                   '<title>%s</title></rect>'
                   % (x[span.over] - 5, top, bottom - top, color, escape(span.kind)))
    for row, cy in zip(rows, centers):
        if row.arrows:
            out.extend(_arrows_svg(row.arrows, x, cy))
        if row.note is not None:
            out.extend(_note_svg(row.note, x, cy))
    for p in diagram.participants:
        out.append(_head(x[p.key], lay.top, p))
        out.append(_head(x[p.key], life_bottom, p))
    out.append("</svg>")
    return "\n".join(out) + "\n"


# -- HTML ---------------------------------------------------------------------------

def _legend() -> list[tuple[str, str]]:
    """(inline SVG swatch, meaning) pairs for the HTML page."""
    def line(color: str, dash: str = "", x2: int = 36) -> str:
        return ('<line x1="2" y1="8" x2="%d" y2="8" stroke="%s" stroke-width="1.5"%s/>'
                % (x2, color, ' stroke-dasharray="6 4"' if dash else ""))

    items = [(line(ARROW_COLORS["sms"]), "PFM message by SMS"),
             (line(ARROW_COLORS["tcp"]), "PFM message over TCP/IP"),
             (line(RED, x2=19) + '<path d="M14 3l10 10m0 -10l-10 10" stroke="%s" '
              'stroke-width="2"/>' % RED, "lost message (ends in a cross half way)"),
             (line(ARROW_COLORS["urc"], "dashed"), "URC from the module"),
             (line(ARROW_COLORS["at"]), "AT command (an error result in red)"),
             (line(ARROW_COLORS["ftp"]) + '<rect x="31" y="1" width="8" height="14" fill="%s" '
              'stroke="#78909c"/>' % PHASE_COLORS["download"],
              "delta download from the FTP server")]
    items += [('<rect x="14" y="1" width="10" height="14" fill="%s" stroke="#78909c"/>' % color,
               "update phase: " + phase) for phase, color in PHASE_COLORS.items()
              if phase != "download"]
    items += [('<rect x="2" y="2" width="34" height="12" rx="3" fill="%s" stroke="%s"/>'
               % NOTE_COLORS[kind][:2], text)
              for kind, text in (("power", "power event"), ("failure", "failure"),
                                 ("scenario", "scenario action"),
                                 ("script", "script start and end"), ("info", "module step"))]
    return items


def to_html(diagram: Diagram) -> str:
    """A self-contained HTML page: title, legend and the SVG."""
    title = diagram.title or "Sequence diagram"
    legend = "\n".join('<li><svg width="40" height="16">%s</svg> %s</li>' % (swatch, escape(text))
                       for swatch, text in _legend())
    span = (" from %s to %s" % (seconds(diagram.rows[0].t), seconds(diagram.rows[-1].t))
            if diagram.rows else "")
    summary = "%d rows%s%s; times are virtual seconds; long quiet times are shaded." % (
        len(diagram.rows), span,
        " (%d rows left out)" % diagram.omitted if diagram.omitted else "")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>%s</title>\n<style>\nbody { font-family: %s; margin: 1.5em; color: #212121; }\n"
            "ul.legend { list-style: none; padding: 0; columns: 2; max-width: 52em; }\n"
            "ul.legend li { margin: 0.2em 0; }\nul.legend svg { vertical-align: middle; }\n"
            "</style>\n</head>\n<body>\n<h1>%s</h1>\n<p>%s</p>\n<ul class=\"legend\">\n%s\n</ul>\n"
            "%s</body>\n</html>\n"
            % (escape(title), FONT, escape(title), escape(summary), legend, to_svg(diagram)))


# -- Mermaid ------------------------------------------------------------------------

_MERMAID_CODES = {"#": "#35;", ";": "#59;", ":": "#58;", '"': "#34;", "<": "#60;",
                  ">": "#62;", "{": "#123;", "}": "#125;", "%": "#37;", "\n": " ", "\r": " "}
_MERMAID_RECTS = {phase: "rgba(%d, %d, %d, 0.35)" % tuple(int(color[i:i + 2], 16)
                                                          for i in (1, 3, 5))
                  for phase, color in PHASE_COLORS.items()}


def mermaid_text(text: str) -> str:
    """Message or note text as Mermaid parses it (``#35;`` for ``#``, ...)."""
    return "".join(_MERMAID_CODES.get(ch, ch) for ch in text)


def to_mermaid(diagram: Diagram) -> str:
    """Mermaid ``sequenceDiagram`` text."""
    alias = {p.key: p.alias for p in diagram.participants}
    out = ["sequenceDiagram"]
    if diagram.title:
        out.append("    title %s" % mermaid_text(diagram.title))
    for p in diagram.participants:
        out.append("    participant %s" % p.alias if p.alias == p.name
                   else "    participant %s as %s" % (p.alias, p.name))

    def spans_at(i: int) -> None:
        for span in diagram.spans:
            if span.end == i:
                out.append("    deactivate %s" % alias[span.over] if span.kind == "download"
                           else "    end")
        for span in diagram.spans:
            if span.start == i:
                out.append("    activate %s" % alias[span.over] if span.kind == "download"
                           else "    rect %s" % _MERMAID_RECTS.get(span.kind, "rgba(0, 0, 0, 0.1)"))

    for i, row in enumerate(diagram.rows):
        spans_at(i)
        out.append("    %%%% %s%s" % (seconds(row.t), ", %s later" % seconds(row.gap_ms)
                                      if row.gap_ms else ""))
        for arrow in row.arrows:
            line = "-x" if arrow.lost else "-->>" if _dashed(arrow) else "->>"
            out.append("    %s%s%s: %s" % (alias[arrow.src], line, alias[arrow.dst],
                                            mermaid_text(arrow.label)))
        if row.note is not None:
            out.append("    Note over %s: %s" % (",".join(alias[k] for k in row.note.over),
                                                 mermaid_text(row.note.text)))
    spans_at(len(diagram.rows))
    return "\n".join(out) + "\n"


# -- files ----------------------------------------------------------------------------

FORMATS = {".svg": to_svg, ".html": to_html, ".htm": to_html, ".mmd": to_mermaid}


def check_path(path: str | Path) -> None:
    """Raise ValueError unless ``path`` names a format :func:`write` knows."""
    if Path(path).suffix.lower() not in FORMATS:
        raise ValueError("unknown diagram format %r: use one of %s"
                         % (str(path), ", ".join(FORMATS)))


def write(events: Iterable[Event], path: str | Path, title: str = "") -> None:
    """Draw the events' diagram to ``path``: .svg, .html/.htm or .mmd (Mermaid)."""
    check_path(path)
    render = FORMATS[Path(path).suffix.lower()]
    Path(path).write_text(render(build(events, title)), encoding="utf-8")
