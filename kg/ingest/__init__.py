"""Find input articles, read them safely, and attach their metadata.

kg reads plain text and markdown (`.txt`, `.md`), saved news pages (`.html`, `.htm`; any
file whose text is a page), files of one article per record (`.jsonl`, `.ndjson`, `.csv`,
also gzipped),
web archives (`.warc`, `.warc.gz`) and standard input (`-`). A folder is read recursively,
leaving out hidden entries, metadata sidecars and documentation files named in capitals
(`README.md`, `FORMAT.md`). A sidecar `NAME.meta.json` beside `NAME.txt` (or `NAME.html`)
may give `outlet`, `date` (ISO 8601), `title`, `url` and `author`, overriding what a page
says; anything no source gives stays unknown. Articles stream through a disk spool, so a
file of gigabytes is read record by record and never held whole in memory.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from kg.errors import InputError
from kg.formats import DEFAULT_MAX_BYTES
from kg.ingest.archives import ARCHIVE_SUFFIXES, archive_pages, is_archive
from kg.ingest.metadata import make_document, read_sidecar, richness
from kg.ingest.notices import Notice, Skipped, report
from kg.ingest.pages import page_article
from kg.ingest.records import RECORD_SUFFIXES, BadRecord, read_records, record_fields
from kg.ingest.text import decode, looks_like_html, markdown_text
from kg.model import Document
from kg.spool import Spool

__all__ = ["DEFAULT_MAX_BYTES", "Documents", "Notice", "Skipped", "discover", "load_documents", "read_document"]

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + PAGE_SUFFIXES + RECORD_SUFFIXES + ARCHIVE_SUFFIXES
STDIN = "-"

Warn = Callable[[Notice], None] | None


def readable(path: Path) -> bool:
    """A file a folder build takes for an article: a format kg reads, not hidden, not a
    sidecar, not a documentation file named in capitals."""
    name = path.name.lower()
    return name.endswith(ARTICLE_SUFFIXES) and not name.startswith(".") and not path.stem.split(".")[0].isupper()


def discover(paths: Iterable[Path | str]) -> list[tuple[Path, bool]]:
    """Expand the given paths into article files (folders recursively, in name order), each
    flagged with whether the user named it explicitly; `-` stands for standard input."""
    found: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if str(raw) == STDIN:
            found.append((path, True))
            continue
        if not path.exists():
            raise InputError("E101", "no such file or directory", path=path, hint="check the path")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and readable(p)
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                raise InputError("E102", "directory holds no articles kg reads (.txt, .md, .html, .jsonl, .csv, "
                                         ".warc)", path=path, hint="point kg at a folder of articles")
            found.extend((f, False) for f in files)
        else:
            found.append((path, True))
    return found


def read_bytes(path: Path, max_bytes: int) -> bytes:
    if str(path) == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError("E109", f"standard input is more than --max-bytes {max_bytes:,}", path="stdin",
                             hint="split it into articles or raise --max-bytes")
        return data
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError("E109", f"file is {size:,} bytes, more than --max-bytes {max_bytes:,}", path=path,
                             hint="split it into articles or raise --max-bytes")
        return path.read_bytes()
    except OSError as exc:
        raise InputError("E103", f"cannot read file: {exc.strerror}", path=path, hint="check its permissions") from exc


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, on_warning: Warn = None) -> Document:
    """Read one article file (text, markdown or a saved page): empty, binary and oversized
    files are refused, and so is a page with no article text."""
    text = decode(path, read_bytes(path, max_bytes), on_warning)
    if not text.strip():
        raise InputError("E106", "file is empty", path=path, hint="remove it or add the article text")
    meta: dict[str, str] = {}
    name = "stdin" if str(path) == STDIN else path.name
    if path.suffix.lower() in PAGE_SUFFIXES or looks_like_html(text):
        text, meta = page_article(text, path)
    elif path.suffix.lower() in {".md", ".markdown"}:
        text = markdown_text(text)
        if not text.strip():
            raise InputError("E106", "file holds no text outside its markup", path=path,
                             hint="remove it or add the article text")
    if str(path) != STDIN:
        meta.update(read_sidecar(path))
    return make_document(text, name, path, meta, on_warning)


def record_documents(path: Path, max_bytes: int, fields: Mapping[str, str] | None, on_skip, on_warning: Warn
                     ) -> Iterator[Document]:
    """The articles of a file of records, one per usable record; a record that cannot be
    used is skipped with the file and line named."""
    for line, record in read_records(path):
        where = Path(f"{path}:{line}")
        try:
            if isinstance(record, BadRecord):
                raise InputError("E111", str(record), path=where, hint="fix the record or remove it")
            found = record_fields(record, fields)
            text = found.pop("text", None)
            html = found.pop("html", None)
            if text is None and html is not None:
                text, page = page_article(html, where, found.get("url"))
                found = {**page, **found}
            if not text or not text.strip():
                raise InputError("E111", "record has no article text (give its field with --field text=NAME)",
                                 path=where, hint="fix the record or remove it")
            if len(text.encode("utf-8")) > max_bytes:
                raise InputError("E109", f"record text is more than --max-bytes {max_bytes:,}", path=where,
                                 hint="split it or raise --max-bytes")
            yield make_document(text, f"{path.name}:{line}", where, found, on_warning, source_file=path.name,
                                record=str(line))
        except InputError as exc:
            report(on_skip, Skipped(where, f"{exc.message} [{exc.code}]"))


def archive_documents(path: Path, max_bytes: int, on_skip, on_warning: Warn) -> Iterator[Document]:
    """The articles of a web archive, one per HTML response: its URL the record's target URI,
    its date the page's own, else the capture date."""
    for number, uri, captured, body in archive_pages(path, max_bytes):
        where = Path(f"{path}:{number}")
        try:
            if body is None:
                raise InputError("E109", f"page is more than --max-bytes {max_bytes:,}", path=where,
                                 hint="raise --max-bytes")
            text, meta = page_article(body, where, uri or None)
        except InputError as exc:
            report(on_skip, Skipped(where, f"{exc.message} [{exc.code}]"))
            continue
        meta = {"date": captured, **meta, "url": uri or meta.get("url")}
        yield make_document(text, f"{path.name}:{number}", where, meta, on_warning, source_file=path.name,
                            record=str(number))


