/* campaign.c - near-identical long texts from many requesters; see campaign.h. */
#include "campaign.h"

#include <stdlib.h>
#include <string.h>

#include "tix.h"
#include "tokens.h"

#define MAX_TOKENS 4096		/* tokens of a text that count */
#define SHINGLE 3		/* words per shingle */
#define NPERM 128		/* MinHash functions = signature bytes */
#define ROWS 4			/* signature bytes per LSH band */
#define BANDS (NPERM / ROWS)
#define MAX_REPS 8		/* texts of a band bucket others are checked against */
#define WORD_BUF 256
#define NIL UINT32_MAX
#define SEED 0x7469782d63616d70ULL	/* "tix-camp" */

/* ---------- hashing ---------- */

/* the splitmix64 finaliser */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* h_p(x) = a[p] x + b[p] mod 2^64, a[p] odd: 128 bijections of the
   shingle hashes, from splitmix64 at a fixed seed */
struct family {
	uint64_t a[NPERM], b[NPERM];
};

static void family_init(struct family *f)
{
	uint64_t s = SEED;
	size_t p;

	for (p = 0; p < NPERM; p++) {
		f->a[p] = mix64(s += 0x9e3779b97f4a7c15ULL) | 1;
		f->b[p] = mix64(s += 0x9e3779b97f4a7c15ULL);
	}
}

/* an ordered triple of word hashes */
static uint64_t shingle(uint64_t h0, uint64_t h1, uint64_t h2)
{
	return mix64(h0 * 0x9e3779b97f4a7c15ULL + h1 * 0xc2b2ae3d27d4eb4fULL + h2);
}

/* The hash of token t's text: its mask's name, or its bytes with A-Z
   lowered; a word longer than buf in pieces of buf's size (whatever its
   case: the same word must give the same hash). */
static uint64_t word_hash(const char *s, const struct tix_token *t, char *buf)
{
	const char *p;
	size_t len, i, k;
	uint64_t h = 0;

	if (t->kind != TIX_TOK_WORD || t->len <= WORD_BUF) {
		p = tix_token_text(s, t, buf, WORD_BUF, &len);
		return tix_hash64(0, p, len);
	}
	for (i = 0; i < t->len; i += k) {
		struct tix_token part = { t->off + i, 0, t->kind };

		k = t->len - i < WORD_BUF ? t->len - i : WORD_BUF;
		part.len = k;
		p = tix_token_text(s, &part, buf, WORD_BUF, &len);
		h = tix_hash64(h, p, len);
	}
	return h;
}

/* ---------- signatures ---------- */

struct signer {
	struct family fam;
	struct tix_token *tok;	/* [MAX_TOKENS] */
	uint64_t *wh;		/* [MAX_TOKENS]: word hashes */
	char buf[WORD_BUF];
};

/* The b-bit MinHash signature of s[0 .. len) into sig[NPERM] when it has
   at least min_tokens words (and at least one): 1, else 0. */
