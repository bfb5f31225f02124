"""Saving an emulated module to a directory and loading it back.

Layout of a state directory::

    module.json       identity, NVM settings, stored profile, SIM, file index
    files/<name>      each file of the flat store, as a real file
    pending/<name>    new contents of an unfinished save (the tool's own folder)

A save never leaves the directory unloadable, wherever it is interrupted
(killed, or the disk full): new file contents go to ``pending/<name>``
first, then ``module.json`` is replaced atomically (the commit point), then
the new contents are moved into ``files/``.  A load takes a pending content
whose hash the committed index names and ignores any other; it changes
nothing on disk.  Nothing a store file can be named lands in ``files/``
except the store's own files, and a save deletes only what it wrote:
``files/<name>`` of a file the module deleted (one the previous index
named) and its own ``pending/`` leftovers.  Other files under ``files/``
are ignored and kept; a file the index names may be edited by hand (its
content is taken as it is).

Every stored value is checked against its declaration at load: a setting
against the AT command that sets it (:func:`check_setting`), the SIM and
the parts against :data:`STATE_SCHEMA`, the files against the store's
names and capacity.  A value that does not fit is a one-line
:class:`~hostsim.core.errors.HostsimError` naming the file and the value.

A save writes only when something changed (a read-only command on a
read-only state works), and creates its files readable by their owner only
(``module.json`` holds the SIM's PIN and PUK).  Where it cannot write (the
state is a file, a folder without write permission, a full disk) it raises
a one-line HostsimError and the previous state stays loadable.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import jsonschema

from hostsim.at.syntax import Command, RawParam
from hostsim.commands import build_registry
from hostsim.core.errors import CmeError, HostsimError
from hostsim.core.models import MODELS
from hostsim.core.settings import SETTINGS, Storage
from hostsim.device.module import Module
from hostsim.fota.module_side import HALTING_READINGS
from hostsim.parts.filestore import FileStoreError, StoredFile, check_name
from hostsim.parts.sim import (
    INTERNATIONAL,
    NATIONAL,
    PHONEBOOK_CAPACITY,
    PHONEBOOK_NUMBER_LENGTH,
    PHONEBOOK_TEXT_LENGTH,
    SimCard,
)

STATE_FILE = "module.json"
FILES_DIR = "files"
PENDING_DIR = "pending"
RETIRED = "retired"      # files of the store the tool wrote and deletes (after a cut-off save)
FORMAT = 1
FILE_MODE = 0o600        # module.json holds the SIM's PIN and PUK
DIR_MODE = 0o700

_STRING_OR_NULL = {"type": ["string", "null"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_SMS = {"type": "object", "additionalProperties": False,
        "required": ["index", "status", "number", "timestamp", "text"],
        "properties": {"index": {"type": "integer", "minimum": 1}, "status": {"type": "string"},
                       "number": {"type": "string"}, "timestamp": {"type": "string"},
                       "text": {"type": "string"}}}
_PHONEBOOK_ENTRY = {
    "type": "object", "additionalProperties": False,
    "required": ["index", "number", "type", "text"],
    "properties": {"index": {"type": "integer", "minimum": 1, "maximum": PHONEBOOK_CAPACITY},
                   "number": {"type": "string", "maxLength": PHONEBOOK_NUMBER_LENGTH + 1},
                   "type": {"enum": [NATIONAL, INTERNATIONAL]},
                   "text": {"type": "string", "maxLength": PHONEBOOK_TEXT_LENGTH}}}
_SIM = {"type": ["object", "null"], "additionalProperties": False,
        "properties": {"imsi": {"type": "string"}, "msisdn": {"type": "string"},
                       "iccid": {"type": "string"}, "pin": _STRING_OR_NULL,
                       "puk": {"type": "string"}, "smsc": {"type": "string"},
                       "pin_attempts": {"type": "integer"}, "puk_attempts": {"type": "integer"},
                       "messages": {"type": "array", "items": _SMS},
                       "phonebook": {"type": "array", "items": _PHONEBOOK_ENTRY,
                                     "maxItems": PHONEBOOK_CAPACITY}}}
_FOTA_JOB = {"type": ["object", "null"], "required": ["id", "protocol", "phase"],
             "properties": {"id": {"type": "string"}, "protocol": {"type": "string"},
                            "phase": {"type": "string"}, "operation": {"type": "string"},
                            "mode": {"type": "string"}, "file": {"type": "string"},
                            "size": {"type": "integer"}, "checksum": {"type": "string"},
                            "progress_ms": {"type": "integer"}, "trigger": {"type": "string"},
                            "delayed": {"type": "boolean"}, "apn": {"type": "string"},
                            "csd": {"type": "string"}, "bearer": {"type": "string"},
                            "from_version": {"type": "string"}, "to_version": {"type": "string"},
                            "corrupt": {"type": "boolean"}}}
_FOTA_NOTIFY = {"type": ["object", "null"], "required": ["id", "protocol", "from", "to"],
                "properties": {"id": {"type": "string"}, "protocol": {"type": "string"},
                               "from": {"type": "string"}, "to": {"type": "string"}}}
_FOTA = {"type": "object", "additionalProperties": False,
         "properties": {"server_number": {"type": "string"},
                        "ip_config": {"type": ["array", "null"]},
                        "ip_server": {"type": ["array", "null"]},
                        "my_number": {"type": "string"}, "uses_pfm": {"type": "boolean"},
                        "protocol": {"type": "string"}, "registered": {"type": "boolean"},
                        "registered_imsi": {"type": "string"},
                        "provisioned": {"type": "object",
                                        "additionalProperties": {"type": "string"}},
                        "job": _FOTA_JOB, "notify": _FOTA_NOTIFY, "buffered": _STRINGS,
                        "halting": {"enum": list(HALTING_READINGS)}}}
_INDEX_ENTRY = {"type": "object", "required": ["sha256"],
                "properties": {"sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                               "hidden": {"type": "boolean"}}}
# module.json; settings are checked against their commands (check_setting).
STATE_SCHEMA = {
    "type": "object",
    "required": ["format", "model", "firmware", "imei", "settings", "files", "parts"],
    "properties": {
        "format": {"const": FORMAT},
        "model": {"enum": sorted(MODELS)},
        "firmware": {"type": "string"},
        "imei": {"type": "string"},
        "settings": {"type": "object", "properties": {"nvm": {"type": "object"},
                                                      "profile": {"type": "object"},
                                                      "profile1": {"type": "object"}}},
        "sim": _SIM,
        "files": {"type": "object", "additionalProperties": _INDEX_ENTRY},
        RETIRED: _STRINGS,
        "parts": {"type": "object", "properties": {"fota": _FOTA}},
    },
}
_VALIDATOR = jsonschema.Draft7Validator(STATE_SCHEMA)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- checking values against their declarations ---------------------------------------------

_COMMANDS: dict[str, Command] = {}


def _setting_command(name: str) -> Command | None:
    if not _COMMANDS:
        _COMMANDS.update((command.name, command) for command in build_registry())
    return _COMMANDS.get(name)


def _same_shape(value: Any, model: Any) -> bool:
    """Whether ``value`` has the JSON types of ``model`` (an object its keys; an
    empty object in ``model`` takes any key with a list of numbers and texts)."""
    if isinstance(model, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(model, bool)
    if isinstance(model, dict):
        if not isinstance(value, dict):
            return False
        if not model:
            return all(isinstance(k, str) and isinstance(v, list)
                       and all(isinstance(i, (int, str)) and not isinstance(i, bool) for i in v)
                       for k, v in value.items())
        return set(value) == set(model) and all(_same_shape(value[k], m)
                                                for k, m in model.items())
    if isinstance(model, list):
        return (isinstance(value, list) and len(value) == len(model)
                and all(_same_shape(v, m) for v, m in zip(value, model)))
    return type(value) is type(model)


def _fits(param, value: Any) -> bool:
    """Whether ``value`` is what ``param`` (an AT parameter declaration) gives."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return False
    raw = RawParam(value, True) if isinstance(value, str) else RawParam(str(value), False)
    try:
        return param.convert(raw) == value
    except CmeError:
        return False


