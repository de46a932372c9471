/* tix-stats - the figures a team lead asks for, per group and period, and
   whether they changed by more than noise. */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmdutil.h"
#include "kpi.h"
#include "out.h"
#include "rules.h"
#include "store.h"
#include "timeparse.h"

static const char usage_text[] =
	"usage: tix-stats [--db file] [--by field] [--since time] [--until time]\n"
	"                 [--week YYYY-Www] [--compare previous] [--severity file]\n"
	"                 [--format fmt]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Per group, of the period: tickets created, solved, the backlog at its end,\n"
	      "hours to the first reply and to solved (median and 90th percentile), the\n"
	      "share that missed an SLA target of their priority, reopened, repeat\n"
	      "contacts (the requester wrote in the 7 days before) and good ratings.\n"
	      "With --compare previous, one row per group and figure: the period, the\n"
	      "one of equal length before it, the change, and its two-sided p value.\n"
	      "\n"
	      "      --db file          the database (default $TIX_DB, else ./tix.db)\n"
	      "      --by field         one row per value of category, subcategory, status,\n"
	      "                         priority, channel, team, assignee, country,\n"
	      "                         language, source, resolution, requester, tag,\n"
	      "                         pattern, or field:NAME (default: one row, all)\n"
	      "      --since time       the period starts at time (a date, or 4w, 30d)\n"
	      "      --until time       the period ends before time (default: no end)\n"
	      "      --week YYYY-Www    the ISO week, Monday 00:00 UTC to the next Monday\n"
	      "      --compare previous also the period of equal length before, and tests\n"
	      "      --severity file    the SLA targets (default: the built-in file)\n"
	      "      --format fmt       table, csv, tsv, json or ndjson\n"
	      "\n"
	      "Exit: 0 ok (also when the period has no tickets), 2 usage, 3 could not run.\n"
	      "See tix-stats(1) and tix-severity(5).\n", stdout);
	exit(TIX_EXIT_OK);
}

static void fail(const char *err)
{
	cmd_msg("%s", err);
	exit(TIX_EXIT_FAIL);
}

/* How a figure is written: counts as integers, hours with 2 decimals,
   rates with 4. */
static const char *figure_fmt(enum tix_kpi_figure f)
{
	if (f <= TIX_KPI_BACKLOG)
		return "%.0f";
	if (f <= TIX_KPI_RESOLUTION_P90)
		return "%.2f";
	return "%.4f";
}

/* v with fmt into buf; NULL (an empty cell, JSON null) when v is not a
   number, and never "-0.00" */
static const char *cell(char *buf, size_t n, double v, const char *fmt)
{
	char *p;

	cmd_fmt_num(buf, n, v, fmt);
	if (!buf[0])
		return NULL;
	if (buf[0] == '-') {
		for (p = buf + 1; *p == '0' || *p == '.'; p++)
			;
		if (!*p)
			memmove(buf, buf + 1, strlen(buf));
	}
	return buf;
}

static void wide(struct tix_out *out, const struct tix_kpi_table *t)
{
	static const enum tix_coltype types[1 + TIX_KPI_NFIGURES] = {
		TIX_COL_TEXT, TIX_COL_INT, TIX_COL_INT, TIX_COL_INT, TIX_COL_REAL,
		TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL,
		TIX_COL_REAL, TIX_COL_REAL
	};
	const char *cols[1 + TIX_KPI_NFIGURES];
	size_t i;
	int f;

	cols[0] = "group";
	for (f = 0; f < TIX_KPI_NFIGURES; f++)
		cols[1 + f] = tix_kpi_figure_name((enum tix_kpi_figure)f);
	cmd_out_columns(out, 1 + TIX_KPI_NFIGURES, cols, types);
	for (i = 0; t && i < t->n; i++) {
		char c[TIX_KPI_NFIGURES][32];
		const char *v[1 + TIX_KPI_NFIGURES];

		v[0] = t->g[i].name;
		for (f = 0; f < TIX_KPI_NFIGURES; f++)
			v[1 + f] = cell(c[f], sizeof(c[f]),
					tix_kpi_value(&t->g[i].cur, (enum tix_kpi_figure)f),
					figure_fmt((enum tix_kpi_figure)f));
		cmd_out_row(out, v);
	}
}

