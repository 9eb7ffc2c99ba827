/*
 * html.c: an HTML page in, its article out.
 *
 * Takes the raw bytes of one web page and gives back its headline, publication date, canonical
 * URL, site name and main text (paragraphs separated by "\n\n"). libxml2's forgiving HTML parser
 * builds the tree; everything after that is ours and runs in a few linear passes:
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

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "limits.h"
#include "newsdesk.h"

/* Ceilings on the scratch memory of one page. Text beyond them is dropped, never grown into. */
#define ND__HTML_MAX_TEXT_BYTES (2u * ND_MAX_FILE_BYTES) /* libxml2 may widen Latin-1 to UTF-8 */
#define ND__HTML_MAX_ELEMENTS (1u << 21)
#define ND__HTML_MAX_BLOCKS (1u << 21)
#define ND__HTML_SNIFF_BYTES 4096

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

typedef struct {
    const char *name;
    unsigned char kind;
} nd__tag_entry;

/* Sorted by name for bsearch. */
static const nd__tag_entry nd__tags[] = {
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

static int nd__tag_compare(const void *key, const void *entry)
{
    return strcmp((const char *)key, ((const nd__tag_entry *)entry)->name);
}

static int nd__tag_kind(const xmlNode *node)
{
    const nd__tag_entry *e = bsearch(node->name, nd__tags, sizeof nd__tags / sizeof nd__tags[0],
                                     sizeof nd__tags[0], nd__tag_compare);
    if (e)
        return e->kind;
    /* Browsers show unknown elements (custom elements, o:p) inline; block-level children inside
     * them still become entries of their own. */
    return K_INLINE;
}

static int nd__kind_is_block(int kind)
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
} nd__element;

typedef struct {
    size_t offset, length; /* in the text buffer */
    size_t link_length;    /* bytes of it inside links */
    int owner;             /* innermost block-level entry */
} nd__block;

typedef struct {
    char *data;
    size_t length, capacity, ceiling;
    int failed; /* an allocation failed */
} nd__buffer;

typedef struct {
    xmlDoc *tree;
    nd__element *elements;
    size_t element_count, element_capacity;
    nd__block *blocks;
    size_t block_count, block_capacity;
    nd__buffer text;
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
} nd__page;

static int nd__buffer_reserve(nd__buffer *b, size_t extra)
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

static void nd__buffer_append(nd__buffer *b, const char *s, size_t n)
{
    if (nd__buffer_reserve(b, n) != 0)
        return;
    memcpy(b->data + b->length, s, n);
    b->length += n;
    b->data[b->length] = '\0';
}

/* Length of the well-formed UTF-8 sequence at s[0..n), or 0 when the bytes there are not one
 * (overlong forms, surrogates and code points past U+10FFFF included). */
static size_t nd__utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned char low = 0x80, high = 0xbf; /* bounds of the second byte */
    if (c >= 0xc2 && c <= 0xdf)
        need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        if (c == 0xe0)
            low = 0xa0;
        else if (c == 0xed)
            high = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        if (c == 0xf0)
            low = 0x90;
        else if (c == 0xf4)
            high = 0x8f;
    } else
        return 0;
    if (n <= need || s[1] < low || s[1] > high)
        return 0;
    for (size_t k = 2; k <= need; k++)
        if ((s[k] & 0xc0) != 0x80)
            return 0;
    return need + 1;
}

/* Appends s[0..n) with every byte that is not part of well-formed UTF-8 replaced by U+FFFD:
 * libxml2 2.9 copies bytes that are invalid in the page's encoding into text unconverted, and
 * what we hand out is promised to be UTF-8. */
static void nd__buffer_append_utf8(nd__buffer *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0, i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = nd__utf8_sequence(u + i, n - i);
        if (k) {
            i += k;
            continue;
        }
        nd__buffer_append(b, s + start, i - start);
        nd__buffer_append(b, "\xef\xbf\xbd", 3);
        start = ++i;
    }
    nd__buffer_append(b, s + start, n - start);
}

/* Grows an array by doubling up to a ceiling: 0 when there is room, -1 at the ceiling, -2 when
 * out of memory. */
static int nd__grow(void **array, size_t *capacity, size_t count, size_t size, size_t ceiling)
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

/* ---------------------------------------------------------------------------------------------
 * Small string helpers.
 */
static const char *nd__attr(const xmlNode *node, const char *name)
{
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        if (a->name && strcasecmp((const char *)a->name, name) == 0) {
            if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
                return (const char *)a->children->content;
            return "";
        }
    }
    return NULL;
}

static int nd__contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

/* Copies s with whitespace collapsed and invalid UTF-8 replaced, cut to at most
 * ND_MAX_FIELD_BYTES on a character boundary; NULL when nothing is left or out of memory. */
static char *nd__field_copy(const char *s)
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
        size_t k = nd__utf8_sequence(u + i, n - i);
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

/* ---------------------------------------------------------------------------------------------
 * Dates. Meta tags hold ISO 8601 mostly, sometimes with slashes, sometimes compact; the result is
 * "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[zone]", or NULL when the text is not a date.
 */
static int nd__digits(const char *s, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 1;
}

static char *nd__normalise_date(const char *s)
{
    if (!s)
        return NULL;
    while (*s && isspace((unsigned char)*s))
        s++;
    int year, month, day, hour = -1, minute = 0, second = 0;
    const char *p = s;
    if (!nd__digits(p, 4, &year))
        return NULL;
    p += 4;
    if ((*p == '-' || *p == '/' || *p == '.') && nd__digits(p + 1, 2, &month) &&
        p[3] == p[0] && nd__digits(p + 4, 2, &day))
        p += 6;
    else if (nd__digits(p, 2, &month) && nd__digits(p + 2, 2, &day))
        p += 4;
    else
        return NULL;
    if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31)
        return NULL;
    if ((*p == 'T' || *p == ' ' || *p == 't') && nd__digits(p + 1, 2, &hour) && p[3] == ':' &&
        nd__digits(p + 4, 2, &minute)) {
        p += 6;
        if (*p == ':' && nd__digits(p + 1, 2, &second))
            p += 3;
        if (*p == '.' || *p == ',') /* fractions of a second are dropped */
            for (p++; *p >= '0' && *p <= '9'; p++) {
            }
        if (hour > 23 || minute > 59 || second > 60)
            hour = -1;
    }
    char zone[16] = "";
    if (hour >= 0) {
        while (*p == ' ')
            p++;
        int zone_hours, zone_minutes = 0;
        if (*p == 'Z' || *p == 'z') {
            strcpy(zone, "Z");
        } else if ((*p == '+' || *p == '-') && nd__digits(p + 1, 2, &zone_hours)) {
            if (!(p[3] == ':' && nd__digits(p + 4, 2, &zone_minutes)) &&
                !nd__digits(p + 3, 2, &zone_minutes))
                zone_minutes = 0; /* "+02" alone */
            if (zone_hours <= 14 && zone_minutes <= 59)
                snprintf(zone, sizeof zone, "%c%02u:%02u", *p, (unsigned)zone_hours,
                         (unsigned)zone_minutes);
        }
    }
    char out[64];
    if (hour >= 0)
        snprintf(out, sizeof out, "%04u-%02u-%02uT%02u:%02u:%02u%s", (unsigned)year,
                 (unsigned)month, (unsigned)day, (unsigned)hour, (unsigned)minute,
                 (unsigned)second, zone);
    else
        snprintf(out, sizeof out, "%04u-%02u-%02u", (unsigned)year, (unsigned)month,
                 (unsigned)day);
    return strdup(out);
}

