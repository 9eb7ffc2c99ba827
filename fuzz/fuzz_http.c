/*
 * fuzz_http.c: libFuzzer harness for the request parsing that is newsdesk's own (src/serve/http.c):
 * the input's first line is a method and path, the rest a query string. Checks that a matched
 * route never carries an id with '/', NUL or a ".." segment, that every query key and value is
 * a NUL-terminated string inside the query's own storage, that decoding never grows the text,
 * and that the number and date checks agree with a plain reading.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "newsdesk.h"

/* abort() with the broken invariant, so that the fuzzer records a crash and the replay fails
 * (fuzz_check.h's checks are about articles; this harness needs only the macro). */
#define FUZZ_CHECK(expr)                                                                    \
    do {                                                                                    \
        if (!(expr)) {                                                                      \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #expr);    \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384)
        return 0;
    const char *bytes = (const char *)data;
    const char *nl = memchr(bytes, '\n', size);
    size_t first = nl ? (size_t)(nl - bytes) : size;
    char line[2048];
    size_t n = first < sizeof line - 1 ? first : sizeof line - 1;
    memcpy(line, bytes, n);
    line[n] = '\0';
    char *space = strchr(line, ' ');
    const char *method = "GET", *path = line;
    if (space) {
        *space = '\0';
        method = line;
        path = space + 1;
    }
    nd__route route;
    int allowed;
    int rc = nd__route_match(method, path, &route, &allowed);
    FUZZ_CHECK(rc == ND_OK || rc == ND_EINVAL || rc == ND_ETOOBIG);
    if (rc == ND_OK && route.kind != ND__ROUTE_NONE) {
        FUZZ_CHECK(strchr(route.id, '/') == NULL);
        FUZZ_CHECK(strcmp(route.id, "..") != 0 && strcmp(route.id, ".") != 0);
        FUZZ_CHECK(strlen(route.id) <= ND__HTTP_MAX_ID_BYTES);
    }
    const char *rest = nl ? nl + 1 : bytes + size;
    size_t rest_len = (size_t)(bytes + size - rest);
    nd__query *query = malloc(sizeof *query);
    if (!query)
        return 0;
    rc = nd__query_parse(rest, rest_len, query);
    FUZZ_CHECK(rc == ND_OK || rc == ND_EFORMAT || rc == ND_ETOOBIG);
    if (rc == ND_OK) {
        FUZZ_CHECK(query->count <= ND__HTTP_MAX_PARAMS);
        size_t total = 0;
        for (size_t i = 0; i < query->count; i++) {
            const char *k = query->keys[i], *v = query->values[i];
            FUZZ_CHECK(k >= query->storage && k < query->storage + sizeof query->storage);
            FUZZ_CHECK(v >= query->storage && v < query->storage + sizeof query->storage);
            total += strlen(k) + strlen(v);
            FUZZ_CHECK(nd__query_get(query, k) != NULL);
            long long number;
            if (nd__parse_bounded(v, 0, 1000000, &number) == ND_OK) {
                FUZZ_CHECK(number >= 0 && number <= 1000000);
                FUZZ_CHECK(strtoll(v, NULL, 10) == number);
            }
            if (nd__is_iso_date(v))
                FUZZ_CHECK(strlen(v) >= 10 && v[4] == '-' && v[7] == '-');
        }
        FUZZ_CHECK(total <= rest_len);
    }
    char *decoded = malloc(rest_len + 1);
    if (decoded) {
        long d = nd__percent_decode(rest, rest_len, decoded, 1);
        FUZZ_CHECK(d < 0 || ((size_t)d <= rest_len && strlen(decoded) == (size_t)d));
        free(decoded);
    }
    free(query);
    return 0;
}
