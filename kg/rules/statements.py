"""Who said what: quotations and reported speech, each a statement by its speaker.

Three constructions give a statement: a quotation attributed by a speech verb outside it
(“…,” said X; X said: “…”; “…,” she said), however short, or, without such a verb in its
sentence, continuing the previous speaker's quotation in its paragraph or the next;
reported speech, a speech verb's clausal complement outside quotation marks ('X said
(that) …', 'X told reporters …', 'the ministry warned that …'), and for a few verbs of
speaking their object ('X denied the charges'); and a source marker before a clause
('according to X, …'). Speakers are people or institutions; pronouns and descriptions
('she', 'the minister', 'the company') go to whom they name. A quoted phrase that no
speech verb attributes and that is shorter than `min_words` is a scare quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from kg.rules.clauses import SUBJECTS, Frame, infinitive, predicate_tokens
from kg.model import Fact, Mention
from kg.rules.context import AGENTS, DocContext, conjuncts, sentence_of, sentence_span, text_of, tokens_text
from kg.rules.vocabulary import lemma_in, load_vocabulary, read_json

OPENING = {"“", '"'}
CLOSING = ("”", '"')
SPEAKER_WORDS = 8
FINITE = {"VBD", "VBZ", "VBP", "MD"}
ADDRESSED = {"him", "her", "them", "me", "us", "you"}


@cache
def speech() -> dict:
    return read_json("speech.json")


@dataclass(frozen=True)
class Quotation:
    """A quotation's characters [start, end) including its marks, and its content."""

    start: int
    end: int
    content: str


def statement_facts(ctx: DocContext) -> list[Fact]:
    quoted = quotations(text_of(ctx.doc))
    reported = [*reported_speech(ctx, quoted), *sourced_clauses(ctx, quoted)]
    return [*(q for q, embedded in quote_facts(ctx) if not part_of(q, embedded, reported)), *reported]


def part_of(quote: Fact, embedded: bool, reported: list[Fact]) -> bool:
    """A quoted phrase inside a clause its speaker is reported to have said ('the loan will
    help, “which aims …”, said X'; 'X said Y was a member “with a bright future”'), which
    that clause already holds: one it is part of, or one in the same sentence where the
    quote is embedded (neither opening its sentence nor next to its verb)."""
    return any(r.subject == quote.subject and r.sentence == quote.sentence and (
        embedded or quote.object in r.object and len(r.object) > len(quote.object)) for r in reported)


def quotations(text: str) -> list[Quotation]:
    """The quotations of a text. A quotation left open at a paragraph's end goes on where
    the next paragraph opens with a quotation mark (the news convention for long quotes);
    either closing mark ends either opening one, as pasted text mixes them."""
    found: list[Quotation] = []
    i = 0
    while i < len(text):
        if text[i] not in OPENING or (text[i] == '"' and i and text[i - 1].isalnum()):
            i += 1
            continue
        start, parts, j = i, [], i + 1
        while True:
            end = min((k for k in (text.find(mark, j) for mark in CLOSING) if k != -1), default=-1)
            line = text.find("\n", j)
            if end != -1 and (line == -1 or end < line):
                parts.append(text[j:end])
                found.append(Quotation(start, end + 1, " ".join(p.strip() for p in parts).strip()))
                i = end + 1
                break
            if line == -1:
                i = len(text)
                break
            parts.append(text[j:line])
            following = line + 1
            while following < len(text) and text[following].isspace():
                following += 1
            if following < len(text) and text[following] in OPENING:
                j = following + 1
                continue
            i = line + 1
            break
    return found


def quote_facts(ctx: DocContext) -> list[tuple[Fact, bool]]:
    """Each attributed quotation's statement, and whether the quote is embedded in its
    sentence (neither opening it nor next to its verb)."""
    facts: list[tuple[Fact, bool]] = []
    previous: tuple[Mention, int] | None = None
    text = text_of(ctx.doc)
    for quote in quotations(text):
        if not quote.content:
            continue
        paragraph = text.rfind("\n", 0, quote.start)
        speaker, end, attributed = attribute(ctx, quote)
        if speaker is None and previous is not None and previous[1] >= text.rfind("\n", 0, paragraph) \
                and starts_sentence(text, quote.start) and long_enough(quote.content):
            speaker, end = previous[0], quote.end
        elif speaker is not None and not attributed and not long_enough(quote.content):
            speaker = None
        if speaker is None:
            continue
        previous = (speaker, text.rfind("\n", 0, quote.end))
        facts.append((Fact(speaker, "said", quote.content.strip(" ,"), ctx.document.id,
                           sentence_span(ctx.doc, quote.start, max(end, quote.start + 1))),
                      not attributed and not starts_sentence(text, quote.start)))
    return facts


def long_enough(content: str) -> bool:
    return len(content.split()) >= speech()["min_words"]


