"""What can go wrong in ``telit-deploy``: one line for the user and an exit code each.

Exit codes: 1 the module answered an error (or stored something else than
what was sent), 2 bad input refused before anything was sent to the module
(or a usage error), 3 the serial port cannot be opened, 4 nothing answered.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator


class DeployError(Exception):
    """A failure the user can act on; ``subject`` (a file or a port) prefixes the message."""

    exit_code = 1

    def __init__(self, message: str, subject: str | None = None):
        super().__init__(message)
        self.message = message
        self.subject = subject

    def __str__(self) -> str:
        return self.message if self.subject is None else "%s: %s" % (self.subject, self.message)


class ModuleError(DeployError):
    """The module answered a command with an error result code."""

    def __init__(self, command: str, answer: str, subject: str | None = None):
        super().__init__("%s answered %s" % (command, answer), subject)
        self.command = command
        self.answer = answer


class TransferError(ModuleError):
    """A ``#WSCRIPT`` payload went over but the module did not store it (worth another try)."""


class RefusedInput(DeployError):
    """Bad input or usage, refused before the module was changed."""

    exit_code = 2


class PortError(DeployError):
    """The serial port cannot be opened or used."""

    exit_code = 3


class NoAnswer(DeployError):
    """Nothing answered within the time allowed."""

    exit_code = 4


@contextmanager
def about(subject: str) -> Iterator[None]:
    """Name ``subject`` (a file) in the errors raised inside, unless they name one already."""
    try:
        yield
    except DeployError as error:
        if error.subject is None:
            error.subject = subject
        raise
