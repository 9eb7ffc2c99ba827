#!/usr/bin/env python3
"""copies_accuracy.py: how often a copy or a shared passage joins two articles of one real story.

usage: copies_accuracy.py NEWSDESK [DATA_DIR] [--baseline NEWSDESK_BEFORE] [--sets gva-dev,news-cluster]

Runs `NEWSDESK dedup SET.articles.jsonl` on each set and reads SET.gold.jsonl (the gold story of
each article, ../shared/data). For each relation (exact, near, passages) it prints the pairs
found, how many join two articles of one gold story, and that share (issue 7's bar: at least 95 %
of exact and near pairs, 90 % of passage pairs). With --baseline it runs another binary (the
code before a change) the same way and prints how many of its same-story pairs the new run still
finds (the bar: nine in ten). Exits 77 with a message when the data is absent; it checks nothing
itself, it measures (docs/accuracy.md records its figures).
"""
import json
import os
import subprocess
import sys

RELATIONS = ("exact", "near", "passages")


def gold_of(path):
    story = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            row = json.loads(line)
            story[str(row["id"])] = row["story"]
    return story


def pairs_of(newsdesk, articles):
    p = subprocess.run([newsdesk, "dedup", articles], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"{newsdesk} dedup {articles}: exit {p.returncode}: {p.stderr[-400:]}")
    found = {r: set() for r in RELATIONS}
    for line in p.stdout.splitlines():
        row = json.loads(line)
        found[row["relation"]].add((row["a"], row["b"]))
    return found


def main():
    args = sys.argv[1:]
    baseline = None
    sets = ["gva-dev", "news-cluster"]
    if "--baseline" in args:
        i = args.index("--baseline")
        baseline = args[i + 1]
        del args[i : i + 2]
    if "--sets" in args:
        i = args.index("--sets")
        sets = args[i + 1].split(",")
        del args[i : i + 2]
    if not args:
        sys.exit(__doc__)
    newsdesk = args[0]
    data = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
    if not os.path.isdir(data):
        print(f"skipped: {data} is absent")
        return 77
    for name in sets:
        gold = gold_of(os.path.join(data, name + ".gold.jsonl"))
        articles = os.path.join(data, name + ".articles.jsonl")
        now = pairs_of(newsdesk, articles)
        before = pairs_of(baseline, articles) if baseline else None
        for r in RELATIONS:
            same = {p for p in now[r] if gold.get(p[0]) is not None and gold.get(p[0]) == gold.get(p[1])}
            share = len(same) / len(now[r]) if now[r] else 1.0
            line = f"{name:13s} {r:9s} pairs {len(now[r]):5d}  same story {len(same):5d}  share {share:6.1%}"
            if before is not None:
                # a pair is the same pair whichever way round it was reported
                old_same = {frozenset(p) for p in before[r] if gold.get(p[0]) is not None and gold.get(p[0]) == gold.get(p[1])}
                now_any = {frozenset(p) for rel in RELATIONS for p in now[rel]}
                now_same_rel = {frozenset(p) for p in same}
                kept = len(old_same & now_same_rel)
                kept_any = len(old_same & now_any)
                line += (f"  | before: same story {len(old_same):5d}, still found as {r} {kept:5d} "
                         f"({kept / len(old_same) if old_same else 1:6.1%}), as any relation {kept_any:5d}")
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
