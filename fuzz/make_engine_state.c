/*
 * make_engine_state.c: writes the seeds of fuzz/corpus/engine_state from the sample corpus, with
 * the options fuzz_engine_state.c loads them with (reorder window 1, copy window 8), so that the
 * seeds reach every part of the blob in the current format:
 *
 *   build/fuzz/make_engine_state examples/corpus fuzz/corpus/engine_state
 *
 * writes corpus.state (the engine after the whole sample), truncated.state (its first half) and
 * magic-only.state (the first line alone).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsdesk.h"

static int write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "make_engine_state: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: make_engine_state CORPUS OUTDIR\n");
        return 2;
    }
    nd_options options;
    nd_options_init(&options);
    options.reorder_window = 1;
    options.copy_window = 8;
    options.stages = ND_STAGE_COPIES;
    nd_engine *engine = nd_engine_new(&options, NULL, NULL, NULL);
    char *blob = NULL;
    size_t len = 0;
    if (!engine || nd_engine_read_path(engine, argv[1]) != ND_OK || nd_engine_finish(engine) != ND_OK ||
        nd_engine_save(engine, &blob, &len) != ND_OK) {
        fprintf(stderr, "make_engine_state: cannot read %s and save the engine\n", argv[1]);
        return 1;
    }
    const char *line = memchr(blob, '\n', len);
    int failed = write_file(argv[2], "corpus.state", blob, len) | write_file(argv[2], "truncated.state", blob, len / 2) |
                 write_file(argv[2], "magic-only.state", blob, line ? (size_t)(line - blob) + 1 : 0);
    printf("make_engine_state: %zu bytes\n", len);
    free(blob);
    nd_engine_free(engine);
    return failed;
}
