"""Building blocks shared by the command families."""
from __future__ import annotations

from typing import Any

from hostsim.at.syntax import Command, Param


def format_value(value: Any) -> str:
    """A setting value as a read form shows it: strings quoted, lists comma-joined."""
    if isinstance(value, (list, tuple)):
        return ",".join(format_value(v) for v in value)
    if isinstance(value, str):
        return '"%s"' % value
    return str(value)


def setting_command(name: str, *params: Param, setting: str = "", doc: str = "",
                    read_prefix: str = "", needs_sim: bool = False,
                    source: str = "") -> Command:
    """A command that stores its parameters in a declared setting and shows them.

    One parameter stores a scalar, several store a list.  ``AT<name>?``
    answers ``<name>: <values>``; ``=?`` shows the declared ranges.
    """
    key = setting or name
    prefix = read_prefix or "%s: " % name

    def set_(ctx, *values):
        ctx.set(key, values[0] if len(values) == 1 else list(values))

    def read(ctx):
        ctx.info(prefix + format_value(ctx.get(key)))

    return Command(name, params=tuple(params), set=set_, read=read, doc=doc, needs_sim=needs_sim,
                   source=source)


def info_command(name: str, lines, doc: str = "", needs_sim: bool = False,
                 source: str = "") -> Command:
    """An action command that answers fixed or computed information lines."""

    def action(ctx):
        for line in lines(ctx):
            ctx.info(line)

    return Command(name, action=action, test="", doc=doc, needs_sim=needs_sim, source=source)


def info_lines(ctx, lines) -> None:
    """Several information lines as one answer."""
    for line in lines:
        ctx.info(line)
