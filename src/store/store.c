/*
 * store.c: the embedded store, and the one file of newsdesk that speaks SQL. It takes one
 * article's complete result at a time (its fields and texts, its copy relations with shared
 * passages, its entities, dates, quotes and cites, its story) and keeps it in SQLite; it keeps
 * the engine's state as named blobs in the same transactions, so that a run stopped at any
 * moment leaves the store as it was after its last whole batch; and it gives back what it holds
 * (export, counts, lookups).
 *
 * The database runs in WAL mode with a busy timeout, so one writer and any number of readers (the
 * server) share it. The schema is versioned (PRAGMA user_version) and every older version is
 * migrated on open, in one transaction, by the scripts in `migrations` below, applied in order;
 * a store from a newer newsdesk is refused rather than damaged. docs/store.md has the tables.
 * Every statement is prepared once, on open. Ownership: the store owns every string it hands
 * out; each lives until the next call on the store (nd_store_find) or the end of a callback.
 */
#include "store.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "util.h"

#define APPLICATION_ID 0x6e647331 /* "nds1": PRAGMA application_id of a newsdesk store */
#define BUSY_TIMEOUT_MS 10000     /* how long a writer or reader waits for the other */
#define MAX_BIND_BYTES 0x7fffffff /* the most SQLite takes in one value (an int) */

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

    /* 3: story documents (issue 20, the views' block at the end of this file): each story's
     * document as every view reads it, made when the story changes; titles by outlet and by
     * text, for learning an outlet's title furniture and finding titles many stories share */
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
#define STATEMENTS(X)                                                                                \
    X(BEGIN, "BEGIN IMMEDIATE")                                                                    \
    X(COMMIT, "COMMIT")                                                                            \
    X(ROLLBACK, "ROLLBACK")                                                                        \
    X(SAVEPOINT, "SAVEPOINT put")                                                                  \
    X(RELEASE, "RELEASE put")                                                                      \
    X(ROLLBACK_TO, "ROLLBACK TO put")                                                              \
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
             "(SELECT COUNT(*) FROM quotes), (SELECT COUNT(*) FROM cites)")

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

struct nd_store {
    sqlite3 *db;
    int version;                         /* schema version after open */
    sqlite3_stmt *statements[STATEMENT_COUNT]; /* prepared on open; NULL below the current version */
    char *match_id;                      /* nd_store_match.id of the last nd_store_find */
    long long *entity_rows;              /* scratch for nd_store_put: the article's entities' rows */
    size_t entity_cap;
    int reads_tuned;                     /* nd__store_tune_reads ran on this connection */
};

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

const char *nd_store_error(const nd_store *store)
{
    if (!store || !store->db)
        return "no store";
    return sqlite3_errmsg(store->db);
}

int nd_store_schema_version(const nd_store *store) { return store ? store->version : 0; }

/* ---- statements: binding and stepping -------------------------------------------------------- */
static sqlite3_stmt *statement(nd_store *store, int which)
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

static int bind_text_len(sqlite3_stmt *s, int column, const char *text, size_t len)
{
    if (len > MAX_BIND_BYTES)
        return SQLITE_TOOBIG;
    return sqlite3_bind_text(s, column, text ? text : "", (int)len, SQLITE_STATIC);
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
static int migrate(nd_store *store, int target)
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
    store->version = (int)(version > target ? version : target);
    return exec(db, "COMMIT");
fail:
    exec(db, "ROLLBACK");
    return rc;
}

int nd__store_open_version(const char *path, int version, nd_store **out)
{
    if (!out)
        return ND_EINVAL;
    *out = NULL;
    if (!path || version < 1 || version > ND__STORE_SCHEMA_VERSION)
        return ND_EINVAL;
    nd_store *store = calloc(1, sizeof *store);
    if (!store)
        return ND_ENOMEM;
    int rc = sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
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
        nd_store_close(store);
        return status;
    }
    *out = store;
    return ND_OK;
}

int nd_store_open(const char *path, nd_store **out)
{
    return nd__store_open_version(path, ND__STORE_SCHEMA_VERSION, out);
}

void nd_store_close(nd_store *store)
{
    if (!store)
        return;
    for (int i = 0; i < STATEMENT_COUNT; i++)
        sqlite3_finalize(store->statements[i]);
    if (store->db && !sqlite3_get_autocommit(store->db))
        exec(store->db, "ROLLBACK");
    sqlite3_close(store->db);
    free(store->match_id);
    free(store->entity_rows);
    free(store);
}

int nd__store_exec(nd_store *store, const char *sql)
{
    if (!store || !sql)
        return ND_EINVAL;
    return exec(store->db, sql);
}

/* ---- batches --------------------------------------------------------------------------------- */
static int ready(const nd_store *store)
{
    return store && store->version == ND__STORE_SCHEMA_VERSION && store->statements[0];
}

int nd_store_begin(nd_store *store)
{
    return ready(store) ? run(statement(store, STATEMENT_BEGIN)) : ND_EINVAL;
}

int nd_store_commit(nd_store *store)
{
    return ready(store) ? run(statement(store, STATEMENT_COMMIT)) : ND_EINVAL;
}

int nd_store_rollback(nd_store *store)
{
    return ready(store) ? run(statement(store, STATEMENT_ROLLBACK)) : ND_EINVAL;
}

/* ---- finding an article ---------------------------------------------------------------------- */
uint64_t nd__store_content_hash(const nd_article *a)
{
    uint64_t h = nd__hash64(a->source, strlen(a->source), 0x6e64);
    h = nd__hash64(a->title, strlen(a->title), h);
    return nd__hash64(a->text ? a->text : "", a->text_len, h);
}

/* Steps a FIND_* statement; 1 and *match filled when it found a row. */
static int take_match(nd_store *store, sqlite3_stmt *s, const char *by, nd_store_match *match)
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

int nd_store_find(nd_store *store, const nd_article *article, nd_store_match *match)
{
    if (!ready(store) || !article || !match)
        return ND_EINVAL;
    sqlite3_stmt *s = statement(store, STATEMENT_FIND_ID);
    bind_text(s, 1, article->id);
    int rc = take_match(store, s, "id", match);
    if (rc == 0 && article->url[0]) {
        s = statement(store, STATEMENT_FIND_URL);
        bind_text(s, 1, article->url);
        rc = take_match(store, s, "url", match);
    }
    if (rc == 0) {
        s = statement(store, STATEMENT_FIND_HASH);
        sqlite3_bind_int64(s, 1, (sqlite3_int64)nd__store_content_hash(article));
        rc = take_match(store, s, "content", match);
    }
    return rc;
}

/* The row of a stored article by id: > 0, 0 when none, or a negative status. */
static long long row_of(nd_store *store, const char *id)
{
    sqlite3_stmt *s = statement(store, STATEMENT_ROW_OF);
    bind_text(s, 1, id);
    int rc = sqlite3_step(s);
    long long row = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : rc == SQLITE_DONE ? 0 : status_of(rc);
    sqlite3_reset(s);
    return row;
}

