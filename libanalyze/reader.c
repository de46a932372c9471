/* reader.c - an export read as tickets, without a database. */
#include "reader.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colsniff.h"
#include "timeparse.h"
#include "tix.h"

#define MAXCAND 4

struct tix_reader {
	struct tix_csvin *in;
	const char *name;
	const struct tix_record *hdr;
	struct tix_mapping m;
	enum tix_dord *order;	/* per column */
	struct tix_counts ids;	/* rows left per ticket id */
	int gen_ids;		/* no id column: ids from the row's content */
	struct tix_counts seen;	/* generated ids so far (for -k suffixes) */
};

/* The field f of rec: its first non-empty column. */
static int field(const struct tix_reader *r, const struct tix_record *rec, int f,
		 const char **s, size_t *n, int *col)
{
	int k;

	*col = -1;
	if (r->m.constval[f]) {
		*s = r->m.constval[f];
		*n = strlen(*s);
		return 1;
	}
	for (k = 0; r->m.col[f][k] >= 0; k++) {
		int c = r->m.col[f][k];

		if ((size_t)c < rec->n && !tix_is_null(rec->f[c], rec->len[c])) {
			*s = rec->f[c];
			*n = rec->len[c];
			*col = c;
			if (tix_field_kind[f] != TIX_K_TEXT)
				tix_trim(s, n);
			if (f == TIX_F_EXT_ID)
				*n = tix_id_len(*s, *n);
			return 1;
		}
	}
	return 0;
}

/* The hash of the id column col of rec; 0 when it is empty. */
static uint64_t col_hash(const struct tix_record *rec, int col)
{
	const char *v;
	size_t vn;

	if ((size_t)col >= rec->n || tix_is_null(rec->f[col], rec->len[col]))
		return 0;
	v = rec->f[col];
	vn = rec->len[col];
	tix_trim(&v, &vn);
	return tix_hash64(0, v, tix_id_len(v, vn)) | 1;
}

/* The hash of rec's ticket id (its first non-empty id column); 0: none. */
static uint64_t id_hash(const struct tix_reader *r, const struct tix_record *rec)
{
	int k;
	uint64_t h;

	for (k = 0; r->m.col[TIX_F_EXT_ID][k] >= 0; k++)
		if ((h = col_hash(rec, r->m.col[TIX_F_EXT_ID][k])))
			return h;
	return 0;
}

/*
 * The first pass: the date columns' order, and each ticket id's rows.  For
 * a layout only guessed (generic) several columns may look like the id: as
 * tix-ingest does, each is counted and the first whose values never repeat
 * is taken, so that the same rows are one ticket here and there.
 */
