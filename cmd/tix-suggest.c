/* tix-suggest - which fix ends a problem, with evidence, and what to tell the user. */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmdutil.h"
#include "out.h"
#include "playbook.h"
#include "rules.h"
#include "store.h"
#include "suggest.h"
#include "timeparse.h"
#include "triage.h"

static const char usage_text[] =
	"usage: tix-suggest [--db file] [--by field] [--min-tickets n] [--since time]\n"
	"                   [--until time] [--format fmt]\n"
	"       tix-suggest --ticket id [--source name] [--db file] [--by field]\n"
	"                   [--min-tickets n] [--playbook file] [--format fmt]\n"
	"       tix-suggest --check-playbook [--db file] [--by field] [--min-tickets n]\n"
	"                   [--since time] [--until time] [--playbook file] [--format fmt]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Per group, every fix seen (the tickets' resolution: macro, close code):\n"
	      "how often its tickets were reopened or their requester wrote again within\n"
	      "7 days, with Wilson 95% intervals, the median hours to solve, the share of\n"
	      "good ratings, and a verdict: best only when every other fix is\n"
	      "significantly worse, worse when significantly worse than the best (or\n"
	      "lowest) one, unclear otherwise.  With --ticket, the playbook's advice for\n"
	      "a ticket and the data's evidence for it; with --check-playbook, the rules\n"
	      "the data contradicts and the clear best fixes no rule names.\n"
	      "\n"
	      "      --db file          the database (default $TIX_DB, else ./tix.db)\n"
	      "      --by field         category (default), subcategory, priority, channel,\n"
	      "                         team, source, pattern, tag, or field:NAME\n"
	      "      --min-tickets n    fixes with fewer tickets get no verdict, groups\n"
	      "                         with fewer are not listed (default 10)\n"
	      "      --since time       tickets created at or after time (a date, or 12w)\n"
	      "      --until time       tickets created before time\n"
	      "      --ticket id        advice for that ticket of the database; '-': for\n"
	      "                         each row of tix-triage --format tsv on stdin\n"
	      "      --source name      the source of --ticket, when several have that id\n"
	      "      --check-playbook   the playbook against the data\n"
	      "      --playbook file    the playbook (default: the built-in one)\n"
	      "      --format fmt       table, csv, tsv, json or ndjson\n"
	      "\n"
	      "Exit: 0 ok, 1 no such ticket, or no ticket has a resolution, 2 usage,\n"
	      "3 could not run.  See tix-suggest(1) and tix-playbook(5).\n", stdout);
	exit(TIX_EXIT_OK);
}

static void oom(void)
{
	cmd_msg("out of memory");
	exit(TIX_EXIT_FAIL);
}

static void fail(const char *err)
{
	cmd_msg("%s", err);
	exit(TIX_EXIT_FAIL);
}

struct run {
	struct tix_store *s;
	const struct tix_groupby *by;
	const char *by_name;
	struct tix_suggest_opts so;
	struct tix_suggest sg;
	struct tix_out *out;
};

/* The data's table; 1 when there is nothing to judge (said why). */
static int compute(struct run *r)
{
	char err[TIX_ERRSZ];

	if (tix_suggest_compute(r->s, r->by, &r->so, &r->sg, err) < 0)
		fail(err);
	if (!r->sg.tickets) {
		cmd_msg("%s: no tickets%s", r->s->path,
			r->so.lo != INT64_MIN || r->so.hi != INT64_MAX ? " in the period" : "");
		return 0;
	}
	if (!r->sg.with_fix) {
		cmd_msg("%s: none of the %zu tickets has a resolution (a macro, close code or "
			"disposition): nothing to compare; was the export's resolution column "
			"mapped?", r->s->path, r->sg.tickets);
		return 1;
	}
	return 0;
}

/* ---------- the table ---------- */

