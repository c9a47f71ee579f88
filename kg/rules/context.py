"""What the extraction rules share about one parsed article: its mentions indexed by
token, and a simple resolver from pronouns to the person they most likely name."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from spacy.tokens import Doc, Span, Token

from kg.model import Document, Mention
from kg.rules.clauses import Clauses, acting_it
from kg.rules.vocabulary import Vocabulary, load_vocabulary, read_json

ORGANISATIONS = frozenset({"Organization", "GovernmentBody", "Court", "CriminalOrganization", "MediaOutlet",
                           "Company"})
AGENTS = ORGANISATIONS | {"Person"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "i", "me", "my"}
DEFINITE = {"the", "this", "that", "its", "their"}
SUBJECTS = {"nsubj", "nsubj:pass", "nsubjpass"}
ANTECEDENT_WINDOW = 600
NAME_PARTS = {"flat", "flat:name", "compound"}
APPOSITION_WORDS = 12
WORD = re.compile(r"\w+")
SENTENCES_KEY = "kg_sentences"
TEXT_KEY = "kg_text"
QUOTES_KEY = "kg_quotes"


@dataclass
class DocContext:
    document: Document
    doc: Doc
    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    roles: dict[Mention, list[str]] = field(default_factory=dict)
    references: dict[int, Mention | None] = field(default_factory=dict)
    same: list[tuple[Mention, Mention]] = field(default_factory=list)

    @cached_property
    def sentence_dates(self) -> dict[int, str]:
        """The first date named in each sentence, by the sentence's first token (read off the
        entities once: `Span.ents` walks all of the document's each time)."""
        dates: dict[int, str] = {}
        for ent in self.doc.ents:
            if ent.label_ == "DATE":
                dates.setdefault(sentence_of(ent[0]).start, ent.text)
        return dates

    @cached_property
    def clauses(self) -> Clauses:
        """The article's verbs read as frames (built on first use)."""
        return Clauses(self.doc)

    def add(self, mention: Mention, around: bool = False) -> Mention:
        """Record a mention, unless one already covers any of its tokens (then return that one);
        with `around`, a mention that takes in others ('a court in Tunis' around 'Tunis'),
        which then keep their own tokens."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span:
            if token.i in self.by_token and not around:
                return self.by_token[token.i]
        self.mentions.append(mention)
        for token in span:
            self.by_token.setdefault(token.i, mention)
        return mention

    def retype(self, types: dict[Mention, str]) -> dict[Mention, Mention]:
        """Give mentions new types; returns old -> new for those that changed."""
        changed = {m: replace(m, type=types[m]) for m in self.mentions if types.get(m, m.type) != m.type}
        self.mentions = [changed.get(m, m) for m in self.mentions]
        self.by_token = {i: changed.get(m, m) for i, m in self.by_token.items()}
        return changed

    def mention_of(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def mention_in(self, tokens, types: set[str] | None = None) -> Mention | None:
        """The first mention among `tokens` (of one of `types`, when given)."""
        for token in tokens:
            mention = self.by_token.get(token.i)
            if mention is not None and (types is None or mention.type in types):
                return mention
        return None

    def referent(self, token: Token, types: set[str] | None = None, said: str = "") -> Mention | None:
        """The mention a token stands for: its own, that of a name in apposition ('the
        minister's spokesman, Jane Doe,'; 'the league's club, Acme,') or of its compound
        phrase, or for a personal pronoun, the person it most likely refers to (for the
        speaker of `said`, not one it names)."""
        children = list(token.children)
        own = self.mention_in([token, *(c for c in children if c.dep_ in {"flat", "flat:name"}),
                               *(c for c in children if c.dep_ == "appos"),
                               *(c for c in children if c.dep_ == "compound")], types)
        if own is not None:
            return own
        if token.lower_ in PERSON_PRONOUNS and (types is None or "Person" in types):
            return self.antecedent(token, said)
        if token.lower_ == "it" and (token.dep_ in SUBJECTS or acting_it(token)):
            return self.acting_antecedent(token, set(types or AGENTS | {"Place"}) - {"Person"})
        return None

    def described(self, token: Token, types: set[str] | frozenset[str], definite: bool = False) -> Mention | None:
        """The named entity a definite description stands for: 'the company', 'the ministry',
        'the bench' -> the latest earlier mention of the type its noun gives (one whose name
        holds the noun first); 'the minister', 'the magistrate' -> the latest earlier person
        holding a role with that noun, also when it is capitalised as a title ('the Governor'),
        one whose role has the description's modifiers too where there is one ('the Chief
        Minister' is not the Prime Minister). `definite` vouches for a determiner the parser
        attached elsewhere."""
        vocab = load_vocabulary()
        title = token.pos_ == "PROPN" and token.lower_ in vocab.roles and self.mention_of(token) is None
        if token.pos_ not in {"NOUN", ""} and not title or \
                not definite and not any(t.lower_ in DEFINITE for t in token.subtree if t.i < token.i):
            return None
        noun = token.lemma_.lower() if token.lemma_ else token.lower_
        before = [m for m in self.mentions if m.end <= token.idx and m.type in types]
        kind = vocab.description_types.get(noun)
        if kind is not None:
            fitting = [m for m in before if m.type == kind or kind == "Organization" and m.type in ORGANISATIONS]
            named = [m for m in fitting if noun in m.text.lower().split()]
            return max(named or fitting, key=lambda m: m.start, default=None)
        if "Person" in types and noun in vocab.roles:
            holders = self.role_holders(noun, token.idx)
            modifiers = {c.lower_ for c in token.children if c.dep_ in {"compound", "amod"}
                         and self.mention_of(c) is None}
            fitting = [m for m in holders if any(modifiers <= set(r.lower().split()) for r in self.roles.get(m, ()))]
            return max(fitting or holders, key=lambda m: m.start, default=None)
        return None

    def introduced(self, token: Token) -> Mention | None:
        """The person an indefinite description at the article's start stands for, in the news
        lede that names them only next ('A former mayor was jailed on Monday. Jane Doe, 54,
        …'): the person who opens the next sentence, set off with an age ('54', 'now aged 54')."""
        vocab = load_vocabulary()
        sentence = sentence_of(token)
        if sentence.start > sentence_of(self.doc[0]).end or \
                token.lower_ not in vocab.roles and token.lemma_.lower() not in vocab.roles or \
                not any(t.lower_ in {"a", "an"} for t in token.lefts) or \
                self.mention_in(sentence, {"Person"}) is not None:
            return None
        start = next((t.i for t in self.doc[sentence.end:] if not t.is_space), None)
        person = self.mention_in([self.doc[start]], {"Person"}) if start is not None else None
        if person is None:
            return None
        after = [t for t in sentence_of(self.doc[start]) if t.idx >= person.end
                 and t.lower_ not in age_words()][:3]
        return person if len(after) == 3 and after[0].text == "," and after[1].like_num and after[2].text == "," \
            else None

    def role_holders(self, noun: str, before: int) -> list[Mention]:
        """The people mentioned before character `before` who hold a role with `noun` in it."""
        return [m for m in self.mentions if m.end <= before and m.type == "Person"
                and any(noun in r.lower().split() for r in self.roles.get(m, ()))]

    def described_group(self, token: Token) -> list[Mention]:
        """The people a plural definite description stands for ('the lawyers' after 'defence
        lawyers A and B'): those holding a role with that noun in the latest sentence that
        names any of them."""
        vocab = load_vocabulary()
        noun = token.lemma_.lower() if token.lemma_ else token.lower_
        if token.tag_ not in {"NNS", "NNPS"} or noun not in vocab.roles or \
                not any(t.lower_ in DEFINITE for t in token.subtree if t.i < token.i):
            return []
        holders = self.role_holders(noun, token.idx)
        if not holders:
            return []
        latest = max(holders, key=lambda m: m.start).sentence
        return [m for m in holders if m.sentence == latest]

    def acting_antecedent(self, token: Token, types: set[str]) -> Mention | None:
        """What 'it' stands for as a subject ('the ministry admitted …, but it argued …'): the
        last institution or place that is the subject of a clause earlier in the sentence, or
        else in the sentence before."""
        sentence = sentence_of(token)
        previous = sentence_of(self.doc[sentence.start - 1]) if sentence.start else None
        for scope in (sentence, previous):
            if scope is None:
                continue
            subjects = [m for m in self.mentions if m.type in types and scope.start_char <= m.start
                        and m.end <= min(scope.end_char, token.idx) and is_subject(self.doc, m)]
            if subjects:
                return max(subjects, key=lambda m: m.start)
        return None

    def previous_reference(self, token: Token, sex: str | None) -> Token | None:
        """The last subject before `token` that refers to a person without naming them: a
        pronoun of the same sex, or a description ('the magistrate said …'); within the
        antecedent window and outside quotations."""
        if sex is None:
            return None
        vocab = load_vocabulary()
        for earlier in self.subjects_before(token):
            if vocab.pronoun_genders.get(earlier.lower_) == sex:
                return earlier
            if earlier.lower_ in vocab.roles and self.chain(earlier) is not None \
                    and gender(self.doc, self.chain(earlier), vocab) in {None, sex}:
                return earlier
        return None

    def subjects_before(self, token: Token) -> Iterator[Token]:
        """The subjects before `token`, nearest first, within the antecedent window and
        outside quotations."""
        floor = token.idx - ANTECEDENT_WINDOW
        for earlier in reversed(self.doc[:token.i]):
            if earlier.idx < floor:
                return
            if earlier.dep_ in SUBJECTS and not inside_quote(self.doc, earlier.idx):
                yield earlier

    def group_antecedent(self, token: Token) -> list[Mention]:
        """Whom 'they' stands for as a subject: the people listed together as the last subject
        before it that lists two or more ('X and Y were charged … They denied …'), within the
        antecedent window."""
        if token.lower_ != "they" or token.dep_ not in SUBJECTS:
            return []
        for earlier in self.subjects_before(token):
            people = [m for t in conjuncts(earlier)
                      for m in [self.mention_in([t, *(c for c in t.children if c.dep_ in NAME_PARTS)], {"Person"})]
                      if m is not None]
            if len(people) > 1:
                return list(dict.fromkeys(people))
        return []

    def unnamed_subject(self, token: Token) -> Token | None:
        """The last subject before `token`, within the window, that describes a person the
        article never names ('the petitioner's counsel argued …'): a pronoun after it is
        that person, not someone named earlier."""
        vocab = load_vocabulary()
        return next((earlier for earlier in self.subjects_before(token) if earlier.lower_ in vocab.roles
                     and any(t.lower_ in DEFINITE or t.dep_ == "nmod:poss" for t in earlier.lefts)
                     and self.chain(earlier) is None), None)

    def chain(self, reference: Token) -> Mention | None:
        """Whom an earlier pronoun or description stood for, worked out once per token."""
        if reference.i not in self.references:
            self.references[reference.i] = None
            self.references[reference.i] = self.described(reference, {"Person"}) \
                if reference.lower_ not in PERSON_PRONOUNS else self.antecedent(reference)
        return self.references[reference.i]

    def antecedent(self, token: Token, said: str = "") -> Mention | None:
        """The person named in the last sentence before `token` that names one (or in its own
        sentence, before it), the subject of the least embedded clause if one is (the latest of
        those), else the nearest, unless a
        later sentence (or that one, before the name) has as a subject a pronoun of the same sex
        or a description ('the magistrate'): then whom that one stood for ('The judge said X had
        lied. “…,” she told him.' keeps the judge); within a few
        sentences and never one of the other sex ('he' is not 'Ms Roe' or 'Gloria'), nor anyone
        where a later subject describes a person the article never names ('the petitioner's
        counsel argued … He said …' names no one), nor, for
        the speaker of `said`, one whose name it holds (people seldom name themselves: 'He said,
        "Roe was a legend"' is not Roe)."""
        vocab = load_vocabulary()
        sex = vocab.pronoun_genders.get(token.lower_)
        named = set(WORD.findall(said))
        before = [m for m in self.mentions if m.type == "Person" and m.end <= token.idx
                  and token.idx - m.start <= ANTECEDENT_WINDOW and not inside_quote(self.doc, m.start)
                  and gender(self.doc, m, vocab) in {None, sex} and m.text.split()[-1] not in named]
        starts = {m: sentence_start(self.doc, m) for m in before}
        last = max(starts.values(), default=-1)
        chained = self.previous_reference(token, sex)
        unnamed = self.unnamed_subject(token)
        if unnamed is not None and sentence_of(unnamed).start > last and (
                chained is None or unnamed.i > chained.i):
            return None
        first_named = min((m.start for m in before if starts[m] == last), default=-1)
        if chained is not None and (sentence_of(chained).start > last
                                    or sentence_of(chained).start == last and chained.idx < first_named):
            found = self.chain(chained)
            if found is not None and found.text.split()[-1] not in named:
                return found
        if not before:
            return None
        recent = [m for m in before if starts[m] == last]
        subjects = [m for m in recent if is_subject(self.doc, m)]
        if subjects:
            return min(subjects, key=lambda m: (clause_depth(self.doc, m), -m.start))
        return max(recent, key=lambda m: m.start)


def gender(doc: Doc, mention: Mention, vocab: Vocabulary) -> str | None:
    """'f' or 'm' where the honorific before a person's name or their first name tells it."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    before = doc[span.start - 1].lower_ if span.start else ""
    return vocab.honorific_genders.get(before) or vocab.name_genders.get(span[0].lower_)


def sentence_start(doc: Doc, mention: Mention) -> int:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return sentence_of(span[0]).start


def clause_depth(doc: Doc, mention: Mention) -> int:
    """How deep the clause a mention is the subject of sits: 0 for the main clause."""
    node = doc.char_span(mention.start, mention.end, alignment_mode="expand").root.head
    depth = 0
    while node.head.i != node.i and depth < 10:
        node, depth = node.head, depth + 1
    return depth


def is_subject(doc: Doc, mention: Mention) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in SUBJECTS


@cache
def age_words() -> frozenset[str]:
    """The words an age may be written with after a name ('now aged 69'), from the residence
    rule of relations.json."""
    return frozenset(read_json("relations.json")["residence"]["age_words"])


def inside_quote(doc: Doc, offset: int) -> bool:
    """True when an odd number of opening double quotes precede `offset` in its paragraph
    (counted from positions found once per document, so a long paragraph costs no more)."""
    breaks, opening, closing, straight = quote_marks(doc)
    paragraph_start = breaks[bisect_right(breaks, offset - 1) - 1] + 1 if breaks and breaks[0] < offset else 0

    def between(marks: list[int]) -> int:
        return bisect_right(marks, offset - 1) - bisect_right(marks, paragraph_start - 1)

    return between(opening) > between(closing) or between(straight) % 2 == 1


def quote_marks(doc: Doc) -> tuple[list[int], list[int], list[int], list[int]]:
    """Where the line breaks, opening, closing and straight double quotes of a document are."""
    cached = doc.user_data.get(QUOTES_KEY)
    if cached is None or cached[0] != len(doc):
        text = text_of(doc)
        marks = tuple([m.start() for m in re.finditer(re.escape(mark), text)] for mark in ("\n", "“", "”", '"'))
        cached = doc.user_data[QUOTES_KEY] = (len(doc), marks)
    return cached[1]


def text_of(doc: Doc) -> str:
    """The document's text. spaCy's `Doc.text` joins every token on each call, which made
    rules that read around a mention cost a pass over the whole article; this joins once."""
    cached = doc.user_data.get(TEXT_KEY)
    if cached is None or cached[0] != len(doc):
        cached = doc.user_data[TEXT_KEY] = (len(doc), doc.text)
    return cached[1]


def sentence_of(token: Token) -> Span:
    """The sentence a token is in. spaCy's `Token.sent` walks the document's sentences on
    every call; this finds their bounds once per document (kept as plain numbers, so the
    document still travels between processes)."""
    doc = token.doc
    cached = doc.user_data.get(SENTENCES_KEY)
    if cached is None or cached[2] != len(doc):
        sentences = list(doc.sents)
        cached = doc.user_data[SENTENCES_KEY] = ([s.start for s in sentences], [s.end for s in sentences], len(doc))
    starts, ends, _ = cached
    index = bisect_right(starts, token.i) - 1
    return doc[starts[index]:ends[index]]


def sentence_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentences covering [start, end), without outer whitespace."""
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return start, end
    lo, hi = sentence_of(first[0]).start_char, sentence_of(first[-1]).end_char
    text = text_of(doc)[lo:hi]
    return lo + len(text) - len(text.lstrip()), lo + len(text.rstrip())


def tokens_text(tokens: Span | list[Token]) -> str:
    tokens = list(tokens)
    if not tokens:
        return ""
    return text_of(tokens[0].doc)[tokens[0].idx:tokens[-1].idx + len(tokens[-1].text)]


def apposition_nouns(span: Span) -> list[Token]:
    """The nouns in apposition to a name, after it ('X, the mayor', 'X, 44, the mayor') or
    before it ('the mayor, X,'): as parsed, or as set off by commas where the parser read the
    phrase otherwise (as a second subject, say): the head of the phrase after the name, also
    one the parser made a second subject without a closing comma ('X, the agency's director
    said …'); the head of the one before it, or the last word before its comma."""
    root = span.root
    nouns = [child for child in root.children if child.dep_ == "appos" and child.i >= span.end]
    if root.dep_ == "appos" and root.head.i < span.start:
        nouns.append(root.head)
    doc, sent = span.doc, sentence_of(span[0])
    if root.dep_ in SUBJECTS and span.end < sent.end and doc[span.end].text == ",":
        nouns += [c for c in root.head.children if c.dep_ in SUBJECTS and c.left_edge.i == span.end + 1]
    after = comma_phrase(doc, span.end, sent.end, 1)
    if after is not None and len(after) == 1 and after[0].like_num:
        after = comma_phrase(doc, after.end, sent.end, 1)
    candidates = [phrase_head(after) if after is not None else None]
    if span.start - 2 > sent.start and doc[span.start - 1].text == "," and (
            span.end >= sent.end or doc[span.end].text in {",", ".", ";", "!", "?"}):
        before = comma_phrase(doc, span.start - 1, sent.start - 1, -1)
        candidates += [phrase_head(before) if before is not None else None, last_word(doc[sent.start:span.start - 1])]
    for head in candidates:
        if head is not None and head.pos_ in {"NOUN", "PROPN"} and head not in nouns:
            nouns.append(head)
    return nouns


def comma_phrase(doc: Doc, at: int, limit: int, step: int) -> Span | None:
    """The words between the comma at `at` and the next comma or sentence end (step 1), or
    the previous comma or sentence start (step -1): at most a dozen, parentheses and all."""
    if not (limit < at if step == -1 else at < limit) or doc[at].text != ",":
        return None
    edge, depth = at + step, 0
    opening, closing = ("(", ")") if step == 1 else (")", "(")
    while edge != limit and abs(edge - at) <= APPOSITION_WORDS:
        text = doc[edge].text
        depth += (text == opening) - (text == closing)
        if depth < 0 or (not depth and text in {",", ";", "—", "–"}):
            break
        edge += step
    if abs(edge - at) > APPOSITION_WORDS or (edge != limit and doc[edge].text not in {",", ";"}):
        return None
    start, end = (at + 1, edge) if step == 1 else (edge + 1, at)
    return doc[start:end] if end > start else None


def last_word(phrase: Span) -> Token:
    """A phrase's last word before a closing parenthetical ('Minister of the Court (MC)')."""
    end = phrase.end - 1
    if phrase.doc[end].text == ")":
        end = next((t.i - 1 for t in reversed(phrase) if t.text == "("), end)
    return phrase.doc[max(end, phrase.start)]


def phrase_head(phrase: Span) -> Token | None:
    """The one word of a phrase that hangs from outside it, if there is exactly one."""
    heads = [t for t in phrase if not phrase.start <= t.head.i < phrase.end or t.head.i == t.i]
    return heads[0] if len(heads) == 1 else None


def conjuncts(token: Token) -> list[Token]:
    """A phrase head with those listed with it ('A, B and C')."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found.extend(conjuncts(child))
    return found
