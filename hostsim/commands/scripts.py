"""Script management: the flat file store and the startup script.

Responses (``ATV1``; every command also answers ``=?`` with plain OK,
except where a range is shown):

* ``#WSCRIPT="name",<size>[,<hidden>]``: ``\\r\\n>>>`` once the line is
  processed (the engine's ``LINE_PROCESSING_MS``; a LF right after the
  line's CR belongs to the line, never to the file), then exactly ``<size>``
  raw bytes (no echo, nothing interpreted), then ``OK``.  The name may be
  quoted or not.  A name that exists is replaced when the transfer ends
  (uploaders that write without ``#DSCRIPT`` work on real modules; the
  replaced ``x.py`` keeps its old ``x.pyo``, see
  :func:`hostsim.parts.filestore.script_to_run`).  Refused before the
  prompt: a bad name, size 0, size over the free space (a replaced file's
  bytes count as free).  A transfer idle for the engine's data timeout
  (``DATA_TIMEOUT_MS``, 30 s, restarted by each byte) ends with ``ERROR``
  and leaves the store as it was.
* ``#RSCRIPT="name"``: the raw bytes ``\\r\\n<<<`` + content, then ``OK``;
  a hidden file reads back with empty content.
* ``#LSCRIPT``: ``#LSCRIPT: "name",<size>`` per file, sorted by name,
  hidden files included with their size, then ``#LSCRIPT: free bytes: <n>``.
  ``#LSCRIPT?`` is ERROR (no read form in the GSM-generation AT guide;
  later xE910 guides add one that prints only the free bytes).
* ``#DSCRIPT="name"``: deletes one file (``x.py`` only, never its ``x.pyo``).
* ``#DASCRIPT``: deletes every file.
* ``#ESCRIPT="name"`` / ``#ESCRIPT?`` -> ``#ESCRIPT: "name"``: the startup
  script, not checked for existence; ``#ESCRIPT=""`` disables it.  ``#ESCRPT``
  (the PFM note's spelling) is an alias that answers as ``#ESCRIPT``.
* ``#STARTMODESCR=<mode>[,<timeout>]``, read ``#STARTMODESCR: <mode>,<timeout>``
  (the SELINT 2 colon form; SELINT 0/1 modules print ``#STARTMODESCR= ...``),
  test ``#STARTMODESCR: (0-2),(10-60)``.
* ``#EXECSCR``: OK when the enabled script exists, and a ``script`` trace
  event ``execscr requested`` (data ``name``) that the script runner acts on.
* ``#CMUXSCR=<enable>[,<rate>]``: a stored setting; ``<rate>`` is one of
  the ``+IPR`` rates, default 0; read ``#CMUXSCR: <enable>,<rate>``.

Errors (``ERROR``, or with ``+CMEE`` on): 4 bad name or parameter,
20 no space, 22 no such file, 3 no startup script to run (#EXECSCR).
"""
from __future__ import annotations

from hostsim.at.engine import Prompt
from hostsim.at.syntax import Command, Int, RawParam, Str
from hostsim.commands.basic import IPR_RATES
from hostsim.commands.common import setting_command
from hostsim.core.errors import (
    MEMORY_FULL,
    NOT_FOUND,
    OPERATION_NOT_ALLOWED,
    OPERATION_NOT_SUPPORTED,
    CmeError,
)
from hostsim.parts.filestore import (
    MAX_NAME,
    BadName,
    FileStoreError,
    NoSpace,
    NoSuchFile,
    check_name,
)

FACTS = "telit-facts.md"    # the project's fact sheet (sources per fact) in spec/
WSCRIPT_PROMPT = b"\r\n>>>"
RSCRIPT_HEADER = b"\r\n<<<"

_CME = {BadName: OPERATION_NOT_SUPPORTED, NoSpace: MEMORY_FULL, NoSuchFile: NOT_FOUND}


def _cme(error: FileStoreError) -> CmeError:
    """The +CME ERROR a refused file operation answers with."""
    return CmeError(_CME[type(error)])


