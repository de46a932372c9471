/* ingest.c - one export file into the ticket database. */
#include "ingest.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include "colsniff.h"
#include "csvin.h"
#include "sources.h"
#include "store.h"
#include "timeparse.h"
#include "tix.h"

/* The bound columns of INSERT INTO ticket, in order (1-based). */
enum {
	C_SOURCE = 1, C_EXT_ID, C_SUBJECT, C_BODY, C_STATUS, C_STATUS_RAW, C_PRIORITY,
	C_PRIORITY_RAW, C_CATEGORY, C_SUBCATEGORY, C_CHANNEL, C_CHANNEL_RAW, C_REQUESTER,
	C_ASSIGNEE, C_TEAM, C_TAGS, C_CREATED, C_UPDATED, C_SOLVED, C_FIRST_REPLY_MIN,
	C_REOPENS, C_REASSIGNMENTS, C_CSAT, C_RESOLUTION, C_COUNTRY, C_LANGUAGE,
	C_ESCALATED, C_PARENT_EXT_ID, C_EXTRA, C_BATCH, C_LINE, C_HASH,
	NCOLS_OUT = C_HASH
};

static const char *const out_names[NCOLS_OUT + 1] = {
	NULL, "source", "ext_id", "subject", "body", "status", "status_raw", "priority",
	"priority_raw", "category", "subcategory", "channel", "channel_raw", "requester",
	"assignee", "team", "tags", "created", "updated", "solved", "first_reply_min",
	"reopens", "reassignments", "csat", "resolution", "country", "language",
	"escalated", "parent_ext_id", "extra", "batch_id", "line", "row_hash",
};

static const int field_col[TIX_NFIELDS] = {
	[TIX_F_EXT_ID] = C_EXT_ID, [TIX_F_SUBJECT] = C_SUBJECT, [TIX_F_BODY] = C_BODY,
	[TIX_F_STATUS] = C_STATUS, [TIX_F_PRIORITY] = C_PRIORITY,
	[TIX_F_CATEGORY] = C_CATEGORY, [TIX_F_SUBCATEGORY] = C_SUBCATEGORY,
	[TIX_F_CHANNEL] = C_CHANNEL, [TIX_F_REQUESTER] = C_REQUESTER,
	[TIX_F_ASSIGNEE] = C_ASSIGNEE, [TIX_F_TEAM] = C_TEAM, [TIX_F_TAGS] = C_TAGS,
	[TIX_F_CREATED] = C_CREATED, [TIX_F_UPDATED] = C_UPDATED, [TIX_F_SOLVED] = C_SOLVED,
	[TIX_F_FIRST_REPLY_MIN] = C_FIRST_REPLY_MIN, [TIX_F_REOPENS] = C_REOPENS,
	[TIX_F_REASSIGNMENTS] = C_REASSIGNMENTS, [TIX_F_CSAT] = C_CSAT,
	[TIX_F_RESOLUTION] = C_RESOLUTION, [TIX_F_COUNTRY] = C_COUNTRY,
	[TIX_F_LANGUAGE] = C_LANGUAGE, [TIX_F_ESCALATED] = C_ESCALATED,
	[TIX_F_PARENT_EXT_ID] = C_PARENT_EXT_ID,
};

/* Fields whose changes go to ticket_history. */
static const int tracked[] = { C_STATUS, C_PRIORITY, C_TEAM, C_ASSIGNEE };
#define NTRACKED 4

enum { V_NULL, V_TEXT, V_INT, V_REAL };

struct val {
	int t;
	const char *s;
	size_t n;
	int64_t i;
	double d;
};

#define MAXCAND 4

/* The last words seen for a status, priority or channel, and their meaning. */
#define NCACHE 16
struct wordcache {
	char raw[NCACHE][32];
	unsigned char len[NCACHE];
	const char *word[NCACHE];
	unsigned next;
};

static const char *cached_norm(struct wordcache *c, const char *s, size_t n,
			       const char *(*norm)(const char *, size_t))
{
	unsigned i;
	const char *w;

	if (n < sizeof(c->raw[0]))
		for (i = 0; i < NCACHE; i++)
			if (c->len[i] == n && !memcmp(c->raw[i], s, n))
				return c->word[i];
	w = norm(s, n);
	if (n < sizeof(c->raw[0])) {
		i = c->next++ % NCACHE;
		memcpy(c->raw[i], s, n);
		c->len[i] = (unsigned char)n;
		c->word[i] = w;
	}
	return w;
}

struct pipeline;

struct ictx {
	struct tix_store *s;
	const struct tix_ingest_opts *o;
	struct tix_csvin *in;
	const char *name;
	const struct tix_record *hdr;
	struct tix_mapping m;
	struct tix_colsniff cs;
	enum tix_dord *order;
	unsigned char *isdate, *keep;
	unsigned char *ident;		/* columns holding a person's identity */
	size_t *keyfirst;
	size_t *nextsame;		/* the next column of the same name, or n */
	unsigned char *dupname;
	long tzoff;
	int tzlocal;
	sqlite3_stmt *sel, *ins, *upd, *hist, *rej, *ftsdel, *ftsins;
	long long max_id0;		/* the largest ticket id before the batch */
	struct tix_buf scratch[TIX_NFIELDS], extra, why;
	struct val v[NCOLS_OUT + 1];	/* the reading thread's mapped row */
	struct val wv[NCOLS_OUT + 1];	/* the writing thread's */
	long long batch;
	struct tix_ingest_counts *c;
	struct tix_counts ids;		/* content-hash ids given out */
	struct tix_counts occ;		/* rows left per ticket id, when ids repeat */
	int use_occ;
	int insert_first;		/* no ticket of this source before the batch */
	struct wordcache wc[3];		/* status, priority, channel */
	int deferred;			/* secondary indexes dropped for the load */
	long long new_id;		/* the ticket upsert() inserted, or 0 */
	struct pipeline *pl;		/* the threads of the load */
};

static void side_stale(struct ictx *r);

/* ---------- time zones ---------- */

