"""``hostsim matrix``: the onboard agent through protocol x reading x fault x halt point.

Every cell is a whole update (or failed update, test, query) of the example
application with the agent, in one scenario built from the cell, plus a
power loss at one point: a phase of the update, or right after the agent's
k-th AT command of its recovery.  The two TCP/IP protocols run under both
readings of their halting rule (``literal``, ``inhibited``: see
:mod:`hostsim.fota.module_side`); the SMS protocol has one rule (``-``).  A
cell passes when the flow ends the way the cell expects and every check of
:class:`hostsim.scenario.agentflow.AgentFlow` holds.

``-j N`` runs the cells in N worker processes; the table comes out in the
order of :func:`cells` whatever the number of workers.
"""
from __future__ import annotations

import argparse
import copy
import multiprocessing
import sys
import time
from dataclasses import dataclass
from typing import Any, Iterator

from hostsim.core.trace import Event
from hostsim.device.module import DEFAULT_IMEI
from hostsim.fota.module_side import HALT_INHIBITED, HALT_LITERAL
from hostsim.parts.sim import SimCard
from hostsim.scenario.agentflow import AgentFlow
from hostsim.scenario.scenario import Scenario

PROTOCOLS = ("sms", "smstcp", "tcp")
TCP_PROTOCOLS = ("smstcp", "tcp")
NO_READING = "-"                  # the SMS protocol's rule is not ambiguous (note 2.1.2)
READINGS = (HALT_LITERAL, HALT_INHIBITED)
PHASE_CUTS = {"downloading": 30, "validating": 40, "updating": 200, "testing": 30}
POWER_OFF_S = 10
REQUEST_AT_S = 60
MID_DOWNLOAD_S = 20               # a fault in the middle of the download: after its start
BACK_AFTER_S = 60                 # ... and the network (or +CFUN=1) back this much later
UNANSWERED_NUMBER = "+390299999999"
NEW_SIM = {"imsi": "222013456789077", "msisdn": "+393337777777", "pin": None}
ALWAYS = 10_000                   # a PFM message lost this many times: every time
UPDATE_CUTS = ["none", "downloading", "validating", "updating"] + [
    "restore-%d" % k for k in range(1, 7)]
FAILURE_CUTS = ["none"] + ["restore-%d" % k for k in range(1, 5)]
MID_DOWNLOAD_CUTS = ["none"] + ["restore-%d" % k for k in range(1, 4)]


def _mid_download(*actions: dict[str, Any]) -> list[dict[str, Any]]:
    """A fault and its end during the download (the first action at +20 s, the
    second 60 s later)."""
    return [dict(action, on="phase:downloading", after=MID_DOWNLOAD_S + BACK_AFTER_S * n)
            for n, action in enumerate(actions)]


@dataclass(frozen=True)
class FaultCase:
    """What a cell changes in the scenario, where it applies, and how it ends."""
    changes: dict[str, Any]
    cuts: tuple[str, ...]
    expected: str = "failed"
    protocols: tuple[str, ...] = PROTOCOLS
    request: dict[str, Any] | None = None        # the server's request, when not the default
    frozen_under_literal: bool = False           # an AT command: dropped while AT is frozen


