/* util.c - error buffers, growable buffers, hashing, UTF-8 checks. */
#include "tix.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

int tix_errf(char *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintf(err, TIX_ERRSZ, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void tix_buf_init(struct tix_buf *b, size_t max)
{
	b->s = NULL;
	b->len = b->cap = 0;
	b->max = max ? max : (size_t)1 << 30;
}

void tix_buf_release(struct tix_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

void tix_buf_reset(struct tix_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

static int buf_grow(struct tix_buf *b, size_t extra)
{
	size_t need, cap;
	char *s;

	if (extra > b->max || b->len > b->max - extra)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	s = realloc(b->s, cap);
	if (!s)
		return -1;
	b->s = s;
	b->cap = cap;
	return 0;
}

int tix_buf_add_slow(struct tix_buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int tix_buf_adds(struct tix_buf *b, const char *s)
{
	return tix_buf_add(b, s, strlen(s));
}

int tix_buf_addf(struct tix_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int tix_buf_add_json_str(struct tix_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	if (tix_buf_addc(b, '"') < 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (tix_buf_add(b, s + run, i - run) < 0)
			return -1;
		run = i + 1;
		switch (c) {
		case '"': memcpy(esc, "\\\"", 3); break;
		case '\\': memcpy(esc, "\\\\", 3); break;
		case '\n': memcpy(esc, "\\n", 3); break;
		case '\r': memcpy(esc, "\\r", 3); break;
		case '\t': memcpy(esc, "\\t", 3); break;
		default:
			esc[0] = '\\'; esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
			esc[4] = hex[c >> 4]; esc[5] = hex[c & 15]; esc[6] = '\0';
		}
		if (tix_buf_adds(b, esc) < 0)
			return -1;
	}
	if (tix_buf_add(b, s + run, n - run) < 0)
		return -1;
	return tix_buf_addc(b, '"');
}

static uint64_t load64le(const unsigned char *s)
{
	return (uint64_t)s[0] | (uint64_t)s[1] << 8 | (uint64_t)s[2] << 16 |
	       (uint64_t)s[3] << 24 | (uint64_t)s[4] << 32 | (uint64_t)s[5] << 40 |
	       (uint64_t)s[6] << 48 | (uint64_t)s[7] << 56;
}

static uint64_t mix64(uint64_t x)
{
	/* the splitmix64 finaliser */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

uint64_t tix_hash64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t tail = 0;
	size_t i;

	h ^= 0x243f6a8885a308d3ULL + n * 0x9e3779b97f4a7c15ULL;
	for (; n >= 8; s += 8, n -= 8) {
		h ^= load64le(s);
		h *= 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	for (i = 0; i < n; i++)
		tail |= (uint64_t)s[i] << (8 * i);
	return mix64(h ^ tail ^ ((uint64_t)n << 59));
}

size_t tix_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len, k;
		unsigned cp;

		if (c < 0x80) {
			/* ASCII runs eight bytes at a time */
			while (i + 8 <= n && !(load64le(s + i) & 0x8080808080808080ULL))
				i += 8;
			while (i < n && s[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2; cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3; cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4; cp = c & 0x07;
		} else {
			return i;
		}
		if (i + len > n)
			return i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return i;
		i += len;
	}
	return n;
}

double tix_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long *tix_counts_slot(struct tix_counts *m, uint64_t h)
{
	size_t i, mask;

	h |= 1;
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 1024, j;
		struct tix_count *t = calloc(cap, sizeof(*t));

		if (!t)
			return NULL;
		for (j = 0; j < m->cap; j++) {
			if (!m->t[j].h)
				continue;
			for (i = (size_t)m->t[j].h & (cap - 1); t[i].h; i = (i + 1) & (cap - 1))
				;
			t[i] = m->t[j];
		}
		free(m->t);
		m->t = t;
		m->cap = cap;
	}
	mask = m->cap - 1;
	for (i = (size_t)h & mask; m->t[i].h && m->t[i].h != h; i = (i + 1) & mask)
		;
	if (!m->t[i].h) {
		m->t[i].h = h;
		m->t[i].count = 0;
		m->n++;
	}
	return &m->t[i].count;
}

void tix_counts_release(struct tix_counts *m)
{
	free(m->t);
	memset(m, 0, sizeof(*m));
}

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_quiet(void)
{
	gsl_set_error_handler_off();
}

void tix_gsl_init(void)
{
	pthread_once(&gsl_once, gsl_quiet);
}
