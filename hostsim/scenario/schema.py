"""The JSON Schema of scenario files, and its errors as one line naming the field.

Every section of a scenario is declared here once: its keys, their types and
ranges.  :func:`check` validates a document with the ``jsonschema`` library and
turns the most relevant error into ``events[2].at: must be a number >= 0 and <=
604800``.  The actions of ``events`` are declared in :data:`ACTION_KEYS` (the
keys each accepts besides ``do``, ``at``, ``on``, ``after`` and ``module``) and
:data:`ACTION_REQUIRED`.
"""
from __future__ import annotations

from typing import Any

import jsonschema

from hostsim.core.models import MODELS
from hostsim.fota.module_side import HALTING_READINGS
from hostsim.fota.pfm import MESSAGES
from hostsim.parts.gpio import PINS
from hostsim.parts.gps import NMEA_KINDS
from hostsim.parts.sim import PIN_ATTEMPTS, PUK_ATTEMPTS

MAX_DURATION_S = 7 * 24 * 3600        # a scenario lasts at most a virtual week
MAX_PORT = 65535
MODULE_NAMES = ("A", "B")             # B exists when the scenario has a second_module
PEER_KINDS = ("echo", "lines", "http", "smtp", "ftp")
SERIAL_PORTS = ("SER", "SER2")
AT_INTERFACES = ("ASC0", "MDM", "MDM2")

# -- building blocks -----------------------------------------------------------------


def _text(pattern: str | None = None, description: str = "", max_length: int = 1000,
          nullable: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["string", "null"] if nullable else "string",
                              "maxLength": max_length}
    if pattern:
        schema["pattern"] = pattern
        schema["description"] = description
    return schema


def _number(lo: float = 0, hi: float = MAX_DURATION_S) -> dict[str, Any]:
    return {"type": "number", "minimum": lo, "maximum": hi}


