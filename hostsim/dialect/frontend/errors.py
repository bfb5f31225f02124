"""The front end's own errors: source it cannot accept, and misuse by the embedder;
and 1.5.2's report of a SyntaxError, which both the front end's errors and a
script's uncaught SyntaxError use."""
from typing import Optional

#: The file name 1.5.2 shows for a SyntaxError without one (``exec``, ``eval``, ``compile``).
NO_FILE_NAME = "<string>"
#: How far 1.5.2 indents the quoted source line and its caret.
QUOTE_INDENT = "    "


def syntax_error_report(filename: Optional[str], line: int, offset: int,
                        text: Optional[str], message: str) -> str:
    """What python1.5 prints after the traceback for a SyntaxError that says where it is.

    ``filename``, ``line``, ``offset`` and ``text`` are the exception's (``offset``
    is 1-based; ``filename`` None shows as ``<string>``; ``text`` None leaves out
    the source line and the caret); ``message`` is ``str(msg)``, "" for none. The
    caret follows 1.5.2's ``print_error_text`` (Python/pythonrun.c): an offset at
    the end of ``text`` moves back one, a ``text`` of several lines shows from the
    line holding the offset, the line is shown without its leading blanks.
    The cases recorded from CPython 1.5.2 are in tests/frontend/test_frontend_import_errors.py.
    """
    report = '  File "%s", line %d\n' % (NO_FILE_NAME if filename is None else filename, line)
    if text is not None:
        if 0 < offset == len(text):
            offset -= 1
        newline = text.find("\n")
        while 0 <= newline < offset:
            offset -= newline + 1
            text = text[newline + 1:]
            newline = text.find("\n")
        shown = text.lstrip(" \t")
        offset -= len(text) - len(shown)
        if not shown.endswith("\n"):
            shown += "\n"
        report += QUOTE_INDENT + shown + QUOTE_INDENT + " " * max(0, offset - 1) + "^\n"
    return report + ("SyntaxError: %s\n" % message if message else "SyntaxError\n")


class FrontEndError(Exception):
    """The front end cannot do what was asked (a bad profile, an unsupported construct)."""


class FrontEndSyntaxError(FrontEndError):
    """Source that the chosen profile's interpreter would refuse to compile.

    ``kind`` is the exception name 1.5.2 reports ("SyntaxError", or "OverflowError"
    for an integer literal that does not fit); ``hint`` says what to do when the
    code is clearly written for another interpreter; ``compile_stage``: an error of
    1.5.2's compiler (after parsing), which names its line in the message instead of
    showing the place.
    """

    def __init__(self, filename: str, line: int, column: int, reason: str,
                 hint: Optional[str] = None, source_line: str = "",
                 kind: str = "SyntaxError", compile_stage: bool = False,
                 caret: Optional[int] = None) -> None:
        self.filename = filename
        self.line = line
        self.column = column
        self.reason = reason
        self.hint = hint
        self.source_line = source_line
        self.kind = kind
        self.compile_stage = compile_stage
        self.caret = column if caret is None else caret
        super().__init__(self.one_line())

    def one_line(self, shown_name: Optional[str] = None) -> str:
        """``file:line:col: reason (hint)``; ``shown_name`` replaces the file name."""
        text = "%s:%d:%d: %s" % (shown_name or self.filename, self.line, self.column, self.reason)
        if self.hint:
            text += " (%s)" % self.hint
        return text

    @property
    def located(self) -> bool:
        """Whether 1.5.2 shows this error's place (file, line, caret) rather than
        naming its line in the message."""
        return self.kind == "SyntaxError" and not self.compile_stage

    @property
    def offset(self) -> int:
        """1.5.2's ``offset``: the caret's 1-based column. An error in the indentation
        is at the line's first non-blank column, as 1.5.2's tokenizer puts it."""
        indent = len(self.source_line) - len(self.source_line.lstrip(" \t"))
        return max(self.caret + 1, indent)

    def message(self) -> str:
        """The exception's text: the reason, with ``(line N)`` past line 1 for an error
        of 1.5.2's compiler (it names no line when it is on the first)."""
        if self.located or self.line <= 1:
            return self.reason
        return "%s (line %d)" % (self.reason, self.line)

    @property
    def text(self) -> Optional[str]:
        """1.5.2's ``text``: the offending line with its newline (None when unknown)."""
        return self.source_line or None

    def script_exception(self, filename: Optional[str]) -> BaseException:
        """The exception a script sees when the source it imports, execs or compiles
        does not compile: ``SyntaxError(msg, (filename, lineno, offset, text))`` as
        1.5.2 raises it (``filename``: the file it names, None for none), or, for an
        error of the compiler, the message only."""
        if self.kind == "OverflowError":
            return OverflowError(self.message())
        if not self.located:
            return SyntaxError(self.message())
        error = SyntaxError(self.reason, (filename, self.line, self.offset, self.text))
        error.msg = self.reason     # Python 3.8 and 3.9 reword it for a print statement
        return error

    def report_152(self) -> str:
        """The text python1.5 prints on stderr for this error (no traceback)."""
        if not self.located:
            return "%s: %s\n" % (self.kind, self.message())
        return syntax_error_report(self.filename, self.line, self.offset, self.text, self.reason)
