/* tix-recur - who and what keeps coming back. */
#include <ctype.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bins.h"
#include "cmdutil.h"
#include "intern.h"
#include "out.h"
#include "pseudo.h"
#include "recur.h"
#include "store.h"
#include "timeparse.h"

static const char usage_text[] =
	"usage: tix-recur [--db file] [--by field] [--window span] [--any-group] [--since time]\n"
	"                 [--until time] [--top n] [--format fmt]\n"
	"       tix-recur --requester id [--db file] [--key-file file] [--format fmt]\n"
	"       tix-recur --ticket id [--source name] [--db file] [--top n] [--format fmt]\n"
	"       tix-recur --returning [--db file] [--by field] [--bin day | week] [--quiet n]\n"
	"                 [--since time] [--until time] [--top n] [--format fmt]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Per group: tickets, requesters, repeat contacts (a ticket whose requester\n"
	      "wrote before within the window), reopened tickets, with Wilson 95%\n"
	      "intervals, the median days to a repeat, and the Kaplan-Meier chance of a\n"
	      "next contact within 30 days.  Or one requester's history, the earlier\n"
	      "tickets like one ticket, or the groups that went quiet and came back.\n"
	      "\n"
	      "      --db file        the database (default $TIX_DB, else ./tix.db)\n"
	      "      --by field       category (default), subcategory, status, priority,\n"
	      "                       channel, team, assignee, country, language, source,\n"
	      "                       resolution, requester, tag, pattern, or field:NAME\n"
	      "      --window span    a repeat comes within span of the last ticket:\n"
	      "                       N d, N h or N w (default 7d)\n"
	      "      --any-group      count a repeat whatever the group of the earlier ticket\n"
	      "      --since time     tickets created at or after time (a date, or 12w, 30d)\n"
	      "      --until time     tickets created before time\n"
	      "      --top n          the first n rows (--ticket: 50 unless given)\n"
	      "      --requester id   that requester's tickets, in time order\n"
	      "      --key-file file  the key of a pseudonymised database (else $TIX_KEY)\n"
	      "      --ticket id      the earlier tickets that look like the same problem\n"
	      "      --source name    the source of --ticket, when several have that id\n"
	      "      --returning      groups quiet for --quiet bins that came back\n"
	      "      --bin b          week (default) or day, for --returning\n"
	      "      --quiet n        bins without a ticket (default 4), for --returning\n"
	      "      --format fmt     table, csv, tsv, json or ndjson\n"
	      "\n"
	      "Exit: 0 ok, 1 no such requester or ticket, 2 usage, 3 could not run.\n"
	      "See tix-recur(1).\n", stdout);
	exit(TIX_EXIT_OK);
}

#define DAY 86400

static void oom(void)
{
	cmd_msg("out of memory");
	exit(TIX_EXIT_FAIL);
}

static void iso_time(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
		buf[0] = 0;
}

static void sql_fail(struct tix_store *s)
{
	cmd_msg("%s: %s", s->path, sqlite3_errmsg(s->db));
	exit(TIX_EXIT_FAIL);
}

static sqlite3_stmt *prepare(struct tix_store *s, const char *sql)
{
	char err[TIX_ERRSZ];
	sqlite3_stmt *st;

	if (tix_store_prepare(s, &st, sql, err) < 0) {
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	}
	return st;
}

/* ---------- the summary ---------- */

struct summary_opts {
	const struct tix_groupby *by;
	int64_t window, lo, hi;
	int any_group;
	long top;
};

