#!/usr/bin/env python3
"""The seeds bar of the stories-a-person-reads issue, through the CLI views over a store.

usage: test_seeds_views.py NEWSDESK SHARED GAZETTEER

../shared/seeds ingested twice: the front page has two stories of four and one articles;
story A's headline and summary are about Assad receiving Baqeri in Damascus, its first report
is 000, its shared passages are the two that 000 and 002 share (gold.json), its quotes include
Assad's and Baqeri's with those speakers, its date is 2017-10-19 and place Damascus; story B is
dated 2020-07-09; both are on one storyline, in order; `entity Bagheri` shows Mohammad Baqeri
with both stories; `search "Baqeri letter Khamenei"` puts story A first. Exits 77 when
../shared or the gazetteer is absent.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from checks import check, report  # noqa: E402


def words(text):
    return " ".join(re.findall(r"\w+", text.lower()))


def main():
    newsdesk, shared, gazetteer = sys.argv[1], sys.argv[2], sys.argv[3]
    seeds = os.path.join(shared, "seeds")
    if not os.path.isfile(os.path.join(seeds, "gold.json")):
        print("skipped: ../shared/seeds not found")
        return 77
    if not os.path.isfile(gazetteer):
        print(f"skipped: no gazetteer at {gazetteer} (scripts/gazetteer.sh builds it)")
        return 77
    gold = json.load(open(os.path.join(seeds, "gold.json")))
    db = os.path.join(tempfile.mkdtemp(prefix="nd-seeds-"), "seeds.db")

    def run(*args):
        p = subprocess.run([newsdesk, *args], capture_output=True, text=True)
        check(p.returncode == 0, f"{' '.join(args)}: exit {p.returncode}: {p.stderr}")
        return p.stdout

    for _ in range(2):
        run("ingest", "--db", db, "--gazetteer", gazetteer, seeds)
    front = json.loads(run("front", "--db", db, "--json"))
    sizes = sorted(s["article_count"] for s in front["stories"])
    check(sizes == [1, 4], f"front page: two stories of four and one articles, got {sizes}")
    a = next((s for s in front["stories"] if s["article_count"] == 4), None)
    b = next((s for s in front["stories"] if s["article_count"] == 1), None)
    if not (a and b):
        report()
        return 1
    story_a = json.loads(run("story", "--db", db, "--json", str(a["id"])))
    story_b = json.loads(run("story", "--db", db, "--json", str(b["id"])))
    told = story_a["headline"] + " " + " ".join(story_a["summary"])
    check("Damascus" in story_a["headline"], f"headline names Damascus: {story_a['headline']}")
    check("Assad" in told and "Baqeri" in told and "Damascus" in told,
          f"headline and summary are about Assad receiving Baqeri in Damascus: {told}")
    check(re.search(r"\b(met|meet|received|receiv|talks)", told) is not None, "the summary says they met")
    check(2 <= len(story_a["summary"]) <= 3, f"two or three sentences: {len(story_a['summary'])}")
    check(len(set(story_a["summary"])) == len(story_a["summary"]), "no repeated sentence")
    check(story_a["first"]["id"].startswith("000_"), f"first report 000: {story_a['first']['id']}")
    check(story_a["when"] == "2017-10-19", f"story A date {story_a['when']}")
    check(story_a["where"] == "Damascus", f"story A place {story_a['where']}")
    check(story_b["when"] == "2020-07-09", f"story B date {story_b['when']} (published 2020-07-10)")
    gold_passages = [words(p) for g in gold["shared_passages"] for p in g["passages"]]
    got = story_a["passages"]
    check(len(got) == 2, f"two shared passages, got {len(got)}")
    for gp in gold_passages:
        check(any(gp in words(p["text"]) or words(p["text"]) in gp and len(words(p["text"])) > 0.8 * len(gp)
                  for p in got), f"gold passage found: {gp[:60]}")
    check(all({o[:3] for o in p["outlets"]} == {"000", "002"} for p in got), "passages are shared by 000 and 002")
    check(all(p["first"].startswith("000_") for p in got), "000 published the passages first")
    # The face a reader meets, the same in every view: the headline and summary of today's golden
    # (the most central title; the leads of three reports, in timeline order), 2017-10-19 in Damascus.
    check(story_a["headline"] == "Syrian President, Iran\u2019s Top Military Chief Hold Talks in Damascus",
          f"story A's headline: {story_a['headline']}")
    check(story_a["summary"][:1] and story_a["summary"][0].startswith("Syrian President Bashar al Assad has expressed"),
          f"story A's summary opens with 000's lead: {story_a['summary'][:1]}")
    check(len(story_a["summary"]) == 3 and "Baqeri" in story_a["summary"][1], "story A: three sentences, Baqeri second")
    check(all(q["speaker"] in {p["name"] for p in story_a["people"] + story_a["organisations"]} for q in story_a["quotes"]),
          "every quote's speaker is one of the story's people or organisations")
    line_card = next((c for c in json.loads(run("storyline", "--db", db, "--json", str(a["storyline"])))["stories"]
                      if c["id"] == a["id"]), {})
    for key in ("headline", "when", "where", "summary"):
        check(line_card.get(key) == story_a[key] == a[key], f"story A's {key} is the same on the front page, its page "
              f"and its storyline")
    speakers = {q["speaker"] for q in story_a["quotes"]}
    check({"Bashar al-Assad", "Mohammad Baqeri"} <= speakers, f"quotes of Assad and Baqeri: {speakers}")
    names = [p["name"] for p in story_a["people"]]
    check("Bashar al-Assad" in names and "Mohammad Baqeri" in names, f"key people: {names}")
    check(not any(n in ("President", "General") for n in names + [o["name"] for o in story_a["organisations"]]),
          "no bare titles among the key entities")
    check(len(story_a["articles"]) == 4 and story_a["articles"][0]["id"].startswith("000_"), "timeline of four, 000 first")

    check(story_a["storyline"] == story_b["storyline"], "one storyline")
    line = json.loads(run("storyline", "--db", db, "--json", str(story_a["storyline"])))
    check([s["id"] for s in line["stories"]] == [a["id"], b["id"]], "storyline: A then B")

    entity = json.loads(run("entity", "--db", db, "--json", "Bagheri"))
    check(entity.get("name") == "Mohammad Baqeri", f"entity Bagheri is {entity.get('name')}")
    check({s["id"] for s in entity.get("stories", [])} == {a["id"], b["id"]}, "with both stories")

    found = json.loads(run("search", "--db", db, "--json", "Baqeri letter Khamenei"))
    check(found["stories"] and found["stories"][0]["id"] == a["id"], "search puts story A first")

    # The readable text of each view says the same.
    text = run("front", "--db", db)
    check(story_a["headline"] in text.replace("\n    ", " ") or story_a["headline"][:40] in text, "front text")
    text = run("story", "--db", db, str(a["id"]))
    check("Mohammad Baqeri" in text and "Shared passages" in text and "2017-10-19" in text, "story text")
    text = run("entity", "--db", db, "Bagheri")
    check(text.startswith("Mohammad Baqeri (person)"), "entity text")
    text = run("search", "--db", db, "Baqeri letter Khamenei")
    check("[Baqeri]" in text, "search text marks matches")
    return report()


if __name__ == "__main__":
    sys.exit(main())
