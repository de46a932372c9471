/* tix-patterns - the recurring issues, in words. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "campaign.h"
#include "cmdutil.h"
#include "intern.h"
#include "out.h"
#include "patlist.h"
#include "patterns.h"
#include "store.h"
#include "timeparse.h"

static const char usage_text[] =
	"usage: tix-patterns --lines [file] [--format fmt]\n"
	"       tix-patterns [--db file] [--field subject | body | both] [--since time]\n"
	"                    [--until time] [--top n] [--rebuild] [--format fmt]\n"
	"       tix-patterns --campaigns [--db file] [--since time] [--until time]\n"
	"                    [--window span] [--min-requesters n] [--top n]\n"
	"                    [--format fmt]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Groups texts that say the same thing with other numbers, names and ids\n"
	      "into patterns, each with a template such as \"upload stuck at <PCT>\".\n"
	      "With a database: gives every ticket a pattern (stored; new tickets extend\n"
	      "the patterns, ids stay), then lists the patterns, the most tickets first.\n"
	      "\n"
	      "      --lines          each line of file (default: standard input) is a text;\n"
	      "                       writes line, pattern, template for every line\n"
	      "      --db file        the database (default $TIX_DB, else ./tix.db)\n"
	      "      --field f        the text of a ticket: subject (default), body (its\n"
	      "                       first line that is not a greeting) or both\n"
	      "      --since time     list tickets created at or after time (a date, or 12w)\n"
	      "      --until time     list tickets created before time\n"
	      "      --top n          the first n rows\n"
	      "      --rebuild        forget the stored patterns and mine every ticket anew\n"
	      "      --campaigns      near-identical long bodies from many requesters in a\n"
	      "                       short time: copy-paste waves, scams, mass reports\n"
	      "      --window span    --campaigns: within span (N d, N h or N w; default 7d)\n"
	      "      --min-requesters n  --campaigns: from n requesters (default 3)\n"
	      "      --format fmt     table, csv, tsv, json or ndjson\n"
	      "\n"
	      "Exit: 0 ok, 2 usage, 3 could not run.\n"
	      "See tix-patterns(1).\n", stdout);
	exit(TIX_EXIT_OK);
}

static void oom(void)
{
	cmd_msg("out of memory");
	exit(TIX_EXIT_FAIL);
}

static void out_fail(const char *err)
{
	cmd_msg("%s", err);
	exit(TIX_EXIT_FAIL);
}

/* ---------- --lines ---------- */

/* bytes of a line that are read; the rest of a longer one is skipped
   (the miner reads 256 tokens at most) */
#define LINE_MAX_READ (1u << 20)

/* one line of fp into buf (LINE_MAX_READ + 1 bytes) without its line end,
   its first LINE_MAX_READ bytes; its length, or -1 at the end.  name: for
   messages. */
static long read_line(FILE *fp, char *buf, const char *name)
{
	size_t n = 0;
	int c, any = 0;

	while ((c = getc_unlocked(fp)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (n < LINE_MAX_READ)
			buf[n++] = (char)c;
	}
	if (c == EOF && ferror(fp)) {
		cmd_msg("%s: %s", name, strerror(errno ? errno : EIO));
		exit(TIX_EXIT_FAIL);
	}
	if (!any)
		return -1;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	return (long)n;
}

/* a temporary file in $TMPDIR (else /tmp), gone when closed */
static FILE *spool_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *fp;
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/tix-patterns.XXXXXX", dir) >= sizeof(path)) {
		cmd_msg("TMPDIR is too long");
		exit(TIX_EXIT_FAIL);
	}
	if ((fd = mkstemp(path)) < 0) {
		cmd_msg("cannot make a temporary file in %s: %s", dir, strerror(errno));
		exit(TIX_EXIT_FAIL);
	}
	unlink(path);
	if (!(fp = fdopen(fd, "w+b"))) {
		cmd_msg("temporary file: %s", strerror(errno));
		exit(TIX_EXIT_FAIL);
	}
	return fp;
}

/*
 * Two passes: learn every line, then name every line with all that was
 * learnt.  A regular file is read twice, from where it stood (standard
 * input may have been read before), and the second pass stops after as
 * many lines as the first read; anything else (a pipe) is copied to a
 * temporary file on the first pass, so memory holds templates, not lines.
 */