static int sign_text(struct signer *sg, const char *s, size_t len, size_t min_tokens,
		     uint8_t *sig)
{
	uint64_t mins[NPERM];
	size_t ntok, nw = 0, nx, i, p;

	ntok = tix_tokenize(s, len, sg->tok, MAX_TOKENS, NULL);
	for (i = 0; i < ntok; i++)
		if (sg->tok[i].kind != TIX_TOK_PUNCT)
			sg->wh[nw++] = word_hash(s, &sg->tok[i], sg->buf);
	if (nw == 0 || nw < min_tokens)
		return 0;
	for (p = 0; p < NPERM; p++)
		mins[p] = UINT64_MAX;
	if (nw < SHINGLE) {	/* one shingle, padded with fixed values */
		uint64_t x = shingle(sg->wh[0], nw > 1 ? sg->wh[1] : 0, SHINGLE);

		for (p = 0; p < NPERM; p++)
			mins[p] = sg->fam.a[p] * x + sg->fam.b[p];
	}
	/* shingle hashes in place of the word hashes, then four at a time:
	   four independent multiplies per load and store of a minimum */
	nx = nw < SHINGLE ? 0 : nw - SHINGLE + 1;
	for (i = 0; i < nx; i++)
		sg->wh[i] = shingle(sg->wh[i], sg->wh[i + 1], sg->wh[i + 2]);
	for (i = 0; i + 4 <= nx; i += 4) {
		uint64_t x0 = sg->wh[i], x1 = sg->wh[i + 1], x2 = sg->wh[i + 2], x3 = sg->wh[i + 3];

		for (p = 0; p < NPERM; p++) {
			uint64_t a = sg->fam.a[p], b = sg->fam.b[p], m = mins[p];
			uint64_t v0 = a * x0 + b, v1 = a * x1 + b, v2 = a * x2 + b, v3 = a * x3 + b;

			v0 = v1 < v0 ? v1 : v0;
			v2 = v3 < v2 ? v3 : v2;
			v0 = v2 < v0 ? v2 : v0;
			mins[p] = v0 < m ? v0 : m;
		}
	}
	for (; i < nx; i++) {
		uint64_t x = sg->wh[i];

		for (p = 0; p < NPERM; p++) {
			uint64_t v = sg->fam.a[p] * x + sg->fam.b[p];

			mins[p] = v < mins[p] ? v : mins[p];
		}
	}
	/* the minimum's high bits are mostly 0: keep well-mixed middle ones */
	for (p = 0; p < NPERM; p++)
		sig[p] = (uint8_t)(mins[p] >> 32);
	return 1;
}

/* How many of the NPERM bytes of x and y are equal. */
static unsigned agree(const uint8_t *x, const uint8_t *y)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7fULL, hi = 0x8080808080808080ULL;
	unsigned diff = 0;
	size_t i;

	for (i = 0; i < NPERM; i += 8) {
		uint64_t a, b, v;

		memcpy(&a, x + i, 8);
		memcpy(&b, y + i, 8);
		v = a ^ b;
		/* the high bit of each byte of v that is not 0 */
		v = (((v & lo7) + lo7) | v) & hi;
		diff += (unsigned)__builtin_popcountll(v);
	}
	return NPERM - diff;
}

/* The similarity estimated from k of NPERM bytes agreeing: each agrees
   with probability J + (1 - J) / 256. */
static double estimate(unsigned k)
{
	double e = ((double)k / NPERM - 1.0 / 256) / (1 - 1.0 / 256);

	return e < 0 ? 0 : e;
}

/* ---------- the search ---------- */

/* a long text, for the canonical order */
struct key {
	int64_t time;
	uint64_t sighash;
	uint32_t requester, doc, slot;
};

struct piece {
	size_t off, n;		/* its ranks: pool[off .. off + n), in time order */
	size_t requesters;
	int64_t first, last;
	uint32_t root;		/* its group: the group's lowest rank */
	uint32_t low;		/* its lowest rank */
};

struct run {
	struct tix_camp_opts o;
	char *err;
	size_t nl;		/* long texts, numbered by rank 0 .. nl - 1 in
				   the canonical order */
	uint8_t *sig;		/* [nl * NPERM], by rank */
	uint32_t *doc;		/* [nl]: the text's number */
	int64_t *time;		/* [nl] */
	uint32_t *req;		/* [nl]: dense requester number, or NIL */
	uint32_t *parent;	/* [nl]: union-find */
	uint32_t *cnt;		/* per dense requester: window counts, left 0 */
	size_t distinct, size;	/* of the window counted in cnt */
	unsigned need;		/* agreeing bytes for near-identical */
	uint32_t *pool;		/* [nl]: the pieces' ranks */
	size_t npool;
	struct piece *pc;
	size_t npc, cappc;
};

static void *alloc_array(size_t n, size_t size)
{
	size_t bytes;

	if (size && n > SIZE_MAX / size)
		return NULL;
	bytes = n * size;
	return malloc(bytes ? bytes : 1);
}

static int oom(struct run *r)
{
	return tix_errf(r->err, "campaigns: out of memory");
}

static int by_key(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->sighash != b->sighash)
		return a->sighash < b->sighash ? -1 : 1;
	if (a->requester != b->requester)
		return a->requester < b->requester ? -1 : 1;
	return (a->doc > b->doc) - (a->doc < b->doc);
}

static int by_u32(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return (a > b) - (a < b);
}

