/* store.c - the SQLite file, its schema and migrations. */
#include "store.h"
#include "tix.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What keeps ticket_fts in step with ticket, row by row. */
#define FTS_TRIGGERS \
	"CREATE TRIGGER IF NOT EXISTS ticket_fts_ai AFTER INSERT ON ticket BEGIN" \
	"  INSERT INTO ticket_fts (rowid, subject, body) VALUES (new.id, new.subject, new.body);" \
	" END;" \
	"CREATE TRIGGER IF NOT EXISTS ticket_fts_ad AFTER DELETE ON ticket BEGIN" \
	"  INSERT INTO ticket_fts (ticket_fts, rowid, subject, body)" \
	"   VALUES ('delete', old.id, old.subject, old.body);" \
	" END;" \
	"CREATE TRIGGER IF NOT EXISTS ticket_fts_au AFTER UPDATE OF subject, body ON ticket" \
	"  WHEN old.subject IS NOT new.subject OR old.body IS NOT new.body BEGIN" \
	"  INSERT INTO ticket_fts (ticket_fts, rowid, subject, body)" \
	"   VALUES ('delete', old.id, old.subject, old.body);" \
	"  INSERT INTO ticket_fts (rowid, subject, body) VALUES (new.id, new.subject, new.body);" \
	" END;"

/* The full-text table's options, shared by ticket_fts and the index a load
   builds beside it (tix_fts_side): the two must agree to the byte. */
#define FTS_OPTIONS "tokenize='unicode61 remove_diacritics 2', detail='none'"
#define FTS_CREATE \
	"CREATE VIRTUAL TABLE ticket_fts USING fts5(subject, body, content='ticket'," \
	"  content_rowid='id', " FTS_OPTIONS ");"

/* Each step takes the schema one version up.  Append steps, never edit. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE ingest_batch ("
	"  id INTEGER PRIMARY KEY,"
	"  file TEXT NOT NULL,"
	"  source TEXT,"
	"  started INTEGER NOT NULL,"
	"  finished INTEGER,"
	"  status TEXT NOT NULL DEFAULT 'running',"
	"  encoding TEXT, delimiter TEXT, newline TEXT,"
	"  header_line INTEGER, preamble_lines INTEGER, footer_lines INTEGER,"
	"  columns TEXT, mapping TEXT, date_formats TEXT,"
	"  rows_read INTEGER NOT NULL DEFAULT 0,"
	"  inserted INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL DEFAULT 0,"
	"  merged INTEGER NOT NULL DEFAULT 0,"
	"  unchanged INTEGER NOT NULL DEFAULT 0,"
	"  rejected INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE ticket ("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  ext_id TEXT NOT NULL,"
	"  subject TEXT, body TEXT,"
	"  status TEXT, status_raw TEXT,"
	"  priority TEXT, priority_raw TEXT,"
	"  category TEXT, subcategory TEXT,"
	"  channel TEXT, channel_raw TEXT,"
	"  requester TEXT, assignee TEXT, team TEXT, tags TEXT,"
	"  created INTEGER, updated INTEGER, solved INTEGER,"
	"  first_reply_min REAL, reopens INTEGER, reassignments INTEGER,"
	"  csat TEXT, resolution TEXT, country TEXT, language TEXT,"
	"  escalated INTEGER, parent_ext_id TEXT,"
	"  extra TEXT,"
	"  batch_id INTEGER NOT NULL REFERENCES ingest_batch(id),"
	"  line INTEGER,"
	"  row_hash INTEGER NOT NULL,"
	"  UNIQUE (source, ext_id));"
	"CREATE INDEX ticket_created ON ticket(created);"
	"CREATE INDEX ticket_requester ON ticket(requester, created);"
	"CREATE TABLE ticket_history ("
	"  ticket_id INTEGER NOT NULL REFERENCES ticket(id),"
	"  batch_id INTEGER NOT NULL REFERENCES ingest_batch(id),"
	"  line INTEGER,"
	"  at INTEGER,"
	"  field TEXT NOT NULL,"
	"  old_value TEXT, new_value TEXT);"
	"CREATE INDEX ticket_history_ticket ON ticket_history(ticket_id, at);"
	"CREATE TABLE reject ("
	"  id INTEGER PRIMARY KEY,"
	"  batch_id INTEGER NOT NULL REFERENCES ingest_batch(id),"
	"  file TEXT NOT NULL, line INTEGER, end_line INTEGER,"
	"  reason TEXT NOT NULL, raw TEXT);"
	"CREATE INDEX reject_batch ON reject(batch_id);",
	/* 1 -> 2: full-text search over subject and body */
	FTS_CREATE
	"INSERT INTO ticket_fts(ticket_fts) VALUES ('rebuild');"
	FTS_TRIGGERS,
	/* 2 -> 3: which key pseudonymised a batch's requesters, if any */
	"ALTER TABLE ingest_batch ADD COLUMN pseudonym_key TEXT;",
	/* 3 -> 4: the patterns of tix-patterns, and the miner that made them */
	"CREATE TABLE pattern ("
	"  id INTEGER PRIMARY KEY,"
	"  template TEXT NOT NULL);"
	"CREATE TABLE ticket_pattern ("
	"  ticket_id INTEGER PRIMARY KEY REFERENCES ticket(id),"
	"  pattern INTEGER NOT NULL REFERENCES pattern(id));"
	"CREATE INDEX ticket_pattern_pattern ON ticket_pattern(pattern);"
	"CREATE TABLE pattern_state ("
	"  field TEXT NOT NULL,"
	"  learnt_to INTEGER NOT NULL,"
	"  state BLOB NOT NULL);",
};

