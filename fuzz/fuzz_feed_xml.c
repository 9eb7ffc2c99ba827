/*
 * fuzz_feed_xml.c: libFuzzer harness for XML feeds (RSS 2.0, RSS 1.0, Atom) through
 * nd__feed_parse, and for the feed date parser; checks of feed_check.h. A leading '{' would
 * send the bytes to the JSON Feed parser, which has its own harness, so it is replaced by '<'.
 */
#include <stdlib.h>

#include "feed_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    for (size_t i = 0; i < size && (copy[i] == ' ' || copy[i] == '\n' || copy[i] == '{'); i++)
        if (copy[i] == '{')
            copy[i] = '<';
    feed_check(copy, size);
    free(copy);
    return 0;
}
