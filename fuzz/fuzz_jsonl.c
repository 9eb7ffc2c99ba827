/*
 * fuzz_jsonl.c: libFuzzer harness for JSON Lines, through the line parser and the public
 * interface.
 *
 * Two passes over the same bytes:
 *   1. Each line goes to nd__parse_json_article (src/read/read.h), and the fields it hands back are
 *      checked: a parsed article has a non-empty id, every length matches its string.
 *   2. The whole input goes to nd_engine_read_buffer as "fuzz.jsonl". When the format detector
 *      would not take it for JSON Lines (it must open with '{'), a line "{}" is put in front so
 *      that it does (a NUL byte then costs only its line). The engine is
 *      then cleaned and deduplicated and everything it gives out is checked (fuzz_check.h).
 * Templates need only two articles of one source here, so that short inputs reach that code.
 */
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "fuzz_check.h"
#include "newsdesk.h"
#include "read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_raw_field(const char *text, size_t len)
{
    if (!text) {
        FUZZ_CHECK(len == 0);
        return;
    }
    FUZZ_CHECK(strlen(text) == len);
}

static void parse_lines(const char *bytes, size_t size)
{
    size_t start = 0;
    while (start < size) {
        const char *nl = memchr(bytes + start, '\n', size - start);
        size_t end = nl ? (size_t)(nl - bytes) : size;
        cJSON *json = NULL;
        nd__raw_article raw;
        const char *why = NULL;
        size_t consumed = 0;
        int rc = nd__parse_json_article(bytes + start, end - start, &json, &raw, &why, &consumed);
        FUZZ_CHECK(consumed <= end - start);
        if (rc == ND_OK) {
            FUZZ_CHECK(raw.id != NULL && raw.id_len > 0);
            check_raw_field(raw.id, raw.id_len);
            check_raw_field(raw.title, raw.title_len);
            check_raw_field(raw.source, raw.source_len);
            check_raw_field(raw.url, raw.url_len);
            check_raw_field(raw.published, raw.published_len);
            check_raw_field(raw.text, raw.text_len);
            FUZZ_CHECK(!raw.text_is_html || raw.text != NULL);
        } else {
            FUZZ_CHECK(rc == ND_EFORMAT || rc == ND_ENOMEM);
            FUZZ_CHECK(why != NULL);
            (void)strlen(why);
        }
        cJSON_Delete(json);
        start = end + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    parse_lines(bytes, size);

    nd_options options;
    nd_options_init(&options);
    options.template_min_articles = 2;
    options.min_passage_words = 1 + (int)(size % 13);
    options.on_diagnostic = fuzz_on_diagnostic;
    nd_engine *desk = fuzz_engine_new(&options);
    if (!desk)
        return 0;

    char *owned = NULL;
    const char *input = bytes;
    size_t input_len = size;
    if (nd__detect_format(bytes, size) != ND__FORMAT_JSONL) {
        /* Exactly input_len bytes, not NUL-terminated, as the fuzzer's own buffer. */
        owned = malloc(size + 3);
        if (!owned) {
            nd_engine_free(desk);
            return 0;
        }
        memcpy(owned, "{}\n", 3);
        if (size)
            memcpy(owned + 3, bytes, size);
        input = owned;
        input_len = size + 3;
    }
    fuzz_read(desk, "fuzz.jsonl", input, input_len);
    free(owned);

    fuzz_check_pipeline(desk, (size_t)options.min_passage_words);
    nd_engine_free(desk);
    return 0;
}
