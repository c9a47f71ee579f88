"""Relations between mentions, read off the dependency parse with trigger words from
`data/relations.json`: detentions, deportations, arrests, residence, citizenship,
membership (kept as a claim when the text alleges it), representation, location,
meetings and court rulings (payments are in `kg.rules.payments`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import cache
from importlib.resources import files

from spacy.tokens import Token

from kg.rules.clauses import PAST, Frame, case_of, predicate_tokens
from kg.rules.context import (AGENTS, DEFINITE, ORGANISATIONS, DocContext, apposition_nouns, inside_quote,
                              sentence_of, text_of, tokens_text)
from kg.model import Fact, Mention
from kg.rules.quantities import parse_date, resolve_date
from kg.rules.vocabulary import lemma_in, load_vocabulary

PLACES = {"Place", "Prison"}
PLACE_JOINS = {f"{join}{article}" for join in (", ", " and ", ", and ", " or ", ", or ") for article in ("", "the ")}
CLAIM_WINDOW = 12
SUBJECT_DEPS = {"nsubj", "nsubj:pass", "nsubjpass"}
OBJECT_DEPS = {"obj", "dobj", "iobj"}
ARGUMENT_DEPS = {"obl", "obl:agent", "obl:tmod", "nmod", "obj", "dobj", "advmod", "compound:prt", "prep", "pobj"}
PHRASE_ENDS = {"acl", "acl:relcl", "relcl", "appos", "punct", "conj", "cc", "parataxis"}
CLAUSE_UP = {"xcomp", "acl", "conj", "acl:relcl", "relcl"}


def normalise(name: str) -> str:
    return name.lower().removeprefix("the ")


@cache
def rules() -> dict:
    data = json.loads((files("kg") / "data" / "relations.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def relation_facts(ctx: DocContext) -> list[Fact]:
    facts: list[Fact] = []
    for generate in (verb_relations, noun_relations, origins, residences, located_in, demonym_places, meetings,
                     rulings):
        facts.extend(generate(ctx))
    return facts


def fact(ctx: DocContext, subject: Mention, predicate: str, obj: Mention | str, anchor: Token, **extra) -> Fact:
    sent = sentence_of(anchor)
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return Fact(subject, predicate, obj, ctx.document.id, (start, sent.start_char + len(text.rstrip())),
                claimed_by=claimant(ctx, anchor), **extra)


def claimant(ctx: DocContext, anchor: Token) -> Mention | str | None:
    """Who alleges what `anchor` states: the subject of an 'allege'-type verb above it (or
    shortly before it, however the parser attached it), or the outlet (the article) when the
    sentence says 'allegedly' or the accuser is unnamed."""
    claims = rules()["claims"]
    reported = ctx.document.outlet or ctx.document.name
    for token in sentence_of(anchor):
        if token.lower_ in claims["adverbs"] and abs(token.i - anchor.i) <= 6:
            return reported
    frame = ctx.clauses.of(anchor)
    reporting = frame.reporter if frame is not None else ctx.clauses.reporter(anchor)
    reporter = ctx.clauses.of(reporting) if reporting is not None else None
    if reporter is not None and reporter.subject is not None:
        speaker = ctx.referent(reporter.subject, AGENTS) or ctx.described(reporter.subject, AGENTS)
        if speaker is not None:
            return speaker
    before = [t for t in sentence_of(anchor) if anchor.i - CLAIM_WINDOW <= t.i < anchor.i]
    for claim in [*anchor.ancestors, *reversed(before)]:
        if lemma_in(claim, claims["verbs"]):
            subjects = [c for c in claim.children if c.dep_ in SUBJECT_DEPS]
            named = [m for m in (ctx.referent(s, AGENTS) for s in subjects) if m is not None]
            return named[0] if named else reported
    return None


def subject_of(ctx: DocContext, token: Token, types: set[str]) -> Mention | None:
    """The subject of `token`'s clause, climbing through infinitives, participles, clauses on
    an object and coordinated verbs ('struck a deal to pay' -> the subject of 'struck'), but
    not out of adverbial or complement clauses, which have subjects of their own."""
    node = token
    for _ in range(5):
        for child in node.children:
            if child.dep_ in SUBJECT_DEPS:
                return ctx.referent(child, types)
        if node.dep_ not in CLAUSE_UP or node.head.i == node.i:
            return None
        if node.dep_ == "acl:relcl":
            return ctx.referent(node.head, types)
        if node.dep_ == "acl" and node.head.dep_ in OBJECT_DEPS:
            node = node.head
        node = node.head
    return None


def argument(ctx: DocContext, head: Token, cases: list[str], types: set[str]) -> tuple[Mention, Token] | None:
    """A mention in an argument of `head` introduced by one of `cases` ('' for none): the
    argument's own head when it names something (of the wanted type or not), else the first
    fitting mention inside it."""
    for child in head.children:
        if child.dep_ not in ARGUMENT_DEPS and child.dep_ not in OBJECT_DEPS:
            continue
        marks = {t.lower_ for t in child.subtree if t.dep_ in {"case", "mark"} and t.i < child.i}
        if child.dep_ == "prep":
            marks.add(child.lower_)
        if (marks & set(cases)) or ("" in cases and not marks and child.dep_ in OBJECT_DEPS):
            own = ctx.referent(child)
            if own is not None:
                if own.type in types:
                    return own, child
                continue
            for token in child.subtree:
                mention = ctx.referent(token, types)
                if mention is not None:
                    return mention, child
    return None


def verb_relations(ctx: DocContext) -> Iterator[Fact]:
    """The person a verb moves or holds is its object when it has one ('police took X to
    jail', 'plans to send migrants to Y' names no one), else its subject ('X was taken to
    jail', 'X lives in Y')."""
    for rule in rules()["verbs"]:
        types = set(rule["objects"])
        for token in ctx.doc:
            if token.pos_ not in {"VERB", "AUX", ""} or not lemma_in(token, rule["lemmas"]):
                continue
            frame = ctx.clauses.of(token)
            if frame is not None and not frame.factual:
                continue
            if rule.get("subject_role") == "subject":
                member = subject_of(ctx, token, {"Person"})
                found = argument(ctx, token, rule["cases"], types)
                if member is not None and found is not None:
                    yield fact(ctx, member, rule["predicate"], found[0], token)
                    role = next((noun for lemma, noun in rule.get("roles", {}).items() if lemma_in(token, [lemma])),
                                None)
                    if role is not None:
                        yield fact(ctx, member, "holdsRole", f"{role} of {noun_phrase(found[1])}", token)
                continue
            if rule.get("subject_role") == "object":
                passive = any(c.dep_ in {"nsubj:pass", "nsubjpass"} for c in token.children)
                if passive:
                    agent = argument(ctx, token, ["by"], types)
                    subject = subject_of(ctx, token, AGENTS)
                    pair = (subject, agent[0]) if agent is not None else None
                else:
                    client = argument(ctx, token, [""], AGENTS)
                    agent = subject_of(ctx, token, types)
                    pair = (client[0], agent) if client is not None else None
                if pair is not None and None not in pair and pair[0] != pair[1]:
                    yield fact(ctx, pair[0], rule["predicate"], pair[1], token)
                continue
            obj = next((c for c in token.children if c.dep_ in OBJECT_DEPS), None)
            if obj is not None:
                subject = ctx.referent(obj, {"Person"})
                found = argument(ctx, token, rule["cases"], types)
                if found is None and rule.get("agent_is_subject"):
                    agent = subject_of(ctx, token, types)
                    found = (agent, token) if agent is not None else None
            else:
                subject = subject_of(ctx, token, {"Person"})
                found = argument(ctx, token, rule["cases"], types)
            if found is not None and subject is not None and found[0] != subject:
                yield fact(ctx, subject, rule["predicate"], found[0], token)


def noun_phrase(head: Token) -> str:
    """A noun phrase as written, without what follows it after a comma or in a clause ('the X
    cartel, which is accused of …' -> 'the X cartel')."""
    dropped = {t.i for c in head.children if c.i > head.i and c.dep_ in PHRASE_ENDS for t in c.subtree}
    return clean(tokens_text([t for t in head.subtree if t.i not in dropped]))


def described_person(ctx: DocContext, noun: Token) -> Mention | None:
    """The person a role noun describes: 'X is a member …' (copula, the name right before it
    however parsed, also 'X is a lawyer and a member …'), 'X, a resident …' (apposition, as
    parsed or as set off by commas),
    'declared him a member …' (object predicate), 'A member of Y, he …' (a description set
    before the subject)."""
    if noun.dep_ == "appos":
        return ctx.referent(noun.head, {"Person"})
    if noun.dep_ == "conj" and noun.head.i < noun.i and noun.head.pos_ in {"NOUN", ""}:
        return described_person(ctx, noun.head)
    copula = next((c for c in noun.children if c.dep_ == "cop" and c.i < noun.i), None)
    before = ctx.mention_of(ctx.doc[copula.i - 1]) if copula is not None and copula.i else None
    if before is not None and before.type == "Person":
        return before
    for child in noun.children:
        if child.dep_ in SUBJECT_DEPS:
            return ctx.referent(child, {"Person"})
    sentence = sentence_of(noun)
    for person in ctx.mentions:
        if person.type == "Person" and sentence.start_char <= person.start < sentence.end_char \
                and noun in apposition_nouns(ctx.doc.char_span(person.start, person.end, alignment_mode="expand")):
            return person
    if noun.dep_ in {"xcomp", "obj"}:
        for sibling in noun.head.children:
            if sibling.dep_ in OBJECT_DEPS and sibling.i != noun.i:
                return ctx.referent(sibling, {"Person"})
    if noun.dep_ in {"obl", "advcl", "dep", "nmod"} and noun.i < noun.head.i and not any(
            c.dep_ in {"case", "mark"} for c in noun.children):
        subject = next((c for c in noun.head.children if c.dep_ in SUBJECT_DEPS and c.i > noun.i), None)
        return ctx.referent(subject, {"Person"}) if subject is not None else None
    return None


def noun_relations(ctx: DocContext) -> Iterator[Fact]:
    for rule in rules()["nouns"]:
        types = set(rule["objects"])
        for token in ctx.doc:
            if token.pos_ not in {"NOUN", ""} or not lemma_in(token, rule["lemmas"]):
                continue
            found = argument(ctx, token, rule["cases"], types)
            targets = [found[0]] if found is not None else []
            if rule.get("modifiers"):
                targets += [m for c in token.lefts if c.dep_ in {"compound", "amod", "nmod:poss"}
                            for m in [ctx.referent(c, types)] if m is not None and m not in targets]
            person = described_person(ctx, token) if targets else None
            for target in targets if person is not None else ():
                if target == person:
                    continue
                if rule.get("reverse"):
                    yield fact(ctx, target, rule["predicate"], person, token)
                else:
                    yield fact(ctx, person, rule["predicate"], target, token)


def origins(ctx: DocContext) -> Iterator[Fact]:
    """'X, originally from Y' -> X citizenOf Y."""
    rule = rules()["origin"]
    doc = ctx.doc
    phrases = [phrase.split() for phrase in rule["phrases"]]
    for token in doc:
        for words in phrases:
            if token.lower_ != words[0] or token.i + len(words) >= len(doc) \
                    or [t.lower_ for t in doc[token.i:token.i + len(words)]] != words:
                continue
            place = ctx.mention_of(doc[token.i + len(words)])
            if place is None or place.type != "Place":
                continue
            person = nearest_described_person(ctx, token)
            if person is not None:
                yield fact(ctx, person, rule["predicate"], place, token)


def residences(ctx: DocContext) -> Iterator[Fact]:
    """'X, 69, of Y,' / 'X, from Y,': the place set off after a name (and an age) is where X
    lives, also where the model did not tag it."""
    rule = rules()["residence"]
    doc = ctx.doc
    for person in ctx.mentions:
        if person.type != "Person":
            continue
        span = doc.char_span(person.start, person.end, alignment_mode="expand")
        i = span.end
        while i + 1 < len(doc) and doc[i].text == "," and (
                doc[i + 1].like_num or doc[i + 1].lower_ in rule["age_words"]):
            i += 2
            while i < len(doc) and (doc[i].like_num or doc[i].lower_ in rule["age_words"]):
                i += 1
        if i + 2 >= len(doc) or doc[i].text != "," or doc[i + 1].lower_ not in rule["links"]:
            continue
        place = ctx.mention_of(doc[i + 2]) or unnamed_place(ctx, i + 2)
        if place is None or place.type != "Place":
            continue
        after = doc.char_span(place.start, place.end, alignment_mode="expand").end
        if after < len(doc) and doc[after].text in {",", "."}:
            yield fact(ctx, person, rule["predicate"], place, doc[i + 1])


def unnamed_place(ctx: DocContext, start: int) -> Mention | None:
    """The capitalised words at `start` that the model left untagged, as a place (only asked
    where the construction says a place comes: 'X, 69, of Whitehaven,')."""
    doc, end = ctx.doc, start
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title and ctx.mention_of(doc[end]) is None:
        end += 1
    if end == start:
        return None
    span = doc[start:end]
    sentence = sentence_of(doc[start])
    return ctx.add(Mention(ctx.document.id, span.start_char, span.end_char, span.text, "Place",
                           (sentence.start_char, sentence.end_char)))


def nearest_described_person(ctx: DocContext, token: Token) -> Mention | None:
    """The person a modifier phrase hangs from: up the tree to a person or an apposition."""
    for ancestor in [token, *token.ancestors][:5]:
        mention = ctx.mention_of(ancestor)
        if mention is not None and mention.type == "Person":
            return mention
        if ancestor.dep_ == "appos":
            return ctx.referent(ancestor.head, {"Person"})
    return None


def located_in(ctx: DocContext) -> Iterator[Fact]:
    """Where a place or an institution is, from how news writes it: place lists, possessives,
    prepositions, '-based' and descriptions before a name (vocabulary in relations.json
    `location`)."""
    for generate in (place_lists, possessive_places, prepositional_places, based_places, described_institutions):
        yield from generate(ctx, rules()["location"])


def place_lists(ctx: DocContext, rule: dict) -> Iterator[Fact]:
    """'Town, Region' (and 'Town, Region, Country', 'Town, Region-based') -> locatedIn; places
    listed with 'and' or 'or' ('A, B and C') are peers, not one inside the next."""
    doc, text = ctx.doc, text_of(ctx.doc)
    mentions = sorted((m for m in ctx.mentions if m.type in PLACES), key=lambda m: m.start)
    based = tuple(f"-{word}" for word in rule["based"])
    for run in place_runs(mentions, text):
        separators = {text[a.end:b.start] for a, b in zip(run, run[1:])}
        following = text[run[-1].end:run[-1].end + 1]
        if separators != {", "} or not (following in {",", ".", ";", ""} or following.isspace()
                                        or text.startswith(based, run[-1].end)):
            continue
        for first, second in zip(run, run[1:]):
            if first.type == "Place" and first.text != second.text:
                anchor = doc.char_span(first.start, first.end, alignment_mode="expand")[0]
                yield fact(ctx, first, "locatedIn", second, anchor)


def possessive_places(ctx: DocContext, rule: dict) -> Iterator[Fact]:
    """"Country's prison X", "Country's capital X" -> X locatedIn Country."""
    doc = ctx.doc
    for mention in ctx.mentions:
        if mention.type not in PLACES:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        at = span.start - 1
        if at >= 1 and doc[at].lower_ in rule["possessed"]:
            at -= 1
        if at >= 1 and doc[at].lower_ in {"'s", "’s"}:
            owner = ctx.mention_of(doc[at - 1])
            if owner is not None and owner.type == "Place" and owner != mention:
                yield fact(ctx, mention, "locatedIn", owner, span[0])


def described_institutions(ctx: DocContext, rule: dict) -> Iterator[Fact]:
    """"The U.S.' second-largest energy company X", 'American oil firm X': an institution
    noun right before the name, its lower-case modifiers, and before them a place's
    possessive, or among them a nationality word for a country the article names."""
    doc, vocab = ctx.doc, load_vocabulary().demonyms
    places = {normalise(vocab.get(m.text.lower(), m.text)): m for m in ctx.mentions if m.type == "Place"}
    for mention in ctx.mentions:
        if mention.type not in ORGANISATIONS:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        at = span.start - 1
        if at < 1 or not lemma_in(doc[at], rule["institution_nouns"]):
            continue
        floor = max(sentence_of(span[0]).start, at - 10)
        while at - 1 >= floor and (doc[at - 1].is_lower or doc[at - 1].text == "-" or doc[at - 1].lower_ in vocab):
            at -= 1
        owner = ctx.mention_of(doc[at - 2]) if at >= 2 and doc[at - 1].lower_ in {"'s", "’s", "'", "’"} else None
        named = [places.get(normalise(vocab[t.lower_])) for t in doc[at:span.start] if t.lower_ in vocab]
        place = owner if owner is not None and owner.type == "Place" else next((p for p in named if p), None)
        if place is not None:
            yield fact(ctx, mention, "locatedIn", place, span[0])


def prepositional_places(ctx: DocContext, rule: dict) -> Iterator[Fact]:
    """'the X Court in Y', 'X Airport on Y', 'a X Bank branch in Y', 'X town in Y' -> the name
    locatedIn Y, read off the words as written (parsers attach such phrases to the verb as
    often as to the name); a court named by its seat ('a court in Y') is in the last place
    its name holds. A country is not placed this way ('talks with X in Y')."""
    doc = ctx.doc
    countries = load_vocabulary().countries
    for mention in ctx.mentions:
        if mention.type not in PLACES | ORGANISATIONS or normalise(mention.text) in countries:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        inner = [m for m in dict.fromkeys(ctx.mention_of(t) for t in span) if m is not None and m.type == "Place"
                 and m != mention] if mention.type == "Court" else []
        if inner:
            yield fact(ctx, mention, "locatedIn", max(inner, key=lambda m: m.start), span[0])
            continue
        at = span.end
        while at < len(doc) - 1 and doc[at].lower_ in rule["hosts"] and at < span.end + 2:
            at += 1
        if at >= len(doc) - 1 or doc[at].lower_ not in rule["cases"]:
            continue
        at += 1 + (doc[at + 1].lower_ == "the")
        place = ctx.mention_of(doc[at]) if at < len(doc) else None
        if place is not None and place.type == "Place" and place != mention:
            yield fact(ctx, mention, "locatedIn", place, span[0])


def based_places(ctx: DocContext, rule: dict) -> Iterator[Fact]:
    """'Y-based X', 'the Y-based company', 'X, based in Y' -> X locatedIn Y."""
    doc = ctx.doc
    for token in doc:
        if token.lower_ not in rule["based"]:
            continue
        if token.i >= 2 and doc[token.i - 1].text in {"-", "–"}:
            place = first_of_run(ctx, ctx.mention_of(doc[token.i - 2]))
        else:
            found = argument(ctx, token, ["in"], {"Place"})
            place = found[0] if found is not None else None
        if place is None or place.type != "Place":
            continue
        host = token.head if token.head.i != token.i else None
        if host is not None and host.dep_ == "appos" and ctx.referent(host) is None:
            host = host.head
        owner = host is not None and (ctx.referent(host, ORGANISATIONS) or ctx.described(host, ORGANISATIONS))
        if not owner:
            owner = described_after(ctx, token, place)
        if owner:
            yield fact(ctx, owner, "locatedIn", place, token)


def first_of_run(ctx: DocContext, place: Mention | None) -> Mention | None:
    """The first place of a run written 'Town, Region' ('Akron, Ohio-based': Akron)."""
    doc = ctx.doc
    while place is not None:
        start = doc.char_span(place.start, place.end, alignment_mode="expand").start
        before = ctx.mention_of(doc[start - 2]) if start >= 2 and doc[start - 1].text == "," else None
        if before is None or before.type != "Place":
            return place
        place = before
    return place


def described_after(ctx: DocContext, based: Token, place: Mention) -> Mention | None:
    """'the Akron, Ohio-based tire company' however parsed: the institution the noun that
    ends the phrase describes, when 'the' opens it."""
    doc = ctx.doc
    noun = next((t for t in doc[based.i + 1:min(based.i + 5, len(doc))]
                 if t.pos_ == "NOUN" and not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "NOUN")), None)
    start = doc.char_span(place.start, place.end, alignment_mode="expand").start
    if noun is None or not start or doc[start - 1].lower_ != "the":
        return None
    return ctx.described(noun, ORGANISATIONS, definite=True)


