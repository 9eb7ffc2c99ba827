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
    X(ESTOPPED, -9, "stopped by callback")                                   \
    X(ENOTFOUND, -10, "not found")

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
    /* Stories and storylines (see nd_cluster_new). */
    double story_threshold;      /* similarity an article needs to join a live story; 0 for
                                    the default (see docs/cluster.md) */
    double story_expire_days;    /* a story with no new article for this many days leaves the
                                    live set; default 365 */
    double storyline_days;       /* a story that left the live set can still start a storyline
                                    link for this many days after its last article; default 1500 */
    int max_stories;             /* ceiling on stories held (live and closed): beyond it the
                                    least recently updated are forgotten; default 100000 */
    int story_entities;          /* what of the extracted facts given with the articles
                                    (nd_cluster_add_facts, nd_desk_cluster_facts) are features:
                                    0 or 1 (default) the event's place and the days the text
                                    names, 2 also every person, organisation and place,
                                    -1 none (facts are ignored) */
    const char *story_weights;   /* learned join weights (nd_cluster_load_weights) for the
                                    cluster states the engine makes itself (nd_desk_ingest);
                                    NULL: the hand-tuned rule. Borrowed: must outlive the desk */
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
/* Where it was read: "FILE:LINE" for a line of JSON Lines, "FILE" for a whole file ("-" is
 * standard input). */
ND_EXPORT const char *nd_article_origin(const nd_article *article);
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

/* ---------------------------------------------------------------------------------------------
 * Stories and storylines.
 *
 * A cluster state groups articles, one at a time in stream order, into stories (reports of one
 * real-world event) and stories into storylines (the same actors and theme over months and
 * years). Each article joins the most similar live story or opens a new one; stories that see
 * no article for story_expire_days leave the live set, and are forgotten storyline_days later,
 * so memory stays flat however long the stream runs. The same articles in the same order give
 * the same results. The state is plain tables (vocabulary, stories, postings) meant to be saved
 * and loaded between runs; see nd_cluster_save.
 *
 *     nd_cluster *cluster = nd_cluster_new(NULL);
 *     nd_desk_cluster(desk, cluster, print_result, NULL);
 *     nd_cluster_free(cluster);
 */
typedef struct nd_cluster nd_cluster;

#define ND_CLUSTER_FEATURES 8 /* features listed per result (matched, terms, names) */
#define ND_CLUSTER_REASONS 4  /* learned-model features listed per result (reasons) */

typedef struct nd_cluster_result {
    const nd_article *article;
    long long story;           /* 1, 2, ... in order of opening */
    long long storyline;       /* the number of the storyline's first story */
    const nd_article *duplicate_of; /* the original when the article is an exact or near copy
                                       (set by nd_desk_cluster); NULL otherwise */
    int opened;                /* 1 when the article opened its story */
    double score;              /* combined similarity to the story it joined; for an opening
                                  article, to the best live story it did not join (0 if none) */
    double term_similarity;    /* cosine of weighted terms with that story */
    double name_similarity;    /* cosine of names and numbers with that story */
    double time_factor;        /* 1 for no gap, less as the gap to the story's last article grows */
    /* The strings below are borrowed from the cluster state; they live until nd_cluster_free(). */
    size_t matched_count;      /* features shared with that story, strongest first */
    const char *matched[ND_CLUSTER_FEATURES];
    size_t term_count;         /* the article's strongest terms (a surface form of each stem) */
    const char *terms[ND_CLUSTER_FEATURES];
    size_t name_count;         /* the article's strongest names and numbers */
    const char *names[ND_CLUSTER_FEATURES];
    /* With learned weights (nd_cluster_load_weights): why the article joined that story, or
     * did not: the features with the largest contributions to the join decision, largest
     * first, each with its contribution (weight x value, in log odds; negative speaks against
     * joining), and the model's probability of joining. 0 and none without weights or when
     * there was no candidate. The names are static strings. */
    size_t reason_count;
    const char *reasons[ND_CLUSTER_REASONS];
    double reason_weights[ND_CLUSTER_REASONS];
    double join_probability;
    double join_bias;          /* the join model's intercept (log odds): the log odds of joining
                                  are it plus every feature's contribution */
} nd_cluster_result;

/* A new, empty cluster state, or NULL when out of memory. `options` may be NULL for the
 * defaults; it is copied. Free with nd_cluster_free(). */
