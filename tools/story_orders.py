#!/usr/bin/env python3
"""Scores the story clusterer on the shared story sets as issue 19 asks, with `newsdesk eval`
(the measures of ../shared/tools/score.py):

  * each set in its arrival order (B-cubed, pairwise and multi F1);
  * the undated sets (ecbplus, wikiref220) in several random orders, shuffled with fixed seeds
    (1..N), reporting each order, the mean and the lowest: a grouping must not depend on the
    order undated articles arrive in;
  * the one-outlet figure on gva-dev: the share of predicted stories of two or more articles
    that hold one gold story.

    tools/story_orders.py                       # build/newsdesk, ../shared/data, 5 orders
    tools/story_orders.py --orders 10 --newsdesk build/newsdesk -- --hand-tuned

Arguments after "--" go to every `newsdesk eval`. Python 3 standard library only; the shuffled
copies live in a temporary folder and are deleted.
"""
import argparse
import collections
import json
import os
import random
import subprocess
import sys
import tempfile

SETS = ["gva-dev", "news-cluster", "ecbplus", "wikiref220"]
UNDATED = ["ecbplus", "wikiref220"]


def evaluate(newsdesk, articles, gold, extra, predicted=None):
    cmd = [newsdesk, "eval", "--gold", gold] + extra
    if predicted:
        cmd += ["--predicted", predicted]
    out = subprocess.run(cmd + [articles], check=True, capture_output=True, text=True).stdout
    scores = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] in ("bcubed", "pairwise", "bcubed_multi"):
            scores[parts[0]] = float(parts[-1])
    return scores


def one_gold_share(predicted_path, gold_path):
    """Share of predicted stories of 2+ articles whose articles all carry one gold story."""
    gold = {}
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                gold[str(row["id"])] = str(row["story"])
    members = collections.defaultdict(list)
    with open(predicted_path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                members[row["story"]].append(gold.get(str(row["id"])))
    multi = [m for m in members.values() if len(m) >= 2]
    pure = sum(1 for m in multi if len(set(m)) == 1)
    return pure, len(multi)


def shuffled(articles, seed, out):
    with open(articles, encoding="utf-8") as f:
        lines = [line if line.endswith("\n") else line + "\n" for line in f if line.strip()]
    random.Random(seed).shuffle(lines)
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(lines)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data"))
    ap.add_argument("--newsdesk", default=os.path.join(root, "build", "newsdesk"))
    ap.add_argument("--orders", type=int, default=5, help="random orders of each undated set (seeds 1..N)")
    ap.add_argument("extra", nargs="*", help="arguments for newsdesk eval (after --)")
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    if not os.path.isdir(data):
        sys.exit("story_orders: no story sets at %s (../shared/data)" % data)
    art = {s: os.path.join(data, s + ".articles.jsonl") for s in SETS}
    gold = {s: os.path.join(data, s + ".gold.jsonl") for s in SETS}
    with tempfile.TemporaryDirectory(prefix="story_orders.") as work:
        print("| set | order | B-cubed F1 | pairwise F1 | multi F1 |")
        print("|---|---|---|---|---|")
        predicted = os.path.join(work, "gva-dev.predicted.jsonl")
        for s in SETS:
            r = evaluate(args.newsdesk, art[s], gold[s], args.extra, predicted if s == "gva-dev" else None)
            print("| %s | arrival | %.3f | %.3f | %.3f |" % (s, r["bcubed"], r["pairwise"], r.get("bcubed_multi", 0)),
                  flush=True)
        for s in UNDATED:
            f1 = []
            for seed in range(1, args.orders + 1):
                path = os.path.join(work, "%s.%d.articles.jsonl" % (s, seed))
                shuffled(art[s], seed, path)
                r = evaluate(args.newsdesk, path, gold[s], args.extra)
                f1.append(r["bcubed"])
                print("| %s | shuffled, seed %d | %.3f | %.3f | %.3f |" % (
                    s, seed, r["bcubed"], r["pairwise"], r.get("bcubed_multi", 0)), flush=True)
            print("| %s | mean of %d orders (lowest) | **%.3f** (%.3f) | | |" % (s, len(f1), sum(f1) / len(f1), min(f1)))
        pure, multi = one_gold_share(predicted, gold["gva-dev"])
        print("\none outlet, gva-dev: %d of %d predicted stories of 2+ articles hold one gold story (%.1f %%)"
              % (pure, multi, 100.0 * pure / multi if multi else 0))


if __name__ == "__main__":
    main()
