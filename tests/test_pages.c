/* Tests of pages.c (pages.h): every page is one complete HTML document, with every value from
 * the store escaped as it is written (the escaper itself is base's, src/base/text.c); the Atom
 * feed is XML with the same escaping; a page that does not fit its buffer's ceiling is
 * ND_ETOOBIG, never cut. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "newsdesk.h"
#include "pages.h"
#include "util.h"

static const char *FRONT =
    "{\"stories\":[{\"id\":7,\"storyline\":7,\"headline\":\"<script>alert('x')</script> & \\\"quotes\\\"\","
    "\"headline_from\":\"title\",\"summary\":[\"Ferries returned to the island on Monday <img src=x onerror=y>.\"],"
    "\"when\":\"2025-06-02\",\"when_from\":\"text\",\"where\":\"Velmora\",\"first_day\":\"2025-06-02\","
    "\"last_day\":\"2025-06-03\",\"article_count\":3,\"outlet_count\":2,\"copy_count\":0,"
    "\"first\":{\"id\":\"f-1\",\"source\":\"Island Post\",\"url\":\"javascript:alert(1)\",\"title\":\"t\","
    "\"published\":\"2025-06-02\"},\"hot\":0}],\"limit\":20,\"offset\":0,\"total\":1,\"hot\":false,\"now\":\"2025-06-03\"}";

static int contains(const nd__buf *b, const char *s) { return b->data && strstr(b->data, s) != NULL; }

static void test_front_page_and_feed(void)
{
    cJSON *front = cJSON_Parse(FRONT);
    CHECK(front != NULL);
    nd__buf b;
    nd__buf_init(&b, 1 << 20);
    CHECK_INT(nd__page_front(front, NULL, &b), ND_OK);
    CHECK(contains(&b, "<html") && contains(&b, "</html>"));
    CHECK(contains(&b, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    CHECK(!contains(&b, "<script>alert"));
    CHECK(!contains(&b, "<img src=x"));
    CHECK(!contains(&b, "href=\"javascript:"));
    CHECK(contains(&b, "Velmora"));
    CHECK(contains(&b, "/stories/7"));
    CHECK(contains(&b, "name=\"viewport\"")); /* readable on a phone */

    nd__buf_reset(&b);
    CHECK_INT(nd__feed_atom(front, "http://127.0.0.1:8080", &b), ND_OK);
    CHECK(contains(&b, "<feed xmlns=\"http://www.w3.org/2005/Atom\">") && contains(&b, "</feed>"));
    CHECK(contains(&b, "<entry>"));
    CHECK(!contains(&b, "<script>"));
    nd__buf_release(&b);

    /* too small a ceiling: an error, not half a page */
    nd__buf_init(&b, 64);
    CHECK_INT(nd__page_front(front, NULL, &b), ND_ETOOBIG);
    nd__buf_release(&b);
    cJSON_Delete(front);
}

static void test_error_page(void)
{
    nd__buf b;
    nd__buf_init(&b, 1 << 16);
    CHECK_INT(nd__page_error(404, "no story <b>42</b>", &b), ND_OK);
    CHECK(contains(&b, "404"));
    CHECK(contains(&b, "no story &lt;b&gt;42&lt;/b&gt;"));
    CHECK(contains(&b, "</html>"));
    nd__buf_release(&b);
    /* the ceiling holds: an error, never a page cut short */
    nd__buf_init(&b, 16);
    CHECK_INT(nd__page_error(500, "<<<<<<<<<<<<<<<<<<<<", &b), ND_ETOOBIG);
    CHECK(b.len <= 16);
    nd__buf_release(&b);
}

int main(void)
{
    test_front_page_and_feed();
    test_error_page();
    return CHECK_DONE();
}
