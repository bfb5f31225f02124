"""E-mail: #ESMTP, #EADDR, #EUSER, #EPASSW, #SEMAIL, #EMAILD, #ESAV, #ERST.

Source: "AT Commands Reference Guide" 80000ST10025a Rev.5 (ATR5), section
3.5.7.4 "E-mail Management AT Commands" (SELINT 2), with Telit's sample
``send_email.py`` (2009) for how scripts use them.  The four parameters are
volatile and saved by #ESAV (#ERST restores and saves the factory values);
#EPASSW has no read form.  #SEMAIL activates context 1 itself and
deactivates it afterwards, so a context 1 already active (#GPRS=1, #SGACT)
makes it fail with "activation failed", as the guide notes; #EMAILD sends
over a context 1 that is already active.

The message goes by SMTP to the #ESMTP server (``host`` or ``host:port``,
port 25 by default) of the simulated world: HELO, AUTH LOGIN when #EUSER is
set, MAIL FROM #EADDR, RCPT TO, DATA with From/To/Subject headers, QUIT.
Failures the guide leaves unnamed are answered with the socket errors of
the same guide: 558 cannot resolve DN, 562 connection failed (nothing
listens), 561 no answer within :data:`SMTP_TIMEOUT_MS`, 550 a refusal by
the server (the trace names its reply).
"""
from __future__ import annotations

import base64

from hostsim.at.engine import Deferred, Prompt
from hostsim.at.syntax import Command, Str
from hostsim.commands.common import await_dialogue, reset_command, save_command, setting_command
from hostsim.core.errors import (
    ACTIVATION_FAILED,
    CANNOT_RESOLVE_DN,
    CONNECTION_FAILED,
    CONTEXT_NOT_OPENED,
    GENERIC_UNDOCUMENTED_ERROR,
    REMOTE_DISCONNECTED_OR_TIMEOUT,
    CmeError,
)
from hostsim.radio.ipstack import EASY_GPRS_CID, SOCKET_CONNECT_MS
from hostsim.radio.network import ACTIVATION_MS
from hostsim.radio.peers import SMTP_PORT, Dialogue

ATR5 = "Telit AT Commands Reference Guide 80000ST10025a Rev.5 3.5.7.4"
ADDRESS_MAX, USER_MAX, SUBJECT_MAX = 100, 50, 100
SMTP_TIMEOUT_MS = 30_000          # the whole SMTP exchange, once connected
HELO_NAME = "telit-module"


def _message(ctx, to: str, subject: str, body: bytes) -> bytes:
    """Headers and body as DATA carries them: CR LF lines, dot-stuffed."""
    text = body.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")
    lines = ["From: %s" % ctx.get("#EADDR"), "To: %s" % to, "Subject: %s" % subject, ""]
    lines += ["." + line if line.startswith(".") else line for line in text.split("\n")]
    return ("\r\n".join(lines) + "\r\n.").encode("latin-1")


def _steps(ctx, to: str, message: bytes) -> list:
    user, password = ctx.get("#EUSER"), ctx.get("#EPASSW")
    steps = [(None, "220"), (b"HELO " + HELO_NAME.encode(), "250")]
    if user:
        steps += [(b"AUTH LOGIN", "334"), (base64.b64encode(user.encode("latin-1")), "334"),
                  (base64.b64encode(password.encode("latin-1")), "235")]
    return steps + [(b"MAIL FROM:<%s>" % ctx.get("#EADDR").encode("latin-1"), "250"),
                    (b"RCPT TO:<%s>" % to.encode("latin-1"), "250"), (b"DATA", "354"),
                    (message, "250"), (b"QUIT", "221")]


def _server(ctx) -> tuple[str, int]:
    host, _, port = ctx.get("#ESMTP").partition(":")
    return host, int(port) if port.isdigit() else SMTP_PORT


