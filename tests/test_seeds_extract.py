#!/usr/bin/env python3
"""The extraction seed test: runs `newsdesk extract` on ../shared/seeds and checks it against
gold.json (read at run time; nothing of it is stored here).

usage: test_seeds_extract.py NEWSDESK SHARED_DIR [GAZETTEER]

- people: every listed person is found, with every listed variant that the clean texts contain
  merged under one canonical name (across articles too); no two listed people share an entity;
  no person is found that gold.json does not list (so nothing from boilerplate either). A gold
  name the texts never spell out ("Recep Tayyip Erdogan", written "President Erdogan") is
  matched through its variants.
- places and organisations: every listed one is found (case, hyphens and a leading "The" aside).
- dates: every dated event has a date expression inside its text resolved to the listed value.
- quotes: every listed quote is found, starting with the listed words, attributed to the
  listed speaker; a reported one (no "starts") by its speaker with the noted words.
Exits 77 (skipped) with a message when the shared folder or the gazetteer is absent."""
import json, os, re, subprocess, sys

failures = passes = 0


def check(cond, message):
    global failures, passes
    if cond:
        passes += 1
    else:
        failures += 1
        print("FAIL:", message)
    return cond


def norm(name):
    name = re.sub(r"[-\s]+", " ", name.strip().lower())
    return re.sub(r"^the ", "", name)


def main():
    newsdesk, shared = sys.argv[1], sys.argv[2]
    seeds = os.path.join(shared, "seeds")
    gold_path = os.path.join(seeds, "gold.json")
    if not os.path.exists(gold_path):
        print(f"skipped: {gold_path} not found (the shared folder sits beside the repository)")
        return 77
    gazetteer = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(newsdesk), "gazetteer", "places.tsv")
    if not os.path.exists(gazetteer):
        gazetteer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "gazetteer", "places.tsv")
    if not os.path.exists(gazetteer):
        print("skipped: no gazetteer (run scripts/gazetteer.sh)")
        return 77
    gold = json.load(open(gold_path, encoding="utf-8"))
    p = subprocess.run([newsdesk, "extract", "--gazetteer", gazetteer, seeds], capture_output=True, text=True)
    check(p.returncode == 0, f"extract exit status {p.returncode}: {p.stderr}")
    out = {}
    for line in p.stdout.splitlines():
        d = json.loads(line)
        out[d["id"]] = d
    bodies = {}
    c = subprocess.run([newsdesk, "clean", "--json", seeds], capture_output=True, text=True)
    for line in c.stdout.splitlines():
        d = json.loads(line)
        bodies[d["id"]] = d["body"]
    all_text = "\n".join(bodies.values())

    # people: canonical name -> union of variants over articles
    people = {}
    for d in out.values():
        for e in d["entities"]:
            if e["type"] == "person":
                people.setdefault(e["name"], set()).update(e["variants"] + [e["name"]])
    matched = set()
    for person in gold["people"]:
        forms = [person["name"]] + person["variants"]
        in_text = [v for v in forms if re.search(r"(?<!\w)" + re.escape(v) + r"(?!\w)", all_text)]
        owners = {name for name, variants in people.items() if any(v in variants for v in forms)}
        if not check(len(owners) == 1, f"person {person['name']}: found under {sorted(owners) or 'no entity'}"):
            continue
        owner = owners.pop()
        matched.add(owner)
        missing = [v for v in in_text if v not in people[owner]]
        check(not missing, f"person {person['name']} ({owner}): variants not merged: {missing}")
        if person["name"] in in_text:
            check(owner == person["name"], f"person {person['name']}: canonical name is {owner!r}")
    for name in sorted(set(people) - matched):
        check(False, f"person {name!r} is not in gold.json (invented, or from boilerplate)")
    for name in gold.get("people_only_in_boilerplate", []):
        check(name not in people, f"{name} comes only from boilerplate")

    for kind, key in (("place", "places"), ("organisation", "organisations")):
        found = set()
        for d in out.values():
            for e in d["entities"]:
                if e["type"] == kind:
                    found.update(norm(v) for v in e["variants"] + [e["name"]])
        for name in gold[key]:
            check(norm(name) in found, f"{kind} {name} not found")

    for event in gold["dated_events"]:
        body, d = bodies[event["article"]].encode(), out[event["article"]]  # offsets are bytes
        parts = [x.strip().encode() for x in event["text"].split("...")]
        start = body.find(parts[0])
        end = start + len(parts[0])
        for part in parts[1:]:
            at = body.find(part, end)
            end = at + len(part) if at >= 0 else -1
        if not check(start >= 0 and end >= 0, f"dated event text not in {event['article']}: {event['text']}"):
            continue
        values = [x["value"] for x in d["dates"] if x["span"][0] >= start and x["span"][1] <= end]
        check(event["date"] in values, f"{event['article']}: '{event['text']}' resolved to {values}, want {event['date']}")

    for quote in gold["quotes"]:
        d = out[quote["article"]]
        if quote["starts"]:
            found = [q for q in d["quotes"] if q["text"].startswith(quote["starts"])]
        else:
            words = quote["note"].split(":", 1)[1].strip()
            found = [q for q in d["quotes"] if words in q["text"]]
        if not check(found, f"{quote['article']}: quote {quote['starts'] or quote['note']!r} not found"):
            continue
        check(found[0]["speaker"] == quote["speaker"],
              f"{quote['article']}: quote {quote['starts']!r} by {found[0]['speaker']!r}, want {quote['speaker']!r}")

    print(f"{passes} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
