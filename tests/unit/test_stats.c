/*
 * test_stats.c - exact percentiles and the period-over-period tests of
 * stats.h, against values worked out by hand or computed exactly with
 * integers (Python's math.comb and fractions), and R's documented
 * examples where they exist.
 */
#include <math.h>
#include <string.h>

#include "stats.h"
#include "unit.h"

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

int main(void)
{
	static const double v4[] = { 1, 2, 3, 4 }, one[] = { 7 };
	double x[8], y[8], p;

	/* type 7 quantiles: h = (n - 1) q */
	CHECK(NEAR(tix_quantile(v4, 4, 0.5), 2.5, 1e-12));
	CHECK(NEAR(tix_quantile(v4, 4, 0.9), 3.7, 1e-12));
	CHECK(NEAR(tix_quantile(v4, 4, 0), 1, 1e-12));
	CHECK(NEAR(tix_quantile(v4, 4, 1), 4, 1e-12));
	CHECK(NEAR(tix_quantile(one, 1, 0.9), 7, 1e-12));
	CHECK(isnan(tix_quantile(v4, 0, 0.5)));
	CHECK(isnan(tix_quantile(v4, 4, 1.5)));

	/* counts over equal spans: binomial(n, 1/2), two-sided */
	CHECK(NEAR(tix_test_counts(10, 0), 2.0 / 1024, 1e-12));
	CHECK(NEAR(tix_test_counts(0, 10), 2.0 / 1024, 1e-12));
	CHECK(NEAR(tix_test_counts(3, 7), 352.0 / 1024, 1e-12));
	CHECK(NEAR(tix_test_counts(5, 5), 1, 1e-12));
	CHECK(isnan(tix_test_counts(0, 0)));
	/* a big week against a normal one: far below 0.001 */
	CHECK(tix_test_counts(1300, 1000) < 1e-4);
	CHECK(tix_test_counts(1010, 1000) > 0.5);

	/* Fisher, two-sided: the tea tasting (R: p = 0.02857), R's
	   fisher.test example matrix(c(1, 11, 9, 3)) (p = 0.002759) */
	CHECK(NEAR(tix_test_proportions(4, 4, 0, 4), 0.02857142857142857, 1e-12));
	CHECK(NEAR(tix_test_proportions(1, 10, 11, 14), 0.0027594561852200836, 1e-12));
	CHECK(NEAR(tix_test_proportions(10, 100, 20, 100), 0.07342758972137638, 1e-10));
	CHECK(NEAR(tix_test_proportions(3, 10, 3, 10), 1, 1e-12));
	CHECK(NEAR(tix_test_proportions(0, 50, 0, 60), 1, 1e-12));
	CHECK(isnan(tix_test_proportions(0, 0, 1, 5)));
	/* symmetric in the rows */
	CHECK(NEAR(tix_test_proportions(20, 100, 10, 100), tix_test_proportions(10, 100, 20, 100),
		   1e-12));

	/* Mann-Whitney: 1 2 3 against 4 5 6: U = 0, mean 4.5, variance 5.25,
	   z = 4 / sqrt(5.25) with the continuity correction; R's
	   wilcox.test(exact = FALSE) gives p = 0.08086 */
	x[0] = 3; x[1] = 1; x[2] = 2;
	y[0] = 6; y[1] = 4; y[2] = 5;
	CHECK_EQ_I64(tix_test_durations(x, 3, y, 3, &p), 0);
	CHECK(NEAR(p, 0.080856, 1e-5));
	CHECK(x[0] == 1 && x[2] == 3);	/* sorted in place */
	/* the same samples: p = 1 */
	memcpy(x, (double[]){ 1, 2, 3 }, 3 * sizeof(double));
	memcpy(y, (double[]){ 1, 2, 3 }, 3 * sizeof(double));
	CHECK_EQ_I64(tix_test_durations(x, 3, y, 3, &p), 0);
	CHECK(NEAR(p, 1, 1e-12));
	/* every value tied: no spread, p = 1 */
	memcpy(x, (double[]){ 5, 5 }, 2 * sizeof(double));
	memcpy(y, (double[]){ 5, 5, 5 }, 3 * sizeof(double));
	CHECK_EQ_I64(tix_test_durations(x, 2, y, 3, &p), 0);
	CHECK(NEAR(p, 1, 1e-12));
	/* ties across the samples: 1 2 2 against 2 3 4: ranks 1, 3, 3 | 3, 5, 6;
	   U = 7 - 6 = 1, variance 9/12 (7 - 24/30) = 4.65, z = 3 / sqrt(4.65) */
	memcpy(x, (double[]){ 1, 2, 2 }, 3 * sizeof(double));
	memcpy(y, (double[]){ 2, 3, 4 }, 3 * sizeof(double));
	CHECK_EQ_I64(tix_test_durations(x, 3, y, 3, &p), 0);
	CHECK(NEAR(p, 2 * 0.5 * erfc(3 / sqrt(4.65) / sqrt(2)), 1e-9));
	/* an empty side: NAN */
	CHECK_EQ_I64(tix_test_durations(x, 0, y, 3, &p), 0);
	CHECK(isnan(p));
	TEST_DONE();
}