/* ---- storing one article --------------------------------------------------------------------- */
/* The row of an entity, made when new; a place's coordinates fill in when first known. */
static long long entity_row(nd_store *store, const nd_entity *e)
{
    const char *type = nd_entity_type_name(e->type);
    sqlite3_stmt *s = statement(store, STATEMENT_FIND_ENTITY);
    bind_text(s, 1, e->name);
    bind_text(s, 2, type);
    int rc = sqlite3_step(s);
    long long row = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return status_of(rc);
    if (row > 0) {
        if (e->has_coordinates) {
            s = statement(store, STATEMENT_FILL_PLACE);
            sqlite3_bind_int64(s, 1, row);
            bind_text(s, 2, e->country ? e->country : "");
            sqlite3_bind_double(s, 3, e->latitude);
            sqlite3_bind_double(s, 4, e->longitude);
            if ((rc = run(s)) != ND_OK)
                return rc;
        }
        return row;
    }
    s = statement(store, STATEMENT_INSERT_ENTITY);
    bind_text(s, 1, e->name);
    bind_text(s, 2, type);
    bind_text(s, 3, e->country ? e->country : "");
    if (e->has_coordinates) {
        sqlite3_bind_double(s, 4, e->latitude);
        sqlite3_bind_double(s, 5, e->longitude);
    }
    if ((rc = run(s)) != ND_OK)
        return rc;
    return sqlite3_last_insert_rowid(store->db);
}

/* A span of the clean text as bound offsets, checked against the text's length. */
static int bind_span(sqlite3_stmt *s, int column, nd_span span, size_t body_len)
{
    if (span.start > span.end || span.end > body_len)
        return SQLITE_RANGE;
    int rc = sqlite3_bind_int64(s, column, (sqlite3_int64)span.start);
    return rc != SQLITE_OK ? rc : sqlite3_bind_int64(s, column + 1, (sqlite3_int64)span.end);
}

static int put_facts(nd_store *store, long long row, const nd_facts *f, const char *body, size_t body_len)
{
    if (f->entity_count > store->entity_cap) {
        long long *grown = realloc(store->entity_rows, f->entity_count * sizeof *grown);
        if (!grown)
            return ND_ENOMEM;
        store->entity_rows = grown;
        store->entity_cap = f->entity_count;
    }
    int rc = ND_OK;
    for (size_t i = 0; rc == ND_OK && i < f->entity_count; i++) {
        const nd_entity *e = &f->entities[i];
        long long entity = entity_row(store, e);
        if (entity < 0)
            return (int)entity;
        store->entity_rows[i] = entity;
        for (size_t k = 0; rc == ND_OK && k < e->variant_count; k++) {
            sqlite3_stmt *s = statement(store, STATEMENT_INSERT_VARIANT);
            sqlite3_bind_int64(s, 1, entity);
            bind_text(s, 2, e->variants[k]);
            rc = run(s);
        }
        for (size_t k = 0; rc == ND_OK && k < e->mention_count; k++) {
            sqlite3_stmt *s = statement(store, STATEMENT_INSERT_MENTION);
            sqlite3_bind_int64(s, 1, row);
            sqlite3_bind_int64(s, 2, entity);
            rc = bind_span(s, 3, e->mentions[k], body_len);
            rc = rc != SQLITE_OK ? status_of(rc) : run(s);
        }
    }
    for (size_t i = 0; rc == ND_OK && i < f->date_count; i++) {
        const nd_date *d = &f->dates[i];
        sqlite3_stmt *s = statement(store, STATEMENT_INSERT_DATE);
        sqlite3_bind_int64(s, 1, row);
        rc = bind_span(s, 2, d->span, body_len);
        bind_text(s, 4, d->value);
        bind_text(s, 5, nd_date_precision_name(d->precision));
        rc = rc != SQLITE_OK ? status_of(rc) : run(s);
    }
    for (size_t i = 0; rc == ND_OK && i < f->quote_count; i++) {
        const nd_quote *q = &f->quotes[i];
        sqlite3_stmt *s = statement(store, STATEMENT_INSERT_QUOTE);
        sqlite3_bind_int64(s, 1, row);
        int bound = bind_span(s, 2, q->span, body_len);
        if (bound == SQLITE_OK)
            bound = q->text ? bind_text_len(s, 4, q->text, strlen(q->text)) /* parts joined */
                            : bind_text_len(s, 4, body + q->span.start, q->span.end - q->span.start);
        sqlite3_bind_int(s, 5, q->direct ? 1 : 0);
        if (q->speaker >= 0 && (size_t)q->speaker < f->entity_count)
            sqlite3_bind_int64(s, 6, store->entity_rows[q->speaker]);
        bind_text(s, 7, q->speaker_text ? q->speaker_text : "");
        if (bound == SQLITE_OK)
            bound = bind_span(s, 8, q->speaker_span, body_len);
        rc = bound != SQLITE_OK ? status_of(bound) : run(s);
    }
    for (size_t i = 0; rc == ND_OK && i < f->cite_count; i++) {
        const nd_cite *c = &f->cites[i];
        if (c->source < 0 || (size_t)c->source >= f->entity_count)
            continue;
        sqlite3_stmt *s = statement(store, STATEMENT_INSERT_CITE);
        sqlite3_bind_int64(s, 1, row);
        sqlite3_bind_int64(s, 2, store->entity_rows[c->source]);
        rc = bind_span(s, 3, c->span, body_len);
        rc = rc != SQLITE_OK ? status_of(rc) : run(s);
    }
    if (rc == ND_OK && f->where >= 0 && (size_t)f->where < f->entity_count) {
        sqlite3_stmt *s = statement(store, STATEMENT_SET_PLACE);
        sqlite3_bind_int64(s, 1, row);
        sqlite3_bind_int64(s, 2, store->entity_rows[f->where]);
        rc = run(s);
    }
    return rc;
}

static int put_copies(nd_store *store, long long row, const nd_store_article *in, size_t body_len)
{
    int rc = ND_OK;
    for (size_t i = 0; rc == ND_OK && i < in->copy_count; i++) {
        const nd_store_copy *c = &in->copies[i];
        long long earlier = row_of(store, c->earlier_id);
        if (earlier <= 0)
            return earlier < 0 ? (int)earlier : ND_EINVAL;
        sqlite3_stmt *s = statement(store, STATEMENT_INSERT_COPY);
        sqlite3_bind_int64(s, 1, earlier);
        sqlite3_bind_int64(s, 2, row);
        bind_text(s, 3, nd_relation_name(c->relation));
        sqlite3_bind_double(s, 4, c->similarity);
        sqlite3_bind_int64(s, 5, c->earlier_first ? earlier : row);
        if ((rc = run(s)) != ND_OK)
            return rc;
        for (size_t k = 0; rc == ND_OK && k < c->passage_count; k++) {
            const nd_passage *p = &c->passages[k];
            if (p->a_start > p->a_end || p->b_start > p->b_end || p->b_end > body_len)
                return ND_EINVAL;
            s = statement(store, STATEMENT_INSERT_PASSAGE);
            sqlite3_bind_int64(s, 1, earlier);
            sqlite3_bind_int64(s, 2, row);
            sqlite3_bind_int64(s, 3, (sqlite3_int64)p->a_start);
            sqlite3_bind_int64(s, 4, (sqlite3_int64)p->a_end);
            sqlite3_bind_int64(s, 5, (sqlite3_int64)p->b_start);
            sqlite3_bind_int64(s, 6, (sqlite3_int64)p->b_end);
            sqlite3_bind_int64(s, 7, (sqlite3_int64)p->words);
            rc = run(s);
        }
    }
    return rc;
}