def place_runs(mentions: list[Mention], text: str) -> Iterator[list[Mention]]:
    """Place mentions joined only by commas or a list's 'and'/'or' ('Kanata, Ontario';
    'A, B and C')."""
    run: list[Mention] = []
    for mention in mentions:
        if run and text[run[-1].end:mention.start] not in PLACE_JOINS:
            yield run
            run = []
        run.append(mention)
    if run:
        yield run


def demonym_places(ctx: DocContext) -> Iterator[Fact]:
    """'a Ruritanian prison known as X' -> X locatedIn Ruritania, when the article names
    Ruritania."""
    doc = ctx.doc
    vocab = load_vocabulary().demonyms
    named = {normalise(m.text): m for m in ctx.mentions if m.type == "Place"}
    for mention in ctx.mentions:
        if mention.type not in PLACES:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        before = doc[max(span.start - 8, sentence_of(span[0]).start):span.start]
        if not any(t.lower_ in {"known", "called", "named"} for t in before):
            continue
        for token in before:
            country = vocab.get(token.lower_) or vocab.get(tokens_text(doc[token.i:token.i + 2]).lower())
            target = named.get(normalise(country)) if country else None
            if target is not None and target != mention:
                yield fact(ctx, mention, "locatedIn", target, span[0])
                break


