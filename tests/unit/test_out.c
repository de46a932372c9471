/* test_out.c - the output writer, byte for byte, in every format. */
#include "out.h"
#include "tix.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Write nrows rows of ncols cells (cells row after row, NULL for a missing
 * value; lens NULL or one length per cell) and return what was written, or
 * NULL if any call failed.  The caller frees it.
 */
static char *render_n(enum tix_fmt fmt, unsigned flags, size_t ncols,
    const char *const *names, const enum tix_coltype *types, size_t nrows,
    const char *const *cells, const size_t *lens)
{
	char err[TIX_ERRSZ], *out = NULL;
	size_t outlen = 0, r;
	struct tix_out *o;
	FILE *fp;
	int rc = 0;

	if ((fp = open_memstream(&out, &outlen)) == NULL)
		return NULL;
	if ((o = tix_out_new(fp, fmt, flags, err)) == NULL)
		rc = -1;
	if (rc == 0)
		rc = tix_out_columns(o, ncols, names, types, err);
	for (r = 0; rc == 0 && r < nrows; r++)
		rc = lens ? tix_out_rown(o, cells + r * ncols,
		    lens + r * ncols, err) :
		    tix_out_row(o, cells + r * ncols, err);
	if (rc == 0)
		rc = tix_out_finish(o, err);
	if (rc < 0)
		fprintf(stderr, "render: %s\n", err);
	tix_out_free(o);
	fclose(fp);
	if (rc < 0) {
		free(out);
		return NULL;
	}
	return out;
}

static char *render(enum tix_fmt fmt, unsigned flags, size_t ncols,
    const char *const *names, const enum tix_coltype *types, size_t nrows,
    const char *const *cells)
{
	return render_n(fmt, flags, ncols, names, types, nrows, cells, NULL);
}

/* Compare, then free, a rendering. */
#define CHECK_OUT(got, want) do {					\
		char *got_ = (got);					\
		CHECK_EQ_STR(got_, (want));				\
		free(got_);						\
	} while (0)

static void test_fmt_parse(void)
{
	static const char *const good[] = {
		"table", "csv", "tsv", "json", "ndjson"
	};
	static const enum tix_fmt want[] = {
		TIX_FMT_TABLE, TIX_FMT_CSV, TIX_FMT_TSV, TIX_FMT_JSON,
		TIX_FMT_NDJSON
	};
	static const char *const bad[] = {
		"CSV", "", "xml", "auto", "json ", "js"
	};
	char err[TIX_ERRSZ];
	enum tix_fmt fmt;
	size_t i;

	for (i = 0; i < NELEM(good); i++) {
		fmt = TIX_FMT_AUTO;
		CHECK_EQ_I64(tix_fmt_parse(good[i], &fmt, err), 0);
		CHECK_EQ_I64(fmt, want[i]);
	}
	for (i = 0; i < NELEM(bad); i++) {
		fmt = TIX_FMT_AUTO;
		err[0] = '\0';
		CHECK_EQ_I64(tix_fmt_parse(bad[i], &fmt, err), -1);
		CHECK_EQ_I64(fmt, TIX_FMT_AUTO);
		CHECK(strstr(err, "table, csv, tsv, json or ndjson") != NULL);
	}
	CHECK_EQ_I64(tix_fmt_parse("xml", &fmt, err), -1);
	CHECK_EQ_STR(err, "unknown output format \"xml\" (choose table, "
	    "csv, tsv, json or ndjson)");
	CHECK_EQ_I64(tix_fmt_parse(NULL, &fmt, err), -1);
	CHECK_EQ_I64(tix_fmt_parse("nope", &fmt, NULL), -1);
}

