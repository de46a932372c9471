/* kpi.c - the figures of tix-stats per group and period; see kpi.h. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "kpi.h"
#include "rules.h"
#include "stats.h"
#include "store.h"
#include "tix.h"

#define NONE UINT32_MAX		/* no requester (or not looked at) */

/* What one ticket is in one group: rec.flags */
enum {
	F_NEW = 1,		/* created in the period */
	F_NEW_PREV = 2,		/* created in the previous period */
	F_LOOK = 4,		/* created in the window before: only looked back at */
	F_SOLVED = 8,		/* solved in the period */
	F_SOLVED_PREV = 16,
	F_BACKLOG = 32,		/* not done at the end of the period */
	F_BACKLOG_PREV = 64,
	F_REPEAT = 128		/* a repeat contact (set after the sort) */
};

/* One ticket in one group (with --by tag, one per tag). */
struct rec {
	int64_t created, id;
	uint32_t g;
	uint32_t who;		/* the requester's number, NONE */
	double reply_h;		/* hours to the first reply, NAN */
	double res_h;		/* hours to solved, when solved in a period; NAN */
	unsigned char flags;
	unsigned char reopened;
	unsigned char reopen_known;	/* tix_reopen_state is not unknown */
	signed char csat;	/* 1 good, 0 bad, -1 not rated */
	signed char sla;	/* 1 breached, 0 met, -1 not checked */
};

struct priv {
	struct tix_intern groups;
};

/* group, requester, created, ticket: a requester's tickets of a group in
   the order they came (of two in the same second, the lower number
   first), as tix_recur_link orders them */
