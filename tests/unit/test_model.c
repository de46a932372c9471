/*
 * test_model.c - the naive Bayes model of model.h and its use by the
 * triager: parsing and every error message (NAME:LINE), classification
 * against posteriors computed here by hand, training and its file (sorted,
 * counts per class, a round trip), and a triager that adds an S0 risk only
 * when the model is nearly sure and the words found nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rules.h"
#include "tix.h"
#include "triage.h"
#include "unit.h"

static char err[TIX_ERRSZ];

static const char SEV[] =
	"level S0 15m\nlevel S1 4h\nlevel S2 1d\nlevel S3 3d\n"
	"risk harm  S0 wellbeing\n"
	"risk bully S2 safety\n"
	"default S3 helpdesk\n";

static const char LEX[] = "[harm]\nkill myself\n[bully]\nloser\n";

/* parse_err TEXT EXPECT: the parse fails with exactly that message */
static int parse_err(const struct tix_severity *sv, const char *text, const char *expect)
{
	struct tix_model *m = tix_model_parse(sv, "m.conf", text, strlen(text), err);

	if (m) {
		tix_model_free(m);
		fprintf(stderr, "parsed: %s\n", text);
		return 0;
	}
	if (strcmp(err, expect)) {
		fprintf(stderr, "got '%s'\nwant '%s'\n", err, expect);
		return 0;
	}
	return 1;
}

static void feats(const char *const *f, size_t n, uint64_t *h)
{
	size_t i;

	for (i = 0; i < n; i++)
		h[i] = tix_model_hash(f[i], strlen(f[i]));
}

