/* trend.c - spikes, shifts and trends in a series; see trend.h. */
#include "trend.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_psi.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tix.h"

/* PELT: the shortest segment, and the penalty per change in units of
   log(n).  General series: five (level, slope, variance, position and one
   for the search); counts: three (rate, position, search). */
#define MINSEG 5
#define PEN_GENERAL 5.0
#define PEN_COUNTS 3.0
/* General series: a segment's residual variance is floored at this share
   of the whole series' standard deviation (squared), so the curvature of a
   smooth series is not taken for changes. */
#define VAR_FLOOR 0.05
/* Spikes: the baseline is the median of +-HALFWIN bins (periods apart
   when seasonal, so a same-weekday median). */
#define HALFWIN 14

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n-1], reordering v; NAN when n is 0. */
static double median(double *v, size_t n)
{
	if (!n)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int add(struct tix_trend_result *r, const struct tix_finding *f, char *err)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct tix_finding *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return tix_errf(err, "out of memory");
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = *f;
	return 0;
}

static double ratio_of(double observed, double baseline)
{
	return baseline > 0 ? observed / baseline : NAN;
}

/* ---------- p-values ---------- */

double tix_poisson_upper(double x, double mean)
{
	tix_gsl_init();
	if (x <= 0)
		return 1;
	if (mean <= 0)
		return 0;
	if (x > 4e9)
		return 0;
	return gsl_cdf_poisson_Q((unsigned)(ceil(x) - 1), mean);
}

double tix_nb_upper(double x, double mean, double size)
{
	tix_gsl_init();
	if (!(size > 0) || !isfinite(size))
		return tix_poisson_upper(x, mean);
	if (x <= 0)
		return 1;
	if (mean <= 0)
		return 0;
	if (x > 4e9)
		return 0;
	return gsl_cdf_negative_binomial_Q((unsigned)(ceil(x) - 1), size / (size + mean), size);
}

/* ---------- the series, prepared ---------- */

struct prep {
	size_t n;
	double *x;		/* missing values filled in */
	unsigned char *miss;	/* 1 where x was missing */
	double *w;		/* seasonal factor per bin (mean 1), or all 1 */
};

static void prep_release(struct prep *p)
{
	free(p->x);
	free(p->miss);
	free(p->w);
}

/* Fill missing values by straight lines between their neighbours (the
   ends by the nearest value); estimate the seasonal factors of counts. */
static int prep_series(struct prep *p, const double *x, size_t n, const struct tix_trend_opts *o,
		       size_t *nvalid, char *err)
{
	size_t i, j, last = (size_t)-1;
	int period = o->period > 1 ? o->period : 1;

	memset(p, 0, sizeof(*p));
	p->n = n;
	p->x = malloc(n * sizeof(double));
	p->miss = calloc(n, 1);
	p->w = malloc(n * sizeof(double));
	if (!p->x || !p->miss || !p->w) {
		prep_release(p);
		return tix_errf(err, "out of memory");
	}
	*nvalid = 0;
	for (i = 0; i < n; i++) {
		p->w[i] = 1;
		if (!isfinite(x[i])) {
			p->miss[i] = 1;
			continue;
		}
		p->x[i] = x[i];
		if (last == (size_t)-1) {
			for (j = 0; j < i; j++)
				p->x[j] = x[i];
		} else {
			for (j = last + 1; j < i; j++)
				p->x[j] = x[last] + (x[i] - x[last]) * (double)(j - last) /
					  (double)(i - last);
		}
		last = i;
		(*nvalid)++;
	}
	if (last == (size_t)-1)
		return 0;
	for (j = last + 1; j < n; j++)
		p->x[j] = x[last];
	if (o->counts && period > 1 && n >= 2 * (size_t)period) {
		/* factor of each phase: its mean over the mean of all, from
		   whole periods only */
		double sum[64] = { 0 }, tot = 0;
		size_t cnt[64] = { 0 }, full = n / (size_t)period * (size_t)period;
		int k;

		if (period > 64)
			return 0;
		for (i = 0; i < full; i++) {
			sum[i % (size_t)period] += p->x[i];
			cnt[i % (size_t)period]++;
			tot += p->x[i];
		}
		if (tot <= 0)
			return 0;
		for (k = 0; k < period; k++) {
			double f = sum[k] / (double)cnt[k] / (tot / (double)full);

			sum[k] = f > 0.05 ? f : 0.05;
		}
		for (i = 0; i < n; i++)
			p->w[i] = sum[i % (size_t)period];
	}
	return 0;
}

