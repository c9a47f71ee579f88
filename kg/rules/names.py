"""`kg_names`: mend the statistical entity spans with the tagger and general vocabulary.

* a person's name runs over the proper nouns next to it ('Jane' + 'Doe'), stopping at
  titles and at other entities;
* a person's name does not take in the titles and honorifics before it ('President',
  'Ohio Senator', 'Mr.'), and a name the model typed otherwise that follows an honorific
  ('Ms' + 'Roe') is a person's;
* capitalised proper nouns right after a title or honorific ('President …', 'Mr …') that no
  entity covers are a person's name, unless they end in an institution word ('Justice
  Department');
* nationality words ('Ruritanian'), plural names of groups ('Romans') and a lone head word
  ('the University', 'the State') are not entities, and country names are places, found
  even where the model missed them;
* a name with a possessive inside ('Ruritania's Central Prison') is two names, unless the
  owner is a group of people or the thing a bare head word ('People's Republic of …',
  'St. John's University'); so are places listed with a comma ('Aceh, Indonesia') and a
  person of a body ('Jane Doe of the X Party');
* a name keeps its hyphenated parts ('Kim Jong-un') and loses edge punctuation;
* two person spans that touch are one name, and a name stops before a lowercase word
  that is not a name connector ('of', 'the', 'de' …);
* an "organisation" right before a title and a name, or one ending in a title right before
  a name, is part of a role phrase ('Ohio Democratic Senator Jane Doe');
* a "place" that is the source of a claim ('per X', 'according to X') and not a known place
  is an organisation;
* proper nouns the model left untagged are typed by gazetteers and head words: a known
  place, a run that starts with a first name, a run that ends in 'University' or 'Party';
* a lone surname of a person the article names in full is that person's, however the model
  typed it ('Romney' after 'Mitt Romney');
* a "person" whose name, run on, ends in an organisation word ('… Department', '… Foundation')
  is an organisation, and an institution's name takes in the capitalised words and the
  country before it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.rules.context import sentence_of
from kg.rules.vocabulary import Vocabulary, load_vocabulary

PERSON_LABELS = {"PERSON", "PER"}
NAME_LABELS = PERSON_LABELS | {"ORG", "GPE", "LOC", "FAC", "NORP"}
HEAD_LINKS = {"of", "on", "for"}
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "ul", "ud"}
NAME_CONNECTORS = {"of", "and", "the", "for", "de", "del", "da", "di", "du", "la", "le", "van", "von", "der", "y", "&"}
MAX_NAME_TOKENS = 5
KEPT_MARKS = {"!", "?", ".", "&"}
PARTICLE_NAME = re.compile(r"[a-z]{1,3}[-'’][A-Z][a-z]")


def name_word(token, titles: frozenset[str], demonyms: frozenset[str]) -> bool:
    """A capitalised proper noun ('Doe', 'al-Sadr'; by its part of speech or its tag) that is
    not a title, an honorific or a nationality."""
    return ((token.pos_ == "PROPN" or token.tag_ == "NNP") and (token.is_title or PARTICLE_NAME.match(token.text) is not None)
            and token.lower_ not in titles and token.lower_ not in demonyms and not token.is_punct)


@Language.component("kg_names")
def mend_names(doc: Doc) -> Doc:
    vocab = load_vocabulary()
    titles, demonyms, countries, heads = vocab.before_names, vocab.nationalities, vocab.countries, vocab.institution_heads
    spans: list[Span] = []
    for ent in [part for whole in doc.ents for part in split_names(whole, vocab)]:
        ent = cut_at_lowercase(ent)
        ent = ent and trim_edges(join_hyphenated(ent))
        if ent is None:
            continue
        if names_a_group(ent, vocab) or bare_head(ent, vocab):
            continue
        if ent.label_ in PERSON_LABELS | {"ORG"} and ent.text.lower().removeprefix("the ") in vocab.place_names:
            ent = Span(doc, ent.start, ent.end, label="GPE")
        if ent.label_ in {"GPE", "LOC"} and names_a_source(ent) and ent.text.lower() not in vocab.place_names:
            ent = Span(doc, ent.start, ent.end, label="ORG")
        if ent.label_ in {"ORG", "GPE", "LOC"} and (looks_like_a_person(ent) or after_honorific(ent, vocab)):
            ent = Span(doc, ent.start, ent.end, label="PERSON")
        if ent.label_ in PERSON_LABELS:
            ent = strip_title(ent, vocab)
            if ent is None:
                continue
            ent = complete_name(ent, titles, demonyms)
        if ent.label_ in PERSON_LABELS and ent[-1].lower_ in vocab.name_heads:
            ent = Span(doc, ent.start, ent.end, label="ORG")
        elif ent.label_ in PERSON_LABELS and len(ent) > 1 and ent[-1].lower_ in vocab.place_heads \
                and ent[0].lower_ not in vocab.given_names:
            ent = Span(doc, ent.start, ent.end, label="LOC")
        if ent.label_ == "ORG" and in_role_phrase(ent, titles, heads):
            continue
        if ent.label_ == "ORG":
            ent = widen_institution(ent, spans)
        spans.append(ent)
    covered = {i for span in spans for i in range(span.start, span.end)}
    for span in country_spans(doc, countries):
        if covered.isdisjoint(range(span.start, span.end)):
            spans.append(span)
            covered.update(range(span.start, span.end))
    for token in doc[:-1]:
        if token.lower_ in titles and token.is_title and token.i + 1 not in covered:
            end = token.i + 1
            while end < len(doc) and end not in covered and name_word(doc[end], titles, demonyms) \
                    and end - token.i <= MAX_NAME_TOKENS:
                end += 1
            if end - token.i >= 2 and doc[end - 1].lower_ in heads:
                span = widen_institution(Span(doc, token.i, end, label="ORG"), spans)
                spans.append(span)
                covered.update(range(span.start, span.end))
            elif end - token.i >= 2:
                spans.append(Span(doc, token.i + 1, end, label="PERSON"))
                covered.update(range(token.i + 1, end))
    for span in untagged_names(doc, covered):
        spans.append(widen_institution(span, spans) if span.label_ == "ORG" else span)
    doc.ents = join_touching_names(filter_spans(surnames_of_people(doc, spans, vocab)), vocab)
    return doc


def complete_name(ent: Span, titles: frozenset[str], demonyms: frozenset[str]) -> Span:
    """A person's span run on over the untagged name words beside it in its sentence and over
    a hyphened particle after it ('Habib' + 'al-Adly'), but not back into a title ('Secretary
    of State')."""
    doc = ent.doc
    start, end = ent.start, ent.end
    sentence = sentence_of(ent[0])
    vocab = load_vocabulary()
    while start > sentence.start and doc[start - 1].ent_type_ == "" and name_word(doc[start - 1], titles, demonyms) \
            and end - start < MAX_NAME_TOKENS and not ends_a_title(doc, start - 1, vocab):
        start -= 1
    while end < sentence.end and end - start < MAX_NAME_TOKENS:
        if doc[end].ent_type_ == "" and name_word(doc[end], titles, demonyms):
            end += 1
        elif hyphened_particle(doc, end, sentence.end):
            end += 3
        else:
            break
    return Span(doc, start, end, label=ent.label_)


def hyphened_particle(doc: Doc, i: int, limit: int) -> bool:
    """'al-Masri', 'el-Amin', 'bin-Rashid': a lower-case name particle joined by a hyphen to a
    capitalised word."""
    return i + 2 < limit and doc[i].lower_ in NAME_PARTICLES and doc[i + 1].text == "-" \
        and not doc[i].whitespace_ and not doc[i + 1].whitespace_ and doc[i + 2].is_title


def surnames_of_people(doc: Doc, spans: list[Span], vocab: Vocabulary) -> list[Span]:
    """One name, one thing per article: a lone surname of a person the article names in full
    ('Romney' after 'Mitt Romney', 'Halabi-Nour' after 'Youssef Halabi-Nour') is that
    person, whether the model typed it as a place or an organisation or left it untagged,
    unless it is a known place ('Washington')."""
    surnames = {surname(span).text for span in spans
                if span.label_ in PERSON_LABELS and len(span) > len(surname(span)) and span[-1].is_alpha
                and span[-1].is_title}
    surnames -= {name for name in surnames if name.lower() in vocab.place_names}
    covered = {i for span in spans for i in range(span.start, span.end)}
    mended = [Span(doc, span.start, span.end, label="PERSON")
              if span.label_ not in PERSON_LABELS and len(surname(span)) == len(span) and span.text in surnames
              else span for span in spans]
    mended += [Span(doc, token.i, token.i + 1, label="PERSON") for token in doc
               if token.i not in covered and token.pos_ == "PROPN" and token.text in surnames]
    return mended


def surname(span: Span) -> Span:
    """A name's last word, with the parts a hyphen joins to it ('Halabi-Nour')."""
    start = span.end - 1
    while start - 2 >= span.start and span.doc[start - 1].text == "-" and not span.doc[start - 1].whitespace_ \
            and not span.doc[start - 2].whitespace_:
        start -= 2
    return span.doc[start:span.end]


def bare_head(ent: Span, vocab: Vocabulary) -> bool:
    """A lone head word ('the University', 'the State', 'the Cup') stands for a name said
    in full elsewhere; it is not a name itself."""
    return len(ent) == 1 and ent[0].lower_ in vocab.generic_heads


def names_a_group(ent: Span, vocab: Vocabulary) -> bool:
    """Nationalities ('South Korean', 'Ruritanians') and plural names of groups of people
    ('Romans', 'Native Americans', 'Islamists') are not named entities; a 'person' that is a
    plural proper noun ('Palestinians') is a group too."""
    text, last = ent.text.lower(), ent[-1]
    if text in vocab.place_names:
        return False
    if all(t.lower_ in vocab.nationalities for t in ent) or text in vocab.demonyms:
        return True
    if last.tag_ != "NNPS" or any(t.pos_ not in {"PROPN", "ADJ"} for t in ent):
        return False
    return (len(ent) == 1 and ent.label_ in PERSON_LABELS or last.lower_.removesuffix("s") in vocab.nationalities
            or last.lower_.endswith(vocab.group_suffixes))


def after_honorific(ent: Span, vocab: Vocabulary) -> bool:
    """A name that ends in an honorific and a name ('Ms Roe', 'Lord Doe', 'Undersecretary for
    Education Mr. Roe') names a person, unless it ends in a word of organisations, places or
    events."""
    honorific = next((t.i for t in reversed(ent[:-1]) if t.lower_ in vocab.honorifics), None)
    if honorific is None:
        return False
    rest = ent.doc[honorific + 1:ent.end]
    return all(t.is_title for t in rest) and rest[-1].lower_ not in vocab.not_person_heads


def strip_title(span: Span, vocab: Vocabulary) -> Span | None:
    """'President Jane Doe' -> 'Jane Doe', 'Ohio Senator Jane Doe' -> 'Jane Doe', 'Mr. Doe' ->
    'Doe': a role phrase or honorific inside a person span is not part of the name, also
    one that starts before it ('Secretary of' + 'State Jane Doe'), and a person span that is
    only a title ('the Sheriff') is no name."""
    start = span.start
    floor = max(sentence_of(span[0]).start, span.start - vocab.longest_title + 1)
    for i in range(floor, span.end):
        size = title_length(span.doc, i, span.end, vocab)
        if size and i + size > start:
            start = i + size
    return Span(span.doc, start, span.end, label=span.label_) if start < span.end else None


def ends_a_title(doc: Doc, index: int, vocab: Vocabulary) -> bool:
    """Whether the token at `index` is the last word of a title that starts before it
    ('State' in 'Secretary of State')."""
    return any(title_length(doc, i, index + 1, vocab) == index + 1 - i
               for i in range(max(0, index - vocab.longest_title + 1), index))


def title_length(doc: Doc, start: int, limit: int, vocab: Vocabulary) -> int:
    """Length of the longest title or honorific starting at token `start` (0 if none)."""
    for size in range(min(vocab.longest_title, limit - start), 0, -1):
        if tuple(t.lower_ for t in doc[start:start + size]) in vocab.titles:
            return size
    return 1 if doc[start].lower_ in vocab.honorifics else 0


def in_role_phrase(ent: Span, titles: frozenset[str], heads: frozenset[str]) -> bool:
    """An 'organisation' that qualifies a title before a name ('Ohio Democratic' + 'Senator
    Jane Doe'), or that ends in the title ('Ohio Democratic Senator' + 'Jane Doe')."""
    doc = ent.doc
    before_title = (ent[-1].lower_ not in heads and ent.end + 1 < len(doc)
                    and doc[ent.end].lower_ in titles and doc[ent.end + 1].is_title)
    ending_in_title = (len(ent) > 1 and ent[-1].lower_ in titles and ent.end < len(doc)
                       and doc[ent.end].is_title and doc[ent.end].pos_ == "PROPN")
    return before_title or ending_in_title


def names_a_source(ent: Span) -> bool:
    """The name right after 'per' or 'according to' is the source of a claim."""
    before = tuple(t.lower_ for t in ent.doc[max(ent.start - 2, 0):ent.start])
    return any(before[-len(marker):] == marker for marker in load_vocabulary().source_markers)


def looks_like_a_person(span: Span) -> bool:
    """A short capitalised name that starts with a first name (or has one second, of three
    words or more: 'Zafrul Ahmad Qureshi') and is neither a known place nor ends in a word of
    organisations, places or events ('Monte Carlo Rally')."""
    vocab = load_vocabulary()
    given = span[0].lower_ in vocab.given_names or len(span) >= 3 and span[1].lower_ in vocab.given_names
    return (span[0].is_title and given and len(span) <= MAX_NAME_TOKENS - 2
            and span[-1].lower_ not in vocab.not_person_heads and span.text.lower() not in vocab.place_names)


def untagged_names(doc: Doc, covered: set[int]):
    """Runs of capitalised proper nouns the model left untagged, typed by general vocabulary:
    a known place is a place (so is a country's short form: 'US'; a capitalised word before the
    run joins it when that makes a known place: 'Great Britain'), a run that starts with a
    first name is a person, one that ends in an organisation word ('… University') is an
    organisation; any other run stays untagged."""
    vocab = load_vocabulary()
    titles, demonyms = vocab.before_names, vocab.nationalities
    start = 0
    while start < len(doc):
        end = start
        while end < len(doc) and end not in covered and name_word(doc[end], titles, demonyms):
            end += 1
        if end == start:
            token = doc[start]
            if start not in covered and token.pos_ == "PROPN" and token.is_upper and token.lower_ in vocab.short_forms:
                yield Span(doc, start, start + 1, label="GPE")
            start += 1
            continue
        if start > 0 and start - 1 not in covered and doc[start - 1].is_title \
                and doc[start - 1:end].text.lower() in vocab.place_names:
            start -= 1
        label = None if start - 1 in covered or end in covered or modifies_a_name(doc[start:end]) \
            else run_label(doc[start:end])
        if label is not None:
            yield Span(doc, start, end, label=label)
        start = end


def modifies_a_name(run: Span) -> bool:
    """A run that qualifies a capitalised word after it ('Paris' in 'the Paris Agreement') is
    part of a longer name, not a name of its own."""
    last = run[-1]
    return last.dep_ == "compound" and last.head.i >= run.end and last.head.is_title


def run_label(run: Span) -> str | None:
    """The type general vocabulary gives a run of untagged proper nouns, if any."""
    vocab = load_vocabulary()
    if run.text.lower() in vocab.place_names:
        return "GPE"
    if looks_like_a_person(run):
        return "PERSON"
    if len(run) > 1 and run[-1].lower_ in vocab.name_heads:
        return "ORG"
    if len(run) > 1 and run[-1].lower_ in vocab.place_heads:
        return "LOC"
    return None


def split_names(ent: Span, vocab: Vocabulary) -> list[Span]:
    """The names one entity span holds: an owner and the thing owned, places listed with a
    comma, a person and the body or place they are of."""
    return [piece for part in split_possessive(ent, vocab) for listed in split_listed_places(part)
            for piece in split_affiliation(listed, vocab)]


def split_possessive(ent: Span, vocab: Vocabulary) -> list[Span]:
    """'Ruritania's Central Prison' tagged as one name is two: the owner and the thing. Not
    when the owner is a group of people ('People's Republic of …') or the thing a bare head
    word ('St. John's University')."""
    for token in ent[1:-1]:
        if token.lower_ in {"'s", "’s"}:
            owner, thing = ent.doc[ent.start:token.i], ent.doc[token.i + 1:ent.end]
            if owner[-1].lower_ in vocab.collective_owners or (len(thing) == 1 and thing[0].lower_ in vocab.not_person_heads):
                return [ent]
            owner_label = "GPE" if owner.text.lower().removeprefix("the ") in vocab.countries else ent.label_
            return [Span(ent.doc, owner.start, owner.end, label=owner_label),
                    Span(ent.doc, thing.start, thing.end, label=ent.label_)]
    return [ent]


def split_listed_places(ent: Span) -> list[Span]:
    """'Aceh, Indonesia' tagged as one place is two places, the second containing the first."""
    if ent.label_ not in {"GPE", "LOC"}:
        return [ent]
    parts, start = [], ent.start
    for i in range(ent.start, ent.end + 1):
        if i == ent.end or ent.doc[i].text == ",":
            if i > start:
                parts.append(Span(ent.doc, start, i, label=ent.label_))
            start = i + 1
    return parts


def split_affiliation(ent: Span, vocab: Vocabulary) -> list[Span]:
    """'Jane Doe of the Ruritanian Party' tagged as one person is a person (a first and a last
    name, so not 'John of Gaunt') and the body or place she is of."""
    of = next((t.i for t in ent if t.lower_ == "of"), None)
    if ent.label_ not in PERSON_LABELS or of is None or of - ent.start < 2:
        return [ent]
    start = of + 1 + (ent.doc[of + 1].lower_ == "the" if of + 1 < ent.end else 0)
    if start >= ent.end or not all(t.is_title or t.is_upper or t.text == "-" or hyphenated(t)
                                   for t in ent.doc[ent.start:of]):
        return [ent]
    of_what = ent.doc[start:ent.end]
    label = "GPE" if of_what.text.lower() in vocab.place_names else "ORG"
    return [Span(ent.doc, ent.start, of, label=ent.label_), Span(ent.doc, start, ent.end, label=label)]


def hyphenated(token) -> bool:
    """A word joined to the one before by a hyphen, no spaces ('Jong' '-' 'un')."""
    doc, i = token.doc, token.i
    return i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_


def join_hyphenated(ent: Span) -> Span:
    """A name takes in the hyphenated words it ends in: 'Joliot' + '-Curie', and a lowercase
    one after a name of two words or more, 'Kim Jong' + '-un' (but not 'Iran' + '-backed')."""
    doc, end = ent.doc, ent.end

    def joins(token) -> bool:
        return (hyphenated(token) and token.is_alpha and not token.ent_type_
                and (not token.is_lower or token.i - 1 - ent.start >= 2))

    if doc[end - 1].text == "-" and end < len(doc) and joins(doc[end]):
        end += 1
    while end + 1 < len(doc) and joins(doc[end + 1]):
        end += 2
    return Span(doc, ent.start, end, label=ent.label_) if end > ent.end else ent


def trim_edges(ent: Span) -> Span | None:
    """A name does not start or end with a comma, a hyphen, a bracket, a quotation mark or a
    line break ('Aceh ,'; 'Yahoo!' keeps its mark), nor end in a connector ('Jane Doe of the')."""
    def loose(token) -> bool:
        return token.is_space or token.is_punct and token.text not in KEPT_MARKS

    start, end = ent.start, ent.end
    while start < end and loose(ent.doc[start]):
        start += 1
    while end > start and (loose(ent.doc[end - 1]) or ent.doc[end - 1].text in NAME_CONNECTORS):
        end -= 1
    return Span(ent.doc, start, end, label=ent.label_) if end > start else None


def widen_institution(ent: Span, taken: list[Span]) -> Span:
    """An institution's name runs left over the head word the model left out ('Office of the'
    + 'Inspector General'), capitalised words, also joined by 'and' ('Federal' + 'Bureau of X',
    'Economic and' + 'Financial Crimes Agency') and, when it ends in an institution word,
    over the country before it ('U.S.' + 'Justice Department')."""
    doc, start = ent.doc, ent.start
    heads = load_vocabulary().institution_heads
    occupied = {i for span in taken for i in range(span.start, span.end)}
    sentence_start = sentence_of(ent[0]).start
    head = headed_by(doc, start, sentence_start, heads)
    if head is not None and occupied.isdisjoint(range(head, start)):
        start = head
    while start > sentence_start and start - 1 not in occupied:
        previous = doc[start - 1]
        if previous.ent_type_ in {"GPE", "LOC"} and ent[-1].lower_ in heads and previous.ent_iob_ != "O":
            start = next(e.start for e in doc.ents if e.start <= previous.i < e.end)
            break
        joined = doc[start - 2] if start - 2 > sentence_start else None
        if previous.lower_ in {"and", "&"} and joined is not None and joined.i not in occupied \
                and joined.is_title and joined.pos_ in {"PROPN", "ADJ"} and not joined.ent_type_:
            start -= 2
            continue
        if previous.ent_type_ or not (previous.is_title or previous.is_upper) \
                or previous.pos_ not in {"PROPN", "ADJ", "NOUN"} or previous.is_sent_start and previous.is_stop:
            break
        start -= 1
    return Span(doc, start, ent.end, label=ent.label_) if start < ent.start else ent


def headed_by(doc: Doc, start: int, floor: int, heads: frozenset[str]) -> int | None:
    """Where a name starts that the model tagged only after its head ('Office of the' +
    'Inspector General', 'Commission on' + 'Elections'): the capitalised institution word before
    'of', 'of the', 'on' or 'for', or None."""
    i = start - 1
    if i > floor and doc[i].lower_ == "the":
        i -= 1
    if i - 1 < floor or doc[i].lower_ not in HEAD_LINKS:
        return None
    word = doc[i - 1]
    return i - 1 if word.is_title and word.lower_ in heads and not word.ent_type_ else None


def cut_at_lowercase(ent: Span) -> Span | None:
    """A name ends before a lowercase word that is not a name connector ('X Jail on Sunday'
    -> 'X Jail')."""
    if ent.label_ not in NAME_LABELS:
        return ent
    for token in ent[1:]:
        if token.is_lower and token.is_alpha and token.lower_ not in NAME_CONNECTORS and not hyphenated(token):
            end = token.i
            while end > ent.start and ent.doc[end - 1].lower_ in NAME_CONNECTORS:
                end -= 1
            return Span(ent.doc, ent.start, end, label=ent.label_) if end > ent.start else None
    return ent


def country_spans(doc: Doc, countries: frozenset[str]):
    """Capitalised country names anywhere in the text, as places."""
    longest = max(len(c.split()) for c in countries)
    lowers = [t.lower_ for t in doc]
    capitalised = [t.is_title or t.is_upper for t in doc]
    for i in range(len(doc)):
        if not capitalised[i]:
            continue
        for size in range(min(longest, len(doc) - i), 0, -1):
            if all(capitalised[i:i + size]) and " ".join(lowers[i:i + size]) in countries \
                    and doc[i:i + size].text.lower() in countries:
                yield Span(doc, i, i + size, label="GPE")
                break


def join_touching_names(spans: list[Span], vocab: Vocabulary) -> list[Span]:
    """Two names side by side that are one: 'Jane' + 'Doe' tagged as two people, and a name
    cut after an adjective, which never ends one ('University of Southern' + 'Indiana'; a
    head word the tagger took for an adjective, 'State Department', does end one)."""
    joined: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        before = joined[-1] if joined else None
        people = before is not None and span.label_ in PERSON_LABELS and before.label_ in PERSON_LABELS \
            and span.end - before.start <= MAX_NAME_TOKENS
        cut_after_adjective = before is not None and before[-1].pos_ == "ADJ" and before[-1].is_title \
            and before[-1].lower_ not in vocab.not_person_heads
        if before is not None and before.end == span.start and (people or cut_after_adjective):
            joined[-1] = Span(span.doc, before.start, span.end, label=before.label_)
        else:
            joined.append(span)
    return joined