static void test_csv(void)
{
	static const char *const names[] = { "id", "title", "note" };
	static const char *const rows[] = {
		"1", "plain", "a,b",
		"2", "say \"hi\"", "line1\nline2",
		"3", NULL, "",
		"4", " lead", "trail ",
		"5", "cr\rx", "tab\tin",
		"6", "\"", "été 日本",
	};
	static const char *const one[] = { "x" };
	static const char *const onerows[] = { "", NULL, "a" };
	static const char *const odd[] = { "Ticket ID", "a,b", "say \"x\"" };

	CHECK_OUT(render(TIX_FMT_CSV, 0, 3, names, NULL, 6, rows),
	    "id,title,note\n"
	    "1,plain,\"a,b\"\n"
	    "2,\"say \"\"hi\"\"\",\"line1\nline2\"\n"
	    "3,,\n"
	    "4,\" lead\",\"trail \"\n"
	    "5,\"cr\rx\",tab\tin\n"
	    "6,\"\"\"\",été 日本\n");
	/* CRLF ends records; line breaks inside a field stay as they are. */
	CHECK_OUT(render(TIX_FMT_CSV, TIX_OUT_CRLF, 3, names, NULL, 3, rows),
	    "id,title,note\r\n"
	    "1,plain,\"a,b\"\r\n"
	    "2,\"say \"\"hi\"\"\",\"line1\nline2\"\r\n"
	    "3,,\r\n");
	CHECK_OUT(render(TIX_FMT_CSV, TIX_OUT_NOHEADER, 3, names, NULL, 1,
	    rows), "1,plain,\"a,b\"\n");
	CHECK_OUT(render(TIX_FMT_CSV, TIX_OUT_NOHEADER | TIX_OUT_CRLF, 3,
	    names, NULL, 1, rows), "1,plain,\"a,b\"\r\n");
	/* One column: an empty field is "" so the record is not a blank line. */
	CHECK_OUT(render(TIX_FMT_CSV, 0, 1, one, NULL, 3, onerows),
	    "x\n\"\"\n\"\"\na\n");
	/* Names are written as given, quoted only where RFC 4180 needs it. */
	CHECK_OUT(render(TIX_FMT_CSV, 0, 3, odd, NULL, 0, NULL),
	    "Ticket ID,\"a,b\",\"say \"\"x\"\"\"\n");
	/* Empty result. */
	CHECK_OUT(render(TIX_FMT_CSV, 0, 3, names, NULL, 0, NULL),
	    "id,title,note\n");
	CHECK_OUT(render(TIX_FMT_CSV, TIX_OUT_NOHEADER, 3, names, NULL, 0,
	    NULL), "");
}

static void test_tsv(void)
{
	static const char *const names[] = { "id", "text", "path" };
	static const char *const rows[] = {
		"1", "a\tb", "C:\\tmp",
		"2", "line1\nline2\r\n", NULL,
		"3", "", "\"quoted\", ok",
	};
	static const char *const odd[] = { "a\tb", "x" };

	CHECK_OUT(render(TIX_FMT_TSV, 0, 3, names, NULL, 3, rows),
	    "id\ttext\tpath\n"
	    "1\ta\\tb\tC:\\\\tmp\n"
	    "2\tline1\\nline2\\r\\n\t\n"
	    "3\t\t\"quoted\", ok\n");
	CHECK_OUT(render(TIX_FMT_TSV, TIX_OUT_CRLF | TIX_OUT_NOHEADER, 3,
	    names, NULL, 2, rows),
	    "1\ta\\tb\tC:\\\\tmp\r\n"
	    "2\tline1\\nline2\\r\\n\t\r\n");
	CHECK_OUT(render(TIX_FMT_TSV, 0, 2, odd, NULL, 0, NULL),
	    "a\\tb\tx\n");
	CHECK_OUT(render(TIX_FMT_TSV, TIX_OUT_NOHEADER, 3, names, NULL, 0,
	    NULL), "");
}

