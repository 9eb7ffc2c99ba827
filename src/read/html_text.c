/*
 * html_text.c: the small mechanisms of the HTML reader: a text buffer that grows up to a
 * ceiling (and records a failed allocation instead of failing each caller), arrays that double
 * up to a ceiling (UTF-8 checked by the one decoder, text.h), an element's attribute, a
 * case-insensitive search and a field copied onto one line as valid UTF-8.
 */
#include "html_page.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

int nd__html_buffer_reserve(nd__html_buffer *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->length + extra + 1 <= b->capacity)
        return 0;
    if (b->length + extra + 1 > b->ceiling)
        return -1;
    size_t cap = b->capacity ? b->capacity : 4096;
    while (cap < b->length + extra + 1)
        cap *= 2;
    if (cap > b->ceiling)
        cap = b->ceiling;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->capacity = cap;
    return 0;
}

void nd__html_buffer_append(nd__html_buffer *b, const char *s, size_t n)
{
    if (nd__html_buffer_reserve(b, n) != 0)
        return;
    memcpy(b->data + b->length, s, n);
    b->length += n;
    b->data[b->length] = '\0';
}

/* Appends s[0..n) with every byte that is not part of well-formed UTF-8 replaced by U+FFFD:
 * libxml2 2.9 copies bytes that are invalid in the page's encoding into text unconverted, and
 * what we hand out is promised to be UTF-8. */
void nd__html_buffer_append_utf8(nd__html_buffer *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0, i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        int cp;
        size_t k = nd__utf8_decode(u + i, n - i, &cp);
        if (k) {
            i += k;
            continue;
        }
        nd__html_buffer_append(b, s + start, i - start);
        nd__html_buffer_append(b, "\xef\xbf\xbd", 3);
        start = ++i;
    }
    nd__html_buffer_append(b, s + start, n - start);
}

/* Grows an array by doubling up to a ceiling: 0 when there is room, -1 at the ceiling, -2 when
 * out of memory. */
int nd__html_grow(void **array, size_t *capacity, size_t count, size_t size, size_t ceiling)
{
    if (count < *capacity)
        return 0;
    if (count >= ceiling)
        return -1;
    size_t cap = *capacity ? *capacity * 2 : 256;
    if (cap > ceiling)
        cap = ceiling;
    void *p = realloc(*array, cap * size);
    if (!p)
        return -2;
    *array = p;
    *capacity = cap;
    return 0;
}

/* ---- small string helpers -------------------------------------------------------------------- */
const char *nd__html_attr(const xmlNode *node, const char *name)
{
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (a->name && nd__html_same_ci((const char *)a->name, name)) {
            if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
                return (const char *)a->children->content;
            return "";
        }
    }
    return NULL;
}

int nd__html_contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (nd__html_prefix_ci(hay, needle, n))
            return 1;
    return 0;
}

/* Copies s with whitespace collapsed and invalid UTF-8 replaced, cut to at most
 * ND_MAX_FIELD_BYTES on a character boundary; NULL when nothing is left or out of memory. */
char *nd__html_field_copy(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strnlen(s, ND_MAX_FIELD_BYTES * 4u);
    char *out = malloc(ND_MAX_FIELD_BYTES + 4);
    if (!out)
        return NULL;
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n && o < ND_MAX_FIELD_BYTES;) {
        unsigned char c = u[i];
        if (c <= ' ' || c == 0x7f || (c == 0xc2 && i + 1 < n && u[i + 1] == 0xa0)) {
            i += c == 0xc2 ? 2 : 1;
            space = o > 0;
            continue;
        }
        int cp;
        size_t k = nd__utf8_decode(u + i, n - i, &cp);
        const char *piece = k ? s + i : "\xef\xbf\xbd";
        size_t piece_length = k ? k : 3;
        if (o + space + piece_length > ND_MAX_FIELD_BYTES)
            break;
        if (space)
            out[o++] = ' ';
        space = 0;
        memcpy(out + o, piece, piece_length);
        o += piece_length;
        i += k ? k : 1;
    }
    out[o] = '\0';
    if (o == 0) {
        free(out);
        return NULL;
    }
    return out;
}
