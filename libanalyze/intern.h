/*
 * intern.h - numbering strings: each distinct string gets the next number
 * from 0, so a tool can sort and compare numbers instead of text (the
 * requesters and groups of a million tickets).
 *
 *	struct tix_intern t;
 *	tix_intern_init(&t);
 *	long id = tix_intern(&t, s, n);		-1 when out of memory
 *	const char *back = tix_intern_str(&t, id);
 *	tix_intern_release(&t);
 */
#ifndef TIX_INTERN_H
#define TIX_INTERN_H

#include <stddef.h>
#include <stdint.h>

struct tix_intern {
	char *text;		/* the strings, each NUL-terminated */
	size_t len, cap;
	size_t *off;		/* off[id]: where string id starts in text */
	uint64_t *hash;		/* hash[id] */
	size_t n, ncap;
	uint32_t *slot;		/* open addressing: id + 1, 0 when empty */
	size_t nslot;		/* a power of 2 */
};

void tix_intern_init(struct tix_intern *t);
void tix_intern_release(struct tix_intern *t);
/* The number of s[0..n) (which may hold no NUL), new or known; -1 when
   out of memory or past 2^32 - 2 strings. */
long tix_intern(struct tix_intern *t, const char *s, size_t n);
/* The number of s[0..n) if known, else -1. */
long tix_intern_find(const struct tix_intern *t, const char *s, size_t n);
static inline const char *tix_intern_str(const struct tix_intern *t, size_t id)
{
	return t->text + t->off[id];
}

#endif
