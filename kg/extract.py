"""Turn a parsed article into typed mentions and the facts its sentences state.

Everything here reads spaCy annotations (entities, sentences, tags) plus vocabulary
files in `kg/data/`; no names of particular people or organisations are built in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.tokens import Doc, Span

from kg.model import Document, Extraction, Fact, Mention
from kg.quantities import parse_money

EDGE_WORDS = {"the", "a", "an"}
POSSESSIVES = {"'s", "’s", "'", "’"}
ROLE_POS = {"PROPN", "ADJ", "NOUN", ""}


@dataclass(frozen=True)
class Vocabulary:
    """The data files that drive extraction, loaded once."""

    label_types: dict[str, str]
    type_cues: tuple[tuple[tuple[str, ...], str], ...]
    titles: frozenset[tuple[str, ...]]

    @property
    def longest_title(self) -> int:
        return max(len(t) for t in self.titles)


@cache
def load_vocabulary() -> Vocabulary:
    data = files("kg") / "data"
    labels = {k: v for k, v in json.loads((data / "labels.json").read_text("utf-8")).items() if not k.startswith("_")}
    cues_by_type = {k: v for k, v in json.loads((data / "type_cues.json").read_text("utf-8")).items()
                    if not k.startswith("_")}
    cues = sorted(((tuple(cue.split()), type_) for type_, words in cues_by_type.items() for cue in words),
                  key=lambda item: (-len(item[0]), item))
    titles = frozenset(
        tuple(line.split()) for line in (data / "titles.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    return Vocabulary(labels, tuple(cues), titles)


def extract(document: Document, doc: Doc, vocabulary: Vocabulary | None = None) -> Extraction:
    """Mentions of people, institutions, places and sums of money, and role facts."""
    vocab = vocabulary or load_vocabulary()
    mentions: list[Mention] = []
    facts: list[Fact] = []
    for ent in doc.ents:
        type_ = vocab.label_types.get(ent.label_)
        span = trim(ent)
        if type_ is None or span is None:
            continue
        role, money = None, None
        if type_ == "MonetaryAmount":
            money = parse_money(span.text)
            if money is None:
                continue
        elif type_ == "Person":
            span = strip_title(span, vocab)
            if span is None:
                continue
            role = role_before(span, vocab)
        else:
            type_ = refine_type(span, type_, vocab)
        sentence = sentence_bounds(span.sent)
        mention = Mention(document.id, span.start_char, span.end_char, span.text, type_, sentence, money)
        mentions.append(mention)
        if role:
            facts.append(Fact(mention, "holdsRole", role, document.id, sentence))
    return Extraction(document, tuple(mentions), tuple(facts))


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """Character bounds of a sentence without surrounding whitespace."""
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, sent.start_char + len(text.rstrip())


def trim(span: Span) -> Span | None:
    """Drop leading articles, trailing possessives and edge punctuation from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in EDGE_WORDS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in POSSESSIVES or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def lower_words(tokens: Span | list) -> tuple[str, ...]:
    return tuple(t.lower_ for t in tokens)


def strip_title(span: Span, vocab: Vocabulary) -> Span | None:
    """'President Jane Doe' -> 'Jane Doe': a title inside a person span is a role, not a name."""
    start = span.start
    while start < span.end:
        size = title_length(span.doc, start, span.end, vocab)
        if not size:
            break
        start += size
    return span.doc[start:span.end] if start < span.end else None


def title_length(doc: Doc, start: int, limit: int, vocab: Vocabulary) -> int:
    """Length of the longest title starting at token `start` (0 if none)."""
    for size in range(min(vocab.longest_title, limit - start), 0, -1):
        if lower_words(doc[start:start + size]) in vocab.titles:
            return size
    return 0


def role_before(span: Span, vocab: Vocabulary) -> str | None:
    """The capitalised title phrase right before a name ('District Judge' in 'District
    Judge Jane Doe'), provided it ends in a known title."""
    doc, sent = span.doc, span.sent
    end = span.start
    if not any(lower_words(doc[end - size:end]) in vocab.titles
               for size in range(1, vocab.longest_title + 1) if end - size >= sent.start):
        return None
    start = end
    while start > sent.start:
        token = doc[start - 1]
        if not (token.is_title or token.is_upper) or token.pos_ not in ROLE_POS:
            break
        start -= 1
    return doc[start:end].text if start < end else None


def refine_type(span: Span, type_: str, vocab: Vocabulary) -> str:
    """A finer class from the name's own head words ('... Court') or the noun right
    before it ('the gang X'); otherwise the label's class."""
    words = lower_words(span)
    before = lower_words(span.doc[max(span.start - 3, 0):span.start])
    for cue, cue_type in vocab.type_cues:
        if words[-len(cue):] == cue or (before and before[-len(cue):] == cue):
            return cue_type
    return type_

