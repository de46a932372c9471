/* tix-triage - first-pass triage: who must be escalated now, to whom, by when. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmdutil.h"
#include "escalate.h"
#include "model.h"
#include "out.h"
#include "pseudo.h"
#include "reader.h"
#include "rules.h"
#include "store.h"
#include "timeparse.h"
#include "triage.h"

static const char usage_text[] =
	"usage: tix-triage [--min-severity level] [--db file] [--key-file file]\n"
	"                  [--severity file] [--lexicon file] [--model file]\n"
	"                  [--source name] [--map file] [--date-order dmy | mdy]\n"
	"                  [--format fmt] [file ...]\n"
	"       tix-triage --open [--db file] [--min-severity level] [--now time]\n"
	"                  [--severity file] [--lexicon file] [--model file] [--format fmt]\n"
	"       tix-triage --check [--severity file] [--lexicon file] [--model file]\n"
	"       tix-triage --train [--severity file] [--lexicon file] [--ordinary file]\n"
	"                  [--source name] [--map file] [--date-order dmy | mdy] file ...\n";

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
	      "      --model file      a second opinion on S0 risks from a model of labelled\n"
	      "                        tickets ('builtin': the one trained on the project's)\n"
	      "      --source name     the export's layout, when not recognised\n"
	      "      --map file        a mapping file (tix-map(5))\n"
	      "      --date-order o    dmy or mdy, for dates like 03/04/2024\n"
	      "      --open            escalated tickets of the database still open past due\n"
	      "      --now time        the time --open compares with (default: now)\n"
	      "      --check           read the severity file, lexicon and model, report, exit\n"
	      "      --train           write a model trained on labelled tickets (tab-separated:\n"
	      "                        Subject, Description and Label columns)\n"
	      "      --ordinary file   with --train: an export of your own ordinary tickets;\n"
	      "                        the model is then logistic (repeatable)\n"
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
	struct tix_model *model;
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

/* Every row of an export to each(c, file name, row, arg), problems and
   all; -1 when the file could not be read to its end (said). */
static int read_export(struct ctx *c, const char *path, const struct tix_reader_opts *o,
		       void (*each)(struct ctx *, const char *, const struct tix_ticket *, void *),
		       void *arg)
{
	char err[TIX_ERRSZ];
	struct tix_reader *rd = tix_reader_open(path, o, err);
	struct tix_ticket tk;
	int got;

	if (!rd) {
		cmd_msg("%s", err);
		return -1;
	}
	while ((got = tix_reader_next(rd, &tk, err)) > 0)
		each(c, tix_reader_name(rd), &tk, arg);
	if (got < 0)
		cmd_msg("%s", err);
	tix_reader_close(rd);
	return got < 0 ? -1 : 0;
}

static void triage_row(struct ctx *c, const char *name, const struct tix_ticket *tk, void *arg)
{
	(void)arg;
	if (tk->problem)
		problem(c, name, tk);
	if (!tk->fatal)
		one_ticket(c, tk);
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
	if (c->model) {
		size_t ncls, nfeat;

		tix_model_stats(c->model, &ncls, &nfeat);
		if (tix_model_is_logistic(c->model))
			printf("model: logistic, %zu classes, %zu features, raises at p >= %.4f\n",
			       ncls, nfeat, tix_model_min_p(c->model));
		else
			printf("model: naive Bayes, %zu classes, %zu features\n", ncls, nfeat);
	} else {
		printf("model: none\n");
	}
	return TIX_EXIT_OK;
}

/* ---------- --train ---------- */

static int col(char *const *f, int n, const char *a, const char *b)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(f[i], a) || (b && !strcasecmp(f[i], b)))
			return i;
	return -1;
}

/* One ticket for the trainer: its features, and the lexicon's level. */
static void train_add(struct tix_model_trainer *tr, struct tix_triager *t, const char *subj,
		      size_t sn, const char *body, size_t bn, int k, int ordinary, int group)
{
	struct tix_model_doc d;
	const struct tix_triage *r;
	const char *const *ft;
	const size_t *fl;
	char err[TIX_ERRSZ];
	size_t n;

	if (!(r = tix_triage_run(t, subj, sn, body, bn, err)))
		oom();
	d.ordinary = ordinary;
	d.group = group;
	d.lexicon_level = r->level;
	if (tix_triage_features(t, subj, sn, body, bn, &ft, &fl, &n, err) < 0 ||
	    tix_model_trainer_add_doc(tr, ft, fl, n, k, &d) < 0)
		oom();
}

