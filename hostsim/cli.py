"""The ``hostsim`` command line: ``hostsim at``, ``hostsim check``."""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from . import persist
from .engine import AtEngine
from .errors import HostsimError
from .models import DEFAULT_MODEL, MODELS
from .module import Module

RESPONSE_TIMEOUT_MS = 180_000   # virtual time a command may take before we give up
ERROR_RESULTS = ("ERROR", "+CME ERROR", "+CMS ERROR", "NO CARRIER", "BUSY", "NO ANSWER")


def _open_module(state: Optional[str], model: Optional[str]) -> Module:
    if state is None:
        return Module(model=model or DEFAULT_MODEL)
    module = persist.load(state, model=model or DEFAULT_MODEL)
    if model is not None and module.spec.name != model:
        raise HostsimError("state %s holds a %s, not a %s (drop --model or use another --state)"
                           % (state, module.spec.name, model))
    return module


def _send_line(module: Module, engine: AtEngine, line: str, data: Optional[bytes]) -> bytes:
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


def cmd_at(args: argparse.Namespace) -> int:
    data = None
    if args.data is not None:
        try:
            with open(args.data, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise HostsimError("cannot read --data %s: %s" % (args.data, error.strerror)) from None
    module = _open_module(args.state, args.model)
    module.power_on()
    engine = module.engine(args.interface)
    failed = False
    out = sys.stdout.buffer
    out.write(engine.read_output())
    for line in args.lines:
        if not line[:2].upper() == "AT":
            line = "AT" + line
        response = _send_line(module, engine, line, data)
        out.write(response)
        failed = failed or engine.last_result.startswith(ERROR_RESULTS)
    module.clock.advance(int(args.wait * 1000))
    out.write(engine.read_output())
    out.flush()
    if args.state is not None:
        persist.save(module, args.state)
    return 1 if failed else 0


def cmd_check(argv: List[str]) -> int:
    from .checker import main as check_main
    return check_main(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hostsim", description=(
        "Emulated Telit Python modules on a PC: AT commands, scripts, firmware updates."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    at = sub.add_parser("at", help="send AT command lines to an emulated module",
                        description="Power on an emulated module, send each LINE to one of its "
                                    "AT interfaces, print the raw bytes it answers, and save "
                                    "the module back to --state. Exit 1 if a line failed.")
    at.add_argument("lines", nargs="+", metavar="LINE", help='e.g. AT+CGMR or "AT#LSCRIPT"')
    at.add_argument("--state", metavar="DIR", help="state directory (created when missing)")
    at.add_argument("--model", choices=sorted(MODELS), help="model of a new module (default %s)"
                    % DEFAULT_MODEL)
    at.add_argument("--data", metavar="FILE", help="payload to send at a data prompt (#WSCRIPT, +CMGS)")
    at.add_argument("--interface", default="ASC0", choices=("ASC0", "MDM", "MDM2"),
                    help="AT interface to talk to (default ASC0)")
    at.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                    help="virtual seconds to keep running after the last line (URCs)")
    at.set_defaults(handler=cmd_at)
    sub.add_parser("check", help="check onboard code against the Python 1.5.2 dialect",
                   add_help=False)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["check"]:
        return cmd_check(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except HostsimError as error:
        print("hostsim %s: error: %s" % (args.command, error), file=sys.stderr)
        return 1
