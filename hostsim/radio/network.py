"""The module's radio: registration, GPRS, contexts, sockets, SMS and data calls.

:class:`Radio` is the module side of the network and volatile (power-off
drops it all): network registration (``+CREG``), GPRS attach (``+CGREG``,
``+CGATT``), PDP contexts, sockets (:mod:`hostsim.radio.ipstack`), SMS
(:mod:`hostsim.radio.smsc`) and data calls, against the :class:`World`
(:mod:`hostsim.radio.world`).  It talks to AT interfaces only through
``engine.urc()``, ``engine.to_dte()``, ``engine.hang_up()`` and the sessions
that commands return in ``Online(...)``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from hostsim.at.engine import OnlineSession
from hostsim.core.clock import Timer
from hostsim.core.errors import (
    ACTIVATION_FAILED,
    GPRS_SERVICES_NOT_ALLOWED,
    INVALID_MOBILE_CLASS,
    NO_NETWORK_SERVICE,
    OPERATION_NOT_ALLOWED,
    CmeError,
)
from hostsim.parts.sim import READY
from hostsim.radio.ipstack import IpStack
from hostsim.radio.peers import Link
from hostsim.radio.smsc import Sms, SmsFilter, SmsLayer
from hostsim.radio.world import World

if TYPE_CHECKING:  # pragma: no cover
    from hostsim.device.module import Module

ATTACH_MS = 1_000           # registered -> GPRS attached (auto-attach, +CGATT=1)
ACTIVATION_MS = 2_000       # PDP context activation (#GPRS, #SGACT, +CGACT)
CALL_SETUP_MS = 5_000       # ATD: dialling -> CONNECT / NO CARRIER

NOT_REGISTERED, HOME, SEARCHING, DENIED, UNKNOWN, ROAMING = range(6)   # +CREG <stat>
REGISTERED = (HOME, ROAMING)
REGISTRATION_STATS = {"home": HOME, "roaming": ROAMING, "denied": DENIED}


@dataclass
class PdpContext:
    cid: int
    apn: str
    ip: str


class DataCall:
    """A circuit-switched data call (ATD) answered by a peer."""

    def __init__(self, radio: Radio, number: str, engine: Any):
        self.radio = radio
        self.number = number
        self.engine = engine
        self.link: Link | None = None
        self.session: CallSession | None = None

    def link_data(self, data: bytes) -> None:
        if self.session is not None:
            self.engine.to_dte(data)

    def link_closed(self) -> None:
        if self.radio.call is self:
            self.radio.end_call()


class CallSession(OnlineSession):
    def __init__(self, call: DataCall):
        self.call = call

    def from_dte(self, data: bytes) -> None:
        self.call.link.transmit(data)

    def escaped(self) -> None:
        self.call.session = None


class Radio:
    """The module's radio side: registration, GPRS, contexts, sockets, SMS, calls.

    ``epoch`` counts power cycles, ``generation`` also counts the times every
    connection was dropped: slow operations compare them before finishing.
    """

    def __init__(self, module: Module):
        self.module = module
        self.ip = IpStack(self)
        self.sms = SmsLayer(self)
        self.sms_filters: list[SmsFilter] = self.sms.filters
        self.epoch = 0
        self.generation = 0
        self._clear()
        module.world.add_radio(self)

    def _clear(self) -> None:
        """The state of a radio without power."""
        self.powered = False
        self.creg = self.cgreg = NOT_REGISTERED
        self.attached = False
        self.contexts: dict[int, PdpContext] = {}
        self.call: DataCall | None = None
        self._registration_timer: Timer | None = None
        self._attach_timer: Timer | None = None
        self._user_detached = False

    @property
    def world(self) -> World:
        return self.module.world

    @property
    def registered(self) -> bool:
        return self.creg in REGISTERED

    def trace(self, text: str, **data: Any) -> None:
        self.module.trace.emit("network", "radio", text, **data)

    def later(self, delay_ms: int, fn: Callable[..., Any], *args: Any) -> Timer:
        """Schedule ``fn``; it does not run if the module lost power meanwhile."""
        return self.module.clock.call_later(delay_ms, self._run, self.epoch, fn, args)

    def _run(self, epoch: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        if epoch == self.epoch:
            fn(*args)

    def _setting(self, name: str) -> Any:
        return self.module.settings.get(name)

    # -- power and module events ---------------------------------------------

    def power_on(self) -> None:
        self.powered = True
        self.sms.reset()
        self._evaluate()

    def power_off(self) -> None:
        """Everything is lost at once, silently."""
        self.ip.drop_all()
        if self.call is not None and self.call.link is not None:
            self.call.link.drop()
        self.epoch += 1
        self.generation += 1
        self._clear()
        self.trace("radio off")

    def sim_ready(self) -> None:
        self._evaluate()

    def sim_removed(self) -> None:
        self._evaluate()

    def functionality_changed(self, fun: int) -> None:
        self.trace("functionality %d" % fun, fun=fun)
        self._evaluate()

    def network_changed(self) -> None:
        """The world changed, or a setting that selects the network (+COPS, +CGCLASS, #AUTOATT)."""
        self._evaluate()

    # -- registration ----------------------------------------------------------

    def _can_search(self) -> bool:
        sim = self.module.sim
        return (self.powered and sim is not None and sim.state == READY
                and self._setting("+CFUN") in (1, 5) and self._setting("+COPS")[0] != 2)

    def has_signal(self) -> bool:
        """The receiver is on and hears the network (+CSQ shows a signal)."""
        return self.powered and self._setting("+CFUN") in (1, 5) and self.world.coverage

    def _evaluate(self) -> None:
        if not self.powered:
            return
        if not self._can_search() or not self.world.coverage:
            self._cancel("_registration_timer")
            self._set_creg(SEARCHING if self._can_search() else NOT_REGISTERED)
        elif self.creg in REGISTERED + (DENIED,):
            self._set_creg(REGISTRATION_STATS[self.world.registration])
        elif self._registration_timer is None:
            self._set_creg(SEARCHING)
            self._registration_timer = self.later(self.world.registration_delay_ms,
                                                   self._registration_done)
        self._evaluate_attach()

    def _registration_done(self) -> None:
        self._registration_timer = None
        if self._can_search() and self.world.coverage:
            self._set_creg(REGISTRATION_STATS[self.world.registration])
            self._evaluate_attach()

    def _cancel(self, attribute: str) -> None:
        timer = getattr(self, attribute)
        if timer is not None:
            timer.cancel()
            setattr(self, attribute, None)

    def _set_creg(self, stat: int) -> None:
        if stat == self.creg:
            return
        was_registered = self.registered
        self.creg = stat
        self.trace("+CREG stat %d" % stat, stat=stat)
        self._announce("+CREG", stat)
        if was_registered and not self.registered:
            self._user_detached = False
            self._set_attached(False)
            self.end_call()
        elif self.registered and not was_registered:
            self.world.sms.retry(self.module)
        self._sync_cgreg()

    def _announce(self, name: str, stat: int) -> None:
        """The +CREG/+CGREG URC to each interface whose own <n> is 1 or 2."""
        cell = ',"%s","%s"' % (self.world.lac, self.world.ci) if stat in REGISTERED else ""
        for n, text in ((1, "%s: %d" % (name, stat)), (2, "%s: %d%s" % (name, stat, cell))):
            self.module.broadcast_urc(text, wants=lambda engine, n=n: engine.profile[name] == n)

    def registration_status(self, name: str, n: int) -> str:
        """The read form ``+CREG: <n>,<stat>[,"<lac>","<ci>"]`` (or +CGREG)."""
        stat = self.creg if name == "+CREG" else self.cgreg
        text = "%s: %d,%d" % (name, n, stat)
        if n == 2 and stat in REGISTERED:
            text += ',"%s","%s"' % (self.world.lac, self.world.ci)
        return text

    # -- GPRS attach -------------------------------------------------------------

    def _gprs_allowed(self) -> bool:
        return self.registered and self.world.gprs and self._setting("+CGCLASS") != "CC"

    def _evaluate_attach(self) -> None:
        if self.attached and not self._gprs_allowed():
            self._set_attached(False)
        elif (not self.attached and self._gprs_allowed() and self._setting("#AUTOATT") == 1
              and not self._user_detached and self._attach_timer is None):
            self._attach_timer = self.later(ATTACH_MS, self._attach_done)
        elif not self._gprs_allowed():
            self._cancel("_attach_timer")
        self._sync_cgreg()

    def _attach_done(self) -> None:
        self._attach_timer = None
        if self._gprs_allowed():
            self._set_attached(True)
        self._sync_cgreg()

    def _set_attached(self, attached: bool) -> None:
        if attached == self.attached:
            return
        self.attached = attached
        self.module.settings.set("+CGATT", int(attached), "radio")
        self.trace("GPRS %s" % ("attached" if attached else "detached"), attached=attached)
        if not attached:
            self._cancel("_attach_timer")
            self._drop_contexts()
        self._sync_cgreg()

    def _sync_cgreg(self) -> None:
        if self.attached:
            stat = self.creg
        else:
            stat = SEARCHING if self._attach_timer is not None else NOT_REGISTERED
        if stat != self.cgreg:
            self.cgreg = stat
            self.trace("+CGREG stat %d" % stat, stat=stat)
            self._announce("+CGREG", stat)

    def check_attach(self) -> None:
        """Raise the error ``+CGATT=1`` gets at once."""
        if not self.registered:
            raise CmeError(NO_NETWORK_SERVICE)
        if self._setting("+CGCLASS") == "CC":
            raise CmeError(INVALID_MOBILE_CLASS)

    def attach(self) -> None:
        """Finish ``+CGATT=1`` (after :data:`ATTACH_MS`)."""
        self.check_attach()
        if not self.world.gprs:
            raise CmeError(GPRS_SERVICES_NOT_ALLOWED)
        self._user_detached = False
        self._cancel("_attach_timer")
        self._set_attached(True)

    def detach(self) -> None:
        """``+CGATT=0``: detached until asked again or registered anew."""
        self._user_detached = True
        self._cancel("_attach_timer")
        self._set_attached(False)

    # -- PDP contexts -------------------------------------------------------------

    def check_activation(self, cid: int) -> None:
        """Raise the error an activation of ``cid`` gets at once."""
        if not self.attached or self._apn(cid) is None:
            raise CmeError(ACTIVATION_FAILED)

    def _apn(self, cid: int) -> str | None:
        definition = self._setting("+CGDCONT").get(str(cid))
        return definition[1] if definition and definition[1] else None

    def activate(self, cid: int, generation: int) -> PdpContext:
        """Finish an activation started at ``generation`` (after :data:`ACTIVATION_MS`)."""
        apn = self._apn(cid)
        if generation != self.generation or not self.attached or apn is None:
            raise CmeError(ACTIVATION_FAILED)
        if not self.world.apns.get(apn):
            self.trace("context %d: activation failed, APN %r refused" % (cid, apn),
                       cid=cid, apn=apn)
            raise CmeError(ACTIVATION_FAILED)
        context = self.contexts.get(cid)
        if context is None:
            context = self.contexts[cid] = PdpContext(cid, apn, self.world.allocate_ip())
            self.trace("context %d active, APN %r, IP %s" % (cid, apn, context.ip),
                       cid=cid, apn=apn, ip=context.ip)
        return context

    def deactivate(self, cid: int) -> None:
        if cid in self.contexts:
            self.ip.close_context(cid)
            del self.contexts[cid]
            self.trace("context %d deactivated" % cid, cid=cid)

    def _drop_contexts(self) -> None:
        self.generation += 1
        for cid in sorted(self.contexts):
            self.deactivate(cid)

    # -- SMS ----------------------------------------------------------------------

    def receive_sms(self, sms: Sms) -> bool:
        """An SMS from the network; False: the module cannot take it now."""
        return self.powered and self.sms.receive(sms)

    def smsc(self) -> str:
        """The service centre address (+CSCA, kept on the SIM; empty: the network's own)."""
        card = self.module.sim
        return (card.smsc if card is not None else "") or self.world.sms.address

    def sms_memory_freed(self) -> None:
        self.world.sms.retry(self.module)

    # -- data calls ---------------------------------------------------------------

    def dial(self, number: str, engine: Any) -> tuple[int, Callable[[], CallSession | None]]:
        """Start ATD: (delay, finish); ``finish()`` gives the session or None (NO CARRIER)."""
        if self.call is not None:
            raise CmeError(OPERATION_NOT_ALLOWED)
        factory = self.world.callee(number)
        can_call = self.registered and self._setting("+CGCLASS") != "CG"
        call = self.call = DataCall(self, number, engine)
        generation = self.generation
        self.trace("calling %s" % number, number=number)

        def finish() -> CallSession | None:
            if self.call is not call:
                return None
            if generation != self.generation or factory is None or not can_call:
                self.call = None
                self.trace("call to %s not answered" % number, number=number)
                return None
            call.link = Link(self.later, call, factory())
            call.session = CallSession(call)
            self.trace("call to %s connected" % number, number=number)
            return call.session

        return CALL_SETUP_MS, finish

    def end_call(self, notify: bool = True) -> None:
        """Hang up; ``notify``: NO CARRIER to the calling interface."""
        call, self.call = self.call, None
        if call is None:
            return
        if call.link is not None:
            call.link.hang_up()
        self.trace("call to %s ended" % call.number, number=call.number)
        if notify and call.link is not None:
            if call.session is not None:
                call.engine.hang_up("NO CARRIER")
            else:
                call.engine.urc("NO CARRIER")

    # -- FOTA hook -------------------------------------------------------------

    def close_all(self, reason: str) -> None:
        """Close every context, socket and call, with the result codes a module gives."""
        self.trace("closing everything: %s" % reason, reason=reason)
        self.ip.close_all()
        self.end_call()
        self._drop_contexts()
