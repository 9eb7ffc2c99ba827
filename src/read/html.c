/*
 * html.c: an HTML page in, its article out.
 *
 * Takes the raw bytes of one web page and gives back its headline, publication date, canonical
 * URL, site name and main text (paragraphs separated by "\n\n"). libxml2's forgiving HTML parser
 * builds the tree; everything after that is ours and runs in a few linear passes, each in a file
 * of its own (html_page.h lists them):
 *
 *   1. One walk over the tree (no recursion: it follows child, sibling and parent pointers) reads
 *      the metadata and cuts the visible text into blocks, one per run of text between block-level
 *      tags. Block-level elements become entries of a flat array in document order, each knowing
 *      its parent and the range of blocks and entries below it, so that "is inside" and "how much
 *      text below" are O(1) questions. Elements nested deeper than ND_MAX_HTML_DEPTH are
 *      flattened into their ancestor at that depth.
 *   2. Elements whose tag, role, class or id mark them as page furniture (navigation, comments,
 *      sharing, related links, advertising) are set aside, unless they hold most of the page's
 *      text, which means the mark was a layout class on a wrapper; so are <article>s nested in
 *      a larger one (comments, related items).
 *   3. The remaining text is scored the way Readability does (paragraph length and commas,
 *      credited to the parent and, less, to older ancestors, discounted by link density). The
 *      best container wins, siblings of similar quality join it, and its blocks are written out
 *      minus link-heavy lines, fixed furniture phrases, bylines before the text and headings
 *      that nothing follows.
 *
 * Invariants: every growable buffer has a ceiling (below); every string handed out is valid
 * UTF-8 (libxml2 gives UTF-8, and the stray bytes it lets through are replaced); arbitrary input
 * never crashes and takes time linear in its size: at worst it gives ND_EFORMAT. docs/html.md
 * has the measurements.
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "html_page.h"

#define ND__HTML_SNIFF_BYTES 4096

/* ---------------------------------------------------------------------------------------------
 * The interface.
 */
static void page_free(nd__html_page *pg)
{
    free(pg->elements);
    free(pg->blocks);
    free(pg->text.data);
    free(pg->title_tag);
    free(pg->h1);
    free(pg->date_meta);
    free(pg->date_jsonld);
    free(pg->date_itemprop);
    free(pg->date_time);
    free(pg->json_body);
    if (pg->tree)
        xmlFreeDoc(pg->tree);
}

void nd__html_doc_free(nd__html_doc *doc)
{
    if (!doc)
        return;
    free(doc->title);
    free(doc->published);
    free(doc->url);
    free(doc->source);
    free(doc->body);
    memset(doc, 0, sizeof *doc);
}

int nd__html_extract(const char *html, size_t len, nd__html_doc *doc)
{
    return nd__html_extract_charset(html, len, NULL, doc);
}

static int extract(const char *html, size_t len, const char *charset, nd__html_doc *doc, int nested);

int nd__html_extract_charset(const char *html, size_t len, const char *charset, nd__html_doc *doc)
{
    return extract(html, len, charset, doc, 0);
}

/* The article as a script carried it (pg->json_body), as paragraphs: HTML is extracted (one
 * level down, scripts not consulted again), text split at its line ends. NULL when none. */
static char *script_article(const char *json_body, size_t *out_len)
{
    size_t len = strlen(json_body);
    if (memchr(json_body, '<', len)) {
        static const char open[] = "<html><body><article>", close[] = "</article></body></html>";
        char *page = malloc(sizeof open + len + sizeof close);
        if (!page)
            return NULL;
        memcpy(page, open, sizeof open - 1);
        memcpy(page + sizeof open - 1, json_body, len);
        memcpy(page + sizeof open - 1 + len, close, sizeof close);
        nd__html_doc inner;
        int rc = extract(page, strlen(page), "UTF-8", &inner, 1);
        free(page);
        if (rc != ND_OK)
            return NULL;
        char *body = inner.body;
        *out_len = inner.body_len;
        inner.body = NULL;
        nd__html_doc_free(&inner);
        return body;
    }
    nd__html_buffer out = {NULL, 0, 0, 3u * ND_MAX_ARTICLE_BYTES + 8, 0};
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(json_body + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - json_body) : len;
        size_t a = i, b = end;
        while (a < b && nd__is_space((unsigned char)json_body[a]))
            a++;
        while (b > a && nd__is_space((unsigned char)json_body[b - 1]))
            b--;
        if (b > a) {
            if (out.length)
                nd__html_buffer_append(&out, "\n\n", 2);
            nd__html_buffer_append_utf8(&out, json_body + a, b - a);
        }
        i = end + 1;
    }
    if (out.failed || !out.data) {
        free(out.data);
        return NULL;
    }
    *out_len = out.length;
    return out.data;
}

