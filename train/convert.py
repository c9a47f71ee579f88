"""Convert the openly licensed corpora in ../shared/data into spaCy's binary training format.

Two corpora come out, because the sources annotate different things: a syntax corpus
(UD trees, tags, lemmas) and an NER corpus (PERSON / ORG / LOC names only). Types a
corpus does not annotate are left out of its labels, so the model never learns that a
court or a sum of money is "not an entity" from a corpus that simply ignores them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

NER_LABELS = {
    "PER": "PERSON", "ORG": "ORG", "LOC": "LOC",
    "person": "PERSON", "politician": "PERSON",
    "organisation": "ORG", "politicalparty": "ORG",
    "location": "LOC", "country": "LOC",
}
UNER_TRAIN = "uner_english_ewt/commit_0c7ce0debb13a7d304da656f16309397e8ff36ef/en_ewt-ud-train.iob2"
SEED = 0
SENTENCES_PER_DOC = 10


def read_blocks(path: Path) -> Iterator[tuple[dict[str, str], list[list[str]]]]:
    """Yield (comment metadata, token rows) per sentence of a CoNLL-U or IOB2 file."""
    meta: dict[str, str] = {}
    rows: list[list[str]] = []
    for line in path.read_text(encoding="utf8").splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition("=")
            meta[key.strip()] = value.strip()
        elif line.strip():
            rows.append(line.split("\t"))
        elif rows:
            yield meta, rows
            meta, rows = {}, []
    if rows:
        yield meta, rows


def conllu_doc(vocab: Vocab, sentences: list[list[list[str]]]) -> Doc:
    """UD sentences as one Doc with tags, morphology, lemmas, trees and sentence starts.

    Several sentences go into each Doc so that the parser learns where sentences end.
    """
    words, spaces, tags, pos, morphs, lemmas, heads, deps, starts = [], [], [], [], [], [], [], [], []
    for rows in sentences:
        offset = len(words)
        rows = [row for row in rows if row[0].isdigit()]
        for row in rows:
            words.append(row[1])
            lemmas.append(row[2])
            pos.append(row[3])
            tags.append(row[4])
            morphs.append("" if row[5] == "_" else row[5])
            heads.append(offset + (int(row[6]) if row[6] != "0" else int(row[0])) - 1)
            deps.append("ROOT" if row[7] == "root" else row[7])
            spaces.append("SpaceAfter=No" not in row[9])
            starts.append(row is rows[0])
        if spaces:
            spaces[-1] = True
    return Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, morphs=morphs,
               lemmas=lemmas, heads=heads, deps=deps, sent_starts=starts)


def grouped(path: Path, size: int = SENTENCES_PER_DOC) -> Iterator[list[list[list[str]]]]:
    """Sentences of a CoNLL-U file in runs of at most `size`, never across a document break."""
    run: list[list[list[str]]] = []
    for meta, rows in read_blocks(path):
        if run and ("newdoc id" in meta or len(run) == size):
            yield run
            run = []
        run.append(rows)
    if run:
        yield run


def syntax_docs(data: Path, vocab: Vocab, split: str) -> list[Doc]:
    """UD EWT plus GUM documents of the matching official split."""
    docs = [conllu_doc(vocab, run) for run in grouped(data / f"ud_english_ewt/en_ewt-ud-{split}.conllu")]
    gum_split = gum_splits(data / "gum/splits.md")
    for path in sorted((data / "gum/dep").glob("*.conllu")):
        if gum_split.get(path.stem, "train") == split:
            docs.extend(conllu_doc(vocab, run) for run in grouped(path))
    return docs


def gum_splits(path: Path) -> dict[str, str]:
    """Document name -> split, from GUM's splits.md (documents not listed are train)."""
    split, out = "", {}
    for line in path.read_text(encoding="utf8").splitlines():
        if line.startswith("## "):
            split = line[3:].strip()
        elif line.strip().startswith("* "):
            out[line.strip()[2:].strip()] = split
    return out


def iob_doc(vocab: Vocab, words: list[str], tags: list[str], spaces: list[bool] | None = None) -> Doc:
    """A Doc whose entities come from IOB2 tags, keeping only the mapped labels."""
    doc = Doc(vocab, words=words, spaces=spaces)
    spans, start, label = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, name = tag.partition("-")
        if start is not None and prefix != "I":
            if label:
                spans.append(Span(doc, start, i, label=label))
            start, label = None, None
        if prefix == "B" and name in NER_LABELS:
            start, label = i, NER_LABELS[name]
        elif prefix == "B":
            start, label = i, None
    doc.ents = filter_spans(spans)
    return doc


