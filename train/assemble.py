"""Combine the trained syntax and NER pipelines into the one pipeline kg ships.

The NER component gets its own copy of its tok2vec, so it can live beside the syntax
components (which share theirs) in a single pipeline loadable with `spacy.load`.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "kg" / "models" / "en_kg_news"


def assemble(syntax_path: Path, ner_path: Path, out: Path, version: str) -> None:
    nlp = spacy.load(syntax_path)
    ner_nlp = spacy.load(ner_path)
    ner_nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.add_pipe("ner", source=ner_nlp)
    nlp.meta.update({
        "name": "kg_news", "version": version,
        "description": "kg's English pipeline: tagger, morphologizer, parser, lemmatizer (UD EWT + GUM) "
                       "and PERSON/ORG/LOC NER (UNER EWT, Re-DocRED, CrossNER politics). See README.md.",
        "license": "CC BY-SA 4.0",
        "author": "kg", "url": "", "email": "",
        "sources": [], "performance": {}, "requirements": [],
    })
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(tmp)
    shutil.copy(HERE / "MODEL_CARD.md", tmp / "README.md")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{out}: {nlp.pipe_names}, {size / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--syntax", type=Path, default=HERE / "build/syntax/model-best")
    parser.add_argument("--ner", type=Path, default=HERE / "build/ner/model-best")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--version", default="0.1.0")
    args = parser.parse_args()
    assemble(args.syntax, args.ner, args.out, args.version)


if __name__ == "__main__":
    main()