FAULTS: dict[str, FaultCase] = {
    "none": FaultCase({}, tuple(UPDATE_CUTS), "updated"),
    "ftp-error": FaultCase({"server": {"ftp": {"available": False}}}, tuple(FAILURE_CUTS)),
    "partial-download": FaultCase({"server": {"ftp": {"drop_at": 0.5}}}, tuple(FAILURE_CUTS)),
    "corrupt-delta": FaultCase({"server": {"deltas": [{"from": "10.00.144", "to": "10.00.145",
                                                   "corrupt": True}]}},
                           tuple(FAILURE_CUTS + ["validating"])),
    "wrong-version": FaultCase({"server": {"deltas": [{"from": "10.00.143", "to": "10.00.145"}]}},
                           tuple(FAILURE_CUTS + ["validating"])),
    "gprs-error": FaultCase({"events": [{"at": 40, "do": "world",
                                     "set": {"apns": {"internet": False}}}]},
                        tuple(FAILURE_CUTS)),
    # Note 2.2.3.2: the bearer lost in the middle of the download.
    "coverage-loss": FaultCase({"events": _mid_download(
        {"do": "world", "set": {"coverage": False}}, {"do": "world", "set": {"coverage": True}})},
        tuple(MID_DOWNLOAD_CUTS)),
    "gprs-loss": FaultCase({"events": _mid_download(
        {"do": "world", "set": {"gprs": False}}, {"do": "world", "set": {"gprs": True}})},
        tuple(MID_DOWNLOAD_CUTS)),
    "cfun0": FaultCase({"events": _mid_download({"do": "command", "line": "AT+CFUN=0"},
                                            {"do": "command", "line": "AT+CFUN=1"})},
                   tuple(MID_DOWNLOAD_CUTS), frozen_under_literal=True),
    # The Command's CSD number (2.1.1, 3.2.2): the PFM's data number, or one nobody answers.
    "csd": FaultCase({}, ("none", "downloading", "validating", "updating", "restore-1",
                      "restore-2"), "updated", ("sms", "smstcp"),
                 request={"do": "request_update", "manual": True, "csd": "+390212345678"}),
    "csd-error": FaultCase({}, ("none", "restore-1", "restore-2"), "failed", ("sms", "smstcp"),
                       request={"do": "request_update", "manual": True,
                                "csd": UNANSWERED_NUMBER}),
    # Notes 2.3, 3.3 (no test operation in the TCP/IP protocol) and 2.4, 3.4.
    "test": FaultCase({}, ("none", "testing"), "tested", ("sms", "smstcp"),
                  request={"do": "request_update", "manual": True, "test": True}),
    "query": FaultCase({}, ("none",), "queried", request={"do": "query"}),
    # 2.2.1, 3.2.1, 4.2.1: a new SIM makes the module register again by SMS.
    "sim-change": FaultCase({"events": [{"at": 40, "do": "sim_swap", **NEW_SIM}]},
                        ("none", "updating", "restore-1"), "updated",
                        request={"do": "request_update", "manual": True, "at": 120}),
    # 2.2: the server knows the module in advance; no registration ever acknowledged.
    "preloaded": FaultCase({"server": {"records": [{"imei": DEFAULT_IMEI,
                                                    "msisdn": SimCard().msisdn}]},
                        "events": [{"at": 0, "do": "lose", "message": "Registration Ack",
                                    "direction": "to-module", "count": ALWAYS}]},
                       ("none", "updating"), "updated"),
}


@dataclass(frozen=True)
class Cell:
    protocol: str
    reading: str                  # HALT_LITERAL / HALT_INHIBITED, NO_READING for SMS
    fault: str
    cut: str                      # "none", a phase, or "restore-<k>"

    @property
    def name(self) -> str:
        return "%s-%s-%s-%s" % (self.protocol, self.reading, self.fault, self.cut)

    @property
    def expected(self) -> str:
        fault = FAULTS[self.fault]
        if fault.frozen_under_literal and self.reading == HALT_LITERAL:
            return "updated"      # the command never reached the frozen module
        if self.cut in ("downloading", "testing"):
            return "failed"
        return fault.expected

    def scenario(self) -> Scenario:
        fault = FAULTS[self.fault]
        module = {"tcp_halting": self.reading} if self.reading != NO_READING else {}
        data: dict[str, Any] = {
            "description": "matrix cell %s" % self.name,
            "module": module,
            "sim": {"pin": "0000"},
            "application": {"protocol": self.protocol},
            "events": [],
            "duration_s": 1100,
        }
        for key, value in copy.deepcopy(fault.changes).items():
            if key == "events":
                data["events"].extend(value)
            else:
                data[key] = value
        request = dict(fault.request or {"do": "request_update", "manual": True})
        request.setdefault("at", REQUEST_AT_S)
        if self.protocol == "tcp" and request["do"] == "request_update":
            request = {"at": request["at"], "do": "sms", "text": "UPDATE"}
        data["events"].append(request)
        if self.cut in PHASE_CUTS:
            data["events"].append({"on": "phase:" + self.cut, "after": PHASE_CUTS[self.cut],
                                   "do": "power_loss", "off_for": POWER_OFF_S})
        scenario = Scenario("matrix", data)
        scenario.validate("matrix cell")
        return scenario


