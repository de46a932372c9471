/* test_kpi.c - the figures of kpi.h on a hand-made database, every one
   worked out by hand below (the ticket list says why each counts). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kpi.h"
#include "rules.h"
#include "stats.h"
#include "store.h"
#include "tix.h"
#include "unit.h"

#define NEAR(a, b) (fabs((a) - (b)) <= 1e-9)
#define H 3600
#define D 86400
/* the period: Monday 2026-01-05 00:00 UTC to the next Monday */
#define L INT64_C(1767571200)
#define HI (L + 7 * D)
#define NUL INT64_MIN		/* a NULL time */

struct t {
	int id;
	const char *category;
	int64_t created, solved;
	const char *status, *priority, *requester;
	double reply_min;	/* NAN: NULL */
	int reopens;		/* -1: NULL */
	const char *csat, *tags, *extra;
};

/*
 * Targets (set below): urgent 1h / 4h, high 4h / 1d, normal 8h / 3d, low
 * none.  u1..u12 are requesters.  In the comments: cur = [L, HI), prev =
 * [L - 7d, L), and what each ticket adds.
 */
static const struct t tickets[] = {
	/* cur, A; solved 2h; met; good; created at lo: in the period */
	{ 1, "A", L, L + 2 * H, "solved", "urgent", "u1", 30, 0, "good", "vip,billing",
	  "{\"Region\":\"EU\"}" },
	/* cur, A; solved 10h; first reply 90 min > 1h: breached; reopened */
	{ 2, "A", L + 2 * H, L + 12 * H, "solved", "urgent", "u2", 90, 1, "bad", "billing",
	  "{\"Region\":\"US\"}" },
	/* cur, A; solved 30h > 1d: breached; reopened by its history (no
	   counter); u1 again after 1d: a repeat; csat a number: not rated */
	{ 3, "A", L + 1 * D, L + 1 * D + 30 * H, "closed", "high", "u1", 120, -1, "4",
	  "billing,billing", NULL },
	/* cur, A; no priority: normal's; open, 3d passed at L + 5d < HI:
	   breached; backlog */
	{ 4, "A", L + 2 * D, NUL, "open", NULL, "u3", NAN, 0, NULL, NULL, NULL },
	/* cur, A; open, 3d not passed by HI: met; u3 again after 4d: a repeat;
	   a reopen in the history, but the counter says 0; backlog */
	{ 5, "A", L + 6 * D, NUL, "pending", "normal", "u3", 60, 0, NULL, NULL, NULL },
	/* cur, A; low: not checked; solved 5h; no requester */
	{ 6, "A", L + 3 * D, L + 3 * D + 5 * H, "solved", "low", NULL, 600, 0, "good", NULL,
	  NULL },
	/* cur, A; closed without a solved time: not backlog, met; a negative
	   first reply is none; u4 after exactly 7d (ticket 8): a repeat */
	{ 7, "A", L + 4 * D, NUL, "closed", "normal", "u4", -5, 0, "good", NULL, NULL },
	/* cur, A; solved after HI: backlog, not solved; 2d 1h > 4h: breached */
	{ 14, "A", L + 5 * D, HI + H, "solved", "urgent", "u5", 30, 0, NULL, NULL, NULL },
	/* prev, A; first reply 5h > 4h: breached; solved 2h */
	{ 8, "A", L - 3 * D, L - 3 * D + 2 * H, "closed", "high", "u4", 300, 0, "bad", NULL,
	  NULL },
	/* prev, A; low; solved 24h; reopened twice; u6 after 4d (ticket 9): a
	   repeat */
	{ 15, "A", L - 6 * D, L - 5 * D, "closed", "low", "u6", 60, 2, "good", NULL, NULL },
	/* prev, A; open past 4h at L: breached; u6 after 1d: a repeat;
	   backlog at L and at HI */
	{ 16, "A", L - 5 * D, NUL, "open", "urgent", "u6", NAN, 0, NULL, NULL, NULL },
	/* before both, A; solved in cur after 11d (264h); backlog at L */
	{ 9, "A", L - 10 * D, L + 1 * D, "solved", "normal", "u6", NAN, 0, NULL, NULL, NULL },
	/* long ago, A, on hold: backlog at L and at HI */
	{ 10, "A", L - 30 * D, NUL, "hold", "normal", "u9", NAN, 0, NULL, NULL, NULL },
	/* long ago, solved long ago: nothing */
	{ 11, "A", L - 20 * D, L - 15 * D, "closed", "normal", "u9", NAN, 0, NULL, NULL, NULL },
	/* created at HI: not in the period, not its backlog */
	{ 12, "A", HI, NUL, "open", "normal", "u10", NAN, 0, NULL, NULL, NULL },
	/* no created time, solved in cur: solved, no resolution time */
	{ 13, "A", NUL, L + 2 * D, "solved", "normal", "u11", NAN, 0, NULL, NULL, NULL },
	/* prev, B: solved 1h, met, good; u1 here is no repeat in A */
	{ 17, "B", L - 3 * D, L - 3 * D + H, "solved", "urgent", "u1", 10, 0, "good", NULL,
	  NULL },
	/* cur, no category; new, 3d passed at L + 4d: breached; u8 after 7d
	   and 1s: no repeat */
	{ 19, NULL, L + 1 * D, NUL, "new", "normal", "u8", NAN, 0, NULL, NULL, NULL },
	/* prev, no category; low; solved 1h */
	{ 24, NULL, L - 6 * D - 1, L - 6 * D - 1 + H, "closed", "low", "u8", NAN, 0, NULL, NULL,
	  NULL },
	/* prev, E; open, its 3d target passes at L + 2d: after the end of
	   prev (met there), before HI; backlog at L and at HI */
	{ 25, "E", L - 1 * D, NUL, "open", "normal", "u13", NAN, 0, NULL, NULL, NULL },
	/* before both, D: only looked back at, never listed */
	{ 21, "D", L - 10 * D, L - 9 * D, "closed", "normal", "u12", NAN, 0, NULL, NULL, NULL },
};

