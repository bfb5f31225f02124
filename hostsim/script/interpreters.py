"""The two ways to run a script's interpreter for one boot.

The script and the emulator take turns, so virtual time only moves while the
script waits in a built-in call.

* :class:`ThreadInterpreter`: the script runs in a thread of this process,
  translated by the 1.5.2 front end for its profile (see ``inprocess``), or
  as plain Python 3 with the ``python3`` profile (fast; coverage and
  debuggers see it).  Its calls are served on its own thread, which runs the
  emulator's loop until the reply is ready (:meth:`ThreadInterpreter.turn`).
  A halt leaves the thread parked for good inside the call it was making.  A ``python3`` script's ``os._exit`` ends the script,
  not this process (see ``bridge/scriptenv.py``).
* :class:`ChildInterpreter`: the script runs in another Python (2.7, 3.6,
  an old 1.5 build, ...) started on ``bridge/childboot.py``; its shims talk
  over a pipe, and :meth:`ChildInterpreter.exchange` hands the script the
  reply to its previous call and blocks until it makes its next one.  A halt ends the process.  A program that ends the link
  before it asks for the script (``--python /bin/true``) is no Python that
  can run it: :class:`HostsimError`.
"""
from __future__ import annotations

import os
import queue
import subprocess
import tempfile
import threading
import time
from typing import Any, Callable, Tuple

from hostsim.core.errors import HostsimError
from hostsim.dialect.frontend import Profile, TranslationCache
from hostsim.script import linkcodec
from hostsim.script.inprocess import BRIDGE_DIR, SCRIPTENV, SHIM_DIR, FrontEndEnvironment

CHILD_EXIT_TIMEOUT_S = 10.0     # wall time a child that closed the link gets to exit
STUCK_MESSAGE = ("the script ran %.0f s of wall time without calling a built-in module "
                 "(on a module only the watchdog would stop it)")
Request = Tuple[str, Tuple[Any, ...]]
__all__ = ["SHIM_DIR", "ChildInterpreter", "HostError", "InterpreterDied", "InterpreterStuck",
           "ThreadInterpreter"]


class InterpreterStuck(HostsimError):
    """The script computed too long (wall time) without calling a built-in module."""


class InterpreterDied(HostsimError):
    """The child interpreter ended abnormally while its script ran (a crash, a kill):
    the script is over, the module goes on."""


class _LetGo(BaseException):
    """Unwinds a halted script's thread from the emulator's frames to its call,
    where it parks for good (never seen by the script)."""


class HostError(Exception):
    """What a script sees when it calls a built-in module wrongly (bad arguments);
    named as the child interpreter's (``hostlink.HostError``)."""


HostError.__module__ = "hostlink"


