/*
 * test_campaign.c - campaigns of near-identical long texts, written from
 * campaign.h: planted waves among unrelated texts with their members known
 * in advance, the requester, size, length and window rules worked out by
 * hand, random groups cut by time checked against a brute-force reading
 * of the header's window rule, the similarity estimate against exact
 * Jaccard similarities, bad options, bad bytes, and determinism (the same
 * answer twice, and in any input order).  tix_campaigns is tix_camp_add
 * of each text, then tix_camp_find; every run also feeds the texts to
 * tix_camp_add from copies freed as soon as they are added, and wants the
 * same answer; and the streaming calls' errors, and the memory a
 * tix_camp holds per text (measured with the allocator's own counts).
 *
 * Every random text and time comes from a seeded splitmix64 below (never
 * rand()), so each run sees the same input on every platform.  Seeds are
 * fixed up front, not picked to make a check pass.  Every text is copied
 * into a block of exactly its length, so the sanitizers catch a read past
 * it.  Nothing here times anything.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "tix.h"
#include "unit.h"

/* the allocator's count of bytes in use, or none (0) */
#ifdef __SANITIZE_ADDRESS__
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif
#ifdef ASAN
size_t __sanitizer_get_current_allocated_bytes(void);	/* the ASan runtime's */
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define MALLINFO2 1
#endif

static size_t heap_bytes(void)
{
#if defined(ASAN)
	return __sanitizer_get_current_allocated_bytes();
#elif defined(MALLINFO2)
	struct mallinfo2 m = mallinfo2();

	return m.uordblks + m.hblkhd;
#else
	return 0;
#endif
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define DAY INT64_C(86400)
#define T0 INT64_C(1700000000)	/* 2023-11-14, any fixed time */
#define NONE TIX_CAMP_NONE

static char err[TIX_ERRSZ];

/* ---------- a seeded generator ---------- */

static uint64_t rng_state;

/* splitmix64's output function: a bijective 64-bit mixer. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(uint64_t seed)
{
	rng_state = mix64(seed + 0x632be59bd9b4e019ULL);
}

static uint64_t rng_next(void)
{
	return mix64(rng_state += 0x9e3779b97f4a7c15ULL);
}

static uint64_t rng_below(uint64_t n)
{
	return rng_next() % n;
}

/* ---------- texts ---------- */

#define NVOCAB 3000

static char vocab[NVOCAB][16];

/* Made-up lowercase words of 2 to 4 syllables and a letter: plain WORD
   tokens (no digits, never a currency code), almost all distinct. */
static void make_vocab(void)
{
	static const char cons[] = "bdfgklmnprstvz", vow[] = "aeiou";
	size_t i, k, n, o;

	rng_seed(99);
	for (i = 0; i < NVOCAB; i++) {
		n = 2 + (size_t)rng_below(3);
		for (k = 0, o = 0; k < n; k++) {
			vocab[i][o++] = cons[rng_below(sizeof(cons) - 1)];
			vocab[i][o++] = vow[rng_below(sizeof(vow) - 1)];
		}
		vocab[i][o++] = (char)('a' + i % 26);
		vocab[i][o] = '\0';
		/* all distinct, so word numbers stand for words */
		for (k = 0; k < i; k++)
			if (!strcmp(vocab[k], vocab[i]))
				break;
		if (k < i)
			i--;
	}
}

/* nwords random vocabulary words joined by single spaces into buf; the
   words' numbers into w (when not NULL).  Returns the length. */
static size_t random_words(char *buf, size_t cap, size_t nwords, size_t *w)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < nwords; i++) {
		size_t k = (size_t)rng_below(NVOCAB);

		if (w)
			w[i] = k;
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? " " : "", vocab[k]);
	}
	return o;
}

static size_t words_of(char *buf, size_t cap, const size_t *w, size_t n)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? " " : "", vocab[w[i]]);
	return o;
}

static const char *const names[] = {
	"Maria", "Ahmed", "Chen", "Olga", "Pedro", "Aisha", "Kenji", "Fatima", "Lars", "Priya",
};

/* A copy of a complaint (72 words, 70 shingles): the name differs (one
   word), and the order number, amount, handle, e-mail and link, which the
   tokeniser masks. */
static size_t complaint(char *buf, size_t cap, size_t i)
{
	return (size_t)snprintf(buf, cap,
		"Hello support team, my name is %s and I am writing again about order "
		"%u which was charged twice on my card for $%u.%02u. Your agent "
		"@agent_%u promised a full refund within five business days but "
		"nothing has arrived and nobody answers my emails at user%u@mail.example.com. "
		"I have screenshots at https://img.example.net/a/%x and I will report "
		"this to my bank and the consumer protection office if the money is not "
		"returned this week.", names[i % NELEM(names)],
		(unsigned)rng_below(900000) + 100000, (unsigned)rng_below(900) + 10,
		(unsigned)rng_below(100), (unsigned)rng_below(1000), (unsigned)rng_below(100000),
		(unsigned)rng_next());
}

/* Another wave: the same first 13 words, then a different story. */
static size_t scam(char *buf, size_t cap, size_t i)
{
	return (size_t)snprintf(buf, cap,
		"Hello support team, my name is %s and I am writing again about "
		"the scam messages I keep receiving from an account called @support_%u "
		"that pretends to be your company and asks for my password and a "
		"payment of %u USD to unlock my account. Please block it, I already "
		"sent the details to help%u@mail.example.org and posted them at "
		"http://pics.example.com/%u yesterday, together with every screenshot I "
		"could find on my phone.", names[i % NELEM(names)], (unsigned)rng_below(1000),
		(unsigned)rng_below(500) + 20, (unsigned)rng_below(1000),
		(unsigned)rng_below(100000));
}

/* ---------- a corpus: docs whose texts are blocks of exactly their length ---------- */

struct corpus {
	struct tix_camp_doc *d;
	size_t n, cap;
};

static void add(struct corpus *c, const char *text, size_t len, int64_t time, uint32_t req)
{
	char *t = NULL;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->d = realloc(c->d, c->cap * sizeof(*c->d));
		if (!c->d)
			abort();
	}
	if (text) {
		if (!(t = malloc(len ? len : 1)))
			abort();
		memcpy(t, text, len);
	}
	c->d[c->n].text = t;
	c->d[c->n].len = len;
	c->d[c->n].time = time;
	c->d[c->n].requester = req;
	c->n++;
}

static void corpus_free(struct corpus *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free((void *)c->d[i].text);
	free(c->d);
	memset(c, 0, sizeof(*c));
}

/* n unrelated texts of 30 to 120 random words over 30 days */
static void add_noise(struct corpus *c, size_t n)
{
	char buf[2048];
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = random_words(buf, sizeof(buf), 30 + (size_t)rng_below(91), NULL);
		add(c, buf, len, T0 + (int64_t)rng_below(30 * DAY), (uint32_t)rng_below(1000));
	}
}

/* ---------- running, and what every result must satisfy ---------- */

static struct tix_camp_opts defaults(void)
{
	struct tix_camp_opts o;

	tix_camp_defaults(&o);
	return o;
}