static int table(struct run *r)
{
	static const char *const cols[] = {
		"group", "fix", "tickets", "reopen_rate", "reopen_low", "reopen_high",
		"repeat_rate", "repeat_low", "repeat_high", "median_hours_to_solve",
		"csat_good_rate", "verdict", "failure_rate", "failure_low", "failure_high"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_INT, TIX_COL_REAL, TIX_COL_REAL,
		TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL,
		TIX_COL_REAL, TIX_COL_TEXT, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL
	};
	int status = compute(r);
	size_t i;

	cmd_out_columns(r->out, 15, cols, types);
	for (i = 0; i < r->sg.n; i++) {
		const struct tix_suggest_row *w = &r->sg.row[i];
		const struct tix_fix *f = &w->f;
		char c[12][32];
		const char *v[15];
		int k;

		if (w->group_tickets < r->so.min_tickets)
			continue;
		snprintf(c[0], 32, "%zu", f->tickets);
		cmd_fmt_num(c[1], 32, f->reopen_rate, "%.4f");
		cmd_fmt_num(c[2], 32, f->reopen_low, "%.4f");
		cmd_fmt_num(c[3], 32, f->reopen_high, "%.4f");
		cmd_fmt_num(c[4], 32, f->repeat_rate, "%.4f");
		cmd_fmt_num(c[5], 32, f->repeat_low, "%.4f");
		cmd_fmt_num(c[6], 32, f->repeat_high, "%.4f");
		cmd_fmt_num(c[7], 32, w->median_hours, "%.1f");
		cmd_fmt_num(c[8], 32, f->csat_good_rate, "%.4f");
		cmd_fmt_num(c[9], 32, f->failure_rate, "%.4f");
		cmd_fmt_num(c[10], 32, f->failure_low, "%.4f");
		cmd_fmt_num(c[11], 32, f->failure_high, "%.4f");
		v[0] = w->group;
		v[1] = w->fix;
		for (k = 0; k < 9; k++)
			v[2 + k] = c[k];
		v[11] = tix_verdict_name(f->verdict);
		v[12] = c[9];
		v[13] = c[10];
		v[14] = c[11];
		cmd_out_row(r->out, v);
	}
	return status;
}

/* ---------- evidence for one group ---------- */

/* The row of fix in group, or NULL; the group's best in *best (or NULL). */
static const struct tix_suggest_row *find_fix(const struct tix_suggest *sg, const char *group,
					      const char *fix, const struct tix_suggest_row **best)
{
	const struct tix_suggest_row *hit = NULL;
	size_t i;

	*best = NULL;
	for (i = 0; i < sg->n; i++) {
		const struct tix_suggest_row *w = &sg->row[i];

		if (strcasecmp(w->group, group))
			continue;
		if (w->f.verdict == TIX_BEST)
			*best = w;
		if (fix && !strcasecmp(w->fix, fix))
			hit = w;
	}
	return hit;
}

/* The fix of group the others were compared with (the best, when there is
   one), or NULL when the group has no fix with enough tickets. */
static const struct tix_suggest_row *reference(const struct tix_suggest *sg, const char *group)
{
	size_t i;

	for (i = 0; i < sg->n; i++)
		if (sg->row[i].f.reference && !strcasecmp(sg->row[i].group, group))
			return &sg->row[i];
	return NULL;
}

/* ---------- --ticket ---------- */

struct tk {
	struct tix_store *s;
	int64_t rowid;		/* 0: not in the database */
};

static const char *tk_get(void *ctx, const char *field)
{
	static char *val;
	struct tk *t = ctx;
	struct tix_groupby g;
	sqlite3_stmt *st;
	char sql[800], err[TIX_ERRSZ];

	free(val);
	val = NULL;
	if (!t->rowid || tix_groupby_parse(field, &g) < 0)
		return NULL;
	snprintf(sql, sizeof(sql), "SELECT %s FROM ticket WHERE id = ?1", g.expr);
	if (tix_store_prepare(t->s, &st, sql, err) < 0)
		return NULL;	/* a database without patterns: no value */
	sqlite3_bind_int64(st, 1, t->rowid);
	if (g.json)
		sqlite3_bind_text(st, 3, g.path, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    !(val = strdup((const char *)sqlite3_column_text(st, 0))))
		oom();
	sqlite3_finalize(st);
	return val;
}

