"""The one ``main()`` of both console scripts (``hostsim`` and ``telit-deploy``).

A sub-command parser sets ``handler`` (a function of the parsed arguments that
returns the exit code).  Errors the user can act on become one line on stderr,
``PROG COMMAND: error: MESSAGE``, and the error's ``exit_code`` (1 when it has
none); Ctrl-C is exit 130; a closed stdout pipe (``| head``) ends quietly.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from typing import Callable, Sequence

EXIT_USAGE = 2          # argparse's own code for a usage error
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_FAILED = 1


class UsageError(Exception):
    """A command line argparse refused: ``PROG: error: MESSAGE`` on one line, exit 2."""

    exit_code = EXIT_USAGE

    def __init__(self, prog: str, message: str):
        super().__init__(message)
        self.prog = prog


class Parser(argparse.ArgumentParser):
    """An argument parser (and the class of its sub-parsers) whose usage errors are
    :class:`UsageError` instead of a usage text and ``SystemExit``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(self.prog, message)


def run_console(parser: argparse.ArgumentParser, argv: Sequence[str] | None,
                user_errors: tuple[type[BaseException], ...]) -> int:
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            command = getattr(args, "command", None)
            raise UsageError(parser.prog + (" " + command if command else ""),
                             "unrecognized arguments: %s" % " ".join(extra))
    except UsageError as error:
        print("%s: error: %s (see %s --help)" % (error.prog, error, error.prog), file=sys.stderr)
        return error.exit_code
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    name = "%s %s" % (parser.prog, args.command)
    try:
        return handler(args)
    except user_errors as error:
        print("%s: error: %s" % (name, error), file=sys.stderr)
        return getattr(error, "exit_code", EXIT_FAILED)
    except KeyboardInterrupt:
        print("%s: interrupted" % name, file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:          # output piped into head & co.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


def finite_number(unit: str, positive: bool = False) -> Callable[[str], float]:
    """An argparse type: a finite number of ``unit``, zero or more (``positive``: more
    than zero); ``nan``, ``inf`` and words are refused in one line."""
    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0 or (positive and value == 0):
            raise argparse.ArgumentTypeError("%r is not a finite number of %s %s"
                                             % (text, unit, "> 0" if positive else ">= 0"))
        return value
    return convert
