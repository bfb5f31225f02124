"""The ``telit-deploy`` command line.

Every error is one line on stderr (``telit-deploy COMMAND: error: ...``)
naming the file, the command and the module's answer; exit codes are in
:mod:`deploy.errors` (130 after Ctrl-C).
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from contextlib import contextmanager
from typing import Iterator

import serial
from serial.tools import list_ports

from hostsim.core.console import Parser, finite_number, run_console
from hostsim.dialect.rules import PROFILES

from .config import KEYS, PAUSE_WITHOUT_FLOW_CONTROL, Settings, resolve
from .errors import DeployError, PortError, RefusedInput, about
from .local import DEFAULT_PROFILE, LocalFile, check_alternate_name, check_module_name, prepare
from .session import Reporter, Session, connect, open_port

START_MODES = (0, 1, 2)
WINDOW_MIN, WINDOW_MAX = 10, 60


def _settings(args: argparse.Namespace) -> Settings:
    attributes = [attribute for attribute, *_ in KEYS.values()]
    return resolve({attribute: getattr(args, attribute) for attribute in attributes},
                   config=args.config)


@contextmanager
def _session(args: argparse.Namespace) -> Iterator[Session]:
    port, session = connect(_settings(args), Reporter())
    try:
        yield session
    finally:
        port.close()


def _prepare_all(paths: list[str], args: argparse.Namespace) -> list[LocalFile]:
    """Every file checked before the module is touched."""
    return [prepare(path, args.hidden, not args.no_check, args.profile, args.verbatim)
            for path in paths]


# -- commands -------------------------------------------------------------------------------


def cmd_ports(args: argparse.Namespace) -> int:
    """List the serial ports of this machine, one per line: device, then description."""
    ports = sorted(list_ports.comports(), key=lambda p: p.device)
    for port in ports:
        print("%s\t%s" % (port.device, port.description))
    if not ports:
        print("no serial ports found (an emulated module: telitemu:// or hostsim serve)",
              file=sys.stderr)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with _session(args) as session:
        listing = session.listing()
        mode, window = session.start_mode()
        rows = [("model", session.identity("ATI4")),
                ("firmware", session.identity("AT+CGMR")),
                ("IMEI", session.identity("AT+CGSN")),
                ("enabled script", session.enabled() or "(none)"),
                ("start mode", "%d, %d s window" % (mode, window)),
                ("files", "%d, %d bytes" % (len(listing.files), sum(listing.files.values()))),
                ("free", "%d bytes" % listing.free)]
    for label, value in rows:
        print("%-15s %s" % (label, value))
    for name, size in sorted(listing.files.items()):
        print("  %8d  %s" % (size, name))
    return 0


def cmd_ls(args: argparse.Namespace) -> int:
    with _session(args) as session:
        listing = session.listing()
    for name, size in sorted(listing.files.items()):
        print("%8d  %s" % (size, name))
    print("%8d  bytes free" % listing.free)
    return 0


def cmd_cat(args: argparse.Namespace) -> int:
    with about(args.name):
        check_module_name(args.name)
    with _session(args) as session:
        content = session.read(args.name)
    sys.stdout.buffer.write(content)
    sys.stdout.flush()
    return 0


def cmd_put(args: argparse.Namespace) -> int:
    files = _prepare_all(args.files, args)
    entry = files[0] if args.activate else None
    if entry is not None:
        if not entry.is_script:
            raise RefusedInput("--activate: not a script (.py or .pyo)", entry.path)
        check_alternate_name(entry)
    with _session(args) as session:
        listing = session.listing()
        writes = [(local, local.name) for local in files if local is not entry]
        if entry is not None:
            writes.append((entry, session.activation_target(entry, session.enabled())[0]))
        session.check_writes(writes, listing)
        session.deploy([local for local in files if local is not entry], entry)
    return 0


def cmd_rm(args: argparse.Namespace) -> int:
    for name in args.names:
        with about(name):
            check_module_name(name)
    with _session(args) as session:
        session.remove(args.names)
    for name in args.names:
        print("removed %s" % name)
    return 0


def cmd_enable(args: argparse.Namespace) -> int:
    with about(args.name):
        check_module_name(args.name)
    with _session(args) as session:
        session.enable(args.name, args.mode, args.window)
    print("enabled %s, start mode %d with a %d s window" % (args.name, args.mode, args.window))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    with _session(args) as session:
        name = session.enabled()
        if not name:
            raise RefusedInput("no script is enabled (telit-deploy enable NAME)")
        with about(name):
            session.at.command("AT#EXECSCR")
    print("started %s" % name)
    return 0


def cmd_reboot(args: argparse.Namespace) -> int:
    with _session(args) as session:
        session.at.command("AT#REBOOT")
    print("rebooting: the enabled script starts per #STARTMODESCR")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    if not os.path.isdir(args.directory):
        raise RefusedInput("not a directory", args.directory)
    paths = sorted(os.path.join(args.directory, name) for name in os.listdir(args.directory)
                   if not name.startswith(".")
                   and os.path.isfile(os.path.join(args.directory, name)))
    if not paths:
        raise RefusedInput("no files to sync", args.directory)
    files = _prepare_all(paths, args)
    with _session(args) as session:
        plan = session.sync_plan(files, args.main)
        session.check_writes(plan.writes(), plan.listing)
        if args.dry_run:
            for local in plan.uploads:
                print("would put %s (%s)" % (local.name, "changed" if local.name in
                                             plan.listing.files else "new"))
            if plan.activate is not None:
                print("would enable %s as %s" % (plan.activate.name, plan.activate_as))
        else:
            session.deploy(plan.uploads, plan.activate)
    if not plan.uploads and plan.activate is None:
        print("up to date: %d file%s" % (len(plan.same), "" if len(plan.same) == 1 else "s"))
    return 0


def cmd_monitor(args: argparse.Namespace) -> int:
    settings = _settings(args)
    ports = [("SER", open_port(settings))]
    try:
        if args.asc1:
            ports.append(("SER2", open_port(dataclasses.replace(settings, port=args.asc1))))
        partial = {source: b"" for source, _ in ports}
        deadline = None if args.duration is None else time.monotonic() + args.duration
        while deadline is None or time.monotonic() < deadline:
            for source, port in ports:
                port.timeout = 0.05
                data = partial[source] + port.read(max(1, port.in_waiting))
                *lines, partial[source] = data.split(b"\n")
                for line in lines:
                    print("%s: %s" % (source, line.rstrip(b"\r").decode("latin-1")), flush=True)
    except serial.SerialException as error:
        raise PortError("the port failed: %s" % error, settings.port) from None
    except KeyboardInterrupt:
        pass
    finally:
        for _, port in ports:
            port.close()
    return 0


# -- parser ----------------------------------------------------------------------------------


def _window(text: str) -> int:
    value = int(text)
    if not WINDOW_MIN <= value <= WINDOW_MAX:
        raise argparse.ArgumentTypeError("the window is %d to %d s, not %s"
                                         % (WINDOW_MIN, WINDOW_MAX, text))
    return value


DEFAULTS = Settings()
ENABLE_MODE_DEFAULT = 1
WINDOW_DEFAULT_S = 10


def _add_connection_options(parser: argparse.ArgumentParser) -> None:
    """How to reach the module; the defaults are :class:`deploy.config.Settings`'s."""
    parser.add_argument("--port", help="device or pyserial URL (telitemu:// is an emulated module)")
    parser.add_argument("--baud", type=int, help="line rate (default %d)" % DEFAULTS.baud)
    parser.add_argument("--timeout", type=float, metavar="SECONDS",
                        help="time a command may take to answer (default %g)" % DEFAULTS.timeout)
    parser.add_argument("--rtscts", action="store_const", const=True,
                        help="hardware flow control (uploads then need no pauses)")
    parser.add_argument("--no-rtscts", dest="rtscts", action="store_const", const=False,
                        help="no hardware flow control (the default)")
    parser.add_argument("--chunk", type=int, metavar="BYTES",
                        help="bytes written between pauses of an upload (default %d)"
                             % DEFAULTS.chunk)
    parser.add_argument("--pause", type=float, metavar="SECONDS",
                        help="pause between chunks (default %g s, 0 with --rtscts)"
                             % PAUSE_WITHOUT_FLOW_CONTROL)
    parser.add_argument("--tries", type=int,
                        help="uploads of one file before giving up (default %d)" % DEFAULTS.tries)
    parser.add_argument("--window-wait", dest="window_wait", type=float, metavar="SECONDS",
                        help="when no AT answers, wait this long for a power cycle's start "
                             "window (default %g; 0: fail at once)" % DEFAULTS.window_wait)
    parser.add_argument("--config", metavar="FILE", help="configuration file to read")


