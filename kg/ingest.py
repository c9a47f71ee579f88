"""Find input articles, read them safely, and attach their metadata sidecars.

A sidecar `NAME.meta.json` beside `NAME.txt` may give `outlet`, `date` (ISO 8601) and
`title`; anything it does not give stays unknown.
"""

from __future__ import annotations

import hashlib
import json
import logging
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


@dataclass(frozen=True)
class Skipped:
    """A file left out of the build, with the reason shown to the user."""

    path: Path
    reason: str


def discover(paths: Iterable[Path | str]) -> list[tuple[Path, bool]]:
    """Expand the given paths into article files (a folder is read at its top level, so
    notes and gold files in its subfolders are not taken for articles), each flagged with whether the user
    named it explicitly (a bad explicit file is an error; a bad file found in a folder
    is skipped with a warning)."""
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


def read_document(path: Path) -> Document:
    """Read one article as UTF-8 text, refusing empty, binary and undecodable files."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("E103", f"cannot read file: {exc.strerror}", path=path, hint="check its permissions") from exc
    if b"\x00" in data[:BINARY_PROBE_BYTES]:
        raise InputError("E104", "looks like a binary file, not text", path=path, hint="give kg plain-text articles")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("E105", f"invalid UTF-8 at byte offset {exc.start}", path=path,
                         hint="re-save the file as UTF-8") from exc
    if not text.strip():
        raise InputError("E106", "file is empty", path=path, hint="remove it or add the article text")
    meta = read_sidecar(path)
    return Document(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        name=path.name,
        text=text,
        **{key: meta.get(key) for key in SIDECAR_KEYS},
    )


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
    paths: Iterable[Path | str], on_skip: Callable[[Skipped], None] | None = None
) -> list[Document]:
    """All usable articles under `paths`, each content read once and duplicates dropped.

    Raises InputError for a bad file the user named, a missing path, or when nothing
    usable is left; files found inside folders are skipped (reported via `on_skip`).
    """
    paths = list(paths)
    documents: dict[str, Document] = {}
    for path, explicit in discover(paths):
        try:
            document = read_document(path)
        except InputError as exc:
            if explicit:
                raise
            report(on_skip, Skipped(path, f"{exc.message} [{exc.code}]"))
            continue
        if document.id in documents:
            report(on_skip, Skipped(path, f"same text as {documents[document.id].name}, built once"))
            continue
        documents[document.id] = document
    if not documents:
        raise InputError("E108", "no usable articles", path=", ".join(str(p) for p in paths) or None,
                         hint="give kg at least one non-empty UTF-8 .txt or .md article")
    return list(documents.values())


def report(on_skip: Callable[[Skipped], None] | None, skipped: Skipped) -> None:
    log.warning("%s: skipped: %s", skipped.path, skipped.reason)
    if on_skip is not None:
        on_skip(skipped)