/* Finds "datePublished" in a JSON-LD script and normalises its string value. Not a JSON parser:
 * the key is rare enough that a textual search is right, and it never reads past the text. */
static char *nd__jsonld_date(const char *json)
{
    const char *keys[] = {"\"datePublished\"", "\"dateCreated\""};
    for (size_t k = 0; k < 2; k++) {
        const char *p = strstr(json, keys[k]);
        if (!p)
            continue;
        p += strlen(keys[k]);
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p != ':')
            continue;
        p++;
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p != '"')
            continue;
        char *d = nd__normalise_date(p + 1);
        if (d)
            return d;
    }
    return NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Furniture by name. Class and id names are matched as lower-case substrings, the way
 * Readability does: sites compose them freely (comment-list, c-share__item, relatedStories).
 */
static const char *const nd__strong_negative[] = {
    "comment", "disqus", "share", "sharing", "social-", "related", "newsletter", "subscri",
    "promo", "advert", "sponsor", "outbrain", "taboola", "cookie", "consent", "breadcrumb",
    "sidebar", "popup", "modal", "recommend", "trending", "most-popular", "mostpopular",
    "most-read", "signup", "sign-up", "skip-link", "skiplink", "masthead", "navbar", "nav-",
    "-nav", "_nav", "menu", "footer", "byline", "author", "tags", "tag-list", "pagination", "pager", "toolbar", "gdpr", "banner", "read-more", "readmore",
    "more-stories", "recirc", "print-", "login", "caption", "credit", "timestamp", "meta-",
    "copyright", "disclaimer", "correction-", "teaser", "excerpt", "keypoints", "key-points",
};

static const char *const nd__decisive_negative[] = {
    "comment", "disqus", "share", "sharing", "newsletter", "advert", "sponsor",
    "outbrain", "taboola", "cookie", "recommend", "popup", "modal", "related", "author",
};

static const char *const nd__positive[] = {
    "article", "body", "content", "entry", "main", "post", "story", "text", "blog", "hentry",
};

/* Readability's class weight lists. */
static const char *const nd__weight_negative[] = {
    "-ad-",   "banner", "combx", "comment", "com-",     "contact", "foot",    "footnote",
    "gdpr",   "masthead", "media", "meta",  "outbrain", "promo",   "related", "scroll",
    "share",  "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool",
    "widget",
};
static const char *const nd__weight_positive[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog",    "story",
};

/* The pairs of adjacent bytes of a name list, hashed into 1024 bits: a pattern whose first two
 * bytes are not a pair of the names cannot occur in them, so most patterns need no strstr. */
typedef struct nd__pairs {
    uint64_t bits[16];
} nd__pairs;

static unsigned nd__pair_hash(unsigned char a, unsigned char b) { return ((unsigned)a * 31u + b) & 1023u; }

static void nd__pairs_of(const char *s, nd__pairs *pairs)
{
    memset(pairs, 0, sizeof *pairs);
    for (; s[0] && s[1]; s++) {
        unsigned h = nd__pair_hash((unsigned char)s[0], (unsigned char)s[1]);
        pairs->bits[h >> 6] |= 1ull << (h & 63);
    }
}

static int nd__any_of(const char *s, const nd__pairs *pairs, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *p = list[i];
        unsigned h = nd__pair_hash((unsigned char)p[0], (unsigned char)p[1]);
        if ((pairs->bits[h >> 6] >> (h & 63) & 1) && strstr(s, p))
            return 1;
    }
    return 0;
}

/* Whole-token match of "ad"/"ads" in a class list: "ad-slot", "ads", "top_ad" but not "head". */
static int nd__has_ad_token(const char *s)
{
    for (const char *p = s; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - start);
        if ((n == 2 && strncmp(start, "ad", 2) == 0) || (n == 3 && strncmp(start, "ads", 3) == 0) ||
            (n == 5 && strncmp(start, "adunit", 5) == 0))
            return 1;
    }
    return 0;
}

/* Reads the class, id, role, itemprop, hidden and style of an element into flags and weight. */
static void nd__judge_names(const xmlNode *node, int kind, unsigned char *flags, int *weight)
{
    char names[512];
    size_t n = 0;
    const char *cls = nd__attr(node, "class"), *id = nd__attr(node, "id");
    const char *parts[2] = {cls, id};
    for (int k = 0; k < 2; k++) {
        if (!parts[k])
            continue;
        for (const char *p = parts[k]; *p && n + 2 < sizeof names; p++)
            names[n++] = (char)tolower((unsigned char)*p);
        if (n + 2 < sizeof names)
            names[n++] = ' ';
    }
    names[n] = '\0';
    *flags = 0;
    *weight = 0;
    if (n) {
        nd__pairs pairs;
        nd__pairs_of(names, &pairs);
        int negative = nd__any_of(names, &pairs, nd__strong_negative,
                                  sizeof nd__strong_negative / sizeof nd__strong_negative[0]) ||
                       nd__has_ad_token(names);
        int positive = nd__any_of(names, &pairs, nd__positive, sizeof nd__positive / sizeof nd__positive[0]);
        /* Embedded posts (tweets, Instagram) sit in "social-embed" boxes but are quoted text. */
        if (strstr(names, "social-media-embed") || strstr(names, "tweet") ||
            strstr(names, "instagram-media"))
            negative = 0;
        /* Some marks are never worn by the article itself, whatever else the name says
         * ("post-share", "entry-comments"); the others yield to a content word
         * ("entry-content-read-more"). */
        int decisive = nd__any_of(names, &pairs, nd__decisive_negative,
                                  sizeof nd__decisive_negative / sizeof nd__decisive_negative[0]);
        if (negative)
            *flags |= F_NEGATIVE | (positive && !decisive ? 0 : F_STRONG);
        if (positive && !negative)
            *flags |= F_POSITIVE;
        if (nd__any_of(names, &pairs, nd__weight_negative,
                       sizeof nd__weight_negative / sizeof nd__weight_negative[0]))
            *weight -= 25;
        if (nd__any_of(names, &pairs, nd__weight_positive,
                       sizeof nd__weight_positive / sizeof nd__weight_positive[0]))
            *weight += 25;
    }
    const char *role = nd__attr(node, "role");
    if (role) {
        if (!strcasecmp(role, "navigation") || !strcasecmp(role, "complementary") ||
            !strcasecmp(role, "banner") || !strcasecmp(role, "contentinfo") ||
            !strcasecmp(role, "dialog") || !strcasecmp(role, "alertdialog") ||
            !strcasecmp(role, "menu") || !strcasecmp(role, "menubar"))
            *flags |= F_NEGATIVE | F_STRONG;
        else if (!strcasecmp(role, "main") || !strcasecmp(role, "article"))
            *flags |= F_POSITIVE;
    }
    const char *itemprop = nd__attr(node, "itemprop");
    if (itemprop && nd__contains_nocase(itemprop, "articleBody")) {
        *flags = (unsigned char)((*flags & ~(F_NEGATIVE | F_STRONG)) | F_POSITIVE);
        *weight += 25;
    }
    if (kind == K_NAV || (kind == K_FIGURE && !strcmp((const char *)node->name, "figcaption")))
        *flags |= F_NEGATIVE | F_STRONG;
    if (kind == K_ARTICLE || kind == K_MAIN)
        *flags |= F_POSITIVE;
    const char *style = nd__attr(node, "style");
    if (nd__attr(node, "hidden") ||
        (style && (strstr(style, "display:none") || strstr(style, "display: none") ||
                   strstr(style, "visibility:hidden") || strstr(style, "visibility: hidden"))))
        *flags |= F_HIDDEN;
    const char *aria = nd__attr(node, "aria-hidden");
    if (aria && !strcasecmp(aria, "true"))
        *flags |= F_HIDDEN;
}

