/*
 * rules.h - the severity file (tix-severity(5)): severity levels and their
 * response targets, the categories a lexicon may name (risks, topics,
 * contexts) with their level and team, the rules that raise a level, and
 * the response targets per priority that tix-stats measures against.
 *
 *	struct tix_severity sv;
 *	if (tix_severity_load(&sv, path, err) < 0)	(path NULL: built in)
 *		...
 *	tix_severity_release(&sv);
 *
 * The built-in file is samples/tix-severity.conf, compiled in.
 */
#ifndef TIX_RULES_H
#define TIX_RULES_H

#include <stddef.h>
#include <stdint.h>

#define TIX_NLEVELS 4		/* S0 (most urgent) .. S3 */
#define TIX_MAXCATS 64
#define TIX_NAMESZ 40

enum tix_catkind {
	TIX_CAT_RISK,		/* a risk: listed in tix-triage's risks column */
	TIX_CAT_TOPIC,		/* ordinary work that still routes somewhere */
	TIX_CAT_CONTEXT		/* words that only change a level (a minor, fraud) */
};

struct tix_category {
	char name[TIX_NAMESZ];
	enum tix_catkind kind;
	int level;			/* 0..3; contexts: -1 */
	char team[TIX_NAMESZ];		/* "" for contexts */
};

/* "raise CATEGORY LEVEL with CONTEXT" */
struct tix_raise {
	int cat, ctx, level;
};

/* "repeat requester|target N SPAN LEVEL" (tix-triage --db) */
struct tix_repeat {
	int n;			/* earlier flagged tickets needed; 0: rule off */
	int64_t span;		/* seconds looked back */
	int ceiling;		/* raised by one level, never above this one */
};

struct tix_severity {
	int64_t target[TIX_NLEVELS];	/* response target of each level, seconds */
	char describe[TIX_NLEVELS][64];	/* the level's words ("minutes"), may be "" */
	struct tix_category cat[TIX_MAXCATS];
	size_t ncat;
	struct tix_raise raise[TIX_MAXCATS];
	size_t nraise;
	int default_level;
	char default_team[TIX_NAMESZ];
	struct tix_repeat rep_requester, rep_target;
	/* per priority (low, normal, high, urgent): first reply and
	   resolution targets in seconds, 0 when the file gives none */
	int64_t sla_first[4], sla_resolve[4];
};

/* The built-in severity and lexicon files (samples/tix-*.conf). */
extern const char tix_default_severity[];
extern const char tix_default_lexicon[];

/*
 * Parse text[0..n) as a severity file named name (for messages).  0, or -1
 * with err as "NAME:LINE: what is wrong".
 */
int tix_severity_parse(struct tix_severity *sv, const char *name, const char *text,
		       size_t n, char *err);
/* Read path, or the built-in file when path is NULL.  0 or -1 with err. */
int tix_severity_load(struct tix_severity *sv, const char *path, char *err);
void tix_severity_release(struct tix_severity *sv);

/* The category named name (any kind), or -1. */
int tix_severity_find(const struct tix_severity *sv, const char *name);
/* "S0".."S3" (also "s1", "0".."3") -> 0..3; -1 otherwise. */
int tix_level_parse(const char *s);
/* "low" "normal" "high" "urgent" -> 0..3; -1 otherwise. */
int tix_priority_index(const char *s);
/* A span "15m", "4h", "3d", "1w", "90s" -> seconds; -1 when not one. */
int64_t tix_span_parse(const char *s);

/*
 * Read a whole file into a NUL-terminated malloc'ed buffer (at most max
 * bytes).  NULL with err when it cannot be read or is larger.
 */
char *tix_read_file(const char *path, size_t max, size_t *len, char *err);

/*
 * The next line of a configuration text [*p, end) (the lexicon's, the
 * playbook's) into line[0 .. size): a UTF-8 byte order mark skipped before
 * the first line, the line end dropped, and a comment cut off ('#' at the
 * start of the line or after a blank).  *ln counts the lines.  1 with a
 * line, 0 at the end, -1 with "NAME:LINE: ..." in err for a line too long
 * or not UTF-8 text.
 */
int tix_conf_line(const char **p, const char *end, char *line, size_t size, const char *name,
		  long *ln, char *err);

#endif
