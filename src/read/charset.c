/*
 * charset.c: encoding detection (charset.h). No tables of language statistics: the multi-byte
 * encodings are told apart by which byte sequences they allow and by the kana that Japanese
 * text cannot do without; the Cyrillic single-byte ones by where they put the lower-case
 * letters (KOI8-R at C0..DF, windows-1251 at E0..FF, and running text is mostly lower case).
 */
#include "charset.h"

#include <string.h>

#include "text.h"
#include "util.h"

#define SAMPLE_BYTES (64u << 10)

int nd__charset_has_bom(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;
    return (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) ||
           (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) ||
           (len >= 4 && s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF);
}

int nd__charset_is_utf8(const char *name)
{
    return name && (nd__equals_ci(name, strlen(name), "utf-8") || nd__equals_ci(name, strlen(name), "utf8"));
}

int nd__charset_proves_utf8(const char *data, size_t len, size_t min_multibyte)
{
    const unsigned char *u = (const unsigned char *)data;
    size_t n = len < SAMPLE_BYTES ? len : SAMPLE_BYTES, multibyte = 0;
    if (!nd__utf8_valid(data, n, 1))
        return 0;
    for (size_t i = 0; i < n; i++)
        multibyte += u[i] >= 0xC2 && u[i] <= 0xF4;
    return multibyte >= min_multibyte;
}

/* Letters, digits and the few signs encoding names use. */
static size_t copy_name(const char *s, size_t len, char *out, size_t size)
{
    size_t n = 0;
    while (n < len && n + 1 < size &&
           (nd__is_alpha((unsigned char)s[n]) || nd__is_digit((unsigned char)s[n]) || s[n] == '-' ||
            s[n] == '_' || s[n] == '.' || s[n] == ':'))
        n++;
    if (size)
        memcpy(out, s, n), out[n] = '\0';
    return n;
}

size_t nd__charset_of_content_type(const char *content_type, char *out, size_t size)
{
    if (size)
        out[0] = '\0';
    if (!content_type)
        return 0;
    size_t len = strlen(content_type);
    long at = nd__find_ci(content_type, len, "charset=");
    if (at < 0)
        return 0;
    const char *s = content_type + at + 8;
    len -= (size_t)at + 8;
    if (len && (*s == '"' || *s == '\''))
        s++, len--;
    return copy_name(s, len, out, size);
}

size_t nd__charset_of_xml(const char *data, size_t len, char *out, size_t size)
{
    if (size)
        out[0] = '\0';
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        data += 3, len -= 3;
    if (len < 5 || memcmp(data, "<?xml", 5) != 0)
        return 0;
    const char *end = memchr(data, '>', len < 512 ? len : 512);
    if (!end)
        return 0;
    size_t decl = (size_t)(end - data);
    long at = nd__find_ci(data, decl, "encoding");
    if (at < 0)
        return 0;
    size_t i = (size_t)at + 8;
    while (i < decl && (nd__is_space((unsigned char)data[i]) || data[i] == '='))
        i++;
    if (i < decl && (data[i] == '"' || data[i] == '\''))
        i++;
    return copy_name(data + i, decl - i, out, size);
}

/* The two-byte EUC form (JIS X 0208 in EUC-JP, GB 2312 in EUC-CN): lead and trail A1..FE; EUC-JP
 * also has 8E (half-width kana) and 8F (JIS X 0212, three bytes). Counts the pairs and, of them,
 * the kana (lead A4 hiragana, A5 katakana). Returns 0 at a sequence the encoding forbids. */
static int euc_valid(const unsigned char *s, size_t n, size_t *pairs, size_t *kana)
{
    *pairs = *kana = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need = c == 0x8F ? 3 : 2;
        if (i + need > n)
            return 1; /* cut by the end of the sample */
        if (c == 0x8E) {
            if (s[i + 1] < 0xA1 || s[i + 1] > 0xDF)
                return 0;
        } else if (c == 0x8F || (c >= 0xA1 && c <= 0xFE)) {
            for (size_t k = 1; k < need; k++)
                if (s[i + k] < 0xA1 || s[i + k] > 0xFE)
                    return 0;
            ++*pairs;
            *kana += c == 0xA4 || c == 0xA5;
        } else {
            return 0;
        }
        i += need;
    }
    return 1;
}

/* Shift_JIS: lead 81..9F or E0..FC, trail 40..7E or 80..FC; A1..DF alone are half-width kana.
 * Kana: lead 82 (hiragana, from 829F) and 83 (katakana). */
static int sjis_valid(const unsigned char *s, size_t n, size_t *pairs, size_t *kana)
{
    *pairs = *kana = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x80 || (c >= 0xA1 && c <= 0xDF)) {
            i++;
            continue;
        }
        if (!((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)))
            return 0;
        if (i + 1 >= n)
            return 1;
        unsigned char t = s[i + 1];
        if (t < 0x40 || t == 0x7F || t > 0xFC)
            return 0;
        ++*pairs;
        *kana += (c == 0x82 && t >= 0x9F) || (c == 0x83 && t <= 0x96);
        i += 2;
    }
    return 1;
}

/* GBK / GB18030's two-byte form: lead 81..FE, trail 40..FE but 7F; four bytes when the second
 * is a digit. */
static int gb_valid(const unsigned char *s, size_t n, size_t *pairs)
{
    *pairs = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c == 0x80 || c == 0xFF)
            return 0;
        if (i + 1 >= n)
            return 1;
        unsigned char t = s[i + 1];
        if (t >= 0x30 && t <= 0x39) {
            if (i + 3 >= n)
                return 1;
            if (s[i + 2] < 0x81 || s[i + 2] == 0xFF || s[i + 3] < 0x30 || s[i + 3] > 0x39)
                return 0;
            i += 4;
        } else if (t >= 0x40 && t != 0x7F && t != 0xFF) {
            i += 2;
        } else {
            return 0;
        }
        ++*pairs;
    }
    return 1;
}

const char *nd__charset_detect(const char *data, size_t len)
{
    const unsigned char *s = (const unsigned char *)data;
    size_t n = len < SAMPLE_BYTES ? len : SAMPLE_BYTES;
    if (nd__utf8_valid(data, n, 1))
        return "UTF-8";
    size_t pairs, kana;
    if (euc_valid(s, n, &pairs, &kana) && pairs && kana * 10 >= pairs)
        return "EUC-JP";
    if (sjis_valid(s, n, &pairs, &kana) && pairs && kana * 10 >= pairs)
        return "SHIFT_JIS";
    /* Letters of single-byte scripts: a high byte next to another high byte is a letter of a
     * word in Cyrillic (or Greek); in Latin text high bytes stand alone between ASCII letters. */
    size_t high = 0, joined = 0, low_half = 0, high_half = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x80)
            continue;
        high++;
        joined += i + 1 < n && s[i + 1] >= 0xC0 && s[i] >= 0xC0;
        low_half += s[i] >= 0xC0 && s[i] <= 0xDF;
        high_half += s[i] >= 0xE0;
    }
    /* Chinese: every byte pairs as GB allows, and a good share of them fall below C0, where
     * Latin and Cyrillic letters never are */
    size_t gb_pairs;
    if (gb_valid(s, n, &gb_pairs) && gb_pairs && (low_half + high_half) * 10 < high * 9)
        return "GB18030";
    /* Cyrillic: words of high bytes, mostly lower case */
    if (high >= 4 && joined * 2 >= high)
        return low_half > high_half ? "KOI8-R" : "WINDOWS-1251";
    return "WINDOWS-1252";
}