static int lines_mode(const char *path, enum tix_fmt fmt)
{
	static const char *const names[] = { "line", "pattern", "template" };
	static const enum tix_coltype types[] = { TIX_COL_INT, TIX_COL_INT, TIX_COL_TEXT };
	const char *name = path && strcmp(path, "-") ? path : "(standard input)";
	FILE *in = stdin, *spool = NULL, *second;
	struct tix_miner *m;
	struct tix_out *out;
	struct stat st = {0};
	char err[TIX_ERRSZ], num[32], pid[32];
	char *buf = malloc(LINE_MAX_READ + 1);
	off_t start = 0;
	long n;
	uint64_t line = 0, lines = 0;

	if (!buf)
		oom();
	if (path && strcmp(path, "-") && !(in = fopen(path, "rb"))) {
		cmd_msg("%s: %s", path, strerror(errno));
		exit(TIX_EXIT_FAIL);
	}
	if (fstat(fileno(in), &st) < 0 || !S_ISREG(st.st_mode) || (start = ftello(in)) < 0) {
		if (S_ISDIR(st.st_mode)) {
			cmd_msg("%s: %s", name, strerror(EISDIR));
			exit(TIX_EXIT_FAIL);
		}
		spool = spool_file();
	}
	if (!(m = tix_miner_new(NULL, err)))
		out_fail(err);
	while ((n = read_line(in, buf, name)) >= 0) {
		lines++;
		if (tix_miner_add(m, buf, (size_t)n, err) < 0)
			out_fail(err);
		if (spool && (fwrite(buf, 1, (size_t)n, spool) != (size_t)n || putc('\n', spool) == EOF)) {
			cmd_msg("temporary file: %s", strerror(errno));
			exit(TIX_EXIT_FAIL);
		}
	}
	if (spool) {
		if (fflush(spool) == EOF) {
			cmd_msg("temporary file: %s", strerror(errno));
			exit(TIX_EXIT_FAIL);
		}
		rewind(spool);
		second = spool;
	} else {
		if (fseeko(in, start, SEEK_SET) < 0) {
			cmd_msg("%s: %s", name, strerror(errno));
			exit(TIX_EXIT_FAIL);
		}
		second = in;
	}
	if (!(out = tix_out_new(stdout, fmt, 0, err)) ||
	    tix_out_columns(out, 3, names, types, err) < 0)
		out_fail(err);
	while (line < lines &&
	       (n = read_line(second, buf, spool ? "temporary file" : name)) >= 0) {
		const char *row[3];
		long id = tix_miner_match(m, buf, (size_t)n, err);

		if (id < 0)
			out_fail(err);
		snprintf(num, sizeof(num), "%llu", (unsigned long long)++line);
		snprintf(pid, sizeof(pid), "%ld", id);
		row[0] = num;
		row[1] = pid;
		row[2] = tix_miner_template(m, id);
		if (tix_out_row(out, row, err) < 0)
			out_fail(err);
	}
	if (tix_out_finish(out, err) < 0)
		out_fail(err);
	tix_out_free(out);
	tix_miner_free(m);
	free(buf);
	if (spool)
		fclose(spool);
	if (in != stdin)
		fclose(in);
	return TIX_EXIT_OK;
}

/* ---------- the database ---------- */

/* by enum tix_pattern_field */
static const char *const field_names[] = { "subject", "body", "both" };

static void sql_fail(struct tix_store *s)
{
	cmd_msg("%s: %s", s->path, sqlite3_errmsg(s->db));
	exit(TIX_EXIT_FAIL);
}

static sqlite3_stmt *prepare(struct tix_store *s, const char *sql)
{
	char err[TIX_ERRSZ];
	sqlite3_stmt *st;

	if (tix_store_prepare(s, &st, sql, err) < 0)
		out_fail(err);
	return st;
}

static void exec(struct tix_store *s, const char *sql)
{
	char err[TIX_ERRSZ];

	if (tix_store_exec(s, sql, err) < 0)
		out_fail(err);
}

/* The text of the ticket at the statement's columns c (subject) and c + 1
   (body), as --field says, in buf. */
