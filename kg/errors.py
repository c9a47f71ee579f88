"""Errors a user can act on, each with a stable code, the file involved and what to do.

The CLI turns these into one-line messages and the documented exit codes; anything
else that escapes is a bug and is reported as such.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_OUTPUT = 4
EXIT_NONCONFORMING = 5
EXIT_INTERRUPTED = 130


class KgError(Exception):
    """A problem the user can fix; `str()` is the one-line message shown to them."""

    exit_code = EXIT_INTERNAL

    def __init__(self, code: str, message: str, *, path: Path | str | None = None, hint: str | None = None):
        self.code = code
        self.path = Path(path) if path is not None else None
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path is not None else ""
        advice = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message} [{self.code}]{advice}"


class InputError(KgError):
    """An input file or path cannot be used."""

    exit_code = EXIT_INPUT


class OutputError(KgError):
    """An output cannot be written."""

    exit_code = EXIT_OUTPUT


class ModelError(KgError):
    """The requested spaCy pipeline cannot be loaded."""

    exit_code = EXIT_USAGE


class SetupError(KgError):
    """What a chosen option needs is missing: an optional package, a reachable cluster."""

    exit_code = EXIT_USAGE


class Interrupted(BaseException):
    """Ctrl-C, raised by kg's own SIGINT handler so that it ends the run with exit 130
    wherever it lands (a BaseException, so that cleanup handlers still run)."""
