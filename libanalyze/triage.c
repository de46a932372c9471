/* triage.c - lexicon matching, levels and facts for tix-triage. */
#include "triage.h"

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "tix.h"
#include "tokens.h"

#define FIELD_MAX (256u << 10)
#define MAX_ENTRY_WORDS 12
#define MAX_CTX 4
#define FUZZY_MIN 5
#define CAT_ALL (-1)

/* ---------------------------------------------------------------- lexicon */

struct entry {
	int cat;		/* category; for a guard: the guarded one or CAT_ALL */
	int guard;
	int part;		/* 0: a whole phrase; 1, 2: the halves of "A .. B" */
	int combo;		/* the line of a pair (both halves share it) */
	int nctx;
	int ctx[MAX_CTX];	/* contexts the ticket must have */
	unsigned len;		/* bytes of the pattern in the stream */
	const char *text;	/* the line as written (in texts), for messages */
};

struct fuzzy_slot {
	uint64_t h;		/* 0: empty */
	uint32_t word;		/* index into fwords */
	uint32_t del;		/* 0: the word itself, else the deleted position + 1 */
};

struct tix_lexicon {
	const struct tix_severity *sv;
	struct entry *e;
	size_t ne, ecap, nguard;
	char **texts;		/* each line as written */
	size_t ntexts, tcap;
	size_t nlines, nguardlines;	/* lines of the file, before {} expansion */
	int ncombo;
	/*
	 * The automaton.  States are numbered breadth first; the first ndense
	 * (the shallow ones, where the scan spends most of its steps) have a
	 * full row, next[state * ncls + class]; each deeper one has its own
	 * transitions only, edges sedge[sstart[d] .. sstart[d + 1]) of
	 * d = state - ndense (class, target), and a failure state sfail[d].
	 */
	uint32_t *next;
	uint32_t ndense;
	uint32_t *sfail, *sstart;
	struct sedge {
		uint32_t to;
		uint32_t cls;
	} *sedge;
	uint32_t nstates;
	unsigned ncls;
	unsigned char cls[256];
	/* outputs of a state: out[outstart[s] .. outstart[s + 1]) */
	uint32_t *outstart, *out;
	/* words marked ~, and their one-deletion variants */
	char **fwords;
	size_t nfwords;
	size_t fmin, fmax;
	struct fuzzy_slot *ftab;
	size_t fcap;
	const struct tix_model *model;	/* the second opinion, or NULL */
};

static uint64_t fhash(const char *s, size_t n, size_t skip)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i == skip)
			continue;
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h | 1;
}

/* ------------------------------------------------------------- normalising */

