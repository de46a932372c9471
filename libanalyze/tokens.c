/* tokens.c - tokenising and masking short texts; see tokens.h. */
#include "tokens.h"

#include <string.h>

/* ---------- byte classes ---------- */

enum {
	C_SEP = 1,	/* separates tokens */
	C_WORD = 2,	/* A-Z a-z 0-9 _ and >= 0x80 */
	C_DIGIT = 4,
	C_ALPHA = 8,	/* A-Z a-z */
	C_HEX = 16,	/* 0-9 a-f A-F */
	C_LOCAL = 32,	/* an e-mail's local part: A-Za-z0-9._%+- */
	C_SCHEME = 64,	/* a URL scheme after its first letter: A-Za-z0-9+.- */
	C_URLX = 128	/* ends a URL: separators and "'<>()[]{} */
};

/* made from the definitions above: C_SEP for 0x00-0x20 and 0x7f, C_URLX
   for those and "'<>()[]{}, and so on */
static const unsigned char cls[256] = {
	129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129,
	129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129, 129,
	129,   0, 128,   0,   0,  32,   0, 128, 128, 128,   0,  96,   0,  96,  96,   0,
	118, 118, 118, 118, 118, 118, 118, 118, 118, 118,   0,   0, 128,   0, 128,   0,
	  0, 122, 122, 122, 122, 122, 122, 106, 106, 106, 106, 106, 106, 106, 106, 106,
	106, 106, 106, 106, 106, 106, 106, 106, 106, 106, 106, 128,   0, 128,   0,  34,
	  0, 122, 122, 122, 122, 122, 122, 106, 106, 106, 106, 106, 106, 106, 106, 106,
	106, 106, 106, 106, 106, 106, 106, 106, 106, 106, 106, 128,   0, 128,   0, 129,
	  2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,
	  2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,
	  2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,
	  2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,
	  2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,
	  2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,
	  2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,
	  2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,   2,
};

#define IS(c, k) (cls[(unsigned char)(c)] & (k))

/* the scanner: s[0 .. n) and two marks that keep failed tries linear */
struct scan {
	const char *s;
	size_t n;
	size_t no_url, no_email;	/* starts before these cannot match */
};

static int at(const struct scan *sc, size_t i, int k)
{
	return i < sc->n && IS(sc->s[i], k);
}

static int is_ch(const struct scan *sc, size_t i, char c)
{
	return i < sc->n && sc->s[i] == c;
}

/* the end of the run of digits at i */
static size_t digits(const struct scan *sc, size_t i)
{
	while (i < sc->n && IS(sc->s[i], C_DIGIT))
		i++;
	return i;
}

/* exactly k digits at i: i + k, else 0 */
static size_t ndigits(const struct scan *sc, size_t i, size_t k)
{
	size_t e = i + k;

	if (e > sc->n || e < i)
		return 0;
	for (; i < e; i++)
		if (!IS(sc->s[i], C_DIGIT))
			return 0;
	return e;
}

/* IP and DATE: not followed by a word byte, nor by . or - and a word byte */
static int free_end(const struct scan *sc, size_t e)
{
	if (at(sc, e, C_WORD))
		return 0;
	if ((is_ch(sc, e, '.') || is_ch(sc, e, '-')) && at(sc, e + 1, C_WORD))
		return 0;
	return 1;
}

/* ---------- the tries: each returns the token's end, or 0 ---------- */

static size_t try_url(struct scan *sc, size_t i)
{
	size_t j = i + 1, e;

	if (i < sc->no_url)
		return 0;
	while (at(sc, j, C_SCHEME))
		j++;
	/* every start in i .. j fails or succeeds alike from here */
	if (j + 3 < sc->n && !memcmp(sc->s + j, "://", 3) && !IS(sc->s[j + 3], C_URLX)) {
		for (e = j + 3; e < sc->n && !IS(sc->s[e], C_URLX); e++)
			;
		return e;
	}
	sc->no_url = j;
	return 0;
}

