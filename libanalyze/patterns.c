/* patterns.c - template mining; see patterns.h. */
#include "patterns.h"

#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "tokens.h"

#define WILD 0xfffffffeu	/* "<*>" in a template or key */
#define UNKNOWN 0xffffffffu	/* a token never interned: equal to nothing */
#define NOFAM 0xffffffffu	/* a pattern of a text unlike anything learnt */
#define MAX_WORD 255		/* bytes of a word that are compared */
#define MAX_DEPTH 8
#define MAX_VALUES 255

/* ---------- a map from 64-bit keys to 32-bit values ---------- */

struct map {
	uint64_t *key;
	uint32_t *val;		/* value + 1; 0 when empty */
	size_t n, cap;		/* cap a power of 2, or 0 */
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0x9e3779b97f4a7c15ULL;
	x ^= x >> 29;
	return x;
}

/* the slot of k: where it is or where it would go */
static size_t map_slot(const struct map *m, uint64_t k)
{
	size_t i = mix(k) & (m->cap - 1);

	while (m->val[i] && m->key[i] != k)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static long map_get(const struct map *m, uint64_t k)
{
	size_t i;

	if (!m->cap)
		return -1;
	i = map_slot(m, k);
	return m->val[i] ? (long)(m->val[i] - 1) : -1;
}

static int map_put(struct map *m, uint64_t k, uint32_t v)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct map g = {0};
		size_t j;

		g.cap = m->cap ? 2 * m->cap : 64;
		g.key = malloc(g.cap * sizeof(*g.key));
		g.val = calloc(g.cap, sizeof(*g.val));
		if (!g.key || !g.val) {
			free(g.key);
			free(g.val);
			return -1;
		}
		for (j = 0; j < m->cap; j++)
			if (m->val[j]) {
				i = map_slot(&g, m->key[j]);
				g.key[i] = m->key[j];
				g.val[i] = m->val[j];
			}
		g.n = m->n;
		free(m->key);
		free(m->val);
		*m = g;
	}
	i = map_slot(m, k);
	if (!m->val[i])
		m->n++;
	m->key[i] = k;
	m->val[i] = v + 1;
	return 0;
}

