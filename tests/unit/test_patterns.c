/*
 * test_patterns.c - the template miner, written from patterns.h (and
 * tokens.h for what a token is) alone: every expected answer below is
 * worked out by hand from the header's contract, not read off patterns.c.
 *
 * Covered: the two-pass use (learn everything, then name everything);
 * rules a, b and c of the header each in isolation, at and around their
 * thresholds; the join threshold, "<*> equals nothing" and both
 * tie-breaks; token counts that never meet; the prefix tree's 100-child
 * limit; id order and determinism; templates (spacing of the family's
 * first text, masks, lowering); texts never learnt; options; save and
 * load (round trip, learning on, damaged bytes); hostile texts (empty,
 * blank, punctuation, > 256 tokens, a 1 MB word, NUL bytes, invalid
 * UTF-8); and 100,000 texts from 50 known sentences, every group pure
 * and complete.
 *
 * Random texts come from a seeded splitmix64 (never rand()), so every run
 * and every platform sees the same texts.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "patlist.h"
#include "patterns.h"
#include "store.h"
#include "tix.h"
#include "tokens.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static char err[TIX_ERRSZ];

/* ---------- a seeded generator ---------- */

static uint64_t rng_state;

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

static void shuffle_idx(size_t *v, size_t n)
{
	size_t i, j, t;

	for (i = n; i > 1; i--) {
		j = (size_t)rng_below(i);
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* ---------- small helpers ---------- */

static struct tix_miner *mk(const struct tix_miner_opts *o)
{
	struct tix_miner *m;

	err[0] = '\0';
	m = tix_miner_new(o, err);
	CHECK(m != NULL);
	if (!m)
		fprintf(stderr, "  tix_miner_new: %s\n", err);
	return m;
}

static int add(struct tix_miner *m, const char *s)
{
	return tix_miner_add(m, s, strlen(s), err);
}

static long match(struct tix_miner *m, const char *s)
{
	return tix_miner_match(m, s, strlen(s), err);
}

/* The template text s is named with, or "(none)". */
static const char *tpl(struct tix_miner *m, const char *s)
{
	const char *t = tix_miner_template(m, match(m, s));

	return t ? t : "(none)";
}

static void add_all(struct tix_miner *m, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		CHECK_EQ_I64(add(m, v[i]), 0);
}

/* Number of distinct values among ids[0 .. n). */
static size_t ndistinct(const long *ids, size_t n)
{
	size_t i, j, d = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i])
				break;
		d += j == i;
	}
	return d;
}

/* The token texts of s as the miner reads them (at most 256), each
   NUL-terminated in a static arena; returns their number. */
static char tokarena[1 << 16];
static const char *toktext[TIX_MINER_MAX_TOKENS];

static size_t token_texts(const char *s, size_t n)
{
	static struct tix_token t[TIX_MINER_MAX_TOKENS];
	size_t k, i, len, o = 0;
	int trunc;
	char buf[512];

	k = tix_tokenize(s, n, t, TIX_MINER_MAX_TOKENS, &trunc);
	for (i = 0; i < k; i++) {
		const char *p = tix_token_text(s, &t[i], buf, sizeof(buf), &len);

		if (!p || o + len + 1 > sizeof(tokarena))
			return (size_t)-1;
		memcpy(tokarena + o, p, len);
		tokarena[o + len] = '\0';
		toktext[i] = tokarena + o;
		o += len + 1;
	}
	return k;
}

/*
 * Does template tp describe text s?  For texts whose tokens are separated
 * by single spaces (and so is the family's first text): the template split
 * at spaces has as many positions as s has tokens, and each is "<*>" or
 * the token's text.  This is what "a pattern is its family plus the values
 * at its constant positions; its template is those values with <*> at the
 * variables" promises.
 */
static int describes(const char *tp, const char *s)
{
	size_t k = token_texts(s, strlen(s)), i = 0;
	const char *p = tp;

	if (k == (size_t)-1)
		return 0;
	while (i < k) {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (!(len == 3 && memcmp(p, "<*>", 3) == 0) &&
		    (strlen(toktext[i]) != len || memcmp(p, toktext[i], len) != 0))
			return 0;
		i++;
		if (!e)
			break;
		p = e + 1;
	}
	return i == k && strchr(p, ' ') == NULL;
}

/* ---------- 1. the defaults and the options ---------- */

static void test_options(void)
{
	struct tix_miner_opts o, d;
	struct tix_miner *m;
	static const double badsim[] = { -0.5, -1e-9, 1.5, 2.0 };
	size_t i;

	tix_miner_defaults(&d);
	CHECK(d.similarity == 0.5);
	CHECK_EQ_I64(d.depth, 2);
	CHECK_EQ_I64(d.max_children, 100);
	CHECK_EQ_I64(d.max_values, 16);
	CHECK_EQ_I64(d.min_values, 3);
	CHECK(d.share == 0.05);
	CHECK_EQ_I64(d.min_count, 3);

	m = mk(NULL);
	CHECK(m != NULL);
	tix_miner_free(m);
	m = mk(&d);
	CHECK(m != NULL);
	tix_miner_free(m);

	/* similarity: a share of positions, so 0 .. 1; NaN is no share */
	for (i = 0; i < NELEM(badsim); i++) {
		o = d;
		o.similarity = badsim[i];
		err[0] = '\0';
		m = tix_miner_new(&o, err);
		CHECK(m == NULL);
		CHECK(err[0] != '\0');
		tix_miner_free(m);
	}
	o = d;
	o.similarity = NAN;
	err[0] = '\0';
	m = tix_miner_new(&o, err);
	CHECK(m == NULL);
	CHECK(err[0] != '\0');
	tix_miner_free(m);
	o = d;
	o.similarity = 1.0;	/* only identical texts join: makes sense */
	m = mk(&o);
	CHECK(m != NULL);
	tix_miner_free(m);

	/* max_values 0: no position could keep its first value */
	o = d;
	o.max_values = 0;
	err[0] = '\0';
	m = tix_miner_new(&o, err);
	CHECK(m == NULL);
	CHECK(err[0] != '\0');
	tix_miner_free(m);

	/* a tree deeper than any text could ever be read */
	o = d;
	o.depth = UINT_MAX;
	err[0] = '\0';
	m = tix_miner_new(&o, err);
	CHECK(m == NULL);
	CHECK(err[0] != '\0');
	tix_miner_free(m);

	/* share: a share, NaN or below 0 or above 1 is none */
	o = d;
	o.share = NAN;
	err[0] = '\0';
	m = tix_miner_new(&o, err);
	CHECK(m == NULL);
	CHECK(err[0] != '\0');
	tix_miner_free(m);
	o = d;
	o.share = -0.1;
	err[0] = '\0';
	m = tix_miner_new(&o, err);
	CHECK(m == NULL);
	CHECK(err[0] != '\0');
	tix_miner_free(m);

	/* values the header leaves open: either refused with a message, or
	   a miner that works */
	{
		struct tix_miner_opts odd[5];
		size_t k;

		for (k = 0; k < NELEM(odd); k++)
			odd[k] = d;
		odd[0].depth = 0;
		odd[1].depth = TIX_MINER_MAX_TOKENS + 1;
		odd[2].max_children = 0;
		odd[3].max_values = UINT_MAX;
		odd[4].similarity = 0.0;
		for (k = 0; k < NELEM(odd); k++) {
			err[0] = '\0';
			m = tix_miner_new(&odd[k], err);
			if (!m) {
				CHECK(err[0] != '\0');
				continue;
			}
			CHECK_EQ_I64(add(m, "disk full on host alpha"), 0);
			CHECK_EQ_I64(add(m, "disk full on host bravo"), 0);
			CHECK_EQ_I64(add(m, "printer jammed"), 0);
			CHECK(match(m, "disk full on host alpha") >= 1);
			CHECK_EQ_STR(tpl(m, "printer jammed"), "printer jammed");
			tix_miner_free(m);
		}
	}
}

/* ---------- 2. the two-pass use on small known texts ---------- */

static void test_two_pass(void)
{
	static const char *const texts[] = {
		"Upload stuck at 87%",
		"login failed for @a",
		"Upload stuck at 12%",
		"Printer jammed on floor 3",
		"login failed for @bob.smith",
		"Upload stuck at 99 %",
		"12 files uploaded",
		"99 files uploaded",
	};
	long id[NELEM(texts)];
	struct tix_miner *m = mk(NULL);
	size_t i;

	if (!m)
		return;
	add_all(m, texts, NELEM(texts));
	CHECK_EQ_I64(tix_miner_nlearnt(m), NELEM(texts));
	for (i = 0; i < NELEM(texts); i++) {
		id[i] = match(m, texts[i]);
		CHECK(id[i] >= 1);
	}
	/* matching learns nothing */
	CHECK_EQ_I64(tix_miner_nlearnt(m), NELEM(texts));

	/* "87%", "12%" and "99 %" are all one <PCT>: one pattern */
	CHECK_EQ_I64(id[0], id[2]);
	CHECK_EQ_I64(id[0], id[5]);
	CHECK_EQ_STR(tix_miner_template(m, id[0]), "upload stuck at <PCT>");
	CHECK_EQ_I64(id[1], id[4]);
	CHECK_EQ_STR(tix_miner_template(m, id[1]), "login failed for <HANDLE>");
	CHECK_EQ_STR(tix_miner_template(m, id[3]), "printer jammed on floor <NUM>");
	/* a masked first token is one tree key */
	CHECK_EQ_I64(id[6], id[7]);
	CHECK_EQ_STR(tix_miner_template(m, id[6]), "<NUM> files uploaded");
	/* four patterns, in first-match order */
	CHECK_EQ_I64(id[0], 1);
	CHECK_EQ_I64(id[1], 2);
	CHECK_EQ_I64(id[3], 3);
	CHECK_EQ_I64(id[6], 4);
	CHECK_EQ_I64(tix_miner_npatterns(m), 4);
	CHECK_EQ_I64(tix_miner_nfamilies(m), 4);
	/* unknown ids */
	CHECK(tix_miner_template(m, 0) == NULL);
	CHECK(tix_miner_template(m, -1) == NULL);
	CHECK(tix_miner_template(m, 5) == NULL);
	CHECK(tix_miner_template(m, LONG_MAX) == NULL);
	CHECK(tix_miner_template(m, LONG_MIN) == NULL);
	tix_miner_free(m);
}

/* The first text of a pattern gets the same name as the last, even when
   the texts after it turn one of its positions into a variable. */
static void test_first_as_last(void)
{
	static const char *const texts[] = {
		"Backup job nightly finished ok",
		"Backup job 42 finished ok",	/* a mask at position 2: rule b */
		"Backup job 7 finished ok",
	};
	struct tix_miner *m = mk(NULL);

	if (!m)
		return;
	add_all(m, texts, NELEM(texts));
	CHECK_EQ_I64(match(m, texts[0]), 1);
	CHECK_EQ_I64(match(m, texts[1]), 1);
	CHECK_EQ_I64(match(m, texts[2]), 1);
	CHECK_EQ_STR(tix_miner_template(m, 1), "backup job <*> finished ok");
	CHECK_EQ_I64(tix_miner_npatterns(m), 1);
	tix_miner_free(m);
}

/* ---------- 3. rules a, b and c ---------- */

/*
 * Learn the family "Ticket queue <v> was closed" (five tokens; v is at
 * position 2, past the two tree levels, so every text meets in one leaf
 * and joins at 4 of 5 positions) with value vals[i] seen cnt[i] times, in
 * a shuffled order with the first value first; then name one text of each
 * value into ids[].  Returns the miner.
 */
