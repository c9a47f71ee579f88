"""Resolution: merges that must happen and merges that must not."""

from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.model import Document, Extraction, Fact, Mention
from kg.resolve import load_aliases, normalise_name, resolve, slug


def mentions(doc_id: str, text: str, *names: tuple[str, str]) -> Extraction:
    found, cursor = [], 0
    for name, type_ in names:
        start = text.index(name, cursor)
        cursor = start + len(name)
        found.append(Mention(doc_id, start, cursor, name, type_, (0, len(text))))
    return Extraction(Document(doc_id, f"{doc_id}.txt", text), tuple(found), ())


def names(resolution) -> dict[str, tuple[str, ...]]:
    return {e.name: e.aliases for e in resolution.entities}


def articles_naming(resolution, entity) -> set[str]:
    """The ids of the articles with a mention of `entity`."""
    return {a.document.id for a in resolution.articles if entity.id in resolution.entity_of(a).values()}


def test_short_and_middle_names_join_the_full_name():
    text = "Maria Lopez Reyes spoke. Later Lopez Reyes left. Maria Elena Lopez Reyes wrote."
    result = resolve([mentions("d1", text, ("Maria Lopez Reyes", "Person"), ("Lopez Reyes", "Person"),
                               ("Maria Elena Lopez Reyes", "Person"))])
    assert names(result) == {"Maria Lopez Reyes": ("Lopez Reyes", "Maria Elena Lopez Reyes", "Maria Lopez Reyes")}


def test_an_acronym_or_a_company_first_word_joins_the_one_name_it_abbreviates():
    text = ("The U.S. Trade and Export Commission fined Acme Tire & Rubber Company. The TEC said Acme paid. "
            "The World Fisheries Fund agreed. WFF staff left.")
    result = resolve([mentions("d1", text, ("U.S. Trade and Export Commission", "GovernmentBody"),
                               ("Acme Tire & Rubber Company", "Company"), ("TEC", "Organization"),
                               ("Acme", "Company"), ("World Fisheries Fund", "Organization"), ("WFF", "Organization"))])
    assert names(result) == {"U.S. Trade and Export Commission": ("TEC", "U.S. Trade and Export Commission"),
                             "Acme Tire & Rubber Company": ("Acme", "Acme Tire & Rubber Company"),
                             "World Fisheries Fund": ("WFF", "World Fisheries Fund")}


def test_an_acronym_two_names_could_spell_joins_neither():
    text = "The Grain Board met the Gold Bureau. GB said no."
    result = resolve([mentions("d1", text, ("Grain Board", "Organization"), ("Gold Bureau", "Organization"),
                               ("GB", "Organization"))])
    assert set(names(result)) == {"Grain Board", "Gold Bureau", "GB"}


def test_shared_surname_with_two_candidates_does_not_merge():
    text = "John Carter met Mary Carter. Carter said no."
    result = resolve([mentions("d1", text, ("John Carter", "Person"), ("Mary Carter", "Person"),
                               ("Carter", "Person"))])
    assert set(names(result)) == {"John Carter", "Mary Carter", "Carter"}


def test_same_surname_in_another_article_does_not_merge():
    first = resolve([mentions("d1", "John Carter spoke.", ("John Carter", "Person")),
                     mentions("d2", "Carter left.", ("Carter", "Person"))])
    assert set(names(first)) == {"John Carter", "Carter"}


def test_same_name_and_type_across_articles_is_one_entity():
    result = resolve([mentions("d1", "The Acme Corp. grew.", ("Acme Corp.", "Company")),
                      mentions("d2", "Acme Corp.'s profits fell.", ("Acme Corp.", "Company"))])
    (entity,) = result.entities
    assert articles_naming(result, entity) == {"d1", "d2"}
    assert entity.id == "company/acme-corp"


def test_same_name_different_types_stay_apart():
    result = resolve([mentions("d1", "Jordan visited Jordan.", ("Jordan", "Person"), ("Jordan", "Place")),
                      mentions("d2", "Jordan closed its border.", ("Jordan", "Place"))])
    assert sorted(e.id for e in result.entities) == ["person/jordan", "place/jordan"]


def test_names_normalise_case_articles_quotes_and_possessives():
    assert normalise_name("“The  Daily Planet’s”") == normalise_name("daily planet")
    assert slug("Zoë O’Brien") == "zoe-obrien"
    assert slug("北京").startswith("x-")


