/*
 * html_select.c: passes 2 and 3 of the HTML reader. Elements whose tag, role, class or id mark
 * them as page furniture are set aside, unless they hold most of the page's text; so are
 * <article>s nested in a larger one. The remaining text is scored the way Readability does
 * (paragraph length and commas, credited to the parent and, less, to older ancestors,
 * discounted by link density). The best container wins, siblings of similar quality join it,
 * and its blocks are written out minus link-heavy lines, fixed furniture phrases, bylines
 * before the text and headings that nothing follows.
 */
#include "html_page.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t *text;  /* prefix sums over blocks of kept bytes */
    size_t *links; /* ... of kept link bytes */
} sums;

static size_t range_sum(const size_t *prefix, int first, int end)
{
    return prefix[end] - prefix[first];
}

static int count_commas(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',')
            c++;
    return c;
}

/* Lines that are furniture whatever their container: ad labels and calls to action. */
static int is_furniture_line(const char *s, size_t n)
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
        digits += nd__is_digit((unsigned char)s[i]) != 0;
        letters += nd__is_alpha((unsigned char)s[i]) != 0;
        of |= i + 3 < n && !strncmp(s + i, " of ", 4);
    }
    if (digits && (of || memchr(s, '/', n)) && n < 24 && letters <= 8)
        return 1;
    char low[48];
    size_t m = 0;
    for (size_t i = 0; i < n && m < sizeof low - 1; i++)
        low[m++] = (char)nd__to_lower((unsigned char)s[i]);
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
static int is_dateline(const char *s, size_t n)
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
        if (n >= m && nd__html_prefix_ci(s, openings[k], m))
            return 1;
    }
    for (size_t i = 0; i < n; i++) {
        int boundary = i == 0 || !nd__html_is_alnum((unsigned char)s[i - 1]);
        if (!boundary)
            continue;
        const char *p = s + i;
        size_t left = n - i;
        int v;
        if (left >= 4 && nd__html_digits(p, 4, &v) && v >= 1900 && v <= 2099 &&
            (left == 4 || !nd__html_is_alnum((unsigned char)p[4])))
            return 1;
        if (left >= 4 && nd__is_digit((unsigned char)p[0]) &&
            ((p[1] == ':' && nd__html_digits(p + 2, 2, &v)) ||
             (left >= 5 && nd__is_digit((unsigned char)p[1]) && p[2] == ':' && nd__html_digits(p + 3, 2, &v))))
            return 1;
        if (left >= 5 && nd__is_digit((unsigned char)p[0])) {
            size_t k = nd__is_digit((unsigned char)p[1]) ? 2 : 1;
            if (k < left && (p[k] == '/' || p[k] == '.') && k + 2 < left &&
                nd__is_digit((unsigned char)p[k + 1]) && nd__is_digit((unsigned char)p[k + 2]) &&
                k + 3 < left && p[k + 3] == p[k])
                return 1;
        }
        if (left >= 5 && nd__is_alpha((unsigned char)p[0]))
            for (size_t m = 0; m < 12; m++)
                if (nd__html_prefix_ci(p, months[m], 3)) {
                    size_t k = 3;
                    while (k < left && nd__is_alpha((unsigned char)p[k]))
                        k++;
                    if (k < left && p[k] == '.')
                        k++;
                    if (k + 1 < left && p[k] == ' ' && nd__is_digit((unsigned char)p[k + 1]))
                        return 1;
                }
    }
    return 0;
}

/* A short paragraph selling the site's newsletter, a staple at the foot of articles. */
static int is_call_to_action(const char *s, size_t n)
{
    if (n > 250)
        return 0;
    char low[256];
    for (size_t i = 0; i < n; i++)
        low[i] = (char)nd__to_lower((unsigned char)s[i]);
    low[n] = '\0';
    return strstr(low, "newsletter") || strstr(low, "subscribe to") || strstr(low, "subscribe now");
}

static double link_density(const nd__html_page *pg, const sums *sums, int index)
{
    const nd__html_element *e = &pg->elements[index];
    size_t text = range_sum(sums->text, e->first_block, e->end_block);
    size_t links = range_sum(sums->links, e->first_block, e->end_block);
    return text ? (double)links / (double)text : 0.0;
}

int nd__html_select(nd__html_page *pg, const char *title, nd__html_buffer *out)
{
    size_t ne = pg->element_count, nb = pg->block_count;
    if (ne == 0 || nb == 0)
        return ND_EFORMAT;
    nd__html_element *el = pg->elements;
    nd__html_block *bl = pg->blocks;
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
        nd__html_element *e = &el[i];
        if (e->parent >= 0 && (el[e->parent].flags & F_BOILER)) {
            e->flags |= F_BOILER;
            continue;
        }
        if (e->flags & F_HIDDEN) {
            e->flags |= F_BOILER;
            continue;
        }
        size_t below = range_sum(raw, e->first_block, e->end_block);
        /* HTML nests an <article> in another for comments and related items; one holding
         * less than half of its outer article is such an item. */
        if (e->kind == K_ARTICLE && e->article >= 0 &&
            below * 2 < range_sum(raw, el[e->article].first_block, el[e->article].end_block)) {
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
    sums sums = {kept, links};

    /* Readability's scoring. */
    for (size_t i = 0; i < nb; i++) {
        const nd__html_block *b = &bl[i];
        if (b->owner < 0 || (el[b->owner].flags & F_BOILER) || b->length < 25)
            continue;
        int owner = b->owner;
        int k = el[owner].kind;
        if (k == K_H1 || k == K_HEADING || k == K_FIGURE)
            continue;
        double s = 1.0 + count_commas(text + b->offset, b->length);
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
        el[i].score *= 1.0 - link_density(pg, &sums, (int)i);
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
               range_sum(kept, el[el[top].parent].first_block, el[el[top].parent].end_block) ==
                   range_sum(kept, el[top].first_block, el[top].end_block))
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
            double ld = link_density(pg, &sums, s);
            size_t len = range_sum(kept, el[s].first_block, el[s].end_block);
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
            const nd__html_block *b = &bl[j];
            const nd__html_element *o = &el[b->owner];
            if (o->flags & F_BOILER)
                continue;
            if (o->kind == K_H1)
                continue;
            if (b->link_length * 2 > b->length)
                continue;
            if (is_furniture_line(text + b->offset, b->length) ||
                is_call_to_action(text + b->offset, b->length))
                continue;
            /* The headline repeated above the text belongs in the title, not the body. */
            if (b->length == title_length && nd__html_prefix_ci(text + b->offset, title, b->length))
                continue;
            /* Lists of links inside the article are "read also" boxes. */
            if (o->kind == K_LI && o->parent >= 0 && link_density(pg, &sums, o->parent) > 0.5)
                continue;
            if (!seen_paragraph && is_dateline(text + b->offset, b->length))
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
                const nd__html_block *w = k == 0 ? (pending_heading >= 0 ? &bl[pending_heading] : NULL) : b;
                if (!w || written >= ND_MAX_PARAGRAPHS ||
                    out->length + w->length + 2 > ND_MAX_ARTICLE_BYTES)
                    continue;
                if (written)
                    nd__html_buffer_append(out, "\n\n", 2);
                nd__html_buffer_append_utf8(out, text + w->offset, w->length);
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
