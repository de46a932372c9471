/* rules.c - the severity file (tix-severity(5)). */
#include "rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tix.h"

#define MAXWORDS 8

char *tix_read_file(const char *path, size_t max, size_t *len, char *err)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!fp) {
		tix_errf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - n < 4096) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (!(nb = realloc(buf, cap + 1))) {
				tix_errf(err, "%s: out of memory", path);
				goto fail;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (n > max) {
			tix_errf(err, "%s: larger than %zu bytes", path, max);
			goto fail;
		}
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		tix_errf(err, "%s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	free(buf);
	fclose(fp);
	return NULL;
}

int tix_level_parse(const char *s)
{
	if ((s[0] == 'S' || s[0] == 's') && s[1] >= '0' && s[1] < '0' + TIX_NLEVELS && !s[2])
		return s[1] - '0';
	if (s[0] >= '0' && s[0] < '0' + TIX_NLEVELS && !s[1])
		return s[0] - '0';
	return -1;
}

int tix_priority_index(const char *s)
{
	static const char *const p[] = { "low", "normal", "high", "urgent" };
	int i;

	for (i = 0; i < 4; i++)
		if (!strcasecmp(s, p[i]))
			return i;
	return -1;
}

int64_t tix_span_parse(const char *s)
{
	char *end;
	long long v;
	int64_t unit;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || v > 10LL * 366 * 86400)
		return -1;
	switch (*end) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return -1;
	}
	if (end[1])
		return -1;
	return (int64_t)v * unit;
}

int tix_severity_find(const struct tix_severity *sv, const char *name)
{
	size_t i;

	for (i = 0; i < sv->ncat; i++)
		if (!strcmp(sv->cat[i].name, name))
			return (int)i;
	return -1;
}

/* Names and teams: letters, digits, _ - . and nothing else. */
static int good_name(const char *s)
{
	const char *p;

	if (!*s || strlen(s) >= TIX_NAMESZ)
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return 0;
	return 1;
}

/* Split line (modified) into words; a # starts a comment.  Returns the
   count, or MAXWORDS + 1 when there are too many. */
static int split(char *line, char **w)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			break;
		if (n == MAXWORDS)
			return MAXWORDS + 1;
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static int level_arg(const char *name, long ln, const char *s, char *err)
{
	int l = tix_level_parse(s);

	if (l < 0)
		return tix_errf(err, "%s:%ld: '%s' is not a level (S0 to S3)", name, ln, s);
	return l;
}

static int add_cat(struct tix_severity *sv, const char *name, long ln, char **w, int nw,
		   char *err)
{
	struct tix_category *c;
	int kind = !strcmp(w[0], "risk") ? TIX_CAT_RISK :
		   !strcmp(w[0], "topic") ? TIX_CAT_TOPIC : TIX_CAT_CONTEXT;

	if (kind == TIX_CAT_CONTEXT ? nw != 2 : nw != 4)
		return tix_errf(err, kind == TIX_CAT_CONTEXT ?
				"%s:%ld: expected 'context NAME'" :
				"%s:%ld: expected '%s NAME LEVEL TEAM'", name, ln, w[0]);
	if (!good_name(w[1]))
		return tix_errf(err, "%s:%ld: '%s' is not a name (letters, digits, _ - . "
				"and at most %d of them)", name, ln, w[1], TIX_NAMESZ - 1);
	if (tix_severity_find(sv, w[1]) >= 0)
		return tix_errf(err, "%s:%ld: '%s' is declared twice", name, ln, w[1]);
	if (!strcmp(w[1], "guard"))
		return tix_errf(err, "%s:%ld: 'guard' is the lexicon's own word; pick "
				"another name", name, ln);
	if (sv->ncat == TIX_MAXCATS)
		return tix_errf(err, "%s:%ld: more than %d categories", name, ln, TIX_MAXCATS);
	c = &sv->cat[sv->ncat];
	memset(c, 0, sizeof(*c));
	strcpy(c->name, w[1]);
	c->kind = kind;
	c->level = -1;
	if (kind != TIX_CAT_CONTEXT) {
		if ((c->level = level_arg(name, ln, w[2], err)) < 0)
			return -1;
		if (!good_name(w[3]))
			return tix_errf(err, "%s:%ld: '%s' is not a team name", name, ln, w[3]);
		strcpy(c->team, w[3]);
	}
	sv->ncat++;
	return 0;
}

