/* tix-triage - first-pass triage: who must be escalated now, to whom, by when. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmdutil.h"
#include "escalate.h"
#include "out.h"
#include "pseudo.h"
#include "reader.h"
#include "rules.h"
#include "store.h"
#include "timeparse.h"
#include "triage.h"

static const char usage_text[] =
	"usage: tix-triage [--min-severity level] [--db file] [--key-file file]\n"
	"                  [--severity file] [--lexicon file] [--source name] [--map file]\n"
	"                  [--date-order dmy | mdy] [--format fmt] [file ...]\n"
	"       tix-triage --open [--db file] [--min-severity level] [--now time]\n"
	"                  [--severity file] [--lexicon file] [--format fmt]\n"
	"       tix-triage --check [--severity file] [--lexicon file]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Reads exports (any layout tix-ingest reads; standard input when no file is\n"
	      "given) and writes one row per ticket: how urgent it is (S0 minutes, S1 hours,\n"
	      "S2 a day, S3 three days), the risks found, the team, the due time, the words\n"
	      "that matched, and the facts in the text.\n"
	      "\n"
	      "      --min-severity l  only tickets of level l or more urgent (S0 to S3)\n"
	      "      --db file         add the requester's and the named accounts' history\n"
	      "                        from this database, and raise repeat cases\n"
	      "      --key-file file   the key of a pseudonymised database (else $TIX_KEY)\n"
	      "      --severity file   levels, targets, teams (tix-severity(5); built in)\n"
	      "      --lexicon file    the phrases looked for (tix-lexicon(5); built in)\n"
	      "      --source name     the export's layout, when not recognised\n"
	      "      --map file        a mapping file (tix-map(5))\n"
	      "      --date-order o    dmy or mdy, for dates like 03/04/2024\n"
	      "      --open            escalated tickets of the database still open past due\n"
	      "      --now time        the time --open compares with (default: now)\n"
	      "      --check           read the severity file and lexicon, report, exit\n"
	      "      --format fmt      table, csv, tsv, json or ndjson\n"
	      "\n"
	      "Columns: id,subject,severity,risks,team,due,reasons,facts; with --db also\n"
	      "prior_tickets,prior_risks,target_reports.  --open: id,source,subject,severity,\n"
	      "risks,team,status,assignee,created,due,overdue_hours,reasons.\n"
	      "Exit: 0 ok (also when S0 tickets are found), 1 rows that could not be read,\n"
	      "2 usage, 3 could not run.\n"
	      "See tix-triage(1), tix-severity(5), tix-lexicon(5).\n", stdout);
	exit(TIX_EXIT_OK);
}

static void oom(void)
{
	cmd_msg("out of memory");
	exit(TIX_EXIT_FAIL);
}

struct ctx {
	struct tix_severity sv;
	struct tix_lexicon *lx;
	struct tix_triager *t;
	struct tix_history *hist;
	struct tix_out *out;
	int min_level;
	int with_db;
	long rows, shown, problems;
	struct tix_buf reasons;		/* one ticket's reasons, reused */
	long per_level[TIX_NLEVELS];
};

static void load_rules(struct ctx *c, const char *sevfile, const char *lexfile)
{
	char err[TIX_ERRSZ];

	if (tix_severity_load(&c->sv, sevfile, err) < 0 ||
	    !(c->lx = tix_lexicon_load(&c->sv, lexfile, err))) {
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	}
}

static void out_fail(const char *err)
{
	cmd_msg("%s", err);
	exit(TIX_EXIT_FAIL);
}

/* A row the reader could not make a ticket of: say where, and what its
   text holds, so a risk is not lost with it. */
static void problem(struct ctx *c, const char *name, const struct tix_ticket *tk)
{
	char err[TIX_ERRSZ];

	c->problems++;
	if (tk->fatal && tk->raw) {
		const struct tix_triage *r = tix_triage_run(c->t, NULL, 0, tk->raw, tk->rawlen, err);

		if (!r)
			oom();
		if (r->cat >= 0 && r->level <= 1) {
			cmd_msg("%s:%ld: %s; the row was not read, but its text reads as S%d (%s): "
				"look at it by hand", name, tk->line, tk->why, r->level,
				*r->risks ? r->risks : c->sv.cat[r->cat].name);
			return;
		}
	}
	cmd_msg("%s:%ld: %s%s", name, tk->line, tk->why,
		tk->fatal ? "; the row was not read" : "; triaged without a due time");
}

