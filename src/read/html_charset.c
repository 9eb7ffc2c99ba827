/*
 * html_charset.c: which encoding to ask of libxml2. It honours <meta charset> and http-equiv
 * itself, but without one it assumes Latin-1, which garbles the many UTF-8 pages that declare
 * nothing. So when the first kilobytes declare nothing and the bytes are valid UTF-8, say UTF-8.
 */
#include "html_page.h"

#include <string.h>

static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need = c >= 0xf0 && c <= 0xf4 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : 0;
        if (need == 0)
            return 0;
        if (i + need >= n)
            return 1; /* a character cut by the end of the input is no evidence against UTF-8 */
        for (size_t k = 1; k <= need; k++)
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
        i += need + 1;
    }
    return 1;
}

int nd__html_has_bom(const char *html, size_t len)
{
    const unsigned char *s = (const unsigned char *)html;
    return (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) ||
           (len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) || (s[0] == 0xfe && s[1] == 0xff)));
}

const char *nd__html_guess_encoding(const char *html, size_t len)
{
    if (len >= 3 && (unsigned char)html[0] == 0xef && (unsigned char)html[1] == 0xbb &&
        (unsigned char)html[2] == 0xbf)
        return "UTF-8";
    if (len >= 2 && (((unsigned char)html[0] == 0xff && (unsigned char)html[1] == 0xfe) ||
                     ((unsigned char)html[0] == 0xfe && (unsigned char)html[1] == 0xff)))
        return NULL; /* UTF-16 with a byte order mark: libxml2 detects it */
    size_t head = len < 8192 ? len : 8192;
    for (size_t i = 0; i + 8 <= head; i++)
        if ((html[i] == 'c' || html[i] == 'C') && nd__html_prefix_ci(html + i, "charset", 7))
            return NULL; /* declared: libxml2 follows the declaration */
    return valid_utf8((const unsigned char *)html, len) ? "UTF-8" : NULL;
}
