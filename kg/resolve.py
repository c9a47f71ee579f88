"""Group mentions into one canonical entity per real-world thing, within and across articles.

Within an article, a shorter name ('Doe', 'Jane Doe', 'Justice Department') joins the one
longer name of the same type that contains it and ends the same way; when two longer names
could claim it, nothing merges. Names the text pairs ('the Bureau of X, or BX') are one.
Across articles, entities of the same type and normalised name are one, and so are
institutions and places whose names differ only by a spelling variant; people never merge
on a near-match.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, MutableSequence, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from kg.errors import InputError
from kg.model import Article, Entity, Extraction, Fact, Mention, Resolution
from kg.spool import Spool

QUOTES = "\"'“”‘’«»"
LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
POSSESSIVE = re.compile(r"[’']s?$")
VARIANT_SIMILARITY = 0.75
VARIANT_PREFIX = 4
GENERIC_TYPES = {"Organization", "Place"}
ROLE_COMPLEMENT = re.compile(r" (of|for|from|at|to) .+")


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


@dataclass(frozen=True)
class UserAliases:
    """A user's corrections: `merge` maps a normalised surface form to the (name, type) of
    the one entity it denotes; names in `split` never join a longer name or a variant."""

    merge: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    split: frozenset[str] = frozenset()


def load_aliases(path: Path | str) -> UserAliases:
    """Read an alias file: {"merge": [{"name": …, "type": …, "aliases": [...]}], "split": [...]}."""
    path = Path(path)
    hint = 'write {"merge": [{"name": "…", "type": "Person", "aliases": ["…"]}], "split": ["…"]}'
    try:
        data = json.loads(path.read_text("utf-8"))
        merge = {}
        for group in data.get("merge", []):
            for alias in [group["name"], *group.get("aliases", [])]:
                merge[normalise_name(alias)] = (group["name"], group.get("type"))
        split = frozenset(normalise_name(name) for name in data.get("split", []))
    except FileNotFoundError as exc:
        raise InputError("E601", "alias file not found", path=path, hint="check the path") from exc
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError, KeyError, TypeError) as exc:
        raise InputError("E602", f"alias file is not valid: {exc}", path=path, hint=hint) from exc
    return UserAliases(merge, split)


def apply_aliases(extraction: Extraction, aliases: UserAliases) -> tuple[Extraction, dict[Mention, Mention]]:
    """Rename and retype the mentions the user's merges name; returns the new extraction
    and old -> new for the mentions that changed."""
    renamed = {}
    for mention in extraction.mentions:
        forced = aliases.merge.get(normalise_name(mention.text))
        if forced is not None:
            renamed[mention] = replace(mention, name=forced[0], type=forced[1] or mention.type)
    pairs = tuple((renamed.get(a, a), renamed.get(b, b)) for a, b in extraction.aliases)
    return replace(extraction, mentions=tuple(renamed.get(m, m) for m in extraction.mentions), aliases=pairs), renamed


WORD = re.compile(r"\S+")
EDGE_PUNCTUATION = "\"'“”‘’.,;:!?()[]{}"
NOT_PROPAGATED = {"Person", "Ruling", "MonetaryAmount"}
NOT_ABBREVIATED = {"Person", "Ruling", "MonetaryAmount", "Place"}


def known_names(extractions: Iterable[Extraction]) -> dict[tuple[str, ...], str]:
    """The names of institutions and places that some article recognised, worth marking
    wherever they recur verbatim without being recognised (see `add_known_names`). Only
    capitalised names (or codes) count, and one-word names need evidence: a code or acronym
    ('MS-13', 'NATO'), or recognition at least twice; people are never propagated (a
    surname alone is ambiguous)."""
    counts: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for extraction in extractions:
        for mention in extraction.mentions:
            if mention.type not in NOT_PROPAGATED and mention.money is None and mention.name is None:
                counts[tuple(mention.text.split())][mention.type] += 1
    return {words: types.most_common(1)[0][0] for words, types in counts.items()
            if any(c.isupper() or c.isdigit() for c in "".join(words))
            and (len(words) > 1 or any(c.isdigit() for c in words[0]) or
                 (words[0].isupper() and len(words[0]) > 1) or sum(types.values()) > 1)}


def add_known_names(extraction: Extraction, names: dict[tuple[str, ...], str]) -> Extraction:
    """The extraction with each known name it did not recognise marked where it recurs."""
    if not names:
        return extraction
    longest = max(len(words) for words in names)
    text = extraction.document.text
    taken = bytearray(len(text) + 1)
    for mention in extraction.mentions:
        taken[mention.start:mention.end] = b"\1" * (mention.end - mention.start)
    sentence_starts = [s[0] for s in extraction.sentences]
    words = []
    for match in WORD.finditer(text):
        word = match.group().strip(EDGE_PUNCTUATION)
        if word:
            start = match.start() + match.group().index(word)
            words.append((start, start + len(word), word))
    found = []
    for i in range(len(words)):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = tuple(w[2] for w in words[i:i + size])
            start, end = words[i][0], words[i + size - 1][1]
            if key in names and text[start:end] == " ".join(key) and not any(taken[start:end]):
                index = bisect_right(sentence_starts, start) - 1
                sentence = extraction.sentences[index] if index >= 0 and start < extraction.sentences[index][1] \
                    else (start, end)
                found.append(Mention(extraction.document.id, start, end, text[start:end], names[key], sentence))
                taken[start:end] = b"\1" * (end - start)
                break
    if not found:
        return extraction
    mentions = tuple(sorted((*extraction.mentions, *found), key=lambda m: (m.start, m.end)))
    return replace(extraction, mentions=mentions)


def resolve(extractions: Iterable[Extraction], aliases: UserAliases | None = None,
            articles: MutableSequence[Article] | Spool[Article] | None = None) -> Resolution:
    """Canonical entities for all mentions, with the facts carried over unchanged.

    `extractions` is read twice (first for the names worth propagating) and may be a
    `Spool`; each article is then kept in `articles` (a list unless a spool is given) while
    only a compact `Summary` per cluster stays in memory for the merge across articles."""
    aliases = aliases or UserAliases()
    names = known_names(extractions)
    held: MutableSequence[Article] | Spool[Article] = [] if articles is None else articles
    summaries: dict[tuple[str, str], Summary] = {}
    roles: defaultdict[str, set[str]] = defaultdict(set)
    facts = 0
    for extraction in extractions:
        extraction, renamed = apply_aliases(add_known_names(extraction, names), aliases)
        cluster_of = {}
        for mentions in document_clusters(extraction.mentions, extraction.aliases, aliases.split):
            key = cluster_key(mentions)
            summary = summaries.setdefault(key, Summary())
            for mention in mentions:
                summary.add(mention, position(mention))
            cluster_of.update(dict.fromkeys(mentions, entity_id(key)))
        cluster_of.update({old: cluster_of[new] for old, new in renamed.items()})
        article_facts = unique_facts(extraction.facts)
        facts += len({(cluster_of[f.subject], f.predicate,
                       cluster_of[f.object] if isinstance(f.object, Mention) else f.object, f.sentence)
                      for f in article_facts})
        for fact in article_facts:
            if fact.predicate == "holdsRole" and isinstance(fact.object, str):
                roles[cluster_of[fact.subject]].add(fact.object)
        held.append(Article(extraction.document, extraction.mentions, article_facts, cluster_of))
    targets = merge_variants(summaries, aliases.split)
    merged: dict[tuple[str, str], Summary] = {}
    for key in sorted(summaries):
        merged.setdefault(targets[key], Summary()).merge(summaries.pop(key))
    entities = tuple(as_entity(key, summary) for key, summary in sorted(merged.items()))
    entity_ids = {entity_id(key): entity_id(target) for key, target in targets.items()}
    return Resolution(entities, held, entity_ids, facts, full_roles(roles, entity_ids))


def full_roles(roles: dict[str, set[str]], entity_ids: dict[str, str]) -> dict[tuple[str, str], str]:
    """(entity, role as written) -> the one longer role of the entity that spells it out
    ('President' -> 'President of the United States'); none where two could ('President of
    X' and 'President of Y')."""
    by_entity: defaultdict[str, set[str]] = defaultdict(set)
    for cluster, held in roles.items():
        by_entity[entity_ids[cluster]] |= held
    full = {}
    for entity, held in sorted(by_entity.items()):
        for role in sorted(held):
            longer = [other for other in held if ROLE_COMPLEMENT.fullmatch(other[len(role):])
                      and other[:len(role)].lower() == role.lower()]
            if len(longer) == 1:
                full[(entity, role)] = longer[0]
    return full


def entity_id(key: tuple[str, str]) -> str:
    type_, name = key
    return f"{type_.lower()}/{name}"


def as_entity(key: tuple[str, str], summary: Summary) -> Entity:
    first, dated = summary.earliest["any"], summary.earliest.get("dated")
    return Entity(id=entity_id(key), type=key[0], name=summary.canonical()[1], aliases=tuple(sorted(summary.aliases)),
                  money=first.money, date=dated.date if dated is not None else None)


def position(mention: Mention) -> tuple[str, int, int]:
    """Where a mention stands in the corpus: articles in id order, then by offset."""
    return mention.doc_id, mention.start, mention.end


@dataclass(slots=True)
class Summary:
    """What resolution keeps of a cluster's mentions: enough to choose its type, name,
    aliases, sum and date, without holding the mentions (at scale, all of an archive's).
    `types` counts each type with the rank of its first mention (ties go to the earlier);
    `earliest` is the first mention of each kind in corpus order (see `position`)."""

    types: dict[str, tuple[int, object]] = field(default_factory=dict)
    earliest: dict[str, Mention] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, mentions: Sequence[Mention]) -> Summary:
        """The summary of a list of mentions, type ties going to the earlier in the list."""
        summary = cls()
        for index, mention in enumerate(mentions):
            summary.add(mention, index)
        return summary

    def add(self, mention: Mention, rank: object) -> None:
        count, first = self.types.get(mention.type, (0, rank))
        self.types[mention.type] = (count + 1, min(first, rank))
        kinds = ["any"]
        if mention.name is not None:
            kinds.append("named")
        if len(mention.text.split()) > 1:
            kinds.append("full")
        if mention.date:
            kinds.append("dated")
        for kind in kinds:
            self.keep_earliest(kind, mention)
        if mention.type != "Ruling":
            self.aliases.add(mention.text)

    def keep_earliest(self, kind: str, mention: Mention) -> None:
        current = self.earliest.get(kind)
        if current is None or position(mention) < position(current):
            self.earliest[kind] = mention

    def merge(self, other: Summary) -> None:
        for type_, (count, rank) in other.types.items():
            mine, first = self.types.get(type_, (0, rank))
            self.types[type_] = (mine + count, min(first, rank))
        for kind, mention in other.earliest.items():
            self.keep_earliest(kind, mention)
        self.aliases |= other.aliases

    def canonical(self) -> tuple[str, str]:
        """The cluster's type and name. The type is the most common one, where a specific
        class found from the text's own cues ('… Prison', 'the gang …') outranks the generic
        Organization or Place that a statistical label gives. The name is the first
        descriptive name, else a person's first full name, else the first name."""
        specific = {t: counted for t, counted in self.types.items() if t not in GENERIC_TYPES}
        pool = specific or self.types
        type_ = min(pool, key=lambda t: (-pool[t][0], pool[t][1]))
        if "named" in self.earliest:
            return type_, self.earliest["named"].name
        if type_ == "Person" and "full" in self.earliest:
            return type_, self.earliest["full"].text
        return type_, self.earliest["any"].text


