"""Who said what: quotations attributed to their speakers.

A quotation is attributed to the subject of the nearest speech verb outside it in the
sentences it touches ("“…,” said X", "X said: “…”", "“…,” she said"), pronouns resolved
to the person they most likely name. A quotation with no speech verb of its own that
follows another in the same paragraph continues the previous speaker. Short quoted
phrases are scare quotes, not statements.
"""

from __future__ import annotations

import re
from functools import cache

from kg.rules.context import DocContext, lemma_in, sentence_of, sentence_span, text_of
from kg.model import Fact, Mention
from kg.rules.vocabulary import read_json

QUOTATION = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"")
SPEAKER_TYPES = {"Person", "Organization", "GovernmentBody", "Court", "MediaOutlet", "Company",
                 "CriminalOrganization"}


@cache
def speech() -> dict:
    return read_json("speech.json")


def quote_facts(ctx: DocContext) -> list[Fact]:
    facts: list[Fact] = []
    previous: tuple[Mention, int] | None = None
    for match in QUOTATION.finditer(text_of(ctx.doc)):
        content = (match.group(1) or match.group(2)).strip()
        if len(content.split()) < speech()["min_words"]:
            continue
        paragraph = text_of(ctx.doc).rfind("\n", 0, match.start())
        speaker, end = attribute(ctx, match, content)
        if speaker is None and previous is not None and previous[1] == paragraph:
            speaker, end = previous[0], match.end()
        if speaker is None:
            continue
        previous = (speaker, paragraph)
        facts.append(Fact(speaker, "said", content, ctx.document.id,
                          sentence_span(ctx.doc, match.start(), max(end, match.end()))))
    return facts


def attribute(ctx: DocContext, match: re.Match, content: str) -> tuple[Mention | None, int]:
    """The speaker named by the speech verb nearest the quotation, and where that verb ends."""
    doc = ctx.doc
    span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    if span is None:
        return None, match.end()
    sentences = {s.start: s for s in (sentence_of(span[0]), sentence_of(span[-1]))}
    verbs = [t for sent in sentences.values() for t in sent
             if lemma_in(t, speech()["verbs"]) and not match.start() <= t.idx < match.end()]
    for verb in sorted(verbs, key=lambda t: min(abs(t.idx - match.start()), abs(t.idx - match.end()))):
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubj:pass", "nsubjpass"}:
                speaker = ctx.referent(child, SPEAKER_TYPES, said=content)
                if speaker is not None:
                    return speaker, verb.idx + len(verb.text)
    return None, match.end()
