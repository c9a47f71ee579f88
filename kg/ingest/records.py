"""Files of many articles, one per record, as news crawlers and datasets export them:
JSON Lines (`.jsonl`, `.ndjson`) and CSV, also gzipped (`.jsonl.gz`). Fields are found by their common names, or by
the names the user gives; a record's text may be plain text or a page's HTML."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".jsonl.gz", ".ndjson.gz", ".csv.gz")
CSV_FIELD_LIMIT = 2**31 - 1
FIELD_NAMES = {
    "text": ("text", "body", "content", "maintext", "article", "full_text", "article_text"),
    "html": ("html", "raw_html", "page"),
    "title": ("title", "headline"),
    "date": ("date", "published", "date_publish", "published_at", "publish_date", "pubDate", "datePublished",
             "date_published"),
    "url": ("url", "link", "canonical_url", "source_url"),
    "outlet": ("outlet", "source", "source_domain", "publisher", "site_name", "sitename", "source_name"),
    "author": ("author", "authors", "byline"),
}


class BadRecord(ValueError):
    """A record that cannot be used; the message says why."""


def read_records(path: Path) -> Iterator[tuple[int, dict | BadRecord]]:
    """(line number, record) for each record of the file, read one at a time (a file of
    gigabytes is never read whole; a CSV field may hold a whole article); a line that is not a
    JSON object, or CSV that breaks off, comes as a BadRecord."""
    name = path.name.lower()
    with (gzip.open(path, "rb") if name.endswith(".gz") else path.open("rb")) as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
        if name.removesuffix(".gz").endswith(".csv"):
            csv.field_size_limit(CSV_FIELD_LIMIT)
            reader = csv.DictReader(stream)
            try:
                for row in reader:
                    yield reader.line_num, dict(row)
            except csv.Error as exc:
                yield reader.line_num, BadRecord(f"not valid CSV: {exc}")
            return
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, BadRecord(f"not valid JSON: {exc.msg}")
                continue
            yield number, record if isinstance(record, dict) else BadRecord("not a JSON object")


def record_fields(record: dict, fields: Mapping[str, str] | None = None) -> dict[str, str]:
    """The article fields of a record: the user's field names first, then the common ones;
    a nested value gives its name ('source': {'name': 'X'}), a list its items joined."""
    found: dict[str, str] = {}
    for key, names in FIELD_NAMES.items():
        chosen = (fields or {}).get(key)
        for name in ((chosen,) if chosen else names):
            value = flat(record.get(name))
            if value:
                found[key] = value
                break
    return found


def flat(value: object) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("title")
    if isinstance(value, list):
        value = ", ".join(str(flat(item)) for item in value if flat(item))
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None
