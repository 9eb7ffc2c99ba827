/*
 * reader.c: the public reader (nd_reader_*): a reader of files and buffers (read.c) feeding the
 * article desk (article_desk.h) through an nd__source. The one place that joins the two, so that the
 * flow runs one way: read.c yields raw articles, the desk makes articles of them, the caller's
 * function takes each.
 */
#include <stdlib.h>

#include "article_desk.h"
#include "read.h"

struct nd_reader {
    nd_desk desk;
};

nd_reader *nd_reader_new(const nd_options *options)
{
    nd_reader *reader = calloc(1, sizeof *reader);
    if (reader)
        nd__desk_init(&reader->desk, options);
    return reader;
}

void nd_reader_free(nd_reader *reader)
{
    if (!reader)
        return;
    nd__desk_release(&reader->desk);
    free(reader);
}

/* Reads one path or buffer (`data` NULL for a path) into the caller's function. */
static int read_into(nd_reader *reader, const char *name, const char *data, size_t len, nd_article_fn fn,
                     void *user)
{
    nd_desk *desk = &reader->desk;
    nd__source source = {nd__desk_take, desk, &desk->diagnostics};
    size_t skipped = desk->diagnostics.skipped;
    desk->sink = fn;
    desk->sink_user = user;
    int rc = data ? nd__read_buffer(&source, name, data, len) : nd__read_path(&source, name);
    nd__diagnose_flush(&desk->diagnostics);
    desk->sink = NULL;
    if (rc == ND_OK && desk->diagnostics.skipped > skipped)
        rc = ND_ESKIPPED;
    return rc;
}

int nd_reader_read_path(nd_reader *reader, const char *path, nd_article_fn fn, void *user)
{
    if (!reader || !path || !fn)
        return ND_EINVAL;
    return read_into(reader, path, NULL, 0, fn, user);
}

int nd_reader_read_buffer(nd_reader *reader, const char *name, const char *data, size_t len, nd_article_fn fn,
                          void *user)
{
    if (!reader || !name || (!data && len) || !fn)
        return ND_EINVAL;
    return read_into(reader, name, data ? data : "", len, fn, user);
}

size_t nd_reader_skipped(const nd_reader *reader) { return reader ? reader->desk.diagnostics.skipped : 0; }
