/*
 * extract_entities.c: mentions to entities. Takes the mentions after the tagger's merge; decides
 * the undecided ones from their context (a dateline is a place, an acronym or a cited outlet an
 * organisation, a surname already named or a subject of "said" or a name in apposition to a role
 * a person), keeps a city only with a cue (its country named, "in"/"at" before it, the dateline),
 * and merges the mentions of one entity: names folded for transliteration (nd__text_fold_name:
 * Baqeri = Bagheri), a full name absorbing its surname alone, a bare surname going to the person
 * of that surname named nearest before it.
 */
#include <stdio.h>
#include <string.h>

#include "extract_work.h"
#include "text.h"

/* ---- entities -------------------------------------------------------------------------------- */
static size_t fold_tokens(const nd__extractor *x, int a, int b, char *out, size_t cap)
{
    return nd__text_fold_name(x->text + TOK(a).start, TOK(b).name_end - TOK(a).start, out, cap);
}

static int key_suffix(const char *longer, const char *shorter)
{
    size_t l = strlen(longer), s = strlen(shorter);
    if (s == 0 || s > l)
        return 0;
    return memcmp(longer + l - s, shorter, s) == 0 && (s == l || longer[l - s - 1] == ' ');
}

static int name_words(const nd__extractor *x, int a, int b)
{
    int n = 0;
    for (int i = a; i <= b; i++)
        n += !((TOK(i).lex & L_PARTICLE) && !(TOK(i).flags & T_CAP));
    return n;
}

static int new_entity(nd__extractor *x, mention *m, const char *key)
{
    if (x->entities.count >= ND__MAX_ENTITIES)
        return -1;
    work_entity *e = nd__vec_push(&x->entities, sizeof *e);
    if (!e)
        return -2;
    e->type = m->type;
    snprintf(e->key, sizeof e->key, "%s", key);
    if (m->type == ND_ENTITY_PERSON)
        fold_tokens(x, m->last_token, m->last_token, e->surname, sizeof e->surname);
    e->words = name_words(x, m->first_token, m->last_token);
    e->name_start = m->start;
    e->name_end = m->end;
    e->place = m->place;
    e->first_mention = -1;
    return (int)x->entities.count - 1;
}

/* Decides the undecided mentions, then merges mentions into entities. */
/* Cities share their names with common words and with each other (Damascus, Maryland). A city
 * stays when its country is named in the article (then that Damascus is taken), when a place
 * word stands before it ("in", "of", "near"), or when it opens the article (a dateline). */
static void check_cities(nd__extractor *x)
{
    char countries[64][4];
    size_t country_count = 0;
    for (size_t i = 0; i < x->mentions.count; i++) {
        const nd__place *p = MEN(i).place;
        if (p && p->kind != ND__PLACE_CITY && country_count < 64) {
            size_t c = 0;
            while (c < country_count && strcmp(countries[c], p->country) != 0)
                c++;
            if (c == country_count)
                snprintf(countries[country_count++], sizeof countries[0], "%s", p->country);
        }
    }
    static const char *const place_words[] = {"in", "at", "from", "to", "near", "of", "into", "outside",
                                              "toward", "towards", "across", "around", "via", "between", NULL};
    for (size_t i = 0; i < x->mentions.count; i++) {
        mention *m = &MEN(i);
        if (!m->place || m->place->kind != ND__PLACE_CITY)
            continue;
        const nd__place *chosen = NULL;
        for (const nd__place *p = m->place; p && !chosen; p = nd__gazetteer_entry(x->gazetteer, p->next))
            for (size_t c = 0; c < country_count && !chosen; c++)
                if (p->kind == ND__PLACE_CITY && strcmp(p->country, countries[c]) == 0)
                    chosen = p;
        if (chosen) {
            m->place = chosen;
            m->city_cue = 1;
            continue;
        }
        int cue = m->first_token == 0;
        for (size_t w = 0; place_words[w] && !cue && m->first_token > 0; w++)
            cue = tok_is(x, (size_t)m->first_token - 1, place_words[w]);
        m->city_cue = cue;
        if (!cue && m->untagged)
            m->type = -2; /* dropped, unless the tagger read it as a name */
    }
}

