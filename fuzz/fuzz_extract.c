/*
 * fuzz_extract.c: libFuzzer harness for the extractor, text to facts (nd_desk_extract): people,
 * organisations and places with their variants, dates resolved against the publication date,
 * quotes and their speakers, datelines, cited sources.
 *
 * The input is read as one file "fuzz.txt" (the format detector decides: plain text with its
 * optional " date YYYY-MM-DD" header, or JSON Lines with "published"), and each piece between
 * separator lines "\n%%\n" as one more article, so that names are made canonical across
 * articles and undated articles take a date from their story. The facts are extracted twice,
 * without a gazetteer and with a small one of our own (countries, a demonym, cities, a key given
 * twice), and checked against the promises of newsdesk.h (fuzz_facts.h).
 */
#define _GNU_SOURCE /* memfd_create */
#pragma GCC diagnostic ignored "-Wunused-function" /* fuzz_check.h helpers this harness needs not */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "fuzz_facts.h"
#include "fuzz_file.h"
#include "newsdesk.h"

#define MAX_PIECES 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const nd_gazetteer *small_gazetteer(void)
{
    static nd_gazetteer *g;
    static int tried;
    if (!tried) {
        static const char places[] =
            "syria\tcountry\tSyria\tSY\t35\t38\n"
            "iran\tcountry\tIran\tIR\t32\t53\n"
            "iranian\tdemonym\tIran\tIR\t32\t53\n"
            "syrian\tdemonym\tSyria\tSY\t35\t38\n"
            "damascus\tcity\tDamascus\tSY\t33.51\t36.29\n"
            "tehran\tcity\tTehran\tIR\t35.69\t51.39\n"
            "aleppo\tcity\tAleppo\tSY\t36.2\t37.16\n"
            "georgia\tcountry\tGeorgia\tGE\t42\t43.5\n"
            "georgia\tcity\tGeorgia\tUS\t33\t-83.5\n"
            "new york\tcity\tNew York\tUS\t40.71\t-74.01\n";
        char path[64];
        int fd = fuzz_file(places, sizeof places - 1, path, sizeof path);
        if (fd >= 0) {
            FUZZ_CHECK(nd_gazetteer_load(path, &g) == ND_OK);
            close(fd);
        }
        tried = 1;
    }
    return g;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = fuzz_on_diagnostic;
    nd_desk *desk = nd_desk_new(&options);
    if (!desk)
        return 0;
    fuzz_read(desk, "fuzz.txt", bytes, size);
    static const char separator[] = "\n%%\n";
    const size_t separator_len = sizeof separator - 1;
    size_t start = 0, pieces = 0;
    while (start < size && pieces < MAX_PIECES) {
        const char *at = NULL;
        for (size_t i = start; i + separator_len <= size; i++)
            if (memcmp(bytes + i, separator, separator_len) == 0) {
                at = bytes + i;
                break;
            }
        if (!at && pieces == 0)
            break; /* no separator: the whole input was the one article */
        size_t end = at ? (size_t)(at - bytes) : size;
        char name[32];
        snprintf(name, sizeof name, "part%zu.txt", pieces++);
        fuzz_read(desk, name, bytes + start, end - start);
        start = end + separator_len;
    }
    fuzz_check_extraction(desk, NULL);
    fuzz_check_extraction(desk, small_gazetteer());
    nd_desk_free(desk);
    return 0;
}