static int exec(struct tix_store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_time(sqlite3_stmt *st, int i, int64_t v)
{
	if (v == NUL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static struct tix_store *make_db(const struct t *tk, size_t n)
{
	char err[TIX_ERRSZ];
	struct tix_store *s = tix_store_open(":memory:", TIX_STORE_CREATE, err);
	sqlite3_stmt *st;
	size_t i;

	CHECK(s != NULL);
	if (!s)
		return NULL;
	CHECK(exec(s, "INSERT INTO ingest_batch(id, file, started) VALUES (1, 't.csv', 0)") == 0);
	CHECK(sqlite3_prepare_v2(s->db, "INSERT INTO ticket(id, source, ext_id, category, created,"
				 " solved, status, priority, requester, first_reply_min, reopens,"
				 " csat, tags, extra, batch_id, row_hash)"
				 " VALUES (?1, 't', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
				 " ?12, 1, 0)", -1, &st, NULL) == SQLITE_OK);
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, tk[i].id);
		bind_text(st, 2, tk[i].category);
		bind_time(st, 3, tk[i].created);
		bind_time(st, 4, tk[i].solved);
		bind_text(st, 5, tk[i].status);
		bind_text(st, 6, tk[i].priority);
		bind_text(st, 7, tk[i].requester);
		if (isnan(tk[i].reply_min))
			sqlite3_bind_null(st, 8);
		else
			sqlite3_bind_double(st, 8, tk[i].reply_min);
		if (tk[i].reopens < 0)
			sqlite3_bind_null(st, 9);
		else
			sqlite3_bind_int(st, 9, tk[i].reopens);
		bind_text(st, 10, tk[i].csat);
		bind_text(st, 11, tk[i].tags);
		bind_text(st, 12, tk[i].extra);
		CHECK_EQ_I64(sqlite3_step(st), SQLITE_DONE);
	}
	sqlite3_finalize(st);
	return s;
}

static const struct tix_kpi_group *find(const struct tix_kpi_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->g[i].name, name))
			return &t->g[i];
	return NULL;
}