static int one_line(struct tix_severity *sv, const char *name, long ln, char **w, int nw,
		    unsigned *seen, char *err)
{
	if (!strcmp(w[0], "level")) {
		int l;
		int64_t t;
		size_t used = 0;
		int k;

		if (nw < 3)
			return tix_errf(err, "%s:%ld: expected 'level S0 TARGET [words]'", name, ln);
		if ((l = level_arg(name, ln, w[1], err)) < 0)
			return -1;
		if ((t = tix_span_parse(w[2])) <= 0)
			return tix_errf(err, "%s:%ld: '%s' is not a response target (like 15m, "
					"4h, 1d)", name, ln, w[2]);
		if (*seen & (1u << l))
			return tix_errf(err, "%s:%ld: level %s is given twice", name, ln, w[1]);
		*seen |= 1u << l;
		sv->target[l] = t;
		sv->describe[l][0] = '\0';
		for (k = 3; k < nw; k++) {
			size_t wl = strlen(w[k]);

			if (used + wl + 2 > sizeof(sv->describe[l]))
				break;
			if (used)
				sv->describe[l][used++] = ' ';
			memcpy(sv->describe[l] + used, w[k], wl + 1);
			used += wl;
		}
		return 0;
	}
	if (!strcmp(w[0], "risk") || !strcmp(w[0], "topic") || !strcmp(w[0], "context"))
		return add_cat(sv, name, ln, w, nw, err);
	if (!strcmp(w[0], "raise")) {
		struct tix_raise *r;
		int c, x, l;

		if (nw != 5 || strcmp(w[3], "with"))
			return tix_errf(err, "%s:%ld: expected 'raise CATEGORY LEVEL with CONTEXT'",
					name, ln);
		if ((c = tix_severity_find(sv, w[1])) < 0 || sv->cat[c].kind == TIX_CAT_CONTEXT)
			return tix_errf(err, "%s:%ld: '%s' is not a risk or topic declared above",
					name, ln, w[1]);
		if ((l = level_arg(name, ln, w[2], err)) < 0)
			return -1;
		if ((x = tix_severity_find(sv, w[4])) < 0)
			return tix_errf(err, "%s:%ld: '%s' is not declared above", name, ln, w[4]);
		if (sv->nraise == TIX_MAXCATS)
			return tix_errf(err, "%s:%ld: more than %d raise rules", name, ln,
					TIX_MAXCATS);
		r = &sv->raise[sv->nraise++];
		r->cat = c;
		r->ctx = x;
		r->level = l;
		return 0;
	}
	if (!strcmp(w[0], "default")) {
		if (nw != 3)
			return tix_errf(err, "%s:%ld: expected 'default LEVEL TEAM'", name, ln);
		if ((sv->default_level = level_arg(name, ln, w[1], err)) < 0)
			return -1;
		if (!good_name(w[2]))
			return tix_errf(err, "%s:%ld: '%s' is not a team name", name, ln, w[2]);
		strcpy(sv->default_team, w[2]);
		return 0;
	}
	if (!strcmp(w[0], "repeat")) {
		struct tix_repeat *r;
		char *end;
		long n;

		if (nw != 5 || (strcmp(w[1], "requester") && strcmp(w[1], "target")))
			return tix_errf(err, "%s:%ld: expected 'repeat requester|target N SPAN "
					"LEVEL'", name, ln);
		r = !strcmp(w[1], "requester") ? &sv->rep_requester : &sv->rep_target;
		n = strtol(w[2], &end, 10);
		if (*end || end == w[2] || n < 0 || n > 1000000)
			return tix_errf(err, "%s:%ld: '%s' is not a count (0 turns the rule off)",
					name, ln, w[2]);
		if ((r->span = tix_span_parse(w[3])) <= 0)
			return tix_errf(err, "%s:%ld: '%s' is not a span (like 30d)", name, ln, w[3]);
		if ((r->ceiling = level_arg(name, ln, w[4], err)) < 0)
			return -1;
		r->n = (int)n;
		return 0;
	}
	if (!strcmp(w[0], "sla")) {
		int p;
		int64_t a, b;

		if (nw != 4)
			return tix_errf(err, "%s:%ld: expected 'sla PRIORITY FIRST_REPLY RESOLUTION'",
					name, ln);
		if ((p = tix_priority_index(w[1])) < 0)
			return tix_errf(err, "%s:%ld: '%s' is not a priority (low, normal, high, "
					"urgent)", name, ln, w[1]);
		if ((a = tix_span_parse(w[2])) <= 0 || (b = tix_span_parse(w[3])) <= 0)
			return tix_errf(err, "%s:%ld: expected two spans (like 4h 3d)", name, ln);
		sv->sla_first[p] = a;
		sv->sla_resolve[p] = b;
		return 0;
	}
	return tix_errf(err, "%s:%ld: unknown line '%s' (level, risk, topic, context, raise, "
			"default, repeat or sla)", name, ln, w[0]);
}