struct advice_ctx {
	struct run *r;
	struct tix_playbook *pb;
	struct tix_severity sv;
	struct tix_lexicon *lx;
	struct tix_triager *tr;
};

static const char *const advice_cols[] = {
	"ticket", "group", "risks", "rule", "fix", "article", "feature", "team", "say",
	"fix_tickets", "fix_failure_rate", "fix_verdict", "best_fix", "best_failure_rate",
	"data_says"
};
static const enum tix_coltype advice_types[] = {
	TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT,
	TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_INT, TIX_COL_REAL, TIX_COL_TEXT,
	TIX_COL_TEXT, TIX_COL_REAL, TIX_COL_TEXT
};

/* The rows of one ticket: one per matching rule, or one with no rule. */
static void advise(struct advice_ctx *a, const char *id, struct tk *t, const char *risks,
		   const char *subject, const char *body)
{
	struct run *r = a->r;
	struct tix_pb_ticket pt;
	const char *g = tk_get(t, r->by_name);
	char *group = g ? strdup(g) : NULL;
	size_t i, shown = 0;

	if (g && !group)
		oom();
	memset(&pt, 0, sizeof(pt));
	pt.get = tk_get;
	pt.ctx = t;
	pt.risks = risks;
	pt.subject = subject;
	pt.body = body;
	for (i = 0; i <= a->pb->n; i++) {
		const struct tix_pb_rule *rule = i < a->pb->n ? &a->pb->rule[i] : NULL;
		const struct tix_suggest_row *fx = NULL, *best = NULL;
		char n1[32] = "", r1[32] = "", r2[32] = "";
		const char *says = "no rule", *v[15];
		int m;

		if (rule) {
			if ((m = tix_playbook_match(rule, &pt)) < 0)
				oom();
			if (!m)
				continue;
		} else if (shown) {
			break;
		}
		if (group)
			fx = find_fix(&r->sg, group, rule ? rule->fix : NULL, &best);
		if (rule) {
			if (!rule->fix)
				says = "no fix named";
			else if (!group)
				says = "no group";
			else if (!fx)
				says = "no data";
			else if (fx->f.verdict == TIX_BEST)
				says = "agrees";
			else if (fx->f.verdict == TIX_WORSE)
				says = "disagrees";
			else
				says = "unclear";
		}
		if (fx) {
			snprintf(n1, sizeof(n1), "%zu", fx->f.tickets);
			cmd_fmt_num(r1, sizeof(r1), fx->f.failure_rate, "%.4f");
		}
		if (best)
			cmd_fmt_num(r2, sizeof(r2), best->f.failure_rate, "%.4f");
		v[0] = id;
		v[1] = group ? group : "";
		v[2] = risks ? risks : "";
		v[3] = rule ? rule->name : "";
		v[4] = rule && rule->fix ? rule->fix : "";
		v[5] = rule && rule->article ? rule->article : "";
		v[6] = rule && rule->feature ? rule->feature : "";
		v[7] = rule && rule->team ? rule->team : "";
		v[8] = rule && rule->say ? rule->say : "";
		v[9] = n1;
		v[10] = r1;
		v[11] = fx ? tix_verdict_name(fx->f.verdict) : "";
		v[12] = best ? best->fix : "";
		v[13] = r2;
		v[14] = says;
		cmd_out_row(r->out, v);
		shown++;
	}
	free(group);
}

static void advice_init(struct advice_ctx *a)
{
	char err[TIX_ERRSZ];

	if (tix_severity_load(&a->sv, NULL, err) < 0 || !(a->lx = tix_lexicon_load(&a->sv, NULL, err)) ||
	    !(a->tr = tix_triager_new(a->lx, &a->sv, 0, err)))
		fail(err);
}

