/* recur.c - repeat contacts, reopens, time to the next contact; see recur.h. */
#include "recur.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "store.h"
#include "tix.h"

/* an item's reopened is tix_reopen_state's answer as it is */
_Static_assert(TIX_RECUR_UNKNOWN == TIX_REOPEN_UNKNOWN && TIX_REOPEN_YES == 1 &&
	       TIX_REOPEN_NO == 0, "recur.h's reopened is store.h's reopen state");

#define DAY 86400.0

/* ---------- ordering ---------- */

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return (a > b) - (a < b);
}

/* requester, created, ticket: one requester's tickets in the order they
   came (a tie in time goes to the lower ticket number) */
static int by_requester(const void *pa, const void *pb)
{
	const struct tix_recur_item *a = pa, *b = pb;
	int c;

	if ((c = cmp_u32(a->requester, b->requester)))
		return c;
	if ((c = cmp_i64(a->created, b->created)))
		return c;
	if ((c = cmp_u32(a->ticket, b->ticket)))
		return c;
	return cmp_u32(a->group, b->group);
}

/* the same within each group */
static int by_group_requester(const void *pa, const void *pb)
{
	const struct tix_recur_item *a = pa, *b = pb;
	int c = cmp_u32(a->group, b->group);

	return c ? c : by_requester(pa, pb);
}

int tix_recur_link(struct tix_recur_item *v, size_t n, int any_group, char *err)
{
	size_t i, j, k;

	(void)err;
	if (n)	/* v may be NULL then */
		qsort(v, n, sizeof(*v), any_group ? by_requester : by_group_requester);
	for (i = 0; i < n; i++)
		v[i].prev_gap = v[i].next_gap = -1;
	/* i..j: the items of one ticket (any_group; else one item), which
	   follow each other in this order */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; any_group && j < n && v[j].ticket == v[i].ticket &&
			       v[j].requester == v[i].requester && v[j].created == v[i].created;
		     j++)
			;
		if (v[i].requester == TIX_RECUR_NONE)
			continue;
		/* the next ticket of the same requester (and group) is at j */
		if (j < n && v[j].requester == v[i].requester &&
		    (any_group || v[j].group == v[i].group)) {
			int64_t gap = v[j].created - v[i].created;

			for (k = i; k < j; k++)
				v[k].next_gap = gap;
			/* and j's previous is this one: set when j's run is
			   reached, from here */
			for (k = j; k < n && v[k].ticket == v[j].ticket &&
				    v[k].requester == v[j].requester && v[k].created == v[j].created &&
				    (any_group || k == j);
			     k++)
				v[k].prev_gap = gap;
		}
	}
	return 0;
}

/* ---------- statistics ---------- */

void tix_wilson(size_t k, size_t n, double z, double *lo, double *hi)
{
	double p, z2, d, c, h;

	if (!n) {
		*lo = *hi = NAN;
		return;
	}
	p = (double)k / (double)n;
	z2 = z * z;
	d = 1 + z2 / (double)n;
	c = (p + z2 / (2 * (double)n)) / d;
	h = z * sqrt(p * (1 - p) / (double)n + z2 / (4 * (double)n * (double)n)) / d;
	*lo = c - h < 0 ? 0 : c - h;
	*hi = c + h > 1 ? 1 : c + h;
	/* at k = 0 and k = n the bound is exact */
	if (k == 0)
		*lo = 0;
	if (k == n)
		*hi = 1;
}

struct obs {
	double t;
	unsigned char e;
};

/* by time, events before censorings */
static int by_time(const void *pa, const void *pb)
{
	const struct obs *a = pa, *b = pb;

	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return (int)b->e - (int)a->e;
}

/* 1 - S(t) over o[0..n-1], sorted by by_time */
static double km_sorted(const struct obs *o, size_t n, double t)
{
	double s = 1;
	size_t i = 0, at_risk = n;

	if (!n)
		return NAN;
	while (i < n && o[i].t <= t) {
		double ti = o[i].t;
		size_t d = 0, m = 0;

		for (; i < n && o[i].t == ti; i++, m++)
			d += o[i].e;
		if (d)
			s *= 1 - (double)d / (double)at_risk;
		at_risk -= m;
	}
	/* past the last time: known only when it ended in an event that
	   left no one at risk */
	if (i == n && t > o[n - 1].t && !(s == 0))
		return NAN;
	return 1 - s;
}

int tix_km_cdf(const double *times, const unsigned char *event, size_t n, double t, double *p,
	       char *err)
{
	struct obs *o;
	size_t i;

	if (!n) {
		*p = NAN;
		return 0;
	}
	o = malloc(n * sizeof(*o));
	if (!o)
		return tix_errf(err, "out of memory");
	for (i = 0; i < n; i++) {
		o[i].t = times[i];
		o[i].e = event[i] ? 1 : 0;
	}
	qsort(o, n, sizeof(*o), by_time);
	*p = km_sorted(o, n, t);
	free(o);
	return 0;
}