def uner_docs(data: Path, vocab: Vocab, path: str, ud_path: str) -> list[Doc]:
    """UniversalNER sentences, with spacing taken from the matching UD sentence."""
    spacing = {}
    for meta, rows in read_blocks(data / ud_path):
        words = [r for r in rows if r[0].isdigit()]
        spacing[meta.get("sent_id")] = ([r[1] for r in words], ["SpaceAfter=No" not in r[9] for r in words])
    docs = []
    for meta, rows in read_blocks(data / path):
        words, tags = [r[1] for r in rows], [r[2] for r in rows]
        ud_words, ud_spaces = spacing.get(meta.get("sent_id"), (None, None))
        docs.append(iob_doc(vocab, words, tags, ud_spaces if ud_words == words else None))
    return docs


def crossner_docs(data: Path, vocab: Vocab, split: str) -> list[Doc]:
    """CrossNER politics sentences (word<TAB>tag lines), labels mapped to ours."""
    docs, words, tags = [], [], []
    lines = (data / f"crossner_politics/ner_data/politics/{split}.txt").read_text(encoding="utf8").splitlines()
    for line in lines + [""]:
        if line.strip():
            word, tag = line.split("\t")
            words.append(word)
            tags.append(tag)
        elif words:
            docs.append(iob_doc(vocab, words, tags))
            words, tags = [], []
    return docs


def redocred_docs(data: Path, vocab: Vocab, name: str) -> list[Doc]:
    """Re-DocRED Wikipedia documents with their PER/ORG/LOC mentions."""
    docs = []
    for item in json.loads((data / f"re_docred/data/{name}").read_text(encoding="utf8")):
        offsets, words, starts = [], [], []
        for sent in item["sents"]:
            offsets.append(len(words))
            starts.extend([True] + [False] * (len(sent) - 1))
            words.extend(sent)
        doc = Doc(vocab, words=words, sent_starts=starts)
        spans = [
            Span(doc, offsets[m["sent_id"]] + m["pos"][0], offsets[m["sent_id"]] + m["pos"][1], label=NER_LABELS[m["type"]])
            for vertex in item["vertexSet"] for m in vertex if m["type"] in NER_LABELS
        ]
        doc.ents = filter_spans(spans)
        docs.append(doc)
    return docs


GUM_TYPES = {"person": "PERSON", "place": "LOC", "organization": "ORG"}
GUM_ENTITY = re.compile(r"\((\d+)-([a-z]+)[^()]*(\))?|(\d+)\)")
NAME_INNER_POS = {"PROPN", "PUNCT", "NUM"}
NAME_INNER_WORDS = {"of", "the", "and", "&", "for", "de", "del", "da", "di", "du", "la", "le", "von", "van", "der", "y"}


def gum_mentions(rows: list[list[str]]) -> list[tuple[int, int, str]]:
    """(start, end, type) of every entity mention in GUM's bracketed Entity= annotation."""
    open_mentions: dict[str, list[tuple[int, str]]] = defaultdict(list)
    mentions = []
    for i, row in enumerate(rows):
        misc = dict(part.split("=", 1) for part in row[9].split("|") if "=" in part)
        for match in GUM_ENTITY.finditer(misc.get("Entity", "")):
            ident, type_, closed, closing = match.groups()
            if ident is not None:
                open_mentions[ident].append((i, type_))
            if closed or closing:
                start, kind = open_mentions[ident or closing].pop()
                mentions.append((start, i + 1, kind))
    return mentions