static void test_json(void)
{
	static const char *const names[] = { "name", "n", "x", "ok" };
	static const enum tix_coltype types[] = {
		TIX_COL_TEXT, TIX_COL_INT, TIX_COL_REAL, TIX_COL_BOOL
	};
	static const char *const rows[] = {
		"a\"b\\c/", "42", "-1.5e3", "1",
		"ctl\x01\x1f\x7f\n\t\r\b\f", "007", "NaN", "false",
		"日本é 😀", NULL, "0.5", "yes",
		NULL, "-0", "1e", "0",
		"", "", "", "true",
	};
	static const char *const odd[] = { "we\"ird key", "", "日本" };
	static const char *const oddrow[] = { "1", "2", "3" };

	CHECK_OUT(render(TIX_FMT_JSON, 0, 4, names, types, 5, rows),
	    "[\n"
	    "{\"name\":\"a\\\"b\\\\c/\",\"n\":42,\"x\":-1.5e3,\"ok\":true},\n"
	    "{\"name\":\"ctl\\u0001\\u001f\x7f\\n\\t\\r\\u0008\\u000c\","
	    "\"n\":\"007\",\"x\":\"NaN\",\"ok\":false},\n"
	    "{\"name\":\"日本é 😀\",\"n\":null,\"x\":0.5,\"ok\":\"yes\"},\n"
	    "{\"name\":null,\"n\":-0,\"x\":\"1e\",\"ok\":false},\n"
	    "{\"name\":\"\",\"n\":\"\",\"x\":\"\",\"ok\":true}\n"
	    "]\n");
	CHECK_OUT(render(TIX_FMT_NDJSON, 0, 4, names, types, 2, rows),
	    "{\"name\":\"a\\\"b\\\\c/\",\"n\":42,\"x\":-1.5e3,\"ok\":true}\n"
	    "{\"name\":\"ctl\\u0001\\u001f\x7f\\n\\t\\r\\u0008\\u000c\","
	    "\"n\":\"007\",\"x\":\"NaN\",\"ok\":false}\n");
	/* No types: everything is a string. */
	CHECK_OUT(render(TIX_FMT_NDJSON, 0, 4, names, NULL, 1, rows),
	    "{\"name\":\"a\\\"b\\\\c/\",\"n\":\"42\",\"x\":\"-1.5e3\","
	    "\"ok\":\"1\"}\n");
	/* Keys exactly as given, escaped as JSON needs. */
	CHECK_OUT(render(TIX_FMT_JSON, 0, 3, odd, NULL, 1, oddrow),
	    "[\n{\"we\\\"ird key\":\"1\",\"\":\"2\",\"日本\":\"3\"}\n]\n");
	/* Headers are never written in JSON, NOHEADER or not. */
	CHECK_OUT(render(TIX_FMT_JSON, TIX_OUT_NOHEADER | TIX_OUT_CRLF, 3,
	    odd, NULL, 1, oddrow),
	    "[\n{\"we\\\"ird key\":\"1\",\"\":\"2\",\"日本\":\"3\"}\n]\n");
	/* Empty result. */
	CHECK_OUT(render(TIX_FMT_JSON, 0, 4, names, types, 0, NULL), "[]\n");
	CHECK_OUT(render(TIX_FMT_NDJSON, 0, 4, names, types, 0, NULL), "");
}

static void test_json_numbers(void)
{
	static const struct {
		const char *in;
		int number;
	} cases[] = {
		{ "0", 1 }, { "-0", 1 }, { "42", 1 }, { "-1.5e3", 1 },
		{ "1E+2", 1 }, { "1e-07", 1 }, { "12.50", 1 }, { "0.0", 1 },
		{ "123456789012345678901234567890", 1 },
		{ "007", 0 }, { "-01", 0 }, { "+1", 0 }, { ".5", 0 },
		{ "1.", 0 }, { "1e", 0 }, { "1e+", 0 }, { "0x10", 0 },
		{ " 1", 0 }, { "1 ", 0 }, { "-", 0 }, { "", 0 }, { "NaN", 0 },
		{ "Infinity", 0 }, { "-inf", 0 }, { "1,5", 0 }, { "1.5.2", 0 },
		{ "--1", 0 }, { "1e5x", 0 },
	};
	static const char *const names[] = { "v" };
	enum tix_coltype types[1];
	char want[256];
	size_t i;
	int t;

	for (t = 0; t < 2; t++) {
		types[0] = t ? TIX_COL_REAL : TIX_COL_INT;
		for (i = 0; i < NELEM(cases); i++) {
			const char *row[1];

			row[0] = cases[i].in;
			snprintf(want, sizeof(want),
			    cases[i].number ? "{\"v\":%s}\n" :
			    "{\"v\":\"%s\"}\n", cases[i].in);
			CHECK_OUT(render(TIX_FMT_NDJSON, 0, 1, names, types, 1,
			    row), want);
		}
	}
}

static void test_json_bool(void)
{
	static const char *const names[] = { "b" };
	static const enum tix_coltype types[] = { TIX_COL_BOOL };
	static const char *const rows[] = {
		"1", "0", "true", "false", "TRUE", "yes", "", NULL, "01"
	};

	CHECK_OUT(render(TIX_FMT_NDJSON, 0, 1, names, types, NELEM(rows),
	    rows),
	    "{\"b\":true}\n{\"b\":false}\n{\"b\":true}\n{\"b\":false}\n"
	    "{\"b\":\"TRUE\"}\n{\"b\":\"yes\"}\n{\"b\":\"\"}\n{\"b\":null}\n"
	    "{\"b\":\"01\"}\n");
}