/* ---------- per group ---------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int tix_recur_summarise(struct tix_recur_item *v, size_t n, size_t ngroups,
			const struct tix_recur_opts *o, struct tix_recur_group *out, char *err)
{
	struct obs *km = malloc((n ? n : 1) * sizeof(*km));
	double *gaps = malloc((n ? n : 1) * sizeof(double));
	size_t i, j, g;

	if (!km || !gaps) {
		free(km);
		free(gaps);
		return tix_errf(err, "out of memory");
	}
	for (g = 0; g < ngroups; g++) {
		struct tix_recur_group *r = &out[g];

		memset(r, 0, sizeof(*r));
		r->median_days = r->p_repeat = NAN;
		tix_wilson(0, 0, 1.959964, &r->repeat_low, &r->repeat_high);
		tix_wilson(0, 0, 1.959964, &r->reopen_low, &r->reopen_high);
		r->repeat_rate = r->reopen_rate = NAN;
	}
	if (n)
		qsort(v, n, sizeof(*v), by_group_requester);
	for (i = 0; i < n; i = j) {
		struct tix_recur_group *r;
		size_t nk = 0, ng = 0;
		uint32_t last = TIX_RECUR_NONE;

		for (j = i; j < n && v[j].group == v[i].group; j++) {
			const struct tix_recur_item *it = &v[j];

			if (!it->counted)
				continue;
			r = &out[it->group];
			r->tickets++;
			r->reopened += it->reopened == 1;
			r->reopen_known += it->reopened != TIX_RECUR_UNKNOWN;
			if (it->requester == TIX_RECUR_NONE)
				continue;
			if (it->requester != last)
				r->requesters++;
			last = it->requester;
			if (it->prev_gap >= 0 && it->prev_gap <= o->window) {
				r->repeats++;
				gaps[ng++] = (double)it->prev_gap / DAY;
			}
			if (it->next_gap >= 0) {
				km[nk].t = (double)it->next_gap;
				km[nk++].e = 1;
			} else {
				int64_t c = o->end - it->created;

				km[nk].t = (double)(c > 0 ? c : 0);
				km[nk++].e = 0;
			}
		}
		if (v[i].group >= ngroups)
			continue;
		r = &out[v[i].group];
		if (r->tickets) {
			r->repeat_rate = (double)r->repeats / (double)r->tickets;
			if (r->reopen_known)
				r->reopen_rate = (double)r->reopened / (double)r->reopen_known;
			tix_wilson(r->repeats, r->tickets, 1.959964, &r->repeat_low, &r->repeat_high);
			tix_wilson(r->reopened, r->reopen_known, 1.959964, &r->reopen_low,
				   &r->reopen_high);
		}
		if (ng) {
			qsort(gaps, ng, sizeof(double), cmp_double);
			r->median_days = ng % 2 ? gaps[ng / 2] : 0.5 * (gaps[ng / 2 - 1] + gaps[ng / 2]);
		}
		if (nk) {
			qsort(km, nk, sizeof(*km), by_time);
			r->p_repeat = km_sorted(km, nk, (double)o->horizon);
		}
	}
	free(km);
	free(gaps);
	return 0;
}

/* ---------- quiet, then back ---------- */

size_t tix_recur_returning(const double *x, size_t n, size_t quiet, size_t (*runs)[2])
{
	size_t i = 0, k = 0;

	if (quiet < 1)
		quiet = 1;
	while (i < n && !(x[i] > 0))
		i++;
	while (i < n) {
		size_t z;

		/* i is a bin with tickets: the zeros after it */
		for (z = i + 1; z < n && !(x[z] > 0); z++)
			;
		if (z < n && z - i - 1 >= quiet) {
			runs[k][0] = i + 1;
			runs[k][1] = z;
			k++;
		}
		i = z;
	}
	return k;
}

/* ---------- over a database ---------- */

struct ranked {
	const struct tix_recur_group *r;
	const char *name;
};

static int by_repeats(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	if (a->r->repeats != b->r->repeats)
		return a->r->repeats < b->r->repeats ? 1 : -1;
	if (a->r->tickets != b->r->tickets)
		return a->r->tickets < b->r->tickets ? 1 : -1;
	return strcmp(a->name, b->name);
}

