"""``hostsim serve``: an emulated module (:mod:`hostsim.line.emulation`) on
pseudo-terminals, in real time.

:class:`PtyPort` puts a line on a pseudo-terminal.  A pseudo-terminal
carries no modem-control lines: DTR is taken as high while a program has
the device open (pyserial raises DTR when it opens a port) and low
otherwise; RTS stays high.
"""
from __future__ import annotations

import argparse
import os
import select
import signal
import sys
import threading
import time
import tty

from hostsim.core.console import finite_number
from hostsim.core.errors import HostsimError
from hostsim.device import persist
from hostsim.device.module import Module
from hostsim.fota.module_side import HALTING_HELP, HALTING_READINGS
from hostsim.line.emulation import DEFAULT_BAUD, FLOW_CONTROLS, RX_BUFFER, Emulation, SerialLine

PTY_OUTPUT_LIMIT = 1 << 20   # module output kept for a DTE that does not read
ABSENT_POLL_MS = 20          # how often a pseudo-terminal nobody holds is checked for a DTE
STOP_POLL_S = 0.2            # how often serve looks for Ctrl-C / SIGTERM or a failed emulation


class PtyPort:
    """A pseudo-terminal whose other end is a serial line of the module."""

    def __init__(self, line: SerialLine):
        self.line = line
        self.master, slave = os.openpty()
        try:
            tty.setraw(slave)
            self.path = os.ttyname(slave)
            os.chmod(self.path, 0o600)
        finally:
            os.close(slave)        # held by no one: DTR follows the DTE's open device
        os.set_blocking(self.master, False)
        self._poke_read, self._poke_write = os.pipe()
        os.set_blocking(self._poke_read, False)
        os.set_blocking(self._poke_write, False)
        self._output = bytearray()
        self._present = False
        self._closed = False
        line.endpoint = self
        self._thread = threading.Thread(target=self._loop, name="hostsim-pty-" + line.name,
                                        daemon=True)
        self._thread.start()

    # -- endpoint (called by the emulation thread) ---------------------------------

    def deliver(self, data: bytes) -> None:
        if self._present and len(self._output) < PTY_OUTPUT_LIMIT:
            self._output += data
            self._poke()

    def wake(self) -> None:
        self._poke()

    def _poke(self) -> None:
        try:
            os.write(self._poke_write, b"x")
        except BlockingIOError:
            pass

    # -- the I/O thread --------------------------------------------------------------

    def _dte_present(self) -> bool:
        poller = select.poll()
        poller.register(self.master, select.POLLIN)
        return not any(events & select.POLLHUP for _, events in poller.poll(0))

    def _set_present(self, present: bool) -> None:
        self._present = present
        with self.line.emulation.lock:
            self.line.uart.set_dte_line("DTR", int(present))
            if not present:
                del self._output[:]

    def _loop(self) -> None:
        while not self._closed:
            present = self._dte_present()
            if present != self._present:
                self._set_present(present)
            poller = select.poll()
            poller.register(self._poke_read, select.POLLIN)
            if present:
                with self.line.emulation.lock:
                    events = select.POLLIN if self.line.room() else 0
                    if self._output:
                        events |= select.POLLOUT
                poller.register(self.master, events)
            ready = dict(poller.poll(50 if present else ABSENT_POLL_MS))
            try:
                os.read(self._poke_read, 4096)
            except BlockingIOError:
                pass
            master_events = ready.get(self.master, 0)
            if master_events & select.POLLIN:
                self._read()
            if master_events & select.POLLOUT:
                self._write()

    def _read(self) -> None:
        room = self.line.room()
        if not room:
            return
        try:
            data = os.read(self.master, room)
        except (BlockingIOError, OSError):     # EIO: the DTE closed the device meanwhile
            return
        if data:
            self.line.send(data)

    def _write(self) -> None:
        with self.line.emulation.lock:
            pending = bytes(self._output)
        try:
            written = os.write(self.master, pending)
        except (BlockingIOError, OSError):
            return
        with self.line.emulation.lock:
            del self._output[:written]

    def close(self) -> None:
        self._closed = True
        self._poke()
        self._thread.join(timeout=5)
        for fd in (self.master, self._poke_read, self._poke_write):
            os.close(fd)


def _make_link(link: str, target: str) -> None:
    if os.path.lexists(link) and not os.path.islink(link):
        raise HostsimError("--link %s exists and is not a symbolic link; give another path" % link)
    tmp = link + ".tmp"
    if os.path.lexists(tmp):
        os.unlink(tmp)
    try:
        os.symlink(target, tmp)
        os.replace(tmp, link)
    except OSError as error:
        raise HostsimError("cannot create --link %s: %s" % (link, error.strerror)) from None


def _remove_link(link: str, target: str) -> None:
    if os.path.islink(link) and os.readlink(link) == target:
        os.unlink(link)


