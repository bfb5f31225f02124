"""The DCE side of one AT interface (V.250 behaviour).

An :class:`AtEngine` receives bytes from its DTE (a serial line, or a
script's ``MDM``), echoes them, splits complete command lines into
commands, runs each command's declared handler and writes the responses,
result codes and unsolicited result codes back.  Whatever arrives, it
answers with result codes and never raises: a handler that crashes is a
bug of the emulator, reported as ``ERROR`` and traced.

A line ends at its CR (``S3``).  A LF that comes right after that CR,
while the module still processes the line (:data:`LINE_PROCESSING_MS`),
belongs to the line (many DTEs end lines with CR LF): it is never taken as
data, be it a prompt's payload (``#WSCRIPT``, ``+CMGS``, ``#SSEND``), online
data or a script's ``SER`` input, nor echoed after the line's answer (only
before it, when the answer takes time).
"""
from __future__ import annotations

import copy
import re
import traceback
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from hostsim.at.syntax import (
    ACTION,
    READ,
    SET,
    TEST,
    Command,
    Invocation,
    Registry,
    convert_params,
    parse_line,
)
from hostsim.core.errors import CME_ERRORS, CMS_ERRORS, AtError, AtSyntaxError, CmeError, CmsError
from hostsim.core.settings import SETTINGS, Storage
from hostsim.core.uart import take

if TYPE_CHECKING:  # pragma: no cover
    from hostsim.device.module import Module

MAX_LINE = 80                 # GSM-generation command line buffer (ATR5 p.11)
DATA_TIMEOUT_MS = 30_000      # inactivity that aborts a data-mode transfer
# Processing a command line: its data prompt appears this long after its CR,
# and a LF arriving within it right after the CR belongs to the line.
LINE_PROCESSING_MS = 10
_NOT_PRINTABLE = re.compile("[^\x20-\x7e]")   # in a command line: a syntax error
_SINGLE_BYTES = [bytes((value,)) for value in range(256)]
ESCAPE_GUARD_MS = 1_000       # +++ guard time in online data mode
LF, CTRL_Z, ESC = 0x0A, 0x1A, 0x1B

# The +CMS ERROR an SMS command gets for each SIM +CME ERROR (27.005).
SIM_CMS_ERRORS = {10: 310, 11: 311, 12: 316, 13: 313}

NUMERIC = {"OK": 0, "CONNECT": 1, "RING": 2, "NO CARRIER": 3, "ERROR": 4,
           "NO DIALTONE": 6, "BUSY": 7, "NO ANSWER": 8}


# ---------------------------------------------------------------------------
# What a handler may return instead of None (= OK)


@dataclass
class Deferred:
    """Finish later: after ``delay_ms`` virtual ms, ``then(ctx)`` gives the result."""
    delay_ms: int
    then: Callable[[Context], Any]


@dataclass
class Prompt:
    """Send ``prompt``, then collect a payload and pass it to ``on_data(ctx, bytes)``.

    The prompt appears :data:`LINE_PROCESSING_MS` after the command line's CR
    (the module processes the line first); bytes that arrive meanwhile wait
    and become the payload's first bytes, except a LF right after the CR,
    which belongs to the command line.  The payload ends after ``size``
    bytes, or at Ctrl-Z when ``size`` is None (ESC then cancels:
    ``on_cancel(ctx)``).  A transfer idle for ``timeout_ms`` ends with ERROR
    and ``on_data`` is never called.
    """
    prompt: bytes
    on_data: Callable[[Context, bytes], Any]
    size: int | None = None
    echo: bool = False
    on_cancel: Callable[[Context], Any] | None = None
    timeout_ms: int = DATA_TIMEOUT_MS


@dataclass
class Final:
    """A final result code other than OK (``NO CARRIER``, ``BUSY``, ...)."""
    code: str


class OnlineSession:
    """Online data mode peer of an engine (a socket or a data call).

    The engine calls :meth:`from_dte` with user data and :meth:`escaped`
    after ``+++``, then answers :attr:`escape_result`; the session calls
    ``engine.to_dte`` and ``engine.hang_up``.
    """

    escape_result = "OK"    # V.250: the connection stays open; a session that ends says so

    def from_dte(self, data: bytes) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def escaped(self) -> None:
        """The DTE left online mode with +++; the connection stays open."""