def starts_sentence(text: str, offset: int) -> bool:
    """A quotation that opens its sentence (not a phrase quoted inside one)."""
    before = text[:offset].rstrip(" ")
    return not before or before[-1] in ".!?:\n”\""


def attribute(ctx: DocContext, quote: Quotation) -> tuple[Mention | None, int, bool]:
    """The speaker named by the speech verb nearest the quotation, where that verb ends, and
    whether the verb takes the quotation as its complement (then any length is a statement)."""
    doc = ctx.doc
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return None, quote.end, False
    sentences = {s.start: s for s in (sentence_of(span[0]), sentence_of(span[-1]))}
    adjoining = speech()["adjoining_verbs"]
    verbs = [t for sent in sentences.values() for t in sent
             if lemma_in(t, [*speech()["verbs"], *adjoining]) and not quote.start <= t.idx < quote.end]
    for verb in sorted(verbs, key=lambda t: min(abs(t.idx - quote.start), abs(t.idx - quote.end))):
        frame = ctx.clauses.of(verb)
        if frame is None or frame.negated:
            continue
        speaker = next(iter(frame_speakers(ctx, frame, quote.content)), None)
        if speaker is not None and lemma_in(verb, adjoining):
            if verb_adjoins(ctx, quote, verb):
                return speaker, verb.idx + len(verb.text), True
            return None, quote.end, False
        if speaker is not None:
            takes = any(quote.start <= t.idx < quote.end for t in verb.children
                        if t.dep_ in {"ccomp", "parataxis", "obj", "dep"}) or verb.head.i != verb.i and \
                quote.start <= verb.head.idx < quote.end
            return speaker, verb.idx + len(verb.text), takes or verb_adjoins(ctx, quote, verb)
    return None, quote.end, False


def verb_adjoins(ctx: DocContext, quote: Quotation, verb: Token) -> bool:
    """'“…,” she said' / 'X said: “…”': only a speaker and punctuation between quote and verb."""
    text = text_of(ctx.doc)
    between = text[quote.end:verb.idx] if verb.idx >= quote.end else text[verb.idx + len(verb.text):quote.start]
    return len(between.split()) <= 5 and (between.strip()[:1] in {",", ":", ""} or text[quote.end - 2] == ",")


def speaker_of(ctx: DocContext, token: Token, said: str = "") -> Mention | None:
    """Whom a subject names; a role noun goes to the person holding the role (or, in the lede,
    the person the next sentence names) before it goes to an institution in its phrase ('the
    agency spokesman said' is the spokesman)."""
    person = ctx.described(token, {"Person"}) or ctx.introduced(token) if lemma_in(token, load_vocabulary().roles) \
        else None
    return person or ctx.referent(token, AGENTS, said=said) or ctx.described(token, AGENTS)


def speakers_of(ctx: DocContext, token: Token, said: str = "") -> list[Mention]:
    """The speaker a subject names, with those listed with it ('X and Y said …'), or the
    people a plural description or 'they' stands for ('the lawyers said …')."""
    found: list[Mention] = []
    for head in conjuncts(token):
        group = ctx.described_group(head) or ctx.group_antecedent(head)
        for speaker in group or [speaker_of(ctx, head, said)]:
            if speaker is not None and speaker not in found:
                found.append(speaker)
    return found


def frame_speakers(ctx: DocContext, frame: Frame, said: str = "") -> list[Mention]:
    """The speakers of a speech verb: its doer's, or where that names nobody, those of
    another subject the parser gave it ('X, the agency's director, said': 'director' and
    'X' both parsed as subjects), or for an adverbial participle (or a 'saying' the parser
    hung off an object) the doer of the clause it belongs to ('the court set aside the order
    saying …'; not one addressing someone: 'X received a letter telling her …'), or, with no
    subject (or a clause parsed as one), the speaker named right before the verb, its aside
    or the verb it is coordinated with ('Talking to the media, X slammed Y and claimed that
    …'), or, with none at all, right after it."""
    verb = frame.verb
    first = frame.doer if frame.doer is not None else frame.subject
    addressed = verb.tag_ == "VBG" and any(o.lower_ in ADDRESSED for o in frame.objects)
    if addressed and first is not None and first.head.i != verb.i:
        first = None
    others = sorted((c for c in verb.children if c.dep_ in SUBJECTS and c is not first),
                    key=lambda c: abs(c.i - verb.i))
    governing = ctx.clauses.of(verb.head) or ctx.clauses.of(verb.head.head) if verb.tag_ == "VBG" and (
        verb.dep_ == "advcl" or verb.dep_ == "acl" and lemma_in(verb, {"say"})) else None
    if governing is not None and governing.verb.i != verb.i and governing.doer is not None and not addressed:
        others.append(governing.doer)
    for subject in [first, *others]:
        found = speakers_of(ctx, subject, said) if subject is not None else []
        if found:
            return found
    unnamed = (first is None or first.pos_ == "VERB") and not others
    unparsed = preceding_speaker(ctx, verb) or (preceding_speaker(ctx, verb.head) if verb.dep_ == "conj" else None) \
        if unnamed else None
    if unparsed is None and first is None and not others:
        unparsed = inverted_speaker(ctx, verb)
    return [unparsed] if unparsed is not None else []


