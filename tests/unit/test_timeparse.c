/*
 * test_timeparse.c - unit tests for libanalyze/timeparse.c.
 *
 * Every expected epoch was computed outside this code, with
 * `date -u -d '<wall time> <offset>' +%s`, and is written as a literal.
 */
#include "timeparse.h"
#include "unit.h"

#include <stdlib.h>
#include <time.h>

#define UNK	TIX_DORD_UNKNOWN
#define DMY	TIX_DORD_DMY
#define MDY	TIX_DORD_MDY

#define BAD	INT64_MIN	/* expect tix_time_parse() to fail */

struct parse_case {
	const char *s;
	enum tix_dord order;
	long off;		/* default_off_sec */
	int64_t want;		/* BAD: must not parse */
};

static const struct parse_case parse_cases[] = {
	/* ISO 8601 and friends */
	{ "2024-03-05", UNK, 0, 1709596800 },
	{ "2024-03-05 14:22", UNK, 0, 1709648520 },
	{ "2024-03-05 14:22:10", UNK, 0, 1709648530 },
	{ "2024-03-05T14:22:10Z", UNK, 0, 1709648530 },
	{ "2024-03-05T14:22:10.000Z", UNK, 0, 1709648530 },
	{ "2024-03-05T14:22:10.123456+00:00", UNK, 0, 1709648530 },
	{ "2024-03-05 14:22:10,5Z", UNK, 0, 1709648530 },
	{ "2024-03-05T14:22:10+05:30", UNK, 0, 1709628730 },
	{ "2024-03-05T14:22:10+05", UNK, 0, 1709630530 },
	{ "2024-03-05T14:22:10-08:00", UNK, 0, 1709677330 },
	{ "2024-03-05 14:22:10 -0800", UNK, 0, 1709677330 },
	{ "2024-03-05 14:22:10 +0000", UNK, 0, 1709648530 },
	{ "2024-03-05 14:22:10 UTC", UNK, 0, 1709648530 },
	{ "2024-03-05 14:22:10 GMT+01:00", UNK, 0, 1709644930 },
	{ "2023-05-04T08:52:41Z", UNK, 0, 1683190361 },
	{ "2020/3/18", UNK, 0, 1584489600 },
	{ "2020/03/18 10:00", UNK, 0, 1584525600 },
	{ "2024.03.05", UNK, 0, 1709596800 },
	{ "  2024-03-05 14:22 \r\n", UNK, 0, 1709648520 },
	{ "2024-03-05 00:00", UNK, 0, 1709596800 },
	{ "2024-03-05 23:59:59", UNK, 0, 1709683199 },

	/* numeric day/month */
	{ "29/2/2016 01:16", UNK, 0, 1456708560 },
	{ "29-02-2016 01:16", UNK, 0, 1456708560 },
	{ "22-03-2021", UNK, 0, 1616371200 },
	{ "01-06-2023 12:15", DMY, 0, 1685621700 },
	{ "01-06-2023 12:15", UNK, 0, BAD },
	{ "3/22/23", UNK, 0, 1679443200 },
	{ "3/22/23", MDY, 0, 1679443200 },
	{ "3/22/23", DMY, 0, BAD },
	{ "09/12/2016", DMY, 0, 1481241600 },
	{ "09/12/2016", MDY, 0, 1473638400 },
	{ "09/12/2016", UNK, 0, BAD },
	{ "7/29/13", UNK, 0, 1375056000 },
	{ "3/5/2024 2:22 PM", MDY, 0, 1709648520 },
	{ "3/5/2024 2:22 PM", DMY, 0, 1714746120 },
	{ "3/5/2024 2:22:10 pm", MDY, 0, 1709648530 },
	{ "3/5/2024, 2:22:10 PM", MDY, 0, 1709648530 },
	{ "12.03.2024", DMY, 0, 1710201600 },
	{ "12.03.24", DMY, 0, 1710201600 },
	{ "5/5/2024", UNK, 0, 1714867200 },

	/* AM/PM */
	{ "3/5/2024 12:15 AM", MDY, 0, 1709597700 },
	{ "3/5/2024 12:15 PM", MDY, 0, 1709640900 },
	{ "3/5/2024 2:22 a.m.", MDY, 0, 1709605320 },
	{ "3/5/2024 2:22AM", MDY, 0, 1709605320 },
	{ "3/5/2024 2:22 p.m.", MDY, 0, 1709648520 },
	{ "3/5/2024 0:15 AM", MDY, 0, BAD },
	{ "3/5/2024 13:15 PM", MDY, 0, BAD },
	{ "3/5/2024 2:22 AMX", MDY, 0, BAD },

	/* impossible times */
	{ "2024-03-05 24:00", UNK, 0, BAD },
	{ "2024-03-05 23:60", UNK, 0, BAD },
	{ "2024-03-05 23:59:60", UNK, 0, BAD },
	{ "2024-03-05 14:22:10 +1900", UNK, 0, BAD },
	{ "2024-03-05 14:22:10 +08:60", UNK, 0, BAD },
	{ "2024-03-05 14:22 EST", UNK, 0, BAD },

	/* leap years and impossible dates */
	{ "29/2/2016", UNK, 0, 1456704000 },
	{ "29/2/2019", UNK, 0, BAD },
	{ "29/2/2019", DMY, 0, BAD },
	{ "29/2/1900", DMY, 0, BAD },
	{ "29/2/2000", UNK, 0, 951782400 },
	{ "2/29/2000", MDY, 0, 951782400 },
	{ "2100-02-29", UNK, 0, BAD },
	{ "31/2/2020", DMY, 0, BAD },
	{ "2024-02-30", UNK, 0, BAD },
	{ "2024-13-01", UNK, 0, BAD },
	{ "2024-00-10", UNK, 0, BAD },
	{ "0000-00-00 00:00:00", UNK, 0, BAD },
	{ "31/4/2024", DMY, 0, BAD },

	/* two-digit years: 00-68 -> 20xx, 69-99 -> 19xx */
	{ "1/1/68", DMY, 0, 3092601600 },
	{ "1/1/69", DMY, 0, -31536000 },
	{ "31/12/99", UNK, 0, 946598400 },
	{ "1/1/00", DMY, 0, 946684800 },
	{ "3/5/99", DMY, 0, 925689600 },

	/* month names */
	{ "05/Mar/24 2:22 PM", UNK, 0, 1709648520 },
	{ "5 Mar 2024", UNK, 0, 1709596800 },
	{ "5 MARCH 2024", UNK, 0, 1709596800 },
	{ "05-Mar-2024", UNK, 0, 1709596800 },
	{ "05-mar-24", UNK, 0, 1709596800 },
	{ "Mar 5, 2024", UNK, 0, 1709596800 },
	{ "Mar 5 2024", UNK, 0, 1709596800 },
	{ "March 5 2024 14:00", UNK, 0, 1709647200 },
	{ "mar 5, 2024, 2:22 pm", UNK, 0, 1709648520 },
	{ "Tuesday, March 5, 2024", UNK, 0, 1709596800 },
	{ "5 Sept 2024", UNK, 0, 1725494400 },
	{ "Mar 32, 2024", UNK, 0, BAD },
	{ "Foo 5, 2024", UNK, 0, BAD },
	{ "5 Foo 2024", UNK, 0, BAD },
	{ "5-Mar/2024", UNK, 0, BAD },

	/* Twitter, asctime, RFC 2822, JavaScript */
	{ "Tue Oct 31 23:36:20 +0000 2017", UNK, 0, 1509492980 },
	{ "Tue Oct 31 23:36:20 2017", UNK, 0, 1509492980 },
	{ "Tue Mar  5 14:22:10 2024", UNK, 0, 1709648530 },
	{ "Tue, 05 Mar 2024 14:22:10 +0000", UNK, 0, 1709648530 },
	{ "Tue, 05 Mar 2024 14:22:10 GMT", UNK, 0, 1709648530 },
	{ "Tue, 5 Mar 2024 14:22:10 -0800 (PST)", UNK, 0, 1709677330 },
	{ "Tue Mar 05 2024 14:22:10 GMT-0800 (Pacific Standard Time)",
	    UNK, 0, 1709677330 },
	{ "Tue Oct 31 23:36:20 +0000", UNK, 0, BAD },

	/* default offset: wall time at UTC+off, explicit zones win */
	{ "2024-03-05 14:22", UNK, 3600, 1709644920 },
	{ "2024-03-05 14:22", UNK, -18000, 1709666520 },
	{ "2024-03-05 14:22:10Z", UNK, 3600, 1709648530 },
	{ "05/Mar/24 2:22 PM", UNK, -18000, 1709666520 },
};

