/*
 * fuzz_story_model.c: libFuzzer harness for the story weights file (src/stages/story_model.c), the
 * one file the clusterer reads at start besides its input.
 *
 * The input is parsed as a weights file. A file that parses must hold finite weights of every
 * feature, and score finite; one that does not must name a line inside the input (or none) and
 * leave the model untouched. Then the input is written to a file and loaded into a cluster state
 * through the public interface, which must agree with the parser.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsdesk.h"
#include "story_model.h"

/* A broken promise aborts (the fuzzer's crash, the replay's failure); fuzz_check.h's helpers
 * are for desks and would go unused here. */
#define FUZZ_CHECK(expr)                                                                    \
    do {                                                                                    \
        if (!(expr)) {                                                                      \
            fprintf(stderr, "fuzz_story_model.c:%d: check failed: %s\n", __LINE__, #expr); \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nd__story_model model, before;
    memset(&model, 0x5a, sizeof model);
    before = model;
    size_t bad_line = 0;
    int rc = nd__story_model_parse(&model, (const char *)data, size, &bad_line);
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    if (rc == ND_OK) {
        double x[ND__STORY_FEATURES];
        for (int i = 0; i < ND__STORY_FEATURES; i++) {
            FUZZ_CHECK(isfinite(model.rank[i]) && isfinite(model.join[i]));
            x[i] = 1.0;
        }
        FUZZ_CHECK(isfinite(model.join_bias));
        FUZZ_CHECK(isfinite(nd__story_rank(&model, x)) && isfinite(nd__story_join(&model, x)));
        int index[4];
        double weight[4];
        size_t n = nd__story_reasons(&model, x, 4, index, weight);
        FUZZ_CHECK(n <= 4);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(index[i] >= 0 && index[i] < ND__STORY_FEATURES);
    } else {
        FUZZ_CHECK(rc == ND_EFORMAT);
        FUZZ_CHECK(bad_line <= lines);
        FUZZ_CHECK(memcmp(&model, &before, sizeof model) == 0);
    }
    char path[] = "/tmp/fuzz_story_model.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "wb");
    if (f) {
        fwrite(data, 1, size, f);
        fclose(f);
        nd_cluster *cluster = nd_cluster_new(NULL);
        if (cluster) {
            size_t line = 0;
            int loaded = nd_cluster_load_weights(cluster, path, &line);
            FUZZ_CHECK(loaded == rc && line == bad_line);
            nd_cluster_free(cluster);
        }
    } else
        close(fd);
    unlink(path);
    return 0;
}