/* b - a for b >= a, without overflow */
static uint64_t span(int64_t a, int64_t b)
{
	return (uint64_t)b - (uint64_t)a;
}

/* Reorder the rows of sig (NPERM bytes each) so that row i is the old
   row order[i]; order is used up (every entry becomes NIL). */
static void permute_rows(uint8_t *sig, uint32_t *order, size_t n)
{
	uint8_t tmp[NPERM];
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		if (order[i] == NIL)
			continue;
		memcpy(tmp, sig + i * NPERM, NPERM);
		for (j = i;; j = k) {
			k = order[j];
			order[j] = NIL;
			if (k == i) {
				memcpy(sig + j * NPERM, tmp, NPERM);
				break;
			}
			memcpy(sig + j * NPERM, sig + k * NPERM, NPERM);
		}
	}
}

/* what a long text leaves besides its signature */
struct note {
	int64_t time;
	uint32_t requester, doc;
};

/* Number the long texts by rank in the canonical order (time, signature,
   requester, number): r->sig (its r->nl rows in the order added, room for
   cap) reordered, doc, time, req, cnt; note is freed. */
static int rank_all(struct run *r, struct note *note, size_t cap)
{
	uint32_t *order = NULL, *reqs = NULL;
	struct key *k = NULL;
	size_t i, nl = r->nl, nreq = 0, w;
	int ret = -1;

	if (cap > nl) {		/* give back what doubling left over */
		uint8_t *small = realloc(r->sig, nl ? nl * NPERM : 1);

		if (small)
			r->sig = small;
	}
	if (!(k = alloc_array(nl, sizeof(*k))))
		goto cleanup;
	for (i = 0; i < nl; i++) {
		k[i].time = note[i].time;
		k[i].sighash = tix_hash64(0, r->sig + i * NPERM, NPERM);
		k[i].requester = note[i].requester;
		k[i].doc = note[i].doc;
		k[i].slot = (uint32_t)i;
	}
	free(note);
	note = NULL;
	order = alloc_array(nl, sizeof(*order));
	r->doc = alloc_array(nl, sizeof(*r->doc));
	r->time = alloc_array(nl, sizeof(*r->time));
	r->req = alloc_array(nl, sizeof(*r->req));
	reqs = alloc_array(nl, sizeof(*reqs));
	if (!order || !r->doc || !r->time || !r->req || !reqs)
		goto cleanup;
	if (nl)
		qsort(k, nl, sizeof(*k), by_key);
	for (i = 0; i < nl; i++) {
		order[i] = k[i].slot;
		r->doc[i] = k[i].doc;
		r->time[i] = k[i].time;
		if (k[i].requester != TIX_CAMP_NONE)
			reqs[nreq++] = k[i].requester;
	}
	permute_rows(r->sig, order, nl);

	/* requesters as 0 .. distinct - 1 */
	if (nreq)
		qsort(reqs, nreq, sizeof(*reqs), by_u32);
	for (i = 0, w = 0; i < nreq; i++)
		if (w == 0 || reqs[i] != reqs[w - 1])
			reqs[w++] = reqs[i];
	nreq = w;
	for (i = 0; i < nl; i++) {
		const uint32_t *p = NULL;

		if (k[i].requester != TIX_CAMP_NONE)
			p = bsearch(&k[i].requester, reqs, nreq, sizeof(*reqs), by_u32);
		r->req[i] = p ? (uint32_t)(p - reqs) : NIL;
	}
	if (!(r->cnt = calloc(nreq ? nreq : 1, sizeof(*r->cnt))))
		goto cleanup;
	ret = 0;
cleanup:
	if (ret < 0)
		oom(r);
	free(note);
	free(reqs);
	free(order);
	free(k);
	return ret;
}

/* ---------- groups: LSH bands, checked pairs, union-find ---------- */

