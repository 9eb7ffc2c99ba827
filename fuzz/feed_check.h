/*
 * feed_check.h: what the feed harnesses check on what src/read/feed.c hands back: every string
 * NULL or NUL-terminated valid UTF-8 within its ceiling, dates of the documented shape, the item
 * count within ND_MAX_FEED_ITEMS; on failure an empty feed and a message.
 */
#ifndef ND_FUZZ_FEED_CHECK_H
#define ND_FUZZ_FEED_CHECK_H

#include "feed.h"
/* The feed harnesses use the string checks of fuzz_check.h, not its desk pipeline. */
#pragma GCC diagnostic ignored "-Wunused-function"
#include "fuzz_check.h"

static void feed_check_string(const char *s)
{
    if (s)
        FUZZ_CHECK(fuzz_valid_utf8(s, strlen(s)));
}

static void feed_check_date(const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    FUZZ_CHECK(n == 10 || n == 20);
    FUZZ_CHECK(fuzz_is_date(s));
    if (n == 20)
        FUZZ_CHECK(s[10] == 'T' && s[19] == 'Z');
}

static void feed_check(const char *data, size_t size)
{
    nd__feed feed;
    char why[256];
    memset(&feed, 0x5a, sizeof feed);
    int rc = nd__feed_parse(data, size, "https://fuzz.example/feed", &feed, why, sizeof why);
    if (rc == ND_OK) {
        FUZZ_CHECK(feed.item_count <= ND_MAX_FEED_ITEMS);
        feed_check_string(feed.title);
        feed_check_string(feed.link);
        FUZZ_CHECK(memchr(feed.warning, 0, sizeof feed.warning) != NULL);
        for (size_t i = 0; i < feed.item_count; i++) {
            const nd__feed_item *item = &feed.items[i];
            feed_check_string(item->guid);
            feed_check_string(item->link);
            feed_check_string(item->title);
            feed_check_string(item->content);
            feed_check_string(item->summary);
            feed_check_date(item->published);
        }
        nd__feed_free(&feed);
    } else {
        FUZZ_CHECK(rc == ND_EFORMAT || rc == ND_ETOOBIG || rc == ND_ENOMEM);
        FUZZ_CHECK(feed.items == NULL && feed.item_count == 0 && feed.title == NULL);
        FUZZ_CHECK(rc == ND_ENOMEM || strlen(why) > 0);
    }
    /* the date parser on the same bytes, as one string */
    char text[128], out[32];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    if (nd__feed_date(text, out))
        feed_check_date(out);
}

#endif