/* Not dates: classify 0, parse -1 in every order. */
static const char *const not_dates[] = {
	"", " ", "-", "?", "N/A", "n/a", "2105582", "1666", "3.5", "848.0",
	"1,5", "1.2.3", "1.2.24", "3.12.10", "10.0.0.1", "555-123-4567",
	"+1 555 123 4567", "(555) 123-4567", "INC0000045", "hello world",
	"March", "May", "Tuesday", "14:22", "14:22:10", "2024-03-05T",
	"2024-03-05 14", "2024-03-05x", "12/03/2024 14:22 foo", "13/13/2024",
	"3/5/202", "3/5/20245", "20240305", "2024-13-01", "2024-02-30",
	"2024/03", "03/2024", "5 March", "Mar 5", "12/03/2024T14:22",
	"2024-03-05 14:22:10.", "100/3/2024", "1/100/2024",
};

struct class_case {
	const char *s;
	unsigned bits;
};

#define ANY	(TIX_TS_DMY | TIX_TS_MDY | TIX_TS_NOORDER)
#define AMB	(TIX_TS_DMY | TIX_TS_MDY)
#define T	TIX_TS_HASTIME
#define Z	TIX_TS_HASZONE

static const struct class_case class_cases[] = {
	{ "3/4/2023", AMB },
	{ "5/5/2024", AMB },
	{ "12.03.2024", AMB },
	{ "13/4/2023", TIX_TS_DMY },
	{ "4/13/2023", TIX_TS_MDY },
	{ "2/29/2016", TIX_TS_MDY },
	{ "13/13/2023", 0 },
	{ "31/2/2020", 0 },
	{ "29/2/2019", 0 },
	{ "3/4/2023 14:00", AMB | T },
	{ "13/4/2023 14:00 +0100", TIX_TS_DMY | T | Z },
	{ "3/5/2024 2:22 PM", AMB | T },
	{ "2024-03-05", ANY },
	{ "2024-03-05 14:22", ANY | T },
	{ "2024-03-05T14:22:10Z", ANY | T | Z },
	{ "2024-03-05 14:22:10 UTC", ANY | T | Z },
	{ "05/Mar/24 2:22 PM", ANY | T },
	{ "Mar 5, 2024", ANY },
	{ "Tue Oct 31 23:36:20 +0000 2017", ANY | T | Z },
	{ "Tue Oct 31 23:36:20 2017", ANY | T },
	{ "2024-02-30", 0 },
};

