/* tix-trend - what is spiking, shifting or drifting, per group. */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmdutil.h"
#include "bins.h"
#include "csvin.h"
#include "out.h"
#include "store.h"
#include "timeparse.h"
#include "trend.h"

static const char usage_text[] =
	"usage: tix-trend [--db file] [--by field] [--bin day | week] [--since time]\n"
	"                 [--until time] [--detect list] [--alpha a] [--top n] [--format fmt]\n"
	"       tix-trend --series [file] [--detect list] [--alpha a] [--top n] [--format fmt]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Counts tickets per group and bin and reports spikes (a bin far above its\n"
	      "weekday baseline), shifts (a lasting change of level) and trends (a steady\n"
	      "rise or fall), each with its p-value and its Benjamini-Hochberg q-value.\n"
	      "\n"
	      "      --db file       the database (default $TIX_DB, else ./tix.db)\n"
	      "      --by field      category (default), subcategory, status, priority,\n"
	      "                      channel, team, assignee, country, language, source,\n"
	      "                      resolution, tag, pattern (of tix-patterns), or\n"
	      "                      field:NAME (a column of the export)\n"
	      "      --bin b         day (default) or week (weeks start on Monday, UTC)\n"
	      "      --since time    tickets created at or after time (a date, or 12w, 30d)\n"
	      "      --until time    tickets created before time\n"
	      "      --detect list   any of spike,shift,trend (default: all three)\n"
	      "      --alpha a       the false discovery rate (default 0.05)\n"
	      "      --top n         the n findings of highest score\n"
	      "      --series [file] the detectors on a series: time,value or one column\n"
	      "      --format fmt    table, csv, tsv, json or ndjson\n"
	      "\n"
	      "Columns: group,kind,index,start,end,baseline,observed,ratio,p_value,q_value,\n"
	      "score (and a sparkline in a table).\n"
	      "Exit: 0 ok, 1 unreadable values, 2 usage, 3 could not run.\n"
	      "See tix-trend(1).\n", stdout);
	exit(TIX_EXIT_OK);
}

static void oom(void)
{
	cmd_msg("out of memory");
	exit(TIX_EXIT_FAIL);
}

/* Count the tickets per group and bin (see tix_bins_load: no days of
   zeros beyond the data). */
static int load_db(const char *db, const struct tix_groupby *by, int week, int64_t lo, int64_t hi,
		   struct tix_bins *b)
{
	char err[TIX_ERRSZ];
	struct tix_store *s = tix_store_open(db, TIX_STORE_READONLY, err);

	if (!s || tix_bins_load(s, by, week, lo, hi, b, err) < 0) {
		cmd_msg("%s", err);
		tix_store_close(s);
		return TIX_EXIT_FAIL;
	}
	tix_store_close(s);
	return TIX_EXIT_OK;
}

/* ---------- --series ---------- */

static int number(const char *s, double *v)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || !strcasecmp(s, "nan") || !strcasecmp(s, "na") || !strcasecmp(s, "null")) {
		*v = NAN;
		return 0;
	}
	*v = strtod(s, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	return *end || !isfinite(*v) ? -1 : 0;
}

