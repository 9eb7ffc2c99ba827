#!/usr/bin/env python3
"""Hostile input to the reader (issue 10): directory loops, special files, JSON Lines that used
to lose data without a word, UTF-16, and the cap on repeated diagnostics. Every input here is
written by the test itself.

usage: test_read_hostile.py NEWSDESK"""
import json, os, socket, subprocess, sys, tempfile, threading, time

failures = passes = 0


def check(cond, message):
    global failures, passes
    if cond:
        passes += 1
    else:
        failures += 1
        print("FAIL:", message)


def run(args, stdin=None, timeout=60):
    try:
        p = subprocess.run([NEWSDESK] + args, capture_output=True, text=True, input=stdin,
                           timeout=timeout, errors="replace")
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def ids_of(out):
    return [json.loads(l)["id"] for l in out.splitlines() if l.strip()]


def bodies(out):
    return {json.loads(l)["id"]: json.loads(l)["body"] for l in out.splitlines() if l.strip()}


def write(path, data):
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


def test_directory_loops(tmp):
    d = os.path.join(tmp, "loops")
    os.mkdir(d)
    os.symlink(".", os.path.join(d, "x"))
    os.symlink(".", os.path.join(d, "y"))
    write(os.path.join(d, "a.txt"), "Assad met Baqeri in Damascus on Tuesday.\n")
    start = time.monotonic()
    rc, out, err = run(["clean", "--json", d], timeout=30)
    took = time.monotonic() - start
    check(rc == 0, f"two-loop directory: exit {rc}, {err[:300]!r}")
    check(ids_of(out) == ["a"], f"two-loop directory reads a.txt once: {ids_of(out) if rc != 'timeout' else rc}")
    check(len(err.splitlines()) <= 4, f"two-loop directory: a few diagnostics, not millions: {len(err.splitlines())}")
    check(took < 10, f"two-loop directory finishes quickly (took {took:.2f} s; the bar is 1 s unloaded)")

    up = os.path.join(tmp, "up")
    os.makedirs(os.path.join(up, "l1"))
    os.symlink("..", os.path.join(up, "l1", "up"))
    write(os.path.join(up, "l1", "b.txt"), "One loop, one article.\n")
    rc, out, err = run(["clean", "--json", os.path.join(up, "l1")], timeout=30)
    check(ids_of(out) == ["b"], f"a link to the parent reads each file once: {ids_of(out)} {err!r}")

    # Two names of one file: read once.
    two = os.path.join(tmp, "twonames")
    os.mkdir(two)
    write(os.path.join(two, "c.txt"), "Read me once.\n")
    os.symlink("c.txt", os.path.join(two, "d.txt"))
    rc, out, err = run(["clean", "--json", two])
    check(ids_of(out) == ["c"], f"a file linked twice is read once: {ids_of(out)} {err!r}")

    self_loop = os.path.join(tmp, "selfloop")
    os.mkdir(self_loop)
    os.symlink("z.txt", os.path.join(self_loop, "z.txt"))
    rc, out, err = run(["clean", self_loop], timeout=30)
    check(rc == 1 and err.count("\n") == 1 and "symbolic links" in err, f"a link to itself: one message: {rc} {err!r}")


def test_special_files(tmp):
    d = os.path.join(tmp, "special")
    os.mkdir(d)
    os.mkfifo(os.path.join(d, "f.txt"))
    write(os.path.join(d, "g.txt"), "A plain article beside a FIFO.\n")
    sock = socket.socket(socket.AF_UNIX)
    sock_path = os.path.join(d, "s")
    sock.bind(sock_path)
    rc, out, err = run(["clean", "--json", d], timeout=20)
    check(rc != "timeout", "a FIFO in a directory does not hang the walk")
    check(rc == 1 and ids_of(out) == ["g"], f"the FIFO is skipped, the rest read: {rc} {out!r}")
    check("f.txt: a FIFO, not a regular file; skipped" in err, f"the FIFO is named: {err!r}")
    check("s: a socket, not a regular file; skipped" in err, f"the socket is named: {err!r}")
    sock.close()

    # A FIFO named on the command line is read as a stream, as the user asked.
    fifo = os.path.join(tmp, "named.fifo")
    os.mkfifo(fifo)

    def writer():
        with open(fifo, "w") as f:
            f.write('{"id": "piped", "text": "Through a FIFO."}\n')

    t = threading.Thread(target=writer)
    t.start()
    rc, out, err = run(["clean", "--json", fifo], timeout=20)
    t.join(5)
    check(rc == 0 and ids_of(out) == ["piped"], f"a FIFO named directly is read: {rc} {out!r} {err!r}")


