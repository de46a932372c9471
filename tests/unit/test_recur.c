/*
 * test_recur.c - repeat contacts, reopens, time to the next contact and
 * groups that came back, written from recur.h alone: the Wilson interval
 * against published values, Kaplan-Meier against a textbook data set and
 * hand-worked ties, small histories whose figures are worked out in the
 * comments, and random histories checked against a brute-force reading of
 * the header's definitions.
 *
 * Every random history is drawn from a seeded splitmix64 below (never
 * rand()), so each run sees the same numbers on every platform.  Seeds are
 * fixed up front, not picked to make a check pass.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "recur.h"
#include "store.h"
#include "tix.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define DAY INT64_C(86400)
#define Z95 1.959964		/* the header's z for 95% */
#define NONE TIX_RECUR_NONE

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

/* The seed is mixed before use: seeds s and s + 1 must not give streams
   that are one step apart. */
static void rng_seed(uint64_t seed)
{
	rng_state = mix64(seed + 0x632be59bd9b4e019ULL);
}

static uint64_t rng_next(void)
{
	return mix64(rng_state += 0x9e3779b97f4a7c15ULL);
}

/* Uniform on 0 .. n - 1; the modulo bias is far below anything a test
   here could notice. */
static uint64_t rng_below(uint64_t n)
{
	return rng_next() % n;
}

/* 1 with probability num / den. */
static int rng_chance(uint64_t num, uint64_t den)
{
	return rng_below(den) < num;
}

/* ---------- small helpers ---------- */

static int close_to(double got, double want, double tol)
{
	return fabs(got - want) <= tol;
}

/* Both NAN, or within tol: for figures the header lets be NAN. */
static int same(double got, double want, double tol)
{
	if (isnan(want))
		return isnan(got);
	return !isnan(got) && fabs(got - want) <= tol;
}

static struct tix_recur_item item(int64_t created, uint32_t ticket, uint32_t requester,
				  uint32_t group, int counted, int reopened)
{
	struct tix_recur_item it;

	memset(&it, 0, sizeof(it));
	it.created = created;
	it.ticket = ticket;
	it.requester = requester;
	it.group = group;
	it.counted = (unsigned char)counted;
	it.reopened = (unsigned char)reopened;
	/* poisoned, so a gap left unset by tix_recur_link shows */
	it.prev_gap = it.next_gap = INT64_C(-777);
	return it;
}

/* The item of ticket in group after tix_recur_link, which reorders v. */
static const struct tix_recur_item *find(const struct tix_recur_item *v, size_t n,
					 uint32_t ticket, uint32_t group)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].ticket == ticket && v[i].group == group)
			return &v[i];
	return NULL;
}

/* prev_gap and next_gap of ticket in group, -999 when the item went
   missing (a separate check reports that). */
static int64_t prev_of(const struct tix_recur_item *v, size_t n, uint32_t ticket, uint32_t group)
{
	const struct tix_recur_item *it = find(v, n, ticket, group);

	return it ? it->prev_gap : -999;
}

static int64_t next_of(const struct tix_recur_item *v, size_t n, uint32_t ticket, uint32_t group)
{
	const struct tix_recur_item *it = find(v, n, ticket, group);

	return it ? it->next_gap : -999;
}

