/*
 * extract.c: one article's clean text in; its people, organisations, places, date expressions,
 * quotations and cited sources out, each with byte offsets into the text.
 *
 * It reads what the text shows rather than guessing: a capitalised run of words is a person when
 * a title stands before it ("Maj. Gen.", "President", "Ayatollah"), when a role noun is in
 * apposition ("the Iranian general, Mohammad Baqeri"), when a speech verb follows ("Baqeri
 * said"), or when it ends in the surname of a person already found; an organisation when it ends
 * in an organisation word (Agency, Army, Guards), is an acronym, or is cited ("IRNA reported",
 * "the Fars news agency"); a place when the gazetteer knows it (demonyms count: "Syrian" is
 * Syria) or the text says "X-based". A run with no such evidence is left out: inventing a person
 * costs more than missing one.
 *
 * Mentions of one person are merged within the article by name (a full name absorbs its surname
 * alone; two people with one surname stay two, a bare surname going to the nearest of them).
 * Dates are kept as expressions ("on Thursday", "in March") for extract_desk.c to resolve once
 * the article's reference date is known. Quotes are found by their marks, joined over paragraphs
 * when the next paragraph opens with a quotation mark, and attributed to the speaker named next to
 * them; "he"/"she" is the person last named outside quotes.
 *
 * Everything per article sits in the extractor's scratch vectors, reset between articles; what is
 * kept goes to the caller's arena. Time is linear in the text (each rule looks a bounded number of
 * words around a point).
 */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- word lists ------------------------------------------------------------------------------ */
enum {
    L_STOP = 1 << 0,     /* a word that starts sentences and is never a name */
    L_MONTH = 1 << 1,
    L_DAY = 1 << 2,
    L_ORG = 1 << 3,      /* ends an organisation's name */
    L_SPEECH = 1 << 4,   /* a verb of saying */
    L_ROLE = 1 << 5,     /* a lower-case role noun: "general", "minister" */
    L_PARTICLE = 1 << 6, /* inside names: al, bin, van */
    L_PRONOUN = 1 << 7,  /* he, she */
    L_TITLE = 1 << 8,    /* may start a title phrase */
    L_ABBR = 1 << 9,     /* takes its full stop: "Gen." */
    L_MEDIA = 1 << 10,   /* "news agency", "TV": the name before is an outlet */
    L_PREP = 1 << 11,    /* prepositions that may stand before a date: in, on, since */
    L_FUTURE = 1 << 12,  /* will, next: a weekday ahead */
    L_NUMBER = 1 << 13,  /* one .. twelve */
    L_CUE = 1 << 14      /* introduces what someone said besides the speech verbs: "called", "saying" */
};

typedef struct lex_entry {
    const char *word;
    uint32_t flags;
    int value;
} lex_entry;

