/*
 * fuzz_playbook.c - libFuzzer harness for the playbook parser and matcher
 * (libanalyze/playbook.c).
 *
 * The input is split at its first NUL byte: before it, the playbook's text
 * (parsed from memory as "fz"); after it, a ticket's subject, matched
 * against every rule with a field getter that answers "category" with the
 * same text and a risk list of "scam,bullying".  Without a NUL the whole
 * input is the playbook and the subject is empty.
 * Invariants (abort() when broken): a parse either succeeds or fills err
 * with "fz:LINE: ..." (or "out of memory"); on success every rule has a
 * name, a line >= 1, at least one "when", every "when words" at least one
 * word of lower-case letters, digits or bytes >= 0x80, and rules' lines
 * increase; tix_playbook_match answers 0 or 1.
 */
#include "playbook.h"
#include "tix.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_playbook: invariant broken: %s\n", what);
	abort();
}

static const char *subject;

static const char *get(void *ctx, const char *field)
{
	(void)ctx;
	return !strcmp(field, "category") ? subject : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t plen = nul ? (size_t)(nul - data) : size, i, k, w;
	char err[TIX_ERRSZ], *subj;
	struct tix_playbook *pb;
	struct tix_pb_ticket t;

	err[0] = '\0';
	pb = tix_playbook_parse("fz", (const char *)data, plen, err);
	if (!pb) {
		if (strncmp(err, "fz:", 3) && strcmp(err, "out of memory"))
			fail("an error that does not name the file");
		return 0;
	}
	subj = malloc(nul ? size - plen : 1);
	if (!subj)
		abort();
	if (nul) {
		memcpy(subj, nul + 1, size - plen - 1);
		subj[size - plen - 1] = '\0';
	} else {
		subj[0] = '\0';
	}
	subject = subj;
	memset(&t, 0, sizeof(t));
	t.get = get;
	t.risks = "scam,bullying";
	t.subject = subj;
	for (i = 0; i < pb->n; i++) {
		const struct tix_pb_rule *r = &pb->rule[i];
		int m;

		if (!r->name || r->line < 1 || !r->nwhen)
			fail("a rule without name, line or when");
		if (i && r->line <= pb->rule[i - 1].line)
			fail("rule lines do not increase");
		for (k = 0; k < r->nwhen; k++) {
			if (!r->when[k].value || !*r->when[k].value)
				fail("a when without a value");
			if (r->when[k].kind != TIX_PB_WORDS)
				continue;
			if (!r->when[k].nwords)
				fail("when words without a word");
			for (w = 0; w < r->when[k].nwords; w++) {
				const unsigned char *c = (const unsigned char *)r->when[k].words[w];

				if (!*c)
					fail("an empty word");
				for (; *c; c++)
					if (!(islower(*c) || isdigit(*c) || *c >= 0x80))
						fail("a word with a byte that is not a lower-case letter or digit");
			}
		}
		m = tix_playbook_match(r, &t);
		if (m != 0 && m != 1)
			fail("match is not 0 or 1");
	}
	tix_playbook_free(pb);
	free(subj);
	return 0;
}