static struct tix_miner *queue_family(const struct tix_miner_opts *o, const char *const *vals,
				      const unsigned *cnt, size_t nv, long *ids, uint64_t seed)
{
	struct tix_miner *m = mk(o);
	size_t *order, n = 0, i, k;
	char s[128];

	if (!m)
		return NULL;
	for (i = 0; i < nv; i++)
		n += cnt[i];
	order = malloc(n * sizeof(*order));
	if (!order)
		abort();
	for (i = 0, k = 0; i < nv; i++) {
		unsigned c;

		for (c = 0; c < cnt[i]; c++)
			order[k++] = i;
	}
	rng_seed(seed);
	shuffle_idx(order + 1, n - 1);
	for (k = 0; k < n; k++) {
		snprintf(s, sizeof(s), "Ticket queue %s was closed", vals[order[k]]);
		CHECK_EQ_I64(add(m, s), 0);
	}
	free(order);
	CHECK_EQ_I64(tix_miner_nfamilies(m), 1);
	CHECK_EQ_I64(tix_miner_nlearnt(m), n);
	for (i = 0; i < nv; i++) {
		snprintf(s, sizeof(s), "Ticket queue %s was closed", vals[i]);
		ids[i] = match(m, s);
		CHECK(ids[i] >= 1);
	}
	return m;
}

static const char *const nato[] = {
	"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
	"india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa",
	"quebec", "romeo", "sierra", "tango",
};

/* All values constants: one pattern each, its own value in the template.
   tag names the case in a message (a line or a case number). */
static void expect_constant(struct tix_miner *m, const char *const *vals, const long *ids,
			    size_t nv, int tag)
{
	char want[128];
	size_t i;

	if (ndistinct(ids, nv) != nv || tix_miner_npatterns(m) != nv)
		fprintf(stderr, "  (constant case %d: %zu patterns of %zu values)\n",
			tag, ndistinct(ids, nv), nv);
	CHECK_EQ_I64(ndistinct(ids, nv), nv);
	CHECK_EQ_I64(tix_miner_npatterns(m), nv);
	for (i = 0; i < nv; i++) {
		snprintf(want, sizeof(want), "ticket queue %s was closed", vals[i]);
		CHECK_EQ_STR(tix_miner_template(m, ids[i]), want);
	}
}

/* Position 2 a variable: one pattern. */
static void expect_variable(struct tix_miner *m, const long *ids, size_t nv, int tag)
{
	if (ndistinct(ids, nv) != 1)
		fprintf(stderr, "  (variable case %d: %zu patterns)\n", tag,
			ndistinct(ids, nv));
	CHECK_EQ_I64(ndistinct(ids, nv), 1);
	CHECK_EQ_I64(tix_miner_npatterns(m), 1);
	CHECK_EQ_STR(tix_miner_template(m, ids[0]), "ticket queue <*> was closed");
}

static void test_rule_a(void)
{
	struct tix_miner_opts o;
	struct tix_miner *m;
	unsigned cnt[20];
	long ids[20];
	size_t i;

	/* Every value seen 3 times: each is frequent (3 >= max(3, 5% of at
	   most 60)), so rule c never applies; no masks, so b never does. */
	for (i = 0; i < NELEM(cnt); i++)
		cnt[i] = 3;

	/* 16 distinct values: kept, constants, 16 patterns */
	m = queue_family(NULL, nato, cnt, 16, ids, 1);
	if (m)
		expect_constant(m, nato, ids, 16, __LINE__);
	tix_miner_free(m);

	/* 15: the same */
	m = queue_family(NULL, nato, cnt, 15, ids, 2);
	if (m)
		expect_constant(m, nato, ids, 15, __LINE__);
	tix_miner_free(m);

	/* a 17th distinct value arrives: a variable for good */
	m = queue_family(NULL, nato, cnt, 17, ids, 3);
	if (m)
		expect_variable(m, ids, 17, __LINE__);
	tix_miner_free(m);

	/* 18 */
	m = queue_family(NULL, nato, cnt, 18, ids, 4);
	if (m)
		expect_variable(m, ids, 18, __LINE__);
	tix_miner_free(m);

	/* the 17th seen once only, the 16 others 3 times: still rule a */
	cnt[16] = 1;
	m = queue_family(NULL, nato, cnt, 17, ids, 5);
	if (m)
		expect_variable(m, ids, 17, __LINE__);
	tix_miner_free(m);
	cnt[16] = 3;

	/* max_values is rule a's 16: at 4, a fifth value is the 17th */
	tix_miner_defaults(&o);
	o.max_values = 4;
	m = queue_family(&o, nato, cnt, 4, ids, 6);
	if (m)
		expect_constant(m, nato, ids, 4, __LINE__);
	tix_miner_free(m);
	m = queue_family(&o, nato, cnt, 5, ids, 7);
	if (m)
		expect_variable(m, ids, 5, __LINE__);
	tix_miner_free(m);
}

static void test_rule_b(void)
{
	static const char *const word_num[] = { "alpha", "7" };
	static const char *const word_word[] = { "alpha", "bravo" };
	static const char *const num_only[] = { "7", "12" };
	static const char *const num_pct[] = { "7", "12%" };
	static const char *const id_word[] = { "tk00042", "alpha" };
	static const unsigned c20_1[] = { 20, 1 }, c1_20[] = { 1, 20 }, c20_20[] = { 20, 20 };
	struct tix_miner *m;
	long ids[2];

	/* a word and a mask (seen once): a variable, though only 2 values */
	m = queue_family(NULL, word_num, c20_1, 2, ids, 11);
	if (m)
		expect_variable(m, ids, 2, __LINE__);
	tix_miner_free(m);

	/* the word seen once, the mask 20 times */
	m = queue_family(NULL, word_num, c1_20, 2, ids, 12);
	if (m)
		expect_variable(m, ids, 2, __LINE__);
	tix_miner_free(m);

	/* both frequent: still a variable (b is not about counts) */
	m = queue_family(NULL, word_num, c20_20, 2, ids, 13);
	if (m)
		expect_variable(m, ids, 2, __LINE__);
	tix_miner_free(m);

	/* two words, no mask: constants */
	m = queue_family(NULL, word_word, c20_1, 2, ids, 14);
	if (m)
		expect_constant(m, word_word, ids, 2, __LINE__);
	tix_miner_free(m);

	/* "7" and "12" are one value, <NUM>: a constant "<NUM>" */
	m = queue_family(NULL, num_only, c20_1, 2, ids, 15);
	if (m) {
		CHECK_EQ_I64(ids[0], ids[1]);
		CHECK_EQ_I64(tix_miner_npatterns(m), 1);
		CHECK_EQ_STR(tix_miner_template(m, ids[0]), "ticket queue <NUM> was closed");
	}
	tix_miner_free(m);

	/* two masks, <NUM> and <PCT>: a variable */
	m = queue_family(NULL, num_pct, c20_20, 2, ids, 16);
	if (m)
		expect_variable(m, ids, 2, __LINE__);
	tix_miner_free(m);

	/* <ID> and a word */
	m = queue_family(NULL, id_word, c20_1, 2, ids, 17);
	if (m)
		expect_variable(m, ids, 2, __LINE__);
	tix_miner_free(m);
}

static void test_rule_c(void)
{
	static const char *const v3[] = { "alpha", "bravo", "charlie" };
	static const struct {
		unsigned cnt[3];
		size_t nv;
		int variable;
	} cases[] = {
		/* 10 texts: frequent from max(3, 0.5) = 3 */
		{ { 8, 1, 1 }, 3, 1 },		/* one frequent */
		{ { 6, 2, 2 }, 3, 1 },		/* one frequent, two at 2 */
		{ { 5, 3, 2 }, 3, 0 },		/* two frequent (3 is enough) */
		{ { 4, 3, 3 }, 3, 0 },		/* three frequent */
		{ { 9, 1, 0 }, 2, 0 },		/* two values: c does not apply */
		{ { 5, 5, 0 }, 2, 0 },
		/* 3 texts, 3 values, none frequent ("at most one") */
		{ { 1, 1, 1 }, 3, 1 },
		/* 60 texts: frequent from max(3, 3.0) = 3 */
		{ { 55, 3, 2 }, 3, 0 },
		{ { 56, 2, 2 }, 3, 1 },
		{ { 57, 3, 0 }, 2, 0 },
		/* 70 texts: frequent from 3.5, so 4 */
		{ { 64, 3, 3 }, 3, 1 },
		{ { 63, 4, 3 }, 3, 0 },
		/* 100 texts: frequent from max(3, 5) = 5; 4 >= min_count is
		   not enough */
		{ { 91, 5, 4 }, 3, 0 },
		{ { 92, 4, 4 }, 3, 1 },
		{ { 90, 5, 5 }, 3, 0 },
		{ { 98, 1, 1 }, 3, 1 },
		/* 200 texts: from 10 */
		{ { 181, 10, 9 }, 3, 0 },
		{ { 182, 9, 9 }, 3, 1 },
	};
	struct tix_miner_opts o;
	struct tix_miner *m;
	long ids[3];
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		m = queue_family(NULL, v3, cases[i].cnt, cases[i].nv, ids, 100 + i);
		if (!m)
			continue;
		if (cases[i].variable)
			expect_variable(m, ids, cases[i].nv, (int)i);
		else
			expect_constant(m, v3, ids, cases[i].nv, (int)i);
		tix_miner_free(m);
	}

	/* min_values 4: three values are not enough for c */
	tix_miner_defaults(&o);
	o.min_values = 4;
	{
		static const unsigned c811[] = { 8, 1, 1 };

		m = queue_family(&o, v3, c811, 3, ids, 150);
		if (m)
			expect_constant(m, v3, ids, 3, __LINE__);
		tix_miner_free(m);
	}
	/* min_count 1, share 0: every value seen is frequent, c never
	   applies */
	tix_miner_defaults(&o);
	o.min_count = 1;
	o.share = 0.0;
	{
		static const unsigned c811[] = { 8, 1, 1 };

		m = queue_family(&o, v3, c811, 3, ids, 151);
		if (m)
			expect_constant(m, v3, ids, 3, __LINE__);
		tix_miner_free(m);
	}
	/* share 0.5 on 10 texts: frequent from 5 */
	tix_miner_defaults(&o);
	o.share = 0.5;
	{
		static const unsigned c541[] = { 5, 4, 1 }, c550[] = { 5, 5, 0 };
		static const unsigned c433[] = { 4, 3, 3 };

		m = queue_family(&o, v3, c541, 3, ids, 152);
		if (m)
			expect_variable(m, ids, 3, __LINE__);
		tix_miner_free(m);
		m = queue_family(&o, v3, c550, 2, ids, 153);
		if (m)
			expect_constant(m, v3, ids, 2, __LINE__);
		tix_miner_free(m);
		m = queue_family(&o, v3, c433, 3, ids, 154);
		if (m)
			expect_variable(m, ids, 3, __LINE__);
		tix_miner_free(m);
	}
}

/*
 * Learning and naming interleaved: a pattern whose constant becomes a
 * variable gets a new id, the old one keeps its template; rule c is
 * judged anew at each naming.
 */
static void test_new_ids(void)
{
	struct tix_miner *m = mk(NULL);
	long a, b, c, d;
	int i;

	if (!m)
		return;
	add(m, "User login failed for @ann");
	a = match(m, "User login failed for @ann");
	CHECK_EQ_I64(a, 1);
	CHECK_EQ_STR(tix_miner_template(m, a), "user login failed for <HANDLE>");
	add(m, "User login succeeded for @bob");
	b = match(m, "User login succeeded for @bob");
	CHECK_EQ_I64(b, 2);
	CHECK_EQ_STR(tix_miner_template(m, b), "user login succeeded for <HANDLE>");
	CHECK_EQ_I64(match(m, "User login failed for @cy"), a);
	CHECK_EQ_I64(tix_miner_nfamilies(m), 1);

	/* a third value, all seen once: none frequent, rule c */
	add(m, "User login errored for @dan");
	c = match(m, "User login failed for @ann");
	CHECK_EQ_I64(c, 3);
	CHECK_EQ_STR(tix_miner_template(m, c), "user login <*> for <HANDLE>");
	CHECK_EQ_I64(match(m, "User login succeeded for @bob"), c);
	CHECK_EQ_I64(match(m, "User login errored for @dan"), c);
	/* the old ids keep their templates */
	CHECK_EQ_STR(tix_miner_template(m, a), "user login failed for <HANDLE>");
	CHECK_EQ_STR(tix_miner_template(m, b), "user login succeeded for <HANDLE>");
	CHECK_EQ_I64(tix_miner_npatterns(m), 3);

	/* failed and succeeded become frequent (4 and 4 of 9 texts): rule c
	   no longer holds, position 2 is a constant again */
	for (i = 0; i < 3; i++) {
		add(m, "User login failed for @ann");
		add(m, "User login succeeded for @bob");
	}
	d = match(m, "User login failed for @ann");
	CHECK(d >= 1 && d != c);
	CHECK_EQ_STR(tix_miner_template(m, d), "user login failed for <HANDLE>");
	CHECK_EQ_STR(tix_miner_template(m, match(m, "User login succeeded for @bob")),
		     "user login succeeded for <HANDLE>");
	CHECK_EQ_STR(tix_miner_template(m, c), "user login <*> for <HANDLE>");
	tix_miner_free(m);
}