def test_user_alias_file_forces_a_merge_with_name_and_type(tmp_path):
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"merge": [{"name": "Northern Detention Center", "type": "Prison",
                                           "aliases": ["the Northern Center", "NDC"]}]}), encoding="utf-8")
    text = "NDC is full. The Northern Center opened in 1990."
    result = resolve([mentions("d1", text, ("NDC", "Organization"), ("Northern Center", "Place"))],
                     load_aliases(path))
    (entity,) = result.entities
    assert (entity.name, entity.type, entity.aliases) == ("Northern Detention Center", "Prison",
                                                          ("NDC", "Northern Center"))


def test_user_alias_file_forces_a_split(tmp_path):
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"split": ["Carter"]}), encoding="utf-8")
    text = "John Carter spoke. Carter left."
    extraction = mentions("d1", text, ("John Carter", "Person"), ("Carter", "Person"))
    assert len(resolve([extraction]).entities) == 1
    assert {e.name for e in resolve([extraction], load_aliases(path)).entities} == {"John Carter", "Carter"}


def test_facts_follow_renamed_mentions(tmp_path):
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"merge": [{"name": "Jane Roe", "aliases": ["J. Roe"]}]}), encoding="utf-8")
    extraction = mentions("d1", "J. Roe met Al Poe.", ("J. Roe", "Person"), ("Al Poe", "Person"))
    subject, obj = extraction.mentions
    extraction = Extraction(extraction.document, extraction.mentions,
                            (Fact(subject, "metWith", obj, "d1", (0, 17)),))
    result = resolve([extraction], load_aliases(path))
    (article,) = result.articles
    assert result.entity_of(article)[subject] == "person/jane-roe"


@pytest.mark.parametrize("content", ["{not json", '{"merge": [{"aliases": ["x"]}]}', "[1, 2]"])
def test_bad_alias_file_is_an_input_error(tmp_path, content):
    path = tmp_path / "aliases.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="alias file is not valid"):
        load_aliases(path)


def test_spelling_variants_of_an_institution_merge_across_articles():
    result = resolve([mentions("d1", "The Northern Detention Center is full.", ("Northern Detention Center", "Prison")),
                      mentions("d2", "The Northen Detention Center is new.", ("Northen Detention Center", "Prison"))])
    (entity,) = result.entities
    assert set(entity.aliases) == {"Northern Detention Center", "Northen Detention Center"}


def test_similar_names_of_people_never_merge():
    result = resolve([mentions("d1", "Jon Smithson spoke.", ("Jon Smithson", "Person")),
                      mentions("d2", "Jon Smithsen spoke.", ("Jon Smithsen", "Person"))])
    assert len(result.entities) == 2


@pytest.mark.parametrize("a, b, same", [
    ("Northern Detention Center", "Northern Detention Centre", True),
    ("Terrorism Confinement Center", "Terrorist Confinement Center", True),
    ("Northern Detention Center", "Southern Detention Center", False),
    ("Bureau of Prisons", "Bureau of Statistics", False),
])
def test_spelling_variants_are_near_spellings_word_by_word(a, b, same):
    result = resolve([mentions("d1", f"{a} is full.", (a, "Prison")), mentions("d2", f"{b} is full.", (b, "Prison"))])
    assert (len(result.entities) == 1) is same


def test_propagation_skips_people_lowercase_words_and_unsupported_single_words():
    first = mentions("d1", "Jane Carter met the Harbour Board and Acme.", ("Jane Carter", "Person"),
                     ("Harbour Board", "GovernmentBody"), ("Acme", "Company"))
    second = Document("d2", "d2.txt", "Jane Carter, Acme and the Harbour Board met again.")
    result = resolve([first, Extraction(second, (), (), (), ((0, len(second.text)),))])
    in_second = {e.name for e in result.entities if "d2" in articles_naming(result, e)}
    assert in_second == {"Harbour Board"}


def roled(doc_id: str, name: str, *roles: str) -> Extraction:
    text = f"{name} spoke."
    extraction = mentions(doc_id, text, (name, "Person"))
    (person,) = extraction.mentions
    facts = tuple(Fact(person, "holdsRole", role, doc_id, (0, len(text))) for role in roles)
    return Extraction(extraction.document, extraction.mentions, facts)


def test_a_role_written_short_is_the_one_the_same_person_holds_in_full_elsewhere():
    result = resolve([roled("d1", "Jane Roe", "Governor of Ruritania"), roled("d2", "Jane Roe", "Governor"),
                      roled("d3", "Tom Vale", "Director of Acme", "Director of Beta"),
                      roled("d4", "Tom Vale", "Director", "Governor")])
    jane = next(e.id for e in result.entities if e.name == "Jane Roe")
    tom = next(e.id for e in result.entities if e.name == "Tom Vale")
    assert result.role(jane, "Governor") == "Governor of Ruritania"
    assert result.role(tom, "Director") == "Director"
    assert result.role(tom, "Governor") == "Governor"