class ThreadInterpreter:
    """``profile``: the front end's Profile the script is translated for, or
    None to run it as plain Python 3.  ``lock``: the RLock the runner's caller
    holds around ``Runner.run`` (the real-time emulation's), else a private one.

    The script and the runner take turns holding ``lock``: :meth:`turn` gives
    the script thread the turn and waits until it gives it back.  A call the
    script makes is served inline on the script thread (``serve``, the
    runner's): it runs the emulator's event loop itself until the reply is
    ready, and gives the turn back (:meth:`pause`) only when the runner's
    ``run`` is to return first, or for good (:meth:`park`) when the script is
    halted.  So a call costs no thread switch.

    A halted script never continues: its thread parks in the call it was
    making, after leaving the emulator's frames and dropping ``serve``, so it
    keeps only the script's own objects alive (a thread paused when the halt
    comes is woken to do the same, see :meth:`halt`)."""

    def __init__(self, stuck_timeout_s: float, profile: Profile | None,
                 cache: TranslationCache | None = None, lock: Any = None):
        self.profile = profile
        self.cache = cache
        self.label = "in-process %s" % (profile.key if profile is not None else "python3")
        self.exited = False
        self._stuck = stuck_timeout_s
        self._lock = lock if lock is not None else threading.RLock()
        self._turn = threading.Condition(self._lock)
        self._script_turn = False
        self._computing_since: float | None = None    # wall time the script left its last call
        self._abandoned = False
        self._halted = False
        self._waiting = False      # the script thread waits for a turn (its first, or in pause)
        self._failure: BaseException | None = None
        self._serve: Callable[[str, tuple[Any, ...]], Any] | None = None

    def start(self, serve: Callable[[str, tuple[Any, ...]], Any]) -> None:
        """``serve(op, args)`` answers a call on the script thread (the script's turn)."""
        self._serve = serve
        self._waiting = True        # for its first turn, from now on (see halt)
        threading.Thread(target=self._main, name="telit-script", daemon=True).start()

    # -- the script thread's side --------------------------------------------

    def call(self, op: str, *args: Any) -> Any:
        with self._lock:
            if self._abandoned:
                self._let_go()
            self._computing_since = None
            let_go = False
            try:
                reply = self._serve(op, args)
            except _LetGo:
                let_go = True
            except BaseException as error:   # the emulator failed: the runner's run() raises it
                self._failure = error
                let_go = True
            if let_go:      # not in the handler: its traceback holds the emulator's frames
                self._let_go()
            self._computing_since = time.monotonic()
        if isinstance(reply, linkcodec.ErrorReply):
            raise HostError(reply.message)
        return reply

    def _main(self) -> None:
        with self._turn:
            self._wait_for_turn()
            self._computing_since = time.monotonic()
        try:
            if self._halted:        # before its first turn: the script never starts
                self._serve = None
            elif self.profile is None:
                SCRIPTENV.run(self, 1)
            else:
                FrontEndEnvironment(self, self.profile, self.cache).run()
        finally:
            with self._turn:
                self.exited = True
                self._give_back()

    def pause(self) -> None:
        """(In a call) give the runner the turn and wait for the next one."""
        self._give_back()
        self._wait_for_turn()
        if self._halted:
            raise _LetGo

    def park(self) -> None:
        """(In a call) the script is halted and never continues: leave the
        emulator's frames; :meth:`call` gives the runner the turn for good."""
        raise _LetGo

    def _let_go(self) -> None:
        """Park this call's thread for good, keeping nothing of the emulator."""
        self._serve = None
        self._give_back()
        while True:
            self._turn.wait()

    def _give_back(self) -> None:
        self._script_turn = False
        self._turn.notify()

    def _wait_for_turn(self) -> None:
        self._waiting = True
        while not self._script_turn:
            self._turn.wait()
        self._waiting = False

    # -- the emulator's side ---------------------------------------------------

    def turn(self) -> None:
        """Let the script run (and serve its calls) until it gives the turn back."""
        with self._turn:
            self._script_turn = True
            self._turn.notify()
            while self._script_turn:
                since = self._computing_since
                left_s = self._stuck if since is None else since + self._stuck - time.monotonic()
                if left_s <= 0:
                    self._abandoned = True
                    raise InterpreterStuck(STUCK_MESSAGE % self._stuck)
                self._turn.wait(left_s)
            failure, self._failure = self._failure, None
            if failure is not None:
                raise failure

    def finish(self, reply: Any) -> None:
        """Nothing to do: the script's last call returns ``reply`` from ``serve``."""

    def halt(self) -> None:
        """The script never continues.  Halted in a call it is serving, the
        script thread parks itself (see :meth:`park`); waiting for a turn, it
        gets one to let go of the emulator, and this returns when it has."""
        with self._turn:
            self._halted = True
            if self._waiting:
                self._script_turn = True
                self._turn.notify()
                while self._script_turn:
                    self._turn.wait()


class ChildInterpreter:
    def __init__(self, python: str, stuck_timeout_s: float):
        self.python = python
        self.label = python
        self._stuck = stuck_timeout_s
        self._process: subprocess.Popen | None = None
        self._stderr = tempfile.TemporaryFile()
        self._messages: queue.Queue[Any] = queue.Queue()

    def start(self) -> None:
        env = dict(os.environ)
        env.update(PYTHONPATH=os.pathsep.join((str(BRIDGE_DIR), str(SHIM_DIR))),
                   PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
        env.pop("PYTHONHOME", None)
        try:
            self._process = subprocess.Popen(
                [self.python, "-S", "-u", str(BRIDGE_DIR / "childboot.py")],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=env)
        except OSError as error:
            raise HostsimError("cannot start the script interpreter %s: %s"
                               % (self.python, error.strerror)) from None
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self) -> None:
        stream = self._process.stdout
        while True:
            try:
                self._messages.put(linkcodec.read_request(stream))
            except linkcodec.LinkError as error:
                self._messages.put(error)
                return

    def _child_stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("latin-1", "replace").strip()

    def exchange(self, reply: Any, first: bool) -> Request | None:
        if not first:
            self._send(reply)
        try:
            message = self._messages.get(timeout=self._stuck)
        except queue.Empty:
            raise InterpreterStuck(STUCK_MESSAGE % self._stuck) from None
        if isinstance(message, linkcodec.LinkError):
            status = self._wait_exit()
            detail = self._child_stderr()
            last_line = ": " + detail.splitlines()[-1] if detail else ""
            if first:
                raise HostsimError("--python %s did not start the script (%s, exit status %s)%s; "
                                   "it must be a Python interpreter"
                                   % (self.python, message, status, last_line))
            if status != 0 or detail:
                raise InterpreterDied("%s died (exit %s)%s" % (self.python, status, last_line))
            return None
        return message

    def _wait_exit(self) -> int:
        """The exit status of a child that ended the link (killed when it lingers)."""
        try:
            return self._process.wait(timeout=CHILD_EXIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()
            return self._process.wait()

    def _send(self, reply: Any) -> None:
        try:
            self._process.stdin.write(linkcodec.encode_reply(reply))
            self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass   # the child is gone; the reader reports it

    def finish(self, reply: Any) -> None:
        self._send(reply)
        try:
            self._process.stdin.close()
            self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()

    def halt(self) -> None:
        """The real end of the interpreter process, wherever it was."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
