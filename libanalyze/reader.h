/*
 * reader.h - read an export as tickets without a database: the same
 * reader, layout detection, mapping files and date sniffing as tix-ingest,
 * for the filters (tix-triage) that turn an export straight into rows.
 *
 *	struct tix_reader *r = tix_reader_open(path, &opts, err);
 *	struct tix_ticket t;
 *	while ((rc = tix_reader_next(r, &t, err)) > 0)
 *		if (t.problem) report t.why at t.line; else use t;
 *	tix_reader_close(r);
 *
 * The file is read twice: the first pass learns the date columns' day and
 * month order and counts each ticket id's rows, so that a ticket with many
 * rows (an event log) comes out once, at its last row, as tix-ingest
 * keeps it.  Standard input is copied to a temporary file first.
 */
#ifndef TIX_READER_H
#define TIX_READER_H

#include <stddef.h>
#include <stdint.h>

#include "csvin.h"
#include "sources.h"

struct tix_reader_opts {
	const char *source;	/* preset name, or NULL to recognise */
	const char *mapfile;	/* a tix-map(5) file, or NULL */
	int date_order;		/* 0: from the data, 1: dmy, 2: mdy */
	int delim;		/* 0: sniff */
	long header_line;	/* 0: sniff */
};

struct tix_ticket {
	/* the raw text of each canonical field (its first non-empty column,
	   trimmed for ids, words and dates), NULL when the row has none */
	const char *f[TIX_NFIELDS];
	size_t n[TIX_NFIELDS];
	char id[40];		/* the ticket id: f[TIX_F_EXT_ID], or "h<hash>" as
				   tix-ingest makes it when the file has no id column */
	const char *idp;	/* the id to print: f[EXT_ID] or id */
	size_t idn;
	int64_t created;
	int has_created;
	long line, end_line;
	/* a row that cannot be a ticket (broken record, no id) or whose
	   created date could not be read: problem is 1 and why says why; the
	   fields are still filled as well as they could be (a broken record:
	   only raw) */
	int problem;
	int fatal;		/* 1: not a ticket at all; 0: a ticket with a bad date */
	char why[200];
	const char *raw;
	size_t rawlen;
};

struct tix_reader;

/* NULL with err (naming the file) when it cannot be read or its layout is
   not one we know and no mapping file says. */
struct tix_reader *tix_reader_open(const char *path, const struct tix_reader_opts *o, char *err);
const char *tix_reader_name(const struct tix_reader *r);
const struct tix_mapping *tix_reader_mapping(const struct tix_reader *r);
const struct tix_csvin_info *tix_reader_info(const struct tix_reader *r);
/* 1: a ticket (or a problem row) in *t, valid until the next call; 0: the
   end; -1: an I/O error (err). */
int tix_reader_next(struct tix_reader *r, struct tix_ticket *t, char *err);
void tix_reader_close(struct tix_reader *r);

#endif
