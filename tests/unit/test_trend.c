/*
 * test_trend.c - spikes, shifts and trends against series with known
 * answers: the p-value helpers against independently computed tails, count
 * series with a planted spike or level step, pure noise (nothing may come
 * out significant), PELT change points in general series, Mann-Kendall on
 * monotone series, Benjamini-Hochberg q-values by hand, and edge cases.
 *
 * Every random series is drawn from a seeded splitmix64 below (never
 * rand()), so each run sees the same numbers on every platform.  Seeds are
 * fixed up front, not picked to make a check pass.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tix.h"
#include "trend.h"
#include "unit.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PI 3.14159265358979323846

static char err[TIX_ERRSZ];

/* ---------- a seeded generator and the distributions we need ---------- */

static uint64_t rng_state;

/* splitmix64's output function: a bijective 64-bit mixer. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The seed is mixed before use: splitmix64 is a counter, and seeds s and
   s + 1 must not give streams that are one step apart. */
static void rng_seed(uint64_t seed)
{
	rng_state = mix64(seed + 0x632be59bd9b4e019ULL);
}

static uint64_t rng_next(void)
{
	return mix64(rng_state += 0x9e3779b97f4a7c15ULL);
}

/* Uniform on (0, 1), never 0 or 1 (safe for log). */
static double unif(void)
{
	return ((double)(rng_next() >> 11) + 0.5) / 9007199254740992.0;
}

/* Standard normal by Box-Muller (one of the pair is enough). */
static double normal(void)
{
	double u = unif(), v = unif();

	return sqrt(-2 * log(u)) * cos(2 * PI * v);
}

/* Poisson by Knuth's product of uniforms: fine for means up to a few
   hundred (exp(-mean) must not underflow). */
static double poisson(double mean)
{
	double limit = exp(-mean), prod = 1;
	int k = -1;

	do {
		k++;
		prod *= unif();
	} while (prod > limit);
	return k;
}

/* Gamma with an integer shape and scale 1: a sum of exponentials. */
static double gamma_int(int shape)
{
	double s = 0;
	int i;

	for (i = 0; i < shape; i++)
		s -= log(unif());
	return s;
}

/* Negative binomial with size `shape` as a gamma-Poisson mixture: the mean
   is kept, the variance is mean + mean^2 / shape. */
static double negbin(double mean, int shape)
{
	return poisson(mean * gamma_int(shape) / shape);
}

/* ---------- small helpers ---------- */

static int near(double got, double want, double rel)
{
	if (got == want)
		return 1;
	return fabs(got - want) <= rel * fabs(want);
}

/* P(X >= x), X ~ Poisson(mean), summed term by term from x upwards with
   libm's lgamma: independent of GSL, which trend.c uses. */
static double poisson_tail_ref(int x, double mean)
{
	double term, sum = 0;
	int k;

	if (x <= 0)
		return 1;
	term = exp(-mean + x * log(mean) - lgamma(x + 1.0));
	for (k = x; term > 1e-19 * sum || k < mean; k++) {
		sum += term;
		term *= mean / (k + 1);
	}
	return sum;
}

/* P(X >= x), X ~ NB(mean, size): pmf(k) = G(k+size) / (G(size) k!)
   p^size (1-p)^k with p = size / (size + mean), summed from x upwards. */
static double nb_tail_ref(int x, double mean, double size)
{
	double q = mean / (size + mean), term, sum = 0;
	int k;

	if (x <= 0)
		return 1;
	term = exp(lgamma(x + size) - lgamma(size) - lgamma(x + 1.0) +
		   size * log(size / (size + mean)) + x * log(q));
	for (k = x; term > 1e-19 * sum || (k + size) * q > k + 1; k++) {
		sum += term;
		term *= (k + size) / (k + 1) * q;
	}
	return sum;
}

/* The number of findings of kind with q_value <= qmax (after adjust). */
static size_t count_sig(const struct tix_trend_result *r, int kind, double qmax)
{
	size_t i, c = 0;

	for (i = 0; i < r->n; i++)
		c += r->v[i].kind == kind && r->v[i].q_value <= qmax;
	return c;
}

/* The first finding of kind whose index is in [lo, hi], or NULL. */
static const struct tix_finding *find(const struct tix_trend_result *r, int kind, size_t lo,
				      size_t hi)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].kind == kind && r->v[i].index >= lo && r->v[i].index <= hi)
			return &r->v[i];
	return NULL;
}

/* On a failed check, show what was found (q <= qmax) to help the reader. */
static void show_sig(const char *what, const struct tix_trend_result *r, double qmax)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct tix_finding *f = &r->v[i];

		if (f->q_value > qmax)
			continue;
		fprintf(stderr, "  %s: group %zu kind %d bins %zu-%zu baseline %.3g observed %.3g "
			"p %.3g q %.3g\n", what, f->group, f->kind, f->index, f->end,
			f->baseline, f->observed, f->p_value, f->q_value);
	}
}

/* Sorted by score, highest first; q-values within [p, 1]. */
static int well_formed(const struct tix_trend_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct tix_finding *f = &r->v[i];

		if (i && r->v[i - 1].score < f->score)
			return 0;
		if (!(f->q_value >= f->p_value && f->q_value <= 1))
			return 0;
	}
	return 1;
}

