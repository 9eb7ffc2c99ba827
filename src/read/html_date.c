/*
 * html_date.c: dates as pages give them. Meta tags hold ISO 8601 mostly, sometimes with slashes,
 * sometimes compact; the result is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[zone]", or NULL when
 * the text is not a date. JSON-LD's "datePublished" is found by a textual search.
 */
#include "html_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int nd__html_digits(const char *s, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 1;
}

char *nd__html_normalise_date(const char *s)
{
    if (!s)
        return NULL;
    while (*s && nd__is_space((unsigned char)*s))
        s++;
    int year, month, day, hour = -1, minute = 0, second = 0;
    const char *p = s;
    if (!nd__html_digits(p, 4, &year))
        return NULL;
    p += 4;
    if ((*p == '-' || *p == '/' || *p == '.') && nd__html_digits(p + 1, 2, &month) &&
        p[3] == p[0] && nd__html_digits(p + 4, 2, &day))
        p += 6;
    else if (nd__html_digits(p, 2, &month) && nd__html_digits(p + 2, 2, &day))
        p += 4;
    else
        return NULL;
    if (year < 1900 || year > 2200 || !nd__date_valid(year, month, day))
        return NULL;
    if ((*p == 'T' || *p == ' ' || *p == 't') && nd__html_digits(p + 1, 2, &hour) && p[3] == ':' &&
        nd__html_digits(p + 4, 2, &minute)) {
        p += 6;
        if (*p == ':' && nd__html_digits(p + 1, 2, &second))
            p += 3;
        if (*p == '.' || *p == ',') /* fractions of a second are dropped */
            for (p++; *p >= '0' && *p <= '9'; p++) {
            }
        if (hour > 23 || minute > 59 || second > 60)
            hour = -1;
    }
    char zone[16] = "";
    if (hour >= 0) {
        while (*p == ' ')
            p++;
        int zone_hours, zone_minutes = 0;
        if (*p == 'Z' || *p == 'z') {
            strcpy(zone, "Z");
        } else if ((*p == '+' || *p == '-') && nd__html_digits(p + 1, 2, &zone_hours)) {
            if (!(p[3] == ':' && nd__html_digits(p + 4, 2, &zone_minutes)) &&
                !nd__html_digits(p + 3, 2, &zone_minutes))
                zone_minutes = 0; /* "+02" alone */
            if (zone_hours <= 14 && zone_minutes <= 59)
                snprintf(zone, sizeof zone, "%c%02u:%02u", *p, (unsigned)zone_hours,
                         (unsigned)zone_minutes);
        }
    }
    char out[64];
    if (hour >= 0)
        snprintf(out, sizeof out, "%04u-%02u-%02uT%02u:%02u:%02u%s", (unsigned)year,
                 (unsigned)month, (unsigned)day, (unsigned)hour, (unsigned)minute,
                 (unsigned)second, zone);
    else
        snprintf(out, sizeof out, "%04u-%02u-%02u", (unsigned)year, (unsigned)month,
                 (unsigned)day);
    return strdup(out);
}

/* Finds "datePublished" in a JSON-LD script and normalises its string value. Not a JSON parser:
 * the key is rare enough that a textual search is right, and it never reads past the text. */
char *nd__html_jsonld_date(const char *json)
{
    const char *keys[] = {"\"datePublished\"", "\"dateCreated\""};
    for (size_t k = 0; k < 2; k++) {
        const char *p = strstr(json, keys[k]);
        if (!p)
            continue;
        p += strlen(keys[k]);
        while (*p && nd__is_space((unsigned char)*p))
            p++;
        if (*p != ':')
            continue;
        p++;
        while (*p && nd__is_space((unsigned char)*p))
            p++;
        if (*p != '"')
            continue;
        char *d = nd__html_normalise_date(p + 1);
        if (d)
            return d;
    }
    return NULL;
}
