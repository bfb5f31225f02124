"""The front end's own errors: source it cannot accept, and misuse by the embedder."""
from typing import Optional


class FrontEndError(Exception):
    """The front end cannot do what was asked (a bad profile, an unsupported construct)."""


class FrontEndSyntaxError(FrontEndError):
    """Source that the chosen profile's interpreter would refuse to compile.

    ``kind`` is the exception name 1.5.2 reports ("SyntaxError", or "OverflowError"
    for an integer literal that does not fit); ``hint`` says what to do when the
    code is clearly written for another interpreter.
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

    def report_152(self) -> str:
        """The text python1.5 prints on stderr for this error (no traceback)."""
        if self.kind != "SyntaxError" or self.compile_stage:
            return "%s: %s (line %d)\n" % (self.kind, self.reason, self.line)
        text = '  File "%s", line %d\n' % (self.filename, self.line)
        if self.source_line:
            stripped = self.source_line.rstrip("\r\n")
            indent = len(stripped) - len(stripped.lstrip())
            text += "    %s\n" % stripped.lstrip()
            text += "    %s^\n" % (" " * max(0, self.caret - indent))
        return text + "SyntaxError: %s\n" % self.reason
