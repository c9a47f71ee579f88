"""`kg_names` on sentences written for the tests, with tags and entity spans set by hand so
the rules are tested apart from the statistical model."""

from __future__ import annotations

import spacy

from kg.rules.names import mend_names
from kg.rules.vocabulary import load_vocabulary


def mended(text: str, proper: set[str], *ents: tuple[str, str],
           compounds: dict[str, str] | None = None, adjectives: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Run kg_names on `text`; words in `proper` are tagged as proper nouns, those in
    `adjectives` as adjectives, and each key of `compounds` is a compound modifier of the word
    it maps to."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    for token in doc:
        token.pos_ = "PROPN" if token.text in proper else "ADJ" if token.text in adjectives else (
            "PUNCT" if token.is_punct else "NOUN")
    words = {token.text: token for token in doc}
    for modifier, head in (compounds or {}).items():
        words[modifier].head, words[modifier].dep_ = words[head], "compound"
    spans = []
    for name, label in ents:
        start = text.index(name)
        spans.append(doc.char_span(start, start + len(name), label=label))
    doc.ents = spans
    return [(e.text, e.label_) for e in mend_names(doc).ents]


def test_untagged_proper_nouns_are_typed_by_gazetteers_and_head_words():
    text = "Yesterday Tanisha Okoro flew from Khartoum to Lisbon with Barwick University staff."
    proper = {"Tanisha", "Okoro", "Khartoum", "Lisbon", "Barwick", "University"}
    assert mended(text, proper) == [("Tanisha Okoro", "PERSON"), ("Khartoum", "GPE"), ("Lisbon", "GPE"),
                                    ("Barwick University", "ORG")]


def test_big_cities_that_are_also_first_names_and_british_nations_are_places():
    text = "Talks moved from London to Paris, then Sydney, Scotland and Great Britain."
    proper = {"London", "Paris", "Sydney", "Scotland", "Britain"}
    assert mended(text, proper) == [("London", "GPE"), ("Paris", "GPE"), ("Sydney", "GPE"),
                                    ("Scotland", "GPE"), ("Great Britain", "GPE")]


def test_a_place_qualifying_a_capitalised_word_is_part_of_a_longer_name():
    text = "They signed the Lisbon Treaty in Khartoum."
    assert mended(text, {"Lisbon", "Khartoum"}, compounds={"Lisbon": "Treaty"}) == [("Khartoum", "GPE")]


def test_a_run_ending_in_a_place_word_is_a_place_and_unknown_runs_stay_untagged():
    text = "Crowds walked along Vellmar Avenue past Quorbex yesterday."
    assert mended(text, {"Vellmar", "Avenue", "Quorbex"}) == [("Vellmar Avenue", "LOC")]


def test_a_first_name_before_an_event_word_is_not_a_person():
    text = "He won the Stanley Cup twice."
    assert mended(text, {"Stanley", "Cup"}) == []


def test_runs_touching_a_tagged_name_are_left_to_it():
    text = "They drove to San Rafael today."
    assert mended(text, {"San", "Rafael"}, ("San", "LOC")) == [("San", "LOC")]


def test_statistical_labels_are_corrected_by_gazetteers():
    text = "Officials in Philadelphia met Marlon Quist and Dana Vell."
    result = mended(text, {"Philadelphia", "Marlon", "Quist", "Dana", "Vell"},
                    ("Philadelphia", "ORG"), ("Marlon Quist", "LOC"), ("Dana Vell", "ORG"))
    assert result == [("Philadelphia", "GPE"), ("Marlon Quist", "PERSON"), ("Dana Vell", "PERSON")]


def test_all_capital_words_are_not_first_names():
    text = "Staff of DANA spoke."
    assert mended(text, {"DANA"}, ("DANA", "ORG")) == [("DANA", "ORG")]


def test_gazetteers_leave_out_everyday_words_and_ambiguous_names():
    vocab = load_vocabulary()
    assert {"lisbon", "khartoum", "united states", "africa", "ohio"} <= vocab.place_names
    assert {"tanisha", "marlon", "dana", "peter", "sue", "susan", "isabel"} <= vocab.given_names
    assert {"tasmania", "punjab", "hubei", "ontario"} <= vocab.place_names
    assert not {"nice", "reading", "mobile", "bush", "flores", "rivera"} & vocab.place_names
    assert not {"april", "january", "will", "may", "florence", "georgia"} & vocab.given_names
    assert (vocab.name_genders["gloria"], vocab.name_genders["james"]) == ("f", "m")
    assert not {"dana", "kim", "jordan"} & vocab.name_genders.keys()


def test_a_plural_proper_noun_is_a_group_not_a_person():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Ruritanians and Tom Banks protested.")
    for token, (pos, tag) in zip(doc, [("PROPN", "NNPS"), ("CCONJ", "CC"), ("PROPN", "NNP"), ("PROPN", "NNP"),
                                       ("VERB", "VBD"), ("PUNCT", ".")]):
        token.pos_, token.tag_ = pos, tag
    doc.ents = [doc.char_span(0, 11, label="PERSON"), doc.char_span(16, 25, label="PERSON")]
    assert [(e.text, e.label_) for e in mend_names(doc).ents] == [("Tom Banks", "PERSON")]


def test_a_country_short_form_in_capitals_is_a_place():
    text = "Talks in the US and the UK stalled, said OPEC."
    assert mended(text, {"US", "UK", "OPEC"}) == [("US", "GPE"), ("UK", "GPE")]


def test_the_source_of_a_claim_is_not_a_place_unless_it_is_a_known_one():
    text = "Prices rose, according to Corvale, and talks stalled, per Lisbon."
    result = mended(text, {"Corvale", "Lisbon"}, ("Corvale", "LOC"), ("Lisbon", "LOC"))
    assert result == [("Corvale", "ORG"), ("Lisbon", "LOC")]


def test_an_organisation_ending_in_a_title_before_a_name_is_a_role_phrase():
    text = "Ohio Democratic Senator Tom Banks objected."
    assert mended(text, {"Ohio", "Democratic", "Senator", "Tom", "Banks"},
                  ("Ohio Democratic Senator", "ORG"), ("Tom Banks", "PERSON")) == [("Tom Banks", "PERSON")]


def test_titles_and_honorifics_are_not_part_of_a_name():
    text = "Mr. Banks met Ohio Senator Tom Vell, Ms Dana Quist and Dr Okoro."
    proper = {"Mr.", "Banks", "Ohio", "Senator", "Tom", "Vell", "Ms", "Dana", "Quist", "Dr", "Okoro"}
    result = mended(text, proper, ("Mr. Banks", "PERSON"), ("Ohio Senator Tom Vell", "PERSON"), ("Ms Dana Quist", "LOC"))
    assert result == [("Banks", "PERSON"), ("Ohio", "GPE"), ("Tom Vell", "PERSON"), ("Dana Quist", "PERSON"),
                      ("Okoro", "PERSON")]


def test_a_name_after_an_honorific_inside_an_organisation_span_is_a_person():
    text = "Undersecretary for Education Mr. Moretti says more."
    proper = {"Undersecretary", "Education", "Mr.", "Moretti"}
    assert mended(text, proper, ("Undersecretary for Education Mr. Moretti", "ORG")) == [("Moretti", "PERSON")]


def test_an_honorific_before_an_organisation_word_does_not_make_a_person():
    text = "Staff of Lord Vell College left."
    assert mended(text, {"Lord", "Vell", "College"}, ("Lord Vell College", "ORG")) == [("Lord Vell College", "ORG")]


def test_nationalities_and_plural_group_names_are_not_entities():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("South Korean firms, Native Americans and Vellarians met the Philippines team.")
    tags = [("PROPN", "NNP"), ("ADJ", "JJ"), ("NOUN", "NNS"), ("PUNCT", ","), ("ADJ", "JJ"), ("PROPN", "NNPS"),
            ("CCONJ", "CC"), ("PROPN", "NNPS"), ("VERB", "VBD"), ("DET", "DT"), ("PROPN", "NNPS"),
            ("NOUN", "NN"), ("PUNCT", ".")]
    for token, (pos, tag) in zip(doc, tags):
        token.pos_, token.tag_ = pos, tag
    doc.ents = [doc.char_span(doc.text.index(name), doc.text.index(name) + len(name), label=label)
                for name, label in [("South Korean", "LOC"), ("Native Americans", "ORG"), ("Vellarians", "LOC"),
                                    ("Philippines", "LOC")]]
    assert [(e.text, e.label_) for e in mend_names(doc).ents] == [("Philippines", "LOC")]


def test_hyphenated_names_are_whole_but_hyphenated_modifiers_are_not_names():
    text = "Kim Sung-ho met Dana Vell-Quist at the Vellmar-backed talks."
    proper = {"Kim", "Sung", "Dana", "Vell", "Quist", "Vellmar"}
    result = mended(text, proper, ("Kim Sung", "PERSON"), ("Dana Vell", "PERSON"), ("Vellmar", "ORG"))
    assert result == [("Kim Sung-ho", "PERSON"), ("Dana Vell-Quist", "PERSON"), ("Vellmar", "ORG")]


def test_places_listed_with_a_comma_are_separate_places():
    text = "Floods hit Vellmar, Ruritania, on Monday."
    assert mended(text, {"Vellmar", "Ruritania"}, ("Vellmar, Ruritania,", "LOC")) == [("Vellmar", "LOC"),
                                                                                       ("Ruritania", "LOC")]


def test_a_person_of_a_body_is_a_person_and_a_body_but_a_royal_name_stays_whole():
    text = "Dana Quist of the Vellmar Party met John of Quorbex."
    proper = {"Dana", "Quist", "Vellmar", "Party", "John", "Quorbex"}
    result = mended(text, proper, ("Dana Quist of the Vellmar Party", "PERSON"), ("John of Quorbex", "PERSON"))
    assert result == [("Dana Quist", "PERSON"), ("Vellmar Party", "ORG"), ("John of Quorbex", "PERSON")]


def test_a_bare_title_is_not_a_name_and_a_lowercase_title_is_not_part_of_one():
    text = "The Sheriff said general Tom Vell left."
    result = mended(text, {"Sheriff", "Tom", "Vell"}, ("Sheriff", "PERSON"), ("general Tom Vell", "PERSON"))
    assert result == [("Tom Vell", "PERSON")]


def test_a_name_does_not_run_over_a_line_break():
    text = "Dana Quist\n\nQuist spoke."
    assert mended(text, {"Dana", "Quist"}, ("Dana Quist\n\n", "PERSON")) == [("Dana Quist", "PERSON"),
                                                                             ("Quist", "PERSON")]


def test_a_name_does_not_end_in_a_connector():
    text = "Kim Sung-ho of the committee spoke."
    assert mended(text, {"Kim", "Sung"}, ("Kim Sung-ho of the", "PERSON")) == [("Kim Sung-ho", "PERSON")]


def test_a_possessive_splits_an_owner_from_its_thing_but_not_a_name_built_on_one():
    text = "Guards at Ruritania's Central Prison and the People's Republic of Vellmar met at St. Agnes's University."
    proper = {"Ruritania", "Central", "Prison", "People", "Republic", "Vellmar", "St.", "Agnes", "University"}
    result = mended(text, proper, ("Ruritania's Central Prison", "ORG"),
                    ("People's Republic of Vellmar", "GPE"), ("St. Agnes's University", "ORG"))
    assert result == [("Ruritania", "ORG"), ("Central Prison", "ORG"), ("People's Republic of Vellmar", "GPE"),
                      ("St. Agnes's University", "ORG")]


def test_a_person_run_on_into_an_organisation_word_is_an_organisation():
    text = "The Tanisha Okoro Foundation paid Dana Vell."
    result = mended(text, {"Tanisha", "Okoro", "Foundation", "Dana", "Vell"}, ("Tanisha Okoro", "PERSON"),
                    ("Dana Vell", "PERSON"))
    assert result == [("Tanisha Okoro Foundation", "ORG"), ("Dana Vell", "PERSON")]


def test_a_lone_head_word_is_not_a_name_but_a_lone_institution_is():
    text = "The University told Congress that the State would pay."
    result = mended(text, {"University", "Congress", "State"}, ("University", "ORG"), ("Congress", "ORG"),
                    ("State", "GPE"))
    assert result == [("Congress", "ORG")]


def test_a_lone_surname_of_a_person_named_in_full_is_that_person_unless_it_is_a_place():
    text = "Dana Quist met Marlon Lisbon. Quist left for Lisbon. Later Quist spoke."
    proper = {"Dana", "Quist", "Marlon", "Lisbon"}
    result = mended(text, proper, ("Dana Quist", "PERSON"), ("Marlon Lisbon", "PERSON"),
                    ("Quist left", "ORG"))
    assert result[:2] == [("Dana Quist", "PERSON"), ("Marlon Lisbon", "PERSON")]
    assert result[2:] == [("Quist", "PERSON"), ("Lisbon", "GPE"), ("Quist", "PERSON")]


def test_an_institution_tagged_only_after_its_head_takes_the_head_in():
    text = "Later the Office of the Inspector spoke."
    assert mended(text, {"Office", "Inspector"}, ("Inspector", "ORG")) == [("Office of the Inspector", "ORG")]
    text = "Later the Commission on Elections ruled."
    assert mended(text, {"Commission", "Elections"}, ("Elections", "ORG")) == [("Commission on Elections", "ORG")]


def test_a_name_runs_over_a_hyphened_particle():
    text = "Minister Karim al-Masri was sentenced."
    proper = {"Karim", "Masri"}
    assert mended(text, proper, ("Karim", "PERSON")) == [("Karim al-Masri", "PERSON")]


def test_a_hyphenated_surname_alone_is_the_person_named_in_full():
    text = "Halabi-Nour fled. Youssef Halabi-Nour was tried."
    proper = {"Youssef", "Halabi", "Nour"}
    result = mended(text, proper, ("Halabi-Nour", "GPE"), ("Youssef Halabi-Nour", "PERSON"))
    assert result == [("Halabi-Nour", "PERSON"), ("Youssef Halabi-Nour", "PERSON")]


def test_a_name_cut_after_an_adjective_is_joined_to_the_name_after_it():
    text = "She teaches at the University of Southern Ruritania and the State Department Iraq desk."
    proper = {"University", "Ruritania", "State", "Iraq"}
    result = mended(text, proper, ("University of Southern", "ORG"), ("Ruritania", "GPE"),
                    ("State Department", "ORG"), ("Iraq", "GPE"), adjectives=frozenset({"Southern", "Department"}))
    assert result == [("University of Southern Ruritania", "ORG"), ("State Department", "ORG"), ("Iraq", "GPE")]


def test_a_person_span_ending_in_a_place_word_is_a_place_unless_it_starts_with_a_first_name():
    text = "Crews left Vellmar Space Center to meet Tom Hall."
    proper = {"Vellmar", "Space", "Center", "Tom", "Hall"}
    result = mended(text, proper, ("Vellmar Space Center", "PERSON"), ("Tom Hall", "PERSON"))
    assert result == [("Vellmar Space Center", "LOC"), ("Tom Hall", "PERSON")]


def test_a_name_tagged_proper_but_read_as_a_noun_still_joins_the_name():
    text = "Bail was granted to former DPO Zafrul Ahmad Qureshi in the case."
    doc_names = mended_tagged(text, {"DPO", "Ahmad", "Qureshi"}, {"Zafrul"})
    assert ("Zafrul Ahmad Qureshi", "PERSON") in doc_names


def mended_tagged(text: str, proper: set[str], tagged: set[str]) -> list[tuple[str, str]]:
    """Run kg_names with `proper` words as proper nouns and `tagged` ones as nouns with the
    proper-noun tag (as the statistical tagger sometimes leaves them)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    for token in doc:
        token.pos_ = "PROPN" if token.text in proper else "PUNCT" if token.is_punct else "NOUN"
        token.tag_ = "NNP" if token.text in proper | tagged else "NN"
    return [(e.text, e.label_) for e in mend_names(doc).ents]
