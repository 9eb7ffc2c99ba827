/*
 * html_title.c: the headline: Open Graph, Twitter, a lone <h1>, <title>, then any <h1>, with a
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
    if (pg->og_title)
        t = nd__html_field_copy(pg->og_title);
    if (!t && pg->twitter_title)
        t = nd__html_field_copy(pg->twitter_title);
    if (!t && pg->h1 && pg->h1_count == 1)
        t = strdup(pg->h1);
    if (!t && pg->title_tag)
        t = strdup(pg->title_tag);
    if (!t && pg->h1)
        t = strdup(pg->h1);
    if (t) {
        strip_site_suffix(t, site);
        if (!*t) {
            free(t);
            t = NULL;
        }
    }
    return t;
}