struct describe_case {
	const char *s;
	enum tix_dord order;
	const char *want;	/* NULL: must fail */
};

static const struct describe_case describe_cases[] = {
	{ "29/2/2016 01:16", UNK, "%d/%m/%Y %H:%M" },
	{ "2024-03-05T14:22:10.000Z", UNK, "%Y-%m-%dT%H:%M:%S.%fZ" },
	{ "Tue Oct 31 23:36:20 +0000 2017", UNK, "%a %b %d %H:%M:%S %z %Y" },
	{ "3/22/23", UNK, "%m/%d/%y" },
	{ "3/22/23", DMY, NULL },
	{ "05/Mar/24 2:22 PM", UNK, "%d/%b/%y %I:%M %p" },
	{ "3/5/2024 2:22 PM", MDY, "%m/%d/%Y %I:%M %p" },
	{ "3/5/2024 2:22 PM", DMY, "%d/%m/%Y %I:%M %p" },
	{ "3/5/2024 2:22 PM", UNK, NULL },
	{ "Tue, 05 Mar 2024 14:22:10 GMT", UNK, "%a, %d %b %Y %H:%M:%S GMT" },
	{ "March 5 2024 14:00", UNK, "%B %d %Y %H:%M" },
	{ "Tue Mar  5 14:22:10 2024", UNK, "%a %b %d %H:%M:%S %Y" },
	{ "2024-03-05 14:22:10 +05:30", UNK, "%Y-%m-%d %H:%M:%S %z" },
	{ "Tue Mar 05 2024 14:22:10 GMT-0800 (Pacific Standard Time)", UNK,
	    "%a %b %d %Y %H:%M:%S GMT%z (%Z)" },
	{ "12.03.2024", DMY, "%d.%m.%Y" },
	{ " 2024-03-05 ", UNK, "%Y-%m-%d" },
	{ "Tuesday, March 5, 2024", UNK, "%A, %B %d, %Y" },
	{ "hello", UNK, NULL },
	{ "2024-02-30", UNK, NULL },
};

struct iso_case {
	int64_t epoch;
	const char *want;
};