def merge_variants(keys: Iterable[tuple[str, str]],
                   split: frozenset[str] = frozenset()) -> dict[tuple[str, str], tuple[str, str]]:
    """Which cluster each cluster joins: clusters of the same type whose names are spelling
    variants (see `is_variant`) join the first of them, in key order. Variants share every
    word's first letters, so only names in the same block are compared."""
    kept_apart = {slug(name) for name in split}
    targets: dict[tuple[str, str], tuple[str, str]] = {}
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for type_, key in sorted(keys):
        target = (type_, key)
        block = (type_, variant_block(key))
        if key not in kept_apart:
            target = next(((type_, k) for k in blocks[block] if is_variant(type_, key, k)), target)
        if target == (type_, key) and key not in kept_apart:
            blocks[block].append(key)
        targets[(type_, key)] = target
    return targets


def variant_block(key: str) -> tuple[str, ...]:
    return tuple(word[:VARIANT_PREFIX] for word in key.split("-"))


def is_variant(type_: str, key: str, other: str) -> bool:
    """Two names of an institution or place that differ only in spelling: as many words,
    each the same or a near-spelling that starts the same way ('Terrorism'/'Terrorist',
    'Centre'/'Center'), at least one word shared. 'Northern' and 'Southern' are different
    words. People, rulings and sums never count as variants."""
    if type_ in {"Person", "Ruling", "MonetaryAmount"} or key == other:
        return False
    words, other_words = key.split("-"), other.split("-")
    if len(words) != len(other_words) or len(words) < 2 or not set(words) & set(other_words):
        return False
    return all(a == b or (a[:VARIANT_PREFIX] == b[:VARIANT_PREFIX] and len(a) > VARIANT_PREFIX
                          and SequenceMatcher(None, a, b).ratio() >= VARIANT_SIMILARITY)
               for a, b in zip(words, other_words))


