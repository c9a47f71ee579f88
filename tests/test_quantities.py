"""Money, percentages and dates: the normalisation table, and spans found in running text."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from kg.model import Money
from kg.rules.quantities import parse_date, parse_money, parse_percent, resolve_date


@pytest.mark.parametrize("text, value, currency", [
    ("US$6 million", 6_000_000, "USD"),
    ("$6M", 6_000_000, "USD"),
    ("6 million dollars", 6_000_000, "USD"),
    ("€1.8 billion", 1_800_000_000, "EUR"),
    ("£250,000", 250_000, "GBP"),
    ("GH¢50,000", 50_000, "GHS"),
    ("C$3.2bn", 3_200_000_000, "CAD"),
    ("USD 5,000", 5_000, "USD"),
    ("12 euros", 12, "EUR"),
    ("Rs 40 crore", 400_000_000, "INR"),
    ("$1.2 trillion", 1_200_000_000_000, "USD"),
    ("¥500", 500, "JPY"),
    ("$4-billion", 4_000_000_000, "USD"),
    ("R312,400", 312_400, "ZAR"),
    ("P118,250", 118_250, "PHP"),
    ("Sh3.5 billion", 3_500_000_000, "KES"),
    ("SDR250 million", 250_000_000, "XDR"),
    ("2.4 billion CFA francs", 2_400_000_000, "XOF"),
    ("70 Egyptian pounds", 70, "EGP"),
])
def test_money_normalisation_table(text, value, currency):
    assert parse_money(text) == Money(value, currency)


@pytest.mark.parametrize("text", ["40,000 inmates", "6 million people", "2025", "the dollar fell", "r5 engine",
                                  "p 10", "a 3-year term"])
def test_numbers_that_are_not_money(text):
    assert parse_money(text) is None


@pytest.mark.parametrize("text, iso", [
    ("April 10, 2025", "2025-04-10"),
    ("12 March 2024", "2024-03-12"),
    ("Sept. 3", "--09-03"),
    ("March 2024", "2024-03"),
    ("2025-04-10", "2025-04-10"),
    ("May 5th, 2021", "2021-05-05"),
    ("Feb. 30, 2024", None),
    ("last week", None),
])
def test_dates_normalise_to_iso_where_the_text_allows(text, iso):
    assert parse_date(text) == iso


def test_percentages():
    assert parse_percent("about 90% of") == 90
    assert parse_percent("12.5 per cent") == 12.5


def test_component_adds_typed_spans_over_statistical_ones():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_quantities")
    doc = nlp.make_doc("On April 10, 2025 the city paid €1.8 billion, 90% of its budget.")
    doc.ents = [doc.char_span(doc.text.index("€1.8"), doc.text.index("€1.8") + 4, label="ORG")]
    doc = nlp.get_pipe("kg_quantities")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("April 10, 2025", "DATE"), ("€1.8 billion", "MONEY"), ("90%", "PERCENT")]


@pytest.mark.parametrize("text, iso", [
    ("today", "2025-04-17"), ("yesterday", "2025-04-16"), ("last week", "2025-W15"),
    ("last month", "2025-03"), ("last year", "2024"), ("on Monday", "2025-04-14"), ("Thursday", "2025-04-17"),
    ("April 14", "2025-04-14"), ("March 3, 2020", "2020-03-03"),
])
def test_relative_dates_resolve_against_the_article_date(text, iso):
    assert resolve_date(text, date(2025, 4, 17)) == iso


def test_relative_dates_stay_unresolved_without_an_article_date():
    assert resolve_date("last week", None) is None
    assert resolve_date("April 14", None) == "--04-14"