/* The values of file as the one series of b, with their time labels. */
static int load_series(const char *file, struct tix_bins *g, char ***labels)
{
	struct tix_csvin_opts copts = { 0, 0, 0 };
	char err[TIX_ERRSZ];
	struct tix_csvin *in = tix_csvin_open(file, &copts, err);
	const struct tix_record *hdr;
	struct tix_record *rec;
	size_t cap = 0, vcol;
	double *x = NULL, v;
	int got, status = TIX_EXIT_OK, hdr_is_data;

	if (!in) {
		cmd_msg("%s", err);
		return TIX_EXIT_FAIL;
	}
	hdr = tix_csvin_header(in);
	if (!hdr->n) {
		cmd_msg("%s:1: empty file: no values", tix_csvin_name(in));
		tix_csvin_close(in);
		return TIX_EXIT_FAIL;
	}
	vcol = hdr->n >= 2 ? 1 : 0;
	g->nbins = 0;
	/* a first line of numbers is data, not a header */
	hdr_is_data = number(hdr->f[vcol], &v) == 0 && !isnan(v);
	if (hdr_is_data) {
		x = malloc(64 * sizeof(double));
		(*labels) = malloc(64 * sizeof(char *));
		if (!x || !(*labels))
			oom();
		cap = 64;
		x[0] = v;
		(*labels)[0] = vcol ? strdup(hdr->f[0]) : strdup("0");
		if (!(*labels)[0])
			oom();
		g->nbins = 1;
	}
	while ((got = tix_csvin_next(in, &rec, err)) > 0) {
		char buf[32];

		if (rec->problem != TIX_REC_OK) {
			cmd_msg("%s:%ld: %s", tix_csvin_name(in), rec->line, rec->why);
			status = TIX_EXIT_DATA;
			continue;
		}
		if (g->nbins == cap) {
			cap = cap ? 2 * cap : 64;
			x = realloc(x, cap * sizeof(double));
			(*labels) = realloc((*labels), cap * sizeof(char *));
			if (!x || !(*labels))
				oom();
		}
		if (vcol >= rec->n || number(rec->f[vcol], &v) < 0) {
			cmd_msg("%s:%ld: not a number: '%s' (taken as missing)", tix_csvin_name(in),
				rec->line, vcol < rec->n ? rec->f[vcol] : "");
			status = TIX_EXIT_DATA;
			v = NAN;
		}
		x[g->nbins] = v;
		snprintf(buf, sizeof(buf), "%zu", g->nbins);
		(*labels)[g->nbins] = strdup(vcol ? rec->f[0] : buf);
		if (!(*labels)[g->nbins])
			oom();
		g->nbins++;
	}
	if (got < 0) {
		cmd_msg("%s", err);
		status = TIX_EXIT_FAIL;
	}
	{
		const char *name = *labels && !hdr_is_data ? hdr->f[vcol] : "series";

		g->x = malloc(sizeof(double *));
		if (!g->x)
			oom();
		g->x[0] = x ? x : calloc(1, sizeof(double));
		g->xcap = 1;
		if (!g->x[0] || tix_intern(&g->names, name, strlen(name)) < 0)
			oom();
	}
	tix_csvin_close(in);
	return status;
}

/* ---------- output ---------- */

static void release(struct tix_bins *g, char **label)
{
	size_t i;

	if (label)
		for (i = 0; i < g->nbins; i++)
			free(label[i]);
	free(label);
	tix_bins_release(g);
}

