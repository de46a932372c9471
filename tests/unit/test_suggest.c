/* test_suggest.c - the Fisher test, the rates and the verdict rule of suggest.h
   on hand-made tables.  Expected p values were computed exactly, with
   integers (Python's math.comb and fractions), not with GSL. */
#include <math.h>
#include <string.h>

#include "suggest.h"
#include "unit.h"

#define NEAR(a, b, tol) (fabs((a) - (b)) <= (tol))

/* f: n fixes with (tickets, failures) pairs */
static void table(struct tix_fix *f, size_t n, const size_t (*tf)[2])
{
	size_t i;

	memset(f, 0, n * sizeof(*f));
	for (i = 0; i < n; i++) {
		f[i].tickets = tf[i][0];
		f[i].failures = tf[i][1];
	}
	tix_fix_rates(f, n);
}

int main(void)
{
	struct tix_fix f[4];
	long best;

	/* Fisher, one-sided: the lady tasting tea, all four right: 1/70 */
	CHECK(NEAR(tix_fisher_greater(0, 4, 4, 4), 1.0 / 70, 1e-12));
	CHECK(NEAR(tix_fisher_greater(5, 10, 5, 10), 0.6718591006516703, 1e-12));
	CHECK(NEAR(tix_fisher_greater(1, 10, 6, 10), 0.02863777089783282, 1e-12));
	CHECK(NEAR(tix_fisher_greater(5, 100, 30, 100), 1.7738477276577934e-06, 1e-15));
	CHECK(NEAR(tix_fisher_greater(10, 100, 20, 100), 0.03671379486068819, 1e-12));
	CHECK_EQ_I64((int64_t)tix_fisher_greater(3, 10, 0, 10), 1);	/* no failures: 1 */
	CHECK(isnan(tix_fisher_greater(0, 0, 1, 5)));
	CHECK(isnan(tix_fisher_greater(1, 5, 0, 0)));
	/* the row that fails less is never "greater" */
	CHECK(tix_fisher_greater(6, 10, 1, 10) > 0.99);

	/* rates and Wilson 95% intervals (Newcombe 1998: 0/10 -> 0 to 0.2775,
	   5/10 -> 0.2366 to 0.7634) */
	memset(f, 0, sizeof(f));
	f[0].tickets = 10;
	f[0].reopened = 0;
	f[0].repeats = 5;
	f[0].failures = 5;
	f[0].csat_rated = 4;
	f[0].csat_good = 3;
	tix_fix_rates(f, 2);
	CHECK(NEAR(f[0].reopen_rate, 0, 1e-12));
	CHECK(NEAR(f[0].reopen_low, 0, 1e-12));
	CHECK(NEAR(f[0].reopen_high, 0.2775, 1e-4));
	CHECK(NEAR(f[0].repeat_rate, 0.5, 1e-12));
	CHECK(NEAR(f[0].repeat_low, 0.2366, 1e-4));
	CHECK(NEAR(f[0].repeat_high, 0.7634, 1e-4));
	CHECK(NEAR(f[0].csat_good_rate, 0.75, 1e-12));
	/* no tickets, no ratings: NAN, never a division by zero */
	CHECK(isnan(f[1].failure_rate) && isnan(f[1].failure_low) && isnan(f[1].failure_high));
	CHECK(isnan(f[1].csat_good_rate));

	/* a clear winner: 5% against 30% and 35% */
	{
		static const size_t t[3][2] = { { 100, 30 }, { 100, 5 }, { 100, 35 } };

		table(f, 3, t);
		best = tix_fix_verdicts(f, 3, 10, 0.05);
		CHECK_EQ_I64(best, 1);
		CHECK_EQ_I64(f[1].verdict, TIX_BEST);
		CHECK_EQ_I64(f[0].verdict, TIX_WORSE);
		CHECK_EQ_I64(f[2].verdict, TIX_WORSE);
		CHECK(isnan(f[1].p_worse));
		CHECK(f[0].p_worse < 0.05 && f[2].p_worse < 0.05);
		CHECK_EQ_STR(tix_verdict_name(f[1].verdict), "best");
		CHECK_EQ_STR(tix_verdict_name(f[0].verdict), "worse");
	}

	/* a tie: 10% and 11% - no winner by noise */
	{
		static const size_t t[2][2] = { { 100, 10 }, { 100, 11 } };

		table(f, 2, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 2, 10, 0.05), -1);
		CHECK_EQ_I64(f[0].verdict, TIX_UNCLEAR);
		CHECK_EQ_I64(f[1].verdict, TIX_UNCLEAR);
		CHECK_EQ_STR(tix_verdict_name(f[0].verdict), "unclear");
	}

	/* equal rates: no winner whatever the sizes */
	{
		static const size_t t[2][2] = { { 1000, 100 }, { 1000, 100 } };

		table(f, 2, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 2, 10, 0.05), -1);
		CHECK_EQ_I64(f[0].verdict, TIX_UNCLEAR);
		CHECK_EQ_I64(f[1].verdict, TIX_UNCLEAR);
	}

	/* too few tickets: 0 of 3 against 3 of 3, below min_tickets 5 */
	{
		static const size_t t[2][2] = { { 3, 0 }, { 3, 3 } };

		table(f, 2, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 2, 5, 0.05), -1);
		CHECK_EQ_I64(f[0].verdict, TIX_UNCLEAR);
		CHECK_EQ_I64(f[1].verdict, TIX_UNCLEAR);
		/* at min_tickets 3 they are compared: p = 1/20, a winner at
		   alpha 0.06, none at 0.04 */
		CHECK(NEAR(tix_fisher_greater(0, 3, 3, 3), 0.05, 1e-12));
		CHECK_EQ_I64(tix_fix_verdicts(f, 2, 3, 0.06), 0);
		CHECK_EQ_I64(f[1].verdict, TIX_WORSE);
		CHECK_EQ_I64(tix_fix_verdicts(f, 2, 3, 0.04), -1);
		CHECK_EQ_I64(f[1].verdict, TIX_UNCLEAR);
	}

	/* a small fix does not take part: 0/4 is not the reference at 10 */
	{
		static const size_t t[3][2] = { { 4, 0 }, { 200, 10 }, { 200, 60 } };

		table(f, 3, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 3, 10, 0.05), 1);
		CHECK_EQ_I64(f[0].verdict, TIX_UNCLEAR);
		CHECK(isnan(f[0].p_worse));
		CHECK_EQ_I64(f[2].verdict, TIX_WORSE);
	}

	/* two good fixes and a bad one: the bad one is worse, no best */
	{
		static const size_t t[3][2] = { { 100, 5 }, { 100, 6 }, { 100, 40 } };

		table(f, 3, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 3, 10, 0.05), -1);
		CHECK_EQ_I64(f[0].verdict, TIX_UNCLEAR);
		CHECK_EQ_I64(f[1].verdict, TIX_UNCLEAR);
		CHECK_EQ_I64(f[2].verdict, TIX_WORSE);
	}

	/* Holm: two comparisons at p = 0.0367 each are worse alone, but not
	   both against alpha / 2 = 0.025: nothing is worse, no best */
	{
		static const size_t t[3][2] = { { 100, 10 }, { 100, 20 }, { 100, 20 } };

		table(f, 3, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 3, 10, 0.05), -1);
		CHECK_EQ_I64(f[1].verdict, TIX_UNCLEAR);
		CHECK_EQ_I64(f[2].verdict, TIX_UNCLEAR);
		CHECK(NEAR(f[1].p_worse, 2 * 0.03671379486068819, 1e-12));
		/* one of them alone is */
		CHECK_EQ_I64(tix_fix_verdicts(f, 2, 10, 0.05), 0);
		CHECK_EQ_I64(f[1].verdict, TIX_WORSE);
	}

	/* Holm step down: p 0.0247 passes alpha / 2, then p 0.0535 fails alpha */
	{
		static const size_t t[3][2] = { { 100, 10 }, { 100, 21 }, { 100, 19 } };

		table(f, 3, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 3, 10, 0.05), -1);
		CHECK_EQ_I64(f[1].verdict, TIX_WORSE);
		CHECK_EQ_I64(f[2].verdict, TIX_UNCLEAR);
	}

	/* of equal rates, the fix with more tickets is the reference */
	{
		static const size_t t[3][2] = { { 50, 5 }, { 500, 50 }, { 500, 250 } };

		table(f, 3, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 3, 10, 0.05), -1);
		CHECK(isnan(f[1].p_worse));
		CHECK(!isnan(f[0].p_worse));
		CHECK_EQ_I64(f[2].verdict, TIX_WORSE);
	}

	/* one fix, or none: nothing to compare */
	{
		static const size_t t[1][2] = { { 100, 1 } };

		table(f, 1, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 1, 10, 0.05), -1);
		CHECK_EQ_I64(f[0].verdict, TIX_UNCLEAR);
		CHECK_EQ_I64(tix_fix_verdicts(f, 0, 10, 0.05), -1);
	}

	/* every ticket a failure, and none: p stays in [0, 1] */
	{
		static const size_t t[2][2] = { { 30, 0 }, { 30, 30 } };

		table(f, 2, t);
		CHECK_EQ_I64(tix_fix_verdicts(f, 2, 10, 0.05), 0);
		CHECK(f[1].p_worse >= 0 && f[1].p_worse < 1e-10);
	}
	TEST_DONE();
}
