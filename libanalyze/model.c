/* model.c - naive Bayes over ticket words; see model.h. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rules.h"
#include "tix.h"

#define MAXCLASS (TIX_MAXCATS + 1)

struct slot {
	uint64_t h;		/* 0: empty */
	uint32_t row;		/* the feature's row of logp */
};

struct tix_model {
	int logistic;		/* 0: naive Bayes (tix-model 1); 1: logistic (2) */
	double pmin;		/* the probability at which tix-triage takes its word */
	int ncls;
	int cat[MAXCLASS];	/* class -> category, TIX_MODEL_NONE, TIX_MODEL_ANY */
	unsigned char s0[MAXCLASS];	/* logistic: a class that is an S0 risk */
	double prior[MAXCLASS];	/* log P(class); logistic: the class's bias */
	double *logp;		/* per feature, ncls of them: log P(feature | class);
				   logistic: the feature's weight in each class */
	size_t nfeat;
	struct slot *tab;
	size_t cap;		/* a power of 2 */
};

uint64_t tix_model_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

void tix_model_free(struct tix_model *m)
{
	if (!m)
		return;
	free(m->logp);
	free(m->tab);
	free(m);
}

/* Put h (feature row) in the table; -1 when out of memory (err filled) or
   when the feature is there already. */
static int add_hash(struct tix_model *m, uint64_t h, size_t row, char *err, const char *name,
		    long ln)
{
	size_t i, mask;

	if ((m->nfeat + 1) * 2 > m->cap) {
		size_t nc = m->cap ? 2 * m->cap : 8192, k;
		struct slot *nt = calloc(nc, sizeof(*nt));

		if (!nt)
			return tix_errf(err, "out of memory");
		for (k = 0; k < m->cap; k++)
			if (m->tab[k].h) {
				for (i = m->tab[k].h & (nc - 1); nt[i].h; i = (i + 1) & (nc - 1))
					;
				nt[i] = m->tab[k];
			}
		free(m->tab);
		m->tab = nt;
		m->cap = nc;
	}
	mask = m->cap - 1;
	for (i = h & mask; m->tab[i].h; i = (i + 1) & mask)
		if (m->tab[i].h == h)
			return tix_errf(err, "%s:%ld: a feature twice", name, ln);
	m->tab[i].h = h;
	m->tab[i].row = (uint32_t)row;
	m->nfeat++;
	return 0;
}

static int class_of(const struct tix_severity *sv, const char *name)
{
	if (!strcmp(name, "none"))
		return TIX_MODEL_NONE;
	return tix_severity_find(sv, name);
}

/* Room in m->logp for feature row 'lines' (ncls values a row); 0, or -1
   with err. */
static int grow_rows(struct tix_model *m, size_t lines, size_t *fcap, char *err)
{
	size_t nc = *fcap ? 2 * *fcap : 4096;
	double *nl;

	if (lines < *fcap)
		return 0;
	if (!(nl = realloc(m->logp, nc * (size_t)m->ncls * sizeof(*nl))))
		return tix_errf(err, "out of memory");
	m->logp = nl;
	*fcap = nc;
	return 0;
}

/*
 * "tix-model 2": a logistic model.  After the first line, '#' lines are
 * comments until "threshold T" (features may begin with '#'), then "class NAME BIAS" per class ("any"
 * first: the gate), then per feature its text, a tab and its weight in
 * each class, space-separated.
 */
static int parse_num(const char *s, size_t n, double *v)
{
	char buf[64], *e;

	if (!n || n >= sizeof(buf))
		return -1;
	/* a plain decimal: no leading blank, no hex, no NUL inside */
	if (!s[0] || !strchr("+-.0123456789", s[0]) || memchr(s, '\0', n) ||
	    memchr(s, 'x', n) || memchr(s, 'X', n))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*v = strtod(buf, &e);
	return e != buf + n || !isfinite(*v) || fabs(*v) > 1e6 ? -1 : 0;
}

