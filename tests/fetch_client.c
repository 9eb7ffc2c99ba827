/*
 * fetch_client.c: a command-line front to src/read/fetch.c for tests/test_fetch.py: fetches every URL
 * given at once and prints one JSON object per result, in the order they finish.
 *
 *     fetch_client [--timeout-ms N] [--max-bytes N] [--robots] [--etag E] URL...
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"

static const char *outcome_name(nd__fetch_outcome o)
{
    switch (o) {
    case ND__FETCH_OK: return "ok";
    case ND__FETCH_FAILED: return "failed";
    case ND__FETCH_TOO_BIG: return "too_big";
    case ND__FETCH_ROBOTS: return "robots";
    }
    return "?";
}

static void on_done(void *user, const nd__fetch_result *r)
{
    (void)user;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "url", r->url);
    cJSON_AddStringToObject(o, "final_url", r->final_url);
    cJSON_AddStringToObject(o, "outcome", outcome_name(r->outcome));
    cJSON_AddNumberToObject(o, "status", (double)r->status);
    cJSON_AddStringToObject(o, "message", r->message);
    cJSON_AddNumberToObject(o, "length", (double)r->body_len);
    char head[81];
    snprintf(head, sizeof head, "%.80s", r->body);
    cJSON_AddStringToObject(o, "head", head);
    cJSON_AddStringToObject(o, "etag", r->etag);
    cJSON_AddStringToObject(o, "last_modified", r->last_modified);
    cJSON_AddStringToObject(o, "content_type", r->content_type);
    cJSON_AddNumberToObject(o, "retry_after", (double)r->retry_after);
    cJSON_AddNumberToObject(o, "seconds", r->seconds);
    char *text = cJSON_PrintUnformatted(o);
    printf("%s\n", text);
    fflush(stdout);
    free(text);
    cJSON_Delete(o);
}

int main(int argc, char **argv)
{
    nd__fetch_options options = {0};
    int robots = 0;
    const char *etag = NULL;
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc)
            options.timeout_ms = atol(argv[++i]);
        else if (strcmp(argv[i], "--max-bytes") == 0 && i + 1 < argc)
            options.max_bytes = (size_t)atol(argv[++i]);
        else if (strcmp(argv[i], "--robots") == 0)
            robots = 1;
        else if (strcmp(argv[i], "--etag") == 0 && i + 1 < argc)
            etag = argv[++i];
    }
    nd__fetcher *f = nd__fetcher_new(&options);
    if (!f)
        return 1;
    for (; i < argc; i++) {
        nd__fetch_request r = {.url = argv[i], .etag = etag, .obey_robots = robots};
        if (nd__fetch_add(f, &r) != ND_OK)
            printf("{\"url\":\"%s\",\"outcome\":\"refused\"}\n", argv[i]);
    }
    int rc = nd__fetch_run(f, on_done, NULL);
    nd__fetcher_free(f);
    return rc == ND_OK ? 0 : 1;
}
