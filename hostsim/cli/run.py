"""``hostsim run``: a module script, a scenario, or both, on the virtual clock."""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import IO

from hostsim import diagram
from hostsim.cli.common import SECONDS, open_module
from hostsim.core.errors import HostsimError
from hostsim.core.models import DEFAULT_MODEL, MODELS
from hostsim.device import persist
from hostsim.device.module import Module
from hostsim.fota.module_side import HALTING_HELP, HALTING_READINGS
from hostsim.scenario.scenario import DEFAULT_SCENARIO, Scenario, ScenarioRun
from hostsim.script.inprocess import SCRIPT_PROFILES
from hostsim.script.runner import EXIT_CODES, Runner, load_files

DEFAULT_UNTIL_S = 60.0      # virtual seconds a run without a scenario lasts at most
CHUNK_MODES = ("response", "line", "random")


@dataclass
class Setup:
    """What a run works on: the module, the scenario around it (if any), how long."""
    module: Module
    scenario_run: ScenarioRun | None
    until_s: float


def _setup(args: argparse.Namespace) -> Setup:
    if args.script is None and args.scenario is None:
        raise HostsimError("give a SCRIPT to run, a --scenario, or both")
    if args.scenario is None:
        # The everyday default world (scenario.DEFAULT_SCENARIO); a --state module keeps its SIM.
        everyday = Scenario.load(DEFAULT_SCENARIO)
        if args.state is None:
            scenario_run = ScenarioRun(everyday.with_model(args.model or DEFAULT_MODEL),
                                       with_application=False)
        else:
            scenario_run = ScenarioRun(everyday, with_application=False,
                                       module=open_module(args.state, args.model))
        return Setup(scenario_run.modules["A"], scenario_run,
                     args.until if args.until is not None else DEFAULT_UNTIL_S)
    if args.state is not None or args.model is not None or args.tcp_halting is not None:
        raise HostsimError("--scenario builds its own module: drop --state, --model and "
                           "--tcp-halting (the scenario's module.tcp_halting sets the reading)")
    scenario = Scenario.load(args.scenario)
    scenario_run = ScenarioRun(scenario, with_application=args.script is None)
    until_s = args.until if args.until is not None else scenario.duration_ms / 1000
    return Setup(scenario_run.modules["A"], scenario_run, until_s)


def _check_diagram_paths(paths: list[str]) -> None:
    for path in paths:
        try:
            diagram.check_path(path)
        except ValueError as error:
            raise HostsimError(str(error)) from None


def _runner(args: argparse.Namespace, module: Module) -> Runner | None:
    if args.script is None:
        return None
    origins = load_files(module, [args.script] + args.files, args.verbatim)
    module.settings.set("#ESCRIPT", os.path.basename(args.script))
    return Runner(module, python=args.python, chunks=args.chunks, seed=args.seed,
                  origins=origins, profile=args.profile)


def _open_trace(path: str | None, module: Module) -> IO[str] | None:
    if not path:
        return None
    try:
        trace_file = open(path, "w", encoding="utf-8")
    except OSError as error:
        raise HostsimError("cannot write --trace %s: %s" % (path, error.strerror)) from None
    module.trace.subscribe(lambda event: trace_file.write(event.to_json() + "\n"))
    return trace_file


def _write_diagrams(args: argparse.Namespace, module: Module) -> None:
    title = " ".join(filter(None, [args.script, args.scenario and "scenario " + args.scenario]))
    for path in args.diagram:
        try:
            diagram.write(module.trace.events, path, title)
        except OSError as error:
            raise HostsimError("cannot write --diagram %s: %s" % (path, error.strerror)) from None


def cmd_run(args: argparse.Namespace) -> int:
    setup = _setup(args)
    if setup.until_s <= 0:
        raise HostsimError("--until must be a positive number of virtual seconds")
    _check_diagram_paths(args.diagram)
    module = setup.module
    if args.tcp_halting is not None:
        module.fota.halting = args.tcp_halting
    runner = _runner(args, module)
    trace_file = _open_trace(args.trace, module)
    module.trace.subscribe(lambda event: print(event.render()))
    until_ms = int(setup.until_s * 1000)
    try:
        if setup.scenario_run is not None:
            setup.scenario_run.power_on()
        else:
            module.power_on()
        if runner is not None:
            outcome = runner.run(until_ms, stop_when_ended=args.scenario is None)
        else:
            module.clock.run_until(until_ms)
    finally:
        if runner is not None:
            runner.close()
        if trace_file is not None:
            trace_file.close()
    _write_diagrams(args, module)
    status = 0
    if runner is not None:
        print("script %s at %.3f s (virtual)" % (outcome, module.clock.now / 1000))
        status = EXIT_CODES[outcome]
    elif setup.scenario_run is not None:
        problems = setup.scenario_run.check()
        print("scenario %s: %s" % (args.scenario, "; ".join(problems) if problems
                                   else "every expectation met"))
        status = 1 if problems else 0
    if args.state is not None:
        persist.save(module, args.state)
    return status


def add_parser(subparsers) -> argparse.ArgumentParser:
    run = subparsers.add_parser(
        "run", help="run a module script in the emulator and show its timeline",
        description="Load SCRIPT (and FILES) into an emulated module's store, enable SCRIPT "
                    "with #ESCRIPT, power on, and print the timeline until the script ends or "
                    "--until. Exit 0: ended or still running; 1: uncaught exception; 3: never "
                    "started; 4: halted. With --scenario alone: 0 when the scenario's "
                    "expectations are met, 1 otherwise.")
    run.add_argument("script", metavar="SCRIPT", nargs="?",
                     help="the script to enable (e.g. onboard/main.py)")
    run.add_argument("files", nargs="*", metavar="FILES", help="more files for the module's store")
    run.add_argument("--python", metavar="PATH", help="run the script in this Python (2.7, "
                     "3.6, a 1.5 build) instead of in-process")
    run.add_argument("--profile", choices=SCRIPT_PROFILES,
                     help="the interpreter an in-process run reproduces (default: the model's, "
                          "telit152 for the GSM and UMTS modules); python3 runs the script as "
                          "plain Python 3")
    run.add_argument("--until", type=SECONDS, metavar="SECONDS",
                     help="virtual seconds to run at most (default %g, or the scenario's)"
                          % DEFAULT_UNTIL_S)
    run.add_argument("--scenario", metavar="NAME|FILE",
                     help="what the PFM server and the world do (hostsim scenarios lists them); "
                          "without SCRIPT its external application drives ASC0")
    run.add_argument("--diagram", action="append", default=[], metavar="FILE",
                     help="write the run as a sequence diagram: .svg, .html or .mmd (Mermaid)")
    run.add_argument("--state", metavar="DIR", help="state directory (created when missing)")
    run.add_argument("--model", choices=sorted(MODELS), help="model of a new module")
    run.add_argument("--tcp-halting", choices=HALTING_READINGS, help=HALTING_HELP)
    run.add_argument("--chunks", default=CHUNK_MODES[0], choices=CHUNK_MODES,
                     help="how MDM/SER data is cut for receive() (default %(default)s)")
    run.add_argument("--seed", type=int, default=0,
                     help="seed for --chunks random (default %(default)s)")
    run.add_argument("--trace", metavar="FILE", help="also write the events as JSON lines")
    run.add_argument("--verbatim", action="store_true",
                     help="store .py files with their comments and indentation (default: "
                          "compacted, as telit-deploy put stores them)")
    run.set_defaults(handler=cmd_run)
    return run