class Documents:
    """The articles of a build, spooled to disk as they are read, each text once: of two
    with the same text the one with more metadata is kept (the first of equals)."""

    def __init__(self):
        self.spool: Spool[Document] = Spool()
        self.kept: dict[str, tuple[int, int, str]] = {}

    def add(self, document: Document, on_skip) -> None:
        index, score = len(self.spool), richness(document)
        previous = self.kept.get(document.id)
        if previous is not None and score <= previous[1]:
            report(on_skip, Skipped(Path(document.name), f"same text as {previous[2]}, built once"))
            return
        if previous is not None:
            report(on_skip, Skipped(Path(previous[2]), f"same text as {document.name}, built once"))
        self.spool.append(document)
        self.kept[document.id] = (index, score, document.name)

    def __len__(self) -> int:
        return len(self.kept)

    def __iter__(self) -> Iterator[Document]:
        chosen = {index for index, _, _ in self.kept.values()}
        return (d for i, d in enumerate(self.spool) if i in chosen)

    def close(self) -> None:
        self.spool.close()


def load_documents(paths: Iterable[Path | str], on_skip: Callable[[Skipped], None] | None = None,
                   on_warning: Warn = None, max_bytes: int = DEFAULT_MAX_BYTES,
                   fields: Mapping[str, str] | None = None) -> Documents:
    """All usable articles under `paths`, each text built once.

    A file or record that cannot be used is skipped (reported via `on_skip`) and the build
    goes on. Raises InputError for a missing path, or when nothing usable is left: the one bad
    file's own error when the user named a single file, else a summary. `fields` names the
    record fields that hold an article's text, title, date, url, outlet or author.
    """
    paths = list(paths)
    documents = Documents()
    errors: list[InputError] = []
    for path, _ in discover(paths):
        try:
            if path.name.lower().endswith(RECORD_SUFFIXES):
                for document in record_documents(path, max_bytes, fields, on_skip, on_warning):
                    documents.add(document, on_skip)
            elif is_archive(path):
                for document in archive_documents(path, max_bytes, on_skip, on_warning):
                    documents.add(document, on_skip)
            else:
                documents.add(read_document(path, max_bytes, on_warning), on_skip)
        except InputError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(InputError("E103", f"cannot read file: {exc.strerror or exc}", path=path,
                                     hint="check its permissions"))
    if not len(documents) and len(errors) == 1:
        documents.close()
        raise errors[0]
    for exc in errors:
        report(on_skip, Skipped(exc.path, f"{exc.message} [{exc.code}]"))
    if not len(documents):
        documents.close()
        raise InputError("E108", "no usable articles", path=", ".join(str(p) for p in paths) or None,
                         hint="give kg at least one non-empty text article")
    return documents
