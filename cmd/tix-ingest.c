/* tix-ingest - CRM ticket exports into one SQLite file. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmdutil.h"
#include "ingest.h"
#include "out.h"
#include "sources.h"
#include "store.h"
#include "timeparse.h"

static const char usage_text[] =
	"usage: tix-ingest [-nqv] [--db file] [--source name | --map file]\n"
	"                  [--date-order dmy | mdy] [--tz zone] [--delimiter char]\n"
	"                  [--header-line n] [--pseudonymize [--key-file file]]\n"
	"                  [--format fmt] [file ...]\n"
	"       tix-ingest --summary [--db file] [--format fmt]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Reads ticket exports (Zendesk, Salesforce, Freshdesk, Jira Service Management,\n"
	      "ServiceNow, Oracle Service Cloud, CFPB complaints, support tweets, or any CSV\n"
	      "with a mapping file) into the ticket database. Standard input when no file.\n"
	      "\n"
	      "  -n, --dry-run         read and count everything, write nothing\n"
	      "  -q, --quiet           no summary table, no notices\n"
	      "  -v, --verbose         say on stderr where the time went\n"
	      "      --db file         the database (default $TIX_DB or ./tix.db)\n"
	      "      --source name     zendesk, salesforce, freshdesk, jsm, servicenow, oracle,\n"
	      "                        cfpb, twcs or generic (default: from the header)\n"
	      "      --map file        a tix-map(5) mapping file\n"
	      "      --date-order o    dmy or mdy, for 03/04/2024 when the data never says\n"
	      "      --tz zone         zone of times without an offset (default UTC)\n"
	      "      --delimiter char  , ; tab or | (default: sniffed)\n"
	      "      --header-line n   the header's line (default: sniffed)\n"
	      "      --pseudonymize    store requester identities (e-mail, name, phone) as\n"
	      "                        keyed hashes; the key from --key-file or $TIX_KEY\n"
	      "      --key-file file   the key for --pseudonymize (16 bytes or more)\n"
	      "      --format fmt      table, csv, tsv, json or ndjson\n"
	      "      --summary         tickets per source in the database\n"
	      "\n"
	      "Output columns: file,source,batch,rows,inserted,updated,merged,unchanged,rejected\n"
	      "Exit: 0 ok, 1 rows rejected, 2 usage, 3 a file could not be read.\n"
	      "See tix-ingest(1), tix-map(5), tix-schema(5).\n", stdout);
	exit(TIX_EXIT_OK);
}

static int quiet;

/*
 * The progress line, on a terminal only: rows, MB, rows/s, and % and ETA
 * when the size is known.  At most four times a second; cleared at the end.
 */
struct progress {
	double start, last;
	int shown;
};

static void on_progress(void *ctx, const char *file, long long rows, long long done,
			long long total)
{
	struct progress *p = ctx;
	double t = tix_now(), rate;
	char pct[48] = "";

	if (p->shown && t - p->last < 0.25)
		return;
	if (!p->shown)
		p->start = p->start ? p->start : t;
	p->last = t;
	rate = t > p->start ? rows / (t - p->start) : 0;
	if (total > 0 && done > 0) {
		double eta = (t - p->start) * (double)(total - done) / (double)done;

		snprintf(pct, sizeof(pct), "  %3d%%  ETA %d:%02d", (int)(100.0 * done / total),
			 (int)eta / 60, (int)eta % 60);
	}
	fprintf(stderr, "\r\033[K%s: %s: %lld rows  %.1f MB  %.0f rows/s%s", cmd_name, file, rows,
		done / 1e6, rate, pct);
	p->shown = 1;
}

static void progress_end(struct progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
	p->start = 0;
}

/* A message while the progress line shows: clear it first. */
static void progress_clear(void *ctx)
{
	struct progress *p = ctx;

	if (p && p->shown) {
		fputs("\r\033[K", stderr);
		p->shown = 0;
	}
}

static void on_reject(void *ctx, const char *file, long line, const char *why)
{
	progress_clear(ctx);
	cmd_msg("%s:%ld: %s", file, line, why);
}

static void on_notice(void *ctx, const char *file, const char *msg)
{
	progress_clear(ctx);
	if (!quiet)
		cmd_msg("%s: %s", file, msg);
}



