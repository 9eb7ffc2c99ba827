#!/usr/bin/env python3
"""store_check.py: the store against `cluster` on the real sets of ../shared/data.

usage: bench/store_check.py [NEWSDESK] [DATA_DIR]   (defaults build/newsdesk, ../shared/data)

For each set (gva-dev, news-cluster, ecbplus, wikiref220):
  export vs cluster  `ingest` into a fresh store, then `export`; B-cubed F1 against the gold
                     stories, beside `cluster`'s on the same file, both over the articles the
                     store holds (an article that comes again under another id or url, or with
                     the same source, title and text, is stored once: the bar asks for the F1s
                     within 0.005);
  four runs vs one   the articles file cut into four consecutive parts, ingested by four runs
                     into one store; how many articles get the same story as in one run, and
                     B-cubed F1 of the four-run stories against the one-run stories (1.0 when
                     they are the same), and against gold.
Prints one line per set and check; the figures are recorded in docs/store.md. The B-cubed here
is score.py's (../shared/tools/score.py) over the ids both sides hold.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile
import time

SETS = ["gva-dev", "news-cluster", "ecbplus", "wikiref220"]


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def bcubed_f1(gold, pred):
    """B-cubed F1 of `pred` (id -> story) against `gold` (id -> label), over the ids in both."""
    ids = [i for i in pred if i in gold]
    if not ids:
        return 0.0
    gsize = collections.Counter(gold[i] for i in ids)
    psize = collections.Counter(pred[i] for i in ids)
    both = collections.Counter((gold[i], pred[i]) for i in ids)
    p = sum(both[gold[i], pred[i]] / psize[pred[i]] for i in ids) / len(ids)
    r = sum(both[gold[i], pred[i]] / gsize[gold[i]] for i in ids) / len(ids)
    return 2 * p * r / (p + r) if p + r else 0.0


def ingest_export(newsdesk, db, paths):
    """Ingests each path list entry by its own run into `db`, then returns the export rows."""
    for path in paths:
        p = subprocess.run([newsdesk, "ingest", "--db", db, path], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            raise RuntimeError(f"ingest {path}: exit {p.returncode}: {p.stderr}")
    p = subprocess.run([newsdesk, "export", "--db", db], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in p.stdout.splitlines()]


def main():
    newsdesk = sys.argv[1] if len(sys.argv) > 1 else "build/newsdesk"
    data = sys.argv[2] if len(sys.argv) > 2 else "../shared/data"
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="nd_store_check_") as tmp:
        for name in SETS:
            articles = os.path.join(data, f"{name}.articles.jsonl")
            if not os.path.exists(articles):
                print(f"{name}: absent, skipped")
                continue
            gold = {r["id"]: r["story"] for r in read_jsonl(os.path.join(data, f"{name}.gold.jsonl"))}
            start = time.monotonic()
            one = ingest_export(newsdesk, os.path.join(tmp, f"{name}.db"), [articles])
            took = time.monotonic() - start
            clustered = subprocess.run([newsdesk, "cluster", articles], capture_output=True, text=True,
                                       check=True).stdout.splitlines()
            clustered = {json.loads(line)["id"]: json.loads(line)["story"] for line in clustered}
            one_story = {r["id"]: r["story"] for r in one}
            f_store = bcubed_f1(gold, one_story)
            f_cluster = bcubed_f1(gold, {i: s for i, s in clustered.items() if i in one_story})
            same = sum(1 for i, s in one_story.items() if clustered.get(i) == s)
            worst = max(worst, abs(f_store - f_cluster))
            print(f"{name}: export vs cluster: {len(one)} of {len(clustered)} articles stored; B-cubed F1 "
                  f"export {f_store:.4f}, cluster {f_cluster:.4f} (diff {abs(f_store - f_cluster):.4f}); "
                  f"{same} articles with the very same story number; ingest {took:.1f} s", flush=True)

            lines = open(articles).read().splitlines(keepends=True)
            parts = []
            for k in range(4):
                part = os.path.join(tmp, f"{name}.part{k}.jsonl")
                with open(part, "w") as f:
                    f.writelines(lines[k * len(lines) // 4:(k + 1) * len(lines) // 4])
                parts.append(part)
            four = ingest_export(newsdesk, os.path.join(tmp, f"{name}.four.db"), parts)
            four_story = {r["id"]: r["story"] for r in four}
            same = sum(1 for i, s in four_story.items() if one_story.get(i) == s)
            print(f"{name}: four runs vs one: {len(four)} vs {len(one)} stored; {same} with the same story "
                  f"number; B-cubed F1 of four-run stories against one-run stories "
                  f"{bcubed_f1(one_story, four_story):.4f}; against gold {bcubed_f1(gold, four_story):.4f} "
                  f"(one run {f_store:.4f})", flush=True)
    print(f"largest export-vs-cluster F1 difference: {worst:.4f} ({'within' if worst <= 0.005 else 'over'} 0.005)")
    return 0 if worst <= 0.005 else 1


if __name__ == "__main__":
    sys.exit(main())
