"""The module firmware's side of Premium FOTA Management (the PFM note).

Registration (``#OTASNAP`` by SMS; ``#OTASNAIPCFG`` + ``#OTASNAIP`` over
TCP/IP), update requests (manual with a 60 s answer window through
``#OTASUAN``, automatic, test), query, the delta download (commands of the
note's list refused meanwhile, every context, socket and call closed
first, the bearer watched throughout), validation and updating (AT
interfaces frozen from validation, the Python interpreter halted while
updating, DCD toggling, DSR/RTS low), the reboot into the new
firmware with NVM wiped but for section 8.1, ``Command Final`` once the SIM
is ready and the network reached, failures, and resumption after a power
loss while updating.  All ``#OTAEV`` texts are the note's, spelling included.

The two TCP/IP protocols say the interpreter is halted and the AT interface
frozen "during the upgrade process" (notes 3.1.2, 4.1.2) and, in the same
list, that some commands are "inhibited during the entire upgrade process",
which only means something if AT answers.  :attr:`Fota.halting` picks the
reading: :data:`HALT_LITERAL` (the default: frozen and halted from the
acceptance, or ``#OTAIPUPD``, to the end) or :data:`HALT_INHIBITED` (AT
answers and refuses the inhibited commands until the download ends, then the
SMS protocol's rule of note 2.1.2 applies).

What the firmware keeps over reboots and power loss (its own NVM, not the
settings an update wipes) is :meth:`Fota.to_json`.
"""
from __future__ import annotations

import copy
import dataclasses
import re
from typing import TYPE_CHECKING, Any, Callable

from hostsim.core.errors import OPERATION_NOT_ALLOWED, CmeError
from hostsim.core.uart import Toggling
from hostsim.fota import pfm
from hostsim.parts.sim import READY
from hostsim.radio.network import ACTIVATION_MS, CALL_SETUP_MS
from hostsim.radio.smsc import SMS_SEND_MS, Sms

if TYPE_CHECKING:  # pragma: no cover
    from hostsim.at.engine import AtEngine, Context
    from hostsim.device.module import Module

ANSWER_WINDOW_MS = 60_000         # a manual request waits this long for #OTASUAN
DELAYED_REPEAT_MS = 60_000        # #OTASUAN=2: the request URC comes again this often
CONNECT_MS = 500                  # TCP connection to the PFM server, after the context
FTP_LOGIN_MS = 1_000              # FTP connection and login before the first byte
VALIDATION_MS = 80_000            # note 2.2.3.1: "about 80 seconds"
UPDATING_MS = 440_000             # note 2.2.3.1: "about 440 seconds"
UPGRADED_URC_MS = 1_000           # after the update reboot, "Module Upgraded To New FW"
READY_POLL_MS = 1_000             # how often a message waits for the SIM and the network
ATTACH_WAIT_MS = 60_000           # how long a TCP/IP message waits for the GPRS attach
DCD_HALF_PERIOD_MS = 500          # DCD toggles with a period of about 1 s
BEARER_CHECK_MS = 1_000           # how often the download checks its GPRS context or CSD call
OTAEV_BUFFER_SIZE = 16            # #OTASUAN mode 0 keeps this many URCs, the oldest dropped
                                  # (the guides say "oldest discarded when full", not the size)
REFERENCE_SIZE = 165_000          # note 2.2.3.1: download times for "about 165 kB"
DOWNLOAD_SECONDS = {"4+1": 90, "1+1": 150, "csd": 190}

URC_PREFIX = "#OTAEV: "
REGISTERED = "Registered"
ASK = "Do you want to upgrade the firmware?"
ANSWER_TIMEOUT = "User Answer Timeout"
AUTOMATIC = "Automatic Fw Upgrade Requested"
NOTIFIED = "Notified"
START_DOWNLOAD = "Start Fw Download"
DOWNLOAD_COMPLETE = "Fw Download Complete"
UPGRADED = "Module Upgraded To New FW"
SERVER_NOTIFIED = "Server notified about successfull FW Upgrade"   # sic, as in the note
FAILED = "OTA FW Upgrade Failed"

# Refused during the download (note 2.1.2): command, and the first parameter
# that makes it inhibited (None: every set or action form).
INHIBITED = {"#GPRS": None, "#SGACT": None, "+CGATT": None, "+CGACT": None, "D": None,
             "+COPS": "2", "+CFUN": "4", "+CGCLASS": None}

