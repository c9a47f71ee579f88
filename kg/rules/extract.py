"""Turn a parsed article into typed mentions and the facts its sentences state.

Everything here reads spaCy annotations (entities, sentences, tags, dependencies) plus the
vocabulary files in `kg/data/`; no names of particular people or organisations are built in.
The rules for quotations and for relations live in `kg.rules.statements` and `kg.rules.relations`.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from kg.rules.clauses import SUBJECTS
from kg.rules.context import (ORGANISATIONS, DocContext, apposition_nouns, comma_phrase, sentence_of, sentence_span,
                              text_of)
from kg.model import Document, Extraction, Fact, Mention
from kg.rules.quantities import parse_money
from kg.rules.statements import statement_facts
from kg.rules.labels import label_facts
from kg.rules.payments import payment_facts
from kg.rules.relations import relation_facts, rules
from kg.resolve import canonical, document_clusters, normalise_name, spells
from kg.rules.vocabulary import Vocabulary, lemma_in, load_vocabulary, read_json

EDGE_WORDS = {"the", "a", "an"}
POSSESSIVES = {"'s", "’s", "'", "’"}
ROLE_POS = {"PROPN", "ADJ", "NOUN", ""}
ALIAS_LINKS = (("or",), ("(",), ("also", "known", "as"), ("known", "as"))
LIST_QUANTIFIERS = {"other", "another", "several", "some", "many", "both", "two", "three", "four", "five"}
LIST_WORDS = {"and", "alias", "aka", "a.k.a."}
PERSON_ALIAS_LINKS = (("alias",), ("a.k.a.",), ("aka",), ("also", "known", "as"), ("known", "as"))
NAMING = (("known", "as"), ("called",), ("named",))
ROLE_PHRASE_ENDS = {",", ";", "(", ")", "—", "–"}
DANGLING_POS = {"ADP", "CCONJ", "DET", "PUNCT"}
ROLE_LINKS = {"of", "at", "for", "and", "the", "&"}
DATELINE_LINES = 4
DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,3})"
    r"(?:, (?P<region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)(?=\s*[-–—:(/]))?"
    r"(?P<date>,? (?:[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?|\d{1,2} [A-Z][a-z]{2,8}\.?))?\.?"
    r"\s*(?:\((?P<outlet>[^()\n]{2,40})\)|/(?P<slashed>[^/\n]{2,40})/\.?)?"
    r"\s*(?P<end>--|[:–—-]|(?<=/\.)|(?<=/)|(?<=\)))")


def extract(document: Document, doc: Doc, vocabulary: Vocabulary | None = None) -> Extraction:
    """Mentions of people, institutions, places and sums of money, and the facts stated about them."""
    vocab = vocabulary or load_vocabulary()
    ctx = DocContext(document, doc)
    facts: list[Fact] = []
    for mention in [*dateline_names(document, doc), *credited_outlets(document, doc)]:
        ctx.add(mention)
    for span in institution_spans(doc, vocab):
        ctx.add(make_mention(document, span, "GovernmentBody"))
    events: list[str] = []
    for ent in doc.ents:
        type_ = vocab.label_types.get(ent.label_)
        span = trim(ent)
        if type_ is None or span is None or not looks_like_a_name(span, type_):
            continue
        if names_an_event(span, type_, vocab) or span.text.isupper() and (
                any(spells(span.text, e) for e in events) or abbreviates_words(span)):
            events.append(span.text)
            continue
        if type_ == "MonetaryAmount":
            money = parse_money(span.text)
            if money is None:
                continue
            ctx.add(make_mention(document, span, type_, money))
            continue
        if type_ == "Person":
            type_ = head_type(span, vocab) or ("Place" if definite_place(span, vocab) else type_)
        if type_ != "Person":
            type_ = refine_type(span, type_, vocab)
        ctx.add(make_mention(document, span, type_))
    for span, type_ in [*cued_names(doc, ctx, vocab), *headed_names(doc, ctx, vocab), *aged_names(doc, ctx)]:
        ctx.add(make_mention(document, span, type_))
    for span in located_courts(doc, ctx, vocab):
        ctx.add(make_mention(document, span, "Court"), around=True)
    for span in named_groups(doc, ctx, vocab):
        ctx.add(make_mention(document, span, "CriminalOrganization"), around=True)
    unnamed, retyped = courts_by_deed(ctx, vocab)
    for span in unnamed:
        ctx.add(make_mention(document, span, "Court"))
    ctx.retype(retyped)
    ctx.retype(people_by_apposition(doc, ctx, vocab))
    for span, type_ in short_forms(doc, ctx):
        ctx.add(make_mention(document, span, type_))
    ctx.retype(misread_acronyms(ctx))
    aliases = harmonise_types(ctx, alias_pairs(doc, ctx) + tuple(reordered_names(ctx)))
    for mention in [m for m in ctx.mentions if m.type == "Person"]:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        roles = dict.fromkeys(role for role in (role_before(span, ctx, vocab), role_in_apposition(span, ctx, vocab),
                                                role_of_list(span, ctx, vocab)) if role)
        ctx.roles[mention] = list(roles)
        facts.extend(Fact(mention, "holdsRole", role, document.id, mention.sentence) for role in roles)
        bodies = affiliations(span, ctx, vocab)
        body = title_body(span, ctx, vocab)
        if isinstance(body, tuple):
            body = ctx.add(make_mention(document, *body))
        if body is not None and body not in bodies:
            bodies.append(body)
        ministry = next((m for m in map(lambda role: ministry_of(ctx, role), roles) if m is not None), None)
        if ministry is not None:
            bodies = [b for b in bodies if b.text.lower() not in ministry.text.lower()] + [ministry]
        facts.extend(Fact(mention, "memberOf", body, document.id, mention.sentence) for body in dict.fromkeys(bodies))
    facts.extend(described_roles(ctx, vocab))
    facts.extend(roles_taken(ctx, vocab))
    facts.extend(statement_facts(ctx))
    facts.extend(relation_facts(ctx))
    facts.extend(payment_facts(ctx))
    facts.extend(label_facts(ctx))
    mentions = tuple(sorted(ctx.mentions, key=lambda m: (m.start, m.end)))
    sentences = tuple(sentence_span(doc, s.start_char, s.end_char) for s in doc.sents if s.text.strip())
    return Extraction(document, mentions, tuple(facts), aliases + tuple(ctx.same), sentences)


def dateline_names(document: Document, doc: Doc) -> list[Mention]:
    """The place and the agency of a dateline opening one of the first paragraphs ('CAPE
    TOWN, May 2 (ANA) –', 'KABUL (Agency):', 'MOSCOW, May 2. /AGENCY/.', 'Tokyo, Dec. 25
    (Agency)--', with a date also undashed: 'New Delhi, Oct 1 (Agency) The …'): a place,
    and a media outlet, at their exact characters (the tokenizer may have glued them to
    their punctuation)."""
    text, offset = text_of(doc), 0
    for line in text.split("\n")[:DATELINE_LINES]:
        match = DATELINE.match(line)
        undashed = match is not None and not match["end"] and line[match.end() - 1] == ")"
        if match and (match["place"].isupper() or match["date"] or match["outlet"] or match["slashed"]) \
                and not (undashed and not match["date"]):
            return [Mention(document.id, offset + match.start(group), offset + match.end(group), match[group], type_,
                            sentence_span(doc, offset + match.start(group), offset + match.end(group)))
                    for group, type_ in (("place", "Place"), ("region", "Place"), ("outlet", "MediaOutlet"),
                                         ("slashed", "MediaOutlet")) if match[group]]
        offset += len(line) + 1
    return []


def credited_outlets(document: Document, doc: Doc) -> list[Mention]:
    """Media outlets a line credits: 'Published in X, June 16th, 2016', 'X and agencies', a
    caption ending in '[X]' (vocabulary in institutions.json `credits`)."""
    text, offset, found = text_of(doc), 0, []
    for line in text.split("\n"):
        for pattern in credit_patterns():
            match = pattern.search(line)
            if match:
                start, end = offset + match.start("outlet"), offset + match.end("outlet")
                found.append(Mention(document.id, start, end, match["outlet"], "MediaOutlet",
                                     sentence_span(doc, start, end)))
                break
        offset += len(line) + 1
    return found


@cache
def credit_patterns() -> tuple[re.Pattern, ...]:
    rule = read_json("institutions.json")["credits"]
    name = r"(?P<outlet>[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,4})"
    return (*(re.compile(rf"^\s*(?i:{re.escape(words)})\s+{name}(?=,|\.|\s*$)") for words in rule["before"]),
            *(re.compile(rf"^\s*{name}\s+(?i:{re.escape(words)})\s*$") for words in rule["after"]),
            re.compile(rf"\[{name}\]\s*$"))


@cache
def representing_nouns() -> frozenset[str]:
    """Role nouns that say whom a person represents ('counsel', 'lawyer'), from relations.json."""
    return frozenset(lemma for rule in rules()["nouns"] if rule["predicate"] == "representedBy"
                     for lemma in rule["lemmas"])


def harmonise_types(ctx: DocContext, aliases: tuple[tuple[Mention, Mention], ...]):
    """Give every mention of one thing in the article the type resolution would give it
    (so that 'the Bureau, or BX' is a government body in every relation rule), and return
    the alias pairs in terms of the retyped mentions."""
    types = {m: type_ for cluster in document_clusters(ctx.mentions, aliases)
             for type_ in [canonical(cluster)[0]] for m in cluster}
    changed = ctx.retype(types)
    return tuple((changed.get(a, a), changed.get(b, b)) for a, b in aliases)


def make_mention(document: Document, span: Span, type_: str, money=None) -> Mention:
    """A mention of a span; a country's short form is named by the country ('U.S.'); a sum
    ends before the full stop the tokenizer glued to it ('$5m.')."""
    sentence = sentence_span(span.doc, span.start_char, span.end_char)
    name = None
    if type_ == "Place":
        country = load_vocabulary().demonyms.get(span.text.lower())
        if country and span.text[:1].isupper():
            name = country.removeprefix("the ")
    text = span.text.removesuffix(".") if money is not None else span.text
    return Mention(document.id, span.start_char, span.start_char + len(text), text, type_, sentence, money, name)


def looks_like_a_name(span: Span, type_: str) -> bool:
    """Names are capitalised and, where the pipeline tags words, hold a proper noun and are
    not bare adjectives ('American') or common nouns ('Protesters'); a run of capitalised
    words is a name even where the tagger missed it ('Marta Quiroga' at a sentence start)."""
    if not any(t.is_upper or t.is_title or t.like_num or t.text[:1] in "$€£¥₹" for t in span):
        return False
    if not span[0].pos_ or type_ == "MonetaryAmount" or len(span) > 1 and all(t.is_title for t in span):
        return True
    return span[-1].tag_ != "JJ" and any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in span)


def people_by_apposition(doc: Doc, ctx: DocContext, vocab: Vocabulary) -> dict[Mention, str]:
    """A name the model took for a place or an organisation that an apposition gives a
    position is a person's ('X, judge of the High Court, …'), unless it is a known place or
    ends in an institution word."""
    found = {}
    for mention in ctx.mentions:
        if mention.type not in {"Place", "Organization"} or mention.text.lower() in vocab.place_names:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or span[-1].lower_ in vocab.institution_heads:
            continue
        if any(noun.i > span.start and lemma_in(noun, vocab.roles) and noun.lower_ not in vocab.institution_heads
               and ctx.mention_of(noun) is None for noun in apposition_nouns(span)):
            found[mention] = "Person"
    return found


def abbreviates_words(span: Span) -> bool:
    """An acronym in parentheses after the lower-case words it stands for ('anti-money
    laundering (AML)', 'liquefied natural gas (LNG)') names a thing, not an institution."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text != "(":
        return False
    words = doc[max(0, span.start - 9):span.start - 1].text.replace("-", " ").split()[-len(span.text):]
    return len(words) == len(span.text) and all(w.isalpha() and w.islower() for w in words) \
        and "".join(w[0] for w in words).upper() == span.text


def names_an_event(span: Span, type_: str, vocab: Vocabulary) -> bool:
    """A law, treaty or event ('… Justice Act', '… Cup', '… Summit') is none of the things
    the graph holds, whatever the model typed it (nor is its acronym)."""
    return type_ not in {"Person", "MonetaryAmount"} and len(span) > 1 and span[-1].lower_ in vocab.event_heads


def trim(span: Span) -> Span | None:
    """Drop leading articles, trailing possessives and edge punctuation from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in EDGE_WORDS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in POSSESSIVES or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


def lower_words(tokens) -> tuple[str, ...]:
    return tuple(t.lower_ for t in tokens)


def title_phrase(span: Span, ctx: DocContext, vocab: Vocabulary) -> tuple[int, int, int] | None:
    """Where the title phrase before a name starts, where its title starts and where it ends
    (token indices), or None; a plural title before a list counts for each name in it."""
    doc, sent = span.doc, sentence_of(span[0])
    end = span.start
    title = title_before(doc, end, sent.start, vocab)
    if not title:
        first = plural_titled(span, ctx, vocab)
        if first is None:
            return None
        end = first.start
        title = title_before(doc, end, sent.start, vocab)
    return modifiers_before(doc, end - title, sent.start, ctx, vocab), end - title, end


def role_before(span: Span, ctx: DocContext, vocab: Vocabulary) -> str | None:
    """The role named by the title phrase right before a name, as written, with the words that
    modify the title ('former Egyptian finance minister', 'Redhill head coach', 'Chairman and
    CEO'); a plural title gives each name listed after it the title in the singular ('traders
    A, B and C'); a place that owns the title is spelled out after it ("Ruritania's Prime
    Minister" -> 'Prime Minister of Ruritania')."""
    phrase = title_phrase(span, ctx, vocab)
    if phrase is None:
        return None
    doc, sent = span.doc, sentence_of(span[0])
    start, _, end = phrase
    words = doc[start:end - 1].text_with_ws + singular(doc[end - 1])
    if start - 2 >= sent.start and doc[start - 1].lower_ in POSSESSIVES:
        owner = ctx.mention_of(doc[start - 2])
        if owner is not None and owner.type == "Place":
            return f"{words} of {place_name(owner.text, vocab)}"
    return words


def plural_titled(span: Span, ctx: DocContext, vocab: Vocabulary) -> Span | None:
    """The earlier name of the list a name is in that a plural title stands before ('traders A,
    B and C', 'Inspector X, constables A, B and C': A for B and C), or None; a singular title
    on the way belongs to its own name only."""
    doc, floor = ctx.doc, sentence_of(span[0]).start
    node = span.root
    for _ in range(8):
        if node.dep_ not in {"conj", "appos"} or node.head.i >= node.i:
            break
        node = node.head
        mention = ctx.mention_of(node)
        if mention is None or mention.type != "Person":
            break
        listed = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if title_before(doc, listed.start, floor, vocab):
            return listed if doc[listed.start - 1].tag_ in {"NNS", "NNPS"} else None
    return listed_before(span, ctx, vocab)


def listed_before(span: Span, ctx: DocContext, vocab: Vocabulary) -> Span | None:
    """plural_titled read off the words where the parse does not link the list: the nearest
    earlier name of the list that a title stands before, if that title is plural ('traders A
    alias B, C and D')."""
    doc, floor = ctx.doc, sentence_of(span[0]).start
    names = listed_names(span, ctx)
    for listed in reversed(names[:names.index(span)]):
        if title_before(doc, listed.start, floor, vocab):
            return listed if doc[listed.start - 1].tag_ in {"NNS", "NNPS"} else None
    return None


def listed_names(span: Span, ctx: DocContext) -> list[Span]:
    """The people's names of the list a name is in, in order, joined by commas, 'and' or
    'alias' ('A alias B, C and D'); just the name when it is in none."""
    doc, sent = ctx.doc, sentence_of(span[0])

    def person_at(index: int) -> Span | None:
        mention = ctx.mention_of(doc[index]) if sent.start <= index < sent.end else None
        return doc.char_span(mention.start, mention.end, alignment_mode="expand") \
            if mention is not None and mention.type == "Person" else None

    def joined(index: int) -> bool:
        return doc[index].text == "," or doc[index].lower_ in LIST_WORDS

    names = [span]
    while names[0].start - 2 >= sent.start and joined(names[0].start - 1):
        at = names[0].start - 1
        while at > sent.start and joined(at):
            at -= 1
        previous = person_at(at)
        if previous is None:
            break
        names.insert(0, previous)
    while names[-1].end + 1 < sent.end and joined(names[-1].end):
        at = names[-1].end
        while at < sent.end - 1 and joined(at):
            at += 1
        following = person_at(at)
        if following is None:
            break
        names.append(following)
    return names


def title_before(doc: Doc, end: int, floor: int, vocab: Vocabulary) -> int:
    """How many words before `end` make a title from titles.txt (its last word may be plural)."""
    for size in range(vocab.longest_title, 0, -1):
        if end - size < floor:
            continue
        words = lower_words(doc[end - size:end])
        last = doc[end - 1]
        plural = words[:-1] + (last.lemma_.lower(),) if last.tag_ in {"NNS", "NNPS"} else None
        if words in vocab.titles or plural in vocab.titles:
            return size
    return 0


def modifiers_before(doc: Doc, start: int, floor: int, ctx: DocContext, vocab: Vocabulary) -> int:
    """Where a title phrase begins: back over the capitalised words, modifiers and joined
    titles before the title ('former', 'Brooklyn federal', 'Chairman and', 'Chief of',
    'then-'), up to a determiner, a possessive, a verb or another person."""
    while start > floor:
        token = doc[start - 1]
        mention = ctx.mention_of(token)
        if mention is not None and mention.type == "Person":
            break
        if token.text in {"-", "–"} and not token.whitespace_ and start - 2 >= floor and not doc[start - 2].whitespace_:
            start -= 2
            continue
        joined = token.lower_ in {"and", "&", "of"} and start - 2 >= floor and (doc[start - 2].lower_,) in vocab.titles
        modifies = token.dep_ in {"amod", "compound", "nmod", "flat"} and start <= token.head.i < start + 4
        if joined or (token.pos_ in ROLE_POS and (token.is_title or token.is_upper or modifies)):
            start -= 1
            continue
        break
    return start


def title_body(span: Span, ctx: DocContext, vocab: Vocabulary) -> tuple[Span, str] | Mention | None:
    """The institution a title phrase before a name opens with ('GMF spokesperson X', 'Chancellery
    Spokesman X', 'Acme head coach X'), which the parser folds into the role: the mention
    already there, or the capitalised words before the title with the type of a mention of
    the same name elsewhere in the article, of an institution an acronym spells, or of a
    cue word in them; None where they name nothing else the article knows."""
    phrase = title_phrase(span, ctx, vocab)
    if phrase is None:
        return None
    doc = span.doc
    start, title, _ = phrase
    end = start
    while end < title and (doc[end].pos_ == "PROPN" or doc[end].is_upper) and (doc[end].lower_,) not in vocab.titles:
        end += 1
    if end == start:
        return None
    existing = ctx.mention_of(doc[start])
    if existing is not None:
        return existing if existing.type in ORGANISATIONS else None
    body = doc[start:end]
    key = normalise_name(body.text)
    named = {m.type for m in ctx.mentions if m.type in ORGANISATIONS and normalise_name(m.text) == key}
    spelled = {m.type for m in ctx.mentions if m.type in ORGANISATIONS and body.text.isupper()
               and spells(body.text, m.text)}
    types = named or spelled or ({head_type(body, vocab)} - {None})
    return (body, types.pop()) if len(types) == 1 else None


def ministry_of(ctx: DocContext, role: str) -> Mention | None:
    """The ministry a minister's role names when the article names it in full ('Mines and
    Forests Minister' -> 'Ministry of Mines and Forests'), or None; it stands in for the part
    of its name the model tagged alone ('Mines and Forests')."""
    words = role.split()
    if len(words) < 2 or words[-1].lower() != "minister":
        return None
    subject = " ".join(w for w in words[:-1] if w.lower() not in {"former", "the", "then", "acting", "deputy"})
    wanted = {f"ministry of {subject.lower()}", f"ministry of the {subject.lower()}"}
    return next((m for m in ctx.mentions if m.type in ORGANISATIONS and normalise_name(m.text) in wanted), None)


def described_roles(ctx: DocContext, vocab: Vocabulary) -> list[Fact]:
    """A modified role description, as a subject, that stands for a person named earlier gives
    that person the role as written ('the ECA spokesman said …', 'the Chancellery press
    secretary warned …'), and the body it names; only where one person so far holds such a
    role (of two presidents, 'the Central American president' could be either). So does the
    lede's description of the person the next sentence names ('A former mayor of X was …')."""
    found = []
    for token in ctx.doc:
        if token.pos_ not in {"NOUN", "PROPN"} or not lemma_in(token, vocab.roles) \
                or ctx.mention_of(token) is not None or any(c.dep_ == "appos" for c in token.children):
            continue
        introduced = ctx.introduced(token)
        if token.dep_ not in SUBJECTS and introduced is None:
            continue
        modifiers = [c for c in token.lefts if c.dep_ in {"amod", "compound"}]
        person = introduced or (ctx.described(token, {"Person"}) if modifiers else None)
        if person is None or len(ctx.role_holders(token.lemma_.lower(), token.idx)) > 1:
            continue
        start = min((t.i for c in modifiers for t in c.subtree), default=token.i)
        role = role_phrase(token, ctx, vocab) if introduced else ctx.doc[start:token.i].text_with_ws + singular(token)
        sentence = sentence_span(ctx.doc, sentence_of(token).start_char, sentence_of(token).end_char)
        if role.lower() not in {r.lower() for r in ctx.roles.get(person, ())}:
            found.append(Fact(person, "holdsRole", role, ctx.document.id, sentence))
        body = ctx.mention_in(ctx.doc[start:token.i], ORGANISATIONS)
        if body is not None:
            found.append(Fact(person, "memberOf", body, ctx.document.id, sentence))
    return found


def roles_taken(ctx: DocContext, vocab: Vocabulary) -> list[Fact]:
    """A position a person takes, holds or leaves 'as' ('took office as head of the Cabinet',
    'stepped down as president', 'served as finance minister')."""
    found = []
    for frame in ctx.clauses.frames.values():
        noun = frame.oblique({"as"})
        if noun is None or not frame.factual or not lemma_in(noun, vocab.roles) or frame.subject is None:
            continue
        person = ctx.referent(frame.subject, {"Person"})
        if person is not None and ctx.mention_of(noun) is None:
            found.append(Fact(person, "holdsRole", role_phrase(noun, ctx, vocab), ctx.document.id, sentence_span(
                ctx.doc, sentence_of(noun).start_char, sentence_of(noun).end_char)))
    return found


def role_in_apposition(span: Span, ctx: DocContext, vocab: Vocabulary) -> str | None:
    """The position an apposition gives a person, with what it is of: 'Jane Doe, the mayor of
    Springfield' -> 'mayor of Springfield', 'Ruritania's finance minister, Jane Doe' ->
    'finance minister of Ruritania'. Only nouns that name a position count ('a father of two'
    is no role), and not one inside the phrase of a noun that names none ('the wife of the
    governor, X')."""
    for noun in apposition_nouns(span):
        mention = ctx.mention_of(noun)
        between = span.doc[span.end:noun.i + 2] if noun.i > span.start else span.doc[noun.i + 1:span.start]
        others = {m for t in [*noun.subtree, *between] for m in [ctx.mention_of(t)]
                  if m is not None and m.type == "Person" and not span.start_char <= m.start < span.end_char}
        owned = noun.dep_.startswith("nmod") and noun.head.i < noun.i and noun.head.pos_ == "NOUN" \
            and not lemma_in(noun.head, vocab.roles) and noun.i < span.start
        if noun.pos_ in {"NOUN", "PROPN"} and (mention is None or mention.type != "Person") \
                and lemma_in(noun, vocab.roles) and not others and not owned:
            return role_phrase(noun, ctx, vocab)
    return None


def role_of_list(span: Span, ctx: DocContext, vocab: Vocabulary) -> str | None:
    """The role a plural role phrase set off before a list of names gives each of them: 'Two
    other municipal officials from X, A and B, are …' -> 'municipal official from X'."""
    doc, sent = ctx.doc, sentence_of(span[0])
    names = listed_names(span, ctx)
    first, last = names[0], names[-1]
    if first == last or doc[first.start - 1].text != "," or last.end < sent.end and doc[last.end].text != ",":
        return None
    phrase = comma_phrase(doc, first.start - 1, sent.start - 1, -1)
    nouns = [t for t in phrase or () if t.tag_ in {"NNS", "NNPS"} and lemma_in(t, vocab.roles)]
    if not nouns:
        return None
    words = role_phrase(nouns[-1], ctx, vocab).split()
    while words and words[0].lower() in LIST_QUANTIFIERS:
        words = words[1:]
    return " ".join(words) or None


def affiliations(span: Span, ctx: DocContext, vocab: Vocabulary) -> list[Mention]:
    """The organisations a person's role phrase names: before the name ('GMF spokesperson X',
    'Acme chief executive X'), where a role word stands between the body and the name, and in
    an apposition headed by a role noun ('X, the agency's director of enforcement'; 'X, a
    representative of the firm' is of the firm the article named last), but not one that says
    whom X represents ('X, counsel to the agency')."""
    doc, sent = span.doc, sentence_of(span[0])
    found: list[Mention] = []
    role_seen = False
    for token in reversed(doc[max(sent.start, span.start - 8):span.start]):
        mention = ctx.mention_of(token)
        if mention is None and token.lower_ not in POSSESSIVES and token.lower_ not in ROLE_LINKS \
                and token.pos_ not in {"NOUN", "PROPN", "ADJ"}:
            break
        if mention is None:
            role_seen = role_seen or token.lower_ in vocab.roles or token.lower_ in vocab.single_titles
        elif mention.type in ORGANISATIONS and role_seen:
            found.append(mention)
            break
        elif mention.type == "Person":
            break
    for noun in apposition_nouns(span):
        if noun.pos_ in {"NOUN", "PROPN"} and ctx.mention_of(noun) is None and lemma_in(noun, vocab.roles) \
                and not lemma_in(noun, representing_nouns()):
            body = role_body(noun, ctx)
            if body is not None and body not in found:
                found.append(body)
    return found


def role_body(noun: Token, ctx: DocContext) -> Mention | None:
    """The body a role noun's phrase names: by name, as its owner, or by a description of one
    named before ('a representative of the firm')."""
    owner = role_owner(noun, ctx)
    if owner is not None and owner.type not in ORGANISATIONS:
        owner = None
    described = (ctx.described(t, ORGANISATIONS) for t in noun.subtree if t.i != noun.i and t.pos_ == "NOUN")
    return ctx.mention_in(noun.subtree, ORGANISATIONS) or owner or next((m for m in described if m), None)


def role_phrase(noun: Token, ctx: DocContext, vocab: Vocabulary) -> str:
    """A role noun with its modifiers and the phrases that say what it is of ('chief executive
    of X', 'curator and director of exhibits at Y'), up to the next comma; a place or body
    that owns it ('Ruritania's …') is put after it ('… of Ruritania')."""
    doc = noun.doc
    end = noun.i + 1
    start = role_start(noun, ctx)
    owner = role_owner(noun, ctx)
    for child in noun.rights:
        hyphenated = child.i == end + 1 and doc[end].text == "-" and not doc[end].whitespace_ and not noun.whitespace_
        if child.dep_.startswith("nmod") or child.dep_ in {"conj", "cc"} or hyphenated or \
                (child.i == end and child.dep_ in {"flat", "compound", "amod"}):
            end = child.right_edge.i + 1
    end = next((i for i in range(noun.i + 1, end) if doc[i].text in ROLE_PHRASE_ENDS), end)
    while doc[end - 1].pos_ in DANGLING_POS:
        end -= 1
    role = (doc[start:noun.i].text_with_ws + singular(noun) + noun.whitespace_ + doc[noun.i + 1:end].text).rstrip()
    if owner is not None and owner.type != "Person":
        role += f" of {place_name(owner.text, vocab) if owner.type == 'Place' else owner.text}"
    return role


def role_start(noun: Token, ctx: DocContext) -> int:
    """Where a role noun's phrase starts: at its modifiers, as parsed or as lower-case words
    before it ('former money laundering reporting officer')."""
    doc = noun.doc
    modifiers = {token.i for child in noun.lefts if child.dep_ in {"amod", "compound"} for token in child.subtree}
    start = noun.i
    while start > 0 and doc[start - 1].text not in ROLE_PHRASE_ENDS and (start - 1 in modifiers or (
            (doc[start - 1].pos_ in {"ADJ", "NOUN"} or doc[start - 1].tag_ == "VBG") and doc[start - 1].is_lower
            and ctx.mention_of(doc[start - 1]) is None)):
        start -= 1
    return start


def role_owner(noun: Token, ctx: DocContext) -> Mention | None:
    """The body or place whose role it is, by a possessive before the role ('Ruritania's finance
    minister', 'the bank's former reporting officer': the bank the article named last), as
    parsed or as written."""
    doc = noun.doc
    owners = [child for child in noun.lefts if child.dep_ == "nmod:poss"]
    start = role_start(noun, ctx)
    if not owners and start > 1 and doc[start - 1].text in POSSESSIVES:
        owners = [doc[start - 2]]
    return next((ctx.mention_of(owner) or ctx.described(owner, ORGANISATIONS | {"Place"}) for owner in owners), None)


def singular(noun: Token) -> str:
    """A plural role noun as one holder's role ('councillors Jane Doe and John Roe': each is a
    'councillor'), in the case it was written."""
    lemma = noun.lemma_
    if noun.tag_ in {"NNS", "NNPS"} and noun.lower_.startswith(lemma.lower()):
        return noun.text[:len(lemma)]
    return noun.text


def place_in(tokens: Span, ctx: DocContext, vocab: Vocabulary) -> str | None:
    """A place named among the words of a title phrase: a place mention or a demonym."""
    for token in tokens:
        mention = ctx.mention_of(token)
        if mention is not None and mention.type == "Place":
            return place_name(mention.text, vocab)
        if token.lower_ in vocab.demonyms:
            return vocab.demonyms[token.lower_]
    return None


def place_name(text: str, vocab: Vocabulary) -> str:
    return vocab.demonyms.get(text.lower(), text)


def refine_type(span: Span, type_: str, vocab: Vocabulary) -> str:
    """A finer class from the name's own head words ('... Court', 'Ministry of ...'; but
    'in the ... Office' is a place), the noun right before it ('the gang X'), or the noun it
    is introduced by ('a prison known as X'); an organisation cited with 'per X' is a media outlet."""
    doc = span.doc
    own = head_type(span, vocab)
    if own is not None and span[-1].lower_ in vocab.locative_heads and located(span, vocab):
        return "Place"
    if own is not None:
        return own
    before = lower_words(doc[max(span.start - 3, 0):span.start])
    for cue, cue_type in vocab.type_cues:
        if before and before[-len(cue):] == cue:
            return cue_type
    start = span.start - (doc[span.start - 1].lower_ == "the" if span.start else 0)
    for naming in NAMING:
        if lower_words(doc[max(start - len(naming), 0):start]) == naming:
            window = lower_words(doc[max(start - len(naming) - 4, 0):start - len(naming)])
            for cue, cue_type in vocab.type_cues:
                if any(window[i:i + len(cue)] == cue for i in range(len(window))):
                    return cue_type
    if type_ == "Organization" and before[-1:] and before[-1] in vocab.outlet_markers:
        return "MediaOutlet"
    return type_


def located(span: Span, vocab: Vocabulary) -> bool:
    """Whether a name follows a locative preposition ('in the Oval Office')."""
    start = span.start - (1 if span.start and span.doc[span.start - 1].lower_ == "the" else 0)
    return start > 0 and span.doc[start - 1].lower_ in vocab.locative_prepositions


def definite_place(span: Span, vocab: Vocabulary) -> bool:
    """Whether a name read as a person's is a place by its article: 'in the Upper Vale' (a
    person is never 'in the' anyone)."""
    return span.start > 0 and span.doc[span.start - 1].lower_ == "the" and located(span, vocab)


def head_type(span: Span, vocab: Vocabulary) -> str | None:
    """The class a name's own head words give it: '… Court', '… Detention Center',
    'Ministry of …'. A person's name never ends in one of them."""
    words = lower_words(span)
    head = words[:words.index("of")] if "of" in words[1:] else words
    for cue, cue_type in vocab.type_cues:
        if words[-len(cue):] == cue or head[-len(cue):] == cue:
            return cue_type
    return None


def cued_names(doc: Doc, ctx: DocContext, vocab: Vocabulary):
    """Names the statistical model missed that a type noun introduces: 'the gang X-9'."""
    for token in doc:
        cues = vocab.cues_by_last_word.get(token.lower_, ())
        if not cues or token.i + 1 >= len(doc) or ctx.mention_of(doc[token.i + 1]) is not None:
            continue
        for cue, cue_type in cues:
            if len(cue) == 1 and token.pos_ in {"NOUN", ""}:
                end = token.i + 1
                while end < len(doc) and (doc[end].pos_ == "PROPN" or any(c.isupper() for c in doc[end].text)) \
                        and not doc[end].is_punct and ctx.mention_of(doc[end]) is None:
                    end += 1
                if end > token.i + 1:
                    yield doc[token.i + 1:end], cue_type
                break


def aged_names(doc: Doc, ctx: DocContext):
    """Names the statistical model missed that an age sets off as a person's: 'Jane Roe Doe,
    34, appeared …'; two to four capitalised words that no mention covers."""
    for token in doc:
        age = token.text.isascii() and token.text.isdigit() and 0 < int(token.text) < 120
        if not (age and 2 < token.i + 1 < len(doc) and doc[token.i - 1].text == "," and doc[token.i + 1].text == ","):
            continue
        start = token.i - 1
        while start > sentence_of(token).start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                and ctx.mention_of(doc[start - 1]) is None and token.i - 1 - start < 4:
            start -= 1
        if 2 <= token.i - 1 - start <= 4:
            yield doc[start:token.i - 1], "Person"


def headed_names(doc: Doc, ctx: DocContext, vocab: Vocabulary):
    """Capitalised names that end in a type noun but that the statistical model missed:
    'Bureau of Land Management', 'Northern Detention Center', 'Ministry of Health'."""
    lowers = [t.lower_ for t in doc]
    for token in doc:
        cues = vocab.cues_by_last_word.get(token.lower_)
        if not cues or not token.is_title or ctx.mention_of(token) is not None:
            continue
        sentence_start = sentence_of(token).start
        for cue, cue_type in cues:
            first = token.i - len(cue) + 1
            if first < sentence_start or tuple(lowers[first:token.i + 1]) != cue \
                    or not all(t.is_title for t in doc[first:token.i + 1]):
                continue
            start = first
            while start > sentence_start:
                previous = doc[start - 1]
                if ctx.mention_of(previous) is not None or previous.is_sent_start:
                    break
                if previous.is_title and previous.pos_ in {"PROPN", "ADJ", "NOUN"}:
                    start -= 1
                elif previous.lower_ in {"of", "and", "for", "&"} and start - 2 >= sentence_start \
                        and doc[start - 2].is_title and doc[start - 2].pos_ == "PROPN":
                    start -= 2
                else:
                    break
            if start < token.i:
                span = doc[start:token.i + 1]
                yield span, "Place" if token.lower_ in vocab.locative_heads and located(span, vocab) else cue_type
            break


def named_groups(doc: Doc, ctx: DocContext, vocab: Vocabulary):
    """Criminal groups named by a capitalised word and a lower-case group noun ('the Norte
    cartel', 'the Red Hand gang'), often a place's name the model tagged alone; a name the
    model tagged as an organisation stays as it is ('the Red Dragons gang')."""
    nouns = {cue[0] for cue, cue_type in vocab.type_cues if cue_type == "CriminalOrganization" and len(cue) == 1}
    for token in doc:
        if token.lower_ not in nouns or not token.is_lower or not token.i or ctx.mention_of(token) is not None:
            continue
        named = ctx.mention_of(doc[token.i - 1])
        if named is not None and named.type != "Place":
            continue
        start = token.i
        while start > sentence_of(token).start and doc[start - 1].is_title and doc[start - 1].pos_ in {"PROPN", "ADJ"}:
            start -= 1
        if start < token.i:
            yield doc[start:token.i + 1]


def located_courts(doc: Doc, ctx: DocContext, vocab: Vocabulary):
    """A court the article names only by its kind and seat ('a criminal court in Tunis', 'the
    court in Ruritania's capital Vostok'): a court, named by that description. 'The court in
    X' after a named court is that court, not another."""
    kinds = {cue[0] for cue, kind in vocab.type_cues if kind == "Court" and len(cue) == 1}
    for token in doc:
        if token.lower_ not in kinds or not token.is_lower or ctx.mention_of(token) is not None:
            continue
        article = next((c.lower_ for c in token.lefts if c.dep_ == "det"), None)
        if article not in {"a", "an", "the"} or token.i + 2 >= len(doc) or doc[token.i + 1].lower_ != "in":
            continue
        if article == "the" and any(m.type == "Court" and m.end <= token.idx for m in ctx.mentions):
            continue
        at = token.i + 2 + (doc[token.i + 2].lower_ == "the")
        place = ctx.mention_of(doc[at]) if at < len(doc) else None
        if place is None or place.type != "Place":
            continue
        end = doc.char_span(place.start, place.end, alignment_mode="expand").end
        if end + 2 < len(doc) and doc[end].lower_ in POSSESSIVES and doc[end + 1].is_lower:
            seat = ctx.mention_of(doc[end + 2])
            if seat is not None and seat.type == "Place":
                end = doc.char_span(seat.start, seat.end, alignment_mode="expand").end
        start = token.i
        while start - 1 > sentence_of(token).start and doc[start - 1].dep_ in {"amod", "compound"} \
                and doc[start - 1].head.i == token.i and ctx.mention_of(doc[start - 1]) is None:
            start -= 1
        yield doc[start:end]


def courts_by_deed(ctx: DocContext, vocab: Vocabulary) -> tuple[list[Span], dict[Mention, str]]:
    """Who the article shows sentencing, convicting or acquitting someone is a court ('the X
    sentenced a former mayor to ten years'), whatever their name looks like: names the model
    missed, and organisations or unknown places it typed otherwise."""
    verbs = rules()["rulings"]["sentencing_verbs"]
    spans, retyped = [], {}
    for frame in ctx.clauses.with_lemma(verbs):
        doer = frame.doer
        if doer is None:
            continue
        mention = ctx.referent(doer)
        if mention is None and doer.pos_ == "PROPN" and doer.is_title:
            words = [t for t in doer.subtree if t.i <= doer.i and (t.i == doer.i or t.dep_ in {"compound", "flat"})]
            spans.append(ctx.doc[words[0].i:doer.i + 1])
        elif mention is not None and (mention.type in {"Organization", "Company"} or (
                mention.type == "Place" and mention.text.lower() not in vocab.place_names)):
            retyped[mention] = "Court"
    return spans, retyped


def institution_spans(doc: Doc, vocab: Vocabulary):
    """Institutions named by common nouns: 'the federal government', 'the X administration'
    (the name before it is part of it), 'Ruritania's government'; a bare 'the administration'
    only where the article also names which administration."""
    entity_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    taken: set[int] = set()
    found: list[Span] = []
    for token in doc:
        span = None
        for words, _ in vocab.institutions:
            if token.lower_ == words[0] and lower_words(doc[token.i:token.i + len(words)]) == words:
                start = token.i
                while start > 0 and (vocab.label_types.get(getattr(entity_at.get(start - 1), "label_", "")) == "Person"
                                     or (doc[start - 1].is_title and not doc[start - 1].is_sent_start
                                         and doc[start - 1].pos_ in {"PROPN", "NOUN", ""})):
                    start -= 1
                span = doc[start:token.i + len(words)]
                break
        if span is None and token.lower_ in vocab.headed_institutions and token.i >= 2 \
                and doc[token.i - 1].lower_ in POSSESSIVES:
            owner = entity_at.get(token.i - 2)
            if owner is not None and vocab.label_types.get(owner.label_) == "Place":
                span = doc[owner.start:token.i + 1]
        if span is None and token.lower_ in vocab.modified_institutions and token.is_lower:
            span = modified_institution(doc, token, vocab)
        if span is not None and taken.isdisjoint(range(span.start, span.end)):
            taken.update(range(span.start, span.end))
            found.append(span)
    named = {span[-1].lower_ for span in found if len(span) > 1}
    yield from (span for span in found if len(span) > 1 or span[0].lower_ not in vocab.needs_a_name
                or span[0].lower_ in named)


def named_institutions(ctx: DocContext) -> dict[str, str]:
    """The institutions the article names in more than one word, by name, with their types."""
    return {m.text: m.type for m in ctx.mentions if m.type in ORGANISATIONS and len(m.text.split()) > 1}


def misread_acronyms(ctx: DocContext) -> dict[Mention, str]:
    """An acronym the model took for a person or place that spells one institution of the
    article ('the Global Monetary Fund … said GMF spokesperson X') has that institution's type."""
    institutions = named_institutions(ctx)
    found = {}
    for mention in ctx.mentions:
        if mention.type in {"Person", "Place"} and mention.text.isupper() and 2 <= len(mention.text) <= 6:
            spelled = {type_ for name, type_ in institutions.items() if spells(mention.text, name)}
            if len(spelled) == 1:
                found[mention] = spelled.pop()
    return found


def short_forms(doc: Doc, ctx: DocContext) -> list[tuple[Span, str]]:
    """Short forms the model left untagged of one institution the article names in full,
    with its type: an acronym that spells it ('the Global Monetary Fund … the GMF
    said'), or a company's first word ('Acme Tire & Rubber Company … Acme said')."""
    institutions = named_institutions(ctx)
    companies = [name for name, type_ in institutions.items() if type_ == "Company"]
    found = []
    for token in doc:
        if ctx.mention_of(token) is not None or not token.is_alpha:
            continue
        if token.is_upper and 2 <= len(token.text) <= 6:
            named = {name: type_ for name, type_ in institutions.items() if spells(token.text, name)}
        elif token.is_title and not token.is_stop and token.pos_ in {"PROPN", "NOUN"}:
            named = {name: "Company" for name in companies if name.split()[0] == token.text}
        else:
            continue
        if len(named) == 1:
            found.append((doc[token.i:token.i + 1], named.popitem()[1]))
    return found


def modified_institution(doc: Doc, head: Token, vocab: Vocabulary) -> Span | None:
    """'the finance ministry', 'the Ruritanian foreign ministry': the head and the lower-case
    words or nationality before it, when 'the' or a possessive opens them."""
    start = head.i
    while start > 0 and (doc[start - 1].is_lower and doc[start - 1].pos_ in {"NOUN", "ADJ"}
                         or doc[start - 1].lower_ in vocab.demonyms and doc[start - 1].pos_ in {"ADJ", "PROPN"}):
        start -= 1
    if start == head.i or not start or (doc[start - 1].lower_ != "the" and doc[start - 1].lower_ not in POSSESSIVES):
        return None
    return doc[start:head.i + 1]


def reordered_names(ctx: DocContext) -> list[tuple[Mention, Mention]]:
    """'the finance ministry' and 'Ministry of Finance' in one article are one body."""
    full = {normalise_name(m.text): m for m in ctx.mentions if m.type in ORGANISATIONS and " of " in m.text}
    pairs = []
    for mention in ctx.mentions:
        words = mention.text.lower().split()
        if len(words) > 1 and mention.type in ORGANISATIONS and mention.text.islower():
            modifiers = " ".join(words[:-1])
            other = full.get(f"{words[-1]} of {modifiers}") or full.get(f"{words[-1]} of the {modifiers}")
            if other is not None:
                pairs.append((mention, other))
    return pairs


def alias_pairs(doc: Doc, ctx: DocContext) -> tuple[tuple[Mention, Mention], ...]:
    """Two names for one thing side by side: 'the Bureau of X, or BX', 'Bureau of X (BX)', a
    person's 'Jane Doe alias Janet Roe' (but 'A or B' are two people); not a place and the
    agency credited after it ('KABUL (Agency)')."""
    pairs = []
    mentions = sorted(ctx.mentions, key=lambda m: m.start)
    for first, second in zip(mentions, mentions[1:]):
        between = tuple(w for w in text_of(doc)[first.end:second.start].strip(" ,").lower().split() if w != "the")
        if first.type == second.type == "Person" and between in PERSON_ALIAS_LINKS:
            pairs.append((first, second))
        elif not (first.type == "Person" or second.type == "Person" or first.money or second.money
                  or {first.type, second.type} == {"Place", "MediaOutlet"}) and between in ALIAS_LINKS:
            pairs.append((first, second))
    return tuple(pairs)
