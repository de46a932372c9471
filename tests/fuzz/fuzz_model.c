/*
 * fuzz_model.c - libFuzzer harness for the model parser and classifier
 * (libanalyze/model.c), against the built-in severity file.
 *
 * The input is split at its first NUL byte: before it, a model file's text
 * (parsed from memory as "fz"); after it, words whose hashes (split at
 * spaces) are classified.  Invariants (abort() when broken): a parse either
 * succeeds or fills err with "fz:LINE: ..." (or "out of memory"); on
 * success the model has two classes or more, and every classification is a
 * category of the severity file, TIX_MODEL_NONE or TIX_MODEL_OTHER, with a
 * posterior in [1 / classes, 1] for naive Bayes (the best class has at least
 * its share), in [0, 1] for a logistic model (tix-model 2: the gate's
 * probability, never the gate itself as the class), whose threshold's
 * probability is in [0, 1] too.
 */
#include "model.h"
#include "rules.h"
#include "tix.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fail(const char *what)
{
	fprintf(stderr, "fuzz_model: invariant broken: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tix_severity sv;
	static int loaded;
	const uint8_t *nul = memchr(data, 0, size);
	size_t mlen = nul ? (size_t)(nul - data) : size, ncls, nfeat, n = 0, i;
	char err[TIX_ERRSZ];
	uint64_t h[64];
	struct tix_model *m;
	double p;
	int cat;

	if (!loaded) {
		if (tix_severity_load(&sv, NULL, err) < 0)
			fail("the built-in severity file");
		loaded = 1;
	}
	err[0] = '\0';
	if (!(m = tix_model_parse(&sv, "fz", (const char *)data, mlen, err))) {
		if (strncmp(err, "fz:", 3) && strcmp(err, "out of memory"))
			fail("an error that does not name the file");
		return 0;
	}
	tix_model_stats(m, &ncls, &nfeat);
	if (ncls < 2)
		fail("fewer than two classes");
	if (nul) {
		const char *s = (const char *)nul + 1, *end = (const char *)data + size;

		while (s < end && n < 64) {
			const char *sp = memchr(s, ' ', (size_t)(end - s));
			size_t len = (size_t)((sp ? sp : end) - s);

			h[n++] = tix_model_hash(s, len);
			s += len + 1;
		}
	}
	if (tix_model_is_logistic(m) && !(tix_model_min_p(m) >= 0 && tix_model_min_p(m) <= 1))
		fail("a threshold probability out of [0, 1]");
	for (i = 0; i <= n; i++) {
		tix_model_classify(m, h, i, &cat, &p);
		if (cat < TIX_MODEL_OTHER || cat >= (int)sv.ncat)
			fail("a class that is no category");
		if (tix_model_is_logistic(m)) {
			if (!(p >= 0 && p <= 1))
				fail("a logistic probability out of [0, 1]");
		} else if (!(p >= 1.0 / (double)ncls - 1e-12 && p <= 1 + 1e-12)) {
			fail("a posterior out of [1 / classes, 1]");
		}
	}
	tix_model_free(m);
	return 0;
}
