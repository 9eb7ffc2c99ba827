/*
 * html_names.c: furniture by name. Reads an element's class, id, role, itemprop, hidden and
 * style into flags (furniture, strong or decisive, article text, hidden) and Readability's class
 * weight. Class and id names are matched as lower-case substrings, the way Readability does:
 * sites compose them freely (comment-list, c-share__item, relatedStories).
 */
#include "html_page.h"

#include <string.h>

static const char *const strong_negative[] = {
    "comment", "disqus", "share", "sharing", "social-", "related", "newsletter", "subscri",
    "promo", "advert", "sponsor", "outbrain", "taboola", "cookie", "consent", "breadcrumb",
    "sidebar", "popup", "modal", "recommend", "trending", "most-popular", "mostpopular",
    "most-read", "signup", "sign-up", "skip-link", "skiplink", "masthead", "navbar", "nav-",
    "-nav", "_nav", "menu", "footer", "byline", "author", "tags", "tag-list", "pagination", "pager", "toolbar", "gdpr", "banner", "read-more", "readmore",
    "more-stories", "recirc", "print-", "login", "caption", "credit", "timestamp", "meta-",
    "copyright", "disclaimer", "correction-", "teaser", "excerpt", "keypoints", "key-points",
};

static const char *const decisive_negative[] = {
    "comment", "disqus", "share", "sharing", "newsletter", "advert", "sponsor",
    "outbrain", "taboola", "cookie", "recommend", "popup", "modal", "related", "author",
};

static const char *const positive_names[] = {
    "article", "body", "content", "entry", "main", "post", "story", "text", "blog", "hentry",
};

/* Readability's class weight lists. */
static const char *const weight_negative[] = {
    "-ad-",   "banner", "combx", "comment", "com-",     "contact", "foot",    "footnote",
    "gdpr",   "masthead", "media", "meta",  "outbrain", "promo",   "related", "scroll",
    "share",  "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool",
    "widget",
};
static const char *const weight_positive[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog",    "story",
};

/* The pairs of adjacent bytes of a name list, hashed into 1024 bits: a pattern whose first two
 * bytes are not a pair of the names cannot occur in them, so most patterns need no strstr. */
typedef struct pairs {
    uint64_t bits[16];
} pairs;

static unsigned pair_hash(unsigned char a, unsigned char b) { return ((unsigned)a * 31u + b) & 1023u; }

static void pairs_of(const char *s, pairs *pairs)
{
    memset(pairs, 0, sizeof *pairs);
    for (; s[0] && s[1]; s++) {
        unsigned h = pair_hash((unsigned char)s[0], (unsigned char)s[1]);
        pairs->bits[h >> 6] |= 1ull << (h & 63);
    }
}

static int any_of(const char *s, const pairs *pairs, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *p = list[i];
        unsigned h = pair_hash((unsigned char)p[0], (unsigned char)p[1]);
        if ((pairs->bits[h >> 6] >> (h & 63) & 1) && strstr(s, p))
            return 1;
    }
    return 0;
}

/* Whole-token match of "ad"/"ads" in a class list: "ad-slot", "ads", "top_ad" but not "head". */
static int has_ad_token(const char *s)
{
    for (const char *p = s; *p;) {
        while (*p && !nd__html_is_alnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && nd__html_is_alnum((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - start);
        if ((n == 2 && strncmp(start, "ad", 2) == 0) || (n == 3 && strncmp(start, "ads", 3) == 0) ||
            (n == 5 && strncmp(start, "adunit", 5) == 0))
            return 1;
    }
    return 0;
}

/* Reads the class, id, role, itemprop, hidden and style of an element into flags and weight. */
void nd__html_judge_names(const xmlNode *node, int kind, unsigned char *flags, int *weight)
{
    char names[512];
    size_t n = 0;
    const char *cls = nd__html_attr(node, "class"), *id = nd__html_attr(node, "id");
    const char *parts[2] = {cls, id};
    for (int k = 0; k < 2; k++) {
        if (!parts[k])
            continue;
        for (const char *p = parts[k]; *p && n + 2 < sizeof names; p++)
            names[n++] = (char)nd__to_lower((unsigned char)*p);
        if (n + 2 < sizeof names)
            names[n++] = ' ';
    }
    names[n] = '\0';
    *flags = 0;
    *weight = 0;
    if (n) {
        pairs pairs;
        pairs_of(names, &pairs);
        int negative = any_of(names, &pairs, strong_negative,
                                  sizeof strong_negative / sizeof strong_negative[0]) ||
                       has_ad_token(names);
        int positive = any_of(names, &pairs, positive_names, sizeof positive_names / sizeof positive_names[0]);
        /* Embedded posts (tweets, Instagram) sit in "social-embed" boxes but are quoted text. */
        if (strstr(names, "social-media-embed") || strstr(names, "tweet") ||
            strstr(names, "instagram-media"))
            negative = 0;
        /* Some marks are never worn by the article itself, whatever else the name says
         * ("post-share", "entry-comments"); the others yield to a content word
         * ("entry-content-read-more"). */
        int decisive = any_of(names, &pairs, decisive_negative,
                                  sizeof decisive_negative / sizeof decisive_negative[0]);
        if (negative)
            *flags |= F_NEGATIVE | (positive && !decisive ? 0 : F_STRONG);
        if (positive && !negative)
            *flags |= F_POSITIVE;
        if (any_of(names, &pairs, weight_negative,
                       sizeof weight_negative / sizeof weight_negative[0]))
            *weight -= 25;
        if (any_of(names, &pairs, weight_positive,
                       sizeof weight_positive / sizeof weight_positive[0]))
            *weight += 25;
    }
    const char *role = nd__html_attr(node, "role");
    if (role) {
        if (nd__html_same_ci(role, "navigation") || nd__html_same_ci(role, "complementary") ||
            nd__html_same_ci(role, "banner") || nd__html_same_ci(role, "contentinfo") ||
            nd__html_same_ci(role, "dialog") || nd__html_same_ci(role, "alertdialog") ||
            nd__html_same_ci(role, "menu") || nd__html_same_ci(role, "menubar"))
            *flags |= F_NEGATIVE | F_STRONG;
        else if (nd__html_same_ci(role, "main") || nd__html_same_ci(role, "article"))
            *flags |= F_POSITIVE;
    }
    const char *itemprop = nd__html_attr(node, "itemprop");
    if (itemprop && nd__html_contains_ci(itemprop, "articleBody")) {
        *flags = (unsigned char)((*flags & ~(F_NEGATIVE | F_STRONG)) | F_POSITIVE);
        *weight += 25;
    }
    if (kind == K_NAV || (kind == K_FIGURE && !strcmp((const char *)node->name, "figcaption")))
        *flags |= F_NEGATIVE | F_STRONG;
    if (kind == K_ARTICLE || kind == K_MAIN)
        *flags |= F_POSITIVE;
    const char *style = nd__html_attr(node, "style");
    if (nd__html_attr(node, "hidden") ||
        (style && (strstr(style, "display:none") || strstr(style, "display: none") ||
                   strstr(style, "visibility:hidden") || strstr(style, "visibility: hidden"))))
        *flags |= F_HIDDEN;
    const char *aria = nd__html_attr(node, "aria-hidden");
    if (aria && nd__html_same_ci(aria, "true"))
        *flags |= F_HIDDEN;
}
