#!/usr/bin/env python3
"""fixture_stream.py: writes a reproducible stream of invented news for the store tests.

usage: fixture_stream.py N SEED > stream.jsonl

Everything is made up here from syllables (no real text): events, each with its own town,
people and organisation and a theme of its kind (fires, floods, elections, ...), reported by
one to six outlets over a few days, in publication order. Some reports are exact copies from
another outlet, some near copies (a few words changed), some share a paragraph with an earlier
report, and a few come again under a new id with the same url (which the store must not add
twice; the reader itself drops an id repeated within one input).
The same N and SEED give the same bytes.
"""
import json
import random
import sys
from datetime import date, timedelta

SYLLABLES = ["ka", "lo", "mi", "ter", "van", "su", "dor", "el", "bri", "on", "ha", "rul", "pe", "gan",
             "tis", "mo", "ral", "ve", "quin", "ab", "sol", "ni", "cor", "ith", "bal", "fen", "ur", "dal"]
THEMES = {
    "fire": "blaze flames firefighters smoke warehouse evacuated crews burned alarm hydrant",
    "flood": "river banks flooded homes rescue boats rain levee water sandbags",
    "election": "votes ballot candidate council polls turnout campaign seat mayoral count",
    "strike": "workers union wages picket factory talks walkout shifts contract pay",
    "match": "goal league striker season coach stadium fans penalty final score",
    "trial": "court jury judge verdict defence prosecutor sentence witness appeal charges",
}
COMMON = ("the a of in on and to with for was said after by from at as that were has have "
          "it its their this an which who also more than about over two three first").split()


def word(rng, parts=2):
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def name(rng):
    return word(rng, rng.randint(2, 3)).capitalize()


def sentence(rng, names, theme):
    words = []
    for _ in range(rng.randint(10, 18)):
        r = rng.random()
        if r < 0.22:
            words.append(rng.choice(names))
        elif r < 0.55:
            words.append(rng.choice(theme))
        else:
            words.append(rng.choice(COMMON))
    return " ".join(words).capitalize() + "."


def paragraph(rng, names, theme):
    return " ".join(sentence(rng, names, theme) for _ in range(rng.randint(2, 4)))


def main():
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    outlets = [word(rng, 2) + "-news" for _ in range(24)]
    day = date(2021, 1, 1)
    written = []  # (article, names, theme) of recent reports
    out = sys.stdout
    count = 0
    while count < n:
        kind = rng.choice(sorted(THEMES))
        theme = THEMES[kind].split()
        names = [name(rng) for _ in range(4)] + [str(rng.randint(10, 999))]
        title_names = names[:2]
        reports = rng.randint(1, 6)
        for r in range(reports):
            if count >= n:
                break
            day_of = day + timedelta(days=r // 2)
            outlet = rng.choice(outlets)
            count += 1
            ident = f"f{seed}-{count:06d}"
            roll = rng.random()
            if written and roll < 0.08:  # an exact copy of a recent report, from another outlet
                base = rng.choice(written[-30:])
                art = dict(base, id=ident, source=outlet, url=f"https://{outlet}.example/{ident}")
            elif written and roll < 0.14:  # a near copy: a few words changed
                base = rng.choice(written[-30:])
                words = base["text"].split(" ")
                for _ in range(max(1, len(words) // 40)):
                    words[rng.randrange(len(words))] = rng.choice(COMMON)
                art = dict(base, id=ident, source=outlet, url=f"https://{outlet}.example/{ident}",
                           text=" ".join(words))
            elif written and roll < 0.17:  # the same article again under a new id (same url)
                base = rng.choice(written[-30:])
                art = dict(base, id=ident)
            else:
                paragraphs = [paragraph(rng, names, theme) for _ in range(rng.randint(2, 5))]
                if written and rng.random() < 0.1:  # a shared passage from a recent report
                    paragraphs.append(rng.choice(written[-30:])["text"].split("\n\n")[0])
                title = " ".join([title_names[0], rng.choice(theme), "in", title_names[1], rng.choice(theme)])
                art = {"id": ident, "source": outlet, "url": f"https://{outlet}.example/{ident}",
                       "published": day_of.isoformat(), "title": title.capitalize(),
                       "text": "\n\n".join(paragraphs)}
            written.append(art)
            out.write(json.dumps(art) + "\n")
        day += timedelta(days=rng.randint(0, 1))


if __name__ == "__main__":
    main()
