/*
 * out.h - the output writer every tool uses: a table of rows written as
 * an aligned text table, CSV, TSV, JSON or NDJSON.
 *
 *	o = tix_out_new(stdout, fmt, 0, err);
 *	tix_out_columns(o, 3, names, types, err);
 *	for (each row)
 *		tix_out_row(o, vals, err);
 *	tix_out_finish(o, err);
 *	tix_out_free(o);
 *
 * CSV, TSV, JSON and NDJSON stream: each row is written as it comes.  TABLE
 * keeps the rows (each cell already cut to its display form) until
 * tix_out_finish, since it needs the column widths.  Output is complete only
 * after tix_out_finish; tix_out_free alone discards what is still held.
 */
#ifndef TIX_OUT_H
#define TIX_OUT_H

#include <stddef.h>
#include <stdio.h>

enum tix_fmt {
	TIX_FMT_AUTO = 0,	/* TABLE on a terminal, else CSV */
	TIX_FMT_TABLE,		/* aligned columns for people */
	TIX_FMT_CSV,		/* RFC 4180 */
	TIX_FMT_TSV,		/* tab-separated, \t \r \n \\ escaped */
	TIX_FMT_JSON,		/* one array of objects */
	TIX_FMT_NDJSON		/* one object per line */
};

/* "table", "csv", "tsv", "json", "ndjson" -> *fmt; -1 on anything else. */
int tix_fmt_parse(const char *name, enum tix_fmt *fmt, char *err);

/* Column types: decide JSON quoting and table alignment. */
enum tix_coltype {
	TIX_COL_TEXT = 0,	/* JSON string, left-aligned */
	TIX_COL_INT,		/* JSON number when valid, right-aligned */
	TIX_COL_REAL,		/* JSON number when valid, right-aligned */
	TIX_COL_BOOL		/* JSON true/false for 1/0/true/false */
};

#define TIX_OUT_CRLF 1u		/* CSV/TSV records end in CRLF */
#define TIX_OUT_NOHEADER 2u	/* no header line in csv/tsv/table */

struct tix_out;

/* AUTO means TABLE when isatty(fileno(fp)), else CSV. */
struct tix_out *tix_out_new(FILE *fp, enum tix_fmt fmt, unsigned flags,
    char *err);
/* The resolved format: never TIX_FMT_AUTO. */
enum tix_fmt tix_out_format(const struct tix_out *o);
/*
 * Declare the columns, once, before any row; at least one.  names and types
 * are copied; types may be NULL (all text).  CSV and TSV write their header
 * line here.
 */
int tix_out_columns(struct tix_out *o, size_t ncols,
    const char *const *names, const enum tix_coltype *types, char *err);
/* One row of ncols values as text; NULL is a missing value (JSON null). */
int tix_out_row(struct tix_out *o, const char *const *vals, char *err);
/* The same with explicit lengths; lens may be NULL (strlen). */
int tix_out_rown(struct tix_out *o, const char *const *vals,
    const size_t *lens, char *err);
/*
 * Finish: TABLE writes everything here, JSON closes the array.  Flushes fp;
 * -1 if any write to it failed.
 */
int tix_out_finish(struct tix_out *o, char *err);
/* Free o (NULL is fine); does not close fp. */
void tix_out_free(struct tix_out *o);

#endif