/* ---------- 4. joining: threshold, "<*>", ties ---------- */

static void test_join(void)
{
	struct tix_miner_opts o;
	struct tix_miner *m;

	/* 2 of 4 equal: half, joins; the differing values stay constants */
	m = mk(NULL);
	if (m) {
		add(m, "a b c d");
		add(m, "a b x y");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 1);
		CHECK(match(m, "a b c d") != match(m, "a b x y"));
		CHECK_EQ_STR(tpl(m, "a b c d"), "a b c d");
		CHECK_EQ_STR(tpl(m, "a b x y"), "a b x y");
		tix_miner_free(m);
	}
	/* 2 of 5: below half, a new family */
	m = mk(NULL);
	if (m) {
		add(m, "a b c d e");
		add(m, "a b x y z");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 2);
		tix_miner_free(m);
	}
	/* 3 of 5 */
	m = mk(NULL);
	if (m) {
		add(m, "a b c d e");
		add(m, "a b c y z");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 1);
		tix_miner_free(m);
	}
	/* 2 of 3 */
	m = mk(NULL);
	if (m) {
		add(m, "a b c");
		add(m, "a b x");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 1);
		tix_miner_free(m);
	}
	/* similarity 0.8: 4 of 5 joins, 3 of 5 does not */
	tix_miner_defaults(&o);
	o.similarity = 0.8;
	m = mk(&o);
	if (m) {
		add(m, "a b c d e");
		add(m, "a b c d z");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 1);
		add(m, "a b c y z");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 2);
		tix_miner_free(m);
	}
	/* "<*>" equals nothing: after "a b x y e f" joined "a b c d e f",
	   the template is "a b <*> <*> e f", and "a b c d s t" has only
	   a, b equal (2 of 6) */
	m = mk(NULL);
	if (m) {
		add(m, "a b c d e f");
		add(m, "a b x y e f");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 1);
		add(m, "a b c d s t");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 2);
		CHECK_EQ_STR(tpl(m, "a b c d s t"), "a b c d s t");
		tix_miner_free(m);
	}
	/* depth 1: the second token is no tree level, so "disk alpha full
	   now" and "disk bravo full now" meet (3 of 4) */
	m = mk(NULL);
	if (m) {
		add(m, "disk alpha full now");
		add(m, "disk bravo full now");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 2);
		tix_miner_free(m);
	}
	tix_miner_defaults(&o);
	o.depth = 1;
	m = mk(&o);
	if (m) {
		add(m, "disk alpha full now");
		add(m, "disk bravo full now");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 1);
		CHECK_EQ_STR(tpl(m, "disk alpha full now"), "disk alpha full now");
		CHECK_EQ_STR(tpl(m, "disk bravo full now"), "disk bravo full now");
		tix_miner_free(m);
	}
}

/*
 * Ties.  F1 = "a b c d e f g h", F2 = "a b p q r s t u" (2 of 8 equal:
 * apart).  T = "a b c d r s 7 z" has 4 of 8 equal to both.
 */
static void test_ties(void)
{
	struct tix_miner *m;

	/* both templates without "<*>": the older, F1, takes T.  F1 becomes
	   "a b c d <*> <*> <*> <*>"; its position 6 saw g and <NUM> (rule
	   b), position 7 h and z, 4 e and r, 5 f and s (constants). */
	m = mk(NULL);
	if (m) {
		add(m, "a b c d e f g h");
		add(m, "a b p q r s t u");
		add(m, "a b c d r s 7 z");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 2);
		CHECK_EQ_STR(tpl(m, "a b c d e f g h"), "a b c d e f <*> h");
		CHECK_EQ_STR(tpl(m, "a b p q r s t u"), "a b p q r s t u");
		CHECK_EQ_STR(tpl(m, "a b c d r s 7 z"), "a b c d r s <*> z");
		tix_miner_free(m);
	}
	/* F2 already has two "<*>" ("a b p q r s v w" joined it at 6 of 8):
	   the template with more "<*>" takes T, though younger.  F2's
	   position 6 saw t, v and <NUM> (b), position 7 u, w, z once each
	   (c: three values, none frequent). */
	m = mk(NULL);
	if (m) {
		add(m, "a b c d e f g h");
		add(m, "a b p q r s t u");
		add(m, "a b p q r s v w");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 2);
		add(m, "a b c d r s 7 z");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 2);
		CHECK_EQ_STR(tpl(m, "a b c d e f g h"), "a b c d e f g h");
		CHECK_EQ_STR(tpl(m, "a b p q r s t u"), "a b p q r s <*> <*>");
		CHECK_EQ_STR(tpl(m, "a b c d r s 7 z"), "a b c d r s <*> <*>");
		tix_miner_free(m);
	}
	/* more equal positions beat age: "a b c d r s t 7" has 4 equal to
	   F1, 5 to F2 */
	m = mk(NULL);
	if (m) {
		add(m, "a b c d e f g h");
		add(m, "a b p q r s t u");
		add(m, "a b c d r s t 7");
		CHECK_EQ_I64(tix_miner_nfamilies(m), 2);
		CHECK_EQ_STR(tpl(m, "a b c d e f g h"), "a b c d e f g h");
		CHECK_EQ_STR(tpl(m, "a b p q r s t u"), "a b p q r s t <*>");
		CHECK_EQ_STR(tpl(m, "a b c d r s t 7"), "a b c d r s t <*>");
		tix_miner_free(m);
	}
}

/*
 * Naming picks a family as learning does: the most equal positions ("<*>"
 * equals nothing), at least half of them; and shows the text's own values
 * at the constant positions.  Learnt, in this order:
 *   F  "a b c d e f"                  founds F
 *      "a b x d e f"  5 of 6 equal    F: "a b <*> d e f"
 *      "a b x y e f"  4 of 6 (a b e f) F: "a b <*> <*> e f"
 *      "a b x y z f"  3 of 6 (a b f)   F: "a b <*> <*> <*> f"
 *   G  "a b x y z w"  2 of 6          founds G
 * F's positions saw at most two values each, G's one: all constants.
 */
static void test_naming(void)
{
	static const char *const t[] = {
		"a b c d e f", "a b x d e f", "a b x y e f", "a b x y z f", "a b x y z w",
	};
	struct tix_miner *m = mk(NULL);
	long ids[NELEM(t)], u1, u2, u3;
	size_t i;

	if (!m)
		return;
	add_all(m, t, NELEM(t));
	CHECK_EQ_I64(tix_miner_nfamilies(m), 2);
	/* Whichever family a text is named in (F, which it joined, or G,
	   with 4 and 5 equal positions for the third and fourth text), its
	   positions are constants there: every text is its own pattern and
	   its template is the text. */
	for (i = 0; i < NELEM(t); i++) {
		ids[i] = match(m, t[i]);
		CHECK_EQ_STR(tix_miner_template(m, ids[i]), t[i]);
	}
	CHECK_EQ_I64(ndistinct(ids, NELEM(t)), NELEM(t));

	/* Unlike anything learnt: 2 of 6 positions equal to F ("a b", its
	   three "<*>" equal nothing) and to G.  A pattern of its own each,
	   all constants. */
	u1 = match(m, "a b q r s t");
	u2 = match(m, "a b k l m n");
	u3 = match(m, "a b c d s t");
	CHECK_EQ_STR(tix_miner_template(m, u1), "a b q r s t");
	CHECK_EQ_STR(tix_miner_template(m, u2), "a b k l m n");
	CHECK_EQ_STR(tix_miner_template(m, u3), "a b c d s t");
	CHECK(u1 != u2 && u1 != u3 && u2 != u3);
	for (i = 0; i < NELEM(t); i++)
		CHECK(ids[i] != u1 && ids[i] != u2 && ids[i] != u3);
	tix_miner_free(m);
}

/* ---------- 5. token counts ---------- */

static void test_counts(void)
{
	static const char *const texts[] = {
		"disk full on server",
		"disk full on server now",
		"disk full on server now again",
		"disk full on",
		"disk full",
		"disk",
		"disk full on server now again and again",
	};
	long ids[NELEM(texts)];
	struct tix_miner *m = mk(NULL);
	size_t i;

	if (!m)
		return;
	/* many of each, so that nothing is rare */
	for (i = 0; i < 5 * NELEM(texts); i++)
		add(m, texts[i % NELEM(texts)]);
	for (i = 0; i < NELEM(texts); i++) {
		ids[i] = match(m, texts[i]);
		CHECK_EQ_STR(tix_miner_template(m, ids[i]), texts[i]);
	}
	CHECK_EQ_I64(ndistinct(ids, NELEM(texts)), NELEM(texts));
	CHECK_EQ_I64(tix_miner_nfamilies(m), NELEM(texts));
	tix_miner_free(m);
}

/* ---------- 6. the tree's 100 children ---------- */

/* A letters-only word, distinct for each i (a word with digits would be
   masked as <ID> and every text would share one first token). */
static void host_word(char *out, size_t i)
{
	snprintf(out, 16, "host%c%c%c", 'a' + (int)(i / 676 % 26), 'a' + (int)(i / 26 % 26),
		 'a' + (int)(i % 26));
}

static void test_children(void)
{
	enum { NW = 150, PER = 3 };
	struct tix_miner *m = mk(NULL);
	long down[NW][PER], up[NW][PER];
	char w[16], s[128], want[128];
	size_t i, j, bad_own = 0, bad_split = 0;

	if (!m)
		return;
	for (i = 0; i < NW; i++) {
		host_word(w, i);
		for (j = 0; j < PER; j++) {
			snprintf(s, sizeof(s), "%s went down at %zu", w, 10 + i * PER + j);
			CHECK_EQ_I64(add(m, s), 0);
			snprintf(s, sizeof(s), "%s came back up again", w);
			CHECK_EQ_I64(add(m, s), 0);
		}
	}
	CHECK_EQ_I64(tix_miner_nlearnt(m), 2 * NW * PER);
	for (i = 0; i < NW; i++) {
		host_word(w, i);
		for (j = 0; j < PER; j++) {
			snprintf(s, sizeof(s), "%s went down at %zu", w, 10 + i * PER + j);
			down[i][j] = match(m, s);
			snprintf(s, sizeof(s), "%s came back up again", w);
			up[i][j] = match(m, s);
			/* nothing lost */
			CHECK(down[i][j] >= 1 && tix_miner_template(m, down[i][j]) != NULL);
			CHECK(up[i][j] >= 1 && tix_miner_template(m, up[i][j]) != NULL);
		}
	}
	/* The first 99 first tokens surely have a child of their own (the
	   100th may be the "<*>" child itself): a pattern per host and
	   sentence. */
	for (i = 0; i < 99; i++) {
		host_word(w, i);
		snprintf(want, sizeof(want), "%s went down at <NUM>", w);
		for (j = 0; j < PER; j++) {
			bad_own += down[i][j] != down[i][0] || up[i][j] != up[i][0];
			bad_own += down[i][j] == up[i][j];
		}
		bad_own += strcmp(tix_miner_template(m, down[i][0]) ?
				  tix_miner_template(m, down[i][0]) : "", want) != 0;
		for (j = 0; j < i; j++)
			bad_own += down[j][0] == down[i][0] || up[j][0] == up[i][0];
	}
	CHECK_EQ_I64(bad_own, 0);
	/* From the 101st on, they share the "<*>" child: one family per
	   sentence, position 0 seeing 50 hosts (rule a), so one pattern per
	   sentence, and the two sentences apart. */
	for (i = 100; i < NW; i++)
		for (j = 0; j < PER; j++) {
			bad_split += down[i][j] != down[100][0];
			bad_split += up[i][j] != up[100][0];
		}
	CHECK_EQ_I64(bad_split, 0);
	CHECK(down[100][0] != up[100][0]);
	CHECK(down[100][0] != down[0][0]);
	CHECK_EQ_STR(tix_miner_template(m, down[100][0]), "<*> went down at <NUM>");
	CHECK_EQ_STR(tix_miner_template(m, up[100][0]), "<*> came back up again");
	CHECK(tix_miner_nfamilies(m) == 2 * 99 + 2 || tix_miner_nfamilies(m) == 2 * 100 + 2);
	tix_miner_free(m);
}

