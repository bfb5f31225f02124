"""FTP client: #FTPTO, #FTPOPEN, #FTPCLOSE, #FTPTYPE, #FTPCWD, #FTPPUT, #FTPGET.

Source: "AT Commands Reference Guide" 80000ST10025a Rev.24 (ATR24), FTP AT
commands (SELINT 2), with Telit's sample ``FTP.py`` (2009) for how scripts
use them: #FTPOPEN="server[:port]","user","password"[,mode] logs in over
the active context 1 (#GPRS=1 or #SGACT=1,1); #FTPPUT="name" answers
CONNECT and uploads what the DTE sends until the +++ escape, which closes
the data connection (OK); #FTPGET="name" answers CONNECT, passes the file
and ends with NO CARRIER.  Errors are the FTP codes of the guide's +CME
ERROR table (603 name, 605 control socket, 606 bad or no answer from the
server, 607 not connected, 608 already connected, 609 context down).

The session is volatile (one per module, gone at power-on); #FTPTO is the
time-out of each exchange with the server.  Servers are the world's peers
(:class:`hostsim.radio.peers.FtpPeer`); the data connection goes to the
server that answered 150 (passive mode and active mode look the same here).

The guide's #FTPPUT / #FTPGET text as cited above stops at CONNECT, the +++
escape and NO CARRIER: nothing on how the data connection ends, on the
server's 226, nor on a context lost during a transfer (the FTP section was
not found in the searchable copies to check further; Telit's later guide
80529ST10815A Rev.2, #FTPAPPEXT p.191, calls the data connection the "data
socket").  What follows is chosen here, not taken from a source:

* The data connection is one more socket of the module's IP stack
  (:class:`FtpDataSocket`, on context 1), so it ends as the emulator's
  sockets (#SD, #SKTD) do: NO CARRIER on the transferring interface, which
  is then in command mode, when the server closes it (the end of a
  download) and when context 1 goes down (coverage lost, detach, #GPRS=0 or
  #SGACT=1,0 on any interface).  The server keeps what it received before.
* The session lives on the context 1 it was opened on: once that context
  went down (even if a new one came up since), the next FTP command answers
  609, the +CME ERROR table's "context down", which names the cause, and
  ends the session; later ones answer 607 "not connected", as before any
  #FTPOPEN.  #FTPOPEN then opens a new session.
* The server answers 226 on the control connection once the data
  connection closed (RFC 959 sections 3.4.1 and 5.4: in stream mode the
  close is the end of the file); the module reads it before its next
  command, so #FTPCLOSE (QUIT, 221) or another transfer right after a +++
  waits one round trip for the 226, not #FTPTO.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from hostsim.at.engine import Deferred, Online
from hostsim.at.syntax import Command, Int, Str
from hostsim.commands.common import await_dialogue, setting_command
from hostsim.core.errors import (
    FTP_ALREADY_CONNECTED,
    FTP_BAD_OR_NO_RESPONSE,
    FTP_CANNOT_CONNECT_CONTROL_SOCKET,
    FTP_CANNOT_RESOLVE_NAME,
    FTP_CONTEXT_DOWN,
    FTP_NOT_CONNECTED,
    CmeError,
)
from hostsim.radio.ipstack import CONN_IDS, EASY_GPRS_CID, SOCKET_CONNECT_MS, IpStack, Socket
from hostsim.radio.network import PdpContext
from hostsim.radio.peers import FTP_PORT, IP_LATENCY_MS, Dialogue

ATR24 = "Telit AT Commands Reference Guide 80000ST10025a Rev.24"
BINARY, ASCII = 0, 1              # #FTPTYPE <type>
TENTH_OF_SECOND_MS = 100          # #FTPTO counts hundreds of ms
NAME_MAX = 64
FTP_DATA_SOCKET = max(CONN_IDS) + 1   # the IP stack's id of the data connection (not #SD's)
FTP_DATA_PORT = 20                # the server's data port (RFC 959 section 3.2)
ROUND_TRIP_MS = 2 * IP_LATENCY_MS


@dataclass
class FtpClient:
    host: str                     # as #FTPOPEN gave it: "server[:port]"
    address: str                  # the server's IP address
    dialogue: Dialogue            # the control connection
    context: PdpContext           # context 1 at #FTPOPEN: the session ends with it
    type: int = BINARY
    reply_due_ms: int = 0         # the server's 226 to the last +++ arrives then

    def lost_context(self, module) -> bool:
        """Context 1 went down since #FTPOPEN (a new one may be up)."""
        return module.radio.contexts.get(EASY_GPRS_CID) is not self.context


