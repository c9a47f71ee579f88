"""Every verb of a parsed article read as a frame: its lemma forms, voice, polarity,
modality, the tokens that fill its argument slots, and the speech verb that reports it.

Rules ask a frame for a slot ('doer', 'undergoer', an oblique by its case word) and get the
head token that fills it, rather than walking the dependency tree themselves.
The parse is the shipped UD-style one (nsubj, nsubj:pass, obj, obl with case, ccomp,
xcomp); where a parser attaches a prepositional phrase to the object rather than the
verb ('imposed a penalty … on X'), the object's own phrases count as the verb's too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache, cached_property

from spacy.tokens import Doc, Token

from kg.rules.vocabulary import lemma_in, read_json, word_forms

SUBJECTS = {"nsubj", "nsubj:pass", "nsubjpass", "csubj"}
PASSIVE_MARKS = {"nsubj:pass", "nsubjpass", "aux:pass", "auxpass"}
OBJECTS = {"obj", "dobj", "iobj"}
OBLIQUES = {"obl", "obl:agent", "obl:tmod", "obl:npmod", "nmod", "advmod", "prep", "agent"}
COMPLEMENTS = {"ccomp", "parataxis"}
CLIMB = {"xcomp", "conj", "advcl"}
VERB_POS = {"VERB", "AUX", ""}
PAST = {"VBD", "VBN"}
CLAUSE_MARKS = {"cop", "aux", "aux:pass", "auxpass", "mark", "expl"}
EXPLETIVE_VERBS = {"be", "seem", "appear", "remain", "take", "emerge", "happen", "matter"}


@dataclass(frozen=True)
class Frame:
    """One clause: `verb` is its predicate head. Slots hold head tokens (None when empty);
    `sufferer` is whose thing the clause was done to ('X had his licence revoked': X)."""

    verb: Token
    forms: frozenset[str]
    passive: bool
    negated: bool
    modality: str | None
    subject: Token | None
    agent: Token | None
    objects: tuple[Token, ...]
    obliques: tuple[tuple[str, Token], ...]
    complement: Token | None
    reporter: Token | None
    sufferer: Token | None = None

    @property
    def doer(self) -> Token | None:
        """Who acts: the agent of a passive ('by the court'), else the subject."""
        return self.agent if self.passive else self.subject

    @property
    def undergoer(self) -> Token | None:
        """Who is acted on: the subject of a passive, else the first object."""
        return self.subject if self.passive else (self.objects[0] if self.objects else None)

    @property
    def factual(self) -> bool:
        """Stated as having happened or holding: not negated, not merely possible or planned."""
        return not self.negated and self.modality in {None, "future"}

    def oblique(self, cases) -> Token | None:
        """The first argument introduced by one of `cases` ('to', 'in', 'according to')."""
        return next((head for case, head in self.obliques if case in cases), None)



def case_of(token: Token) -> str:
    """The case words before an argument ('to', 'according to', 'on behalf of'), '' for none."""
    marks = [c for c in token.children if c.dep_ in {"case", "mark"} and c.i < token.i]
    if token.dep_ == "prep":
        return token.lower_
    words = []
    for mark in marks:
        words.append(mark.lower_)
        words.extend(f.lower_ for f in mark.children if f.dep_ in {"fixed", "mwe"})
    return " ".join(words)


@cache
def clause_vocabulary() -> tuple[dict, frozenset[str]]:
    """clauses.json, and every reporting verb (its own and the speech verbs of speech.json)."""
    vocab = read_json("clauses.json")
    return vocab, frozenset(vocab["reporting"]) | frozenset(read_json("speech.json")["verbs"])


class Clauses:
    """The frames of one article, indexed by the word forms of their verbs."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.vocab, self.reporting = clause_vocabulary()

    @cached_property
    def frames(self) -> dict[int, Frame]:
        """Frames by verb index; none where the pipeline has no parser (spaCy's tree
        walking is undefined on a Doc without dependency annotation)."""
        if not self.doc.has_annotation("DEP"):
            return {}
        return {t.i: self.read(t) for t in self.doc if t.pos_ in VERB_POS and self.is_predicate(t)
                or self.misread_speech_verb(t)}

    @cached_property
    def by_form(self) -> dict[str, list[Frame]]:
        index: dict[str, list[Frame]] = defaultdict(list)
        for frame in self.frames.values():
            for form in frame.forms:
                index[form].append(frame)
        return index

    def with_lemma(self, lemmas) -> list[Frame]:
        """Frames whose verb is one of `lemmas`, in text order, each once."""
        found = {f.verb.i: f for lemma in lemmas for f in self.by_form.get(lemma, ())}
        return [found[i] for i in sorted(found)]

    def of(self, token: Token) -> Frame | None:
        return self.frames.get(token.i)

    def misread_speech_verb(self, token: Token) -> bool:
        """A reporting verb the tagger took for an adjective ('“…,” Weber emphasized.'), with
        a subject of its own."""
        return token.pos_ == "ADJ" and token.lower_.endswith("ed") and lemma_in(token, self.reporting) \
            and any(c.dep_ in SUBJECTS for c in token.children)

    def is_predicate(self, token: Token) -> bool:
        if token.pos_ == "AUX" and token.dep_ in {"aux", "aux:pass", "auxpass", "cop"}:
            return False
        return token.dep_ not in {"case", "mark", "fixed", "amod", "compound"} or token.tag_ == "VBN"

    def read(self, verb: Token) -> Frame:
        children = list(verb.children)
        subjects = [c for c in children if c.dep_ in SUBJECTS or acting_it(c)]
        subject = min(subjects, key=lambda c: abs(c.i - verb.i), default=None)
        passive = any(c.dep_ in PASSIVE_MARKS for c in children) or verb.tag_ == "VBN" and subject is None and (
            verb.dep_ in {"acl", "amod"}
            or verb.dep_ == "conj" and any(c.dep_ in PASSIVE_MARKS for c in verb.head.children))
        had = had_done(verb) if subject is None and verb.tag_ == "VBN" else None
        passive = passive or had is not None
        if had is not None:
            subject = next(c for c in had.children if c.dep_ in OBJECTS)
        elif subject is None:
            subject = self.inherited_subject(verb, passive)
        objects = tuple(c for c in children if c.dep_ in OBJECTS)
        obliques = [(case_of(c), c) for c in children if c.dep_ in OBLIQUES]
        obliques += [(case_of(g), g) for o in objects for g in o.children if g.dep_ in {"nmod", "prep"}]
        agent = next((head for case, head in obliques if case == "by"), None) if passive else None
        clauses = [c for c in children if c.pos_ in VERB_POS or any(g.dep_ in CLAUSE_MARKS for g in c.children)]
        complement = next((c for c in clauses if c.dep_ in COMPLEMENTS and c.i > verb.i), None) or next(
            (c for c in clauses if (c.dep_ == "ccomp" or c.dep_ == "parataxis" and preposed(c)) and c.i < verb.i),
            None)
        sufferer = next((c for c in had.children if c.dep_ in SUBJECTS), None) if had is not None else None
        return Frame(verb, word_forms(verb.lemma_.lower(), verb.lower_), passive, self.negated(verb),
                     self.modality(verb), subject, agent, objects, tuple(obliques), complement,
                     self.reporter(verb), sufferer)

    def inherited_subject(self, verb: Token, passive: bool) -> Token | None:
        """A subject the clause shares: a coordinated verb's, an infinitive's controller ('X
        agreed to pay': X; 'ordered X to pay': X), a relative clause's or participle's noun."""
        node = verb
        for _ in range(4):
            head = node.head
            if head.i == node.i:
                return None
            if node.dep_ in {"acl:relcl", "relcl", "acl", "amod"}:
                return head
            if node.dep_ not in CLIMB or (node.dep_ == "advcl" and not passive and node.tag_ != "VBG"):
                return None
            if node.dep_ == "xcomp":
                controller = next((c for c in head.children if c.dep_ in OBJECTS), None)
                if controller is not None:
                    return controller
            own = next((c for c in head.children if c.dep_ in SUBJECTS), None)
            if own is not None:
                return own
            node = head
        return None

    def negated(self, verb: Token) -> bool:
        """'not', 'never' on the verb, or on a verb that governs it as an infinitive, or a
        governing verb that denies it ('refused to pay')."""
        negations = self.vocab["negations"]
        node = verb
        for _ in range(3):
            if any(c.lower_ in negations and c.dep_ in {"neg", "advmod", "det"} for c in node.children):
                return True
            if node.dep_ != "xcomp" or node.head.i == node.i:
                return False
            node = node.head
            if lemma_in(node, self.vocab["negating_verbs"]):
                return True
        return False

    def modality(self, verb: Token) -> str | None:
        """'possible' (may, could, might), 'planned' (plans to, is expected to, seeks to, if …),
        'future' (will, shall) or None for a plain statement."""
        node = verb
        for _ in range(3):
            for child in node.children:
                lemma = child.lemma_.lower()
                if child.dep_ in {"aux", "aux:pass", "auxpass"} and lemma in self.vocab["possible"]:
                    return "possible"
                if child.dep_ in {"aux", "aux:pass", "auxpass"} and lemma in self.vocab["future"]:
                    return "future"
                if child.dep_ == "mark" and child.lower_ in self.vocab["conditions"]:
                    return "possible"
            if node.dep_ != "xcomp" or node.head.i == node.i:
                return None
            node = node.head
            if lemma_in(node, self.vocab["planning"]):
                return "planned"
        return None

    def reporter(self, verb: Token) -> Token | None:
        """The speech or claim verb whose complement this clause is ('officials said X was …')."""
        node = verb
        for _ in range(6):
            head = node.head
            if head.i == node.i:
                return next((c for c in node.children if c.dep_ in COMPLEMENTS and c.i != verb.i
                             and self.reports(c) and any(s.dep_ in SUBJECTS for s in c.children)), None)
            if node.dep_ in COMPLEMENTS and self.reports(head):
                return head
            node = head
        return None

    def reports(self, token: Token) -> bool:
        return lemma_in(token, self.reporting)