def meetings(ctx: DocContext) -> Iterator[Fact]:
    """'X … in a meeting with Y', 'X met Y' -> X metWith Y (not 'X requested a meeting with Y')."""
    rule = rules()["meeting"]
    for token in ctx.doc:
        if lemma_in(token, rule["nouns"]) and token.pos_ in {"NOUN", ""}:
            if lemma_in(token.head, rule["blocked_by"]):
                continue
            other = argument(ctx, token, ["with"], {"Person"})
            subject = subject_of(ctx, token.head, {"Person"}) if token.dep_ in ARGUMENT_DEPS | OBJECT_DEPS else None
        elif lemma_in(token, rule["verbs"]) and token.pos_ in {"VERB", ""} and getattr(
                ctx.clauses.of(token), "factual", True):
            other = argument(ctx, token, ["with", ""], {"Person"})
            subject = subject_of(ctx, token, {"Person"})
        else:
            continue
        if other is not None and subject is not None and other[0] != subject:
            yield fact(ctx, subject, "metWith", other[0], token)


def court_of(ctx: DocContext, token: Token) -> Mention | None:
    """The court or judge that issues a ruling: the verb's subject, or a court mention
    modifying the ruling noun."""
    candidates = [c for c in token.children if c.dep_ in SUBJECT_DEPS | {"compound", "nmod", "nmod:poss", "amod"}]
    for child in candidates:
        for sub in child.subtree:
            mention = ctx.mention_of(sub)
            if mention is not None and (mention.type == "Court" or (mention.type == "Person" and judge(ctx, mention))):
                return mention
    return None