def _add_file_checks(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--hidden", action="store_true",
                        help="store hidden (the module never gives the content back)")
    parser.add_argument("--no-check", action="store_true",
                        help="upload .py files even with onboard dialect findings")
    parser.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE,
                        help="dialect profile of the check (default %(default)s)")
    parser.add_argument("--verbatim", action="store_true",
                        help="store .py files with their comments and indentation (default: "
                             "compacted, every line kept)")


def _add_commands(sub) -> None:
    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        result = sub.add_parser(name, help=help_text, description=help_text)
        result.set_defaults(handler=handler)
        return result

    command("ports", cmd_ports, "list the serial ports of this machine")
    command("info", cmd_info, "model, firmware, IMEI, enabled script, start mode, files, free space")
    command("ls", cmd_ls, "list the module's files and the free space")
    cat = command("cat", cmd_cat, "print a file of the module")
    cat.add_argument("name", metavar="NAME")
    put = command("put", cmd_put, "check, upload and verify files")
    put.add_argument("files", nargs="+", metavar="FILE")
    _add_file_checks(put)
    put.add_argument("--activate", action="store_true",
                     help="enable the first FILE, safely (under a fresh name, switched after "
                          "verification)")
    rm = command("rm", cmd_rm, "remove files from the module")
    rm.add_argument("names", nargs="+", metavar="NAME")
    enable = command("enable", cmd_enable, "set the startup script (#ESCRIPT) and #STARTMODESCR")
    enable.add_argument("name", metavar="NAME")
    enable.add_argument("--mode", type=int, choices=START_MODES, default=ENABLE_MODE_DEFAULT,
                        help="0: runs if DTR is low; 1: if no AT command in the window "
                             "(default); 2: always, ASC0 stays AT")
    enable.add_argument("--window", "--timeout", dest="window", type=_window,
                        default=WINDOW_DEFAULT_S, metavar="S",
                        help="the start window, %d-%d s (default %%(default)s; --timeout is the "
                             "old spelling)" % (WINDOW_MIN, WINDOW_MAX))
    command("run", cmd_run, "start the enabled script now (#EXECSCR)")
    command("reboot", cmd_reboot, "reboot the module (#REBOOT)")
    sync = command("sync", cmd_sync, "upload the files of DIR that differ; activate the script "
                                     "safely")
    sync.add_argument("directory", metavar="DIR")
    _add_file_checks(sync)
    sync.add_argument("--main", metavar="NAME",
                      help="the script to enable (default: the one the module runs, else main.py)")
    sync.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    monitor = command("monitor", cmd_monitor, "show what the script sends on SER (and SER2)")
    monitor.add_argument("--asc1", metavar="PORT", help="the port of ASC1, for SER2 and print")
    monitor.add_argument("--duration", type=finite_number("seconds", positive=True), metavar="SECONDS",
                         help="stop after this long (default: at Ctrl-C)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="telit-deploy", description="Upload scripts to Telit Python modules over a serial "
        "port. Settings: command line, then TELIT_PORT/TELIT_BAUD/TELIT_TIMEOUT, then "
        "[telit-deploy] in --config FILE, ./telit-deploy.ini or ~/.config/telit-deploy.ini.",
        epilog="Exit codes: 0 done, 1 the module answered an error or stored something else, "
               "2 bad input (nothing was changed), 3 the port cannot be opened, 4 nothing "
               "answered, 130 interrupted.")
    _add_connection_options(parser)
    _add_commands(parser.add_subparsers(dest="command", metavar="COMMAND"))
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_console(build_parser(), argv, (DeployError,))