static void test_json_bad_utf8(void)
{
	static const char *const names[] = { "s", "bad\xc3" };
	static const char *const rows[] = {
		"a\377b", "\xe6\x97",
		"\xc0\xaf ok \xed\xa0\x80", "é",
	};

	/* Bytes that are not UTF-8 become U+FFFD, so the JSON stays valid. */
	CHECK_OUT(render(TIX_FMT_NDJSON, 0, 2, names, NULL, 2, rows),
	    "{\"s\":\"a\357\277\275b\",\"bad\xef\xbf\xbd\":\""
	    "\xef\xbf\xbd\xef\xbf\xbd\"}\n"
	    "{\"s\":\"\xef\xbf\xbd\xef\xbf\xbd ok \xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\",\"bad\xef\xbf\xbd\":\"é\"}\n");
	/* CSV and TSV pass bytes through untouched. */
	CHECK_OUT(render(TIX_FMT_CSV, TIX_OUT_NOHEADER, 2, names, NULL, 1,
	    rows), "a\377b,\xe6\x97\n");
}

static void test_rown(void)
{
	static const char *const names[] = { "a", "b" };
	static const enum tix_coltype types[] = { TIX_COL_INT, TIX_COL_TEXT };
	static const char *const rows[] = { "12345", "hello, world" };
	static const size_t lens[] = { 2, 5 };
	static const char *const rows2[] = { "1", NULL };
	static const size_t lens2[] = { 1, 99 };	/* ignored for NULL */

	CHECK_OUT(render_n(TIX_FMT_CSV, TIX_OUT_NOHEADER, 2, names, types, 1,
	    rows, lens), "12,hello\n");
	CHECK_OUT(render_n(TIX_FMT_NDJSON, 0, 2, names, types, 1, rows,
	    lens), "{\"a\":12,\"b\":\"hello\"}\n");
	CHECK_OUT(render_n(TIX_FMT_TSV, TIX_OUT_NOHEADER, 2, names, types, 1,
	    rows, lens), "12\thello\n");
	CHECK_OUT(render_n(TIX_FMT_TABLE, 0, 2, names, types, 1, rows,
	    lens), " a  b\n--  -----\n12  hello\n");
	CHECK_OUT(render_n(TIX_FMT_NDJSON, 0, 2, names, types, 1, rows2,
	    lens2), "{\"a\":1,\"b\":null}\n");
}

static void test_table(void)
{
	static const char *const names[] = { "id", "name", "score" };
	static const enum tix_coltype types[] = {
		TIX_COL_INT, TIX_COL_TEXT, TIX_COL_REAL
	};
	static const char *const rows[] = {
		"1", "é", "3.5",
		"10", "日本", "-2",
		"7", NULL, NULL,
	};
	static const char *const names2[] = { "n", "text", "flag" };
	static const enum tix_coltype types2[] = {
		TIX_COL_INT, TIX_COL_TEXT, TIX_COL_BOOL
	};
	static const char *const rows2[] = {
		"1000", "a\nb\tc", "1",
		"2", "x\r\ny", "0",
		"", "e\xcc\x81t\xc3\xa9", "",
		"3", "\x1b[31mred\x7f", "true",
		"4", "smile 😀!", NULL,
		"5", "bad\xff", NULL,
	};

	CHECK_OUT(render(TIX_FMT_TABLE, 0, 3, names, types, 3, rows),
	    "id  name  score\n"
	    "--  ----  -----\n"
	    " 1  é       3.5\n"
	    "10  日本     -2\n"
	    " 7\n");
	/*
	 * Numbers right-aligned, header too; line breaks and tabs as a space,
	 * other controls as '?', combining marks take no column, emoji two.
	 */
	CHECK_OUT(render(TIX_FMT_TABLE, 0, 3, names2, types2, 6, rows2),
	    "   n  text       flag\n"
	    "----  ---------  ----\n"
	    "1000  a b c      1\n"
	    "   2  x y        0\n"
	    "      e\xcc\x81t\xc3\xa9\n"
	    "   3  ?[31mred?  true\n"
	    "   4  smile 😀!\n"
	    "   5  bad\xef\xbf\xbd\n");
	/* No header: widths come from the rows alone. */
	CHECK_OUT(render(TIX_FMT_TABLE, TIX_OUT_NOHEADER, 3, names, types, 2,
	    rows),
	    " 1  é     3.5\n"
	    "10  日本   -2\n");
	/* CRLF is for CSV and TSV only. */
	CHECK_OUT(render(TIX_FMT_TABLE, TIX_OUT_NOHEADER | TIX_OUT_CRLF, 3,
	    names, types, 1, rows), "1  é  3.5\n");
	/* Empty result. */
	CHECK_OUT(render(TIX_FMT_TABLE, 0, 3, names, types, 0, NULL),
	    "id  name  score\n--  ----  -----\n");
	CHECK_OUT(render(TIX_FMT_TABLE, TIX_OUT_NOHEADER, 3, names, types, 0,
	    NULL), "");
}

