/*
 * diagnose.c: the diagnostics of reading (diagnose.h): each message handed to the caller's
 * callback, capped per kind and input, the rest summed up when the input ends.
 */
#include "diagnose.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nd__diagnostics_init(nd__diagnostics *d, nd_diagnostic_fn fn, void *user)
{
    memset(d, 0, sizeof *d);
    d->fn = fn;
    d->user = user;
}

void nd__diagnostics_release(nd__diagnostics *d)
{
    free(d->where);
    memset(d, 0, sizeof *d);
}

/* 19980 as "19,980". */
static void thousands(size_t n, char *out, size_t size)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

void nd__diagnose_flush(nd__diagnostics *d)
{
    for (size_t i = 0; i < d->kind_count; i++) {
        nd__diagnostic_kind *kind = &d->kinds[i];
        if (kind->count > ND__DIAGNOSTICS_PER_KIND && d->fn) {
            char count[40], message[512];
            thousands(kind->count - ND__DIAGNOSTICS_PER_KIND, count, sizeof count);
            snprintf(message, sizeof message, "... and %s more %s", count, kind->summary);
            d->fn(d->user, d->where, 0, kind->status, message);
        }
    }
    d->kind_count = 0;
    free(d->where);
    d->where = NULL;
}

/* Counts one diagnostic of a kind; returns nonzero when it is to be reported. */
static int diagnostic_counted(nd__diagnostics *d, const char *key, const char *summary, const char *where,
                              int status)
{
    if (d->where && strcmp(d->where, where) != 0)
        nd__diagnose_flush(d);
    if (!d->where && !(d->where = strdup(where)))
        return 1; /* out of memory: report, uncapped */
    for (size_t i = 0; i < d->kind_count; i++) {
        nd__diagnostic_kind *kind = &d->kinds[i];
        if (strcmp(kind->key, key) == 0)
            return ++kind->count <= ND__DIAGNOSTICS_PER_KIND;
    }
    if (d->kind_count < ND__DIAGNOSTIC_KINDS)
        d->kinds[d->kind_count++] = (nd__diagnostic_kind){key, summary, status, 1};
    return 1;
}

static void diagnose_v(nd__diagnostics *d, const char *key, const char *summary, const char *where,
                       long line, int status, const char *fmt, va_list args)
{
    if (!d->fn || !diagnostic_counted(d, key, summary, where, status))
        return;
    char message[512];
    vsnprintf(message, sizeof message, fmt, args);
    d->fn(d->user, where, line, status, message);
}

void nd__diagnose(nd__diagnostics *d, const char *where, long line, int status, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    diagnose_v(d, fmt, "diagnostics like the ones above", where, line, status, fmt, args);
    va_end(args);
}

void nd__diagnose_kind(nd__diagnostics *d, const char *summary, const char *where, long line, int status,
                       const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    diagnose_v(d, summary, summary, where, line, status, fmt, args);
    va_end(args);
}