_CLIENTS: weakref.WeakKeyDictionary[Any, FtpClient] = weakref.WeakKeyDictionary()


def on_boot(module) -> None:
    """Power-on: no FTP session."""
    _CLIENTS.pop(module, None)


def _trace(ctx, text: str, **data: Any) -> None:
    ctx.module.trace.emit("network", "ftp", text, **data)


def _timeout_ms(ctx) -> int:
    return ctx.get("#FTPTO") * TENTH_OF_SECOND_MS


def _client(ctx) -> FtpClient:
    """The open session (607 without one; 609 once its context 1 went down)."""
    client = _CLIENTS.get(ctx.module)
    if client is None or not client.dialogue.link.open:
        _CLIENTS.pop(ctx.module, None)
        raise CmeError(FTP_NOT_CONNECTED)
    if client.lost_context(ctx.module):
        client.dialogue.close()
        del _CLIENTS[ctx.module]
        _trace(ctx, "FTP %s: session lost with context %d" % (client.host, EASY_GPRS_CID))
        raise CmeError(FTP_CONTEXT_DOWN)
    return client


def _exchange(ctx, client: FtpClient, line: str, expect: str, then):
    """Send one FTP command once the server's 226 to the last +++ is due; ``then(ctx)``
    when the server agreed (606 otherwise)."""
    wait_ms = client.reply_due_ms - ctx.now
    if wait_ms > 0:
        return Deferred(wait_ms, lambda c: _exchange(c, client, line, expect, then))

    def answered(c):
        if not client.dialogue.done or client.dialogue.failed is not None:
            _trace(c, "FTP %s: %s refused: %s" % (client.host, line.split(" ")[0],
                                                  client.dialogue.failed or "no answer"))
            raise CmeError(FTP_BAD_OR_NO_RESPONSE)
        return then(c)

    return await_dialogue(client.dialogue, [(line.encode("latin-1"), expect)],
                          _timeout_ms(ctx), answered)


# -- session ---------------------------------------------------------------------------


def _ftpopen(ctx, server, user, password, mode):
    module = ctx.module
    current = _CLIENTS.get(module)
    if current is not None and current.dialogue.link.open:
        if not current.lost_context(module):
            raise CmeError(FTP_ALREADY_CONNECTED)
        current.dialogue.close()                     # it ended with its context
    context = module.radio.contexts.get(EASY_GPRS_CID)
    if context is None:
        raise CmeError(FTP_CONTEXT_DOWN)
    host, _, port = server.partition(":")
    address = module.world.resolve(host)
    if address is None:
        raise CmeError(FTP_CANNOT_RESOLVE_NAME)
    factory = module.world.peer_factory(address, int(port) if port.isdigit() else FTP_PORT)

    def connected(c):
        if factory is None:
            _trace(c, "FTP %s: nothing listens" % server)
            raise CmeError(FTP_CANNOT_CONNECT_CONTROL_SOCKET)
        dialogue = Dialogue(module.radio.later, factory)

        def logged_in(c2):
            if not dialogue.done or dialogue.failed is not None:
                dialogue.close()
                _trace(c2, "FTP %s: login refused: %s" % (server, dialogue.failed or "no answer"))
                raise CmeError(FTP_BAD_OR_NO_RESPONSE)
            _CLIENTS[module] = FtpClient(server, address, dialogue, context)
            _trace(c2, "FTP %s: logged in as %s" % (server, user), host=server, user=user)

        steps = [(None, "2"), (b"USER " + user.encode("latin-1"), "3"),
                 (b"PASS " + password.encode("latin-1"), "2")]
        return await_dialogue(dialogue, steps, _timeout_ms(c), logged_in)

    return Deferred(SOCKET_CONNECT_MS, connected)


