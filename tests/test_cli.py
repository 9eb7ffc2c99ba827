#!/usr/bin/env python3
"""Tests of the newsdesk command: help and version, exit statuses, diagnostics naming file and
line, standard input, and the bundled sample corpus.

usage: test_cli.py NEWSDESK REPO_DIR"""
import json, os, subprocess, sys, tempfile

failures = passes = 0


def check(cond, message):
    global failures, passes
    if cond:
        passes += 1
    else:
        failures += 1
        print("FAIL:", message)


def run(args, stdin=None):
    p = subprocess.run([NEWSDESK] + args, capture_output=True, text=True, input=stdin)
    return p.returncode, p.stdout, p.stderr


def main():
    global NEWSDESK
    NEWSDESK, repo = sys.argv[1], sys.argv[2]
    rc, out, _ = run(["--version"])
    check(rc == 0 and out.startswith("newsdesk "), f"--version: {rc} {out!r}")
    rc, out, _ = run(["--help"])
    check(rc == 0 and "clean" in out and "dedup" in out, "--help lists the commands")
    for command in ("clean", "dedup"):
        rc, out, _ = run([command, "--help"])
        check(rc == 0 and out.startswith(f"usage: newsdesk {command}"), f"{command} --help")
        rc, _, err = run([command])
        check(rc == 2 and "no PATH" in err, f"{command} without a path is a usage error")
        rc, _, err = run([command, "--no-such-option", "x"])
        check(rc == 2 and "unknown option" in err, f"{command} rejects unknown options")
    rc, _, err = run(["frobnicate"])
    check(rc == 2 and "unknown command" in err, "unknown command")
    rc, _, err = run(["dedup", "--threshold", "2", "x"])
    check(rc == 2 and "--threshold" in err, "bad threshold")

    with tempfile.TemporaryDirectory() as tmp:
        feed = os.path.join(tmp, "feed.jsonl")
        with open(feed, "w") as f:
            f.write('{"id": "ok1", "text": "A good line."}\n{"id": broken\n{"id": "ok2", "text": "Another."}\n')
        rc, out, err = run(["clean", "--json", feed])
        check(rc == 1, f"a skipped line makes the exit status 1, got {rc}")
        check(f"newsdesk: {feed}:2: not valid JSON at byte 7; line skipped" in err, f"diagnostic names file and line: {err!r}")
        ids = [json.loads(l)["id"] for l in out.splitlines()]
        check(ids == ["ok1", "ok2"], f"the rest of the file is kept: {ids}")
        empty = os.path.join(tmp, "empty.txt")
        open(empty, "w").close()
        rc, _, err = run(["clean", empty])
        check(rc == 1 and f"newsdesk: {empty}: empty file; skipped" in err, f"empty file: {err!r}")
        rc, _, err = run(["clean", os.path.join(tmp, "missing.txt")])
        check(rc == 1 and "cannot open" in err, "missing file")

        # Every command that changes something says what it did, and the ingest summary's words
        # have one meaning each: "already stored" is a success (exit 0), "skipped" is bad input
        # (named on standard error, exit 1) and never a word of the summary.
        db = os.path.join(tmp, "said.db")
        good = os.path.join(tmp, "good.jsonl")
        with open(good, "w") as f:
            f.write('{"id": "g1", "text": "The ferry to the island ran again on Monday after the storm."}\n'
                    '{"id": "g2", "text": "Farmers in the valley began the barley harvest early this year."}\n')
        rc, out, err = run(["ingest", "--db", db, "--gazetteer", "none", good])
        check(rc == 0 and out.startswith("ingest: read 2, added 2, copies 0, already stored 0,"), f"ingest: {rc} {out!r}")
        rc, out, err = run(["ingest", "--db", db, "--gazetteer", "none", good])
        check(rc == 0 and out.startswith("ingest: read 2, added 0, copies 0, already stored 2,"),
              f"the same again: already stored, exit 0: {rc} {out!r}")
        rc, out, err = run(["ingest", "--db", db, "--gazetteer", "none", feed])
        check(rc == 1 and "skipped" not in out and "line skipped" in err and "exit status 1" in err,
              f"bad input: skipped on standard error, exit 1, not in the summary: {rc} {out!r} {err!r}")
        rc, out, err = run(["feeds", "--db", db, "add", "https://one.example/rss", "https://two.example/atom"])
        check(rc == 0 and out == "feeds: added https://one.example/rss\nfeeds: added https://two.example/atom\n",
              f"feeds add says what it added: {rc} {out!r} {err!r}")
        rc, out, err = run(["feeds", "--db", db, "add", "https://one.example/rss"])
        check(rc == 1 and out == "" and "already followed" in err, f"feeds add twice: {rc} {out!r} {err!r}")
        rc, out, err = run(["feeds", "--db", db, "remove", "https://two.example/atom"])
        check(rc == 0 and out == "feeds: removed https://two.example/atom\n", f"feeds remove says so: {rc} {out!r}")
        state = os.path.join(tmp, "said.state")
        rc, out, err = run(["cluster", "--gazetteer", "none", "--save", state, good])
        check(rc == 0 and f"saved the story state (2 stories held) in {state}" in err,
              f"cluster --save says what it saved: {rc} {err!r}")

    rc, out, _ = run(["clean", "--json", "-"], stdin='{"id": "in", "text": "From standard input."}\n')
    check(rc == 0 and json.loads(out)["body"] == "From standard input.", "reads standard input")

    corpus = os.path.join(repo, "examples", "corpus")
    rc, out, err = run(["dedup", corpus])
    check(rc == 0, f"sample corpus: exit {rc} {err}")
    pairs = [json.loads(l) for l in out.splitlines()]
    relations = {(p["a"], p["b"]): p["relation"] for p in pairs}
    check(relations.get(("evening-post-bridge", "wire-001")) == "near", f"near copy in the sample: {relations}")
    check(relations.get(("daily-courier-bridge", "harbour-gazette-bridge")) == "passages", "syndicated passages")
    check(not any("wire-003" in k for k in relations), "the unrelated report pairs with nothing")
    print(f"{passes} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
