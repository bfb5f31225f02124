"""The module's flat script file system: no folders, a fixed capacity.

Names are at most 16 characters and case sensitive.  Writes are whole-file
and atomic: a file is either absent or complete, never half written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional

MAX_NAME = 16
_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,%d}" % MAX_NAME)


class FileStoreError(Exception):
    """A refused file operation (bad name, no space, no such file)."""


@dataclass(frozen=True)
class StoredFile:
    name: str
    data: bytes
    hidden: bool = False

    @property
    def size(self) -> int:
        return len(self.data)


def check_name(name: str) -> None:
    if not _NAME.fullmatch(name) or name in (".", ".."):
        raise FileStoreError("bad file name %r: 1 to %d characters of A-Z a-z 0-9 _ . -"
                             % (name, MAX_NAME))


class FileStore:
    def __init__(self, capacity: int, on_change: Optional[Callable[[str, str, int], None]] = None):
        self.capacity = capacity
        self._files: Dict[str, StoredFile] = {}
        self._on_change = on_change or (lambda op, name, size: None)

    def names(self) -> List[str]:
        return sorted(self._files)

    def files(self) -> List[StoredFile]:
        return [self._files[n] for n in self.names()]

    def exists(self, name: str) -> bool:
        return name in self._files

    def get(self, name: str) -> StoredFile:
        try:
            return self._files[name]
        except KeyError:
            raise FileStoreError("no such file: %s" % name) from None

    def read(self, name: str) -> bytes:
        return self.get(name).data

    def used(self) -> int:
        return sum(f.size for f in self._files.values())

    def free(self) -> int:
        return self.capacity - self.used()

    def write(self, name: str, data: bytes, hidden: bool = False) -> None:
        """Create or replace ``name`` with ``data`` in one step."""
        check_name(name)
        old = self._files.get(name)
        room = self.free() + (old.size if old else 0)
        if len(data) > room:
            raise FileStoreError("no space for %s: %d bytes, %d free" % (name, len(data), room))
        self._files[name] = StoredFile(name, bytes(data), hidden)
        self._on_change("write", name, len(data))

    def delete(self, name: str) -> None:
        if name not in self._files:
            raise FileStoreError("no such file: %s" % name)
        del self._files[name]
        self._on_change("delete", name, 0)

    def load(self, files: Iterable[StoredFile]) -> None:
        """Replace the whole content (used when a saved module is loaded)."""
        self._files = {f.name: f for f in files}
