/*
 * bench_dedup.c: the end-to-end benchmark of read + clean + dedup on one core.
 *
 * Takes a path (a stream written by bench/make_stream.py, or any file or directory newsdesk
 * reads) and runs the pipeline in its three phases, timing each with clock_gettime (wall and
 * process CPU time):
 *
 *   read    nd_desk_read_path: JSON parsing, UTF-8 repair, per-article cleaning;
 *   clean   nd_desk_clean: template paragraphs across articles of one source;
 *   dedup   nd__dedup_run: exact, near and passage pairs, with the index statistics.
 *
 * It prints articles/s and MB/s of input for each phase and end to end, the peak resident set
 * (getrusage), the bytes the articles hold, the duplicate index's bytes per article, and an
 * XXH3 hash over every pair emitted (ids, relation, first, similarity to 1e-6, passage offsets)
 * so that a speed-up which changes results is caught (SQLite's speedtest1 --verify). The last
 * line, "RESULT key=value ...", is what bench/run.sh tabulates.
 *
 * Speed goals live here and in docs/benchmarks.md, never in timed unit tests.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "newsdesk.h"
#include "article.h" /* internal: arena sizes, for the memory the articles hold */
#include "dedup.h"   /* internal: nd__dedup_run and its statistics */

#define TARGET_ARTICLES_PER_SECOND 20000.0 /* end to end, one core (the project's issue) */
#define TARGET_INDEX_BYTES_PER_ARTICLE 1024.0

typedef struct clock_pair {
    double wall, cpu; /* seconds */
} clock_pair;

static clock_pair now(void)
{
    struct timespec wall, cpu;
    clock_gettime(CLOCK_MONOTONIC, &wall);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    clock_pair c = {wall.tv_sec + wall.tv_nsec / 1e9, cpu.tv_sec + cpu.tv_nsec / 1e9};
    return c;
}

static clock_pair since(clock_pair start)
{
    clock_pair end = now();
    clock_pair d = {end.wall - start.wall, end.cpu - start.cpu};
    return d;
}

/* User and system CPU seconds of the whole process so far. */
static void cpu_split(double *user, double *system)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    *user = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6;
    *system = usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double peak_rss_mb(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0; /* Linux reports kilobytes */
}