/* Everything of one article, within the savepoint nd_store_put holds. */
static int put_rows(nd_store *store, const nd_store_article *in)
{
    const nd_article *a = in->article;
    const nd_facts *f = in->facts;
    long long duplicate = 0;
    if (in->duplicate_of && (duplicate = row_of(store, in->duplicate_of)) <= 0)
        return duplicate < 0 ? (int)duplicate : ND_EINVAL;

    /* a new outlet for the story? (before the article itself is in) */
    sqlite3_stmt *s = statement(store, STATEMENT_OUTLET_SEEN);
    sqlite3_bind_int64(s, 1, in->story);
    bind_text(s, 2, a->source);
    int step = sqlite3_step(s);
    int new_outlet = step == SQLITE_DONE;
    sqlite3_reset(s);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return status_of(step);

    s = statement(store, STATEMENT_INSERT_ARTICLE);
    bind_text(s, 1, a->id);
    bind_text(s, 2, a->source);
    bind_text(s, 3, a->url);
    bind_text(s, 4, a->published);
    sqlite3_bind_int64(s, 5, in->first_seen);
    bind_text(s, 6, a->origin ? a->origin : "");
    bind_text(s, 7, a->title);
    bind_text(s, 8, a->dateline ? a->dateline : "");
    int bound = bind_text_len(s, 9, a->text, a->text_len);
    if (bound == SQLITE_OK)
        bound = bind_text_len(s, 10, a->body, a->body_len);
    sqlite3_bind_int64(s, 11, (sqlite3_int64)nd__store_content_hash(a));
    sqlite3_bind_int64(s, 12, in->story);
    sqlite3_bind_int64(s, 13, in->storyline);
    if (duplicate)
        sqlite3_bind_int64(s, 14, duplicate);
    if (f) {
        bind_text(s, 15, f->reference_date);
        bind_text(s, 16, f->date_source);
        bind_text(s, 17, f->where_source);
    }
    int rc = bound != SQLITE_OK ? status_of(bound) : run(s);
    if (rc != ND_OK)
        return rc;
    long long row = sqlite3_last_insert_rowid(store->db);

    s = statement(store, STATEMENT_INSERT_SEARCH);
    sqlite3_bind_int64(s, 1, row);
    bind_text(s, 2, a->title);
    bind_text_len(s, 3, a->body, a->body_len);
    if ((rc = run(s)) != ND_OK)
        return rc;

    s = statement(store, STATEMENT_UPSERT_STORY);
    sqlite3_bind_int64(s, 1, in->story);
    sqlite3_bind_int64(s, 2, in->storyline);
    sqlite3_bind_int64(s, 3, in->first_seen);
    bind_text(s, 4, a->published);
    sqlite3_bind_int(s, 5, new_outlet);
    if ((rc = run(s)) != ND_OK)
        return rc;
    s = statement(store, STATEMENT_UPSERT_STORYLINE);
    sqlite3_bind_int64(s, 1, in->storyline);
    sqlite3_bind_int64(s, 2, in->first_seen);
    sqlite3_bind_int(s, 3, in->opened ? 1 : 0);
    if ((rc = run(s)) != ND_OK)
        return rc;

    if ((rc = put_copies(store, row, in, a->body_len)) != ND_OK)
        return rc;
    return f ? put_facts(store, row, f, a->body, a->body_len) : ND_OK;
}

int nd_store_put(nd_store *store, const nd_store_article *in)
{
    if (!ready(store) || !in || !in->article || (in->copy_count && !in->copies))
        return ND_EINVAL;
    int alone = sqlite3_get_autocommit(store->db);
    int rc = run(statement(store, alone ? STATEMENT_BEGIN : STATEMENT_SAVEPOINT));
    if (rc != ND_OK)
        return rc;
    rc = put_rows(store, in);
    if (alone)
        return rc == ND_OK ? run(statement(store, STATEMENT_COMMIT))
                           : (run(statement(store, STATEMENT_ROLLBACK)), rc);
    if (rc != ND_OK)
        run(statement(store, STATEMENT_ROLLBACK_TO));
    int released = run(statement(store, STATEMENT_RELEASE));
    return rc != ND_OK ? rc : released;
}

/* ---- engine state ---------------------------------------------------------------------------- */
int nd_store_state_put(nd_store *store, const char *name, const void *data, size_t len)
{
    if (!ready(store) || !name || (!data && len) || len > MAX_BIND_BYTES)
        return ND_EINVAL;
    sqlite3_stmt *s = statement(store, STATEMENT_STATE_PUT);
    bind_text(s, 1, name);
    sqlite3_bind_blob(s, 2, data ? data : "", (int)len, SQLITE_STATIC);
    return run(s);
}

int nd_store_state_get(nd_store *store, const char *name, char **data, size_t *len)
{
    if (!data || !len)
        return ND_EINVAL;
    *data = NULL;
    *len = 0;
    if (!ready(store) || !name)
        return ND_EINVAL;
    sqlite3_stmt *s = statement(store, STATEMENT_STATE_GET);
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
int nd_store_count(nd_store *store, nd_store_counts *counts)
{
    if (!ready(store) || !counts)
        return ND_EINVAL;
    sqlite3_stmt *s = statement(store, STATEMENT_COUNTS);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        long long *fields[] = {&counts->articles, &counts->copies,   &counts->passages, &counts->stories,
                               &counts->storylines, &counts->entities, &counts->mentions, &counts->dates,
                               &counts->quotes,   &counts->cites};
        for (int i = 0; i < (int)(sizeof fields / sizeof *fields); i++)
            *fields[i] = sqlite3_column_int64(s, i);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? ND_OK : status_of(rc);
}

int nd_store_export(nd_store *store, nd_store_assignment_fn fn, void *user)
{
    if (!ready(store) || !fn)
        return ND_EINVAL;
    sqlite3_stmt *s = statement(store, STATEMENT_EXPORT);
    int rc, status = ND_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        nd_store_assignment row = {(const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1),
                                   sqlite3_column_int64(s, 2), (const char *)sqlite3_column_text(s, 3)};
        if (!row.id)
            row.id = "";
        if (fn(user, &row) != 0) {
            status = ND_ESTOPPED;
            break;
        }
    }
    if (status == ND_OK && rc != SQLITE_DONE)
        status = status_of(rc);
    sqlite3_reset(s);
    return status;
}