/* ---------- PELT ---------- */

/* Prefix sums over the bins that have a value (missing bins add nothing,
   so a filled-in stretch is never a segment of its own); general series
   are summed less their mean, so a series far from 0 splits as it would
   near 0. */
struct cum {
	double *s, *q, *t, *tt, *tx, *w, *m;	/* prefix sums, n + 1 each */
	double centre;			/* general: the mean taken off */
	double floor;			/* general: the variance floor */
	double phi;			/* counts: the dispersion */
	int counts;
	int constant;			/* every value the same: no change points */
};

static void cum_release(struct cum *c)
{
	free(c->s);
}

static int cum_init(struct cum *c, const struct prep *p, int counts, char *err)
{
	size_t i, n = p->n, nv = 0;
	double mean = 0, var = 0;

	memset(c, 0, sizeof(*c));
	c->counts = counts;
	c->s = calloc(7 * (n + 1), sizeof(double));
	if (!c->s)
		return tix_errf(err, "out of memory");
	c->q = c->s + (n + 1);
	c->t = c->q + (n + 1);
	c->tt = c->t + (n + 1);
	c->tx = c->tt + (n + 1);
	c->w = c->tx + (n + 1);
	c->m = c->w + (n + 1);
	for (i = 0; i < n; i++)
		if (!p->miss[i]) {
			mean += p->x[i];
			nv++;
		}
	if (!nv) {
		c->constant = 1;
		return 0;
	}
	mean /= (double)nv;
	for (i = 0; i < n; i++)
		if (!p->miss[i])
			var += (p->x[i] - mean) * (p->x[i] - mean);
	var /= (double)nv;
	c->centre = counts ? 0 : mean;
	for (i = 0; i < n; i++) {
		double x = p->x[i] - c->centre, t = (double)i, v = !p->miss[i];

		c->s[i + 1] = c->s[i] + v * x;
		c->q[i + 1] = c->q[i] + v * x * x;
		c->t[i + 1] = c->t[i] + v * t;
		c->tt[i + 1] = c->tt[i] + v * t * t;
		c->tx[i + 1] = c->tx[i] + v * t * x;
		c->w[i + 1] = c->w[i] + v * p->w[i];
		c->m[i + 1] = c->m[i] + v;
	}
	/* the rounding of a two-pass variance is not variance */
	c->constant = var <= 1e-24 * mean * mean;
	c->floor = VAR_FLOOR * VAR_FLOOR * var;
	c->phi = 1;
	return 0;
}

/* The residual sum of squares of a straight line through the values of
   x[a..b). */
static double rss_line(const struct cum *c, size_t a, size_t b)
{
	double m = c->m[b] - c->m[a];
	double s = c->s[b] - c->s[a], q = c->q[b] - c->q[a];
	double t = c->t[b] - c->t[a], tt = c->tt[b] - c->tt[a], tx = c->tx[b] - c->tx[a];
	double sxx, stt, stx, r;

	if (m < 1)
		return 0;
	sxx = q - s * s / m;
	stt = tt - t * t / m;
	stx = tx - t * s / m;
	r = stt > 0 ? sxx - stx * stx / stt : sxx;
	return r > 0 ? r : 0;
}

/* The mean per bin (seasonally adjusted for counts) of x[a..b). */
static double seg_rate(const struct cum *c, size_t a, size_t b)
{
	double w = c->w[b] - c->w[a];

	return w > 0 ? (c->s[b] - c->s[a]) / w : 0;
}

/* Twice the negative log-likelihood of x[a..b) as one segment, up to a
   constant: Poisson with the seasonal factors (over phi), or a line with
   its own normal variance. */
