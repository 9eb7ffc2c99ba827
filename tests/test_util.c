/* Tests of util.c and utf8.c: arena, bounded buffer, UTF-8 repair and normalisation. */
#include <stdlib.h>

#include "check.h"
#include "newsdesk.h"
#include "utf8.h"
#include "util.h"

static void test_arena(void)
{
    nd__arena arena;
    nd__arena_init(&arena);
    char *a = nd__arena_strndup(&arena, "hello", 5);
    CHECK_STR(a, "hello");
    void *big = nd__arena_alloc(&arena, 100000); /* larger than a chunk */
    CHECK(big != NULL);
    CHECK(((size_t)big % sizeof(max_align_t)) == 0);
    CHECK(arena.used_bytes >= 100000);
    nd__arena_release(&arena);
    CHECK_INT(arena.used_bytes, 0);
}

static void test_buffer_ceiling(void)
{
    nd__buf buf;
    nd__buf_init(&buf, 8);
    CHECK_INT(nd__buf_append(&buf, "12345678", 8), ND_OK);
    CHECK_INT(nd__buf_append(&buf, "9", 1), ND_ETOOBIG);
    CHECK_INT(buf.len, 8);
    CHECK_STR(buf.data, "12345678");
    nd__buf_release(&buf);
}

static const char *clean(const char *in, size_t len, long *repaired, nd__buf *buf)
{
    nd__buf_reset(buf);
    *repaired = nd__utf8_clean(in, len, buf);
    return buf->data ? buf->data : "";
}

