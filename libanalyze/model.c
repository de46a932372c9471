/* model.c - naive Bayes over ticket words; see model.h. */
#include <math.h>
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
	int ncls;
	int cat[MAXCLASS];	/* class -> category, or TIX_MODEL_NONE */
	double prior[MAXCLASS];	/* log P(class) */
	double *logp;		/* per feature, ncls of them: log P(feature | class) */
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
			if (len != 11 || memcmp(line, "tix-model 1", 11)) {
				tix_errf(err, "%s:1: not a tix model (the first line is 'tix-model 1')",
					 name);
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
		if (lines == fcap) {
			double *nl2 = realloc(m->logp, (fcap = fcap ? 2 * fcap : 4096) *
						       (size_t)m->ncls * sizeof(*nl2));

			if (!nl2) {
				tix_errf(err, "out of memory");
				goto fail;
			}
			m->logp = nl2;
		}
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
		tix_errf(err, "%s:1: not a tix model (the first line is 'tix-model 1')", name);
		goto fail;
	}
	if (m->ncls < 2) {
		tix_errf(err, "%s:%ld: a model needs two classes or more", name, ln);
		goto fail;
	}
	for (k = 0; k < (size_t)m->ncls; k++)
		m->prior[k] = log(docs[k] / total);
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

void tix_model_stats(const struct tix_model *m, size_t *classes, size_t *features)
{
	*classes = (size_t)m->ncls;
	*features = m->nfeat;
}

void tix_model_classify(const struct tix_model *m, const uint64_t *feat, size_t n, int *cat,
			double *p)
{
	double s[MAXCLASS], mx, z = 0;
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
		struct tfeat *nf = realloc(tr->f, (tr->fcap = tr->fcap ? 2 * tr->fcap : 4096) *
					   sizeof(*nf));

		if (!nf)
			return -1;
		tr->f = nf;
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
	int k = class_index(tr, cat);
	size_t i;

	if (k < 0)
		return -1;
	tr->docs[k]++;
	for (i = 0; i < n; i++) {
		long f = feat_index(tr, feat[i], len[i]);

		if (f < 0)
			return -1;
		tr->f[f].count[k]++;
	}
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
