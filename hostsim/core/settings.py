"""Declared settings and their storage classes.

Every emulated setting is declared once in :data:`SETTINGS` with its class:

* ``volatile``: reset to its default at every power-on;
* ``nvm``: kept in the module's non-volatile memory over reboots and power loss;
* ``profile``: an active value per AT interface, stored in one of the two
  user profiles by ``AT&W<n>`` and recalled by ``ATZ<n>``; at power-on the
  profile that ``AT&P`` (all of it) or ``AT&Y`` (its base section only, the
  V.250 settings; the rest from the factory) designated (the stored profiles
  are NVM too).

A volatile setting may have a saved copy: ``saved_in`` names the NVM
setting (a dict keyed by setting name) that a save command (``#SKTSAV``,
``#SLEDSAV``) fills and power-on loads it from.  A ``hardware`` setting (the
real-time clock) is kept over power loss and over a firmware update alike.

A firmware update wipes every stored value (NVM and stored profile) except
the parameters of section 8.1 of the PFM application note, listed as data in
:data:`KEPT_OVER_UPDATE`.
"""
from __future__ import annotations

import copy
import enum
from dataclasses import dataclass
from typing import Any, Callable


class Storage(enum.Enum):
    VOLATILE = "volatile"
    NVM = "nvm"
    PROFILE = "profile"


# Section 8.1 "Commands parameters stored during update process" (the note
# spells #ESCRIPT as #ESCRPT).  Only these survive a firmware update.
KEPT_OVER_UPDATE = frozenset({
    "#ESCRIPT", "#STARTMODESCR", "#CMUXSCR", "#BND", "#AUTOBND", "#ENS",
    "#SMSMODE", "#SELINT", "#COPSMODE", "#ENHSIM", "+COPS", "#SMSATRUNCFG",
    "#SMSATWL", "#TCPATRUNCFG", "#TCPATRUNFRWL", "#TCPATRUNAUTH", "+CGDCONT",
    "#GSMCONT", "#DNS", "#SGACTCFG", "#SKTSAV", "#SKTRST", "#SCFG", "#SCFGEXT",
    "+IPR",
})

VOLATILE, NVM, PROFILE = Storage.VOLATILE, Storage.NVM, Storage.PROFILE


PROFILE_NUMBERS = (0, 1)     # the two user profiles of &W, Z, &P, &Y


@dataclass(frozen=True)
class SettingSpec:
    name: str
    storage: Storage
    default: Any          # JSON-compatible: int, str, list, dict with str keys
    doc: str
    saved_in: str = ""    # volatile: the NVM setting holding its saved value
    hardware: bool = False   # kept by the hardware, whatever happens to the NVM
    # A list value no AT command's parameters describe one to one: the range
    # (lowest, highest) of each item, checked when a saved state is loaded.
    item_ranges: tuple[tuple[int, int], ...] = ()

    @property
    def kept_over_update(self) -> bool:
        return self.name in KEPT_OVER_UPDATE or self.hardware

    @property
    def base_section(self) -> bool:
        """A profile setting of the base section (V.250), the part &Y loads."""
        return self.storage is PROFILE and self.name[0] not in "+#"


def _socket_defaults(values: list) -> dict[str, list]:
    return {str(conn): list(values) for conn in range(1, 7)}