static int by_rec(const void *pa, const void *pb)
{
	const struct rec *a = pa, *b = pb;

	if (a->g != b->g)
		return a->g < b->g ? -1 : 1;
	if (a->who != b->who)
		return a->who < b->who ? -1 : 1;
	if (a->created != b->created)
		return a->created < b->created ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int by_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

static int by_group(const void *pa, const void *pb)
{
	const struct tix_kpi_group *a = pa, *b = pb;

	if (a->cur.tickets != b->cur.tickets)
		return a->cur.tickets > b->cur.tickets ? -1 : 1;
	return strcmp(a->name, b->name);
}

static double ratio(size_t k, size_t n)
{
	return n ? (double)k / (double)n : NAN;
}

/* v[0..n) sorted ascending: its median and 90th percentile */
static void percentiles(double *v, size_t n, double *p50, double *p90)
{
	if (n)
		qsort(v, n, sizeof(*v), by_double);
	*p50 = tix_quantile(v, n, 0.5);
	*p90 = tix_quantile(v, n, 0.9);
}

/* p with room for twice *cap elements (1024 at first), or NULL (p is
   then left as it was) */
static void *grow(void *p, size_t *cap, size_t size)
{
	size_t n = *cap ? 2 * *cap : 1024;
	void *q;

	if (n > SIZE_MAX / size)
		return NULL;
	if (!(q = realloc(p, n * size)))
		return NULL;
	*cap = n;
	return q;
}

/* a - b, or the nearest of INT64_MIN and INT64_MAX when it does not fit
   (a database may hold any integer as a time) */
static int64_t sub_sat(int64_t a, int64_t b)
{
	int64_t r;

	if (!__builtin_sub_overflow(a, b, &r))
		return r;
	return b > 0 ? INT64_MIN : INT64_MAX;
}

static const char *const figure_names[TIX_KPI_NFIGURES] = {
	"tickets", "solved", "backlog", "first_reply_p50", "first_reply_p90",
	"resolution_p50", "resolution_p90", "sla_breach_rate", "reopen_rate",
	"repeat_rate", "csat_good_rate"
};

const char *tix_kpi_figure_name(enum tix_kpi_figure f)
{
	return (unsigned)f < TIX_KPI_NFIGURES ? figure_names[f] : NULL;
}

double tix_kpi_value(const struct tix_kpi *k, enum tix_kpi_figure f)
{
	switch (f) {
	case TIX_KPI_TICKETS: return (double)k->tickets;
	case TIX_KPI_SOLVED: return (double)k->solved;
	case TIX_KPI_BACKLOG: return (double)k->backlog;
	case TIX_KPI_FIRST_REPLY_P50: return k->first_reply_p50;
	case TIX_KPI_FIRST_REPLY_P90: return k->first_reply_p90;
	case TIX_KPI_RESOLUTION_P50: return k->resolution_p50;
	case TIX_KPI_RESOLUTION_P90: return k->resolution_p90;
	case TIX_KPI_SLA_BREACH_RATE: return k->sla_breach_rate;
	case TIX_KPI_REOPEN_RATE: return k->reopen_rate;
	case TIX_KPI_REPEAT_RATE: return k->repeat_rate;
	case TIX_KPI_CSAT_GOOD_RATE: return k->csat_good_rate;
	default: return NAN;
	}
}

/* The period's bounds, as the scan needs them. */
struct span {
	int64_t lo, hi;		/* the period */
	int64_t plo;		/* the previous period's start (compare) */
	int64_t from;		/* the first created time read: the earliest
				   period's start less the window */
	int64_t as_of, as_of_prev;
	int64_t window;
	int compare;
};

/* Whether a ticket with no solved time, of this status, is still to do:
   a status that is not solved or closed (with no status, nothing says so) */
static int not_done(const char *status)
{
	return status && strcmp(status, "solved") && strcmp(status, "closed");
}

/*
 * Did a ticket created at created (with these facts) miss a target of its
 * priority, judged at as_of?  -1 when its priority has no target.
 */
static int sla_breach(const struct tix_severity *sv, const char *priority, int64_t created,
		      double reply_min, int has_solved, int64_t solved, int open,
		      int64_t as_of)
{
	int p = priority ? tix_priority_index(priority) : -1;
	int64_t first, resolve;

	if (!sv)
		return -1;
	if (p < 0)
		p = 1;		/* no priority (or not one of the four): normal */
	first = sv->sla_first[p];
	resolve = sv->sla_resolve[p];
	if (first <= 0 && resolve <= 0)
		return -1;
	if (first > 0 && !isnan(reply_min) && reply_min * 60 > (double)first)
		return 1;
	if (resolve > 0 && has_solved && sub_sat(solved, created) > resolve)
		return 1;
	if (resolve > 0 && !has_solved && open && created < sub_sat(as_of, resolve))
		return 1;
	return 0;
}

/* The text of column i, or NULL when it is NULL; *oom set when SQLite
   could not make the text. */
static const char *col_text(sqlite3_stmt *st, int i, int *oom)
{
	const char *s;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	if (!(s = (const char *)sqlite3_column_text(st, i)))
		*oom = 1;
	return s;
}

/*
 * Read every ticket that counts in a period into *recs: those created from
 * sp->from to hi, those solved in a period, and those open at a period's
 * end.  The backlog and the solved need a scan of the whole table (there
 * is no index on solved, and an open ticket may be of any age); one scan
 * reads them all, the created ones too.
 */
static int scan(struct tix_store *s, const struct tix_groupby *by, const struct span *sp,
		const struct tix_severity *sv, struct priv *pv, struct rec **recs, size_t *nrec,
		char *err)
{
	struct tix_intern req;
	sqlite3_stmt *st = NULL;
	struct tix_reopens ro;
	struct rec *rec = NULL;
	size_t n = 0, cap = 0;
	uint32_t gs[64];
	char sql[1024];
	int rc, ret = -1, oom = 0;

	tix_intern_init(&req);
	if (tix_reopens_load(s, &ro, err) < 0)
		goto done;
	snprintf(sql, sizeof(sql),
		 "SELECT id, created, solved, status, priority, requester, first_reply_min,"
		 " reopens, csat, %s, source FROM ticket NOT INDEXED"
		 " WHERE (created >= ?1 AND created < ?2)"
		 " OR (solved >= ?4 AND solved < ?2)"
		 " OR (created < ?2 AND (solved >= ?5 OR (solved IS NULL"
		 " AND status NOT IN ('solved', 'closed'))))",
		 by ? by->expr : "NULL");
	if (tix_store_prepare(s, &st, sql, err) < 0)
		goto done;
	if (sqlite3_bind_int64(st, 1, sp->from) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, sp->hi) != SQLITE_OK ||
	    (by && by->json && sqlite3_bind_text(st, 3, by->path, -1, SQLITE_STATIC) != SQLITE_OK) ||
	    sqlite3_bind_int64(st, 4, sp->compare ? sp->plo : sp->lo) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, sp->compare ? sp->lo : sp->hi) != SQLITE_OK)
		goto sqlfail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), created = 0, solved = 0;
		int has_c = sqlite3_column_type(st, 1) != SQLITE_NULL;
		int has_s = sqlite3_column_type(st, 2) != SQLITE_NULL, rs;
		const char *status = col_text(st, 3, &oom);
		const char *priority = col_text(st, 4, &oom);
		const char *who = col_text(st, 5, &oom);
		const char *csat = col_text(st, 8, &oom);
		const char *name = by ? col_text(st, 9, &oom) : "all";
		int open, ng = 0;
		double reply_min = NAN;
		struct rec r;

		if (oom)
			goto nomem;
		if (has_c)
			created = sqlite3_column_int64(st, 1);
		if (has_s)
			solved = sqlite3_column_int64(st, 2);
		open = !has_s && not_done(status);
		memset(&r, 0, sizeof(r));
		r.id = id;
		r.created = created;
		r.who = NONE;
		r.reply_h = r.res_h = NAN;
		r.csat = -1;
		r.sla = -1;
		if (has_c && created >= sp->lo && created < sp->hi)
			r.flags |= F_NEW;
		else if (sp->compare && has_c && created >= sp->plo && created < sp->lo)
			r.flags |= F_NEW_PREV;
		else if (has_c && created >= sp->from && created < sp->hi)
			r.flags |= F_LOOK;
		if (has_s && solved >= sp->lo && solved < sp->hi)
			r.flags |= F_SOLVED;
		if (sp->compare && has_s && solved >= sp->plo && solved < sp->lo)
			r.flags |= F_SOLVED_PREV;
		if (has_c && created < sp->hi && ((has_s && solved >= sp->hi) || open))
			r.flags |= F_BACKLOG;
		if (sp->compare && has_c && created < sp->lo && ((has_s && solved >= sp->lo) || open))
			r.flags |= F_BACKLOG_PREV;
		if (!r.flags)
			continue;
		if ((r.flags & (F_SOLVED | F_SOLVED_PREV)) && has_c && solved >= created)
			r.res_h = (double)sub_sat(solved, created) / 3600;
		if (r.flags & (F_NEW | F_NEW_PREV | F_LOOK) && who && *who) {
			long w = tix_intern(&req, who, strlen(who));

			if (w < 0)
				goto nomem;
			r.who = (uint32_t)w;
		}
		if (r.flags & (F_NEW | F_NEW_PREV)) {
			if (sqlite3_column_type(st, 6) != SQLITE_NULL &&
			    (reply_min = sqlite3_column_double(st, 6)) >= 0)
				r.reply_h = reply_min / 60;
			else
				reply_min = NAN;
			rs = tix_reopen_state(&ro, id, sqlite3_column_type(st, 7) != SQLITE_NULL,
					      sqlite3_column_int64(st, 7),
					      (const char *)sqlite3_column_text(st, 10));
			r.reopened = rs == TIX_REOPEN_YES;
			r.reopen_known = rs != TIX_REOPEN_UNKNOWN;
			r.csat = !csat ? -1 : !strcmp(csat, "good") ? 1 : !strcmp(csat, "bad") ? 0 : -1;
			r.sla = (signed char)sla_breach(sv, priority, created, reply_min, has_s, solved,
							open, r.flags & F_NEW ? sp->as_of
									      : sp->as_of_prev);
		}
		if (!name || !*name)
			name = "(none)";
		/* one record per group: with --by tag, per tag (each once; past
		   64 tags of one ticket, a tag written twice counts twice) */
		while (*name) {
			size_t len = by && by->tag ? strcspn(name, ",") : strlen(name);

			if (len) {
				long g = tix_intern(&pv->groups, name, len);
				int k;

				if (g < 0)
					goto nomem;
				for (k = 0; k < ng && gs[k] != (uint32_t)g; k++)
					;
				if (k == ng) {
					if (ng < (int)(sizeof(gs) / sizeof(gs[0])))
						gs[ng++] = (uint32_t)g;
					if (n == cap) {
						struct rec *more = grow(rec, &cap, sizeof(*rec));

						if (!more)
							goto nomem;
						rec = more;
					}
					r.g = (uint32_t)g;
					rec[n++] = r;
				}
			}
			name += len;
			name += *name == ',';
			/* only commas: the ticket still counts, in (none) */
			if (!*name && !ng)
				name = "(none)";
		}
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	ret = 0;
	goto done;