def cmd_serve(args: argparse.Namespace) -> int:
    if not hasattr(os, "openpty"):
        raise HostsimError("serve needs pseudo-terminals (Linux, macOS, BSD); "
                           "use the telitemu:// pyserial URL instead")
    if args.baud < 0:
        raise HostsimError("--baud must be 0 (no line-rate model) or positive, got %d" % args.baud)
    if args.rx_buffer < 1 or args.write_rate < 0:
        raise HostsimError("--rx-buffer must be at least 1 and --write-rate 0 or more")
    if args.state:
        module = persist.load(args.state)
        persist.check_writable(args.state)
    else:
        module = Module()
    if args.tcp_halting is not None:
        module.fota.halting = args.tcp_halting
        if args.state:
            persist.save(module, args.state)
    emulation = Emulation(module, speed=args.speed, baud=args.baud,
                          flow_control=args.flow_control == "rtscts", rx_buffer=args.rx_buffer,
                          write_rate=args.write_rate, python=args.python, state=args.state or None)
    # Signal handlers only flip this flag: an Event.set() inside a handler can
    # deadlock with the main thread's own Event.wait() on the same lock.
    stopping = []
    ports = [PtyPort(emulation.lines["ASC0"])]
    if args.asc1:
        ports.append(PtyPort(emulation.lines["ASC1"]))
    try:
        if args.link:
            _make_link(args.link, ports[0].path)
        previous = {sig: signal.signal(sig, lambda number, frame: stopping.append(number))
                    for sig in (signal.SIGINT, signal.SIGTERM)}
        previous[signal.SIGUSR1] = signal.signal(signal.SIGUSR1,
                                                 lambda number, frame: emulation.power_cycle())
        try:
            emulation.start()
            for port in ports:
                print(port.path, flush=True)
            print("hostsim serve: %s on %s (%s baud, speed x%g, flow control %s); Ctrl-C stops, "
                  "kill -USR1 %d power-cycles"
                  % (module.spec.name, ", ".join(p.path for p in ports), args.baud or "no",
                     args.speed, args.flow_control, os.getpid()), file=sys.stderr, flush=True)
            while not stopping and emulation.failure is None:
                time.sleep(STOP_POLL_S)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    finally:
        emulation.stop()
        for port in ports:
            port.close()
        if args.link:
            _remove_link(args.link, ports[0].path)
        if args.state:
            persist.save(module, args.state)
    if emulation.failure is not None:
        raise HostsimError("the emulation stopped: %s" % emulation.failure)
    return 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``hostsim serve`` on the ``hostsim`` command's subparsers."""
    serve = subparsers.add_parser(
        "serve", help="put an emulated module on a pseudo-terminal",
        description="Serve an emulated module's ASC0 on a pseudo-terminal (readable by its owner "
                    "only) and print the device path; with --asc1 a second one for ASC1 (SER2 "
                    "and print output) is printed on the next line. The clock runs in real time "
                    "times --speed. Every change the module keeps over power loss (a file, an "
                    "NVM setting) is saved to --state as it happens, so a killed serve loses "
                    "nothing; Ctrl-C (SIGINT) or SIGTERM stops; SIGUSR1 power-cycles the module.")
    serve.add_argument("--state", metavar="DIR",
                       help="state directory (created when missing; refused at start when it "
                            "cannot be written)")
    serve.add_argument("--speed", type=finite_number("virtual seconds per wall second",
                                                     positive=True), default=1.0, metavar="FACTOR",
                       help="virtual seconds per wall second (default 1)")
    serve.add_argument("--baud", type=int, default=DEFAULT_BAUD, metavar="RATE",
                       help="modelled line rate, 8N1 (default %d; 0: no line-rate model)"
                            % DEFAULT_BAUD)
    serve.add_argument("--flow-control", choices=FLOW_CONTROLS, default="rtscts",
                       help="rtscts: the module holds the line while its buffer is full "
                            "(with AT&K3, the default); none: what does not fit is dropped")
    serve.add_argument("--rx-buffer", type=int, default=RX_BUFFER, metavar="BYTES",
                       help="the module's receive buffer (default %d)" % RX_BUFFER)
    serve.add_argument("--write-rate", type=int, default=0, metavar="BYTES_PER_S",
                       help="bytes per second a #WSCRIPT transfer stores (default 0: keeps up "
                            "with the line)")
    serve.add_argument("--tcp-halting", choices=HALTING_READINGS, help=HALTING_HELP)
    serve.add_argument("--link", metavar="PATH", help="keep a symbolic link to the device here")
    serve.add_argument("--asc1", action="store_true",
                       help="a second pseudo-terminal for ASC1 (SER2 and print output)")
    serve.add_argument("--python", metavar="PATH",
                       help="run the module's script in this Python instead of in-process")
    serve.set_defaults(handler=cmd_serve)
    return serve
