/*
 * store_views.h: what the views (views.c, serve.c) read from the store: rows collected into
 * arrays (store.c) and documents built from a backend's rows (store_docs.c). Each returns ND_OK,
 * ND_ENOTFOUND, ND_EINVAL, ND_EIO or ND_ENOMEM; what it hands out is owned by the caller as each
 * function says.
 */
#ifndef ND_STORE_VIEWS_H
#define ND_STORE_VIEWS_H

#include <cjson/cJSON.h>

#include "newsdesk.h"
#include "store.h"
#include "util.h"

/* Sets the connection up for reading: the file mapped rather than copied page by page through
 * read(), and a larger page cache. Cheap; the views call it on every request. */
int nd__store_tune_reads(nd_store *store);

/* A number that changes whenever articles are added (the last article's row), for caches. */
int nd__store_version(nd_store *store, long long *version);

/* One story's articles with their facts and shared passages, as nd_summarise takes them. */
typedef struct nd__story_load {
    long long story, storyline, article_total, outlet_total; /* from the stories table */
    nd_story_article *articles; /* the first max_articles in publication order */
    size_t count;
    nd_story_link *links;
    size_t link_count;
    nd__arena arena;            /* owns every string and array above */
} nd__story_load;

/* ND_ENOTFOUND when there is no such story. Release with nd__story_load_release (also after a
 * failure). */
int nd__store_load_story(nd_store *store, long long story, size_t max_articles, nd__story_load *out);
void nd__story_load_release(nd__story_load *load);

/* nd__story_row (store.h): a story's counts and publication span. */
/* Stories published (last article) from `since` and (first article) up to `until`, either NULL,
 * the `max` latest by last publication. *rows is malloc'd (free it). */
int nd__store_recent_stories(nd_store *store, const char *since, const char *until, size_t max, nd__story_row **rows,
                             size_t *count);
/* One story's row; ND_ENOTFOUND. */
int nd__store_story_row(nd_store *store, long long id, nd__story_row *row);
/* A storyline's stories by first publication; ND_ENOTFOUND when it has none. */
int nd__store_storyline_stories(nd_store *store, long long storyline, nd__story_row **rows, size_t *count);
/* The stories an entity is named in, by first publication, with how many of their articles name it
 * (in *mentions, parallel to *rows, malloc'd). */
int nd__store_entity_stories(nd_store *store, long long entity, size_t max, nd__story_row **rows,
                             long long **articles, size_t *count);

/* The latest publication time in the store ("" when none) into out[cap]. */
int nd__store_latest_published(nd_store *store, char *out, size_t cap);

/* Coverage per story in [from, to) of publication time: articles and distinct outlets (an
 * article with no source counts as its own outlet). */
int nd__store_coverage(nd_store *store, const char *from, const char *to, nd__coverage **rows, size_t *count);
/* The same for one story (no row when it has no article in the window). */
int nd__store_story_coverage(nd_store *store, long long story, const char *from, const char *to, nd__coverage *row);
/* Articles and distinct stories in [from, to). */
int nd__store_activity(nd_store *store, const char *from, const char *to, long long *articles, long long *stories);

/* An entity's row by its canonical name or any variant (case-insensitive), preferring the one
 * named in most articles; ND_ENOTFOUND. */
int nd__store_entity_find(nd_store *store, const char *name, long long *row);
/* The row of the entity with this canonical name and type; ND_ENOTFOUND. */
int nd__store_entity_row(nd_store *store, const char *name, const char *type, long long *row);
/* {"id", "name", "type", "country", "lat", "lng", "variants": [...], "article_count"} */
int nd__store_entity_json(nd_store *store, long long row, cJSON **out);
/* {"id", "source", "url", "title", "published", "first_seen", "origin", "story", "storyline",
 *  "duplicate_of", "dateline", "body", "copies": [...], "passages": [...]} */
int nd__store_article_json(nd_store *store, const char *id, cJSON **out);

/* Articles matching every word of `text` (or, when none does, any word), best first (nd__search_hit
 * in store.h; release the array with nd__search_hits_free). */
int nd__store_search(nd_store *store, const char *text, size_t max, nd__search_hit **hits, size_t *count);

#endif