static struct tix_model *parse_logistic(const struct tix_severity *sv, const char *name,
					const char *text, size_t n, char *err)
{
	struct tix_model *m = calloc(1, sizeof(*m));
	const char *p = text, *end = text + n;
	size_t fcap = 0, lines = 0, k;
	long ln = 0;
	int have_thr = 0, c;
	double thr = 0;

	if (!m) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	m->logistic = 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		const char *line = p, *tab;
		char buf[256];

		p = nl ? nl + 1 : end;
		if (++ln == 1)
			continue;
		if (len && line[len - 1] == '\r')
			len--;
		if (!len)
			continue;
		if (!have_thr) {
			if (line[0] == '#')
				continue;	/* comments: before the threshold only */
			if (len < 11 || memcmp(line, "threshold ", 10) ||
			    parse_num(line + 10, len - 10, &thr) < 0 || fabs(thr) > 30) {
				tix_errf(err, "%s:%ld: 'threshold T' (log odds from -30 to 30) comes "
					 "first", name, ln);
				goto fail;
			}
			have_thr = 1;
			continue;
		}
		if (len > 6 && !memcmp(line, "class ", 6) && !memchr(line, '\t', len)) {
			const char *sp = memchr(line + 6, ' ', len - 6);
			double b;

			if (lines) {
				tix_errf(err, "%s:%ld: a class line after the features", name, ln);
				goto fail;
			}
			if (!sp || sp == line + 6 || (size_t)(sp - line - 6) >= sizeof(buf) ||
			    parse_num(sp + 1, (size_t)(line + len - sp - 1), &b) < 0) {
				tix_errf(err, "%s:%ld: 'class NAME BIAS'", name, ln);
				goto fail;
			}
			memcpy(buf, line + 6, (size_t)(sp - line - 6));
			buf[sp - line - 6] = '\0';
			if (!m->ncls) {
				if (strcmp(buf, "any")) {
					tix_errf(err, "%s:%ld: the first class is 'any'", name, ln);
					goto fail;
				}
				c = TIX_MODEL_ANY;
			} else if ((c = tix_severity_find(sv, buf)) < 0) {
				c = TIX_MODEL_OTHER;
			}
			for (k = 0; k < (size_t)m->ncls && c >= 0; k++)
				if (m->cat[k] == c) {
					tix_errf(err, "%s:%ld: class '%s' twice", name, ln, buf);
					goto fail;
				}
			if (m->ncls == MAXCLASS) {
				tix_errf(err, "%s:%ld: too many classes", name, ln);
				goto fail;
			}
			m->cat[m->ncls] = c;
			m->s0[m->ncls] = c >= 0 && sv->cat[c].kind == TIX_CAT_RISK &&
					 sv->cat[c].level == 0;
			m->prior[m->ncls++] = b;
			continue;
		}
		if (m->ncls < 2) {
			tix_errf(err, "%s:%ld: a feature before the 'any' class and one category",
				 name, ln);
			goto fail;
		}
		if (!(tab = memchr(line, '\t', len)) || tab == line) {
			tix_errf(err, "%s:%ld: 'FEATURE<tab>WEIGHTS'", name, ln);
			goto fail;
		}
		if (grow_rows(m, lines, &fcap, err) < 0)
			goto fail;
		{
			const char *q = tab + 1, *qe = line + len;

			for (k = 0; k < (size_t)m->ncls; k++) {
				const char *sp = k + 1 < (size_t)m->ncls ?
					memchr(q, ' ', (size_t)(qe - q)) : qe;

				if (q >= qe || !sp || parse_num(q, (size_t)(sp - q),
								&m->logp[lines * (size_t)m->ncls + k]) < 0) {
					tix_errf(err, "%s:%ld: %d weights are needed after the tab", name,
						 ln, m->ncls);
					goto fail;
				}
				q = sp + 1;
			}
		}
		if (add_hash(m, tix_model_hash(line, (size_t)(tab - line)), lines, err, name, ln) < 0)
			goto fail;
		lines++;
	}
	if (!have_thr) {
		tix_errf(err, "%s:%ld: no 'threshold' line", name, ln);
		goto fail;
	}
	if (m->ncls < 2) {
		tix_errf(err, "%s:%ld: a logistic model needs the 'any' class and one category",
			 name, ln);
		goto fail;
	}
	m->pmin = 1 / (1 + exp(-thr));
	return m;
fail:
	tix_model_free(m);
	return NULL;
}