/* An ordinary ticket of an export, for a logistic model. */
struct ordinary {
	struct tix_model_trainer *tr;
	struct tix_triager *t;
	int group;
	size_t tickets;
};

static void ordinary_row(struct ctx *c, const char *name, const struct tix_ticket *tk, void *arg)
{
	struct ordinary *od = arg;

	if (tk->problem && tk->fatal) {
		cmd_msg("%s:%ld: %s; the row was not read", name, tk->line, tk->why);
		c->problems++;
	}
	if (tk->fatal)
		return;
	train_add(od->tr, od->t, tk->f[TIX_F_SUBJECT], tk->n[TIX_F_SUBJECT], tk->f[TIX_F_BODY],
		  tk->n[TIX_F_BODY], TIX_MODEL_NONE, 1, od->group);
	od->tickets++;
}

/* A model trained on labelled tab-separated files (and, for a logistic
   one, ordinary exports), on standard output. */
static int train(struct ctx *c, int nfiles, char **files, int nord, char **ordfiles,
		 const struct tix_reader_opts *ro)
{
	struct tix_model_trainer *tr = tix_model_trainer_new(&c->sv);
	struct tix_triager *t = tix_triager_new(c->lx, &c->sv, 0, NULL);
	struct tix_buf out;
	char err[TIX_ERRSZ], *line = NULL;
	size_t cap = 0, tickets = 0, ordinary = 0;
	int i, status = TIX_EXIT_OK;

	if (!tr || !t)
		oom();
	for (i = 0; i < nfiles; i++) {
		FILE *fp = fopen(files[i], "r");
		int cs = -1, cb = -1, cl = -1, nf;
		long ln = 0;
		ssize_t len;
		char *f[256];

		if (!fp) {
			cmd_msg("%s: %s", files[i], strerror(errno));
			status = TIX_EXIT_FAIL;
			break;
		}
		while ((len = getline(&line, &cap, fp)) >= 0) {
			int k;

			ln++;
			while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
				line[--len] = '\0';
			nf = cmd_split_tabs(line, f, 256);
			if (ln == 1) {
				if (nf && !strncmp(f[0], "\xef\xbb\xbf", 3))
					f[0] += 3;
				cs = col(f, nf, "subject", NULL);
				cb = col(f, nf, "description", "body");
				cl = col(f, nf, "label", NULL);
				if (cl < 0 || (cs < 0 && cb < 0)) {
					cmd_msg("%s:1: a labelled file is tab-separated with Subject, "
						"Description and Label columns", files[i]);
					status = TIX_EXIT_DATA;
					break;
				}
				continue;
			}
			if (!len)
				continue;
			if (nf <= cl || (cs >= 0 && nf <= cs) || (cb >= 0 && nf <= cb)) {
				cmd_msg("%s:%ld: %d fields, fewer than the header's; the row was not "
					"read", files[i], ln, nf);
				status = TIX_EXIT_DATA;
				continue;
			}
			if (!strcmp(f[cl], "none"))
				k = TIX_MODEL_NONE;
			else if ((k = tix_severity_find(&c->sv, f[cl])) < 0 ||
				 c->sv.cat[k].kind != TIX_CAT_RISK) {
				cmd_msg("%s:%ld: label '%s' is not a risk of the severity file (nor "
					"'none'); the row was not read", files[i], ln, f[cl]);
				status = TIX_EXIT_DATA;
				continue;
			}
			train_add(tr, t, cs >= 0 ? f[cs] : NULL, cs >= 0 ? strlen(f[cs]) : 0,
				  cb >= 0 ? f[cb] : NULL, cb >= 0 ? strlen(f[cb]) : 0, k, 0, i);
			tickets++;
		}
		fclose(fp);
		if (status == TIX_EXIT_FAIL)
			break;
	}
	free(line);
	for (i = 0; i < nord && status != TIX_EXIT_FAIL; i++) {
		struct ordinary od = { tr, t, nfiles + i, 0 };

		if (read_export(c, ordfiles[i], ro, ordinary_row, &od) < 0)
			status = TIX_EXIT_FAIL;
		ordinary += od.tickets;
	}
	if (c->problems && status == TIX_EXIT_OK)
		status = TIX_EXIT_DATA;
	tix_triager_free(t);
	if (status != TIX_EXIT_FAIL) {
		if (!tickets) {
			cmd_msg("no labelled ticket read: no model written");
			status = status == TIX_EXIT_OK ? TIX_EXIT_DATA : status;
		} else if (nord && !ordinary) {
			cmd_msg("no ordinary ticket read: no model written");
			status = status == TIX_EXIT_OK ? TIX_EXIT_DATA : status;
		} else {
			struct tix_model_fit fit;
			int rc;

			tix_buf_init(&out, 0);
			if (!nord) {
				if (tix_model_trainer_write(tr, &out) < 0)
					oom();
			} else if ((rc = tix_model_trainer_write_logistic(tr, &out, &fit, err)) < 0) {
				if (rc == -1)
					oom();
				cmd_msg("%s: no model written", err);
				tix_buf_release(&out);
				tix_model_trainer_free(tr);
				return TIX_EXIT_DATA;
			}
			if (fwrite(out.s, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
				cmd_msg("standard output: %s", strerror(errno));
				status = TIX_EXIT_FAIL;
			}
			tix_buf_release(&out);
		}
	}
	tix_model_trainer_free(tr);
	return status;
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
		{ "model", required_argument, NULL, 'X' },
		{ "train", no_argument, NULL, 'T' },
		{ "now", required_argument, NULL, 'n' },
		{ "open", no_argument, NULL, 'O' },
		{ "ordinary", required_argument, NULL, 'R' },
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
	const char *fmtname = NULL, *nowarg = NULL, *modelfile = NULL;
	struct tix_reader_opts ro;
	struct tix_store *hs = NULL;
	struct ctx c;
	char err[TIX_ERRSZ];
	int ch, open_mode = 0, check_mode = 0, status = TIX_EXIT_OK, i, min_given = 0;
	int train_mode = 0, nord = 0;
	char **ordfiles = calloc((size_t)argc, sizeof(char *));
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
		case 'T': train_mode = 1; break;
		case 'X': modelfile = optarg; break;
		case 'O': open_mode = 1; break;
		case 'R':
			if (!ordfiles)
				oom();
			ordfiles[nord++] = optarg;
			break;
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
		cmd_usage_fail("--check takes only --severity, --lexicon and --model");
	if (open_mode && (ro.source || ro.mapfile || ro.date_order))
		cmd_usage_fail("--open reads the database; --source, --map and --date-order are "
			       "for files");
	if (ro.source && !tix_source_known(ro.source))
		cmd_usage_fail("unknown source '%s'", ro.source);
	if (nord && !train_mode)
		cmd_usage_fail("--ordinary goes with --train");
	if (train_mode && (open_mode || check_mode || db || modelfile || min_given || fmtname))
		cmd_usage_fail("--train takes only --severity, --lexicon, --ordinary and files");
	if (train_mode && !nord && (ro.source || ro.mapfile || ro.date_order))
		cmd_usage_fail("--source, --map and --date-order are for the --ordinary exports");
	if (train_mode && optind == argc)
		cmd_usage_fail("--train needs the labelled files");
	load_rules(&c, sevfile, lexfile);
	if (train_mode) {
		status = train(&c, argc - optind, argv + optind, nord, ordfiles, &ro);
		tix_lexicon_free(c.lx);
		free(ordfiles);
		return status;
	}
	free(ordfiles);
	if (modelfile) {
		if (!(c.model = tix_model_load(&c.sv, strcmp(modelfile, "builtin") ? modelfile : NULL,
					       err))) {
			cmd_msg("%s", err);
			tix_lexicon_free(c.lx);
			return TIX_EXIT_FAIL;
		}
		tix_lexicon_set_model(c.lx, c.model);
	}
	if (check_mode) {
		status = check(&c);
		tix_lexicon_free(c.lx);
		tix_model_free(c.model);
		return status;
	}
	if (open_mode) {
		if (!min_given)
			c.min_level = 1;	/* escalations: S0 and S1 */
		status = run_open(&c, cmd_db_path(db), nowarg, fmt);
		tix_lexicon_free(c.lx);
		tix_model_free(c.model);
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
		if (read_export(&c, "-", &ro, triage_row, NULL) < 0)
			status = TIX_EXIT_FAIL;
	}
	for (i = optind; i < argc; i++)
		if (read_export(&c, argv[i], &ro, triage_row, NULL) < 0)
			status = TIX_EXIT_FAIL;
	if (tix_out_finish(c.out, err) < 0)
		out_fail(err);
	tix_out_free(c.out);
	tix_history_free(c.hist);
	tix_store_close(hs);
	tix_triager_free(c.t);
	tix_buf_release(&c.reasons);
	tix_lexicon_free(c.lx);
	tix_model_free(c.model);
	tix_pseudo_release(&pseudo);
	if (status == TIX_EXIT_OK && c.problems)
		status = TIX_EXIT_DATA;
	return status;
}
