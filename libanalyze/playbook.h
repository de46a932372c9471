/*
 * playbook.h - the team's advice per kind of ticket, in an editable file
 * (tix-playbook(5)): rules that match a ticket by a field (category,
 * pattern, ...), a risk tix-triage finds, or words, and give the fix to
 * use, the help article, the safety feature to show the user, the team,
 * and what to say.
 *
 *	struct tix_playbook *pb = tix_playbook_load(path or NULL, err);
 *	if (tix_playbook_match(&pb->rule[i], &ticket)) ...
 *	tix_playbook_free(pb);
 *
 * The library never prints and never exits.
 */
#ifndef TIX_PLAYBOOK_H
#define TIX_PLAYBOOK_H

#include <stddef.h>

enum tix_pb_kind { TIX_PB_FIELD, TIX_PB_RISK, TIX_PB_WORDS };

struct tix_pb_when {
	enum tix_pb_kind kind;
	char *field;		/* TIX_PB_FIELD: a --by name (category, pattern, ...) */
	char *value;		/* the field's value, the risk, or the words */
	char **words;		/* TIX_PB_WORDS: value split into lower-case words */
	size_t nwords;
};

struct tix_pb_rule {
	char *name;
	long line;		/* of its [name] */
	struct tix_pb_when *when;
	size_t nwhen;
	/* NULL when the rule does not say */
	char *fix, *article, *feature, *team, *say;
};

struct tix_playbook {
	char *name;		/* the file, or "(built-in playbook)" */
	struct tix_pb_rule *rule;
	size_t n;
};

/* The built-in playbook: samples/tix-playbook.conf. */
extern const char tix_default_playbook[];

/* Parse text[0..n) named name (for messages: "NAME:LINE: ...").  NULL with
   err on the first error. */
struct tix_playbook *tix_playbook_parse(const char *name, const char *text, size_t n, char *err);
/* Read and parse path; NULL path: the built-in one. */
struct tix_playbook *tix_playbook_load(const char *path, char *err);
void tix_playbook_free(struct tix_playbook *pb);

/* What a rule is matched against. */
struct tix_pb_ticket {
	/* the value of a field (the names of tix_groupby_parse), or NULL */
	const char *(*get)(void *ctx, const char *field);
	void *ctx;
	const char *risks;	/* tix-triage's, comma-separated, or NULL */
	const char *subject, *body;	/* or NULL */
};

/*
 * 1 when any of r's "when" lines holds for t: a field equal to its value
 * (case and surrounding blanks ignored), a risk among t's risks, or every
 * word of the line among the words of the subject and body (whole words,
 * case ignored); else 0.  -1 when out of memory.
 */
int tix_playbook_match(const struct tix_pb_rule *r, const struct tix_pb_ticket *t);

#endif