def judge(ctx: DocContext, person: Mention) -> bool:
    """A person titled by a court word right before the name ('District Judge X', 'justices
    X'; not 'the court sentenced X'), or holding a role with one ('X, judge of the High Court')."""
    words = rules()["rulings"]["court_words"]
    before = text_of(ctx.doc)[max(person.start - 30, 0):person.start].lower().split()[-1:]
    titled = any(word.rstrip("s") in words for word in before)
    return titled or any(word in role.lower().split() for role in ctx.roles.get(person, ()) for word in words)


def rulings(ctx: DocContext) -> Iterator[Fact]:
    """A ruling (an event the text names only by describing it), with who issued it, whom
    it concerns and what it orders. From a ruling noun a court word modifies ('the court's
    order'), or from a decision verb read as a frame: one a court or judge performs ('the
    court quashed …', 'quashed by the Court of Appeal'), one a regulator performs ('the
    regulator fined X'), one a court the article does not name performs ('the court ordered
    …'), or one that is a court's by its meaning alone ('X was jailed for six years', 'X was
    ordered to pay'). Coordinated decisions ('fined X and banned it from …', 'fined X, barred it
    from … and imposed …') are one ruling with an order each (without who made it: 'by the
    court'), issued by every court and judge its doer names; a negated, possible, planned or
    future decision is none."""
    rule = rules()["rulings"]
    made: dict[int, tuple[Mention, list[Mention]]] = {}
    verdicts: list[tuple[Mention, Mention | None, set[str]]] = []
    covered: set[int] = set()
    for frame in ctx.clauses.with_lemma(set(rule["verbs"]) | set(rule["self_evident"]) | set(rule["regulator_verbs"])):
        token = frame.verb
        if frame.modality is not None or frame.negated or inside_quote(ctx.doc, token.idx):
            continue
        if lemma_in(token, rule["verdict_verbs"]) and not any(lemma_in(c, rule["verdicts"]) for c in token.subtree):
            continue
        if lemma_in(token, rule["complement_verbs"]) and frame.complement is None and not any(
                c.dep_ == "xcomp" for c in token.children) and not any(
                t.lower_ == "that" for t in ctx.doc[token.i + 1:min(token.i + 6, sentence_of(token).end)]):
            continue
        previous = joined_decision(token, made)
        issuers = previous[1] if previous else issuers_of(ctx, frame, rule) or court_sitting(ctx, token)
        if not issuers and previous is None and not courts_by_meaning(frame, rule):
            continue
        court = issuers[0] if issuers else None
        ruling = previous[0] if previous else ruling_mention(ctx, token, court)
        made[token.i] = (ruling, issuers)
        for issuer in issuers if previous is None else ():
            yield fact(ctx, issuer, "issuedRuling", ruling, token)
        parties = concerned_by(ctx, frame, court)
        for party in parties:
            yield fact(ctx, ruling, "rulingConcerns", party, token)
        if previous is None and lemma_in(token, set(rule["sentencing_verbs"]) | set(rule["verdict_verbs"])):
            same_verdict(ctx, verdicts, ruling, court, parties)
        earlier = earlier_ruling(ctx, frame)
        if earlier is not None:
            yield fact(ctx, ruling, "rulingConcerns", earlier, token)
            for party in parties_of(ctx, frame.undergoer, frame.sufferer):
                yield fact(ctx, earlier, "rulingConcerns", party, token)
        orders = ordered_texts(token) if lemma_in(token, rule["ordering_verbs"]) else []
        for clause, order in orders:
            yield fact(ctx, ruling, "ordered", order, token, amount=ctx.mention_in(clause.subtree, {"MonetaryAmount"}))
        if orders:
            continue
        if token.i in covered:
            continue
        agent = {t.i for t in frame.agent.subtree} if frame.agent is not None else set()
        tokens = [t for t in predicate_tokens(token, coordinated=True) if t.i not in agent]
        if not says_more(tokens):
            tokens = decided_thing(ctx, frame) + tokens
        covered.update(t.i for t in tokens)
        for part in each_order(tokens):
            amount = ctx.mention_in(part, {"MonetaryAmount"})
            yield fact(ctx, ruling, "ordered", clean("".join(t.text_with_ws for t in part)), token, amount=amount)
    for token in ctx.doc:
        if not (lemma_in(token, rule["nouns"]) and token.dep_ not in {"ROOT", "aux"} and any(
                lemma_in(w, rule["court_words"]) for w in token.children if w.i < token.i)):
            continue
        court = court_of(ctx, token)
        ruling = ruling_mention(ctx, token, court)
        if court is not None:
            yield fact(ctx, court, "issuedRuling", ruling, token)
        concerned = {m for t in token.doc[token.i + 1:sentence_of(token).end] if not inside_quote(ctx.doc, t.idx)
                     for m in [ctx.referent(t, {"Person"})] if m is not None and m != court}
        for person in sorted(concerned, key=lambda m: m.start):
            yield fact(ctx, ruling, "rulingConcerns", person, token)