long long nd__store_search_count(nd_store *store, const char *query)
{
    if (!ready(store) || !query)
        return ND_EINVAL;
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(store->db, "SELECT COUNT(*) FROM search WHERE search MATCH ?1", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return status_of(rc);
    bind_text(s, 1, query);
    rc = sqlite3_step(s);
    long long n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : status_of(rc);
    sqlite3_finalize(s);
    return n;
}

int nd__store_dump(nd_store *store, const char *table, FILE *out)
{
    if (!store || !table || !out)
        return ND_EINVAL;
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

/* ---- feeds (watch.c) --------------------------------------------------------------------------
 * The feeds `watch` follows and the items it has taken from each, so that a restart fetches with
 * the saved validators and ingests nothing twice. Tables of their own, created on first use (a
 * store without feeds carries none): feeds (one row per URL: validators, schedule, last result)
 * and feed_items (feed, guid, when first seen). */
static int feeds_ready(nd_store *store)
{
    if (!ready(store))
        return ND_EINVAL;
    return exec(store->db,
                "CREATE TABLE IF NOT EXISTS feeds ("
                "  url TEXT PRIMARY KEY, title TEXT, etag TEXT, last_modified TEXT,"
                "  next_poll INTEGER NOT NULL DEFAULT 0, last_poll INTEGER NOT NULL DEFAULT 0,"
                "  last_new_item INTEGER NOT NULL DEFAULT 0, last_status INTEGER NOT NULL DEFAULT 0,"
                "  error TEXT NOT NULL DEFAULT '', errors INTEGER NOT NULL DEFAULT 0,"
                "  items INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL);"
                "CREATE TABLE IF NOT EXISTS feed_items ("
                "  feed TEXT NOT NULL, guid TEXT NOT NULL, first_seen INTEGER NOT NULL,"
                "  PRIMARY KEY (feed, guid)) WITHOUT ROWID;");
}

static int feed_statement(nd_store *store, const char *sql, sqlite3_stmt **s)
{
    int rc = feeds_ready(store);
    if (rc != ND_OK)
        return rc;
    return status_of(sqlite3_prepare_v2(store->db, sql, -1, s, NULL));
}

int nd_store_feed_add(nd_store *store, const char *url, const char *title)
{
    if (!url || !*url)
        return ND_EINVAL;
    sqlite3_stmt *s;
    int rc = feed_statement(store, "INSERT OR IGNORE INTO feeds (url, title, added) VALUES (?, ?, strftime('%s','now'))", &s);
    if (rc != ND_OK)
        return rc;
    bind_text(s, 1, url);
    bind_text(s, 2, title && *title ? title : NULL);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return status_of(rc);
    return sqlite3_changes(store->db) > 0 ? 1 : 0;
}

int nd_store_feed_remove(nd_store *store, const char *url)
{
    if (!url)
        return ND_EINVAL;
    sqlite3_stmt *s;
    int rc = feed_statement(store, "DELETE FROM feeds WHERE url = ?", &s);
    if (rc != ND_OK)
        return rc;
    bind_text(s, 1, url);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return status_of(rc);
    int removed = sqlite3_changes(store->db) > 0;
    if (removed && feed_statement(store, "DELETE FROM feed_items WHERE feed = ?", &s) == ND_OK) {
        bind_text(s, 1, url);
        sqlite3_step(s);
        sqlite3_finalize(s);
    }
    return removed;
}

int nd_store_feeds(nd_store *store, nd_feed_fn fn, void *user)
{
    sqlite3_stmt *s;
    int rc = feed_statement(store,
                            "SELECT url, title, etag, last_modified, next_poll, last_poll, last_new_item,"
                            " last_status, error, errors, items FROM feeds ORDER BY added, url", &s);
    if (rc != ND_OK)
        return rc;
    int status = ND_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        nd_feed f = {
            .url = column_text(s, 0), .title = column_text(s, 1), .etag = column_text(s, 2),
            .last_modified = column_text(s, 3), .next_poll = sqlite3_column_int64(s, 4),
            .last_poll = sqlite3_column_int64(s, 5), .last_new_item = sqlite3_column_int64(s, 6),
            .last_status = (long)sqlite3_column_int64(s, 7), .error = column_text(s, 8),
            .errors = (int)sqlite3_column_int64(s, 9), .items = sqlite3_column_int64(s, 10)};
        if (fn(user, &f) != 0) {
            status = ND_ESTOPPED;
            break;
        }
    }
    if (status == ND_OK && rc != SQLITE_DONE)
        status = status_of(rc);
    sqlite3_finalize(s);
    return status;
}

int nd_store_feed_update(nd_store *store, const nd_feed *f)
{
    if (!f || !f->url)
        return ND_EINVAL;
    sqlite3_stmt *s;
    int rc = feed_statement(store,
                            "UPDATE feeds SET title = coalesce(?, title), etag = ?, last_modified = ?,"
                            " next_poll = ?, last_poll = ?, last_new_item = ?, last_status = ?, error = ?,"
                            " errors = ?, items = ? WHERE url = ?", &s);
    if (rc != ND_OK)
        return rc;
    bind_text(s, 1, f->title && *f->title ? f->title : NULL);
    bind_text(s, 2, f->etag && *f->etag ? f->etag : NULL);
    bind_text(s, 3, f->last_modified && *f->last_modified ? f->last_modified : NULL);
    sqlite3_bind_int64(s, 4, f->next_poll);
    sqlite3_bind_int64(s, 5, f->last_poll);
    sqlite3_bind_int64(s, 6, f->last_new_item);
    sqlite3_bind_int64(s, 7, f->last_status);
    bind_text(s, 8, f->error ? f->error : "");
    sqlite3_bind_int64(s, 9, f->errors);
    sqlite3_bind_int64(s, 10, f->items);
    bind_text(s, 11, f->url);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? ND_OK : status_of(rc);
}

int nd_store_feed_item_seen(nd_store *store, const char *feed, const char *guid)
{
    sqlite3_stmt *s;
    int rc = feed_statement(store, "SELECT 1 FROM feed_items WHERE feed = ? AND guid = ?", &s);
    if (rc != ND_OK)
        return rc;
    bind_text(s, 1, feed);
    bind_text(s, 2, guid);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : status_of(rc);
}

int nd_store_feed_item_add(nd_store *store, const char *feed, const char *guid, long long first_seen)
{
    sqlite3_stmt *s;
    int rc = feed_statement(store, "INSERT OR IGNORE INTO feed_items (feed, guid, first_seen) VALUES (?, ?, ?)", &s);
    if (rc != ND_OK)
        return rc;
    bind_text(s, 1, feed);
    bind_text(s, 2, guid);
    sqlite3_bind_int64(s, 3, first_seen);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? ND_OK : status_of(rc);
}

/* ---- reads for the views (views.c; declared in store_views.h) --------------------------------
 * Statements here are prepared per call: a view runs a handful, and preparing is cheap next to
 * summarising. Every string handed out is copied (into the caller's arena or malloc'd).
 */
#include "store_views.h"

static int prepare(nd_store *store, const char *sql, sqlite3_stmt **s)
{
    if (!ready(store))
        return ND_EINVAL;
    int rc = sqlite3_prepare_v2(store->db, sql, -1, s, NULL);
    return rc == SQLITE_OK ? ND_OK : status_of(rc);
}

int nd__store_tune_reads(nd_store *store)
{
    if (!ready(store))
        return ND_EINVAL;
    if (store->reads_tuned)
        return ND_OK; /* setting mmap_size again would unmap and map the file anew */
    store->reads_tuned = 1;
    return exec(store->db, "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -16384;");
}

int nd__store_version(nd_store *store, long long *version)
{
    sqlite3_stmt *s;
    *version = 0;
    int status = prepare(store, "SELECT coalesce(max(row), 0) FROM articles", &s);
    if (status != ND_OK)
        return status;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? ND_OK : status_of(rc);
}

static char *arena_column(nd__arena *arena, sqlite3_stmt *s, int column)
{
    if (sqlite3_column_type(s, column) == SQLITE_NULL)
        return NULL;
    const char *text = column_text(s, column);
    return nd__arena_strndup(arena, text, (size_t)sqlite3_column_bytes(s, column));
}

static void copy_column(sqlite3_stmt *s, int column, char *out, size_t cap)
{
    snprintf(out, cap, "%s", column_text(s, column));
}

static void take_story_row(sqlite3_stmt *s, nd__story_row *row)
{
    row->id = sqlite3_column_int64(s, 0);
    row->storyline = sqlite3_column_int64(s, 1);
    row->article_count = sqlite3_column_int64(s, 2);
    row->outlet_count = sqlite3_column_int64(s, 3);
    copy_column(s, 4, row->first_published, sizeof row->first_published);
    copy_column(s, 5, row->last_published, sizeof row->last_published);
}

#define STORY_COLUMNS "s.id, s.storyline, s.article_count, s.outlet_count, s.first_published, s.last_published"

/* Steps `s` and collects its story rows (and an optional extra integer column 6). */
static int collect_story_rows(sqlite3_stmt *s, nd__story_row **rows, long long **extra, size_t *count)
{
    nd__vec out = {0}, more = {0};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        nd__story_row *row = nd__vec_push(&out, sizeof *row);
        long long *x = extra ? nd__vec_push(&more, sizeof *x) : NULL;
        if (!row || (extra && !x)) {
            nd__vec_release(&out);
            nd__vec_release(&more);
            return ND_ENOMEM;
        }
        take_story_row(s, row);
        if (x)
            *x = sqlite3_column_int64(s, 6);
    }
    if (rc != SQLITE_DONE) {
        nd__vec_release(&out);
        nd__vec_release(&more);
        return status_of(rc);
    }
    *rows = out.items;
    *count = out.count;
    if (extra)
        *extra = more.items;
    return ND_OK;
}

