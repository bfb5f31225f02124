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

Besides the six sockets there is the Easy GPRS socket (:data:`EASY_SOCKET`)
of ``#SKTD`` / ``#SKTOP``: always online, on context 1, packed by ``#PKTSZ``
/ ``#DSTO``, closed after ``#SKTTO`` s without traffic.  A socket may also
listen (``#SL``): a peer that connects (:meth:`IpStack.incoming`) passes
the firewall (``#FRWL``: ACCEPT rules, everything else dropped) and waits
in state 5 until ``#SA`` accepts it.  ``#SLASTCLOSURE`` reads why each
socket last closed.
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Callable

from hostsim.at.engine import OnlineSession
from hostsim.core.errors import (
    ALREADY_LISTENING,
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

CLOSED, ACTIVE, SUSPENDED, SUSPENDED_PENDING, LISTENING, INCOMING = range(6)   # #SS states
EASY_SOCKET = 0             # the #SKTD / #SKTOP socket (context 1, Easy GPRS settings)
EASY_GPRS_CID = 1

# #SLASTCLOSURE causes.
NOT_CLOSED, REMOTE_CLOSED, ABORTED, INACTIVITY, NETWORK_DEACTIVATION = range(5)


def _address(text: str) -> int:
    parts = [int(p) for p in text.split(".")]
    return (parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]


def firewall_accepts(rules: list, remote_ip: str) -> bool:
    """``#FRWL``: incoming_IP & mask == ip_addr & mask for some ACCEPT rule."""
    incoming = _address(remote_ip)
    return any(incoming & _address(mask) == _address(ip) & _address(mask) for ip, mask in rules)


class Listener:
    """A socket listening for incoming TCP connections (#SL, #SKTL); ``answer(socket)``
    takes a connection that arrives (None: it waits for #SA after a SRING URC)."""

    def __init__(self, conn_id: int, port: int, closure_type: int, engine: Any,
                 answer: Callable[[Socket], None] | None = None):
        self.conn_id, self.port, self.closure_type, self.engine = conn_id, port, closure_type, engine
        self.answer = answer


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
        self._idle_timer = None
        self.remote_closed = False
        self.incoming_factory: Any = None      # a connection waiting for #SA

    @property
    def state(self) -> int:
        if self.incoming_factory is not None:
            return INCOMING
        if self.link is None or (self.remote_closed and not self.rx and self.session is None):
            return CLOSED
        if self.session is not None:
            return ACTIVE
        return SUSPENDED_PENDING if self.rx else SUSPENDED

    def _config(self, setting: str) -> list[int]:
        return self.stack.radio.module.settings.get(setting)[str(self.conn_id)]

    def _packing(self) -> tuple[int, int, int]:
        """Packet size, send time-out (1/10 s) and inactivity time-out (s)."""
        settings = self.stack.radio.module.settings
        if self.conn_id == EASY_SOCKET:
            return settings.get("#PKTSZ"), settings.get("#DSTO"), settings.get("#SKTTO")
        _, pkt_size, max_to, _, tx_timeout = self._config("#SCFG")
        return pkt_size, tx_timeout, max_to

    def stop_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    def traffic(self) -> None:
        """Data passed: restart the inactivity time-out (0: none)."""
        self.stop_idle_timer()
        idle_s = self._packing()[2]
        if idle_s:
            self._idle_timer = self.stack.radio.later(idle_s * 1000, self._idle)

    def _idle(self) -> None:
        self._idle_timer = None
        self.stack.trace("socket %d: inactivity time-out" % self.conn_id, conn_id=self.conn_id)
        self.stack.close(self.conn_id, cause=INACTIVITY)

    # -- from the peer -------------------------------------------------------

    def link_data(self, data: bytes) -> None:
        if self.stack.sockets.get(self.conn_id) is not self:
            return          # closed: what was still on its way is lost
        self.traffic()
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
        self.stack.closures[self.conn_id] = REMOTE_CLOSED
        self.stack.trace("socket %d closed by the peer" % self.conn_id, conn_id=self.conn_id)
        if self.session is not None:
            if self.closure_type == 255:
                return          # stays online until the DTE escapes
            self.stack.close(self.conn_id, cause=REMOTE_CLOSED)
        elif not self.rx:
            self.stack.close(self.conn_id, notify=False, cause=REMOTE_CLOSED)

    # -- from the DTE --------------------------------------------------------

    def queue(self, data: bytes) -> None:
        """Online data: pack as ``#SCFG`` pktSz / txTo (or #PKTSZ / #DSTO) say."""
        pkt_size, tx_timeout, _ = self._packing()
        self.traffic()
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
        if self.remote_closed or self.conn_id == EASY_SOCKET:
            self.stack.close(self.conn_id, notify=False)      # #SKTD: +++ closes


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
        self.listeners: dict[int, Listener] = {}
        self.closures: dict[int, int] = {}         # connId -> #SLASTCLOSURE cause
        self.easy_context_owned = False            # #SKTOP activated context 1 itself
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
        if conn_id in self.sockets or conn_id in self.listeners:
            raise CmeError(OPERATION_NOT_ALLOWED)
        settings = radio.module.settings
        if conn_id == EASY_SOCKET:
            cid, connect_timeout = EASY_GPRS_CID, settings.get("#SKTCT")
        else:
            config = settings.get("#SCFG")[str(conn_id)]       # cid, pktSz, maxTo, connTo, txTo
            cid, connect_timeout = config[0], config[3]
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
            self.closures[conn_id] = NOT_CLOSED
            sock.traffic()
            self.trace("socket %d connected" % conn_id, conn_id=conn_id)
            return sock

        silent = remote_ip is not None and factory is None and not world.knows_host(remote_ip)
        if silent and not udp:
            delay = connect_timeout * 100       # 1/10 s
        else:
            delay = SOCKET_CONNECT_MS
        return delay, finish

    def adopt(self, sock: Socket, peer: Any) -> Socket:
        """A connection the module opens by itself (the FTP data connection), linked to
        ``peer``: closed with the others (the context's loss, ``close_all``, power
        loss).  +CME ERROR: 3 while its connId is in use."""
        if sock.conn_id in self.sockets:
            raise CmeError(OPERATION_NOT_ALLOWED)
        sock.link = Link(self.radio.later, sock, peer)
        self.sockets[sock.conn_id] = sock
        self.closures[sock.conn_id] = NOT_CLOSED
        return sock

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
        if sock.remote_closed or sock.link is None:
            raise CmeError(OPERATION_NOT_ALLOWED)
        sock.traffic()
        sock.link.transmit(data)

    # -- listening sockets ---------------------------------------------------

    def listen(self, conn_id: int, port: int, closure_type: int, engine: Any,
               answer: Callable[[Socket], None] | None = None) -> None:
        """``#SL=<connId>,1,<port>``; +CME ERROR: 564 when the port is taken."""
        if conn_id in self.sockets or conn_id in self.listeners:
            raise CmeError(OPERATION_NOT_ALLOWED)
        if any(listener.port == port for listener in self.listeners.values()):
            raise CmeError(ALREADY_LISTENING)
        if EASY_GPRS_CID not in self.radio.contexts and not self.radio.contexts:
            raise CmeError(CONTEXT_NOT_OPENED)
        self.listeners[conn_id] = Listener(conn_id, port, closure_type, engine, answer)
        self.trace("socket %d listening on port %d" % (conn_id, port), conn_id=conn_id, port=port)

    def stop_listening(self, conn_id: int) -> None:
        if self.listeners.pop(conn_id, None) is None:
            raise CmeError(OPERATION_NOT_ALLOWED)
        self.trace("socket %d stops listening" % conn_id, conn_id=conn_id)

    def listening_address(self, conn_id: int) -> str:
        cid = (EASY_GPRS_CID if conn_id == EASY_SOCKET
               else self.radio.module.settings.get("#SCFG")[str(conn_id)][0])
        context = self.radio.contexts.get(cid) or next(iter(self.radio.contexts.values()), None)
        return context.ip if context is not None else "0.0.0.0"

    def incoming(self, remote_ip: str, remote_port: int, port: int, factory: Any) -> bool:
        """A peer at ``remote_ip`` connects to ``port`` of the module; False when
        nothing listens there, the socket is busy or the firewall drops it."""
        listener = next((lst for lst in self.listeners.values() if lst.port == port), None)
        if listener is None or listener.conn_id in self.sockets:
            self.trace("incoming %s -> port %d refused" % (remote_ip, port), port=port)
            return False
        if not firewall_accepts(self.radio.module.settings.get("#FRWL"), remote_ip):
            self.trace("incoming %s -> port %d dropped by the firewall" % (remote_ip, port),
                       port=port)
            return False
        conn_id = listener.conn_id
        sock = Socket(self, conn_id, EASY_GPRS_CID, False, remote_ip, remote_port,
                      self.listening_address(conn_id), port, listener.closure_type,
                      listener.engine)
        sock.incoming_factory = factory
        self.sockets[conn_id] = sock
        self.trace("socket %d: incoming connection from %s" % (conn_id, remote_ip),
                   conn_id=conn_id, remote=remote_ip)
        if listener.answer is not None:
            listener.answer(sock)
        else:
            listener.engine.urc("SRING: %d" % conn_id)
        return True

    def accept(self, conn_id: int) -> Socket:
        """``#SA``: take the connection waiting on ``conn_id``."""
        sock = self.sockets.get(conn_id)
        if sock is None or sock.incoming_factory is None:
            raise CmeError(OPERATION_NOT_ALLOWED)
        factory, sock.incoming_factory = sock.incoming_factory, None
        sock.link = Link(self.radio.later, sock, factory())
        self.closures[conn_id] = NOT_CLOSED
        sock.traffic()
        self.trace("socket %d accepted" % conn_id, conn_id=conn_id)
        return sock

    def receive(self, conn_id: int, max_bytes: int) -> bytes:
        sock = self.socket(conn_id)
        if not sock.rx:
            raise CmeError(OPERATION_NOT_ALLOWED)
        data, sock.rx = bytes(sock.rx[:max_bytes]), sock.rx[max_bytes:]
        if sock.remote_closed and not sock.rx:
            self.close(conn_id, notify=False)
        return data

    def close(self, conn_id: int, notify: bool = True, cause: int | None = None) -> None:
        """Close a socket; ``notify``: an online interface gets NO CARRIER.
        ``cause`` is what #SLASTCLOSURE reports (None: keep what the peer did)."""
        sock = self.sockets.pop(conn_id, None)
        if sock is None:
            return
        if cause is not None:
            self.closures[conn_id] = cause
        if cause == NETWORK_DEACTIVATION:
            sock.tx.clear()         # the context is gone: what was not sent is lost
        sock.flush()
        sock.stop_idle_timer()
        if sock.link is not None:
            sock.link.hang_up()
        session, sock.session = sock.session, None
        self.trace("socket %d closed" % conn_id, conn_id=conn_id)
        if session is not None and notify:
            session.engine.hang_up("NO CARRIER")
        if conn_id == EASY_SOCKET and self.easy_context_owned:
            self.easy_context_owned = False
            self.radio.deactivate(EASY_GPRS_CID)      # #SKTOP's own context goes too

    def close_context(self, cid: int) -> None:
        for conn_id in [c for c, s in self.sockets.items() if s.cid == cid]:
            self.close(conn_id, cause=NETWORK_DEACTIVATION)

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
            listener = self.listeners.get(conn_id)
            if (sock is None or sock.state == CLOSED) and listener is not None:
                lines.append("#SS: %d,%d,%s,%d" % (conn_id, LISTENING,
                                                  self.listening_address(conn_id), listener.port))
            elif sock is None or sock.state == CLOSED:
                lines.append("#SS: %d,0" % conn_id)
            else:
                lines.append("#SS: %d,%d,%s,%d,%s,%d" % (conn_id, sock.state, sock.local_ip,
                                                         sock.local_port, sock.remote_ip,
                                                         sock.remote_port))
        return lines
