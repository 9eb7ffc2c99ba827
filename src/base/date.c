/*
 * date.c: civil dates: validity, day numbers, weekdays, and the two forms dates arrive in from
 * outside (ISO 8601 and RFC 2822). See date.h.
 */
#include "date.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

int nd__days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

int nd__date_valid(int y, int m, int d) { return y >= 1 && y <= 9999 && d >= 1 && d <= nd__days_in_month(y, m); }

long nd__days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void nd__civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

long long nd__seconds_from_civil(int y, int m, int d, int hour, int minute, int second)
{
    return (long long)nd__days_from_civil(y, m, d) * 86400 + (long long)hour * 3600 + (long long)minute * 60 + second;
}

void nd__civil_from_seconds(long long t, int *y, int *m, int *d, int *hour, int *minute, int *second)
{
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    long long rest = t - days * 86400;
    nd__civil_from_days((long)days, y, m, d);
    *hour = (int)(rest / 3600);
    *minute = (int)(rest / 60 % 60);
    *second = (int)(rest % 60);
}

void nd__format_iso_seconds(long long t, char out[20])
{
    int y, m, d, hh, mi, ss;
    nd__civil_from_seconds(t, &y, &m, &d, &hh, &mi, &ss);
    char text[64]; /* room for any int the compiler can imagine; the text is 19 bytes */
    snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mi, ss);
    memcpy(out, text, 19);
    out[19] = '\0';
}

int nd__parse_iso_seconds(const char *text, double *out)
{
    int y, mo, d, h = 0, mi = 0, s = 0;
    if (!text || sscanf(text, "%4d-%2d-%2d", &y, &mo, &d) != 3)
        return 0;
    if (strlen(text) >= 16 && (text[10] == 'T' || text[10] == ' '))
        sscanf(text + 11, "%2d:%2d:%2d", &h, &mi, &s);
    /* timegm carries a month out of 1..12 into the year; so does this */
    long months = (long)y * 12 + (mo - 1);
    long yy = months >= 0 ? months / 12 : -((-months + 11) / 12);
    *out = (double)nd__seconds_from_civil((int)yy, (int)(months - yy * 12) + 1, d, h, mi, s);
    return 1;
}

int nd__weekday(long days) { return (int)(((days % 7) + 7 + 3) % 7) + 1; /* 1970-01-01 was a Thursday */ }

/* n digits at text[*i] as a number; -1 when they are not there. */
static int digits(const char *text, size_t len, size_t *i, int n)
{
    int value = 0;
    for (int k = 0; k < n; k++, (*i)++) {
        if (*i >= len || !nd__is_digit((unsigned char)text[*i]))
            return -1;
        value = value * 10 + (text[*i] - '0');
    }
    return value;
}

/* "HH:MM[:SS[.fff]]" at text[*i]; 1 when well formed. */
static int clock_time(const char *text, size_t len, size_t *i)
{
    int h = digits(text, len, i, 2);
    if (h < 0 || h > 23 || *i >= len || text[(*i)++] != ':')
        return 0;
    int mi = digits(text, len, i, 2);
    if (mi < 0 || mi > 59)
        return 0;
    if (*i < len && text[*i] == ':') {
        (*i)++;
        int s = digits(text, len, i, 2);
        if (s < 0 || s > 60)
            return 0;
        if (*i < len && (text[*i] == '.' || text[*i] == ',')) {
            (*i)++;
            size_t from = *i;
            while (*i < len && nd__is_digit((unsigned char)text[*i]))
                (*i)++;
            if (*i == from)
                return 0;
        }
    }
    return 1;
}

/* "+hh:mm", "+hhmm", "+hh" at text[*i]; 1 when well formed (at most 14 hours). */
static int offset(const char *text, size_t len, size_t *i, int colon_allowed)
{
    if (*i >= len || (text[*i] != '+' && text[*i] != '-'))
        return 0;
    (*i)++;
    int h = digits(text, len, i, 2);
    if (h < 0 || h > 14)
        return 0;
    if (*i < len && text[*i] == ':' && colon_allowed)
        (*i)++;
    if (*i < len && nd__is_digit((unsigned char)text[*i])) {
        int mi = digits(text, len, i, 2);
        if (mi < 0 || mi > 59)
            return 0;
    }
    return 1;
}

