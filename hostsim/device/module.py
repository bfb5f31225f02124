"""One emulated Telit module: its parts wired together, and its power states.

The parts are separate objects with narrow interfaces: the clock and trace,
the declared settings, the SIM card, the flat file store, the radio (network
registration, SMS, GPRS, sockets) and one AT engine per AT interface.
"""
from __future__ import annotations

from typing import Any, Callable

from hostsim.at.engine import AtEngine, Context
from hostsim.commands import attach, build_registry
from hostsim.core.clock import Clock
from hostsim.core.errors import (
    SIM_FAILURE,
    SIM_NOT_INSERTED,
    SIM_PIN_REQUIRED,
    SIM_PUK_REQUIRED,
    CmeError,
)
from hostsim.core.models import DEFAULT_MODEL, MODELS, ModelSpec
from hostsim.core.settings import Settings
from hostsim.core.trace import Trace
from hostsim.core.uart import Toggling, Uart
from hostsim.fota.module_side import Fota
from hostsim.parts.filestore import FileStore
from hostsim.parts.gpio import Gpio
from hostsim.parts.gps import GpsReceiver
from hostsim.parts.sim import BLOCKED, READY, SIM_PIN, SIM_PUK, SimCard
from hostsim.radio.network import Radio, World

DEFAULT_IMEI = "356938035643809"
OFF, ON = "off", "on"
NEW_SIM = object()   # default: a fresh SimCard(); pass sim=None for a module without SIM

Gate = Callable[[Context, str], None]