/* Everything the header promises of any result: members in (time, index)
   order, the example first, first and last, the requesters counted, the
   thresholds and the window met, no text in two campaigns, the list's
   order, group numbers in order of appearance, and campaigns of one group
   not overlapping in time.  Returns the number of broken promises. */
static int check_result(const struct corpus *c, const struct tix_camp_opts *o,
			const struct tix_campaign *v, size_t nv)
{
	unsigned char *seen = calloc(c->n ? c->n : 1, 1);
	uint32_t *req = malloc((c->n ? c->n : 1) * sizeof(*req));
	size_t i, j, k, groups = 0, bad = 0;

	if (!seen || !req)
		abort();
	for (i = 0; i < nv; i++) {
		const struct tix_campaign *x = &v[i];
		size_t nreq = 0;

		if (x->n < o->min_size || x->requesters < o->min_requesters)
			bad++;
		if (x->example != x->members[0] || x->first != c->d[x->members[0]].time ||
		    x->last != c->d[x->members[x->n - 1]].time ||
		    (uint64_t)x->last - (uint64_t)x->first > (uint64_t)o->window)
			bad++;
		if (!(x->similarity >= 0 && x->similarity <= 1))
			bad++;
		for (j = 0; j < x->n; j++) {
			size_t m = x->members[j];

			if (m >= c->n || seen[m]++) {
				bad++;
				continue;
			}
			if (j && (c->d[m].time < c->d[x->members[j - 1]].time ||
				  (c->d[m].time == c->d[x->members[j - 1]].time &&
				   m <= x->members[j - 1])))
				bad++;
			if (c->d[m].requester == NONE)
				continue;
			for (k = 0; k < nreq && req[k] != c->d[m].requester; k++)
				;
			if (k == nreq)
				req[nreq++] = c->d[m].requester;
		}
		if (nreq != x->requesters)
			bad++;
		if (x->group > groups)
			bad++;
		if (x->group == groups)
			groups++;
		if (i && (v[i - 1].requesters < x->requesters ||
			  (v[i - 1].requesters == x->requesters &&
			   (v[i - 1].n < x->n || (v[i - 1].n == x->n && v[i - 1].first > x->first)))))
			bad++;
		for (j = 0; j < i; j++)
			if (v[j].group == x->group && !(v[j].last < x->first || x->last < v[j].first))
				bad++;
	}
	free(seen);
	free(req);
	return (int)bad;
}

static int same_result(const struct tix_campaign *a, size_t na, const struct tix_campaign *b,
		       size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (a[i].n != b[i].n || a[i].requesters != b[i].requesters ||
		    a[i].first != b[i].first || a[i].last != b[i].last ||
		    a[i].example != b[i].example || a[i].group != b[i].group ||
		    memcmp(&a[i].similarity, &b[i].similarity, sizeof(double)) ||
		    memcmp(a[i].members, b[i].members, a[i].n * sizeof(size_t)))
			return 0;
	return 1;
}

/* c's texts given to tix_camp_add one by one, each from a copy of exactly
   its length that is scribbled over and freed as soon as it is added:
   are the campaigns v[0 .. nv) (tix_campaigns') what tix_camp_find says? */
static int stream_same(const struct corpus *c, const struct tix_camp_opts *o,
		       const struct tix_campaign *v, size_t nv)
{
	struct tix_camp *s = tix_camp_new(o, err);
	struct tix_campaign *w = NULL;
	size_t nw = 0, i;
	int same = 0;

	if (!s)
		return 0;
	for (i = 0; i < c->n; i++) {
		size_t len = c->d[i].len;
		char *t = NULL;
		int ret;

		if (c->d[i].text) {
			if (!(t = malloc(len ? len : 1)))
				abort();
			memcpy(t, c->d[i].text, len);
		}
		ret = tix_camp_add(s, t, len, c->d[i].time, c->d[i].requester, err);
		if (t)
			memset(t, 0xa5, len);
		free(t);
		if (ret < 0)
			goto done;
	}
	if (tix_camp_find(s, &w, &nw, err) == 0) {
		same = same_result(v, nv, w, nw);
		tix_campaigns_free(w, nw);
	}
done:
	tix_camp_free(s);
	return same;
}

/* tix_campaigns on c with o (NULL: the defaults), the result checked,
   and the same from the streaming calls. */
static int run(const struct corpus *c, const struct tix_camp_opts *o, struct tix_campaign **out,
	       size_t *nout)
{
	struct tix_camp_opts d = defaults();
	int ret;

	ret = tix_campaigns(c->d, c->n, o, out, nout, err);
	if (ret == 0) {
		CHECK_EQ_I64(check_result(c, o ? o : &d, *out, *nout), 0);
		CHECK(stream_same(c, o, *out, *nout));
	} else {
		fprintf(stderr, "  tix_campaigns: %s\n", err);
	}
	return ret;
}

static int cmp_size(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return (a > b) - (a < b);
}

/* Do campaign x's members equal want[0 .. n), in any order? */
static int same_members(const struct tix_campaign *x, const size_t *want, size_t n)
{
	size_t *a, *b;
	int same;

	if (x->n != n)
		return 0;
	a = malloc(n * sizeof(*a));
	b = malloc(n * sizeof(*b));
	if (!a || !b)
		abort();
	memcpy(a, x->members, n * sizeof(*a));
	memcpy(b, want, n * sizeof(*b));
	qsort(a, n, sizeof(*a), cmp_size);
	qsort(b, n, sizeof(*b), cmp_size);
	same = !memcmp(a, b, n * sizeof(*a));
	free(a);
	free(b);
	return same;
}

/* ---------- 1. a planted wave among unrelated texts ---------- */

/* Shuffle c's docs; where[i] follows doc i to its new place. */
static void shuffle(struct corpus *c, size_t *where)
{
	size_t *at = malloc((c->n ? c->n : 1) * sizeof(*at)), i, j, k;
	struct tix_camp_doc d;

	if (!at)
		abort();
	for (i = 0; i < c->n; i++)
		at[i] = i;	/* at[place]: which doc is there */
	for (i = c->n; i > 1; i--) {
		j = (size_t)rng_below(i);
		d = c->d[i - 1];
		c->d[i - 1] = c->d[j];
		c->d[j] = d;
		k = at[i - 1];
		at[i - 1] = at[j];
		at[j] = k;
	}
	for (i = 0; i < c->n; i++)
		where[at[i]] = i;
	free(at);
}

/* 30 copies of the complaint from 25 requesters within 2 days, shuffled
   among 500 unrelated texts. */
