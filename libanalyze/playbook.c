/* playbook.c - parse and match the playbook; see playbook.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "playbook.h"
#include "rules.h"
#include "store.h"
#include "tix.h"

#define MAX_LINE 4096

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static void rule_release(struct tix_pb_rule *r)
{
	size_t i, k;

	for (i = 0; i < r->nwhen; i++) {
		free(r->when[i].field);
		free(r->when[i].value);
		for (k = 0; k < r->when[i].nwords; k++)
			free(r->when[i].words[k]);
		free(r->when[i].words);
	}
	free(r->when);
	free(r->name);
	free(r->fix);
	free(r->article);
	free(r->feature);
	free(r->team);
	free(r->say);
}

void tix_playbook_free(struct tix_playbook *pb)
{
	size_t i;

	if (!pb)
		return;
	for (i = 0; i < pb->n; i++)
		rule_release(&pb->rule[i]);
	free(pb->rule);
	free(pb->name);
	free(pb);
}

/* The words of s, lower case, split at anything not a letter or digit
   (bytes >= 0x80 are letters: UTF-8 words stay whole). */
static int split_words(const char *s, char ***out, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	while (*s) {
		const char *b;
		char *w;
		size_t i, len;

		while (*s && !isalnum((unsigned char)*s) && (unsigned char)*s < 0x80)
			s++;
		b = s;
		while (*s && (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80))
			s++;
		if (s == b)
			continue;
		len = (size_t)(s - b);
		if (!(w = dupn(b, len)))
			goto oom;
		for (i = 0; i < len; i++)
			w[i] = (char)tolower((unsigned char)w[i]);
		if (*n == cap) {
			char **nv = realloc(v, (cap = cap ? 2 * cap : 4) * sizeof(*nv));

			if (!nv) {
				free(w);
				goto oom;
			}
			v = nv;
		}
		v[(*n)++] = w;
	}
	*out = v;
	return 0;
oom:
	while (*n)
		free(v[--*n]);
	free(v);
	return -1;
}

static const char *const keys[] = { "fix", "article", "feature", "team", "say", NULL };

static char **key_slot(struct tix_pb_rule *r, int k)
{
	char **slots[] = { &r->fix, &r->article, &r->feature, &r->team, &r->say };

	return slots[k];
}

/* A field name a rule may test: the --by names, or pattern */
static int field_known(const char *f)
{
	size_t i;

	if (!strcmp(f, "pattern"))
		return 1;
	for (i = 0; tix_groupby_fields[i]; i++)
		if (!strcmp(f, tix_groupby_fields[i]))
			return 1;
	return 0;
}

struct tix_playbook *tix_playbook_parse(const char *name, const char *text, size_t n, char *err)
{
	struct tix_playbook *pb = calloc(1, sizeof(*pb));
	const char *p = text, *end = text + n;
	size_t cap = 0;
	long ln = 0;
	char line[MAX_LINE];

	if (!pb || !(pb->name = strdup(name))) {
		tix_errf(err, "out of memory");
		goto fail;
	}
	for (;;) {
		char *s, *e, *key, *val;
		struct tix_pb_rule *r;
		int k, got = tix_conf_line(&p, end, line, sizeof(line), name, &ln, err);

		if (got < 0)
			goto fail;
		if (!got)
			break;
		for (s = line; *s == ' ' || *s == '\t'; s++)
			;
		for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r');)
			*--e = '\0';
		if (!*s)
			continue;
		if (*s == '[') {
			if (e[-1] != ']' || e - s < 3) {
				tix_errf(err, "%s:%ld: a rule's name is written [name]", name, ln);
				goto fail;
			}
			if (pb->n && !pb->rule[pb->n - 1].nwhen) {
				tix_errf(err, "%s:%ld: rule '%s' has no 'when' line", name,
					 pb->rule[pb->n - 1].line, pb->rule[pb->n - 1].name);
				goto fail;
			}
			if (pb->n == cap) {
				struct tix_pb_rule *nr = realloc(pb->rule, (cap = cap ? 2 * cap : 16) *
								  sizeof(*nr));

				if (!nr) {
					tix_errf(err, "out of memory");
					goto fail;
				}
				pb->rule = nr;
			}
			r = &pb->rule[pb->n++];
			memset(r, 0, sizeof(*r));
			r->line = ln;
			if (!(r->name = dupn(s + 1, (size_t)(e - s - 2)))) {
				tix_errf(err, "out of memory");
				goto fail;
			}
			continue;
		}
		if (!pb->n) {
			tix_errf(err, "%s:%ld: a line before the first [rule]", name, ln);
			goto fail;
		}
		r = &pb->rule[pb->n - 1];
		key = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		val = s;
		if (!*val) {
			tix_errf(err, "%s:%ld: '%s' needs a value", name, ln, key);
			goto fail;
		}
		if (!strcmp(key, "when")) {
			struct tix_pb_when *w, *nw;
			char *what = val;

			while (*val && *val != ' ' && *val != '\t')
				val++;
			if (*val)
				*val++ = '\0';
			while (*val == ' ' || *val == '\t')
				val++;
			if (!*val) {
				tix_errf(err, "%s:%ld: 'when %s' needs a value", name, ln, what);
				goto fail;
			}
			if (strcmp(what, "risk") && strcmp(what, "words") && !field_known(what)) {
				tix_errf(err, "%s:%ld: 'when %s': not a field, risk or words", name,
					 ln, what);
				goto fail;
			}
			if (!(nw = realloc(r->when, (r->nwhen + 1) * sizeof(*nw)))) {
				tix_errf(err, "out of memory");
				goto fail;
			}
			r->when = nw;
			w = &r->when[r->nwhen++];
			memset(w, 0, sizeof(*w));
			w->kind = !strcmp(what, "risk") ? TIX_PB_RISK :
				  !strcmp(what, "words") ? TIX_PB_WORDS : TIX_PB_FIELD;
			if (!(w->field = strdup(what)) || !(w->value = strdup(val)) ||
			    (w->kind == TIX_PB_WORDS && split_words(val, &w->words, &w->nwords) < 0)) {
				tix_errf(err, "out of memory");
				goto fail;
			}
			if (w->kind == TIX_PB_WORDS && !w->nwords) {
				tix_errf(err, "%s:%ld: 'when words' holds no word", name, ln);
				goto fail;
			}
			continue;
		}
		for (k = 0; keys[k]; k++)
			if (!strcmp(key, keys[k]))
				break;
		if (!keys[k]) {
			tix_errf(err, "%s:%ld: unknown key '%s' (when, fix, article, feature, team "
				 "or say)", name, ln, key);
			goto fail;
		}
		if (*key_slot(r, k)) {
			tix_errf(err, "%s:%ld: '%s' twice in rule '%s'", name, ln, key, r->name);
			goto fail;
		}
		if (!(*key_slot(r, k) = strdup(val))) {
			tix_errf(err, "out of memory");
			goto fail;
		}
	}
	if (pb->n && !pb->rule[pb->n - 1].nwhen) {
		tix_errf(err, "%s:%ld: rule '%s' has no 'when' line", name, pb->rule[pb->n - 1].line,
			 pb->rule[pb->n - 1].name);
		goto fail;
	}
	return pb;
fail:
	tix_playbook_free(pb);
	return NULL;
}

