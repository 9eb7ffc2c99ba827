/*
 * html_title.c: the headline: Open Graph, JSON-LD "headline", Twitter, the article's own <h1>
 * (inside <article>/<main>, outside site headers and menus), <title>, then any <h1>, with a
 * " - Site" or " | Site" tail dropped when it names the site or is short next to the rest.
 */
#include "html_page.h"

#include <stdlib.h>
#include <string.h>

static void strip_site_suffix(char *title, const char *site)
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
    int names_site = site && (nd__html_contains_ci(tail, site) || nd__html_contains_ci(site, tail));
    if (names_site || (words <= 4 && tail_len * 2 < head_len && head_len >= 15))
        *cut = '\0';
}

char *nd__html_pick_title(nd__html_page *pg)
{
    const char *site = pg->site_name;
    char *t = NULL;
    int tagged = 0; /* from a tag that often carries the site's name after the headline */
    if (pg->og_title)
        t = nd__html_field_copy(pg->og_title), tagged = 1;
    if (!t && pg->headline_jsonld)
        t = strdup(pg->headline_jsonld), tagged = 0;
    if (!t && pg->twitter_title)
        t = nd__html_field_copy(pg->twitter_title), tagged = 1;
    /* the article's own heading, before any <h1> of the site's header or menus */
    if (!t && pg->h1_article && pg->h1_article_count == 1)
        t = strdup(pg->h1_article), tagged = 1;
    if (!t && pg->h1_content && pg->h1_content_count == 1)
        t = strdup(pg->h1_content), tagged = 1;
    if (!t && pg->title_tag)
        t = strdup(pg->title_tag), tagged = 1;
    if (!t && pg->h1_content)
        t = strdup(pg->h1_content), tagged = 1;
    if (!t && pg->h1)
        t = strdup(pg->h1), tagged = 1;
    if (t) {
        if (tagged)
            strip_site_suffix(t, site);
        if (!*t) {
            free(t);
            t = NULL;
        }
    }
    return t;
}
