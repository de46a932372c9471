/* chart.c - small SVG charts: a time series with findings, and bars. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "chart.h"

#define SERIES_W 640
#define SERIES_H 170
#define BAR_W 640

/* the palette; TIX_CHART_FRAME is used by the frame alone */
#define INK "#1f2937"
#define MUTED "#6b7280"
#define GRID "#e5e7eb"
#define LINE "#2563eb"
#define SHADE "#eaf1fe"
#define ALERT "#dc2626"
#define LEVEL "#d97706"
#define PREV "#cbd5e1"

int tix_buf_add_xml(struct tix_buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t ok = tix_utf8_valid(s + i, n - i), j, run = i;

		for (j = i; j < i + ok; j++) {
			unsigned char c = (unsigned char)s[j];
			const char *ent = NULL;

			switch (c) {
			case '&': ent = "&amp;"; break;
			case '<': ent = "&lt;"; break;
			case '>': ent = "&gt;"; break;
			case '"': ent = "&quot;"; break;
			case '\'': ent = "&#39;"; break;
			default:
				/* control characters are not allowed in XML 1.0 */
				if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
					ent = "\xEF\xBF\xBD";
				else if (c == 0x7f)
					ent = "\xEF\xBF\xBD";
			}
			/* U+FFFE and U+FFFF are not allowed either */
			if (c == 0xef && j + 2 < i + ok && (unsigned char)s[j + 1] == 0xbf &&
			    ((unsigned char)s[j + 2] & 0xfe) == 0xbe) {
				if (tix_buf_add(b, s + run, j - run) < 0 ||
				    tix_buf_adds(b, "\xEF\xBF\xBD") < 0)
					return -1;
				j += 2;
				run = j + 1;
				continue;
			}
			if (!ent)
				continue;
			if (tix_buf_add(b, s + run, j - run) < 0 || tix_buf_adds(b, ent) < 0)
				return -1;
			run = j + 1;
		}
		if (tix_buf_add(b, s + run, i + ok - run) < 0)
			return -1;
		i += ok;
		if (i < n) {	/* one invalid byte */
			if (tix_buf_adds(b, "\xEF\xBF\xBD") < 0)
				return -1;
			i++;
		}
	}
	return 0;
}

static int add_text(struct tix_buf *b, const char *s)
{
	return s ? tix_buf_add_xml(b, s, strlen(s)) : 0;
}

/* the smallest 1, 2 or 5 times a power of ten at or above v (v > 0) */
static double nice_ceil(double v)
{
	double p = pow(10, floor(log10(v))), m = v / p;

	if (m <= 1)
		return p;
	if (m <= 2)
		return 2 * p;
	if (m <= 5)
		return 5 * p;
	return 10 * p;
}

/* a number for an axis label: no trailing zeros */
static void axis_num(char *buf, size_t n, double v)
{
	if (fabs(v - round(v)) < 1e-9 && fabs(v) < 1e15)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "%.3g", v);
}

static int open_svg(struct tix_buf *b, int w, int h, const char *title)
{
	if (tix_buf_addf(b, "<svg class=\"tix-chart\" xmlns=\"http://www.w3.org/2000/svg\""
			 " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\""
			 " style=\"overflow:visible\" aria-label=\"", w, h, w, h) < 0 ||
	    add_text(b, title) < 0 ||
	    tix_buf_addf(b, "\" font-family=\"sans-serif\">"
			 "<rect class=\"frame\" x=\"0.5\" y=\"0.5\" width=\"%d\" height=\"%d\""
			 " fill=\"#ffffff\" stroke=\"" TIX_CHART_FRAME "\" stroke-width=\"1\""
			 " shape-rendering=\"crispEdges\" vector-effect=\"non-scaling-stroke\"/>", w - 1, h - 1) < 0 ||
	    tix_buf_adds(b, "<text x=\"10\" y=\"16\" font-size=\"12\" font-weight=\"bold\" fill=\""
			 INK "\">") < 0 ||
	    add_text(b, title) < 0 || tix_buf_adds(b, "</text>") < 0)
		return -1;
	return 0;
}

int tix_svg_series(struct tix_buf *b, const struct tix_series_chart *c)
{
	const double left = 44, right = SERIES_W - 12, top = 28, bottom = SERIES_H - 24;
	double ymax = 0, step, ytop;
	size_t i, k;
	int in_line = 0;
	char num[32];

#define X(i) (c->n > 1 ? left + (right - left) * (double)(i) / (double)(c->n - 1) \
		       : (left + right) / 2)