/* Fold of U+00C0..U+00FF ("" for the two that are not letters). */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Decode one UTF-8 character at s[i..n); its length, or 0 when invalid. */
static size_t utf8_at(const unsigned char *s, size_t i, size_t n, uint32_t *cp)
{
	unsigned char c = s[i];
	size_t len, k;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (i + len > n)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[i + k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i + k] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* Is a non-ASCII character part of a word?  Letters of every script are;
   punctuation, symbols, spaces and emoji are not. */
static int wide_letter(uint32_t cp)
{
	if (cp < 0xc0)
		return 0;
	if (cp == 0xd7 || cp == 0xf7)
		return 0;
	if (cp >= 0x2000 && cp <= 0x2bff)
		return 0;
	if (cp >= 0x3000 && cp <= 0x303f)
		return 0;
	if (cp >= 0xfe00 && cp <= 0xfe0f)
		return 0;
	if (cp >= 0xff00 && cp <= 0xff20)
		return 0;
	if (cp >= 0x1f000)
		return 0;
	return 1;
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

static int leet(int c)
{
	switch (c) {
	case '0': return 'o';
	case '1': return 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '8': return 'b';
	case '@': return 'a';
	case '$': return 's';
	default: return 0;
	}
}

/* A word of the stream. */
struct word {
	uint32_t ns, nlen;	/* in the stream */
	uint32_t os, oe;	/* in the original field */
	uint8_t field;
};

struct norm {
	struct tix_buf ns;	/* " w1 w2 ... " */
	struct word *w;
	size_t nw, wcap;
	char *tok;		/* one token being built */
	size_t tokcap;
	uint32_t *tokpos;	/* original offset of each byte of tok */
};


static int push_word(struct norm *z, const char *s, size_t n, uint32_t os, uint32_t oe,
		     int field);

/* Is a[0..an) within one edit (insert, delete, change, swap) of b[0..bn)? */
static int one_edit(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j;

	if (an > bn + 1 || bn > an + 1)
		return 0;
	while (i < an && i < bn && a[i] == b[i])
		i++;
	if (i == an && i == bn)
		return 1;
	if (an == bn) {
		if (!memcmp(a + i + 1, b + i + 1, an - i - 1))
			return 1;
		return i + 1 < an && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       !memcmp(a + i + 2, b + i + 2, an - i - 2);
	}
	if (an > bn)
		return !memcmp(a + i + 1, b + i, bn - i);
	j = i;
	return !memcmp(a + j, b + j + 1, an - j);
}

/* The lexicon word w[0..n) is one edit from, or NULL. */
static const char *fuzzy_find(const struct tix_lexicon *lx, const char *w, size_t n)
{
	size_t skip, mask = lx->fcap - 1;

	if (!lx->nfwords || n < FUZZY_MIN || n + 1 < lx->fmin || n > lx->fmax + 1)
		return NULL;
	{
		/* the word itself first: a ~ word is never read as another one */
		uint64_t h = fhash(w, n, (size_t)-1);
		size_t k;

		for (k = (size_t)h & mask; lx->ftab[k].h; k = (k + 1) & mask) {
			const char *v = lx->fwords[lx->ftab[k].word];

			if (lx->ftab[k].h == h && !lx->ftab[k].del && strlen(v) == n &&
			    !memcmp(v, w, n))
				return v;
		}
	}
	for (skip = (size_t)-1;; skip++) {
		uint64_t h = fhash(w, n, skip);
		size_t k = (size_t)h & mask;

		for (; lx->ftab[k].h; k = (k + 1) & mask) {
			const char *v;

			if (lx->ftab[k].h != h)
				continue;
			v = lx->fwords[lx->ftab[k].word];
			if (one_edit(w, n, v, strlen(v)))
				return v;
		}
		if (skip + 1 >= n)
			break;
	}
	return NULL;
}

/*
 * Turn one token (letters, digits, look-alikes, in tok[0..n)) into words:
 * a number alone becomes its class, digits that start a token are split
 * off, digits inside letters are read as letters, long letter runs are cut.
 */
static int emit_token(struct norm *z, const struct tix_lexicon *lx, char *tok, size_t n,
		      const uint32_t *pos, uint32_t oe_last, int field)
{
	size_t i = 0, j, d, k;
	char w[256];

	while (i < n) {
		if (is_digit(tok[i])) {
			unsigned long v = 0;

			for (j = i; j < n && is_digit(tok[j]); j++)
				if (v < 1000)
					v = v * 10 + (unsigned long)(tok[j] - '0');
			if (push_word(z, v >= 1 && v <= 17 ? "#m" : "#n", 2, pos[i],
				      j < n ? pos[j] : oe_last, field) < 0)
				return -1;
			i = j;
			continue;
		}
		/* a word starting with a letter (or a wide letter byte) */
		for (j = i; j < n; j++) {
			if (is_digit(tok[j]) || leet(tok[j])) {
				/* look-alike digits inside a word: at most two, then a letter */
				for (d = j; d < n && d - j < 3 && leet(tok[d]); d++)
					;
				if (d > j && d < n && d - j <= 2 && !is_digit(tok[d]) &&
				    leet(tok[d]) == 0) {
					for (k = j; k < d; k++)
						tok[k] = (char)leet(tok[k]);
					j = d - 1;
					continue;
				}
				if (tok[j] == '@' || tok[j] == '$')
					tok[j] = (char)leet(tok[j]);
				else
					break;
			}
		}
		/* tok[i..j) is the word: cut runs of 3+ letters to 2 */
		d = 0;
		for (k = i; k < j && d < sizeof(w); k++) {
			if (d >= 2 && w[d - 1] == tok[k] && w[d - 2] == tok[k] &&
			    is_alpha((unsigned char)tok[k]))
				continue;
			w[d++] = tok[k];
		}
		if (d) {
			const char *fz = NULL;

			if (lx && lx->nfwords) {
				int ascii = 1;

				for (k = 0; k < d && ascii; k++)
					ascii = w[k] >= 'a' && w[k] <= 'z';
				if (ascii)
					fz = fuzzy_find(lx, w, d);
			}
			if (push_word(z, fz ? fz : w, fz ? strlen(fz) : d, pos[i],
				      j < n ? pos[j] : oe_last, field) < 0)
				return -1;
		}
		i = j;
	}
	return 0;
}

static int push_word(struct norm *z, const char *s, size_t n, uint32_t os, uint32_t oe,
		     int field)
{
	struct word *w;
	if (z->nw == z->wcap) {
		size_t nc = z->wcap ? z->wcap * 2 : 256;
		struct word *nwp = realloc(z->w, nc * sizeof(*nwp));

		if (!nwp)
			return -1;
		z->w = nwp;
		z->wcap = nc;
	}
	w = &z->w[z->nw++];
	w->ns = (uint32_t)z->ns.len;
	w->nlen = (uint32_t)n;
	w->os = os;
	w->oe = oe;
	w->field = (uint8_t)field;
	if (tix_buf_add(&z->ns, s, n) < 0 || tix_buf_addc(&z->ns, ' ') < 0)
		return -1;
	return 0;
}

static int tok_room(struct norm *z, size_t need)
{
	if (need <= z->tokcap)
		return 0;
	{
		size_t nc = z->tokcap ? z->tokcap : 256;
		char *nt;
		uint32_t *np;

		while (nc < need)
			nc *= 2;
		if (!(nt = realloc(z->tok, nc)))
			return -1;
		z->tok = nt;
		if (!(np = realloc(z->tokpos, nc * sizeof(*np))))
			return -1;
		z->tokpos = np;
		z->tokcap = nc;
	}
	return 0;
}

/* Normalise s[0..n) as field number field, appending to z. */
static int norm_field(struct norm *z, const struct tix_lexicon *lx, const char *str, size_t n,
		      int field)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, tn = 0;
	uint32_t cp;

	if (n > FIELD_MAX)
		n = FIELD_MAX;
	if (tok_room(z, 64) < 0)
		return -1;
	while (i <= n) {
		size_t len = 1;
		int c = i < n ? s[i] : ' ';
		const char *add = NULL;
		size_t addn = 0;
		char one;

		if (i < n && c >= 0x80) {
			len = utf8_at(s, i, n, &cp);
			if (!len) {
				len = 1;	/* a stray byte breaks words */
			} else if (cp == 0x2019 || cp == 0x2018) {
				/* an apostrophe inside a word is dropped */
				if (tn && i + len < n && is_alpha(s[i + len])) {
					i += len;
					continue;
				}
			} else if (cp >= 0xc0 && cp <= 0xff) {
				add = latin1[cp - 0xc0];
				addn = strlen(add);
				if (!addn)
					add = NULL;
			} else if (wide_letter(cp)) {
				add = (const char *)s + i;
				addn = len;
			}
		} else if (is_alnum(c)) {
			one = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			add = &one;
			addn = 1;
		} else if (c == '\'' && tn && i + 1 < n && is_alpha(s[i + 1])) {
			i++;
			continue;
		} else if ((c == '@' || c == '$') && tn && i + 1 < n && is_alnum(s[i + 1]) &&
			   is_alpha((unsigned char)z->tok[tn - 1])) {
			one = (char)c;
			add = &one;
			addn = 1;
		}
		if (add) {
			size_t k;

			if (tok_room(z, tn + addn + 1) < 0)
				return -1;
			for (k = 0; k < addn; k++) {
				z->tok[tn + k] = add[k];
				z->tokpos[tn + k] = (uint32_t)i;
			}
			tn += addn;
		} else if (tn) {
			if (emit_token(z, lx, z->tok, tn, z->tokpos, (uint32_t)i, field) < 0)
				return -1;
			tn = 0;
		}
		i += len;
	}
	return 0;
}

static void norm_reset(struct norm *z)
{
	tix_buf_reset(&z->ns);
	z->nw = 0;
}

static void norm_release(struct norm *z)
{
	tix_buf_release(&z->ns);
	free(z->w);
	free(z->tok);
	free(z->tokpos);
	memset(z, 0, sizeof(*z));
}

/* ------------------------------------------------------------- building */

/*
 * The trie while building: nodes, child edges and outputs each in one
 * growing array (a node's children and outputs are linked lists through
 * them), so a 200k-state trie costs a few dozen allocations, not a
 * million.
 */
struct bnode {
	uint32_t edge, last;	/* first and last child edge, 0: none */
	uint32_t out, lastout;	/* first and last output, 0: none */
	uint32_t fail;
};

struct bedge {
	uint32_t to, next;
	unsigned char c;
};

struct bout {
	uint32_t e, next;
};

/* in lx->next: the state reached has outputs */
#define OUT_FLAG 0x80000000u
/* states with a full row of transitions (about 12 MiB at 48 classes) */
#define DENSE_STATES 65536u

struct builder {
	struct bnode *node;
	size_t n, cap;
	struct bedge *edge;	/* edge[0] unused */
	size_t ne, ecap;
	struct bout *out;	/* out[0] unused */
	size_t no, ocap;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t nc = *cap ? *cap : 1024;
	void *np;

	if (need <= *cap)
		return 0;
	while (nc < need)
		nc *= 2;
	if (!(np = realloc(*p, nc * size)))
		return -1;
	*p = np;
	*cap = nc;
	return 0;
}

static int bnode_new(struct builder *b)
{
	if (grow((void **)&b->node, &b->cap, b->n + 1, sizeof(*b->node)) < 0)
		return -1;
	memset(&b->node[b->n], 0, sizeof(*b->node));
	return (int)b->n++;
}

static uint32_t child(const struct builder *b, uint32_t s, unsigned char c)
{
	uint32_t k;

	for (k = b->node[s].edge; k; k = b->edge[k].next)
		if (b->edge[k].c == c)
			return b->edge[k].to;
	return 0;
}

static int add_child(struct builder *b, uint32_t s, unsigned char c, uint32_t to)
{
	struct bnode *nd;

	if (!b->ne)
		b->ne = 1;
	if (grow((void **)&b->edge, &b->ecap, b->ne + 1, sizeof(*b->edge)) < 0)
		return -1;
	b->edge[b->ne].to = to;
	b->edge[b->ne].next = 0;
	b->edge[b->ne].c = c;
	nd = &b->node[s];
	if (nd->last)
		b->edge[nd->last].next = (uint32_t)b->ne;
	else
		nd->edge = (uint32_t)b->ne;
	nd->last = (uint32_t)b->ne++;
	return 0;
}

static void builder_release(struct builder *b)
{
	free(b->node);
	free(b->edge);
	free(b->out);
}

static int add_out(struct builder *b, uint32_t s, uint32_t e)
{
	struct bnode *nd;

	if (!b->no)
		b->no = 1;
	if (grow((void **)&b->out, &b->ocap, b->no + 1, sizeof(*b->out)) < 0)
		return -1;
	b->out[b->no].e = e;
	b->out[b->no].next = 0;
	nd = &b->node[s];
	if (nd->lastout)
		b->out[nd->lastout].next = (uint32_t)b->no;
	else
		nd->out = (uint32_t)b->no;
	nd->lastout = (uint32_t)b->no++;
	return 0;
}

static int insert(struct builder *b, const char *p, size_t n, uint32_t e)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		uint32_t to = child(b, s, c);

		if (!to) {
			int k = bnode_new(b);

			if (k < 0 || add_child(b, s, c, (uint32_t)k) < 0)
				return -1;
			to = (uint32_t)k;
		}
		s = to;
	}
	return add_out(b, s, e);
}

/*
 * Breadth first: failure links, then the dense table and the outputs.  A
 * state's outputs are its own followed by its failure state's (which comes
 * earlier in breadth-first order, so is complete by then).
 */
