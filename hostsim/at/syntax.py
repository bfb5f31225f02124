"""How AT commands are declared, and how a command line is split into them.

A command is data: its name, the parameters of its set form (type and
range), which forms it has, and the handler of each form.  The engine reads
the declaration; handlers never parse text themselves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from hostsim.core.errors import OPERATION_NOT_SUPPORTED, AtSyntaxError, CmeError

# ---------------------------------------------------------------------------
# Parameters of the set form


@dataclass(frozen=True)
class RawParam:
    """One comma-separated parameter as typed: its text and whether it was quoted."""
    text: str
    quoted: bool

    @property
    def omitted(self) -> bool:
        return not self.quoted and self.text == ""


class Param:
    """Base of parameter declarations; ``default`` applies when omitted."""

    REQUIRED = object()

    def __init__(self, name: str, default: Any = REQUIRED):
        self.name = name
        self.default = default

    @property
    def optional(self) -> bool:
        return self.default is not Param.REQUIRED

    def convert(self, raw: RawParam) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        """The range shown by the test form (``=?``)."""
        raise NotImplementedError


class Int(Param):
    """A decimal integer within [lo, hi], or one of ``choices``."""

    def __init__(self, name: str, lo: int = 0, hi: int = 2 ** 31 - 1,
                 default: Any = Param.REQUIRED, choices: Sequence[int] | None = None):
        super().__init__(name, default)
        self.lo, self.hi = lo, hi
        self.choices = tuple(choices) if choices is not None else None

    def convert(self, raw: RawParam) -> int:
        if raw.quoted or not re.fullmatch(r"[0-9]{1,10}", raw.text):
            raise CmeError(OPERATION_NOT_SUPPORTED)
        value = int(raw.text)
        if self.choices is not None:
            if value not in self.choices:
                raise CmeError(OPERATION_NOT_SUPPORTED)
        elif not self.lo <= value <= self.hi:
            raise CmeError(OPERATION_NOT_SUPPORTED)
        return value

    def describe(self) -> str:
        if self.choices is not None:
            return "(%s)" % ",".join(str(c) for c in self.choices)
        return "(%d-%d)" % (self.lo, self.hi)


class Str(Param):
    """A string, quoted or not (Telit accepts both), of at most ``max_len`` chars."""

    def __init__(self, name: str, max_len: int = 64, default: Any = Param.REQUIRED,
                 pattern: str | None = None, upper: bool = False):
        super().__init__(name, default)
        self.max_len = max_len
        self.pattern = re.compile(pattern) if pattern else None
        self.upper = upper

    def convert(self, raw: RawParam) -> str:
        text = raw.text.upper() if self.upper else raw.text
        if len(text) > self.max_len or (self.pattern and not self.pattern.fullmatch(text)):
            raise CmeError(OPERATION_NOT_SUPPORTED)
        return text

    def describe(self) -> str:
        return "%d" % self.max_len


def convert_params(params: Sequence[Param], raws: Sequence[RawParam]) -> list[Any]:
    """Validate typed parameters against a declaration; errors are +CME ERROR: 4."""
    if len(raws) > len(params):
        raise CmeError(OPERATION_NOT_SUPPORTED)
    values = []
    for index, param in enumerate(params):
        raw = raws[index] if index < len(raws) else None
        if raw is None or raw.omitted:
            if not param.optional:
                raise CmeError(OPERATION_NOT_SUPPORTED)
            values.append(param.default)
        else:
            values.append(param.convert(raw))
    return values


# ---------------------------------------------------------------------------
# Command declarations

Handler = Callable[..., Any]


@dataclass
class Command:
    """An AT command: ``name`` is ``+CMEE``, ``#WSCRIPT``, or a basic ``E``/``&W``.

    ``action`` serves ``AT<name>``, ``read`` serves ``AT<name>?``, ``set``
    serves ``AT<name>=<params>`` (called with the converted values), ``test``
    serves ``AT<name>=?`` (a handler, a fixed text, or derived from
    ``params``).  A form with no handler answers ERROR.
    """
    name: str
    params: tuple[Param, ...] = ()
    action: Handler | None = None
    read: Handler | None = None
    set: Handler | None = None
    test: Any = None
    needs_sim: bool = False      # refused with +CME ERROR 10/11/12 until the SIM is ready
    sms: bool = False            # an SMS command: SIM errors are +CMS ERROR 310/311/316/313
    doc: str = ""
    basic: bool = field(default=False)
    source: str = ""             # where its syntax and answers come from (guide, section)

    def test_text(self) -> str | None:
        if isinstance(self.test, str):
            return self.test
        if self.test is None and self.set is not None and self.params:
            return "%s: %s" % (self.name, ",".join(p.describe() for p in self.params))
        return None


class Registry:
    """The command set of a module: declarations looked up by upper-case name."""

    def __init__(self, commands: Sequence[Command] = ()):
        self._commands: dict[str, Command] = {}
        for command in commands:
            self.add(command)

    def add(self, command: Command) -> None:
        key = command.name.upper()
        if key in self._commands:
            raise ValueError("command %s declared twice" % command.name)
        self._commands[key] = command

    def get(self, name: str) -> Command | None:
        return self._commands.get(name.upper())

    def names(self) -> list[str]:
        return sorted(self._commands)

    def __iter__(self):
        return iter(self._commands.values())


# ---------------------------------------------------------------------------
# Parsing a command line (the text after "AT")

ACTION, READ, TEST, SET = "action", "read", "test", "set"


@dataclass(frozen=True)
class Invocation:
    name: str
    form: str
    params: tuple[RawParam, ...]
    text: str          # the command as typed, for traces


_EXT_NAME = re.compile(r"[+#*$%][A-Za-z0-9!%\-./:_]+")
_BASIC = re.compile(r"(&[A-Za-z]|[A-CE-Za-ce-z])(\d*)")
_SREG = re.compile(r"[Ss](\d{1,2})(\?|=(\d{1,3}))?")


def split_params(text: str) -> tuple[RawParam, ...]:
    """Split ``1,"a,b",,3`` into typed raw parameters; a bad quote is a syntax error."""
    params: list[RawParam] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i] == " ":
            i += 1
        if i < n and text[i] == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise AtSyntaxError("unterminated string")
            params.append(RawParam(text[i + 1:end], True))
            i = end + 1
            while i < n and text[i] == " ":
                i += 1
            if i < n and text[i] != ",":
                raise AtSyntaxError("text after a quoted string")
        else:
            end = text.find(",", i)
            end = n if end < 0 else end
            token = text[i:end].strip()
            if '"' in token:
                raise AtSyntaxError("stray quote")
            params.append(RawParam(token, False))
            i = end
        if i >= n:
            return tuple(params)
        i += 1  # skip the comma


def _split_extended(body: str, start: int) -> int:
    """Index just past the extended command starting at ``start`` (up to ';' outside quotes)."""
    in_quotes = False
    i = start
    while i < len(body):
        ch = body[i]
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == ";" and not in_quotes:
            return i
        i += 1
    if in_quotes:
        raise AtSyntaxError("unterminated string")
    return i


def parse_line(body: str) -> list[Invocation]:
    """Parse the text after ``AT`` into invocations, or raise AtSyntaxError.

    Extended commands (``+X``, ``#X``) run to the next ``;``; basic commands
    (``E0``, ``&W``, ``S0=1``, ``D<number>``) may follow each other directly.
    """
    result: list[Invocation] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch in " ;":
            i += 1
            continue
        if ch in "+#*$%":
            m = _EXT_NAME.match(body, i)
            if not m:
                raise AtSyntaxError("bad command name")
            name = m.group(0).upper()
            end = _split_extended(body, m.end())
            rest = body[m.end():end].rstrip()
            if rest == "":
                result.append(Invocation(name, ACTION, (), body[i:end]))
            elif rest == "?":
                result.append(Invocation(name, READ, (), body[i:end]))
            elif rest == "=?":
                result.append(Invocation(name, TEST, (), body[i:end]))
            elif rest.startswith("="):
                result.append(Invocation(name, SET, split_params(rest[1:]), body[i:end]))
            else:
                raise AtSyntaxError("bad text after %s" % name)
            i = end
            continue
        if ch in "Dd":
            # Dial: the rest of the line up to ';' belongs to it.
            end = body.find(";", i)
            end = len(body) if end < 0 else end + 1
            result.append(Invocation("D", SET, (RawParam(body[i + 1:end], False),), body[i:end]))
            i = end
            continue
        m = _SREG.match(body, i)
        if m:
            name = "S%d" % int(m.group(1))
            if m.group(2) == "?":
                result.append(Invocation(name, READ, (), m.group(0)))
            elif m.group(3) is not None:
                result.append(Invocation(name, SET, (RawParam(m.group(3), False),), m.group(0)))
            else:
                raise AtSyntaxError("bad S-register access")
            i = m.end()
            continue
        m = _BASIC.match(body, i)
        if not m:
            raise AtSyntaxError("bad character %r" % ch)
        name = m.group(1).upper()
        params = (RawParam(m.group(2), False),) if m.group(2) else ()
        result.append(Invocation(name, SET if params else ACTION, params, m.group(0)))
        i = m.end()
    return result
