/* tix-report - the weekly report: one Markdown or self-contained HTML document. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmdutil.h"
#include "report.h"
#include "rules.h"
#include "store.h"
#include "timeparse.h"
#include "triage.h"

static const char usage_text[] =
	"usage: tix-report [--db file] [--week yyyy-Www | --since time --until time]\n"
	"                  [--format md | html] [--by field] [--top n] [--show-pii]\n"
	"                  [--max-age days] [--severity file] [--lexicon file]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "One document for a team lead: the headline figures against the previous\n"
	      "period with their significance, spikes, shifts and trends with charts,\n"
	      "the recurring issues and the new ones, who keeps coming back, the fixes\n"
	      "that work or fail, escalations open past their due time, and the quality\n"
	      "of the data.  Written to standard output.\n"
	      "\n"
	      "      --db file        the database (default $TIX_DB, else ./tix.db)\n"
	      "      --week w         an ISO week such as 2026-W47 (default: the last\n"
	      "                       whole week before today)\n"
	      "      --since time     the period's start (a date, or 12w); with --until\n"
	      "      --until time     the period's end, not included\n"
	      "      --format f       md (default) or html: one self-contained file\n"
	      "      --by field       the groups: category (default), subcategory,\n"
	      "                       priority, channel, team, source, tag, pattern,\n"
	      "                       or field:NAME (requester only with --show-pii)\n"
	      "      --top n          rows per list (default 5; the issues and fixes\n"
	      "                       lists show twice as many)\n"
	      "      --show-pii       show e-mail addresses and phone numbers found in text\n"
	      "      --max-age days   exit 1 when the newest ticket is older than this\n"
	      "                       at the end of the period (stale data)\n"
	      "      --severity file  levels, teams and SLA targets (tix-severity(5))\n"
	      "      --lexicon file   risk words for the open escalations (tix-lexicon(5))\n"
	      "\n"
	      "Exit: 0 ok, 1 written but the data is stale (--max-age), 2 usage,\n"
	      "3 could not run.  See tix-report(1).\n", stdout);
	exit(TIX_EXIT_OK);
}

/* the ISO week before the one of now, as [lo, hi) and its name */
static void last_week(int64_t now, int64_t *lo, int64_t *hi, char *name, size_t n)
{
	int64_t day = now / 86400 - (now % 86400 < 0);
	int64_t dow = ((day + 3) % 7 + 7) % 7;	/* 0: Monday (1970-01-01 was a Thursday) */
	time_t thu;
	struct tm tm;

	*lo = (day - dow - 7) * 86400;
	*hi = *lo + 7 * 86400;
	thu = (time_t)(*lo + 3 * 86400);
	gmtime_r(&thu, &tm);
	snprintf(name, n, "%04d-W%02d", tm.tm_year + 1900, tm.tm_yday / 7 + 1);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'B' },
		{ "db", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "lexicon", required_argument, NULL, 'L' },
		{ "max-age", required_argument, NULL, 'm' },
		{ "severity", required_argument, NULL, 'S' },
		{ "show-pii", no_argument, NULL, 'P' },
		{ "since", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 't' },
		{ "until", required_argument, NULL, 'u' },
		{ "version", no_argument, NULL, 'V' },
		{ "week", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *by = "category", *since = NULL, *until = NULL, *week = NULL;
	const char *sevfile = NULL, *lexfile = NULL, *fmt = "md", *name;
	struct tix_report_opts ro;
	struct tix_report_info info;
	struct tix_groupby byx;
	struct tix_severity sv;
	struct tix_lexicon *lx = NULL;
	struct tix_store *s;
	struct tix_buf doc;
	char err[TIX_ERRSZ], label[32];
	long top = 5, max_age = -1;
	int ch, status = TIX_EXIT_OK;
	int64_t now = (int64_t)time(NULL), lo, hi;

	cmd_name = "tix-report";
	memset(&ro, 0, sizeof(ro));
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'B': by = optarg; break;
		case 'D': db = optarg; break;
		case 'f': fmt = optarg; break;
		case 'h': help(); break;
		case 'L': lexfile = optarg; break;
		case 'm': max_age = cmd_posnum("--max-age", optarg); break;
		case 'P': ro.show_pii = 1; break;
		case 'S': sevfile = optarg; break;
		case 's': since = optarg; break;
		case 't': top = cmd_posnum("--top", optarg); break;
		case 'u': until = optarg; break;
		case 'V': cmd_version(); break;
		case 'w': week = optarg; break;
		case ':': cmd_usage_fail("option '%s' needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		cmd_usage_fail("unexpected argument '%s'", argv[optind]);
	if (!strcmp(fmt, "md"))
		ro.format = TIX_REPORT_MD;
	else if (!strcmp(fmt, "html"))
		ro.format = TIX_REPORT_HTML;
	else
		cmd_usage_fail("--format is md or html, not '%s'", fmt);
	if (tix_groupby_parse(by, &byx) < 0)
		cmd_usage_fail("--by: unknown field '%s'", by);
	if (!strcmp(by, "requester") && !ro.show_pii)
		cmd_usage_fail("--by requester names requesters: only with --show-pii");
	if (top > 1000)
		cmd_usage_fail("--top is at most 1000, not '%ld'", top);
	if (max_age > 36500)
		cmd_usage_fail("--max-age is at most 36500 days, not '%ld'", max_age);
	if (week && (since || until))
		cmd_usage_fail("--week and --since/--until go one at a time");
	if (!!since != !!until)
		cmd_usage_fail("--since and --until go together");
	if (week) {
		if (tix_iso_week(week, &lo, &hi) < 0)
			cmd_usage_fail("--week: '%s' is not an ISO week such as 2026-W47", week);
		snprintf(label, sizeof(label), "%s", week);
		ro.label = label;
	} else if (since) {
		if (tix_time_parse_bound(since, now, &lo) < 0)
			cmd_usage_fail("--since: cannot read '%s' as a time", since);
		if (tix_time_parse_bound(until, now, &hi) < 0)
			cmd_usage_fail("--until: cannot read '%s' as a time", until);
		if (lo >= hi)
			cmd_usage_fail("--since must come before --until");
	} else {
		last_week(now, &lo, &hi, label, sizeof(label));
		ro.label = label;
	}
	if (tix_severity_load(&sv, sevfile, err) < 0 || !(lx = tix_lexicon_load(&sv, lexfile, err))) {
		cmd_msg("%s", err);
		return TIX_EXIT_FAIL;
	}
	db = cmd_db_path(db);
	if (!(s = tix_store_open(db, TIX_STORE_READONLY, err)) ||
	    tix_groupby_ready(s, &byx, err) < 0) {
		cmd_msg("%s", err);
		tix_store_close(s);
		tix_lexicon_free(lx);
		tix_severity_release(&sv);
		return TIX_EXIT_FAIL;
	}
	name = strrchr(db, '/');
	ro.lo = lo;
	ro.hi = hi;
	ro.now = now;
	ro.by = &byx;
	ro.by_name = by;
	ro.sv = &sv;
	ro.lx = lx;
	ro.db_name = name ? name + 1 : db;
	ro.top = top;
	tix_buf_init(&doc, SIZE_MAX);
	if (tix_report_write(s, &ro, &doc, &info, err) < 0) {
		cmd_msg("%s", err);
		status = TIX_EXIT_FAIL;
	} else if (fwrite(doc.s, 1, doc.len, stdout) != doc.len || fflush(stdout) != 0) {
		cmd_msg("standard output: cannot write the report");
		status = TIX_EXIT_FAIL;
	} else {
		int64_t end = now < hi ? now : hi;
		char day[32];

		if (!info.data_last) {
			cmd_msg("the database has no tickets with a creation date");
		} else if (hi <= info.data_first) {
			tix_time_format_iso(info.data_first, day);
			cmd_msg("the period ends before the first ticket (%.10s)", day);
		} else if (!info.tickets) {
			cmd_msg("no tickets created in the period");
		}
		if (max_age >= 0 && (!info.data_last || end - info.data_last > max_age * 86400)) {
			if (info.data_last) {
				tix_time_format_iso(info.data_last, day);
				cmd_msg("stale data: the newest ticket was created %.10s, %.1f days "
					"before the end of the period (--max-age %ld)", day,
					(double)(end - info.data_last) / 86400, max_age);
			} else {
				cmd_msg("stale data: no tickets at all (--max-age %ld)", max_age);
			}
			status = TIX_EXIT_DATA;
		}
	}
	tix_buf_release(&doc);
	tix_store_close(s);
	tix_lexicon_free(lx);
	tix_severity_release(&sv);
	return status;
}
