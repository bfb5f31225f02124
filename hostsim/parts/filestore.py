"""The module's flat script file system: no folders, a fixed capacity.

Names are 1 to 16 characters of ``A-Z a-z 0-9 _ . -``, case sensitive.
Writes are whole-file and atomic: a file is either absent or complete,
never half written.  A file may be *hidden*: it is stored and runs, but
``#RSCRIPT`` reads it back empty.

:meth:`FileStore.write` creates a file or replaces an existing one (as
``#WSCRIPT`` and a script's own data files do); what a replaced file held
counts as free space for its new content.

The stale ``.pyo`` trap is modelled by :func:`script_to_run` and
:func:`store_pyo`: the module compiles ``x.py`` to ``x.pyo`` the first time
it runs it (a source that does not compile leaves no ``x.pyo``, as 1.5.2
writes no ``.pyc`` then) and from then on runs ``x.pyo``, even after
``x.py`` was replaced, until ``x.pyo`` is deleted.  An emulator ``.pyo`` is
:data:`PYO_MAGIC` followed by the source it was compiled from (see
:func:`pyo_source`), so the runner and tests can tell which version of the
source runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

MAX_NAME = 16
_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,%d}" % MAX_NAME)
PYO_MAGIC = b"PYO1"   # header of a .pyo the emulated module compiled itself


class FileStoreError(Exception):
    """A refused file operation."""


class BadName(FileStoreError):
    """The name is not a valid store name."""


class NoSpace(FileStoreError):
    """The data does not fit in the free space."""


class NoSuchFile(FileStoreError):
    """No file has that name."""


@dataclass(frozen=True)
class StoredFile:
    name: str
    data: bytes
    hidden: bool = False

    @property
    def size(self) -> int:
        return len(self.data)


def check_name(name: str) -> None:
    """Raise :class:`BadName` unless ``name`` is a valid store name."""
    if not _NAME.fullmatch(name) or name in (".", ".."):
        raise BadName("bad file name %r: 1 to %d characters of A-Z a-z 0-9 _ . -"
                      % (name, MAX_NAME))


class FileStore:
    """Files by name in ``capacity`` bytes; ``on_change(op, name, size)`` sees
    every ``"write"`` and ``"delete"``."""

    def __init__(self, capacity: int, on_change: Callable[[str, str, int], None] | None = None):
        self.capacity = capacity
        self._files: dict[str, StoredFile] = {}
        self._on_change = on_change or (lambda op, name, size: None)

    def names(self) -> list[str]:
        return sorted(self._files)

    def files(self) -> list[StoredFile]:
        """Every file, sorted by name."""
        return [self._files[n] for n in self.names()]

    def exists(self, name: str) -> bool:
        return name in self._files

    def get(self, name: str) -> StoredFile:
        try:
            return self._files[name]
        except KeyError:
            raise NoSuchFile("no such file: %s" % name) from None

    def read(self, name: str) -> bytes:
        return self.get(name).data

    def used(self) -> int:
        return sum(f.size for f in self._files.values())

    def free(self) -> int:
        return self.capacity - self.used()

    def room(self, name: str) -> int:
        """The most bytes :meth:`write` can store as ``name`` (a replaced file's included)."""
        old = self._files.get(name)
        return self.free() + (old.size if old else 0)

    def write(self, name: str, data: bytes, hidden: bool = False) -> None:
        """Create or replace ``name`` with ``data`` in one step."""
        check_name(name)
        room = self.room(name)
        if len(data) > room:
            raise NoSpace("no space for %s: %d bytes, %d free" % (name, len(data), room))
        self._files[name] = StoredFile(name, bytes(data), hidden)
        self._on_change("write", name, len(data))

    def delete(self, name: str) -> None:
        if name not in self._files:
            raise NoSuchFile("no such file: %s" % name)
        del self._files[name]
        self._on_change("delete", name, 0)

    def delete_all(self) -> None:
        for name in self.names():
            self.delete(name)

    def load(self, files: Iterable[StoredFile]) -> None:
        """Replace the whole content (used when a saved module is loaded); files
        that do not fit the capacity or have bad names are refused (nothing changes)."""
        loaded = {}
        for stored in files:
            check_name(stored.name)
            loaded[stored.name] = stored
        used = sum(f.size for f in loaded.values())
        if used > self.capacity:
            raise NoSpace("the files take %d bytes, more than the %d bytes the module's "
                          "store holds" % (used, self.capacity))
        self._files = loaded


# ---------------------------------------------------------------------------
# Compilation on first run (the stale .pyo trap)


def pyo_name(source_name: str) -> str:
    """``x.py`` -> ``x.pyo``, the name the module compiles ``x.py`` to."""
    return source_name + "o"


def compile_pyo(source: bytes) -> bytes:
    """What the emulated module stores as the ``.pyo`` of ``source``."""
    return PYO_MAGIC + source


def pyo_source(data: bytes) -> bytes:
    """The source a module-compiled ``.pyo`` came from.

    A ``.pyo`` uploaded from a PC compiler (real 1.5.2 bytecode) has no
    source: :class:`FileStoreError`.
    """
    if not data.startswith(PYO_MAGIC):
        raise FileStoreError("not a .pyo compiled by the emulated module")
    return data[len(PYO_MAGIC):]


def script_to_run(store: FileStore, name: str) -> tuple[str, bool]:
    """Which file runs when script ``name`` starts: ``(run_name, compiles)``.

    * ``x.pyo``: runs as it is.
    * ``x.py`` with an ``x.pyo`` present: ``x.pyo`` runs, whatever ``x.py``
      now contains (the module never recompiles).
    * ``x.py`` alone: ``x.py`` runs, and ``compiles`` is True: once the
      interpreter compiled it, :func:`store_pyo` stores its ``x.pyo``.

    A missing file raises :class:`NoSuchFile`; another extension raises
    :class:`FileStoreError`.
    """
    store.get(name)
    if name.endswith(".pyo"):
        return name, False
    if not name.endswith(".py"):
        raise FileStoreError("not a script (.py or .pyo): %s" % name)
    compiled = pyo_name(name)
    if store.exists(compiled):
        return compiled, False
    return name, True


def store_pyo(store: FileStore, name: str) -> bool:
    """Store the ``.pyo`` of script ``name`` (``x.py``), hidden if ``x.py`` is, as the
    module does once it compiled it; False when it cannot (its name would exceed 16
    characters, or no space: ``x.py`` then runs uncached each time)."""
    script = store.get(name)
    try:
        store.write(pyo_name(name), compile_pyo(script.data), script.hidden)
    except (BadName, NoSpace):
        return False
    return True
