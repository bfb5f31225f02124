"""Boots the emulated module's script the way a real module does, and runs it.

At every power-on the runner looks at ``#ESCRIPT`` and ``#STARTMODESCR``
(see :mod:`hostsim.script.startmode`), starts the enabled script in a fresh
interpreter (in-process, or a child Python with ``python=``), and serves
its calls.  ``#EXECSCR`` starts it on demand.  A halt (``Module.halt_script``)
freezes the script inside whatever call it is making; the next boot starts
it afresh.  The script and the emulator take turns: virtual time moves only
while the script waits in a built-in call, so runs are deterministic.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any, Union

from hostsim.at.engine import LINE_PROCESSING_MS
from hostsim.core.errors import HostsimError
from hostsim.core.trace import Event
from hostsim.device.module import Module
from hostsim.dialect.frontend import TranslationCache
from hostsim.script import startmode
from hostsim.script.host import CallError, Chunker, ScriptHost, Wait
from hostsim.script.inprocess import script_profile
from hostsim.script.interpreters import (
    SHIM_DIR,
    ChildInterpreter,
    InterpreterDied,
    ThreadInterpreter,
)
from hostsim.script.linkcodec import ErrorReply
from hostsim.script.uploadform import module_form

DEFAULT_STUCK_TIMEOUT_S = 30.0

# How a run ended (``hostsim run`` exit codes).
ENDED, EXCEPTION, RUNNING, NOT_STARTED, HALTED = "ended", "exception", "running", "not started", "halted"
EXIT_CODES = {ENDED: 0, EXCEPTION: 1, RUNNING: 0, NOT_STARTED: 3, HALTED: 4}

Interpreter = Union[ThreadInterpreter, ChildInterpreter]


@dataclass
class Session:
    """One boot's script: its interpreter, its host and the call it is in."""
    host: ScriptHost
    interpreter: Interpreter
    wait: Wait | None = None
    reply: Any = None
    started: bool = False
    done: bool = False


