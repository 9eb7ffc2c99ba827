/* test_text.c: the text layer (src/base/text.c): UTF-8 code points, the tokenizer and token
 * joins and shapes, word counts, sentences, name folding, escaping and URL parts. */
#include <stdlib.h>

#include "check.h"
#include "newsdesk.h"
#include "text.h"

static void test_utf8(void)
{
    int cp = 0;
    CHECK_INT(nd__utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
    CHECK_INT(cp, 0xE9);
    CHECK_INT(nd__utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
    CHECK_INT(cp, 0x1F600);
    CHECK_INT(nd__utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp), 0);     /* overlong */
    CHECK_INT(nd__utf8_decode((const unsigned char *)"\xE0\x80\xAF", 3, &cp), 0); /* overlong */
    CHECK_INT(nd__utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 0); /* surrogate */
    CHECK_INT(nd__utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
    CHECK_INT(nd__utf8_decode((const unsigned char *)"\xE2\x80", 2, &cp), 0);     /* cut */
    char out[4];
    static const unsigned cps[] = {0x41, 0xE9, 0x20AC, 0x1F600};
    for (size_t i = 0; i < 4; i++) {
        size_t n = nd__utf8_encode(cps[i], out);
        CHECK_INT(n, i + 1);
        CHECK_INT(nd__utf8_decode((const unsigned char *)out, n, &cp), n);
        CHECK_INT(cp, cps[i]);
    }
    CHECK(nd__utf8_valid("caf\xC3\xA9", 5, 0));
    CHECK(!nd__utf8_valid("caf\xC3", 4, 0));
    CHECK(nd__utf8_valid("caf\xC3", 4, 1)); /* cut by the end: fine for a sniffer */
    CHECK(!nd__utf8_valid("caf\xC3x", 5, 1));
    CHECK(!nd__utf8_valid("\xE0\x80\xAF", 3, 1));
    nd__buf buf;
    nd__buf_init(&buf, 16);
    CHECK_INT(nd__utf8_put(&buf, 0x20AC), ND_OK);
    CHECK_STR(buf.data, "\xE2\x82\xAC");
    nd__buf_release(&buf);
}

static void test_tokens(void)
{
    const char *text = "Bashar al-Assad's ÄRZTE, ärzte 2017 O\xE2\x80\x99" "Brien";
    nd__vec v = {0};
    CHECK_INT(nd__tokenize(text, strlen(text), &v), ND_OK);
    nd__token *t = v.items;
    CHECK_INT(v.count, 9); /* Bashar al Assad s ÄRZTE ärzte 2017 O Brien */
    if (v.count == 9) {
        CHECK_INT(t[0].start, 0);
        CHECK_INT(t[0].end, 6);
        CHECK(t[4].hash == t[5].hash); /* case folded beyond ASCII */
        CHECK(t[0].hash != t[1].hash);
        CHECK_INT(nd__token_join(text, &t[1], &t[2]), ND__JOIN_HYPHEN);
        CHECK_INT(nd__token_join(text, &t[2], &t[3]), ND__JOIN_APOSTROPHE);
        CHECK_INT(nd__token_join(text, &t[7], &t[8]), ND__JOIN_APOSTROPHE); /* ’ */
        CHECK_INT(nd__token_join(text, &t[0], &t[1]), ND__JOIN_NONE);
        CHECK(nd__token_shape(text, &t[0]) & ND__SHAPE_CAPITAL);
        CHECK(!(nd__token_shape(text, &t[1]) & ND__SHAPE_CAPITAL));
        CHECK(nd__token_shape(text, &t[4]) & ND__SHAPE_CAPITAL); /* Ä */
        CHECK(!(nd__token_shape(text, &t[4]) & ND__SHAPE_ASCII));
        CHECK(nd__token_shape(text, &t[6]) & ND__SHAPE_DIGITS);
    }
    /* the same word hashes the same wherever it stands */
    nd__vec w = {0};
    CHECK_INT(nd__tokenize("assad", 5, &w), ND_OK);
    CHECK(w.count == 1 && v.count > 2 && ((nd__token *)w.items)[0].hash == t[2].hash);
    nd__vec_release(&w);
    nd__vec_release(&v);
}

static void test_words(void)
{
    CHECK_INT(nd__text_count_words("  al-Freij, said:\tyes ", 22), 3);
    CHECK_INT(nd__text_count_words("", 0), 0);
    CHECK_INT(nd__text_count_word_runs("al-Freij, said: yes", 19, SIZE_MAX), 4);
    const char *long_text = "one two three four five six seven eight nine ten eleven twelve";
    CHECK_INT(nd__text_count_word_runs(long_text, strlen(long_text), SIZE_MAX), 12);
    CHECK(nd__text_count_word_runs(long_text, strlen(long_text), 3) > 3);
    CHECK(nd__text_count_word_runs(long_text, strlen(long_text), 3) < 12); /* stops early */
}

static void test_sentences(void)
{
    const char *text = "Mr. Smith met Gen. Baqeri in the U.S. on Monday. \"It went well,\" he said! Then\nanother line";
    nd__vec v = {0};
    CHECK_INT(nd__text_sentences(text, strlen(text), &v, 100), ND_OK);
    nd__text_span *s = v.items;
    CHECK_INT(v.count, 4);
    if (v.count == 4) {
        CHECK_INT(s[0].start, 0);
        CHECK(memcmp(text + s[0].end - 7, "Monday.", 7) == 0);
        CHECK(text[s[1].start] == '"');
        CHECK(memcmp(text + s[2].start, "Then", 4) == 0 && s[2].end - s[2].start == 4);
    }
    v.count = 0;
    CHECK_INT(nd__text_sentences(text, strlen(text), &v, 2), ND_OK);
    CHECK_INT(v.count, 2);
    nd__vec_release(&v);
    CHECK(nd__text_is_abbreviation("Gen.", 3));
    CHECK(!nd__text_is_abbreviation("Monday.", 6));
    const char *t2 = "First one. Second one";
    CHECK_INT(nd__text_sentence_start(t2, 15), 11);
    CHECK_INT(nd__text_sentence_start(t2, 3), 0);
    CHECK(nd__text_word_opens_sentence("It ended. \"The", 11));
    CHECK(!nd__text_word_opens_sentence("said The", 5));
    CHECK(nd__text_word_opens_sentence("The", 0));
}

static void test_names(void)
{
    char a[64], b[64];
    nd__text_fold_name("Baqeri", 6, a, sizeof a);
    nd__text_fold_name("Bagheri", 7, b, sizeof b);
    CHECK_STR(a, b);
    nd__text_fold_name("Bashar al-Assad", 15, a, sizeof a);
    nd__text_fold_name("Bashar Al Assad", 15, b, sizeof b);
    CHECK_STR(a, b);
    nd__text_fold_name("Hafez al-Kadri", 14, b, sizeof b);
    CHECK(strcmp(a, b) != 0);
    CHECK_INT(nd__text_fold_name("Anything", 8, a, 1), 0);
    CHECK(nd__text_fold_key("Al-Assad", 8) == nd__text_fold_key("al assad", 8));
    CHECK(nd__text_fold_key("Al-Assad", 8) != nd__text_fold_key("al asad", 7));
}

static void test_escaping(void)
{
    nd__buf buf;
    nd__buf_init(&buf, 1 << 10);
    CHECK_INT(nd__escape_html(&buf, "<a href=\"x\">Tom & Jerry's</a>", 29), ND_OK);
    CHECK_STR(buf.data, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    nd__buf_reset(&buf);
    CHECK_INT(nd__escape_json(&buf, "say \"hi\"\\\n\t\x01" "\xC3\xA9", 14), ND_OK);
    CHECK_STR(buf.data, "\"say \\\"hi\\\"\\\\\\n\\t\\u0001\xC3\xA9\"");
    nd__buf_release(&buf);
    nd__buf_init(&buf, 4);
    CHECK_INT(nd__escape_html(&buf, "<<<<", 4), ND_ETOOBIG); /* the buffer's ceiling holds */
    nd__buf_release(&buf);
}

static void test_urls(void)
{
    const char *start;
    size_t n = nd__url_authority("https://Example.com:8080/a?b#c", &start);
    CHECK(n == 16 && memcmp(start, "Example.com:8080", 16) == 0);
    n = nd__url_host("https://www.example.com:8080/a", &start, 1);
    CHECK(n == 11 && memcmp(start, "example.com", 11) == 0);
    n = nd__url_host("https://www.example.com/a", &start, 0);
    CHECK(n == 15 && memcmp(start, "www.example.com", 15) == 0);
    n = nd__url_host("http://www./a", &start, 1); /* nothing after www.: kept */
    CHECK_INT(n, 4);
    CHECK_INT(nd__url_host("not a url", &start, 1), 0);
    CHECK(start == NULL);
    CHECK_STR(nd__url_path("http://h.com/x/y?z=1"), "/x/y?z=1");
    CHECK_STR(nd__url_path("http://h.com?z=1"), "?z=1");
    CHECK_STR(nd__url_path("http://h.com"), "/");
    CHECK(nd__url_is_http("https://a"));
    CHECK(!nd__url_is_http("ftp://a"));
}

int main(void)
{
    test_utf8();
    test_tokens();
    test_words();
    test_sentences();
    test_names();
    test_escaping();
    test_urls();
    return CHECK_DONE();
}