class Module:
    """An emulated module.  Create it, then :meth:`power_on`."""

    def __init__(self, model: str = DEFAULT_MODEL, firmware: str | None = None,
                 imei: str = DEFAULT_IMEI, sim: Any = NEW_SIM,
                 world: World | None = None, clock: Clock | None = None,
                 trace: Trace | None = None):
        if model not in MODELS:
            raise ValueError("unknown model %r; known: %s" % (model, ", ".join(sorted(MODELS))))
        self.spec: ModelSpec = MODELS[model]
        self.firmware = firmware or self.spec.firmware
        self.imei = imei
        self.clock = clock or Clock()
        self.trace = trace or Trace(lambda: self.clock.now)
        self.settings = Settings(on_change=self._setting_changed)
        self.files = FileStore(self.spec.script_space, on_change=self._file_changed)
        self.sim: SimCard | None = SimCard() if sim is NEW_SIM else sim
        self.world = world or World()
        self.radio = Radio(self)
        self.registry = build_registry()
        self.engines: dict[str, AtEngine] = {}
        self.uarts = {"ASC0": Uart("ASC0"), "ASC1": Uart("ASC1")}
        self.gpio = Gpio(lambda: self.clock.now)
        self.gps = GpsReceiver(self.clock)
        self.i2c_devices: dict[int, Callable[[bytes, int], bytes]] = {}
        self.spi_devices: dict[tuple, Callable[[int], int]] = {}
        # Hardware lines forced by the firmware (FOTA: DCD toggling, DSR low).
        self.line_overrides: dict[str, int | Toggling] = {}
        self.command_gates: list[Gate] = []          # may raise AtError to refuse a command
        self.boot_listeners: list[Callable[[Module], None]] = []
        attach(self)                                 # the command families' power-on hooks
        self.command_listeners: list[Callable[[AtEngine], None]] = []
        self.power_off_listeners: list[Callable[[Module], None]] = []
        self.halt_listeners: list[Callable[[str], None]] = []
        # Parts with to_json()/load_json() saved in the state directory (FOTA state, ...).
        self.persistent_parts: dict[str, Any] = {}
        self.state = OFF
        self.boots = 0
        self.interpreter_halted = False      # set by halt_script, cleared at power-on
        self.restart_listeners: list[Callable[[str], None]] = []
        self.fota = Fota(self)
        self.persistent_parts["fota"] = self.fota
        self.persistent_parts["gps"] = self.gps

    # -- trace hooks -------------------------------------------------------

    def _setting_changed(self, source: str, name: str, value: Any) -> None:
        self.trace.emit("setting", source, "%s=%s" % (name, value), name=name, value=value)

    def _file_changed(self, op: str, name: str, size: int) -> None:
        self.trace.emit("file", "fs", "%s %s" % (op, name), op=op, name=name, size=size)

    # -- power -------------------------------------------------------------

    def power_on(self) -> None:
        if self.state == ON:
            return
        self.state = ON
        self.boots += 1
        self.trace.emit("power", "module", "power on", boot=self.boots, firmware=self.firmware)
        self.settings.power_on()
        self.engines = {name: AtEngine(self, name, self.registry) for name in self.spec.interfaces}
        asc0 = self.uarts["ASC0"]
        asc0.at_input = self.engines["ASC0"].feed
        asc0.script_owned = False
        del asc0.to_module[:]
        if self.sim is not None:
            self.sim.power_on()
            self.trace.emit("sim", "sim", self.sim.state)
        self.radio.power_on()
        self.gps.power_on()
        self.interpreter_halted = False
        self.fota.power_on()
        if self.sim is not None and self.sim.state == READY:
            self.fota.sim_ready()
        for listener in list(self.boot_listeners):
            listener(self)

    def power_off(self, reason: str = "power loss") -> None:
        """Power goes away at once: volatile state is lost, NVM and files stay."""
        if self.state == OFF:
            return
        self.trace.emit("power", "module", reason)
        for listener in list(self.power_off_listeners):
            listener(self)
        self.fota.power_off()
        self.radio.power_off()
        self.gps.power_off()
        for engine in self.engines.values():
            engine.freeze()
        self.state = OFF

    def reboot(self, reason: str = "reboot") -> None:
        self.power_off(reason)
        self.power_on()

    def halt_script(self, reason: str = "halted") -> None:
        """Halt the Python interpreter (FOTA validation and updating)."""
        self.interpreter_halted = True
        for listener in list(self.halt_listeners):
            listener(reason)

    def restart_script(self, reason: str) -> None:
        """Let the interpreter run again after a halt that did not end in a reboot."""
        self.interpreter_halted = False
        for listener in list(self.restart_listeners):
            listener(reason)

    # -- interfaces --------------------------------------------------------

    def engine(self, name: str) -> AtEngine:
        try:
            return self.engines[name]
        except KeyError:
            raise ValueError("no AT interface %r (module is %s)" % (name, self.state)) from None

    def asc0_output(self) -> bytes:
        """What the external application receives on ASC0: AT answers while the
        parser has the port, SER output while a script owns it."""
        at_output = self.engines["ASC0"].read_output() if "ASC0" in self.engines else b""
        if self.uarts["ASC0"].script_owned:
            at_output = b""          # the detached parser's output reaches no one
        return at_output + self.uarts["ASC0"].dte_read()

    def attached_engines(self) -> list[AtEngine]:
        """The AT interfaces something listens to: ASC0's parser is detached while a
        script owns the port (start modes 0 and 1)."""
        return [engine for name, engine in self.engines.items()
                if not (name == "ASC0" and self.uarts["ASC0"].script_owned)]

    def line_state(self, port: str, line: str) -> int:
        """A hardware line as a script's shim reads it (``MDM.getDCD()``, ``SER.getDTR()``)."""
        if line in self.line_overrides:
            level = self.line_overrides[line]
            return level.level(self.clock.now) if isinstance(level, Toggling) else level
        if port == "SER":
            return self.uarts["ASC0"].lines[line]
        engine = self.engine(port)
        defaults = {"DCD": int(engine.mode == engine.ONLINE), "CTS": 1, "DSR": 1, "RI": 0}
        if line not in defaults:
            raise ValueError("%s has no line %s" % (port, line))
        return defaults[line]

    def command_seen(self, engine: AtEngine) -> None:
        for listener in list(self.command_listeners):
            listener(engine)

    def broadcast_urc(self, text: str, wants: Callable[[AtEngine], bool] | None = None) -> None:
        """Send a URC to every interface (or those for which ``wants(engine)``)."""
        for engine in self.engines.values():
            if wants is None or wants(engine):
                engine.urc(text)

    # -- SIM ---------------------------------------------------------------

    def require_sim(self) -> None:
        """Raise the +CME ERROR a command gets while the SIM is not ready."""
        if self.sim is None:
            raise CmeError(SIM_NOT_INSERTED)
        state = self.sim.state
        if state == READY:
            return
        raise CmeError({SIM_PIN: SIM_PIN_REQUIRED, SIM_PUK: SIM_PUK_REQUIRED, BLOCKED: SIM_FAILURE}[state])

    def sim_ready(self) -> None:
        """The SIM just became ready (PIN accepted, or no PIN at power-on)."""
        self.trace.emit("sim", "sim", READY)
        self.radio.sim_ready()
        self.fota.sim_ready()

    def insert_sim(self, card: SimCard) -> None:
        """Put a card in (while on, the module sees it as at power-on)."""
        self.remove_sim()
        self.sim = card
        self.trace.emit("sim", "sim", "inserted", imsi=card.imsi)
        if self.state == ON:
            card.power_on()
            self.trace.emit("sim", "sim", card.state)
            if card.state == READY:
                self.sim_ready()

    def remove_sim(self) -> SimCard | None:
        card, self.sim = self.sim, None
        if card is not None:
            self.trace.emit("sim", "sim", "removed", imsi=card.imsi)
            if self.state == ON:
                self.radio.sim_removed()
        return card