ND_EXPORT nd_cluster *nd_cluster_new(const nd_options *options);
ND_EXPORT void nd_cluster_free(nd_cluster *cluster);

/* Loads the learned join decision (data/story_weights.txt, made by `make train-stories`) into a
 * state before its first article: a ranking model picks the best candidate story and a join
 * model decides whether the article joins it (docs/cluster.md). Without it the hand-tuned score
 * decides. ND_EIO when the file cannot be read, ND_EFORMAT when it is damaged or made for other
 * features, with *bad_line (may be NULL) the 1-based line at fault or 0; the state is then
 * unchanged. With weights, options.story_threshold is the join probability needed (default 0.5).
 * A saved state must be continued with the same weights. */
ND_EXPORT int nd_cluster_load_weights(nd_cluster *cluster, const char *path, size_t *bad_line);

/* For training (tools/train_stories.py): writes every live candidate's features and every
 * article's decision from now on to the file at `path` (made anew; closed by nd_cluster_free),
 * as tab-separated lines: "H NAMES...", then per article "C SEQ STORY FEATURES..." for each
 * candidate and "A SEQ ID STORY OPENED COPY". ND_EIO when it cannot be made. */
ND_EXPORT int nd_cluster_dump_features(nd_cluster *cluster, const char *path);

/* Adds one article, the next of the stream, and fills `result`. When the article is a copy of
 * an earlier one, pass the story that one joined as `original_story` (0 otherwise): the copy
 * then joins it while that story is live. The article is only read during the call. Returns
 * ND_OK or ND_ENOMEM. */
ND_EXPORT int nd_cluster_add(nd_cluster *cluster, const nd_article *article,
                             long long original_story, nd_cluster_result *result);

/* Entities, dates and quotes come further down (nd_desk_extract). */
typedef struct nd_facts nd_facts;
typedef struct nd_extraction nd_extraction;

/* The same with the article's extracted facts (NULL for none): the place of the event and the
 * days its text names then count as names, and a day its story named too raises the score; with
 * options.story_entities 2 also its people, organisations and places; with -1 facts are
 * ignored (see docs/cluster.md). `facts` is only read during the call. */
ND_EXPORT int nd_cluster_add_facts(nd_cluster *cluster, const nd_article *article, const nd_facts *facts,
                                   long long original_story, nd_cluster_result *result);

/* Return 0 to go on, anything else to stop (nd_desk_cluster then returns ND_ESTOPPED). */
typedef int (*nd_cluster_fn)(void *user, const nd_cluster_result *result);

/* Clusters every article of the desk: cleans (nd_desk_clean), finds exact and near copies (as
 * nd_desk_dedup), orders the articles by publication day (stable; an undated article keeps its
 * place after the article before it in input order) and adds each to `cluster`, calling `fn`
 * with each result in that order. Returns ND_OK, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_desk_cluster(nd_desk *desk, nd_cluster *cluster, nd_cluster_fn fn, void *user);

/* The same, adding each article with its facts from `extraction` (made by nd_desk_extract on
 * this desk after its last read; NULL for none). nd_desk_cluster itself runs no extraction. */
ND_EXPORT int nd_desk_cluster_facts(nd_desk *desk, nd_cluster *cluster, const nd_extraction *extraction,
                                    nd_cluster_fn fn, void *user);

/* Stories held now: live (still taking articles), and all held (live and closed, the closed
 * ones kept for storyline links). */
ND_EXPORT size_t nd_cluster_live_stories(const nd_cluster *cluster);
ND_EXPORT size_t nd_cluster_held_stories(const nd_cluster *cluster);

/* Saves the whole state to a file (text, one table row a line, so that it maps onto database
 * tables; docs/cluster.md lists them), and loads such a file into a state just made by
 * nd_cluster_new() with the same options. Adding the rest of a stream after a load gives
 * exactly the results one run over the whole stream would have given. nd_desk_cluster cleans
 * and finds copies within its own desk only: a copy of an article of an earlier run is then
 * clustered by similarity, and template removal sees only this run's articles.
 * Save returns ND_OK, ND_EIO or ND_ENOMEM; load returns ND_OK, ND_EIO (cannot open),
 * ND_EFORMAT (not such a file, or damaged), ND_ETOOBIG (over a ceiling), ND_ENOMEM, or
 * ND_EINVAL when the state is not fresh; on failure the state is left empty. */
