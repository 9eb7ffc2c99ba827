/*
 * fuzz_engine_state.c: the engine's state loader (nd_engine_load), which reads blobs the store
 * keeps and a user may hand over. Any bytes must be refused with a status or loaded into a state
 * the engine can go on from: after a load that succeeds, a few articles (one a copy of text that
 * may sit in the loaded window) go through templates and copies, every result checked.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "newsdesk.h"

static const char feed[] =
    "{\"id\":\"f1\",\"source\":\"s\",\"title\":\"Harbour wall\",\"published\":\"2024-01-02\",\"text\":\"The harbour "
    "authority said the northern breakwater will be rebuilt over two summers after storms opened a gap in its "
    "outer wall.\\nShare this story.\"}\n"
    "{\"id\":\"f2\",\"source\":\"s\",\"title\":\"Harbour wall\",\"text\":\"The harbour authority said the northern "
    "breakwater will be rebuilt over two summers after storms opened a gap in its outer wall.\\nShare this story.\"}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = fuzz_on_diagnostic;
    options.reorder_window = 1;
    options.copy_window = 8;
    nd_engine *engine = fuzz_engine_new(&options); /* copies stage; every result checked */
    if (!engine)
        return 0;
    int rc = nd_engine_load(engine, (const char *)data, size);
    FUZZ_CHECK(rc == ND_OK || rc == ND_EFORMAT || rc == ND_ENOMEM);
    if (rc == ND_OK) {
        fuzz_read(engine, "feed.jsonl", feed, strlen(feed));
        fuzz_check_pipeline(engine, (size_t)options.min_passage_words);
        char *blob = NULL;
        size_t len = 0;
        rc = nd_engine_save(engine, &blob, &len);
        FUZZ_CHECK(rc == ND_OK || rc == ND_ENOMEM);
        free(blob);
    }
    nd_engine_free(engine);
    return 0;
}