def gum_ner_doc(vocab: Vocab, sentences: list[list[list[str]]]) -> Doc:
    """Named person/place/organization mentions of GUM as PERSON/LOC/ORG.

    A mention counts as a name when its syntactic head is a proper noun; its span is
    trimmed to the proper nouns at its edges. Names whose span mixes in common nouns or
    adjectives ('US president Barack Obama') are marked as unknown rather than as
    non-entities, so the model is not taught that they are not names.
    """
    words, spaces, iob = [], [], []
    for rows in sentences:
        rows = [row for row in rows if row[0].isdigit()]
        words.extend(row[1] for row in rows)
        spaces.extend("SpaceAfter=No" not in row[9] for row in rows)
        tags = ["O"] * len(rows)
        named = []
        for start, end, kind in gum_mentions(rows):
            if kind not in GUM_TYPES:
                continue
            heads = [i for i in range(start, end) if not start <= int(rows[i][6]) - 1 < end]
            if len(heads) != 1 or rows[heads[0]][3] != "PROPN":
                continue
            proper = [i for i in range(start, end) if rows[i][3] == "PROPN"]
            first, last = proper[0], proper[-1]
            if all(rows[i][3] in NAME_INNER_POS or rows[i][1].lower() in NAME_INNER_WORDS for i in range(first, last + 1)):
                named.append((last + 1 - first, first, last + 1, GUM_TYPES[kind]))
            else:
                for i in proper:
                    tags[i] = ""
        taken: set[int] = set()
        for _, start, end, label in sorted(named, key=lambda n: (-n[0], n[1])):
            if taken.isdisjoint(range(start, end)):
                taken.update(range(start, end))
                tags[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
        iob.extend(tags)
    if spaces:
        spaces[-1] = True
    return Doc(vocab, words=words, spaces=spaces, ents=iob)


def gum_ner_docs(data: Path, vocab: Vocab, split: str) -> list[Doc]:
    gum_split = gum_splits(data / "gum/splits.md")
    return [gum_ner_doc(vocab, run) for path in sorted((data / "gum/dep").glob("*.conllu"))
            if gum_split.get(path.stem, "train") == split for run in grouped(path)]


def drop_adjective_names(docs: list[Doc], tagger_path: Path | None) -> list[Doc]:
    """Remove entity spans that end in an adjective ('German', 'South Korean').

    Re-DocRED labels nationality adjectives as locations; UniversalNER, like most NER
    schemes, does not. The tag comes from the syntax pipeline trained first.
    """
    if tagger_path is None:
        return docs
    nlp = spacy.load(tagger_path, exclude=["parser", "ner", "trainable_lemmatizer", "morphologizer"])
    dropped = 0
    for doc in docs:
        tagged = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        for _, proc in nlp.pipeline:
            tagged = proc(tagged)
        kept = [e for e in doc.ents if tagged[e.end - 1].tag_ != "JJ"]
        dropped += len(doc.ents) - len(kept)
        doc.set_ents(kept, default="outside")
    print(f"dropped {dropped} adjective entity spans")
    return docs


def save(docs: list[Doc], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(path)
    print(f"{path}: {len(docs)} docs, {sum(len(d) for d in docs)} tokens")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1] / "../shared/data")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "corpus")
    parser.add_argument("--tagger", type=Path, help="trained syntax pipeline used to drop adjective names")
    parser.add_argument("--only", choices=("syntax", "ner"), help="convert only one of the two corpora")
    args = parser.parse_args()
    vocab, data, out = Vocab(), args.data.resolve(), args.out
    random.seed(SEED)
    if args.only != "ner":
        for split in ("train", "dev", "test"):
            save(syntax_docs(data, vocab, split), out / f"syntax-{split}.spacy")
        save([conllu_doc(vocab, run) for run in grouped(data / "ud_english_pud/en_pud-ud-test.conllu")],
             out / "syntax-test-pud.spacy")
    if args.only == "syntax":
        return
    ner_train = (
        uner_docs(data, vocab, UNER_TRAIN, "ud_english_ewt/en_ewt-ud-train.conllu")
        + crossner_docs(data, vocab, "train") + crossner_docs(data, vocab, "test")
        + crossner_docs(data, vocab, "dev") + gum_ner_docs(data, vocab, "train")
        + drop_adjective_names(redocred_docs(data, vocab, "dev_revised.json")
                               + redocred_docs(data, vocab, "test_revised.json"), args.tagger)
    )
    random.shuffle(ner_train)
    save(ner_train, out / "ner-train.spacy")
    save(uner_docs(data, vocab, "uner_english_ewt/en_ewt-ud-dev.iob2", "ud_english_ewt/en_ewt-ud-dev.conllu"),
         out / "ner-dev.spacy")
    save(uner_docs(data, vocab, "uner_english_ewt/en_ewt-ud-test.iob2", "ud_english_ewt/en_ewt-ud-test.conllu"),
         out / "ner-test-ewt.spacy")
    save(uner_docs(data, vocab, "uner_english_pud/en_pud-ud-test.iob2", "ud_english_pud/en_pud-ud-test.conllu"),
         out / "ner-test-pud.spacy")


if __name__ == "__main__":
    main()