static void map_release(struct map *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

/* ---------- the miner ---------- */

struct slot {
	uint8_t wild;		/* a variable for good: rules a and b */
	uint8_t nv;		/* values kept */
};

struct fam {
	uint32_t ntok;
	uint64_t n;		/* texts learnt */
	uint64_t judged;	/* n when var[] was last worked out, + 1 */
	uint32_t *tpl;		/* ntok: token ids or WILD */
	uint8_t *space;		/* ntok: space before token i in the first text */
	uint8_t *var;		/* ntok: a variable now (rules a, b, c) */
	uint32_t path[MAX_DEPTH];	/* the tree edges taken: token ids or WILD */
	uint32_t leaf;		/* its node */
	uint32_t nwild;		/* "<*>" in tpl */
	struct slot *slot;	/* ntok */
	uint32_t *val;		/* ntok * max_values */
	uint64_t *cnt;		/* ntok * max_values */
};

struct node {
	uint32_t nchild;
	uint32_t nfam, cap;
	uint32_t *fam;
	uint32_t level;		/* 0 the root, 1 a token count, 2.. a prefix */
	uint32_t exact;		/* bit d: prefix token d was taken exactly */
	uint32_t base;		/* family + 1 with the most "<*>", then oldest */
};

/* the families of a leaf whose template has a token at a position */
struct plist {
	uint32_t n, cap;
	uint32_t *fam;
};

struct pat {
	uint32_t fam, ntok;
	uint32_t *key;
	char *tpl;
};

struct tix_miner {
	struct tix_miner_opts o;
	struct tix_intern words;	/* ids 0 .. NMASK - 1 are the mask names */
	uint32_t nmask;
	struct fam *fam;
	size_t nfam, capfam;
	struct node *node;
	size_t nnode, capnode;
	struct map edge;	/* parent << 32 | token -> child node */
	struct map post;	/* leaf << 40 | position << 32 | token -> plist */
	struct plist *plist;
	size_t nplist, capplist;
	uint32_t *eqn, *stamp, *cand;	/* per family: best()'s counts */
	size_t capcount;
	uint32_t gen;
	struct pat *pat;
	size_t npat, cappat;
	struct map pmap;	/* key hash -> first pattern index of a chain */
	uint32_t *pnext;	/* next pattern index with the same hash + 1 */
	uint64_t *phash;
	uint64_t learnt;
	/* the text being looked at */
	struct tix_token tok[TIX_MINER_MAX_TOKENS];
	uint32_t id[TIX_MINER_MAX_TOKENS];
	uint8_t sp[TIX_MINER_MAX_TOKENS];
	const char *txt[TIX_MINER_MAX_TOKENS];
	size_t tlen[TIX_MINER_MAX_TOKENS];
	char wbuf[TIX_MINER_MAX_TOKENS][MAX_WORD + 1];
	size_t ntok;
	uint32_t key[TIX_MINER_MAX_TOKENS];
};

void tix_miner_defaults(struct tix_miner_opts *o)
{
	o->similarity = 0.5;
	o->depth = 2;
	o->max_children = 100;
	o->max_values = 16;
	o->min_values = 3;
	o->share = 0.05;
	o->min_count = 3;
}

static int check_opts(const struct tix_miner_opts *o, char *err)
{
	if (!(o->similarity > 0 && o->similarity <= 1))
		return tix_errf(err, "similarity must be in (0, 1]");
	if (o->depth > MAX_DEPTH)
		return tix_errf(err, "depth must be at most %d", MAX_DEPTH);
	if (o->max_children < 2)
		return tix_errf(err, "max_children must be at least 2");
	if (o->max_values < 1 || o->max_values > MAX_VALUES)
		return tix_errf(err, "max_values must be in 1 .. %d", MAX_VALUES);
	if (!(o->share >= 0 && o->share <= 1))
		return tix_errf(err, "share must be in [0, 1]");
	return 0;
}

static int new_node(struct tix_miner *m, uint32_t *out)
{
	if (m->nnode == m->capnode) {
		size_t c = m->capnode ? 2 * m->capnode : 64;
		struct node *p = realloc(m->node, c * sizeof(*p));

		if (!p)
			return -1;
		m->node = p;
		m->capnode = c;
	}
	memset(&m->node[m->nnode], 0, sizeof(m->node[0]));
	*out = (uint32_t)m->nnode++;
	return 0;
}

static struct tix_miner *miner_alloc(const struct tix_miner_opts *o, char *err)
{
	struct tix_miner *m;
	uint32_t root;

	if (check_opts(o, err) < 0)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	m->o = *o;
	tix_intern_init(&m->words);
	if (new_node(m, &root) < 0) {
		tix_miner_free(m);
		tix_errf(err, "out of memory");
		return NULL;
	}
	return m;
}

struct tix_miner *tix_miner_new(const struct tix_miner_opts *opts, char *err)
{
	struct tix_miner_opts d;
	struct tix_miner *m;
	int k;

	if (!opts) {
		tix_miner_defaults(&d);
		opts = &d;
	}
	if (!(m = miner_alloc(opts, err)))
		return NULL;
	for (k = 0; k < TIX_TOK_NKINDS; k++) {
		const char *name = tix_tok_mask_name(k);

		if (name && tix_intern(&m->words, name, strlen(name)) < 0) {
			tix_miner_free(m);
			tix_errf(err, "out of memory");
			return NULL;
		}
	}
	m->nmask = (uint32_t)m->words.n;
	return m;
}

static void fam_release(struct fam *f)
{
	free(f->tpl);
	free(f->space);
	free(f->var);
	free(f->slot);
	free(f->val);
	free(f->cnt);
}

void tix_miner_free(struct tix_miner *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nfam; i++)
		fam_release(&m->fam[i]);
	free(m->fam);
	for (i = 0; i < m->nnode; i++)
		free(m->node[i].fam);
	free(m->node);
	map_release(&m->edge);
	map_release(&m->post);
	for (i = 0; i < m->nplist; i++)
		free(m->plist[i].fam);
	free(m->plist);
	free(m->eqn);
	free(m->stamp);
	free(m->cand);
	for (i = 0; i < m->npat; i++) {
		free(m->pat[i].key);
		free(m->pat[i].tpl);
	}
	free(m->pat);
	free(m->pnext);
	free(m->phash);
	map_release(&m->pmap);
	tix_intern_release(&m->words);
	free(m);
}

size_t tix_miner_npatterns(const struct tix_miner *m)
{
	return m->npat;
}

size_t tix_miner_nfamilies(const struct tix_miner *m)
{
	return m->nfam;
}

uint64_t tix_miner_nlearnt(const struct tix_miner *m)
{
	return m->learnt;
}

/* ---------- reading a text ---------- */

/* Tokenise s into m->tok / txt / tlen / sp, and look up each token's id
   (UNKNOWN when never interned). */
static void read_text(struct tix_miner *m, const char *s, size_t n)
{
	size_t i, j, prev_end = 0;

	m->ntok = tix_tokenize(s, n, m->tok, TIX_MINER_MAX_TOKENS, NULL);
	for (i = 0; i < m->ntok; i++) {
		const struct tix_token *t = &m->tok[i];
		const char *name = tix_tok_mask_name(t->kind);
		long id;

		m->sp[i] = i > 0 && t->off > prev_end;
		prev_end = t->off + t->len;
		if (name) {
			m->txt[i] = name;
			m->tlen[i] = strlen(name);
		} else {
			size_t len = t->len;
			char *w = m->wbuf[i];

			if (len > MAX_WORD) {
				len = MAX_WORD;
				/* not in the middle of a UTF-8 sequence */
				while (len > 0 && ((unsigned char)s[t->off + len] & 0xc0) == 0x80)
					len--;
				if (!len)
					len = MAX_WORD;
			}
			for (j = 0; j < len; j++) {
				char c = s[t->off + j];

				w[j] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
			}
			m->txt[i] = w;
			m->tlen[i] = len;
		}
		id = tix_intern_find(&m->words, m->txt[i], m->tlen[i]);
		m->id[i] = id < 0 ? UNKNOWN : (uint32_t)id;
	}
}

