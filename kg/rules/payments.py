"""Payments read off clauses: who paid whom, how much, for what (vocabulary in
relations.json `payments`). A paying clause gives one event: `paid` from each payer to each
payee with the sum, and `paidFor` from the sum to what it bought. A sum that modifies a deal
noun ('a $5m contract for …'), that a deal is worth ('the signing of X on a deal worth $5m'),
that fills a noun's 'of' ('a disgorgement of $14m in profits'), or is followed by 'in'/'for'
('$2m in interest') says what it pays for even where no paying verb is read."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.model import Fact, Mention
from kg.rules.clauses import Frame, case_of
from kg.rules.context import AGENTS, DocContext, conjuncts, sentence_of, tokens_text
from kg.rules.relations import clean, fact, rules, subject_of
from kg.rules.quantities import table
from kg.rules.vocabulary import lemma_in

PAYMENT_WINDOW = 10
PARTIES = AGENTS | {"Place"}
MONEY = {"MonetaryAmount"}
CLAUSE_BREAKS = {",", ".", ";", ":", "(", ")", "—", "–"}
MONTHS = frozenset(table()["months"])


def payment_facts(ctx: DocContext) -> Iterator[Fact]:
    rule = rules()["payments"]
    explained: set[Mention] = set()
    verbs = set(rule["giving"]) | set(rule["receiving"]) | set(rule["buying"])
    for frame in ctx.clauses.with_lemma(verbs):
        verb = frame.verb
        if not frame.factual or (verb.dep_ == "conj" and lemma_in(verb.head, verbs)):
            continue
        amount = sum_of(ctx, frame)
        if amount is None and not any(lemma_in(t, rule["deals"]) for o in frame.objects for t in o.subtree):
            continue
        if lemma_in(verb, rule["giving"]):
            payers, payees = doers(ctx, frame), parties(ctx, frame, "to") or receivers(ctx, frame, amount)
        elif lemma_in(verb, rule["receiving"]):
            payers, payees = parties(ctx, frame, "from"), doers(ctx, frame)
        elif amount is not None:
            payers, payees = doers(ctx, frame), parties(ctx, frame, "from")
        else:
            continue
        event = f"payment-{verb.i}"
        for payer in payers:
            for payee in payees:
                if payer != payee:
                    yield fact(ctx, payer, "paid", payee, verb, event=event, amount=amount)
        if amount is None:
            continue
        purpose = deal_of(ctx, amount, rule) or worth_of(ctx, amount, rule) or price_of(ctx, amount, rule) \
            or purpose_of(frame, amount, rule)
        if purpose:
            explained.add(amount)
            yield fact(ctx, amount, "paidFor", purpose, verb, event=event)
    for amount in ctx.mentions:
        if amount.type in MONEY and amount not in explained:
            purpose = deal_of(ctx, amount, rule) or worth_of(ctx, amount, rule) or portion_of(ctx, amount, rule)
            if purpose:
                yield fact(ctx, amount, "paidFor", purpose, head_of(ctx, amount), event=f"payment-{amount.start}")


def head_of(ctx: DocContext, mention: Mention) -> Token:
    """The syntactic head of a mention's words."""
    span = ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root


def sum_of(ctx: DocContext, frame: Frame) -> Mention | None:
    """The sum a clause moves: in an object, else in an oblique, else shortly after the verb
    (parsers attach sums variously)."""
    for head in [*frame.objects, *(h for _, h in frame.obliques)]:
        found = ctx.mention_in(head.subtree, MONEY)
        if found is not None:
            return found
    verb = frame.verb
    return ctx.mention_in(ctx.doc[verb.i + 1:min(verb.i + PAYMENT_WINDOW, sentence_of(verb).end)], MONEY)


def named(ctx: DocContext, heads: list[Token]) -> list[Mention]:
    found: list[Mention] = []
    for head in heads:
        mention = ctx.referent(head, PARTIES)
        if mention is not None and mention.type not in MONEY and mention not in found:
            found.append(mention)
    return found


def doers(ctx: DocContext, frame: Frame) -> list[Mention]:
    """Who acts, with those listed with them; a clause on a noun ('struck a deal to pay')
    takes the subject of the verb above."""
    found = named(ctx, conjuncts(frame.doer)) if frame.doer is not None else []
    if not found:
        subject = subject_of(ctx, frame.verb, PARTIES)
        found = [subject] if subject is not None else []
    return found