static double cost(const struct cum *c, size_t a, size_t b)
{
	if (c->counts) {
		double s = c->s[b] - c->s[a], w = c->w[b] - c->w[a];

		if (s <= 0 || w <= 0)
			return 0;
		return 2 * (s - s * log(s / w)) / c->phi;
	}
	{
		double m = c->m[b] - c->m[a], v;

		if (m < 1)
			return 0;
		v = rss_line(c, a, b) / m;
		if (v < c->floor)
			v = c->floor;
		return m * log(v > 0 ? v : 1e-300);
	}
}

/* PELT (Killick et al. 2012): the segmentation minimising cost plus pen
   per change, exactly, with pruning.  cps gets the starts of the segments
   after the first; returns their number or -1. */
static long pelt(const struct cum *c, size_t n, double pen, size_t *cps, char *err)
{
	double *F = malloc((n + 1) * sizeof(double));
	size_t *last = malloc((n + 1) * sizeof(size_t));
	size_t *R = malloc((n + 1) * sizeof(size_t));
	size_t nr = 0, t, i, k;
	long ncp = 0;

	if (!F || !last || !R) {
		free(F);
		free(last);
		free(R);
		return tix_errf(err, "out of memory");
	}
	F[0] = -pen;
	last[0] = 0;
	R[nr++] = 0;
	for (t = 1; t <= n; t++) {
		double best = INFINITY;
		size_t bs = 0;

		for (i = 0; i < nr; i++) {
			size_t s = R[i];
			double v;

			if (t - s < MINSEG && !(s == 0 && t == n))
				continue;
			v = F[s] + cost(c, s, t) + pen;
			if (v < best) {
				best = v;
				bs = s;
			}
		}
		F[t] = best;
		last[t] = bs;
		/* prune: s can never be the last change again */
		for (i = k = 0; i < nr; i++) {
			size_t s = R[i];

			if (t - s < MINSEG || !isfinite(best) || F[s] + cost(c, s, t) <= best)
				R[k++] = s;
		}
		nr = k;
		R[nr++] = t;
	}
	for (t = n; t > 0; t = last[t])
		if (last[t] > 0)
			cps[ncp++] = last[t];
	for (i = 0; i < (size_t)ncp / 2; i++) {
		size_t tmp = cps[i];

		cps[i] = cps[(size_t)ncp - 1 - i];
		cps[(size_t)ncp - 1 - i] = tmp;
	}
	free(F);
	free(last);
	free(R);
	return ncp;
}

/* Counts: the dispersion of x around a robust seasonal level (a running
   median), as Pearson chi-square over its degrees of freedom, at least 1. */
static double dispersion(const struct prep *p, const double *base)
{
	double chi = 0;
	size_t i, df = 0;

	for (i = 0; i < p->n; i++) {
		if (p->miss[i] || !isfinite(base[i]) || base[i] <= 0)
			continue;
		chi += (p->x[i] - base[i]) * (p->x[i] - base[i]) / base[i];
		df++;
	}
	if (df < 2)
		return 1;
	chi /= (double)(df - 1);
	return chi > 1 ? chi : 1;
}

/* The median of x / w over the bins within HALFWIN steps of i (i itself
   left out), or NAN when fewer than 4 have a value. */
static double window_median(const struct prep *p, size_t i, size_t step, double *win)
{
	size_t m = 0;
	long d;

	for (d = -HALFWIN; d <= HALFWIN; d++) {
		long j = (long)i + d * (long)step;

		if (d == 0 || j < 0 || j >= (long)p->n || p->miss[j])
			continue;
		win[m++] = p->x[j] / p->w[j];
	}
	return m >= 4 ? median(win, m) : NAN;
}

/* The baseline of each bin: the median of the bins within HALFWIN
   periods (same phase), itself left out; for counts, of x / w, times w.
   Where a bin has too few of the same phase (a short series), the
   neighbouring bins, seasonally adjusted, stand in. */
static int baselines(const struct prep *p, int period, double *base, char *err)
{
	size_t n = p->n, i, step = period > 1 ? (size_t)period : 1;
	double *win = malloc((2 * HALFWIN + 1) * sizeof(double));

	if (!win)
		return tix_errf(err, "out of memory");
	for (i = 0; i < n; i++) {
		double b = window_median(p, i, step, win);

		if (!isfinite(b) && step > 1)
			b = window_median(p, i, 1, win);
		base[i] = b * p->w[i];
	}
	free(win);
	return 0;
}