static int extract(const char *html, size_t len, const char *charset, nd__html_doc *doc, int nested)
{
    if (!doc)
        return ND_EFORMAT;
    memset(doc, 0, sizeof *doc);
    if (!html || len == 0)
        return ND_EFORMAT;
    if (len > ND_MAX_FILE_BYTES)
        len = ND_MAX_FILE_BYTES; /* the reader skips larger files; this keeps int sizes safe */

    nd__html_page pg;
    memset(&pg, 0, sizeof pg);
    pg.current = -1;
    pg.text.ceiling = ND_MAX_HTML_TEXT_BYTES;
    /* A byte order mark outranks the transport's charset, which outranks the page's own. */
    const char *encoding = nd__html_guess_encoding(html, len);
    if (charset && charset[0] && !nd__html_has_bom(html, len))
        encoding = charset;
    /* Parsed as it is; only when libxml2 gave up on the depth (its thread's last error says
     * so) is the page flattened (nd__html_flatten_deep) and parsed again, so ordinary pages pay
     * nothing for it. */
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    xmlResetLastError();
    pg.tree = htmlReadMemory(html, (int)len, NULL, encoding, options);
    const xmlError *error = xmlGetLastError();
    if (pg.tree && error && error->code == XML_ERR_INTERNAL_ERROR && error->message &&
        strstr(error->message, "Excessive depth")) {
        size_t flattened = 0;
        char *shallow = nd__html_flatten_deep(html, len, &flattened);
        if (shallow) {
            xmlFreeDoc(pg.tree);
            pg.tree = htmlReadMemory(shallow, (int)len, NULL, encoding, options);
            free(shallow);
        }
    }
    if (!pg.tree)
        return ND_EFORMAT;
    xmlNode *root = xmlDocGetRootElement(pg.tree);
    if (!root) {
        page_free(&pg);
        return ND_EFORMAT;
    }
    nd__html_walk(&pg, root);
    if (pg.no_memory) {
        page_free(&pg);
        return ND_ENOMEM;
    }

    char *title = nd__html_pick_title(&pg);
    /* room for the replacement characters of a page of invalid bytes */
    nd__html_buffer body = {NULL, 0, 0, 3u * ND_MAX_ARTICLE_BYTES + 8, 0};
    int status = nd__html_select(&pg, title, &body);
    if (status == ND_OK && body.length == 0)
        status = ND_EFORMAT;
    if (!nested && pg.json_body && status != ND_ENOMEM) {
        /* The markup holds much less than a script does: a page built in the browser. */
        size_t script_len = 0;
        char *script = script_article(pg.json_body, &script_len);
        if (script && (status != ND_OK || body.length * 2 < script_len)) {
            free(body.data);
            body.data = script;
            body.length = script_len;
            status = ND_OK;
        } else {
            free(script);
        }
    }
    if (status != ND_OK) {
        free(title);
        free(body.data);
        page_free(&pg);
        return status;
    }
    doc->body = body.data;
    doc->body_len = body.length;
    doc->title = title;
    doc->url = nd__html_field_copy(pg.canonical ? pg.canonical : pg.og_url);
    doc->source = nd__html_field_copy(pg.site_name);
    const char *date = pg.date_meta       ? pg.date_meta
                       : pg.date_jsonld   ? pg.date_jsonld
                       : pg.date_itemprop ? pg.date_itemprop
                                          : pg.date_time;
    doc->published = date ? strdup(date) : NULL;
    page_free(&pg);
    return ND_OK;
}

int nd__html_sniff(const char *data, size_t len)
{
    if (!data)
        return 0;
    size_t n = len < ND__HTML_SNIFF_BYTES ? len : ND__HTML_SNIFF_BYTES;
    size_t i = 0;
    if (n >= 3 && (unsigned char)data[0] == 0xef && (unsigned char)data[1] == 0xbb &&
        (unsigned char)data[2] == 0xbf)
        i = 3;
    static const char *const strong[] = {"<!doctype html", "<html", "<head", "<body"};
    static const char *const tags[] = {"<p>",    "<p ",   "</p>",   "<div",   "</div>", "<a href",
                                       "<br",    "<span", "<meta",  "<title", "<script", "<table",
                                       "<li>",   "<img ", "<link ", "<ul>",   "<h1",    "<h2"};
    int count = 0;
    for (; i < n; i++) {
        if (data[i] != '<')
            continue;
        for (size_t k = 0; k < sizeof strong / sizeof strong[0]; k++) {
            size_t m = strlen(strong[k]);
            if (i + m <= n && nd__html_prefix_ci(data + i, strong[k], m) &&
                (i + m == n || !nd__html_is_alnum((unsigned char)data[i + m])))
                return 1;
        }
        for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
            size_t m = strlen(tags[k]);
            if (i + m <= n && nd__html_prefix_ci(data + i, tags[k], m)) {
                count++;
                break;
            }
        }
        if (count >= 3)
            return 1;
    }
    return 0;
}