sqlfail:
	tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
	goto done;
nomem:
	tix_errf(err, "out of memory");
done:
	if (st)
		sqlite3_finalize(st);
	tix_reopens_release(&ro);
	tix_intern_release(&req);
	if (ret < 0) {
		free(rec);
		rec = NULL;
		n = 0;
	}
	*recs = rec;
	*nrec = n;
	return ret;
}

/* The figures of one group and period from its records r[0..n); v and
   w: room for n values each (their sorted first reply and resolution
   hours are left there, with their counts in k). */
static void figures(const struct rec *r, size_t n, int prev, double *v, double *w,
		    struct tix_kpi *k)
{
	int fnew = prev ? F_NEW_PREV : F_NEW, fsolved = prev ? F_SOLVED_PREV : F_SOLVED;
	int fbacklog = prev ? F_BACKLOG_PREV : F_BACKLOG;
	size_t i;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < n; i++) {
		if (r[i].flags & fbacklog)
			k->backlog++;
		if (r[i].flags & fsolved) {
			k->solved++;
			if (!isnan(r[i].res_h))
				w[k->resolution_n++] = r[i].res_h;
		}
		if (!(r[i].flags & fnew))
			continue;
		k->tickets++;
		if (!isnan(r[i].reply_h))
			v[k->first_reply_n++] = r[i].reply_h;
		k->sla_checked += r[i].sla >= 0;
		k->sla_breached += r[i].sla == 1;
		k->reopened += r[i].reopened;
		k->reopen_known += r[i].reopen_known;
		k->repeats += !!(r[i].flags & F_REPEAT);
		k->csat_rated += r[i].csat >= 0;
		k->csat_good += r[i].csat == 1;
	}
	percentiles(v, k->first_reply_n, &k->first_reply_p50, &k->first_reply_p90);
	percentiles(w, k->resolution_n, &k->resolution_p50, &k->resolution_p90);
	k->sla_breach_rate = ratio(k->sla_breached, k->sla_checked);
	k->reopen_rate = ratio(k->reopened, k->reopen_known);
	k->repeat_rate = ratio(k->repeats, k->tickets);
	k->csat_good_rate = ratio(k->csat_good, k->csat_rated);
}