def courts_by_meaning(frame: Frame, rule: dict) -> bool:
    """Whether a decision no named court or judge makes is a court's all the same: by its verb
    ('X was jailed'), in the passive with no agent ('X was ordered to pay', 'the case against X
    was dismissed'), or with a court word as its doer ('the court ordered …')."""
    verb, undergoer, doer = frame.verb, frame.undergoer, frame.doer
    unmade = frame.passive and frame.agent is None and (
        lemma_in(verb, rule["passive_evident"]) or undergoer is not None and lemma_in(undergoer, rule["case_nouns"]))
    return lemma_in(verb, rule["self_evident"]) or unmade or doer is not None and lemma_in(doer, rule["court_words"])


def same_verdict(ctx: DocContext, verdicts: list[tuple[Mention, Mention | None, set[str]]], ruling: Mention,
                 court: Mention | None, parties: list[Mention]) -> None:
    """One trial's verdict told again later in the article ('X was jailed for ten years … The
    court found X guilty of …') is the same ruling: a conviction, sentence or finding that
    concerns a person an earlier one concerns, by the same court or an unnamed one and on no
    other date, is a mention of it."""
    people = {normalise(m.text).split()[-1] for m in parties if m.type == "Person"}
    name = normalise(court.text) if court is not None else None
    for earlier, earlier_court, earlier_people in reversed(verdicts):
        courts = {name, normalise(earlier_court.text) if earlier_court is not None else None}
        if people & earlier_people and (None in courts or len(courts) == 1) and (
                earlier.date is None or ruling.date is None or earlier.date == ruling.date):
            ctx.same.append((earlier, ruling))
            break
    verdicts.append((ruling, court, people))


