/*
 * dedup.c: reads articles from the paths given and prints which are copies of which, through
 * the public header only: an engine with the copies stage, one article at a time. Build against
 * an installed newsdesk with
 *   cc dedup.c $(pkg-config --cflags --libs newsdesk) -o dedup
 */
#include <newsdesk.h>
#include <stdio.h>

static int show(void *user, const nd_result *result)
{
    size_t *count = user;
    ++*count;
    for (size_t i = 0; i < result->pair_count; i++) {
        const nd_pair *pair = &result->pairs[i];
        printf("%s %s %s (%.2f), first: %s\n", pair->a, pair->b, nd_relation_name(pair->relation),
               pair->similarity, pair->first);
    }
    return 0;
}

int main(int argc, char **argv)
{
    nd_options options;
    nd_options_init(&options); /* default options; diagnostics dropped */
    options.stages = ND_STAGE_COPIES;
    size_t count = 0;
    nd_engine *engine = nd_engine_new(&options, NULL, show, &count);
    if (!engine)
        return 2;
    int rc = ND_OK;
    for (int i = 1; i < argc && rc != ND_ENOMEM; i++)
        if ((rc = nd_engine_read_path(engine, argv[i])) < 0 && rc != ND_ESKIPPED)
            fprintf(stderr, "dedup: %s: %s\n", argv[i], nd_strerror(rc));
    if (rc != ND_ENOMEM)
        rc = nd_engine_finish(engine);
    printf("%zu articles\n", count);
    nd_engine_free(engine);
    return rc == ND_OK ? 0 : 1;
}
