#!/usr/bin/env python3
"""check_layers.py: the shape of src/ that docs/architecture.md describes, checked.

Data flows one way through the layers

    base < read < article < stages < engine < store < serve

(src/base; src/read; src/article*, reader.c and options.c; src/stages; src/engine.*; src/store
and src/pipeline.c; src/serve). A file may include the headers of its own layer and of the layers
before it, never of a later one; within src/stages a stage may include only stages that run
before it (STAGE_ORDER) or itself. On top of that:

  - no include cycle among the modules of src/ (a module: the files of one folder whose names
    share their first word, before any "_", as html.c, html_walk.c and html_page.h; in
    src/stages, the files of one group of STAGE_ORDER, as cluster.c and story_state.c);
  - no stage includes engine.h or store.h;
  - only src/store speaks SQL (<sqlite3.h>, <libpq-fe.h>);
  - no src/ file is over MAX_LINES lines (reported; a failure only with --enforce-lines).

Known violations that someone is removing are listed in tools/layers_known.txt, one
"RULE FILE -> TARGET" line each: they are reported but not failures; a listed line that no
longer occurs is reported as FIXED (delete it). Any other violation fails.

usage: check_layers.py REPO [--enforce-lines] [--lines-only]
       check_layers.py REPO --self-test   (a copy of src/ with one violation of each rule must fail)
Exit 0 when the shape holds, 1 with one line per violation."""
import os
import re
import sys

LAYERS = ["base", "read", "article", "stages", "engine", "store", "serve"]
FOLDER_LAYER = {"base": "base", "read": "read", "stages": "stages", "store": "store", "serve": "serve"}
TOP_LAYER = {"article": "article", "desk": "article", "reader": "article", "options": "article",
             "ingest": "article", "engine": "engine", "pipeline": "store", "story": "store"}
# The stages in the order an article meets them; a name matches its files by prefix (cluster.c,
# cluster_state.c), the longest prefix first. Helpers a stage uses come before it.
STAGE_ORDER = [
    ["analyse", "tokens", "text"],
    ["clean", "templates"],
    ["dedup", "copies", "passages"],
    ["gazetteer", "tagger", "lexicon"],
    ["extract", "names", "mentions", "dates", "quotes", "cites", "entities"],
    ["story_model"],
    ["cluster", "stories", "story"],
    ["summarise", "summary", "hot"],
]
FORBIDDEN_IN_STAGES = {"engine.h", "store.h", "store_views.h"}
SQL_HEADERS = {"sqlite3.h", "libpq-fe.h"}
MAX_LINES = 1200

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def stage_rank(name):
    best, rank = 0, None
    for r, names in enumerate(STAGE_ORDER):
        for prefix in names:
            if (name == prefix or name.startswith(prefix + "_")) and len(prefix) > best:
                best, rank = len(prefix), r
    return rank


def stem_of(rel):
    return os.path.splitext(os.path.basename(rel))[0]


def layer_of(rel):
    parts = rel.split("/")
    if len(parts) >= 3:
        return FOLDER_LAYER.get(parts[1])
    return TOP_LAYER.get(stem_of(rel).split("_")[0])


def module_of(rel):
    """A stage's module is its group in STAGE_ORDER (cluster.c and story_state.c are one story
    clusterer); elsewhere the folder and the name's first word."""
    parts = rel.split("/")
    folder = parts[1] if len(parts) >= 3 else ""
    if folder == "stages":
        rank = stage_rank(stem_of(rel))
        if rank is not None:
            return "stages/" + STAGE_ORDER[rank][0]
    family = stem_of(rel).split("_")[0]
    return f"{folder}/{family}" if folder else family


def self_test(repo):
    """Plants one violation of each rule in a copy of src/ and checks that each is caught."""
    import shutil
    import subprocess
    import tempfile
    plants = [("src/stages/tagger.c", '#include "engine.h"', "stage-includes"),
              ("src/stages/clean.c", '#include "cluster.h"', "later-stage"),
              ("src/base/util.c", '#include "store.h"', "later-layer"),
              ("src/serve/views.c", "#include <sqlite3.h>", "sql"),
              ("src/stages/analyse.h", '#include "dedup.h"', "cycle")]
    caught = 0
    for path, line, rule in plants:
        tmp = tempfile.mkdtemp(prefix="nd-layers-")
        try:
            shutil.copytree(os.path.join(repo, "src"), os.path.join(tmp, "src"))
            os.makedirs(os.path.join(tmp, "tools"))
            known = os.path.join(repo, "tools", "layers_known.txt")
            if os.path.exists(known):
                shutil.copy(known, os.path.join(tmp, "tools"))
            target = os.path.join(tmp, path)
            if not os.path.exists(target):
                print(f"self-test: {path} is gone; pick another file for {rule}")
                continue
            with open(target, "a") as f:
                f.write("\n" + line + "\n")
            p = subprocess.run([sys.executable, __file__, tmp], capture_output=True, text=True)
            ok = p.returncode == 1 and f"FAIL: {rule} " in p.stdout
            caught += ok
            print(f"self-test: {line} in {path}: {'caught' if ok else 'MISSED'} ({rule})")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    p = subprocess.run([sys.executable, __file__, repo, "--enforce-lines"], capture_output=True, text=True)
    lines_ok = p.returncode == 1 or " 0 over " in p.stdout
    print(f"self-test: --enforce-lines {'fails on a long file' if lines_ok else 'MISSED a long file'}")
    print(f"{caught + lines_ok} passed, {len(plants) + 1 - caught - lines_ok} failed")
    return 0 if caught == len(plants) and lines_ok else 1


