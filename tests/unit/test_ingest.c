/* test_ingest.c - the upsert rules, history, hash ids and dry runs of ingest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"
#include "store.h"
#include "tix.h"
#include "unit.h"

static char tmpl[] = "/tmp/tix-ingest-XXXXXX";
static char dir[64];

static const char *write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "wb");
	if (!fp)
		return NULL;
	fputs(text, fp);
	fclose(fp);
	return path;
}

static long long q(struct tix_store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -999;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char qs_buf[256];
static const char *qs(struct tix_store *s, const char *sql)
{
	sqlite3_stmt *st;

	snprintf(qs_buf, sizeof(qs_buf), "<none>");
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return "<bad sql>";
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(qs_buf, sizeof(qs_buf), "%s",
			 sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "NULL");
	sqlite3_finalize(st);
	return qs_buf;
}

/* FTS5's own check that ticket_fts matches the ticket table: SQLITE_OK */
static int fts_check(struct tix_store *s)
{
	return sqlite3_exec(s->db, "INSERT INTO ticket_fts(ticket_fts) VALUES ('integrity-check')",
			    NULL, NULL, NULL);
}

static int rejects;
static void on_reject(void *ctx, const char *file, long line, const char *why)
{
	(void)ctx; (void)file; (void)line; (void)why;
	rejects++;
}

#define ZD_HDR "Id,Subject,Status,Priority,Requester email,Created at,Updated at,Tags,Custom thing\n"