static uint32_t find(uint32_t *parent, uint32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/* the lower rank becomes the root: the same groups, the same roots, in
   whatever order the unions come */
static void unite(uint32_t *parent, uint32_t a, uint32_t b)
{
	a = find(parent, a);
	b = find(parent, b);
	if (a < b)
		parent[b] = a;
	else if (b < a)
		parent[a] = b;
}

static int near(const struct run *r, uint32_t x, uint32_t y)
{
	return agree(r->sig + (size_t)x * NPERM, r->sig + (size_t)y * NPERM) >= r->need;
}

/* The texts e[0 .. m) (ranks in the low 32 bits, ascending) share a band:
   each is checked against the bucket's representatives, the first up to
   MAX_REPS texts that matched none before them. */
static void bucket(struct run *r, const uint64_t *e, size_t m)
{
	uint32_t reps[MAX_REPS];
	size_t i, j, nrep = 0;

	for (i = 0; i < m; i++) {
		uint32_t x = (uint32_t)e[i];
		int matched = 0;

		for (j = 0; j < nrep; j++) {
			if (find(r->parent, x) == find(r->parent, reps[j]))
				matched = 1;
			else if (near(r, x, reps[j])) {
				unite(r->parent, x, reps[j]);
				matched = 1;
			}
		}
		if (!matched && nrep < MAX_REPS)
			reps[nrep++] = x;
	}
}

/* Sort e[0 .. n) by the high 32 bits, stably (tmp: room for n). */
static void radix32(uint64_t *e, uint64_t *tmp, size_t n)
{
	size_t count[256], i, pass, sum;

	for (pass = 0; pass < 4; pass++) {
		unsigned shift = 32 + 8 * (unsigned)pass;
		uint64_t *t;

		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(e[i] >> shift) & 0xff]++;
		for (i = 0, sum = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			tmp[count[(e[i] >> shift) & 0xff]++] = e[i];
		t = e;
		e = tmp;
		tmp = t;
	}
	/* four passes: the sorted data is back in the caller's e */
}

static int group_all(struct run *r)
{
	uint64_t *e = alloc_array(r->nl, sizeof(*e)), *tmp = alloc_array(r->nl, sizeof(*tmp));
	size_t band, i, j;
	int ret = -1;

	r->parent = alloc_array(r->nl, sizeof(*r->parent));
	if (!e || !tmp || !r->parent)
		goto cleanup;
	for (i = 0; i < r->nl; i++)
		r->parent[i] = (uint32_t)i;
	for (band = 0; band < BANDS; band++) {
		for (i = 0; i < r->nl; i++) {
			uint32_t v;

			memcpy(&v, r->sig + i * NPERM + band * ROWS, sizeof(v));
			e[i] = (uint64_t)v << 32 | i;
		}
		radix32(e, tmp, r->nl);
		for (i = 0; i < r->nl; i = j) {
			for (j = i + 1; j < r->nl && e[j] >> 32 == e[i] >> 32; j++)
				;
			if (j - i > 1)
				bucket(r, e + i, j - i);
		}
	}
	ret = 0;
cleanup:
	if (ret < 0)
		oom(r);
	free(e);
	free(tmp);
	return ret;
}

/* ---------- campaigns: cutting groups by time ---------- */

static void win_add(struct run *r, uint32_t rank)
{
	uint32_t q = r->req[rank];

	r->size++;
	if (q != NIL && r->cnt[q]++ == 0)
		r->distinct++;
}

static void win_del(struct run *r, uint32_t rank)
{
	uint32_t q = r->req[rank];

	r->size--;
	if (q != NIL && --r->cnt[q] == 0)
		r->distinct--;
}

static int qualifies(const struct run *r, size_t requesters, size_t size)
{
	return requesters >= r->o.min_requesters && size >= r->o.min_size;
}

/* A campaign of the ranks m[0 .. n) (in time order), of group root. */
static int add_piece(struct run *r, const uint32_t *m, size_t n, size_t requesters,
		     uint32_t root)
{
	struct piece *p;
	size_t i;
	uint32_t low = m[0];

	if (r->npc == r->cappc) {
		size_t c = r->cappc ? 2 * r->cappc : 16;

		if (!(p = realloc(r->pc, c * sizeof(*p))))
			return oom(r);
		r->pc = p;
		r->cappc = c;
	}
	for (i = 0; i < n; i++) {
		r->pool[r->npool + i] = m[i];
		low = m[i] < low ? m[i] : low;
	}
	p = &r->pc[r->npc++];
	p->off = r->npool;
	p->n = n;
	p->requesters = requesters;
	p->first = r->time[m[0]];
	p->last = r->time[m[n - 1]];
	p->root = root;
	p->low = low;
	r->npool += n;
	return 0;
}

/* Cutting one run of a group longer than the window: positions 0 .. n-1
   stand for the ranks m[0 .. n) in time order.  The texts not yet taken
   are a list (nxt, prv); each position's score is that of the stretch
   starting there (its distinct requesters and texts not yet taken); a
   segment tree keeps the best position that qualifies on top. */
struct cut {
	struct run *r;
	const uint32_t *m;
	size_t n, leaves;
	uint32_t *nxt, *prv, *sreq, *ssize, *tree;
	unsigned char *taken;
	uint32_t *buf;		/* the ranks of the stretch taken */
};

static int cut_ok(const struct cut *c, uint32_t i)
{
	return i != NIL && !c->taken[i] && qualifies(c->r, c->sreq[i], c->ssize[i]);
}

/* most requesters, then most texts, then earliest */
static uint32_t cut_best(const struct cut *c, uint32_t i, uint32_t j)
{
	if (!cut_ok(c, i))
		return cut_ok(c, j) ? j : NIL;
	if (!cut_ok(c, j))
		return i;
	if (c->sreq[i] != c->sreq[j])
		return c->sreq[i] > c->sreq[j] ? i : j;
	if (c->ssize[i] != c->ssize[j])
		return c->ssize[i] > c->ssize[j] ? i : j;
	return i < j ? i : j;
}

static void cut_update(struct cut *c, uint32_t i)
{
	size_t x = c->leaves + i;

	c->tree[x] = i;
	for (x /= 2; x >= 1; x /= 2)
		c->tree[x] = cut_best(c, c->tree[2 * x], c->tree[2 * x + 1]);
}

static int64_t cut_time(const struct cut *c, uint32_t i)
{
	return c->r->time[c->m[i]];
}

/* Score the positions from a to last (both not taken, a first) in list
   order, with one sliding window. */
static void cut_score(struct cut *c, uint32_t a, uint32_t last)
{
	struct run *r = c->r;
	uint64_t w = (uint64_t)r->o.window;
	uint32_t x = a, e;

	for (;;) {
		while (x != NIL && span(cut_time(c, a), cut_time(c, x)) <= w) {
			win_add(r, c->m[x]);
			x = c->nxt[x];
		}
		c->sreq[a] = (uint32_t)r->distinct;
		c->ssize[a] = (uint32_t)r->size;
		cut_update(c, a);
		win_del(r, c->m[a]);
		if (a == last)
			break;
		a = c->nxt[a];
	}
	for (e = c->nxt[last]; e != x; e = c->nxt[e])
		win_del(r, c->m[e]);
}

static int cut_run(struct run *r, const uint32_t *m, size_t n, uint32_t root)
{
	struct cut c;
	uint64_t w = (uint64_t)r->o.window;
	size_t i;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.m = m;
	c.n = n;
	for (c.leaves = 1; c.leaves < n; c.leaves *= 2)
		;
	c.nxt = alloc_array(n, sizeof(*c.nxt));
	c.prv = alloc_array(n, sizeof(*c.prv));
	c.sreq = alloc_array(n, sizeof(*c.sreq));
	c.ssize = alloc_array(n, sizeof(*c.ssize));
	c.buf = alloc_array(n, sizeof(*c.buf));
	c.taken = calloc(n, 1);
	c.tree = alloc_array(c.leaves, 2 * sizeof(*c.tree));
	if (!c.nxt || !c.prv || !c.sreq || !c.ssize || !c.buf || !c.taken || !c.tree) {
		oom(r);
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		c.nxt[i] = i + 1 < n ? (uint32_t)(i + 1) : NIL;
		c.prv[i] = i ? (uint32_t)(i - 1) : NIL;
		c.sreq[i] = c.ssize[i] = 0;
	}
	for (i = 0; i < 2 * c.leaves; i++)
		c.tree[i] = NIL;
	cut_score(&c, 0, (uint32_t)(n - 1));
	for (;;) {
		uint32_t b = c.tree[1], x, before, first;
		size_t k = 0, requesters;
		int64_t t;

		if (b == NIL)
			break;
		t = cut_time(&c, b);
		requesters = c.sreq[b];
		/* take the stretch from b */
		for (x = b; x != NIL && span(t, cut_time(&c, x)) <= w; x = c.nxt[x]) {
			c.buf[k++] = c.m[x];
			c.taken[x] = 1;
			cut_update(&c, x);
		}
		if (add_piece(r, c.buf, k, requesters, root) < 0)
			goto cleanup;
		before = c.prv[b];
		if (before != NIL)
			c.nxt[before] = x;
		if (x != NIL)
			c.prv[x] = before;
		/* the stretches starting less than the window before b lost
		   texts: score them again */
		if (before == NIL || span(cut_time(&c, before), t) > w)
			continue;
		for (first = before; c.prv[first] != NIL &&
				     span(cut_time(&c, c.prv[first]), t) <= w;
		     first = c.prv[first])
			;
		cut_score(&c, first, before);
	}
	ret = 0;
cleanup:
	free(c.nxt);
	free(c.prv);
	free(c.sreq);
	free(c.ssize);
	free(c.buf);
	free(c.taken);
	free(c.tree);
	return ret;
}

/* The campaigns of one group, ranks m[0 .. n) in time order: split into
   runs at gaps longer than the window (no stretch crosses them), then a
   run that fits the window is one stretch, else cut_run. */
static int cut_group(struct run *r, const uint32_t *m, size_t n, uint32_t root)
{
	uint64_t w = (uint64_t)r->o.window;
	size_t i, j, k, d;

	if (n < r->o.min_size || n < r->o.min_requesters)
		return 0;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && span(r->time[m[j - 1]], r->time[m[j]]) <= w; j++)
			;
		if (j - i < r->o.min_size || j - i < r->o.min_requesters)
			continue;
		if (span(r->time[m[i]], r->time[m[j - 1]]) > w) {
			if (cut_run(r, m + i, j - i, root) < 0)
				return -1;
			continue;
		}
		for (k = i; k < j; k++)
			win_add(r, m[k]);
		d = r->distinct;
		for (k = i; k < j; k++)
			win_del(r, m[k]);
		if (qualifies(r, d, j - i) && add_piece(r, m + i, j - i, d, root) < 0)
			return -1;
	}
	return 0;
}

