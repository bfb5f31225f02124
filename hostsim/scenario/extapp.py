"""A scripted external application on ASC0: what the PFM note asks of the DTE.

It plays the application that drives a module without an onboard agent: it
sets the DTE rate, registers the module with the PFM server for the chosen
protocol, answers update requests through ``#OTASUAN`` after a delay, and
enters the PIN whenever ``+CPIN?`` asks for it (after the update reboot).
Everything goes through the module's ASC0 AT interface, as bytes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hostsim.device.module import Module

POLL_MS = 500
ANSWERS = {"accept": 1, "reject": 0, "delay": 2}


@dataclass
class AppConfig:
    protocol: str = "sms"                   # "sms", "smstcp", "tcp" or "none"
    answer: str = "accept"                  # "accept", "reject", "delay", "none"
    answer_after_s: int = 5                 # "delay" answers 2, then accepts the repeated request
    pin: str | None = None               # entered whenever the SIM asks
    setup: list[str] = field(default_factory=list)   # extra lines after each boot
    register: bool = True                   # send the registration command at the first boot
    boot_delay_s: int = 0                   # silence on ASC0 after each power-on


class ExternalApplication:
    def __init__(self, module: Module, config: AppConfig, server_number: str,
                 server_address: str, server_port: int, apn: str):
        self.module = module
        self.config = config
        self.server = (server_number, server_address, server_port, apn)
        self.transcript = bytearray()          # everything ASC0 sent to the application
        self.pin_entries = 0
        self._queue: list[str] = []
        self._waiting = False
        self._registered_once = False
        self._boot = 0
        module.boot_listeners.append(self._on_boot)
        module.clock.call_later(POLL_MS, self._poll)

    # -- talking to ASC0 ----------------------------------------------------------

    def send(self, line: str) -> None:
        """Queue a command line; one goes out when the previous one got its result."""
        self._queue.append(line)

    def _poll(self) -> None:
        module = self.module
        module.clock.call_later(POLL_MS, self._poll)
        if module.state != "on":
            return
        data = module.asc0_output()
        if data:
            self.transcript += data
            self._react(data.decode("latin-1"))
        if self._waiting and module.engine("ASC0").busy():
            return
        self._waiting = False
        if self._queue and not module.engine("ASC0").frozen:
            line = self._queue.pop(0)
            if line.startswith("AT+CPIN="):
                self.pin_entries += 1
            module.uarts["ASC0"].dte_write(line.encode("latin-1") + b"\r")
            self._waiting = True

    # -- behaviour ------------------------------------------------------------------

    def _on_boot(self, module: Module) -> None:
        self._boot = module.boots
        self._queue = []
        self._waiting = False
        module.clock.call_later(self.config.boot_delay_s * 1000, self._greet, module.boots)
        if self.config.register and not self._registered_once:
            self._registered_once = True
            module.clock.call_later(8_000, self._register)

    def _greet(self, boot: int) -> None:
        if boot == self.module.boots:
            self._queue = ["ATE0", "AT+CMEE=2", "AT+CPIN?"] + list(self.config.setup) + self._queue

    def _register(self) -> None:
        number, address, port, apn = self.server
        protocol = self.config.protocol
        if protocol == "sms":
            self.send('AT#OTASNAP="%s"' % number)
        elif protocol in ("smstcp", "tcp"):
            self.send('AT#OTASNAIPCFG=1,"%s"' % apn)
            self.send('AT#OTASNAIP=%d,"%s"' % (port, address))
            if protocol == "tcp":
                self.send('AT#OTAIPCFG=%d,"%s"' % (port, address))

    def _react(self, text: str) -> None:
        config = self.config
        if "+CPIN: SIM PIN" in text and config.pin is not None:
            self.send("AT+CPIN=%s" % config.pin)
        if "#OTAEV: Do you want to upgrade the firmware?" in text and config.answer in ANSWERS:
            self.module.clock.call_later(config.answer_after_s * 1000, self._answer, self._boot)

    def _answer(self, boot: int) -> None:
        if boot != self.module.boots:
            return
        answer = self.config.answer
        self.send("AT#OTASUAN=%d" % ANSWERS[answer])
        if answer == "delay":
            self.config.answer = "accept"