int nd__store_recent_stories(nd_store *store, const char *since, const char *until, size_t max, nd__story_row **rows,
                             size_t *count)
{
    *rows = NULL;
    *count = 0;
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT " STORY_COLUMNS " FROM stories s WHERE (?1 IS NULL OR s.last_published >= ?1) "
                         "AND (?2 IS NULL OR s.first_published <= ?2) "
                         "ORDER BY s.last_published DESC, s.id DESC LIMIT ?3",
                         &s);
    if (status != ND_OK)
        return status;
    bind_text(s, 1, since);
    bind_text(s, 2, until);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)max);
    status = collect_story_rows(s, rows, NULL, count);
    sqlite3_finalize(s);
    return status;
}

int nd__store_story_row(nd_store *store, long long id, nd__story_row *row)
{
    sqlite3_stmt *s;
    int status = prepare(store, "SELECT " STORY_COLUMNS " FROM stories s WHERE s.id = ?1", &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        take_story_row(s, row);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? ND_OK : rc == SQLITE_DONE ? ND_ENOTFOUND : status_of(rc);
}

int nd__store_storyline_stories(nd_store *store, long long storyline, nd__story_row **rows, size_t *count)
{
    *rows = NULL;
    *count = 0;
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT " STORY_COLUMNS " FROM stories s WHERE s.storyline = ?1 "
                         "ORDER BY coalesce(s.first_published, '9999'), s.id LIMIT 1000",
                         &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, storyline);
    status = collect_story_rows(s, rows, NULL, count);
    sqlite3_finalize(s);
    return status == ND_OK && *count == 0 ? ND_ENOTFOUND : status;
}

int nd__store_entity_stories(nd_store *store, long long entity, size_t max, nd__story_row **rows,
                             long long **articles, size_t *count)
{
    *rows = NULL;
    *articles = NULL;
    *count = 0;
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT " STORY_COLUMNS ", n FROM (SELECT a.story AS story, COUNT(DISTINCT m.article) AS n "
                         "FROM mentions m JOIN articles a ON a.row = m.article WHERE m.entity = ?1 "
                         "GROUP BY a.story) JOIN stories s ON s.id = story "
                         "ORDER BY coalesce(s.first_published, '9999'), s.id LIMIT ?2",
                         &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, entity);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
    status = collect_story_rows(s, rows, articles, count);
    sqlite3_finalize(s);
    return status;
}

int nd__store_latest_published(nd_store *store, char *out, size_t cap)
{
    sqlite3_stmt *s;
    out[0] = '\0';
    int status = prepare(store, "SELECT max(published) FROM articles", &s);
    if (status != ND_OK)
        return status;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        copy_column(s, 0, out, cap);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? ND_OK : status_of(rc);
}

int nd__store_coverage(nd_store *store, const char *from, const char *to, nd__coverage **rows, size_t *count)
{
    *rows = NULL;
    *count = 0;
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT story, COUNT(*), COUNT(DISTINCT CASE WHEN source <> '' THEN source ELSE id END) "
                         "FROM articles WHERE published >= ?1 AND published < ?2 GROUP BY story",
                         &s);
    if (status != ND_OK)
        return status;
    bind_text(s, 1, from);
    bind_text(s, 2, to);
    nd__vec out = {0};
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        nd__coverage *c = nd__vec_push(&out, sizeof *c);
        if (!c) {
            rc = SQLITE_NOMEM;
            break;
        }
        c->story = sqlite3_column_int64(s, 0);
        c->articles = sqlite3_column_int64(s, 1);
        c->outlets = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        nd__vec_release(&out);
        return status_of(rc);
    }
    *rows = out.items;
    *count = out.count;
    return ND_OK;
}

int nd__store_story_coverage(nd_store *store, long long story, const char *from, const char *to, nd__coverage *row)
{
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT COUNT(*), COUNT(DISTINCT CASE WHEN source <> '' THEN source ELSE id END) "
                         "FROM articles WHERE story = ?1 AND published >= ?2 AND published < ?3",
                         &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, story);
    bind_text(s, 2, from);
    bind_text(s, 3, to);
    int rc = sqlite3_step(s);
    row->story = story;
    row->articles = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    row->outlets = rc == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? ND_OK : status_of(rc);
}

int nd__store_activity(nd_store *store, const char *from, const char *to, long long *articles, long long *stories)
{
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT COUNT(*), COUNT(DISTINCT story) FROM articles WHERE published >= ?1 AND published < ?2",
                         &s);
    if (status != ND_OK)
        return status;
    bind_text(s, 1, from);
    bind_text(s, 2, to);
    int rc = sqlite3_step(s);
    *articles = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    *stories = rc == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? ND_OK : status_of(rc);
}

/* ---- one story, loaded for nd_summarise ------------------------------------------------------ */
typedef struct loaded_facts {
    nd_facts facts;
    nd__vec entities;        /* nd_entity, in first-mention order */
    nd__vec entity_rows;     /* long long, parallel */
    nd__vec mentions;        /* per entity: an nd__vec of nd_span */
} loaded_facts;

static long long entity_index(loaded_facts *lf, long long row)
{
    const long long *rows = lf->entity_rows.items;
    for (size_t i = 0; i < lf->entity_rows.count; i++)
        if (rows[i] == row)
            return (long long)i;
    return -1;
}

void nd__story_load_release(nd__story_load *load)
{
    if (!load)
        return;
    nd__arena_release(&load->arena);
    memset(load, 0, sizeof *load);
}

/* Copies a vec's items into the arena (the vec is then released). */
static void *settle(nd__arena *arena, nd__vec *vec, size_t item_size, int *status)
{
    void *out = NULL;
    if (vec->count) {
        out = nd__arena_alloc(arena, vec->count * item_size);
        if (out)
            memcpy(out, vec->items, vec->count * item_size);
        else
            *status = ND_ENOMEM;
    }
    nd__vec_release(vec);
    return out;
}

static nd_entity_type entity_type_of(const char *type)
{
    return strcmp(type, "person") == 0 ? ND_ENTITY_PERSON
           : strcmp(type, "organisation") == 0 ? ND_ENTITY_ORGANISATION : ND_ENTITY_PLACE;
}

static nd_date_precision precision_of(const char *p)
{
    return strcmp(p, "week") == 0 ? ND_DATE_WEEK : strcmp(p, "month") == 0 ? ND_DATE_MONTH
                                                : strcmp(p, "year") == 0  ? ND_DATE_YEAR : ND_DATE_DAY;
}

