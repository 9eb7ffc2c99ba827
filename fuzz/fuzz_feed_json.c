/*
 * fuzz_feed_json.c: libFuzzer harness for JSON Feed through nd__feed_parse: the bytes are put
 * after a '{' so that the JSON parser, not the XML one, takes them; checks of feed_check.h.
 */
#include <stdlib.h>

#include "feed_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 2);
    if (!copy)
        return 0;
    copy[0] = '{';
    memcpy(copy + 1, data, size);
    feed_check(copy, size + 1);
    free(copy);
    return 0;
}