def test_json_lines(tmp):
    p = os.path.join(tmp, "nul-escape.jsonl")
    write(p, '{"id":"a","text":"before\\u0000after"}\n{"id":"n","text":"x\\u0000y", "n": 1}\n')
    rc, out, err = run(["clean", "--json", p])
    b = bodies(out)
    check("after" in b.get("a", "") and "y" in b.get("n", ""), f"\\u0000 does not cut the string: {b}")
    check("\\u0000" in err and ":1:" in err, f"\\u0000 is reported with its line: {err!r}")

    p = os.path.join(tmp, "two-objects.jsonl")
    write(p, '{"id":"a","text":"first one"}{"id":"b","text":"second one"}\n{"id":"c","text":"x"} {"id":"d","text":"y"}\n')
    rc, out, err = run(["clean", "--json", p])
    check(ids_of(out) == ["a", "b", "c", "d"], f"two objects on one line are both read: {ids_of(out)} {err!r}")

    p = os.path.join(tmp, "junk.jsonl")
    write(p, '{"id":"a","text":"kept"} and then junk\n{"id":"b","text":"also kept"}\n')
    rc, out, err = run(["clean", "--json", p])
    check(rc == 1 and ids_of(out) == ["a", "b"], f"trailing junk: the object kept, exit 1: {rc} {ids_of(out)}")
    check(f"{p}:1: unexpected text after the JSON object at byte 25" in err, f"trailing junk named: {err!r}")

    p = os.path.join(tmp, "brackets.jsonl")
    write(p, "[\n" * 5000 + '{"id":"real","text":"The one article."}\n')
    rc, out, err = run(["clean", "--json", p])
    check(rc == 1 and ids_of(out) == ["real"], f".jsonl opening with '[' is still JSON Lines: {rc} {ids_of(out)[:3]}")
    check(f"{p}:1: not valid JSON" in err, f"its first bad line is named: {err[:200]!r}")

    p = os.path.join(tmp, "raw-nul.jsonl")
    write(p, b'{"id":"a","text":"good"}\n{"id":"b","text":"bad\x00byte"}\n{"id":"c","text":"good too"}\n')
    rc, out, err = run(["clean", "--json", p])
    check(rc == 1 and ids_of(out) == ["a", "c"], f"a raw NUL costs only its line: {rc} {ids_of(out)}")
    check(f"{p}:2: NUL byte at byte 21" in err, f"the NUL line is named: {err!r}")

    p = os.path.join(tmp, "long-id.jsonl")
    write(p, json.dumps({"id": "i" * 5000, "text": "long id"}) + "\n" +
          json.dumps({"id": "i" * 4096 + "j", "text": "another"}) + "\n" +
          json.dumps({"id": "ok", "text": "fine", "title": "t" * 5000}) + "\n")
    rc, out, err = run(["clean", "--json", p])
    check(rc == 1 and ids_of(out) == ["ok"], f"ids over 4096 bytes are refused, not cut: {rc} {ids_of(out)}")
    check(f'{p}:1: "id" longer than 4096 bytes; skipped' in err, f"the long id is reported: {err[:300]!r}")
    check(f'{p}:3: "title" longer than 4096 bytes; cut' in err, f"a cut title is reported: {err[:300]!r}")

    p = os.path.join(tmp, "same-id.jsonl")
    text = "The same words in both lines, long enough to be an exact copy of each other."
    write(p, json.dumps({"id": "a", "text": text}) + "\n" + json.dumps({"id": "a", "text": text}) + "\n")
    rc, out, err = run(["dedup", p])
    check(rc == 1 and out.strip() == "", f"the same id twice: no pair of the id with itself: {rc} {out!r}")
    check(f'{p}:2: id "a" was read before; skipped' in err, f"the repeated id is reported: {err!r}")

    # Ids from file names: the second a.txt becomes "a.txt", nothing lost.
    for sub in ("d1", "d2"):
        os.mkdir(os.path.join(tmp, sub))
        write(os.path.join(tmp, sub, "a.txt"), f"Text of {sub}.\n")
    rc, out, err = run(["clean", "--json", os.path.join(tmp, "d1"), os.path.join(tmp, "d2")])
    check(rc == 0 and ids_of(out) == ["a", "a.txt"], f"files of one name keep distinct ids: {rc} {ids_of(out)} {err!r}")


