"""A boot's script in hostsim's own process, run by the 1.5.2 front end.

It has the conversation with the emulator that ``bridge/scriptenv.py`` has
from a child interpreter, call for call, so both give the same trace: the
script's name (``main``), each module's source and file names (``source``,
``origin``) at its first import, what it prints, and how it ended (``ended``,
or ``exception`` with the report). The script and the modules of the store are
translated for a profile (the model's: ``telit152`` on the GSM and UMTS
modules, ``python27`` on xE910); the built-in modules ``MDM``, ``MOD``, ... are
the shims, run as host Python with ``hostlink`` bound to the link. The
``python3`` profile runs the script as plain Python 3 (``scriptenv``), for
host-side code that is no module script.
"""
from __future__ import annotations

import builtins
import functools
import importlib.util
import types
from pathlib import Path
from typing import Any

from hostsim.core.errors import HostsimError
from hostsim.core.models import ModelSpec
from hostsim.dialect.frontend import (
    PROFILE_NAMES,
    FrontEndSyntaxError,
    Profile,
    Program,
    TranslationCache,
    get_profile,
)
from hostsim.dialect.frontend.profiles import TELIT152

BRIDGE_DIR = Path(__file__).parent / "bridge"
SHIM_DIR = Path(__file__).parent / "shims"
PYTHON3 = "python3"
SCRIPT_PROFILES = PROFILE_NAMES + (PYTHON3,)


def script_profile(name: str | None, spec: ModelSpec) -> Profile | None:
    """The profile of a script run in-process on a ``spec`` module: ``name``
    (one of :data:`SCRIPT_PROFILES`) or the model's; None for ``python3``."""
    name = name or spec.script_profile
    if name == PYTHON3:
        return None
    if name not in PROFILE_NAMES:
        raise HostsimError("unknown script profile %r: choose one of %s"
                           % (name, ", ".join(SCRIPT_PROFILES)))
    return get_profile(name, spec.script_floats if name == TELIT152 else None)


def _load_scriptenv() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("hostsim_scriptenv", BRIDGE_DIR / "scriptenv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPTENV = _load_scriptenv()


@functools.lru_cache(maxsize=64)
def _shim_code(source: str, filename: str) -> types.CodeType:
    """A shim's code, compiled once per process (every boot imports the same shims)."""
    return compile(source, filename, "exec")


class FrontEndEnvironment:
    """The interpreter state of one boot: a front-end Program talking to the emulator."""

    def __init__(self, link: Any, profile: Profile, cache: TranslationCache | None = None):
        self.link = link
        self.program = Program(
            profile, stdout=SCRIPTENV.TraceWriter(link, "stdout"),
            stderr=SCRIPTENV.TraceWriter(link, "stderr"), find_source=self.find, cache=cache,
            open_file=self.open)
        self._shim_builtins = dict(vars(builtins), __import__=self._shim_import)

    def open(self, name: str, mode: str = "r") -> Any:
        """A script's ``open()``: a file of the module's store."""
        return SCRIPTENV.open_store_file(self.link, name, mode)

    def find(self, name: str) -> Any:
        """A module the script imports, as the front end's ``find_source`` gives it."""
        source = self.link.call("source", name)
        if source is None:
            return None
        if not source:
            raise ImportError("No module named %s" % name)
        origin = self.link.call("origin", name)
        if origin is None:
            return self._builtin_module(name, source)
        shown, code_name = origin
        self._compile_check(name, source, code_name, shown)
        return source, code_name, shown

    def _compile_check(self, name: str, source: str, code_name: str, shown: str) -> None:
        """Tell the module that ``name`` compiles (it stores the ``.pyo`` then); the
        translation is cached, so the importer's own compile costs nothing more."""
        try:
            self.program.compile_text(source, code_name, shown_name=shown)
        except FrontEndSyntaxError:
            return          # the importer raises it in the script; no .pyo is stored
        self.link.call("compiled", name)

    def _builtin_module(self, name: str, source: str) -> types.ModuleType:
        """A shim (onboard dialect) run as host Python: fast, and never in a traceback."""
        module = types.ModuleType(name)
        module.__file__ = str(SHIM_DIR / ("%s.py" % name))
        module.__dict__["__builtins__"] = self._shim_builtins
        self.program.modules[name] = module
        exec(_shim_code(source, module.__file__), module.__dict__)
        return module

    def _shim_import(self, name: str, globals_: Any = None, locals_: Any = None,
                     fromlist: Any = (), level: int = 0) -> Any:
        if name == "hostlink":
            return self.link
        return self.import_module(name)

    def import_module(self, name: str) -> Any:
        """Import module ``name`` as the script would (the test harness)."""
        return self.program.importer.import_module(name)

    def run(self) -> None:
        """Run the enabled script of this boot to its end, reporting how it ended."""
        link = self.link
        name = link.call("main")
        source = link.call("source", name)
        if source is None:
            link.call("exception", "ImportError: no script %s\n" % name)
            return
        shown, code_name = link.call("origin", name)
        program = self.program
        program.sys.argv = [shown]
        try:
            code = program.compile_text(source, code_name, shown_name=shown)
        except FrontEndSyntaxError as error:
            link.call("exception", error.one_line(shown) + "\n")
            return
        link.call("compiled", name)
        try:
            program.exec_main(code)
        except SystemExit:
            pass
        except BaseException as error:   # the script's uncaught exception, whatever it is
            link.call("exception", program.format_exception(error))
            return
        link.call("ended")
