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
 *                test, Holm-corrected over the comparisons of the group: p
 *                below alpha (not equal to it).
 *   best         the reference, when there is another fix with at least
 *                min_tickets tickets and every such fix is worse.
 *   unclear      everything else: too few tickets, a tie, or noise.
 * The library never prints and never exits.
 */
#ifndef TIX_SUGGEST_H
#define TIX_SUGGEST_H

#include <stddef.h>
#include <stdint.h>

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
	int reference;		/* 1 for the group's reference (the best, when
				   there is one), which the others are compared with */
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

/* ---------- the table of a database ---------- */

struct tix_store;
struct tix_groupby;

struct tix_suggest_opts {
	int64_t lo, hi;		/* tickets created in [lo, hi); INT64_MIN and
				   INT64_MAX take every ticket, also those with
				   no created time */
	int64_t window;		/* a repeat: the requester's next ticket within
				   this of the solved time (7 days) */
	size_t min_tickets;	/* a fix with fewer gets no verdict (10) */
	double alpha;		/* the verdict's level (0.05) */
};

struct tix_suggest_row {
	const char *group;	/* "(none)" for tickets without one */
	const char *fix;	/* the resolution, as the database has it */
	size_t group_tickets;	/* tickets with a fix in the group */
	struct tix_fix f;
	double median_hours;	/* created to solved, median; NAN when no ticket
				   has both */
};

struct tix_suggest {
	struct tix_suggest_row *row;	/* groups by group_tickets (most first),
					   then name; in a group best, unclear,
					   worse, then tickets (most first), then
					   fix */
	size_t n;
	size_t ngroups;
	size_t tickets;		/* tickets of the period */
	size_t with_fix;	/* of them, with a resolution */
	/* private */
	void *priv;
};

/*
 * The fixes of every group of s under by, with their rates and verdicts.
 * A ticket counts when it has a resolution; it failed when it was reopened
 * (the reopens counter, or a reopen in ticket_history when the export gave
 * no counter) or when its requester's next ticket was created after it was
 * solved (or created, when it has no solved time) and within the window.
 * The csat rate counts "good" among "good" and "bad".  0, or -1 with err.
 * Free with tix_suggest_free, also after a failure.
 */
int tix_suggest_compute(struct tix_store *s, const struct tix_groupby *by,
			const struct tix_suggest_opts *o, struct tix_suggest *out, char *err);
void tix_suggest_free(struct tix_suggest *sg);

#endif