def check_setting(name: str, value: Any) -> str | None:
    """What is wrong with ``value`` for the declared setting ``name``, or None.

    The value must have the shape of the declared default and, where an AT
    command of the same name sets it, fit that command's parameters: a
    scalar its one parameter, a list one parameter per item, an object
    (``+CGDCONT``, ``#SCFG``) the first parameter per key and the others per
    item of the key's list."""
    default = SETTINGS[name].default
    if not _same_shape(value, default):
        return "%s: %s does not have the form of %s" % (name, json.dumps(value),
                                                       json.dumps(default))
    ranges = SETTINGS[name].item_ranges
    if ranges and (len(value) != len(ranges) or not all(
            low <= item <= high for item, (low, high) in zip(value, ranges))):
        return "%s: %s is out of its range %s" % (name, json.dumps(value), json.dumps(ranges))
    command = _setting_command(name)
    params = command.params if command is not None else ()
    if isinstance(value, dict):
        rows = [[int(key) if key.isdigit() else key] + list(item) for key, item in value.items()]
    elif isinstance(value, list):
        rows = [value]
    else:
        rows = [[value]]
    for row in rows:
        if len(params) == len(row) and not all(_fits(p, v) for p, v in zip(params, row)):
            return "%s: %s is out of the range of AT%s" % (name, json.dumps(value), name)
    return None