static const lex_entry lexicon_words[] = {
    {"january", L_MONTH, 1}, {"february", L_MONTH, 2}, {"march", L_MONTH, 3}, {"april", L_MONTH, 4},
    {"may", L_MONTH, 5}, {"june", L_MONTH, 6}, {"july", L_MONTH, 7}, {"august", L_MONTH, 8},
    {"september", L_MONTH, 9}, {"october", L_MONTH, 10}, {"november", L_MONTH, 11},
    {"december", L_MONTH, 12}, {"jan.", L_MONTH | L_ABBR, 1}, {"feb.", L_MONTH | L_ABBR, 2},
    {"aug.", L_MONTH | L_ABBR, 8}, {"sept.", L_MONTH | L_ABBR, 9}, {"sep.", L_MONTH | L_ABBR, 9},
    {"oct.", L_MONTH | L_ABBR, 10}, {"nov.", L_MONTH | L_ABBR, 11}, {"dec.", L_MONTH | L_ABBR, 12},
    {"monday", L_DAY, 1}, {"tuesday", L_DAY, 2}, {"wednesday", L_DAY, 3}, {"thursday", L_DAY, 4},
    {"friday", L_DAY, 5}, {"saturday", L_DAY, 6}, {"sunday", L_DAY, 7},
    {"agency", L_ORG, 0}, {"ministry", L_ORG, 0}, {"army", L_ORG, 0}, {"corps", L_ORG, 0},
    {"guards", L_ORG, 0}, {"guard", L_ORG, 0}, {"forces", L_ORG, 0}, {"navy", L_ORG, 0},
    {"press", L_ORG, 0}, {"council", L_ORG, 0}, {"committee", L_ORG, 0}, {"party", L_ORG, 0},
    {"front", L_ORG, 0}, {"university", L_ORG, 0}, {"organization", L_ORG, 0},
    {"organisation", L_ORG, 0}, {"union", L_ORG, 0}, {"bank", L_ORG, 0}, {"company", L_ORG, 0},
    {"corporation", L_ORG, 0}, {"inc.", L_ORG | L_ABBR, 0}, {"group", L_ORG, 0},
    {"network", L_ORG, 0}, {"police", L_ORG, 0}, {"court", L_ORG, 0}, {"parliament", L_ORG, 0},
    {"assembly", L_ORG, 0}, {"institute", L_ORG, 0}, {"association", L_ORG, 0},
    {"foundation", L_ORG, 0}, {"commission", L_ORG, 0}, {"office", L_ORG, 0},
    {"department", L_ORG, 0}, {"movement", L_ORG, 0}, {"brigade", L_ORG, 0},
    {"brigades", L_ORG, 0}, {"federation", L_ORG, 0}, {"authority", L_ORG, 0},
    {"service", L_ORG, 0}, {"times", L_ORG, 0}, {"post", L_ORG, 0}, {"radio", L_ORG, 0},
    {"television", L_ORG, 0}, {"broadcasting", L_ORG, 0}, {"coalition", L_ORG, 0},
    {"alliance", L_ORG, 0}, {"hospital", L_ORG, 0}, {"school", L_ORG, 0}, {"college", L_ORG, 0},
    {"church", L_ORG, 0}, {"airlines", L_ORG, 0}, {"club", L_ORG, 0}, {"league", L_ORG, 0},
    {"senate", L_ORG, 0}, {"congress", L_ORG, 0}, {"cabinet", L_ORG, 0}, {"embassy", L_ORG, 0},
    {"bureau", L_ORG, 0}, {"fund", L_ORG, 0}, {"board", L_ORG, 0}, {"tribunal", L_ORG, 0},
    {"government", L_ORG, 0}, {"agencies", L_ORG, 0}, {"nations", L_ORG, 0},
    {"said", L_SPEECH, 0}, {"says", L_SPEECH, 0}, {"added", L_SPEECH, 0}, {"adds", L_SPEECH, 0},
    {"explained", L_SPEECH, 0}, {"stressed", L_SPEECH, 0}, {"asserted", L_SPEECH, 0},
    {"told", L_SPEECH, 0}, {"noted", L_SPEECH, 0}, {"declared", L_SPEECH, 0},
    {"insisted", L_SPEECH, 0}, {"warned", L_SPEECH, 0}, {"stated", L_SPEECH, 0},
    {"wrote", L_SPEECH, 0}, {"tweeted", L_SPEECH, 0}, {"announced", L_SPEECH, 0},
    {"argued", L_SPEECH, 0}, {"remarked", L_SPEECH, 0}, {"emphasized", L_SPEECH, 0},
    {"emphasised", L_SPEECH, 0}, {"reiterated", L_SPEECH, 0}, {"urged", L_SPEECH, 0},
    {"commented", L_SPEECH, 0}, {"claimed", L_SPEECH, 0}, {"confirmed", L_SPEECH, 0},
    {"replied", L_SPEECH, 0}, {"responded", L_SPEECH, 0}, {"concluded", L_SPEECH, 0},
    {"continued", L_SPEECH, 0}, {"asked", L_SPEECH, 0}, {"acknowledged", L_SPEECH, 0},
    {"called", L_CUE, 0}, {"calling", L_CUE, 0}, {"calls", L_CUE, 0}, {"described", L_CUE, 0},
    {"describes", L_CUE, 0}, {"describing", L_CUE, 0}, {"saying", L_CUE, 0}, {"accused", L_CUE, 0},
    {"accusing", L_CUE, 0}, {"accuses", L_CUE, 0}, {"claiming", L_CUE, 0}, {"claims", L_CUE, 0},
    {"telling", L_CUE, 0}, {"tells", L_CUE, 0}, {"writes", L_CUE, 0}, {"writing", L_CUE, 0},
    {"tweets", L_CUE, 0}, {"tweeting", L_CUE, 0}, {"branded", L_CUE, 0}, {"dubbed", L_CUE, 0},
    {"labeled", L_CUE, 0}, {"labelled", L_CUE, 0}, {"promised", L_CUE, 0}, {"pledged", L_CUE, 0},
    {"vowed", L_CUE, 0}, {"predicted", L_CUE, 0}, {"admitted", L_CUE, 0}, {"admitting", L_CUE, 0},
    {"suggested", L_CUE, 0}, {"suggesting", L_CUE, 0}, {"insists", L_CUE, 0}, {"warns", L_CUE, 0},
    {"argues", L_CUE, 0}, {"notes", L_CUE, 0}, {"adding", L_CUE, 0}, {"noting", L_CUE, 0},
    {"arguing", L_CUE, 0}, {"insisting", L_CUE, 0}, {"warning", L_CUE, 0}, {"explaining", L_CUE, 0},
    {"dismissed", L_CUE, 0}, {"exhorted", L_CUE, 0}, {"demanded", L_CUE, 0}, {"complained", L_CUE, 0},
    {"recalled", L_CUE, 0}, {"boasted", L_CUE, 0}, {"conceded", L_CUE, 0}, {"charged", L_CUE, 0},
    {"mocked", L_CUE, 0}, {"blasted", L_CUE, 0}, {"slammed", L_CUE, 0}, {"praised", L_CUE, 0},
    {"general", L_ROLE, 0}, {"president", L_ROLE, 0}, {"minister", L_ROLE, 0},
    {"commander", L_ROLE, 0}, {"chief", L_ROLE, 0}, {"spokesman", L_ROLE, 0},
    {"spokeswoman", L_ROLE, 0}, {"spokesperson", L_ROLE, 0}, {"leader", L_ROLE, 0},
    {"official", L_ROLE, 0}, {"envoy", L_ROLE, 0}, {"ambassador", L_ROLE, 0},
    {"counterpart", L_ROLE, 0}, {"head", L_ROLE, 0}, {"director", L_ROLE, 0},
    {"secretary", L_ROLE, 0}, {"chairman", L_ROLE, 0}, {"officer", L_ROLE, 0},
    {"governor", L_ROLE, 0}, {"mayor", L_ROLE, 0}, {"lawyer", L_ROLE, 0}, {"attorney", L_ROLE, 0},
    {"prosecutor", L_ROLE, 0}, {"judge", L_ROLE, 0}, {"professor", L_ROLE, 0},
    {"sheriff", L_ROLE, 0}, {"deputy", L_ROLE, 0}, {"senator", L_ROLE, 0},
    {"lawmaker", L_ROLE, 0}, {"diplomat", L_ROLE, 0}, {"adviser", L_ROLE, 0},
    {"advisor", L_ROLE, 0}, {"aide", L_ROLE, 0}, {"founder", L_ROLE, 0}, {"manager", L_ROLE, 0},
    {"executive", L_ROLE, 0}, {"coach", L_ROLE, 0}, {"son", L_ROLE, 0}, {"daughter", L_ROLE, 0},
    {"wife", L_ROLE, 0}, {"husband", L_ROLE, 0}, {"mother", L_ROLE, 0}, {"father", L_ROLE, 0},
    {"brother", L_ROLE, 0}, {"sister", L_ROLE, 0}, {"victim", L_ROLE, 0},
    {"suspect", L_ROLE, 0}, {"witness", L_ROLE, 0}, {"cleric", L_ROLE, 0},
    {"detective", L_ROLE, 0}, {"staff", L_ROLE, 0}, {"analyst", L_ROLE, 0},
    {"al", L_PARTICLE, 0}, {"el", L_PARTICLE, 0}, {"bin", L_PARTICLE, 0}, {"ibn", L_PARTICLE, 0},
    {"bint", L_PARTICLE, 0}, {"van", L_PARTICLE, 0}, {"von", L_PARTICLE, 0},
    {"der", L_PARTICLE, 0}, {"de", L_PARTICLE, 0}, {"da", L_PARTICLE, 0}, {"di", L_PARTICLE, 0},
    {"du", L_PARTICLE, 0}, {"la", L_PARTICLE, 0}, {"le", L_PARTICLE, 0}, {"dos", L_PARTICLE, 0},
    {"he", L_PRONOUN | L_STOP, 0}, {"she", L_PRONOUN | L_STOP, 0},
    {"news", L_MEDIA, 0}, {"tv", L_MEDIA, 0}, {"newspaper", L_MEDIA, 0}, {"daily", L_MEDIA | L_ORG, 0},
    {"herald", L_ORG, 0}, {"gazette", L_ORG, 0}, {"tribune", L_ORG, 0}, {"journal", L_ORG, 0},
    {"telegraph", L_ORG, 0}, {"chronicle", L_ORG, 0}, {"engineer", L_ROLE, 0}, {"reporter", L_ROLE, 0},
    {"website", L_MEDIA, 0}, {"channel", L_MEDIA, 0}, {"reported", L_MEDIA, 0},
    {"quoted", L_MEDIA, 0}, {"reports", L_MEDIA, 0}, {"cited", L_MEDIA, 0},
    {"in", L_PREP | L_STOP, 0}, {"on", L_PREP | L_STOP, 0}, {"since", L_PREP | L_STOP, 0},
    {"until", L_PREP | L_STOP, 0}, {"last", L_PREP | L_STOP, -1}, {"next", L_PREP | L_STOP | L_FUTURE, 1},
    {"this", L_PREP | L_STOP, 0}, {"early", L_PREP, 0}, {"late", L_PREP, 0}, {"mid", L_PREP, 0},
    {"of", L_PREP, 0}, {"by", L_PREP | L_STOP, 0}, {"from", L_PREP | L_STOP, 0},
    {"through", L_PREP | L_STOP, 0}, {"during", L_PREP | L_STOP, 0}, {"back", L_PREP | L_STOP, 0},
    {"before", L_PREP | L_STOP, 0}, {"after", L_PREP | L_STOP, 0}, {"between", L_PREP | L_STOP, 0},
    {"till", L_PREP, 0}, {"will", L_FUTURE, 0}, {"upcoming", L_FUTURE, 0},
    {"scheduled", L_FUTURE, 0},
    {"one", L_NUMBER | L_STOP, 1}, {"two", L_NUMBER | L_STOP, 2}, {"three", L_NUMBER, 3},
    {"four", L_NUMBER, 4}, {"five", L_NUMBER, 5}, {"six", L_NUMBER, 6}, {"seven", L_NUMBER, 7},
    {"eight", L_NUMBER, 8}, {"nine", L_NUMBER, 9}, {"ten", L_NUMBER, 10}, {"a", L_NUMBER | L_STOP, 1},
    {"the", L_STOP, 0}, {"an", L_STOP, 0}, {"at", L_STOP, 0}, {"according", L_STOP, 0},
    {"near", L_STOP, 0}, {"but", L_STOP, 0}, {"and", L_STOP, 0}, {"or", L_STOP, 0},
    {"it", L_STOP, 0}, {"they", L_STOP, 0}, {"we", L_STOP, 0}, {"i", L_STOP, 0},
    {"you", L_STOP, 0}, {"that", L_STOP, 0}, {"these", L_STOP, 0}, {"those", L_STOP, 0},
    {"his", L_STOP, 0}, {"her", L_STOP, 0}, {"its", L_STOP, 0}, {"their", L_STOP, 0},
    {"our", L_STOP, 0}, {"my", L_STOP, 0}, {"as", L_STOP, 0}, {"for", L_STOP, 0},
    {"with", L_STOP, 0}, {"while", L_STOP, 0}, {"when", L_STOP, 0}, {"also", L_STOP, 0},
    {"however", L_STOP, 0}, {"meanwhile", L_STOP, 0}, {"earlier", L_STOP, 0},
    {"later", L_STOP, 0}, {"some", L_STOP, 0}, {"many", L_STOP, 0}, {"several", L_STOP, 0},
    {"both", L_STOP, 0}, {"all", L_STOP, 0}, {"any", L_STOP, 0}, {"if", L_STOP, 0},
    {"to", L_STOP, 0}, {"under", L_STOP, 0}, {"over", L_STOP, 0}, {"despite", L_STOP, 0},
    {"amid", L_STOP, 0}, {"there", L_STOP, 0}, {"here", L_STOP, 0}, {"then", L_STOP, 0},
    {"what", L_STOP, 0}, {"who", L_STOP, 0}, {"which", L_STOP, 0}, {"where", L_STOP, 0},
    {"why", L_STOP, 0}, {"how", L_STOP, 0}, {"no", L_STOP, 0}, {"not", L_STOP, 0},
    {"yet", L_STOP, 0}, {"so", L_STOP, 0}, {"such", L_STOP, 0}, {"each", L_STOP, 0},
    {"every", L_STOP, 0}, {"other", L_STOP, 0}, {"another", L_STOP, 0}, {"more", L_STOP, 0},
    {"most", L_STOP, 0}, {"only", L_STOP, 0}, {"even", L_STOP, 0}, {"still", L_STOP, 0},
    {"now", L_STOP, 0}, {"once", L_STOP, 0}, {"although", L_STOP, 0}, {"though", L_STOP, 0},
    {"because", L_STOP, 0}, {"about", L_STOP, 0}, {"against", L_STOP, 0}, {"among", L_STOP, 0},
    {"into", L_STOP, 0}, {"without", L_STOP, 0}, {"within", L_STOP, 0}, {"across", L_STOP, 0},
    {"following", L_STOP, 0}, {"including", L_STOP, 0}, {"heading", L_STOP, 0},
    {"speaking", L_STOP, 0}, {"is", L_STOP, 0}, {"was", L_STOP, 0}, {"are", L_STOP, 0},
    {"were", L_STOP, 0}, {"be", L_STOP, 0}, {"has", L_STOP, 0}, {"have", L_STOP, 0},
    {"had", L_STOP, 0}, {"do", L_STOP, 0}, {"did", L_STOP, 0}, {"read", L_STOP, 0},
    {"photo", L_STOP, 0}, {"image", L_STOP, 0}, {"video", L_STOP, 0}, {"update", L_STOP, 0},
    {"mr", L_STOP, 0}, {"yes", L_STOP, 0}, {"please", L_STOP, 0}, {"today", L_STOP, 0},
    {"yesterday", L_STOP, 0}, {"tomorrow", L_STOP, 0}, {"police", L_ORG, 0},
    /* plural and common nouns that open sentences before "said", and acronyms that are not
     * organisations */
    {"authorities", L_STOP, 0}, {"officials", L_STOP, 0}, {"investigators", L_STOP, 0},
    {"witnesses", L_STOP, 0}, {"deputies", L_STOP, 0}, {"neighbors", L_STOP, 0},
    {"neighbours", L_STOP, 0}, {"sources", L_STOP, 0}, {"relatives", L_STOP, 0},
    {"detectives", L_STOP, 0}, {"prosecutors", L_STOP, 0}, {"residents", L_STOP, 0},
    {"troopers", L_STOP, 0}, {"firefighters", L_STOP, 0}, {"paramedics", L_STOP, 0},
    {"doctors", L_STOP, 0}, {"students", L_STOP, 0}, {"family", L_STOP, 0}, {"friends", L_STOP, 0},
    {"jr", L_STOP, 0}, {"drive", L_STOP, 0}, {"street", L_STOP, 0}, {"avenue", L_STOP, 0},
    {"road", L_STOP, 0}, {"suv", L_STOP, 0}, {"ceo", L_STOP, 0}, {"ems", L_STOP, 0},
    {"swat", L_STOP, 0}, {"related", L_STOP, 0}, {"dna", L_STOP, 0}, {"gps", L_STOP, 0},
};

