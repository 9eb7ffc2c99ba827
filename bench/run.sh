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
# busy machine disturbs far less than wall time; wall time is shown beside it. The engine's
# memory is bounded by its windows (about 300 MB at 1M articles), not by the stream.
#   ND_BENCH_ALL=1                  also facts and stories (bench_dedup --all, with the gazetteer)
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
    echo "bench: bench_dedup $stream" >&2
    if [ -n "${ND_BENCH_ALL:-}" ]; then
        ./build/bench/bench_dedup --all --gazetteer build/gazetteer/places.tsv "$stream" >"$out/result-$n-s$seed.txt"
    else
        ./build/bench/bench_dedup "$stream" >"$out/result-$n-s$seed.txt"
    fi
    cat "$out/result-$n-s$seed.txt" >&2
done

echo
printf '| %9s | %8s | %8s | %8s | %10s | %6s | %9s | %11s | %16s |\n' articles "input MB" "wall s" \
    "CPU s" articles/s MB/s "peak RSS" "engine MB" "pairs hash"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' ----------- ---------- ---------- ---------- ------------ \
    -------- ----------- ------------- ------------------
for n in $sizes; do
    result=$out/result-$n-s$seed.txt
    [ -s "$result" ] || continue
    grep '^RESULT ' "$result" | tr ' ' '\n' | awk -F= '
        NF == 2 { v[$1] = $2 }
        END {
            printf "| %9d | %8.1f | %8.1f | %8.1f | %10d | %6.1f | %6.0f MB | %11.1f | %16s |\n",
                v["articles"], v["bytes"] / 1e6, v["wall"], v["cpu"], v["articles_per_s"],
                v["mb_per_s"], v["peak_rss_mb"], v["engine_bytes"] / 1e6, v["hash"]
        }'
done
