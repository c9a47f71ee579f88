"""The scorer follows seeds/gold/FORMAT.md."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.evaluate import Score, score_document, text_match

GOLD = {
    "doc": "a.txt",
    "entities": [
        {"name": "Jane Roe", "type": "Person", "aliases": ["Jane Roe", "Roe"]},
        {"name": "Court of Claims", "type": "Court", "aliases": ["Court of Claims"]},
        {"name": "US$2 million", "type": "MonetaryAmount", "aliases": ["US$2 million"], "amount": 2000000,
         "currency": "USD"},
        {"name": "Claims court ruling", "type": "Ruling", "aliases": ["the Court of Claims ruled"]},
    ],
    "facts": [
        {"s": "Jane Roe", "p": "holdsRole", "o": "Mayor of Springfield", "evidence": "x"},
        {"s": "Claims court ruling", "p": "rulingConcerns", "o": "Jane Roe", "evidence": "x"},
    ],
}


def entity(name, type_, texts, sentence="", value=None):
    record = {"name": name, "type": type_, "aliases": sorted(set(texts)),
              "mentions": [{"doc": "a.txt", "text": t, "sentence": sentence, "start": 0, "end": 1} for t in texts]}
    if value is not None:
        record["value"] = value
    return record


def test_matching_by_alias_value_and_ruling_sentence():
    entities = [
        entity("Roe", "Person", ["Roe"]),
        entity("Claims Court", "Organization", ["the Court of Claims"]),
        entity("$2M", "MonetaryAmount", ["$2M"], value=2000000.0),
        entity("court ruling", "Ruling", ["ruled"], sentence="On Monday the Court of Claims ruled for her."),
        entity("Springfield", "Place", ["Springfield"]),
    ]
    facts = [{"s": "Roe", "p": "holdsRole", "o": "Springfield mayor", "doc": "a.txt", "evidence": "x"},
             {"s": "court ruling", "p": "rulingConcerns", "o": "Roe", "doc": "a.txt", "evidence": "x"},
             {"s": "Roe", "p": "said", "o": "hello", "doc": "a.txt", "evidence": "x"}]
    score = Score()
    score_document(GOLD, entities, facts, score)
    assert (score.entities_strict.found_gold, score.entities_strict.gold) == (3, 4)
    assert (score.entities_coarse.found_gold, score.entities_coarse.gold) == (4, 4)
    assert (score.entities_coarse.found_out, score.entities_coarse.out) == (4, 5)
    assert (score.facts.found_gold, score.facts.gold) == (2, 2)
    assert (score.facts.found_out, score.facts.out) == (2, 3)
    assert score.by_predicate["said"].out == 1 and score.by_predicate["said"].found_out == 0


@pytest.mark.parametrize("a, b, same", [
    ("President of El Salvador", "El Salvador's President", True),
    ("President", "President of the United States", False),
    ("return Abrego", "return him", True),
    ("", "anything", False),
])
def test_text_objects_match_by_word_overlap(a, b, same):
    assert text_match(a, b) is same


def test_eval_command_prints_scores(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "a.txt").write_text("Mayor Jane Roe of Springfield spoke in Boston.", encoding="utf-8")
    gold = {"doc": "a.txt", "entities": [{"name": "Jane Roe", "type": "Person", "aliases": ["Jane Roe"]}],
            "facts": []}
    (tmp_path / "gold" / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "gold"), str(tmp_path), "--misses"])
    assert result.exit_code == 0, result.output
    assert "entities (strict)" in result.output and "facts" in result.output


def test_eval_without_gold_is_an_input_error(tmp_path):
    result = CliRunner().invoke(app, ["eval", str(tmp_path), str(tmp_path)])
    assert result.exit_code == 3 and "no gold .json files" in result.output


def test_seeds_meet_the_extraction_targets():
    from kg.evaluate import evaluate
    from tests.conftest import SEEDS

    score = evaluate(SEEDS / "gold", SEEDS)
    assert score.entities_strict.f1 >= 0.95, score.misses
    # Roles are kept as written ('U.S. President'), the convention of the dev set's
    # ANNOTATION.md; the seed gold spells three of them out ('President of the United States').
    assert score.facts.f1 >= 0.83, score.misses
