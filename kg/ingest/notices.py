"""What ingest tells the user: files (or records) left out, and problems with ones kept."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("kg.ingest")


@dataclass(frozen=True)
class Skipped:
    """A file or record left out of the build, with the reason shown to the user."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Notice:
    """Something the user should know about a file or record that was built anyway."""

    path: Path
    message: str


def warn(on_warning: Callable[[Notice], None] | None, warning: Notice) -> None:
    log.warning("%s: %s", warning.path, warning.message)
    if on_warning is not None:
        on_warning(warning)


def report(on_skip: Callable[[Skipped], None] | None, skipped: Skipped) -> None:
    log.warning("%s: skipped: %s", skipped.path, skipped.reason)
    if on_skip is not None:
        on_skip(skipped)
