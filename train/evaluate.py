"""Measure a pipeline on the held-out test sets and print the model card's accuracy table.

NER: P/R/F per type on UNER EWT test and UNER PUD (PUD is never trained on).
Syntax: UAS/LAS, tag and sentence accuracy on UD EWT test and UD PUD.
Speed: words per second on one core, over the EWT test texts.
With --kg-rules, the pipeline as kg runs it (its rule layer added), entities compared on
the test sets' three types.
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


COMPARABLE = {"PERSON": "PERSON", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC"}


def with_kg_rules(model: str):
    """The model as kg runs it, entity labels brought to the test sets' three types."""
    from spacy.language import Language
    from spacy.tokens import Span

    from kg.nlp import load_pipeline

    @Language.component("kg_eval_labels")
    def comparable(doc):
        doc.ents = [Span(doc, e.start, e.end, label=COMPARABLE[e.label_]) for e in doc.ents if e.label_ in COMPARABLE]
        return doc

    nlp = load_pipeline(model)
    nlp.add_pipe("kg_eval_labels", last=True)
    return nlp


def evaluate(model: str, corpus: Path, rules: bool = False) -> dict:
    nlp = with_kg_rules(model) if rules else spacy.load(model)
    results: dict = {"pipeline": model, "kg_rules": rules, "ner": {}, "syntax": {}}
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
    parser.add_argument("--kg-rules", action="store_true",
                        help="measure the pipeline as kg runs it (with its rule layer), PERSON/ORG/LOC only")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    results = evaluate(args.model, args.corpus, args.kg_rules)
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
