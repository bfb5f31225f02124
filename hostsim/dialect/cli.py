"""``hostsim check [--profile P] PATH...``: the checker on the command line.

Exit 0 clean, 1 findings, 2 usage or read error.
"""
from __future__ import annotations

import argparse

from hostsim.dialect.checker import check_paths
from hostsim.dialect.rules import DEFAULT_PROFILE, PROFILES, CheckerUsageError, rules_text


def cmd_check(args: argparse.Namespace) -> int:
    if args.list_rules:
        print(rules_text())
        return 0
    if not args.paths:
        raise CheckerUsageError("give at least one PATH (file or folder)")
    findings = check_paths(args.paths, args.profile, args.native)
    for finding in findings:
        print(finding)
    return 1 if findings else 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    check = subparsers.add_parser(
        "check", help="check onboard code against the Python 1.5.2 dialect",
        description="Check onboard code against the Python 1.5.2 dialect. Silence one finding "
                    "on its line with `# dialect-ok: RULE-ID`.")
    check.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE,
                       help="python152 (default, strict), telit152 (string methods), "
                            "python27 (xE910 modules)")
    check.add_argument("--native", action="store_true",
                       help="report only what the profile's own interpreter rejects (real 1.5.2 "
                            "code passes), not everything that breaks the onboard dialect")
    check.add_argument("--list-rules", action="store_true", help="print the rule table")
    check.add_argument("paths", nargs="*", metavar="PATH", help="file or folder")
    check.set_defaults(handler=cmd_check)
    return check
