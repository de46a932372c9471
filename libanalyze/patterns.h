/*
 * patterns.h - template mining: texts that say the same thing with other
 * numbers, names and ids fall into one pattern ("upload stuck at <PCT>").
 *
 *	struct tix_miner *m = tix_miner_new(NULL, err);
 *	for each text: tix_miner_add(m, s, n, err);		learn
 *	for each text: id = tix_miner_match(m, s, n, err);	name
 *	tpl = tix_miner_template(m, id);
 *	tix_miner_free(m);
 *
 * Learning and naming are two passes over the same texts: a text is named
 * with everything learnt, so the first text of a pattern gets the same
 * name as the last.  Memory grows with the number of templates (families
 * and the values they keep), not with the number of texts.
 *
 * Method.  A text is tokenised and masked by tix_tokenize() (tokens.h):
 * numbers, ids, addresses, times... become typed masks such as <NUM>,
 * words are lowered.  Texts with different token counts never meet.
 * Within one count, a prefix tree on the first two tokens (at most 100
 * children a node; later tokens go to a shared "<*>" child) leads to a
 * list of families.  A text joins the family whose template has the most
 * positions equal to it (a "<*>" position equals nothing) when at least
 * half its positions are equal (ties: the template with more "<*>", then
 * the older); else it founds a family.  A joined family's differing
 * positions become "<*>" in its template.
 *
 * Every position of a family also counts the values it has seen, up to
 * 16.  A position is a variable (shown "<*>") when
 *   (a) a 17th distinct value arrives, or
 *   (b) it has seen two or more values and one of them is a mask,
 * both for good, or, judged anew each time a text is named, when
 *   (c) it has seen three or more values and at most one of them is
 *       frequent (seen at least max(3, 5% of the family's texts) times).
 * Other positions are constants: texts of one family that differ in a
 * constant position are different patterns ("login failed for <*>" and
 * "login succeeded for <*>" when both are frequent).  A pattern is its
 * family plus the values at its constant positions; its template is those
 * values with "<*>" at the variables, joined as the family's first text
 * was: one space where it had white space between two tokens, none where
 * it had none.  Tokens past the 256th are not read, and only the first 255
 * bytes of a word are compared and shown.
 *
 * Pattern ids are numbered from 1 in the order tix_miner_match() first
 * meets them, and never change: tix_miner_save() keeps the families, their
 * counts and every pattern id, and a miner loaded from that state goes on
 * learning where it stopped.  A pattern whose constant becomes a variable
 * gets a new id; the old id keeps its template and is met no more.
 * Everything is deterministic: the same texts in the same order give the
 * same ids.
 */
#ifndef TIX_PATTERNS_H
#define TIX_PATTERNS_H

#include <stddef.h>
#include <stdint.h>

#include "tix.h"

#define TIX_MINER_MAX_TOKENS 256

struct tix_miner_opts {
	double similarity;	/* join at this share of equal positions: 0.5 */
	unsigned depth;		/* prefix tree depth in tokens: 2 */
	unsigned max_children;	/* per tree node: 100 */
	unsigned max_values;	/* values kept per position: 16 (rule a) */
	unsigned min_values;	/* rule c applies from this many values: 3 */
	double share;		/* rule c: frequent from this share: 0.05 */
	unsigned min_count;	/* rule c: and from this count: 3 */
};

struct tix_miner;

void tix_miner_defaults(struct tix_miner_opts *o);

/* NULL (with err) when out of memory or the options make no sense;
   opts NULL: the defaults. */
struct tix_miner *tix_miner_new(const struct tix_miner_opts *opts, char *err);
void tix_miner_free(struct tix_miner *m);

/* Learn the text s[0 .. n) (any bytes).  0, or -1 (out of memory). */
int tix_miner_add(struct tix_miner *m, const char *s, size_t n, char *err);

/* The pattern id of s[0 .. n) under what has been learnt (>= 1), or -1
   (out of memory).  A text unlike anything learnt gets a pattern of its
   own, all constants. */
long tix_miner_match(struct tix_miner *m, const char *s, size_t n, char *err);

/* The template of pattern id, NUL-terminated, owned by the miner and valid
   until it is freed; NULL for an unknown id. */
const char *tix_miner_template(struct tix_miner *m, long id);

/* Patterns met so far (ids 1 .. this) and families founded. */
size_t tix_miner_npatterns(const struct tix_miner *m);
size_t tix_miner_nfamilies(const struct tix_miner *m);
/* Texts learnt. */
uint64_t tix_miner_nlearnt(const struct tix_miner *m);

/*
 * The whole state as bytes appended to out (a format of this library,
 * versioned; store it as a blob), and a new miner from such bytes: NULL
 * with err when they are damaged or of another version.  A loaded miner
 * uses the options it was saved with.
 */
int tix_miner_save(const struct tix_miner *m, struct tix_buf *out, char *err);
struct tix_miner *tix_miner_load(const void *p, size_t n, char *err);

#endif
