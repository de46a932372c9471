/*
 * fuzz_csvin.c - libFuzzer harness for the CSV reader (libanalyze/csvin.c).
 *
 * The first input byte picks the reader's options (size cap, delimiter,
 * header line); the rest is written to a new temporary file (removed as
 * soon as the reader has it open, so a run killed by a timeout leaves
 * nothing behind), which is opened with tix_csvin_open() and read twice,
 * the second time after tix_csvin_rewind().  Invariants (abort() when broken):
 *   - record line numbers never decrease, and come after the header;
 *   - end_line >= line;
 *   - a record without a problem has the header's width, and its fields
 *     have no NUL byte (strlen == len); any record's fields are
 *     NUL-terminated within len (strlen <= len);
 *   - the second pass hands out the same records (count, lines, problems)
 *     and ends the same way.
 */
#include "csvin.h"
#include "tix.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

/* Write the input to a new temporary file, named in path. */
static void write_input(const uint8_t *data, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	FILE *fp;
	int fd;

	snprintf(path, sizeof(path), "%s/fuzz_csvin.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		perror("fuzz_csvin: mkstemp");
		abort();
	}
	fp = fdopen(fd, "wb");
	if (!fp || (size && fwrite(data, 1, size, fp) != size) || fclose(fp) != 0)
		abort();
}

struct pass {
	long n;		/* records */
	int rc;		/* how the pass ended: 0 or -1 */
	uint64_t h;	/* hash of (line, end_line, problem, n) of each record */
};

static void check(int cond, const char *what, const struct tix_record *rec)
{
	if (cond)
		return;
	fprintf(stderr, "fuzz_csvin: invariant broken: %s (line %ld-%ld, n %zu, problem %d, why '%s')\n",
		what, rec ? rec->line : 0, rec ? rec->end_line : 0, rec ? rec->n : 0,
		rec ? (int)rec->problem : 0, rec ? rec->why : "");
	abort();
}

static void read_all(struct tix_csvin *r, struct pass *ps)
{
	const struct tix_record *hdr = tix_csvin_header(r);
	struct tix_record *rec;
	char err[TIX_ERRSZ];
	long last = 0;
	int got;

	ps->n = 0;
	ps->h = 0;
	while ((got = tix_csvin_next(r, &rec, err)) == 1) {
		size_t i;
		long v[4];

		check(rec != NULL, "record is NULL", rec);
		check(rec->line >= last, "line number went down", rec);
		check(rec->line >= 1, "line number below 1", rec);
		check(rec->end_line >= rec->line, "end_line < line", rec);
		check(rec->line > hdr->end_line, "record at or before the header", rec);
		check(rec->raw != NULL, "raw is NULL", rec);
		check(strlen(rec->raw) <= rec->rawlen, "raw not terminated within rawlen", rec);
		check(rec->problem != TIX_REC_OK || rec->why[0] == '\0', "why set without a problem",
		      rec);
		check(rec->problem == TIX_REC_OK || rec->why[0] != '\0', "a problem without a why",
		      rec);
		if (rec->problem == TIX_REC_OK)
			check(rec->n == hdr->n, "good record of the wrong width", rec);
		for (i = 0; i < rec->n; i++) {
			check(rec->f[i] != NULL, "field is NULL", rec);
			if (rec->problem == TIX_REC_OK)
				check(strlen(rec->f[i]) == rec->len[i], "field length != strlen", rec);
			else
				check(strlen(rec->f[i]) <= rec->len[i], "field not terminated", rec);
		}
		last = rec->line;
		v[0] = rec->line;
		v[1] = rec->end_line;
		v[2] = (long)rec->problem;
		v[3] = (long)rec->n;
		ps->h = tix_hash64(ps->h, v, sizeof(v));
		ps->n++;
	}
	check(got == 0 || got == -1, "tix_csvin_next returned neither 1, 0 nor -1", NULL);
	ps->rc = got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[4] = { 0, 4096, 256, 64 };
	static const int delims[8] = { 0, 0, 0, 0, ',', ';', '\t', '|' };
	struct tix_csvin_opts o;
	struct tix_csvin *r;
	struct pass p1, p2;
	char err[TIX_ERRSZ];
	const struct tix_csvin_info *info;
	const struct tix_record *hdr;
	size_t i;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.max_record = caps[data[0] & 3];
	o.delim = delims[(data[0] >> 2) & 7];
	o.header_line = (data[0] >> 5) & 7;	/* 0: sniff, 1..7 */
	write_input(data + 1, size - 1);

	err[0] = '\0';
	r = tix_csvin_open(path, &o, err);
	unlink(path);	/* the reader holds the file open */
	if (!r) {
		check(err[0] != '\0', "open failed without a message", NULL);
		return 0;
	}
	info = tix_csvin_info(r);
	hdr = tix_csvin_header(r);
	check(info->ncols == hdr->n, "info.ncols != header width", NULL);
	for (i = 0; i < hdr->n; i++) {
		check(hdr->f[i] != NULL, "header name is NULL", hdr);
		check(strlen(hdr->f[i]) == hdr->len[i], "header name length != strlen", hdr);
		check(hdr->len[i] > 0, "empty header name", hdr);
	}
	read_all(r, &p1);
	if (tix_csvin_rewind(r, err) < 0) {
		/* the file did not change: if it opened once, it rewinds */
		fprintf(stderr, "fuzz_csvin: rewind failed: %s\n", err);
		abort();
	}
	check(tix_csvin_header(r)->n == hdr->n, "header width changed after rewind", NULL);
	read_all(r, &p2);
	if (p1.n != p2.n || p1.rc != p2.rc || p1.h != p2.h) {
		fprintf(stderr, "fuzz_csvin: second pass differs: %ld records (rc %d) then %ld (rc %d)%s\n",
			p1.n, p1.rc, p2.n, p2.rc, p1.h != p2.h ? ", lines or problems differ" : "");
		abort();
	}
	tix_csvin_close(r);
	return 0;
}
