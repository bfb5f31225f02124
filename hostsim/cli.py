"""The ``hostsim`` command line: ``hostsim at``, ``hostsim check``."""
from __future__ import annotations

import argparse
import os
import sys

from hostsim.at.engine import AtEngine
from hostsim.core.errors import HostsimError
from hostsim.core.models import DEFAULT_MODEL, MODELS
from hostsim.device import persist
from hostsim.device.module import Module

RESPONSE_TIMEOUT_MS = 180_000   # virtual time a command may take before we give up
ERROR_RESULTS = ("ERROR", "+CME ERROR", "+CMS ERROR", "NO CARRIER", "BUSY", "NO ANSWER")


def _open_module(state: str | None, model: str | None) -> Module:
    if state is None:
        return Module(model=model or DEFAULT_MODEL)
    module = persist.load(state, model=model or DEFAULT_MODEL)
    if model is not None and module.spec.name != model:
        raise HostsimError("state %s holds a %s, not a %s (drop --model or use another --state)"
                           % (state, module.spec.name, model))
    return module


def _send_line(module: Module, engine: AtEngine, line: str, data: bytes | None) -> bytes:
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


def cmd_run(args: argparse.Namespace) -> int:
    from hostsim import diagram
    from hostsim.scenario.scenario import Scenario, ScenarioRun
    from hostsim.script.runner import EXIT_CODES, Runner, load_files
    if args.script is None and args.scenario is None:
        raise HostsimError("give a SCRIPT to run, a --scenario, or both")
    scenario_run = None
    if args.scenario is not None:
        if args.state is not None or args.model is not None:
            raise HostsimError("--scenario builds its own module: drop --state and --model")
        scenario = Scenario.load(args.scenario)
        scenario_run = ScenarioRun(scenario, with_application=args.script is None)
        module = scenario_run.modules["A"]
        until_s = args.until if args.until is not None else scenario.duration_ms / 1000
    else:
        module = _open_module(args.state, args.model)
        until_s = args.until if args.until is not None else 60.0
    if until_s <= 0:
        raise HostsimError("--until must be a positive number of virtual seconds")
    for path in args.diagram:
        try:
            diagram.check_path(path)
        except ValueError as error:
            raise HostsimError(str(error)) from None
    runner = None
    if args.script is not None:
        origins = load_files(module, [args.script] + args.files, args.verbatim)
        module.settings.set("#ESCRIPT", os.path.basename(args.script))
        runner = Runner(module, python=args.python, chunks=args.chunks, seed=args.seed,
                        origins=origins)
    trace_file = None
    if args.trace:
        try:
            trace_file = open(args.trace, "w", encoding="utf-8")
        except OSError as error:
            raise HostsimError("cannot write --trace %s: %s" % (args.trace, error.strerror)) from None
        module.trace.subscribe(lambda event: trace_file.write(event.to_json() + "\n"))
    module.trace.subscribe(lambda event: print(event.render()))
    try:
        if scenario_run is not None:
            scenario_run.power_on()
        else:
            module.power_on()
        if runner is not None:
            outcome = runner.run(int(until_s * 1000), stop_when_ended=scenario_run is None)
        else:
            module.clock.run_until(int(until_s * 1000))
    finally:
        if runner is not None:
            runner.close()
        if trace_file is not None:
            trace_file.close()
    title = " ".join(filter(None, [args.script, args.scenario and "scenario " + args.scenario]))
    for path in args.diagram:
        try:
            diagram.write(module.trace.events, path, title)
        except OSError as error:
            raise HostsimError("cannot write --diagram %s: %s" % (path, error.strerror)) from None
    status = 0
    if runner is not None:
        print("script %s at %.3f s (virtual)" % (outcome, module.clock.now / 1000))
        status = EXIT_CODES[outcome]
    if scenario_run is not None and runner is None:
        problems = scenario_run.check()
        print("scenario %s: %s" % (args.scenario, "; ".join(problems) if problems
                                   else "every expectation met"))
        status = 1 if problems else 0
    if args.state is not None:
        persist.save(module, args.state)
    return status


def cmd_scenarios(args: argparse.Namespace) -> int:
    from hostsim.scenario.scenario import shipped
    for scenario in shipped():
        print("%-26s %s" % (scenario.name, scenario.description))
    return 0


def cmd_commands(args: argparse.Namespace) -> int:
    from hostsim.commands import build_registry
    for command in build_registry():
        forms = [name for name, handler in (("action", command.action), ("read", command.read),
                                            ("set", command.set)) if handler is not None]
        print("%-14s %-18s %s" % (command.name, "/".join(forms), command.doc))
    return 0


def cmd_check(argv: list[str]) -> int:
    from hostsim.dialect.checker import main as check_main
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
    run = sub.add_parser("run", help="run a module script in the emulator and show its timeline",
                         description="Load SCRIPT (and FILES) into an emulated module's store, "
                                     "enable SCRIPT with #ESCRIPT, power on, and print the "
                                     "timeline until the script ends or --until. Exit 0: ended or "
                                     "still running; 1: uncaught exception; 3: never started; "
                                     "4: halted. With --scenario alone: 0 when the scenario's "
                                     "expectations are met, 1 otherwise.")
    run.add_argument("script", metavar="SCRIPT", nargs="?",
                     help="the script to enable (e.g. onboard/main.py)")
    run.add_argument("files", nargs="*", metavar="FILES", help="more files for the module's store")
    run.add_argument("--python", metavar="PATH",
                     help="run the script in this Python (2.7, 3.6, a 1.5 build) instead of in-process")
    run.add_argument("--until", type=float, metavar="SECONDS",
                     help="virtual seconds to run at most (default 60, or the scenario's)")
    run.add_argument("--scenario", metavar="NAME|FILE",
                     help="what the PFM server and the world do (hostsim scenarios lists them); "
                          "without SCRIPT its external application drives ASC0")
    run.add_argument("--diagram", action="append", default=[], metavar="FILE",
                     help="write the run as a sequence diagram: .svg, .html or .mmd (Mermaid)")
    run.add_argument("--state", metavar="DIR", help="state directory (created when missing)")
    run.add_argument("--model", choices=sorted(MODELS), help="model of a new module")
    run.add_argument("--chunks", default="response", choices=("response", "line", "random"),
                     help="how MDM/SER data is cut for receive() (default response)")
    run.add_argument("--seed", type=int, default=0, help="seed for --chunks random")
    run.add_argument("--trace", metavar="FILE", help="also write the events as JSON lines")
    run.add_argument("--verbatim", action="store_true",
                     help="store .py files with their comments and indentation (default: "
                          "compacted, as telit-deploy put stores them)")
    run.set_defaults(handler=cmd_run)
    from hostsim.line.serve import add_parser as add_serve_parser
    add_serve_parser(sub)
    scenarios = sub.add_parser("scenarios", help="list the named scenarios")
    scenarios.set_defaults(handler=cmd_scenarios)
    commands = sub.add_parser("commands", help="list the AT commands the emulator answers")
    commands.set_defaults(handler=cmd_commands)
    sub.add_parser("check", help="check onboard code against the Python 1.5.2 dialect",
                   add_help=False)
    sub.add_parser("matrix", help="the onboard agent through protocol x fault x power-loss point",
                   add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["check"]:
        return cmd_check(argv[1:])
    if argv[:1] == ["matrix"]:
        from hostsim.scenario.matrix import main as matrix_main
        return matrix_main(argv[1:])
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
    except BrokenPipeError:          # output piped into head & co.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