static size_t try_email(struct scan *sc, size_t i)
{
	size_t j = i, e, labels = 0;

	if (i < sc->no_email)
		return 0;
	while (at(sc, j, C_LOCAL))
		j++;
	if (j > i && is_ch(sc, j, '@')) {
		e = j + 1;
		for (;;) {
			size_t k = e;

			while (k < sc->n && (IS(sc->s[k], C_ALPHA | C_DIGIT) || sc->s[k] == '-'))
				k++;
			if (k == e)
				break;
			labels++;
			e = k;
			if (!(is_ch(sc, e, '.') && e + 1 < sc->n &&
			      (IS(sc->s[e + 1], C_ALPHA | C_DIGIT) || sc->s[e + 1] == '-')))
				break;
			e++;
		}
		if (labels >= 2)
			return e;
	}
	/* the local part of every start in i .. j ends at j too */
	sc->no_email = j > i ? j : i + 1;
	return 0;
}

/* a group of 1 .. max digits at i, the whole run: its end, else 0 */
static size_t group(const struct scan *sc, size_t i, size_t max)
{
	size_t e = digits(sc, i);

	return e > i && e - i <= max ? e : 0;
}

static size_t try_ip(const struct scan *sc, size_t i)
{
	size_t e, p;
	int k;

	if (is_ch(sc, i, '/'))
		i++;
	if (!(e = group(sc, i, 3)))
		return 0;
	for (k = 0; k < 3; k++)
		if (!is_ch(sc, e, '.') || !(e = group(sc, e + 1, 3)))
			return 0;
	if (is_ch(sc, e, ':') && (p = group(sc, e + 1, 5)) && free_end(sc, p))
		return p;
	return free_end(sc, e) ? e : 0;
}

/* the ends of \d{1,2}:\d\d(:\d\d([.,]\d+)?)? at i (hh: two digits) into
   ends[3], longest first, as a regex backtracks; their number */
static size_t clock_ends(const struct scan *sc, size_t i, int hh, size_t ends[3])
{
	size_t h = group(sc, i, 2), e, f, g, ne = 0;

	if (!h || (hh && h - i != 2) || !is_ch(sc, h, ':') || !(e = ndigits(sc, h + 1, 2)))
		return 0;
	if (is_ch(sc, e, ':') && (f = ndigits(sc, e + 1, 2))) {
		if ((is_ch(sc, f, '.') || is_ch(sc, f, ',')) && (g = digits(sc, f + 1)) > f + 1)
			ends[ne++] = g;
		ends[ne++] = f;
	}
	ends[ne++] = e;
	return ne;
}

static size_t try_date(const struct scan *sc, size_t i)
{
	size_t e, z, m, ends[3], ne, k;

	if (!(e = ndigits(sc, i, 4)) || !is_ch(sc, e, '-') || !(e = ndigits(sc, e + 1, 2)) ||
	    !is_ch(sc, e, '-') || !(e = ndigits(sc, e + 1, 2)))
		return 0;
	ne = is_ch(sc, e, 'T') ? clock_ends(sc, e + 1, 1, ends) : 0;
	for (k = 0; k < ne; k++) {
		size_t f = ends[k];

		z = 0;
		if (is_ch(sc, f, 'Z'))
			z = f + 1;
		else if ((is_ch(sc, f, '+') || is_ch(sc, f, '-')) && (m = ndigits(sc, f + 1, 2)))
			z = ndigits(sc, is_ch(sc, m, ':') ? m + 1 : m, 2);
		if (z && free_end(sc, z))
			return z;
		if (free_end(sc, f))
			return f;
	}
	return free_end(sc, e) ? e : 0;
}

static int lower_is(const struct scan *sc, size_t i, char c)
{
	return i < sc->n && (sc->s[i] | 0x20) == c;
}

/* an optional space, then am pm a.m. p.m. (any case; a.m without its
   last dot too) at i: the longest end, or 0; *alt: a shorter one, or 0 */
static size_t ampm(const struct scan *sc, size_t i, size_t *alt)
{
	*alt = 0;
	if (is_ch(sc, i, ' '))
		i++;
	if (!lower_is(sc, i, 'a') && !lower_is(sc, i, 'p'))
		return 0;
	if (lower_is(sc, i + 1, 'm'))
		return i + 2;
	if (!is_ch(sc, i + 1, '.') || !lower_is(sc, i + 2, 'm'))
		return 0;
	if (!is_ch(sc, i + 3, '.'))
		return i + 3;
	*alt = i + 3;
	return i + 4;
}

static int time_end(const struct scan *sc, size_t e)
{
	if (at(sc, e, C_WORD))
		return 0;
	if ((is_ch(sc, e, '.') || is_ch(sc, e, ':')) && at(sc, e + 1, C_DIGIT))
		return 0;
	return 1;
}

