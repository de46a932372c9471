/*
 * fuzz_patterns.c - libFuzzer harness for the text side of tix-patterns:
 * libanalyze/tokens.c, patterns.c and campaign.c.
 *
 * The input's first byte picks options (so small trees, few values and
 * other depths are reached too); the rest, split at '\n', is the texts.
 * Invariants (abort() when broken):
 *   - tix_tokenize() gives tokens inside the text, in order, not
 *     overlapping, none empty, of a known kind;
 *   - every text learnt is named with an id in 1 .. npatterns, whose
 *     template exists; naming it again gives the same id;
 *   - a miner saved and loaded names every text with the same id and
 *     template, and saves to the same bytes;
 *   - tix_miner_load() of the raw input fails cleanly or gives a miner
 *     that names texts;
 *   - campaigns: members in time order, at least min_size of them, the
 *     example first, first <= last, within the window.
 */
#include "campaign.h"
#include "patterns.h"
#include "tokens.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_patterns: invariant broken: %s\n", what);
	abort();
}

static void check_tokens(const char *s, size_t n)
{
	struct tix_token t[64];
	size_t k, nt, end = 0;
	int trunc;

	nt = tix_tokenize(s, n, t, 64, &trunc);
	for (k = 0; k < nt; k++) {
		if (t[k].len == 0 || t[k].off < end || t[k].off + t[k].len > n)
			fail("token outside the text, empty or overlapping");
		if (t[k].kind < 0 || t[k].kind >= TIX_TOK_NKINDS)
			fail("token of no kind");
		end = t[k].off + t[k].len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tix_miner_opts o;
	struct tix_miner *m, *m2;
	struct tix_camp_opts co;
	struct tix_camp *c;
	struct tix_campaign *camp = NULL;
	struct tix_buf b1, b2;
	const char *s;
	size_t n, i, k, ntext = 0, ncamp = 0, start[512], len[512];
	long id[512];
	char err[TIX_ERRSZ];

	if (size < 1)
		return 0;
	tix_miner_defaults(&o);
	o.depth = data[0] & 3;
	if (data[0] & 4)
		o.max_children = 2;
	if (data[0] & 8)
		o.max_values = 2;
	if (data[0] & 16)
		o.min_values = 0;
	s = (const char *)data + 1;
	n = size - 1;
	for (i = 0; i <= n && ntext < 512;) {
		size_t e = i;

		while (e < n && s[e] != '\n')
			e++;
		start[ntext] = i;
		len[ntext++] = e - i;
		i = e + 1;
	}
	if (!(m = tix_miner_new(&o, err)))
		fail("options refused");
	for (k = 0; k < ntext; k++) {
		check_tokens(s + start[k], len[k]);
		if (tix_miner_add(m, s + start[k], len[k], err) < 0)
			fail("add failed");
	}
	for (k = 0; k < ntext; k++) {
		id[k] = tix_miner_match(m, s + start[k], len[k], err);
		if (id[k] < 1 || (size_t)id[k] > tix_miner_npatterns(m) ||
		    !tix_miner_template(m, id[k]))
			fail("named outside the patterns");
		if (tix_miner_match(m, s + start[k], len[k], err) != id[k])
			fail("named twice differently");
	}
	tix_buf_init(&b1, SIZE_MAX);
	tix_buf_init(&b2, SIZE_MAX);
	if (tix_miner_save(m, &b1, err) < 0)
		fail("save failed");
	if (!(m2 = tix_miner_load(b1.s, b1.len, err)))
		fail("a saved state does not load");
	for (k = 0; k < ntext; k++)
		if (tix_miner_match(m2, s + start[k], len[k], err) != id[k] ||
		    strcmp(tix_miner_template(m2, id[k]), tix_miner_template(m, id[k])))
			fail("a loaded miner names differently");
	if (tix_miner_save(m2, &b2, err) < 0 || b1.len != b2.len || memcmp(b1.s, b2.s, b1.len))
		fail("a loaded miner saves other bytes");
	tix_miner_free(m2);
	tix_miner_free(m);
	tix_buf_release(&b1);
	tix_buf_release(&b2);

	if ((m2 = tix_miner_load(data, size, err))) {
		for (k = 0; k < ntext; k++)
			if (tix_miner_match(m2, s + start[k], len[k], err) < 1)
				fail("a loaded miner does not name");
		tix_miner_free(m2);
	}

	tix_camp_defaults(&co);
	co.min_tokens = 3;
	co.min_requesters = 2;
	co.min_size = 2;
	co.window = 3 * 3600;
	if (!(c = tix_camp_new(&co, err)))
		fail("campaign options refused");
	for (k = 0; k < ntext; k++)
		if (tix_camp_add(c, s + start[k], len[k], (int64_t)(k / 3) * 3600, (uint32_t)(k % 4),
				 err) < 0)
			fail("campaign add failed");
	if (tix_camp_find(c, &camp, &ncamp, err) < 0)
		fail("campaign find failed");
	tix_camp_free(c);
	for (k = 0; k < ncamp; k++) {
		const struct tix_campaign *p = &camp[k];

		if (p->n < co.min_size || p->requesters < co.min_requesters ||
		    p->requesters > p->n || p->example != p->members[0] || p->first > p->last ||
		    p->last - p->first > co.window)
			fail("a campaign breaks its definition");
		for (i = 0; i < p->n; i++)
			if (p->members[i] >= ntext ||
			    (i && (int64_t)(p->members[i] / 3) < (int64_t)(p->members[i - 1] / 3)))
				fail("campaign members out of order");
	}
	tix_campaigns_free(camp, ncamp);
	return 0;
}
