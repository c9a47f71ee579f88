"""How a source labels a person (`describedAs`): 'X, a legal resident in Y' (apposition),
'X was an illegal immigrant' (predicate noun), 'called X a terrorist', 'described X as a
hero' (describing verbs; vocabulary in relations.json `labels`). A label said inside someone's
reported clause is that speaker's claim ('officials said X was …'), one a describing verb
gives is its doer's ('the senator called X a terrorist'); otherwise the article's.
Nouns that name a position are roles (holdsRole), not labels."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from kg.model import Fact, Mention
from kg.rules.context import AGENTS, DocContext, apposition_nouns, sentence_of
from kg.rules.relations import SUBJECT_DEPS, clean, fact, rules
from kg.rules.vocabulary import lemma_in, load_vocabulary

LABEL_ENDS = {",", ";", ":", "(", ")", "—", "–", "“", "”", '"'}


def label_facts(ctx: DocContext) -> Iterator[Fact]:
    if not ctx.doc.has_annotation("DEP"):
        return
    rule = rules()["labels"]
    seen: set[tuple[Mention, int]] = set()
    found = [(person, noun, None) for person, noun in [*appositions(ctx), *predicate_nouns(ctx)]]
    for person, noun, describer in [*described(ctx, rule), *found]:
        text = label_text(noun, rule) if (person, noun.i) not in seen else None
        if text:
            seen.add((person, noun.i))
            labelled = fact(ctx, person, "describedAs", text, noun)
            yield replace(labelled, claimed_by=describer) if describer is not None else labelled


def is_label(ctx: DocContext, noun: Token) -> bool:
    """A common noun that names no position and no entity."""
    return noun.pos_ in {"NOUN", ""} and not lemma_in(noun, load_vocabulary().roles) and ctx.mention_of(noun) is None


def appositions(ctx: DocContext) -> Iterator[tuple[Mention, Token]]:
    """'X, a legal resident': the noun in apposition, unless its phrase ends on a position or
    holds a sum ('a penalty of £5,000 on the bank's former officer, X' describes no one)."""
    roles = load_vocabulary().roles
    for person in ctx.mentions:
        if person.type != "Person":
            continue
        span = ctx.doc.char_span(person.start, person.end, alignment_mode="expand")
        for noun in apposition_nouns(span):
            phrase = [t for t in noun.subtree if not span.start <= t.i < span.end]
            if is_label(ctx, noun) and not any(
                    t.i != noun.i and lemma_in(t, roles) or t.like_num or t.is_currency for t in phrase):
                yield person, noun


def predicate_nouns(ctx: DocContext) -> Iterator[tuple[Mention, Token]]:
    """'X is/was a N': a noun with a copula whose subject is a person."""
    for noun in ctx.doc:
        if not any(c.dep_ == "cop" for c in noun.children) or not is_label(ctx, noun):
            continue
        subject = next((c for c in noun.children if c.dep_ in SUBJECT_DEPS), None)
        person = ctx.referent(subject, {"Person"}) if subject is not None else None
        if person is not None:
            yield person, noun


def described(ctx: DocContext, rule: dict) -> Iterator[tuple[Mention, Token, Mention | None]]:
    """'called X a N', 'described X as a N', 'X was branded a N' by whoever does it."""
    for frame in ctx.clauses.with_lemma(rule["verbs"]):
        if not frame.factual:
            continue
        verb = frame.verb
        whos = [frame.subject] if frame.passive else [*frame.objects, *(c for c in verb.children if c.dep_ == "xcomp")]
        who = next((t for t in whos if t is not None and ctx.referent(t, {"Person"}) is not None), None)
        if who is None:
            continue
        person = ctx.referent(who, {"Person"})
        candidates = [head for case, head in frame.obliques if case == "as"]
        candidates += [c for c in verb.children if c.dep_ in {"xcomp", "obj"} and c.i != who.i]
        candidates += [g for g in who.children if g.dep_ in {"xcomp", "acl", "appos"}]
        doer = frame.doer
        describer = ctx.referent(doer, AGENTS) or ctx.described(doer, AGENTS) if doer is not None else None
        for noun in candidates:
            if is_label(ctx, noun):
                yield person, noun, describer
                break


def label_text(noun: Token, rule: dict) -> str | None:
    """The label as written: its article and modifiers, the noun, and the phrases that say
    where or what of ('a legal resident in Maryland'), up to a comma, without a relative
    clause; None for a bare noun without an article ('a father' yes, 'father' no)."""
    doc, sentence = noun.doc, sentence_of(noun)
    lefts = [t for c in noun.lefts if c.dep_ in {"det", "amod", "compound", "nummod", "advmod"} for t in c.subtree]
    start = min([noun.i, *(t.i for t in lefts)])
    if doc[start].lower_ not in rule["articles"]:
        return None
    end = noun.i + 1
    for child in noun.rights:
        if child.dep_.startswith("nmod") or child.dep_ in {"amod", "compound"}:
            end = max(end, child.right_edge.i + 1)
    end = next((t.i for t in doc[noun.i + 1:end] if t.text in LABEL_ENDS), end)
    end = min(end, sentence.end)
    return clean("".join(t.text_with_ws for t in doc[start:end])) or None