struct tix_model *tix_model_parse(const struct tix_severity *sv, const char *name,
				  const char *text, size_t n, char *err)
{
	struct tix_model *m = calloc(1, sizeof(*m));
	const char *p = text, *end = text + n;
	double docs[MAXCLASS], total = 0;
	size_t fcap = 0, lines = 0, k;
	long ln = 0;
	int c;

	if (!m) {
		tix_errf(err, "out of memory");
		return NULL;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		const char *line = p, *tab;
		char buf[256];

		p = nl ? nl + 1 : end;
		ln++;
		if (len && line[len - 1] == '\r')
			len--;
		if (ln == 1) {
			if (len == 11 && !memcmp(line, "tix-model 2", 11)) {
				tix_model_free(m);
				return parse_logistic(sv, name, text, n, err);
			}
			if (len != 11 || memcmp(line, "tix-model 1", 11)) {
				tix_errf(err, "%s:1: not a tix model (the first line is "
					 "'tix-model 1' or 'tix-model 2')", name);
				goto fail;
			}
			continue;
		}
		if (!len)
			continue;
		if (len > 6 && !memcmp(line, "class ", 6) && !memchr(line, '\t', len)) {
			const char *sp = memchr(line + 6, ' ', len - 6);
			char *e;
			double d;

			if (lines) {
				tix_errf(err, "%s:%ld: a class line after the features", name, ln);
				goto fail;
			}
			if (!sp || (size_t)(sp - line - 6) >= sizeof(buf)) {
				tix_errf(err, "%s:%ld: 'class NAME DOCS'", name, ln);
				goto fail;
			}
			memcpy(buf, line + 6, (size_t)(sp - line - 6));
			buf[sp - line - 6] = '\0';
			/* a class the severity file does not have still counts in
			   the posteriors, but is never a finding */
			if ((c = class_of(sv, buf)) == -1 && strcmp(buf, "none"))
				c = TIX_MODEL_OTHER;
			for (k = 0; k < (size_t)m->ncls && c != TIX_MODEL_OTHER; k++)
				if (m->cat[k] == c) {
					tix_errf(err, "%s:%ld: class '%s' twice", name, ln, buf);
					goto fail;
				}
			if (m->ncls == MAXCLASS) {
				tix_errf(err, "%s:%ld: too many classes", name, ln);
				goto fail;
			}
			k = (size_t)(line + len - sp - 1);
			if (k >= sizeof(buf))
				k = sizeof(buf) - 1;
			memcpy(buf, sp + 1, k);
			buf[k] = '\0';
			d = strtod(buf, &e);
			if (e == buf || *e || !(d >= 1) || d > 1e12) {
				tix_errf(err, "%s:%ld: a class's ticket count is a number above 0",
					 name, ln);
				goto fail;
			}
			m->cat[m->ncls] = c;
			docs[m->ncls++] = d;
			total += d;
			continue;
		}
		/* a feature */
		if (m->ncls < 2) {
			tix_errf(err, "%s:%ld: a feature before two class lines", name, ln);
			goto fail;
		}
		if (!(tab = memchr(line, '\t', len)) || tab == line) {
			tix_errf(err, "%s:%ld: 'FEATURE<tab>COUNTS'", name, ln);
			goto fail;
		}
		if (grow_rows(m, lines, &fcap, err) < 0)
			goto fail;
		{
			const char *q = tab + 1, *qe = line + len;

			for (k = 0; k < (size_t)m->ncls; k++) {
				double v = 0;
				int digits = 0;

				while (q < qe && *q >= '0' && *q <= '9' && digits < 12) {
					v = v * 10 + (*q++ - '0');
					digits++;
				}
				if (!digits || v > docs[k] || (k + 1 < (size_t)m->ncls ?
							       (q >= qe || *q != ' ') : q != qe)) {
					tix_errf(err, "%s:%ld: %d counts, each at most its class's "
						 "tickets, are needed after the tab", name, ln, m->ncls);
					goto fail;
				}
				q++;
				m->logp[lines * (size_t)m->ncls + k] =
					log((v + TIX_MODEL_ALPHA) / (docs[k] + 2 * TIX_MODEL_ALPHA));
			}
		}
		/* the hash goes in the table once it is built; keep it here */
		if (add_hash(m, tix_model_hash(line, (size_t)(tab - line)), lines, err, name, ln) < 0)
			goto fail;
		lines++;
	}
	if (ln == 0) {
		tix_errf(err, "%s:1: not a tix model (the first line is 'tix-model 1' or "
			 "'tix-model 2')", name);
		goto fail;
	}
	if (m->ncls < 2) {
		tix_errf(err, "%s:%ld: a model needs two classes or more", name, ln);
		goto fail;
	}
	for (k = 0; k < (size_t)m->ncls; k++)
		m->prior[k] = log(docs[k] / total);
	m->pmin = TIX_MODEL_SURE;
	return m;
fail:
	tix_model_free(m);
	return NULL;
}

struct tix_model *tix_model_load(const struct tix_severity *sv, const char *path, char *err)
{
	struct tix_model *m;
	char *text;
	size_t n;

	if (!path)
		return tix_model_parse(sv, "(built-in model)", tix_default_model,
				       strlen(tix_default_model), err);
	if (!(text = tix_read_file(path, 256u << 20, &n, err)))
		return NULL;
	m = tix_model_parse(sv, path, text, n, err);
	free(text);
	return m;
}

double tix_model_min_p(const struct tix_model *m)
{
	return m->pmin;
}

int tix_model_is_logistic(const struct tix_model *m)
{
	return m->logistic;
}

void tix_model_stats(const struct tix_model *m, size_t *classes, size_t *features)
{
	*classes = (size_t)m->ncls;
	*features = m->nfeat;
}

void tix_model_classify(const struct tix_model *m, const uint64_t *feat, size_t n, int *cat,
			double *p)
{
	double s[MAXCLASS] = { 0 }, mx, z = 0;
	size_t i, k, mask = m->cap ? m->cap - 1 : 0;
	int best = 0;

	for (k = 0; k < (size_t)m->ncls; k++)
		s[k] = m->prior[k];
	for (i = 0; i < n && m->cap; i++) {
		size_t j;

		for (j = feat[i] & mask; m->tab[j].h; j = (j + 1) & mask)
			if (m->tab[j].h == feat[i]) {
				const double *lp = m->logp + (size_t)m->tab[j].row * (size_t)m->ncls;

				for (k = 0; k < (size_t)m->ncls; k++)
					s[k] += lp[k];
				break;
			}
	}
	if (m->logistic && m->ncls >= 2) {
		/* the gate gives the probability; the categories only the name,
		   the best of those that are S0 risks of the severity file */
		best = -1;
		for (k = 1; k < (size_t)m->ncls; k++)
			if (m->s0[k] && (best < 0 || s[k] > s[best]))
				best = (int)k;
		*cat = best < 0 ? TIX_MODEL_OTHER : m->cat[best];
		*p = 1 / (1 + exp(-s[0]));
		return;
	}
	for (k = 1; k < (size_t)m->ncls; k++)
		if (s[k] > s[best])
			best = (int)k;
	mx = s[best];
	for (k = 0; k < (size_t)m->ncls; k++)
		z += exp(s[k] - mx);
	*cat = m->cat[best];
	*p = 1 / z;
}