int nd__ex_resolve_mentions(nd__extractor *x)
{
    size_t count = x->mentions.count;
    char key[ND__MAX_NAME_BYTES];
    int rc = nd__ex_merge_tagged(x);
    if (rc)
        return rc;
    count = x->mentions.count;
    if (x->gazetteer)
        check_cities(x);
    /* With the tagger, a rule's mention it tagged O stays only on strong evidence: a title
     * before a person, a country or demonym in the gazetteer. */
    if (nd__tagger_ready())
        for (size_t i = 0; i < count; i++) {
            mention *m = &MEN(i);
            if (!m->untagged || m->type == -2)
                continue;
            if (m->type == ND_ENTITY_PERSON && m->title_start != m->start)
                continue;
            if (m->type == ND_ENTITY_PLACE && m->place && m->place->kind != ND__PLACE_CITY)
                continue;
            m->type = -2;
        }
    /* Surnames of the people named with a title. */
    for (size_t i = 0; i < count; i++) {
        mention *m = &MEN(i);
        if (m->type != -1)
            continue;
        int a = m->first_token, b = m->last_token;
        const token *first = &TOK(a), *last = &TOK(b);
        size_t after = (size_t)b + 1;
        int single = a == b;
        /* a dateline: "PORTWICK - ..." opens the article with its place */
        if (nd__ex_is_dateline(x, m)) {
            m->type = ND_ENTITY_PLACE;
            continue;
        }
        /* acronyms are organisations: SANA, IRNA */
        if (single && (first->flags & T_ALLCAPS) && !(first->flags & T_ABBR) && first->name_end - first->start >= 3 &&
            !(first->lex & L_STOP)) {
            m->type = ND_ENTITY_ORGANISATION;
            continue;
        }
        /* outlets: "the Fars news agency", "al Mayadeen reported", "citing ... SANA" */
        if (after < x->tokens.count && (TOK(after).lex & L_MEDIA) && !(TOK(after).flags & T_CAP) &&
            (TOK(after).flags & T_SPACE)) {
            m->type = ND_ENTITY_ORGANISATION;
            continue;
        }
        if (a >= 2 && tok_is(x, (size_t)a - 2, "according") && tok_is(x, (size_t)a - 1, "to")) {
            m->type = ND_ENTITY_ORGANISATION;
            continue;
        }
        /* the surname of a person named elsewhere in the article */
        size_t kn = fold_tokens(x, b, b, key, sizeof key);
        int known = 0;
        for (size_t j = 0; j < count && kn; j++) {
            mention *o = &MEN(j);
            if (o->type != ND_ENTITY_PERSON)
                continue;
            char other[ND__MAX_NAME_BYTES];
            fold_tokens(x, o->last_token, o->last_token, other, sizeof other);
            if (strcmp(other, key) == 0) {
                known = 1;
                break;
            }
        }
        int speech_after = after < x->tokens.count && (TOK(after).lex & L_SPEECH) && (TOK(after).flags & T_SPACE);
        /* apposition: "the Iranian general, Mohammad Baqeri," */
        int apposition = a > 0 && (TOK(a - 1).lex & L_ROLE) && !(TOK(a - 1).flags & T_CAP) &&
                         gap_has(x->text, TOK(a - 1).end, first->start, ",");
        /* "Mohammad Baqeri, the chief of staff" */
        if (!apposition && after < x->tokens.count && gap_has(x->text, last->end, TOK(after).start, ",") &&
            !(TOK(after).flags & T_SENT)) {
            for (size_t k = after; k < after + 8 && k < x->tokens.count && TOK(k).sentence == last->sentence; k++) {
                if ((TOK(k).lex & L_ROLE) && !(TOK(k).flags & T_CAP)) {
                    apposition = (!single || known) || name_words(x, a, b) >= 2;
                    break;
                }
                if (k > after && gap_has(x->text, TOK(k - 1).end, TOK(k).start, ",.;"))
                    break;
            }
        }
        /* a lone capitalised word opening a sentence before "said" is as often "Witnesses" as a
         * name; contractions ("We're") never are */
        int weak = single && (first->flags & T_SENT);
        for (uint32_t k = first->start; k < last->name_end && !weak; k++)
            weak = x->text[k] == '\'' || (unsigned char)x->text[k] == 0xE2;
        if (known || (speech_after && !(first->flags & T_ALLCAPS) && !weak) || apposition) {
            m->type = ND_ENTITY_PERSON;
            continue;
        }
        /* Without a gazetteer, "in X" and a dateline are the only clues to a place. */
        if (!x->gazetteer && single && a > 0 && tok_is(x, (size_t)a - 1, "in") && !(first->flags & T_SENT))
            m->type = ND_ENTITY_PLACE;
    }
    /* A person's mention inside the name of a place or organisation was dropped earlier; now
     * merge. Multi-word names first, in text order, then bare surnames. */
    x->entities.count = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < count; i++) {
            mention *m = &MEN(i);
            if (m->type < 0 || m->entity >= 0)
                continue;
            int words = name_words(x, m->first_token, m->last_token);
            if (m->type == ND_ENTITY_PERSON && (pass == 0) != (words >= 2))
                continue;
            if (m->type != ND_ENTITY_PERSON && pass == 1)
                continue;
            if (m->type == ND_ENTITY_PLACE && m->place)
                snprintf(key, sizeof key, "%s", m->place->name);
            else
                fold_tokens(x, m->first_token, m->last_token, key, sizeof key);
            if (!key[0])
                continue;
            int found = -1;
            if (m->type == ND_ENTITY_PERSON && words < 2) {
                /* a bare surname: the person of that surname named nearest before, else after */
                char sur[ND__MAX_NAME_BYTES];
                fold_tokens(x, m->last_token, m->last_token, sur, sizeof sur);
                int best_before = -1, best_after = -1;
                uint32_t before_at = 0, after_at = UINT32_MAX;
                for (size_t e = 0; e < x->entities.count; e++) {
                    if (ENT(e).type != ND_ENTITY_PERSON || strcmp(ENT(e).surname, sur) != 0)
                        continue;
                    for (size_t j = 0; j < count; j++) {
                        if (MEN(j).entity != (int)e)
                            continue;
                        if (MEN(j).start < m->start && MEN(j).start >= before_at) {
                            before_at = MEN(j).start;
                            best_before = (int)e;
                        } else if (MEN(j).start > m->start && MEN(j).start < after_at) {
                            after_at = MEN(j).start;
                            best_after = (int)e;
                        }
                    }
                }
                found = best_before >= 0 ? best_before : best_after;
            } else {
                for (size_t e = 0; e < x->entities.count && found < 0; e++) {
                    work_entity *we = &ENT(e);
                    if (we->type != m->type)
                        continue;
                    if (strcmp(we->key, key) == 0)
                        found = (int)e;
                    else if (m->type == ND_ENTITY_PERSON && (key_suffix(we->key, key) || key_suffix(key, we->key)))
                        found = (int)e;
                }
            }
            if (found < 0) {
                found = new_entity(x, m, key);
                if (found == -2)
                    return ND_ENOMEM;
                if (found < 0)
                    continue;
            } else if (name_words(x, m->first_token, m->last_token) > ENT(found).words) {
                work_entity *we = &ENT(found);
                snprintf(we->key, sizeof we->key, "%s", key);
                we->words = name_words(x, m->first_token, m->last_token);
                we->name_start = m->start;
                we->name_end = m->end;
            }
            m->entity = found;
        }
    }
    return ND_OK;
}