static void shuffle(struct tix_recur_item *v, size_t n)
{
	size_t i, j;
	struct tix_recur_item t;

	for (i = n; i > 1; i--) {
		j = (size_t)rng_below(i);
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* Link and summarise a copy of v[0..n) (both reorder their input). */
static int run(const struct tix_recur_item *v, size_t n, int any_group, size_t ngroups,
	       const struct tix_recur_opts *o, struct tix_recur_item *linked,
	       struct tix_recur_group *out)
{
	memcpy(linked, v, n * sizeof(*v));
	if (tix_recur_link(linked, n, any_group, err) != 0)
		return -1;
	return tix_recur_summarise(linked, n, ngroups, o, out, err);
}

/* The rate and interval fields of a group with tickets > 0 must be
   repeats / tickets and tix_wilson's interval for it (z of 95% as the
   header gives it; 1e-7 lets the exact quantile 1.95996398... pass too). */
static void check_rates(const struct tix_recur_group *g)
{
	double lo, hi;

	if (g->tickets == 0)
		return;
	CHECK(close_to(g->repeat_rate, (double)g->repeats / (double)g->tickets, 1e-12));
	tix_wilson(g->repeats, g->tickets, Z95, &lo, &hi);
	CHECK(close_to(g->repeat_low, lo, 1e-7));
	CHECK(close_to(g->repeat_high, hi, 1e-7));
	CHECK(close_to(g->reopen_rate, (double)g->reopened / (double)g->tickets, 1e-12));
	tix_wilson(g->reopened, g->tickets, Z95, &lo, &hi);
	CHECK(close_to(g->reopen_low, lo, 1e-7));
	CHECK(close_to(g->reopen_high, hi, 1e-7));
}

/* ---------- 1. tix_wilson ---------- */

/* The Wilson score interval straight from its formula in long double:
   centre (p + z^2/2n) / (1 + z^2/n), half-width
   z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2). */
static void wilson_ref(size_t k, size_t n, double z, double *lo, double *hi)
{
	long double p = (long double)k / n, zz = (long double)z * z, d = 1 + zz / n;
	long double c = (p + zz / (2.0L * n)) / d;
	long double h = z / d * sqrtl(p * (1 - p) / n + zz / (4.0L * n * n));

	*lo = (double)(c - h);
	*hi = (double)(c + h);
}

static void test_wilson(void)
{
	/* Newcombe (1998), "Two-sided confidence intervals for the single
	   proportion", Stat Med 17:857-872, Table I, method 3 (score
	   interval without continuity correction), to 4 decimals */
	static const struct { size_t k, n; double lo, hi; } pub[] = {
		{ 81, 263, 0.2553, 0.3662 },
		{ 15, 148, 0.0624, 0.1605 },
		{ 0, 20, 0.0000, 0.1611 },
		{ 1, 29, 0.0061, 0.1718 },
	};
	double lo, hi, rlo, rhi;
	size_t i, k, n;

	for (i = 0; i < NELEM(pub); i++) {
		tix_wilson(pub[i].k, pub[i].n, Z95, &lo, &hi);
		CHECK(close_to(lo, pub[i].lo, 0.00005));
		CHECK(close_to(hi, pub[i].hi, 0.00005));
	}

	/* worked with the formula (Python, z = 1.959963984540054; these are
	   also what statsmodels' proportion_confint(method='wilson') gives):
	   0/10: (0, 0.2775327998628892); 5/10: (0.236593090512564,
	   0.7634069094874361); 10/10: (0.7224672001371107, 1); 1/1:
	   (0.20654931437723745, 1) */
	tix_wilson(0, 10, Z95, &lo, &hi);
	CHECK(lo >= 0 && lo < 1e-12);
	CHECK(close_to(hi, 0.2775327998628892, 1e-7));
	tix_wilson(5, 10, Z95, &lo, &hi);
	CHECK(close_to(lo, 0.236593090512564, 1e-7));
	CHECK(close_to(hi, 0.7634069094874361, 1e-7));
	CHECK(close_to(lo + hi, 1, 1e-12));	/* symmetric about 1/2 */
	tix_wilson(10, 10, Z95, &lo, &hi);
	CHECK(close_to(lo, 0.7224672001371107, 1e-7));
	CHECK(hi <= 1 && hi > 1 - 1e-12);
	tix_wilson(1, 1, Z95, &lo, &hi);
	CHECK(close_to(lo, 0.20654931437723745, 1e-7));
	CHECK(hi <= 1 && hi > 1 - 1e-12);

	/* n = 0: nothing is known */
	lo = hi = 0.5;
	tix_wilson(0, 0, Z95, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));

	/* against the formula, everywhere in a grid, and always a proper
	   interval in [0, 1] around k / n */
	for (n = 1; n <= 60; n++)
		for (k = 0; k <= n; k++) {
			double p = (double)k / n;

			tix_wilson(k, n, Z95, &lo, &hi);
			wilson_ref(k, n, Z95, &rlo, &rhi);
			CHECK(close_to(lo, rlo < 0 ? 0 : rlo, 1e-12));
			CHECK(close_to(hi, rhi > 1 ? 1 : rhi, 1e-12));
			CHECK(lo >= 0 && hi <= 1);
			CHECK(lo <= p && p <= hi);
		}
	/* another z: 99% */
	tix_wilson(3, 7, 2.5758293035489, &lo, &hi);
	wilson_ref(3, 7, 2.5758293035489, &rlo, &rhi);
	CHECK(close_to(lo, rlo, 1e-12) && close_to(hi, rhi, 1e-12));
	/* large n */
	tix_wilson(123456, 1000000, Z95, &lo, &hi);
	wilson_ref(123456, 1000000, Z95, &rlo, &rhi);
	CHECK(close_to(lo, rlo, 1e-12) && close_to(hi, rhi, 1e-12));
}

/* ---------- 2. tix_km_cdf ---------- */

static double km(const double *t, const unsigned char *e, size_t n, double at)
{
	double p = -1;

	CHECK_EQ_I64(tix_km_cdf(t, e, n, at, &p, err), 0);
	return p;
}

static void test_km(void)
{
	/* Freireich et al. (1963), 6-MP group, remission weeks, as in
	   Kleinbaum & Klein, Survival Analysis, ch. 2; * = censored:
	   6 6 6 6* 7 9* 10 10* 11* 13 16 17* 19* 20* 22 23 25* 32* 32* 34* 35*
	   By hand (at risk r, deaths d, S = prod (1 - d/r)):
	     6: r 21 d 3  S = 18/21           = .8571
	     7: r 17 d 1  S = .8571 * 16/17   = .8067
	    10: r 15 d 1  S = .8067 * 14/15   = .7529
	    13: r 12 d 1  S = .7529 * 11/12   = .6902
	    16: r 11 d 1  S = .6902 * 10/11   = .6275
	    22: r  7 d 1  S = .6275 * 6/7     = .5378
	    23: r  6 d 1  S = .5378 * 5/6     = .4482
	   (10: r 15 counts the 10* too: the event comes first.) */
	static const double fr_t[] = { 6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23,
				       25, 32, 32, 34, 35 };
	static const unsigned char fr_e[] = { 1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1,
					      0, 0, 0, 0, 0 };
	static const struct { double t, s; } fr_s[] = {
		{ 5.99, 1 }, { 6, .857 }, { 6.5, .857 }, { 7, .807 }, { 9.99, .807 }, { 10, .753 },
		{ 12, .753 }, { 13, .690 }, { 16, .627 }, { 21.9, .627 }, { 22, .538 },
		{ 23, .448 }, { 30, .448 }, { 35, .448 },
	};
	double rt[NELEM(fr_t)], t[8];
	unsigned char re[NELEM(fr_t)], e[8];
	size_t i, n = NELEM(fr_t);

	for (i = 0; i < NELEM(fr_s); i++) {
		double p = km(fr_t, fr_e, n, fr_s[i].t);

		CHECK(close_to(1 - p, fr_s[i].s, 0.0005));
		if (!close_to(1 - p, fr_s[i].s, 0.0005))
			fprintf(stderr, "  Freireich S(%g) = %.4f, want %.3f\n", fr_s[i].t, 1 - p,
				fr_s[i].s);
	}
	/* exactly: S(23) = 18/21 * 16/17 * 14/15 * 11/12 * 10/11 * 6/7 * 5/6 */
	CHECK(close_to(km(fr_t, fr_e, n, 23), 1 - 18.0 / 21 * 16 / 17 * 14 / 15 * 11 / 12 * 10 /
		       11 * 6 / 7 * 5 / 6, 1e-12));
	/* the order of the input does not matter: reversed */
	for (i = 0; i < n; i++) {
		rt[i] = fr_t[n - 1 - i];
		re[i] = fr_e[n - 1 - i];
	}
	CHECK(close_to(km(rt, re, n, 16), km(fr_t, fr_e, n, 16), 1e-12));
	CHECK(close_to(1 - km(rt, re, n, 10), .753, 0.0005));
	/* past the last time, 35*, censored: not known */
	CHECK(isnan(km(fr_t, fr_e, n, 35.5)));
	CHECK(isnan(km(fr_t, fr_e, n, 1000)));
	CHECK(isnan(km(rt, re, n, 36)));

	/* no censoring: the empirical CDF of 3 1 2 2 5 */
	t[0] = 3; t[1] = 1; t[2] = 2; t[3] = 2; t[4] = 5;
	for (i = 0; i < 5; i++)
		e[i] = 1;
	CHECK(km(t, e, 5, 0.5) == 0);
	CHECK(close_to(km(t, e, 5, 1), 0.2, 1e-12));
	CHECK(close_to(km(t, e, 5, 1.5), 0.2, 1e-12));
	CHECK(close_to(km(t, e, 5, 2), 0.6, 1e-12));
	CHECK(close_to(km(t, e, 5, 3), 0.8, 1e-12));
	CHECK(close_to(km(t, e, 5, 4.9), 0.8, 1e-12));
	CHECK(close_to(km(t, e, 5, 5), 1, 1e-12));
	/* past the last time, an event: the curve stays */
	CHECK(close_to(km(t, e, 5, 50), 1, 1e-12));

	/* an event and a censoring at one time, events first:
	   1 2 2* 3  ->  at 1: r 4 d 1, S = 3/4; at 2: r 3 (the 2* is still
	   at risk) d 1, S = 3/4 * 2/3 = 1/2; at 3: r 1 d 1, S = 0.
	   Censoring first would give 3/4 * 1/2 = 3/8 at 2.  The censored one
	   is listed first, so the order must come from the rule, not the
	   input. */
	t[0] = 2; e[0] = 0;
	t[1] = 1; e[1] = 1;
	t[2] = 2; e[2] = 1;
	t[3] = 3; e[3] = 1;
	CHECK(close_to(km(t, e, 4, 1), 0.25, 1e-12));
	CHECK(close_to(km(t, e, 4, 2), 0.5, 1e-12));
	CHECK(close_to(km(t, e, 4, 2.5), 0.5, 1e-12));
	CHECK(close_to(km(t, e, 4, 3), 1, 1e-12));
	CHECK(close_to(km(t, e, 4, 9), 1, 1e-12));	/* the last, 3, is an event */

	/* before the first time: 0; an event at time 0 counts at t = 0 */
	t[0] = 0; e[0] = 1;
	t[1] = 4; e[1] = 0;
	CHECK(km(t, e, 2, -1) == 0);
	CHECK(close_to(km(t, e, 2, 0), 0.5, 1e-12));
	CHECK(close_to(km(t, e, 2, 4), 0.5, 1e-12));	/* at the last time: known */
	CHECK(isnan(km(t, e, 2, 4.5)));
	t[0] = 2; e[0] = 1;
	CHECK(km(t, e, 2, 1.99) == 0);

	/* all censored: nothing happens while anyone is followed */
	t[0] = 5; e[0] = 0;
	t[1] = 9; e[1] = 0;
	CHECK(km(t, e, 2, 5) == 0);
	CHECK(km(t, e, 2, 9) == 0);
	CHECK(isnan(km(t, e, 2, 10)));

	/* n = 0 */
	CHECK(isnan(km(t, e, 0, 1)));
}

/* ---------- 3. small histories worked by hand ---------- */

/* One requester, one group: tickets at day 0, 3 and 20, window 7 days.
   Gaps: #1 -/3d, #2 3d/17d, #3 17d/-.  Repeats: #2 (3 days <= 7), not #3
   (17 days): 1 of 3, median 3 days.
   KM with end = day 60: #1 event 3d, #2 event 17d, #3 censored 40d;
   S(30d) = 2/3 * 1/2 = 1/3, so p_repeat = 2/3.
   With end = day 40, #3 is censored at 20d, before the horizon and last:
   p_repeat is not known (NAN). */
static void test_basic(void)
{
	const int64_t base = 1700000000;
	struct tix_recur_item v[3], w[3];
	struct tix_recur_opts o = { 7 * DAY, 30 * DAY, base + 60 * DAY };
	struct tix_recur_group g;

	v[0] = item(base, 1, 7, 0, 1, 0);
	v[1] = item(base + 3 * DAY, 2, 7, 0, 1, 1);
	v[2] = item(base + 20 * DAY, 3, 7, 0, 1, 0);
	CHECK_EQ_I64(run(v, 3, 0, 1, &o, w, &g), 0);
	CHECK_EQ_I64(prev_of(w, 3, 1, 0), -1);
	CHECK_EQ_I64(next_of(w, 3, 1, 0), 3 * DAY);
	CHECK_EQ_I64(prev_of(w, 3, 2, 0), 3 * DAY);
	CHECK_EQ_I64(next_of(w, 3, 2, 0), 17 * DAY);
	CHECK_EQ_I64(prev_of(w, 3, 3, 0), 17 * DAY);
	CHECK_EQ_I64(next_of(w, 3, 3, 0), -1);
	CHECK_EQ_I64(g.tickets, 3);
	CHECK_EQ_I64(g.requesters, 1);
	CHECK_EQ_I64(g.repeats, 1);
	CHECK_EQ_I64(g.reopened, 1);
	CHECK(close_to(g.repeat_rate, 1.0 / 3, 1e-12));
	check_rates(&g);
	CHECK(close_to(g.median_days, 3, 1e-9));
	CHECK(close_to(g.p_repeat, 2.0 / 3, 1e-9));

	o.end = base + 40 * DAY;
	CHECK_EQ_I64(run(v, 3, 0, 1, &o, w, &g), 0);
	CHECK(isnan(g.p_repeat));
	CHECK_EQ_I64(g.repeats, 1);	/* the rest does not depend on end */

	/* a wider window takes #3 too: gaps 3 and 17 days, median 10 (the
	   mean of the middle two, the usual median of an even count) */
	o.window = 17 * DAY;
	o.end = base + 60 * DAY;
	CHECK_EQ_I64(run(v, 3, 0, 1, &o, w, &g), 0);
	CHECK_EQ_I64(g.repeats, 2);
	CHECK(close_to(g.median_days, 10, 1e-9));
	check_rates(&g);

	/* the same with any_group: one group, nothing changes */
	o.window = 7 * DAY;
	CHECK_EQ_I64(run(v, 3, 1, 1, &o, w, &g), 0);
	CHECK_EQ_I64(g.repeats, 1);
	CHECK(close_to(g.median_days, 3, 1e-9));
	CHECK(close_to(g.p_repeat, 2.0 / 3, 1e-9));
}

/* A gap of exactly the window is a repeat; one second more is not.
   Tickets at 0, 7d (gap 7d: repeat), 14d + 1 s (gap 7d + 1 s: not);
   median of the one repeat: 7 days. */
static void test_window_edge(void)
{
	struct tix_recur_item v[3], w[3];
	struct tix_recur_opts o = { 7 * DAY, 30 * DAY, 100 * DAY };
	struct tix_recur_group g;

	v[0] = item(0, 1, 3, 0, 1, 0);
	v[1] = item(7 * DAY, 2, 3, 0, 1, 0);
	v[2] = item(14 * DAY + 1, 3, 3, 0, 1, 0);
	CHECK_EQ_I64(run(v, 3, 0, 1, &o, w, &g), 0);
	CHECK_EQ_I64(prev_of(w, 3, 3, 0), 7 * DAY + 1);
	CHECK_EQ_I64(g.repeats, 1);
	CHECK(close_to(g.median_days, 7, 1e-9));
	/* KM: events 7d and 7d + 1 s, censored 86d - 1 s: S(30d) = 1/3 */
	CHECK(close_to(g.p_repeat, 2.0 / 3, 1e-9));
	/* an event at exactly the horizon is within it */
	o.horizon = 7 * DAY;
	CHECK_EQ_I64(run(v, 3, 0, 1, &o, w, &g), 0);
	CHECK(close_to(g.p_repeat, 1.0 / 3, 1e-9));
	o.horizon = 7 * DAY - 1;
	CHECK_EQ_I64(run(v, 3, 0, 1, &o, w, &g), 0);
	CHECK(g.p_repeat == 0);
}

/* Tickets of one requester in the same second are ordered by ticket
   number, whatever the order they are passed in.  Tickets #12, #25, #30
   at time T and #40 at T + 1 day: the order is 12 25 30 40, so
   prev gaps -, 0, 0, 1d and next gaps 0, 0, 1d, -; repeats #25 #30 #40
   (3 of 4), gaps 0 0 1d: median 0 days.
   KM (end T + 100d): events 0, 0, 1d, censored 99d: S(30d) = 1/4.
   Every one of the 24 input orders is tried. */
static void test_same_second(void)
{
	const int64_t T = 1600000000;
	static const uint32_t num[4] = { 30, 12, 25, 40 };
	struct tix_recur_item base[4], v[4], w[4];
	struct tix_recur_opts o = { 7 * DAY, 30 * DAY, T + 100 * DAY };
	struct tix_recur_group g;
	size_t perm, i, j, left[4], nleft, r;

	for (i = 0; i < 4; i++)
		base[i] = item(num[i] == 40 ? T + DAY : T, num[i], 9, 0, 1, 0);
	for (perm = 0; perm < 24; perm++) {
		/* the perm-th permutation, by its factorial-base digits */
		for (i = 0; i < 4; i++)
			left[i] = i;
		nleft = 4;
		r = perm;
		for (i = 0; i < 4; i++) {
			j = r % nleft;
			r /= nleft;
			v[i] = base[left[j]];
			left[j] = left[--nleft];
		}
		CHECK_EQ_I64(run(v, 4, 0, 1, &o, w, &g), 0);
		CHECK_EQ_I64(prev_of(w, 4, 12, 0), -1);
		CHECK_EQ_I64(prev_of(w, 4, 25, 0), 0);
		CHECK_EQ_I64(prev_of(w, 4, 30, 0), 0);
		CHECK_EQ_I64(prev_of(w, 4, 40, 0), DAY);
		CHECK_EQ_I64(next_of(w, 4, 12, 0), 0);
		CHECK_EQ_I64(next_of(w, 4, 25, 0), 0);
		CHECK_EQ_I64(next_of(w, 4, 30, 0), DAY);
		CHECK_EQ_I64(next_of(w, 4, 40, 0), -1);
		CHECK_EQ_I64(g.tickets, 4);
		CHECK_EQ_I64(g.repeats, 3);
		CHECK(close_to(g.median_days, 0, 1e-12));
		CHECK(close_to(g.p_repeat, 0.75, 1e-9));
		/* and with any_group, in one group: the same */
		CHECK_EQ_I64(run(v, 4, 1, 1, &o, w, &g), 0);
		CHECK_EQ_I64(prev_of(w, 4, 25, 0), 0);
		CHECK_EQ_I64(prev_of(w, 4, 12, 0), -1);
		CHECK_EQ_I64(g.repeats, 3);
	}
}

/* Items without a requester: never repeats, not requesters, not followed,
   but tickets.  #70 day 0 and #71 day 1 have no requester; #72 day 2 is
   requester 4's only ticket.  tickets 3, requesters 1, repeats 0 (median
   NAN); KM follows #72 alone, censored at 98d: p_repeat 0 (had #70 been
   followed to #71, an event at 1 day would make it > 0). */
static void test_no_requester(void)
{
	struct tix_recur_item v[3], w[3];
	struct tix_recur_opts o = { 7 * DAY, 30 * DAY, 100 * DAY };
	struct tix_recur_group g;
	int any;

	v[0] = item(0, 70, NONE, 0, 1, 1);
	v[1] = item(DAY, 71, NONE, 0, 1, 0);
	v[2] = item(2 * DAY, 72, 4, 0, 1, 0);
	for (any = 0; any <= 1; any++) {
		CHECK_EQ_I64(run(v, 3, any, 1, &o, w, &g), 0);
		CHECK_EQ_I64(prev_of(w, 3, 70, 0), -1);
		CHECK_EQ_I64(next_of(w, 3, 70, 0), -1);
		CHECK_EQ_I64(prev_of(w, 3, 71, 0), -1);
		CHECK_EQ_I64(next_of(w, 3, 71, 0), -1);
		CHECK_EQ_I64(prev_of(w, 3, 72, 0), -1);
		CHECK_EQ_I64(g.tickets, 3);
		CHECK_EQ_I64(g.requesters, 1);
		CHECK_EQ_I64(g.repeats, 0);
		CHECK_EQ_I64(g.reopened, 1);
		check_rates(&g);
		CHECK(isnan(g.median_days));
		CHECK(g.p_repeat == 0);
	}
}

/* One requester in two groups: #40 in group 0 at day 0, #41 in group 1 at
   day 2.  Per group, neither has a neighbour; with any_group #41 is a
   repeat (2 days) in group 1 and #40 is followed to it.  Group 2 has no
   items at all. */
static void test_two_groups(void)
{
	struct tix_recur_item v[2], w[2];
	struct tix_recur_opts o = { 7 * DAY, 30 * DAY, 100 * DAY };
	struct tix_recur_group g[3];
	double lo, hi;
	size_t i;

	v[0] = item(0, 40, 5, 0, 1, 0);
	v[1] = item(2 * DAY, 41, 5, 1, 1, 0);
	CHECK_EQ_I64(run(v, 2, 0, 3, &o, w, g), 0);
	CHECK_EQ_I64(prev_of(w, 2, 41, 1), -1);
	CHECK_EQ_I64(next_of(w, 2, 40, 0), -1);
	CHECK_EQ_I64(g[0].tickets, 1);
	CHECK_EQ_I64(g[1].tickets, 1);
	CHECK_EQ_I64(g[0].repeats + g[1].repeats, 0);
	CHECK_EQ_I64(g[0].requesters, 1);
	CHECK_EQ_I64(g[1].requesters, 1);
	CHECK(g[0].p_repeat == 0);	/* censored at 100d */

	CHECK_EQ_I64(run(v, 2, 1, 3, &o, w, g), 0);
	CHECK_EQ_I64(prev_of(w, 2, 41, 1), 2 * DAY);
	CHECK_EQ_I64(next_of(w, 2, 40, 0), 2 * DAY);
	CHECK_EQ_I64(g[0].repeats, 0);
	CHECK_EQ_I64(g[1].repeats, 1);
	CHECK(close_to(g[1].median_days, 2, 1e-9));
	CHECK(isnan(g[0].median_days));
	/* group 0 follows #40 alone: an event at 2 days, the last time */
	CHECK(close_to(g[0].p_repeat, 1, 1e-12));
	/* group 1 follows #41 alone: censored at 98 days */
	CHECK(g[1].p_repeat == 0);
	for (i = 0; i < 2; i++)
		check_rates(&g[i]);

	/* the empty group: no tickets, nothing known.  The header gives
	   "repeats / tickets" and does not say what 0 / 0 is: NAN or 0
	   are both accepted for the rates. */
	CHECK_EQ_I64(g[2].tickets, 0);
	CHECK_EQ_I64(g[2].requesters, 0);
	CHECK_EQ_I64(g[2].repeats, 0);
	CHECK_EQ_I64(g[2].reopened, 0);
	CHECK(isnan(g[2].repeat_rate) || g[2].repeat_rate == 0);
	CHECK(isnan(g[2].reopen_rate) || g[2].reopen_rate == 0);
	CHECK(isnan(g[2].repeat_low) && isnan(g[2].repeat_high));
	CHECK(isnan(g[2].reopen_low) && isnan(g[2].reopen_high));
	tix_wilson(0, 0, Z95, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
	CHECK(isnan(g[2].median_days));
	CHECK(isnan(g[2].p_repeat));

	/* no items at all */
	CHECK_EQ_I64(tix_recur_link(w, 0, 0, err), 0);
	CHECK_EQ_I64(tix_recur_summarise(w, 0, 2, &o, g, err), 0);
	for (i = 0; i < 2; i++) {
		CHECK_EQ_I64(g[i].tickets, 0);
		CHECK(isnan(g[i].repeat_low) && isnan(g[i].repeat_high));
		CHECK(isnan(g[i].median_days) && isnan(g[i].p_repeat));
	}
}

/* A ticket in two groups (grouping by tags): #50 in groups 0 and 1 at day
   0, #51 in group 1 at day 1, all requester 6.
   any_group: #50 is not its own neighbour: both its items have prev -,
   next 1d (the items of one ticket share their gaps); #51 prev 1d.
   Group 0: 1 ticket, no repeat; KM: #50 event at 1d, the last time, so
   p_repeat 1.  Group 1: 2 tickets, #51 repeat; KM: event 1d, censored
   99d: p_repeat 1/2.
   Per group: group 0's #50 has no neighbour (censored 100d, p_repeat 0);
   in group 1 as above. */
static void test_ticket_in_two_groups(void)
{
	struct tix_recur_item v[3], w[3];
	struct tix_recur_opts o = { 7 * DAY, 30 * DAY, 100 * DAY };
	struct tix_recur_group g[2];
	int round;

	v[0] = item(0, 50, 6, 0, 1, 0);
	v[1] = item(0, 50, 6, 1, 1, 0);
	v[2] = item(DAY, 51, 6, 1, 1, 0);
	rng_seed(50);
	for (round = 0; round < 6; round++) {
		shuffle(v, 3);
		CHECK_EQ_I64(run(v, 3, 1, 2, &o, w, g), 0);
		CHECK_EQ_I64(prev_of(w, 3, 50, 0), -1);
		CHECK_EQ_I64(prev_of(w, 3, 50, 1), -1);
		CHECK_EQ_I64(next_of(w, 3, 50, 0), DAY);
		CHECK_EQ_I64(next_of(w, 3, 50, 1), DAY);
		CHECK_EQ_I64(prev_of(w, 3, 51, 1), DAY);
		CHECK_EQ_I64(next_of(w, 3, 51, 1), -1);
		CHECK_EQ_I64(g[0].tickets, 1);
		CHECK_EQ_I64(g[0].repeats, 0);
		CHECK_EQ_I64(g[1].tickets, 2);
		CHECK_EQ_I64(g[1].requesters, 1);
		CHECK_EQ_I64(g[1].repeats, 1);
		CHECK(close_to(g[1].median_days, 1, 1e-9));
		CHECK(close_to(g[0].p_repeat, 1, 1e-12));
		CHECK(close_to(g[1].p_repeat, 0.5, 1e-12));

		CHECK_EQ_I64(run(v, 3, 0, 2, &o, w, g), 0);
		CHECK_EQ_I64(prev_of(w, 3, 50, 0), -1);
		CHECK_EQ_I64(next_of(w, 3, 50, 0), -1);
		CHECK_EQ_I64(prev_of(w, 3, 50, 1), -1);
		CHECK_EQ_I64(next_of(w, 3, 50, 1), DAY);
		CHECK_EQ_I64(prev_of(w, 3, 51, 1), DAY);
		CHECK_EQ_I64(g[0].repeats, 0);
		CHECK_EQ_I64(g[1].repeats, 1);
		CHECK(g[0].p_repeat == 0);
		CHECK(close_to(g[1].p_repeat, 0.5, 1e-12));
	}
}

/* Items before --since (counted 0) are looked back at only.  Requester 7:
   #60 (counted 0, reopened) at day 8, #61 at day 10; requester 8: only #62
   (counted 0) at day 9.  #61 is a repeat (2 days after #60), median 2.
   tickets 1 (#61), requesters 1 (8 has nothing counted), reopened 0.
   KM follows #61 alone, censored at 90 days: p_repeat 0 (following #60
   would add an event at 2 days). */
static void test_not_counted(void)
{
	struct tix_recur_item v[3], w[3];
	struct tix_recur_opts o = { 7 * DAY, 30 * DAY, 100 * DAY };
	struct tix_recur_group g;
	int any;

	v[0] = item(10 * DAY, 61, 7, 0, 1, 0);
	v[1] = item(8 * DAY, 60, 7, 0, 0, 1);
	v[2] = item(9 * DAY, 62, 8, 0, 0, 0);
	for (any = 0; any <= 1; any++) {
		CHECK_EQ_I64(run(v, 3, any, 1, &o, w, &g), 0);
		CHECK_EQ_I64(prev_of(w, 3, 61, 0), 2 * DAY);
		CHECK_EQ_I64(next_of(w, 3, 60, 0), 2 * DAY);
		CHECK_EQ_I64(g.tickets, 1);
		CHECK_EQ_I64(g.requesters, 1);
		CHECK_EQ_I64(g.repeats, 1);
		CHECK_EQ_I64(g.reopened, 0);
		check_rates(&g);
		CHECK(close_to(g.median_days, 2, 1e-9));
		CHECK(g.p_repeat == 0);
	}
}

/* Kaplan-Meier by hand, one group, window 20 days, horizon 30, end day 100:
     requester 10: #100 day 10, #101 day 15, #102 day 50
     requester 11: #110 day 20, #111 day 40
     requester 12: #120 day 80
     requester 13: #130 day 60, #131 day 90
     requester 14: #140 day 75, #141 day 95
   Followed (e = next contact, c = censored at 100 - created):
     #100 5e  #101 35e  #102 50c  #110 20e  #111 60c  #120 20c
     #130 30e  #131 10c  #140 20e  #141 5c
   Sorted, events first at a time: 5e 5c 10c 20e 20e 20c 30e 35e 50c 60c
     5:  r 10 d 1  S = 9/10                 (censoring first: 8/9)
     20: r 7  d 2  S = 9/10 * 5/7 = 9/14    (censoring first: r 6)
     30: r 4  d 1  S = 9/14 * 3/4 = 27/56
   p_repeat = P(T <= 30d) = 29/56 = .517857 (T < 30d would give 5/14).
   Repeats (prev_gap <= 20d): #101 5d, #111 20d, #141 20d (not #102 35d,
   #131 30d): 3 of 10, median 20 days.  Reopened #100, #130: 2 of 10.
   requesters 5. */
static void test_km_by_hand(void)
{
	static const struct { int day; uint32_t ticket, req; int reopened; } h[] = {
		{ 10, 100, 10, 1 }, { 15, 101, 10, 0 }, { 50, 102, 10, 0 },
		{ 20, 110, 11, 0 }, { 40, 111, 11, 0 },
		{ 80, 120, 12, 0 },
		{ 60, 130, 13, 1 }, { 90, 131, 13, 0 },
		{ 75, 140, 14, 0 }, { 95, 141, 14, 0 },
	};
	struct tix_recur_item v[NELEM(h)], w[NELEM(h)];
	struct tix_recur_opts o = { 20 * DAY, 30 * DAY, 100 * DAY };
	struct tix_recur_group g;
	size_t i;
	int any;

	for (i = 0; i < NELEM(h); i++)
		v[i] = item(h[i].day * DAY, h[i].ticket, h[i].req, 0, 1, h[i].reopened);
	rng_seed(100);
	shuffle(v, NELEM(h));
	for (any = 0; any <= 1; any++) {
		CHECK_EQ_I64(run(v, NELEM(h), any, 1, &o, w, &g), 0);
		CHECK_EQ_I64(g.tickets, 10);
		CHECK_EQ_I64(g.requesters, 5);
		CHECK_EQ_I64(g.repeats, 3);
		CHECK_EQ_I64(g.reopened, 2);
		check_rates(&g);
		CHECK(close_to(g.median_days, 20, 1e-9));
		CHECK(close_to(g.p_repeat, 29.0 / 56, 1e-9));
		if (!close_to(g.p_repeat, 29.0 / 56, 1e-9))
			fprintf(stderr, "  p_repeat %.6f, want 29/56 = %.6f\n", g.p_repeat,
				29.0 / 56);
	}
	/* reopened 2 of 10: Wilson (0.0567, 0.5098) by the formula */
	CHECK(close_to(g.reopen_low, 0.05668215, 1e-6));
	CHECK(close_to(g.reopen_high, 0.50983753, 1e-6));

	/* horizon 25 days: past 20, before 30: S = 9/14, p = 5/14 */
	o.horizon = 25 * DAY;
	CHECK_EQ_I64(run(v, NELEM(h), 0, 1, &o, w, &g), 0);
	CHECK(close_to(g.p_repeat, 5.0 / 14, 1e-9));
	/* horizon 55 days: past 35, S = 27/56 * 2/3 = 9/28 after #101's event
	   at 35 (r 3 d 1), then 50c: p = 19/28 */
	o.horizon = 55 * DAY;
	CHECK_EQ_I64(run(v, NELEM(h), 0, 1, &o, w, &g), 0);
	CHECK(close_to(g.p_repeat, 19.0 / 28, 1e-9));
	/* horizon 61 days: past the last time, 60c: not known */
	o.horizon = 61 * DAY;
	CHECK_EQ_I64(run(v, NELEM(h), 0, 1, &o, w, &g), 0);
	CHECK(isnan(g.p_repeat));
	/* reopens not known for 4 of the 10 (neither reopened one): counted
	   over the 6 known, 2 of 6, Wilson (0.0968, 0.7000) by the formula */
	o.horizon = 30 * DAY;
	for (i = 0, any = 0; i < NELEM(h) && any < 4; i++)
		if (v[i].reopened == 0) {
			v[i].reopened = TIX_RECUR_UNKNOWN;
			any++;
		}
	CHECK_EQ_I64(run(v, NELEM(h), 0, 1, &o, w, &g), 0);
	CHECK_EQ_I64(g.reopened, 2);
	CHECK_EQ_I64(g.reopen_known, 6);
	CHECK(close_to(g.reopen_rate, 2.0 / 6, 1e-12));
	CHECK(close_to(g.reopen_low, 0.09677, 1e-4));
	CHECK(close_to(g.reopen_high, 0.70000, 1e-4));
	/* none known: no rate */
	for (i = 0; i < NELEM(h); i++)
		v[i].reopened = TIX_RECUR_UNKNOWN;
	CHECK_EQ_I64(run(v, NELEM(h), 0, 1, &o, w, &g), 0);
	CHECK_EQ_I64(g.reopen_known, 0);
	CHECK(isnan(g.reopen_rate));
}

/* Everyone censored before the horizon: single tickets at day 80 and 90,
   end day 100 (censored at 20 and 10 days, horizon 30): p_repeat NAN. */
static void test_all_censored(void)
{
	struct tix_recur_item v[2], w[2];
	struct tix_recur_opts o = { 7 * DAY, 30 * DAY, 100 * DAY };
	struct tix_recur_group g;

	v[0] = item(80 * DAY, 1, 1, 0, 1, 0);
	v[1] = item(90 * DAY, 2, 2, 0, 1, 0);
	CHECK_EQ_I64(run(v, 2, 0, 1, &o, w, &g), 0);
	CHECK_EQ_I64(g.tickets, 2);
	CHECK_EQ_I64(g.requesters, 2);
	CHECK(isnan(g.p_repeat));
	CHECK(isnan(g.median_days));
	CHECK(g.repeat_rate == 0);
}

/* ---------- 4. tix_recur_returning ---------- */

static void test_returning(void)
{
	/*          0  1  2  3  4  5  6  7  8  9 10 11 12 13 */
	double a[] = { 0, 0, 3, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0 };
	/*          0  1  2  3  4  5  6  7  8  9 10 */
	double b[] = { 1, 0, 0, 1, 0, 0, 0, .5, 0, 0, 1 };
	double z[6] = { 0 };
	size_t runs[16][2], n;

	/* quiet 3: bins 3-5 (3 zeros, back at 6); 7-8 is two; 0-1 lead and
	   10-13 trail, so they are not runs */
	n = tix_recur_returning(a, NELEM(a), 3, runs);
	CHECK_EQ_I64(n, 1);
	if (n >= 1) {
		CHECK_EQ_I64(runs[0][0], 3);
		CHECK_EQ_I64(runs[0][1], 6);
	}
	/* quiet 2: 3-5 and 7-8 (back at 9) */
	n = tix_recur_returning(a, NELEM(a), 2, runs);
	CHECK_EQ_I64(n, 2);
	if (n >= 2) {
		CHECK_EQ_I64(runs[0][0], 3);
		CHECK_EQ_I64(runs[0][1], 6);
		CHECK_EQ_I64(runs[1][0], 7);
		CHECK_EQ_I64(runs[1][1], 9);
	}
	/* quiet 4: none (the 4 trailing zeros never came back) */
	CHECK_EQ_I64(tix_recur_returning(a, NELEM(a), 4, runs), 0);

	/* several runs; 0.5 is a bin above 0 */
	n = tix_recur_returning(b, NELEM(b), 2, runs);
	CHECK_EQ_I64(n, 3);
	if (n >= 3) {
		CHECK_EQ_I64(runs[0][0], 1);
		CHECK_EQ_I64(runs[0][1], 3);
		CHECK_EQ_I64(runs[1][0], 4);
		CHECK_EQ_I64(runs[1][1], 7);
		CHECK_EQ_I64(runs[2][0], 8);
		CHECK_EQ_I64(runs[2][1], 10);
	}
	/* quiet exactly 3 counts, so the 3-bin run 4-6 is the only one */
	n = tix_recur_returning(b, NELEM(b), 3, runs);
	CHECK_EQ_I64(n, 1);
	if (n >= 1) {
		CHECK_EQ_I64(runs[0][0], 4);
		CHECK_EQ_I64(runs[0][1], 7);
	}
	/* quiet 1: every gap */
	CHECK_EQ_I64(tix_recur_returning(b, NELEM(b), 1, runs), 3);

	/* the room the header promises is enough: 1 0 1 0 1 0 1 (n 7, 3 runs) */
	{
		double c[] = { 1, 0, 1, 0, 1, 0, 1 };
		size_t r4[7 / 2 + 1][2];

		n = tix_recur_returning(c, NELEM(c), 1, r4);
		CHECK_EQ_I64(n, 3);
		if (n == 3)
			CHECK(r4[2][0] == 5 && r4[2][1] == 6);
	}

	/* nothing there: all zeros, no bins, one active bin, no zeros */
	CHECK_EQ_I64(tix_recur_returning(z, NELEM(z), 1, runs), 0);
	CHECK_EQ_I64(tix_recur_returning(z, 0, 1, runs), 0);
	z[2] = 4;
	CHECK_EQ_I64(tix_recur_returning(z, NELEM(z), 1, runs), 0);
	CHECK_EQ_I64(tix_recur_returning(b, 1, 1, runs), 0);
	z[0] = z[1] = z[3] = z[4] = z[5] = 1;
	CHECK_EQ_I64(tix_recur_returning(z, NELEM(z), 1, runs), 0);
}

/* ---------- 5. random histories against brute force ---------- */

#define RT_TICKETS 300
#define RT_OLD 40		/* the first RT_OLD tickets are before --since */
#define RT_GROUPS 4
#define RT_REQUESTERS 15
#define RT_MAX (2 * RT_TICKETS)

/* Is a before b among one requester's tickets: by created, then number. */
static int before(const struct tix_recur_item *a, const struct tix_recur_item *b)
{
	return a->created < b->created || (a->created == b->created && a->ticket < b->ticket);
}

/* prev_gap and next_gap straight from the definition, O(n^2): among the
   other tickets of the same requester (same group unless any_group), the
   nearest before and after in (created, number) order. */
static void brute_link(struct tix_recur_item *v, size_t n, int any_group)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct tix_recur_item *p = NULL, *q = NULL;

		for (j = 0; j < n; j++) {
			const struct tix_recur_item *c = &v[j];

			if (v[i].requester == NONE || c->requester != v[i].requester ||
			    c->ticket == v[i].ticket || (!any_group && c->group != v[i].group))
				continue;
			if (before(c, &v[i]) && (!p || before(p, c)))
				p = c;
			if (before(&v[i], c) && (!q || before(c, q)))
				q = c;
		}
		v[i].prev_gap = p ? v[i].created - p->created : -1;
		v[i].next_gap = q ? q->created - v[i].created : -1;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Kaplan-Meier by its definition: S(t) = prod over event times u <= t of
   (1 - d(u) / r(u)), r(u) = how many have a time >= u (those censored at
   u still at risk: events first).  NAN past the last time when a
   censoring is at that time. */
static double brute_km(const double *t, const unsigned char *e, size_t n, double at)
{
	double s = 1, last = -1;
	int last_censored = 0;
	size_t i, j;

	if (n == 0)
		return NAN;
	for (i = 0; i < n; i++)
		if (t[i] > last)
			last = t[i];
	for (i = 0; i < n; i++)
		if (t[i] == last && !e[i])
			last_censored = 1;
	if (at > last && last_censored)
		return NAN;
	for (i = 0; i < n; i++) {
		size_t d = 0, r = 0;
		int first = 1;

		/* each event time once: at its first event in the input */
		if (!e[i] || t[i] > at)
			continue;
		for (j = 0; j < i; j++)
			if (e[j] && t[j] == t[i])
				first = 0;
		if (!first)
			continue;
		for (j = 0; j < n; j++) {
			d += e[j] && t[j] == t[i];
			r += t[j] >= t[i];
		}
		s *= 1 - (double)d / (double)r;
	}
	return 1 - s;
}

/* The figures of group g from items linked by brute_link. */
static void brute_group(const struct tix_recur_item *v, size_t n, uint32_t g,
			const struct tix_recur_opts *o, struct tix_recur_group *out)
{
	static double gaps[RT_MAX], times[RT_MAX];
	static unsigned char ev[RT_MAX];
	uint32_t seen[RT_REQUESTERS + 1];
	size_t i, j, ng = 0, nt = 0, nseen = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		const struct tix_recur_item *it = &v[i];
		int known = 0;

		if (it->group != g || !it->counted)
			continue;
		out->tickets++;
		out->reopened += it->reopened;
		if (it->requester == NONE)
			continue;
		for (j = 0; j < nseen; j++)
			known |= seen[j] == it->requester;
		if (!known)
			seen[nseen++] = it->requester;
		if (it->prev_gap >= 0 && it->prev_gap <= o->window) {
			out->repeats++;
			gaps[ng++] = (double)it->prev_gap;
		}
		ev[nt] = it->next_gap >= 0;
		times[nt++] = it->next_gap >= 0 ? (double)it->next_gap
						: (double)(o->end - it->created);
	}
	out->requesters = nseen;
	qsort(gaps, ng, sizeof(gaps[0]), cmp_double);
	if (ng == 0)
		out->median_days = NAN;
	else if (ng % 2)
		out->median_days = gaps[ng / 2] / DAY;
	else
		out->median_days = (gaps[ng / 2 - 1] + gaps[ng / 2]) / 2 / DAY;
	out->p_repeat = brute_km(times, ev, nt, (double)o->horizon);
}

/* tix_km_cdf on random samples with many ties (times on a grid of 12),
   at every grid point and between them, against brute_km.  Past a last
   time that holds both an event and a censoring the header's words fit
   either answer, so that one case is left out. */
static void test_km_random(void)
{
	double t[40], at;
	unsigned char e[40];
	uint64_t seed;
	size_t n, i, bad = 0;

	for (seed = 1; seed <= 200; seed++) {
		double last = -1;
		int ev_last = 0, cens_last = 0;

		rng_seed(5000 + seed);
		n = 1 + (size_t)rng_below(NELEM(t));
		for (i = 0; i < n; i++) {
			t[i] = (double)rng_below(12);
			e[i] = (unsigned char)rng_chance(2, 3);
			if (t[i] > last)
				last = t[i];
		}
		for (i = 0; i < n; i++)
			if (t[i] == last) {
				ev_last |= e[i];
				cens_last |= !e[i];
			}
		for (at = -0.5; at <= 12.5; at += 0.5) {
			double got = -1, want = brute_km(t, e, n, at);

			if (at > last && ev_last && cens_last)
				continue;
			CHECK_EQ_I64(tix_km_cdf(t, e, n, at, &got, err), 0);
			if (!same(got, want, 1e-12) && bad++ < 5)
				fprintf(stderr, "  km seed %" PRIu64 " n %zu t %g: %.6f, "
					"want %.6f\n", seed, n, at, got, want);
		}
	}
	CHECK_EQ_I64(bad, 0);
}

static int cmp_item(const void *a, const void *b)
{
	const struct tix_recur_item *x = a, *y = b;

	if (x->ticket != y->ticket)
		return x->ticket < y->ticket ? -1 : 1;
	return (x->group > y->group) - (x->group < y->group);
}

/* One random history: RT_TICKETS tickets over 200 days, the first RT_OLD
   before day 30 and not counted; created on whole days for a third (so
   gaps of exactly the window and the horizon happen), copied from an
   earlier ticket for a quarter (ties), else any second; numbers a
   shuffled 1..RT_TICKETS, so they disagree with the created order; a
   requester for most, in one group or two.  Returns the number of
   items. */
static size_t random_history(struct tix_recur_item *v)
{
	static int64_t created[RT_TICKETS];
	static uint32_t number[RT_TICKETS];
	size_t i, j, n = 0;

	for (i = 0; i < RT_TICKETS; i++)
		number[i] = (uint32_t)i + 1;
	for (i = RT_TICKETS; i > 1; i--) {
		uint32_t t;

		j = (size_t)rng_below(i);
		t = number[i - 1];
		number[i - 1] = number[j];
		number[j] = t;
	}
	for (i = 0; i < RT_TICKETS; i++) {
		int old = i < RT_OLD;
		int64_t lo = old ? 0 : 30 * DAY, span = old ? 30 * DAY : 170 * DAY;
		uint32_t req = rng_chance(1, 12) ? NONE : (uint32_t)rng_below(RT_REQUESTERS);
		uint32_t g1 = (uint32_t)rng_below(RT_GROUPS);
		int reopened = rng_chance(1, 5);

		if (i > 0 && (old ? i : i - RT_OLD) > 0 && rng_chance(1, 4))
			created[i] = created[(old ? 0 : RT_OLD) +
					     rng_below(old ? i : i - RT_OLD)];
		else if (rng_chance(1, 3))
			created[i] = lo + (int64_t)rng_below((uint64_t)(span / DAY)) * DAY;
		else
			created[i] = lo + (int64_t)rng_below((uint64_t)span);
		v[n++] = item(created[i], number[i], req, g1, !old, reopened);
		if (rng_chance(1, 5)) {
			uint32_t g2 = (g1 + 1 + (uint32_t)rng_below(RT_GROUPS - 1)) % RT_GROUPS;

			v[n++] = item(created[i], number[i], req, g2, !old, reopened);
		}
	}
	shuffle(v, n);
	return n;
}

static void test_random(void)
{
	static struct tix_recur_item v[RT_MAX], lib[RT_MAX], want[RT_MAX];
	struct tix_recur_opts o = { 7 * DAY, 30 * DAY, 205 * DAY };
	struct tix_recur_group got[RT_GROUPS], ref;
	uint64_t seed;
	size_t n, i, shown = 0;
	uint32_t g;
	int any;

	for (seed = 1; seed <= 30; seed++) {
		rng_seed(1000 + seed);
		n = random_history(v);
		for (any = 0; any <= 1; any++) {
			int bad_link = 0, bad_sum = 0;

			memcpy(lib, v, n * sizeof(v[0]));
			memcpy(want, v, n * sizeof(v[0]));
			brute_link(want, n, any);
			CHECK_EQ_I64(tix_recur_link(lib, n, any, err), 0);
			qsort(lib, n, sizeof(lib[0]), cmp_item);
			qsort(want, n, sizeof(want[0]), cmp_item);
			for (i = 0; i < n; i++) {
				const struct tix_recur_item *a = &lib[i], *b = &want[i];

				/* the items are all still there, unchanged */
				if (a->ticket != b->ticket || a->group != b->group ||
				    a->created != b->created || a->requester != b->requester ||
				    a->counted != b->counted || a->reopened != b->reopened) {
					bad_link++;
					continue;
				}
				if (a->prev_gap != b->prev_gap || a->next_gap != b->next_gap) {
					bad_link++;
					if (shown++ < 5)
						fprintf(stderr, "  seed %" PRIu64 " any %d: "
							"ticket %" PRIu32 " group %" PRIu32
							": gaps %" PRId64 "/%" PRId64 ", want %"
							PRId64 "/%" PRId64 "\n", seed, any,
							a->ticket, a->group,
							a->prev_gap, a->next_gap, b->prev_gap,
							b->next_gap);
				}
			}
			CHECK_EQ_I64(bad_link, 0);

			/* summarise from the library's own links; with them
			   right the figures must be the brute force's */
			CHECK_EQ_I64(tix_recur_summarise(lib, n, RT_GROUPS, &o, got, err), 0);
			for (g = 0; g < RT_GROUPS; g++) {
				brute_group(want, n, g, &o, &ref);
				if (got[g].tickets != ref.tickets ||
				    got[g].requesters != ref.requesters ||
				    got[g].repeats != ref.repeats ||
				    got[g].reopened != ref.reopened ||
				    !same(got[g].median_days, ref.median_days, 1e-9) ||
				    !same(got[g].p_repeat, ref.p_repeat, 1e-9)) {
					bad_sum++;
					if (shown++ < 10)
						fprintf(stderr, "  seed %" PRIu64 " any %d group %"
							PRIu32 ": tickets %zu/%zu requesters "
							"%zu/%zu repeats %zu/%zu reopened "
							"%zu/%zu median %.6f/%.6f p %.6f/%.6f "
							"(got/want)\n", seed, any, g,
							got[g].tickets, ref.tickets,
							got[g].requesters, ref.requesters,
							got[g].repeats, ref.repeats,
							got[g].reopened, ref.reopened,
							got[g].median_days, ref.median_days,
							got[g].p_repeat, ref.p_repeat);
				}
				check_rates(&got[g]);
				CHECK(got[g].repeat_low <= got[g].repeat_rate &&
				      got[g].repeat_rate <= got[g].repeat_high);
			}
			CHECK_EQ_I64(bad_sum, 0);
		}
	}
}

/* ---------- over a database: tix_recur_compute ---------- */

/* a store in a temporary file, its path in db_path */
static char db_path[64];

static struct tix_store *db_new(void)
{
	struct tix_store *s;
	int fd;

	snprintf(db_path, sizeof(db_path), "/tmp/tix-test-recur-XXXXXX");
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

static void db_done(struct tix_store *s)
{
	tix_store_close(s);
	unlink(db_path);
}

/* one ticket; requester, category, tags NULL for none; reopens < 0: NULL */
static void add_ticket(struct tix_store *s, int id, int64_t created, const char *requester,
		       const char *category, const char *tags, int reopens)
{
	char *sql = sqlite3_mprintf("INSERT INTO ticket(id, source, ext_id, requester, category,"
				    " tags, created, reopens, batch_id, row_hash)"
				    " VALUES (%d, 'test', '%d', %Q, %Q, %Q, %lld, %s, 1, 0)",
				    id, id, requester, category, tags, (long long)created,
				    reopens < 0 ? "NULL" : reopens ? "1" : "0");

	CHECK_EQ_I64(sqlite3_exec(s->db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(sql);
}

static const struct tix_recur_row *row_of(const struct tix_recur_table *t, const char *group)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->row[i].group, group))
			return &t->row[i];
	return NULL;
}

/*
 * Days from T.  The period is [lo, hi) = [T + 10d, T + 60d), window 7d, so
 * the tickets of [T + 3d, T + 10d) are looked back at.
 *
 *   #  created   requester category tags    reopens
 *   1  T + 2d    a         Old      x       0     before the window: not read
 *   2  T + 7d    a         A        x,y     0     in the window: read, not counted
 *   9  T + 9d    d         Gone     -       0     in the window: group Gone has no
 *                                                 counted ticket, so no row
 *   3  T + 11d   a         A        x       1     repeat of #2 (4d), in A and in x
 *   4  T + 12d   b         A        -       NULL  reopened by its history
 *   7  T + 15d   -         -        ""      0     (none), no requester
 *   5  T + 20d   b         B        y       NULL  no history: not reopened; b's last
 *                                                 was #4, 8d before, in A
 *   6  T + 22d   b         B        y,z     0     repeat of #5 (2d)
 *   8  T + 70d   a         A        x       0     after hi: not read; the end of the
 *                                                 data is hi (T + 60d)
 *
 * By category (the end is T + 60d; the horizon 30d):
 *   A       tickets 3, 4; requesters 2; repeats 1 (#3, 4d); reopened 2.
 *           KM: #3 censored at 49d, #4 at 48d: p_repeat 0.
 *   B       tickets 5, 6; requesters 1; repeats 1 (#6, 2d); reopened 0.
 *           KM: #5 event at 2d, #6 censored at 38d: p_repeat 1/2.
 *   (none)  #7: tickets 1, requesters 0, repeats 0, reopened 0; no one
 *           followed: p_repeat NAN; median NAN.
 *   Order: A and B have 1 repeat and 2 tickets each: by name, A, B; then
 *   (none).
 * With window 8d and any_group, #5 is a repeat of #4 (8d): B 2 repeats,
 * first; median of B 5d; without any_group, 8d changes nothing.
 *
 * By tag (#2's x and y are looked back at):
 *   x       #3: tickets 1, repeats 1 (#2 in x, 4d), reopened 1
 *   y       #5, #6: tickets 2, requesters 1, repeats 1 (#6, 2d)
 *   z       #6: tickets 1, repeats 0
 *   (none)  #4 (no tags) and #7 (empty): tickets 2, requesters 1, reopened 1
 *   Order: y (1, 2 tickets), x (1, 1), (none) (0, 2), z (0, 1).
 */
static void test_compute(void)
{
	const int64_t T = 1700000000;
	struct tix_recur_db_opts o = { T + 10 * DAY, T + 60 * DAY, 7 * DAY, 0 };
	struct tix_recur_table t;
	struct tix_groupby by;
	const struct tix_recur_row *r;
	struct tix_store *s = db_new();

	CHECK(s != NULL);
	if (!s)
		return;
	add_ticket(s, 1, T + 2 * DAY, "a", "Old", "x", 0);
	add_ticket(s, 2, T + 7 * DAY, "a", "A", "x,y", 0);
	add_ticket(s, 9, T + 9 * DAY, "d", "Gone", NULL, 0);
	add_ticket(s, 3, T + 11 * DAY, "a", "A", "x", 1);
	add_ticket(s, 4, T + 12 * DAY, "b", "A", NULL, -1);
	add_ticket(s, 7, T + 15 * DAY, NULL, NULL, "", 0);
	add_ticket(s, 5, T + 20 * DAY, "b", "B", "y", -1);
	add_ticket(s, 6, T + 22 * DAY, "b", "B", "y,z", 0);
	add_ticket(s, 8, T + 70 * DAY, "a", "A", "x", 0);
	CHECK_EQ_I64(sqlite3_exec(s->db, "INSERT INTO ticket_history(ticket_id, batch_id, field,"
				  " old_value, new_value) VALUES (4, 1, 'status', 'solved', 'open'),"
				  " (5, 1, 'status', 'open', 'solved')", NULL, NULL, NULL), SQLITE_OK);

	CHECK_EQ_I64(tix_groupby_parse("category", &by), 0);
	CHECK_EQ_I64(tix_recur_compute(s, &by, &o, &t, err), 0);
	CHECK_EQ_I64(t.n, 3);
	if (t.n == 3) {
		CHECK_EQ_STR(t.row[0].group, "A");
		CHECK_EQ_STR(t.row[1].group, "B");
		CHECK_EQ_STR(t.row[2].group, "(none)");
	}
	CHECK(row_of(&t, "Gone") == NULL);
	CHECK(row_of(&t, "Old") == NULL);
	if ((r = row_of(&t, "A"))) {
		CHECK_EQ_I64(r->r.tickets, 2);
		CHECK_EQ_I64(r->r.requesters, 2);
		CHECK_EQ_I64(r->r.repeats, 1);
		CHECK_EQ_I64(r->r.reopened, 2);
		CHECK(r->r.repeat_rate == 0.5);
		CHECK(r->r.reopen_rate == 1);
		CHECK(close_to(r->r.median_days, 4, 1e-12));
		CHECK(r->r.p_repeat == 0);
		check_rates(&r->r);
	}
	if ((r = row_of(&t, "B"))) {
		CHECK_EQ_I64(r->r.tickets, 2);
		CHECK_EQ_I64(r->r.requesters, 1);
		CHECK_EQ_I64(r->r.repeats, 1);
		CHECK_EQ_I64(r->r.reopened, 0);
		CHECK(close_to(r->r.median_days, 2, 1e-12));
		CHECK(close_to(r->r.p_repeat, 0.5, 1e-12));
	}
	if ((r = row_of(&t, "(none)"))) {
		CHECK_EQ_I64(r->r.tickets, 1);
		CHECK_EQ_I64(r->r.requesters, 0);
		CHECK_EQ_I64(r->r.repeats, 0);
		CHECK_EQ_I64(r->r.reopened, 0);
		CHECK(isnan(r->r.median_days));
		CHECK(isnan(r->r.p_repeat));
	}
	tix_recur_table_free(&t);
	CHECK(t.row == NULL && t.n == 0 && t.priv == NULL);

	/* window 8d: #5 is a repeat of #4 only across groups */
	o.window = 8 * DAY;
	CHECK_EQ_I64(tix_recur_compute(s, &by, &o, &t, err), 0);
	CHECK((r = row_of(&t, "B")) && r->r.repeats == 1);
	tix_recur_table_free(&t);
	o.any_group = 1;
	CHECK_EQ_I64(tix_recur_compute(s, &by, &o, &t, err), 0);
	CHECK_EQ_I64(t.n, 3);
	if (t.n == 3) {
		CHECK_EQ_STR(t.row[0].group, "B");
		CHECK_EQ_I64(t.row[0].r.repeats, 2);
		CHECK(close_to(t.row[0].r.median_days, 5, 1e-12));
		CHECK_EQ_STR(t.row[1].group, "A");
		CHECK_EQ_I64(t.row[1].r.repeats, 1);
	}
	tix_recur_table_free(&t);
	o.window = 7 * DAY;
	o.any_group = 0;

	/* the look-back from lo = T + 11d reaches #2 (T + 7d) with a window
	   of 4d, the edge included: #3 is a repeat; with 4d - 1s it is not */
	o.lo = T + 11 * DAY;
	o.window = 4 * DAY;
	CHECK_EQ_I64(tix_recur_compute(s, &by, &o, &t, err), 0);
	CHECK((r = row_of(&t, "A")) && r->r.repeats == 1 && r->r.tickets == 2);
	tix_recur_table_free(&t);
	o.window = 4 * DAY - 1;
	CHECK_EQ_I64(tix_recur_compute(s, &by, &o, &t, err), 0);
	CHECK((r = row_of(&t, "A")) && r->r.repeats == 0 && r->r.tickets == 2);
	tix_recur_table_free(&t);
	o.window = 7 * DAY;
	o.lo = T + 10 * DAY;

	/* tags */
	CHECK_EQ_I64(tix_groupby_parse("tag", &by), 0);
	CHECK_EQ_I64(tix_recur_compute(s, &by, &o, &t, err), 0);
	CHECK_EQ_I64(t.n, 4);
	if (t.n == 4) {
		CHECK_EQ_STR(t.row[0].group, "y");
		CHECK_EQ_STR(t.row[1].group, "x");
		CHECK_EQ_STR(t.row[2].group, "(none)");
		CHECK_EQ_STR(t.row[3].group, "z");
		CHECK_EQ_I64(t.row[0].r.tickets, 2);
		CHECK_EQ_I64(t.row[0].r.requesters, 1);
		CHECK_EQ_I64(t.row[0].r.repeats, 1);
		CHECK_EQ_I64(t.row[1].r.tickets, 1);
		CHECK_EQ_I64(t.row[1].r.repeats, 1);
		CHECK_EQ_I64(t.row[1].r.reopened, 1);
		CHECK_EQ_I64(t.row[2].r.tickets, 2);
		CHECK_EQ_I64(t.row[2].r.requesters, 1);
		CHECK_EQ_I64(t.row[2].r.reopened, 1);
		CHECK_EQ_I64(t.row[3].r.tickets, 1);
		CHECK_EQ_I64(t.row[3].r.repeats, 0);
	}
	tix_recur_table_free(&t);

	/* no bounds: every ticket counted, censored at #8's time (T + 70d).
	   A: #2, #3, #4, #8; #3 repeats #2 (4d), #8 is 59d after #3.  KM of A:
	   #8 censored at 0, #2 event at 4d (3 at risk), #4 censored at 58d,
	   #3 event at 59d: P(<= 30d) = 1/3.  Five groups: Old and Gone too. */
	o.lo = INT64_MIN;
	o.hi = INT64_MAX;
	CHECK_EQ_I64(tix_groupby_parse("category", &by), 0);
	CHECK_EQ_I64(tix_recur_compute(s, &by, &o, &t, err), 0);
	CHECK_EQ_I64(t.n, 5);
	if ((r = row_of(&t, "A"))) {
		CHECK_EQ_I64(r->r.tickets, 4);
		CHECK_EQ_I64(r->r.repeats, 1);
		CHECK(close_to(r->r.p_repeat, 1.0 / 3, 1e-12));
	}
	CHECK((r = row_of(&t, "Gone")) && r->r.tickets == 1);
	tix_recur_table_free(&t);

	/* an empty period: no rows */
	o.lo = T + 100 * DAY;
	o.hi = T + 200 * DAY;
	CHECK_EQ_I64(tix_recur_compute(s, &by, &o, &t, err), 0);
	CHECK_EQ_I64(t.n, 0);
	tix_recur_table_free(&t);

	/* a database error: -1 with err, and the table still freed */
	CHECK_EQ_I64(sqlite3_exec(s->db, "DROP TABLE ticket_history", NULL, NULL, NULL), SQLITE_OK);
	err[0] = 0;
	CHECK_EQ_I64(tix_recur_compute(s, &by, &o, &t, err), -1);
	CHECK(strstr(err, "ticket_history") != NULL);
	tix_recur_table_free(&t);
	CHECK(t.row == NULL && t.n == 0 && t.priv == NULL);
	db_done(s);
}

int main(void)
{
	test_wilson();
	test_km();
	test_basic();
	test_window_edge();
	test_same_second();
	test_no_requester();
	test_two_groups();
	test_ticket_in_two_groups();
	test_not_counted();
	test_km_by_hand();
	test_all_censored();
	test_returning();
	test_km_random();
	test_random();
	test_compute();
	TEST_DONE();
}