/* token i's id, interning it when new: 0 or -1 */
static int intern_tok(struct tix_miner *m, size_t i)
{
	long id;

	if (m->id[i] != UNKNOWN)
		return 0;
	id = tix_intern(&m->words, m->txt[i], m->tlen[i]);
	if (id < 0)
		return -1;
	m->id[i] = (uint32_t)id;
	return 0;
}

static uint64_t edge_key(uint32_t parent, uint32_t tok)
{
	return (uint64_t)parent << 32 | tok;
}

/* the child of node p along tok, made when missing: 0 or -1 */
static int child_make(struct tix_miner *m, uint32_t p, uint32_t tok, uint32_t *out)
{
	long c = map_get(&m->edge, edge_key(p, tok));
	uint32_t nc;

	if (c >= 0) {
		*out = (uint32_t)c;
		return 0;
	}
	if (new_node(m, &nc) < 0 || map_put(&m->edge, edge_key(p, tok), nc) < 0)
		return -1;
	m->node[p].nchild++;
	m->node[nc].level = m->node[p].level + 1;
	m->node[nc].exact = m->node[p].exact;
	if (m->node[p].level >= 1 && tok != WILD && m->node[p].level - 1 < 32)
		m->node[nc].exact |= 1u << (m->node[p].level - 1);
	*out = nc;
	return 0;
}

/*
 * The leaf of the text read: by its token count, then its first depth
 * tokens.  make: create the way, interning tokens as needed, and record
 * the edges taken in path; else -1 when there is no such leaf.  Returns
 * the node, or -1 (not found) / -2 (out of memory).
 */
static long route(struct tix_miner *m, int make, uint32_t *path)
{
	uint32_t node, d, depth = m->o.depth;
	long c;

	if (depth > m->ntok)
		depth = (uint32_t)m->ntok;
	if (make) {
		if (child_make(m, 0, (uint32_t)m->ntok, &node) < 0)
			return -2;
	} else {
		if ((c = map_get(&m->edge, edge_key(0, (uint32_t)m->ntok))) < 0)
			return -1;
		node = (uint32_t)c;
	}
	for (d = 0; d < depth; d++) {
		uint32_t t = m->id[d], nc;
		long w;

		c = t == UNKNOWN ? -1 : map_get(&m->edge, edge_key(node, t));
		if (c >= 0) {
			if (path)
				path[d] = t;
			node = (uint32_t)c;
			continue;
		}
		w = map_get(&m->edge, edge_key(node, WILD));
		if (!make) {
			if (w < 0)
				return -1;
			node = (uint32_t)w;
			continue;
		}
		/* a node has at most max_children, the last kept for "<*>" */
		if (w < 0 ? m->node[node].nchild + 1 < m->o.max_children
			  : m->node[node].nchild < m->o.max_children) {
			if (intern_tok(m, d) < 0)
				return -2;
			t = m->id[d];
		} else {
			t = WILD;
		}
		if (child_make(m, node, t, &nc) < 0)
			return -2;
		if (path)
			path[d] = t;
		node = nc;
	}
	return node;
}

/* leaves numbered from this on are scanned: their lists' keys have 24
   bits for the leaf */
#define LIST_LEAVES (1u << 24)

/* positions of f equal to the text read (a "<*>" equals nothing) */
static size_t compare(const struct tix_miner *m, const struct fam *f)
{
	size_t i, e = 0;

	for (i = 0; i < m->ntok; i++)
		e += f->tpl[i] != WILD && f->tpl[i] == m->id[i];
	return e;
}

static int enough(const struct tix_miner *m, size_t eq)
{
	return !m->ntok || (double)eq >= m->o.similarity * (double)m->ntok;
}

/* best() by looking at every family of the leaf */
static long best_scan(const struct tix_miner *m, const struct node *nd)
{
	long b = -1;
	size_t beq = 0, bw = 0, k;

	for (k = 0; k < nd->nfam; k++) {
		const struct fam *f = &m->fam[nd->fam[k]];
		size_t eq = compare(m, f);

		if (!enough(m, eq))
			continue;
		if (b < 0 || eq > beq || (eq == beq && f->nwild > bw)) {
			b = (long)nd->fam[k];
			beq = eq;
			bw = f->nwild;
		}
	}
	return b;
}

