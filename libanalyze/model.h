/*
 * model.h - a second opinion for tix-triage: a naive Bayes model over the
 * words of labelled tickets (their unigrams and the bigrams within a
 * field), trained by tix-triage --train and built in from
 * samples/tix-model.conf.  The lexicon finds the wordings it holds; the
 * model finds tickets that read like the labelled ones of a category.
 *
 *	struct tix_model *m = tix_model_load(&sv, path or NULL, err);
 *	tix_model_classify(m, feat, nfeat, &cat, &p);
 *	tix_model_free(m);
 *
 * The file (tix-triage(1), "The model"): a first line "tix-model 1";
 * then one line "class NAME DOCS" per class, NAME a category of the
 * severity file or "none" (another name is a class that is never a
 * finding), DOCS its labelled tickets; then one line per
 * feature: the feature (words joined by a space), a tab, and its ticket
 * count in each class, space-separated, in the order of the class lines.
 * The library never prints and never exits.
 */
#ifndef TIX_MODEL_H
#define TIX_MODEL_H

#include <stddef.h>
#include <stdint.h>

struct tix_severity;
struct tix_buf;
struct tix_model;

#define TIX_MODEL_NONE (-1)	/* the class of tickets with no category */
#define TIX_MODEL_OTHER (-2)	/* a class the severity file does not have */
#define TIX_MODEL_ANY (-3)	/* a logistic model's gate: any S0 risk */
#define TIX_MODEL_ALPHA 0.1	/* additive smoothing of the counts */
/* the posterior at which tix-triage takes the model's word */
#define TIX_MODEL_SURE 0.999999

/* The built-in model: samples/tix-model.conf. */
extern const char tix_default_model[];

struct tix_model *tix_model_parse(const struct tix_severity *sv, const char *name,
				  const char *text, size_t n, char *err);
/* NULL path: the built-in model. */
struct tix_model *tix_model_load(const struct tix_severity *sv, const char *path, char *err);
void tix_model_free(struct tix_model *m);

/* The posterior at which tix-triage takes the model's word: TIX_MODEL_SURE
   for naive Bayes, the probability of the threshold for a logistic model. */
double tix_model_min_p(const struct tix_model *m);
int tix_model_is_logistic(const struct tix_model *m);

/* How many classes and features m has. */
void tix_model_stats(const struct tix_model *m, size_t *classes, size_t *features);

/* The hash of a feature's text: what tix_model_classify takes. */
uint64_t tix_model_hash(const char *s, size_t n);

/*
 * The most likely class of a ticket with the distinct features feat[0..n)
 * (features the model does not know count for nothing): *cat a category of
 * the severity file, TIX_MODEL_NONE or TIX_MODEL_OTHER, and *p its
 * posterior probability.
 */
void tix_model_classify(const struct tix_model *m, const uint64_t *feat, size_t n, int *cat,
			double *p);

/* Training: counts of features per class, written as a model file. */
struct tix_model_trainer;
struct tix_model_trainer *tix_model_trainer_new(const struct tix_severity *sv);
/* One labelled ticket: its distinct features' texts, and its class
   (a category, or TIX_MODEL_NONE).  0, or -1 when out of memory. */
int tix_model_trainer_add(struct tix_model_trainer *tr, const char *const *feat,
			  const size_t *len, size_t n, int cat);
/* The model file, features sorted bytewise; after it the trainer can only
   be freed.  0, or -1 when out of memory. */
int tix_model_trainer_write(struct tix_model_trainer *tr, struct tix_buf *out);
void tix_model_trainer_free(struct tix_model_trainer *tr);

/*
 * A logistic model (tix-model 2) is trained from the same labelled tickets
 * and from a site's ordinary tickets (its own past exports, taken as having
 * no risk), which teach it what everyday support reads like.  Each ticket
 * comes with where it is from and the lexicon's level for it; an ordinary
 * ticket the lexicon reads as S0 is left out (it may be a real report).
 */
#define TIX_MODEL_LAMBDA 0.01		/* L2 penalty on the feature weights */
#define TIX_MODEL_ITERS 300		/* L-BFGS iterations at most */
#define TIX_MODEL_FOLDS 3
#define TIX_MODEL_FALSE_ORDINARY 0.0005	/* at most 0.05% of ordinary tickets */
#define TIX_MODEL_FALSE_NONE 0.01	/* and 1% of labelled 'none' ones raised */

struct tix_model_doc {
	int ordinary;		/* 1: an ordinary ticket (cat is ignored) */
	int group;		/* its file: tickets of one file are added together */
	int lexicon_level;	/* the lexicon's level for it, 0 (S0) to 3 */
};
int tix_model_trainer_add_doc(struct tix_model_trainer *tr, const char *const *feat,
			      const size_t *len, size_t n, int cat,
			      const struct tix_model_doc *d);

/* What cross-validation measured at the chosen threshold. */
struct tix_model_fit {
	double threshold;	/* on the gate's log odds */
	size_t labelled, ordinary_tickets;
	size_t ordinary_left_out;	/* ordinary tickets the lexicon read as S0 */
	size_t ordinary, ordinary_raised;	/* out of fold, the lexicon below S0 */
	size_t none, none_raised;		/* labelled 'none', the lexicon below S1 */
	size_t s0, s0_lexicon, s0_found;	/* labelled S0: by the lexicon, by either */
	size_t features;	/* written */
	int iterations;		/* the most any fit took */
};

/*
 * Fit the logistic model: an "any S0 risk" gate and one model per S0 risk
 * with a labelled ticket, L2-regularised log loss minimised by L-BFGS.  The
 * gate's threshold is the lowest (rounded up to 0.001) at which, in
 * TIX_MODEL_FOLDS-fold cross-validation (labelled files as folds when there
 * are enough of them, ordinary files in contiguous thirds), the gate alone
 * raises at most TIX_MODEL_FALSE_ORDINARY of the ordinary tickets the
 * lexicon left below S0 and TIX_MODEL_FALSE_NONE of the labelled 'none'
 * tickets it left below S1.  Writes the file to out, without the features
 * whose weights are all smaller than 0.001 in absolute value.  0; -1 out of memory; -2 not enough data (no S0 ticket, or no
 * ordinary one); err filled.  Afterwards the trainer can only be freed.
 */
int tix_model_trainer_write_logistic(struct tix_model_trainer *tr, struct tix_buf *out,
				     struct tix_model_fit *fit, char *err);

#endif
