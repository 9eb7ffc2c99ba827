/*
 * store_sqlite.c: the embedded store's backend (nd__store_sqlite, store.h), and the one file of
 * newsdesk that speaks SQL. It writes one article's complete result at a time (its fields and
 * texts, its copy relations with shared passages, its entities, dates, quotes and cites, its
 * story) as rows in SQLite; it keeps the engine's state as named blobs in the same transactions,
 * so that a run stopped at any moment leaves the store as it was after its last whole batch; and
 * it reads rows back (export, counts, lookups, the rows the views are built from). It builds no
 * documents: store_docs.c does, from the rows handed out here.
 *
 * The database runs in WAL mode with a busy timeout, so one writer and any number of readers (the
 * server) share it. The schema is versioned (PRAGMA user_version) and every older version is
 * migrated on open, in one transaction, by the scripts in `migrations` below, applied in order;
 * a store from a newer newsdesk is refused rather than damaged. docs/store.md has the tables.
 * Every statement is prepared once, on open. Strings handed out are the store's, until the next
 * call on it (nd_store_find) or the end of a callback.
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "store.h"
#include "util.h"

#define APPLICATION_ID 0x6e647331 /* "nds1": PRAGMA application_id of a newsdesk store */
#define BUSY_TIMEOUT_MS 10000     /* how long a writer or reader waits for the other */

/* ---- schema ---------------------------------------------------------------------------------- */
/* migrations[v - 1] takes a store from version v - 1 to v. Never edit one that has shipped: add
 * the next. Offsets are bytes in the article's clean text (`body`). */
static const char *const migrations[] = {
    /* 1: articles, copies, stories, facts, engine state */
    "CREATE TABLE articles ("
    "  row INTEGER PRIMARY KEY,"          /* stored order: export and the search index use it */
    "  id TEXT NOT NULL UNIQUE,"
    "  source TEXT NOT NULL,"             /* '' when unknown */
    "  url TEXT NOT NULL,"                /* '' when unknown */
    "  published TEXT,"                   /* as given, 'YYYY-MM-DD...'; NULL when unknown */
    "  first_seen INTEGER NOT NULL,"      /* seconds since 1970 when ingest read it */
    "  origin TEXT NOT NULL,"             /* 'FILE:LINE', later a feed guid or archive offset */
    "  title TEXT NOT NULL,"
    "  dateline TEXT NOT NULL,"
    "  text TEXT NOT NULL,"               /* as read (HTML reduced to text) */
    "  body TEXT NOT NULL,"               /* clean text */
    "  content_hash INTEGER NOT NULL,"    /* of source, title and text: the same article again */
    "  story INTEGER NOT NULL,"
    "  storyline INTEGER NOT NULL,"
    "  duplicate_of INTEGER REFERENCES articles(row),"
    "  reference_date TEXT,"              /* the day relative dates were resolved against */
    "  date_source TEXT,"                 /* 'published', 'text', 'story' */
    "  place INTEGER REFERENCES entities(row)," /* where the event happened */
    "  place_source TEXT"                 /* 'lead', 'dateline' */
    ");"
    "CREATE UNIQUE INDEX articles_by_url ON articles(url) WHERE url <> '';"
    "CREATE INDEX articles_by_hash ON articles(content_hash);"
    "CREATE INDEX articles_by_story ON articles(story, source);"
    "CREATE INDEX articles_by_storyline ON articles(storyline);"
    "CREATE INDEX articles_by_published ON articles(published);"
    /* a = the article stored first, b = the later one; first = who was published first */
    "CREATE TABLE copies ("
    "  a INTEGER NOT NULL REFERENCES articles(row),"
    "  b INTEGER NOT NULL REFERENCES articles(row),"
    "  relation TEXT NOT NULL,"           /* 'exact', 'near', 'passages' */
    "  similarity REAL NOT NULL,"
    "  first INTEGER NOT NULL REFERENCES articles(row),"
    "  PRIMARY KEY (a, b)) WITHOUT ROWID;"
    "CREATE INDEX copies_by_b ON copies(b);"
    "CREATE TABLE passages ("
    "  a INTEGER NOT NULL, b INTEGER NOT NULL,"
    "  a_start INTEGER NOT NULL, a_end INTEGER NOT NULL,"
    "  b_start INTEGER NOT NULL, b_end INTEGER NOT NULL,"
    "  words INTEGER NOT NULL);"
    "CREATE INDEX passages_by_pair ON passages(a, b);"
    "CREATE INDEX passages_by_b ON passages(b);"
    /* counts are a cache of the articles' rows, kept by nd_store_put */
    "CREATE TABLE stories ("
    "  id INTEGER PRIMARY KEY,"           /* the clusterer's story number */
    "  storyline INTEGER NOT NULL,"
    "  opened INTEGER NOT NULL,"          /* first_seen of its first article */
    "  last_update INTEGER NOT NULL,"     /* first_seen of its latest article */
    "  first_published TEXT, last_published TEXT,"
    "  article_count INTEGER NOT NULL);"
    "CREATE INDEX stories_by_storyline ON stories(storyline);"
    "CREATE INDEX stories_by_update ON stories(last_update);"
    "CREATE TABLE storylines ("
    "  id INTEGER PRIMARY KEY,"           /* the number of its first story */
    "  opened INTEGER NOT NULL, last_update INTEGER NOT NULL,"
    "  story_count INTEGER NOT NULL, article_count INTEGER NOT NULL);"
    "CREATE TABLE entities ("
    "  row INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"               /* canonical */
    "  type TEXT NOT NULL,"               /* 'person', 'organisation', 'place' */
    "  country TEXT NOT NULL,"            /* places: ISO 3166 alpha-2, '' when unknown */
    "  latitude REAL, longitude REAL,"    /* places found in the gazetteer */
    "  UNIQUE (name, type));"
    "CREATE TABLE entity_variants ("
    "  entity INTEGER NOT NULL REFERENCES entities(row), variant TEXT NOT NULL,"
    "  PRIMARY KEY (entity, variant)) WITHOUT ROWID;"
    "CREATE INDEX entity_variants_by_variant ON entity_variants(variant);"
    "CREATE TABLE mentions ("
    "  article INTEGER NOT NULL REFERENCES articles(row),"
    "  entity INTEGER NOT NULL REFERENCES entities(row),"
    "  start INTEGER NOT NULL, stop INTEGER NOT NULL);"
    "CREATE INDEX mentions_by_article ON mentions(article);"
    "CREATE INDEX mentions_by_entity ON mentions(entity, article);"
    "CREATE TABLE dates ("
    "  article INTEGER NOT NULL REFERENCES articles(row),"
    "  start INTEGER NOT NULL, stop INTEGER NOT NULL,"
    "  value TEXT,"                       /* resolved; NULL when no reference date */
    "  precision TEXT NOT NULL);"         /* 'day', 'week', 'month', 'year' */
    "CREATE INDEX dates_by_article ON dates(article);"
    "CREATE INDEX dates_by_value ON dates(value);"
    "CREATE TABLE quotes ("
    "  article INTEGER NOT NULL REFERENCES articles(row),"
    "  start INTEGER NOT NULL, stop INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  direct INTEGER NOT NULL,"
    "  speaker INTEGER REFERENCES entities(row)," /* NULL when not an entity */
    "  speaker_text TEXT NOT NULL,"       /* the speaker as named when not an entity */
    "  speaker_start INTEGER NOT NULL, speaker_stop INTEGER NOT NULL);"
    "CREATE INDEX quotes_by_article ON quotes(article);"
    "CREATE INDEX quotes_by_speaker ON quotes(speaker);"
    "CREATE TABLE cites ("
    "  article INTEGER NOT NULL REFERENCES articles(row),"
    "  entity INTEGER NOT NULL REFERENCES entities(row),"
    "  start INTEGER NOT NULL, stop INTEGER NOT NULL);"
    "CREATE INDEX cites_by_article ON cites(article);"
    "CREATE TABLE engine_state ("
    "  name TEXT PRIMARY KEY, value BLOB NOT NULL, updated INTEGER NOT NULL);",

    /* 2: stories count their outlets (filled in from the articles), and full-text search over
     * title and clean text, an FTS5 table with the articles as external content (the text is
     * kept once, in articles; rebuilt here from what version 1 stored) */
    "ALTER TABLE stories ADD COLUMN outlet_count INTEGER NOT NULL DEFAULT 0;"
    "UPDATE stories SET outlet_count ="
    "  (SELECT COUNT(DISTINCT source) FROM articles WHERE articles.story = stories.id);"
    "CREATE VIRTUAL TABLE search USING fts5(title, body, content='articles', content_rowid='row',"
    "  tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO search(search) VALUES('rebuild');",

    /* 3: the feeds `watch` follows (one row per URL: validators, schedule, last result) and the
     * items it has taken from each, so that a restart fetches with the saved validators and
     * ingests nothing twice. Older newsdesk made these on first use: IF NOT EXISTS keeps them. */
    "CREATE TABLE IF NOT EXISTS feeds ("
    "  url TEXT PRIMARY KEY, title TEXT, etag TEXT, last_modified TEXT,"
    "  next_poll INTEGER NOT NULL DEFAULT 0, last_poll INTEGER NOT NULL DEFAULT 0,"
    "  last_new_item INTEGER NOT NULL DEFAULT 0, last_status INTEGER NOT NULL DEFAULT 0,"
    "  error TEXT NOT NULL DEFAULT '', errors INTEGER NOT NULL DEFAULT 0,"
    "  items INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS feed_items ("
    "  feed TEXT NOT NULL, guid TEXT NOT NULL, first_seen INTEGER NOT NULL,"
    "  PRIMARY KEY (feed, guid)) WITHOUT ROWID;",

    /* 4: the front page reads the latest stories by their last publication; story documents
     * (issue 20, the views' block at the end of this file): each story's document as every view
     * reads it, rebuilt once per batch for the stories that changed; titles by outlet and by
     * text, for learning an outlet's title furniture and finding titles many stories share */
    "CREATE INDEX stories_by_published ON stories(last_published, id);"
    "CREATE TABLE story_docs ("
    "  story INTEGER PRIMARY KEY,"
    "  card TEXT NOT NULL,"               /* JSON: what a list of stories shows */
    "  page TEXT NOT NULL);"              /* JSON: everything the story's own page shows */
    "CREATE INDEX articles_by_source ON articles(source, row);"
    "CREATE INDEX articles_by_title ON articles(title, story);",
};