static void one_ticket(struct ctx *c, const struct tix_ticket *tk)
{
	char err[TIX_ERRSZ], due[40] = "", pt[24], tr[24];
	const struct tix_triage *r;
	struct tix_hist_result h;
	struct tix_buf *reasons = &c->reasons;
	const char *row[11];
	size_t len[11];
	int level, k;

	r = tix_triage_run(c->t, tk->f[TIX_F_SUBJECT], tk->n[TIX_F_SUBJECT], tk->f[TIX_F_BODY],
			   tk->n[TIX_F_BODY], err);
	if (!r)
		oom();
	level = r->level;
	if (c->hist) {
		if (tix_history_apply(c->hist, tk->idp, tk->idn, tk->f[TIX_F_REQUESTER],
				      tk->n[TIX_F_REQUESTER], tk->created, tk->has_created, r, &h,
				      err) < 0)
			out_fail(err);
		level = h.level;
	}
	c->rows++;
	if (level > c->min_level)
		return;
	c->shown++;
	c->per_level[level]++;
	if (tk->has_created)
		tix_time_format_iso(tk->created + c->sv.target[level], due);
	tix_buf_reset(reasons);
	if (tix_buf_adds(reasons, r->reasons) < 0 ||
	    (c->hist && h.reason[0] &&
	     ((reasons->len && tix_buf_adds(reasons, "; ") < 0) ||
	      tix_buf_adds(reasons, h.reason) < 0)))
		oom();
	for (k = 0; k < 11; k++) {
		row[k] = NULL;
		len[k] = 0;
	}
	{
		static const char *const lv[TIX_NLEVELS] = { "S0", "S1", "S2", "S3" };

		row[0] = tk->idp;
		len[0] = tk->idn;
		row[1] = tk->f[TIX_F_SUBJECT] ? tk->f[TIX_F_SUBJECT] : "";
		len[1] = tk->f[TIX_F_SUBJECT] ? tix_utf8_valid(tk->f[TIX_F_SUBJECT],
							       tk->n[TIX_F_SUBJECT]) : 0;
		row[2] = lv[level];
		len[2] = 2;
		row[3] = r->risks;
		len[3] = strlen(r->risks);
		row[4] = r->team;
		len[4] = strlen(r->team);
		row[5] = tk->has_created ? due : NULL;
		len[5] = strlen(due);
		row[6] = reasons->s ? reasons->s : "";
		len[6] = reasons->len;
		row[7] = r->facts;
		len[7] = strlen(r->facts);
	}
	if (c->with_db) {
		snprintf(pt, sizeof(pt), "%ld", h.prior_tickets);
		snprintf(tr, sizeof(tr), "%ld", h.target_reports);
		row[8] = pt;
		len[8] = strlen(pt);
		row[9] = h.prior_risks;
		len[9] = strlen(h.prior_risks);
		row[10] = tr;
		len[10] = strlen(tr);
	}
	if (tix_out_rown(c->out, row, len, err) < 0)
		out_fail(err);
}

static int triage_file(struct ctx *c, const char *path, const struct tix_reader_opts *o)
{
	char err[TIX_ERRSZ];
	struct tix_reader *rd = tix_reader_open(path, o, err);
	struct tix_ticket tk;
	int got;

	if (!rd) {
		cmd_msg("%s", err);
		return -1;
	}
	while ((got = tix_reader_next(rd, &tk, err)) > 0) {
		if (tk.problem)
			problem(c, tix_reader_name(rd), &tk);
		if (!tk.fatal)
			one_ticket(c, &tk);
	}
	if (got < 0)
		cmd_msg("%s", err);
	tix_reader_close(rd);
	return got < 0 ? -1 : 0;
}

/* ---------- --open ---------- */

struct openctx {
	struct tix_out *out;
	int64_t now;
};

