/*
 * suggest.h - which fix ends a problem: failure rates per fix within a
 * group, their Wilson intervals, and a verdict that names a best fix only
 * when the data says so.
 *
 *	struct tix_fix f[n];		one per fix seen in a group, counts filled
 *	tix_fix_rates(f, n);		rates and 95% intervals
 *	tix_fix_verdicts(f, n, min_tickets, alpha);	best / worse / unclear
 *
 * Definitions (tix-suggest(1) gives them to users):
 *   failure      a ticket closed with the fix that was reopened, or whose
 *                requester wrote again within 7 days (the caller counts
 *                both, and a ticket that did both once).
 *   reference    among the fixes with at least min_tickets tickets, the one
 *                with the lowest failure rate (of equal rates, the one with
 *                more tickets, then the first).
 *   worse        a fix with at least min_tickets tickets whose failure rate
 *                is higher than the reference's by a one-sided Fisher exact
 *                test, Holm-corrected over the comparisons of the group, at
 *                alpha.
 *   best         the reference, when there is another fix with at least
 *                min_tickets tickets and every such fix is worse.
 *   unclear      everything else: too few tickets, a tie, or noise.
 * The library never prints and never exits.
 */
#ifndef TIX_SUGGEST_H
#define TIX_SUGGEST_H

#include <stddef.h>

enum tix_verdict { TIX_UNCLEAR = 0, TIX_BEST, TIX_WORSE };

struct tix_fix {
	/* counts, filled by the caller */
	size_t tickets;		/* tickets closed with this fix */
	size_t reopened;	/* of them, reopened */
	size_t repeats;		/* of them, the requester wrote again within 7 days */
	size_t failures;	/* reopened or wrote again (each ticket once) */
	size_t csat_rated;	/* with a satisfaction rating */
	size_t csat_good;	/* of them, good */
	/* filled by tix_fix_rates (NAN when tickets, or csat_rated, is 0) */
	double reopen_rate, reopen_low, reopen_high;
	double repeat_rate, repeat_low, repeat_high;
	double failure_rate, failure_low, failure_high;
	double csat_good_rate;
	/* filled by tix_fix_verdicts */
	enum tix_verdict verdict;
	double p_worse;		/* Holm-adjusted p of "worse than the reference";
				   NAN for the reference and for fixes not compared */
};

/* The rates and Wilson 95% intervals of f[0..n-1]. */
void tix_fix_rates(struct tix_fix *f, size_t n);

/*
 * The verdict of each fix of one group, as defined above; returns the
 * index of the best fix, or -1 when there is none.
 */
long tix_fix_verdicts(struct tix_fix *f, size_t n, size_t min_tickets, double alpha);

/*
 * One-sided Fisher exact test: the probability, with the margins fixed, of
 * k2 or more failures among n2 when k1 of n1 failed in the other row (small:
 * the second row fails more often).  1 when k2 is 0; NAN when n1 or n2 is 0.
 */
double tix_fisher_greater(size_t k1, size_t n1, size_t k2, size_t n2);

/* The verdict's word: "best", "worse" or "unclear". */
const char *tix_verdict_name(enum tix_verdict v);

#endif
