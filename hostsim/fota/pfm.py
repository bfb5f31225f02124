"""The Premium FOTA Management server side: PFM server, FTP server, deltas.

A host-side actor on the virtual clock.  It keeps device records, answers
Remote Registration, sends Provisioning, Command and Query messages, and
receives Command Ack, Command Progress, Command Progress Ack, Command Final
and error reports, by SMS (class 0, 8-bit) or over TCP/IP as the protocol
says.  Every message is a trace event named as in the application note
(kind ``fota``), which is what sequence diagrams are drawn from.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from hostsim.radio.smsc import Sms

if TYPE_CHECKING:  # pragma: no cover
    from hostsim.device.module import Module
    from hostsim.radio.world import World

# Message names as in the application note (kept verbatim in traces).
REMOTE_REGISTRATION = "Remote Registration"
REGISTRATION_ACK = "Registration Ack"
PROVISIONING = "Provisioning"
COMMAND = "Command"
COMMAND_ACK = "Command Ack"
COMMAND_PROGRESS = "Command Progress"
COMMAND_PROGRESS_ACK = "Command Progress Ack"
COMMAND_FINAL = "Command Final"
ERROR_REPORT = "Error Report"
QUERY = "Query"
QUERY_ANSWER = "Query Answer"
FORCED_REGISTRATION = "Forced Registration"
MESSAGES = (REMOTE_REGISTRATION, REGISTRATION_ACK, PROVISIONING, COMMAND, COMMAND_ACK,
            COMMAND_PROGRESS, COMMAND_PROGRESS_ACK, COMMAND_FINAL, ERROR_REPORT, QUERY,
            QUERY_ANSWER, FORCED_REGISTRATION)

PREFIX = "PFM1|"
TCP_LATENCY_MS = 50              # one way, module <-> PFM server over TCP/IP
CSD_NUMBER = "+390212345678"     # the data number a CSD download dials


def encode(kind: str, fields: dict[str, Any]) -> str:
    """The payload of a PFM message: ``PFM1|<kind>|k=v|k=v``."""
    if kind not in MESSAGES:
        raise ValueError("unknown PFM message %r" % kind)
    return PREFIX + "|".join([kind] + ["%s=%s" % (k, fields[k]) for k in sorted(fields)])


def decode(text: str) -> dict[str, str] | None:
    """``{"kind": ..., field: value}`` for a PFM payload, None for anything else."""
    if not text.startswith(PREFIX):
        return None
    parts = text[len(PREFIX):].split("|")
    if parts[0] not in MESSAGES:
        return None
    message = {"kind": parts[0]}
    for part in parts[1:]:
        key, _, value = part.partition("=")
        message[key] = value
    return message


@dataclass
class Delta:
    """A delta firmware file on the FTP server."""
    from_version: str
    to_version: str
    size: int = 165_000
    corrupt: bool = False          # content damaged: the checksum will not match

    @property
    def name(self) -> str:
        return "%s_%s.dlt" % (self.from_version, self.to_version)

    @property
    def checksum(self) -> str:
        """What the module validates against (of the intact file)."""
        return hashlib.sha256(("%s>%s:%d" % (self.from_version, self.to_version, self.size))
                              .encode()).hexdigest()[:16]


@dataclass
class FtpServer:
    host: str = "ftp.pfm.example"
    user: str = "fota"
    password: str = "fota"
    available: bool = True                 # False: the connection opening fails
    drop_at: float | None = None        # fraction of the file after which the transfer breaks
    deltas: dict[str, Delta] = field(default_factory=dict)

    def add(self, delta: Delta) -> Delta:
        self.deltas[delta.name] = delta
        return delta


@dataclass
class DeviceRecord:
    imei: str
    msisdn: str = ""
    imsi: str = ""
    model: str = ""
    firmware: str = ""
    plmn: str = ""
    registered: bool = False


@dataclass
class Fault:
    """Lose or delay PFM messages: ``kind`` (None: any), ``direction``
    ("to-module", "to-server" or None), ``count`` times (None: always)."""
    action: str                    # "lose" or "delay"
    kind: str | None = None
    direction: str | None = None
    count: int | None = 1
    delay_ms: int = 0

    def matches(self, kind: str, direction: str) -> bool:
        return ((self.kind is None or self.kind == kind)
                and (self.direction is None or self.direction == direction)
                and (self.count is None or self.count > 0))


class PfmServer:
    """The PFM server: device records, message exchange, the FTP server."""

    def __init__(self, world: World, number: str = "+393480000001",
                 address: str = "198.51.100.200", port: int = 40000, apn: str = "internet",
                 csd_number: str = CSD_NUMBER):
        self.world = world
        self.number = number
        self.csd_number = csd_number   # what a CSD download calls; other numbers do not answer
        self.apn = apn                 # the customer's access point, provisioned after registration
        self.address = address
        self.port = port
        self.ftp = FtpServer()
        self.records: dict[str, DeviceRecord] = {}
        self.faults: list[Fault] = []
        self.received: list[dict[str, str]] = []      # every message that reached the server
        self._modules: dict[str, Module] = {}       # imei -> module, learnt from traffic
        self._commands = 0
        self.listeners: list[Callable[[dict[str, str]], None]] = []
        world.on_sms(number, self._sms_from_module)
        world.pfm = self

    # -- tracing and faults ---------------------------------------------------

    def _trace(self, module: Module, kind: str, direction: str, bearer: str, outcome: str,
               fields: dict[str, Any]) -> None:
        source, target = ("pfm", "module") if direction == "to-module" else ("module", "pfm")
        module.trace.emit("fota", "pfm", "%s %s" % (kind, outcome), message=kind,
                          sender=source, receiver=target, bearer=bearer, outcome=outcome,
                          fields=dict(fields))

    def _fault(self, kind: str, direction: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(kind, direction):
                if fault.count is not None:
                    fault.count -= 1
                return fault
        return None

    # -- module -> server -------------------------------------------------------

    def _sms_from_module(self, sms: Sms, module: Module) -> None:
        message = decode(sms.text)
        if message is None:
            return
        message["msisdn"] = sms.sender
        self.receive(module, message, "sms")

    def receive(self, module: Module, message: dict[str, str], bearer: str,
                reply: Callable[[str, dict[str, Any]], None] | None = None) -> None:
        """A message from a module (SMS, or TCP with ``reply`` for answers)."""
        kind = message["kind"]
        fault = self._fault(kind, "to-server")
        if fault is not None and fault.action == "lose":
            self._trace(module, kind, "to-server", bearer, "lost", message)
            return
        if fault is not None and fault.action == "delay":
            module.clock.call_later(fault.delay_ms, self._handle, module, message, bearer, reply)
            return
        self._handle(module, message, bearer, reply)

    def _handle(self, module: Module, message: dict[str, str], bearer: str,
                reply: Callable[[str, dict[str, Any]], None] | None) -> None:
        kind = message["kind"]
        self._trace(module, kind, "to-server", bearer, "received", message)
        self.received.append(dict(message))
        imei = message.get("imei", "")
        self._modules[imei] = module
        if kind in (REMOTE_REGISTRATION, QUERY_ANSWER):
            self._register(message)
        if kind == REMOTE_REGISTRATION:
            # Over TCP/IP the ack gives the server's SMS number (for SIM changes).
            ack = {"imei": imei, "number": self.number} if bearer == "tcp" else {"imei": imei}
            self._send(module, REGISTRATION_ACK, ack, bearer, reply)
            if bearer == "sms" and self.apn:
                self._send(module, PROVISIONING, {"imei": imei, "apn": self.apn, "csd": ""}, "sms")
        elif kind == COMMAND_ACK and message.get("answer") == "accepted" and bearer == "tcp":
            delta = self.ftp.deltas.get(message.get("delta", ""))
            self._send(module, COMMAND_PROGRESS, self._ftp_fields(delta), bearer, reply)
        for listener in list(self.listeners):
            listener(message)

    def _register(self, message: dict[str, str]) -> None:
        imei, msisdn = message["imei"], message.get("msisdn", "")
        for record in self.records.values():
            if record.imei != imei and msisdn and record.msisdn == msisdn:
                record.msisdn, record.registered = "", False     # that SIM moved away
        record = self.records.setdefault(imei, DeviceRecord(imei))
        record.msisdn = msisdn or record.msisdn     # a message without a number keeps it
        record.imsi = message.get("imsi", "")
        record.model = message.get("model", "")
        record.firmware = message.get("fw", "")
        record.plmn = message.get("plmn", "")
        record.registered = True

    def preload(self, record: DeviceRecord, module: Module | None = None) -> None:
        """A module the client told Telit about in advance (note 2.2: registration
        "is necessary only if the client does not provide to Telit the IMEI, the
        phone number, ..."): known, and reachable at its number, before any message."""
        record.registered = True
        self.records[record.imei] = record
        if module is not None:
            self._modules[record.imei] = module

    def _ftp_fields(self, delta: Delta | None) -> dict[str, Any]:
        ftp = self.ftp
        return {"ftp": ftp.host, "user": ftp.user, "password": ftp.password,
                "file": delta.name if delta else "", "size": delta.size if delta else 0,
                "checksum": delta.checksum if delta else ""}

    # -- server -> module -----------------------------------------------------

    def _send(self, module: Module, kind: str, fields: dict[str, Any], bearer: str,
              reply: Callable[[str, dict[str, Any]], None] | None = None) -> None:
        fault = self._fault(kind, "to-module")
        if fault is not None and fault.action == "lose":
            self._trace(module, kind, "to-module", bearer, "lost", fields)
            return
        delay = fault.delay_ms if fault is not None else 0
        self._trace(module, kind, "to-module", bearer, "sent", fields)
        if bearer == "tcp" and reply is not None:
            module.clock.call_later(delay + TCP_LATENCY_MS, reply, kind, fields)
            return
        msisdn = self.records[fields["imei"]].msisdn if fields.get("imei") in self.records else ""
        text = encode(kind, fields)
        sms = Sms(self.number, msisdn, text, klass=0, coding="8bit")
        if delay:
            module.clock.call_later(delay, self.world.sms.send, module, sms)
        else:
            self.world.sms.send(module, sms)

    def _target(self, imei: str) -> Module:
        record = self.records.get(imei)
        if record is None or not record.registered or not record.msisdn:
            raise PfmError("module %s cannot be reached: no SIM is registered for it "
                           "(ask for a forced registration)" % imei)
        module = self._modules.get(imei)
        if module is None:
            raise PfmError("module %s never talked to this server" % imei)
        return module

    def provision(self, imei: str, apn: str = "", csd: str = "") -> None:
        """Provisioning: the GPRS access point (or CSD number) for downloads."""
        fields = {"imei": imei, "apn": apn, "csd": csd}
        self._send(self._target(imei), PROVISIONING, fields, "sms")

    def request_update(self, imei: str, manual: bool = True, test: bool = False,
                       delta: Delta | None = None, apn: str = "", csd: str = "") -> int:
        """Send a Command (update or test, manual or automatic); returns its id."""
        module = self._target(imei)
        record = self.records[imei]
        if delta is None:
            delta = next((d for d in self.ftp.deltas.values() if d.from_version == record.firmware),
                         None)
        self._commands += 1
        fields = {"imei": imei, "id": self._commands, "mode": "manual" if manual else "automatic",
                  "operation": "test" if test else "update", "apn": apn or (self.apn if not csd else ""),
                  "csd": csd,
                  "delta": delta.name if delta else ""}
        fields.update(self._ftp_fields(delta))
        self._send(module, COMMAND, fields, "sms")
        return self._commands

    def query(self, imei: str) -> None:
        self._send(self._target(imei), QUERY, {"imei": imei}, "sms")

    def force_registration(self, module: Module, msisdn: str) -> None:
        """The Service Administrator's recovery of section 6: ask whichever module
        holds the SIM ``msisdn`` to register again."""
        text = encode(FORCED_REGISTRATION, {"msisdn": msisdn})
        self._trace(module, FORCED_REGISTRATION, "to-module", "sms", "sent", {"msisdn": msisdn})
        self.world.sms.send(module, Sms(self.number, msisdn, text, klass=0, coding="8bit"))

    def tcp_request(self, module: Module, message: dict[str, str],
                    reply: Callable[[str, dict[str, Any]], None]) -> None:
        """An update the module starts over TCP/IP (#OTAIPUPD): answer with the FTP data."""
        self._modules[message.get("imei", "")] = module
        record = self.records.get(message.get("imei", ""))
        firmware = message.get("fw", record.firmware if record else "")
        delta = next((d for d in self.ftp.deltas.values() if d.from_version == firmware), None)
        self._send(module, COMMAND_PROGRESS, self._ftp_fields(delta), "tcp", reply)

    def state(self) -> dict[str, Any]:
        return {imei: asdict(record) for imei, record in sorted(self.records.items())}


class PfmError(Exception):
    """A request the server cannot carry out (unknown or unreachable module)."""