static int summary(struct tix_store *s, const struct summary_opts *so, struct tix_out *out)
{
	static const char *const cols[] = {
		"group", "tickets", "requesters", "repeat_contacts", "repeat_rate",
		"repeat_rate_low", "repeat_rate_high", "reopened", "reopen_rate",
		"reopen_rate_low", "reopen_rate_high", "median_days_to_repeat", "p_repeat_30d"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_INT, TIX_COL_INT, TIX_COL_INT, TIX_COL_REAL, TIX_COL_REAL,
		TIX_COL_REAL, TIX_COL_INT, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL, TIX_COL_REAL,
		TIX_COL_REAL
	};
	struct tix_recur_db_opts o;
	struct tix_recur_table t;
	char err[TIX_ERRSZ];
	size_t i;

	o.lo = so->lo;
	o.hi = so->hi;
	o.window = so->window;
	o.any_group = so->any_group;
	if (tix_recur_compute(s, so->by, &o, &t, err) < 0) {
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	}
	cmd_out_columns(out, 13, cols, types);
	for (i = 0; i < t.n && (so->top < 0 || (long)i < so->top); i++) {
		const struct tix_recur_group *r = &t.row[i].r;
		char c[12][32];
		const char *row[13];

		snprintf(c[0], 32, "%zu", r->tickets);
		snprintf(c[1], 32, "%zu", r->requesters);
		snprintf(c[2], 32, "%zu", r->repeats);
		cmd_fmt_num(c[3], 32, r->repeat_rate, "%.4f");
		cmd_fmt_num(c[4], 32, r->repeat_low, "%.4f");
		cmd_fmt_num(c[5], 32, r->repeat_high, "%.4f");
		snprintf(c[6], 32, "%zu", r->reopened);
		cmd_fmt_num(c[7], 32, r->reopen_rate, "%.4f");
		cmd_fmt_num(c[8], 32, r->reopen_low, "%.4f");
		cmd_fmt_num(c[9], 32, r->reopen_high, "%.4f");
		cmd_fmt_num(c[10], 32, r->median_days, "%.2f");
		cmd_fmt_num(c[11], 32, r->p_repeat, "%.4f");
		row[0] = t.row[i].group;
		for (size_t k = 0; k < 12; k++)
			row[k + 1] = c[k][0] ? c[k] : NULL;
		cmd_out_row(out, row);
	}
	tix_recur_table_free(&t);
	return TIX_EXIT_OK;
}

/* ---------- one requester ---------- */

static int requester(struct tix_store *s, const char *id, const char *key_file,
		     struct tix_out *out)
{
	static const char *const cols[] = {
		"ticket", "source", "created", "gap_days", "category", "status", "reopens", "subject"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_REAL, TIX_COL_TEXT, TIX_COL_TEXT,
		TIX_COL_INT, TIX_COL_TEXT
	};
	static const char *const sql[] = {
		"SELECT t.ext_id, t.source, t.created, t.category, t.status,"
		" coalesce(t.reopens, (SELECT count(*) FROM ticket_history h"
		" WHERE h.ticket_id = t.id AND " TIX_REOPEN_WHERE ")), t.subject"
		" FROM ticket t WHERE t.requester = ?1 ORDER BY t.created, t.id",
		/* not there as typed: the same letters in another case */
		"SELECT t.ext_id, t.source, t.created, t.category, t.status,"
		" coalesce(t.reopens, (SELECT count(*) FROM ticket_history h"
		" WHERE h.ticket_id = t.id AND " TIX_REOPEN_WHERE ")), t.subject"
		" FROM ticket t WHERE lower(t.requester) = lower(?1) ORDER BY t.created, t.id"
	};
	char have[64], look[TIX_PSEUDO_LEN + 1], err[TIX_ERRSZ];
	int pseudo = tix_store_pseudonym_key(s, have, sizeof(have), err);
	const char *who = id;
	size_t rows = 0, pass;
	int64_t prev = 0;
	int has_prev = 0;

