/* Tests of watch.c (nd_watch_poll, nd_opml_*) and the feed list it keeps in the store
 * (nd_store_feed_*): adding twice adds once; OPML in and out keeps every feed; a poll round
 * polls only what is due, a failing feed is no failure of the round, and its next poll backs
 * off. No network: the failing feed is one no fetcher may fetch (not http or https). The feeds
 * over HTTP are tests/test_watch.py's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "newsdesk.h"

#define BAD_FEED "ftp://127.0.0.1/feed.xml"

typedef struct listed {
    size_t count;
    char urls[8][96];
    nd_feed last;  /* the state of BAD_FEED, strings dropped */
    char error[128];
} listed;

static int list_feed(void *user, const nd_feed *feed)
{
    listed *l = user;
    if (l->count < 8)
        snprintf(l->urls[l->count], sizeof l->urls[0], "%s", feed->url);
    l->count++;
    if (strcmp(feed->url, BAD_FEED) == 0) {
        l->last = *feed;
        snprintf(l->error, sizeof l->error, "%s", feed->error ? feed->error : "");
        l->last.url = l->last.title = l->last.etag = l->last.last_modified = l->last.error = NULL;
    }
    return 0;
}

static listed feeds_of(nd_store *store)
{
    listed l;
    memset(&l, 0, sizeof l);
    CHECK_INT(nd_store_feeds(store, list_feed, &l), ND_OK);
    return l;
}

static void test_feed_list(nd_store *store)
{
    CHECK_INT(nd_store_feed_add(store, "https://one.example/rss", "One"), 1);
    CHECK_INT(nd_store_feed_add(store, "https://one.example/rss", "One again"), 0);
    CHECK_INT(nd_store_feed_add(store, "https://two.example/atom.xml", NULL), 1);
    CHECK(nd_store_feed_add(store, "", NULL) < 0);
    listed l = feeds_of(store);
    CHECK_INT(l.count, 2);
    CHECK_STR(l.urls[0], "https://one.example/rss");
    CHECK_INT(nd_store_feed_item_seen(store, "https://one.example/rss", "guid-1"), 0);
    CHECK_INT(nd_store_feed_item_add(store, "https://one.example/rss", "guid-1", 1700000000), ND_OK);
    CHECK_INT(nd_store_feed_item_seen(store, "https://one.example/rss", "guid-1"), 1);
    CHECK_INT(nd_store_feed_item_seen(store, "https://two.example/atom.xml", "guid-1"), 0);
    CHECK_INT(nd_store_feed_remove(store, "https://two.example/atom.xml"), 1);
    CHECK_INT(nd_store_feed_remove(store, "https://two.example/atom.xml"), 0);
    CHECK_INT(feeds_of(store).count, 1);
}

static void test_opml(nd_store *store)
{
    const char *opml = "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Mine</title></head><body>"
                       "<outline text=\"News\"><outline type=\"rss\" text=\"Three &amp; Co\" xmlUrl=\"https://three.example/feed\"/>"
                       "<outline type=\"rss\" text=\"One\" xmlUrl=\"https://one.example/rss\"/></outline></body></opml>";
    size_t added = 99;
    char why[128] = "";
    CHECK_INT(nd_opml_import(store, opml, strlen(opml), &added, why, sizeof why), ND_OK);
    CHECK_INT(added, 1); /* one.example was there already */
    CHECK_INT(feeds_of(store).count, 2);
    char *out = NULL;
    CHECK_INT(nd_opml_export(store, &out), ND_OK);
    CHECK(out && strstr(out, "https://three.example/feed") && strstr(out, "https://one.example/rss"));
    CHECK(out && strstr(out, "Three &amp; Co") != NULL); /* escaped again on the way out */
    /* what was exported imports into an empty store as the same list */
    nd_store *other = NULL;
    char path[64];
    snprintf(path, sizeof path, "test_watch_opml_%d.db", (int)getpid());
    CHECK_INT(nd_store_open(path, &other), ND_OK);
    if (out && other) {
        CHECK_INT(nd_opml_import(other, out, strlen(out), &added, why, sizeof why), ND_OK);
        CHECK_INT(added, 2);
    }
    nd_store_close(other);
    remove(path);
    free(out);
    /* a document that is not OPML says why */
    why[0] = 0;
    CHECK(nd_opml_import(store, "<html>no</html>", 15, &added, why, sizeof why) < 0);
    CHECK(why[0] != 0);
    CHECK_INT(added, 0);
}

static void test_poll_round(nd_store *store)
{
    /* only the failing feed: the others would need the network */
    CHECK_INT(nd_store_feed_remove(store, "https://one.example/rss"), 1);
    CHECK_INT(nd_store_feed_remove(store, "https://three.example/feed"), 1);
    CHECK_INT(nd_store_feed_add(store, BAD_FEED, "Not fetchable"), 1);
    nd_watch_options w = {.interval = 600, .now = 1800000000};
    nd_watch_stats stats;
    CHECK_INT(nd_watch_poll(store, NULL, NULL, &w, &stats), ND_OK);
    CHECK_INT(stats.feeds, 1);
    CHECK_INT(stats.failed, 1);
    CHECK_INT(stats.new_items, 0);
    CHECK_INT(stats.ingest.added, 0);
    listed l = feeds_of(store);
    CHECK_INT(l.last.errors, 1);
    CHECK(l.error[0] != 0);
    CHECK_INT(l.last.last_poll, 1800000000);
    CHECK(l.last.next_poll > 1800000000 + 600); /* backed off: later than one interval */
    CHECK_INT(stats.next_due, l.last.next_poll);

    /* a minute later nothing is due; with all = 1 it is polled anyway */
    w.now += 60;
    CHECK_INT(nd_watch_poll(store, NULL, NULL, &w, &stats), ND_OK);
    CHECK_INT(stats.feeds, 0);
    w.all = 1;
    CHECK_INT(nd_watch_poll(store, NULL, NULL, &w, &stats), ND_OK);
    CHECK_INT(stats.feeds, 1);
    CHECK_INT(feeds_of(store).last.errors, 2);
}

int main(void)
{
    char db[64], wal[80], shm[80];
    snprintf(db, sizeof db, "test_watch_%d.db", (int)getpid());
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(shm, sizeof shm, "%s-shm", db);
    nd_store *store = NULL;
    CHECK_INT(nd_store_open(db, &store), ND_OK);
    if (store) {
        test_feed_list(store);
        test_opml(store);
        test_poll_round(store);
    }
    nd_store_close(store);
    remove(db), remove(wal), remove(shm);
    return CHECK_DONE();
}
