/*
 * read.h: files, directories, standard input and buffers in; raw articles handed to an nd__source.
 */
#ifndef ND_READ_H
#define ND_READ_H

#include <stddef.h>

#include "raw.h"

typedef enum nd__format {
    ND__FORMAT_EMPTY,
    ND__FORMAT_BINARY,
    ND__FORMAT_JSONL,
    ND__FORMAT_HTML,
    ND__FORMAT_TEXT,
    ND__FORMAT_UTF16LE,        /* starts with the byte-order mark FF FE */
    ND__FORMAT_UTF16BE,        /* starts with FE FF */
    ND__FORMAT_UTF16_UNMARKED, /* UTF-16 by the look of its NUL bytes, without a byte-order mark */
    ND__FORMAT_UTF32,          /* a UTF-32 byte-order mark */
    ND__FORMAT_WARC /* a WARC archive, plain or gzip (warc.c) */
} nd__format;

/* Guesses the format from the first bytes of an input. */
nd__format nd__detect_format(const char *data, size_t len);

int nd__read_path(nd__source *src, const char *path);
int nd__read_buffer(nd__source *src, const char *name, const char *data, size_t len);

/* Parses the JSON object at the start of line[0..len) into `raw` (strings borrowed from `json`,
 * which the caller frees with cJSON_Delete after use) and sets *consumed to the bytes it took
 * (what follows may be another object, or junk). Returns ND_OK, or ND_EFORMAT with *why set
 * (and *consumed at the error), or ND_ENOMEM. */
struct cJSON;
int nd__parse_json_article(const char *line, size_t len, struct cJSON **json, nd__raw_article *raw,
                           const char **why, size_t *consumed);

#endif