_Static_assert(sizeof migrations / sizeof *migrations == ND__STORE_SCHEMA_VERSION,
               "one migration per schema version");

/* ---- statements ------------------------------------------------------------------------------ */
#define STORY_COLUMNS "s.id, s.storyline, s.article_count, s.outlet_count, s.first_published, s.last_published"
#define ARTICLE_COLUMNS "a.row, a.id, a.source, a.url, a.title, a.published, a.body, a.reference_date, a.place, " \
                        "a.place_source, d.id, a.first_seen, a.origin, a.story, a.storyline, a.dateline"

#define STATEMENTS(X)                                                                                \
    X(BEGIN, "BEGIN IMMEDIATE")                                                                    \
    X(COMMIT, "COMMIT")                                                                            \
    X(ROLLBACK, "ROLLBACK")                                                                        \
    X(FIND_ID, "SELECT row, id, story, storyline FROM articles WHERE id = ?1")                      \
    X(FIND_URL, "SELECT row, id, story, storyline FROM articles WHERE url = ?1 AND url <> ''")      \
    X(FIND_HASH, "SELECT row, id, story, storyline FROM articles WHERE content_hash = ?1 "          \
                 "ORDER BY row LIMIT 1")                                                           \
    X(ROW_OF, "SELECT row FROM articles WHERE id = ?1")                                             \
    X(OUTLET_SEEN, "SELECT 1 FROM articles WHERE story = ?1 AND source = ?2 LIMIT 1")               \
    X(INSERT_ARTICLE, "INSERT INTO articles (id, source, url, published, first_seen, origin, "      \
                      "title, dateline, text, body, content_hash, story, storyline, duplicate_of, " \
                      "reference_date, date_source, place_source) "                                \
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, " \
                      "?16, ?17)")                                                                 \
    X(SET_PLACE, "UPDATE articles SET place = ?2 WHERE row = ?1")                                   \
    X(INSERT_SEARCH, "INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")                 \
    X(UPSERT_STORY, "INSERT INTO stories (id, storyline, opened, last_update, first_published, "    \
                    "last_published, article_count, outlet_count) "                                \
                    "VALUES (?1, ?2, ?3, ?3, ?4, ?4, 1, 1) ON CONFLICT (id) DO UPDATE SET "        \
                    "last_update = max(last_update, excluded.last_update), "                      \
                    "first_published = min(coalesce(first_published, excluded.first_published), "  \
                    "coalesce(excluded.first_published, first_published)), "                      \
                    "last_published = max(coalesce(last_published, excluded.last_published), "    \
                    "coalesce(excluded.last_published, last_published)), "                        \
                    "article_count = article_count + 1, outlet_count = outlet_count + ?5")          \
    X(UPSERT_STORYLINE, "INSERT INTO storylines (id, opened, last_update, story_count, "            \
                        "article_count) VALUES (?1, ?2, ?2, 1, 1) ON CONFLICT (id) DO UPDATE SET " \
                        "last_update = max(last_update, excluded.last_update), "                  \
                        "story_count = story_count + ?3, article_count = article_count + 1")        \
    X(INSERT_COPY, "INSERT OR IGNORE INTO copies (a, b, relation, similarity, first) "              \
                   "VALUES (?1, ?2, ?3, ?4, ?5)")                                                  \
    X(INSERT_PASSAGE, "INSERT INTO passages (a, b, a_start, a_end, b_start, b_end, words) "         \
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")                                       \
    X(FIND_ENTITY, "SELECT row FROM entities WHERE name = ?1 AND type = ?2")                        \
    X(INSERT_ENTITY, "INSERT INTO entities (name, type, country, latitude, longitude) "             \
                     "VALUES (?1, ?2, ?3, ?4, ?5)")                                                \
    X(FILL_PLACE, "UPDATE entities SET country = ?2, latitude = ?3, longitude = ?4 "                \
                  "WHERE row = ?1 AND latitude IS NULL")                                           \
    X(INSERT_VARIANT, "INSERT OR IGNORE INTO entity_variants (entity, variant) VALUES (?1, ?2)")    \
    X(INSERT_MENTION, "INSERT INTO mentions (article, entity, start, stop) VALUES (?1, ?2, ?3, ?4)") \
    X(INSERT_DATE, "INSERT INTO dates (article, start, stop, value, precision) "                    \
                   "VALUES (?1, ?2, ?3, ?4, ?5)")                                                  \
    X(INSERT_QUOTE, "INSERT INTO quotes (article, start, stop, text, direct, speaker, "             \
                    "speaker_text, speaker_start, speaker_stop) "                                  \
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")                                 \
    X(INSERT_CITE, "INSERT INTO cites (article, entity, start, stop) VALUES (?1, ?2, ?3, ?4)")      \
    X(STATE_PUT, "INSERT INTO engine_state (name, value, updated) VALUES (?1, ?2, "                 \
                 "CAST(strftime('%s', 'now') AS INTEGER)) ON CONFLICT (name) DO UPDATE SET "       \
                 "value = excluded.value, updated = excluded.updated")                             \
    X(STATE_GET, "SELECT value FROM engine_state WHERE name = ?1")                                  \
    X(EXPORT, "SELECT a.id, a.story, a.storyline, d.id FROM articles a "                            \
              "LEFT JOIN articles d ON d.row = a.duplicate_of ORDER BY a.row")                     \
    X(COUNTS, "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM copies), "              \
             "(SELECT COUNT(*) FROM passages), (SELECT COUNT(*) FROM stories), "                   \
             "(SELECT COUNT(*) FROM storylines), (SELECT COUNT(*) FROM entities), "                \
             "(SELECT COUNT(*) FROM mentions), (SELECT COUNT(*) FROM dates), "                     \
             "(SELECT COUNT(*) FROM quotes), (SELECT COUNT(*) FROM cites)")                            \
    X(SEARCH_COUNT, "SELECT COUNT(*) FROM search WHERE search MATCH ?1")                             \
    X(FEED_ADD, "INSERT OR IGNORE INTO feeds (url, title, added) VALUES (?1, ?2, strftime('%s','now'))") \
    X(FEED_REMOVE, "DELETE FROM feeds WHERE url = ?1")                                              \
    X(FEED_ITEMS_REMOVE, "DELETE FROM feed_items WHERE feed = ?1")                                  \
    X(FEEDS, "SELECT url, title, etag, last_modified, next_poll, last_poll, last_new_item, "        \
             "last_status, error, errors, items FROM feeds ORDER BY added, url")                  \
    X(FEED_UPDATE, "UPDATE feeds SET title = coalesce(?1, title), etag = ?2, last_modified = ?3, "  \
                   "next_poll = ?4, last_poll = ?5, last_new_item = ?6, last_status = ?7, error = ?8, " \
                   "errors = ?9, items = ?10 WHERE url = ?11")                                    \
    X(FEED_ITEM_SEEN, "SELECT 1 FROM feed_items WHERE feed = ?1 AND guid = ?2")                    \
    X(FEED_ITEM_ADD, "INSERT OR IGNORE INTO feed_items (feed, guid, first_seen) VALUES (?1, ?2, ?3)") \
    /* reads for the views */                                                                      \
    X(LAST_ROW, "SELECT coalesce(max(row), 0) FROM articles")                                      \
    X(RECENT_STORIES, "SELECT " STORY_COLUMNS " FROM stories s WHERE (?1 IS NULL OR s.last_published >= ?1) " \
                      "AND (?2 IS NULL OR s.first_published <= ?2) "                               \
                      "ORDER BY s.last_published DESC, s.id DESC LIMIT ?3")                        \
    X(STORY, "SELECT " STORY_COLUMNS " FROM stories s WHERE s.id = ?1")                             \
    X(STORYLINE_STORIES, "SELECT " STORY_COLUMNS " FROM stories s WHERE s.storyline = ?1 "          \
                         "ORDER BY coalesce(s.first_published, '9999'), s.id LIMIT 1000")          \
    X(ENTITY_STORIES, "SELECT " STORY_COLUMNS ", n FROM (SELECT a.story AS story, "                 \
                      "COUNT(DISTINCT m.article) AS n FROM mentions m JOIN articles a ON a.row = m.article " \
                      "WHERE m.entity = ?1 GROUP BY a.story) JOIN stories s ON s.id = story "      \
                      "ORDER BY coalesce(s.first_published, '9999'), s.id LIMIT ?2")              \
    X(LATEST_PUBLISHED, "SELECT max(published) FROM articles")                                     \
    X(COVERAGE, "SELECT story, COUNT(*), COUNT(DISTINCT CASE WHEN source <> '' THEN source ELSE id END) " \
                "FROM articles WHERE published >= ?1 AND published < ?2 GROUP BY story")           \
    X(STORY_COVERAGE, "SELECT COUNT(*), COUNT(DISTINCT CASE WHEN source <> '' THEN source ELSE id END) " \
                      "FROM articles WHERE story = ?1 AND published >= ?2 AND published < ?3")     \
    X(ACTIVITY, "SELECT COUNT(*), COUNT(DISTINCT story) FROM articles "                             \
                "WHERE published >= ?1 AND published < ?2")                                        \
    X(ENTITY_NAMED, "SELECT e.row FROM entities e WHERE e.name = ?1 COLLATE NOCASE "               \
                    "OR e.row IN (SELECT entity FROM entity_variants WHERE variant = ?1 COLLATE NOCASE) " \
                    "ORDER BY (SELECT COUNT(DISTINCT article) FROM mentions WHERE entity = e.row) DESC, " \
                    "e.row LIMIT 1")                                                               \
    X(ENTITY, "SELECT row, name, type, country, latitude, longitude, (SELECT COUNT(DISTINCT article) " \
              "FROM mentions WHERE entity = row) FROM entities WHERE row = ?1")                    \
    X(ENTITY_VARIANTS, "SELECT variant FROM entity_variants WHERE entity = ?1 ORDER BY variant LIMIT 100") \
    X(STORY_ARTICLES, "SELECT " ARTICLE_COLUMNS " FROM articles a LEFT JOIN articles d ON d.row = "  \
                      "a.duplicate_of WHERE a.story = ?1 "                                          \
                      "ORDER BY coalesce(a.published, a.reference_date, '9999'), a.row LIMIT ?2")  \
    X(ARTICLE, "SELECT " ARTICLE_COLUMNS " FROM articles a LEFT JOIN articles d ON d.row = "        \
               "a.duplicate_of WHERE a.id = ?1")                                                   \
    X(MENTIONS, "SELECT m.entity, e.name, e.type, m.start, m.stop FROM mentions m "                 \
                "JOIN entities e ON e.row = m.entity WHERE m.article = ?1 ORDER BY m.rowid")       \
    X(DATES, "SELECT start, stop, value, precision FROM dates WHERE article = ?1 ORDER BY start")    \
    X(QUOTES, "SELECT q.start, q.stop, q.direct, q.speaker, q.speaker_text, e.name FROM quotes q "   \
              "LEFT JOIN entities e ON e.row = q.speaker WHERE q.article = ?1 ORDER BY q.start")   \
    X(STORY_PASSAGES, "SELECT p.a, p.b, p.a_start, p.a_end, p.b_start, p.b_end, p.words, NULL "      \
                      "FROM passages p JOIN articles x ON x.row = p.a JOIN articles y ON y.row = p.b " \
                      "WHERE x.story = ?1 AND y.story = ?1 ORDER BY p.a, p.b, p.a_start")          \
    X(ARTICLE_PASSAGES, "SELECT ?1, o.row, CASE WHEN p.a = ?1 THEN p.a_start ELSE p.b_start END, "  \
                        "CASE WHEN p.a = ?1 THEN p.a_end ELSE p.b_end END, "                       \
                        "CASE WHEN p.a = ?1 THEN p.b_start ELSE p.a_start END, "                   \
                        "CASE WHEN p.a = ?1 THEN p.b_end ELSE p.a_end END, p.words, o.id "         \
                        "FROM passages p JOIN articles o ON o.row = CASE WHEN p.a = ?1 THEN p.b ELSE p.a END " \
                        "WHERE p.a = ?1 OR p.b = ?1 ORDER BY 3")                                   \
    X(ARTICLE_COPIES, "SELECT o.id, c.relation, c.similarity, f.id FROM copies c JOIN articles o "   \
                      "ON o.row = CASE WHEN c.a = ?1 THEN c.b ELSE c.a END JOIN articles f ON f.row = c.first " \
                      "WHERE c.a = ?1 OR c.b = ?1 ORDER BY o.row")                                 \
    X(SEARCH, "SELECT a.story, bm25(search, 2.0, 1.0), a.id, "                                      \
              "snippet(search, 1, '\xE2\x80\xB9', '\xE2\x80\xBA', '\xE2\x80\xA6', 16) "             \
              "FROM search JOIN articles a ON a.row = search.rowid WHERE search MATCH ?1 "         \
              "ORDER BY bm25(search, 2.0, 1.0) LIMIT ?2")

