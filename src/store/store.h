/*
 * store.h: the embedded SQLite store (src/store/store.c, the one file that speaks SQL). The public
 * interface is nd_store_* in newsdesk.h; this header holds what tests and the pipeline reach.
 */
#ifndef ND_STORE_H
#define ND_STORE_H

#include <stdint.h>
#include <stdio.h>

#include "newsdesk.h"

#define ND__STORE_SCHEMA_VERSION 3 /* the schema nd_store_open migrates to */

/* Opens the store applying migrations up to `version` only (1 .. ND__STORE_SCHEMA_VERSION), so
 * that a test can write a store as an older newsdesk did. A store opened below the current
 * version takes no nd_store_put and no queries but nd__store_exec; close it and open it again
 * with nd_store_open to migrate it. */
int nd__store_open_version(const char *path, int version, nd_store **out);

/* Runs SQL statements (for tests that write an older schema's rows). ND_OK or ND_EIO. */
int nd__store_exec(nd_store *store, const char *sql);

/* Writes every row of `table` in row order, one line each, columns separated by '|', NULL as
 * "NULL", for round-trip tests. ND_OK, ND_EINVAL (no such table) or ND_EIO. */
int nd__store_dump(nd_store *store, const char *table, FILE *out);

/* How many articles the full-text index finds for an FTS5 query; negative status on error. */
long long nd__store_search_count(nd_store *store, const char *query);

/* The content hash nd_store_find matches on: source, title and text as read. */
uint64_t nd__store_content_hash(const nd_article *article);

/* Adds one article made elsewhere (watch.c's feed items) to an ingest, which owns it from now
 * on; as nd_ingest_read_buffer for one article (pipeline.c). */
int nd__ingest_add(nd_ingest *ingest, nd_article *article);

#endif
