"""Declarative scenarios: the world around a module, and what happens when.

A scenario is a JSON file (the format is documented in docs/fota.md), checked
against the JSON Schema of :mod:`hostsim.scenario.schema` when it is loaded:

* ``module``, ``sim``, ``second_module``: the module(s) and their SIMs (PIN or
  none, IMSI, MSISDN); ``module.tcp_halting``: the reading of the TCP/IP
  protocols' halting rule (:data:`hostsim.fota.module_side.HALTING_READINGS`);
* ``world``: attributes of :class:`hostsim.radio.world.World` (operator,
  coverage, the APNs that activate, ...); ``server``: the PFM server (with
  ``records``: modules it knows in advance);
* ``peers``: services on the network by kind (``echo``, ``lines``: a scripted
  line server, ``http``: an endpoint that records requests, ``smtp``, ``ftp``);
* ``gps``: a fixed position, a track of timed points or a track file (NMEA or
  GPX), for the module's receiver (GPS models) and, with ``ser2``, an external
  receiver that writes NMEA to SER2 (any model);
* ``application``: the scripted external application on ASC0
  (:class:`hostsim.scenario.extapp.AppConfig`), or null when a module script does
  the work;
* ``events``: actions at a virtual time (``"at": seconds``) or after
  something happened (``"on": "phase:updating"``, ``"urc:<text>"`` or
  ``"message:<PFM message>"``, plus ``"after": seconds``): SMS, lines on SER or
  SER2, DTR, GPIO inputs, GPS sky lost or back, world changes (coverage), power
  loss and the PFM server's actions;
* ``duration_s``: how long a run lasts; ``expect``: what a run must show
  (used by the test suite).

Without ``--scenario``, ``hostsim run`` uses :data:`DEFAULT_SCENARIO` (an
everyday world: a SIM without PIN, home network, the ``internet`` APN, an echo
peer; see ``shipped/everyday.json``).
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict

from hostsim.core.errors import HostsimError
from hostsim.core.models import DEFAULT_MODEL, MODELS
from hostsim.core.trace import Event
from hostsim.device.module import DEFAULT_IMEI, OFF, Module
from hostsim.fota.pfm import Delta, DeviceRecord, Fault, PfmError, PfmServer
from hostsim.parts.gps import (
    NMEA_LINE_END,
    GpsReceiver,
    Track,
    TrackError,
    TrackPoint,
    track_from_gpx,
    track_from_nmea,
)
from hostsim.parts.sim import SimCard
from hostsim.radio import peers
from hostsim.radio.httppeer import HttpEndpoint
from hostsim.radio.linepeer import LineRule, LineServer
from hostsim.radio.world import World
from hostsim.scenario import schema
from hostsim.scenario.extapp import AppConfig, ExternalApplication

SCENARIO_DIR = Path(__file__).parent / "shipped"
# The everyday default of ``hostsim run``: a SIM without PIN, because a typical
# application script runs unattended and cannot know a PIN (most deployed SIMs
# have the check disabled; a script that probes AT+CPIN? gets READY and goes on).
DEFAULT_SCENARIO = "everyday"
SECOND_IMEI = "356938035643817"
SECOND_SIM = {"imsi": "222013456789099", "msisdn": "+393339999999"}
DEFAULT_DURATION_S = 900
DEFAULT_SENDER = "+393330000000"
DEFAULT_POWER_OFF_S = 5
EXTERNAL_GPS_STREAM = "external receiver on SER2"
EXTERNAL_GPS_SENTENCES = ("RMC", "GGA")
# Peer kinds served by a service class of hostsim.radio.peers; the scenario makes one
# instance, which keeps what it received (run.peers[name]).
SERVICE_PEERS = {"smtp": peers.SmtpPeer, "ftp": peers.FtpPeer}


class ScenarioError(HostsimError):
    """A scenario file that cannot be used; the message names the place."""


def _reject_constant(name: str) -> float:
    raise ValueError("%s is not a number JSON allows" % name)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("%s is too large a number" % text)
    return value


@dataclass
class Scenario:
    name: str
    data: dict[str, Any]
    base: Path = SCENARIO_DIR        # where relative file names (gps.track_file) are found

    @property
    def description(self) -> str:
        return self.data.get("description", "")

    @property
    def duration_ms(self) -> int:
        return int(self.data.get("duration_s", DEFAULT_DURATION_S) * 1000)

    @property
    def model(self) -> str:
        return self.data.get("module", {}).get("model", DEFAULT_MODEL)

    @classmethod
    def load(cls, name_or_path: str) -> Scenario:
        """A shipped scenario by name, or a JSON file by path; validated."""
        path = Path(name_or_path)
        if not path.exists() and os.sep not in name_or_path and not name_or_path.endswith(".json"):
            path = SCENARIO_DIR / (name_or_path + ".json")
        if not path.is_file():
            raise ScenarioError("no scenario %r (a file, or one of: %s)"
                                % (name_or_path, ", ".join(s.name for s in shipped())))
        where = "scenario %s" % path
        try:
            data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_reject_constant,
                              parse_float=_finite)
        except (OSError, ValueError) as error:
            raise ScenarioError("%s: %s" % (where, error)) from None
        scenario = cls(path.stem, data, path.parent)
        scenario.validate(where)
        return scenario

    def with_model(self, model: str) -> Scenario:
        """The same scenario for another model (``hostsim run --model``)."""
        data = json.loads(json.dumps(self.data))
        data.setdefault("module", {})["model"] = model
        data["module"].pop("firmware", None)
        return Scenario(self.name, data, self.base)

    def validate(self, where: str) -> None:
        """Raise ScenarioError (one line naming the field) unless the scenario can run."""
        try:
            schema.check(self.data)
        except ValueError as error:
            raise ScenarioError("%s: %s" % (where, error)) from None
        data = self.data
        has_b = data.get("second_module") is not None
        for index, event in enumerate(data.get("events", [])):
            names = [event.get("module", "A")] + [event[k] for k in ("from", "to", "target")
                                                   if k in event]
            if not has_b and "B" in names:
                raise ScenarioError("%s: events[%d]: no module B (the scenario has no "
                                    "second_module)" % (where, index))
        gps = data.get("gps", {})
        sources = [key for key in ("fix", "track", "track_file") if key in gps]
        if len(sources) > 1:
            raise ScenarioError("%s: gps: give one of fix, track, track_file (not %s)"
                                % (where, " and ".join(sources)))
        try:
            self.track()
        except TrackError as error:
            raise ScenarioError("%s: gps.track_file: %s" % (where, error)) from None

    def track(self) -> Track:
        """The positions of the scenario's GPS section (an empty track: never a fix)."""
        gps = self.data.get("gps", {})
        if "fix" in gps:
            fix = gps["fix"]
            return Track.fixed(fix["lat"], fix["lon"], fix.get("alt_m", 0),
                               **({"satellites": fix["satellites"]} if "satellites" in fix else {}))
        if "track" in gps:
            return Track([TrackPoint(int(p["t"] * 1000), p.get("lat", 0.0), p.get("lon", 0.0),
                                     p.get("alt_m", 0.0), p.get("fix", True),
                                     **({"satellites": p["satellites"]} if "satellites" in p
                                        else {}))
                          for p in gps["track"]])
        if "track_file" in gps:
            path = self.base / gps["track_file"]
            try:
                text = path.read_text(encoding="latin-1")
            except OSError as error:
                raise TrackError("%s: %s" % (path, error.strerror)) from None
            return track_from_gpx(text) if path.suffix == ".gpx" else track_from_nmea(text)
        return Track()


