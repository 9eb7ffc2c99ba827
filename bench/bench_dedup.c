/*
 * bench_dedup.c: the end-to-end benchmark of the streaming engine on one core.
 *
 * Takes a path (a stream written by bench/make_stream.py, or any file or directory newsdesk
 * reads) and streams it through one engine with its default windows, timing the whole with
 * clock_gettime (wall and process CPU time): read, clean (templates online) and copies (the
 * copy window), or with --all also facts and stories.
 *
 * It prints articles/s and MB/s of input, the peak resident set (getrusage), what the engine
 * holds at the end (nd_engine_memory), and an XXH3 hash over every pair emitted (ids, relation, first, similarity to 1e-6, passage offsets)
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
#include "dedup.h"   /* internal: the copy finder's statistics */
#include "engine.h"

#define TARGET_ARTICLES_PER_SECOND 20000.0 /* read, clean, copies, one core (issue 7) */
#define TARGET_ALL_PER_SECOND 5000.0       /* with facts and stories, one core (issue 7) */

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
    size_t articles, arena_bytes, text_bytes, body_bytes;
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

static void on_pair(run_state *state, const nd_pair *pair)
{
    /* Similarity to 1e-6: enough to catch a changed estimate, immune to printing. */
    int64_t similarity = (int64_t)llround(pair->similarity * 1e6);
    hash_string(state->hash, pair->a);
    hash_string(state->hash, pair->b);
    hash_u64(state->hash, (uint64_t)pair->relation);
    hash_string(state->hash, pair->first);
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
        fprintf(state->pairs, "%s %s %s %.6f first=%s", pair->a,
                pair->b, nd_relation_name(pair->relation), pair->similarity,
                pair->first);
        for (size_t i = 0; i < pair->passage_count; i++) {
            const nd_passage *p = &pair->passages[i];
            fprintf(state->pairs, " %zu:%zu-%zu/%zu-%zu", p->words, p->a_start, p->a_end,
                    p->b_start, p->b_end);
        }
        fputc('\n', state->pairs);
    }
    state->pair_count++;
    state->passage_count += pair->passage_count;
}

static int on_result(void *user, const nd_result *result)
{
    run_state *state = user;
    for (size_t i = 0; i < result->pair_count; i++)
        on_pair(state, &result->pairs[i]);
    if (result->story) {
        hash_u64(state->hash, (uint64_t)result->story->story);
        hash_u64(state->hash, (uint64_t)result->story->storyline);
    }
    state->articles++;
    state->arena_bytes += result->article->arena.used_bytes;
    state->text_bytes += result->article->text_len;
    state->body_bytes += result->article->body_len;
    return 0;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: bench_dedup [--pairs FILE] [--all [--gazetteer FILE]] PATH\n"
                 "  Streams PATH (file or directory) through an engine with its default windows:\n"
                 "  read, clean and copies, or with --all also facts and stories; --pairs\n"
                 "  writes one line per pair for diffing.\n");
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
    const char *path = NULL, *pairs_path = NULL, *gazetteer_path = NULL;
    int all = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pairs") == 0 && i + 1 < argc) {
            pairs_path = argv[++i];
        } else if (strcmp(argv[i], "--gazetteer") == 0 && i + 1 < argc) {
            gazetteer_path = argv[++i];
        } else if (strcmp(argv[i], "--all") == 0) {
            all = 1;
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
    options.stages = all ? ND_STAGE_ALL : ND_STAGE_COPIES;
    nd_gazetteer *gazetteer = NULL;
    if (gazetteer_path && nd_gazetteer_load(gazetteer_path, &gazetteer) != ND_OK) {
        fprintf(stderr, "bench_dedup: %s: cannot load\n", gazetteer_path);
        return 1;
    }
    nd_engine *engine = nd_engine_new(&options, gazetteer, on_result, &state);
    if (!engine) {
        fprintf(stderr, "bench_dedup: out of memory\n");
        return 1;
    }
    double bytes = input_bytes(path);
    double rss_start = current_rss_mb();

    clock_pair start = now();
    int rc = nd_engine_read_path(engine, path);
    if (rc == ND_OK || rc == ND_ESKIPPED)
        rc = nd_engine_finish(engine);
    clock_pair total = since(start);
    double rss_peak = peak_rss_mb(), held_end = current_rss_mb(), user_cpu, system_cpu;
    cpu_split(&user_cpu, &system_cpu);
    if (rc != ND_OK) {
        fprintf(stderr, "bench_dedup: %s: %s\n", path, nd_strerror(rc));
        return 1;
    }
    size_t articles = state.articles, engine_bytes = nd_engine_memory(engine);
    uint64_t digest = XXH3_64bits_digest(state.hash);
    double per_second = total.cpu > 0 ? articles / total.cpu : 0;
    double target = all ? TARGET_ALL_PER_SECOND : TARGET_ARTICLES_PER_SECOND;
    nd__dedup_stats stats = nd__engine_copy_stats(engine);

    printf("bench_dedup: %s (%s)\n", path, all ? "read, clean, copies, facts, stories" : "read, clean, copies");
    printf("  input  %zu articles, %.1f MB, %zu skipped, %zu diagnostics\n", articles, bytes / 1e6,
           nd_engine_skipped(engine), state.diagnostics);
    phase_line("total", total, articles, bytes, rss_peak);
    printf("  cpu    %.2f s user + %.2f s system (whole process, including start-up)\n", user_cpu,
           system_cpu);
    printf("  memory RSS %.1f MB at start, %.1f MB at the end, peak %.1f MB; the engine holds %.1f MB "
           "(nd_engine_memory); articles passed through held %.1f MB in arenas (text %.1f MB, body %.1f MB)\n",
           rss_start, held_end, rss_peak, engine_bytes / 1e6, state.arena_bytes / 1e6, state.text_bytes / 1e6,
           state.body_bytes / 1e6);
    printf("  pairs  %zu (exact %zu, near %zu, passages %zu; %zu passages)\n", state.pair_count,
           stats.exact, stats.near, stats.passages, state.passage_count);
    printf("  speed  %.0f articles/s end to end on CPU time (%.0f on wall time); target %.0f: %s\n",
           per_second, total.wall > 0 ? articles / total.wall : 0, target,
           per_second >= target ? "met" : "MISSED");
    printf("  hash   %016" PRIx64 "\n", digest);
    printf("RESULT articles=%zu bytes=%.0f wall=%.3f cpu=%.3f user=%.3f sys=%.3f "
           "articles_per_s=%.0f mb_per_s=%.2f peak_rss_mb=%.1f "
           "engine_bytes=%zu exact=%zu near=%zu passages=%zu hash=%016" PRIx64 "\n",
           articles, bytes, total.wall, total.cpu, user_cpu, system_cpu, per_second,
           total.cpu > 0 ? bytes / 1e6 / total.cpu : 0, rss_peak, engine_bytes, stats.exact, stats.near,
           stats.passages, digest);

    if (state.pairs)
        fclose(state.pairs);
    XXH3_freeState(state.hash);
    nd_engine_free(engine);
    nd_gazetteer_free(gazetteer);
    return 0;
}
