"""``hostsim scenarios`` and ``hostsim commands``: what the emulator offers."""
from __future__ import annotations

import argparse

from hostsim.commands import build_registry
from hostsim.scenario.scenario import shipped


def cmd_scenarios(args: argparse.Namespace) -> int:
    for scenario in shipped():
        print("%-26s %s" % (scenario.name, scenario.description))
    return 0


def cmd_commands(args: argparse.Namespace) -> int:
    for command in build_registry():
        forms = [name for name, handler in (("action", command.action), ("read", command.read),
                                            ("set", command.set)) if handler is not None]
        print("%-14s %-18s %s  [%s]" % (command.name, "/".join(forms), command.doc,
                                        command.source or "source not recorded"))
    return 0


def add_scenarios_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("scenarios", help="list the named scenarios")
    parser.set_defaults(handler=cmd_scenarios)
    return parser


def add_commands_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("commands", help="list the AT commands the emulator answers")
    parser.set_defaults(handler=cmd_commands)
    return parser
