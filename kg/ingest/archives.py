"""Web archives (`.warc`, `.warc.gz`, read with warcio): each HTML response is a page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError

ARCHIVE_SUFFIXES = (".warc", ".warc.gz")


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def archive_pages(path: Path, max_bytes: int) -> Iterator[tuple[int, str, str | None, bytes | None]]:
    """(record number, target URI, capture date, page bytes) for each HTML response of the
    archive, one record at a time; a page over `max_bytes` comes without its bytes. An
    archive that cannot be read is an error naming it."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    with path.open("rb") as stream:
        try:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if "html" not in (record.http_headers.get_header("Content-Type") or "").lower():
                    continue
                number += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                captured = record.rec_headers.get_header("WARC-Date")
                body = record.content_stream().read(max_bytes + 1)
                yield number, uri, captured, body if len(body) <= max_bytes else None
        except ArchiveLoadFailed as exc:
            raise InputError("E112", f"not a readable web archive: {exc}".splitlines()[0], path=path,
                             hint="give a .warc or .warc.gz file") from exc