int tix_severity_parse(struct tix_severity *sv, const char *name, const char *text,
		       size_t n, char *err)
{
	char line[1024], *w[MAXWORDS + 1];
	const char *p = text, *end = text + n, *nl;
	unsigned seen = 0;
	long ln = 0;
	int nw, l;

	memset(sv, 0, sizeof(*sv));
	sv->default_level = TIX_NLEVELS - 1;
	strcpy(sv->default_team, "support");
	if (n >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		p += 3;
	while (p < end) {
		size_t len;

		ln++;
		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)((nl ? nl : end) - p);
		if (len >= sizeof(line))
			return tix_errf(err, "%s:%ld: line longer than %zu bytes", name, ln,
					sizeof(line) - 1);
		if (memchr(p, '\0', len))
			return tix_errf(err, "%s:%ld: a NUL byte", name, ln);
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : end;
		if ((nw = split(line, w)) == 0)
			continue;
		if (nw > MAXWORDS)
			return tix_errf(err, "%s:%ld: too many words", name, ln);
		if (one_line(sv, name, ln, w, nw, &seen, err) < 0)
			return -1;
	}
	for (l = 0; l < TIX_NLEVELS; l++)
		if (!(seen & (1u << l)))
			return tix_errf(err, "%s: level S%d has no 'level S%d TARGET' line", name,
					l, l);
	for (l = 1; l < TIX_NLEVELS; l++)
		if (sv->target[l] < sv->target[l - 1])
			return tix_errf(err, "%s: S%d's target is shorter than S%d's", name, l,
					l - 1);
	return 0;
}

int tix_severity_load(struct tix_severity *sv, const char *path, char *err)
{
	char *text;
	size_t n;
	int rc;

	if (!path)
		return tix_severity_parse(sv, "(built-in severity file)", tix_default_severity,
					  strlen(tix_default_severity), err);
	if (!(text = tix_read_file(path, 1 << 20, &n, err)))
		return -1;
	rc = tix_severity_parse(sv, path, text, n, err);
	free(text);
	return rc;
}

void tix_severity_release(struct tix_severity *sv)
{
	(void)sv;	/* nothing allocated (yet); kept so callers need not change */
}

int tix_conf_line(const char **p, const char *end, char *line, size_t size, const char *name,
		  long *ln, char *err)
{
	const char *nl;
	size_t len;
	char *h;

	if (*ln == 0 && end - *p >= 3 && !memcmp(*p, "\xef\xbb\xbf", 3))
		*p += 3;
	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	len = (size_t)((nl ? nl : end) - *p);
	++*ln;
	if (len >= size)
		return tix_errf(err, "%s:%ld: line longer than %zu bytes", name, *ln, size - 1);
	memcpy(line, *p, len);
	line[len] = '\0';
	*p = nl ? nl + 1 : end;
	if (memchr(line, '\0', len) || tix_utf8_valid(line, len) != len)
		return tix_errf(err, "%s:%ld: not UTF-8 text", name, *ln);
	if ((h = strchr(line, '#')) && (h == line || h[-1] == ' ' || h[-1] == '\t'))
		*h = '\0';
	return 1;
}
