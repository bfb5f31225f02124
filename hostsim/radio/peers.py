"""Simulated remote ends of connections (IP peers, data-call answerers) and the links to them.

A :class:`Peer` is the far end of one connection; the world builds a new
one per connection from a factory (any callable returning a Peer, such as
the class :class:`EchoPeer`).  The :class:`Link` carries bytes both ways
with a fixed one-way latency on the module's virtual clock.
"""
from __future__ import annotations

from typing import Callable, Protocol

IP_LATENCY_MS = 50      # one-way delay between the module and a simulated peer

Schedule = Callable[..., object]     # ``schedule(delay_ms, fn, *args)``


class Endpoint(Protocol):
    """The module side of a link (a socket or a data call)."""

    def link_data(self, data: bytes) -> None: ...

    def link_closed(self) -> None: ...


class Peer:
    """The far end of one connection; override the hooks you need.

    ``self.link`` (set by :meth:`on_connect`) sends data back with
    ``link.send(data)`` and closes with ``link.close()``.
    """

    def __init__(self) -> None:
        self.link: Link | None = None

    def on_connect(self, link: Link) -> None:
        self.link = link

    def on_data(self, data: bytes) -> None:
        """Bytes the module sent."""

    def on_close(self) -> None:
        """The module closed the connection (or lost power)."""


PeerFactory = Callable[[], Peer]


class EchoPeer(Peer):
    """Sends back whatever it receives."""

    def on_data(self, data: bytes) -> None:
        self.link.send(data)


class CallbackPeer(Peer):
    """A peer whose behaviour is given as functions taking the link first."""

    def __init__(self, on_data: Callable[[Link, bytes], None],
                 on_connect: Callable[[Link], None] | None = None,
                 on_close: Callable[[Link], None] | None = None):
        super().__init__()
        self._on_data, self._on_connect, self._on_close = on_data, on_connect, on_close

    def on_connect(self, link: Link) -> None:
        super().on_connect(link)
        if self._on_connect:
            self._on_connect(link)

    def on_data(self, data: bytes) -> None:
        self._on_data(self.link, data)

    def on_close(self) -> None:
        if self._on_close:
            self._on_close(self.link)


def callback_peer(on_data: Callable[[Link, bytes], None],
                  on_connect: Callable[[Link], None] | None = None,
                  on_close: Callable[[Link], None] | None = None) -> PeerFactory:
    """A peer factory from callbacks: ``world.add_peer(host, port, callback_peer(fn))``."""
    return lambda: CallbackPeer(on_data, on_connect, on_close)


class Link:
    """One connection between a module endpoint and a peer (None: a black hole).

    Each end closes on its own; bytes already on their way still arrive, in order.
    """

    def __init__(self, schedule: Schedule, endpoint: Endpoint, peer: Peer | None):
        self._schedule = schedule
        self._endpoint = endpoint
        self.peer = peer
        self.peer_open = True       # the peer has not closed
        self.module_open = True     # the module has not closed
        if peer is not None:
            peer.on_connect(self)

    @property
    def open(self) -> bool:
        return self.peer_open and self.module_open

    # -- the peer's side ---------------------------------------------------

    def send(self, data: bytes) -> None:
        """Peer to module."""
        if self.open and data:
            self._schedule(IP_LATENCY_MS, self._endpoint.link_data, bytes(data))

    def close(self) -> None:
        """The peer closes; the module notices one latency later."""
        if self.open:
            self.peer_open = False
            self._schedule(IP_LATENCY_MS, self._endpoint.link_closed)

    # -- the module's side -------------------------------------------------

    def transmit(self, data: bytes) -> None:
        """Module to peer."""
        if self.open and data and self.peer is not None:
            self._schedule(IP_LATENCY_MS, self._to_peer, bytes(data))

    def _to_peer(self, data: bytes) -> None:
        if self.peer_open:
            self.peer.on_data(data)

    def hang_up(self) -> None:
        """The module closes; the peer notices one latency later."""
        if self.open and self.peer is not None:
            self._schedule(IP_LATENCY_MS, self.peer.on_close)
        self.module_open = False

    def drop(self) -> None:
        """Power loss: the link is gone at once (the peer is told at once)."""
        was_open = self.open
        self.peer_open = self.module_open = False
        if was_open and self.peer is not None:
            self.peer.on_close()
