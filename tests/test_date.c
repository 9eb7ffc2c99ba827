/* test_date.c: the one calendar (src/base/date.c): validity, ISO 8601 and RFC 2822, day numbers and
 * weekdays, and the desk using it for published dates. */
#include <stdlib.h>

#include "check.h"
#include "date.h"
#include "desk.h"
#include "newsdesk.h"

static int iso(const char *s)
{
    int y, m, d;
    return nd__date_parse_iso(s, strlen(s), &y, &m, &d);
}

static const char *parsed(const char *s)
{
    static char out[11];
    return nd__date_parse(s, strlen(s), out) ? out : "none";
}

/* Seconds and civil times: the helpers that replace timegm/gmtime_r in views.c and fetch.c. */
static void test_seconds(void)
{
    CHECK_INT(nd__seconds_from_civil(1970, 1, 1, 0, 0, 0), 0);
    CHECK_INT(nd__seconds_from_civil(2017, 10, 19, 8, 30, 0), 1508401800LL);
    CHECK_INT(nd__seconds_from_civil(1969, 12, 31, 23, 59, 59), -1);
    /* a day past the month carries over, as timegm's does */
    CHECK_INT(nd__seconds_from_civil(2017, 2, 30, 0, 0, 0), nd__seconds_from_civil(2017, 3, 2, 0, 0, 0));
    int y, m, d, hh, mi, ss;
    nd__civil_from_seconds(1508401800LL + 59, &y, &m, &d, &hh, &mi, &ss);
    CHECK(y == 2017 && m == 10 && d == 19 && hh == 8 && mi == 30 && ss == 59);
    nd__civil_from_seconds(-1, &y, &m, &d, &hh, &mi, &ss);
    CHECK(y == 1969 && m == 12 && d == 31 && hh == 23 && mi == 59 && ss == 59);
    char text[20];
    nd__format_iso_seconds(1508401800LL, text);
    CHECK_STR(text, "2017-10-19T08:30:00");
    double t = 0;
    CHECK(nd__parse_iso_seconds("2017-10-19T08:30:00+03:30", &t));
    CHECK(t == 1508401800.0); /* the zone is ignored */
    CHECK(nd__parse_iso_seconds("2017-10-19", &t));
    CHECK(t == 1508371200.0);
    CHECK(nd__parse_iso_seconds("2017-13-01", &t)); /* loose: month 13 is next January */
    CHECK(t == (double)nd__seconds_from_civil(2018, 1, 1, 0, 0, 0));
    CHECK(!nd__parse_iso_seconds("yesterday", &t));
    CHECK(!nd__parse_iso_seconds(NULL, &t));
}

int main(void)
{
    test_seconds();
    /* validity: one decision everywhere */
    CHECK(!nd__date_valid(2017, 2, 30));
    CHECK(!nd__date_valid(1900, 2, 29));
    CHECK(nd__date_valid(2000, 2, 29));
    CHECK(nd__date_valid(2016, 2, 29));
    CHECK(!nd__date_valid(2017, 13, 1));
    CHECK(!nd__date_valid(2017, 4, 31));
    CHECK_INT(nd__days_in_month(2024, 2), 29);

    /* ISO 8601 */
    CHECK(iso("2017-10-19"));
    CHECK(iso("2017-10-19T08:30:00Z"));
    CHECK(iso("2017-10-19T08:30:00.123+03:30"));
    CHECK(iso("2017-10-19 08:30"));
    CHECK(!iso("2017-02-30"));
    CHECK(!iso("2017-02-30T10:00:00Z"));
    CHECK(!iso("2017-10-19junk"));
    CHECK(!iso("2017-10-19T25:00"));
    CHECK(!iso("2017-1-19"));
    CHECK(!iso(""));

    /* RFC 2822, as RSS pubDate writes it; the publisher's day is kept, its zone not applied */
    CHECK_STR(parsed("Thu, 19 Oct 2017 08:30:00 +0330"), "2017-10-19");
    CHECK_STR(parsed("Thu, 19 Oct 2017 23:59:59 -0800"), "2017-10-19");
    CHECK_STR(parsed("19 Oct 2017 08:30 GMT"), "2017-10-19");
    CHECK_STR(parsed("Mon, 5 Jun 2017"), "2017-06-05");
    CHECK_STR(parsed("Thu, 30 Feb 2017 08:30:00 +0000"), "none");
    CHECK_STR(parsed("Thu, 19 Foo 2017 08:30:00 +0000"), "none");
    CHECK_STR(parsed("Thu, 19 Oct 2017 08:30:00 +0000 trailing"), "none");
    CHECK_STR(parsed("2017-10-19T08:30:00Z"), "2017-10-19");

    /* day numbers and weekdays */
    CHECK_INT(nd__days_from_civil(1970, 1, 1), 0);
    CHECK_INT(nd__weekday(nd__days_from_civil(2017, 10, 19)), 4); /* a Thursday */
    CHECK_INT(nd__weekday(nd__days_from_civil(1969, 12, 29)), 1); /* a Monday before the epoch */
    for (long day = nd__days_from_civil(1, 1, 1); day <= nd__days_from_civil(9999, 12, 31); day += 997) {
        int y, m, d;
        nd__civil_from_days(day, &y, &m, &d);
        if (nd__days_from_civil(y, m, d) != day || !nd__date_valid(y, m, d)) {
            CHECK(0);
            break;
        }
    }

    /* the desk: a date that does not exist is no date; a pubDate becomes its ISO day */
    const char *feed = "{\"id\":\"a\",\"published\":\"2017-02-30\",\"text\":\"One.\"}\n"
                       "{\"id\":\"b\",\"published\":\"Thu, 19 Oct 2017 08:30:00 +0330\",\"text\":\"Two.\"}\n"
                       "{\"id\":\"c\",\"published\":\"2017-10-19T08:30:00Z\",\"text\":\"Three.\"}\n";
    tdesk *desk = tdesk_new(NULL);
    CHECK(desk != NULL);
    tdesk_read_buffer(desk, "feed.jsonl", feed, strlen(feed));
    CHECK_INT(tdesk_article_count(desk), 3);
    if (tdesk_article_count(desk) == 3) {
        CHECK(nd_article_published(tdesk_article(desk, 0)) == NULL);
        const char *b = nd_article_published(tdesk_article(desk, 1));
        CHECK_STR(b ? b : "", "2017-10-19");
        const char *c = nd_article_published(tdesk_article(desk, 2));
        CHECK_STR(c ? c : "", "2017-10-19T08:30:00Z");
    }
    tdesk_free(desk);
    return CHECK_DONE();
}
