/*
 * fuzz_timeparse.c - libFuzzer harness for libanalyze/timeparse.c.
 *
 * The input is one value.  Invariants (abort() when broken):
 *   - tix_time_parse() succeeds with order X exactly when
 *     tix_time_describe() does (timeparse.h: "the description exists
 *     exactly when tix_time_parse() would accept the value"), and the
 *     description fits in 2 * n + 1 bytes;
 *   - tix_time_format_iso() of a parsed value is 20 characters;
 *   - tix_time_classify() == 0 means parse fails with every order; a
 *     value that parses day-first (month-first) has the DMY (MDY) bit;
 *   - tix_time_parse_offset() / _bound() on the NUL-terminated copy do not
 *     crash, and a parsed offset is within 18 hours.
 */
#include "timeparse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what, const uint8_t *data, size_t size, int order)
{
	fprintf(stderr, "fuzz_timeparse: invariant broken: %s (order %d, value '%.*s')\n",
		what, order, (int)(size > 200 ? 200 : size), (const char *)data);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum tix_dord orders[3] = { TIX_DORD_UNKNOWN, TIX_DORD_DMY, TIX_DORD_MDY };
	const char *s = (const char *)data;
	unsigned bits = tix_time_classify(s, size);
	char *z;
	int k;

	for (k = 0; k < 3; k++) {
		int64_t e = 0, e2 = 0;
		int pr = tix_time_parse(s, size, orders[k], 0, 0, &e);
		int pr2 = tix_time_parse(s, size, orders[k], 3600 * 5 + 1800, 0, &e2);
		size_t bsz = 2 * size + 1;
		char *buf = malloc(bsz);
		int dr;

		if (!buf)
			abort();
		dr = tix_time_describe(s, size, orders[k], buf, bsz);
		if (pr != pr2)
			fail("parse depends on the default offset", data, size, k);
		if (pr == 0 && dr != 0)
			fail("parse succeeds but describe fails", data, size, k);
		if (dr == 0 && pr != 0)
			fail("describe succeeds but parse fails", data, size, k);
		if (dr == 0 && strlen(buf) >= bsz)
			fail("description longer than 2 * n", data, size, k);
		if (dr != 0 && bsz && buf[0] != '\0')
			fail("describe failed but left text in buf", data, size, k);
		if (pr == 0) {
			char iso[32];

			memset(iso, 'x', sizeof(iso));
			tix_time_format_iso(e, iso);
			if (strlen(iso) != 20 || iso[4] != '-' || iso[10] != 'T' || iso[19] != 'Z')
				fail("format_iso is not 20 chars of YYYY-MM-DDTHH:MM:SSZ", data, size, k);
			if (bits == 0)
				fail("classify says 0 but parse succeeds", data, size, k);
			if (orders[k] == TIX_DORD_DMY && !(bits & TIX_TS_DMY))
				fail("parses day-first but classify has no DMY bit", data, size, k);
			if (orders[k] == TIX_DORD_MDY && !(bits & TIX_TS_MDY))
				fail("parses month-first but classify has no MDY bit", data, size, k);
		}
		/* a description that fits exactly, and one byte short */
		if (dr == 0) {
			size_t need = strlen(buf) + 1;
			char *b2 = malloc(need);

			if (!b2)
				abort();
			if (tix_time_describe(s, size, orders[k], b2, need) != 0 || strcmp(b2, buf))
				fail("describe into an exact-size buffer differs", data, size, k);
			if (need > 1 && tix_time_describe(s, size, orders[k], b2, need - 1) == 0)
				fail("describe into a too-small buffer succeeds", data, size, k);
			free(b2);
		}
		free(buf);
	}
	if ((bits & TIX_TS_NOORDER) && (bits & (TIX_TS_DMY | TIX_TS_MDY)) != (TIX_TS_DMY | TIX_TS_MDY))
		fail("NOORDER without both DMY and MDY", data, size, -1);

	/* the NUL-terminated entry points */
	z = malloc(size + 1);
	if (!z)
		abort();
	memcpy(z, data, size);
	z[size] = '\0';
	{
		long off = 0;
		int64_t e = 0;

		if (tix_time_parse_offset(z, &off) == 0 && (off > 18 * 3600 || off < -18 * 3600))
			fail("parse_offset beyond 18 hours", data, size, -1);
		(void)tix_time_parse_bound(z, 1700000000, &e);
		(void)tix_time_parse_bound_zone(z, 1700000000, -8 * 3600, 0, &e);
	}
	free(z);
	return 0;
}
