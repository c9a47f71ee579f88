"""Write files so that a crash or a bad input never leaves a half-written output behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError


def stage(path: Path, write: Callable[[BinaryIO], object]) -> Path:
    """Have `write` fill a temporary file beside `path` and return that file, for the caller
    to rename into place (first clearing temporary files a killed earlier write of `path`
    left behind)."""
    path = Path(path)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError("E301", f"cannot write output: {exc.strerror}", path=path,
                          hint="choose another --out folder or fix its permissions") from exc
    try:
        os.chmod(tmp, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError("E301", f"cannot write output: {exc.strerror}", path=path,
                              hint="free some disk space or choose another --out folder") from exc
        raise
    return Path(tmp)


def replace_all(staged: list[tuple[Path, Path]]) -> None:
    """Move staged (temporary, target) files into place, all of them or, on failure, none
    of those not yet moved (their temporary files are removed)."""
    try:
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError("E301", f"cannot write output: {exc.strerror}", path=path,
                                  hint="free some disk space or choose another --out folder") from exc
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def current_umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
