#!/usr/bin/env python3
"""copies_accuracy.py: how often a copy or a shared passage joins two articles of one real story.

usage: copies_accuracy.py NEWSDESK [DATA_DIR] [--baseline NEWSDESK_BEFORE] [--sets gva-dev,news-cluster]
       copies_accuracy.py NEWSDESK --stream STREAM.jsonl [--baseline NEWSDESK_BEFORE]

Runs `NEWSDESK dedup SET.articles.jsonl` on each set and reads SET.gold.jsonl (the gold story of
each article, ../shared/data). For each relation (exact, near, passages) it prints the pairs
found, how many join two articles of one gold story, and that share (issue 7's bar: at least 95 %
of exact and near pairs, 90 % of passage pairs). With --baseline it runs another binary (the
code before a change) the same way and prints how many of its same-story pairs the new run still
finds (the bar: nine in ten). Exits 77 with a message when the data is absent; it checks nothing
itself, it measures (docs/accuracy.md records its figures).

--stream: near-copy recall against an exact reference (issue 19's bar). On a stream
(bench/make_stream.py, e.g. with --own-edits 10) the script computes, for every article, the
exact Jaccard similarity of its word 5-shingles (words: runs of ASCII letters and digits, case
folded, of the text as given) with every earlier article that could reach 0.8 (candidates share
a quarter of their hash-sampled shingles; every candidate is then measured exactly). An article
with an earlier one at Jaccard >= 0.8 is a true copy. Recall is the share of true copies that
`newsdesk dedup` reports as an exact or near copy of an earlier article (of any similarity);
false copies are the exact or near pairs whose exact Jaccard is under 0.5 (the pairs under 0.3,
0.4 and 0.8 are counted too: between 0.4 and 0.8 most are versions of one report several edits
apart, or a truncated copy). This stands in for datasketch's MinHash LSH (PyPI is not reachable here):
an exact reference finds every pair MinHash would, and more.
"""
import re
import zlib
import json
import os
import subprocess
import sys

RELATIONS = ("exact", "near", "passages")
WORD = re.compile(r"[A-Za-z0-9]+")
SHINGLE = 5
SAMPLE = 4          # one shingle in SAMPLE (by hash) is indexed for candidates
COPY_JACCARD = 0.8  # a true copy
FALSE_JACCARD = 0.5 # a reported copy under this is false


def shingles_of(text):
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def stream_reference(path):
    """ids in order, and for each article the best exact Jaccard with an earlier one and the
    shingle sets (kept to measure reported pairs)."""
    ids, sets, index, best, sources, partner = [], [], {}, {}, [], {}
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        ident = str(row["id"])
        s = shingles_of(row.get("text") or "")
        hashes = [zlib.crc32(x.encode()) for x in s]
        sampled = [h for h in hashes if h % SAMPLE == 0] or hashes
        counts = {}
        for h in sampled:
            for j in index.get(h, ()):
                counts[j] = counts.get(j, 0) + 1
        need = max(1, len(sampled) // 4)
        top, top_j = 0.0, None
        for j, shared in counts.items():
            if shared < need:
                continue
            other = sets[j]
            inter = len(s & other)
            union = len(s) + len(other) - inter
            if union and inter / union > top:
                top, top_j = inter / union, j
        best[ident] = top
        partner[ident] = top_j
        n = len(ids)
        for h in set(sampled):
            index.setdefault(h, []).append(n)
        ids.append(ident)
        sets.append(s)
        sources.append(row.get("source") or "")
    return ids, sets, best, sources, partner


def jaccard(x, y):
    inter = len(x & y)
    union = len(x) + len(y) - inter
    return inter / union if union else 0.0


def stream_report(label, found, ids, sets, best, sources, partner):
    position = {ident: n for n, ident in enumerate(ids)}
    true_copies = {ident for ident, j in best.items() if j >= COPY_JACCARD}
    reported = {}
    for r in ("exact", "near"):
        for a, b in found[r]:
            reported.setdefault(b, []).append(a)
    hit = sum(1 for ident in true_copies if ident in reported)
    missed = [ident for ident in true_copies if ident not in reported]
    own = sum(1 for ident in missed if sources[partner[ident]] == sources[position[ident]])
    cutoffs = (0.3, 0.4, FALSE_JACCARD, COPY_JACCARD)
    under = dict.fromkeys(cutoffs, 0)
    pairs = 0
    for b, originals in reported.items():
        for a in originals:
            pairs += 1
            j = jaccard(sets[position[a]], sets[position[b]])
            for cut in cutoffs:
                under[cut] += j < cut
    recall = hit / len(true_copies) if true_copies else 1.0
    print(f"{label}: true copies (Jaccard >= {COPY_JACCARD}) {len(true_copies)}, reported {hit}, "
          f"recall {recall:.3f} ({len(missed)} missed, {own} of them of the same source); exact+near pairs {pairs}, "
          + ", ".join(f"under {cut}: {under[cut]}" for cut in cutoffs))


def stream_main(newsdesk, stream, baseline):
    ids, sets, best, sources, partner = stream_reference(stream)
    stream_report(newsdesk, pairs_of(newsdesk, stream), ids, sets, best, sources, partner)
    if baseline:
        stream_report(baseline, pairs_of(baseline, stream), ids, sets, best, sources, partner)
    return 0


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
    stream = None
    if "--stream" in args:
        i = args.index("--stream")
        stream = args[i + 1]
        del args[i : i + 2]
    if "--sets" in args:
        i = args.index("--sets")
        sets = args[i + 1].split(",")
        del args[i : i + 2]
    if not args:
        sys.exit(__doc__)
    newsdesk = args[0]
    if stream:
        return stream_main(newsdesk, stream, baseline)
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
