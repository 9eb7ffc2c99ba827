/*
 * warc.h: web archives in (WARC 1.0/1.1, plain or gzip: one member per record or one stream for
 * the whole file), raw HTML articles out, one record at a time in constant memory.
 *
 * A pull reader, so that it plugs into a push reader (read.c loops over it) as well as into a
 * pull pipeline:
 *
 *     nd__warc *w;
 *     nd__warc_open(&w, nd__warc_read_file, file, head, head_len);
 *     nd__warc_record record;
 *     int rc;
 *     while ((rc = nd__warc_next(w, &record)) != ND__WARC_END) {
 *         if (rc == ND_OK) use(&record.raw);             (borrowed until the next call)
 *         else if (rc == ND_ENOMEM) break;
 *         else report(nd__warc_message(w));              (a bad record; reading goes on)
 *     }
 *     nd__warc_free(w);
 */
#ifndef ND_WARC_H
#define ND_WARC_H

#include <stddef.h>
#include <stdint.h>

#include "raw.h"

/* Reads up to `cap` bytes into `buf`: the count read, 0 at the end, -1 on a read error. */
typedef long (*nd__warc_read_fn)(void *source, char *buf, size_t cap);

/* nd__warc_read_fn over a FILE *. */
long nd__warc_read_file(void *file, char *buf, size_t cap);

typedef struct nd__warc nd__warc;

typedef struct nd__warc_record {
    nd__raw_article raw;  /* id "<WARC-Record-ID>" (or the offset), url from WARC-Target-URI,
                             published from WARC-Date, text the HTML body, text_is_html 1,
                             charset from the HTTP Content-Type when it names one; borrowed */
    uint64_t offset;      /* where the record starts: the byte offset in the file of its gzip
                             member (one member per record) or of the record itself (plain
                             WARC); for a whole-file gzip stream, the offset in the
                             uncompressed stream */
    int offset_uncompressed; /* 1 in that last case */
    int http_status;      /* 0 for a resource record */
} nd__warc_record;

typedef struct nd__warc_stats {
    uint64_t records;     /* WARC records seen, good or bad */
    uint64_t articles;    /* HTML records handed out */
    uint64_t not_html;    /* response/resource records skipped: not HTML, or HTTP status not 2xx */
    uint64_t other;       /* records of other types (warcinfo, request, metadata, revisit...) */
    uint64_t corrupt;     /* records reported bad */
    uint64_t too_big;     /* HTML records over ND_MAX_ARTICLE_BYTES, skipped */
    uint64_t compressed_bytes; /* input bytes consumed */
} nd__warc_stats;

#define ND__WARC_END 1 /* nd__warc_next: no more records */

/* `head`/`head_len`: bytes already taken from the source (a format sniff); they are read first
 * (copied). Returns ND_OK or ND_ENOMEM. Free with nd__warc_free. */
int nd__warc_open(nd__warc **out, nd__warc_read_fn read, void *source, const char *head,
                  size_t head_len);
void nd__warc_free(nd__warc *w);

/* The next HTML record: ND_OK with *record filled (valid until the next call), ND__WARC_END,
 * ND_ENOMEM (stop), or a bad piece reported and skipped: ND_EFORMAT (a corrupt record or gzip
 * member, or not a WARC at all), ND_ETOOBIG (a record over a limit), ND_EIO (a read error; the
 * end follows). For those, nd__warc_message() says what and where ("record at byte 1234: ..."). */
int nd__warc_next(nd__warc *w, nd__warc_record *record);
const char *nd__warc_message(const nd__warc *w);
const nd__warc_stats *nd__warc_stats_of(const nd__warc *w);

/* Nonzero when the first bytes are a gzip member or a WARC record ("WARC/1."). */
int nd__warc_sniff(const char *data, size_t len);

#endif