def _integer(lo: int, hi: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": lo, "maximum": hi}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "required": list(required)}


def _list(items: dict[str, Any], max_items: int = 10_000) -> dict[str, Any]:
    return {"type": "array", "items": items, "maxItems": max_items}


BOOLEAN = {"type": "boolean"}
SECONDS = _number()
DIGITS_PIN = _text(r"^[0-9]{4,8}$", "4 to 8 digits", nullable=True)
PHONE_NUMBER = _text(r"^\+?[0-9]{3,20}$", "a phone number (digits, + in front allowed)")
FIRMWARE = _text(r"^[0-9]{2}\.[0-9]{2}\.[0-9]{3}$", "a firmware version like 10.00.144")
LATITUDE = _number(-90, 90)
LONGITUDE = _number(-180, 180)
ALTITUDE_M = _number(-500, 20_000)
SATELLITES = _integer(0, 12)

SIM = _object({
    "imsi": _text(r"^[0-9]{6,15}$", "6 to 15 digits"),
    "msisdn": PHONE_NUMBER,
    "iccid": _text(r"^[0-9]{18,20}$", "18 to 20 digits"),
    "pin": DIGITS_PIN,
    "puk": _text(r"^[0-9]{8}$", "8 digits"),
    "smsc": _text(r"^(\+?[0-9]{3,20})?$", "a phone number or \"\""),
    "pin_attempts": _integer(0, PIN_ATTEMPTS),
    "puk_attempts": _integer(0, PUK_ATTEMPTS),
})

WORLD = _object({
    "operator": _text(r"^[0-9]{5,6}$", "a PLMN of 5 or 6 digits"),
    "operator_name": _text(max_length=16),
    "rssi": {"enum": list(range(32)) + [99]},
    "ber": {"enum": list(range(8)) + [99]},
    "coverage": BOOLEAN,
    "registration": {"enum": ["home", "roaming", "denied"]},
    "registration_delay_ms": _integer(0, MAX_DURATION_S * 1000),
    "gprs": BOOLEAN,
    "apns": {"type": "object", "additionalProperties": BOOLEAN,
             "propertyNames": {"maxLength": 100}},
    "gprs_timeslots": {"enum": ["4+1", "1+1"]},
})

TRACK_POINT = _object({"t": SECONDS, "lat": LATITUDE, "lon": LONGITUDE, "alt_m": ALTITUDE_M,
                       "fix": BOOLEAN, "satellites": SATELLITES}, required=("t",))

GPS = _object({
    "fix": _object({"lat": LATITUDE, "lon": LONGITUDE, "alt_m": ALTITUDE_M,
                    "satellites": SATELLITES}, required=("lat", "lon")),
    "track": _list(TRACK_POINT),
    "track_file": _text(r"\.(nmea|txt|log|gpx)$", "a .nmea, .txt, .log or .gpx file"),
    "ser2": _object({"sentences": _list({"enum": list(NMEA_KINDS)}, len(NMEA_KINDS))}),
})

PEER = _object({
    "kind": {"enum": list(PEER_KINDS)},
    "name": _text(max_length=64),
    "host": _text(r"^[A-Za-z0-9.-]{1,253}$", "a host name or an IPv4 address"),
    "port": _integer(1, MAX_PORT),
    "greeting": _text(),
    "rules": _list(_object({"expect": _text(), "send": _text(), "close": BOOLEAN},
                           required=("expect",))),
    "status": _integer(100, 599),
    "body": _text(),
}, required=("kind", "host", "port"))

APPLICATION = _object({
    "protocol": {"enum": ["sms", "smstcp", "tcp", "none"]},
    "answer": {"enum": ["accept", "reject", "delay", "none"]},
    "answer_after_s": _integer(0, MAX_DURATION_S),
    "pin": DIGITS_PIN,
    "setup": _list(_text(r"^[Aa][Tt]", "an AT command line")),
    "register": BOOLEAN,
    "boot_delay_s": _integer(0, MAX_DURATION_S),
})

EXPECT = _object({
    "firmware": FIRMWARE,
    "urcs": _list(_text()),
    "asc0_urcs": _list(_text()),
    "server_received": _list(_text()),
    "pin_entries": {"type": ["integer", "null"], "minimum": 0},
    "registered": BOOLEAN,
    "records": {"type": "object", "additionalProperties": _text(r"^(\+?[0-9]{3,20})?$",
                                                                "a phone number or \"\"")},
    "refusals": _integer(0, 10_000),
})

# The keys of each action (besides do, at, on, after, module) and the ones it needs.
SIM_EVENT_KEYS = SIM["properties"]
ACTION_KEYS: dict[str, dict[str, Any]] = {
    "request_update": {"manual": BOOLEAN, "test": BOOLEAN, "apn": _text(max_length=100),
                       "csd": _text(max_length=20)},
    "query": {},
    "provision": {"apn": _text(max_length=100), "csd": _text(max_length=20)},
    "power_loss": {"off_for": _number(0, MAX_DURATION_S)},
    "reboot": {},
    "sim_swap": SIM_EVENT_KEYS,
    "move_sim": {"from": {"enum": list(MODULE_NAMES)}, "to": {"enum": list(MODULE_NAMES)}},
    "change_pin": {"pin": DIGITS_PIN},
    "force_registration": {"msisdn": PHONE_NUMBER, "target": {"enum": list(MODULE_NAMES)}},
    "lose": {"message": {"enum": list(MESSAGES)},
             "direction": {"enum": ["to-module", "to-server"]},
             "count": _integer(1, 10_000)},
    "delay": {"message": {"enum": list(MESSAGES)},
              "direction": {"enum": ["to-module", "to-server"]},
              "count": _integer(1, 10_000), "ms": _integer(0, MAX_DURATION_S * 1000)},
    "ftp": {"available": BOOLEAN, "drop_at": _number(0, 1)},
    "world": {"set": WORLD},
    "app": {"send": _text(r"^[Aa][Tt]", "an AT command line")},
    "sms": {"sender": PHONE_NUMBER, "text": _text(max_length=160)},
    "serial": {"port": {"enum": list(SERIAL_PORTS)}, "text": _text(max_length=4096)},
    "dtr": {"value": {"enum": [0, 1]}},
    "gpio": {"pin": {"enum": list(PINS)}, "value": {"enum": [0, 1]}},
    "gps": {"sky": BOOLEAN},
    "command": {"line": _text(r"^[Aa][Tt]", "an AT command line"),
                "interface": {"enum": list(AT_INTERFACES)}},
}
ACTION_REQUIRED: dict[str, tuple[str, ...]] = {
    "move_sim": ("from", "to"), "change_pin": ("pin",), "app": ("send",), "sms": ("text",),
    "serial": ("port", "text"), "dtr": ("value",), "gpio": ("pin", "value"), "gps": ("sky",),
    "world": ("set",), "command": ("line",),
}
TIMING_KEYS = {
    "do": {"enum": sorted(ACTION_KEYS)},
    "at": SECONDS,
    "on": _text(r"^(phase|urc|message):.", "phase:<phase>, urc:<text> or message:<name>"),
    "after": SECONDS,
    "module": {"enum": list(MODULE_NAMES)},
}

EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["do"],
    "properties": TIMING_KEYS,
    "not": {"required": ["at", "on"], "description": "give \"at\" or \"on\", not both"},
    "allOf": [{"if": {"properties": {"do": {"const": action}}, "required": ["do"]},
               "then": {"propertyNames": {"enum": sorted(set(TIMING_KEYS) | set(keys)),
                                          "description": "a key of action %s" % action},
                        "properties": keys,
                        "required": list(ACTION_REQUIRED.get(action, ()))}}
              for action, keys in sorted(ACTION_KEYS.items())],
}

