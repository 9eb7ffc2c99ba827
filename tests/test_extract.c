/*
 * test_extract.c: unit tests of the extraction stage on our own small texts, with a gazetteer
 * of invented places written for the test: one test per hard case (a pronoun speaker, two people
 * with one surname, dates in the previous month and year, a quote over two paragraphs,
 * transliterations across articles, an undated article dated by its story), weekdays by tense,
 * and the speakers of quotes. Name folding itself is text.c's and tested in test_text.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "desk.h"
#include "extract.h"
#include "gazetteer.h"
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

/* A gazetteer of our own, written to a temporary file and loaded; NULL (and a failed check) when
 * it does not load. */
static nd_gazetteer *load_places(const char *lines)
{
    char path[] = "/tmp/nd_test_places_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    fputs(lines, f);
    fclose(f);
    nd_gazetteer *g = NULL;
    CHECK_INT(nd_gazetteer_load(path, &g), ND_OK);
    remove(path);
    return g;
}

static void test_articles(void)
{
    nd_gazetteer *g = load_places(places);
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
    nd_gazetteer *g = load_places("islandia\tcountry\tIslandia\tXI\t10\t10\n"
                                  "greatland\tcountry\tGreatland\tXG\t40\t-90\n"
                                  "greatlandic\tdemonym\tIslandia\tXI\t10\t10\n"
                                  "greatlandic\tdemonym\tGreatland\tXG\t40\t-90\n"
                                  "portwick\tcity\tPortwick\tXG\t41\t-91\n");
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

/* Weekdays resolved by the tense of their clause against the publication day, Thursday
 * 2026-04-09: the past looks back (the day itself included), the future ahead. */
static void test_weekday_tense(void)
{
    const char *feed =
        "{\"id\": \"w\", \"published\": \"2026-04-09\", \"text\": \"The harbour master said on Wednesday "
        "that the quay was safe. The council will vote on Wednesday. Two ferries collided on Thursday morning. "
        "The hearing is scheduled for Monday. Divers searched the wreck last Thursday. Officials, who will "
        "meet again soon, said on Tuesday that the divers were safe. Repairs should go on until Saturday.\"}\n";
    tdesk *desk = tdesk_new(NULL);
    CHECK_INT(tdesk_read_buffer(desk, "feed.jsonl", feed, strlen(feed)), ND_OK);
    tdesk_facts *x = NULL;
    CHECK_INT(tdesk_extract(desk, NULL, &x), ND_OK);
    const nd_facts *a = x ? tdesk_facts_of(x, 0) : NULL;
    if (a) {
        const char *body = nd_article_body(tdesk_article(desk, 0), NULL);
        const char *said = strstr(body, "on Wednesday"), *will = said ? strstr(said + 1, "on Wednesday") : NULL;
        const char *want[][2] = {{"on Thursday morning", "2026-04-09"}, {"Monday", "2026-04-13"},
                                 {"last Thursday", "2026-04-02"}, {"on Tuesday", "2026-04-07"},
                                 {"until Saturday", "2026-04-11"}};
        for (size_t i = 0; i < a->date_count; i++) {
            const nd_date *d = &a->dates[i];
            const char *at = body + d->span.start;
            if (at == said)
                CHECK_STR(d->value, "2026-04-08"); /* said on Wednesday: the day before */
            if (at == will)
                CHECK_STR(d->value, "2026-04-15"); /* will vote on Wednesday: the one ahead */
        }
        CHECK(said && will);
        for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
            CHECK_STR(date_value(desk, a, 0, want[k][0]), want[k][1]);
    }
    tdesk_facts_free(x);
    tdesk_free(desk);
}

/* The speaker of a quote, on our own texts modelled on four misattributions seen in real
 * stories: a sister's words given to her dead brother, a girlfriend's to her boyfriend, a
 * woman's "she said" to the man she accuses, a woman's post to her former partner; and speakers
 * that were fragments of a clause. The first names' genders come from the gazetteer's lists. */
static const char speaker_places[] = "harwick\tcity\tHarwick\tXN\t60\t8\n"
                                     "julia\tgiven\tJulia\tF\t0\t0\n"
                                     "marisa\tgiven\tMarisa\tF\t0\t0\n"
                                     "mark\tgiven\tMark\tM\t0\t0\n"
                                     "ronan\tgiven\tRonan\tM\t0\t0\n"
                                     "jordan\tgiven\tJordan\tX\t0\t0\n";

static const char speaker_feed[] =
    "{\"id\": \"sister\", \"text\": \"Daniel Marlow, 34, died on Tuesday after his boat overturned near Harwick.\\n\\n"
    "\\\"We are in utter shock and we ask for privacy,\\\" Marlow's sister, Tamsin Whitfield, said.\"}\n"
    "{\"id\": \"sister2\", \"text\": \"Daniel Marlow, 34, died on Tuesday.\\n\\n\\\"We are in utter shock and we ask "
    "for privacy,\\\" said his sister, Tamsin Whitfield.\"}\n"
    "{\"id\": \"girlfriend\", \"text\": \"Police said Corey Vance drove his truck onto the frozen river.\\n\\n"
    "\\\"I don't know what he was thinking,\\\" Vance's girlfriend, Elena Brock, told reporters.\"}\n"
    "{\"id\": \"accused\", \"text\": \"Julia Reyes told the court that Mark Delaney attacked her in the kitchen.\\n\\n"
    "\\\"He pushed me down and kicked me,\\\" she said.\"}\n"
    "{\"id\": \"post\", \"text\": \"Marisa Cole ended her engagement to Ronan Hale last year.\\n\\n"
    "\\\"I wish him nothing but peace and I am moving on,\\\" she wrote on Twitter.\"}\n"
    "{\"id\": \"nobody\", \"text\": \"Mark Delaney and Ronan Hale left the hearing early.\\n\\n"
    "\\\"We were never told about the second hearing at all,\\\" she said.\"}\n"
    "{\"id\": \"role\", \"text\": \"Corey Vance drove onto the river.\\n\\n\\\"He always took that road home from "
    "work,\\\" Vance's girlfriend said.\"}\n"
    "{\"id\": \"fragment\", \"text\": \"The plant will close in May.\\n\\n\\\"We pay for the care of everyone who is "
    "hurt here,\\\" and the company said it would not comment further.\"}\n"
    "{\"id\": \"paraphrase\", \"text\": \"The mayor said on Wednesday that he is \\\"very disappointed\\\" by the "
    "vote and will put the plan to the council again next spring.\"}\n";

static const nd_quote *quote_starting(const nd_facts *f, const char *words)
{
    for (size_t i = 0; i < f->quote_count; i++)
        if (strncmp(f->quotes[i].text, words, strlen(words)) == 0)
            return &f->quotes[i];
    return NULL;
}

static const char *speaker_of(const nd_facts *f, const nd_quote *q)
{
    if (!q)
        return "(no quote)";
    return q->speaker >= 0 ? f->entities[q->speaker].name : q->speaker_text[0] ? q->speaker_text : "";
}

static void test_quote_speakers(void)
{
    nd_gazetteer *g = load_places(speaker_places);
    CHECK(nd__gazetteer_find(g, "julia", 5) == NULL); /* a first name is no place */
    CHECK_INT(nd__gazetteer_given(g, "julia", 5), 'F');
    CHECK_INT(nd__gazetteer_given(g, "jordan", 6), 'X');
    CHECK_INT(nd__gazetteer_given(g, "harwick", 7), 0);

    tdesk *desk = tdesk_new(NULL);
    CHECK_INT(tdesk_read_buffer(desk, "feed.jsonl", speaker_feed, strlen(speaker_feed)), ND_OK);
    tdesk_facts *x = NULL;
    CHECK_INT(tdesk_extract(desk, g, &x), ND_OK);
    CHECK_INT(x ? tdesk_facts_count(x) : 0, 9);
    if (x && tdesk_facts_count(x) == 9) {
        const nd_facts *a = tdesk_facts_of(x, 0);
        CHECK_STR(speaker_of(a, quote_starting(a, "We are in utter shock")), "Tamsin Whitfield");
        a = tdesk_facts_of(x, 1);
        CHECK_STR(speaker_of(a, quote_starting(a, "We are in utter shock")), "Tamsin Whitfield");
        a = tdesk_facts_of(x, 2);
        CHECK_STR(speaker_of(a, quote_starting(a, "I don't know")), "Elena Brock");
        a = tdesk_facts_of(x, 3);
        CHECK_STR(speaker_of(a, quote_starting(a, "He pushed me down")), "Julia Reyes");
        a = tdesk_facts_of(x, 4);
        CHECK_STR(speaker_of(a, quote_starting(a, "I wish him")), "Marisa Cole");
        a = tdesk_facts_of(x, 5); /* "she" with only men named before: nobody, not a wrong one */
        const nd_quote *q = quote_starting(a, "We were never told");
        CHECK(q && q->speaker < 0);
        a = tdesk_facts_of(x, 6); /* a role the text gives, not the person it belongs to */
        CHECK_STR(speaker_of(a, quote_starting(a, "He always took")), "Vance's girlfriend");
        a = tdesk_facts_of(x, 7); /* "and the company": the words that name, not the conjunction */
        CHECK_STR(speaker_of(a, quote_starting(a, "We pay for the care")), "the company");
        a = tdesk_facts_of(x, 8); /* words quoted inside reported speech: reported, not a quotation */
        CHECK_INT(a->quote_count, 1);
        if (a->quote_count) {
            CHECK(!a->quotes[0].direct);
            CHECK(strstr(a->quotes[0].text, "very disappointed") != NULL);
            CHECK_STR(speaker_of(a, &a->quotes[0]), "The mayor");
        }
    }
    tdesk_facts_free(x);
    tdesk_free(desk);
    nd_gazetteer_free(g);
}

int main(void)
{
    test_articles();
    test_nationality();
    test_weekday_tense();
    test_quote_speakers();
    return CHECK_DONE();
}
