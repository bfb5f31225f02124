"""The onboard FOTA agent and the example application through whole updates.

:class:`AgentFlow` loads ``onboard/`` (agent, example application, a
configuration for the scenario's protocol, a hidden PIN file) into module A
of a scenario, runs it with the script runner, and checks what every flow
must show after recovery: the snapshotted settings equal their values
before the update, the PIN was sent exactly once per boot that asked for it,
the application loop runs again, the server was notified or the failure
reported, the journal is consistent, and the PIN appears nowhere.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from hostsim.core.paths import onboard_dir
from hostsim.core.trace import Event
from hostsim.scenario.scenario import Scenario, ScenarioRun
from hostsim.script.runner import Runner, load_files

PIN = "73190586"                  # a PIN that appears nowhere else in a run
AGENT_FILES = ("main.py", "fotaagent.py", "atlayer.py", "compat.py", "config.py", "journal.py",
               "report.py")
KEEP = ("+CMEE", "+CNMI", "+CMGF", "#USERID", "+CGCLASS", "#AUTOATT", "+IPR")
PROFILE_KEEP = ("+CMEE", "+CNMI", "+CMGF")
USER_ID = "m2m-user"              # a non-default value the update wipes and the agent restores
FLOW_MS = 1_100_000               # long enough for a request at 60 s, a whole update and recovery


def fota_config(protocol: str, run: ScenarioRun) -> str:
    server = run.server
    return "\n".join([
        "protocol = %s" % protocol,
        "server_number = %s" % server.number,
        "server_ip = %s" % server.address,
        "server_port = %d" % server.port,
        "apn = %s" % (server.apn or "internet"),
        "keep = %s" % ",".join(k for k in KEEP if k != "+IPR"),
        "ipr = 115200",
        "watchdog = 120",
        "",
    ])


@dataclass
class FlowResult:
    problems: list[str]
    outcome: str                          # "updated", "failed" or "no update"
    events: list[Event] = field(repr=False, default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class AgentFlow:
    def __init__(self, scenario: Scenario, python: str | None = None):
        self.scenario = scenario
        self.run = ScenarioRun(scenario, with_application=False)
        module = self.module = self.run.modules["A"]
        app = scenario.data.get("application") or {}
        self.protocol = app.get("protocol", "sms")
        if module.sim is not None and module.sim.pin is not None:
            module.sim.pin = PIN
        folder = onboard_dir()
        origins = load_files(module, [str(folder / name) for name in AGENT_FILES])
        module.files.write("fota.cfg", fota_config(self.protocol, self.run).encode("ascii"))
        if module.sim is not None and module.sim.pin is not None:
            module.files.write("pin.cfg", ("pin=%s\r\n" % PIN).encode("ascii"), hidden=True)
        module.settings.set("#ESCRIPT", "main.py")
        module.settings.set("#USERID", USER_ID)
        self.runner = Runner(module, python=python, origins=origins)
        self.before: dict[str, Any] | None = None
        module.trace.subscribe(self._watch)

    def settings_now(self) -> dict[str, Any]:
        module = self.module
        values = {name: module.settings.get(name) for name in KEEP if name not in PROFILE_KEEP}
        if module.state == "on":
            values.update({name: module.engine("MDM").profile[name] for name in PROFILE_KEEP})
        return values

    def _watch(self, event: Event) -> None:
        """The settings just before the scenario asks for the update."""
        if (self.before is None and event.kind == "note" and event.source == "scenario"
                and event.text.startswith(("request_update", "sms "))):
            self.before = self.settings_now()

    def execute(self, until_ms: int | None = None) -> FlowResult:
        """Run the flow (by default the scenario's duration, at least :data:`FLOW_MS`)."""
        self.run.power_on()
        if until_ms is None:
            until_ms = max(self.scenario.duration_ms, FLOW_MS)
        try:
            self.runner.run(until_ms)
        finally:
            self.runner.close()
        events = list(self.module.trace.events)
        return FlowResult(self.check(), self.outcome(), events)

    def outcome(self) -> str:
        """"updated" (and the server notified), "failed" (reported to the server
        or by the agent on SER), or "no update"."""
        received = [m["kind"] for m in self.run.server.received]
        if "Command Final" in received and self.module.firmware != self._first_firmware():
            return "updated"
        agent_lines = [e.text for e in self.module.trace.select("serial", "SER")]
        if "Error Report" in received or any(line.startswith("FOTA FAILED")
                                             for line in agent_lines):
            return "failed"
        return "no update"

    def _first_firmware(self) -> str:
        return self.module.trace.select("power")[0].data["firmware"]

    # -- the checks -----------------------------------------------------------

    def check(self) -> list[str]:
        problems: list[str] = []
        module, events = self.module, self.module.trace.events
        outcome = self.outcome()
        if self.before is not None and outcome != "no update":
            now = self.settings_now()
            for name, value in self.before.items():
                if now.get(name) != value:
                    problems.append("setting %s is %r after recovery, was %r" % (
                        name, now.get(name), value))
        problems.extend(self._pin_problems(events))
        last_boot = [e.t for e in events if e.kind == "power" and e.text == "power on"][-1]
        if not [e for e in events if e.kind == "serial" and e.t > last_boot
                and e.text.startswith("APP REPORT")]:
            problems.append("the application loop did not report after the last boot")
        agent_lines = [e.text for e in events if e.kind == "serial" and e.source == "SER"]
        handled = any(line.startswith("FOTA SNAPSHOT") for line in agent_lines)
        stopped = any(line.startswith("FOTA STOPPED") for line in agent_lines)
        received = [m["kind"] for m in self.run.server.received]
        if handled and outcome == "no update" and "Command Final" not in received and not stopped:
            problems.append("the agent took an update request but the server was neither "
                            "notified nor told of a failure")
        problems.extend(self._journal_problems())
        texts = [e.text + json.dumps(e.data) for e in events]
        texts.append(module.asc0_output().decode("latin-1"))
        texts += [module.files.read(n).decode("latin-1") for n in module.files.names()
                  if n != "pin.cfg"]
        if any(PIN in text for text in texts):
            problems.append("the PIN appears in the trace, on SER or in a file")
        return problems

    @staticmethod
    def _pin_problems(events: list[Event]) -> list[str]:
        """At most one PIN entry per boot, and exactly one in the last boot whose
        SIM asked while the script ran (none at all without a PIN)."""
        boots: list[dict[str, int]] = []
        for event in events:
            if event.kind == "power" and event.text == "power on":
                boots.append({"asked": 0, "ran": 0, "sent": 0})
            elif boots and event.kind == "sim" and event.text == "SIM PIN":
                boots[-1]["asked"] = 1
            elif boots and event.kind == "script" and event.text.startswith("start "):
                boots[-1]["ran"] = 1
            elif boots and event.kind == "at-in" and event.text.startswith("AT+CPIN="):
                boots[-1]["sent"] += 1
        problems = ["PIN sent %d times in boot %d" % (b["sent"], n + 1)
                    for n, b in enumerate(boots) if b["sent"] > b["asked"]]
        asking = [b for b in boots if b["asked"] and b["ran"]]
        if asking and asking[-1]["sent"] != 1:
            problems.append("the PIN was not entered in the last boot that asked for it")
        return problems

    def _journal_problems(self) -> list[str]:
        from hostsim.testing import Harness
        harness = Harness(self.module, onboard_dirs=[str(onboard_dir())])
        try:
            state = harness.load("journal").Journal().load()
        finally:
            harness.close()
        if not state:
            return ["the journal has no valid slot"]
        if state.get("phase", "idle") != "idle":
            return ["the journal is left in phase %s" % state.get("phase")]
        return []