static const struct iso_case iso_cases[] = {
	{ 0, "1970-01-01T00:00:00Z" },
	{ -1, "1969-12-31T23:59:59Z" },
	{ -31536000, "1969-01-01T00:00:00Z" },
	{ 1456708560, "2016-02-29T01:16:00Z" },
	{ 951782400, "2000-02-29T00:00:00Z" },
	{ 2147483648, "2038-01-19T03:14:08Z" },
	{ 4107542399, "2100-02-28T23:59:59Z" },
	{ 4107542400, "2100-03-01T00:00:00Z" },
	{ 4133980799, "2100-12-31T23:59:59Z" },
	{ -2203891200, "1900-03-01T00:00:00Z" },
	{ -62135596800, "0001-01-01T00:00:00Z" },
	{ 253402300799, "9999-12-31T23:59:59Z" },
	{ 253402300800, "9999-12-31T23:59:59Z" },	/* clamped */
	{ INT64_MAX, "9999-12-31T23:59:59Z" },
	{ -62167219201, "0000-01-01T00:00:00Z" },	/* clamped */
	{ INT64_MIN, "0000-01-01T00:00:00Z" },
};

struct offset_case {
	const char *s;
	int rc;
	long want;
};

static const struct offset_case offset_cases[] = {
	{ "UTC", 0, 0 },
	{ "utc", 0, 0 },
	{ "GMT", 0, 0 },
	{ "Z", 0, 0 },
	{ "+08:00", 0, 28800 },
	{ "-0530", 0, -19800 },
	{ "+8", 0, 28800 },
	{ "+5:30", 0, 19800 },
	{ "-12", 0, -43200 },
	{ "+14:00", 0, 50400 },
	{ "UTC+8", 0, 28800 },
	{ "GMT-03:00", 0, -10800 },
	{ "America/New_York", -1, 0 },
	{ "Europe/Berlin", -1, 0 },
	{ "EST", -1, 0 },
	{ "Zulu", -1, 0 },
	{ "+19", -1, 0 },
	{ "+08:60", -1, 0 },
	{ "+08:0", -1, 0 },
	{ "+123", -1, 0 },
	{ "8", -1, 0 },
	{ "+", -1, 0 },
	{ "UTC+", -1, 0 },
	{ "", -1, 0 },
};

#define NOW	INT64_C(1709648530)	/* 2024-03-05T14:22:10Z */

struct bound_case {
	const char *s;
	int64_t want;	/* BAD: must fail */
};

static const struct bound_case bound_cases[] = {
	{ "7d", 1709043730 },
	{ "7D", 1709043730 },
	{ "4w", 1707229330 },
	{ "12h", 1709605330 },
	{ "0d", NOW },
	{ "2024-03-05", 1709596800 },
	{ "2024-03-05T14:22:10Z", 1709648530 },
	{ "2024-03-05 14:22:10 +05:30", 1709628730 },
	{ "3/22/23", 1679443200 },
	{ "5 Mar 2024", 1709596800 },
	{ "3/5/2024", BAD },
	{ "7x", BAD },
	{ "7 d", BAD },
	{ "d", BAD },
	{ "-7d", BAD },
	{ "1234567890d", BAD },
	{ "", BAD },
	{ "yesterday", BAD },
};

static int64_t try_parse(const char *s, enum tix_dord order, long off,
    int use_local)
{
	int64_t e = 0;

	if (tix_time_parse(s, strlen(s), order, off, use_local, &e) < 0)
		return BAD;
	return e;
}

static void test_parse(void)
{
	const struct parse_case *c;
	size_t i;
	int64_t got;

	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		c = &parse_cases[i];
		got = try_parse(c->s, c->order, c->off, 0);
		if (got != c->want)
			fprintf(stderr, "parse \"%s\" (order %d, off %ld):\n",
			    c->s, (int)c->order, c->off);
		CHECK_EQ_I64(got, c->want);
	}
}

static void test_not_dates(void)
{
	size_t i, n;
	const char *s;
	unsigned bits;

	for (i = 0; i < sizeof(not_dates) / sizeof(not_dates[0]); i++) {
		s = not_dates[i];
		n = strlen(s);
		bits = tix_time_classify(s, n);
		if (bits != 0)
			fprintf(stderr, "classify \"%s\":\n", s);
		CHECK_EQ_I64(bits, 0);
		CHECK_EQ_I64(try_parse(s, UNK, 0, 0), BAD);
		CHECK_EQ_I64(try_parse(s, DMY, 0, 0), BAD);
		CHECK_EQ_I64(try_parse(s, MDY, 0, 0), BAD);
	}
	/* The length is honoured: no reading past n. */
	CHECK_EQ_I64(tix_time_classify("2024-03-05", 7), 0);
	CHECK_EQ_I64(tix_time_classify("2024-03-05 14:22", 10), ANY);
	CHECK_EQ_I64(tix_time_classify(NULL, 0), 0);
}