/* The facts of one stored article, rebuilt from its rows into the arena. */
static int load_facts(nd_store *store, nd__arena *arena, long long row, long long place_row, const char *where_source,
                      const char *reference_date, const char *published, size_t body_len, nd_facts **out)
{
    sqlite3_stmt *s = NULL;
    int status = ND_OK, rc;
    loaded_facts lf;
    memset(&lf, 0, sizeof lf);
    /* entities and mentions */
    status = prepare(store,
                     "SELECT m.entity, e.name, e.type, m.start, m.stop FROM mentions m JOIN entities e ON e.row = m.entity "
                     "WHERE m.article = ?1 ORDER BY m.rowid",
                     &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, row);
    nd__vec *lists = NULL; /* per entity, its mention spans */
    size_t list_cap = 0;
    while (status == ND_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long entity = sqlite3_column_int64(s, 0);
        long long index = entity_index(&lf, entity);
        if (index < 0) {
            nd_entity *e = nd__vec_push(&lf.entities, sizeof *e);
            long long *r = nd__vec_push(&lf.entity_rows, sizeof *r);
            if (!e || !r || !(e->name = arena_column(arena, s, 1))) {
                status = ND_ENOMEM;
                break;
            }
            e->type = entity_type_of(column_text(s, 2));
            e->country = "";
            *r = entity;
            index = (long long)lf.entities.count - 1;
            if ((size_t)index >= list_cap) {
                size_t cap = list_cap ? list_cap * 2 : 16;
                nd__vec *grown = realloc(lists, cap * sizeof *grown);
                if (!grown) {
                    status = ND_ENOMEM;
                    break;
                }
                memset(grown + list_cap, 0, (cap - list_cap) * sizeof *grown);
                lists = grown;
                list_cap = cap;
            }
        }
        nd_span *span = nd__vec_push(&lists[index], sizeof *span);
        if (!span) {
            status = ND_ENOMEM;
            break;
        }
        long long start = sqlite3_column_int64(s, 3), stop = sqlite3_column_int64(s, 4);
        span->start = start >= 0 && (size_t)start <= body_len ? (size_t)start : 0;
        span->end = stop >= start && (size_t)stop <= body_len ? (size_t)stop : span->start;
    }
    sqlite3_finalize(s);
    /* A quote's speaker or the place may be an entity with no mention in this article's rows. */
    long long place_index = place_row > 0 ? entity_index(&lf, place_row) : -1;
    if (status == ND_OK) {
        nd_entity *entities = lf.entities.items;
        for (size_t i = 0; i < lf.entities.count; i++) {
            entities[i].mention_count = lists[i].count;
            entities[i].mentions = settle(arena, &lists[i], sizeof(nd_span), &status);
        }
    }
    for (size_t i = 0; i < list_cap; i++)
        nd__vec_release(&lists[i]);
    free(lists);
    nd__vec dates = {0}, quotes = {0};
    if (status == ND_OK && (status = prepare(store, "SELECT start, stop, value, precision FROM dates WHERE article = ?1 "
                                                    "ORDER BY start", &s)) == ND_OK) {
        sqlite3_bind_int64(s, 1, row);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            nd_date *d = nd__vec_push(&dates, sizeof *d);
            if (!d) {
                status = ND_ENOMEM;
                break;
            }
            long long start = sqlite3_column_int64(s, 0), stop = sqlite3_column_int64(s, 1);
            d->span.start = start >= 0 && (size_t)start <= body_len ? (size_t)start : 0;
            d->span.end = stop >= start && (size_t)stop <= body_len ? (size_t)stop : d->span.start;
            d->value = arena_column(arena, s, 2);
            d->precision = precision_of(column_text(s, 3));
        }
        sqlite3_finalize(s);
    }
    if (status == ND_OK &&
        (status = prepare(store, "SELECT start, stop, direct, speaker, speaker_text, speaker_start, speaker_stop "
                                 "FROM quotes WHERE article = ?1 ORDER BY start", &s)) == ND_OK) {
        sqlite3_bind_int64(s, 1, row);
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            nd_quote *q = nd__vec_push(&quotes, sizeof *q);
            if (!q) {
                status = ND_ENOMEM;
                break;
            }
            long long start = sqlite3_column_int64(s, 0), stop = sqlite3_column_int64(s, 1);
            q->span.start = start >= 0 && (size_t)start <= body_len ? (size_t)start : 0;
            q->span.end = stop >= start && (size_t)stop <= body_len ? (size_t)stop : q->span.start;
            q->direct = sqlite3_column_int(s, 2);
            q->speaker = sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 : entity_index(&lf, sqlite3_column_int64(s, 3));
            q->speaker_text = nd__arena_strndup(arena, column_text(s, 4), (size_t)sqlite3_column_bytes(s, 4));
            if (q->speaker < 0 && sqlite3_column_type(s, 3) != SQLITE_NULL) {
                /* named in the quote only: the speaker's canonical name as its text */
                sqlite3_stmt *name;
                if (prepare(store, "SELECT name FROM entities WHERE row = ?1", &name) == ND_OK) {
                    sqlite3_bind_int64(name, 1, sqlite3_column_int64(s, 3));
                    if (sqlite3_step(name) == SQLITE_ROW)
                        q->speaker_text = arena_column(arena, name, 0);
                    sqlite3_finalize(name);
                }
            }
            if (!q->speaker_text)
                q->speaker_text = "";
        }
        sqlite3_finalize(s);
    }
    nd_facts *f = nd__arena_alloc(arena, sizeof *f);
    if (status != ND_OK || !f) {
        nd__vec_release(&lf.entities);
        nd__vec_release(&lf.entity_rows);
        nd__vec_release(&dates);
        nd__vec_release(&quotes);
        return status != ND_OK ? status : ND_ENOMEM;
    }
    memset(f, 0, sizeof *f);
    f->published = published;
    f->reference_date = reference_date;
    f->dateline = "";
    f->entity_count = lf.entities.count;
    f->entities = settle(arena, &lf.entities, sizeof(nd_entity), &status);
    nd__vec_release(&lf.entity_rows);
    f->date_count = dates.count;
    f->dates = settle(arena, &dates, sizeof(nd_date), &status);
    f->quote_count = quotes.count;
    f->quotes = settle(arena, &quotes, sizeof(nd_quote), &status);
    f->where = place_index;
    f->where_source = where_source;
    *out = f;
    return status;
}

