"""The structured record of everything that happens in an emulated module.

Every AT line in and out, URC, SMS, setting change, reboot and file
operation is an :class:`Event` stamped with virtual time.  The same inputs
give the same events, so traces compare byte for byte.
"""
from __future__ import annotations

import json
import re
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


_KIND_SET = frozenset(KINDS)
_PRIVATE_KINDS = frozenset(("at-in", "setting"))     # the kinds _private looks at


class Trace:
    """An append-only list of events with subscribers."""

    def __init__(self, now: Callable[[], int]):
        self._now = now
        self.events: list[Event] = []
        self._listeners: tuple[Callable[[Event], None], ...] = ()   # replaced, never changed

    def emit(self, kind: str, source: str, text: str = "", **data: Any) -> Event:
        if kind not in _KIND_SET:
            raise ValueError("unknown trace event kind %r" % kind)
        if kind in _PRIVATE_KINDS:
            text, data = _private(kind, text, data)
        event = Event(self._now(), kind, source, text, data)
        self.events.append(event)
        for listener in self._listeners:
            listener(event)
        return event

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners += (listener,)

    def unsubscribe(self, listener: Callable[[Event], None]) -> None:
        listeners = list(self._listeners)
        listeners.remove(listener)
        self._listeners = tuple(listeners)

    def select(self, kind: str | None = None, source: str | None = None) -> list[Event]:
        return [e for e in self.events
                if (kind is None or e.kind == kind) and (source is None or e.source == source)]

    def to_jsonl(self) -> str:
        return "".join(e.to_json() + "\n" for e in self.events)

    def timeline(self, events: Iterable[Event] | None = None) -> str:
        return "".join(e.render() + "\n" for e in (self.events if events is None else events))


# Secret parameters: command -> index of its first secret parameter (the rest of
# the command's parameters are masked too).  #USERID is not a secret.
SECRET_PARAMETERS = {
    "+CPIN": 0,           # pin[,newpin] or puk,newpin
    "+CPWD": 1,           # fac,oldpwd,newpwd
    "+CLCK": 2,           # fac,mode,passwd[,class]
    "#PASSW": 0,          # Easy GPRS password
    "#EPASSW": 0,         # e-mail (SMTP) password
    "#FTPOPEN": 2,        # server,username,password[,mode]
    "#SGACT": 3,          # cid,stat,userId,pwd
    "#OTASNAIPCFG": 3,    # bearer,apn,user,password
}
SECRET_SETTINGS = frozenset({"#PASSW", "#EPASSW"})
MASK = "****"
_SECRET_COMMAND = re.compile(r"(%s)\s*=(?!\s*\?)"
                             % "|".join(re.escape(name) for name in SECRET_PARAMETERS), re.I)
_PARAMETER = re.compile(r'\s*("[^"]*"?|[^,;"]*)')


def redact(line: str) -> str:
    """Keep PINs and passwords out of traces: ``AT+CPIN = 1234`` gives
    ``AT+CPIN = ****``, ``AT#SGACT=1,1,"me","pw"`` gives ``AT#SGACT=1,1,"me",****``."""
    if "=" not in line:
        return line
    out, position = [], 0
    for match in _SECRET_COMMAND.finditer(line):
        if match.start() < position:
            continue
        first_secret = SECRET_PARAMETERS[match.group(1).upper()]
        out.append(line[position:match.end()])
        position = match.end()
        index = 0
        while True:
            parameter = _PARAMETER.match(line, position)
            value = parameter.group(1)
            if index >= first_secret and value:
                out.append(line[position:parameter.start(1)] + MASK
                           + line[parameter.end(1):parameter.end()])
            else:
                out.append(parameter.group(0))
            position = parameter.end()
            if not line.startswith(",", position):
                break
            out.append(",")
            position += 1
            index += 1
    out.append(line[position:])
    return "".join(out)


def _private(kind: str, text: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """An event's text and data without secrets."""
    if kind == "at-in":
        return redact(text), data
    if kind == "setting" and data.get("name") in SECRET_SETTINGS:
        return "%s=%s" % (data["name"], MASK), dict(data, value=MASK)
    return text, data
