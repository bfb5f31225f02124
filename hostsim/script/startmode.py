"""Whether the enabled script starts at boot, per ``#STARTMODESCR``.

A pure function of the observed facts, for the script runner (ATR5 p.412-413):

* mode 0 (factory default): the script starts at once, only if DTR is low
  on ASC0 (no PC has the port open); there is no window.
* mode 1: DTR is ignored; the script starts when the window (``<timeout>``
  seconds after power-on) passed without an AT command on ASC0.
* mode 2: DTR and AT commands are ignored; the script always starts after
  the window, and ASC0 stays an AT interface, served by a third AT parser
  instance.

While a script runs ASC0 belongs to it (``SER``), except in mode 2; when
no script starts ASC0 is a plain AT interface.  A script started later,
by ``#EXECSCR`` or when the interpreter may run again, takes ASC0 the same
way (:func:`started_later`), whichever interface asked.  Whether an
enabled script exists is the runner's check, not this one.
"""
from __future__ import annotations

from dataclasses import dataclass

MODE_DTR, MODE_NO_AT, MODE_ALWAYS = 0, 1, 2
MODES = (MODE_DTR, MODE_NO_AT, MODE_ALWAYS)
WINDOW_MIN_S, WINDOW_MAX_S = 10, 60


@dataclass(frozen=True)
class StartDecision:
    start: bool            # the script starts
    wait_ms: int           # when, in ms after power-on (0 when it does not start)
    asc0_keeps_at: bool    # ASC0 is still served by an AT parser afterwards
    reason: str


def decide(mode: int, window_s: int, dtr_low: bool,
           at_command_seen_in_window: bool) -> StartDecision:
    """The boot-time decision; ``at_command_seen_in_window`` means on ASC0."""
    if mode not in MODES:
        raise ValueError("#STARTMODESCR mode must be 0..2, got %r" % mode)
    if not WINDOW_MIN_S <= window_s <= WINDOW_MAX_S:
        raise ValueError("#STARTMODESCR timeout must be %d..%d s, got %r"
                         % (WINDOW_MIN_S, WINDOW_MAX_S, window_s))
    window_ms = window_s * 1000
    if mode == MODE_DTR:
        if dtr_low:
            return StartDecision(True, 0, False, "mode 0: DTR low")
        return StartDecision(False, 0, True, "mode 0: DTR high, a DTE holds ASC0")
    if mode == MODE_NO_AT:
        if at_command_seen_in_window:
            return StartDecision(False, 0, True, "mode 1: AT command within %d s" % window_s)
        return StartDecision(True, window_ms, False, "mode 1: no AT command within %d s" % window_s)
    return StartDecision(True, window_ms, True,
                         "mode 2: starts after %d s, ASC0 on the third AT instance" % window_s)


def started_later(mode: int, wait_ms: int, reason: str) -> StartDecision:
    """A start outside the boot window (``#EXECSCR``, the interpreter let run
    again): ASC0 goes to the script as the start mode gives it at boot (it
    stays an AT interface in mode 2 only)."""
    return StartDecision(True, wait_ms, mode == MODE_ALWAYS, reason)