static int open_row(void *vctx, const struct tix_open_row *r)
{
	static const char *const lv[TIX_NLEVELS] = { "S0", "S1", "S2", "S3" };
	struct openctx *oc = vctx;
	char created[40], due[40], over[32], err[TIX_ERRSZ];
	const char *row[12];

	tix_time_format_iso(r->created, created);
	tix_time_format_iso(r->due, due);
	snprintf(over, sizeof(over), "%.1f", (double)(oc->now - r->due) / 3600.0);
	row[0] = r->id;
	row[1] = r->source;
	row[2] = r->subject;
	row[3] = lv[r->level];
	row[4] = r->risks;
	row[5] = r->team;
	row[6] = r->status;
	row[7] = r->assignee;
	row[8] = created;
	row[9] = due;
	row[10] = over;
	row[11] = r->reasons;
	if (tix_out_row(oc->out, row, err) < 0)
		out_fail(err);
	return 0;
}

static int run_open(struct ctx *c, const char *db, const char *nowarg, enum tix_fmt fmt)
{
	static const char *const cols[] = {
		"id", "source", "subject", "severity", "risks", "team", "status", "assignee",
		"created", "due", "overdue_hours", "reasons"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT,
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_REAL, TIX_COL_TEXT
	};
	char err[TIX_ERRSZ];
	struct openctx oc;
	struct tix_store *s;
	long n;

	oc.now = (int64_t)time(NULL);
	if (nowarg && tix_time_parse_bound(nowarg, oc.now, &oc.now) < 0)
		cmd_usage_fail("--now takes a date or time, not '%s'", nowarg);
	if (!(s = tix_store_open(db, TIX_STORE_READONLY, err))) {
		cmd_msg("%s", err);
		return TIX_EXIT_FAIL;
	}
	if (!(oc.out = tix_out_new(stdout, fmt, 0, err)) ||
	    tix_out_columns(oc.out, 12, cols, types, err) < 0)
		out_fail(err);
	n = tix_open_escalations(s, c->lx, &c->sv, oc.now, c->min_level, open_row, &oc, err);
	if (n < 0) {
		cmd_msg("%s", err);
		tix_out_free(oc.out);
		tix_store_close(s);
		return TIX_EXIT_FAIL;
	}
	if (tix_out_finish(oc.out, err) < 0)
		out_fail(err);
	tix_out_free(oc.out);
	tix_store_close(s);
	return TIX_EXIT_OK;
}

/* ---------- --db ---------- */

static struct tix_pseudo pseudo;

static struct tix_history *open_history(struct ctx *c, const char *db, const char *key_file,
					struct tix_store **sp)
{
	char err[TIX_ERRSZ];
	struct tix_store *s = tix_store_open(db, TIX_STORE_READONLY, err);
	const struct tix_pseudo *p = NULL;
	struct tix_history *h;
	char have[64];

	if (!s) {
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	}
	switch (tix_store_pseudonym_key(s, have, sizeof(have), err)) {
	case -1:
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	case 1:
		if (tix_pseudo_load(&pseudo, key_file, err) < 0) {
			cmd_msg("%s: the database is pseudonymised; --db needs its key "
				"(--key-file or TIX_KEY): %s", db, err);
			exit(TIX_EXIT_USAGE);
		}
		if (strcmp(pseudo.key_id, have)) {
			cmd_msg("%s: the database was pseudonymised with another key (key id %s, "
				"this one is %s)", db, have, pseudo.key_id);
			exit(TIX_EXIT_FAIL);
		}
		p = &pseudo;
		break;
	}
	if (!(h = tix_history_new(s, c->lx, &c->sv, p, err))) {
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	}
	*sp = s;
	return h;
}