/* max_children 3, at the first and at the second level. */
static void test_children_small(void)
{
	static const char *const w1[] = { "alpha", "bravo", "charlie", "delta", "echo" };
	struct tix_miner_opts o;
	struct tix_miner *m;
	char s[64], want[64];
	long ids[20];
	size_t i, j, nf;

	tix_miner_defaults(&o);
	o.max_children = 3;
	/* first level: the first two words surely have their own child, the
	   fourth and fifth surely share "<*>"; each seen 3 times, so the
	   shared family's position 0 has frequent values only: constants */
	m = mk(&o);
	if (!m)
		return;
	for (j = 0; j < 3; j++)
		for (i = 0; i < NELEM(w1); i++) {
			snprintf(s, sizeof(s), "%s x y z", w1[i]);
			add(m, s);
		}
	nf = tix_miner_nfamilies(m);
	CHECK(nf == 3 || nf == 4);
	for (i = 0; i < NELEM(w1); i++) {
		snprintf(s, sizeof(s), "%s x y z", w1[i]);
		ids[i] = match(m, s);
		CHECK_EQ_STR(tix_miner_template(m, ids[i]), s);
	}
	CHECK_EQ_I64(ndistinct(ids, NELEM(w1)), NELEM(w1));
	tix_miner_free(m);

	/* second level, 20 second words, 3 texts each: from the fourth on
	   they share a family whose position 1 sees 17 values (rule a) */
	m = mk(&o);
	if (!m)
		return;
	for (j = 0; j < 3; j++)
		for (i = 0; i < 20; i++) {
			snprintf(s, sizeof(s), "queue %s x y", nato[i]);
			add(m, s);
		}
	for (i = 0; i < 20; i++) {
		snprintf(s, sizeof(s), "queue %s x y", nato[i]);
		ids[i] = match(m, s);
	}
	for (i = 0; i < 2; i++) {
		snprintf(want, sizeof(want), "queue %s x y", nato[i]);
		CHECK_EQ_STR(tix_miner_template(m, ids[i]), want);
	}
	CHECK(ids[0] != ids[1] && ids[0] != ids[3] && ids[1] != ids[3]);
	for (i = 3; i < 20; i++)
		CHECK_EQ_I64(ids[i], ids[3]);
	CHECK_EQ_STR(tix_miner_template(m, ids[3]), "queue <*> x y");
	tix_miner_free(m);
}

/* ---------- 7. ids: order and determinism ---------- */

static void test_ids(void)
{
	static const char *const texts[] = {
		"Refund issued for order tk00042",
		"Password reset link expired",
		"Printer jammed on floor 3",
	};
	struct tix_miner *m = mk(NULL);

	if (!m)
		return;
	add_all(m, texts, NELEM(texts));
	CHECK_EQ_I64(tix_miner_npatterns(m), 0);
	/* named in another order than learnt: ids follow naming */
	CHECK_EQ_I64(match(m, texts[2]), 1);
	CHECK_EQ_I64(match(m, texts[0]), 2);
	CHECK_EQ_I64(match(m, "Printer jammed on floor 12"), 1);
	CHECK_EQ_I64(match(m, texts[1]), 3);
	CHECK_EQ_I64(match(m, texts[0]), 2);
	CHECK_EQ_I64(tix_miner_npatterns(m), 3);
	CHECK_EQ_STR(tix_miner_template(m, 2), "refund issued for order <ID>");
	CHECK_EQ_STR(tix_miner_template(m, 3), "password reset link expired");
	tix_miner_free(m);
}

/* A messy random corpus: few words, lengths 3 to 8, lots of joins and
   ties.  Texts of one id must agree with its template and have one token
   count; two miners must agree on everything. */
static const char *const vocab[] = {
	"error", "disk", "user", "login", "failed", "ok", "retry", "queue",
	"sync", "mail", "42", "7%", "@ann", "tk00017", "10.0.0.1",
};

static char *messy_text(void)
{
	char *s = malloc(128);
	size_t len = 3 + (size_t)rng_below(6), i, o = 0;

	if (!s)
		abort();
	for (i = 0; i < len; i++) {
		/* the first two tokens from a smaller set: many texts per
		   leaf; never two masks of one kind in a row */
		size_t w = i < 2 ? (size_t)rng_below(3) : (size_t)rng_below(NELEM(vocab));

		o += (size_t)snprintf(s + o, 128 - o, "%s%s", i ? " " : "", vocab[w]);
	}
	return s;
}

static int messy_ok(const char *s)
{
	size_t k = token_texts(s, strlen(s)), i;

	for (i = 1; i < k; i++)
		if (toktext[i][0] == '<' && strcmp(toktext[i], toktext[i - 1]) == 0)
			return 0;
	return 1;
}

static void test_determinism(void)
{
	enum { N = 20000 };
	char **texts = calloc(N, sizeof(*texts));
	long *ida = malloc(N * sizeof(long)), *idb = malloc(N * sizeof(long));
	unsigned *ntok;
	char **first_tpl;
	struct tix_miner *a = mk(NULL), *b = mk(NULL), *c = mk(NULL);
	size_t i, n = 0, bad_same = 0, bad_desc = 0, bad_count = 0, bad_tpl = 0, bad_order = 0;
	long maxid = 0;

	if (!texts || !ida || !idb || !a || !b || !c)
		abort();
	rng_seed(77);
	while (n < N) {
		char *s = messy_text();

		if (messy_ok(s))
			texts[n++] = s;
		else
			free(s);
	}
	/* two passes on a and b */
	for (i = 0; i < N; i++) {
		add(a, texts[i]);
		add(b, texts[i]);
	}
	for (i = 0; i < N; i++) {
		ida[i] = match(a, texts[i]);
		idb[i] = match(b, texts[i]);
		bad_same += ida[i] != idb[i];
		if (ida[i] > maxid + 1 || ida[i] < 1)
			bad_order++;
		if (ida[i] > maxid)
			maxid = ida[i];
		bad_desc += !describes(tix_miner_template(a, ida[i]) ?
				       tix_miner_template(a, ida[i]) : "(none)", texts[i]);
	}
	CHECK_EQ_I64(bad_same, 0);
	CHECK_EQ_I64(bad_order, 0);
	CHECK_EQ_I64(bad_desc, 0);
	CHECK_EQ_I64(tix_miner_npatterns(a), maxid);
	CHECK_EQ_I64(tix_miner_npatterns(b), maxid);
	CHECK_EQ_I64(tix_miner_nfamilies(a), tix_miner_nfamilies(b));
	for (i = 1; i <= (size_t)maxid; i++) {
		const char *ta = tix_miner_template(a, (long)i), *tb = tix_miner_template(b, (long)i);

		bad_tpl += !ta || !tb || strcmp(ta, tb) != 0;
	}
	CHECK_EQ_I64(bad_tpl, 0);

	/* one token count per id */
	ntok = calloc((size_t)maxid + 1, sizeof(*ntok));
	if (!ntok)
		abort();
	for (i = 0; i < N; i++) {
		unsigned k = (unsigned)token_texts(texts[i], strlen(texts[i]));

		if (ida[i] < 1 || ida[i] > maxid)
			continue;
		if (ntok[ida[i]] && ntok[ida[i]] != k)
			bad_count++;
		ntok[ida[i]] = k;
	}
	CHECK_EQ_I64(bad_count, 0);
	free(ntok);

	/* interleaved on c: every naming agrees with the text, and an id's
	   template never changes once met */
	first_tpl = calloc(N + 1, sizeof(*first_tpl));
	if (!first_tpl)
		abort();
	bad_desc = bad_tpl = bad_order = 0;
	maxid = 0;
	for (i = 0; i < N; i++) {
		long id;
		const char *t;

		add(c, texts[i]);
		id = match(c, texts[i]);
		if (id < 1 || id > maxid + 1 || id > N) {
			bad_order++;
			continue;
		}
		if (id > maxid)
			maxid = id;
		t = tix_miner_template(c, id);
		if (!t) {
			bad_tpl++;
			continue;
		}
		bad_desc += !describes(t, texts[i]);
		if (!first_tpl[id])
			first_tpl[id] = strdup(t);
		else
			bad_tpl += strcmp(first_tpl[id], t) != 0;
	}
	for (i = 1; i <= (size_t)maxid; i++) {
		const char *t = tix_miner_template(c, (long)i);

		bad_tpl += !t || !first_tpl[i] || strcmp(first_tpl[i], t) != 0;
		free(first_tpl[i]);
	}
	CHECK_EQ_I64(bad_order, 0);
	CHECK_EQ_I64(bad_desc, 0);
	CHECK_EQ_I64(bad_tpl, 0);
	CHECK_EQ_I64(tix_miner_npatterns(c), maxid);
	free(first_tpl);

	for (i = 0; i < N; i++)
		free(texts[i]);
	free(texts);
	free(ida);
	free(idb);
	tix_miner_free(a);
	tix_miner_free(b);
	tix_miner_free(c);
}

/* ---------- 8. templates ---------- */

static void test_templates(void)
{
	struct tix_miner *m;

	/* spacing of the family's first text: one space where it had any */
	m = mk(NULL);
	if (m) {
		add(m, "Upload  stuck at 87%");
		add(m, "Upload stuck   at 12%");
		CHECK_EQ_I64(match(m, "Upload stuck at 5%"), 1);
		CHECK_EQ_STR(tix_miner_template(m, 1), "upload stuck at <PCT>");
		tix_miner_free(m);
	}
	m = mk(NULL);
	if (m) {
		add(m, "Error:disk full");
		add(m, "error: disk   full");
		CHECK_EQ_STR(tpl(m, "ERROR : DISK FULL"), "error:disk full");
		CHECK_EQ_I64(tix_miner_npatterns(m), 1);
		tix_miner_free(m);
	}
	/* nothing before the first token or after the last */
	m = mk(NULL);
	if (m) {
		add(m, "   Leading and trailing   ");
		CHECK_EQ_STR(tpl(m, "Leading and trailing"), "leading and trailing");
		tix_miner_free(m);
	}
	/* a tab is spacing too: one space */
	m = mk(NULL);
	if (m) {
		add(m, "tab\tseparated words");
		CHECK_EQ_STR(tpl(m, "tab separated words"), "tab separated words");
		tix_miner_free(m);
	}
	/* every mask by name, words lowered */
	m = mk(NULL);
	if (m) {
		add(m, "Refund $12.50 to Bob@Example.com on 2024-03-05 at 14:22");
		add(m, "Refund $7 to ann@example.org on 2023-12-31 at 9:05");
		CHECK_EQ_STR(tpl(m, "REFUND 3 EUR TO x@y.io ON 2024-01-01 AT 10:00"),
			     "refund <MONEY> to <EMAIL> on <DATE> at <TIME>");
		add(m, "Server 10.0.0.1 runs v2.6.32 see https://x.io/a?b=1 pid 0x1f at /var/log");
		CHECK_EQ_STR(tpl(m, "Server 10.0.0.1 runs v2.6.32 see https://x.io/a?b=1 pid 0x1f at /var/log"),
			     "server <IP> runs <VER> see <URL> pid <HEX> at <PATH>");
		add(m, "Ticket INC004211 from @Maria_K costs 1,250 or 15%");
		CHECK_EQ_STR(tpl(m, "Ticket INC004211 from @Maria_K costs 1,250 or 15%"),
			     "ticket <ID> from <HANDLE> costs <NUM> or <PCT>");
		tix_miner_free(m);
	}
	/* the variables of a family under the first text's spacing */
	m = mk(NULL);
	if (m) {
		add(m, "Sync failed:queue alpha");
		add(m, "Sync failed : queue 7");
		CHECK_EQ_STR(tpl(m, "Sync failed: queue bravo"), "sync failed:queue <*>");
		tix_miner_free(m);
	}
}

