/*
 * fuzz_text.c: libFuzzer harness for plain-text articles, through the public interface.
 *
 * The input is read as one file "fuzz.txt" (the format detector decides; for most inputs that
 * is plain text, with its optional " date YYYY-MM-DD" header), and then, so that the copy finder
 * has pairs to work on, each piece of the input between separator lines "\n%%\n" is read as one
 * more article "partN.txt". Every piece is a copy of part of the first article, so exact copies,
 * near copies and shared passages all occur. The engine is then cleaned and deduplicated, and
 * every accessor is checked against the promises of newsdesk.h (fuzz_check.h).
 *
 * The shortest passage reported depends on the input length, so that both the default (12) and
 * very short passages are tried without spending input bytes on options.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_check.h"
#include "newsdesk.h"

#define MAX_PIECES 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    nd_options options;
    nd_options_init(&options);
    options.min_passage_words = 1 + (int)(size % 13);
    options.on_diagnostic = fuzz_on_diagnostic;
    nd_engine *desk = fuzz_engine_new(&options);
    if (!desk)
        return 0;

    fuzz_read(desk, "fuzz.txt", bytes, size);

    static const char separator[] = "\n%%\n";
    const size_t separator_len = sizeof separator - 1;
    size_t start = 0, pieces = 0;
    int found_separator = 0;
    while (start <= size && pieces < MAX_PIECES) {
        size_t end = start;
        while (end + separator_len <= size && memcmp(bytes + end, separator, separator_len) != 0)
            end++;
        int last = end + separator_len > size;
        if (last)
            end = size;
        if (!last || found_separator) {
            char name[32];
            snprintf(name, sizeof name, "part%zu.txt", pieces++);
            fuzz_read(desk, name, bytes + start, end - start);
        }
        if (last)
            break;
        found_separator = 1;
        start = end + separator_len;
    }

    fuzz_check_pipeline(desk, (size_t)options.min_passage_words);
    nd_engine_free(desk);
    return 0;
}