_DECLARED = [
    # V.250 basics, per interface.  Every AT parser instance (ASC0, MDM, MDM2) loads
    # the same stored profile at power-on (80000ST10025a 3.2.6): the script's MDM
    # echoes too, as Telit's samples allow for (docs/emulator.md, "What the
    # emulated module answers").
    SettingSpec("E", PROFILE, 1, "echo of command characters"),
    SettingSpec("V", PROFILE, 1, "verbose (1) or numeric (0) result codes"),
    SettingSpec("Q", PROFILE, 0, "result codes suppressed (1)"),
    SettingSpec("X", PROFILE, 1, "extended result codes"),
    SettingSpec("&K", PROFILE, 3, "flow control: 0 none, 3 RTS/CTS"),
    SettingSpec("&D", PROFILE, 2, "DTR behaviour"),
    SettingSpec("S0", PROFILE, 0, "rings before automatic answer"),
    SettingSpec("S3", PROFILE, 13, "command line termination character"),
    SettingSpec("S4", PROFILE, 10, "response formatting character"),
    SettingSpec("S5", PROFILE, 8, "command line editing character"),
    SettingSpec("S7", PROFILE, 60, "connection completion timeout (s)"),
    SettingSpec("S12", PROFILE, 50, "escape guard time (1/50 s)"),
    SettingSpec("+CMEE", PROFILE, 0, "error reporting: 0 ERROR, 1 numeric, 2 verbose"),
    SettingSpec("+CREG", PROFILE, 0, "network registration URC mode"),
    SettingSpec("+CGREG", PROFILE, 0, "GPRS registration URC mode"),
    SettingSpec("+CMGF", PROFILE, 0, "SMS format: 0 PDU, 1 text"),
    SettingSpec("+CNMI", PROFILE, [0, 0, 0, 0, 0], "new SMS indications mode,mt,bm,ds,bfr"),
    SettingSpec("+CSDH", PROFILE, 0, "show text mode header details"),
    SettingSpec("#SKIPESC", PROFILE, 0, "skip +++ in online data"),
    SettingSpec("#OTASETRI", PROFILE, 0, "RI pulse (ms) on a manual FOTA request"),
    # Module-wide NVM settings.
    SettingSpec("+IPR", NVM, 0, "DTE rate on ASC0; 0 is autobauding"),
    SettingSpec("#ESCRIPT", NVM, "", "script started at power-on"),
    SettingSpec("#STARTMODESCR", NVM, [0, 10], "script start mode, window (s)"),
    SettingSpec("#CMUXSCR", NVM, [0, 0], "CMUX for the script: enable, rate"),
    SettingSpec("#SELINT", NVM, 2, "AT interface style"),
    SettingSpec("#SMSMODE", NVM, 0, "SMS command mode"),
    SettingSpec("#BND", NVM, 0, "band selection"),
    SettingSpec("#AUTOBND", NVM, 2, "automatic band selection"),
    SettingSpec("+COPS", NVM, [0, 0, ""], "operator selection mode,format,oper"),
    SettingSpec("+CGDCONT", NVM, {}, "PDP contexts: cid -> [type, apn, addr, d_comp, h_comp]"),
    SettingSpec("#DNS", NVM, {}, "DNS per cid: cid -> [primary, secondary]"),
    SettingSpec("#SGACTCFG", NVM, {}, "context activation retry: cid -> [retry, delay, urcmode]"),
    SettingSpec("#SCFG", NVM, _socket_defaults([1, 300, 90, 600, 50]),
                "socket config: connId -> [cid, pktSz, maxTo, connTo, txTo]"),
    SettingSpec("#SCFGEXT", NVM, _socket_defaults([0, 0, 0, 0, 0]),
                "socket extended config: connId -> [srMode, recvDataMode, keepalive, "
                "listenAutoRsp, sendDataMode]"),
    # NVM settings that a firmware update wipes (the agent must restore them).
    SettingSpec("+CGCLASS", NVM, "B", "GPRS mobile class: B, CG or CC"),
    SettingSpec("#AUTOATT", NVM, 1, "GPRS auto-attach flag"),
    SettingSpec("#USERID", NVM, "", "Easy GPRS user id"),
    SettingSpec("#PASSW", NVM, "", "Easy GPRS password"),
    SettingSpec("#PKTSZ", NVM, 300, "Easy GPRS packet size"),
    SettingSpec("#NITZ", NVM, 1, "network time update"),
    SettingSpec("#SIMDET", NVM, 2, "SIM detection mode"),
    SettingSpec("+CSCS", NVM, "IRA", "character set"),
    SettingSpec("#OTASUAN", NVM, [2, 0], "#OTAEV URC mode (0 buffer, 1 discard online, 2 "
                "buffer online), flush on entering 1/2"),
    SettingSpec("+CFUN", VOLATILE, 1, "functionality level"),
    SettingSpec("+CGATT", VOLATILE, 0, "GPRS attached (state)"),
    # Profiles (80000ST10025a Rev.5 section 3.2.6): the startup designation.
    SettingSpec("&P", NVM, [0, 1], "profile loaded at power-on: number, full (1 by &P, "
                "0 by &Y: base section only)",
                item_ranges=((PROFILE_NUMBERS[0], PROFILE_NUMBERS[-1]), (0, 1))),
    # Identity, clock and status (identity family).
    SettingSpec("+CCLK", NVM, [0, 0], "real-time clock: seconds since 2000-01-01 at virtual "
                "time 0, time zone in quarters of an hour", hardware=True),
    SettingSpec("#ENHRST", NVM, [0, 0], "enhanced reset: mode (2 periodic is kept), minutes"),
    SettingSpec("#ENHRST:due", VOLATILE, -1, "virtual ms of the pending #ENHRST reset (-1 none)"),
    SettingSpec("#CPUMODE", NVM, 0, "CPU clock mode"),
    SettingSpec("#PLMNMODE", NVM, 0, "PLMN list selection mode"),
    SettingSpec("#MONI", VOLATILE, 0, "cell #MONI reports: 0-6 one cell, 7 all"),
    SettingSpec("#TEMPMON", NVM, [0, 0, 0, 1], "temperature monitor: urcmode, action, "
                "hyst_time, GPIO"),
    SettingSpec("#SLED", VOLATILE, [0, 10, 10], "status LED: mode, on, off (1/10 s)",
                saved_in="#SLEDSAV"),
    SettingSpec("#SLEDSAV", NVM, {}, "#SLED values saved by #SLEDSAV"),
    SettingSpec("+CGQREQ", NVM, {}, "requested QoS: cid -> [precedence, delay, reliability, "
                "peak, mean]"),
    SettingSpec("+CGQMIN", NVM, {}, "minimum QoS: cid -> [precedence, delay, reliability, "
                "peak, mean]"),
    # Section 8.1 settings not used elsewhere (settings81 family).
    SettingSpec("#ENS", NVM, 0, "ENS functionality"),
    SettingSpec("#COPSMODE", NVM, 0, "+COPS behaviour"),
    SettingSpec("#ENHSIM", NVM, 0, "enhanced SIM speed"),
    SettingSpec("#SMSATRUNCFG", NVM, [3, 1, 5], "SMS AT run: instance, urcmod, timeout (min)"),
    SettingSpec("#SMSATWL", NVM, {}, "SMS AT run white list: index -> [entryType, string]"),
    SettingSpec("#TCPATRUNCFG", NVM, [1, 2, 1024, 1024, "", 1, 5, 0, 0, 5],
                "TCP AT run: connId, instance, tcpPort, tcpHostPort, tcpHost, urcmod, "
                "timeout, authMode, retryCnt, retryDelay"),
    SettingSpec("#TCPATRUNFRWL", NVM, [], "TCP AT run firewall: [ip_addr, net_mask] rules"),
    SettingSpec("#TCPATRUNAUTH", NVM, {}, "TCP AT run credentials: index -> [userid, passw]"),
    SettingSpec("#GSMCONT", NVM, [], "GSM context: [cid, P_type, CSD_num] or []"),
    # Socket family: Easy GPRS sockets (#SKTD, #SKTOP) and listening sockets.
    SettingSpec("#SKTSET", VOLATILE, [0, 0, "", 0, 0], "#SKTOP socket: type, remote port, "
                "remote addr, closure type, local port", saved_in="#SKTSAV"),
    SettingSpec("#SKTTO", VOLATILE, 90, "Easy GPRS socket inactivity time-out (s)",
                saved_in="#SKTSAV"),
    SettingSpec("#SKTCT", VOLATILE, 600, "Easy GPRS TCP connection time-out (1/10 s)",
                saved_in="#SKTSAV"),
    SettingSpec("#DSTO", VOLATILE, 50, "Easy GPRS data sending time-out (1/10 s)",
                saved_in="#SKTSAV"),
    SettingSpec("#SKTSAV", NVM, {}, "socket parameters saved by #SKTSAV (empty: factory)"),
    SettingSpec("#FRWL", VOLATILE, [], "firewall ACCEPT rules [ip_addr, net_mask]; empty at "
                "power-on"),
    # E-mail (email family).
    SettingSpec("#ESMTP", VOLATILE, "", "SMTP server", saved_in="#ESAV"),
    SettingSpec("#EADDR", VOLATILE, "", "sender address", saved_in="#ESAV"),
    SettingSpec("#EUSER", VOLATILE, "", "SMTP user", saved_in="#ESAV"),
    SettingSpec("#EPASSW", VOLATILE, "", "SMTP password", saved_in="#ESAV"),
    SettingSpec("#ESAV", NVM, {}, "e-mail parameters saved by #ESAV (empty: factory)"),
    # FTP client (ftp family).
    SettingSpec("#FTPTO", VOLATILE, 100, "FTP time-out (1/10 s)"),
    # Phonebook (phonebook family); the entries live on the SIM.
    SettingSpec("+CPBS", VOLATILE, "SM", "phonebook memory storage"),
]