/* ---------- training ---------- */

struct tfeat {
	char *text;
	uint32_t count[MAXCLASS];
};

struct tdoc {
	size_t off;		/* its features: dfeat[off .. off + n) */
	uint32_t n;
	int cat;		/* a category, or TIX_MODEL_NONE */
	int ordinary;
	int group;
	int lex;		/* the lexicon's level */
	int fold;
};

struct tix_model_trainer {
	const struct tix_severity *sv;
	int ncls;
	int cat[MAXCLASS];	/* in the order classes are first seen */
	uint32_t docs[MAXCLASS];
	struct tfeat *f;
	size_t n, fcap;
	uint64_t *h;		/* open addressing: hash, and index + 1 in idx */
	uint32_t *idx;
	size_t cap;
	/* each ticket, for a logistic model: its features (indexes of f) */
	struct tdoc *doc;
	size_t ndoc, doccap;
	uint32_t *dfeat;
	size_t ndfeat, dfcap;
	size_t ordinary_s0;	/* ordinary tickets left out */
};

struct tix_model_trainer *tix_model_trainer_new(const struct tix_severity *sv)
{
	struct tix_model_trainer *tr = calloc(1, sizeof(*tr));

	if (tr)
		tr->sv = sv;
	return tr;
}

void tix_model_trainer_free(struct tix_model_trainer *tr)
{
	size_t i;

	if (!tr)
		return;
	for (i = 0; i < tr->n; i++)
		free(tr->f[i].text);
	free(tr->f);
	free(tr->h);
	free(tr->idx);
	free(tr->doc);
	free(tr->dfeat);
	free(tr);
}

static int class_index(struct tix_model_trainer *tr, int cat)
{
	int k;

	for (k = 0; k < tr->ncls; k++)
		if (tr->cat[k] == cat)
			return k;
	if (tr->ncls == MAXCLASS)
		return -1;
	tr->cat[tr->ncls] = cat;
	return tr->ncls++;
}

static long feat_index(struct tix_model_trainer *tr, const char *s, size_t n)
{
	uint64_t h = tix_model_hash(s, n);
	size_t i, mask;

	if ((tr->n + 1) * 2 > tr->cap) {
		size_t nc = tr->cap ? 2 * tr->cap : 8192, k;
		uint64_t *nh = calloc(nc, sizeof(*nh));
		uint32_t *ni = calloc(nc, sizeof(*ni));

		if (!nh || !ni) {
			free(nh);
			free(ni);
			return -1;
		}
		for (k = 0; k < tr->cap; k++)
			if (tr->idx[k]) {
				for (i = tr->h[k] & (nc - 1); ni[i]; i = (i + 1) & (nc - 1))
					;
				nh[i] = tr->h[k];
				ni[i] = tr->idx[k];
			}
		free(tr->h);
		free(tr->idx);
		tr->h = nh;
		tr->idx = ni;
		tr->cap = nc;
	}
	mask = tr->cap - 1;
	for (i = h & mask; tr->idx[i]; i = (i + 1) & mask) {
		const struct tfeat *f = &tr->f[tr->idx[i] - 1];

		if (tr->h[i] == h && strlen(f->text) == n && !memcmp(f->text, s, n))
			return (long)tr->idx[i] - 1;
	}
	if (tr->n == tr->fcap) {
		size_t nc = tr->fcap ? 2 * tr->fcap : 4096;
		struct tfeat *nf = realloc(tr->f, nc * sizeof(*nf));

		if (!nf)
			return -1;
		tr->f = nf;
		tr->fcap = nc;
	}
	memset(&tr->f[tr->n], 0, sizeof(tr->f[tr->n]));
	if (!(tr->f[tr->n].text = malloc(n + 1)))
		return -1;
	memcpy(tr->f[tr->n].text, s, n);
	tr->f[tr->n].text[n] = '\0';
	tr->h[i] = h;
	tr->idx[i] = (uint32_t)++tr->n;
	return (long)tr->n - 1;
}

int tix_model_trainer_add(struct tix_model_trainer *tr, const char *const *feat,
			  const size_t *len, size_t n, int cat)
{
	struct tix_model_doc d = { 0, 0, TIX_NLEVELS - 1 };

	return tix_model_trainer_add_doc(tr, feat, len, n, cat, &d);
}

