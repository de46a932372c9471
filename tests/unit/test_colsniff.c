/*
 * test_colsniff.c - which columns hold dates and in which day/month order,
 * from records built by hand.
 */
#include "colsniff.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAXF 8

/* Feed one good record of n fields. */
static void feed(struct tix_colsniff *cs, size_t n, const char *const *vals)
{
	char buf[MAXF][64], *f[MAXF];
	size_t len[MAXF], i;
	struct tix_record rec;

	memset(&rec, 0, sizeof(rec));
	for (i = 0; i < n && i < MAXF; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%s", vals[i]);
		f[i] = buf[i];
		len[i] = strlen(buf[i]);
	}
	rec.n = i;
	rec.f = f;
	rec.len = len;
	rec.raw = "";
	rec.line = rec.end_line = cs->rows + 2;
	rec.problem = TIX_REC_OK;
	tix_colsniff_feed(cs, &rec);
}

/* Feed rows of ncols values each (given row after row). */
static void feed_rows(struct tix_colsniff *cs, size_t ncols,
    const char *const *cells, size_t nrows)
{
	size_t r;

	for (r = 0; r < nrows; r++)
		feed(cs, ncols, cells + r * ncols);
}

/* The order of column i, checked against want_rc and want_order. */
#define CHECK_ORDER(cs, i, forced, want_rc, want_order) do {		\
		enum tix_dord o_ = (enum tix_dord)99;			\
		CHECK_EQ_I64(tix_colsniff_order((cs), (i), (forced), &o_),	\
		    (want_rc));						\
		CHECK_EQ_I64(o_, (want_order));				\
	} while (0)

static void test_dmy(void)
{
	static const char *const rows[] = {
		"29/2/2016 01:16", "Printer on fire",
		"03/04/2016 10:00", "Cannot log in",
		"13/1/2016 09:05", "Refund",
		"-", "No subject",
		"1/2/2016 00:00", "Password reset",
	};
	struct tix_colsniff cs;

	CHECK_EQ_I64(tix_colsniff_init(&cs, 2), 0);
	feed_rows(&cs, 2, rows, 5);
	CHECK_EQ_I64(cs.rows, 5);
	CHECK(tix_colsniff_is_date(&cs, 0));
	CHECK(!tix_colsniff_is_date(&cs, 1));
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_DMY);
	/* the null marker is not counted */
	CHECK_EQ_I64(cs.c[0].nonnull, 4);
	CHECK_EQ_I64(cs.c[0].dates, 4);
	CHECK_EQ_I64(cs.c[0].dmy_only, 2);
	CHECK_EQ_I64(cs.c[0].mdy_only, 0);
	CHECK_EQ_I64(cs.c[0].ambiguous, 2);
	CHECK_EQ_STR(cs.c[0].sample, "29/2/2016 01:16");
	CHECK_EQ_STR(cs.c[0].ambig_sample, "03/04/2016 10:00");
	/* a text column has no order to give */
	CHECK_ORDER(&cs, 1, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_UNKNOWN);
	CHECK_EQ_I64(cs.c[1].dates, 0);
	CHECK_EQ_I64(cs.c[1].fails, 5);
	/* forced wins over what the data says */
	CHECK_ORDER(&cs, 0, TIX_DORD_MDY, TIX_ORDER_OK, TIX_DORD_MDY);
	CHECK_ORDER(&cs, 0, TIX_DORD_DMY, TIX_ORDER_OK, TIX_DORD_DMY);
	tix_colsniff_release(&cs);
	CHECK(cs.c == NULL);
}

static void test_mdy(void)
{
	static const char *const rows[] = {
		"3/22/23", "1/2/23",
		"12/31/23", "2/1/23",
		"1/2/23", "3/3/23",
	};
	struct tix_colsniff cs;

	CHECK_EQ_I64(tix_colsniff_init(&cs, 2), 0);
	feed_rows(&cs, 2, rows, 3);
	CHECK(tix_colsniff_is_date(&cs, 0));
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_MDY);
	CHECK_EQ_I64(cs.c[0].mdy_only, 2);
	CHECK_EQ_I64(cs.c[0].dmy_only, 0);
	/* column 1 never settles itself, but the file's other column does */
	CHECK(tix_colsniff_is_date(&cs, 1));
	CHECK_EQ_I64(cs.c[1].ambiguous, 3);
	CHECK_ORDER(&cs, 1, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_MDY);
	tix_colsniff_release(&cs);
}