int nd__store_load_story(nd_store *store, long long story, size_t max_articles, nd__story_load *out)
{
    memset(out, 0, sizeof *out);
    nd__arena_init(&out->arena);
    nd__story_row row;
    int status = nd__store_story_row(store, story, &row);
    if (status != ND_OK)
        return status;
    out->story = row.id;
    out->storyline = row.storyline;
    out->article_total = row.article_count;
    out->outlet_total = row.outlet_count;
    sqlite3_stmt *s;
    status = prepare(store,
                     "SELECT a.row, a.id, a.source, a.url, a.title, a.published, a.body, a.reference_date, a.place, "
                     "a.place_source, d.id FROM articles a LEFT JOIN articles d ON d.row = a.duplicate_of "
                     "WHERE a.story = ?1 ORDER BY coalesce(a.published, a.reference_date, '9999'), a.row LIMIT ?2",
                     &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, story);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)(max_articles ? max_articles : 1));
    nd__vec articles = {0}, rows = {0};
    int rc;
    while (status == ND_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        nd_story_article *a = nd__vec_push(&articles, sizeof *a);
        long long *r = nd__vec_push(&rows, sizeof *r);
        if (!a || !r) {
            status = ND_ENOMEM;
            break;
        }
        *r = sqlite3_column_int64(s, 0);
        a->id = arena_column(&out->arena, s, 1);
        a->source = arena_column(&out->arena, s, 2);
        a->url = arena_column(&out->arena, s, 3);
        a->title = arena_column(&out->arena, s, 4);
        a->published = arena_column(&out->arena, s, 5);
        a->body = arena_column(&out->arena, s, 6);
        a->body_len = a->body ? (size_t)sqlite3_column_bytes(s, 6) : 0;
        a->duplicate_of = arena_column(&out->arena, s, 10);
        const char *reference = arena_column(&out->arena, s, 7);
        const char *where_source = arena_column(&out->arena, s, 9);
        long long place = sqlite3_column_type(s, 8) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 8);
        if (!a->id || !a->body)
            status = ND_ENOMEM;
        nd_facts *facts = NULL;
        if (status == ND_OK)
            status = load_facts(store, &out->arena, *r, place, where_source, reference, a->published, a->body_len, &facts);
        a->facts = facts;
    }
    sqlite3_finalize(s);
    /* Passages between the loaded articles. */
    nd__vec links = {0};
    if (status == ND_OK &&
        (status = prepare(store,
                          "SELECT p.a, p.b, p.a_start, p.a_end, p.b_start, p.b_end, p.words FROM passages p "
                          "JOIN articles x ON x.row = p.a JOIN articles y ON y.row = p.b "
                          "WHERE x.story = ?1 AND y.story = ?1 ORDER BY p.a, p.b, p.a_start",
                          &s)) == ND_OK) {
        sqlite3_bind_int64(s, 1, story);
        const long long *loaded = rows.items;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            long long a = sqlite3_column_int64(s, 0), b = sqlite3_column_int64(s, 1);
            size_t ia = rows.count, ib = rows.count;
            for (size_t i = 0; i < rows.count; i++) {
                if (loaded[i] == a)
                    ia = i;
                if (loaded[i] == b)
                    ib = i;
            }
            if (ia == rows.count || ib == rows.count)
                continue;
            nd_passage *p = nd__arena_alloc(&out->arena, sizeof *p);
            nd_story_link *link = nd__vec_push(&links, sizeof *link);
            if (!p || !link) {
                status = ND_ENOMEM;
                break;
            }
            p->a_start = (size_t)sqlite3_column_int64(s, 2);
            p->a_end = (size_t)sqlite3_column_int64(s, 3);
            p->b_start = (size_t)sqlite3_column_int64(s, 4);
            p->b_end = (size_t)sqlite3_column_int64(s, 5);
            p->words = (size_t)sqlite3_column_int64(s, 6);
            *link = (nd_story_link){ia, ib, 1, p};
        }
        sqlite3_finalize(s);
    }
    out->count = articles.count;
    out->articles = settle(&out->arena, &articles, sizeof(nd_story_article), &status);
    out->link_count = links.count;
    out->links = settle(&out->arena, &links, sizeof(nd_story_link), &status);
    nd__vec_release(&rows);
    return status;
}

/* ---- entities, articles, search -------------------------------------------------------------- */
int nd__store_entity_find(nd_store *store, const char *name, long long *row)
{
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT e.row FROM entities e WHERE e.name = ?1 COLLATE NOCASE "
                         "OR e.row IN (SELECT entity FROM entity_variants WHERE variant = ?1 COLLATE NOCASE) "
                         "ORDER BY (SELECT COUNT(DISTINCT article) FROM mentions WHERE entity = e.row) DESC, e.row "
                         "LIMIT 1",
                         &s);
    if (status != ND_OK)
        return status;
    bind_text(s, 1, name);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *row = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? ND_OK : rc == SQLITE_DONE ? ND_ENOTFOUND : status_of(rc);
}

int nd__store_entity_row(nd_store *store, const char *name, const char *type, long long *row)
{
    if (!ready(store))
        return ND_EINVAL;
    sqlite3_stmt *s = statement(store, STATEMENT_FIND_ENTITY);
    bind_text(s, 1, name);
    bind_text(s, 2, type);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *row = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? ND_OK : rc == SQLITE_DONE ? ND_ENOTFOUND : status_of(rc);
}

int nd__store_entity_json(nd_store *store, long long row, cJSON **out)
{
    *out = NULL;
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT row, name, type, country, latitude, longitude, "
                         "(SELECT COUNT(DISTINCT article) FROM mentions WHERE entity = row) FROM entities WHERE row = ?1",
                         &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, row);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        return rc == SQLITE_DONE ? ND_ENOTFOUND : status_of(rc);
    }
    cJSON *e = cJSON_CreateObject();
    cJSON_AddNumberToObject(e, "id", (double)sqlite3_column_int64(s, 0));
    cJSON_AddStringToObject(e, "name", column_text(s, 1));
    cJSON_AddStringToObject(e, "type", column_text(s, 2));
    if (column_text(s, 3)[0])
        cJSON_AddStringToObject(e, "country", column_text(s, 3));
    if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
        cJSON_AddNumberToObject(e, "lat", sqlite3_column_double(s, 4));
        cJSON_AddNumberToObject(e, "lng", sqlite3_column_double(s, 5));
    }
    cJSON_AddNumberToObject(e, "article_count", (double)sqlite3_column_int64(s, 6));
    sqlite3_finalize(s);
    cJSON *variants = cJSON_AddArrayToObject(e, "variants");
    if (prepare(store, "SELECT variant FROM entity_variants WHERE entity = ?1 ORDER BY variant LIMIT 100", &s) == ND_OK) {
        sqlite3_bind_int64(s, 1, row);
        while (sqlite3_step(s) == SQLITE_ROW)
            cJSON_AddItemToArray(variants, cJSON_CreateString(column_text(s, 0)));
        sqlite3_finalize(s);
    }
    *out = e;
    return ND_OK;
}

static void add_text_or_null(cJSON *object, const char *key, sqlite3_stmt *s, int column)
{
    if (sqlite3_column_type(s, column) == SQLITE_NULL)
        cJSON_AddNullToObject(object, key);
    else
        cJSON_AddStringToObject(object, key, column_text(s, column));
}

int nd__store_article_json(nd_store *store, const char *id, cJSON **out)
{
    *out = NULL;
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT a.row, a.id, a.source, a.url, a.title, a.published, a.first_seen, a.origin, a.story, "
                         "a.storyline, d.id, a.dateline, a.body FROM articles a "
                         "LEFT JOIN articles d ON d.row = a.duplicate_of WHERE a.id = ?1",
                         &s);
    if (status != ND_OK)
        return status;
    bind_text(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        return rc == SQLITE_DONE ? ND_ENOTFOUND : status_of(rc);
    }
    long long row = sqlite3_column_int64(s, 0);
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "id", column_text(s, 1));
    cJSON_AddStringToObject(a, "source", column_text(s, 2));
    cJSON_AddStringToObject(a, "url", column_text(s, 3));
    cJSON_AddStringToObject(a, "title", column_text(s, 4));
    add_text_or_null(a, "published", s, 5);
    cJSON_AddNumberToObject(a, "first_seen", (double)sqlite3_column_int64(s, 6));
    cJSON_AddStringToObject(a, "origin", column_text(s, 7));
    cJSON_AddNumberToObject(a, "story", (double)sqlite3_column_int64(s, 8));
    cJSON_AddNumberToObject(a, "storyline", (double)sqlite3_column_int64(s, 9));
    add_text_or_null(a, "duplicate_of", s, 10);
    cJSON_AddStringToObject(a, "dateline", column_text(s, 11));
    cJSON_AddStringToObject(a, "body", column_text(s, 12));
    sqlite3_finalize(s);
    cJSON *copies = cJSON_AddArrayToObject(a, "copies");
    if (prepare(store,
                "SELECT o.id, c.relation, c.similarity, f.id FROM copies c JOIN articles o ON o.row = "
                "CASE WHEN c.a = ?1 THEN c.b ELSE c.a END JOIN articles f ON f.row = c.first "
                "WHERE c.a = ?1 OR c.b = ?1 ORDER BY o.row",
                &s) == ND_OK) {
        sqlite3_bind_int64(s, 1, row);
        while (sqlite3_step(s) == SQLITE_ROW) {
            cJSON *c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "id", column_text(s, 0));
            cJSON_AddStringToObject(c, "relation", column_text(s, 1));
            cJSON_AddNumberToObject(c, "similarity", sqlite3_column_double(s, 2));
            cJSON_AddStringToObject(c, "first", column_text(s, 3));
            cJSON_AddItemToArray(copies, c);
        }
        sqlite3_finalize(s);
    }
    cJSON *passages = cJSON_AddArrayToObject(a, "passages");
    if (prepare(store,
                "SELECT o.id, p.words, CASE WHEN p.a = ?1 THEN p.a_start ELSE p.b_start END, "
                "CASE WHEN p.a = ?1 THEN p.a_end ELSE p.b_end END FROM passages p JOIN articles o ON o.row = "
                "CASE WHEN p.a = ?1 THEN p.b ELSE p.a END WHERE p.a = ?1 OR p.b = ?1 ORDER BY 3",
                &s) == ND_OK) {
        sqlite3_bind_int64(s, 1, row);
        const char *body = cJSON_GetObjectItem(a, "body")->valuestring;
        size_t body_len = strlen(body);
        while (sqlite3_step(s) == SQLITE_ROW) {
            long long start = sqlite3_column_int64(s, 2), end = sqlite3_column_int64(s, 3);
            if (start < 0 || end < start || (size_t)end > body_len)
                continue;
            cJSON *p = cJSON_CreateObject();
            cJSON_AddStringToObject(p, "with", column_text(s, 0));
            cJSON_AddNumberToObject(p, "words", (double)sqlite3_column_int64(s, 1));
            cJSON *at = cJSON_AddArrayToObject(p, "at");
            cJSON_AddItemToArray(at, cJSON_CreateNumber((double)start));
            cJSON_AddItemToArray(at, cJSON_CreateNumber((double)end));
            char *text = strndup(body + start, (size_t)(end - start));
            cJSON_AddStringToObject(p, "text", text ? text : "");
            free(text);
            cJSON_AddItemToArray(passages, p);
        }
        sqlite3_finalize(s);
    }
    *out = a;
    return ND_OK;
}

