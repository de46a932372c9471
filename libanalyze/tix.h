/*
 * tix.h - what every libanalyze module shares.
 *
 * Error contract: a library function that can fail returns a negative status
 * (or NULL) and, when the caller passed a non-NULL error buffer, writes one
 * line of text into it (at most TIX_ERRSZ bytes, always NUL-terminated).
 * The library never prints and never exits; only the tools do.
 */
#ifndef TIX_H
#define TIX_H

#include <stddef.h>
#include <stdint.h>

#define TIX_VERSION "0.1.0"
#define TIX_ERRSZ 512

/* Exit statuses shared by every tool. */
enum {
	TIX_EXIT_OK = 0,	/* success */
	TIX_EXIT_DATA = 1,	/* data problems found: rows rejected, a check failed */
	TIX_EXIT_USAGE = 2,	/* bad command line */
	TIX_EXIT_FAIL = 3	/* could not run at all; nothing was changed */
};

/* Format into err (which may be NULL); always returns -1. */
int tix_errf(char *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * A growable byte buffer with a size cap, so hostile input cannot make it
 * grow without bound.  The data is always NUL-terminated.  tix_buf_* return
 * 0 on success, -1 when memory runs out or the cap would be passed.
 */
struct tix_buf {
	char *s;
	size_t len, cap, max;
};
void tix_buf_init(struct tix_buf *b, size_t max);
void tix_buf_release(struct tix_buf *b);
void tix_buf_reset(struct tix_buf *b);
int tix_buf_add_slow(struct tix_buf *b, const void *p, size_t n);

/* Inline: appends are the inner loop of ingest. */
static inline int tix_buf_add(struct tix_buf *b, const void *p, size_t n)
{
	if (b->s && n < b->cap - b->len && n <= b->max - b->len) {
		__builtin_memcpy(b->s + b->len, p, n);
		b->len += n;
		b->s[b->len] = '\0';
		return 0;
	}
	return tix_buf_add_slow(b, p, n);
}

static inline int tix_buf_addc(struct tix_buf *b, int c)
{
	if (b->s && b->len + 1 < b->cap && b->len < b->max) {
		b->s[b->len++] = (char)c;
		b->s[b->len] = '\0';
		return 0;
	}
	{
		char ch = (char)c;

		return tix_buf_add_slow(b, &ch, 1);
	}
}
int tix_buf_adds(struct tix_buf *b, const char *s);
int tix_buf_addf(struct tix_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append s as a JSON string literal, quotes included. */
int tix_buf_add_json_str(struct tix_buf *b, const char *s, size_t n);

/*
 * A fast 64-bit hash (not keyed, not for secrets), eight bytes at a step.
 * Pass a previous result as h to hash several pieces in turn (start with
 * 0).  ticket.row_hash is made with it: changing it changes stored data,
 * which test_util pins with known answers.
 */
uint64_t tix_hash64(uint64_t h, const void *p, size_t n);

/* Turn GSL's aborting error handler off, once per process (every caller of
   GSL in the library calls this first, then checks statuses itself). */
void tix_gsl_init(void);

/*
 * A count per 64-bit hash (ids seen, rows left per id): open addressing,
 * grown by doubling.  Start zeroed; 0 is never a key (slot() uses h | 1).
 */
struct tix_counts {
	struct tix_count { uint64_t h; long count; } *t;
	size_t n, cap;
};
/* The count of h, inserted at 0 when new; NULL when out of memory. */
long *tix_counts_slot(struct tix_counts *m, uint64_t h);
void tix_counts_release(struct tix_counts *m);

/* Seconds on the monotonic clock, for timings and rates. */
double tix_now(void);

/* Length of the valid UTF-8 prefix of s[0..n); == n when all of it is valid. */
size_t tix_utf8_valid(const char *s, size_t n);

#endif
