#!/usr/bin/env python3
"""What is hot: a stream of our own writing in which one story suddenly gains many outlets within
an hour puts that story first in `front --hot`, and a steady large story does not.

The stream (written here, from a fixed seed): a day of a steady port strike story covered every
hour by four outlets (96 articles), a few small quiet stories, and in the last hour a warehouse
fire in Dunmore taken up by twelve outlets at once.

The same stream is committed as tests/fixtures/hot/stream.jsonl for the golden test
views-front-hot-rising (a front --hot whose scores are not 0); this test checks that the file is
still what stream() writes.

usage: test_hot.py NEWSDESK
       test_hot.py --write PATH   (writes the stream, for the fixture)
"""
import json
import os
import random
import subprocess
import sys
import tempfile

from checks import check, report  # noqa: E402


STRIKE = [
    "Dock workers at the port of Calloway continued their strike over pay for another day.",
    "The Calloway dockers' union said talks with the port authority had made no progress on wages.",
    "Container ships waited off Calloway as the dock strike entered its {n}th hour.",
    "Port authority managers in Calloway said they would not raise their pay offer to the striking dockers.",
    "Shippers warned that the Calloway port strike was delaying deliveries of grain and timber.",
    "Union leader Marta Oyelaran told striking dockers outside the Calloway port gates that they would hold out.",
]
FIRE = [
    "A huge fire tore through a warehouse in Dunmore's industrial park, sending black smoke over the town.",
    "Firefighters in Dunmore battled a warehouse blaze as residents were told to keep windows shut.",
    "Dunmore fire chief Idris Kaplan said the warehouse fire was the largest the town had seen.",
    "Hundreds of people were evacuated from streets near the burning Dunmore warehouse.",
    "The cause of the Dunmore warehouse fire was not yet known, the fire service said.",
    "Smoke from the Dunmore warehouse fire could be seen from neighbouring villages.",
]
QUIET = [
    ["The Lenby library reopened its reading room after a month of repairs to the roof.",
     "Readers returned to the Lenby library reading room, which now has new lights and shelves."],
    ["A rare orchid bloomed in the glasshouse of the Hartwell botanical garden this week.",
     "Gardeners in Hartwell said the orchid flowers only once every seven years."],
    ["The Sorrel Valley choir won first prize at the regional singing festival.",
     "Members of the Sorrel Valley choir said the prize would pay for a tour next spring."],
]


def stamp(hour, minute):
    day = 14 + hour // 24
    return f"2025-03-{day:02d}T{hour % 24:02d}:{minute:02d}:00Z"


def article(ident, source, hour, minute, title, sentences, rng):
    body = list(sentences)
    rng.shuffle(body)
    text = "\n\n".join(s.format(n=hour + 1) for s in body[:4])
    return {"id": ident, "source": source, "url": f"https://{source.lower().replace(' ', '')}.example/{ident}",
            "published": stamp(hour, minute), "title": title, "text": text}


def stream():
    rng = random.Random(7)
    rows = []
    strike_outlets = ["Calloway Post", "Harbour Radio", "Coast Daily", "Shipping Wire"]
    for hour in range(24):
        for k, outlet in enumerate(strike_outlets):
            rows.append(article(f"strike-{hour:02d}-{k}", outlet, hour, 5 + 10 * k,
                                f"Calloway dock strike goes on, hour {hour + 1}", STRIKE, rng))
    for q, pair in enumerate(QUIET):
        for k in range(2):
            rows.append(article(f"quiet-{q}-{k}", f"Local Note {q}{k}", 3 + 6 * q + k, 30,
                                pair[0].split(" reopened")[0].split(" bloomed")[0].split(" won")[0], pair, rng))
    fire_outlets = ["Dunmore Echo", "County News", "National Wire", "Morning Ledger", "Valley Times", "Radio North",
                    "Evening Star", "Daily Courier", "Metro Herald", "Citizen Online", "The Observer Wire",
                    "Region Today"]
    for k, outlet in enumerate(fire_outlets):
        rows.append(article(f"fire-{k:02d}", outlet, 23, 3 + 4 * k, "Warehouse fire in Dunmore", FIRE, rng))
    rows.sort(key=lambda r: r["published"])
    return rows


def write_stream(path):
    with open(path, "w") as f:
        for row in stream():
            f.write(json.dumps(row) + "\n")


def main():
    if sys.argv[1] == "--write":
        write_stream(sys.argv[2])
        return 0
    newsdesk = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="nd-hot-")
    path = os.path.join(tmp, "stream.jsonl")
    write_stream(path)
    fixture = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "hot", "stream.jsonl")
    check(os.path.exists(fixture) and open(fixture).read() == open(path).read(),
          f"{fixture} is what stream() writes (test_hot.py --write {fixture})")
    db = os.path.join(tmp, "hot.db")
    p = subprocess.run([newsdesk, "ingest", "--db", db, path], capture_output=True, text=True)
    check(p.returncode == 0, f"ingest: {p.stderr}")
    hot = json.loads(subprocess.run([newsdesk, "front", "--db", db, "--hot", "--json"], capture_output=True,
                                    text=True).stdout)
    front = json.loads(subprocess.run([newsdesk, "front", "--db", db, "--json"], capture_output=True,
                                      text=True).stdout)
    stories = hot.get("stories", [])
    check(stories and "Dunmore" in stories[0]["headline"], f"the fire is first in front --hot: "
                                                           f"{[s['headline'] for s in stories][:3]}")
    check(stories and stories[0]["outlet_count"] >= 10, "with its many outlets")
    check(stories and stories[0]["hot"] > 2, f"its hot score is well above 0: {stories[0]['hot'] if stories else None}")
    strike = [s for s in stories if "Calloway" in s["headline"]]
    check(not strike or strike[0]["hot"] < stories[0]["hot"] / 3,
          f"the steady strike story is not hot: {[(s['headline'], s['hot']) for s in strike]}")
    big = max(front["stories"], key=lambda s: s["article_count"])
    check("Calloway" in big["headline"] and big["article_count"] >= 90, f"the strike is the largest story ({big['article_count']})")
    text = subprocess.run([newsdesk, "front", "--db", db, "--hot"], capture_output=True, text=True).stdout
    check(text.startswith("Hot now") and "HOT" in text and "Dunmore" in text.split("\n\n")[1], "front --hot as text")
    return report()


if __name__ == "__main__":
    sys.exit(main())
