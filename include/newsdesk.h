/*
 * newsdesk.h: the one public header of newsdesk, a news-stream engine.
 *
 * Read it top to bottom. A program opens a desk, feeds it articles (files, directories, standard
 * input or memory buffers in plain text, JSON Lines or HTML), and asks it for what it found:
 * each article's clean text, and the pairs of articles that are copies, near-copies or that
 * share passages.
 *
 *     nd_desk *desk = nd_desk_new(NULL);
 *     nd_desk_read_path(desk, "articles/");
 *     nd_desk_dedup(desk, print_pair, NULL);
 *     nd_desk_free(desk);
 *
 * Conventions, kept by every function below:
 *   - Functions that can fail return an int status: ND_OK (0) or a negative ND_E* code;
 *     nd_strerror() names it. The library never exits and never prints: diagnostics about bad
 *     input go to the callback in nd_options.
 *   - Text crosses the interface as UTF-8, as a NUL-terminated string or as pointer + length.
 *   - Ownership: every pointer returned by nd_article_* and carried in an nd_pair is borrowed
 *     from the desk and lives until nd_desk_free(). Every *_free() accepts NULL.
 */
#ifndef NEWSDESK_H
#define NEWSDESK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ND_BUILDING_LIBRARY) && defined(__GNUC__)
#define ND_EXPORT __attribute__((visibility("default")))
#else
#define ND_EXPORT
#endif

#define ND_VERSION_MAJOR 0
#define ND_VERSION_MINOR 1
#define ND_VERSION_PATCH 0
#define ND_VERSION_STRING "0.1.0"

/* The version of the library actually linked, e.g. "0.1.0". */
ND_EXPORT const char *nd_version(void);

/* ---------------------------------------------------------------------------------------------
 * Status codes. One list generates both the enum and nd_strerror(), so they cannot drift.
 */
#define ND_STATUS_MAP(X)                                                     \
    X(OK, 0, "success")                                                      \
    X(ENOMEM, -1, "out of memory")                                           \
    X(EIO, -2, "cannot read input")                                          \
    X(EFORMAT, -3, "malformed input")                                        \
    X(ETOOBIG, -4, "input exceeds a limit")                                  \
    X(EEMPTY, -5, "empty input")                                             \
    X(EBINARY, -6, "binary input")                                           \
    X(EINVAL, -7, "invalid argument")                                        \
    X(ESKIPPED, -8, "some input was skipped")                                \
    X(ESTOPPED, -9, "stopped by callback")

typedef enum nd_status {
#define ND__STATUS_ENUM(name, code, text) ND_##name = code,
    ND_STATUS_MAP(ND__STATUS_ENUM)
#undef ND__STATUS_ENUM
} nd_status;

/* A short English description of a status code; never NULL. */
ND_EXPORT const char *nd_strerror(int status);

/* ---------------------------------------------------------------------------------------------
 * Options. Call nd_options_init() first, then change what you need.
 */

/* Called once for each piece of input that was repaired or skipped. `where` is the file name
 * (or "-" for standard input, or the name given to nd_desk_read_buffer), `line` the 1-based
 * line (0 when a whole file is concerned), `status` why. The run goes on after it. */
typedef void (*nd_diagnostic_fn)(void *user, const char *where, long line, int status,
                                 const char *message);

/* Called now and then during long work: `phase` is "read" or "dedup", `done` how many articles
 * so far, `total` how many there are (0 while reading, when it is not known). */
typedef void (*nd_progress_fn)(void *user, const char *phase, size_t done, size_t total);

typedef struct nd_options {
    double near_threshold;       /* estimated Jaccard of word 5-shingles to call two articles
                                    near-duplicates; default 0.6 */
    int min_passage_words;       /* shortest shared passage reported; default 12 */
    int template_min_articles;   /* a paragraph repeated in this many articles of one source
                                    is a template and removed; default 3 */
    nd_diagnostic_fn on_diagnostic; /* may be NULL: diagnostics are then dropped */
    nd_progress_fn on_progress;  /* may be NULL */
    void *user;                  /* passed to every callback */
} nd_options;

ND_EXPORT void nd_options_init(nd_options *options);

/* ---------------------------------------------------------------------------------------------
 * The desk: the engine's state. Not thread-safe; use one desk per thread.
 */
typedef struct nd_desk nd_desk;
typedef struct nd_article nd_article;

/* A new, empty desk, or NULL when out of memory. `options` may be NULL for the defaults; it is
 * copied. Free with nd_desk_free(). */
ND_EXPORT nd_desk *nd_desk_new(const nd_options *options);
ND_EXPORT void nd_desk_free(nd_desk *desk);

