/*
 * html_charset.c: which encoding to ask of libxml2. It honours <meta charset> and http-equiv
 * itself, but without one it assumes Latin-1, which garbles the many UTF-8 pages that declare
 * nothing. So when the first kilobytes declare nothing and the bytes are valid UTF-8, say UTF-8;
 * when they are not, say what charset.c finds them to be; and when a page (or its transport)
 * declares another charset but its bytes are plainly UTF-8, believe the bytes.
 */
#include "html_page.h"

#include <string.h>

#include "charset.h"
#include "text.h"

int nd__html_has_bom(const char *html, size_t len)
{
    const unsigned char *s = (const unsigned char *)html;
    return (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) ||
           (len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) || (s[0] == 0xfe && s[1] == 0xff)));
}

/* The charset a page declares in its first kilobytes (<meta charset>, http-equiv), into out. */
static size_t declared_charset(const char *html, size_t len, char *out, size_t size)
{
    size_t head = len < 8192 ? len : 8192;
    out[0] = '\0';
    for (size_t i = 0; i + 8 <= head; i++) {
        if ((html[i] != 'c' && html[i] != 'C') || !nd__html_prefix_ci(html + i, "charset", 7))
            continue;
        size_t k = i + 7;
        while (k < head && (nd__is_space((unsigned char)html[k]) || html[k] == '=' || html[k] == '"' || html[k] == '\''))
            k++;
        size_t n = 0;
        while (k + n < head && n + 1 < size &&
               (nd__html_is_alnum((unsigned char)html[k + n]) || html[k + n] == '-' || html[k + n] == '_' ||
                html[k + n] == '.' || html[k + n] == ':'))
            n++;
        if (n) {
            memcpy(out, html + k, n);
            out[n] = '\0';
            return n;
        }
    }
    return 0;
}

const char *nd__html_guess_encoding(const char *html, size_t len, const char *transport, int *override)
{
    *override = 0;
    if (len >= 3 && (unsigned char)html[0] == 0xef && (unsigned char)html[1] == 0xbb &&
        (unsigned char)html[2] == 0xbf)
        return "UTF-8";
    if (len >= 2 && (((unsigned char)html[0] == 0xff && (unsigned char)html[1] == 0xfe) ||
                     ((unsigned char)html[0] == 0xfe && (unsigned char)html[1] == 0xff)))
        return NULL; /* UTF-16 with a byte order mark: libxml2 detects it */
    /* valid UTF-8 with many multi-byte characters is UTF-8, whatever is declared (checked only
     * when something else is declared: the scan costs) */
    char declared[64];
    if (transport && transport[0]) {
        *override = 1;
        return !nd__charset_is_utf8(transport) && nd__charset_proves_utf8(html, len, 8) ? "UTF-8" : transport;
    }
    if (declared_charset(html, len, declared, sizeof declared)) {
        if (!nd__charset_is_utf8(declared) && nd__charset_proves_utf8(html, len, 8)) {
            *override = 1;
            return "UTF-8";
        }
        return NULL; /* declared: libxml2 follows the declaration */
    }
    if (nd__utf8_valid(html, len, 1))
        return "UTF-8";
    /* nothing declared and not UTF-8: what the bytes look like (libxml2 would assume Latin-1) */
    *override = 1;
    return nd__charset_detect(html, len);
}