/* ---------- the detectors ---------- */

/* Screening a bin for a burst: the dispersion of the bins other than it
   and SPIKE_AWAY on each side (every bin of a burst of up to three is
   screened without the others; the end bins of a longer one keep some of
   them), a p-value below SPIKE_SCREEN, and at least SPIKE_MIN bins left
   to estimate from (else no screening). */
#define SPIKE_AWAY 2
#define SPIKE_SCREEN 1e-6
#define SPIKE_MIN 8

static int spikes(const struct prep *p, const double *base, const struct tix_trend_opts *o,
		  size_t group, struct tix_trend_result *r, char *err)
{
	size_t i, n = p->n, m = 0;
	double size = INFINITY, scale = 0, s = 0, *c = NULL;

	if (o->counts) {
		/* method of moments for 1/size: E[(x-e)^2 - x] = e^2/size, over
		   every bin but the bursts.  A burst would widen its own null
		   (two days of 40 among days of 3 to 6 went unseen), so first
		   each bin is screened against the dispersion of the bins other
		   than it and its SPIKE_AWAY neighbours on each side, and those
		   beyond a Bonferroni bound are left out of the estimate.  Every
		   other bin, the one tested included, stays in: an estimate that
		   left the tested bin out would be too bold for the bins that are
		   merely the top of an over-dispersed series. */
		size_t j, k = 0;
		double out = 0;

		if (!(c = malloc((n ? n : 1) * sizeof(double))))
			return tix_errf(err, "out of memory");
		for (i = 0; i < n; i++) {
			c[i] = NAN;
			if (!p->miss[i] && base[i] > 0 && isfinite(base[i])) {
				c[i] = ((p->x[i] - base[i]) * (p->x[i] - base[i]) - p->x[i]) /
				       (base[i] * base[i]);
				s += c[i];
				m++;
			}
		}
		for (i = 0; i < n; i++) {
			double si = s, sz;
			size_t mi = m, lo = i > SPIKE_AWAY ? i - SPIKE_AWAY : 0;

			if (isnan(c[i]) || p->x[i] <= base[i])
				continue;
			for (j = lo; j < n && j <= i + SPIKE_AWAY; j++)
				if (!isnan(c[j])) {
					si -= c[j];
					mi--;
				}
			if (mi < SPIKE_MIN)
				continue;
			sz = mi && si / (double)mi > 1e-6 ? (double)mi / si : INFINITY;
			if (tix_nb_upper(round(p->x[i]), base[i], sz) < SPIKE_SCREEN) {
				out += c[i];
				k++;
			}
		}
		if (m > k && (s - out) / (double)(m - k) > 1e-6)
			size = (double)(m - k) / (s - out);
	} else {
		/* general series: residuals scaled by their MAD */
		double *u = malloc(n * sizeof(double));

		if (!u)
			return tix_errf(err, "out of memory");
		for (i = 0; i < n; i++)
			if (!p->miss[i] && isfinite(base[i]))
				u[m++] = fabs(p->x[i] - base[i]);
		scale = 1.4826 * median(u, m);
		free(u);
		if (!(scale > 0))
			return 0;
	}
	for (i = 0; i < n; i++) {
		struct tix_finding f;
		double pv;

		if (p->miss[i] || !isfinite(base[i]))
			continue;
		r->tests[0]++;
		if (p->x[i] <= base[i])
			continue;
		if (o->counts)
			pv = tix_nb_upper(round(p->x[i]), base[i] > 0 ? base[i] : 0.5, size);
		else
			pv = gsl_cdf_ugaussian_Q((p->x[i] - base[i]) / scale);
		if (!(pv < 0.5))
			continue;
		memset(&f, 0, sizeof(f));
		f.group = group;
		f.kind = TIX_SPIKE;
		f.index = f.end = i;
		f.baseline = base[i];
		f.observed = p->x[i];
		f.ratio = ratio_of(f.observed, f.baseline);
		f.p_value = pv;
		if (add(r, &f, err) < 0) {
			free(c);
			return -1;
		}
	}
	free(c);
	return 0;
}

