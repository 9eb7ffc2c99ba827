#!/usr/bin/env python3
"""expect_hash.py: runs a benchmark and compares the hash it prints ("hash=HEX" on its RESULT
line) with the one recorded in EXPECTED_FILE, so that a change of its output fails the test.
A change that is meant (the output of the measured code changed on purpose) records the new
hash: run with --update.

usage: expect_hash.py EXPECTED_FILE [--update] -- COMMAND [ARGS...]"""
import re
import subprocess
import sys


def main():
    argv = sys.argv[1:]
    if "--" not in argv or not argv[0] or argv[0] == "--":
        print(__doc__)
        return 2
    split = argv.index("--")
    expected_file, update, command = argv[0], "--update" in argv[:split], argv[split + 1:]
    p = subprocess.run(command, capture_output=True, text=True)
    hashes = re.findall(r"\bhash=([0-9a-f]+)", p.stdout)
    if p.returncode != 0 or not hashes:
        print(f"FAIL: {' '.join(command)} exited {p.returncode} with {len(hashes)} hash(es)\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
        return 1
    got = hashes[-1]
    if update:
        open(expected_file, "w").write(f"hash={got}\n")
        print(f"recorded hash={got} in {expected_file}")
        return 0
    want = open(expected_file).read().strip().removeprefix("hash=")
    if got != want:
        print(f"FAIL: hash={got}, {expected_file} records hash={want}: the benchmark's output changed")
        return 1
    print(f"hash={got} as recorded in {expected_file}\n1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