static void test_wave(void)
{
	struct corpus c = { 0 };
	struct tix_campaign *v = NULL;
	size_t nv = 0, wave[30], i, earliest = 0, *where;
	char buf[2048];

	rng_seed(1);
	add_noise(&c, 500);
	for (i = 0; i < 30; i++)
		add(&c, buf, complaint(buf, sizeof(buf), i),
		    T0 + 10 * DAY + (int64_t)i * 5741 % (2 * DAY), 5000 + (uint32_t)(i % 25));
	if (!(where = malloc(c.n * sizeof(*where))))
		abort();
	shuffle(&c, where);
	for (i = 0; i < 30; i++) {
		wave[i] = where[500 + i];
		if (c.d[wave[i]].time < c.d[wave[earliest]].time)
			earliest = i;
	}
	free(where);

	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	if (nv >= 1) {
		CHECK(same_members(&v[0], wave, 30));
		CHECK_EQ_I64(v[0].n, 30);
		CHECK_EQ_I64(v[0].requesters, 25);
		CHECK_EQ_I64(v[0].example, wave[earliest]);
		CHECK_EQ_I64(v[0].first, c.d[wave[earliest]].time);
		CHECK(v[0].last - v[0].first <= 2 * DAY);
		CHECK_EQ_I64(v[0].group, 0);
		/* two copies differ in one word (the name) or not at all:
		   0.90 or 1, estimated */
		CHECK(v[0].similarity > 0.85 && v[0].similarity <= 1);
	}
	tix_campaigns_free(v, nv);
	corpus_free(&c);
}

/* ---------- 2. requesters ---------- */