static size_t try_time(const struct scan *sc, size_t i)
{
	size_t ends[3], ne = clock_ends(sc, i, 0, ends), k, f, alt;

	/* the regex's backtracking order: longest first, with am/pm first */
	for (k = 0; k < ne; k++) {
		if ((f = ampm(sc, ends[k], &alt)) && time_end(sc, f))
			return f;
		if (alt && time_end(sc, alt))
			return alt;
		if (time_end(sc, ends[k]))
			return ends[k];
	}
	return 0;
}

/* a currency sign at i: its end, else 0 */
static size_t money_sign(const struct scan *sc, size_t i)
{
	const unsigned char *p = (const unsigned char *)sc->s + i;
	size_t left = i < sc->n ? sc->n - i : 0;

	if (left >= 1 && p[0] == '$')
		return i + 1;
	if (left >= 2 && p[0] == 0xc2 && (p[1] == 0xa3 || p[1] == 0xa5))	/* £ ¥ */
		return i + 2;
	if (left >= 3 && p[0] == 0xe2 && p[1] == 0x82 && (p[2] == 0xac || p[2] == 0xb9)) /* € ₹ */
		return i + 3;
	return 0;
}

/* \d+([.,]\d+)* at i: its end, else 0 */
static size_t number(const struct scan *sc, size_t i)
{
	size_t e = digits(sc, i), f;

	if (e == i)
		return 0;
	while ((is_ch(sc, e, '.') || is_ch(sc, e, ',')) && (f = digits(sc, e + 1)) > e + 1)
		e = f;
	return e;
}

static size_t try_money(const struct scan *sc, size_t i)
{
	size_t e, f;

	if ((e = money_sign(sc, i))) {
		if (is_ch(sc, e, ' '))
			e++;
		return number(sc, e);
	}
	if (!(e = number(sc, i)))
		return 0;
	if (is_ch(sc, e, ' '))
		e++;
	if ((f = money_sign(sc, e)) && !at(sc, f, C_DIGIT))
		return f;
	return 0;
}

static size_t try_word(const struct scan *sc, size_t i)
{
	const char *s = sc->s;
	size_t n = sc->n, e = i;

	if (s[i] && strchr("/~#$@+-", s[i]) && at(sc, i + 1, C_WORD))
		e++;
	if (!at(sc, e, C_WORD))
		return 0;
	while (e < n) {
		unsigned char c = (unsigned char)s[e];

		if (IS(c, C_WORD)) {
			e++;
		} else if (c == '%' && IS(s[e - 1], C_DIGIT)) {
			e++;	/* 87%, and 50%off goes on */
		} else if (c && strchr(".-/@+~'_%", c) && at(sc, e + 1, C_WORD)) {
			e += 2;
		} else if (c == ',' && IS(s[e - 1], C_DIGIT) && at(sc, e + 1, C_DIGIT)) {
			e += 2;
		} else {
			break;
		}
	}
	return e;
}

/* ---------- masks of a word ---------- */

/* [#$+-]? or [+-]? at p: past it */
static const char *sign(const char *p, const char *end, int hash_dollar)
{
	if (p < end && (*p == '+' || *p == '-' || (hash_dollar && (*p == '#' || *p == '$'))))
		p++;
	return p;
}

static const char *dig(const char *p, const char *end)
{
	while (p < end && IS(*p, C_DIGIT))
		p++;
	return p;
}

/* [#$+-]?\d{1,3}([.,]\d{3})+([.,]\d+)?  or, grouped == 0,  [#$+-]?\d+([.,]\d+)* */
static int is_num(const char *p, const char *end, int grouped)
{
	const char *q = dig(p = sign(p, end, 1), end);
	size_t last = 0, runs = 0;

	if (q == p || (grouped && q - p > 3))
		return 0;
	while (q < end) {
		if ((*q != '.' && *q != ',') || (p = dig(q + 1, end)) == q + 1)
			return 0;
		if (grouped && last && last != 3)
			return 0;	/* only the last group may be other than 3 */
		last = (size_t)(p - q - 1);
		runs++;
		q = p;
	}
	if (!grouped)
		return 1;
	return runs && (last == 3 || runs >= 2);
}

