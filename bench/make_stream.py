#!/usr/bin/env python3
"""make_stream.py: writes a large, reproducible news stream for the benchmarks.

Takes the real article sets in ../shared/data/*.articles.jsonl (read at run time; no article
text is ever stored in this repository) and writes N articles as JSON Lines, the format
newsdesk reads. The same data, N and --seed give the same bytes (Python's random.Random with a
fixed seed is stable across versions, like SQLite's speedtest1 generator); the SHA-256 of the
output is printed so two machines can check they measure the same stream.

The stream mixes, per article drawn from the seeded generator:

  original      a real article under a fresh "cipher": every word is replaced by another word
                of about the same corpus frequency (ranks permuted inside power-of-two bands),
                so each original is new text with the real length, paragraph shape and word
                frequencies, and common phrases stay common. The first use of each real article
                is the real text itself.
  shared        an original that also carries one or two paragraphs of a recent article
                (syndicated passages).
  exact         a recent article again, unchanged, from another outlet the same day.
  republished   a recent article again, same outlet, a few days later, fresh id.
  own-edited    (only with --own-edits P: P of the 100 weights, taken from "original") an update
                of one of OWN_LIVE running reports: its latest version again, same outlet,
                hours later, with light word edits (1-8 %). A running report is a recent
                article taken up when a place is free and updated OWN_UPDATES times, so one
                report is republished ten times by its own outlet over a few thousand
                articles (issue 19's near-copy bar).
  near          a recent article with random word edits (replace, delete, insert; 1-8 %).
  truncated     the first 30-90 % of the words of a recent article.

"Recent" means one of the last RECENT articles written, as copies in a news stream are; the
first WARM_UP articles are all originals.
Ids are "sN-0000001"...; dates advance through the stream from 2016-01-01.
"""
import argparse
import glob
import hashlib
import json
import os
import random
import re
import sys
from datetime import datetime, timedelta
from itertools import chain

RECENT = 4096            # copies are taken from this many most recent articles
OWN_LIVE = 32            # running reports that own-edited updates are of
OWN_UPDATES = 10         # updates of each running report
WARM_UP = 100            # articles written before the first copy
OUTLETS = 300            # synthetic outlet names, outlet000.example ... outlet299.example
MIN_WORDS = 20           # real articles shorter than this are not used
MIX = [                  # (kind, weight); weights sum to 100
    ("original", 45),
    ("shared", 10),
    ("exact", 12),
    ("republished", 8),
    ("near", 15),
    ("truncated", 10),
]
WORD = re.compile(r"[A-Za-z0-9]+")


