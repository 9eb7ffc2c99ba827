#!/usr/bin/env python3
"""Article-body extraction on the hand-marked pages of ../shared/data/extraction: runs
`newsdesk clean --json` over the HTML pages and scores the bodies with the benchmark's own tool.
Fails below the issue's bar (F1 0.95) or more than 0.01 below the figure recorded in
docs/accuracy.md's extraction table (RECORDED below). Exits 77 when ../shared is absent.

usage: test_extraction.py NEWSDESK SHARED_DIR"""
import json, os, subprocess, sys, tempfile

BAR = 0.95
RECORDED = 0.984  # docs/html.md, measured with this same command (newsdesk clean --json)


def main():
    newsdesk, shared = sys.argv[1], sys.argv[2]
    folder = os.path.join(shared, "data", "extraction")
    if not os.path.isdir(os.path.join(folder, "html")):
        print(f"skipped: {folder} is absent (needs ../shared beside the repository)")
        return 77
    out = subprocess.run([newsdesk, "clean", "--json", os.path.join(folder, "html")],
                         capture_output=True, text=True)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write(out.stdout)
        predicted = f.name
    score = subprocess.run([sys.executable, os.path.join(shared, "tools", "score_extraction.py"),
                            os.path.join(folder, "gold.jsonl"), predicted, "--json"],
                           capture_output=True, text=True)
    os.unlink(predicted)
    print(score.stdout.strip())
    result = json.loads(score.stdout)
    f1 = result["f1"]
    floor = max(BAR, RECORDED - 0.01)
    ok = f1 >= floor
    print(f"extraction F1 {f1:.3f} (floor {floor:.3f})")
    print(f"{1 if ok else 0} passed, {0 if ok else 1} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