/* [vV]?\d+(\.\d+){min,}[a-z]? (v required when need_v) */
static int is_ver(const char *p, const char *end, int need_v, int min)
{
	const char *q;
	int dots = 0;

	if (p < end && (*p == 'v' || *p == 'V'))
		p++;
	else if (need_v)
		return 0;
	if ((q = dig(p, end)) == p)
		return 0;
	while (q < end && *q == '.' && (p = dig(q + 1, end)) > q + 1) {
		dots++;
		q = p;
	}
	if (q < end && *q >= 'a' && *q <= 'z')
		q++;
	return q == end && dots >= min;
}

/* [+-]?\d+([.,]\d+)?% */
static int is_pct(const char *p, const char *end)
{
	const char *q = dig(p = sign(p, end, 0), end);

	if (q == p)
		return 0;
	if (q < end && (*q == '.' || *q == ',') && (p = dig(q + 1, end)) > q + 1)
		q = p;
	return q + 1 == end && *q == '%';
}

static int classify(const char *p, size_t len)
{
	const char *end = p + len, *q;
	size_t nd = 0, nx = 0, na = 0, slashes = 0;

	for (q = p; q < end; q++) {
		unsigned char k = cls[(unsigned char)*q];

		nd += !!(k & C_DIGIT);
		nx += !!(k & C_HEX);
		na += (k & (C_HEX | C_DIGIT)) == C_HEX;
		slashes += *q == '/';
	}
	if (nd) {
		if (len > 2 && p[0] == '0' && (p[1] | 0x20) == 'x' && nx == len - 1)
			return TIX_TOK_HEX;
		if (len >= 8 && nx == len && na)
			return TIX_TOK_HEX;
		if (is_num(p, end, 1))
			return TIX_TOK_NUM;
		if (is_ver(p, end, 0, 2))
			return TIX_TOK_VER;
		if (is_num(p, end, 0))
			return TIX_TOK_NUM;
		if (is_pct(p, end))
			return TIX_TOK_PCT;
		if (is_ver(p, end, 1, 1))
			return TIX_TOK_VER;
	}
	if (len >= 2 && p[0] == '@' && (IS(p[1], C_ALPHA) || p[1] == '_')) {
		for (q = p + 2; q < end && (IS(*q, C_WORD) || *q == '.'); q++)
			;
		if (q == end)
			return TIX_TOK_HANDLE;
	}
	if (slashes >= 2 || (slashes && p[0] == '/' && nd) ||
	    (len > 2 && p[0] == '.' && p[1] == '/'))
		return TIX_TOK_PATH;
	return nd >= 2 ? TIX_TOK_ID : TIX_TOK_WORD;
}

/* ---------- the post-rules: three stages, one token held in each ---------- */

static const char codes[][4] = {
	"usd", "eur", "gbp", "jpy", "cny", "inr", "idr", "rp", "rm", "myr", "sgd", "aud", "cad",
	"nzd", "chf", "hkd", "brl", "mxn", "php", "thb", "vnd", "krw", "rub", "zar", "sek",
	"nok", "dkk", "pln"
};

static int is_code(const char *s, const struct tix_token *t)
{
	char w[4] = { 0 };
	size_t i;

	if (t->kind != TIX_TOK_WORD || t->len < 2 || t->len > 3)
		return 0;
	for (i = 0; i < t->len; i++) {
		if (!IS(s[t->off + i], C_ALPHA))
			return 0;
		w[i] = (char)(s[t->off + i] | 0x20);
	}
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!memcmp(w, codes[i], 4))
			return 1;
	return 0;
}

static int is_amount(const struct tix_token *t)
{
	return t->kind == TIX_TOK_NUM || t->kind == TIX_TOK_MONEY;
}

struct out {
	const char *s;
	struct tix_token *t;
	size_t max, count;
	int full;		/* a token did not fit */
	struct tix_token p1, p2;	/* held by stages 1 and 2 */
	int has1, has2;
};

static void join(struct tix_token *a, const struct tix_token *b, int kind)
{
	a->len = b->off + b->len - a->off;
	a->kind = kind;
}

/* stage 3: runs of one mask */
static void stage3(struct out *o, const struct tix_token *x)
{
	struct tix_token *last = o->count ? &o->t[o->count - 1] : NULL;

	if (last && last->kind == x->kind && x->kind != TIX_TOK_WORD && x->kind != TIX_TOK_PUNCT)
		join(last, x, x->kind);
	else if (o->count < o->max)
		o->t[o->count++] = *x;
	else
		o->full = 1;
}

