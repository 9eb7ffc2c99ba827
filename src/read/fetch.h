/*
 * fetch.h: HTTP(S) requests for feeds and article pages, many at once (libcurl multi), each
 * with its own timeout and size ceiling, so that one slow or hostile server never holds up the
 * others. robots.txt is honoured for requests that ask for it.
 *
 *     nd__fetcher *f = nd__fetcher_new(NULL);
 *     nd__fetch_request r = {.url = "https://example.org/feed", .etag = saved_etag};
 *     nd__fetch_add(f, &r);
 *     nd__fetch_run(f, on_done, user);     (returns when every request is done)
 *     nd__fetcher_free(f);
 */
#ifndef ND_FETCH_H
#define ND_FETCH_H

#include <stddef.h>

#include "newsdesk.h"

#define ND__FETCH_USER_AGENT "newsdesk/" ND_VERSION_STRING " (news feed reader; +https://github.com/newsdesk)"

typedef struct nd__fetch_options {
    long timeout_ms;          /* whole request, redirects included; default 20000 */
    long connect_timeout_ms;  /* default 10000 */
    size_t max_bytes;         /* body ceiling after gzip decoding; default 8 MB */
    int max_per_host;         /* requests at once to one host; default 2 */
    int max_total;            /* requests at once; default 32 */
    int max_redirects;        /* default 5 */
    const char *user_agent;   /* default ND__FETCH_USER_AGENT */
    const char *robots_agent; /* the name matched in robots.txt groups; default "newsdesk" */
} nd__fetch_options;

typedef struct nd__fetch_request {
    const char *url;           /* http:// or https:// only */
    const char *etag;          /* sent as If-None-Match, or NULL */
    const char *last_modified; /* sent as If-Modified-Since, or NULL */
    int obey_robots;           /* 1: first ask the host's robots.txt (article pages) */
    void *tag;                 /* handed back in the result */
} nd__fetch_request;

typedef enum nd__fetch_outcome {
    ND__FETCH_OK,          /* an HTTP response arrived (any status: see `status`) */
    ND__FETCH_FAILED,      /* no response: DNS, connection, TLS, timeout, redirect loop */
    ND__FETCH_TOO_BIG,     /* the body passed max_bytes; cut off */
    ND__FETCH_ROBOTS       /* robots.txt disallows the page; not requested */
} nd__fetch_outcome;

/* One finished request; every pointer valid during the callback only. */
typedef struct nd__fetch_result {
    void *tag;
    const char *url;          /* as requested */
    const char *final_url;    /* after redirects */
    nd__fetch_outcome outcome;
    long status;              /* HTTP status of the last response, 0 when none */
    const char *message;      /* what went wrong ("" when outcome is OK) */
    const char *body;         /* NUL-terminated; body_len bytes */
    size_t body_len;
    const char *etag;         /* response headers, "" when absent */
    const char *last_modified;
    const char *content_type;
    long retry_after;         /* seconds asked by Retry-After (either form), -1 when absent */
    double seconds;           /* time the request took */
} nd__fetch_result;

typedef void (*nd__fetch_done_fn)(void *user, const nd__fetch_result *result);

typedef struct nd__fetcher nd__fetcher;

/* NULL when out of memory or libcurl cannot start. `options` may be NULL; copied. */
nd__fetcher *nd__fetcher_new(const nd__fetch_options *options);
void nd__fetcher_free(nd__fetcher *fetcher);

/* Queues a request (strings copied). ND_OK, ND_EINVAL (not an http(s) URL) or ND_ENOMEM. */
int nd__fetch_add(nd__fetcher *fetcher, const nd__fetch_request *request);

/* Runs until every queued request is done (including requests that `done` adds), calling
 * `done` once per request as it finishes. ND_OK or ND_ENOMEM. */
int nd__fetch_run(nd__fetcher *fetcher, nd__fetch_done_fn done, void *user);

/* robots.txt: nonzero when `path` (with its query) may be fetched by `agent` under the rules
 * in robots[0..len) (RFC 9309: the group naming the agent, else "*"; the longest matching
 * Allow or Disallow wins, Allow on a tie; '*' and '$' patterns). */
int nd__robots_allows(const char *robots, size_t len, const char *agent, const char *path);

/* Seconds a Retry-After value asks for ("120" or an HTTP date), given the time now; -1 when
 * it is neither. */
long nd__retry_after_seconds(const char *value, long long now);

#endif
