/* Tests of gazetteer.c (gazetteer.h and nd_gazetteer_* in newsdesk.h): the file of countries,
 * demonyms and cities is loaded into a table of folded keys; a key's entries come in file order;
 * damaged lines cost their own name only. The file is written here (our own made-up places). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "gazetteer.h"
#include "newsdesk.h"

static char path[64];

static void write_file(const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static const nd__place *find(const nd_gazetteer *g, const char *key) { return nd__gazetteer_find(g, key, strlen(key)); }

static void test_load_and_find(void)
{
    write_file("velmora\tcountry\tVelmora\tXV\t50.5\t-2.5\n"
               "velmoran\tdemonym\tVelmora\tXV\t0\t0\n"
               "port elmsworth\tcity\tPort Elmsworth\tXE\t51.2\t-3.1\n"
               "velmora\tcity\tVelmora City\tXV\t50.1\t-2.4\n"
               "broken line without tabs\n"
               "bad\x01name\tcity\tBad\x01Name\tXE\t1\t1\n"
               "dunmore\tcity\tDunmore\tXE\t53.3\t-2.2\n");
    nd_gazetteer *g = NULL;
    CHECK_INT(nd_gazetteer_load(path, &g), ND_OK);
    CHECK(g != NULL);
    CHECK_INT(nd_gazetteer_count(g), 5); /* the two damaged lines are skipped */

    const nd__place *p = find(g, "port elmsworth");
    CHECK(p != NULL);
    if (p) {
        CHECK_STR(p->name, "Port Elmsworth");
        CHECK_STR(p->country, "XE");
        CHECK_INT(p->kind, ND__PLACE_CITY);
        CHECK(p->latitude > 51.1 && p->latitude < 51.3 && p->longitude < -3.0 && p->longitude > -3.2);
        CHECK_INT(p->next, -1);
    }
    /* one key, two entries, in file order: the country, then the city */
    p = find(g, "velmora");
    CHECK(p != NULL);
    if (p) {
        CHECK_INT(p->kind, ND__PLACE_COUNTRY);
        const nd__place *q = nd__gazetteer_entry(g, p->next);
        CHECK(q != NULL);
        if (q) {
            CHECK_STR(q->name, "Velmora City");
            CHECK_INT(q->kind, ND__PLACE_CITY);
            CHECK_INT(q->next, -1);
        }
    }
    p = find(g, "velmoran");
    CHECK(p && p->kind == ND__PLACE_DEMONYM && strcmp(p->name, "Velmora") == 0);
    /* keys are folded by the caller: other case, partial keys and unknown names find nothing */
    CHECK(find(g, "Velmora") == NULL);
    CHECK(find(g, "port") == NULL);
    CHECK(find(g, "atlantis") == NULL);
    CHECK(nd__gazetteer_find(g, "", 0) == NULL);
    CHECK(nd__gazetteer_entry(g, -1) == NULL);
    CHECK(nd__gazetteer_entry(g, 1000) == NULL);
    nd_gazetteer_free(g);
}

static void test_failures(void)
{
    nd_gazetteer *g = (nd_gazetteer *)&g;
    CHECK_INT(nd_gazetteer_load("/nonexistent/places.tsv", &g), ND_EIO);
    CHECK(g == NULL);
    CHECK_INT(nd_gazetteer_count(NULL), 0);
    CHECK(nd__gazetteer_find(NULL, "x", 1) == NULL);
    nd_gazetteer_free(NULL);
    /* an empty file is a gazetteer with nothing in it */
    write_file("");
    int rc = nd_gazetteer_load(path, &g);
    CHECK(rc == ND_OK || rc == ND_EEMPTY);
    CHECK_INT(nd_gazetteer_count(g), 0);
    nd_gazetteer_free(g);
}

int main(void)
{
    snprintf(path, sizeof path, "test_gazetteer_%d.tsv", (int)getpid());
    test_load_and_find();
    test_failures();
    remove(path);
    return CHECK_DONE();
}
