"""The world outside the modules: network, SMS centre, IP peers, called numbers.

Modules share a :class:`World` and it outlives their reboots.  Its
configuration is plain attributes with defaults (a scenario sets them);
after changing coverage, registration or GPRS availability call
:meth:`World.changed` so that the radios notice.  Everything is
deterministic: addresses are handed out in order.
"""
from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from hostsim.radio.peers import PeerFactory
from hostsim.radio.smsc import Sms, SmsCentre, SmsHandler

if TYPE_CHECKING:  # pragma: no cover
    from hostsim.device.module import Module
    from hostsim.fota.pfm import PfmServer
    from hostsim.radio.network import Radio

REGISTRATION_MS = 3_000     # searching -> registered (default of World.registration_delay_ms)

_IP_ADDRESS = re.compile(r"\d{1,3}(\.\d{1,3}){3}")


class World:
    """The network and everything beyond it."""

    def __init__(self) -> None:
        self.operator = "22201"                  # PLMN (+COPS numeric format)
        self.operator_name = "I TIM"
        self.rssi = 20                           # +CSQ
        self.ber = 0
        self.coverage = True
        self.registration = "home"               # "home", "roaming" or "denied"
        self.registration_delay_ms = REGISTRATION_MS
        self.lac = "D5A1"
        self.ci = "4E21"
        self.gprs = True                         # GPRS service available
        self.apns: dict[str, bool] = {"internet": True}     # APN -> activation allowed
        self.sms = SmsCentre("+393359609600")
        self.pfm: PfmServer | None = None   # set by PfmServer(world)
        self.gprs_timeslots = "4+1"              # "4+1" or "1+1": FOTA download speed
        self._peers: dict[tuple[str, int], PeerFactory] = {}
        self._hosts: dict[str, str] = {}         # name -> address
        self._callees: dict[str, PeerFactory] = {}
        self._radios: list[Radio] = []
        self._addresses = itertools.count(1)
        self._host_addresses = itertools.count(1)

    # -- radios --------------------------------------------------------------

    def add_radio(self, radio: Radio) -> None:
        """Radios hear about :meth:`changed`."""
        self._radios.append(radio)

    def changed(self) -> None:
        """Tell every radio the configuration changed (coverage, registration, GPRS)."""
        for radio in list(self._radios):
            radio.network_changed()

    def allocate_ip(self) -> str:
        """A fresh address for a PDP context: 10.64.0.1, 10.64.0.2, ..."""
        n = next(self._addresses)
        return "10.64.%d.%d" % (n // 256, n % 256)

    # -- SMS -----------------------------------------------------------------

    @property
    def sent_sms(self) -> list[Sms]:
        """SMS that modules sent to numbers no handler serves."""
        return self.sms.sent

    def on_sms(self, number: str, handler: SmsHandler) -> None:
        """``handler(sms, module)`` receives what modules send to ``number``."""
        self.sms.on_sms(number, handler)

    def send_sms(self, module: Module, sender: str, text: str, klass: int | None = None,
                 coding: str = "7bit") -> Sms:
        """Send an SMS to ``module``; it arrives after the delivery delay (or later)."""
        return self.sms.send(module, Sms(sender, "", text, klass, coding))

    # -- IP peers and called numbers -----------------------------------------

    def add_peer(self, host: str, port: int, factory: PeerFactory) -> None:
        """Serve ``host:port`` (an address or a name) with a new ``factory()`` per connection."""
        if not _IP_ADDRESS.fullmatch(host) and host not in self._hosts:
            self._hosts[host] = "198.51.100.%d" % next(self._host_addresses)
        self._peers[(self.resolve(host), port)] = factory

    def resolve(self, host: str) -> str | None:
        """The address of ``host``; None for a name nobody serves."""
        return host if _IP_ADDRESS.fullmatch(host) else self._hosts.get(host)

    def knows_host(self, address: str) -> bool:
        """Some peer listens at ``address`` (a closed port then refuses quickly)."""
        return any(ip == address for ip, _ in self._peers)

    def peer_factory(self, address: str, port: int) -> PeerFactory | None:
        return self._peers.get((address, port))

    def on_call(self, number: str, factory: PeerFactory) -> None:
        """Answer data calls to ``number`` with a peer."""
        self._callees[number] = factory

    def callee(self, number: str) -> PeerFactory | None:
        return self._callees.get(number)