/* ---------- the result ---------- */

/* most requesters, most texts, earliest, then the canonical order */
static int by_piece(const void *pa, const void *pb)
{
	const struct piece *a = pa, *b = pb;

	if (a->requesters != b->requesters)
		return a->requesters > b->requesters ? -1 : 1;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return (a->low > b->low) - (a->low < b->low);
}

struct member {
	int64_t time;
	uint32_t doc, rank;
};

static int by_member(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return (a->doc > b->doc) - (a->doc < b->doc);
}

static int build(struct run *r, struct tix_campaign **out)
{
	struct tix_campaign *c = calloc(r->npc ? r->npc : 1, sizeof(*c));
	struct member *mb = NULL;
	uint32_t *gid = alloc_array(r->nl, sizeof(*gid));
	size_t i, j, ngroups = 0, most = 0;
	int ret = -1;

	if (!c || !gid)
		goto cleanup;
	for (i = 0; i < r->npc; i++)
		most = r->pc[i].n > most ? r->pc[i].n : most;
	if (!(mb = alloc_array(most, sizeof(*mb))))
		goto cleanup;
	for (i = 0; i < r->nl; i++)
		gid[i] = NIL;
	if (r->npc)
		qsort(r->pc, r->npc, sizeof(*r->pc), by_piece);
	for (i = 0; i < r->npc; i++) {
		const struct piece *p = &r->pc[i];
		const uint8_t *ex;
		double sum = 0;

		for (j = 0; j < p->n; j++) {
			uint32_t rank = r->pool[p->off + j];

			mb[j].time = r->time[rank];
			mb[j].doc = r->doc[rank];
			mb[j].rank = rank;
		}
		qsort(mb, p->n, sizeof(*mb), by_member);
		if (!(c[i].members = alloc_array(p->n, sizeof(*c[i].members))))
			goto cleanup;
		ex = r->sig + (size_t)mb[0].rank * NPERM;
		for (j = 0; j < p->n; j++) {
			c[i].members[j] = mb[j].doc;
			if (j)
				sum += estimate(agree(ex, r->sig + (size_t)mb[j].rank * NPERM));
		}
		c[i].n = p->n;
		c[i].requesters = p->requesters;
		c[i].first = p->first;
		c[i].last = p->last;
		c[i].example = mb[0].doc;
		c[i].similarity = p->n > 1 ? sum / (double)(p->n - 1) : 1;
		if (gid[p->root] == NIL)
			gid[p->root] = (uint32_t)ngroups++;
		c[i].group = gid[p->root];
	}
	if (r->npc) {
		*out = c;
		c = NULL;
	}
	ret = 0;
cleanup:
	if (ret < 0)
		oom(r);
	tix_campaigns_free(c, r->npc);
	free(mb);
	free(gid);
	return ret;
}

