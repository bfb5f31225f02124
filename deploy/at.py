"""AT commands over a pyserial port: command lines, ``#WSCRIPT`` uploads, ``#RSCRIPT`` reads.

Answers are expected in verbose form (``ATV1``, the default).  The module's
profile is never changed: whether it echoes (``ATE1``) is learnt from the
answer to ``AT``, and then a reply counts only after the echo of its command,
so bytes still on the line from an earlier session cannot pass for it.
"""
from __future__ import annotations

import re
import time
from typing import Callable

import serial

from .errors import ModuleError, NoAnswer, PortError, TransferError

FINAL = re.compile(rb"\r\n(OK|ERROR|\+CM[ES] ERROR: [^\r\n]*)\r\n")
WSCRIPT_PROMPT = b"\r\n>>>"
RSCRIPT_HEADER = b"\r\n<<<"
RSCRIPT_END = b"\r\nOK\r\n"
PROBE_SECONDS = 0.5       # how long one AT probe waits for its OK
FILLER = b"\r"            # completes a transfer; where none is open, an empty command line
FILL_MARK = "AT#ESCRIPT?"                 # sent after filler: its answer ends what filler did
FILL_MARK_ANSWER = "#ESCRIPT: "
TRANSFER_IDLE_S = 30.0    # a #WSCRIPT transfer idle this long ends with ERROR, store unchanged
QUIET_SECONDS = 0.1       # silence that ends a reply of unknown length