	if (pseudo < 0) {
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	}
	if (pseudo) {
		struct tix_pseudo p;

		/* the database holds pseudonyms: look up the pseudonym of what
		   was typed, made with the same key */
		if (tix_pseudo_load(&p, key_file, err) < 0) {
			cmd_msg("%s: the database is pseudonymised; --requester needs its key "
				"(--key-file or TIX_KEY): %s", s->path, err);
			return TIX_EXIT_USAGE;
		}
		if (strcmp(p.key_id, have)) {
			cmd_msg("%s: the database was pseudonymised with another key (key id %s, "
				"this one is %s)", s->path, have, p.key_id);
			tix_pseudo_release(&p);
			return TIX_EXIT_DATA;
		}
		if (!(strlen(id) == TIX_PSEUDO_LEN && !strncmp(id, "p:", 2))) {
			tix_pseudo_id(&p, id, strlen(id), look);
			who = look;
		}
		tix_pseudo_release(&p);
	}
	for (pass = 0; pass < (pseudo ? 1u : 2u) && !rows; pass++) {
		sqlite3_stmt *st = prepare(s, sql[pass]);
		int rc;

		sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			char created[32] = "", gap[32] = "", reopens[24] = "";
			const char *row[8];
			int has_t = sqlite3_column_type(st, 2) != SQLITE_NULL;
			int64_t t = sqlite3_column_int64(st, 2);

			if (has_t) {
				iso_time(t, created, sizeof(created));
				if (has_prev)
					snprintf(gap, sizeof(gap), "%.2f", (double)(t - prev) / DAY);
				prev = t;
				has_prev = 1;
			}
			snprintf(reopens, sizeof(reopens), "%lld",
				 (long long)sqlite3_column_int64(st, 5));
			row[0] = (const char *)sqlite3_column_text(st, 0);
			row[1] = (const char *)sqlite3_column_text(st, 1);
			row[2] = created[0] ? created : NULL;
			row[3] = gap[0] ? gap : NULL;
			row[4] = (const char *)sqlite3_column_text(st, 3);
			row[5] = (const char *)sqlite3_column_text(st, 4);
			row[6] = reopens;
			row[7] = (const char *)sqlite3_column_text(st, 6);
			if (!rows)	/* no header when there is no such requester */
				cmd_out_columns(out, 8, cols, types);
			cmd_out_row(out, row);
			rows++;
		}
		if (rc != SQLITE_DONE)
			sql_fail(s);
		sqlite3_finalize(st);
	}
	if (!rows) {
		cmd_msg("%s: no tickets from requester '%s'", s->path, id);
		return TIX_EXIT_DATA;
	}
	return TIX_EXIT_OK;
}

/* ---------- one ticket: the earlier ones like it ---------- */

/*
 * The words of a text for comparing are the full-text index's own tokens
 * (unicode61 with diacritics removed: case-folded, accents off, emoji and
 * punctuation not words), so every word compared is a word the index can
 * be searched for; a token with a digit in it (an order number, a date) is
 * the same word as any other such.
 */
struct words {
	char **w;
	size_t n, cap;
};

/* ticket_fts's tokenizer, found through the fts5_api of the connection */
struct ftok {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

static int ftok_open(sqlite3 *db, struct ftok *f)
{
	const char *args[] = { "remove_diacritics", "2" };
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	void *ud;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->xFindTokenizer(api, "unicode61", &ud, &f->api) != SQLITE_OK ||
	    f->api.xCreate(ud, args, 2, &f->tok) != SQLITE_OK)
		return -1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->w[i]);
	free(w->w);
	memset(w, 0, sizeof(*w));
}

static int add_token(void *ctx, int flags, const char *t, int n, int start, int end)
{
	struct words *w = ctx;
	char *word;

	(void)flags;
	(void)start;
	(void)end;
	if (n <= 0)
		return SQLITE_OK;
	{
		int i, digit = 0;

		for (i = 0; i < n; i++)
			digit |= t[i] >= '0' && t[i] <= '9';
		word = digit ? strdup("0") : strndup(t, (size_t)n);
	}
	if (!word)
		oom();
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 32;
		w->w = realloc(w->w, w->cap * sizeof(char *));
		if (!w->w)
			oom();
	}
	w->w[w->n++] = word;
	return SQLITE_OK;
}

/* The distinct words of s, sorted. */
static void words_of(const struct ftok *f, const char *s, struct words *w)
{
	size_t i, k;

	memset(w, 0, sizeof(*w));
	if (!s || !*s)
		return;
	f->api.xTokenize(f->tok, w, FTS5_TOKENIZE_DOCUMENT, s, (int)strlen(s), add_token);
	if (!w->n)
		return;
	qsort(w->w, w->n, sizeof(char *), cmp_str);
	for (i = k = 1; i < w->n; i++) {
		if (strcmp(w->w[i], w->w[k - 1]))
			w->w[k++] = w->w[i];
		else
			free(w->w[i]);
	}
	w->n = k;
}