static void compared(struct tix_out *out, const struct tix_kpi_table *t)
{
	static const char *const cols[] = {
		"group", "figure", "current", "previous", "change", "p_value", "significant"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL,
		TIX_COL_REAL, TIX_COL_TEXT
	};
	size_t i;
	int f;

	cmd_out_columns(out, 7, cols, types);
	for (i = 0; t && i < t->n; i++) {
		const struct tix_kpi_group *g = &t->g[i];

		for (f = 0; f < TIX_KPI_NFIGURES; f++) {
			enum tix_kpi_figure fig = (enum tix_kpi_figure)f;
			const char *fmt = figure_fmt(fig), *v[7];
			double a = tix_kpi_value(&g->cur, fig), b = tix_kpi_value(&g->prev, fig);
			double p = g->p[f];
			char c[4][32];

			v[0] = g->name;
			v[1] = tix_kpi_figure_name(fig);
			v[2] = cell(c[0], sizeof(c[0]), a, fmt);
			v[3] = cell(c[1], sizeof(c[1]), b, fmt);
			/* the change of the values as written, so that it adds up */
			v[4] = v[2] && v[3] ? cell(c[2], sizeof(c[2]), strtod(c[0], NULL) -
						   strtod(c[1], NULL), fmt) : NULL;
			v[5] = cell(c[3], sizeof(c[3]), p, "%.4g");
			v[6] = isnan(p) ? NULL : p < 0.05 ? "yes" : "no";
			cmd_out_row(out, v);
		}
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'B' },
		{ "compare", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "severity", required_argument, NULL, 'S' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "version", no_argument, NULL, 'V' },
		{ "week", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *by = NULL, *since = NULL, *until = NULL, *week = NULL;
	const char *fmtname = NULL, *svfile = NULL, *cmp = NULL;
	struct tix_groupby byx;
	struct tix_severity sv;
	struct tix_kpi_opts ko;
	struct tix_kpi_table t;
	struct tix_store *s;
	struct tix_out *out;
	char err[TIX_ERRSZ];
	int64_t now = (int64_t)time(NULL);
	size_t i, created = 0;
	int ch;

	cmd_name = "tix-stats";
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'B': by = optarg; break;
		case 'c': cmp = optarg; break;
		case 'D': db = optarg; break;
		case 'f': fmtname = optarg; break;
		case 'h': help(); break;
		case 'S': svfile = optarg; break;
		case 's': since = optarg; break;
		case 'u': until = optarg; break;
		case 'V': cmd_version(); break;
		case 'w': week = optarg; break;
		case ':': cmd_usage_fail("option '%s' needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		cmd_usage_fail("unexpected argument '%s'", argv[optind]);
	if (by && tix_groupby_parse(by, &byx) < 0)
		cmd_usage_fail("--by: unknown field '%s'", by);
	if (cmp && strcmp(cmp, "previous"))
		cmd_usage_fail("--compare takes 'previous', not '%s'", cmp);
	memset(&ko, 0, sizeof(ko));
	ko.lo = INT64_MIN;
	ko.hi = INT64_MAX;
	if (week) {
		if (since || until)
			cmd_usage_fail("--week does not go with --since or --until");
		if (tix_iso_week(week, &ko.lo, &ko.hi) < 0)
			cmd_usage_fail("--week: '%s' is not an ISO week like 2026-W47", week);
	}
	if (since && tix_time_parse_bound(since, now, &ko.lo) < 0)
		cmd_usage_fail("--since: cannot read '%s' as a time", since);
	if (until && tix_time_parse_bound(until, now, &ko.hi) < 0)
		cmd_usage_fail("--until: cannot read '%s' as a time", until);
	if (ko.lo >= ko.hi)
		cmd_usage_fail("--since must come before --until");
	if (cmp && (ko.lo == INT64_MIN || ko.hi == INT64_MAX))
		cmd_usage_fail("--compare previous needs a period with both ends: --since and "
			       "--until, or --week");
	ko.compare = cmp != NULL;
	ko.as_of = ko.hi < now ? ko.hi : now;
	ko.window = 7 * 86400;
	if (!(out = tix_out_new(stdout, cmd_format(fmtname), 0, err)))
		fail(err);
	if (tix_severity_load(&sv, svfile, err) < 0)
		fail(err);
	ko.sv = &sv;
	if (!(s = tix_store_open(cmd_db_path(db), TIX_STORE_READONLY, err)))
		fail(err);
	if (by && tix_groupby_ready(s, &byx, err) < 0)
		fail(err);
	if (tix_kpi_compute(s, by ? &byx : NULL, &ko, &t, err) < 0)
		fail(err);
	for (i = 0; i < t.n; i++)
		created += t.g[i].cur.tickets;
	if (!created)
		cmd_msg("no tickets created in the period");
	else if (ko.compare && ko.hi > now)
		cmd_msg("the period ends in the future: its counts so far are compared with a "
			"whole previous period");
	if (ko.compare)
		compared(out, created ? &t : NULL);
	else
		wide(out, created ? &t : NULL);
	if (tix_out_finish(out, err) < 0)
		fail(err);
	tix_out_free(out);
	tix_kpi_free(&t);
	tix_store_close(s);
	tix_severity_release(&sv);
	return TIX_EXIT_OK;
}
