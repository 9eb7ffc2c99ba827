/*
 * bench_html.c: HTML extraction speed. Reads every file of a directory (default
 * ../shared/data/extraction/html) into memory, then runs nd__html_extract over all of them
 * ROUNDS times (default 5) and prints MB/s of HTML on CPU time (one thread), pages/s, and an
 * XXH3 hash of every body, so a speed-up that changes output shows.
 *
 *     bench_html [DIRECTORY [ROUNDS]]
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "html.h"
#include "newsdesk.h"

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/data/extraction/html";
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "bench_html: cannot open %s (../shared absent?)\n", dir);
        return 77;
    }
    char *names[4096];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(d)) && count < 4096)
        if (e->d_name[0] != '.')
            names[count++] = strdup(e->d_name);
    closedir(d);
    qsort(names, count, sizeof *names, by_name);
    char **pages = calloc(count, sizeof *pages);
    size_t *lens = calloc(count, sizeof *lens), total = 0;
    for (size_t i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        pages[i] = malloc((size_t)n + 1);
        lens[i] = fread(pages[i], 1, (size_t)n, f);
        total += lens[i];
        fclose(f);
    }
    XXH64_hash_t hash = 0;
    double start = cpu_seconds();
    for (int r = 0; r < rounds; r++)
        for (size_t i = 0; i < count; i++) {
            nd__html_doc doc;
            if (pages[i] && nd__html_extract(pages[i], lens[i], &doc) == ND_OK) {
                if (r == 0)
                    hash = XXH64(doc.body, doc.body_len, hash);
                nd__html_doc_free(&doc);
            }
        }
    double cpu = cpu_seconds() - start;
    printf("RESULT pages=%zu rounds=%d html_mb=%.1f cpu=%.2f mb_per_s=%.1f pages_per_s=%.0f hash=%016llx\n", count,
           rounds, (double)total / 1e6, cpu, (double)total * rounds / 1e6 / cpu, (double)count * rounds / cpu,
           (unsigned long long)hash);
    for (size_t i = 0; i < count; i++)
        free(pages[i]), free(names[i]);
    free(pages);
    free(lens);
    return 0;
}