static int compile(struct tix_lexicon *lx, struct builder *b)
{
	uint32_t *queue = malloc(b->n * sizeof(*queue));
	uint32_t *count = calloc(b->n, sizeof(*count));
	uint32_t *rank = malloc(b->n * sizeof(*rank));
	size_t qh = 0, qt = 0, nout = 0, nse, i;
	uint32_t s, k;

	if (!queue || !count || !rank)
		goto oom;
	memset(lx->cls, 0, sizeof(lx->cls));
	lx->ncls = 1;
	for (k = 1; k < b->ne; k++)
		if (!lx->cls[b->edge[k].c]) {
			if (lx->ncls == 255)
				goto oom;
			lx->cls[b->edge[k].c] = (unsigned char)lx->ncls++;
		}
	if (b->n >= OUT_FLAG)
		goto oom;
	lx->nstates = (uint32_t)b->n;
	lx->ndense = lx->nstates < DENSE_STATES ? lx->nstates : DENSE_STATES;
	lx->next = calloc((size_t)lx->ndense * lx->ncls, sizeof(*lx->next));
	lx->outstart = calloc((size_t)lx->nstates + 1, sizeof(*lx->outstart));
	lx->sfail = malloc(((size_t)lx->nstates - lx->ndense + 1) * sizeof(*lx->sfail));
	lx->sstart = malloc(((size_t)lx->nstates - lx->ndense + 1) * sizeof(*lx->sstart));
	lx->sedge = malloc((b->ne ? b->ne : 1) * sizeof(*lx->sedge));
	if (!lx->next || !lx->outstart || !lx->sfail || !lx->sstart || !lx->sedge)
		goto oom;
	queue[qt++] = 0;
	while (qh < qt) {
		s = queue[qh++];
		for (k = b->node[s].out; k; k = b->out[k].next)
			count[s]++;
		if (s)
			count[s] += count[b->node[s].fail];
		for (k = b->node[s].edge; k; k = b->edge[k].next) {
			uint32_t ch = b->edge[k].to, to;
			unsigned char byte = b->edge[k].c;

			b->node[ch].fail = 0;
			if (s) {
				uint32_t f = b->node[s].fail;

				while (f && !child(b, f, byte))
					f = b->node[f].fail;
				to = child(b, f, byte);
				if (to && to != ch)
					b->node[ch].fail = to;
			}
			queue[qt++] = ch;
		}
	}
	/*
	 * States are numbered in breadth-first order (queue[i] becomes i), so
	 * the shallow states, where the scan spends most of its steps, share
	 * a few cache lines; a transition into a state with outputs carries
	 * OUT_FLAG, so the scan looks at the outputs only then.
	 */
	for (i = 0; i < qt; i++)
		rank[queue[i]] = (uint32_t)i;
	for (i = 0; i < qt; i++) {
		lx->outstart[i] = (uint32_t)nout;
		nout += count[queue[i]];
	}
	lx->outstart[qt] = (uint32_t)nout;
	if (!(lx->out = malloc((nout ? nout : 1) * sizeof(*lx->out))))
		goto oom;
	for (i = 0, nse = 0; i < qt; i++) {
		uint32_t *o, f;

		s = queue[i];
		f = rank[b->node[s].fail];
		o = lx->out + lx->outstart[i];
		for (k = b->node[s].out; k; k = b->out[k].next)
			*o++ = b->out[k].e;
		if (s)
			memcpy(o, lx->out + lx->outstart[f], count[b->node[s].fail] * sizeof(*o));
		if (i >= lx->ndense) {
			/* a deep state: its own edges and its failure state (which
			   comes earlier: shallower) */
			lx->sfail[i - lx->ndense] = f;
			lx->sstart[i - lx->ndense] = (uint32_t)nse;
			for (k = b->node[s].edge; k; k = b->edge[k].next) {
				uint32_t to = b->edge[k].to;

				lx->sedge[nse].cls = lx->cls[b->edge[k].c];
				lx->sedge[nse++].to = rank[to] | (count[to] ? OUT_FLAG : 0);
			}
			continue;
		}
		/* class 0 (a byte no phrase has) stays 0: back to the root */
		if (s)
			memcpy(lx->next + i * lx->ncls, lx->next + (size_t)f * lx->ncls,
			       lx->ncls * sizeof(*lx->next));
		for (k = b->node[s].edge; k; k = b->edge[k].next) {
			uint32_t to = b->edge[k].to;

			lx->next[i * lx->ncls + lx->cls[b->edge[k].c]] =
				rank[to] | (count[to] ? OUT_FLAG : 0);
		}
	}
	lx->sstart[lx->nstates - lx->ndense] = (uint32_t)nse;
	free(rank);
	free(queue);
	free(count);
	return 0;
oom:
	free(queue);
	free(count);
	free(rank);
	return -1;
}

static int fuzzy_add(struct tix_lexicon *lx, const char *w, size_t n, char *err,
		     const char *name, long ln)
{
	size_t i, k, mask;
	char **nf;

	for (i = 0; i < lx->nfwords; i++)
		if (!strcmp(lx->fwords[i], w))
			return 0;
	if (n < FUZZY_MIN)
		return tix_errf(err, "%s:%ld: '%.*s~': only words of %d letters or more may be "
				"marked ~", name, ln, (int)n, w, FUZZY_MIN);
	for (i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return tix_errf(err, "%s:%ld: '%.*s~': only words of the letters a to z "
					"may be marked ~", name, ln, (int)n, w);
	if (!(nf = realloc(lx->fwords, (lx->nfwords + 1) * sizeof(*nf))))
		return tix_errf(err, "out of memory");
	lx->fwords = nf;
	if (!(nf[lx->nfwords] = strndup(w, n)))
		return tix_errf(err, "out of memory");
	lx->nfwords++;
	if (n < lx->fmin || !lx->fmin)
		lx->fmin = n;
	if (n > lx->fmax)
		lx->fmax = n;
	/* the table holds the word and each of its one-letter deletions */
	if ((lx->nfwords * 40) * 2 > lx->fcap) {
		size_t nc = lx->fcap ? lx->fcap * 4 : 4096;
		struct fuzzy_slot *nt = calloc(nc, sizeof(*nt));

		if (!nt)
			return tix_errf(err, "out of memory");
		mask = nc - 1;
		for (i = 0; i < lx->fcap; i++)
			if (lx->ftab[i].h) {
				for (k = (size_t)lx->ftab[i].h & mask; nt[k].h; k = (k + 1) & mask)
					;
				nt[k] = lx->ftab[i];
			}
		free(lx->ftab);
		lx->ftab = nt;
		lx->fcap = nc;
	}
	mask = lx->fcap - 1;
	for (i = 0; i <= n; i++) {
		uint64_t h = fhash(w, n, i == 0 ? (size_t)-1 : i - 1);

		for (k = (size_t)h & mask; lx->ftab[k].h; k = (k + 1) & mask)
			;
		lx->ftab[k].h = h;
		lx->ftab[k].word = (uint32_t)(lx->nfwords - 1);
		lx->ftab[k].del = (uint32_t)i;
	}
	return 0;
}

/* One expanded phrase of a lexicon line: its words, the entry, the trie. */
static int add_phrase(struct tix_lexicon *lx, struct builder *b, struct norm *z, int cat,
		      int guard, int part, const int *ctx, int nctx, const char *text, char *line,
		      const char *name, long ln, char *err)
{
	struct entry *e;
	int prefix = 0, k;
	struct tix_buf pat;
	char *p;

	norm_reset(z);
	for (p = line; *p;) {
		char *start, *end;
		int fuzzy = 0;
		size_t before;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		end = p;
		if (end[-1] == '*') {
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p)
				return tix_errf(err, "%s:%ld: '*' only ends the last word of a phrase",
						name, ln);
			prefix = 1;
			end--;
		} else if (end[-1] == '~') {
			fuzzy = 1;
			end--;
		}
		if (end == start)
			return tix_errf(err, "%s:%ld: a lone '%c'", name, ln, *end);
		before = z->nw;
		if (norm_field(z, NULL, start, (size_t)(end - start), 0) < 0)
			return tix_errf(err, "out of memory");
		if (fuzzy) {
			if (z->nw != before + 1)
				return tix_errf(err, "%s:%ld: '%.*s~' is not one word", name, ln,
						(int)(end - start), start);
			if (fuzzy_add(lx, z->ns.s + z->w[before].ns, z->w[before].nlen, err,
				      name, ln) < 0)
				return -1;
		}
	}
	if (!z->nw)
		return tix_errf(err, "%s:%ld: a phrase with no words in it", name, ln);
	if (z->nw > MAX_ENTRY_WORDS)
		return tix_errf(err, "%s:%ld: more than %d words", name, ln, MAX_ENTRY_WORDS);
	tix_buf_init(&pat, 4096);
	if (tix_buf_addc(&pat, ' ') < 0 || tix_buf_add(&pat, z->ns.s, z->ns.len) < 0) {
		tix_buf_release(&pat);
		return tix_errf(err, "%s:%ld: phrase too long", name, ln);
	}
	if (prefix)
		pat.s[--pat.len] = '\0';
	if (grow((void **)&lx->e, &lx->ecap, lx->ne + 1, sizeof(*lx->e)) < 0) {
		tix_buf_release(&pat);
		return tix_errf(err, "out of memory");
	}
	e = &lx->e[lx->ne];
	memset(e, 0, sizeof(*e));
	e->cat = cat;
	e->guard = guard;
	e->part = part;
	e->combo = part ? lx->ncombo : -1;
	e->len = (unsigned)pat.len;
	for (k = 0; k < nctx; k++)
		e->ctx[e->nctx++] = ctx[k];
	e->text = text;
	lx->ne++;
	if (guard)
		lx->nguard++;
	if (insert(b, pat.s, pat.len, (uint32_t)(lx->ne - 1)) < 0) {
		tix_buf_release(&pat);
		return tix_errf(err, "out of memory");
	}
	tix_buf_release(&pat);
	return 0;
}