/* The level of a line through x[a..b) at bin t. */
static double line_at(const struct cum *c, size_t a, size_t b, double t)
{
	double m = c->m[b] - c->m[a];
	double s = c->s[b] - c->s[a];
	double tsum = c->t[b] - c->t[a], tt = c->tt[b] - c->tt[a], tx = c->tx[b] - c->tx[a];
	double stt, stx, slope;

	if (m < 1)
		return NAN;
	stt = tt - tsum * tsum / m;
	stx = tx - tsum * s / m;
	slope = stt > 0 ? stx / stt : 0;
	return c->centre + s / m + slope * (t - tsum / m);
}

/* E[m log(rss/m)] for a line fitted to m normal values, less m log s^2:
   rss / s^2 is chi-square with m - 2 degrees of freedom. */
static double e_mlogv(double m)
{
	return m * (gsl_sf_psi((m - 2) / 2) + log(2 / m));
}

/* The Bartlett factor of the general cost's likelihood ratio for one
   change between segments of m1 and m2 values: its chi-square with 3
   degrees of freedom holds for long segments only, and segments of a few
   values would otherwise pass noise for changes of variance.  Scales the
   ratio so its expectation under no change is 3. */
static double bartlett(double m1, double m2)
{
	double e;

	if (m1 < 3 || m2 < 3)
		return 1;
	e = e_mlogv(m1 + m2) - e_mlogv(m1) - e_mlogv(m2);
	return e > 3 ? 3 / e : 1;
}

static int shifts(const struct prep *p, const struct cum *c, size_t group,
		  struct tix_trend_result *r, char *err)
{
	size_t n = p->n, *cps, i;
	long ncp;
	double pen = (c->counts ? PEN_COUNTS : PEN_GENERAL) * log((double)n);

	if (n < 2 * MINSEG)
		return 0;
	cps = malloc(n * sizeof(size_t));
	if (!cps)
		return tix_errf(err, "out of memory");
	ncp = c->constant ? 0 : pelt(c, n, pen, cps, err);
	if (ncp < 0) {
		free(cps);
		return -1;
	}
	/* one test per change point, and one for a series searched in vain */
	r->tests[1] += ncp > 0 ? (size_t)ncp : 1;
	for (i = 0; i < (size_t)ncp; i++) {
		size_t a = i ? cps[i - 1] : 0, k = cps[i], b = i + 1 < (size_t)ncp ? cps[i + 1] : n;
		double d = cost(c, a, b) - cost(c, a, k) - cost(c, k, b);
		double df = c->counts ? 1 : 3;

		if (!c->counts)
			d *= bartlett(c->m[k] - c->m[a], c->m[b] - c->m[k]);
		double positions = (double)(b - a - 2 * MINSEG + 1);
		double pv = gsl_cdf_chisq_Q(d > 0 ? d : 0, df) * (positions > 1 ? positions : 1);
		struct tix_finding f;

		if (pv > 1)
			pv = 1;
		if (!(pv < 0.5))
			continue;
		memset(&f, 0, sizeof(f));
		f.group = group;
		f.kind = TIX_SHIFT;
		f.index = k;
		f.end = b - 1;
		if (c->counts) {
			double wmean = (c->w[n] - c->w[0]) / (double)n;

			f.baseline = seg_rate(c, a, k) * wmean;
			f.observed = seg_rate(c, k, b) * wmean;
		} else {
			f.baseline = line_at(c, a, k, (double)k - 1);
			f.observed = line_at(c, k, b, (double)k);
		}
		f.ratio = ratio_of(f.observed, f.baseline);
		f.p_value = pv;
		if (add(r, &f, err) < 0) {
			free(cps);
			return -1;
		}
	}
	free(cps);
	return 0;
}

/* ---------- Mann-Kendall and Sen's slope, in O(n log n) ---------- */

/*
 * Both need counts over the n(n-1)/2 pairs i < j of y[0..n-1], which are
 * never listed (50,000 sums would be 10 GB of slopes): S needs the pairs
 * with y[j] <= y[i] and with y[j] < y[i], Sen's slope the pairs whose
 * slope is at most a candidate b.  Each of these is "z[j] <= z[i]" (or
 * "<") for z[i] = y[i] - c i with some constant c, an order on the bins,
 * so a merge sort by that order counts them: every bin of a left run
 * comes before every bin of the right run, and when a bin of the right
 * run goes first, it does so past all that is left of the left run.
 */
