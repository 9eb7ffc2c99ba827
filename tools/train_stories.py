#!/usr/bin/env python3
"""Trains the learned join decision of the story clusterer (src/stages/story_model.c) from labelled
streams, and evaluates it honestly (leave one set out, and a split by gold story).

Python 3 standard library only. What it does:

1. Runs `newsdesk cluster --dump-features` on each training set (first with --hand-tuned, then
   with the weights of the round before: the model is trained on the stories its own decisions
   make, as it will meet them).
2. Replays each dump against the gold labels: a candidate story is right for an article when at
   least half of the story's members so far share the article's gold story.
3. Ranking step: logistic regression without bias on the differences (right - wrong) of the
   features of an article's candidates (a pairwise ranking model).
   Join step: logistic regression on the features of the candidate the ranking step puts first,
   labelled 1 when that candidate is right. Each set counts as much as any other (examples are
   weighted by 1 / examples of their set) and both are L2-regularised (few features, one
   configuration for every set).
4. Writes the weights file that `newsdesk` reads (data/story_weights.txt by default).

    tools/train_stories.py                      # train on the four sets, write data/story_weights.txt
    tools/train_stories.py --evaluate loo       # leave one set out: train on three, score the fourth
    tools/train_stories.py --evaluate split     # train on half of each set's gold stories, score the rest
    tools/train_stories.py --evaluate headline  # the default weights on headline-only copies of the sets

`make train-stories` runs the first. Scores are B-cubed F1 from `newsdesk eval`, which prints
the measures of ../shared/tools/score.py.
"""
import argparse
import collections
import hashlib
import json
import math
import os
import subprocess
import sys
import tempfile

SETS = ["gva-dev", "news-cluster", "ecbplus", "wikiref220"]
ROUNDS = 3          # dumps: hand-tuned, then twice with the weights of the round before
L2 = 0.2            # regularisation towards the prior, in units of one set's total example weight
HAND_SLOPE = 10.0   # the prior: the hand-tuned score, its threshold as the join bar
HAND_THRESHOLD = 0.20
NEGATIVES = 8       # wrong candidates per article in the ranking pairs (the highest-ranked)
ITERATIONS = 25     # Newton steps at most
BIAS_STEPS = [x / 4 for x in range(-8, 9)]  # join bias shifts tried on the training streams
BIAS_CRITERION = "maximin"  # the shift kept: best worst-off stream against the hand-tuned rule
                            # ("maximin"), or best mean B-cubed F1 ("mean")


def read_gold(path):
    gold = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                row = json.loads(line)
                gold[str(row["id"])] = str(row["story"])
    return gold


def read_dump(path):
    """Per article, in stream order: (id, [(story, features)], story joined, copy)."""
    articles = []
    candidates = []
    names = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "H":
                names = parts[1:]
            elif parts[0] == "C":
                candidates.append((int(parts[2]), [float(v) for v in parts[3:]]))
            elif parts[0] == "A":
                articles.append((parts[2], candidates, int(parts[3]), int(parts[5])))
                candidates = []
    return names, articles


def label_dump(articles, gold):
    """Per article with candidates: [(features, right)] in dump order."""
    members = collections.defaultdict(collections.Counter)
    sizes = collections.Counter()
    labelled = []
    for article_id, candidates, story, _copy in articles:
        g = gold.get(article_id)
        if g is not None and candidates:
            rows = []
            for cand, x in candidates:
                right = sizes[cand] > 0 and 2 * members[cand][g] >= sizes[cand]
                rows.append((x, right))
            labelled.append(rows)
        if g is not None:
            members[story][g] += 1
            sizes[story] += 1
    return labelled