static double current_rss_mb(void)
{
    long pages = 0, resident = 0;
    FILE *statm = fopen("/proc/self/statm", "r");
    if (!statm)
        return 0;
    if (fscanf(statm, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    fclose(statm);
    return resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* Bytes of input: the file, or every regular file under a directory (nftw has no user
 * pointer, hence the file-scope sum). */
static double walked_bytes;

static int add_file_bytes(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)path, (void)ftw;
    if (type == FTW_F)
        walked_bytes += (double)st->st_size;
    return 0;
}

static double input_bytes(const char *path)
{
    walked_bytes = 0;
    if (nftw(path, add_file_bytes, 16, FTW_PHYS) != 0)
        return 0;
    return walked_bytes;
}

typedef struct run_state {
    XXH3_state_t *hash;
    FILE *pairs; /* optional dump, one line per pair */
    size_t pair_count, passage_count;
    size_t diagnostics;
} run_state;

static void count_diagnostic(void *user, const char *where, long line, int status,
                             const char *message)
{
    (void)where, (void)line, (void)status, (void)message;
    ((run_state *)user)->diagnostics++;
}

static void hash_u64(XXH3_state_t *hash, uint64_t value)
{
    unsigned char bytes[8]; /* little-endian, so the hash is the same on every machine */
    for (int i = 0; i < 8; i++)
        bytes[i] = (unsigned char)(value >> (8 * i));
    XXH3_64bits_update(hash, bytes, sizeof bytes);
}

static void hash_string(XXH3_state_t *hash, const char *text)
{
    size_t len = strlen(text);
    hash_u64(hash, len);
    XXH3_64bits_update(hash, text, len);
}

static int on_pair(void *user, const nd_pair *pair)
{
    run_state *state = user;
    /* Similarity to 1e-6: enough to catch a changed estimate, immune to printing. */
    int64_t similarity = (int64_t)llround(pair->similarity * 1e6);
    hash_string(state->hash, nd_article_id(pair->a));
    hash_string(state->hash, nd_article_id(pair->b));
    hash_u64(state->hash, (uint64_t)pair->relation);
    hash_string(state->hash, nd_article_id(pair->first));
    hash_u64(state->hash, (uint64_t)similarity);
    hash_u64(state->hash, pair->passage_count);
    for (size_t i = 0; i < pair->passage_count; i++) {
        const nd_passage *p = &pair->passages[i];
        hash_u64(state->hash, p->words);
        hash_u64(state->hash, p->a_start);
        hash_u64(state->hash, p->a_end);
        hash_u64(state->hash, p->b_start);
        hash_u64(state->hash, p->b_end);
    }
    if (state->pairs) {
        fprintf(state->pairs, "%s %s %s %.6f first=%s", nd_article_id(pair->a),
                nd_article_id(pair->b), nd_relation_name(pair->relation), pair->similarity,
                nd_article_id(pair->first));
        for (size_t i = 0; i < pair->passage_count; i++) {
            const nd_passage *p = &pair->passages[i];
            fprintf(state->pairs, " %zu:%zu-%zu/%zu-%zu", p->words, p->a_start, p->a_end,
                    p->b_start, p->b_end);
        }
        fputc('\n', state->pairs);
    }
    state->pair_count++;
    state->passage_count += pair->passage_count;
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: bench_dedup [--pairs FILE] PATH\n"
                 "  Reads PATH (file or directory), cleans it and finds its related pairs,\n"
                 "  timing each phase; --pairs writes one line per pair for diffing.\n");
}

static void phase_line(const char *name, clock_pair t, size_t articles, double bytes,
                       double rss)
{
    printf("  %-6s %8.2f s wall %8.2f s cpu %10.0f articles/s %8.2f MB/s  peak RSS %8.1f MB\n",
           name, t.wall, t.cpu, t.cpu > 0 ? articles / t.cpu : 0,
           t.cpu > 0 ? bytes / 1e6 / t.cpu : 0, rss);
}

int main(int argc, char **argv)
{
    const char *path = NULL, *pairs_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pairs") == 0 && i + 1 < argc) {
            pairs_path = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            usage(stderr);
            return 2;
        } else if (!path) {
            path = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!path) {
        usage(stderr);
        return 2;
    }

    run_state state = {0};
    state.hash = XXH3_createState();
    if (!state.hash || XXH3_64bits_reset(state.hash) != XXH_OK) {
        fprintf(stderr, "bench_dedup: out of memory\n");
        return 1;
    }
    if (pairs_path && !(state.pairs = fopen(pairs_path, "w"))) {
        fprintf(stderr, "bench_dedup: %s: %s\n", pairs_path, strerror(errno));
        return 1;
    }
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = count_diagnostic;
    options.user = &state;
    nd_desk *desk = nd_desk_new(&options);
    if (!desk) {
        fprintf(stderr, "bench_dedup: out of memory\n");
        return 1;
    }
    double bytes = input_bytes(path);
    double rss_start = current_rss_mb();

    clock_pair start = now(), t0 = start;
    int rc = nd_desk_read_path(desk, path);
    clock_pair t_read = since(t0);
    double rss_read = peak_rss_mb(), held_read = current_rss_mb();
    if (rc != ND_OK && rc != ND_ESKIPPED) {
        fprintf(stderr, "bench_dedup: %s: %s\n", path, nd_strerror(rc));
        return 1;
    }
    size_t articles = nd_desk_article_count(desk);

    t0 = now();
    rc = nd_desk_clean(desk);
    clock_pair t_clean = since(t0);
    double rss_clean = peak_rss_mb();
    if (rc != ND_OK) {
        fprintf(stderr, "bench_dedup: clean: %s\n", nd_strerror(rc));
        return 1;
    }

    nd__dedup_stats stats = {0};
    t0 = now();
    rc = nd__dedup_run(desk, on_pair, &state, &stats);
    clock_pair t_dedup = since(t0);
    clock_pair total = since(start);
    double rss_peak = peak_rss_mb(), user_cpu, system_cpu;
    cpu_split(&user_cpu, &system_cpu);
    if (rc != ND_OK) {
        fprintf(stderr, "bench_dedup: dedup: %s\n", nd_strerror(rc));
        return 1;
    }

    size_t arena_bytes = 0, text_bytes = 0, body_bytes = 0;
    for (size_t i = 0; i < articles; i++) {
        const nd_article *a = nd_desk_article(desk, i);
        arena_bytes += a->arena.used_bytes;
        text_bytes += a->text_len;
        body_bytes += a->body_len;
    }
    uint64_t digest = XXH3_64bits_digest(state.hash);
    double per_second = total.cpu > 0 ? articles / total.cpu : 0;
    double index_per_article = articles ? (double)stats.index_bytes / (double)articles : 0;

    printf("bench_dedup: %s\n", path);
    printf("  input  %zu articles, %.1f MB, %zu skipped, %zu diagnostics\n", articles, bytes / 1e6,
           nd_desk_skipped(desk), state.diagnostics);
    phase_line("read", t_read, articles, bytes, rss_read);
    phase_line("clean", t_clean, articles, bytes, rss_clean);
    phase_line("dedup", t_dedup, articles, bytes, rss_peak);
    phase_line("total", total, articles, bytes, rss_peak);
    printf("  cpu    %.2f s user + %.2f s system (whole process, including start-up)\n", user_cpu,
           system_cpu);
    printf("  memory RSS %.1f MB at start, %.1f MB after read (%.0f bytes/article); articles hold "
           "%.1f MB in arenas (text %.1f MB, body %.1f MB)\n",
           rss_start, held_read, articles ? (held_read - rss_start) * 1048576.0 / articles : 0,
           arena_bytes / 1e6, text_bytes / 1e6, body_bytes / 1e6);
    printf("  index  %zu bytes for %zu articles (%zu indexed): %.0f bytes/article (target < %.0f)\n",
           stats.index_bytes, stats.articles, stats.indexed, index_per_article,
           TARGET_INDEX_BYTES_PER_ARTICLE);
    printf("  pairs  %zu (exact %zu, near %zu, passages %zu; %zu passages)\n", state.pair_count,
           stats.exact, stats.near, stats.passages, state.passage_count);
    printf("  speed  %.0f articles/s end to end on CPU time (%.0f on wall time); target %.0f: %s\n",
           per_second, total.wall > 0 ? articles / total.wall : 0, TARGET_ARTICLES_PER_SECOND,
           per_second >= TARGET_ARTICLES_PER_SECOND ? "met" : "MISSED");
    printf("  hash   %016" PRIx64 "\n", digest);
    printf("RESULT articles=%zu bytes=%.0f wall=%.3f cpu=%.3f user=%.3f sys=%.3f read_cpu=%.3f clean_cpu=%.3f "
           "dedup_cpu=%.3f articles_per_s=%.0f mb_per_s=%.2f peak_rss_mb=%.1f "
           "index_bytes=%zu index_bytes_per_article=%.0f exact=%zu near=%zu passages=%zu "
           "hash=%016" PRIx64 "\n",
           articles, bytes, total.wall, total.cpu, user_cpu, system_cpu, t_read.cpu, t_clean.cpu, t_dedup.cpu,
           per_second, total.cpu > 0 ? bytes / 1e6 / total.cpu : 0, rss_peak, stats.index_bytes,
           index_per_article, stats.exact, stats.near, stats.passages, digest);

    if (state.pairs)
        fclose(state.pairs);
    XXH3_freeState(state.hash);
    nd_desk_free(desk);
    return 0;
}
