"""SMS: the message, the network's SMS centre, and the module's SMS layer.

Dates come from the virtual clock on a fixed base (:data:`BASE_DATE` at
t=0), so runs are deterministic.  Text mode only: 8-bit and UCS2 messages
are shown as hex, as a Telit module does in text mode with ``+CSCS="IRA"``.

Memory full: when the SIM has no free slot, the module answers the network
with RP-ERROR "memory capacity exceeded" (what ``+CMS ERROR: 322`` names)
and gives the DTE nothing; the SMS centre keeps the message and delivers it
again once the module frees a slot (``+CMGD``) or registers again.
"""
from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any, Callable

from hostsim.core.clock import EPOCH_UTC

if TYPE_CHECKING:  # pragma: no cover
    from hostsim.device.module import Module
    from hostsim.radio.network import Radio

SMS_SEND_MS = 1_500         # +CMGS: text accepted -> +CMGS: <mr>
SMS_DELIVERY_MS = 1_000     # SMS centre -> module
BASE_DATE = EPOCH_UTC      # virtual t=0
CODINGS = {"7bit": 0x00, "8bit": 0x04, "ucs2": 0x08}      # TP-DCS alphabet bits

SmsHandler = Callable[["Sms", "Module"], None]
SmsFilter = Callable[["Sms"], bool]


def scts(ms: int) -> str:
    """Service centre time stamp of virtual time ``ms``: ``26/01/01,00:00:05+00``."""
    moment = BASE_DATE + datetime.timedelta(milliseconds=ms)
    return moment.strftime("%y/%m/%d,%H:%M:%S") + "+00"


def type_of_number(number: str) -> int:
    return 145 if number.startswith("+") else 129


@dataclass(frozen=True)
class Sms:
    sender: str
    recipient: str
    text: str
    klass: int | None = None         # message class 0..3, None: no class
    coding: str = "7bit"                # "7bit", "8bit" or "ucs2"
    timestamp: str = ""                 # scts, set by the SMS centre
    reference: int | None = None     # TP-MR of an SMS sent by a module

    def __post_init__(self) -> None:
        if self.coding not in CODINGS:
            raise ValueError("coding must be one of %s, got %r" % (", ".join(CODINGS), self.coding))
        if self.klass not in (None, 0, 1, 2, 3):
            raise ValueError("class must be None or 0..3, got %r" % (self.klass,))

    @property
    def dcs(self) -> int:
        """TP-DCS: the alphabet, plus the class bits when there is a class."""
        return CODINGS[self.coding] | (0x10 | self.klass if self.klass is not None else 0)

    @property
    def shown(self) -> str:
        """The text as text mode shows it: 7-bit as is, 8-bit and UCS2 as hex."""
        if self.coding == "8bit":
            return self.text.encode("latin-1", "replace").hex().upper()
        if self.coding == "ucs2":
            return self.text.encode("utf-16-be").hex().upper()
        return self.text

    def data(self) -> dict[str, Any]:
        """Trace data (the text as ``body``: ``text`` is the event's own)."""
        data = asdict(self)
        data["body"] = data.pop("text")
        return data


class SmsCentre:
    """The network side: routes SMS sent by modules, delivers SMS to modules.

    A message that a module cannot take (not registered, memory full) waits
    here and is delivered again when :meth:`retry` is called for it.
    """

    def __init__(self, address: str):
        self.address = address
        self.sent: list[Sms] = []               # sent by modules to numbers nobody handles
        self._handlers: dict[str, SmsHandler] = {}
        self._waiting: dict[Module, list[Sms]] = {}

    def on_sms(self, number: str, handler: SmsHandler) -> None:
        """``handler(sms, module)`` gets every SMS a module sends to ``number``."""
        self._handlers[number] = handler

    def submit(self, module: Module, sms: Sms) -> None:
        handler = self._handlers.get(sms.recipient)
        if handler is None:
            self.sent.append(sms)
        else:
            handler(sms, module)

    def send(self, module: Module, sms: Sms) -> Sms:
        """Deliver ``sms`` to ``module`` after :data:`SMS_DELIVERY_MS`; time-stamped now."""
        sms = replace(sms, recipient=sms.recipient or (module.sim.msisdn if module.sim else ""),
                      timestamp=sms.timestamp or scts(module.clock.now))
        module.clock.call_later(SMS_DELIVERY_MS, self._deliver, module, sms)
        return sms

    def _deliver(self, module: Module, sms: Sms) -> None:
        if not module.radio.receive_sms(sms):
            self._waiting.setdefault(module, []).append(sms)

    def waiting(self, module: Module) -> list[Sms]:
        return list(self._waiting.get(module, []))

    def retry(self, module: Module) -> None:
        """Deliver again what waits for ``module`` (it registered or freed memory)."""
        for sms in self._waiting.pop(module, []):
            module.clock.call_later(SMS_DELIVERY_MS, self._deliver, module, sms)


