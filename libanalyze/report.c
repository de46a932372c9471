/* report.c - the weekly report in Markdown or self-contained HTML (report.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bins.h"
#include "chart.h"
#include "escalate.h"
#include "kpi.h"
#include "patlist.h"
#include "recur.h"
#include "report.h"
#include "rules.h"
#include "store.h"
#include "suggest.h"
#include "trend.h"
#include "triage.h"

#define DAY 86400
#define TREND_DAYS 56		/* the spikes' and trends' view: 8 weeks */
#define FIX_DAYS 90		/* fixes need volume: the 90 days to the end */
#define TEXT_MAX 100		/* characters of a subject or template shown */
#define NA "n/a"

/* ---------------------------------------------------------------- writer */

struct doc {
	struct tix_buf *b;
	int html, show_pii;
	int oom;		/* an append failed: the report is void */
	size_t charts;
	size_t ncols, col;
	char align[16];		/* 'l' or 'r' per column */
	struct tix_buf red;	/* redacted text */
};

static void raw(struct doc *d, const char *s)
{
	if (tix_buf_adds(d->b, s) < 0)
		d->oom = 1;
}

static void rawf(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rawf(struct doc *d, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	raw(d, tmp);
}

/*
 * Text from the data: e-mail addresses and phone numbers hidden unless
 * show_pii, white space runs as one space, at most max characters ("..."
 * after when cut; 0: no limit), escaped for the format.
 */
static void text_max(struct doc *d, const char *s, size_t n, size_t max)
{
	struct tix_buf *r = &d->red;
	size_t i, len, chars = 0;
	int space = 0;

	tix_buf_reset(r);
	if (!s)
		return;
	if (d->show_pii ? tix_buf_add(r, s, n) < 0 : tix_triage_redact(s, n, r) < 0) {
		d->oom = 1;
		return;
	}
	for (i = 0; i < r->len; i += len) {
		unsigned char c = (unsigned char)r->s[i];

		len = 1;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (max && chars == max) {
			raw(d, "\xE2\x80\xA6");
			return;
		}
		chars++;
		/* a whole character: its continuation bytes with it */
		while (i + len < r->len && ((unsigned char)r->s[i + len] & 0xc0) == 0x80)
			len++;
		if (space && chars > 1)
			raw(d, " ");
		space = 0;
		if (!d->html && strchr("\\`*_[]<>#|~", c) && c)
			raw(d, "\\");
		if (d->html ? tix_buf_add_xml(d->b, r->s + i, len) < 0
			    : tix_buf_add(d->b, r->s + i, len) < 0)
			d->oom = 1;
	}
}

/*
 * Our own words, with **bold** and `code` as in Markdown: as they are for
 * Markdown; for HTML, &, < and > escaped and the marks made tags.
 */
static void own(struct doc *d, const char *s)
{
	int bold = 0, code = 0;

	if (!d->html) {
		raw(d, s);
		return;
	}
	for (; *s; s++) {
		if (s[0] == '*' && s[1] == '*') {
			raw(d, bold ? "</strong>" : "<strong>");
			bold = !bold;
			s++;
		} else if (*s == '`') {
			raw(d, code ? "</code>" : "<code>");
			code = !code;
		} else if (*s == '&' || *s == '<' || *s == '>') {
			raw(d, *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : "&gt;");
		} else if (tix_buf_addc(d->b, *s) < 0) {
			d->oom = 1;
		}
	}
}

static void text(struct doc *d, const char *s)
{
	if (s)
		text_max(d, s, strlen(s), 0);
}

/* s as a chart may show it (charts escape, but do not hide): e-mail
   addresses and phone numbers hidden unless show_pii, into out */
static const char *chart_text(struct doc *d, const char *s, struct tix_buf *out)
{
	tix_buf_reset(out);
	if (d->show_pii ? tix_buf_adds(out, s) < 0 : tix_triage_redact(s, strlen(s), out) < 0)
		d->oom = 1;
	return out->s ? out->s : "";
}

static void h1(struct doc *d, const char *s)
{
	raw(d, d->html ? "<h1>" : "# ");
	text(d, s);
	raw(d, d->html ? "</h1>\n" : "\n\n");
}

static void h2(struct doc *d, const char *s)
{
	raw(d, d->html ? "<h2>" : "## ");
	raw(d, s);	/* our own words */
	raw(d, d->html ? "</h2>\n" : "\n\n");
}

static void p_begin(struct doc *d, const char *cls)
{
	if (d->html)
		rawf(d, cls ? "<p class=\"%s\">" : "<p>", cls);
}

static void p_end(struct doc *d)
{
	raw(d, d->html ? "</p>\n" : "\n\n");
}

/* a paragraph of our own words */
static void para(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void para(struct doc *d, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	p_begin(d, NULL);
	own(d, tmp);
	p_end(d);
}

static void table_begin(struct doc *d, const char *align, const char *const *head)
{
	size_t i;

	d->ncols = strlen(align);
	snprintf(d->align, sizeof(d->align), "%s", align);
	if (d->html) {
		raw(d, "<div class=\"tw\"><table>\n<thead><tr>");
		for (i = 0; i < d->ncols; i++)
			rawf(d, "<th%s>%s</th>", align[i] == 'r' ? " class=\"n\"" : "", head[i]);
		raw(d, "</tr></thead>\n<tbody>\n");
		return;
	}
	raw(d, "|");
	for (i = 0; i < d->ncols; i++)
		rawf(d, " %s |", head[i]);
	raw(d, "\n|");
	for (i = 0; i < d->ncols; i++)
		raw(d, align[i] == 'r' ? " ---: |" : " --- |");
	raw(d, "\n");
}

static void row_begin(struct doc *d)
{
	d->col = 0;
	raw(d, d->html ? "<tr>" : "|");
}

static void cell_begin(struct doc *d, const char *cls)
{
	if (d->html) {
		if (d->align[d->col] == 'r')
			rawf(d, "<td class=\"n%s%s\">", cls ? " " : "", cls ? cls : "");
		else if (cls)
			rawf(d, "<td class=\"%s\">", cls);
		else
			raw(d, "<td>");
	} else {
		raw(d, " ");
	}
}

static void cell_end(struct doc *d)
{
	raw(d, d->html ? "</td>" : " |");
	d->col++;
}

/* a cell of our own words */
static void cell(struct doc *d, const char *s)
{
	cell_begin(d, NULL);
	raw(d, s);
	cell_end(d);
}

/* a cell of text from the data, cut at max characters */
static void cell_text(struct doc *d, const char *s, size_t max)
{
	cell_begin(d, NULL);
	if (s && *s)
		text_max(d, s, strlen(s), max);
	else
		raw(d, "(none)");
	cell_end(d);
}

static void row_end(struct doc *d)
{
	raw(d, d->html ? "</tr>\n" : "\n");
}

static void table_end(struct doc *d)
{
	raw(d, d->html ? "</tbody></table></div>\n" : "\n");
}

/* a chart (HTML only): c was drawn into a scratch buffer by the caller */
static void figure(struct doc *d, const struct tix_buf *svg)
{
	if (!d->html)
		return;
	raw(d, "<figure>");
	raw(d, svg->s);
	raw(d, "</figure>\n");
	d->charts++;
}

/* a text sparkline for Markdown: one block per bin */
static void sparkline(struct doc *d, const double *x, size_t n)
{
	static const char *const bar[8] = {
		"\xE2\x96\x81", "\xE2\x96\x82", "\xE2\x96\x83", "\xE2\x96\x84",
		"\xE2\x96\x85", "\xE2\x96\x86", "\xE2\x96\x87", "\xE2\x96\x88"
	};
	double max = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!isnan(x[i]) && x[i] > max)
			max = x[i];
	for (i = 0; i < n; i++) {
		int k = isnan(x[i]) || max <= 0 ? 0 : (int)floor(x[i] / max * 7 + 0.5);

		raw(d, isnan(x[i]) ? " " : bar[k < 0 ? 0 : k > 7 ? 7 : k]);
	}
}

/* ---------------------------------------------------------------- numbers */

static void day_str(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%d", &tm))
		snprintf(buf, n, NA);
}

static void minute_str(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(buf, n, NA);
}

static void fmt_hours(char *buf, size_t n, double h)
{
	if (isnan(h))
		snprintf(buf, n, NA);
	else if (h < 100)
		snprintf(buf, n, "%.1f h", h);
	else
		snprintf(buf, n, "%.0f h", h);
}

static void fmt_rate(char *buf, size_t n, double r)
{
	if (isnan(r))
		snprintf(buf, n, NA);
	else
		snprintf(buf, n, "%.1f%%", 100 * r);
}

static void fmt_p(char *buf, size_t n, double p)
{
	if (p < 0.001)
		snprintf(buf, n, "p < 0.001");
	else
		snprintf(buf, n, "p = %.3f", p);
}

/* a span of time as "3.5 h" or "2.1 days" */
static void fmt_span(char *buf, size_t n, int64_t s)
{
	if (s < 2 * DAY)
		snprintf(buf, n, "%.1f h", (double)s / 3600);
	else
		snprintf(buf, n, "%.1f days", (double)s / DAY);
}

/* ---------------------------------------------------------------- context */

struct ctx {
	struct tix_store *s;
	const struct tix_report_opts *o;
	struct doc d;
	struct tix_buf svg;
	int64_t as_of;
	char *err;
};

static int sql_err(struct ctx *c)
{
	return tix_errf(c->err, "%s: %s", c->s->path, sqlite3_errmsg(c->s->db));
}

/* one integer from a query with the period bound as ?1, ?2 */
static int query_int(struct ctx *c, const char *sql, int64_t a, int64_t b, int64_t *v)
{
	sqlite3_stmt *st;
	int rc;

	if (tix_store_prepare(c->s, &st, sql, c->err) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_err(c);
}

/* ---------------------------------------------------------------- heading */

static const char css[] =
	"<style>\n"
	"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
	"color:#1f2937;background:#fff;margin:0}\n"
	"main{max-width:860px;margin:0 auto;padding:12px 16px 32px}\n"
	"h1{font-size:1.45em;margin:.3em 0 .2em}\n"
	"h2{font-size:1.12em;margin:1.6em 0 .5em;padding-bottom:.2em;"
	"border-bottom:1px solid #e5e7eb}\n"
	"p{margin:.5em 0}\n"
	".meta{color:#4b5563;font-size:.9em}\n"
	".note{color:#4b5563;font-size:.88em}\n"
	".tw{overflow-x:auto;-webkit-overflow-scrolling:touch}\n"
	"table{border-collapse:collapse;font-size:.9em;margin:.4em 0}\n"
	"th,td{padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left;"
	"vertical-align:top}\n"
	"th{font-weight:600;background:#f9fafb}\n"
	".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	".sig{color:#b91c1c;font-weight:600}\n"
	"figure{margin:.6em 0}\n"
	"svg.tix-chart{display:block;max-width:100%;height:auto;overflow:visible}\n"
	"footer{margin-top:2em;color:#6b7280;font-size:.8em}\n"
	"@media print{main{max-width:none;padding:0}h2{break-after:avoid}"
	"figure,tr{break-inside:avoid}}\n"
	"</style>\n";

static int heading(struct ctx *c, struct tix_report_info *info)
{
	const struct tix_report_opts *o = c->o;
	struct doc *d = &c->d;
	char a[32], b[32], t[64], title[160];
	int64_t total, first, last;

	if (query_int(c, "SELECT count(created) FROM ticket", 0, 0, &total) < 0 ||
	    query_int(c, "SELECT coalesce(min(created), 0) FROM ticket", 0, 0, &first) < 0 ||
	    query_int(c, "SELECT coalesce(max(created), 0) FROM ticket", 0, 0, &last) < 0)
		return -1;
	info->data_first = first;
	info->data_last = last;
	day_str(o->lo, a, sizeof(a));
	day_str(o->hi - 1, b, sizeof(b));
	if (o->label)
		snprintf(title, sizeof(title), "Ticket report %s", o->label);
	else
		snprintf(title, sizeof(title), "Ticket report %s to %s", a, b);
	if (d->html) {
		raw(d, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<title>");
		text(d, title);
		raw(d, "</title>\n");
		raw(d, css);
		raw(d, "</head>\n<body>\n<main>\n");
	}
	h1(d, title);
	p_begin(d, "meta");
	rawf(d, "Tickets created from %s to %s (UTC)", a, b);
	minute_str(c->as_of, t, sizeof(t));
	rawf(d, "; open work as of %s.", t);
	raw(d, d->html ? "<br>\n" : "  \n");
	raw(d, "Database ");
	text(d, o->db_name);
	if (total) {
		day_str(first, a, sizeof(a));
		day_str(last, b, sizeof(b));
		rawf(d, ": %lld ticket%s created %s to %s.", (long long)total, total == 1 ? "" : "s",
		     a, b);
	} else {
		raw(d, ": no tickets with a creation date.");
	}
	raw(d, d->html ? "<br>\n" : "  \n");
	raw(d, o->show_pii ? "E-mail addresses and phone numbers are shown (--show-pii)."
			   : "Requesters are not named; e-mail addresses and phone numbers are "
			     "hidden.");
	p_end(d);
	/* where the period lies against the data */
	if (!total) {
		para(d, "**The database holds no tickets with a creation date**: ingest an "
			"export with tix-ingest, then make the report again.");
	} else if (o->hi <= first) {
		day_str(first, a, sizeof(a));
		para(d, "**This period ends before the data begins** (the first "
			"ticket was created on %s): there is nothing to report for it.", a);
	} else if (o->lo > last) {
		day_str(last, a, sizeof(a));
		para(d, "**This period begins after the last ticket in the database**"
			" (created on %s): the data may be stale.", a);
	}
	return 0;
}

/* ---------------------------------------------------------------- headline */

static struct tix_kpi empty_kpi(void)
{
	struct tix_kpi k;

	memset(&k, 0, sizeof(k));
	k.first_reply_p50 = k.first_reply_p90 = NAN;
	k.resolution_p50 = k.resolution_p90 = NAN;
	k.sla_breach_rate = k.reopen_rate = k.repeat_rate = k.csat_good_rate = NAN;
	return k;
}

static const char *const figure_label[TIX_KPI_NFIGURES] = {
	"Tickets created", "Tickets solved", "Backlog at the end",
	"First reply, median", "First reply, 90th percentile",
	"Resolution, median", "Resolution, 90th percentile",
	"SLA breached", "Reopened", "Repeat contacts (7 days)", "Satisfied (CSAT good)"
};

enum unit { U_COUNT, U_HOURS, U_RATE };

static enum unit figure_unit(enum tix_kpi_figure f)
{
	if (f <= TIX_KPI_BACKLOG)
		return U_COUNT;
	if (f <= TIX_KPI_RESOLUTION_P90)
		return U_HOURS;
	return U_RATE;
}

static void fmt_value(char *buf, size_t n, enum unit u, double v)
{
	if (u == U_COUNT)
		snprintf(buf, n, "%.0f", v);
	else if (u == U_HOURS)
		fmt_hours(buf, n, v);
	else
		fmt_rate(buf, n, v);
}

static void fmt_change(char *buf, size_t n, enum unit u, double now, double before)
{
	if (isnan(now) || isnan(before)) {
		snprintf(buf, n, NA);
	} else if (u == U_COUNT) {
		if (before > 0)
			snprintf(buf, n, "%+.0f (%+.1f%%)", now - before, 100 * (now - before) / before);
		else
			snprintf(buf, n, "%+.0f", now - before);
	} else if (u == U_HOURS) {
		double x = now - before;

		snprintf(buf, n, "%+.1f h", fabs(x) < 0.05 ? 0.0 : x);
	} else {
		double x = 100 * (now - before);

		snprintf(buf, n, "%+.1f pts", fabs(x) < 0.05 ? 0.0 : x);
	}
}

static int headline(struct ctx *c, struct tix_report_info *info)
{
	const struct tix_report_opts *o = c->o;
	struct doc *d = &c->d;
	static const char *const head[] = {
		"Figure", "This period", "Previous period", "Change", "Significant"
	};
	struct tix_kpi_opts ko;
	struct tix_kpi_table t = { 0 }, tg = { 0 };
	struct tix_kpi cur, prev;
	const double *p = NULL;
	int f;
	char v[64], w[64], ch[64], sg[64];

	memset(&ko, 0, sizeof(ko));
	ko.lo = o->lo;
	ko.hi = o->hi;
	ko.as_of = c->as_of;
	ko.window = 7 * (int64_t)DAY;
	ko.compare = 1;
	ko.sv = o->sv;
	if (tix_kpi_compute(c->s, NULL, &ko, &t, c->err) < 0 ||
	    tix_kpi_compute(c->s, o->by, &ko, &tg, c->err) < 0) {
		tix_kpi_free(&t);
		tix_kpi_free(&tg);
		return -1;
	}
	cur = t.n ? t.g[0].cur : empty_kpi();
	prev = t.n ? t.g[0].prev : empty_kpi();
	if (t.n)
		p = t.g[0].p;
	info->tickets = cur.tickets;
	h2(d, "Headline");
	if (!cur.tickets)
		para(d, "No ticket was created in this period.");
	table_begin(d, "lrrrl", head);
	for (f = 0; f < TIX_KPI_NFIGURES; f++) {
		enum unit u = figure_unit((enum tix_kpi_figure)f);
		double a = tix_kpi_value(&cur, (enum tix_kpi_figure)f);
		double b = tix_kpi_value(&prev, (enum tix_kpi_figure)f);
		double pv = p ? p[f] : NAN;

		fmt_value(v, sizeof(v), u, a);
		fmt_value(w, sizeof(w), u, b);
		fmt_change(ch, sizeof(ch), u, a, b);
		if (isnan(pv))
			snprintf(sg, sizeof(sg), f == TIX_KPI_BACKLOG ? "not tested" : NA);
		else {
			char pp[32];

			fmt_p(pp, sizeof(pp), pv);
			snprintf(sg, sizeof(sg), "%s (%s)", pv < 0.05 ? "yes" : "no", pp);
		}
		row_begin(d);
		cell(d, figure_label[f]);
		cell(d, v);
		cell(d, w);
		cell(d, ch);
		cell_begin(d, !isnan(pv) && pv < 0.05 ? "sig" : NULL);
		own(d, sg);
		cell_end(d);
		row_end(d);
	}
	table_end(d);
	/* what n/a means here */
	p_begin(d, "note");
	own(d, "Times are hours from creation. Significant: a change unlikely to be chance "
	       "(p < 0.05; counts by an exact test, shares by Fisher's test, times by "
	       "Mann-Whitney). " NA ": nothing to measure");
	if (cur.tickets && !cur.solved)
		raw(d, " - no ticket was solved in this period");
	if (cur.tickets && !cur.first_reply_n)
		raw(d, " - the data has no first-reply times");
	if (cur.tickets && !cur.sla_checked)
		raw(d, " - no SLA target applies");
	if (cur.tickets && !cur.reopen_known)
		raw(d, " - the data cannot show reopens (no reopen counter, no status history)");
	else if (cur.reopen_known < cur.tickets) {
		char b[160];

		snprintf(b, sizeof(b), " - reopens are counted over the %zu of %zu tickets whose "
			 "export can show them (a reopen counter or a status history)",
			 cur.reopen_known, cur.tickets);
		raw(d, b);
	}
	if (cur.tickets && !cur.csat_rated)
		raw(d, " - no ticket was rated");
	raw(d, ".");
	p_end(d);
	/* the groups, this period against the previous one */
	if (tg.n) {
		size_t n = tg.n < 10 ? tg.n : 10, i;
		const char **lab = calloc(n, sizeof(*lab));
		struct tix_buf *lb = calloc(n, sizeof(*lb));
		double *a = calloc(n, sizeof(*a)), *b = calloc(n, sizeof(*b));
		static const char *const ghead[] = {
			"Group", "This period", "Previous", "Change", "Significant"
		};
		char title[160];

		if (!lab || !lb || !a || !b) {
			free(lab);
			free(lb);
			free(a);
			free(b);
			tix_kpi_free(&t);
			tix_kpi_free(&tg);
			return tix_errf(c->err, "out of memory");
		}
		for (i = 0; i < n; i++) {
			tix_buf_init(&lb[i], SIZE_MAX);
			lab[i] = chart_text(d, tg.g[i].name, &lb[i]);
			a[i] = (double)tg.g[i].cur.tickets;
			b[i] = (double)tg.g[i].prev.tickets;
		}
		snprintf(title, sizeof(title), "Tickets by %s", o->by_name);
		raw(d, d->html ? "<h3>" : "### ");
		text(d, title);
		raw(d, d->html ? "</h3>\n" : "\n\n");
		if (d->html) {
			tix_buf_reset(&c->svg);
			if (tix_svg_bars(&c->svg, title, lab, a, b, n, "this period",
					 "previous period") < 0)
				d->oom = 1;
			else
				figure(d, &c->svg);
		}
		table_begin(d, "lrrrl", ghead);
		for (i = 0; i < n; i++) {
			double pv = tg.g[i].p[TIX_KPI_TICKETS];

			row_begin(d);
			cell_text(d, tg.g[i].name, 60);
			snprintf(v, sizeof(v), "%zu", tg.g[i].cur.tickets);
			cell(d, v);
			snprintf(v, sizeof(v), "%zu", tg.g[i].prev.tickets);
			cell(d, v);
			fmt_change(ch, sizeof(ch), U_COUNT, a[i], b[i]);
			cell(d, ch);
			if (isnan(pv)) {
				cell(d, NA);
			} else {
				char pp[32];

				fmt_p(pp, sizeof(pp), pv);
				snprintf(sg, sizeof(sg), "%s (%s)", pv < 0.05 ? "yes" : "no", pp);
				cell_begin(d, pv < 0.05 ? "sig" : NULL);
				own(d, sg);
				cell_end(d);
			}
			row_end(d);
		}
		table_end(d);
		if (tg.n > n)
			para(d, "And %zu more group%s.", tg.n - n, tg.n - n == 1 ? "" : "s");
		for (i = 0; i < n; i++)
			tix_buf_release(&lb[i]);
		free(lb);
		free(lab);
		free(a);
		free(b);
	}
	tix_kpi_free(&t);
	tix_kpi_free(&tg);
	return 0;
}

/* ---------------------------------------------------------------- trends */

static const char *kind_word(int k)
{
	return k == TIX_SPIKE ? "Spike" : k == TIX_SHIFT ? "Shift" : "Trend";
}

static int trends(struct ctx *c)
{
	const struct tix_report_opts *o = c->o;
	struct doc *d = &c->d;
	struct tix_bins b, all;
	struct tix_groupby src;
	struct tix_trend_result r;
	struct tix_trend_opts to = { 1, 7, 7 };
	int64_t wlo = o->hi - TREND_DAYS * (int64_t)DAY, pf;
	size_t i, shown = 0, found = 0;
	double *tot = NULL;
	int rc = -1;

	if (o->lo - 28 * (int64_t)DAY < wlo)
		wlo = o->lo - 28 * (int64_t)DAY;
	memset(&b, 0, sizeof(b));
	memset(&all, 0, sizeof(all));
	memset(&r, 0, sizeof(r));
	tix_intern_init(&b.names);
	tix_intern_init(&all.names);
	tix_groupby_parse("source", &src);
	if (tix_bins_load(c->s, o->by, 0, wlo, o->hi, &b, c->err) < 0 ||
	    tix_bins_load(c->s, &src, 0, wlo, o->hi, &all, c->err) < 0)
		goto done;
	/* the volume of every day of the view, the period shaded */
	h2(d, "Volume, spikes, shifts and trends");
	if (!all.nbins) {
		para(d, "No tickets in the %d days to the end of the period.",
		     (int)((o->hi - wlo) / DAY));
		rc = 0;
		goto done;
	}
	if (!(tot = calloc(all.nbins, sizeof(*tot)))) {
		tix_errf(c->err, "out of memory");
		goto done;
	}
	for (i = 0; i < all.names.n; i++)
		for (size_t k = 0; k < all.nbins; k++)
			tot[k] += all.x[i][k];
	pf = tix_day_of(o->lo) - all.day0;
	{
		char first[16], last[16];
		struct tix_series_chart sc;

		tix_bins_date(&all, 0, first, sizeof(first));
		tix_bins_date(&all, all.nbins - 1, last, sizeof(last));
		memset(&sc, 0, sizeof(sc));
		sc.title = "Tickets per day (the period shaded)";
		sc.x = tot;
		sc.n = all.nbins;
		sc.first_label = first;
		sc.last_label = last;
		sc.shade = pf < (int64_t)all.nbins;
		sc.shade_from = pf < 0 ? 0 : (size_t)pf;
		sc.shade_to = all.nbins - 1;
		if (d->html) {
			tix_buf_reset(&c->svg);
			if (tix_svg_series(&c->svg, &sc) < 0)
				d->oom = 1;
			else
				figure(d, &c->svg);
		} else {
			p_begin(d, NULL);
			rawf(d, "Tickets per day, %s to %s: ", first, last);
			sparkline(d, tot, all.nbins);
			p_end(d);
		}
	}
	for (i = 0; i < b.names.n; i++)
		if (tix_trend_detect(b.x[i], b.nbins, TIX_SPIKE | TIX_SHIFT | TIX_TREND, &to, i, &r,
				     c->err) < 0)
			goto done;
	if (tix_trend_adjust(&r, c->err) < 0)
		goto done;
	pf = tix_day_of(o->lo) - b.day0;
	for (i = 0; i < r.n; i++) {
		const struct tix_finding *f = &r.v[i];

		if (f->q_value <= 0.05 && (f->kind == TIX_TREND || (int64_t)f->index >= pf))
			found++;
	}
	if (!found) {
		para(d, "No spike, shift or trend in any %s is significant for this period "
			"(%zu tests, q \xE2\x89\xA4 0.05).", o->by_name, r.tests[0] + r.tests[1] + r.tests[2]);
		rc = 0;
		goto done;
	}
	para(d, "%zu significant finding%s (q \xE2\x89\xA4 0.05 over %zu tests); the strongest:", found,
	     found == 1 ? "" : "s", r.tests[0] + r.tests[1] + r.tests[2]);
	for (i = 0; i < r.n && (long)shown < o->top; i++) {
		const struct tix_finding *f = &r.v[i];
		const char *g = tix_intern_str(&b.names, f->group);
		char a[16], e[16], first[16], last[16], q[32];
		struct tix_chart_mark m;
		struct tix_series_chart sc;
		char title[200];

		if (!(f->q_value <= 0.05 && (f->kind == TIX_TREND || (int64_t)f->index >= pf)))
			continue;
		shown++;
		tix_bins_date(&b, f->index, a, sizeof(a));
		tix_bins_date(&b, f->end, e, sizeof(e));
		fmt_p(q, sizeof(q), f->q_value);
		q[0] = 'q';
		p_begin(d, NULL);
		rawf(d, d->html ? "<strong>%s in " : "**%s in ", kind_word(f->kind));
		text_max(d, g, strlen(g), 60);
		raw(d, d->html ? "</strong>" : "**");
		if (f->kind == TIX_SPIKE) {
			if (f->index == f->end)
				rawf(d, " on %s: %.0f tickets against %.1f expected", a, f->observed,
				     f->baseline);
			else
				rawf(d, " from %s to %s: %.1f tickets a day against %.1f expected", a,
				     e, f->observed, f->baseline);
		} else if (f->kind == TIX_SHIFT) {
			rawf(d, " from %s: %.1f tickets a day, %s from %.1f", a, f->observed,
			     f->observed >= f->baseline ? "up" : "down", f->baseline);
		} else {
			rawf(d, " from %s to %s: %s from %.1f to %.1f tickets a day", a, e,
			     f->observed >= f->baseline ? "rising" : "falling",
			     f->baseline > 0 ? f->baseline : 0, f->observed > 0 ? f->observed : 0);
		}
		if (isfinite(f->ratio) && f->ratio > 0)
			rawf(d, " (%.1f\xC3\x97)", f->ratio);
		rawf(d, ", %s.", q);
		if (!d->html) {
			raw(d, " ");
			sparkline(d, b.x[f->group], b.nbins);
		}
		p_end(d);
		if (!d->html)
			continue;
		memset(&m, 0, sizeof(m));
		m.kind = f->kind == TIX_SPIKE ? TIX_MARK_SPIKE
		       : f->kind == TIX_SHIFT ? TIX_MARK_SHIFT : TIX_MARK_TREND;
		m.from = f->index;
		m.to = f->kind == TIX_SHIFT ? b.nbins - 1 : f->end;
		m.y0 = f->baseline > 0 ? f->baseline : 0;
		m.y1 = f->observed > 0 ? f->observed : 0;
		tix_bins_date(&b, 0, first, sizeof(first));
		tix_bins_date(&b, b.nbins - 1, last, sizeof(last));
		snprintf(title, sizeof(title), "%s: %s", kind_word(f->kind),
			 chart_text(d, g, &d->red));
		memset(&sc, 0, sizeof(sc));
		sc.title = title;
		sc.x = b.x[f->group];
		sc.n = b.nbins;
		sc.first_label = first;
		sc.last_label = last;
		sc.shade = pf < (int64_t)b.nbins;
		sc.shade_from = pf < 0 ? 0 : (size_t)pf;
		sc.shade_to = b.nbins - 1;
		sc.mark = &m;
		sc.nmarks = 1;
		tix_buf_reset(&c->svg);
		if (tix_svg_series(&c->svg, &sc) < 0)
			d->oom = 1;
		else
			figure(d, &c->svg);
	}
	rc = 0;
done:
	free(tot);
	tix_trend_release(&r);
	tix_bins_release(&b);
	tix_bins_release(&all);
	return rc;
}

/* ---------------------------------------------------------------- patterns */

static void pattern_table(struct ctx *c, const struct tix_pattern_table *t)
{
	static const char *const head[] = { "Pattern", "Tickets", "Requesters", "Top category" };
	struct doc *d = &c->d;
	size_t i;
	char v[32];

	table_begin(d, "lrrl", head);
	for (i = 0; i < t->n; i++) {
		const struct tix_pattern_row *p = &t->row[i];

		row_begin(d);
		cell_text(d, p->template, TEXT_MAX);
		snprintf(v, sizeof(v), "%zu", p->tickets);
		cell(d, v);
		snprintf(v, sizeof(v), "%zu", p->requesters);
		cell(d, v);
		cell_text(d, p->top_category, 40);
		row_end(d);
	}
	table_end(d);
}

static int patterns(struct ctx *c)
{
	const struct tix_report_opts *o = c->o;
	struct doc *d = &c->d;
	struct tix_pattern_table t = { 0 }, nw = { 0 };
	int64_t mined, ran;
	int rc = -1;

	h2(d, "Recurring issues");
	if (query_int(c, "SELECT count(*) FROM ticket_pattern", 0, 0, &mined) < 0 ||
	    query_int(c, "SELECT count(*) FROM pattern_state", 0, 0, &ran) < 0)
		return -1;
	if (!mined && !ran) {
		para(d, "No patterns yet: run `tix-patterns` on this database once "
			"and the report lists the recurring issues in words.");
		return 0;
	}
	if (!mined) {
		para(d, "tix-patterns found no text to read in these tickets (no subjects; "
			"`tix-patterns --field body` reads the descriptions).");
		return 0;
	}
	if (tix_patterns_list(c->s, TIX_PF_SUBJECT, o->lo, o->hi, o->top * 2, 0, &t, c->err) < 0 ||
	    tix_patterns_list(c->s, TIX_PF_SUBJECT, o->lo, o->hi, o->top, 1, &nw, c->err) < 0)
		goto done;
	if (!t.n) {
		para(d, "No ticket of this period has a pattern yet (tix-patterns gives new "
			"tickets theirs when it runs).");
		rc = 0;
		goto done;
	}
	para(d, "The subjects that came back most often, numbers and names replaced by "
		"placeholders:");
	pattern_table(c, &t);
	raw(d, d->html ? "<h3>New this period</h3>\n" : "### New this period\n\n");
	if (nw.n) {
		para(d, "Patterns first seen in this period:");
		pattern_table(c, &nw);
	} else {
		para(d, "No pattern was seen for the first time in this period.");
	}
	rc = 0;
done:
	tix_pattern_table_free(&t);
	tix_pattern_table_free(&nw);
	return rc;
}

/* ---------------------------------------------------------------- recurrence and fixes */

static int recurrence(struct ctx *c)
{
	const struct tix_report_opts *o = c->o;
	struct doc *d = &c->d;
	static const char *const head[] = {
		"Group", "Tickets", "Repeat contacts", "Repeat rate", "Reopen rate"
	};
	struct tix_recur_db_opts ro;
	struct tix_recur_table t = { 0 };
	size_t i, shown = 0;
	char v[32];

	memset(&ro, 0, sizeof(ro));
	ro.lo = o->lo;
	ro.hi = o->hi;
	ro.window = 7 * (int64_t)DAY;
	h2(d, "Who and what keeps coming back");
	if (tix_recur_compute(c->s, o->by, &ro, &t, c->err) < 0) {
		tix_recur_table_free(&t);
		return -1;
	}
	for (i = 0; i < t.n; i++)
		if (t.row[i].r.repeats)
			shown++;
	if (!shown) {
		para(d, "No requester wrote again within 7 days in this period.");
		tix_recur_table_free(&t);
		return 0;
	}
	para(d, "The groups (by %s) with the most repeat contacts (the same requester again within "
		"7 days):", o->by_name);
	table_begin(d, "lrrrr", head);
	for (i = 0, shown = 0; i < t.n && (long)shown < o->top; i++) {
		const struct tix_recur_group *r = &t.row[i].r;

		if (!r->repeats)
			continue;
		shown++;
		row_begin(d);
		cell_text(d, t.row[i].group, 60);
		snprintf(v, sizeof(v), "%zu", r->tickets);
		cell(d, v);
		snprintf(v, sizeof(v), "%zu", r->repeats);
		cell(d, v);
		fmt_rate(v, sizeof(v), r->repeat_rate);
		cell(d, v);
		fmt_rate(v, sizeof(v), r->reopen_rate);
		cell(d, v);
		row_end(d);
	}
	table_end(d);
	tix_recur_table_free(&t);
	return 0;
}

static int fixes(struct ctx *c)
{
	const struct tix_report_opts *o = c->o;
	struct doc *d = &c->d;
	static const char *const head[] = {
		"Group", "Fix", "Tickets", "Failed", "95% interval", "Verdict"
	};
	struct tix_suggest_opts so;
	struct tix_suggest sg;
	size_t i, n = 0;
	char v[64];
	int rc = -1;

	memset(&sg, 0, sizeof(sg));
	so.lo = o->hi - FIX_DAYS * (int64_t)DAY;
	so.hi = o->hi;
	so.window = 7 * (int64_t)DAY;
	so.min_tickets = 10;
	so.alpha = 0.05;
	h2(d, "Fixes that work or fail");
	if (tix_suggest_compute(c->s, o->by, &so, &sg, c->err) < 0)
		goto done;
	if (!sg.with_fix) {
		para(d, "No ticket of the %d days to the end of the period (%zu ticket%s) has a "
			"resolution (a macro or close code), so fixes cannot be compared.",
		     FIX_DAYS, sg.tickets, sg.tickets == 1 ? "" : "s");
		rc = 0;
		goto done;
	}
	for (i = 0; i < sg.n; i++)
		if (sg.row[i].f.verdict != TIX_UNCLEAR)
			n++;
	if (!n) {
		para(d, "Over the %d days to the end of the period (%zu tickets with a resolution, "
			"%zu groups), no fix is clearly better or worse than another in its %s.",
		     FIX_DAYS, sg.with_fix, sg.ngroups, o->by_name);
		rc = 0;
		goto done;
	}
	para(d, "Over the %d days to the end of the period: a fix failed when its ticket was "
		"reopened or the requester wrote again within 7 days. Best: every other fix of "
		"the group fails significantly more often; worse: significantly worse than the "
		"group's best.", FIX_DAYS);
	table_begin(d, "llrrrl", head);
	for (i = 0, n = 0; i < sg.n && (long)n < 2 * o->top; i++) {
		const struct tix_suggest_row *r = &sg.row[i];

		if (r->f.verdict == TIX_UNCLEAR)
			continue;
		n++;
		row_begin(d);
		cell_text(d, r->group, 40);
		cell_text(d, r->fix, 60);
		snprintf(v, sizeof(v), "%zu", r->f.tickets);
		cell(d, v);
		fmt_rate(v, sizeof(v), r->f.failure_rate);
		cell(d, v);
		if (isnan(r->f.failure_low))
			snprintf(v, sizeof(v), NA);
		else
			snprintf(v, sizeof(v), "%.1f-%.1f%%", 100 * r->f.failure_low,
				 100 * r->f.failure_high);
		cell(d, v);
		cell_begin(d, r->f.verdict == TIX_WORSE ? "sig" : NULL);
		raw(d, tix_verdict_name(r->f.verdict));
		cell_end(d);
		row_end(d);
	}
	table_end(d);
	rc = 0;
done:
	tix_suggest_free(&sg);
	return rc;
}

/* ---------------------------------------------------------------- escalations */

#define ESC_SHOWN 20

struct esc {
	char *id, *source, *subject, *team;
	int level;
	int64_t due;
};

struct esc_list {
	struct esc v[ESC_SHOWN];
	size_t n;
	long all;
	int oom;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int esc_add(void *ctx, const struct tix_open_row *row)
{
	struct esc_list *l = ctx;
	struct esc *e;

	l->all++;
	if (l->n == ESC_SHOWN)
		return 0;
	e = &l->v[l->n++];
	e->id = dup_or_null(row->id);
	e->source = dup_or_null(row->source);
	e->subject = dup_or_null(row->subject);
	e->team = dup_or_null(row->team);
	e->level = row->level;
	e->due = row->due;
	if ((row->id && !e->id) || (row->source && !e->source) ||
	    (row->subject && !e->subject) || (row->team && !e->team))
		l->oom = 1;
	return 0;
}

static int escalations(struct ctx *c)
{
	const struct tix_report_opts *o = c->o;
	struct doc *d = &c->d;
	static const char *const head[] = {
		"Ticket", "Level", "Team", "Due", "Overdue by", "Subject"
	};
	struct esc_list *l = calloc(1, sizeof(*l));
	long found;
	size_t i;
	char v[64];
	int rc = -1;

	if (!l)
		return tix_errf(c->err, "out of memory");
	h2(d, "Escalations open past their due time");
	found = tix_open_escalations(c->s, o->lx, o->sv, c->as_of, 1, esc_add, l, c->err);
	if (found < 0)
		goto done;
	if (l->oom) {
		tix_errf(c->err, "out of memory");
		goto done;
	}
	minute_str(c->as_of, v, sizeof(v));
	if (!l->all) {
		para(d, "No S0 or S1 ticket was open past its due time at %s.", v);
		rc = 0;
		goto done;
	}
	para(d, "%ld ticket%s of level S0 or S1 %s open now and %s past the due time at %s "
		"(oldest first):", l->all, l->all == 1 ? "" : "s", l->all == 1 ? "is" : "are",
	     l->all == 1 ? "was" : "were", v);
	table_begin(d, "lllrrl", head);
	for (i = 0; i < l->n; i++) {
		const struct esc *e = &l->v[i];
		char id[160];

		row_begin(d);
		snprintf(id, sizeof(id), "%s %s", e->source ? e->source : "", e->id ? e->id : "");
		cell_text(d, id, 60);
		snprintf(v, sizeof(v), "S%d", e->level);
		cell_begin(d, e->level == 0 ? "sig" : NULL);
		raw(d, v);
		cell_end(d);
		cell_text(d, e->team, 40);
		day_str(e->due, v, sizeof(v));
		cell(d, v);
		fmt_span(v, sizeof(v), c->as_of - e->due);
		cell(d, v);
		cell_text(d, e->subject, TEXT_MAX);
		row_end(d);
	}
	table_end(d);
	if (l->all > (long)l->n)
		para(d, "And %ld more: `tix-triage --open` lists them all.",
		     l->all - (long)l->n);
	rc = 0;
done:
	for (i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].source);
		free(l->v[i].subject);
		free(l->v[i].team);
	}
	free(l);
	return rc;
}

/* ---------------------------------------------------------------- data quality */

static const char *base_name(const char *p)
{
	const char *s = p ? strrchr(p, '/') : NULL;

	return s ? s + 1 : p ? p : "";
}

static int quality(struct ctx *c, struct tix_report_info *info)
{
	const struct tix_report_opts *o = c->o;
	struct doc *d = &c->d;
	sqlite3_stmt *st = NULL, *why = NULL;
	int64_t batches, rows, rejected, missing;
	int rc;
	size_t lines = 0;

	h2(d, "Data quality");
	if (query_int(c, "SELECT count(*) FROM ingest_batch", 0, 0, &batches) < 0 ||
	    query_int(c, "SELECT coalesce(sum(rows_read), 0) FROM ingest_batch", 0, 0, &rows) < 0 ||
	    query_int(c, "SELECT coalesce(sum(rejected), 0) FROM ingest_batch", 0, 0,
		      &rejected) < 0 ||
	    query_int(c, "SELECT count(*) FROM ticket WHERE created IS NULL", 0, 0, &missing) < 0)
		return -1;
	info->rejected = (size_t)rejected;
	raw(d, d->html ? "<ul>\n" : "");
	raw(d, d->html ? "<li>" : "- ");
	rawf(d, "%lld ingest%s read %lld row%s; %lld %s rejected", (long long)batches,
	     batches == 1 ? "" : "s", (long long)rows, rows == 1 ? "" : "s", (long long)rejected,
	     rejected == 1 ? "was" : "were");
	raw(d, rejected ? " (tix-ingest said which and why; they are in the reject table):"
			: ".");
	raw(d, d->html && !rejected ? "</li>\n" : "\n");
	if (rejected) {
		if (tix_store_prepare(c->s, &st, "SELECT id, file, rejected FROM ingest_batch"
				      " WHERE rejected > 0 ORDER BY id", c->err) < 0 ||
		    tix_store_prepare(c->s, &why, "SELECT reason, count(*) FROM reject"
				      " WHERE batch_id = ?1 GROUP BY reason"
				      " ORDER BY count(*) DESC, reason LIMIT 1", c->err) < 0)
			goto fail;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *f = (const char *)sqlite3_column_text(st, 1);

			if (lines++ >= 10)
				continue;	/* counted, not shown */
			if (lines == 1 && d->html)
				raw(d, "<ul>\n");
			raw(d, d->html ? "<li>" : "  - ");
			text(d, base_name(f));
			rawf(d, ": %lld rejected", (long long)sqlite3_column_int64(st, 2));
			sqlite3_bind_int64(why, 1, sqlite3_column_int64(st, 0));
			if ((rc = sqlite3_step(why)) == SQLITE_ROW) {
				raw(d, ", most often: ");
				text_max(d, (const char *)sqlite3_column_text(why, 0),
					 (size_t)sqlite3_column_bytes(why, 0), 120);
			} else if (rc != SQLITE_DONE) {
				sql_err(c);
				goto fail;
			}
			sqlite3_reset(why);
			raw(d, d->html ? "</li>\n" : "\n");
		}
		if (rc != SQLITE_DONE) {
			sql_err(c);
			goto fail;
		}
		if (lines > 10) {
			raw(d, d->html ? "<li>" : "  - ");
			rawf(d, "and %zu more file%s with rejected rows", lines - 10,
			     lines - 10 == 1 ? "" : "s");
			raw(d, d->html ? "</li>\n" : "\n");
		}
		if (d->html)
			raw(d, lines ? "</ul></li>\n" : "</li>\n");
		sqlite3_finalize(st);
		sqlite3_finalize(why);
		st = why = NULL;
	}
	raw(d, d->html ? "<li>" : "- ");
	if (missing)
		rawf(d, "%lld ticket%s %s no creation date and %s in no period.",
		     (long long)missing, missing == 1 ? "" : "s", missing == 1 ? "has" : "have",
		     missing == 1 ? "is" : "are");
	else
		raw(d, "Every ticket has a creation date.");
	raw(d, d->html ? "</li>\n" : "\n");
	/* days of the period without a ticket from a source that has tickets
	   before and after them: a gap in an export? */
	if (tix_store_prepare(c->s, &st,
			      "SELECT s.source, d.day FROM"
			      " (SELECT source, min(created) AS a, max(created) AS b FROM ticket"
			      "  WHERE created IS NOT NULL GROUP BY source) s"
			      " JOIN (SELECT value AS day FROM generate_series(?1, ?2)) d"
			      " WHERE d.day * 86400 >= s.a AND (d.day + 1) * 86400 <= s.b"
			      " AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.source = s.source"
			      "  AND t.created >= d.day * 86400 AND t.created < (d.day + 1) * 86400)"
			      " ORDER BY s.source, d.day", NULL) < 0) {
		/* no generate_series in this SQLite: a plain recursive list */
		if (tix_store_prepare(c->s, &st,
				      "WITH RECURSIVE d(day) AS (SELECT ?1 UNION ALL"
				      " SELECT day + 1 FROM d WHERE day < ?2)"
				      " SELECT s.source, d.day FROM"
				      " (SELECT source, min(created) AS a, max(created) AS b FROM ticket"
				      "  WHERE created IS NOT NULL GROUP BY source) s"
				      " JOIN d"
				      " WHERE d.day * 86400 >= s.a AND (d.day + 1) * 86400 <= s.b"
				      " AND NOT EXISTS (SELECT 1 FROM ticket t"
				      "  WHERE t.source = s.source AND t.created >= d.day * 86400"
				      "  AND t.created < (d.day + 1) * 86400)"
				      " ORDER BY s.source, d.day", c->err) < 0)
			goto fail;
	}
	sqlite3_bind_int64(st, 1, tix_day_of(o->lo));
	sqlite3_bind_int64(st, 2, tix_day_of(o->hi - 1));
	{
		char prev[256] = "", day[16];
		size_t ndays = 0;

		lines = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *src = (const char *)sqlite3_column_text(st, 0);

			if (!src)
				src = "";
			if (strcmp(src, prev)) {
				if (lines)
					raw(d, d->html ? "</li>\n" : "\n");
				else
					raw(d, d->html ? "<li>Days of the period with no ticket from a "
						       "source that has tickets before and after them "
						       "(a gap in an export?):<ul>\n"
						       : "- Days of the period with no ticket from a source"
							 " that has tickets before and after them (a gap in"
							 " an export?):\n");
				lines++;
				snprintf(prev, sizeof(prev), "%s", src);
				raw(d, d->html ? "<li>" : "  - ");
				text(d, src);
				raw(d, ":");
				ndays = 0;
			}
			day_str(sqlite3_column_int64(st, 1) * DAY, day, sizeof(day));
			rawf(d, "%s %s", ndays++ ? "," : "", day);
		}
		if (rc != SQLITE_DONE) {
			sql_err(c);
			goto fail;
		}
		if (lines)
			raw(d, d->html ? "</li>\n</ul></li>\n" : "\n");
		else
			raw(d, d->html ? "<li>No source is missing a day of the period.</li>\n"
				       : "- No source is missing a day of the period.\n");
	}
	sqlite3_finalize(st);
	raw(d, d->html ? "</ul>\n" : "\n");
	return 0;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(why);
	return -1;
}

/* ---------------------------------------------------------------- the document */

int tix_report_write(struct tix_store *s, const struct tix_report_opts *o, struct tix_buf *out,
		     struct tix_report_info *info, char *err)
{
	struct ctx c;
	int rc = -1;

	memset(info, 0, sizeof(*info));
	if (o->lo >= o->hi || o->lo == INT64_MIN || o->hi == INT64_MAX)
		return tix_errf(err, "the report needs a bounded period");
	memset(&c, 0, sizeof(c));
	c.s = s;
	c.o = o;
	c.err = err;
	c.as_of = o->now < o->hi ? o->now : o->hi;
	c.d.b = out;
	c.d.html = o->format == TIX_REPORT_HTML;
	c.d.show_pii = o->show_pii;
	tix_buf_init(&c.d.red, SIZE_MAX);
	tix_buf_init(&c.svg, SIZE_MAX);
	if (heading(&c, info) < 0 || headline(&c, info) < 0 || trends(&c) < 0 ||
	    patterns(&c) < 0 || recurrence(&c) < 0 || fixes(&c) < 0 || escalations(&c) < 0 ||
	    quality(&c, info) < 0)
		goto done;
	if (c.d.html) {
		raw(&c.d, "<footer>Made by tix-report " TIX_VERSION ". ");
		raw(&c.d, NA ": nothing to measure.</footer>\n</main>\n</body>\n</html>\n");
	} else {
		raw(&c.d, "---\nMade by tix-report " TIX_VERSION ". " NA ": nothing to measure.\n");
	}
	if (c.d.oom) {
		tix_errf(err, "out of memory");
		goto done;
	}
	info->charts = c.d.charts;
	rc = 0;
done:
	tix_buf_release(&c.d.red);
	tix_buf_release(&c.svg);
	return rc;
}
