/*
 * fuzz_report.c - libFuzzer harness for what the report does to text from
 * the data before a browser or a chat sees it: tix_triage_redact (hide
 * e-mail addresses and phone numbers), tix_buf_add_xml (escape for HTML
 * and SVG) and the SVG charts drawn with that text as titles and labels
 * (libanalyze/triage.c, libanalyze/chart.c).
 *
 * The input is the text; its bytes also make a short series for the chart.
 * Invariants (abort() when broken):
 *   - redaction never fails for lack of room on small inputs, and what it
 *     gives back, redacted again, is unchanged (nothing left to hide);
 *   - escaped text is valid UTF-8 without '<', '>', '"', '\'', control
 *     characters (but tab and line ends) or U+FFFE/U+FFFF, and every '&'
 *     starts one of the five entities written;
 *   - a chart is one <svg ...>...</svg> element whose tags nest, with no
 *     "nan" or "inf" in a tag (the text between tags is the data's).
 */
#include "chart.h"
#include "tix.h"
#include "triage.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_report: invariant broken: %s\n", what);
	abort();
}

static void check_escaped(const char *s, size_t n)
{
	size_t i;

	if (tix_utf8_valid(s, n) != n)
		fail("escaped text is not valid UTF-8");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '<' || c == '>' || c == '"' || c == '\'')
			fail("a markup character left unescaped");
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			fail("a control character left in");
		if (c == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbf &&
		    ((unsigned char)s[i + 2] & 0xfe) == 0xbe)
			fail("U+FFFE or U+FFFF left in");
		if (c == '&' && strncmp(s + i, "&amp;", 5) && strncmp(s + i, "&lt;", 4) &&
		    strncmp(s + i, "&gt;", 4) && strncmp(s + i, "&quot;", 6) &&
		    strncmp(s + i, "&#39;", 5))
			fail("a bare '&'");
	}
}

static void check_svg(const char *s)
{
	int depth = 0;
	const char *p = s;

	if (strncmp(s, "<svg ", 5) || strcmp(s + strlen(s) - 6, "</svg>"))
		fail("a chart is not one svg element");
	while ((p = strchr(p, '<'))) {
		const char *e = strchr(p, '>');

		if (!e)
			fail("an unclosed tag");
		/* the numbers are in the tags; the first one's aria-label holds
		   the title, and text between tags is the data's */
		if (p != s) {
			size_t k;

			for (k = 0; p + k + 3 <= e; k++)
				if (!strncmp(p + k, "nan", 3) || !strncmp(p + k, "inf", 3))
					fail("nan or inf in a chart");
		}
		if (p[1] == '/')
			depth--;
		else if (e[-1] != '/')
			depth++;
		if (depth < 0)
			fail("a closing tag without its opening one");
		p = e + 1;
	}
	if (depth)
		fail("tags do not nest");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct tix_buf r, r2, x, svg;
	double v[16];
	size_t i, n = size < 16 ? size : 16;

	tix_buf_init(&r, SIZE_MAX);
	tix_buf_init(&r2, SIZE_MAX);
	tix_buf_init(&x, SIZE_MAX);
	tix_buf_init(&svg, SIZE_MAX);
	if (tix_triage_redact(text, size, &r) < 0)
		fail("redaction failed");
	if (r.len && tix_triage_redact(r.s, r.len, &r2) < 0)
		fail("second redaction failed");
	if (r.len != r2.len || (r.len && memcmp(r.s, r2.s, r.len)))
		fail("redacted text still had something to hide");
	if (tix_buf_add_xml(&x, text, size) < 0)
		fail("escaping failed");
	if (x.len)
		check_escaped(x.s, x.len);
	for (i = 0; i < n; i++)
		v[i] = data[i] == 0xff ? NAN : (double)data[i];
	{
		char *label = malloc(size + 1);
		const char *labels[2];
		double bars[2] = { n ? v[0] : 0, (double)size };
		struct tix_chart_mark m = { (enum tix_mark_kind)(size % 3), n / 2, n ? n - 1 : 0,
					    n ? v[0] : 0, n > 1 ? v[1] : 0 };
		struct tix_series_chart c;

		if (!label)
			fail("out of memory");
		memcpy(label, text, size);
		label[size] = '\0';
		labels[0] = label;
		labels[1] = "x";
		memset(&c, 0, sizeof(c));
		c.title = label;
		c.x = v;
		c.n = n;
		c.first_label = label;
		c.last_label = label;
		c.shade = 1;
		c.shade_from = n / 3;
		c.shade_to = n ? n - 1 : 0;
		c.mark = &m;
		c.nmarks = 1;
		if (tix_svg_series(&svg, &c) < 0)
			fail("series chart failed");
		check_svg(svg.s);
		tix_buf_reset(&svg);
		if (tix_svg_bars(&svg, label, labels, bars, bars, 2, label, "b") < 0)
			fail("bar chart failed");
		check_svg(svg.s);
		free(label);
	}
	tix_buf_release(&r);
	tix_buf_release(&r2);
	tix_buf_release(&x);
	tix_buf_release(&svg);
	return 0;
}
