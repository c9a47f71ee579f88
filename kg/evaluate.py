"""Score a build against gold annotations (the format of seeds/gold/FORMAT.md).

An entity is found when the output has one of the same type (strict) or family (coarse)
whose name, an alias or a mention text equals a gold name after normalisation; sums of
money match on value; a ruling, which gold identifies by the sentences that state it (the
evidence of its facts), also matches an output ruling mentioned in one of those sentences or
in a sentence that contains a gold alias. A fact is found
when the output has one with the same predicate whose subject and object match (entities
as above, text objects by word overlap). Labels (`describedAs`) are not scored yet (FORMAT.md).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.pipeline import build
from kg.resolve import normalise_name

FAMILIES = {
    "Person": "person", "Organization": "organization", "GovernmentBody": "organization", "Court": "organization",
    "CriminalOrganization": "organization", "MediaOutlet": "organization", "Company": "organization",
    "Place": "place", "Prison": "place", "Ruling": "ruling", "MonetaryAmount": "money",
}
TEXT_OVERLAP = 0.5
UNSCORED = {"describedAs"}
WORD = re.compile(r"\w+")


@dataclass
class Counts:
    """Found and total on each side: precision = found_out / out, recall = found_gold / gold."""

    found_out: int = 0
    out: int = 0
    found_gold: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.found_out += other.found_out
        self.out += other.out
        self.found_gold += other.found_gold
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.found_out / self.out if self.out else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    entities_strict: Counts = field(default_factory=Counts)
    entities_coarse: Counts = field(default_factory=Counts)
    facts: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_predicate: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    misses: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Item:
    """An entity on either side, reduced to what matching needs."""

    type: str
    names: frozenset[str]
    sentences: tuple[str, ...] = ()
    value: float | None = None


def norm(text: str) -> str:
    return normalise_name(text.replace("’", "'"))


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def text_match(a: str, b: str) -> bool:
    """Word-overlap F1 of two short texts at least TEXT_OVERLAP."""
    wa, wb = words(a), words(b)
    common = sum(min(wa.count(w), wb.count(w)) for w in set(wa))
    if not common:
        return False
    p, r = common / len(wa), common / len(wb)
    return 2 * p * r / (p + r) >= TEXT_OVERLAP


def same(out: Item, gold: Item) -> bool:
    if gold.value is not None or out.value is not None:
        return out.value is not None and gold.value is not None and abs(out.value - gold.value) < 0.005
    if out.names & gold.names:
        return True
    if gold.type != "Ruling":
        return False
    stated = [norm(s) for s in out.sentences]
    return any(g in s for g in gold.names for s in stated) or any(
        g in s or s in g for g in gold.sentences for s in stated)


def gold_items(gold: dict) -> dict[str, Item]:
    """Gold entities by name; a ruling carries the evidence sentences of its facts."""
    stated: dict[str, set[str]] = defaultdict(set)
    for fact in gold["facts"]:
        for end in (fact["s"], fact["o"]):
            stated[end].add(norm(fact["evidence"]))
    return {e["name"]: Item(e["type"], frozenset(norm(n) for n in [e["name"], *e.get("aliases", [])]),
                            tuple(sorted(stated[e["name"]])) if e["type"] == "Ruling" else (),
                            value=e.get("amount")) for e in gold["entities"]}


def output_items(entities: list[dict], doc: str) -> dict[str, list[Item]]:
    """Output entities that occur in `doc`, by name (a name may belong to several types)."""
    items: dict[str, list[Item]] = defaultdict(list)
    for entity in entities:
        mentions = [m for m in entity["mentions"] if m["doc"] == doc]
        if not mentions:
            continue
        names = {norm(entity["name"])} | {norm(a) for a in entity["aliases"]} | {norm(m["text"]) for m in mentions}
        items[entity["name"]].append(Item(entity["type"], frozenset(names), tuple(m["sentence"] for m in mentions),
                                          entity.get("value")))
    return items


def end_match(out_name: str, out_items: dict[str, list[Item]], gold_name: str, gold: dict[str, Item]) -> bool:
    """A fact's subject or object: entities as entities, anything else as text."""
    if gold_name in gold and out_name in out_items:
        return any(same(o, gold[gold_name]) for o in out_items[out_name])
    return text_match(out_name, gold_name)


