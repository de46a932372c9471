/* patlist.c - the stored patterns over a period; see patlist.h. */
#include "patlist.h"

#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "store.h"

/* ---------- the text of a ticket ---------- */

/* a greeting: a line of at most four words that ends in a comma ("Hi
   there,", "Dear Support,") */
static int greeting(const char *s, size_t n)
{
	size_t i, words = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || s[n - 1] != ',')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
			words++;
	return words <= 4;
}

/* the first line of s[0 .. n) with something other than white space in
   it and not a greeting, without its line end (a greeting when there is
   nothing else) */
static const char *first_line(const char *s, size_t n, size_t *len)
{
	const char *greet = NULL;
	size_t i = 0, glen = 0;

	while (i < n) {
		size_t e = i, j, le;
		int blank = 1;

		while (e < n && s[e] != '\n')
			e++;
		for (j = i; j < e; j++)
			if (s[j] != ' ' && s[j] != '\t' && s[j] != '\r' && s[j] != '\f' &&
			    s[j] != '\v') {
				blank = 0;
				break;
			}
		le = e;
		while (le > i && s[le - 1] == '\r')
			le--;
		if (!blank && !greeting(s + i, le - i)) {
			*len = le - i;
			return s + i;
		}
		if (!blank && !greet) {
			greet = s + i;
			glen = le - i;
		}
		i = e + 1;
	}
	*len = glen;
	return greet ? greet : s;
}

int tix_pattern_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] > ' ' && s[i] != 0x7f)
			return 0;
	return 1;
}

const char *tix_pattern_text(enum tix_pattern_field f, const char *subject, size_t ns,
			     const char *body, size_t nb, struct tix_buf *buf, size_t *len)
{
	const char *line;

	if (f == TIX_PF_SUBJECT) {
		*len = subject ? ns : 0;
		return subject ? subject : "";
	}
	line = first_line(body ? body : "", body ? nb : 0, len);
	if (f == TIX_PF_BODY)
		return line;
	tix_buf_reset(buf);
	if (tix_buf_add(buf, subject ? subject : "", subject ? ns : 0) < 0 ||
	    tix_buf_addc(buf, ' ') < 0 || tix_buf_add(buf, line, *len) < 0)
		return NULL;
	*len = buf->len;
	return buf->s;
}

/* ---------- the listing ---------- */

/* one ticket of the period */
struct seen {
	long pattern;
	uint32_t requester, category;	/* UINT32_MAX: none */
	int64_t created, ticket;
};

static int by_pattern_requester(const void *pa, const void *pb)
{
	const struct seen *a = pa, *b = pb;

	if (a->pattern != b->pattern)
		return a->pattern < b->pattern ? -1 : 1;
	if (a->requester != b->requester)
		return a->requester < b->requester ? -1 : 1;
	if (a->created != b->created)
		return a->created < b->created ? -1 : 1;
	return a->ticket < b->ticket ? -1 : a->ticket > b->ticket;
}

static int by_pattern_category(const void *pa, const void *pb)
{
	const struct seen *a = pa, *b = pb;

	if (a->pattern != b->pattern)
		return a->pattern < b->pattern ? -1 : 1;
	if (a->category != b->category)
		return a->category < b->category ? -1 : 1;
	return 0;
}

/* one pattern of the period */
struct listed {
	long pattern;
	size_t tickets, requesters;
	int64_t first, last, example;	/* example: a ticket id */
	int64_t first_ever;
	int met;			/* first_ever known */
	uint32_t category;
	size_t catn;
};

static int by_tickets(const void *pa, const void *pb)
{
	const struct listed *a = pa, *b = pb;

	if (a->tickets != b->tickets)
		return a->tickets < b->tickets ? 1 : -1;
	return a->pattern < b->pattern ? -1 : a->pattern > b->pattern;
}

static int by_pattern_of(const void *pa, const void *pb)
{
	const struct listed *a = *(const struct listed *const *)pa;
	const struct listed *b = *(const struct listed *const *)pb;

	return a->pattern < b->pattern ? -1 : a->pattern > b->pattern;
}

/* what a table owns */
struct strings {
	struct tix_intern cat;		/* the categories */
	struct tix_buf text;		/* templates and examples, each NUL-ended */
};

