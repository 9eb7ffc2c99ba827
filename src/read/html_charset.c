/*
 * html_charset.c: which encoding to ask of libxml2. It honours <meta charset> and http-equiv
 * itself, but without one it assumes Latin-1, which garbles the many UTF-8 pages that declare
 * nothing. So when the first kilobytes declare nothing and the bytes are valid UTF-8, say UTF-8.
 */
#include "html_page.h"

#include <string.h>

#include "text.h"

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
    return nd__utf8_valid(html, len, 1) ? "UTF-8" : NULL;
}