enum {
#define STATEMENT_ENUM(name, sql) STATEMENT_##name,
    STATEMENTS(STATEMENT_ENUM)
#undef STATEMENT_ENUM
    STATEMENT_COUNT
};

static const char *const statement_sql[STATEMENT_COUNT] = {
#define STATEMENT_TEXT(name, sql) sql,
    STATEMENTS(STATEMENT_TEXT)
#undef STATEMENT_TEXT
};

typedef struct sqlite_store {
    nd_store base;
    sqlite3 *db;
    sqlite3_stmt *statements[STATEMENT_COUNT]; /* prepared on open; NULL below the current version */
    char *match_id;                      /* nd_store_match.id of the last nd_store_find */
    int reads_tuned;                     /* tune_reads ran on this connection */
} sqlite_store;

static sqlite_store *of(const nd_store *store) { return (sqlite_store *)store; }


/* ---- errors ---------------------------------------------------------------------------------- */
static int status_of(int sqlite_rc)
{
    switch (sqlite_rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return ND_OK;
    case SQLITE_NOMEM:
        return ND_ENOMEM;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
        return ND_EINVAL;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return ND_EFORMAT;
    case SQLITE_TOOBIG:
        return ND_ETOOBIG;
    default:
        return ND_EIO;
    }
}

