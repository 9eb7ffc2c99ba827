/*
 * bench_extract.c: extraction speed (docs/benchmarks.md, "Extraction"). Reads and cleans a stream,
 * then times nd_desk_extract alone in CPU time of this process (one core), and prints articles/s
 * with a hash of the facts (entity, date and quote counts and entity names) so that a faster
 * build can be checked for the same output.
 *
 *   bench_extract STREAM.jsonl [places.tsv]
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "newsdesk.h"
#include "util.h"

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_extract STREAM.jsonl [places.tsv]\n");
        return 2;
    }
    nd_gazetteer *places = NULL;
    if (argc > 2 && nd_gazetteer_load(argv[2], &places) != ND_OK) {
        fprintf(stderr, "bench_extract: cannot load %s\n", argv[2]);
        return 1;
    }
    nd_desk *desk = nd_desk_new(NULL);
    if (!desk || nd_desk_read_path(desk, argv[1]) < 0 || nd_desk_clean(desk) != ND_OK) {
        fprintf(stderr, "bench_extract: cannot read %s\n", argv[1]);
        return 1;
    }
    double start = cpu_seconds();
    nd_extraction *facts = NULL;
    if (nd_desk_extract(desk, places, &facts) != ND_OK)
        return 1;
    double seconds = cpu_seconds() - start;
    size_t n = nd_extraction_count(facts), entities = 0, dates = 0, quotes = 0;
    uint64_t hash = 0;
    for (size_t i = 0; i < n; i++) {
        const nd_facts *f = nd_extraction_facts(facts, i);
        entities += f->entity_count;
        dates += f->date_count;
        quotes += f->quote_count;
        for (size_t e = 0; e < f->entity_count; e++)
            hash = nd__mix64(hash ^ nd__hash64(f->entities[e].name, strlen(f->entities[e].name), f->entities[e].type));
    }
    printf("extract: %zu articles in %.3f s CPU: %.0f articles/s; %zu entities, %zu dates, %zu quotes; hash %016llx\n",
           n, seconds, seconds > 0 ? (double)n / seconds : 0.0, entities, dates, quotes, (unsigned long long)hash);
    nd_extraction_free(facts);
    nd_desk_free(desk);
    nd_gazetteer_free(places);
    return 0;
}
