"""Declarative scenarios: what the PFM server and the world do, and when.

A scenario is a JSON file (the format is documented in the README):

* ``module``, ``sim``, ``second_module``: the module(s) and their SIMs;
* ``world``: attributes of :class:`hostsim.radio.world.World` (coverage, APNs,
  ``gprs_timeslots``, ...); ``server``: the PFM server (``apn``, ``deltas``,
  ``ftp``);
* ``application``: the scripted external application on ASC0
  (:class:`hostsim.scenario.extapp.AppConfig`), or null when a module script does
  the work;
* ``events``: actions at a virtual time (``"at": seconds``) or after
  something happened (``"on": "phase:updating"``, ``"urc:<text>"`` or
  ``"message:<PFM message>"``, plus ``"after": seconds``);
* ``duration_s``: how long a run lasts; ``expect``: what a run must show
  (used by the test suite).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable

from hostsim.core.errors import HostsimError
from hostsim.core.models import MODELS
from hostsim.core.trace import Event
from hostsim.device.module import Module
from hostsim.fota.pfm import MESSAGES, Delta, Fault, PfmError, PfmServer
from hostsim.parts.sim import SimCard
from hostsim.radio.world import World
from hostsim.scenario.extapp import AppConfig, ExternalApplication

SCENARIO_DIR = Path(__file__).parent / "shipped"
TOP_KEYS = {"description", "module", "sim", "second_module", "world", "server", "application",
            "events", "duration_s", "expect"}
WORLD_KEYS = {"operator", "operator_name", "rssi", "ber", "coverage", "registration",
              "registration_delay_ms", "gprs", "apns", "gprs_timeslots"}
SIM_KEYS = {f.name for f in fields(SimCard)} - {"messages", "state"}


class ScenarioError(HostsimError):
    """A scenario file that cannot be used; the message names the place."""


def _check_keys(where: str, data: Any, allowed: set) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ScenarioError("%s must be an object" % where)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ScenarioError("%s: unknown key %r (known: %s)" % (where, unknown[0],
                                                               ", ".join(sorted(allowed))))
    return data


@dataclass
class Scenario:
    name: str
    data: dict[str, Any]

    @property
    def description(self) -> str:
        return self.data.get("description", "")

    @property
    def duration_ms(self) -> int:
        return int(self.data.get("duration_s", 900) * 1000)

    @classmethod
    def load(cls, name_or_path: str) -> Scenario:
        """A shipped scenario by name, or a JSON file by path."""
        path = Path(name_or_path)
        if not path.exists() and os.sep not in name_or_path and not name_or_path.endswith(".json"):
            path = SCENARIO_DIR / (name_or_path + ".json")
        if not path.exists():
            raise ScenarioError("no scenario %r (a file, or one of: %s)"
                                % (name_or_path, ", ".join(s.name for s in shipped())))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ScenarioError("%s: %s" % (path, error)) from None
        scenario = cls(path.stem, data)
        scenario.validate(str(path))
        return scenario

    def validate(self, where: str) -> None:
        data = _check_keys(where, self.data, TOP_KEYS)
        module = _check_keys(where + ": module", data.get("module", {}), {"model", "firmware", "imei"})
        if module.get("model", "GL865-DUAL") not in MODELS:
            raise ScenarioError("%s: module.model must be one of %s" % (where, ", ".join(MODELS)))
        _check_keys(where + ": sim", data.get("sim", {}), SIM_KEYS)
        if data.get("second_module") is not None:
            second = _check_keys(where + ": second_module", data["second_module"], {"imei", "sim"})
            _check_keys(where + ": second_module.sim", second.get("sim", {}), SIM_KEYS)
        _check_keys(where + ": world", data.get("world", {}), WORLD_KEYS)
        server = _check_keys(where + ": server", data.get("server", {}),
                             {"apn", "deltas", "ftp", "number"})
        for index, delta in enumerate(server.get("deltas", [])):
            _check_keys("%s: server.deltas[%d]" % (where, index), delta,
                        {"from", "to", "size", "corrupt"})
        _check_keys(where + ": server.ftp", server.get("ftp", {}), {"available", "drop_at"})
        if data.get("application") is not None:
            _check_keys(where + ": application", data["application"],
                        {f.name for f in fields(AppConfig)})
        events = data.get("events", [])
        if not isinstance(events, list):
            raise ScenarioError("%s: events must be a list" % where)
        for index, event in enumerate(events):
            _check_event("%s: events[%d]" % (where, index), event)


def _check_event(where: str, event: Any) -> None:
    if not isinstance(event, dict) or "do" not in event:
        raise ScenarioError("%s must be an object with a \"do\" action" % where)
    action = ACTIONS.get(event["do"])
    if action is None:
        raise ScenarioError("%s: unknown action %r (known: %s)" % (where, event["do"],
                                                                  ", ".join(sorted(ACTIONS))))
    _check_keys(where, event, {"do", "at", "on", "after", "module"} | action.keys)
    if "at" in event and "on" in event:
        raise ScenarioError("%s: give \"at\" or \"on\", not both" % where)
    if "on" in event and event["on"].split(":", 1)[0] not in ("phase", "urc", "message"):
        raise ScenarioError("%s: \"on\" is phase:<phase>, urc:<text> or message:<name>" % where)
    if event.get("message") is not None and event["message"] not in MESSAGES:
        raise ScenarioError("%s: unknown PFM message %r" % (where, event["message"]))


def shipped() -> list[Scenario]:
    """The named scenarios that come with the project."""
    return [Scenario(path.stem, json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(SCENARIO_DIR.glob("*.json"))]


# -- running ---------------------------------------------------------------------


class ScenarioRun:
    """The world of a scenario, built and with its events scheduled."""

    def __init__(self, scenario: Scenario, with_application: bool = True):
        data = scenario.data
        self.scenario = scenario
        self.world = World()
        for key, value in data.get("world", {}).items():
            setattr(self.world, key, value)
        server_data = data.get("server", {})
        self.server = PfmServer(self.world, **({"number": server_data["number"]}
                                               if "number" in server_data else {}))
        if "apn" in server_data:
            self.server.apn = server_data["apn"]
        module_data = data.get("module", {})
        model = module_data.get("model", "GL865-DUAL")
        firmware = module_data.get("firmware", MODELS[model].firmware)
        for delta in server_data.get("deltas", [{"from": firmware, "to": _next(firmware)}]):
            self.server.ftp.add(Delta(delta["from"], delta["to"], delta.get("size", 165_000),
                                      delta.get("corrupt", False)))
        for key, value in server_data.get("ftp", {}).items():
            setattr(self.server.ftp, key, value)
        self.modules: dict[str, Module] = {"A": Module(
            model=model, firmware=firmware, imei=module_data.get("imei", "356938035643809"),
            sim=SimCard(**data.get("sim", {})), world=self.world)}
        self.clock = self.modules["A"].clock
        second = data.get("second_module")
        if second is not None:
            self.modules["B"] = Module(model=model, firmware=firmware,
                                       imei=second.get("imei", "356938035643817"),
                                       sim=SimCard(**second.get("sim", {"imsi": "222013456789099",
                                                                         "msisdn": "+393339999999"})),
                                       world=self.world, clock=self.clock)
        self.apps: dict[str, ExternalApplication] = {}
        app = data.get("application")
        if with_application and app is not None:
            for name, module in self.modules.items():
                config = AppConfig(**app)
                if name == "B":
                    config.pin = module.sim.pin if module.sim else None
                self.apps[name] = ExternalApplication(
                    module, config, self.server.number, self.server.address, self.server.port,
                    self.server.apn)
        self._triggers: list[dict[str, Any]] = []
        for event in data.get("events", []):
            if "on" in event:
                self._triggers.append(dict(event))
            else:
                self.clock.call_at(int(event.get("at", 0) * 1000), self._do, event)
        self.modules["A"].trace.subscribe(self._on_trace)

    def power_on(self) -> None:
        for module in self.modules.values():
            module.power_on()

    def otaev_urcs(self, name: str = "A") -> list[str]:
        """The ``#OTAEV`` texts a module emitted, in order (one per emission, however
        many interfaces it reached)."""
        texts: list[str] = []
        last = None
        for event in self.modules[name].trace.select("urc"):
            if event.text.startswith("#OTAEV: ") and (event.t, event.text) != last:
                texts.append(event.text[len("#OTAEV: "):])
                last = (event.t, event.text)
        return texts

    def check(self) -> list[str]:
        """What differs from the scenario's ``expect`` block (empty: all met)."""
        expect = self.scenario.data.get("expect", {})
        module = self.modules["A"]
        found = {
            "firmware": lambda: module.firmware,
            "urcs": self.otaev_urcs,
            "asc0_urcs": lambda: [e.text[len("#OTAEV: "):] for e in module.trace.select("urc", "ASC0")
                                  if e.text.startswith("#OTAEV: ")],
            "server_received": lambda: [m["kind"] for m in self.server.received],
            "pin_entries": lambda: self.apps["A"].pin_entries if "A" in self.apps else None,
            "registered": lambda: module.fota.registered,
            "records": lambda: {imei: r["msisdn"] for imei, r in self.server.state().items()},
            "refusals": lambda: len([e for e in module.trace.select("note", "pfm")
                                     if e.text.startswith("request refused")]),
        }
        problems = []
        for key, wanted in expect.items():
            if key not in found:
                problems.append("expect: unknown key %r (known: %s)" % (key, ", ".join(found)))
                continue
            got = found[key]()
            if got != wanted:
                problems.append("%s: expected %s, got %s" % (key, json.dumps(wanted),
                                                            json.dumps(got)))
        return problems

    def _on_trace(self, event: Event) -> None:
        for trigger in list(self._triggers):
            kind, _, value = trigger["on"].partition(":")
            hit = ((kind == "phase" and event.kind == "fota" and event.text == "phase " + value)
                   or (kind == "urc" and event.kind == "urc" and event.source == "ASC0"
                       and value in event.text)
                   or (kind == "message" and event.kind == "fota" and event.source == "pfm"
                       and event.data.get("message") == value))
            if hit:
                self._triggers.remove(trigger)
                self.clock.call_later(int(trigger.get("after", 0) * 1000), self._do, trigger)

    def _do(self, event: dict[str, Any]) -> None:
        module = self.modules[event.get("module", "A")]
        module.trace.emit("note", "scenario", "%s %s" % (event["do"], json.dumps(
            {k: v for k, v in event.items() if k not in ("do", "at", "on", "after")},
            sort_keys=True)))
        ACTIONS[event["do"]].run(self, module, event)


