/*
 * test_http.c: the request parsing of src/serve/http.c: routes, climbs out of the route table,
 * percent-decoding, query strings and bounded values.
 */
#include <string.h>

#include "check.h"
#include "http.h"
#include "newsdesk.h"

static int route_of(const char *method, const char *path, nd__route *r, int *allowed)
{
    return nd__route_match(method, path, r, allowed);
}

int main(void)
{
    nd__route r;
    int allowed;
    CHECK_INT(route_of("GET", "/", &r, &allowed), ND_OK);
    CHECK_INT(r.kind, ND__ROUTE_FRONT);
    CHECK_INT(route_of("GET", "/api/stories/12", &r, &allowed), ND_OK);
    CHECK_INT(r.kind, ND__ROUTE_API_STORY);
    CHECK_STR(r.id, "12");
    CHECK(r.is_api && !r.write);
    CHECK_INT(route_of("GET", "/api/stories/", &r, &allowed), ND_OK);
    CHECK_INT(r.kind, ND__ROUTE_API_STORIES);
    CHECK_INT(route_of("GET", "/api/articles/a%20b%2Bc", &r, &allowed), ND_OK);
    CHECK_STR(r.id, "a b+c");
    CHECK_INT(route_of("POST", "/api/articles", &r, &allowed), ND_OK);
    CHECK(r.kind == ND__ROUTE_API_ARTICLES && r.write);
    CHECK_INT(route_of("GET", "/api/articles", &r, &allowed), ND_OK);
    CHECK(r.kind == ND__ROUTE_NONE && !allowed);
    CHECK_INT(route_of("HEAD", "/healthz", &r, &allowed), ND_OK);
    CHECK_INT(r.kind, ND__ROUTE_HEALTH);
    /* Climbing out, plainly or encoded, is a bad request; unknown paths are not found. */
    CHECK_INT(route_of("GET", "/../../etc/passwd", &r, &allowed), ND_EINVAL);
    CHECK_INT(route_of("GET", "/stories/%2e%2e", &r, &allowed), ND_EINVAL);
    CHECK_INT(route_of("GET", "/stories/a%2fb", &r, &allowed), ND_EINVAL);
    CHECK_INT(route_of("GET", "/stories/%00", &r, &allowed), ND_EINVAL);
    CHECK_INT(route_of("GET", "/stories/%zz", &r, &allowed), ND_EINVAL);
    CHECK_INT(route_of("GET", "//etc/passwd", &r, &allowed), ND_OK);
    CHECK_INT(r.kind, ND__ROUTE_NONE);
    CHECK_INT(route_of("GET", "/etc/passwd", &r, &allowed), ND_OK);
    CHECK(r.kind == ND__ROUTE_NONE && allowed);
    CHECK_INT(route_of("GET", "/a/b/c/d/e/f", &r, &allowed), ND_OK);
    CHECK_INT(r.kind, ND__ROUTE_NONE);
    CHECK_INT(route_of("GET", "relative", &r, &allowed), ND_EINVAL);

    nd__query q;
    CHECK_INT(nd__query_parse("q=Baqeri+letter%20Khamenei&limit=5&flag&&limit=7", 48, &q), ND_OK);
    CHECK_STR(nd__query_get(&q, "q"), "Baqeri letter Khamenei");
    CHECK_STR(nd__query_get(&q, "limit"), "7");
    CHECK_STR(nd__query_get(&q, "flag"), "");
    CHECK(nd__query_get(&q, "none") == NULL);
    CHECK_INT(nd__query_parse("a=%4", 4, &q), ND_EFORMAT);
    CHECK_INT(nd__query_parse("a=%00", 5, &q), ND_EFORMAT);
    char many[400] = "";
    for (int i = 0; i < 40; i++)
        strcat(many, "k=v&");
    CHECK_INT(nd__query_parse(many, strlen(many), &q), ND_ETOOBIG);

    long long v = -1;
    CHECK_INT(nd__parse_bounded("20", 1, 1000, &v), ND_OK);
    CHECK_INT(v, 20);
    CHECK_INT(nd__parse_bounded("0", 1, 1000, &v), ND_EINVAL);
    CHECK_INT(nd__parse_bounded("12x", 1, 1000, &v), ND_EINVAL);
    CHECK_INT(nd__parse_bounded("99999999999999999999999", 1, 1000, &v), ND_EINVAL);
    CHECK_INT(nd__parse_bounded("", 1, 1000, &v), ND_EINVAL);
    CHECK(nd__is_iso_date("2017-10-19"));
    CHECK(nd__is_iso_date("2017-10-19T08:30:00Z"));
    CHECK(!nd__is_iso_date("2017-13-19"));
    CHECK(!nd__is_iso_date("yesterday"));
    CHECK(!nd__is_iso_date("2017-10-19<script>"));
    CHECK(!nd__is_iso_date("2017-02-30")); /* a day that does not exist (nd__date_valid) */
    CHECK(nd__is_iso_date("2016-02-29"));
    return CHECK_DONE();
}
