#!/usr/bin/env python3
"""The store through the CLI: ingest and export on a stream written by fixture_stream.py.

usage: test_ingest.py NEWSDESK [TRIALS] [SEED]

- --help of both commands, usage errors, a file that is not a store;
- one uninterrupted run: the summary line, export in the shape `cluster` prints, the same
  stories as `cluster` on the stream without the articles that come twice;
- ingesting the same stream again adds nothing;
- kill -9 at TRIALS random points (default 4; one of them killed twice): after each kill the
  database passes SQLite's integrity checks (tables and the FTS5 index), its export is a prefix
  of the uninterrupted run's made of whole batches, and resuming ends with exactly the
  uninterrupted run's export.
The kill points come from SEED (default: from the clock, printed so a failure can be re-run).
Used by tests/kill_trials.py for the 100 trials of docs/store.md.
"""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BATCH = 50
failures = 0


def check(cond, message):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", message, flush=True)
    return cond


def run(*args):
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def export(newsdesk, db):
    code, out, err = run(newsdesk, "export", "--db", db)
    check(code == 0, f"export exit {code}: {err}")
    return out.splitlines()


def integrity(db):
    """SQLite's own checks of the tables and of the search index; '' when fine."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
        if rows != [("ok",)]:
            return f"integrity_check: {rows[:3]}"
        tables = con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
        if tables == 0:  # killed before the schema's transaction committed: an empty database
            return ""
        con.execute("INSERT INTO search(search) VALUES('integrity-check')")
        return ""
    except sqlite3.DatabaseError as e:
        return f"{type(e).__name__}: {e}"
    finally:
        con.close()


def remove_db(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def kill_at(newsdesk, stream, db, delay):
    """Starts an ingest and kills it with SIGKILL after `delay` seconds (if still running)."""
    p = subprocess.Popen([newsdesk, "ingest", "--db", db, "--batch", str(BATCH), stream],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        p.wait(timeout=delay)
        return False  # finished first
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGKILL)
        p.wait()
        return True


def trial(newsdesk, stream, db, full, delays, label):
    """Kills at each delay in turn, checks the store after each, resumes. Returns whether all
    held, and how many rows each kill left."""
    remove_db(db)
    ok = True
    left = []
    for delay in delays:
        killed = kill_at(newsdesk, stream, db, delay)
        if not os.path.exists(db):
            continue
        problem = integrity(db)
        ok &= check(not problem, f"{label}: after kill at {delay:.3f}s: {problem}")
        rows = export(newsdesk, db)
        left.append(len(rows))
        ok &= check(rows == full[:len(rows)], f"{label}: after kill at {delay:.3f}s the store is not a prefix "
                    f"of the uninterrupted run ({len(rows)} rows)")
        ok &= check(not killed or len(rows) == len(full) or len(rows) % BATCH == 0,
                    f"{label}: {len(rows)} rows stored, not whole batches of {BATCH}")
    code, out, err = run(newsdesk, "ingest", "--db", db, "--batch", str(BATCH), stream)
    ok &= check(code == 0, f"{label}: resume exit {code}: {err}")
    rows = export(newsdesk, db)
    ok &= check(rows == full, f"{label}: resumed export differs from the uninterrupted run "
                f"({len(rows)} rows vs {len(full)}; first difference at "
                f"{next((i for i, (a, b) in enumerate(zip(rows, full)) if a != b), min(len(rows), len(full)))})")
    return ok, left


def summary(out):
    """{'read': N, ...} from the one-line summary."""
    line = out.strip().splitlines()[-1]
    check(line.startswith("ingest: "), f"summary line: {line!r}")
    fields = {}
    for part in line[len("ingest: "):].split(", "):
        key, _, value = part.rpartition(" ")
        fields[key.replace(" ", "_")] = int(value)
    return fields


def main():
    newsdesk = sys.argv[1]
    trials = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else int(time.time())
    size = int(os.environ.get("ND_INGEST_FIXTURE", "1000"))
    print(f"kill points from seed {seed}; fixture of {size} articles", flush=True)
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="nd_ingest_")
    stream = os.path.join(tmp, "stream.jsonl")
    with open(stream, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "fixture_stream.py"), str(size), "7"], stdout=f,
                       check=True)

    code, out, _ = run(newsdesk, "ingest", "--help")
    check(code == 0 and out.startswith("usage: newsdesk ingest"), "ingest --help")
    code, out, _ = run(newsdesk, "export", "--help")
    check(code == 0 and out.startswith("usage: newsdesk export"), "export --help")
    code, _, err = run(newsdesk, "ingest", "--db", os.path.join(tmp, "x.db"))
    check(code == 2 and "no PATH" in err, f"ingest without a path: {code} {err}")
    code, _, err = run(newsdesk, "ingest", "--batch", "0", stream)
    check(code == 2 and "--batch" in err, f"ingest --batch 0: {code} {err}")
    code, _, err = run(newsdesk, "export", "--db", os.path.join(tmp, "absent.db"))
    check(code == 2 and "no such store" in err, f"export of an absent store: {code} {err}")
    check(not os.path.exists(os.path.join(tmp, "absent.db")), "export created a store")
    code, _, err = run(newsdesk, "ingest", "--db", stream, stream)
    check(code == 2 and "not a newsdesk store" in err, f"ingest into a JSON file: {code} {err}")

    # One uninterrupted run.
    db = os.path.join(tmp, "full.db")
    start = time.monotonic()
    code, out, err = run(newsdesk, "ingest", "--db", db, "--batch", str(BATCH), stream)
    elapsed = time.monotonic() - start
    check(code == 0, f"ingest exit {code}: {err}")
    stats = summary(out)
    full = export(newsdesk, db)
    rows = [json.loads(line) for line in full]
    check(stats["read"] == size, f"read {stats['read']} of {size}")
    check(stats["added"] == len(rows) and stats["added"] + stats["already_stored"] == size,
          f"summary {stats} against {len(rows)} exported")
    check(stats["already_stored"] > 0 and stats["copies"] > 0, f"the fixture has repeats and copies: {stats}")
    check(all(set(r) <= {"id", "story", "storyline", "duplicate_of"} and {"id", "story", "storyline"} <= set(r)
              for r in rows), "export keys")
    check(stats["stories_opened"] == len({r["story"] for r in rows}), "stories opened = stories exported")
    check(sum(1 for r in rows if "duplicate_of" in r) == stats["copies"], "copies = rows with duplicate_of")

    # The same stories as `cluster`: on the stream without what comes twice (same id, url, or
    # source, title and text).
    seen, once = set(), []
    with open(stream) as f:
        for line in f:
            a = json.loads(line)
            keys = {("id", a["id"]), ("url", a["url"]), ("content", a["source"], a["title"], a["text"])}
            if keys & seen:
                continue
            seen |= keys
            once.append(line)
    check(len(once) == len(rows), f"{len(once)} articles once, {len(rows)} stored")
    clustered = subprocess.run([newsdesk, "cluster", "-"], input="".join(once), capture_output=True,
                               text=True).stdout.splitlines()
    story_of = {json.loads(line)["id"]: json.loads(line)["story"] for line in clustered}
    agree = sum(1 for r in rows if story_of.get(r["id"]) == r["story"])
    print(f"uninterrupted: {stats}, {elapsed:.2f} s; {agree}/{len(rows)} stories as cluster gives", flush=True)
    check(agree >= 0.95 * len(rows), f"only {agree} of {len(rows)} articles in the story cluster gives")

    # Again: nothing added.
    code, out, err = run(newsdesk, "ingest", "--db", db, "--batch", str(BATCH), stream)
    again = summary(out)
    check(code == 0 and again["added"] == 0 and again["already_stored"] == size and again["stories_opened"] == 0,
          f"second ingest: {again}")
    check(export(newsdesk, db) == full, "second ingest changed the export")

    # Kill -9 at random points, then resume.
    held = 0
    for t in range(trials):
        delays = [rng.uniform(0.05, elapsed)]
        if t == 0:
            delays.append(rng.uniform(0.05, elapsed))  # killed again while resuming
        ok, left = trial(newsdesk, stream, os.path.join(tmp, f"kill{t}.db"), full, delays,
                         f"trial {t} (kills at {', '.join(f'{d:.3f}' for d in delays)} s)")
        print(f"trial {t}: killed at {', '.join(f'{d:.3f}' for d in delays)} s leaving {left} rows; "
              f"{'resumed to the same export' if ok else 'FAILED'}", flush=True)
        held += ok
    print(f"kill -9 trials: {held} of {trials} resumed to the uninterrupted export", flush=True)

    for name in os.listdir(tmp):
        os.remove(os.path.join(tmp, name))
    os.rmdir(tmp)
    print(f"{'passed' if failures == 0 else 'FAILED'}: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
