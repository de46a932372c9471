/*
 * store.h - the SQLite file: open with the right pragmas, create or migrate
 * the schema (version in PRAGMA user_version, forward only), transactions.
 *
 * Ownership: tix_store_open() returns a handle the caller closes with
 * tix_store_close(); the sqlite3 pointer inside stays owned by it.
 * Text from files never becomes SQL: every value is bound.
 */
#ifndef TIX_STORE_H
#define TIX_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define TIX_SCHEMA_VERSION 4

struct tix_store {
	sqlite3 *db;
	char *path;
	int fresh;		/* created by this open: rollback journal until close */
};

enum {
	TIX_STORE_CREATE = 1,	/* create the file if missing */
	TIX_STORE_READONLY = 2
};

/* Open (and create or migrate) the database at path (":memory:" works).
 * NULL with err filled when it cannot be opened or is not a tix database. */
struct tix_store *tix_store_open(const char *path, int flags, char *err);
void tix_store_close(struct tix_store *s);

/* Run SQL with no parameters (schema, pragmas, BEGIN/COMMIT). 0 or -1. */
int tix_store_exec(struct tix_store *s, const char *sql, char *err);
/* Prepare a statement; 0 or -1 with err. */
int tix_store_prepare(struct tix_store *s, sqlite3_stmt **st, const char *sql, char *err);

/* Drop / build the secondary indexes of ticket and its full-text index
 * (ticket_fts), inside the caller's transaction: a bulk load into an empty
 * table. */
int tix_store_drop_indexes(struct tix_store *s, char *err);
int tix_store_build_indexes(struct tix_store *s, char *err);
/*
 * The full-text index is fed row by row by triggers, which is slow for a
 * load.  A load pauses them, keeps the text of the tickets it changes in
 * step itself, and resumes: every ticket with an id above after_id (the
 * largest id before the load; 0 rebuilds all) is indexed in bulk, and the
 * triggers come back.  Inside the caller's transaction.
 */
int tix_store_fts_pause(struct tix_store *s, char *err);
int tix_store_fts_resume(struct tix_store *s, long long after_id, char *err);

/*
 * A full-text index of a load's new tickets, built by another thread in a
 * private temporary database while the load runs (its own connection:
 * one thread uses it at a time), then adopted by an empty ticket_fts.
 * open: NULL with err; add: one ticket, texts NULL or (s, n); finish: merge
 * its segments into one; adopt (inside the load's transaction, instead of
 * tix_store_fts_resume): ticket_fts becomes a copy of it and the triggers
 * come back.  Only for a load into an empty ticket table.
 */
struct tix_fts_side;
struct tix_fts_side *tix_fts_side_open(char *err);
int tix_fts_side_add(struct tix_fts_side *f, long long rowid, const char *subject, size_t ns,
		     const char *body, size_t nb, char *err);
int tix_fts_side_finish(struct tix_fts_side *f, char *err);
/* From another thread: stop what f is doing (its step fails soon). */
void tix_fts_side_interrupt(struct tix_fts_side *f);
void tix_fts_side_close(struct tix_fts_side *f);
int tix_store_fts_adopt(struct tix_store *s, struct tix_fts_side *f, char *err);

/*
 * What a tool groups tickets by (--by): a canonical column, "tag" (each
 * tag of the comma-separated list its own group), "field:NAME" (a column
 * of the export, kept in extra) or "pattern" (the template tix-patterns
 * gave the ticket's text; tickets it has not seen have none).  expr is SQL from a fixed list, never
 * the argument; for field:NAME it reads the JSON path in path, which the
 * caller binds as ?3.  0, or -1 when the name is not one of these.
 */
struct tix_groupby {
	const char *expr;
	int tag;		/* split the value at commas */
	int json;		/* bind path as ?3 */
	int pattern;		/* the template tix-patterns gave the ticket */
	char path[600];
};
int tix_groupby_parse(const char *by, struct tix_groupby *g);

/* A reopen in ticket_history (alias h): the status went from solved or
   closed back to one that is not done. */
#define TIX_REOPEN_WHERE \
	"h.field = 'status' AND h.old_value IN ('solved', 'closed')" \
	" AND h.new_value IN ('new', 'open', 'pending', 'hold')"

/*
 * What the database can say about reopens, for the tickets whose export
 * gave no reopens counter: which of them the status history shows
 * reopened (TIX_REOPEN_WHERE), and the sources whose reopens the history
 * can show at all - loaded more than once, or with a status history of
 * their own (an event log).  Loaded once per computation:
 *
 *	struct tix_reopens ro;
 *	if (tix_reopens_load(s, &ro, err) < 0) ...
 *	state = tix_reopen_state(&ro, id, has_counter, counter, source);
 *	tix_reopens_release(&ro);
 */
struct tix_reopens {
	unsigned char *bits;	/* bit id % 8 of byte id / 8: reopened */
	int64_t maxid;
	char **sources;		/* sorted */
	size_t nsources;
};
#define TIX_REOPEN_NO 0
#define TIX_REOPEN_YES 1
#define TIX_REOPEN_UNKNOWN 2	/* no counter, and a source that cannot say */
/* 0, or -1 with err (r then holds nothing to release). */
int tix_reopens_load(struct tix_store *s, struct tix_reopens *r, char *err);
void tix_reopens_release(struct tix_reopens *r);
/* A ticket's state: its counter decides when it has one (has_counter);
   else a reopen in its history; else unknown unless its source (may be
   NULL) can show reopens. */
int tix_reopen_state(const struct tix_reopens *r, int64_t id, int has_counter,
		     int64_t counter, const char *source);
/* 0 when s has what g reads, else -1 with err (--by pattern before
   tix-patterns has run). */
int tix_groupby_ready(struct tix_store *s, const struct tix_groupby *g, char *err);
/* The names tix_groupby_parse takes besides tag and field:NAME. */
extern const char *const tix_groupby_fields[];

/*
 * The key id a pseudonymised database's requesters were hashed with, into
 * id (at least 17 bytes).  1: pseudonymised; 0: not (id ""); -1: err.
 */
int tix_store_pseudonym_key(struct tix_store *s, char *id, size_t idsz, char *err);

int tix_store_begin(struct tix_store *s, char *err);
int tix_store_commit(struct tix_store *s, char *err);
void tix_store_rollback(struct tix_store *s);

#endif