static const char *sq_error(const nd_store *base)
{
    const sqlite_store *store = of(base);
    return store->db ? sqlite3_errmsg(store->db) : "no store";
}

/* ---- statements: binding and stepping -------------------------------------------------------- */
static sqlite3_stmt *statement(sqlite_store *store, int which)
{
    sqlite3_stmt *s = store->statements[which];
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

static int bind_text(sqlite3_stmt *s, int column, const char *text)
{
    if (!text)
        return sqlite3_bind_null(s, column);
    return sqlite3_bind_text(s, column, text, -1, SQLITE_STATIC);
}

/* A text of `len` bytes (store.c has checked that it fits an int). */
static int bind_text_len(sqlite3_stmt *s, int column, const char *text, size_t len)
{
    return sqlite3_bind_text(s, column, text ? text : "", (int)len, SQLITE_STATIC);
}

/* The statement `which`, reset and bound: `types` has a letter per parameter, 'i' a long long,
 * 'z' a size_t, 'd' a double, 't' a string (NULL binds NULL). */
static sqlite3_stmt *bound(sqlite_store *store, int which, const char *types, ...)
{
    sqlite3_stmt *s = statement(store, which);
    va_list args;
    va_start(args, types);
    for (int i = 1; types[i - 1]; i++) {
        if (types[i - 1] == 'i')
            sqlite3_bind_int64(s, i, va_arg(args, long long));
        else if (types[i - 1] == 'z')
            sqlite3_bind_int64(s, i, (sqlite3_int64)va_arg(args, size_t));
        else if (types[i - 1] == 'd')
            sqlite3_bind_double(s, i, va_arg(args, double));
        else
            bind_text(s, i, va_arg(args, const char *));
    }
    va_end(args);
    return s;
}

/* A text column, "" for NULL; borrowed until the statement steps again. */
static const char *column_text(sqlite3_stmt *s, int column)
{
    const unsigned char *t = sqlite3_column_text(s, column);
    return t ? (const char *)t : "";
}

/* Steps a statement that returns no row (or whose rows do not matter). */
static int run(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    int status = rc == SQLITE_DONE || rc == SQLITE_ROW ? ND_OK : status_of(rc);
    sqlite3_reset(s);
    return status;
}

/* A text column or NULL; borrowed until the statement steps again. */
static const char *column_or_null(sqlite3_stmt *s, int column)
{
    return sqlite3_column_type(s, column) == SQLITE_NULL ? NULL : column_text(s, column);
}

typedef nd__row_sink row_sink; /* store.h: where each row of a read goes */
typedef int (*take_fn)(sqlite3_stmt *s, const row_sink *sink);

/* Steps `s` (bound already) handing each row to `take`; 1 when there was a row, 0 when none,
 * ND_ESTOPPED when `take` said stop, or a negative status. */
static int each_row(sqlite3_stmt *s, take_fn take, row_sink sink)
{
    int rc = SQLITE_DONE, rows = 0, status = ND_OK;
    while (status == ND_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        rows = 1;
        if (take(s, &sink) != 0)
            status = ND_ESTOPPED;
    }
    if (status == ND_OK && rc != SQLITE_DONE)
        status = status_of(rc);
    sqlite3_reset(s);
    return status == ND_OK ? rows : status;
}
#define SINK ND__SINK

/* each_row for a read of one row: ND_OK, ND_ENOTFOUND when there was none, or a status. */
static int one_row(sqlite3_stmt *s, take_fn take, row_sink sink)
{
    int rc = each_row(s, take, sink);
    return rc == 1 ? ND_OK : rc == 0 ? ND_ENOTFOUND : rc;
}

/* A row of integers into out[0..n) (for counts and such). */
static int integers(sqlite3_stmt *s, long long *out, int n)
{
    int rc = sqlite3_step(s);
    for (int i = 0; i < n; i++)
        out[i] = rc == SQLITE_ROW ? sqlite3_column_int64(s, i) : 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? ND_OK : status_of(rc);
}

/* Executes a script; ND_OK or the status of the first failing statement. */
static int exec(sqlite3 *db, const char *sql)
{
    return status_of(sqlite3_exec(db, sql, NULL, NULL, NULL));
}

static int pragma_int(sqlite3 *db, const char *sql, long long *value)
{
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return status_of(rc);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *value = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? ND_OK : status_of(rc);
}
/* ---- open, migrate, close -------------------------------------------------------------------- */
/* Brings the schema from its version to `target` in one transaction. */
static int migrate(sqlite_store *store, int target)
{
    sqlite3 *db = store->db;
    int rc = exec(db, "BEGIN IMMEDIATE");
    if (rc != ND_OK)
        return rc;
    long long version = 0, application = 0, objects = 0;
    if ((rc = pragma_int(db, "PRAGMA user_version", &version)) != ND_OK ||
        (rc = pragma_int(db, "PRAGMA application_id", &application)) != ND_OK ||
        (rc = pragma_int(db, "SELECT COUNT(*) FROM sqlite_master", &objects)) != ND_OK)
        goto fail;
    /* a database with tables that newsdesk did not write, or from a newer newsdesk */
    if ((version == 0 && objects > 0) || (version > 0 && application != APPLICATION_ID) ||
        version > ND__STORE_SCHEMA_VERSION) {
        rc = ND_EFORMAT;
        goto fail;
    }
    char sql[64];
    if (version == 0) {
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d", APPLICATION_ID);
        if ((rc = exec(db, sql)) != ND_OK)
            goto fail;
    }
    for (long long v = version + 1; v <= target; v++) {
        if ((rc = exec(db, migrations[v - 1])) != ND_OK)
            goto fail;
        snprintf(sql, sizeof sql, "PRAGMA user_version = %lld", v);
        if ((rc = exec(db, sql)) != ND_OK)
            goto fail;
    }
    store->base.version = (int)(version > target ? version : target);
    return exec(db, "COMMIT");
fail:
    exec(db, "ROLLBACK");
    return rc;
}

static void sq_close(nd_store *base);

static int sq_open(const char *path, int version, nd_store **out)
{
    sqlite_store *store = calloc(1, sizeof *store);
    if (!store)
        return ND_ENOMEM;
    store->base.backend = &nd__store_sqlite;
    /* A store handle is used by one thread at a time (newsdesk.h), so SQLite's own locking of
     * each call (its default, serialized mode) is work for nothing: multi-thread mode. */
    int rc = sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             NULL);
    int status = rc == SQLITE_OK ? ND_OK : rc == SQLITE_NOMEM ? ND_ENOMEM : ND_EIO;
    if (status == ND_OK) {
        sqlite3_busy_timeout(store->db, BUSY_TIMEOUT_MS);
        /* WAL: readers and the writer do not block each other. A commit survives the process
         * being killed; synchronous=NORMAL leaves out the fsync per commit that only a power
         * loss would need (docs/store.md). */
        status = exec(store->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                                 "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
    }
    if (status == ND_OK)
        status = migrate(store, version);
    for (int i = 0; status == ND_OK && version == ND__STORE_SCHEMA_VERSION && i < STATEMENT_COUNT; i++)
        status = status_of(sqlite3_prepare_v3(store->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                              &store->statements[i], NULL));
    if (status != ND_OK) {
        sq_close(&store->base);
        return status;
    }
    store->base.ready = version == ND__STORE_SCHEMA_VERSION;
    *out = &store->base;
    return ND_OK;
}

static void sq_close(nd_store *base)
{
    sqlite_store *store = of(base);
    for (int i = 0; i < STATEMENT_COUNT; i++)
        sqlite3_finalize(store->statements[i]);
    if (store->db && !sqlite3_get_autocommit(store->db))
        exec(store->db, "ROLLBACK");
    sqlite3_close(store->db);
    free(store->match_id);
    free(store);
}

static int sq_exec(nd_store *base, const char *sql) { return exec(of(base)->db, sql); }
/* ---- batches --------------------------------------------------------------------------------- */
static int sq_begin(nd_store *base) { return run(statement(of(base), STATEMENT_BEGIN)); }
static int sq_commit(nd_store *base) { return run(statement(of(base), STATEMENT_COMMIT)); }
static int sq_rollback(nd_store *base) { return run(statement(of(base), STATEMENT_ROLLBACK)); }

/* ---- finding an article ---------------------------------------------------------------------- */
/* Steps a FIND_* statement; 1 and *match filled when it found a row. */
static int take_match(sqlite_store *store, sqlite3_stmt *s, const char *by, nd_store_match *match)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? 0 : status_of(rc);
    }
    const char *id = (const char *)sqlite3_column_text(s, 1);
    char *copy = strdup(id ? id : "");
    if (!copy) {
        sqlite3_reset(s);
        return ND_ENOMEM;
    }
    free(store->match_id);
    store->match_id = copy;
    match->row = sqlite3_column_int64(s, 0);
    match->id = copy;
    match->story = sqlite3_column_int64(s, 2);
    match->storyline = sqlite3_column_int64(s, 3);
    match->by = by;
    sqlite3_reset(s);
    return 1;
}

