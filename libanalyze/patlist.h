/*
 * patlist.h - the stored patterns over a period: what tix-patterns lists
 * after mining (patterns.h is the miner; tix-patterns stores each ticket's
 * pattern in ticket_pattern, the templates in pattern).
 *
 *	struct tix_pattern_table t;
 *	tix_patterns_list(s, TIX_PF_SUBJECT, lo, hi, 10, 0, &t, err);
 *	t.row[0 .. t.n - 1]
 *	tix_pattern_table_free(&t);
 *
 * Ownership: a table owns every string its rows point to; they live until
 * tix_pattern_table_free.  The library never prints; errors go to err.
 */
#ifndef TIX_PATLIST_H
#define TIX_PATLIST_H

#include <stddef.h>
#include <stdint.h>

#include "tix.h"

struct tix_store;

/* The text of a ticket that is mined (tix-patterns --field). */
enum tix_pattern_field {
	TIX_PF_SUBJECT,		/* the subject */
	TIX_PF_BODY,		/* the body's first line with something other than
				   white space in it that is not a greeting (a line of
				   at most four words ending in a comma: "Hi there,");
				   the first greeting when there is nothing else */
	TIX_PF_BOTH		/* the subject, one space, that line of the body */
};

/*
 * The text of a ticket under f, from its subject[0 .. ns) and body[0 .. nb)
 * (either NULL: none): a pointer into subject or body, or to buf's data
 * (f TIX_PF_BOTH), with its length in *len; never NULL but when out of
 * memory.
 */
const char *tix_pattern_text(enum tix_pattern_field f, const char *subject, size_t ns,
			     const char *body, size_t nb, struct tix_buf *buf, size_t *len);

/* 1 when s[0 .. n) is nothing but white space and control characters (such
   a text gets no pattern), else 0. */
int tix_pattern_blank(const char *s, size_t n);

struct tix_pattern_row {
	long pattern;
	const char *template;		/* NULL when the pattern table lacks it */
	size_t tickets, requesters;	/* of the period; requesters: distinct,
					   tickets with none not counted */
	int64_t first, last;		/* created, of its tickets within [lo, hi) */
	int64_t first_ever;		/* the earliest created of any ticket with this
					   pattern, in the whole database */
	const char *top_category;	/* the most tickets' (ties: the first in byte
					   order); NULL when none has one */
	int64_t example;		/* ticket id: the first of the period (of those
					   created in the same second, the lowest id) */
	const char *example_text;	/* its text under f, as tix-patterns prints it in
					   its example column; NULL when the ticket is
					   gone */
};

struct tix_pattern_table {
	struct tix_pattern_row *row;
	size_t n;
	void *priv;			/* the strings */
};

/*
 * The patterns of the tickets created in [lo, hi) (INT64_MIN, INT64_MAX: no
 * bound; tickets without a created time are never counted), most tickets
 * first (ties: the lower pattern id), at most top of them (top < 0: all).
 * With new_only, only the patterns first seen in the period: first_ever
 * >= lo.  f: the field the patterns were mined from, for example_text.
 *
 * first_ever is computed only for the rows returned (with new_only, for
 * every pattern of the period), without reading the tickets' rows: a
 * pattern whose tickets in ticket_pattern are all of the period is new
 * (first_ever is first); for the others the index on ticket(created) is
 * read oldest first until each is met, or lo is reached (not met: no
 * ticket before lo, first_ever is first).  The scan stops early when the
 * patterns are old; it goes on to lo only for a pattern new in the period
 * that also has tickets after hi or without a time (measured: 150 ms for
 * the million tickets before lo, against 15-20 ms for a week otherwise).
 *
 * out is filled in even on failure: free it with tix_pattern_table_free,
 * also after a failure.  0, or -1 with err (a database error, out of
 * memory).
 */
int tix_patterns_list(struct tix_store *s, enum tix_pattern_field f, int64_t lo, int64_t hi,
		      long top, int new_only, struct tix_pattern_table *out, char *err);
void tix_pattern_table_free(struct tix_pattern_table *t);

#endif