def test_encodings(tmp):
    html = ('<!DOCTYPE html><html><head><meta charset="utf-16"><title>Talks</title></head><body>'
            '<article><p>Assad met Baqeri in Damascus on Tuesday, officials said.</p>'
            '<p>The talks lasted three hours and covered the war in the north.</p></article></body></html>')
    for name, encoding in (("le.html", "utf-16-le"), ("be.html", "utf-16-be")):
        p = os.path.join(tmp, name)
        write(p, ("\ufeff" + html).encode(encoding))
        rc, out, err = run(["clean", "--json", p])
        b = bodies(out)
        body = next(iter(b.values()), "")
        check(rc == 0 and "Baqeri in Damascus" in body and "three hours" in body,
              f"UTF-16 HTML with a byte-order mark ({encoding}) is read: {rc} {body!r} {err!r}")
    p = os.path.join(tmp, "text16.txt")
    write(p, "\ufeffAssad met Baqeri. Caf\u00e9 and \U0001F600.".encode("utf-16-le"))
    rc, out, err = run(["clean", "--json", p])
    check(rc == 0 and bodies(out).get("text16") == "Assad met Baqeri. Caf\u00e9 and \U0001F600.",
          f"UTF-16 text with a byte-order mark is converted: {out!r} {err!r}")
    p = os.path.join(tmp, "jsonl16.jsonl")
    write(p, ("\ufeff" + '{"id":"u","text":"In UTF-16."}\n').encode("utf-16-be"))
    rc, out, err = run(["clean", "--json", p])
    check(rc == 0 and ids_of(out) == ["u"], f"UTF-16 JSON Lines: {out!r} {err!r}")
    p = os.path.join(tmp, "nobom.txt")
    write(p, "Assad met Baqeri in Damascus.".encode("utf-16-le"))
    rc, out, err = run(["clean", p])
    check(rc == 1 and "UTF-16 without a byte-order mark is not supported, convert to UTF-8" in err,
          f"UTF-16 without a mark says what it is: {err!r}")


def test_diagnostics_cap(tmp):
    p = os.path.join(tmp, "garbage.jsonl")
    write(p, "".join(f"not json at all {i}\n" for i in range(20000)))
    rc, out, err = run(["clean", p])
    lines = err.splitlines()
    check(rc == 1 and len(lines) == 21, f"20 diagnostics then one summary: {len(lines)} lines")
    check(lines and lines[-1] == f"newsdesk: {p}: ... and 19,980 more lines not valid JSON",
          f"the summary line: {lines[-1:]!r}")
    # The cap is per file: a second file gets its own first lines.
    q = os.path.join(tmp, "garbage2.jsonl")
    write(q, "".join(f"[{i}]\n" for i in range(30)))
    rc, out, err = run(["clean", p, q])
    check(sum(1 for l in err.splitlines() if l.startswith(f"newsdesk: {q}:") and "..." not in l) == 20 and
          f"newsdesk: {q}: ... and 10 more lines not a JSON object" in err, f"cap per file: {err[-300:]!r}")


def main():
    global NEWSDESK
    NEWSDESK = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        test_directory_loops(tmp)
        test_special_files(tmp)
        test_json_lines(tmp)
        test_encodings(tmp)
        test_diagnostics_cap(tmp)
    print(f"{passes} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