class FileName(Str):
    """A store file name, quoted or not; ``allow_empty`` accepts ``""``."""

    def __init__(self, name: str = "name", allow_empty: bool = False):
        super().__init__(name, MAX_NAME)
        self.allow_empty = allow_empty

    def convert(self, raw: RawParam) -> str:
        text = super().convert(raw)
        if not (self.allow_empty and text == ""):
            try:
                check_name(text)
            except BadName:
                raise CmeError(OPERATION_NOT_SUPPORTED) from None
        return text


def _wscript(ctx, name: str, size: int, hidden: int):
    store = ctx.module.files
    if size > store.room(name):
        raise CmeError(MEMORY_FULL)

    def on_data(ctx, payload: bytes) -> None:
        try:
            store.write(name, payload, bool(hidden))
        except FileStoreError as error:   # the store changed during the transfer
            raise _cme(error) from None

    return Prompt(WSCRIPT_PROMPT, on_data, size=size)


def _rscript(ctx, name: str) -> None:
    try:
        script = ctx.module.files.get(name)
    except FileStoreError as error:
        raise _cme(error) from None
    ctx.engine.send_raw(RSCRIPT_HEADER + (b"" if script.hidden else script.data))


def _lscript(ctx) -> None:
    store = ctx.module.files
    for script in store.files():
        ctx.info('#LSCRIPT: "%s",%d' % (script.name, script.size))
    ctx.info("#LSCRIPT: free bytes: %d" % store.free())


def _dscript(ctx, name: str) -> None:
    try:
        ctx.module.files.delete(name)
    except FileStoreError as error:
        raise _cme(error) from None


def _dascript(ctx) -> None:
    ctx.module.files.delete_all()


def _escript_set(ctx, name: str) -> None:
    ctx.set("#ESCRIPT", name)


def _escript_read(ctx) -> None:
    ctx.info('#ESCRIPT: "%s"' % ctx.get("#ESCRIPT"))


def _escript(name: str, source: str) -> Command:
    return Command(name, params=(FileName(allow_empty=True),), set=_escript_set,
                   read=_escript_read, test="", doc="startup script", source=source)


def _execscr(ctx) -> None:
    name = ctx.get("#ESCRIPT")
    if not name or not ctx.module.files.exists(name):
        raise CmeError(OPERATION_NOT_ALLOWED)
    ctx.module.trace.emit("script", ctx.engine.name, "execscr requested", name=name)


COMMANDS = [
    Command("#WSCRIPT", params=(FileName(), Int("size", 1), Int("hidden", 0, 1, default=0)),
            set=_wscript, test="", doc="write a file", source=FACTS + " 3.1 (ATR5, MGR, FRL)"),
    Command("#RSCRIPT", params=(FileName(),), set=_rscript, test="", doc="read a file",
            source=FACTS + " 3.4 (MTH5, MGR, FRL)"),
    Command("#LSCRIPT", action=_lscript, test="", doc="list files and free bytes",
            source=FACTS + " 3.4 (FRL, JGC, KZR)"),
    Command("#DSCRIPT", params=(FileName(),), set=_dscript, test="", doc="delete a file",
            source=FACTS + " 3.4 (GRL)"),
    Command("#DASCRIPT", action=_dascript, test="", doc="delete every file",
            source=FACTS + " 3.4 (FRL)"),
    _escript("#ESCRIPT", FACTS + " 3.2 (ATR5 p.412)"),
    _escript("#ESCRPT", FACTS + " 3.2 (the PFM note 8.1 spelling of #ESCRIPT)"),
    setting_command("#STARTMODESCR", Int("mode", 0, 2), Int("timeout", 10, 60, default=10),
                    doc="script start mode", source=FACTS + " 3.3 (ATR5 p.413, MTH5)"),
    Command("#EXECSCR", action=_execscr, test="", doc="run the startup script now",
            source=FACTS + " 3.4 (MTH5)"),
    setting_command("#CMUXSCR", Int("enable", 0, 1), Int("rate", choices=IPR_RATES, default=0),
                    doc="CMUX for the script", source=FACTS + " 3.4 (inferred, uncertain)"),
]