static void test_requesters(void)
{
	struct corpus c = { 0 };
	struct tix_camp_opts o = defaults();
	struct tix_campaign *v = NULL;
	size_t nv = 0, i;
	char buf[2048];

	/* 30 copies from one requester: no campaign ... */
	rng_seed(2);
	add_noise(&c, 100);
	for (i = 0; i < 30; i++)
		add(&c, buf, complaint(buf, sizeof(buf), i), T0 + (int64_t)i * 3600, 77);
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 0);
	CHECK(v == NULL);
	tix_campaigns_free(v, nv);

	/* ... but one with min_requesters 1 (a flood from one person) */
	o.min_requesters = 1;
	CHECK_EQ_I64(run(&c, &o, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	if (nv >= 1) {
		CHECK_EQ_I64(v[0].n, 30);
		CHECK_EQ_I64(v[0].requesters, 1);
		CHECK_EQ_I64(v[0].example, 100);
	}
	tix_campaigns_free(v, nv);

	/* two requesters: still none at 3; a third makes it */
	c.d[100].requester = 78;
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 0);
	tix_campaigns_free(v, nv);
	c.d[129].requester = 79;
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	if (nv >= 1) {
		CHECK_EQ_I64(v[0].n, 30);
		CHECK_EQ_I64(v[0].requesters, 3);
	}
	tix_campaigns_free(v, nv);

	/* no requester known: counted by no one */
	for (i = 100; i < 130; i++)
		c.d[i].requester = NONE;
	c.d[101].requester = 1;
	c.d[102].requester = 2;
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 0);
	tix_campaigns_free(v, nv);
	c.d[103].requester = 3;
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	if (nv >= 1) {
		CHECK_EQ_I64(v[0].n, 30);
		CHECK_EQ_I64(v[0].requesters, 3);
	}
	tix_campaigns_free(v, nv);

	/* min_size: 30 texts are not 31 */
	o = defaults();
	o.min_size = 31;
	CHECK_EQ_I64(run(&c, &o, &v, &nv), 0);
	CHECK_EQ_I64(nv, 0);
	tix_campaigns_free(v, nv);
	o.min_size = 30;
	CHECK_EQ_I64(run(&c, &o, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	tix_campaigns_free(v, nv);
	corpus_free(&c);
}

/* ---------- 3. the window ---------- */

/* Copies of one text at times base + t[i], requester 100 + i for copy
   i; the index of the first. */
static size_t copies_at(struct corpus *c, const int64_t *t, size_t n, int64_t base)
{
	char buf[2048];
	size_t i, len, first = c->n;

	rng_seed(3);
	len = random_words(buf, sizeof(buf), 40, NULL);
	for (i = 0; i < n; i++)
		add(c, buf, len, base + t[i], 100 + (uint32_t)i);
	return first;
}

static void test_window(void)
{
	struct corpus c = { 0 };
	struct tix_camp_opts o = defaults();
	struct tix_campaign *v = NULL;
	size_t nv = 0, i, j, at;
	int64_t t[40];

	/* 30 copies, one every 2 days over 58 days, 30 requesters: the
	   stretches from day 0, 8, 16, ... 48 hold 4 each (days d .. d + 6;
	   d + 8 is past the 7 days); every stretch ties, the earliest goes
	   first; days 56 and 58 are left, 2 texts, not enough */
	for (i = 0; i < 30; i++)
		t[i] = (int64_t)i * 2 * DAY;
	at = copies_at(&c, t, 30, T0);
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 7);
	for (i = 0; i < nv && i < 7; i++) {
		CHECK_EQ_I64(v[i].n, 4);
		CHECK_EQ_I64(v[i].requesters, 4);
		CHECK_EQ_I64(v[i].first, T0 + (int64_t)i * 8 * DAY);
		CHECK_EQ_I64(v[i].last, T0 + (int64_t)i * 8 * DAY + 6 * DAY);
		CHECK_EQ_I64(v[i].group, 0);
		for (j = 0; j < 4 && j < v[i].n; j++)
			CHECK_EQ_I64(v[i].members[j], at + 4 * i + j);
		CHECK(v[i].similarity == 1);
	}
	tix_campaigns_free(v, nv);

	/* the same spread with a 60-day window: one campaign of all 30 */
	o.window = 60 * DAY;
	CHECK_EQ_I64(run(&c, &o, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	if (nv >= 1) {
		CHECK_EQ_I64(v[0].n, 30);
		CHECK_EQ_I64(v[0].first, T0);
		CHECK_EQ_I64(v[0].last, T0 + 58 * DAY);
	}
	tix_campaigns_free(v, nv);
	corpus_free(&c);

	/* a burst of 12 every 6 hours from day 5 to day 7.75, strays at
	   days 0, 0.25 and 30: the stretch from day 0 holds the 2 strays and
	   the 9 copies up to day 7 (11 requesters), the one from day 0.25
	   one stray and 10 copies (11), the one from day 5 the whole burst
	   (12): the burst comes out whole; the strays left are 2, not a
	   campaign */
	t[0] = 0;
	t[1] = DAY / 4;
	for (i = 0; i < 12; i++)
		t[2 + i] = 5 * DAY + (int64_t)i * 6 * 3600;
	t[14] = 30 * DAY;
	at = copies_at(&c, t, 15, T0);
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	if (nv >= 1) {
		CHECK_EQ_I64(v[0].n, 12);
		CHECK_EQ_I64(v[0].requesters, 12);
		CHECK_EQ_I64(v[0].first, T0 + 5 * DAY);
		CHECK_EQ_I64(v[0].members[0], at + 2);
		CHECK_EQ_I64(v[0].members[11], at + 13);
	}
	tix_campaigns_free(v, nv);
	corpus_free(&c);

	/* the edge: exactly `window` apart is within it, a second more is not */
	t[0] = 0;
	t[1] = 0;
	t[2] = 7 * DAY;
	copies_at(&c, t, 3, T0);
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	tix_campaigns_free(v, nv);
	c.d[2].time++;
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 0);
	tix_campaigns_free(v, nv);
	/* window 0: the same second only */
	o = defaults();
	o.window = 0;
	c.d[2].time = T0;
	CHECK_EQ_I64(run(&c, &o, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	tix_campaigns_free(v, nv);
	c.d[2].time = T0 + 1;
	CHECK_EQ_I64(run(&c, &o, &v, &nv), 0);
	CHECK_EQ_I64(nv, 0);
	tix_campaigns_free(v, nv);
	corpus_free(&c);

	/* times at the ends of int64: no overflow in the spans */
	t[0] = INT64_MIN;
	t[1] = INT64_MIN + 1;
	t[2] = INT64_MIN + 2;
	t[3] = INT64_MAX - 1;
	t[4] = INT64_MAX;
	t[5] = INT64_MAX;
	copies_at(&c, t, 6, 0);
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 2);
	if (nv == 2) {
		CHECK_EQ_I64(v[0].first, INT64_MIN);
		CHECK_EQ_I64(v[1].last, INT64_MAX);
	}
	tix_campaigns_free(v, nv);
	o = defaults();
	o.window = INT64_MAX;
	CHECK_EQ_I64(run(&c, &o, &v, &nv), 0);
	CHECK_EQ_I64(nv, 2);	/* INT64_MIN + 2 .. INT64_MAX - 1 is longer */
	tix_campaigns_free(v, nv);
	corpus_free(&c);
}

/* ---------- 4. random groups cut by time, against brute force ---------- */

struct bf_piece {
	size_t m[200], n, requesters;
	int64_t first, last;
};

/* The header's rule, read literally: among the texts of one group not yet
   taken, for each one's time t the texts in [t, t + window]; the most
   requesters, then the most texts, then the earliest t; taken when it
   qualifies; again until none does.  O(n^3), for small groups. */
static size_t brute_cut(const struct corpus *c, const size_t *g, size_t n,
			const struct tix_camp_opts *o, struct bf_piece *out)
{
	unsigned char taken[200] = { 0 };
	size_t np = 0, i, j, k;

	for (;;) {
		size_t best = SIZE_MAX, breq = 0, bsize = 0;

		for (i = 0; i < n; i++) {
			size_t req = 0, size = 0;
			uint32_t seen[200];

			if (taken[i])
				continue;
			for (j = 0; j < n; j++) {
				int64_t d = c->d[g[j]].time, s = c->d[g[i]].time;

				if (taken[j] || d < s || (uint64_t)d - (uint64_t)s > (uint64_t)o->window)
					continue;
				size++;
				if (c->d[g[j]].requester == NONE)
					continue;
				for (k = 0; k < req && seen[k] != c->d[g[j]].requester; k++)
					;
				if (k == req)
					seen[req++] = c->d[g[j]].requester;
			}
			if (req < o->min_requesters || size < o->min_size)
				continue;
			if (best == SIZE_MAX || req > breq || (req == breq && size > bsize) ||
			    (req == breq && size == bsize &&
			     c->d[g[i]].time < c->d[g[best]].time)) {
				best = i;
				breq = req;
				bsize = size;
			}
		}
		if (best == SIZE_MAX)
			return np;
		out[np].n = 0;
		out[np].requesters = breq;
		for (j = 0; j < n; j++) {
			int64_t d = c->d[g[j]].time, s = c->d[g[best]].time;

			if (taken[j] || d < s || (uint64_t)d - (uint64_t)s > (uint64_t)o->window)
				continue;
			taken[j] = 1;
			out[np].m[out[np].n++] = g[j];
		}
		np++;
	}
}

static const struct corpus *sort_corpus;

/* by time, then index, as the header orders members */
static int by_time_index(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int64_t ta = sort_corpus->d[a].time, tb = sort_corpus->d[b].time;

	if (ta != tb)
		return ta < tb ? -1 : 1;
	return (a > b) - (a < b);
}

/* by the lowest member index (pieces share no text) */
static int by_low(const void *pa, const void *pb)
{
	const struct bf_piece *a = pa, *b = pb;
	size_t la = a->m[0], lb = b->m[0], i;

	for (i = 0; i < a->n; i++)
		la = a->m[i] < la ? a->m[i] : la;
	for (i = 0; i < b->n; i++)
		lb = b->m[i] < lb ? b->m[i] : lb;
	return (la > lb) - (la < lb);
}

#define RC_GROUPS 12

static void test_random_cut(void)
{
	static const int64_t windows[] = { DAY, 3 * DAY, 7 * DAY, 7 * DAY + 1 };
	static struct bf_piece want[RC_GROUPS * 100], got[RC_GROUPS * 100];
	uint64_t seed;
	size_t shown = 0;

	for (seed = 1; seed <= 40; seed++) {
		struct corpus c = { 0 };
		struct tix_camp_opts o = defaults();
		struct tix_campaign *v = NULL;
		size_t nv = 0, nw = 0, g, i, j, group_of[RC_GROUPS * 200], members[200];
		size_t gid_of_base[RC_GROUPS];
		char buf[1024];
		int bad = 0;

		rng_seed(4000 + seed);
		o.window = windows[rng_below(NELEM(windows))];
		o.min_requesters = 1 + (size_t)rng_below(4);
		o.min_size = 2 + (size_t)rng_below(4);
		/* groups of identical texts (so the groups are known): copies
		   at random seconds, whole days, or another copy's time, from
		   a few requesters, some unknown */
		for (g = 0; g < RC_GROUPS; g++) {
			size_t len = random_words(buf, sizeof(buf), 25 + (size_t)rng_below(30), NULL);
			size_t n = 1 + (size_t)rng_below(100), first = c.n;
			int64_t spread = (1 + (int64_t)rng_below(60)) * DAY;

			for (i = 0; i < n; i++) {
				int64_t t;
				uint32_t req = rng_below(8) ? (uint32_t)rng_below(12) : NONE;

				if (i && rng_below(4) == 0)
					t = c.d[first + rng_below(i)].time;
				else if (rng_below(3) == 0)
					t = T0 + (int64_t)rng_below((uint64_t)(spread / DAY)) * DAY;
				else
					t = T0 + (int64_t)rng_below((uint64_t)spread);
				group_of[c.n] = g;
				add(&c, buf, len, t, req);
			}
		}
		/* shuffle, keeping group_of in step */
		for (i = c.n; i > 1; i--) {
			struct tix_camp_doc d;
			size_t k;

			j = (size_t)rng_below(i);
			d = c.d[i - 1];
			c.d[i - 1] = c.d[j];
			c.d[j] = d;
			k = group_of[i - 1];
			group_of[i - 1] = group_of[j];
			group_of[j] = k;
		}
		for (g = 0; g < RC_GROUPS; g++) {
			size_t n = 0;

			for (i = 0; i < c.n; i++)
				if (group_of[i] == g)
					members[n++] = i;
			sort_corpus = &c;
			qsort(members, n, sizeof(*members), by_time_index);
			nw += brute_cut(&c, members, n, &o, want + nw);
		}
		for (i = 0; i < nw; i++) {
			qsort(want[i].m, want[i].n, sizeof(size_t), by_time_index);
			want[i].first = c.d[want[i].m[0]].time;
			want[i].last = c.d[want[i].m[want[i].n - 1]].time;
		}
		qsort(want, nw, sizeof(*want), by_low);

		CHECK_EQ_I64(run(&c, &o, &v, &nv), 0);
		CHECK_EQ_I64(nv, nw);
		for (g = 0; g < RC_GROUPS; g++)
			gid_of_base[g] = SIZE_MAX;
		for (i = 0; i < nv && i < NELEM(got); i++) {
			size_t base = group_of[v[i].members[0]];

			got[i].n = v[i].n;
			got[i].requesters = v[i].requesters;
			got[i].first = v[i].first;
			got[i].last = v[i].last;
			for (j = 0; j < v[i].n && j < NELEM(got[i].m); j++) {
				got[i].m[j] = v[i].members[j];
				if (group_of[v[i].members[j]] != base)
					bad++;
			}
			/* one group number per text, and its own */
			if (gid_of_base[base] == SIZE_MAX)
				gid_of_base[base] = v[i].group;
			if (gid_of_base[base] != v[i].group)
				bad++;
			for (g = 0; g < RC_GROUPS; g++)
				if (g != base && gid_of_base[g] == v[i].group)
					bad++;
		}
		qsort(got, nv < NELEM(got) ? nv : NELEM(got), sizeof(*got), by_low);
		for (i = 0; i < nv && i < nw; i++)
			if (got[i].n != want[i].n || got[i].requesters != want[i].requesters ||
			    got[i].first != want[i].first || got[i].last != want[i].last ||
			    memcmp(got[i].m, want[i].m, want[i].n * sizeof(size_t))) {
				bad++;
				if (shown++ < 5)
					fprintf(stderr, "  seed %" PRIu64 ": campaign %zu: %zu texts, "
						"%zu requesters, %" PRId64 "..%" PRId64 "; want %zu, "
						"%zu, %" PRId64 "..%" PRId64 "\n", seed, i, got[i].n,
						got[i].requesters, got[i].first - T0, got[i].last - T0,
						want[i].n, want[i].requesters, want[i].first - T0,
						want[i].last - T0);
			}
		CHECK_EQ_I64(bad, 0);
		tix_campaigns_free(v, nv);
		corpus_free(&c);
	}
}

/* ---------- 5. long texts only ---------- */

/* n copies of text from n requesters within a day; how many campaigns */
static size_t campaigns_of(const char *text, size_t n, const struct tix_camp_opts *o)
{
	struct corpus c = { 0 };
	struct tix_campaign *v = NULL;
	size_t nv = 0, i;

	for (i = 0; i < n; i++)
		add(&c, text, strlen(text), T0 + (int64_t)i * 600, 300 + (uint32_t)i);
	if (run(&c, o, &v, &nv) != 0)
		nv = SIZE_MAX;
	tix_campaigns_free(v, nv == SIZE_MAX ? 0 : nv);
	corpus_free(&c);
	return nv;
}

static void test_short(void)
{
	struct tix_camp_opts o = defaults();
	const char *w15 = "my account was locked again today and support never called me back "
			  "at all sadly";
	/* 20 words, punctuation between them not counted */
	const char *w20 = "my account was locked again today!!! and support never, never called "
			  "me back at all... please - fix this now ok?";
	const char *w19 = "my account was locked again today!!! and support never, never called "
			  "me back at all... please - fix this now?!";
	/* 18 words and two masked tokens (a number, a handle): 20 */
	const char *m20 = "my account #4471 was locked again today and @kim from support never "
			  "called me back at all please fix it";

	CHECK_EQ_I64(campaigns_of(w15, 30, NULL), 0);
	o.min_tokens = 15;
	CHECK_EQ_I64(campaigns_of(w15, 30, &o), 1);
	o.min_tokens = 16;
	CHECK_EQ_I64(campaigns_of(w15, 30, &o), 0);
	CHECK_EQ_I64(campaigns_of(w20, 30, NULL), 1);
	CHECK_EQ_I64(campaigns_of(w19, 30, NULL), 0);
	CHECK_EQ_I64(campaigns_of(m20, 30, NULL), 1);
	/* a word or two is one shingle when min_tokens allows it */
	o.min_tokens = 1;
	CHECK_EQ_I64(campaigns_of("refund", 5, &o), 1);
	CHECK_EQ_I64(campaigns_of("refund now", 5, &o), 1);
	CHECK_EQ_I64(campaigns_of("refund now please", 5, &o), 1);
	/* no words at all: always skipped */
	o.min_tokens = 0;
	CHECK_EQ_I64(campaigns_of("", 5, &o), 0);
	CHECK_EQ_I64(campaigns_of("!!! ... ???", 5, &o), 0);
	CHECK_EQ_I64(campaigns_of("refund", 5, &o), 1);
}

/* ---------- 6. empty input, bad options ---------- */

static void test_empty(void)
{
	struct corpus c = { 0 };
	struct tix_campaign dummy, *v = &dummy;	/* must be reset */
	size_t nv = 99, i;

	CHECK_EQ_I64(tix_campaigns(NULL, 0, NULL, &v, &nv, err), 0);
	CHECK(v == NULL);
	CHECK_EQ_I64(nv, 0);
	tix_campaigns_free(NULL, 0);

	/* texts with nothing in them, NULL or not */
	for (i = 0; i < 10; i++)
		add(&c, i % 2 ? "" : NULL, 0, T0, (uint32_t)i);
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 0);
	corpus_free(&c);
}

static void test_bad_options(void)
{
	struct tix_camp_doc d[3] = {
		{ "one two three", 13, T0, 1 }, { NULL, 0, T0, 2 }, { NULL, 5, T0, 3 },
	};
	struct tix_camp_opts o;
	struct tix_campaign *v;
	size_t nv, i;
	static const double bad_t[] = { 0.49, 0, -1, 1.0000001, 2 };

	for (i = 0; i < NELEM(bad_t) + 1; i++) {
		o = defaults();
		o.threshold = i < NELEM(bad_t) ? bad_t[i] : NAN;
		err[0] = '\0';
		v = (struct tix_campaign *)d;
		nv = 7;
		CHECK_EQ_I64(tix_campaigns(d, 2, &o, &v, &nv, err), -1);
		CHECK(err[0] != '\0');
		CHECK(v == NULL);
		CHECK_EQ_I64(nv, 0);
	}
	o = defaults();
	o.min_requesters = 0;
	CHECK_EQ_I64(tix_campaigns(d, 2, &o, &v, &nv, err), -1);
	o = defaults();
	o.min_size = 1;
	CHECK_EQ_I64(tix_campaigns(d, 2, &o, &v, &nv, err), -1);
	o = defaults();
	o.window = -1;
	CHECK_EQ_I64(tix_campaigns(d, 2, &o, &v, &nv, err), -1);
	/* a NULL text with a length; a NULL array with texts */
	CHECK_EQ_I64(tix_campaigns(d, 3, NULL, &v, &nv, err), -1);
	CHECK(strstr(err, "2") != NULL);
	CHECK_EQ_I64(tix_campaigns(NULL, 3, NULL, &v, &nv, err), -1);
	/* no error buffer: still -1, no crash */
	CHECK_EQ_I64(tix_campaigns(d, 3, NULL, &v, &nv, NULL), -1);
	/* the edges are fine */
	o = defaults();
	o.threshold = 0.5;
	o.min_requesters = 1;
	o.min_size = 2;
	o.window = 0;
	CHECK_EQ_I64(tix_campaigns(d, 2, &o, &v, &nv, err), 0);
	tix_campaigns_free(v, nv);
	o.threshold = 1;
	o.window = INT64_MAX;
	CHECK_EQ_I64(tix_campaigns(d, 2, &o, &v, &nv, err), 0);
	tix_campaigns_free(v, nv);
}

/* ---------- 7. any bytes ---------- */

static void test_bytes(void)
{
	struct corpus c = { 0 };
	struct tix_campaign *v = NULL;
	size_t nv = 0, i, j, len, first;
	char buf[1024];

	rng_seed(7);
	/* noise: every byte value, NULs and broken UTF-8 included */
	for (i = 0; i < 300; i++) {
		len = (size_t)rng_below(600);
		for (j = 0; j < len; j++)
			buf[j] = (char)rng_below(256);
		add(&c, buf, len, T0 + (int64_t)rng_below(DAY), (uint32_t)i);
	}
	/* and words of such bytes that end with half a character: words
	   apart by a space, a NUL or a DEL */
	for (i = 0; i < 300; i++) {
		len = 0;
		for (j = 0; j < 40; j++) {
			size_t k, wl = 2 + (size_t)rng_below(6);

			for (k = 0; k < wl; k++)
				buf[len++] = (char)(0x80 + rng_below(128));
			buf[len++] = " \0\x7f"[rng_below(3)];
		}
		buf[len++] = (char)0xe2;
		add(&c, buf, len, T0 + (int64_t)rng_below(DAY), 1000 + (uint32_t)i);
	}
	/* a wave of 20 copies of one such text */
	len = 0;
	for (j = 0; j < 40; j++) {
		size_t k, wl = 2 + (size_t)rng_below(6);

		for (k = 0; k < wl; k++)
			buf[len++] = (char)(0x80 + rng_below(128));
		buf[len++] = j % 2 ? '\0' : ' ';
	}
	buf[len++] = (char)0xf0;
	buf[len++] = (char)0x9f;
	first = c.n;
	for (i = 0; i < 20; i++)
		add(&c, buf, len, T0 + (int64_t)rng_below(DAY), 5000 + (uint32_t)i);

	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	if (nv >= 1) {
		CHECK_EQ_I64(v[0].n, 20);
		for (i = 0; i < v[0].n; i++)
			CHECK(v[0].members[i] >= first);
		CHECK(v[0].similarity == 1);
	}
	tix_campaigns_free(v, nv);
	corpus_free(&c);
}

/* ---------- 8. two waves, and a text mostly rewritten ---------- */

/* The words of s (split at spaces) into w, at most max; their number. */
static size_t split(char *s, char **w, size_t max)
{
	size_t n = 0;
	char *p = s;

	while (*p && n < max) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		w[n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return n;
}

static void test_two_waves(void)
{
	struct corpus c = { 0 };
	struct tix_campaign *v = NULL;
	size_t nv = 0, a[30], b[30], i, *where, other, rewritten;
	char buf[2048], out[4096], *w[128];

	rng_seed(8);
	add_noise(&c, 300);
	for (i = 0; i < 30; i++)
		add(&c, buf, complaint(buf, sizeof(buf), i),
		    T0 + 10 * DAY + (int64_t)rng_below(2 * DAY), 6000 + (uint32_t)(i % 25));
	for (i = 0; i < 30; i++)
		add(&c, buf, scam(buf, sizeof(buf), i),
		    T0 + 10 * DAY + (int64_t)rng_below(2 * DAY), 7000 + (uint32_t)i);
	/* the complaint with 50 of its 72 words (70%) replaced: not a copy */
	complaint(buf, sizeof(buf), 0);
	{
		size_t nw = split(buf, w, NELEM(w)), changed = 0, o = 0;
		unsigned char is_new[128] = { 0 };

		while (changed < 50) {
			size_t k = (size_t)rng_below(nw);

			if (!is_new[k]) {
				is_new[k] = 1;
				w[k] = vocab[rng_below(NVOCAB)];
				changed++;
			}
		}
		for (i = 0; i < nw; i++)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s", i ? " " : "", w[i]);
		rewritten = c.n;
		add(&c, out, o, T0 + 11 * DAY, 8000);
	}
	/* the complaint in capitals, with other numbers: a copy */
	complaint(buf, sizeof(buf), 3);
	for (i = 0; buf[i]; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] = (char)(buf[i] - 'a' + 'A');
	other = c.n;
	add(&c, buf, strlen(buf), T0 + 11 * DAY + 1, 8001);

	if (!(where = malloc(c.n * sizeof(*where))))
		abort();
	shuffle(&c, where);
	for (i = 0; i < 30; i++) {
		a[i] = where[300 + i];
		b[i] = where[330 + i];
	}
	rewritten = where[rewritten];
	other = where[other];
	free(where);

	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 2);
	if (nv == 2) {
		size_t wa[31];

		/* the scam first: 30 requesters against 26 */
		CHECK(same_members(&v[0], b, 30));
		CHECK_EQ_I64(v[0].requesters, 30);
		CHECK_EQ_I64(v[0].group, 0);
		memcpy(wa, a, sizeof(a));
		wa[30] = other;
		CHECK(same_members(&v[1], wa, 31));
		CHECK_EQ_I64(v[1].requesters, 26);
		CHECK_EQ_I64(v[1].group, 1);
		for (i = 0; i < v[1].n; i++)
			CHECK(v[1].members[i] != rewritten);
	}
	tix_campaigns_free(v, nv);
	corpus_free(&c);
}

/* ---------- 9. the similarity estimate ---------- */

/* Exact Jaccard similarity of the 3-word shingle sets of word lists x and
   y (numbers of distinct words), straight from the definition. */
static double jaccard(const size_t *x, size_t nx, const size_t *y, size_t ny)
{
	size_t i, j, k, shared = 0, sx = 0, sy = 0;

	/* distinct shingles of x, and how many of them y has */
	for (i = 0; i + 3 <= nx; i++) {
		int dup = 0, in_y = 0;

		for (k = 0; k < i && !dup; k++)
			dup = !memcmp(x + k, x + i, 3 * sizeof(*x));
		if (dup)
			continue;
		sx++;
		for (j = 0; j + 3 <= ny && !in_y; j++)
			in_y = !memcmp(y + j, x + i, 3 * sizeof(*x));
		shared += (size_t)in_y;
	}
	for (i = 0; i + 3 <= ny; i++) {
		int dup = 0;

		for (k = 0; k < i && !dup; k++)
			dup = !memcmp(y + k, y + i, 3 * sizeof(*y));
		sy += !dup;
	}
	return (double)shared / (double)(sx + sy - shared);
}

/* 60 pairs of 60-word texts, the second with `changed` words replaced;
   each pair a day apart from the next.  Campaigns of pairs (2 requesters,
   2 texts); the exact similarities into exact[]. */
static size_t pairs(size_t changed, struct tix_campaign **v, size_t *nv, double *exact)
{
	struct corpus c = { 0 };
	struct tix_camp_opts o = defaults();
	size_t x[60], y[60], i, j, len;
	char buf[2048];

	o.min_requesters = 2;
	o.min_size = 2;
	for (i = 0; i < 60; i++) {
		len = random_words(buf, sizeof(buf), 60, x);
		add(&c, buf, len, T0 + (int64_t)i * DAY, 2 * (uint32_t)i);
		memcpy(y, x, sizeof(x));
		for (j = 0; j < changed;) {
			size_t k = (size_t)rng_below(60);

			if (y[k] == x[k]) {
				y[k] = (x[k] + 1 + (size_t)rng_below(NVOCAB - 1)) % NVOCAB;
				j++;
			}
		}
		len = words_of(buf, sizeof(buf), y, 60);
		add(&c, buf, len, T0 + (int64_t)i * DAY + 60, 2 * (uint32_t)i + 1);
		exact[i] = jaccard(x, 60, y, 60);
	}
	if (run(&c, &o, v, nv) != 0)
		*nv = 0;
	corpus_free(&c);
	return *nv;
}

static void test_similarity(void)
{
	struct tix_campaign *v = NULL;
	size_t nv = 0, i, far = 0;
	double exact[60], sum_est = 0, sum_exact = 0;

	/* one word changed: J about 0.9 (3 shingles of 58 lost on each
	   side), 3.8 standard errors above 0.8: every pair joins, and the
	   estimates average out to the exact values */
	rng_seed(9);
	CHECK_EQ_I64(pairs(1, &v, &nv, exact), 60);
	for (i = 0; i < nv; i++) {
		size_t p = v[i].members[0] / 2;

		CHECK_EQ_I64(v[i].members[1], v[i].members[0] + 1);
		sum_est += v[i].similarity;
		sum_exact += exact[p];
		far += fabs(v[i].similarity - exact[p]) > 0.15;	/* 5 standard errors */
	}
	CHECK_EQ_I64(far, 0);
	if (nv)
		CHECK(fabs(sum_est - sum_exact) / (double)nv < 0.015);
	tix_campaigns_free(v, nv);

	/* six words changed: J about 0.5, far below: no pair joins */
	rng_seed(10);
	CHECK_EQ_I64(pairs(6, &v, &nv, exact), 0);
	tix_campaigns_free(v, nv);
}

/* ---------- 10. determinism ---------- */

static void test_determinism(void)
{
	struct corpus c = { 0 };
	struct tix_campaign *v = NULL, *w = NULL;
	size_t nv = 0, nw = 0, i, j, *where, *back, bad = 0;
	int64_t t[30];
	char buf[2048];

	rng_seed(10);
	add_noise(&c, 400);
	for (i = 0; i < 30; i++)
		add(&c, buf, complaint(buf, sizeof(buf), i),
		    T0 + 3 * DAY + (int64_t)rng_below(2 * DAY), 9000 + (uint32_t)(i % 25));
	for (i = 0; i < 30; i++)
		add(&c, buf, scam(buf, sizeof(buf), i),
		    T0 + 5 * DAY + (int64_t)rng_below(4 * DAY), 9100 + (uint32_t)(i % 7));
	for (i = 0; i < 30; i++)
		t[i] = (int64_t)rng_below(60 * DAY);
	copies_at(&c, t, 30, T0);
	rng_seed(11);
	for (i = 0; i < 40; i++)	/* one text, 40 times, a few times at one second */
		add(&c, c.d[0].text, c.d[0].len, T0 + (int64_t)rng_below(20) * 3600,
		    (uint32_t)rng_below(30));

	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK(nv >= 4);
	CHECK_EQ_I64(run(&c, NULL, &w, &nw), 0);
	CHECK(same_result(v, nv, w, nw));
	tix_campaigns_free(w, nw);

	/* shuffled: the same campaigns, members mapped back */
	for (j = 0; j < 3; j++) {
		where = malloc(c.n * sizeof(*where));
		back = malloc(c.n * sizeof(*back));
		if (!where || !back)
			abort();
		shuffle(&c, where);
		for (i = 0; i < c.n; i++)
			back[where[i]] = i;
		CHECK_EQ_I64(run(&c, NULL, &w, &nw), 0);
		CHECK_EQ_I64(nw, nv);
		for (i = 0; i < nv && i < nw; i++) {
			size_t k, m;
			int tie = v[i].n > 1 && c.d[w[i].members[1]].time == w[i].first;

			if (w[i].n != v[i].n || w[i].requesters != v[i].requesters ||
			    w[i].first != v[i].first || w[i].last != v[i].last ||
			    w[i].group != v[i].group) {
				bad++;
				continue;
			}
			/* with distinct times the members come in the same
			   order; ties in a second may swap */
			for (k = 0; k < w[i].n; k++) {
				for (m = 0; m < v[i].n && v[i].members[m] != back[w[i].members[k]]; m++)
					;
				bad += m == v[i].n;
			}
			if (!tie && (back[w[i].example] != v[i].example ||
				     w[i].similarity != v[i].similarity))
				bad++;
		}
		tix_campaigns_free(w, nw);
		/* back to the first order, for the next shuffle */
		{
			struct tix_camp_doc *d = malloc(c.n * sizeof(*d));

			if (!d)
				abort();
			for (i = 0; i < c.n; i++)
				d[i] = c.d[where[i]];
			memcpy(c.d, d, c.n * sizeof(*d));
			free(d);
		}
		free(where);
		free(back);
	}
	CHECK_EQ_I64(bad, 0);
	CHECK_EQ_I64(run(&c, NULL, &w, &nw), 0);
	CHECK(same_result(v, nv, w, nw));
	tix_campaigns_free(w, nw);
	tix_campaigns_free(v, nv);
	corpus_free(&c);
}

/* ---------- 11. big buckets, long texts, long words ---------- */

static void test_big(void)
{
	struct corpus c = { 0 };
	struct tix_campaign *v = NULL;
	size_t nv = 0, i, j, len, k;
	char buf[2048], *big;

	/* 3000 copies each of two texts: two campaigns of 3000 */
	rng_seed(12);
	for (k = 0; k < 2; k++) {
		len = random_words(buf, sizeof(buf), 50, NULL);
		for (i = 0; i < 3000; i++)
			add(&c, buf, len, T0 + (int64_t)rng_below(DAY), (uint32_t)i);
	}
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 2);
	for (i = 0; i < nv; i++) {
		CHECK_EQ_I64(v[i].n, 3000);
		CHECK_EQ_I64(v[i].requesters, 3000);
		CHECK(v[i].similarity == 1);
	}
	tix_campaigns_free(v, nv);
	corpus_free(&c);

	/* 5 texts of 5000 words: the same first 4100 words, then each its
	   own: only the first 4096 tokens count, so they are copies */
	if (!(big = malloc(5000 * 16)))
		abort();
	rng_seed(13);
	len = random_words(big, 5000 * 16, 4100, NULL);
	for (i = 0; i < 5; i++) {
		size_t l2 = len + random_words(big + len, 5000 * 16 - len, 900, NULL);

		add(&c, big, l2, T0 + (int64_t)i, (uint32_t)i);
	}
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	if (nv == 1) {
		CHECK_EQ_I64(v[0].n, 5);
		CHECK(v[0].similarity == 1);
	}
	tix_campaigns_free(v, nv);
	corpus_free(&c);

	/* words of 300 letters: A-Z lowered all along them (copies in
	   lower and in mixed case are copies) ... */
	len = 0;
	for (j = 0; j < 25; j++) {
		for (k = 0; k < 300; k++)
			big[len++] = (char)('a' + rng_below(26));
		big[len++] = ' ';
	}
	for (i = 0; i < 5; i++) {
		for (j = 0; i && j < len; j++)
			if (big[j] != ' ')
				big[j] = (char)(rng_below(2) ? big[j] & ~0x20 : big[j] | 0x20);
		add(&c, big, len, T0 + (int64_t)i, (uint32_t)i);
	}
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	if (nv == 1) {
		CHECK_EQ_I64(v[0].n, 5);
		CHECK(v[0].similarity == 1);
	}
	tix_campaigns_free(v, nv);
	corpus_free(&c);
	/* ... and a change in a word's last letter, past the first 256
	   bytes, makes it another word: 5 texts, every word changed */
	for (i = 0; i < 5; i++) {
		for (j = 300; j < len; j += 301)
			big[j - 1] = (char)('a' + (i + (size_t)(big[j - 1] & 0x1f)) % 26);
		add(&c, big, len, T0 + (int64_t)i, (uint32_t)i);
	}
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 0);
	tix_campaigns_free(v, nv);
	corpus_free(&c);
	free(big);
}