/*
 * The family of the leaf most like the text read: the most equal
 * positions, then the most "<*>", then the oldest; only families with
 * enough equal positions.  -1 when none.  A learnt text always has one:
 * a joining text keeps at least half its family's template, and equals
 * what is left of it.
 *
 * Not a scan of the leaf's families: every family of the leaf equals the
 * text at the prefix positions taken exactly (nexact of them), and the
 * other positions are counted from the lists of families with the text's
 * token there.  A family in no list has nexact equal positions; the best
 * of those is kept in the leaf (base).  So a leaf of many families costs
 * what the text's tokens share with them, not their number.
 */
static long best(struct tix_miner *m, uint32_t leaf)
{
	const struct node *nd = &m->node[leaf];
	size_t i, k, nc = 0, nexact = 0, beq = 0, bw = 0;
	long b = -1;

	if (!nd->nfam)
		return -1;
	if (leaf >= LIST_LEAVES)
		return best_scan(m, nd);
	if (++m->gen == 0) {	/* wrapped: stamps of old generations go */
		memset(m->stamp, 0, m->capcount * sizeof(*m->stamp));
		m->gen = 1;
	}
	for (i = 0; i < m->ntok; i++) {
		long pl;
		const struct plist *p;

		if (i < m->o.depth && (nd->exact >> i & 1)) {
			nexact++;
			continue;
		}
		if (m->id[i] == UNKNOWN ||
		    (pl = map_get(&m->post, (uint64_t)leaf << 40 | (uint64_t)i << 32 | m->id[i])) < 0)
			continue;
		p = &m->plist[pl];
		for (k = 0; k < p->n; k++) {
			uint32_t f = p->fam[k];

			if (m->fam[f].tpl[i] != m->id[i])	/* since made "<*>" */
				continue;
			if (m->stamp[f] != m->gen) {
				m->stamp[f] = m->gen;
				m->eqn[f] = 0;
				m->cand[nc++] = f;
			}
			m->eqn[f]++;
		}
	}
	for (k = 0; k < nc; k++) {
		uint32_t f = m->cand[k];
		size_t eq = nexact + m->eqn[f], w = m->fam[f].nwild;

		if (!enough(m, eq))
			continue;
		if (b < 0 || eq > beq || (eq == beq && (w > bw || (w == bw && (long)f < b)))) {
			b = (long)f;
			beq = eq;
			bw = w;
		}
	}
	if (b < 0 && enough(m, nexact))
		b = (long)nd->base - 1;
	return b;
}

/* f's "<*>" count went up: is it the leaf's best of those in no list? */
static void rebase(struct tix_miner *m, uint32_t f)
{
	struct node *nd = &m->node[m->fam[f].leaf];
	const struct fam *b = nd->base ? &m->fam[nd->base - 1] : NULL;

	if (!b || m->fam[f].nwild > b->nwild || (m->fam[f].nwild == b->nwild && f < nd->base - 1))
		nd->base = f + 1;
}

/* list family f under each of its template's tokens: 0 or -1 */
static int post(struct tix_miner *m, uint32_t f)
{
	const struct fam *fa = &m->fam[f];
	const struct node *nd = &m->node[fa->leaf];
	size_t i;

	if (m->nfam > m->capcount) {
		size_t c = m->capcount ? 2 * m->capcount : 64;
		uint32_t *a, *b2, *c2;

		while (c < m->nfam)
			c *= 2;
		if (!(a = realloc(m->eqn, c * sizeof(*a))))
			return -1;
		m->eqn = a;
		if (!(b2 = realloc(m->stamp, c * sizeof(*b2))))
			return -1;
		memset(b2 + m->capcount, 0, (c - m->capcount) * sizeof(*b2));
		m->stamp = b2;
		if (!(c2 = realloc(m->cand, c * sizeof(*c2))))
			return -1;
		m->cand = c2;
		m->capcount = c;
	}
	for (i = 0; i < fa->ntok; i++) {
		uint64_t key = (uint64_t)fa->leaf << 40 | (uint64_t)i << 32 | fa->tpl[i];
		long pl;
		struct plist *p;

		if (fa->leaf >= LIST_LEAVES)
			break;
		if ((i < m->o.depth && (nd->exact >> i & 1)) || fa->tpl[i] == WILD)
			continue;
		if ((pl = map_get(&m->post, key)) < 0) {
			if (m->nplist == m->capplist) {
				size_t c = m->capplist ? 2 * m->capplist : 64;
				struct plist *q = realloc(m->plist, c * sizeof(*q));

				if (!q)
					return -1;
				m->plist = q;
				m->capplist = c;
			}
			if (map_put(&m->post, key, (uint32_t)m->nplist) < 0)
				return -1;
			memset(&m->plist[m->nplist], 0, sizeof(m->plist[0]));
			pl = (long)m->nplist++;
		}
		p = &m->plist[pl];
		if (p->n == p->cap) {
			uint32_t c = p->cap ? 2 * p->cap : 2;
			uint32_t *q = realloc(p->fam, c * sizeof(*q));

			if (!q)
				return -1;
			p->fam = q;
			p->cap = c;
		}
		p->fam[p->n++] = f;
	}
	rebase(m, f);
	return 0;
}