ND_EXPORT int nd_cluster_save(const nd_cluster *cluster, const char *path);
ND_EXPORT int nd_cluster_load(nd_cluster *cluster, const char *path);
/* The same in memory (the store keeps the state as a blob): save sets *data (malloc'd, the
 * caller frees it) and *len; load reads `len` bytes, which need not end in NUL. Return codes as
 * above, without ND_EIO. */
ND_EXPORT int nd_cluster_save_buffer(const nd_cluster *cluster, char **data, size_t *len);
ND_EXPORT int nd_cluster_load_buffer(nd_cluster *cluster, const char *data, size_t len);

/* ---------------------------------------------------------------------------------------------
 * Entities, dates and quotes: who, where, when, and who said what.
 *
 *     nd_gazetteer *places = NULL;
 *     nd_gazetteer_load("build/gazetteer/places.tsv", &places);   (optional: NULL works too)
 *     nd_extraction *facts;
 *     nd_desk_extract(desk, places, &facts);
 *     const nd_facts *f = nd_extraction_facts(facts, 0);           (article 0's facts)
 *     nd_extraction_free(facts);
 *     nd_gazetteer_free(places);
 *
 * Offsets are byte offsets in the article's clean text (nd_article_body). Names are canonical
 * across the whole extraction: the same person spelled Baqeri in one article and Bagheri in
 * another has one name in both.
 */

/* Countries, demonyms and cities with coordinates, read from the file scripts/gazetteer.sh
 * builds. Returns ND_OK, ND_EIO (cannot open), ND_ETOOBIG or ND_ENOMEM; *out is then NULL.
 * Free with nd_gazetteer_free(). A gazetteer may be shared by many extractions (read only). */
typedef struct nd_gazetteer nd_gazetteer;
ND_EXPORT int nd_gazetteer_load(const char *path, nd_gazetteer **out);
ND_EXPORT size_t nd_gazetteer_count(const nd_gazetteer *gazetteer); /* names loaded */
ND_EXPORT void nd_gazetteer_free(nd_gazetteer *gazetteer);

typedef enum nd_entity_type {
    ND_ENTITY_PERSON,
    ND_ENTITY_ORGANISATION,
    ND_ENTITY_PLACE
} nd_entity_type;

ND_EXPORT const char *nd_entity_type_name(nd_entity_type type); /* "person", "organisation", "place" */

typedef struct nd_span {
    size_t start, end;       /* byte offsets in the clean text, end exclusive */
} nd_span;

typedef struct nd_entity {
    nd_entity_type type;
    const char *name;        /* canonical name, the same in every article of the extraction */
    size_t variant_count;
    const char *const *variants; /* the forms this article uses, titles included ("President
                                    al-Assad"), first seen first */
    size_t mention_count;
    const nd_span *mentions; /* in text order */
    const char *country;     /* places: ISO 3166 alpha-2 code, "" when unknown */
    int has_coordinates;     /* places found in the gazetteer */
    double latitude, longitude;
} nd_entity;

typedef enum nd_date_precision {
    ND_DATE_DAY,             /* value "YYYY-MM-DD" */
    ND_DATE_WEEK,            /* value is the Monday of the week, "YYYY-MM-DD" */
    ND_DATE_MONTH,           /* value "YYYY-MM" */
    ND_DATE_YEAR             /* value "YYYY" */
} nd_date_precision;

ND_EXPORT const char *nd_date_precision_name(nd_date_precision precision); /* "day", ... */

typedef struct nd_date {
    nd_span span;            /* the expression: "on Thursday", "September 14", "in March 2011" */
    const char *value;       /* resolved; NULL when the article has no reference date */
    nd_date_precision precision;
} nd_date;

typedef struct nd_quote {
    nd_span span;            /* the quoted words, quotation marks excluded; for a quote over
                                several paragraphs, from the first word to the last */
    int direct;              /* 1: in quotation marks; 0: reported ("X said that ...") */
    long speaker;            /* index into the article's entities, or -1 */
    const char *speaker_text; /* the speaker as named when not an entity ("the two sides"),
                                 "" when unknown */
    nd_span speaker_span;    /* where the speaker is named or referred to ("he"); 0,0 if not */
} nd_quote;

typedef struct nd_cite {
    long source;             /* index into the article's entities (an organisation) */
    nd_span span;            /* the citing phrase: "IRNA reported", "citing ... SANA" */
} nd_cite;

