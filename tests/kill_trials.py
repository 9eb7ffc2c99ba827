#!/usr/bin/env python3
"""kill_trials.py: many kill -9 trials of `ingest`, for docs/store.md.

usage: tests/kill_trials.py [NEWSDESK] [TRIALS] [SEED] [SIZE]
       (defaults build/newsdesk, 100, 1, 3000 articles)

Writes the fixture stream of tests/fixture_stream.py (SIZE articles), ingests it once without
interruption, then runs TRIALS trials as tests/test_ingest.py does: ingest into a fresh store,
SIGKILL at a random moment of the run (every tenth trial is killed a second time while it
resumes), check the store (SQLite integrity_check, FTS5 integrity-check, export a prefix of the
uninterrupted run made of whole batches), resume, and compare the final export with the
uninterrupted one. Prints one line per trial and a summary: how many trials ended with exactly
the uninterrupted export, and where the kills fell (before the first commit, between batches,
after the end).
"""
import os
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_ingest as t  # noqa: E402


def main():
    newsdesk = sys.argv[1] if len(sys.argv) > 1 else "build/newsdesk"
    trials = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    size = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="nd_kill_trials_")
    stream = os.path.join(tmp, "stream.jsonl")
    with open(stream, "w") as f:
        subprocess.run([sys.executable, os.path.join(HERE, "fixture_stream.py"), str(size), "11"], stdout=f,
                       check=True)
    db = os.path.join(tmp, "full.db")
    start = time.monotonic()
    code, out, err = t.run(newsdesk, "ingest", "--db", db, "--batch", str(t.BATCH), stream)
    elapsed = time.monotonic() - start
    full = t.export(newsdesk, db)
    print(f"uninterrupted: {out.strip()} in {elapsed:.2f} s; {len(full)} rows; batches of {t.BATCH}", flush=True)
    held, where = 0, {"nothing stored": 0, "some batches stored": 0, "all stored": 0}
    for k in range(trials):
        delays = [rng.uniform(0.02, elapsed * 1.05)]
        if k % 10 == 9:
            delays.append(rng.uniform(0.02, elapsed * 1.05))
        trial_db = os.path.join(tmp, "trial.db")
        ok, left = t.trial(newsdesk, stream, trial_db, full, delays, f"trial {k}")
        rows = left[0] if left else 0
        where["nothing stored" if rows == 0 else "all stored" if rows == len(full) else "some batches stored"] += 1
        held += ok
        print(f"trial {k}: kills at {', '.join(f'{d:.3f}' for d in delays)} s left {left} rows: "
              f"{'same export' if ok else 'DIFFERENT'}", flush=True)
    t.remove_db(trial_db)
    t.remove_db(db)
    os.remove(stream)
    os.rmdir(tmp)
    print(f"{held} of {trials} trials resumed to exactly the uninterrupted export; first kills: "
          + ", ".join(f"{v} {k}" for k, v in where.items()))
    return 0 if held == trials else 1


if __name__ == "__main__":
    sys.exit(main())