/* ---------- the interface ---------- */

void tix_camp_defaults(struct tix_camp_opts *o)
{
	o->threshold = 0.8;
	o->min_tokens = 20;
	o->min_requesters = 3;
	o->min_size = 3;
	o->window = 7 * INT64_C(86400);
}

static int check(const struct tix_camp_opts *o, char *err)
{
	if (!(o->threshold >= 0.5 && o->threshold <= 1))
		return tix_errf(err, "campaigns: threshold %g is not between 0.5 and 1",
				o->threshold);
	if (o->min_requesters < 1)
		return tix_errf(err, "campaigns: min_requesters must be at least 1");
	if (o->min_size < 2)
		return tix_errf(err, "campaigns: min_size must be at least 2");
	if (o->window < 0)
		return tix_errf(err, "campaigns: window %lld is negative", (long long)o->window);
	return 0;
}

struct tix_camp {
	struct tix_camp_opts o;
	unsigned need;		/* agreeing bytes for near-identical */
	struct signer *sg;	/* NULL once found */
	size_t n;		/* texts added */
	size_t nl, cap;		/* long texts among them, and room for them */
	uint8_t *sig;		/* [cap * NPERM]: their signatures, as added */
	struct note *note;	/* [cap] */
};

static void signer_free(struct signer *sg)
{
	if (!sg)
		return;
	free(sg->wh);
	free(sg->tok);
	free(sg);
}