#define MAX_EXPAND 4096

/*
 * One lexicon line: trailing &context words, then words where {a,b,}
 * stands for each of its alternatives (an empty one: the word left out).
 */
static int add_entry(struct tix_lexicon *lx, struct builder *b, struct norm *z, int cat,
		     int guard, char *line, const char *name, long ln, char *err)
{
	char *ctxs[MAX_CTX], *p, *q;
	int ctx[MAX_CTX], nctx = 0, nw = 0, k, pick[MAX_ENTRY_WORDS * 2];
	int nalt[MAX_ENTRY_WORDS * 2];
	char *alt[MAX_ENTRY_WORDS * 2][256];
	char *text, buf[1024];
	size_t len, count = 1;
	int gap = -1;

	for (;;) {
		len = strlen(line);
		while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
			line[--len] = '\0';
		p = strrchr(line, ' ');
		q = strrchr(line, '\t');
		if (q && (!p || q > p))
			p = q;
		p = p ? p + 1 : line;
		if (*p != '&')
			break;
		if (guard)
			return tix_errf(err, "%s:%ld: a guard takes no &context", name, ln);
		if (nctx == MAX_CTX)
			return tix_errf(err, "%s:%ld: more than %d contexts", name, ln, MAX_CTX);
		if (p == line)
			return tix_errf(err, "%s:%ld: a context with no phrase", name, ln);
		ctxs[nctx] = p + 1;
		if ((ctx[nctx] = tix_severity_find(lx->sv, p + 1)) < 0 ||
		    lx->sv->cat[ctx[nctx]].kind != TIX_CAT_CONTEXT)
			return tix_errf(err, "%s:%ld: '&%s' is not a context of the severity file",
					name, ln, ctxs[nctx]);
		nctx++;
		p[-1] = '\0';
	}
	/* "!phrase" in a guard section: the guard covers the whole ticket */
	while (*line == ' ' || *line == '\t')
		line++;
	if (guard && *line == '!') {
		guard = 2;
		line++;
	}
	if (grow((void **)&lx->texts, &lx->tcap, lx->ntexts + 1, sizeof(*lx->texts)) < 0 ||
	    !(text = strdup(line)))
		return tix_errf(err, "out of memory");
	lx->texts[lx->ntexts++] = text;
	for (p = line; *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (nw == MAX_ENTRY_WORDS * 2)
			return tix_errf(err, "%s:%ld: more than %d words", name, ln, MAX_ENTRY_WORDS);
		if (*p == '{') {
			char *close = strchr(p, '}');

			if (!close)
				return tix_errf(err, "%s:%ld: '{' without '}'", name, ln);
			*close = '\0';
			nalt[nw] = 0;
			for (q = p + 1;;) {
				char *comma = strchr(q, ',');

				if (nalt[nw] == 256)
					return tix_errf(err, "%s:%ld: more than 256 alternatives", name, ln);
				alt[nw][nalt[nw]++] = q;
				if (!comma)
					break;
				*comma = '\0';
				q = comma + 1;
			}
			for (k = 0; k < nalt[nw]; k++)
				if (strchr(alt[nw][k], '{'))
					return tix_errf(err, "%s:%ld: '{' inside {}", name, ln);
			p = close + 1;
			if (*p && *p != ' ' && *p != '\t')
				return tix_errf(err, "%s:%ld: text right after '}'", name, ln);
		} else {
			nalt[nw] = 1;
			alt[nw][0] = p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
		}
		if (*p)
			*p++ = '\0';
		count *= (size_t)nalt[nw];
		if (count > MAX_EXPAND)
			return tix_errf(err, "%s:%ld: more than %d phrases from one line", name, ln,
					MAX_EXPAND);
		pick[nw] = 0;
		if (nalt[nw] == 1 && !strcmp(alt[nw][0], "..")) {
			if (gap >= 0 || guard)
				return tix_errf(err, guard ? "%s:%ld: a guard takes no '..'" :
						"%s:%ld: one '..' a line", name, ln);
			gap = nw;
		}
		nw++;
	}
	if (!nw)
		return tix_errf(err, "%s:%ld: a phrase with no words in it", name, ln);
	for (;;) {
		size_t used = 0;

		buf[0] = '\0';
		for (k = 0; k < nw; k++) {
			const char *w = alt[k][pick[k]];
			size_t wl = strlen(w);

			if (!wl)
				continue;
			if (used + wl + 2 > sizeof(buf))
				return tix_errf(err, "%s:%ld: phrase too long", name, ln);
			if (used)
				buf[used++] = ' ';
			memcpy(buf + used, w, wl + 1);
			used += wl;
		}
		if (gap < 0) {
			if (used && add_phrase(lx, b, z, cat, guard, 0, ctx, nctx, text, buf, name,
					       ln, err) < 0)
				return -1;
		} else {
			/* "A .. B": each half on its own; decide() pairs them */
			char *half = strstr(buf, " .. ");

			if (!half || half == buf)
				return tix_errf(err, "%s:%ld: '..' needs words on both sides", name, ln);
			*half = '\0';
			if (add_phrase(lx, b, z, cat, guard, 1, ctx, nctx, text, buf, name, ln,
				       err) < 0 ||
			    add_phrase(lx, b, z, cat, guard, 2, ctx, nctx, text, half + 4, name, ln,
				       err) < 0)
				return -1;
		}
		for (k = nw - 1; k >= 0; k--) {
			if (++pick[k] < nalt[k])
				break;
			pick[k] = 0;
		}
		if (k < 0)
			break;
	}
	lx->nlines++;
	if (guard)
		lx->nguardlines++;
	if (gap >= 0)
		lx->ncombo++;
	return 0;
}

struct tix_lexicon *tix_lexicon_parse(const struct tix_severity *sv, const char *name,
				      const char *text, size_t n, char *err)
{
	struct tix_lexicon *lx = calloc(1, sizeof(*lx));
	struct builder b = { 0 };
	struct norm z;
	const char *p = text, *end = text + n;
	char line[1024];
	long ln = 0;
	int cat = -2, guard = 0;

	memset(&z, 0, sizeof(z));
	tix_buf_init(&z.ns, 1 << 16);
	if (!lx || bnode_new(&b) < 0) {
		tix_errf(err, "out of memory");
		goto fail;
	}
	lx->sv = sv;
	for (;;) {
		size_t i;
		int got = tix_conf_line(&p, end, line, sizeof(line), name, &ln, err);

		if (got < 0)
			goto fail;
		if (!got)
			break;
		for (i = 0; line[i] == ' ' || line[i] == '\t' || line[i] == '\r'; i++)
			;
		if (!line[i])
			continue;
		if (line[i] == '[') {
			char *close = strchr(line + i, ']'), *sec = line + i + 1, *rest;

			if (!close) {
				tix_errf(err, "%s:%ld: a section name without ']'", name, ln);
				goto fail;
			}
			*close = '\0';
			for (rest = close + 1; *rest == ' ' || *rest == '\t' || *rest == '\r'; rest++)
				;
			if (*rest) {
				tix_errf(err, "%s:%ld: text after ']'", name, ln);
				goto fail;
			}
			guard = 0;
			if (!strncmp(sec, "guard", 5) && (!sec[5] || sec[5] == ' ')) {
				guard = 1;
				sec += 5;
				while (*sec == ' ')
					sec++;
				if (!*sec) {
					cat = CAT_ALL;
					continue;
				}
			}
			if ((cat = tix_severity_find(sv, sec)) < 0) {
				tix_errf(err, "%s:%ld: '[%s]' is not a risk, topic or context of the "
					 "severity file", name, ln, sec);
				goto fail;
			}
			continue;
		}
		if (cat == -2) {
			tix_errf(err, "%s:%ld: a phrase before the first [section]", name, ln);
			goto fail;
		}
		if (add_entry(lx, &b, &z, cat, guard, line + i, name, ln, err) < 0)
			goto fail;
	}
	if (compile(lx, &b) < 0) {
		tix_errf(err, "out of memory");
		goto fail;
	}
	builder_release(&b);
	norm_release(&z);
	return lx;
fail:
	builder_release(&b);
	norm_release(&z);
	tix_lexicon_free(lx);
	return NULL;
}

