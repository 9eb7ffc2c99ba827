/*
 * bench_views.c: how long the views take on a store (issue 20's bar: front page and story under
 * 5 ms CPU median on 100k articles; issue 8's: search under 50 ms). Runs each view ROUNDS times in one process (no process start
 * counted) and prints the median and the worst of the CPU time per call, and a hash of the
 * documents so that a speed-up that changes results shows.
 *
 *   bench_views STORE.db [ROUNDS] [SEARCH TEXT]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "newsdesk.h"

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static uint64_t hash_text(uint64_t h, const char *s)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_views STORE.db [ROUNDS] [SEARCH TEXT]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 20;
    const char *text = argc > 3 ? argv[3] : "harbour police";
    nd_store *store;
    if (nd_store_open(argv[1], &store) != ND_OK) {
        fprintf(stderr, "bench_views: cannot open %s\n", argv[1]);
        return 2;
    }
    const char *names[] = {"front", "front --hot", "story", "search"};
    /* Stories drawn among those the store holds. */
    nd_store_counts counts;
    long long stories = nd_store_count(store, &counts) == ND_OK && counts.stories > 0 ? counts.stories : 1;
    uint64_t hash = 0xcbf29ce484222325ULL;
    double *times = calloc((size_t)rounds, sizeof *times);
    for (int v = 0; v < 4; v++) {
        for (int r = 0; r < rounds; r++) {
            nd_view_query q;
            nd_view_query_init(&q);
            q.hot = v == 1;
            char *json = NULL;
            double start = cpu_ms();
            int rc = v <= 1 ? nd_view_front(store, &q, &json)
                     : v == 2 ? nd_view_story(store, 1 + (r * 7919) % stories, &json)
                              : nd_view_search(store, text, &q, &json);
            times[r] = cpu_ms() - start;
            if (rc != ND_OK && rc != ND_ENOTFOUND) {
                fprintf(stderr, "bench_views: %s: %s\n", names[v], nd_strerror(rc));
                return 1;
            }
            if (json && r == 0)
                hash = hash_text(hash, json);
            free(json);
        }
        qsort(times, (size_t)rounds, sizeof *times, cmp_double);
        printf("%-12s median %7.2f ms  worst %7.2f ms CPU (%d calls)\n", names[v], times[rounds / 2],
               times[rounds - 1], rounds);
    }
    printf("hash %016llx\n", (unsigned long long)hash);
    free(times);
    nd_store_close(store);
    return 0;
}