static int tz_known(const char *tz)
{
	char path[512];
	struct stat st;

	if (!*tz || tz[0] == '/' || strstr(tz, ".."))
		return 0;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int tix_ingest_check_tz(const char *tz, char *err)
{
	long off;

	if (!tz || tix_time_parse_offset(tz, &off) == 0 || tz_known(tz))
		return 0;
	return tix_errf(err, "unknown time zone '%s' (say UTC, +08:00 or a zone name such as "
			"Asia/Kuala_Lumpur)", tz);
}

/* ---------- values ---------- */

static void set_text(struct val *v, const char *s, size_t n)
{
	v->t = V_TEXT;
	v->s = s;
	v->n = n;
}

/* Append the tags in s to b (comma-joined, no duplicates). */
static int add_tags(struct tix_buf *b, const char *s, size_t n)
{
	int commas = memchr(s, ',', n) || memchr(s, ';', n);
	size_t i = 0;

	while (i < n) {
		size_t j = i, tl;
		const char *t;

		while (j < n && !(commas ? (s[j] == ',' || s[j] == ';')
				       : (s[j] == ' ' || s[j] == '\t' || s[j] == '\n')))
			j++;
		t = s + i;
		tl = j - i;
		tix_trim(&t, &tl);
		if (tl) {
			/* already there? */
			const char *p = b->s;
			int dup = 0;

			while (p && *p) {
				const char *e = strchr(p, ',');
				size_t pl = e ? (size_t)(e - p) : strlen(p);

				if (pl == tl && !memcmp(p, t, tl)) {
					dup = 1;
					break;
				}
				p = e ? e + 1 : NULL;
			}
			if (!dup && ((b->len && tix_buf_addc(b, ',') < 0) || tix_buf_add(b, t, tl) < 0))
				return -1;
		}
		i = j + 1;
	}
	return 0;
}

/*
 * Map one record onto r->v.  0: ok; -1: reject (r->why says why);
 * -2: out of memory.
 */
static int map_row(struct ictx *r, const struct tix_record *rec)
{
	int f;

	memset(r->keep, 0, r->hdr->n);
	for (f = 0; f < NCOLS_OUT + 1; f++)
		r->v[f].t = V_NULL;
	set_text(&r->v[C_SOURCE], r->m.source, strlen(r->m.source));
	for (f = 0; f < TIX_NFIELDS; f++) {
		struct val *v = &r->v[field_col[f]];
		enum tix_kind kind = tix_field_kind[f];
		const int *cols = r->m.col[f];
		const char *s = NULL;
		size_t n = 0;
		int col = -1, k;

		if (r->m.constval[f]) {
			s = r->m.constval[f];
			n = strlen(s);
		} else if (kind == TIX_K_TAGS) {
			struct tix_buf *b = &r->scratch[f];

			tix_buf_reset(b);
			for (k = 0; cols[k] >= 0; k++)
				if (!tix_is_null(rec->f[cols[k]], rec->len[cols[k]]) &&
				    add_tags(b, rec->f[cols[k]], rec->len[cols[k]]) < 0)
					return -2;
			if (b->len)
				set_text(v, b->s, b->len);
			continue;
		} else {
			for (k = 0; cols[k] >= 0; k++) {
				if (!tix_is_null(rec->f[cols[k]], rec->len[cols[k]])) {
					col = cols[k];
					s = rec->f[col];
					n = rec->len[col];
					break;
				}
			}
		}
		if (!s)
			continue;
		if (kind != TIX_K_TEXT)
			tix_trim(&s, &n);
		switch (kind) {
		case TIX_K_TEXT:
			if (f == TIX_F_REQUESTER && r->o->pseudo) {
				struct tix_buf *b = &r->scratch[f];
				char id[TIX_PSEUDO_LEN + 1];

				tix_pseudo_id(r->o->pseudo, s, n, id);
				tix_buf_reset(b);
				if (tix_buf_add(b, id, TIX_PSEUDO_LEN) < 0)
					return -2;
				set_text(v, b->s, b->len);
				break;
			}
			set_text(v, s, n);
			break;
		case TIX_K_ID:
			set_text(v, s, tix_id_len(s, n));
			break;
		case TIX_K_STATUS:
		case TIX_K_PRIORITY:
		case TIX_K_CHANNEL: {
			const char *w = kind == TIX_K_STATUS ?
				cached_norm(&r->wc[0], s, n, tix_norm_status) :
				kind == TIX_K_PRIORITY ? cached_norm(&r->wc[1], s, n, tix_norm_priority) :
				cached_norm(&r->wc[2], s, n, tix_norm_channel);

			if (w)
				set_text(v, w, strlen(w));
			set_text(&r->v[field_col[f] + 1], s, n);	/* the _raw column */
			break;
		}
		case TIX_K_TIME: {
			int64_t t;
			enum tix_dord ord = col >= 0 ? r->order[col] : TIX_DORD_UNKNOWN;

			if (tix_time_parse(s, n, ord, r->tzoff, r->tzlocal, &t) < 0) {
				tix_buf_reset(&r->why);
				tix_buf_addf(&r->why, "unparseable date in %s (\"%.40s\"): \"%.*s\"",
					     tix_field_name[f], col >= 0 ? r->hdr->f[col] : "",
					     (int)(n > 60 ? 60 : n), s);
				return -1;
			}
			v->t = V_INT;
			v->i = t;
			break;
		}
		case TIX_K_MINUTES:
		case TIX_K_INT: {
			double d;

			if (kind == TIX_K_MINUTES ? tix_norm_minutes(s, n, r->m.minutes_per_unit, &d)
						  : tix_norm_number(s, n, &d)) {
				if (col >= 0)
					r->keep[col] = 1;
				break;
			}
			if (kind == TIX_K_INT) {
				if (d != (double)(int64_t)d) {
					if (col >= 0)
						r->keep[col] = 1;
					break;
				}
				v->t = V_INT;
				v->i = (int64_t)d;
			} else {
				v->t = V_REAL;
				v->d = d;
			}
			break;
		}
		case TIX_K_BOOL: {
			int b = tix_norm_bool(s, n);

			if (b < 0) {
				if (col >= 0)
					r->keep[col] = 1;
				break;
			}
			v->t = V_INT;
			v->i = b;
			break;
		}
		case TIX_K_CSAT: {
			struct tix_buf *b = &r->scratch[f];
			size_t i;

			tix_buf_reset(b);
			for (i = 0; i < n; i++)
				if (tix_buf_addc(b, (s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]) < 0)
					return -2;
			if (strstr(b->s, "unoffered") || strstr(b->s, "not offered") ||
			    !strcmp(b->s, "offered"))
				break;
			if (strstr(b->s, "good"))
				set_text(v, "good", 4);
			else if (strstr(b->s, "bad"))
				set_text(v, "bad", 3);
			else
				set_text(v, b->s, b->len);
			break;
		}
		case TIX_K_TAGS:
			break;
		}
	}
	return 0;
}

/* Append the JSON value of column i of rec. */
static int json_value(struct ictx *r, const struct tix_record *rec, size_t i)
{
	const char *s = rec->f[i];
	size_t n = rec->len[i];

	if (r->o->pseudo && r->ident[i]) {
		char id[TIX_PSEUDO_LEN + 1];

		tix_pseudo_id(r->o->pseudo, s, n, id);
		return tix_buf_add_json_str(&r->extra, id, TIX_PSEUDO_LEN);
	}
	if (r->isdate[i]) {
		int64_t t;
		char iso[32];

		if (tix_time_parse(s, n, r->order[i], r->tzoff, r->tzlocal, &t) == 0) {
			tix_time_format_iso(t, iso);
			return tix_buf_add_json_str(&r->extra, iso, strlen(iso));
		}
	}
	if ((n == 4 && !strncasecmp(s, "true", 4)) || (n == 5 && !strncasecmp(s, "false", 5)))
		return tix_buf_adds(&r->extra, (s[0] == 't' || s[0] == 'T') ? "true" : "false");
	return tix_buf_add_json_str(&r->extra, s, n);
}

/* ticket.extra: every column with no canonical home, as a JSON object. */
static int build_extra(struct ictx *r, const struct tix_record *rec)
{
	size_t i, j;
	int any = 0;

	tix_buf_reset(&r->extra);
	if (tix_buf_addc(&r->extra, '{') < 0)
		return -1;
	for (i = 0; i < r->hdr->n; i++) {
		int opened = 0;

		if (r->keyfirst[i] != i)
			continue;
		for (j = i; j < r->hdr->n; j = r->nextsame[j]) {
			if ((r->m.used[j] && !r->keep[j]) || tix_is_null(rec->f[j], rec->len[j]))
				continue;
			if (!opened) {
				if ((any && tix_buf_addc(&r->extra, ',') < 0) ||
				    tix_buf_add_json_str(&r->extra, r->hdr->f[i], r->hdr->len[i]) < 0 ||
				    tix_buf_addc(&r->extra, ':') < 0 ||
				    (r->dupname[i] && tix_buf_addc(&r->extra, '[') < 0))
					return -1;
				opened = 1;
				any = 1;
			} else if (tix_buf_addc(&r->extra, ',') < 0) {
				return -1;
			}
			if (json_value(r, rec, j) < 0)
				return -1;
		}
		if (opened && r->dupname[i] && tix_buf_addc(&r->extra, ']') < 0)
			return -1;
	}
	if (tix_buf_addc(&r->extra, '}') < 0)
		return -1;
	if (any)
		set_text(&r->v[C_EXTRA], r->extra.s, r->extra.len);
	return 0;
}

/* An id for a row of a file without an id column: its content's hash. */
static int hash_id(struct ictx *r, const struct tix_record *rec)
{
	uint64_t h = 0;
	size_t i;
	long k, *slot;
	struct tix_buf *b = &r->scratch[TIX_F_EXT_ID];

	for (i = 0; i < rec->n; i++) {
		h = tix_hash64(h, rec->f[i], rec->len[i]);
		h = tix_hash64(h, "\x1f", 1);
	}
	slot = tix_counts_slot(&r->ids, h);
	if (!slot)
		return -1;
	k = (*slot)++;
	tix_buf_reset(b);
	if ((k ? tix_buf_addf(b, "h%016llx-%ld", (unsigned long long)h, k)
	       : tix_buf_addf(b, "h%016llx", (unsigned long long)h)) < 0)
		return -1;
	set_text(&r->v[C_EXT_ID], b->s, b->len);
	return 0;
}

/* The hash of the id a record gives through the columns cols; 0 when none. */
static uint64_t id_hash(const struct tix_record *rec, const int *cols)
{
	int k;

	for (k = 0; cols[k] >= 0; k++) {
		const char *s = rec->f[cols[k]];
		size_t n = rec->len[cols[k]];

		if (tix_is_null(s, n))
			continue;
		tix_trim(&s, &n);
		return tix_hash64(0, s, tix_id_len(s, n)) | 1;
	}
	return 0;
}

/* ---------- SQL ---------- */

static int bind_val(sqlite3_stmt *st, int idx, const struct val *v)
{
	switch (v->t) {
	case V_TEXT:
		/* static: every statement rebinds all its values before each step,
		   and the text stays put until then */
		return sqlite3_bind_text(st, idx, v->s, (int)v->n, SQLITE_STATIC);
	case V_INT:
		return sqlite3_bind_int64(st, idx, v->i);
	case V_REAL:
		return sqlite3_bind_double(st, idx, v->d);
	default:
		return sqlite3_bind_null(st, idx);
	}
}

static int step_done(struct ictx *r, sqlite3_stmt *st, char *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return tix_errf(err, "%s: %s", r->s->path, sqlite3_errmsg(r->s->db));
	return 0;
}

static int prepare_all(struct ictx *r, char *err)
{
	struct tix_buf sql;
	int c, ret = -1;

	tix_buf_init(&sql, 0);
	if (tix_store_prepare(r->s, &r->sel,
			      "SELECT id, updated, row_hash, batch_id, status, priority, team, assignee,"
			      " subject, body"
			      " FROM ticket WHERE source = ?1 AND ext_id = ?2", err) < 0 ||
	    tix_store_prepare(r->s, &r->hist,
			      "INSERT INTO ticket_history (ticket_id, batch_id, line, at, field,"
			      " old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err) < 0 ||
	    tix_store_prepare(r->s, &r->ftsdel,
			      "INSERT INTO ticket_fts (ticket_fts, rowid, subject, body)"
			      " VALUES ('delete', ?1, ?2, ?3)", err) < 0 ||
	    tix_store_prepare(r->s, &r->ftsins,
			      "INSERT INTO ticket_fts (rowid, subject, body) VALUES (?1, ?2, ?3)",
			      err) < 0 ||
	    tix_store_prepare(r->s, &r->rej,
			      "INSERT INTO reject (batch_id, file, line, end_line, reason, raw)"
			      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", err) < 0)
		goto out;
	tix_buf_adds(&sql, "INSERT INTO ticket (");
	for (c = 1; c <= NCOLS_OUT; c++)
		tix_buf_addf(&sql, "%s%s", c > 1 ? ", " : "", out_names[c]);
	tix_buf_adds(&sql, ") VALUES (");
	for (c = 1; c <= NCOLS_OUT; c++)
		tix_buf_addf(&sql, "%s?%d", c > 1 ? ", " : "", c);
	if (tix_buf_adds(&sql, ") ON CONFLICT (source, ext_id) DO NOTHING") < 0 ||
	    tix_store_prepare(r->s, &r->ins, sql.s, err) < 0)
		goto out;
	tix_buf_reset(&sql);
	tix_buf_adds(&sql, "UPDATE ticket SET ");
	for (c = C_SUBJECT; c <= NCOLS_OUT; c++)
		tix_buf_addf(&sql, "%s%s = ?%d", c > C_SUBJECT ? ", " : "", out_names[c], c);
	if (tix_buf_addf(&sql, " WHERE id = ?%d", NCOLS_OUT + 1) < 0 ||
	    tix_store_prepare(r->s, &r->upd, sql.s, err) < 0)
		goto out;
	ret = 0;
out:
	tix_buf_release(&sql);
	return ret;
}

static void finalize_all(struct ictx *r)
{
	sqlite3_finalize(r->sel);
	sqlite3_finalize(r->ins);
	sqlite3_finalize(r->upd);
	sqlite3_finalize(r->hist);
	sqlite3_finalize(r->rej);
	sqlite3_finalize(r->ftsdel);
	sqlite3_finalize(r->ftsins);
	r->sel = r->ins = r->upd = r->hist = r->rej = r->ftsdel = r->ftsins = NULL;
}

static int history(struct ictx *r, const struct val *w, int64_t id, long line, int c,
		   const char *old, char *err)
{
	const struct val *at = w[C_UPDATED].t != V_NULL ? &w[C_UPDATED] : &w[C_CREATED];

	sqlite3_bind_int64(r->hist, 1, id);
	sqlite3_bind_int64(r->hist, 2, r->batch);
	sqlite3_bind_int64(r->hist, 3, line);
	bind_val(r->hist, 4, at);
	sqlite3_bind_text(r->hist, 5, out_names[c], -1, SQLITE_STATIC);
	if (old)
		sqlite3_bind_text(r->hist, 6, old, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(r->hist, 6);
	bind_val(r->hist, 7, &w[c]);
	return step_done(r, r->hist, err);
}

static int differs(const struct val *v, const char *old)
{
	if (v->t == V_NULL)
		return old != NULL;
	if (!old)
		return 1;
	return strlen(old) != v->n || memcmp(old, v->s, v->n);
}

/*
 * Insert, update or leave the ticket of one mapped row, w (its row_hash
 * filled); is_last says whether it is the last row of its id in the file
 * (matters only without updated times).  0, or -1 when SQLite fails.
 */
static int upsert(struct ictx *r, struct val *w, long line, int is_last, char *err)
{
	uint64_t h = (uint64_t)w[C_HASH].i;
	int c, rc;

	w[C_BATCH].t = V_INT;
	w[C_BATCH].i = r->batch;
	w[C_LINE].t = V_INT;
	w[C_LINE].i = line;
	r->new_id = 0;
	if (r->insert_first) {
		/* a source new to the database: nearly every row is a new ticket */
		for (c = 1; c <= NCOLS_OUT; c++)
			bind_val(r->ins, c, &w[c]);
		if (step_done(r, r->ins, err) < 0)
			return -1;
		if (sqlite3_changes(r->s->db) == 1) {
			r->c->inserted++;
			r->new_id = sqlite3_last_insert_rowid(r->s->db);
			return 0;
		}
		/* its id came before in this file: compare as below */
	}
	bind_val(r->sel, 1, &w[C_SOURCE]);
	bind_val(r->sel, 2, &w[C_EXT_ID]);
	rc = sqlite3_step(r->sel);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(r->sel);
		for (c = 1; c <= NCOLS_OUT; c++)
			bind_val(r->ins, c, &w[c]);
		if (step_done(r, r->ins, err) < 0)
			return -1;
		r->c->inserted++;
		r->new_id = sqlite3_last_insert_rowid(r->s->db);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(r->sel);
		return tix_errf(err, "%s: %s", r->s->path, sqlite3_errmsg(r->s->db));
	}
	{
		int64_t id = sqlite3_column_int64(r->sel, 0);
		int old_has_upd = sqlite3_column_type(r->sel, 1) != SQLITE_NULL;
		int64_t old_upd = sqlite3_column_int64(r->sel, 1);
		uint64_t old_hash = (uint64_t)sqlite3_column_int64(r->sel, 2);
		int same_batch = sqlite3_column_int64(r->sel, 3) == r->batch;
		int new_has_upd = w[C_UPDATED].t != V_NULL;
		int64_t new_upd = w[C_UPDATED].i;
		char *old[NTRACKED], *old_subject = NULL, *old_body = NULL;
		int newer, ret = -1;

		if (old_hash == h)
			newer = 0;
		else if (same_batch)
			newer = !new_has_upd || !old_has_upd || new_upd >= old_upd;
		else if (new_has_upd && old_has_upd)
			newer = new_upd > old_upd;
		else
			newer = (new_has_upd || !old_has_upd) && is_last;
		/* the old values matter only to a change: the no-change path of a
		   re-ingest copies nothing */
		for (c = 0; c < NTRACKED; c++) {
			const unsigned char *t = newer ? sqlite3_column_text(r->sel, 4 + c) : NULL;

			old[c] = t ? strdup((const char *)t) : NULL;
		}
		if (newer && id <= r->max_id0) {
			const unsigned char *t = sqlite3_column_text(r->sel, 8);

			old_subject = t ? strdup((const char *)t) : NULL;
			t = sqlite3_column_text(r->sel, 9);
			old_body = t ? strdup((const char *)t) : NULL;
		}
		if (newer && id > r->max_id0 &&
		    (differs(&w[C_SUBJECT], (const char *)sqlite3_column_text(r->sel, 8)) ||
		     differs(&w[C_BODY], (const char *)sqlite3_column_text(r->sel, 9))))
			side_stale(r);	/* a ticket of this load changes its text */
		sqlite3_reset(r->sel);
		if (newer && id <= r->max_id0 && (differs(&w[C_SUBJECT], old_subject) ||
						     differs(&w[C_BODY], old_body))) {
			/* a ticket from before this load changes its text: the
			   full-text index is told now (new tickets go in bulk) */
			sqlite3_bind_int64(r->ftsdel, 1, id);
			sqlite3_bind_text(r->ftsdel, 2, old_subject, -1, SQLITE_STATIC);
			sqlite3_bind_text(r->ftsdel, 3, old_body, -1, SQLITE_STATIC);
			if (step_done(r, r->ftsdel, err) < 0)
				goto done;
			sqlite3_bind_int64(r->ftsins, 1, id);
			bind_val(r->ftsins, 2, &w[C_SUBJECT]);
			bind_val(r->ftsins, 3, &w[C_BODY]);
			if (step_done(r, r->ftsins, err) < 0)
				goto done;
		}
		if (newer) {
			for (c = C_SUBJECT; c <= NCOLS_OUT; c++)
				bind_val(r->upd, c, &w[c]);
			sqlite3_bind_int64(r->upd, NCOLS_OUT + 1, id);
			if (step_done(r, r->upd, err) < 0)
				goto done;
			for (c = 0; c < NTRACKED; c++)
				if (differs(&w[tracked[c]], old[c]) &&
				    history(r, w, id, line, tracked[c], old[c], err) < 0)
					goto done;
		}
		if (same_batch)
			r->c->merged++;
		else if (newer)
			r->c->updated++;
		else
			r->c->unchanged++;
		ret = 0;
done:
		for (c = 0; c < NTRACKED; c++)
			free(old[c]);
		free(old_subject);
		free(old_body);
		return ret;
	}
}

static int reject(struct ictx *r, long line, long end_line, const char *raw, size_t rawlen,
		  const char *why, char *err)
{
	sqlite3_bind_int64(r->rej, 1, r->batch);
	sqlite3_bind_text(r->rej, 2, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->rej, 3, line);
	sqlite3_bind_int64(r->rej, 4, end_line);
	sqlite3_bind_text(r->rej, 5, why, -1, SQLITE_TRANSIENT);
	if (tix_utf8_valid(raw, rawlen) == rawlen && !memchr(raw, 0, rawlen))
		sqlite3_bind_text(r->rej, 6, raw, (int)rawlen, SQLITE_STATIC);
	else
		sqlite3_bind_blob(r->rej, 6, raw, (int)rawlen, SQLITE_STATIC);
	if (step_done(r, r->rej, err) < 0)
		return -1;
	r->c->rejected++;
	if (r->o->on_reject)
		r->o->on_reject(r->o->ctx, r->name, line, why);
	return 0;
}

/* ---------- the batch row ---------- */

static int json_names(struct tix_buf *b, const struct tix_record *hdr)
{
	size_t i;

	tix_buf_addc(b, '[');
	for (i = 0; i < hdr->n; i++) {
		if (i)
			tix_buf_addc(b, ',');
		tix_buf_add_json_str(b, hdr->f[i], hdr->len[i]);
	}
	return tix_buf_addc(b, ']');
}

static int json_mapping(struct tix_buf *b, const struct ictx *r)
{
	int f, k, any = 0;

	tix_buf_addc(b, '{');
	for (f = 0; f < TIX_NFIELDS; f++) {
		const int *cols = r->m.col[f];

		if (!r->m.constval[f] && cols[0] < 0)
			continue;
		if (any++)
			tix_buf_addc(b, ',');
		tix_buf_add_json_str(b, tix_field_name[f], strlen(tix_field_name[f]));
		tix_buf_addc(b, ':');
		if (r->m.constval[f]) {
			tix_buf_addc(b, '"');
			tix_buf_adds(b, "\\\"");
			tix_buf_adds(b, r->m.constval[f]);	/* from our own tables or a map file */
			tix_buf_adds(b, "\\\"\"");
			continue;
		}
		if (cols[1] >= 0)
			tix_buf_addc(b, '[');
		for (k = 0; cols[k] >= 0; k++) {
			if (k)
				tix_buf_addc(b, ',');
			tix_buf_add_json_str(b, r->hdr->f[cols[k]], r->hdr->len[cols[k]]);
		}
		if (cols[1] >= 0)
			tix_buf_addc(b, ']');
	}
	return tix_buf_addc(b, '}');
}

static int json_dates(struct tix_buf *b, const struct ictx *r)
{
	size_t i;
	int any = 0;

	tix_buf_addc(b, '{');
	for (i = 0; i < r->hdr->n; i++) {
		char fmt[64];
		const struct tix_colstat *c = &r->cs.c[i];
		const char *smp = c->sample;

		if (!r->isdate[i] || tix_time_describe(smp, strlen(smp), r->order[i], fmt,
						       sizeof(fmt)) < 0)
			continue;
		if (any++)
			tix_buf_addc(b, ',');
		tix_buf_add_json_str(b, r->hdr->f[i], r->hdr->len[i]);
		tix_buf_addc(b, ':');
		tix_buf_add_json_str(b, fmt, strlen(fmt));
	}
	return tix_buf_addc(b, '}');
}

static int begin_batch(struct ictx *r, char *err)
{
	const struct tix_csvin_info *in = tix_csvin_info(r->in);
	struct tix_buf cols, map, dates;
	sqlite3_stmt *st = NULL;
	char delim[8];
	int ret = -1;

	tix_buf_init(&cols, 0);
	tix_buf_init(&map, 0);
	tix_buf_init(&dates, 0);
	if (json_names(&cols, r->hdr) < 0 || json_mapping(&map, r) < 0 || json_dates(&dates, r) < 0) {
		tix_errf(err, "out of memory");
		goto out;
	}
	if (in->delim == '\t')
		snprintf(delim, sizeof(delim), "tab");
	else
		snprintf(delim, sizeof(delim), "%c", in->delim);
	if (tix_store_prepare(r->s, &st,
			      "INSERT INTO ingest_batch (file, source, started, encoding, delimiter,"
			      " newline, header_line, preamble_lines, columns, mapping, date_formats,"
			      " pseudonym_key)"
			      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", err) < 0)
		goto out;
	sqlite3_bind_text(st, 1, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->m.source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	sqlite3_bind_text(st, 4, in->encoding, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, delim, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, in->newline, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, in->header_line);
	sqlite3_bind_int64(st, 8, in->preamble_lines);
	sqlite3_bind_text(st, 9, cols.s, (int)cols.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, map.s, (int)map.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, dates.s, (int)dates.len, SQLITE_STATIC);
	if (r->o->pseudo)
		sqlite3_bind_text(st, 12, r->o->pseudo->key_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		tix_errf(err, "%s: %s", r->s->path, sqlite3_errmsg(r->s->db));
		goto out;
	}
	r->batch = sqlite3_last_insert_rowid(r->s->db);
	ret = 0;
out:
	sqlite3_finalize(st);
	tix_buf_release(&cols);
	tix_buf_release(&map);
	tix_buf_release(&dates);
	return ret;
}

static int end_batch(struct ictx *r, char *err)
{
	const struct tix_csvin_info *in = tix_csvin_info(r->in);
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (tix_store_prepare(r->s, &st,
			      "UPDATE ingest_batch SET finished = ?1, status = 'done', footer_lines = ?2,"
			      " rows_read = ?3, inserted = ?4, updated = ?5, merged = ?6,"
			      " unchanged = ?7, rejected = ?8 WHERE id = ?9", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
	sqlite3_bind_int64(st, 2, in->footer_lines);
	sqlite3_bind_int64(st, 3, r->c->rows);
	sqlite3_bind_int64(st, 4, r->c->inserted);
	sqlite3_bind_int64(st, 5, r->c->updated);
	sqlite3_bind_int64(st, 6, r->c->merged);
	sqlite3_bind_int64(st, 7, r->c->unchanged);
	sqlite3_bind_int64(st, 8, r->c->rejected);
	sqlite3_bind_int64(st, 9, r->batch);
	if (sqlite3_step(st) != SQLITE_DONE)
		tix_errf(err, "%s: %s", r->s->path, sqlite3_errmsg(r->s->db));
	else
		ret = 0;
	sqlite3_finalize(st);
	return ret;
}

/*
 * Columns with the same name (ignoring case) share one key in extra:
 * keyfirst[i] is the first column of i's name.  Hashed, so a header of
 * 50,000 columns costs no more than its length.
 */
static int group_names(struct ictx *r)
{
	struct tix_counts first;
	size_t i, j, *last = malloc((r->hdr->n ? r->hdr->n : 1) * sizeof(*last));
	int ret = 0;

	if (!last)
		return -1;
	memset(&first, 0, sizeof(first));
	for (i = 0; i < r->hdr->n && ret == 0; i++) {
		char low[256];
		size_t n = r->hdr->len[i] < sizeof(low) ? r->hdr->len[i] : sizeof(low);
		long *slot;

		for (j = 0; j < n; j++) {
			unsigned char ch = (unsigned char)r->hdr->f[i][j];

			low[j] = (char)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
		}
		slot = tix_counts_slot(&first, tix_hash64(0, low, n) | 1);
		if (!slot) {
			ret = -1;
			break;
		}
		j = *slot ? (size_t)*slot - 1 : i;
		if (j != i && strcasecmp(r->hdr->f[j], r->hdr->f[i])) {
			/* two names with one hash: look the slow way */
			for (j = 0; j < i && strcasecmp(r->hdr->f[j], r->hdr->f[i]); j++)
				;
		}
		if (!*slot)
			*slot = (long)i + 1;
		r->keyfirst[i] = j;
		r->nextsame[i] = r->hdr->n;
		last[i] = i;
		if (j < i) {
			r->dupname[j] = r->dupname[i] = 1;
			r->nextsame[last[j]] = i;
			last[j] = i;
		}
	}
	tix_counts_release(&first);
	free(last);
	return ret;
}

/*
 * A database is pseudonymised with one key or not at all: mixing would make
 * the same person two requesters, and lookups would miss.
 */
static int check_key(struct ictx *r, char *err)
{
	sqlite3_stmt *st;
	const char *want = r->o->pseudo ? r->o->pseudo->key_id : NULL;
	int rc, ret = 0;

	if (tix_store_prepare(r->s, &st, "SELECT DISTINCT pseudonym_key FROM ingest_batch"
			      " WHERE status = 'done'", err) < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *have = (const char *)sqlite3_column_text(st, 0);

		if (!have && want)
			ret = tix_errf(err, "%s: the database holds requesters in the clear; it "
				       "cannot take pseudonymised ones too", r->s->path);
		else if (have && !want)
			ret = tix_errf(err, "%s: the database holds pseudonymised requesters; "
				       "ingest with --pseudonymize and the same key", r->s->path);
		else if (have && strcmp(have, want))
			ret = tix_errf(err, "%s: the database was pseudonymised with another key "
				       "(key id %s, this one is %s)", r->s->path, have, want);
		if (ret)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = tix_errf(err, "%s: %s", r->s->path, sqlite3_errmsg(r->s->db));
	sqlite3_finalize(st);
	return ret;
}

/*
 * How to load: when the source has no tickets yet, try the insert first;
 * when the table is empty, drop the secondary indexes and build them once
 * at the end (a sort is much cheaper than a million index updates).
 */
static int plan_load(struct ictx *r, char *err)
{
	sqlite3_stmt *st;
	int rc;

	if (tix_store_prepare(r->s, &st, "SELECT EXISTS (SELECT 1 FROM ticket WHERE source = ?1),"
			      " EXISTS (SELECT 1 FROM ticket), (SELECT max(id) FROM ticket)", err) < 0)
		return -1;
	sqlite3_bind_text(st, 1, r->m.source, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->insert_first = !sqlite3_column_int(st, 0);
		r->deferred = !sqlite3_column_int(st, 1);
		r->max_id0 = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return tix_errf(err, "%s: %s", r->s->path, sqlite3_errmsg(r->s->db));
	if (r->deferred && tix_store_drop_indexes(r->s, err) < 0)
		return -1;
	return tix_store_fts_pause(r->s, err);
}

/* ---------- the file ---------- */

static void notice(struct ictx *r, const char *msg)
{
	if (r->o->on_notice)
		r->o->on_notice(r->o->ctx, r->name, msg);
}

static void generic_notice(struct ictx *r)
{
	struct tix_buf b;
	int f, any = 0;

	tix_buf_init(&b, 0);
	tix_buf_adds(&b, "no known layout; mapped as generic: ");
	for (f = 0; f < TIX_NFIELDS; f++) {
		if (r->m.col[f][0] < 0)
			continue;
		tix_buf_addf(&b, "%s%s=%s", any++ ? ", " : "", tix_field_name[f],
			     r->hdr->f[r->m.col[f][0]]);
	}
	if (!any)
		tix_buf_adds(&b, "nothing");
	if (tix_buf_adds(&b, "; use --map to control") == 0)
		notice(r, b.s);
	tix_buf_release(&b);
}

/*
 * Without an updated time, a ticket id that repeats in the file gives no
 * way to tell old from new but the order of the rows: the last one is the
 * ticket.  Count every id's rows, so the second pass knows which row is
 * the last, and a re-ingest finds nothing to change.  For a layout we only
 * guessed (generic), prefer an id column whose values are unique.
 */
static int count_ids(struct ictx *r, struct tix_counts *cand, int *dup, int ncand,
		     const int (*candcols)[2], const struct tix_record *rec)
{
	int c;

	for (c = 0; c < ncand; c++) {
		uint64_t h = id_hash(rec, ncand > 1 ? candcols[c] : r->m.col[TIX_F_EXT_ID]);
		long *slot;

		if (!h)
			continue;
		slot = tix_counts_slot(&cand[c], h);
		if (!slot)
			return -1;
		if ((*slot)++)
			dup[c] = 1;
	}
	return 0;
}

static void choose_id(struct ictx *r, struct tix_counts *cand, const int *dup, int ncand,
		      const int (*candcols)[2])
{
	int c, pick = 0;

	if (ncand > 1) {
		for (c = 0; c < ncand && dup[c]; c++)
			;
		pick = c < ncand ? c : 0;
		r->m.used[r->m.col[TIX_F_EXT_ID][0]] = 0;
		r->m.used[candcols[pick][0]] = 1;
		r->m.col[TIX_F_EXT_ID][0] = candcols[pick][0];
		r->m.col[TIX_F_EXT_ID][1] = -1;
	}
	if (ncand && dup[pick]) {
		r->occ = cand[pick];
		memset(&cand[pick], 0, sizeof(cand[pick]));
		r->use_occ = 1;
	}
	for (c = 0; c < ncand; c++)
		tix_counts_release(&cand[c]);
}

/* The first pass: learn the date columns and their order; count ids. */
static int first_pass(struct ictx *r, char *err)
{
	struct tix_record *rec;
	enum tix_dord forced = r->o->date_order ? (enum tix_dord)r->o->date_order
						: (enum tix_dord)r->m.date_order;
	struct tix_counts cand[MAXCAND];
	int candcols[MAXCAND][2], dup[MAXCAND] = { 0 };
	int ncand = 0, settled = 0, ret = -1;
	size_t i;
	int got, f, k;

	memset(cand, 0, sizeof(cand));
	if (tix_colsniff_init(&r->cs, r->hdr->n) < 0)
		return tix_errf(err, "out of memory");
	if (r->m.col[TIX_F_UPDATED][0] < 0 && !r->m.constval[TIX_F_UPDATED] &&
	    r->m.col[TIX_F_EXT_ID][0] >= 0) {
		ncand = 1;
		if (!strcmp(r->m.preset, "generic"))
			for (ncand = 0; ncand < MAXCAND && r->m.col[TIX_F_EXT_ID][ncand] >= 0; ncand++) {
				candcols[ncand][0] = r->m.col[TIX_F_EXT_ID][ncand];
				candcols[ncand][1] = -1;
			}
	}
	while ((got = tix_csvin_next(r->in, &rec, err)) > 0) {
		if (!settled) {
			tix_colsniff_feed(&r->cs, rec);
			settled = tix_colsniff_settled(&r->cs);
		}
		if (ncand && rec->problem == TIX_REC_OK &&
		    count_ids(r, cand, dup, ncand, (const int (*)[2])candcols, rec) < 0) {
			tix_errf(err, "out of memory");
			goto out;
		}
		if (settled && !ncand)
			break;
	}
	if (got < 0)
		goto out;
	choose_id(r, cand, dup, ncand, (const int (*)[2])candcols);
	ncand = 0;
	for (i = 0; i < r->hdr->n; i++)
		r->isdate[i] = (unsigned char)tix_colsniff_is_date(&r->cs, i);
	for (f = 0; f < TIX_NFIELDS; f++)
		if (tix_field_kind[f] == TIX_K_TIME)
			for (k = 0; r->m.col[f][k] >= 0; k++)
				r->isdate[r->m.col[f][k]] = 1;
	for (i = 0; i < r->hdr->n; i++) {
		if (!r->isdate[i])
			continue;
		if (tix_colsniff_order(&r->cs, i, forced, &r->order[i]) == TIX_ORDER_AMBIGUOUS) {
			int canonical = 0;

			for (f = 0; f < TIX_NFIELDS; f++)
				for (k = 0; tix_field_kind[f] == TIX_K_TIME && r->m.col[f][k] >= 0; k++)
					if ((size_t)r->m.col[f][k] == i)
						canonical = 1;
			if (canonical) {
				tix_errf(err, "%s: column \"%s\" has dates like %s that read both "
					 "day-first and month-first from start to end; say "
					 "--date-order dmy or --date-order mdy", r->name,
					 r->hdr->f[i], r->cs.c[i].ambig_sample);
				goto out;
			}
			r->isdate[i] = 0;	/* kept as written */
		}
	}
	ret = tix_csvin_rewind(r->in, err);
out:
	for (k = 0; k < ncand; k++)
		tix_counts_release(&cand[k]);
	return ret;
}

static int tz_enter(struct ictx *r, const char *tz, char **saved, char *err)
{
	*saved = NULL;
	r->tzoff = 0;
	r->tzlocal = 0;
	if (!tz || !*tz || tix_time_parse_offset(tz, &r->tzoff) == 0)
		return 0;
	if (!tz_known(tz))
		return tix_ingest_check_tz(tz, err);
	if (getenv("TZ")) {
		*saved = strdup(getenv("TZ"));
		if (!*saved)
			return tix_errf(err, "out of memory");
	}
	setenv("TZ", tz, 1);
	tzset();
	r->tzlocal = 1;
	return 0;
}

static void tz_leave(struct ictx *r, char *saved)
{
	if (!r->tzlocal)
		return;
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

/* ---------- three threads: one reads, one writes, one indexes the text ---------- */

/*
 * The reading thread parses and maps rows into chunks; the calling thread,
 * which owns the SQLite connection, writes them.  Parsing and SQLite then
 * run side by side on two cores.  A few chunks circulate between the two,
 * so memory stays bounded whatever the size of the file.
 *
 * A load into an empty ticket table also hands each written chunk to a
 * third thread, which indexes the text of its new tickets in a full-text
 * index of its own (tix_fts_side) while the rows are still coming and
 * while the calling thread builds the other indexes; at the end
 * ticket_fts adopts it.  That thread copies the text into a spool and
 * gives the chunk back at once, so that it can lag behind the rows and
 * do part of its work while the indexes are built (see struct spool).  Should a ticket of the load change its text
 * later in the file, or the side index fail, the side index is given up
 * and ticket_fts is rebuilt from the table as before: slower, same result.
 */
#define CHUNK_ROWS 512
#define NCHUNKS 8

struct item {
	long line, end_line;
	int reject, is_last;
	long long rowid;		/* the ticket it inserted, or 0 */
	struct {
		int t;
		int64_t i;
		double d;
		size_t off, n;
	} v[NCOLS_OUT + 1];
	size_t raw_off, raw_n, why_off;
};

struct chunk {
	struct item items[CHUNK_ROWS];
	size_t n;
	long long bytes, total;		/* of the file, read when the chunk was full */
	struct tix_buf text;
	struct chunk *next;
};

struct queue {
	struct chunk *head, *tail;
};

struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct chunk *chunks;
	struct queue full;		/* read, to be written */
	struct queue fts;		/* written, to be indexed */
	struct chunk *free;
	int done, stop;
	int rc;				/* the reader's: 0, or -1 with err */
	char err[TIX_ERRSZ];
	struct ictx *r;
	/* the side full-text index */
	struct tix_fts_side *side;
	pthread_t fts_th;
	int fts_started;
	int fts_end;			/* no more chunks will come */
	int fts_off;			/* given up: stale, failed or stopped */
	char fts_err[TIX_ERRSZ];	/* why it failed, if it did */
};

static void enqueue(struct queue *q, struct chunk *c)
{
	c->next = NULL;
	if (q->tail)
		q->tail->next = c;
	else
		q->head = c;
	q->tail = c;
}

static struct chunk *dequeue(struct queue *q)
{
	struct chunk *c = q->head;

	if (c) {
		q->head = c->next;
		if (!q->head)
			q->tail = NULL;
	}
	return c;
}

/* Under pl->mu: give chunk c back to the reader. */
static void recycle(struct pipeline *pl, struct chunk *c)
{
	c->next = pl->free;
	pl->free = c;
	pthread_cond_broadcast(&pl->cv);
}

static struct chunk *take_free(struct pipeline *pl)
{
	struct chunk *c;

	pthread_mutex_lock(&pl->mu);
	while (!pl->free && !pl->stop)
		pthread_cond_wait(&pl->cv, &pl->mu);
	c = pl->stop ? NULL : pl->free;
	if (c)
		pl->free = c->next;
	pthread_mutex_unlock(&pl->mu);
	if (c) {
		c->n = 0;
		tix_buf_reset(&c->text);
	}
	return c;
}

static void hand_over(struct pipeline *pl, struct chunk *c)
{
	pthread_mutex_lock(&pl->mu);
	enqueue(&pl->full, c);
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
}

/* The writer: a ticket of this load changes its text, which the side index
   cannot follow (it only adds). */
static void side_stale(struct ictx *r)
{
	struct pipeline *pl = r->pl;

	if (!pl || !pl->side)
		return;
	pthread_mutex_lock(&pl->mu);
	pl->fts_off = 1;
	pthread_mutex_unlock(&pl->mu);
}

static size_t keep_text(struct chunk *c, const char *s, size_t n, int *oom)
{
	size_t off = c->text.len;

	if (tix_buf_add(&c->text, s, n) < 0)
		*oom = 1;
	return off;
}

/* Copy the mapped row r->v (or a reject) into the chunk. */
static int put_item(struct chunk *c, struct ictx *r, const struct tix_record *rec,
		    const char *why, int is_last)
{
	struct item *it = &c->items[c->n++];
	int k, oom = 0;

	it->line = rec->line;
	it->end_line = rec->end_line;
	it->is_last = is_last;
	it->reject = why != NULL;
	it->rowid = 0;
	if (why) {
		it->raw_off = keep_text(c, rec->raw, rec->rawlen, &oom);
		it->raw_n = rec->rawlen;
		it->why_off = keep_text(c, why, strlen(why) + 1, &oom);
		return oom ? -1 : 0;
	}
	{
		/* row_hash: the content columns, hashed as their types and sizes
		   (or numbers) and then their text, copied here in one run */
		uint64_t shape[2 * (C_EXTRA - C_SUBJECT + 1)];
		size_t start = c->text.len, ns = 0;

		for (k = 1; k <= NCOLS_OUT; k++) {
			const struct val *v = &r->v[k];

			it->v[k].t = v->t;
			it->v[k].i = v->i;
			it->v[k].d = v->d;
			it->v[k].n = 0;
			if (v->t == V_TEXT) {
				it->v[k].off = keep_text(c, v->s, v->n, &oom);
				it->v[k].n = v->n;
			}
			if (k < C_SUBJECT || k > C_EXTRA)
				continue;
			shape[ns++] = (uint64_t)v->t;
			if (v->t == V_TEXT)
				shape[ns++] = v->n;
			else if (v->t == V_REAL)
				memcpy(&shape[ns++], &v->d, sizeof(v->d));
			else
				shape[ns++] = (uint64_t)v->i;
		}
		if (oom)
			return -1;
		it->v[C_HASH].t = V_INT;
		it->v[C_HASH].i = (int64_t)tix_hash64(tix_hash64(0, shape, ns * sizeof(shape[0])),
						      c->text.s + start, c->text.len - start);
	}
	return 0;
}

/* Map one record into the chunk (a row or a reject).  0, or -1 out of memory. */
static int read_one(struct ictx *r, struct chunk *c, const struct tix_record *rec)
{
	int rc, is_last = 1;

	if (rec->problem != TIX_REC_OK)
		return put_item(c, r, rec, rec->why, 1);
	rc = map_row(r, rec);
	if (rc == -2)
		return -1;
	if (rc == 0 && r->m.col[TIX_F_EXT_ID][0] < 0 && !r->m.constval[TIX_F_EXT_ID] &&
	    hash_id(r, rec) < 0)
		return -1;
	if (rc == 0 && (r->v[C_EXT_ID].t == V_NULL || r->v[C_EXT_ID].n == 0)) {
		tix_buf_reset(&r->why);
		tix_buf_addf(&r->why, "no ticket id (column \"%s\" is empty)",
			     r->hdr->f[r->m.col[TIX_F_EXT_ID][0]]);
		rc = -1;
	}
	if (rc < 0)
		return put_item(c, r, rec, r->why.s ? r->why.s : "bad row", 1);
	if (build_extra(r, rec) < 0)
		return -1;
	if (r->use_occ) {
		long *left = tix_counts_slot(&r->occ, id_hash(rec, r->m.col[TIX_F_EXT_ID]));

		if (!left)
			return -1;
		is_last = --*left <= 0;
	}
	return put_item(c, r, rec, NULL, is_last);
}

static void *reader_main(void *arg)
{
	struct pipeline *pl = arg;
	struct ictx *r = pl->r;
	struct tix_record *rec;
	struct chunk *c = take_free(pl);
	int got = 0, rc = 0;

	while (c && (got = tix_csvin_next(r->in, &rec, pl->err)) > 0) {
		if (read_one(r, c, rec) < 0) {
			tix_errf(pl->err, "out of memory");
			rc = -1;
			break;
		}
		if (c->n == CHUNK_ROWS) {
			tix_csvin_progress(r->in, &c->bytes, &c->total);
			hand_over(pl, c);
			c = take_free(pl);
		}
	}
	if (got < 0)
		rc = -1;
	if (c) {
		tix_csvin_progress(r->in, &c->bytes, &c->total);
		hand_over(pl, c);
	}
	pthread_mutex_lock(&pl->mu);
	pl->rc = rc;
	pl->done = 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	return NULL;
}

/*
 * The indexer's spool.  The indexer copies the text of the new tickets of
 * each written chunk here and gives the chunk back to the reader at once,
 * then indexes from the spool at its own pace: it can fall behind the rows
 * and catch up while the calling thread builds the other indexes, when a
 * core would otherwise be idle.  The spool is a ring of at most SPOOL_MAX
 * bytes in an unlinked temporary file (page cache, not heap; nothing is
 * left behind if the load is killed), so memory stays the same however
 * long the file; when the ring is full, the indexer makes room before it
 * takes more.  A record: rowid, the lengths of subject and body (-1 for
 * NULL), their bytes.  One thread uses it.
 */
/* The lag: about 0.5 s of indexing on the machine it was tuned on, what the
   index build of a million rows leaves of a core besides the final merge.
   More and the calling thread waits for the indexer at the end. */
#define SPOOL_MAX (48LL << 20)
#define SPOOL_BUF (64 * 1024)	/* the write buffer, and the read buffer to start */
#define SPOOL_BATCH 32		/* tickets indexed between looks at the chunks */
/* On two cores the reader and the writer come first and the indexer takes
   the rest: with the spool it catches up while the indexes are built.  Its
   nice value is raised by this much (Linux: nice is per thread there). */
#define FTS_NICE 10

struct spool {
	int fd;				/* -1: none, the indexer works from the chunks */
	/* positions in the stream: written (into wbuf or the file), in the
	   file, read (indexed), and the start of what rbuf holds */
	long long w, d, r, rb;
	long long nrec;			/* records written, not read yet */
	char *wbuf, *rbuf;
	size_t wlen, rlen, rcap;
};

static void spool_close(struct spool *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->wbuf);
	free(sp->rbuf);
	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
}

/* 0, or -1: no spool (sp->fd is -1). */
static int spool_open(struct spool *sp)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];

	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/tix-ingest.XXXXXX", dir) >= sizeof(path))
		return -1;
	sp->wbuf = malloc(SPOOL_BUF);
	sp->rbuf = malloc(SPOOL_BUF);
	sp->rcap = SPOOL_BUF;
	if (!sp->wbuf || !sp->rbuf || (sp->fd = mkstemp(path)) < 0) {
		spool_close(sp);
		return -1;
	}
	unlink(path);
	return 0;
}

static int spool_fail(const char *what, char *err)
{
	return tix_errf(err, "full-text index: temporary file: %s: %s", what,
			errno ? strerror(errno) : "failed");
}

/* Bytes [pos, pos + n) of the stream to or from the ring: 0, or -1 (errno). */
static int spool_io(struct spool *sp, int out, char *p, size_t n, long long pos)
{
	while (n) {
		long long at = pos % SPOOL_MAX;
		size_t k = n < (size_t)(SPOOL_MAX - at) ? n : (size_t)(SPOOL_MAX - at);
		ssize_t got = out ? pwrite(sp->fd, p, k, (off_t)at) : pread(sp->fd, p, k, (off_t)at);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EIO;
			return -1;
		}
		p += got;
		n -= (size_t)got;
		pos += got;
	}
	return 0;
}

static int spool_flush(struct spool *sp, char *err)
{
	if (sp->wlen && spool_io(sp, 1, sp->wbuf, sp->wlen, sp->d) < 0)
		return spool_fail("write", err);
	sp->d += (long long)sp->wlen;
	sp->wlen = 0;
	return 0;
}

static int spool_write(struct spool *sp, const void *p, size_t n, char *err)
{
	const char *s = p;

	while (n) {
		size_t k = SPOOL_BUF - sp->wlen;

		if (k > n)
			k = n;
		memcpy(sp->wbuf + sp->wlen, s, k);
		sp->wlen += k;
		sp->w += (long long)k;
		s += k;
		n -= k;
		if (sp->wlen == SPOOL_BUF && spool_flush(sp, err) < 0)
			return -1;
	}
	return 0;
}

/* The next n bytes to read, in one piece: NULL with err. */
static const char *spool_peek(struct spool *sp, size_t n, char *err)
{
	size_t have = (size_t)(sp->rb + (long long)sp->rlen - sp->r);
	size_t want;

	if (have >= n)
		return sp->rbuf + (sp->r - sp->rb);
	/* keep what is left of rbuf at its start, then fill it up */
	memmove(sp->rbuf, sp->rbuf + (sp->r - sp->rb), have);
	sp->rb = sp->r;
	sp->rlen = have;
	if (n > sp->rcap) {
		char *q = realloc(sp->rbuf, n);

		if (!q) {
			tix_errf(err, "out of memory");
			return NULL;
		}
		sp->rbuf = q;
		sp->rcap = n;
	}
	if (sp->d < sp->r + (long long)n && spool_flush(sp, err) < 0)
		return NULL;
	want = sp->rcap - sp->rlen;
	if ((long long)want > sp->d - (sp->rb + (long long)sp->rlen))
		want = (size_t)(sp->d - (sp->rb + (long long)sp->rlen));
	errno = 0;
	if (spool_io(sp, 0, sp->rbuf + sp->rlen, want, sp->rb + (long long)sp->rlen) < 0) {
		spool_fail("read", err);
		return NULL;
	}
	sp->rlen += want;
	return sp->rbuf;
}

/* Index the next ticket of the spool: 0, or -1 with err. */
static int spool_index_one(struct pipeline *pl, struct spool *sp)
{
	const char *p = spool_peek(sp, 3 * sizeof(int64_t), pl->fts_err);
	int64_t h[3];
	size_t ns, nb;

	if (!p)
		return -1;
	memcpy(h, p, sizeof(h));
	ns = h[1] > 0 ? (size_t)h[1] : 0;
	nb = h[2] > 0 ? (size_t)h[2] : 0;
	if (!(p = spool_peek(sp, sizeof(h) + ns + nb, pl->fts_err)))
		return -1;
	p += sizeof(h);
	sp->r += (long long)(sizeof(h) + ns + nb);
	if (--sp->nrec == 0) {
		/* empty: start again at the start of the file */
		sp->w = sp->d = sp->r = sp->rb = 0;
		sp->rlen = 0;
	}
	return tix_fts_side_add(pl->side, h[0], h[1] < 0 ? NULL : p, ns,
				h[2] < 0 ? NULL : p + ns, nb, pl->fts_err);
}

static int fts_stopped(struct pipeline *pl)
{
	int off;

	pthread_mutex_lock(&pl->mu);
	off = pl->fts_off;
	pthread_mutex_unlock(&pl->mu);
	return off;
}

/* Spool one ticket (index it at once when it is larger than the ring):
   0, or -1 with err (or stopped). */
static int spool_put(struct pipeline *pl, struct spool *sp, long long rowid,
		     const char *s, size_t ns, const char *b, size_t nb)
{
	int64_t h[3];
	long long need = (long long)(sizeof(h) + (s ? ns : 0) + (b ? nb : 0));
	int k = 0;

	/* make room: the oldest tickets first, so the index gets them in order */
	while (sp->nrec && sp->w - sp->r + need > SPOOL_MAX) {
		if (spool_index_one(pl, sp) < 0)
			return -1;
		if (++k % SPOOL_BATCH == 0 && fts_stopped(pl))
			return -1;
	}
	if (need > SPOOL_MAX)
		return tix_fts_side_add(pl->side, rowid, s, ns, b, nb, pl->fts_err);
	h[0] = rowid;
	h[1] = s ? (int64_t)ns : -1;
	h[2] = b ? (int64_t)nb : -1;
	if (spool_write(sp, h, sizeof(h), pl->fts_err) < 0 ||
	    (s && spool_write(sp, s, ns, pl->fts_err) < 0) ||
	    (b && spool_write(sp, b, nb, pl->fts_err) < 0))
		return -1;
	sp->nrec++;
	return 0;
}

/* The text of column k of an item: NULL or its bytes. */
static const char *item_text(const struct chunk *c, const struct item *it, int k, size_t *n)
{
	*n = it->v[k].n;
	return it->v[k].t == V_TEXT ? c->text.s + it->v[k].off : NULL;
}

/* Spool the new tickets of chunk c, or (no spool) index them: 0, or -1 with err. */
static int fts_chunk(struct pipeline *pl, struct spool *sp, const struct chunk *c)
{
	size_t i, ns, nb;

	for (i = 0; i < c->n; i++) {
		const struct item *it = &c->items[i];
		const char *subject, *body;
		int rc;

		if (it->reject || it->rowid <= 0)
			continue;
		subject = item_text(c, it, C_SUBJECT, &ns);
		body = item_text(c, it, C_BODY, &nb);
		rc = sp->fd >= 0 ? spool_put(pl, sp, it->rowid, subject, ns, body, nb)
				 : tix_fts_side_add(pl->side, it->rowid, subject, ns, body, nb,
						    pl->fts_err);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void *fts_main(void *arg)
{
	struct pipeline *pl = arg;
	struct spool sp;
	struct chunk *c;
	int off, end, i;

	spool_open(&sp);
#ifdef __linux__
	if (sp.fd >= 0) {
		id_t tid = (id_t)syscall(SYS_gettid);
		int prio;

		errno = 0;
		prio = getpriority(PRIO_PROCESS, tid);
		if (errno == 0)
			setpriority(PRIO_PROCESS, tid, prio + FTS_NICE < 19 ? prio + FTS_NICE : 19);
	}
#endif
	for (;;) {
		pthread_mutex_lock(&pl->mu);
		while (!pl->fts.head && !pl->fts_end && !(sp.nrec && !pl->fts_off))
			pthread_cond_wait(&pl->cv, &pl->mu);
		c = dequeue(&pl->fts);
		off = pl->fts_off;
		end = pl->fts_end;
		pthread_mutex_unlock(&pl->mu);
		if (c) {
			/* first the chunks: the reader waits for them */
			if (!off && fts_chunk(pl, &sp, c) < 0)
				off = 1;
			pthread_mutex_lock(&pl->mu);
			if (off)
				pl->fts_off = 1;
			recycle(pl, c);
			pthread_mutex_unlock(&pl->mu);
			continue;
		}
		if (off || !sp.nrec) {
			if (end)
				break;
			continue;
		}
		for (i = 0; i < SPOOL_BATCH && sp.nrec; i++)
			if (spool_index_one(pl, &sp) < 0) {
				pthread_mutex_lock(&pl->mu);
				pl->fts_off = 1;
				pthread_mutex_unlock(&pl->mu);
				break;
			}
	}
	spool_close(&sp);
	pthread_mutex_lock(&pl->mu);
	off = pl->fts_off;
	pthread_mutex_unlock(&pl->mu);
	if (!off && tix_fts_side_finish(pl->side, pl->fts_err) < 0) {
		pthread_mutex_lock(&pl->mu);
		pl->fts_off = 1;
		pthread_mutex_unlock(&pl->mu);
	}
	return NULL;
}

static int write_chunk(struct ictx *r, struct chunk *c, char *err)
{
	size_t i;
	int k;

	for (i = 0; i < c->n; i++) {
		struct item *it = &c->items[i];

		r->c->rows++;
		if (it->reject) {
			if (reject(r, it->line, it->end_line, c->text.s + it->raw_off, it->raw_n,
				   c->text.s + it->why_off, err) < 0)
				return -1;
			continue;
		}
		for (k = 1; k <= NCOLS_OUT; k++) {
			r->wv[k].t = it->v[k].t;
			r->wv[k].i = it->v[k].i;
			r->wv[k].d = it->v[k].d;
			r->wv[k].s = it->v[k].t == V_TEXT ? c->text.s + it->v[k].off : NULL;
			r->wv[k].n = it->v[k].n;
		}
		if (upsert(r, r->wv, it->line, it->is_last, err) < 0)
			return -1;
		it->rowid = r->new_id;
	}
	return 0;
}

/* Tell the side indexer that no more chunks come; wait for it to finish.
   1 when its index holds every ticket of the load, else 0. */
static int side_join(struct pipeline *pl)
{
	int ok;

	pthread_mutex_lock(&pl->mu);
	pl->fts_end = 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	if (pl->fts_started) {
		pthread_join(pl->fts_th, NULL);
		pl->fts_started = 0;
	}
	ok = pl->side && !pl->fts_off;
	return ok;
}

static void pipeline_free(struct pipeline *pl)
{
	int i;

	if (!pl)
		return;
	if (pl->fts_started) {
		/* an error: stop the indexer, even inside its final merge */
		pthread_mutex_lock(&pl->mu);
		pl->fts_off = 1;
		pthread_mutex_unlock(&pl->mu);
		tix_fts_side_interrupt(pl->side);
		side_join(pl);
	}
	tix_fts_side_close(pl->side);
	pthread_cond_destroy(&pl->cv);
	pthread_mutex_destroy(&pl->mu);
	for (i = 0; i < NCHUNKS; i++)
		tix_buf_release(&pl->chunks[i].text);
	free(pl->chunks);
	free(pl);
}

/* Set up the threads' shared state in r->pl; with_side: a side index. */
static int pipeline_new(struct ictx *r, int with_side, char *err)
{
	struct pipeline *pl = calloc(1, sizeof(*pl));
	int i;

	if (!pl)
		return tix_errf(err, "out of memory");
	pl->chunks = calloc(NCHUNKS, sizeof(*pl->chunks));
	if (!pl->chunks) {
		free(pl);
		return tix_errf(err, "out of memory");
	}
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->cv, NULL);
	pl->r = r;
	for (i = 0; i < NCHUNKS; i++) {
		tix_buf_init(&pl->chunks[i].text, 0);
		pl->chunks[i].next = pl->free;
		pl->free = &pl->chunks[i];
	}
	r->pl = pl;
	if (!with_side)
		return 0;
	/* the side index is an optimisation: when it cannot start, the
	   full-text index is rebuilt in place at the end */
	pl->side = tix_fts_side_open(pl->fts_err);
	if (pl->side && pthread_create(&pl->fts_th, NULL, fts_main, pl) == 0)
		pl->fts_started = 1;
	else
		pl->fts_off = 1;
	return 0;
}

static int ingest_rows(struct ictx *r, char *err)
{
	struct pipeline *pl = r->pl;
	pthread_t th;
	int ret = 0;

	if (pthread_create(&th, NULL, reader_main, pl) != 0)
		return tix_errf(err, "cannot start a thread");
	for (;;) {
		struct chunk *c;

		pthread_mutex_lock(&pl->mu);
		while (!pl->full.head && !pl->done)
			pthread_cond_wait(&pl->cv, &pl->mu);
		c = dequeue(&pl->full);
		pthread_mutex_unlock(&pl->mu);
		if (!c)
			break;	/* done and drained */
		if (ret == 0 && write_chunk(r, c, err) < 0) {
			ret = -1;
			pthread_mutex_lock(&pl->mu);
			pl->stop = 1;	/* the reader stops at its next chunk */
			pl->fts_off = 1;
			pthread_mutex_unlock(&pl->mu);
		}
		if (ret == 0 && r->o->on_progress)
			r->o->on_progress(r->o->ctx, r->name, r->c->rows, c->bytes, c->total);
		pthread_mutex_lock(&pl->mu);
		if (pl->fts_started && !pl->fts_off) {
			enqueue(&pl->fts, c);
			pthread_cond_broadcast(&pl->cv);
		} else {
			recycle(pl, c);
		}
		pthread_mutex_unlock(&pl->mu);
	}
	pthread_join(th, NULL);
	if (ret == 0 && pl->rc < 0)
		ret = tix_errf(err, "%s", pl->err);
	/* the indexer finishes on its own while the indexes are built */
	pthread_mutex_lock(&pl->mu);
	pl->fts_end = 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	return ret;
}

/* The full-text index at the end of the load: adopt the side index, or
   index the new tickets from the table. */
static int fts_finish(struct ictx *r, char *err)
{
	struct pipeline *pl = r->pl;

	if (side_join(pl)) {
		r->c->fts_beside = 1;
		return tix_store_fts_adopt(r->s, pl->side, err);
	}
	if (pl->side && pl->fts_err[0]) {
		char msg[TIX_ERRSZ + 64];

		snprintf(msg, sizeof(msg), "%s; rebuilt from the table instead", pl->fts_err);
		notice(r, msg);
	}
	return tix_store_fts_resume(r->s, r->deferred ? 0 : r->max_id0, err);
}

int tix_ingest_file(struct tix_store *s, const char *path, const struct tix_ingest_opts *o,
		    struct tix_ingest_counts *c, char *err)
{
	struct ictx r;
	struct tix_csvin_opts copts = { o->delim, o->header_line, 0 };
	char *savedtz = NULL;
	double t0;
	int ret = -1, f, in_tx = 0, tz_set = 0;
	size_t i;

	memset(&r, 0, sizeof(r));
	memset(c, 0, sizeof(*c));
	r.s = s;
	r.o = o;
	r.c = c;
	for (f = 0; f < TIX_NFIELDS; f++)
		tix_buf_init(&r.scratch[f], 0);
	tix_buf_init(&r.extra, 0);
	tix_buf_init(&r.why, 0);
	for (f = 0; f < TIX_NFIELDS; f++)
		r.m.col[f][0] = -1;
	r.in = tix_csvin_open(path, &copts, err);
	if (!r.in)
		goto out;
	r.name = tix_csvin_name(r.in);
	r.hdr = tix_csvin_header(r.in);
	if (!r.hdr->n) {
		tix_errf(err, "%s:1: empty file: no header, no records", r.name);
		goto out;
	}
	if (o->mapfile ? tix_mapfile_load(o->mapfile, (const char *const *)r.hdr->f, r.hdr->n,
					  &r.m, err)
		       : tix_source_map((const char *const *)r.hdr->f, r.hdr->n, o->source, &r.m,
					err)) {
		if (!o->mapfile) {
			char tmp[TIX_ERRSZ];

			snprintf(tmp, sizeof(tmp), "%s:%ld: %s", r.name, r.hdr->line, err);
			memcpy(err, tmp, TIX_ERRSZ);
		}
		goto out;
	}
	snprintf(c->source, sizeof(c->source), "%s", r.m.source);
	r.order = calloc(r.hdr->n, sizeof(*r.order));
	r.isdate = calloc(r.hdr->n, 1);
	r.keep = calloc(r.hdr->n, 1);
	r.dupname = calloc(r.hdr->n, 1);
	r.keyfirst = calloc(r.hdr->n, sizeof(*r.keyfirst));
	r.nextsame = calloc(r.hdr->n, sizeof(*r.nextsame));
	r.ident = calloc(r.hdr->n, 1);
	if (!r.order || !r.isdate || !r.keep || !r.dupname || !r.keyfirst || !r.nextsame ||
	    !r.ident) {
		tix_errf(err, "out of memory");
		goto out;
	}
	if (group_names(&r) < 0) {
		tix_errf(err, "out of memory");
		goto out;
	}
	for (i = 0; i < r.hdr->n; i++)
		r.ident[i] = (unsigned char)tix_pseudo_is_identity(r.hdr->f[i]);
	for (f = 0; r.m.col[TIX_F_REQUESTER][f] >= 0; f++)
		r.ident[r.m.col[TIX_F_REQUESTER][f]] = 1;
	if (tz_enter(&r, o->tz ? o->tz : r.m.tz, &savedtz, err) < 0)
		goto out;
	tz_set = 1;
	if (first_pass(&r, err) < 0)
		goto out;
	if (!strcmp(r.m.preset, "generic"))
		generic_notice(&r);
	if (tix_store_begin(s, err) < 0)
		goto out;
	in_tx = 1;
	if (check_key(&r, err) < 0 || prepare_all(&r, err) < 0 || begin_batch(&r, err) < 0 ||
	    plan_load(&r, err) < 0)
		goto out;
	c->batch = r.batch;
	t0 = tix_now();
	if (pipeline_new(&r, r.deferred, err) < 0 || ingest_rows(&r, err) < 0 ||
	    end_batch(&r, err) < 0)
		goto out;
	c->t_rows = tix_now() - t0;
	if (r.deferred) {
		t0 = tix_now();
		if (tix_store_build_indexes(s, err) < 0)
			goto out;
		c->t_indexes = tix_now() - t0;
	}
	t0 = tix_now();
	if (fts_finish(&r, err) < 0)
		goto out;
	c->t_fts = tix_now() - t0;
	t0 = tix_now();
	finalize_all(&r);
	if (o->dry_run)
		tix_store_rollback(s);
	else if (tix_store_commit(s, err) < 0)
		goto out;
	in_tx = 0;
	c->t_commit = tix_now() - t0;
	if (c->rows == 0)
		notice(&r, "header only: no records");
	if (c->merged) {
		char msg[160];

		snprintf(msg, sizeof(msg), "%lld rows were later states of tickets seen earlier in "
			 "the file (merged; changes in ticket_history)", c->merged);
		notice(&r, msg);
	}
	ret = 0;
out:
	pipeline_free(r.pl);
	finalize_all(&r);
	if (in_tx)
		tix_store_rollback(s);
	if (tz_set)
		tz_leave(&r, savedtz);
	tix_csvin_close(r.in);
	tix_colsniff_release(&r.cs);
	tix_mapping_release(&r.m);
	for (f = 0; f < TIX_NFIELDS; f++)
		tix_buf_release(&r.scratch[f]);
	tix_buf_release(&r.extra);
	tix_buf_release(&r.why);
	free(r.order);
	free(r.isdate);
	free(r.keep);
	free(r.dupname);
	free(r.keyfirst);
	free(r.nextsame);
	free(r.ident);
	tix_counts_release(&r.ids);
	tix_counts_release(&r.occ);
	return ret;
}
