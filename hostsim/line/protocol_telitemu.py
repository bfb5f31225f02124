"""pyserial URL handler ``telitemu://``: an emulated module inside the process.

Opening the URL powers on an emulated module (a fresh one, or the one saved
in ``state``) behind a port object that behaves like its ASC0 on a serial
line (see :mod:`hostsim.line.serve`: the same line model, clock and script
runner); closing it stops the module.  With ``state``, every change the
module keeps over a power loss is saved as it happens, as ``hostsim serve``
does (see :mod:`hostsim.line.emulation`): a process killed with the port
open loses nothing the module acknowledged.  The port's
``baudrate`` is the modelled line rate and ``rtscts`` its hardware flow
control, both as set when the port opens; DTR and RTS reach the module's
ASC0, whose CTS, DSR, RI and DCD the port reads.

URL: ``telitemu://[?option=value[&...]]`` with the options

* ``state=DIR``: the state directory (loaded at open, which fails when it
  cannot be written; saved as the module changes);
* ``speed=FACTOR``: virtual seconds per wall second (default 1);
* ``rx-buffer=BYTES``, ``write-rate=BYTES_PER_S``: as ``hostsim serve``'s.

pyserial finds handlers in the packages listed in
``serial.protocol_handler_packages``; a program enables this one with::

    serial.protocol_handler_packages.append("hostsim.line")

(``telit-deploy`` does it itself).  Any other pyserial program runs
unchanged under ``python -m hostsim.line.protocol_telitemu PROGRAM [ARGS]``
(or ``-m MODULE [ARGS]``), which registers the handler first.  The open
port's :attr:`Serial.emulation` is the emulation behind it (tests power-cycle
the module through it).
"""
from __future__ import annotations

import runpy
import sys
import threading
import urllib.parse
from typing import Any

from serial.serialutil import (
    PortNotOpenError,
    SerialBase,
    SerialException,
    SerialTimeoutException,
    Timeout,
    to_bytes,
)

from hostsim.core.errors import HostsimError
from hostsim.device import persist
from hostsim.device.module import Module
from hostsim.line.emulation import RX_BUFFER, Emulation

SCHEME = "telitemu"
URL_FORM = 'telitemu://[?state=DIR][&speed=FACTOR][&rx-buffer=BYTES][&write-rate=BYTES_PER_S]'
OPTIONS = {"state": str, "speed": float, "rx-buffer": int, "write-rate": int}


def register() -> None:
    """Let ``serial.serial_for_url`` open ``telitemu://`` URLs in this process."""
    import serial
    if "hostsim.line" not in serial.protocol_handler_packages:
        serial.protocol_handler_packages.append("hostsim.line")


def parse_url(url: str) -> dict[str, Any]:
    """The options of a ``telitemu://`` URL; SerialException saying the form when it is bad."""
    parts = urllib.parse.urlsplit(url)
    try:
        if parts.scheme.lower() != SCHEME or parts.netloc or parts.path:
            raise ValueError("not a %s URL: %r" % (SCHEME, url))
        options: dict[str, Any] = {"state": None, "speed": 1.0, "rx-buffer": RX_BUFFER,
                                   "write-rate": 0}
        for name, values in urllib.parse.parse_qs(parts.query, keep_blank_values=True).items():
            if name not in OPTIONS:
                raise ValueError("unknown option %r" % name)
            options[name] = OPTIONS[name](values[-1])
        if options["speed"] <= 0:
            raise ValueError("speed must be positive")
    except ValueError as error:
        raise SerialException("expected %s: %s" % (URL_FORM, error)) from None
    return options