static int check(struct ctx *c)
{
	size_t phrases, guards, states, i, kind[3] = { 0, 0, 0 };

	tix_lexicon_stats(c->lx, &phrases, &guards, &states);
	for (i = 0; i < c->sv.ncat; i++)
		kind[c->sv.cat[i].kind]++;
	printf("severity: %zu risks, %zu topics, %zu contexts, %zu raise rules\n", kind[0],
	       kind[1], kind[2], c->sv.nraise);
	printf("lexicon: %zu phrase lines, %zu guard lines, %zu automaton states\n", phrases,
	       guards, states);
	return TIX_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, 'c' },
		{ "date-order", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "key-file", required_argument, NULL, 'K' },
		{ "lexicon", required_argument, NULL, 'L' },
		{ "map", required_argument, NULL, 'm' },
		{ "min-severity", required_argument, NULL, 'M' },
		{ "now", required_argument, NULL, 'n' },
		{ "open", no_argument, NULL, 'O' },
		{ "severity", required_argument, NULL, 'S' },
		{ "source", required_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = {
		"id", "subject", "severity", "risks", "team", "due", "reasons", "facts",
		"prior_tickets", "prior_risks", "target_reports"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT,
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_INT, TIX_COL_TEXT, TIX_COL_INT
	};
	const char *db = NULL, *key_file = NULL, *sevfile = NULL, *lexfile = NULL;
	const char *fmtname = NULL, *nowarg = NULL;
	struct tix_reader_opts ro;
	struct tix_store *hs = NULL;
	struct ctx c;
	char err[TIX_ERRSZ];
	int ch, open_mode = 0, check_mode = 0, status = TIX_EXIT_OK, i, min_given = 0;
	enum tix_fmt fmt;

	cmd_name = "tix-triage";
	memset(&c, 0, sizeof(c));
	memset(&ro, 0, sizeof(ro));
	c.min_level = TIX_NLEVELS - 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': check_mode = 1; break;
		case 'o': ro.date_order = cmd_date_order(optarg); break;
		case 'D': db = optarg; break;
		case 'f': fmtname = optarg; break;
		case 'h': help(); break;
		case 'K': key_file = optarg; break;
		case 'L': lexfile = optarg; break;
		case 'm': ro.mapfile = optarg; break;
		case 'M':
			min_given = 1;
			if ((c.min_level = tix_level_parse(optarg)) < 0)
				cmd_usage_fail("--min-severity is S0, S1, S2 or S3, not '%s'", optarg);
			break;
		case 'n': nowarg = optarg; break;
		case 'O': open_mode = 1; break;
		case 'S': sevfile = optarg; break;
		case 's': ro.source = optarg; break;
		case 'V': cmd_version(); break;
		case ':': cmd_usage_fail("%s needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	fmt = cmd_format(fmtname);
	if (open_mode && optind < argc)
		cmd_usage_fail("--open reads the database, not files");
	if (nowarg && !open_mode)
		cmd_usage_fail("--now goes with --open");
	if (key_file && !db)
		cmd_usage_fail("--key-file goes with --db");
	if (check_mode && (open_mode || db || optind < argc))
		cmd_usage_fail("--check takes only --severity and --lexicon");
	if (open_mode && (ro.source || ro.mapfile || ro.date_order))
		cmd_usage_fail("--open reads the database; --source, --map and --date-order are "
			       "for files");
	if (ro.source && !tix_source_known(ro.source))
		cmd_usage_fail("unknown source '%s'", ro.source);
	load_rules(&c, sevfile, lexfile);
	if (check_mode) {
		status = check(&c);
		tix_lexicon_free(c.lx);
		return status;
	}
	if (open_mode) {
		if (!min_given)
			c.min_level = 1;	/* escalations: S0 and S1 */
		status = run_open(&c, cmd_db_path(db), nowarg, fmt);
		tix_lexicon_free(c.lx);
		return status;
	}
	if (!(c.t = tix_triager_new(c.lx, &c.sv, TIX_TRIAGE_FACTS, err)))
		oom();
	tix_buf_init(&c.reasons, 1 << 20);
	if (db) {
		c.hist = open_history(&c, db, key_file, &hs);
		c.with_db = 1;
	}
	if (!(c.out = tix_out_new(stdout, fmt, 0, err)) ||
	    tix_out_columns(c.out, c.with_db ? 11 : 8, cols, types, err) < 0)
		out_fail(err);
	if (optind == argc) {
		if (triage_file(&c, "-", &ro) < 0)
			status = TIX_EXIT_FAIL;
	}
	for (i = optind; i < argc; i++)
		if (triage_file(&c, argv[i], &ro) < 0)
			status = TIX_EXIT_FAIL;
	if (tix_out_finish(c.out, err) < 0)
		out_fail(err);
	tix_out_free(c.out);
	tix_history_free(c.hist);
	tix_store_close(hs);
	tix_triager_free(c.t);
	tix_buf_release(&c.reasons);
	tix_lexicon_free(c.lx);
	tix_pseudo_release(&pseudo);
	if (status == TIX_EXIT_OK && c.problems)
		status = TIX_EXIT_DATA;
	return status;
}