static void test_ambiguous(void)
{
	static const char *const alone[] = {
		"03/04/2024", "05/06/2024", "01/02/2024",
	};
	static const char *const with_dmy[] = {
		"03/04/2024", "25/12/2023",
		"05/06/2024", "01/02/2023",
	};
	static const char *const conflict[] = {
		"03/04/2024", "25/12/2023", "12/25/2023",
		"05/06/2024", "01/02/2023", "01/02/2023",
	};
	struct tix_colsniff cs;

	/* nothing in the file says */
	CHECK_EQ_I64(tix_colsniff_init(&cs, 1), 0);
	feed_rows(&cs, 1, alone, 3);
	CHECK(tix_colsniff_is_date(&cs, 0));
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_AMBIGUOUS,
	    TIX_DORD_UNKNOWN);
	CHECK_EQ_STR(cs.c[0].ambig_sample, "03/04/2024");
	/* the caller's order settles it */
	CHECK_ORDER(&cs, 0, TIX_DORD_DMY, TIX_ORDER_OK, TIX_DORD_DMY);
	CHECK_ORDER(&cs, 0, TIX_DORD_MDY, TIX_ORDER_OK, TIX_DORD_MDY);
	tix_colsniff_release(&cs);

	/* another column of the same file settles it */
	CHECK_EQ_I64(tix_colsniff_init(&cs, 2), 0);
	feed_rows(&cs, 2, with_dmy, 2);
	CHECK_ORDER(&cs, 1, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_DMY);
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_DMY);
	tix_colsniff_release(&cs);

	/* two columns that disagree settle nothing for a third */
	CHECK_EQ_I64(tix_colsniff_init(&cs, 3), 0);
	feed_rows(&cs, 3, conflict, 2);
	CHECK_ORDER(&cs, 1, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_DMY);
	CHECK_ORDER(&cs, 2, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_MDY);
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_AMBIGUOUS,
	    TIX_DORD_UNKNOWN);
	tix_colsniff_release(&cs);
}

static void test_iso_and_text(void)
{
	static const char *const rows[] = {
		"2024-03-05 14:22:10", "hello", "5 Mar 2024",
		"2024-03-06T01:00:00Z", "printer broken", "6 Mar 2024",
		"2024-03-07 09:00:00", "12", "March 7, 2024",
	};
	struct tix_colsniff cs;

	CHECK_EQ_I64(tix_colsniff_init(&cs, 3), 0);
	feed_rows(&cs, 3, rows, 3);
	CHECK(tix_colsniff_is_date(&cs, 0));
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_UNKNOWN);
	CHECK_EQ_I64(cs.c[0].ambiguous, 0);
	CHECK_EQ_STR(cs.c[0].sample, "2024-03-05 14:22:10");
	CHECK(!tix_colsniff_is_date(&cs, 1));
	CHECK_EQ_I64(cs.c[1].dates, 0);
	CHECK(tix_colsniff_is_date(&cs, 2));
	CHECK_ORDER(&cs, 2, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_UNKNOWN);
	/* an all-null column is not a date column */
	tix_colsniff_release(&cs);

	CHECK_EQ_I64(tix_colsniff_init(&cs, 2), 0);
	{
		static const char *const nulls[] = { "", "2024-01-01", "N/A",
			"2024-01-02" };

		feed_rows(&cs, 2, nulls, 2);
	}
	CHECK(!tix_colsniff_is_date(&cs, 0));
	CHECK_EQ_I64(cs.c[0].nonnull, 0);
	CHECK(tix_colsniff_is_date(&cs, 1));
	tix_colsniff_release(&cs);
}

/* One junk value in 200 leaves a date column a date column; 3 do not. */
static void test_junk(void)
{
	struct tix_colsniff cs;
	char d[32];
	const char *row[2];
	int i;

	CHECK_EQ_I64(tix_colsniff_init(&cs, 2), 0);
	row[0] = d;
	for (i = 0; i < 200; i++) {
		snprintf(d, sizeof(d), "%d/%d/2023 10:%02d", i % 28 + 1,
		    i % 12 + 1, i % 60);
		row[1] = i % 10 ? "2023-05-01" : "garbage";
		feed(&cs, 2, row);
	}
	row[0] = "see notes";
	row[1] = "2023-05-01";
	feed(&cs, 2, row);
	CHECK_EQ_I64(cs.c[0].nonnull, 201);
	CHECK_EQ_I64(cs.c[0].fails, 1);
	CHECK(tix_colsniff_is_date(&cs, 0));
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_DMY);
	/* one value in ten is junk: not a date column */
	CHECK(!tix_colsniff_is_date(&cs, 1));
	row[0] = "ask Bob";
	feed(&cs, 2, row);
	row[0] = "?x?";
	feed(&cs, 2, row);
	CHECK_EQ_I64(cs.c[0].fails, 3);
	CHECK(!tix_colsniff_is_date(&cs, 0));
	tix_colsniff_release(&cs);
}

/*
 * colsniff.h: a date column is one where "at most 1% of its values are
 * not" dates, wherever in the file the junk is: 25 placeholders at the top
 * of 5000 values are 0.5%.
 */
