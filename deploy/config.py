"""Where ``telit-deploy`` takes its port and line settings from.

Each setting comes from the first place that has it: the command line, the
environment (``TELIT_PORT``, ``TELIT_BAUD``, ``TELIT_TIMEOUT``), the
``[telit-deploy]`` section of one configuration file (``--config FILE``,
else ``./telit-deploy.ini``, else ``~/.config/telit-deploy.ini``), then the
defaults below.
"""
from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from typing import Any, Mapping

from .errors import RefusedInput

SECTION = "telit-deploy"
CONFIG_NAME = "telit-deploy.ini"
ENVIRONMENT = {"port": "TELIT_PORT", "baud": "TELIT_BAUD", "timeout": "TELIT_TIMEOUT"}
PAUSE_WITHOUT_FLOW_CONTROL = 0.3


def _flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "yes", "true", "on"):
        return True
    if lowered in ("0", "no", "false", "off"):
        return False
    raise ValueError("expected yes or no, got %r" % text)


# name in the file -> (attribute, parser, check, what the check wants)
KEYS: dict[str, tuple] = {
    "port": ("port", str, lambda v: bool(v), "a device path or URL"),
    "baud": ("baud", int, lambda v: v > 0, "a positive number"),
    "timeout": ("timeout", float, lambda v: v > 0, "a positive number of seconds"),
    "rtscts": ("rtscts", _flag, lambda v: True, "yes or no"),
    "chunk": ("chunk", int, lambda v: v > 0, "a positive number of bytes"),
    "pause": ("pause", float, lambda v: v >= 0, "0 or more seconds"),
    "tries": ("tries", int, lambda v: v > 0, "a positive number"),
    "window-wait": ("window_wait", float, lambda v: v >= 0, "0 or more seconds"),
}


@dataclass
class Settings:
    port: str | None = None
    baud: int = 115200
    timeout: float = 5.0           # seconds a command may take to answer
    rtscts: bool = False           # hardware flow control on the port
    chunk: int = 1024              # bytes written between pauses of an upload
    pause: float | None = None  # None: 0 with hardware flow control, else 0.3 s
    tries: int = 3                 # uploads of one file before giving up
    window_wait: float = 60.0      # seconds to wait for a power cycle's start window

    @property
    def chunk_pause(self) -> float:
        if self.pause is not None:
            return self.pause
        return 0.0 if self.rtscts else PAUSE_WITHOUT_FLOW_CONTROL


def config_file(explicit: str | None, environ: Mapping[str, str]) -> str | None:
    """The configuration file to read, if any."""
    if explicit is not None:
        if not os.path.isfile(explicit):
            raise RefusedInput("--config %s: no such file" % explicit)
        return explicit
    home = environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    for candidate in (CONFIG_NAME, os.path.join(home, CONFIG_NAME)):
        if os.path.isfile(candidate):
            return candidate
    return None


def _read_file(path: str) -> dict[str, str]:
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as error:
        raise RefusedInput("cannot read %s: %s" % (path, str(error).splitlines()[0])) from None
    if not parser.has_section(SECTION):
        return {}
    values = dict(parser.items(SECTION, raw=True))
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise RefusedInput("%s: unknown key %s in [%s] (known: %s)"
                           % (path, unknown[0], SECTION, ", ".join(KEYS)))
    return values


def resolve(cli: Mapping[str, Any], environ: Mapping[str, str] = os.environ,
            config: str | None = None) -> Settings:
    """Settings from ``cli`` (attribute -> value or None), ``environ`` and the config file."""
    settings = Settings()
    path = config_file(config, environ)
    layers: list[tuple[str, dict[str, str]]] = []
    if path is not None:
        layers.append((path, _read_file(path)))
    layers.append(("the environment", {key: environ[var] for key, var in ENVIRONMENT.items()
                                       if environ.get(var)}))
    for origin, values in layers:
        for key, text in values.items():
            attribute, parse, check, wanted = KEYS[key]
            label = ENVIRONMENT[key] if origin == "the environment" else "%s: %s" % (origin, key)
            try:
                value = parse(text)
            except ValueError:
                raise RefusedInput("%s=%s: expected %s" % (label, text, wanted)) from None
            if not check(value):
                raise RefusedInput("%s=%s: expected %s" % (label, text, wanted))
            setattr(settings, attribute, value)
    for key, (attribute, _, check, wanted) in KEYS.items():
        value = cli.get(attribute)
        if value is None:
            continue
        if not check(value):
            raise RefusedInput("--%s %s: expected %s" % (key, value, wanted))
        setattr(settings, attribute, value)
    return settings
