/*
 * json.c: writes JSON straight to a FILE. Keys are optional (NULL inside arrays). Strings are
 * escaped per RFC 8259 by the library (nd_json_string): text is already valid UTF-8, so only
 * quotes, backslashes and control characters need escapes.
 */
#include "json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "newsdesk.h"

static void separator(json_writer *w)
{
    if (w->need_comma)
        fputc(',', w->out);
    w->need_comma = 1;
}

/* The library's one JSON escaper (nd_json_string). */
static void raw_string(FILE *out, const char *text, size_t len)
{
    char *quoted = nd_json_string(text, len);
    if (quoted) {
        fputs(quoted, out);
        free(quoted);
    } else
        fputs("\"\"", out); /* out of memory: an empty string keeps the line valid JSON */
}

void json_key(json_writer *w, const char *key)
{
    separator(w);
    if (key) {
        raw_string(w->out, key, strlen(key));
        fputc(':', w->out);
    }
}

void json_begin_object(json_writer *w, const char *key)
{
    json_key(w, key);
    fputc('{', w->out);
    w->need_comma = 0;
}

void json_end_object(json_writer *w)
{
    fputc('}', w->out);
    w->need_comma = 1;
}

void json_begin_array(json_writer *w, const char *key)
{
    json_key(w, key);
    fputc('[', w->out);
    w->need_comma = 0;
}

void json_end_array(json_writer *w)
{
    fputc(']', w->out);
    w->need_comma = 1;
}

void json_string(json_writer *w, const char *key, const char *text, size_t len)
{
    json_key(w, key);
    raw_string(w->out, text, len);
}

void json_cstring(json_writer *w, const char *key, const char *text)
{
    json_key(w, key);
    if (text)
        raw_string(w->out, text, strlen(text));
    else
        fputs("null", w->out);
}

void json_number(json_writer *w, const char *key, double value)
{
    json_key(w, key);
    if (isfinite(value))
        fprintf(w->out, "%.4g", value);
    else
        fputs("null", w->out);
}

void json_integer(json_writer *w, const char *key, long long value)
{
    json_key(w, key);
    fprintf(w->out, "%lld", value);
}

void json_end_line(json_writer *w)
{
    fputc('\n', w->out);
    w->need_comma = 0;
}
