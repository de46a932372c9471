/* bins.c - tickets per group and time bin; see bins.h. */
#include "bins.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tix.h"

int64_t tix_day_of(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

void tix_bins_release(struct tix_bins *b)
{
	size_t g;

	for (g = 0; g < b->names.n; g++)
		free(b->x[g]);
	free(b->x);
	tix_intern_release(&b->names);
	memset(b, 0, sizeof(*b));
}

void tix_bins_date(const struct tix_bins *b, size_t bin, char *buf, size_t n)
{
	time_t t = (time_t)((b->day0 + (int64_t)bin * (b->week ? 7 : 1)) * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
}

/* The series of group s[0..n), zero-filled when new; NULL when out of
   memory (and nothing changed). */
static double *series(struct tix_bins *b, const char *s, size_t n)
{
	long id = tix_intern_find(&b->names, s, n);
	double *x;

	if (id >= 0)
		return b->x[id];
	if (b->names.n == b->xcap) {
		size_t cap = b->xcap ? 2 * b->xcap : 64;
		double **v = realloc(b->x, cap * sizeof(*v));

		if (!v)
			return NULL;
		b->x = v;
		b->xcap = cap;
	}
	x = calloc(b->nbins ? b->nbins : 1, sizeof(double));
	if (!x || tix_intern(&b->names, s, n) < 0) {
		free(x);
		return NULL;
	}
	b->x[b->names.n - 1] = x;
	return x;
}

static int add(struct tix_bins *b, const char *s, size_t n, size_t bin, double cnt, char *err)
{
	double *x = series(b, s, n);

	if (!x)
		return tix_errf(err, "out of memory");
	x[bin] += cnt;
	return 0;
}

int tix_bins_load(struct tix_store *s, const struct tix_groupby *by, int week, int64_t lo,
		  int64_t hi, struct tix_bins *b, char *err)
{
	char sql[512];
	sqlite3_stmt *st = NULL;
	int64_t dmin, dmax;
	int rc;

	memset(b, 0, sizeof(*b));
	tix_intern_init(&b->names);
	b->week = week;
	if (tix_groupby_ready(s, by, err) < 0)
		return -1;
	/* the range of days, then the counts per group and day */
	if (tix_store_prepare(s, &st, "SELECT min(created), max(created) FROM ticket"
			      " WHERE created >= ?1 AND created < ?2", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto sqlfail;
	if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
		sqlite3_finalize(st);
		return 0;
	}
	dmin = tix_day_of(sqlite3_column_int64(st, 0));
	dmax = tix_day_of(sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	st = NULL;
	if (week) {
		/* 1970-01-01 was a Thursday: Mondays are days = 4 (mod 7) */
		dmin -= ((dmin - 4) % 7 + 7) % 7;
		dmax -= ((dmax - 4) % 7 + 7) % 7;
	}
	b->day0 = dmin;
	b->nbins = (size_t)((dmax - dmin) / (week ? 7 : 1) + 1);
	snprintf(sql, sizeof(sql), "SELECT %s, created / 86400 - (created < 0 AND created %% 86400 != 0),"
		 " count(*) FROM ticket WHERE created >= ?1 AND created < ?2 GROUP BY 1, 2"
		 " ORDER BY 1, 2", by->expr);
	if (tix_store_prepare(s, &st, sql, err) < 0)
		goto fail;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	if (by->json)
		sqlite3_bind_text(st, 3, by->path, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		int64_t d = sqlite3_column_int64(st, 1);
		double cnt = (double)sqlite3_column_int64(st, 2);
		size_t bin = (size_t)((d - dmin) / (week ? 7 : 1));

		if (d < dmin || bin >= b->nbins)
			continue;
		if (!name || !*name)
			name = "(none)";
		if (!by->tag) {
			if (add(b, name, strlen(name), bin, cnt, err) < 0)
				goto fail;
			continue;
		}
		/* tags: comma-separated as stored (a tag may hold spaces), each
		   tag its own group */
		while (*name) {
			size_t len = strcspn(name, ",");

			if (len && add(b, name, len, bin, cnt, err) < 0)
				goto fail;
			name += len;
			name += *name == ',';
		}
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	return 0;
sqlfail:
	tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
fail:
	sqlite3_finalize(st);
	tix_bins_release(b);
	return -1;
}