struct nd_facts {
    const char *published;   /* the article's own date "YYYY-MM-DD", or NULL */
    const char *reference_date; /* the date relative expressions were resolved against, NULL
                                   when none could be found */
    const char *date_source; /* "published", "text", "story" or NULL */
    const char *dateline;    /* "" when none */
    size_t entity_count;
    const nd_entity *entities; /* people first, then organisations, then places */
    size_t date_count;
    const nd_date *dates;
    size_t quote_count;
    const nd_quote *quotes;
    size_t cite_count;
    const nd_cite *cites;
    long where;              /* index into entities of the place the event happened, or -1 */
    const char *where_source; /* "lead", "dateline" or NULL */
};

/* The facts of every article read so far (cleaning first, as nd_desk_clean). `gazetteer` may be
 * NULL: places then come from text cues only ("X-based", datelines). An undated article takes
 * the date of the dated article it shares the most people and places with (its story).
 * Returns ND_OK or ND_ENOMEM; *out is then NULL. Free with nd_extraction_free(); the facts
 * borrow nothing from the desk or the gazetteer, so either may be freed first. */
/* nd_extraction is declared above, with nd_desk_cluster_facts. */
ND_EXPORT int nd_desk_extract(nd_desk *desk, const nd_gazetteer *gazetteer, nd_extraction **out);
ND_EXPORT size_t nd_extraction_count(const nd_extraction *extraction);
/* The facts of article `index` (input order), or NULL when out of range. Owned by the
 * extraction. */
ND_EXPORT const nd_facts *nd_extraction_facts(const nd_extraction *extraction, size_t index);
ND_EXPORT void nd_extraction_free(nd_extraction *extraction);

/* ---------------------------------------------------------------------------------------------
 * The store: everything the desk found, kept in an embedded SQLite database (WAL mode), so that a
 * reader (the server) and a writer (ingest) can use it at once and a later run continues where
 * the last one stopped. docs/store.md describes the tables.
 *
 *     nd_store *store;
 *     nd_store_open("newsdesk.db", &store);
 *     nd_ingest_stats stats;
 *     nd_desk_ingest(desk, store, places, &stats);   (read -> copies -> facts -> stories -> store)
 *     nd_store_close(store);
 *
 * A store is used by one thread at a time; open one per thread. Strings handed to callbacks are
 * borrowed from the store and valid during the callback only.
 */
typedef struct nd_store nd_store;

#define ND_STORE_DEFAULT_PATH "newsdesk.db"

/* Opens the store at `path`, creating it when absent and migrating an older schema to the
 * current one (in one transaction). Sets *out (NULL on failure). Returns ND_OK, ND_EIO (cannot
 * open or write the file), ND_EFORMAT (not a newsdesk store, or written by a newer version) or
 * ND_ENOMEM. Close with nd_store_close(), which accepts NULL and rolls back an open transaction. */
ND_EXPORT int nd_store_open(const char *path, nd_store **out);
ND_EXPORT void nd_store_close(nd_store *store);
/* The database's last error message, for diagnostics; never NULL. */
ND_EXPORT const char *nd_store_error(const nd_store *store);
/* The schema version the store is at (after migration, the current one). */
ND_EXPORT int nd_store_schema_version(const nd_store *store);

/* Batches: everything between begin and commit is stored at once or not at all. */
ND_EXPORT int nd_store_begin(nd_store *store);
ND_EXPORT int nd_store_commit(nd_store *store);
ND_EXPORT int nd_store_rollback(nd_store *store);

/* An article already in the store with the same id, the same url (when it has one) or the same
 * content (source, title and text as read): the same article again. */
typedef struct nd_store_match {
    long long row;           /* the stored article's row */
    const char *id;          /* its id; borrowed, valid until the next call on the store */
    long long story, storyline;
    const char *by;          /* "id", "url" or "content" */
} nd_store_match;

/* Returns 1 and fills *match when the store holds `article` already, 0 when not, or a negative
 * status. */
ND_EXPORT int nd_store_find(nd_store *store, const nd_article *article, nd_store_match *match);

/* A copy relation of the article being stored with an earlier stored one. */
typedef struct nd_store_copy {
    const char *earlier_id;  /* the stored article */
    nd_relation relation;
    double similarity;
    int earlier_first;       /* 1 when the earlier one was published first */
    size_t passage_count;
    const nd_passage *passages; /* a_* in the earlier article's clean text, b_* in this one's */
} nd_store_copy;

