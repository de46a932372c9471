/* colsniff.c - date columns and their day/month order, from the data. */
#include "colsniff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources.h"

int tix_colsniff_init(struct tix_colsniff *cs, size_t ncols)
{
	cs->n = ncols;
	cs->rows = 0;
	cs->c = calloc(ncols ? ncols : 1, sizeof(*cs->c));
	return cs->c ? 0 : -1;
}

void tix_colsniff_release(struct tix_colsniff *cs)
{
	free(cs->c);
	cs->c = NULL;
}

void tix_colsniff_feed(struct tix_colsniff *cs, const struct tix_record *rec)
{
	size_t i;

	if (rec->problem != TIX_REC_OK)
		return;
	cs->rows++;
	for (i = 0; i < cs->n && i < rec->n; i++) {
		struct tix_colstat *c = &cs->c[i];
		const char *s = rec->f[i];
		size_t len = rec->len[i];
		unsigned b;

		if (c->fails > 200 && c->fails > 2 * c->dates)
			continue;	/* plainly not a date column */
		if (tix_is_null(s, len))
			continue;
		c->nonnull++;
		b = tix_time_classify(s, len);
		if (!b) {
			c->fails++;
			continue;
		}
		c->dates++;
		if (!c->sample[0])
			snprintf(c->sample, sizeof(c->sample), "%.*s", (int)len, s);
		if (b & TIX_TS_NOORDER)
			continue;
		if ((b & (TIX_TS_DMY | TIX_TS_MDY)) == TIX_TS_DMY)
			c->dmy_only++;
		else if ((b & (TIX_TS_DMY | TIX_TS_MDY)) == TIX_TS_MDY)
			c->mdy_only++;
		else {
			c->ambiguous++;
			if (!c->ambig_sample[0])
				snprintf(c->ambig_sample, sizeof(c->ambig_sample), "%.*s", (int)len, s);
		}
	}
}

int tix_colsniff_is_date(const struct tix_colsniff *cs, size_t i)
{
	const struct tix_colstat *c = &cs->c[i];

	return c->dates > 0 && c->fails * 100 <= c->nonnull;
}

/* The order every settled date column agrees on, or UNKNOWN. */
static enum tix_dord file_order(const struct tix_colsniff *cs)
{
	size_t i;
	int dmy = 0, mdy = 0;

	for (i = 0; i < cs->n; i++) {
		const struct tix_colstat *c = &cs->c[i];

		if (!tix_colsniff_is_date(cs, i))
			continue;
		if (c->dmy_only > c->mdy_only)
			dmy = 1;
		else if (c->mdy_only > c->dmy_only)
			mdy = 1;
	}
	if (dmy && !mdy)
		return TIX_DORD_DMY;
	if (mdy && !dmy)
		return TIX_DORD_MDY;
	return TIX_DORD_UNKNOWN;
}

int tix_colsniff_settled(const struct tix_colsniff *cs)
{
	size_t i;

	if (cs->rows < 1000)
		return 0;
	if (file_order(cs) != TIX_DORD_UNKNOWN)
		return 1;
	for (i = 0; i < cs->n; i++)
		if (tix_colsniff_is_date(cs, i) && cs->c[i].ambiguous &&
		    !cs->c[i].dmy_only && !cs->c[i].mdy_only)
			return 0;
	return 1;
}

enum tix_colorder tix_colsniff_order(const struct tix_colsniff *cs, size_t i,
				     enum tix_dord forced, enum tix_dord *order)
{
	const struct tix_colstat *c = &cs->c[i];

	*order = TIX_DORD_UNKNOWN;
	if (forced != TIX_DORD_UNKNOWN) {
		*order = forced;
		return TIX_ORDER_OK;
	}
	if (c->dmy_only || c->mdy_only) {
		*order = c->dmy_only >= c->mdy_only ? TIX_DORD_DMY : TIX_DORD_MDY;
		return TIX_ORDER_OK;
	}
	if (!c->ambiguous)
		return TIX_ORDER_OK;	/* nothing numeric to decide */
	*order = file_order(cs);
	return *order == TIX_DORD_UNKNOWN ? TIX_ORDER_AMBIGUOUS : TIX_ORDER_OK;
}
