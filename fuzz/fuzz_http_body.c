/*
 * fuzz_http_body.c: libFuzzer harness for HTTP body decoding (src/read/http_body.c). The first
 * byte picks the codings (chunked or not; none, gzip, deflate, x-gzip, br), the rest is the
 * body. Every call ends with a documented status; a decoded body stays within the ceiling of
 * its buffer and is NUL-terminated; an undecodable coding is refused, never half-read.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "http_body.h"
#include "newsdesk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char *const contents[] = {"", "gzip", "deflate", "x-gzip", "br", "identity", "gzip, deflate", ""};
    const char *transfer = data[0] & 1 ? "chunked" : "";
    const char *content = contents[(data[0] >> 1) & 7];
    nd__buf out;
    nd__buf_init(&out, 1u << 20);
    const char *why = NULL;
    int rc = nd__http_body_decode((const char *)data + 1, size - 1, transfer, content, &out, &why);
    FUZZ_CHECK(rc == ND_OK || rc == ND_EFORMAT || rc == ND_ETOOBIG || rc == ND_ENOMEM);
    FUZZ_CHECK(why != NULL);
    FUZZ_CHECK(out.len <= (1u << 20));
    if (out.data)
        FUZZ_CHECK(out.data[out.len] == '\0');
    if (!nd__http_body_decodable(transfer, content))
        FUZZ_CHECK(rc == ND_EFORMAT);
    if (rc == ND_OK && !transfer[0] && (!content[0] || strcmp(content, "identity") == 0))
        FUZZ_CHECK(out.len == size - 1 && memcmp(out.data ? out.data : "", data + 1, size - 1) == 0);
    nd__buf_release(&out);
    return 0;
}