/* One article's complete result: what the pipeline found about it, stored by one call. */
typedef struct nd_store_article {
    const nd_article *article;  /* fields, text as read, clean text, origin */
    long long first_seen;       /* seconds since 1970 when this run read it */
    long long story, storyline; /* its story (nd_cluster_result) */
    int opened;                 /* 1 when it opened its story */
    const char *duplicate_of;   /* id of the stored original when a copy, else NULL */
    size_t copy_count;
    const nd_store_copy *copies;
    const nd_facts *facts;      /* NULL when none */
} nd_store_article;

/* Stores one article with its copies, facts and story (updating the story's and storyline's
 * counts and the search index). Everything given is only read during the call. Call within a
 * batch for speed; alone it is its own transaction. Returns ND_OK, ND_EINVAL (the article is
 * already stored, or a copy names an article that is not), ND_EIO or ND_ENOMEM. */
ND_EXPORT int nd_store_put(nd_store *store, const nd_store_article *article);

/* Named blobs a restart needs (the engine's state), written in the same batch as the articles
 * they cover. Get sets *data (malloc'd, the caller frees) and *len; returns 1 when found, 0 when
 * not (then *data is NULL), or a negative status. */
ND_EXPORT int nd_store_state_put(nd_store *store, const char *name, const void *data, size_t len);
ND_EXPORT int nd_store_state_get(nd_store *store, const char *name, char **data, size_t *len);

/* Rows held in the main tables. */
typedef struct nd_store_counts {
    long long articles, copies, passages, stories, storylines, entities, mentions, dates, quotes,
        cites;
} nd_store_counts;
ND_EXPORT int nd_store_count(nd_store *store, nd_store_counts *counts);

/* Every article in the order it was stored, as `cluster` prints it. */
typedef struct nd_store_assignment {
    const char *id;
    long long story, storyline;
    const char *duplicate_of;   /* NULL when not a copy */
} nd_store_assignment;
/* Return 0 to go on, anything else to stop (then ND_ESTOPPED). */
typedef int (*nd_store_assignment_fn)(void *user, const nd_store_assignment *assignment);
ND_EXPORT int nd_store_export(nd_store *store, nd_store_assignment_fn fn, void *user);

/* What one ingest did. */
typedef struct nd_ingest_stats {
    size_t read;             /* articles read */
    size_t added;            /* stored now */
    size_t copies;           /* of those, exact or near copies of an earlier article */
    size_t skipped;          /* already in the store (same id, url or content) */
    size_t stories_opened;   /* new stories */
    size_t stories_updated;  /* stories of earlier runs that took an article */
} nd_ingest_stats;

/* Takes every article of the desk through copies, extraction (`gazetteer` may be NULL; none
 * when the desk's options.story_entities is -1) and stories into the store, continuing the
 * story state the store holds, in batches of `batch` articles (0 for 1000), each one
 * transaction with the state it leaves: a run stopped at any moment leaves the store as it was
 * after its last whole batch, and running it again on the same input ends as one run would have.
 * Articles already stored are skipped. Progress goes to options.on_progress as phase "store".
 * Fills *stats (may be NULL). Returns ND_OK, ND_EIO (the store failed: nd_store_error),
 * ND_EFORMAT (the stored state is damaged) or ND_ENOMEM. */
ND_EXPORT int nd_desk_ingest(nd_desk *desk, nd_store *store, const nd_gazetteer *gazetteer, size_t batch,
                             nd_ingest_stats *stats);


/* ---------------------------------------------------------------------------------------------
 * Stories a person reads: headline, summary, when and where, sources, quotes, shared passages.
 *
 * nd_summarise() takes one story's articles (with their clean text and, when extracted, their
 * facts) and the passages they share, and writes what a wire editor would: a headline (the most
 * representative title, or the core of the most representative lead sentence when titles are
 * missing), two or three sentences drawn from the articles that do not repeat one another, when
 * the event happened (from the text, not the publication date) and where, the counts, who
 * published first, the sources, the key people and organisations, the strongest quotes with
 * their speakers, and the copies and shared passages. Nothing is kept from the inputs: the
 * summary owns every string it holds, so the articles may be freed first.
 *
 *     nd_summary *s;
 *     nd_summarise(articles, n, links, n_links, &s);
 *     printf("%s\n", s->headline);
 *     nd_summary_free(s);
 */