static void test_table_cut(void)
{
	static const char *const names[] = { "t" };
	const char *row[1];
	char in[1024], want[1100], *p;
	size_t i;

	/* 48 columns fit... */
	memset(in, 'x', 48);
	in[48] = '\0';
	row[0] = in;
	snprintf(want, sizeof(want), "%s\n", in);
	CHECK_OUT(render(TIX_FMT_TABLE, TIX_OUT_NOHEADER, 1, names, NULL, 1,
	    row), want);
	/* ... 49 do not: 47 and an ellipsis. */
	memset(in, 'x', 60);
	in[60] = '\0';
	snprintf(want, sizeof(want), "%.47s…\n", in);
	CHECK_OUT(render(TIX_FMT_TABLE, TIX_OUT_NOHEADER, 1, names, NULL, 1,
	    row), want);
	/* The header line is as wide as the cut cell. */
	snprintf(want, sizeof(want), "t\n%.48s\n%.47s…\n",
	    "------------------------------------------------", in);
	CHECK_OUT(render(TIX_FMT_TABLE, 0, 1, names, NULL, 1, row), want);

	/* Wide characters are not split: 23 of them (46 columns) and "…". */
	for (p = in, i = 0; i < 30; i++, p += 3)
		memcpy(p, "日", 3);
	*p = '\0';
	snprintf(want, sizeof(want), "%.69s…\n", in);
	CHECK_OUT(render(TIX_FMT_TABLE, TIX_OUT_NOHEADER, 1, names, NULL, 1,
	    row), want);
	/* 24 of them are exactly 48 columns, and fit. */
	in[72] = '\0';
	snprintf(want, sizeof(want), "%s\n", in);
	CHECK_OUT(render(TIX_FMT_TABLE, TIX_OUT_NOHEADER, 1, names, NULL, 1,
	    row), want);

	/* Line breaks count as one column each once they are spaces. */
	for (i = 0; i < 50; i++)
		in[i] = i % 2 ? '\n' : 'a';
	in[50] = '\0';
	for (i = 0; i < 47; i++)
		want[i] = i % 2 ? ' ' : 'a';
	memcpy(want + 47, "…\n", sizeof("…\n"));
	CHECK_OUT(render(TIX_FMT_TABLE, TIX_OUT_NOHEADER, 1, names, NULL, 1,
	    row), want);

	/* Zero-width marks cannot make a cell grow without bound. */
	in[0] = 'a';
	for (p = in + 1, i = 0; i < 200; i++, p += 2)
		memcpy(p, "\xcc\x81", 2);
	*p = '\0';
	snprintf(want, sizeof(want), "%.253s…\n", in);
	CHECK_OUT(render(TIX_FMT_TABLE, TIX_OUT_NOHEADER, 1, names, NULL, 1,
	    row), want);
	CHECK_EQ_I64(strlen(want), 257);

	/* Names are not cut. */
	memset(in, 'n', 60);
	in[60] = '\0';
	row[0] = "v";
	{
		const char *longname[1];

		longname[0] = in;
		snprintf(want, sizeof(want), "%s\n%s\nv\n", in,
		    "------------------------------------------------------"
		    "------");
		CHECK_OUT(render(TIX_FMT_TABLE, 0, 1, longname, NULL, 1, row),
		    want);
	}
}

