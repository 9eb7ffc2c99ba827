/*
 * extract_tagged.c: the name tagger's reading, merged with the rules'. Takes the tokens and the
 * rule mentions; gives the tagger's view of each word (its flags from the lexicon and the
 * gazetteer, the same view tools/train_ner.c trains on), the tagger's BIO tags, and the mentions
 * after the merge: a name takes the type the article gives it most often, a person's surname
 * alone is that person, weak one-word names drop, and a tagged name overrules an untitled rule.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract_work.h"

/* The tagger's view of the tokens: positions, and what the word lists and the gazetteer say. */
static int build_ner_tokens(nd__extractor *x)
{
    size_t n = x->tokens.count;
    x->ner_tokens.count = 0;
    for (size_t i = 0; i < n; i++) {
        const token *t = &TOK(i);
        nd__ner_token *nt = nd__vec_push(&x->ner_tokens, sizeof *nt);
        if (!nt)
            return ND_ENOMEM;
        nt->start = t->start;
        nt->end = t->name_end > t->start ? t->name_end : t->end;
        nt->after = t->end;
        uint32_t f = 0;
        if (t->flags & T_SENT)
            f |= ND__NER_SENT;
        if (t->flags & T_PARA)
            f |= ND__NER_PARA;
        if (t->flags & T_CAP)
            f |= ND__NER_CAP;
        if (t->name_end < t->end && !(t->flags & T_ABBR))
            f |= ND__NER_POSS;
        if (t->lex & L_TITLE)
            f |= ND__NER_TITLE;
        if (t->lex & L_ORG)
            f |= ND__NER_ORGWORD;
        if (t->lex & L_ROLE)
            f |= ND__NER_ROLE;
        if (t->lex & L_SPEECH)
            f |= ND__NER_SPEECH;
        if (t->lex & (L_MONTH | L_DAY))
            f |= ND__NER_DATE;
        if (t->lex & L_STOP)
            f |= ND__NER_STOP;
        if (t->lex & L_MEDIA)
            f |= ND__NER_MEDIA;
        if (x->gazetteer && (t->flags & T_CAP)) {
            const nd__place *p = nd__ex_find_place(x, i, i + 1);
            if (p)
                f |= p->kind == ND__PLACE_COUNTRY ? ND__NER_COUNTRY : p->kind == ND__PLACE_DEMONYM ? ND__NER_DEMONYM
                                                                                                  : ND__NER_CITY;
            if (i + 1 < n && (TOK(i + 1).flags & T_CAP) && (TOK(i + 1).flags & T_SPACE) && nd__ex_find_place(x, i, i + 2))
                f |= ND__NER_PLACE2;
        }
        nt->flags = f;
    }
    return ND_OK;
}

int nd__extract_ner_tokens(nd__extractor *x, const char *text, size_t len, const nd__ner_token **tokens, size_t *count)
{
    x->text = text;
    x->len = len;
    int rc = nd__ex_tokenize(x);
    if (!rc)
        rc = build_ner_tokens(x);
    *tokens = x->ner_tokens.items;
    *count = rc ? 0 : x->ner_tokens.count;
    return rc;
}

/* Tags the article's words; x->tags holds one tag per token. */
int nd__ex_tag_tokens(nd__extractor *x)
{
    int rc = build_ner_tokens(x);
    if (rc)
        return rc;
    size_t n = x->tokens.count;
    x->tags.count = 0;
    for (size_t i = 0; i < n; i++)
        if (!nd__vec_push(&x->tags, 1))
            return ND_ENOMEM;
    return nd__tagger_tag(&x->tagger, x->text, x->ner_tokens.items, n, x->tags.items);
}

typedef struct tagged_span {
    uint32_t a, b;  /* tokens */
    uint32_t index; /* order in the text */
    uint8_t tag;    /* B tag */
    uint32_t uses;  /* spans of this name in the article */
    uint64_t key;   /* the name lower-cased */
} tagged_span;

static int compare_span_keys(const void *a, const void *b)
{
    const tagged_span *s = a, *t = b;
    if (s->key != t->key)
        return s->key < t->key ? -1 : 1;
    return (s->index > t->index) - (s->index < t->index);
}

static int compare_span_order(const void *a, const void *b)
{
    const tagged_span *s = a, *t = b;
    return (s->index > t->index) - (s->index < t->index);
}

/* Nonzero when a tagged name of two or more words (of tag `tag`, or any when 0) ends in the word
 * at token i. */