static void test_utf8(void)
{
    nd__buf buf;
    nd__buf_init(&buf, 1 << 20);
    long repaired;
    CHECK_STR(clean("plain ascii", 11, &repaired, &buf), "plain ascii");
    CHECK_INT(repaired, 0);
    /* a lone continuation byte, a truncated sequence and an overlong form */
    CHECK_STR(clean("a\x80" "b\xE2\x82" "c\xC0\xAF", 8, &repaired, &buf),
              "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_INT(repaired, 5);
    CHECK_STR(clean("one\r\ntwo\rthree", 14, &repaired, &buf), "one\ntwo\nthree");
    CHECK_STR(clean("no\xC2\xA0" "break\x01", 10, &repaired, &buf), "no break");
    /* e + combining acute composes to U+00E9 (NFC) */
    CHECK_STR(clean("cafe\xCC\x81", 6, &repaired, &buf), "caf\xC3\xA9");
    CHECK_STR(clean("zero\xE2\x80\x8Bwidth", 12, &repaired, &buf), "zerowidth");
    nd__buf_release(&buf);
}

static void test_find(void)
{
    CHECK_INT(nd__find_ci("All Rights Reserved", 19, "rights reserved"), 4);
    CHECK_INT(nd__find_ci("abc", 3, "abcd"), -1);
    CHECK(nd__equals_ci("Recent Posts", 12, "recent posts"));
    CHECK(!nd__equals_ci("Recent Post", 11, "recent posts"));
}

static void test_strerror(void)
{
    CHECK_STR(nd_strerror(ND_OK), "success");
    CHECK_STR(nd_strerror(ND_ENOMEM), "out of memory");
    CHECK_STR(nd_strerror(12345), "unknown status");
}

/* The one hash map: a map, a multimap, growth, the ceiling, filtering, and the u64 flavour. */
static void test_map(void)
{
    nd__map m;
    nd__map_init(&m, sizeof(uint32_t), 16, 0);
    CHECK(nd__map_find(&m, 42) == NULL);
    for (uint32_t i = 0; i < 1000; i++) {
        int created = -1;
        uint32_t *v = nd__map_put(&m, (uint64_t)i * 7919, &created);
        CHECK(v != NULL);
        if (!v)
            break;
        if (i < 3)
            CHECK_INT(created, 1);
        *v = i;
    }
    CHECK_INT(m.count, 1000);
    CHECK(m.capacity >= 2000); /* never more than half full */
    uint32_t *v = nd__map_find(&m, 500ull * 7919);
    CHECK(v && *v == 500);
    int created = -1;
    v = nd__map_put(&m, 500ull * 7919, &created);
    CHECK_INT(created, 0);
    CHECK(v && *v == 500);
    CHECK(nd__map_find(&m, 0) != NULL); /* key 0 is stored as 1: i = 0 put key 0 */
    CHECK(nd__map_find(&m, 1) == nd__map_find(&m, 0));
    size_t cursor = 0, seen = 0;
    uint64_t key;
    while (nd__map_each(&m, &cursor, &key))
        seen++;
    CHECK_INT(seen, 1000);
    CHECK(nd__map_bytes(&m) >= m.capacity * (8 + sizeof(uint32_t)));
    nd__map_clear(&m);
    CHECK_INT(m.count, 0);
    CHECK(nd__map_find(&m, 500ull * 7919) == NULL);
    nd__map_release(&m);

    /* the ceiling */
    nd__map_init(&m, 0, 16, 3);
    CHECK(nd__map_put(&m, 1001, NULL) != NULL);
    CHECK(nd__map_put(&m, 1002, NULL) != NULL);
    CHECK(nd__map_put(&m, 1003, NULL) != NULL);
    created = 0;
    CHECK(nd__map_put(&m, 1004, &created) == NULL);
    CHECK_INT(created, ND_ETOOBIG);
    CHECK(nd__map_put(&m, 1002, NULL) != NULL); /* an existing key is still found */
    nd__map_release(&m);
}

static int keep_even(void *user, uint64_t key, const void *value)
{
    (void)user, (void)key;
    return *(const uint32_t *)value % 2 == 0;
}

static void test_multimap(void)
{
    nd__map m;
    nd__map_init_multi(&m, sizeof(uint32_t), 16, 0);
    /* three keys, values added in turn; a small table grows several times meanwhile */
    for (uint32_t i = 0; i < 300; i++) {
        uint32_t *v = nd__map_add(&m, 1 + i % 3);
        CHECK(v != NULL);
        if (v)
            *v = i;
    }
    for (uint64_t k = 1; k <= 3; k++) {
        size_t cursor = 0, n = 0;
        uint32_t last = 0;
        int ordered = 1;
        for (uint32_t *v; (v = nd__map_next(&m, k, &cursor)) != NULL; n++) {
            ordered &= *v % 3 == k - 1 && (n == 0 || *v > last);
            last = *v;
        }
        CHECK_INT(n, 100);
        CHECK(ordered); /* in the order added, whatever the growth */
    }
    size_t cursor = 0;
    CHECK(nd__map_next(&m, 99, &cursor) == NULL);
    /* filtering keeps the order too */
    CHECK_INT(nd__map_filter(&m, 0, keep_even, NULL), ND_OK);
    CHECK_INT(m.count, 150);
    cursor = 0;
    size_t n = 0;
    uint32_t last = 0;
    int ordered = 1;
    for (uint32_t *v; (v = nd__map_next(&m, 2, &cursor)) != NULL; n++) {
        ordered &= *v % 2 == 0 && (n == 0 || *v > last);
        last = *v;
    }
    CHECK_INT(n, 50);
    CHECK(ordered);
    nd__map_release(&m);

    nd__u64_map u = {0};
    CHECK_INT(nd__u64_map_put(&u, 7, 70), ND_OK);
    CHECK_INT(nd__u64_map_put(&u, 7, 71), ND_OK);
    uint64_t *found = nd__u64_map_find(&u, 7);
    CHECK(found && *found == 71);
    CHECK(nd__u64_map_find(&u, 8) == NULL);
    nd__u64_map_release(&u);
}

static int by_value_desc(const void *a, const void *b)
{
    const int *x = a, *y = b;
    return (x[0] < y[0]) - (x[0] > y[0]);
}

static void test_top_k(void)
{
    /* pairs (value, input position): equal values keep input order */
    int items[][2] = {{3, 0}, {9, 1}, {3, 2}, {7, 3}, {9, 4}, {1, 5}, {7, 6}};
    int top[4][2];
    CHECK_INT(nd__top_k(items, 7, sizeof items[0], top, 4, by_value_desc), 4);
    CHECK_INT(top[0][0], 9);
    CHECK_INT(top[0][1], 1);
    CHECK_INT(top[1][1], 4);
    CHECK_INT(top[2][0], 7);
    CHECK_INT(top[2][1], 3);
    CHECK_INT(top[3][1], 6);
    CHECK_INT(nd__top_k(items, 2, sizeof items[0], top, 4, by_value_desc), 2);
    CHECK_INT(nd__top_k(items, 7, sizeof items[0], top, 0, by_value_desc), 0);
}

static void test_vec_ceiling(void)
{
    nd__vec v = {0};
    /* an item as large as the ceiling fits once, never twice */
    CHECK_INT(nd__vec_reserve(&v, 2, ND_MAX_VEC_BYTES), ND_ETOOBIG);
    CHECK(v.items == NULL);
    CHECK_INT(nd__vec_reserve(&v, 10, sizeof(int)), ND_OK);
    CHECK_INT(v.cap, 10);
    int *x = nd__vec_push(&v, sizeof *x);
    CHECK(x && *x == 0);
    CHECK_INT(nd__vec_bytes(&v), nd__malloc_bytes(10 * sizeof(int)));
    CHECK(nd__malloc_bytes(40) >= 48 && nd__malloc_bytes(1) == 32 && nd__malloc_bytes(0) == 0);
    nd__vec_release(&v);
}

int main(void)
{
    test_map();
    test_multimap();
    test_top_k();
    test_vec_ceiling();
    test_arena();
    test_buffer_ceiling();
    test_utf8();
    test_find();
    test_strerror();
    return CHECK_DONE();
}
