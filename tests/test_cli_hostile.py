#!/usr/bin/env python3
"""The command line as people expect it (issue 10): getopt_long conventions on every command,
short usage errors, --save checked before the work, --gazetteer none, --load refused with other
options or impossible counters, the gazetteer installed and missed out loud, and linear time on
pathological JSON Lines (a growth ratio, as cmark's pathological tests). Inputs are our own.

usage: test_cli_hostile.py NEWSDESK BUILD_DIR DATA_DIR"""
import json, os, shutil, subprocess, sys, tempfile, time

from checks import check, report


def run(args, stdin=None, env=None, exe=None, timeout=120, cwd=None):
    p = subprocess.run([exe or NEWSDESK] + args, capture_output=True, text=True, input=stdin,
                       env=env, timeout=timeout, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


ARTICLES = [
    {"id": "a1", "published": "2024-05-01", "source": "one.example",
     "text": "The harbour bridge in Port Adler was closed on Monday after storm winds damaged its deck, officials said."},
    {"id": "a2", "published": "2024-05-01", "source": "two.example",
     "text": "Storm winds damaged the deck of the Port Adler harbour bridge, which officials closed on Monday."},
    {"id": "a3", "published": "2024-05-03", "source": "one.example",
     "text": "Wheat farmers in the northern valley began their harvest two weeks early because of the heat."},
]

COMMANDS = ("clean", "dedup", "extract", "cluster", "stories", "eval", "ingest", "export", "front", "story",
            "storyline", "entity", "search", "serve", "watch", "feeds")


def test_conventions(tmp, feed):
    for command in COMMANDS:
        rc, out, err = run([command, "--help"])
        check(rc == 0 and out.startswith(f"usage: newsdesk {command}") and err == "",
              f"{command} --help: full help on standard output")
        rc, out, err = run([command, "--no-such-option", feed])
        lines = err.splitlines()
        check(rc == 2 and out == "", f"{command}: unknown option exits 2 with nothing on stdout")
        check(lines and lines[0] == f"newsdesk {command}: unknown option '--no-such-option' (or a prefix of more than one)",
              f"{command}: says what is wrong first: {lines[:1]}")
        check(len(lines) <= 4 and lines[-1] == f"Try 'newsdesk {command} --help' for more information.",
              f"{command}: a short usage and a pointer to --help, not the whole help: {len(lines)} lines")
        rc, _, err = run([command, "-q", feed])
        check(rc == 2 and f"newsdesk {command}: unknown option '-q'" in err, f"{command}: unknown short option")
    # Options after the paths, --opt=value, and --.
    rc, out, err = run(["clean", feed, "--json"])
    check(rc == 0 and [json.loads(l)["id"] for l in out.splitlines()] == ["a1", "a2", "a3"],
          f"an option after the path is an option: {rc} {err!r}")
    rc, out, err = run(["dedup", feed, "--threshold=0.5", "--min-words=3"])
    check(rc == 0 and "error" not in err, f"--threshold=0.5 and --min-words=3 are taken: {rc} {err!r}")
    rc, out, err = run(["dedup", "--thr", "0.5", feed])
    check(rc == 0, f"a unique prefix of a long option is taken: {rc} {err!r}")
    dashed = os.path.join(tmp, "-dashed.txt")
    with open(dashed, "w") as f:
        f.write("A file whose name begins with a dash.\n")
    rc, out, err = run(["clean", "--json", "--", "-dashed.txt"], cwd=tmp)
    check(rc == 0 and json.loads(out)["id"] == "-dashed", f"-- ends the options: {rc} {out!r} {err!r}")
    rc, _, err = run(["dedup", "--threshold", "2", feed])
    check(rc == 2 and "--threshold takes a number in (0, 1], not '2'" in err, f"bad value named: {err!r}")
    rc, _, err = run(["dedup", feed, "--threshold"])
    check(rc == 2 and "option '--threshold' needs a value" in err, f"missing value: {err!r}")
    rc, _, err = run(["clean", "--json=yes", feed])
    check(rc == 2 and "option '--json' takes no value" in err, f"value for a flag: {err!r}")
    rc, _, err = run(["cluster", "--threshold=0.5"])
    check(rc == 2 and "no PATH given" in err and len(err.splitlines()) <= 4, f"no path: short usage: {err!r}")
    rc, _, err = run(["frobnicate"])
    check(rc == 2 and "unknown command 'frobnicate'" in err and len(err.splitlines()) <= 4, f"unknown command: {err!r}")
    db = os.path.join(tmp, "conventions.db")
    rc, _, err = run(["ingest", f"--db={db}", "--gazetteer=none", feed])
    check(rc == 0, f"ingest --db=PATH: {rc} {err!r}")
    rc, out, err = run(["front", f"--db={db}", "--limit=2"])
    check(rc == 0 and out.strip() != "", f"front --db=PATH --limit=2: {rc} {err!r}")
    rc, out, err = run(["front", "--lim", "1", f"--db={db}", "--json"])
    check(rc == 0 and out.lstrip().startswith("{"), f"front: a unique prefix, options in any order: {rc} {err!r}")
    rc, out, err = run(["front", f"--db={db}", "--json=yes"])
    check(rc == 2 and "option '--json' takes no value" in err, f"front --json=yes refused: {rc} {err!r}")
    rc, out, _ = run(["help", "dedup"])
    check(rc == 0 and out.startswith("usage: newsdesk dedup"), "newsdesk help COMMAND")


def test_save_and_load(tmp, feed):
    start = time.monotonic()
    rc, out, err = run(["cluster", "--save", "/nonexistent/x", feed])
    check(rc == 2 and out == "" and "--save /nonexistent/x: no directory /nonexistent" in err,
          f"--save into a missing directory fails before the work: {rc} {out!r} {err!r}")
    rc, out, err = run(["cluster", "--save", tmp, feed])
    check(rc == 2 and out == "" and "is a directory" in err, f"--save onto a directory: {err!r}")

    state = os.path.join(tmp, "run1.state")
    rc, out, err = run(["cluster", "--gazetteer", "none", "--save", state, feed])
    check(rc == 0 and os.path.exists(state), f"save: {rc} {err!r}")
    check(f"saved the story state (" in err and state in err, f"--save says what it wrote: {err!r}")
    rc, out, err = run(["cluster", "--gazetteer", "none", "--load", state, feed])
    check(rc == 0 and len(out.splitlines()) == 3, f"load with the same options: {rc} {err!r}")
    rc, out, err = run(["cluster", "--gazetteer", "none", "--threshold", "0.35", "--load", state, feed])
    check(rc == 2 and out == "" and "saved with --threshold 0.2" in err and "this run has 0.35" in err,
          f"--load with another --threshold is refused, naming it: {err!r}")
    rc, out, err = run(["cluster", "--no-entities", "--load", state, feed])
    check(rc == 2 and "--no-entities" in err, f"--load with --no-entities is refused, naming it: {err!r}")
    rc, out, err = run(["cluster", "--gazetteer", "none", "--all-entities", "--load", state, feed])
    check(rc == 2 and "--all-entities" in err, f"--load with --all-entities is refused: {err!r}")

    with open(state) as f:
        lines = f.read().split("\n")
    fields = lines[1].split()
    check(fields[0] == "counters", f"the counters row: {lines[1]!r}")
    for name, counters in (("huge", ["999999999999", "999999999999"]), ("beyond-articles", ["999999999999", fields[2]])):
        bad = os.path.join(tmp, f"{name}.state")
        with open(bad, "w") as f:
            f.write("\n".join([lines[0], " ".join(["counters"] + counters + fields[3:])] + lines[2:]))
        rc, out, err = run(["cluster", "--gazetteer", "none", "--load", bad, feed])
        check(rc == 2 and out == "" and f"--load {bad}" in err and "line 2" in err,
              f"a story counter of 999999999999 ({name}) is refused, naming the line: {err!r}")
    old = os.path.join(tmp, "old.state")
    with open(old, "w") as f:
        f.write("\n".join(["newsdesk-cluster-state 1"] + lines[1:2] + lines[3:]))
    rc, _, err = run(["cluster", "--gazetteer", "none", "--load", old, feed])
    check(rc == 2 and "another version" in err, f"a state of another version says so: {err!r}")


def test_gazetteer(tmp, feed, build_dir, data_dir):
    for command in ("cluster", "stories", "extract"):
        rc, out, err = run([command, "--gazetteer", "none", feed])
        check(rc == 0 and err == "", f"{command} --gazetteer none works without a word: {rc} {err!r}")
    rc, out, err = run(["eval", "--gazetteer", "none", "--gold", feed, feed])
    check("gazetteer" not in err, f"eval --gazetteer none: {err!r}")
    rc, _, err = run(["cluster", "--gazetteer", os.path.join(tmp, "missing.tsv"), feed])
    check(rc == 2 and "--gazetteer" in err and "missing.tsv" in err, f"an explicit missing gazetteer fails: {err!r}")

    # A copy of the executable alone, with no gazetteer beside it: the story commands say so.
    alone = os.path.join(tmp, "alone")
    os.mkdir(alone)
    exe = os.path.join(alone, "newsdesk")
    shutil.copy(NEWSDESK, exe)
    env = {k: v for k, v in os.environ.items() if k != "NEWSDESK_GAZETTEER"}
    installed = os.path.exists(os.path.join(data_dir, "places.tsv"))
    for command in ("cluster", "stories"):
        rc, out, err = run([command, feed], env=env, exe=exe)
        if installed:
            check(rc == 0 and "no gazetteer" not in err, f"{command} finds the installed gazetteer in {data_dir}")
        else:
            check(rc == 0 and f"newsdesk {command}: no gazetteer found" in err,
                  f"{command} without a gazetteer says so on standard error: {err!r}")
    env_missing = dict(env, NEWSDESK_GAZETTEER=os.path.join(tmp, "nowhere.tsv"))
    rc, out, err = run(["cluster", feed], env=env_missing, exe=exe)
    check(rc == 0 and "NEWSDESK_GAZETTEER" in err, f"a NEWSDESK_GAZETTEER that does not load is reported: {err!r}")

    # make install puts the gazetteer in share/newsdesk, where the installed binary finds it.
    # Without build/gazetteer/places.tsv the install still runs: it warns, and the installed
    # binary says it has no gazetteer (both are checked, so neither case passes unchecked).
    gazetteer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build", "gazetteer", "places.tsv")
    have_gazetteer = os.path.exists(gazetteer)
    prefix = os.path.join(tmp, "prefix")
    p = subprocess.run(["cmake", "--install", build_dir, "--prefix", prefix], capture_output=True, text=True)
    placed = os.path.join(prefix, "share", "newsdesk", "places.tsv")
    check(p.returncode == 0, f"cmake --install succeeds: {p.stderr[-300:]!r}")
    man = subprocess.run(["sh", "-c", f"ls {prefix}/share/man/man1/newsdesk.1"], capture_output=True)
    check(man.returncode == 0, "the man page is installed")
    installed_exe = os.path.join(prefix, "bin", "newsdesk")
    rc, with_out, err = run(["cluster", feed], env=env, exe=installed_exe)
    if have_gazetteer:
        check(os.path.exists(placed), "cmake --install installs the gazetteer")
        check(rc == 0 and "no gazetteer" not in err, f"the installed cluster finds its gazetteer: {err!r}")
    else:
        print("note: no build/gazetteer/places.tsv (scripts/gazetteer.sh): the install without one is checked")
        check(not os.path.exists(placed) and "no gazetteer" in (p.stdout + p.stderr),
              f"cmake --install warns that there is no gazetteer: {(p.stdout + p.stderr)[-300:]!r}")
        check(rc == 0 and "newsdesk cluster: no gazetteer found" in err,
              f"the installed cluster says it has no gazetteer: {err!r}")
    rc, without_out, _ = run(["cluster", "--gazetteer", "none", feed], env=env, exe=installed_exe)
    check(rc == 0, "installed cluster --gazetteer none")


def time_of(args, path):
    best = None
    for _ in range(2):
        start = time.monotonic()
        subprocess.run([NEWSDESK] + args + [path], capture_output=True)
        took = time.monotonic() - start
        best = took if best is None else min(best, took)
    return best


def growth(tmp, name, make, args, floor=0.15):
    """Time at n and 4n (n grown until the small run takes `floor` seconds); the ratio of a
    linear reader is about 4, of a quadratic one 16."""
    n = 2000
    while True:
        small = os.path.join(tmp, f"small-{name}")
        with open(small, "w") as f:
            f.write(make(n))
        t_small = time_of(args, small)
        if t_small >= floor or n >= 512000:
            break
        n *= 2
    big = os.path.join(tmp, f"big-{name}")
    with open(big, "w") as f:
        f.write(make(4 * n))
    t_big = time_of(args, big)
    return n, t_small, t_big


def test_pathological(tmp):
    cases = [
        ("many-objects-one-line.jsonl",
         lambda n: "".join('{"id":"i%d","text":"w%d"}' % (i, i) for i in range(n)) + "\n", ["clean", "--json"]),
        ("garbage-lines.jsonl", lambda n: "[\n" * (4 * n), ["clean"]),
        ("junk-after-objects.jsonl",
         lambda n: "".join('{"id":"j%d","text":"x"} junk\n' % i for i in range(n)), ["clean", "--json"]),
        ("repeated-ids.jsonl", lambda n: '{"id":"same","text":"t"}\n' * n, ["clean"]),
    ]
    for name, make, args in cases:
        n, t_small, t_big = growth(tmp, name, make, args)
        ratio = t_big / max(t_small, 1e-3)
        # 4x the input within 10x the time (linear: ~4; quadratic: ~16), slack for a loaded machine.
        check(ratio < 10, f"{name}: linear time: n={n} {t_small:.3f} s, 4n {t_big:.3f} s, ratio {ratio:.1f}")
        print(f"{name}: n={n} {t_small:.3f} s, 4n {t_big:.3f} s, ratio {ratio:.2f}")


def main():
    global NEWSDESK
    NEWSDESK, build_dir, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    with tempfile.TemporaryDirectory() as tmp:
        feed = os.path.join(tmp, "feed.jsonl")
        with open(feed, "w") as f:
            f.write("".join(json.dumps(a) + "\n" for a in ARTICLES))
        test_conventions(tmp, feed)
        test_save_and_load(tmp, feed)
        test_gazetteer(tmp, feed, build_dir, data_dir)
        test_pathological(tmp)
    return report()


if __name__ == "__main__":
    sys.exit(main())