def _check_settings(saved: dict[str, Any]) -> str | None:
    for key, storage in (("nvm", Storage.NVM), ("profile", Storage.PROFILE),
                         ("profile1", Storage.PROFILE)):
        for name, value in saved.get(key, {}).items():
            spec = SETTINGS.get(name)
            if spec is not None and spec.storage is storage:
                problem = check_setting(name, value)
                if problem is not None:
                    return problem
    return None


# -- saving ------------------------------------------------------------------------------


def _cannot_save(root: Path, error: OSError) -> HostsimError:
    if error.errno in (errno.ENOTDIR, errno.EEXIST) and root.exists() and not root.is_dir():
        return HostsimError("cannot save the state in %s: it is not a folder" % root)
    return HostsimError("cannot save the state in %s: %s" % (root, error.strerror or error))


def _write_private(path: Path, data: bytes) -> None:
    """Write ``path`` (mode 0600) and flush it to the disk; nothing is left of it on failure."""
    try:
        handle = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError:
        if path.exists():
            path.unlink()
        raise


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    _write_private(tmp, data)
    try:
        os.replace(tmp, path)
    except OSError:
        tmp.unlink()
        raise


def _state(module: Module, index: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "model": module.spec.name,
        "firmware": module.firmware,
        "imei": module.imei,
        "settings": module.settings.to_json(),
        "sim": module.sim.to_json() if module.sim is not None else None,
        "files": index,
        "parts": {name: part.to_json() for name, part in module.persistent_parts.items()},
    }


def _encode(state: dict[str, Any]) -> bytes:
    return json.dumps(state, indent=1, sort_keys=True).encode()


def check_writable(directory: str) -> None:
    """Raise a one-line HostsimError unless a state can be saved in ``directory``
    (created when missing); for programs that save long after they start."""
    root = Path(directory)
    try:
        root.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_save(root, error) from None
    if not root.is_dir():
        raise HostsimError("cannot save the state in %s: it is not a folder" % root)
    for folder in (root, root / FILES_DIR):
        if folder.is_dir() and not os.access(str(folder), os.W_OK | os.X_OK):
            raise HostsimError("cannot save the state in %s: %s is not writable" % (root, folder))


def save(module: Module, directory: str) -> bool:
    """Write ``module`` to ``directory`` (created when missing) where it differs from
    what is there; whether anything was written."""
    root = Path(directory)
    try:
        return _save(module, root)
    except OSError as error:
        raise _cannot_save(root, error) from None


def _save(module: Module, root: Path) -> bool:
    files_dir, pending_dir = root / FILES_DIR, root / PENDING_DIR
    path = root / STATE_FILE
    old = _committed(path)
    index, changed = {}, []
    for stored in module.files.files():
        index[stored.name] = {"hidden": stored.hidden, "sha256": _digest(stored.data)}
        current = files_dir / stored.name
        if not current.is_file() or current.read_bytes() != stored.data:
            changed.append(stored)
    state = _state(module, index)
    # Files the tool wrote that the module no longer has: the old index's, and those an
    # earlier save committed as retired but was cut off before deleting.
    retired = sorted(name for name in set(old.get("files", {})) | set(old.get(RETIRED, []))
                     if name not in index and (files_dir / name).is_file())
    if not changed and not retired and {k: v for k, v in old.items() if k != RETIRED} == state:
        return False
    for folder in (root, files_dir, pending_dir):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
    for stored in changed:
        _write_private(pending_dir / stored.name, stored.data)
    _write_atomic(path, _encode(dict(state, **{RETIRED: retired})))       # the commit point
    for stored in changed:
        os.replace(pending_dir / stored.name, files_dir / stored.name)
    for name in retired:
        (files_dir / name).unlink()
    for entry in pending_dir.iterdir():            # leftovers of an earlier, cut-off save
        if entry.is_file():
            entry.unlink()
    return True


