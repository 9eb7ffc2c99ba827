/*
 * newsdesk.h: the one public header of newsdesk, a news-stream engine.
 *
 * Read it top to bottom, in pipeline order. A reader takes files, directories, standard input or
 * memory buffers (plain text, JSON Lines or HTML) and hands over one article at a time; an
 * engine takes each article through cleaning, copies and shared passages, extraction (people,
 * places, dates, quotes) and stories, gives the whole result of that article to a callback, and
 * lets the article go. What the engine keeps is bounded by windows, not by the stream.
 *
 *     nd_engine *engine = nd_engine_new(NULL, NULL, print_result, NULL);
 *     nd_engine_read_path(engine, "articles/");
 *     nd_engine_finish(engine);
 *     nd_engine_free(engine);
 *
 * Conventions, kept by every function below:
 *   - Functions that can fail return an int status: ND_OK (0) or a negative ND_E* code;
 *     nd_strerror() names it. The library never exits and never prints: diagnostics about bad
 *     input go to the callback in nd_options.
 *   - Text crosses the interface as UTF-8, as a NUL-terminated string or as pointer + length.
 *   - Ownership: every pointer returned by nd_article_* is borrowed from the article and lives
 *     until nd_article_free() (the engine frees the articles it is given once their result has
 *     been handed out). Every pointer in a result lives during the callback only. Every
 *     *_free() accepts NULL.
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
 * (or "-" for standard input, or the name given to nd_reader_read_buffer), `line` the 1-based
 * line (0 when a whole file is concerned), `status` why. The run goes on after it. */
typedef void (*nd_diagnostic_fn)(void *user, const char *where, long line, int status,
                                 const char *message);

/* Called now and then during long work: `phase` is "read" or "engine", `done` how many articles
 * so far, `total` how many there are (0 when it is not known). */
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
                                    (nd_cluster_add_facts, the engine) are features:
                                    0 or 1 (default) the event's place and the days the text
                                    names, 2 also every person, organisation and place,
                                    -1 none (facts are ignored) */
    /* The engine (nd_engine_new). */
    int copy_window;             /* originals the copy index keeps: a copy of an article older
                                    than the newest copy_window/2..copy_window originals is not
                                    found; default 20000, 0 keeps all */
    int reorder_window;          /* articles held before they go on from cleaning, so that they
                                    go on in publication order and the templates of the articles
                                    around them are known; default 4096, 0 holds every article
                                    until nd_engine_finish (a batch) */
    int input_order;             /* 1: articles go on in input order, not publication order */
    unsigned stages;             /* ND_STAGE_* the engine runs; default all */
} nd_options;

#define ND_STAGE_COPIES 1u  /* exact and near copies, shared passages */
#define ND_STAGE_FACTS 2u   /* people, organisations, places, dates, quotes */
#define ND_STAGE_STORIES 4u /* stories and storylines (uses copies, and facts when run) */
#define ND_STAGE_ALL 7u

ND_EXPORT void nd_options_init(nd_options *options);

/* ---------------------------------------------------------------------------------------------
 * The reader: bytes in, one article at a time out. Not thread-safe; use one reader per thread.
 */
typedef struct nd_reader nd_reader;
typedef struct nd_article nd_article;

/* Takes one article, which the callee now owns (free it with nd_article_free, or give it to
 * nd_engine_add). Return ND_OK to go on; a negative status stops the read and is returned. */
typedef int (*nd_article_fn)(void *user, nd_article *article);

/* A new reader, or NULL when out of memory. `options` may be NULL for the defaults; it is
 * copied (the reader uses the callbacks and template_min_articles of it). */
ND_EXPORT nd_reader *nd_reader_new(const nd_options *options);
ND_EXPORT void nd_reader_free(nd_reader *reader);

/* Reads articles from a file, a directory (recursively, in name order) or "-" for standard
 * input, and hands each to `fn` as soon as it is read and cleaned on its own evidence (the
 * templates of its source are the engine's). The format is detected from the content: JSON
 * Lines (one article per line with "id" and "title", "text" or "html", "published", "source",
 * "url"), HTML, or plain text (one article per file, id = file name without extension). JSON
 * Lines are streamed a line at a time. Bad pieces are reported through the diagnostic callback
 * and skipped; everything else is handed on. Returns ND_OK, ND_ESKIPPED when something was
 * skipped, ND_ENOMEM, or the status `fn` stopped with. */
