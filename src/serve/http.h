/*
 * http.h: the parts of an HTTP request that newsdesk parses itself, apart from any server
 * library so that a fuzzer can reach them: percent-decoding, query strings, request paths into
 * routes, and the bounded numbers the API takes. Everything is bounded (ND__HTTP_* below) and
 * returns a status; nothing here allocates.
 */
#ifndef ND_HTTP_H
#define ND_HTTP_H

#include <stddef.h>

#define ND__HTTP_MAX_PARAMS 32        /* query parameters kept; more is a bad request */
#define ND__HTTP_MAX_QUERY_BYTES 4096 /* decoded bytes of all keys and values together */
#define ND__HTTP_MAX_PATH_BYTES 1024
#define ND__HTTP_MAX_ID_BYTES 512     /* an id in a path segment */

/* Decodes %XX escapes (and '+' as a space when `plus_is_space`) of in[0..len) into out (room
 * for len + 1 bytes), NUL-terminated. Returns the decoded length, or -1 when an escape is
 * malformed or decodes to a NUL byte. */
long nd__percent_decode(const char *in, size_t len, char *out, int plus_is_space);

typedef struct nd__query {
    size_t count;
    const char *keys[ND__HTTP_MAX_PARAMS];
    const char *values[ND__HTTP_MAX_PARAMS]; /* "" for a key without '=' */
    char storage[ND__HTTP_MAX_QUERY_BYTES + 2 * ND__HTTP_MAX_PARAMS];
} nd__query;

/* Parses "a=1&b=two+words&c" (no leading '?'). Empty pieces are skipped. Returns ND_OK,
 * ND_EFORMAT (a malformed escape) or ND_ETOOBIG (too many parameters or bytes). */
int nd__query_parse(const char *text, size_t len, nd__query *query);
/* The last value given for `key`, or NULL. */
const char *nd__query_get(const nd__query *query, const char *key);

/* A whole decimal number in [min, max]: ND_OK, or ND_EINVAL with *out untouched. */
int nd__parse_bounded(const char *text, long long min, long long max, long long *out);

/* Whether `text` is a day that exists (nd__date_valid) or a time the API compares with
 * publication dates:
 * "YYYY-MM-DD" optionally followed by "THH:MM" and more of ISO 8601. */
int nd__is_iso_date(const char *text);

typedef enum nd__route_kind {
    ND__ROUTE_NONE,          /* no such page: 404 */
    ND__ROUTE_FRONT,         /* GET / */
    ND__ROUTE_STORY_PAGE,    /* GET /stories/{id} */
    ND__ROUTE_STORYLINE_PAGE,
    ND__ROUTE_ENTITY_PAGE,
    ND__ROUTE_SEARCH_PAGE,   /* GET /search */
    ND__ROUTE_API_STORIES,   /* GET /api/stories */
    ND__ROUTE_API_STORY,     /* GET /api/stories/{id} */
    ND__ROUTE_API_STORYLINE,
    ND__ROUTE_API_ENTITIES,  /* GET /api/entities?name= */
    ND__ROUTE_API_ENTITY,
    ND__ROUTE_API_ARTICLE,   /* GET /api/articles/{id} */
    ND__ROUTE_API_ARTICLES,  /* POST /api/articles */
    ND__ROUTE_API_SEARCH,
    ND__ROUTE_HEALTH,        /* GET /healthz */
    ND__ROUTE_FEED           /* GET /feed.xml */
} nd__route_kind;

typedef struct nd__route {
    nd__route_kind kind;
    int is_api;              /* errors as JSON (pages answer errors as HTML) */
    int write;               /* changes the store: needs the token when one is set */
    char id[ND__HTTP_MAX_ID_BYTES + 1]; /* the decoded {id}, "" when none */
} nd__route;

/* Matches a method and a raw request path (percent escapes not yet decoded) to a route.
 * Returns ND_OK with the route (kind ND__ROUTE_NONE when nothing matches: 404), ND_EINVAL for a
 * path that is malformed or tries to climb ("..", "." or an encoded '/' or NUL in a segment:
 * 400), or ND_ETOOBIG. *method_allowed is 0 when the path matches but not with this method (405). */
int nd__route_match(const char *method, const char *path, nd__route *route, int *method_allowed);

#endif
