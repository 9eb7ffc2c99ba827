/*
 * html_tags.c: the kinds of HTML tags (html_page.h): each element name to what the extractor
 * makes of it. Only what the extractor distinguishes has its own kind.
 */
#include "html_page.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    unsigned char kind;
} tag_entry;

/* Sorted by name for bsearch. */
static const tag_entry tags[] = {
    {"a", K_LINK},          {"abbr", K_INLINE},      {"address", K_DIV},    {"applet", K_SKIP},
    {"article", K_ARTICLE}, {"aside", K_NAV},        {"audio", K_SKIP},     {"b", K_INLINE},
    {"base", K_SKIP},       {"bdi", K_INLINE},       {"bdo", K_INLINE},     {"big", K_INLINE},
    {"blockquote", K_QUOTE}, {"body", K_BODY},       {"br", K_BREAK},       {"button", K_SKIP},
    {"canvas", K_SKIP},     {"caption", K_DIV},      {"center", K_DIV},     {"cite", K_INLINE},
    {"code", K_INLINE},     {"col", K_SKIP},         {"colgroup", K_SKIP},  {"data", K_INLINE},
    {"datalist", K_SKIP},   {"dd", K_LI},            {"del", K_INLINE},     {"details", K_DIV},
    {"dfn", K_INLINE},      {"dialog", K_SKIP},      {"dir", K_LIST},       {"div", K_DIV},
    {"dl", K_LIST},         {"dt", K_LI},            {"em", K_INLINE},      {"embed", K_SKIP},
    {"fieldset", K_DIV},    {"figcaption", K_FIGURE}, {"figure", K_FIGURE}, {"font", K_INLINE},
    {"footer", K_NAV},      {"form", K_FORM},        {"frame", K_SKIP},     {"frameset", K_SKIP},
    {"h1", K_H1},           {"h2", K_HEADING},       {"h3", K_HEADING},     {"h4", K_HEADING},
    {"h5", K_HEADING},      {"h6", K_HEADING},       {"head", K_DIV},       {"header", K_NAV},
    {"hgroup", K_DIV},      {"hr", K_BREAK},         {"html", K_DIV},       {"i", K_INLINE},
    {"iframe", K_SKIP},     {"img", K_SKIP},         {"input", K_SKIP},     {"ins", K_INLINE},
    {"kbd", K_INLINE},      {"label", K_INLINE},     {"legend", K_DIV},     {"li", K_LI},
    {"link", K_SKIP},       {"main", K_MAIN},        {"map", K_SKIP},       {"mark", K_INLINE},
    {"math", K_SKIP},       {"menu", K_NAV},         {"meta", K_SKIP},      {"meter", K_SKIP},
    {"nav", K_NAV},         {"nobr", K_INLINE},      {"noembed", K_SKIP},   {"noframes", K_SKIP},
    {"noscript", K_DIV},     {"object", K_SKIP},      {"ol", K_LIST},        {"optgroup", K_SKIP},
    {"option", K_SKIP},     {"output", K_SKIP},      {"p", K_P},            {"param", K_SKIP},
    {"picture", K_SKIP},    {"pre", K_PRE},          {"progress", K_SKIP},  {"q", K_INLINE},
    {"rp", K_SKIP},         {"rt", K_SKIP},          {"ruby", K_INLINE},    {"s", K_INLINE},
    {"samp", K_INLINE},     {"script", K_SKIP},      {"section", K_DIV},    {"select", K_SKIP},
    {"small", K_INLINE},    {"source", K_SKIP},      {"span", K_INLINE},    {"strike", K_INLINE},
    {"strong", K_INLINE},   {"style", K_SKIP},       {"sub", K_INLINE},     {"summary", K_DIV},
    {"sup", K_INLINE},      {"svg", K_SKIP},         {"table", K_TABLE},    {"tbody", K_DIV},
    {"td", K_CELL},         {"template", K_SKIP},    {"textarea", K_SKIP},  {"tfoot", K_DIV},
    {"th", K_CELL},         {"thead", K_DIV},        {"time", K_TIME},      {"title", K_SKIP},
    {"tr", K_DIV},          {"track", K_SKIP},       {"tt", K_INLINE},      {"u", K_INLINE},
    {"ul", K_LIST},         {"var", K_INLINE},       {"video", K_SKIP},     {"wbr", K_INLINE},
};

static int tag_compare(const void *key, const void *entry)
{
    return strcmp((const char *)key, ((const tag_entry *)entry)->name);
}

int nd__html_tag_kind(const xmlNode *node)
{
    const tag_entry *e = bsearch(node->name, tags, sizeof tags / sizeof tags[0],
                                     sizeof tags[0], tag_compare);
    if (e)
        return e->kind;
    /* Browsers show unknown elements (custom elements, o:p) inline; block-level children inside
     * them still become entries of their own. */
    return K_INLINE;
}
