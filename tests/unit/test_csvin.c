/*
 * test_csvin.c - the CSV reader: encodings, line ends, delimiters,
 * preamble and footer lines, bad rows and how the reader recovers from them.
 *
 * Every fixture is written to a temporary file under /tmp by the test
 * itself and removed at the end.
 */
#include "csvin.h"
#include "tix.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------- fixtures ---------- */

#define MAXFIX 64
static char *fixpaths[MAXFIX];
static size_t nfix;
static const char *lastpath;	/* the most recent fixture's path */

/* Write n bytes to a new temporary file; its path, or NULL. */
static const char *fixture(const void *data, size_t n)
{
	char tmpl[] = "/tmp/tix-test-csvin-XXXXXX";
	const char *p = data;
	int fd;

	if (nfix == MAXFIX)
		return NULL;
	fd = mkstemp(tmpl);
	if (fd < 0)
		return NULL;
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0) {
			close(fd);
			unlink(tmpl);
			return NULL;
		}
		p += w;
		n -= (size_t)w;
	}
	close(fd);
	fixpaths[nfix] = strdup(tmpl);
	lastpath = fixpaths[nfix];
	return fixpaths[nfix++];
}

static void remove_fixtures(void)
{
	size_t i;

	for (i = 0; i < nfix; i++) {
		unlink(fixpaths[i]);
		free(fixpaths[i]);
	}
	nfix = 0;
}

static char err[TIX_ERRSZ];

static struct tix_csvin *open_fix(const void *data, size_t n,
    const struct tix_csvin_opts *o)
{
	const char *path = fixture(data, n);
	struct tix_csvin *r;

	err[0] = '\0';
	if (!path) {
		fprintf(stderr, "cannot write a fixture\n");
		return NULL;
	}
	r = tix_csvin_open(path, o, err);
	if (!r)
		fprintf(stderr, "open %s: %s\n", path, err);
	return r;
}

#define OPEN(lit)		open_fix((lit), sizeof(lit) - 1, NULL)
#define OPEN_OPTS(lit, o)	open_fix((lit), sizeof(lit) - 1, (o))

/* The fields of rec joined with '|', in a static buffer. */
static const char *join(const struct tix_record *rec)
{
	static char buf[16384];
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < rec->n; i++) {
		size_t n = rec->len[i];

		if (k + n + 2 >= sizeof(buf))
			return "(too long)";
		if (i)
			buf[k++] = '|';
		memcpy(buf + k, rec->f[i], n);
		k += n;
	}
	buf[k] = '\0';
	return buf;
}

static struct tix_record *last;	/* the record the last EXPECT_ got */

/* The next record is a good one with these fields and lines. */
#define EXPECT_OK(r, want, l, e) do {					\
		struct tix_record *rec_ = NULL;				\
		char err_[TIX_ERRSZ] = "";				\
		int got_ = tix_csvin_next((r), &rec_, err_);		\
		CHECK_EQ_I64(got_, 1);					\
		last = rec_;						\
		if (got_ == 1 && rec_) {				\
			CHECK_EQ_I64(rec_->problem, TIX_REC_OK);	\
			CHECK_EQ_STR(join(rec_), (want));		\
			CHECK_EQ_I64(rec_->line, (l));			\
			CHECK_EQ_I64(rec_->end_line, (e));		\
		}							\
	} while (0)

/* The next record is a bad one, with this problem and these lines. */
#define EXPECT_BAD(r, prob, l, e) do {					\
		struct tix_record *rec_ = NULL;				\
		char err_[TIX_ERRSZ] = "";				\
		int got_ = tix_csvin_next((r), &rec_, err_);		\
		CHECK_EQ_I64(got_, 1);					\
		last = rec_;						\
		if (got_ == 1 && rec_) {				\
			CHECK_EQ_I64(rec_->problem, (prob));		\
			CHECK_EQ_I64(rec_->line, (l));			\
			CHECK_EQ_I64(rec_->end_line, (e));		\
		}							\
	} while (0)

/* No more records. */
#define EXPECT_END(r) do {						\
		struct tix_record *rec_ = NULL;				\
		char err_[TIX_ERRSZ] = "";				\
		CHECK_EQ_I64(tix_csvin_next((r), &rec_, err_), 0);	\
		CHECK(rec_ == NULL);					\
		CHECK_EQ_STR(err_, "");					\
	} while (0)

/* last's problem text and raw text. */
#define WHY()	(last ? last->why : "(no record)")
#define RAW()	(last ? last->raw : "(no record)")

/* Encode UTF-8 text as UTF-16 (malloc'ed), with or without a BOM. */
static char *utf16(const char *s, size_t n, int be, int bom, size_t *outn)
{
	unsigned char *o = malloc(n * 4 + 4), *p = o;
	size_t i = 0;

	if (!o)
		return NULL;
#define PUT16(u) do {							\
		unsigned u_ = (u);					\
		*p++ = (unsigned char)(be ? u_ >> 8 : u_ & 0xff);	\
		*p++ = (unsigned char)(be ? u_ & 0xff : u_ >> 8);	\
	} while (0)
	if (bom)
		PUT16(0xfeff);
	while (i < n) {
		unsigned c = (unsigned char)s[i], cp;
		size_t k, j;

		if (c < 0x80) {
			cp = c;
			k = 1;
		} else if (c < 0xe0) {
			cp = c & 0x1f;
			k = 2;
		} else if (c < 0xf0) {
			cp = c & 0x0f;
			k = 3;
		} else {
			cp = c & 0x07;
			k = 4;
		}
		for (j = 1; j < k && i + j < n; j++)
			cp = cp << 6 | ((unsigned char)s[i + j] & 0x3f);
		i += k;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			PUT16(0xd800 | (cp >> 10));
			PUT16(0xdc00 | (cp & 0x3ff));
		} else {
			PUT16(cp);
		}
	}
#undef PUT16
	*outn = (size_t)(p - o);
	return (char *)o;
}

/* ---------- line ends ---------- */