void nd__search_hits_free(nd__search_hit *hits, size_t count)
{
    for (size_t i = 0; hits && i < count; i++) {
        free(hits[i].article);
        free(hits[i].snippet);
    }
    free(hits);
}

/* An FTS5 query from words typed by a person: each word quoted (so nothing in it is FTS5
 * syntax), joined by `joiner` (" " for all words, " OR " for any). NULL when it has no word. */
static char *fts_query(const char *text, const char *joiner)
{
    size_t len = strlen(text), cap = len * 3 + 16 * (len + 1);
    char *q = malloc(cap), *o = q;
    if (!q)
        return NULL;
    /* A quoted phrase ("safe zone") is searched as a phrase: its words one after another. */
    int words = 0, in_phrase = 0, phrase_open = 0;
    for (size_t i = 0; i < len;) {
        while (i < len && ((unsigned char)text[i] < 0x80 && !nd__is_alpha((unsigned char)text[i]) &&
                           !nd__is_digit((unsigned char)text[i]))) {
            if (text[i] == '"') {
                if (phrase_open)
                    *o++ = '"';
                in_phrase = !in_phrase;
                phrase_open = 0;
            }
            i++;
        }
        size_t start = i;
        while (i < len && ((unsigned char)text[i] >= 0x80 || nd__is_alpha((unsigned char)text[i]) ||
                           nd__is_digit((unsigned char)text[i])))
            i++;
        if (i > start && words < 32) {
            if (phrase_open) {
                *o++ = ' ';
            } else {
                if (words)
                    o += sprintf(o, "%s", joiner);
                *o++ = '"';
                phrase_open = in_phrase;
            }
            words++;
            memcpy(o, text + start, i - start);
            o += i - start;
            if (!phrase_open)
                *o++ = '"';
        }
    }
    if (phrase_open)
        *o++ = '"';
    *o = '\0';
    if (!words) {
        free(q);
        return NULL;
    }
    return q;
}

int nd__store_search(nd_store *store, const char *text, size_t max, nd__search_hit **hits, size_t *count)
{
    *hits = NULL;
    *count = 0;
    if (!text || strlen(text) > 1000)
        return ND_EINVAL;
    sqlite3_stmt *s;
    int status = prepare(store,
                         "SELECT a.story, bm25(search, 2.0, 1.0), a.id, "
                         "snippet(search, 1, '\xE2\x80\xB9', '\xE2\x80\xBA', '\xE2\x80\xA6', 16) "
                         "FROM search JOIN articles a ON a.row = search.rowid WHERE search MATCH ?1 "
                         "ORDER BY bm25(search, 2.0, 1.0) LIMIT ?2",
                         &s);
    if (status != ND_OK)
        return status;
    nd__vec out = {0};
    for (int pass = 0; pass < 2 && out.count == 0 && status == ND_OK; pass++) {
        char *q = fts_query(text, pass == 0 ? " " : " OR ");
        if (!q)
            break;
        sqlite3_reset(s);
        bind_text(s, 1, q);
        sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
        int rc;
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            nd__search_hit *h = nd__vec_push(&out, sizeof *h);
            if (!h) {
                status = ND_ENOMEM;
                break;
            }
            h->story = sqlite3_column_int64(s, 0);
            h->rank = sqlite3_column_double(s, 1);
            h->article = strdup(column_text(s, 2));
            h->snippet = strdup(column_text(s, 3));
            if (!h->article || !h->snippet)
                status = ND_ENOMEM;
        }
        if (status == ND_OK && rc != SQLITE_DONE)
            status = status_of(rc);
        free(q);
        sqlite3_bind_null(s, 1);
    }
    sqlite3_finalize(s);
    if (status != ND_OK) {
        nd__search_hits_free(out.items, out.count);
        return status;
    }
    *hits = out.items;
    *count = out.count;
    return ND_OK;
}

/* ==== story documents (the views' block, issue 20) ===========================================
 * The stored story document (story_docs, migration 3) and the reads that making it needs: the
 * titles of one outlet, how many stories share a title, and how many stories a front page can
 * walk. Written by src/story_docs.c at ingest, read by src/serve/views.c. */
int nd__store_story_doc_put(nd_store *store, long long story, const char *card, const char *page)
{
    sqlite3_stmt *s;
    int status = prepare(store, "INSERT OR REPLACE INTO story_docs(story, card, page) VALUES (?1, ?2, ?3)", &s);
    if (status != ND_OK)
        return status;
    sqlite3_bind_int64(s, 1, story);
    bind_text(s, 2, card);
    bind_text(s, 3, page);
    status = run(s);
    sqlite3_finalize(s);
    return status;
}

int nd__store_story_doc_get(nd_store *store, long long story, int page, char **json)
{
    *json = NULL;
    sqlite3_stmt *s;
    int status = prepare(store, page ? "SELECT page FROM story_docs WHERE story = ?1"
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

int nd__store_story_total(nd_store *store, const char *since, const char *until, long long *total)
{
    *total = 0;
    sqlite3_stmt *s;
    int status = prepare(store,
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

int nd__store_outlet_titles(nd_store *store, const char *source, const char *host, size_t max,
                            int (*fn)(void *user, const char *title), void *user)
{
    sqlite3_stmt *s;
    int status;
    if (source && source[0])
        status = prepare(store, "SELECT title FROM articles WHERE source = ?1 ORDER BY row DESC LIMIT ?2", &s);
    else
        status = prepare(store,
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

int nd__store_title_stories(nd_store *store, const char *title, long long *stories)
{
    *stories = 0;
    sqlite3_stmt *s;
    int status = prepare(store, "SELECT COUNT(DISTINCT story) FROM (SELECT story FROM articles WHERE title = ?1 LIMIT 64)",
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