class AtPort:
    """The AT side of a module on ``port`` (a pyserial port named ``name``)."""

    def __init__(self, port: serial.SerialBase, name: str, timeout: float, baud: int):
        self.port = port
        self.name = name
        self.timeout = timeout
        self.baud = baud
        self.echo = False          # the module echoes commands (learnt by probe())

    def line_time(self, size: int) -> float:
        """Seconds ``size`` bytes take on the line (8N1)."""
        return size * 10.0 / self.baud

    # -- bytes -----------------------------------------------------------------------

    def _fail(self, error: Exception) -> PortError:
        return PortError("the port failed: %s" % error, self.name)

    def write(self, data: bytes) -> None:
        try:
            self.port.write(data)
        except serial.SerialException as error:
            raise self._fail(error) from None

    def read_some(self, seconds: float) -> bytes:
        """What arrives within ``seconds`` (returns at the first bytes)."""
        try:
            self.port.timeout = max(0.0, seconds)
            return self.port.read(max(1, self.port.in_waiting))
        except serial.SerialException as error:
            raise self._fail(error) from None

    def discard_input(self) -> None:
        try:
            self.port.reset_input_buffer()
        except serial.SerialException as error:
            raise self._fail(error) from None

    def _collect(self, done: Callable[[bytearray], bool], seconds: float, command: str,
                 buffer: bytearray | None = None) -> bytearray:
        """Read into ``buffer`` until ``done(buffer)``; NoAnswer after ``seconds``."""
        buffer = bytearray() if buffer is None else buffer
        deadline = time.monotonic() + seconds
        while not done(buffer):
            left = deadline - time.monotonic()
            if left <= 0:
                raise NoAnswer("no answer to %s on %s within %.1f s" % (command, self.name, seconds))
            buffer += self.read_some(left)
        return buffer

    def settle(self) -> None:
        """Read and drop bytes until the line is quiet (leftovers, stray echoes)."""
        deadline = time.monotonic() + self.timeout
        while self.read_some(QUIET_SECONDS) and time.monotonic() < deadline:
            pass

    def _reply(self, buffer: bytearray, line: str) -> int | None:
        """Where the reply to ``line`` starts in ``buffer``: past its echo when the module
        echoes (None until the echo is there)."""
        if not self.echo:
            return 0
        echo = line.encode("ascii") + b"\r"
        found = buffer.find(echo)
        return None if found < 0 else found + len(echo)

    def _final(self, buffer: bytearray, line: str) -> re.Match[bytes] | None:
        start = self._reply(buffer, line)
        return None if start is None else FINAL.search(buffer, start)

    # -- commands --------------------------------------------------------------------

    def _send_line(self, line: str) -> None:
        self.discard_input()
        self.write(line.encode("ascii") + b"\r")

    def command(self, line: str) -> list[str]:
        """Run one command line; its information lines, or ModuleError on an error result."""
        self._send_line(line)
        buffer = self._collect(lambda b: self._final(b, line) is not None, self.timeout, line)
        match = self._final(buffer, line)
        result = match.group(1).decode("latin-1")
        if result != "OK":
            raise ModuleError(line, result)
        text = buffer[self._reply(buffer, line):match.start()].decode("latin-1")
        return [item.strip("\r") for item in text.split("\n")
                if item.strip("\r") and item.strip("\r") != line]

    def probe(self, seconds: float | None = None) -> bool:
        """Whether an AT parser answers ``AT`` within ``seconds`` (default: the shorter of
        half a second and the timeout); learns whether it echoes."""
        self._send_line("AT")
        seconds = min(PROBE_SECONDS, self.timeout) if seconds is None else seconds
        try:
            buffer = self._collect(lambda b: FINAL.search(b) is not None, seconds, "AT")
        except NoAnswer:
            return False
        start = FINAL.search(buffer).start()
        self.echo = buffer[max(0, start - 3):start] == b"AT\r"
        return True

    def wait_for_at(self, seconds: float) -> bool:
        """Send ``AT`` again and again until it is answered or ``seconds`` pass."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.probe(min(0.1, max(0.01, deadline - time.monotonic()))):
                return True
        return False

    # -- the script store -------------------------------------------------------------

    def write_script(self, name: str, data: bytes, hidden: bool, chunk: int, pause: float,
                     progress: Callable[[int, float], None]) -> bool:
        """``#WSCRIPT`` ``data`` in ``chunk``-byte pieces ``pause`` seconds apart;
        ``progress(count, seconds)`` after each piece: ``count`` bytes written, all of
        them across the line in ``seconds``.

        Returns True when the module needed padding to finish the transfer
        (bytes were lost on the line: only a read-back tells whether the
        stored file is right).  ModuleError when the module refuses the
        command, TransferError when it refuses the payload."""
        command = 'AT#WSCRIPT="%s",%d,%d' % (name, len(data), int(hidden))
        self._open(command, WSCRIPT_PROMPT)
        self._paced_write(data, chunk, pause, progress)
        return self._finish_transfer(command, len(data))

    def _paced_write(self, data: bytes, chunk: int, pause: float,
                     progress: Callable[[int, float], None]) -> None:
        """Write ``data`` in ``chunk``-byte pieces with ``pause`` seconds on the line between
        them (a pause on the line, not in the port's buffer)."""
        on_line_until = time.monotonic()      # when the last piece has crossed the line
        for offset in range(0, len(data), chunk):
            if offset and pause:
                time.sleep(max(0.0, on_line_until - time.monotonic()) + pause)
            piece = data[offset:offset + chunk]
            self.write(piece)
            on_line_until = max(on_line_until, time.monotonic()) + self.line_time(len(piece))
            progress(len(piece), on_line_until - time.monotonic())

    def _open(self, command: str, marker: bytes) -> tuple[bytearray, int]:
        """Send ``command`` and wait for ``marker`` (a prompt or a header) in its reply;
        returns what arrived and where the data after the marker starts.
        ModuleError with the final result code when the module refuses."""
        self._send_line(command)

        def answered(b: bytearray) -> bool:
            start = self._reply(b, command)
            return start is not None and (b.find(marker, start) >= 0
                                          or FINAL.search(b, start) is not None)

        buffer = self._collect(answered, self.timeout, command)
        found = buffer.find(marker, self._reply(buffer, command))
        if found < 0:
            raise ModuleError(command, self._final(buffer, command).group(1).decode("latin-1"))
        return buffer, found + len(marker)

    def _finish_transfer(self, command: str, size: int) -> bool:
        """Wait for the result of a payload.  When none comes, bytes were lost on the way
        and the module still waits for its count: as many CRs as the payload complete it
        (the extra ones are empty command lines, which the module ignores)."""
        buffer = bytearray()
        wait = self.timeout + self.line_time(size)
        try:
            self._collect(lambda b: FINAL.search(b) is not None, wait, command, buffer)
            padded = False
        except NoAnswer:
            self.write(FILLER * size)
            self._collect(lambda b: FINAL.search(b) is not None, wait, command, buffer)
            self.settle()
            padded = True
        result = FINAL.search(buffer).group(1).decode("latin-1")
        if result != "OK":
            raise TransferError(command, result)
        return padded

    def _leftovers(self) -> bytearray:
        """What arrives until the line is quiet, kept (:meth:`settle` drops it)."""
        buffer = bytearray()
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            more = self.read_some(QUIET_SECONDS)
            if not more:
                break
            buffer += more
        return buffer

    def fill_transfer(self, size: int, chunk: int, pause: float) -> str | None:
        """End a ``#WSCRIPT`` transfer of ``size`` bytes that may still be open (cut off)
        by completing it: ``size`` filler bytes complete it whatever part of it arrived,
        and the ones it does not need are empty command lines, which the module ignores.
        One more comes first: the cut may have fallen inside the ``#WSCRIPT`` command line
        itself, which that byte ends (the transfer then opens and takes the rest).
        Then ``AT#ESCRIPT?`` marks the end: every byte before it has been taken once it
        is answered.  Returns the module's result for the filled payload (``OK``: a file
        of that name now holds filler), or None when no filler went into a transfer: the
        module had answered the payload after the cut (it is on the line), none was open
        (it had timed out unseen, the module was power-cycled), or nothing answers the
        mark within the timeout."""
        if FINAL.search(self._leftovers()) is not None:
            return None
        filler = FILLER * (size + 1)
        self._paced_write(filler, chunk, pause, lambda count, seconds: None)
        self.write(FILL_MARK.encode("ascii") + b"\r")
        mark = FILL_MARK_ANSWER.encode("ascii")
        buffer = bytearray()

        def answered(b: bytearray) -> bool:
            found = b.find(mark)
            return found >= 0 and FINAL.search(b, found) is not None

        try:
            self._collect(answered, self.timeout + self.line_time(len(filler)),
                          "the rest of a cut-off upload", buffer)
        except NoAnswer:
            return None
        self.settle()
        result = FINAL.search(buffer, 0, buffer.find(mark))
        return None if result is None else result.group(1).decode("latin-1")

    def wait_out_transfer(self, until: float) -> str | None:
        """Send nothing until a ``#WSCRIPT`` transfer that may still be open ends by the
        module's silence timeout (the store then keeps the old file) or wall-clock time
        ``until`` has passed.  The module's result for the payload when one came
        (``ERROR``: timed out; ``OK``: every byte had arrived), else None."""
        buffer = self._leftovers()
        try:
            self._collect(lambda b: FINAL.search(b) is not None,
                          max(0.0, until - time.time()), "the end of a cut-off upload", buffer)
        except NoAnswer:
            return None
        self.settle()
        return FINAL.search(buffer).group(1).decode("latin-1")

    def read_script(self, name: str, size: int) -> bytes | None:
        """``#RSCRIPT`` a file of ``size`` bytes; None when the module returns it empty
        (a hidden file)."""
        command = 'AT#RSCRIPT="%s"' % name
        buffer, start = self._open(command, RSCRIPT_HEADER)
        need = start + size + len(RSCRIPT_END)
        seconds = self.timeout + self.line_time(size)

        def done(b: bytearray) -> bool:
            return len(b) >= need or (len(b) == start + len(RSCRIPT_END)
                                      and b.endswith(RSCRIPT_END))

        self._collect(done, seconds, command, buffer)
        if len(buffer) < need:      # empty content so far: hidden, unless more follows
            more = self.read_some(QUIET_SECONDS)
            if not more:
                return None
            buffer += more
            self._collect(lambda b: len(b) >= need, seconds, command, buffer)
        if buffer[start + size:need] != RSCRIPT_END:
            raise ModuleError(command, "%d bytes where %d were expected"
                              % (len(buffer) - start - len(RSCRIPT_END), size))
        return bytes(buffer[start:start + size])
