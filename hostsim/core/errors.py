"""Errors: AT result-code errors raised by command handlers, and user errors.

Handlers raise :class:`CmeError` / :class:`CmsError` / :class:`AtSyntaxError`;
the AT engine turns them into ``ERROR``, ``+CME ERROR: ...`` or
``+CMS ERROR: ...`` according to ``+CMEE``.  They never leave the engine.
"""
from __future__ import annotations

# 3GPP TS 27.007 +CME ERROR codes as listed in the Telit AT reference (ATR5 p.11),
# plus the GPRS and Telit IP-stack codes a script meets.
PHONE_FAILURE = 0
NO_CONNECTION_TO_PHONE = 1
PHONE_ADAPTOR_LINK_RESERVED = 2
OPERATION_NOT_ALLOWED = 3
OPERATION_NOT_SUPPORTED = 4
PH_SIM_PIN_REQUIRED = 5
SIM_NOT_INSERTED = 10
SIM_PIN_REQUIRED = 11
SIM_PUK_REQUIRED = 12
SIM_FAILURE = 13
SIM_BUSY = 14
SIM_WRONG = 15
INCORRECT_PASSWORD = 16
SIM_PIN2_REQUIRED = 17
SIM_PUK2_REQUIRED = 18
MEMORY_FULL = 20
INVALID_INDEX = 21
NOT_FOUND = 22
MEMORY_FAILURE = 23
TEXT_STRING_TOO_LONG = 24
INVALID_CHARACTERS_IN_TEXT_STRING = 25
DIAL_STRING_TOO_LONG = 26
INVALID_CHARACTERS_IN_DIAL_STRING = 27
NO_NETWORK_SERVICE = 30
NETWORK_TIMEOUT = 31
NETWORK_NOT_ALLOWED_EMERGENCY_CALLS_ONLY = 32
UNKNOWN = 100
ILLEGAL_MS = 103
ILLEGAL_ME = 106
GPRS_SERVICES_NOT_ALLOWED = 107
PLMN_NOT_ALLOWED = 111
LOCATION_AREA_NOT_ALLOWED = 112
ROAMING_NOT_ALLOWED_IN_THIS_LOCATION_AREA = 113
SERVICE_OPTION_NOT_SUPPORTED = 132
REQUESTED_SERVICE_OPTION_NOT_SUBSCRIBED = 133
SERVICE_OPTION_TEMPORARILY_OUT_OF_ORDER = 134
UNSPECIFIED_GPRS_ERROR = 148
PDP_AUTHENTICATION_FAILURE = 149
INVALID_MOBILE_CLASS = 150
GENERIC_UNDOCUMENTED_ERROR = 550
WRONG_STATE = 551
WRONG_MODE = 552
CONTEXT_ALREADY_ACTIVATED = 553
STACK_ALREADY_ACTIVE = 554
ACTIVATION_FAILED = 555
CONTEXT_NOT_OPENED = 556
CANNOT_SETUP_SOCKET = 557
CANNOT_RESOLVE_DN = 558
TIMEOUT_IN_OPENING_SOCKET = 559
CANNOT_OPEN_SOCKET = 560
REMOTE_DISCONNECTED_OR_TIMEOUT = 561
CONNECTION_FAILED = 562
TX_ERROR = 563
ALREADY_LISTENING = 564
# FTP client errors (Telit AT Commands Reference Guide 80000ST10025a, +CME ERROR table).
FTP_GENERIC_ERROR = 600
FTP_WRONG_STATE = 601
FTP_CANNOT_ACTIVATE = 602
FTP_CANNOT_RESOLVE_NAME = 603
FTP_CANNOT_ALLOCATE_CONTROL_SOCKET = 604
FTP_CANNOT_CONNECT_CONTROL_SOCKET = 605
FTP_BAD_OR_NO_RESPONSE = 606
FTP_NOT_CONNECTED = 607
FTP_ALREADY_CONNECTED = 608
FTP_CONTEXT_DOWN = 609