def _committed(path: Path) -> dict[str, Any]:
    """The state now on disk ({} when there is none or it is unreadable), as saved."""
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict):
        return {}
    for key in ("files", RETIRED):
        if not isinstance(state.get(key, []), (dict, list)):
            state[key] = []
    return state


# -- loading -----------------------------------------------------------------------------


def _corrupt(path: Path, why: str) -> HostsimError:
    return HostsimError("state file %s is corrupt: %s" % (path, why))


def _read_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _corrupt(path, str(error).splitlines()[0] if str(error) else "unreadable") \
            from None
    if not isinstance(state, dict):
        raise _corrupt(path, "not a JSON object")
    if state.get("format") != FORMAT:
        raise _corrupt(path, "unknown format %r (expected %d)" % (state.get("format"), FORMAT))
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(state))
    if error is not None:
        raise _corrupt(path, _schema_problem(error))
    problem = _check_settings(state["settings"])
    if problem is not None:
        raise _corrupt(path, problem)
    return state


def _schema_problem(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path)
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return "%r is missing%s" % (missing[0], " in " + where if where else "")
    if error.validator == "additionalProperties":
        return "%s: %s" % (where or "the document", error.message)
    return "%s is %s, not %s" % (where, json.dumps(error.instance)[:80],
                                 _expected(error.validator, error.validator_value))


def _expected(validator: str, value: Any) -> str:
    if validator == "type":
        return " or ".join(value) if isinstance(value, list) else value
    if validator == "enum":
        return "one of %s" % ", ".join(str(v) for v in value)
    return "%s %s" % (validator, json.dumps(value)[:80])


def _read_file(path: Path) -> bytes | None:
    """The content of ``path``; None when it is missing; a one-line error when it
    cannot be read (a folder, no permission)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _corrupt(path, error.strerror or str(error)) from None


def _committed_content(root: Path, name: str, sha256: str) -> bytes | None:
    pending = root / PENDING_DIR / name
    if pending.is_file():
        data = _read_file(pending)
        if data is not None and _digest(data) == sha256:
            return data
    return _read_file(root / FILES_DIR / name)


def load(directory: str, **module_args: Any) -> Module:
    """A module (powered off) from ``directory``; a missing directory or one
    without ``module.json`` gives a fresh module.  Raises HostsimError naming
    the file when the state is corrupt.  Nothing on disk is changed."""
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise HostsimError("state %s is not a folder" % root)
    path = root / STATE_FILE
    if not path.exists():
        return Module(**module_args)
    state = _read_state(path)
    stored = []
    for name, meta in sorted(state["files"].items()):
        try:
            check_name(name)
        except FileStoreError as error:
            raise _corrupt(path, str(error)) from None
        data = _committed_content(root, name, meta["sha256"])
        if data is None:
            raise _corrupt(root / FILES_DIR / name, "missing (the index lists it)")
        stored.append(StoredFile(name, data, bool(meta.get("hidden"))))
    sim = SimCard.from_json(state["sim"]) if state.get("sim") is not None else None
    args = dict(module_args)
    args.update(model=state["model"], firmware=state["firmware"], imei=state["imei"], sim=sim)
    module = Module(**args)
    module.settings.load_json(state["settings"])
    try:                    # parts outside STATE_SCHEMA check their own data
        for name, part in module.persistent_parts.items():
            if name in state["parts"]:
                part.load_json(state["parts"][name])
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise _corrupt(path, str(error)) from None
    try:
        module.files.load(stored)
    except FileStoreError as error:
        raise _corrupt(root / FILES_DIR, str(error)) from None
    return module
