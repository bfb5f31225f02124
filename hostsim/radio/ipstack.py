"""The module's sockets (Telit ``#SD`` family) over simulated IP peers.

Six sockets (connId 1..6), each bound to the PDP context that ``#SCFG``
gives it.  In online data mode the DTE's bytes are packed as ``#SCFG``
says: sent when ``pktSz`` bytes are buffered or ``txTo`` (1/10 s) after the
first buffered byte.  In command mode incoming data waits for ``#SRECV``
and is announced by ``SRING`` (format per ``#SCFGEXT`` srMode).

Connection failures: a host that is neither an IP address nor a name the
world knows fails with ``+CME ERROR: 558`` (cannot resolve DN); a known
host with nothing on the port refuses (``NO CARRIER`` after
:data:`SOCKET_CONNECT_MS`); an unknown IP address times out (``NO CARRIER``
after the ``#SCFG`` connTo).  A closed socket gives no URC in command mode
(``#SS`` shows it); unread data stays readable until ``#SRECV`` drains it.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Callable

from hostsim.at.engine import OnlineSession
from hostsim.core.errors import (
    CANNOT_RESOLVE_DN,
    CONTEXT_NOT_OPENED,
    OPERATION_NOT_ALLOWED,
    CmeError,
)
from hostsim.radio.peers import Link

if TYPE_CHECKING:  # pragma: no cover
    from hostsim.radio.network import Radio

SOCKET_CONNECT_MS = 500     # #SD: TCP handshake with a simulated peer
DEFAULT_PACKET = 300        # #SCFG pktSz 0 means this
EPHEMERAL_PORT = 49152      # first local port when #SD gives none
CONN_IDS = range(1, 7)

CLOSED, ACTIVE, SUSPENDED, SUSPENDED_PENDING = 0, 1, 2, 3     # #SS states


class Socket:
    """One connected socket; ``engine`` is the interface that owns it."""

    def __init__(self, stack: IpStack, conn_id: int, cid: int, udp: bool, remote_ip: str,
                 remote_port: int, local_ip: str, local_port: int, closure_type: int,
                 engine: Any):
        self.stack = stack
        self.conn_id, self.cid, self.udp = conn_id, cid, udp
        self.remote_ip, self.remote_port = remote_ip, remote_port
        self.local_ip, self.local_port = local_ip, local_port
        self.closure_type = closure_type
        self.engine = engine
        self.link: Link | None = None      # None while connecting
        self.session: SocketSession | None = None
        self.rx = bytearray()
        self.tx = bytearray()
        self._tx_timer = None
        self.remote_closed = False

    @property
    def state(self) -> int:
        if self.link is None or (self.remote_closed and not self.rx and self.session is None):
            return CLOSED
        if self.session is not None:
            return ACTIVE
        return SUSPENDED_PENDING if self.rx else SUSPENDED

    def _config(self, setting: str) -> list[int]:
        return self.stack.radio.module.settings.get(setting)[str(self.conn_id)]

    # -- from the peer -------------------------------------------------------

    def link_data(self, data: bytes) -> None:
        if self.session is not None:
            self.session.engine.to_dte(data)
            return
        self.rx += data
        sr_mode, hex_mode = self._config("#SCFGEXT")[:2]
        if sr_mode == 2:
            chunk, self.rx = bytes(self.rx), bytearray()
            shown = chunk.hex().upper() if hex_mode else chunk.decode("latin-1")
            self.engine.urc("SRING: %d,%d,%s" % (self.conn_id, len(chunk), shown))
        elif sr_mode == 1:
            self.engine.urc("SRING: %d,%d" % (self.conn_id, len(self.rx)))
        else:
            self.engine.urc("SRING: %d" % self.conn_id)

    def link_closed(self) -> None:
        self.remote_closed = True
        self.stack.trace("socket %d closed by the peer" % self.conn_id, conn_id=self.conn_id)
        if self.session is not None:
            if self.closure_type == 255:
                return          # stays online until the DTE escapes
            self.stack.close(self.conn_id)
        elif not self.rx:
            self.stack.close(self.conn_id, notify=False)

    # -- from the DTE --------------------------------------------------------

    def queue(self, data: bytes) -> None:
        """Online data: pack as ``#SCFG`` pktSz / txTo say."""
        _, pkt_size, _, _, tx_timeout = self._config("#SCFG")
        self.tx += data
        if len(self.tx) >= (pkt_size or DEFAULT_PACKET):
            self.flush()
        elif tx_timeout and self._tx_timer is None:
            self._tx_timer = self.stack.radio.later(tx_timeout * 100, self.flush)

    def flush(self) -> None:
        if self._tx_timer is not None:
            self._tx_timer.cancel()
            self._tx_timer = None
        data, self.tx = bytes(self.tx), bytearray()
        if data and self.link is not None:
            self.link.transmit(data)

    def escaped(self) -> None:
        self.flush()
        self.session = None
        if self.remote_closed:
            self.stack.close(self.conn_id, notify=False)


class SocketSession(OnlineSession):
    """Online data mode on a socket."""

    def __init__(self, socket: Socket, engine: Any):
        self.socket = socket
        self.engine = engine

    def from_dte(self, data: bytes) -> None:
        self.socket.queue(data)

    def escaped(self) -> None:
        self.socket.escaped()


