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

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .paths import onboard_dir
from .runner import Runner, load_files
from .scenario import Scenario, ScenarioRun
from .trace import Event

PIN = "7319"                      # a PIN that appears nowhere else in a run
AGENT_FILES = ("main.py", "fotaagent.py", "atlayer.py", "compat.py", "config.py", "journal.py",
               "report.py")
KEEP = ("+CMEE", "+CNMI", "+CMGF", "#USERID", "+CGCLASS", "#AUTOATT", "+IPR")
PROFILE_KEEP = ("+CMEE", "+CNMI", "+CMGF")
USER_ID = "m2m-user"              # a non-default value the update wipes and the agent restores


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
    problems: List[str]
    outcome: str                          # "updated", "failed" or "no update"
    events: List[Event] = field(repr=False, default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class AgentFlow:
    def __init__(self, scenario: Scenario, python: Optional[str] = None):
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
        self.before: Optional[Dict[str, Any]] = None
        module.trace.subscribe(self._watch)

    def settings_now(self) -> Dict[str, Any]:
        module = self.module
        values = {name: module.settings.get(name) for name in KEEP if name not in PROFILE_KEEP}
        if module.state == "on":
            values.update({name: module.engine("MDM").profile[name] for name in PROFILE_KEEP})
        return values

    def _watch(self, event: Event) -> None:
        if (self.before is None and event.kind == "fota" and event.source == "module"
                and event.text.startswith("received Command")):
            self.before = self.settings_now()

    def execute(self, until_ms: Optional[int] = None) -> FlowResult:
        self.run.power_on()
        try:
            self.runner.run(until_ms if until_ms is not None else self.scenario.duration_ms)
        finally:
            self.runner.close()
        return FlowResult(self.check(), self.outcome(), list(self.module.trace.events))

    def outcome(self) -> str:
        received = [m["kind"] for m in self.run.server.received]
        if "Command Final" in received and self.module.firmware != self._first_firmware():
            return "updated"
        if "Error Report" in received:
            return "failed"
        return "no update"

    def _first_firmware(self) -> str:
        return self.module.trace.select("power")[0].data["firmware"]

    # -- the checks -----------------------------------------------------------

    def check(self) -> List[str]:
        problems: List[str] = []
        module, events = self.module, self.module.trace.events
        outcome = self.outcome()
        if self.before is not None and outcome != "no update":
            now = self.settings_now()
            for name, value in self.before.items():
                if now.get(name) != value:
                    problems.append("setting %s is %r after recovery, was %r" % (
                        name, now.get(name), value))
        asked = len([e for e in events if e.kind == "sim" and e.text == "SIM PIN"])
        sent = len([e for e in events if e.kind == "at-in" and e.text.startswith("AT+CPIN=")])
        if sent != asked:
            problems.append("PIN sent %d times for %d boots that asked for it" % (sent, asked))
        last_boot = [e.t for e in events if e.kind == "power" and e.text == "power on"][-1]
        if not [e for e in events if e.kind == "serial" and e.t > last_boot
                and e.text.startswith("APP REPORT")]:
            problems.append("the application loop did not report after the last boot")
        if self.before is not None and outcome == "no update":
            problems.append("an update was requested but the server was neither notified "
                            "nor told of a failure")
        problems.extend(self._journal_problems())
        text = module.trace.to_jsonl() + module.asc0_output().decode("latin-1")
        for name in module.files.names():
            if name != "pin.cfg":
                text += module.files.read(name).decode("latin-1")
        if PIN in text:
            problems.append("the PIN appears in the trace, on SER or in a file")
        return problems

    def _journal_problems(self) -> List[str]:
        from .testing import Harness
        harness = Harness(self.module.__class__(sim=None), onboard_dirs=[str(onboard_dir())])
        try:
            for stored in self.module.files.files():
                if stored.name.startswith("fotajrn"):
                    harness.module.files.write(stored.name, stored.data)
            state = harness.load("journal").Journal().load()
        finally:
            harness.close()
        if not state:
            return ["the journal has no valid slot"]
        if state.get("phase", "idle") != "idle":
            return ["the journal is left in phase %s" % state.get("phase")]
        return []
