/*
 * recur.h - who and what keeps coming back: repeat contacts, reopens, the
 * time to the next contact (Kaplan-Meier), and groups that went quiet and
 * came back.
 *
 *	struct tix_recur_item *v;	one per (ticket, group)
 *	tix_recur_link(v, n, window, any_group, err);	prev_gap, next_gap
 *	tix_recur_summarise(v, n, ngroups, &opts, out, err);
 *
 * Definitions (tix-recur(1) gives them to users):
 *   repeat contact  an item whose requester had another ticket created at
 *                   most `window` seconds before it (gap >= 0; tickets of
 *                   one requester are ordered by created time, then by
 *                   ticket number, so of two created in the same second the
 *                   second is the repeat); in the same group, or in any
 *                   group with any_group.
 *   reopened        the item's reopened flag (the caller decides it: the
 *                   export's counter, or the status history).
 *   p_repeat        Kaplan-Meier estimate of P(next contact <= horizon):
 *                   each counted item with a requester is followed until its
 *                   requester's next ticket (same group, or any group with
 *                   any_group): an event at that gap; with no next ticket it
 *                   is censored at end - created.  Events at a time come
 *                   before censorings at the same time.
 * The library never prints; -1 with err only when out of memory.
 *
 * Over a database, the whole summary of tix-recur in one call:
 *
 *	struct tix_recur_table t;
 *	tix_recur_compute(s, &by, &opts, &t, err);	t.row[0 .. t.n - 1]
 *	tix_recur_table_free(&t);
 */
#ifndef TIX_RECUR_H
#define TIX_RECUR_H

#include <stddef.h>
#include <stdint.h>

#define TIX_RECUR_NONE UINT32_MAX	/* no requester */

#define TIX_RECUR_UNKNOWN 2	/* reopened: not known (TIX_REOPEN_UNKNOWN) */

struct tix_recur_item {
	int64_t created;	/* UTC epoch seconds */
	uint32_t ticket;	/* the ticket's number: items of one ticket share it */
	uint32_t requester;	/* the requester's number, or TIX_RECUR_NONE */
	uint32_t group;		/* the group's number, 0 .. ngroups - 1 */
	unsigned char counted;	/* 1: in the period reported on; 0: only looked
				   back at (a ticket before --since) */
	unsigned char reopened;	/* 1: the ticket was reopened; 0: not;
				   TIX_RECUR_UNKNOWN: the data cannot say */
	/* filled in by tix_recur_link: */
	int64_t prev_gap;	/* seconds since the requester's previous ticket,
				   -1 when none */
	int64_t next_gap;	/* seconds to the requester's next ticket, -1
				   when none */
};

/*
 * Fill in prev_gap and next_gap of every item: the previous and next
 * ticket of the same requester in the same group (any_group: in any group;
 * the items of one ticket, in several groups, then share their gaps, and a
 * ticket is never its own neighbour).  Reorders v.  0, or -1 with err.
 */
int tix_recur_link(struct tix_recur_item *v, size_t n, int any_group, char *err);

struct tix_recur_opts {
	int64_t window;		/* a repeat contact: prev_gap <= window */
	int64_t horizon;	/* p_repeat: next contact within this (30 days) */
	int64_t end;		/* the end of the data: censoring time */
};

struct tix_recur_group {
	size_t tickets;		/* counted items */
	size_t requesters;	/* distinct requesters among them */
	size_t repeats;		/* counted items that are repeat contacts */
	size_t reopened;	/* counted items reopened */
	size_t reopen_known;	/* counted items whose reopened is 0 or 1 */
	double repeat_rate, repeat_low, repeat_high;	/* repeats / tickets,
							   Wilson 95% */
	double reopen_rate, reopen_low, reopen_high;	/* reopened / reopen_known
							   (NAN when 0) */
	double median_days;	/* median prev_gap of the repeat contacts, in
				   days; NAN when there are none */
	double p_repeat;	/* Kaplan-Meier P(next contact <= horizon);
				   NAN when no one is followed that long */
};

/*
 * The figures of each group 0 .. ngroups - 1 into out[ngroups], from items
 * linked by tix_recur_link.  Reorders v.  0, or -1 with err.
 */
int tix_recur_summarise(struct tix_recur_item *v, size_t n, size_t ngroups,
			const struct tix_recur_opts *o, struct tix_recur_group *out, char *err);

/*
 * Wilson score interval for k successes in n trials at z (1.959964 for
 * 95%): *lo and *hi, within [0, 1]; both NAN when n is 0.
 */
void tix_wilson(size_t k, size_t n, double z, double *lo, double *hi);

/*
 * Kaplan-Meier: P(T <= t) = 1 - S(t) from times[i] (>= 0) with event[i] 1
 * (observed) or 0 (censored at that time).  Events at a time come before
 * censorings at the same time.  NAN when n is 0, or when t is past the
 * last time and that last time is censored (the curve is not known
 * there).  0, or -1 with err when out of memory.
 */
int tix_km_cdf(const double *times, const unsigned char *event, size_t n, double t, double *p,
	       char *err);

/*
 * A group that went quiet and came back: in counts x[0..n-1] (tickets per
 * bin), every run of at least `quiet` bins of 0 with a bin above 0 before
 * and after it.  Writes (first quiet bin, first bin back) pairs to runs
 * (room for n / 2 + 1) and returns their number.
 */
size_t tix_recur_returning(const double *x, size_t n, size_t quiet, size_t (*runs)[2]);

/* ---------- over a database ---------- */

struct tix_store;
struct tix_groupby;

struct tix_recur_row {
	const char *group;		/* the group's name; "(none)" for no value */
	struct tix_recur_group r;
};

struct tix_recur_table {
	struct tix_recur_row *row;	/* most repeat contacts first, then tickets, then
					   name (byte order); groups with no counted
					   ticket left out */
	size_t n;
	void *priv;			/* the names */
};

struct tix_recur_db_opts {
	int64_t lo, hi;			/* the tickets created in [lo, hi) are counted;
					   INT64_MIN, INT64_MAX: no bound */
	int64_t window;			/* a repeat contact comes within this many
					   seconds (7 days: 604800) */
	int any_group;			/* a repeat whatever the earlier ticket's group */
};

/*
 * The figures of every group of `by` (tix_groupby_parse, then
 * tix_groupby_ready) over the tickets created in [lo, hi), as tix-recur
 * prints them.  A ticket goes to the group of its value ("(none)" when it
 * has none; with --by tag, to each of its comma-separated tags).  The
 * tickets of the window before lo are read too, so that the first tickets
 * of the period can be repeats, but are not counted.  A ticket is
 * reopened when its export's reopens counter is above 0, or, with no
 * counter, when its status history shows a reopen (TIX_REOPEN_WHERE).
 * Censoring (p_repeat) is at the last created time in the database, or at
 * hi when that is earlier (the data go on past the period); the horizon is
 * 30 days.
 *
 * out is filled in even on failure, and owns everything it points to
 * (the names too): free it with tix_recur_table_free, also after a
 * failure.  0, or -1 with err (a database error, out of memory).
 */
int tix_recur_compute(struct tix_store *s, const struct tix_groupby *by,
		      const struct tix_recur_db_opts *o, struct tix_recur_table *out, char *err);
void tix_recur_table_free(struct tix_recur_table *t);

#endif