enum { PAIR_LE, PAIR_LT, PAIR_SLOPE };

struct pairs {
	const double *y;
	size_t n;
	size_t *idx, *tmp;	/* n each: the merge sort's bins */
};

/* Whether the pair i < j counts. */
static inline int pair_in(const double *y, int rel, double b, size_t i, size_t j)
{
	if (rel == PAIR_LE)
		return y[j] <= y[i];
	if (rel == PAIR_LT)
		return y[j] < y[i];
	/* The slope rounded as listing them would round it, not the sign of
	   y[j] - b j - (y[i] - b i), whose rounding could count a slope
	   equal to b (1/3, say) on either side.  Rounding is monotone, so
	   the slopes that round to b or less are the exact ones up to some
	   c just above b: still an order when y[j] - y[i] is exact (whole
	   numbers, as counts are, or values within a factor 2 of each
	   other); otherwise only pairs within a rounding of b may be
	   miscounted, and the median may be off by that rounding. */
	return (y[j] - y[i]) / (double)(j - i) <= b;
}

/* The number of pairs i < j for which pair_in holds. */
static uint64_t count_pairs(const struct pairs *p, int rel, double b)
{
	size_t n = p->n, *src = p->idx, *dst = p->tmp, *t, w, lo, i;
	uint64_t c = 0;

	for (i = 0; i < n; i++)
		src[i] = i;
	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			size_t mid = n - lo > w ? lo + w : n;
			size_t hi = n - mid > w ? mid + w : n;
			size_t a = lo, k = mid, o = lo;

			while (a < mid && k < hi) {
				if (pair_in(p->y, rel, b, src[a], src[k])) {
					c += mid - a;
					dst[o++] = src[k++];
				} else {
					dst[o++] = src[a++];
				}
			}
			while (a < mid)
				dst[o++] = src[a++];
			while (k < hi)
				dst[o++] = src[k++];
		}
		t = src;
		src = dst;
		dst = t;
	}
	return c;
}

/* Doubles as ordered integers: x < y exactly when key(x) < key(y), and
   neighbouring doubles are neighbouring keys; -0 and +0 are one key, 0,
   which dval() returns as +0.  No NAN. */
static int64_t dkey(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof(u));
	return u >> 63 ? -(int64_t)(u & ~(UINT64_C(1) << 63)) : (int64_t)u;
}

static double dval(int64_t k)
{
	uint64_t u = k < 0 ? (uint64_t)-k | UINT64_C(1) << 63 : (uint64_t)k;
	double x;

	memcpy(&x, &u, sizeof(x));
	return x;
}

/* The distance hi - lo of two keys, which may not fit in an int64_t. */
static uint64_t kspan(int64_t lo, int64_t hi)
{
	return (uint64_t)hi - (uint64_t)lo;
}

/*
 * Sen's slope: the median of the slopes (y[j] - y[i]) / (j - i), i < j,
 * as median() would give it from the list.  The r-th smallest slope is
 * the least double b with at least r slopes <= b, found exactly by
 * bisecting over the doubles as keys: at most 64 counts.  Ranks k1 and
 * k2 are the middle two (one for an odd number of pairs), and the counts
 * made for k1 narrow the search for k2 too, which is then mostly done.
 */
