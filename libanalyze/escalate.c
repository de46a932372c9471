/* escalate.c - triage with the ticket database: history and follow-up. */
#include "escalate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tix.h"

#define MAX_LOOK 500	/* earlier tickets read per requester or account */

struct tix_history {
	struct tix_store *s;
	const struct tix_lexicon *lx;
	const struct tix_severity *sv;
	const struct tix_pseudo *p;
	struct tix_triager *t;
	sqlite3_stmt *by_req, *by_words;
	struct tix_buf q;
};

static int sql_err(struct tix_history *h, char *err)
{
	return tix_errf(err, "%s: %s", h->s->path, sqlite3_errmsg(h->s->db));
}

struct tix_history *tix_history_new(struct tix_store *s, const struct tix_lexicon *lx,
				    const struct tix_severity *sv, const struct tix_pseudo *p,
				    char *err)
{
	struct tix_history *h = calloc(1, sizeof(*h));

	if (!h) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	h->s = s;
	h->lx = lx;
	h->sv = sv;
	h->p = p;
	tix_buf_init(&h->q, 4096);
	if (!(h->t = tix_triager_new(lx, sv, 0, err)))
		goto fail;
	if (tix_store_prepare(s, &h->by_req,
			      "SELECT ext_id, subject, body, created FROM ticket"
			      " WHERE requester = ?1 ORDER BY created DESC LIMIT 5000", err) < 0 ||
	    tix_store_prepare(s, &h->by_words,
			      "SELECT t.ext_id, t.subject, t.body, t.created FROM ticket t"
			      " WHERE t.id IN (SELECT rowid FROM ticket_fts WHERE ticket_fts MATCH ?1)"
			      " AND t.created < ?2 AND t.created >= ?3"
			      " ORDER BY t.created DESC LIMIT 5000", err) < 0)
		goto fail;
	return h;
fail:
	tix_history_free(h);
	return NULL;
}

void tix_history_free(struct tix_history *h)
{
	if (!h)
		return;
	sqlite3_finalize(h->by_req);
	sqlite3_finalize(h->by_words);
	tix_triager_free(h->t);
	tix_buf_release(&h->q);
	free(h);
}

static const char *col_text(sqlite3_stmt *st, int i, size_t *n)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	*n = s ? (size_t)sqlite3_column_bytes(st, i) : 0;
	return s;
}

/* Does hay[0..n) hold needle (case-blind for ASCII)? */
static int has_word(const char *hay, size_t n, const char *needle, size_t nn)
{
	size_t i;

	if (!hay || nn == 0 || nn > n)
		return 0;
	for (i = 0; i + nn <= n; i++)
		if (!strncasecmp(hay + i, needle, nn) &&
		    (i + nn == n || !((hay[i + nn] >= 'a' && hay[i + nn] <= 'z') ||
				      (hay[i + nn] >= 'A' && hay[i + nn] <= 'Z') ||
				      (hay[i + nn] >= '0' && hay[i + nn] <= '9') ||
				      hay[i + nn] == '_' || hay[i + nn] == '.')))
			return 1;
	return 0;
}

/* Add the risks of r to the comma list b, each once. */
static void add_risks(char *b, size_t cap, const char *risks)
{
	const char *p = risks;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p), bl = strlen(b);
		const char *q = b;
		int have = 0;

		while (*q) {
			const char *qe = strchr(q, ',');
			size_t qn = qe ? (size_t)(qe - q) : strlen(q);

			if (qn == n && !strncmp(q, p, n))
				have = 1;
			q += qn + (qe ? 1 : 0);
		}
		if (!have && bl + n + 2 < cap) {
			if (bl)
				b[bl++] = ',';
			memcpy(b + bl, p, n);
			b[bl + n] = '\0';
		}
		p += n + (e ? 1 : 0);
	}
}

static int requester_history(struct tix_history *h, const char *id, size_t idn,
			     const char *req, size_t rn, int64_t created, int has_created,
			     int64_t span, struct tix_hist_result *out, char *err)
{
	char look[TIX_PSEUDO_LEN + 1];
	sqlite3_stmt *st = h->by_req;
	int rc;

	if (h->p) {
		tix_pseudo_id(h->p, req, rn, look);
		req = look;
		rn = TIX_PSEUDO_LEN;
	}
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, req, (int)rn, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t en, sn, bn;
		const char *eid = col_text(st, 0, &en);
		const char *subj = col_text(st, 1, &sn), *body = col_text(st, 2, &bn);
		int64_t t = sqlite3_column_int64(st, 3);
		const struct tix_triage *r;

		if (eid && en == idn && !memcmp(eid, id, idn))
			continue;
		if (has_created && (sqlite3_column_type(st, 3) == SQLITE_NULL || t >= created))
			continue;
		out->prior_tickets++;
		if (out->prior_tickets > MAX_LOOK)
			continue;
		if (!(r = tix_triage_run(h->t, subj, sn, body, bn, err)))
			return -1;
		if (!*r->risks)
			continue;
		add_risks(out->prior_risks, sizeof(out->prior_risks), r->risks);
		if (!has_created || t >= created - span)
			out->prior_flagged++;
	}
	if (rc != SQLITE_DONE)
		return sql_err(h, err);
	return 0;
}