/* ---------- 1. the p-value helpers ---------- */

static void test_tails(void)
{
	static const double means[] = { 0.5, 1, 3, 20 };
	static const struct { int x; double mean, size; } nb[] = {
		{ 10, 3, 5 }, { 50, 20, 2.5 }, { 2, 0.7, 0.5 }, { 40, 20, 20 },
	};
	size_t i;
	int k;

	/* P(X >= 3 | 1) = 1 - e^-1 (1 + 1 + 1/2) */
	CHECK(near(tix_poisson_upper(3, 1), 0.0803013970713942, 1e-9));
	CHECK(near(tix_poisson_upper(3, 1), 1 - exp(-1.0) * 2.5, 1e-9));
	for (i = 0; i < NELEM(means); i++) {
		/* P(X >= 0) = 1 and P(X >= 1) = 1 - e^-mean for any mean */
		CHECK(tix_poisson_upper(0, means[i]) == 1);
		CHECK(near(tix_poisson_upper(1, means[i]), -expm1(-means[i]), 1e-9));
	}
	/* further out, against the sum of the pmf from x upwards */
	CHECK(near(tix_poisson_upper(10, 3), poisson_tail_ref(10, 3), 1e-9));
	CHECK(near(tix_poisson_upper(40, 20), poisson_tail_ref(40, 20), 1e-9));
	CHECK(near(tix_poisson_upper(200, 20), poisson_tail_ref(200, 20), 1e-9));
	CHECK(near(tix_poisson_upper(15, 20), poisson_tail_ref(15, 20), 1e-9));
	/* a zero mean puts everything at 0; x <= 0 is certain */
	CHECK(tix_poisson_upper(1, 0) == 0);
	CHECK(tix_poisson_upper(-2, 5) == 1);
	/* P(X >= 2.5) = P(X >= 3) for an integer X */
	CHECK(near(tix_poisson_upper(2.5, 1), 0.0803013970713942, 1e-9));

	/* size 1 is the geometric: P(X >= k) = (mean / (1 + mean))^k exactly */
	for (k = 0; k <= 12; k++)
		CHECK(near(tix_nb_upper(k, 3, 1), pow(0.75, k), 1e-9));
	CHECK(near(tix_nb_upper(50, 3, 1), pow(0.75, 50), 1e-9));
	CHECK(near(tix_nb_upper(5, 0.2, 1), pow(0.2 / 1.2, 5), 1e-9));
	/* general sizes, against the sum of the pmf */
	for (i = 0; i < NELEM(nb); i++)
		CHECK(near(tix_nb_upper(nb[i].x, nb[i].mean, nb[i].size),
			   nb_tail_ref(nb[i].x, nb[i].mean, nb[i].size), 1e-9));
	CHECK(tix_nb_upper(0, 4, 2) == 1);
	CHECK(tix_nb_upper(1, 0, 2) == 0);
	/* an infinite (or unusable) size is the Poisson itself */
	CHECK(tix_nb_upper(7, 3, INFINITY) == tix_poisson_upper(7, 3));
	CHECK(tix_nb_upper(7, 3, 0) == tix_poisson_upper(7, 3));
	CHECK(tix_nb_upper(7, 3, -1) == tix_poisson_upper(7, 3));
	/* a huge size approaches the Poisson: the variance mean + mean^2/size
	   differs by 4e-7 here, far below the tolerance */
	CHECK(near(tix_nb_upper(3, 1, 1e9), tix_poisson_upper(3, 1), 1e-5));
	CHECK(near(tix_nb_upper(40, 20, 1e9), tix_poisson_upper(40, 20), 1e-5));
	/* over-dispersion fattens the upper tail */
	CHECK(tix_nb_upper(40, 20, 5) > tix_poisson_upper(40, 20));
}

/* ---------- 2. count series: daily, weekly pattern ---------- */

#define DAYS 182		/* 26 whole weeks */
#define LEVEL 20.0		/* tickets per weekday */

/* Weekends (days 5 and 6 of each week) see 0.4 of a weekday's tickets;
   the mean factor over a week is (5 + 2 * 0.4) / 7. */
static double weekday(size_t d)
{
	return d % 7 >= 5 ? 0.4 : 1;
}

#define MEAN_FACTOR ((5 + 2 * 0.4) / 7)

static const struct tix_trend_opts daily = { 1, 7, 7 };

/* (a) One day at 6x: a spike at exactly that day. */
static void test_count_spike(void)
{
	struct tix_trend_result r = { 0 };
	const struct tix_finding *f;
	double x[DAYS];
	size_t d;

	rng_seed(1);
	for (d = 0; d < DAYS; d++)
		x[d] = poisson(LEVEL * weekday(d) * (d == 100 ? 6 : 1));
	CHECK_EQ_I64(tix_trend_detect(x, DAYS, TIX_SPIKE | TIX_SHIFT | TIX_TREND, &daily, 0, &r,
				      err), 0);
	/* one spike test per day with a baseline: every day here has 25
	   same-weekday neighbours; one trend test on 26 weekly totals */
	CHECK_EQ_I64(r.tests[0], DAYS);
	CHECK_EQ_I64(r.tests[2], 1);
	for (d = 0; d < r.n; d++)
		CHECK(r.v[d].p_value < 0.5);	/* the rest are not kept */
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	CHECK(well_formed(&r));
	f = find(&r, TIX_SPIKE, 100, 100);
	CHECK(f != NULL);
	if (f) {
		CHECK(f->q_value <= 0.05);
		CHECK_EQ_I64(f->end, 100);
		/* day 100 is a weekday (100 % 7 == 2): expected about 20 */
		CHECK(f->baseline > 15 && f->baseline < 25);
		CHECK(f->ratio > 3);
		/* the clearest finding of the series comes first */
		CHECK(f == &r.v[0]);
	}
	tix_trend_release(&r);
	CHECK(r.v == NULL && r.n == 0);
}

