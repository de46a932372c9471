/*
 * stats.h - the figures a team lead asks for, and whether a change from
 * one period to the next is more than noise (for tix-stats and tix-report,
 * issue 9).
 *
 *	tix_quantile(v, n, 0.9)			exact percentile of sorted v
 *	tix_test_counts(a, b)			two counts over equal spans
 *	tix_test_proportions(k1, n1, k2, n2)	two shares
 *	tix_test_durations(x, nx, y, ny, &p)	two samples of times
 *
 * Every test returns a two-sided p value in [0, 1], or NAN when there is
 * nothing to test (an empty side).  The library never prints and never
 * exits; GSL's error handler is off.
 */
#ifndef TIX_STATS_H
#define TIX_STATS_H

#include <stddef.h>

/*
 * The q-quantile (0 <= q <= 1) of v[0..n), sorted ascending, by linear
 * interpolation between order statistics: h = (n - 1) q, then
 * v[floor h] + (h - floor h) (v[floor h + 1] - v[floor h]) (Hyndman and
 * Fan's type 7, R's default).  NAN when n is 0.
 */
double tix_quantile(const double *v, size_t n, double q);

/*
 * Counts a and b of two periods of equal length: under "the same rate",
 * a given a + b is binomial(a + b, 1/2); the two-sided exact p (the
 * probability of an outcome no more likely than a).  NAN when a + b is 0.
 */
double tix_test_counts(unsigned long a, unsigned long b);

/*
 * Shares k1/n1 and k2/n2: Fisher's exact test, two-sided (the outcomes no
 * more likely than the one seen, margins fixed).  NAN when n1 or n2 is 0.
 */
double tix_test_proportions(unsigned long k1, unsigned long n1, unsigned long k2,
			    unsigned long n2);

/*
 * Two samples of durations: the Mann-Whitney U test, two-sided, by the
 * normal approximation with the tie correction and a continuity
 * correction of 1/2.  x and y are sorted in place.  0 with *p (NAN when a
 * side is empty, 1 when every value is tied), -1 when out of memory.
 */
int tix_test_durations(double *x, size_t nx, double *y, size_t ny, double *p);

#endif
