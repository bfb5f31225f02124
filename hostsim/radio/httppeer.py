"""An HTTP endpoint that records what it receives (a tracker's collector, a web hook).

Each request (any method) is parsed when complete (``Content-Length`` bytes of body
after the header) and kept in :attr:`HttpEndpoint.requests`; the answer is a fixed
status and body, then the endpoint closes the connection (HTTP/1.0 style, as the
simple clients in module scripts expect).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hostsim.radio.peers import Peer

HEADER_END = b"\r\n\r\n"
REASONS = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request",
           404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class HttpEndpoint:
    """One HTTP service; call it to get the peer of a new connection."""
    status: int = 200
    body: str = "OK"
    requests: list[HttpRequest] = field(default_factory=list)

    def __call__(self) -> Peer:
        return HttpPeer(self)

    @property
    def posts(self) -> list[HttpRequest]:
        return [r for r in self.requests if r.method == "POST"]


class HttpPeer(Peer):
    def __init__(self, endpoint: HttpEndpoint):
        super().__init__()
        self.endpoint = endpoint
        self._data = b""

    def on_data(self, data: bytes) -> None:
        self._data += data
        if HEADER_END not in self._data:
            return
        head, body = self._data.split(HEADER_END, 1)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = headers.get("content-length", "0")
        wanted = int(length) if length.isdigit() else 0
        if len(body) < wanted:
            return
        self._data = b""
        self.endpoint.requests.append(HttpRequest(parts[0], parts[1] if len(parts) > 1 else "",
                                                  headers, body[:wanted]))
        self._answer(400 if len(parts) != 3 else self.endpoint.status)

    def _answer(self, status: int) -> None:
        body = self.endpoint.body.encode("latin-1") if status == self.endpoint.status else b""
        head = "HTTP/1.0 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n" \
               "Connection: close\r\n\r\n" % (status, REASONS.get(status, ""), len(body))
        self.link.send(head.encode("latin-1") + body)
        self.link.close()