static void advice_release(struct advice_ctx *a)
{
	tix_triager_free(a->tr);
	tix_lexicon_free(a->lx);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	char *d = strdup(s ? s : "");

	if (!d)
		oom();
	return d;
}

/* --ticket ID: 0, or 1 when no such ticket */
static int one_ticket(struct advice_ctx *a, const char *id, const char *source)
{
	struct run *r = a->r;
	sqlite3_stmt *st;
	char err[TIX_ERRSZ], *subj, *body;
	const struct tix_triage *tg;
	struct tk t;
	int rc, n = 0;

	if (tix_store_prepare(r->s, &st, "SELECT id, subject, body, source FROM ticket"
			      " WHERE ext_id = ?1 AND (?2 IS NULL OR source = ?2) ORDER BY id", err) < 0)
		fail(err);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (source)
		sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	t.s = r->s;
	t.rowid = 0;
	subj = body = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++)
			continue;
		t.rowid = sqlite3_column_int64(st, 0);
		subj = col_dup(st, 1);
		body = col_dup(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cmd_msg("%s: %s", r->s->path, sqlite3_errmsg(r->s->db));
		exit(TIX_EXIT_FAIL);
	}
	if (!n) {
		cmd_msg("%s: no ticket '%s'%s%s", r->s->path, id, source ? " from " : "",
			source ? source : "");
		return 1;
	}
	if (n > 1)
		cmd_msg("%s: %d sources have a ticket '%s'; this is the first: name one with "
			"--source", r->s->path, n, id);
	if (!(tg = tix_triage_run(a->tr, subj, strlen(subj), body, strlen(body), err)))
		fail(err);
	advise(a, id, &t, tg->risks, subj, body);
	free(subj);
	free(body);
	return 0;
}

/* The index of column name in a tab-separated header, or -1. */
static int header_col(char *const *f, int nf, const char *name)
{
	int i;

	for (i = 0; i < nf; i++)
		if (!strcmp(f[i], name))
			return i;
	return -1;
}

/* --ticket -: the rows of tix-triage --format tsv on stdin */
static int piped(struct advice_ctx *a)
{
	char *line = NULL, *f[64], err[TIX_ERRSZ];
	sqlite3_stmt *st;
	size_t cap = 0;
	ssize_t len;
	long ln = 0;
	int nf, ci = -1, cs = -1, cr = -1, status = 0;

	if (tix_store_prepare(a->r->s, &st, "SELECT id FROM ticket WHERE ext_id = ?1"
			      " ORDER BY id LIMIT 1", err) < 0)
		fail(err);
	while ((len = getline(&line, &cap, stdin)) >= 0) {
		struct tk t;
		const char *subj;

		ln++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		nf = cmd_split_tabs(line, f, 64);
		if (ln == 1) {
			ci = header_col(f, nf, "id");
			cs = header_col(f, nf, "subject");
			cr = header_col(f, nf, "risks");
			if (ci < 0 || cr < 0) {
				cmd_msg("stdin:1: not the output of tix-triage --format tsv "
					"(no id and risks columns)");
				sqlite3_finalize(st);
				free(line);
				return 1;
			}
			continue;
		}
		if (!len)
			continue;
		if (nf <= ci || nf <= cr) {
			cmd_msg("stdin:%ld: %d fields, fewer than the header's; the row was not read",
				ln, nf);
			status = 1;
			continue;
		}
		t.s = a->r->s;
		t.rowid = 0;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, f[ci], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			t.rowid = sqlite3_column_int64(st, 0);
		subj = cs >= 0 && cs < nf ? f[cs] : NULL;
		advise(a, f[ci], &t, f[cr], subj, NULL);
	}
	sqlite3_finalize(st);
	free(line);
	if (ln == 0) {
		cmd_msg("stdin: empty: no tix-triage rows");
		return 1;
	}
	return status;
}

