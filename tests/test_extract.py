"""Extraction rules on sentences written for the tests, with entity spans set by hand so
the rules are tested apart from the statistical model."""

from __future__ import annotations

import spacy

from kg.rules import extract
from kg.model import Document
from kg.rules.names import mend_names


def parsed(text: str, *ents: tuple[str, str]):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    spans = []
    for name, label in ents:
        start = text.index(name)
        spans.append(doc.char_span(start, start + len(name), label=label))
    doc.ents = spans
    return Document("d1", "d1.txt", text), doc


def test_title_is_split_from_the_name_and_kept_as_a_role():
    document, doc = parsed("Deputy Prime Minister Ana Ruiz visited Lima.",
                           ("Deputy Prime Minister Ana Ruiz", "PERSON"), ("Lima", "GPE"))
    result = extract(document, mend_names(doc))
    assert [(m.text, m.type) for m in result.mentions] == [("Ana Ruiz", "Person"), ("Lima", "Place")]
    (fact,) = result.facts
    assert (fact.subject.text, fact.predicate, fact.object) == ("Ana Ruiz", "holdsRole", "Deputy Prime Minister")


def test_role_phrase_before_the_name_keeps_its_modifiers():
    document, doc = parsed("Ohio Republican Senator Tom Banks objected.", ("Tom Banks", "PERSON"))
    (fact,) = extract(document, doc).facts
    assert fact.object == "Ohio Republican Senator"


def test_no_role_without_a_title():
    document, doc = parsed("Yesterday Tom Banks objected.", ("Tom Banks", "PERSON"))
    assert extract(document, doc).facts == ()


def test_institution_types_come_from_head_nouns_and_cues():
    text = "The Court of Appeals and the Finance Ministry cited the gang Los Lobos and Acme Corp. today"
    document, doc = parsed(text, ("Court of Appeals", "ORG"), ("Finance Ministry", "ORG"),
                           ("Los Lobos", "ORG"), ("Acme Corp.", "ORG"))
    assert [(m.text, m.type) for m in extract(document, doc).mentions] == [
        ("Court of Appeals", "Court"), ("Finance Ministry", "GovernmentBody"),
        ("Los Lobos", "CriminalOrganization"), ("Acme Corp.", "Company")]


def test_prison_named_as_a_place_is_a_prison():
    document, doc = parsed("He was sent to the Northern Detention Center last year.",
                           ("Northern Detention Center", "FAC"))
    assert [m.type for m in extract(document, doc).mentions] == ["Prison"]


def test_mention_offsets_and_sentence_bounds():
    text = "Rain fell.\n  Ana Ruiz spoke in Lima.  "
    document, doc = parsed(text, ("Ana Ruiz", "PERSON"))
    (mention,) = extract(document, doc).mentions
    assert text[mention.start:mention.end] == "Ana Ruiz"
    assert text[slice(*mention.sentence)] == "Ana Ruiz spoke in Lima."


def test_articles_and_possessives_are_trimmed_from_spans():
    document, doc = parsed("The Daily Planet's editor quit.", ("The Daily Planet's", "ORG"))
    assert [m.text for m in extract(document, doc).mentions] == ["Daily Planet"]


def test_unmapped_labels_are_ignored():
    document, doc = parsed("Spanish voters chose.", ("Spanish", "NORP"))
    assert extract(document, doc).mentions == ()


def test_an_organisation_cited_with_per_is_a_media_outlet():
    document, doc = parsed("Exports fell by half last year, per Corvale Wire.", ("Corvale Wire", "ORG"))
    assert [(m.text, m.type) for m in extract(document, doc).mentions] == [("Corvale Wire", "MediaOutlet")]


def test_company_forms_type_a_name_as_a_company():
    names = ["Orla Pharmaceuticals", "Kestrel Holdings", "Apex Trading", "Northway Group", "Quill Platforms",
             "Brant Limited", "Delmar Industries"]
    text = " and ".join(names) + " signed the deal."
    document, doc = parsed(text, *((name, "ORG") for name in names))
    assert [(m.text, m.type) for m in extract(document, doc).mentions] == [(name, "Company") for name in names]
