/*
 * utf8.c: repairs and normalises text at the door, so that every later stage can assume valid
 * UTF-8 with "\n" line ends. ASCII runs are copied straight through; only text with non-ASCII
 * bytes pays for decoding and for utf8proc's NFC composition.
 */
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "newsdesk.h"
#include "text.h"

/* Whether a code point may change under NFC: combining marks, Hangul jamo, and the canonical
 * singletons (Ohm, Kelvin and Angstrom signs, Greek ano teleia, CJK compatibility ideographs).
 * Text without any is already in NFC, so the costly normalisation is skipped: most news text
 * has curly quotes and accented letters, and none of these. */
static int may_change_under_nfc(int cp)
{
    if (cp < 0x300)
        return 0;
    if ((cp >= 0x1100 && cp <= 0x11FF) || cp == 0x2126 || cp == 0x212A || cp == 0x212B ||
        (cp >= 0x0340 && cp <= 0x0344) || cp == 0x0374 || cp == 0x037E || cp == 0x0387 ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F))
        return 1;
    return utf8proc_get_property(cp)->combining_class != 0;
}

static long utf8_clean_appending(const char *in, size_t len, nd__buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t start = out->len;
    long repaired = 0;
    int needs_nfc = 0;
    int rc = ND_OK;
    size_t i = 0;
    while (i < len && rc == ND_OK) {
        size_t run = i;
        while (run < len && s[run] >= 0x20 && s[run] < 0x7F)
            run++;
        if (run > i) {
            rc = nd__buf_append(out, in + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == '\r') {
                rc = nd__buf_putc(out, '\n');
                i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
            } else {
                if (c == '\n' || c == '\t')
                    rc = nd__buf_putc(out, (char)c);
                i++; /* other control characters are dropped */
            }
            continue;
        }
        int cp;
        size_t n = nd__utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            rc = nd__buf_append(out, "\xEF\xBF\xBD", 3);
            repaired++;
            i++;
            continue;
        }
        if (cp == 0xA0 || cp == 0x2007 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A))
            rc = nd__buf_putc(out, ' ');
        else if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF || cp == 0xAD ||
                 (cp >= 0x80 && cp < 0xA0))
            ; /* invisible: zero-width, soft hyphen, C1 controls */
        else if (cp == 0x2028 || cp == 0x2029)
            rc = nd__buf_putc(out, '\n');
        else {
            rc = nd__buf_append(out, in + i, n);
            needs_nfc |= may_change_under_nfc(cp);
        }
        i += n;
    }
    if (rc != ND_OK)
        return rc;
    if (needs_nfc) {
        utf8proc_uint8_t *nfc = NULL;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)out->data + start,
                                          (utf8proc_ssize_t)(out->len - start), &nfc,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n >= 0) {
            out->len = start;
            rc = nd__buf_append(out, (const char *)nfc, (size_t)n);
        }
        free(nfc);
        if (rc != ND_OK)
            return rc;
    }
    return repaired;
}

/* Normalises the output of the repair loop when it may change under NFC. */
static long compose(nd__buf *out, size_t start, long repaired)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)out->data + start,
                                      (utf8proc_ssize_t)(out->len - start), &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    int rc = ND_OK;
    if (n >= 0) {
        out->len = start;
        rc = nd__buf_append(out, (const char *)nfc, (size_t)n);
    }
    free(nfc);
    return rc != ND_OK ? rc : repaired;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* The same repair, writing straight into room made once: every input byte gives at most three
 * bytes out (an invalid byte becomes U+FFFD), so when three times the input fits under the
 * buffer's limit, no append can fail on it and none needs checking. Printable ASCII goes eight
 * bytes at a time. Otherwise the appending loop above does the work. */
long nd__utf8_clean(const char *in, size_t len, nd__buf *out)
{
    if (out->len > out->limit || len > (out->limit - out->len) / 3)
        return utf8_clean_appending(in, len, out);
    size_t start = out->len, need = out->len + 3 * len + 1;
    if (out->cap < need) {
        char *grown = realloc(out->data, need);
        if (!grown)
            return ND_ENOMEM;
        out->data = grown;
        out->cap = need;
    }
    const unsigned char *s = (const unsigned char *)in;
    char *o = out->data + out->len;
    long repaired = 0;
    int needs_nfc = 0;
    size_t i = 0;
    while (i < len) {
        while (i + 8 <= len) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            /* a byte below 0x20, or from 0x7F on, ends the run */
            if (((x - ONES * 0x20) | x | (x + ONES)) & HIGHS)
                break;
            memcpy(o, &x, 8);
            o += 8, i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x7F) {
            *o++ = (char)c;
            i++;
            continue;
        }
        if (c < 0x80) {
            if (c == '\r') {
                *o++ = '\n';
                i += (i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
            } else {
                if (c == '\n' || c == '\t')
                    *o++ = (char)c;
                i++; /* other control characters are dropped */
            }
            continue;
        }
        int cp;
        size_t n = nd__utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            repaired++;
            i++;
            continue;
        }
        if (cp == 0xA0 || cp == 0x2007 || cp == 0x202F || (cp >= 0x2000 && cp <= 0x200A))
            *o++ = ' ';
        else if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF || cp == 0xAD ||
                 (cp >= 0x80 && cp < 0xA0))
            ; /* invisible: zero-width, soft hyphen, C1 controls */
        else if (cp == 0x2028 || cp == 0x2029)
            *o++ = '\n';
        else {
            memcpy(o, s + i, n);
            o += n;
            needs_nfc |= may_change_under_nfc(cp);
        }
        i += n;
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    return needs_nfc ? compose(out, start, repaired) : repaired;
}

long nd__utf16_to_utf8(const char *in, size_t len, int big_endian, nd__buf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    long repaired = 0;
    size_t i = 0;
    int rc = ND_OK;
#define UNIT(at) (big_endian ? (unsigned)(s[at] << 8 | s[(at) + 1]) : (unsigned)(s[(at) + 1] << 8 | s[at]))
    while (rc == ND_OK && i + 2 <= len) {
        unsigned unit = UNIT(i);
        i += 2;
        if (unit >= 0xD800 && unit <= 0xDBFF && i + 2 <= len && UNIT(i) >= 0xDC00 && UNIT(i) <= 0xDFFF) {
            rc = nd__utf8_put(out, 0x10000 + ((unit - 0xD800) << 10) + (UNIT(i) - 0xDC00));
            i += 2;
        } else if (unit >= 0xD800 && unit <= 0xDFFF) {
            rc = nd__utf8_put(out, 0xFFFD);
            repaired++;
        } else {
            rc = nd__utf8_put(out, unit);
        }
    }
#undef UNIT
    if (rc == ND_OK && i < len) {
        rc = nd__utf8_put(out, 0xFFFD);
        repaired++;
    }
    return rc == ND_OK ? repaired : rc;
}
