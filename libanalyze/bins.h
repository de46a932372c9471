/*
 * bins.h - tickets counted per group and time bin (UTC days, or weeks from
 * Monday), every group over the same bins, empty bins 0: the series that
 * tix-trend and tix-recur --returning examine.
 */
#ifndef TIX_BINS_H
#define TIX_BINS_H

#include <stddef.h>
#include <stdint.h>

#include "intern.h"
#include "store.h"

struct tix_bins {
	struct tix_intern names;	/* group g is names' string g */
	double **x;			/* x[g][0 .. nbins - 1] */
	size_t xcap;
	size_t nbins;			/* 0 when no ticket is in the range */
	int64_t day0;			/* bin 0 starts on this day (days since
					   1970-01-01) */
	int week;			/* 1: bins of 7 days from Monday */
};

/*
 * Count the tickets created in [lo, hi) by group (by; tickets with no
 * value go to "(none)", tags each to their own group) and bin.  The bins
 * run from the day of the first to the day of the last ticket in that
 * range (weeks widened to whole weeks): days beyond the data are not
 * counted as zeros.  0, or -1 with err.
 */
int tix_bins_load(struct tix_store *s, const struct tix_groupby *by, int week, int64_t lo,
		  int64_t hi, struct tix_bins *b, char *err);
void tix_bins_release(struct tix_bins *b);
/* The first day of a bin as YYYY-MM-DD. */
void tix_bins_date(const struct tix_bins *b, size_t bin, char *buf, size_t n);
/* The day of a time, counted from 1970-01-01, rounding down. */
int64_t tix_day_of(int64_t t);

#endif
