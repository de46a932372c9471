/* tix-clean - any messy export in, clean RFC 4180 CSV out. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdutil.h"
#include "colsniff.h"
#include "csvin.h"
#include "out.h"
#include "sources.h"

static const char usage_text[] =
	"usage: tix-clean [--lf] [--report] [--date-order dmy | mdy] [--delimiter char]\n"
	"                 [--header-line n] [--format fmt] [file ...]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Reads exports the way tix-ingest does and writes clean UTF-8 CSV (RFC 4180):\n"
	      "header first, every record the same width, CRLF record ends. Bad rows are\n"
	      "left out and reported on stderr. Standard input when no file.\n"
	      "\n"
	      "      --lf              end records with LF instead of CRLF\n"
	      "      --report          say what was found instead of writing the CSV:\n"
	      "                        columns file,line,item,column,value\n"
	      "      --date-order o    dmy or mdy, for the date formats in --report\n"
	      "      --delimiter char  , ; tab or | (default: sniffed)\n"
	      "      --header-line n   the header's line (default: sniffed)\n"
	      "      --format fmt      for --report: table, csv, tsv, json or ndjson\n"
	      "\n"
	      "Exit: 0 ok, 1 rows left out, 2 usage, 3 a file could not be read.\n"
	      "See tix-clean(1).\n", stdout);
	exit(TIX_EXIT_OK);
}

struct report {
	struct tix_out *o;
	const char *file;
	char err[TIX_ERRSZ];
	int failed;
};

static void item(struct report *r, long line, const char *what, const char *col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void item(struct report *r, long line, const char *what, const char *col, const char *fmt, ...)
{
	char lbuf[24], val[512];
	const char *v[5];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	snprintf(lbuf, sizeof(lbuf), "%ld", line);
	v[0] = r->file;
	v[1] = line ? lbuf : NULL;
	v[2] = what;
	v[3] = col;
	v[4] = val;
	if (!r->failed && tix_out_row(r->o, v, r->err) < 0)
		r->failed = 1;
}

static int report_file(struct report *rep, struct tix_csvin *in, int date_order)
{
	const struct tix_csvin_info *info = tix_csvin_info(in);
	const struct tix_record *hdr = tix_csvin_header(in);
	struct tix_record *rec;
	struct tix_colsniff cs;
	struct tix_mapping m;
	char err[TIX_ERRSZ];
	long records = 0, rejected = 0;
	size_t i;
	int got, status = TIX_EXIT_OK;

	item(rep, 0, "encoding", NULL, "%s", info->encoding);
	item(rep, 0, "delimiter", NULL, "%s", info->delim == '\t' ? "tab" :
	     (char[2]){ (char)info->delim, 0 });
	item(rep, 0, "newline", NULL, "%s", info->newline);
	item(rep, info->header_line, "header_line", NULL, "%ld", info->header_line);
	item(rep, 0, "preamble_lines", NULL, "%ld", info->preamble_lines);
	item(rep, 0, "columns", NULL, "%zu", hdr->n);
	if (!hdr->n)
		return TIX_EXIT_OK;
	if (tix_source_map((const char *const *)hdr->f, hdr->n, NULL, &m, err) == 0) {
		item(rep, 0, "source", NULL, "%s", m.source);
		tix_mapping_release(&m);
	}
	if (tix_colsniff_init(&cs, hdr->n) < 0) {
		cmd_msg("out of memory");
		return TIX_EXIT_FAIL;
	}
	while ((got = tix_csvin_next(in, &rec, err)) > 0) {
		records++;
		if (rec->problem != TIX_REC_OK) {
			rejected++;
			item(rep, rec->line, "problem", NULL, "%s", rec->why);
			continue;
		}
		tix_colsniff_feed(&cs, rec);
	}
	if (got < 0) {
		cmd_msg("%s", err);
		status = TIX_EXIT_FAIL;
	}
	for (i = 0; i < hdr->n; i++) {
		enum tix_dord ord;
		char fmt[64];
		const char *smp = cs.c[i].sample;

		if (!tix_colsniff_is_date(&cs, i))
			continue;
		if (tix_colsniff_order(&cs, i, (enum tix_dord)date_order, &ord) == TIX_ORDER_AMBIGUOUS) {
			item(rep, 0, "date_format", hdr->f[i],
			     "ambiguous: %s reads day-first and month-first; say --date-order",
			     cs.c[i].ambig_sample);
			continue;
		}
		if (tix_time_describe(smp, strlen(smp), ord, fmt, sizeof(fmt)) == 0)
			item(rep, 0, "date_format", hdr->f[i], "%s", fmt);
	}
	item(rep, 0, "blank_records", NULL, "%ld", info->blank_records);
	item(rep, 0, "footer_lines", NULL, "%ld", info->footer_lines);
	for (i = 0; i < info->nfooter; i++)
		item(rep, 0, "footer", NULL, "%s", info->footer[i]);
	item(rep, 0, "records", NULL, "%ld", records - rejected);
	item(rep, 0, "rejected", NULL, "%ld", rejected);
	tix_colsniff_release(&cs);
	if (status == TIX_EXIT_OK && rejected)
		status = TIX_EXIT_DATA;
	return status;
}

static int same_header(const struct tix_record *a, const struct tix_record *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->f[i], b->f[i]))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "date-order", required_argument, NULL, 'O' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "header-line", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "lf", no_argument, NULL, 'L' },
		{ "report", no_argument, NULL, 'R' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const rcols[] = { "file", "line", "item", "column", "value" };
	static const enum tix_coltype rtypes[] = {
		TIX_COL_TEXT, TIX_COL_INT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT
	};
	struct tix_csvin_opts copts = { 0, 0, 0 };
	const char *fmtname = NULL;
	char *stdin_only[] = { (char *)"-" };
	char **files, err[TIX_ERRSZ];
	struct tix_record *first_hdr = NULL;
	struct tix_out *out = NULL;
	struct report rep;
	int ch, i, nfiles, lf = 0, want_report = 0, date_order = 0, status = TIX_EXIT_OK;

	cmd_name = "tix-clean";
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H': copts.header_line = cmd_posnum("--header-line", optarg); break;
		case 'L': lf = 1; break;
		case 'O': date_order = cmd_date_order(optarg); break;
		case 'R': want_report = 1; break;
		case 'V': cmd_version(); break;
		case 'd': copts.delim = cmd_delim(optarg); break;
		case 'f': fmtname = optarg; break;
		case 'h': help(); break;
		case ':': cmd_usage_fail("option '%s' needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (fmtname && !want_report)
		cmd_usage_fail("--format goes with --report; the cleaned output is always CSV");
	files = argc ? argv : stdin_only;
	nfiles = argc ? argc : 1;
	memset(&rep, 0, sizeof(rep));
	if (want_report) {
		rep.o = tix_out_new(stdout, cmd_format(fmtname), 0, err);
		if (!rep.o || tix_out_columns(rep.o, 5, rcols, rtypes, err) < 0) {
			cmd_msg("%s", err);
			return TIX_EXIT_FAIL;
		}
	}
	for (i = 0; i < nfiles; i++) {
		struct tix_csvin *in = tix_csvin_open(files[i], &copts, err);
		const struct tix_record *hdr;
		struct tix_record *rec;
		int got, st = TIX_EXIT_OK;

		if (!in) {
			cmd_msg("%s", err);
			status = TIX_EXIT_FAIL;
			continue;
		}
		hdr = tix_csvin_header(in);
		if (want_report) {
			rep.file = tix_csvin_name(in);
			st = report_file(&rep, in, date_order);
			if (st > status)
				status = st;
			tix_csvin_close(in);
			continue;
		}
		if (!hdr->n) {
			cmd_msg("%s:1: empty file: no header, no records", tix_csvin_name(in));
			status = TIX_EXIT_FAIL;
			tix_csvin_close(in);
			continue;
		}
		if (!out) {
			out = tix_out_new(stdout, TIX_FMT_CSV, lf ? 0 : TIX_OUT_CRLF, err);
			if (!out || tix_out_columns(out, hdr->n, (const char *const *)hdr->f, NULL,
						    err) < 0) {
				cmd_msg("%s", err);
				tix_csvin_close(in);
				return TIX_EXIT_FAIL;
			}
			first_hdr = malloc(sizeof(*first_hdr));
			if (!first_hdr) {
				cmd_msg("out of memory");
				return TIX_EXIT_FAIL;
			}
			first_hdr->n = hdr->n;
			first_hdr->f = malloc(hdr->n * sizeof(char *));
			if (!first_hdr->f) {
				cmd_msg("out of memory");
				return TIX_EXIT_FAIL;
			}
			for (size_t k = 0; k < hdr->n; k++)
				first_hdr->f[k] = strdup(hdr->f[k]);
		} else if (!same_header(first_hdr, hdr)) {
			cmd_msg("%s:%ld: the header differs from the first file's; clean them apart",
				tix_csvin_name(in), hdr->line);
			status = TIX_EXIT_FAIL;
			tix_csvin_close(in);
			continue;
		}
		while ((got = tix_csvin_next(in, &rec, err)) > 0) {
			if (rec->problem != TIX_REC_OK) {
				cmd_msg("%s:%ld: %s", tix_csvin_name(in), rec->line, rec->why);
				st = TIX_EXIT_DATA;
				continue;
			}
			if (tix_out_rown(out, (const char *const *)rec->f, rec->len, err) < 0) {
				cmd_msg("%s", err);
				got = -2;
				break;
			}
		}
		if (got == -1)
			cmd_msg("%s", err);
		if (got < 0)
			st = TIX_EXIT_FAIL;
		if (st > status)
			status = st;
		tix_csvin_close(in);
	}
	if (out && tix_out_finish(out, err) < 0) {
		cmd_msg("%s", err);
		status = TIX_EXIT_FAIL;
	}
	if (rep.o && (rep.failed || tix_out_finish(rep.o, err) < 0)) {
		cmd_msg("%s", rep.failed ? rep.err : err);
		status = TIX_EXIT_FAIL;
	}
	tix_out_free(out);
	tix_out_free(rep.o);
	if (first_hdr) {
		for (size_t k = 0; k < first_hdr->n; k++)
			free(first_hdr->f[k]);
		free(first_hdr->f);
		free(first_hdr);
	}
	return status;
}
