#!/usr/bin/env python3
"""The store on a PostgreSQL server against the embedded store, on a throwaway cluster.

usage: test_store_pg.py NEWSDESK REPO_DIR [SHARED_DIR]

Starts a cluster with scripts/pg_throwaway.sh (a temporary folder, a Unix socket, as the
postgres user when run as root), then for the bundled sample (examples/corpus) and, when
SHARED_DIR is given and present, ../shared/seeds:
- `ingest` into a fresh SQLite file and into a fresh PostgreSQL database gives the same
  `export` (every article's story, storyline and copy relation);
- the views (front, story, storyline, entity, as text and JSON) print the same on both;
- `search` finds the same stories in the same order (snippets may differ: FTS5 and ts_headline
  choose their fragments differently);
- ingesting the same input again adds nothing on PostgreSQL either;
- a database that is not a newsdesk store (a table of someone else's) is refused;
- while another session holds the engine lock, `ingest` refuses with a message and readers read.
Stops and removes the cluster afterwards. Exits 77 (skipped) with the reason when no server can
be started; CI sets NEWSDESK_REQUIRE_POSTGRESQL=1 so that a skip there is a failure.
"""
import json
import os
import subprocess
import sys
import tempfile

failures = 0


def check(cond, message):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", message)
    return cond


def run(*args, env=None):
    return subprocess.run(args, capture_output=True, text=True, env=env)


def compare(newsdesk, name, path, sqlite_db, url):
    for db in (sqlite_db, url):
        p = run(newsdesk, "ingest", "--db", db, path)
        check(p.returncode == 0, f"{name}: ingest into {db} exit {p.returncode}: {p.stderr[-500:]}")
    a, b = run(newsdesk, "export", "--db", sqlite_db), run(newsdesk, "export", "--db", url)
    check(a.returncode == 0 and b.returncode == 0, f"{name}: export failed: {b.stderr[-300:]}")
    check(a.stdout == b.stdout and a.stdout, f"{name}: export differs between SQLite and PostgreSQL")
    rows = [json.loads(l) for l in a.stdout.splitlines() if l.strip()]
    stories = sorted({r["story"] for r in rows})
    views = [["front"], ["front", "--json"]]
    for s in stories[:5]:
        views += [["story", str(s)], ["story", str(s), "--json"]]
    lines = sorted({r["storyline"] for r in rows})
    for l in lines[:3]:
        views += [["storyline", str(l), "--json"]]
    views += [["entity", "Bagheri", "--json"], ["entity", "Harbour", "--json"]]
    for v in views:
        x, y = run(newsdesk, *v, "--db", sqlite_db), run(newsdesk, *v, "--db", url)
        check(x.returncode == y.returncode and x.stdout == y.stdout,
              f"{name}: {' '.join(v)} differs (exit {x.returncode} vs {y.returncode})")
    for q in ["Damascus", "Syria", "bridge", "harbour", "military cooperation"]:
        x, y = run(newsdesk, "search", q, "--json", "--db", sqlite_db), run(newsdesk, "search", q, "--json", "--db", url)
        check(x.returncode == y.returncode, f"{name}: search {q}: exit {x.returncode} vs {y.returncode}")
        if x.returncode == 0 and y.returncode == 0:
            sx = [h.get("id") for h in json.loads(x.stdout).get("stories", [])]
            sy = [h.get("id") for h in json.loads(y.stdout).get("stories", [])]
            check(sx == sy, f"{name}: search {q}: stories {sy} on PostgreSQL, {sx} on SQLite")
    again = run(newsdesk, "ingest", "--db", url, path)
    check(again.returncode == 0 and "added 0" in again.stderr + again.stdout,
          f"{name}: ingesting again added something: {again.stderr[-300:]}")
    print(f"{name}: {len(rows)} articles, {len(stories)} stories: export, {len(views)} views and search compared")


def main():
    newsdesk, repo = sys.argv[1], sys.argv[2]
    shared = sys.argv[3] if len(sys.argv) > 3 else None
    script = os.path.join(repo, "scripts", "pg_throwaway.sh")
    cluster = tempfile.mkdtemp(prefix="newsdesk-pg-")
    os.rmdir(cluster)
    start = run("sh", script, "start", cluster)
    if start.returncode != 0:
        print(f"skipped: no PostgreSQL server could be started: {start.stderr.strip()[-500:]}")
        return 1 if os.environ.get("NEWSDESK_REQUIRE_POSTGRESQL") else 77
    url = start.stdout.strip()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            inputs = [("sample", os.path.join(repo, "examples", "corpus"))]
            if shared and os.path.isdir(os.path.join(shared, "seeds")):
                inputs.append(("seeds", os.path.join(shared, "seeds")))
            for i, (name, path) in enumerate(inputs):
                db = f"{url.split('?')[0]}_{i}?{url.split('?')[1]}"
                created = run("psql", url, "-q", "-c", f"CREATE DATABASE newsdesk_{i}")
                check(created.returncode == 0, f"createdb: {created.stderr}")
                compare(newsdesk, name, path, os.path.join(tmp, f"{name}.db"), db)
            # one writer at a time: while another session holds the engine lock, ingest says so
            holder = subprocess.Popen(["psql", url, "-q", "-c", "SELECT pg_advisory_lock(1852077106)",
                                       "-c", "SELECT pg_sleep(20)"], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            try:
                import time
                for _ in range(100):
                    held = run("psql", url, "-tA", "-c", "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'")
                    if held.stdout.strip() not in ("", "0"):
                        break
                    time.sleep(0.1)
                p = run(newsdesk, "ingest", "--db", url, os.path.join(repo, "examples", "corpus"))
                check(p.returncode == 2 and "one writer at a time" in p.stderr,
                      f"a second writer was not refused: exit {p.returncode}: {p.stderr[-300:]}")
                r = run(newsdesk, "front", "--db", url)
                check(r.returncode == 0, f"a reader was blocked by the writer's lock: {r.stderr[-300:]}")
            finally:
                holder.kill()
                holder.wait()
            # a database that holds someone else's tables is not a store to write into
            run("psql", url, "-q", "-c", "CREATE DATABASE other")
            other = f"{url.split('?')[0].rsplit('/', 1)[0]}/other?{url.split('?')[1]}"
            run("psql", other, "-q", "-c", "CREATE TABLE payroll (name text)")
            p = run(newsdesk, "ingest", "--db", other, os.path.join(repo, "examples", "corpus"))
            check(p.returncode == 2 and "not a newsdesk store" in p.stderr,
                  f"a foreign database was not refused: exit {p.returncode}: {p.stderr[-300:]}")
    finally:
        run("sh", script, "stop", cluster)
    print(f"{0 if failures else 1} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