/* (a2) Eight weeks of a few tickets a day (4.5 times the weekday factor)
   and two days in a row of 40: both are spikes.  The dispersion is
   estimated without the bins that are bursts beyond doubt, else the two
   widen their own null (estimated over every bin, neither day is found). */
static void test_count_burst(void)
{
	struct tix_trend_result r = { 0 };
	const struct tix_finding *f;
	double x[56];
	size_t d;

	rng_seed(3);
	for (d = 0; d < 56; d++)
		x[d] = d == 40 || d == 41 ? 40 : poisson(4.5 * weekday(d));
	CHECK_EQ_I64(tix_trend_detect(x, 56, TIX_SPIKE, &daily, 0, &r, err), 0);
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	for (d = 40; d <= 41; d++) {
		f = find(&r, TIX_SPIKE, d, d);
		CHECK(f != NULL && f->q_value <= 0.05 && f->ratio > 3);
	}
	tix_trend_release(&r);
}

/* (b) The level doubles from day 120 on: a shift there. */
static void test_count_shift(void)
{
	struct tix_trend_result r = { 0 };
	const struct tix_finding *f;
	double x[DAYS];
	size_t d;

	rng_seed(2);
	for (d = 0; d < DAYS; d++)
		x[d] = poisson(LEVEL * weekday(d) * (d >= 120 ? 2 : 1));
	CHECK_EQ_I64(tix_trend_detect(x, DAYS, TIX_SPIKE | TIX_SHIFT | TIX_TREND, &daily, 0, &r,
				      err), 0);
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	f = find(&r, TIX_SHIFT, 119, 121);
	CHECK(f != NULL);
	if (f) {
		CHECK(f->q_value <= 0.05);
		CHECK_EQ_I64(f->end, DAYS - 1);
		/* before: 20 a weekday times the mean weekly factor, 16.6 per
		   day; after: twice that */
		CHECK(f->baseline > 0.88 * LEVEL * MEAN_FACTOR &&
		      f->baseline < 1.12 * LEVEL * MEAN_FACTOR);
		CHECK(f->ratio > 1.6 && f->ratio < 2.5);
	} else {
		show_sig("step", &r, 1);
	}
	tix_trend_release(&r);
}

/* (c) Pure noise, 30 series in one result, adjusted once: with no signal
   at all every finding is false, and BH at 5% keeps the chance of any
   false finding at 5% under this global null. */
static void noise_batch(int shape, uint64_t seed0)
{
	struct tix_trend_result r = { 0 };
	double x[DAYS];
	size_t g, d, spikes;

	for (g = 0; g < 30; g++) {
		rng_seed(seed0 + g);
		for (d = 0; d < DAYS; d++)
			x[d] = shape ? negbin(LEVEL * weekday(d), shape) : poisson(LEVEL * weekday(d));
		CHECK_EQ_I64(tix_trend_detect(x, DAYS, TIX_SPIKE | TIX_SHIFT | TIX_TREND, &daily,
					      g, &r, err), 0);
	}
	CHECK_EQ_I64(r.tests[0], 30 * DAYS);
	CHECK_EQ_I64(r.tests[2], 30);
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	CHECK(well_formed(&r));
	spikes = count_sig(&r, TIX_SPIKE, 0.05);
	CHECK_EQ_I64(count_sig(&r, TIX_SHIFT, 0.05), 0);
	CHECK_EQ_I64(count_sig(&r, TIX_TREND, 0.05), 0);
	CHECK(spikes <= 1);
	if (spikes > 1 || count_sig(&r, TIX_SHIFT, 0.05) || count_sig(&r, TIX_TREND, 0.05))
		show_sig(shape ? "NB noise" : "Poisson noise", &r, 0.05);
	tix_trend_release(&r);
}

static void test_count_noise(void)
{
	noise_batch(0, 1000);	/* Poisson */
	noise_batch(20, 2000);	/* gamma-Poisson, shape 20: variance 20 + 20^2/20 */
}

/* Short over-dispersed series (NB, size 2: variance 20 + 200) must not
   be cut into shifts by a Poisson cost: the dispersion has to be measured
   even when few days have a same-weekday baseline.  34 days: the seventh
   weekday has only 3 same-weekday neighbours (a baseline needs 4), the
   others have 4; 21 days: no day has a baseline at all. */
