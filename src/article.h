/*
 * article.h: the article as every stage sees it, and the reading desk that makes articles from
 * raw fields (the reader's state: options, diagnostics, scratch) and hands each on.
 * Each article owns one arena; every string and array of the article lives in it, so freeing an
 * article is one arena release. Offsets (paragraphs, removed pieces) are bytes into `body` or
 * `text`.
 */
#ifndef ND_ARTICLE_H
#define ND_ARTICLE_H

#include <stdint.h>

#include "newsdesk.h"
#include "text.h"
#include "util.h"

#define ND__PROGRESS_EVERY 4096 /* articles between two progress callbacks */

typedef struct nd__span {
    uint32_t start, end; /* byte offsets, end exclusive */
} nd__span;

typedef struct nd__removed {
    const char *text; /* into the article's arena; `len` bytes, not NUL-terminated */
    size_t len;
    const char *reason;  /* static string */
} nd__removed;

/* The words of an article: one token stream, made once (nd__analyse, analyse.c) when the body is
 * final and read by every stage that needs words, so that a body is tokenized once. Everything
 * lives in the article's arena. */
typedef struct nd__words {
    const nd__token *body;           /* the body's words; offsets into body */
    size_t body_count;
    const uint32_t *paragraph_first; /* paragraph_count + 1 entries: the words of paragraph p are
                                        body[paragraph_first[p] .. paragraph_first[p + 1]) */
    const nd__token *title;          /* the title's words; offsets into title */
    size_t title_count;
} nd__words;

struct nd_article {
    nd__arena arena;
    size_t index;          /* position in input order among the articles its reader made */
    const char *id;
    const char *source;    /* "" when unknown */
    const char *url;
    const char *title;
    const char *dateline;
    const char *published; /* NULL when unknown */
    const char *origin;    /* where it was read: "FILE:LINE", "FILE" for a whole file */
    const char *text;      /* as read, HTML reduced to text */
    size_t text_len;
    const char *body;      /* clean text, paragraphs joined by "\n\n" */
    size_t body_len;
    nd__span *paragraphs;  /* into body */
    size_t paragraph_count;
    nd__removed *removed;
    size_t removed_count;
    uint64_t *template_keys; /* per paragraph: its template key, 0 when no candidate; set when
                                its templates are counted (clean.c), so that removing them
                                later need not hash again */
    const nd__words *words;  /* NULL until nd__analyse; the engine analyses each article once its
                                templates are removed, before copies, facts and stories */
};

/* Fields of an article as a reader found them; strings borrowed, not yet repaired. */
typedef struct nd__raw_article {
    const char *id; size_t id_len;
    const char *source; size_t source_len;
    const char *url; size_t url_len;
    const char *title; size_t title_len;
    const char *published; size_t published_len;
    const char *text; size_t text_len;
    int text_is_html; /* text holds HTML to be reduced */
    const char *path; /* when the id comes from a file's name, the file's path: should that id be
                         taken, the name with its extension, then the path, is the id instead */
    const char *charset; /* NUL-terminated: the HTML's charset as its transport declared it
                            (HTTP Content-Type), or NULL; the page's own declaration otherwise */
} nd__raw_article;

typedef struct nd_desk nd_desk;
#define ND__DIAGNOSTICS_PER_KIND 20 /* lines of one kind reported per input; the rest summed up */
#define ND__DIAGNOSTIC_KINDS 16      /* kinds counted per input; more kinds are never capped */

typedef struct nd__diagnostic_kind {
    const char *key;      /* the kind's static text (or format string), compared by content */
    const char *summary;  /* "lines not valid JSON", for "... and 19,980 more lines not valid JSON" */
    int status;
    size_t count;         /* diagnostics of this kind for the current input */
} nd__diagnostic_kind;

struct nd_desk {
    nd_options options;
    size_t made;           /* articles made so far */
    size_t skipped;
    nd_article_fn sink;    /* takes each article made (nd__desk_add) */
    void *sink_user;
    /* Scratch reused from one article to the next (nd__desk_add), never handed out. */
    nd__buf repaired;            /* a field or text after UTF-8 repair */
    struct nd__clean_scratch *clean; /* nd__clean_article's, allocated on first use */
    nd__u64_map ids;             /* hash of an article id -> its index + 1: a repeated id is refused */
    /* The diagnostics cap: kinds seen in the current input `diagnostic_where` (owned copy). */
    char *diagnostic_where;
    nd__diagnostic_kind diagnostic_kinds[ND__DIAGNOSTIC_KINDS];
    size_t diagnostic_kind_count;
};

/* Reports a diagnostic through the desk's callback. At most ND__DIAGNOSTICS_PER_KIND of one kind
 * (here: one format string) are reported per input (`where`); the rest are counted and summed
 * up in one line when the input ends (nd__diagnose_flush). */
void nd__diagnose(nd_desk *desk, const char *where, long line, int status, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* The same, of the kind `summary` (a static text that also names the kind in the summing-up
 * line: "lines not valid JSON" gives "... and 19,980 more lines not valid JSON"). */
void nd__diagnose_kind(nd_desk *desk, const char *summary, const char *where, long line, int status,
                       const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* Sums up the diagnostics held back for the current input; called when an input ends. */
void nd__diagnose_flush(nd_desk *desk);

/* Builds an article from raw fields (repairing UTF-8, reducing HTML, cleaning on its own
 * evidence) and hands it to desk->sink, which owns it from then on. `where`/`line` locate it
 * for diagnostics. Returns ND_OK, a negative status when the article was skipped (reported) or
 * memory ran out, or what the sink returned. */
int nd__desk_add(nd_desk *desk, const nd__raw_article *raw, const char *where, long line);

/* A desk of one's own (for a source that makes raw articles itself, as watch.c does): options
 * copied (NULL for the defaults); set `sink` before the first nd__desk_add. Release frees its
 * scratch, never the articles (the sink owns those). */
void nd__desk_init(nd_desk *desk, const nd_options *options);
void nd__desk_release(nd_desk *desk);

#endif
