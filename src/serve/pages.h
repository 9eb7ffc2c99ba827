/*
 * pages.h: the server's web pages and Atom feed, written from the same documents the API
 * answers with (views.c makes them, as cJSON trees), so a page can show nothing the API does not. Every value is
 * escaped as it is written.
 */
#ifndef ND_PAGES_H
#define ND_PAGES_H

#include <cjson/cJSON.h>

#include "util.h"

/* Each appends one complete HTML document to `out`; ND_OK, ND_ETOOBIG or ND_ENOMEM. */
int nd__page_front(const cJSON *front, const char *query_text, nd__buf *out);
int nd__page_story(const cJSON *story, nd__buf *out);
int nd__page_storyline(const cJSON *storyline, nd__buf *out);
int nd__page_entity(const cJSON *entity, nd__buf *out);
int nd__page_search(const cJSON *results, const char *query_text, nd__buf *out);
int nd__page_error(int http_status, const char *message, nd__buf *out);
/* The front page as an Atom feed; `base` is the server's own address ("http://127.0.0.1:8080"). */
int nd__feed_atom(const cJSON *front, const char *base, nd__buf *out);

#endif