def adopt_stored(resolution: Resolution, stored: set[str]) -> Resolution:
    """Give the entities of newly added articles the ids of stored entities they are
    spelling variants of, so that resolution across articles holds after `kg add`."""
    blocks: dict[tuple, list[str]] = defaultdict(list)
    for other in sorted(stored):
        type_key, key = other.split("/", 1)
        blocks[(type_key, variant_block(key))].append(other)
    remap = {}
    for entity in resolution.entities:
        if entity.id in stored:
            continue
        type_key, key = entity.id.split("/", 1)
        remap[entity.id] = next((other for other in blocks[(type_key, variant_block(key))]
                                 if is_variant(entity.type, key, other.split("/", 1)[1])), entity.id)
    entities = tuple(replace(e, id=remap.get(e.id, e.id)) for e in resolution.entities)
    ids = {cluster: remap.get(id_, id_) for cluster, id_ in resolution.entity_ids.items()}
    return replace(resolution, entities=entities, entity_ids=ids)


def cluster_key(mentions: Sequence[Mention]) -> tuple[str, str]:
    """Type plus key: a sum of money is identified by its value, anything else by its name."""
    type_, name = canonical(mentions)
    money = mentions[0].money
    if money is not None:
        return type_, slug(f"{money.currency} {money.value:f}".rstrip("0").rstrip("."))
    if type_ == "Ruling":
        first = min(mentions, key=lambda m: (m.doc_id, m.start))
        return type_, f"{slug(name)}-{hashlib.sha256(f'{first.doc_id}:{first.start}'.encode()).hexdigest()[:8]}"
    return type_, slug(normalise_name(name))