int nd__date_parse_iso(const char *text, size_t len, int *y, int *m, int *d)
{
    size_t i = 0;
    if (!text)
        return 0;
    int yy = digits(text, len, &i, 4);
    if (yy < 0 || i >= len || text[i++] != '-')
        return 0;
    int mm = digits(text, len, &i, 2);
    if (mm < 0 || i >= len || text[i++] != '-')
        return 0;
    int dd = digits(text, len, &i, 2);
    if (dd < 0 || !nd__date_valid(yy, mm, dd))
        return 0;
    if (i < len) {
        if (text[i] != 'T' && text[i] != ' ')
            return 0;
        i++;
        if (!clock_time(text, len, &i))
            return 0;
        if (i < len && text[i] == 'Z')
            i++;
        else if (i < len && !offset(text, len, &i, 1))
            return 0;
        if (i != len)
            return 0;
    }
    *y = yy;
    *m = mm;
    *d = dd;
    return 1;
}

static int month_of(const char *s, size_t n)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    if (n < 3)
        return 0;
    char lower[3] = {(char)nd__to_lower((unsigned char)s[0]), (char)nd__to_lower((unsigned char)s[1]),
                     (char)nd__to_lower((unsigned char)s[2])};
    for (int k = 0; k < 12; k++)
        if (memcmp(names + 3 * k, lower, 3) == 0)
            return k + 1;
    return 0;
}

int nd__date_parse_rfc2822(const char *text, size_t len, int *y, int *m, int *d)
{
    size_t i = 0;
    if (!text)
        return 0;
    while (i < len && text[i] == ' ')
        i++;
    /* an optional weekday: "Thu," */
    if (i + 3 < len && nd__is_alpha((unsigned char)text[i])) {
        size_t w = i;
        while (i < len && nd__is_alpha((unsigned char)text[i]))
            i++;
        if (i - w < 3 || i >= len || text[i] != ',')
            return 0;
        i++;
        while (i < len && text[i] == ' ')
            i++;
    }
    int dd = 0, n = 0;
    while (i < len && nd__is_digit((unsigned char)text[i]) && n < 2) {
        dd = dd * 10 + (text[i++] - '0');
        n++;
    }
    if (!n || i >= len || text[i++] != ' ')
        return 0;
    size_t mstart = i;
    while (i < len && nd__is_alpha((unsigned char)text[i]))
        i++;
    int mm = i - mstart == 3 ? month_of(text + mstart, 3) : 0;
    if (!mm || i >= len || text[i++] != ' ')
        return 0;
    int yy = digits(text, len, &i, 4);
    if (yy < 0 || !nd__date_valid(yy, mm, dd))
        return 0;
    if (i < len) {
        if (text[i++] != ' ' || !clock_time(text, len, &i))
            return 0;
        if (i < len) {
            if (text[i++] != ' ')
                return 0;
            if (i < len && (text[i] == '+' || text[i] == '-')) {
                if (!offset(text, len, &i, 0))
                    return 0;
            } else {
                size_t z = i;
                while (i < len && nd__is_upper((unsigned char)text[i]))
                    i++;
                if (i - z < 1 || i - z > 5) /* GMT, UT, EST, PDT, military zones */
                    return 0;
            }
            if (i != len)
                return 0;
        }
    }
    *y = yy;
    *m = mm;
    *d = dd;
    return 1;
}

int nd__date_parse(const char *text, size_t len, char out[11])
{
    int y, m, d;
    if (!nd__date_parse_iso(text, len, &y, &m, &d) && !nd__date_parse_rfc2822(text, len, &y, &m, &d))
        return 0;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return 1;
}