int tix_model_trainer_add_doc(struct tix_model_trainer *tr, const char *const *feat,
			      const size_t *len, size_t n, int cat, const struct tix_model_doc *di)
{
	int k = di->ordinary ? -1 : class_index(tr, cat);
	struct tdoc *d;
	size_t i;

	if (di->ordinary && di->lexicon_level == 0) {
		/* the words read it as S0: perhaps a real report, not a negative */
		tr->ordinary_s0++;
		return 0;
	}
	if (k < 0 && !di->ordinary)
		return -1;
	if (tr->ndoc == tr->doccap) {
		size_t nc = tr->doccap ? 2 * tr->doccap : 1024;
		struct tdoc *nd = realloc(tr->doc, nc * sizeof(*nd));

		if (!nd)
			return -1;
		tr->doc = nd;
		tr->doccap = nc;
	}
	if (tr->ndfeat + n > tr->dfcap) {
		size_t nc = tr->dfcap ? tr->dfcap : 65536;
		uint32_t *nf;

		while (nc < tr->ndfeat + n)
			nc *= 2;
		if (!(nf = realloc(tr->dfeat, nc * sizeof(*nf))))
			return -1;
		tr->dfeat = nf;
		tr->dfcap = nc;
	}
	if (n > UINT32_MAX)
		return -1;
	/* the features first: when memory runs out, the ticket is not added */
	for (i = 0; i < n; i++) {
		long f = feat_index(tr, feat[i], len[i]);

		if (f < 0)
			return -1;
		tr->dfeat[tr->ndfeat + i] = (uint32_t)f;
	}
	for (i = 0; i < n && k >= 0; i++)
		tr->f[tr->dfeat[tr->ndfeat + i]].count[k]++;
	d = &tr->doc[tr->ndoc++];
	d->off = tr->ndfeat;
	d->n = (uint32_t)n;
	d->cat = di->ordinary ? TIX_MODEL_NONE : cat;
	d->ordinary = di->ordinary;
	d->group = di->group;
	d->lex = di->lexicon_level;
	d->fold = 0;
	tr->ndfeat += n;
	if (k >= 0)
		tr->docs[k]++;
	return 0;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(((const struct tfeat *)a)->text, ((const struct tfeat *)b)->text);
}

int tix_model_trainer_write(struct tix_model_trainer *tr, struct tix_buf *out)
{
	size_t i;
	int k, order[MAXCLASS], nk = 0, c;

	/* classes: none first, then in the severity file's order */
	for (k = 0; k < tr->ncls; k++)
		if (tr->cat[k] == TIX_MODEL_NONE)
			order[nk++] = k;
	for (c = 0; c < TIX_MAXCATS; c++)
		for (k = 0; k < tr->ncls; k++)
			if (tr->cat[k] == c)
				order[nk++] = k;
	if (tix_buf_adds(out, "tix-model 1\n") < 0)
		return -1;
	for (k = 0; k < nk; k++)
		if (tix_buf_addf(out, "class %s %u\n", tr->cat[order[k]] == TIX_MODEL_NONE ? "none" :
				 tr->sv->cat[tr->cat[order[k]]].name, tr->docs[order[k]]) < 0)
			return -1;
	/* the hash table points into f: it is not used after this */
	if (tr->n)
		qsort(tr->f, tr->n, sizeof(*tr->f), by_text);
	free(tr->h);
	free(tr->idx);
	tr->h = NULL;
	tr->idx = NULL;
	tr->cap = 0;
	for (i = 0; i < tr->n; i++) {
		if (tix_buf_adds(out, tr->f[i].text) < 0)
			return -1;
		for (k = 0; k < nk; k++)
			if (tix_buf_addf(out, "%c%u", k ? ' ' : '\t', tr->f[i].count[order[k]]) < 0)
				return -1;
		if (tix_buf_addc(out, '\n') < 0)
			return -1;
	}
	return 0;
}

/* ---------- training a logistic model ---------- */

/* One binary problem: the tickets rows[0..nrows) of tr, y[] per ticket of
   tr, weights x[0] (bias) and x[1 + feature]. */
struct lr {
	const struct tix_model_trainer *tr;
	const size_t *rows;
	size_t nrows;
	const unsigned char *y;
	size_t dim;		/* 1 + features */
};

static double softplus(double v)
{
	return v > 0 ? v + log1p(exp(-v)) : log1p(exp(v));
}

/* The objective (log loss + L2 on the feature weights) at x, its gradient in g. */
static double lr_fg(const struct lr *p, const double *x, double *g)
{
	const struct tix_model_trainer *tr = p->tr;
	double f = 0;
	size_t i, k;

	memset(g, 0, p->dim * sizeof(*g));
	for (i = 0; i < p->nrows; i++) {
		const struct tdoc *d = &tr->doc[p->rows[i]];
		const uint32_t *fe = tr->dfeat + d->off;
		double s = x[0], t = p->y[p->rows[i]] ? 1 : -1, dv;

		for (k = 0; k < d->n; k++)
			s += x[1 + fe[k]];
		f += softplus(-t * s);
		dv = -t / (1 + exp(t * s));
		g[0] += dv;
		for (k = 0; k < d->n; k++)
			g[1 + fe[k]] += dv;
	}
	for (k = 1; k < p->dim; k++) {
		f += 0.5 * TIX_MODEL_LAMBDA * x[k] * x[k];
		g[k] += TIX_MODEL_LAMBDA * x[k];
	}
	return f;
}

