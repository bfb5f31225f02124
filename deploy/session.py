"""What ``telit-deploy`` does with a module: list, read, upload, verify, enable, sync.

Uploads are verified by reading the file back (``#RSCRIPT``), or by its
size (``#LSCRIPT``) when it is hidden.  A failed transfer is tried again
with half the chunk size and twice the pause, ``tries`` times in all.

Safe activation (``put --activate``, ``sync``): the enabled script is never
overwritten.  The new version goes under the other of two names (``x.py``
and ``x_b.py``), is verified, and only then does ``#ESCRIPT`` switch to it;
the previous version is removed afterwards.  Wherever a deploy is cut off,
the module keeps a complete enabled script: the old one or the new one.

A transfer cut off midway leaves the module taking every byte as payload;
each transfer is noted in :mod:`deploy.journal` until the module answers
it, and the next command ends a noted one before it probes (see
:func:`attach`).  docs/faults.md says what survives which fault.
"""
from __future__ import annotations

import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence, TextIO

import serial

from hostsim.parts.filestore import pyo_name

from . import journal
from .at import TRANSFER_IDLE_S, AtPort
from .config import Settings
from .errors import (
    DeployError,
    ModuleError,
    NoAnswer,
    PortError,
    RefusedInput,
    TransferError,
    about,
)
from .local import LocalFile, alternate_name, check_alternate_name

MIN_CHUNK = 64
MIN_RETRY_PAUSE = 0.1
LSCRIPT_FILE = re.compile(r'#LSCRIPT: "([^"]*)",(\d+)')
LSCRIPT_FREE = re.compile(r"#LSCRIPT: free bytes: (\d+)")
ESCRIPT = re.compile(r'#ESCRIPT: "([^"]*)"')
STARTMODE = re.compile(r"#STARTMODESCR[:=]\s*(\d+)\s*,\s*(\d+)")
START_WINDOW_HINT = "power-cycle the module now; telit-deploy will catch the start window"


class Reporter:
    """Where results, warnings and progress bars go (bars only on a terminal)."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None,
                 bars: bool | None = None):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.bars = self.err.isatty() if bars is None else bars

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def warn(self, text: str) -> None:
        print("telit-deploy: %s" % text, file=self.err, flush=True)

    @contextmanager
    def progress(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        if not self.bars:
            yield lambda count: None
            return
        from tqdm import tqdm
        with tqdm(total=total, desc=label, unit="B", unit_scale=True, file=self.err,
                  leave=False) as bar:
            yield bar.update


@dataclass
class Listing:
    """``#LSCRIPT``: file sizes by name, and the free bytes."""
    files: dict[str, int]
    free: int


def open_port(settings: Settings) -> serial.SerialBase:
    """Open the configured port (a device or a pyserial URL, ``telitemu://`` included)."""
    if not settings.port:
        raise PortError("no port: give --port, set TELIT_PORT or put port= in telit-deploy.ini "
                        "(telit-deploy ports lists the serial ports)")
    from hostsim.line.protocol_telitemu import register
    register()
    extra = {} if "://" in settings.port else {"exclusive": True}
    try:
        return serial.serial_for_url(settings.port, baudrate=settings.baud,
                                     timeout=settings.timeout, rtscts=settings.rtscts, **extra)
    except (serial.SerialException, OSError, ValueError) as error:
        reason = getattr(error, "errno", None)
        text = os.strerror(reason) if isinstance(reason, int) else str(error)
        raise PortError("cannot open: %s (telit-deploy ports lists the serial ports)" % text,
                        settings.port) from None


