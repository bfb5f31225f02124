"""The onboard FOTA agent and the example application through whole updates.

:class:`AgentFlow` loads ``onboard/`` (agent, example application, a
configuration for the scenario's protocol, a hidden PIN file) into module A
of a scenario, runs it with the script runner, and checks what every flow
must show after recovery: the snapshotted settings equal their values
before the update (the section 8.1 settings included, each set to a value
that is not its default first, and each in the agent's snapshot), the PIN
was sent exactly once per boot that asked for it,
the application loop runs again, the server was notified or the failure
reported, the journal is consistent, and the PIN appears nowhere.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any

from hostsim.core.paths import onboard_dir
from hostsim.core.settings import KEPT_OVER_UPDATE
from hostsim.core.trace import Event
from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.scenario.scenario import Scenario, ScenarioRun
from hostsim.script.runner import Runner, load_files

PIN = "73190586"                  # a PIN that appears nowhere else in a run
AGENT_FILES = ("main.py", "fotaagent.py", "atlayer.py", "compat.py", "config.py", "journal.py",
               "report.py")
KEEP = ("+CMEE", "+CNMI", "+CMGF", "#USERID", "+CGCLASS", "#AUTOATT", "+IPR")
PROFILE_KEEP = ("+CMEE", "+CNMI", "+CMGF")
USER_ID = "m2m-user"              # a non-default value the update wipes and the agent restores
# Section 8.1 of the PFM note: a value that is not the default for each setting the
# model has (#SKTSAV and #SKTRST are actions: #SCFG and #SCFGEXT hold what they save).
NOTE_81_VALUES = (
    "AT#BND=3", "AT#AUTOBND=1", "AT#ENS=1", "AT#SMSMODE=1", "AT#COPSMODE=1", "AT#ENHSIM=1",
    "AT#CMUXSCR=1,9600", "AT#SMSATRUNCFG=2,1,5", 'AT#SMSATWL=0,1,0,"+393331234567"',
    'AT#TCPATRUNCFG=1,2,1025,1024,"",1,5,0,0,5', 'AT#TCPATRUNFRWL=1,"10.0.0.1","255.255.255.0"',
    'AT#TCPATRUNAUTH=0,1,"user","secret"', 'AT+CGDCONT=2,"IP","m2m.example"',
    'AT#GSMCONT=0,"GSM","+390212345678"', 'AT#DNS=1,"10.0.0.53","10.0.0.54"',
    "AT#SGACTCFG=1,3,180,0", "AT#SCFG=2,1,512,90,600,50", "AT#SCFGEXT=2,1,0,0,0,0")
NOTE_81_ACTIONS = ("#SKTSAV", "#SKTRST")
NOTE_81 = tuple(sorted(KEPT_OVER_UPDATE - set(NOTE_81_ACTIONS)))
AUTOMATIC_SELECTION = 0           # +COPS mode 0
SETUP_MS = 100                    # virtual time for one setup command on the scratch module
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
        set_by_commands(module, NOTE_81_VALUES)
        self.runner = Runner(module, python=python, origins=origins)
        self.before: dict[str, Any] | None = None
        module.trace.subscribe(self._watch)

    def settings_now(self) -> dict[str, Any]:
        module = self.module
        values = {name: module.settings.get(name) for name in KEEP + NOTE_81
                  if name not in PROFILE_KEEP}
        if module.state == "on":
            values.update({name: module.engine("MDM").profile[name] for name in PROFILE_KEEP})
        if values["+COPS"][0] == AUTOMATIC_SELECTION:
            values["+COPS"] = values["+COPS"][:1]     # the operator means nothing in mode 0
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
        or by the agent on SER), "tested" (a test operation's Command Final),
        "queried" (the server got a Query Answer), or "no update"."""
        received = self.run.server.received
        kinds = [m["kind"] for m in received]
        if "Command Final" in kinds and self.module.firmware != self._first_firmware():
            return "updated"
        agent_lines = [e.text for e in self.module.trace.select("serial", "SER")]
        if "Error Report" in kinds or any(line.startswith("FOTA FAILED")
                                          for line in agent_lines):
            return "failed"
        if any(m["kind"] == "Command Final" and m.get("result") == "test" for m in received):
            return "tested"
        if "Query Answer" in kinds:
            return "queried"
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
        snapshots = [line.split()[2].split(",") for line in agent_lines
                     if line.startswith("FOTA SNAPSHOT ")]
        handled = bool(snapshots)
        for names in snapshots:
            missing = [name for name in NOTE_81 if name not in names]
            if missing:
                problems.append("the snapshot lacks the section 8.1 settings %s"
                                % ",".join(missing))
        stopped = any(line.startswith("FOTA STOPPED") for line in agent_lines)
        received = [m["kind"] for m in self.run.server.received]
        if handled and outcome == "no update" and "Command Final" not in received and not stopped:
            problems.append("the agent took an update request but the server was neither "
                            "notified nor told of a failure")
        problems.extend(self._journal_problems())
        texts = [e.text for e in events] + [json.dumps([e.data for e in events])]
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


def set_by_commands(module: Module, lines: tuple[str, ...]) -> None:
    """Give ``module`` the NVM values these AT lines give a scratch module of its
    model and firmware (the flow's module is off until the flow starts)."""
    for name, value in _values_set_by(module.spec.name, module.firmware, lines):
        module.settings.set(name, value)


@functools.lru_cache(maxsize=None)
def _values_set_by(model: str, firmware: str,
                   lines: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
    """(name, value) of the settings ``lines`` set on a scratch module: the same
    for every flow of one model and firmware (``Settings.set`` copies a value)."""
    scratch = Module(model=model, firmware=firmware, sim=SimCard(pin=None))
    scratch.power_on()
    engine = scratch.engine("ASC0")
    for line in lines:
        engine.feed(line.encode("ascii") + b"\r")
        scratch.clock.advance(SETUP_MS)
        answer = engine.read_output()
        if not answer.endswith(b"OK\r\n"):
            raise ValueError("%s on %s: %r" % (line, model, answer))
    names = [line[2:].split("=")[0] for line in lines]
    return tuple((name, scratch.settings.get(name)) for name in names)
