"""``import`` for scripts: the embedder's built-in modules, the script's own
modules from its flat file store, and the few standard modules 1.5.2 scripts use."""
import types
from typing import Callable, Mapping, Optional

from .runtime import stdmods, stringmod

SourceFinder = Callable[[str], object]


class Importer:
    """Resolves a module name the way the module's interpreter does.

    Order: modules already loaded, ``sys``, the embedder's built-in modules
    (``MDM``, ``MOD``, ...), ``time``/``math`` where the profile has them, the
    script store (``find_source(name)`` returns the source, a ``(source,
    filename)`` or ``(source, filename, shown_name)`` tuple, a module object
    the embedder made, or None), then the library modules ``string``,
    ``types``, ``exceptions``.
    """

    def __init__(self, program, find_source: Optional[SourceFinder] = None,
                 builtin_modules: Optional[Mapping[str, object]] = None) -> None:
        self.program = program
        self.find_source = find_source
        self.builtin_modules = dict(builtin_modules or {})

    def _standard(self, name: str):
        profile = self.program.profile
        if name == "string":
            return stringmod.make_module(profile.floats, profile.python27)
        if name == "types":
            return stdmods.make_types()
        if name == "exceptions":
            return stdmods.make_exceptions(self.program.exception_classes)
        return None

    def _builtin(self, name: str):
        if name in self.builtin_modules:
            return self.builtin_modules[name]
        profile = self.program.profile
        if name == "time" and profile.name != "telit152":
            return stdmods.make_time(profile.floats)
        if name == "math" and profile.floats:
            return stdmods.make_math()
        return None

    def import_module(self, name: str, bind_leaf: int = 0):
        """``import name``: the module object (ImportError as 1.5.2 words it)."""
        modules = self.program.modules
        module = modules.get(name)
        if module is not None:
            return module
        if "." in name:
            raise ImportError("No module named %s" % name)
        module = self._builtin(name)
        if module is None:
            module = self._from_store(name)
        if module is None:
            module = self._standard(name)
        if module is None:
            raise ImportError("No module named %s" % name)
        modules[name] = module
        return module

    def _from_store(self, name: str):
        if self.find_source is None:
            return None
        found = self.find_source(name)
        if found is None or isinstance(found, types.ModuleType):
            return found
        source, filename, shown_name = _unpack(found, name)
        module = new_module(name)
        module.__file__ = filename
        self.program.modules[name] = module
        try:
            self.program.exec_module(source, filename, module, shown_name)
        except BaseException:
            self.program.modules.pop(name, None)
            raise
        return module

    def import_from(self, name: str, names):
        module = self.import_module(name)
        values = []
        for attribute in names:
            try:
                values.append(getattr(module, attribute))
            except AttributeError:
                raise ImportError("cannot import name %s" % attribute) from None
        return tuple(values)

    def import_star(self, name: str, namespace: dict) -> None:
        module = self.import_module(name)
        for key, value in vars(module).items():
            if not key.startswith("_"):
                namespace[key] = value

    def import_hook(self, name, globals_=None, locals_=None, fromlist=None):
        return self.import_module(name)

    def reload(self, module):
        if not isinstance(module, types.ModuleType):
            raise TypeError("reload() argument must be module")
        name = module.__name__
        if self.find_source is not None:
            found = self.find_source(name)
            if found is not None and not isinstance(found, types.ModuleType):
                source, filename, shown_name = _unpack(found, name)
                self.program.exec_module(source, filename, module, shown_name)
        return module


def _unpack(found, name: str):
    """(source, filename, shown name) of what ``find_source`` returned."""
    if not isinstance(found, tuple):
        return found, name + ".py", None
    if len(found) == 2:
        return found[0], found[1], None
    return found


def new_module(name: str) -> types.ModuleType:
    """A module whose namespace holds only what 1.5.2 puts there."""
    module = types.ModuleType(name)
    for key in ("__loader__", "__package__", "__spec__"):
        module.__dict__.pop(key, None)
    return module