#define NMIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

/*
 * The secondary indexes of ticket and its full-text index, as the latest
 * schema has them: a bulk load into an empty table drops them (and the
 * triggers that feed the full-text index row by row) and builds them again
 * in bulk at the end.
 */
static const char drop_indexes[] =
	"DROP INDEX IF EXISTS ticket_created; DROP INDEX IF EXISTS ticket_requester;";
static const char build_indexes[] =
	"CREATE INDEX IF NOT EXISTS ticket_created ON ticket(created);"
	"CREATE INDEX IF NOT EXISTS ticket_requester ON ticket(requester, created);";
static const char drop_fts_triggers[] =
	"DROP TRIGGER IF EXISTS ticket_fts_ai; DROP TRIGGER IF EXISTS ticket_fts_ad;"
	"DROP TRIGGER IF EXISTS ticket_fts_au;";

int tix_store_drop_indexes(struct tix_store *s, char *err)
{
	return tix_store_exec(s, drop_indexes, err);
}

int tix_store_build_indexes(struct tix_store *s, char *err)
{
	return tix_store_exec(s, build_indexes, err);
}

int tix_store_fts_pause(struct tix_store *s, char *err)
{
	return tix_store_exec(s, drop_fts_triggers, err);
}

int tix_store_fts_resume(struct tix_store *s, long long after_id, char *err)
{
	sqlite3_stmt *st;
	int rc;

	if (after_id <= 0) {
		/* everything is new: the bulk build */
		if (tix_store_exec(s, "INSERT INTO ticket_fts(ticket_fts) VALUES ('delete-all');"
				   "INSERT INTO ticket_fts(ticket_fts) VALUES ('rebuild')", err) < 0)
			return -1;
	} else {
		if (tix_store_prepare(s, &st, "INSERT INTO ticket_fts (rowid, subject, body)"
				      " SELECT id, subject, body FROM ticket WHERE id > ?1", err) < 0)
			return -1;
		sqlite3_bind_int64(st, 1, after_id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
	}
	return tix_store_exec(s, FTS_TRIGGERS, err);
}

/* ---------- a full-text index built beside the load ---------- */

struct tix_fts_side {
	sqlite3 *db;
	sqlite3_stmt *ins;
};

static int side_fail(struct tix_fts_side *f, char *err)
{
	return tix_errf(err, "full-text index: %s",
			f->db ? sqlite3_errmsg(f->db) : "cannot open a temporary database");
}

struct tix_fts_side *tix_fts_side_open(char *err)
{
	struct tix_fts_side *f = calloc(1, sizeof(*f));

	if (!f) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	/* One transaction: FTS5 writes what it holds in memory at every
	   commit.  "" is a private temporary file, unlinked by SQLite as soon as it is
	   open: a killed load leaves nothing behind.  Nothing in it needs to
	   survive a crash, so no journal and no syncs; large pages, as for a
	   new database (tix_store_open).  Segments are not
	   merged while rows come in (up to 1000 a level: more,
	   and this FTS5 reports the database full); one merge at the end. */
	if (sqlite3_open_v2("", &f->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(f->db, "PRAGMA page_size = 16384;"
			 "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
			 "PRAGMA cache_size = -4096;"
			 "CREATE VIRTUAL TABLE f USING fts5(subject, body, content='', "
			 FTS_OPTIONS ");"
			 "INSERT INTO f (f, rank) VALUES ('automerge', 0);"
			 "INSERT INTO f (f, rank) VALUES ('crisismerge', 1000);"
			 "BEGIN",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(f->db, "INSERT INTO f (rowid, subject, body) VALUES (?1, ?2, ?3)",
			       -1, &f->ins, NULL) != SQLITE_OK) {
		side_fail(f, err);
		tix_fts_side_close(f);
		return NULL;
	}
	return f;
}

int tix_fts_side_add(struct tix_fts_side *f, long long rowid, const char *subject, size_t ns,
		     const char *body, size_t nb, char *err)
{
	int rc;

	sqlite3_bind_int64(f->ins, 1, rowid);
	if (subject)
		sqlite3_bind_text(f->ins, 2, subject, (int)ns, SQLITE_STATIC);
	else
		sqlite3_bind_null(f->ins, 2);
	if (body)
		sqlite3_bind_text(f->ins, 3, body, (int)nb, SQLITE_STATIC);
	else
		sqlite3_bind_null(f->ins, 3);
	rc = sqlite3_step(f->ins);
	sqlite3_reset(f->ins);
	sqlite3_clear_bindings(f->ins);
	return rc == SQLITE_DONE ? 0 : side_fail(f, err);
}

int tix_fts_side_finish(struct tix_fts_side *f, char *err)
{
	if (sqlite3_exec(f->db, "INSERT INTO f (f) VALUES ('optimize'); COMMIT", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return side_fail(f, err);
	return 0;
}

void tix_fts_side_interrupt(struct tix_fts_side *f)
{
	if (f)
		sqlite3_interrupt(f->db);
}

void tix_fts_side_close(struct tix_fts_side *f)
{
	if (!f)
		return;
	sqlite3_finalize(f->ins);
	sqlite3_close(f->db);
	free(f);
}

/* Rows a statement of copy_shadow inserts at once: one step for many rows
   is much cheaper than a step each (docsize has a row per ticket). */
#define COPY_ROWS 256
#define COPY_COLS 3

/* The values of the rows a copy holds until it inserts them. */
struct held {
	int type[COPY_ROWS * COPY_COLS];
	sqlite3_int64 i[COPY_ROWS * COPY_COLS];
	double d[COPY_ROWS * COPY_COLS];
	size_t off[COPY_ROWS * COPY_COLS], n[COPY_ROWS * COPY_COLS];
	struct tix_buf bytes;
};

/* Keep the current row of rd (ncol values) as row k of h.  0 or -1. */
static int hold_row(struct held *h, sqlite3_stmt *rd, int ncol, int k)
{
	int c;

	for (c = 0; c < ncol; c++) {
		int j = k * ncol + c, t = sqlite3_column_type(rd, c);

		h->type[j] = t;
		if (t == SQLITE_INTEGER) {
			h->i[j] = sqlite3_column_int64(rd, c);
		} else if (t == SQLITE_FLOAT) {
			h->d[j] = sqlite3_column_double(rd, c);
		} else if (t == SQLITE_BLOB || t == SQLITE_TEXT) {
			const void *p = t == SQLITE_BLOB ? sqlite3_column_blob(rd, c)
							 : (const void *)sqlite3_column_text(rd, c);

			h->n[j] = (size_t)sqlite3_column_bytes(rd, c);
			h->off[j] = h->bytes.len;
			if (tix_buf_add(&h->bytes, p ? p : "", h->n[j]) < 0)
				return -1;
		}
	}
	return 0;
}

/* Insert the n rows held in h with a statement for n rows (*st, prepared
   when NULL), and forget them. */
static int insert_rows(struct tix_store *s, sqlite3_stmt **st, const char *to, int ncol,
		       struct held *h, int n, char *err)
{
	int i, rc;

	if (!*st) {
		struct tix_buf sql;
		int j;

		tix_buf_init(&sql, 0);
		tix_buf_addf(&sql, "INSERT INTO \"%s\" VALUES ", to);
		for (i = 0; i < n; i++)
			for (j = 0; j < ncol; j++)
				tix_buf_adds(&sql, j ? ", ?" : i ? "), (?" : "(?");
		if (tix_buf_addc(&sql, ')') < 0) {
			tix_buf_release(&sql);
			return tix_errf(err, "out of memory");
		}
		rc = tix_store_prepare(s, st, sql.s, err);
		tix_buf_release(&sql);
		if (rc < 0)
			return -1;
	}
	for (i = 0; i < n * ncol; i++) {
		const char *p = h->bytes.s + h->off[i];

		switch (h->type[i]) {
		case SQLITE_INTEGER:
			sqlite3_bind_int64(*st, i + 1, h->i[i]);
			break;
		case SQLITE_FLOAT:
			sqlite3_bind_double(*st, i + 1, h->d[i]);
			break;
		case SQLITE_BLOB:
			sqlite3_bind_blob(*st, i + 1, p, (int)h->n[i], SQLITE_STATIC);
			break;
		case SQLITE_TEXT:
			sqlite3_bind_text(*st, i + 1, p, (int)h->n[i], SQLITE_STATIC);
			break;
		default:
			sqlite3_bind_null(*st, i + 1);
		}
	}
	rc = sqlite3_step(*st);
	sqlite3_reset(*st);
	tix_buf_reset(&h->bytes);
	if (rc != SQLITE_DONE)
		return tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

/* Copy the rows of one shadow table of the side index (ncol columns, at
   most COPY_COLS) into ticket_fts's. */
static int copy_shadow(struct tix_store *s, struct tix_fts_side *f, const char *from,
		       const char *to, int ncol, char *err)
{
	sqlite3_stmt *rd = NULL, *many = NULL, *rest = NULL;
	struct held *h = malloc(sizeof(*h));
	char sql[160];
	int rc, n = 0, ret = -1;

	if (!h)
		return tix_errf(err, "out of memory");
	tix_buf_init(&h->bytes, 0);
	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", from);
	if (sqlite3_prepare_v2(f->db, sql, -1, &rd, NULL) != SQLITE_OK) {
		side_fail(f, err);
		goto out;
	}
	while ((rc = sqlite3_step(rd)) == SQLITE_ROW) {
		if (hold_row(h, rd, ncol, n) < 0) {
			tix_errf(err, "out of memory");
			goto out;
		}
		if (++n < COPY_ROWS)
			continue;
		if (insert_rows(s, &many, to, ncol, h, n, err) < 0)
			goto out;
		n = 0;
	}
	if (rc != SQLITE_DONE) {
		side_fail(f, err);
		goto out;
	}
	if (n && insert_rows(s, &rest, to, ncol, h, n, err) < 0)
		goto out;
	ret = 0;
out:
	sqlite3_finalize(rd);
	sqlite3_finalize(many);
	sqlite3_finalize(rest);
	tix_buf_release(&h->bytes);
	free(h);
	return ret;
}

int tix_store_fts_adopt(struct tix_store *s, struct tix_fts_side *f, char *err)
{
	/* A new ticket_fts rather than a cleared one: FTS5 keeps the shape of
	   its index in memory per connection, and a table created now has
	   read nothing yet, so it reads the copied one. */
	if (tix_store_exec(s, "DROP TABLE ticket_fts;" FTS_CREATE
			   "DELETE FROM ticket_fts_data; DELETE FROM ticket_fts_idx;"
			   "DELETE FROM ticket_fts_docsize;", err) < 0 ||
	    copy_shadow(s, f, "f_data", "ticket_fts_data", 2, err) < 0 ||
	    copy_shadow(s, f, "f_idx", "ticket_fts_idx", 3, err) < 0 ||
	    copy_shadow(s, f, "f_docsize", "ticket_fts_docsize", 2, err) < 0)
		return -1;
	return tix_store_exec(s, FTS_TRIGGERS, err);
}

int tix_store_exec(struct tix_store *s, const char *sql, char *err)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		tix_errf(err, "%s: %s", s->path, msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int tix_store_prepare(struct tix_store *s, sqlite3_stmt **st, const char *sql, char *err)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

int tix_store_begin(struct tix_store *s, char *err)
{
	return tix_store_exec(s, "BEGIN IMMEDIATE", err);
}

int tix_store_commit(struct tix_store *s, char *err)
{
	return tix_store_exec(s, "COMMIT", err);
}

void tix_store_rollback(struct tix_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int user_version(struct tix_store *s, int *v, char *err)
{
	sqlite3_stmt *st;
	int rc;

	if (tix_store_prepare(s, &st, "PRAGMA user_version", err) < 0)
		return -1;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
	return 0;
}

static int migrate(struct tix_store *s, char *err)
{
	int v;
	size_t i;
	char sql[64];

	if (user_version(s, &v, err) < 0)
		return -1;
	if (v > (int)NMIGRATIONS)
		return tix_errf(err, "%s: schema version %d is newer than this tix knows (%d)",
				s->path, v, (int)NMIGRATIONS);
	if (v == (int)NMIGRATIONS)
		return 0;
	if (v == 0) {
		/* an empty file, or somebody else's database? */
		sqlite3_stmt *st;
		int n = 0;

		if (tix_store_prepare(s, &st, "SELECT count(*) FROM sqlite_master", err) < 0)
			return -1;
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		if (n)
			return tix_errf(err, "%s: not a tix database (it has tables but no tix schema)",
					s->path);
	}
	if (tix_store_begin(s, err) < 0)
		return -1;
	for (i = (size_t)v; i < NMIGRATIONS; i++)
		if (tix_store_exec(s, migrations[i], err) < 0)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", (int)NMIGRATIONS);
	if (tix_store_exec(s, sql, err) < 0 || tix_store_commit(s, err) < 0)
		goto fail;
	return 0;
fail:
	tix_store_rollback(s);
	return -1;
}

struct tix_store *tix_store_open(const char *path, int flags, char *err)
{
	struct tix_store *s = calloc(1, sizeof(*s));
	int oflags = (flags & TIX_STORE_READONLY) ? SQLITE_OPEN_READONLY
			: SQLITE_OPEN_READWRITE | ((flags & TIX_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);

	if (!s) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	s->path = strdup(path);
	if (!s->path) {
		tix_errf(err, "out of memory");
		goto fail;
	}
	if ((flags & TIX_STORE_CREATE) && strcmp(path, ":memory:") && access(path, F_OK) != 0) {
		/* a new file: readable by its owner only, since exports carry
		   personal data (SQLite gives its -wal and -shm files the same
		   mode); and loaded with a rollback journal, which writes every
		   page once where WAL writes it twice: no reader can be waiting
		   on a file that did not exist.  WAL comes on at close. */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

		if (fd < 0) {
			tix_errf(err, "%s: %s", path, strerror(errno));
			goto fail;
		}
		close(fd);
		s->fresh = 1;
	}
	/* No memory statistics: they take a global mutex on every malloc.
	   Only possible before SQLite initialises; later calls are refused,
	   harmlessly. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* a connection is used by one thread at a time */
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (flags & TIX_STORE_READONLY) {
		/* A reader of a WAL database needs its -shm file, which only a
		   read-write connection may create: open read-write (never
		   creating the database) and fall back to read-only. */
		if (access(path, F_OK) != 0) {
			tix_errf(err, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (access(path, W_OK) == 0)
			oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	}
	if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
		tix_errf(err, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	/* The REFERENCES in the schema document the links; tix's own writes
	   keep them, and checking each insert would cost a lookup a row. */
	if (!(flags & TIX_STORE_READONLY)) {
		/* A new file gets pages of 16 KiB rather than 4: a ticket row is
		   about half a KiB, and a bulk load, the index builds and full
		   scans touch a quarter as many pages (measured: about 0.6 s of
		   CPU less for a million rows), while a lookup by id still reads
		   one page.  Only before the first table: then it is fixed. */
		if (s->fresh && tix_store_exec(s, "PRAGMA page_size = 16384", err) < 0)
			goto fail;
		if (strcmp(path, ":memory:") &&
		    tix_store_exec(s, s->fresh ? "PRAGMA journal_mode = DELETE"
					       : "PRAGMA journal_mode = WAL", err) < 0)
			goto fail;
		/* a bounded page cache (in KiB: set after the page size); sorts
		   for index builds spill to temporary files, so memory stays flat
		   however big the load */
		if (tix_store_exec(s, "PRAGMA synchronous = NORMAL;"
				   "PRAGMA cache_size = -8192", err) < 0)
			goto fail;
		if (migrate(s, err) < 0)
			goto fail;
	} else {
		int v;

		if (user_version(s, &v, err) < 0)
			goto fail;
		/* readers take the versions whose tables they read: since 3 */
		if (v >= 1 && v < 3) {
			tix_errf(err, "%s: a tix database of schema version %d, older than this"
				 " tool reads: load an export into it with tix-ingest to upgrade it",
				 path, v);
			goto fail;
		}
		if (v < 3 || v > TIX_SCHEMA_VERSION) {
			tix_errf(err, "%s: not a tix database of schema version %d (found %d)",
				 path, TIX_SCHEMA_VERSION, v);
			goto fail;
		}
	}
	return s;
fail:
	tix_store_close(s);
	return NULL;
}

void tix_store_close(struct tix_store *s)
{
	if (!s)
		return;
	if (s->db && s->fresh)
		sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	if (s->db)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
}

/* ---------- --by ---------- */

const char *const tix_groupby_fields[] = {
	"category", "subcategory", "status", "priority", "channel", "team", "assignee",
	"country", "language", "source", "resolution", "requester", NULL
};

int tix_groupby_parse(const char *by, struct tix_groupby *g)
{
	int k;

	memset(g, 0, sizeof(*g));
	for (k = 0; tix_groupby_fields[k]; k++)
		if (!strcmp(by, tix_groupby_fields[k]))
			g->expr = tix_groupby_fields[k];	/* the list's, not by */
	if (!strcmp(by, "tag")) {
		g->expr = "tags";
		g->tag = 1;
	}
	if (!strncmp(by, "field:", 6) && by[6]) {
		/* a JSON path with the name quoted: any name is a key */
		size_t i, j;

		j = (size_t)snprintf(g->path, sizeof(g->path), "$.\"");
		for (i = 6; by[i] && j + 3 < sizeof(g->path); i++) {
			if (by[i] == '"' || by[i] == '\\')
				g->path[j++] = '\\';
			g->path[j++] = by[i];
		}
		g->path[j++] = '"';
		g->path[j] = 0;
		g->expr = "json_extract(extra, ?3)";
		g->json = 1;
	}
	if (!strcmp(by, "pattern")) {
		g->expr = "(SELECT p.template FROM ticket_pattern tp JOIN pattern p"
			  " ON p.id = tp.pattern WHERE tp.ticket_id = ticket.id)";
		g->pattern = 1;
	}
	return g->expr ? 0 : -1;
}

/* The bitmap of tix_reopens. */
static unsigned char *reopen_bits(struct tix_store *s, int64_t *maxid, char *err)
{
	sqlite3_stmt *st;
	unsigned char *bits;
	int rc;

	if (tix_store_prepare(s, &st, "SELECT max(id) FROM ticket", err) < 0)
		return NULL;
	if (sqlite3_step(st) != SQLITE_ROW) {
		tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
		return NULL;
	}
	*maxid = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (*maxid < 0 || !(bits = calloc((size_t)(*maxid / 8 + 1), 1))) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	if (tix_store_prepare(s, &st, "SELECT DISTINCT h.ticket_id FROM ticket_history h WHERE "
			      TIX_REOPEN_WHERE, err) < 0) {
		free(bits);
		return NULL;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (id >= 0 && id <= *maxid)
			bits[id / 8] |= (unsigned char)(1u << (id % 8));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(bits);
		tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
		return NULL;
	}
	return bits;
}

/* The sources of tix_reopens, into r. */
static int reopen_sources(struct tix_store *s, struct tix_reopens *r, char *err)
{
	sqlite3_stmt *st;
	int rc;

	if (tix_store_prepare(s, &st, "SELECT source FROM ingest_batch WHERE status = 'done'"
			      " AND source IS NOT NULL GROUP BY source HAVING count(*) > 1"
			      " UNION SELECT DISTINCT t.source FROM ticket_history h"
			      " JOIN ticket t ON t.id = h.ticket_id WHERE h.field = 'status'"
			      " ORDER BY 1", err) < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *src = (const char *)sqlite3_column_text(st, 0);
		char **nv;

		if (!src)
			continue;
		if (!(nv = realloc(r->sources, (r->nsources + 1) * sizeof(*nv)))) {
			rc = SQLITE_NOMEM;
			break;
		}
		r->sources = nv;
		if (!(r->sources[r->nsources] = strdup(src))) {
			rc = SQLITE_NOMEM;
			break;
		}
		r->nsources++;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_NOMEM)
		return tix_errf(err, "out of memory");
	return tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

int tix_reopens_load(struct tix_store *s, struct tix_reopens *r, char *err)
{
	memset(r, 0, sizeof(*r));
	if (!(r->bits = reopen_bits(s, &r->maxid, err)) || reopen_sources(s, r, err) < 0) {
		tix_reopens_release(r);
		return -1;
	}
	return 0;
}

void tix_reopens_release(struct tix_reopens *r)
{
	size_t i;

	for (i = 0; i < r->nsources; i++)
		free(r->sources[i]);
	free(r->sources);
	free(r->bits);
	memset(r, 0, sizeof(*r));
}

int tix_reopen_state(const struct tix_reopens *r, int64_t id, int has_counter,
		     int64_t counter, const char *source)
{
	size_t i;

	if (has_counter)
		return counter > 0 ? TIX_REOPEN_YES : TIX_REOPEN_NO;
	if (id >= 0 && id <= r->maxid && (r->bits[id / 8] >> (id % 8) & 1))
		return TIX_REOPEN_YES;
	for (i = 0; source && i < r->nsources; i++)
		if (!strcmp(r->sources[i], source))
			return TIX_REOPEN_NO;
	return TIX_REOPEN_UNKNOWN;
}

int tix_groupby_ready(struct tix_store *s, const struct tix_groupby *g, char *err)
{
	sqlite3_stmt *st;
	int rc, n = 0;

	if (!g->pattern)
		return 0;
	/* a database of schema 3 has no pattern tables yet */
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM pattern_state", -1, &st, NULL) ==
	    SQLITE_OK) {
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	if (!n)
		return tix_errf(err, "%s: no patterns yet: run tix-patterns on it first", s->path);
	return 0;
}

int tix_store_pseudonym_key(struct tix_store *s, char *id, size_t idsz, char *err)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	id[0] = '\0';
	if (tix_store_prepare(s, &st, "SELECT pseudonym_key FROM ingest_batch"
			      " WHERE pseudonym_key IS NOT NULL LIMIT 1", err) < 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(id, idsz, "%s", (const char *)sqlite3_column_text(st, 0));
		found = 1;
	} else if (rc != SQLITE_DONE) {
		tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
		found = -1;
	}
	sqlite3_finalize(st);
	return found;
}
