"""Measure a pipeline on the held-out test sets and print the model card's accuracy table.

NER: P/R/F per type on UNER EWT test and UNER PUD (PUD is never trained on).
Syntax: UAS/LAS, tag and sentence accuracy on UD EWT test and UD PUD.
Speed: words per second on one core, over the EWT test texts.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.training import Example

HERE = Path(__file__).resolve().parent
NER_SETS = {"UNER EWT test": "ner-test-ewt.spacy", "UNER PUD": "ner-test-pud.spacy"}
SYNTAX_SETS = {"UD EWT test": "syntax-test.spacy", "UD PUD": "syntax-test-pud.spacy"}


def examples(nlp, path: Path) -> list[Example]:
    docs = DocBin().from_disk(path).get_docs(nlp.vocab)
    return [Example(nlp.make_doc(doc.text), doc) for doc in docs]


def evaluate(model: str, corpus: Path) -> dict:
    nlp = spacy.load(model)
    results: dict = {"pipeline": model, "ner": {}, "syntax": {}}
    if "ner" in nlp.pipe_names:
        for name, file in NER_SETS.items():
            scores = nlp.evaluate(examples(nlp, corpus / file))
            results["ner"][name] = {
                "p": scores["ents_p"], "r": scores["ents_r"], "f": scores["ents_f"],
                "per_type": scores["ents_per_type"],
            }
    if "parser" in nlp.pipe_names:
        for name, file in SYNTAX_SETS.items():
            scores = nlp.evaluate(examples(nlp, corpus / file))
            results["syntax"][name] = {key: scores.get(key) for key in
                                       ("dep_uas", "dep_las", "tag_acc", "pos_acc", "lemma_acc", "sents_f")}
    texts = [doc.text for doc in DocBin().from_disk(corpus / "syntax-test.spacy").get_docs(nlp.vocab)]
    words = sum(len(nlp.make_doc(t)) for t in texts)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    results["words_per_second"] = round(words / (time.perf_counter() - start))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model", nargs="?", default=str(HERE.parent / "kg" / "models" / "en_kg_news"))
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    results = evaluate(args.model, args.corpus)
    for name, s in results["ner"].items():
        types = ", ".join(f"{t} {v['f'] * 100:.1f}" for t, v in sorted(s["per_type"].items()))
        print(f"NER {name}: P {s['p'] * 100:.1f} R {s['r'] * 100:.1f} F {s['f'] * 100:.1f} ({types})")
    for name, s in results["syntax"].items():
        print(f"Syntax {name}: UAS {s['dep_uas'] * 100:.1f} LAS {s['dep_las'] * 100:.1f} "
              f"TAG {s['tag_acc'] * 100:.1f} POS {s['pos_acc'] * 100:.1f} LEMMA {s['lemma_acc'] * 100:.1f} "
              f"SENT F {s['sents_f'] * 100:.1f}")
    print(f"Speed: {results['words_per_second']} words/s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