static void test_lf(void)
{
	static const char data[] =
	    "id,name,note\n"
	    "1,alice,hello world\n"
	    "2,bob,\n"
	    "3,carol,x y\n";
	const struct tix_csvin_info *info;
	const struct tix_record *hdr;
	struct tix_csvin *r = OPEN(data);
	long long done = -1, total = -1;

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_STR(tix_csvin_name(r), lastpath);
	info = tix_csvin_info(r);
	CHECK_EQ_STR(info->encoding, "UTF-8");
	CHECK_EQ_I64(info->delim, ',');
	CHECK_EQ_STR(info->newline, "LF");
	CHECK_EQ_I64(info->header_line, 1);
	CHECK_EQ_I64(info->preamble_lines, 0);
	CHECK_EQ_I64(info->ncols, 3);
	hdr = tix_csvin_header(r);
	CHECK_EQ_I64(hdr->n, 3);
	CHECK_EQ_STR(join(hdr), "id|name|note");
	CHECK_EQ_I64(hdr->line, 1);

	EXPECT_OK(r, "1|alice|hello world", 2, 2);
	CHECK_EQ_STR(RAW(), "1,alice,hello world");
	CHECK_EQ_I64(last ? last->rawlen : 0, 19);
	CHECK_EQ_STR(WHY(), "");
	EXPECT_OK(r, "2|bob|", 3, 3);
	CHECK_EQ_I64(last ? last->n : 0, 3);
	CHECK_EQ_I64(last ? last->len[2] : 99, 0);
	EXPECT_OK(r, "3|carol|x y", 4, 4);
	EXPECT_END(r);
	EXPECT_END(r);	/* and stays there */
	CHECK_EQ_I64(info->footer_lines, 0);
	CHECK_EQ_I64(info->nfooter, 0);
	CHECK_EQ_I64(info->blank_records, 0);
	tix_csvin_progress(r, &done, &total);
	CHECK_EQ_I64(total, sizeof(data) - 1);
	CHECK_EQ_I64(done, sizeof(data) - 1);
	tix_csvin_close(r);

	/* no line end after the last record */
	r = OPEN("id,name\n1,a\n2,b");
	CHECK(r != NULL);
	if (!r)
		return;
	EXPECT_OK(r, "1|a", 2, 2);
	EXPECT_OK(r, "2|b", 3, 3);
	EXPECT_END(r);
	tix_csvin_close(r);
}

static void test_crlf(void)
{
	struct tix_csvin *r = OPEN("id,name\r\n1,a\r\n2,\"b c\"\r\n3,d\r\n");

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_STR(tix_csvin_info(r)->newline, "CRLF");
	CHECK_EQ_STR(join(tix_csvin_header(r)), "id|name");
	EXPECT_OK(r, "1|a", 2, 2);
	CHECK_EQ_STR(RAW(), "1,a");
	EXPECT_OK(r, "2|b c", 3, 3);
	EXPECT_OK(r, "3|d", 4, 4);
	EXPECT_END(r);
	tix_csvin_close(r);
}

static void test_cr(void)
{
	struct tix_csvin *r = OPEN("id,name\r1,a\r2,b\r3,c");

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_STR(tix_csvin_info(r)->newline, "CR");
	CHECK_EQ_STR(join(tix_csvin_header(r)), "id|name");
	CHECK_EQ_I64(tix_csvin_header(r)->len[1], 4);
	EXPECT_OK(r, "1|a", 2, 2);
	EXPECT_OK(r, "2|b", 3, 3);
	EXPECT_OK(r, "3|c", 4, 4);
	EXPECT_END(r);
	tix_csvin_close(r);
}

/* Excel: records end in CRLF, line breaks inside a cell are a bare LF. */
static void test_crlf_lf_in_quotes(void)
{
	struct tix_csvin *r = OPEN(
	    "id,text,n\r\n"
	    "1,\"line one\nline two\",x\r\n"
	    "2,after,y\r\n"
	    "3,\"a\nb\nc\",z\r\n"
	    "4,end,w\r\n");

	CHECK(r != NULL);
	if (!r)
		return;
	EXPECT_OK(r, "1|line one\nline two|x", 2, 3);
	EXPECT_OK(r, "2|after|y", 4, 4);
	EXPECT_OK(r, "3|a\nb\nc|z", 5, 7);
	EXPECT_OK(r, "4|end|w", 8, 8);
	EXPECT_END(r);
	/* the line breaks between records are all CRLF */
	CHECK_EQ_STR(tix_csvin_info(r)->newline, "CRLF");
	tix_csvin_close(r);
}

/* A bare CR inside an unquoted field is text, not a line end. */
static void test_cr_in_unquoted(void)
{
	struct tix_csvin *r = OPEN(
	    "id,text,n\n"
	    "1,ab\rcd,x\n"
	    "2,ef,y\n");

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_STR(tix_csvin_info(r)->newline, "LF");
	EXPECT_OK(r, "1|ab\rcd|x", 2, 2);
	CHECK_EQ_I64(last ? last->n : 0, 3);
	CHECK_EQ_I64(last ? last->len[1] : 0, 5);
	EXPECT_OK(r, "2|ef|y", 3, 3);
	EXPECT_END(r);
	tix_csvin_close(r);
}

static void test_quoted(void)
{
	struct tix_csvin *r = OPEN(
	    "id,text,n\n"
	    "1,\"multi\nline\ntext\",a\n"
	    "2,plain,b\n"
	    "3,\"he said \"\"hi\"\"\",\"a,b\"\n"
	    "4,\"\"\"\",\"\"\n"
	    "5,\"x\n\n\ny\",c\n"
	    "6,last,d\n");

	CHECK(r != NULL);
	if (!r)
		return;
	EXPECT_OK(r, "1|multi\nline\ntext|a", 2, 4);
	CHECK_EQ_STR(RAW(), "1,\"multi\nline\ntext\",a");
	EXPECT_OK(r, "2|plain|b", 5, 5);
	EXPECT_OK(r, "3|he said \"hi\"|a,b", 6, 6);
	EXPECT_OK(r, "4|\"|", 7, 7);
	CHECK_EQ_I64(last ? last->len[1] : 0, 1);
	/* blank lines inside a quoted field are part of it */
	EXPECT_OK(r, "5|x\n\n\ny|c", 8, 11);
	EXPECT_OK(r, "6|last|d", 12, 12);
	EXPECT_END(r);
	CHECK_EQ_I64(tix_csvin_info(r)->blank_records, 0);
	tix_csvin_close(r);
}