int main(void)
{
	char err[TIX_ERRSZ];
	struct tix_ingest_opts o;
	struct tix_ingest_counts c;
	struct tix_store *s;
	const char *p;
	int rc;

	if (!mkdtemp(tmpl))
		return 1;
	snprintf(dir, sizeof(dir), "%s", tmpl);
	memset(&o, 0, sizeof(o));
	o.on_reject = on_reject;
	s = tix_store_open(":memory:", TIX_STORE_CREATE, err);
	CHECK(s != NULL);
	if (!s)
		return 1;
	CHECK_EQ_I64(q(s, "PRAGMA user_version"), TIX_SCHEMA_VERSION);

	/* first export: two tickets */
	p = write_file("a.csv", ZD_HDR
		       "1,Upload stuck at 87%,Open,High,a@example.com,2024-03-05 10:00:00 +0000,2024-03-05 10:00:00 +0000,upload android,x\n"
		       "2,Login loop,New,Low,b@example.com,2024-03-05 11:00:00 +0000,2024-03-05 11:00:00 +0000,,\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_STR(c.source, "zendesk");
	CHECK_EQ_I64(c.rows, 2);
	CHECK_EQ_I64(c.inserted, 2);
	CHECK_EQ_STR(qs(s, "SELECT tags FROM ticket WHERE ext_id = '1'"), "upload,android");
	CHECK_EQ_STR(qs(s, "SELECT extra FROM ticket WHERE ext_id = '1'"), "{\"Custom thing\":\"x\"}");
	CHECK_EQ_STR(qs(s, "SELECT extra FROM ticket WHERE ext_id = '2'"), "NULL");
	CHECK_EQ_I64(q(s, "SELECT created FROM ticket WHERE ext_id = '2'"), 1709636400);
	CHECK_EQ_STR(qs(s, "SELECT status || '/' || status_raw FROM ticket WHERE ext_id = '2'"), "new/New");

	/* the same file again: nothing changes */
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_I64(c.inserted, 0);
	CHECK_EQ_I64(c.updated, 0);
	CHECK_EQ_I64(c.unchanged, 2);
	CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_history"), 0);	/* changes only */

	/* an overlapping newer export: ticket 1 solved later, ticket 2 older (ignored), 3 new */
	p = write_file("b.csv", ZD_HDR
		       "1,Upload stuck at 87%,Solved,High,a@example.com,2024-03-05 10:00:00 +0000,2024-03-06 09:00:00 +0000,upload android,x\n"
		       "2,Login loop (old copy),Open,Low,b@example.com,2024-03-05 11:00:00 +0000,2024-03-04 11:00:00 +0000,,\n"
		       "3,Refund,Open,Normal,c@example.com,2024-03-06 08:00:00 +0000,2024-03-06 08:00:00 +0000,,\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_I64(c.inserted, 1);
	CHECK_EQ_I64(c.updated, 1);
	CHECK_EQ_I64(c.unchanged, 1);
	CHECK_EQ_STR(qs(s, "SELECT status FROM ticket WHERE ext_id = '1'"), "solved");
	CHECK_EQ_STR(qs(s, "SELECT subject FROM ticket WHERE ext_id = '2'"), "Login loop");
	CHECK_EQ_STR(qs(s, "SELECT old_value || '>' || new_value FROM ticket_history h JOIN ticket t"
			   " ON t.id = h.ticket_id WHERE t.ext_id = '1' AND h.field = 'status'"
			   " AND h.old_value IS NOT NULL"), "open>solved");
	CHECK_EQ_I64(q(s, "SELECT at FROM ticket_history h JOIN ticket t ON t.id = h.ticket_id"
			  " WHERE t.ext_id = '1' AND h.old_value = 'open'"), 1709715600);

	/* full-text search: built in bulk by the first load, kept by triggers after */
	CHECK_EQ_STR(qs(s, "SELECT t.ext_id FROM ticket_fts f JOIN ticket t ON t.id = f.rowid"
			   " WHERE ticket_fts MATCH 'upload'"), "1");
	CHECK_EQ_STR(qs(s, "SELECT t.ext_id FROM ticket_fts f JOIN ticket t ON t.id = f.rowid"
			   " WHERE ticket_fts MATCH 'refund'"), "3");
	CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'loop'"), 1);
	CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'login'"), 1);
	CHECK_EQ_I64(fts_check(s), SQLITE_OK);

	/* a ticket from an earlier load changes its text: the full-text index follows */
	p = write_file("c.csv", ZD_HDR
		       "2,Password reset loop,Open,Low,b@example.com,2024-03-05 11:00:00 +0000,2024-03-07 11:00:00 +0000,,\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(c.updated, 1);
	CHECK_EQ_STR(qs(s, "SELECT t.ext_id FROM ticket_fts f JOIN ticket t ON t.id = f.rowid"
			   " WHERE ticket_fts MATCH 'password'"), "2");
	CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'login'"), 0);
	CHECK_EQ_I64(fts_check(s), SQLITE_OK);
	CHECK_EQ_I64(q(s, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), 3);

	/* an event log: several rows per ticket, the last state wins, rows merged */
	p = write_file("log.csv",
		       "number,incident_state,opened_at,sys_updated_at,priority,caller_id\n"
		       "INC1,New,29/2/2016 01:16,29/2/2016 01:16,3 - Moderate,Caller 1\n"
		       "INC1,Active,29/2/2016 01:16,29/2/2016 02:00,3 - Moderate,Caller 1\n"
		       "INC1,Active,29/2/2016 01:16,29/2/2016 02:00,2 - High,Caller 1\n"
		       "INC1,Resolved,29/2/2016 01:16,1/3/2016 09:00,2 - High,Caller 1\n"
		       "INC2,New,1/3/2016 10:00,1/3/2016 10:00,4 - Low,Caller 2\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_STR(c.source, "servicenow");
	CHECK_EQ_I64(c.rows, 5);
	CHECK_EQ_I64(c.inserted, 2);
	CHECK_EQ_I64(c.merged, 3);
	CHECK_EQ_STR(qs(s, "SELECT status || ' ' || priority FROM ticket WHERE ext_id = 'INC1'"),
		     "solved high");
	CHECK_EQ_I64(q(s, "SELECT updated FROM ticket WHERE ext_id = 'INC1'"), 1456822800);
	CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_history h JOIN ticket t ON t.id = h.ticket_id"
			  " WHERE t.ext_id = 'INC1' AND h.field = 'status'"), 2);
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(c.inserted + c.updated + c.merged, 0);
	CHECK_EQ_I64(c.unchanged, 5);

	/* no id column: ids from the content, identical rows kept apart */
	p = write_file("noid.csv",
		       "date_received,product,issue,state\n"
		       "2016-10-03,Debt collection,Improper contact,AZ\n"
		       "2016-10-03,Debt collection,Improper contact,AZ\n"
		       "2016-10-04,Mortgage,Escrow,CA\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_STR(c.source, "cfpb");
	CHECK_EQ_I64(c.inserted, 3);
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(c.unchanged, 3);
	CHECK_EQ_I64(c.inserted, 0);

	/* an id that repeats in a file with no updated time: the last row is the
	   ticket, and a second ingest changes nothing */
	p = write_file("rep.csv",
		       "Complaint ID,Date received,Product,Issue,Company response to consumer\n"
		       "77,2016-10-03,Mortgage,Escrow,In progress\n"
		       "78,2016-10-03,Mortgage,Escrow,In progress\n"
		       "77,2016-10-03,Mortgage,Escrow,Closed with explanation\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_I64(c.inserted, 2);
	CHECK_EQ_I64(c.merged, 1);
	CHECK_EQ_STR(qs(s, "SELECT status FROM ticket WHERE ext_id = '77'"), "closed");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(c.updated + c.inserted + c.merged, 0);
	CHECK_EQ_I64(c.unchanged, 3);
	CHECK_EQ_STR(qs(s, "SELECT status FROM ticket WHERE ext_id = '77'"), "closed");

	/* a guessed (generic) layout takes the first id column whose values are unique */
	p = write_file("gh.csv",
		       "project,issue_id,issue_title,state,url\n"
		       "a,1,Crash on start,open,https://example.com/a/1\n"
		       "b,1,Typo in docs,closed,https://example.com/b/1\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_I64(c.inserted, 2);
	CHECK_EQ_STR(qs(s, "SELECT ext_id FROM ticket WHERE subject = 'Typo in docs'"),
		     "https://example.com/b/1");
	CHECK_EQ_STR(qs(s, "SELECT extra FROM ticket WHERE subject = 'Typo in docs'"),
		     "{\"project\":\"b\",\"issue_id\":\"1\"}");

	/* a bad row is rejected and stored; the good ones stay */
	rejects = 0;
	p = write_file("bad.csv", ZD_HDR
		       "10,A,Open,Low,x@example.com,2024-03-05 10:00:00 +0000,,,\n"
		       "11,B,Open,Low,y@example.com,yesterday-ish,,,\n"
		       "12,C,Open\n"
		       "13,D,Open,Low,z@example.com,2024-03-05 10:00:00 +0000,,,\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_I64(c.rows, 4);
	CHECK_EQ_I64(c.inserted, 2);
	CHECK_EQ_I64(c.rejected, 2);
	CHECK_EQ_I64(rejects, 2);
	CHECK_EQ_I64(q(s, "SELECT count(*) FROM reject WHERE line IN (3, 4)"), 2);
	CHECK_EQ_STR(qs(s, "SELECT raw FROM reject WHERE line = 4"), "12,C,Open");

	/* dry run: counts, nothing kept */
	{
		long long before = q(s, "SELECT count(*) FROM ticket");

		o.dry_run = 1;
		p = write_file("dry.csv", ZD_HDR
			       "20,New one,Open,Low,q@example.com,2024-03-07 10:00:00 +0000,,,\n");
		rc = tix_ingest_file(s, p, &o, &c, err);
		CHECK_EQ_I64(rc, 0);
		CHECK_EQ_I64(c.inserted, 1);
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket"), before);
		o.dry_run = 0;
	}

	/* a file that cannot be read leaves nothing: ambiguous dates */
	{
		long long batches = q(s, "SELECT count(*) FROM ingest_batch");

		p = write_file("amb.csv", ZD_HDR
			       "30,A,Open,Low,x@example.com,03/04/2024,,,\n"
			       "31,B,Open,Low,x@example.com,05/06/2024,,,\n");
		rc = tix_ingest_file(s, p, &o, &c, err);
		CHECK_EQ_I64(rc, -1);
		CHECK(strstr(err, "--date-order") != NULL);
		CHECK(strstr(err, "Created at") != NULL);
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM ingest_batch"), batches);
		o.date_order = 1;
		rc = tix_ingest_file(s, p, &o, &c, err);
		CHECK_EQ_I64(rc, 0);
		CHECK_EQ_I64(q(s, "SELECT created FROM ticket WHERE ext_id = '30'"), 1712102400);
		o.date_order = 0;
	}

	/* --tz: wall times without an offset */
	o.tz = "+08:00";
	p = write_file("tz.csv", ZD_HDR "40,T,Open,Low,t@example.com,2024-03-05 08:00:00,,,\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_I64(q(s, "SELECT created FROM ticket WHERE ext_id = '40'"), 1709596800);
	{
		const char *tz0 = getenv("TZ");

		snprintf(qs_buf, sizeof(qs_buf), "%s", tz0 ? tz0 : "<unset>");
	}
	{
		char before_tz[256];

		snprintf(before_tz, sizeof(before_tz), "%s", qs_buf);
	o.tz = "Asia/Kuala_Lumpur";
	p = write_file("tz2.csv", ZD_HDR "41,T,Open,Low,t@example.com,2024-03-05 08:00:00,,,\n");
	rc = tix_ingest_file(s, p, &o, &c, err);
	CHECK_EQ_I64(rc, 0);
	CHECK_EQ_I64(q(s, "SELECT created FROM ticket WHERE ext_id = '41'"), 1709596800);
	CHECK_EQ_STR(getenv("TZ") ? getenv("TZ") : "<unset>", before_tz);
	}
	o.tz = NULL;
	CHECK_EQ_I64(tix_ingest_check_tz("Mars/Olympus", err), -1);

	/* a missing file */
	rc = tix_ingest_file(s, "/nonexistent/x.csv", &o, &c, err);
	CHECK_EQ_I64(rc, -1);
	CHECK(strstr(err, "/nonexistent/x.csv") != NULL);

	/* after all of it, the full-text index still matches the tickets */
	CHECK_EQ_I64(fts_check(s), SQLITE_OK);
	CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'escrow'"),
		     q(s, "SELECT count(*) FROM ticket WHERE subject LIKE '%escrow%'"));
	tix_store_close(s);

	/*
	 * A load into an empty table builds its full-text index beside the
	 * rows, in another thread, and ticket_fts adopts it: over many chunks
	 * it matches the table, and later loads in the same connection add to
	 * it.
	 */
	{
		struct tix_buf b;
		char path[128];
		int i;

		snprintf(path, sizeof(path), "%s/side.db", dir);
		s = tix_store_open(path, TIX_STORE_CREATE, err);
		CHECK(s != NULL);
		tix_buf_init(&b, 0);
		tix_buf_adds(&b, ZD_HDR);
		for (i = 1; i <= 3000; i++)
			tix_buf_addf(&b, "%d,%s number %d,Open,Low,u%d@example.com,"
				     "2024-03-05 10:00:00 +0000,,,\n", i,
				     i % 7 ? "Upload stuck" : "Escrow refund", i, i % 50);
		p = write_file("side.csv", b.s);
		rc = tix_ingest_file(s, p, &o, &c, err);
		CHECK_EQ_I64(rc, 0);
		CHECK_EQ_I64(c.inserted, 3000);
		CHECK_EQ_I64(c.fts_beside, 1);
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'escrow'"),
			     428);
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'upload'"),
			     3000 - 428);
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH '2999'"), 1);
		CHECK_EQ_STR(qs(s, "SELECT t.ext_id FROM ticket_fts f JOIN ticket t ON t.id = f.rowid"
				   " WHERE ticket_fts MATCH '1234'"), "1234");
		CHECK_EQ_I64(fts_check(s), SQLITE_OK);
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), 3);
		p = write_file("side2.csv", ZD_HDR
			       "5000,Escrow question,Open,Low,x@example.com,2024-03-06 10:00:00 +0000,,,\n"
			       "7,Escrow refund number 7 (again),Open,Low,x@example.com,"
			       "2024-03-05 10:00:00 +0000,2024-03-07 10:00:00 +0000,,\n");
		rc = tix_ingest_file(s, p, &o, &c, err);
		CHECK_EQ_I64(rc, 0);
		CHECK_EQ_I64(c.inserted, 1);
		CHECK_EQ_I64(c.updated, 1);
		CHECK_EQ_I64(c.fts_beside, 0);
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'escrow'"),
			     429);
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'again'"), 1);
		CHECK_EQ_I64(fts_check(s), SQLITE_OK);
		tix_store_close(s);
		/* and a new connection reads the same index */
		s = tix_store_open(path, 0, err);
		CHECK(s != NULL);
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'escrow'"),
			     429);
		CHECK_EQ_I64(fts_check(s), SQLITE_OK);
		tix_store_close(s);

		/* a ticket of the first load changes its text later in the same
		   file: the side index cannot follow, the table's text is indexed */
		snprintf(path, sizeof(path), "%s/side3.db", dir);
		s = tix_store_open(path, TIX_STORE_CREATE, err);
		CHECK(s != NULL);
		tix_buf_reset(&b);
		tix_buf_adds(&b, ZD_HDR);
		for (i = 1; i <= 1500; i++)
			tix_buf_addf(&b, "%d,Upload stuck number %d,Open,Low,u%d@example.com,"
				     "2024-03-05 10:00:00 +0000,2024-03-05 10:00:00 +0000,,\n",
				     i, i, i % 50);
		tix_buf_adds(&b, "3,Chargeback dispute,Solved,Low,u3@example.com,"
			     "2024-03-05 10:00:00 +0000,2024-03-06 10:00:00 +0000,,\n");
		p = write_file("side3.csv", b.s);
		rc = tix_ingest_file(s, p, &o, &c, err);
		CHECK_EQ_I64(rc, 0);
		CHECK_EQ_I64(c.inserted, 1500);
		CHECK_EQ_I64(c.merged, 1);
		CHECK_EQ_I64(c.fts_beside, 0);
		CHECK_EQ_STR(qs(s, "SELECT t.ext_id FROM ticket_fts f JOIN ticket t ON t.id = f.rowid"
				   " WHERE ticket_fts MATCH 'chargeback'"), "3");
		CHECK_EQ_I64(q(s, "SELECT count(*) FROM ticket_fts WHERE ticket_fts MATCH 'upload'"),
			     1499);
		CHECK_EQ_I64(fts_check(s), SQLITE_OK);
		tix_store_close(s);
		tix_buf_release(&b);
	}
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) != 0)
			return 1;
	}
	TEST_DONE();
}
