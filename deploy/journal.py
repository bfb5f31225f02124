"""Uploads in flight, noted on this machine so that the next command can end a cut-off one.

A module inside a ``#WSCRIPT`` transfer takes every byte it receives as
payload until the announced size is reached, and answers no AT meanwhile:
a command that simply probed it would store its own ``AT`` lines in the
file.  So before each transfer ``telit-deploy`` notes the port, the file
name, the size and whether the name already holds a file in
``$XDG_STATE_HOME/telit-deploy/transfers/`` (else ``~/.local/state/...``),
keeps the note's modification time at the moment the last bytes written
have crossed the line (:func:`touch`), and removes the note once the module
has answered the payload.  A note found at the start of a command means the
transfer may still be open; :func:`deploy.session.attach` then ends it
without leaving foreign bytes in any file: a new name is completed with
filler and deleted, a name that holds a file is left to the module's
silence timeout, which keeps the old file.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Mapping

FOLDER = os.path.join("telit-deploy", "transfers")


@dataclass(frozen=True)
class Transfer:
    """A ``#WSCRIPT`` transfer that was started and not seen to end."""
    name: str
    size: int
    replaces: bool = False       # the name held a file when the transfer started
    quiet_from: float = 0.0      # wall-clock time (time.time()) its last bytes crossed the line


def _folder(environ: Mapping[str, str]) -> str:
    home = environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                         "state")
    return os.path.join(home, FOLDER)


def _note(port: str, environ: Mapping[str, str]) -> str:
    """The note of ``port`` (a device path or a pyserial URL; links to one device share it)."""
    key = port if "://" in port else os.path.realpath(port)
    return os.path.join(_folder(environ), hashlib.sha256(key.encode()).hexdigest()[:32])


def begin(port: str, transfer: Transfer, environ: Mapping[str, str] = os.environ) -> None:
    path = _note(port, environ)
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as handle:
        json.dump({"port": port, "name": transfer.name, "size": transfer.size,
                   "replaces": transfer.replaces}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def touch(port: str, quiet_from: float, environ: Mapping[str, str] = os.environ) -> None:
    """Note that the bytes written so far have crossed the line by ``quiet_from``
    (wall-clock seconds, may lie ahead)."""
    os.utime(_note(port, environ), (quiet_from, quiet_from))


def end(port: str, environ: Mapping[str, str] = os.environ) -> None:
    try:
        os.unlink(_note(port, environ))
    except FileNotFoundError:
        pass


def open_transfer(port: str, environ: Mapping[str, str] = os.environ) -> Transfer | None:
    """The transfer noted on ``port`` and not seen to end (None: none, or an unreadable note)."""
    path = _note(port, environ)
    try:
        with open(path) as handle:
            note = json.load(handle)
        transfer = Transfer(str(note["name"]), int(note["size"]), note.get("replaces") is True,
                            os.stat(path).st_mtime)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return transfer if transfer.size > 0 else None