def _next(firmware: str) -> str:
    head, _, build = firmware.rpartition(".")
    return "%s.%0*d" % (head, len(build), int(build) + 1)


@dataclass(frozen=True)
class Action:
    keys: frozenset
    run: Callable[[ScenarioRun, Module, dict[str, Any]], None]


def _request_update(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    try:
        run.server.request_update(module.imei, manual=event.get("manual", True),
                                  test=event.get("test", False))
    except PfmError as error:
        module.trace.emit("note", "pfm", "request refused: %s" % error)


def _power_loss(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    module.power_off("power loss")
    run.clock.call_later(int(event.get("off_for", 5) * 1000), module.power_on)


def _sim_swap(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    module.insert_sim(SimCard(**{k: v for k, v in event.items() if k in SIM_KEYS}))


def _move_sim(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    card = run.modules[event["from"]].remove_sim()
    if card is not None:
        run.modules[event["to"]].insert_sim(card)


def _change_pin(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    module.sim.pin = event["pin"]


def _force_registration(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    msisdn = event.get("msisdn") or module.sim.msisdn
    run.server.force_registration(run.modules[event.get("target", "A")], msisdn)


def _fault(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    run.server.faults.append(Fault(event["do"], event.get("message"), event.get("direction"),
                                   event.get("count", 1), int(event.get("ms", 0))))


def _ftp(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    for key in ("available", "drop_at"):
        if key in event:
            setattr(run.server.ftp, key, event[key])


def _world(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    for key, value in event.get("set", {}).items():
        if key not in WORLD_KEYS:
            raise ScenarioError("world: unknown attribute %r" % key)
        setattr(run.world, key, value)
    run.world.changed()


def _app(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    app = run.apps.get(event.get("module", "A"))
    if app is None:
        module.trace.emit("note", "scenario", "no external application: %s not sent" % event["send"])
    else:
        app.send(event["send"])


def _sms(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    run.world.send_sms(module, event.get("sender", "+393330000000"), event["text"])


ACTIONS: dict[str, Action] = {
    "request_update": Action(frozenset({"manual", "test"}), _request_update),
    "query": Action(frozenset(), lambda run, module, event: run.server.query(module.imei)),
    "provision": Action(frozenset({"apn", "csd"}), lambda run, module, event: run.server.provision(
        module.imei, event.get("apn", ""), event.get("csd", ""))),
    "power_loss": Action(frozenset({"off_for"}), _power_loss),
    "reboot": Action(frozenset(), lambda run, module, event: module.reboot("scenario reboot")),
    "sim_swap": Action(frozenset(SIM_KEYS), _sim_swap),
    "move_sim": Action(frozenset({"from", "to"}), _move_sim),
    "change_pin": Action(frozenset({"pin"}), _change_pin),
    "force_registration": Action(frozenset({"msisdn", "target"}), _force_registration),
    "lose": Action(frozenset({"message", "direction", "count"}), _fault),
    "delay": Action(frozenset({"message", "direction", "count", "ms"}), _fault),
    "ftp": Action(frozenset({"available", "drop_at"}), _ftp),
    "world": Action(frozenset({"set"}), _world),
    "app": Action(frozenset({"send"}), _app),
    "sms": Action(frozenset({"sender", "text"}), _sms),
}