IDLE, ASKING, CONNECTING, DOWNLOADING, VALIDATING, UPDATING, TESTING = (
    "idle", "asking", "connecting", "downloading", "validating", "updating", "testing")
SMS, TCP = "sms", "tcp"
BEARER_CSD, BEARER_GPRS = 0, 1
CSD, GPRS = "csd", "gprs"

# How the halting rule of the TCP/IP protocols is read (see the module docstring).
HALT_LITERAL, HALT_INHIBITED = "literal", "inhibited"
HALTING_READINGS = (HALT_LITERAL, HALT_INHIBITED)
HALTING_HELP = ("how the module reads the PFM note's halting rule of the TCP/IP protocols "
                "(docs/fota.md; a new module: literal); kept in --state")   # the CLI's option

_FIRMWARE = re.compile(r"(\d+)\.(\d+)\.(\d+)")


def firmware_supports(firmware: str, min_last_digit: int) -> bool:
    """``10.00.xx3``-style requirements (notes 3.1.1, 4.1.1): a release after 10.00,
    or 10.00 with a build whose last digit is at least N."""
    match = _FIRMWARE.match(firmware)
    if not match:
        return False
    release = (int(match.group(1)), int(match.group(2)))
    return release > (10, 0) or (release == (10, 0) and int(match.group(3)[-1]) >= min_last_digit)


@dataclasses.dataclass
class FotaJob:
    """The update request in progress; saved with the module, so it outlives a power loss."""
    id: str
    protocol: str
    operation: str = "update"     # "update", "test"
    mode: str = "manual"          # "manual", "automatic"
    trigger: str = "sms"          # "sms": a Command; "ipupd": #OTAIPUPD
    phase: str = IDLE
    file: str = ""                # the delta's name on the server's FTP
    size: int = 0
    checksum: str = ""
    apn: str = ""                 # the Command's own access data (note 3.2.2)
    csd: str = ""
    progress_ms: int = 0          # of the flash phase, when power was lost in it
    delayed: bool = False         # the user asked to be asked again later
    bearer: str = ""
    from_version: str = ""
    to_version: str = ""
    corrupt: bool = False

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FotaJob:
        return cls(**{field.name: data[field.name] for field in dataclasses.fields(cls)
                      if field.name in data})


