/*
 * http.c: request parsing of our own for the server (serve.c): percent-decoding, query strings,
 * bounded numbers and dates, and the route table. Takes raw bytes from the network and gives
 * decoded, bounded values or an error; never allocates, never reads past the lengths given.
 * A route is matched on whole decoded segments, so no request can name anything outside the
 * table (there are no files to serve: pages and styles are written by pages.c).
 */
#include "http.h"

#include <string.h>

#include "date.h"
#include "newsdesk.h"
#include "util.h"

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

long nd__percent_decode(const char *in, size_t len, char *out, int plus_is_space)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '%') {
            if (i + 2 >= len)
                return -1;
            int hi = hex_value((unsigned char)in[i + 1]), lo = hex_value((unsigned char)in[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_is_space)
            c = ' ';
        if (c == '\0')
            return -1;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return (long)o;
}

int nd__query_parse(const char *text, size_t len, nd__query *query)
{
    query->count = 0;
    size_t used = 0, i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && text[end] != '&')
            end++;
        if (end > i) {
            size_t eq = i;
            while (eq < end && text[eq] != '=')
                eq++;
            size_t key_len = eq - i, value_len = eq < end ? end - eq - 1 : 0;
            /* Decoding never lengthens, so the raw lengths bound what is stored. */
            if (query->count == ND__HTTP_MAX_PARAMS || used + key_len + value_len + 2 > sizeof query->storage)
                return ND_ETOOBIG;
            char *key = query->storage + used;
            long k = nd__percent_decode(text + i, key_len, key, 1);
            if (k < 0)
                return ND_EFORMAT;
            used += (size_t)k + 1;
            char *value = query->storage + used;
            long v = eq < end ? nd__percent_decode(text + eq + 1, value_len, value, 1) : 0;
            if (v < 0)
                return ND_EFORMAT;
            if (eq >= end)
                value[0] = '\0';
            used += (size_t)v + 1;
            query->keys[query->count] = key;
            query->values[query->count] = value;
            query->count++;
        }
        i = end + 1;
    }
    return ND_OK;
}

const char *nd__query_get(const nd__query *query, const char *key)
{
    for (size_t i = query->count; i-- > 0;)
        if (strcmp(query->keys[i], key) == 0)
            return query->values[i];
    return NULL;
}

int nd__parse_bounded(const char *text, long long min, long long max, long long *out)
{
    if (!text || !*text)
        return ND_EINVAL;
    long long value = 0;
    int negative = 0;
    size_t i = 0;
    if (text[0] == '-') {
        negative = 1;
        i = 1;
    }
    if (!text[i])
        return ND_EINVAL;
    for (; text[i]; i++) {
        int digit = text[i] - '0';
        if (!nd__is_digit((unsigned char)text[i]) || value > ((long long)(~0ULL >> 1) - digit) / 10)
            return ND_EINVAL;
        value = value * 10 + digit;
    }
    if (negative)
        value = -value;
    if (value < min || value > max)
        return ND_EINVAL;
    *out = value;
    return ND_OK;
}

int nd__is_iso_date(const char *text)
{
    if (!text)
        return 0;
    size_t n = strlen(text);
    if (n < 10 || n > 40)
        return 0;
    for (size_t i = 0; i < 10; i++) {
        int want_dash = i == 4 || i == 7;
        if (want_dash ? text[i] != '-' : !nd__is_digit((unsigned char)text[i]))
            return 0;
    }
    int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    int month = (text[5] - '0') * 10 + (text[6] - '0'), day = (text[8] - '0') * 10 + (text[9] - '0');
    if (!nd__date_valid(year, month, day))
        return 0;
    if (n == 10)
        return 1;
    if (text[10] != 'T' && text[10] != ' ')
        return 0;
    for (size_t i = 11; i < n; i++)
        if (!(nd__is_digit((unsigned char)text[i]) || text[i] == ':' || text[i] == '.' || text[i] == 'Z' ||
              text[i] == '+' || text[i] == '-'))
            return 0;
    return 1;
}

/* ---- routes ---------------------------------------------------------------------------------- */
#define MAX_SEGMENTS 4

typedef struct route_entry {
    const char *method;
    const char *pattern[MAX_SEGMENTS]; /* "*" is the {id}; NULL ends */
    nd__route_kind kind;
    int is_api, write;
} route_entry;