def cells() -> list[Cell]:
    found = []
    for protocol in PROTOCOLS:
        readings = READINGS if protocol in TCP_PROTOCOLS else (NO_READING,)
        for reading in readings:
            for name, fault in FAULTS.items():
                if protocol in fault.protocols:
                    found += [Cell(protocol, reading, name, cut) for cut in fault.cuts]
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


def _run_job(job: tuple[Cell, str | None]) -> list[str]:
    return run_cell(*job)


def run_cells(selected: list[Cell], python: str | None = None,
              workers: int = 1) -> Iterator[tuple[Cell, list[str]]]:
    """Each cell with its problems, in the order given, on ``workers`` processes."""
    if workers <= 1:
        for cell in selected:
            yield cell, run_cell(cell, python)
        return
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        jobs = [(cell, python) for cell in selected]
        yield from zip(selected, pool.imap(_run_job, jobs, chunksize=1))


def module_subset() -> list[Cell]:
    """The cells a module interpreter runs (tox's moduleXY environments): every
    fault without a power loss, and every power-loss point without a fault (or
    with the one fault that has it), under each protocol and reading; the
    in-process run covers every cell."""
    plain_cuts = FAULTS["none"].cuts
    return [c for c in cells() if c.cut == "none" or c.fault == "none"
            or c.cut not in plain_cuts]


def select(protocol: str | None = None, fault: str | None = None,
           reading: str | None = None) -> list[Cell]:
    return [c for c in cells() if protocol in (None, c.protocol) and fault in (None, c.fault)
            and reading in (None, c.reading)]


def cmd_matrix(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        print("hostsim matrix: -j takes a number of workers >= 1", file=sys.stderr)
        return 2
    selected = select(args.protocol, args.fault, args.reading)
    failed = 0
    start = time.perf_counter()
    print("%-7s %-9s %-17s %-12s %-8s %s" % ("proto", "reading", "fault", "power loss",
                                             "result", "reason"))
    for cell, problems in run_cells(selected, args.python, args.jobs):
        failed += bool(problems)
        print("%-7s %-9s %-17s %-12s %-8s %s" % (cell.protocol, cell.reading, cell.fault,
                                                 cell.cut, "FAIL" if problems else "pass",
                                                 "; ".join(problems) or cell.expected))
        sys.stdout.flush()
    print("%d cells, %d passed, %d failed in %.1f s" % (len(selected), len(selected) - failed,
                                                        failed, time.perf_counter() - start))
    return 1 if failed else 0


def add_parser(subparsers) -> argparse.ArgumentParser:
    matrix = subparsers.add_parser(
        "matrix", help="the onboard agent through protocol x reading x fault x power-loss point",
        description="Run the onboard FOTA agent through every protocol x halting reading x "
                    "fault x power-loss point and print a pass/fail table. Exit 1 when a "
                    "cell fails.")
    matrix.add_argument("--python", metavar="PATH", help="run the module scripts in this Python")
    matrix.add_argument("--protocol", choices=PROTOCOLS, help="only this protocol")
    matrix.add_argument("--fault", choices=sorted(FAULTS), help="only this fault")
    matrix.add_argument("--reading", choices=READINGS + (NO_READING,),
                        help="only this reading of the TCP/IP halting rule")
    matrix.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="run the cells in N worker processes (default 1)")
    matrix.set_defaults(handler=cmd_matrix)
    return matrix