/* ---------- 9. texts never learnt ---------- */

static void test_unlearnt(void)
{
	struct tix_miner *m = mk(NULL);
	long a, b, c, d, e;
	int i;

	if (!m)
		return;
	/* nothing learnt at all */
	a = match(m, "Printer on fire in room 12");
	CHECK_EQ_I64(a, 1);
	CHECK_EQ_STR(tix_miner_template(m, a), "printer on fire in room <NUM>");
	CHECK_EQ_I64(match(m, "Printer on fire in room 12"), a);
	CHECK_EQ_I64(tix_miner_nlearnt(m), 0);

	for (i = 0; i < 5; i++) {
		char s[64];

		snprintf(s, sizeof(s), "User login failed for @u%d", i);
		add(m, s);
		add(m, "Upload stuck at 87%");
	}
	b = match(m, "User login failed for @zed");
	CHECK(b >= 2);
	CHECK_EQ_STR(tix_miner_template(m, b), "user login failed for <HANDLE>");
	/* unlike anything learnt: a pattern of its own, all constants */
	c = match(m, "Coffee machine broken again");
	CHECK(c >= 1 && c != a && c != b);
	CHECK_EQ_STR(tix_miner_template(m, c), "coffee machine broken again");
	/* one token more than a learnt text */
	d = match(m, "Upload stuck at 12% now");
	CHECK(d >= 1 && d != a && d != b && d != c);
	CHECK_EQ_STR(tix_miner_template(m, d), "upload stuck at <PCT> now");
	CHECK(match(m, "Upload stuck at 12%") != d);
	/* a learnt family, another value at a constant position: that value
	   in the template, not a learnt pattern's */
	e = match(m, "User login exploded for @zed");
	CHECK(e >= 1 && e != b);
	CHECK_EQ_STR(tix_miner_template(m, e), "user login exploded for <HANDLE>");
	/* another such value: it differs from "exploded" in a constant
	   position, so it is another pattern */
	{
		long f = match(m, "User login crashed for @zed");

		CHECK(f >= 1 && f != b && f != e);
		CHECK_EQ_STR(tix_miner_template(m, f), "user login crashed for <HANDLE>");
		CHECK_EQ_I64(match(m, "User login exploded for @amy"), e);
	}
	/* all distinct, and met again the same */
	CHECK_EQ_I64(match(m, "Coffee machine broken again"), c);
	CHECK_EQ_I64(match(m, "coffee  MACHINE broken again"), c);
	CHECK_EQ_I64(tix_miner_nlearnt(m), 10);
	tix_miner_free(m);
}

/* ---------- 10. hostile texts ---------- */

static void test_hostile(void)
{
	struct tix_miner *m = mk(NULL);
	char *big, *s;
	size_t i, o;
	long e, e2, p1, p2;
	const char *t;
	enum { MB = 1 << 20 };

	if (!m)
		return;
	/* empty and blank: no tokens, one pattern with an empty template */
	CHECK_EQ_I64(tix_miner_add(m, "", 0, err), 0);
	CHECK_EQ_I64(tix_miner_add(m, "  \t\r\n ", 6, err), 0);
	CHECK_EQ_I64(tix_miner_add(m, "\0\0\0", 3, err), 0);
	e = tix_miner_match(m, "", 0, err);
	CHECK(e >= 1);
	CHECK_EQ_STR(tix_miner_template(m, e), "");
	CHECK_EQ_I64(tix_miner_match(m, "  \t\r\n ", 6, err), e);
	CHECK_EQ_I64(tix_miner_match(m, "\0\0\0", 3, err), e);

	/* punctuation only: single-byte PUNCT tokens, not masked */
	add(m, "!!! ???");
	add(m, "...");
	p1 = match(m, "!!! ???");
	p2 = match(m, "...");
	CHECK(p1 >= 1 && p2 >= 1 && p1 != p2 && p1 != e);
	CHECK_EQ_STR(tix_miner_template(m, p1), "!!! ???");
	CHECK_EQ_STR(tix_miner_template(m, p2), "...");

	/* NUL bytes separate like spaces */
	add(m, "disk full on host");
	CHECK_EQ_I64(tix_miner_add(m, "disk\0full on host", 17, err), 0);
	CHECK_EQ_I64(tix_miner_match(m, "disk\0full on host", 17, err), match(m, "disk full on host"));
	CHECK_EQ_STR(tpl(m, "disk full on host"), "disk full on host");
	tix_miner_free(m);
	/* a family founded by a text with a NUL: its template still says
	   everything (a NUL-terminated template cannot hold the NUL) */
	m = mk(NULL);
	if (!m)
		return;
	CHECK_EQ_I64(tix_miner_add(m, "disk\0full on host", 17, err), 0);
	t = tix_miner_template(m, tix_miner_match(m, "disk\0full on host", 17, err));
	CHECK(t != NULL && strstr(t, "disk") && strstr(t, "full on host"));
	/* invalid UTF-8: bytes >= 0x80 are word bytes, kept as they are */
	add(m, "Caf\xc3\xa9 CR\xe9ME \xff\xfe broke");
	CHECK_EQ_STR(tpl(m, "Caf\xc3\xa9 CR\xe9ME \xff\xfe broke"), "caf\xc3\xa9 cr\xe9me \xff\xfe broke");
	add(m, "\xc3 \x80\x80 \xf0\x9f");
	CHECK_EQ_STR(tpl(m, "\xc3 \x80\x80 \xf0\x9f"), "\xc3 \x80\x80 \xf0\x9f");
	tix_miner_free(m);

	/* more than 256 tokens: the rest is not read */
	m = mk(NULL);
	if (!m)
		return;
	big = malloc(400 * 4 + 1);
	s = malloc(400 * 4 + 1);
	if (!big || !s)
		abort();
	for (i = 0, o = 0; i < 300; i++)
		o += (size_t)snprintf(big + o, 5, "%s%c%c", i ? " " : "", 'a' + (int)(i / 26),
				      'a' + (int)(i % 26));
	/* the same 256 first tokens, then other ones */
	memcpy(s, big, o + 1);
	for (i = 256; i < 300; i++)
		s[i * 3 + 0] = s[i * 3 + 1] = 'z';
	CHECK_EQ_I64(add(m, big), 0);
	CHECK_EQ_I64(add(m, s), 0);
	p1 = match(m, big);
	CHECK(p1 >= 1);
	CHECK_EQ_I64(match(m, s), p1);
	/* and 256 tokens exactly */
	CHECK_EQ_I64(tix_miner_match(m, big, 256 * 3 - 1, err), p1);
	CHECK_EQ_I64(tix_miner_npatterns(m), 1);
	CHECK_EQ_I64(tix_miner_nfamilies(m), 1);
	t = tix_miner_template(m, p1);
	CHECK(t != NULL && strlen(t) == 256 * 3 - 1 && memcmp(t, big, 256 * 3 - 1) == 0);
	free(big);
	free(s);
	tix_miner_free(m);

	/* a 1 MB word, upper case: its first 255 bytes, lowered */
	m = mk(NULL);
	if (!m)
		return;
	big = malloc(MB);
	if (!big)
		abort();
	memset(big, 'A', MB);
	CHECK_EQ_I64(tix_miner_add(m, big, MB, err), 0);
	p1 = tix_miner_match(m, big, MB, err);
	CHECK(p1 >= 1);
	t = tix_miner_template(m, p1);
	CHECK(t != NULL && strlen(t) == 255 && strspn(t, "a") == 255);
	memset(big, 'a', MB);
	CHECK_EQ_I64(tix_miner_match(m, big, MB, err), p1);
	/* a difference past byte 255 is not seen; one before it is */
	big[MB - 1] = 'b';
	CHECK_EQ_I64(tix_miner_match(m, big, MB, err), p1);
	big[254] = 'b';
	p2 = tix_miner_match(m, big, MB, err);
	CHECK(p2 >= 1 && p2 != p1);
	/* 1 MB of digits: one <NUM> */
	memset(big, '7', MB);
	CHECK_EQ_I64(tix_miner_add(m, big, MB, err), 0);
	e2 = tix_miner_match(m, big, MB, err);
	CHECK_EQ_STR(tix_miner_template(m, e2), "<NUM>");
	CHECK_EQ_I64(tix_miner_match(m, "12", 2, err), e2);
	free(big);
	tix_miner_free(m);
}

/* ---------- 11. 100,000 texts from 50 sentences ---------- */

/*
 * %N number, %P percent, %H handle, %I id, %E e-mail, %A IP address,
 * %W a name (40 of them: the position turns variable), %D date, %T time,
 * %M money, %U URL, %X hex, %V version.  No name at positions 0 or 1
 * (those are the tree's levels), no two masks of one kind side by side.
 */
static const struct {
	const char *gen, *want;
} sentences[] = {
	{ "Upload stuck at %P for %H", "upload stuck at <PCT> for <HANDLE>" },
	{ "Login failed for %H from %A", "login failed for <HANDLE> from <IP>" },
	{ "Password reset requested by %W via %E", "password reset requested by <*> via <EMAIL>" },
	{ "Payment of %M declined for order %I", "payment of <MONEY> declined for order <ID>" },
	{ "Refund %I issued on %D", "refund <ID> issued on <DATE>" },
	{ "Sync job nightly finished for %H", "sync job nightly finished for <HANDLE>" },
	{ "Sync job weekly finished for %H", "sync job weekly finished for <HANDLE>" },
	{ "Sync job hourly finished for %H", "sync job hourly finished for <HANDLE>" },
	{ "App crashes when opening %U", "app crashes when opening <URL>" },
	{ "Order %I shipped to %W on %D", "order <ID> shipped to <*> on <DATE>" },
	{ "Cannot connect to server %A on port %N", "cannot connect to server <IP> on port <NUM>" },
	{ "%N files failed to sync", "<NUM> files failed to sync" },
	{ "Disk usage at %P on host %A", "disk usage at <PCT> on host <IP>" },
	{ "Invoice %I overdue by %N days", "invoice <ID> overdue by <NUM> days" },
	{ "Customer reports slow loading for %W on %U", "customer reports slow loading for <*> on <URL>" },
	{ "Firmware %V rollout paused at %P", "firmware <VER> rollout paused at <PCT>" },
	{ "Backup of %E mailbox completed at %T", "backup of <EMAIL> mailbox completed at <TIME>" },
	{ "Scheduled call with %W moved to %T on %D", "scheduled call with <*> moved to <TIME> on <DATE>" },
	{ "Ticket %I escalated to tier 2 by %H", "ticket <ID> escalated to tier <NUM> by <HANDLE>" },
	{ "Memory leak detected in worker %X", "memory leak detected in worker <HEX>" },
	{ "Subscription renewed for %M by %E", "subscription renewed for <MONEY> by <EMAIL>" },
	{ "Two-factor code sent to %H at %T", "two-factor code sent to <HANDLE> at <TIME>" },
	{ "Export of %N rows timed out after %N seconds", "export of <NUM> rows timed out after <NUM> seconds" },
	{ "Webhook delivery to %U returned %N", "webhook delivery to <URL> returned <NUM>" },
	{ "Coupon %I rejected at checkout for %W", "coupon <ID> rejected at checkout for <*>" },
	{ "Search index rebuild reached %P after %N minutes", "search index rebuild reached <PCT> after <NUM> minutes" },
	{ "User %H changed plan to premium on %D", "user <HANDLE> changed plan to premium on <DATE>" },
	{ "Shipment delayed at customs for %N days", "shipment delayed at customs for <NUM> days" },
	{ "SMS gateway returned error %N for %H", "sms gateway returned error <NUM> for <HANDLE>" },
	{ "Chat transcript %I attached by agent %W", "chat transcript <ID> attached by agent <*>" },
	{ "Certificate for %U expires on %D", "certificate for <URL> expires on <DATE>" },
	{ "Battery drains to %P within %N hours", "battery drains to <PCT> within <NUM> hours" },
	{ "Address change for account %I confirmed by %E", "address change for account <ID> confirmed by <EMAIL>" },
	{ "Duplicate charge of %M on card ending %N", "duplicate charge of <MONEY> on card ending <NUM>" },
	{ "Printer at %A offline since %T", "printer at <IP> offline since <TIME>" },
	{ "Voucher balance is %M for %H", "voucher balance is <MONEY> for <HANDLE>" },
	{ "API key %X revoked by %W", "api key <HEX> revoked by <*>" },
	{ "Mobile app %V fails to start on login", "mobile app <VER> fails to start on login" },
	{ "Large attachment of %N MB rejected for %E", "large attachment of <NUM> mb rejected for <EMAIL>" },
	{ "Calendar sync lost %N events for %H", "calendar sync lost <NUM> events for <HANDLE>" },
	{ "Warehouse %I reports stock at %P", "warehouse <ID> reports stock at <PCT>" },
	{ "Delivery window set to %T for order %I", "delivery window set to <TIME> for order <ID>" },
	{ "Loyalty points %N credited to %H", "loyalty points <NUM> credited to <HANDLE>" },
	{ "Account locked after %N failed attempts from %A", "account locked after <NUM> failed attempts from <IP>" },
	{ "Translation missing for key %I in release %V", "translation missing for key <ID> in release <VER>" },
	{ "Queue depth reached %N messages at %T", "queue depth reached <NUM> messages at <TIME>" },
	{ "Profile photo upload for %H failed at %P", "profile photo upload for <HANDLE> failed at <PCT>" },
	{ "Gift card %I redeemed for %M", "gift card <ID> redeemed for <MONEY>" },
	{ "Session expired for %E after %N minutes", "session expired for <EMAIL> after <NUM> minutes" },
	{ "Survey response from %W scored %N out of 10", "survey response from <*> scored <NUM> out of <NUM>" },
};