#define LBFGS_M 10

/*
 * Minimise by L-BFGS (two-loop recursion, Armijo backtracking from a unit
 * step), starting at x = 0; x gets the result.  The number of iterations,
 * or -1 when out of memory.
 */
static int lr_fit(const struct lr *p, double *x)
{
	size_t n = p->dim, k;
	double *mem = calloc((4 + 2 * LBFGS_M) * n, sizeof(double));
	double *g, *xn, *gn, *d, *S[LBFGS_M], *Y[LBFGS_M], rho[LBFGS_M], al[LBFGS_M], f;
	int it, j, m = 0, head = 0;

	if (!mem)
		return -1;
	g = mem;
	xn = g + n;
	gn = xn + n;
	d = gn + n;
	for (j = 0; j < LBFGS_M; j++) {
		S[j] = d + n + 2 * (size_t)j * n;
		Y[j] = S[j] + n;
	}
	memset(x, 0, n * sizeof(*x));
	f = lr_fg(p, x, g);
	for (it = 0; it < TIX_MODEL_ITERS; it++) {
		double gd = 0, step = 1, fn = 0, ys = 0, gnorm = 0;
		int q, tries;

		for (k = 0; k < n; k++)
			d[k] = -g[k];
		for (j = 0; j < m; j++) {
			double a = 0;

			q = (head - 1 - j + LBFGS_M) % LBFGS_M;
			for (k = 0; k < n; k++)
				a += S[q][k] * d[k];
			al[q] = a * rho[q];
			for (k = 0; k < n; k++)
				d[k] -= al[q] * Y[q][k];
		}
		if (m) {
			double sy = 0, yy = 0;

			q = (head - 1 + LBFGS_M) % LBFGS_M;
			for (k = 0; k < n; k++) {
				sy += S[q][k] * Y[q][k];
				yy += Y[q][k] * Y[q][k];
			}
			for (k = 0; k < n; k++)
				d[k] *= sy / yy;
		} else {
			double g2 = 0;

			for (k = 0; k < n; k++)
				g2 += g[k] * g[k];
			for (k = 0; k < n; k++)
				d[k] /= sqrt(g2) + 1e-12;
		}
		for (j = m - 1; j >= 0; j--) {
			double b = 0;

			q = (head - 1 - j + LBFGS_M) % LBFGS_M;
			for (k = 0; k < n; k++)
				b += Y[q][k] * d[k];
			b *= rho[q];
			for (k = 0; k < n; k++)
				d[k] += S[q][k] * (al[q] - b);
		}
		for (k = 0; k < n; k++)
			gd += g[k] * d[k];
		if (!(gd < 0)) {	/* not a descent direction: start again */
			m = 0;
			gd = 0;
			for (k = 0; k < n; k++) {
				d[k] = -g[k];
				gd -= g[k] * g[k];
			}
		}
		for (tries = 0; tries < 40; tries++) {
			for (k = 0; k < n; k++)
				xn[k] = x[k] + step * d[k];
			fn = lr_fg(p, xn, gn);
			if (fn <= f + 1e-4 * step * gd)
				break;
			step *= 0.5;
		}
		if (tries == 40)
			break;
		/* the pair (s, y) goes into the history only when it keeps the
		   approximation positive definite; the oldest slot stays intact
		   otherwise */
		for (k = 0; k < n; k++)
			ys += (xn[k] - x[k]) * (gn[k] - g[k]);
		if (ys > 1e-12) {
			q = head;
			for (k = 0; k < n; k++) {
				S[q][k] = xn[k] - x[k];
				Y[q][k] = gn[k] - g[k];
			}
			rho[q] = 1 / ys;
			head = (head + 1) % LBFGS_M;
			if (m < LBFGS_M)
				m++;
		}
		memcpy(x, xn, n * sizeof(*x));
		memcpy(g, gn, n * sizeof(*g));
		for (k = 0; k < n; k++)
			gnorm += g[k] * g[k];
		if (f - fn < 1e-9 * (1 + fabs(f)) && sqrt(gnorm) < 1e-5 * (1 + fabs(fn))) {
			it++;
			break;
		}
		f = fn;
	}
	free(mem);
	return it;
}

static double lr_score(const struct tix_model_trainer *tr, size_t i, const double *x)
{
	const struct tdoc *d = &tr->doc[i];
	double s = x[0];
	uint32_t k;

	for (k = 0; k < d->n; k++)
		s += x[1 + tr->dfeat[d->off + k]];
	return s;
}

static int desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

/* Folds: ordinary tickets in contiguous thirds of each file; labelled ones
   by file when there are as many files as folds or more, else every third
   ticket.  A file is one run of tickets with the same group. */
