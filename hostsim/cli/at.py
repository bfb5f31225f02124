"""``hostsim at``: send AT command lines to an emulated module and print its answers."""
from __future__ import annotations

import argparse
import sys

from hostsim.at.engine import AtEngine
from hostsim.cli.common import SECONDS, open_module
from hostsim.core.errors import HostsimError
from hostsim.core.models import DEFAULT_MODEL, MODELS
from hostsim.device import persist
from hostsim.device.module import Module

RESPONSE_TIMEOUT_MS = 180_000   # virtual time a command may take before we give up
ERROR_RESULTS = ("ERROR", "+CME ERROR", "+CMS ERROR", "NO CARRIER", "BUSY", "NO ANSWER")
INTERFACES = ("ASC0", "MDM", "MDM2")


def send_line(module: Module, engine: AtEngine, line: str, data: bytes | None) -> bytes:
    """Send one command line; feed ``data`` at a prompt; return what came back."""
    engine.feed(line.encode("latin-1") + b"\r")
    clock = module.clock
    clock.run_until_true(lambda: not engine.busy() or engine.mode == engine.DATA,
                         RESPONSE_TIMEOUT_MS)
    if engine.mode == engine.DATA:
        if data is None:
            raise HostsimError("%s opened a prompt for data: give the payload with --data FILE"
                               % line)
        engine.feed(data)
        clock.run_until_true(lambda: not engine.busy(), RESPONSE_TIMEOUT_MS)
    if engine.busy():
        raise HostsimError("%s: no final result within %d virtual seconds"
                           % (line, RESPONSE_TIMEOUT_MS // 1000))
    return engine.read_output()


def _read_data(path: str | None) -> bytes | None:
    if path is None:
        return None
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise HostsimError("cannot read --data %s: %s" % (path, error.strerror)) from None


def cmd_at(args: argparse.Namespace) -> int:
    data = _read_data(args.data)
    for line in args.lines:
        if any(ord(ch) > 255 for ch in line):
            raise HostsimError("%r is not Latin-1: a serial line carries bytes 0 to 255" % line)
    module = open_module(args.state, args.model)
    module.power_on()
    engine = module.engine(args.interface)
    failed = False
    out = sys.stdout.buffer
    out.write(engine.read_output())
    for line in args.lines:
        if not line[:2].upper() == "AT":
            line = "AT" + line
        response = send_line(module, engine, line, data)
        out.write(response)
        failed = failed or engine.last_result.startswith(ERROR_RESULTS)
    module.clock.advance(int(args.wait * 1000))
    out.write(engine.read_output())
    out.flush()
    if args.state is not None:
        persist.save(module, args.state)
    return 1 if failed else 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    at = subparsers.add_parser(
        "at", help="send AT command lines to an emulated module",
        description="Power on an emulated module, send each LINE to one of its AT interfaces, "
                    "print the raw bytes it answers, and save the module back to --state. "
                    "Exit 1 if a line failed.")
    at.add_argument("lines", nargs="+", metavar="LINE", help='e.g. AT+CGMR or "AT#LSCRIPT"')
    at.add_argument("--state", metavar="DIR", help="state directory (created when missing)")
    at.add_argument("--model", choices=sorted(MODELS),
                    help="model of a new module (default %s)" % DEFAULT_MODEL)
    at.add_argument("--data", metavar="FILE",
                    help="payload to send at a data prompt (#WSCRIPT, +CMGS)")
    at.add_argument("--interface", default=INTERFACES[0], choices=INTERFACES,
                    help="AT interface to talk to (default %(default)s)")
    at.add_argument("--wait", type=SECONDS, default=0.0, metavar="SECONDS",
                    help="virtual seconds to keep running after the last line, for URCs "
                         "(default %(default)s)")
    at.set_defaults(handler=cmd_at)
    return at