def dot(w, x):
    return sum(wi * xi for wi, xi in zip(w, x))


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def solve(a, b):
    """Solves a x = b (a symmetric positive definite, small) by Gaussian elimination."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        p = m[col][col]
        if abs(p) < 1e-12:
            continue
        for r in range(col + 1, n):
            f = m[r][col] / p
            if f:
                for k in range(col, n + 1):
                    m[r][k] -= f * m[col][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        p = m[r][r]
        x[r] = 0.0 if abs(p) < 1e-12 else (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / p
    return x


def logistic(rows, dims, l2, bias, prior):
    """Logistic regression by Newton's method, regularised towards `prior` (l2 |w - prior|^2).
    rows: (sparse x, y, weight). With `bias`, the last dimension is an intercept, held only
    weakly."""
    w = list(prior)
    for _ in range(ITERATIONS):
        grad = [0.0] * dims
        hess = [[0.0] * dims for _ in range(dims)]
        for x, y, weight in rows:
            z = sum(w[i] * v for i, v in x)
            p = sigmoid(z)
            g = weight * (p - y)
            h = weight * p * (1 - p)
            for i, v in x:
                grad[i] += g * v
                hi = hess[i]
                for j, u in x:
                    hi[j] += h * v * u
        for i in range(dims - (1 if bias else 0)):
            grad[i] += l2 * (w[i] - prior[i])
            hess[i][i] += l2
        if bias:
            hess[dims - 1][dims - 1] += 1e-9
        step = solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def sparse(x):
    return [(i, v) for i, v in enumerate(x) if v != 0.0]


DROPPED = set()     # features left out (--drop), for ablations


def train(labelled_sets, dims, names):
    """labelled_sets: per set, its labelled articles. Returns (rank, join, join_bias)."""
    keep = [n not in DROPPED for n in names]
    labelled_sets = [[[([v if k else 0.0 for v, k in zip(x, keep)], r) for x, r in rows] for rows in articles]
                     for articles in labelled_sets]
    rank_rows = []
    for articles in labelled_sets:
        pairs = []
        for rows in articles:
            right = [x for x, r in rows if r]
            wrong = sorted((x for x, r in rows if not r), key=lambda x: -x[0])[:NEGATIVES]
            for p in right:
                for n in wrong:
                    diff = [a - b for a, b in zip(p, n)]
                    pairs.append(diff)
        if not pairs:
            continue
        weight = 1.0 / len(pairs)
        # Both orders, so the model needs no bias and stays antisymmetric.
        for d in pairs:
            rank_rows.append((sparse(d), 1.0, weight / 2))
            rank_rows.append((sparse([-v for v in d]), 0.0, weight / 2))
    # The prior is the hand-tuned decision: rank by its score, join when it reaches its
    # threshold (join logit HAND_SLOPE * (hand - HAND_THRESHOLD)). Regularising towards it, the
    # model moves away from it only as far as the training streams agree.
    hand = names.index("hand")
    rank_prior = [0.0] * dims
    rank_prior[hand] = HAND_SLOPE
    rank = logistic(rank_rows, dims, L2, False, rank_prior)
    join_rows = []
    for articles in labelled_sets:
        examples = []
        for rows in articles:
            best = max(range(len(rows)), key=lambda k: (dot(rank, rows[k][0]), -k))
            x, right = rows[best]
            examples.append((sparse(x + [1.0]), 1.0 if right else 0.0))
        if examples:
            weight = 1.0 / len(examples)
            join_rows.extend((x, y, weight) for x, y in examples)
    join_prior = [0.0] * (dims + 1)
    join_prior[hand] = HAND_SLOPE
    join_prior[dims] = -HAND_SLOPE * HAND_THRESHOLD
    join = logistic(join_rows, dims + 1, L2, True, join_prior)
    return rank, join[:dims], join[dims]


def write_weights(path, names, model, note):
    rank, join, bias = model
    with open(path, "w", encoding="utf-8") as f:
        f.write("newsdesk-story-weights 1\n")
        f.write("# The learned join decision of newsdesk's story clusterer (src/stages/story_model.c).\n")
        f.write("# Made by tools/train_stories.py (make train-stories); %s\n" % note)
        f.write("# feature NAME RANK_WEIGHT JOIN_WEIGHT\n")
        for name, r, j in zip(names, rank, join):
            f.write("feature %s %.6f %.6f\n" % (name, r, j))
        f.write("join_bias %.6f\nend\n" % bias)


def dump(newsdesk, articles_path, weights, out):
    cmd = [newsdesk, "cluster", "--dump-features", out]
    cmd += ["--weights", weights] if weights else ["--hand-tuned"]
    subprocess.run(cmd + [articles_path], check=True, stdout=subprocess.DEVNULL)


def fit(newsdesk, streams, workdir, note, out_path):
    """streams: [(name, articles path, gold dict)]. Trains in ROUNDS rounds; writes out_path."""
    weights = None
    labelled = {name: [] for name, _, _ in streams}
    names = None
    for round_number in range(ROUNDS):
        for name, articles_path, gold in streams:
            path = os.path.join(workdir, "%s.r%d.tsv" % (name, round_number))
            dump(newsdesk, articles_path, weights, path)
            names, articles = read_dump(path)
            labelled[name].extend(label_dump(articles, gold))
        model = train([labelled[name] for name, _, _ in streams], len(names), names)
        weights = out_path
        write_weights(out_path, names, model, note)
    if BIAS_STEPS:
        # The join step's bar, chosen on the training streams alone: the shift of the join bias
        # that gives the best mean B-cubed F1 over them (one value for every stream).
        rank, join, bias = model
        best = None
        hand = [evaluate(newsdesk, a, g, None)["bcubed"] for _, a, g in streams_gold(streams)]
        for step in BIAS_STEPS:
            write_weights(out_path, names, (rank, join, bias + step), note)
            f1 = [evaluate(newsdesk, a, g, out_path)["bcubed"] for _, a, g in streams_gold(streams)]
            mean = sum(f1) / len(f1)
            worst = min(x - h for x, h in zip(f1, hand))
            key = (worst, mean) if BIAS_CRITERION == "maximin" else (mean, worst)
            if best is None or key > best[0]:
                best = (key, step, mean, worst)
        model = (rank, join, bias + best[1])
        write_weights(out_path, names, model, note + " Join bias shifted by %+.2f (%s on the training "
                      "streams: mean B-cubed F1 %.4f, worst change against the hand-tuned rule %+.4f)."
                      % (best[1], BIAS_CRITERION, best[2], best[3]))
    return out_path


def streams_gold(streams):
    """The gold file beside each stream's articles file (NAME.articles.jsonl, NAME.gold.jsonl)."""
    return [(n, a, a.replace(".articles.jsonl", ".gold.jsonl")) for n, a, _ in streams]


