/*
 * fuzz_state.c: libFuzzer harness for the cluster state loader (nd_cluster_load), the parser
 * of the file `newsdesk cluster --save` writes and `--load` reads back.
 *
 * The input is the state file. A load must end in one of the statuses newsdesk.h lists, with
 * nd_cluster_load_error saying why exactly when it failed. A state that loads must save, load
 * again and save to the very same bytes (the format is a fixed point), and both a loaded state
 * and one left empty by a failed load must take new articles: three short ones are clustered
 * into it, which walks the postings, exemplars and free slots the file described.
 */
#define _GNU_SOURCE /* memfd_create */
#pragma GCC diagnostic ignored "-Wunused-function" /* fuzz_check.h helpers this harness needs not */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "fuzz_file.h"
#include "newsdesk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_result(void *user, const nd_cluster_result *result)
{
    (void)user;
    FUZZ_CHECK(result->article != NULL);
    FUZZ_CHECK(result->story >= 1 && result->storyline >= 1);
    FUZZ_CHECK(result->storyline <= result->story);
    return 0;
}

/* Saves c into a new in-memory file; returns its descriptor (and path), or -1. */
static int save(const nd_cluster *c, char *path, size_t path_size)
{
    int fd = fuzz_file("", 0, path, path_size);
    if (fd < 0)
        return -1;
    int rc = nd_cluster_save(c, path);
    FUZZ_CHECK(rc == ND_OK || rc == ND_ENOMEM);
    if (rc != ND_OK) {
        close(fd);
        return -1;
    }
    return fd;
}

static void cluster_some(nd_cluster *c)
{
    static const char *const articles[] = {
        "{\"id\": \"f1\", \"published\": \"2024-03-01\", \"text\": \"Assad met Baqeri in Damascus on Tuesday to discuss the war.\"}\n",
        "{\"id\": \"f2\", \"published\": \"2024-03-02\", \"text\": \"Baqeri and Assad talked in Damascus about the war on Tuesday.\"}\n",
        "{\"id\": \"f3\", \"published\": \"2031-01-01\", \"text\": \"The harbour bridge reopened after repairs.\"}\n",
    };
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = fuzz_on_diagnostic;
    nd_desk *desk = nd_desk_new(&options);
    if (!desk)
        return;
    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++)
        (void)nd_desk_read_buffer(desk, "fuzz.jsonl", articles[i], strlen(articles[i]));
    int rc = nd_desk_cluster(desk, c, check_result, NULL);
    FUZZ_CHECK(rc == ND_OK || rc == ND_ENOMEM);
    nd_desk_free(desk);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64], saved_path[64], again_path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    nd_cluster *c = nd_cluster_new(NULL);
    if (!c) {
        close(fd);
        return 0;
    }
    int rc = nd_cluster_load(c, path);
    close(fd);
    FUZZ_CHECK(rc == ND_OK || rc == ND_EFORMAT || rc == ND_ETOOBIG || rc == ND_EOPTIONS || rc == ND_ENOMEM);
    const char *why = nd_cluster_load_error(c);
    FUZZ_CHECK(why != NULL);
    FUZZ_CHECK((rc == ND_OK) == (why[0] == '\0'));
    if (rc == ND_OK) {
        int saved = save(c, saved_path, sizeof saved_path);
        nd_cluster *again = saved >= 0 ? nd_cluster_new(NULL) : NULL;
        if (again) {
            int again_rc = nd_cluster_load(again, saved_path);
            FUZZ_CHECK(again_rc == ND_OK || again_rc == ND_ENOMEM);
            int resaved = again_rc == ND_OK ? save(again, again_path, sizeof again_path) : -1;
            if (resaved >= 0) {
                size_t first_len = 0, second_len = 0;
                char *first = fuzz_file_content(saved, &first_len);
                char *second = fuzz_file_content(resaved, &second_len);
                if (first && second) {
                    FUZZ_CHECK(first_len == second_len);
                    FUZZ_CHECK(memcmp(first, second, first_len) == 0);
                }
                free(first);
                free(second);
                close(resaved);
            }
            nd_cluster_free(again);
        }
        if (saved >= 0)
            close(saved);
    }
    cluster_some(c);
    nd_cluster_free(c);
    return 0;
}
