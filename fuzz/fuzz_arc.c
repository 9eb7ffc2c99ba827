/*
 * fuzz_arc.c: libFuzzer harness for ARC files (the format before WARC, read by
 * src/read/warc.c): the input follows a fixed filedesc:// record, so that every run reads ARC
 * record headers and blocks (and their HTTP codings); the checks are those of fuzz_warc.c's
 * walk, and the engine reads the same bytes as "x.arc".
 */
#include <stdlib.h>
#include <string.h>

#define LLVMFuzzerTestOneInput fuzz_warc_one_input
#include "fuzz_warc.c"
#undef LLVMFuzzerTestOneInput

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char desc[] = "filedesc://fuzz.arc 0.0.0.0 20040506070809 text/plain 12\n1 0 Fuzzing\n\n";
    uint8_t *arc = malloc(sizeof desc - 1 + size);
    if (!arc)
        return 0;
    memcpy(arc, desc, sizeof desc - 1);
    memcpy(arc + sizeof desc - 1, data, size);
    int rc = fuzz_warc_one_input(arc, sizeof desc - 1 + size);
    free(arc);
    return rc;
}