ND_EXPORT int nd_reader_read_path(nd_reader *reader, const char *path, nd_article_fn fn, void *user);

/* The same for bytes in memory; `name` stands for the file name in ids and diagnostics. */
ND_EXPORT int nd_reader_read_buffer(nd_reader *reader, const char *name, const char *data, size_t len,
                                    nd_article_fn fn, void *user);

/* How many pieces of input (files or lines) were skipped so far. */
ND_EXPORT size_t nd_reader_skipped(const nd_reader *reader);

/* ---------------------------------------------------------------------------------------------
 * Articles. Every string is owned by the article; "" or NULL as noted when unknown.
 */
ND_EXPORT void nd_article_free(nd_article *article);
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
    const char *a;           /* id of the earlier article, an original the copy index holds */
    const char *b;           /* id of the article just processed */
    nd_relation relation;
    double similarity;       /* 0..1: estimated Jaccard for near, share of the shorter text
                                covered for passages, 1 for exact */
    const char *first;       /* id of the one published first (known dates before unknown,
                                then a) */
    size_t passage_count;
    const nd_passage *passages;
    const char *a_body;      /* a's clean text, which a_start and a_end index */
    size_t a_body_len;
} nd_pair;

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
 * The engine runs one (nd_engine_cluster); a program may also run one on its own.
 */
typedef struct nd_cluster nd_cluster;

#define ND_CLUSTER_FEATURES 8 /* features listed per result (matched, terms, names) */

typedef struct nd_cluster_result {
    const nd_article *article;
    long long story;           /* 1, 2, ... in order of opening */
    long long storyline;       /* the number of the storyline's first story */
    const char *duplicate_of;  /* id of the original when the article is an exact or near copy
                                  (set by the engine); NULL otherwise */
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
} nd_cluster_result;

/* A new, empty cluster state, or NULL when out of memory. `options` may be NULL for the
 * defaults; it is copied. Free with nd_cluster_free(). */
ND_EXPORT nd_cluster *nd_cluster_new(const nd_options *options);
ND_EXPORT void nd_cluster_free(nd_cluster *cluster);

/* Adds one article, the next of the stream, and fills `result`. When the article is a copy of
 * an earlier one, pass the story that one joined as `original_story` (0 otherwise): the copy
 * then joins it while that story is live. The article is only read during the call. Returns
 * ND_OK or ND_ENOMEM. */
ND_EXPORT int nd_cluster_add(nd_cluster *cluster, const nd_article *article,
                             long long original_story, nd_cluster_result *result);

/* Entities, dates and quotes come further down. */
typedef struct nd_facts nd_facts;

/* The same with the article's extracted facts (NULL for none): the place of the event and the
 * days its text names then count as names, and a day its story named too raises the score; with
 * options.story_entities 2 also its people, organisations and places; with -1 facts are
 * ignored (see docs/cluster.md). `facts` is only read during the call. */
ND_EXPORT int nd_cluster_add_facts(nd_cluster *cluster, const nd_article *article, const nd_facts *facts,
                                   long long original_story, nd_cluster_result *result);

/* Stories held now: live (still taking articles), and all held (live and closed, the closed
 * ones kept for storyline links). */
ND_EXPORT size_t nd_cluster_live_stories(const nd_cluster *cluster);
ND_EXPORT size_t nd_cluster_held_stories(const nd_cluster *cluster);

/* Saves the whole state to a file (text, one table row a line, so that it maps onto database
 * tables; docs/cluster.md lists them), and loads such a file into a state just made by
 * nd_cluster_new() with the same options. Adding the rest of a stream after a load gives
 * exactly the results one run over the whole stream would have given (the engine's own state,
 * nd_engine_save, covers the rest of the pipeline).
 * Save returns ND_OK, ND_EIO or ND_ENOMEM; load returns ND_OK, ND_EIO (cannot open),
 * ND_EFORMAT (not such a file, or damaged), ND_ETOOBIG (over a ceiling), ND_ENOMEM, or
 * ND_EINVAL when the state is not fresh; on failure the state is left empty. */