static int fam_alloc(struct fam *f, uint32_t ntok, unsigned maxv)
{
	size_t n = ntok ? ntok : 1;

	f->ntok = ntok;
	f->tpl = malloc(n * sizeof(*f->tpl));
	f->space = calloc(n, 1);
	f->var = calloc(n, 1);
	f->slot = calloc(n, sizeof(*f->slot));
	f->val = malloc(n * maxv * sizeof(*f->val));
	f->cnt = malloc(n * maxv * sizeof(*f->cnt));
	return f->tpl && f->space && f->var && f->slot && f->val && f->cnt ? 0 : -1;
}

static int leaf_add(struct node *leaf, uint32_t fid)
{
	if (leaf->nfam == leaf->cap) {
		uint32_t c = leaf->cap ? 2 * leaf->cap : 4;
		uint32_t *p = realloc(leaf->fam, c * sizeof(*p));

		if (!p)
			return -1;
		leaf->fam = p;
		leaf->cap = c;
	}
	leaf->fam[leaf->nfam++] = fid;
	return 0;
}

/* a new, empty family of ntok tokens at m->fam[m->nfam] (not counted
   yet), or NULL when memory runs out */
static struct fam *fam_slot(struct tix_miner *m, uint32_t ntok)
{
	struct fam *f;

	if (m->nfam == m->capfam) {
		size_t c = m->capfam ? 2 * m->capfam : 64;
		struct fam *p = realloc(m->fam, c * sizeof(*p));

		if (!p)
			return NULL;
		m->fam = p;
		m->capfam = c;
	}
	f = &m->fam[m->nfam];
	memset(f, 0, sizeof(*f));
	if (fam_alloc(f, ntok, m->o.max_values) < 0) {
		fam_release(f);
		return NULL;
	}
	return f;
}

/* a new family from the text read, in leaf; its index or -1 */
static long found(struct tix_miner *m, uint32_t leaf, const uint32_t *path)
{
	struct fam *f;
	size_t i;

	for (i = 0; i < m->ntok; i++)
		if (intern_tok(m, i) < 0)
			return -1;
	if (!(f = fam_slot(m, (uint32_t)m->ntok)))
		return -1;
	for (i = 0; i < m->ntok; i++) {
		f->tpl[i] = m->id[i];
		f->space[i] = m->sp[i];
	}
	memcpy(f->path, path, sizeof(f->path));
	f->leaf = leaf;
	if (leaf_add(&m->node[leaf], (uint32_t)m->nfam) < 0) {
		fam_release(f);
		return -1;
	}
	m->nfam++;
	if (post(m, (uint32_t)m->nfam - 1) < 0)
		return -1;
	return (long)m->nfam - 1;
}

int tix_miner_add(struct tix_miner *m, const char *s, size_t n, char *err)
{
	uint32_t path[MAX_DEPTH] = {0};
	struct fam *f;
	long leaf, fid;
	size_t i, j;

	read_text(m, s, n);
	if ((leaf = route(m, 1, path)) < 0)
		return tix_errf(err, "out of memory");
	fid = best(m, (uint32_t)leaf);
	if (fid < 0 && (fid = found(m, (uint32_t)leaf, path)) < 0)
		return tix_errf(err, "out of memory");
	f = &m->fam[fid];
	f->n++;
	for (i = 0; i < m->ntok; i++) {
		struct slot *sl = &f->slot[i];
		uint32_t *val = f->val + i * m->o.max_values;
		uint64_t *cnt = f->cnt + i * m->o.max_values;

		if (f->tpl[i] != m->id[i] && f->tpl[i] != WILD) {
			f->tpl[i] = WILD;
			f->nwild++;
			rebase(m, (uint32_t)fid);
		}
		if (sl->wild)
			continue;
		if (intern_tok(m, i) < 0)
			return tix_errf(err, "out of memory");
		for (j = 0; j < sl->nv && val[j] != m->id[i]; j++)
			;
		if (j < sl->nv) {
			cnt[j]++;
		} else if (sl->nv < m->o.max_values) {	/* rule a */
			val[j] = m->id[i];
			cnt[j] = 1;
			sl->nv++;
		} else {
			sl->wild = 1;
			continue;
		}
		if (sl->nv >= 2)	/* rule b */
			for (j = 0; j < sl->nv; j++)
				if (val[j] < m->nmask) {
					sl->wild = 1;
					break;
				}
	}
	m->learnt++;
	return 0;
}