typedef struct nd_story_article {
    const char *id;
    const char *source;        /* outlet; "" or NULL when unknown */
    const char *url;           /* "" or NULL when unknown */
    const char *title;         /* "" or NULL when the article has none */
    const char *published;     /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS..."; NULL when unknown */
    const char *body;          /* the clean text (nd_article_body) */
    size_t body_len;
    const nd_facts *facts;     /* its extracted facts, offsets in `body`; NULL when none */
    const char *duplicate_of;  /* id of the article it is an exact or near copy of, or NULL */
} nd_story_article;

/* Passages two of the story's articles share (an nd_pair's, by index into the articles). */
typedef struct nd_story_link {
    size_t a, b;               /* indexes into the articles given to nd_summarise */
    size_t passage_count;
    const nd_passage *passages; /* a_* offsets in a's body, b_* in b's */
} nd_story_link;

typedef struct nd_summary_article {
    const char *id, *source, *url, *title, *published; /* "" when unknown (published NULL) */
    const char *day;           /* the day it reports on: published, else its facts' reference
                                  date; NULL when neither is known */
    const char *lead;          /* its first sentence */
    const char *duplicate_of;  /* NULL unless a copy */
    size_t input_index;        /* where it stood in the input */
} nd_summary_article;

typedef struct nd_summary_entity {
    const char *name;          /* canonical */
    nd_entity_type type;
    size_t article_count;      /* articles of the story naming it */
    size_t mention_count;
    size_t variant_count;
    const char *const *variants;
} nd_summary_entity;

typedef struct nd_summary_quote {
    const char *text;          /* the quoted words */
    const char *speaker;       /* canonical name, or the speaker as written; "" when unknown */
    const char *article_id;    /* the first article carrying it */
    int direct;                /* 1 in quotation marks, 0 reported */
    size_t article_count;      /* articles carrying the same words */
} nd_summary_quote;

typedef struct nd_summary_passage {
    const char *a_id, *b_id;   /* a published first (or came first) */
    const char *a_text, *b_text; /* the passage as each article has it */
    size_t words;
} nd_summary_passage;

typedef struct nd_summary {
    const char *headline;      /* "" only for a story with no text at all */
    const char *headline_from; /* "title" or "lead" */
    size_t sentence_count;     /* 0 to 3 */
    const char *const *sentences;
    const char *when;          /* the event's day ("YYYY-MM-DD", or a month "YYYY-MM"), NULL
                                  when unknown */
    const char *when_from;     /* "text" (a date the articles give) or "published" */
    const char *where;         /* the event's place, NULL when unknown */
    const char *first_day, *last_day; /* of the articles' days; NULL when none is known */
    size_t article_count;
    size_t outlet_count;       /* distinct sources (an article of unknown source counts alone) */
    size_t copy_count;         /* articles that are exact or near copies of another */
    size_t first;              /* index into `articles` of the first report */
    size_t source_count;       /* the articles in timeline order: dated first, by day and time,
                                  then undated in input order */
    const nd_summary_article *articles;
    size_t people_count, organisation_count, place_count;
    const nd_summary_entity *people, *organisations, *places; /* strongest first */
    size_t quote_count;
    const nd_summary_quote *quotes; /* strongest first */
    size_t passage_count;
    const nd_summary_passage *passages;
} nd_summary;

/* Summarises one story. `links` may be NULL when `link_count` is 0. Returns ND_OK, ND_EINVAL
 * (no articles, or a link out of range) or ND_ENOMEM; *out is then NULL. Free with
 * nd_summary_free(). */
ND_EXPORT int nd_summarise(const nd_story_article *articles, size_t count, const nd_story_link *links,
                           size_t link_count, nd_summary **out);
ND_EXPORT void nd_summary_free(nd_summary *summary);

/* What is hot: a story whose coverage rises fastest now. Counts over a recent window (the last
 * `window_hours`) against the story's own rate before it and the desk's usual rate per story. */
typedef struct nd_hot_counts {
    double recent_articles;    /* articles of the story in the window */
    double recent_outlets;     /* distinct outlets among them */
    double earlier_articles;   /* articles of the story before the window */
    double earlier_hours;      /* hours from the story's first article to the window's start */
    double desk_rate;          /* the desk's usual articles per story per hour (over stories
                                  active in the window) */
    double window_hours;
} nd_hot_counts;