static void test_classify(void)
{
	const struct class_case *c;
	size_t i;
	unsigned bits;

	for (i = 0; i < sizeof(class_cases) / sizeof(class_cases[0]); i++) {
		c = &class_cases[i];
		bits = tix_time_classify(c->s, strlen(c->s));
		if (bits != c->bits)
			fprintf(stderr, "classify \"%s\":\n", c->s);
		CHECK_EQ_I64(bits, c->bits);
	}
}

static void test_describe(void)
{
	const struct describe_case *c;
	char buf[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(describe_cases) / sizeof(describe_cases[0]);
	    i++) {
		c = &describe_cases[i];
		rc = tix_time_describe(c->s, strlen(c->s), c->order, buf,
		    sizeof(buf));
		if (c->want) {
			CHECK_EQ_I64(rc, 0);
			CHECK_EQ_STR(buf, c->want);
		} else {
			CHECK_EQ_I64(rc, -1);
			CHECK_EQ_STR(buf, "");
		}
	}
	/* "%Y-%m-%d" needs 9 bytes. */
	CHECK_EQ_I64(tix_time_describe("2024-03-05", 10, UNK, buf, 8), -1);
	CHECK_EQ_STR(buf, "");
	CHECK_EQ_I64(tix_time_describe("2024-03-05", 10, UNK, buf, 9), 0);
	CHECK_EQ_STR(buf, "%Y-%m-%d");
}

static void test_format_iso(void)
{
	const struct iso_case *c;
	char buf[32], want[32];
	struct tm tm;
	time_t tt;
	int64_t e, back;
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(iso_cases) / sizeof(iso_cases[0]); i++) {
		c = &iso_cases[i];
		memset(buf, 'x', sizeof(buf));
		tix_time_format_iso(c->epoch, buf);
		CHECK_EQ_STR(buf, c->want);
	}

	/*
	 * Round trips over 1969..2100, checked against the C library's
	 * gmtime_r() as an independent reference.
	 */
	for (e = -31536000; e <= 4133980799; e += 86400 * 3 + 3607) {
		tix_time_format_iso(e, buf);
		tt = (time_t)e;
		gmtime_r(&tt, &tm);
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		back = try_parse(buf, UNK, 0, 0);
		if (strcmp(buf, want) != 0 || back != e) {
			if (bad++ < 5)
				fprintf(stderr, "round trip %" PRId64
				    ": \"%s\" (libc \"%s\") -> %" PRId64 "\n",
				    e, buf, want, back);
		}
	}
	CHECK_EQ_I64(bad, 0);
}

static void test_offset(void)
{
	const struct offset_case *c;
	size_t i;
	long off;
	int rc;

	for (i = 0; i < sizeof(offset_cases) / sizeof(offset_cases[0]); i++) {
		c = &offset_cases[i];
		off = 12345;
		rc = tix_time_parse_offset(c->s, &off);
		if (rc != c->rc)
			fprintf(stderr, "parse_offset \"%s\":\n", c->s);
		CHECK_EQ_I64(rc, c->rc);
		if (c->rc == 0)
			CHECK_EQ_I64(off, c->want);
		else
			CHECK_EQ_I64(off, 12345);
	}
}

static void test_bound(void)
{
	const struct bound_case *c;
	size_t i;
	int64_t e;
	int rc;

	for (i = 0; i < sizeof(bound_cases) / sizeof(bound_cases[0]); i++) {
		c = &bound_cases[i];
		e = 0;
		rc = tix_time_parse_bound(c->s, NOW, &e);
		if (rc < 0)
			e = BAD;
		if (e != c->want)
			fprintf(stderr, "parse_bound \"%s\":\n", c->s);
		CHECK_EQ_I64(e, c->want);
	}
	CHECK_EQ_I64(tix_time_parse_bound_zone("2024-03-05", NOW, 3600, 0, &e),
	    0);
	CHECK_EQ_I64(e, 1709593200);
	CHECK_EQ_I64(tix_time_parse_bound_zone("2024-03-05Z", NOW, 3600, 0, &e),
	    -1);
}

/* ISO weeks: every Monday computed with `date -u -d DATE +%s`, and checked
   to be that week with `date -u -d DATE +%G-W%V`. */
