/*
 * diagnose.h: what the readers and the article desk say about bad input. Takes diagnostics
 * (where, line or byte, status, message) and hands them to the caller's nd_diagnostic_fn, at most
 * ND__DIAGNOSTICS_PER_KIND of one kind per input, the rest summed up in one line when the input
 * ends; counts the articles and inputs skipped. Knows nothing of readers or articles.
 */
#ifndef ND_DIAGNOSE_H
#define ND_DIAGNOSE_H

#include <stddef.h>

#include "newsdesk.h"

#define ND__DIAGNOSTICS_PER_KIND 20 /* lines of one kind reported per input; the rest summed up */
#define ND__DIAGNOSTIC_KINDS 16      /* kinds counted per input; more kinds are never capped */

typedef struct nd__diagnostic_kind {
    const char *key;      /* the kind's static text (or format string), compared by content */
    const char *summary;  /* "lines not valid JSON", for "... and 19,980 more lines not valid JSON" */
    int status;
    size_t count;         /* diagnostics of this kind for the current input */
} nd__diagnostic_kind;

typedef struct nd__diagnostics {
    nd_diagnostic_fn fn; /* may be NULL: diagnostics are dropped (still counted as skipped) */
    void *user;
    size_t skipped;      /* articles and inputs skipped so far; readers and the desk add to it */
    /* The cap: kinds seen in the current input `where` (owned copy). */
    char *where;
    nd__diagnostic_kind kinds[ND__DIAGNOSTIC_KINDS];
    size_t kind_count;
} nd__diagnostics;

void nd__diagnostics_init(nd__diagnostics *d, nd_diagnostic_fn fn, void *user);
void nd__diagnostics_release(nd__diagnostics *d);

/* Reports a diagnostic. At most ND__DIAGNOSTICS_PER_KIND of one kind (here: one format string)
 * are reported per input (`where`); the rest are counted and summed up in one line when the
 * input ends (nd__diagnose_flush). */
void nd__diagnose(nd__diagnostics *d, const char *where, long line, int status, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* The same, of the kind `summary` (a static text that also names the kind in the summing-up
 * line: "lines not valid JSON" gives "... and 19,980 more lines not valid JSON"). */
void nd__diagnose_kind(nd__diagnostics *d, const char *summary, const char *where, long line, int status,
                       const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 6, 7)))
#endif
    ;
/* Sums up the diagnostics held back for the current input; called when an input ends. */
void nd__diagnose_flush(nd__diagnostics *d);

#endif