static void short_overdispersed(size_t days, uint64_t seed0)
{
	struct tix_trend_result r = { 0 };
	double x[34];
	size_t g, d;

	for (g = 0; g < 20; g++) {
		rng_seed(seed0 + g);
		for (d = 0; d < days; d++)
			x[d] = negbin(LEVEL, 2);
		CHECK_EQ_I64(tix_trend_detect(x, days, TIX_SHIFT, &daily, g, &r, err), 0);
	}
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	CHECK_EQ_I64(count_sig(&r, TIX_SHIFT, 0.05), 0);
	tix_trend_release(&r);
}

static void test_count_short_overdispersed(void)
{
	short_overdispersed(34, 3000);
	short_overdispersed(21, 3100);
}

/* ---------- 3. change points in general series ---------- */

static const struct tix_trend_opts general = { 0, 0, 1 };

/* 60 points of N(10, 1), then N(20, 1) from index 30. */
static void step_series(double *x, uint64_t seed)
{
	size_t i;

	rng_seed(seed);
	for (i = 0; i < 60; i++)
		x[i] = (i < 30 ? 10 : 20) + normal();
}

static void test_changepoints(void)
{
	struct tix_trend_result r = { 0 };
	const struct tix_finding *f;
	double x[200], y[200];
	size_t cps[200], cps2[200], i;
	long k, k2;
	int s, with_cp, line_cp, same;

	/* one step of 10 sd: exactly one change, at 30 */
	step_series(x, 3);
	k = tix_trend_changepoints(x, 60, 0, cps, err);
	CHECK_EQ_I64(k, 1);
	CHECK(k >= 1 && cps[0] >= 29 && cps[0] <= 31);

	/* the same step through tix_trend_detect: a shift with a small
	   q-value, before about 10 and after about 20 */
	CHECK_EQ_I64(tix_trend_detect(x, 60, TIX_SHIFT, &general, 0, &r, err), 0);
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	f = find(&r, TIX_SHIFT, 29, 31);
	CHECK(f != NULL);
	if (f) {
		CHECK(f->q_value <= 0.05);
		CHECK(f->baseline > 9 && f->baseline < 11);
		CHECK(f->observed > 19 && f->observed < 21);
	}
	tix_trend_release(&r);

	/* missing values on both sides of the step (filled in by lines) */
	for (i = 15; i < 18; i++)
		x[i] = NAN;
	for (i = 40; i < 43; i++)
		x[i] = NAN;
	k = tix_trend_changepoints(x, 60, 0, cps, err);
	CHECK_EQ_I64(k, 1);
	CHECK(k >= 1 && cps[0] >= 29 && cps[0] <= 31);
	CHECK_EQ_I64(tix_trend_detect(x, 60, TIX_SHIFT, &general, 0, &r, err), 0);
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	f = find(&r, TIX_SHIFT, 29, 31);
	CHECK(f != NULL && f->q_value <= 0.05);
	tix_trend_release(&r);

	/* pure noise, 200 points: no change; over 20 seeds at most one
	   series may show one (the penalty is 5 log n per change) */
	with_cp = line_cp = 0;
	for (s = 0; s < 20; s++) {
		rng_seed(4000 + (uint64_t)s);
		for (i = 0; i < 200; i++)
			x[i] = 10 + normal();
		with_cp += tix_trend_changepoints(x, 200, 0, cps, err) > 0;
		/* a straight line with the same noise: a trend, not a break */
		for (i = 0; i < 200; i++)
			x[i] += 0.05 * (double)i;
		line_cp += tix_trend_changepoints(x, 200, 0, cps, err) > 0;
	}
	CHECK(with_cp <= 1);
	CHECK(line_cp <= 1);

	/* a constant series has nothing to split, whatever the constant
	   (0.1 and 3.7 are not exact binary fractions: the rounding of the
	   sums of squares must not be taken for variance) */
	for (i = 0; i < 60; i++)
		x[i] = 10;
	CHECK_EQ_I64(tix_trend_changepoints(x, 60, 0, cps, err), 0);
	for (i = 0; i < 60; i++)
		x[i] = 0.1;
	CHECK_EQ_I64(tix_trend_changepoints(x, 60, 0, cps, err), 0);
	for (i = 0; i < 200; i++)
		x[i] = 3.7;
	CHECK_EQ_I64(tix_trend_changepoints(x, 200, 0, cps, err), 0);
	for (i = 0; i < 60; i++)
		x[i] = 7;
	CHECK_EQ_I64(tix_trend_changepoints(x, 60, 1, cps, err), 0);	/* counts */

	/* the general cost is a line per segment, so adding a constant
	   changes nothing: noise with a step of 3 sd at 100, around 1e7,
	   splits like the same series around 0 (one change, at 100) */
	same = 1;
	for (s = 0; s < 5; s++) {
		rng_seed(5000 + (uint64_t)s);
		for (i = 0; i < 200; i++) {
			x[i] = normal() + (i >= 100 ? 3 : 0);
			y[i] = x[i] + 1e7;
		}
		k = tix_trend_changepoints(x, 200, 0, cps, err);
		k2 = tix_trend_changepoints(y, 200, 0, cps2, err);
		if (k != k2 || (k > 0 && memcmp(cps, cps2, (size_t)k * sizeof(*cps)) != 0)) {
			fprintf(stderr, "  offset 1e7, seed %d: %ld change points, %ld without\n",
				5000 + s, k2, k);
			same = 0;
		}
	}
	CHECK(same);
}