CME_ERRORS = {
    PHONE_FAILURE: 'phone failure',
    NO_CONNECTION_TO_PHONE: 'No connection to phone',
    PHONE_ADAPTOR_LINK_RESERVED: 'phone-adaptor link reserved',
    OPERATION_NOT_ALLOWED: 'operation not allowed',
    OPERATION_NOT_SUPPORTED: 'operation not supported',
    PH_SIM_PIN_REQUIRED: 'PH-SIM PIN required',
    SIM_NOT_INSERTED: 'SIM not inserted',
    SIM_PIN_REQUIRED: 'SIM PIN required',
    SIM_PUK_REQUIRED: 'SIM PUK required',
    SIM_FAILURE: 'SIM failure',
    SIM_BUSY: 'SIM busy',
    SIM_WRONG: 'SIM wrong',
    INCORRECT_PASSWORD: 'incorrect password',
    SIM_PIN2_REQUIRED: 'SIM PIN2 required',
    SIM_PUK2_REQUIRED: 'SIM PUK2 required',
    MEMORY_FULL: 'memory full',
    INVALID_INDEX: 'invalid index',
    NOT_FOUND: 'not found',
    MEMORY_FAILURE: 'memory failure',
    TEXT_STRING_TOO_LONG: 'text string too long',
    INVALID_CHARACTERS_IN_TEXT_STRING: 'invalid characters in text string',
    DIAL_STRING_TOO_LONG: 'dial string too long',
    INVALID_CHARACTERS_IN_DIAL_STRING: 'invalid characters in dial string',
    NO_NETWORK_SERVICE: 'no network service',
    NETWORK_TIMEOUT: 'network time-out',
    NETWORK_NOT_ALLOWED_EMERGENCY_CALLS_ONLY: 'network not allowed - emergency calls only',
    UNKNOWN: 'unknown',
    ILLEGAL_MS: 'Illegal MS (#3)',
    ILLEGAL_ME: 'Illegal ME (#6)',
    GPRS_SERVICES_NOT_ALLOWED: 'GPRS services not allowed (#7)',
    PLMN_NOT_ALLOWED: 'PLMN not allowed (#11)',
    LOCATION_AREA_NOT_ALLOWED: 'Location area not allowed (#12)',
    ROAMING_NOT_ALLOWED_IN_THIS_LOCATION_AREA: 'Roaming not allowed in this location area (#13)',
    SERVICE_OPTION_NOT_SUPPORTED: 'service option not supported (#32)',
    REQUESTED_SERVICE_OPTION_NOT_SUBSCRIBED: 'requested service option not subscribed (#33)',
    SERVICE_OPTION_TEMPORARILY_OUT_OF_ORDER: 'service option temporarily out of order (#34)',
    UNSPECIFIED_GPRS_ERROR: 'unspecified GPRS error',
    PDP_AUTHENTICATION_FAILURE: 'PDP authentication failure',
    INVALID_MOBILE_CLASS: 'invalid mobile class',
    GENERIC_UNDOCUMENTED_ERROR: 'generic undocumented error',
    WRONG_STATE: 'wrong state',
    WRONG_MODE: 'wrong mode',
    CONTEXT_ALREADY_ACTIVATED: 'context already activated',
    STACK_ALREADY_ACTIVE: 'stack already active',
    ACTIVATION_FAILED: 'activation failed',
    CONTEXT_NOT_OPENED: 'context not opened',
    CANNOT_SETUP_SOCKET: 'cannot setup socket',
    CANNOT_RESOLVE_DN: 'cannot resolve DN',
    TIMEOUT_IN_OPENING_SOCKET: 'time-out in opening socket',
    CANNOT_OPEN_SOCKET: 'cannot open socket',
    REMOTE_DISCONNECTED_OR_TIMEOUT: 'remote disconnected or time-out',
    CONNECTION_FAILED: 'connection failed',
    TX_ERROR: 'tx error',
    ALREADY_LISTENING: 'already listening',
    FTP_GENERIC_ERROR: 'generic undocumented error',
    FTP_WRONG_STATE: 'wrong state',
    FTP_CANNOT_ACTIVATE: 'can not activate',
    FTP_CANNOT_RESOLVE_NAME: 'can not resolve name',
    FTP_CANNOT_ALLOCATE_CONTROL_SOCKET: 'can not allocate control socket',
    FTP_CANNOT_CONNECT_CONTROL_SOCKET: 'can not connect control socket',
    FTP_BAD_OR_NO_RESPONSE: 'bad or no response from server',
    FTP_NOT_CONNECTED: 'not connected',
    FTP_ALREADY_CONNECTED: 'already connected',
    FTP_CONTEXT_DOWN: 'context down',
}

