"""The structured record of everything that happens in an emulated module.

Every AT line in and out, URC, SMS, setting change, reboot and file
operation is an :class:`Event` stamped with virtual time.  The same inputs
give the same events, so traces compare byte for byte.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

# Event kinds used across the emulator (a closed vocabulary keeps traces greppable).
KINDS = (
    "at-in",      # a command line (or data payload) received by an AT interface
    "at-out",     # bytes an AT interface sent back (echo excluded)
    "urc",        # an unsolicited result code queued for an interface
    "dropped",    # input lost (frozen interface, overflow, no prefix)
    "sms-in",     # SMS delivered to the module
    "sms-out",    # SMS sent by the module
    "setting",    # a declared setting changed value
    "power",      # power on, power loss, reboot, boot steps
    "sim",        # SIM inserted, removed, PIN state changes
    "network",    # registration, GPRS context, sockets
    "file",       # file store writes, deletes
    "script",     # script interpreter start/stop/halt (runner)
    "serial",     # bytes on a serial line (runner / serve)
    "fota",       # firmware update protocol steps
    "note",       # anything a test or a scenario wants to mark
)


@dataclass(frozen=True)
class Event:
    t: int                 # virtual milliseconds
    kind: str
    source: str            # interface or part that produced it ("MDM", "sim", ...)
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"t": self.t, "kind": self.kind, "source": self.source,
                           "text": self.text, "data": self.data}, sort_keys=True)

    def render(self) -> str:
        """One human timeline line: ``  12.345  MDM  at-in  AT+CGMR``."""
        seconds, millis = divmod(self.t, 1000)
        return "%7d.%03d  %-6s %-8s %s" % (seconds, millis, self.source, self.kind,
                                           printable(self.text))


def printable(text: str) -> str:
    """Show control characters the way a terminal user can read them."""
    out = []
    for ch in text:
        if ch == "\r":
            out.append("<CR>")
        elif ch == "\n":
            out.append("<LF>")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append("<%02X>" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


class Trace:
    """An append-only list of events with subscribers."""

    def __init__(self, now: Callable[[], int]):
        self._now = now
        self.events: list[Event] = []
        self._listeners: list[Callable[[Event], None]] = []

    def emit(self, kind: str, source: str, text: str = "", **data: Any) -> Event:
        if kind not in KINDS:
            raise ValueError("unknown trace event kind %r" % kind)
        event = Event(self._now(), kind, source, text, data)
        self.events.append(event)
        for listener in list(self._listeners):
            listener(event)
        return event

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.remove(listener)

    def select(self, kind: str | None = None, source: str | None = None) -> list[Event]:
        return [e for e in self.events
                if (kind is None or e.kind == kind) and (source is None or e.source == source)]

    def to_jsonl(self) -> str:
        return "".join(e.to_json() + "\n" for e in self.events)

    def timeline(self, events: Iterable[Event] | None = None) -> str:
        return "".join(e.render() + "\n" for e in (self.events if events is None else events))


def redact(line: str) -> str:
    """Keep PINs and passwords out of traces: ``AT+CPIN=****``."""
    upper = line.upper()
    for secret in ("+CPIN=", "+CLCK=", "+CPWD="):
        index = upper.find(secret)
        if index >= 0:
            return line[:index + len(secret)] + "****"
    return line
