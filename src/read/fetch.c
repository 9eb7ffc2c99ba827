/*
 * fetch.c: HTTP(S) requests over one libcurl multi handle. Takes queued requests (a URL, the
 * validators of the last answer, whether robots.txt applies) and gives one result per request:
 * status, body, validators, Retry-After, or what failed.
 *
 * Every request has its own timeout, connection timeout, body ceiling (counted after gzip or
 * deflate decoding, so a compression bomb stops at the ceiling) and redirect limit; only http and
 * https are spoken, redirects included. At most max_per_host requests run at once against one
 * host and max_total overall; the rest wait in order. Since all requests share one event loop
 * and none blocks, a server that never answers costs its own timeout and nothing else.
 *
 * robots.txt: a request with obey_robots waits until its host's robots.txt is known (fetched
 * once per host and kept for a day). A 4xx robots.txt allows everything, a 5xx or unreachable one
 * disallows everything (RFC 9309, 2.3.1).
 */
#include "fetch.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "feed.h"
#include "limits.h"
#include "newsdesk.h"
#include "text.h"
#include "util.h"

#define ROBOTS_KEEP_SECONDS 86400

typedef struct host {
    char *key;                 /* "scheme://host:port" */
    int active;                /* requests running now */
    int robots_state;          /* 0 unknown, 1 being fetched, 2 known */
    int robots_disallow_all;   /* robots.txt unreachable */
    char *robots;              /* the rules, NULL for none (allow all) */
    size_t robots_len;
    long long robots_time;
    struct host *next;
} host;

typedef struct transfer {
    char *url, *etag, *last_modified;
    int obey_robots, is_robots;
    void *tag;
    host *host;
    CURL *easy;
    struct curl_slist *headers;
    nd__buf body;
    int too_big;
    char etag_out[512], last_modified_out[128], content_type[256], retry_after[128];
    char error[CURL_ERROR_SIZE];
    double started;
    struct transfer *next;
} transfer;

struct nd__fetcher {
    nd__fetch_options options;
    CURLM *multi;
    host *hosts;
    transfer *queue, *queue_tail; /* waiting, in order */
    int active;
};

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

nd__fetcher *nd__fetcher_new(const nd__fetch_options *options)
{
    static int global_done;
    if (!global_done) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return NULL;
        global_done = 1;
    }
    nd__fetcher *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    if (options)
        f->options = *options;
    nd__fetch_options *o = &f->options;
    if (o->timeout_ms <= 0)
        o->timeout_ms = 20000;
    if (o->connect_timeout_ms <= 0)
        o->connect_timeout_ms = 10000;
    if (o->max_bytes == 0)
        o->max_bytes = 8u << 20;
    if (o->max_per_host <= 0)
        o->max_per_host = 2;
    if (o->max_total <= 0)
        o->max_total = 32;
    if (o->max_redirects < 0 || o->max_redirects == 0)
        o->max_redirects = 5;
    if (!o->user_agent)
        o->user_agent = ND__FETCH_USER_AGENT;
    if (!o->robots_agent)
        o->robots_agent = "newsdesk";
    f->multi = curl_multi_init();
    if (!f->multi) {
        free(f);
        return NULL;
    }
    return f;
}

static void transfer_free(transfer *t)
{
    if (!t)
        return;
    free(t->url);
    free(t->etag);
    free(t->last_modified);
    curl_slist_free_all(t->headers);
    nd__buf_release(&t->body);
    free(t);
}

void nd__fetcher_free(nd__fetcher *f)
{
    if (!f)
        return;
    for (transfer *t = f->queue, *next; t; t = next) {
        next = t->next;
        transfer_free(t);
    }
    for (host *h = f->hosts, *next; h; h = next) {
        next = h->next;
        free(h->key);
        free(h->robots);
        free(h);
    }
    curl_multi_cleanup(f->multi);
    free(f);
}

/* "scheme://host[:port]" of a URL, malloc'd; NULL when it is not http(s). */
static char *host_key(const char *url)
{
    const char *authority;
    if (!nd__url_is_http(url) || nd__url_authority(url, &authority) == 0)
        return NULL;
    size_t end = (size_t)(authority - url) + nd__url_authority(url, &authority);
    char *key = malloc(end + 1);
    if (!key)
        return NULL;
    for (size_t i = 0; i < end; i++)
        key[i] = (char)nd__to_lower((unsigned char)url[i]);
    key[end] = '\0';
    return key;
}

