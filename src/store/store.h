/*
 * store.h: the store's internal interface. What the ingest pipeline, the views and the tests
 * need from a store, whatever keeps it: a backend (store_sqlite.c, the embedded default; a
 * server database later) fills one nd__store_backend with the functions that read and write its
 * rows; store.c checks the arguments of the public nd_store_* calls, picks the backend and calls
 * through; store_docs.c builds what the views take (a story's articles with their facts, the
 * entity and article documents) from the rows a backend hands out. Nothing here names SQL: a
 * backend may keep its rows as it likes, as long as each call below does what it says.
 *
 * Rows handed to a callback are borrowed for the callback only; a callback returns 0 to go on,
 * anything else to stop (the call then returns ND_ESTOPPED).
 */
#ifndef ND_STORE_H
#define ND_STORE_H

#include <stdint.h>
#include <stdio.h>

#include "newsdesk.h"

#define ND__STORE_SCHEMA_VERSION 4 /* the schema nd_store_open migrates to */

/* Rows a backend reads for the views (store_views.h says what each call returns). */
typedef struct nd__story_row {
    long long id, storyline, article_count, outlet_count;
    char first_published[48], last_published[48]; /* "" when unknown */
} nd__story_row;

typedef struct nd__coverage {
    long long story, articles, outlets;
} nd__coverage;

typedef struct nd__search_hit {
    long long story;
    double rank;        /* BM25: lower is better */
    char *article;      /* malloc'd */
    char *snippet;      /* malloc'd; matches between U+2039 and U+203A */
} nd__search_hit;
void nd__search_hits_free(nd__search_hit *hits, size_t count);

/* One stored article as a story view loads it. */
typedef struct nd__article_record {
    long long row;
    const char *id, *source, *url, *title, *origin, *dateline;
    const char *published;      /* NULL when unknown */
    const char *reference_date; /* NULL when none */
    const char *place_source;   /* NULL when none */
    const char *duplicate_of;   /* the original's id, NULL when not a copy */
    const char *body;
    size_t body_len;
    long long first_seen, story, storyline;
    long long place;            /* the place entity's row, 0 when none */
} nd__article_record;

/* One mention of an entity in an article, with the entity's canonical name and type. */
typedef struct nd__mention_record {
    long long entity;
    const char *name, *type;
    long long start, stop;
} nd__mention_record;

typedef struct nd__date_record {
    long long start, stop;
    const char *value;          /* NULL when unresolved */
    const char *precision;
} nd__date_record;

typedef struct nd__quote_record {
    long long start, stop;
    int direct;
    long long speaker;          /* the speaker entity's row, 0 when none */
    const char *speaker_text;
    const char *speaker_name;   /* the speaker entity's canonical name, NULL when none */
} nd__quote_record;

/* A shared passage between two stored articles (a stored first), offsets into each body. */
typedef struct nd__passage_record {
    long long a, b;
    const char *with;           /* article_copies: the other article's id */
    long long a_start, a_end, b_start, b_end, words;
} nd__passage_record;

typedef struct nd__copy_record {
    const char *with, *relation, *first; /* the other article's id, the relation, who was first */
    double similarity;
} nd__copy_record;

typedef struct nd__entity_record {
    long long row;
    const char *name, *type, *country;
    int has_coordinates;
    double latitude, longitude;
    long long article_count;
} nd__entity_record;

typedef int (*nd__article_record_fn)(void *user, const nd__article_record *row);
typedef int (*nd__mention_record_fn)(void *user, const nd__mention_record *row);
typedef int (*nd__date_record_fn)(void *user, const nd__date_record *row);
typedef int (*nd__quote_record_fn)(void *user, const nd__quote_record *row);
typedef int (*nd__passage_record_fn)(void *user, const nd__passage_record *row);
typedef int (*nd__copy_record_fn)(void *user, const nd__copy_record *row);
typedef int (*nd__entity_record_fn)(void *user, const nd__entity_record *row);
/* `mentions`: for entity_stories, how many of the story's articles name the entity; else 0. */
typedef int (*nd__story_row_fn)(void *user, const nd__story_row *row, long long mentions);
typedef int (*nd__coverage_fn)(void *user, const nd__coverage *row);
/* `hit`'s strings are borrowed for the call. */
typedef int (*nd__search_hit_fn)(void *user, const nd__search_hit *hit);
typedef int (*nd__text_fn)(void *user, const char *text);

/* Where each row of a backend's read goes: one of the callbacks above, and its user pointer
 * (both backends hand rows to these through their own row readers). */
