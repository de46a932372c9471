/*
 * fuzz_mapfile.c - libFuzzer harness for tix_mapfile_load().
 *
 * The input is split at its first NUL byte: before it, the mapping file's
 * text (written to a new temporary file, removed after the load); after it, a
 * header line of comma-separated names.  Without a NUL, the whole input is
 * the mapping file and the header is a fixed Zendesk-like one.
 * Invariants (abort() when broken), on success: every m.col entry is a
 * valid column index, each list is -1 terminated within TIX_MAP_MAXCOLS,
 * has no repeats, and its columns are marked used; ncols is the header's
 * width; date_order is 0, 1 or 2; minutes_per_unit > 0; source and tz are
 * NUL-terminated.  On failure, err names the file.  tix_mapping_release()
 * always.
 */
#include "sources.h"
#include "tix.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_mapfile: invariant broken: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char defhdr[] = "Id,Subject,Requester,Status,Created at,Tags,Tags";
	const uint8_t *nul = memchr(data, 0, size);
	size_t maplen = nul ? (size_t)(nul - data) : size;
	char *htext, **names = NULL, *p;
	size_t hlen, n = 0, cap = 0;
	struct tix_mapping m;
	char err[TIX_ERRSZ];
	const char *tmp = getenv("TMPDIR");
	char path[64];
	FILE *fp;
	int rc, f, fd;

	snprintf(path, sizeof(path), "%s/fuzz_mapfile.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		perror("fuzz_mapfile: mkstemp");
		abort();
	}
	fp = fdopen(fd, "wb");
	if (!fp || (maplen && fwrite(data, 1, maplen, fp) != maplen) || fclose(fp) != 0)
		abort();

	/* the header: names split at commas (a NUL inside ends a name early) */
	if (nul) {
		hlen = size - maplen - 1;
		htext = malloc(hlen + 1);
		if (!htext)
			abort();
		memcpy(htext, nul + 1, hlen);
		htext[hlen] = '\0';
	} else {
		hlen = sizeof(defhdr) - 1;
		htext = strdup(defhdr);
		if (!htext)
			abort();
	}
	p = htext;
	for (;;) {
		char *comma = memchr(p, ',', hlen - (size_t)(p - htext));

		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				abort();
		}
		names[n++] = p;
		if (!comma)
			break;
		*comma = '\0';
		p = comma + 1;
	}
	if (hlen == 0)
		n = 0;	/* an empty header line: no columns */

	memset(err, 0, sizeof(err));
	rc = tix_mapfile_load(path, (const char *const *)names, n, &m, err);
	unlink(path);
	if (rc != 0 && rc != -1)
		fail("returned neither 0 nor -1");
	if (rc == -1 && !strstr(err, path))
		fail("an error that does not name the file");
	if (memchr(err, '\0', sizeof(err)) == NULL)
		fail("err not NUL-terminated");
	if (rc == 0) {
		if (m.ncols != n)
			fail("ncols is not the header's width");
		if (m.date_order < 0 || m.date_order > 2)
			fail("date_order out of range");
		if (!(m.minutes_per_unit > 0))
			fail("minutes_per_unit not positive");
		if (!memchr(m.source, '\0', sizeof(m.source)) || !m.source[0])
			fail("source not a non-empty string");
		if (!memchr(m.tz, '\0', sizeof(m.tz)))
			fail("tz not NUL-terminated");
		if (!memchr(m.preset, '\0', sizeof(m.preset)))
			fail("preset not NUL-terminated");
		for (f = 0; f < TIX_NFIELDS; f++) {
			int k, j;

			for (k = 0; k <= TIX_MAP_MAXCOLS && m.col[f][k] >= 0; k++) {
				int c = m.col[f][k];

				if ((size_t)c >= n)
					fail("m.col holds a column index beyond the header");
				if (!m.used || !m.used[c])
					fail("a mapped column is not marked used");
				for (j = 0; j < k; j++)
					if (m.col[f][j] == c)
						fail("a column listed twice for one field");
			}
			if (k > TIX_MAP_MAXCOLS)
				fail("a column list not -1 terminated");
			if (m.col[f][k] != -1)
				fail("a column list ends with a negative index other than -1");
		}
	}
	tix_mapping_release(&m);
	free(names);
	free(htext);
	return 0;
}
