/*
 * fuzz_opml.c: libFuzzer harness for OPML subscription lists: nd__opml_parse, then the list
 * written back (nd__opml_write) must parse to the same urls and titles.
 */
#include "feed_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nd__opml_entry *entries;
    size_t count;
    char why[256];
    int rc = nd__opml_parse((const char *)data, size, &entries, &count, why, sizeof why);
    if (rc != ND_OK) {
        FUZZ_CHECK(rc == ND_EFORMAT || rc == ND_ETOOBIG || rc == ND_ENOMEM);
        FUZZ_CHECK(entries == NULL && count == 0);
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        FUZZ_CHECK(entries[i].url != NULL);
        feed_check_string(entries[i].url);
        feed_check_string(entries[i].title);
    }
    char *written;
    if (nd__opml_write(entries, count, "fuzz", &written) == ND_OK) {
        nd__opml_entry *again;
        size_t again_count;
        FUZZ_CHECK(nd__opml_parse(written, strlen(written), &again, &again_count, why, sizeof why) == ND_OK);
        FUZZ_CHECK(again_count == count);
        for (size_t i = 0; i < count; i++) {
            FUZZ_CHECK(strcmp(again[i].url, entries[i].url) == 0);
            FUZZ_CHECK((again[i].title == NULL) == (entries[i].title == NULL) ||
                       (entries[i].title == NULL && strcmp(again[i].title, entries[i].url) == 0));
        }
        nd__opml_free(again, again_count);
        free(written);
    }
    nd__opml_free(entries, count);
    return 0;
}
