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

int main(void)
{
    test_arena();
    test_buffer_ceiling();
    test_utf8();
    test_find();
    test_strerror();
    return CHECK_DONE();
}