static int first_pass(struct tix_reader *r, const struct tix_reader_opts *o, char *err)
{
	struct tix_colsniff cs;
	struct tix_record *rec;
	enum tix_dord forced = o->date_order ? (enum tix_dord)o->date_order
					     : (enum tix_dord)r->m.date_order;
	struct tix_counts cand[MAXCAND];
	int ncand = 1, dup[MAXCAND] = { 0 }, got, settled = 0, k, c, pick = 0, rc = -1;

	memset(cand, 0, sizeof(cand));
	if (!strcmp(r->m.preset, "generic"))
		for (ncand = 0; ncand < MAXCAND && r->m.col[TIX_F_EXT_ID][ncand] >= 0; ncand++)
			;
	if (r->gen_ids)
		ncand = 0;
	if (tix_colsniff_init(&cs, r->hdr->n) < 0)
		return tix_errf(err, "out of memory");
	while ((got = tix_csvin_next(r->in, &rec, err)) > 0) {
		if (!settled) {
			tix_colsniff_feed(&cs, rec);
			settled = tix_colsniff_settled(&cs);
		}
		if (rec->problem != TIX_REC_OK)
			continue;
		for (c = 0; c < ncand; c++) {
			uint64_t h = ncand > 1 ? col_hash(rec, r->m.col[TIX_F_EXT_ID][c])
					       : id_hash(r, rec);
			long *n;

			if (!h)
				continue;
			if (!(n = tix_counts_slot(&cand[c], h))) {
				tix_errf(err, "out of memory");
				goto out;
			}
			if ((*n)++)
				dup[c] = 1;
		}
		if (settled && !ncand)
			break;
	}
	if (got < 0)
		goto out;
	if (ncand > 1) {
		for (pick = 0; pick < ncand && dup[pick]; pick++)
			;
		if (pick == ncand)
			pick = 0;
		r->m.col[TIX_F_EXT_ID][0] = r->m.col[TIX_F_EXT_ID][pick];
		r->m.col[TIX_F_EXT_ID][1] = -1;
	}
	if (ncand) {
		r->ids = cand[pick];
		memset(&cand[pick], 0, sizeof(cand[pick]));
	}
	for (k = 0; r->m.col[TIX_F_CREATED][k] >= 0; k++) {
		int col = r->m.col[TIX_F_CREATED][k];

		if (tix_colsniff_order(&cs, (size_t)col, forced, &r->order[col]) ==
		    TIX_ORDER_AMBIGUOUS) {
			tix_errf(err, "%s: column \"%s\" has dates like %s that read both day-first "
				 "and month-first from start to end; say --date-order dmy or "
				 "--date-order mdy", r->name, r->hdr->f[col], cs.c[col].ambig_sample);
			goto out;
		}
	}
	rc = tix_csvin_rewind(r->in, err);
out:
	for (c = 0; c < MAXCAND; c++)
		tix_counts_release(&cand[c]);
	tix_colsniff_release(&cs);
	return rc;
}

struct tix_reader *tix_reader_open(const char *path, const struct tix_reader_opts *o, char *err)
{
	struct tix_reader *r = calloc(1, sizeof(*r));
	struct tix_csvin_opts copts;
	int f;

	if (!r) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	memset(&copts, 0, sizeof(copts));
	copts.delim = o->delim;
	copts.header_line = o->header_line;
	for (f = 0; f < TIX_NFIELDS; f++)
		r->m.col[f][0] = -1;
	if (!(r->in = tix_csvin_open(path, &copts, err)))
		goto fail;
	r->name = tix_csvin_name(r->in);
	r->hdr = tix_csvin_header(r->in);
	if (!r->hdr->n) {
		tix_errf(err, "%s:1: empty file: no header, no records", r->name);
		goto fail;
	}
	if (o->mapfile ? tix_mapfile_load(o->mapfile, (const char *const *)r->hdr->f, r->hdr->n,
					  &r->m, err)
		       : tix_source_map((const char *const *)r->hdr->f, r->hdr->n, o->source, &r->m,
					err)) {
		if (!o->mapfile) {
			char tmp[TIX_ERRSZ];

			snprintf(tmp, sizeof(tmp), "%s:%ld: %s", r->name, r->hdr->line, err);
			memcpy(err, tmp, TIX_ERRSZ);
		}
		goto fail;
	}
	if (r->m.col[TIX_F_SUBJECT][0] < 0 && r->m.col[TIX_F_BODY][0] < 0 &&
	    !r->m.constval[TIX_F_SUBJECT] && !r->m.constval[TIX_F_BODY]) {
		tix_errf(err, "%s:%ld: no subject or text column in this header (the layout was "
			 "read as %s); name them in a mapping file (tix-map(5)) and pass --map",
			 r->name, r->hdr->line, r->m.preset);
		goto fail;
	}
	if (!(r->order = calloc(r->hdr->n, sizeof(*r->order)))) {
		tix_errf(err, "out of memory");
		goto fail;
	}
	r->gen_ids = r->m.col[TIX_F_EXT_ID][0] < 0 && !r->m.constval[TIX_F_EXT_ID];
	if (first_pass(r, o, err) < 0)
		goto fail;
	return r;
fail:
	tix_reader_close(r);
	return NULL;
}