/* ---------- encodings ---------- */

static void test_utf8_bom(void)
{
	struct tix_csvin *r = OPEN("\xef\xbb\xbfid,name\n1,\xc3\xa9t\xc3\xa9\n");
	const struct tix_record *hdr;

	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_STR(tix_csvin_info(r)->encoding, "UTF-8 with BOM");
	hdr = tix_csvin_header(r);
	CHECK_EQ_STR(join(hdr), "id|name");
	CHECK_EQ_I64(hdr->len[0], 2);
	EXPECT_OK(r, "1|été", 2, 2);
	EXPECT_END(r);
	tix_csvin_close(r);
}

static void test_utf16(void)
{
	/* "id,name\r\n1,é😀\r\n2,x\r\n", UTF-16LE with BOM, byte by byte */
	static const char le[] =
	    "\xff\xfe"
	    "i\0" "d\0" ",\0" "n\0" "a\0" "m\0" "e\0" "\r\0" "\n\0"
	    "1\0" ",\0" "\xe9\0" "\x3d\xd8" "\x00\xde" "\r\0" "\n\0"
	    "2\0" ",\0" "x\0" "\r\0" "\n\0";
	static const char text[] =
	    "id;name;note\n"
	    "1;Zo\xc3\xab \xf0\x9f\x98\x80;\xe6\x97\xa5\xe6\x9c\xac\n"
	    "2;\"a;b\";\xe2\x82\xac" "5\n";
	/* the same without a BOM; no UTF-16 unit of it has a 0x00 byte */
	static const char nobom[] =
	    "id;name;note\n"
	    "1;Zo\xc3\xab \xf0\x9f\x91\x8d;\xe6\x97\xa5\xe6\x9c\xac\n"
	    "2;\"a;b\";\xe2\x82\xac" "5\n";
	struct tix_csvin *r = OPEN(le);
	char *buf;
	size_t n;

	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_STR(tix_csvin_info(r)->encoding, "UTF-16LE");
		CHECK_EQ_STR(tix_csvin_info(r)->newline, "CRLF");
		CHECK_EQ_I64(tix_csvin_info(r)->delim, ',');
		CHECK_EQ_STR(join(tix_csvin_header(r)), "id|name");
		EXPECT_OK(r, "1|\xc3\xa9\xf0\x9f\x98\x80", 2, 2);
		CHECK_EQ_I64(last ? last->len[1] : 0, 6);
		EXPECT_OK(r, "2|x", 3, 3);
		EXPECT_END(r);
		/* a second pass decodes the same */
		CHECK_EQ_I64(tix_csvin_rewind(r, err), 0);
		EXPECT_OK(r, "1|\xc3\xa9\xf0\x9f\x98\x80", 2, 2);
		tix_csvin_close(r);
	}

	/* UTF-16BE with BOM */
	buf = utf16(text, sizeof(text) - 1, 1, 1, &n);
	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_EQ_I64((unsigned char)buf[0], 0xfe);
	r = open_fix(buf, n, NULL);
	free(buf);
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_STR(tix_csvin_info(r)->encoding, "UTF-16BE");
		CHECK_EQ_I64(tix_csvin_info(r)->delim, ';');
		CHECK_EQ_STR(tix_csvin_info(r)->newline, "LF");
		CHECK_EQ_STR(join(tix_csvin_header(r)), "id|name|note");
		EXPECT_OK(r, "1|Zoë 😀|日本", 2, 2);
		EXPECT_OK(r, "2|a;b|€5", 3, 3);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* UTF-16LE without a BOM, found from the NUL bytes */
	buf = utf16(nobom, sizeof(nobom) - 1, 0, 0, &n);
	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_EQ_I64((unsigned char)buf[0], 'i');
	r = open_fix(buf, n, NULL);
	free(buf);
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_STR(tix_csvin_info(r)->encoding, "UTF-16LE");
		CHECK_EQ_STR(join(tix_csvin_header(r)), "id|name|note");
		EXPECT_OK(r, "1|Zoë 👍|日本", 2, 2);
		EXPECT_OK(r, "2|a;b|€5", 3, 3);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* UTF-16BE without a BOM */
	buf = utf16(nobom, sizeof(nobom) - 1, 1, 0, &n);
	CHECK(buf != NULL);
	if (!buf)
		return;
	r = open_fix(buf, n, NULL);
	free(buf);
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_STR(tix_csvin_info(r)->encoding, "UTF-16BE");
		EXPECT_OK(r, "1|Zoë 👍|日本", 2, 2);
		tix_csvin_close(r);
	}
}

/* ---------- delimiters ---------- */

static void test_delims(void)
{
	struct tix_csvin *r;

	/* semicolons, with decimal commas inside and outside quotes */
	r = OPEN("id;amount;note\n"
	    "1;1,5;\"2,75 EUR\"\n"
	    "2;3,25;ok\n"
	    "3;0,5;\"a;b\"\n");
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_I64(tix_csvin_info(r)->delim, ';');
		CHECK_EQ_STR(join(tix_csvin_header(r)), "id|amount|note");
		EXPECT_OK(r, "1|1,5|2,75 EUR", 2, 2);
		EXPECT_OK(r, "2|3,25|ok", 3, 3);
		EXPECT_OK(r, "3|0,5|a;b", 4, 4);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* tabs */
	r = OPEN("id\tname\tnote\n1\ta, b\tc\n2\t\"x\ty\"\tz\n");
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_I64(tix_csvin_info(r)->delim, '\t');
		CHECK_EQ_STR(join(tix_csvin_header(r)), "id|name|note");
		EXPECT_OK(r, "1|a, b|c", 2, 2);
		EXPECT_OK(r, "2|x\ty|z", 3, 3);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* vertical bars */
	r = OPEN("id|name|note\n1|a,b|c;d\n2|e|f\n");
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_I64(tix_csvin_info(r)->delim, '|');
		CHECK_EQ_I64(tix_csvin_header(r)->n, 3);
		EXPECT_OK(r, "1|a,b|c;d", 2, 2);
		CHECK_EQ_I64(last ? last->n : 0, 3);
		EXPECT_OK(r, "2|e|f", 3, 3);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* commas, with semicolons in the text */
	r = OPEN("id,name,note\n1,a;b,c\n2,d,e;f;g\n");
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_I64(tix_csvin_info(r)->delim, ',');
		EXPECT_OK(r, "1|a;b|c", 2, 2);
		EXPECT_OK(r, "2|d|e;f;g", 3, 3);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* Excel's "sep=;" first line */
	r = OPEN("sep=;\r\nid;amount\r\n1;1,5\r\n2;2,25\r\n");
	CHECK(r != NULL);
	if (r) {
		const struct tix_csvin_info *info = tix_csvin_info(r);

		CHECK_EQ_I64(info->delim, ';');
		CHECK_EQ_I64(info->header_line, 2);
		CHECK_EQ_I64(info->preamble_lines, 1);
		CHECK_EQ_STR(join(tix_csvin_header(r)), "id|amount");
		EXPECT_OK(r, "1|1,5", 3, 3);
		EXPECT_OK(r, "2|2,25", 4, 4);
		EXPECT_END(r);
		CHECK_EQ_I64(tix_csvin_rewind(r, err), 0);
		EXPECT_OK(r, "1|1,5", 3, 3);
		CHECK_EQ_I64(info->header_line, 2);
		tix_csvin_close(r);
	}
}