struct tix_lexicon *tix_lexicon_load(const struct tix_severity *sv, const char *path, char *err)
{
	struct tix_lexicon *lx;
	char *text;
	size_t n;

	if (!path)
		return tix_lexicon_parse(sv, "(built-in lexicon)", tix_default_lexicon,
					 strlen(tix_default_lexicon), err);
	if (!(text = tix_read_file(path, 16u << 20, &n, err)))
		return NULL;
	lx = tix_lexicon_parse(sv, path, text, n, err);
	free(text);
	return lx;
}

void tix_lexicon_free(struct tix_lexicon *lx)
{
	size_t i;

	if (!lx)
		return;
	for (i = 0; i < lx->ntexts; i++)
		free(lx->texts[i]);
	free(lx->texts);
	free(lx->e);
	free(lx->next);
	free(lx->sfail);
	free(lx->sstart);
	free(lx->sedge);
	free(lx->outstart);
	free(lx->out);
	for (i = 0; i < lx->nfwords; i++)
		free(lx->fwords[i]);
	free(lx->fwords);
	free(lx->ftab);
	free(lx);
}

void tix_lexicon_stats(const struct tix_lexicon *lx, size_t *phrases, size_t *guards,
		       size_t *states)
{
	*phrases = lx->nlines - lx->nguardlines;
	*guards = lx->nguardlines;
	*states = lx->nstates;
}

int tix_triage_normalise(const struct tix_lexicon *lx, const char *s, size_t n,
			 struct tix_buf *out)
{
	struct norm z;
	int rc = 0;

	memset(&z, 0, sizeof(z));
	tix_buf_init(&z.ns, (size_t)-1);
	if (norm_field(&z, lx, s, n, 0) < 0)
		rc = -1;
	else if (z.ns.len && tix_buf_add(out, z.ns.s, z.ns.len - 1) < 0)
		rc = -1;
	norm_release(&z);
	return rc;
}

/* ----------------------------------------------------------------- facts */

#define FACT_KINDS 7
#define FACT_MAX 16
static const char *const fact_name[FACT_KINDS] = {
	"handles", "urls", "videos", "emails", "phones", "money", "ids"
};
enum { F_HANDLE, F_URL, F_VIDEO, F_EMAIL, F_PHONE, F_MONEY, F_ID };

struct facts {
	const char *s[FACT_KINDS][FACT_MAX];
	size_t n[FACT_KINDS][FACT_MAX];
	size_t count[FACT_KINDS];
};

static void fact_add(struct facts *f, int k, const char *s, size_t n)
{
	size_t i;

	if (!n || n > 200 || f->count[k] == FACT_MAX)
		return;
	for (i = 0; i < f->count[k]; i++)
		if (f->n[k][i] == n && !memcmp(f->s[k][i], s, n))
			return;
	f->s[k][f->count[k]] = s;
	f->n[k][f->count[k]++] = n;
}

static int fact_json(const struct facts *f, struct tix_buf *out)
{
	int k, first = 1;
	size_t i;

	for (k = 0; k < FACT_KINDS; k++) {
		if (!f->count[k])
			continue;
		if ((!first && tix_buf_addc(out, ',') < 0) ||
		    tix_buf_addf(out, "\"%s\":[", fact_name[k]) < 0)
			return -1;
		first = 0;
		for (i = 0; i < f->count[k]; i++) {
			size_t v = tix_utf8_valid(f->s[k][i], f->n[k][i]);

			if ((i && tix_buf_addc(out, ',') < 0) ||
			    tix_buf_add_json_str(out, f->s[k][i], v) < 0)
				return -1;
		}
		if (tix_buf_addc(out, ']') < 0)
			return -1;
	}
	return 0;
}

/* Does [a, b) overlap a token of a kind that is not a phone? */
static int in_other(const struct tix_token *t, size_t nt, size_t a, size_t b)
{
	size_t i;

	for (i = 0; i < nt; i++) {
		int k = t[i].kind;

		if (t[i].off >= b)
			break;
		if (t[i].off + t[i].len <= a)
			continue;
		if (k == TIX_TOK_DATE || k == TIX_TOK_TIME || k == TIX_TOK_MONEY ||
		    k == TIX_TOK_IP || k == TIX_TOK_URL || k == TIX_TOK_EMAIL ||
		    k == TIX_TOK_VER || k == TIX_TOK_PCT || k == TIX_TOK_HEX)
			return 1;
	}
	return 0;
}

/*
 * Phone numbers: + and 8-15 digits, or 9-15 digits in groups split by
 * spaces, dashes, dots or brackets, or 10-11 digits that start with 0;
 * never inside a word, a date, an amount of money or a link.
 */
static void find_phones(struct facts *f, const char *s, size_t n, const struct tix_token *t,
			size_t nt, size_t *ps, size_t *pe, size_t *np, size_t maxp)
{
	size_t i = 0;

	while (i < n) {
		size_t j, last = 0, digits = 0, seps = 0;
		int plus = 0;

		if (!(s[i] == '+' || s[i] == '(' || is_digit((unsigned char)s[i])) ||
		    (i && (is_alnum((unsigned char)s[i - 1]) || s[i - 1] == '.' ||
			   s[i - 1] == '-' || s[i - 1] == '/' || s[i - 1] == '_' ||
			   s[i - 1] == '#' || s[i - 1] == '$' || (unsigned char)s[i - 1] >= 0x80))) {
			i++;
			continue;
		}
		j = i;
		if (s[j] == '+') {
			plus = 1;
			j++;
		}
		for (; j < n; j++) {
			unsigned char c = (unsigned char)s[j];

			if (is_digit(c)) {
				digits++;
				last = j + 1;
			} else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') {
				if (j + 1 < n && s[j + 1] == c && c != ')')
					break;
				if (c != ')' || digits)
					seps++;
			} else {
				break;
			}
		}
		if (!last || (last < n && (is_alnum((unsigned char)s[last]) ||
					   (unsigned char)s[last] >= 0x80))) {
			i = last > i ? last : i + 1;
			continue;
		}
		{
			int ok = (plus && digits >= 8 && digits <= 15) ||
				 (seps && digits >= 9 && digits <= 15) ||
				 (!seps && !plus && digits >= 10 && digits <= 11 &&
				  (s[i] == '0' || (s[i] == '(' && s[i + 1] == '0')));
			size_t a = s[i] == '(' || plus ? i : i;

			if (ok && !in_other(t, nt, a, last)) {
				fact_add(f, F_PHONE, s + a, last - a);
				if (*np < maxp) {
					ps[*np] = a;
					pe[*np] = last;
					(*np)++;
				}
			}
		}
		i = last;
	}
}

static int digits_in(const char *s, size_t n)
{
	int d = 0, run = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (is_digit((unsigned char)s[i])) {
			if (++run > d)
				d = run;
		} else {
			run = 0;
		}
	}
	return d;
}

/* A video id and an @account from a link's path. */
static void url_facts(struct facts *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] != '/')
			continue;
		if (s[i + 1] == '@') {
			size_t j = i + 2;

			while (j < n && (is_alnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '.'))
				j++;
			if (j > i + 2)
				fact_add(f, F_HANDLE, s + i + 1, j - i - 1);
		} else if (i + 7 <= n && !memcmp(s + i, "/video/", 7)) {
			size_t j = i + 7;

			while (j < n && is_digit((unsigned char)s[j]))
				j++;
			if (j - (i + 7) >= 6)
				fact_add(f, F_VIDEO, s + i + 7, j - i - 7);
		}
	}
}