/* A sparkline of x (at most 44 cells, so a table's 48-column cell holds it), the cells of bins lo..hi bracketed. */
static void sparkline(const double *x, size_t n, size_t lo, size_t hi, char *buf, size_t cap)
{
	static const char *const bars[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	size_t cells = n < 44 ? n : 44, c, len = 0;
	double vmax = -INFINITY, vmin = INFINITY, v[44];

	for (c = 0; c < cells; c++) {
		size_t a = c * n / cells, b = (c + 1) * n / cells, i, m = 0;

		v[c] = 0;
		for (i = a; i < b; i++)
			if (isfinite(x[i])) {
				v[c] += x[i];
				m++;
			}
		v[c] = m ? v[c] / (double)m : NAN;
		if (m && v[c] > vmax)
			vmax = v[c];
		if (m && v[c] < vmin)
			vmin = v[c];
	}
	buf[0] = 0;
	for (c = 0; c < cells && len + 8 < cap; c++) {
		size_t a = c * n / cells, b = (c + 1) * n / cells;
		int in = a <= hi && b > lo, prev = c && (c - 1) * n / cells <= hi && c * n / cells > lo;
		int k = !isfinite(v[c]) || vmax <= vmin ? 0 :
			(int)((v[c] - vmin) / (vmax - vmin) * 7.999);

		if (in && !prev)
			buf[len++] = '[';
		if (!in && prev)
			buf[len++] = ']';
		len += (size_t)snprintf(buf + len, cap - len, "%s", isfinite(v[c]) ? bars[k] : " ");
	}
	if (c && (c - 1) * n / cells <= hi && c * n / cells > lo && len + 1 < cap)
		buf[len++] = ']';
	buf[len] = 0;
}

static const char *kind_name(int k)
{
	return k == TIX_SPIKE ? "spike" : k == TIX_SHIFT ? "shift" : "trend";
}

static void fmt_num(char *buf, size_t n, double v, const char *fmt)
{
	if (isfinite(v))
		snprintf(buf, n, fmt, v);
	else
		buf[0] = 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "alpha", required_argument, NULL, 'a' },
		{ "bin", required_argument, NULL, 'b' },
		{ "by", required_argument, NULL, 'B' },
		{ "db", required_argument, NULL, 'D' },
		{ "detect", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "series", no_argument, NULL, 'S' },
		{ "since", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 't' },
		{ "until", required_argument, NULL, 'u' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = {
		"group", "kind", "index", "start", "end", "baseline", "observed", "ratio",
		"p_value", "q_value", "score", "series"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_INT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_REAL,
		TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_TEXT
	};
	const char *db = NULL, *by = "category", *since = NULL, *until = NULL, *fmtname = NULL;
	struct tix_trend_opts topts = { 1, 7, 7 };
	struct tix_trend_result res;
	struct tix_bins g;
	char **label = NULL;
	struct tix_out *out;
	char err[TIX_ERRSZ];
	double alpha = 0.05;
	long top = -1, shown = 0;
	int ch, week = 0, series = 0, by_given = 0, detect = TIX_SPIKE | TIX_SHIFT | TIX_TREND, status;
	int64_t lo = INT64_MIN, hi = INT64_MAX, now = (int64_t)time(NULL);
	struct tix_groupby byx;
	size_t i;

	cmd_name = "tix-trend";
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a': {
			char *end;

			alpha = strtod(optarg, &end);
			if (*end || end == optarg || !(alpha > 0 && alpha < 1))
				cmd_usage_fail("--alpha takes a number between 0 and 1, not '%s'",
					       optarg);
			break;
		}
		case 'b':
			if (!strcmp(optarg, "week"))
				week = 1;
			else if (strcmp(optarg, "day"))
				cmd_usage_fail("--bin is day or week, not '%s'", optarg);
			break;
		case 'B': by = optarg; by_given = 1; break;
		case 'D': db = optarg; break;
		case 'd': {
			const char *p = optarg;

			detect = 0;
			while (*p) {
				size_t len = strcspn(p, ",");

				if (len == 5 && !strncmp(p, "spike", 5))
					detect |= TIX_SPIKE;
				else if (len == 5 && !strncmp(p, "shift", 5))
					detect |= TIX_SHIFT;
				else if (len == 5 && !strncmp(p, "trend", 5))
					detect |= TIX_TREND;
				else if (!len)
					cmd_usage_fail("--detect: an empty name in '%s'", optarg);
				else
					cmd_usage_fail("--detect takes spike, shift and trend, not '%.*s'",
						       (int)len, p);
				p += len;
				p += *p == ',';
			}
			if (!detect)
				cmd_usage_fail("--detect needs at least one of spike, shift, trend");
			break;
		}
		case 'f': fmtname = optarg; break;
		case 'h': help(); break;
		case 'S': series = 1; break;
		case 's': since = optarg; break;
		case 't': top = cmd_posnum("--top", optarg); break;
		case 'u': until = optarg; break;
		case 'V': cmd_version(); break;
		case ':': cmd_usage_fail("option '%s' needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (series && (db || since || until || week || by_given))
		cmd_usage_fail("--series reads a file: --db, --by, --bin, --since and --until "
			       "do not apply");
	if (argc > (series ? 1 : 0))
		cmd_usage_fail("unexpected argument '%s'", argv[series ? 1 : 0]);
	if (!series) {
		if (tix_groupby_parse(by, &byx) < 0)
			cmd_usage_fail("--by: unknown field '%s'", by);
		if (since && tix_time_parse_bound(since, now, &lo) < 0)
			cmd_usage_fail("--since: cannot read '%s' as a time", since);
		if (until && tix_time_parse_bound(until, now, &hi) < 0)
			cmd_usage_fail("--until: cannot read '%s' as a time", until);
		if (lo >= hi)
			cmd_usage_fail("--since must come before --until");
	}
	memset(&g, 0, sizeof(g));
	tix_intern_init(&g.names);
	memset(&res, 0, sizeof(res));
	out = tix_out_new(stdout, cmd_format(fmtname), 0, err);
	if (!out) {
		cmd_msg("%s", err);
		return TIX_EXIT_FAIL;
	}
	if (series) {
		status = load_series(argc ? argv[0] : "-", &g, &label);
		topts.counts = 0;
		topts.period = 0;
		topts.agg = 1;
	} else {
		status = load_db(cmd_db_path(db), &byx, week, lo, hi, &g);
		if (week) {
			topts.period = 0;
			topts.agg = 1;
		}
	}
	if (status == TIX_EXIT_FAIL) {
		tix_out_free(out);
		release(&g, label);
		return status;
	}
	for (i = 0; i < g.names.n; i++)
		if (tix_trend_detect(g.x[i], g.nbins, detect, &topts, i, &res, err) < 0) {
			cmd_msg("%s", err);
			exit(TIX_EXIT_FAIL);
		}
	if (tix_trend_adjust(&res, err) < 0 ||
	    tix_out_columns(out, tix_out_format(out) == TIX_FMT_TABLE ? 12 : 11, cols, types,
			    err) < 0) {
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	}
	for (i = 0; i < res.n && (top < 0 || shown < top); i++) {
		const struct tix_finding *f = &res.v[i];
		char sidx[24], sstart[64], send[64], sb[32], so[32], sr[32], sp[32], sq[32], ss[32];
		char spark[512];
		const char *v[12];

		if (!(f->q_value <= alpha))
			continue;
		snprintf(sidx, sizeof(sidx), "%zu", f->index);
		if (series) {
			snprintf(sstart, sizeof(sstart), "%s", label[f->index]);
			snprintf(send, sizeof(send), "%s", label[f->end]);
		} else {
			tix_bins_date(&g, f->index, sstart, sizeof(sstart));
			tix_bins_date(&g, f->end, send, sizeof(send));
		}
		fmt_num(sb, sizeof(sb), f->baseline, "%.6g");
		fmt_num(so, sizeof(so), f->observed, "%.6g");
		fmt_num(sr, sizeof(sr), f->ratio, "%.3f");
		fmt_num(sp, sizeof(sp), f->p_value, "%.3g");
		fmt_num(sq, sizeof(sq), f->q_value, "%.3g");
		fmt_num(ss, sizeof(ss), f->score, "%.2f");
		sparkline(g.x[f->group], g.nbins, f->index, f->end, spark, sizeof(spark));
		v[0] = tix_intern_str(&g.names, f->group);
		v[1] = kind_name(f->kind);
		v[2] = sidx;
		v[3] = sstart;
		v[4] = send;
		v[5] = sb;
		v[6] = so;
		v[7] = sr[0] ? sr : NULL;
		v[8] = sp;
		v[9] = sq;
		v[10] = ss;
		v[11] = spark;
		if (tix_out_row(out, v, err) < 0) {
			cmd_msg("%s", err);
			exit(TIX_EXIT_FAIL);
		}
		shown++;
	}
	if (tix_out_finish(out, err) < 0) {
		cmd_msg("%s", err);
		status = TIX_EXIT_FAIL;
	}
	tix_out_free(out);
	tix_trend_release(&res);
	release(&g, label);
	return status;
}