def _send(ctx, to: str, subject: str, body: bytes, finish) -> Deferred:
    """Connect to the SMTP server and send; ``finish(ctx)`` runs after, in any case."""
    world, trace = ctx.module.world, ctx.module.trace
    host, port = _server(ctx)
    address = world.resolve(host)
    if address is None:
        finish(ctx)
        raise CmeError(CANNOT_RESOLVE_DN)
    factory = world.peer_factory(address, port)

    def connected(c):
        if factory is None:
            finish(c)
            trace.emit("network", "email", "SMTP %s:%d: nothing listens" % (host, port))
            raise CmeError(CONNECTION_FAILED)
        dialogue = Dialogue(c.module.radio.later, factory)

        def sent(c2):
            dialogue.close()
            finish(c2)
            if not dialogue.done:
                trace.emit("network", "email", "SMTP %s: no answer" % host)
                raise CmeError(REMOTE_DISCONNECTED_OR_TIMEOUT)
            if dialogue.failed is not None:
                trace.emit("network", "email", "SMTP %s: mail to %s refused: %s"
                           % (host, to, dialogue.failed), to=to, reply=dialogue.failed)
                raise CmeError(GENERIC_UNDOCUMENTED_ERROR)
            trace.emit("network", "email", "SMTP %s: mail to %s sent (%s)" % (host, to, subject),
                       to=to, subject=subject, size=len(body))

        return await_dialogue(dialogue, _steps(c, to, _message(c, to, subject, body)),
                              SMTP_TIMEOUT_MS, sent)

    return Deferred(SOCKET_CONNECT_MS, connected)


def _body_prompt(send) -> Prompt:
    """``> `` and the body up to Ctrl-Z (ESC: nothing is sent), as +CMGS."""
    return Prompt(b"\r\n> ", send, echo=True, on_cancel=lambda ctx: None)


def _semail(ctx, to, subject):
    radio = ctx.module.radio
    if EASY_GPRS_CID in radio.contexts:
        raise CmeError(ACTIVATION_FAILED)      # context 1 must be left to #SEMAIL
    radio.check_activation(EASY_GPRS_CID)

    def send(c, body):
        generation = radio.generation

        def activated(c2):
            radio.activate(EASY_GPRS_CID, generation)
            return _send(c2, to, subject, body, lambda c3: radio.deactivate(EASY_GPRS_CID))

        return Deferred(ACTIVATION_MS, activated)

    return _body_prompt(send)


def _emaild(ctx, to, subject):
    if EASY_GPRS_CID not in ctx.module.radio.contexts:
        raise CmeError(CONTEXT_NOT_OPENED)
    return _body_prompt(lambda c, body: _send(c, to, subject, body, lambda c2: None))


_MAIL_PARAMS = (Str("da", ADDRESS_MAX), Str("subj", SUBJECT_MAX))

COMMANDS = [
    setting_command("#ESMTP", Str("smtp", ADDRESS_MAX), doc="SMTP server (host[:port])",
                    source=ATR5 + " #ESMTP"),
    setting_command("#EADDR", Str("e-addr", ADDRESS_MAX), doc="sender address",
                    source=ATR5 + " #EADDR"),
    setting_command("#EUSER", Str("e-user", USER_MAX), doc="SMTP user (AUTH LOGIN when set)",
                    source=ATR5 + " #EUSER"),
    Command("#EPASSW", params=(Str("e-pwd", USER_MAX),),
            set=lambda ctx, password: ctx.set("#EPASSW", password),
            doc="SMTP password (no read form)", source=ATR5 + " #EPASSW"),
    Command("#SEMAIL", params=_MAIL_PARAMS, set=_semail, test="", needs_sim=True,
            doc="activate context 1, send an e-mail, deactivate", source=ATR5 + " #SEMAIL"),
    Command("#EMAILD", params=_MAIL_PARAMS, set=_emaild, test="", needs_sim=True,
            doc="send an e-mail over the active context 1", source=ATR5 + " #EMAILD"),
    save_command("#ESAV", "save the e-mail parameters in NVM", ATR5 + " #ESAV"),
    reset_command("#ERST", "#ESAV", "factory e-mail parameters, saved", ATR5 + " #ERST"),
]