class SmsLayer:
    """The module side: filters, routing per ``+CNMI``, storage, submission.

    Indications for an interface whose ``+CNMI`` mode is 0 are held and
    flushed (or discarded) when that interface sets a mode of 1..3.
    """

    def __init__(self, radio: Radio):
        self.radio = radio
        self.filters: list[SmsFilter] = []      # firmware behaviour: kept over power cycles
        self.reset()

    def reset(self) -> None:
        self._reference = 0
        self._held: dict[str, list[str]] = {}

    def take_held(self, interface: str) -> list[str]:
        return self._held.pop(interface, [])

    def _indicate(self, engine: Any, text: str) -> None:
        if engine.profile["+CNMI"][0] == 0:
            self._held.setdefault(engine.name, []).append(text)
        else:
            engine.urc(text)

    def receive(self, sms: Sms) -> bool:
        """An SMS from the network; False leaves it at the SMS centre."""
        module = self.radio.module
        if not self.radio.registered:
            return False
        trace = module.trace
        for accept in self.filters:
            if accept(sms):
                trace.emit("sms-in", "radio", "SMS from %s consumed by a filter" % sms.sender,
                           outcome="filtered", **sms.data())
                return True
        engines = module.attached_engines()
        direct = [e for e in engines if _mt(e) == 2 or (_mt(e) == 3 and sms.klass == 3)]
        if direct:
            names = ",".join(e.name for e in direct)
            trace.emit("sms-in", "radio", "SMS from %s routed to %s" % (sms.sender, names),
                       outcome="routed", **sms.data())
            for engine in direct:
                self._indicate(engine, self._cmt(engine, sms))
            return True
        index = module.sim.store_sms("REC UNREAD", sms.sender, sms.timestamp, sms.shown)
        if index is None:
            trace.emit("sms-in", "radio", "SMS from %s refused: memory capacity exceeded "
                       "(+CMS ERROR: 322); it stays at the SMS centre" % sms.sender,
                       outcome="memory full", **sms.data())
            return False
        trace.emit("sms-in", "radio", "SMS from %s stored at %d" % (sms.sender, index),
                   outcome="stored", index=index, **sms.data())
        for engine in engines:
            if _mt(engine) in (1, 3):
                self._indicate(engine, '+CMTI: "SM",%d' % index)
        return True

    def _cmt(self, engine: Any, sms: Sms) -> str:
        header = '+CMT: "%s","","%s"' % (sms.sender, sms.timestamp)
        if engine.profile["+CSDH"]:
            header += ',%d,4,0,%d,"%s",145,%d' % (type_of_number(sms.sender), sms.dcs,
                                                 self.radio.smsc(), len(sms.shown))
        return header + "\r\n" + sms.shown

    def submit(self, number: str, text: str) -> int:
        """Hand an SMS to the network now; returns its message reference."""
        module = self.radio.module
        self._reference = self._reference % 255 + 1
        sms = Sms(module.sim.msisdn, number, text, timestamp=scts(module.clock.now),
                  reference=self._reference)
        module.trace.emit("sms-out", "radio", "SMS to %s" % number, **sms.data())
        module.world.sms.submit(module, sms)
        return self._reference


def _mt(engine: Any) -> int:
    return engine.profile["+CNMI"][1]