def evaluate(newsdesk, articles_path, gold_path, weights, level="story"):
    cmd = [newsdesk, "eval", "--gold", gold_path, "--level", level]
    cmd += ["--weights", weights] if weights else ["--hand-tuned"]
    out = subprocess.run(cmd + [articles_path], check=True, capture_output=True, text=True).stdout
    scores = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] in ("bcubed", "pairwise", "bcubed_multi"):
            scores[parts[0]] = float(parts[-1])
    return scores


def subset(articles_path, gold, keep, out_path):
    """Writes the articles whose gold story `keep` accepts; returns their gold file."""
    gold_path = out_path.replace(".articles.jsonl", ".gold.jsonl")
    with open(articles_path, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out, \
            open(gold_path, "w", encoding="utf-8") as gout:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            story = gold.get(str(row["id"]))
            if story is not None and keep(story):
                out.write(line if line.endswith("\n") else line + "\n")
                gout.write(json.dumps({"id": row["id"], "story": story}) + "\n")
    return gold_path


def headline_only(articles_path, out_path):
    with open(articles_path, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out:
        for line in f:
            if line.strip():
                row = json.loads(line)
                row.pop("text", None)
                out.write(json.dumps(row) + "\n")


def half(story):
    return hashlib.sha1(story.encode("utf-8")).digest()[0] % 2 == 0


def main():
    global BIAS_STEPS, L2, BIAS_CRITERION
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data"))
    ap.add_argument("--newsdesk", default=os.path.join(root, "build", "newsdesk"))
    ap.add_argument("--out", default=os.path.join(root, "data", "story_weights.txt"))
    ap.add_argument("--evaluate", choices=["loo", "split", "headline", "default"])
    ap.add_argument("--weights", help="for --evaluate headline/default: the weights to score")
    ap.add_argument("--drop", default="", help="comma-separated features to leave out (ablation)")
    ap.add_argument("--no-bias-search", action="store_true", help="keep the join bias logistic regression gives")
    ap.add_argument("--bias-criterion", choices=["maximin", "mean"], default="maximin")
    ap.add_argument("--l2", type=float, default=L2, help="regularisation towards the hand-tuned prior")
    args = ap.parse_args()
    L2 = args.l2
    BIAS_CRITERION = args.bias_criterion
    DROPPED.update(x for x in args.drop.split(",") if x)
    if args.no_bias_search:
        BIAS_STEPS = None
    data = os.path.abspath(args.data)
    if not os.path.isdir(data):
        sys.exit("train_stories: no labelled data at %s (../shared/data)" % data)
    gold = {s: read_gold(os.path.join(data, s + ".gold.jsonl")) for s in SETS}
    art = {s: os.path.join(data, s + ".articles.jsonl") for s in SETS}
    gpath = {s: os.path.join(data, s + ".gold.jsonl") for s in SETS}
    with tempfile.TemporaryDirectory(prefix="train_stories.") as work:
        if not args.evaluate:
            fit(args.newsdesk, [(s, art[s], gold[s]) for s in SETS], work,
                "trained on %s." % ", ".join(SETS), args.out)
            print("train_stories: wrote %s" % args.out)
            return
        print("| set | held out | hand-tuned | learned | pairwise F1 | multi F1 |")
        print("|---|---|---|---|---|---|")
        if args.evaluate == "loo":
            for test in SETS:
                train_sets = [s for s in SETS if s != test]
                w = fit(args.newsdesk, [(s, art[s], gold[s]) for s in train_sets], work,
                        "trained on %s (leave-one-out)." % ", ".join(train_sets),
                        os.path.join(work, "loo-%s.txt" % test))
                hand = evaluate(args.newsdesk, art[test], gpath[test], None)
                learned = evaluate(args.newsdesk, art[test], gpath[test], w)
                print("| %s | all of it (trained on the other three) | %.3f | **%.3f** | %.3f | %.3f |" % (
                    test, hand["bcubed"], learned["bcubed"], learned["pairwise"], learned.get("bcubed_multi", 0)),
                    flush=True)
        elif args.evaluate == "split":
            streams, tests = [], []
            for s in SETS:
                a = os.path.join(work, "%s-train.articles.jsonl" % s)
                subset(art[s], gold[s], half, a)
                streams.append((s, a, gold[s]))
                t = os.path.join(work, "%s-test.articles.jsonl" % s)
                tests.append((s, t, subset(art[s], gold[s], lambda g: not half(g), t)))
            w = fit(args.newsdesk, streams, work, "trained on half of each set's stories.",
                    os.path.join(work, "split.txt"))
            for s, t, g in tests:
                hand = evaluate(args.newsdesk, t, g, None)
                learned = evaluate(args.newsdesk, t, g, w)
                print("| %s | the other half of its gold stories | %.3f | **%.3f** | %.3f | %.3f |" % (
                    s, hand["bcubed"], learned["bcubed"], learned["pairwise"], learned.get("bcubed_multi", 0)),
                    flush=True)
        else:
            w = args.weights or args.out
            for s in SETS:
                a = art[s]
                if args.evaluate == "headline":
                    a = os.path.join(work, "%s-headline.articles.jsonl" % s)
                    headline_only(art[s], a)
                hand = evaluate(args.newsdesk, a, gpath[s], None)
                learned = evaluate(args.newsdesk, a, gpath[s], w)
                print("| %s | %s | %.3f | **%.3f** | %.3f | %.3f |" % (
                    s, "headline only (text dropped)" if args.evaluate == "headline" else "none (trained on it)",
                    hand["bcubed"], learned["bcubed"], learned["pairwise"], learned.get("bcubed_multi", 0)),
                    flush=True)


if __name__ == "__main__":
    main()