SETTINGS: dict[str, SettingSpec] = {spec.name: spec for spec in _DECLARED}


def default(name: str) -> Any:
    return copy.deepcopy(SETTINGS[name].default)


def defaults(storage: Storage) -> dict[str, Any]:
    return {n: default(n) for n, spec in SETTINGS.items() if spec.storage is storage}


class Settings:
    """Module-wide values (NVM and volatile) and the stored profile.

    Active profile values live in each AT interface (see ``AtEngine.profile``);
    ``store_profile`` / ``recall_profile`` move them to and from here.
    """

    def __init__(self, on_change: Callable[[str, str, Any], None] | None = None):
        self.nvm: dict[str, Any] = defaults(NVM)
        self.stored_profiles: list[dict[str, Any]] = [defaults(PROFILE) for _ in PROFILE_NUMBERS]
        self._on_change = on_change or (lambda source, name, value: None)
        self.volatile: dict[str, Any] = self._saved_volatile()

    @property
    def stored_profile(self) -> dict[str, Any]:
        """User profile 0."""
        return self.stored_profiles[0]

    def _table(self, name: str) -> dict[str, Any]:
        spec = SETTINGS[name]
        if spec.storage is NVM:
            return self.nvm
        if spec.storage is VOLATILE:
            return self.volatile
        raise KeyError("%s is a per-interface profile setting" % name)

    def get(self, name: str) -> Any:
        return self._table(name)[name]

    def set(self, name: str, value: Any, source: str = "module") -> None:
        table = self._table(name)
        if table.get(name) != value:
            table[name] = copy.deepcopy(value)
            self._on_change(source, name, value)

    def _saved_volatile(self) -> dict[str, Any]:
        """Volatile values as at power-on: factory defaults, or their saved copies."""
        values = defaults(VOLATILE)
        for name, spec in SETTINGS.items():
            if spec.saved_in and name in self.nvm[spec.saved_in]:
                values[name] = copy.deepcopy(self.nvm[spec.saved_in][name])
        return values

    def power_on(self) -> None:
        self.volatile = self._saved_volatile()

    def save_volatile(self, saved_in: str, source: str = "module") -> None:
        """Store the active values of the settings saved in ``saved_in`` (#SKTSAV, #SLEDSAV)."""
        self.set(saved_in, {name: copy.deepcopy(self.volatile[name])
                            for name, spec in SETTINGS.items() if spec.saved_in == saved_in},
                 source)

    def reset_saved(self, saved_in: str, source: str = "module") -> None:
        """Factory values for the settings saved in ``saved_in``, active and stored (#SKTRST)."""
        for name, spec in SETTINGS.items():
            if spec.saved_in == saved_in:
                self.set(name, default(name), source)
        self.set(saved_in, {}, source)

    def new_active_profile(self, number: int | None = None) -> dict[str, Any]:
        """Stored profile ``number``; None: what power-on loads (see ``&P``)."""
        if number is not None:
            return copy.deepcopy(self.stored_profiles[number])
        number, full = self.nvm["&P"]
        stored = self.stored_profiles[number]
        factory = defaults(PROFILE)
        return {name: copy.deepcopy(stored[name]) if full or SETTINGS[name].base_section
                else factory[name] for name in factory}

    def store_profile(self, active: dict[str, Any], number: int = 0) -> None:
        self.stored_profiles[number] = copy.deepcopy(active)

    def wipe_for_update(self) -> None:
        """What a firmware update does: every stored value back to its factory
        default, except the section 8.1 parameters."""
        for table, storage in [(self.nvm, NVM)] + [(p, PROFILE) for p in self.stored_profiles]:
            for name, value in defaults(storage).items():
                if not SETTINGS[name].kept_over_update and table.get(name) != value:
                    table[name] = value
                    self._on_change("fota", name, value)

    def to_json(self) -> dict[str, Any]:
        return {"nvm": copy.deepcopy(self.nvm), "profile": copy.deepcopy(self.stored_profiles[0]),
                "profile1": copy.deepcopy(self.stored_profiles[1])}

    def load_json(self, data: dict[str, Any]) -> None:
        """Load saved values; unknown names are ignored, missing ones keep defaults."""
        for key, target in (("nvm", self.nvm), ("profile", self.stored_profiles[0]),
                            ("profile1", self.stored_profiles[1])):
            saved = data.get(key, {})
            if not isinstance(saved, dict):
                raise ValueError("%r must be an object" % key)
            for name, value in saved.items():
                if name in target:
                    target[name] = value
