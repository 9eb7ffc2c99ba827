/*
 * fuzz_html.c: libFuzzer harness for HTML pages, through the extractor and the public
 * interface.
 *
 *   1. nd__html_extract (src/read/html.h) on the bytes: on success every field is NULL or a
 *      NUL-terminated valid UTF-8 string, the body is never NULL and body_len is its length,
 *      the date has the documented shape; on failure the document is left empty.
 *   2. nd_engine_read_buffer as "x.html" (the format detector decides; HTML for most inputs),
 *      then cleaning, deduplication and the checks of fuzz_check.h on everything the engine hands out.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "html.h"
#include "newsdesk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The extractor's strings are NUL-terminated valid UTF-8: html.c replaces the bytes libxml2 2.9
 * passes through unconverted (invalid in the page's encoding) with U+FFFD. */
static void check_bytes(const char *s, size_t len)
{
    FUZZ_CHECK(strlen(s) == len);
    FUZZ_CHECK(fuzz_valid_utf8(s, len));
}

static void check_optional(const char *s)
{
    if (s)
        check_bytes(s, strlen(s));
}

static void extract(const char *bytes, size_t size)
{
    nd__html_doc doc;
    memset(&doc, 0x5A, sizeof doc); /* the extractor must fill every field itself */
    int rc = nd__html_extract(bytes, size, &doc);
    if (rc == ND_OK) {
        check_optional(doc.title);
        check_optional(doc.url);
        check_optional(doc.source);
        check_optional(doc.published);
        if (doc.published)
            FUZZ_CHECK(fuzz_is_date(doc.published));
        FUZZ_CHECK(doc.body != NULL);
        check_bytes(doc.body, doc.body_len);
    } else {
        FUZZ_CHECK(rc == ND_EFORMAT || rc == ND_ENOMEM || rc == ND_ETOOBIG);
        FUZZ_CHECK(doc.title == NULL && doc.published == NULL && doc.url == NULL &&
                   doc.source == NULL && doc.body == NULL);
    }
    nd__html_doc_free(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    extract(bytes, size);

    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = fuzz_on_diagnostic;
    nd_engine *desk = fuzz_engine_new(&options);
    if (!desk)
        return 0;
    fuzz_read(desk, "x.html", bytes, size);
    fuzz_check_pipeline(desk, (size_t)options.min_passage_words);
    nd_engine_free(desk);
    return 0;
}