class Runner:
    """``python``: run each boot's script in that interpreter (a child process);
    without it the script runs in-process, translated by the 1.5.2 front end for
    ``profile`` (default: the model's, ``ModelSpec.script_profile``; ``python3``
    runs it as plain Python 3). ``translation_cache``: where translations are
    kept across boots (default: the process-wide one). ``lock``: the RLock the
    caller holds around :meth:`run` (an in-process script holds it in its turn)."""

    def __init__(self, module: Module, python: str | None = None, chunks: str = "response",
                 seed: int = 0, origins: dict[str, tuple[str, bytes]] | None = None,
                 stuck_timeout_s: float = DEFAULT_STUCK_TIMEOUT_S, profile: str | None = None,
                 translation_cache: TranslationCache | None = None, lock: Any = None):
        if python is not None and profile is not None:
            raise HostsimError("a script profile is for in-process runs; --python %s runs "
                               "the script as that interpreter does" % python)
        self.module = module
        self.python = python
        self.profile = script_profile(profile, module.spec)
        self.translation_cache = translation_cache
        self.chunks = chunks
        self.seed = seed
        self.origins = origins or {}
        self.stuck_timeout_s = stuck_timeout_s
        self.lock = lock
        self._limits = (0, False)       # run()'s until_ms and stop_when_ended
        Chunker(chunks, seed)          # validate the mode now, not at the first boot
        self.session: Session | None = None
        self.outcome = NOT_STARTED
        self.starts = 0
        module.boot_listeners.append(self._on_boot)
        module.power_off_listeners.append(self._on_power_off)
        module.halt_listeners.append(self.halt)
        module.restart_listeners.append(self._on_restart)
        module.trace.subscribe(self._on_event)

    # -- boot and start ------------------------------------------------------

    def _enabled_script(self) -> str | None:
        name = self.module.settings.get("#ESCRIPT")
        if not name:
            return None
        if not self.module.files.exists(name):
            self.module.trace.emit("script", "python", "enabled script %s does not exist" % name)
            return None
        return name

    def _on_boot(self, module: Module) -> None:
        self.outcome = NOT_STARTED
        mode, window = module.settings.get("#STARTMODESCR")
        if module.interpreter_halted:
            module.trace.emit("script", "python", "not started: the interpreter is halted")
            return
        if self._enabled_script() is None:
            return
        dtr_low = module.uarts["ASC0"].lines["DTR"] == 0
        decision = startmode.decide(mode, window, dtr_low, False)
        if mode == startmode.MODE_NO_AT:
            module.clock.call_later(decision.wait_ms, self._window_over, module.boots)
        elif decision.start:
            module.clock.call_later(decision.wait_ms, self._start, module.boots, decision)
        else:
            module.trace.emit("script", "python", "not started: %s" % decision.reason)

    def _window_over(self, boot: int) -> None:
        module = self.module
        if module.boots != boot or module.state != "on":
            return
        mode, window = module.settings.get("#STARTMODESCR")
        seen = module.engine("ASC0").last_command_at is not None
        decision = startmode.decide(mode, window, False, seen)
        if decision.start:
            self._start(boot, decision)
        else:
            module.trace.emit("script", "python", "not started: %s" % decision.reason)

    def _start_later(self, wait_ms: int, reason: str) -> None:
        mode = self.module.settings.get("#STARTMODESCR")[0]
        decision = startmode.started_later(mode, wait_ms, reason)
        self.module.clock.call_later(wait_ms, self._start, self.module.boots, decision)

    def _on_restart(self, reason: str) -> None:
        """The interpreter may run again (a failed update): start the script afresh."""
        if self.session is None and self._enabled_script() is not None:
            self._start_later(0, reason)

    def _on_event(self, event: Event) -> None:
        """``#EXECSCR``: the script starts once the command line is processed (a LF
        ending the line is still the AT parser's)."""
        if event.kind == "script" and event.text == "execscr requested" and self.session is None:
            self._start_later(LINE_PROCESSING_MS, "#EXECSCR on %s" % event.source)

    def _start(self, boot: int, decision: startmode.StartDecision) -> None:
        module = self.module
        name = self._enabled_script()
        if module.boots != boot or module.state != "on" or self.session is not None or name is None:
            return
        host = ScriptHost(module, name, Chunker(self.chunks, self.seed), self.origins, str(SHIM_DIR))
        interpreter: Interpreter = (
            ThreadInterpreter(self.stuck_timeout_s, self.profile, self.translation_cache, self.lock)
            if self.python is None else ChildInterpreter(self.python, self.stuck_timeout_s))
        module.uarts["ASC0"].script_owned = not decision.asc0_keeps_at
        self.starts += 1
        self.outcome = RUNNING
        module.trace.emit("script", "python", "start %s (%s)" % (name, decision.reason),
                          name=name, interpreter=interpreter.label)
        session = self.session = Session(host, interpreter)
        if isinstance(interpreter, ThreadInterpreter):
            interpreter.start(functools.partial(self._serve, session))
        else:
            interpreter.start()

    # -- stopping ------------------------------------------------------------

    def halt(self, reason: str = "halted") -> None:
        """Freeze the script where it is; it never continues (the next boot restarts it)."""
        session = self.session
        if session is None:
            return
        self.session = None
        session.interpreter.halt()
        session.host.close()
        self.module.uarts["ASC0"].script_owned = False
        self.outcome = HALTED
        self.module.trace.emit("script", "python", "interpreter %s" % reason)

    def _on_power_off(self, module: Module) -> None:
        self.halt("stopped by power off")

    def _end(self, session: Session) -> None:
        self.session = None
        session.interpreter.finish(session.reply)
        session.host.close()
        self.module.uarts["ASC0"].script_owned = False
        self.outcome = EXCEPTION if session.host.ended == "exception" else ENDED

    # -- running ---------------------------------------------------------------

    def _resume(self, session: Session) -> None:
        """Let the script run until its next call (or its end)."""
        interpreter = session.interpreter
        if isinstance(interpreter, ThreadInterpreter):
            interpreter.turn()
            if interpreter.exited and self.session is session:
                self._exited(session)
            return
        try:
            request = interpreter.exchange(session.reply, first=not session.started)
        except InterpreterDied as death:
            self._exited(session, "interpreter %s" % death)
            return
        session.started = True
        if request is None:
            self._exited(session)
            return
        self._request(session, *request)

    def _exited(self, session: Session, how: str = "interpreter exited") -> None:
        """The interpreter ended (after its ``ended`` call, or without one: ``how``)."""
        self.session = None
        self.module.uarts["ASC0"].script_owned = False
        self.outcome = ENDED if session.host.ended == "ended" else EXCEPTION
        if session.host.ended is None:
            self.module.trace.emit("script", "python", how)

    def _request(self, session: Session, op: str, args: Any) -> None:
        try:
            session.wait = session.host.request(op, args)
        except CallError as error:
            now = self.module.clock.now
            message = "%s: %s" % (op, error)
            session.wait = Wait(now, now, lambda: ErrorReply(message))

    def _serve(self, session: Session, op: str, args: Any) -> Any:
        """An in-process script's call, on its thread: run the loop of :meth:`run`
        until the reply is ready."""
        self._request(session, op, args)
        while session.wait is not None:
            if self.session is not session:
                session.interpreter.park()      # halted in this call
            if not self._step(*self._limits):
                session.interpreter.pause()     # run() returns; the next run() goes on
        return session.reply

    def _complete(self, session: Session) -> None:
        session.reply, session.wait = session.wait.result(), None
        if session.host.ended is not None:
            self._end(session)

    def run(self, until_ms: int, stop_when_ended: bool = False) -> str:
        """Run the module (and its script) up to virtual time ``until_ms``."""
        self._limits = (until_ms, stop_when_ended)
        while self._step(until_ms, stop_when_ended):
            pass
        return self.outcome

    def _step(self, until_ms: int, stop_when_ended: bool) -> bool:
        """One step of :meth:`run`; False when it is to return."""
        clock = self.module.clock
        now = clock.now
        session = self.session
        limit = until_ms
        if session is not None:
            wait = session.wait
            if wait is None:
                self._resume(session)
                return True
            if now >= wait.earliest:
                if now >= wait.deadline or (wait.ready is not None and wait.ready()):
                    self._complete(session)
                    return True
                if wait.deadline < limit:
                    limit = wait.deadline
            elif wait.earliest < limit:
                limit = wait.earliest
        elif stop_when_ended and self.outcome in (ENDED, EXCEPTION):
            return False
        if clock.run_next(limit):
            return True
        if clock.now >= until_ms:
            return False
        clock.skip_to(limit)
        return True

    def close(self) -> None:
        """Stop the script (end of a test or of ``hostsim run``) and detach."""
        self.halt("stopped at the end of the run")
        self.module.boot_listeners.remove(self._on_boot)
        self.module.power_off_listeners.remove(self._on_power_off)
        self.module.halt_listeners.remove(self.halt)
        self.module.restart_listeners.remove(self._on_restart)
        self.module.trace.unsubscribe(self._on_event)


def load_files(module: Module, paths: Any, verbatim: bool = False) -> dict[str, tuple[str, bytes]]:
    """Copy host files into the module's store (.py in their module form, as
    ``telit-deploy put`` stores them); return the origins map for tracebacks
    and coverage."""
    origins: dict[str, tuple[str, bytes]] = {}
    for path in paths:
        name = os.path.basename(path)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise HostsimError("cannot read %s: %s" % (path, error.strerror)) from None
        if name.endswith(".py"):
            data = module_form(data, verbatim)
        if module.files.exists(name):
            module.files.delete(name)
        stale = name + "o" if name.endswith(".py") else None
        if stale and module.files.exists(stale):
            module.files.delete(stale)
        try:
            module.files.write(name, data)
        except Exception as error:
            raise HostsimError("cannot store %s in the module: %s" % (path, error)) from None
        origins[os.path.splitext(name)[0]] = (os.path.abspath(path), data)
    return origins
