"""Declared settings and their storage classes.

Every emulated setting is declared once in :data:`SETTINGS` with its class:

* ``volatile``: reset to its default at every power-on;
* ``nvm``: kept in the module's non-volatile memory over reboots and power loss;
* ``profile``: an active value per AT interface, stored by ``AT&W`` and
  recalled by ``ATZ`` / at power-on (the stored profile is NVM too).

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


@dataclass(frozen=True)
class SettingSpec:
    name: str
    storage: Storage
    default: Any          # JSON-compatible: int, str, list, dict with str keys
    doc: str

    @property
    def kept_over_update(self) -> bool:
        return self.name in KEPT_OVER_UPDATE


def _socket_defaults(values: list) -> dict[str, list]:
    return {str(conn): list(values) for conn in range(1, 7)}


_DECLARED = [
    # V.250 basics, per interface.
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
    SettingSpec("#SCFGEXT", NVM, _socket_defaults([0, 0, 0, 0]),
                "socket extended config: connId -> [srMode, dataMode, keepalive, listenAutoRsp]"),
    # NVM settings that a firmware update wipes (the agent must restore them).
    SettingSpec("+CGCLASS", NVM, "B", "GPRS mobile class: B, CG or CC"),
    SettingSpec("#AUTOATT", NVM, 1, "GPRS auto-attach flag"),
    SettingSpec("#USERID", NVM, "", "Easy GPRS user id"),
    SettingSpec("#PASSW", NVM, "", "Easy GPRS password"),
    SettingSpec("#PKTSZ", NVM, 300, "Easy GPRS packet size"),
    SettingSpec("#SLED", NVM, 0, "status LED mode"),
    SettingSpec("#NITZ", NVM, 1, "network time update"),
    SettingSpec("#SIMDET", NVM, 2, "SIM detection mode"),
    SettingSpec("+CSCS", NVM, "IRA", "character set"),
    SettingSpec("#OTASUAN", NVM, [2, 0], "#OTAEV URC mode (0 buffer, 1 discard online, 2 "
                "buffer online), flush on entering 1/2"),
    SettingSpec("+CFUN", VOLATILE, 1, "functionality level"),
    SettingSpec("+CGATT", VOLATILE, 0, "GPRS attached (state)"),
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
        self.volatile: dict[str, Any] = defaults(VOLATILE)
        self.stored_profile: dict[str, Any] = defaults(PROFILE)
        self._on_change = on_change or (lambda source, name, value: None)

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

    def power_on(self) -> None:
        self.volatile = defaults(VOLATILE)

    def new_active_profile(self) -> dict[str, Any]:
        return copy.deepcopy(self.stored_profile)

    def store_profile(self, active: dict[str, Any]) -> None:
        self.stored_profile = copy.deepcopy(active)

    def wipe_for_update(self) -> None:
        """What a firmware update does: every stored value back to its factory
        default, except the section 8.1 parameters."""
        for table, storage in ((self.nvm, NVM), (self.stored_profile, PROFILE)):
            for name, value in defaults(storage).items():
                if not SETTINGS[name].kept_over_update and table.get(name) != value:
                    table[name] = value
                    self._on_change("fota", name, value)

    def to_json(self) -> dict[str, Any]:
        return {"nvm": copy.deepcopy(self.nvm), "profile": copy.deepcopy(self.stored_profile)}

    def load_json(self, data: dict[str, Any]) -> None:
        """Load saved values; unknown names are ignored, missing ones keep defaults."""
        for key, target in (("nvm", self.nvm), ("profile", self.stored_profile)):
            saved = data.get(key, {})
            if not isinstance(saved, dict):
                raise ValueError("%r must be an object" % key)
            for name, value in saved.items():
                if name in target:
                    target[name] = value
