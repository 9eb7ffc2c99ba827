/*
 * test_extract.c: unit tests of the extraction stage on our own small texts, with a gazetteer
 * of invented places written for the test: the name folding, and one test per hard case (a
 * pronoun speaker, two people with one surname, dates in the previous month and year, a quote
 * over two paragraphs, transliterations across articles, an undated article dated by its story).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "desk.h"
#include "extract.h"
#include "text.h"
#include "newsdesk.h"

static const char places[] = "norland\tcountry\tNorland\tXN\t61.5\t9.25\n"
                             "norlandic\tdemonym\tNorland\tXN\t61.5\t9.25\n"
                             "portwick\tcity\tPortwick\tXN\t60.125\t8.5\n";

static const char feed[] =
    "{\"id\": \"a\", \"published\": \"2021-03-02\", \"text\": \"PORTWICK - Norlandic Harbour Minister Alan Varro "
    "toured the docks on Friday.\\n\\n\\\"We will rebuild every quay before the storms,\\\" he said.\"}\n"
    "{\"id\": \"b\", \"published\": \"2021-01-04\", \"text\": \"Former President Hafez al-Kadri and his son, "
    "Defence Minister Samir al-Kadri, met in Portwick on December 28.\\n\\n\\\"The old agreements still bind "
    "our nations,\\\" al-Kadri added.\"}\n"
    "{\"id\": \"c\", \"published\": \"2021-06-10\", \"text\": \"Mayor Lena Ostrova opened the bridge in Portwick "
    "yesterday, the Norland Daily reported.\\n\\n\\u201cThis bridge joins two towns that were one.\\n\\n"
    "\\u201cIt will carry the school buses first,\\u201d said Mayor Ostrova.\"}\n"
    "{\"id\": \"d\", \"text\": \"Army chief Gen. Omar Bagheri arrived in Portwick on Tuesday to meet Alan Varro.\"}\n"
    "{\"id\": \"e\", \"published\": \"2021-03-04\", \"text\": \"Maj. Gen. Omar Baqeri met Minister Alan Varro "
    "in Portwick on Thursday. Baqeri said that the ports would open again.\"}\n";

static const nd_entity *find_entity(const nd_facts *f, nd_entity_type type, const char *name)
{
    for (size_t i = 0; i < f->entity_count; i++)
        if (f->entities[i].type == type && strcmp(f->entities[i].name, name) == 0)
            return &f->entities[i];
    return NULL;
}

static size_t count_type(const nd_facts *f, nd_entity_type type)
{
    size_t n = 0;
    for (size_t i = 0; i < f->entity_count; i++)
        n += f->entities[i].type == type;
    return n;
}

static const char *date_value(tdesk *desk, const nd_facts *f, size_t article, const char *text)
{
    const char *body = nd_article_body(tdesk_article(desk, article), NULL);
    for (size_t i = 0; i < f->date_count; i++)
        if (strncmp(body + f->dates[i].span.start, text, strlen(text)) == 0)
            return f->dates[i].value;
    return NULL;
}

static void test_fold(void)
{
    char a[64], b[64];
    nd__text_fold_name("Baqeri", 6, a, sizeof a);
    nd__text_fold_name("Bagheri", 7, b, sizeof b);
    CHECK_STR(a, b);
    nd__text_fold_name("Ayoub", 5, a, sizeof a);
    nd__text_fold_name("Ayyoub", 6, b, sizeof b);
    CHECK_STR(a, b);
    nd__text_fold_name("Bashar al-Assad", 15, a, sizeof a);
    nd__text_fold_name("Bashar al Assad", 15, b, sizeof b);
    CHECK_STR(a, b);
    nd__text_fold_name("Bashar Al-Assad", 15, b, sizeof b);
    CHECK_STR(a, b);
    nd__text_fold_name("Hafez al-Kadri", 14, b, sizeof b);
    CHECK(strcmp(a, b) != 0);
    CHECK_INT(nd__text_fold_name("Anything", 8, a, 1), 0); /* a ceiling of one byte: just the NUL */
}