def joined_decision(token: Token, made: dict[int, tuple]) -> tuple | None:
    """The ruling of an earlier decision this verb is part of: one it is coordinated with, an
    adverbial clause of, the complement of, or a bare participle set after ('sentenced X after
    finding him guilty', 'ordered X to pay a fine and disqualified him', 'sentenced to nine
    months, suspended for two years')."""
    node = token
    for _ in range(3):
        bare = node.dep_ == "parataxis" and not any(c.dep_ in SUBJECT_DEPS for c in node.children)
        if node.dep_ not in {"conj", "advcl", "xcomp"} and not bare or node.head.i == node.i:
            return None
        node = node.head
        if node.i in made:
            return made[node.i]
    return None


def issuers_of(ctx: DocContext, frame: Frame, rule: dict) -> list[Mention]:
    """The courts and judges that make a decision: its doer, and the courts and judges named
    inside the doer's phrase ('a bench of the High Court comprising Justice X and Justice Y'
    is all three); or a regulator, for the decisions regulators make."""
    doer = frame.doer
    if doer is None:
        return []
    found: list[Mention] = []
    for token in doer.subtree:
        mention = ctx.referent(token, AGENTS) or (ctx.described(token, AGENTS) if token.i == doer.i else None)
        if mention is None or mention in found:
            continue
        if mention.type == "Court" or (mention.type == "Person" and judge(ctx, mention)):
            found.append(mention)
        elif mention.type == "GovernmentBody" and lemma_in(frame.verb, rule["regulator_verbs"]) and not found:
            return [mention]
    return found


def court_sitting(ctx: DocContext, verb: Token) -> list[Mention]:
    """The court a decision was made at or before, where the clause names no doer ('was
    sentenced to nine months, suspended for two years, at the Eastfield Crown Court')."""
    courts = dict.fromkeys(m for t in verb.subtree for m in [ctx.mention_of(t)] if m is not None and m.type == "Court")
    for court in courts:
        first = ctx.doc.char_span(court.start, court.end, alignment_mode="expand").start
        if first > 0 and ctx.doc[first - 1 - (ctx.doc[first - 1].lower_ == "the")].lower_ in {"at", "before"}:
            return [court]
    return []


