"""The print statement with 1.5.2's softspace rules, and file objects for scripts.

An item is written as soon as it is evaluated; a space goes before it when the
stream's ``softspace`` is set; after a string ending in whitespace other than a
space (``\\t``, ``\\n``...) no space follows.
"""
import sys

_NO_SOFTSPACE_AFTER = "\t\n\x0b\x0c\r"


class ScriptFile:
    """A 1.5.2 file object over a text stream of str (code points 0-255)."""

    def __init__(self, stream, name: str = "<stdout>", mode: str = "w") -> None:
        self.stream = stream
        self.name = name
        self.mode = mode
        self.softspace = 0
        self.closed = 0

    def write(self, text) -> None:
        if type(text) is not str:
            raise TypeError("argument 1: expected string, %s found" % type(text).__name__)
        self.softspace = 0
        self.stream.write(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def read(self, size: int = -1) -> str:
        return self.stream.read() if size is None or size < 0 else self.stream.read(size)

    def readline(self, size: int = -1) -> str:
        return self.stream.readline() if size < 0 else self.stream.readline(size)

    def readlines(self, hint: int = 0):
        return list(self.stream.readlines())

    def flush(self) -> None:
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()

    def close(self) -> None:
        if not self.closed:
            self.closed = 1
            close = getattr(self.stream, "close", None)
            if close is not None and self.stream not in (sys.stdout, sys.stderr, sys.stdin):
                close()

    def seek(self, offset: int, whence: int = 0) -> None:
        self.stream.seek(offset, whence)

    def tell(self) -> int:
        return self.stream.tell()

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "<%s file '%s', mode '%s' at %x>" % ("closed" if self.closed else "open",
                                                   self.name, self.mode, id(self) & 0xFFFFFFF)


class BinaryFile(ScriptFile):
    """A file on disk: bytes read and written as Latin-1 str."""

    def write(self, text) -> None:
        if type(text) is not str:
            raise TypeError("read-only buffer, %s" % type(text).__name__)
        self.softspace = 0
        self.stream.write(text.encode("latin-1"))

    def read(self, size: int = -1) -> str:
        data = self.stream.read() if size is None or size < 0 else self.stream.read(size)
        return data.decode("latin-1")

    def readline(self, size: int = -1) -> str:
        return self.stream.readline(size).decode("latin-1")

    def readlines(self, hint: int = 0):
        return [line.decode("latin-1") for line in self.stream.readlines()]


def _get_softspace(stream) -> int:
    try:
        return stream.softspace
    except AttributeError:
        return 0


def _set_softspace(stream, value: int) -> None:
    try:
        stream.softspace = value
    except (AttributeError, TypeError):
        pass


class Printer:
    """``_r_pr`` and ``_r_nl``: the print statement over the script's ``sys.stdout``."""

    def __init__(self, sys_module, renderer) -> None:
        self.sys = sys_module
        self.renderer = renderer

    def _stream(self, stream):
        if stream is None:
            stream = self.sys.stdout
        return stream

    def item(self, value, stream=None) -> None:
        stream = self._stream(stream)
        text = value if type(value) is str else self.renderer.str(value)
        if _get_softspace(stream):
            stream.write(" ")
        stream.write(text)
        if type(value) is str and text and text[-1] in _NO_SOFTSPACE_AFTER:
            _set_softspace(stream, 0)
        else:
            _set_softspace(stream, 1)

    def newline(self, stream=None) -> None:
        stream = self._stream(stream)
        stream.write("\n")
        _set_softspace(stream, 0)

    def flush_line(self) -> None:
        """1.5.2's ``Py_FlushLine``: end a pending ``print x,`` line."""
        stream = self.sys.stdout
        if _get_softspace(stream):
            stream.write("\n")
            _set_softspace(stream, 0)