def preceding_speaker(ctx: DocContext, verb: Token) -> Mention | None:
    """'X, sitting with Y and Z, said: …' parsed without a subject: the name right before the
    verb, or before the aside set off by commas that ends at the verb."""
    doc, floor = verb.doc, sentence_of(verb).start
    end = verb.i
    if end - 1 > floor and doc[end - 1].text == ",":
        end = next((i for i in range(end - 2, floor, -1) if doc[i].text == ","), floor)
    mention = ctx.mention_of(doc[end - 1]) if end - 1 >= floor else None
    return mention if mention is not None and mention.type in AGENTS else None


def inverted_speaker(ctx: DocContext, verb: Token) -> Mention | None:
    """'…, said GMF spokesperson X.' parsed without a subject: the person (else the
    institution) named in the few words after the verb, before any punctuation."""
    doc = verb.doc
    named = []
    for token in doc[verb.i + 1:min(verb.i + 1 + SPEAKER_WORDS, sentence_of(verb).end)]:
        if token.is_punct:
            break
        mention = ctx.mention_of(token)
        if mention is not None and mention.type in AGENTS and mention not in named:
            named.append(mention)
    return next((m for m in named if m.type == "Person"), named[0] if named else None)


def inside(quoted: list[Quotation], offset: int) -> bool:
    return any(q.start <= offset < q.end for q in quoted)


def reported_speech(ctx: DocContext, quoted: list[Quotation]):
    """'X said (that) CLAUSE' outside quotation marks; 'X denied the charges'."""
    objects_too = set(speech()["object_statements"])
    for frame in ctx.clauses.with_lemma(set(speech()["reported"]) | objects_too):
        if not frame.factual or inside(quoted, frame.verb.idx):
            continue
        content = complement_text(frame, quoted)
        if content is None and lemma_in(frame.verb, objects_too) and frame.objects:
            content = predicate_text(frame, quoted)
        if content is None:
            content = preposed_text(frame, quoted)
        if not content or len(content.split()) < 2:
            continue
        for speaker in frame_speakers(ctx, frame, content):
            yield statement(ctx, speaker, content, frame.verb)


def preposed_text(frame: Frame, quoted: list[Quotation]) -> str | None:
    """'CLAUSE, X said (on Monday).': the clause before the speaker and its comma, read off the
    words since parsers attach it to the verb, hang the verb off it, or split it apart. Only
    for a verb with a subject of its own and nothing reported after it, and not one in a
    relative clause ('the records he holds')."""
    verb, subject = frame.verb, frame.subject
    if subject is None or subject.i > verb.i or subject.head.i != verb.i \
            or verb.dep_ in {"acl:relcl", "relcl", "acl"} \
            or any(c.dep_ in {"ccomp", "obj", "xcomp"} and c.i > verb.i for c in verb.children):
        return None
    doc, sentence = verb.doc, sentence_of(verb)
    start = subject.left_edge.i
    while start - 1 > sentence.start and subject.i - start < SPEAKER_WORDS and not doc[start - 1].is_punct \
            and doc[start - 1].pos_ not in {"VERB", "AUX"}:
        start -= 1
    if start - 1 <= sentence.start or doc[start - 1].text != ",":
        return None
    tokens = trim_punctuation(list(doc[sentence.start:start - 1]))
    if len(tokens) < 3 or not any(t.dep_ in SUBJECTS or t.tag_ in FINITE for t in tokens) \
            or sum(inside(quoted, t.idx) for t in tokens) * 2 > len(tokens):
        return None
    return clean(tokens_text(tokens))


def complement_text(frame: Frame, quoted: list[Quotation]) -> str | None:
    """The reported clause, unless it is (mostly) a quotation, which quote_facts reads."""
    head = frame.complement if frame.complement is not None else misparsed_clause(frame) or told_to_note(frame)
    if head is None or not reported_clause(head):
        return None
    tokens = [t for t in head.subtree if not (t.i == head.left_edge.i and t.dep_ == "mark")]
    if head.dep_ in {"xcomp", "advcl"}:
        tokens = [t for o in frame.objects if o.right_edge.i == head.left_edge.i - 1 for t in o.subtree] + tokens
    verb = frame.verb
    tokens = [t for t in tokens if t.i > verb.i] if head.i > verb.i else [t for t in tokens if t.i < verb.i]
    if not tokens or sum(inside(quoted, t.idx) for t in tokens) * 2 > len(tokens):
        return None
    return clean(tokens_text(trim_punctuation(tokens)))