#define Y(v) (bottom - (bottom - top) * (v) / ytop)
	for (i = 0; i < c->n; i++)
		if (!isnan(c->x[i]) && c->x[i] > ymax)
			ymax = c->x[i];
	for (k = 0; k < c->nmarks; k++) {
		if (isfinite(c->mark[k].y0) && c->mark[k].y0 > ymax)
			ymax = c->mark[k].y0;
		if (isfinite(c->mark[k].y1) && c->mark[k].y1 > ymax)
			ymax = c->mark[k].y1;
	}
	ytop = ymax > 0 ? nice_ceil(ymax) : 1;
	step = ytop / 2;
	if (open_svg(b, SERIES_W, SERIES_H, c->title) < 0)
		return -1;
	/* the period reported on */
	if (c->shade && c->n && c->shade_from <= c->shade_to && c->shade_to < c->n) {
		double half = c->n > 1 ? (right - left) / (double)(c->n - 1) / 2 : 4;
		double x0 = X(c->shade_from) - half, x1 = X(c->shade_to) + half;

		if (x0 < left)
			x0 = left;
		if (x1 > right)
			x1 = right;
		if (tix_buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
				 " fill=\"" SHADE "\"/>", x0, top, x1 - x0, bottom - top) < 0)
			return -1;
	}
	/* grid and its labels */
	for (k = 0; k <= 2; k++) {
		double v = step * (double)k;

		axis_num(num, sizeof(num), v);
		if (tix_buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
				 " stroke=\"" GRID "\" stroke-width=\"1\"/>"
				 "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"" MUTED "\""
				 " text-anchor=\"end\">%s</text>",
				 left, Y(v), right, Y(v), left - 5, Y(v) + 3.5, num) < 0)
			return -1;
	}
	/* the series: one polyline per run without a missing value */
	for (i = 0; i < c->n; i++) {
		if (isnan(c->x[i])) {
			if (in_line && tix_buf_adds(b, "\"/>") < 0)
				return -1;
			in_line = 0;
			continue;
		}
		if (!in_line && tix_buf_adds(b, "<polyline fill=\"none\" stroke=\"" LINE "\""
					    " stroke-width=\"1.5\" stroke-linejoin=\"round\""
					    " points=\"") < 0)
			return -1;
		if (tix_buf_addf(b, "%s%.1f,%.1f", in_line ? " " : "", X(i), Y(c->x[i])) < 0)
			return -1;
		in_line = 1;
	}
	if (in_line && tix_buf_adds(b, "\"/>") < 0)
		return -1;
	/* a lone point would be invisible as a line */
	for (i = 0; i < c->n; i++)
		if (!isnan(c->x[i]) && (i == 0 || isnan(c->x[i - 1])) &&
		    (i + 1 == c->n || isnan(c->x[i + 1])) &&
		    tix_buf_addf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"" LINE "\"/>",
				 X(i), Y(c->x[i])) < 0)
			return -1;
	/* the findings */
	for (k = 0; k < c->nmarks; k++) {
		const struct tix_chart_mark *m = &c->mark[k];
		size_t to = m->to < c->n ? m->to : (c->n ? c->n - 1 : 0);

		if (m->from >= c->n)
			continue;
		switch (m->kind) {
		case TIX_MARK_SPIKE:
			for (i = m->from; i <= to; i++)
				if (!isnan(c->x[i]) &&
				    tix_buf_addf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\""
						 " fill=\"" ALERT "\"/>", X(i), Y(c->x[i])) < 0)
					return -1;
			break;
		case TIX_MARK_SHIFT:
			if (tix_buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
					 " stroke=\"" ALERT "\" stroke-width=\"1.5\""
					 " stroke-dasharray=\"4 3\"/>",
					 X(m->from), top, X(m->from), bottom) < 0)
				return -1;
			if (isfinite(m->y0) && m->from > 0 &&
			    tix_buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
					 " stroke=\"" LEVEL "\" stroke-width=\"2\"/>",
					 X(0), Y(m->y0), X(m->from), Y(m->y0)) < 0)
				return -1;
			if (isfinite(m->y1) &&
			    tix_buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
					 " stroke=\"" LEVEL "\" stroke-width=\"2\"/>",
					 X(m->from), Y(m->y1), X(to), Y(m->y1)) < 0)
				return -1;
			break;
		case TIX_MARK_TREND:
			if (isfinite(m->y0) && isfinite(m->y1) &&
			    tix_buf_addf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
					 " stroke=\"" ALERT "\" stroke-width=\"2\""
					 " stroke-dasharray=\"6 3\"/>",
					 X(m->from), Y(m->y0), X(to), Y(m->y1)) < 0)
				return -1;
			break;
		}
	}
	/* the ends of the time axis */
	if (c->first_label &&
	    (tix_buf_addf(b, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"" MUTED "\">",
			  left, SERIES_H - 8) < 0 ||
	     add_text(b, c->first_label) < 0 || tix_buf_adds(b, "</text>") < 0))
		return -1;
	if (c->last_label &&
	    (tix_buf_addf(b, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"" MUTED "\""
			  " text-anchor=\"end\">", right, SERIES_H - 8) < 0 ||
	     add_text(b, c->last_label) < 0 || tix_buf_adds(b, "</text>") < 0))
		return -1;
