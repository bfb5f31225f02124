"""Saving an emulated module to a directory and loading it back.

Layout of a state directory::

    module.json      identity, NVM settings, stored profile, SIM, file index
    files/<name>     each file of the flat store, as a real file

A save never leaves the directory unloadable, wherever it is interrupted:
new file contents go to ``files/.<name>.new`` first, then ``module.json``
is replaced atomically (the commit point), then the new contents are moved
into place.  A load finishes an interrupted save (a ``.new`` whose hash the
committed index names is moved into place) and discards an uncommitted one.
Files under ``files/`` that the index does not name are ignored; a file the
index names may be edited by hand (its content is taken as it is).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from hostsim.core.errors import HostsimError
from hostsim.core.models import MODELS
from hostsim.device.module import Module
from hostsim.parts.filestore import FileStoreError, StoredFile, check_name
from hostsim.parts.sim import SimCard

STATE_FILE = "module.json"
FILES_DIR = "files"
FORMAT = 1


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _pending(files_dir: Path, name: str) -> Path:
    return files_dir / (".%s.new" % name)


def save(module: Module, directory: str) -> None:
    """Write ``module`` to ``directory`` (created if missing)."""
    root = Path(directory)
    files_dir = root / FILES_DIR
    files_dir.mkdir(parents=True, exist_ok=True)
    index = {}
    for stored in module.files.files():
        index[stored.name] = {"hidden": stored.hidden, "sha256": _digest(stored.data)}
        current = files_dir / stored.name
        if not current.exists() or current.read_bytes() != stored.data:
            _write_atomic(_pending(files_dir, stored.name), stored.data)
    state = {
        "format": FORMAT,
        "model": module.spec.name,
        "firmware": module.firmware,
        "imei": module.imei,
        "settings": module.settings.to_json(),
        "sim": module.sim.to_json() if module.sim is not None else None,
        "files": index,
        "parts": {name: part.to_json() for name, part in module.persistent_parts.items()},
    }
    _write_atomic(root / STATE_FILE, json.dumps(state, indent=1, sort_keys=True).encode())
    _settle(files_dir, index)


def _settle(files_dir: Path, index: dict[str, Any]) -> None:
    """Move committed contents into place; drop what the index no longer names."""
    for entry in sorted(files_dir.iterdir()):
        name = entry.name
        if name.startswith(".") and name.endswith(".new"):
            real = name[1:-4]
            meta = index.get(real)
            if meta is not None and _digest(entry.read_bytes()) == meta["sha256"]:
                os.replace(entry, files_dir / real)
            else:
                entry.unlink()
        elif name.endswith(".tmp"):
            entry.unlink()
        elif name not in index and entry.is_file():
            entry.unlink()


def _corrupt(path: Path, why: str) -> HostsimError:
    return HostsimError("state file %s is corrupt: %s" % (path, why))


def _read_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise _corrupt(path, str(error)) from None
    if not isinstance(state, dict):
        raise _corrupt(path, "not a JSON object")
    if state.get("format") != FORMAT:
        raise _corrupt(path, "unknown format %r (expected %d)" % (state.get("format"), FORMAT))
    for key, kind in (("model", str), ("firmware", str), ("imei", str), ("settings", dict),
                      ("files", dict), ("parts", dict)):
        if not isinstance(state.get(key), kind):
            raise _corrupt(path, "%r is missing or not a %s" % (key, kind.__name__))
    if state["model"] not in MODELS:
        raise _corrupt(path, "unknown model %r" % state["model"])
    return state


def load(directory: str, **module_args: Any) -> Module:
    """A module (powered off) from ``directory``; a missing directory or one
    without ``module.json`` gives a fresh module.  Raises HostsimError naming
    the file when the state is corrupt; nothing on disk is changed then."""
    root = Path(directory)
    path = root / STATE_FILE
    if not path.exists():
        return Module(**module_args)
    state = _read_state(path)
    files_dir = root / FILES_DIR
    stored = []
    for name, meta in sorted(state["files"].items()):
        try:
            check_name(name)
        except FileStoreError as error:
            raise _corrupt(path, str(error)) from None
        if not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str):
            raise _corrupt(path, "bad index entry for %s" % name)
        data = _committed_content(files_dir, name, meta["sha256"])
        if data is None:
            raise _corrupt(files_dir / name, "missing (the index lists it)")
        stored.append(StoredFile(name, data, bool(meta.get("hidden"))))
    try:
        sim: SimCard | None = (SimCard.from_json(state["sim"])
                                  if state.get("sim") is not None else None)
    except (TypeError, ValueError) as error:
        raise _corrupt(path, "bad SIM: %s" % error) from None
    args = dict(module_args)
    args.update(model=state["model"], firmware=state["firmware"], imei=state["imei"], sim=sim)
    module = Module(**args)
    try:
        module.settings.load_json(state["settings"])
        for name, part in module.persistent_parts.items():
            if name in state["parts"]:
                part.load_json(state["parts"][name])
    except (TypeError, ValueError, KeyError) as error:
        raise _corrupt(path, str(error)) from None
    module.files.load(stored)
    _settle(files_dir, state["files"])
    return module


def _committed_content(files_dir: Path, name: str, sha256: str) -> bytes | None:
    pending = _pending(files_dir, name)
    if pending.exists():
        data = pending.read_bytes()
        if _digest(data) == sha256:
            return data
    current = files_dir / name
    return current.read_bytes() if current.exists() else None
