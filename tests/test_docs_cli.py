#!/usr/bin/env python3
"""The command line as the man page and the README tell it, checked against the binary.

- groff -man -ww -z on docs/man/newsdesk.1 prints no warning; man -l renders it without a word
  on standard error (when man is installed).
- Rendered, the SYNOPSIS has one entry per command (each starts "newsdesk COMMAND"), in the
  order `newsdesk --help` lists the commands; COMMANDS has one section (.SS) per command, in
  that order, and each section names every long option of the command's --help.
- The README's usage block lists every command once, in the same order, and --version/--help
  once.

usage: test_docs_cli.py NEWSDESK REPO"""
import os
import re
import shutil
import subprocess
import sys

from checks import check, report


def commands_of(newsdesk):
    out = subprocess.run([newsdesk, "--help"], capture_output=True, text=True).stdout
    block = out.split("commands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines() if line.strip()]


def long_options(newsdesk, command):
    out = subprocess.run([newsdesk, command, "--help"], capture_output=True, text=True).stdout
    options = set(re.findall(r"(?<![\w-])--([a-z][a-z-]*)", out))
    return options - {"help"}


def man_sections(source):
    """{section name: source text} for the .SS sections under .SH COMMANDS, in order."""
    commands = source.split("\n.SH COMMANDS\n", 1)[1].split("\n.SH ", 1)[0]
    parts = re.split(r"^\.SS (.+)$", commands, flags=re.M)
    return [(parts[i].strip().strip('"'), parts[i + 1]) for i in range(1, len(parts), 2)]


def rendered(man_page):
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
    if shutil.which("man"):
        p = subprocess.run(["man", "-l", man_page], capture_output=True, text=True, env=env)
        check(p.returncode == 0 and not p.stderr.strip(), f"man -l renders the page quietly: {p.stderr[:500]!r}")
    else:
        print("note: man is not installed; rendering with groff alone")
        p = subprocess.run(["groff", "-man", "-Tutf8", "-rLL=80n", "-P-cbou", man_page], capture_output=True,
                           text=True, env=env)
    return re.sub(r".\x08", "", p.stdout)


def main():
    newsdesk, repo = sys.argv[1], sys.argv[2]
    man_page = os.path.join(repo, "docs", "man", "newsdesk.1")
    commands = commands_of(newsdesk)
    check(len(commands) >= 16, f"newsdesk --help lists the commands: {commands}")

    if not shutil.which("groff"):
        print("FAIL: groff is not installed (scripts/setup.sh --test installs groff-base)")
        return 1
    p = subprocess.run(["groff", "-man", "-ww", "-z", man_page], capture_output=True, text=True)
    check(p.returncode == 0 and p.stderr == "", f"groff -ww -z prints no warning: {p.stderr[:1000]!r}")

    text = rendered(man_page)
    synopsis = text.split("\nSYNOPSIS\n", 1)[1].split("\nDESCRIPTION\n", 1)[0]
    entries = [line.strip() for line in synopsis.splitlines() if line.startswith(" " * 7 + "newsdesk")]
    named = [e.split()[1] for e in entries if len(e.split()) > 1 and not e.split()[1].startswith("[")]
    named = [n for n in named if n != "help"]
    check(named == commands, f"SYNOPSIS: one entry per command in --help's order: {named} vs {commands}")
    for e in entries:
        rest = e.split()[2:] if len(e.split()) > 1 and e.split()[1] in commands else []
        check(not any(word in commands for word in rest),
              f"SYNOPSIS entry runs into another command: {e!r}")

    source = open(man_page, encoding="utf-8").read()
    sections = man_sections(source)
    check([name for name, _ in sections] == commands,
          f"COMMANDS: one section per command in --help's order: {[n for n, _ in sections]}")
    by_name = dict(sections)
    # the story options are written once, in the cluster section, and apply to stories and eval
    story_options = set(re.findall(r"\\-\\-([a-z][a-z\\-]*)", by_name.get("cluster", "")))
    story_options = {o.replace("\\-", "-") for o in story_options}
    for command in commands:
        body = by_name.get(command, "").replace("\\-", "-")
        named_here = set(re.findall(r"--([a-z][a-z-]*)", body))
        if command in ("stories", "eval"):
            named_here |= story_options
        missing = sorted(long_options(newsdesk, command) - named_here)
        check(not missing, f"man page section {command} names every option of its --help: missing {missing}")
    rendered_commands = text.split("\nCOMMANDS\n", 1)[1].split("\nOPTIONS\n", 1)[0]
    headings = re.findall(r"^ {3}(\S+)\s*$", rendered_commands, flags=re.M)
    check(headings == commands, f"rendered COMMANDS headings: {headings}")

    readme = open(os.path.join(repo, "README.md"), encoding="utf-8").read()
    usage = readme.split("\n## Usage\n", 1)[1].split("\n## ", 1)[0]
    # the first code block of the section (indented lines, blank lines inside allowed)
    block, started = [], False
    for line in usage.splitlines():
        if line.startswith("    "):
            started = True
            block.append(line.strip())
        elif line.strip() and started:
            break
    entries = [line for line in block if line.startswith("newsdesk ")]
    listed = [line.split()[1] for line in entries if not line.split()[1].startswith(("-", "["))]
    listed = [n for n in listed if n != "help"]
    check(listed == commands, f"README usage block lists every command once in --help's order: {listed}")
    check(sum("--version" in line for line in entries) == 1, "README usage gives --version once")
    rest = usage[usage.find(block[-1]) + len(block[-1]):] if block else usage
    later = [line.split()[1] for line in rest.splitlines() if re.match(r"^    newsdesk [a-z]+ \[", line)]
    check(not later, f"every command's usage is in the one block, not further down: {later}")
    return report()


if __name__ == "__main__":
    sys.exit(main())