/* ---------------------------------------------------------------------------------------------
 * Pass 1: the walk.
 */
static void nd__flush_block(nd__page *pg)
{
    if (pg->text.length > pg->block_start && !pg->no_memory) {
        int room = nd__grow((void **)&pg->blocks, &pg->block_capacity, pg->block_count,
                            sizeof(nd__block), ND__HTML_MAX_BLOCKS);
        if (room == -2)
            pg->no_memory = 1;
        if (room == 0) {
            nd__block *b = &pg->blocks[pg->block_count++];
            b->offset = pg->block_start;
            b->length = pg->text.length - pg->block_start;
            b->link_length = pg->block_links;
            b->owner = pg->current;
        } else {
            pg->text.length = pg->block_start; /* over the ceiling: drop the text with it */
        }
    }
    pg->block_start = pg->text.length;
    pg->block_links = 0;
    pg->pending_space = 0;
}

/* Appends text with whitespace runs collapsed to one space and no leading space. */
static void nd__add_text(nd__page *pg, const char *s)
{
    size_t len = strlen(s);
    if (nd__buffer_reserve(&pg->text, len + 1) != 0)
        return;
    char *out = pg->text.data + pg->text.length;
    size_t o = 0, links = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == 0x7f) {
            pg->pending_space = 1;
            continue;
        }
        if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xa0) { /* no-break space */
            i++;
            pg->pending_space = 1;
            continue;
        }
        if (pg->pending_space && pg->text.length + o > pg->block_start)
            out[o++] = ' ';
        pg->pending_space = 0;
        out[o++] = (char)c;
        links++;
    }
    pg->text.length += o;
    pg->text.data[pg->text.length] = '\0';
    if (pg->link_depth > 0)
        pg->block_links += links;
}

static char *nd__node_text(xmlNode *node)
{
    xmlChar *t = xmlNodeGetContent(node);
    if (!t)
        return NULL;
    char *copy = nd__field_copy((const char *)t);
    xmlFree(t);
    return copy;
}

/* Metadata from <meta>, <link>, <title> and JSON-LD: read wherever they are. */
/* ---------------------------------------------------------------------------------------------
 * Articles carried in scripts: pages built in the browser (Next.js, Nuxt) ship their text as JSON
 * in a script and none in the markup; many pages also give JSON-LD "articleBody". The longest
 * such text is kept, and used when the markup holds much less (see nd__html_extract_charset).
 * JSON-LD: the "articleBody" strings (in "@graph" too). Application data: the longest string
 * that reads like prose (spaces and sentence ends), 200 bytes or more.
 */
#define ND__SCRIPT_MAX_BYTES (8u << 20)

static int nd__prose_like(const char *s, size_t n)
{
    size_t spaces = 0, stops = 0;
    for (size_t i = 0; i < n; i++) {
        spaces += s[i] == ' ';
        stops += (s[i] == '.' || s[i] == '!' || s[i] == '?') && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '<');
    }
    return spaces * 12 > n && stops >= 2;
}

static void nd__longest_string(const cJSON *node, const char *key, const char **best, size_t *best_len)
{
    /* iterative over the tree: the JSON of a page may nest deeply */
    const cJSON *stack[64];
    int top = 0;
    stack[top++] = node;
    while (top > 0) {
        const cJSON *n = stack[--top];
        for (const cJSON *c = n; c; c = c->next) {
            if (cJSON_IsString(c) && c->valuestring && (!key || (c->string && !strcmp(c->string, key)))) {
                size_t len = strlen(c->valuestring);
                if (len > *best_len && len >= 200 && (key || nd__prose_like(c->valuestring, len)))
                    *best = c->valuestring, *best_len = len;
            } else if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && c->child) {
                if (top < 64)
                    stack[top++] = c->child;
            }
        }
    }
}

static void nd__script_body(nd__page *pg, const char *json, int jsonld)
{
    size_t len = strlen(json);
    if (len > ND__SCRIPT_MAX_BYTES || (jsonld && !strstr(json, "\"articleBody\"")))
        return;
    cJSON *tree = cJSON_ParseWithLength(json, len);
    if (!tree)
        return;
    const char *best = NULL;
    size_t best_len = pg->json_body ? strlen(pg->json_body) : 0;
    nd__longest_string(tree, jsonld ? "articleBody" : NULL, &best, &best_len);
    if (best) {
        char *copy = strdup(best);
        if (copy) {
            free(pg->json_body);
            pg->json_body = copy;
        }
    }
    cJSON_Delete(tree);
}