/* ---------- 12. the streaming calls ---------- */

static void test_stream_errors(void)
{
	struct corpus c = { 0 };
	struct tix_camp_opts o = defaults();
	struct tix_camp *s;
	struct tix_campaign dummy, *v = NULL, *w = &dummy;
	size_t nv = 0, nw = 99, i;
	char buf[2048];

	/* a bad option: no tix_camp; NULL options: the defaults */
	o.min_size = 1;
	err[0] = '\0';
	CHECK(tix_camp_new(&o, err) == NULL);
	CHECK(err[0] != '\0');
	CHECK(tix_camp_new(&o, NULL) == NULL);
	o = defaults();
	o.threshold = NAN;
	CHECK(tix_camp_new(&o, err) == NULL);
	tix_camp_free(NULL);

	/* nothing added: no campaigns; then found already */
	s = tix_camp_new(NULL, err);
	CHECK(s != NULL);
	if (s) {
		CHECK_EQ_I64(tix_camp_find(s, &w, &nw, err), 0);
		CHECK(w == NULL);
		CHECK_EQ_I64(nw, 0);
		w = &dummy;
		err[0] = '\0';
		CHECK_EQ_I64(tix_camp_find(s, &w, &nw, err), -1);
		CHECK(err[0] != '\0');
		CHECK(w == NULL);
		CHECK_EQ_I64(tix_camp_add(s, "refund", 6, T0, 1, err), -1);
		tix_camp_free(s);
	}

	/* a wave among noise, with a NULL text of length 5 tried before
	   every 50th text: each fails, says the number the next text gets,
	   and adds nothing, so the campaigns are those of the texts alone */
	rng_seed(15);
	add_noise(&c, 300);
	for (i = 0; i < 30; i++)
		add(&c, buf, complaint(buf, sizeof(buf), i),
		    T0 + 10 * DAY + (int64_t)rng_below(2 * DAY), 5000 + (uint32_t)(i % 25));
	CHECK_EQ_I64(run(&c, NULL, &v, &nv), 0);
	CHECK_EQ_I64(nv, 1);
	s = tix_camp_new(NULL, err);
	CHECK(s != NULL);
	if (s) {
		size_t tried = 0, failed = 0, said = 0, added = 0;

		for (i = 0; i < c.n; i++) {
			if (i % 50 == 7) {
				char want[32];

				snprintf(want, sizeof(want), "text %zu ", i);
				err[0] = '\0';
				tried++;
				failed += tix_camp_add(s, NULL, 5, T0, 1, err) == -1;
				said += strstr(err, want) != NULL;
			}
			added += tix_camp_add(s, c.d[i].text, c.d[i].len, c.d[i].time,
					      c.d[i].requester, err) == 0;
		}
		CHECK_EQ_I64(tried, 7);
		CHECK_EQ_I64(failed, tried);
		CHECK_EQ_I64(said, tried);
		CHECK_EQ_I64(added, c.n);
		CHECK_EQ_I64(tix_camp_find(s, &w, &nw, err), 0);
		CHECK(same_result(v, nv, w, nw));
		tix_campaigns_free(w, nw);
		tix_camp_free(s);
	}
	tix_campaigns_free(v, nv);
	corpus_free(&c);
}