class IpStack:
    """The sockets of one module (volatile)."""

    def __init__(self, radio: Radio):
        self.radio = radio
        self.reset()

    def reset(self) -> None:
        self.sockets: dict[int, Socket] = {}
        self._ports = itertools.count(EPHEMERAL_PORT)

    def trace(self, text: str, **data: Any) -> None:
        self.radio.module.trace.emit("network", "radio", text, **data)

    def socket(self, conn_id: int, open_only: bool = True) -> Socket:
        """The socket ``conn_id`` (+CME ERROR: 3 when there is none)."""
        sock = self.sockets.get(conn_id)
        if sock is None or (open_only and sock.state == CLOSED):
            raise CmeError(OPERATION_NOT_ALLOWED)
        return sock

    def connect(self, conn_id: int, udp: bool, host: str, port: int, closure_type: int,
                local_port: int, engine: Any) -> tuple[int, Callable[[], Socket | None]]:
        """Start ``#SD``: (delay, finish); ``finish()`` gives the socket or None (failed)."""
        radio, world = self.radio, self.radio.world
        if conn_id in self.sockets:
            raise CmeError(OPERATION_NOT_ALLOWED)
        cid = radio.module.settings.get("#SCFG")[str(conn_id)][0]
        context = radio.contexts.get(cid)
        if context is None:
            raise CmeError(CONTEXT_NOT_OPENED)
        remote_ip = world.resolve(host)
        factory = world.peer_factory(remote_ip, port) if remote_ip else None
        sock = Socket(self, conn_id, cid, udp, remote_ip or host, port, context.ip,
                      local_port or next(self._ports), closure_type, engine)
        self.sockets[conn_id] = sock
        generation = radio.generation
        self.trace("socket %d connecting to %s:%d" % (conn_id, host, port), conn_id=conn_id,
                   host=host, port=port, udp=udp)

        def finish() -> Socket | None:
            if radio.generation != generation or self.sockets.get(conn_id) is not sock:
                return None
            if remote_ip is None:
                del self.sockets[conn_id]
                self.trace("socket %d: cannot resolve %s" % (conn_id, host), conn_id=conn_id)
                raise CmeError(CANNOT_RESOLVE_DN)
            if factory is None and not udp:
                del self.sockets[conn_id]
                self.trace("socket %d: %s:%d does not answer" % (conn_id, host, port),
                           conn_id=conn_id)
                return None
            sock.link = Link(radio.later, sock, factory() if factory else None)
            self.trace("socket %d connected" % conn_id, conn_id=conn_id)
            return sock

        silent = remote_ip is not None and factory is None and not world.knows_host(remote_ip)
        if silent and not udp:
            delay = radio.module.settings.get("#SCFG")[str(conn_id)][3] * 100   # connTo
        else:
            delay = SOCKET_CONNECT_MS
        return delay, finish

    def go_online(self, sock: Socket, engine: Any) -> SocketSession:
        sock.engine = engine
        sock.session = SocketSession(sock, engine)
        if sock.rx:
            pending, sock.rx = bytes(sock.rx), bytearray()
            self.radio.later(0, engine.to_dte, pending)   # once CONNECT is out
        if sock.remote_closed:
            self.radio.later(0, self.close, sock.conn_id)
        return sock.session

    def send(self, conn_id: int, data: bytes) -> None:
        sock = self.socket(conn_id)
        if sock.remote_closed:
            raise CmeError(OPERATION_NOT_ALLOWED)
        sock.link.transmit(data)

    def receive(self, conn_id: int, max_bytes: int) -> bytes:
        sock = self.socket(conn_id)
        if not sock.rx:
            raise CmeError(OPERATION_NOT_ALLOWED)
        data, sock.rx = bytes(sock.rx[:max_bytes]), sock.rx[max_bytes:]
        if sock.remote_closed and not sock.rx:
            self.close(conn_id, notify=False)
        return data

    def close(self, conn_id: int, notify: bool = True) -> None:
        """Close a socket; ``notify``: an online interface gets NO CARRIER."""
        sock = self.sockets.pop(conn_id, None)
        if sock is None:
            return
        sock.flush()
        if sock.link is not None:
            sock.link.hang_up()
        session, sock.session = sock.session, None
        self.trace("socket %d closed" % conn_id, conn_id=conn_id)
        if session is not None and notify:
            session.engine.hang_up("NO CARRIER")

    def close_context(self, cid: int) -> None:
        for conn_id in [c for c, s in self.sockets.items() if s.cid == cid]:
            self.close(conn_id)

    def close_all(self) -> None:
        for conn_id in sorted(self.sockets):
            self.close(conn_id)

    def drop_all(self) -> None:
        """Power loss: no result codes, peers told at once."""
        for sock in self.sockets.values():
            if sock.link is not None:
                sock.link.drop()
        self.reset()

    def status(self) -> list[str]:
        lines = []
        for conn_id in CONN_IDS:
            sock = self.sockets.get(conn_id)
            if sock is None or sock.state == CLOSED:
                lines.append("#SS: %d,0" % conn_id)
            else:
                lines.append("#SS: %d,%d,%s,%d,%s,%d" % (conn_id, sock.state, sock.local_ip,
                                                         sock.local_port, sock.remote_ip,
                                                         sock.remote_port))
        return lines