struct tix_camp *tix_camp_new(const struct tix_camp_opts *o, char *err)
{
	struct tix_camp *c = calloc(1, sizeof(*c));
	struct signer *sg;

	if (!c) {
		tix_errf(err, "campaigns: out of memory");
		return NULL;
	}
	if (o)
		c->o = *o;
	else
		tix_camp_defaults(&c->o);
	if (check(&c->o, err) < 0) {
		free(c);
		return NULL;
	}
	for (c->need = 0; c->need < NPERM && estimate(c->need) < c->o.threshold; c->need++)
		;
	if (!(sg = c->sg = calloc(1, sizeof(*sg))) ||
	    !(sg->tok = alloc_array(MAX_TOKENS, sizeof(*sg->tok))) ||
	    !(sg->wh = alloc_array(MAX_TOKENS, sizeof(*sg->wh)))) {
		tix_camp_free(c);
		tix_errf(err, "campaigns: out of memory");
		return NULL;
	}
	family_init(&sg->fam);
	return c;
}

int tix_camp_add(struct tix_camp *c, const char *text, size_t len, int64_t time,
		 uint32_t requester, char *err)
{
	uint8_t sig[NPERM];
	struct note *nt;

	if (!c->sg)
		return tix_errf(err, "campaigns: a text added after tix_camp_find");
	if (!text && len)
		return tix_errf(err, "campaigns: text %zu is NULL with length %zu", c->n, len);
	if (c->n >= NIL - 1)
		return tix_errf(err, "campaigns: more than %lu texts", (unsigned long)NIL - 1);
	if (!sign_text(c->sg, text, len, c->o.min_tokens, sig)) {
		c->n++;
		return 0;
	}
	if (c->nl == c->cap) {	/* grow both, then count: a failure changes nothing */
		size_t cap = c->cap ? 2 * c->cap : 256;
		uint8_t *s;

		if (cap > SIZE_MAX / NPERM || cap > SIZE_MAX / sizeof(*nt) ||
		    !(s = realloc(c->sig, cap * NPERM)))
			return tix_errf(err, "campaigns: out of memory");
		c->sig = s;
		if (!(nt = realloc(c->note, cap * sizeof(*nt))))
			return tix_errf(err, "campaigns: out of memory");
		c->note = nt;
		c->cap = cap;
	}
	memcpy(c->sig + c->nl * NPERM, sig, NPERM);
	nt = &c->note[c->nl++];
	nt->time = time;
	nt->requester = requester;
	nt->doc = (uint32_t)c->n++;
	return 0;
}