def shipped() -> list[Scenario]:
    """The named scenarios that come with the project."""
    return [Scenario(path.stem, json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(SCENARIO_DIR.glob("*.json"))]


# -- running ---------------------------------------------------------------------


class ScenarioRun:
    """The world of a scenario, built and with its events scheduled.

    ``module`` (say, loaded from a state directory) becomes module A, keeping its
    own model and SIM; otherwise the scenario builds it.
    """

    def __init__(self, scenario: Scenario, with_application: bool = True,
                 module: Module | None = None):
        data = scenario.data
        self.scenario = scenario
        self.world = module.world if module is not None else World()
        for key, value in data.get("world", {}).items():
            setattr(self.world, key, value)
        server_data = data.get("server", {})
        self.server = PfmServer(self.world, **({"number": server_data["number"]}
                                               if "number" in server_data else {}))
        if "apn" in server_data:
            self.server.apn = server_data["apn"]
        if "csd_number" in server_data:
            self.server.csd_number = server_data["csd_number"]
        module_data = data.get("module", {})
        model = module.spec.name if module is not None else scenario.model
        firmware = module.firmware if module is not None else module_data.get(
            "firmware", MODELS[model].firmware)
        for delta in server_data.get("deltas", [{"from": firmware, "to": _next(firmware)}]):
            self.server.ftp.add(Delta(delta["from"], delta["to"], delta.get("size", 165_000),
                                      delta.get("corrupt", False)))
        for key, value in server_data.get("ftp", {}).items():
            setattr(self.server.ftp, key, value)
        if module is None:
            module = Module(model=model, firmware=firmware,
                            imei=module_data.get("imei", DEFAULT_IMEI),
                            sim=SimCard(**data.get("sim", {})), world=self.world)
        self.modules: dict[str, Module] = {"A": module}
        self.clock = module.clock
        second = data.get("second_module")
        if second is not None:
            self.modules["B"] = Module(model=model, firmware=firmware,
                                       imei=second.get("imei", SECOND_IMEI),
                                       sim=SimCard(**second.get("sim", SECOND_SIM)),
                                       world=self.world, clock=self.clock)
        if "tcp_halting" in module_data:     # else a new module's default, a saved one's own
            for each in self.modules.values():
                each.fota.halting = module_data["tcp_halting"]
        known = {each.imei: each for each in self.modules.values()}
        for record in server_data.get("records", []):
            self.server.preload(DeviceRecord(**record), known.get(record["imei"]))
        self.peers: dict[str, Any] = {}
        for entry in data.get("peers", []):
            factory = _peer_factory(entry)
            self.world.add_peer(entry["host"], entry["port"], factory)
            self.peers[entry.get("name", "%s:%d" % (entry["host"], entry["port"]))] = factory
        self.external_gps: GpsReceiver | None = None
        self._setup_gps(scenario)
        self.apps: dict[str, ExternalApplication] = {}
        app = data.get("application")
        if with_application and app is not None:
            for name, each in self.modules.items():
                config = AppConfig(**app)
                if name == "B":
                    config.pin = each.sim.pin if each.sim else None
                self.apps[name] = ExternalApplication(
                    each, config, self.server.number, self.server.address, self.server.port,
                    self.server.apn)
        self._triggers: list[dict[str, Any]] = []
        for event in data.get("events", []):
            if "on" in event:
                self._triggers.append(dict(event))
            else:
                self.clock.call_at(int(event.get("at", 0) * 1000), self._do, event)
        self.modules["A"].trace.subscribe(self._on_trace)

    def _setup_gps(self, scenario: Scenario) -> None:
        track = scenario.track()
        for module in self.modules.values():
            module.gps.track = track
        ser2 = scenario.data.get("gps", {}).get("ser2")
        if ser2 is None:
            return
        module = self.modules["A"]
        self.external_gps = GpsReceiver(self.clock)
        self.external_gps.track = track

        def to_ser2(sentence: str) -> None:
            if module.state != OFF:
                module.uarts["ASC1"].dte_write(sentence.encode("ascii") + NMEA_LINE_END)

        self.external_gps.start_stream(EXTERNAL_GPS_STREAM,
                                       tuple(ser2.get("sentences", EXTERNAL_GPS_SENTENCES)),
                                       to_ser2)

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
        ACTIONS[event["do"]](self, module, event)


def _next(firmware: str) -> str:
    head, _, build = firmware.rpartition(".")
    return "%s.%0*d" % (head, len(build), int(build) + 1)


Action = Callable[[ScenarioRun, Module, Dict[str, Any]], None]


def _peer_factory(entry: dict[str, Any]) -> Callable[[], peers.Peer]:
    kind = entry["kind"]
    if kind == "echo":
        return peers.EchoPeer
    if kind == "lines":
        return LineServer([LineRule(r["expect"], r.get("send", ""), r.get("close", False))
                           for r in entry.get("rules", [])], entry.get("greeting", ""))
    if kind == "http":
        return HttpEndpoint(entry.get("status", 200), entry.get("body", "OK"))
    return SERVICE_PEERS[kind]()


def _server_operation(what: str, operation: Callable[[ScenarioRun, Module, dict[str, Any]], None]
                      ) -> Action:
    """A scenario event the PFM server carries out; a refusal (an unknown or unreachable
    module) is a note in the timeline, as the server's operator would see it."""
    def action(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
        try:
            operation(run, module, event)
        except PfmError as error:
            module.trace.emit("note", "pfm", "%s refused: %s" % (what, error))
    return action


_request_update = _server_operation("request", lambda run, module, event: run.server.request_update(
    module.imei, manual=event.get("manual", True), test=event.get("test", False),
    apn=event.get("apn", ""), csd=event.get("csd", "")))


def _power_loss(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    module.power_off("power loss")
    run.clock.call_later(int(event.get("off_for", DEFAULT_POWER_OFF_S) * 1000), module.power_on)


def _sim_swap(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    module.insert_sim(SimCard(**{k: v for k, v in event.items() if k in schema.SIM_EVENT_KEYS}))


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
    for key, value in event["set"].items():
        setattr(run.world, key, value)
    run.world.changed()


def _app(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    app = run.apps.get(event.get("module", "A"))
    if app is None:
        module.trace.emit("note", "scenario", "no external application: %s not sent" % event["send"])
    else:
        app.send(event["send"])


def _sms(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    run.world.send_sms(module, event.get("sender", DEFAULT_SENDER), event["text"])


def _serial(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    """Bytes from the device on SER (ASC0) or SER2 (ASC1), as given (end a line with \\r\\n)."""
    uart = module.uarts["ASC0" if event["port"] == "SER" else "ASC1"]
    uart.dte_write(event["text"].encode("latin-1", "replace"))


def _dtr(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    module.uarts["ASC0"].set_dte_line("DTR", event["value"])


def _gpio(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    try:
        module.gpio.drive(event["pin"], event["value"])
    except ValueError as error:
        module.trace.emit("note", "scenario", "gpio not driven: %s" % error)


def _command(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    """An AT command line straight into an interface (a frozen one drops it)."""
    if module.state == OFF:
        module.trace.emit("note", "scenario", "module off: %s not sent" % event["line"])
        return
    module.engine(event.get("interface", "MDM2")).feed(event["line"].encode("latin-1") + b"\r")


def _gps(run: ScenarioRun, module: Module, event: dict[str, Any]) -> None:
    for receiver in [module.gps] + ([run.external_gps] if run.external_gps else []):
        receiver.sky = event["sky"]


ACTIONS: dict[str, Action] = {
    "request_update": _request_update,
    "query": _server_operation("query", lambda run, module, event: run.server.query(module.imei)),
    "provision": _server_operation("provision", lambda run, module, event: run.server.provision(
        module.imei, event.get("apn", ""), event.get("csd", ""))),
    "power_loss": _power_loss,
    "reboot": lambda run, module, event: module.reboot("scenario reboot"),
    "sim_swap": _sim_swap,
    "move_sim": _move_sim,
    "change_pin": _change_pin,
    "force_registration": _force_registration,
    "lose": _fault,
    "delay": _fault,
    "ftp": _ftp,
    "world": _world,
    "app": _app,
    "sms": _sms,
    "serial": _serial,
    "dtr": _dtr,
    "gpio": _gpio,
    "gps": _gps,
    "command": _command,
}
assert set(ACTIONS) == set(schema.ACTION_KEYS), "every action is declared in the schema"
