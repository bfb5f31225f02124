"""The ``hostsim`` command: one table of sub-commands, each registered by its own module.

Each entry of :data:`SUBCOMMANDS` adds one sub-parser that sets ``handler``;
:func:`hostsim.core.console.run_console` turns user errors into one line and an
exit code.
"""
from __future__ import annotations

import argparse
from typing import Sequence

from hostsim.cli import at, listings, run
from hostsim.core.console import Parser, run_console
from hostsim.core.errors import HostsimError
from hostsim.dialect import cli as check
from hostsim.dialect.frontend import cli as py15
from hostsim.dialect.rules import CheckerUsageError
from hostsim.line import serve
from hostsim.scenario import matrix

SUBCOMMANDS = (
    at.add_parser,
    run.add_parser,
    serve.add_parser,
    listings.add_scenarios_parser,
    listings.add_commands_parser,
    check.add_parser,
    py15.add_parser,
    matrix.add_parser,
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="hostsim", description=(
        "Emulated Telit Python modules on a PC: AT commands, scripts, firmware updates."))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add_parser in SUBCOMMANDS:
        add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return run_console(build_parser(), argv, (HostsimError, CheckerUsageError))