static void assign_folds(struct tix_model_trainer *tr)
{
	size_t i, j, nlab = 0, runs = 0, run = 0;

	for (i = 0; i < tr->ndoc; i++)
		if (!tr->doc[i].ordinary && (!i || tr->doc[i - 1].ordinary ||
					     tr->doc[i - 1].group != tr->doc[i].group))
			runs++;
	for (i = 0; i < tr->ndoc; i = j) {
		size_t cnt = 0, at;

		for (j = i; j < tr->ndoc && tr->doc[j].ordinary == tr->doc[i].ordinary &&
		     tr->doc[j].group == tr->doc[i].group; j++)
			cnt++;
		for (at = 0; at < cnt; at++) {
			struct tdoc *d = &tr->doc[i + at];

			if (d->ordinary)
				d->fold = (int)(at * TIX_MODEL_FOLDS / cnt);
			else if (runs >= TIX_MODEL_FOLDS)
				d->fold = (int)(run % TIX_MODEL_FOLDS);
			else
				d->fold = (int)(nlab++ % TIX_MODEL_FOLDS);
		}
		if (!tr->doc[i].ordinary)
			run++;
	}
}

/* The S0 categories: those of level 0 with a labelled ticket. */
static int s0_cats(const struct tix_model_trainer *tr, int *cats)
{
	int c, k, n = 0;

	for (c = 0; c < (int)tr->sv->ncat; c++)
		if (tr->sv->cat[c].kind == TIX_CAT_RISK && tr->sv->cat[c].level == 0)
			for (k = 0; k < tr->ncls; k++)
				if (tr->cat[k] == c && tr->docs[k]) {
					cats[n++] = c;
					break;
				}
	return n;
}

static int is_s0(const struct tix_model_trainer *tr, int cat)
{
	return cat >= 0 && tr->sv->cat[cat].kind == TIX_CAT_RISK && tr->sv->cat[cat].level == 0;
}

/* The weights of every class (any, then cats) trained on rows: w[k * dim ..]. */
static int fit_all(const struct tix_model_trainer *tr, const size_t *rows, size_t nrows,
		   const int *cats, int ncats, unsigned char *y, double *w, size_t dim, int *iters)
{
	struct lr p;
	int k, it;
	size_t i;

	p.tr = tr;
	p.rows = rows;
	p.nrows = nrows;
	p.y = y;
	p.dim = dim;
	for (k = 0; k <= ncats; k++) {
		for (i = 0; i < tr->ndoc; i++)
			y[i] = k ? tr->doc[i].cat == cats[k - 1] : is_s0(tr, tr->doc[i].cat);
		if ((it = lr_fit(&p, w + (size_t)k * dim)) < 0)
			return -1;
		if (it > *iters)
			*iters = it;
	}
	return 0;
}

struct byname {
	const char *text;
	uint32_t f;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct byname *)a)->text, ((const struct byname *)b)->text);
}

int tix_model_trainer_write_logistic(struct tix_model_trainer *tr, struct tix_buf *out,
				     struct tix_model_fit *fit, char *err)
{
	int cats[TIX_MAXCATS], ncats = s0_cats(tr, cats), k, fold;
	size_t dim = tr->n + 1, i, j, nrows, nord = 0, npos = 0, nlab = 0;
	size_t *rows = NULL;
	unsigned char *y = NULL;
	double *w = NULL, *oof = NULL, *sc = NULL, thr, t2;
	struct byname *order = NULL;
	int rc = -1;