/* Titles, as written before a name. The first word carries L_TITLE; the longest match wins. */
static const char *const title_phrases[] = {
    "Maj. Gen.", "Major General", "Lt. Gen.", "Lieutenant General", "Brig. Gen.",
    "Brigadier General", "Gen.", "General", "Col.", "Colonel", "Lt. Col.", "Lieutenant Colonel",
    "Lt.", "Lieutenant", "Capt.", "Captain", "Sgt.", "Sergeant", "Maj.", "Adm.", "Admiral",
    "Rear Admiral", "Vice Admiral", "Commander", "Cmdr.", "Field Marshal", "Marshal", "President",
    "Vice President", "Prime Minister", "Deputy Prime Minister", "Defense Minister",
    "Defence Minister", "Foreign Minister", "Interior Minister", "Finance Minister", "Minister",
    "Deputy Foreign Minister", "Chief of Staff", "Ayatollah", "Grand Ayatollah", "Hojatoleslam",
    "Seyyed", "Sayyed", "Sayed", "Sheikh", "Imam", "King", "Queen", "Prince", "Crown Prince",
    "Princess", "Emir", "Sultan", "Pope", "Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Dr.", "Dr",
    "Prof.", "Professor", "Senator", "Sen.", "Rep.", "Representative", "Gov.", "Governor", "Mayor",
    "Speaker", "Secretary", "Secretary of State", "Secretary-General", "Secretary General",
    "Ambassador", "Spokesman", "Judge", "Justice", "Chancellor", "Supreme Leader", "Leader",
    "Chairman", "Director", "Officer", "Deputy", "Detective", "Det.", "Sheriff", "Chief",
    "Police Chief", "Rabbi", "Reverend", "Rev.", "Attorney General", "District Attorney",
    "Patriarch", "Bishop", "Archbishop", "Cardinal", "Lord", "Sir", "Premier", "Commissioner",
    "Trooper", "Sgt", "Officers", "Cpl.", "Corporal", "Pvt.", "Private", NULL};

#define LEX_SLOTS 2048 /* power of two, over twice the words above */

typedef struct lex_slot {
    const char *word;
    uint8_t len;
    uint32_t flags;
    int value;
} lex_slot;

/* ---- per-article working state -------------------------------------------------------------- */
enum {
    T_CAP = 1 << 0,     /* starts with a capital (or is "al-X" with X capitalised) */
    T_ALLCAPS = 1 << 1,
    T_SENT = 1 << 2,    /* first word of a sentence */
    T_PARA = 1 << 3,    /* first word of a paragraph */
    T_ABBR = 1 << 4,    /* ends with its full stop */
    T_DIGITS = 1 << 5,
    T_SPACE = 1 << 6,   /* only spaces between this word and the one before */
    T_QUOTED = 1 << 7,  /* inside a quotation */
    T_HYPHEN = 1 << 8
};

typedef struct token {
    uint32_t start, end; /* the word, with an abbreviation's full stop */
    uint32_t name_end;   /* without a possessive 's */
    uint32_t flags;      /* T_* */
    uint32_t lex;        /* L_* of the lower-cased word */
    int lex_value;
    uint32_t sentence;
} token;

typedef struct mention {
    uint32_t start, end;     /* the name without title */
    uint32_t title_start;    /* == start when untitled */
    uint32_t first_title_start;
    int first_token, last_token; /* name tokens */
    int type;                /* nd_entity_type, or -1 undecided */
    int entity;              /* index into entities once merged */
    const nd__place *place;
    int the;                 /* "The" stood before an organisation */
    int untagged;            /* the tagger gave none of its words a name tag */
    int city_cue;            /* a city whose country is named, or after "in", or opening the text */
} mention;

typedef struct work_entity {
    int type;
    char key[ND__MAX_NAME_BYTES];     /* folded name of the longest form */
    char surname[ND__MAX_NAME_BYTES]; /* folded last word (persons) */
    int words;
    uint32_t name_start, name_end;    /* the longest form in the text */
    const nd__place *place;
    int first_mention;
    size_t mention_count;
    int last_mention_token;           /* for nearest-surname choice */
} work_entity;

typedef struct quote_work {
    uint32_t open, close;     /* quote marks: open at the first mark, close after the last */
    uint32_t start, end;      /* the words */
    uint32_t open2, close2, start2, end2; /* the part after the attribution: “A,” he said, “B.” */
    uint32_t text_start, text_end; /* what is reported: the words, or from the content's start
                                      ("called the senator a “nasty guy”") */
    int comma;                /* the words end in a comma: the sentence goes on after the speaker */
    int dropped;
    int direct;
    int speaker_mention;      /* index into mentions, or -1 */
    uint32_t speaker_start, speaker_end;
    const char *speaker_text; /* static or NULL */
    uint32_t text_speaker_start, text_speaker_end; /* a plain-words speaker ("the two sides") */
} quote_work;

struct nd__extractor {
    const nd_gazetteer *gazetteer;
    lex_slot lex[LEX_SLOTS];
    nd__vec tokens, mentions, entities, quotes, dates, date_exprs, cites;
    nd__vec ner_tokens, tags, token_mention, spans; /* the tagger's view of the words, its tags, mention per word */
    nd__tagger_scratch tagger;
    const char *text;
    size_t len;
    char lowered[sizeof title_phrases / sizeof title_phrases[0]][24]; /* see nd__extractor_new */
};

static uint64_t word_hash(const char *w, size_t n) { return nd__hash64(w, n, 0x51ed27u); }

static void lex_add(nd__extractor *x, const char *word, uint32_t flags, int value)
{
    size_t n = strlen(word);
    size_t slot = (size_t)word_hash(word, n) & (LEX_SLOTS - 1);
    while (x->lex[slot].word && !(x->lex[slot].len == n && memcmp(x->lex[slot].word, word, n) == 0))
        slot = (slot + 1) & (LEX_SLOTS - 1);
    if (!x->lex[slot].word) {
        x->lex[slot].word = word;
        x->lex[slot].len = (uint8_t)n;
    }
    x->lex[slot].flags |= flags;
    if (value)
        x->lex[slot].value = value;
}