static const char *const names[] = {
	"Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy",
	"Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter",
	"Xavier", "Yvonne", "Zoe", "Ana", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita",
	"Hadi", "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur", "Putri", "Rina",
	"Sari", "Tono",
};

static const char *const lower[] = { "maria", "kim", "lee", "tan", "wong", "sato", "ng" };

/* One text of sentence k into out. */
static void gen_text(size_t k, char *out, size_t cap)
{
	const char *p = sentences[k].gen;
	size_t o = 0;

	while (*p && o + 64 < cap) {
		unsigned r = (unsigned)rng_below(100000);
		const char *l = lower[rng_below(NELEM(lower))];

		if (*p != '%') {
			out[o++] = *p++;
			continue;
		}
		switch (p[1]) {
		case 'N': o += (size_t)snprintf(out + o, cap - o, "%u", r); break;
		case 'P': o += (size_t)snprintf(out + o, cap - o, "%u%%", r % 101); break;
		case 'H': o += (size_t)snprintf(out + o, cap - o, "@%s%u", l, r % 1000); break;
		case 'I': o += (size_t)snprintf(out + o, cap - o, "tk%05u", r); break;
		case 'E': o += (size_t)snprintf(out + o, cap - o, "%s.%u@example.com", l, r % 500); break;
		case 'A': o += (size_t)snprintf(out + o, cap - o, "10.%u.%u.%u", r % 256, r / 7 % 256,
						(r / 3 + 1) % 255); break;
		case 'W': o += (size_t)snprintf(out + o, cap - o, "%s", names[rng_below(NELEM(names))]); break;
		case 'D': o += (size_t)snprintf(out + o, cap - o, "2024-%02u-%02u", 1 + r % 12, 1 + r % 28); break;
		case 'T': o += (size_t)snprintf(out + o, cap - o, "%02u:%02u", r % 24, r % 60); break;
		case 'M': o += (size_t)snprintf(out + o, cap - o, "$%u.%02u", r % 500, r % 100); break;
		case 'U': o += (size_t)snprintf(out + o, cap - o, "https://help.example.com/t/%u", r); break;
		case 'X': o += (size_t)snprintf(out + o, cap - o, "0x%x", r + 1); break;
		case 'V': o += (size_t)snprintf(out + o, cap - o, "v%u.%u.%u", r % 9, r % 13, r % 31); break;
		default: out[o++] = p[1]; break;
		}
		p += 2;
	}
	out[o] = '\0';
}

struct corpus {
	char **text;
	unsigned char *sent;
	size_t n;
};

static void corpus_make(struct corpus *c, size_t n, size_t nsent, uint64_t seed)
{
	char buf[256];
	size_t i;

	c->text = malloc(n * sizeof(*c->text));
	c->sent = malloc(n);
	c->n = n;
	if (!c->text || !c->sent)
		abort();
	rng_seed(seed);
	for (i = 0; i < n; i++) {
		size_t k = (size_t)rng_below(nsent);

		gen_text(k, buf, sizeof(buf));
		c->text[i] = strdup(buf);
		if (!c->text[i])
			abort();
		c->sent[i] = (unsigned char)k;
	}
}

static void corpus_free(struct corpus *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->text[i]);
	free(c->text);
	free(c->sent);
}

/* Name every text of c with m into ids; check each group is one sentence
   (pure), each sentence one group (complete), templates as known.
   Returns the number of failures noticed. */
static size_t check_groups(struct tix_miner *m, const struct corpus *c, long *ids)
{
	long id_of[NELEM(sentences)];
	size_t sent_of_n = tix_miner_npatterns(m) + NELEM(sentences) + 2;
	int *sent_of = malloc(sent_of_n * sizeof(int));
	size_t i, bad = 0, shown = 0;

	if (!sent_of)
		abort();
	for (i = 0; i < NELEM(sentences); i++)
		id_of[i] = 0;
	for (i = 0; i < sent_of_n; i++)
		sent_of[i] = -1;
	for (i = 0; i < c->n; i++) {
		long id = match(m, c->text[i]);
		size_t k = c->sent[i];

		ids[i] = id;
		if (id < 1 || (size_t)id >= sent_of_n) {
			bad++;
			continue;
		}
		if (!id_of[k])
			id_of[k] = id;
		if (sent_of[id] < 0)
			sent_of[id] = (int)k;
		if (id_of[k] != id || sent_of[id] != (int)k) {
			if (shown++ < 5)
				fprintf(stderr, "  text \"%s\" (sentence %zu) named %ld: "
					"sentence's id %ld, id's sentence %d\n",
					c->text[i], k, id, id_of[k], sent_of[id]);
			bad++;
		}
	}
	for (i = 0; i < NELEM(sentences); i++) {
		const char *t;

		if (!id_of[i])
			continue;
		t = tix_miner_template(m, id_of[i]);
		if (!t || strcmp(t, sentences[i].want) != 0) {
			fprintf(stderr, "  sentence %zu: template \"%s\", expected \"%s\"\n", i,
				t ? t : "(null)", sentences[i].want);
			bad++;
		}
	}
	free(sent_of);
	return bad;
}

static void test_many(void)
{
	enum { N = 100000 };
	struct corpus c;
	struct tix_miner *m = mk(NULL), *m2 = mk(NULL);
	long *ids = malloc(N * sizeof(long)), *ids2 = malloc(N * sizeof(long));
	size_t i, diff = 0, order = 0;
	long maxid = 0;

	if (!m || !m2 || !ids || !ids2)
		abort();
	corpus_make(&c, N, NELEM(sentences), 2024);
	for (i = 0; i < N; i++) {
		if (tix_miner_add(m, c.text[i], strlen(c.text[i]), err) != 0)
			break;
		tix_miner_add(m2, c.text[i], strlen(c.text[i]), err);
	}
	CHECK_EQ_I64(i, N);
	CHECK_EQ_I64(tix_miner_nlearnt(m), N);
	/* the three "sync job" sentences are one family; the others one
	   each */
	CHECK_EQ_I64(tix_miner_nfamilies(m), NELEM(sentences) - 2);
	CHECK_EQ_I64(check_groups(m, &c, ids), 0);
	CHECK_EQ_I64(tix_miner_npatterns(m), NELEM(sentences));
	/* ids from 1 in first-naming order */
	for (i = 0; i < N; i++) {
		if (ids[i] > maxid + 1)
			order++;
		if (ids[i] > maxid)
			maxid = ids[i];
	}
	CHECK_EQ_I64(order, 0);
	CHECK_EQ_I64(maxid, NELEM(sentences));
	/* a second miner fed the same: the same ids */
	CHECK_EQ_I64(check_groups(m2, &c, ids2), 0);
	for (i = 0; i < N; i++)
		diff += ids[i] != ids2[i];
	CHECK_EQ_I64(diff, 0);
	for (i = 1; i <= NELEM(sentences); i++)
		CHECK_EQ_STR(tix_miner_template(m2, (long)i), tix_miner_template(m, (long)i));

	/* saved and loaded: the same again */
	{
		struct tix_buf b;
		struct tix_miner *l;

		tix_buf_init(&b, 0);
		CHECK_EQ_I64(tix_miner_save(m, &b, err), 0);
		err[0] = '\0';
		l = tix_miner_load(b.s, b.len, err);
		CHECK(l != NULL);
		if (l) {
			CHECK_EQ_I64(tix_miner_nlearnt(l), N);
			CHECK_EQ_I64(tix_miner_npatterns(l), NELEM(sentences));
			CHECK_EQ_I64(tix_miner_nfamilies(l), tix_miner_nfamilies(m));
			CHECK_EQ_I64(check_groups(l, &c, ids2), 0);
			diff = 0;
			for (i = 0; i < N; i++)
				diff += ids[i] != ids2[i];
			CHECK_EQ_I64(diff, 0);
			CHECK_EQ_I64(tix_miner_npatterns(l), NELEM(sentences));
			tix_miner_free(l);
		} else {
			fprintf(stderr, "  load: %s\n", err);
		}
		tix_buf_release(&b);
	}
	corpus_free(&c);
	free(ids);
	free(ids2);
	tix_miner_free(m);
	tix_miner_free(m2);
}

/* ---------- 12. save and load ---------- */

/* Load from an exactly sized copy, so a read past the end shows under
   the sanitizers. */
static struct tix_miner *load_copy(const char *p, size_t n)
{
	char *q = malloc(n ? n : 1);
	struct tix_miner *m;

	if (!q)
		abort();
	memcpy(q, p, n);
	err[0] = '\0';
	m = tix_miner_load(q, n, err);
	free(q);	/* the miner must not keep pointers into the bytes */
	return m;
}