#define FACT_TOKENS 4096
#define REDACT_MAX (64u << 10)

static int gather_facts(struct facts *f, const char *s, size_t n, struct tix_token *t)
{
	size_t nt, i, k, ps[FACT_MAX], pe[FACT_MAX], np = 0;
	int trunc;

	if (!s || !n)
		return 0;
	if (n > FIELD_MAX)
		n = FIELD_MAX;
	nt = tix_tokenize(s, n, t, FACT_TOKENS, &trunc);
	find_phones(f, s, n, t, nt, ps, pe, &np, FACT_MAX);
	for (i = 0; i < nt; i++) {
		const char *p = s + t[i].off;
		size_t len = t[i].len;
		int in_phone = 0;

		for (k = 0; k < np; k++)
			if (t[i].off < pe[k] && t[i].off + len > ps[k])
				in_phone = 1;
		if ((t[i].kind == TIX_TOK_HANDLE || t[i].kind == TIX_TOK_EMAIL ||
		     t[i].kind == TIX_TOK_URL) && memchr(p, ' ', len)) {
			/* a run of them merged by the tokeniser: one by one */
			size_t a = 0, b;

			while (a < len) {
				while (a < len && (p[a] == ' ' || p[a] == '\t'))
					a++;
				for (b = a; b < len && p[b] != ' ' && p[b] != '\t'; b++)
					;
				if (b > a) {
					size_t m = b - a;

					if (t[i].kind == TIX_TOK_URL) {
						fact_add(f, F_URL, p + a, m);
						url_facts(f, p + a, m);
					} else {
						fact_add(f, t[i].kind == TIX_TOK_HANDLE ? F_HANDLE : F_EMAIL,
							 p + a, m);
					}
				}
				a = b;
			}
			continue;
		}
		switch (t[i].kind) {
		case TIX_TOK_HANDLE:
			while (len > 1 && (p[len - 1] == '.' || p[len - 1] == '_'))
				len--;
			if (len > 1)
				fact_add(f, F_HANDLE, p, len);
			break;
		case TIX_TOK_URL:
			while (len && (p[len - 1] == '.' || p[len - 1] == ',' || p[len - 1] == ')'))
				len--;
			fact_add(f, F_URL, p, len);
			url_facts(f, p, len);
			break;
		case TIX_TOK_EMAIL:
			fact_add(f, F_EMAIL, p, len);
			break;
		case TIX_TOK_MONEY: {
			/* "12345678 Rp 1.250.000": the tokeniser joins the code to
			   the number before it; when a number follows the code,
			   the amount is the code and that number */
			size_t sp = len;

			while (sp && p[sp - 1] != ' ')
				sp--;
			if (sp && is_digit((unsigned char)p[0]) && is_alpha((unsigned char)p[sp]) &&
			    i + 1 < nt && t[i + 1].kind == TIX_TOK_NUM &&
			    t[i + 1].off <= t[i].off + len + 1) {
				size_t end = t[i + 1].off + t[i + 1].len;

				fact_add(f, F_MONEY, p + sp, end - (t[i].off + sp));
				if (!in_phone && digits_in(p, sp - 1) >= 6)
					fact_add(f, F_ID, p, sp - 1);
				i++;
				break;
			}
			fact_add(f, F_MONEY, p, len);
			break;
		}
		case TIX_TOK_NUM:
		case TIX_TOK_ID:
		case TIX_TOK_HEX:
			if (!in_phone && digits_in(p, len) >= 6 && !memchr(p, ' ', len))
				fact_add(f, F_ID, p, len);
			break;
		default:
			break;
		}
	}
	return 0;
}

int tix_triage_facts(const char *s, size_t n, struct tix_buf *out)
{
	struct tix_token *t = malloc(FACT_TOKENS * sizeof(*t));
	struct facts f;
	int rc;

	if (!t)
		return -1;
	memset(&f, 0, sizeof(f));
	gather_facts(&f, s, n, t);
	rc = fact_json(&f, out);
	free(t);
	return rc;
}

/* one span to hide: [a, b) */
struct span {
	size_t a, b;
	const char *with;
};

static int by_start(const void *pa, const void *pb)
{
	const struct span *x = pa, *y = pb;

	return x->a < y->a ? -1 : x->a > y->a;
}

static int redact_once(const char *s, size_t n, struct tix_buf *out)
{
	struct tix_token *t = NULL;
	struct span *sp = NULL;
	size_t *ps = NULL, *pe = NULL, nt, np = 0, ns = 0, i, at = 0;
	struct facts *f = NULL;
	int trunc, rc = -1;

	if (!n)
		return 0;
	if (n > REDACT_MAX)
		n = REDACT_MAX;
	t = malloc(FACT_TOKENS * sizeof(*t));
	ps = malloc(n * sizeof(*ps));
	pe = malloc(n * sizeof(*pe));
	sp = malloc((n + FACT_TOKENS) * sizeof(*sp));
	f = calloc(1, sizeof(*f));
	if (!t || !ps || !pe || !sp || !f)
		goto done;
	nt = tix_tokenize(s, n, t, FACT_TOKENS, &trunc);
	if (trunc) {
		/* more tokens than are looked at: keep only the part that was */
		n = nt ? t[nt - 1].off + t[nt - 1].len : 0;
	}
	find_phones(f, s, n, t, nt, ps, pe, &np, n);
	for (i = 0; i < np; i++)
		sp[ns++] = (struct span){ ps[i], pe[i], "[phone]" };
	for (i = 0; i < nt; i++) {
		if (t[i].kind == TIX_TOK_EMAIL)
			sp[ns++] = (struct span){ t[i].off, t[i].off + t[i].len, "[e-mail]" };
	}
	if (ns)
		qsort(sp, ns, sizeof(*sp), by_start);
	for (i = 0; i < ns; i++) {
		if (sp[i].b <= at)
			continue;	/* inside one already hidden */
		if (sp[i].a > at && tix_buf_add(out, s + at, sp[i].a - at) < 0)
			goto done;
		if (sp[i].a >= at && tix_buf_adds(out, sp[i].with) < 0)
			goto done;
		at = sp[i].b;
	}
	if (tix_buf_add(out, s + at, n - at) < 0)
		goto done;
	rc = 0;
done:
	free(t);
	free(ps);
	free(pe);
	free(sp);
	free(f);
	return rc;
}

/*
 * Hiding one thing can uncover another: a phone number written just before
 * an address that starts with digits is not one to the finder until the
 * address is gone.  So again, until nothing changes (a few rounds at most:
 * each one only shortens what is left).
 */
int tix_triage_redact(const char *s, size_t n, struct tix_buf *out)
{
	struct tix_buf a, b;
	int round, rc = -1;

	tix_buf_init(&a, SIZE_MAX);
	tix_buf_init(&b, SIZE_MAX);
	if (redact_once(s, n, &a) < 0)
		goto done;
	for (round = 0; round < 8 && a.len; round++) {
		tix_buf_reset(&b);
		if (redact_once(a.s, a.len, &b) < 0)
			goto done;
		if (b.len == a.len && !memcmp(a.s, b.s, a.len))
			break;
		tix_buf_reset(&a);
		if (tix_buf_add(&a, b.s, b.len) < 0)
			goto done;
	}
	rc = a.len ? tix_buf_add(out, a.s, a.len) : 0;
done:
	tix_buf_release(&a);
	tix_buf_release(&b);
	return rc;
}

/* ----------------------------------------------------------------- triage */

struct hit {
	uint32_t e;		/* entry */
	uint32_t w0, w1;	/* first and last word */
	int dead;
};

struct pairslot {
	unsigned gen;
	uint32_t h[2];
};

/* a feature: its hash and its text in the normalised stream */
struct fpair {
	uint64_t h;
	const char *s;
	size_t n;
};