/* work out f->var[] for f->n texts (rules a, b, c) */
static void judge(const struct tix_miner *m, struct fam *f)
{
	double thr = m->o.share * (double)f->n;
	size_t i, j;

	if (f->judged == f->n + 1)
		return;
	if (thr < m->o.min_count)
		thr = m->o.min_count;
	for (i = 0; i < f->ntok; i++) {
		const struct slot *sl = &f->slot[i];
		const uint64_t *cnt = f->cnt + i * m->o.max_values;
		size_t big = 0;

		if (sl->wild) {
			f->var[i] = 1;
			continue;
		}
		if (!m->o.min_values || sl->nv < m->o.min_values) {	/* rule c is off */
			f->var[i] = 0;
			continue;
		}
		for (j = 0; j < sl->nv; j++)
			if ((double)cnt[j] >= thr)
				big++;
		f->var[i] = big <= 1;
	}
	f->judged = f->n + 1;
}

static uint64_t key_hash(uint32_t fam, const uint32_t *key, size_t n)
{
	return tix_hash64(fam, key, n * sizeof(*key));
}

/* the template of key: its tokens with "<*>", spaced as space[] says */
static char *render(const struct tix_miner *m, const uint32_t *key, const uint8_t *space,
		    size_t n)
{
	struct tix_buf b;
	size_t i;

	tix_buf_init(&b, SIZE_MAX);
	if (tix_buf_add(&b, "", 0) < 0)
		return NULL;
	for (i = 0; i < n; i++) {
		const char *t = key[i] == WILD ? "<*>" : tix_intern_str(&m->words, key[i]);

		if ((space[i] && tix_buf_addc(&b, ' ') < 0) || tix_buf_adds(&b, t) < 0) {
			tix_buf_release(&b);
			return NULL;
		}
	}
	return b.s;
}

/* the pattern of (fam, key[0 .. n)), made when new: its index or -1 */
static long pattern(struct tix_miner *m, uint32_t fam, const uint32_t *key, size_t n,
		    const uint8_t *space, int make)
{
	uint64_t h = key_hash(fam, key, n);
	long k = map_get(&m->pmap, h);
	struct pat *p;

	for (; k >= 0; k = (long)m->pnext[k] - 1) {
		p = &m->pat[k];
		if (p->fam == fam && p->ntok == n && !memcmp(p->key, key, n * sizeof(*key)))
			return k;
	}
	if (!make)
		return -1;
	if (m->npat == m->cappat) {
		size_t c = m->cappat ? 2 * m->cappat : 64;
		struct pat *pp = realloc(m->pat, c * sizeof(*pp));
		uint32_t *nx;
		uint64_t *hh;

		if (!pp)
			return -1;
		m->pat = pp;
		if (!(nx = realloc(m->pnext, c * sizeof(*nx))))
			return -1;
		m->pnext = nx;
		if (!(hh = realloc(m->phash, c * sizeof(*hh))))
			return -1;
		m->phash = hh;
		m->cappat = c;
	}
	p = &m->pat[m->npat];
	memset(p, 0, sizeof(*p));
	p->fam = fam;
	p->ntok = (uint32_t)n;
	p->key = malloc((n ? n : 1) * sizeof(*key));
	if (!p->key)
		return -1;
	memcpy(p->key, key, n * sizeof(*key));
	if (!(p->tpl = render(m, key, space, n))) {
		free(p->key);
		return -1;
	}
	k = map_get(&m->pmap, h);
	m->pnext[m->npat] = (uint32_t)(k + 1);
	m->phash[m->npat] = h;
	if (map_put(&m->pmap, h, (uint32_t)m->npat) < 0) {
		free(p->key);
		free(p->tpl);
		return -1;
	}
	return (long)m->npat++;
}

long tix_miner_match(struct tix_miner *m, const char *s, size_t n, char *err)
{
	long leaf, fid = -1, k;
	size_t i, j;

	read_text(m, s, n);
	leaf = route(m, 0, NULL);
	if (leaf >= 0)
		fid = best(m, (uint32_t)leaf);
	if (fid < 0) {
		/* unlike anything learnt: all constants */
		for (i = 0; i < m->ntok; i++)
			if (intern_tok(m, i) < 0)
				return tix_errf(err, "out of memory");
		k = pattern(m, NOFAM, m->id, m->ntok, m->sp, 1);
	} else {
		struct fam *f = &m->fam[fid];

		judge(m, f);
		for (i = 0; i < m->ntok; i++) {
			const uint32_t *val = f->val + i * m->o.max_values;

			m->key[i] = WILD;
			if (f->var[i])
				continue;
			/* a constant: the text's own word, even one this
			   position has not seen (a text not learnt) */
			for (j = 0; j < f->slot[i].nv; j++)
				if (val[j] == m->id[i])
					break;
			if (j == f->slot[i].nv && intern_tok(m, i) < 0)
				return tix_errf(err, "out of memory");
			m->key[i] = m->id[i];
		}
		k = pattern(m, (uint32_t)fid, m->key, m->ntok, f->space, 1);
	}
	if (k < 0)
		return tix_errf(err, "out of memory");
	return k + 1;
}

const char *tix_miner_template(struct tix_miner *m, long id)
{
	if (id < 1 || (size_t)id > m->npat)
		return NULL;
	return m->pat[id - 1].tpl;
}

/* ---------- saving and loading ---------- */

static const char MAGIC[8] = "TIXPAT1";

