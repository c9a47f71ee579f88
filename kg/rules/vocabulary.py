"""The vocabulary files in `kg/data/` that drive the rule layer and extraction (titles,
type cues, places, institutions, entity labels), read once and shared."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files

from spacy.tokens import Token


@dataclass(frozen=True)
class Vocabulary:
    """The data files that drive extraction, loaded once."""

    label_types: dict[str, str]
    type_cues: tuple[tuple[tuple[str, ...], str], ...]
    titles: frozenset[tuple[str, ...]]
    roles: frozenset[str]
    honorifics: frozenset[str]
    name_genders: dict[str, str]
    pronoun_genders: dict[str, str]
    honorific_genders: dict[str, str]
    demonyms: dict[str, str]
    role_prepositions: dict[str, str]
    institutions: tuple[tuple[tuple[str, ...], str], ...]
    headed_institutions: dict[str, str]
    modified_institutions: dict[str, str]
    needs_a_name: frozenset[str]
    locative_heads: frozenset[str]
    locative_prepositions: frozenset[str]
    short_forms: frozenset[str]
    group_suffixes: tuple[str, ...]
    place_names: frozenset[str]
    given_names: frozenset[str]
    organisation_heads: frozenset[str]
    place_heads: frozenset[str]
    event_heads: frozenset[str]
    collective_owners: frozenset[str]
    source_markers: frozenset[tuple[str, ...]]
    outlet_markers: frozenset[str]
    description_types: dict[str, str]

    @cached_property
    def longest_title(self) -> int:
        return max(len(t) for t in self.titles)

    @cached_property
    def single_titles(self) -> frozenset[str]:
        return frozenset(t[0] for t in self.titles if len(t) == 1)

    @cached_property
    def before_names(self) -> frozenset[str]:
        """Single words that stand before a person's name and are not part of it: one-word
        offices ('president') and honorifics ('mr.', 'sir')."""
        return self.single_titles | self.honorifics

    @cached_property
    def countries(self) -> frozenset[str]:
        """Country names, lower case, without a leading 'the'."""
        return frozenset(name.lower().removeprefix("the ") for name in self.demonyms.values())

    @cached_property
    def nationalities(self) -> frozenset[str]:
        """Single nationality words ('ruritanian'), not short forms of country names."""
        return frozenset(k for k in self.demonyms if " " not in k and "." not in k and k not in self.short_forms)

    @cached_property
    def institution_heads(self) -> frozenset[str]:
        """Single words that end an institution's name ('department', 'court', 'ministry')."""
        return frozenset(cue[0] for cue, _ in self.type_cues if len(cue) == 1)

    @cached_property
    def name_heads(self) -> frozenset[str]:
        """Single words that end an organisation's name, institutions' or others' ('university')."""
        return self.institution_heads | self.organisation_heads

    @cached_property
    def generic_heads(self) -> frozenset[str]:
        """Head words of organisations, places and events that name nothing alone ('the
        University'), unlike an institution's ('Congress')."""
        return self.organisation_heads | self.place_heads | self.event_heads

    @cached_property
    def not_person_heads(self) -> frozenset[str]:
        """Single words that end names of organisations, places and events, never a person's."""
        return self.name_heads | self.place_heads | self.event_heads

    @cached_property
    def cues_by_last_word(self) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
        """Type cues grouped by their last word, longest first, for lookup token by token."""
        grouped: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for cue, type_ in self.type_cues:
            grouped.setdefault(cue[-1], []).append((cue, type_))
        return {word: tuple(cues) for word, cues in grouped.items()}


def read_json(name: str) -> dict:
    data = json.loads((files("kg") / "data" / name).read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def name_list(name: str) -> frozenset[str]:
    """A word list (one entry per line, '#' comments), lower case."""
    lines = (files("kg") / "data" / name).read_text("utf-8").splitlines()
    return frozenset(line.lower() for line in lines if line.strip() and not line.startswith("#"))


def phrases(by_type: dict[str, list[str]]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words, type) pairs, longest first so the most specific phrase wins."""
    return tuple(sorted(((tuple(p.split()), t) for t, words in by_type.items() for p in words),
                        key=lambda item: (-len(item[0]), item)))


@cache
def load_vocabulary() -> Vocabulary:
    titles = frozenset(tuple(line.split()) for line in name_list("titles.txt"))
    places = read_json("places.json")
    institutions = read_json("institutions.json")
    speech = read_json("speech.json")
    genders = read_json("genders.json")
    return Vocabulary(
        label_types=read_json("labels.json"),
        type_cues=phrases(read_json("type_cues.json")),
        titles=titles,
        roles=name_list("roles.txt") | frozenset(title[-1] for title in titles),
        honorifics=name_list("honorifics.txt"),
        name_genders=dict(line.split() for line in name_list("name_genders.txt")),
        pronoun_genders=genders["pronouns"],
        honorific_genders=genders["honorifics"],
        demonyms=places["demonyms"],
        role_prepositions={k: v for k, v in places["role_prepositions"].items() if not k.startswith("_")},
        institutions=phrases(institutions["phrases"]),
        headed_institutions={word: t for t, words in institutions["headed"].items() for word in words},
        modified_institutions={word: t for t, words in institutions["modified"].items() for word in words},
        needs_a_name=frozenset(institutions["needs_a_name"]),
        locative_heads=frozenset(places["locative_heads"]),
        locative_prepositions=frozenset(places["locative_prepositions"]),
        short_forms=frozenset(places["short_forms"]),
        group_suffixes=tuple(places["group_suffixes"]),
        place_names=name_list("place_names.txt") | frozenset(
            name.lower().removeprefix("the ") for name in places["demonyms"].values()) | frozenset(places["short_forms"]),
        given_names=name_list("given_names.txt"),
        organisation_heads=frozenset(institutions["organisation_heads"]),
        place_heads=frozenset(places["place_heads"]),
        event_heads=frozenset(institutions["event_heads"]),
        collective_owners=frozenset(institutions["collective_owners"]),
        source_markers=frozenset(tuple(marker.split()) for marker in speech["source_markers"]),
        outlet_markers=frozenset(speech["outlet_markers"]),
        description_types={noun: type_ for type_, nouns in institutions["descriptions"].items() for noun in nouns},
    )


def lemma_in(token: Token, words) -> bool:
    """Whether a token is one of `words` (lemmas): its lemma, or, where the lemmatizer left
    an inflected form, a regular stem of it ('alleging' -> 'allege', 'stopped' -> 'stop',
    'disqualified' -> 'disqualify')."""
    return not word_forms(token.lemma_.lower(), token.lower_).isdisjoint(words)


@cache
def word_forms(lemma: str, lower: str) -> frozenset[str]:
    forms = {lemma, lower}
    if lower.endswith(("ied", "ies")) and len(lower) > 5:
        forms.add(lower[:-3] + "y")
    for suffix in ("ing", "ed", "es", "s"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[:-len(suffix)]
            forms |= {stem, stem + "e"}
            if stem[-1] == stem[-2]:
                forms.add(stem[:-1])
    return frozenset(forms)