def load(data_dir):
    """Real articles as (word ids, separators, title) with a shared vocabulary ranked by
    frequency (most frequent first, ties by spelling, so the ranking is deterministic)."""
    paths = sorted(glob.glob(os.path.join(data_dir, "*.articles.jsonl")))
    if not paths:
        sys.exit(f"make_stream: no *.articles.jsonl in {data_dir}")
    raw, counts = [], {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                article = json.loads(line)
                text = article.get("text") or ""
                words = WORD.findall(text)
                if len(words) < MIN_WORDS:
                    continue
                seps = WORD.split(text)  # len(words) + 1 separators around the words
                raw.append((words, seps, article.get("title") or ""))
                for w in words:
                    counts[w] = counts.get(w, 0) + 1
    vocab = sorted(counts, key=lambda w: (-counts[w], w))
    rank = {w: r for r, w in enumerate(vocab)}
    articles = [([rank[w] for w in words], seps, title) for words, seps, title in raw]
    # For each rank, the start and size of its power-of-two frequency band.
    band_start, band_size = [], []
    for r in range(len(vocab)):
        start = (1 << (r.bit_length() - 1)) if r else 0
        size = max(1, min(start if start else 1, len(vocab) - start))
        band_start.append(start)
        band_size.append(size)
    return articles, vocab, rank, band_start, band_size, paths


def mix_with_own_edits(percent):
    """MIX with `percent` of the weights moved from "original" to "own-edited"; MIX itself when 0,
    so that the default stream stays byte for byte what it was."""
    if percent == 0:
        return MIX
    if not 0 < percent < dict(MIX)["original"]:
        sys.exit(f"make_stream: --own-edits must be between 0 and {dict(MIX)['original'] - 1}")
    return [(k, w - percent if k == "original" else w) for k, w in MIX] + [("own-edited", percent)]


class Generator:
    def __init__(self, data_dir, seed, own_edits=0):
        (self.articles, self.vocab, self.rank, self.band_start, self.band_size,
         self.paths) = load(data_dir)
        self.rng = random.Random(seed)
        self.uses = [0] * len(self.articles)
        self.recent = []          # ring of dicts of the last RECENT articles
        self.next_recent = 0
        self.live = []            # running reports: [latest version, updates so far]
        self.start = datetime(2016, 1, 1, 6, 0, 0)
        mix = mix_with_own_edits(own_edits)
        self.counts = {kind: 0 for kind, _ in mix}
        self.kinds = [kind for kind, weight in mix for _ in range(weight)]

    # -- text building --------------------------------------------------------------------
    def cipher(self, ranks, a, b):
        """Words of the same frequency band, permuted by r -> start + ((r - start) * a + b)
        mod size (a bijection inside every full band, since a is odd)."""
        vocab, bs, sz = self.vocab, self.band_start, self.band_size
        return [vocab[bs[r] + ((r - bs[r]) * a + b) % sz[r]] for r in ranks]

    @staticmethod
    def join(words, seps):
        return "".join(chain.from_iterable(zip(seps, words))) + seps[len(words)]

    def original(self):
        index = self.rng.randrange(len(self.articles))
        ranks, seps, title = self.articles[index]
        if self.uses[index] == 0:
            words = [self.vocab[r] for r in ranks]
            title_words = None
        else:
            a, b = self.rng.getrandbits(31) | 1, self.rng.getrandbits(31)
            words = self.cipher(ranks, a, b)
            title_words = (a, b)
        self.uses[index] += 1
        if title and title_words:
            t_words = WORD.findall(title)
            t_seps = WORD.split(title)
            t_ranks = [self.rank[w] for w in t_words if w in self.rank]
            if len(t_ranks) == len(t_words):
                title = self.join(self.cipher(t_ranks, *title_words), t_seps)
        return list(words), list(seps), title

    def edited(self, words, seps):
        words, seps = list(words), list(seps)
        rate = self.rng.uniform(0.01, 0.08)
        for _ in range(max(1, round(len(words) * rate))):
            if len(words) < 2:
                break
            i = self.rng.randrange(len(words))
            what = self.rng.random()
            if what < 0.6:
                words[i] = self.vocab[self.rng.randrange(min(5000, len(self.vocab)))]
            elif what < 0.8:
                del words[i]
                del seps[i + 1]
            else:
                words.insert(i, self.vocab[self.rng.randrange(min(5000, len(self.vocab)))])
                seps.insert(i + 1, " ")
        return words, seps

    def truncated(self, words, seps):
        keep = max(1, int(len(words) * self.rng.uniform(0.3, 0.9)))
        return list(words[:keep]), list(seps[:keep]) + [" ..."]

    def with_shared(self, words, seps, donor):
        """Splices one or two paragraphs of `donor`'s text between paragraphs of this one."""
        text = self.join(words, seps)
        paragraphs = [p for p in text.split("\n") if p.strip()]
        donated = [p for p in donor["text"].split("\n") if len(WORD.findall(p)) >= 15]
        if not donated or not paragraphs:
            return text
        for _ in range(self.rng.randint(1, 2)):
            p = donated[self.rng.randrange(len(donated))]
            paragraphs.insert(self.rng.randint(0, len(paragraphs)), p)
        return "\n\n".join(paragraphs)

    # -- the stream -----------------------------------------------------------------------
    def remember(self, item):
        if len(self.recent) < RECENT:
            self.recent.append(item)
        else:
            self.recent[self.next_recent] = item
            self.next_recent = (self.next_recent + 1) % RECENT

    def outlet(self, avoid=None):
        while True:
            name = "outlet%03d.example" % self.rng.randrange(OUTLETS)
            if name != avoid:
                return name

    def article(self, n):
        # Copies start once some history exists, so the first articles do not become hubs.
        kind = self.kinds[self.rng.randrange(100)] if len(self.recent) >= WARM_UP else "original"
        when = self.start + timedelta(seconds=n * 30 + self.rng.randrange(30))
        if kind in ("original", "shared"):
            words, seps, title = self.original()
            if kind == "shared":
                donor = self.recent[self.rng.randrange(len(self.recent))]
                text = self.with_shared(words, seps, donor)
                words, seps = WORD.findall(text), WORD.split(text)
            item = {"words": words, "seps": seps, "title": title, "source": self.outlet(),
                    "when": when}
        else:
            if kind == "own-edited":
                if len(self.live) < OWN_LIVE:
                    self.live.append([self.recent[self.rng.randrange(len(self.recent))], 0])
                running = self.live[self.rng.randrange(len(self.live))]
                base = running[0]
            else:
                base = self.recent[self.rng.randrange(len(self.recent))]
            words, seps = base["words"], base["seps"]
            source, title = self.outlet(avoid=base["source"]), base["title"]
            if kind == "exact":
                when = base["when"] + timedelta(minutes=self.rng.randint(1, 600))
            elif kind == "republished":
                source = base["source"]
                when = base["when"] + timedelta(days=self.rng.randint(1, 30))
            elif kind == "own-edited":
                source = base["source"]
                when = base["when"] + timedelta(hours=self.rng.randint(1, 72))
                words, seps = self.edited(words, seps)
            elif kind == "near":
                words, seps = self.edited(words, seps)
            elif kind == "truncated":
                words, seps = self.truncated(words, seps)
            item = {"words": words, "seps": seps, "title": title, "source": source,
                    "when": when}
        if kind == "own-edited":
            running[0] = item
            running[1] += 1
            if running[1] == OWN_UPDATES:
                self.live.remove(running)
        item["text"] = self.join(item["words"], item["seps"])
        self.counts[kind] += 1
        self.remember(item)
        return item

    def write(self, count, out, prefix):
        digest = hashlib.sha256()
        total = 0
        for n in range(count):
            item = self.article(n)
            ident = "%s-%07d" % (prefix, n + 1)
            record = {"id": ident, "title": item["title"],
                      "published": item["when"].strftime("%Y-%m-%dT%H:%M:%SZ"),
                      "source": item["source"],
                      "url": "https://%s/%s" % (item["source"], ident),
                      "text": item["text"]}
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            digest.update(line)
            out.write(line)
            total += len(line)
        return total, digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="articles to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--own-edits", type=int, default=0, metavar="P",
                        help="weight (of 100) of an outlet's own reports republished with light edits")
    parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                       "shared", "data"))
    parser.add_argument("--out", required=True, help="output .jsonl (written atomically)")
    args = parser.parse_args()

    generator = Generator(args.data, args.seed, args.own_edits)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "wb", buffering=1 << 20) as out:
        total, digest = generator.write(args.articles, out, "s%d" % args.seed)
    os.replace(tmp, args.out)
    mix = " ".join("%s=%d" % kv for kv in generator.counts.items())
    print("make_stream: %s: %d articles, %d bytes, seed %d, from %d real articles (%s)"
          % (args.out, args.articles, total, args.seed, len(generator.articles),
             ", ".join(os.path.basename(p) for p in generator.paths)), file=sys.stderr)
    print("make_stream: mix %s" % mix, file=sys.stderr)
    print("make_stream: sha256 %s" % digest, file=sys.stderr)


if __name__ == "__main__":
    main()
