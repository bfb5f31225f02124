"""Building blocks shared by the command families."""
from __future__ import annotations

from typing import Any, Callable

from hostsim.at.engine import Deferred, Final, Online
from hostsim.at.syntax import Command, Param
from hostsim.radio.peers import Dialogue


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


def await_dialogue(dialogue: Dialogue, steps, timeout_ms: int,
                   then: Callable[[Any], Any]) -> Deferred:
    """Run ``steps`` of a command/reply ``dialogue`` and finish the command with
    ``then(ctx)`` once they are done (answered, failed or closed), or
    ``timeout_ms`` after they started (``dialogue.done`` still False).

    A peer that answers at once is done after :meth:`Dialogue.duration_ms`;
    the replies due at that instant were scheduled before this check, so the
    check looks one event later (events at one instant run in order)."""
    dialogue.run(steps)
    expected_ms = Dialogue.duration_ms(steps)

    def check(ctx, last: bool):
        if dialogue.done or last:
            return then(ctx)
        return Deferred(max(0, timeout_ms - expected_ms), lambda c: check(c, True))

    return Deferred(expected_ms, lambda c: Deferred(0, lambda c2: check(c2, False)))


def save_command(name: str, doc: str, source: str) -> Command:
    """``AT<name>``: store the volatile settings saved in ``name`` (declared with
    ``saved_in``) to NVM, as ``#SKTSAV``, ``#ESAV`` and ``#SLEDSAV`` do."""
    return Command(name, action=lambda ctx: ctx.module.settings.save_volatile(
        name, ctx.engine.name), test="", doc=doc, source=source)


def reset_command(name: str, saved: str, doc: str, source: str) -> Command:
    """``AT<name>``: the factory values of the settings saved in ``saved``, saved too."""
    return Command(name, action=lambda ctx: ctx.module.settings.reset_saved(
        saved, ctx.engine.name), test="", doc=doc, source=source)


def dial_socket(ctx, conn_id: int, udp: bool, host: str, port: int, closure_type: int,
                local_port: int, online: bool = True, release: bool = False) -> Deferred:
    """Connect socket ``conn_id`` (``#SD``, ``#SKTD``): CONNECT and online data mode, or
    OK in command mode (``online`` false); NO CARRIER when it fails, the socket then
    closed where ``release`` says so (the Easy GPRS socket)."""
    stack = ctx.module.radio.ip
    delay, finish = stack.connect(conn_id, udp, host, port, closure_type, local_port,
                                  ctx.engine)

    def connected(c):
        sock = finish()
        if sock is None:
            if release:
                stack.close(conn_id)
            return Final("NO CARRIER")
        return Online(stack.go_online(sock, c.engine)) if online else None

    return Deferred(delay, connected)