static int summary(struct tix_store *s, enum tix_fmt fmt)
{
	static const char *const cols[] = {
		"source", "tickets", "first_created", "last_created", "batches", "rejected"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_INT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_INT, TIX_COL_INT
	};
	char err[TIX_ERRSZ];
	sqlite3_stmt *st = NULL;
	struct tix_out *o;
	int rc, ret = TIX_EXIT_FAIL;

	o = tix_out_new(stdout, fmt, 0, err);
	if (!o || tix_out_columns(o, 6, cols, types, err) < 0)
		goto out;
	if (tix_store_prepare(s, &st,
			      "SELECT t.source, count(*), min(t.created), max(t.created),"
			      " (SELECT count(*) FROM ingest_batch b WHERE b.source = t.source),"
			      " (SELECT count(*) FROM reject r JOIN ingest_batch b ON r.batch_id = b.id"
			      "   WHERE b.source = t.source)"
			      " FROM ticket t GROUP BY t.source ORDER BY t.source", err) < 0)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char first[32] = "", last[32] = "";
		const char *v[6];

		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			tix_time_format_iso(sqlite3_column_int64(st, 2), first);
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			tix_time_format_iso(sqlite3_column_int64(st, 3), last);
		v[0] = (const char *)sqlite3_column_text(st, 0);
		v[1] = (const char *)sqlite3_column_text(st, 1);
		v[2] = first[0] ? first : NULL;
		v[3] = last[0] ? last : NULL;
		v[4] = (const char *)sqlite3_column_text(st, 4);
		v[5] = (const char *)sqlite3_column_text(st, 5);
		if (tix_out_row(o, v, err) < 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, sizeof(err), "%s: %s", s->path, sqlite3_errmsg(s->db));
		goto out;
	}
	if (tix_out_finish(o, err) < 0)
		goto out;
	ret = TIX_EXIT_OK;
