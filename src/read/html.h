/*
 * html.h: an HTML page in, its article out (title, publication date, main text).
 */
#ifndef ND_HTML_H
#define ND_HTML_H

#include <stddef.h>

typedef struct nd__html_doc {
    char *title;     /* the article's headline, or NULL; malloc'd UTF-8 */
    char *published; /* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[zone]" from meta tags, or NULL */
    char *url;       /* canonical URL (link rel=canonical, og:url), or NULL */
    char *source;    /* site name (og:site_name), or NULL */
    char *body;      /* the article body: paragraphs separated by "\n\n"; never NULL on success */
    size_t body_len;
} nd__html_doc;

/* Parses `len` bytes of HTML and extracts the article. Fills *doc (all fields malloc'd, owned by
 * the caller, freed with nd__html_doc_free) and returns ND_OK, or returns ND_EFORMAT when no text
 * could be found or ND_ENOMEM; *doc is then empty. */
int nd__html_extract(const char *html, size_t len, nd__html_doc *doc);
/* The same with the charset the page's transport declared (an HTTP Content-Type's), which
 * outranks the page's own <meta charset>; NULL or an unknown name: as nd__html_extract. */
int nd__html_extract_charset(const char *html, size_t len, const char *charset, nd__html_doc *doc);
void nd__html_doc_free(nd__html_doc *doc);

/* Nonzero when the bytes look like HTML (a doctype, <html>, <head>, <body> or several tags
 * among the first kilobytes). */
int nd__html_sniff(const char *data, size_t len);

#endif