def concerned_by(ctx: DocContext, frame: Frame, court: Mention | None) -> list[Mention]:
    """Whom a decision is about: its undergoer and the parties of its 'to'/'on'/'against'
    phrases ('granted bail to X', 'imposed a penalty on X'), each with those listed with it,
    and whom a case it decides is against ('the case against X was dismissed');
    the people, and the institution a penalty falls on ('fined the bank'), but for an order
    only its people, so 'ordered the government to release X' concerns X; failing those, the
    people its clause names, but not its judges, and failing those, the parties of the case."""
    undergoers = [frame.subject] if frame.passive else list(frame.objects) or object_misread(ctx, frame.verb)
    heads = [*undergoers, *(head for case, head in frame.obliques if case in {"to", "on", "against", "upon"})]
    found: list[Mention] = [party for head in undergoers if head is not None
                            and lemma_in(head, rules()["rulings"]["case_nouns"]) for party in parties_of(ctx, head)]
    for head in heads:
        if head is None:
            continue
        for token in [head, *(c for c in head.subtree if c.dep_ in {"conj", "appos"} or c.head.i == head.i)]:
            mention = ctx.referent(token, AGENTS - {"Court"}) or ctx.introduced(token)
            if mention is not None and mention != court and mention not in found:
                found.append(mention)
    if not any(m.type == "Person" for m in found):
        found += sorted({m for t in frame.verb.subtree if t.i != frame.verb.i and not inside_quote(ctx.doc, t.idx)
                         for m in [ctx.referent(t, {"Person"})] if m is not None and m != court and not judge(ctx, m)},
                        key=lambda m: m.start)
    people = [m for m in found if m.type == "Person"]
    if lemma_in(frame.verb, rules()["rulings"]["ordering_verbs"]):
        return people or found
    punished = [m for m in found if m.type != "Person"
                and any(m == ctx.referent(u, AGENTS) for u in undergoers if u is not None)]
    return ([*people, *punished] if people else found) or case_parties(ctx, frame.verb)


def earlier_ruling(ctx: DocContext, frame: Frame) -> Mention | None:
    """The ruling a decision is done to ('quashed his conviction', 'set aside the order'):
    with 'the' or a possessive, the latest earlier ruling made by one of the noun's verbs or
    named by the noun (the noun is a mention of it too); else the noun itself, as a ruling of
    its own."""
    thing = frame.undergoer
    rule = rules()["rulings"]
    verbs = rule["earlier_rulings"].get(thing.lemma_.lower()) if thing is not None else None
    own = ctx.mention_of(thing) if thing is not None else None
    if verbs is None or not lemma_in(frame.verb, rule["reviewing_verbs"]) or thing.pos_ != "NOUN" or \
            own is not None and own.type != "Ruling":
        return None
    if any(c.lower_ in DEFINITE or c.dep_ == "nmod:poss" for c in thing.children if c.i < thing.i):
        trigger = {thing.lemma_.lower(), *verbs}
        before = [m for m in ctx.mentions if m.type == "Ruling" and m.end <= thing.idx
                  and lemma_in(ctx.doc.char_span(m.start, m.end, alignment_mode="expand")[0], trigger)]
        if before:
            latest = max(before, key=lambda m: m.start)
            again = ctx.add(replace(latest, start=thing.idx, end=thing.idx + len(thing.text), text=thing.text,
                                    sentence=(sentence_of(thing).start_char, sentence_of(thing).end_char)))
            ctx.same.append((latest, again))
            return again
    court = court_of(ctx, thing)
    inside = court is not None and any(court == ctx.mention_of(t) for t in frame.verb.subtree)
    return ruling_mention(ctx, thing, None if inside else court)


def parties_of(ctx: DocContext, thing: Token, sufferer: Token | None = None) -> list[Mention]:
    """Whom a ruling or a case is about: its possessor, its 'of', 'against' or 'on' party and
    whom it involves, each with those listed with it ('his conviction', 'the ban on Acme', 'the
    case involving X and Y'), or whose it was said to be ('X had his conviction quashed')."""
    heads = [c for c in thing.children if c.dep_ == "nmod:poss" or c.dep_ == "nmod" and case_of(c) in {
        "of", "against", "on"} and c.ent_type_ not in {"DATE", "TIME"}]
    heads += [o for c in thing.children if c.dep_ == "acl" and c.lemma_ == "involve" for o in c.children
              if o.dep_ in OBJECT_DEPS]
    listed = [t for head in heads for t in [head, *(c for c in head.subtree if c.dep_ == "conj")]]
    found = [m for m in (ctx.referent(t, AGENTS - {"Court"}) for t in [*listed, sufferer] if t is not None)
             if m is not None]
    return list(dict.fromkeys(found))


def case_parties(ctx: DocContext, token: Token) -> list[Mention]:
    """The parties of the latest case the article names by them up to `token` ('the case
    involving X and Y', 'the trial of X'): whom a decision that names none is about ('an
    adjournment was granted')."""
    nouns = rules()["rulings"]["case_nouns"]
    for noun in reversed(ctx.doc[:token.i]):
        if noun.pos_ == "NOUN" and lemma_in(noun, nouns):
            parties = parties_of(ctx, noun)
            if parties:
                return parties
    return []