static void nd__read_meta(nd__page *pg, xmlNode *node)
{
    const char *name = (const char *)node->name;
    if (!strcmp(name, "meta")) {
        const char *key = nd__attr(node, "property");
        if (!key)
            key = nd__attr(node, "name");
        if (!key)
            key = nd__attr(node, "itemprop");
        const char *content = nd__attr(node, "content");
        if (!key || !content)
            return;
        if (!pg->og_title && !strcasecmp(key, "og:title"))
            pg->og_title = (char *)content;
        else if (!pg->twitter_title && !strcasecmp(key, "twitter:title"))
            pg->twitter_title = (char *)content;
        else if (!pg->og_url && !strcasecmp(key, "og:url"))
            pg->og_url = (char *)content;
        else if (!pg->site_name && !strcasecmp(key, "og:site_name"))
            pg->site_name = (char *)content;
        else if (!pg->date_meta &&
                 (!strcasecmp(key, "article:published_time") ||
                  !strcasecmp(key, "og:published_time") || !strcasecmp(key, "published_time") ||
                  !strcasecmp(key, "datePublished") || !strcasecmp(key, "date") ||
                  !strcasecmp(key, "pubdate") || !strcasecmp(key, "publishdate") ||
                  !strcasecmp(key, "publish-date") || !strcasecmp(key, "publish_date") ||
                  !strcasecmp(key, "DC.date") || !strcasecmp(key, "DC.date.issued") ||
                  !strcasecmp(key, "dcterms.date") || !strcasecmp(key, "dcterms.created") ||
                  !strcasecmp(key, "sailthru.date") || !strcasecmp(key, "parsely-pub-date") ||
                  !strcasecmp(key, "article.published") || !strcasecmp(key, "original-publish-date")))
            pg->date_meta = nd__normalise_date(content);
    } else if (!strcmp(name, "link")) {
        const char *rel = nd__attr(node, "rel"), *href = nd__attr(node, "href");
        if (!pg->canonical && rel && href && !strcasecmp(rel, "canonical") && *href)
            pg->canonical = (char *)href;
    } else if (!strcmp(name, "title")) {
        if (!pg->title_tag) {
            xmlChar *t = xmlNodeGetContent(node);
            if (t) {
                pg->title_tag = nd__field_copy((const char *)t);
                xmlFree(t);
            }
        }
    } else if (!strcmp(name, "script")) {
        const char *type = nd__attr(node, "type");
        int jsonld = type && nd__contains_nocase(type, "ld+json");
        const char *id = nd__attr(node, "id");
        int app_data = id && (!strcmp(id, "__NEXT_DATA__") || !strcmp(id, "__NUXT_DATA__"));
        if ((jsonld && (!pg->date_jsonld || !pg->json_body)) || app_data) {
            xmlChar *t = xmlNodeGetContent(node);
            if (t) {
                if (jsonld && !pg->date_jsonld)
                    pg->date_jsonld = nd__jsonld_date((const char *)t);
                nd__script_body(pg, (const char *)t, jsonld);
                xmlFree(t);
            }
        }
    }
}

/* Dates in the page itself: itemprop=datePublished anywhere, else a <time datetime>: one marked
 * pubdate, else the first inside an <article>, else the first anywhere (sidebars list the times
 * of other stories, so anywhere comes last). */
static void nd__read_dates(nd__page *pg, xmlNode *node, int kind)
{
    if (kind == K_TIME && !pg->time_is_best) {
        const char *dt = nd__attr(node, "datetime");
        int current = pg->current;
        int in_article = current >= 0 && (pg->elements[current].kind == K_ARTICLE ||
                                          pg->elements[current].article >= 0);
        int best = nd__attr(node, "pubdate") != NULL;
        char *date = dt && (best || in_article || !pg->date_time) ? nd__normalise_date(dt) : NULL;
        if (date && (best || (in_article && !pg->time_in_article) || !pg->date_time)) {
            free(pg->date_time);
            pg->date_time = date;
            pg->time_in_article |= in_article;
            pg->time_is_best = best;
        } else {
            free(date);
        }
    }
    if (!pg->date_itemprop) {
        const char *ip = nd__attr(node, "itemprop");
        if (ip && !strcasecmp(ip, "datePublished")) {
            const char *dt = nd__attr(node, "datetime");
            if (!dt)
                dt = nd__attr(node, "content");
            if (dt)
                pg->date_itemprop = nd__normalise_date(dt);
        }
    }
}

static void nd__enter_block(nd__page *pg, xmlNode *node, int kind)
{
    nd__flush_block(pg);
    int depth = pg->current >= 0 ? pg->elements[pg->current].depth + 1 : 0;
    if (depth >= ND_MAX_HTML_DEPTH || pg->no_memory)
        return; /* flattened into the current entry */
    int room = nd__grow((void **)&pg->elements, &pg->element_capacity, pg->element_count,
                        sizeof(nd__element), ND__HTML_MAX_ELEMENTS);
    if (room == -2)
        pg->no_memory = 1;
    if (room != 0)
        return; /* at the ceiling the rest of the page flattens into its container */
    int index = (int)pg->element_count++;
    nd__element *e = &pg->elements[index];
    memset(e, 0, sizeof *e);
    e->parent = pg->current;
    e->kind = (unsigned char)kind;
    e->first_block = e->end_block = (int)pg->block_count;
    e->first_child = e->next_sibling = -1;
    e->depth = depth;
    e->article = pg->current < 0                               ? -1
                 : pg->elements[pg->current].kind == K_ARTICLE ? pg->current
                                                               : pg->elements[pg->current].article;
    nd__judge_names(node, kind, &e->flags, &e->class_weight);
    if (pg->current >= 0) {
        nd__element *p = &pg->elements[pg->current];
        p->flags |= F_HAS_BLOCK;
        /* Link as the last child: the previous last child is the latest entry whose parent is
         * ours, found through the sibling chain kept in last_child below. */
        if (p->first_child < 0)
            p->first_child = index;
        else
            pg->elements[p->end].next_sibling = index; /* p->end holds the last child for now */
        p->end = index;
    }
    node->_private = (void *)(intptr_t)(index + 1);
    pg->current = index;
}

static void nd__leave_block(nd__page *pg, xmlNode *node)
{
    nd__flush_block(pg);
    intptr_t mark = (intptr_t)node->_private;
    if (mark <= 0)
        return;
    int index = (int)(mark - 1);
    nd__element *e = &pg->elements[index];
    e->end = (int)pg->element_count;
    e->end_block = (int)pg->block_count;
    pg->current = e->parent;
    node->_private = NULL;
}

static void nd__walk(nd__page *pg, xmlNode *root)
{
    xmlNode *node = root;
    while (node) {
        int descend = 0;
        if (node->type == XML_ELEMENT_NODE && node->name) {
            int kind = nd__tag_kind(node);
            if (kind == K_SKIP)
                nd__read_meta(pg, node); /* meta, link, title and script are skipped kinds */
            else
                nd__read_dates(pg, node, kind);
            if (kind == K_SKIP) {
                descend = 0;
            } else if (kind == K_BREAK) {
                nd__flush_block(pg);
            } else if (nd__kind_is_block(kind)) {
                if (kind == K_H1) {
                    pg->h1_count++;
                    if (!pg->h1)
                        pg->h1 = nd__node_text(node);
                }
                nd__enter_block(pg, node, kind);
                descend = 1;
            } else {
                /* Inline: skip when named as furniture (share buttons, ad labels), count links. */
                unsigned char flags;
                int weight;
                nd__judge_names(node, kind, &flags, &weight);
                if ((flags & (F_STRONG | F_HIDDEN)) && kind != K_LINK) {
                    descend = 0;
                } else {
                    descend = 1;
                    if (kind == K_LINK) {
                        pg->link_depth++;
                        node->_private = (void *)(intptr_t)-1;
                        /* A link's edges separate words the way a browser's copy does. */
                        pg->pending_space = 1;
                    }
                }
            }
        } else if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content)
                nd__add_text(pg, (const char *)node->content);
        }
        if (descend && node->children) {
            node = node->children;
            continue;
        }
        /* Leave this node and every ancestor whose children are done. */
        for (;;) {
            if (node->type == XML_ELEMENT_NODE) {
                intptr_t mark = (intptr_t)node->_private;
                if (mark == -1) {
                    pg->link_depth--;
                    node->_private = NULL;
                    pg->pending_space = 1;
                } else if (mark > 0) {
                    nd__leave_block(pg, node);
                } else if (node->name && nd__kind_is_block(nd__tag_kind(node))) {
                    nd__flush_block(pg); /* a flattened block still ends its paragraph */
                }
            }
            if (node == root) {
                node = NULL;
                break;
            }
            if (node->next) {
                node = node->next;
                break;
            }
            node = node->parent;
            if (!node)
                break;
        }
    }
    nd__flush_block(pg);
    if (pg->text.failed)
        pg->no_memory = 1;
}