const char *tix_reader_name(const struct tix_reader *r)
{
	return r->name;
}

const struct tix_mapping *tix_reader_mapping(const struct tix_reader *r)
{
	return &r->m;
}

const struct tix_csvin_info *tix_reader_info(const struct tix_reader *r)
{
	return tix_csvin_info(r->in);
}

/* tix-ingest's id for a row of a file without an id column. */
static int gen_id(struct tix_reader *r, const struct tix_record *rec, struct tix_ticket *t)
{
	uint64_t h = 0;
	size_t i;
	long k, *c;

	for (i = 0; i < rec->n; i++) {
		h = tix_hash64(h, rec->f[i], rec->len[i]);
		h = tix_hash64(h, "\x1f", 1);
	}
	if (!(c = tix_counts_slot(&r->seen, h)))
		return -1;
	k = (*c)++;
	if (k)
		snprintf(t->id, sizeof(t->id), "h%016llx-%ld", (unsigned long long)h, k);
	else
		snprintf(t->id, sizeof(t->id), "h%016llx", (unsigned long long)h);
	t->idp = t->id;
	t->idn = strlen(t->id);
	return 0;
}

int tix_reader_next(struct tix_reader *r, struct tix_ticket *t, char *err)
{
	struct tix_record *rec;
	int got, f, col;

	for (;;) {
		if ((got = tix_csvin_next(r->in, &rec, err)) <= 0)
			return got;
		memset(t, 0, offsetof(struct tix_ticket, why));
		t->why[0] = '\0';
		t->line = rec->line;
		t->end_line = rec->end_line;
		t->raw = rec->raw;
		t->rawlen = rec->rawlen;
		if (rec->problem != TIX_REC_OK) {
			t->problem = t->fatal = 1;
			snprintf(t->why, sizeof(t->why), "%s", rec->why);
			return 1;
		}
		for (f = 0; f < TIX_NFIELDS; f++)
			if (field(r, rec, f, &t->f[f], &t->n[f], &col) && f == TIX_F_CREATED) {
				enum tix_dord ord = col >= 0 ? r->order[col] : TIX_DORD_UNKNOWN;

				if (tix_time_parse(t->f[f], t->n[f], ord, 0, 0, &t->created) == 0) {
					t->has_created = 1;
				} else {
					t->problem = 1;
					snprintf(t->why, sizeof(t->why),
						 "unparseable date in created (\"%.40s\"): \"%.*s\"",
						 col >= 0 ? r->hdr->f[col] : "",
						 (int)(t->n[f] > 60 ? 60 : t->n[f]), t->f[f]);
				}
			}
		if (r->gen_ids) {
			if (gen_id(r, rec, t) < 0)
				return tix_errf(err, "out of memory");
		} else if (t->f[TIX_F_EXT_ID] && t->n[TIX_F_EXT_ID]) {
			t->idp = t->f[TIX_F_EXT_ID];
			t->idn = t->n[TIX_F_EXT_ID];
			long *c = tix_counts_slot(&r->ids, id_hash(r, rec));

			if (!c)
				return tix_errf(err, "out of memory");
			if (--*c > 0)
				continue;	/* not the ticket's last row */
		} else {
			t->problem = t->fatal = 1;
			snprintf(t->why, sizeof(t->why), "no ticket id (column \"%.60s\" is empty)",
				 r->m.col[TIX_F_EXT_ID][0] >= 0 ? r->hdr->f[r->m.col[TIX_F_EXT_ID][0]]
								 : "");
		}
		return 1;
	}
}

void tix_reader_close(struct tix_reader *r)
{
	if (!r)
		return;
	if (r->in)
		tix_csvin_close(r->in);
	tix_mapping_release(&r->m);
	free(r->order);
	tix_counts_release(&r->ids);
	tix_counts_release(&r->seen);
	free(r);
}