static const lex_slot *lex_find(const nd__extractor *x, const char *lower, size_t n)
{
    if (n == 0 || n > 32)
        return NULL;
    size_t slot = (size_t)word_hash(lower, n) & (LEX_SLOTS - 1);
    while (x->lex[slot].word) {
        if (x->lex[slot].len == n && memcmp(x->lex[slot].word, lower, n) == 0)
            return &x->lex[slot];
        slot = (slot + 1) & (LEX_SLOTS - 1);
    }
    return NULL;
}

nd__extractor *nd__extractor_new(const nd_gazetteer *gazetteer)
{
    nd__extractor *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->gazetteer = gazetteer;
    for (size_t i = 0; i < sizeof lexicon_words / sizeof lexicon_words[0]; i++)
        lex_add(x, lexicon_words[i].word, lexicon_words[i].flags, lexicon_words[i].value);
    /* The first word of each title, lower-cased, with its full stop: "maj." "president". Kept
     * in the extractor's table of lower-cased copies so the lexicon may point at them (a
     * static table would be written by every thread that makes an extractor). */
    char (*lowered)[24] = x->lowered;
    for (size_t i = 0; title_phrases[i]; i++) {
        const char *p = title_phrases[i];
        size_t n = strcspn(p, " ");
        if (n >= sizeof x->lowered[i])
            continue;
        for (size_t k = 0; k < n; k++)
            lowered[i][k] = (char)nd__to_lower((unsigned char)p[k]);
        lowered[i][n] = '\0';
        lex_add(x, lowered[i], L_TITLE | (p[n - 1] == '.' ? L_ABBR : 0), 0);
    }
    return x;
}

void nd__extractor_free(nd__extractor *x)
{
    if (!x)
        return;
    nd__vec_release(&x->tokens);
    nd__vec_release(&x->mentions);
    nd__vec_release(&x->entities);
    nd__vec_release(&x->quotes);
    nd__vec_release(&x->dates);
    nd__vec_release(&x->date_exprs);
    nd__vec_release(&x->cites);
    nd__vec_release(&x->ner_tokens);
    nd__vec_release(&x->tags);
    nd__vec_release(&x->token_mention);
    nd__vec_release(&x->spans);
    nd__tagger_scratch_release(&x->tagger);
    free(x);
}

/* ---- characters ------------------------------------------------------------------------------ */
/* Length of a punctuation sequence at text[i] that is not part of a word (UTF-8 quotes, dashes,
 * no-break space), or 0. */
static size_t punct_len(const char *text, size_t len, size_t i)
{
    const unsigned char *s = (const unsigned char *)text;
    if (s[i] == 0xE2 && i + 2 < len && s[i + 1] == 0x80)
        return 3;
    if (s[i] == 0xC2 && i + 1 < len && (s[i + 1] == 0xA0 || s[i + 1] == 0xAB || s[i + 1] == 0xBB))
        return 2;
    return 0;
}

static int is_word_byte(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (nd__is_alpha(c) || nd__is_digit(c))
        return 1;
    return c >= 0x80 && punct_len(text, len, i) == 0 && (c >= 0xC0 || c < 0xC0);
}

static int is_apostrophe(const char *text, size_t len, size_t i, size_t *n)
{
    if (text[i] == '\'') {
        *n = 1;
        return 1;
    }
    if (i + 2 < len && (unsigned char)text[i] == 0xE2 && (unsigned char)text[i + 1] == 0x80 &&
        (unsigned char)text[i + 2] == 0x99) {
        *n = 3;
        return 1;
    }
    return 0;
}

static int is_upper_at(const char *text, size_t len, size_t i)
{
    unsigned char c = (unsigned char)text[i];
    if (nd__is_upper(c))
        return 1;
    /* Latin-1 capitals: U+00C0..U+00DE, C3 80..C3 9E */
    return c == 0xC3 && i + 1 < len && (unsigned char)text[i + 1] >= 0x80 &&
           (unsigned char)text[i + 1] <= 0x9E;
}

/* Lower-cases text[start, end) into out (ASCII only), at most cap-1 bytes. */
static size_t lower_copy(const char *text, size_t start, size_t end, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = start; i < end && n + 1 < cap; i++)
        out[n++] = (char)nd__to_lower((unsigned char)text[i]);
    out[n] = '\0';
    return n;
}

/* ---- tokens ---------------------------------------------------------------------------------- */
static int gap_has(const char *text, size_t from, size_t to, const char *chars)
{
    for (size_t i = from; i < to; i++)
        if (strchr(chars, text[i]))
            return 1;
    return 0;
}

static int tokenize(nd__extractor *x)
{
    const char *text = x->text;
    size_t len = x->len;
    x->tokens.count = 0;
    size_t i = 0, prev_end = 0;
    uint32_t sentence = 0;
    int first = 1;
    while (i < len) {
        if (!is_word_byte(text, len, i)) {
            size_t p = punct_len(text, len, i);
            i += p ? p : 1;
            continue;
        }
        size_t start = i;
        for (;;) {
            while (i < len && is_word_byte(text, len, i))
                i++;
            size_t n;
            if (i + 1 < len && text[i] == '-' && is_word_byte(text, len, i + 1)) {
                i++;
                continue;
            }
            if (i < len && is_apostrophe(text, len, i, &n) && i + n < len && nd__is_alpha((unsigned char)text[i + n])) {
                i += n;
                continue;
            }
            break;
        }
        size_t end = i, name_end = i;
        /* possessive 's / s' */
        for (size_t k = start; k < end; k++) {
            size_t n;
            if (is_apostrophe(text, len, k, &n) && k + n + 1 == end && (text[k + n] == 's' || text[k + n] == 'S')) {
                name_end = k;
                break;
            }
        }
        size_t n;
        if (name_end == end && end < len && is_apostrophe(text, len, end, &n) && end > start && text[end - 1] == 's')
            end += n; /* "Damascus’": the apostrophe belongs to the word; the name stops before it */
        token *t = nd__vec_push(&x->tokens, sizeof *t);
        if (!t)
            return ND_ENOMEM;
        t->start = (uint32_t)start;
        t->end = (uint32_t)end;
        t->name_end = (uint32_t)name_end;
        uint32_t flags = 0;
        if (is_upper_at(text, len, start))
            flags |= T_CAP;
        else if (start + 3 < name_end && (text[start] == 'a' || text[start] == 'e') && text[start + 1] == 'l' &&
                 text[start + 2] == '-' && is_upper_at(text, len, start + 3))
            flags |= T_CAP; /* al-Assad, el-Sisi */
        int letters = 0, uppers = 0, digits = 0, hyphen = 0;
        for (size_t k = start; k < name_end; k++) {
            unsigned char c = (unsigned char)text[k];
            letters += nd__is_alpha(c);
            uppers += nd__is_upper(c);
            digits += nd__is_digit(c);
            hyphen |= c == '-';
        }
        if (letters >= 2 && uppers == letters)
            flags |= T_ALLCAPS;
        if (digits && !letters)
            flags |= T_DIGITS;
        if (hyphen)
            flags |= T_HYPHEN;
        char lower[40];
        size_t ln = lower_copy(text, start, name_end, lower, sizeof lower);
        const lex_slot *entry = NULL;
        /* abbreviations keep their full stop: "Gen." "U.S." */
        if (name_end == end && end < len && text[end] == '.') {
            char with_dot[42];
            memcpy(with_dot, lower, ln);
            with_dot[ln] = '.';
            const lex_slot *abbr = ln + 1 < sizeof with_dot ? lex_find(x, with_dot, ln + 1) : NULL;
            if (abbr && (abbr->flags & L_ABBR)) {
                entry = abbr;
                end = name_end = end + 1;
                flags |= T_ABBR;
            } else if (letters == 1 && uppers == 1 && end - start == 1) {
                /* initials and U.S.: single capitals each with a full stop */
                end++;
                while (end + 1 < len && nd__is_upper((unsigned char)text[end]) && text[end + 1] == '.')
                    end += 2;
                name_end = end;
                flags |= T_ABBR | T_ALLCAPS;
            }
        }
        i = end;
        t->end = (uint32_t)end;
        t->name_end = (uint32_t)name_end;
        if (!entry)
            entry = lex_find(x, lower, ln);
        t->lex = entry ? entry->flags : 0;
        t->lex_value = entry ? entry->value : 0;
        int new_paragraph = first || gap_has(text, prev_end, start, "\n");
        int new_sentence = new_paragraph;
        if (!new_sentence && gap_has(text, prev_end, start, ".!?")) {
            unsigned char c = (unsigned char)text[start];
            new_sentence = !nd__is_lower(c);
        }
        if (new_paragraph)
            flags |= T_PARA;
        if (new_sentence) {
            flags |= T_SENT;
            if (!first)
                sentence++;
        }
        if (!first) {
            int only_space = 1;
            for (size_t k = prev_end; k < start; k++)
                if (text[k] != ' ')
                    only_space = 0;
            if (only_space)
                flags |= T_SPACE;
        }
        t->flags = flags;
        t->sentence = sentence;
        prev_end = end;
        first = 0;
    }
    return ND_OK;
}