def told_to_note(frame: Frame) -> Token | None:
    """'told the counsel to take note that CLAUSE': the clause an infinitive after the speech
    verb takes."""
    return next((g for c in frame.verb.children if c.dep_ == "xcomp" for g in c.children
                 if g.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)), None)


def reported_clause(head: Token) -> bool:
    """A clause that can be reported: not an infinitive ('announced Friday to buy …'), a
    bare participle ('said, citing sources'), a relative clause's gap ('which he claimed
    were issued …') or another speaker's attribution ('…, the club announced on Saturday')."""
    subject = any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in head.children)
    if infinitive(head) or not subject and (head.tag_ == "VBG" or head.head.dep_ in {"acl:relcl", "relcl"}):
        return False
    start = next(t.i for t in head.subtree if not t.is_punct)
    return not (head.pos_ == "VERB" and lemma_in(head, speech()["verbs"]) and start
                and head.doc[start - 1].text == "," and not any(c.dep_ in {"ccomp", "obj"} for c in head.children))


def misparsed_clause(frame: Frame) -> Token | None:
    """A reported clause parsed as an object: 'saying the clerk needed to …' (a finite verb
    hanging off the object, its subject), 'says X is in custody' (an object with a subject
    of its own, or a copula read as an adverbial clause right after the object) or 'saying
    it secured …' (a finite verb read as the object's complement)."""
    for obj in frame.objects:
        if obj.i < frame.verb.i:
            continue
        if any(c.dep_ in SUBJECTS for c in obj.children) or any(
                c.dep_ in {"acl", "acl:relcl"} and c.i > obj.i and finite(c)
                and not any(g.dep_ in SUBJECTS or g.tag_.startswith("W") for g in c.children)
                for c in obj.children):
            return obj
    ends = {o.right_edge.i for o in frame.objects}
    return next((c for c in frame.verb.children if c.dep_ in {"xcomp", "advcl"} and c.left_edge.i - 1 in ends
                 and not any(g.dep_ in SUBJECTS for g in c.children)
                 and (c.tag_ in FINITE or any(g.pos_ == "AUX" and g.tag_ in FINITE for g in c.children))), None)


def finite(verb: Token) -> bool:
    """A finite verb, or a past form the tagger took for a participle that takes a complement
    as only a finite verb would ('the magistrate needed to …')."""
    return verb.tag_ in FINITE or verb.tag_ == "VBN" and any(c.dep_ in {"xcomp", "ccomp", "obj"} for c in verb.children)


def predicate_text(frame: Frame, quoted: list[Quotation]) -> str | None:
    """The verb and what follows it in its clause ('denied the charges'), unless quoted, up to
    the first aside set off by a comma and without parentheses ('warned the Commission (the
    agency) against delays in the case of X, a former minister' -> 'warned the Commission
    against delays in the case of X')."""
    tokens = predicate_tokens(frame.verb)
    if any(inside(quoted, t.idx) for t in tokens):
        return None
    kept, depth = [], 0
    for token in tokens:
        if token.text in {",", ";", "—", "–"} and not depth:
            break
        depth += (token.text == "(") - (token.text == ")")
        if not depth and token.text != ")":
            kept.append(token)
    return clean("".join(t.text_with_ws for t in kept))


def trim_punctuation(tokens: list[Token]) -> list[Token]:
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in {"cc", "mark"}):
        tokens = tokens[:-1]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    return tokens


def sourced_clauses(ctx: DocContext, quoted: list[Quotation]):
    """'According to X, CLAUSE' and 'CLAUSE, per X': X said CLAUSE."""
    markers = {" ".join(m.split()) for m in speech()["source_markers"]}
    for frame in ctx.clauses.frames.values():
        source = frame.oblique(markers)
        if source is None or not frame.factual or inside(quoted, frame.verb.idx):
            continue
        speaker = speaker_of(ctx, source)
        if speaker is None:
            continue
        dropped = {t.i for t in source.subtree} | {c.i for c in source.head.children if c.i < source.i
                                                  and c.dep_ == "punct"}
        tokens = [t for t in frame.verb.subtree if t.i not in dropped and not (t.dep_ == "punct" and t.head.i in dropped)]
        content = clean(tokens_text(trim_punctuation(tokens)))
        if len(content.split()) >= 2:
            yield statement(ctx, speaker, content, frame.verb)


def statement(ctx: DocContext, speaker: Mention, content: str, verb: Token) -> Fact:
    sent = sentence_of(verb)
    return Fact(speaker, "said", content, ctx.document.id, sentence_span(ctx.doc, sent.start_char, sent.end_char))


def clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:")