def had_done(verb: Token) -> Token | None:
    """The 'have' of 'X had his conviction quashed' (what was done to a thing of X's), for a
    past participle inside that verb's object phrase or its complement, however attached."""
    node = verb
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            return None
        if head.lemma_ == "have" and head.i < verb.i and any(c.dep_ in OBJECTS for c in head.children) and (
                node.dep_ in OBJECTS or node.dep_ in {"xcomp", "ccomp"} and node.i == verb.i):
            return head
        node = head
    return None


def infinitive(clause: Token) -> bool:
    return introduced_by(clause, {"to"})


def introduced_by(clause: Token, marks: set[str]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in marks and c.i < clause.i for c in clause.children)


def preposed(clause: Token) -> bool:
    """A clause set before its reporting verb and a comma ('Talks must go on, the minister
    said'), which parsers often attach loosely."""
    after = clause.right_edge.i + 1
    return clause.i < clause.head.i and after < len(clause.doc) and clause.doc[after].text == ","


def acting_it(token: Token) -> bool:
    """'it' parsed as an expletive where it acts ('it argued that …'), unlike 'it is clear
    that …' or 'it was reported that …'."""
    verb = token.head
    return token.lower_ == "it" and token.dep_ == "expl" and verb.pos_ == "VERB" and \
        verb.lemma_ not in EXPLETIVE_VERBS and not any(c.dep_ in PASSIVE_MARKS for c in verb.children)


def predicate_tokens(verb: Token, coordinated: bool = False) -> list[Token]:
    """A clause as it reads from its verb on ('jailed for six years on five counts', 'denied
    the charges', 'urged the judge to release them', 'barred him from holding office'),
    without dates, coordinated clauses, later asides or trailing punctuation. An infinitive
    or a 'from'/'for' clause the parser calls adverbial stays ('jailed for taking bribes');
    with `coordinated`, so do the verbs listed after it ('fined X, barred it from …')."""
    def dropped_child(child: Token) -> bool:
        if child.ent_type_ == "DATE" or child.dep_ == "obl:tmod":
            return True
        if child.dep_ in {"conj", "parataxis"}:
            return not (coordinated and child.pos_ == "VERB" and child.tag_ in PAST)
        if child.dep_ in {"cc", "punct"}:
            return not coordinated
        return child.dep_ == "advcl" and not (infinitive(child) or introduced_by(child, {"from", "for"}))

    dropped = {t.i for c in verb.children if c.i > verb.i and dropped_child(c) for t in c.subtree}
    tokens = [t for t in verb.subtree if t.i >= verb.i and t.i not in dropped]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in {"cc", "case", "mark"}):
        tokens.pop()
    return tokens