/* ---------------------------------------------------------------------------------------------
 * Pass 2 and 3: furniture, scores, the winning container, the text.
 */
typedef struct {
    size_t *text;  /* prefix sums over blocks of kept bytes */
    size_t *links; /* ... of kept link bytes */
} nd__sums;

static size_t nd__range_sum(const size_t *prefix, int first, int end)
{
    return prefix[end] - prefix[first];
}

static int nd__count_commas(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',')
            c++;
    return c;
}

/* Lines that are furniture whatever their container: ad labels and calls to action. */
static int nd__is_furniture_line(const char *s, size_t n)
{
    static const char *const exact[] = {
        "advertisement", "advertisement:", "ad", "sponsored", "sponsored content",
        "story continues below advertisement", "continue reading", "continue reading below",
        "read more", "read more:", "share", "share this", "share this:", "share this article",
        "related", "related:", "related articles", "related stories", "recommended",
        "follow us", "skip to main content", "skip to content", "close", "loading...",
        "article continues below", "content continues below", "scroll to continue",
        "subscribe", "sign up", "log in", "print", "email", "comments", "view comments",
        "advert", "text size", "this slideshow requires javascript",
    };
    if (n > 40)
        return 0;
    /* gallery counters: "Image 1 of 5", "3 / 12", "1 - 5 of 36" */
    size_t letters = 0, digits = 0;
    int of = 0;
    for (size_t i = 0; i < n; i++) {
        digits += isdigit((unsigned char)s[i]) != 0;
        letters += isalpha((unsigned char)s[i]) != 0;
        of |= i + 3 < n && !strncmp(s + i, " of ", 4);
    }
    if (digits && (of || memchr(s, '/', n)) && n < 24 && letters <= 8)
        return 1;
    char low[48];
    size_t m = 0;
    for (size_t i = 0; i < n && m < sizeof low - 1; i++)
        low[m++] = (char)tolower((unsigned char)s[i]);
    while (m > 0 && (low[m - 1] == ' ' || low[m - 1] == '.'))
        m--;
    low[m] = '\0';
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (!strcmp(low, exact[i]))
            return 1;
    return 0;
}

/* A short line carrying a date, a time or a "By" credit: the byline and dateline that sit
 * between the headline and the first paragraph. Only used before the article's first long
 * paragraph, because lists of dates inside an article (tour dates, timelines) are text. */
static int nd__is_dateline(const char *s, size_t n)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
                                         "aug", "sep", "oct", "nov", "dec"};
    if (n > 90)
        return 0;
    int words = 1;
    for (size_t i = 0; i < n; i++)
        words += s[i] == ' ';
    if (words > 12)
        return 0;
    static const char *const openings[] = {"by ", "updated", "published", "posted", "|"};
    for (size_t k = 0; k < sizeof openings / sizeof openings[0]; k++) {
        size_t m = strlen(openings[k]);
        if (n >= m && !strncasecmp(s, openings[k], m))
            return 1;
    }
    for (size_t i = 0; i < n; i++) {
        int boundary = i == 0 || !isalnum((unsigned char)s[i - 1]);
        if (!boundary)
            continue;
        const char *p = s + i;
        size_t left = n - i;
        int v;
        if (left >= 4 && nd__digits(p, 4, &v) && v >= 1900 && v <= 2099 &&
            (left == 4 || !isalnum((unsigned char)p[4])))
            return 1;
        if (left >= 4 && isdigit((unsigned char)p[0]) &&
            ((p[1] == ':' && nd__digits(p + 2, 2, &v)) ||
             (left >= 5 && isdigit((unsigned char)p[1]) && p[2] == ':' && nd__digits(p + 3, 2, &v))))
            return 1;
        if (left >= 5 && isdigit((unsigned char)p[0])) {
            size_t k = isdigit((unsigned char)p[1]) ? 2 : 1;
            if (k < left && (p[k] == '/' || p[k] == '.') && k + 2 < left &&
                isdigit((unsigned char)p[k + 1]) && isdigit((unsigned char)p[k + 2]) &&
                k + 3 < left && p[k + 3] == p[k])
                return 1;
        }
        if (left >= 5 && isalpha((unsigned char)p[0]))
            for (size_t m = 0; m < 12; m++)
                if (!strncasecmp(p, months[m], 3)) {
                    size_t k = 3;
                    while (k < left && isalpha((unsigned char)p[k]))
                        k++;
                    if (k < left && p[k] == '.')
                        k++;
                    if (k + 1 < left && p[k] == ' ' && isdigit((unsigned char)p[k + 1]))
                        return 1;
                }
    }
    return 0;
}

/* A short paragraph selling the site's newsletter, a staple at the foot of articles. */
static int nd__is_call_to_action(const char *s, size_t n)
{
    if (n > 250)
        return 0;
    char low[256];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)s[i]);
    low[n] = '\0';
    return strstr(low, "newsletter") || strstr(low, "subscribe to") || strstr(low, "subscribe now");
}

static double nd__link_density(const nd__page *pg, const nd__sums *sums, int index)
{
    const nd__element *e = &pg->elements[index];
    size_t text = nd__range_sum(sums->text, e->first_block, e->end_block);
    size_t links = nd__range_sum(sums->links, e->first_block, e->end_block);
    return text ? (double)links / (double)text : 0.0;
}