struct tix_triager {
	const struct tix_lexicon *lx;
	struct pairslot *pair;	/* per "A .. B" line: its last A hits */
	unsigned gen;		/* the ticket being triaged, to reset pair lazily */
	const struct tix_severity *sv;
	unsigned flags;
	struct norm z;
	struct hit *hit;
	size_t nhit, hcap;
	struct tix_token *tok;
	struct tix_buf risks, reasons, facts;
	struct tix_triage r;
	const char *field[2];
	/* the model's second opinion */
	const struct tix_model *model;
	uint64_t *fh;		/* the distinct feature hashes of a ticket */
	const char **ftext;	/* for training: the distinct features */
	size_t *flen;
	size_t nf, fcap;	/* fcap: of all four arrays */
	struct fpair *sfp;	/* every feature, before the duplicates go */
	int model_cat;		/* the category the model added, or -1 */
	double model_p;
};

struct tix_triager *tix_triager_new(const struct tix_lexicon *lx, const struct tix_severity *sv,
				    unsigned flags, char *err)
{
	struct tix_triager *t = calloc(1, sizeof(*t));

	if (!t || ((flags & TIX_TRIAGE_FACTS) &&
		   !(t->tok = malloc(FACT_TOKENS * sizeof(*t->tok))))) {
		free(t);
		tix_errf(err, "out of memory");
		return NULL;
	}
	t->lx = lx;
	t->model = lx->model;
	t->sv = sv;
	t->flags = flags;
	if (!(t->pair = calloc((size_t)lx->ncombo + 1, sizeof(*t->pair)))) {
		free(t->tok);
		free(t);
		tix_errf(err, "out of memory");
		return NULL;
	}
	tix_buf_init(&t->z.ns, (size_t)-1);
	tix_buf_init(&t->risks, 1 << 16);
	tix_buf_init(&t->reasons, 1 << 20);
	tix_buf_init(&t->facts, 1 << 20);
	return t;
}

void tix_triager_free(struct tix_triager *t)
{
	if (!t)
		return;
	norm_release(&t->z);
	free(t->pair);
	free(t->hit);
	free(t->tok);
	tix_buf_release(&t->risks);
	tix_buf_release(&t->reasons);
	tix_buf_release(&t->facts);
	free(t->fh);
	free(t->ftext);
	free(t->flen);
	free(t->sfp);
	free(t);
}

/*
 * One pass of the automaton over the normalised stream, collecting every
 * phrase that ends at each byte.  cw follows the word the byte belongs to
 * (the last word starting at or before it); a hit's first word is found by
 * walking back from there, a phrase having few words.
 */
/* The transition from state st on class c (OUT_FLAG set when the state
   reached has outputs): a deep state's own edge, else its failure state's
   transition, down to a state with a full row. */
static inline uint32_t step(const struct tix_lexicon *lx, uint32_t st, uint32_t c)
{
	while (st >= lx->ndense) {
		uint32_t d = st - lx->ndense, e = lx->sstart[d], end = lx->sstart[d + 1];

		for (; e < end; e++)
			if (lx->sedge[e].cls == c)
				return lx->sedge[e].to;
		st = lx->sfail[d];
	}
	return lx->next[(size_t)st * lx->ncls + c];
}

static int scan(struct tix_triager *t)
{
	const struct tix_lexicon *lx = t->lx;
	const unsigned char *s = (const unsigned char *)t->z.ns.s;
	const struct word *w = t->z.w;
	size_t n = t->z.ns.len, nw = t->z.nw, i, cw = 0;
	uint32_t st = 0;

	t->nhit = 0;
	for (i = 0; i < n; i++) {
		uint32_t v = step(lx, st, lx->cls[s[i]]), a, b;

		st = v & ~OUT_FLAG;
		if (!(v & OUT_FLAG))
			continue;
		while (cw + 1 < nw && w[cw + 1].ns <= i)
			cw++;
		a = lx->outstart[st];
		b = lx->outstart[st + 1];
		for (; a < b; a++) {
			const struct entry *e = &lx->e[lx->out[a]];
			struct hit *h;
			size_t start = i + 1 - e->len, w0 = cw;

			if (t->nhit == t->hcap) {
				size_t nc = t->hcap ? t->hcap * 2 : 64;
				struct hit *nh = realloc(t->hit, nc * sizeof(*nh));

				if (!nh)
					return -1;
				t->hit = nh;
				t->hcap = nc;
			}
			while (w0 > 0 && w[w0].ns > start + 1)
				w0--;
			h = &t->hit[t->nhit++];
			h->e = lx->out[a];
			h->w0 = (uint32_t)w0;
			/* a phrase ending in the space after a word ends with it */
			h->w1 = (uint32_t)cw;
			h->dead = 0;
		}
	}
	return 0;
}

/* Quote the original words of hit h into b. */
static int quote(struct tix_triager *t, const struct hit *h, struct tix_buf *b)
{
	const struct word *a = &t->z.w[h->w0], *z = &t->z.w[h->w1];
	const char *src = t->field[a->field];
	size_t from = a->os, to = a->field == z->field ? z->oe : from, n, k;

	if (!src)
		return 0;
	n = to - from;
	if (n > 80)
		n = 80;
	n = tix_utf8_valid(src + from, n);
	if (tix_buf_addc(b, '"') < 0)
		return -1;
	for (k = 0; k < n; k++) {
		char c = src[from + k];

		if (c == '"')
			c = '\'';
		else if ((unsigned char)c < 0x20)
			c = ' ';
		if (tix_buf_addc(b, c) < 0)
			return -1;
	}
	return tix_buf_addc(b, '"');
}

