"""Uploads in flight, noted on this machine so that the next command can end a cut-off one.

A module inside a ``#WSCRIPT`` transfer takes every byte it receives as
payload until the announced size is reached, and answers no AT meanwhile:
a command that simply probed it would store its own ``AT`` lines in the
file.  So before each transfer ``telit-deploy`` notes the port, the file
name and the size in ``$XDG_STATE_HOME/telit-deploy/transfers/`` (else
``~/.local/state/...``), and removes the note once the module has answered
the payload.  A note found at the start of a command means the transfer
may still be open; :meth:`deploy.at.AtPort.end_transfer` then completes it
with filler and the file it wrote is deleted (see :func:`deploy.session.attach`).
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
        json.dump({"port": port, "name": transfer.name, "size": transfer.size}, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def end(port: str, environ: Mapping[str, str] = os.environ) -> None:
    try:
        os.unlink(_note(port, environ))
    except FileNotFoundError:
        pass


def open_transfer(port: str, environ: Mapping[str, str] = os.environ) -> Transfer | None:
    """The transfer noted on ``port`` and not seen to end (None: none, or an unreadable note)."""
    try:
        with open(_note(port, environ)) as handle:
            note = json.load(handle)
        transfer = Transfer(str(note["name"]), int(note["size"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return transfer if transfer.size > 0 else None