def main():
    if "--self-test" in sys.argv:
        return self_test(os.path.abspath([a for a in sys.argv[1:] if not a.startswith("--")][0]))
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    enforce_lines = "--enforce-lines" in sys.argv
    lines_only = "--lines-only" in sys.argv
    repo = os.path.abspath(args[0] if args else os.path.join(os.path.dirname(__file__), ".."))
    files = {}
    for folder, _, names in os.walk(os.path.join(repo, "src")):
        for n in names:
            if n.endswith((".c", ".h")):
                path = os.path.join(folder, n)
                files[os.path.relpath(path, repo)] = open(path, encoding="utf-8", errors="replace").read()
    by_name = {}
    for rel in files:
        by_name.setdefault(os.path.basename(rel), []).append(rel)

    found = []       # (rule, file, target, why)
    notes = []
    if not lines_only:
        graph = {}
        for rel, text in sorted(files.items()):
            layer = layer_of(rel)
            if layer is None:
                found.append(("unplaced", rel, "-", "no layer: put it in a src/ folder or add it to TOP_LAYER"))
                continue
            mod = module_of(rel)
            for kind, inc in INCLUDE.findall(text):
                name = os.path.basename(inc)
                if kind == "<" or name not in by_name:
                    if name in SQL_HEADERS and layer != "store":
                        found.append(("sql", rel, name, "only src/store speaks SQL"))
                    continue
                if len(by_name[name]) > 1:
                    found.append(("ambiguous", rel, name, f"{len(by_name[name])} headers of that name in src/"))
                target = by_name[name][0]
                tlayer = layer_of(target)
                tmod = module_of(target)
                if tmod != mod:
                    graph.setdefault(mod, set()).add(tmod)
                if tlayer and LAYERS.index(tlayer) > LAYERS.index(layer):
                    found.append(("later-layer", rel, target, f"{layer} includes {tlayer}"))
                if layer == "stages":
                    if name in FORBIDDEN_IN_STAGES:
                        found.append(("stage-includes", rel, target, "a stage includes the engine or the store"))
                    if tlayer == "stages":
                        a, b = stage_rank(stem_of(rel)), stage_rank(stem_of(target))
                        if a is None:
                            notes.append(f"note: {rel}: a stage not in STAGE_ORDER (order not checked)")
                        elif b is not None and b > a:
                            found.append(("later-stage", rel, target, f"{stem_of(rel)} runs before {stem_of(target)}"))
        # cycles among modules (Tarjan's strongly connected components)
        index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

        def visit(v):
            index[v] = low[v] = counter[0]
            counter[0] += 1
            stack.append(v)
            on.add(v)
            for w in sorted(graph.get(v, ())):
                if w not in index:
                    visit(w)
                    low[v] = min(low[v], low[w])
                elif w in on:
                    low[v] = min(low[v], index[w])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    sccs.append(sorted(comp))

        sys.setrecursionlimit(10000)
        for v in sorted(graph):
            if v not in index:
                visit(v)
        for comp in sccs:
            found.append(("cycle", comp[0], " ".join(comp[1:]), "modules that include each other"))

    known_path = os.path.join(repo, "tools", "layers_known.txt")
    known = set()
    if os.path.exists(known_path) and not lines_only:
        for line in open(known_path):
            line = line.split("#", 1)[0].strip()
            if line:
                known.add(" ".join(line.split()))
    failures = 0
    seen_known = set()
    for rule, rel, target, why in sorted(set(found)):
        key = f"{rule} {rel} -> {target}"
        if key in known:
            seen_known.add(key)
            print(f"known: {key} ({why}; tools/layers_known.txt)")
        else:
            failures += 1
            print(f"FAIL: {key}: {why}")
    for key in sorted(known - seen_known):
        print(f"FIXED: {key}: listed in tools/layers_known.txt but no longer found: delete the line")

    over = sorted(((len(t.splitlines()), rel) for rel, t in files.items() if len(t.splitlines()) > MAX_LINES),
                  reverse=True)
    for n, rel in over:
        print(f"{'FAIL' if enforce_lines else 'over'}: {rel} has {n} lines (at most {MAX_LINES})")
    if enforce_lines:
        failures += len(over)
    for n in sorted(set(notes)):
        print(n)
    print(f"{len(files)} files, {failures} failures, {len(over)} over {MAX_LINES} lines"
          f"{'' if enforce_lines else ' (reported, not enforced)'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