#define TOK(i) (((token *)x->tokens.items)[i])
#define MEN(i) (((mention *)x->mentions.items)[i])
#define ENT(i) (((work_entity *)x->entities.items)[i])

static int tok_is(const nd__extractor *x, size_t i, const char *word)
{
    if (i >= x->tokens.count)
        return 0;
    const token *t = &TOK(i);
    size_t n = strlen(word);
    return t->end - t->start == n && nd__equals_ci(x->text + t->start, n, word);
}

/* ---- titles and places ----------------------------------------------------------------------- */
/* Length in tokens of the longest title phrase at token i, or 0. */
static int match_title(const nd__extractor *x, size_t i)
{
    const token *t = &TOK(i);
    if (!(t->lex & L_TITLE) || !(t->flags & T_CAP))
        return 0;
    int best = 0;
    for (size_t p = 0; title_phrases[p]; p++) {
        const char *phrase = title_phrases[p];
        size_t k = i;
        int words = 0, ok = 1;
        while (*phrase && ok) {
            size_t n = strcspn(phrase, " ");
            if (k >= x->tokens.count || (words > 0 && !(TOK(k).flags & T_SPACE)))
                ok = 0;
            else if (TOK(k).end - TOK(k).start != n || memcmp(x->text + TOK(k).start, phrase, n) != 0)
                ok = 0;
            phrase += n;
            if (*phrase == ' ')
                phrase++;
            k++;
            words++;
        }
        if (ok && words > best)
            best = words;
    }
    return best;
}

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

static const nd__place *find_place(const nd__extractor *x, size_t a, size_t b)
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

static int push_mention(nd__extractor *x, int type, size_t a, size_t b, size_t title_a, size_t first_title,
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
            if (match_title(x, k) && k == pos)
                break;
            if ((TOK(k).lex & L_ORG) && k > pos && (TOK(k).flags & T_CAP)) {
                org_end = k + 1;
                while (org_end < b && (TOK(org_end).lex & L_ORG))
                    org_end++;
                break;
            }
        }
        if (org_end) {
            int rc = push_mention(x, ND_ENTITY_ORGANISATION, pos, org_end, pos, pos, NULL);
            if (rc)
                return rc;
            if (pos > a && tok_is(x, pos - 1, "the"))
                MEN(x->mentions.count - 1).the = 1;
            pos = org_end;
            continue;
        }
        /* Titles, then a name. */
        int title_len = match_title(x, pos);
        if (title_len) {
            size_t first_title = pos, last_title = pos;
            size_t k = pos;
            while (k < b && (title_len = match_title(x, k)) > 0) {
                last_title = k;
                k += (size_t)title_len;
            }
            size_t name_start = k, name_end = k;
            while (name_end < b && name_end - name_start < 5 && nameish(x, name_end) &&
                   !(TOK(name_end).lex & (L_STOP | L_ORG)) && !match_title(x, name_end)) {
                const nd__place *p = find_place(x, name_end, name_end + 1);
                if (p && p->kind != ND__PLACE_CITY && name_end == name_start)
                    break;
                name_end++;
            }
            while (name_end > name_start && (TOK(name_end - 1).lex & L_PARTICLE) && !(TOK(name_end - 1).flags & T_CAP))
                name_end--;
            if (name_end > name_start) {
                int rc = push_mention(x, ND_ENTITY_PERSON, name_start, name_end, last_title, first_title, NULL);
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
            const nd__place *p = find_place(x, pos, k);
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
            int rc = push_mention(x, -2, pos, place_end, pos, pos, place);
            if (rc)
                return rc;
            pos = place_end;
            continue;
        }
        if (place) {
            int rc = push_mention(x, ND_ENTITY_PLACE, pos, place_end, pos, pos, place);
            if (rc)
                return rc;
            pos = place_end;
            continue;
        }
        /* Anything else: a group of name words whose kind the context decides later. */
        size_t end = pos;
        while (end < b && end - pos < 5 && nameish(x, end) && !(TOK(end).lex & (L_STOP | L_ORG)) &&
               !(end > pos && match_title(x, end))) {
            const nd__place *p = end > pos ? find_place(x, end, end + 1) : NULL;
            if (p && p->kind != ND__PLACE_CITY)
                break;
            end++;
        }
        if (end == pos) {
            pos++;
            continue;
        }
        int rc = push_mention(x, -1, pos, end, pos, pos, NULL);
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

/* ---- the tagger ------------------------------------------------------------------------------ */
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
            const nd__place *p = find_place(x, i, i + 1);
            if (p)
                f |= p->kind == ND__PLACE_COUNTRY ? ND__NER_COUNTRY : p->kind == ND__PLACE_DEMONYM ? ND__NER_DEMONYM
                                                                                                  : ND__NER_CITY;
            if (i + 1 < n && (TOK(i + 1).flags & T_CAP) && (TOK(i + 1).flags & T_SPACE) && find_place(x, i, i + 2))
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
    int rc = tokenize(x);
    if (!rc)
        rc = build_ner_tokens(x);
    *tokens = x->ner_tokens.items;
    *count = rc ? 0 : x->ner_tokens.count;
    return rc;
}

/* Tags the article's words; x->tags holds one tag per token. */
static int tag_tokens(nd__extractor *x)
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

/* "PORTWICK - ...": an all-capitals name opening the article before a dash is its place. */
static int is_dateline(const nd__extractor *x, const mention *m)
{
    const token *first = &TOK(m->first_token), *last = &TOK(m->last_token);
    return m->first_token == 0 && (first->flags & T_ALLCAPS) && last->end + 2 < x->len && x->text[last->end] == ' ' &&
           (x->text[last->end + 1] == '-' || (unsigned char)x->text[last->end + 1] == 0xE2);
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
static int merge_tagged(nd__extractor *x)
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
        if (b < n && match_title(x, b) && (TOK(b).flags & T_SPACE) &&
            (type == ND_ENTITY_PERSON || (b - span_a == 1 && !find_place(x, span_a, b))))
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
        const nd__place *place = type == ND_ENTITY_PLACE ? find_place(x, span_a, b) : NULL;
        if (place && place->kind == ND__PLACE_DEMONYM)
            continue; /* a nationality is not a place */
        if (first < 0) {
            int rc = push_mention(x, type, span_a, b, span_a, span_a, place);
            if (rc)
                return rc;
            continue;
        }
        if (titled || is_dateline(x, &MEN(first)))
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
        int rc = push_mention(x, type, span_a, b, span_a, span_a, place);
        if (rc)
            return rc;
    }
    if (x->mentions.count > rule_mentions)
        qsort(x->mentions.items, x->mentions.count, sizeof(mention), compare_mentions);
    return ND_OK;
}

/* ---- names folded for comparison ------------------------------------------------------------ */
size_t nd__fold_name(const char *name, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    size_t i = 0;
    if (cap == 0)
        return 0;
    while (i < len) {
        while (i < len && (name[i] == ' ' || name[i] == '-'))
            i++;
        size_t start = i;
        while (i < len && name[i] != ' ')
            i++;
        size_t wend = i;
        /* drop particles: al, el, bin and the like, standing alone or as "al-" */
        if (wend - start >= 3 && (name[start] == 'a' || name[start] == 'A' || name[start] == 'e' || name[start] == 'E') &&
            (name[start + 1] == 'l' || name[start + 1] == 'L') && name[start + 2] == '-')
            start += 3;
        size_t wl = wend - start;
        if (wl == 0)
            continue;
        if ((wl == 2 && nd__equals_ci(name + start, 2, "al")) || (wl == 2 && nd__equals_ci(name + start, 2, "el")))
            continue;
        if (n > 0 && n + 1 < cap)
            out[n++] = ' ';
        char last = 0;
        for (size_t k = start; k < wend && n + 1 < cap; k++) {
            char c = (char)nd__to_lower((unsigned char)name[k]);
            if (!nd__is_alpha((unsigned char)c))
                continue;
            int first_letter = k == start;
            char next = k + 1 < wend ? (char)nd__to_lower((unsigned char)name[k + 1]) : 0;
            if (c == 'q' || (c == 'g' && next == 'h'))
                c = 'g';
            else if (c == 'c' || (c == 'k' && next == 'h'))
                c = 'k';
            else if (c == 'p' && next == 'h')
                c = 'f';
            if (c == 'h' && !first_letter)
                continue;
            if (strchr("aeiou", c)) {
                if (!first_letter)
                    continue;
                c = 'a'; /* Osama = Usama */
            }
            if (c == last)
                continue;
            out[n++] = c;
            last = c;
        }
    }
    out[n] = '\0';
    return n;
}