def parties(ctx: DocContext, frame: Frame, case: str) -> list[Mention]:
    """The parties a case word introduces anywhere in the clause ('a check … to X', 'a loan
    to be disbursed … to X', 'from A, B and C'), nearest the verb first."""
    heads = sorted((t for t in frame.verb.subtree if t.i > frame.verb.i and case_of(t) == case
                    and t.dep_ in {"obl", "nmod", "obl:arg"}), key=lambda t: t.i)
    for head in heads:
        found = named(ctx, conjuncts(head))
        if found:
            return found
    return []


def receivers(ctx: DocContext, frame: Frame, amount: Mention | None) -> list[Mention]:
    """The indirect object of a giving verb ('paid the government $6m'): an object that names
    a party and is not the sum."""
    return [m for m in named(ctx, list(frame.objects)) if m != amount][:1] if len(frame.objects) > 1 or (
        amount is not None and frame.objects and ctx.mention_in(frame.objects[0].subtree, MONEY) is None) else []


def deal_of(ctx: DocContext, amount: Mention, rule: dict) -> str | None:
    """The deal noun a sum modifies, read with what follows it ('$13m contract for a power
    plant', '$2bn (Rs 9,000 crore) bailout package', '$3m in bribes' -> 'bribes'), read off
    the words since parsers attach such phrases to the sum, the verb or the noun alike. A sum
    given in parentheses as another sum's equivalent pays for nothing of its own."""
    following = words_beside(ctx, amount)
    if following is None:
        return None
    for first in following[:2]:
        if lemma_in(first, rule["deals"]):
            head = first.head if first.head.i > first.i and lemma_in(first.head, rule["deals"]) else first
            start = following[0].i + (following[0].pos_ == "ADP" and following[0].i < first.i)
            return joined_recipient(phrase_from(head, start=start), head)
    return None


def joined_recipient(phrase: str | None, head: Token) -> str | None:
    """A deal phrase with the 'to' phrase right after it that the parser hung elsewhere ('$3m
    in bribes to officials of the port' -> 'bribes to officials of the port'), up to a comma."""
    doc = head.doc
    end = max(t.i for t in head.subtree) + 1
    if phrase is None or end >= len(doc) or doc[end].lower_ != "to":
        return phrase
    stop = end + 1
    while stop < sentence_of(head).end and stop - end < PAYMENT_WINDOW and doc[stop].text not in CLAUSE_BREAKS:
        stop += 1
    return clean(f"{phrase} {tokens_text(doc[end:stop])}") if stop > end + 1 else phrase


def worth_of(ctx: DocContext, amount: Mention, rule: dict) -> str | None:
    """What a deal worth a sum closes: the phrase before 'on' or 'in' it ('announced the signing
    of X from Y on a deal worth €63m' -> 'signing of X from Y', 'the takeover of Z in a deal
    valued at $5bn' -> 'takeover of Z'), read off the words, as parsers garble such phrases."""
    doc = ctx.doc
    start = doc.char_span(amount.start, amount.end, alignment_mode="expand").start
    floor = sentence_of(doc[start]).start
    words = [t.lower_ for t in doc[max(start - 2, floor):start]]
    at = start - (1 if words[-1:] == ["worth"] else 2 if words[-2:] == ["valued", "at"] else 0)
    if at == start or at - 1 < floor or not lemma_in(doc[at - 1], rule["deals"]):
        return None
    case = at - 2
    while case >= floor and doc[case].pos_ in {"DET", "ADJ"}:
        case -= 1
    if case <= floor or doc[case].lower_ not in {"on", "in"}:
        return None
    first = case
    while first > floor and doc[first - 1].pos_ not in {"VERB", "AUX"} and doc[first - 1].text not in CLAUSE_BREAKS:
        first -= 1
    phrase = [t for t in doc[first:case] if not (t.i == first and t.pos_ == "DET")]
    return clean(tokens_text(phrase)) if any(t.pos_ == "NOUN" for t in phrase) else None