class Serial(SerialBase):
    """The ASC0 of an emulated module, as a pyserial port."""

    def __init__(self, *args: Any, **kwargs: Any):
        self.emulation: Emulation | None = None
        self._received = bytearray()
        self._changed = threading.Condition()
        super().__init__(*args, **kwargs)

    # -- opening and closing -------------------------------------------------------

    def open(self) -> None:
        if self._port is None:
            raise SerialException("Port must be configured before it can be used.")
        if self.is_open:
            raise SerialException("Port is already open.")
        options = parse_url(self.portstr)
        try:
            if options["state"]:
                module = persist.load(options["state"])
                persist.check_writable(options["state"])
            else:
                module = Module()
            emulation = Emulation(module, speed=options["speed"], baud=self._baudrate,
                                  flow_control=bool(self._rtscts), rx_buffer=options["rx-buffer"],
                                  write_rate=options["write-rate"], state=options["state"])
        except (HostsimError, ValueError) as error:
            raise SerialException("cannot open %s: %s" % (self.portstr, error)) from None
        self.emulation = emulation
        self._received = bytearray()
        self._changed = threading.Condition(emulation.lock)
        line = emulation.lines["ASC0"]
        line.endpoint = self
        line.set_dte_line("DTR", int(self._dtr_state))   # the PC holds the port at power-on
        line.set_dte_line("RTS", int(self._rts_state))
        emulation.on_failure = lambda error: self.wake()
        emulation.start()
        self.is_open = True

    def close(self) -> None:
        if self.is_open and self.emulation is not None:
            self.is_open = False
            self.emulation.stop()
            self.emulation.save()      # what stopping the script changed
        super().close()

    def _reconfigure_port(self) -> None:
        """The line rate and flow control are fixed when the port opens."""

    # -- endpoint of the module's line (called by the emulation thread) -------------

    def deliver(self, data: bytes) -> None:
        with self._changed:
            self._received += data
            self._changed.notify_all()

    def wake(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def _check(self) -> None:
        if not self.is_open:
            raise PortNotOpenError()
        if self.emulation.failure is not None:
            raise SerialException("the emulated module stopped: %s" % self.emulation.failure)

    # -- data ----------------------------------------------------------------------

    @property
    def in_waiting(self) -> int:
        self._check()
        with self._changed:
            return len(self._received)

    def read(self, size: int = 1) -> bytes:
        self._check()
        timeout = Timeout(self._timeout)
        with self._changed:
            while len(self._received) < size and not timeout.expired():
                self._check()
                self._changed.wait(timeout.time_left())
            data = bytes(self._received[:size])
            del self._received[:size]
        return data

    def write(self, data: Any) -> int:
        self._check()
        data = to_bytes(data)
        line = self.emulation.lines["ASC0"]
        timeout = Timeout(self._write_timeout)
        sent = 0
        with self._changed:
            while sent < len(data):
                self._check()
                room = line.room()
                if room:
                    line.send(data[sent:sent + room])
                    sent += room
                elif timeout.expired():
                    raise SerialTimeoutException("Write timeout")
                else:
                    self._changed.wait(timeout.time_left())
        return len(data)

    def reset_input_buffer(self) -> None:
        self._check()
        with self._changed:
            del self._received[:]

    def reset_output_buffer(self) -> None:
        self._check()
        self.emulation.lines["ASC0"].incoming.clear()

    # -- modem-control lines ---------------------------------------------------------

    def _update_dtr_state(self) -> None:
        if self.is_open:
            self.emulation.lines["ASC0"].set_dte_line("DTR", int(self._dtr_state))

    def _update_rts_state(self) -> None:
        if self.is_open:
            self.emulation.lines["ASC0"].set_dte_line("RTS", int(self._rts_state))

    def _update_break_state(self) -> None:
        """A break is not modelled."""

    def _line(self, name: str) -> bool:
        self._check()
        return bool(self.emulation.module.line_state("SER", name))

    @property
    def cts(self) -> bool:
        return self._line("CTS")

    @property
    def dsr(self) -> bool:
        return self._line("DSR")

    @property
    def ri(self) -> bool:
        return self._line("RI")

    @property
    def cd(self) -> bool:
        return self._line("DCD")


def main(argv: list[str] | None = None) -> None:
    """``python -m hostsim.line.protocol_telitemu PROGRAM [ARGS]``: run a pyserial program
    (a script path, or ``-m MODULE``) with ``telitemu://`` registered."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[:1] == ["-m"] and len(argv) < 2:
        sys.exit("usage: python -m hostsim.line.protocol_telitemu (PROGRAM | -m MODULE) [ARGS...]")
    register()
    if argv[0] == "-m":
        sys.argv = argv[1:]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = argv
        runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
