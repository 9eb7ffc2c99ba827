/*
 * extract_quotes.c: who said what. Takes the tokens and the merged mentions; gives quotations:
 * the words between quotation marks (joined over paragraphs when the next paragraph opens with
 * a mark, and across "“A,” he said, “B.”"), extended to what a cue verb reports ("called the
 * senator a “nasty guy”"), dropped when a few words in marks are a term and not speech, each
 * attributed to the speaker named next to it ("said X", "X said", "he said" as the person last
 * named outside quotes, "according to X", "quoted X as saying", an interview's dash), or to the
 * words the text gives ("the two sides"); then reported speech ("X said that ...") as quotes
 * that are not direct.
 */
#include <stdint.h>
#include <string.h>

#include "extract_work.h"

enum { Q_NONE, Q_OPEN, Q_CLOSE, Q_ASCII };

static int quote_mark(const char *text, size_t len, size_t i, size_t *n)
{
    const unsigned char *s = (const unsigned char *)text;
    if (s[i] == '"') {
        *n = 1;
        return Q_ASCII;
    }
    if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80) {
        *n = 3;
        if (s[i + 2] == 0x9C)
            return Q_OPEN;
        if (s[i + 2] == 0x9D)
            return Q_CLOSE;
    }
    return Q_NONE;
}

static size_t count_words(const char *text, size_t a, size_t b)
{
    size_t words = 0;
    int in = 0;
    for (size_t i = a; i < b; i++) {
        int w = text[i] != ' ' && text[i] != '\n';
        words += w && !in;
        in = w;
    }
    return words;
}

static int push_quote(nd__extractor *x, size_t open, size_t start, size_t end, size_t close)
{
    int comma = 0;
    while (end > start && (x->text[end - 1] == ',' || x->text[end - 1] == ' ' || x->text[end - 1] == '\n'))
        comma |= x->text[--end] == ',';
    while (start < end && (x->text[start] == ' ' || x->text[start] == '\n'))
        start++;
    if (end == start || x->quotes.count >= ND__MAX_QUOTES)
        return ND_OK;
    quote_work *q = nd__vec_push(&x->quotes, sizeof *q);
    if (!q)
        return ND_ENOMEM;
    q->open = (uint32_t)open;
    q->close = (uint32_t)close;
    q->start = q->text_start = (uint32_t)start;
    q->end = q->text_end = (uint32_t)end;
    q->comma = comma;
    q->direct = 1;
    q->speaker_mention = -1;
    return ND_OK;
}

static int find_marked_quotes(nd__extractor *x)
{
    const char *text = x->text;
    size_t len = x->len;
    long open = -1, start = 0;
    for (size_t i = 0; i < len;) {
        size_t n = 1;
        int kind = quote_mark(text, len, i, &n);
        if (text[i] == '\n' && i + 1 < len && text[i + 1] == '\n' && open >= 0) {
            /* paragraph ends inside a quote: it goes on when the next paragraph opens with a mark */
            size_t next = i + 2, m;
            int k = next < len ? quote_mark(text, len, next, &m) : Q_NONE;
            if (k == Q_OPEN || k == Q_ASCII) {
                i = next + m;
                continue;
            }
            int rc = push_quote(x, (size_t)open, (size_t)start, i, i);
            if (rc)
                return rc;
            open = -1;
            i += 2;
            continue;
        }
        if (kind == Q_OPEN || (kind == Q_ASCII && open < 0)) {
            if (open < 0) {
                open = (long)i;
                start = (long)(i + n);
            }
        } else if ((kind == Q_CLOSE || kind == Q_ASCII) && open >= 0) {
            int rc = push_quote(x, (size_t)open, (size_t)start, i, i + n);
            if (rc)
                return rc;
            open = -1;
        }
        i += n;
    }
    if (open >= 0)
        return push_quote(x, (size_t)open, (size_t)start, len, len);
    return ND_OK;
}