/* What a tix_camp holds, by the allocator's count: nothing for a short
   text; for a long one 144 bytes, in arrays that double when full, so
   between 144 and 288 bytes a text (a copy of the ~600-byte texts, or
   anything near their size, would be more). */
static void test_stream_memory(void)
{
	struct tix_camp *s;
	struct tix_campaign *v = NULL;
	size_t nv = 0, start, held, i, len, bytes = 0, added = 0;
	char buf[2048];
	const size_t nlong = 10000;

	if (heap_bytes() == 0) {
		fprintf(stderr, "  no allocator counts here: memory per text not measured\n");
		return;
	}
	s = tix_camp_new(NULL, err);
	CHECK(s != NULL);
	if (!s)
		return;
	start = heap_bytes();
	rng_seed(16);
	for (i = 0; i < 20000; i++) {	/* 5 to 19 words */
		len = random_words(buf, sizeof(buf), 5 + (size_t)rng_below(15), NULL);
		added += tix_camp_add(s, buf, len, T0 + (int64_t)i, (uint32_t)i, err) == 0;
		memset(buf, 'x', len);
	}
	CHECK_EQ_I64(heap_bytes(), start);
	for (i = 0; i < nlong; i++) {	/* 60 to 99 words */
		len = random_words(buf, sizeof(buf), 60 + (size_t)rng_below(40), NULL);
		bytes += len;
		added += tix_camp_add(s, buf, len, T0 + (int64_t)i, (uint32_t)i, err) == 0;
		memset(buf, 'x', len);
	}
	held = heap_bytes() - start;
	CHECK_EQ_I64(added, 20000 + nlong);
	CHECK(bytes / nlong > 400);
	CHECK(held >= 144 * nlong);
	CHECK(held <= 288 * nlong + 4096);
	CHECK_EQ_I64(tix_camp_find(s, &v, &nv, err), 0);
	CHECK_EQ_I64(nv, 0);
	tix_campaigns_free(v, nv);
	tix_camp_free(s);
}

int main(void)
{
	make_vocab();
	test_wave();
	test_requesters();
	test_window();
	test_random_cut();
	test_short();
	test_empty();
	test_bad_options();
	test_bytes();
	test_two_waves();
	test_similarity();
	test_determinism();
	test_big();
	test_stream_errors();
	test_stream_memory();
	TEST_DONE();
}