/* |a and b| / |a or b| of two sorted word sets; 0 when both are empty. */
static double jaccard(const struct words *a, const struct words *b)
{
	size_t i = 0, j = 0, both = 0;

	if (!a->n && !b->n)
		return 0;
	while (i < a->n && j < b->n) {
		int c = strcmp(a->w[i], b->w[j]);

		both += c == 0;
		i += c <= 0;
		j += c >= 0;
	}
	return (double)both / (double)(a->n + b->n - both);
}

/* Near-identical: at least this share of the words in common. */
#define ALIKE_SUBJECT 0.8
#define ALIKE_BODY 0.7
/* --ticket: rows shown unless --top says otherwise */
#define TICKET_TOP 50

struct df {
	const char *w;
	long long docs;
};

static int by_docs(const void *a, const void *b)
{
	const struct df *x = a, *y = b;

	return (x->docs > y->docs) - (x->docs < y->docs);
}

/*
 * Add to the FTS5 query q the words of a that every ticket whose words are
 * at least `alike` the same as a's (Jaccard) must share one of: such a
 * ticket has at least ceil(alike |a|) of a's words, so it misses at most
 * m = |a| - that of them, and holds one of any m + 1.  The rarest m + 1
 * are taken (their document counts from vocab, when it can be read), so
 * the search is exact and still fast.  The digit word "0" is not searched
 * for: it may be among those shared, which leaves m as it is.  Each word is
 * a quoted string, so nothing in a ticket is read as query syntax.
 */
static void rare_words(const struct words *a, double alike, sqlite3_stmt *vocab,
		       struct tix_buf *q)
{
	struct df *v;
	size_t i, n = 0, need, m;

	if (!a->n)
		return;
	v = malloc(a->n * sizeof(*v));
	if (!v)
		oom();
	for (i = 0; i < a->n; i++) {
		if (!strcmp(a->w[i], "0"))
			continue;
		v[n].w = a->w[i];
		v[n].docs = 0;
		if (vocab) {
			sqlite3_reset(vocab);
			sqlite3_bind_text(vocab, 1, a->w[i], -1, SQLITE_STATIC);
			if (sqlite3_step(vocab) == SQLITE_ROW)
				v[n].docs = sqlite3_column_int64(vocab, 0);
		}
		n++;
	}
	need = (size_t)ceil(alike * (double)a->n - 1e-9);
	m = a->n - need;
	qsort(v, n, sizeof(*v), by_docs);
	for (i = 0; i < n && i < m + 1; i++) {
		const char *p;

		if ((q->len && tix_buf_adds(q, " OR ") < 0) || tix_buf_addc(q, '"') < 0)
			oom();
		for (p = v[i].w; *p; p++)
			if ((*p == '"' && tix_buf_addc(q, '"') < 0) || tix_buf_addc(q, *p) < 0)
				oom();
		if (tix_buf_addc(q, '"') < 0)
			oom();
	}
	free(v);
}

/* The query for the tickets whose subject or body may be alike. */
static void alike_query(struct tix_store *s, const struct words *subj, const struct words *body,
			struct tix_buf *q)
{
	sqlite3_stmt *vocab = NULL;

	/* the document count of each word; without it (an old SQLite) the
	   words are taken in any order, which is as exact, only slower */
	if (sqlite3_exec(s->db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tix_vocab"
			 " USING fts5vocab(main, ticket_fts, row)", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT doc FROM temp.tix_vocab WHERE term = ?1", -1, &vocab,
			       NULL) != SQLITE_OK)
		vocab = NULL;
	rare_words(subj, ALIKE_SUBJECT, vocab, q);
	if (body->n >= 5)
		rare_words(body, ALIKE_BODY, vocab, q);
	sqlite3_finalize(vocab);
}

struct match {
	char *row[9];
	int same_requester;
	double sim;
	int64_t created, id;
};

static int by_match(const void *pa, const void *pb)
{
	const struct match *a = pa, *b = pb;

	if (a->same_requester != b->same_requester)
		return b->same_requester - a->same_requester;
	if (!a->same_requester && a->sim != b->sim)
		return a->sim < b->sim ? 1 : -1;
	if (a->created != b->created)
		return a->created < b->created ? 1 : -1;
	return (a->id < b->id) - (a->id > b->id);
}