static int decide(struct tix_triager *t)
{
	const struct tix_lexicon *lx = t->lx;
	const struct tix_severity *sv = t->sv;
	struct tix_triage *r = &t->r;
	int lvl[TIX_MAXCATS];
	size_t i, j, k;
	int c, l, changed;

	memset(r->found, 0, sizeof(r->found));
	/* "A .. B": B counts, from A's first word, when an A of its line ends
	   at most five words before it, in the same field */
	for (i = 0; i < t->nhit; i++) {
		const struct entry *e = &lx->e[t->hit[i].e];
		struct hit *h = &t->hit[i];

		if (!e->part)
			continue;
		if (e->part == 1) {
			/* hits come in the order they end: keep the last two of
			   each line, newest first */
			struct pairslot *ps = &t->pair[e->combo];

			if (ps->gen != t->gen) {
				ps->gen = t->gen;
				ps->h[0] = ps->h[1] = UINT32_MAX;
			}
			ps->h[1] = ps->h[0];
			ps->h[0] = (uint32_t)i;
			h->dead = 1;
			continue;
		}
		h->dead = 1;
		if (t->pair[e->combo].gen == t->gen)
			for (k = 0; k < 2; k++) {
				uint32_t a = t->pair[e->combo].h[k];
				const struct hit *ha = a == UINT32_MAX ? NULL : &t->hit[a];

				if (ha && ha->w1 < h->w0 && h->w0 - ha->w1 <= 6 &&
				    t->z.w[ha->w1].field == t->z.w[h->w0].field) {
					h->w0 = ha->w0;
					h->dead = 0;
					break;
				}
			}
	}
	/* guards */
	for (i = 0; i < t->nhit; i++) {
		const struct entry *g = &lx->e[t->hit[i].e];

		if (!g->guard)
			continue;
		t->hit[i].dead = 1;
		for (j = 0; j < t->nhit; j++) {
			const struct entry *e = &lx->e[t->hit[j].e];

			if (e->guard || (g->cat != CAT_ALL && g->cat != e->cat))
				continue;
			if (g->guard == 2 ||
			    (t->hit[j].w0 <= t->hit[i].w1 && t->hit[i].w0 <= t->hit[j].w1))
				t->hit[j].dead = 1;
		}
	}
	/* contexts a hit needs: repeat until nothing changes (a context hit
	   may itself need another context) */
	do {
		changed = 0;
		memset(r->found, 0, sizeof(r->found));
		for (i = 0; i < t->nhit; i++)
			if (!t->hit[i].dead)
				r->found[lx->e[t->hit[i].e].cat] = 1;
		for (i = 0; i < t->nhit; i++) {
			const struct entry *e = &lx->e[t->hit[i].e];

			if (t->hit[i].dead)
				continue;
			for (k = 0; k < (size_t)e->nctx; k++)
				if (!r->found[e->ctx[k]]) {
					t->hit[i].dead = 1;
					changed = 1;
					break;
				}
		}
	} while (changed);
	/* the model's second opinion: a category of the most urgent level it
	   is sure enough of (tix_model_min_p), which the words did not find */
	if (t->model) {
		int mc;
		double mp;

		tix_model_classify(t->model, t->fh, t->nf, &mc, &mp);
		if (mc >= 0 && !r->found[mc] && sv->cat[mc].kind == TIX_CAT_RISK &&
		    sv->cat[mc].level == 0 && mp >= tix_model_min_p(t->model)) {
			r->found[mc] = 1;
			t->model_cat = mc;
			t->model_p = mp;
		}
	}
	/* levels */
	r->level = sv->default_level;
	r->cat = -1;
	r->team = sv->default_team;
	for (c = 0; c < (int)sv->ncat; c++) {
		lvl[c] = sv->cat[c].level;
		if (!r->found[c] || sv->cat[c].kind == TIX_CAT_CONTEXT)
			continue;
		for (i = 0; i < sv->nraise; i++)
			if (sv->raise[i].cat == c && r->found[sv->raise[i].ctx] &&
			    sv->raise[i].level < lvl[c])
				lvl[c] = sv->raise[i].level;
		if (r->cat < 0 || lvl[c] < r->level) {
			r->level = lvl[c];
			r->cat = c;
			r->team = sv->cat[c].team;
		}
	}
	/* risks, most urgent first */
	tix_buf_reset(&t->risks);
	for (l = 0; l < TIX_NLEVELS; l++)
		for (c = 0; c < (int)sv->ncat; c++)
			if (r->found[c] && sv->cat[c].kind == TIX_CAT_RISK && lvl[c] == l &&
			    ((t->risks.len && tix_buf_addc(&t->risks, ',') < 0) ||
			     tix_buf_adds(&t->risks, sv->cat[c].name) < 0))
				return -1;
	/* reasons: per category, the distinct phrases that matched */
	tix_buf_reset(&t->reasons);
	for (c = 0; c < (int)sv->ncat; c++) {
		size_t start = 0;
		int any = 0;

		if (!r->found[c])
			continue;
		for (i = 0; i < t->nhit; i++) {
			const struct hit *h = &t->hit[i];

			if (h->dead || lx->e[h->e].cat != c)
				continue;
			/* the same words twice are quoted once (hits are in the
			   order they end, so those with the same last word are
			   just before this one) */
			for (j = i; j-- > 0 && t->hit[j].w1 == h->w1;)
				if (!t->hit[j].dead && lx->e[t->hit[j].e].cat == c &&
				    t->hit[j].w0 == h->w0)
					break;
			if (j != (size_t)-1 && t->hit[j].w1 == h->w1)
				continue;
			if (t->reasons.len > 900)
				break;
			if (!any) {
				if ((t->reasons.len && tix_buf_adds(&t->reasons, "; ") < 0) ||
				    tix_buf_adds(&t->reasons, sv->cat[c].name) < 0)
					return -1;
				start = t->reasons.len;
				any = 1;
			}
			if (tix_buf_adds(&t->reasons, t->reasons.len == start ? " " : ", ") < 0 ||
			    quote(t, h, &t->reasons) < 0)
				return -1;
		}
		if (c == t->model_cat &&
		    (tix_buf_addf(&t->reasons, "%s%s model %.6f", t->reasons.len ? "; " : "",
				  sv->cat[c].name, floor(t->model_p * 1e6) / 1e6) < 0))
			return -1;
	}
	r->risks = t->risks.s ? t->risks.s : "";
	r->reasons = t->reasons.s ? t->reasons.s : "";
	return 0;
}

/* The normalised words of subject and body into t->z. */
static int normalise(struct tix_triager *t, const char *subject, size_t sn, const char *body,
		     size_t bn)
{
	norm_reset(&t->z);
	if (tix_buf_addc(&t->z.ns, ' ') < 0 ||
	    norm_field(&t->z, t->lx, subject, sn, 0) < 0 ||
	    tix_buf_add(&t->z.ns, "\x01 ", 2) < 0 ||
	    norm_field(&t->z, t->lx, body, bn, 1) < 0)
		return -1;
	return 0;
}


static int by_fh(const void *a, const void *b)
{
	const struct fpair *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	/* equal hashes are equal texts: the first in the stream is kept */
	return (x->s > y->s) - (x->s < y->s);
}

/*
 * The model's features of t->z: every word, and every two words next to
 * each other in one field, once each: their hashes in t->fh[0 .. t->nf),
 * and their texts in t->ftext and t->flen (pointing into t->z).
 */
static int features(struct tix_triager *t)
{
	const struct word *w = t->z.w;
	const char *ns = t->z.ns.s;
	size_t i, n = 0, need = 2 * t->z.nw;

	t->nf = 0;
	if (need > t->fcap) {
		struct fpair *np = realloc(t->sfp, need * sizeof(*np));
		uint64_t *nh;
		const char **nt;
		size_t *nl;

		if (!np)
			return -1;
		t->sfp = np;
		if (!(nh = realloc(t->fh, need * sizeof(*nh))))
			return -1;
		t->fh = nh;
		if (!(nt = realloc(t->ftext, need * sizeof(*nt))))
			return -1;
		t->ftext = nt;
		if (!(nl = realloc(t->flen, need * sizeof(*nl))))
			return -1;
		t->flen = nl;
		t->fcap = need;
	}
	for (i = 0; i < t->z.nw; i++) {
		struct fpair *f = &t->sfp[n++];

		f->s = ns + w[i].ns;
		f->n = w[i].nlen;
		f->h = tix_model_hash(f->s, f->n);
		if (i + 1 < t->z.nw && w[i + 1].field == w[i].field) {
			f = &t->sfp[n++];
			f->s = ns + w[i].ns;
			f->n = w[i + 1].ns + w[i + 1].nlen - w[i].ns;
			f->h = tix_model_hash(f->s, f->n);
		}
	}
	if (n)
		qsort(t->sfp, n, sizeof(*t->sfp), by_fh);
	for (i = 0; i < n; i++) {
		if (i && t->sfp[i].h == t->sfp[i - 1].h)
			continue;
		t->fh[t->nf] = t->sfp[i].h;
		t->ftext[t->nf] = t->sfp[i].s;
		t->flen[t->nf++] = t->sfp[i].n;
	}
	return 0;
}

int tix_triage_features(struct tix_triager *t, const char *subject, size_t sn, const char *body,
			size_t bn, const char *const **text, const size_t **len, size_t *n, char *err)
{
	if (normalise(t, subject ? subject : "", subject ? sn : 0, body ? body : "",
		      body ? bn : 0) < 0 || features(t) < 0)
		return tix_errf(err, "out of memory");
	*text = t->ftext;
	*len = t->flen;
	*n = t->nf;
	return 0;
}

void tix_lexicon_set_model(struct tix_lexicon *lx, const struct tix_model *m)
{
	lx->model = m;
}

const struct tix_triage *tix_triage_run(struct tix_triager *t, const char *subject, size_t sn,
					const char *body, size_t bn, char *err)
{
	struct tix_triage *r = &t->r;

	if (!subject)
		sn = 0;
	if (!body)
		bn = 0;
	t->field[0] = subject;
	t->field[1] = body;
	if (++t->gen == 0) {
		memset(t->pair, 0, ((size_t)t->lx->ncombo + 1) * sizeof(*t->pair));
		t->gen = 1;
	}
	t->model_cat = -1;
	if (normalise(t, subject, sn, body, bn) < 0 || scan(t) < 0 ||
	    (t->model && features(t) < 0) || decide(t) < 0) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	r->facts = NULL;
	r->ntargets = 0;
	if (t->flags & TIX_TRIAGE_FACTS) {
		struct facts f;
		size_t i;

		memset(&f, 0, sizeof(f));
		gather_facts(&f, subject, sn, t->tok);
		gather_facts(&f, body, bn, t->tok);
		tix_buf_reset(&t->facts);
		if (tix_buf_addc(&t->facts, '{') < 0 || fact_json(&f, &t->facts) < 0 ||
		    tix_buf_addc(&t->facts, '}') < 0) {
			tix_errf(err, "out of memory");
			return NULL;
		}
		r->facts = t->facts.s;
		for (i = 0; i < f.count[F_HANDLE] && i < TIX_TRIAGE_MAXTARGETS; i++) {
			r->target[i] = f.s[F_HANDLE][i];
			r->target_len[i] = f.n[F_HANDLE][i];
		}
		r->ntargets = i;
	}
	return r;
}