static int in_quote(const nd__extractor *x, uint32_t pos)
{
    for (size_t q = 0; q < x->quotes.count; q++) {
        const quote_work *w = &((quote_work *)x->quotes.items)[q];
        if (w->direct && ((pos >= w->open && pos < w->close) || (pos >= w->open2 && pos < w->close2)))
            return 1;
    }
    return 0;
}

/* The index of the first token starting at or after `pos`. */
static size_t token_at(const nd__extractor *x, uint32_t pos)
{
    size_t lo = 0, hi = x->tokens.count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (TOK(mid).start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The person mention whose name (or title) starts at token i, or -1. */
static int person_at(const nd__extractor *x, size_t i)
{
    if (i >= x->tokens.count)
        return -1;
    uint32_t pos = TOK(i).start;
    for (size_t m = 0; m < x->mentions.count; m++)
        if (MEN(m).type == ND_ENTITY_PERSON && MEN(m).entity >= 0 &&
            (MEN(m).start == pos || MEN(m).title_start == pos || MEN(m).first_title_start == pos))
            return (int)m;
    return -1;
}

static int mention_ending_before(const nd__extractor *x, uint32_t pos, int type)
{
    int best = -1;
    for (size_t m = 0; m < x->mentions.count; m++) {
        const mention *mm = &MEN(m);
        if (mm->type == type && mm->entity >= 0 && mm->end <= pos && !in_quote(x, mm->start))
            best = (int)m;
    }
    return best;
}

/* "he": the person last named before `pos`, outside quotations. */
static int resolve_pronoun(const nd__extractor *x, uint32_t pos)
{
    return mention_ending_before(x, pos, ND_ENTITY_PERSON);
}

/* The first person named in tokens [a, b), or -1. */
static int person_within(const nd__extractor *x, size_t a, size_t b)
{
    for (size_t m = 0; m < x->mentions.count; m++) {
        const mention *mm = &MEN(m);
        if (mm->type == ND_ENTITY_PERSON && mm->entity >= 0 && (size_t)mm->first_token >= a && (size_t)mm->first_token < b)
            return (int)m;
    }
    return -1;
}

/* A speaker in words, tokens [a, b): the person named in them ("MSNBC host Chris Matthews"),
 * else the words themselves ("Demonstrators", "the senator"). */
static void speaker_words(const nd__extractor *x, quote_work *q, size_t a, size_t b)
{
    int m = person_within(x, a, b);
    if (m >= 0) {
        q->speaker_mention = m;
        q->speaker_start = MEN(m).title_start;
        q->speaker_end = MEN(m).end;
        return;
    }
    q->text_speaker_start = q->speaker_start = TOK(a).start;
    q->text_speaker_end = q->speaker_end = TOK(b - 1).end;
}

/* How many words from token i form a speaker phrase: up to punctuation, a verb of saying or
 * the sentence's end, at most 8 words ("MSNBC host Chris Matthews", "Rep. Jim Clyburn (D-S.C.)"). */
static size_t phrase_after(const nd__extractor *x, size_t i)
{
    size_t n = x->tokens.count, k = i;
    while (k < n && k < i + 8 && TOK(k).sentence == TOK(i).sentence && !(TOK(k).lex & (L_SPEECH | L_CUE | L_PRONOUN))) {
        if (k > i && gap_has(x->text, TOK(k - 1).end, TOK(k).start, ",.;:!?\n\"") )
            break;
        k++;
    }
    return k - i;
}

static int speech_verb(const nd__extractor *x, size_t k)
{
    return k < x->tokens.count && (TOK(k).lex & (L_SPEECH | L_CUE)) && !(TOK(k).flags & T_CAP);
}

/* The speaker named around token i, where i is the first word after a closing mark: "said X",
 * "X said" (a parenthesis allowed between: "Cummings (D-Md.) said"), "he said", "― Name". Sets
 * the quote's speaker and returns 1 when found. */
static int speaker_after(nd__extractor *x, quote_work *q, size_t i)
{
    size_t n = x->tokens.count;
    if (i >= n)
        return 0;
    /* "said President al-Assad", "added Baqeri", "said MSNBC host Chris Matthews" */
    if (speech_verb(x, i)) {
        int m = person_at(x, i + 1);
        if (m < 0 && i + 1 < n && (TOK(i + 1).lex & L_PRONOUN)) {
            q->speaker_start = TOK(i + 1).start;
            q->speaker_end = TOK(i + 1).end;
            m = resolve_pronoun(x, q->speaker_start);
        } else if (m >= 0) {
            q->speaker_start = MEN(m).title_start;
            q->speaker_end = MEN(m).end;
        } else if (i + 1 < n && !gap_has(x->text, TOK(i).end, TOK(i + 1).start, ".;:!?\n")) {
            size_t len = phrase_after(x, i + 1);
            if (len) {
                speaker_words(x, q, i + 1, i + 1 + len);
                return 1;
            }
        }
        q->speaker_mention = m;
        return m >= 0;
    }
    /* "he said", "he explained" */
    if ((TOK(i).lex & L_PRONOUN) && speech_verb(x, i + 1)) {
        q->speaker_start = TOK(i).start;
        q->speaker_end = TOK(i).end;
        q->speaker_mention = resolve_pronoun(x, TOK(i).start);
        return 1;
    }
    /* "Assad said", "General Bagheri added", "Cummings (D-Md.) said", "the two sides said" */
    size_t len = phrase_after(x, i);
    size_t verb = i + len;
    if (len && speech_verb(x, verb)) {
        speaker_words(x, q, i, verb);
        return 1;
    }
    if (len && verb < n && (TOK(i).flags & T_CAP) && gap_has(x->text, TOK(verb - 1).end, TOK(verb).start, ",")) {
        /* "Scott Pruitt, the Republican attorney general of Oklahoma, said" */
        for (size_t k = verb + 1; k < n && k < verb + 20 && TOK(k).sentence == TOK(i).sentence; k++)
            if (speech_verb(x, k) && gap_has(x->text, TOK(k - 1).end, TOK(k).start, ",")) {
                speaker_words(x, q, i, verb);
                return 1;
            }
    }
    if (len && verb < n && gap_has(x->text, TOK(verb - 1).end, TOK(verb).start, "(")) {
        /* a parenthesis after the name: its words, then the verb */
        size_t k = verb;
        while (k < n && k < verb + 4 && !gap_has(x->text, TOK(k).end, k + 1 < n ? TOK(k + 1).start : TOK(k).end, ")"))
            k++;
        if (k + 1 < n && speech_verb(x, k + 1)) {
            speaker_words(x, q, i, verb);
            return 1;
        }
    }
    return 0;
}

static int cue_word(const nd__extractor *x, size_t k)
{
    return (TOK(k).lex & (L_SPEECH | L_CUE)) && !(TOK(k).flags & T_CAP);
}

/* The end of the sentence holding token i: the start of the next sentence's first word. */
static uint32_t sentence_end(const nd__extractor *x, size_t i)
{
    size_t n = x->tokens.count;
    size_t k = i;
    while (k < n && TOK(k).sentence == TOK(i).sentence)
        k++;
    return k < n ? TOK(k).start : (uint32_t)x->len;
}

/* Quotes as newswire writes them, before attribution:
 *   1. “We will win,” he said, “and soon.”: a quote ending in a comma, a speech verb and the
 *      next quote in the paragraph are one quotation;
 *   2. a quotation opening inside a sentence after a cue verb reports more than its marks: what
 *      follows the verb ("Trump called the senator a “nasty guy,” an “anchor baby”"), and the
 *      sentence's later quotes belong to it; when the speaker comes after ("The success ...
 *      “deals a severe blow,” said al-Assad") the quote is the marked words;
 *   3. a few words in marks with neither are a term ("defenders of holy shrines"), not a quote. */
static void shape_quotes(nd__extractor *x)
{
    quote_work *qs = x->quotes.items;
    size_t nq = x->quotes.count, n = x->tokens.count;
    for (size_t i = 0; i + 1 < nq; i++) {
        quote_work *a = &qs[i], *b = &qs[i + 1];
        if (!a->direct || !b->direct || !a->comma || b->open < a->close || gap_has(x->text, a->close, b->open, "\n"))
            continue;
        size_t t0 = token_at(x, a->close), t1 = token_at(x, b->open);
        if (t1 <= t0 || t1 - t0 > 40)
            continue; /* "said Peter Morgan, a lawyer for the Sierra Club, who ... years. “B" */
        int verbs = 0;
        for (size_t k = t0; k < t1; k++)
            verbs += (TOK(k).lex & L_SPEECH) && !(TOK(k).flags & T_CAP);
        if (verbs != 1)
            continue; /* none: not an attribution; two: "he explained. He added, “" opens a new quote */
        a->open2 = b->open;
        a->close2 = b->close;
        a->start2 = b->start;
        a->end2 = b->end;
        b->dropped = 1;
        i++;
    }
    for (size_t i = 0; i < nq; i++) {
        quote_work *q = &qs[i];
        if (q->dropped || !q->direct)
            continue;
        size_t o = token_at(x, q->open);
        int extended = 0;
        if (o > 0 && o < n && !(TOK(o).flags & (T_SENT | T_PARA)) && !gap_has(x->text, TOK(o - 1).end, q->open, ":") &&
            TOK(o - 1).sentence == TOK(o).sentence) {
            size_t first = o - 1;
            while (first > 0 && TOK(first - 1).sentence == TOK(o - 1).sentence)
                first--;
            /* the first cue of the clause: "Lynch said she recalled thinking, “..." */
            size_t cue = SIZE_MAX;
            for (size_t k = o; k-- > first;) {
                if (in_quote(x, TOK(k).start))
                    break;
                if (cue_word(x, k))
                    cue = k;
            }
            size_t content = SIZE_MAX;
            if (cue != SIZE_MAX && cue + 1 < o) {
                /* "tweeted that, “For those ...": only "that" may stand before a comma */
                int that_comma = cue + 2 == o && tok_is(x, cue + 1, "that");
                /* "said on the other hand, “the ...": a comma right before the mark opens the quote */
                if (that_comma || !gap_has(x->text, TOK(o - 1).end, q->open, ",:")) {
                    content = cue + 1;
                    /* "told Fox that ...": the one told is not what was said */
                    int addressee = tok_is(x, cue, "told") || tok_is(x, cue, "tells") || tok_is(x, cue, "telling") ||
                                    tok_is(x, cue, "asked") || tok_is(x, cue, "assured") || tok_is(x, cue, "reminded");
                    for (size_t k = cue + 1; addressee && k < o && k < cue + 5; k++)
                        if (tok_is(x, k, "that")) {
                            content = k;
                            break;
                        }
                }
            }
            if (content != SIZE_MAX) {
                q->text_start = TOK(content).start;
                q->text_end = q->close;
                extended = 1;
                /* the sentence's later quotes are part of what it reports, and so is the rest of
                 * the sentence ("said it was “a mistake” to use private email") */
                uint32_t stop = sentence_end(x, o - 1);
                for (size_t j = i + 1; j < nq && !q->close2; j++) {
                    if (qs[j].dropped || !qs[j].direct || qs[j].open >= stop ||
                        gap_has(x->text, q->text_end, qs[j].open, ".!?\n"))
                        break;
                    q->text_end = qs[j].close;
                    qs[j].dropped = 1;
                }
                if (!q->close2) {
                    size_t last = token_at(x, q->text_end);
                    while (last < n && TOK(last).start < stop && !gap_has(x->text, q->text_end, TOK(last).start, ".!?\n"))
                        q->text_end = TOK(last++).end;
                }
            }
        }
        size_t words = count_words(x->text, q->text_start, q->text_end);
        if (q->close2)
            words += count_words(x->text, q->start2, q->end2);
        if (words < 5)
            q->dropped = 1;
        (void)extended;
    }
    size_t kept = 0;
    for (size_t i = 0; i < nq; i++)
        if (!qs[i].dropped)
            qs[kept++] = qs[i];
    x->quotes.count = kept;
}

static void attribute_quote(nd__extractor *x, quote_work *q)
{
    size_t n = x->tokens.count;
    /* After the closing mark: ", he said", "," said President al-Assad, " Assad said */
    size_t i = token_at(x, q->close);
    /* a quote that ends its sentence ("... level.” He also stressed") is not attributed by
     * what follows, unless that goes on in lower case ("...?” asked Baqeri") */
    int ends_sentence = q->end > q->start && x->text[q->end - 1] == '.' && i < n && (TOK(i).flags & T_CAP);
    uint32_t after = q->close2 ? q->close2 : q->close;
    size_t next = token_at(x, after);
    int dash = next < n && TOK(next).start - after < 8 && !gap_has(x->text, after, TOK(next).start, "\n") &&
               (nd__find_ci(x->text + after, TOK(next).start - after, "\xe2\x80\x95") >= 0 ||
                nd__find_ci(x->text + after, TOK(next).start - after, "\xe2\x80\x94") >= 0);
    if (dash) { /* "― Krystal Correa": an interview's dash */
        size_t d = token_at(x, after);
        size_t len = d < n && (TOK(d).flags & T_CAP) ? phrase_after(x, d) : 0;
        if (len && len <= 4) {
            speaker_words(x, q, d, d + len);
            return;
        }
    }
    if (i < n && !ends_sentence && !gap_has(x->text, q->close, TOK(i).start, ".!?\n") && speaker_after(x, q, i))
        return;
    /* Before the opening mark, in the same sentence: "He added, “", "X said: “", or a speech
     * verb with its subject earlier ("Baqeri said during the meeting that ... “"). */
    size_t o = token_at(x, q->open);
    if (o == 0)
        return;
    size_t first = o;
    while (first > 0 && TOK(first - 1).sentence == TOK(o - 1).sentence)
        first--;
    if (o < n && TOK(o).sentence != TOK(o - 1).sentence && !gap_has(x->text, TOK(o - 1).end, q->open, ":,"))
        return;
    for (size_t k = o; k-- > first;) {
        if (in_quote(x, TOK(k).start))
            break;
        /* "According to Limbaugh, “...": the source is the speaker */
        if (k + 2 < o && tok_is(x, k, "according") && tok_is(x, k + 1, "to")) {
            size_t len = phrase_after(x, k + 2);
            if (len) {
                speaker_words(x, q, k + 2, k + 2 + len);
                return;
            }
        }
        /* "quoted General Bagheri as saying" */
        if (tok_is(x, k, "quoted")) {
            int m = person_at(x, k + 1);
            if (m >= 0) {
                q->speaker_mention = m;
                q->speaker_start = MEN(m).title_start;
                q->speaker_end = MEN(m).end;
                return;
            }
        }
        if (!cue_word(x, k))
            continue;
        /* the subject: the nearest person or pronoun before the verb, in this sentence */
        for (size_t s = k; s-- > first;) {
            if (TOK(s).lex & L_PRONOUN) {
                q->speaker_start = TOK(s).start;
                q->speaker_end = TOK(s).end;
                q->speaker_mention = resolve_pronoun(x, TOK(s).start);
                return;
            }
            int m = person_at(x, s);
            if (m >= 0) {
                q->speaker_mention = m;
                q->speaker_start = MEN(m).title_start;
                q->speaker_end = MEN(m).end;
                return;
            }
            for (size_t mm = 0; mm < x->mentions.count; mm++)
                if (MEN(mm).type == ND_ENTITY_ORGANISATION && MEN(mm).entity >= 0 && MEN(mm).start == TOK(s).start &&
                    s + 1 < n && MEN(mm).end <= TOK(k).start) {
                    q->speaker_mention = (int)mm;
                    q->speaker_start = MEN(mm).start;
                    q->speaker_end = MEN(mm).end;
                    return;
                }
        }
        /* no name: the words before the verb, from the sentence's start or its last comma
         * ("Demonstrators said", "The New York businessman says of Clinton") */
        size_t a = k;
        while (a > first && k - a < 8 && !gap_has(x->text, TOK(a - 1).end, TOK(a).start, ",;:(") &&
               !in_quote(x, TOK(a - 1).start))
            a--;
        if (a < k)
            speaker_words(x, q, a, k);
        return;
    }
}

/* "General Ayyoub, for his part, said that ...": reported speech, to the end of the sentence. */
static int find_reported(nd__extractor *x)
{
    size_t n = x->tokens.count;
    for (size_t k = 1; k + 1 < n; k++) {
        if (!(TOK(k).lex & L_SPEECH) || (TOK(k).flags & T_CAP) || !tok_is(x, k + 1, "that"))
            continue;
        if (in_quote(x, TOK(k).start))
            continue;
        size_t first_clause = k + 2;
        if (first_clause >= n || TOK(first_clause).sentence != TOK(k).sentence)
            continue;
        size_t last = first_clause;
        while (last + 1 < n && TOK(last + 1).sentence == TOK(k).sentence)
            last++;
        uint32_t start = TOK(first_clause).start, end = TOK(last).end;
        int has_mark = 0;
        for (uint32_t p = start; p < end && !has_mark; p++) {
            size_t m;
            has_mark = quote_mark(x->text, x->len, p, &m) != Q_NONE;
        }
        if (has_mark || x->quotes.count >= ND__MAX_QUOTES)
            continue;
        /* the subject: a person or pronoun just before the verb, an aside between commas allowed */
        int speaker = -1;
        uint32_t sp_start = 0, sp_end = 0;
        for (size_t s = k; s-- > 0 && TOK(s).sentence == TOK(k).sentence && k - s <= 8;) {
            if (TOK(s).lex & L_PRONOUN) {
                sp_start = TOK(s).start;
                sp_end = TOK(s).end;
                speaker = resolve_pronoun(x, sp_start);
                break;
            }
            int m = -1;
            for (size_t mm = 0; mm < x->mentions.count; mm++)
                if (MEN(mm).type == ND_ENTITY_PERSON && MEN(mm).entity >= 0 && MEN(mm).last_token == (int)s) {
                    m = (int)mm;
                    break;
                }
            if (m >= 0) {
                speaker = m;
                sp_start = MEN(m).title_start;
                sp_end = MEN(m).end;
                break;
            }
            /* only an aside may stand between subject and verb */
            if (s + 1 == k && !gap_has(x->text, TOK(s).end, TOK(k).start, ",") && !(TOK(s).lex & L_STOP) &&
                !tok_is(x, s, "also"))
                break;
        }
        if (speaker < 0)
            continue;
        quote_work *q = nd__vec_push(&x->quotes, sizeof *q);
        if (!q)
            return ND_ENOMEM;
        memset(q, 0, sizeof *q);
        q->start = start;
        q->end = end;
        while (q->end > q->start && strchr(".,;", x->text[q->end - 1]))
            q->end--;
        q->open = q->close = start;
        q->text_start = q->start;
        q->text_end = q->end;
        q->direct = 0;
        q->speaker_mention = speaker;
        q->speaker_start = sp_start;
        q->speaker_end = sp_end;
    }
    return ND_OK;
}

int nd__ex_find_quotes(nd__extractor *x)
{
    int rc = find_marked_quotes(x);
    if (rc)
        return rc;
    shape_quotes(x);
    size_t direct = x->quotes.count;
    for (size_t q = 0; q < direct; q++)
        attribute_quote(x, &((quote_work *)x->quotes.items)[q]);
    return find_reported(x);
}