static void test_iso_week(void)
{
	static const struct {
		const char *s;
		int64_t lo;	/* BAD: not a week */
	} cases[] = {
		{ "2026-W01", 1766966400 },	/* 2025-12-29: week 1 starts in December */
		{ "2026-W02", 1767571200 },
		{ "2026-W47", 1794787200 },
		{ "2026-w47", 1794787200 },
		{ "2026-W53", 1798416000 },	/* 2026 starts on a Thursday: 53 weeks */
		{ "2027-W01", 1799020800 },	/* 2027-01-04, after 2026-W53 */
		{ "2027-W53", BAD },
		{ "2020-W53", 1609113600 },	/* leap year starting on a Wednesday */
		{ "2021-W01", 1609718400 },
		{ "2021-W52", 1640563200 },
		{ "2021-W53", BAD },
		{ "2022-W01", 1641168000 },	/* 1 and 2 January 2022 are 2021-W52 */
		{ "2015-W53", 1451260800 },	/* starts on a Thursday */
		{ "2009-W01", 1230508800 },	/* 2008-12-29 */
		{ "2009-W53", 1261958400 },
		{ "2023-W01", 1672617600 },	/* 1 January 2023 is a Sunday: 2022-W52 */
		{ "2024-W01", 1704067200 },	/* a Monday */
		{ "2024-W10", 1709510400 },
		{ "2026-W00", BAD },
		{ "2026-W54", BAD },
		{ "2025-W53", BAD },
		{ "2026-W99", BAD },
		{ "0000-W01", BAD },
		{ "2026W47", BAD },
		{ "2026-47", BAD },
		{ "2026-W4", BAD },
		{ "2026-W470", BAD },
		{ "2026-X47", BAD },
		{ " 2026-W47", BAD },
		{ "2026-W4a", BAD },
		{ "abcd-W01", BAD },
		{ "+026-W01", BAD },
		{ "", BAD },
	};
	size_t i;
	int64_t lo, hi;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;

		lo = hi = 0;
		rc = tix_iso_week(cases[i].s, &lo, &hi);
		if (cases[i].lo == BAD) {
			if (rc != -1)
				fprintf(stderr, "iso_week \"%s\" should fail\n", cases[i].s);
			CHECK_EQ_I64(rc, -1);
			continue;
		}
		if (rc != 0 || lo != cases[i].lo)
			fprintf(stderr, "iso_week \"%s\":\n", cases[i].s);
		CHECK_EQ_I64(rc, 0);
		CHECK_EQ_I64(lo, cases[i].lo);
		CHECK_EQ_I64(hi, cases[i].lo + 7 * 86400);
		/* a Monday: 1970-01-05 was one */
		CHECK_EQ_I64(((lo / 86400 - 4) % 7 + 7) % 7, 0);
	}
	CHECK_EQ_I64(tix_iso_week(NULL, &lo, &hi), -1);
	/* every week of 1990-2040 follows the one before it, and each year's
	   last week ends where the next year's week 1 begins */
	{
		int64_t prev_hi = 0, l, h;
		int y, w, ok = 1;
		char buf[16];

		for (y = 1990; y <= 2040; y++)
			for (w = 1; w <= 53; w++) {
				snprintf(buf, sizeof(buf), "%04d-W%02d", y, w);
				if (tix_iso_week(buf, &l, &h) < 0) {
					if (w < 52)
						ok = 0;
					continue;
				}
				if (prev_hi && l != prev_hi)
					ok = 0;
				prev_hi = h;
			}
		CHECK(ok);
	}
}

static void test_local(void)
{
	/* A POSIX rule, so the test does not need tzdata installed. */
	if (setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1) < 0) {
		CHECK(!"setenv");
		return;
	}
	tzset();
	CHECK_EQ_I64(try_parse("2024-03-05 14:22", UNK, 0, 1), 1709666520);
	CHECK_EQ_I64(try_parse("2024-07-01 12:00", UNK, 0, 1), 1719849600);
	CHECK_EQ_I64(try_parse("2024-03-05T14:22:10Z", UNK, 0, 1), 1709648530);
	CHECK_EQ_I64(try_parse("2024-03-05 14:22", UNK, 3600, 1), 1709666520);
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	test_parse();
	test_not_dates();
	test_classify();
	test_describe();
	test_format_iso();
	test_offset();
	test_bound();
	test_iso_week();
	test_local();
	TEST_DONE();
}
