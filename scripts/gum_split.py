#!/usr/bin/env python3
"""gum_split.py: splits GUM (../shared/data/nlp/gum.*) by document into a half the name tagger
trains on and a half it is measured on, so that no figure is taken on text the model saw.

usage: gum_split.py NLP_DIR OUT_DIR

The documents are sorted by id and taken in turn: the 1st, 3rd, 5th ... train (gum.train.docs.jsonl
and gum.train.spans.jsonl), the 2nd, 4th, 6th ... are held out (gum.heldout.docs.jsonl and
gum.heldout.entities.jsonl, what score_nlp.py reads). Taking turns in id order keeps interviews
and news in both halves (ids start GUM_interview_ and GUM_news_). The files are written under
OUT_DIR (a build folder), never into the repository: the text belongs to its publishers."""
import json, os, sys


def main():
    nlp, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    docs = [json.loads(l) for l in open(os.path.join(nlp, "gum.docs.jsonl"), encoding="utf-8")]
    ids = sorted(d["id"] for d in docs)
    held = {doc_id for i, doc_id in enumerate(ids) if i % 2 == 1}
    parts = {
        ("docs", "train"): "gum.train.docs.jsonl", ("spans", "train"): "gum.train.spans.jsonl",
        ("docs", "heldout"): "gum.heldout.docs.jsonl", ("entities", "heldout"): "gum.heldout.entities.jsonl",
    }
    files = {k: open(os.path.join(out, name), "w", encoding="utf-8") for k, name in parts.items()}
    for kind in ("docs", "spans", "entities"):
        for line in open(os.path.join(nlp, f"gum.{kind}.jsonl"), encoding="utf-8"):
            half = "heldout" if json.loads(line)["id"] in held else "train"
            if (kind, half) in files:
                files[(kind, half)].write(line)
    for f in files.values():
        f.close()
    print(f"gum_split: {len(ids) - len(held)} documents to train on, {len(held)} held out, in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