int tix_camp_find(struct tix_camp *c, struct tix_campaign **out, size_t *nout, char *err)
{
	struct run r;
	struct note *note = c->note;
	uint32_t *start = NULL, *memb = NULL;
	size_t i, end;
	int ret = -1;

	*out = NULL;
	*nout = 0;
	if (!c->sg)
		return tix_errf(err, "campaigns: tix_camp_find called twice");
	signer_free(c->sg);
	c->sg = NULL;
	memset(&r, 0, sizeof(r));
	r.o = c->o;
	r.err = err;
	r.need = c->need;
	r.nl = c->nl;
	r.sig = c->sig;		/* the run's now: reordered in place, freed below */
	c->sig = NULL;
	c->note = NULL;		/* rank_all frees it */
	if (rank_all(&r, note, c->cap) < 0 || group_all(&r) < 0)
		goto cleanup;

	/* the groups, each in rank (time) order, by counting sort on the root */
	start = calloc(r.nl + 1, sizeof(*start));
	memb = alloc_array(r.nl, sizeof(*memb));
	r.pool = alloc_array(r.nl, sizeof(*r.pool));
	if (!start || !memb || !r.pool) {
		oom(&r);
		goto cleanup;
	}
	for (i = 0; i < r.nl; i++) {
		r.parent[i] = find(r.parent, (uint32_t)i);
		start[r.parent[i] + 1]++;
	}
	for (i = 0; i < r.nl; i++)
		start[i + 1] += start[i];
	for (i = 0; i < r.nl; i++)
		memb[start[r.parent[i]]++] = (uint32_t)i;
	/* start[root] is now where root's group ends */
	for (i = 0, end = 0; i < r.nl; i++) {
		if (r.parent[i] != i)
			continue;
		if (cut_group(&r, memb + end, start[i] - end, (uint32_t)i) < 0)
			goto cleanup;
		end = start[i];
	}
	if (build(&r, out) < 0)
		goto cleanup;
	*nout = r.npc;
	ret = 0;
cleanup:
	free(start);
	free(memb);
	free(r.sig);
	free(r.doc);
	free(r.time);
	free(r.req);
	free(r.parent);
	free(r.cnt);
	free(r.pool);
	free(r.pc);
	return ret;
}

void tix_camp_free(struct tix_camp *c)
{
	if (!c)
		return;
	signer_free(c->sg);
	free(c->sig);
	free(c->note);
	free(c);
}

int tix_campaigns(const struct tix_camp_doc *docs, size_t n, const struct tix_camp_opts *o,
		  struct tix_campaign **out, size_t *nout, char *err)
{
	struct tix_camp *c;
	size_t i;
	int ret = -1;

	*out = NULL;
	*nout = 0;
	if (!(c = tix_camp_new(o, err)))
		return -1;
	if (n >= NIL) {
		tix_errf(err, "campaigns: %zu texts, more than %lu", n, (unsigned long)NIL - 1);
		goto cleanup;
	}
	if (n && !docs) {
		tix_errf(err, "campaigns: %zu texts but no array", n);
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		if (tix_camp_add(c, docs[i].text, docs[i].len, docs[i].time, docs[i].requester,
				 err) < 0)
			goto cleanup;
	ret = tix_camp_find(c, out, nout, err);
cleanup:
	tix_camp_free(c);
	return ret;
}

void tix_campaigns_free(struct tix_campaign *c, size_t n)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < n; i++)
		free(c[i].members);
	free(c);
}
