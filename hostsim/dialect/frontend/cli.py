"""``hostsim py15 [--profile P] FILE [ARG...]``: a 1.5.2 program on this PC, with the
stdout, stderr and exit status ``python1.5 FILE`` would give."""
from __future__ import annotations

import argparse

from hostsim.dialect.frontend.__main__ import add_arguments, run


def add_parser(subparsers) -> argparse.ArgumentParser:
    py15 = subparsers.add_parser(
        "py15", help="run a Python 1.5.2 program on this PC, as python1.5 would",
        description="Run FILE through the 1.5.2 front end: stdout, stderr and exit status as "
                    "`python1.5 FILE` gives them. Options come before FILE; what follows FILE "
                    "is the program's sys.argv[1:]. Modules it imports are looked up beside FILE.")
    add_arguments(py15)
    py15.set_defaults(handler=run)
    return py15