static int nd__select(nd__page *pg, const char *title, nd__buffer *out)
{
    size_t ne = pg->element_count, nb = pg->block_count;
    if (ne == 0 || nb == 0)
        return ND_EFORMAT;
    nd__element *el = pg->elements;
    nd__block *bl = pg->blocks;
    const char *text = pg->text.data;

    size_t *raw = malloc((nb + 1) * sizeof *raw);
    size_t *kept = malloc((nb + 1) * sizeof *kept);
    size_t *links = malloc((nb + 1) * sizeof *links);
    double *mass = calloc(nb + 1, sizeof *mass);
    char *include = calloc(ne, 1);
    if (!raw || !kept || !links || !mass || !include) {
        free(raw), free(kept), free(links), free(mass), free(include);
        return ND_ENOMEM;
    }
    raw[0] = 0;
    for (size_t i = 0; i < nb; i++)
        raw[i + 1] = raw[i] + bl[i].length;
    size_t total = raw[nb];

    /* Which entries hold article-like descendants: furniture marks above them are mistakes. */
    for (size_t i = ne; i-- > 1;) {
        int p = el[i].parent;
        if (p >= 0 && (el[i].flags & (F_POSITIVE | F_CONTAINS_POSITIVE)) &&
            el[i].kind != K_NAV)
            el[p].flags |= F_CONTAINS_POSITIVE;
    }
    /* Decide furniture top-down: parents come before children in preorder. */
    for (size_t i = 0; i < ne; i++) {
        nd__element *e = &el[i];
        if (e->parent >= 0 && (el[e->parent].flags & F_BOILER)) {
            e->flags |= F_BOILER;
            continue;
        }
        if (e->flags & F_HIDDEN) {
            e->flags |= F_BOILER;
            continue;
        }
        size_t below = nd__range_sum(raw, e->first_block, e->end_block);
        /* HTML nests an <article> in another for comments and related items; one holding
         * less than half of its outer article is such an item. */
        if (e->kind == K_ARTICLE && e->article >= 0 &&
            below * 2 < nd__range_sum(raw, el[e->article].first_block, el[e->article].end_block)) {
            e->flags |= F_BOILER;
            continue;
        }
        if (!(e->flags & F_STRONG) || e->kind == K_BODY || e->parent < 0)
            continue;
        /* A furniture name on something holding most of the page is a layout class. */
        if (below * 2 > total && total > 500)
            continue;
        if ((e->flags & F_CONTAINS_POSITIVE) && below * 4 > total)
            continue;
        e->flags |= F_BOILER;
    }
    kept[0] = links[0] = 0;
    for (size_t i = 0; i < nb; i++) {
        int boiler = bl[i].owner < 0 || (el[bl[i].owner].flags & F_BOILER);
        kept[i + 1] = kept[i] + (boiler ? 0 : bl[i].length);
        links[i + 1] = links[i] + (boiler ? 0 : bl[i].link_length);
    }
    nd__sums sums = {kept, links};

    /* Readability's scoring. */
    for (size_t i = 0; i < nb; i++) {
        const nd__block *b = &bl[i];
        if (b->owner < 0 || (el[b->owner].flags & F_BOILER) || b->length < 25)
            continue;
        int owner = b->owner;
        int k = el[owner].kind;
        if (k == K_H1 || k == K_HEADING || k == K_FIGURE)
            continue;
        double s = 1.0 + nd__count_commas(text + b->offset, b->length);
        s += b->length / 100.0 > 3.0 ? 3.0 : b->length / 100.0;
        s *= 1.0 - (double)b->link_length / (double)b->length;
        mass[i + 1] = b->length >= 80 ? s : 0; /* sentences, not teaser lines */
        int base = (el[owner].flags & F_HAS_BLOCK) ? owner : el[owner].parent;
        if (k == K_LI)
            base = el[owner].parent >= 0 ? el[el[owner].parent].parent : -1;
        for (int level = 0, a = base; a >= 0 && level < 5; level++, a = el[a].parent) {
            if (!el[a].scored) {
                el[a].scored = 1;
                switch (el[a].kind) {
                case K_DIV: case K_ARTICLE: case K_MAIN: el[a].score += 5; break;
                case K_PRE: case K_CELL: case K_QUOTE: el[a].score += 3; break;
                case K_LIST: case K_LI: case K_FORM: el[a].score -= 3; break;
                case K_H1: case K_HEADING: el[a].score -= 5; break;
                default: break;
                }
                el[a].score += el[a].class_weight;
            }
            el[a].score += s / (level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0);
            /* An <article> is a self-contained item: a list of teasers built of them must not
             * add up to outscore the one real article. */
            if (el[a].kind == K_ARTICLE)
                break;
        }
    }
    /* mass: prefix sums of paragraph scores, the amount of article-like text below an entry
     * wherever it sits, which Readability's level-discounted score does not measure. */
    for (size_t i = 0; i < nb; i++)
        mass[i + 1] += mass[i];
    int top = -1;
    double best = 0;
    for (size_t i = 0; i < ne; i++) {
        if (!el[i].scored || (el[i].flags & F_BOILER))
            continue;
        el[i].score *= 1.0 - nd__link_density(pg, &sums, (int)i);
        if (top < 0 || el[i].score > best) {
            best = el[i].score;
            top = (int)i;
        }
    }
    if (top < 0) {
        top = 0; /* nothing scored: take everything that is not furniture */
    } else {
        /* When several strong candidates share an ancestor, the article is split across them.
         * (Readability looks at the five best; the first five good enough in document order
         * serve as well and need no sort.) */
        int alternatives[5], na = 0;
        for (size_t i = 0; i < ne && na < 5; i++)
            if ((int)i != top && el[i].scored && !(el[i].flags & F_BOILER) &&
                el[i].score >= 0.75 * best && !((int)i > top && (int)i < el[top].end) &&
                !(top > (int)i && top < el[i].end))
                alternatives[na++] = (int)i;
        if (na >= 3) {
            for (int a = el[top].parent; a >= 0 && el[a].kind != K_BODY; a = el[a].parent) {
                int inside = 0;
                for (int j = 0; j < na; j++)
                    inside += alternatives[j] > a && alternatives[j] < el[a].end;
                if (inside >= 3) {
                    top = a;
                    break;
                }
            }
        }
        /* A lone child is no better than its parent. */
        while (el[top].parent >= 0 && el[el[top].parent].kind != K_BODY &&
               el[el[top].parent].first_child == top && el[top].next_sibling < 0 &&
               !(el[el[top].parent].flags & F_BOILER) &&
               nd__range_sum(kept, el[el[top].parent].first_block, el[el[top].parent].end_block) ==
                   nd__range_sum(kept, el[top].first_block, el[top].end_block))
            top = el[top].parent;
    }
    /* A container whose other children are all paragraphs is the article continued: text cut
     * by an unclosed <div>, or a standfirst beside the body's own wrapper. */
    for (;;) {
        int p = el[top].parent;
        if (p < 0 || el[p].kind == K_BODY || (el[p].flags & F_BOILER))
            break;
        int paragraphs = 0, other = 0;
        for (int c = el[p].first_child; c >= 0 && !other; c = el[c].next_sibling)
            if (c != top && !(el[c].flags & F_BOILER))
                el[c].kind == K_P ? paragraphs++ : other++;
        if (other || paragraphs == 0)
            break;
        top = p;
    }
    best = el[top].score;

    include[top] = 1;
    int parent = el[top].parent;
    if (parent >= 0) {
        double threshold = best * 0.2 > 10 ? best * 0.2 : 10;
        double top_mass = mass[el[top].end_block] - mass[el[top].first_block];
        for (int s = el[parent].first_child; s >= 0; s = el[s].next_sibling) {
            if (s == top || (el[s].flags & F_BOILER))
                continue;
            double ld = nd__link_density(pg, &sums, s);
            size_t len = nd__range_sum(kept, el[s].first_block, el[s].end_block);
            double m = mass[el[s].end_block] - mass[el[s].first_block];
            if (el[s].scored && el[s].score >= threshold)
                include[s] = 1;
            else if (m > 0 && m >= 0.15 * top_mass && ld < 0.3) /* the article, cut by a picture */
                include[s] = 1;
            else if (el[s].kind == K_P && len > 80 && ld < 0.25)
                include[s] = 1;
            else if (el[s].kind == K_P && len > 0 && len <= 80 && ld == 0.0 &&
                     memchr(text + bl[el[s].first_block].offset, '.',
                            bl[el[s].first_block].length))
                include[s] = 1;
        }
    }

    /* Write out the blocks of the included entries in document order. */
    int written = 0, seen_paragraph = 0, pending_heading = -1;
    size_t title_length = title ? strlen(title) : 0;
    for (size_t i = 0; i < ne; i++) {
        if (!include[i])
            continue;
        for (int j = el[i].first_block; j < el[i].end_block; j++) {
            const nd__block *b = &bl[j];
            const nd__element *o = &el[b->owner];
            if (o->flags & F_BOILER)
                continue;
            if (o->kind == K_H1)
                continue;
            if (b->link_length * 2 > b->length)
                continue;
            if (nd__is_furniture_line(text + b->offset, b->length) ||
                nd__is_call_to_action(text + b->offset, b->length))
                continue;
            /* The headline repeated above the text belongs in the title, not the body. */
            if (b->length == title_length && !strncasecmp(text + b->offset, title, b->length))
                continue;
            /* Lists of links inside the article are "read also" boxes. */
            if (o->kind == K_LI && o->parent >= 0 && nd__link_density(pg, &sums, o->parent) > 0.5)
                continue;
            if (!seen_paragraph && nd__is_dateline(text + b->offset, b->length))
                continue;
            if (b->length >= 100)
                seen_paragraph = 1;
            /* A heading is written only once text follows it: one left over ends a box whose
             * links were dropped ("More from UK") or the page ("Tell us what you think"). */
            if (o->kind == K_HEADING) {
                pending_heading = j;
                continue;
            }
            for (int k = 0; k < 2; k++) {
                const nd__block *w = k == 0 ? (pending_heading >= 0 ? &bl[pending_heading] : NULL) : b;
                if (!w || written >= ND_MAX_PARAGRAPHS ||
                    out->length + w->length + 2 > ND_MAX_ARTICLE_BYTES)
                    continue;
                if (written)
                    nd__buffer_append(out, "\n\n", 2);
                nd__buffer_append_utf8(out, text + w->offset, w->length);
                written++;
            }
            pending_heading = -1;
        }
    }
    free(raw), free(kept), free(links), free(mass), free(include);
    if (out->failed)
        return ND_ENOMEM;
    return written ? ND_OK : ND_EFORMAT;
}