/* Options: the delimiter and the header line given by the caller. */
static void test_opts(void)
{
	struct tix_csvin_opts o;
	struct tix_csvin *r;

	memset(&o, 0, sizeof(o));
	o.delim = ';';
	o.header_line = 3;
	r = OPEN_OPTS("Weekly report, all queues\n"
	    "a,b,c,d\n"
	    "id;name\n"
	    "1;x,y\n", &o);
	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_I64(tix_csvin_info(r)->delim, ';');
	CHECK_EQ_I64(tix_csvin_info(r)->header_line, 3);
	CHECK_EQ_I64(tix_csvin_info(r)->preamble_lines, 2);
	CHECK_EQ_STR(join(tix_csvin_header(r)), "id|name");
	EXPECT_OK(r, "1|x,y", 4, 4);
	EXPECT_END(r);
	tix_csvin_close(r);
}

/* ---------- preamble and footer ---------- */

static void test_preamble(void)
{
	static const char data[] =
	    "Archive:  /Users/x/complaints.csv.zip\n"
	    "  inflating: complaints.csv\n"
	    "Date received,Product,Sub-product,Issue,Sub-issue,"
	    "Consumer complaint narrative,Company public response,Company,"
	    "State,ZIP code,Tags,Consumer consent provided?,Submitted via,"
	    "Date sent to company,Company response to consumer,"
	    "Timely response?,Consumer disputed?,Complaint ID\n"
	    "03/12/2024,Debt collection,I do not know,"
	    "Attempts to collect debt not owed,Debt is not yours,"
	    "\"They called me at work, twice.\",,\"ENCORE CAPITAL GROUP, INC.\","
	    "FL,33101,,Consent provided,Web,03/12/2024,"
	    "Closed with explanation,Yes,N/A,8492271\n"
	    "03/13/2024,Credit card,General-purpose credit card or charge card,"
	    "Fees or interest,Problem with fees,,,\"CITIBANK, N.A.\",NY,10001,"
	    "Older American,Consent not provided,Phone,03/14/2024,"
	    "Closed with monetary relief,Yes,N/A,8492272\n";
	const struct tix_csvin_info *info;
	const struct tix_record *hdr;
	struct tix_csvin *r = OPEN(data);

	CHECK(r != NULL);
	if (!r)
		return;
	info = tix_csvin_info(r);
	hdr = tix_csvin_header(r);
	CHECK_EQ_I64(info->header_line, 3);
	CHECK_EQ_I64(info->preamble_lines, 2);
	CHECK_EQ_I64(info->ncols, 18);
	CHECK_EQ_I64(hdr->n, 18);
	CHECK_EQ_I64(hdr->line, 3);
	if (hdr->n == 18) {
		CHECK_EQ_STR(hdr->f[0], "Date received");
		CHECK_EQ_STR(hdr->f[11], "Consumer consent provided?");
		CHECK_EQ_STR(hdr->f[17], "Complaint ID");
	}
	EXPECT_OK(r, "03/12/2024|Debt collection|I do not know|"
	    "Attempts to collect debt not owed|Debt is not yours|"
	    "They called me at work, twice.||ENCORE CAPITAL GROUP, INC.|FL|33101||"
	    "Consent provided|Web|03/12/2024|Closed with explanation|Yes|N/A|"
	    "8492271", 4, 4);
	EXPECT_OK(r, "03/13/2024|Credit card|"
	    "General-purpose credit card or charge card|Fees or interest|"
	    "Problem with fees|||CITIBANK, N.A.|NY|10001|Older American|"
	    "Consent not provided|Phone|03/14/2024|Closed with monetary relief|"
	    "Yes|N/A|8492272", 5, 5);
	EXPECT_END(r);
	CHECK_EQ_I64(info->footer_lines, 0);

	/* a second pass skips the preamble again */
	CHECK_EQ_I64(tix_csvin_rewind(r, err), 0);
	CHECK_EQ_I64(info->preamble_lines, 2);
	CHECK_EQ_I64(info->header_line, 3);
	EXPECT_BAD(r, TIX_REC_OK, 4, 4);
	CHECK_EQ_STR(last && last->n == 18 ? last->f[17] : "", "8492271");
	tix_csvin_close(r);
}