@dataclass
class Online:
    """Answer CONNECT and enter online data mode with ``session``."""
    session: OnlineSession


# ---------------------------------------------------------------------------


class Context:
    """What a handler sees: the module, its interface, and ways to answer."""

    def __init__(self, engine: AtEngine, invocation: Invocation, command: Command):
        self.engine = engine
        self.module = engine.module
        self.invocation = invocation
        self.command = command
        self._answered = False

    @property
    def now(self) -> int:
        return self.module.clock.now

    def info(self, text: str) -> None:
        """An information response line (``+CMEE: 1``), sent at once.

        In verbose mode the first line of a command's answer is preceded by
        CR LF and every line ends with CR LF (V.250 information text)."""
        self.engine.send_info(text, first=not self._answered)
        self._answered = True

    def get(self, name: str) -> Any:
        if SETTINGS[name].storage is Storage.PROFILE:
            return copy.deepcopy(self.engine.profile[name])
        return copy.deepcopy(self.module.settings.get(name))

    def set(self, name: str, value: Any) -> None:
        if SETTINGS[name].storage is Storage.PROFILE:
            self.engine.set_profile(name, value)
        else:
            self.module.settings.set(name, value, self.engine.name)


class AtEngine:
    # COMMAND: idle; BUSY: running a line; WAITING: a deferred command is pending;
    # DATA: collecting a prompt's payload; ONLINE: data passes to a session.
    COMMAND, BUSY, WAITING, DATA, ONLINE = "command", "busy", "waiting", "data", "online"

    def __init__(self, module: Module, name: str, registry: Registry,
                 sink: Callable[[bytes], None] | None = None):
        self.module = module
        self.name = name
        self.registry = registry
        self.profile = module.settings.new_active_profile()
        self.mode = self.COMMAND
        self.frozen = False
        self.sink = sink or self._collect
        self.output = bytearray()         # collected output when no sink is attached
        self._line = bytearray()
        self._overflow = False
        self._last_line = b""
        self._pending_input = bytearray()  # input received while busy
        self._lf_until: int | None = None  # a LF as the next byte, until then, ends the last line
        self._urcs: deque[str] = deque()
        self._work: list[Invocation] = []   # rest of the command line being run
        self._prompt: Prompt | None = None
        self._prompt_ctx: Context | None = None
        self._payload = bytearray()
        self._data_timer = None
        self._session: OnlineSession | None = None
        self._plus = 0
        self._last_rx = -ESCAPE_GUARD_MS
        self.last_command_at: int | None = None   # virtual time of the last command line
        self.last_result = ""                          # the last final result code sent

    # -- output ------------------------------------------------------------

    def _collect(self, data: bytes) -> None:
        self.output += data

    def read_output(self, size: int | None = None) -> bytes:
        """Take (up to ``size`` bytes of) what the collecting sink gathered."""
        return take(self.output, size)

    def _write(self, data: bytes, traced: bool = True) -> None:
        if self.frozen or not data:
            return
        if traced:
            self.module.trace.emit("at-out", self.name, data.decode("latin-1"))
        self.sink(data)

    def _frame(self, text: str, first: bool = True) -> bytes:
        body = text.encode("latin-1", "replace")
        if self.profile["V"] and first:
            return b"\r\n" + body + b"\r\n"
        return body + b"\r\n"

    def send_info(self, text: str, first: bool = True) -> None:
        self._write(self._frame(text, first))

    def send_raw(self, data: bytes) -> None:
        """Bytes exactly as given (``#RSCRIPT`` framing, data-mode payloads)."""
        self._write(data)

    def _final(self, code: str) -> None:
        """Send a final result code (every command line gets exactly one)."""
        self.last_result = code
        if self.profile["Q"]:
            data = b""
        elif self.profile["V"]:
            data = b"\r\n" + code.encode("latin-1") + b"\r\n"
        elif code in NUMERIC:
            data = b"%d\r" % NUMERIC[code]
        else:
            data = code.encode("latin-1") + b"\r\n"
        if not self.frozen:
            self.module.trace.emit("at-out", self.name, data.decode("latin-1"), final=code)
            self.sink(data)

    def _error(self, error: AtError) -> None:
        cmee = self.profile["+CMEE"]
        if isinstance(error, CmeError) and cmee:
            self._final("+CME ERROR: %s" % (error.code if cmee == 1 else CME_ERRORS[error.code]))
        elif isinstance(error, CmsError) and cmee:
            self._final("+CMS ERROR: %s" % (error.code if cmee == 1 else CMS_ERRORS[error.code]))
        else:
            self._final("ERROR")

    # -- unsolicited result codes ------------------------------------------

    def urc(self, text: str) -> None:
        """Queue an unsolicited result code; it goes out when the interface is idle."""
        self.module.trace.emit("urc", self.name, text)
        self._urcs.append(text)
        self._flush_urcs()

    def _flush_urcs(self) -> None:
        while self._urcs and self.mode == self.COMMAND and not self.frozen:
            self._write(self._frame(self._urcs.popleft()))

    # -- profile -----------------------------------------------------------

    def set_profile(self, name: str, value: Any) -> None:
        if self.profile[name] != value:
            self.profile[name] = copy.deepcopy(value)
            self.module.trace.emit("setting", self.name, "%s=%s" % (name, value),
                                   name=name, value=value)

    def recall_profile(self) -> None:
        for name, value in self.module.settings.new_active_profile().items():
            self.set_profile(name, value)

    # -- freezing ----------------------------------------------------------

    def freeze(self) -> None:
        """Stop answering (FOTA validation/updating); input is dropped."""
        self.frozen = True

    def thaw(self) -> None:
        self.frozen = False
        self._flush_urcs()

    # -- input -------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        """Bytes from the DTE."""
        if not data:
            return
        if self.frozen:
            self.module.trace.emit("dropped", self.name, data.decode("latin-1"), reason="frozen")
            return
        for i, byte in enumerate(data):
            if self._lf_until is not None:
                line_lf = byte == LF and self.module.clock.now <= self._lf_until
                self._lf_until = None
                if line_lf:          # CR LF: the LF belongs to the line just ended,
                    if self.profile["E"] and self.mode == self.WAITING:   # echoed before its answer
                        self._write(b"\n", traced=False)
                    continue
            if self.mode == self.ONLINE:
                self._online_byte(byte)
            elif self.mode == self.DATA:
                self._data_byte(byte)
            elif self.mode in (self.BUSY, self.WAITING):
                self._pending_input += data[i:]
                return
            else:
                self._command_byte(byte)

    def _command_byte(self, byte: int) -> None:
        profile = self.profile
        s3, s5 = profile["S3"], profile["S5"]
        if profile["E"]:
            self._write(_SINGLE_BYTES[byte], traced=False)
        if byte == s3:
            self._lf_until = self.module.clock.now + LINE_PROCESSING_MS
            line, self._line = bytes(self._line), bytearray()
            overflow, self._overflow = self._overflow, False
            self._command_line(line, overflow)
        elif byte == s5:
            if self._line:
                self._line.pop()
        elif byte == LF:
            pass
        elif byte == ord("/") and bytes(self._line).upper() == b"A":
            self._line = bytearray()
            if self._last_line:
                self._command_line(self._last_line, False)
        elif len(self._line) < MAX_LINE + 8:
            self._line.append(byte)
        else:
            self._overflow = True

    def _command_line(self, raw: bytes, overflow: bool) -> None:
        upper = raw.upper()
        start = upper.find(b"AT")
        if start < 0:
            if raw.strip():
                self.module.trace.emit("dropped", self.name, raw.decode("latin-1"),
                                       reason="no AT prefix")
            return
        line = raw[start:]
        self.module.trace.emit("at-in", self.name, line.decode("latin-1"))   # redacted there
        self.last_command_at = self.module.clock.now
        self.module.command_seen(self)
        self._last_line = line
        try:
            if overflow or len(line) > MAX_LINE:
                raise AtSyntaxError("line too long")
            body = line[2:].decode("ascii")
            if _NOT_PRINTABLE.search(body):
                raise AtSyntaxError("control or non-ASCII character")
            work = parse_line(body)
        except (AtSyntaxError, UnicodeDecodeError):
            self._final("ERROR")
            self._flush_urcs()
            return
        self.mode = self.BUSY
        self._work = work
        self._run_next()

    # -- running commands --------------------------------------------------

    def _run_next(self) -> None:
        while self._work and self.mode == self.BUSY:
            invocation = self._work.pop(0)
            if not self._step(invocation):
                self._end_line()
                return
            if self.mode != self.BUSY:
                return  # waiting: deferred, data mode or online
        if self.mode == self.BUSY:
            self._end_line("OK")

    def _step(self, invocation: Invocation) -> bool:
        """Start one command; False when it failed (the rest of the line is dropped)."""
        command = self.registry.get(invocation.name)
        ctx = Context(self, invocation, command) if command else None
        try:
            if command is None:
                raise AtSyntaxError("unknown command %s" % invocation.name)
            result = self._dispatch(ctx, command, invocation)
        except AtError as error:
            self._error(error)
            return False
        except Exception:  # an emulator bug must not take the engine down
            self._handler_crashed(invocation)
            return False
        return self._outcome(ctx, result)

    def _dispatch(self, ctx: Context, command: Command, invocation: Invocation) -> Any:
        form = invocation.form
        if command.basic and form == ACTION:
            form = SET
        test_text = command.test_text()
        if form == TEST and test_text is not None:
            if test_text:
                ctx.info(test_text)
            return None
        handler = {ACTION: command.action, READ: command.read, SET: command.set,
                   TEST: command.test if callable(command.test) else None}[form]
        if handler is None:
            raise AtSyntaxError("%s has no %s form" % (command.name, form))
        if command.needs_sim and form != TEST:
            try:
                self.module.require_sim()
            except CmeError as error:
                if command.sms:
                    raise CmsError(SIM_CMS_ERRORS[error.code]) from None
                raise
        for gate in self.module.command_gates:
            gate(ctx, form)
        if form == SET:
            return handler(ctx, *convert_params(command.params, invocation.params))
        return handler(ctx)

    def _outcome(self, ctx: Context, result: Any) -> bool:
        """Act on a handler's result; False means the line failed."""
        if result is None:
            return True
        if isinstance(result, Deferred):
            self.mode = self.WAITING
            self.module.clock.call_later(result.delay_ms, self._resume, ctx, result.then)
            return True
        if isinstance(result, Prompt):
            self.mode = self.WAITING
            self.module.clock.call_later(LINE_PROCESSING_MS, self._enter_data, ctx, result)
            return True
        if isinstance(result, Online):
            self._enter_online(result.session)
            return True
        if isinstance(result, Final):
            self._end_line(result.code)
            return True
        raise TypeError("handler returned %r" % (result,))

    def _end_line(self, code: str | None = None) -> None:
        """The command line is over: its final result ``code`` (None: already given), the
        rest of the line dropped, the interface idle again."""
        if code is not None:
            self._final(code)
        self._work = []
        self._idle()

    def _handler_crashed(self, invocation: Invocation) -> None:
        """A handler raised something other than an AT error (an emulator bug): a trace note
        with the traceback, and ``ERROR`` for the script."""
        self.module.trace.emit("note", self.name, "handler crashed: %s" % invocation.text,
                               traceback=traceback.format_exc())
        self._final("ERROR")

    def _resume(self, ctx: Context, then: Callable[[Context], Any]) -> None:
        """Continue a deferred command (or data-mode command) with its result."""
        if self.mode not in (self.WAITING, self.DATA):
            return  # the engine was reset meanwhile
        self.mode = self.BUSY
        try:
            result = then(ctx)
        except AtError as error:
            self._error(error)
            self._end_line()
            return
        except Exception:  # an emulator bug must not take the engine down
            self._handler_crashed(ctx.invocation)
            self._end_line()
            return
        if self._outcome(ctx, result) and self.mode == self.BUSY:
            self._run_next()

    def _idle(self) -> None:
        self.mode = self.COMMAND
        self._flush_urcs()
        self._feed_pending()

    def _feed_pending(self) -> None:
        """Take the input that arrived while the engine could not."""
        if self._pending_input:
            pending, self._pending_input = bytes(self._pending_input), bytearray()
            self.feed(pending)

    # -- data mode ---------------------------------------------------------

    def _enter_data(self, ctx: Context, prompt: Prompt) -> None:
        """The line is processed: show the prompt and take the payload."""
        if self.mode != self.WAITING:
            return  # the engine was reset meanwhile
        self.mode = self.DATA
        self._lf_until = None        # what comes after the prompt is data
        self._prompt, self._prompt_ctx = prompt, ctx
        self._payload = bytearray()
        self._write(prompt.prompt)
        self._arm_data_timer()
        if prompt.size == 0:
            self._finish_data()
        else:
            self._feed_pending()

    def _arm_data_timer(self) -> None:
        if self._data_timer is not None:
            self._data_timer.cancel()
        self._data_timer = self.module.clock.call_later(self._prompt.timeout_ms, self._data_timeout)

    def _data_byte(self, byte: int) -> None:
        prompt = self._prompt
        if prompt.size is None:
            if byte == CTRL_Z:
                self._finish_data()
                return
            if byte == ESC:
                self._cancel_data()
                return
        if prompt.echo and self.profile["E"]:
            self._write(bytes((byte,)), traced=False)
        self._payload.append(byte)
        if prompt.size is not None and len(self._payload) >= prompt.size:
            self._finish_data()
        else:
            self._arm_data_timer()

    def _stop_data(self) -> tuple[Context, Prompt, bytes]:
        self._data_timer.cancel()
        self._data_timer = None
        ctx, prompt, payload = self._prompt_ctx, self._prompt, bytes(self._payload)
        self._prompt = self._prompt_ctx = None
        self._payload = bytearray()
        return ctx, prompt, payload

    def _finish_data(self) -> None:
        ctx, prompt, payload = self._stop_data()
        self.module.trace.emit("at-in", self.name, "<%d bytes of data>" % len(payload),
                               size=len(payload))
        self._resume(ctx, lambda c: prompt.on_data(c, payload))

    def _cancel_data(self) -> None:
        ctx, prompt, _ = self._stop_data()
        self._resume(ctx, prompt.on_cancel or (lambda c: None))

    def _data_timeout(self) -> None:
        if self.mode != self.DATA:
            return
        ctx, _, payload = self._stop_data()
        self.module.trace.emit("dropped", self.name, "<transfer cut short after %d bytes>"
                               % len(payload), reason="data timeout")
        self._end_line("ERROR")

    # -- online data mode --------------------------------------------------

    def to_dte(self, data: bytes) -> None:
        """Data from the online peer to the DTE."""
        if self.mode == self.ONLINE:
            self._write(data, traced=False)

    def hang_up(self, code: str = "NO CARRIER") -> None:
        """The online peer ended the connection."""
        if self.mode == self.ONLINE:
            self._session = None
            self.mode = self.BUSY
            self._end_line(code)

    def _online_byte(self, byte: int) -> None:
        now = self.module.clock.now
        silent_before = now - self._last_rx >= ESCAPE_GUARD_MS
        self._last_rx = now
        if byte == ord("+") and (self._plus or silent_before) and self._plus < 3:
            self._plus += 1
            if self._plus == 3:
                self.module.clock.call_later(ESCAPE_GUARD_MS, self._escape_check, now)
            return
        self._release_plus()
        self._session.from_dte(bytes((byte,)))

    def _release_plus(self) -> None:
        if self._plus and self._session is not None:
            self._session.from_dte(b"+" * self._plus)
        self._plus = 0

    def _escape_check(self, third_plus_at: int) -> None:
        if self.mode != self.ONLINE or self._plus != 3 or self._last_rx != third_plus_at:
            return
        self._plus = 0
        session, self._session = self._session, None
        session.escaped()
        self.mode = self.BUSY
        self._end_line(session.escape_result)

    def go_online(self, session: OnlineSession) -> bool:
        """Enter online data mode with ``session`` while no command runs (an
        incoming connection that the module answers by itself: ``#SKTL``,
        ``#SL`` with ListenAutoRsp): ``CONNECT``, then data passes.  False,
        and nothing changes, when the interface is not idle in command mode."""
        if self.mode != self.COMMAND or self.frozen:
            return False
        self._enter_online(session)
        return True

    def _enter_online(self, session: OnlineSession) -> None:
        self._final("CONNECT")
        self.mode = self.ONLINE
        self._session = session
        self._plus = 0

    def busy(self) -> bool:
        return self.mode != self.COMMAND