static int sq_find(nd_store *base, const nd_article *article, uint64_t content_hash, nd_store_match *match)
{
    sqlite_store *store = of(base);
    int rc = take_match(store, bound(store, STATEMENT_FIND_ID, "t", article->id), "id", match);
    if (rc == 0 && article->url[0])
        rc = take_match(store, bound(store, STATEMENT_FIND_URL, "t", article->url), "url", match);
    if (rc == 0)
        rc = take_match(store, bound(store, STATEMENT_FIND_HASH, "i", (long long)content_hash), "content", match);
    return rc;
}

/* The row of a stored article by id: > 0, 0 when none, or a negative status. */
static long long sq_article_row(nd_store *base, const char *id)
{
    sqlite3_stmt *s = bound(of(base), STATEMENT_ROW_OF, "t", id);
    int rc = sqlite3_step(s);
    long long row = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : rc == SQLITE_DONE ? 0 : status_of(rc);
    sqlite3_reset(s);
    return row;
}

/* ---- storing one article, row by row (store.c composes) -------------------------------------- */
static int sq_put_article(nd_store *base, const nd_store_article *in, uint64_t content_hash, long long duplicate,
                          long long *row)
{
    sqlite_store *store = of(base);
    const nd_article *a = in->article;
    const nd_facts *f = in->facts;
    /* a new outlet for the story? (before the article itself is in) */
    sqlite3_stmt *s = bound(store, STATEMENT_OUTLET_SEEN, "it", in->story, a->source);
    int step = sqlite3_step(s);
    int new_outlet = step == SQLITE_DONE;
    sqlite3_reset(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return status_of(step);
    s = bound(store, STATEMENT_INSERT_ARTICLE, "ttttittt", a->id, a->source, a->url, a->published, in->first_seen,
              a->origin ? a->origin : "", a->title, a->dateline ? a->dateline : "");
    bind_text_len(s, 9, a->text, a->text_len);
    bind_text_len(s, 10, a->body, a->body_len);
    sqlite3_bind_int64(s, 11, (sqlite3_int64)content_hash);
    sqlite3_bind_int64(s, 12, in->story);
    sqlite3_bind_int64(s, 13, in->storyline);
    if (duplicate)
        sqlite3_bind_int64(s, 14, duplicate);
    if (f) {
        bind_text(s, 15, f->reference_date);
        bind_text(s, 16, f->date_source);
        bind_text(s, 17, f->where_source);
    }
    int rc = run(s); /* the same id or url again: a constraint, ND_EINVAL, and nothing written */
    if (rc != ND_OK)
        return rc;
    *row = sqlite3_last_insert_rowid(store->db);
    s = bound(store, STATEMENT_INSERT_SEARCH, "it", *row, a->title);
    bind_text_len(s, 3, a->body, a->body_len);
    if ((rc = run(s)) != ND_OK ||
        (rc = run(bound(store, STATEMENT_UPSERT_STORY, "iiiti", in->story, in->storyline, in->first_seen,
                        a->published, (long long)new_outlet))) != ND_OK)
        return rc;
    return run(bound(store, STATEMENT_UPSERT_STORYLINE, "iii", in->storyline, in->first_seen,
                     (long long)(in->opened ? 1 : 0)));
}

static int sq_put_copy(nd_store *base, long long earlier, long long row, const nd_store_copy *c)
{
    sqlite_store *store = of(base);
    int rc = run(bound(store, STATEMENT_INSERT_COPY, "iitdi", earlier, row, nd_relation_name(c->relation),
                       c->similarity, c->earlier_first ? earlier : row));
    for (size_t k = 0; rc == ND_OK && k < c->passage_count; k++) {
        const nd_passage *p = &c->passages[k];
        rc = run(bound(store, STATEMENT_INSERT_PASSAGE, "iizzzzz", earlier, row, p->a_start, p->a_end, p->b_start,
                       p->b_end, p->words));
    }
    return rc;
}

static int sq_put_entity(nd_store *base, const nd_entity *e, long long *row)
{
    sqlite_store *store = of(base);
    sqlite3_stmt *s = bound(store, STATEMENT_INSERT_ENTITY, "ttt", e->name, nd_entity_type_name(e->type),
                            e->country ? e->country : "");
    if (e->has_coordinates) {
        sqlite3_bind_double(s, 4, e->latitude);
        sqlite3_bind_double(s, 5, e->longitude);
    }
    int rc = run(s);
    *row = rc == ND_OK ? sqlite3_last_insert_rowid(store->db) : 0;
    return rc;
}

static int sq_place_entity(nd_store *base, long long row, const nd_entity *e)
{
    return run(bound(of(base), STATEMENT_FILL_PLACE, "itdd", row, e->country ? e->country : "", e->latitude,
                     e->longitude));
}

static int sq_put_variant(nd_store *base, long long entity, const char *variant)
{
    return run(bound(of(base), STATEMENT_INSERT_VARIANT, "it", entity, variant));
}

/* The facts' rows (store.c has checked every span against the clean text). */
static int sq_put_facts(nd_store *base, long long row, const nd_facts *f, const char *body, const long long *entities)
{
    sqlite_store *store = of(base);
    int rc = ND_OK;
    for (size_t i = 0; rc == ND_OK && i < f->entity_count; i++)
        for (size_t k = 0; rc == ND_OK && k < f->entities[i].mention_count; k++)
            rc = run(bound(store, STATEMENT_INSERT_MENTION, "iizz", row, entities[i], f->entities[i].mentions[k].start,
                           f->entities[i].mentions[k].end));
    for (size_t i = 0; rc == ND_OK && i < f->date_count; i++) {
        const nd_date *d = &f->dates[i];
        rc = run(bound(store, STATEMENT_INSERT_DATE, "izztt", row, d->span.start, d->span.end, d->value,
                       nd_date_precision_name(d->precision)));
    }
    for (size_t i = 0; rc == ND_OK && i < f->quote_count; i++) {
        const nd_quote *q = &f->quotes[i];
        sqlite3_stmt *s = bound(store, STATEMENT_INSERT_QUOTE, "izz", row, q->span.start, q->span.end);
        if (q->text) /* parts joined */
            bind_text(s, 4, q->text);
        else
            bind_text_len(s, 4, body + q->span.start, q->span.end - q->span.start);
        sqlite3_bind_int(s, 5, q->direct ? 1 : 0);
        if (q->speaker >= 0 && (size_t)q->speaker < f->entity_count)
            sqlite3_bind_int64(s, 6, entities[q->speaker]);
        bind_text(s, 7, q->speaker_text ? q->speaker_text : "");
        sqlite3_bind_int64(s, 8, (sqlite3_int64)q->speaker_span.start);
        sqlite3_bind_int64(s, 9, (sqlite3_int64)q->speaker_span.end);
        rc = run(s);
    }
    for (size_t i = 0; rc == ND_OK && i < f->cite_count; i++) {
        const nd_cite *c = &f->cites[i];
        if (c->source >= 0 && (size_t)c->source < f->entity_count)
            rc = run(bound(store, STATEMENT_INSERT_CITE, "iizz", row, entities[c->source], c->span.start, c->span.end));
    }
    if (rc == ND_OK && f->where >= 0 && (size_t)f->where < f->entity_count)
        rc = run(bound(store, STATEMENT_SET_PLACE, "ii", row, entities[f->where]));
    return rc;
}

/* ---- engine state ---------------------------------------------------------------------------- */
static int sq_state_put(nd_store *base, const char *name, const void *data, size_t len)
{
    sqlite3_stmt *s = statement(of(base), STATEMENT_STATE_PUT);
    bind_text(s, 1, name);
    sqlite3_bind_blob(s, 2, data ? data : "", (int)len, SQLITE_STATIC);
    return run(s);
}

static int sq_state_get(nd_store *base, const char *name, char **data, size_t *len)
{
    sqlite3_stmt *s = statement(of(base), STATEMENT_STATE_GET);
    bind_text(s, 1, name);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? 0 : status_of(rc);
    }
    const void *blob = sqlite3_column_blob(s, 0);
    int n = sqlite3_column_bytes(s, 0);
    char *copy = malloc((size_t)n + 1);
    if (!copy) {
        sqlite3_reset(s);
        return ND_ENOMEM;
    }
    if (n > 0)
        memcpy(copy, blob, (size_t)n);
    copy[n] = '\0';
    sqlite3_reset(s);
    *data = copy;
    *len = (size_t)n;
    return 1;
}

