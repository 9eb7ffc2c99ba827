#!/bin/sh
# Load on `newsdesk serve` (issue 11's bar), recorded in docs/benchmarks.md.
#   bench/load.sh STORE.db [SECONDS]
# Starts the server on a free port over STORE.db (a store of the 100k benchmark stream:
# python3 bench/make_stream.py --articles 100000 --out s.jsonl && newsdesk ingest --db STORE.db s.jsonl),
# then with wrk: 200 connections on /api/stories/{id} (ids drawn at random among the stories),
# 50 connections on the front page and on search; and, while the story load runs, POSTs
# batches of new articles and checks afterwards that every one of them is stored.
set -e
db=${1:?usage: bench/load.sh STORE.db [SECONDS]}
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
newsdesk=${NEWSDESK:-$here/../build/newsdesk}
out=$(mktemp -d "${TMPDIR:-/tmp}/nd-load.XXXXXX")
# A copy, so that the POSTs below leave the store as it was for the next run.
sqlite3 "$db" ".backup '$out/store.db'"
db="$out/store.db"
"$newsdesk" serve --db "$db" --port 0 --threads "${THREADS:-4}" > "$out/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$out"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do
  port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$out/serve.log")
  [ -n "$port" ] && break
  sleep 1
done
base="http://127.0.0.1:$port"
stories=$(sqlite3 "$db" "SELECT max(id) FROM stories")
echo "server $base, $stories stories"
cat > "$out/story.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/stories/" .. math.random(1, $stories))
end
LUA
# Articles POSTed while the load runs: 20 batches of 50, ids that the stream does not use.
python3 - "$out/posts" <<'PY'
import json, os, sys
os.makedirs(sys.argv[1], exist_ok=True)
for b in range(20):
    with open(os.path.join(sys.argv[1], f"batch{b:02d}.jsonl"), "w") as f:
        for k in range(50):
            n = b * 50 + k
            f.write(json.dumps({"id": f"load-{n:04d}", "source": f"Load Wire {n % 7}",
                                "published": "2030-01-01T00:00:00Z",
                                "title": f"Load test report number {n} on the harbour works",
                                "text": f"Report {n}: crews in the harbour of Calloway worked through the night "
                                        f"on section {n} of the new sea wall, the port office said. "
                                        f"The wall is due to be finished in the spring of {2030 + n % 5}."}) + "\n")
PY
(
  sleep 2
  for f in "$out"/posts/*.jsonl; do
    curl --noproxy '*' -s -o "$f.answer" -w "%{http_code}\n" --data-binary @"$f" "$base/api/articles" >> "$out/post-codes"
    sleep 1
  done
) &
poster=$!
echo "== 200 connections, /api/stories/{random id}, ${seconds}s"
wrk -t2 -c200 -d"${seconds}s" --latency -s "$out/story.lua" "$base" | tee "$out/wrk-story.txt"
wait $poster
echo "== 50 connections, front page /, ${seconds}s"
wrk -t2 -c50 -d"${seconds}s" --latency "$base/" | tee "$out/wrk-front.txt"
echo "== 50 connections, /api/search?q=harbour+police, ${seconds}s"
wrk -t2 -c50 -d"${seconds}s" --latency "$base/api/search?q=harbour+police" | tee "$out/wrk-search.txt"
echo "== POSTs during the load: HTTP codes"
sort "$out/post-codes" | uniq -c
stored=$(sqlite3 "$db" "SELECT COUNT(*) FROM articles WHERE id LIKE 'load-%'")
echo "posted 1000 articles, stored $stored"