static char *dup_col(sqlite3_stmt *st, int c)
{
	const char *t = (const char *)sqlite3_column_text(st, c);
	char *d;

	if (!t)
		return NULL;
	d = strdup(t);
	if (!d)
		oom();
	return d;
}

static int ticket(struct tix_store *s, const char *id, const char *source, long top,
		  struct tix_out *out)
{
	static const char *const cols[] = {
		"ticket", "source", "created", "requester", "category", "status", "why",
		"similarity", "subject"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT,
		TIX_COL_TEXT, TIX_COL_REAL, TIX_COL_TEXT
	};
	sqlite3_stmt *st;
	struct words subj, body;
	struct match *m = NULL;
	struct tix_buf q;
	size_t nm = 0, cap = 0, i, found = 0;
	int64_t tid = 0, tcreated = 0;
	char *who = NULL, *srcs = NULL;
	struct ftok ft;
	int rc, pass;

	if (ftok_open(s->db, &ft) < 0) {
		cmd_msg("%s: cannot use SQLite's FTS5 unicode61 tokenizer", s->path);
		return TIX_EXIT_FAIL;
	}
	/* the ticket: by (source, ext_id), every source its batches name */
	st = prepare(s, "SELECT t.id, t.created, t.requester, t.subject, t.body, t.source"
		     " FROM ticket t WHERE t.source IN (SELECT DISTINCT source FROM ingest_batch"
		     " WHERE source IS NOT NULL UNION SELECT ?2 WHERE ?2 IS NOT NULL)"
		     " AND t.ext_id = ?1 AND (?2 IS NULL OR t.source = ?2)");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (source)
		sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	memset(&subj, 0, sizeof(subj));
	memset(&body, 0, sizeof(body));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *src = (const char *)sqlite3_column_text(st, 5);