static const route_entry routes[] = {
    {"GET", {NULL}, ND__ROUTE_FRONT, 0, 0},
    {"GET", {"stories", "*", NULL}, ND__ROUTE_STORY_PAGE, 0, 0},
    {"GET", {"storylines", "*", NULL}, ND__ROUTE_STORYLINE_PAGE, 0, 0},
    {"GET", {"entities", "*", NULL}, ND__ROUTE_ENTITY_PAGE, 0, 0},
    {"GET", {"search", NULL}, ND__ROUTE_SEARCH_PAGE, 0, 0},
    {"GET", {"api", "stories", NULL}, ND__ROUTE_API_STORIES, 1, 0},
    {"GET", {"api", "stories", "*", NULL}, ND__ROUTE_API_STORY, 1, 0},
    {"GET", {"api", "storylines", "*", NULL}, ND__ROUTE_API_STORYLINE, 1, 0},
    {"GET", {"api", "entities", NULL}, ND__ROUTE_API_ENTITIES, 1, 0},
    {"GET", {"api", "entities", "*", NULL}, ND__ROUTE_API_ENTITY, 1, 0},
    {"GET", {"api", "articles", "*", NULL}, ND__ROUTE_API_ARTICLE, 1, 0},
    {"POST", {"api", "articles", NULL}, ND__ROUTE_API_ARTICLES, 1, 1},
    {"GET", {"api", "search", NULL}, ND__ROUTE_API_SEARCH, 1, 0},
    {"GET", {"healthz", NULL}, ND__ROUTE_HEALTH, 1, 0},
    {"GET", {"feed.xml", NULL}, ND__ROUTE_FEED, 0, 0},
};

int nd__route_match(const char *method, const char *path, nd__route *route, int *method_allowed)
{
    memset(route, 0, sizeof *route);
    *method_allowed = 1;
    size_t len = strlen(path);
    if (len > ND__HTTP_MAX_PATH_BYTES)
        return ND_ETOOBIG;
    if (len == 0 || path[0] != '/')
        return ND_EINVAL;
    /* Split into decoded segments; a trailing slash is allowed ("/api/stories/"). */
    char decoded[ND__HTTP_MAX_PATH_BYTES + 1];
    const char *segments[MAX_SEGMENTS + 1];
    size_t count = 0, used = 0;
    size_t i = 1;
    while (i <= len) {
        size_t end = i;
        while (end < len && path[end] != '/')
            end++;
        if (end > i) {
            if (count == MAX_SEGMENTS)
                return ND_OK; /* deeper than any route: not found */
            char *seg = decoded + used;
            long n = nd__percent_decode(path + i, end - i, seg, 0);
            if (n < 0)
                return ND_EINVAL;
            if (strcmp(seg, "..") == 0 || strcmp(seg, ".") == 0 || memchr(seg, '/', (size_t)n) ||
                memchr(seg, '\\', (size_t)n))
                return ND_EINVAL;
            segments[count++] = seg;
            used += (size_t)n + 1;
        } else if (end < len && end == i && i != 1) {
            return ND_EINVAL; /* "//": an empty segment inside the path */
        }
        i = end + 1;
    }
    int path_matched = 0;
    for (size_t r = 0; r < sizeof routes / sizeof *routes; r++) {
        const route_entry *e = &routes[r];
        size_t n = 0;
        while (n < MAX_SEGMENTS && e->pattern[n])
            n++;
        if (n != count)
            continue;
        int ok = 1;
        const char *id = NULL;
        for (size_t k = 0; k < n && ok; k++) {
            if (strcmp(e->pattern[k], "*") == 0)
                id = segments[k];
            else
                ok = strcmp(e->pattern[k], segments[k]) == 0;
        }
        if (!ok)
            continue;
        path_matched = 1;
        if (strcmp(e->method, method) != 0 && !(strcmp(method, "HEAD") == 0 && strcmp(e->method, "GET") == 0))
            continue;
        if (id && strlen(id) > ND__HTTP_MAX_ID_BYTES)
            return ND_ETOOBIG;
        route->kind = e->kind;
        route->is_api = e->is_api;
        route->write = e->write;
        if (id)
            strcpy(route->id, id);
        return ND_OK;
    }
    if (path_matched)
        *method_allowed = 0;
    route->is_api = count > 0 && strcmp(segments[0], "api") == 0;
    return ND_OK;
}