typedef struct nd__row_sink {
    union {
        nd__story_row_fn story;
        nd__coverage_fn coverage;
        nd__search_hit_fn hit;
        nd__article_record_fn article;
        nd__mention_record_fn mention;
        nd__date_record_fn date;
        nd__quote_record_fn quote;
        nd__passage_record_fn passage;
        nd__copy_record_fn copy;
        nd__entity_record_fn entity;
        nd__text_fn text;
        nd_store_assignment_fn assignment;
        nd_feed_fn feed;
    } fn;
    void *user;
} nd__row_sink;
#define ND__SINK(kind, f, u) ((nd__row_sink){.fn.kind = (f), .user = (u)})

/* A backend. Every function takes a store its own open made; store.c has checked that the
 * pointers given are not NULL and, where a call needs the current schema, that the store is
 * ready. Statuses as the public calls in newsdesk.h. */
typedef struct nd__store_backend {
    const char *name;
    /* open at schema `version` (migrating up to it), close (rolling back an open batch). A
     * rollback also forgets what the backend remembers of rows it took back. */
    int (*open)(const char *path, int version, nd_store **out);
    void (*close)(nd_store *store);
    const char *(*error)(const nd_store *store);
    int (*begin)(nd_store *store);
    int (*commit)(nd_store *store);
    int (*rollback)(nd_store *store);
    /* the write path: `content_hash` is nd__store_content_hash of the article */
    int (*find)(nd_store *store, const nd_article *article, uint64_t content_hash, nd_store_match *match);
    /* An article's row by id: > 0, 0 when it is not stored, or a negative status. */
    long long (*article_row)(nd_store *store, const char *id);
    /* The rows of one article, called by nd_store_put inside a transaction with an article it
     * has checked and whose original (row `duplicate`, 0 when none) and earlier articles it has
     * found. put_article writes the article's row (*row), its search entry and its story's and
     * storyline's counts; the same id or url again is ND_EINVAL with nothing written. After any
     * other failure of these the batch is rolled back. */
    int (*put_article)(nd_store *store, const nd_store_article *article, uint64_t content_hash, long long duplicate,
                       long long *row);
    int (*put_copy)(nd_store *store, long long earlier, long long row, const nd_store_copy *copy);
    int (*put_entity)(nd_store *store, const nd_entity *entity, long long *row); /* a new one */
    int (*place_entity)(nd_store *store, long long row, const nd_entity *entity); /* unless placed */
    int (*put_variant)(nd_store *store, long long entity, const char *variant);  /* unless there */
    /* mentions, dates, quotes, cites and place; entities[i] is the row of facts->entities[i] */
    int (*put_facts)(nd_store *store, long long row, const nd_facts *facts, const char *body,
                     const long long *entities);
    int (*state_put)(nd_store *store, const char *name, const void *data, size_t len);
    int (*state_get)(nd_store *store, const char *name, char **data, size_t *len);
    int (*count)(nd_store *store, nd_store_counts *counts);
    int (*export)(nd_store *store, nd_store_assignment_fn fn, void *user);
    /* feeds */
    int (*feed_add)(nd_store *store, const char *url, const char *title);
    int (*feed_remove)(nd_store *store, const char *url);
    int (*feeds)(nd_store *store, nd_feed_fn fn, void *user);
    int (*feed_update)(nd_store *store, const nd_feed *feed);
    int (*feed_item_seen)(nd_store *store, const char *feed, const char *guid);
    int (*feed_item_add)(nd_store *store, const char *feed, const char *guid, long long first_seen);
    /* reads for the views (store_views.h says what each returns; here rows go to callbacks) */
    int (*tune_reads)(nd_store *store);
    int (*version)(nd_store *store, long long *version);
    int (*recent_stories)(nd_store *store, const char *since, const char *until, size_t max, nd__story_row_fn fn,
                          void *user);
    int (*story_row)(nd_store *store, long long id, nd__story_row *row);
    int (*storyline_stories)(nd_store *store, long long storyline, nd__story_row_fn fn, void *user);
    int (*entity_stories)(nd_store *store, long long entity, size_t max, nd__story_row_fn fn, void *user);
    int (*latest_published)(nd_store *store, char *out, size_t cap);
    int (*coverage)(nd_store *store, const char *from, const char *to, nd__coverage_fn fn, void *user);
    int (*story_coverage)(nd_store *store, long long story, const char *from, const char *to, nd__coverage *row);
    int (*activity)(nd_store *store, const char *from, const char *to, long long *articles, long long *stories);
    int (*entity_find)(nd_store *store, const char *name, long long *row);
    int (*entity_row)(nd_store *store, const char *name, const char *type, long long *row);
    /* One entity (ND_ENOTFOUND when none) and its variants, alphabetically, at most 100. */
    int (*entity)(nd_store *store, long long row, nd__entity_record_fn fn, void *user);
    int (*entity_variants)(nd_store *store, long long row, nd__text_fn fn, void *user);
    /* A story's articles by publication (the first `max`), and the facts' rows of one article
     * (mentions in storing order, dates and quotes by start); the passages between any two of
     * the story's articles, by a, b and a_start. */
    int (*story_articles)(nd_store *store, long long story, size_t max, nd__article_record_fn fn, void *user);
    int (*article_mentions)(nd_store *store, long long article, nd__mention_record_fn fn, void *user);
    int (*article_dates)(nd_store *store, long long article, nd__date_record_fn fn, void *user);
    int (*article_quotes)(nd_store *store, long long article, nd__quote_record_fn fn, void *user);
    int (*story_passages)(nd_store *store, long long story, nd__passage_record_fn fn, void *user);
    /* One article by id (ND_ENOTFOUND), its copy relations by the other's storing order and its
     * passages by their start in it (a_* its own offsets, `with` the other article). */
    int (*article)(nd_store *store, const char *id, nd__article_record_fn fn, void *user);
    int (*article_copies)(nd_store *store, long long row, nd__copy_record_fn fn, void *user);
    int (*article_passages)(nd_store *store, long long row, nd__passage_record_fn fn, void *user);
    /* Articles matching the words (every word, or with `any` any of them; nothing in a word is
     * taken as query syntax), best first, at most `max`. */
    int (*search)(nd_store *store, const char *const *words, size_t count, int any, size_t max, nd__search_hit_fn fn,
                  void *user);
    /* for tests */
    int (*exec)(nd_store *store, const char *script);
    int (*dump)(nd_store *store, const char *table, FILE *out);
    long long (*search_count)(nd_store *store, const char *query);
    /* story documents and what making them reads (store_views.h says what each does) */
    int (*story_doc_put)(nd_store *store, long long story, const char *card, const char *page);
    int (*story_doc_get)(nd_store *store, long long story, int page, char **json);
    int (*story_total)(nd_store *store, const char *since, const char *until, long long *total);
    int (*outlet_titles)(nd_store *store, const char *source, const char *host, size_t max,
                         int (*fn)(void *user, const char *title), void *user);
    int (*title_stories)(nd_store *store, const char *title, long long *stories);
} nd__store_backend;

