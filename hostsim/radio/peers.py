"""Simulated remote ends of connections (IP peers, data-call answerers) and the links to them.

A :class:`Peer` is the far end of one connection; the world builds a new
one per connection from a factory (any callable returning a Peer, such as
the class :class:`EchoPeer`).  The :class:`Link` carries bytes both ways
with a fixed one-way latency on the module's virtual clock.

Command/reply protocols have both ends here: :class:`Dialogue` is the
module's client side (e-mail, FTP client commands), :class:`SmtpPeer` and
:class:`FtpPeer` are services on the network that keep what they received
(``messages``, ``files``) for tests.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
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


# ---------------------------------------------------------------------------
# Command/reply protocols (SMTP, FTP control): both ends.

REPLY_END = b"\r\n"


def _reply_lines(buffer: bytearray) -> list[str]:
    """Take the complete lines out of ``buffer`` (CR LF or LF ended)."""
    lines = []
    while b"\n" in buffer:
        end = buffer.index(b"\n")
        lines.append(bytes(buffer[:end]).rstrip(b"\r").decode("latin-1"))
        del buffer[:end + 1]
    return lines


class Dialogue:
    """The module's side of a command/reply protocol over one :class:`Link`.

    Steps are ``(line, expect)``: send ``line`` (None: send nothing, wait for
    the greeting), then wait for a reply whose code starts with ``expect``.
    A reply ends at a line whose fourth character is not ``-``.  The first
    other reply, or the peer closing, fails the dialogue and drops the steps
    left.  Bytes of a reply not yet complete wait.
    """

    def __init__(self, schedule: Schedule, factory: PeerFactory | None):
        self.replies: list[str] = []        # final reply lines, in order
        self.failed: str | None = None      # the reply (or "closed") that stopped it
        self.on_reply: Callable[[str], None] = lambda reply: None
        self._steps: list[tuple[bytes | None, str]] = []
        self._buffer = bytearray()
        self.link = Link(schedule, self, factory() if factory else None)

    @property
    def done(self) -> bool:
        return not self._steps or self.failed is not None

    @staticmethod
    def duration_ms(steps: list[tuple[bytes | None, str]]) -> int:
        """Virtual time the steps take with a peer that answers at once."""
        return sum(IP_LATENCY_MS if line is None else 2 * IP_LATENCY_MS for line, _ in steps)

    def run(self, steps: list[tuple[bytes | None, str]]) -> None:
        """Add steps; the first is sent at once when nothing is pending.  A new
        exchange after a refusal starts afresh while the connection is open."""
        idle = self.done
        if idle and self.link.open:
            self.failed = None
        self._steps.extend(steps)
        if idle and self.failed is None:
            self._send_next()

    def _send_next(self) -> None:
        if self._steps and self._steps[0][0] is not None:
            self.link.transmit(self._steps[0][0] + REPLY_END)

    # -- Endpoint ------------------------------------------------------------

    def link_data(self, data: bytes) -> None:
        self._buffer += data
        for line in _reply_lines(self._buffer):
            if line[3:4] == "-" or self.done:
                continue                         # a continuation line, or unasked
            self.replies.append(line)
            self.on_reply(line)
            if not line.startswith(self._steps[0][1]):
                self.failed = line
                self._steps = []
                return
            self._steps.pop(0)
            self._send_next()

    def link_closed(self) -> None:
        if not self.done:
            self.failed = "closed"
            self._steps = []

    def close(self) -> None:
        self.link.hang_up()


class LineProtocolPeer(Peer):
    """The server end of a command/reply protocol: a greeting, then one
    ``handle(command, argument)`` per line until a data phase takes over."""

    greeting = ""

    def __init__(self) -> None:
        super().__init__()
        self._buffer = bytearray()

    def on_connect(self, link: Link) -> None:
        super().on_connect(link)
        self.reply(self.greeting)

    def reply(self, text: str) -> None:
        self.link.send(text.encode("latin-1") + REPLY_END)

    def on_data(self, data: bytes) -> None:
        self._buffer += data
        for line in _reply_lines(self._buffer):
            self.line(line)

    def line(self, line: str) -> None:
        command, _, argument = line.partition(" ")
        self.handle(command.upper(), argument)

    def handle(self, command: str, argument: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


# -- SMTP ---------------------------------------------------------------------

SMTP_PORT = 25


@dataclass(frozen=True)
class Mail:
    """A message an :class:`SmtpPeer` accepted."""
    sender: str
    recipients: tuple[str, ...]
    data: str                # headers and body as sent (dot-stuffing undone)
    user: str                # the AUTH LOGIN user ("" without authentication)

    @property
    def subject(self) -> str:
        return self.header("Subject")

    @property
    def body(self) -> str:
        return self.data.partition("\r\n\r\n")[2]

    def header(self, name: str) -> str:
        for line in self.data.partition("\r\n\r\n")[0].split("\r\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return ""


@dataclass
class SmtpPeer:
    """An SMTP server (RFC 5321 subset: HELO/EHLO, AUTH LOGIN, MAIL, RCPT, DATA,
    RSET, QUIT) that keeps every message it accepts in :attr:`messages`.
    ``accepting`` False answers the end of DATA with 554 (a refused message).
    Call it to get the peer of a new connection."""
    domain: str = "smtp.example.com"
    accepting: bool = True
    messages: list[Mail] = field(default_factory=list)

    def __call__(self) -> Peer:
        return SmtpSession(self)


class SmtpSession(LineProtocolPeer):
    def __init__(self, server: SmtpPeer):
        super().__init__()
        self.server = server
        self.greeting = "220 %s ESMTP" % server.domain
        self._reset()
        self.user = ""
        self._auth_step = ""          # "user" / "password" while AUTH LOGIN runs
        self._data: list[str] | None = None

    def _reset(self) -> None:
        self.sender = ""
        self.recipients: list[str] = []

    def line(self, line: str) -> None:
        if self._data is not None:
            self._data_line(line)
        elif self._auth_step:
            self._auth_line(line)
        else:
            super().line(line)

    def _auth_line(self, line: str) -> None:
        if self._auth_step == "user":
            self.user = base64.b64decode(line.encode("latin-1"), validate=False).decode("latin-1")
            self._auth_step = "password"
            self.reply("334 UGFzc3dvcmQ6")
        else:
            self._auth_step = ""
            self.reply("235 Authentication successful")

    def _data_line(self, line: str) -> None:
        if line != ".":
            self._data.append(line[1:] if line.startswith(".") else line)
            return
        data, self._data = "\r\n".join(self._data), None
        if self.server.accepting:
            self.server.messages.append(Mail(self.sender, tuple(self.recipients), data,
                                             self.user))
            self.reply("250 OK queued")
        else:
            self.reply("554 Transaction failed")
        self._reset()

    def handle(self, command: str, argument: str) -> None:
        if command in ("HELO", "EHLO"):
            self.reply("250 %s" % self.server.domain)
        elif command == "AUTH" and argument.upper() == "LOGIN":
            self._auth_step = "user"
            self.reply("334 VXNlcm5hbWU6")
        elif command == "MAIL" and argument.upper().startswith("FROM:"):
            self.sender = argument[5:].strip().strip("<>")
            self.reply("250 OK")
        elif command == "RCPT" and argument.upper().startswith("TO:") and self.sender:
            self.recipients.append(argument[3:].strip().strip("<>"))
            self.reply("250 OK")
        elif command == "DATA" and self.recipients:
            self._data = []
            self.reply("354 End data with <CR><LF>.<CR><LF>")
        elif command == "RSET":
            self._reset()
            self.reply("250 OK")
        elif command == "QUIT":
            self.reply("221 Bye")
            self.link.close()
        else:
            self.reply("503 Bad sequence of commands")


# -- FTP ----------------------------------------------------------------------

FTP_PORT = 21


@dataclass
class FtpPeer:
    """An FTP server (RFC 959 subset: USER, PASS, TYPE, CWD, STOR, RETR, QUIT) over
    :attr:`files` (absolute path -> content) and :attr:`directories`.  ``password``
    None accepts any login.  A transfer's data connection is the peer
    :meth:`FtpSession.data_channel` gives once the server answered 150.  Call it
    to get the peer of a new control connection."""
    user: str = ""
    password: str | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    directories: set[str] = field(default_factory=lambda: {"/"})

    def __call__(self) -> Peer:
        return FtpSession(self)


def ftp_path(cwd: str, name: str) -> str:
    """``name`` relative to ``cwd`` (``..`` and ``.`` resolved), as an absolute path."""
    parts = [] if name.startswith("/") else [p for p in cwd.split("/") if p]
    for part in name.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "/" + "/".join(parts)


class FtpSession(LineProtocolPeer):
    greeting = "220 FTP server ready"

    def __init__(self, server: FtpPeer):
        super().__init__()
        self.server = server
        self.cwd = "/"
        self.logged_in = False
        self.binary = True
        self._user = ""
        self._transfer: Peer | None = None

    def handle(self, command: str, argument: str) -> None:
        server = self.server
        if command == "USER":
            self._user = argument
            self.reply("331 Password required")
        elif command == "PASS":
            self.logged_in = server.password is None or (
                (self._user, argument) == (server.user, server.password))
            self.reply("230 Logged in" if self.logged_in else "530 Login incorrect")
        elif not self.logged_in:
            self.reply("530 Not logged in")
        elif command == "TYPE" and argument.upper() in ("A", "I"):
            self.binary = argument.upper() == "I"
            self.reply("200 Type set to %s" % argument.upper())
        elif command == "CWD":
            path = ftp_path(self.cwd, argument)
            if path in server.directories:
                self.cwd = path
                self.reply("250 Directory changed to %s" % path)
            else:
                self.reply("550 %s: no such directory" % argument)
        elif command == "STOR" and argument:
            self._transfer = FtpUpload(self, ftp_path(self.cwd, argument))
            self.reply("150 Opening data connection")
        elif command == "RETR" and ftp_path(self.cwd, argument) in server.files:
            self._transfer = FtpDownload(self, server.files[ftp_path(self.cwd, argument)])
            self.reply("150 Opening data connection")
        elif command == "RETR":
            self.reply("550 %s: no such file" % argument)
        elif command == "QUIT":
            self.reply("221 Goodbye")
            self.link.close()
        else:
            self.reply("502 Command not implemented")

    def data_channel(self) -> Peer | None:
        """The data connection of the transfer the server just opened (once)."""
        transfer, self._transfer = self._transfer, None
        return transfer

    def transfer_complete(self) -> None:
        if self.link is not None and self.link.open:
            self.reply("226 Transfer complete")


class FtpUpload(Peer):
    def __init__(self, session: FtpSession, path: str):
        super().__init__()
        self.session, self.path = session, path
        self.content = bytearray()

    def on_data(self, data: bytes) -> None:
        self.content += data

    def on_close(self) -> None:
        self.session.server.files[self.path] = bytes(self.content)
        self.session.transfer_complete()


class FtpDownload(Peer):
    def __init__(self, session: FtpSession, content: bytes):
        super().__init__()
        self.session, self.content = session, content

    def on_connect(self, link: Link) -> None:
        super().on_connect(link)
        link.send(self.content)
        link.close()
        self.session.transfer_complete()
