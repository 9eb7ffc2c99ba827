#!/usr/bin/env python3
"""The store on real data from ../shared (read at run time, never copied here).

usage: test_store_shared.py NEWSDESK SHARED_DIR

- ingesting ../shared/seeds twice stores five articles and two stories, the second run adding
  nothing;
- on news-cluster (the smallest dated set): `export` after `ingest` scores the same B-cubed F1
  against the gold stories as `cluster` on the same file, within 0.005, over the articles the
  store holds (an article that comes again under another id is not stored twice).
The other sets and the four-runs check are in bench/store_check.py (they take minutes under
the sanitizers); docs/store.md has their figures.
Exits 77 (skipped) with a message when the shared folder is absent.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bench"))
from store_check import bcubed_f1, ingest_export, read_jsonl  # noqa: E402

failures = 0


def check(cond, message):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", message)
    return cond


def main():
    newsdesk, shared = sys.argv[1], sys.argv[2]
    seeds = os.path.join(shared, "seeds")
    data = os.path.join(shared, "data")
    if not os.path.isdir(seeds) or not os.path.isdir(data):
        print(f"skip: {shared} (seeds/, data/) is absent")
        return 77
    with tempfile.TemporaryDirectory(prefix="nd_store_shared_") as tmp:
        db = os.path.join(tmp, "seeds.db")
        outs = []
        for _ in range(2):
            p = subprocess.run([newsdesk, "ingest", "--db", db, seeds], capture_output=True, text=True)
            check(p.returncode == 0, f"ingest seeds: {p.returncode} {p.stderr}")
            outs.append(p.stdout.strip())
        check(outs[0].startswith("ingest: read 5, added 5,"), f"first run: {outs[0]}")
        check(outs[1] == "ingest: read 5, added 0, copies 0, already stored 5, stories opened 0, stories updated 0",
              f"second run: {outs[1]}")
        rows = [json.loads(line) for line in subprocess.run([newsdesk, "export", "--db", db], capture_output=True,
                                                            text=True).stdout.splitlines()]
        check(len(rows) == 5, f"{len(rows)} articles stored")
        check(len({r["story"] for r in rows}) == 2, f"{len({r['story'] for r in rows})} stories stored")
        print(f"seeds twice: {len(rows)} articles, {len({r['story'] for r in rows})} stories")

        articles = os.path.join(data, "news-cluster.articles.jsonl")
        gold = {r["id"]: r["story"] for r in read_jsonl(os.path.join(data, "news-cluster.gold.jsonl"))}
        exported = ingest_export(newsdesk, os.path.join(tmp, "nc.db"), [articles])
        clustered = [json.loads(line) for line in subprocess.run([newsdesk, "cluster", articles], capture_output=True,
                                                                 text=True).stdout.splitlines()]
        held = {r["id"] for r in exported}
        f_store = bcubed_f1(gold, {r["id"]: r["story"] for r in exported})
        f_cluster = bcubed_f1(gold, {r["id"]: r["story"] for r in clustered if r["id"] in held})
        print(f"news-cluster: {len(exported)} of {len(clustered)} stored; B-cubed F1 export {f_store:.4f}, "
              f"cluster {f_cluster:.4f}")
        check(abs(f_store - f_cluster) <= 0.005, f"export F1 {f_store:.4f} vs cluster {f_cluster:.4f}")
    print(f"{'passed' if failures == 0 else 'FAILED'}: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