static int sql_err(struct tix_store *s, char *err)
{
	return tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

/* The items of the tickets created in [from, hi), one per (ticket, group),
   into *v, their groups named in grp; *end: the latest created time. */
static int load_items(struct tix_store *s, const struct tix_groupby *by,
		      const struct tix_recur_db_opts *o, struct tix_intern *grp,
		      struct tix_recur_item **v, size_t *n, int64_t *end, char *err)
{
	struct tix_intern req;
	struct tix_reopens ro;
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int64_t from;
	char sql[512];
	int rc, ret = -1;

	if (tix_reopens_load(s, &ro, err) < 0)
		return -1;
	tix_intern_init(&req);
	/* the tickets of the period, and those of the window before it: a
	   ticket there makes the first ones of the period repeats */
	from = o->lo == INT64_MIN ? INT64_MIN : o->lo - o->window;
	snprintf(sql, sizeof(sql), "SELECT id, created, requester, %s, reopens, source FROM ticket"
		 " WHERE created >= ?1 AND created < ?2", by->expr);
	if (tix_store_prepare(s, &st, sql, err) < 0)
		goto done;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, o->hi);
	if (by->json)
		sqlite3_bind_text(st, 3, by->path, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), created = sqlite3_column_int64(st, 1);
		const char *who = (const char *)sqlite3_column_text(st, 2);
		const char *name = (const char *)sqlite3_column_text(st, 3);
		struct tix_recur_item it;
		long r = -1;

		memset(&it, 0, sizeof(it));
		it.created = created;
		it.ticket = (uint32_t)id;
		it.counted = created >= o->lo;
		it.reopened = (unsigned char)tix_reopen_state(&ro, id,
							      sqlite3_column_type(st, 4) != SQLITE_NULL,
							      sqlite3_column_int64(st, 4),
							      (const char *)sqlite3_column_text(st, 5));
		if (who && *who && (r = tix_intern(&req, who, strlen(who))) < 0) {
			tix_errf(err, "out of memory");
			goto done;
		}
		it.requester = r < 0 ? TIX_RECUR_NONE : (uint32_t)r;
		if (created > *end)
			*end = created;
		if (!name || !*name)
			name = "(none)";
		/* one item per group: with --by tag, per tag */
		while (*name) {
			size_t len = by->tag ? strcspn(name, ",") : strlen(name);
			long g;

			if (len) {
				if ((g = tix_intern(grp, name, len)) < 0) {
					tix_errf(err, "out of memory");
					goto done;
				}
				if (*n == cap) {
					size_t c = cap ? 2 * cap : 4096;
					struct tix_recur_item *p = realloc(*v, c * sizeof(*p));

					if (!p) {
						tix_errf(err, "out of memory");
						goto done;
					}
					*v = p;
					cap = c;
				}
				it.group = (uint32_t)g;
				(*v)[(*n)++] = it;
			}
			name += len;
			name += *name == ',';
		}
	}
	if (rc != SQLITE_DONE) {
		sql_err(s, err);
		goto done;
	}
	ret = 0;
done:
	sqlite3_finalize(st);
	tix_reopens_release(&ro);
	tix_intern_release(&req);
	return ret;
}

int tix_recur_compute(struct tix_store *s, const struct tix_groupby *by,
		      const struct tix_recur_db_opts *o, struct tix_recur_table *out, char *err)
{
	struct tix_intern *grp;
	struct tix_recur_item *v = NULL;
	struct tix_recur_group *res = NULL;
	struct ranked *rk = NULL;
	struct tix_recur_opts ro;
	sqlite3_stmt *st = NULL;
	size_t n = 0, i;
	int64_t end = INT64_MIN;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!(grp = malloc(sizeof(*grp))))
		return tix_errf(err, "out of memory");
	tix_intern_init(grp);
	out->priv = grp;
	if (load_items(s, by, o, grp, &v, &n, &end, err) < 0)
		goto done;
	/* the end of the data, where a requester not yet back is censored: the
	   last ticket in the database, or hi when the data go on */
	if (tix_store_prepare(s, &st, "SELECT max(created) FROM ticket", err) < 0)
		goto done;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sql_err(s, err);
		goto done;
	}
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		end = sqlite3_column_int64(st, 0);
	if (end >= o->hi)
		end = o->hi;
	ro.window = o->window;
	ro.horizon = 30 * (int64_t)DAY;
	ro.end = end;
	res = calloc(grp->n ? grp->n : 1, sizeof(*res));
	rk = calloc(grp->n ? grp->n : 1, sizeof(*rk));
	out->row = calloc(grp->n ? grp->n : 1, sizeof(*out->row));
	if (!res || !rk || !out->row) {
		tix_errf(err, "out of memory");
		goto done;
	}
	if (tix_recur_link(v, n, o->any_group, err) < 0 ||
	    tix_recur_summarise(v, n, grp->n, &ro, res, err) < 0)
		goto done;
	for (i = 0; i < grp->n; i++) {
		rk[i].r = &res[i];
		rk[i].name = tix_intern_str(grp, i);
	}
	if (grp->n)
		qsort(rk, grp->n, sizeof(*rk), by_repeats);
	for (i = 0; i < grp->n; i++) {
		if (!rk[i].r->tickets)
			continue;	/* only looked back at */
		out->row[out->n].group = rk[i].name;
		out->row[out->n++].r = *rk[i].r;
	}
	ret = 0;
done:
	sqlite3_finalize(st);
	free(rk);
	free(res);
	free(v);
	return ret;
}

void tix_recur_table_free(struct tix_recur_table *t)
{
	if (t->priv) {
		tix_intern_release(t->priv);
		free(t->priv);
	}
	free(t->row);
	memset(t, 0, sizeof(*t));
}
