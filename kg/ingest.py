"""Find input articles, read them safely, and attach their metadata sidecars.

A sidecar `NAME.meta.json` beside `NAME.txt` may give `outlet`, `date` (ISO 8601) and
`title`; anything it does not give stays unknown.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.model import Document

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("outlet", "date", "title")
BINARY_PROBE_BYTES = 8192
DEFAULT_MAX_BYTES = 50_000_000
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
HTML_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class Skipped:
    """A file left out of the build, with the reason shown to the user."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Notice:
    """Something the user should know about a file that was built anyway."""

    path: Path
    message: str


def discover(paths: Iterable[Path | str]) -> list[tuple[Path, bool]]:
    """Expand the given paths into article files (a folder is read at its top level, so
    notes and gold files in its subfolders are not taken for articles), each flagged with
    whether the user named it explicitly."""
    found: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("E101", "no such file or directory", path=path, hint="check the path")
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                raise InputError("E102", "directory holds no .txt or .md articles", path=path,
                                 hint="point kg at a folder of .txt/.md files")
            found.extend((f, False) for f in files)
        else:
            found.append((path, True))
    return found


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
                  on_warning: Callable[[Notice], None] | None = None) -> Document:
    """Read one article as text: UTF-8 (with or without BOM) or UTF-16 with a BOM. Bytes
    that are not UTF-8 are replaced (U+FFFD) and reported with their offset; empty, binary,
    HTML and oversized files are refused."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError("E109", f"file is {size:,} bytes, more than --max-bytes {max_bytes:,}", path=path,
                             hint="split it into articles or raise --max-bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("E103", f"cannot read file: {exc.strerror}", path=path, hint="check its permissions") from exc
    if data.startswith(UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError("E105", f"invalid UTF-16 at byte offset {exc.start}", path=path,
                             hint="re-save the file as UTF-8") from exc
    elif b"\x00" in data[:BINARY_PROBE_BYTES]:
        raise InputError("E104", "looks like a binary file, not text", path=path, hint="give kg plain-text articles")
    else:
        text = decode_utf8(path, data, on_warning)
    if not text.strip():
        raise InputError("E106", "file is empty", path=path, hint="remove it or add the article text")
    if HTML_START.match(text):
        raise InputError("E110", "looks like an HTML page, not article text", path=path,
                         hint="save the article's text as .txt or .md")
    meta = read_sidecar(path)
    return Document(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        name=path.name,
        text=text,
        **{key: meta.get(key) for key in SIDECAR_KEYS},
    )


def decode_utf8(path: Path, data: bytes, on_warning: Callable[[Notice], None] | None) -> str:
    """UTF-8 text; bytes that do not decode become U+FFFD, reported once with the first offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        bad = text.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
        warn(on_warning, Notice(path, f"invalid UTF-8 at byte offset {exc.start} ({bad} replaced with U+FFFD); "
                                       "re-save the file as UTF-8 for exact text"))
        return text


def read_sidecar(path: Path) -> dict[str, str]:
    """The article's metadata sidecar, or nothing when it has none."""
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError("E107", f"metadata sidecar is not valid JSON: {exc}", path=sidecar,
                         hint='write it as {"outlet": ..., "date": "YYYY-MM-DD"}') from exc
    if not isinstance(meta, dict):
        raise InputError("E107", "metadata sidecar must be a JSON object", path=sidecar,
                         hint='write it as {"outlet": ..., "date": "YYYY-MM-DD"}')
    return {key: str(meta[key]) for key in SIDECAR_KEYS if meta.get(key) is not None}


def load_documents(
    paths: Iterable[Path | str],
    on_skip: Callable[[Skipped], None] | None = None,
    on_warning: Callable[[Notice], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Document]:
    """All usable articles under `paths`, each content read once and duplicates dropped.

    A file that cannot be used is skipped (reported via `on_skip`) and the build goes on.
    Raises InputError for a missing path, or when nothing usable is left: the one bad
    file's own error when the user named a single file, else a summary.
    """
    paths = list(paths)
    documents: dict[str, Document] = {}
    errors: list[InputError] = []
    for path, _ in discover(paths):
        try:
            document = read_document(path, max_bytes, on_warning)
        except InputError as exc:
            errors.append(exc)
            continue
        if document.id in documents:
            report(on_skip, Skipped(path, f"same text as {documents[document.id].name}, built once"))
            continue
        documents[document.id] = document
    if not documents and len(errors) == 1:
        raise errors[0]
    for exc in errors:
        report(on_skip, Skipped(exc.path, f"{exc.message} [{exc.code}]"))
    if not documents:
        raise InputError("E108", "no usable articles", path=", ".join(str(p) for p in paths) or None,
                         hint="give kg at least one non-empty text article")
    return list(documents.values())


def warn(on_warning: Callable[[Notice], None] | None, warning: Notice) -> None:
    log.warning("%s: %s", warning.path, warning.message)
    if on_warning is not None:
        on_warning(warning)


def report(on_skip: Callable[[Skipped], None] | None, skipped: Skipped) -> None:
    log.warning("%s: skipped: %s", skipped.path, skipped.reason)
    if on_skip is not None:
        on_skip(skipped)