static void test_articles(void)
{
    char path[] = "/tmp/nd_test_places_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(places, f);
    fclose(f);
    nd_gazetteer *g = NULL;
    CHECK_INT(nd_gazetteer_load(path, &g), ND_OK);
    remove(path);
    CHECK_INT(nd_gazetteer_count(g), 3);

    tdesk *desk = tdesk_new(NULL);
    CHECK_INT(tdesk_read_buffer(desk, "feed.jsonl", feed, strlen(feed)), ND_OK);
    tdesk_facts *x = NULL;
    CHECK_INT(tdesk_extract(desk, g, &x), ND_OK);
    CHECK_INT(tdesk_facts_count(x), 5);

    /* a: pronoun speaker, a demonym that is no place ("Norlandic"), dateline, a date in the
     * previous month */
    const nd_facts *a = tdesk_facts_of(x, 0);
    const nd_entity *varro = find_entity(a, ND_ENTITY_PERSON, "Alan Varro");
    CHECK(varro != NULL);
    CHECK(find_entity(a, ND_ENTITY_PLACE, "Norland") == NULL);
    CHECK(find_entity(a, ND_ENTITY_PLACE, "Norlandic") == NULL);
    CHECK_INT(a->quote_count, 1);
    if (a->quote_count)
        CHECK_STR(a->entities[a->quotes[0].speaker].name, "Alan Varro");
    CHECK_STR(date_value(desk, a, 0, "on Friday"), "2021-02-26");
    CHECK(a->where >= 0 && a->entities[a->where].has_coordinates);

    /* b: two people with one surname stay two; the bare surname goes to the nearest; last year */
    const nd_facts *b = tdesk_facts_of(x, 1);
    CHECK_INT(count_type(b, ND_ENTITY_PERSON), 2);
    CHECK(find_entity(b, ND_ENTITY_PERSON, "Hafez al-Kadri") != NULL);
    CHECK(find_entity(b, ND_ENTITY_PERSON, "Samir al-Kadri") != NULL);
    CHECK_INT(b->quote_count, 1);
    if (b->quote_count)
        CHECK_STR(b->entities[b->quotes[0].speaker].name, "Samir al-Kadri");
    CHECK_STR(date_value(desk, b, 1, "on December 28"), "2020-12-28");

    /* c: one quote over two paragraphs; a cited newspaper; yesterday */
    const nd_facts *c = tdesk_facts_of(x, 2);
    CHECK_INT(c->quote_count, 1);
    if (c->quote_count) {
        const char *body = nd_article_body(tdesk_article(desk, 2), NULL);
        CHECK(strncmp(body + c->quotes[0].span.start, "This bridge", 11) == 0);
        CHECK(memchr(body + c->quotes[0].span.start, '\n', c->quotes[0].span.end - c->quotes[0].span.start) != NULL);
        CHECK_STR(c->entities[c->quotes[0].speaker].name, "Lena Ostrova");
    }
    CHECK_INT(c->cite_count, 1);
    CHECK(find_entity(c, ND_ENTITY_ORGANISATION, "Norland Daily") != NULL);
    CHECK_STR(date_value(desk, c, 2, "yesterday"), "2021-06-09");

    /* d and e: Bagheri = Baqeri across articles; d has no date and takes e's (its story) */
    const nd_facts *d = tdesk_facts_of(x, 3), *e = tdesk_facts_of(x, 4);
    const nd_entity *d_omar = d->entity_count ? &d->entities[0] : NULL;
    const nd_entity *e_omar = e->entity_count ? &e->entities[0] : NULL;
    CHECK(d_omar && e_omar && strcmp(d_omar->name, e_omar->name) == 0);
    CHECK_STR(d->date_source, "story");
    CHECK_STR(d->reference_date, "2021-03-04");
    CHECK_STR(date_value(desk, d, 3, "on Tuesday"), "2021-03-02");
    CHECK_INT(e->quote_count, 1);
    CHECK(e->quote_count && !e->quotes[0].direct);

    tdesk_facts_free(x);
    tdesk_free(desk);
    nd_gazetteer_free(g);
    tdesk_facts_free(NULL);
    nd_gazetteer_free(NULL);
    CHECK_INT(nd_gazetteer_load("/nonexistent/places.tsv", &g), ND_EIO);
    CHECK(g == NULL);
}

/* A nationality is not a place, even when the gazetteer gives it to several countries first to
 * the wrong one (world-countries lists "American" for the Northern Mariana Islands first). */
static void test_nationality(void)
{
    char path[] = "/tmp/nd_test_places_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("islandia\tcountry\tIslandia\tXI\t10\t10\n"
          "greatland\tcountry\tGreatland\tXG\t40\t-90\n"
          "greatlandic\tdemonym\tIslandia\tXI\t10\t10\n"
          "greatlandic\tdemonym\tGreatland\tXG\t40\t-90\n"
          "portwick\tcity\tPortwick\tXG\t41\t-91\n", f);
    fclose(f);
    nd_gazetteer *g = NULL;
    CHECK_INT(nd_gazetteer_load(path, &g), ND_OK);
    remove(path);
    const char *feed = "{\"id\": \"n\", \"text\": \"Greatlandic officials said the talks in Portwick would "
                       "resume next week.\"}\n";
    tdesk *desk = tdesk_new(NULL);
    CHECK_INT(tdesk_read_buffer(desk, "feed.jsonl", feed, strlen(feed)), ND_OK);
    tdesk_facts *x = NULL;
    CHECK_INT(tdesk_extract(desk, g, &x), ND_OK);
    const nd_facts *a = x ? tdesk_facts_of(x, 0) : NULL;
    if (a) {
        CHECK(find_entity(a, ND_ENTITY_PLACE, "Islandia") == NULL);
        CHECK(find_entity(a, ND_ENTITY_PLACE, "Greatland") == NULL);
        CHECK(find_entity(a, ND_ENTITY_PLACE, "Portwick") != NULL);
    }
    tdesk_facts_free(x);
    tdesk_free(desk);
    nd_gazetteer_free(g);
}

int main(void)
{
    test_fold();
    test_articles();
    test_nationality();
    return CHECK_DONE();
}