/* Pure normal noise, 30 short general series (20 points, as in 20 weekly
   values) in one result: as for counts, at most one false spike and no
   shift or trend.  The robust z-test must allow for a scale taken from
   only 20 residuals. */
static void test_general_noise(void)
{
	struct tix_trend_result r = { 0 };
	double x[20];
	size_t g, i, spikes;

	for (g = 0; g < 30; g++) {
		rng_seed(6500 + g);
		for (i = 0; i < NELEM(x); i++)
			x[i] = 10 + normal();
		CHECK_EQ_I64(tix_trend_detect(x, NELEM(x), TIX_SPIKE | TIX_SHIFT | TIX_TREND,
					      &general, g, &r, err), 0);
	}
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	spikes = count_sig(&r, TIX_SPIKE, 0.05);
	CHECK(spikes <= 1);
	CHECK_EQ_I64(count_sig(&r, TIX_SHIFT, 0.05), 0);
	CHECK_EQ_I64(count_sig(&r, TIX_TREND, 0.05), 0);
	if (spikes > 1 || count_sig(&r, TIX_SHIFT, 0.05))
		show_sig("normal noise", &r, 0.05);
	tix_trend_release(&r);
}

/* Missing stretches are filled by straight lines; such a stretch has no
   residual at all and must not pass for a segment of its own (a change in
   variance).  Pure noise with five holes of 8: no shift. */
static void test_holes_null(void)
{
	struct tix_trend_result r = { 0 };
	double x[200];
	size_t g, i, h;

	for (g = 0; g < 10; g++) {
		rng_seed(6000 + g);
		for (i = 0; i < 200; i++)
			x[i] = 10 + normal();
		for (h = 0; h < 5; h++)
			for (i = 20 + 40 * h; i < 28 + 40 * h; i++)
				x[i] = NAN;
		CHECK_EQ_I64(tix_trend_detect(x, 200, TIX_SHIFT, &general, g, &r, err), 0);
	}
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	CHECK_EQ_I64(count_sig(&r, TIX_SHIFT, 0.05), 0);
	tix_trend_release(&r);
}

/* ---------- 4. Mann-Kendall ---------- */

static void test_mann_kendall(void)
{
	struct tix_trend_result r = { 0 };
	const struct tix_finding *f;
	double x[143], z, p;
	size_t i;

	/* 20 strictly increasing weekly values 5, 6, ..., 24: S = 20*19/2 =
	   190 (every pair concordant), Var S = n(n-1)(2n+5)/18 = 950, with
	   the continuity correction z = 189 / sqrt(950), two-sided p =
	   erfc(z / sqrt 2) = 8.7e-10.  Sen's slope is 1 and the intercept 5,
	   so the fitted line runs from 5 to 24. */
	for (i = 0; i < 20; i++)
		x[i] = 5 + (double)i;
	z = 189 / sqrt(950.0);
	p = erfc(z / sqrt(2.0));
	CHECK_EQ_I64(tix_trend_detect(x, 20, TIX_TREND, &general, 0, &r, err), 0);
	CHECK_EQ_I64(r.tests[2], 1);
	f = find(&r, TIX_TREND, 0, 0);
	CHECK(f != NULL);
	if (f) {
		CHECK(f->p_value < 0.001);
		CHECK(near(f->p_value, p, 1e-9));
		CHECK_EQ_I64(f->end, 19);
		CHECK(near(f->baseline, 5, 1e-12));
		CHECK(near(f->observed, 24, 1e-12));
		CHECK(f->ratio > 1);
	}
	tix_trend_release(&r);

	/* strictly decreasing 30, 29, ..., 11: the same p, a ratio below 1 */
	for (i = 0; i < 20; i++)
		x[i] = 30 - (double)i;
	CHECK_EQ_I64(tix_trend_detect(x, 20, TIX_TREND, &general, 0, &r, err), 0);
	f = find(&r, TIX_TREND, 0, 0);
	CHECK(f != NULL);
	if (f) {
		CHECK(near(f->p_value, p, 1e-9));
		CHECK(near(f->ratio, 11.0 / 30, 1e-12));
	}
	tix_trend_release(&r);

	/* flat: every pair is a tie, S = 0 and Var S = 0 after the tie
	   correction; a test is made but nothing is kept */
	for (i = 0; i < 20; i++)
		x[i] = 12;
	CHECK_EQ_I64(tix_trend_detect(x, 20, TIX_TREND, &general, 0, &r, err), 0);
	CHECK_EQ_I64(r.tests[2], 1);
	CHECK_EQ_I64(r.n, 0);
	tix_trend_release(&r);

	/* daily counts summed by week (agg 7): every day of week w has w + 1
	   tickets, so the weekly totals 7, 14, ..., 140 rise strictly; the
	   fitted ends per bin are 1 and 20.  Three extra days make no
	   partial week: the trend ends on the last whole week. */
	for (i = 0; i < 143; i++)
		x[i] = (double)(i / 7 + 1);
	CHECK_EQ_I64(tix_trend_detect(x, 143, TIX_TREND, &daily, 0, &r, err), 0);
	f = find(&r, TIX_TREND, 0, 0);
	CHECK(f != NULL);
	if (f) {
		CHECK(near(f->p_value, p, 1e-9));
		CHECK_EQ_I64(f->end, 139);
		CHECK(near(f->baseline, 1, 1e-12));
		CHECK(near(f->observed, 20, 1e-12));
	}
	tix_trend_release(&r);
}

