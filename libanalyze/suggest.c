/* suggest.c - failure rates per fix and the verdict rule; see suggest.h. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "intern.h"
#include "recur.h"
#include "store.h"
#include "suggest.h"
#include "tix.h"

#define Z95 1.959964

static void rate(size_t k, size_t n, double *r, double *lo, double *hi)
{
	*r = n ? (double)k / (double)n : NAN;
	tix_wilson(k, n, Z95, lo, hi);
}

void tix_fix_rates(struct tix_fix *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		rate(f[i].reopened, f[i].tickets, &f[i].reopen_rate, &f[i].reopen_low,
		     &f[i].reopen_high);
		rate(f[i].repeats, f[i].tickets, &f[i].repeat_rate, &f[i].repeat_low,
		     &f[i].repeat_high);
		rate(f[i].failures, f[i].tickets, &f[i].failure_rate, &f[i].failure_low,
		     &f[i].failure_high);
		f[i].csat_good_rate = f[i].csat_rated ?
			(double)f[i].csat_good / (double)f[i].csat_rated : NAN;
	}
}

double tix_fisher_greater(size_t k1, size_t n1, size_t k2, size_t n2)
{
	double p;

	if (!n1 || !n2)
		return NAN;
	if (!k2)
		return 1;
	tix_gsl_init();
	/* X, the failures of row 2, is hypergeometric: k1 + k2 failures drawn
	   from n2 tickets of row 2 and n1 of row 1; P(X >= k2) = P(X > k2 - 1) */
	p = gsl_cdf_hypergeometric_Q((unsigned)(k2 - 1), (unsigned)n2, (unsigned)n1,
				     (unsigned)(k1 + k2));
	if (!isfinite(p))
		return NAN;
	return p < 0 ? 0 : p > 1 ? 1 : p;
}

const char *tix_verdict_name(enum tix_verdict v)
{
	return v == TIX_BEST ? "best" : v == TIX_WORSE ? "worse" : "unclear";
}

/* f[a] before f[b] as the reference: lower failure rate, then more tickets */
static int better(const struct tix_fix *f, size_t a, size_t b)
{
	/* compare k_a / n_a < k_b / n_b exactly, in integers */
	double lhs = (double)f[a].failures * (double)f[b].tickets;
	double rhs = (double)f[b].failures * (double)f[a].tickets;

	if (lhs != rhs)
		return lhs < rhs;
	return f[a].tickets > f[b].tickets;
}

struct cmp {
	double p;
	size_t i;
};

static int by_p(const void *x, const void *y)
{
	const struct cmp *a = x, *b = y;

	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

long tix_fix_verdicts(struct tix_fix *f, size_t n, size_t min_tickets, double alpha)
{
	struct cmp stack[64], *c = stack;
	size_t i, m = 0, ref = (size_t)-1, worse = 0;
	double running = 0;

	if (!min_tickets)
		min_tickets = 1;
	for (i = 0; i < n; i++) {
		f[i].verdict = TIX_UNCLEAR;
		f[i].reference = 0;
		f[i].p_worse = NAN;
		if (f[i].tickets < min_tickets)
			continue;
		if (ref == (size_t)-1 || better(f, i, ref))
			ref = i;
		m++;
	}
	if (ref != (size_t)-1)
		f[ref].reference = 1;
	if (m < 2)
		return -1;
	if (m - 1 > sizeof(stack) / sizeof(stack[0]) && !(c = malloc((m - 1) * sizeof(*c))))
		return -1;	/* no memory: no verdict, which is never wrong */
	m = 0;
	for (i = 0; i < n; i++)
		if (i != ref && f[i].tickets >= min_tickets) {
			c[m].p = tix_fisher_greater(f[ref].failures, f[ref].tickets,
						    f[i].failures, f[i].tickets);
			c[m++].i = i;
		}
	/* Holm: the k-th smallest p (from 0) must be below alpha / (m - k),
	   stopping at the first that is not; the adjusted p is the running
	   maximum of (m - k) p, at most 1 */
	qsort(c, m, sizeof(*c), by_p);
	for (i = 0; i < m; i++) {
		double adj = (double)(m - i) * c[i].p;

		if (adj > running)
			running = adj;
		f[c[i].i].p_worse = running < 1 ? running : 1;
	}
	for (i = 0; i < m; i++) {
		if (!(c[i].p < alpha / (double)(m - i)))
			break;
		f[c[i].i].verdict = TIX_WORSE;
		worse++;
	}
	if (c != stack)
		free(c);
	if (worse == m) {
		f[ref].verdict = TIX_BEST;
		return (long)ref;
	}
	return -1;
}

/* ---------- the table of a database ---------- */

/* One ticket with a fix, in one group. */
struct rec {
	uint32_t g, f;
	unsigned char reopened, repeat;
	signed char csat;	/* 1 good, 0 bad, -1 none */
	double hours;		/* NAN when not solved */
};

/* A requester's ticket, for the next contact. */
struct contact {
	uint32_t who;
	int64_t at;
};

struct priv {
	struct tix_intern groups, fixes;
};

static int by_contact(const void *pa, const void *pb)
{
	const struct contact *a = pa, *b = pb;

	if (a->who != b->who)
		return a->who < b->who ? -1 : 1;
	return (a->at > b->at) - (a->at < b->at);
}

static int by_rec(const void *pa, const void *pb)
{
	const struct rec *a = pa, *b = pb;

	if (a->g != b->g)
		return a->g < b->g ? -1 : 1;
	if (a->f != b->f)
		return a->f < b->f ? -1 : 1;
	/* NAN last */
	if (isnan(a->hours) || isnan(b->hours))
		return isnan(a->hours) - isnan(b->hours);
	return (a->hours > b->hours) - (a->hours < b->hours);
}

static int vrank(enum tix_verdict v)
{
	return v == TIX_BEST ? 0 : v == TIX_UNCLEAR ? 1 : 2;
}

static int by_row(const void *pa, const void *pb)
{
	const struct tix_suggest_row *a = pa, *b = pb;
	int c;

	if (a->group_tickets != b->group_tickets)
		return a->group_tickets > b->group_tickets ? -1 : 1;
	if (a->group != b->group)
		return strcmp(a->group, b->group);
	if ((c = vrank(a->f.verdict) - vrank(b->f.verdict)))
		return c;
	if (a->f.tickets != b->f.tickets)
		return a->f.tickets > b->f.tickets ? -1 : 1;
	return strcmp(a->fix, b->fix);
}

static int sql_err(struct tix_store *s, char *err)
{
	return tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

/* The first contact of who after t, or INT64_MAX: c[0..n) sorted. */
static int64_t next_after(const struct contact *c, size_t n, uint32_t who, int64_t t)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c[mid].who < who || (c[mid].who == who && c[mid].at <= t))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && c[lo].who == who ? c[lo].at : INT64_MAX;
}

