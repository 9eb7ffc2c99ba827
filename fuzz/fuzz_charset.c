/*
 * fuzz_charset.c: libFuzzer harness for encoding detection (src/read/charset.c): on any bytes,
 * nd__charset_detect names one of the encodings it promises, the declared names read from an
 * XML declaration or a Content-Type are within their buffer and made of name characters only,
 * and bytes detected as UTF-8 are valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "fuzz_check.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_name(const char *name, size_t len, size_t size)
{
    FUZZ_CHECK(len < size && strlen(name) == len);
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK(name[i] != '"' && name[i] != ' ' && name[i] != ';' && name[i] != '>');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    static const char *const names[] = {"UTF-8", "EUC-JP", "SHIFT_JIS", "GB18030", "KOI8-R", "WINDOWS-1251",
                                        "WINDOWS-1252"};
    const char *detected = nd__charset_detect(bytes, size);
    int known = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        known |= strcmp(detected, names[i]) == 0;
    FUZZ_CHECK(known);
    if (size <= (64u << 10) && strcmp(detected, "UTF-8") == 0)
        FUZZ_CHECK(nd__utf8_valid(bytes, size, 1));
    if (nd__charset_proves_utf8(bytes, size, 1))
        FUZZ_CHECK(strcmp(detected, "UTF-8") == 0);
    char name[16];
    size_t len = nd__charset_of_xml(bytes, size, name, sizeof name);
    check_name(name, len, sizeof name);
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    len = nd__charset_of_content_type(text, name, sizeof name);
    check_name(name, len, sizeof name);
    free(text);
    return 0;
}