/* ---- reading --------------------------------------------------------------------------------- */
static int sq_count(nd_store *base, nd_store_counts *c)
{
    long long n[10];
    int rc = integers(bound(of(base), STATEMENT_COUNTS, ""), n, 10);
    if (rc == ND_OK)
        *c = (nd_store_counts){n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9]};
    return rc;
}

static int take_assignment(sqlite3_stmt *s, const row_sink *sink)
{
    nd_store_assignment row = {column_text(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
                               column_or_null(s, 3)};
    return sink->fn.assignment(sink->user, &row);
}

static int sq_export(nd_store *base, nd_store_assignment_fn fn, void *user)
{
    int rc = each_row(bound(of(base), STATEMENT_EXPORT, ""), take_assignment, SINK(assignment, fn, user));
    return rc < 0 ? rc : ND_OK;
}

static long long sq_search_count(nd_store *base, const char *query)
{
    long long n;
    int rc = integers(bound(of(base), STATEMENT_SEARCH_COUNT, "t", query), &n, 1);
    return rc != ND_OK ? rc : n;
}

static int sq_dump(nd_store *base, const char *table, FILE *out)
{
    sqlite_store *store = of(base);
    for (const char *p = table; *p; p++) /* a table name, never SQL */
        if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
            return ND_EINVAL;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(store->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return ND_EINVAL;
    /* ordered by every column, so that the dump does not depend on the query plan */
    int columns = sqlite3_column_count(s);
    sqlite3_finalize(s);
    size_t used = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1", table);
    for (int i = 2; i <= columns && used < sizeof sql - 8; i++)
        used += (size_t)snprintf(sql + used, sizeof sql - used, ", %d", i);
    if (sqlite3_prepare_v2(store->db, sql, -1, &s, NULL) != SQLITE_OK)
        return ND_EINVAL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            if (i)
                fputc('|', out);
            const unsigned char *text = sqlite3_column_text(s, i);
            if (sqlite3_column_type(s, i) == SQLITE_NULL)
                fputs("NULL", out);
            else if (sqlite3_column_type(s, i) == SQLITE_FLOAT)
                fprintf(out, "%.4f", sqlite3_column_double(s, i));
            else
                fputs(text ? (const char *)text : "", out);
        }
        fputc('\n', out);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? ND_OK : status_of(rc);
}

/* ---- feeds (watch.c) ------------------------------------------------------------------------- */
static int sq_feed_add(nd_store *base, const char *url, const char *title)
{
    int rc = run(bound(of(base), STATEMENT_FEED_ADD, "tt", url, title && *title ? title : NULL));
    return rc != ND_OK ? rc : sqlite3_changes(of(base)->db) > 0 ? 1 : 0;
}

static int sq_feed_remove(nd_store *base, const char *url)
{
    sqlite_store *store = of(base);
    int rc = run(bound(store, STATEMENT_FEED_REMOVE, "t", url));
    if (rc != ND_OK)
        return rc;
    int removed = sqlite3_changes(store->db) > 0;
    if (removed)
        run(bound(store, STATEMENT_FEED_ITEMS_REMOVE, "t", url));
    return removed;
}

static int take_feed(sqlite3_stmt *s, const row_sink *sink)
{
    nd_feed f = {.url = column_text(s, 0), .title = column_text(s, 1), .etag = column_text(s, 2),
                 .last_modified = column_text(s, 3), .next_poll = sqlite3_column_int64(s, 4),
                 .last_poll = sqlite3_column_int64(s, 5), .last_new_item = sqlite3_column_int64(s, 6),
                 .last_status = (long)sqlite3_column_int64(s, 7), .error = column_text(s, 8),
                 .errors = (int)sqlite3_column_int64(s, 9), .items = sqlite3_column_int64(s, 10)};
    return sink->fn.feed(sink->user, &f);
}

static int sq_feeds(nd_store *base, nd_feed_fn fn, void *user)
{
    int rc = each_row(bound(of(base), STATEMENT_FEEDS, ""), take_feed, SINK(feed, fn, user));
    return rc < 0 ? rc : ND_OK;
}

static int sq_feed_update(nd_store *base, const nd_feed *f)
{
#define SET_OR_NULL(text) ((text) && *(text) ? (text) : NULL)
    return run(bound(of(base), STATEMENT_FEED_UPDATE, "tttiiiitiit", SET_OR_NULL(f->title), SET_OR_NULL(f->etag),
                     SET_OR_NULL(f->last_modified), f->next_poll, f->last_poll, f->last_new_item,
                     (long long)f->last_status, f->error ? f->error : "", (long long)f->errors, f->items, f->url));
#undef SET_OR_NULL
}

static int sq_feed_item_seen(nd_store *base, const char *feed, const char *guid)
{
    sqlite3_stmt *s = bound(of(base), STATEMENT_FEED_ITEM_SEEN, "tt", feed, guid);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : status_of(rc);
}

static int sq_feed_item_add(nd_store *base, const char *feed, const char *guid, long long first_seen)
{
    return run(bound(of(base), STATEMENT_FEED_ITEM_ADD, "tti", feed, guid, first_seen));
}

/* ---- reads for the views (store_views.h) -----------------------------------------------------
 * Each row goes to a callback while it is borrowed; store.c and store_docs.c collect them.
 */
static int sq_tune_reads(nd_store *base)
{
    sqlite_store *store = of(base);
    if (store->reads_tuned)
        return ND_OK; /* setting mmap_size again would unmap and map the file anew */
    store->reads_tuned = 1;
    return exec(store->db, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -16384;");
}

static int sq_version(nd_store *base, long long *version)
{
    return integers(bound(of(base), STATEMENT_LAST_ROW, ""), version, 1);
}

static int take_story(sqlite3_stmt *s, const row_sink *sink)
{
    nd__story_row row = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
                         sqlite3_column_int64(s, 3), "", ""};
    snprintf(row.first_published, sizeof row.first_published, "%s", column_text(s, 4));
    snprintf(row.last_published, sizeof row.last_published, "%s", column_text(s, 5));
    return sink->fn.story(sink->user, &row, sqlite3_column_count(s) > 6 ? sqlite3_column_int64(s, 6) : 0);
}

static int sq_recent_stories(nd_store *base, const char *since, const char *until, size_t max, nd__story_row_fn fn,
                             void *user)
{
    int rc = each_row(bound(of(base), STATEMENT_RECENT_STORIES, "ttz", since, until, max), take_story,
                      SINK(story, fn, user));
    return rc < 0 ? rc : ND_OK;
}

static int keep_story(void *user, const nd__story_row *row, long long mentions)
{
    (void)mentions;
    *(nd__story_row *)user = *row;
    return 0;
}

static int sq_story_row(nd_store *base, long long id, nd__story_row *row)
{
    return one_row(bound(of(base), STATEMENT_STORY, "i", id), take_story, SINK(story, keep_story, row));
}

static int sq_storyline_stories(nd_store *base, long long storyline, nd__story_row_fn fn, void *user)
{
    return one_row(bound(of(base), STATEMENT_STORYLINE_STORIES, "i", storyline), take_story, SINK(story, fn, user));
}

static int sq_entity_stories(nd_store *base, long long entity, size_t max, nd__story_row_fn fn, void *user)
{
    int rc = each_row(bound(of(base), STATEMENT_ENTITY_STORIES, "iz", entity, max), take_story, SINK(story, fn, user));
    return rc < 0 ? rc : ND_OK;
}

static int sq_latest_published(nd_store *base, char *out, size_t cap)
{
    sqlite3_stmt *s = bound(of(base), STATEMENT_LATEST_PUBLISHED, "");
    int rc = sqlite3_step(s);
    snprintf(out, cap, "%s", rc == SQLITE_ROW ? column_text(s, 0) : "");
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? ND_OK : status_of(rc);
}

static int take_coverage(sqlite3_stmt *s, const row_sink *sink)
{
    nd__coverage c = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2)};
    return sink->fn.coverage(sink->user, &c);
}