static host *find_host(nd__fetcher *f, const char *url, int *no_memory)
{
    char *key = host_key(url);
    if (!key)
        return NULL;
    for (host *h = f->hosts; h; h = h->next)
        if (strcmp(h->key, key) == 0) {
            free(key);
            return h;
        }
    host *h = calloc(1, sizeof *h);
    if (!h) {
        free(key);
        *no_memory = 1;
        return NULL;
    }
    h->key = key;
    h->next = f->hosts;
    f->hosts = h;
    return h;
}

static char *copy_or_null(const char *s, int *no_memory)
{
    if (!s || !*s)
        return NULL;
    char *c = strdup(s);
    if (!c)
        *no_memory = 1;
    return c;
}

static void enqueue(nd__fetcher *f, transfer *t, int front)
{
    if (front) {
        t->next = f->queue;
        f->queue = t;
        if (!f->queue_tail)
            f->queue_tail = t;
        return;
    }
    t->next = NULL;
    if (f->queue_tail)
        f->queue_tail->next = t;
    else
        f->queue = t;
    f->queue_tail = t;
}

static transfer *new_transfer(nd__fetcher *f, const char *url, int *no_memory)
{
    transfer *t = calloc(1, sizeof *t);
    if (!t) {
        *no_memory = 1;
        return NULL;
    }
    t->url = copy_or_null(url, no_memory);
    t->host = find_host(f, url, no_memory);
    nd__buf_init(&t->body, f->options.max_bytes);
    return t;
}

int nd__fetch_add(nd__fetcher *f, const nd__fetch_request *request)
{
    if (!f || !request || !request->url)
        return ND_EINVAL;
    char *key = host_key(request->url);
    if (!key)
        return ND_EINVAL;
    free(key);
    int no_memory = 0;
    transfer *t = new_transfer(f, request->url, &no_memory);
    if (t) {
        t->etag = copy_or_null(request->etag, &no_memory);
        t->last_modified = copy_or_null(request->last_modified, &no_memory);
        t->obey_robots = request->obey_robots;
        t->tag = request->tag;
    }
    if (no_memory || !t || !t->host) {
        transfer_free(t);
        return ND_ENOMEM;
    }
    enqueue(f, t, 0);
    return ND_OK;
}

/* ---- libcurl callbacks ------------------------------------------------------------------- */
static size_t on_body(char *data, size_t size, size_t count, void *user)
{
    transfer *t = user;
    size_t n = size * count;
    if (nd__buf_append(&t->body, data, n) != ND_OK) {
        t->too_big = 1;
        return 0; /* stops the transfer */
    }
    return n;
}

static void header_value(const char *line, size_t len, size_t name_len, char *out, size_t cap)
{
    const char *v = line + name_len + 1;
    size_t n = len - name_len - 1;
    while (n && (*v == ' ' || *v == '\t'))
        v++, n--;
    while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' '))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, v, n);
    out[n] = '\0';
}

static size_t on_header(char *line, size_t size, size_t count, void *user)
{
    transfer *t = user;
    size_t len = size * count;
    if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
        /* a new response (after a redirect or a 100): its headers replace the last ones */
        t->etag_out[0] = t->last_modified_out[0] = t->content_type[0] = t->retry_after[0] = '\0';
        return len;
    }
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return len;
    size_t name = (size_t)(colon - line);
    if (nd__equals_ci(line, name, "etag"))
        header_value(line, len, name, t->etag_out, sizeof t->etag_out);
    else if (nd__equals_ci(line, name, "last-modified"))
        header_value(line, len, name, t->last_modified_out, sizeof t->last_modified_out);
    else if (nd__equals_ci(line, name, "content-type"))
        header_value(line, len, name, t->content_type, sizeof t->content_type);
    else if (nd__equals_ci(line, name, "retry-after"))
        header_value(line, len, name, t->retry_after, sizeof t->retry_after);
    return len;
}

static int start(nd__fetcher *f, transfer *t)
{
    const nd__fetch_options *o = &f->options;
    CURL *e = curl_easy_init();
    if (!e)
        return ND_ENOMEM;
    t->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, t->url);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, (long)o->max_redirects);
#if CURL_AT_LEAST_VERSION(7, 85, 0)
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl decodes */
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    char line[700];
    if (t->etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", t->etag);
        t->headers = curl_slist_append(t->headers, line);
    }
    if (t->last_modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", t->last_modified);
        t->headers = curl_slist_append(t->headers, line);
    }
    if (t->headers)
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    t->started = now_seconds();
    if (curl_multi_add_handle(f->multi, e) != CURLM_OK)
        return ND_ENOMEM;
    t->host->active++;
    f->active++;
    return ND_OK;
}

