/*
 * feed.h: news feeds in (RSS 2.0 and 0.9x, RSS 1.0, Atom 1.0, JSON Feed 1.x), their items out;
 * OPML subscription lists in and out.
 */
#ifndef ND_FEED_H
#define ND_FEED_H

#include <stddef.h>

#include "limits.h" /* ND_MAX_FEED_BYTES, ND_MAX_FEED_ITEMS */

typedef enum nd__feed_kind {
    ND__FEED_RSS2,  /* also RSS 0.91/0.92 */
    ND__FEED_RSS1,  /* RDF Site Summary */
    ND__FEED_ATOM,
    ND__FEED_JSON
} nd__feed_kind;

/* Every string malloc'd, owned by the nd__feed, NUL-terminated valid UTF-8 (or NULL). */
typedef struct nd__feed_item {
    char *guid;          /* guid / id / rdf:about; NULL when the feed gives none */
    char *link;          /* the article page, absolute when the feed's URL was given */
    char *title;
    char *published;     /* "YYYY-MM-DDTHH:MM:SSZ" (UTC), or "YYYY-MM-DD"; NULL when unknown */
    char *content;       /* the full article as the feed carries it, or NULL */
    int content_is_html; /* content (and summary) hold HTML */
    char *summary;       /* description / summary, or NULL */
} nd__feed_item;

typedef struct nd__feed {
    nd__feed_kind kind;
    char *title;         /* the feed's own title, or NULL */
    char *link;          /* its site, or NULL */
    nd__feed_item *items;
    size_t item_count;
    size_t items_dropped; /* beyond ND_MAX_FEED_ITEMS */
    char warning[256];   /* "" or what was repaired (an XML error the parser recovered from) */
} nd__feed;

/* Parses one feed document. `base_url` (may be NULL) makes relative links absolute. No network,
 * no external or internal entity expansion (a document declaring entities is refused), at most
 * ND_MAX_FEED_BYTES. Returns ND_OK (*feed filled; free with nd__feed_free), ND_EFORMAT (not a
 * feed, invalid XML or JSON: `why` says what and where), ND_ETOOBIG or ND_ENOMEM. */
int nd__feed_parse(const char *data, size_t len, const char *base_url, nd__feed *feed, char *why,
                   size_t why_size);
void nd__feed_free(nd__feed *feed);

/* A feed's date ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00+02:00", ...) as
 * "YYYY-MM-DDTHH:MM:SSZ" in UTC, into out (at least 21 bytes). Returns 1, or 0 when it is not a
 * valid date in either form. */
int nd__feed_date(const char *text, char *out);

/* ---- OPML --------------------------------------------------------------------------------- */
typedef struct nd__opml_entry {
    char *url;    /* xmlUrl */
    char *title;  /* text or title, or NULL */
} nd__opml_entry;

/* The feeds of an OPML document (outlines with an xmlUrl, nested ones included, duplicates
 * removed). Returns ND_OK (*entries malloc'd array of *count; nd__opml_free), ND_EFORMAT with
 * `why`, ND_ETOOBIG or ND_ENOMEM. */
int nd__opml_parse(const char *data, size_t len, nd__opml_entry **entries, size_t *count,
                   char *why, size_t why_size);
void nd__opml_free(nd__opml_entry *entries, size_t count);

/* An OPML 2.0 document listing the feeds, malloc'd into *out (NUL-terminated). ND_OK/ND_ENOMEM. */
int nd__opml_write(const nd__opml_entry *entries, size_t count, const char *title, char **out);

#endif