out:
	if (ret)
		cmd_msg("%s", err);
	sqlite3_finalize(st);
	tix_out_free(o);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "date-order", required_argument, NULL, 'O' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "header-line", required_argument, NULL, 'H' },
		{ "key-file", required_argument, NULL, 'K' },
		{ "pseudonymize", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "map", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "source", required_argument, NULL, 's' },
		{ "summary", no_argument, NULL, 'S' },
		{ "tz", required_argument, NULL, 'z' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = {
		"file", "source", "batch", "rows", "inserted", "updated", "merged", "unchanged",
		"rejected"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_INT, TIX_COL_INT, TIX_COL_INT, TIX_COL_INT,
		TIX_COL_INT, TIX_COL_INT, TIX_COL_INT
	};
	struct tix_ingest_opts o;
	const char *db = NULL, *fmtname = NULL;
	const char *stdin_only[] = { "-" };
	char err[TIX_ERRSZ];
	struct tix_store *s = NULL;
	struct tix_out *out = NULL;
	struct progress prog = { 0, 0, 0 };
	struct tix_pseudo pseudo;
	const char *keyfile = NULL;
	int want_pseudo = 0, verbose = 0;
	enum tix_fmt fmt;
	int ch, i, nfiles, want_summary = 0, status = TIX_EXIT_OK;
	char **files;

	cmd_name = "tix-ingest";
	opterr = 0;
	memset(&o, 0, sizeof(o));
	while ((ch = getopt_long(argc, argv, ":hnqvV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'D': db = optarg; break;
		case 'H': o.header_line = cmd_posnum("--header-line", optarg); break;
		case 'K': keyfile = optarg; break;
		case 'O': o.date_order = cmd_date_order(optarg); break;
		case 'P': want_pseudo = 1; break;
		case 'S': want_summary = 1; break;
		case 'V': cmd_version(); break;
		case 'd': o.delim = cmd_delim(optarg); break;
		case 'f': fmtname = optarg; break;
		case 'h': help(); break;
		case 'm': o.mapfile = optarg; break;
		case 'n': o.dry_run = 1; break;
		case 'q': quiet = 1; break;
		case 's': o.source = optarg; break;
		case 'v': verbose = 1; break;
		case 'z': o.tz = optarg; break;
		case ':': cmd_usage_fail("option '%s' needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (o.source && o.mapfile)
		cmd_usage_fail("--source and --map do not go together");
	if (keyfile && !want_pseudo)
		cmd_usage_fail("--key-file goes with --pseudonymize");
	if (want_pseudo) {
		if (tix_pseudo_load(&pseudo, keyfile, err) < 0)
			cmd_usage_fail("%s", err);
		o.pseudo = &pseudo;
	}
	if (want_summary && argc)
		cmd_usage_fail("--summary reads the database, not files");
	if (o.tz && tix_ingest_check_tz(o.tz, err) < 0)
		cmd_usage_fail("%s", err);
	if (o.source && !tix_source_known(o.source))
		cmd_usage_fail("unknown source '%s' (zendesk, salesforce, freshdesk, jsm, "
			       "servicenow, oracle, cfpb, twcs, generic)", o.source);
	db = cmd_db_path(db);
	fmt = cmd_format(fmtname);	/* a usage error must come before any file is made */
	if (want_summary) {
		s = tix_store_open(db, TIX_STORE_READONLY, err);
		if (!s) {
			cmd_msg("%s", err);
			return TIX_EXIT_FAIL;
		}
		status = summary(s, fmt);
		tix_store_close(s);
		return status;
	}
	o.on_reject = on_reject;
	o.on_notice = on_notice;
	if (isatty(2) && !quiet) {
		o.on_progress = on_progress;
		o.ctx = &prog;
	}
	if (o.dry_run && access(db, F_OK) != 0)
		db = ":memory:";
	s = tix_store_open(db, TIX_STORE_CREATE, err);
	if (!s) {
		cmd_msg("%s", err);
		return TIX_EXIT_FAIL;
	}
	if (!quiet) {
		out = tix_out_new(stdout, fmt, 0, err);
		if (!out || tix_out_columns(out, 9, cols, types, err) < 0) {
			cmd_msg("%s", err);
			tix_store_close(s);
			return TIX_EXIT_FAIL;
		}
	}
	files = argc ? argv : (char **)stdin_only;
	nfiles = argc ? argc : 1;
	for (i = 0; i < nfiles; i++) {
		struct tix_ingest_counts c;
		char n[7][24], batch[24];
		const char *v[9];
		int k;

		prog.start = tix_now();
		if (tix_ingest_file(s, files[i], &o, &c, err) < 0) {
			progress_end(&prog);
			cmd_msg("%s", err);
			status = TIX_EXIT_FAIL;
			continue;
		}
		progress_end(&prog);
		if (verbose)
			cmd_msg("%s: %lld rows: read and stored in %.2f s, indexes %.2f s, full-text "
				"index %.2f s (%s), commit %.2f s", strcmp(files[i], "-") ? files[i] : "stdin",
				c.rows, c.t_rows, c.t_indexes, c.t_fts,
				c.fts_beside ? "built beside the rows" : "from the table", c.t_commit);
		if (c.rejected && status == TIX_EXIT_OK)
			status = TIX_EXIT_DATA;
		if (!out)
			continue;
		snprintf(batch, sizeof(batch), "%lld", c.batch);
		snprintf(n[0], sizeof(n[0]), "%lld", c.rows);
		snprintf(n[1], sizeof(n[1]), "%lld", c.inserted);
		snprintf(n[2], sizeof(n[2]), "%lld", c.updated);
		snprintf(n[3], sizeof(n[3]), "%lld", c.merged);
		snprintf(n[4], sizeof(n[4]), "%lld", c.unchanged);
		snprintf(n[5], sizeof(n[5]), "%lld", c.rejected);
		v[0] = strcmp(files[i], "-") ? files[i] : "stdin";
		v[1] = c.source;
		v[2] = o.dry_run ? NULL : batch;
		for (k = 0; k < 6; k++)
			v[3 + k] = n[k];
		if (tix_out_row(out, v, err) < 0) {
			cmd_msg("%s", err);
			status = TIX_EXIT_FAIL;
		}
	}
	if (out && tix_out_finish(out, err) < 0) {
		cmd_msg("%s", err);
		status = TIX_EXIT_FAIL;
	}
	tix_out_free(out);
	tix_store_close(s);
	if (o.pseudo)
		tix_pseudo_release(&pseudo);
	return status;
}
