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

#endif
