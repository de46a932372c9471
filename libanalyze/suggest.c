/* suggest.c - failure rates per fix and the verdict rule; see suggest.h. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "recur.h"
#include "suggest.h"

#define Z95 1.959964

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_quiet(void)
{
	gsl_set_error_handler_off();
}

static void rate(size_t k, size_t n, double *r, double *lo, double *hi)
{
	*r = n ? (double)k / (double)n : NAN;
	tix_wilson(k, n, Z95, lo, hi);
}

void tix_fix_rates(struct tix_fix *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		rate(f[i].reopened, f[i].tickets, &f[i].reopen_rate, &f[i].reopen_low,
		     &f[i].reopen_high);
		rate(f[i].repeats, f[i].tickets, &f[i].repeat_rate, &f[i].repeat_low,
		     &f[i].repeat_high);
		rate(f[i].failures, f[i].tickets, &f[i].failure_rate, &f[i].failure_low,
		     &f[i].failure_high);
		f[i].csat_good_rate = f[i].csat_rated ?
			(double)f[i].csat_good / (double)f[i].csat_rated : NAN;
	}
}

double tix_fisher_greater(size_t k1, size_t n1, size_t k2, size_t n2)
{
	double p;

	if (!n1 || !n2)
		return NAN;
	if (!k2)
		return 1;
	pthread_once(&gsl_once, gsl_quiet);
	/* X, the failures of row 2, is hypergeometric: k1 + k2 failures drawn
	   from n2 tickets of row 2 and n1 of row 1; P(X >= k2) = P(X > k2 - 1) */
	p = gsl_cdf_hypergeometric_Q((unsigned)(k2 - 1), (unsigned)n2, (unsigned)n1,
				     (unsigned)(k1 + k2));
	if (!isfinite(p))
		return NAN;
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

const char *tix_verdict_name(enum tix_verdict v)
{
	return v == TIX_BEST ? "best" : v == TIX_WORSE ? "worse" : "unclear";
}

/* f[a] before f[b] as the reference: lower failure rate, then more tickets */
static int better(const struct tix_fix *f, size_t a, size_t b)
{
	/* compare k_a / n_a < k_b / n_b exactly, in integers */
	double lhs = (double)f[a].failures * (double)f[b].tickets;
	double rhs = (double)f[b].failures * (double)f[a].tickets;

	if (lhs != rhs)
		return lhs < rhs;
	return f[a].tickets > f[b].tickets;
}

struct cmp {
	double p;
	size_t i;
};

static int by_p(const void *x, const void *y)
{
	const struct cmp *a = x, *b = y;

	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

long tix_fix_verdicts(struct tix_fix *f, size_t n, size_t min_tickets, double alpha)
{
	struct cmp stack[64], *c = stack;
	size_t i, m = 0, ref = (size_t)-1, worse = 0;
	double running = 0;

	if (!min_tickets)
		min_tickets = 1;
	for (i = 0; i < n; i++) {
		f[i].verdict = TIX_UNCLEAR;
		f[i].p_worse = NAN;
		if (f[i].tickets < min_tickets)
			continue;
		if (ref == (size_t)-1 || better(f, i, ref))
			ref = i;
		m++;
	}
	if (m < 2)
		return -1;
	if (m - 1 > sizeof(stack) / sizeof(stack[0]) && !(c = malloc((m - 1) * sizeof(*c))))
		return -1;	/* no memory: no verdict, which is never wrong */
	m = 0;
	for (i = 0; i < n; i++)
		if (i != ref && f[i].tickets >= min_tickets) {
			c[m].p = tix_fisher_greater(f[ref].failures, f[ref].tickets,
						    f[i].failures, f[i].tickets);
			c[m++].i = i;
		}
	/* Holm: the k-th smallest p (from 0) against alpha / (m - k), stopping
	   at the first that fails; the adjusted p is the running maximum of
	   (m - k) p, at most 1 */
	qsort(c, m, sizeof(*c), by_p);
	for (i = 0; i < m; i++) {
		double adj = (double)(m - i) * c[i].p;

		if (adj > running)
			running = adj;
		f[c[i].i].p_worse = running < 1 ? running : 1;
	}
	for (i = 0; i < m; i++) {
		if (!(c[i].p <= alpha / (double)(m - i)))
			break;
		f[c[i].i].verdict = TIX_WORSE;
		worse++;
	}
	if (c != stack)
		free(c);
	if (worse == m) {
		f[ref].verdict = TIX_BEST;
		return (long)ref;
	}
	return -1;
}
