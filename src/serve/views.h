/*
 * views.h: the views' documents as data (views.c), for the writers that turn one document into
 * JSON (cJSON), web pages and the Atom feed (pages.c) or terminal text (text.c) without printing
 * and parsing it again. Each returns ND_OK with *doc (free with cJSON_Delete), ND_ENOTFOUND,
 * ND_EINVAL, ND_EIO or ND_ENOMEM; the documents are described in docs/api.md.
 */
#ifndef ND_VIEWS_H
#define ND_VIEWS_H

#include <cjson/cJSON.h>

#include "newsdesk.h"
#include "util.h"

int nd__view_front_doc(nd_store *store, const nd_view_query *query, cJSON **doc);
int nd__view_story_doc(nd_store *store, long long id, cJSON **doc);
int nd__view_storyline_doc(nd_store *store, long long id, cJSON **doc);
int nd__view_entity_doc(nd_store *store, long long id, cJSON **doc);
int nd__view_entity_named_doc(nd_store *store, const char *name, cJSON **doc);
int nd__view_article_doc(nd_store *store, const char *id, cJSON **doc);
int nd__view_search_doc(nd_store *store, const char *text, const nd_view_query *query, cJSON **doc);

/* A document's field: the string (NULL when missing or not a string), the number (0), the array
 * (NULL). */
const char *nd__doc_string(const cJSON *object, const char *key);
double nd__doc_number(const cJSON *object, const char *key);
const cJSON *nd__doc_array(const cJSON *object, const char *key);

/* Terminal text of a document, as `newsdesk front` and the other view commands print it
 * (text.c): appended to `out`. ND_OK, ND_ETOOBIG or ND_ENOMEM. */
int nd__text_front(const cJSON *doc, nd__buf *out);
int nd__text_story(const cJSON *doc, nd__buf *out);
int nd__text_storyline(const cJSON *doc, nd__buf *out);
int nd__text_entity(const cJSON *doc, nd__buf *out);
int nd__text_search(const cJSON *doc, nd__buf *out);

#endif