def object_misread(ctx: DocContext, verb: Token) -> list[Token]:
    """The name right after an active verb the parser gave no object ('fined Acme Bank £3m,
    barred it …' read with 'Acme Bank' as the subject of 'barred')."""
    after = ctx.doc[verb.i + 1] if verb.i + 1 < len(ctx.doc) else None
    return [after] if after is not None and ctx.mention_of(after) is not None else []


def decided_thing(ctx: DocContext, frame: Frame) -> list[Token]:
    """What a bare decision verb was done to, when that is a thing and not a party ('had his
    conviction quashed' -> 'his conviction quashed'); nothing otherwise."""
    thing = frame.undergoer
    if thing is None or thing.pos_ != "NOUN" or thing.i > frame.verb.i \
            or lemma_in(thing, rules()["rulings"]["court_words"]):
        return []
    own = {t.i for t in frame.verb.subtree}
    words = [t for t in thing.subtree if t.i not in own]
    return [] if ctx.mention_in(words, AGENTS | PLACES) is not None else words


def says_more(tokens: list[Token]) -> bool:
    return any(t.pos_ in {"NOUN", "PROPN", "NUM", "VERB", "PRON", "ADJ"} for t in tokens[1:])


def each_order(tokens: list[Token]) -> Iterator[list[Token]]:
    """What a decision imposes, as its clause says it from the verb on, one order per verb
    listed after a comma or 'and' ('fined X £3m, barred it from … and imposed a penalty …'),
    however the parser attached them, up to a bracketed credit ('[Wirewatch]'); an order says
    more than its verb ('convicted of' is none), and one listed after the first is made by a
    decision verb."""
    tokens = tokens[:next((i for i, t in enumerate(tokens) if t.text == "["), len(tokens))]
    starts = [0] + [i for i in range(1, len(tokens)) if tokens[i].pos_ == "VERB" and tokens[i].tag_ in PAST
                    and tokens[i - 1].text in {",", "and"}]
    decisions = decision_verbs()
    for start, end in zip(starts, [*starts[1:], len(tokens)]):
        part = tokens[start:end]
        while part and (part[-1].is_punct or part[-1].dep_ == "cc" or part[-1].pos_ == "ADP"):
            part = part[:-1]
        if says_more(part) and (start == 0 or lemma_in(part[0], decisions)):
            yield part


@cache
def decision_verbs() -> frozenset[str]:
    """Every verb that decides something in a ruling: an order listed after the first is one
    of these ('fined X and barred it from …'; not '… and termed the case frivolous')."""
    rule = rules()["rulings"]
    return frozenset(word for key in ("verbs", "self_evident", "regulator_verbs", "ordering_verbs", "reviewing_verbs",
                                      "listed_orders") for word in rule[key])


def ruling_mention(ctx: DocContext, token: Token, court: Mention | None) -> Mention:
    """The ruling as a mention of its trigger word, named after its court and date."""
    when = ctx.sentence_dates.get(sentence_of(token).start)
    iso = resolve_date(when, article_date(ctx.document.date)) if when else None
    issuer = court.text if court is not None else "Court"
    noun = "ruling" if token.pos_ != "NOUN" else token.lemma_.lower()
    absolute = parse_date(when) if when else None
    shown = when if absolute and not absolute.startswith("--") else (iso if iso and not iso.startswith("--") else when)
    name = f"{issuer} {noun}" + (f" of {shown}" if shown else "")
    return ctx.add(Mention(ctx.document.id, token.idx, token.idx + len(token.text), token.text, "Ruling",
                           (sentence_of(token).start_char, sentence_of(token).end_char), name=name, date=iso))


def article_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def ordered_texts(token: Token) -> list[tuple[Token, str]]:
    """What a ruling orders, each clause with its words: 'ordered X to return Y' -> 'return Y'
    (the infinitive parsed as the verb's complement or as a clause on its object), one per
    infinitive listed with it ('ordered to serve 30 years and pay $5m'); 'held that X must
    do Y' -> 'do Y'."""
    clauses = [c for c in token.children if c.dep_ == "xcomp" or (
        c.dep_ == "advcl" and any(m.lower_ == "to" for m in c.children if m.dep_ == "mark"))]
    clauses += [g for c in token.children if c.dep_ in OBJECT_DEPS for g in c.children
                if g.dep_ == "acl" and any(m.lower_ == "to" for m in g.children if m.dep_ == "mark")]
    if clauses:
        listed = [clauses[0], *(c for head in (clauses[0], token) for c in head.children
                                if c.dep_ == "conj" and c.pos_ == "VERB" and c.tag_ == "VB")]
        return [(clause, clause_text(clause, skip_before=True)) for clause in listed]
    for child in token.children:
        if child.dep_ == "ccomp" and any(c.lower_ in {"must", "should", "shall"} for c in child.children):
            return [(child, clause_text(child, skip_before=True))]
    return []


def clause_text(head: Token, skip_before: bool) -> str:
    """A clause's words from its verb on, without coordinated clauses or trailing modifiers
    set off by commas."""
    dropped = {t.i for c in head.children if c.dep_ in {"conj", "cc", "parataxis"} or
               (c.dep_ == "advcl" and c.i > head.i) for t in c.subtree}
    words = [t for t in head.subtree if t.i not in dropped and not (skip_before and t.i < head.i)]
    while words and words[-1].is_punct:
        words.pop()
    return clean(tokens_text(words))


def clean(text: str) -> str:
    return " ".join(text.replace("“", "").replace("”", "").replace('"', "").split()).strip(" ,.")