static void opts(struct tix_kpi_opts *o, const struct tix_severity *sv, int compare)
{
	memset(o, 0, sizeof(*o));
	o->lo = L;
	o->hi = HI;
	o->as_of = HI;
	o->window = 7 * D;
	o->compare = compare;
	o->sv = sv;
}

/* every rate and percentile NAN, every count 0 */
static int all_empty(const struct tix_kpi *k)
{
	return !k->tickets && !k->solved && !k->backlog && !k->first_reply_n &&
	       !k->resolution_n && !k->sla_checked && !k->csat_rated &&
	       isnan(k->first_reply_p50) && isnan(k->first_reply_p90) &&
	       isnan(k->resolution_p50) && isnan(k->resolution_p90) &&
	       isnan(k->sla_breach_rate) && isnan(k->reopen_rate) && isnan(k->repeat_rate) &&
	       isnan(k->csat_good_rate);
}

/* group A of the current period (by category) */
static void check_a_cur(const struct tix_kpi *k)
{
	CHECK_EQ_I64(k->tickets, 8);		/* 1 2 3 4 5 6 7 14 */
	CHECK_EQ_I64(k->solved, 6);		/* 1 2 3 6 9 13 */
	CHECK_EQ_I64(k->backlog, 5);		/* 4 5 10 14 16 */
	/* first replies in hours, sorted: .5 .5 1 1.5 2 10; p50 at h = 2.5:
	   1 + .5 (1.5 - 1); p90 at h = 4.5: 2 + .5 (10 - 2) */
	CHECK_EQ_I64(k->first_reply_n, 6);
	CHECK(NEAR(k->first_reply_p50, 1.25));
	CHECK(NEAR(k->first_reply_p90, 6.0));
	/* resolution: 2 5 10 30 264; p90 at h = 3.6: 30 + .6 (264 - 30) */
	CHECK_EQ_I64(k->resolution_n, 5);
	CHECK(NEAR(k->resolution_p50, 10));
	CHECK(NEAR(k->resolution_p90, 170.4));
	/* checked: all but the low one (6); breached: 2 3 4 14 */
	CHECK_EQ_I64(k->sla_checked, 7);
	CHECK_EQ_I64(k->sla_breached, 4);
	CHECK(NEAR(k->sla_breach_rate, 4.0 / 7));
	CHECK_EQ_I64(k->reopened, 2);		/* 2 (counter), 3 (history) */
	CHECK(NEAR(k->reopen_rate, 0.25));
	CHECK_EQ_I64(k->repeats, 3);		/* 3 5 7 */
	CHECK(NEAR(k->repeat_rate, 3.0 / 8));
	CHECK_EQ_I64(k->csat_rated, 4);
	CHECK_EQ_I64(k->csat_good, 3);
	CHECK(NEAR(k->csat_good_rate, 0.75));
}

static void check_a_prev(const struct tix_kpi *k)
{
	CHECK_EQ_I64(k->tickets, 3);		/* 8 15 16 */
	CHECK_EQ_I64(k->solved, 2);		/* 8 15 */
	CHECK_EQ_I64(k->backlog, 3);		/* 9 10 16 */
	CHECK_EQ_I64(k->first_reply_n, 2);	/* 1 and 5 hours */
	CHECK(NEAR(k->first_reply_p50, 3));
	CHECK(NEAR(k->first_reply_p90, 4.6));
	CHECK_EQ_I64(k->resolution_n, 2);	/* 2 and 24 */
	CHECK(NEAR(k->resolution_p50, 13));
	CHECK(NEAR(k->resolution_p90, 21.8));
	CHECK_EQ_I64(k->sla_checked, 2);	/* 8 16 */
	CHECK_EQ_I64(k->sla_breached, 2);
	CHECK(NEAR(k->sla_breach_rate, 1));
	CHECK_EQ_I64(k->reopened, 1);		/* 15 */
	CHECK(NEAR(k->reopen_rate, 1.0 / 3));
	CHECK_EQ_I64(k->repeats, 2);		/* 15 (after 9, before the period) 16 */
	CHECK(NEAR(k->repeat_rate, 2.0 / 3));
	CHECK(NEAR(k->csat_good_rate, 0.5));
}