		if (found++) {
			size_t l = strlen(srcs) + strlen(src) + 3;
			char *t = malloc(l);

			if (!t)
				oom();
			snprintf(t, l, "%s, %s", srcs, src);
			free(srcs);
			srcs = t;
			continue;
		}
		tid = sqlite3_column_int64(st, 0);
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			tcreated = INT64_MAX;	/* no time: every dated ticket is earlier */
		else
			tcreated = sqlite3_column_int64(st, 1);
		who = dup_col(st, 2);
		words_of(&ft, (const char *)sqlite3_column_text(st, 3), &subj);
		words_of(&ft, (const char *)sqlite3_column_text(st, 4), &body);
		srcs = strdup(src);
		if (!srcs)
			oom();
	}
	if (rc != SQLITE_DONE)
		sql_fail(s);
	sqlite3_finalize(st);
	if (!found) {
		if (source)
			cmd_msg("%s: no ticket '%s' from source '%s'", s->path, id, source);
		else
			cmd_msg("%s: no ticket '%s'", s->path, id);
		free(srcs);
		ft.api.xDelete(ft.tok);
		return TIX_EXIT_DATA;
	}
	if (found > 1) {
		cmd_msg("%s: ticket '%s' is in %zu sources (%s): say which with --source", s->path,
			id, found, srcs);
		free(srcs);
		free(who);
		words_free(&subj);
		words_free(&body);
		ft.api.xDelete(ft.tok);
		return TIX_EXIT_USAGE;
	}
	free(srcs);
	/* pass 0: the requester's earlier tickets; pass 1: full-text search
	   for the words, then the near-identical ones */
	tix_buf_init(&q, 0);
	alike_query(s, &subj, &body, &q);
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0 && !who)
			continue;
		if (pass == 1 && !q.len)
			continue;
		st = prepare(s, pass == 0 ?
			     "SELECT t.id, t.ext_id, t.source, t.created, t.requester, t.category,"
			     " t.status, t.subject, t.body FROM ticket t WHERE t.requester = ?1"
			     " AND t.id != ?2 AND (t.created < ?3 OR (t.created = ?3 AND t.id < ?2))" :
			     "SELECT t.id, t.ext_id, t.source, t.created, t.requester, t.category,"
			     " t.status, t.subject, t.body FROM ticket t JOIN"
			     " (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?1) f"
			     " ON f.rowid = t.id"
			     " WHERE t.id != ?2 AND (t.created < ?3 OR (t.created = ?3 AND t.id < ?2))"
			     " AND (?4 IS NULL OR t.requester IS NULL OR t.requester != ?4)");
		sqlite3_bind_text(st, 1, pass == 0 ? who : q.s, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, tid);
		sqlite3_bind_int64(st, 3, tcreated);
		if (pass == 1 && who)
			sqlite3_bind_text(st, 4, who, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct words cs, cb;
			double js, jb;
			char why[96] = "", sim[16], created[32] = "";
			struct match *x;

			words_of(&ft, (const char *)sqlite3_column_text(st, 7), &cs);
			words_of(&ft, (const char *)sqlite3_column_text(st, 8), &cb);
			js = jaccard(&subj, &cs);
			jb = body.n >= 5 && cb.n >= 5 ? jaccard(&body, &cb) : 0;
			words_free(&cs);
			words_free(&cb);
			if (pass == 0)
				snprintf(why, sizeof(why), "same requester");
			if (js >= ALIKE_SUBJECT)
				snprintf(why + strlen(why), sizeof(why) - strlen(why), "%ssubject %.0f%% alike",
					 why[0] ? "; " : "", 100 * js);
			if (jb >= ALIKE_BODY)
				snprintf(why + strlen(why), sizeof(why) - strlen(why), "%sbody %.0f%% alike",
					 why[0] ? "; " : "", 100 * jb);
			if (!why[0])
				continue;
			if (nm == cap) {
				cap = cap ? 2 * cap : 64;
				m = realloc(m, cap * sizeof(*m));
				if (!m)
					oom();
			}
			x = &m[nm++];
			memset(x, 0, sizeof(*x));
			x->id = sqlite3_column_int64(st, 0);
			x->created = sqlite3_column_int64(st, 3);
			x->same_requester = pass == 0;
			x->sim = js > jb ? js : jb;
			if (sqlite3_column_type(st, 3) != SQLITE_NULL)
				iso_time(x->created, created, sizeof(created));
			snprintf(sim, sizeof(sim), "%.2f", x->sim);
			x->row[0] = dup_col(st, 1);
			x->row[1] = dup_col(st, 2);
			x->row[2] = created[0] ? strdup(created) : NULL;
			x->row[3] = dup_col(st, 4);
			x->row[4] = dup_col(st, 5);
			x->row[5] = dup_col(st, 6);
			x->row[6] = strdup(why);
			x->row[7] = strdup(sim);
			x->row[8] = dup_col(st, 7);
			if (!x->row[6] || !x->row[7])
				oom();
		}
		if (rc != SQLITE_DONE)
			sql_fail(s);
		sqlite3_finalize(st);
	}
	if (nm)
		qsort(m, nm, sizeof(*m), by_match);
	/* a common problem can have thousands of earlier tickets: the first
	   ones, and say so */
	if (top < 0)
		top = TICKET_TOP;
	if (nm > (size_t)top)
		cmd_msg("%zu earlier tickets match; the first %ld are shown (--top for more)", nm,
			top);
	cmd_out_columns(out, 9, cols, types);
	for (i = 0; i < nm; i++) {
		if ((long)i < top)
			cmd_out_row(out, (const char *const *)m[i].row);
		for (size_t k = 0; k < 9; k++)
			free(m[i].row[k]);
	}
	free(m);
	free(who);
	tix_buf_release(&q);
	words_free(&subj);
	words_free(&body);
	ft.api.xDelete(ft.tok);
	return TIX_EXIT_OK;
}

/* ---------- quiet, then back ---------- */

struct back {
	size_t g, from, to;
	double before, after;
};

static const struct tix_bins *sort_bins;

static int by_back(const void *pa, const void *pb)
{
	const struct back *a = pa, *b = pb;

	if (a->to != b->to)
		return a->to < b->to ? 1 : -1;
	return strcmp(tix_intern_str(&sort_bins->names, a->g),
		      tix_intern_str(&sort_bins->names, b->g));
}