static const char *ticket_text(sqlite3_stmt *st, int c, enum tix_pattern_field f,
			       struct tix_buf *buf, size_t *len)
{
	const char *t = tix_pattern_text(f, (const char *)sqlite3_column_text(st, c),
					 (size_t)sqlite3_column_bytes(st, c),
					 (const char *)sqlite3_column_text(st, c + 1),
					 (size_t)sqlite3_column_bytes(st, c + 1), buf, len);

	if (!t)
		oom();
	return t;
}

struct assigned {
	int64_t ticket;
	long pattern;
	int changed;		/* not stored so yet */
};

static void push(struct assigned **a, size_t *n, size_t *cap, int64_t ticket, long pattern)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 1024;
		struct assigned *p = realloc(*a, c * sizeof(*p));

		if (!p)
			oom();
		*a = p;
		*cap = c;
	}
	(*a)[*n].ticket = ticket;
	(*a)[*n].pattern = pattern;
	(*a)[(*n)++].changed = 0;
}

/*
 * Learn the tickets not learnt yet (all with rebuild, or when the stored
 * patterns are of another field), name every ticket, and store it all: the
 * patterns, each ticket's pattern, the miner.  One transaction.
 */
static void mine(struct tix_store *s, enum tix_pattern_field f, int rebuild)
{
	sqlite3_stmt *st;
	struct tix_miner *m = NULL;
	struct assigned *a = NULL;
	struct tix_buf buf, state;
	size_t na = 0, capa = 0, i, len;
	int64_t learnt_to = 0, maxpat = 0;
	char err[TIX_ERRSZ];
	const char *text;
	int rc;

	tix_buf_init(&buf, SIZE_MAX);
	tix_buf_init(&state, SIZE_MAX);
	if (tix_store_begin(s, err) < 0)
		out_fail(err);
	st = prepare(s, "SELECT field, learnt_to, state FROM pattern_state");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *was = (const char *)sqlite3_column_text(st, 0);

		if (!rebuild && was && strcmp(was, field_names[f])) {
			cmd_msg("%s: the stored patterns are of --field %s: mining --field %s anew",
				s->path, was, field_names[f]);
			rebuild = 1;
		}
		if (!rebuild) {
			m = tix_miner_load(sqlite3_column_blob(st, 2),
					   (size_t)sqlite3_column_bytes(st, 2), err);
			if (!m) {
				cmd_msg("%s: the stored patterns: %s: mining anew", s->path, err);
				rebuild = 1;
			}
			learnt_to = sqlite3_column_int64(st, 1);
		}
	} else if (rc != SQLITE_DONE) {
		sql_fail(s);
	}
	sqlite3_finalize(st);
	if (rebuild || !m) {
		tix_miner_free(m);
		learnt_to = 0;
		exec(s, "DELETE FROM ticket_pattern; DELETE FROM pattern; DELETE FROM pattern_state");
		if (!(m = tix_miner_new(NULL, err)))
			out_fail(err);
	}
	st = prepare(s, "SELECT coalesce(max(id), 0) FROM pattern");
	if (sqlite3_step(st) != SQLITE_ROW)
		sql_fail(s);
	maxpat = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);

	/* learn */
	st = prepare(s, "SELECT id, subject, body FROM ticket WHERE id > ?1 ORDER BY id");
	sqlite3_bind_int64(st, 1, learnt_to);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		text = ticket_text(st, 1, f, &buf, &len);
		learnt_to = sqlite3_column_int64(st, 0);
		if (tix_pattern_blank(text, len))
			continue;
		if (tix_miner_add(m, text, len, err) < 0)
			out_fail(err);
	}
	if (rc != SQLITE_DONE)
		sql_fail(s);
	sqlite3_finalize(st);

	/* name */
	st = prepare(s, "SELECT id, subject, body FROM ticket ORDER BY id");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long id;

		text = ticket_text(st, 1, f, &buf, &len);
		if (tix_pattern_blank(text, len))	/* no text, no pattern */
			continue;
		if ((id = tix_miner_match(m, text, len, err)) < 0)
			out_fail(err);
		push(&a, &na, &capa, sqlite3_column_int64(st, 0), id);
	}
	if (rc != SQLITE_DONE)
		sql_fail(s);
	sqlite3_finalize(st);

	/* store: new patterns, then each ticket's pattern where it changed */
	st = prepare(s, "INSERT INTO pattern(id, template) VALUES (?1, ?2)");
	for (i = (size_t)maxpat + 1; i <= tix_miner_npatterns(m); i++) {
		sqlite3_bind_int64(st, 1, (int64_t)i);
		sqlite3_bind_text(st, 2, tix_miner_template(m, (long)i), -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			sql_fail(s);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	{
		sqlite3_stmt *old = prepare(s, "SELECT ticket_id, pattern FROM ticket_pattern"
					       " ORDER BY ticket_id");
		struct assigned *was = NULL;
		size_t nw = 0, capw = 0, j = 0, nchanged;

		while ((rc = sqlite3_step(old)) == SQLITE_ROW)
			push(&was, &nw, &capw, sqlite3_column_int64(old, 0),
			     (long)sqlite3_column_int64(old, 1));
		if (rc != SQLITE_DONE)
			sql_fail(s);
		sqlite3_finalize(old);
		/* tickets gone from the database lose their row */
		st = prepare(s, "DELETE FROM ticket_pattern WHERE ticket_id = ?1");
		for (i = 0, j = 0; j < nw; j++) {
			while (i < na && a[i].ticket < was[j].ticket)
				i++;
			if (i < na && a[i].ticket == was[j].ticket)
				continue;
			sqlite3_bind_int64(st, 1, was[j].ticket);
			if (sqlite3_step(st) != SQLITE_DONE)
				sql_fail(s);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		/* many changes (a first run): the index is built again after
		   them, by one sort, rather than kept up row by row, which
		   writes each of its pages many times (measured: 15 s of
		   writes for a million tickets) */
		for (i = 0, j = 0, nchanged = 0; i < na; i++) {
			while (j < nw && was[j].ticket < a[i].ticket)
				j++;
			a[i].changed = !(j < nw && was[j].ticket == a[i].ticket &&
					 was[j].pattern == a[i].pattern);
			nchanged += (size_t)a[i].changed;
		}
		if (nchanged > 10000)
			exec(s, "DROP INDEX IF EXISTS ticket_pattern_pattern");
		st = prepare(s, "INSERT OR REPLACE INTO ticket_pattern(ticket_id, pattern)"
			     " VALUES (?1, ?2)");
		for (i = 0; i < na; i++) {
			if (!a[i].changed)
				continue;
			sqlite3_bind_int64(st, 1, a[i].ticket);
			sqlite3_bind_int64(st, 2, a[i].pattern);
			if (sqlite3_step(st) != SQLITE_DONE)
				sql_fail(s);
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		if (nchanged > 10000)
			exec(s, "CREATE INDEX IF NOT EXISTS ticket_pattern_pattern"
				" ON ticket_pattern(pattern)");
		free(was);
	}
	if (tix_miner_save(m, &state, err) < 0)
		out_fail(err);
	exec(s, "DELETE FROM pattern_state");
	st = prepare(s, "INSERT INTO pattern_state(field, learnt_to, state) VALUES (?1, ?2, ?3)");
	sqlite3_bind_text(st, 1, field_names[f], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, learnt_to);
	sqlite3_bind_blob(st, 3, state.s, (int)state.len, SQLITE_STATIC);
	if (state.len > INT32_MAX)
		out_fail("the pattern state is too big to store");
	if (sqlite3_step(st) != SQLITE_DONE)
		sql_fail(s);
	sqlite3_finalize(st);
	if (tix_store_commit(s, err) < 0)
		out_fail(err);
	tix_miner_free(m);
	free(a);
	tix_buf_release(&buf);
	tix_buf_release(&state);
}

/* the patterns of the tickets created in [lo, hi), the most tickets first */
static void list(struct tix_store *s, enum tix_pattern_field f, int64_t lo, int64_t hi, long top,
		 enum tix_fmt fmt)
{
	static const char *const names[] = {
		"pattern", "template", "tickets", "requesters", "first_seen", "last_seen",
		"top_category", "example"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_INT, TIX_COL_TEXT, TIX_COL_INT, TIX_COL_INT, TIX_COL_TEXT, TIX_COL_TEXT,
		TIX_COL_TEXT, TIX_COL_TEXT
	};
	struct tix_pattern_table t;
	struct tix_out *out;
	char err[TIX_ERRSZ];
	size_t i;

	if (tix_patterns_list(s, f, lo, hi, top, 0, &t, err) < 0)
		out_fail(err);
	if (!(out = tix_out_new(stdout, fmt, 0, err)) ||
	    tix_out_columns(out, 8, names, types, err) < 0)
		out_fail(err);
	for (i = 0; i < t.n; i++) {
		const struct tix_pattern_row *p = &t.row[i];
		char c[5][32];
		const char *row[8];

		snprintf(c[0], sizeof(c[0]), "%ld", p->pattern);
		snprintf(c[1], sizeof(c[1]), "%zu", p->tickets);
		snprintf(c[2], sizeof(c[2]), "%zu", p->requesters);
		tix_time_format_iso(p->first, c[3]);
		tix_time_format_iso(p->last, c[4]);
		row[0] = c[0];
		row[1] = p->template;
		row[2] = c[1];
		row[3] = c[2];
		row[4] = c[3];
		row[5] = c[4];
		row[6] = p->top_category;
		row[7] = p->example_text;
		if (tix_out_row(out, row, err) < 0)
			out_fail(err);
	}
	if (tix_out_finish(out, err) < 0)
		out_fail(err);
	tix_out_free(out);
	tix_pattern_table_free(&t);
}

/* ---------- --campaigns ---------- */

/* one ticket looked at */
struct camp_ticket {
	int64_t id;
	uint32_t category;	/* UINT32_MAX: none */
};

/* the body of a ticket for the example column: white space runs as one
   space, at most 200 bytes, cut between characters with "..." after when
   there was more */
static const char *excerpt(const char *s, size_t n, struct tix_buf *b)
{
	size_t i;
	int space = 0, cut = 0;

	tix_buf_reset(b);
	if (tix_buf_add(b, "", 0) < 0)
		oom();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f) {
			space = b->len > 0;
			continue;
		}
		if (b->len + (size_t)space + 1 > 200) {
			cut = 1;
			break;
		}
		if (space && tix_buf_addc(b, ' ') < 0)
			oom();
		space = 0;
		if (tix_buf_addc(b, (char)c) < 0)
			oom();
	}
	if (cut) {
		/* not in the middle of a character, nor after a space */
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			while (b->len > 0 && ((unsigned char)b->s[b->len - 1] & 0xc0) == 0x80)
				b->len--;
		if (((unsigned char)s[i] & 0xc0) == 0x80 && b->len > 0 &&
		    (unsigned char)b->s[b->len - 1] >= 0xc0)
			b->len--;
		while (b->len > 0 && b->s[b->len - 1] == ' ')
			b->len--;
		b->s[b->len] = '\0';
		if (tix_buf_adds(b, "...") < 0)
			oom();
	}
	return b->s;
}

static void campaigns(struct tix_store *s, int64_t lo, int64_t hi, int64_t window,
		      long minreq, long top, enum tix_fmt fmt)
{
	static const char *const names[] = {
		"campaign", "tickets", "requesters", "first_seen", "last_seen", "similarity",
		"top_category", "example_id", "example"
	};
	static const enum tix_coltype types[] = {
		TIX_COL_INT, TIX_COL_INT, TIX_COL_INT, TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_REAL,
		TIX_COL_TEXT, TIX_COL_TEXT, TIX_COL_TEXT
	};
	struct tix_camp_opts o;
	struct tix_camp *c;
	struct tix_campaign *found = NULL;
	struct camp_ticket *t = NULL;
	struct tix_intern req, cat;
	size_t nt = 0, cap = 0, nf = 0, nshow, i, k;
	uint32_t *catn = NULL;
	sqlite3_stmt *st;
	struct tix_out *out;
	struct tix_buf buf;
	char err[TIX_ERRSZ];
	int rc;

	tix_camp_defaults(&o);
	if (window >= 0)
		o.window = window;
	if (minreq > 0)
		o.min_requesters = (size_t)minreq;
	if (o.min_size < o.min_requesters)
		o.min_size = o.min_requesters;
	if (!(c = tix_camp_new(&o, err)))
		out_fail(err);
	tix_intern_init(&req);
	tix_intern_init(&cat);
	tix_buf_init(&buf, SIZE_MAX);
	st = prepare(s, "SELECT id, body, created, requester, category FROM ticket"
		     " WHERE created >= ?1 AND created < ?2 AND body IS NOT NULL ORDER BY id");
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint32_t r = TIX_CAMP_NONE;
		long id;

		if (sqlite3_column_type(st, 3) != SQLITE_NULL && sqlite3_column_bytes(st, 3) > 0) {
			if ((id = tix_intern(&req, (const char *)sqlite3_column_text(st, 3),
					     (size_t)sqlite3_column_bytes(st, 3))) < 0)
				oom();
			r = (uint32_t)id;
		}
		if (nt == cap) {
			size_t cc = cap ? 2 * cap : 1024;
			struct camp_ticket *p = realloc(t, cc * sizeof(*p));

			if (!p)
				oom();
			t = p;
			cap = cc;
		}
		t[nt].id = sqlite3_column_int64(st, 0);
		t[nt].category = UINT32_MAX;
		if (sqlite3_column_type(st, 4) != SQLITE_NULL && sqlite3_column_bytes(st, 4) > 0) {
			if ((id = tix_intern(&cat, (const char *)sqlite3_column_text(st, 4),
					     (size_t)sqlite3_column_bytes(st, 4))) < 0)
				oom();
			t[nt].category = (uint32_t)id;
		}
		if (tix_camp_add(c, (const char *)sqlite3_column_text(st, 1),
				 (size_t)sqlite3_column_bytes(st, 1), sqlite3_column_int64(st, 2), r,
				 err) < 0)
			out_fail(err);
		nt++;
	}
	if (rc != SQLITE_DONE)
		sql_fail(s);
	sqlite3_finalize(st);
	if (tix_camp_find(c, &found, &nf, err) < 0)
		out_fail(err);
	tix_camp_free(c);
	nshow = top >= 0 && (size_t)top < nf ? (size_t)top : nf;

	if (!(out = tix_out_new(stdout, fmt, 0, err)) ||
	    tix_out_columns(out, 9, names, types, err) < 0)
		out_fail(err);
	if (!(catn = calloc(cat.n ? cat.n : 1, sizeof(*catn))))
		oom();
	st = prepare(s, "SELECT ext_id, body FROM ticket WHERE id = ?1");
	for (i = 0; i < nshow; i++) {
		const struct tix_campaign *f = &found[i];
		char cc[6][32];
		const char *row[9];
		uint32_t best = UINT32_MAX;

		/* the most frequent category; ties: the first name in byte order */
		for (k = 0; k < f->n; k++)
			if (t[f->members[k]].category != UINT32_MAX)
				catn[t[f->members[k]].category]++;
		for (k = 0; k < f->n; k++) {
			uint32_t g = t[f->members[k]].category;

			if (g != UINT32_MAX &&
			    (best == UINT32_MAX || catn[g] > catn[best] ||
			     (catn[g] == catn[best] &&
			      strcmp(tix_intern_str(&cat, g), tix_intern_str(&cat, best)) < 0)))
				best = g;
		}
		for (k = 0; k < f->n; k++)
			if (t[f->members[k]].category != UINT32_MAX)
				catn[t[f->members[k]].category] = 0;
		snprintf(cc[0], sizeof(cc[0]), "%zu", i + 1);
		snprintf(cc[1], sizeof(cc[1]), "%zu", f->n);
		snprintf(cc[2], sizeof(cc[2]), "%zu", f->requesters);
		tix_time_format_iso(f->first, cc[3]);
		tix_time_format_iso(f->last, cc[4]);
		snprintf(cc[5], sizeof(cc[5]), "%.3f", f->similarity);
		row[0] = cc[0];
		row[1] = cc[1];
		row[2] = cc[2];
		row[3] = cc[3];
		row[4] = cc[4];
		row[5] = cc[5];
		row[6] = best == UINT32_MAX ? NULL : tix_intern_str(&cat, best);
		row[7] = row[8] = NULL;
		sqlite3_bind_int64(st, 1, t[f->example].id);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			row[7] = (const char *)sqlite3_column_text(st, 0);
			row[8] = excerpt((const char *)sqlite3_column_text(st, 1),
					 (size_t)sqlite3_column_bytes(st, 1), &buf);
		} else if (rc != SQLITE_DONE) {
			sql_fail(s);
		}
		if (tix_out_row(out, row, err) < 0)
			out_fail(err);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (tix_out_finish(out, err) < 0)
		out_fail(err);
	tix_out_free(out);
	tix_campaigns_free(found, nf);
	free(t);
	free(catn);
	tix_intern_release(&req);
	tix_intern_release(&cat);
	tix_buf_release(&buf);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "campaigns", no_argument, NULL, 'C' },
		{ "db", required_argument, NULL, 'D' },
		{ "field", required_argument, NULL, 'F' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "lines", no_argument, NULL, 'L' },
		{ "min-requesters", required_argument, NULL, 'm' },
		{ "rebuild", no_argument, NULL, 'R' },
		{ "since", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 't' },
		{ "until", required_argument, NULL, 'u' },
		{ "version", no_argument, NULL, 'V' },
		{ "window", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const char *fmtname = NULL, *db = NULL, *field = NULL, *since = NULL, *until = NULL;
	const char *window = NULL, *minreq = NULL;
	int64_t lo = INT64_MIN, hi = INT64_MAX, now = (int64_t)time(NULL);
	struct tix_store *s;
	char err[TIX_ERRSZ];
	enum tix_pattern_field f = TIX_PF_SUBJECT;
	enum tix_fmt fmt;
	long top = -1, nreq = -1;
	int64_t win = -1;
	int ch, lines = 0, camp = 0, rebuild = 0;

	cmd_name = "tix-patterns";
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C': camp = 1; break;
		case 'D': db = optarg; break;
		case 'F': field = optarg; break;
		case 'f': fmtname = optarg; break;
		case 'h': help(); break;
		case 'L': lines = 1; break;
		case 'm': minreq = optarg; break;
		case 'R': rebuild = 1; break;
		case 's': since = optarg; break;
		case 't': top = cmd_posnum("--top", optarg); break;
		case 'u': until = optarg; break;
		case 'V': cmd_version(); break;
		case 'w': window = optarg; break;
		case ':': cmd_usage_fail("option '%s' needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	fmt = cmd_format(fmtname);
	if (lines && camp)
		cmd_usage_fail("--lines and --campaigns are two different jobs: say one");
	if (lines) {
		if (db || field || since || until || top >= 0 || rebuild || window || minreq)
			cmd_usage_fail("--lines reads a file: --db, --field, --since, --until, --top, "
				       "--rebuild, --window and --min-requesters are for the database");
		if (argc - optind > 1)
			cmd_usage_fail("unexpected argument '%s'", argv[optind + 1]);
		return lines_mode(optind < argc ? argv[optind] : NULL, fmt);
	}
	if (optind < argc)
		cmd_usage_fail("unexpected argument '%s' (a file of lines needs --lines)",
			       argv[optind]);
	if (since && tix_time_parse_bound(since, now, &lo) < 0)
		cmd_usage_fail("--since: cannot read '%s' as a time", since);
	if (until && tix_time_parse_bound(until, now, &hi) < 0)
		cmd_usage_fail("--until: cannot read '%s' as a time", until);
	if (lo >= hi)
		cmd_usage_fail("--since must come before --until");
	if (camp) {
		if (field || rebuild)
			cmd_usage_fail("--campaigns compares bodies: --field and --rebuild are for "
				       "patterns");
		if (window && (win = cmd_span(window)) < 0)
			cmd_usage_fail("--window takes a span such as 7d, 48h or 2w, not '%s'", window);
		if (minreq)
			nreq = cmd_posnum("--min-requesters", minreq);
		if (!(s = tix_store_open(cmd_db_path(db), TIX_STORE_READONLY, err)))
			out_fail(err);
		campaigns(s, lo, hi, win, nreq, top, fmt);
		tix_store_close(s);
		return TIX_EXIT_OK;
	}
	if (window || minreq)
		cmd_usage_fail("--window and --min-requesters are for --campaigns");
	if (field) {
		for (f = TIX_PF_SUBJECT; f <= TIX_PF_BOTH && strcmp(field, field_names[f]); f++)
			;
		if (f > TIX_PF_BOTH)
			cmd_usage_fail("--field is subject, body or both, not '%s'", field);
	}
	/* a tix database already: this tool adds to one, it does not make one */
	if (!(s = tix_store_open(cmd_db_path(db), TIX_STORE_READONLY, err)))
		out_fail(err);
	tix_store_close(s);
	if (!(s = tix_store_open(cmd_db_path(db), 0, err)))
		out_fail(err);
	mine(s, f, rebuild);
	list(s, f, lo, hi, top, fmt);
	tix_store_close(s);
	return TIX_EXIT_OK;
}
