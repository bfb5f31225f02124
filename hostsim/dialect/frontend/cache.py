"""The translation cache: a second boot of the same script costs no translation.

Entries are keyed by the source's hash, the file name, the profile and
:data:`FRONTEND_VERSION`; they live in memory and, when a directory is given,
on disk as marshalled code objects (one file per entry and Python version).
"""
import hashlib
import marshal
import os
import sys
import tempfile
from typing import Dict, Optional

#: Bump when a translation could change: old cache entries are then ignored.
FRONTEND_VERSION = "2"
_DISK_SUFFIX = ".py15c"


def cache_key(source: str, filename: str, profile_key: str) -> str:
    digest = hashlib.sha256()
    for part in (FRONTEND_VERSION, profile_key, filename, source):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class TranslationCache:
    """Code objects by key, in memory and optionally under ``directory``."""

    def __init__(self, directory: Optional[str] = None) -> None:
        self.directory = directory
        self.memory: Dict[str, object] = {}
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> str:
        tag = sys.implementation.cache_tag or "python"
        return os.path.join(self.directory, "%s.%s%s" % (key[:40], tag, _DISK_SUFFIX))

    def get(self, key: str):
        code = self.memory.get(key)
        if code is None and self.directory:
            try:
                with open(self._path(key), "rb") as handle:
                    code = marshal.load(handle)
            except (OSError, EOFError, ValueError, TypeError):
                code = None
            if code is not None:
                self.memory[key] = code
        if code is None:
            self.misses += 1
        else:
            self.hits += 1
        return code

    def put(self, key: str, code) -> None:
        self.memory[key] = code
        if not self.directory:
            return
        os.makedirs(self.directory, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                marshal.dump(code, stream)
            os.replace(temporary, self._path(key))
        except OSError:
            if os.path.exists(temporary):
                os.unlink(temporary)


#: The process-wide in-memory cache used when the embedder gives none.
DEFAULT_CACHE = TranslationCache()