static int returning(struct tix_store *s, const struct tix_groupby *by, int week, int64_t lo,
		     int64_t hi, size_t quiet, long top, struct tix_out *out)
{
	static const char *const cols[] = {
		"group", "last_before", "quiet_from", "back_on", "quiet_bins", "tickets_before",
		"tickets_back"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_INT, TIX_COL_INT,
		TIX_COL_INT
	};
	struct tix_bins b;
	struct back *v = NULL;
	size_t (*runs)[2], nv = 0, cap = 0, g, i;
	char err[TIX_ERRSZ];

	if (tix_bins_load(s, by, week, lo, hi, &b, err) < 0) {
		cmd_msg("%s", err);
		return TIX_EXIT_FAIL;
	}
	runs = malloc((b.nbins / 2 + 1) * sizeof(*runs));
	if (!runs)
		oom();
	for (g = 0; g < b.names.n; g++) {
		size_t k = tix_recur_returning(b.x[g], b.nbins, quiet, runs), j;

		for (i = 0; i < k; i++) {
			struct back *x;

			if (nv == cap) {
				cap = cap ? 2 * cap : 64;
				v = realloc(v, cap * sizeof(*v));
				if (!v)
					oom();
			}
			x = &v[nv++];
			x->g = g;
			x->from = runs[i][0];
			x->to = runs[i][1];
			x->before = x->after = 0;
			for (j = 0; j < x->from; j++)
				x->before += b.x[g][j];
			x->after = b.x[g][x->to];
		}
	}
	sort_bins = &b;
	if (nv)
		qsort(v, nv, sizeof(*v), by_back);
	cmd_out_columns(out, 7, cols, types);
	for (i = 0; i < nv && (top < 0 || (long)i < top); i++) {
		char last[16], from[16], to[16], q[24], nb[24], na[24];
		const char *row[7];

		tix_bins_date(&b, v[i].from - 1, last, sizeof(last));
		tix_bins_date(&b, v[i].from, from, sizeof(from));
		tix_bins_date(&b, v[i].to, to, sizeof(to));
		snprintf(q, sizeof(q), "%zu", v[i].to - v[i].from);
		snprintf(nb, sizeof(nb), "%.0f", v[i].before);
		snprintf(na, sizeof(na), "%.0f", v[i].after);
		row[0] = tix_intern_str(&b.names, v[i].g);
		row[1] = last;
		row[2] = from;
		row[3] = to;
		row[4] = q;
		row[5] = nb;
		row[6] = na;
		cmd_out_row(out, row);
	}
	free(v);
	free(runs);
	tix_bins_release(&b);
	return TIX_EXIT_OK;
}

