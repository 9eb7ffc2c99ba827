#!/bin/sh
# Rebuilds data/ner.weights, the name tagger's weights, from the annotated news in ../shared:
# names from CoNLL-2003 train and from half of GUM (Wikinews news and interviews), split by
# document by scripts/gum_split.py (sorted ids, every other one held out; the held-out half is
# what tests/test_nlp_floor.py and docs/accuracy.md report on GUM). CoNLL testa is never trained
# on. The common-word feature also counts the lower-case words of PolNeAR train's texts.
# Usage: scripts/train_ner.sh [SHARED_DIR]   (then `make` compiles the new weights in)
set -e
cd "$(dirname "$0")/.."
SHARED=${1:-../shared}
NLP=$SHARED/data/nlp
[ -f "$NLP/conll2003.train.docs.jsonl" ] || { echo "train_ner.sh: no $NLP/conll2003.train.docs.jsonl" >&2; exit 1; }
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target train_ner -j "${JOBS:-2}" >/dev/null
GAZ=build/gazetteer/places.tsv
[ -f "$GAZ" ] || { echo "train_ner.sh: no $GAZ (run scripts/gazetteer.sh)" >&2; exit 1; }
SPLIT=build/ner-data
python3 scripts/gum_split.py "$NLP" "$SPLIT"
build/train_ner data/ner.weights --epochs "${EPOCHS:-12}" --gazetteer "$GAZ" \
    --vocabulary "$NLP/polnear.train.docs.jsonl" \
    "$NLP/conll2003.train.docs.jsonl" "$NLP/conll2003.train.spans.jsonl" \
    "$SPLIT/gum.train.docs.jsonl" "$SPLIT/gum.train.spans.jsonl"