/* ---- robots.txt -------------------------------------------------------------------------- */
/* Nonzero when `pattern` (with '*' wildcards and a final '$') matches the start of `path`. */
static int robots_match(const char *pattern, size_t plen, const char *path)
{
    /* iterative wildcard match with backtracking to the last '*' (linear in practice) */
    size_t p = 0, s = 0, star_p = (size_t)-1, star_s = 0, slen = strlen(path);
    for (;;) {
        if (p == plen)
            return 1; /* prefix match */
        if (pattern[p] == '$' && p + 1 == plen)
            return s == slen;
        if (pattern[p] == '*') {
            star_p = p++;
            star_s = s;
            continue;
        }
        if (s < slen && pattern[p] == path[s]) {
            p++, s++;
            continue;
        }
        if (star_p != (size_t)-1 && star_s < slen) {
            p = star_p + 1;
            s = ++star_s;
            continue;
        }
        return 0;
    }
}

int nd__robots_allows(const char *robots, size_t len, const char *agent, const char *path)
{
    if (!robots)
        return 1;
    /* Two passes: the groups naming our agent if any, else those for "*". */
    for (int pass = 0; pass < 2; pass++) {
        int in_group = 0, group_had_rules = 0, matched_any_group = 0;
        long best = -1;
        int best_allow = 1;
        size_t i = 0;
        while (i < len) {
            const char *nl = memchr(robots + i, '\n', len - i);
            size_t end = nl ? (size_t)(nl - robots) : len;
            const char *line = robots + i;
            size_t n = end - i;
            i = end + 1;
            const char *hash = memchr(line, '#', n);
            if (hash)
                n = (size_t)(hash - line);
            while (n && nd__is_space((unsigned char)line[n - 1]))
                n--;
            while (n && nd__is_space((unsigned char)*line))
                line++, n--;
            const char *colon = memchr(line, ':', n);
            if (!colon)
                continue;
            size_t key = (size_t)(colon - line);
            while (key && nd__is_space((unsigned char)line[key - 1]))
                key--;
            const char *value = colon + 1;
            size_t vlen = n - (size_t)(colon + 1 - line);
            while (vlen && nd__is_space((unsigned char)*value))
                value++, vlen--;
            if (nd__equals_ci(line, key, "user-agent")) {
                if (group_had_rules)
                    in_group = 0, group_had_rules = 0;
                size_t agent_len = strlen(agent);
                int named = pass == 0 ? (nd__equals_ci(value, vlen, agent) ||
                                         (vlen > agent_len && value[agent_len] == '/' &&
                                          nd__equals_ci(value, agent_len, agent)))
                                      : (vlen == 1 && value[0] == '*');
                if (named)
                    in_group = 1, matched_any_group = 1;
                continue;
            }
            int allow = nd__equals_ci(line, key, "allow");
            int disallow = nd__equals_ci(line, key, "disallow");
            if (!allow && !disallow)
                continue;
            group_had_rules = 1;
            if (!in_group || vlen == 0)
                continue; /* "Disallow:" with nothing allows everything */
            if (robots_match(value, vlen, path)) {
                long length = (long)vlen;
                if (length > best || (length == best && allow))
                    best = length, best_allow = allow;
            }
        }
        if (matched_any_group)
            return best < 0 ? 1 : best_allow;
    }
    return 1;
}

/* ---- Retry-After ------------------------------------------------------------------------- */
long nd__retry_after_seconds(const char *value, long long now)
{
    if (!value || !*value)
        return -1;
    const char *s = value;
    while (*s == ' ')
        s++;
    if (nd__is_digit((unsigned char)*s)) {
        long v = 0;
        while (nd__is_digit((unsigned char)*s) && v < 100000000)
            v = v * 10 + (*s++ - '0');
        while (*s == ' ')
            s++;
        if (!*s)
            return v;
    }
    char iso[32];
    if (!nd__feed_date(value, iso) || strlen(iso) != 20)
        return -1;
    long long at = nd__seconds_from_civil(atoi(iso), atoi(iso + 5), atoi(iso + 8), atoi(iso + 11),
                                          atoi(iso + 14), atoi(iso + 17));
    return at > now ? (long)(at - now) : 0;
}

/* ---- the loop ----------------------------------------------------------------------------- */
static void report(nd__fetcher *f, transfer *t, nd__fetch_outcome outcome, long status, const char *message,
                   nd__fetch_done_fn done, void *user)
{
    (void)f;
    nd__fetch_result r;
    memset(&r, 0, sizeof r);
    r.tag = t->tag;
    r.url = t->url;
    r.final_url = t->url;
    char *final = NULL;
    if (t->easy && curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &final) == CURLE_OK && final)
        r.final_url = final;
    r.outcome = outcome;
    r.status = status;
    r.message = message ? message : "";
    r.body = t->body.data ? t->body.data : "";
    r.body_len = t->body.len;
    r.etag = t->etag_out;
    r.last_modified = t->last_modified_out;
    r.content_type = t->content_type;
    r.retry_after = nd__retry_after_seconds(t->retry_after, (long long)time(NULL));
    r.seconds = t->started > 0 ? now_seconds() - t->started : 0;
    done(user, &r);
}