def typed(a: Item, b: Item, strict: bool) -> bool:
    """Same type (strict), or same family: person, organisation, place, ruling, money (coarse)."""
    return a.type == b.type if strict else FAMILIES.get(a.type) == FAMILIES.get(b.type)


def score_document(gold: dict, entities: list[dict], facts: list[dict], score: Score) -> None:
    doc = gold["doc"]
    golds = gold_items(gold)
    outs = output_items(entities, doc)
    flat_outs = [o for items in outs.values() for o in items]
    for counts, strict in ((score.entities_strict, True), (score.entities_coarse, False)):
        found_gold = [g for g in golds.values() if any(typed(o, g, strict) and same(o, g) for o in flat_outs)]
        found_out = [o for o in flat_outs if any(typed(o, g, strict) and same(o, g) for g in golds.values())]
        counts.add(Counts(len(found_out), len(flat_outs), len(found_gold), len(golds)))
        if strict:
            for g in golds.values():
                score.by_type[g.type].add(Counts(gold=1, found_gold=int(g in found_gold)))
            for o in flat_outs:
                score.by_type[o.type].add(Counts(out=1, found_out=int(o in found_out)))
            score.misses.extend(f"{doc}: missed {g.type} {gold_name}" for gold_name, g in golds.items()
                                if g not in found_gold)
    doc_facts = [f for f in facts if f["doc"] == doc and f["p"] not in UNSCORED]

    def fact_match(out: dict, want: dict) -> bool:
        return (out["p"] == want["p"] and end_match(out["s"], outs, want["s"], golds)
                and end_match(out["o"], outs, want["o"], golds))

    for want in (f for f in gold["facts"] if f["p"] not in UNSCORED):
        found = any(fact_match(out, want) for out in doc_facts)
        score.by_predicate[want["p"]].add(Counts(gold=1, found_gold=int(found)))
        score.facts.add(Counts(gold=1, found_gold=int(found)))
        if not found:
            score.misses.append(f"{doc}: missed fact {want['s']} {want['p']} {want['o']}")
    for out in doc_facts:
        found = any(fact_match(out, want) for want in gold["facts"] if want["p"] not in UNSCORED)
        score.by_predicate[out["p"]].add(Counts(out=1, found_out=int(found)))
        score.facts.add(Counts(out=1, found_out=int(found)))
        if not found:
            score.misses.append(f"{doc}: extra fact {out['s']} {out['p']} {out['o']}")


def read_gold(gold_dir: Path) -> list[dict]:
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise InputError("E501", "no gold .json files", path=gold_dir, hint="see seeds/gold/FORMAT.md")
    golds = []
    for path in files:
        try:
            golds.append(json.loads(path.read_text("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError("E502", f"gold file is not valid JSON: {exc}", path=path,
                             hint="fix it against seeds/gold/FORMAT.md") from exc
    return golds


def evaluate(gold_dir: Path | str, articles_dir: Path | str, model: str | None = None) -> Score:
    """Build the articles gold covers and score the result."""
    golds = read_gold(Path(gold_dir))
    paths = [Path(articles_dir) / gold["doc"] for gold in golds]
    with tempfile.TemporaryDirectory(prefix="kg-eval-") as out:
        build(paths, out, model=model, formats=("entities", "facts"))
        entities = [json.loads(line) for line in (Path(out) / "entities.jsonl").read_text("utf-8").splitlines()]
        facts = [json.loads(line) for line in (Path(out) / "facts.jsonl").read_text("utf-8").splitlines()]
    score = Score()
    for gold in golds:
        score_document(gold, entities, facts, score)
    return score