def _ftpclose(ctx):
    client = _client(ctx)
    del _CLIENTS[ctx.module]

    def closed(c):
        client.dialogue.close()
        _trace(c, "FTP %s: closed" % client.host)

    return _exchange(ctx, client, "QUIT", "2", closed)


def _ftptype(ctx, kind):
    client = _client(ctx)

    def typed(c):
        client.type = kind

    return _exchange(ctx, client, "TYPE %s" % ("I" if kind == BINARY else "A"), "2", typed)


def _ftptype_read(ctx):
    ctx.info("#FTPTYPE: %d" % _client(ctx).type)


def _ftpcwd(ctx, directory):
    return _exchange(ctx, _client(ctx), "CWD " + directory, "2", lambda c: None)


# -- transfers -------------------------------------------------------------------------


class FtpDataSocket(Socket):
    """The data connection of #FTPPUT / #FTPGET: a socket of the module's IP stack on
    context 1, so the stack ends it as it ends every socket (the server's close, the
    context's loss, power loss, a firmware update).  Unlike #SD's sockets it has no
    #SCFG settings and the +++ escape closes it."""

    # #SCFG pktSz, txTo, maxTo: each byte from the DTE goes at once, no inactivity time-out
    PACKING = (1, 0, 0)

    def __init__(self, stack: IpStack, client: FtpClient, engine: Any):
        super().__init__(stack, FTP_DATA_SOCKET, EASY_GPRS_CID, udp=False,
                         remote_ip=client.address, remote_port=FTP_DATA_PORT,
                         local_ip=client.context.ip, local_port=0, closure_type=0,
                         engine=engine)
        self.client = client

    def _packing(self) -> tuple[int, int, int]:
        return self.PACKING

    def escaped(self) -> None:
        """+++: the module closes the data connection; the server's 226 comes a round
        trip later."""
        self.client.reply_due_ms = self.stack.radio.module.clock.now + ROUND_TRIP_MS
        self.session = None
        self.stack.close(self.conn_id, notify=False)


def _transfer(ctx, command: str, name: str):
    client = _client(ctx)
    direction = "upload" if command == "STOR" else "download"

    def opened(c):
        _client(c)                                   # context 1 may have gone meanwhile
        peer = client.dialogue.link.peer.data_channel()
        client.dialogue.run([(None, "2")])           # 226 once the data connection closes
        _trace(c, "FTP %s: %s of %s" % (client.host, direction, name), file=name,
               direction=direction)
        stack = c.module.radio.ip
        sock = stack.adopt(FtpDataSocket(stack, client, c.engine), peer)
        return Online(stack.go_online(sock, c.engine))

    return _exchange(ctx, client, "%s %s" % (command, name), "1", opened)


COMMANDS = [
    setting_command("#FTPTO", Int("tout", 100, 5000), doc="FTP time-out (1/10 s)",
                    source=ATR24 + " #FTPTO"),
    Command("#FTPOPEN", params=(Str("server:port", NAME_MAX), Str("username", NAME_MAX),
                                Str("password", NAME_MAX), Int("mode", 0, 1, default=0)),
            set=_ftpopen, test="", needs_sim=True, doc="log in to an FTP server",
            source=ATR24 + " #FTPOPEN"),
    Command("#FTPCLOSE", action=_ftpclose, test="", doc="end the FTP session",
            source=ATR24 + " #FTPCLOSE"),
    Command("#FTPTYPE", params=(Int("type", 0, 1),), set=_ftptype, read=_ftptype_read,
            doc="transfer type: 0 binary, 1 ASCII", source=ATR24 + " #FTPTYPE"),
    Command("#FTPCWD", params=(Str("dirname", NAME_MAX),), set=_ftpcwd, test="",
            doc="change the server's working directory", source=ATR24 + " #FTPCWD"),
    Command("#FTPPUT", params=(Str("filename", NAME_MAX),),
            set=lambda ctx, name: _transfer(ctx, "STOR", name), test="",
            doc="upload: CONNECT, data until +++", source=ATR24 + " #FTPPUT"),
    Command("#FTPGET", params=(Str("filename", NAME_MAX),),
            set=lambda ctx, name: _transfer(ctx, "RETR", name), test="",
            doc="download: CONNECT, the file, NO CARRIER", source=ATR24 + " #FTPGET"),
]