/* ---- entities -------------------------------------------------------------------------------- */
static size_t fold_tokens(const nd__extractor *x, int a, int b, char *out, size_t cap)
{
    return nd__fold_name(x->text + TOK(a).start, TOK(b).name_end - TOK(a).start, out, cap);
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

static int resolve_mentions(nd__extractor *x)
{
    size_t count = x->mentions.count;
    char key[ND__MAX_NAME_BYTES];
    int rc = merge_tagged(x);
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
        if (is_dateline(x, m)) {
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

/* ---- dates ----------------------------------------------------------------------------------- */
typedef struct date_work {
    uint32_t start, end;
    nd__date_expr expr;
} date_work;

static int parse_int(const nd__extractor *x, size_t i, int *value)
{
    const token *t = &TOK(i);
    int v = 0, digits = 0;
    size_t k = t->start;
    for (; k < t->name_end && nd__is_digit((unsigned char)x->text[k]) && digits < 5; k++, digits++)
        v = v * 10 + (x->text[k] - '0');
    if (!digits)
        return 0;
    /* 14th, 1st, 22nd */
    size_t rest = t->name_end - k;
    if (rest && !(rest == 2 && nd__is_alpha((unsigned char)x->text[k])))
        return 0;
    *value = v;
    return digits;
}

static int is_year(const nd__extractor *x, size_t i, int *year)
{
    int v;
    return i < x->tokens.count && (TOK(i).flags & T_DIGITS) && parse_int(x, i, &v) == 4 && v >= 1900 && v <= 2099 &&
           (*year = v, 1);
}

static int push_date(nd__extractor *x, size_t a, size_t b, const nd__date_expr *e)
{
    if (x->dates.count >= ND__MAX_DATES)
        return ND_OK;
    /* a preposition before the expression belongs to it: "on Thursday", "in March 2011" */
    if (a > 0 && (TOK(a - 1).lex & L_PREP) && TOK(a - 1).sentence == TOK(a).sentence && (TOK(a).flags & T_SPACE) &&
        !(TOK(a - 1).lex & L_NUMBER))
        a--;
    date_work *d = nd__vec_push(&x->dates, sizeof *d);
    if (!d)
        return ND_ENOMEM;
    d->start = TOK(a).start;
    d->end = TOK(b - 1).name_end;
    d->expr = *e;
    return ND_OK;
}

/* Does the sentence of token i speak of the future before it ("will", "next")? */
static int future_sentence(const nd__extractor *x, size_t i)
{
    for (size_t k = i; k-- > 0 && TOK(k).sentence == TOK(i).sentence;)
        if (TOK(k).lex & L_FUTURE)
            return 1;
    return 0;
}

static int find_dates(nd__extractor *x)
{
    size_t n = x->tokens.count;
    for (size_t i = 0; i < n; i++) {
        token *t = &TOK(i);
        nd__date_expr e;
        memset(&e, 0, sizeof e);
        int rc = ND_OK;
        char lower[16];
        size_t ln = lower_copy(x->text, t->start, t->name_end, lower, sizeof lower);
        if ((t->lex & L_DAY) && (t->flags & T_CAP)) {
            e.kind = ND__DATE_WEEKDAY;
            e.weekday = t->lex_value;
            if (i > 0 && tok_is(x, i - 1, "last"))
                e.direction = -1;
            else if ((i > 0 && tok_is(x, i - 1, "next")) || future_sentence(x, i))
                e.direction = 1;
            rc = push_date(x, i, i + 1, &e);
        } else if ((t->lex & L_MONTH) && (t->flags & T_CAP)) {
            int day, year;
            e.month = t->lex_value;
            if (i + 1 < n && (TOK(i + 1).flags & T_SPACE) && parse_int(x, i + 1, &day) && day >= 1 && day <= 31 &&
                !is_year(x, i + 1, &year)) {
                e.day = day;
                size_t end = i + 2;
                if (is_year(x, i + 2, &year)) {
                    e.year = year;
                    e.kind = ND__DATE_ABSOLUTE;
                    end = i + 3;
                } else
                    e.kind = ND__DATE_MONTH_DAY;
                if (future_sentence(x, i))
                    e.direction = 1;
                rc = push_date(x, i, end, &e);
                i = end - 1;
            } else if (i > 0 && parse_int(x, i - 1, &day) && day >= 1 && day <= 31 && (t->flags & T_SPACE) &&
                       !(TOK(i - 1).flags & T_SENT && 0)) {
                e.day = day;
                size_t end = i + 1;
                if (is_year(x, i + 1, &year)) {
                    e.year = year;
                    e.kind = ND__DATE_ABSOLUTE;
                    end = i + 2;
                } else
                    e.kind = ND__DATE_MONTH_DAY;
                rc = push_date(x, i - 1, end, &e);
                i = end - 1;
            } else if (is_year(x, i + 1, &year)) {
                e.kind = ND__DATE_MONTH_YEAR;
                e.year = year;
                rc = push_date(x, i, i + 2, &e);
                i++;
            } else if (i > 0 && (TOK(i - 1).lex & L_PREP) && !(TOK(i - 1).flags & T_CAP && !(TOK(i - 1).flags & T_SENT))) {
                e.kind = ND__DATE_MONTH;
                if (tok_is(x, i - 1, "last"))
                    e.direction = -1;
                else if (tok_is(x, i - 1, "next") || future_sentence(x, i))
                    e.direction = 1;
                rc = push_date(x, i, i + 1, &e);
            }
        } else if ((t->flags & T_DIGITS) && ln == 10 && lower[4] == '-' && lower[7] == '-') {
            /* 2017-10-19 is one token (hyphens join words) */
            e.kind = ND__DATE_ABSOLUTE;
            e.year = atoi(lower);
            e.month = atoi(lower + 5);
            e.day = atoi(lower + 8);
            if (e.month >= 1 && e.month <= 12 && e.day >= 1 && e.day <= 31)
                rc = push_date(x, i, i + 1, &e);
        } else if (t->flags & T_DIGITS) {
            int year;
            if (is_year(x, i, &year) && i > 0 &&
                (tok_is(x, i - 1, "in") || tok_is(x, i - 1, "since") || tok_is(x, i - 1, "until") ||
                 tok_is(x, i - 1, "by") || tok_is(x, i - 1, "of"))) {
                e.kind = ND__DATE_YEAR;
                e.year = year;
                rc = push_date(x, i, i + 1, &e);
            }
        } else if (!(t->flags & T_CAP) || (t->flags & T_SENT)) {
            if (strcmp(lower, "yesterday") == 0 || strcmp(lower, "today") == 0 || strcmp(lower, "tomorrow") == 0) {
                e.kind = ND__DATE_DAYS;
                e.offset = lower[0] == 'y' ? -1 : lower[2] == 'd' ? 0 : 1;
                rc = push_date(x, i, i + 1, &e);
            } else if ((strcmp(lower, "last") == 0 || strcmp(lower, "next") == 0 || strcmp(lower, "this") == 0) &&
                       i + 1 < n && (TOK(i + 1).flags & T_SPACE)) {
                int offset = lower[0] == 'l' ? -1 : lower[0] == 'n' ? 1 : 0;
                e.offset = offset;
                if (tok_is(x, i + 1, "week"))
                    e.kind = ND__DATE_WEEKS;
                else if (tok_is(x, i + 1, "month"))
                    e.kind = ND__DATE_MONTHS;
                else if (tok_is(x, i + 1, "year"))
                    e.kind = ND__DATE_YEARS;
                else
                    continue;
                rc = push_date(x, i, i + 2, &e);
                i++;
            } else if ((t->lex & L_NUMBER) || (t->flags & T_DIGITS)) {
                /* "three days ago", "a week ago" */
                if (i + 2 < n && tok_is(x, i + 2, "ago")) {
                    int count = t->lex_value;
                    if ((t->flags & T_DIGITS) && (!parse_int(x, i, &count) || count > 400))
                        continue;
                    if (tok_is(x, i + 1, "days") || tok_is(x, i + 1, "day"))
                        e.kind = ND__DATE_DAYS;
                    else if (tok_is(x, i + 1, "weeks") || tok_is(x, i + 1, "week"))
                        e.kind = ND__DATE_WEEKS;
                    else if (tok_is(x, i + 1, "months") || tok_is(x, i + 1, "month"))
                        e.kind = ND__DATE_MONTHS;
                    else if (tok_is(x, i + 1, "years") || tok_is(x, i + 1, "year"))
                        e.kind = ND__DATE_YEARS;
                    else
                        continue;
                    e.offset = -count;
                    rc = push_date(x, i, i + 3, &e);
                    i += 2;
                }
            }
        }
        if (rc)
            return rc;
    }
    return ND_OK;
}

/* ---- quotes ---------------------------------------------------------------------------------- */
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

static int find_quotes(nd__extractor *x)
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

/* ---- cites ----------------------------------------------------------------------------------- */
typedef struct cite_work {
    int mention;
    uint32_t start, end;
} cite_work;

static int find_cites(nd__extractor *x)
{
    size_t n = x->tokens.count;
    for (size_t m = 0; m < x->mentions.count; m++) {
        mention *mm = &MEN(m);
        if (mm->type != ND_ENTITY_ORGANISATION || mm->entity < 0 || x->cites.count >= ND__MAX_CITES)
            continue;
        size_t after = (size_t)mm->last_token + 1;
        uint32_t start = 0, end = 0;
        /* "IRNA reported", "the Fars news agency said", "SANA said" */
        size_t k = after;
        while (k < n && k < after + 3 && (TOK(k).lex & L_MEDIA) && !tok_is(x, k, "reported") && !tok_is(x, k, "quoted") &&
               !tok_is(x, k, "reports") && !tok_is(x, k, "cited"))
            k++;
        if (k < n && k >= after && (tok_is(x, k, "reported") || tok_is(x, k, "said") || tok_is(x, k, "quoted") ||
                                    tok_is(x, k, "reports") || tok_is(x, k, "says") || tok_is(x, k, "cited"))) {
            start = mm->start;
            end = TOK(k).end;
        }
        /* "citing the official Syrian news agency SANA", "according to the IRIB" */
        if (!end && mm->first_token > 0) {
            int a = mm->first_token;
            for (int b = a - 1; b >= 0 && b >= a - 7 && TOK(b).sentence == TOK(a).sentence; b--) {
                if (tok_is(x, (size_t)b, "citing") ||
                    (tok_is(x, (size_t)b, "to") && b > 0 && tok_is(x, (size_t)b - 1, "according"))) {
                    start = TOK(tok_is(x, (size_t)b, "to") ? b - 1 : b).start;
                    end = mm->end;
                    break;
                }
                if (gap_has(x->text, TOK(b).end, TOK(b + 1).start, ",;"))
                    break;
            }
        }
        if (!end)
            continue;
        cite_work *c = nd__vec_push(&x->cites, sizeof *c);
        if (!c)
            return ND_ENOMEM;
        c->mention = (int)m;
        c->start = start;
        c->end = end;
    }
    return ND_OK;
}

/* ---- output ---------------------------------------------------------------------------------- */
static char *copy(nd__arena *arena, const char *text, size_t len) { return nd__arena_strndup(arena, text, len); }

/* Appends a variant unless the entity has it; counts its uses. */
static int add_variant(nd__arena *arena, const char **variants, uint32_t *counts, uint8_t *is_name, size_t *count,
                       const char *text, size_t len, int name)
{
    for (size_t i = 0; i < *count; i++)
        if (strlen(variants[i]) == len && memcmp(variants[i], text, len) == 0) {
            counts[i]++;
            return ND_OK;
        }
    if (*count >= ND__MAX_VARIANTS || len == 0 || len >= ND__MAX_NAME_BYTES)
        return ND_OK;
    char *v = copy(arena, text, len);
    if (!v)
        return ND_ENOMEM;
    variants[*count] = v;
    counts[*count] = 1;
    is_name[*count] = (uint8_t)name;
    (*count)++;
    return ND_OK;
}

/* An entity's place in the output, sorted without a context pointer (a static one would race
 * between two engines on two threads): type, then first mention, then its number. */
typedef struct entity_order {
    int type, first_mention, entity;
} entity_order;

static int compare_entity_order(const void *a, const void *b)
{
    const entity_order *x = a, *y = b;
    if (x->type != y->type)
        return x->type - y->type;
    if (x->first_mention != y->first_mention)
        return x->first_mention < y->first_mention ? -1 : 1;
    return (x->entity > y->entity) - (x->entity < y->entity);
}

static int build_output(nd__extractor *x, const char *dateline, nd__arena *arena, nd__article_facts *out)
{
    size_t ne = x->entities.count, nm = x->mentions.count;
    /* first mention and count per entity */
    for (size_t e = 0; e < ne; e++) {
        ENT(e).first_mention = -1;
        ENT(e).mention_count = 0;
    }
    for (size_t m = 0; m < nm; m++) {
        int e = MEN(m).entity;
        if (e < 0)
            continue;
        if (ENT(e).first_mention < 0)
            ENT(e).first_mention = (int)MEN(m).start;
        ENT(e).mention_count++;
    }
    /* order: people, organisations, places; each by first mention */
    int *order = nd__arena_alloc(arena, (ne + 1) * sizeof *order);
    int *rank = nd__arena_alloc(arena, (ne + 1) * sizeof *rank);
    if (!order || !rank)
        return ND_ENOMEM;
    entity_order *keys = nd__arena_alloc(arena, (ne + 1) * sizeof *keys);
    if (!keys)
        return ND_ENOMEM;
    for (size_t e = 0; e < ne; e++)
        keys[e] = (entity_order){(int)ENT(e).type, ENT(e).first_mention, (int)e};
    qsort(keys, ne, sizeof *keys, compare_entity_order);
    for (size_t e = 0; e < ne; e++)
        order[e] = keys[e].entity;
    for (size_t r = 0; r < ne; r++)
        rank[order[r]] = (int)r;
    nd_entity *entities = nd__arena_alloc(arena, (ne + 1) * sizeof *entities);
    nd__entity_info *info = nd__arena_alloc(arena, (ne + 1) * sizeof *info);
    if (!entities || !info)
        return ND_ENOMEM;
    memset(entities, 0, (ne + 1) * sizeof *entities);
    memset(info, 0, (ne + 1) * sizeof *info);
    for (size_t r = 0; r < ne; r++) {
        work_entity *we = &ENT(order[r]);
        nd_entity *e = &entities[r];
        nd__entity_info *in = &info[r];
        e->type = (nd_entity_type)we->type;
        nd_span *spans = nd__arena_alloc(arena, (we->mention_count + 1) * sizeof *spans);
        const char **variants = nd__arena_alloc(arena, ND__MAX_VARIANTS * sizeof *variants);
        in->variant_counts = nd__arena_alloc(arena, ND__MAX_VARIANTS * sizeof *in->variant_counts);
        in->variant_is_name = nd__arena_alloc(arena, ND__MAX_VARIANTS);
        if (!spans || !variants || !in->variant_counts || !in->variant_is_name)
            return ND_ENOMEM;
        size_t vc = 0, mc = 0;
        if (we->place && we->type == ND_ENTITY_PLACE) {
            /* the gazetteer's spelling when plain ASCII ("Iran" for "Iranian"), else the text's */
            int ascii = 1;
            for (const char *p = we->place->name; *p; p++)
                ascii &= (unsigned char)*p < 0x80;
            if (ascii)
                e->name = copy(arena, we->place->name, strlen(we->place->name));
            else
                e->name = copy(arena, x->text + we->name_start, we->name_end - we->name_start);
            e->country = copy(arena, we->place->country, strlen(we->place->country));
            e->has_coordinates = 1;
            e->latitude = we->place->latitude;
            e->longitude = we->place->longitude;
        } else {
            e->name = copy(arena, x->text + we->name_start, we->name_end - we->name_start);
            e->country = "";
        }
        if (!e->name || !e->country)
            return ND_ENOMEM;
        for (size_t m = 0; m < nm; m++) {
            mention *mm = &MEN(m);
            if (mm->entity != order[r])
                continue;
            spans[mc].start = mm->title_start;
            spans[mc].end = mm->end;
            mc++;
            int rc = add_variant(arena, variants, in->variant_counts, in->variant_is_name, &vc, x->text + mm->start,
                                 mm->end - mm->start, 1);
            if (!rc && mm->title_start < mm->start)
                rc = add_variant(arena, variants, in->variant_counts, in->variant_is_name, &vc, x->text + mm->title_start,
                                 mm->end - mm->title_start, 0);
            if (!rc && mm->first_title_start < mm->title_start)
                rc = add_variant(arena, variants, in->variant_counts, in->variant_is_name, &vc,
                                 x->text + mm->first_title_start, mm->end - mm->first_title_start, 0);
            if (!rc && mm->the && mm->start >= 4 && x->text[mm->start - 4] == 'T')
                rc = add_variant(arena, variants, in->variant_counts, in->variant_is_name, &vc, x->text + mm->start - 4,
                                 mm->end - mm->start + 4, 0);
            if (rc)
                return rc;
        }
        e->mentions = spans;
        e->mention_count = mc;
        e->variants = variants;
        e->variant_count = vc;
        in->key = nd__hash64(we->key, strlen(we->key), (uint64_t)we->type + 1);
        if (we->type == ND_ENTITY_PLACE && we->place)
            in->key = nd__hash64(we->place->name, strlen(we->place->name), (uint64_t)we->type + 1);
        in->surname = we->type == ND_ENTITY_PERSON ? nd__hash64(we->surname, strlen(we->surname), 7) : 0;
        in->name_words = we->words;
    }
    out->facts.entities = entities;
    out->facts.entity_count = ne;
    out->info = info;

    /* dates */
    size_t nd = x->dates.count;
    nd_date *dates = nd__arena_alloc(arena, (nd + 1) * sizeof *dates);
    nd__date_expr *exprs = nd__arena_alloc(arena, (nd + 1) * sizeof *exprs);
    if (!dates || !exprs)
        return ND_ENOMEM;
    for (size_t i = 0; i < nd; i++) {
        date_work *d = &((date_work *)x->dates.items)[i];
        dates[i].span.start = d->start;
        dates[i].span.end = d->end;
        dates[i].value = NULL;
        dates[i].precision = ND_DATE_DAY;
        exprs[i] = d->expr;
        if (!out->text_date[0] && d->expr.kind == ND__DATE_ABSOLUTE && d->start < 400)
        {
            char buf[32];
            snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->expr.year % 10000, d->expr.month % 100, d->expr.day % 100);
            memcpy(out->text_date, buf, 10);
            out->text_date[10] = '\0';
        }
    }
    out->facts.dates = dates;
    out->facts.date_count = nd;
    out->date_exprs = exprs;

    /* quotes, in text order */
    size_t nq = x->quotes.count;
    quote_work *qw = x->quotes.items;
    for (size_t i = 1; i < nq; i++)
        for (size_t j = i; j > 0 && qw[j - 1].text_start > qw[j].text_start; j--) {
            quote_work t = qw[j];
            qw[j] = qw[j - 1];
            qw[j - 1] = t;
        }
    nd_quote *quotes = nd__arena_alloc(arena, (nq + 1) * sizeof *quotes);
    if (!quotes)
        return ND_ENOMEM;
    for (size_t i = 0; i < nq; i++) {
        quote_work *q = &qw[i];
        nd_quote *o = &quotes[i];
        o->span.start = q->text_start;
        o->span.end = q->close2 ? q->end2 : q->text_end;
        size_t first_len = q->text_end - q->text_start, second_len = q->close2 ? q->end2 - q->start2 : 0;
        char *words = nd__arena_alloc(arena, first_len + second_len + 2);
        if (!words)
            return ND_ENOMEM;
        memcpy(words, x->text + q->text_start, first_len);
        if (q->close2) {
            words[first_len] = ' ';
            memcpy(words + first_len + 1, x->text + q->start2, second_len);
            first_len += 1 + second_len;
        }
        words[first_len] = '\0';
        o->text = words;
        o->direct = q->direct;
        o->speaker = q->speaker_mention >= 0 && MEN(q->speaker_mention).entity >= 0
                         ? rank[MEN(q->speaker_mention).entity]
                         : -1;
        o->speaker_text = "";
        if (o->speaker < 0 && q->text_speaker_end > q->text_speaker_start) {
            o->speaker_text = copy(arena, x->text + q->text_speaker_start, q->text_speaker_end - q->text_speaker_start);
            if (!o->speaker_text)
                return ND_ENOMEM;
        }
        o->speaker_span.start = q->speaker_start;
        o->speaker_span.end = q->speaker_end;
    }
    out->facts.quotes = quotes;
    out->facts.quote_count = nq;

    size_t nc = x->cites.count;
    nd_cite *cites = nd__arena_alloc(arena, (nc + 1) * sizeof *cites);
    if (!cites)
        return ND_ENOMEM;
    for (size_t i = 0; i < nc; i++) {
        cite_work *c = &((cite_work *)x->cites.items)[i];
        cites[i].source = rank[MEN(c->mention).entity];
        cites[i].span.start = c->start;
        cites[i].span.end = c->end;
    }
    out->facts.cites = cites;
    out->facts.cite_count = nc;

    /* where: a city after "in"/"at" in the lead, else the dateline, else the lead's first city,
     * else its first country */
    out->facts.where = -1;
    out->facts.where_source = NULL;
    long dateline_place = -1, first_city = -1, first_country = -1;
    uint32_t lead_sentences = 6;
    for (size_t m = 0; m < nm; m++) {
        mention *mm = &MEN(m);
        if (mm->type != ND_ENTITY_PLACE || mm->entity < 0 || TOK(mm->first_token).sentence >= lead_sentences)
            continue;
        long r = rank[mm->entity];
        /* only a city the text places (country named, "in", dateline) says where it happened */
        int is_city = mm->place && mm->place->kind == ND__PLACE_CITY && mm->city_cue;
        if (mm->first_token == 0 && (TOK(0).flags & T_ALLCAPS || (dateline && dateline[0]))) {
            dateline_place = r;
            continue;
        }
        if (is_city && mm->first_token > 0 &&
            (tok_is(x, (size_t)mm->first_token - 1, "in") || tok_is(x, (size_t)mm->first_token - 1, "at")) &&
            out->facts.where < 0) {
            out->facts.where = r;
            out->facts.where_source = "lead";
        }
        if (is_city && first_city < 0)
            first_city = r;
        if (!is_city && first_country < 0 && mm->place && mm->place->kind == ND__PLACE_COUNTRY)
            first_country = r;
    }
    if (out->facts.where < 0 && dateline_place >= 0) {
        out->facts.where = dateline_place;
        out->facts.where_source = "dateline";
    } else if (out->facts.where < 0 && (first_city >= 0 || first_country >= 0)) {
        out->facts.where = first_city >= 0 ? first_city : first_country;
        out->facts.where_source = "lead";
    }
    return ND_OK;
}

int nd__extract_text(nd__extractor *x, const char *body, size_t len, const char *dateline, nd__arena *arena,
                     nd__article_facts *out)
{
    x->text = body;
    x->len = len;
    x->mentions.count = x->entities.count = x->quotes.count = x->dates.count = x->cites.count = 0;
    int rc = tokenize(x);
    if (rc)
        return rc;
    size_t n = x->tokens.count;
    /* runs of capitalised words (titles may hold lower-case words: "Chief of Staff") */
    for (size_t i = 0; i < n;) {
        if (TOK(i).flags & T_HYPHEN && (rc = hyphen_place(x, i)))
            return rc;
        int title = match_title(x, i);
        if (!title && !nameish(x, i)) {
            i++;
            continue;
        }
        size_t a = i;
        i += title ? (size_t)title : 1;
        while (i < n && (TOK(i).flags & T_SPACE) && TOK(i).sentence == TOK(a).sentence &&
               TOK(i - 1).name_end == TOK(i - 1).end) { /* "Iran’s Armed Forces": two names */
            int t = match_title(x, i);
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
    if ((rc = tag_tokens(x)) || (rc = resolve_mentions(x)) || (rc = find_dates(x)) || (rc = find_quotes(x)))
        return rc;
    shape_quotes(x);
    size_t direct = x->quotes.count;
    for (size_t q = 0; q < direct; q++)
        attribute_quote(x, &((quote_work *)x->quotes.items)[q]);
    if ((rc = find_reported(x)) || (rc = find_cites(x)))
        return rc;
    out->facts.dateline = dateline ? dateline : "";
    return build_output(x, dateline, arena, out);
}

/* ---- memory (engine.c's nd_engine_memory) ----------------------------------------------------- */
size_t nd__extractor_bytes(const nd__extractor *x)
{
    if (!x)
        return 0;
    size_t bytes = nd__malloc_bytes(sizeof *x);
    const nd__vec *vecs[] = {&x->tokens, &x->mentions, &x->entities, &x->quotes, &x->dates, &x->date_exprs,
                             &x->cites, &x->ner_tokens, &x->tags, &x->token_mention, &x->spans};
    for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++)
        bytes += nd__vec_bytes(vecs[i]);
    const nd__tagger_scratch *t = &x->tagger;
    bytes += nd__malloc_bytes(t->seen_room * sizeof *t->seen);
    bytes += 2 * nd__malloc_bytes(t->word_cap * sizeof *t->word) + nd__malloc_bytes(t->word_cap * sizeof *t->gap);
    return bytes;
}