/* ---------------------------------------------------------------------------------------------
 * Titles: drop a " - Site" or " | Site" tail when it names the site or is short next to the rest.
 */
static void nd__strip_site_suffix(char *title, const char *site)
{
    static const char *const separators[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "};
    char *cut = NULL;
    size_t cut_sep = 0;
    for (size_t k = 0; k < sizeof separators / sizeof separators[0]; k++) {
        char *p = title, *last = NULL;
        while ((p = strstr(p, separators[k])) != NULL) {
            last = p;
            p++;
        }
        if (last && (!cut || last > cut)) {
            cut = last;
            cut_sep = strlen(separators[k]);
        }
    }
    if (!cut)
        return;
    const char *tail = cut + cut_sep;
    size_t head_len = (size_t)(cut - title), tail_len = strlen(tail);
    int words = 1;
    for (const char *p = tail; *p; p++)
        words += *p == ' ';
    int names_site = site && (nd__contains_nocase(tail, site) || nd__contains_nocase(site, tail));
    if (names_site || (words <= 4 && tail_len * 2 < head_len && head_len >= 15))
        *cut = '\0';
}

static char *nd__pick_title(nd__page *pg)
{
    const char *site = pg->site_name;
    char *t = NULL;
    if (pg->og_title)
        t = nd__field_copy(pg->og_title);
    if (!t && pg->twitter_title)
        t = nd__field_copy(pg->twitter_title);
    if (!t && pg->h1 && pg->h1_count == 1)
        t = strdup(pg->h1);
    if (!t && pg->title_tag)
        t = strdup(pg->title_tag);
    if (!t && pg->h1)
        t = strdup(pg->h1);
    if (t) {
        nd__strip_site_suffix(t, site);
        if (!*t) {
            free(t);
            t = NULL;
        }
    }
    return t;
}

/* ---------------------------------------------------------------------------------------------
 * Character set: libxml2 honours <meta charset> and http-equiv itself, but without one it assumes
 * Latin-1, which garbles the many UTF-8 pages that declare nothing. So when the first kilobytes
 * declare nothing and the bytes are valid UTF-8, say UTF-8.
 */
static int nd__valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : 0;
        if (need == 0)
            return 0;
        if (i + need >= n)
            return 1; /* a character cut by the end of the input is no evidence against UTF-8 */
        for (size_t k = 1; k <= need; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
        i += need + 1;
    }
    return 1;
}

static int nd__has_bom(const char *html, size_t len)
{
    const unsigned char *s = (const unsigned char *)html;
    return (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) ||
           (len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) || (s[0] == 0xfe && s[1] == 0xff)));
}

static const char *nd__guess_encoding(const char *html, size_t len)
{
    if (len >= 3 && (unsigned char)html[0] == 0xef && (unsigned char)html[1] == 0xbb &&
        (unsigned char)html[2] == 0xbf)
        return "UTF-8";
    if (len >= 2 && (((unsigned char)html[0] == 0xff && (unsigned char)html[1] == 0xfe) ||
                     ((unsigned char)html[0] == 0xfe && (unsigned char)html[1] == 0xff)))
        return NULL; /* UTF-16 with a byte order mark: libxml2 detects it */
    size_t head = len < 8192 ? len : 8192;
    for (size_t i = 0; i + 8 <= head; i++)
        if ((html[i] == 'c' || html[i] == 'C') && strncasecmp(html + i, "charset", 7) == 0)
            return NULL; /* declared: libxml2 follows the declaration */
    return nd__valid_utf8((const unsigned char *)html, len) ? "UTF-8" : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * Depth. libxml2 stops building the tree (silently, with what it has so far) once more than 256
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

typedef struct nd__depth_pass {
    unsigned char stack[ND__HTML_PARSE_DEPTH + ND__HTML_LEAF_DEPTH]; /* open elements' buckets */
    char names[ND__HTML_PARSE_DEPTH + ND__HTML_LEAF_DEPTH][12]; /* their names, lower case, cut */
    int depth;
    unsigned open_count[ND__NAME_BUCKETS];    /* open elements per bucket, for O(1) "not open" */
    unsigned dropped[ND__NAME_BUCKETS];       /* blanked start tags not yet closed, per bucket */
} nd__depth_pass;

static int nd__name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return 1;
    return 0;
}

static const char *const nd__void_tags[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                             "keygen", "link", "meta", "param", "source", "track",
                                             "wbr", "basefont", "frame", "isindex", NULL};
static const char *const nd__raw_tags[] = {"script", "style", "textarea", "title", "xmp", "iframe",
                                            "noembed", "noframes", NULL};
static const char *const nd__sibling_tags[] = {"li", "dt", "dd", "p", "option", "tr", "td", "th", NULL};
static const char *const nd__implied_tags[] = {"html", "head", "body", NULL};
/* Elements that cannot hold themselves (the parser closes one when the next opens), kept past
 * the depth limit so that paragraphs deep down stay paragraphs. */