/* ---------- main ---------- */

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "any-group", no_argument, NULL, 'A' },
		{ "bin", required_argument, NULL, 'b' },
		{ "by", required_argument, NULL, 'B' },
		{ "db", required_argument, NULL, 'D' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "key-file", required_argument, NULL, 'K' },
		{ "quiet", required_argument, NULL, 'q' },
		{ "requester", required_argument, NULL, 'r' },
		{ "returning", no_argument, NULL, 'R' },
		{ "since", required_argument, NULL, 's' },
		{ "source", required_argument, NULL, 'S' },
		{ "ticket", required_argument, NULL, 'T' },
		{ "top", required_argument, NULL, 't' },
		{ "until", required_argument, NULL, 'u' },
		{ "version", no_argument, NULL, 'V' },
		{ "window", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const char *db = NULL, *by = "category", *since = NULL, *until = NULL, *fmtname = NULL;
	const char *req = NULL, *tick = NULL, *source = NULL, *key_file = NULL, *window = NULL;
	const char *bin = NULL, *quiet = NULL;
	struct summary_opts so;
	struct tix_groupby byx;
	struct tix_store *s;
	struct tix_out *out;
	char err[TIX_ERRSZ];
	int64_t now = (int64_t)time(NULL);
	long top = -1;
	int ch, any_group = 0, ret = 0, modes, by_given = 0, status;

	cmd_name = "tix-recur";
	opterr = 0;
	memset(&so, 0, sizeof(so));
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'A': any_group = 1; break;
		case 'b': bin = optarg; break;
		case 'B': by = optarg; by_given = 1; break;
		case 'D': db = optarg; break;
		case 'f': fmtname = optarg; break;
		case 'h': help(); break;
		case 'K': key_file = optarg; break;
		case 'q': quiet = optarg; break;
		case 'r': req = optarg; break;
		case 'R': ret = 1; break;
		case 's': since = optarg; break;
		case 'S': source = optarg; break;
		case 'T': tick = optarg; break;
		case 't': top = cmd_posnum("--top", optarg); break;
		case 'u': until = optarg; break;
		case 'V': cmd_version(); break;
		case 'w': window = optarg; break;
		case ':': cmd_usage_fail("option '%s' needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		cmd_usage_fail("unexpected argument '%s'", argv[optind]);
	/* everything on the command line is checked before the database is
	   opened */
	modes = !!req + !!tick + ret;
	if (modes > 1)
		cmd_usage_fail("--requester, --ticket and --returning go one at a time");
	if ((req || tick) && (by_given || window || any_group || since || until || bin || quiet))
		cmd_usage_fail("--%s looks up one %s: --by, --window, --any-group, --since, "
			       "--until, --bin and --quiet do not apply",
			       req ? "requester" : "ticket", req ? "requester" : "ticket");
	if (req && *req == '\0')
		cmd_usage_fail("--requester needs an id");
	if (tick && *tick == '\0')
		cmd_usage_fail("--ticket needs an id");
	if (key_file && !req)
		cmd_usage_fail("--key-file goes with --requester");
	if (source && !tick)
		cmd_usage_fail("--source goes with --ticket");
	if (!ret && (bin || quiet))
		cmd_usage_fail("--bin and --quiet go with --returning");
	if (ret && (window || any_group))
		cmd_usage_fail("--window and --any-group do not apply to --returning");
	if (req && top >= 0)
		cmd_usage_fail("--top does not apply to --requester");
	so.window = 7 * (int64_t)DAY;
	if (window && (so.window = cmd_span(window)) < 0)
		cmd_usage_fail("--window takes a span such as 7d, 48h or 2w, not '%s'", window);
	if (bin && strcmp(bin, "day") && strcmp(bin, "week"))
		cmd_usage_fail("--bin is day or week, not '%s'", bin);
	so.lo = INT64_MIN;
	so.hi = INT64_MAX;
	if (!req && !tick) {
		if (tix_groupby_parse(by, &byx) < 0)
			cmd_usage_fail("--by: unknown field '%s'", by);
		if (since && tix_time_parse_bound(since, now, &so.lo) < 0)
			cmd_usage_fail("--since: cannot read '%s' as a time", since);
		if (until && tix_time_parse_bound(until, now, &so.hi) < 0)
			cmd_usage_fail("--until: cannot read '%s' as a time", until);
		if (so.lo >= so.hi)
			cmd_usage_fail("--since must come before --until");
	}
	if (quiet)
		cmd_posnum("--quiet", quiet);
	out = tix_out_new(stdout, cmd_format(fmtname), 0, err);
	if (!out) {
		cmd_msg("%s", err);
		return TIX_EXIT_FAIL;
	}
	s = tix_store_open(cmd_db_path(db), TIX_STORE_READONLY, err);
	if (!s) {
		cmd_msg("%s", err);
		tix_out_free(out);
		return TIX_EXIT_FAIL;
	}
	if (!req && !tick && tix_groupby_ready(s, &byx, err) < 0) {
		cmd_msg("%s", err);
		tix_out_free(out);
		tix_store_close(s);
		return TIX_EXIT_FAIL;
	}
	if (req) {
		status = requester(s, req, key_file, out);
	} else if (tick) {
		status = ticket(s, tick, source, top, out);
	} else if (ret) {
		status = returning(s, &byx, !bin || !strcmp(bin, "week"), so.lo, so.hi,
				   quiet ? (size_t)cmd_posnum("--quiet", quiet) : 4, top, out);
	} else {
		so.by = &byx;
		so.any_group = any_group;
		so.top = top;
		status = summary(s, &so, out);
	}
	if (status == TIX_EXIT_OK && tix_out_finish(out, err) < 0) {
		cmd_msg("%s", err);
		status = TIX_EXIT_FAIL;
	}
	tix_out_free(out);
	tix_store_close(s);
	return status;
}
