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
	int cat, i;

	CHECK_EQ_I64(tix_severity_parse(&sv, "s.conf", SEV, strlen(SEV), err), 0);

	/* errors */
	CHECK(parse_err(&sv, "", "m.conf:1: not a tix model (the first line is 'tix-model 1' or 'tix-model 2')"));
	CHECK(parse_err(&sv, "tix-model 3\n", "m.conf:1: not a tix model (the first line is 'tix-model 1' or 'tix-model 2')"));
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

	/* a logistic model (tix-model 2): errors */
	CHECK(parse_err(&sv, "tix-model 2\n", "m.conf:1: no 'threshold' line"));
	CHECK(parse_err(&sv, "tix-model 2\n# only a comment\n", "m.conf:2: no 'threshold' line"));
	CHECK(parse_err(&sv, "tix-model 2\nclass any 0\n",
			"m.conf:2: 'threshold T' (log odds from -30 to 30) comes first"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold 1e999\n",
			"m.conf:2: 'threshold T' (log odds from -30 to 30) comes first"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold 31\n",
			"m.conf:2: 'threshold T' (log odds from -30 to 30) comes first"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold  1\n",
			"m.conf:2: 'threshold T' (log odds from -30 to 30) comes first"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold 0x10\n",
			"m.conf:2: 'threshold T' (log odds from -30 to 30) comes first"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold inf\n",
			"m.conf:2: 'threshold T' (log odds from -30 to 30) comes first"));
	{
		static const char nul[] = "tix-model 2\nthreshold 1\0zz\n";

		CHECK(tix_model_parse(&sv, "m.conf", nul, sizeof(nul) - 1, err) == NULL);
		CHECK_EQ_STR(err, "m.conf:2: 'threshold T' (log odds from -30 to 30) comes first");
	}
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass harm 0\n",
			"m.conf:3: the first class is 'any'"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any\n",
			"m.conf:3: 'class NAME BIAS'"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any x\n",
			"m.conf:3: 'class NAME BIAS'"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any 0\nw\t1\n",
			"m.conf:4: a feature before the 'any' class and one category"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any 0\nclass harm 0\nw\t1\n",
			"m.conf:5: 2 weights are needed after the tab"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any 0\nclass harm 0\nw\t1 2 3\n",
			"m.conf:5: 2 weights are needed after the tab"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any 0\nclass harm 0\nw\t1 nan\n",
			"m.conf:5: 2 weights are needed after the tab"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any 0\nclass harm 0\nw 1 2\n",
			"m.conf:5: 'FEATURE<tab>WEIGHTS'"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any 0\nclass harm 0\nw\t1 2\nw\t0 1\n",
			"m.conf:6: a feature twice"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any 0\nclass harm 0\nclass harm 1\n",
			"m.conf:5: class 'harm' twice"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any 0\nclass harm 0\nw\t1 2\n"
			"class bully 0\n", "m.conf:6: a class line after the features"));
	CHECK(parse_err(&sv, "tix-model 2\nthreshold -1\nclass any 0\n",
			"m.conf:3: a logistic model needs the 'any' class and one category"));

	/*
	 * A logistic model by hand: the gate's bias -2, "pills" +3, "#tag" +1
	 * (a feature may begin with '#' after the threshold); harm's bias 0.5,
	 * bully's 0, "loser" +2 for bully.  p = 1 / (1 + e^-s) of the gate; the
	 * category the best of the others that are S0 risks (harm; bully is
	 * S2); the threshold -1.5.
	 */
	{
		static const char hand[] = "tix-model 2\n# a comment\nthreshold -1.5\n"
					   "class any -2\nclass harm 0.5\nclass bully 0\n"
					   "#tag\t1 0 0\npills\t3 1 0\nloser\t0 0 2\n";
		static const char *const f1[] = { "pills" }, *const f2[] = { "#tag", "loser" };
		size_t nc, nf;

		m = tix_model_parse(&sv, "m.conf", hand, strlen(hand), err);
		CHECK(m != NULL);
		if (m) {
			CHECK(tix_model_is_logistic(m));
			tix_model_stats(m, &nc, &nf);
			CHECK_EQ_I64((int64_t)nc, 3);
			CHECK_EQ_I64((int64_t)nf, 3);
			CHECK(fabs(tix_model_min_p(m) - 1 / (1 + exp(1.5))) < 1e-12);
			feats(f1, 1, h);
			tix_model_classify(m, h, 1, &cat, &p);
			CHECK_EQ_I64(cat, tix_severity_find(&sv, "harm"));
			CHECK(fabs(p - 1 / (1 + exp(-1.0))) < 1e-12);
			/* bully scores best, but is no S0 risk: harm is named */
			feats(f2, 2, h);
			tix_model_classify(m, h, 2, &cat, &p);
			CHECK_EQ_I64(cat, tix_severity_find(&sv, "harm"));
			CHECK(fabs(p - 1 / (1 + exp(1.0))) < 1e-12);
			tix_model_classify(m, h, 0, &cat, &p);
			CHECK_EQ_I64(cat, tix_severity_find(&sv, "harm"));
			CHECK(fabs(p - 1 / (1 + exp(2.0))) < 1e-12);
			CHECK(p < tix_model_min_p(m));
			tix_model_free(m);
		}
	}

	/* a logistic model whose categories are no S0 risk names none */
	{
		static const char only[] = "tix-model 2\nthreshold 0\nclass any 5\nclass bully 1\n"
					   "class spam 2\n";

		m = tix_model_parse(&sv, "m.conf", only, strlen(only), err);
		CHECK(m != NULL);
		if (m) {
			tix_model_classify(m, h, 0, &cat, &p);
			CHECK_EQ_I64(cat, TIX_MODEL_OTHER);
			CHECK(p > tix_model_min_p(m));
			tix_model_free(m);
		}
	}

	/*
	 * Training a logistic model.  With tickets that have no features, only
	 * the biases can move, and they are not penalised: the optimum is the
	 * log odds of the labels, here 2 harm against 1 none + 6 ordinary:
	 * log(2/7) for the gate and for harm.
	 */
	{
		struct tix_model_trainer *tr = tix_model_trainer_new(&sv);
		struct tix_model_doc lab = { 0, 0, 3 }, ord = { 1, 1, 3 };
		struct tix_model_fit fit;
		struct tix_buf out;
		const char *line;
		int harm = tix_severity_find(&sv, "harm");

		CHECK(tr != NULL);
		CHECK_EQ_I64(tix_model_trainer_add_doc(tr, NULL, NULL, 0, harm, &lab), 0);
		CHECK_EQ_I64(tix_model_trainer_add_doc(tr, NULL, NULL, 0, harm, &lab), 0);
		CHECK_EQ_I64(tix_model_trainer_add_doc(tr, NULL, NULL, 0, TIX_MODEL_NONE, &lab), 0);
		for (i = 0; i < 6; i++)
			CHECK_EQ_I64(tix_model_trainer_add_doc(tr, NULL, NULL, 0, 0, &ord), 0);
		tix_buf_init(&out, 0);
		CHECK_EQ_I64(tix_model_trainer_write_logistic(tr, &out, &fit, err), 0);
		CHECK(out.s && !strncmp(out.s, "tix-model 2\n", 12));
		line = out.s ? strstr(out.s, "\nclass any ") : NULL;
		CHECK(line && fabs(atof(line + 11) - log(2.0 / 7)) < 1e-4);
		line = out.s ? strstr(out.s, "\nclass harm ") : NULL;
		CHECK(line && fabs(atof(line + 12) - log(2.0 / 7)) < 1e-4);
		CHECK_EQ_I64((int64_t)fit.labelled, 3);
		CHECK_EQ_I64((int64_t)fit.ordinary_tickets, 6);
		CHECK_EQ_I64((int64_t)fit.features, 0);
		tix_buf_release(&out);
		tix_model_trainer_free(tr);
	}

	/*
	 * A word only harm tickets have, and one only ordinary tickets have:
	 * the model learns them, the threshold (chosen out of fold) raises no
	 * ordinary ticket and no 'none' one, an ordinary ticket the lexicon
	 * reads as S0 is left out, and the same tickets give the same bytes.
	 */
	{
		static const char *const hf[] = { "pills", "tonight" }, *const of[] = { "password" },
					  *const nf2[] = { "tonight", "password" };
		static const size_t hl[] = { 5, 7 }, ol[] = { 8 }, nl[] = { 7, 8 };
		struct tix_model_doc lab = { 0, 0, 3 }, ord = { 1, 1, 3 }, ord0 = { 1, 1, 0 };
		struct tix_buf out[2];
		struct tix_model_fit fit;
		int harm = tix_severity_find(&sv, "harm"), round;

		for (round = 0; round < 2; round++) {
			struct tix_model_trainer *tr = tix_model_trainer_new(&sv);

			CHECK(tr != NULL);
			for (i = 0; i < 30; i++) {
				CHECK_EQ_I64(tix_model_trainer_add_doc(tr, hf, hl, 2, harm, &lab), 0);
				CHECK_EQ_I64(tix_model_trainer_add_doc(tr, nf2, nl, 2, TIX_MODEL_NONE,
								       &lab), 0);
			}
			for (i = 0; i < 300; i++)
				CHECK_EQ_I64(tix_model_trainer_add_doc(tr, of, ol, 1, 0, &ord), 0);
			CHECK_EQ_I64(tix_model_trainer_add_doc(tr, hf, hl, 2, 0, &ord0), 0);
			tix_buf_init(&out[round], 0);
			CHECK_EQ_I64(tix_model_trainer_write_logistic(tr, &out[round], &fit, err), 0);
			tix_model_trainer_free(tr);
		}
		CHECK_EQ_I64((int64_t)fit.ordinary_tickets, 300);
		CHECK_EQ_I64((int64_t)fit.ordinary_left_out, 1);
		CHECK_EQ_I64((int64_t)fit.ordinary, 300);
		CHECK_EQ_I64((int64_t)fit.ordinary_raised, 0);
		CHECK_EQ_I64((int64_t)fit.none, 30);
		CHECK_EQ_I64((int64_t)fit.none_raised, 0);
		CHECK_EQ_I64((int64_t)fit.s0, 30);
		CHECK_EQ_I64((int64_t)fit.s0_found, 30);
		CHECK_EQ_I64((int64_t)fit.features, 3);
		CHECK(out[0].len == out[1].len && !memcmp(out[0].s, out[1].s, out[0].len));
		m = tix_model_parse(&sv, "t.conf", out[0].s, out[0].len, err);
		CHECK(m != NULL);
		if (m) {
			feats(hf, 1, h);
			tix_model_classify(m, h, 1, &cat, &p);
			CHECK_EQ_I64(cat, harm);
			CHECK(p >= tix_model_min_p(m));
			feats(of, 1, h);
			tix_model_classify(m, h, 1, &cat, &p);
			CHECK(p < tix_model_min_p(m));
			feats(nf2, 2, h);
			tix_model_classify(m, h, 2, &cat, &p);
			CHECK(p < tix_model_min_p(m));
			tix_model_free(m);
		}
		tix_buf_release(&out[0]);
		tix_buf_release(&out[1]);
	}

	/* not enough to fit: no ordinary ticket; no S0 ticket (-2, said) */
	{
		struct tix_model_trainer *tr = tix_model_trainer_new(&sv);
		struct tix_model_doc lab = { 0, 0, 3 }, ord = { 1, 1, 3 };
		struct tix_model_fit fit;
		struct tix_buf out;

		tix_buf_init(&out, 0);
		CHECK_EQ_I64(tix_model_trainer_add_doc(tr, NULL, NULL, 0,
						       tix_severity_find(&sv, "harm"), &lab), 0);
		CHECK_EQ_I64(tix_model_trainer_write_logistic(tr, &out, &fit, err), -2);
		CHECK_EQ_STR(err, "a logistic model needs labelled tickets of an S0 risk and "
			     "ordinary tickets");
		tix_model_trainer_free(tr);
		tr = tix_model_trainer_new(&sv);
		CHECK_EQ_I64(tix_model_trainer_add_doc(tr, NULL, NULL, 0,
						       tix_severity_find(&sv, "bully"), &lab), 0);
		CHECK_EQ_I64(tix_model_trainer_add_doc(tr, NULL, NULL, 0, 0, &ord), 0);
		CHECK_EQ_I64(tix_model_trainer_write_logistic(tr, &out, &fit, err), -2);
		CHECK_EQ_I64((int64_t)out.len, 0);
		tix_model_trainer_free(tr);
		tix_buf_release(&out);
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
