/*
 * chart.h - small SVG charts for the report: a time series with the
 * period shaded and the findings marked, and horizontal bars with the
 * previous period beside them.  Each chart is one <svg class="tix-chart">
 * element, valid XML, with fixed width and height and a viewBox (CSS may
 * scale it), whose first child is a frame drawn in TIX_CHART_FRAME - a
 * colour nothing else uses, so a screenshot's charts can be found and
 * counted (tests/browser/pngcheck.py).  Same input, same bytes.
 *
 * The library never prints: the charts are appended to a tix_buf; -1 when
 * it cannot grow.
 */
#ifndef TIX_CHART_H
#define TIX_CHART_H

#include <stddef.h>

#include "tix.h"

#define TIX_CHART_FRAME "#b4c0cf"

enum tix_mark_kind { TIX_MARK_SPIKE, TIX_MARK_SHIFT, TIX_MARK_TREND };

struct tix_chart_mark {
	enum tix_mark_kind kind;
	size_t from, to;	/* bins: the spike's bins; the shift's first new
				   bin (to: the last bin of the new level); the
				   trend's first and last bin */
	double y0, y1;		/* shift: level before and after; trend: the
				   fitted values at from and to (per bin) */
};

struct tix_series_chart {
	const char *title;		/* text, escaped here */
	const double *x;		/* x[0 .. n-1], NAN: missing */
	size_t n;
	const char *first_label, *last_label;	/* under the ends of the axis */
	int shade;			/* 1: shade bins shade_from .. shade_to */
	size_t shade_from, shade_to;
	const struct tix_chart_mark *mark;
	size_t nmarks;
};

int tix_svg_series(struct tix_buf *b, const struct tix_series_chart *c);

/*
 * Bars for label[i] with value v[i] (>= 0), and when prev is not NULL a
 * thinner bar for prev[i] under each; n >= 1.  The labels are cut to 28
 * characters.
 */
int tix_svg_bars(struct tix_buf *b, const char *title, const char *const *label,
		 const double *v, const double *prev, size_t n, const char *now_name,
		 const char *prev_name);

/* Append s[0..n) with &, <, >, " and ' written as entities (HTML and XML);
   invalid UTF-8 bytes become U+FFFD. */
int tix_buf_add_xml(struct tix_buf *b, const char *s, size_t n);

#endif
