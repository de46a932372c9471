/*
 * ingest.h - one export file into the ticket database.
 *
 * Reads the file twice: once to learn its date columns, once to map every
 * record onto the canonical ticket and upsert it, all in one transaction,
 * so a file that cannot be read leaves nothing behind.  Rejected rows are
 * stored in `reject` and handed to the caller's on_reject callback; the
 * library itself prints nothing.
 */
#ifndef TIX_INGEST_H
#define TIX_INGEST_H

#include "pseudo.h"
#include "store.h"

struct tix_ingest_opts {
	const char *source;	/* preset name, or NULL to recognise */
	const char *mapfile;	/* a tix-map(5) file, or NULL */
	int date_order;		/* 0: from the data, 1: dmy, 2: mdy */
	const char *tz;		/* NULL/"UTC", "+08:00", or a zone name */
	int delim;		/* 0: sniff */
	long header_line;	/* 0: sniff */
	int dry_run;		/* roll back at the end */
	/* when set, requester identities are stored as keyed-hash pseudonyms */
	const struct tix_pseudo *pseudo;
	/* called for every rejected row and for notices; may be NULL */
	void (*on_reject)(void *ctx, const char *file, long line, const char *why);
	void (*on_notice)(void *ctx, const char *file, const char *msg);
	/* called from the calling thread as rows are stored: rows so far,
	   bytes of the file read so far and in all (0 when unknown) */
	void (*on_progress)(void *ctx, const char *file, long long rows, long long done,
			    long long total);
	void *ctx;
};

struct tix_ingest_counts {
	long long batch;
	char source[64];
	long long rows, inserted, updated, merged, unchanged, rejected;
	/* seconds spent: reading and storing the rows, building the indexes
	   and the full-text index in bulk (0 when the load did not), committing */
	double t_rows, t_indexes, t_fts, t_commit;
	/* the full-text index was built beside the rows, by another thread
	   (a load into an empty table whose tickets keep their text), rather
	   than from the table at the end */
	int fts_beside;
};

/*
 * Ingest path ("-" for standard input).  0: done (counts filled; rows may
 * have been rejected).  -1: the file could not be ingested at all; nothing
 * of it was written; err says why.
 */
int tix_ingest_file(struct tix_store *s, const char *path, const struct tix_ingest_opts *o,
		    struct tix_ingest_counts *c, char *err);

/* Check a --tz value: 0 when usable, -1 with err. */
int tix_ingest_check_tz(const char *tz, char *err);

#endif
