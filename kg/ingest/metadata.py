"""An article's metadata: from its page or record, overridden by a sidecar `NAME.meta.json`
beside the file; dates kept only when they are real dates."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from kg.errors import InputError
from kg.ingest.notices import Notice, warn
from kg.model import Document

SIDECAR_SUFFIX = ".meta.json"
FIELDS = ("outlet", "date", "title", "url", "author")
DATELINE_LINES = 3
DATELINE_DATE = re.compile(r"[A-Z][A-Z .'-]+(?:, [A-Z][A-Za-z .'-]+)?, (?:(?P<month>[A-Z][a-z]+\.?) (?P<day>\d{1,2})|"
                           r"(?P<day2>\d{1,2}) (?P<month2>[A-Z][a-z]+\.?)),? (?P<year>(?:19|20)\d{2})\b")
ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")


def read_sidecar(path: Path) -> dict[str, str]:
    """The metadata sidecar of the article file at `path`, or nothing when it has none."""
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
    return {key: str(meta[key]) for key in FIELDS if meta.get(key) is not None}


def iso_date(value: str | None) -> str | None:
    """The calendar date an ISO 8601 date or timestamp ('2025-03-11', '2025-03-11T09:30:00Z')
    or an e-mail style date ('Tue, 11 Mar 2025 09:30:00 GMT', as feeds write them) names;
    None for anything else ('11/03/2025' is day-first or month-first: no one can tell)."""
    if not value:
        return None
    text = value.strip()
    match = ISO_DATE.fullmatch(text)
    try:
        if match is not None:
            return date.fromisoformat(match.group(1)).isoformat()
        parsed = parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError):
        return None
    return parsed.date().isoformat() if isinstance(parsed, datetime) else None


def dateline_date(text: str) -> str | None:
    """The date a dateline that opens the article gives with its year ('ACCRA, May 9, 2025 —',
    'LONDON, 9 May 2025 (Agency) –'); a dateline's day without a year names no date."""
    from kg.rules.quantities import table

    months = table()["months"]
    for line in text.split("\n", DATELINE_LINES)[:DATELINE_LINES]:
        match = DATELINE_DATE.match(line.strip())
        if match is None:
            continue
        month = months.get((match["month"] or match["month2"]).lower().rstrip("."))
        day = int(match["day"] or match["day2"])
        try:
            return date(int(match["year"]), month, day).isoformat() if month else None
        except ValueError:
            return None
    return None


def make_document(text: str, name: str, where: Path | str, meta: dict[str, str | None],
                  on_warning: Callable[[Notice], None] | None, **origin: str | None) -> Document:
    """The article for `text`: its id a hash of the text, its metadata checked (a date that
    is no real date is reported and left unknown, never written as an invalid literal); with
    no date given, the date its dateline gives with a year."""
    fields = {key: (meta.get(key) or None) for key in FIELDS}
    if fields["date"] is None:
        fields["date"] = dateline_date(text)
    else:
        day = iso_date(fields["date"])
        if day is None:
            warn(on_warning, Notice(Path(str(where)), f"date '{fields['date']}' is not an ISO 8601 date "
                                                     "(YYYY-MM-DD); left unknown"))
        fields["date"] = day
    return Document(id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], name=name, text=text, **fields,
                    **origin)


def richness(document: Document) -> int:
    """How much metadata an article carries: of two with the same text, the richer is kept."""
    return sum(getattr(document, key) is not None for key in FIELDS)
