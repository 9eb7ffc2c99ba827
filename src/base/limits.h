/*
 * limits.h: every input limit of newsdesk in one place (after SQLite's sqliteLimit.h).
 * Input beyond a limit is reported and skipped or cut; nothing grows without bound.
 */
#ifndef ND_LIMITS_H
#define ND_LIMITS_H

#define ND_MAX_FILE_BYTES (64u << 20)      /* a file larger than this is skipped */
#define ND_MAX_ARTICLE_BYTES (4u << 20)    /* an article's text (or HTML) larger than this is skipped */
#define ND_MAX_LINE_BYTES (8u << 20)       /* a JSON Lines line longer than this is skipped */
#define ND_MAX_HTML_DEPTH 256              /* HTML nested deeper is flattened */
#define ND_MAX_FIELD_BYTES 4096            /* id, title, source, url, date: longer is cut */
#define ND_MAX_PARAGRAPHS 20000            /* paragraphs kept per article */
#define ND_MAX_DIRECTORY_DEPTH 64          /* directories nested deeper are not entered */
#define ND_MAX_ARTICLES (1u << 28)         /* articles per desk */

/* Memory structures (util.c): a vector or a hash table past these fails with ND_ETOOBIG (a vector
 * push returns NULL), whatever the input. */
#define ND_MAX_VEC_BYTES ((size_t)1 << 31)     /* bytes in one nd__vec */
#define ND_MAX_MAP_ENTRIES ((size_t)1 << 28)   /* entries in one nd__map */

#define ND_MAX_TOKEN_HASH_BYTES 256              /* a longer word is hashed by its first bytes (text.c) */
#define ND_MAX_ENGINE_STATE_BYTES ((size_t)1 << 34) /* an engine state blob larger is not written */

/* The readers (src/read): feeds, robots.txt, pages, archives. */
#define ND_MAX_FEED_BYTES (16u << 20)         /* a feed document larger than this is refused */
#define ND_MAX_FEED_ITEMS 10000               /* items kept per feed document */
#define ND_MAX_FEED_FIELD_BYTES (1u << 12)    /* an item's guid, link, title, date: longer is cut */
#define ND_MAX_FEED_CONTENT_BYTES (4u << 20)  /* an item's content or summary: longer is cut */
#define ND_MAX_OPML_ENTRIES 100000            /* feeds read from one OPML list */
#define ND_MAX_ROBOTS_BYTES (512u << 10)      /* a robots.txt read up to this */
#define ND_MAX_HTML_TEXT_BYTES (2u * ND_MAX_FILE_BYTES) /* a page's text (libxml2 may widen Latin-1) */
#define ND_MAX_HTML_ELEMENTS (1u << 21)       /* block elements of one page; the rest flatten */
#define ND_MAX_HTML_BLOCKS (1u << 21)         /* runs of text of one page; the rest dropped */
#define ND_MAX_HTML_SCRIPT_BYTES (8u << 20)   /* a script that may carry the article (JSON) */
#define ND_MAX_WARC_HEADER_BYTES (64u << 10)  /* a WARC or HTTP header block */
#define ND_MAX_WARC_FIELD_BYTES 1024          /* one WARC header value kept (url, date, id) */

#endif
