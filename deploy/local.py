"""Files on the PC, checked and made ready for the module before anything is sent.

A file's name on the module is its base name: at most 16 characters of
``A-Z a-z 0-9 _ . -`` (the module's flat store).  ``.py`` sources must pass
the dialect check of their profile's own interpreter (``hostsim check --native``: a
real 1.5.2 script with print statements goes; unless ``check`` is off) and are
stored in their module form (:mod:`hostsim.script.uploadform`: compacted unless
``verbatim``, CR LF line ends); ``.pyo`` files are stored as they are, and so
is any other file (a data file), except the PC's own Python files
(``.pyc`` and friends), which the module cannot run.

Non-ASCII bytes are the check's business, not a refusal of their own: the
module's 1.5.2 reads a source as bytes, so a Latin-1 (or UTF-8) comment or
string is valid there (``telit152``, ``python152``), while ``python27`` wants a
PEP 263 coding line.  Outside comments and strings they are refused (names
are ASCII on both).  The bytes go to the module as they are: compaction
reads them as Latin-1 (one character per byte) and writes them back the same,
so comments go and strings keep their exact bytes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from hostsim.dialect.checker import check_source
from hostsim.dialect.rules import PROFILES
from hostsim.parts.filestore import MAX_NAME, BadName, check_name
from hostsim.script.uploadform import module_form

from .errors import RefusedInput, about

PC_PYTHON = (".pyc", ".pyd", ".pyi", ".pyw", ".pyx", ".pyz")
DEFAULT_PROFILE = "telit152"
ALTERNATE_SUFFIX = "_b"    # safe activation alternates between NAME.py and NAME_b.py


@dataclass(frozen=True)
class LocalFile:
    path: str
    name: str       # its name on the module
    data: bytes     # the bytes the module stores
    hidden: bool = False

    @property
    def is_source(self) -> bool:
        return self.name.endswith(".py")

    @property
    def is_script(self) -> bool:
        return self.name.endswith((".py", ".pyo"))


def check_module_name(name: str) -> None:
    """Refuse a name the module's store cannot hold (the error names no file: callers do)."""
    if not name.isascii():
        raise RefusedInput("name is not ASCII; the module's store takes A-Z a-z 0-9 _ . -")
    if len(name) > MAX_NAME:
        raise RefusedInput("name is %d characters long, the module allows %d"
                           % (len(name), MAX_NAME))
    try:
        check_name(name)
    except BadName as error:
        raise RefusedInput(str(error)) from None


def alternate_name(name: str) -> str:
    """The other name safe activation uses for ``name``: ``x.py`` -> ``x_b.py``."""
    stem, extension = os.path.splitext(name)
    return stem + ALTERNATE_SUFFIX + extension


def check_alternate_name(local: LocalFile) -> None:
    """Refuse a script whose alternate name does not fit in the module's store."""
    alternate = alternate_name(local.name)
    if len(alternate) > MAX_NAME:
        raise RefusedInput("safe activation needs the alternate name %s, longer than %d "
                           "characters; shorten the name" % (alternate, MAX_NAME), local.path)


def prepare(path: str, hidden: bool = False, check: bool = True,
            profile: str = DEFAULT_PROFILE, verbatim: bool = False) -> LocalFile:
    """Read and check ``path``; raise :class:`RefusedInput` naming it when it cannot go."""
    name = os.path.basename(path)
    with about(path):
        check_module_name(name)
    extension = os.path.splitext(name)[1].lower()
    if extension in PC_PYTHON:
        raise RefusedInput("%s is a PC Python file; the module runs .py sources and .pyo "
                           "files compiled by a Python 1.5.2 compiler" % extension, path)
    if profile not in PROFILES:
        raise RefusedInput("unknown dialect profile %s (known: %s)"
                           % (profile, ", ".join(PROFILES)), path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise RefusedInput("cannot read: %s" % error.strerror, path) from None
    if not data:
        raise RefusedInput("empty file; the module stores no empty files", path)
    if name.endswith(".py"):
        if check:
            # One character per byte: the module's Python reads bytes, and D404 finds them.
            source = data.decode("latin-1")
            findings = check_source(source, path, profile, native=True)
            if findings:
                first = findings[0]
                plural = "" if len(findings) == 1 else "s"
                raise RefusedInput("%d onboard dialect finding%s, the first on line %d: %s %s "
                                   "(hostsim check --native --profile %s lists them; --no-check "
                                   "uploads anyway)" % (len(findings), plural, first.line,
                                                        first.rule, first.message, profile),
                                   path)
        data = module_form(data, verbatim)
    return LocalFile(path, name, data, hidden)
