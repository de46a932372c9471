/*
 * trend.h - what is spiking, shifting or drifting in a series: counts of
 * tickets per bin, or any numeric series.
 *
 *	struct tix_trend_result r = { 0 };
 *	for (each group g)
 *		tix_trend_detect(x, n, TIX_SPIKE | TIX_SHIFT | TIX_TREND, &opts, g, &r, err);
 *	tix_trend_adjust(&r, err);	q-values across everything tested, scores
 *	for (i = 0; i < r.n; i++)
 *		if (r.v[i].q_value <= alpha) report r.v[i];
 *	tix_trend_release(&r);
 *
 * Detectors (see tix-trend(1) for the method):
 *   spike  a bin far above its baseline: a robust level times a weekday (or
 *          other period) factor, tested under a negative binomial (Poisson
 *          when the counts are not over-dispersed); general series: a robust
 *          z-test on the residual.
 *   shift  a lasting change found by PELT: for counts a Poisson cost scaled
 *          by the over-dispersion, for general series a piecewise-linear
 *          normal cost with its own variance per segment; each change point
 *          is tested (likelihood ratio of the two segments it separates,
 *          corrected for the search over positions).
 *   trend  Mann-Kendall on sums of agg bins (weekly totals), Sen's slope.
 *
 * Every test made is counted (tests[kind]); candidates whose p-value is
 * 0.5 or more are not kept, which changes no q-value below 0.5.
 * The library never prints; -1 with err only when out of memory.
 */
#ifndef TIX_TREND_H
#define TIX_TREND_H

#include <stddef.h>

enum { TIX_SPIKE = 1, TIX_SHIFT = 2, TIX_TREND = 4 };

struct tix_finding {
	size_t group;		/* the caller's group number */
	int kind;		/* TIX_SPIKE, TIX_SHIFT or TIX_TREND */
	size_t index, end;	/* first and last bin of the finding, 0-based */
	double baseline;	/* per bin: expected (spike), before (shift),
				   first fitted value (trend) */
	double observed;	/* per bin: seen (spike), after (shift),
				   last fitted value (trend) */
	double ratio;		/* observed / baseline; NAN when baseline <= 0 */
	double p_value, q_value;
	double score;		/* orders findings: -log10(q) times the size of
				   the effect, see tix_trend_adjust */
};

struct tix_trend_opts {
	int counts;		/* 1: the values are counts (tickets per bin) */
	int period;		/* seasonal period in bins (7 for days); 0: none */
	int agg;		/* trend: test sums of agg bins (7: weeks of days); 0/1: bins */
};

struct tix_trend_result {
	struct tix_finding *v;
	size_t n, cap;
	size_t tests[3];	/* tests made: spike, shift, trend */
};

/*
 * Look for the kinds in detect (TIX_SPIKE | ...) in x[0..n-1] (NAN is a
 * missing value) and append candidates to r with raw p-values.  0, or -1
 * with err when out of memory.
 */
int tix_trend_detect(const double *x, size_t n, int detect, const struct tix_trend_opts *o,
		     size_t group, struct tix_trend_result *r, char *err);

/* Benjamini-Hochberg q-values per kind over r->tests[kind] tests, scores,
   and r->v sorted by score, highest first (ties: group, kind, index).
   0, or -1 with err when out of memory. */
int tix_trend_adjust(struct tix_trend_result *r, char *err);

void tix_trend_release(struct tix_trend_result *r);

/*
 * The change points alone: PELT over x[0..n-1] (no NAN) with the cost for
 * counts or general series and the default penalty.  Writes the indexes
 * of the first bin of each new segment (ascending, never 0) to cps, at
 * most n; returns how many, or -1 with err.
 */
long tix_trend_changepoints(const double *x, size_t n, int counts, size_t *cps, char *err);

/* p-value helpers, exposed for the tests. */
double tix_nb_upper(double x, double mean, double size);	/* P(X >= x) */
double tix_poisson_upper(double x, double mean);		/* P(X >= x) */

#endif
