/* intern.c - numbering strings; see intern.h. */
#include "intern.h"

#include <stdlib.h>
#include <string.h>

#include "tix.h"

void tix_intern_init(struct tix_intern *t)
{
	memset(t, 0, sizeof(*t));
}

void tix_intern_release(struct tix_intern *t)
{
	free(t->text);
	free(t->off);
	free(t->hash);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

static int same(const struct tix_intern *t, size_t id, uint64_t h, const char *s, size_t n)
{
	size_t end = id + 1 < t->n ? t->off[id + 1] : t->len;

	/* the length first: memcmp must not run past the stored string */
	return t->hash[id] == h && end - t->off[id] == n + 1 &&
	       !memcmp(t->text + t->off[id], s, n);
}

long tix_intern_find(const struct tix_intern *t, const char *s, size_t n)
{
	uint64_t h = tix_hash64(0, s, n);
	size_t i;

	if (!t->nslot)
		return -1;
	for (i = h & (t->nslot - 1); t->slot[i]; i = (i + 1) & (t->nslot - 1))
		if (same(t, t->slot[i] - 1, h, s, n))
			return (long)(t->slot[i] - 1);
	return -1;
}

/* Double the slots (at most half full after), placing every id again. */
static int rehash(struct tix_intern *t)
{
	size_t ns = t->nslot ? 2 * t->nslot : 1024, id, i;
	uint32_t *slot = calloc(ns, sizeof(*slot));

	if (!slot)
		return -1;
	for (id = 0; id < t->n; id++) {
		for (i = t->hash[id] & (ns - 1); slot[i]; i = (i + 1) & (ns - 1))
			;
		slot[i] = (uint32_t)id + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = ns;
	return 0;
}

long tix_intern(struct tix_intern *t, const char *s, size_t n)
{
	uint64_t h = tix_hash64(0, s, n);
	size_t i;

	if (2 * (t->n + 1) > t->nslot && rehash(t) < 0)
		return -1;
	for (i = h & (t->nslot - 1); t->slot[i]; i = (i + 1) & (t->nslot - 1))
		if (same(t, t->slot[i] - 1, h, s, n))
			return (long)(t->slot[i] - 1);
	if (t->n >= UINT32_MAX - 1)
		return -1;
	if (t->n == t->ncap) {
		size_t nc = t->ncap ? 2 * t->ncap : 256;
		size_t *off = realloc(t->off, nc * sizeof(*off));
		uint64_t *hash;

		if (!off)
			return -1;
		t->off = off;
		hash = realloc(t->hash, nc * sizeof(*hash));
		if (!hash)
			return -1;
		t->hash = hash;
		t->ncap = nc;
	}
	if (n + 1 > t->cap - t->len) {
		size_t nc = t->cap ? t->cap : 4096;
		char *text;

		while (n + 1 > nc - t->len)
			nc *= 2;
		text = realloc(t->text, nc);
		if (!text)
			return -1;
		t->text = text;
		t->cap = nc;
	}
	memcpy(t->text + t->len, s, n);
	t->text[t->len + n] = '\0';
	t->off[t->n] = t->len;
	t->hash[t->n] = h;
	t->len += n + 1;
	t->slot[i] = (uint32_t)t->n + 1;
	return (long)t->n++;
}
