/*
 * html_depth.c: pages nested deeper than libxml2 will build (html_page.h).
 */
#include "html_page.h"

#include <stdlib.h>
#include <string.h>

/* Depth. libxml2 stops building the tree (silently, with what it has so far) once more than 256
 * elements are open (its xmlParserMaxDepth); XML_PARSE_HUGE would lift that but opens a
 * quadratic path in its end-tag search. So before parsing, one linear pass over the bytes
 * follows how deep elements nest and, past ND__HTML_PARSE_DEPTH, blanks out the start tags (and
 * their end tags) that would go deeper: their text stays where it was, inside the deepest kept
 * element, and the page parses whole. The pass models the parser roughly: void elements, "/>",
 * raw text (script, style, textarea, title, xmp), comments, an end tag closing everything above
 * its match, a start tag of li/dt/dd/p/option/tr/td/th closing its open sibling. It undercounts
 * a little at worst, hence the margin below 256. Pages within the limit are not copied.
 */
#define ND__HTML_PARSE_DEPTH 200
#define ND__HTML_LEAF_DEPTH 32 /* room above it for paragraphs, headings, list items, cells */
#define ND__NAME_BUCKETS 256

typedef struct depth_pass {
    unsigned char stack[ND__HTML_PARSE_DEPTH + ND__HTML_LEAF_DEPTH]; /* open elements' buckets */
    char names[ND__HTML_PARSE_DEPTH + ND__HTML_LEAF_DEPTH][12]; /* their names, lower case, cut */
    int depth;
    unsigned open_count[ND__NAME_BUCKETS];    /* open elements per bucket, for O(1) "not open" */
    unsigned dropped[ND__NAME_BUCKETS];       /* blanked start tags not yet closed, per bucket */
} depth_pass;

static int name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return 1;
    return 0;
}

static const char *const void_tags[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                             "keygen", "link", "meta", "param", "source", "track",
                                             "wbr", "basefont", "frame", "isindex", NULL};
static const char *const raw_tags[] = {"script", "style", "textarea", "title", "xmp", "iframe",
                                            "noembed", "noframes", NULL};
static const char *const sibling_tags[] = {"li", "dt", "dd", "p", "option", "tr", "td", "th", NULL};
static const char *const implied_tags[] = {"html", "head", "body", NULL};
/* Elements that cannot hold themselves (the parser closes one when the next opens), kept past
 * the depth limit so that paragraphs deep down stay paragraphs. */
static const char *const leaf_tags[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt",
                                             "dd", "tr", "td", "th", "option", NULL};

static unsigned bucket(const char *name)
{
    unsigned h = 2166136261u;
    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 16777619u;
    return h % ND__NAME_BUCKETS;
}

static void depth_pop(depth_pass *d)
{
    d->depth--;
    d->open_count[d->stack[d->depth]]--;
}

/* Returns a copy of the page with too-deep tags blanked (malloc'd, `len` bytes) or NULL when
 * nothing needed blanking (or no memory: the page is then parsed as it is). */
char *nd__html_flatten_deep(const char *html, size_t len, size_t *flattened)
{
    depth_pass *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    char *copy = NULL;
    *flattened = 0;
    size_t i = 0;
    while (i < len) {
        const char *lt = memchr(html + i, '<', len - i);
        if (!lt)
            break;
        size_t start = (size_t)(lt - html);
        i = start + 1;
        if (i >= len)
            break;
        if (html[i] == '!') {
            if (i + 2 < len && html[i + 1] == '-' && html[i + 2] == '-') {
                /* a comment: to "-->" */
                size_t k = i + 3;
                while (k + 2 < len && !(html[k] == '-' && html[k + 1] == '-' && html[k + 2] == '>'))
                    k++;
                i = k + 3;
            } else {
                const char *gt = memchr(html + i, '>', len - i);
                i = gt ? (size_t)(gt - html) + 1 : len;
            }
            continue;
        }
        int closing = html[i] == '/';
        if (closing)
            i++;
        if (i >= len || !nd__is_alpha((unsigned char)html[i]))
            continue;
        char name[12];
        size_t n = 0;
        while (i < len && (nd__html_is_alnum((unsigned char)html[i]) || html[i] == '-' || html[i] == ':')) {
            if (n < sizeof name - 1)
                name[n++] = (char)nd__to_lower((unsigned char)html[i]);
            i++;
        }
        name[n] = '\0';
        /* to the end of the tag, quotes respected */
        char quote = 0;
        while (i < len && (quote || html[i] != '>')) {
            if (quote && html[i] == quote)
                quote = 0;
            else if (!quote && (html[i] == '"' || html[i] == '\''))
                quote = html[i];
            i++;
        }
        size_t end = i < len ? i + 1 : len; /* one past '>' */
        int self_closing = end >= 2 && html[end - 2] == '/';
        i = end;
        if (name_in(name, implied_tags))
            continue;
        unsigned b = bucket(name);
        int blank = 0;
        if (closing) {
            if (d->dropped[b] > 0) {
                d->dropped[b]--;
                blank = 1;
            } else if (d->open_count[b] > 0) {
                int k = d->depth - 1;
                while (k >= 0 && strcmp(d->names[k], name) != 0)
                    k--;
                if (k >= 0)
                    while (d->depth > k)
                        depth_pop(d);
            }
        } else if (!name_in(name, void_tags) && !self_closing) {
            /* an open sibling closes (a block inside a paragraph is counted as nested: libxml2
             * may close the paragraph, and overcounting is the safe side) */
            if (d->depth > 0 && name_in(name, sibling_tags) && strcmp(d->names[d->depth - 1], name) == 0)
                depth_pop(d);
            if (d->depth < ND__HTML_PARSE_DEPTH ||
                (d->depth < ND__HTML_PARSE_DEPTH + ND__HTML_LEAF_DEPTH && name_in(name, leaf_tags))) {
                d->stack[d->depth] = (unsigned char)b;
                memcpy(d->names[d->depth], name, n + 1);
                d->depth++;
                d->open_count[b]++;
            } else {
                d->dropped[b]++;
                blank = 1;
            }
            if (name_in(name, raw_tags)) {
                /* raw text: to its end tag */
                size_t k = i;
                while (k < len) {
                    const char *close = memchr(html + k, '<', len - k);
                    if (!close)
                        break;
                    k = (size_t)(close - html) + 1;
                    if (k + n < len && html[k] == '/' && nd__html_prefix_ci(html + k + 1, name, n))
                        break;
                }
                i = k < len ? k - 1 : len;
            }
        }
        if (blank) {
            if (!copy) {
                copy = malloc(len);
                if (!copy) {
                    free(d);
                    return NULL;
                }
                memcpy(copy, html, len);
            }
            memset(copy + start, ' ', end - start);
            ++*flattened;
        }
    }
    free(d);
    return copy;
}