/* Earlier flagged tickets naming the account handle. */
static int target_history(struct tix_history *h, const char *id, size_t idn, const char *hd,
			  size_t hn, int64_t created, int has_created, int64_t span, long *count,
			  char *err)
{
	sqlite3_stmt *st = h->by_words;
	size_t i, words = 0;
	int rc;

	*count = 0;
	while (hn && (*hd == '@' || *hd == '/')) {
		hd++;
		hn--;
	}
	/* the account's letters and digits, as the full-text index splits them */
	tix_buf_reset(&h->q);
	for (i = 0; i < hn;) {
		size_t j = i;

		while (j < hn && ((hd[j] >= 'a' && hd[j] <= 'z') || (hd[j] >= 'A' && hd[j] <= 'Z') ||
				  (hd[j] >= '0' && hd[j] <= '9') || (unsigned char)hd[j] >= 0x80))
			j++;
		if (j > i) {
			if ((words++ && tix_buf_adds(&h->q, " AND ") < 0) ||
			    tix_buf_addc(&h->q, '"') < 0 || tix_buf_add(&h->q, hd + i, j - i) < 0 ||
			    tix_buf_addc(&h->q, '"') < 0)
				return tix_errf(err, "out of memory");
			i = j;
		} else {
			i++;
		}
	}
	if (!words || hn < 3)
		return 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, h->q.s, (int)h->q.len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, has_created ? created : INT64_MAX);
	sqlite3_bind_int64(st, 3, has_created ? created - span : INT64_MIN);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t en, sn, bn;
		const char *eid = col_text(st, 0, &en);
		const char *subj = col_text(st, 1, &sn), *body = col_text(st, 2, &bn);
		const struct tix_triage *r;

		if (eid && en == idn && !memcmp(eid, id, idn))
			continue;
		if (!has_word(subj, sn, hd, hn) && !has_word(body, bn, hd, hn))
			continue;
		if (!(r = tix_triage_run(h->t, subj, sn, body, bn, err)))
			return -1;
		if (*r->risks && ++*count >= MAX_LOOK)
			break;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_err(h, err);
	return 0;
}

int tix_history_apply(struct tix_history *h, const char *id, size_t idn, const char *requester,
		      size_t rn, int64_t created, int has_created, const struct tix_triage *r,
		      struct tix_hist_result *out, char *err)
{
	const struct tix_repeat *rq = &h->sv->rep_requester, *rt = &h->sv->rep_target;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->level = r->level;
	if (requester && rn &&
	    requester_history(h, id, idn, requester, rn, created, has_created,
			      rq->span ? rq->span : 30 * 86400, out, err) < 0)
		return -1;
	for (i = 0; i < r->ntargets; i++) {
		long c;

		if (target_history(h, id, idn, r->target[i], r->target_len[i], created, has_created,
				   rt->span ? rt->span : 30 * 86400, &c, err) < 0)
			return -1;
		if (c > out->target_reports) {
			out->target_reports = c;
			snprintf(out->target, sizeof(out->target), "%.*s",
				 (int)(r->target_len[i] < 60 ? r->target_len[i] : 60), r->target[i]);
		}
	}
	/* one level up for either rule, never past its ceiling */
	/* the requester rule raises a ticket with a risk of its own only: a
	   password question is no more urgent for who asks it */
	if (rq->n && *r->risks && out->prior_flagged >= rq->n && out->level > rq->ceiling) {
		out->level--;
		snprintf(out->reason, sizeof(out->reason),
			 "history \"%ld earlier flagged tickets from this requester in %lld days\"",
			 out->prior_flagged, (long long)(rq->span / 86400));
	} else if (rt->n && out->target_reports >= rt->n && out->level > rt->ceiling) {
		out->level--;
		snprintf(out->reason, sizeof(out->reason),
			 "history \"%s named in %ld earlier flagged tickets in %lld days\"",
			 out->target, out->target_reports, (long long)(rt->span / 86400));
	}
	return 0;
}

long tix_open_escalations(struct tix_store *s, const struct tix_lexicon *lx,
			  const struct tix_severity *sv, int64_t now, int max_level,
			  int (*cb)(void *ctx, const struct tix_open_row *row), void *ctx,
			  char *err)
{
	sqlite3_stmt *st;
	struct tix_triager *t;
	long found = 0;
	int rc;

	if (!(t = tix_triager_new(lx, sv, 0, err)))
		return -1;
	if (tix_store_prepare(s, &st,
			      "SELECT ext_id, source, subject, body, status, assignee, created"
			      " FROM ticket WHERE (status IS NULL OR status NOT IN ('solved', 'closed'))"
			      " AND created IS NOT NULL AND created < ?1"
			      " ORDER BY created, id", err) < 0) {
		tix_triager_free(t);
		return -1;
	}
	/* the shortest target bounds what can be overdue by now */
	sqlite3_bind_int64(st, 1, now - sv->target[0]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t sn, bn, dummy;
		const char *subj = col_text(st, 2, &sn), *body = col_text(st, 3, &bn);
		const struct tix_triage *r = tix_triage_run(t, subj, sn, body, bn, err);
		struct tix_open_row row;

		if (!r) {
			found = -1;
			break;
		}
		if (r->level > max_level)
			continue;
		row.created = sqlite3_column_int64(st, 6);
		row.due = row.created + sv->target[r->level];
		if (row.due >= now)
			continue;
		row.id = col_text(st, 0, &dummy);
		row.source = col_text(st, 1, &dummy);
		row.subject = subj;
		row.status = col_text(st, 4, &dummy);
		row.assignee = col_text(st, 5, &dummy);
		row.team = r->team;
		row.risks = r->risks;
		row.reasons = r->reasons;
		row.level = r->level;
		found++;
		if (cb && cb(ctx, &row))
			break;
	}
	if (found >= 0 && rc != SQLITE_DONE && rc != SQLITE_ROW) {
		tix_errf(err, "%s: %s", s->path, sqlite3_errmsg(s->db));
		found = -1;
	}
	sqlite3_finalize(st);
	tix_triager_free(t);
	return found;
}
