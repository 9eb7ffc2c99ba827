/*
 * bench_memory.c: what the engine says it holds against what the process holds.
 *
 * Takes a stream (bench/make_stream.py) and a gazetteer, streams it through one engine with every
 * stage (read, clean, copies, facts, stories) and the default options, and every --every
 * articles prints: articles so far, nd_engine_memory by part (engine.h), the process's resident
 * set (/proc/self/statm), the heap in use (mallinfo2: what malloc has handed out and not taken
 * back) and the process's RSS at start (libraries, gazetteer, tagger weights). The last line
 * compares nd_engine_memory with the RSS grown since the start, and with the whole RSS.
 * --budget BYTES sets options.memory_budget. --tokenized prints how many articles nd__analyse
 * tokenized. Prints a hash of the stories given (story number per article) so that a change of
 * results shows.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "analyse.h"
#include "engine.h"
#include "newsdesk.h"

static double rss_mb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (double)sysconf(_SC_PAGESIZE) / (1 << 20);
}

static double heap_mb(void)
{
    struct mallinfo2 mi = mallinfo2();
    return (double)(mi.uordblks + mi.hblkhd) / (1 << 20);
}

typedef struct state {
    nd_engine *engine;
    size_t articles, every;
    double start_rss;
    XXH3_state_t *hash;
} state;

static void report(state *s, const char *label)
{
    nd__engine_memory_parts p;
    nd__engine_memory_parts_of(s->engine, &p);
    double mb = 1 << 20, total = (double)nd_engine_memory(s->engine) / mb, rss = rss_mb();
    printf("%-6s %8zu articles  engine %7.1f MB (held %.1f, scratch %.1f, copies %.1f, templates %.1f, "
           "extractor %.1f, stories %.1f)  RSS %7.1f MB (grown %.1f)  heap in use %7.1f MB\n",
           label, s->articles, total, p.held / mb, p.scratch / mb, p.copies / mb, p.templates / mb, p.extractor / mb,
           p.stories / mb, rss, rss - s->start_rss, heap_mb());
    fflush(stdout);
}

static int on_result(void *user, const nd_result *r)
{
    state *s = user;
    s->articles++;
    long long story = r->story ? r->story->story : 0;
    XXH3_64bits_update(s->hash, &story, sizeof story);
    if (s->every && s->articles % s->every == 0)
        report(s, "at");
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *gazetteer_path = NULL;
    size_t every = 10000, budget = 0;
    int tokenized = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--every") == 0 && i + 1 < argc)
            every = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--budget") == 0 && i + 1 < argc)
            budget = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--gazetteer") == 0 && i + 1 < argc)
            gazetteer_path = argv[++i];
        else if (strcmp(argv[i], "--tokenized") == 0)
            tokenized = 1;
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else {
            fprintf(stderr, "usage: bench_memory [--every N] [--budget BYTES] [--gazetteer FILE] [--tokenized] STREAM\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: bench_memory [--every N] [--budget BYTES] [--gazetteer FILE] [--tokenized] STREAM\n");
        return 2;
    }
    nd_gazetteer *gazetteer = NULL;
    if (gazetteer_path && nd_gazetteer_load(gazetteer_path, &gazetteer) != ND_OK) {
        fprintf(stderr, "bench_memory: %s: cannot load the gazetteer\n", gazetteer_path);
        return 1;
    }
    nd_options options;
    nd_options_init(&options);
    options.memory_budget = budget;
    state s = {0};
    s.every = every;
    s.hash = XXH3_createState();
    XXH3_64bits_reset(s.hash);
    s.engine = nd_engine_new(&options, gazetteer, on_result, &s);
    if (!s.engine || !s.hash) {
        fprintf(stderr, "bench_memory: out of memory\n");
        return 1;
    }
    s.start_rss = rss_mb();
    printf("start  RSS %.1f MB, heap in use %.1f MB (libraries, gazetteer, tagger weights)\n", s.start_rss, heap_mb());
    clock_t start = clock();
    int rc = nd_engine_read_path(s.engine, path);
    if (rc == ND_OK)
        rc = nd_engine_finish(s.engine);
    double cpu = (double)(clock() - start) / CLOCKS_PER_SEC;
    if (rc != ND_OK)
        fprintf(stderr, "bench_memory: %s: %s\n", path, nd_strerror(rc));
    report(&s, "end");
    double engine = (double)nd_engine_memory(s.engine) / (1 << 20), rss = rss_mb();
    printf("engine/RSS grown %.2f, engine/RSS %.2f, start RSS %.1f MB, %.2f s CPU, %.0f articles/s\n",
           rss > s.start_rss ? engine / (rss - s.start_rss) : 0, rss > 0 ? engine / rss : 0, s.start_rss, cpu,
           cpu > 0 ? s.articles / cpu : 0);
    printf("stories closed or forgotten for the budget: %zu\n", nd__engine_stories_shed(s.engine));
    if (tokenized)
        printf("tokenized %zu articles with nd__analyse for %zu results\n", nd__engine_analysed(s.engine), s.articles);
    printf("hash %016llx\n", (unsigned long long)XXH3_64bits_digest(s.hash));
    XXH3_freeState(s.hash);
    nd_engine_free(s.engine);
    nd_gazetteer_free(gazetteer);
    return rc == ND_OK ? 0 : 1;
}
