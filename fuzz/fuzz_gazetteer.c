/*
 * fuzz_gazetteer.c: libFuzzer harness for the gazetteer loader (nd_gazetteer_load), the parser
 * of build/gazetteer/places.tsv (KEY, KIND, NAME, COUNTRY, LATITUDE, LONGITUDE by tabs).
 *
 * The input is the gazetteer file. A load ends in a status newsdesk.h lists; a gazetteer that
 * loads never counts more names than the file has lines, and is then used: every key of the
 * file is looked up (nd__gazetteer_find, never a first name; nd__gazetteer_given), each entry
 * followed along its `next` chain, and an extraction runs over a short article naming places,
 * with the facts checked as fuzz_extract.c checks them.
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
#include "fuzz_facts.h"
#include "gazetteer.h"
#include "desk.h"
#include "newsdesk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Looks up the first field of every line, following each chain of entries to its end. */
static void look_up_keys(const nd_gazetteer *g, const char *bytes, size_t size)
{
    size_t start = 0;
    while (start < size) {
        const char *nl = memchr(bytes + start, '\n', size - start);
        size_t end = nl ? (size_t)(nl - bytes) : size;
        const char *tab = memchr(bytes + start, '\t', end - start);
        size_t key_len = tab ? (size_t)(tab - bytes) - start : end - start;
        const nd__place *p = nd__gazetteer_find(g, bytes + start, key_len);
        FUZZ_CHECK(!p || p->kind != ND__PLACE_GIVEN); /* a first name is never a place */
        char given = 0;
        const nd__place *both = nd__gazetteer_find_given(g, bytes + start, key_len, &given);
        FUZZ_CHECK(both == p && given == nd__gazetteer_given(g, bytes + start, key_len));
        size_t steps = 0;
        while (p) {
            FUZZ_CHECK(p->name != NULL && p->country != NULL);
            (void)strlen(p->name);
            (void)strlen(p->country);
            FUZZ_CHECK(p->kind <= ND__PLACE_GIVEN);
            FUZZ_CHECK(++steps <= nd_gazetteer_count(g));
            p = p->next >= 0 ? nd__gazetteer_entry(g, p->next) : NULL;
        }
        start = end + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    char path[64];
    int fd = fuzz_file(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    nd_gazetteer *g = NULL;
    int rc = nd_gazetteer_load(path, &g);
    close(fd);
    FUZZ_CHECK(rc == ND_OK || rc == ND_ETOOBIG || rc == ND_ENOMEM);
    FUZZ_CHECK((rc == ND_OK) == (g != NULL));
    if (!g)
        return 0;
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += bytes[i] == '\n';
    FUZZ_CHECK(nd_gazetteer_count(g) <= lines);
    look_up_keys(g, bytes, size);

    static const char article[] =
        "DAMASCUS, Syria (AP) - Iranian and Syrian officials met in Damascus and Aleppo on Tuesday.\n\n"
        "\"We will stand together,\" said the Iranian general, who flew in from Tehran, Iran.\n";
    nd_options options;
    nd_options_init(&options);
    options.on_diagnostic = fuzz_on_diagnostic;
    tdesk *desk = tdesk_new(&options);
    if (desk) {
        (void)tdesk_read_buffer(desk, "fuzz.txt", article, sizeof article - 1);
        fuzz_check_extraction(desk, g);
        tdesk_free(desk);
    }
    nd_gazetteer_free(g);
    return 0;
}