/* Called by nd_store_commit before a batch commits, inside its transaction, with the stories that
 * took an article in it (each once, in the order they first took one), so that what is built
 * from a story (its stored document) is rebuilt once per batch, never per request. Nonzero
 * rolls the batch back and nd_store_commit returns it. */
typedef int (*nd__store_batch_fn)(void *user, nd_store *store, const long long *stories, size_t count);

/* What every store starts with; a backend's own struct begins with it (store.c keeps the rest). */
struct nd_store {
    const nd__store_backend *backend;
    int version;              /* the schema version after open */
    int ready;                /* at the current version, and ready for writes and queries */
    int in_batch;             /* between nd_store_begin and commit or rollback */
    nd__store_batch_fn on_commit;
    void *on_commit_user;
    struct nd__store_front *front; /* store.c's: the batch's stories, what the rows say (caches) */
};

/* Sets (or with NULL clears) the function nd_store_commit calls with the batch's stories. */
void nd__store_on_commit(nd_store *store, nd__store_batch_fn fn, void *user);
/* The stories that took an article in the batch so far (each once), borrowed until the next
 * call on the store. */
const long long *nd__store_changed_stories(const nd_store *store, size_t *count);

extern const nd__store_backend nd__store_sqlite;
extern const nd__store_backend nd__store_postgresql; /* store_pg.c: postgresql:// URLs */

/* Opens the store applying migrations up to `version` only (1 .. ND__STORE_SCHEMA_VERSION), so
 * that a test can write a store as an older newsdesk did. A store opened below the current
 * version takes no nd_store_put and no queries but nd__store_exec; close it and open it again
 * with nd_store_open to migrate it. */
int nd__store_open_version(const char *path, int version, nd_store **out);

/* Runs a script of the backend's own language (for tests that write an older schema's rows).
 * ND_OK or ND_EIO. */
int nd__store_exec(nd_store *store, const char *script);

/* Writes every row of `table` in row order, one line each, columns separated by '|', NULL as
 * "NULL", for round-trip tests. ND_OK, ND_EINVAL (no such table) or ND_EIO. */
int nd__store_dump(nd_store *store, const char *table, FILE *out);

/* How many articles the full-text index finds for a query; negative status on error. */
long long nd__store_search_count(nd_store *store, const char *query);

/* The content hash nd_store_find matches on: source, title and text as read. */
uint64_t nd__store_content_hash(const nd_article *article);

#endif