struct tix_playbook *tix_playbook_load(const char *path, char *err)
{
	struct tix_playbook *pb;
	char *text;
	size_t n;

	if (!path)
		return tix_playbook_parse("(built-in playbook)", tix_default_playbook,
					  strlen(tix_default_playbook), err);
	if (!(text = tix_read_file(path, 16u << 20, &n, err)))
		return NULL;
	pb = tix_playbook_parse(path, text, n, err);
	free(text);
	return pb;
}

/* a equals b, case and surrounding blanks ignored */
static int same_value(const char *a, const char *b)
{
	size_t la, lb;

	while (*a == ' ' || *a == '\t')
		a++;
	while (*b == ' ' || *b == '\t')
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la && (a[la - 1] == ' ' || a[la - 1] == '\t'))
		la--;
	while (lb && (b[lb - 1] == ' ' || b[lb - 1] == '\t'))
		lb--;
	return la == lb && !strncasecmp(a, b, la);
}

static int in_list(const char *list, const char *item)
{
	size_t n = strlen(item);

	while (list && *list) {
		size_t len = strcspn(list, ",");

		if (len == n && !strncmp(list, item, n))
			return 1;
		list += len;
		list += *list == ',';
	}
	return 0;
}

static int has_words(const struct tix_pb_when *w, const struct tix_pb_ticket *t)
{
	char **sw = NULL, **bw = NULL;
	size_t ns = 0, nb = 0, i, k;
	int all = 1;

	if ((t->subject && split_words(t->subject, &sw, &ns) < 0) ||
	    (t->body && split_words(t->body, &bw, &nb) < 0)) {
		for (k = 0; k < ns; k++)
			free(sw[k]);
		free(sw);
		return -1;
	}
	for (i = 0; i < w->nwords && all; i++) {
		int found = 0;

		for (k = 0; k < ns && !found; k++)
			found = !strcmp(sw[k], w->words[i]);
		for (k = 0; k < nb && !found; k++)
			found = !strcmp(bw[k], w->words[i]);
		all = found;
	}
	for (k = 0; k < ns; k++)
		free(sw[k]);
	for (k = 0; k < nb; k++)
		free(bw[k]);
	free(sw);
	free(bw);
	return all;
}

int tix_playbook_match(const struct tix_pb_rule *r, const struct tix_pb_ticket *t)
{
	size_t i;

	for (i = 0; i < r->nwhen; i++) {
		const struct tix_pb_when *w = &r->when[i];
		const char *v;
		int m;

		switch (w->kind) {
		case TIX_PB_FIELD:
			if (t->get && (v = t->get(t->ctx, w->field)) && same_value(v, w->value))
				return 1;
			break;
		case TIX_PB_RISK:
			if (in_list(t->risks, w->value))
				return 1;
			break;
		case TIX_PB_WORDS:
			if ((m = has_words(w, t)) != 0)
				return m;
			break;
		}
	}
	return 0;
}