static const char *const nd__leaf_tags[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt",
                                             "dd", "tr", "td", "th", "option", NULL};

static unsigned nd__bucket(const char *name)
{
    unsigned h = 2166136261u;
    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 16777619u;
    return h % ND__NAME_BUCKETS;
}

static void nd__depth_pop(nd__depth_pass *d)
{
    d->depth--;
    d->open_count[d->stack[d->depth]]--;
}

/* Returns a copy of the page with too-deep tags blanked (malloc'd, `len` bytes) or NULL when
 * nothing needed blanking (or no memory: the page is then parsed as it is). */
static char *nd__flatten_deep(const char *html, size_t len, size_t *flattened)
{
    nd__depth_pass *d = calloc(1, sizeof *d);
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
        if (i >= len || !isalpha((unsigned char)html[i]))
            continue;
        char name[12];
        size_t n = 0;
        while (i < len && (isalnum((unsigned char)html[i]) || html[i] == '-' || html[i] == ':')) {
            if (n < sizeof name - 1)
                name[n++] = (char)tolower((unsigned char)html[i]);
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
        if (nd__name_in(name, nd__implied_tags))
            continue;
        unsigned b = nd__bucket(name);
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
                        nd__depth_pop(d);
            }
        } else if (!nd__name_in(name, nd__void_tags) && !self_closing) {
            /* an open sibling closes (a block inside a paragraph is counted as nested: libxml2
             * may close the paragraph, and overcounting is the safe side) */
            if (d->depth > 0 && nd__name_in(name, nd__sibling_tags) && strcmp(d->names[d->depth - 1], name) == 0)
                nd__depth_pop(d);
            if (d->depth < ND__HTML_PARSE_DEPTH ||
                (d->depth < ND__HTML_PARSE_DEPTH + ND__HTML_LEAF_DEPTH && nd__name_in(name, nd__leaf_tags))) {
                d->stack[d->depth] = (unsigned char)b;
                memcpy(d->names[d->depth], name, n + 1);
                d->depth++;
                d->open_count[b]++;
            } else {
                d->dropped[b]++;
                blank = 1;
            }
            if (nd__name_in(name, nd__raw_tags)) {
                /* raw text: to its end tag */
                size_t k = i;
                while (k < len) {
                    const char *close = memchr(html + k, '<', len - k);
                    if (!close)
                        break;
                    k = (size_t)(close - html) + 1;
                    if (k + n < len && html[k] == '/' && strncasecmp(html + k + 1, name, n) == 0)
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

/* ---------------------------------------------------------------------------------------------
 * The interface.
 */
static void nd__page_free(nd__page *pg)
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

static int nd__extract(const char *html, size_t len, const char *charset, nd__html_doc *doc, int nested);

int nd__html_extract_charset(const char *html, size_t len, const char *charset, nd__html_doc *doc)
{
    return nd__extract(html, len, charset, doc, 0);
}

/* The article as a script carried it (pg->json_body), as paragraphs: HTML is extracted (one
 * level down, scripts not consulted again), text split at its line ends. NULL when none. */
static char *nd__script_article(const char *json_body, size_t *out_len)
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
        int rc = nd__extract(page, strlen(page), "UTF-8", &inner, 1);
        free(page);
        if (rc != ND_OK)
            return NULL;
        char *body = inner.body;
        *out_len = inner.body_len;
        inner.body = NULL;
        nd__html_doc_free(&inner);
        return body;
    }
    nd__buffer out = {NULL, 0, 0, 3u * ND_MAX_ARTICLE_BYTES + 8, 0};
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(json_body + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - json_body) : len;
        size_t a = i, b = end;
        while (a < b && isspace((unsigned char)json_body[a]))
            a++;
        while (b > a && isspace((unsigned char)json_body[b - 1]))
            b--;
        if (b > a) {
            if (out.length)
                nd__buffer_append(&out, "\n\n", 2);
            nd__buffer_append_utf8(&out, json_body + a, b - a);
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

static int nd__extract(const char *html, size_t len, const char *charset, nd__html_doc *doc, int nested)
{
    if (!doc)
        return ND_EFORMAT;
    memset(doc, 0, sizeof *doc);
    if (!html || len == 0)
        return ND_EFORMAT;
    if (len > ND_MAX_FILE_BYTES)
        len = ND_MAX_FILE_BYTES; /* the reader skips larger files; this keeps int sizes safe */

    nd__page pg;
    memset(&pg, 0, sizeof pg);
    pg.current = -1;
    pg.text.ceiling = ND__HTML_MAX_TEXT_BYTES;
    /* A byte order mark outranks the transport's charset, which outranks the page's own. */
    const char *encoding = nd__guess_encoding(html, len);
    if (charset && charset[0] && !nd__has_bom(html, len))
        encoding = charset;
    /* Parsed as it is; only when libxml2 gave up on the depth (its thread's last error says
     * so) is the page flattened (nd__flatten_deep) and parsed again, so ordinary pages pay
     * nothing for it. */
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    xmlResetLastError();
    pg.tree = htmlReadMemory(html, (int)len, NULL, encoding, options);
    const xmlError *error = xmlGetLastError();
    if (pg.tree && error && error->code == XML_ERR_INTERNAL_ERROR && error->message &&
        strstr(error->message, "Excessive depth")) {
        size_t flattened = 0;
        char *shallow = nd__flatten_deep(html, len, &flattened);
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
        nd__page_free(&pg);
        return ND_EFORMAT;
    }
    nd__walk(&pg, root);
    if (pg.no_memory) {
        nd__page_free(&pg);
        return ND_ENOMEM;
    }

    char *title = nd__pick_title(&pg);
    /* room for the replacement characters of a page of invalid bytes */
    nd__buffer body = {NULL, 0, 0, 3u * ND_MAX_ARTICLE_BYTES + 8, 0};
    int status = nd__select(&pg, title, &body);
    if (status == ND_OK && body.length == 0)
        status = ND_EFORMAT;
    if (!nested && pg.json_body && status != ND_ENOMEM) {
        /* The markup holds much less than a script does: a page built in the browser. */
        size_t script_len = 0;
        char *script = nd__script_article(pg.json_body, &script_len);
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
        nd__page_free(&pg);
        return status;
    }
    doc->body = body.data;
    doc->body_len = body.length;
    doc->title = title;
    doc->url = nd__field_copy(pg.canonical ? pg.canonical : pg.og_url);
    doc->source = nd__field_copy(pg.site_name);
    const char *date = pg.date_meta       ? pg.date_meta
                       : pg.date_jsonld   ? pg.date_jsonld
                       : pg.date_itemprop ? pg.date_itemprop
                                          : pg.date_time;
    doc->published = date ? strdup(date) : NULL;
    nd__page_free(&pg);
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
            if (i + m <= n && strncasecmp(data + i, strong[k], m) == 0 &&
                (i + m == n || !isalnum((unsigned char)data[i + m])))
                return 1;
        }
        for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
            size_t m = strlen(tags[k]);
            if (i + m <= n && strncasecmp(data + i, tags[k], m) == 0) {
                count++;
                break;
            }
        }
        if (count >= 3)
            return 1;
    }
    return 0;
}
