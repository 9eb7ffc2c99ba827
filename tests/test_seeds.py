#!/usr/bin/env python3
"""The seed test: runs the CLI on ../shared/seeds and checks it against gold.json.

usage: test_seeds.py NEWSDESK SHARED_DIR

- dedup: exactly one pair, 000 and 002, relation "passages", with exactly the shared passages
  gold.json lists (compared word for word) and offsets that point at them;
- clean: every piece gold.json marks as boilerplate is gone and nothing else is: the words of
  title + body equal the words of the report with its boilerplate taken out.
Exits 77 (skipped) with a message when the shared folder is absent."""
import json, os, re, subprocess, sys

failures = 0


def check(cond, message):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", message)
    return cond


def words(text):
    return re.findall(r"\w+", text.lower())


def run(*args):
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def without_boilerplate(text, items):
    """The report with each gold boilerplate item removed, items read as gold.json words them."""
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}", "", text)
    for item in items:
        quoted = re.findall(r"'([^']+)'", item)
        if item.startswith("everything from"):
            cut = text.find(quoted[0])
            check(cut >= 0, f"gold item not found: {item}")
            text = text[:cut]
        elif item.startswith("the paragraph beginning"):
            start = text.find(quoted[0])
            end = text.find("\n", start)
            text = text[:start] + (text[end:] if end >= 0 else "")
        elif item.startswith("the two caption lines"):
            lines = text.split("\n")
            for q in quoted:
                lines.remove(q)
            text = "\n".join(lines)
        else:
            at = text.rfind(item) if item != "Media Wire" else text.find(item)
            check(at >= 0, f"gold item not found: {item}")
            text = text[:at] + text[at + len(item):]
    return text


def main():
    newsdesk, shared = sys.argv[1], sys.argv[2]
    seeds = os.path.join(shared, "seeds")
    if not os.path.isfile(os.path.join(seeds, "gold.json")):
        print(f"skipped: {seeds} is absent (the seed test needs ../shared beside the repository)")
        return 77
    gold = json.load(open(os.path.join(seeds, "gold.json"), encoding="utf-8"))

    # dedup
    rc, out, err = run(newsdesk, "dedup", seeds)
    check(rc == 0, f"dedup exit status {rc}: {err}")
    pairs = [json.loads(line) for line in out.splitlines() if line.strip()]
    check(len(pairs) == 1, f"expected exactly one pair, got {len(pairs)}: {[(p['a'], p['b']) for p in pairs]}")
    want = gold["shared_passages"][0]
    clean = {}
    rc, out, err = run(newsdesk, "clean", "--json", "--show-removed", seeds)
    check(rc == 0, f"clean exit status {rc}: {err}")
    for line in out.splitlines():
        row = json.loads(line)
        clean[row["id"]] = row
    if pairs:
        p = pairs[0]
        check(sorted([p["a"], p["b"]]) == sorted(want["articles"]), f"pair is {p['a']}, {p['b']}")
        check(p["relation"] == "passages", f"relation {p['relation']}")
        check(p["first"] == "000_ca04d58ce0d6fb8a", f"first is {p['first']}")
        got = [words(x["text"]) for x in p["passages"]]
        check(got == [words(x) for x in want["passages"]],
              "passages differ:\n  got  %s\n  want %s" % ([x["text"] for x in p["passages"]], want["passages"]))
        for x in p["passages"]:
            a_text = clean[p["a"]]["body"].encode()[x["a"][0]:x["a"][1]].decode()
            b_text = clean[p["b"]]["body"].encode()[x["b"][0]:x["b"][1]].decode()
            check(words(a_text) == words(x["text"]) == words(b_text), f"offsets do not hold the passage: {x}")
            check(x["words"] == len(words(x["text"])), f"word count {x['words']}")

    # clean
    for article_id, info in gold["articles"].items():
        raw = open(os.path.join(seeds, article_id + ".txt"), encoding="utf-8").read()
        expected = words(without_boilerplate(raw, info["boilerplate"]))
        row = clean.get(article_id)
        if not check(row is not None, f"{article_id} not read"):
            continue
        got = words(row["title"] + "\n" + row["body"])
        if not check(got == expected, f"{article_id}: clean text differs from gold"):
            for i, (g, e) in enumerate(zip(got, expected)):
                if g != e:
                    print(f"  first difference at word {i}: got {got[i:i+8]} want {expected[i:i+8]}")
                    break
            else:
                print(f"  lengths {len(got)} vs {len(expected)}: tail got {got[-8:]} want {expected[-8:]}")
        check(row["published"] == info["published"], f"{article_id}: published {row['published']}")
        check("Amirabdollahian" not in row["body"], f"{article_id}: boilerplate name left in body")

    print(f"{0 if failures else 1} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
