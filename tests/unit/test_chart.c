/* test_chart.c - the report's SVG charts, XML escaping and PII redaction. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "triage.h"
#include "unit.h"

static int count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s += strlen(what);
	}
	return n;
}

/* every '<' opens a tag that closes with '>' before the next '<', and the
   elements nest: open tags minus self-closed ones equal closing tags */
static int well_nested(const char *s)
{
	int depth = 0;

	while ((s = strchr(s, '<'))) {
		const char *e = strchr(s, '>'), *lt = strchr(s + 1, '<');

		if (!e || (lt && lt < e))
			return 0;
		if (s[1] == '/')
			depth--;
		else if (e[-1] != '/')
			depth++;
		if (depth < 0)
			return 0;
		s = e + 1;
	}
	return depth == 0;
}

static void redacted(const char *in, const char *want)
{
	struct tix_buf b;

	tix_buf_init(&b, SIZE_MAX);
	CHECK(tix_triage_redact(in, strlen(in), &b) == 0);
	CHECK_EQ_STR(b.s ? b.s : "", want);
	tix_buf_release(&b);
}

int main(void)
{
	struct tix_buf b, b2;
	double x[10] = { 1, 2, 3, 2, 1, 9, 2, 2, NAN, 3 };
	struct tix_chart_mark m = { TIX_MARK_SPIKE, 5, 5, 2, 9 };
	struct tix_series_chart c;
	const char *lab[3] = { "Billing & <refunds>", "Login", "\"quoted\" 'name' \x01\xff" };
	double v[3] = { 10, 0, 3 }, pv[3] = { 5, 2, NAN };

	tix_buf_init(&b, SIZE_MAX);
	tix_buf_init(&b2, SIZE_MAX);

	/* escaping: entities, control characters and bad bytes replaced */
	CHECK(tix_buf_add_xml(&b, "a&b<c>\"d'\x02\xc3\xa9\xff", 13) == 0);
	CHECK_EQ_STR(b.s, "a&amp;b&lt;c&gt;&quot;d&#39;\xEF\xBF\xBD\xc3\xa9\xEF\xBF\xBD");
	tix_buf_reset(&b);
	/* noncharacters U+FFFE and U+FFFF are not XML either */
	CHECK(tix_buf_add_xml(&b, "a\xef\xbf\xbe\xef\xbf\xbfz\xef\xbf\xbd", 11) == 0);
	CHECK_EQ_STR(b.s, "a\xEF\xBF\xBD\xEF\xBF\xBDz\xEF\xBF\xBD");
	tix_buf_reset(&b);

	/* a series: one frame, shading, a broken line at NAN, the spike marked */
	memset(&c, 0, sizeof(c));
	c.title = "Spike: Billing & co";
	c.x = x;
	c.n = 10;
	c.first_label = "2026-11-01";
	c.last_label = "2026-11-10";
	c.shade = 1;
	c.shade_from = 7;
	c.shade_to = 9;
	c.mark = &m;
	c.nmarks = 1;
	CHECK(tix_svg_series(&b, &c) == 0);
	{
		const char *head = "<svg class=\"tix-chart\" xmlns=\"http://www.w3.org/2000/svg\"";

		CHECK(!strncmp(b.s, head, strlen(head)));
	}
	CHECK_EQ_I64(count(b.s, "<svg"), 1);
	CHECK_EQ_I64(count(b.s, TIX_CHART_FRAME), 1);
	CHECK(strstr(b.s, "<rect class=\"frame\"") != NULL);
	CHECK(strstr(b.s, "Billing &amp; co") != NULL);
	CHECK_EQ_I64(count(b.s, "<polyline"), 2);	/* split at the missing day */
	CHECK_EQ_I64(count(b.s, "r=\"2\""), 1);		/* the lone last point */
	CHECK_EQ_I64(count(b.s, "r=\"3.5\""), 1);	/* the spike */
	CHECK(strstr(b.s, "nan") == NULL && strstr(b.s, "inf") == NULL);
	CHECK(well_nested(b.s));
	/* the axis goes to a round number above the maximum (9 -> 10) */
	CHECK(strstr(b.s, ">10</text>") != NULL);
	/* the same input, the same bytes */
	CHECK(tix_svg_series(&b2, &c) == 0);
	CHECK_EQ_STR(b.s, b2.s);
	tix_buf_reset(&b);

	/* all zeros and a single bin: no division by zero */
	{
		double z[1] = { 0 };

		c.x = z;
		c.n = 1;
		c.nmarks = 0;
		c.shade_from = c.shade_to = 0;
		CHECK(tix_svg_series(&b, &c) == 0);
		CHECK(strstr(b.s, "nan") == NULL && strstr(b.s, "inf") == NULL);
		CHECK(well_nested(b.s));
		tix_buf_reset(&b);
	}

	/* a shift and a trend mark */
	{
		struct tix_chart_mark mk[2] = {
			{ TIX_MARK_SHIFT, 4, 9, 2, 6 }, { TIX_MARK_TREND, 0, 9, 1, 4 }
		};

		c.x = x;
		c.n = 10;
		c.mark = mk;
		c.nmarks = 2;
		CHECK(tix_svg_series(&b, &c) == 0);
		CHECK_EQ_I64(count(b.s, "stroke-dasharray"), 2);
		CHECK(well_nested(b.s));
		tix_buf_reset(&b);
	}

	/* bars: escaped labels, a legend with a previous period, NAN as 0 */
	CHECK(tix_svg_bars(&b, "Tickets by category", lab, v, pv, 3, "this week", "last week") == 0);
	CHECK_EQ_I64(count(b.s, TIX_CHART_FRAME), 1);
	CHECK(strstr(b.s, "Billing &amp; &lt;refunds&gt;") != NULL);
	CHECK(strstr(b.s, "&quot;quoted&quot; &#39;name&#39;") != NULL);
	CHECK(strstr(b.s, "this week") != NULL && strstr(b.s, "last week") != NULL);
	CHECK(strstr(b.s, "nan") == NULL);
	CHECK(well_nested(b.s));
	/* 3 current bars, 3 previous ones, 2 legend swatches, the frame */
	CHECK_EQ_I64(count(b.s, "<rect"), 9);
	tix_buf_reset(&b);
	/* without the previous period: no legend */
	CHECK(tix_svg_bars(&b, "t", lab, v, NULL, 3, NULL, NULL) == 0);
	CHECK_EQ_I64(count(b.s, "<rect"), 4);
	tix_buf_reset(&b);
	/* a long label is cut */
	{
		const char *l1[1] = { "abcdefghijklmnopqrstuvwxyz0123456789" };
		double one[1] = { 1 };

		CHECK(tix_svg_bars(&b, "t", l1, one, NULL, 1, NULL, NULL) == 0);
		CHECK(strstr(b.s, "abcdefghijklmnopqrstuvwxyz01\xE2\x80\xA6") != NULL);
		CHECK(strstr(b.s, "0123456789") == NULL);
		tix_buf_reset(&b);
	}

	/* redaction: what the facts finder calls e-mail addresses and phones */
	redacted("mail me at jane.doe@example.com today", "mail me at [e-mail] today");
	redacted("call +60 12-345 6789 or 0123456789", "call [phone] or [phone]");
	redacted("order 2026-11-24 for $25.00, id 123456", "order 2026-11-24 for $25.00, id 123456");
	redacted("see https://tiktok.com/@someone and @handle", "see https://tiktok.com/@someone and @handle");
	redacted("mailto:a@b.co", "mailto:[e-mail]");
	redacted("", "");
	redacted("a@b.co,c@d.org", "[e-mail],[e-mail]");
	/* a number before an address that starts with digits: both hidden */
	redacted("p123456789 (012-671234 345-6712345@d.org", "p123456789 [phone] [e-mail]");

	tix_buf_release(&b);
	tix_buf_release(&b2);
	TEST_DONE();
}
