#!/usr/bin/env python3
"""Golden tests: each folder under golden/ holds an input (input/) and a command line (cmd, with
INPUT standing for the input folder and REPO for the repository); the command's standard output must equal `expected`.
A folder may also hold `setup`: command lines run first, in order (a store to read, say), each of
which must succeed (exit 0), or the case fails without running cmd; there and in cmd, TMP stands
for a fresh temporary folder of the case.

usage: golden.py NEWSDESK GOLDEN_DIR [--update]   (--update rewrites `expected` files)"""
import os, shlex, shutil, subprocess, sys, tempfile


def main():
    newsdesk, root = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv
    passed = failed = 0
    for case in sorted(os.listdir(root)):
        folder = os.path.join(root, case)
        cmd_file = os.path.join(folder, "cmd")
        if not os.path.isfile(cmd_file):
            continue
        repo = os.path.dirname(os.path.dirname(os.path.abspath(root)))
        tmp = tempfile.mkdtemp(prefix="nd-golden-")

        def expand(line):
            return [a.replace("INPUT", os.path.join(folder, "input")).replace("REPO", repo).replace("TMP", tmp)
                    for a in shlex.split(line)]

        setup_file = os.path.join(folder, "setup")
        setup_failed = None
        if os.path.isfile(setup_file):
            for line in open(setup_file).read().splitlines():
                if line.strip():
                    p = subprocess.run([newsdesk] + expand(line), capture_output=True, text=True)
                    if p.returncode != 0:
                        setup_failed = f"setup `{line}` exited {p.returncode}: {p.stderr.strip()[-500:]}"
                        break
        if setup_failed:
            shutil.rmtree(tmp, ignore_errors=True)
            failed += 1
            print(f"FAIL {case}: {setup_failed}")
            continue
        out = subprocess.run([newsdesk] + expand(open(cmd_file).read()), capture_output=True, text=True).stdout
        shutil.rmtree(tmp, ignore_errors=True)
        expected_file = os.path.join(folder, "expected")
        if update:
            open(expected_file, "w").write(out)
        expected = open(expected_file).read() if os.path.exists(expected_file) else None
        if out == expected:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {case}: output differs from {expected_file}")
            for i, (g, e) in enumerate(zip(out.splitlines(), (expected or "").splitlines())):
                if g != e:
                    print(f"  line {i + 1}\n  got:  {g[:300]}\n  want: {e[:300]}")
                    break
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
