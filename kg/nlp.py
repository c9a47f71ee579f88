"""Choose and load the spaCy pipeline, in this one place, so it can be swapped.

Order of preference: the pipeline the user names; else the best installed Explosion
English pipeline (trf > lg > md > sm); else the pipeline shipped inside this package;
else a blank English pipeline with a sentencizer (no statistical entities). Every
pipeline gets the same rule layer: paragraph breaks end sentences, `kg_names` mends
statistical entity spans, and sums of money, percentages and dates come from `kg_quantities`.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import is_package

from kg.rules import names, quantities  # noqa: F401  (they register the kg_names and kg_quantities components)
from kg.errors import ModelError

log = logging.getLogger(__name__)

SHIPPED_MODEL = Path(__file__).parent / "models" / "en_kg_news"
EXPLOSION_PREFERENCE = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
MAX_LENGTH = 10_000_000
ENTITY_COMPONENTS = ("ner", "entity_ruler")


def resolve_pipeline_name(name: str | None = None) -> str:
    """The name or path that `load_pipeline` will load."""
    if name:
        return name
    for package in EXPLOSION_PREFERENCE:
        if is_package(package):
            return package
    if (SHIPPED_MODEL / "config.cfg").exists():
        return str(SHIPPED_MODEL)
    return "blank:en"


OPENING_QUOTES = {"“", "‘"}
CLOSING_QUOTES = {"”", "’", '"'}
SENTENCE_END = {".", "?", "!", "…"}
SENTENCE_CLOSERS = CLOSING_QUOTES | {")", "]", ":"}
DATELINE_ENDS = {":", "–", "—", "--"}
DATELINE_TOKENS = 10


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Sentence boundaries the parser must keep: a line break always ends a sentence; an
    opening quote never stands alone; a closing quote that does not close a sentence ('must
    “facilitate” the return', '“…,” she said') never ends one; and no sentence starts unless a
    stop, a quote, a bracket, a colon or a line break ends the one before (the parser had split
    'filed by Special Counsel' | 'Jane Doe on Monday' and 'Defence lawyers' | 'Jane Doe and
    John Roe said …'; news text keeps its stops). The marks are written in one pass
    (`Doc.from_array`): setting `Token.is_sent_start` one token at a time re-checks the whole
    document each time, which made long articles quadratic."""
    starts = doc.to_array([SENT_START]).astype("int64")
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            starts[token.i + 1] = 1
        elif keeps_the_sentence_open(token, doc[token.i + 1]):
            starts[token.i + 1] = -1
    for start in [0, *(t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text)]:
        end = dateline_end(doc, start)
        if end is not None:
            starts[end] = 1
    if len(doc):
        starts[0] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def dateline_end(doc: Doc, start: int) -> int | None:
    """Where the sentence after a paragraph's dateline starts ('LAHORE: A bench …', 'CAPE TOWN,
    May 2 (ANA) – A former …'): the dateline is a sentence of its own, as the parser reads
    the words after it as a clause only then."""
    if start >= len(doc) or not (doc[start].is_upper and len(doc[start].text) > 1 and doc[start].is_alpha):
        return None
    for token in doc[start + 1:start + DATELINE_TOKENS]:
        if token.text in DATELINE_ENDS:
            return token.i + 1 if token.i + 1 < len(doc) and not doc[token.i + 1].is_space else None
        if token.is_space or token.text in SENTENCE_END:
            return None
    return None


def keeps_the_sentence_open(token, after) -> bool:
    """Whether the sentence `token` is in must go on to `after` (see `paragraph_breaks`)."""
    inner_closing_quote = (token.text in CLOSING_QUOTES and token.i > 0
                           and token.doc[token.i - 1].text not in SENTENCE_END and not after.is_space)
    within_words = not ends_a_sentence(token)
    return token.text in OPENING_QUOTES or inner_closing_quote or within_words


def ends_a_sentence(token) -> bool:
    """Whether a sentence may end with this token: a stop ('.', 'U.S.'), a closing quote or
    bracket, a colon, or a space."""
    return token.is_space or token.text[-1] in SENTENCE_END or token.text in SENTENCE_CLOSERS


def load_pipeline(name: str | None = None) -> Language:
    """Load the pipeline and make sure it splits sentences (once per process and name)."""
    return load_resolved(resolve_pipeline_name(name))


@cache
def load_resolved(resolved: str) -> Language:
    try:
        nlp = spacy.blank("en") if resolved == "blank:en" else spacy.load(resolved)
    except (OSError, ValueError) as exc:
        raise ModelError("E201", f"cannot load spaCy pipeline '{resolved}': {exc}".splitlines()[0],
                         hint="give an installed pipeline package or a folder written by nlp.to_disk") from exc
    if resolved == "blank:en":
        log.warning("no trained pipeline found: using a blank English pipeline (no named entities)")
    if not ({"parser", "senter", "sentencizer"} & set(nlp.pipe_names)):
        nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("kg_paragraph_breaks", first=True)
    recognisers = [name for name in nlp.pipe_names if name in ENTITY_COMPONENTS]
    if recognisers:
        nlp.add_pipe("kg_names", after=recognisers[-1])
    nlp.add_pipe("kg_quantities", last=True)
    nlp.max_length = MAX_LENGTH
    return nlp


def pipeline_info(nlp: Language) -> dict[str, object]:
    """Name, version, path and entity labels of a loaded pipeline (what `kg info` prints)."""
    labels = {label for name in ENTITY_COMPONENTS if name in nlp.pipe_names
              for label in nlp.get_pipe(name).labels}
    if "kg_quantities" in nlp.pipe_names:
        labels |= set(quantities.patterns())
    return {
        "pipeline": f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'pipeline')}",
        "version": nlp.meta.get("version"),
        "path": str(nlp.path) if nlp.path else None,
        "labels": sorted(labels),
    }