SCENARIO: dict[str, Any] = _object({
    "description": _text(),
    "module": _object({"model": {"enum": sorted(MODELS)}, "firmware": FIRMWARE,
                       "imei": _text(r"^[0-9]{15}$", "15 digits"),
                       "tcp_halting": {"enum": list(HALTING_READINGS)}}),
    "sim": SIM,
    "second_module": {"anyOf": [{"type": "null"},
                                _object({"imei": _text(r"^[0-9]{15}$", "15 digits"),
                                         "sim": SIM})],
                      "description": "null or an object with imei and sim"},
    "world": WORLD,
    "server": _object({
        "apn": _text(max_length=100),
        "number": PHONE_NUMBER,
        "deltas": _list(_object({"from": FIRMWARE, "to": FIRMWARE,
                                 "size": _integer(1, 100_000_000), "corrupt": BOOLEAN},
                                required=("from", "to"))),
        "ftp": _object({"available": BOOLEAN, "drop_at": _number(0, 1)}),
        "csd_number": PHONE_NUMBER,
        "records": _list(_object({"imei": _text(r"^[0-9]{15}$", "15 digits"),
                                  "msisdn": PHONE_NUMBER, "imsi": _text(r"^[0-9]{6,15}$",
                                                                         "6 to 15 digits"),
                                  "model": _text(max_length=32), "firmware": FIRMWARE,
                                  "plmn": _text(r"^[0-9]{5,6}$", "a PLMN of 5 or 6 digits")},
                                 required=("imei", "msisdn")), 100),
    }),
    "application": {"anyOf": [{"type": "null"}, APPLICATION],
                    "description": "null or an external application"},
    "peers": _list(PEER, 100),
    "gps": GPS,
    "events": _list(EVENT),
    "duration_s": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_DURATION_S},
    "expect": EXPECT,
})

_VALIDATOR = jsonschema.Draft7Validator(SCENARIO)
_TYPE_NAMES = {"number": "a number", "integer": "a whole number", "string": "a text",
               "boolean": "true or false", "object": "an object", "array": "a list",
               "null": "null"}


def check(data: Any) -> None:
    """Raise ValueError with one line naming the field when ``data`` is no scenario."""
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(data))
    if error is not None:
        raise ValueError(_describe(error))


def _place(path) -> str:
    place = ""
    for step in path:
        place += "[%d]" % step if isinstance(step, int) else (".%s" % step if place else step)
    return place


def _kind(schema: dict[str, Any]) -> str:
    """What a schema accepts, in words: ``a number >= 0 and <= 604800``."""
    if "description" in schema:
        return schema["description"]
    if "enum" in schema:
        return "one of %s" % ", ".join(_show(v) for v in schema["enum"])
    if "const" in schema:
        return _show(schema["const"])
    types = schema.get("type", [])
    words = " or ".join(_TYPE_NAMES[t] for t in ([types] if isinstance(types, str) else types))
    bounds = [">= %s" % _show(schema["minimum"])] if "minimum" in schema else []
    bounds += ["> %s" % _show(schema["exclusiveMinimum"])] if "exclusiveMinimum" in schema else []
    bounds += ["<= %s" % _show(schema["maximum"])] if "maximum" in schema else []
    text = words or "a value"
    return text + " " + " and ".join(bounds) if bounds else text


def _show(value: Any) -> str:
    return '"%s"' % value if isinstance(value, str) else repr(value)


def _describe(error: jsonschema.ValidationError) -> str:
    place = _place(error.absolute_path)
    prefix = (place + ": ") if place else ""
    validator = error.validator
    if validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(known))
        return "%sunknown key %r (known: %s)" % (prefix, unknown[0], ", ".join(known))
    if validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return "%smissing %s" % (prefix, _show(missing[0]))
    if "propertyNames" in error.schema_path:
        return "%skey %r is not %s (its keys: %s)" % (
            prefix, error.instance, error.schema["description"], ", ".join(error.schema["enum"]))
    if validator == "not":
        return "%s%s" % (prefix, error.validator_value["description"])
    if validator == "maxLength":
        return "%smust be at most %d characters" % (prefix, error.validator_value)
    if validator == "maxItems":
        return "%smust have at most %d entries" % (prefix, error.validator_value)
    return "%smust be %s" % (prefix, _kind(error.schema))