ND_EXPORT int nd_cluster_save(const nd_cluster *cluster, const char *path);
ND_EXPORT int nd_cluster_load(nd_cluster *cluster, const char *path);

/* ---------------------------------------------------------------------------------------------
 * Entities, dates and quotes: who, where, when, and who said what.
 *
 * The engine extracts each article's facts (ND_STAGE_FACTS) with the gazetteer given to
 * nd_engine_new and hands them in its result:
 *
 *     nd_gazetteer *places = NULL;
 *     nd_gazetteer_load("build/gazetteer/places.tsv", &places);   (optional: NULL works too)
 *     nd_engine *engine = nd_engine_new(NULL, places, on_result, NULL);
 *
 * Offsets are byte offsets in the article's clean text (nd_article_body). Names are canonical
 * across the articles the engine handles together (all of a batch; see docs/engine.md for a
 * stream): the same person spelled Baqeri in one article and Bagheri in another has one name
 * in both.
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

/* ---------------------------------------------------------------------------------------------
 * The engine: the only part that knows every stage. Articles go in one at a time (from a reader,
 * or built by the caller's own reader through nd_engine_read_*); each is cleaned of its source's
 * templates, compared with the copy window, its facts extracted and its story found, and the
 * whole result handed to the callback, after which the article is freed. It keeps: a reorder
 * buffer of reorder_window articles (publication order), the copy window, online template
 * counts per source, and the live stories; each has a ceiling. Not thread-safe; one engine per
 * thread (engines share nothing but a gazetteer, which they only read).
 */
typedef struct nd_engine nd_engine;

typedef struct nd_result {
    const nd_article *article;   /* clean, templates removed */
    size_t position;             /* 0, 1, ... in the order results come */
    size_t pair_count;           /* relations with earlier originals (ND_STAGE_COPIES) */
    const nd_pair *pairs;
    const char *duplicate_of;    /* id of the original when the article is an exact or near
                                    copy of one, NULL otherwise */
    const nd_facts *facts;       /* NULL without ND_STAGE_FACTS */
    const nd_cluster_result *story; /* NULL without ND_STAGE_STORIES */
} nd_result;

/* Return 0 to go on, anything else to stop (the engine call then returns ND_ESTOPPED). */
typedef int (*nd_result_fn)(void *user, const nd_result *result);

/* A new engine, or NULL when out of memory. `options` may be NULL for the defaults (copied);
 * `gazetteer` may be NULL and must outlive the engine; `fn` may be NULL. */
ND_EXPORT nd_engine *nd_engine_new(const nd_options *options, const nd_gazetteer *gazetteer,
                                   nd_result_fn fn, void *user);
ND_EXPORT void nd_engine_free(nd_engine *engine);

/* Adds the next article of the stream; the engine owns it from now on (even on error). Results
 * come out as articles leave the reorder buffer. Returns ND_OK, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_engine_add(nd_engine *engine, nd_article *article);

/* Reads a path or buffer through the engine's own reader and adds every article (see
 * nd_reader_read_path). Returns ND_OK, ND_ESKIPPED, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_engine_read_path(nd_engine *engine, const char *path);
ND_EXPORT int nd_engine_read_buffer(nd_engine *engine, const char *name, const char *data, size_t len);
ND_EXPORT size_t nd_engine_skipped(const nd_engine *engine);

/* Takes every article still held through the rest of the pipeline: call it at the end of the
 * input (a batch) or before saving. ND_OK, ND_ESTOPPED or ND_ENOMEM. */
ND_EXPORT int nd_engine_finish(nd_engine *engine);

/* During the callback only: takes the result's article out of the engine's hands, so that it is
 * not freed after the callback; the caller frees it with nd_article_free(). */
ND_EXPORT nd_article *nd_engine_take_article(nd_engine *engine);

/* The engine's story state (for nd_cluster_live_stories and the like); owned by the engine. */
ND_EXPORT nd_cluster *nd_engine_cluster(nd_engine *engine);

/* Bytes held now by the engine's bounded state (reorder buffer, copy window, templates,
 * stories), an estimate for reporting. */
ND_EXPORT size_t nd_engine_memory(const nd_engine *engine);

#ifdef __cplusplus
}
#endif
#endif /* NEWSDESK_H */
