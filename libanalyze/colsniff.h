/*
 * colsniff.h - which columns hold dates, and in which day/month order.
 *
 * Feed it records; ask it per column.  The order of all-numeric dates is
 * decided from the data (a value like 29/2/2016 settles a column); a column
 * the data never settles takes the order the file's other columns agree on.
 */
#ifndef TIX_COLSNIFF_H
#define TIX_COLSNIFF_H

#include <stddef.h>

#include "csvin.h"
#include "timeparse.h"

struct tix_colstat {
	long nonnull, dates, fails, dmy_only, mdy_only, ambiguous;
	char sample[48];	/* first date-like value seen */
	char ambig_sample[48];	/* first ambiguous one */
};

struct tix_colsniff {
	size_t n;
	long rows;
	struct tix_colstat *c;
};

int tix_colsniff_init(struct tix_colsniff *cs, size_t ncols);
void tix_colsniff_release(struct tix_colsniff *cs);
void tix_colsniff_feed(struct tix_colsniff *cs, const struct tix_record *rec);
/* Enough seen: every date column settled (or the file's order known). */
int tix_colsniff_settled(const struct tix_colsniff *cs);
/* Does column i look like dates (at most 1% of its values are not)? */
int tix_colsniff_is_date(const struct tix_colsniff *cs, size_t i);

enum tix_colorder { TIX_ORDER_OK, TIX_ORDER_AMBIGUOUS };
/*
 * The order to read column i with.  forced (TIX_DORD_DMY/MDY) wins.
 * TIX_ORDER_AMBIGUOUS when the column has ambiguous values and nothing
 * in the file settles them; *order is then TIX_DORD_UNKNOWN.
 */
enum tix_colorder tix_colsniff_order(const struct tix_colsniff *cs, size_t i,
				     enum tix_dord forced, enum tix_dord *order);

#endif