	memset(fit, 0, sizeof(*fit));
	for (i = 0; i < tr->ndoc; i++) {
		nord += tr->doc[i].ordinary;
		nlab += !tr->doc[i].ordinary;
		npos += is_s0(tr, tr->doc[i].cat);
	}
	if (!ncats || !npos || !nord) {
		tix_errf(err, "a logistic model needs labelled tickets of an S0 risk and "
			 "ordinary tickets");
		return -2;
	}
	assign_folds(tr);
	if (!(rows = malloc(tr->ndoc * sizeof(*rows))) || !(y = malloc(tr->ndoc)) ||
	    !(w = malloc((size_t)(ncats + 1) * dim * sizeof(*w))) ||
	    !(oof = malloc(tr->ndoc * sizeof(*oof))) || !(sc = malloc(tr->ndoc * sizeof(*sc))))
		goto oom;
	/* out-of-fold gate scores */
	for (fold = 0; fold < TIX_MODEL_FOLDS; fold++) {
		struct lr p = { tr, rows, 0, y, dim };

		for (nrows = 0, i = 0; i < tr->ndoc; i++)
			if (tr->doc[i].fold != fold)
				rows[nrows++] = i;
		if (nrows == tr->ndoc)
			continue;
		p.nrows = nrows;
		for (i = 0; i < tr->ndoc; i++)
			y[i] = (unsigned char)is_s0(tr, tr->doc[i].cat);
		if ((k = lr_fit(&p, w)) < 0)
			goto oom;
		if (k > fit->iterations)
			fit->iterations = k;
		for (i = 0; i < tr->ndoc; i++)
			if (tr->doc[i].fold == fold)
				oof[i] = lr_score(tr, i, w);
	}
	/* the threshold: the lowest score at which, out of fold, the model alone
	   raises at most TIX_MODEL_FALSE_ORDINARY of the ordinary tickets and
	   TIX_MODEL_FALSE_NONE of the labelled 'none' ones (those the lexicon
	   did not already make S0 or S1) */
	for (j = 0, i = 0; i < tr->ndoc; i++)
		if (tr->doc[i].ordinary && tr->doc[i].lex > 0)
			sc[j++] = oof[i];
	fit->ordinary = j;
	qsort(sc, j, sizeof(*sc), desc);
	k = (int)floor(TIX_MODEL_FALSE_ORDINARY * (double)j);
	thr = (size_t)k < j ? sc[k] + 1e-6 : -HUGE_VAL;
	for (j = 0, i = 0; i < tr->ndoc; i++)
		if (!tr->doc[i].ordinary && tr->doc[i].cat == TIX_MODEL_NONE && tr->doc[i].lex > 1)
			sc[j++] = oof[i];
	fit->none = j;
	qsort(sc, j, sizeof(*sc), desc);
	k = (int)floor(TIX_MODEL_FALSE_NONE * (double)j);
	t2 = (size_t)k < j ? sc[k] + 1e-6 : -HUGE_VAL;
	if (t2 > thr)
		thr = t2;
	if (!isfinite(thr))
		thr = 0;
	thr = ceil(thr * 1000) / 1000 + 0.0;
	fit->threshold = thr;
	for (i = 0; i < tr->ndoc; i++) {
		const struct tdoc *d = &tr->doc[i];

		if (d->ordinary && d->lex > 0)
			fit->ordinary_raised += oof[i] >= thr;
		else if (!d->ordinary && d->cat == TIX_MODEL_NONE && d->lex > 1)
			fit->none_raised += oof[i] >= thr;
		else if (is_s0(tr, d->cat)) {
			fit->s0++;
			fit->s0_lexicon += d->lex == 0;
			fit->s0_found += d->lex == 0 || oof[i] >= thr;
		}
	}
	/* the model: every class on every ticket */
	for (i = 0; i < tr->ndoc; i++)
		rows[i] = i;
	if (fit_all(tr, rows, tr->ndoc, cats, ncats, y, w, dim, &fit->iterations) < 0)
		goto oom;
	if (!(order = malloc((tr->n ? tr->n : 1) * sizeof(*order))))
		goto oom;
	for (j = 0, i = 0; i < tr->n; i++) {
		for (k = 0; k <= ncats; k++)
			if (fabs(w[(size_t)k * dim + 1 + i]) >= 0.001)
				break;
		if (k > ncats)
			continue;	/* no weight worth keeping */
		order[j].text = tr->f[i].text;
		order[j++].f = (uint32_t)i;
	}
	fit->features = j;
	if (j)
		qsort(order, j, sizeof(*order), by_name);
	fit->labelled = nlab;
	fit->ordinary_tickets = nord;
	fit->ordinary_left_out = tr->ordinary_s0;
	if (tix_buf_adds(out, "tix-model 2\n") < 0 ||
	    tix_buf_addf(out, "# logistic: an any-S0 gate and one category model per S0 risk, "
			 "L2 %g\n", TIX_MODEL_LAMBDA) < 0 ||
	    tix_buf_addf(out, "# trained on %zu labelled tickets (%zu of an S0 risk) and %zu "
			 "ordinary ones (%zu more left out: the lexicon reads them as S0)\n", nlab,
			 npos, nord, tr->ordinary_s0) < 0 ||
	    tix_buf_addf(out, "# %d-fold cross-validation at this threshold: the model alone "
			 "raised %zu of %zu ordinary and %zu of %zu 'none' tickets to S0; "
			 "%zu of %zu S0 tickets found (the lexicon alone %zu)\n",
			 TIX_MODEL_FOLDS, fit->ordinary_raised, fit->ordinary, fit->none_raised,
			 fit->none, fit->s0_found, fit->s0, fit->s0_lexicon) < 0 ||
	    tix_buf_addf(out, "threshold %.3f\n", thr) < 0)
		goto oom;
	for (k = 0; k <= ncats; k++)
		if (tix_buf_addf(out, "class %s %.6g\n", k ? tr->sv->cat[cats[k - 1]].name : "any",
				 w[(size_t)k * dim]) < 0)
			goto oom;
	for (i = 0; i < j; i++) {
		if (tix_buf_adds(out, order[i].text) < 0)
			goto oom;
		for (k = 0; k <= ncats; k++) {
			double v = w[(size_t)k * dim + 1 + order[i].f];

			if (tix_buf_addf(out, "%c%.6g", k ? ' ' : '\t', fabs(v) < 5e-7 ? 0.0 : v) < 0)
				goto oom;
		}
		if (tix_buf_addc(out, '\n') < 0)
			goto oom;
	}
	rc = 0;
	goto done;
oom:
	tix_errf(err, "out of memory");
done:
	free(rows);
	free(y);
	free(w);
	free(oof);
	free(sc);
	free(order);
	return rc;
}