/* What listing every pair gives for the sums of agg bins of x, as
   trend.c computed it before it counted pairs by merge sort: S, the
   p-value with the ties taken off the variance of S, Sen's slope (the
   median of all pairwise slopes) and the intercept (the median of
   y - slope i).  The p-value from erfc, not GSL. */
struct mk_ref {
	double s, p, slope, icpt;
};

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_of(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_dbl);
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void mk_direct(const double *x, size_t nb, size_t agg, struct mk_ref *ref)
{
	size_t np = nb * (nb - 1) / 2, i, j, k, m = 0;
	double *y = malloc(nb * sizeof(double)), *c = malloc(nb * sizeof(double));
	double *sl = malloc(np * sizeof(double)), var, z;

	if (!y || !c || !sl)
		abort();
	for (i = 0; i < nb; i++) {
		y[i] = 0;
		for (k = 0; k < agg; k++)
			y[i] += x[i * agg + k];
	}
	ref->s = 0;
	for (i = 0; i < nb; i++)
		for (j = i + 1; j < nb; j++) {
			ref->s += (y[j] > y[i]) - (y[j] < y[i]);
			sl[m++] = (y[j] - y[i]) / (double)(j - i);
		}
	/* Var S = n(n-1)(2n+5)/18 less t(t-1)(2t+5)/18 per run of t ties */
	var = (double)nb * (double)(nb - 1) * (2.0 * (double)nb + 5) / 18;
	memcpy(c, y, nb * sizeof(double));
	qsort(c, nb, sizeof(double), cmp_dbl);
	for (i = 0; i < nb; i = j) {
		double t;

		for (j = i + 1; j < nb && c[j] == c[i]; j++)
			;
		t = (double)(j - i);
		var -= t * (t - 1) * (2 * t + 5) / 18;
	}
	z = var > 0 ? (ref->s > 0 ? ref->s - 1 : ref->s < 0 ? ref->s + 1 : 0) / sqrt(var) : 0;
	ref->p = erfc(fabs(z) / sqrt(2.0));
	ref->slope = median_of(sl, np);
	for (i = 0; i < nb; i++)
		c[i] = y[i] - ref->slope * (double)i;
	ref->icpt = median_of(c, nb);
	free(y);
	free(c);
	free(sl);
}

/* tix_trend_detect on x[0..n) (no NAN) against mk_direct: a trend finding
   exactly when the direct p is below 0.5 and the slope is not 0 (S is
   seen through the p-value, a strictly falling function of |S|), and
   then the same p, line and slope.  The slope is recovered from the
   fitted ends, (observed - baseline) agg / (nb - 1), and a slope one
   rank off the median would be off by far more than the tolerances.
   Returns whether there was a finding. */
static int mk_matches(const double *x, size_t n, const struct tix_trend_opts *o,
		      const char *what, size_t seed)
{
	struct tix_trend_result r = { 0 };
	const struct tix_finding *f;
	size_t agg = o->agg > 1 ? (size_t)o->agg : 1, nb = n / agg;
	struct mk_ref ref;
	double slope;
	int want, ok = 1;

	mk_direct(x, nb, agg, &ref);
	CHECK_EQ_I64(tix_trend_detect(x, n, TIX_TREND, o, 0, &r, err), 0);
	CHECK_EQ_I64(r.tests[2], 1);
	f = find(&r, TIX_TREND, 0, 0);
	want = ref.p < 0.5 && ref.slope != 0;
	if (fabs(ref.p - 0.5) < 1e-9)
		want = f != NULL;	/* erfc and GSL may round apart */
	ok &= (f != NULL) == want;
	if (f) {
		slope = (f->observed - f->baseline) * (double)agg / (double)(nb - 1);
		ok &= near(f->p_value, ref.p, 1e-9);
		ok &= near(f->baseline, ref.icpt / (double)agg, 1e-12);
		ok &= near(f->observed, (ref.icpt + ref.slope * (double)(nb - 1)) / (double)agg,
			   1e-12);
		ok &= near(slope, ref.slope, 1e-9);
		ok &= f->end == nb * agg - 1;
	}
	CHECK(ok);
	if (!ok)
		fprintf(stderr, "  %s, nb %zu, seed %zu: direct S %.0f p %.6g slope %.17g "
			"icpt %.17g; found %s p %.6g baseline %.17g observed %.17g\n", what, nb,
			seed, ref.s, ref.p, ref.slope, ref.icpt, f ? "yes" : "no",
			f ? f->p_value : NAN, f ? f->baseline : NAN, f ? f->observed : NAN);
	tix_trend_release(&r);
	return f != NULL;
}

/* Mann-Kendall and Sen's slope count the pairs rather than list them:
   against the direct computation on series of every kind of tie, at
   sizes on both sides of the merge sort's powers of two and with both
   parities of the number of pairs (nb = 9, 64, 65, 500, 1501: even;
   10, 66, 1502: odd). */
