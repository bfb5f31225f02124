"""Testing onboard code in-process: a module, its shims, and helpers.

:class:`Harness` is what the ``telit`` pytest fixture gives a test: an
emulated module powered on, a way to import onboard modules by their flat
names so that their ``MDM``, ``MOD``, ``open()``, ... reach that module, and
helpers to drive the world and assert on the result.  Onboard modules are
translated by the 1.5.2 front end for the model's profile (as ``hostsim run``
runs them; ``profile="python3"`` imports them as plain Python 3).  Calls run
in the test's own thread: a waiting call (``MDM.receive``, ``MOD.sleep``)
runs the virtual clock until it returns.
"""
from __future__ import annotations

import os
import sys
import types
from importlib import metadata
from typing import Any, Sequence

from hostsim.core.trace import Event
from hostsim.device.module import Module
from hostsim.parts.sim import SimCard
from hostsim.script.host import SHIM_NAMES, CallError, Chunker, ScriptHost
from hostsim.script.inprocess import SCRIPTENV, FrontEndEnvironment, script_profile
from hostsim.script.interpreters import SHIM_DIR, HostError
from hostsim.script.linkcodec import ErrorReply

MAX_WAIT_MS = 24 * 3600 * 1000


class DirectLink:
    """A script link that serves calls at once, in the caller's thread."""

    def __init__(self, host: ScriptHost):
        self.host = host

    def call(self, op: str, *args: Any) -> Any:
        clock = self.host.module.clock
        try:
            wait = self.host.request(op, args)
        except CallError as error:
            raise HostError("%s: %s" % (op, error)) from None
        clock.run_until(wait.earliest)

        def done() -> bool:
            return clock.now >= wait.deadline or (wait.ready is not None and wait.ready())

        clock.run_until_true(done, max(0, wait.deadline - clock.now))
        reply = wait.result()
        if isinstance(reply, ErrorReply):
            raise HostError(reply.message)
        return reply


class Harness:
    """An emulated module plus an in-process script environment for tests."""

    def __init__(self, module: Module | None = None, onboard_dirs: Sequence[str] = ("onboard",),
                 chunks: str = "response", seed: int = 0, profile: str | None = None):
        self.module = module or Module(sim=SimCard(pin=None))
        if self.module.state != "on":
            self.module.power_on()
        self.onboard_dirs = [os.path.abspath(d) for d in onboard_dirs]
        self.host = ScriptHost(self.module, "", Chunker(chunks, seed), {}, str(SHIM_DIR),
                               search_dirs=self.onboard_dirs)
        self.link = DirectLink(self.host)
        front_end_profile = script_profile(profile, self.module.spec)
        self._env = (SCRIPTENV.Environment(self.link, 1) if front_end_profile is None
                     else FrontEndEnvironment(self.link, front_end_profile))
        self._installed: dict[str, Any] = {}
        self.module.uarts["ASC0"].script_owned = True     # the code under test plays the script

    # -- code under test -------------------------------------------------------

    def load(self, name: str) -> types.ModuleType:
        """Import onboard module ``name`` (a flat name, no ``.py``) from the
        module's store or the onboard folders; its imports, ``open()`` and
        print reach the emulator."""
        return self._env.import_module(name)

    def install_shims(self) -> None:
        """Put MDM, MOD, SER, ... into sys.modules (for code imported the usual way)."""
        for name in SHIM_NAMES:
            if name in self._installed or (name == "GPS" and not self.module.spec.has_gps):
                continue
            self._installed[name] = sys.modules.get(name)
            sys.modules[name] = self._env.import_module(name)

    def remove_shims(self) -> None:
        for name, previous in self._installed.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
        self._installed.clear()

    # -- the world -------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        self.module.clock.advance(int(seconds * 1000))

    def ser_type(self, data: bytes) -> None:
        """The external application writes to ASC0 (the script's SER)."""
        self.module.uarts["ASC0"].dte_write(data)

    def ser_read(self) -> bytes:
        """What the module sent to the external application on ASC0."""
        return self.module.asc0_output()

    def urc(self, text: str, interface: str = "MDM") -> None:
        self.module.engine(interface).urc(text)

    def send_sms(self, sender: str, text: str, **options: Any) -> None:
        """An SMS from ``sender`` reaches the module (delivery takes network time)."""
        self.module.world.send_sms(self.module, sender, text, **options)

    # -- assertions --------------------------------------------------------------

    def events(self, kind: str | None = None, source: str | None = None) -> list[Event]:
        return self.module.trace.select(kind, source)

    def printed(self) -> list[str]:
        return [e.text for e in self.module.trace.select("script", "print")]

    def setting(self, name: str) -> Any:
        return self.module.settings.get(name)

    def file(self, name: str) -> bytes:
        return self.module.files.read(name)

    def close(self) -> None:
        self.remove_shims()
        self.host.close()


def plugin_installed() -> bool:
    """True when the pytest plugin comes through its ``pytest11`` entry point
    (pip install); a plain source checkout has to name it in a conftest."""
    entry_points = metadata.entry_points()
    group = (entry_points.select(group="pytest11") if hasattr(entry_points, "select")
             else entry_points.get("pytest11", ()))
    return any(ep.name == "hostsim" for ep in group)