static int sq_coverage(nd_store *base, const char *from, const char *to, nd__coverage_fn fn, void *user)
{
    int rc = each_row(bound(of(base), STATEMENT_COVERAGE, "tt", from, to), take_coverage, SINK(coverage, fn, user));
    return rc < 0 ? rc : ND_OK;
}

static int sq_story_coverage(nd_store *base, long long story, const char *from, const char *to, nd__coverage *row)
{
    long long n[2];
    int rc = integers(bound(of(base), STATEMENT_STORY_COVERAGE, "itt", story, from, to), n, 2);
    *row = (nd__coverage){story, n[0], n[1]};
    return rc;
}

static int sq_activity(nd_store *base, const char *from, const char *to, long long *articles, long long *stories)
{
    long long n[2];
    int rc = integers(bound(of(base), STATEMENT_ACTIVITY, "tt", from, to), n, 2);
    *articles = n[0];
    *stories = n[1];
    return rc;
}

static int take_row(sqlite3_stmt *s, const row_sink *sink)
{
    *(long long *)sink->user = sqlite3_column_int64(s, 0);
    return 0;
}

static int sq_entity_find(nd_store *base, const char *name, long long *row)
{
    return one_row(bound(of(base), STATEMENT_ENTITY_NAMED, "t", name), take_row, SINK(text, NULL, row));
}

static int sq_entity_row(nd_store *base, const char *name, const char *type, long long *row)
{
    return one_row(bound(of(base), STATEMENT_FIND_ENTITY, "tt", name, type), take_row, SINK(text, NULL, row));
}

static int take_entity(sqlite3_stmt *s, const row_sink *sink)
{
    nd__entity_record r = {sqlite3_column_int64(s, 0), column_text(s, 1), column_text(s, 2), column_text(s, 3),
                           sqlite3_column_type(s, 4) != SQLITE_NULL, sqlite3_column_double(s, 4),
                           sqlite3_column_double(s, 5), sqlite3_column_int64(s, 6)};
    return sink->fn.entity(sink->user, &r);
}

static int sq_entity(nd_store *base, long long row, nd__entity_record_fn fn, void *user)
{
    return one_row(bound(of(base), STATEMENT_ENTITY, "i", row), take_entity, SINK(entity, fn, user));
}

static int take_text(sqlite3_stmt *s, const row_sink *sink) { return sink->fn.text(sink->user, column_text(s, 0)); }

static int sq_entity_variants(nd_store *base, long long row, nd__text_fn fn, void *user)
{
    int rc = each_row(bound(of(base), STATEMENT_ENTITY_VARIANTS, "i", row), take_text, SINK(text, fn, user));
    return rc < 0 ? rc : ND_OK;
}

/* ---- rows of one story and one article (store_docs.c builds from them) ---------------------- */
static int take_article(sqlite3_stmt *s, const row_sink *sink)
{
    nd__article_record r = {
        .row = sqlite3_column_int64(s, 0), .id = column_text(s, 1), .source = column_or_null(s, 2),
        .url = column_or_null(s, 3), .title = column_or_null(s, 4), .published = column_or_null(s, 5),
        .body = column_or_null(s, 6), .body_len = (size_t)sqlite3_column_bytes(s, 6),
        .reference_date = column_or_null(s, 7), .place = sqlite3_column_int64(s, 8),
        .place_source = column_or_null(s, 9), .duplicate_of = column_or_null(s, 10),
        .first_seen = sqlite3_column_int64(s, 11), .origin = column_text(s, 12), .story = sqlite3_column_int64(s, 13),
        .storyline = sqlite3_column_int64(s, 14), .dateline = column_text(s, 15)};
    return sink->fn.article(sink->user, &r);
}

static int sq_story_articles(nd_store *base, long long story, size_t max, nd__article_record_fn fn, void *user)
{
    int rc = each_row(bound(of(base), STATEMENT_STORY_ARTICLES, "iz", story, max ? max : 1), take_article,
                      SINK(article, fn, user));
    return rc < 0 ? rc : ND_OK;
}

static int sq_article(nd_store *base, const char *id, nd__article_record_fn fn, void *user)
{
    return one_row(bound(of(base), STATEMENT_ARTICLE, "t", id), take_article, SINK(article, fn, user));
}

static int take_mention(sqlite3_stmt *s, const row_sink *sink)
{
    nd__mention_record r = {sqlite3_column_int64(s, 0), column_or_null(s, 1), column_text(s, 2),
                            sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 4)};
    return sink->fn.mention(sink->user, &r);
}

static int take_date(sqlite3_stmt *s, const row_sink *sink)
{
    nd__date_record r = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), column_or_null(s, 2),
                         column_text(s, 3)};
    return sink->fn.date(sink->user, &r);
}

static int take_quote(sqlite3_stmt *s, const row_sink *sink)
{
    nd__quote_record r = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int(s, 2),
                          sqlite3_column_int64(s, 3), column_or_null(s, 4), column_or_null(s, 5)};
    return sink->fn.quote(sink->user, &r);
}

static int take_passage(sqlite3_stmt *s, const row_sink *sink)
{
    nd__passage_record r = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), column_or_null(s, 7),
                            sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 4),
                            sqlite3_column_int64(s, 5), sqlite3_column_int64(s, 6)};
    return sink->fn.passage(sink->user, &r);
}

static int take_copy(sqlite3_stmt *s, const row_sink *sink)
{
    nd__copy_record r = {column_text(s, 0), column_text(s, 1), column_text(s, 3), sqlite3_column_double(s, 2)};
    return sink->fn.copy(sink->user, &r);
}

