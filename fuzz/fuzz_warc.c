/*
 * fuzz_warc.c: libFuzzer harness for web archives (src/read/warc.c).
 *
 *   1. nd__warc_next over the bytes, as a plain WARC or as gzip (the reader decides): every call
 *      ends (a record, a reported bad piece, or the end), a record's fields lie within their
 *      ceilings, its offset within the input (or the uncompressed stream), statuses are the
 *      documented ones, messages NUL-terminated.
 *   2. nd_engine_read_buffer as "x.warc.gz", then templates, copies and the checks of
 *      fuzz_check.h on every result the engine hands out.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "limits.h"
#include "newsdesk.h"
#include "warc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct memory {
    const uint8_t *data;
    size_t size, at;
} memory;

static long read_memory(void *source, char *buf, size_t cap)
{
    memory *m = source;
    size_t n = m->size - m->at;
    if (n > cap)
        n = cap;
    /* hand out odd-sized pieces so that every buffer boundary is crossed */
    if (n > 7 && (m->at & 1))
        n = 7;
    memcpy(buf, m->data + m->at, n);
    m->at += n;
    return (long)n;
}

static void walk(const uint8_t *data, size_t size)
{
    memory source = {data, size, 0};
    nd__warc *w;
    if (nd__warc_open(&w, read_memory, &source, NULL, 0) != ND_OK)
        return;
    nd__warc_record record;
    int rc;
    uint64_t calls = 0, last_records = 0;
    while ((rc = nd__warc_next(w, &record)) != ND__WARC_END) {
        calls++;
        const nd__warc_stats *stats = nd__warc_stats_of(w);
        /* every call but a read error moves on by at least one record */
        FUZZ_CHECK(rc == ND_EIO || stats->records > last_records || stats->records == 0);
        last_records = stats->records;
        if (rc == ND_OK) {
            FUZZ_CHECK(record.raw.text_is_html);
            FUZZ_CHECK(record.raw.text_len <= ND_MAX_ARTICLE_BYTES);
            (void)memchr(record.raw.text, 0, record.raw.text_len); /* readable */
            FUZZ_CHECK(record.raw.id && record.raw.id_len > 0);
            FUZZ_CHECK(record.raw.url_len < 1024 && record.raw.published_len < 1024);
            if (record.raw.charset)
                (void)strlen(record.raw.charset);
            if (!record.offset_uncompressed)
                FUZZ_CHECK(record.offset < size);
        } else if (rc == ND_ENOMEM) {
            break;
        } else {
            FUZZ_CHECK(rc == ND_EFORMAT || rc == ND_ETOOBIG || rc == ND_EIO);
            FUZZ_CHECK(strlen(nd__warc_message(w)) > 0);
        }
        if (calls > 1000000)
            break; /* a gzip bomb of tiny records: enough */
    }
    const nd__warc_stats *stats = nd__warc_stats_of(w);
    FUZZ_CHECK(stats->articles + stats->not_html + stats->other + stats->corrupt + stats->too_big <=
               stats->records + 1);
    nd__warc_free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    walk(data, size);

    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = fuzz_on_diagnostic;
    nd_engine *desk = fuzz_engine_new(&options);
    if (!desk)
        return 0;
    fuzz_read(desk, "x.warc.gz", (const char *)data, size);
    fuzz_check_pipeline(desk, (size_t)options.min_passage_words);
    nd_engine_free(desk);
    return 0;
}