static void test_mk_pairs(void)
{
	static const size_t sizes[] = { 9, 10, 64, 65, 66, 500, 1501, 1502 };
	/* per bin: mean a + b t / n, Poisson counts or plus normal noise;
	   agg 2 makes 9 sums from the 18 bins tix_trend_detect needs */
	static const struct {
		const char *what;
		double a, b;
		int noise, agg;
	} kinds[] = {
		{ "null Poisson(2)", 2, 0, 0, 1 },	/* many slopes exactly 0 */
		{ "rising counts", 1, 2, 0, 1 },
		{ "falling counts", 4, -3, 0, 1 },
		{ "weekly sums of daily counts", 0.3, 0.3, 0, 7 },
		{ "null normal", 10, 0, 1, 1 },		/* no ties at all */
		{ "rising normal", 10, 2, 1, 1 },
		{ "staircase", 0, 0, 2, 1 },		/* slopes of exactly 1/3 */
	};
	size_t si, ki, s, i, found = 0, tried = 0;
	double *x = malloc((1502 * 7 + 3) * sizeof(double));

	if (!x)
		abort();
	for (si = 0; si < NELEM(sizes); si++) {
		size_t nb = sizes[si], seeds = nb > 1000 ? 1 : 4;

		for (ki = 0; ki < NELEM(kinds); ki++) {
			size_t agg = kinds[ki].agg == 1 && nb < 10 ? 2 : (size_t)kinds[ki].agg;
			/* a part of a sum at the end, which is left out */
			size_t n = nb * agg + agg / 2;
			struct tix_trend_opts o = { kinds[ki].noise != 1, agg == 7 ? 7 : 0,
						    (int)agg };

			for (s = 0; s < seeds; s++) {
				rng_seed(8000 + 100 * si + 10 * ki + s);
				for (i = 0; i < n; i++) {
					double mean = kinds[ki].a + kinds[ki].b * (double)i / (double)n;

					if (kinds[ki].noise == 2)	/* 0 0 0 1 1 1 2 ... */
						x[i] = (double)((i + s) / 3) + (double)(rng_next() % 8 == 0);
					else if (kinds[ki].noise)
						x[i] = mean + normal();
					else
						x[i] = poisson(mean);
				}
				found += mk_matches(x, n, &o, kinds[ki].what, s);
				tried++;
			}
		}
	}
	/* the comparison saw slopes, not only absent findings */
	CHECK(found > tried / 2);
	free(x);
}

/* 60,000 values, a line plus noise: 1.8e9 pairs, which listing would
   take 14 GB for; counting them takes O(n) memory.  Sen's slope of a
   line with N(0, 1) noise has a standard error of about
   sqrt(12) / n^1.5 = 2.4e-7 here, the intercept about 0.005. */
static void test_mk_long(void)
{
	struct tix_trend_result r = { 0 };
	const struct tix_finding *f;
	size_t n = 60000, i;
	double *x = malloc(n * sizeof(double));

	if (!x)
		abort();
	rng_seed(8500);
	for (i = 0; i < n; i++)
		x[i] = 100 + 0.01 * (double)i + normal();
	CHECK_EQ_I64(tix_trend_detect(x, n, TIX_TREND, &general, 0, &r, err), 0);
	f = find(&r, TIX_TREND, 0, 0);
	CHECK(f != NULL);
	if (f) {
		CHECK(f->p_value < 1e-100);
		CHECK_EQ_I64(f->end, n - 1);
		CHECK(fabs((f->observed - f->baseline) / (double)(n - 1) - 0.01) < 1e-5);
		CHECK(fabs(f->baseline - 100) < 0.05);
	}
	tix_trend_release(&r);
	free(x);
}

/* ---------- 5. q-values and order, by hand ---------- */

/* A result built by hand, as tix_trend_detect would leave it. */
static void add_finding(struct tix_trend_result *r, size_t group, int kind, size_t bin,
			double p, double ratio)
{
	struct tix_finding *f;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 8;
		r->v = realloc(r->v, r->cap * sizeof(*r->v));
		if (!r->v)
			abort();
	}
	f = &r->v[r->n++];
	memset(f, 0, sizeof(*f));
	f->group = group;
	f->kind = kind;
	f->index = f->end = bin;
	f->p_value = p;
	f->ratio = ratio;
	f->baseline = 1;
	f->observed = ratio;
}

static const struct tix_finding *by_index(const struct tix_trend_result *r, size_t bin)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].index == bin)
			return &r->v[i];
	return NULL;
}