class Fota:
    """PFM client and firmware update state machine of one module."""

    def __init__(self, module: Module):
        self.module = module
        # Kept over reboots, power loss and updates (the firmware's own NVM).
        self.server_number = ""            # #OTASNAP
        self.ip_config: list[Any] | None = None    # #OTASNAIPCFG: bearer, apn, user, password
        self.ip_server: list[Any] | None = None    # #OTASNAIP / #OTAIPCFG: port, address
        self.my_number = ""
        self.uses_pfm = False              # after the first #OTASNAP / #OTASNAIP
        self.protocol = ""                 # "sms" or "tcp": how registration goes
        self.registered = False
        self.registered_imsi = ""          # what the note's critical scenario is about
        self.provisioned: dict[str, str] = {}
        self.job: FotaJob | None = None      # the request in progress
        self.notify: dict[str, Any] | None = None   # Command Final owed after the reboot
        self.buffered: list[str] = []      # #OTAEV URCs held by #OTASUAN mode 0
        # The model's reading of the TCP/IP protocols' halting rule (a scenario option).
        self.halting = HALT_LITERAL
        # Volatile.
        self.phase = IDLE
        self._epoch = 0
        self._phase_started = 0
        self._timer = None
        self._asc0_autobaud_pending = False
        module.radio.sms_filters.append(self._sms_filter)
        module.command_gates.append(self._gate)
        module.command_listeners.append(self._command_seen)

    # -- persistence ---------------------------------------------------------

    _PERSISTENT = ("server_number", "ip_config", "ip_server", "my_number", "uses_pfm", "protocol",
                   "registered", "registered_imsi", "provisioned", "job", "notify", "buffered",
                   "halting")

    def to_json(self) -> dict[str, Any]:
        saved = {name: copy.deepcopy(getattr(self, name)) for name in self._PERSISTENT}
        saved["job"] = self.job.to_json() if self.job is not None else None
        return saved

    def load_json(self, data: dict[str, Any]) -> None:
        for name in self._PERSISTENT:
            if name in data:
                setattr(self, name, copy.deepcopy(data[name]))
        if data.get("job") is not None:
            self.job = FotaJob.from_json(data["job"])

    # -- plumbing ------------------------------------------------------------

    def _later(self, delay_ms: int, fn: Callable[..., Any], *args: Any):
        """Schedule ``fn``; it does not run if the module lost power meanwhile."""
        epoch = self._epoch

        def run() -> None:
            if epoch == self._epoch:
                fn(*args)

        return self.module.clock.call_later(delay_ms, run)

    def _trace(self, text: str, **data: Any) -> None:
        self.module.trace.emit("fota", "module", text, phase=self.phase, **data)

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self._phase_started = self.module.clock.now
        if self.job is not None:
            self.job.phase = phase
        self._trace("phase %s" % phase)

    def _identity(self) -> dict[str, Any]:
        module = self.module
        sim = module.sim
        return {"imei": module.imei, "model": module.spec.name, "fw": module.firmware,
                "imsi": sim.imsi if sim else "", "plmn": module.world.operator}

    def _network_ready(self) -> bool:
        sim = self.module.sim
        return sim is not None and sim.state == READY and self.module.radio.registered

    def _when_ready(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once the SIM is ready and the module is registered."""
        if self._network_ready():
            fn()
        else:
            self._later(READY_POLL_MS, self._when_ready, fn)

    # -- URCs ----------------------------------------------------------------

    def urc(self, text: str) -> None:
        """An ``#OTAEV`` URC, as ``#OTASUAN`` mode and autobauding allow."""
        line = URC_PREFIX + text
        mode = self.module.settings.get("#OTASUAN")[0]
        if mode == 0:
            self.buffered.append(line)
            self._trace("URC buffered (#OTASUAN mode 0): %s" % text)
            if len(self.buffered) > OTAEV_BUFFER_SIZE:
                dropped = self.buffered.pop(0)
                self.module.trace.emit("dropped", "fota", dropped,
                                       reason="#OTASUAN mode 0 buffer full")
            return
        for engine in self.module.attached_engines():
            self._deliver(engine, line, mode)

    def _deliver(self, engine: AtEngine, line: str, mode: int) -> None:
        if mode == 1 and engine.mode == engine.ONLINE:
            self.module.trace.emit("dropped", engine.name, line, reason="#OTASUAN mode 1, online")
        elif engine.name == "ASC0" and self._asc0_autobaud_pending:
            self.module.trace.emit("dropped", engine.name, line,
                                   reason="autobauding: rate unknown after the update reboot")
        else:
            engine.urc(line)

    def suan_mode_set(self, mode: int, bfr: int) -> None:
        """``#OTASUAN=,<mode>,<bfr>``: flush or clear what mode 0 buffered."""
        held, self.buffered = self.buffered, []
        if mode in (1, 2) and bfr == 1:
            for line in held:
                for engine in self.module.attached_engines():
                    self._deliver(engine, line, mode)

    def _command_seen(self, engine: AtEngine) -> None:
        if engine.name == "ASC0":
            self._asc0_autobaud_pending = False     # the DTE's "AT" set the rate

    def _ring(self) -> None:
        pulse = self.module.engines["ASC0"].profile["#OTASETRI"] if "ASC0" in self.module.engines else 0
        if pulse:
            self.module.uarts["ASC0"].set_module_line("RI", 1)
            self.module.line_overrides["RI"] = 1
            self._later(pulse, self._ring_end)

    def _ring_end(self) -> None:
        self.module.uarts["ASC0"].set_module_line("RI", 0)
        self.module.line_overrides.pop("RI", None)

    # -- power ---------------------------------------------------------------

    def power_on(self) -> None:
        self.phase = IDLE
        self._asc0_autobaud_pending = False
        job = self.job
        if job is not None and job.phase in (VALIDATING, UPDATING):
            self._trace("resuming the interrupted %s" % job.phase)
            self._enter_flash_phase(job.phase)
        elif job is not None and job.phase in (CONNECTING, DOWNLOADING, TESTING):
            self.job = None
            what = "test" if job.phase == TESTING else "download"
            job.phase = IDLE
            self._trace("%s interrupted by a power loss" % what)
            self._when_ready(lambda: self._report_failure(job, "%s interrupted (power loss)" % what))
        elif job is not None:
            self.job = None
        if self.notify is not None:
            self._asc0_autobaud_pending = self.module.settings.get("+IPR") == 0
            self._later(UPGRADED_URC_MS, self.urc, UPGRADED)
            self._when_ready(self._send_final)

    def sim_ready(self) -> None:
        """The SIM is ready (at power-on, after the PIN, or a card put in)."""
        if self.uses_pfm:
            self._when_ready(self._check_registration)

    def power_off(self) -> None:
        if self.phase in (VALIDATING, UPDATING) and self.job is not None:
            self.job.progress_ms = (self.job.progress_ms
                                    + self.module.clock.now - self._phase_started)
            self._trace("power lost while %s after %d ms" % (self.phase, self.job.progress_ms))
        self._epoch += 1
        self.phase = IDLE
        self.module.line_overrides.clear()

    # -- registration ----------------------------------------------------------

    def _check_registration(self) -> None:
        """At power-on: re-send an unacknowledged SMS registration (note 2.2.1), and
        register by SMS when the SIM is not the one registered with (2.2.1, 3.2.1,
        4.2.1: "via SMS" in every protocol)."""
        sim = self.module.sim
        if not self.registered:
            if self.protocol == SMS:
                self._register()
        elif sim is not None and sim.imsi != self.registered_imsi:
            self._trace("SIM changed (IMSI %s, registered with %s): registering again"
                        % (sim.imsi, self.registered_imsi))
            self._register(force_sms=True)

    def start_sms_registration(self, number: str) -> None:
        """``#OTASNAP="number"``."""
        self.server_number, self.uses_pfm, self.protocol = number, True, SMS
        self.registered = False
        self._when_ready(self._register)

    def start_tcp_registration(self) -> None:
        """``#OTASNAIP=...`` after ``#OTASNAIPCFG``."""
        self.uses_pfm, self.protocol = True, TCP
        self.registered = False
        self._when_ready(self._register)

    def _msisdn(self) -> str:
        return self.my_number or (self.module.sim.msisdn if self.module.sim else "")

    def _register(self, force_sms: bool = False) -> None:
        fields = dict(self._identity(), msisdn=self._msisdn())
        if self.protocol == TCP and not force_sms:
            self.module.radio.close_all("PFM registration over TCP/IP")
            self._tcp(pfm.REMOTE_REGISTRATION, fields, on_failure=lambda why: self._trace(
                "registration over TCP/IP failed: %s" % why))
        else:
            self._sms(pfm.REMOTE_REGISTRATION, fields)

    # -- messages --------------------------------------------------------------

    def _sms(self, kind: str, fields: dict[str, Any],
             on_sent: Callable[[], None] | None = None) -> None:
        """A class 0, 8-bit SMS to the PFM server once SIM and network allow;
        ``on_sent`` runs when the network accepted it."""
        if not self.server_number:
            self._trace("no PFM server number known: %s not sent" % kind)
            return

        def send() -> None:
            module = self.module
            text = pfm.encode(kind, fields)
            sms = Sms(module.sim.msisdn, self.server_number, text, klass=0, coding="8bit")
            module.trace.emit("sms-out", "fota", "%s to %s" % (kind, self.server_number),
                              **sms.data())
            module.world.sms.submit(module, sms)
            if on_sent is not None:
                self._later(SMS_SEND_MS, on_sent)

        self._when_ready(send)

    def _access(self) -> tuple[str, str]:
        """The bearer and its access data (an APN, or the number a CSD call dials):
        the Command's own (note 3.2: "a message containing the data relating to the
        GPRS network access point or to the CSD number"), else ``#OTASNAIPCFG``'s in
        the TCP/IP protocols, else what the server provisioned."""
        job = self.job
        if job is not None and (job.apn or job.csd):
            return (GPRS, job.apn) if job.apn else (CSD, job.csd)
        if self.protocol == TCP and self.ip_config is not None:
            return (CSD if self.ip_config[0] == BEARER_CSD else GPRS), self.ip_config[1]
        if self.provisioned.get("csd") and not self.provisioned.get("apn"):
            return CSD, self.provisioned["csd"]
        return GPRS, self.provisioned.get("apn", "")

    def _bearer(self) -> str | None:
        """None when the data connection can be set up, else why it cannot (note
        2.2.3.2: "GPRS context activation error or CSD call setup error"; 2.1.1: the
        GPRS class must not be "CC" for GPRS nor "CG" for CSD)."""
        radio, world = self.module.radio, self.module.world
        gprs_class = self.module.settings.get("+CGCLASS")
        bearer, access = self._access()
        if bearer == CSD:
            if gprs_class == "CG":
                return "CSD call setup error (GPRS class CG)"
            if not radio.registered:
                return "CSD call setup error (not registered)"
            if world.pfm is None or access != world.pfm.csd_number:
                return "CSD call setup error (%s does not answer)" % access
            return None
        if gprs_class == "CC":
            return "GPRS context activation error (GPRS class CC)"
        if not (world.gprs and radio.attached):
            return "GPRS context activation error (not attached)"
        if not world.apns.get(access):
            return "GPRS context activation error (APN %r refused)" % access
        return None

    def _bearer_lost(self) -> str | None:
        """Why the download's context or call is gone (coverage, GPRS, +CFUN), or None."""
        radio = self.module.radio
        if self._access()[0] == CSD:
            return None if radio.registered else "CSD call dropped (no network)"
        return None if radio.attached else "GPRS context lost (detached from GPRS)"

    def _setup_ms(self) -> int:
        return CALL_SETUP_MS if self._access()[0] == CSD else ACTIVATION_MS

    def _server_problem(self) -> str | None:
        server = self.module.world.pfm
        if server is None or self.ip_server is None or \
                [server.port, server.address] != list(self.ip_server):
            return "cannot connect to the PFM server %s" % (self.ip_server,)
        return None

    def _tcp(self, kind: str, fields: dict[str, Any], on_failure: Callable[[str], None],
             on_sent: Callable[[], None] | None = None, waited: int = 0) -> None:
        """Open a TCP/IP connection to the PFM server and send one message (after
        waiting up to :data:`ATTACH_WAIT_MS` for the GPRS attach); the server's
        answers come back through :meth:`_from_server`."""
        server = self.module.world.pfm
        problem = self._bearer()
        radio = self.module.radio
        if (problem is not None and not radio.attached and self.module.world.gprs
                and self._access()[0] == GPRS and waited < ATTACH_WAIT_MS):
            self._later(READY_POLL_MS, self._tcp, kind, fields, on_failure, on_sent,
                        waited + READY_POLL_MS)
            return
        problem = problem or self._server_problem()
        if problem is not None:
            self._later(self._setup_ms(), on_failure, problem)
            return
        message = dict(fields, kind=kind)

        def deliver() -> None:
            server.receive(self.module, message, "tcp", self._replied())
            if on_sent is not None:
                on_sent()

        self._later(self._setup_ms() + CONNECT_MS, deliver)

    def _replied(self) -> Callable[[str, dict[str, Any]], None]:
        """Where the server's TCP/IP answers go (dropped after a power loss)."""
        epoch = self._epoch

        def reply(kind: str, fields: dict[str, Any]) -> None:
            if epoch == self._epoch:
                self._from_server(kind, {k: str(v) for k, v in fields.items()}, "tcp")

        return reply

    def _sms_filter(self, sms: Sms) -> bool:
        """PFM SMS are recognised, handled and silently discarded (note 2.1.2)."""
        message = pfm.decode(sms.text)
        if message is None or not ((sms.klass == 0 and sms.coding == "8bit")
                                   or (sms.klass is None and sms.coding == "7bit")):
            return False
        if sms.sender and message["kind"] != pfm.FORCED_REGISTRATION:
            self.server_number = self.server_number or sms.sender
        self._from_server(message["kind"], message, "sms")
        return True

    def _from_server(self, kind: str, message: dict[str, str], bearer: str) -> None:
        self._trace("received %s" % kind, message=kind, bearer=bearer)
        if kind == pfm.REGISTRATION_ACK:
            self.registered = True
            self.registered_imsi = self.module.sim.imsi if self.module.sim else ""
            # Over TCP/IP the ack names the server's SMS number: a SIM change is
            # announced "via SMS" (3.2.1, 4.2.1) by a module that never got a server SMS.
            self.server_number = self.server_number or message.get("number", "")
            self.urc(REGISTERED)
        elif kind == pfm.PROVISIONING:
            self.provisioned = {"apn": message.get("apn", ""), "csd": message.get("csd", "")}
        elif kind == pfm.COMMAND:
            self._command(message)
        elif kind == pfm.QUERY:
            self._query()
        elif kind == pfm.FORCED_REGISTRATION:
            self.uses_pfm = True
            self._register(force_sms=True)
        elif kind == pfm.COMMAND_PROGRESS and self.job is not None and self.phase == CONNECTING:
            self.job.file = message.get("file", "")
            self.job.size = int(message.get("size") or 0)
            self.job.checksum = message.get("checksum", "")
            self._download()

    def _query(self) -> None:
        """Note 2.4, 3.4: everything about the module, the phone number included."""
        fields = dict(self._identity(), msisdn=self._msisdn())
        if self.protocol == TCP:
            self.module.radio.close_all("PFM query over TCP/IP")
            self._tcp(pfm.QUERY_ANSWER, fields, on_failure=lambda why: self._trace(
                "query answer failed: %s" % why))
        else:
            self._sms(pfm.QUERY_ANSWER, fields)
        self.urc(NOTIFIED)

    # -- update requests ---------------------------------------------------------

    def _command(self, message: dict[str, str]) -> None:
        if self.phase != IDLE or self.job is not None:
            self._trace("request ignored: an update is already in progress")
            return
        self.job = FotaJob(id=message.get("id", ""), protocol=self.protocol or SMS,
                           operation=message.get("operation", "update"),
                           mode=message.get("mode", "manual"), file=message.get("file", ""),
                           size=int(message.get("size") or 0),
                           checksum=message.get("checksum", ""), apn=message.get("apn", ""),
                           csd=message.get("csd", ""))
        if self.job.protocol == SMS and (message.get("apn") or message.get("csd")):
            self.provisioned = {"apn": message.get("apn", ""), "csd": message.get("csd", "")}
        if self.job.mode == "automatic":
            self.urc(AUTOMATIC)
            self._accept()
        else:
            self._set_phase(ASKING)
            self._ask()
            self._timer = self._later(ANSWER_WINDOW_MS, self._answer_timeout)

    def _ask(self) -> None:
        self.urc(ASK)
        self._ring()

    def _answer_timeout(self) -> None:
        if self.phase != ASKING:
            return
        self.urc(ANSWER_TIMEOUT)
        self._ack("timeout")
        self._finish()

    def _repeat_ask(self) -> None:
        if self.phase == ASKING and self.job is not None and self.job.delayed:
            self._ask()
            self._timer = self._later(DELAYED_REPEAT_MS, self._repeat_ask)

    def answer(self, response: int) -> None:
        """``#OTASUAN=<response>``; +CME ERROR 3 when nothing is asked."""
        if self.phase != ASKING or self.job is None:
            raise CmeError(OPERATION_NOT_ALLOWED)
        if self._timer is not None:
            self._timer.cancel()
        self._trace("user answer %d" % response, answer=response)
        if response == 1:
            self._accept()
        elif response == 0:
            self._ack("rejected")
            self._finish()
        else:
            self.job.delayed = True
            self._timer = self._later(DELAYED_REPEAT_MS, self._repeat_ask)

    def _ack(self, answer: str) -> None:
        job = self.job
        fields = {"imei": self.module.imei, "id": job.id, "answer": answer, "delta": job.file}
        if job.protocol == TCP and answer == "accepted":
            return          # sent over the TCP/IP connection by _accept
        self._sms(pfm.COMMAND_ACK, fields)

    def start_ip_update(self) -> None:
        """``#OTAIPUPD``: the module asks the server for an update (TCP/IP protocol)."""
        if self.phase != IDLE or self.job is not None:
            raise CmeError(OPERATION_NOT_ALLOWED)
        self.job = FotaJob(id="", protocol=TCP, mode="automatic", trigger="ipupd")
        self._accept()

    def _halts_whole_update(self, job: FotaJob) -> bool:
        """The literal reading of notes 3.1.2/4.1.2 applies to this job."""
        return (job.protocol == TCP and job.operation != "test"
                and self.halting == HALT_LITERAL)

    def _accept(self) -> None:
        job = self.job
        if job.protocol == TCP:
            # 3.2.1: the module closes every call and context to reach the server.
            self.module.radio.close_all("firmware update")
            if self._halts_whole_update(job):
                self._later(0, self._stop_interfaces, "the upgrade process (TCP/IP, literal)")
            self._set_phase(CONNECTING)
            fields = {"imei": self.module.imei, "id": job.id, "answer": "accepted",
                      "delta": job.file, "fw": self.module.firmware}
            if job.trigger == "ipupd":
                self._ipupd_connect(fields)
            else:
                self._tcp(pfm.COMMAND_ACK, fields, on_failure=self._fail)
            return
        self._ack("accepted")
        self._set_phase(CONNECTING)
        self._download()

    def _ipupd_connect(self, fields: dict[str, Any]) -> None:
        server = self.module.world.pfm
        problem = self._bearer() or self._server_problem()
        if problem is not None:
            self._later(self._setup_ms(), self._fail, problem)
            return
        self._later(self._setup_ms() + CONNECT_MS, server.tcp_request, self.module, fields,
                    self._replied())

    # -- freezing and halting ----------------------------------------------------

    def _stop_interfaces(self, why: str) -> None:
        """Every AT interface frozen and the interpreter halted."""
        for engine in self.module.engines.values():
            engine.freeze()
        if not self.module.interpreter_halted:
            self.module.halt_script("halted by the firmware update (%s)" % why)

    def _resume_interfaces(self) -> None:
        """After a failure: AT answers again, and a halted interpreter starts again."""
        module = self.module
        module.line_overrides.clear()
        for engine in module.engines.values():
            engine.thaw()
        if module.interpreter_halted:
            module.restart_script("the firmware update failed")

    # -- download, validation, updating -----------------------------------------

    def _download(self) -> None:
        """The delta download (a test: its timing and messages, nothing fetched)."""
        job = self.job
        bearer, _ = self._access()
        setup = self._setup_ms()
        ftp = self.module.world.pfm.ftp if self.module.world.pfm else None
        if job.operation == "test":
            size = job.size or REFERENCE_SIZE
            self._set_phase(TESTING)
            self._later(setup + FTP_LOGIN_MS, self._download_started,
                        self._download_ms(size, bearer), None)
            return
        if job.protocol == SMS:
            self.module.radio.close_all("firmware update")     # 2.1.2, before the download
        problem = self._bearer()
        if problem is not None:
            self._later(setup, self._fail, problem)
            return
        if ftp is None or not ftp.available:
            self._later(setup + FTP_LOGIN_MS, self._fail, "FTP error (connection opening failed)")
            return
        delta = ftp.deltas.get(job.file)
        if delta is None:
            self._later(setup + FTP_LOGIN_MS, self._fail, "FTP error (no file %r)" % job.file)
            return
        job.to_version, job.from_version = delta.to_version, delta.from_version
        job.corrupt, job.size, job.bearer = delta.corrupt, delta.size, bearer
        self._later(setup + FTP_LOGIN_MS, self._download_started,
                    self._download_ms(delta.size, bearer), ftp.drop_at)

    def _download_ms(self, size: int, bearer: str) -> int:
        seconds = DOWNLOAD_SECONDS[CSD if bearer == CSD else self.module.world.gprs_timeslots]
        return size * seconds * 1000 // REFERENCE_SIZE

    def _ftp_trace(self, what: str) -> None:
        job = self.job
        self.module.trace.emit("fota", "ftp", "FTP %s %s" % (what, job.file), file=job.file,
                               size=job.size, bearer=job.bearer)

    def _download_started(self, duration: int, drop_at: float | None) -> None:
        self.urc(START_DOWNLOAD)
        if self.phase == TESTING:
            self._timer = self._later(duration, self._download_done)
            return
        self._set_phase(DOWNLOADING)
        self._ftp_trace("download started:")
        if drop_at is not None:
            self._timer = self._later(int(duration * drop_at), self._fail,
                                      "partial download (FTP connection dropped)")
        else:
            self._timer = self._later(duration, self._download_done)
        self._later(BEARER_CHECK_MS, self._watch_bearer)

    def _watch_bearer(self) -> None:
        """Note 2.2.3.2: losing the context or the call breaks the download."""
        if self.phase != DOWNLOADING:
            return
        lost = self._bearer_lost()
        if lost is not None:
            self._fail(lost)
        else:
            self._later(BEARER_CHECK_MS, self._watch_bearer)

    def _download_done(self) -> None:
        job = self.job
        testing = self.phase == TESTING
        if not testing:
            self._ftp_trace("download finished:")
        fields = {"imei": self.module.imei, "id": job.id, "progress": "downloaded"}
        if job.protocol == TCP:
            self._tcp(pfm.COMMAND_PROGRESS_ACK, fields, on_failure=self._trace)
        else:
            self._sms(pfm.COMMAND_PROGRESS, fields)
        self.urc(DOWNLOAD_COMPLETE)
        if testing:
            self._timer = self._later(VALIDATION_MS + UPDATING_MS, self._test_done)
        else:
            self._enter_flash_phase(VALIDATING)

    def _test_done(self) -> None:
        """Notes 2.3, 3.3: the Command Final of a test, when an update would have
        ended; nothing was flashed."""
        job = self.job
        fields = {"imei": self.module.imei, "id": job.id, "result": "test"}
        if job.protocol == TCP:
            self._tcp(pfm.COMMAND_FINAL, fields, on_failure=self._trace)
        else:
            self._sms(pfm.COMMAND_FINAL, fields)
        self._finish()

    def _enter_flash_phase(self, phase: str) -> None:
        """Validation or updating: every AT interface frozen (2.1.2: "during the delta
        firmware validation and the flash updating"), the interpreter halted while
        updating (2.1.2: "during the flash updating"; from the acceptance on in the
        literal reading of 3.1.2/4.1.2), DCD toggling."""
        module = self.module
        self._set_phase(phase)
        for engine in module.engines.values():
            engine.freeze()
        if phase == UPDATING or self._halts_whole_update(self.job):
            self._stop_interfaces("%s" % phase)
        if not isinstance(module.line_overrides.get("DCD"), Toggling):  # not when updating follows
            module.line_overrides.update(DCD=Toggling(module.clock.now, DCD_HALF_PERIOD_MS),
                                         DSR=0, CTS=0, RTS=0)
        remaining = (VALIDATION_MS if phase == VALIDATING else UPDATING_MS) - self.job.progress_ms
        self._timer = self._later(max(0, remaining), self._flash_phase_done)

    def _flash_phase_done(self) -> None:
        job = self.job
        job.progress_ms = 0
        if self.phase == VALIDATING:
            if job.corrupt:
                self._fail("delta file corrupted (checksum mismatch)")
            elif job.from_version != self.module.firmware:
                self._fail("wrong delta version (%s, module runs %s)"
                           % (job.from_version, self.module.firmware))
            else:
                self._enter_flash_phase(UPDATING)
            return
        module = self.module
        old = module.firmware
        module.firmware = job.to_version
        module.settings.wipe_for_update()
        self.notify = {"id": job.id, "protocol": job.protocol, "from": old,
                       "to": module.firmware}
        self.job = None
        self._trace("firmware %s -> %s written; rebooting" % (old, module.firmware))
        module.reboot("firmware update")

    def _send_final(self) -> None:
        notify = self.notify
        fields = {"imei": self.module.imei, "id": notify["id"], "result": "upgraded",
                  "fw": self.module.firmware}

        def done() -> None:
            self.notify = None
            self.urc(SERVER_NOTIFIED)

        if notify["protocol"] == TCP:
            self.module.radio.close_all("PFM Command Final over TCP/IP")
            self._tcp(pfm.COMMAND_FINAL, fields, on_sent=done, on_failure=lambda why: self._later(
                ANSWER_WINDOW_MS, self._when_ready, self._send_final))
        else:
            self._sms(pfm.COMMAND_FINAL, fields, on_sent=done)

    # -- failures -----------------------------------------------------------------

    def _fail(self, reason: str) -> None:
        """The update stops; the module goes on working as before (note 2.2.3.2)."""
        job = self.job
        if job is None:
            return
        if self.phase == DOWNLOADING:
            self._ftp_trace("download broken off:")
        self._trace("update failed: %s" % reason, reason=reason)
        if self._timer is not None:
            self._timer.cancel()
        self._finish()
        self._resume_interfaces()
        self._report_failure(job, reason)

    def _report_failure(self, job: FotaJob, reason: str) -> None:
        fields = {"imei": self.module.imei, "id": job.id, "error": reason}
        if job.protocol == TCP:
            self._tcp(pfm.ERROR_REPORT, fields, on_failure=lambda why: self._sms(
                pfm.ERROR_REPORT, fields))
        else:
            self._sms(pfm.ERROR_REPORT, fields)
        self.urc(FAILED)

    def _finish(self) -> None:
        self.job = None
        self._set_phase(IDLE)

    # -- the command gate -------------------------------------------------------

    def _gate(self, ctx: Context, form: str) -> None:
        """Refuse the note's inhibited commands while connecting and downloading."""
        if self.phase not in (CONNECTING, DOWNLOADING):
            return
        name = ctx.invocation.name
        if name not in INHIBITED or form == "test" or form == "read":
            return
        needed = INHIBITED[name]
        params = ctx.invocation.params
        if needed is None or (params and params[0].text == needed):
            self._trace("refused %s during the download" % ctx.invocation.text)
            raise CmeError(OPERATION_NOT_ALLOWED)
