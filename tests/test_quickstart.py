#!/usr/bin/env python3
"""A newcomer's first minutes, in a fresh clone: `git clone` of the repository (what is
committed) into a temporary folder, `make run` there with the package step skipped (SETUP=true:
the packages are this machine's already), then every command's --help, and the README's quick
start commands one by one (`newsdesk serve` until it answers /healthz and the front page).

usage: test_quickstart.py REPO [JOBS]"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from checks import check, report


def readme_commands(readme):
    """The command lines of the README's quick start ("    newsdesk ..."), comments dropped."""
    quick = readme.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    lines = []
    for line in quick.splitlines():
        m = re.match(r"^    (newsdesk \S.*?)\s*(#.*)?$", line)
        if m:
            lines.append(m.group(1).split())
    return lines


def main():
    repo, jobs = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "2"
    tmp = tempfile.mkdtemp(prefix="nd-quickstart-")
    try:
        clone = os.path.join(tmp, "newsdesk")
        p = subprocess.run(["git", "clone", "--quiet", repo, clone], capture_output=True, text=True)
        if not check(p.returncode == 0, f"git clone: {p.stderr}"):
            return report()
        start = time.monotonic()
        p = subprocess.run(["make", "run", "SETUP=true", f"JOBS={jobs}"], cwd=clone, capture_output=True,
                           text=True, timeout=1500)
        took = time.monotonic() - start
        print(f"make run in the fresh clone: exit {p.returncode}, {took:.0f} s")
        check(p.returncode == 0, f"make run exits 0: {p.stderr[-2000:]}")
        check(re.search(r"^ingest: read 6, added 6,", p.stdout, flags=re.M) is not None,
              f"make run ingests the sample corpus: {p.stdout[:500]!r}")
        check("\n" in p.stdout and len(p.stdout.splitlines()) > 3, "and prints a front page")
        newsdesk = os.path.join(clone, "build", "newsdesk")
        if not check(os.path.exists(newsdesk), "make run built build/newsdesk"):
            return report()

        usage = subprocess.run([newsdesk, "--help"], capture_output=True, text=True)
        check(usage.returncode == 0 and usage.stdout.startswith("usage: newsdesk"), "newsdesk --help")
        commands = [line.split()[0] for line in usage.stdout.split("commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
                    if line.strip()]
        check(len(commands) >= 16, f"the commands: {commands}")
        for command in commands:
            for args in ([command, "--help"], ["help", command]):
                h = subprocess.run([newsdesk] + args, capture_output=True, text=True)
                check(h.returncode == 0 and h.stdout.startswith(f"usage: newsdesk {command}") and not h.stderr,
                      f"newsdesk {' '.join(args)}: exit {h.returncode}, {h.stdout[:80]!r} {h.stderr[:200]!r}")
        v = subprocess.run([newsdesk, "--version"], capture_output=True, text=True)
        check(v.returncode == 0 and re.match(r"newsdesk \d+\.\d+\.\d+\n", v.stdout), f"--version: {v.stdout!r}")

        lines = readme_commands(open(os.path.join(clone, "README.md"), encoding="utf-8").read())
        check(len(lines) >= 3 and any(l[1] == "ingest" for l in lines), f"the README's quick start: {lines}")
        for line in lines:
            args = [newsdesk] + line[1:]
            if line[1] == "serve":
                server = subprocess.Popen(args + ["--port", "0"], cwd=clone, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True)
                try:
                    first = server.stdout.readline()
                    m = re.search(r"http://[\d.]+:(\d+)/", first)
                    check(m is not None, f"serve says where it listens: {first!r}")
                    if m:
                        base = f"http://127.0.0.1:{m.group(1)}"
                        with urllib.request.urlopen(base + "/healthz", timeout=30) as r:
                            check(r.status == 200, "serve answers /healthz")
                        with urllib.request.urlopen(base + "/", timeout=30) as r:
                            page = r.read().decode("utf-8", "replace")
                            check(r.status == 200 and "<html" in page, "serve answers the front page")
                finally:
                    server.terminate()
                    server.wait(timeout=30)
                continue
            r = subprocess.run(args, cwd=clone, capture_output=True, text=True, timeout=300)
            check(r.returncode == 0 and r.stdout.strip(), f"{' '.join(line)}: exit {r.returncode}, "
                                                           f"{r.stdout[:200]!r} {r.stderr[-300:]!r}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report()


if __name__ == "__main__":
    sys.exit(main())
