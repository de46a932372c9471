/*
 * report.h - the weekly report: one document, in Markdown or in one
 * self-contained HTML file (inline CSS and SVG charts), made from the
 * library's own computations - the headline figures against the previous
 * period (kpi.h), spikes, shifts and trends (trend.h), recurring and new
 * patterns, recurrence hot spots (recur.h), fixes that work or fail
 * (suggest.h), escalations open past their due time (escalate.h), and the
 * quality of the data (ingest batches, rejected rows, missing dates).
 *
 * Deterministic: the same database, period and clock give the same bytes
 * (the clock matters only for a period that has not ended).  Requester
 * identities are never printed; e-mail addresses and phone numbers in any
 * text are hidden unless show_pii.  The library never prints: the document
 * is appended to a tix_buf.
 */
#ifndef TIX_REPORT_H
#define TIX_REPORT_H

#include <stdint.h>

#include "tix.h"

struct tix_store;
struct tix_groupby;
struct tix_severity;
struct tix_lexicon;

enum tix_report_format { TIX_REPORT_MD, TIX_REPORT_HTML };

struct tix_report_opts {
	int64_t lo, hi;			/* the period, [lo, hi), both bounded */
	const char *label;		/* "2026-W47", or NULL: the dates */
	int64_t now;			/* the clock: figures are as of
					   min(hi, now) */
	enum tix_report_format format;
	int show_pii;			/* print e-mail addresses and phone numbers */
	const struct tix_groupby *by;	/* the groups (category) */
	const char *by_name;		/* its name, for headings */
	const struct tix_severity *sv;	/* SLA targets, levels, teams */
	const struct tix_lexicon *lx;	/* for the open escalations */
	const char *db_name;		/* shown in the heading (a file name) */
	long top;			/* rows per list (5) */
};

/* What the report found, for the tool's exit status and messages. */
struct tix_report_info {
	size_t tickets;			/* created in the period */
	size_t charts;			/* SVG charts drawn (HTML) */
	size_t rejected;		/* rows rejected by every ingest so far */
	int64_t data_first, data_last;	/* created range of the database, 0
					   when it has no ticket */
};

/* 0, or -1 with err. */
int tix_report_write(struct tix_store *s, const struct tix_report_opts *o, struct tix_buf *out,
		     struct tix_report_info *info, char *err);

#endif