static void test_api(void)
{
	static const char *const names[] = { "a", "b" };
	static const char *const row[] = { "1", "2" };
	static const char *const nullname[] = { "a", NULL };
	enum tix_coltype badtype[] = { TIX_COL_TEXT, (enum tix_coltype)9 };
	char err[TIX_ERRSZ], *buf = NULL;
	size_t len = 0;
	struct tix_out *o;
	FILE *fp;

	fp = open_memstream(&buf, &len);
	CHECK(fp != NULL);
	if (fp == NULL)
		return;

	/* A memory stream is not a terminal: AUTO is CSV. */
	o = tix_out_new(fp, TIX_FMT_AUTO, 0, err);
	CHECK(o != NULL);
	CHECK_EQ_I64(tix_out_format(o), TIX_FMT_CSV);
	CHECK_EQ_I64(tix_out_row(o, row, err), -1);
	CHECK_EQ_STR(err, "output row before the columns");
	CHECK_EQ_I64(tix_out_columns(o, 0, names, NULL, err), -1);
	CHECK_EQ_I64(tix_out_columns(o, 2, NULL, NULL, err), -1);
	CHECK_EQ_I64(tix_out_columns(o, 2, nullname, NULL, err), -1);
	CHECK_EQ_STR(err, "output column 2 has no name");
	CHECK_EQ_I64(tix_out_columns(o, 2, names, badtype, err), -1);
	CHECK_EQ_I64(tix_out_columns(o, 2, names, NULL, err), 0);
	CHECK_EQ_I64(tix_out_columns(o, 2, names, NULL, err), -1);
	CHECK_EQ_STR(err, "output columns already declared");
	CHECK_EQ_I64(tix_out_row(o, NULL, err), -1);
	CHECK_EQ_I64(tix_out_row(o, row, err), 0);
	CHECK_EQ_I64(tix_out_finish(o, err), 0);
	CHECK_EQ_I64(tix_out_row(o, row, err), -1);
	CHECK_EQ_STR(err, "output already finished");
	CHECK_EQ_I64(tix_out_finish(o, err), -1);
	CHECK_EQ_I64(tix_out_row(o, row, NULL), -1);
	tix_out_free(o);
	fflush(fp);
	CHECK_EQ_STR(buf, "a,b\n1,2\n");

	o = tix_out_new(fp, TIX_FMT_JSON, 0, err);
	CHECK_EQ_I64(tix_out_format(o), TIX_FMT_JSON);
	tix_out_free(o);
	CHECK(tix_out_new(fp, (enum tix_fmt)42, 0, err) == NULL);
	CHECK(tix_out_new(fp, TIX_FMT_CSV, 4, err) == NULL);
	CHECK(tix_out_new(NULL, TIX_FMT_CSV, 0, err) == NULL);
	tix_out_free(NULL);
	fclose(fp);
	free(buf);

	/* Names are copied: the caller's array may go away. */
	{
		char n1[8] = "first", n2[8] = "second";
		const char *tmp[2];

		buf = NULL;
		fp = open_memstream(&buf, &len);
		o = tix_out_new(fp, TIX_FMT_NDJSON, 0, err);
		tmp[0] = n1;
		tmp[1] = n2;
		CHECK_EQ_I64(tix_out_columns(o, 2, tmp, NULL, err), 0);
		strcpy(n1, "XX");
		strcpy(n2, "YY");
		CHECK_EQ_I64(tix_out_row(o, row, err), 0);
		CHECK_EQ_I64(tix_out_finish(o, err), 0);
		tix_out_free(o);
		fclose(fp);
		CHECK_EQ_STR(buf, "{\"first\":\"1\",\"second\":\"2\"}\n");
		free(buf);
	}

	/* A table row that is never finished is never written. */
	buf = NULL;
	fp = open_memstream(&buf, &len);
	o = tix_out_new(fp, TIX_FMT_TABLE, 0, err);
	CHECK_EQ_I64(tix_out_columns(o, 2, names, NULL, err), 0);
	CHECK_EQ_I64(tix_out_row(o, row, err), 0);
	tix_out_free(o);
	fclose(fp);
	CHECK_EQ_STR(buf, "");
	free(buf);
}

static void test_write_error(void)
{
	static const char *const names[] = { "a" };
	static const char *const row[] = { "some value" };
	char err[TIX_ERRSZ];
	struct tix_out *o;
	FILE *fp;
	int i, rc = 0;

	/* /dev/full takes nothing: every write fails with ENOSPC. */
	if ((fp = fopen("/dev/full", "w")) == NULL)
		return;
	o = tix_out_new(fp, TIX_FMT_CSV, 0, err);
	CHECK(o != NULL);
	rc |= tix_out_columns(o, 1, names, NULL, err);
	for (i = 0; i < 10; i++)
		rc |= tix_out_row(o, row, err);
	/* stdio buffers, so the rows may not see it; finish must. */
	err[0] = '\0';
	CHECK_EQ_I64(tix_out_finish(o, err), -1);
	CHECK(strncmp(err, "cannot write output: ", 21) == 0);
	(void)rc;
	tix_out_free(o);
	fclose(fp);
}

int main(void)
{
	test_fmt_parse();
	test_csv();
	test_tsv();
	test_json();
	test_json_numbers();
	test_json_bool();
	test_json_bad_utf8();
	test_rown();
	test_table();
	test_table_cut();
	test_api();
	test_write_error();
	TEST_DONE();
}
