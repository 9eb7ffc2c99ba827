/*
 * html_page.h: what the pieces of the HTML reader (html.c and html_*.c) share: the kinds of tags,
 * the flat scratch of one page (elements, blocks of text, its text buffer) and the functions
 * one piece asks of another. Internal to src/read/html*.c; html.h is the reader's interface.
 *
 * The pieces, in the order a page goes through them: html_charset.c (which encoding to ask of
 * libxml2), html_depth.c (pages nested too deep for libxml2), html_tags.c (tag kinds),
 * html_walk.c (pass 1: one walk over the tree: metadata, blocks, elements), html_names.c (class
 * and id names that mark furniture), html_date.c (dates of meta tags and JSON-LD),
 * html_select.c (passes 2 and 3: furniture, scores, the article's text), html_title.c (the
 * headline), html_text.c (the growable text buffer, UTF-8 checks, attributes, field copies).
 */
#ifndef ND_HTML_PAGE_H
#define ND_HTML_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "html.h"
#include "limits.h"
#include "newsdesk.h"
#include "util.h"


/* ---------------------------------------------------------------------------------------------
 * Tag kinds. Only what the extractor distinguishes has its own kind.
 */
enum {
    K_INLINE = 0, /* phrasing content: text flows through it */
    K_LINK,       /* <a>: its text counts as link text */
    K_SKIP,       /* never visible as text: script, style, form controls, media, title */
    K_BREAK,      /* <br>, <hr>: ends the current block, has no children worth an entry */
    K_P,
    K_DIV, /* div, section, head and the like: generic containers */
    K_H1,
    K_HEADING, /* h2-h6 */
    K_LIST,    /* ul, ol, dl */
    K_LI,      /* li, dt, dd */
    K_QUOTE,
    K_PRE,
    K_TABLE,
    K_CELL,
    K_ARTICLE,
    K_MAIN,
    K_BODY,
    K_NAV,    /* nav, aside, footer, header: furniture by tag */
    K_FIGURE, /* figure, figcaption: pictures and their captions */
    K_FORM,
    K_TIME
};

int nd__html_tag_kind(const xmlNode *node);

static inline int nd__html_kind_is_block(int kind)
{
    return kind >= K_P && kind != K_TIME;
}

/* ---------------------------------------------------------------------------------------------
 * Scratch structures of one page.
 */
enum {
    F_NEGATIVE = 1,   /* class/id/role/tag say furniture */
    F_STRONG = 2,     /* ... and nothing in the name says content */
    F_POSITIVE = 4,   /* class/id/itemprop say article text */
    F_HIDDEN = 8,     /* hidden, display:none: never shown */
    F_BOILER = 16,    /* decided: furniture, its text is not the article's */
    F_HAS_BLOCK = 32, /* has a block-level child entry */
    F_CONTAINS_POSITIVE = 64
};

typedef struct {
    int parent;           /* entry index, -1 for the root */
    int end;              /* one past the last entry of the subtree (preorder) */
    int first_block;      /* blocks [first_block, end_block) lie below */
    int end_block;
    int first_child, next_sibling;
    int depth;
    int article;          /* nearest enclosing <article> entry, or -1 */
    int class_weight;     /* Readability's +-25 for telling class and id names */
    unsigned char kind;
    unsigned char flags;
    double score;         /* content score credited by paragraphs below */
    int scored;           /* has received credit: a candidate */
} nd__html_element;

typedef struct {
    size_t offset, length; /* in the text buffer */
    size_t link_length;    /* bytes of it inside links */
    int owner;             /* innermost block-level entry */
} nd__html_block;

typedef struct {
    char *data;
    size_t length, capacity, ceiling;
    int failed; /* an allocation failed */
} nd__html_buffer;

typedef struct {
    xmlDoc *tree;
    nd__html_element *elements;
    size_t element_count, element_capacity;
    nd__html_block *blocks;
    size_t block_count, block_capacity;
    nd__html_buffer text;
    int current;       /* entry receiving text */
    int link_depth;    /* >0 inside <a> */
    int pending_space; /* whitespace seen since the last character of the block */
    size_t block_start, block_links;
    int no_memory;
    /* metadata candidates: borrowed from the tree */
    char *og_title, *twitter_title, *canonical, *og_url, *site_name;
    /* ... and owned copies */
    char *title_tag, *h1, *date_meta, *date_jsonld, *date_itemprop, *date_time;
    char *json_body; /* the article as a script carries it (JSON-LD articleBody, __NEXT_DATA__) */
    int h1_count;
    int time_in_article, time_is_best; /* what date_time came from */
} nd__html_page;

/* ---- ASCII helpers, locale-free (the page's bytes are never read through the C locale) ----- */
static inline int nd__html_is_alnum(unsigned char c) { return nd__is_alpha(c) || nd__is_digit(c); }

/* strcasecmp(a, b) == 0, in ASCII. */
static inline int nd__html_same_ci(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = nd__to_lower((unsigned char)*a), y = nd__to_lower((unsigned char)*b);
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

/* strncasecmp(a, b, n) == 0, in ASCII: the first n bytes agree (or both end together before). */
static inline int nd__html_prefix_ci(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = nd__to_lower((unsigned char)a[i]), y = nd__to_lower((unsigned char)b[i]);
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
    return 1;
}

/* ---- html_text.c ---------------------------------------------------------------------------- */
int nd__html_buffer_reserve(nd__html_buffer *b, size_t extra);
void nd__html_buffer_append(nd__html_buffer *b, const char *s, size_t n);
void nd__html_buffer_append_utf8(nd__html_buffer *b, const char *s, size_t n);
int nd__html_grow(void **array, size_t *capacity, size_t count, size_t size, size_t ceiling);
const char *nd__html_attr(const xmlNode *node, const char *name);
int nd__html_contains_ci(const char *hay, const char *needle);
char *nd__html_field_copy(const char *s);

/* ---- html_date.c ---------------------------------------------------------------------------- */
int nd__html_digits(const char *s, int n, int *value);
char *nd__html_normalise_date(const char *s);
char *nd__html_jsonld_date(const char *json);

/* ---- html_names.c --------------------------------------------------------------------------- */
void nd__html_judge_names(const xmlNode *node, int kind, unsigned char *flags, int *weight);

/* ---- html_walk.c, html_select.c, html_title.c ------------------------------------------------ */
void nd__html_walk(nd__html_page *pg, xmlNode *root);
int nd__html_select(nd__html_page *pg, const char *title, nd__html_buffer *out);
char *nd__html_pick_title(nd__html_page *pg);

/* ---- html_charset.c, html_depth.c ------------------------------------------------------------ */
int nd__html_has_bom(const char *html, size_t len);
const char *nd__html_guess_encoding(const char *html, size_t len);
char *nd__html_flatten_deep(const char *html, size_t len, size_t *flattened);

#endif