static int sql_err(struct tix_store *s, char *err)
{
	return tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
}

static int oom(char *err)
{
	return tix_errf(err, "out of memory");
}

/* The tickets of [lo, hi) that have a pattern into *v. */
static int load_period(struct tix_store *s, int64_t lo, int64_t hi, struct tix_intern *req,
		       struct tix_intern *cat, struct seen **v, size_t *n, char *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (tix_store_prepare(s, &st, "SELECT tp.pattern, t.requester, t.category, t.created, t.id"
			      " FROM ticket t JOIN ticket_pattern tp ON tp.ticket_id = t.id"
			      " WHERE t.created >= ?1 AND t.created < ?2", err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct seen *e;
		long id;

		if (*n == cap) {
			size_t c = cap ? 2 * cap : 1024;
			struct seen *p = realloc(*v, c * sizeof(*p));

			if (!p)
				goto nomem;
			*v = p;
			cap = c;
		}
		e = &(*v)[(*n)++];
		e->pattern = (long)sqlite3_column_int64(st, 0);
		e->requester = e->category = UINT32_MAX;
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			if ((id = tix_intern(req, (const char *)sqlite3_column_text(st, 1),
					     (size_t)sqlite3_column_bytes(st, 1))) < 0)
				goto nomem;
			e->requester = (uint32_t)id;
		}
		if (sqlite3_column_type(st, 2) != SQLITE_NULL && sqlite3_column_bytes(st, 2) > 0) {
			if ((id = tix_intern(cat, (const char *)sqlite3_column_text(st, 2),
					     (size_t)sqlite3_column_bytes(st, 2))) < 0)
				goto nomem;
			e->category = (uint32_t)id;
		}
		e->created = sqlite3_column_int64(st, 3);
		e->ticket = sqlite3_column_int64(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_err(s, err);
	return 0;
nomem:
	sqlite3_finalize(st);
	return oom(err);
}

/* Per pattern of v[0 .. n): tickets, requesters, first and last, the
   example (the first ticket), then the most frequent category.  Reorders
   v; the number of patterns, written to l (room for n). */
static size_t summarise(struct seen *v, size_t n, const struct tix_intern *cat,
			struct listed *l)
{
	size_t nl = 0, i, j;

	if (n)
		qsort(v, n, sizeof(*v), by_pattern_requester);
	for (i = 0; i < n; i = j) {
		struct listed *p = &l[nl++];

		p->pattern = v[i].pattern;
		p->first = v[i].created;
		p->example = v[i].ticket;
		p->last = v[i].created;
		p->category = UINT32_MAX;
		for (j = i; j < n && v[j].pattern == v[i].pattern; j++) {
			p->tickets++;
			if (v[j].requester != UINT32_MAX &&
			    (j == i || v[j].requester != v[j - 1].requester))
				p->requesters++;
			if (v[j].created < p->first ||
			    (v[j].created == p->first && v[j].ticket < p->example)) {
				p->first = v[j].created;
				p->example = v[j].ticket;
			}
			if (v[j].created > p->last)
				p->last = v[j].created;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), by_pattern_category);
	for (i = 0, nl = 0; i < n; i = j) {
		struct listed *p = &l[nl++];

		for (j = i; j < n && v[j].pattern == v[i].pattern;) {
			size_t k = j;

			while (k < n && v[k].pattern == v[j].pattern && v[k].category == v[j].category)
				k++;
			/* the most tickets; ties: the first name in byte order */
			if (v[j].category != UINT32_MAX &&
			    (k - j > p->catn ||
			     (k - j == p->catn &&
			      strcmp(tix_intern_str(cat, v[j].category),
				     tix_intern_str(cat, p->category)) < 0))) {
				p->catn = k - j;
				p->category = v[j].category;
			}
			j = k;
		}
	}
	return nl;
}

/*
 * first_ever of l[0 .. n).  A pattern whose tickets are all in the period
 * (counted on the index of ticket_pattern(pattern), at most its tickets of
 * the period + 1 entries) has none before lo: its first of the period is
 * its first ever.  For the others, the tickets created before lo, oldest
 * first (the index on ticket(created), then ticket_pattern's key), until
 * each has been met; one not met has no ticket before lo either.  So the
 * cost is a pass over the period's tickets in an index, then a scan that
 * stops as soon as the old patterns have appeared, and goes on to lo only
 * when a pattern new in the period also has tickets after it (or without
 * a time).
 */
static int first_ever(struct tix_store *s, int64_t lo, struct listed *l, size_t n, char *err)
{
	struct listed **by = NULL;
	sqlite3_stmt *st = NULL;
	size_t left = n, i;
	int rc = SQLITE_DONE, ret = -1;

	for (i = 0; i < n; i++) {
		l[i].first_ever = l[i].first;
		l[i].met = 0;
	}
	if (!n || lo == INT64_MIN)
		return 0;
	if (tix_store_prepare(s, &st, "SELECT count(*) FROM (SELECT 1 FROM ticket_pattern"
			      " WHERE pattern = ?1 LIMIT ?2)", err) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, l[i].pattern);
		sqlite3_bind_int64(st, 2, (int64_t)l[i].tickets + 1);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sql_err(s, err);
			goto done;
		}
		if (sqlite3_column_int64(st, 0) <= (int64_t)l[i].tickets) {
			l[i].met = 1;	/* all in the period */
			left--;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!left) {
		ret = 0;
		goto done;
	}
	if (!(by = malloc(left * sizeof(*by)))) {
		oom(err);
		goto done;
	}
	for (i = 0, left = 0; i < n; i++)
		if (!l[i].met)
			by[left++] = &l[i];
	n = left;
	qsort(by, n, sizeof(*by), by_pattern_of);
	/* CROSS JOIN: ticket outside, in created order, so the scan can stop */
	if (tix_store_prepare(s, &st, "SELECT tp.pattern, t.created FROM ticket t"
			      " CROSS JOIN ticket_pattern tp ON tp.ticket_id = t.id"
			      " WHERE t.created < ?1 ORDER BY t.created", err) < 0)
		goto done;
	sqlite3_bind_int64(st, 1, lo);
	while (left && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		long pat = (long)sqlite3_column_int64(st, 0);
		size_t a = 0, b = n;

		while (a < b) {
			size_t m = a + (b - a) / 2;

			if (by[m]->pattern < pat)
				a = m + 1;
			else
				b = m;
		}
		if (a < n && by[a]->pattern == pat && !by[a]->met) {
			by[a]->met = 1;
			by[a]->first_ever = sqlite3_column_int64(st, 1);
			left--;
		}
	}
	if (left && rc != SQLITE_DONE) {
		sql_err(s, err);
		goto done;
	}
	ret = 0;
done:
	sqlite3_finalize(st);
	free(by);
	return ret;
}

/* s[0 .. n) into the arena, NUL-ended; its offset in *off, or -1 */
static int keep(struct tix_buf *b, const char *s, size_t n, size_t *off)
{
	*off = b->len;
	return tix_buf_add(b, s, n) < 0 || tix_buf_addc(b, '\0') < 0 ? -1 : 0;
}

int tix_patterns_list(struct tix_store *s, enum tix_pattern_field f, int64_t lo, int64_t hi,
		      long top, int new_only, struct tix_pattern_table *out, char *err)
{
	struct strings *str;
	struct tix_intern req;
	struct seen *v = NULL;
	struct listed *l = NULL;
	size_t n = 0, nl, nask, i, k, len, *tpl_off = NULL, *ex_off = NULL;
	sqlite3_stmt *tpl = NULL, *ex = NULL;
	struct tix_buf buf;
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if (!(str = malloc(sizeof(*str))))
		return oom(err);
	tix_intern_init(&str->cat);
	tix_buf_init(&str->text, SIZE_MAX);
	out->priv = str;
	tix_intern_init(&req);
	tix_buf_init(&buf, SIZE_MAX);
	if (load_period(s, lo, hi, &req, &str->cat, &v, &n, err) < 0)
		goto done;
	if (!(l = calloc(n ? n : 1, sizeof(*l)))) {
		oom(err);
		goto done;
	}
	nl = summarise(v, n, &str->cat, l);
	if (nl)
		qsort(l, nl, sizeof(*l), by_tickets);
	/* first_ever: of the rows returned, or of every pattern when the new
	   ones are picked by it */
	nask = !new_only && top >= 0 && (size_t)top < nl ? (size_t)top : nl;
	if (first_ever(s, lo, l, nask, err) < 0)
		goto done;
	if (new_only) {
		for (i = k = 0; i < nl; i++)
			if (l[i].first_ever >= lo)
				l[k++] = l[i];
		nl = k;
	}
	if (top >= 0 && (size_t)top < nl)
		nl = (size_t)top;

	/* the template and the example's text of each */
	out->row = calloc(nl ? nl : 1, sizeof(*out->row));
	tpl_off = malloc((nl ? nl : 1) * sizeof(*tpl_off));
	ex_off = malloc((nl ? nl : 1) * sizeof(*ex_off));
	if (!out->row || !tpl_off || !ex_off) {
		oom(err);
		goto done;
	}
	if (tix_store_prepare(s, &tpl, "SELECT template FROM pattern WHERE id = ?1", err) < 0 ||
	    tix_store_prepare(s, &ex, "SELECT subject, body FROM ticket WHERE id = ?1", err) < 0)
		goto done;
	for (i = 0; i < nl; i++) {
		const struct listed *p = &l[i];
		struct tix_pattern_row *r = &out->row[i];

		r->pattern = p->pattern;
		r->tickets = p->tickets;
		r->requesters = p->requesters;
		r->first = p->first;
		r->last = p->last;
		r->first_ever = p->first_ever;
		r->example = p->example;
		r->top_category = NULL;
		tpl_off[i] = ex_off[i] = SIZE_MAX;
		sqlite3_bind_int64(tpl, 1, p->pattern);
		if ((rc = sqlite3_step(tpl)) == SQLITE_ROW) {
			if (sqlite3_column_type(tpl, 0) != SQLITE_NULL &&
			    keep(&str->text, (const char *)sqlite3_column_text(tpl, 0),
				 (size_t)sqlite3_column_bytes(tpl, 0), &tpl_off[i]) < 0) {
				oom(err);
				goto done;
			}
		} else if (rc != SQLITE_DONE) {
			sql_err(s, err);
			goto done;
		}
		sqlite3_reset(tpl);
		sqlite3_bind_int64(ex, 1, p->example);
		if ((rc = sqlite3_step(ex)) == SQLITE_ROW) {
			const char *t = tix_pattern_text(f, (const char *)sqlite3_column_text(ex, 0),
							 (size_t)sqlite3_column_bytes(ex, 0),
							 (const char *)sqlite3_column_text(ex, 1),
							 (size_t)sqlite3_column_bytes(ex, 1), &buf, &len);

			if (!t || keep(&str->text, t, len, &ex_off[i]) < 0) {
				oom(err);
				goto done;
			}
		} else if (rc != SQLITE_DONE) {
			sql_err(s, err);
			goto done;
		}
		sqlite3_reset(ex);
		out->n = i + 1;
	}
	/* the arena has stopped moving: its strings can be pointed at */
	for (i = 0; i < out->n; i++) {
		struct tix_pattern_row *r = &out->row[i];

		r->template = tpl_off[i] == SIZE_MAX ? NULL : str->text.s + tpl_off[i];
		r->example_text = ex_off[i] == SIZE_MAX ? NULL : str->text.s + ex_off[i];
		r->top_category = l[i].category == UINT32_MAX ? NULL
			: tix_intern_str(&str->cat, l[i].category);
	}
	ret = 0;
done:
	if (ret < 0)
		out->n = 0;
	sqlite3_finalize(tpl);
	sqlite3_finalize(ex);
	free(tpl_off);
	free(ex_off);
	free(v);
	free(l);
	tix_intern_release(&req);
	tix_buf_release(&buf);
	return ret;
}

void tix_pattern_table_free(struct tix_pattern_table *t)
{
	struct strings *str = t->priv;

	if (str) {
		tix_intern_release(&str->cat);
		tix_buf_release(&str->text);
		free(str);
	}
	free(t->row);
	memset(t, 0, sizeof(*t));
}
