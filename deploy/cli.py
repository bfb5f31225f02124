"""The ``telit-deploy`` command line."""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from serial.tools import list_ports


def cmd_ports(args: argparse.Namespace) -> int:
    """List the serial ports of this machine, one per line: device, then description."""
    ports = sorted(list_ports.comports(), key=lambda p: p.device)
    for port in ports:
        print("%s\t%s" % (port.device, port.description))
    if not ports:
        print("no serial ports found", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="telit-deploy",
                                     description="Upload scripts to Telit Python modules.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    ports = sub.add_parser("ports", help="list serial ports")
    ports.set_defaults(handler=cmd_ports)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return args.handler(args)
