/*
 * fuzz_store_state.c: libFuzzer harness for what the store parses back: the engine state blob.
 *
 * The input is put into a fresh in-memory store as the cluster state (engine_state "cluster"),
 * as a damaged or hand-edited database would hold it, and then a small ingest runs on that
 * store: it loads the blob (nd_cluster_load_buffer, through nd_desk_ingest's own path) and, when
 * the blob is accepted, clusters three articles against it and stores them. Checked: a rejected
 * state is ND_EFORMAT, ND_ETOOBIG or ND_ENOMEM and leaves the store without articles; an
 * accepted one stores all three articles with story numbers that the export gives back, every
 * story at least 1.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "newsdesk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char articles[] =
    "{\"id\": \"z1\", \"published\": \"2020-02-03\", \"source\": \"north\", \"title\": \"Dam gate fails at Orlin\", "
    "\"text\": \"The north gate of the Orlin dam failed on Monday. Engineer Pia Sand said 40 homes were "
    "warned.\"}\n"
    "{\"id\": \"z2\", \"published\": \"2020-02-04\", \"source\": \"south\", \"title\": \"Orlin dam gate repaired\", "
    "\"text\": \"Crews repaired the north gate of the Orlin dam a day after it failed, Pia Sand said.\"}\n"
    "{\"id\": \"z3\", \"source\": \"east\", \"title\": \"Orlin dam gate repaired\", "
    "\"text\": \"Crews repaired the north gate of the Orlin dam a day after it failed, Pia Sand said.\"}\n";

typedef struct seen {
    int count;
} seen;

static int check_row(void *user, const nd_store_assignment *row)
{
    seen *s = user;
    FUZZ_CHECK(row->story >= 1 && row->storyline >= 1);
    FUZZ_CHECK(fuzz_valid_utf8(row->id, strlen(row->id)));
    s->count++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nd_store *store;
    if (nd_store_open(":memory:", &store) != ND_OK)
        return 0;
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = fuzz_on_diagnostic;
    nd_desk *desk = nd_desk_new(&options);
    if (desk)
        fuzz_read(desk, "fuzz.jsonl", articles, sizeof articles - 1);
    if (!desk || nd_desk_article_count(desk) != 3 || nd_store_state_put(store, "cluster", data, size) != ND_OK) {
        nd_desk_free(desk);
        nd_store_close(store);
        return 0;
    }
    nd_ingest_stats stats;
    int rc = nd_desk_ingest(desk, store, NULL, 2, &stats);
    nd_store_counts counts;
    FUZZ_CHECK(nd_store_count(store, &counts) == ND_OK);
    if (rc == ND_OK) {
        FUZZ_CHECK(stats.added == 3 && counts.articles == 3);
        seen s = {0};
        FUZZ_CHECK(nd_store_export(store, check_row, &s) == ND_OK);
        FUZZ_CHECK(s.count == 3);
    } else {
        FUZZ_CHECK(rc == ND_EFORMAT || rc == ND_ETOOBIG || rc == ND_ENOMEM);
        FUZZ_CHECK(counts.articles == 0 && stats.added == 0);
    }
    fuzz_check_pipeline(desk, 12); /* the desk is whole after the ingest, whatever the state was */
    nd_desk_free(desk);
    nd_store_close(store);
    return 0;
}