/* The rows of one article's or story's facts: which statement, how each row is taken. */
#define ROWS_OF(name, which, kind, type)                                                               \
    static int sq_##name(nd_store *base, long long key, type fn, void *user)                          \
    {                                                                                                  \
        int rc = each_row(bound(of(base), which, "i", key), take_##kind, SINK(kind, fn, user));         \
        return rc < 0 ? rc : ND_OK;                                                                    \
    }
ROWS_OF(article_mentions, STATEMENT_MENTIONS, mention, nd__mention_record_fn)
ROWS_OF(article_dates, STATEMENT_DATES, date, nd__date_record_fn)
ROWS_OF(article_quotes, STATEMENT_QUOTES, quote, nd__quote_record_fn)
ROWS_OF(story_passages, STATEMENT_STORY_PASSAGES, passage, nd__passage_record_fn)
ROWS_OF(article_passages, STATEMENT_ARTICLE_PASSAGES, passage, nd__passage_record_fn)
ROWS_OF(article_copies, STATEMENT_ARTICLE_COPIES, copy, nd__copy_record_fn)

/* ---- search ---------------------------------------------------------------------------------- */
/* An FTS5 query of the words (each quoted, so nothing in it is FTS5 syntax): every word, or any. */
static char *fts_query(const char *const *words, size_t count, int any)
{
    size_t cap = 1;
    for (size_t i = 0; i < count; i++)
        cap += strlen(words[i]) + 6;
    char *q = malloc(cap), *o = q;
    for (size_t i = 0; q && i < count; i++)
        o += sprintf(o, "%s\"%s\"", i == 0 ? "" : any ? " OR " : " ", words[i]);
    return q;
}

static int take_hit(sqlite3_stmt *s, const row_sink *sink)
{
    nd__search_hit h = {sqlite3_column_int64(s, 0), sqlite3_column_double(s, 1), (char *)column_text(s, 2),
                        (char *)column_text(s, 3)};
    return sink->fn.hit(sink->user, &h);
}

static int sq_search(nd_store *base, const char *const *words, size_t count, int any, size_t max,
                     nd__search_hit_fn fn, void *user)
{
    char *q = fts_query(words, count, any);
    if (!q)
        return ND_ENOMEM;
    int rc = each_row(bound(of(base), STATEMENT_SEARCH, "tz", q, max), take_hit, SINK(hit, fn, user));
    sqlite3_clear_bindings(of(base)->statements[STATEMENT_SEARCH]); /* q is freed now */
    free(q);
    return rc < 0 ? rc : ND_OK;
}
/* ==== story documents (the views' block, issue 20) ===========================================
 * The stored story document (story_docs, migration 4) and the reads that making it needs: the
 * titles of one outlet, how many stories share a title, and how many stories a front page can
 * walk. Written by src/story_docs.c at ingest, read by src/serve/views.c. Backend
 * functions like the others (store.h); store.c checks the store is ready. */
static int doc_prepare(nd_store *store, const char *sql, sqlite3_stmt **s)
{
    int rc = sqlite3_prepare_v2(of(store)->db, sql, -1, s, NULL);
    return rc == SQLITE_OK ? ND_OK : status_of(rc);
}

static int sq_story_doc_put(nd_store *store, long long story, const char *card, const char *page)
{
    sqlite3_stmt *s;
    int status = doc_prepare(store, "INSERT OR REPLACE INTO story_docs(story, card, page) VALUES (?1, ?2, ?3)", &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, story);
    bind_text(s, 2, card);
    bind_text(s, 3, page);
    status = run(s);
    sqlite3_finalize(s);
    return status;
}

static int sq_story_doc_get(nd_store *store, long long story, int page, char **json)
{
    *json = NULL;
    sqlite3_stmt *s;
    int status = doc_prepare(store, page ? "SELECT page FROM story_docs WHERE story = ?1"
                                     : "SELECT card FROM story_docs WHERE story = ?1", &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, story);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        status = (*json = strdup(column_text(s, 0))) ? ND_OK : ND_ENOMEM;
    else
        status = rc == SQLITE_DONE ? ND_ENOTFOUND : status_of(rc);
    sqlite3_finalize(s);
    return status;
}

static int sq_story_total(nd_store *store, const char *since, const char *until, long long *total)
{
    *total = 0;
    sqlite3_stmt *s;
    int status = doc_prepare(store,
                         "SELECT COUNT(*) FROM stories WHERE (?1 IS NULL OR last_published >= ?1) "
                         "AND (?2 IS NULL OR first_published <= ?2)", &s);
    if (status != ND_OK)
        return status;
    bind_text(s, 1, since); /* as nd__store_recent_stories binds them */
    bind_text(s, 2, until);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *total = sqlite3_column_int64(s, 0);
    else
        status = status_of(rc);
    sqlite3_finalize(s);
    return status;
}

static int sq_outlet_titles(nd_store *store, const char *source, const char *host, size_t max,
                            int (*fn)(void *user, const char *title), void *user)
{
    sqlite3_stmt *s;
    int status;
    if (source && source[0])
        status = doc_prepare(store, "SELECT title FROM articles WHERE source = ?1 ORDER BY row DESC LIMIT ?2", &s);
    else
        status = doc_prepare(store,
                         "SELECT title FROM articles WHERE source = '' AND ("
                         "(url >= 'http://' || ?1 || '/' AND url < 'http://' || ?1 || '0') OR "
                         "(url >= 'https://' || ?1 || '/' AND url < 'https://' || ?1 || '0') OR "
                         "(url >= 'http://www.' || ?1 || '/' AND url < 'http://www.' || ?1 || '0') OR "
                         "(url >= 'https://www.' || ?1 || '/' AND url < 'https://www.' || ?1 || '0')) "
                         "ORDER BY row DESC LIMIT ?2", &s);
    if (status != ND_OK)
        return status;
    bind_text(s, 1, source && source[0] ? source : host ? host : "");
    sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (fn(user, column_text(s, 0))) {
            status = ND_ESTOPPED;
            break;
        }
    if (status == ND_OK && rc != SQLITE_DONE)
        status = status_of(rc);
    sqlite3_finalize(s);
    return status;
}

static int sq_title_stories(nd_store *store, const char *title, long long *stories)
{
    *stories = 0;
    sqlite3_stmt *s;
    int status = doc_prepare(store, "SELECT COUNT(DISTINCT story) FROM (SELECT story FROM articles WHERE title = ?1 LIMIT 64)",
                         &s);
    if (status != ND_OK)
        return status;
    bind_text(s, 1, title);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *stories = sqlite3_column_int64(s, 0);
    else
        status = status_of(rc);
    sqlite3_finalize(s);
    return status;
}
/* ==== end of the story documents block ======================================================== */

const nd__store_backend nd__store_sqlite = {
    .name = "sqlite",
    .open = sq_open, .close = sq_close, .error = sq_error,
    .begin = sq_begin, .commit = sq_commit, .rollback = sq_rollback,
    .find = sq_find, .article_row = sq_article_row, .put_article = sq_put_article, .put_copy = sq_put_copy,
    .put_entity = sq_put_entity, .place_entity = sq_place_entity, .put_variant = sq_put_variant,
    .put_facts = sq_put_facts, .state_put = sq_state_put, .state_get = sq_state_get,
    .count = sq_count, .export = sq_export,
    .feed_add = sq_feed_add, .feed_remove = sq_feed_remove, .feeds = sq_feeds, .feed_update = sq_feed_update,
    .feed_item_seen = sq_feed_item_seen, .feed_item_add = sq_feed_item_add,
    .tune_reads = sq_tune_reads, .version = sq_version, .recent_stories = sq_recent_stories,
    .story_row = sq_story_row, .storyline_stories = sq_storyline_stories, .entity_stories = sq_entity_stories,
    .latest_published = sq_latest_published, .coverage = sq_coverage, .story_coverage = sq_story_coverage,
    .activity = sq_activity, .entity_find = sq_entity_find, .entity_row = sq_entity_row,
    .entity = sq_entity, .entity_variants = sq_entity_variants,
    .story_articles = sq_story_articles, .article_mentions = sq_article_mentions, .article_dates = sq_article_dates,
    .article_quotes = sq_article_quotes, .story_passages = sq_story_passages,
    .article = sq_article, .article_copies = sq_article_copies, .article_passages = sq_article_passages,
    .search = sq_search,
    .exec = sq_exec, .dump = sq_dump, .search_count = sq_search_count,
    .story_doc_put = sq_story_doc_put, .story_doc_get = sq_story_doc_get, .story_total = sq_story_total,
    .outlet_titles = sq_outlet_titles, .title_stories = sq_title_stories,
};

