"""Sums of money, percentages and dates: found by patterns assembled from the vocabulary in
`data/quantities.json`, and normalised (6000000 USD, 0.9, 2025-04-10) by the same table.

`kg_quantities` is a spaCy component that adds MONEY, PERCENT and DATE entities, taking
precedence over statistical entities that overlap them. `parse_money` and `parse_date`
are pure functions, so extraction normalises whatever pipeline found the span.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.model import Money

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def alternation(words) -> str:
    """A regex alternation, longest first so 'US$' wins over '$'."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@cache
def table() -> dict:
    return json.loads((files("kg") / "data" / "quantities.json").read_text("utf-8"))


@cache
def patterns() -> dict[str, re.Pattern]:
    t = table()
    scales = alternation(t["scales"])
    months = alternation(m.capitalize() for m in t["months"])

    def amount(n: int) -> str:
        return rf"(?P<number{n}>{NUMBER})(?:[\s-]?(?P<scale{n}>{scales})\b)?"

    def month(n: int) -> str:
        return rf"(?P<month{n}>{months})\.?"

    units = alternation([*t["currency_symbols"], *t["currency_codes"]])
    words = alternation([*t["currency_words"], *t["currency_codes"]])
    return {
        "MONEY": re.compile(rf"(?<![\w$])(?:(?P<symbol>(?-i:{units}))\s?{amount(1)}|{amount(2)}\s?(?P<word>{words})\b)",
                            re.IGNORECASE),
        "PERCENT": re.compile(rf"(?<![\w.])(?P<number>{NUMBER})\s?(?:{alternation(t['percent_words'])})(?!\w)"),
        "DATE": re.compile(
            rf"\b(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
            rf"|{month(1)}\s(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s(?P<year1>\d{{4}}))?"
            rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s{month(2)}(?:,?\s(?P<year2>\d{{4}}))?"
            rf"|{month(3)}\s(?P<year3>\d{{4}}))\b"),
    }


def first(groups: dict[str, str | None], prefix: str) -> str | None:
    """The value of whichever numbered alternative of a group matched."""
    return next((v for k, v in groups.items() if k.startswith(prefix) and v), None)


def to_number(text: str) -> float:
    return float(text.replace(",", ""))


def parse_money(text: str) -> Money | None:
    """'US$6 million' -> Money(6000000, 'USD'); None when the text is not a sum we can read."""
    match = patterns()["MONEY"].search(text)
    if match is None:
        return None
    t, groups = table(), match.groupdict()
    currency = currency_code(groups["symbol"] or groups["word"], t)
    if currency is None:
        return None
    scale = first(groups, "scale")
    value = to_number(first(groups, "number")) * (t["scales"][scale.lower()] if scale else 1)
    return Money(value=round(value, 2), currency=currency)


def currency_code(unit: str, t: dict) -> str | None:
    if unit in t["currency_symbols"]:
        return t["currency_symbols"][unit]
    if unit.upper() in t["currency_codes"]:
        return "CNY" if unit.upper() == "RMB" else unit.upper()
    return t["currency_words"].get(unit.lower())


def parse_date(text: str) -> str | None:
    """ISO 8601 for what the text states: 2025-04-10, 2025-04, or --04-14 (no year given)."""
    match = patterns()["DATE"].fullmatch(text.strip())
    if match is None:
        return None
    groups = match.groupdict()
    if groups["iso"]:
        return groups["iso"] if valid(*map(int, groups["iso"].split("-"))) else None
    month = table()["months"][first(groups, "month").lower()]
    day, year = int(first(groups, "day") or 0), int(first(groups, "year") or 0)
    if not day:
        return f"{year:04d}-{month:02d}"
    if not year:
        return f"--{month:02d}-{day:02d}" if valid(2000, month, day) else None
    return f"{year:04d}-{month:02d}-{day:02d}" if valid(year, month, day) else None


def resolve_date(text: str, reference: date | None) -> str | None:
    """ISO 8601 for a date expression, relative ones resolved against `reference` (the
    article's date): 'today' -> 2025-04-17, 'last month' -> 2025-03, 'last week' ->
    2025-W15, 'on Monday' -> the Monday on or before it, 'April 14' -> 2025-04-14."""
    absolute = parse_date(text)
    if absolute is not None:
        if absolute.startswith("--") and reference is not None:
            return f"{reference.year:04d}{absolute[1:]}"
        return absolute
    if reference is None:
        return None
    t = table()
    words = text.lower().strip().removeprefix("on ").strip()
    if words in t["relative_days"]:
        return (reference + timedelta(days=t["relative_days"][words])).isoformat()
    if words in t["weekdays"]:
        return (reference - timedelta(days=(reference.weekday() - t["weekdays"][words]) % 7)).isoformat()
    if words in t["relative_periods"]:
        which, unit = words.split()
        step = {"last": -1, "this": 0, "next": 1}[which]
        if unit == "week":
            year, week, _ = (reference + timedelta(weeks=step)).isocalendar()
            return f"{year:04d}-W{week:02d}"
        if unit == "month":
            index = reference.year * 12 + reference.month - 1 + step
            return f"{index // 12:04d}-{index % 12 + 1:02d}"
        return f"{reference.year + step:04d}"
    return None


@cache
def relative_pattern() -> re.Pattern:
    t = table()
    words = [*t["relative_days"], *t["relative_periods"], *t["weekdays"]]
    return re.compile(rf"\b(?:{alternation(words)})\b", re.IGNORECASE)


def valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def parse_percent(text: str) -> float | None:
    match = patterns()["PERCENT"].search(text)
    return to_number(match.group("number")) if match else None


@Language.component("kg_quantities")
def add_quantities(doc: Doc) -> Doc:
    """Add MONEY, PERCENT and DATE entities found by the patterns."""
    found: list[Span] = []
    for label, pattern in [*patterns().items(), ("DATE", relative_pattern())]:
        for match in pattern.finditer(doc.text):
            span = doc.char_span(match.start(), match.end(), label=label, alignment_mode="expand")
            if span is not None:
                found.append(span)
    if found:
        taken = {i for span in found for i in range(span.start, span.end)}
        kept = [e for e in doc.ents if taken.isdisjoint(range(e.start, e.end))]
        doc.ents = filter_spans(found + kept)
    return doc
