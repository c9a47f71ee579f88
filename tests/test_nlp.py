"""Choosing and loading the spaCy pipeline."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.tokens import Span
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ModelError
from kg.rules import extract
from kg.model import Document
from kg.nlp import SHIPPED_MODEL, load_pipeline, resolve_pipeline_name


def test_shipped_pipeline_loads_offline_with_ner_and_parser():
    assert resolve_pipeline_name() == str(SHIPPED_MODEL)
    nlp = load_pipeline()
    assert {"ner", "parser", "tagger"} <= set(nlp.pipe_names)
    assert nlp.pipe_names[0] == "kg_paragraph_breaks" and nlp.pipe_names[-1] == "kg_quantities"
    doc = nlp("The minister met Maria Lopez in Madrid.\nShe paid €2 million.")
    assert [s.text.strip() for s in doc.sents][-1] == "She paid €2 million."
    assert ("€2 million", "MONEY") in [(e.text, e.label_) for e in doc.ents]


def test_a_sentence_ends_only_at_a_stop_a_closing_quote_or_a_line_break():
    doc = load_pipeline()("The charges were filed by Special Counsel Jack Reade on Monday. He left.\nNext line")
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == [
        "The charges were filed by Special Counsel Jack Reade on Monday.", "He left.", "Next line"]
    doc = load_pipeline()("Defence lawyers Sam Obi and Seth Ade said the request was hopeless.")
    assert len(list(doc.sents)) == 1


@pytest.mark.parametrize("text, dateline", [
    ("The court building. - File Photo\n\nNAIROBI: A bench of the High Court on Monday granted bail to the men.",
     "NAIROBI:"),
    ("ACCRA, May 2 (TNA) – A former mayor was jailed for six years on Tuesday.", "ACCRA, May 2 (TNA) –"),
])
def test_a_dateline_is_a_sentence_of_its_own_so_the_clause_after_it_parses(text, dateline):
    doc = load_pipeline()(text)
    sentences = [s for s in doc.sents if s.text.strip()]
    assert sentences[-2].text.strip() == dateline
    verbs = [t.lower_ for t in sentences[-1] if t.dep_ == "ROOT"]
    assert verbs in (["granted"], ["jailed"])


def test_an_upper_case_word_before_a_colon_mid_paragraph_is_no_dateline():
    doc = load_pipeline()("Jane Doe said: NOTE: the offices will close.")
    assert len([s for s in doc.sents if s.text.strip()]) == 1


def test_user_supplied_pipeline_path(tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Zed Quill"}])
    nlp.to_disk(tmp_path / "custom")
    loaded = load_pipeline(str(tmp_path / "custom"))
    assert "entity_ruler" in loaded.pipe_names and "sentencizer" in loaded.pipe_names
    doc = loaded("Zed Quill spoke.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Zed Quill", "PERSON")]


def test_missing_pipeline_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="cannot load spaCy pipeline"):
        load_pipeline(str(tmp_path / "nowhere"))


@pytest.mark.parametrize("label, type_", [
    ("PERSON", "Person"), ("PER", "Person"), ("ORG", "Organization"), ("GPE", "Place"),
    ("LOC", "Place"), ("FAC", "Place"), ("MONEY", "MonetaryAmount")])
def test_ontonotes_and_universal_labels_map_to_ontology_types(label, type_):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Report: Corvale $5 million."
    doc = nlp(text)
    name = "$5 million" if label == "MONEY" else "Corvale"
    start = text.index(name)
    doc.ents = [doc.char_span(start, start + len(name), label=label)]
    (mention,) = extract(Document("d", "d.txt", text), doc).mentions
    assert mention.type == type_


def test_labels_without_an_ontology_type_are_dropped():
    nlp = spacy.blank("en")
    doc = nlp("French wine sold well.")
    doc.ents = [Span(doc, 0, 1, label="NORP")]
    doc = nlp.add_pipe("sentencizer")(doc)
    assert extract(Document("d", "d.txt", doc.text), doc).mentions == ()


def test_info_prints_pipeline_json():
    result = CliRunner().invoke(app, ["info"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["pipeline"] == "en_kg_news"
    assert {"PERSON", "ORG", "LOC", "MONEY", "DATE", "PERCENT"} <= set(info["labels"])
    assert spacy.load(info["path"]).pipe_names


def test_a_rule_only_pipeline_gets_kg_names_too(tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Mr. Zed Quill"}])
    nlp.to_disk(tmp_path / "rules")
    doc = load_pipeline(str(tmp_path / "rules"))("Mr. Zed Quill spoke.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Zed Quill", "PERSON")]