static int longer_name_ends_with(const nd__extractor *x, const tagged_span *spans, size_t count, size_t i, int tag)
{
    const token *t = &TOK(i);
    for (size_t s = 0; s < count; s++) {
        if (spans[s].b - spans[s].a < 2 || (tag && spans[s].tag != tag))
            continue;
        const token *last = &TOK(spans[s].b - 1);
        if (last->name_end - last->start == t->name_end - t->start &&
            strncasecmp(x->text + last->start, x->text + t->start, t->name_end - t->start) == 0)
            return 1;
    }
    return 0;
}

static int compare_mentions(const void *a, const void *b)
{
    const mention *m = a, *n = b;
    if (m->start != n->start)
        return m->start < n->start ? -1 : 1;
    return (m->end > n->end) - (m->end < n->end);
}

/* Nonzero when tokens [a, b) are only titles and role words ("President", "General"). */
static int only_titles(const nd__extractor *x, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!(TOK(i).lex & (L_TITLE | L_ROLE | L_STOP)))
            return 0;
    return 1;
}

/* Merges the tagger's names with the rules' mentions. A tagged name with no mention under it is
 * a new mention of the tagged type; an undecided mention takes the tag's type; mentions inside a
 * longer tagged name give way to it ("University of Helsinki" over "Helsinki"), except a person
 * the text gives a title. Where both decided, the tag wins unless the rules saw a title. */