static void test_adjust(void)
{
	struct tix_trend_result r = { 0 };
	const struct tix_finding *a, *b, *c, *d, *e, *e2;

	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);	/* nothing to do */

	/* 10 spike tests, three kept: p = .001, .01, .03 in ranks 1-3.
	   q_(i) = min over j >= i of p_(j) * 10 / j = .01, .05, .1 */
	r.tests[0] = 10;
	add_finding(&r, 0, TIX_SPIKE, 3, 0.03, NAN);	/* listed out of order */
	add_finding(&r, 0, TIX_SPIKE, 1, 0.001, 2);
	add_finding(&r, 0, TIX_SPIKE, 2, 0.01, 8);
	/* a shift family of its own: 1 test, q = p */
	r.tests[1] = 1;
	add_finding(&r, 1, TIX_SHIFT, 4, 0.2, 0.5);
	/* a trend family where the raw values are not monotone:
	   p = .02, .021 of 2 tests give .04, .021, so both get .021 */
	r.tests[2] = 2;
	add_finding(&r, 2, TIX_TREND, 5, 0.02, 4);
	add_finding(&r, 2, TIX_TREND, 6, 0.021, 4);
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	a = by_index(&r, 1);
	b = by_index(&r, 2);
	c = by_index(&r, 3);
	d = by_index(&r, 4);
	e = by_index(&r, 5);
	e2 = by_index(&r, 6);
	CHECK(a && b && c && d && e && e2);
	if (a && b && c && d && e && e2) {
		CHECK(near(a->q_value, 0.01, 1e-12));
		CHECK(near(b->q_value, 0.05, 1e-12));
		CHECK(near(c->q_value, 0.1, 1e-12));
		CHECK(near(d->q_value, 0.2, 1e-12));
		CHECK(near(e->q_value, 0.021, 1e-12));
		CHECK(near(e2->q_value, 0.021, 1e-12));
		/* score = -log10(q) * |log2 ratio|, 1 when there is no ratio */
		CHECK(near(a->score, 2 * 1, 1e-12));
		CHECK(near(b->score, -log10(0.05) * 3, 1e-12));
		CHECK(near(c->score, 1, 1e-12));
		CHECK(near(d->score, -log10(0.2) * 1, 1e-12));
		CHECK(near(e->score, -log10(0.021) * 2, 1e-12));
	}
	/* highest score first: b 3.90, then the trends 3.36 (ties: by
	   index), a 2, c 1, d 0.70 */
	CHECK(well_formed(&r));
	CHECK_EQ_I64(r.v[0].index, 2);
	CHECK_EQ_I64(r.v[1].index, 5);
	CHECK_EQ_I64(r.v[2].index, 6);
	CHECK_EQ_I64(r.v[3].index, 1);
	CHECK_EQ_I64(r.v[4].index, 3);
	CHECK_EQ_I64(r.v[5].index, 4);
	tix_trend_release(&r);

	/* q is capped at 1: p = .4 of 100 tests would be 40 */
	r.tests[0] = 100;
	add_finding(&r, 0, TIX_SPIKE, 0, 0.4, 2);
	add_finding(&r, 1, TIX_SPIKE, 0, 0.4, 2);
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	CHECK(r.v[0].q_value == 1 && r.v[1].q_value == 1);
	/* equal scores: by group */
	CHECK_EQ_I64(r.v[0].group, 0);
	CHECK_EQ_I64(r.v[1].group, 1);
	tix_trend_release(&r);
}

/* ---------- 6. edge cases ---------- */

/* x[0..n) must give no findings and no error. */
static void nothing(const double *x, size_t n, const struct tix_trend_opts *o)
{
	struct tix_trend_result r = { 0 };

	CHECK_EQ_I64(tix_trend_detect(x, n, TIX_SPIKE | TIX_SHIFT | TIX_TREND, o, 0, &r, err), 0);
	CHECK_EQ_I64(r.n, 0);
	if (r.n)
		fprintf(stderr, "  n = %zu, counts %d: %zu findings\n", n, o->counts, r.n);
	CHECK_EQ_I64(tix_trend_adjust(&r, err), 0);
	tix_trend_release(&r);
}

static void test_edges(void)
{
	double x[60], one = 5;
	size_t cps[60], i, n;

	nothing(&one, 0, &general);
	nothing(&one, 0, &daily);
	nothing(&one, 1, &general);
	nothing(&one, 1, &daily);
	for (i = 0; i < 60; i++)
		x[i] = NAN;
	nothing(x, 60, &general);	/* all missing */
	nothing(x, 60, &daily);
	x[30] = 4;
	nothing(x, 60, &general);	/* one value among the missing */
	CHECK_EQ_I64(tix_trend_changepoints(&one, 0, 0, cps, err), 0);
	CHECK_EQ_I64(tix_trend_changepoints(&one, 1, 1, cps, err), 0);

	/* shorter than 10 (two shortest segments): noise gives nothing */
	for (n = 2; n < 10; n++) {
		rng_seed(7000 + n);
		for (i = 0; i < n; i++)
			x[i] = 10 + normal();
		nothing(x, n, &general);
		CHECK_EQ_I64(tix_trend_changepoints(x, n, 0, cps, err), 0);
		for (i = 0; i < n; i++)
			x[i] = poisson(LEVEL);
		nothing(x, n, &daily);
	}

	/* all missing: not meant as input to tix_trend_changepoints, but it
	   must not read the unset values it would fill them with (valgrind
	   shows it; the count it returns then depends on the heap) */
	for (i = 0; i < 60; i++)
		x[i] = NAN;
	CHECK_EQ_I64(tix_trend_changepoints(x, 60, 0, cps, err), 0);
}

int main(void)
{
	test_tails();
	test_count_spike();
	test_count_burst();
	test_count_shift();
	test_count_noise();
	test_count_short_overdispersed();
	test_changepoints();
	test_general_noise();
	test_holes_null();
	test_mann_kendall();
	test_mk_pairs();
	test_mk_long();
	test_adjust();
	test_edges();
	TEST_DONE();
}
