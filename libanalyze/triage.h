/*
 * triage.h - first-pass triage of a ticket's text: which risks it names,
 * how urgent it is, which team it goes to, the words that said so, and the
 * facts in it (handles, links, e-mail addresses, phone numbers, money, ids).
 *
 *	struct tix_lexicon *lx = tix_lexicon_load(&sv, path, err);	(NULL path: built in)
 *	struct tix_triager *t = tix_triager_new(lx, &sv, err);
 *	for (each ticket) {
 *		const struct tix_triage *r = tix_triage_run(t, subj, sn, body, bn, err);
 *		... r->level, r->team, r->risks, r->reasons, r->facts ...
 *	}
 *	tix_triager_free(t);
 *	tix_lexicon_free(lx);
 *
 * Matching.  Subject and body are each normalised into a stream of words:
 * ASCII letters lowered, common accented Latin letters folded (é -> e),
 * apostrophes dropped inside words (don't -> dont), look-alike digits
 * inside words read as letters (k1ll -> kill, h4cked -> hacked), runs of
 * three or more of one letter cut to two (sooo -> soo), a number standing
 * alone read as its class (1..17, an age under 18, or any other number),
 * and every other byte that is not part of a letter a word break.  Lexicon
 * phrases are normalised the same way and found with one Aho-Corasick
 * automaton in a single pass over the stream; a word marked ~ in the
 * lexicon also matches its misspellings at one edit (a letter added, left
 * out, changed, or two swapped).  A phrase never spans subject and body.
 * Only the first 256 KiB of each field are read.
 *
 * A lexicon hit is dropped when a guard of its category (or of all
 * categories) covers one of its words, or when it names contexts (&minor)
 * that the ticket does not have.  The level is the most urgent of the
 * categories left, each raised by the severity file's raise rules whose
 * context is present; the team is that category's.
 *
 * A triager is not thread-safe; the lexicon is read-only once loaded and
 * may be shared by triagers in several threads.
 */
#ifndef TIX_TRIAGE_H
#define TIX_TRIAGE_H

#include <stddef.h>
#include <stdint.h>

#include "rules.h"

struct tix_lexicon;
struct tix_triager;

#define TIX_TRIAGE_MAXTARGETS 16

struct tix_triage {
	int level;			/* 0..3 (S0..S3) */
	int cat;			/* the category that set level and team, -1: default */
	const char *team;
	/* per category of the severity file: 1 when found (after guards) */
	unsigned char found[TIX_MAXCATS];
	/* risks found, most urgent first, comma-separated ("" when none) */
	const char *risks;
	/* the words that matched: 'self_harm "kill myself"; minor "13 yo"' */
	const char *reasons;
	/* the facts as one JSON object ("{}" when none); only when facts were
	   asked for (tix_triager_new flags) */
	const char *facts;
	/* accounts the text names (@handles, also from links), as written,
	   pointing into the caller's subject and body */
	size_t ntargets;
	const char *target[TIX_TRIAGE_MAXTARGETS];
	size_t target_len[TIX_TRIAGE_MAXTARGETS];
};

/* Parse a lexicon (tix-lexicon(5)) whose section names come from sv. */
struct tix_lexicon *tix_lexicon_parse(const struct tix_severity *sv, const char *name,
				      const char *text, size_t n, char *err);
/* Read path, or the built-in lexicon when path is NULL. */
struct tix_lexicon *tix_lexicon_load(const struct tix_severity *sv, const char *path,
				     char *err);
void tix_lexicon_free(struct tix_lexicon *lx);
/* Phrases, guards and automaton states, for messages and tests. */
void tix_lexicon_stats(const struct tix_lexicon *lx, size_t *phrases, size_t *guards,
		       size_t *states);

#define TIX_TRIAGE_FACTS 1u	/* also gather the facts */

/* sv and lx must outlive the triager. */
struct tix_triager *tix_triager_new(const struct tix_lexicon *lx, const struct tix_severity *sv,
				    unsigned flags, char *err);
void tix_triager_free(struct tix_triager *t);

/*
 * A second opinion (model.h) for the triagers made from lx afterwards, or
 * NULL for none: a risk of level S0 that the model gives a probability of
 * at least tix_model_min_p (TIX_MODEL_SURE for naive Bayes, the threshold's
 * for a logistic model) and the words did not find is added, with the
 * reason "RISK model P".  m must outlive them.
 */
struct tix_model;
void tix_lexicon_set_model(struct tix_lexicon *lx, const struct tix_model *m);

/*
 * The model's features of a ticket (every normalised word, and every two
 * words next to each other in one field, once each): n texts of lengths
 * len, valid until the next call with t.  0, or -1 (out of memory).
 */
int tix_triage_features(struct tix_triager *t, const char *subject, size_t sn, const char *body,
			size_t bn, const char *const **text, const size_t **len, size_t *n,
			char *err);

/*
 * Triage one ticket.  subject and body may be NULL (with length 0), need
 * not be NUL-terminated, and may be any bytes.  The result and its strings
 * belong to t and are valid until the next call.  NULL only when memory
 * runs out (err filled).
 */
const struct tix_triage *tix_triage_run(struct tix_triager *t, const char *subject, size_t sn,
					const char *body, size_t bn, char *err);

/*
 * The facts of one text, appended to out as JSON members (no braces):
 * "handles", "urls", "videos", "emails", "phones", "money", "ids", each
 * an array of distinct strings as written, at most 16, empty ones left
 * out.  For tests; tix_triage_run fills r->facts the same way.
 */
struct tix_buf;
int tix_triage_facts(const char *s, size_t n, struct tix_buf *out);

/*
 * s[0..n) with every e-mail address written as
 * "[e-mail]" and every phone number as "[phone]" (what tix_triage_facts
 * finds), appended to out; at most the first 64 KiB of s.  For reports
 * that must not show them.  0, or -1 (out of memory).
 */
int tix_triage_redact(const char *s, size_t n, struct tix_buf *out);

/* Normalise text as the matcher does (words joined by single spaces),
   for tests and for explaining a lexicon; 0 or -1 (out of memory). */
int tix_triage_normalise(const struct tix_lexicon *lx, const char *s, size_t n,
			 struct tix_buf *out);

#endif
