/* reader.c - an export read as tickets, without a database. */
#include "reader.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colsniff.h"
#include "timeparse.h"
#include "tix.h"

/* Rows per ticket id: open addressing on the id's hash. */
struct idcount {
	uint64_t h;
	long n;
};

struct tix_reader {
	struct tix_csvin *in;
	const char *name;
	const struct tix_record *hdr;
	struct tix_mapping m;
	enum tix_dord *order;	/* per column */
	struct idcount *ids;
	size_t nids, cap;
	int count_ids;
	int gen_ids;		/* no id column: ids from the row's content */
	struct idcount *seen;	/* generated ids so far (for -k suffixes) */
	size_t nseen, seencap;
};

static long *slot(struct idcount **t, size_t *n, size_t *cap, uint64_t h)
{
	size_t k, mask;

	if ((*n + 1) * 2 > *cap) {
		size_t nc = *cap ? *cap * 2 : 1024, i;
		struct idcount *nt = calloc(nc, sizeof(*nt));

		if (!nt)
			return NULL;
		for (i = 0; i < *cap; i++)
			if ((*t)[i].h) {
				for (k = (size_t)(*t)[i].h & (nc - 1); nt[k].h; k = (k + 1) & (nc - 1))
					;
				nt[k] = (*t)[i];
			}
		free(*t);
		*t = nt;
		*cap = nc;
	}
	mask = *cap - 1;
	for (k = (size_t)h & mask; (*t)[k].h; k = (k + 1) & mask)
		if ((*t)[k].h == h)
			return &(*t)[k].n;
	(*t)[k].h = h;
	(*n)++;
	return &(*t)[k].n;
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' ||
		      (*s)[*n - 1] == '\n'))
		(*n)--;
}

/* "848.0" -> "848", as tix-ingest keeps ids. */
static size_t id_len(const char *s, size_t n)
{
	size_t i, dot = n;

	for (i = 0; i < n; i++) {
		if (s[i] == '.' && dot == n)
			dot = i;
		else if (s[i] < '0' || s[i] > '9')
			return n;
	}
	if (dot == n || dot == 0)
		return n;
	for (i = dot + 1; i < n; i++)
		if (s[i] != '0')
			return n;
	return dot;
}

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
				trim(s, n);
			if (f == TIX_F_EXT_ID)
				*n = id_len(*s, *n);
			return 1;
		}
	}
	return 0;
}

static uint64_t id_hash(const struct tix_reader *r, const struct tix_record *rec)
{
	const char *s;
	size_t n;
	int col;

	if (!field(r, rec, TIX_F_EXT_ID, &s, &n, &col))
		return 0;
	return tix_hash64(0, s, n) | 1;
}

#define MAXCAND 4

/*
 * For a layout only guessed (generic), several columns may look like the
 * id: as tix-ingest does, take the first whose values never repeat, so
 * that the same rows are one ticket here and there.
 */
static int choose_id(struct tix_reader *r, char *err)
{
	struct idcount *t[MAXCAND] = { NULL };
	size_t n[MAXCAND] = { 0 }, cap[MAXCAND] = { 0 };
	int cand[MAXCAND], dup[MAXCAND] = { 0 }, nc = 0, c, got, pick = 0, rc = -1;
	struct tix_record *rec;

	while (nc < MAXCAND && r->m.col[TIX_F_EXT_ID][nc] >= 0) {
		cand[nc] = r->m.col[TIX_F_EXT_ID][nc];
		nc++;
	}
	if (nc < 2)
		return 0;
	while ((got = tix_csvin_next(r->in, &rec, err)) > 0) {
		if (rec->problem != TIX_REC_OK)
			continue;
		for (c = 0; c < nc; c++) {
			const char *v;
			size_t vn;
			long *k;

			if ((size_t)cand[c] >= rec->n)
				continue;
			v = rec->f[cand[c]];
			vn = rec->len[cand[c]];
			if (tix_is_null(v, vn))
				continue;
			trim(&v, &vn);
			vn = id_len(v, vn);
			if (!(k = slot(&t[c], &n[c], &cap[c], tix_hash64(0, v, vn) | 1))) {
				tix_errf(err, "out of memory");
				goto out;
			}
			if ((*k)++)
				dup[c] = 1;
		}
	}
	if (got < 0)
		goto out;
	for (c = 0; c < nc && dup[c]; c++)
		;
	pick = c < nc ? c : 0;
	r->m.col[TIX_F_EXT_ID][0] = cand[pick];
	r->m.col[TIX_F_EXT_ID][1] = -1;
	rc = tix_csvin_rewind(r->in, err);
out:
	for (c = 0; c < nc; c++)
		free(t[c]);
	return rc;
}

static int first_pass(struct tix_reader *r, const struct tix_reader_opts *o, char *err)
{
	struct tix_colsniff cs;
	struct tix_record *rec;
	enum tix_dord forced = o->date_order ? (enum tix_dord)o->date_order
					     : (enum tix_dord)r->m.date_order;
	int got, settled = 0, k, rc = -1;

	if (tix_colsniff_init(&cs, r->hdr->n) < 0)
		return tix_errf(err, "out of memory");
	while ((got = tix_csvin_next(r->in, &rec, err)) > 0) {
		if (!settled) {
			tix_colsniff_feed(&cs, rec);
			settled = tix_colsniff_settled(&cs);
		}
		if (r->count_ids && rec->problem == TIX_REC_OK) {
			uint64_t h = id_hash(r, rec);
			long *c;

			if (h) {
				if (!(c = slot(&r->ids, &r->nids, &r->cap, h))) {
					tix_errf(err, "out of memory");
					goto out;
				}
				++*c;
			}
		}
		if (settled && !r->count_ids)
			break;
	}
	if (got < 0)
		goto out;
	for (k = 0; r->m.col[TIX_F_CREATED][k] >= 0; k++) {
		int c = r->m.col[TIX_F_CREATED][k];

		if (tix_colsniff_order(&cs, (size_t)c, forced, &r->order[c]) == TIX_ORDER_AMBIGUOUS) {
			tix_errf(err, "%s: column \"%s\" has dates like %s that read both day-first "
				 "and month-first from start to end; say --date-order dmy or "
				 "--date-order mdy", r->name, r->hdr->f[c], cs.c[c].ambig_sample);
			goto out;
		}
	}
	rc = tix_csvin_rewind(r->in, err);
out:
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
	r->count_ids = !r->gen_ids;
	if ((!strcmp(r->m.preset, "generic") && !r->gen_ids && choose_id(r, err) < 0) ||
	    first_pass(r, o, err) < 0)
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
	if (!(c = slot(&r->seen, &r->nseen, &r->seencap, h | 1)))
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
			if (r->count_ids) {
				long *c = slot(&r->ids, &r->nids, &r->cap, id_hash(r, rec));

				if (!c)
					return tix_errf(err, "out of memory");
				if (--*c > 0)
					continue;	/* not the ticket's last row */
			}
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
	free(r->ids);
	free(r->seen);
	free(r);
}