int nd__ex_merge_tagged(nd__extractor *x)
{
    size_t n = x->tokens.count;
    if (x->tags.count != n || !n)
        return ND_OK;
    const uint8_t *tags = x->tags.items;
    x->token_mention.count = 0;
    for (size_t i = 0; i < n; i++) {
        int *slot = nd__vec_push(&x->token_mention, sizeof(int));
        if (!slot)
            return ND_ENOMEM;
        *slot = -1;
    }
    int *owner = x->token_mention.items;
    size_t rule_mentions = x->mentions.count;
    for (size_t m = 0; m < rule_mentions; m++) {
        MEN(m).untagged = 1;
        for (int t = MEN(m).first_token; t <= MEN(m).last_token && t >= 0 && (size_t)t < n; t++) {
            owner[t] = (int)m;
            if (tags[t] != ND__TAG_O)
                MEN(m).untagged = 0;
        }
    }
    /* Document consistency: a name takes the type the article gives it most often. */
    x->spans.count = 0;
    for (size_t a = 0; a < n;) {
        int tag = tags[a];
        if (!ND__TAG_IS_B(tag)) {
            a++;
            continue;
        }
        size_t b = a + 1;
        while (b < n && tags[b] == tag + 1)
            b++;
        tagged_span *sp = x->spans.count < ND__MAX_MENTIONS ? nd__vec_push(&x->spans, sizeof *sp) : NULL;
        if (!sp && x->spans.count < ND__MAX_MENTIONS)
            return ND_ENOMEM;
        if (sp) {
            char key[ND__MAX_NAME_BYTES];
            size_t kn = lower_copy(x->text, TOK(a).start, TOK(b - 1).name_end, key, sizeof key);
            sp->a = (uint32_t)a;
            sp->b = (uint32_t)b;
            sp->tag = (uint8_t)tag;
            sp->key = nd__hash64(key, kn, 0x5ba9);
            sp->index = (uint32_t)(x->spans.count - 1);
        }
        a = b;
    }
    tagged_span *spans = x->spans.items;
    size_t span_count = x->spans.count;
    if (span_count)
        qsort(spans, span_count, sizeof *spans, compare_span_keys);
    for (size_t g = 0; g < span_count;) {
        size_t h = g;
        int votes[ND__TAG_COUNT] = {0};
        while (h < span_count && spans[h].key == spans[g].key) {
            int strong = !(spans[h].b - spans[h].a == 1 && nd__tagger_weak_start(&x->tagger, x->ner_tokens.items, spans[h].a));
            votes[spans[h].tag] += strong ? 2 : 1;
            h++;
        }
        int best = spans[g].tag;
        for (int t = 1; t < ND__TAG_COUNT; t += 2)
            if (votes[t] > votes[best])
                best = t;
        for (size_t k = g; k < h; k++) {
            spans[k].tag = (uint8_t)best;
            spans[k].uses = (uint32_t)(h - g);
        }
        g = h;
    }
    if (span_count) /* qsort's array may not be NULL, even for none */
        qsort(spans, span_count, sizeof *spans, compare_span_order);
    /* "Trump" after "Donald Trump": a person's surname alone is that person */
    for (size_t s = 0; s < span_count; s++)
        if (spans[s].b - spans[s].a == 1 && spans[s].tag != ND__TAG_PER &&
            longer_name_ends_with(x, spans, span_count, spans[s].a, ND__TAG_PER))
            spans[s].tag = ND__TAG_PER;
    for (size_t s = 0; s < span_count; s++) {
        size_t span_a = spans[s].a, b = spans[s].b;
        int tag = spans[s].tag;
        /* "Usually", "Allegedly": a common word opening a sentence, never capitalised inside one */
        if (b - span_a == 1 && nd__tagger_weak_start(&x->tagger, x->ner_tokens.items, span_a))
            continue;
        /* a person known by one word that is common or used once ("God") needs a fuller name */
        if (tag == ND__TAG_PER && b - span_a == 1 && (nd__tagger_common(&x->tagger, span_a) || spans[s].uses == 1) &&
            !longer_name_ends_with(x, spans, span_count, span_a, 0))
            continue;
        /* any name that is one common word used once ("Harbour", "Volume") is too weak */
        if (b - span_a == 1 && spans[s].uses == 1 && nd__tagger_common(&x->tagger, span_a) &&
            !(TOK(span_a).flags & T_ALLCAPS))
            continue;
        int type = tag == ND__TAG_PER ? ND_ENTITY_PERSON : tag == ND__TAG_ORG ? ND_ENTITY_ORGANISATION
                 : tag == ND__TAG_LOC ? ND_ENTITY_PLACE : -1;
        if (type < 0)
            continue;
        if (type == ND_ENTITY_PERSON && only_titles(x, span_a, b))
            continue;
        /* "Norlandic Harbour Minister Alan Varro": what stands before a title is part of the title
         * when it is a person's name or one word the gazetteer does not know */
        if (b < n && nd__ex_match_title(x, b) && (TOK(b).flags & T_SPACE) &&
            (type == ND_ENTITY_PERSON || (b - span_a == 1 && !nd__ex_find_place(x, span_a, b))))
            continue;
        if (TOK(b - 1).name_end - TOK(span_a).start > ND__MAX_NAME_BYTES - 8)
            continue;
        /* the rule mentions under the span, and whether they reach outside it */
        int first = -1, last = -1, outside = 0, titled = 0, same = 0;
        for (size_t i = span_a; i < b; i++) {
            int m = owner[i];
            if (m < 0 || m == last)
                continue;
            if (first < 0)
                first = m;
            last = m;
            const mention *mm = &MEN(m);
            if ((size_t)mm->first_token < span_a || (size_t)mm->last_token >= b)
                outside = 1;
            if (mm->type == ND_ENTITY_PERSON && mm->title_start != mm->start)
                titled = 1;
            if (mm->type == ND_ENTITY_ORGANISATION && (TOK(mm->last_token).lex & L_ORG))
                titled = 1; /* "Portwick Harbour Authority": an organisation word is as sure */
            if (mm->place && mm->first_token == 0 && (TOK(0).flags & T_ALLCAPS))
                titled = 1; /* "INDIANAPOLIS, Ind. —": a known place opening the article */
            if ((size_t)mm->first_token == span_a && (size_t)mm->last_token == b - 1)
                same = 1;
        }
        const nd__place *place = type == ND_ENTITY_PLACE ? nd__ex_find_place(x, span_a, b) : NULL;
        if (place && place->kind == ND__PLACE_DEMONYM)
            continue; /* a nationality is not a place */
        if (first < 0) {
            int rc = nd__ex_push_mention(x, type, span_a, b, span_a, span_a, place);
            if (rc)
                return rc;
            continue;
        }
        if (titled || nd__ex_is_dateline(x, &MEN(first)))
            continue;
        if (same && first == last) {
            mention *mm = &MEN(first);
            mm->type = type;
            if (type == ND_ENTITY_PLACE && !mm->place)
                mm->place = place;
            if (type != ND_ENTITY_PLACE)
                mm->place = NULL;
            continue;
        }
        if (outside) {
            /* a longer rule mention: it keeps its extent; an undecided one takes the type */
            if (first == last && MEN(first).type < 0)
                MEN(first).type = type;
            continue;
        }
        for (int m = first; m <= last; m++)
            if ((size_t)MEN(m).first_token >= span_a && (size_t)MEN(m).last_token < b)
                MEN(m).type = -2;
        int rc = nd__ex_push_mention(x, type, span_a, b, span_a, span_a, place);
        if (rc)
            return rc;
    }
    if (x->mentions.count > rule_mentions)
        qsort(x->mentions.items, x->mentions.count, sizeof(mention), compare_mentions);
    return ND_OK;
}