#define GROW(p, n, cap)                                                   \
	((n) < (cap) ? 0 :                                                \
	 ((cap) = (cap) ? 2 * (cap) : 1024,                               \
	  ((p) = realloc_or_free((p), (cap) * sizeof(*(p)))) ? 0 : -1))

static void *realloc_or_free(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (!q)
		free(p);
	return q;
}

int tix_suggest_compute(struct tix_store *s, const struct tix_groupby *by,
			const struct tix_suggest_opts *o, struct tix_suggest *out, char *err)
{
	struct contact *con = NULL;
	struct rec *rec = NULL;
	struct tix_intern req;
	struct priv *pv;
	struct tix_reopens ro = { 0 };
	sqlite3_stmt *st = NULL;
	size_t ncon = 0, ccap = 0, nrec = 0, rcap = 0, rowcap = 0, i, j, k;
	char sql[1024];
	int rc, all = o->lo == INT64_MIN && o->hi == INT64_MAX;

	memset(out, 0, sizeof(*out));
	tix_intern_init(&req);
	if (!(pv = calloc(1, sizeof(*pv))))
		return tix_errf(err, "out of memory");
	out->priv = pv;
	tix_intern_init(&pv->groups);
	tix_intern_init(&pv->fixes);
	if (tix_reopens_load(s, &ro, err) < 0)
		goto fail;
	/* every requester's tickets, whatever the period: a repeat may come
	   after the period's end */
	if (tix_store_prepare(s, &st, "SELECT requester, created FROM ticket"
			      " WHERE requester IS NOT NULL AND requester <> ''"
			      " AND created IS NOT NULL", err) < 0)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *who = (const char *)sqlite3_column_text(st, 0);
		long r = tix_intern(&req, who, strlen(who));

		if (r < 0 || GROW(con, ncon, ccap) < 0)
			goto oom;
		con[ncon].who = (uint32_t)r;
		con[ncon++].at = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;
	if (ncon)
		qsort(con, ncon, sizeof(*con), by_contact);
	snprintf(sql, sizeof(sql),
		 "SELECT id, created, solved, requester, resolution, reopens, csat, %s FROM ticket"
		 " WHERE (created >= ?1 AND created < ?2) OR (?4 AND created IS NULL)", by->expr);
	if (tix_store_prepare(s, &st, sql, err) < 0)
		goto fail;
	sqlite3_bind_int64(st, 1, o->lo);
	sqlite3_bind_int64(st, 2, o->hi);
	if (by->json)
		sqlite3_bind_text(st, 3, by->path, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, all);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *fix = (const char *)sqlite3_column_text(st, 4);
		const char *who = (const char *)sqlite3_column_text(st, 3);
		const char *csat = (const char *)sqlite3_column_text(st, 6);
		const char *name = (const char *)sqlite3_column_text(st, 7);
		struct rec r;
		size_t fl;
		long f;

		out->tickets++;
		while (fix && (*fix == ' ' || *fix == '\t'))
			fix++;
		if (!fix || !*fix)
			continue;
		out->with_fix++;
		fl = strlen(fix);
		while (fl && (fix[fl - 1] == ' ' || fix[fl - 1] == '\t'))
			fl--;
		if ((f = tix_intern(&pv->fixes, fix, fl)) < 0)
			goto oom;
		memset(&r, 0, sizeof(r));
		r.f = (uint32_t)f;
		/* a reopen the data cannot show counts as none */
		r.reopened = tix_reopen_state(&ro, id, sqlite3_column_type(st, 5) != SQLITE_NULL,
					      sqlite3_column_int64(st, 5), NULL) == TIX_REOPEN_YES;
		r.hours = NAN;
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			int64_t created = sqlite3_column_int64(st, 1), base = created;

			if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
				int64_t solved = sqlite3_column_int64(st, 2);

				if (solved >= created) {
					r.hours = (double)(solved - created) / 3600;
					base = solved;
				}
			}
			if (who && *who) {
				long w = tix_intern_find(&req, who, strlen(who));

				if (w >= 0) {
					int64_t next = next_after(con, ncon, (uint32_t)w, base);

					r.repeat = next != INT64_MAX && next - base <= o->window;
				}
			}
		}
		r.csat = !csat ? -1 : !strcmp(csat, "good") ? 1 : !strcmp(csat, "bad") ? 0 : -1;
		if (!name || !*name)
			name = "(none)";
		/* one record per group: with --by tag, per tag */
		while (*name) {
			size_t len = by->tag ? strcspn(name, ",") : strlen(name);
			long g;

			if (len) {
				if ((g = tix_intern(&pv->groups, name, len)) < 0 ||
				    GROW(rec, nrec, rcap) < 0)
					goto oom;
				r.g = (uint32_t)g;
				rec[nrec++] = r;
			}
			name += len;
			name += *name == ',';
		}
	}
	if (rc != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;
	tix_reopens_release(&ro);
	free(con);
	con = NULL;
	tix_intern_release(&req);
	/* one row per (group, fix) */
	if (nrec)
		qsort(rec, nrec, sizeof(*rec), by_rec);
	for (i = 0; i < nrec; i = j) {
		struct tix_suggest_row *row;
		size_t solved = 0;

		for (j = i; j < nrec && rec[j].g == rec[i].g && rec[j].f == rec[i].f; j++)
			;
		if (GROW(out->row, out->n, rowcap) < 0)
			goto oom;
		row = &out->row[out->n++];
		memset(row, 0, sizeof(*row));
		row->group = tix_intern_str(&pv->groups, rec[i].g);
		row->fix = tix_intern_str(&pv->fixes, rec[i].f);
		for (k = i; k < j; k++) {
			row->f.tickets++;
			row->f.reopened += rec[k].reopened;
			row->f.repeats += rec[k].repeat;
			row->f.failures += rec[k].reopened || rec[k].repeat;
			row->f.csat_rated += rec[k].csat >= 0;
			row->f.csat_good += rec[k].csat == 1;
			solved += !isnan(rec[k].hours);
		}
		/* the hours are sorted, NAN last */
		row->median_hours = !solved ? NAN : solved % 2 ? rec[i + solved / 2].hours :
			(rec[i + solved / 2 - 1].hours + rec[i + solved / 2].hours) / 2;
	}
	free(rec);
	rec = NULL;
	/* per group: rates, verdicts, volume */
	for (i = 0; i < out->n; i = j) {
		size_t vol = 0;

		for (j = i; j < out->n && out->row[j].group == out->row[i].group; j++)
			vol += out->row[j].f.tickets;
		for (k = i; k < j; k++) {
			out->row[k].group_tickets = vol;
			tix_fix_rates(&out->row[k].f, 1);
		}
		out->ngroups++;
		{
			/* the verdicts work on a contiguous array of fixes */
			struct tix_fix *tmp = malloc((j - i) * sizeof(*tmp));

			if (!tmp)
				goto oom;
			for (k = i; k < j; k++)
				tmp[k - i] = out->row[k].f;
			tix_fix_verdicts(tmp, j - i, o->min_tickets, o->alpha);
			for (k = i; k < j; k++)
				out->row[k].f = tmp[k - i];
			free(tmp);
		}
	}
	if (out->n)
		qsort(out->row, out->n, sizeof(*out->row), by_row);
	return 0;
sqlfail:
	sql_err(s, err);
	goto fail;
oom:
	tix_errf(err, "out of memory");
fail:
	if (st)
		sqlite3_finalize(st);
	tix_reopens_release(&ro);
	free(con);
	free(rec);
	tix_intern_release(&req);
	return -1;
}

void tix_suggest_free(struct tix_suggest *sg)
{
	struct priv *pv = sg->priv;

	if (pv) {
		tix_intern_release(&pv->groups);
		tix_intern_release(&pv->fixes);
		free(pv);
	}
	free(sg->row);
	memset(sg, 0, sizeof(*sg));
}
