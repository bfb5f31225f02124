"""Errors: AT result-code errors raised by command handlers, and user errors.

Handlers raise :class:`CmeError` / :class:`CmsError` / :class:`AtSyntaxError`;
the AT engine turns them into ``ERROR``, ``+CME ERROR: ...`` or
``+CMS ERROR: ...`` according to ``+CMEE``.  They never leave the engine.
"""
from __future__ import annotations

# 3GPP TS 27.007 +CME ERROR codes as listed in the Telit AT reference (ATR5 p.11),
# plus the GPRS and Telit IP-stack codes a script meets.
CME_ERRORS = {
    0: "phone failure",
    1: "No connection to phone",
    2: "phone-adaptor link reserved",
    3: "operation not allowed",
    4: "operation not supported",
    5: "PH-SIM PIN required",
    10: "SIM not inserted",
    11: "SIM PIN required",
    12: "SIM PUK required",
    13: "SIM failure",
    14: "SIM busy",
    15: "SIM wrong",
    16: "incorrect password",
    17: "SIM PIN2 required",
    18: "SIM PUK2 required",
    20: "memory full",
    21: "invalid index",
    22: "not found",
    23: "memory failure",
    24: "text string too long",
    25: "invalid characters in text string",
    26: "dial string too long",
    27: "invalid characters in dial string",
    30: "no network service",
    31: "network time-out",
    32: "network not allowed - emergency calls only",
    100: "unknown",
    103: "Illegal MS (#3)",
    106: "Illegal ME (#6)",
    107: "GPRS services not allowed (#7)",
    111: "PLMN not allowed (#11)",
    112: "Location area not allowed (#12)",
    113: "Roaming not allowed in this location area (#13)",
    132: "service option not supported (#32)",
    133: "requested service option not subscribed (#33)",
    134: "service option temporarily out of order (#34)",
    148: "unspecified GPRS error",
    149: "PDP authentication failure",
    150: "invalid mobile class",
    550: "generic undocumented error",
    551: "wrong state",
    552: "wrong mode",
    553: "context already activated",
    554: "stack already active",
    555: "activation failed",
    556: "context not opened",
    557: "cannot setup socket",
    558: "cannot resolve DN",
    559: "time-out in opening socket",
    560: "cannot open socket",
    561: "remote disconnected or time-out",
    562: "connection failed",
    563: "tx error",
    564: "already listening",
}

# 3GPP TS 27.005 +CMS ERROR codes.
CMS_ERRORS = {
    300: "ME failure",
    301: "SMS service of ME reserved",
    302: "operation not allowed",
    303: "operation not supported",
    304: "invalid PDU mode parameter",
    305: "invalid text mode parameter",
    310: "SIM not inserted",
    311: "SIM PIN required",
    312: "PH-SIM PIN required",
    313: "SIM failure",
    314: "SIM busy",
    315: "SIM wrong",
    316: "SIM PUK required",
    320: "memory failure",
    321: "invalid memory index",
    322: "memory full",
    330: "SMSC address unknown",
    331: "no network service",
    332: "network time-out",
    340: "no +CNMA acknowledgement expected",
    500: "unknown error",
}


class AtError(Exception):
    """A command failed; the engine renders it as a final result code."""


class AtSyntaxError(AtError):
    """Malformed command or parameters: always plain ``ERROR``."""


class CmeError(AtError):
    def __init__(self, code: int):
        if code not in CME_ERRORS:
            raise ValueError("unknown +CME ERROR code %d" % code)
        super().__init__("+CME ERROR: %d (%s)" % (code, CME_ERRORS[code]))
        self.code = code


class CmsError(AtError):
    def __init__(self, code: int):
        if code not in CMS_ERRORS:
            raise ValueError("unknown +CMS ERROR code %d" % code)
        super().__init__("+CMS ERROR: %d (%s)" % (code, CMS_ERRORS[code]))
        self.code = code


class HostsimError(Exception):
    """A user-facing error (bad state directory, bad option, ...): one line, exit 1."""
