#!/usr/bin/env python3
"""The accuracy floor of names, dates and quotes on the NLP development sets.

usage: test_nlp_floor.py NEWSDESK SHARED_DIR GAZETTEER FLOOR.json

Runs SHARED_DIR/tools/score_nlp.py (read at run time; nothing of the data is stored here) on
CoNLL-2003 testa and the held-out half of GUM (names), AQUAINT (dates) and PolNeAR dev (quotes),
with the gazetteer passed through $NEWSDESK_GAZETTEER, and fails when any figure falls more than
0.01 below the one recorded in FLOOR.json (names: F1 over all types and per type; dates: F1;
quotes: found and attributed). The name tagger trains on the other half of GUM, so GUM is split
here exactly as scripts/gum_split.py splits it for training, into a temporary folder. Exits 77
(skipped) with a message when the shared folder or the gazetteer is absent."""
import json, os, subprocess, sys, tempfile

TOLERANCE = 0.01


def main():
    newsdesk, shared, gazetteer, floor_file = sys.argv[1:5]
    nlp = os.path.join(shared, "data", "nlp")
    scorer = os.path.join(shared, "tools", "score_nlp.py")
    if not os.path.isdir(nlp) or not os.path.isfile(scorer):
        print(f"skipped: no {nlp} or {scorer} (the shared data sits beside the repository)")
        return 77
    if not os.path.isfile(gazetteer):
        print(f"skipped: no gazetteer at {gazetteer} (run scripts/gazetteer.sh)")
        return 77
    p = lambda name: os.path.join(nlp, name)
    split = tempfile.TemporaryDirectory()
    splitter = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "gum_split.py")
    if subprocess.run([sys.executable, splitter, nlp, split.name]).returncode != 0:
        print("FAIL: scripts/gum_split.py failed")
        return 1
    held = lambda name: os.path.join(split.name, name)
    args = [sys.executable, scorer, newsdesk,
            "--names", p("conll2003.testa.docs.jsonl"), p("conll2003.testa.entities.jsonl"), p("conll2003.testa.spans.jsonl"),
            "--names", held("gum.heldout.docs.jsonl"), held("gum.heldout.entities.jsonl"),
            "--dates", p("aquaint.docs.jsonl"), p("aquaint.timex.jsonl"),
            "--quotes", p("polnear.dev.docs.jsonl"), p("polnear.dev.quotes.jsonl"), "--json"]
    env = dict(os.environ, NEWSDESK_GAZETTEER=gazetteer)
    run = subprocess.run(args, capture_output=True, text=True, env=env)
    if run.returncode != 0:
        print("FAIL: score_nlp.py exit status", run.returncode, run.stderr[-2000:])
        return 1
    got = json.loads(run.stdout)
    floors = json.load(open(floor_file))
    failures = 0
    for key, want in floors.items():
        if key == "about":
            continue
        have = got.get(key)
        if have is None:
            print(f"FAIL: {key}: not scored")
            failures += 1
            continue
        for measure, floor in want.items():
            value = have[measure]["f1"] if isinstance(have.get(measure), dict) else have.get(measure)
            ok = value is not None and value >= floor - TOLERANCE
            print(f"{key:36s} {measure:13s} {value} (floor {floor})")
            if not ok:
                print(f"FAIL: {key} {measure} {value} fell below the recorded {floor}")
                failures += 1
    print(f"{'0 failed' if not failures else str(failures) + ' failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
