"""The module's serial ports, seen from both ends.

ASC0 is the main port: the external application (a test, a scenario, a
terminal or a pseudo-terminal) is its DTE.  The module side of ASC0 belongs
to the AT parser, or to a running script's ``SER``.  ASC1 carries ``SER2``.
Modem-control lines: the DTE drives DTR and RTS, the module drives DCD,
DSR, CTS and RI.
"""
from __future__ import annotations

from typing import Callable

DTE_LINES = ("DTR", "RTS")
DCE_LINES = ("DCD", "DSR", "CTS", "RI")


def take(buffer: bytearray, size: int | None = None) -> bytes:
    """Remove and return the first ``size`` bytes of ``buffer`` (all when None)."""
    end = len(buffer) if size is None else min(size, len(buffer))
    data = bytes(buffer[:end])
    del buffer[:end]
    return data


class Toggling:
    """A line the module toggles by itself (DCD during a firmware update): high from
    ``since_ms``, flipping every ``half_period_ms``.  Its level is computed from the
    virtual time it is read at, so toggling costs no events."""

    def __init__(self, since_ms: int, half_period_ms: int):
        self.since_ms = since_ms
        self.half_period_ms = half_period_ms

    def level(self, now_ms: int) -> int:
        return 1 - (now_ms - self.since_ms) // self.half_period_ms % 2


class Uart:
    def __init__(self, name: str):
        self.name = name
        self.to_dte = bytearray()          # module -> external application
        self.to_module = bytearray()       # external application -> module, when a script owns it
        self.lines: dict[str, int] = {"DTR": 0, "RTS": 1, "DCD": 0, "DSR": 1, "CTS": 1, "RI": 0}
        self.speed = "115200"
        self.format = "8N1"
        # Where DTE bytes go when no script owns the port (the AT parser), and
        # where the module's AT output comes from.
        self.at_input: Callable[[bytes], None] | None = None
        self.script_owned = False

    # -- the external application's side -----------------------------------

    def dte_write(self, data: bytes) -> None:
        """Bytes typed by the external application."""
        if self.script_owned or self.at_input is None:
            self.to_module += data
        else:
            self.at_input(data)

    def dte_read(self) -> bytes:
        """Everything the module sent since the last read."""
        return take(self.to_dte)

    def set_dte_line(self, line: str, value: int) -> None:
        if line not in DTE_LINES:
            raise ValueError("the DTE drives %s, not %s" % ("/".join(DTE_LINES), line))
        self.lines[line] = 1 if value else 0

    # -- the module's side -------------------------------------------------

    def module_write(self, data: bytes) -> None:
        self.to_dte += data

    def module_take(self, size: int | None = None) -> bytes:
        """Take up to ``size`` bytes (all when None) of what the DTE sent."""
        return take(self.to_module, size)

    def set_module_line(self, line: str, value: int) -> None:
        if line not in DCE_LINES:
            raise ValueError("the module drives %s, not %s" % ("/".join(DCE_LINES), line))
        self.lines[line] = 1 if value else 0