static void test_junk_first(void)
{
	struct tix_colsniff cs;
	char d[32];
	const char *row[1];
	int i;

	CHECK_EQ_I64(tix_colsniff_init(&cs, 1), 0);
	row[0] = "not resolved yet";
	for (i = 0; i < 25; i++)
		feed(&cs, 1, row);
	row[0] = d;
	for (i = 0; i < 4975; i++) {
		snprintf(d, sizeof(d), "%d/%d/2023 10:%02d", i % 28 + 1,
		    i % 12 + 1, i % 60);
		feed(&cs, 1, row);
	}
	CHECK_EQ_I64(cs.rows, 5000);
	CHECK(tix_colsniff_is_date(&cs, 0));
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_DMY);
	tix_colsniff_release(&cs);
}

/* Records with a problem are not looked at. */
static void test_bad_records(void)
{
	struct tix_colsniff cs;
	struct tix_record rec;
	char v[] = "25/12/2023";
	char *f[1] = { v };
	size_t len[1] = { 10 };

	CHECK_EQ_I64(tix_colsniff_init(&cs, 1), 0);
	memset(&rec, 0, sizeof(rec));
	rec.n = 1;
	rec.f = f;
	rec.len = len;
	rec.raw = v;
	rec.problem = TIX_REC_WIDTH;
	tix_colsniff_feed(&cs, &rec);
	CHECK_EQ_I64(cs.rows, 0);
	CHECK_EQ_I64(cs.c[0].dates, 0);
	rec.problem = TIX_REC_OK;
	tix_colsniff_feed(&cs, &rec);
	CHECK_EQ_I64(cs.rows, 1);
	CHECK_EQ_I64(cs.c[0].dmy_only, 1);
	/* a short record leaves the missing columns alone */
	tix_colsniff_release(&cs);
	CHECK_EQ_I64(tix_colsniff_init(&cs, 3), 0);
	tix_colsniff_feed(&cs, &rec);
	CHECK_EQ_I64(cs.rows, 1);
	CHECK_EQ_I64(cs.c[1].nonnull, 0);
	CHECK_EQ_I64(cs.c[2].nonnull, 0);
	tix_colsniff_release(&cs);
}

static void test_settled(void)
{
	struct tix_colsniff cs;
	const char *row[3];
	int i;

	/* settled from the first rows, but 1000 are needed */
	CHECK_EQ_I64(tix_colsniff_init(&cs, 3), 0);
	row[0] = "25/12/2023 10:00";
	row[1] = "03/04/2024";
	row[2] = "some text";
	for (i = 0; i < 999; i++)
		feed(&cs, 3, row);
	CHECK_EQ_I64(cs.rows, 999);
	CHECK(!tix_colsniff_settled(&cs));
	feed(&cs, 3, row);
	CHECK(tix_colsniff_settled(&cs));
	tix_colsniff_release(&cs);

	/* an ambiguous column alone: never settled */
	CHECK_EQ_I64(tix_colsniff_init(&cs, 2), 0);
	row[0] = "03/04/2024";
	row[1] = "hello";
	for (i = 0; i < 1500; i++)
		feed(&cs, 2, row);
	CHECK(!tix_colsniff_settled(&cs));
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_AMBIGUOUS,
	    TIX_DORD_UNKNOWN);
	/* until a value settles it */
	row[0] = "3/13/2024";
	feed(&cs, 2, row);
	CHECK(tix_colsniff_settled(&cs));
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_MDY);
	tix_colsniff_release(&cs);

	/* the ambiguous column settled by the file's other column */
	CHECK_EQ_I64(tix_colsniff_init(&cs, 2), 0);
	row[0] = "03/04/2024";
	row[1] = "04/05/2024";
	for (i = 0; i < 1000; i++)
		feed(&cs, 2, row);
	CHECK(!tix_colsniff_settled(&cs));
	row[1] = "13/05/2024";
	feed(&cs, 2, row);
	CHECK(tix_colsniff_settled(&cs));
	CHECK_ORDER(&cs, 0, TIX_DORD_UNKNOWN, TIX_ORDER_OK, TIX_DORD_DMY);
	tix_colsniff_release(&cs);

	/* no date column at all: nothing to settle after 1000 rows */
	CHECK_EQ_I64(tix_colsniff_init(&cs, 1), 0);
	row[0] = "plain";
	for (i = 0; i < 999; i++)
		feed(&cs, 1, row);
	CHECK(!tix_colsniff_settled(&cs));
	feed(&cs, 1, row);
	CHECK(tix_colsniff_settled(&cs));
	tix_colsniff_release(&cs);
}

int main(void)
{
	test_dmy();
	test_mdy();
	test_ambiguous();
	test_iso_and_text();
	test_junk();
	test_junk_first();
	test_bad_records();
	test_settled();
	TEST_DONE();
}
