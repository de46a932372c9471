/*
 * csvin.h - streaming reader for messy CSV exports, on libcsv.
 *
 * Finds the encoding (UTF-8 with or without BOM, UTF-16 with BOM), the line
 * ends (LF, CRLF, CR, mixtures), the delimiter (, ; tab |), junk lines before
 * the header and footer lines after the data, and hands out one record at a
 * time as UTF-8 fields with the physical line numbers it came from.  A record
 * with a problem (wrong width, invalid UTF-8, a quote that never closes) is
 * still handed out, marked, with its raw text, so the caller can report it;
 * the reader then goes on with the next good line.
 *
 * Ownership: a record returned by tix_csvin_next() belongs to the reader and
 * is valid until the next call.  Everything else is freed by tix_csvin_close().
 */
#ifndef TIX_CSVIN_H
#define TIX_CSVIN_H

#include <stddef.h>
#include <stdio.h>

enum tix_rec_problem {
	TIX_REC_OK = 0,
	TIX_REC_WIDTH,		/* not as many fields as the header */
	TIX_REC_UTF8,		/* invalid UTF-8 (or a NUL byte) */
	TIX_REC_QUOTE,		/* a quoted field that never closes */
	TIX_REC_TOOBIG		/* a record beyond the size cap */
};

struct tix_record {
	size_t n;		/* fields */
	char **f;		/* n NUL-terminated fields */
	size_t *len;		/* their lengths */
	long line;		/* first physical line (1-based) */
	long end_line;		/* last physical line */
	const char *raw;	/* the record as read (UTF-8 after decoding) */
	size_t rawlen;
	enum tix_rec_problem problem;
	char why[160];		/* the problem in words, "" when none */
};

struct tix_csvin_opts {
	int delim;		/* 0: sniff */
	long header_line;	/* 0: sniff; else the 1-based line of the header */
	size_t max_record;	/* bytes; 0: 16 MiB */
};

struct tix_csvin_info {
	const char *encoding;	/* "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE" */
	int delim;
	const char *newline;	/* "LF", "CRLF", "CR", "mixed", "none" */
	long header_line;	/* 0 when the file is empty */
	long preamble_lines;	/* junk lines skipped before the header */
	long footer_lines;	/* footer lines after the data */
	long blank_records;	/* empty lines and all-empty records skipped */
	size_t ncols;
	char **footer;		/* the footer lines' text (first 8) */
	size_t nfooter;
};

struct tix_csvin;

/*
 * Open path ("-" or NULL: standard input, copied to a temporary file when it
 * cannot seek) and sniff it.  Returns NULL and fills err when the file cannot
 * be read at all: missing, unreadable, binary, an encoding we cannot decode.
 * An empty file opens fine with ncols == 0 and no records.
 */
struct tix_csvin *tix_csvin_open(const char *path, const struct tix_csvin_opts *opts,
				 char *err);
/* The name used in messages: the path, or "stdin". */
const char *tix_csvin_name(const struct tix_csvin *r);
const struct tix_csvin_info *tix_csvin_info(const struct tix_csvin *r);
/* The header record (names trimmed; empty names become column_N). */
const struct tix_record *tix_csvin_header(const struct tix_csvin *r);
/* 1 and *rec set: a record; 0: end of data; -1: I/O error (err filled). */
int tix_csvin_next(struct tix_csvin *r, struct tix_record **rec, char *err);
/* Back to the first record after the header, for a second pass. */
int tix_csvin_rewind(struct tix_csvin *r, char *err);
/* Bytes of input consumed so far and in all (0 when unknown), for progress. */
void tix_csvin_progress(const struct tix_csvin *r, long long *done, long long *total);
void tix_csvin_close(struct tix_csvin *r);

#endif
