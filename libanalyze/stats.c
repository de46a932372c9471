/* stats.c - percentiles and period-over-period tests; see stats.h. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#include "stats.h"
#include "tix.h"

static double clamp01(double p)
{
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

double tix_quantile(const double *v, size_t n, double q)
{
	double h, f;
	size_t i;

	if (!n || !(q >= 0 && q <= 1))
		return NAN;
	h = (double)(n - 1) * q;
	i = (size_t)floor(h);
	f = h - (double)i;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + f * (v[i + 1] - v[i]);
}

/* log of the hypergeometric probability of x successes among draws t from
   n1 successes and n2 failures */
static double lhyper(unsigned long x, unsigned long n1, unsigned long n2, unsigned long t)
{
	return gsl_sf_lnchoose((unsigned)n1, (unsigned)x) +
	       gsl_sf_lnchoose((unsigned)n2, (unsigned)(t - x)) -
	       gsl_sf_lnchoose((unsigned)(n1 + n2), (unsigned)t);
}

/* "no more likely": within a relative 1e-7, as R does, so that ties in
   probability are not lost to rounding */
#define TIE 1e-7

double tix_test_counts(unsigned long a, unsigned long b)
{
	unsigned long n = a + b;

	if (!n)
		return NAN;
	if (a == b)
		return 1;
	tix_gsl_init();
	/* binomial(n, 1/2) is symmetric: the outcomes no more likely than a
	   are those at most min(a, b) and at least max(a, b) */
	return clamp01(2 * gsl_cdf_binomial_P((unsigned)(a < b ? a : b), 0.5, (unsigned)n));
}

double tix_test_proportions(unsigned long k1, unsigned long n1, unsigned long k2,
			    unsigned long n2)
{
	unsigned long t = k1 + k2, x, lo, hi;
	double lobs, p = 0;

	if (!n1 || !n2)
		return NAN;
	tix_gsl_init();
	/* x, the successes of row 1, runs over what the margins allow */
	lo = t > n2 ? t - n2 : 0;
	hi = t < n1 ? t : n1;
	lobs = lhyper(k1, n1, n2, t);
	for (x = lo; x <= hi; x++) {
		double l = lhyper(x, n1, n2, t);

		if (l <= lobs + TIE * fabs(lobs))
			p += exp(l);
	}
	return clamp01(p);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int tix_test_durations(double *x, size_t nx, double *y, size_t ny, double *p)
{
	double r1 = 0, tie = 0, n = (double)nx + (double)ny, u, mu, var, z;
	size_t i = 0, j = 0;

	if (!nx || !ny) {
		*p = NAN;
		return 0;
	}
	tix_gsl_init();
	qsort(x, nx, sizeof(*x), cmp_double);
	qsort(y, ny, sizeof(*y), cmp_double);
	/* merge: each run of equal values gets its mean rank */
	while (i < nx || j < ny) {
		double v = i < nx && (j >= ny || x[i] <= y[j]) ? x[i] : y[j];
		size_t ci = 0, cj = 0;
		double t, first = (double)(i + j) + 1;

		while (i < nx && x[i] == v) {
			i++;
			ci++;
		}
		while (j < ny && y[j] == v) {
			j++;
			cj++;
		}
		t = (double)(ci + cj);
		r1 += (double)ci * (first + (t - 1) / 2);
		tie += t * t * t - t;
	}
	u = r1 - (double)nx * ((double)nx + 1) / 2;
	mu = (double)nx * (double)ny / 2;
	var = (double)nx * (double)ny / 12 * ((n + 1) - tie / (n * (n - 1)));
	if (!(var > 0)) {
		*p = 1;
		return 0;
	}
	z = fabs(u - mu) - 0.5;
	if (z < 0)
		z = 0;
	*p = clamp01(2 * gsl_cdf_ugaussian_Q(z / sqrt(var)));
	return 0;
}
