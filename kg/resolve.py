"""Group mentions into one canonical entity per real-world thing, within and across articles.

Within an article, a person's shorter name ('Doe', 'Jane Doe') joins the one longer name
that contains it with the same surname; when two longer names could claim it, nothing
merges. Across articles, entities of the same type and normalised name are one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

from kg.model import Entity, Extraction, Fact, Mention, Resolution

QUOTES = "\"'“”‘’«»"
LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
POSSESSIVE = re.compile(r"[’']s?$")


def normalise_name(text: str) -> str:
    """Case, quotes, a leading article, a possessive and spacing do not make a new name."""
    text = unicodedata.normalize("NFKC", text).strip().strip(QUOTES)
    text = LEADING_ARTICLE.sub("", text)
    text = POSSESSIVE.sub("", text)
    return " ".join(text.replace("‐", "-").split()).casefold()


def slug(text: str) -> str:
    """An IRI-safe, readable key for a name; a hash where nothing readable is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return readable or "x-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def resolve(extractions: Sequence[Extraction]) -> Resolution:
    """Canonical entities for all mentions, and the facts carried over unchanged."""
    clusters: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for extraction in extractions:
        for mentions in document_clusters(extraction.mentions):
            clusters[cluster_key(mentions)].extend(mentions)
    entities, entity_of = [], {}
    for (type_, key), mentions in sorted(clusters.items()):
        mentions.sort(key=lambda m: (m.doc_id, m.start, m.end))
        _, name = canonical(mentions)
        entity = Entity(
            id=f"{type_.lower()}/{key}",
            type=type_,
            name=name,
            aliases=tuple(sorted({m.text for m in mentions})),
            mentions=tuple(mentions),
            money=mentions[0].money,
        )
        entities.append(entity)
        entity_of.update({m: entity.id for m in mentions})
    facts = unique_facts(f for e in extractions for f in e.facts)
    return Resolution(tuple(e.document for e in extractions), tuple(entities), facts, entity_of)


def cluster_key(mentions: Sequence[Mention]) -> tuple[str, str]:
    """Type plus key: a sum of money is identified by its value, anything else by its name."""
    type_, name = canonical(mentions)
    money = mentions[0].money
    if money is not None:
        return type_, slug(f"{money.currency} {money.value:f}".rstrip("0").rstrip("."))
    return type_, slug(name)


def document_clusters(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Mentions of one article grouped by name, short person names joined to full ones."""
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        key = f"{mention.money.currency} {mention.money.value}" if mention.money else normalise_name(mention.text)
        by_name[key].append(mention)
    parent = {name: name for name in by_name}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    people = sorted((n for n, ms in by_name.items() if majority([m.type for m in ms]) == "Person"),
                    key=lambda n: (-len(n.split()), n))
    for short in people:
        longer = {root(full) for full in people
                  if len(full.split()) > len(short.split()) and contains_name(full.split(), short.split())}
        if len(longer) == 1:
            parent[root(short)] = longer.pop()
    groups: dict[str, list[Mention]] = defaultdict(list)
    for name, group in by_name.items():
        groups[root(name)].extend(group)
    return [sorted(g, key=lambda m: m.start) for _, g in sorted(groups.items())]


def contains_name(full: list[str], short: list[str]) -> bool:
    """True when `short` is `full` with words left out, keeping the last word (the surname)."""
    if short[-1] != full[-1]:
        return False
    words = iter(full)
    return all(any(word == candidate for candidate in words) for word in short)


def canonical(mentions: Sequence[Mention]) -> tuple[str, str]:
    """The cluster's type (majority) and name: a person's first full name, else the first name."""
    type_ = majority([m.type for m in mentions])
    ordered = sorted(mentions, key=lambda m: (m.doc_id, m.start))
    if type_ == "Person":
        full = [m for m in ordered if len(m.text.split()) > 1]
        ordered = full or ordered
    return type_, ordered[0].text


def majority(values: list[str]) -> str:
    """The most common value, the earliest one on ties."""
    counts = Counter(values)
    return max(values, key=lambda v: (counts[v], -values.index(v)))


def unique_facts(facts) -> tuple[Fact, ...]:
    seen: dict[tuple, Fact] = {}
    for fact in facts:
        seen.setdefault((fact.subject, fact.predicate, fact.object, fact.sentence, fact.claimed_by), fact)
    return tuple(seen.values())
