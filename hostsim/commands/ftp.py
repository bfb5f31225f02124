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
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from hostsim.at.engine import Deferred, Online, OnlineSession
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
from hostsim.radio.ipstack import EASY_GPRS_CID, SOCKET_CONNECT_MS
from hostsim.radio.peers import FTP_PORT, Dialogue, Link

ATR24 = "Telit AT Commands Reference Guide 80000ST10025a Rev.24"
BINARY, ASCII = 0, 1              # #FTPTYPE <type>
TENTH_OF_SECOND_MS = 100          # #FTPTO counts hundreds of ms
NAME_MAX = 64


@dataclass
class FtpClient:
    host: str
    dialogue: Dialogue
    type: int = BINARY


_CLIENTS: weakref.WeakKeyDictionary[Any, FtpClient] = weakref.WeakKeyDictionary()


def on_boot(module) -> None:
    """Power-on: no FTP session."""
    _CLIENTS.pop(module, None)


def _trace(ctx, text: str, **data: Any) -> None:
    ctx.module.trace.emit("network", "ftp", text, **data)


def _timeout_ms(ctx) -> int:
    return ctx.get("#FTPTO") * TENTH_OF_SECOND_MS


def _client(ctx) -> FtpClient:
    """The open session (607 without one; 609 once context 1 is gone)."""
    client = _CLIENTS.get(ctx.module)
    if client is None or not client.dialogue.link.open:
        _CLIENTS.pop(ctx.module, None)
        raise CmeError(FTP_NOT_CONNECTED)
    if EASY_GPRS_CID not in ctx.module.radio.contexts:
        client.dialogue.close()
        del _CLIENTS[ctx.module]
        raise CmeError(FTP_CONTEXT_DOWN)
    return client


def _exchange(ctx, client: FtpClient, line: str, expect: str, then):
    """Send one FTP command; ``then(ctx)`` when the server agreed (606 otherwise)."""

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
    if module in _CLIENTS and _CLIENTS[module].dialogue.link.open:
        raise CmeError(FTP_ALREADY_CONNECTED)
    if EASY_GPRS_CID not in module.radio.contexts:
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
            _CLIENTS[module] = FtpClient(server, dialogue)
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


class FtpTransfer(OnlineSession):
    """The data connection of #FTPPUT / #FTPGET, in online data mode."""

    def __init__(self, engine, client: FtpClient, later, peer, name: str):
        self.engine, self.client, self.name = engine, client, name
        self.link = Link(later, self, peer)

    def from_dte(self, data: bytes) -> None:
        self.link.transmit(data)

    def escaped(self) -> None:
        self.link.hang_up()

    def link_data(self, data: bytes) -> None:
        self.engine.to_dte(data)

    def link_closed(self) -> None:
        self.link.hang_up()
        self.engine.hang_up("NO CARRIER")


def _transfer(ctx, command: str, name: str):
    client = _client(ctx)
    direction = "upload" if command == "STOR" else "download"

    def opened(c):
        peer = client.dialogue.link.peer.data_channel()
        client.dialogue.run([(None, "2")])           # 226 once the data connection closes
        _trace(c, "FTP %s: %s of %s" % (client.host, direction, name), file=name,
               direction=direction)
        return Online(FtpTransfer(c.engine, client, c.module.radio.later, peer, name))

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
