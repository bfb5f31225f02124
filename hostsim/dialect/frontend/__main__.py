"""``python3 -m hostsim.dialect.frontend [--profile P] FILE [ARG...]``: run a 1.5.2
program as ``python1.5 FILE`` would (stdout, stderr, exit status).

Options come before FILE; everything after FILE is the script's ``sys.argv[1:]``.
Modules the script imports are looked up beside FILE. The CLI mounts this with
:func:`add_arguments` and :func:`run`.
"""
import argparse
import io
import os
import sys
from typing import List, Optional

from .profiles import PROFILE_NAMES, PYTHON152
from .program import Program


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", choices=PROFILE_NAMES, default=PYTHON152,
                        help="the interpreter to reproduce (default: %(default)s)")
    floats = parser.add_mutually_exclusive_group()
    floats.add_argument("--floats", dest="floats", action="store_true", default=None,
                        help="the module has floating point (telit152)")
    floats.add_argument("--no-floats", dest="floats", action="store_false",
                        help="the module has no floating point (telit152's default)")
    parser.add_argument("--cache-dir", default=None,
                        help="keep translations in this directory across runs")
    parser.add_argument("file", help="the 1.5.2 program")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the program's arguments")


class _Latin1Writer(io.TextIOBase):
    """A text stream that writes str (code points 0-255) as bytes to a binary stream."""

    def __init__(self, binary) -> None:
        super().__init__()
        self.binary = binary

    def write(self, text: str) -> int:
        self.binary.write(text.encode("latin-1", "replace"))
        return len(text)

    def flush(self) -> None:
        self.binary.flush()


def _source_finder(directory: str):
    def find_source(name: str):
        path = os.path.join(directory, name + ".py")
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as handle:
            return handle.read(), path[2:] if path.startswith("./") else path
    return find_source


def run(args: argparse.Namespace, stdout=None, stderr=None, stdin=None) -> int:
    """Run ``args.file``; return its exit status."""
    from .cache import TranslationCache
    out = stdout if stdout is not None else _Latin1Writer(sys.stdout.buffer)
    err = stderr if stderr is not None else _Latin1Writer(sys.stderr.buffer)
    if stdin is None:
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="latin-1", newline="\n")
    try:
        with open(args.file, "rb") as handle:
            source = handle.read()
    except OSError:
        err.write("python: can't open file '%s'\n" % args.file)
        return 2
    cache = TranslationCache(args.cache_dir) if args.cache_dir else None
    directory = os.path.dirname(args.file) or "."
    program = Program(args.profile, stdout=out, stderr=err, stdin=stdin,
                      find_source=_source_finder(directory), floats=args.floats, cache=cache)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    try:
        return program.run_main(source, args.file, [args.file] + list(args.args))
    finally:
        out.flush()
        err.flush()


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m hostsim.dialect.frontend",
                                     description="Run a Python 1.5.2 program on Python 3.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