def document_clusters(mentions: Sequence[Mention], aliases: Sequence[tuple[Mention, Mention]] = (),
                      split: frozenset[str] = frozenset()) -> list[list[Mention]]:
    """Mentions of one article grouped by name, short names joined to full ones, and
    names the text pairs joined."""
    by_name: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_name[mention_key(mention)].append(mention)
    parent = {name: name for name in by_name}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    types = {name: canonical(ms)[0] for name, ms in by_name.items()}
    names = sorted((n for n in by_name if types[n] not in {"Ruling", "MonetaryAmount"}),
                   key=lambda n: (-len(n.split()), n))
    for short in names:
        if short in split:
            continue
        longer = {root(full) for full in names
                  if types[full] == types[short] and len(full.split()) > len(short.split())
                  and contains_name(full.split(), short.split())}
        if len(longer) == 1:
            parent[root(short)] = longer.pop()
    for short, full in abbreviations(by_name, types, split):
        parent[root(short)] = root(full)
    for first, second in aliases:
        a, b = root(mention_key(first)), root(mention_key(second))
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[Mention]] = defaultdict(list)
    for name, group in by_name.items():
        groups[root(name)].extend(group)
    return [sorted(g, key=lambda m: m.start) for _, g in sorted(groups.items())]


def abbreviations(by_name: dict[str, list[Mention]], types: dict[str, str],
                  split: frozenset[str]) -> list[tuple[str, str]]:
    """(short, full) for the short forms an article uses without pairing them: an acronym
    of the one institution whose capitalised words (or their last ones) it spells ('GMF',
    'ETC' for 'U.S. Export and Trade Commission'), and a company's first word
    ('Acme' for 'Acme Tire & Rubber Company') where one company starts with it."""
    institutions = [n for n in by_name if types[n] not in NOT_ABBREVIATED and len(n.split()) > 1]
    pairs = []
    for short, mentions in sorted(by_name.items()):
        text = mentions[0].text
        if short in split or types[short] in NOT_ABBREVIATED or len(short.split()) != 1:
            continue
        if text.isupper() and 2 <= len(text) <= 6:
            candidates = [n for n in institutions if spells(text, by_name[n][0].text)]
        elif types[short] == "Company":
            candidates = [n for n in institutions if types[n] == "Company" and n.split()[0] == short]
        else:
            continue
        if len(candidates) == 1:
            pairs.append((short, candidates[0]))
    return pairs


def spells(acronym: str, name: str) -> bool:
    """'GMF' spells 'Global Monetary Fund'; 'ETC' the last words of 'U.S. Export
    and Trade Commission'."""
    initials = "".join(word[0] for word in name.split() if word[0].isupper())
    return len(initials) > 1 and initials.endswith(acronym) and len(initials) - len(acronym) <= 1


def mention_key(mention: Mention) -> str:
    if mention.money is not None:
        return f"{mention.money.currency} {mention.money.value}"
    if mention.type == "Ruling":
        return f"{mention.name}@{mention.start}"
    return normalise_name(mention.name or mention.text)


def contains_name(full: list[str], short: list[str]) -> bool:
    """True when `short` is `full` with words left out, keeping the last word (the surname)."""
    if short[-1] != full[-1]:
        return False
    words = iter(full)
    return all(any(word == candidate for candidate in words) for word in short)


def canonical(mentions: Sequence[Mention]) -> tuple[str, str]:
    """The type and name of a group of mentions (see `Summary.canonical`), type ties going
    to the earlier in the list."""
    return Summary.of(mentions).canonical()


def unique_facts(facts) -> tuple[Fact, ...]:
    seen: dict[tuple, Fact] = {}
    for fact in facts:
        seen.setdefault((fact.subject, fact.predicate, fact.object, fact.sentence, fact.claimed_by), fact)
    return tuple(seen.values())
