"""``hostsim matrix``: the onboard agent through protocol x fault x halt point.

Every cell is a whole update (or failed update) of the example application
with the agent, in one scenario built from the cell, plus a power loss at
one point: a phase of the update, or right after the agent's k-th AT command
of its recovery.  A cell passes when the flow ends the way the fault says
and every check of :class:`hostsim.scenario.agentflow.AgentFlow` holds.
"""
from __future__ import annotations

import argparse
import copy
import sys
import time
from dataclasses import dataclass
from typing import Any

from hostsim.core.trace import Event
from hostsim.scenario.agentflow import AgentFlow
from hostsim.scenario.scenario import Scenario

PROTOCOLS = ("sms", "smstcp", "tcp")
FAULTS: dict[str, dict[str, Any]] = {
    "none": {},
    "ftp-error": {"server": {"ftp": {"available": False}}},
    "partial-download": {"server": {"ftp": {"drop_at": 0.5}}},
    "corrupt-delta": {"server": {"deltas": [{"from": "10.00.144", "to": "10.00.145",
                                             "corrupt": True}]}},
    "wrong-version": {"server": {"deltas": [{"from": "10.00.143", "to": "10.00.145"}]}},
    "gprs-error": {"events": [{"at": 40, "do": "world", "set": {"apns": {"internet": False}}}]},
}
PHASE_CUTS = {"downloading": 30, "validating": 40, "updating": 200}
RESTORE_STEPS = 6                 # power loss after the agent's 1st .. 6th recovery command
FAILURE_STEPS = 4
POWER_OFF_S = 10


@dataclass(frozen=True)
class Cell:
    protocol: str
    fault: str
    cut: str                      # "none", a phase, or "restore-<k>"

    @property
    def expected(self) -> str:
        if self.fault != "none" or self.cut == "downloading":
            return "failed"
        return "updated"

    def scenario(self) -> Scenario:
        data: dict[str, Any] = {
            "description": "matrix cell %s / %s / %s" % (self.protocol, self.fault, self.cut),
            "sim": {"pin": "0000"},
            "application": {"protocol": self.protocol},
            "events": [],
            "duration_s": 1100,
        }
        for key, value in copy.deepcopy(FAULTS[self.fault]).items():
            if key == "events":
                data["events"].extend(value)
            else:
                data[key] = value
        if self.protocol == "tcp":
            data["events"].append({"at": 60, "do": "sms", "text": "UPDATE"})
        else:
            data["events"].append({"at": 60, "do": "request_update", "manual": True})
        if self.cut in PHASE_CUTS:
            data["events"].append({"on": "phase:" + self.cut, "after": PHASE_CUTS[self.cut],
                                   "do": "power_loss", "off_for": POWER_OFF_S})
        scenario = Scenario("matrix", data)
        scenario.validate("matrix cell")
        return scenario


def cells() -> list[Cell]:
    found = []
    for protocol in PROTOCOLS:
        for fault in FAULTS:
            cuts = ["none"]
            if fault == "none":
                cuts += list(PHASE_CUTS) + ["restore-%d" % k for k in range(1, RESTORE_STEPS + 1)]
            else:
                cuts += ["restore-%d" % k for k in range(1, FAILURE_STEPS + 1)]
            found += [Cell(protocol, fault, cut) for cut in cuts]
    return found


class _RestoreCut:
    """Cuts the power right after the agent's k-th AT command of its recovery:
    after the update reboot, or after the failure URC."""

    def __init__(self, flow: AgentFlow, step: int):
        self.flow, self.step = flow, step
        self.armed = False
        self.count = 0
        flow.module.trace.subscribe(self.watch)

    def watch(self, event: Event) -> None:
        module = self.flow.module
        if not self.armed and self.count == 0 and (
                (event.kind == "power" and event.text == "firmware update")
                or (event.kind == "urc" and event.source == "MDM"
                    and event.text.endswith("OTA FW Upgrade Failed"))):
            self.armed = True
        elif self.armed and event.kind == "at-in" and event.source == "MDM":
            self.count += 1
            if self.count == self.step:
                self.armed = False
                module.trace.emit("note", "matrix", "power loss after recovery command %d"
                                  % self.step)
                module.clock.call_later(0, module.power_off, "power loss")
                module.clock.call_later(POWER_OFF_S * 1000, module.power_on)


def run_cell(cell: Cell, python: str | None = None) -> list[str]:
    """The problems of one cell (empty: it passes)."""
    flow = AgentFlow(cell.scenario(), python=python)
    if cell.cut.startswith("restore-"):
        _RestoreCut(flow, int(cell.cut.split("-")[1]))
    result = flow.execute()
    problems = list(result.problems)
    if result.outcome != cell.expected:
        problems.insert(0, "ended %s, expected %s" % (result.outcome, cell.expected))
    return problems


def cmd_matrix(args: argparse.Namespace) -> int:
    selected = [c for c in cells() if (args.protocol in (None, c.protocol))
                and (args.fault in (None, c.fault))]
    failed = 0
    start = time.perf_counter()
    print("%-7s %-17s %-12s %-8s %s" % ("proto", "fault", "power loss", "result", "reason"))
    for cell in selected:
        problems = run_cell(cell, args.python)
        failed += bool(problems)
        print("%-7s %-17s %-12s %-8s %s" % (cell.protocol, cell.fault, cell.cut,
                                              "FAIL" if problems else "pass",
                                              "; ".join(problems) or cell.expected))
        sys.stdout.flush()
    print("%d cells, %d passed, %d failed in %.1f s" % (len(selected), len(selected) - failed,
                                                        failed, time.perf_counter() - start))
    return 1 if failed else 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    matrix = subparsers.add_parser(
        "matrix", help="the onboard agent through protocol x fault x power-loss point",
        description="Run the onboard FOTA agent through every protocol x fault x power-loss "
                    "point and print a pass/fail table. Exit 1 when a cell fails.")
    matrix.add_argument("--python", metavar="PATH", help="run the module scripts in this Python")
    matrix.add_argument("--protocol", choices=PROTOCOLS, help="only this protocol")
    matrix.add_argument("--fault", choices=sorted(FAULTS), help="only this fault")
    matrix.set_defaults(handler=cmd_matrix)
    return matrix