/* stage 2: currency codes */
static void stage2(struct out *o, const struct tix_token *x)
{
	if (o->has2 && ((is_amount(&o->p2) && is_code(o->s, x)) ||
			(is_amount(x) && is_code(o->s, &o->p2)))) {
		join(&o->p2, x, TIX_TOK_MONEY);
		return;
	}
	if (o->has2)
		stage3(o, &o->p2);
	o->p2 = *x;
	o->has2 = 1;
}

/* stage 1: NUM % */
static void stage1(struct out *o, const struct tix_token *x)
{
	if (o->has1 && o->p1.kind == TIX_TOK_NUM && x->kind == TIX_TOK_PUNCT &&
	    o->s[x->off] == '%') {
		join(&o->p1, x, TIX_TOK_PCT);
		return;
	}
	if (o->has1)
		stage2(o, &o->p1);
	o->p1 = *x;
	o->has1 = 1;
}

size_t tix_tokenize(const char *s, size_t n, struct tix_token *t, size_t max, int *truncated)
{
	struct scan sc = { s, n, 0, 0 };
	struct out o = { s, t, max, 0, 0, { 0, 0, 0 }, { 0, 0, 0 }, 0, 0 };
	size_t i = 0, e;

	while (!o.full) {
		struct tix_token x;
		unsigned char c;

		while (i < n && IS(s[i], C_SEP))
			i++;
		if (i >= n)
			break;
		c = (unsigned char)s[i];
		x.kind = TIX_TOK_WORD;
		e = 0;
		if (IS(c, C_ALPHA) && (e = try_url(&sc, i)))
			x.kind = TIX_TOK_URL;
		else if (IS(c, C_LOCAL) && (e = try_email(&sc, i)))
			x.kind = TIX_TOK_EMAIL;
		else if ((IS(c, C_DIGIT) || c == '/') && (e = try_ip(&sc, i)))
			x.kind = TIX_TOK_IP;
		else if (IS(c, C_DIGIT) && (e = try_date(&sc, i)))
			x.kind = TIX_TOK_DATE;
		else if (IS(c, C_DIGIT) && (e = try_time(&sc, i)))
			x.kind = TIX_TOK_TIME;
		else if ((IS(c, C_DIGIT) || c == '$' || c == 0xc2 || c == 0xe2) &&
			 (e = try_money(&sc, i)))
			x.kind = TIX_TOK_MONEY;
		else if ((e = try_word(&sc, i)))
			x.kind = classify(s + i, e - i);
		else {
			e = i + 1;
			x.kind = TIX_TOK_PUNCT;
		}
		x.off = i;
		x.len = e - i;
		i = e;
		stage1(&o, &x);
	}
	if (!o.full && o.has1)
		stage2(&o, &o.p1);
	if (!o.full && o.has2)
		stage3(&o, &o.p2);
	if (truncated)
		*truncated = o.full;
	return o.count;
}

/* ---------- template text ---------- */

static const char *const mask_names[TIX_TOK_NKINDS] = {
	[TIX_TOK_URL] = "<URL>", [TIX_TOK_EMAIL] = "<EMAIL>", [TIX_TOK_IP] = "<IP>",
	[TIX_TOK_DATE] = "<DATE>", [TIX_TOK_TIME] = "<TIME>", [TIX_TOK_MONEY] = "<MONEY>",
	[TIX_TOK_HEX] = "<HEX>", [TIX_TOK_NUM] = "<NUM>", [TIX_TOK_VER] = "<VER>",
	[TIX_TOK_PCT] = "<PCT>", [TIX_TOK_HANDLE] = "<HANDLE>", [TIX_TOK_PATH] = "<PATH>",
	[TIX_TOK_ID] = "<ID>",
};

const char *tix_tok_mask_name(int kind)
{
	return kind >= 0 && kind < TIX_TOK_NKINDS ? mask_names[kind] : NULL;
}

const char *tix_token_text(const char *s, const struct tix_token *t, char *buf, size_t cap,
			   size_t *len)
{
	const char *name = tix_tok_mask_name(t->kind), *p = s + t->off;
	size_t i;

	if (name) {
		*len = strlen(name);
		return name;
	}
	*len = t->len;
	for (i = 0; i < t->len && !(p[i] >= 'A' && p[i] <= 'Z'); i++)
		;
	if (i == t->len)
		return p;
	if (t->len > cap)
		return NULL;
	memcpy(buf, p, i);
	for (; i < t->len; i++)
		buf[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + ('a' - 'A') : p[i]);
	return buf;
}