int main(void)
{
	struct tix_severity sv;
	struct tix_model *m;
	uint64_t h[8];
	double p, s0, s1, s2;
	int cat;

	CHECK_EQ_I64(tix_severity_parse(&sv, "s.conf", SEV, strlen(SEV), err), 0);

	/* errors */
	CHECK(parse_err(&sv, "", "m.conf:1: not a tix model (the first line is 'tix-model 1')"));
	CHECK(parse_err(&sv, "tix-model 2\n", "m.conf:1: not a tix model (the first line is 'tix-model 1')"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 3\nword\t1\n",
			"m.conf:3: a feature before two class lines"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 3\nclass harm 2\nword 1 1\n",
			"m.conf:4: 'FEATURE<tab>COUNTS'"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 3\nclass harm 2\nword\t1\n",
			"m.conf:4: 2 counts, each at most its class's tickets, are needed after the tab"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 3\nclass harm 2\nword\t1 3\n",
			"m.conf:4: 2 counts, each at most its class's tickets, are needed after the tab"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 3\nclass harm 2\nword\t1 x\n",
			"m.conf:4: 2 counts, each at most its class's tickets, are needed after the tab"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 3\nclass harm 2\nword\t1 1\nword\t0 1\n",
			"m.conf:5: a feature twice"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 3\nclass none 2\n", "m.conf:3: class 'none' twice"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 0\n",
			"m.conf:2: a class's ticket count is a number above 0"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none\n", "m.conf:2: 'class NAME DOCS'"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 3\nclass harm 2\na\t1 1\nclass bully 2\n",
			"m.conf:5: a class line after the features"));
	CHECK(parse_err(&sv, "tix-model 1\nclass none 3\n", "m.conf:2: a model needs two classes or more"));

	/*
	 * A model by hand: none 6 tickets, harm 2, a class the severity file
	 * lacks ("spam", 2).  alpha 0.1: P(f | c) = (count + 0.1) / (docs + 0.2).
	 * "pills" in 0, 2, 0; "hello" in 5, 0, 1.
	 */
	{
		static const char hand[] = "tix-model 1\nclass none 6\nclass harm 2\nclass spam 2\n"
					   "hello\t5 0 1\npills\t0 2 0\n";

		m = tix_model_parse(&sv, "m.conf", hand, strlen(hand), err);
	}
	CHECK(m != NULL);
	if (m) {
		static const char *const f1[] = { "pills" }, *const f2[] = { "hello" },
					  *const f3[] = { "unknown words" };
		size_t nc, nf;

		tix_model_stats(m, &nc, &nf);
		CHECK_EQ_I64((int64_t)nc, 3);
		CHECK_EQ_I64((int64_t)nf, 2);
		feats(f1, 1, h);
		tix_model_classify(m, h, 1, &cat, &p);
		s0 = 0.6 * (0.1 / 6.2);
		s1 = 0.2 * (2.1 / 2.2);
		s2 = 0.2 * (0.1 / 2.2);
		CHECK_EQ_I64(cat, tix_severity_find(&sv, "harm"));
		CHECK(fabs(p - s1 / (s0 + s1 + s2)) < 1e-12);
		feats(f2, 1, h);
		tix_model_classify(m, h, 1, &cat, &p);
		CHECK_EQ_I64(cat, TIX_MODEL_NONE);
		s0 = 0.6 * (5.1 / 6.2);
		s1 = 0.2 * (0.1 / 2.2);
		s2 = 0.2 * (1.1 / 2.2);
		CHECK(fabs(p - s0 / (s0 + s1 + s2)) < 1e-12);
		/* unknown features count for nothing: the prior decides */
		feats(f3, 1, h);
		tix_model_classify(m, h, 1, &cat, &p);
		CHECK_EQ_I64(cat, TIX_MODEL_NONE);
		CHECK(fabs(p - 0.6) < 1e-12);
		tix_model_classify(m, h, 0, &cat, &p);
		CHECK(fabs(p - 0.6) < 1e-12);
		tix_model_free(m);
	}

	/* training: the file, sorted, counts in class order (none first) */
	{
		struct tix_model_trainer *tr = tix_model_trainer_new(&sv);
		static const char *const a[] = { "pills", "took pills" }, *const b[] = { "hello" },
					  *const c[] = { "pills", "hello" };
		size_t la[] = { 5, 10 }, lb[] = { 5 }, lc[] = { 5, 5 };
		struct tix_buf out;
		int harm = tix_severity_find(&sv, "harm");

		CHECK(tr != NULL);
		CHECK_EQ_I64(tix_model_trainer_add(tr, a, la, 2, harm), 0);
		CHECK_EQ_I64(tix_model_trainer_add(tr, b, lb, 1, TIX_MODEL_NONE), 0);
		CHECK_EQ_I64(tix_model_trainer_add(tr, c, lc, 2, TIX_MODEL_NONE), 0);
		tix_buf_init(&out, 0);
		CHECK_EQ_I64(tix_model_trainer_write(tr, &out), 0);
		CHECK_EQ_STR(out.s, "tix-model 1\nclass none 2\nclass harm 1\n"
				    "hello\t2 0\npills\t1 1\ntook pills\t0 1\n");
		/* and back */
		m = tix_model_parse(&sv, "t.conf", out.s, out.len, err);
		CHECK(m != NULL);
		if (m) {
			feats(a + 1, 1, h);
			tix_model_classify(m, h, 1, &cat, &p);
			CHECK_EQ_I64(cat, harm);
			tix_model_free(m);
		}
		tix_buf_release(&out);
		tix_model_trainer_free(tr);
	}

	/* the triager: the model adds an S0 risk the words did not find, only
	   when nearly sure (TIX_MODEL_SURE), with its reason */
	{
		struct tix_lexicon *lx = tix_lexicon_parse(&sv, "l.conf", LEX, strlen(LEX), err);
		struct tix_triager *t;
		const struct tix_triage *r;
		char text[4096];
		const char *const *ft;
		const size_t *fl;
		size_t n;
		int i;

		CHECK(lx != NULL);
		/* 20 features, wa .. wt, all seen in harm's 2 tickets and in no
		   other (letters only: digits in words read as letters) */
		strcpy(text, "tix-model 1\nclass none 100\nclass harm 2\n");
		for (i = 0; i < 20; i++)
			sprintf(text + strlen(text), "w%c\t0 2\n", 'a' + i);
		m = tix_model_parse(&sv, "m.conf", text, strlen(text), err);
		CHECK(m != NULL);
		tix_lexicon_set_model(lx, m);
		t = tix_triager_new(lx, &sv, 0, err);
		CHECK(t != NULL);
		if (t && m) {
			r = tix_triage_run(t, "wa wb wc wd we wf wg wh wi wj", 29,
					   "wk wl wm wn wo wp wq wr ws wt", 29, err);
			CHECK_EQ_I64(r->level, 0);
			CHECK_EQ_STR(r->risks, "harm");
			CHECK(!strncmp(r->reasons, "harm model ", 11) &&
			      atof(r->reasons + 11) >= TIX_MODEL_SURE);
			/* two features are not enough to be sure */
			r = tix_triage_run(t, "wa wb", 5, NULL, 0, err);
			CHECK_EQ_I64(r->level, 3);
			CHECK_EQ_STR(r->risks, "");
			/* the words found it: the reason is the words' */
			r = tix_triage_run(t, "wa wb wc wd we wf wg wh wi wj kill myself", 41,
					   "wk wl wm wn wo wp wq wr ws wt", 29, err);
			CHECK_EQ_STR(r->reasons, "harm \"kill myself\"");
			/* features: words and neighbours in one field, once each */
			CHECK_EQ_I64(tix_triage_features(t, "A b a", 5, "b", 1, &ft, &fl, &n, err), 0);
			CHECK_EQ_I64((int64_t)n, 4);	/* a, b, "a b", "b a" */
		}
		tix_triager_free(t);
		tix_model_free(m);
		tix_lexicon_free(lx);
	}

	/* the built-in model loads against the built-in severity file */
	{
		struct tix_severity bsv;

		CHECK_EQ_I64(tix_severity_load(&bsv, NULL, err), 0);
		m = tix_model_load(&bsv, NULL, err);
		CHECK(m != NULL);
		tix_model_free(m);
		CHECK(tix_model_load(&bsv, "/nonexistent/model", err) == NULL);
		CHECK(strstr(err, "/nonexistent/model") != NULL);
	}
	TEST_DONE();
}