static double sen_slope(const struct pairs *p, uint64_t npairs)
{
	uint64_t k1 = (npairs + 1) / 2, k2 = npairs / 2 + 1, c;
	double lo_y = p->y[0], hi_y = p->y[0], r;
	int64_t lo1, hi1, lo2, hi2, mid;
	size_t i;

	/* |y[j] - y[i]| <= max - min, and rounding is monotone, so every
	   rounded slope is within [-r, r]; overflow leaves all doubles */
	for (i = 1; i < p->n; i++) {
		if (p->y[i] < lo_y)
			lo_y = p->y[i];
		if (p->y[i] > hi_y)
			hi_y = p->y[i];
	}
	r = hi_y - lo_y;
	if (!(r <= DBL_MAX))
		r = INFINITY;
	/* count(lo) < k <= count(hi); lo is never counted */
	lo1 = lo2 = dkey(-r) - 1;
	hi1 = hi2 = dkey(r);
	while (kspan(lo1, hi1) > 1) {
		mid = lo1 + (int64_t)(kspan(lo1, hi1) / 2);
		c = count_pairs(p, PAIR_SLOPE, dval(mid));
		if (c >= k1)
			hi1 = mid;
		else
			lo1 = mid;
		/* the bracket of k2 only ever narrows, even should rounding
		   make a count disagree with an earlier one */
		if (mid > lo2 && mid < hi2) {
			if (c >= k2)
				hi2 = mid;
			else
				lo2 = mid;
		}
	}
	while (kspan(lo2, hi2) > 1) {
		mid = lo2 + (int64_t)(kspan(lo2, hi2) / 2);
		if (count_pairs(p, PAIR_SLOPE, dval(mid)) >= k2)
			hi2 = mid;
		else
			lo2 = mid;
	}
	return k1 == k2 ? dval(hi1) : 0.5 * (dval(hi1) + dval(hi2));
}

/* Mann-Kendall on the sums of agg bins, with Sen's slope. */
static int trend(const struct prep *p, const struct tix_trend_opts *o, size_t group,
		 struct tix_trend_result *r, char *err)
{
	size_t agg = o->agg > 1 ? (size_t)o->agg : 1, nb = p->n / agg, i, j, k;
	double *y, *c, s, var, z, pv, slope, icpt;
	struct pairs pr;
	uint64_t npairs;
	struct tix_finding f;
	int ret = -1;

	if (nb < 8)
		return 0;
	y = malloc(nb * sizeof(double));
	c = malloc(nb * sizeof(double));
	pr.idx = malloc(nb * sizeof(size_t));
	pr.tmp = malloc(nb * sizeof(size_t));
	if (!y || !c || !pr.idx || !pr.tmp) {
		tix_errf(err, "out of memory");
		goto out;
	}
	for (i = 0; i < nb; i++) {
		y[i] = 0;
		for (k = 0; k < agg; k++)
			y[i] += p->x[i * agg + k];
	}
	pr.y = y;
	pr.n = nb;
	/* n(n-1)/2 without overflowing first */
	npairs = nb % 2 ? (uint64_t)nb * ((nb - 1) / 2) : (uint64_t)(nb / 2) * (nb - 1);
	/* S: the pairs that rise less those that fall */
	s = (double)(npairs - count_pairs(&pr, PAIR_LE, 0)) - (double)count_pairs(&pr, PAIR_LT, 0);
	/* the variance of S, less the ties */
	var = (double)nb * (double)(nb - 1) * (2.0 * (double)nb + 5) / 18;
	memcpy(c, y, nb * sizeof(double));
	qsort(c, nb, sizeof(double), cmp_double);
	for (i = 0; i < nb; i = j) {
		double t;

		for (j = i + 1; j < nb && c[j] == c[i]; j++)
			;
		t = (double)(j - i);
		var -= t * (t - 1) * (2 * t + 5) / 18;
	}
	z = var > 0 ? (s > 0 ? s - 1 : s < 0 ? s + 1 : 0) / sqrt(var) : 0;
	pv = 2 * gsl_cdf_ugaussian_Q(fabs(z));
	r->tests[2]++;
	if (!(pv < 0.5)) {
		ret = 0;	/* not kept: the slope would not be used */
		goto out;
	}
	slope = sen_slope(&pr, npairs);
	for (i = 0; i < nb; i++)
		c[i] = y[i] - slope * (double)i;
	icpt = median(c, nb);
	if (slope != 0) {
		memset(&f, 0, sizeof(f));
		f.group = group;
		f.kind = TIX_TREND;
		f.index = 0;
		f.end = nb * agg - 1;
		f.baseline = icpt / (double)agg;
		f.observed = (icpt + slope * (double)(nb - 1)) / (double)agg;
		f.ratio = ratio_of(f.observed, f.baseline);
		f.p_value = pv;
		if (add(r, &f, err) < 0)
			goto out;
	}
	ret = 0;
out:
	free(y);
	free(c);
	free(pr.idx);
	free(pr.tmp);
	return ret;
}