class Session:
    """A module answering AT on an open port."""

    def __init__(self, at: AtPort, settings: Settings, report: Reporter):
        self.at = at
        self.settings = settings
        self.report = report

    # -- reading -----------------------------------------------------------------------

    def listing(self) -> Listing:
        files: dict[str, int] = {}
        free = None
        for line in self.at.command("AT#LSCRIPT"):
            match = LSCRIPT_FILE.match(line)
            if match:
                files[match.group(1)] = int(match.group(2))
            match = LSCRIPT_FREE.match(line)
            if match:
                free = int(match.group(1))
        if free is None:
            raise ModuleError("AT#LSCRIPT", "OK without a free bytes line")
        return Listing(files, free)

    def _answer(self, command: str, pattern: re.Pattern[str]) -> re.Match[str]:
        for line in self.at.command(command):
            match = pattern.match(line)
            if match:
                return match
        raise ModuleError(command, "OK without a %s line" % command[2:].rstrip("?"))

    def enabled(self) -> str:
        return self._answer("AT#ESCRIPT?", ESCRIPT).group(1)

    def start_mode(self) -> tuple[int, int]:
        match = self._answer("AT#STARTMODESCR?", STARTMODE)
        return int(match.group(1)), int(match.group(2))

    def identity(self, command: str) -> str:
        lines = self.at.command(command)
        return lines[-1] if lines else ""

    def read(self, name: str) -> bytes:
        """The content of ``name``; RefusedInput when it is missing or hidden."""
        listing = self.listing()
        with about(name):
            if name not in listing.files:
                raise RefusedInput("no such file on the module")
            content = self.at.read_script(name, listing.files[name])
            if content is None:
                raise RefusedInput("hidden: the module does not give its content back")
        return content

    def _same(self, local: LocalFile, name: str, listing: Listing) -> bool:
        """Whether the module's ``name`` holds ``local`` (a hidden file never compares)."""
        if listing.files.get(name) != len(local.data) or local.hidden:
            return False
        return self.at.read_script(name, len(local.data)) == local.data

    # -- changing --------------------------------------------------------------------------

    def delete(self, name: str) -> None:
        self.at.command('AT#DSCRIPT="%s"' % name)

    def _verify(self, local: LocalFile, name: str, padded: bool) -> str | None:
        """What is wrong with the stored ``name``, or None when it holds ``local``."""
        size = self.listing().files.get(name)
        if size != len(local.data):
            return "the module stored %s bytes of %d" % (size, len(local.data))
        if local.hidden:
            return "bytes were lost on the line" if padded else None
        content = self.at.read_script(name, size)
        if content is None:
            return "the module returns it empty (hidden?)"
        if content != local.data:
            first = next(i for i, (a, b) in enumerate(zip(content, local.data)) if a != b)
            return "the read-back differs from the file at byte %d" % first
        return None

    def upload(self, local: LocalFile, name: str) -> None:
        """Store ``local`` as ``name``, verified; then drop a stale ``.pyo``.  A file of
        that name is written over: the module replaces it only when the transfer ends,
        so a cut-off upload leaves it as it was.  A file that fails verification holds
        foreign bytes and is removed at once."""
        chunk, pause = self.settings.chunk, self.settings.chunk_pause
        tries = self.settings.tries
        with about(local.path):
            for attempt in range(1, tries + 1):
                replaces = name in self.listing().files
                problem = None
                try:
                    with self.report.progress(name, len(local.data)) as progress:
                        padded = self._write_script(local, name, replaces, chunk, pause,
                                                    progress)
                except TransferError as error:      # refused: the store is as it was
                    problem = str(error)
                else:
                    problem = self._verify(local, name, padded)
                    if problem is not None and name in self.listing().files:
                        self.delete(name)
                if problem is None:
                    break
                left = tries - attempt
                if not left:
                    raise DeployError("upload as %s failed %d times, the last: %s"
                                      % (name, tries, problem))
                chunk, pause = max(MIN_CHUNK, chunk // 2), max(MIN_RETRY_PAUSE, pause * 2)
                self.report.warn("%s: %s; retrying with %d-byte chunks and %.1f s pauses "
                                 "(%d %s left)" % (local.path, problem, chunk, pause, left,
                                                   "try" if left == 1 else "tries"))
            if local.is_source and pyo_name(name) in self.listing().files:
                self.delete(pyo_name(name))

    def _write_script(self, local: LocalFile, name: str, replaces: bool, chunk: int,
                      pause: float, progress: Callable[[int], None]) -> bool:
        """:meth:`AtPort.write_script`, noted in the journal until the module has answered,
        with the time the bytes written so far have crossed the line."""
        port = self.settings.port
        journal.begin(port, journal.Transfer(name, len(local.data), replaces))

        def written(count: int, seconds: float) -> None:
            journal.touch(port, time.time() + seconds)
            progress(count)

        try:
            padded = self.at.write_script(name, local.data, local.hidden, chunk, pause, written)
        except ModuleError:            # the module answered (refused): no transfer is open
            journal.end(port)
            raise
        journal.end(port)
        return padded

    def end_cut_upload(self, transfer: journal.Transfer, result: str | None) -> None:
        """After :func:`attach` ended a cut-off transfer: remove the file filler completed,
        say what the module keeps."""
        cut = "an upload of %s was cut off" % transfer.name
        if transfer.replaces:
            if result == "OK":
                self.report.warn("%s after its last byte: %s holds the new content, unverified "
                                 "(upload it again)" % (cut, transfer.name))
            elif result is not None:
                self.report.warn("%s: the module dropped it (%s), %s keeps its old content"
                                 % (cut, result, transfer.name))
        elif result == "OK":
            with about(transfer.name):
                self.delete(transfer.name)
            self.report.warn("%s and the module still waited for its bytes: completed it with "
                             "filler and removed %s (upload it again)" % (cut, transfer.name))
        elif result is not None:
            self.report.warn("%s and the module still waited for its bytes: it refused the "
                             "rest (%s), nothing was stored" % (cut, result))
        journal.end(self.settings.port)

    def check_writes(self, files: Sequence[tuple[LocalFile, str]], listing: Listing) -> None:
        """Refuse uploads (file, name on the module) that collide or do not fit (files
        replaced give their room back)."""
        names = [name for _, name in files]
        for local, name in files:
            if names.count(name) > 1:
                raise RefusedInput("two files would be stored as %s on the module (safe "
                                   "activation alternates NAME.py and NAME_b.py): rename one"
                                   % name, local.path)
        need = sum(len(local.data) - listing.files.get(name, 0) for local, name in files)
        if need > listing.free:
            raise RefusedInput("need %d bytes more than stored now; the module has %d free"
                               % (need, listing.free), ", ".join(local.path for local, _ in files))

    def activation_target(self, local: LocalFile, enabled: str) -> tuple[str, str]:
        """(the name the new version goes to, the other name of the pair)."""
        check_alternate_name(local)
        first, second = local.name, alternate_name(local.name)
        return (second, first) if enabled == first else (first, second)

    def activate(self, local: LocalFile) -> str:
        """Safe activation of ``local``; returns the name it runs under."""
        target, other = self.activation_target(local, self.enabled())
        if target in self.listing().files:      # a leftover of a deploy cut off earlier
            self.delete(target)
        self.upload(local, target)
        with about(local.path):
            self.at.command('AT#ESCRIPT="%s"' % target)
            if self.enabled() != target:
                raise ModuleError('AT#ESCRIPT="%s"' % target, "OK but #ESCRIPT? names another file")
            listing = self.listing()
            for stale in (other, pyo_name(other)) if local.is_source else (other,):
                if stale in listing.files:
                    self.delete(stale)
        return target

    def enable(self, name: str, mode: int, window: int) -> None:
        with about(name):
            listing = self.listing()
            if name not in listing.files:
                raise RefusedInput("no such file on the module")
            if not name.endswith((".py", ".pyo")):
                raise RefusedInput("not a script (.py or .pyo)")
            self.at.command('AT#ESCRIPT="%s"' % name)
            self.at.command("AT#STARTMODESCR=%d,%d" % (mode, window))

    def deploy(self, uploads: Sequence[LocalFile], entry: LocalFile | None) -> None:
        """Upload ``uploads`` in place, then activate ``entry`` safely (when given)."""
        for local in uploads:
            self.upload(local, local.name)
            self.report.say("put %s (%d bytes, verified)" % (local.name, len(local.data)))
        if entry is not None:
            previous = self.enabled() or "nothing"
            name = self.activate(entry)
            self.report.say("enabled %s as %s (%d bytes, verified; was %s)"
                            % (entry.name, name, len(entry.data), previous))

    def remove(self, names: Sequence[str]) -> None:
        listing = self.listing()
        missing = [name for name in names if name not in listing.files]
        if missing:
            raise RefusedInput("no such file on the module (nothing was removed)", missing[0])
        for name in names:
            with about(name):
                self.delete(name)

    # -- sync ----------------------------------------------------------------------------

    def sync_plan(self, files: Sequence[LocalFile], main: str | None) -> SyncPlan:
        listing = self.listing()
        enabled = self.enabled()
        entry = _entry(files, main, enabled)
        plan = SyncPlan(listing=listing)
        for local in files:
            if local is entry:
                continue
            if self._same(local, local.name, listing):
                plan.same.append(local)
            else:
                plan.uploads.append(local)
        if entry is not None:
            running = enabled if enabled in (entry.name, alternate_name(entry.name)) else None
            if running is not None and self._same(entry, running, listing):
                plan.same.append(entry)
            else:
                plan.activate = entry
                plan.activate_as = self.activation_target(entry, enabled)[0]
        return plan


@dataclass
class SyncPlan:
    """What a sync changes: files uploaded in place, the script activated safely."""
    listing: Listing
    uploads: list[LocalFile] = field(default_factory=list)
    same: list[LocalFile] = field(default_factory=list)
    activate: LocalFile | None = None
    activate_as: str = ""

    def writes(self) -> list[tuple[LocalFile, str]]:
        writes = [(local, local.name) for local in self.uploads]
        if self.activate is not None:
            writes.append((self.activate, self.activate_as))
        return writes


def _entry(files: Sequence[LocalFile], main: str | None, enabled: str) -> LocalFile | None:
    """The script sync enables: ``main``, else the local file whose pair the module
    runs, else ``main.py`` when there is one."""
    by_name = {local.name: local for local in files}
    if main is not None:
        if main not in by_name:
            raise RefusedInput("--main %s is not one of the files to sync" % main)
        entry = by_name[main]
        if not entry.is_script:
            raise RefusedInput("--main %s is not a script (.py or .pyo)" % main)
        return entry
    for local in files:
        if local.is_script and enabled in (local.name, alternate_name(local.name)):
            return local
    return by_name.get("main.py")


def attach(port: serial.SerialBase, settings: Settings, report: Reporter) -> Session:
    """A session on an open ``port`` once an AT parser answers there; when none does
    (a running script holds ASC0), catch the start window after a power cycle.

    First an upload an earlier command left cut off (see :mod:`deploy.journal`) is
    ended: the module may still take every byte as its payload, probes included."""
    at = AtPort(port, settings.port, settings.timeout, settings.baud)
    cut = journal.open_transfer(settings.port)       # an upload cut off by an earlier command
    if cut is None:
        at.settle()           # what an earlier session left on the line
        result = None
    elif cut.replaces:        # filler would replace the old file: let the module drop it
        until = cut.quiet_from + TRANSFER_IDLE_S + settings.timeout
        if until > time.time():
            report.warn("an upload of %s was cut off: waiting up to %.0f s for the module to "
                        "drop it (%s keeps its old content)"
                        % (cut.name, until - time.time(), cut.name))
        result = at.wait_out_transfer(until)
    else:
        result = at.fill_transfer(cut.size, settings.chunk, settings.chunk_pause)
    if not (at.probe() or at.probe()):
        if settings.window_wait <= 0:
            raise NoAnswer("nothing answers AT (module off, wrong --baud, or a running "
                           "script holds ASC0: power-cycle it with --window-wait)",
                           settings.port)
        report.warn("no answer to AT on %s (a running script may hold ASC0): %s "
                    "(waiting up to %g s)" % (settings.port, START_WINDOW_HINT,
                                              settings.window_wait))
        if not at.wait_for_at(settings.window_wait):
            raise NoAnswer("nothing answered AT within %g s" % settings.window_wait,
                           settings.port)
        report.warn("caught the start window: the script does not start this boot")
    session = Session(at, settings, report)
    if cut is not None:
        session.end_cut_upload(cut, result)
    return session


def connect(settings: Settings, report: Reporter) -> tuple[serial.SerialBase, Session]:
    """Open the configured port and :func:`attach` a session to it."""
    port = open_port(settings)
    try:
        return port, attach(port, settings, report)
    except BaseException:
        port.close()
        raise