def portion_of(ctx: DocContext, amount: Mention, rule: dict) -> str | None:
    """What a sum is when it fills a noun's 'of' and says what it is in ('a disgorgement of an
    alleged $14m in illegally garnered profits' -> 'disgorgement of illegally garnered profits')."""
    doc = ctx.doc
    start = doc.char_span(amount.start, amount.end, alignment_mode="expand").start
    floor = sentence_of(doc[start]).start
    case = start - 1
    while case > floor and (doc[case].pos_ in {"DET", "ADJ"} or doc[case].tag_ == "VBN"):
        case -= 1
    following = words_beside(ctx, amount) or []
    if case - 1 < floor or doc[case].lower_ != "of" or doc[case - 1].pos_ != "NOUN" or len(following) < 2 \
            or following[0].lower_ != "in" or following[1].lower_ in rule["not_paid_for"]:
        return None
    inner = words_after(following[0])
    return f"{doc[case - 1].text} of {inner}" if inner else None


def price_of(ctx: DocContext, amount: Mention, rule: dict) -> str | None:
    """The words after 'in' or 'for' that follow a paid sum ('$2m in bribes', '$16 cash for
    each share')."""
    following = words_beside(ctx, amount) or []
    if following and following[0].pos_ in {"NOUN", "ADJ"} and len(following) > 1:
        following = following[1:]
    if len(following) > 1 and following[0].lower_ in rule["paid_for"] \
            and following[1].lower_ not in rule["not_paid_for"]:
        return words_after(following[0])
    return None


def words_beside(ctx: DocContext, amount: Mention) -> list[Token] | None:
    """The next few words of the sentence after a sum, past a hyphen and a parenthesis ('$2bn
    (Rs 9,000 crore) loan'); None for a sum that is itself in parentheses."""
    doc = ctx.doc
    span = doc.char_span(amount.start, amount.end, alignment_mode="expand")
    before = doc[max(span.start - 3, 0):span.start]
    if any(t.text == "(" for t in before) and not any(t.text == ")" for t in before):
        return None
    end, stop = span.end, sentence_of(span[0]).end
    if end < stop and doc[end].text == "(":
        end = next((t.i + 1 for t in doc[end:stop] if t.text == ")"), end)
    return [t for t in doc[end:min(end + 3, stop)] if t.text not in {"-", "–"}]


def words_after(case: Token) -> str | None:
    """The phrase a preposition opens, up to the next comma, conjunction, number or name: one
    that starts with neither ('in interest', not 'in Lagos' or 'in 2019')."""
    doc = case.doc
    words: list[Token] = []
    for token in doc[case.i + 1:min(case.i + 13, sentence_of(case).end)]:
        if token.text in CLAUSE_BREAKS or token.dep_ == "cc" or token.like_num or token.ent_type_:
            break
        words.append(token)
    if not any(t.pos_ in {"NOUN", ""} for t in words):
        return None
    return clean(tokens_text(words)) or None


def phrase_from(head: Token, start: int | None = None) -> str | None:
    """A noun phrase from its head noun (or `start`) on, without later asides or coordinated
    clauses."""
    start = head.i if start is None else start
    dropped = {t.i for c in head.children if c.i > head.i and (
        c.dep_ in {"conj", "cc", "punct", "parataxis"} or c.ent_type_ == "DATE" or c.lower_ in MONTHS)
        for t in c.subtree}
    text = clean("".join(t.text_with_ws for t in head.subtree if t.i >= start and t.i not in dropped))
    return text or None


def purpose_of(frame: Frame, amount: Mention, rule: dict) -> str | None:
    """What a paying clause pays for, whichever the clause says first: a 'to' infinitive
    after its verb ('paid $5m to settle the charges', however the parser attached it) or its
    'for' phrase when that is not the price ('paid $5 for the land'); for a purchase, what was
    bought."""
    verb = frame.verb
    doc, end = verb.doc, sentence_of(verb).end
    found: list[tuple[int, str]] = []
    for token in doc[verb.i + 1:end - 1]:
        following = doc[token.i + 1]
        if token.lower_ == "to" and following.is_lower and following.is_alpha \
                and following.pos_ not in {"DET", "NOUN", "PRON", "NUM", "ADP", "PROPN"}:
            stop = token.i + 1
            while stop < end and not (doc[stop].is_punct and doc[stop].text in {",", ".", ";", ":"}):
                stop += 1
            found.append((token.i, tokens_text(doc[token.i + 1:stop])))
            break
    for case, head in frame.obliques:
        if case == "for" and not any(t.idx == amount.start for t in head.subtree):
            text = phrase_from(head)
            if text:
                found.append((head.i, text))
    if found:
        return min(found)[1]
    if lemma_in(verb, rule["buying"]) and frame.objects:
        return clean(f"{verb.text} {tokens_text(list(frame.objects[0].subtree))}")
    return None