int main(void)
{
	struct tix_severity sv;
	struct tix_store *s;
	struct tix_groupby by;
	struct tix_kpi_opts o;
	struct tix_kpi_table t;
	const struct tix_kpi_group *g;
	char err[TIX_ERRSZ];
	int f;

	/* names and values */
	CHECK_EQ_STR(tix_kpi_figure_name(TIX_KPI_TICKETS), "tickets");
	CHECK_EQ_STR(tix_kpi_figure_name(TIX_KPI_FIRST_REPLY_P50), "first_reply_p50");
	CHECK_EQ_STR(tix_kpi_figure_name(TIX_KPI_CSAT_GOOD_RATE), "csat_good_rate");
	CHECK(tix_kpi_figure_name(TIX_KPI_NFIGURES) == NULL);
	{
		struct tix_kpi k;

		memset(&k, 0, sizeof(k));
		k.tickets = 1;
		k.solved = 2;
		k.backlog = 3;
		k.first_reply_p50 = 4;
		k.first_reply_p90 = 5;
		k.resolution_p50 = 6;
		k.resolution_p90 = 7;
		k.sla_breach_rate = 8;
		k.reopen_rate = 9;
		k.repeat_rate = 10;
		k.csat_good_rate = 11;
		for (f = 0; f < TIX_KPI_NFIGURES; f++)
			CHECK(tix_kpi_value(&k, (enum tix_kpi_figure)f) == f + 1);
		CHECK(isnan(tix_kpi_value(&k, TIX_KPI_NFIGURES)));
	}

	CHECK(tix_severity_load(&sv, NULL, err) == 0);
	sv.sla_first[0] = sv.sla_resolve[0] = 0;	/* low: no target */
	sv.sla_first[1] = 8 * H;
	sv.sla_resolve[1] = 3 * D;
	sv.sla_first[2] = 4 * H;
	sv.sla_resolve[2] = 1 * D;
	sv.sla_first[3] = 1 * H;
	sv.sla_resolve[3] = 4 * H;
	if (!(s = make_db(tickets, sizeof(tickets) / sizeof(tickets[0]))))
		TEST_DONE();
	CHECK(exec(s, "INSERT INTO ticket_history(ticket_id, batch_id, at, field, old_value,"
		      " new_value) VALUES (3, 1, 0, 'status', 'solved', 'open'),"
		      " (5, 1, 0, 'status', 'closed', 'open')") == 0);

	/* by category, no comparison: A, (none), then E (its backlog); B (only
	   in prev) and D (only looked back at) are not listed */
	CHECK(tix_groupby_parse("category", &by) == 0);
	opts(&o, &sv, 0);
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);
	CHECK_EQ_I64(t.n, 3);
	CHECK_EQ_I64(t.compared, 0);
	if (t.n == 3) {
		CHECK_EQ_STR(t.g[2].name, "E");
		CHECK_EQ_I64(t.g[2].cur.tickets, 0);
		CHECK_EQ_I64(t.g[2].cur.backlog, 1);
		CHECK(isnan(t.g[2].cur.sla_breach_rate));
		CHECK_EQ_STR(t.g[0].name, "A");
		CHECK_EQ_STR(t.g[1].name, "(none)");
		check_a_cur(&t.g[0].cur);
		for (f = 0; f < TIX_KPI_NFIGURES; f++)
			CHECK(isnan(t.g[0].p[f]));
		g = &t.g[1];
		CHECK_EQ_I64(g->cur.tickets, 1);
		CHECK_EQ_I64(g->cur.solved, 0);
		CHECK_EQ_I64(g->cur.backlog, 1);
		CHECK(isnan(g->cur.first_reply_p50) && isnan(g->cur.first_reply_p90));
		CHECK(isnan(g->cur.resolution_p50) && isnan(g->cur.resolution_p90));
		CHECK(NEAR(g->cur.sla_breach_rate, 1));
		CHECK(NEAR(g->cur.reopen_rate, 0));
		CHECK(NEAR(g->cur.repeat_rate, 0));	/* 7 days and 1 second */
		CHECK(isnan(g->cur.csat_good_rate));
	}
	tix_kpi_free(&t);
	CHECK(t.g == NULL && t.n == 0 && t.priv == NULL);

	/* by category, compared with the week before */
	opts(&o, &sv, 1);
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);
	CHECK_EQ_I64(t.n, 4);
	CHECK_EQ_I64(t.compared, 1);
	if (t.n == 4) {
		double x[6] = { .5, .5, 1, 1.5, 2, 10 }, y[2] = { 1, 5 }, p;
		double rx[5] = { 2, 5, 10, 30, 264 }, ry[2] = { 2, 24 };

		CHECK_EQ_STR(t.g[0].name, "A");
		CHECK_EQ_STR(t.g[1].name, "(none)");
		CHECK_EQ_STR(t.g[2].name, "B");
		g = &t.g[0];
		check_a_cur(&g->cur);
		check_a_prev(&g->prev);
		CHECK(g->p[TIX_KPI_TICKETS] == tix_test_counts(8, 3));
		CHECK(g->p[TIX_KPI_SOLVED] == tix_test_counts(6, 2));
		CHECK(isnan(g->p[TIX_KPI_BACKLOG]));
		CHECK(tix_test_durations(x, 6, y, 2, &p) == 0);
		CHECK(g->p[TIX_KPI_FIRST_REPLY_P50] == p && g->p[TIX_KPI_FIRST_REPLY_P90] == p);
		CHECK(tix_test_durations(rx, 5, ry, 2, &p) == 0);
		CHECK(g->p[TIX_KPI_RESOLUTION_P50] == p && g->p[TIX_KPI_RESOLUTION_P90] == p);
		CHECK(g->p[TIX_KPI_SLA_BREACH_RATE] == tix_test_proportions(4, 7, 2, 2));
		CHECK(g->p[TIX_KPI_REOPEN_RATE] == tix_test_proportions(2, 8, 1, 3));
		CHECK(g->p[TIX_KPI_REPEAT_RATE] == tix_test_proportions(3, 8, 2, 3));
		CHECK(g->p[TIX_KPI_CSAT_GOOD_RATE] == tix_test_proportions(3, 4, 1, 2));
		for (f = 0; f < TIX_KPI_NFIGURES; f++)
			CHECK(f == TIX_KPI_BACKLOG || (g->p[f] >= 0 && g->p[f] <= 1));
		/* (none): one ticket now, one before */
		g = &t.g[1];
		CHECK_EQ_I64(g->cur.tickets, 1);
		CHECK_EQ_I64(g->prev.tickets, 1);
		CHECK_EQ_I64(g->prev.solved, 1);
		CHECK_EQ_I64(g->prev.backlog, 0);
		CHECK(NEAR(g->prev.resolution_p50, 1) && NEAR(g->prev.resolution_p90, 1));
		CHECK(isnan(g->prev.sla_breach_rate));	/* low: not checked */
		CHECK(NEAR(g->p[TIX_KPI_TICKETS], 1));
		CHECK(isnan(g->p[TIX_KPI_FIRST_REPLY_P50]));	/* no reply on either side */
		CHECK(isnan(g->p[TIX_KPI_RESOLUTION_P50]));	/* none solved now */
		CHECK(isnan(g->p[TIX_KPI_SLA_BREACH_RATE]));
		CHECK(isnan(g->p[TIX_KPI_CSAT_GOOD_RATE]));
		CHECK(g->p[TIX_KPI_REOPEN_RATE] == tix_test_proportions(0, 1, 0, 1));
		/* B: tickets only before: zeros now, NAN rates, its figures before */
		g = &t.g[2];
		CHECK(all_empty(&g->cur));
		CHECK_EQ_I64(g->prev.tickets, 1);
		CHECK_EQ_I64(g->prev.solved, 1);
		CHECK(NEAR(g->prev.first_reply_p50, 10.0 / 60));
		CHECK(NEAR(g->prev.resolution_p90, 1));
		CHECK(NEAR(g->prev.sla_breach_rate, 0));
		CHECK(NEAR(g->prev.repeat_rate, 0));	/* u1's first ticket in B */
		CHECK(NEAR(g->prev.csat_good_rate, 1));
		CHECK(g->p[TIX_KPI_TICKETS] == tix_test_counts(0, 1));
		CHECK(g->p[TIX_KPI_SOLVED] == tix_test_counts(0, 1));
		CHECK(isnan(g->p[TIX_KPI_FIRST_REPLY_P90]));
		CHECK(isnan(g->p[TIX_KPI_REOPEN_RATE]) && isnan(g->p[TIX_KPI_REPEAT_RATE]));
		CHECK(isnan(g->p[TIX_KPI_SLA_BREACH_RATE]) && isnan(g->p[TIX_KPI_CSAT_GOOD_RATE]));
		/* E: judged at the end of prev, not at as_of */
		g = &t.g[3];
		CHECK_EQ_STR(g->name, "E");
		CHECK_EQ_I64(g->prev.tickets, 1);
		CHECK_EQ_I64(g->prev.sla_checked, 1);
		CHECK_EQ_I64(g->prev.sla_breached, 0);
		CHECK_EQ_I64(g->prev.backlog, 1);
		CHECK_EQ_I64(g->cur.backlog, 1);
		CHECK(isnan(g->p[TIX_KPI_BACKLOG]));
	}
	tix_kpi_free(&t);

	/* one group, "all": u1's ticket 1 is now a repeat of ticket 17 (B) */
	opts(&o, &sv, 0);
	CHECK(tix_kpi_compute(s, NULL, &o, &t, err) == 0);
	CHECK_EQ_I64(t.n, 1);
	if (t.n == 1) {
		const struct tix_kpi *k = &t.g[0].cur;

		CHECK_EQ_STR(t.g[0].name, "all");
		CHECK_EQ_I64(k->tickets, 9);
		CHECK_EQ_I64(k->solved, 6);
		CHECK_EQ_I64(k->backlog, 7);		/* A's 5, 19, 25 */
		CHECK(NEAR(k->first_reply_p50, 1.25) && NEAR(k->first_reply_p90, 6));
		CHECK(NEAR(k->resolution_p50, 10) && NEAR(k->resolution_p90, 170.4));
		CHECK_EQ_I64(k->sla_checked, 8);
		CHECK_EQ_I64(k->sla_breached, 5);
		CHECK(NEAR(k->reopen_rate, 2.0 / 9));
		CHECK_EQ_I64(k->repeats, 4);		/* 1 3 5 7 */
		CHECK(NEAR(k->csat_good_rate, 0.75));
	}
	tix_kpi_free(&t);

	/* judged earlier (as_of = L + 4d): ticket 4's target (L + 5d) has not
	   passed yet, nor ticket 19's (L + 4d: not before as_of) */
	opts(&o, &sv, 0);
	o.as_of = L + 4 * D;
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);
	if ((g = find(&t, "A")))
		CHECK_EQ_I64(g->cur.sla_breached, 3);
	CHECK(g != NULL);
	if ((g = find(&t, "(none)")))
		CHECK(NEAR(g->cur.sla_breach_rate, 0));
	CHECK(g != NULL);
	tix_kpi_free(&t);

	/* no severity: nothing checked */
	opts(&o, NULL, 0);
	CHECK(tix_kpi_compute(s, NULL, &o, &t, err) == 0);
	CHECK(t.n == 1 && t.g[0].cur.sla_checked == 0 && isnan(t.g[0].cur.sla_breach_rate));
	tix_kpi_free(&t);

	/* by tag: ticket 3's "billing,billing" counts once */
	CHECK(tix_groupby_parse("tag", &by) == 0);
	opts(&o, &sv, 0);
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);
	CHECK_EQ_I64(t.n, 3);
	if (t.n == 3) {
		CHECK_EQ_STR(t.g[0].name, "(none)");
		CHECK_EQ_I64(t.g[0].cur.tickets, 6);	/* 4 5 6 7 14 19 */
		CHECK_EQ_STR(t.g[1].name, "billing");
		CHECK_EQ_I64(t.g[1].cur.tickets, 3);
		CHECK_EQ_I64(t.g[1].cur.solved, 3);
		CHECK_EQ_I64(t.g[1].cur.repeats, 1);	/* 3 after 1 */
		CHECK_EQ_STR(t.g[2].name, "vip");
		CHECK_EQ_I64(t.g[2].cur.tickets, 1);
		CHECK_EQ_I64(t.g[2].cur.repeats, 0);
	}
	tix_kpi_free(&t);

	/* by a kept source column (the JSON path bound as ?3); equal
	   tickets in name order */
	CHECK(tix_groupby_parse("field:Region", &by) == 0);
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);
	CHECK_EQ_I64(t.n, 3);
	if (t.n == 3) {
		CHECK_EQ_STR(t.g[0].name, "(none)");
		CHECK_EQ_I64(t.g[0].cur.tickets, 7);
		CHECK_EQ_STR(t.g[1].name, "EU");
		CHECK_EQ_STR(t.g[2].name, "US");
		CHECK_EQ_I64(t.g[2].cur.tickets, 1);
		CHECK_EQ_I64(t.g[2].cur.reopened, 1);
	}
	tix_kpi_free(&t);

	/* everything before hi (lo INT64_MIN): every ticket with a created
	   time before HI; the no-created one only in solved */
	CHECK(tix_groupby_parse("category", &by) == 0);
	opts(&o, &sv, 0);
	o.lo = INT64_MIN;
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);
	if ((g = find(&t, "A"))) {
		CHECK_EQ_I64(g->cur.tickets, 14);	/* all of A but 12 and 13 */
		CHECK_EQ_I64(g->cur.solved, 9);	/* 1 2 3 6 8 9 11 13 15, not 14 */
		CHECK_EQ_I64(g->cur.backlog, 5);
	}
	CHECK(g != NULL);
	CHECK(find(&t, "D") != NULL);
	tix_kpi_free(&t);

	/* after the data: no tickets, still the backlog, nothing else */
	opts(&o, &sv, 0);
	o.lo = HI + 10 * D;
	o.hi = HI + 17 * D;
	o.as_of = o.hi;
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);
	CHECK_EQ_I64(t.n, 3);
	if (t.n == 3) {
		CHECK_EQ_STR(t.g[0].name, "(none)");	/* 0 tickets each: by name */
		CHECK_EQ_STR(t.g[2].name, "E");
		CHECK_EQ_I64(t.g[0].cur.backlog, 1);	/* 19 */
		CHECK_EQ_STR(t.g[1].name, "A");
		CHECK_EQ_I64(t.g[1].cur.tickets, 0);
		CHECK_EQ_I64(t.g[1].cur.solved, 0);
		CHECK_EQ_I64(t.g[1].cur.backlog, 5);	/* 4 5 10 12 16 */
		CHECK(isnan(t.g[1].cur.resolution_p50) && isnan(t.g[1].cur.reopen_rate));
	}
	tix_kpi_free(&t);

	/* before the data: nothing at all */
	opts(&o, &sv, 1);
	o.lo = L - 100 * D;
	o.hi = L - 99 * D;
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);
	CHECK_EQ_I64(t.n, 0);
	tix_kpi_free(&t);

	/* bad periods: -1 with a message, and free is still fine */
	opts(&o, &sv, 1);
	o.lo = INT64_MIN;
	err[0] = 0;
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == -1);
	CHECK(strstr(err, "start and an end") != NULL);
	tix_kpi_free(&t);
	opts(&o, &sv, 1);
	o.hi = INT64_MAX;
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == -1);
	tix_kpi_free(&t);
	opts(&o, &sv, 0);
	o.hi = o.lo;
	err[0] = 0;
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == -1);
	CHECK(err[0] != 0);
	tix_kpi_free(&t);
	/* --by pattern before tix-patterns: an error from SQLite, not a crash */
	CHECK(tix_groupby_parse("pattern", &by) == 0);
	opts(&o, &sv, 0);
	CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);	/* tables exist, empty */
	if ((g = find(&t, "(none)")))
		CHECK_EQ_I64(g->cur.tickets, 9);
	CHECK(g != NULL);
	tix_kpi_free(&t);
	tix_store_close(s);

	/* an empty database */
	if ((s = make_db(tickets, 0))) {
		opts(&o, &sv, 1);
		CHECK(tix_kpi_compute(s, NULL, &o, &t, err) == 0);
		CHECK_EQ_I64(t.n, 0);
		tix_kpi_free(&t);
		o.compare = 0;
		o.lo = INT64_MIN;
		o.hi = INT64_MAX;
		CHECK(tix_kpi_compute(s, NULL, &o, &t, err) == 0);
		CHECK_EQ_I64(t.n, 0);
		tix_kpi_free(&t);
		tix_store_close(s);
	}

	/* no ticket solved: counts, no percentile of resolution, no NAN in
	   the counts */
	{
		static const struct t open[] = {
			{ 1, "X", L + H, NUL, "open", "high", "a", 30, 0, NULL, NULL, NULL },
			{ 2, "X", L + 2 * H, NUL, "new", "high", "b", NAN, 0, NULL, NULL, NULL },
			/* no status, no solved time: not open, judged on nothing */
			{ 3, "X", L + 3 * H, NUL, NULL, "high", "c", NAN, 0, NULL, ",,", NULL },
		};

		if ((s = make_db(open, 3))) {
			opts(&o, &sv, 1);
			CHECK(tix_kpi_compute(s, NULL, &o, &t, err) == 0);
			CHECK_EQ_I64(t.n, 1);
			if (t.n == 1) {
				const struct tix_kpi *k = &t.g[0].cur;

				CHECK_EQ_I64(k->tickets, 3);
				CHECK_EQ_I64(k->solved, 0);
				CHECK_EQ_I64(k->backlog, 2);
				CHECK(NEAR(k->first_reply_p50, 0.5));
				CHECK(isnan(k->resolution_p50) && isnan(k->resolution_p90));
				/* 1 and 2: 1d passed; 3 checked, not breached */
				CHECK(NEAR(k->sla_breach_rate, 2.0 / 3));
				CHECK(isnan(k->csat_good_rate));
				CHECK(all_empty(&t.g[0].prev));
				CHECK(t.g[0].p[TIX_KPI_TICKETS] == tix_test_counts(3, 0));
				CHECK(isnan(t.g[0].p[TIX_KPI_SOLVED]));
				CHECK(isnan(t.g[0].p[TIX_KPI_REOPEN_RATE]));
			}
			tix_kpi_free(&t);
			/* tags of commas only: still counted, in (none) */
			CHECK(tix_groupby_parse("tag", &by) == 0);
			CHECK(tix_kpi_compute(s, &by, &o, &t, err) == 0);
			CHECK(t.n == 1 && !strcmp(t.g[0].name, "(none)") && t.g[0].cur.tickets == 3);
			tix_kpi_free(&t);
			tix_store_close(s);
		}
	}
	tix_severity_release(&sv);
	TEST_DONE();
}