static int empty(const struct tix_kpi *k)
{
	return !k->tickets && !k->solved && !k->backlog;
}

int tix_kpi_compute(struct tix_store *s, const struct tix_groupby *by,
		    const struct tix_kpi_opts *o, struct tix_kpi_table *out, char *err)
{
	struct priv *pv;
	struct rec *rec = NULL;
	double *buf = NULL;
	size_t nrec = 0, i, j, gcap = 0;
	struct span sp;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (o->lo >= o->hi)
		return tix_errf(err, "the period must start before it ends");
	if (o->compare && (o->lo == INT64_MIN || o->hi == INT64_MAX))
		return tix_errf(err, "a comparison with the previous period needs a period "
				"with a start and an end");
	memset(&sp, 0, sizeof(sp));
	sp.lo = o->lo;
	sp.hi = o->hi;
	sp.compare = o->compare;
	sp.window = o->window;
	sp.as_of = o->as_of;
	sp.as_of_prev = o->as_of < o->lo ? o->as_of : o->lo;
	if (o->compare) {
		int64_t len;

		if (__builtin_sub_overflow(o->hi, o->lo, &len) ||
		    __builtin_sub_overflow(o->lo, len, &sp.plo) || sp.plo == INT64_MIN)
			return tix_errf(err, "the period is too long to compare with the one before");
	}
	sp.from = o->compare ? sp.plo : sp.lo;
	if (sp.from != INT64_MIN && sp.window > 0)
		sp.from = sub_sat(sp.from, sp.window);
	if (!(pv = calloc(1, sizeof(*pv))))
		return tix_errf(err, "out of memory");
	out->priv = pv;
	out->compared = !!o->compare;
	tix_intern_init(&pv->groups);
	if (scan(s, by, &sp, o->sv, pv, &rec, &nrec, err) < 0)
		goto done;
	/* each group's records together, a requester's tickets in order: a
	   repeat contact is a ticket whose requester's previous ticket in the
	   group came at most window before it */
	if (nrec)
		qsort(rec, nrec, sizeof(*rec), by_rec);
	for (i = 1; i < nrec; i++)
		if (rec[i].who != NONE && rec[i].g == rec[i - 1].g && rec[i].who == rec[i - 1].who &&
		    sub_sat(rec[i].created, rec[i - 1].created) <= o->window)
			rec[i].flags |= F_REPEAT;
	/* room for the durations of the largest group: four lists */
	for (i = 0, gcap = 0; i < nrec; i = j) {
		for (j = i; j < nrec && rec[j].g == rec[i].g; j++)
			;
		if (j - i > gcap)
			gcap = j - i;
	}
	if (gcap && (!(buf = malloc(4 * gcap * sizeof(*buf))) ||
		     !(out->g = calloc(pv->groups.n, sizeof(*out->g)))))
		goto nomem;
	for (i = 0; i < nrec; i = j) {
		struct tix_kpi_group g;
		double *v = buf, *w = buf + gcap, *pv_ = buf + 2 * gcap, *pw = buf + 3 * gcap;
		int f;

		for (j = i; j < nrec && rec[j].g == rec[i].g; j++)
			;
		memset(&g, 0, sizeof(g));
		for (f = 0; f < TIX_KPI_NFIGURES; f++)
			g.p[f] = NAN;
		figures(rec + i, j - i, 0, v, w, &g.cur);
		if (o->compare)
			figures(rec + i, j - i, 1, pv_, pw, &g.prev);
		if (empty(&g.cur) && (!o->compare || empty(&g.prev)))
			continue;	/* only looked back at */
		if (o->compare) {
			double p;

			g.p[TIX_KPI_TICKETS] = tix_test_counts(g.cur.tickets, g.prev.tickets);
			g.p[TIX_KPI_SOLVED] = tix_test_counts(g.cur.solved, g.prev.solved);
			if (tix_test_durations(v, g.cur.first_reply_n, pv_, g.prev.first_reply_n,
					       &p) < 0)
				goto nomem;
			g.p[TIX_KPI_FIRST_REPLY_P50] = g.p[TIX_KPI_FIRST_REPLY_P90] = p;
			if (tix_test_durations(w, g.cur.resolution_n, pw, g.prev.resolution_n, &p) < 0)
				goto nomem;
			g.p[TIX_KPI_RESOLUTION_P50] = g.p[TIX_KPI_RESOLUTION_P90] = p;
			g.p[TIX_KPI_SLA_BREACH_RATE] = tix_test_proportions(
				g.cur.sla_breached, g.cur.sla_checked, g.prev.sla_breached,
				g.prev.sla_checked);
			g.p[TIX_KPI_REOPEN_RATE] = tix_test_proportions(
				g.cur.reopened, g.cur.reopen_known, g.prev.reopened,
				g.prev.reopen_known);
			g.p[TIX_KPI_REPEAT_RATE] = tix_test_proportions(
				g.cur.repeats, g.cur.tickets, g.prev.repeats, g.prev.tickets);
			g.p[TIX_KPI_CSAT_GOOD_RATE] = tix_test_proportions(
				g.cur.csat_good, g.cur.csat_rated, g.prev.csat_good, g.prev.csat_rated);
		}
		g.name = tix_intern_str(&pv->groups, rec[i].g);
		out->g[out->n++] = g;
	}
	if (out->n)
		qsort(out->g, out->n, sizeof(*out->g), by_group);
	ret = 0;
	goto done;
nomem:
	tix_errf(err, "out of memory");
done:
	free(buf);
	free(rec);
	return ret;
}

void tix_kpi_free(struct tix_kpi_table *t)
{
	struct priv *pv = t->priv;

	if (pv) {
		tix_intern_release(&pv->groups);
		free(pv);
	}
	free(t->g);
	memset(t, 0, sizeof(*t));
}