#undef X
#undef Y
	return tix_buf_adds(b, "</svg>");
}

/* the first max characters of s (UTF-8), "..." when cut */
static int add_cut(struct tix_buf *b, const char *s, size_t max)
{
	size_t i = 0, chars = 0, len = strlen(s);

	while (i < len && chars < max) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	if (tix_buf_add_xml(b, s, i) < 0)
		return -1;
	return i < len ? tix_buf_adds(b, "\xE2\x80\xA6") : 0;
}

int tix_svg_bars(struct tix_buf *b, const char *title, const char *const *label,
		 const double *v, const double *prev, size_t n, const char *now_name,
		 const char *prev_name)
{
	const double left = 200, right = BAR_W - 56, top = prev ? 40 : 28, row = prev ? 24 : 20;
	double vmax = 0;
	int h = (int)(top + row * (double)n + 10);
	size_t i;
	char num[32];

	for (i = 0; i < n; i++) {
		if (isfinite(v[i]) && v[i] > vmax)
			vmax = v[i];
		if (prev && isfinite(prev[i]) && prev[i] > vmax)
			vmax = prev[i];
	}
	if (vmax <= 0)
		vmax = 1;
	if (open_svg(b, BAR_W, h, title) < 0)
		return -1;
	if (prev &&
	    (tix_buf_adds(b, "<rect x=\"10\" y=\"24\" width=\"10\" height=\"8\" fill=\"" LINE "\"/>"
			  "<text x=\"24\" y=\"32\" font-size=\"10\" fill=\"" MUTED "\">") < 0 ||
	     add_text(b, now_name) < 0 ||
	     tix_buf_adds(b, "</text><rect x=\"130\" y=\"24\" width=\"10\" height=\"8\" fill=\""
			  PREV "\"/><text x=\"144\" y=\"32\" font-size=\"10\" fill=\""
			  MUTED "\">") < 0 ||
	     add_text(b, prev_name) < 0 || tix_buf_adds(b, "</text>") < 0))
		return -1;
	for (i = 0; i < n; i++) {
		double y = top + row * (double)i, val = isfinite(v[i]) && v[i] > 0 ? v[i] : 0;
		double w = (right - left) * val / vmax;

		if (tix_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"" INK "\""
				 " text-anchor=\"end\">", left - 6, y + 11) < 0 ||
		    add_cut(b, label[i], 28) < 0 || tix_buf_adds(b, "</text>") < 0)
			return -1;
		/* a value of 0 still shows a sliver, so the row is not read as missing */
		if (tix_buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12\""
				 " fill=\"" LINE "\"/>", left, y + 2, w > 1 ? w : 1) < 0)
			return -1;
		axis_num(num, sizeof(num), val);
		if (tix_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"" INK "\">"
				 "%s</text>", left + (w > 1 ? w : 1) + 4, y + 11, num) < 0)
			return -1;
		if (prev) {
			double pv = isfinite(prev[i]) && prev[i] > 0 ? prev[i] : 0;
			double pw = (right - left) * pv / vmax;

			if (tix_buf_addf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"5\""
					 " fill=\"" PREV "\"/>", left, y + 15, pw > 1 ? pw : 1) < 0)
				return -1;
		}
	}
	return tix_buf_adds(b, "</svg>");
}