static int put_u(struct tix_buf *b, uint64_t v)
{
	unsigned char c[10];
	size_t n = 0;

	do {
		c[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			c[n] |= 0x80;
		n++;
	} while (v);
	return tix_buf_add(b, c, n);
}

static int put_d(struct tix_buf *b, double d)
{
	uint64_t v;

	memcpy(&v, &d, sizeof(v));
	return put_u(b, v);
}

/* a token id: WILD as 0, others + 1 */
static int put_tok(struct tix_buf *b, uint32_t t)
{
	return put_u(b, t == WILD ? 0 : (uint64_t)t + 1);
}

int tix_miner_save(const struct tix_miner *m, struct tix_buf *b, char *err)
{
	size_t i, j, k;
	int bad = 0;

	bad |= tix_buf_add(b, MAGIC, sizeof(MAGIC));
	bad |= put_d(b, m->o.similarity);
	bad |= put_u(b, m->o.depth);
	bad |= put_u(b, m->o.max_children);
	bad |= put_u(b, m->o.max_values);
	bad |= put_u(b, m->o.min_values);
	bad |= put_d(b, m->o.share);
	bad |= put_u(b, m->o.min_count);
	bad |= put_u(b, m->learnt);
	bad |= put_u(b, m->nmask);
	bad |= put_u(b, m->words.n);
	for (i = 0; i < m->words.n && !bad; i++) {
		const char *w = tix_intern_str(&m->words, i);
		size_t len = strlen(w);

		bad |= put_u(b, len);
		bad |= tix_buf_add(b, w, len);
	}
	bad |= put_u(b, m->nfam);
	for (i = 0; i < m->nfam && !bad; i++) {
		const struct fam *f = &m->fam[i];
		size_t depth = m->o.depth < f->ntok ? m->o.depth : f->ntok;

		bad |= put_u(b, f->ntok);
		bad |= put_u(b, f->n);
		for (j = 0; j < depth; j++)
			bad |= put_tok(b, f->path[j]);
		for (j = 0; j < f->ntok; j++) {
			const struct slot *sl = &f->slot[j];

			bad |= put_tok(b, f->tpl[j]);
			bad |= put_u(b, (uint64_t)f->space[j] | (uint64_t)sl->wild << 1);
			bad |= put_u(b, sl->nv);
			for (k = 0; k < sl->nv; k++) {
				bad |= put_u(b, f->val[j * m->o.max_values + k]);
				bad |= put_u(b, f->cnt[j * m->o.max_values + k]);
			}
		}
	}
	bad |= put_u(b, m->npat);
	for (i = 0; i < m->npat && !bad; i++) {
		const struct pat *p = &m->pat[i];

		bad |= put_u(b, p->fam == NOFAM ? 0 : (uint64_t)p->fam + 1);
		bad |= put_u(b, p->ntok);
		for (j = 0; j < p->ntok; j++)
			bad |= put_tok(b, p->key[j]);
		bad |= put_u(b, strlen(p->tpl));
		bad |= tix_buf_adds(b, p->tpl);
	}
	return bad ? tix_errf(err, "out of memory") : 0;
}

struct rd {
	const unsigned char *p, *end;
	int bad;
};

static uint64_t get_u(struct rd *r)
{
	uint64_t v = 0;
	unsigned sh = 0;

	while (!r->bad) {
		unsigned char c;

		if (r->p == r->end || sh > 63) {
			r->bad = 1;
			break;
		}
		c = *r->p++;
		v |= (uint64_t)(c & 0x7f) << sh;
		if (!(c & 0x80))
			return v;
		sh += 7;
	}
	return 0;
}

/* a number no greater than max */
static uint64_t get_max(struct rd *r, uint64_t max)
{
	uint64_t v = get_u(r);

	if (v > max)
		r->bad = 1;
	return r->bad ? 0 : v;
}

static double get_d(struct rd *r)
{
	uint64_t v = get_u(r);
	double d;

	memcpy(&d, &v, sizeof(d));
	return d;
}

/* a token id below nwords, or WILD */
static uint32_t get_tok(struct rd *r, size_t nwords)
{
	uint64_t v = get_max(r, nwords);

	return v == 0 ? WILD : (uint32_t)(v - 1);
}

static const char *get_bytes(struct rd *r, size_t *len)
{
	const char *s;

	/* the length first, then the room left after it */
	uint64_t v = get_u(r);

	if (r->bad || v > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		return NULL;
	}
	*len = (size_t)v;
	s = (const char *)r->p;
	r->p += *len;
	return s;
}

static int load_body(struct tix_miner *m, struct rd *r)
{
	uint64_t nwords, nfam, npat, i, j, k;
	const char *w;
	size_t len;

	m->learnt = get_u(r);
	m->nmask = (uint32_t)get_max(r, TIX_TOK_NKINDS);
	nwords = get_max(r, (uint64_t)(r->end - r->p));
	for (i = 0; i < nwords && !r->bad; i++) {
		if (!(w = get_bytes(r, &len)) || memchr(w, '\0', len))
			return r->bad = 1, 0;
		if (tix_intern(&m->words, w, len) != (long)i)
			return -1;	/* out of memory, or a word twice: damaged */
	}
	nfam = get_max(r, (uint64_t)(r->end - r->p));
	for (i = 0; i < nfam && !r->bad; i++) {
		uint32_t path[MAX_DEPTH] = {0}, node = 0, ntok;
		uint64_t fn;
		size_t depth;
		struct fam *f;

		ntok = (uint32_t)get_max(r, TIX_MINER_MAX_TOKENS);
		fn = get_u(r);
		depth = m->o.depth < ntok ? m->o.depth : ntok;
		if (r->bad)
			break;
		/* the way to its leaf, made as it was */
		m->ntok = ntok;
		if (child_make(m, 0, ntok, &node) < 0)
			return -1;
		for (j = 0; j < depth; j++) {
			path[j] = get_tok(r, nwords);
			if (child_make(m, node, path[j], &node) < 0)
				return -1;
		}
		if (!(f = fam_slot(m, ntok)))
			return -1;
		m->nfam++;
		memcpy(f->path, path, sizeof(path));
		f->n = fn;
		for (j = 0; j < ntok && !r->bad; j++) {
			struct slot *sl = &f->slot[j];
			uint64_t flags;

			f->tpl[j] = get_tok(r, nwords);
			flags = get_max(r, 3);
			f->space[j] = flags & 1;
			sl->wild = (flags >> 1) & 1;
			sl->nv = (uint8_t)get_max(r, m->o.max_values);
			for (k = 0; k < sl->nv && !r->bad; k++) {
				f->val[j * m->o.max_values + k] = (uint32_t)get_max(r, nwords - 1);
				f->cnt[j * m->o.max_values + k] = get_u(r);
			}
		}
		if (leaf_add(&m->node[node], (uint32_t)(m->nfam - 1)) < 0)
			return -1;
		f->leaf = node;
		for (j = 0; j < ntok; j++)
			f->nwild += f->tpl[j] == WILD;
		if (post(m, (uint32_t)(m->nfam - 1)) < 0)
			return -1;
	}
	npat = get_max(r, (uint64_t)(r->end - r->p));
	for (i = 0; i < npat && !r->bad; i++) {
		uint32_t key[TIX_MINER_MAX_TOKENS], fam, ntok;
		uint8_t sp[TIX_MINER_MAX_TOKENS] = {0};
		long k2;

		fam = (uint32_t)get_max(r, m->nfam);
		fam = fam == 0 ? NOFAM : fam - 1;
		ntok = (uint32_t)get_max(r, TIX_MINER_MAX_TOKENS);
		if (fam != NOFAM && !r->bad && ntok != m->fam[fam].ntok)
			r->bad = 1;
		for (j = 0; j < ntok && !r->bad; j++)
			key[j] = get_tok(r, nwords);
		w = get_bytes(r, &len);
		if (r->bad)
			break;
		if (pattern(m, fam, key, ntok, sp, 0) >= 0)
			return r->bad = 1, 0;	/* twice */
		if ((k2 = pattern(m, fam, key, ntok, sp, 1)) < 0)
			return -1;
		free(m->pat[k2].tpl);
		if (!(m->pat[k2].tpl = malloc(len + 1)))
			return -1;
		memcpy(m->pat[k2].tpl, w, len);
		m->pat[k2].tpl[len] = '\0';
	}
	m->ntok = 0;
	return 0;
}

struct tix_miner *tix_miner_load(const void *p, size_t n, char *err)
{
	struct rd r = {p, (const unsigned char *)p + n, 0};
	struct tix_miner_opts o;
	struct tix_miner *m;
	int rc;

	if (n < sizeof(MAGIC) || memcmp(p, MAGIC, sizeof(MAGIC))) {
		tix_errf(err, "not a saved pattern state (or of another version)");
		return NULL;
	}
	r.p += sizeof(MAGIC);
	o.similarity = get_d(&r);
	o.depth = (unsigned)get_max(&r, MAX_DEPTH);
	o.max_children = (unsigned)get_max(&r, UINT32_MAX);
	o.max_values = (unsigned)get_max(&r, MAX_VALUES);
	o.min_values = (unsigned)get_max(&r, UINT32_MAX);
	o.share = get_d(&r);
	o.min_count = (unsigned)get_max(&r, UINT32_MAX);
	if (r.bad) {
		tix_errf(err, "damaged pattern state");
		return NULL;
	}
	if (!(m = miner_alloc(&o, err)))
		return NULL;
	rc = load_body(m, &r);
	if (rc < 0 || r.bad || r.p != r.end) {
		tix_errf(err, rc < 0 ? "out of memory, or damaged pattern state"
				     : "damaged pattern state");
		tix_miner_free(m);
		return NULL;
	}
	return m;
}
