#!/bin/sh
# bench/run.sh: what `make bench` runs. Builds the release, writes the benchmark streams when
# they are absent (bench/out/, gitignored; fixed seed, from the real sets in ../shared/data),
# runs bench_dedup on each and prints a table. Figures and their reading: docs/benchmarks.md.
#
#   ND_BENCH_SIZES="10000 100000"   stream sizes in articles (default: 10000 100000 1000000)
#   ND_BENCH_SEED=1                 generator seed (default 1; the figures in the docs use 1)
#   ND_DATA=DIR                     the real sets (default ../shared/data)
#
# Articles/s and MB/s are computed on the process's CPU time (one thread, one core), which a
# busy machine disturbs far less than wall time; wall time is shown beside it. A size whose
# stream would not fit in memory is skipped with a note: the desk keeps every article (peak RSS
# measured at about 3x the stream's bytes; 4.5x must be available, to leave a margin).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${ND_BENCH_SIZES:-"10000 100000 1000000"}
seed=${ND_BENCH_SEED:-1}
data=${ND_DATA:-../shared/data}
out=bench/out

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "${JOBS:-2}" --target bench_dedup >/dev/null
mkdir -p "$out"

for n in $sizes; do
    stream=$out/stream-$n-s$seed.jsonl
    if [ ! -s "$stream" ]; then
        echo "bench: writing $stream" >&2
        python3 bench/make_stream.py --articles "$n" --seed "$seed" --data "$data" \
            --out "$stream" 2>"$out/stream-$n-s$seed.log"
        cat "$out/stream-$n-s$seed.log" >&2
    fi
    need_kb=$(( $(wc -c <"$stream") / 1024 * 9 / 2 ))
    have_kb=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
    if [ -n "$have_kb" ] && [ "$have_kb" -lt "$need_kb" ]; then
        echo "bench: $stream needs about $((need_kb / 1024)) MB, $((have_kb / 1024)) MB available; skipped" >&2
        continue
    fi
    echo "bench: bench_dedup $stream" >&2
    ./build/bench/bench_dedup "$stream" >"$out/result-$n-s$seed.txt"
    cat "$out/result-$n-s$seed.txt" >&2
done

echo
printf '| %9s | %8s | %8s | %8s | %10s | %6s | %9s | %11s | %16s |\n' articles "input MB" "wall s" \
    "CPU s" articles/s MB/s "peak RSS" "index B/art" "pairs hash"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' ----------- ---------- ---------- ---------- ------------ \
    -------- ----------- ------------- ------------------
for n in $sizes; do
    result=$out/result-$n-s$seed.txt
    [ -s "$result" ] || continue
    grep '^RESULT ' "$result" | tr ' ' '\n' | awk -F= '
        NF == 2 { v[$1] = $2 }
        END {
            printf "| %9d | %8.1f | %8.1f | %8.1f | %10d | %6.1f | %6.0f MB | %11d | %16s |\n",
                v["articles"], v["bytes"] / 1e6, v["wall"], v["cpu"], v["articles_per_s"],
                v["mb_per_s"], v["peak_rss_mb"], v["index_bytes_per_article"], v["hash"]
        }'
done