static void test_footer(void)
{
	struct tix_csvin *r = OPEN(
	    "\"Case Number\",\"Subject\",\"Status\",\"Date/Time Opened\"\n"
	    "\"00001001\",\"Printer jam\",\"New\",\"3/4/2024 9:15 AM\"\n"
	    "\"00001002\",\"Login, again\",\"Closed\",\"3/5/2024 10:00 AM\"\n"
	    "\n"
	    "\n"
	    "\"Acme Corp\"\n"
	    "\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"\n"
	    "\"Confidential Information - Do Not Distribute\"\n"
	    "\"Generated By:  Jane Doe  3/14/2024 10:22 AM\"\n"
	    "\"Acme Corp\"\n");
	const struct tix_csvin_info *info;
	int pass;

	CHECK(r != NULL);
	if (!r)
		return;
	info = tix_csvin_info(r);
	CHECK_EQ_STR(join(tix_csvin_header(r)),
	    "Case Number|Subject|Status|Date/Time Opened");
	for (pass = 0; pass < 2; pass++) {
		EXPECT_OK(r, "00001001|Printer jam|New|3/4/2024 9:15 AM", 2, 2);
		EXPECT_OK(r, "00001002|Login, again|Closed|3/5/2024 10:00 AM",
		    3, 3);
		EXPECT_END(r);
		CHECK_EQ_I64(info->footer_lines, 5);
		CHECK_EQ_I64(info->nfooter, 5);
		if (info->nfooter == 5) {
			CHECK_EQ_STR(info->footer[0], "Acme Corp");
			CHECK_EQ_STR(info->footer[1], "Copyright (c) 2000-2024 "
			    "salesforce.com, inc. All rights reserved.");
			CHECK_EQ_STR(info->footer[2],
			    "Confidential Information - Do Not Distribute");
			CHECK_EQ_STR(info->footer[3],
			    "Generated By:  Jane Doe  3/14/2024 10:22 AM");
			CHECK_EQ_STR(info->footer[4], "Acme Corp");
		}
		/* the same again after a rewind, not counted twice */
		CHECK_EQ_I64(tix_csvin_rewind(r, err), 0);
		CHECK_EQ_I64(info->footer_lines, 0);
		CHECK_EQ_I64(info->nfooter, 0);
	}
	tix_csvin_close(r);

	/* more than 8 footer lines: all counted, the first 8 kept */
	r = OPEN("id,name\n1,a\n2,b\n3,c\n4,d\n\nf1\nf2\nf3\nf4\nf5\nf6\nf7\nf8\nf9\nf10\n");
	CHECK(r != NULL);
	if (!r)
		return;
	info = tix_csvin_info(r);
	CHECK_EQ_I64(info->delim, ',');
	EXPECT_OK(r, "1|a", 2, 2);
	EXPECT_OK(r, "2|b", 3, 3);
	EXPECT_OK(r, "3|c", 4, 4);
	EXPECT_OK(r, "4|d", 5, 5);
	EXPECT_END(r);
	CHECK_EQ_I64(info->footer_lines, 10);
	CHECK_EQ_I64(info->nfooter, 8);
	if (info->nfooter == 8) {
		CHECK_EQ_STR(info->footer[0], "f1");
		CHECK_EQ_STR(info->footer[7], "f8");
	}
	tix_csvin_close(r);
}

/* ---------- widths and blanks ---------- */

static void test_width(void)
{
	struct tix_csvin *r = OPEN(
	    "id,name,note\n"		/* 1 */
	    "1,a,x\n"			/* 2 */
	    "lonely\n"			/* 3: short, one value */
	    "  ,solo,\n"		/* 4: good, one value in three */
	    ",solo2\n"			/* 5: short, one value */
	    "2,b,y\n"			/* 6: good: 3 and 5 were bad rows */
	    "3,c\n"			/* 7: too few */
	    "4,d,z,extra\n"		/* 8: too many */
	    "5,e,w,,\n"			/* 9: empty extras are dropped */
	    ",,\n"			/* 10: nothing in it */
	    "6,f,v\n");			/* 11 */
	const struct tix_csvin_info *info;

	CHECK(r != NULL);
	if (!r)
		return;
	info = tix_csvin_info(r);
	EXPECT_OK(r, "1|a|x", 2, 2);
	EXPECT_BAD(r, TIX_REC_WIDTH, 3, 3);
	CHECK_EQ_STR(WHY(), "expected 3 fields but found 1");
	CHECK_EQ_STR(RAW(), "lonely");
	EXPECT_OK(r, "|solo|", 4, 4);
	EXPECT_BAD(r, TIX_REC_WIDTH, 5, 5);
	CHECK_EQ_STR(WHY(), "expected 3 fields but found 2");
	CHECK_EQ_STR(RAW(), ",solo2");
	EXPECT_OK(r, "2|b|y", 6, 6);
	EXPECT_BAD(r, TIX_REC_WIDTH, 7, 7);
	CHECK_EQ_STR(WHY(), "expected 3 fields but found 2");
	CHECK_EQ_STR(RAW(), "3,c");
	EXPECT_BAD(r, TIX_REC_WIDTH, 8, 8);
	CHECK_EQ_STR(WHY(), "expected 3 fields but found 4");
	EXPECT_OK(r, "5|e|w", 9, 9);
	CHECK_EQ_I64(last ? last->n : 0, 3);
	EXPECT_OK(r, "6|f|v", 11, 11);
	EXPECT_END(r);
	CHECK_EQ_I64(info->blank_records, 1);
	CHECK_EQ_I64(info->footer_lines, 0);
	tix_csvin_close(r);
}

/* Blank lines and empty records are skipped, and counted. */
static void test_blank(void)
{
	struct tix_csvin *r = OPEN(
	    "id,name\n"		/* 1 */
	    "1,a\n"		/* 2 */
	    "\n"		/* 3: blank line */
	    ",\n"		/* 4: empty record */
	    "\n"		/* 5: blank line */
	    "2,b\n");		/* 6 */
	const struct tix_csvin_info *info;

	CHECK(r != NULL);
	if (!r)
		return;
	info = tix_csvin_info(r);
	EXPECT_OK(r, "1|a", 2, 2);
	EXPECT_OK(r, "2|b", 6, 6);
	EXPECT_END(r);
	CHECK_EQ_I64(info->footer_lines, 0);
	/* csvin.h: "empty lines and all-empty records skipped" */
	CHECK_EQ_I64(info->blank_records, 3);
	tix_csvin_close(r);

	/* only all-empty records */
	r = OPEN("id,name\n,\n1,a\n , \n");
	CHECK(r != NULL);
	if (!r)
		return;
	EXPECT_OK(r, "1|a", 3, 3);
	EXPECT_END(r);
	CHECK_EQ_I64(tix_csvin_info(r)->blank_records, 2);
	tix_csvin_close(r);
}

