/*
 * extract_mentions.c: the rules' reading of names. Takes the tokens; gives mentions: every run of
 * capitalised words (titles may hold lower-case words: "Chief of Staff") split into an
 * organisation (a run ending in an organisation word), a person (the name after a title), a
 * place (the longest gazetteer match; a city only when it is the rest of the run), a nationality
 * (kept to choose among cities, never output), or an undecided name whose kind the context
 * decides later (extract_entities.c); and the place before "-based", "-born" and the like.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract_work.h"

/* The gazetteer key of tokens [a, b): lower case, '-' as space, full stops dropped. */
static size_t place_key(const nd__extractor *x, size_t a, size_t b, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        if (i > a && n + 1 < cap)
            out[n++] = ' ';
        for (uint32_t k = TOK(i).start; k < TOK(i).name_end && n + 1 < cap; k++) {
            char c = x->text[k];
            if (c == '.')
                continue;
            out[n++] = c == '-' ? ' ' : (char)nd__to_lower((unsigned char)c);
        }
    }
    out[n] = '\0';
    return n;
}

const nd__place *nd__ex_find_place(const nd__extractor *x, size_t a, size_t b)
{
    if (!x->gazetteer)
        return NULL;
    char key[ND__GAZETTEER_MAX_KEY + 1];
    size_t n = place_key(x, a, b, key, sizeof key);
    return n >= 2 ? nd__gazetteer_find(x->gazetteer, key, n) : NULL;
}

/* A token that can be part of a name: capitalised, not a listed common word, month or day. */
static int nameish(const nd__extractor *x, size_t i)
{
    const token *t = &TOK(i);
    if (t->flags & T_DIGITS)
        return 0;
    if (t->lex & (L_MONTH | L_DAY))
        return 0;
    if ((t->lex & L_PARTICLE) && !(t->flags & T_CAP))
        return i + 1 < x->tokens.count && (TOK(i + 1).flags & T_CAP) && (TOK(i + 1).flags & T_SPACE);
    if (!(t->flags & T_CAP))
        return 0;
    if (t->flags & T_HYPHEN) {
        /* "Arabic-language", "Tehran-based": the part after the hyphen is lower case */
        const char *h = memchr(x->text + t->start, '-', t->name_end - t->start);
        if (h && h + 1 < x->text + t->name_end && nd__is_lower((unsigned char)h[1]) &&
            !(h - (x->text + t->start) == 2 && nd__is_lower((unsigned char)x->text[t->start])))
            return 0;
    }
    return 1;
}

int nd__ex_push_mention(nd__extractor *x, int type, size_t a, size_t b, size_t title_a, size_t first_title,
                        const nd__place *place)
{
    if (x->mentions.count >= ND__MAX_MENTIONS)
        return ND_OK;
    mention *m = nd__vec_push(&x->mentions, sizeof *m);
    if (!m)
        return ND_ENOMEM;
    m->first_token = (int)a;
    m->last_token = (int)b - 1;
    m->start = TOK(a).start;
    m->end = TOK(b - 1).name_end;
    m->title_start = TOK(title_a).start;
    m->first_title_start = TOK(first_title).start;
    m->type = type;
    m->entity = -1;
    m->place = place;
    return ND_OK;
}

