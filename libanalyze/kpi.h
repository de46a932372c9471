/*
 * kpi.h - the figures a team lead asks for, per group and period, and
 * whether each changed from the preceding period of equal length by more
 * than noise (tix-stats, and the headline of tix-report).
 *
 *	struct tix_kpi_table t = { 0 };
 *	tix_kpi_compute(store, by, &opts, &t, err);	by NULL: one group "all"
 *	for (i = 0; i < t.n; i++) use t.g[i];
 *	tix_kpi_free(&t);
 *
 * Definitions (tix-stats(1) gives them to users); the period is [lo, hi):
 *   tickets         created in the period.
 *   solved          solved (solved time) in the period, whenever created.
 *   backlog         not done at the end of the period: created before hi,
 *                   and solved at or after hi, or with no solved time and a
 *                   status that is not solved or closed.
 *   first_reply     hours from creation to the first agent reply, of the
 *                   tickets created in the period that have one.
 *   resolution      hours from creation to solved, of the tickets solved in
 *                   the period (solved >= created).
 *   p50, p90        exact percentiles of those (tix_quantile, type 7).
 *   sla_breach      of the tickets created in the period, those that missed
 *                   a target of their priority (tix-severity(5) "sla" lines;
 *                   no priority: normal's targets; a priority with no
 *                   targets: not checked): a first reply later than the
 *                   first-reply target, or solved later than the resolution
 *                   target, or not solved and the resolution target passed
 *                   before as_of.  rate = breached / checked.
 *   reopen          created in the period and reopened (the export's
 *                   counter, or a reopen in ticket_history when there is
 *                   no counter).  rate = reopened / known: the tickets with
 *                   a counter or a reopen in their history, and the others
 *                   of a source that can show one: loaded more than once,
 *                   or with a status history of its own (an event log).
 *                   Of any other source, it cannot say.
 *   repeat          created in the period whose requester had another
 *                   ticket in the same group created at most window before
 *                   it (tix-recur(1)'s repeat contact).  rate = / tickets.
 *   csat_good       "good" among the tickets created in the period rated
 *                   "good" or "bad".
 * A rate or percentile with nothing under it is NAN (the tool prints it
 * empty), never 0.
 *
 * With compare, prev holds the same figures for [lo - (hi - lo), lo), and
 * the p values are two-sided: counts (tickets, solved) by the exact test
 * of two counts over equal spans; rates by Fisher's exact test; durations
 * (first_reply, resolution: the p50 and p90 share one p) by Mann-Whitney.
 * backlog is a state, not a count over a span, and gets no test (NAN).
 * The library never prints and never exits.
 */
#ifndef TIX_KPI_H
#define TIX_KPI_H

#include <stddef.h>
#include <stdint.h>

struct tix_store;
struct tix_groupby;
struct tix_severity;

struct tix_kpi {
	size_t tickets, solved, backlog;
	size_t first_reply_n;		/* tickets with a first reply time */
	double first_reply_p50, first_reply_p90;	/* hours */
	size_t resolution_n;		/* tickets solved with both times */
	double resolution_p50, resolution_p90;	/* hours */
	size_t sla_checked, sla_breached;
	double sla_breach_rate;
	size_t reopened, reopen_known;
	double reopen_rate;
	size_t repeats;
	double repeat_rate;
	size_t csat_rated, csat_good;
	double csat_good_rate;
};

/* the figures in the order tix-stats prints them */
enum tix_kpi_figure {
	TIX_KPI_TICKETS, TIX_KPI_SOLVED, TIX_KPI_BACKLOG,
	TIX_KPI_FIRST_REPLY_P50, TIX_KPI_FIRST_REPLY_P90,
	TIX_KPI_RESOLUTION_P50, TIX_KPI_RESOLUTION_P90,
	TIX_KPI_SLA_BREACH_RATE, TIX_KPI_REOPEN_RATE, TIX_KPI_REPEAT_RATE,
	TIX_KPI_CSAT_GOOD_RATE,
	TIX_KPI_NFIGURES
};

struct tix_kpi_group {
	const char *name;		/* "all" when by is NULL; "(none)" for
					   tickets without a value */
	struct tix_kpi cur, prev;	/* prev: only with compare */
	double p[TIX_KPI_NFIGURES];	/* with compare: the p value of each
					   figure's change, NAN when there is
					   nothing to test (and for backlog) */
};

struct tix_kpi_opts {
	int64_t lo, hi;		/* the period, [lo, hi); lo may be INT64_MIN
				   (everything before hi, no compare) */
	int64_t as_of;		/* open tickets are judged at this time (the
				   end of the period, or now when earlier) */
	int64_t window;		/* a repeat contact: within this (7 days) */
	int compare;		/* also the preceding period and the tests */
	const struct tix_severity *sv;	/* the SLA targets */
};

struct tix_kpi_table {
	struct tix_kpi_group *g;	/* the most tickets first, then by name */
	size_t n;
	int compared;
	void *priv;			/* the group names */
};

/* 0, or -1 with err.  Free with tix_kpi_free, also after a failure. */
int tix_kpi_compute(struct tix_store *s, const struct tix_groupby *by,
		    const struct tix_kpi_opts *o, struct tix_kpi_table *out, char *err);
void tix_kpi_free(struct tix_kpi_table *t);

/* The figure's column name ("first_reply_p50"), and its value in k. */
const char *tix_kpi_figure_name(enum tix_kpi_figure f);
double tix_kpi_value(const struct tix_kpi *k, enum tix_kpi_figure f);

#endif