static void test_save_load(void)
{
	enum { NA = 20000, NB = 20000 };
	struct corpus a, b;
	struct tix_miner *m = mk(NULL), *l;
	struct tix_buf buf;
	long *ida = malloc(NA * sizeof(long)), *idm = malloc((NA + NB) * sizeof(long));
	long *idl = malloc((NA + NB) * sizeof(long));
	size_t i, diff = 0, moved = 0, pre;
	char **all;

	if (!m || !ida || !idm || !idl)
		abort();
	/* a: sentences 0 .. 39 only; b: all 50 */
	corpus_make(&a, NA, 40, 31);
	corpus_make(&b, NB, NELEM(sentences), 32);
	for (i = 0; i < NA; i++)
		add(m, a.text[i]);
	CHECK_EQ_I64(check_groups(m, &a, ida), 0);
	CHECK_EQ_I64(tix_miner_npatterns(m), 40);

	/* appended to what the buffer holds */
	tix_buf_init(&buf, 0);
	tix_buf_adds(&buf, "prefix");
	pre = buf.len;
	CHECK_EQ_I64(tix_miner_save(m, &buf, err), 0);
	CHECK(buf.len > pre && memcmp(buf.s, "prefix", 6) == 0);
	l = load_copy(buf.s + pre, buf.len - pre);
	CHECK(l != NULL);
	if (!l) {
		fprintf(stderr, "  load: %s\n", err);
		goto out;
	}
	CHECK_EQ_I64(tix_miner_nlearnt(l), NA);
	CHECK_EQ_I64(tix_miner_npatterns(l), 40);
	CHECK_EQ_I64(tix_miner_nfamilies(l), tix_miner_nfamilies(m));
	for (i = 1; i <= 40; i++)
		CHECK_EQ_STR(tix_miner_template(l, (long)i), tix_miner_template(m, (long)i));
	CHECK(tix_miner_template(l, 41) == NULL);
	/* a loaded miner saves and loads again */
	{
		struct tix_buf b2;
		struct tix_miner *l2;

		tix_buf_init(&b2, 0);
		CHECK_EQ_I64(tix_miner_save(l, &b2, err), 0);
		l2 = load_copy(b2.s, b2.len);
		CHECK(l2 != NULL);
		if (l2) {
			CHECK_EQ_I64(tix_miner_npatterns(l2), 40);
			for (i = 1; i <= 40; i++)
				CHECK_EQ_STR(tix_miner_template(l2, (long)i),
					     tix_miner_template(m, (long)i));
			for (i = 0; i < 200; i++)
				CHECK_EQ_I64(match(l2, a.text[i]), ida[i]);
			tix_miner_free(l2);
		}
		tix_buf_release(&b2);
	}

	/* both learn b, then name a and b: the same ids, old ids unchanged */
	for (i = 0; i < NB; i++) {
		add(m, b.text[i]);
		add(l, b.text[i]);
	}
	CHECK_EQ_I64(tix_miner_nlearnt(l), NA + NB);
	all = malloc((NA + NB) * sizeof(*all));
	if (!all)
		abort();
	for (i = 0; i < NA + NB; i++) {
		all[i] = i < NA ? a.text[i] : b.text[i - NA];
		idm[i] = match(m, all[i]);
		idl[i] = match(l, all[i]);
		diff += idm[i] != idl[i];
		if (i < NA)
			moved += idm[i] != ida[i];
	}
	CHECK_EQ_I64(diff, 0);
	CHECK_EQ_I64(moved, 0);
	CHECK_EQ_I64(tix_miner_npatterns(m), NELEM(sentences));
	CHECK_EQ_I64(tix_miner_npatterns(l), NELEM(sentences));
	for (i = 1; i <= NELEM(sentences); i++)
		CHECK_EQ_STR(tix_miner_template(l, (long)i), tix_miner_template(m, (long)i));
	/* and the groups of b are still pure, complete and as known */
	CHECK_EQ_I64(check_groups(l, &b, idl), 0);
	free(all);
	tix_miner_free(l);
out:
	tix_buf_release(&buf);
	corpus_free(&a);
	corpus_free(&b);
	free(ida);
	free(idm);
	free(idl);
	tix_miner_free(m);
}

/* A loaded miner keeps its options: max_values 4 and similarity 0.8. */
static void test_load_opts(void)
{
	struct tix_miner_opts o;
	struct tix_miner *m, *l;
	struct tix_buf b;
	char s[64];
	size_t i;

	tix_miner_defaults(&o);
	o.max_values = 4;
	o.similarity = 0.8;
	m = mk(&o);
	if (!m)
		return;
	for (i = 0; i < 12; i++) {
		snprintf(s, sizeof(s), "Ticket queue %s was closed", nato[i % 4]);
		add(m, s);
	}
	tix_buf_init(&b, 0);
	CHECK_EQ_I64(tix_miner_save(m, &b, err), 0);
	l = load_copy(b.s, b.len);
	CHECK(l != NULL);
	if (l) {
		/* four values, each 3 times: constants */
		CHECK_EQ_STR(tpl(l, "Ticket queue alpha was closed"), "ticket queue alpha was closed");
		/* similarity 0.8: 3 of 5 equal to "ticket queue <*> was
		   closed" is a new family (at 0.5 it would join) */
		add(l, "Ticket queue alpha was open");
		CHECK_EQ_I64(tix_miner_nfamilies(l), 2);
		/* a fifth value: rule a at max_values 4 */
		for (i = 0; i < 3; i++)
			add(l, "Ticket queue echo was closed");
		CHECK_EQ_STR(tpl(l, "Ticket queue alpha was closed"), "ticket queue <*> was closed");
		tix_miner_free(l);
	}
	tix_buf_release(&b);
	tix_miner_free(m);
}

static const char *const small[] = {
	"Upload stuck at 87%", "Upload stuck at 12%", "login failed for @a",
	"login failed for @b", "User login failed for @ann", "User login succeeded for @bob",
	"User login errored for @cy", "Ticket queue alpha was closed", "Ticket queue 7 was closed",
	"disk full", "", "!!", "a b c d e f g h", "a b p q r s t u", "a b c d r s 7 z",
	"Refund $12.50 to bob@example.com on 2024-03-05 at 14:22",
	"Ticket queue bravo was closed", "Ticket queue charlie was closed",
	"Ticket queue delta was closed", "Ticket queue echo was closed",
	"Ticket queue foxtrot was closed", "Ticket queue golf was closed",
	"Ticket queue hotel was closed", "Ticket queue india was closed",
	"Ticket queue juliett was closed", "Ticket queue kilo was closed",
	"Ticket queue lima was closed", "Ticket queue mike was closed",
	"Ticket queue november was closed", "Ticket queue oscar was closed",
	"Ticket queue papa was closed", "Ticket queue quebec was closed",
	"Caf\xc3\xa9  CR\xe9ME broke", "hosta went down at 5", "hostb went down at 6",
	"error:disk full",
};

/* Does m work: name, template, learn, save, without crashing? */
static int works(struct tix_miner *m)
{
	struct tix_buf b;
	size_t i, np;
	int ok = 1;

	for (i = 0; i < NELEM(small); i++) {
		long id = match(m, small[i]);

		if (id < 1 || !tix_miner_template(m, id))
			ok = 0;
	}
	np = tix_miner_npatterns(m);
	for (i = 1; i <= np && i < 10000; i++)
		if (!tix_miner_template(m, (long)i))
			ok = 0;
	(void)tix_miner_nfamilies(m);
	(void)tix_miner_nlearnt(m);
	for (i = 0; i < NELEM(small); i++)
		if (add(m, small[i]) != 0)
			ok = 0;
	for (i = 0; i < NELEM(small); i++)
		if (match(m, small[i]) < 1)
			ok = 0;
	tix_buf_init(&b, 0);
	if (tix_miner_save(m, &b, err) != 0)
		ok = 0;
	tix_buf_release(&b);
	return ok;
}

static void test_damaged(void)
{
	struct tix_miner *m = mk(NULL), *l;
	struct tix_buf b;
	size_t i, n, loaded_trunc = 0, silent = 0, broken = 0, flips = 0;
	static const unsigned char masks[] = { 0xff, 0x01, 0x80, 0x10 };
	char *q;
	size_t k;

	if (!m)
		return;
	add_all(m, small, NELEM(small));
	for (i = 0; i < NELEM(small); i++)
		match(m, small[i]);
	tix_buf_init(&b, 0);
	CHECK_EQ_I64(tix_miner_save(m, &b, err), 0);
	n = b.len;
	CHECK(n > 0);

	/* intact */
	l = load_copy(b.s, n);
	CHECK(l != NULL);
	if (l) {
		CHECK(works(l));
		tix_miner_free(l);
	}

	/* every truncation is damage: NULL with a message */
	for (i = 0; i < n; i++) {
		l = load_copy(b.s, i);
		if (!l) {
			silent += err[0] == '\0';
			continue;
		}
		loaded_trunc++;
		if (loaded_trunc <= 3)
			fprintf(stderr, "  truncated to %zu of %zu bytes: loaded\n", i, n);
		broken += !works(l);
		tix_miner_free(l);
	}
	CHECK_EQ_I64(loaded_trunc, 0);
	CHECK_EQ_I64(silent, 0);
	CHECK_EQ_I64(broken, 0);

	/* flipped bits: NULL with a message, or a miner that works */
	q = malloc(n);
	if (!q)
		abort();
	silent = broken = 0;
	for (i = 0; i < n; i++)
		for (k = 0; k < NELEM(masks); k++) {
			memcpy(q, b.s, n);
			q[i] = (char)(q[i] ^ masks[k]);
			err[0] = '\0';
			l = tix_miner_load(q, n, err);
			flips++;
			if (!l) {
				silent += err[0] == '\0';
				continue;
			}
			if (!works(l)) {
				if (broken++ < 3)
					fprintf(stderr, "  byte %zu ^ 0x%02x: loaded but broken\n",
						i, masks[k]);
			}
			tix_miner_free(l);
		}
	CHECK_EQ_I64(silent, 0);
	CHECK_EQ_I64(broken, 0);
	/* random bytes over random positions */
	rng_seed(555);
	silent = broken = 0;
	for (i = 0; i < 3000; i++) {
		size_t j, nf = 1 + (size_t)rng_below(4);

		memcpy(q, b.s, n);
		for (j = 0; j < nf; j++)
			q[rng_below(n)] = (char)rng_below(256);
		err[0] = '\0';
		l = tix_miner_load(q, n, err);
		if (!l) {
			silent += err[0] == '\0';
			continue;
		}
		broken += !works(l);
		tix_miner_free(l);
	}
	CHECK_EQ_I64(silent, 0);
	CHECK_EQ_I64(broken, 0);
	free(q);

	/* nothing, garbage, and another miner's bytes with junk behind */
	err[0] = '\0';
	CHECK(tix_miner_load("", 0, err) == NULL);
	CHECK(err[0] != '\0');
	err[0] = '\0';
	CHECK(tix_miner_load("not a miner at all, just text", 29, err) == NULL);
	CHECK(err[0] != '\0');
	{
		char *g = malloc(4096);

		if (!g)
			abort();
		rng_seed(9);
		for (i = 0; i < 4096; i++)
			g[i] = (char)rng_below(256);
		l = load_copy(g, 4096);
		CHECK(l == NULL ? err[0] != '\0' : works(l));
		tix_miner_free(l);
		free(g);
	}
	tix_buf_release(&b);
	tix_miner_free(m);
}

/* ---------- the listing: tix_pattern_text, tix_patterns_list ---------- */

static void test_pattern_text(void)
{
	struct tix_buf b;
	const char *t;
	size_t len;
	static const char body[] = "Hi there,\r\n \t\r\nI cannot log in\r\nThanks";

	tix_buf_init(&b, 0);
	t = tix_pattern_text(TIX_PF_SUBJECT, "Login failed", 12, body, strlen(body), &b, &len);
	CHECK(len == 12 && !memcmp(t, "Login failed", 12));
	t = tix_pattern_text(TIX_PF_SUBJECT, NULL, 0, body, strlen(body), &b, &len);
	CHECK(t && len == 0 && !*t);
	/* the greeting and the blank line skipped, the CR gone */
	t = tix_pattern_text(TIX_PF_BODY, "Login failed", 12, body, strlen(body), &b, &len);
	CHECK(len == 15 && !memcmp(t, "I cannot log in", 15));
	t = tix_pattern_text(TIX_PF_BOTH, "Login failed", 12, body, strlen(body), &b, &len);
	CHECK_EQ_STR(t, "Login failed I cannot log in");
	CHECK_EQ_I64(len, 28);
	/* only a greeting: the greeting; five words and a comma: no greeting */
	t = tix_pattern_text(TIX_PF_BODY, NULL, 0, "\n Dear Support team,\n", 21, &b, &len);
	CHECK(len == 19 && !memcmp(t, " Dear Support team,", 19));
	t = tix_pattern_text(TIX_PF_BODY, NULL, 0, "one two three four five,\nsix", 28, &b, &len);
	CHECK(len == 24 && !memcmp(t, "one two three four five,", 24));
	t = tix_pattern_text(TIX_PF_BODY, "x", 1, NULL, 0, &b, &len);
	CHECK(t && len == 0);
	t = tix_pattern_text(TIX_PF_BOTH, NULL, 0, NULL, 0, &b, &len);
	CHECK_EQ_STR(t, " ");
	CHECK(tix_pattern_blank(" \t\r\n\x01\x7f", 6));
	CHECK(tix_pattern_blank("", 0));
	CHECK(!tix_pattern_blank("  .", 3));
	CHECK(!tix_pattern_blank("\xc3\xa9", 2));
	tix_buf_release(&b);
}

#define DAY INT64_C(86400)

static char db_path[64];

static struct tix_store *db_new(void)
{
	struct tix_store *s;
	int fd;

	snprintf(db_path, sizeof(db_path), "/tmp/tix-test-patterns-XXXXXX");
	if ((fd = mkstemp(db_path)) < 0)
		return NULL;
	close(fd);
	unlink(db_path);
	s = tix_store_open(db_path, TIX_STORE_CREATE, err);
	if (s && sqlite3_exec(s->db, "INSERT INTO ingest_batch(id, file, source, started)"
			      " VALUES (1, 'test', 'test', 0)", NULL, NULL, NULL) != SQLITE_OK) {
		tix_store_close(s);
		return NULL;
	}
	return s;
}