/* Splits one run of capitalised words [a, b) into mentions. */
static int parse_run(nd__extractor *x, size_t a, size_t b)
{
    size_t pos = a;
    while (pos < b) {
        token *t = &TOK(pos);
        /* Sentence starters and "The" are not names. */
        if ((t->lex & L_STOP) && !(t->lex & L_TITLE) && !(t->flags & T_ALLCAPS)) {
            pos++;
            continue;
        }
        /* An organisation: the run up to an organisation word, with no title before it. */
        size_t org_end = 0;
        for (size_t k = pos; k < b; k++) {
            if (nd__ex_match_title(x, k) && k == pos)
                break;
            if ((TOK(k).lex & L_ORG) && k > pos && (TOK(k).flags & T_CAP)) {
                org_end = k + 1;
                while (org_end < b && (TOK(org_end).lex & L_ORG))
                    org_end++;
                break;
            }
        }
        if (org_end) {
            int rc = nd__ex_push_mention(x, ND_ENTITY_ORGANISATION, pos, org_end, pos, pos, NULL);
            if (rc)
                return rc;
            if (pos > a && tok_is(x, pos - 1, "the"))
                MEN(x->mentions.count - 1).the = 1;
            pos = org_end;
            continue;
        }
        /* Titles, then a name. */
        int title_len = nd__ex_match_title(x, pos);
        if (title_len) {
            size_t first_title = pos, last_title = pos;
            size_t k = pos;
            while (k < b && (title_len = nd__ex_match_title(x, k)) > 0) {
                last_title = k;
                k += (size_t)title_len;
            }
            size_t name_start = k, name_end = k;
            while (name_end < b && name_end - name_start < 5 && nameish(x, name_end) &&
                   !(TOK(name_end).lex & (L_STOP | L_ORG)) && !nd__ex_match_title(x, name_end)) {
                const nd__place *p = nd__ex_find_place(x, name_end, name_end + 1);
                if (p && p->kind != ND__PLACE_CITY && name_end == name_start)
                    break;
                name_end++;
            }
            while (name_end > name_start && (TOK(name_end - 1).lex & L_PARTICLE) && !(TOK(name_end - 1).flags & T_CAP))
                name_end--;
            if (name_end > name_start) {
                int rc = nd__ex_push_mention(x, ND_ENTITY_PERSON, name_start, name_end, last_title, first_title, NULL);
                if (rc)
                    return rc;
            }
            pos = name_end > name_start ? name_end : k;
            continue;
        }
        /* A place: the longest gazetteer match; a city only when it is the whole rest of the
         * run (so "Ali" in "Ali Khamenei" stays a name). */
        const nd__place *place = NULL;
        size_t place_end = pos;
        for (size_t k = (b - pos > 4 ? pos + 4 : b); k > pos; k--) {
            const nd__place *p = nd__ex_find_place(x, pos, k);
            if (!p)
                continue;
            if (p->kind == ND__PLACE_CITY && k != b) {
                /* "Idlib province": the rest is lower case, so the run ends here anyway */
                continue;
            }
            if (p->kind == ND__PLACE_CITY && k - pos == 1 && (TOK(pos).flags & T_SENT) && !(TOK(pos).flags & T_ALLCAPS) &&
                !(TOK(pos).flags & T_PARA))
                continue; /* a capitalised first word of a sentence is too often a common word */
            if (p->kind == ND__PLACE_CITY && (TOK(pos).flags & T_ALLCAPS) && pos > 0)
                continue; /* SANA is an agency; only a dateline shouts a city */
            place = p;
            place_end = k;
            break;
        }
        if (place && place->kind == ND__PLACE_DEMONYM) {
            /* "American officials", "Iranian": a nationality is not a place of its own, but it
             * names a country for choosing among cities of one name (check_cities) */
            int rc = nd__ex_push_mention(x, -2, pos, place_end, pos, pos, place);
            if (rc)
                return rc;
            pos = place_end;
            continue;
        }
        if (place) {
            int rc = nd__ex_push_mention(x, ND_ENTITY_PLACE, pos, place_end, pos, pos, place);
            if (rc)
                return rc;
            pos = place_end;
            continue;
        }
        /* Anything else: a group of name words whose kind the context decides later. */
        size_t end = pos;
        while (end < b && end - pos < 5 && nameish(x, end) && !(TOK(end).lex & (L_STOP | L_ORG)) &&
               !(end > pos && nd__ex_match_title(x, end))) {
            const nd__place *p = end > pos ? nd__ex_find_place(x, end, end + 1) : NULL;
            if (p && p->kind != ND__PLACE_CITY)
                break;
            end++;
        }
        if (end == pos) {
            pos++;
            continue;
        }
        int rc = nd__ex_push_mention(x, -1, pos, end, pos, pos, NULL);
        if (rc)
            return rc;
        pos = end;
    }
    return ND_OK;
}

/* "Tehran-based": the place before the hyphen. */
static int hyphen_place(nd__extractor *x, size_t i)
{
    token *t = &TOK(i);
    const char *s = x->text + t->start;
    size_t n = t->name_end - t->start;
    static const char *const suffixes[] = {"-based", "-backed", "-led", "-born", "-run", NULL};
    for (size_t k = 0; suffixes[k]; k++) {
        size_t sn = strlen(suffixes[k]);
        if (n > sn + 1 && memcmp(s + n - sn, suffixes[k], sn) == 0 && x->gazetteer) {
            char key[ND__GAZETTEER_MAX_KEY + 1];
            size_t kn = lower_copy(x->text, t->start, t->name_end - sn, key, sizeof key);
            for (size_t j = 0; j < kn; j++)
                if (key[j] == '-')
                    key[j] = ' ';
            const nd__place *p = nd__gazetteer_find(x->gazetteer, key, kn);
            if (p) {
                mention *m = nd__vec_push(&x->mentions, sizeof *m);
                if (!m)
                    return ND_ENOMEM;
                m->first_token = m->last_token = (int)i;
                m->start = m->title_start = m->first_title_start = t->start;
                m->end = (uint32_t)(t->name_end - sn);
                m->type = ND_ENTITY_PLACE;
                m->entity = -1;
                m->place = p;
            }
            return ND_OK;
        }
    }
    return ND_OK;
}

/* "PORTWICK - ...": an all-capitals name opening the article before a dash is its place. */
int nd__ex_is_dateline(const nd__extractor *x, const mention *m)
{
    const token *first = &TOK(m->first_token), *last = &TOK(m->last_token);
    return m->first_token == 0 && (first->flags & T_ALLCAPS) && last->end + 2 < x->len && x->text[last->end] == ' ' &&
           (x->text[last->end + 1] == '-' || (unsigned char)x->text[last->end + 1] == 0xE2);
}

/* The rules' mentions of the whole text, in text order. */
int nd__ex_find_mentions(nd__extractor *x)
{
    size_t n = x->tokens.count;
    int rc;
    /* runs of capitalised words (titles may hold lower-case words: "Chief of Staff") */
    for (size_t i = 0; i < n;) {
        if (TOK(i).flags & T_HYPHEN && (rc = hyphen_place(x, i)))
            return rc;
        int title = nd__ex_match_title(x, i);
        if (!title && !nameish(x, i)) {
            i++;
            continue;
        }
        size_t a = i;
        i += title ? (size_t)title : 1;
        while (i < n && (TOK(i).flags & T_SPACE) && TOK(i).sentence == TOK(a).sentence &&
               TOK(i - 1).name_end == TOK(i - 1).end) { /* "Iran’s Armed Forces": two names */
            int t = nd__ex_match_title(x, i);
            if (t)
                i += (size_t)t;
            else if (nameish(x, i) && !(TOK(i).lex & (L_MONTH | L_DAY)))
                i++;
            else
                break;
        }
        if ((rc = parse_run(x, a, i)))
            return rc;
    }
    return ND_OK;
}