# 3GPP TS 27.005 +CMS ERROR codes.
CMS_ME_FAILURE = 300
CMS_SMS_SERVICE_OF_ME_RESERVED = 301
CMS_OPERATION_NOT_ALLOWED = 302
CMS_OPERATION_NOT_SUPPORTED = 303
CMS_INVALID_PDU_MODE_PARAMETER = 304
CMS_INVALID_TEXT_MODE_PARAMETER = 305
CMS_SIM_NOT_INSERTED = 310
CMS_SIM_PIN_REQUIRED = 311
CMS_PH_SIM_PIN_REQUIRED = 312
CMS_SIM_FAILURE = 313
CMS_SIM_BUSY = 314
CMS_SIM_WRONG = 315
CMS_SIM_PUK_REQUIRED = 316
CMS_MEMORY_FAILURE = 320
CMS_INVALID_MEMORY_INDEX = 321
CMS_MEMORY_FULL = 322
CMS_SMSC_ADDRESS_UNKNOWN = 330
CMS_NO_NETWORK_SERVICE = 331
CMS_NETWORK_TIMEOUT = 332
CMS_NO_CNMA_ACKNOWLEDGEMENT_EXPECTED = 340
CMS_UNKNOWN_ERROR = 500

CMS_ERRORS = {
    CMS_ME_FAILURE: 'ME failure',
    CMS_SMS_SERVICE_OF_ME_RESERVED: 'SMS service of ME reserved',
    CMS_OPERATION_NOT_ALLOWED: 'operation not allowed',
    CMS_OPERATION_NOT_SUPPORTED: 'operation not supported',
    CMS_INVALID_PDU_MODE_PARAMETER: 'invalid PDU mode parameter',
    CMS_INVALID_TEXT_MODE_PARAMETER: 'invalid text mode parameter',
    CMS_SIM_NOT_INSERTED: 'SIM not inserted',
    CMS_SIM_PIN_REQUIRED: 'SIM PIN required',
    CMS_PH_SIM_PIN_REQUIRED: 'PH-SIM PIN required',
    CMS_SIM_FAILURE: 'SIM failure',
    CMS_SIM_BUSY: 'SIM busy',
    CMS_SIM_WRONG: 'SIM wrong',
    CMS_SIM_PUK_REQUIRED: 'SIM PUK required',
    CMS_MEMORY_FAILURE: 'memory failure',
    CMS_INVALID_MEMORY_INDEX: 'invalid memory index',
    CMS_MEMORY_FULL: 'memory full',
    CMS_SMSC_ADDRESS_UNKNOWN: 'SMSC address unknown',
    CMS_NO_NETWORK_SERVICE: 'no network service',
    CMS_NETWORK_TIMEOUT: 'network time-out',
    CMS_NO_CNMA_ACKNOWLEDGEMENT_EXPECTED: 'no +CNMA acknowledgement expected',
    CMS_UNKNOWN_ERROR: 'unknown error',
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