/* Starts what may start; a request blocked by robots.txt is answered at once. */
static int start_ready(nd__fetcher *f, nd__fetch_done_fn done, void *user)
{
    transfer *prev = NULL, *t = f->queue;
    long long now = (long long)time(NULL);
    while (t && f->active < f->options.max_total) {
        host *h = t->host;
        transfer *next = t->next;
        if (t->obey_robots && h->robots_state == 2 && now - h->robots_time > ROBOTS_KEEP_SECONDS)
            h->robots_state = 0;
        if (t->obey_robots && h->robots_state != 2) {
            if (h->robots_state == 0) {
                int no_memory = 0;
                char url[1100];
                snprintf(url, sizeof url, "%s/robots.txt", h->key);
                transfer *r = new_transfer(f, url, &no_memory);
                if (!r || no_memory) {
                    transfer_free(r);
                    return ND_ENOMEM;
                }
                r->is_robots = 1;
                r->body.limit = ND_MAX_ROBOTS_BYTES;
                h->robots_state = 1;
                enqueue(f, r, 1);
                prev = NULL;
                t = f->queue; /* start over: the robots request is first */
                continue;
            }
            prev = t, t = next;
            continue;
        }
        if (h->active >= f->options.max_per_host) {
            prev = t, t = next;
            continue;
        }
        /* take it off the queue */
        if (prev)
            prev->next = next;
        else
            f->queue = next;
        if (f->queue_tail == t)
            f->queue_tail = prev;
        t->next = NULL;
        if (t->obey_robots && (h->robots_disallow_all ||
                               !nd__robots_allows(h->robots, h->robots_len, f->options.robots_agent, nd__url_path(t->url)))) {
            report(f, t, ND__FETCH_ROBOTS, 0,
                   h->robots_disallow_all ? "robots.txt unreachable: not fetched" : "disallowed by robots.txt",
                   done, user);
            transfer_free(t);
        } else if (start(f, t) != ND_OK) {
            transfer_free(t);
            return ND_ENOMEM;
        }
        t = next;
    }
    return ND_OK;
}

static void finish_robots(transfer *t, long status, CURLcode code)
{
    host *h = t->host;
    h->robots_state = 2;
    h->robots_time = (long long)time(NULL);
    free(h->robots);
    h->robots = NULL;
    h->robots_len = 0;
    h->robots_disallow_all = 0;
    if (code == CURLE_OK && status >= 200 && status < 300) {
        size_t len;
        h->robots = nd__buf_take(&t->body, &len);
        h->robots_len = len;
    } else if (code != CURLE_OK && !t->too_big) {
        h->robots_disallow_all = 1;
    } else if (status >= 500) {
        h->robots_disallow_all = 1;
    }
    /* 4xx, or too big: no rules */
}

int nd__fetch_run(nd__fetcher *f, nd__fetch_done_fn done, void *user)
{
    for (;;) {
        if (start_ready(f, done, user) != ND_OK)
            return ND_ENOMEM;
        if (f->active == 0 && !f->queue)
            return ND_OK;
        int running = 0;
        curl_multi_perform(f->multi, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(f->multi, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            transfer *t = NULL;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
            CURLcode code = msg->data.result;
            long status = 0;
            curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
            curl_multi_remove_handle(f->multi, t->easy);
            t->host->active--;
            f->active--;
            if (t->is_robots) {
                finish_robots(t, status, code);
            } else if (t->too_big || code == CURLE_FILESIZE_EXCEEDED) {
                char message[128];
                snprintf(message, sizeof message, "body larger than %zu bytes; cut off", f->options.max_bytes);
                report(f, t, ND__FETCH_TOO_BIG, status, message, done, user);
            } else if (code != CURLE_OK) {
                char message[CURL_ERROR_SIZE + 64];
                snprintf(message, sizeof message, "%s", t->error[0] ? t->error : curl_easy_strerror(code));
                report(f, t, ND__FETCH_FAILED, status, message, done, user);
            } else {
                report(f, t, ND__FETCH_OK, status, "", done, user);
            }
            curl_easy_cleanup(t->easy);
            t->easy = NULL;
            transfer_free(t);
        }
        if (f->active > 0)
            curl_multi_poll(f->multi, NULL, 0, 200, NULL);
    }
}
