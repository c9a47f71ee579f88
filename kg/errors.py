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


CODES = {
    "E101": "no such file or directory",
    "E102": "a folder holds no articles kg reads",
    "E103": "a file cannot be read",
    "E104": "a binary file, not text",
    "E105": "invalid UTF-16",
    "E106": "an empty article",
    "E107": "a metadata sidecar that is not a JSON object",
    "E108": "no usable articles",
    "E109": "an article larger than --max-bytes",
    "E110": "an HTML page with no article text",
    "E111": "a record (JSONL/CSV) that cannot be used",
    "E112": "a web archive that cannot be read",
    "E201": "a spaCy pipeline that cannot be loaded",
    "E202": "an unknown executor",
    "E203": "the Dask executor without the 'distributed' package",
    "E204": "a Dask scheduler that cannot be reached",
    "E301": "an output that cannot be written",
    "E302": "temporary files that cannot be written",
    "E401": "a folder with no graph file to validate",
    "E402": "an unknown RDF file type",
    "E403": "a file that is not valid RDF",
    "E501": "no gold files",
    "E502": "a gold file that is not valid JSON",
    "E601": "an alias file that is not there",
    "E602": "an alias file that is not valid",
    "E701": "a SPARQL query that does not parse",
    "E702": "a query file that cannot be read",
    "E703": "a query variable that cannot be bound",
    "E704": "a --bind that is not NAME=VALUE",
    "E705": "a SERVICE clause without --allow-service",
    "E706": "a query that fails while it runs",
    "E801": "an output folder for a store that holds something else",
    "E802": "a folder that is not a store",
    "E803": "a store that cannot be opened",
    "E804": "an article that is not in the store",
    "E901": "no graph page to view",
    "E902": "a port the endpoint cannot listen on",
}
"""Every error code kg reports, with what it means: one place, so no code means two things
(a test checks the code is only used with its meaning's error and matches the README)."""


class KgError(Exception):
    """A problem the user can fix; `str()` is the one-line message shown to them."""

    exit_code = EXIT_INTERNAL

    def __init__(self, code: str, message: str, *, path: Path | str | None = None, hint: str | None = None):
        if code not in CODES:
            raise ValueError(f"unregistered error code {code}: add it to kg.errors.CODES")
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