int tix_trend_detect(const double *x, size_t n, int detect, const struct tix_trend_opts *o,
		     size_t group, struct tix_trend_result *r, char *err)
{
	struct prep p;
	struct cum c;
	double *base = NULL;
	size_t nvalid;
	int ret = -1;

	tix_gsl_init();
	if (n < 2 * MINSEG)
		return 0;	/* too short to tell a finding from noise */
	if (prep_series(&p, x, n, o, &nvalid, err) < 0)
		return -1;
	if (nvalid < 2) {
		prep_release(&p);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	base = malloc(n * sizeof(double));
	if (!base) {
		tix_errf(err, "out of memory");
		goto out;
	}
	if (baselines(&p, o->counts ? o->period : 0, base, err) < 0 ||
	    cum_init(&c, &p, o->counts, err) < 0)
		goto out;
	if (o->counts)
		c.phi = dispersion(&p, base);
	if ((detect & TIX_SPIKE) && spikes(&p, base, o, group, r, err) < 0)
		goto out;
	if ((detect & TIX_SHIFT) && shifts(&p, &c, group, r, err) < 0)
		goto out;
	if ((detect & TIX_TREND) && trend(&p, o, group, r, err) < 0)
		goto out;
	ret = 0;
out:
	cum_release(&c);
	free(base);
	prep_release(&p);
	return ret;
}

long tix_trend_changepoints(const double *x, size_t n, int counts, size_t *cps, char *err)
{
	struct tix_trend_opts o = { counts, 0, 0 };
	struct prep p;
	struct cum c;
	size_t nvalid;
	long ncp;

	if (n < 2 * MINSEG)
		return 0;
	if (prep_series(&p, x, n, &o, &nvalid, err) < 0)
		return -1;
	if (nvalid < 2) {
		prep_release(&p);
		return 0;
	}
	if (cum_init(&c, &p, counts, err) < 0) {
		prep_release(&p);
		return -1;
	}
	ncp = c.constant ? 0 : pelt(&c, n, (counts ? PEN_COUNTS : PEN_GENERAL) * log((double)n),
					cps, err);
	cum_release(&c);
	prep_release(&p);
	return ncp;
}

/* ---------- q-values and order ---------- */

static int by_p(const void *a, const void *b)
{
	const struct tix_finding *x = *(const struct tix_finding *const *)a;
	const struct tix_finding *y = *(const struct tix_finding *const *)b;

	return (x->p_value > y->p_value) - (x->p_value < y->p_value);
}

static int by_score(const void *a, const void *b)
{
	const struct tix_finding *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return (x->index > y->index) - (x->index < y->index);
}

static int kind_slot(int kind)
{
	return kind == TIX_SPIKE ? 0 : kind == TIX_SHIFT ? 1 : 2;
}

int tix_trend_adjust(struct tix_trend_result *r, char *err)
{
	struct tix_finding **v;
	size_t i, k;

	if (!r->n)
		return 0;
	v = malloc(r->n * sizeof(*v));
	if (!v)
		return tix_errf(err, "out of memory");
	for (k = 0; k < 3; k++) {
		size_t m = 0;
		double qmin = 1;

		for (i = 0; i < r->n; i++)
			if (kind_slot(r->v[i].kind) == (int)k)
				v[m++] = &r->v[i];
		qsort(v, m, sizeof(*v), by_p);
		/* q_(i) = min over j >= i of p_(j) tests / j */
		for (i = m; i-- > 0;) {
			double q = v[i]->p_value * (double)r->tests[k] / (double)(i + 1);

			if (q < qmin)
				qmin = q;
			v[i]->q_value = qmin;
		}
	}
	free(v);
	for (i = 0; i < r->n; i++) {
		struct tix_finding *f = &r->v[i];
		double q = f->q_value > 1e-300 ? f->q_value : 1e-300;
		double effect = isfinite(f->ratio) && f->ratio > 0 ? fabs(log2(f->ratio)) : 1;

		f->score = -log10(q) * effect;
	}
	qsort(r->v, r->n, sizeof(*r->v), by_score);
	return 0;
}

void tix_trend_release(struct tix_trend_result *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}