/* one ticket with pattern pat (0: none); created < 0: NULL */
static void add_ticket(struct tix_store *s, int id, int pat, int64_t created,
		       const char *requester, const char *category, const char *subject,
		       const char *body)
{
	char when[32], *sql;

	if (created < 0)
		snprintf(when, sizeof(when), "NULL");
	else
		snprintf(when, sizeof(when), "%lld", (long long)created);
	sql = sqlite3_mprintf("INSERT INTO ticket(id, source, ext_id, subject, body, requester,"
			      " category, created, batch_id, row_hash)"
			      " VALUES (%d, 'test', '%d', %Q, %Q, %Q, %Q, %s, 1, 0)",
			      id, id, subject, body, requester, category, when);

	CHECK_EQ_I64(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(sql);
	if (pat) {
		sql = sqlite3_mprintf("INSERT INTO ticket_pattern(ticket_id, pattern)"
				      " VALUES (%d, %d)", id, pat);
		CHECK_EQ_I64(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_free(sql);
	}
}

/* the pattern ids of t, as "1 2 4" */
static const char *ids(const struct tix_pattern_table *t)
{
	static char buf[256];
	size_t i, n = 0;

	buf[0] = 0;
	for (i = 0; i < t->n && n < sizeof(buf) - 24; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%ld", i ? " " : "",
				      t->row[i].pattern);
	return buf;
}

/*
 * Days from T; the period [T + 10d, T + 20d).  Patterns 1 "upload stuck
 * at <PCT>", 2 "login failed", 4 "refund", 5 "old one"; 3 has no row in
 * pattern (a template missing).
 *
 *   #   pattern created     requester category
 *   1   1       T + 1d      a         Upload     before the period
 *   2   1       T + 11d     a         Upload
 *   3   1       T + 12d     b         Billing
 *   4   1       T + 12d     -         Upload
 *   13  1       -           a         Upload     no time: never counted
 *   5   2       T + 15d     c         -          "Login failed", body with a greeting
 *   6   2       T + 15d     c         ""         the same second, a higher id
 *   9   2       T + 25d     c         -          after the period
 *   7   3       T + 13d     d         Z
 *   8   3       T + 5d      d         Z          before the period
 *   10  4       T + 16d     e         B          no subject
 *   11  4       T + 17d     f         A
 *   12  5       T + 3d      g         -          before the period only
 *   14  -       T + 14d     h         -          no pattern
 *
 * In the period: 1 (3 tickets: #2 #3 #4; requesters a, b; first T + 11d
 * (#2, the example), last T + 12d; Upload 2 to Billing 1; first ever
 * T + 1d), 2 (2: #5 #6; one requester; first = last = T + 15d, example
 * #5, the lower id; no category; first ever T + 15d: new, though #9 comes
 * later), 4 (2: #10 #11; categories A and B once each: A, the first in
 * byte order; first ever T + 16d: new), 3 (1: #7; no template; first ever
 * T + 5d).  Order: 1, then 2 and 4 (2 tickets each, by id), then 3.
 */
static void test_patterns_list(void)
{
	const int64_t T = 1700000000, lo = T + 10 * DAY, hi = T + 20 * DAY;
	struct tix_pattern_table t;
	const struct tix_pattern_row *r;
	struct tix_store *s = db_new();

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_EQ_I64(sqlite3_exec(s->db, "INSERT INTO pattern(id, template) VALUES"
				  " (1, 'upload stuck at <PCT>'), (2, 'login failed'),"
				  " (4, 'refund'), (5, 'old one')", NULL, NULL, NULL), SQLITE_OK);
	add_ticket(s, 1, 1, T + 1 * DAY, "a", "Upload", "Upload stuck at 5%", NULL);
	add_ticket(s, 2, 1, T + 11 * DAY, "a", "Upload", "Upload stuck at 50%", "Hello,\nit is stuck");
	add_ticket(s, 3, 1, T + 12 * DAY, "b", "Billing", "Upload stuck at 7%", NULL);
	add_ticket(s, 4, 1, T + 12 * DAY, NULL, "Upload", "Upload stuck at 9%", NULL);
	add_ticket(s, 13, 1, -1, "a", "Upload", "Upload stuck at 1%", NULL);
	add_ticket(s, 5, 2, T + 15 * DAY, "c", NULL, "Login failed",
		   "Hi there,\r\n\r\nI cannot log in\r\nThanks");
	add_ticket(s, 6, 2, T + 15 * DAY, "c", "", "Login failed", NULL);
	add_ticket(s, 9, 2, T + 25 * DAY, "c", NULL, "Login failed", NULL);
	add_ticket(s, 7, 3, T + 13 * DAY, "d", "Z", "Something else", NULL);
	add_ticket(s, 8, 3, T + 5 * DAY, "d", "Z", "Something else", NULL);
	add_ticket(s, 10, 4, T + 16 * DAY, "e", "B", NULL, "Refund please");
	add_ticket(s, 11, 4, T + 17 * DAY, "f", "A", "Refund", NULL);
	add_ticket(s, 12, 5, T + 3 * DAY, "g", NULL, "Old one", NULL);
	add_ticket(s, 14, 0, T + 14 * DAY, "h", NULL, "No pattern", NULL);

	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, lo, hi, -1, 0, &t, err), 0);
	CHECK_EQ_STR(ids(&t), "1 2 4 3");
	if (t.n == 4) {
		r = &t.row[0];
		CHECK_EQ_STR(r->template, "upload stuck at <PCT>");
		CHECK_EQ_I64(r->tickets, 3);
		CHECK_EQ_I64(r->requesters, 2);
		CHECK_EQ_I64(r->first, T + 11 * DAY);
		CHECK_EQ_I64(r->last, T + 12 * DAY);
		CHECK_EQ_I64(r->first_ever, T + 1 * DAY);
		CHECK_EQ_STR(r->top_category, "Upload");
		CHECK_EQ_I64(r->example, 2);
		CHECK_EQ_STR(r->example_text, "Upload stuck at 50%");
		r = &t.row[1];
		CHECK_EQ_STR(r->template, "login failed");
		CHECK_EQ_I64(r->tickets, 2);
		CHECK_EQ_I64(r->requesters, 1);
		CHECK_EQ_I64(r->first, T + 15 * DAY);
		CHECK_EQ_I64(r->last, T + 15 * DAY);
		CHECK_EQ_I64(r->first_ever, T + 15 * DAY);
		CHECK_EQ_STR(r->top_category, NULL);
		CHECK_EQ_I64(r->example, 5);
		CHECK_EQ_STR(r->example_text, "Login failed");
		r = &t.row[2];
		CHECK_EQ_STR(r->template, "refund");
		CHECK_EQ_I64(r->tickets, 2);
		CHECK_EQ_I64(r->requesters, 2);
		CHECK_EQ_I64(r->first_ever, T + 16 * DAY);
		CHECK_EQ_STR(r->top_category, "A");
		CHECK_EQ_I64(r->example, 10);
		CHECK_EQ_STR(r->example_text, "");	/* no subject: empty, not none */
		r = &t.row[3];
		CHECK_EQ_STR(r->template, NULL);
		CHECK_EQ_I64(r->tickets, 1);
		CHECK_EQ_I64(r->first, T + 13 * DAY);
		CHECK_EQ_I64(r->first_ever, T + 5 * DAY);
		CHECK_EQ_STR(r->top_category, "Z");
		CHECK_EQ_I64(r->example, 7);
	}
	tix_pattern_table_free(&t);
	CHECK(t.row == NULL && t.n == 0 && t.priv == NULL);

	/* new in the period: 2 and 4 */
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, lo, hi, -1, 1, &t, err), 0);
	CHECK_EQ_STR(ids(&t), "2 4");
	if (t.n == 2) {
		CHECK_EQ_I64(t.row[0].first_ever, T + 15 * DAY);
		CHECK_EQ_I64(t.row[1].first_ever, T + 16 * DAY);
		CHECK_EQ_STR(t.row[1].template, "refund");
	}
	tix_pattern_table_free(&t);
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, lo, hi, 1, 1, &t, err), 0);
	CHECK_EQ_STR(ids(&t), "2");
	tix_pattern_table_free(&t);

	/* the top 2: first_ever of those two */
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, lo, hi, 2, 0, &t, err), 0);
	CHECK_EQ_STR(ids(&t), "1 2");
	if (t.n == 2) {
		CHECK_EQ_I64(t.row[0].first_ever, T + 1 * DAY);
		CHECK_EQ_I64(t.row[1].first_ever, T + 15 * DAY);
	}
	tix_pattern_table_free(&t);
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, lo, hi, 0, 0, &t, err), 0);
	CHECK_EQ_I64(t.n, 0);
	tix_pattern_table_free(&t);

	/* the example's text as --field body and both */
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_BODY, lo, hi, 2, 0, &t, err), 0);
	if (t.n == 2) {
		CHECK_EQ_STR(t.row[0].example_text, "it is stuck");
		CHECK_EQ_STR(t.row[1].example_text, "I cannot log in");
	}
	tix_pattern_table_free(&t);
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_BOTH, lo, hi, 2, 0, &t, err), 0);
	if (t.n == 2) {
		CHECK_EQ_STR(t.row[0].example_text, "Upload stuck at 50% it is stuck");
		CHECK_EQ_STR(t.row[1].example_text, "Login failed I cannot log in");
	}
	tix_pattern_table_free(&t);

	/* from T + 13d: 1 has no ticket in the period, 3 has #8 before it, 2
	   and 4 are still new */
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, T + 13 * DAY, hi, -1, 1, &t, err), 0);
	CHECK_EQ_STR(ids(&t), "2 4");
	tix_pattern_table_free(&t);
	/* the whole time: every pattern with a created ticket, each new, and
	   first_ever is first */
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, INT64_MIN, INT64_MAX, -1, 1, &t, err), 0);
	CHECK_EQ_STR(ids(&t), "1 2 3 4 5");
	if (t.n == 5) {
		CHECK_EQ_I64(t.row[0].tickets, 4);	/* not #13 */
		CHECK_EQ_I64(t.row[0].first_ever, T + 1 * DAY);
		CHECK_EQ_I64(t.row[1].tickets, 3);
		CHECK_EQ_I64(t.row[1].last, T + 25 * DAY);
		CHECK_EQ_I64(t.row[2].first_ever, T + 5 * DAY);
		CHECK_EQ_STR(t.row[4].template, "old one");
	}
	tix_pattern_table_free(&t);

	/* an empty period */
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, T + 30 * DAY, T + 40 * DAY, -1, 0, &t,
				       err), 0);
	CHECK_EQ_I64(t.n, 0);
	tix_pattern_table_free(&t);
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, T + 30 * DAY, T + 40 * DAY, 5, 1, &t,
				       err), 0);
	CHECK_EQ_I64(t.n, 0);
	tix_pattern_table_free(&t);

	/* a database error: -1 with err; the table is still freed */
	CHECK_EQ_I64(sqlite3_exec(s->db, "DROP TABLE pattern", NULL, NULL, NULL), SQLITE_OK);
	err[0] = 0;
	CHECK_EQ_I64(tix_patterns_list(s, TIX_PF_SUBJECT, lo, hi, -1, 0, &t, err), -1);
	CHECK(strstr(err, "no such table: pattern") != NULL);
	CHECK_EQ_I64(t.n, 0);
	tix_pattern_table_free(&t);
	CHECK(t.row == NULL && t.n == 0 && t.priv == NULL);
	tix_store_close(s);
	unlink(db_path);
}

int main(void)
{
	test_options();
	test_two_pass();
	test_first_as_last();
	test_rule_a();
	test_rule_b();
	test_rule_c();
	test_new_ids();
	test_join();
	test_ties();
	test_naming();
	test_counts();
	test_children();
	test_children_small();
	test_ids();
	test_determinism();
	test_templates();
	test_unlearnt();
	test_hostile();
	test_many();
	test_save_load();
	test_load_opts();
	test_damaged();
	test_pattern_text();
	test_patterns_list();
	TEST_DONE();
}