/* ---------- --check-playbook ---------- */

static int covers(const struct tix_pb_rule *rule, const char *by, const char *group)
{
	size_t i;

	for (i = 0; i < rule->nwhen; i++)
		if (rule->when[i].kind == TIX_PB_FIELD && !strcmp(rule->when[i].field, by) &&
		    !strcasecmp(rule->when[i].value, group))
			return 1;
	return 0;
}

static int check_playbook(struct run *r, struct tix_playbook *pb)
{
	static const char *const cols[] = {
		"finding", "rule", "line", "group", "fix", "fix_tickets", "fix_failure_rate",
		"better_fix", "better_failure_rate"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_INT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_INT,
		TIX_COL_REAL, TIX_COL_TEXT, TIX_COL_REAL
	};
	int status = compute(r);
	size_t i, k;

	cmd_out_columns(r->out, 9, cols, types);
	/* rules the data contradicts, and rules whose fix the data never saw */
	for (k = 0; k < pb->n; k++) {
		const struct tix_pb_rule *rule = &pb->rule[k];
		int seen = 0;
		char line[24];

		if (!rule->fix)
			continue;
		snprintf(line, sizeof(line), "%ld", rule->line);
		for (i = 0; i < r->sg.n; i++)
			seen |= !strcasecmp(r->sg.row[i].fix, rule->fix);
		if (!seen && r->sg.with_fix) {
			const char *v[9] = { "unseen", rule->name, line, "", rule->fix, "", "", "", "" };

			cmd_out_row(r->out, v);
			continue;
		}
		for (i = 0; i < r->sg.n; i++) {
			const struct tix_suggest_row *w = &r->sg.row[i], *ref;
			char n1[24], r1[24], r2[24];
			const char *v[9];

			if (w->f.verdict != TIX_WORSE || strcasecmp(w->fix, rule->fix) ||
			    w->group_tickets < r->so.min_tickets || !covers(rule, r->by_name, w->group))
				continue;
			ref = reference(&r->sg, w->group);
			snprintf(n1, sizeof(n1), "%zu", w->f.tickets);
			cmd_fmt_num(r1, sizeof(r1), w->f.failure_rate, "%.4f");
			cmd_fmt_num(r2, sizeof(r2), ref ? ref->f.failure_rate : NAN, "%.4f");
			v[0] = "worse";
			v[1] = rule->name;
			v[2] = line;
			v[3] = w->group;
			v[4] = w->fix;
			v[5] = n1;
			v[6] = r1;
			v[7] = ref ? ref->fix : "";
			v[8] = r2;
			cmd_out_row(r->out, v);
		}
	}
	/* clear best fixes no rule names for their group */
	for (i = 0; i < r->sg.n; i++) {
		const struct tix_suggest_row *w = &r->sg.row[i];
		char n1[24], r1[24];
		const char *v[9];
		int covered = 0;

		if (w->f.verdict != TIX_BEST || w->group_tickets < r->so.min_tickets)
			continue;
		for (k = 0; k < pb->n && !covered; k++)
			covered = covers(&pb->rule[k], r->by_name, w->group);
		if (covered)
			continue;
		snprintf(n1, sizeof(n1), "%zu", w->f.tickets);
		cmd_fmt_num(r1, sizeof(r1), w->f.failure_rate, "%.4f");
		v[0] = "uncovered";
		v[1] = "";
		v[2] = "";
		v[3] = w->group;
		v[4] = w->fix;
		v[5] = n1;
		v[6] = r1;
		v[7] = "";
		v[8] = "";
		cmd_out_row(r->out, v);
	}
	return status;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'B' },
		{ "check-playbook", no_argument, NULL, 'C' },
		{ "db", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "min-tickets", required_argument, NULL, 'm' },
		{ "playbook", required_argument, NULL, 'P' },
		{ "since", required_argument, NULL, 's' },
		{ "source", required_argument, NULL, 'S' },
		{ "ticket", required_argument, NULL, 'T' },
		{ "until", required_argument, NULL, 'u' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *by = "category", *since = NULL, *until = NULL, *fmtname = NULL;
	const char *tick = NULL, *source = NULL, *pbfile = NULL;
	struct tix_playbook *pb = NULL;
	struct tix_groupby byx;
	struct run r;
	char err[TIX_ERRSZ];
	int64_t now = (int64_t)time(NULL);
	int ch, check = 0, status;

	cmd_name = "tix-suggest";
	opterr = 0;
	memset(&r, 0, sizeof(r));
	r.so.min_tickets = 10;
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'B': by = optarg; break;
		case 'C': check = 1; break;
		case 'D': db = optarg; break;
		case 'f': fmtname = optarg; break;
		case 'h': help(); break;
		case 'm': r.so.min_tickets = (size_t)cmd_posnum("--min-tickets", optarg); break;
		case 'P': pbfile = optarg; break;
		case 's': since = optarg; break;
		case 'S': source = optarg; break;
		case 'T': tick = optarg; break;
		case 'u': until = optarg; break;
		case 'V': cmd_version(); break;
		case ':': cmd_usage_fail("option '%s' needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		cmd_usage_fail("unexpected argument '%s'", argv[optind]);
	if (tick && check)
		cmd_usage_fail("--ticket and --check-playbook go one at a time");
	if (tick && !*tick)
		cmd_usage_fail("--ticket needs an id, or '-' for tix-triage rows on stdin");
	if (tick && (since || until))
		cmd_usage_fail("--since and --until do not apply to --ticket");
	if (source && (!tick || !strcmp(tick, "-")))
		cmd_usage_fail("--source goes with --ticket ID");
	if (pbfile && !tick && !check)
		cmd_usage_fail("--playbook goes with --ticket or --check-playbook");
	if (tix_groupby_parse(by, &byx) < 0)
		cmd_usage_fail("--by: unknown field '%s'", by);
	r.so.lo = INT64_MIN;
	r.so.hi = INT64_MAX;
	if (since && tix_time_parse_bound(since, now, &r.so.lo) < 0)
		cmd_usage_fail("--since: cannot read '%s' as a time", since);
	if (until && tix_time_parse_bound(until, now, &r.so.hi) < 0)
		cmd_usage_fail("--until: cannot read '%s' as a time", until);
	if (r.so.lo >= r.so.hi)
		cmd_usage_fail("--since must come before --until");
	r.so.window = 7 * 86400;
	r.so.alpha = 0.05;
	r.by = &byx;
	r.by_name = by;
	if ((tick || check) && !(pb = tix_playbook_load(pbfile, err)))
		fail(err);
	if (!(r.out = tix_out_new(stdout, cmd_format(fmtname), 0, err)))
		fail(err);
	if (!(r.s = tix_store_open(cmd_db_path(db), TIX_STORE_READONLY, err)))
		fail(err);
	if (tix_groupby_ready(r.s, &byx, err) < 0)
		fail(err);
	if (tick) {
		struct advice_ctx a;

		memset(&a, 0, sizeof(a));
		a.r = &r;
		a.pb = pb;
		advice_init(&a);
		if (tix_suggest_compute(r.s, r.by, &r.so, &r.sg, err) < 0)
			fail(err);
		cmd_out_columns(r.out, 15, advice_cols, advice_types);
		status = !strcmp(tick, "-") ? piped(&a) : one_ticket(&a, tick, source);
		advice_release(&a);
	} else if (check) {
		status = check_playbook(&r, pb);
	} else {
		status = table(&r);
	}
	if (tix_out_finish(r.out, err) < 0)
		fail(err);
	tix_out_free(r.out);
	tix_suggest_free(&r.sg);
	tix_playbook_free(pb);
	tix_store_close(r.s);
	return status;
}