/* Reads articles from a file, a directory (recursively, in name order) or "-" for standard
 * input. The format is detected from the content: JSON Lines (one article per line with "id"
 * and "title", "text" or "html", "published", "source", "url"), HTML, or plain text (one
 * article per file, id = file name without extension). Bad pieces are reported through the
 * diagnostic callback and skipped; everything else is kept. Returns ND_OK, ND_ESKIPPED when
 * something was skipped, or ND_ENOMEM. */
ND_EXPORT int nd_desk_read_path(nd_desk *desk, const char *path);

/* The same for bytes in memory; `name` stands for the file name in ids and diagnostics. The
 * bytes are copied. */
ND_EXPORT int nd_desk_read_buffer(nd_desk *desk, const char *name, const char *data, size_t len);

/* How many pieces of input (files or lines) were skipped so far. */
ND_EXPORT size_t nd_desk_skipped(const nd_desk *desk);

/* The articles read so far, in input order. Reading further articles may move the array but
 * never the articles themselves. */
ND_EXPORT size_t nd_desk_article_count(const nd_desk *desk);
ND_EXPORT const nd_article *nd_desk_article(const nd_desk *desk, size_t index);

/* Finishes cleaning: removes the paragraphs that repeat across many articles of one source
 * (templates). Called by nd_desk_dedup(); call it yourself before reading clean text when you
 * want templates gone. Idempotent until more articles are read. */
ND_EXPORT int nd_desk_clean(nd_desk *desk);

/* ---------------------------------------------------------------------------------------------
 * Articles. Every string is owned by the desk; "" or NULL as noted when unknown.
 */
ND_EXPORT const char *nd_article_id(const nd_article *article);
ND_EXPORT const char *nd_article_source(const nd_article *article);    /* "" when unknown */
ND_EXPORT const char *nd_article_url(const nd_article *article);       /* "" when unknown */
ND_EXPORT const char *nd_article_title(const nd_article *article);     /* "" when unknown */
ND_EXPORT const char *nd_article_dateline(const nd_article *article);  /* "" when none */
/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS..." as given; NULL when unknown. */
ND_EXPORT const char *nd_article_published(const nd_article *article);
/* The text as read (HTML already reduced to its main text). */
ND_EXPORT const char *nd_article_text(const nd_article *article, size_t *len);
/* The clean text: paragraphs joined by "\n\n", boilerplate removed. */
ND_EXPORT const char *nd_article_body(const nd_article *article, size_t *len);
ND_EXPORT size_t nd_article_paragraph_count(const nd_article *article);
ND_EXPORT const char *nd_article_paragraph(const nd_article *article, size_t index, size_t *len);

/* What cleaning removed, in text order, with the reason ("caption", "licence", ...). */
ND_EXPORT size_t nd_article_removed_count(const nd_article *article);
ND_EXPORT const char *nd_article_removed(const nd_article *article, size_t index, size_t *len,
                                         const char **reason);

/* ---------------------------------------------------------------------------------------------
 * Copies and shared passages.
 */
typedef enum nd_relation {
    ND_RELATION_EXACT,    /* the same clean text */
    ND_RELATION_NEAR,     /* the same article with small edits */
    ND_RELATION_PASSAGES  /* different articles sharing passages of min_passage_words or more */
} nd_relation;

ND_EXPORT const char *nd_relation_name(nd_relation relation); /* "exact", "near", "passages" */

typedef struct nd_passage {
    size_t words;            /* length in words */
    size_t a_start, a_end;   /* byte offsets in a's clean text (nd_article_body) */
    size_t b_start, b_end;   /* byte offsets in b's clean text */
} nd_passage;

typedef struct nd_pair {
    const nd_article *a;     /* the one read first */
    const nd_article *b;
    nd_relation relation;
    double similarity;       /* 0..1: estimated Jaccard for near, share of the shorter text
                                covered for passages, 1 for exact */
    const nd_article *first; /* published first (known dates before unknown, then input order) */
    size_t passage_count;
    const nd_passage *passages; /* valid during the callback only */
} nd_pair;

/* Return 0 to go on, anything else to stop (nd_desk_dedup then returns ND_ESTOPPED). */
typedef int (*nd_pair_fn)(void *user, const nd_pair *pair);

/* Finds every related pair among the articles read, in order of b then a, and calls `fn` for
 * each. Returns ND_OK, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_desk_dedup(nd_desk *desk, nd_pair_fn fn, void *user);

#ifdef __cplusplus
}
#endif
#endif /* NEWSDESK_H */
