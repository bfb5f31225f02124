"""A scripted line-oriented server: a greeting, then a reply for each line that matches a rule.

Rules are data (a scenario's ``peers`` entry): ``{"expect": "PING", "send": "PONG"}``
answers every line that contains ``PING``; the first matching rule wins; ``"close":
true`` hangs up after the reply; ``expect`` "" matches any line.  Every line received
is kept in :attr:`LineServer.received` for tests and traces.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hostsim.radio.peers import Peer

LINE_END = b"\r\n"


@dataclass(frozen=True)
class LineRule:
    expect: str
    send: str = ""
    close: bool = False


@dataclass
class LineServer:
    """One listening service; call it to get the peer of a new connection."""
    rules: list[LineRule] = field(default_factory=list)
    greeting: str = ""
    received: list[str] = field(default_factory=list)

    def __call__(self) -> Peer:
        return LinePeer(self)


class LinePeer(Peer):
    def __init__(self, server: LineServer):
        super().__init__()
        self.server = server
        self._pending = b""

    def on_connect(self, link) -> None:
        super().on_connect(link)
        if self.server.greeting:
            link.send(self.server.greeting.encode("latin-1") + LINE_END)

    def on_data(self, data: bytes) -> None:
        self._pending += data
        while b"\n" in self._pending:
            raw, self._pending = self._pending.split(b"\n", 1)
            self._line(raw.rstrip(b"\r").decode("latin-1"))

    def _line(self, line: str) -> None:
        self.server.received.append(line)
        for rule in self.server.rules:
            if rule.expect in line:
                if rule.send:
                    self.link.send(rule.send.encode("latin-1") + LINE_END)
                if rule.close:
                    self.link.close()
                return