/* ---------- bad text ---------- */

static void test_bad_utf8(void)
{
	struct tix_csvin *r = OPEN(
	    "id,name,note\n"
	    "1,ok,fine\n"
	    "2,bad\xff\xfe,x\n"
	    "3,good,\xc3\xa9\n"
	    "4,ok,trunc\xc3\n"
	    "5,last,z\n");
	struct tix_buf big;
	int i;

	CHECK(r != NULL);
	if (r) {
		EXPECT_OK(r, "1|ok|fine", 2, 2);
		EXPECT_BAD(r, TIX_REC_UTF8, 3, 3);
		CHECK(strstr(WHY(), "field 2") != NULL);
		CHECK(strstr(WHY(), "name") != NULL);
		CHECK_EQ_STR(RAW(), "2,bad\xff\xfe,x");
		EXPECT_OK(r, "3|good|é", 4, 4);
		EXPECT_BAD(r, TIX_REC_UTF8, 5, 5);
		CHECK(strstr(WHY(), "field 3") != NULL);
		CHECK(strstr(WHY(), "note") != NULL);
		EXPECT_OK(r, "5|last|z", 6, 6);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* a NUL byte beyond the first block, where it is not "binary" */
	tix_buf_init(&big, 0);
	tix_buf_adds(&big, "id,name,note\n");
	for (i = 0; i < 200; i++)
		tix_buf_addf(&big, "%d,name %d,some text to fill the block\n",
		    i + 1, i + 1);
	tix_buf_add(&big, "201,x,nul\0here\n", 15);
	tix_buf_adds(&big, "202,y,fine\n");
	r = open_fix(big.s, big.len, NULL);
	tix_buf_release(&big);
	CHECK(r != NULL);
	if (!r)
		return;
	for (i = 0; i < 200; i++) {
		struct tix_record *rec = NULL;

		if (tix_csvin_next(r, &rec, err) != 1 || rec->problem)
			break;
	}
	CHECK_EQ_I64(i, 200);
	EXPECT_BAD(r, TIX_REC_UTF8, 202, 202);
	CHECK(strstr(WHY(), "field 3") != NULL);
	EXPECT_OK(r, "202|y|fine", 203, 203);
	EXPECT_END(r);
	tix_csvin_close(r);
}

/* ---------- quotes that never close ---------- */

static void test_open_quote(void)
{
	struct tix_csvin *r;

	/* The quote runs to the end of the file: only its line is lost. */
	r = OPEN("id,name,note\n"	/* 1 */
	    "1,alice,ok\n"		/* 2 */
	    "2,\"bob,broken\n"		/* 3 */
	    "3,carol,fine\n"		/* 4 */
	    "4,dave,good\n");		/* 5 */
	CHECK(r != NULL);
	if (r) {
		EXPECT_OK(r, "1|alice|ok", 2, 2);
		EXPECT_BAD(r, TIX_REC_QUOTE, 3, 3);
		CHECK_EQ_STR(WHY(), "unterminated quoted field");
		CHECK_EQ_STR(RAW(), "2,\"bob,broken");
		EXPECT_OK(r, "3|carol|fine", 4, 4);
		EXPECT_OK(r, "4|dave|good", 5, 5);
		EXPECT_END(r);
		CHECK_EQ_I64(tix_csvin_info(r)->footer_lines, 0);
		tix_csvin_close(r);
	}

	/*
	 * A later quote closes it after swallowing a line: the record is too
	 * narrow, and again only its first line is given up.
	 */
	r = OPEN("id,name,note\n"	/* 1 */
	    "1,\"alice,ok\n"		/* 2 */
	    "2,bob,\"x\"\n"		/* 3 */
	    "3,carol,fine\n"		/* 4 */
	    "4,dave,good\n");		/* 5 */
	CHECK(r != NULL);
	if (r) {
		EXPECT_BAD(r, TIX_REC_WIDTH, 2, 2);
		CHECK(strncmp(WHY(), "expected 3 fields but found 2", 29) == 0);
		CHECK_EQ_STR(RAW(), "1,\"alice,ok");
		EXPECT_OK(r, "2|bob|x", 3, 3);
		EXPECT_OK(r, "3|carol|fine", 4, 4);
		EXPECT_OK(r, "4|dave|good", 5, 5);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* The same, the quote closing three lines on, with a wide record. */
	r = OPEN("id,name,note\n"	/* 1 */
	    "1,\"alice,x\n"		/* 2 */
	    "2,bob,y\n"			/* 3 */
	    "3,carol\",z,w\n"		/* 4: a bad row on its own too */
	    "4,dave,v\n"		/* 5 */
	    "5,erin,u\n");		/* 6 */
	CHECK(r != NULL);
	if (r) {
		EXPECT_BAD(r, TIX_REC_WIDTH, 2, 2);
		EXPECT_OK(r, "2|bob|y", 3, 3);
		EXPECT_BAD(r, TIX_REC_WIDTH, 4, 4);
		CHECK_EQ_STR(RAW(), "3,carol\",z,w");
		EXPECT_OK(r, "4|dave|v", 5, 5);
		EXPECT_OK(r, "5|erin|u", 6, 6);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* A truncated file: the quote is open at the end. */
	r = OPEN("id,name,note\n1,a,b\n2,c,\"truncated in the mid");
	CHECK(r != NULL);
	if (r) {
		EXPECT_OK(r, "1|a|b", 2, 2);
		EXPECT_BAD(r, TIX_REC_QUOTE, 3, 3);
		CHECK_EQ_STR(RAW(), "2,c,\"truncated in the mid");
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* ... with a line end after the open quote */
	r = OPEN("id,name,note\n1,a,b\n2,c,\"truncated\n");
	CHECK(r != NULL);
	if (r) {
		EXPECT_OK(r, "1|a|b", 2, 2);
		EXPECT_BAD(r, TIX_REC_QUOTE, 3, 3);
		EXPECT_END(r);
		tix_csvin_close(r);
	}
}

/* ---------- files that are not CSV, or hardly ---------- */

static void test_special_files(void)
{
	const struct tix_record *hdr;
	struct tix_csvin *r;
	char buf[4096], missing[64];
	FILE *fp;
	size_t n = 0;

	/* empty */
	r = open_fix("", 0, NULL);
	CHECK(r != NULL);
	if (r) {
		hdr = tix_csvin_header(r);
		CHECK_EQ_I64(hdr->n, 0);
		CHECK_EQ_I64(tix_csvin_info(r)->ncols, 0);
		CHECK_EQ_I64(tix_csvin_info(r)->header_line, 0);
		CHECK_EQ_STR(tix_csvin_info(r)->newline, "none");
		EXPECT_END(r);
		CHECK_EQ_I64(tix_csvin_rewind(r, err), 0);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* a header and nothing else */
	r = OPEN("a,b,c\n");
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_STR(join(tix_csvin_header(r)), "a|b|c");
		CHECK_EQ_I64(tix_csvin_info(r)->header_line, 1);
		EXPECT_END(r);
		tix_csvin_close(r);
	}
	r = OPEN("a;b;c");
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_STR(join(tix_csvin_header(r)), "a|b|c");
		CHECK_EQ_STR(tix_csvin_info(r)->newline, "none");
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* binary: the start of a program */
	fp = fopen("/bin/sh", "rb");
	CHECK(fp != NULL);
	if (fp) {
		n = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
	}
	CHECK_EQ_I64(n, sizeof(buf));
	if (n == sizeof(buf)) {
		const char *path = fixture(buf, n);

		err[0] = '\0';
		r = tix_csvin_open(path, NULL, err);
		CHECK(r == NULL);
		CHECK(strstr(err, "binary") != NULL);
		CHECK(path && strstr(err, path) != NULL);
		tix_csvin_close(r);
	}

	/* missing */
	snprintf(missing, sizeof(missing), "/tmp/tix-test-csvin-missing-%ld",
	    (long)getpid());
	err[0] = '\0';
	r = tix_csvin_open(missing, NULL, err);
	CHECK(r == NULL);
	CHECK(strstr(err, missing) != NULL);
	tix_csvin_close(r);

	/* a directory */
	err[0] = '\0';
	r = tix_csvin_open("/tmp", NULL, err);
	CHECK(r == NULL);
	CHECK(strstr(err, "/tmp") != NULL);
	CHECK(strstr(err, "directory") != NULL);
	tix_csvin_close(r);
}

static void test_header_names(void)
{
	struct tix_csvin *r = OPEN(
	    "a, a ,,\"  b  \",\tc\t,a\n"
	    "1,2,3,4,5,6\n"
	    "7,8,9,10,11,12\n");
	const struct tix_record *hdr;

	CHECK(r != NULL);
	if (!r)
		return;
	hdr = tix_csvin_header(r);
	CHECK_EQ_I64(hdr->n, 6);
	CHECK_EQ_STR(join(hdr), "a|a|column_3|b|c|a");
	if (hdr->n == 6) {
		CHECK_EQ_I64(hdr->len[2], 8);
		CHECK_EQ_I64(hdr->len[3], 1);
		CHECK_EQ_I64(hdr->len[4], 1);
	}
	EXPECT_OK(r, "1|2|3|4|5|6", 2, 2);
	EXPECT_OK(r, "7|8|9|10|11|12", 3, 3);
	EXPECT_END(r);
	tix_csvin_close(r);

	/* the last name empty */
	r = OPEN("x,y,\n1,2,3\n");
	CHECK(r != NULL);
	if (!r)
		return;
	CHECK_EQ_STR(join(tix_csvin_header(r)), "x|y|column_3");
	EXPECT_OK(r, "1|2|3", 2, 2);
	tix_csvin_close(r);
}

/* ---------- second passes ---------- */

static void test_rewind(void)
{
	struct tix_csvin *r = OPEN(
	    "Report: open cases\n"
	    "\n"
	    "id,name,note\n"		/* 3 */
	    "1,a,\"x\ny\"\n"		/* 4-5 */
	    "2,b,z\n"			/* 6 */
	    "short\n"			/* 7 */
	    "3,c,w\n"			/* 8 */
	    ",,\n"			/* 9 */
	    "4,d,v\n");			/* 10 */
	const struct tix_csvin_info *info;
	int pass;

	CHECK(r != NULL);
	if (!r)
		return;
	info = tix_csvin_info(r);
	CHECK_EQ_I64(info->header_line, 3);
	EXPECT_OK(r, "1|a|x\ny", 4, 5);
	EXPECT_OK(r, "2|b|z", 6, 6);
	/* in the middle of handing out a held row */
	EXPECT_BAD(r, TIX_REC_WIDTH, 7, 7);
	CHECK_EQ_I64(tix_csvin_rewind(r, err), 0);
	for (pass = 0; pass < 2; pass++) {
		EXPECT_OK(r, "1|a|x\ny", 4, 5);
		EXPECT_OK(r, "2|b|z", 6, 6);
		EXPECT_BAD(r, TIX_REC_WIDTH, 7, 7);
		EXPECT_OK(r, "3|c|w", 8, 8);
		EXPECT_OK(r, "4|d|v", 10, 10);
		EXPECT_END(r);
		CHECK_EQ_I64(info->blank_records, 1);
		CHECK_EQ_I64(info->header_line, 3);
		CHECK_EQ_STR(join(tix_csvin_header(r)), "id|name|note");
		CHECK_EQ_I64(tix_csvin_rewind(r, err), 0);
	}
	tix_csvin_close(r);
}

/* ---------- the size cap ---------- */

static void test_max_record(void)
{
	struct tix_csvin_opts o;
	struct tix_buf b;
	struct tix_csvin *r;
	int i;

	memset(&o, 0, sizeof(o));
	o.max_record = 64;

	/* a quoted field over several lines, past the cap */
	r = OPEN_OPTS("id,text,n\n"
	    "1,\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
	    "cccccccccccccccccccccccccccccc\",a\n"
	    "2,ok,b\n", &o);
	CHECK(r != NULL);
	if (r) {
		struct tix_record *rec = NULL;

		CHECK_EQ_I64(tix_csvin_next(r, &rec, err), 1);
		CHECK(rec && (rec->problem == TIX_REC_QUOTE ||
		    rec->problem == TIX_REC_TOOBIG));
		CHECK_EQ_I64(rec ? rec->line : 0, 2);
		CHECK_EQ_I64(rec ? rec->end_line : 0, 2);
		EXPECT_BAD(r, TIX_REC_WIDTH, 3, 3);
		EXPECT_BAD(r, TIX_REC_WIDTH, 4, 4);
		EXPECT_OK(r, "2|ok|b", 5, 5);
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* a quote that never closes, in a long file */
	tix_buf_init(&b, 0);
	tix_buf_adds(&b, "id,text\n1,\"open\n");
	for (i = 2; i <= 60; i++)
		tix_buf_addf(&b, "%d,row %d\n", i, i);
	r = open_fix(b.s, b.len, &o);
	tix_buf_release(&b);
	CHECK(r != NULL);
	if (r) {
		char want[32];

		EXPECT_BAD(r, TIX_REC_QUOTE, 2, 2);
		for (i = 2; i <= 60; i++) {
			snprintf(want, sizeof(want), "%d|row %d", i, i);
			EXPECT_OK(r, want, i + 1, i + 1);
			if (!last || last->line != i + 1)
				break;
		}
		EXPECT_END(r);
		tix_csvin_close(r);
	}

	/* one line, one quoted field, over the cap */
	tix_buf_init(&b, 0);
	tix_buf_adds(&b, "id,text\n1,\"");
	for (i = 0; i < 100; i++)
		tix_buf_addc(&b, 'x');
	tix_buf_adds(&b, "\"\n2,ok\n");
	r = open_fix(b.s, b.len, &o);
	tix_buf_release(&b);
	CHECK(r != NULL);
	if (r) {
		EXPECT_BAD(r, TIX_REC_TOOBIG, 2, 2);
		EXPECT_OK(r, "2|ok", 3, 3);
		EXPECT_END(r);
		tix_csvin_close(r);
	}
}

/* ---------- more than one block of input ---------- */

/* Row k of the big file, and how many lines it takes. */
static int big_row(struct tix_buf *b, int k, const char *eol)
{
	if (k % 7 == 0) {
		tix_buf_addf(b, "%d,\"multi \"\"q\"\" \xc3\xa9\nsecond line "
		    "\xf0\x9f\x98\x80 %d\",z%d%s", k, k, k % 10, eol);
		return 2;
	}
	tix_buf_addf(b, "%d,text \xc3\xa9\xf0\x9f\x98\x80 %0*d,z%d%s", k,
	    k % 40 + 1, k, k % 10, eol);
	return 1;
}

static void big_want(char *want, size_t sz, int k)
{
	if (k % 7 == 0)
		snprintf(want, sz, "%d|multi \"q\" \xc3\xa9\nsecond line "
		    "\xf0\x9f\x98\x80 %d|z%d", k, k, k % 10);
	else
		snprintf(want, sz, "%d|text \xc3\xa9\xf0\x9f\x98\x80 %0*d|z%d",
		    k, k % 40 + 1, k, k % 10);
}

static void check_big(struct tix_csvin *r, int nrows)
{
	struct tix_buf scratch;
	char want[256], got[256];
	long line = 2;
	int k, bad = 0;

	tix_buf_init(&scratch, 0);
	for (k = 1; k <= nrows; k++) {
		struct tix_record *rec = NULL;
		int lines, rc;

		tix_buf_reset(&scratch);
		lines = big_row(&scratch, k, "\n");
		big_want(want, sizeof(want), k);
		rc = tix_csvin_next(r, &rec, err);
		if (rc != 1 || !rec) {
			CHECK_EQ_I64(rc, 1);	/* ran out early */
			fprintf(stderr, "  at row %d: %s\n", k, err);
			bad = 1;
			break;
		}
		snprintf(got, sizeof(got), "%s", join(rec));
		if (rec->problem != TIX_REC_OK || strcmp(got, want) ||
		    rec->line != line || rec->end_line != line + lines - 1) {
			CHECK_EQ_I64(rec->problem, TIX_REC_OK);
			CHECK_EQ_STR(got, want);
			CHECK_EQ_I64(rec->line, line);
			CHECK_EQ_I64(rec->end_line, line + lines - 1);
			bad = 1;
			break;
		}
		line += lines;
	}
	CHECK(!bad);
	if (!bad)
		EXPECT_END(r);
	tix_buf_release(&scratch);
}

static void test_big(void)
{
	enum { NROWS = 6000 };
	struct tix_buf b;
	struct tix_csvin *r;
	char *u16;
	size_t n;
	int k;

	/* UTF-8, CRLF records, more than 64 KiB */
	tix_buf_init(&b, 0);
	tix_buf_adds(&b, "id,text,code\r\n");
	for (k = 1; k <= NROWS; k++)
		big_row(&b, k, "\r\n");
	CHECK(b.len > 3 * 65536);
	r = open_fix(b.s, b.len, NULL);
	CHECK(r != NULL);
	if (r) {
		check_big(r, NROWS);
		CHECK_EQ_I64(tix_csvin_rewind(r, err), 0);
		check_big(r, NROWS);
		tix_csvin_close(r);
	}

	/* the same as UTF-16LE, with surrogate pairs across the blocks */
	u16 = utf16(b.s, b.len, 0, 1, &n);
	tix_buf_release(&b);
	CHECK(u16 != NULL);
	if (!u16)
		return;
	r = open_fix(u16, n, NULL);
	free(u16);
	CHECK(r != NULL);
	if (r) {
		CHECK_EQ_STR(tix_csvin_info(r)->encoding, "UTF-16LE");
		check_big(r, NROWS);
		tix_csvin_close(r);
	}
}

int main(void)
{
	test_lf();
	test_crlf();
	test_cr();
	test_crlf_lf_in_quotes();
	test_cr_in_unquoted();
	test_quoted();
	test_utf8_bom();
	test_utf16();
	test_delims();
	test_opts();
	test_preamble();
	test_footer();
	test_width();
	test_blank();
	test_bad_utf8();
	test_open_quote();
	test_special_files();
	test_header_names();
	test_rewind();
	test_max_record();
	test_big();
	remove_fixtures();
	TEST_DONE();
}