/* A score: how many standard deviations the window's coverage stands above what the story's
 * own earlier rate (or, when higher, the desk's usual rate) predicts, counting outlets more than
 * articles. 0 when the story is not rising. */
ND_EXPORT double nd_hot_score(const nd_hot_counts *counts);


/* ---------------------------------------------------------------------------------------------
 * Views: what the CLI views, the HTTP API and the web pages show, as JSON documents made from
 * the store (docs/api.md gives every field). Each sets *json to a NUL-terminated JSON text the
 * caller frees with free(), and returns ND_OK, ND_ENOTFOUND (no such story, storyline, entity or
 * article), ND_EINVAL (a bad query), ND_EIO (the store failed: nd_store_error) or ND_ENOMEM.
 * Stories are summarised (nd_summarise) when they are asked for. The store is only read.
 */
typedef struct nd_view_query {
    const char *since, *until;   /* publication day or time bounds, ISO 8601; NULL for none */
    long long limit;             /* 1..1000; default 20 */
    long long offset;            /* default 0 */
    int hot;                     /* front: only rising stories, hottest first */
    const char *now;             /* the desk's clock for "hot", ISO 8601; NULL: the latest
                                    publication time in the store */
    double window_hours;         /* hot: the recent window; default 3 */
} nd_view_query;

ND_EXPORT void nd_view_query_init(nd_view_query *query);

/* The front page: stories ranked by coverage (outlets, articles) and recency, or by hot score. */
ND_EXPORT int nd_view_front(nd_store *store, const nd_view_query *query, char **json);
/* One story with everything its page shows. */
ND_EXPORT int nd_view_story(nd_store *store, long long id, char **json);
/* A storyline's stories in time order. */
ND_EXPORT int nd_view_storyline(nd_store *store, long long id, char **json);
/* An entity (by row id, or by name or any of its variants, case-insensitive) and its stories
 * over time. */
ND_EXPORT int nd_view_entity(nd_store *store, long long id, char **json);
ND_EXPORT int nd_view_entity_named(nd_store *store, const char *name, char **json);
/* One article: its fields, clean text, provenance, copies and shared passages. */
ND_EXPORT int nd_view_article(nd_store *store, const char *id, char **json);
/* Full-text search (FTS5, ranked by BM25), one result per story with its best snippet. */
ND_EXPORT int nd_view_search(nd_store *store, const char *text, const nd_view_query *query, char **json);

/* ---------------------------------------------------------------------------------------------
 * The server: the views over HTTP (JSON API, web pages, Atom feed), and POST /api/articles
 * ingesting JSON Lines as `ingest` does. Each worker thread opens its own store handle (WAL:
 * readers never block the writer).
 */
typedef struct nd_serve_options {
    const char *db_path;          /* the store; default ND_STORE_DEFAULT_PATH */
    const char *bind;             /* address to listen on; default "127.0.0.1" */
    int port;                     /* default 8080; 0 lets the system choose */
    const char *token;            /* required (Authorization: Bearer TOKEN) on write endpoints
                                     when set; binding beyond loopback needs one */
    const nd_gazetteer *gazetteer; /* places for extracting POSTed articles; may be NULL */
    const nd_options *options;    /* engine options for POSTed articles; NULL for defaults */
    size_t max_body_bytes;        /* larger request bodies get 413; default 8 MiB */
    unsigned max_connections;     /* default 512 */
    unsigned timeout_seconds;     /* an idle or slow connection is closed after this; default 15 */
    unsigned threads;             /* worker threads; default 4 */
    volatile int *stop;           /* nd_serve returns soon after *stop becomes non-zero */
    void (*on_ready)(void *user, int port); /* called once listening, with the port; may be NULL */
    void *user;
} nd_serve_options;

ND_EXPORT void nd_serve_options_init(nd_serve_options *options);

/* Serves until *options->stop is set. Returns ND_OK, ND_EINVAL (a bad address, or a bind beyond
 * loopback without a token), ND_EIO (cannot listen or open the store) or ND_ENOMEM. */
ND_EXPORT int nd_serve(const nd_serve_options *options);

#ifdef __cplusplus
}
#endif
#endif /* NEWSDESK_H */
