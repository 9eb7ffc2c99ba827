#!/usr/bin/env python3
"""The story a reader trusts (issue 20's bar), checked from outside the library.

Ingests news-cluster and gva-dev into one fresh store, starts `newsdesk serve` on it, and reads
every story with two or more articles through every view: the front page walked page by page
(JSON API), the story (JSON API, web page, CLI text), its storyline, the entities it names, the
Atom feed and a search for its headline's words. Counts each defect class of the bar and prints
them as JSON (and a table on standard error):

  faces_differ        stories whose headline, date or place differ between views
  paging_total_wrong  `total` differs from the stories paging walks, or changes with `limit`
  headline_furniture  headlines that keep an outlet's title furniture (a prefix or suffix the
                      outlet puts on many of its own titles)
  headline_cut        headlines ending in a cut word ("... left 6-year-old dea")
  headline_boilerplate headlines that many unrelated articles share as a title
  summary_dateline    summary sentences opening with a dateline ("LONDON, Dec 29 (Reuters) -")
  summary_caption     summary sentences that are photo captions or credits
  summary_furniture   summary sentences that are page furniture (ads, share prompts, bylines,
                      "today in history", teasers)
  summary_empty       stories with an empty summary
  dated_after_last    stories dated after their last article and not marked upcoming
  quote_speaker_unknown quotes whose speaker is not one of the story's people or organisations
                      (with the share of all quotes)
  source_hex          sources shown as a hex id instead of an outlet's name

usage: check_stories.py NEWSDESK [--shared DIR] [--db PATH] [--keep] [--json OUT]
Our own checks; the article texts stay in ../shared and are read at run time.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " « ", " » ")
HEX = re.compile(r"^[0-9a-f]{16,}$")
DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’-]*\s*){0,1}[A-Z]{2,}[A-Z .,'’-]*"          # LONDON / NEW YORK / ST. LOUIS
    r"(?:,\s*[A-Z][A-Za-z.]*)?"                                      # , Texas / , Dec
    r"(?:\s*\d{1,2})?"                                               # 29
    r"(?:\s*\([^)]{0,60}\))?"                                        # (Reuters)
    r"\s*(?:-|–|—|:)\s")
CAPTION = re.compile(
    r"^(?:this (?:undated )?(?:photo|image|picture|handout)|in this (?:undated )?(?:photo|image)|"
    r"photo:|photos:|image:|file photo|file -|\(ap photo|pictured|caption)|"
    r"\((?:ap|afp|reuters|getty)[^)]*photo|photo(?:graph)? (?:by|credit|courtesy)|/ap photo|getty images|"
    r"image copyright|image caption|\bphoto/", re.I)
FURNITURE = re.compile(
    r"skip ad|ad loading|\bembed\b.*\bshare\b|advertisement|click here|subscribe|sign up|newsletter|"
    r"read more|follow us|all rights reserved|copyright|cookie|javascript|today in history|"
    r"^today is \w+day|on this date in|this day in history|^related:|^watch:|^see also|^more:|"
    r"^read also|^listen:|^by [A-Z][a-z]+ [A-Z][a-z]+(?:,| and |$)|^by [A-Z ]{6,}$|^updated:|^posted:|"
    r"share this|^loading\b", re.I)


def fetch(base, path):
    with OPENER.open(base + path, timeout=60) as r:
        return r.read()


def api(base, path):
    return json.loads(fetch(base, path))


def outlet_of(article):
    if article.get("source"):
        return article["source"]
    host = urllib.parse.urlsplit(article.get("url") or "").hostname or ""
    return host[4:] if host.startswith("www.") else host


def learn_furniture(articles):
    """Per outlet, the title segments (before the first or after the last separator) that three
    or more of its distinct titles carry."""
    seen = collections.defaultdict(lambda: collections.defaultdict(set))
    for a in articles:
        title = (a.get("title") or "").strip()
        if not title:
            continue
        outlet = outlet_of(a)
        for sep in SEPARATORS:
            if sep in title:
                head, tail = title.split(sep, 1)[0], title.rsplit(sep, 1)[1]
                seen[outlet][("suffix", tail.strip().lower())].add(title)
                seen[outlet][("prefix", head.strip().lower())].add(title)
    furniture = collections.defaultdict(set)
    for outlet, pieces in seen.items():
        for piece, titles in pieces.items():
            if len(titles) >= 3 and piece[1]:
                furniture[outlet].add(piece)
    return furniture


def has_furniture(headline, furniture_sets):
    h = headline.strip().lower()
    for pieces in furniture_sets:
        for kind, text in pieces:
            for sep in SEPARATORS:
                if kind == "suffix" and h.endswith(sep.lower() + text):
                    return True
                if kind == "prefix" and h.startswith(text + sep.lower()):
                    return True
    return False


WORD = re.compile(r"[A-Za-z]+")


def cut_word(headline, story_words):
    """The headline's last word is cut: it ends in an ellipsis, or it is not a word the texts
    write in lower case while a longer such word starts with it."""
    h = headline.rstrip()
    if h.endswith("…") or h.endswith("..."):
        return True
    words = WORD.findall(h)
    if not words:
        return False
    last = words[-1].lower()
    if len(last) < 2 or last in story_words or not h.endswith(words[-1]) or not words[-1].islower():
        return False
    return any(w.startswith(last) and len(w) > len(last) for w in story_words)


import html as html_mod  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("newsdesk")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--db")
    ap.add_argument("--keep", action="store_true", help="reuse --db when it exists")
    ap.add_argument("--json", help="write the counts here too")
    ap.add_argument("--examples", type=int, default=3, help="examples printed per defect class")
    args = ap.parse_args()
    sets = ["news-cluster", "gva-dev"]
    paths = [os.path.join(args.shared, "data", f"{s}.articles.jsonl") for s in sets]
    for p in paths:
        if not os.path.exists(p):
            print(f"check_stories: {p} is missing (../shared)", file=sys.stderr)
            return 77
    articles = [json.loads(line) for p in paths for line in open(p, encoding="utf-8")]
    by_id = {a["id"]: a for a in articles}
    tmp = tempfile.mkdtemp(prefix="nd-check-")
    db = args.db or os.path.join(tmp, "check.db")
    if not (args.keep and os.path.exists(db)):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        start = time.time()
        subprocess.run([args.newsdesk, "ingest", "--db", db, *paths], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"ingested in {time.time() - start:.1f} s", file=sys.stderr)
    server = subprocess.Popen([args.newsdesk, "serve", "--db", db, "--port", "0"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    line = server.stdout.readline()
    base = "http://127.0.0.1:" + line.split("127.0.0.1:")[1].split("/")[0]
    defects = collections.Counter()
    examples = collections.defaultdict(list)

    def defect(kind, story, detail):
        defects[kind] += 1
        if len(examples[kind]) < args.examples:
            examples[kind].append(f"story {story}: {detail}")

    try:
        # ---- paging ----
        totals = {limit: api(base, f"/api/stories?limit={limit}")["total"] for limit in (1, 3, 20, 100)}
        walked, offset = [], 0
        while True:
            page = api(base, f"/api/stories?limit=100&offset={offset}")
            walked += [s["id"] for s in page["stories"]]
            if not page["stories"]:
                break
            offset += 100
        distinct = len(set(walked))
        health = api(base, "/healthz")
        if len(set(totals.values())) != 1:
            defect("paging_total_wrong", "-", f"total changes with limit: {totals}")
        if totals[20] != distinct or distinct != len(walked):
            defect("paging_total_wrong", "-", f"total {totals[20]} but paging walks {len(walked)} ({distinct} distinct)")
        if totals[20] != health["stories"]:
            defect("paging_total_wrong", "-", f"total {totals[20]} but the store holds {health['stories']} stories")
        cards, offset = {}, 0
        while True:
            stories = api(base, f"/api/stories?limit=1000&offset={offset}")["stories"]
            if not stories:
                break
            for s in stories:
                cards[s["id"]] = s
            offset += 1000
        for sid in range(1, health["stories"] + 1):  # stories the walk missed are read by id
            cards.setdefault(sid, None)
        feed = {}
        root = ET.fromstring(fetch(base, "/feed.xml"))
        ns = {"a": "http://www.w3.org/2005/Atom"}
        for entry in root.findall("a:entry", ns):
            sid = int(entry.find("a:id", ns).text.rsplit("/", 1)[1])
            feed[sid] = (entry.find("a:title", ns).text or "", entry.find("a:updated", ns).text or "")
        # ---- the stories ----
        story_ids = sorted(int(x) for x in cards)
        vocabulary = {w for a in articles for w in WORD.findall(a.get("text") or "") if w.islower()}
        furniture = learn_furniture(articles)
        title_stories = collections.defaultdict(set)
        title_count = collections.Counter()
        docs = {}
        for sid in story_ids:
            try:
                doc = api(base, f"/api/stories/{sid}")
            except urllib.error.HTTPError:
                continue
            docs[sid] = doc
            for a in doc.get("articles", []):
                t = (a.get("title") or "").strip().lower()
                if t:
                    title_count[t] += 1
                    title_stories[t].add(sid)
        checked = quotes_total = 0
        storylines, entities = {}, {}
        for sid in story_ids:
            doc = docs.get(sid)
            if not doc or doc["article_count"] < 2:
                continue
            checked += 1
            face = (doc["headline"], doc.get("when"), doc.get("where"))
            card = cards.get(sid)
            if card is None:
                defect("paging_total_wrong", sid, "a story paging never reaches")
            elif (card["headline"], card.get("when"), card.get("where")) != face:
                defect("faces_differ", sid, f"front {card['headline']!r} {card.get('when')} vs story {face[0]!r} {face[1]}")
            page = fetch(base, f"/stories/{sid}").decode("utf-8")
            m = re.search(r"<h1>(.*?)</h1>", page, re.S)
            page_headline = m.group(1) if m else ""
            if html_mod.unescape(page_headline) != doc["headline"]:
                defect("faces_differ", sid, f"page {html_mod.unescape(page_headline)!r} vs {doc['headline']!r}")
            if sid in feed:
                title, updated = feed[sid]
                if title != doc["headline"]:
                    defect("faces_differ", sid, f"feed {title!r} vs {doc['headline']!r}")
                if doc.get("last_day") and not updated.startswith(doc["last_day"]):
                    defect("faces_differ", sid, f"feed updated {updated} but last article {doc['last_day']}")
            storylines.setdefault(doc["storyline"], []).append(sid)
            for p in doc.get("people", [])[:1] + doc.get("places", [])[:1]:
                if p.get("id") is not None:
                    entities.setdefault(p["id"], []).append(sid)
            # headline
            headline = doc["headline"]
            outlets = {outlet_of(by_id.get(a["id"], a)) for a in doc.get("articles", [])}
            if has_furniture(headline, [furniture[o] for o in outlets if o in furniture]):
                defect("headline_furniture", sid, headline)
            if cut_word(headline, vocabulary):
                defect("headline_cut", sid, headline)
            hl = headline.strip().lower()
            if title_count[hl] >= 3 and len(title_stories[hl]) >= 2:
                defect("headline_boilerplate", sid, headline)
            # summary
            if not doc.get("summary"):
                defect("summary_empty", sid, headline)
            for sentence in doc.get("summary", []):
                if DATELINE.match(sentence):
                    defect("summary_dateline", sid, sentence[:90])
                elif CAPTION.search(sentence):
                    defect("summary_caption", sid, sentence[:90])
                elif FURNITURE.search(sentence):
                    defect("summary_furniture", sid, sentence[:90])
            # when
            if doc.get("when") and doc.get("last_day") and doc["when"] > doc["last_day"] and not doc.get("upcoming"):
                defect("dated_after_last", sid, f"{doc['when']} after {doc['last_day']}")
            # quotes
            names = {e["name"].lower() for e in doc.get("people", []) + doc.get("organisations", [])}
            for q in doc.get("quotes", []):
                quotes_total += 1
                if (q.get("speaker") or "").lower() not in names:
                    defect("quote_speaker_unknown", sid, f"{q.get('speaker')!r}: {q['text'][:60]}")
            # sources
            shown = [a.get("source") or a.get("outlet") or a["id"] for a in doc.get("articles", [])]
            first = doc.get("first") or {}
            shown.append(first.get("source") or first.get("outlet") or first.get("id", ""))
            if any(HEX.match(s or "") for s in shown):
                defect("source_hex", sid, next(s for s in shown if HEX.match(s or "")))
            text = subprocess.run([args.newsdesk, "story", "--db", db, str(sid)], capture_output=True,
                                  text=True).stdout if checked <= 60 else ""
            if re.search(r"\b[0-9a-f]{32,}\b", text):
                defect("source_hex", sid, "CLI text shows a hex id")
        for sl, sids in storylines.items():
            doc = api(base, f"/api/storylines/{sl}")
            for card in doc["stories"]:
                d = docs.get(card["id"])
                if d and (card["headline"], card.get("when"), card.get("where")) != (d["headline"], d.get("when"), d.get("where")):
                    defect("faces_differ", card["id"], f"storyline {card['headline']!r} {card.get('when')} vs story {d['headline']!r} {d.get('when')}")
        for eid in list(entities)[:400]:
            doc = api(base, f"/api/entities/{eid}")
            for card in doc["stories"]:
                d = docs.get(card["id"])
                if d and (card["headline"], card.get("when"), card.get("where")) != (d["headline"], d.get("when"), d.get("where")):
                    defect("faces_differ", card["id"], f"entity {card['headline']!r} vs story {d['headline']!r}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    # a story counted once per class for faces
    result = {
        "stories": len(story_ids), "stories_checked": checked, "quotes": quotes_total,
        **{k: defects.get(k, 0) for k in ("faces_differ", "paging_total_wrong", "headline_furniture", "headline_cut",
                                          "headline_boilerplate", "summary_dateline", "summary_caption",
                                          "summary_furniture", "summary_empty", "dated_after_last",
                                          "quote_speaker_unknown", "source_hex")},
    }
    result["quote_speaker_unknown_share"] = round(result["quote_speaker_unknown"] / max(1, quotes_total), 3)
    for kind, items in sorted(examples.items()):
        print(f"{kind}: {defects[kind]}", file=sys.stderr)
        for e in items:
            print(f"    {e}", file=sys.stderr)
    print(json.dumps(result, indent=1))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
