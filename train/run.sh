#!/usr/bin/env bash
# Reproduce kg's shipped spaCy pipeline from the corpora in ../shared/data (CPU, fixed seeds).
# Needs the training extras: pip install -e ".[train]"
# Steps: convert -> train syntax -> convert NER (adjective filter uses the syntax tagger)
#        -> gazetteers of the rule layer (kg/data/place_names.txt, given_names.txt) -> train NER
#        -> assemble into kg/models/en_kg_news -> evaluate on the held-out tests.
# About 90 minutes on 2 cores. Never run in CI.
set -euo pipefail
cd "$(dirname "$0")"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
DATA=${DATA:-../../shared/data}

python convert.py --data "$DATA" --only syntax
python -m spacy train syntax.cfg --output build/syntax \
    --paths.train corpus/syntax-train.spacy --paths.dev corpus/syntax-dev.spacy
python convert.py --data "$DATA" --only ner --tagger build/syntax/model-best
python gazetteers.py --data "$DATA"
python -m spacy train ner.cfg --output build/ner \
    --paths.train corpus/ner-train.spacy --paths.dev corpus/ner-dev.spacy
python assemble.py --syntax build/syntax/model-best --ner build/ner/model-best
python evaluate.py --json build/accuracy.json
