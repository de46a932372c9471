/*
 * test_triage.c - the severity file (rules.h) and first-pass triage
 * (triage.h), written from the two headers and the format notes at the
 * top of samples/tix-lexicon.conf.  Every severity file and lexicon here is
 * a small one written below, never the shipped ones (they are being
 * tuned); only the last test checks that the built-in files load.
 *
 * Covered: the severity file's lines and each of its error messages (with
 * NAME:LINE), tix_level_parse, tix_span_parse, tix_priority_index; the
 * lexicon's error messages; normalisation (tix_triage_normalise); matching
 * (whole words, word*, word~ at one edit and not two, and exact words
 * still exact next to a word~; {a,b,}, "A .. B",
 * fields, guards, &context); levels, teams, raise rules, the risks and
 * reasons strings; facts (tix_triage_facts and r->facts, r->target); and
 * hostile bytes (invalid UTF-8, NULs, 300 KiB fields).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "tix.h"
#include "triage.h"
#include "unit.h"

static char err[TIX_ERRSZ];

/* ---------------------------------------------------------------- inputs */

/*
 * The severity file of most cases.  Levels S0 15m .. S3 3d; risks harm,
 * threat (S0), dox (S1), bully, takeover (S2); topics refund (S2), login
 * (S3); contexts kid and money; bully goes to S0 with kid (so that a raised
 * S2 risk outranks an S1 one), takeover to S1 with money.
 */
static const char SEV[] =
	"# a test severity file\n"
	"\n"
	"level S0 15m   minutes\n"
	"level S1 4h    hours\n"
	"level S2 1d    a day\n"
	"level S3 3d    three days\n"
	"risk harm      S0 wellbeing\n"
	"risk threat    S0 threats\n"
	"risk dox       S1 privacy\n"
	"risk bully     S2 safety\n"
	"risk takeover  S2 account-security\n"
	"topic refund   S2 payments\n"
	"topic login    S3 support.l1\n"
	"context kid\n"
	"context money\n"
	"raise bully    S0 with kid\n"
	"raise takeover S1 with money\n"
	"default S3 helpdesk   # nothing found\n"
	"repeat requester 2 30d S1\n"
	"repeat target    3 1w  S0\n"
	"sla urgent 1h 4h\n"
	"sla low    24h 7d\n";

/* The lexicon of most cases (its sections are SEV's categories): 17
   phrase lines, 2 guard lines. */
static const char LEX[] =
	"# a test lexicon\n"
	"[harm]\n"
	"kill myself\n"
	"{end,ending} my {own,} life\n"
	"suicide~\n"
	"[guard harm]\n"
	"kill myself laughing\n"
	"[threat]\n"
	"{kill,shoot} {you,him}\n"
	"[dox]\n"
	"dox*\n"
	"{posted,leaked} .. address\n"
	"{swat*,stalker~}\n"
	"[bully]\n"
	"loser\n"
	"harass~\n"
	"{send,sent} me pics &kid\n"
	"[takeover]\n"
	"hacked\n"
	"[refund]\n"
	"refund\n"
	"[login]\n"
	"password reset\n"
	"[kid]\n"
	"13 yo\n"
	"my daughter\n"
	"[guard kid]\n"
	"my daughter in law\n"
	"[money]\n"
	"bank account\n"
	"allowance &kid\n";

/*
 * Guards, with made-up words so that what overlaps what is plain:
 * harm "alpha beta", dox "beta gamma", bully "omega"; a guard of harm
 * "beta gamma delta", a guard of every category "zeta alpha" and
 * "omega point".  threat "send .. photos" with the guard "my cat"; and a
 * guard of bully for the whole ticket, "!safe word".
 */
static const char GLEX[] =
	"[harm]\n"
	"alpha beta\n"
	"[dox]\n"
	"beta gamma\n"
	"[bully]\n"
	"omega\n"
	"[guard harm]\n"
	"beta gamma delta\n"
	"[guard]\n"
	"zeta alpha\n"
	"omega point\n"
	"[threat]\n"
	"send .. photos\n"
	"[guard threat]\n"
	"my cat\n"
	"[guard bully]\n"
	"!safe word\n";

static struct tix_severity sv;
static struct tix_lexicon *lx, *glx;
static struct tix_triager *tr, *gtr;

static int cat(const char *name)
{
	int c = tix_severity_find(&sv, name);

	if (c < 0) {
		fprintf(stderr, "no category %s\n", name);
		exit(2);
	}
	return c;
}

/* Triage with LEX: subject and body as C strings (NULL allowed). */
static const struct tix_triage *run2(struct tix_triager *t, const char *subj, const char *body)
{
	const struct tix_triage *r = tix_triage_run(t, subj, subj ? strlen(subj) : 0, body,
						    body ? strlen(body) : 0, err);

	if (!r) {
		fprintf(stderr, "tix_triage_run: %s\n", err);
		exit(2);
	}
	return r;
}

static const struct tix_triage *run(const char *subj, const char *body)
{
	return run2(tr, subj, body);
}

/* Is category name found in body (LEX, empty subject)? */
static int finds(const char *name, const char *body)
{
	return run(NULL, body)->found[cat(name)];
}

/* The level of body alone. */
static int level_of(const char *body)
{
	return run(NULL, body)->level;
}

static int gfinds(const char *name, const char *body)
{
	return run2(gtr, NULL, body)->found[cat(name)];
}

/* tix_triage_normalise(lx, s), as a static string. */
static const char *norm(const char *s)
{
	static char out[8][512];
	static int k;
	struct tix_buf b;
	char *o = out[k++ % 8];

	tix_buf_init(&b, 1 << 20);
	if (tix_triage_normalise(lx, s, strlen(s), &b) < 0) {
		tix_buf_release(&b);
		return "(error)";
	}
	snprintf(o, 512, "%s", b.s ? b.s : "");
	tix_buf_release(&b);
	return o;
}

/* tix_triage_facts(s), as a static string. */
static const char *facts_n(const char *s, size_t n)
{
	static char out[4096];
	struct tix_buf b;

	tix_buf_init(&b, 1 << 20);
	if (tix_triage_facts(s, n, &b) < 0) {
		tix_buf_release(&b);
		return "(error)";
	}
	snprintf(out, sizeof(out), "%s", b.s ? b.s : "");
	tix_buf_release(&b);
	return out;
}

static const char *facts(const char *s)
{
	return facts_n(s, strlen(s));
}

/* The error of a severity file that must not parse ("(parsed)" if it did). */
static const char *sev_err(const char *text)
{
	struct tix_severity s;

	err[0] = '\0';
	if (tix_severity_parse(&s, "t.conf", text, strlen(text), err) == 0)
		return "(parsed)";
	return err;
}

/* The error of a lexicon that must not parse, against SEV. */
static const char *lex_err(const char *text)
{
	struct tix_lexicon *l;

	err[0] = '\0';
	if ((l = tix_lexicon_parse(&sv, "t.lex", text, strlen(text), err))) {
		tix_lexicon_free(l);
		return "(parsed)";
	}
	return err;
}

static int lex_ok(const char *text)
{
	struct tix_lexicon *l = tix_lexicon_parse(&sv, "t.lex", text, strlen(text), err);

	if (!l) {
		fprintf(stderr, "lexicon did not parse: %s\n", err);
		return 0;
	}
	tix_lexicon_free(l);
	return 1;
}

static int starts(const char *s, const char *prefix)
{
	int ok = !strncmp(s, prefix, strlen(prefix));

	if (!ok)
		fprintf(stderr, "  '%s' does not start with '%s'\n", s, prefix);
	return ok;
}

static int has(const char *s, const char *part)
{
	int ok = s && strstr(s, part) != NULL;

	if (!ok)
		fprintf(stderr, "  '%s' does not contain '%s'\n", s ? s : "(null)", part);
	return ok;
}

/* The SEV text with line "from" (whole, with its \n) replaced by "to". */
static const char *sev_with(const char *from, const char *to)
{
	static char out[4096];
	const char *p = strstr(SEV, from);

	if (!p) {
		fprintf(stderr, "sev_with: no '%s'\n", from);
		exit(2);
	}
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(p - SEV), SEV, to, p + strlen(from));
	return out;
}

/* The line number of the first line of SEV holding s. */
static int sev_line(const char *s)
{
	const char *p = strstr(SEV, s), *q;
	int n = 1;

	for (q = SEV; q < p; q++)
		n += *q == '\n';
	return n;
}

/* ---------------------------------------------------------- the small API */

static void test_level_parse(void)
{
	CHECK_EQ_I64(tix_level_parse("S0"), 0);
	CHECK_EQ_I64(tix_level_parse("S1"), 1);
	CHECK_EQ_I64(tix_level_parse("S2"), 2);
	CHECK_EQ_I64(tix_level_parse("S3"), 3);
	CHECK_EQ_I64(tix_level_parse("s1"), 1);
	CHECK_EQ_I64(tix_level_parse("s3"), 3);
	CHECK_EQ_I64(tix_level_parse("0"), 0);
	CHECK_EQ_I64(tix_level_parse("3"), 3);
	CHECK_EQ_I64(tix_level_parse("S4"), -1);
	CHECK_EQ_I64(tix_level_parse("4"), -1);
	CHECK_EQ_I64(tix_level_parse("S"), -1);
	CHECK_EQ_I64(tix_level_parse(""), -1);
	CHECK_EQ_I64(tix_level_parse("S01"), -1);
	CHECK_EQ_I64(tix_level_parse("S1 "), -1);
	CHECK_EQ_I64(tix_level_parse(" S1"), -1);
	CHECK_EQ_I64(tix_level_parse("P1"), -1);
	CHECK_EQ_I64(tix_level_parse("-1"), -1);
	CHECK_EQ_I64(tix_level_parse("high"), -1);
}

static void test_priority_index(void)
{
	CHECK_EQ_I64(tix_priority_index("low"), 0);
	CHECK_EQ_I64(tix_priority_index("normal"), 1);
	CHECK_EQ_I64(tix_priority_index("high"), 2);
	CHECK_EQ_I64(tix_priority_index("urgent"), 3);
	CHECK_EQ_I64(tix_priority_index("critical"), -1);
	CHECK_EQ_I64(tix_priority_index("medium"), -1);
	CHECK_EQ_I64(tix_priority_index(""), -1);
	CHECK_EQ_I64(tix_priority_index("lo"), -1);
	CHECK_EQ_I64(tix_priority_index("urgently"), -1);
}

static void test_span_parse(void)
{
	CHECK_EQ_I64(tix_span_parse("15m"), 15 * 60);
	CHECK_EQ_I64(tix_span_parse("4h"), 4 * 3600);
	CHECK_EQ_I64(tix_span_parse("3d"), 3 * 86400);
	CHECK_EQ_I64(tix_span_parse("1w"), 7 * 86400);
	CHECK_EQ_I64(tix_span_parse("90s"), 90);
	CHECK_EQ_I64(tix_span_parse("30d"), 30 * 86400);
	CHECK_EQ_I64(tix_span_parse("72h"), 72 * 3600);
	CHECK_EQ_I64(tix_span_parse("15"), -1);		/* no unit */
	CHECK_EQ_I64(tix_span_parse("m"), -1);		/* no number */
	CHECK_EQ_I64(tix_span_parse(""), -1);
	CHECK_EQ_I64(tix_span_parse("15x"), -1);
	CHECK_EQ_I64(tix_span_parse("15mm"), -1);
	CHECK_EQ_I64(tix_span_parse("15m "), -1);
	CHECK_EQ_I64(tix_span_parse(" 15m"), -1);
	CHECK_EQ_I64(tix_span_parse("-5m"), -1);
	CHECK_EQ_I64(tix_span_parse("1.5h"), -1);
	CHECK_EQ_I64(tix_span_parse("4h30m"), -1);
	CHECK_EQ_I64(tix_span_parse("99999999999999999999d"), -1);	/* overflows */
}

/* ------------------------------------------------------- the severity file */

static void test_severity_parse(void)
{
	struct tix_severity s;
	static const char crlf[] =
		"\xef\xbb\xbf# with a BOM and CRLF line ends\r\n"
		"level S0 15m\r\n"
		"level S1 4h\r\n"
		"level S2 1d\r\n"
		"level S3 3d\r\n"
		"risk harm S0 wellbeing\r\n"
		"\r\n";
	int c;

	CHECK_EQ_I64(tix_severity_parse(&s, "t.conf", SEV, strlen(SEV), err), 0);
	CHECK_EQ_I64(s.target[0], 15 * 60);
	CHECK_EQ_I64(s.target[1], 4 * 3600);
	CHECK_EQ_I64(s.target[2], 86400);
	CHECK_EQ_I64(s.target[3], 3 * 86400);
	CHECK_EQ_STR(s.describe[0], "minutes");
	CHECK_EQ_STR(s.describe[2], "a day");
	CHECK_EQ_STR(s.describe[3], "three days");
	CHECK_EQ_I64(s.ncat, 9);
	CHECK_EQ_I64(tix_severity_find(&s, "harm"), 0);
	CHECK_EQ_I64(tix_severity_find(&s, "money"), 8);
	CHECK_EQ_I64(tix_severity_find(&s, "nosuch"), -1);
	CHECK_EQ_I64(tix_severity_find(&s, "Harm"), -1);
	c = tix_severity_find(&s, "dox");
	CHECK(c >= 0 && s.cat[c].kind == TIX_CAT_RISK && s.cat[c].level == 1);
	CHECK(c >= 0 && !strcmp(s.cat[c].team, "privacy"));
	c = tix_severity_find(&s, "login");
	CHECK(c >= 0 && s.cat[c].kind == TIX_CAT_TOPIC && s.cat[c].level == 3);
	CHECK(c >= 0 && !strcmp(s.cat[c].team, "support.l1"));
	c = tix_severity_find(&s, "kid");
	CHECK(c >= 0 && s.cat[c].kind == TIX_CAT_CONTEXT && s.cat[c].level == -1);
	CHECK(c >= 0 && s.cat[c].team[0] == '\0');
	c = tix_severity_find(&s, "takeover");
	CHECK(c >= 0 && !strcmp(s.cat[c].team, "account-security"));
	CHECK_EQ_I64(s.nraise, 2);
	CHECK_EQ_I64(s.raise[0].cat, tix_severity_find(&s, "bully"));
	CHECK_EQ_I64(s.raise[0].ctx, tix_severity_find(&s, "kid"));
	CHECK_EQ_I64(s.raise[0].level, 0);
	CHECK_EQ_I64(s.raise[1].cat, tix_severity_find(&s, "takeover"));
	CHECK_EQ_I64(s.raise[1].ctx, tix_severity_find(&s, "money"));
	CHECK_EQ_I64(s.raise[1].level, 1);
	CHECK_EQ_I64(s.default_level, 3);
	CHECK_EQ_STR(s.default_team, "helpdesk");
	CHECK_EQ_I64(s.rep_requester.n, 2);
	CHECK_EQ_I64(s.rep_requester.span, 30 * 86400);
	CHECK_EQ_I64(s.rep_requester.ceiling, 1);
	CHECK_EQ_I64(s.rep_target.n, 3);
	CHECK_EQ_I64(s.rep_target.span, 7 * 86400);
	CHECK_EQ_I64(s.rep_target.ceiling, 0);
	CHECK_EQ_I64(s.sla_first[3], 3600);
	CHECK_EQ_I64(s.sla_resolve[3], 4 * 3600);
	CHECK_EQ_I64(s.sla_first[0], 86400);
	CHECK_EQ_I64(s.sla_resolve[0], 7 * 86400);
	CHECK_EQ_I64(s.sla_first[1], 0);	/* none given */
	CHECK_EQ_I64(s.sla_resolve[2], 0);
	tix_severity_release(&s);

	/* a byte-order mark, CR LF line ends, no default line (S3 support) */
	CHECK_EQ_I64(tix_severity_parse(&s, "crlf.conf", crlf, strlen(crlf), err), 0);
	CHECK_EQ_I64(s.default_level, 3);
	CHECK_EQ_STR(s.default_team, "support");
	CHECK_EQ_I64(s.ncat, 1);
	CHECK_EQ_STR(s.cat[0].name, "harm");
	CHECK_EQ_STR(s.cat[0].team, "wellbeing");
	CHECK_EQ_I64(s.target[1], 4 * 3600);
	tix_severity_release(&s);

	/* sla: a priority in any case; given again, the last line wins */
	CHECK_EQ_I64(tix_severity_parse(&s, "t.conf",
					 sev_with("sla low    24h 7d\n", "sla LOW 2h 3h\nsla Low 5h 6h\n"),
					 strlen(sev_with("sla low    24h 7d\n",
							 "sla LOW 2h 3h\nsla Low 5h 6h\n")), err), 0);
	CHECK_EQ_I64(s.sla_first[0], 5 * 3600);
	CHECK_EQ_I64(s.sla_resolve[0], 6 * 3600);
	/* a repeat rule with 0 is off, and fine */
	CHECK_EQ_STR(sev_err(sev_with("repeat requester 2 30d S1\n", "repeat requester 0 30d S1\n")),
		     "(parsed)");
}

/* "t.conf:LINE: what", as a static string */
static const char *at(int line, const char *what)
{
	static char out[2][512];
	static int k;
	char *o = out[k++ % 2];

	snprintf(o, 512, "t.conf:%d: %s", line, what);
	return o;
}

/*
 * The errors, with the messages of tix-severity(5) DIAGNOSTICS where it
 * gives them.  SEV's lines: 3-6 level, 7-11 risk, 12-13 topic, 14-15
 * context, 16-17 raise, 18 default, 19-20 repeat, 21-22 sla.
 */
static void test_severity_errors(void)
{
	const char *e;

	CHECK_EQ_I64(sev_line("level S0"), 3);
	CHECK_EQ_I64(sev_line("sla low"), 22);

	/* a missing level: about the whole file, so no line */
	CHECK_EQ_STR(sev_err(sev_with("level S2 1d    a day\n", "")),
		     "t.conf: level S2 has no 'level S2 TARGET' line");
	CHECK_EQ_STR(sev_err("# nothing\n"), "t.conf: level S0 has no 'level S0 TARGET' line");
	/* targets out of order */
	CHECK_EQ_STR(sev_err(sev_with("level S1 4h    hours\n", "level S1 10m\n")),
		     "t.conf: S1's target is shorter than S0's");

	/* a bad level: in a level line, a risk, a raise, a default, a repeat */
	CHECK_EQ_STR(sev_err(sev_with("level S2 1d    a day\n", "level S5 1d\n")),
		     at(5, "'S5' is not a level (S0 to S3)"));
	CHECK_EQ_STR(sev_err(sev_with("level S2 1d    a day\n", "level S4 1d\n")),
		     at(5, "'S4' is not a level (S0 to S3)"));
	CHECK_EQ_STR(sev_err(sev_with("risk dox       S1 privacy\n", "risk dox high privacy\n")),
		     at(9, "'high' is not a level (S0 to S3)"));
	CHECK_EQ_STR(sev_err(sev_with("raise bully    S0 with kid\n", "raise bully S9 with kid\n")),
		     at(16, "'S9' is not a level (S0 to S3)"));
	CHECK_EQ_STR(sev_err(sev_with("default S3 helpdesk   # nothing found\n",
				      "default urgent helpdesk\n")),
		     at(18, "'urgent' is not a level (S0 to S3)"));
	CHECK_EQ_STR(sev_err(sev_with("repeat requester 2 30d S1\n", "repeat requester 2 30d S7\n")),
		     at(19, "'S7' is not a level (S0 to S3)"));
	/* a level given twice, a level line without its target */
	CHECK_EQ_STR(sev_err("level S0 15m\nlevel S1 4h\nlevel S0 20m\nlevel S2 1d\nlevel S3 3d\n"),
		     "t.conf:3: level S0 is given twice");
	CHECK_EQ_STR(sev_err(sev_with("level S1 4h    hours\n", "level S1\n")),
		     at(4, "expected 'level S0 TARGET [words]'"));

	/* an unknown line, after comments and blank lines */
	CHECK_EQ_STR(sev_err("# c\n\nlevel S0 15m\n   # indented comment\nlevle S1 4h\n"),
		     "t.conf:5: unknown line 'levle' (level, risk, topic, context, raise, default, "
		     "repeat or sla)");
	e = sev_err(sev_with("sla urgent 1h 4h\n", "severity urgent 1h 4h\n"));
	CHECK(starts(e, "t.conf:21: unknown line 'severity'"));
	/* a comment begins only at the start of a word */
	e = sev_err(sev_with("context money\n", "context money#cash\n"));
	CHECK(starts(e, "t.conf:15: "));

	/* raise: an unknown category, a context raised, a category declared
	   later, an unknown context, a missing "with" */
	CHECK_EQ_STR(sev_err(sev_with("raise bully    S0 with kid\n", "raise nosuch S0 with kid\n")),
		     at(16, "'nosuch' is not a risk or topic declared above"));
	CHECK_EQ_STR(sev_err(sev_with("raise bully    S0 with kid\n", "raise kid S0 with money\n")),
		     at(16, "'kid' is not a risk or topic declared above"));
	CHECK_EQ_STR(sev_err(sev_with("raise bully    S0 with kid\n", "raise bully S0 with nokid\n")),
		     at(16, "'nokid' is not declared above"));
	CHECK_EQ_STR(sev_err(sev_with("raise bully    S0 with kid\n", "raise bully S0 kid\n")),
		     at(16, "expected 'raise CATEGORY LEVEL with CONTEXT'"));
	CHECK_EQ_STR(sev_err("level S0 15m\nlevel S1 4h\nlevel S2 1d\nlevel S3 3d\n"
			     "context kid\nraise later S0 with kid\nrisk later S2 safety\n"),
		     "t.conf:6: 'later' is not a risk or topic declared above");

	/* duplicate names, of any kind; the lexicon's own word */
	CHECK_EQ_STR(sev_err(sev_with("topic refund   S2 payments\n", "topic harm S2 payments\n")),
		     at(12, "'harm' is declared twice"));
	CHECK_EQ_STR(sev_err(sev_with("context money\n", "context kid\n")),
		     at(15, "'kid' is declared twice"));
	CHECK_EQ_STR(sev_err(sev_with("context money\n", "context dox\n")),
		     at(15, "'dox' is declared twice"));
	CHECK_EQ_STR(sev_err(sev_with("context money\n", "context guard\n")),
		     at(15, "'guard' is the lexicon's own word; pick another name"));

	/* bad names and teams, wrong word counts */
	CHECK_EQ_STR(sev_err(sev_with("risk bully     S2 safety\n", "risk bul/ly S2 safety\n")),
		     at(10, "'bul/ly' is not a name (letters, digits, _ - . and at most 39 of them)"));
	CHECK_EQ_STR(sev_err(sev_with("risk bully     S2 safety\n", "risk bully S2 safe/ty\n")),
		     at(10, "'safe/ty' is not a team name"));
	CHECK_EQ_STR(sev_err(sev_with("risk bully     S2 safety\n", "risk bully S2\n")),
		     at(10, "expected 'risk NAME LEVEL TEAM'"));
	CHECK_EQ_STR(sev_err(sev_with("context money\n", "context money cash\n")),
		     at(15, "expected 'context NAME'"));
	e = sev_err(sev_with("risk bully     S2 safety\n",
			     "risk a_name_that_is_far_too_long_to_be_a_name S2 safety\n"));
	CHECK(starts(e, "t.conf:10: 'a_name_that_is_far_too_long_to_be_a_name' is not a name"));
	CHECK_EQ_STR(sev_err(sev_with("default S3 helpdesk   # nothing found\n", "default S3\n")),
		     at(18, "expected 'default LEVEL TEAM'"));

	/* bad spans: a level's target, a repeat's span, an sla's */
	CHECK_EQ_STR(sev_err(sev_with("level S1 4h    hours\n", "level S1 4x hours\n")),
		     at(4, "'4x' is not a response target (like 15m, 4h, 1d)"));
	CHECK_EQ_STR(sev_err(sev_with("level S1 4h    hours\n", "level S1 15 hours\n")),
		     at(4, "'15' is not a response target (like 15m, 4h, 1d)"));
	CHECK_EQ_STR(sev_err(sev_with("level S1 4h    hours\n", "level S1 0h\n")),
		     at(4, "'0h' is not a response target (like 15m, 4h, 1d)"));
	CHECK_EQ_STR(sev_err(sev_with("repeat target    3 1w  S0\n", "repeat target 3 30 S0\n")),
		     at(20, "'30' is not a span (like 30d)"));
	CHECK_EQ_STR(sev_err(sev_with("repeat target    3 1w  S0\n", "repeat target 3 1month S0\n")),
		     at(20, "'1month' is not a span (like 30d)"));
	CHECK_EQ_STR(sev_err(sev_with("sla low    24h 7d\n", "sla low 24h 7days\n")),
		     at(22, "expected two spans (like 4h 3d)"));
	CHECK_EQ_STR(sev_err(sev_with("sla low    24h 7d\n", "sla low 1.5h 7d\n")),
		     at(22, "expected two spans (like 4h 3d)"));

	/* sla: an unknown priority, a missing target */
	CHECK_EQ_STR(sev_err(sev_with("sla low    24h 7d\n", "sla critical 24h 7d\n")),
		     at(22, "'critical' is not a priority (low, normal, high, urgent)"));
	CHECK_EQ_STR(sev_err(sev_with("sla low    24h 7d\n", "sla low 24h\n")),
		     at(22, "expected 'sla PRIORITY FIRST_REPLY RESOLUTION'"));

	/* repeat: neither requester nor target, a bad count, too few words */
	CHECK_EQ_STR(sev_err(sev_with("repeat requester 2 30d S1\n", "repeat someone 2 30d S1\n")),
		     at(19, "expected 'repeat requester|target N SPAN LEVEL'"));
	CHECK_EQ_STR(sev_err(sev_with("repeat requester 2 30d S1\n", "repeat requester 2 30d\n")),
		     at(19, "expected 'repeat requester|target N SPAN LEVEL'"));
	CHECK_EQ_STR(sev_err(sev_with("repeat requester 2 30d S1\n", "repeat requester two 30d S1\n")),
		     at(19, "'two' is not a count (0 turns the rule off)"));
	CHECK_EQ_STR(sev_err(sev_with("repeat requester 2 30d S1\n", "repeat requester -1 30d S1\n")),
		     at(19, "'-1' is not a count (0 turns the rule off)"));

	/* too many words, a NUL byte, a line too long */
	CHECK_EQ_STR(sev_err(sev_with("risk bully     S2 safety\n",
				      "risk bully S2 safety and some more words here\n")),
		     at(10, "too many words"));
	{
		char text[64] = "level S0 15m\nlevel S1 4h\nlevel S2 1d\nlevel S3 3d\nri\0sk\n";
		struct tix_severity s;
		char big[3000];

		CHECK_EQ_I64(tix_severity_parse(&s, "t.conf", text, 57, err), -1);
		CHECK_EQ_STR(err, "t.conf:5: a NUL byte");
		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		memcpy(big, "# ", 2);
		CHECK_EQ_I64(tix_severity_parse(&s, "t.conf", big, strlen(big), err), -1);
		CHECK_EQ_STR(err, "t.conf:1: line longer than 1023 bytes");
	}
}

static void test_severity_load(void)
{
	struct tix_severity s;
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/tix-test-sev-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_EQ_I64(write(fd, SEV, strlen(SEV)), (int64_t)strlen(SEV));
	close(fd);
	CHECK_EQ_I64(tix_severity_load(&s, path, err), 0);
	CHECK_EQ_I64(s.ncat, 9);
	tix_severity_release(&s);
	unlink(path);
	/* a file that is not there: its name in the message */
	CHECK_EQ_I64(tix_severity_load(&s, path, err), -1);
	CHECK(has(err, path));
}

/* ---------------------------------------------------------------- lexicon */

static void test_lexicon_parse(void)
{
	size_t phrases, guards, states;
	const char *e;

	tix_lexicon_stats(lx, &phrases, &guards, &states);
	CHECK_EQ_I64(phrases, 17);
	CHECK_EQ_I64(guards, 2);
	CHECK(states > 1);
	tix_lexicon_stats(glx, &phrases, &guards, &states);
	CHECK_EQ_I64(phrases, 4);
	CHECK_EQ_I64(guards, 5);

	/* an empty lexicon, comments only, a BOM, CR LF */
	CHECK(lex_ok(""));
	CHECK(lex_ok("# nothing\n\n"));
	CHECK(lex_ok("\xef\xbb\xbf[harm]\r\nkill myself\r\n"));
	CHECK(lex_ok("[harm]\nkill myself   # a comment\n"));
	/* a section of each kind, and guards of each */
	CHECK(lex_ok("[login]\npassword reset\n[kid]\n13 yo\n[guard kid]\n13 yo old\n"));
	/* ~ on words of 5 letters and more */
	CHECK(lex_ok("[harm]\nslash~\n"));
	CHECK(lex_ok("[harm]\ncut my wrist~\n"));
	/* 8 * 8 * 8 * 8 = 4096 phrases from one line: just allowed */
	CHECK(lex_ok("[harm]\n{a,b,c,d,e,f,g,h} {a,b,c,d,e,f,g,h} {a,b,c,d,e,f,g,h} "
		     "{a,b,c,d,e,f,g,h}\n"));

	/* a phrase before the first section */
	CHECK_EQ_STR(lex_err("# c\nkill myself\n[harm]\n"),
		     "t.lex:2: a phrase before the first [section]");
	/* unknown sections */
	CHECK_EQ_STR(lex_err("[harm]\nkill myself\n\n[nosuch]\nfoo\n"),
		     "t.lex:4: '[nosuch]' is not a risk, topic or context of the severity file");
	e = lex_err("[guard nosuch]\nfoo\n");
	CHECK(starts(e, "t.lex:1: ") && has(e, "nosuch"));
	CHECK_EQ_STR(lex_err("[harm\nfoo\n"), "t.lex:1: a section name without ']'");
	CHECK_EQ_STR(lex_err("[harm] x\nfoo\n"), "t.lex:1: text after ']'");
	/* '*' on a word that is not the last */
	CHECK_EQ_STR(lex_err("[dox]\ndox\ndox* me\n"),
		     "t.lex:3: '*' only ends the last word of a phrase");
	/* '~' on a word of fewer than 5 letters */
	CHECK_EQ_STR(lex_err("[harm]\nkill~ myself\n"),
		     "t.lex:2: 'kill~': only words of 5 letters or more may be marked ~");
	CHECK_EQ_STR(lex_err("[harm]\ne-mail~\n"), "t.lex:2: 'e-mail~' is not one word");
	CHECK_EQ_STR(lex_err("[harm]\nkill ~\n"), "t.lex:2: a lone '~'");
	e = lex_err("[harm]\n\ncut~\n");
	CHECK(starts(e, "t.lex:3: ") && has(e, "cut~"));
	/* &context: unknown, or not a context */
	e = lex_err("[bully]\nloser\nsend pics &nosuch\n");
	CHECK(starts(e, "t.lex:3: ") && has(e, "nosuch"));
	e = lex_err("[bully]\nsend pics &dox\n");
	CHECK(starts(e, "t.lex:2: ") && has(e, "dox"));
	/* more than 4096 phrases from one line */
	e = lex_err("[harm]\n{a,b,c,d,e,f,g,h} {a,b,c,d,e,f,g,h} {a,b,c,d,e,f,g,h} "
		    "{a,b,c,d,e,f,g,h} {x,y}\n");
	CHECK_EQ_STR(e, "t.lex:2: more than 4096 phrases from one line");
	/* '..': nothing before it, nothing after it, twice, in a guard */
	e = lex_err("[dox]\n.. address\n");
	CHECK(starts(e, "t.lex:2: ") && has(e, ".."));
	e = lex_err("[dox]\nposted ..\n");
	CHECK(starts(e, "t.lex:2: ") && has(e, ".."));
	CHECK_EQ_STR(lex_err("[dox]\nposted .. home .. address\n"), "t.lex:2: one '..' a line");
	e = lex_err("[guard]\nposted .. address\n");
	CHECK(starts(e, "t.lex:2: ") && has(e, ".."));
	/* a '{' never closed */
	CHECK_EQ_STR(lex_err("[harm]\n{end,ending my life\n"), "t.lex:2: '{' without '}'");
	CHECK_EQ_STR(lex_err("[harm]\n{end,{ending}} my life\n"), "t.lex:2: '{' inside {}");
	CHECK_EQ_STR(lex_err("[harm]\n{end,ending}s my life\n"), "t.lex:2: text right after '}'");
	CHECK_EQ_STR(lex_err("[harm]\na b c d e f g h i j k l m\n"), "t.lex:2: more than 12 words");
	CHECK(lex_ok("[harm]\na b c d e f g h i j k l\n"));
	/* not UTF-8 */
	e = lex_err("[harm]\nkill \xff myself\n");
	CHECK(starts(e, "t.lex:2: "));
}

/* ------------------------------------------------------------- normalising */

static void test_normalise(void)
{
	CHECK_EQ_STR(norm(""), "");
	CHECK_EQ_STR(norm("Hello WORLD"), "hello world");
	CHECK_EQ_STR(norm("  Hello   \t\n World  "), "hello world");
	/* accents */
	CHECK_EQ_STR(norm("Café résumé naïve"), "cafe resume naive");
	CHECK_EQ_STR(norm("ÉCOLE À"), "ecole a");
	CHECK_EQ_STR(norm("São Paulo"), "sao paulo");
	/* apostrophes inside words, both kinds */
	CHECK_EQ_STR(norm("don't"), "dont");
	CHECK_EQ_STR(norm("Don\xe2\x80\x99t STOP"), "dont stop");
	CHECK_EQ_STR(norm("I'm"), "im");
	/* look-alike digits inside words */
	CHECK_EQ_STR(norm("k1ll"), "kill");
	CHECK_EQ_STR(norm("K1LL"), "kill");
	CHECK_EQ_STR(norm("h4cked"), "hacked");
	CHECK_EQ_STR(norm("p4ssw0rd"), "password");
	CHECK_EQ_STR(norm("k1ll myself"), "kill myself");
	/* runs of three or more of one letter cut to two */
	CHECK_EQ_STR(norm("sooooo"), "soo");
	CHECK_EQ_STR(norm("sooo"), "soo");
	CHECK_EQ_STR(norm("soo"), "soo");
	CHECK_EQ_STR(norm("helllllo"), "hello");
	CHECK_EQ_STR(norm("pleeeease heeelp"), "pleease heelp");
	/* numbers standing alone: 1..17 one class, every other number another */
	CHECK_EQ_STR(norm("1"), norm("17"));
	CHECK_EQ_STR(norm("13"), norm("5"));
	CHECK_EQ_STR(norm("18"), norm("0"));
	CHECK_EQ_STR(norm("18"), norm("2026"));
	CHECK_EQ_STR(norm("18"), norm("123456789"));
	CHECK(strcmp(norm("17"), norm("18")) != 0);
	CHECK(strcmp(norm("1"), norm("0")) != 0);
	CHECK(strcmp(norm("13"), "13") != 0 || strcmp(norm("25"), "25") != 0);
	CHECK_EQ_STR(norm("she is 13"), norm("SHE IS 9"));
	CHECK(strcmp(norm("she is 13"), norm("she is 31")) != 0);
	/* tix-lexicon(5)'s own examples */
	CHECK_EQ_STR(norm("Straße"), "strasse");
	CHECK_EQ_STR(norm("Æther"), "aether");
	CHECK_EQ_STR(norm("kill, myself"), "kill myself");
	CHECK_EQ_STR(norm("e-mail"), "e mail");
	CHECK_EQ_STR(norm("don\xe2\x80\x98t"), "dont");
	CHECK_EQ_STR(norm("sh00t"), "shoot");
	CHECK_EQ_STR(norm("killl"), "kill");
	CHECK_EQ_STR(norm("h@ck"), "hack");
	CHECK_EQ_STR(norm("13yo"), norm("13 yo"));
	CHECK_EQ_STR(norm("15th"), norm("15 th"));
	CHECK_EQ_STR(norm("90's"), norm("90s"));
	/* emoji and punctuation break words */
	CHECK_EQ_STR(norm("kill\xf0\x9f\x98\x80myself"), "kill myself");
	CHECK_EQ_STR(norm("help!!!me"), "help me");
	CHECK_EQ_STR(norm("a,b.c;d:e/f(g)h"), "a b c d e f g h");
	CHECK_EQ_STR(norm("\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x94 dash"), "quoted dash");
	CHECK_EQ_STR(norm("\xf0\x9f\x98\xad\xf0\x9f\x98\xad"), "");
	/* letters of other scripts stay words */
	CHECK_EQ_STR(norm("\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 x"),
		     "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 x");
	/* bytes that are not UTF-8 break words too */
	CHECK_EQ_STR(norm("kill\xffmyself"), "kill myself");
	CHECK_EQ_STR(norm("kill\xc3myself"), "kill myself");
}

/* --------------------------------------------------------------- matching */

static void test_whole_words(void)
{
	CHECK(finds("harm", "i want to kill myself"));
	CHECK(finds("harm", "KILL MYSELF"));
	CHECK(finds("harm", "kill myself."));
	CHECK(finds("harm", "(kill myself)"));
	CHECK(!finds("harm", "skill myself"));
	CHECK(!finds("harm", "kill myselfie"));
	CHECK(!finds("harm", "killmyself"));
	CHECK(!finds("harm", "kill  my self"));
	CHECK(finds("takeover", "i got hacked"));
	CHECK(!finds("takeover", "i got unhacked"));
	CHECK(!finds("takeover", "hackeds"));
	CHECK(!finds("bully", "closer"));
	CHECK(!finds("bully", "losers"));
	CHECK(finds("threat", "i will kill you"));
	CHECK(!finds("threat", "skill you"));
	CHECK(!finds("threat", "i will kill your plant"));
	/* normalised text matches */
	CHECK(finds("harm", "I want to K1LL myself"));
	CHECK(finds("harm", "I want to KÏLL MYSÉLF"));
	CHECK(finds("takeover", "i got h4cked"));
	CHECK(finds("harm", "i want to kill\xf0\x9f\x98\xadmyself"));
	CHECK(finds("harm", "kill...myself"));
	CHECK(finds("harm", "kill\n\nmyself"));
	CHECK(finds("kid", "MY DAUGHTER, 12"));
	CHECK(!finds("kid", "my daughters"));
	/* letter runs cut to two: a phrase with a double letter still matches */
	CHECK(finds("login", "passsssword reset"));
	CHECK(!finds("login", "Passssword Reseeeet"));	/* "reseet" */
	/* no hit in text that is only similar */
	CHECK(!finds("harm", "i want to kill my self"));
}

static void test_prefix(void)
{
	CHECK(finds("dox", "they doxxed me"));
	CHECK(finds("dox", "stop doxing people"));
	CHECK(finds("dox", "DOXX"));
	CHECK(finds("dox", "dox"));
	CHECK(!finds("dox", "paradox"));
	CHECK(!finds("dox", "orthodox views"));
	CHECK(!finds("dox", "do x"));
	CHECK(finds("dox", "d0xing"));		/* tix-lexicon(5) */
	/* '*' and '~' inside alternatives */
	CHECK(finds("dox", "we got swatted"));
	CHECK(finds("dox", "SWAT"));
	CHECK(finds("dox", "a stalker"));
	CHECK(finds("dox", "a stalkr"));
	CHECK(!finds("dox", "a stlkr"));
}

static void test_fuzzy(void)
{
	CHECK(finds("harm", "suicide"));
	CHECK(finds("harm", "thinking of suicide."));
	CHECK(finds("harm", "suicides"));	/* a letter added */
	CHECK(finds("harm", "suiciide"));	/* a letter added inside */
	CHECK(finds("harm", "suicde"));		/* a letter left out */
	CHECK(finds("harm", "sucide"));
	CHECK(finds("harm", "suicidw"));	/* a letter changed */
	CHECK(finds("harm", "zuicide"));
	CHECK(finds("harm", "suicdie"));	/* two letters swapped */
	CHECK(finds("harm", "usicide"));
	CHECK(finds("harm", "SUICDIE"));
	CHECK(!finds("harm", "suicdo"));	/* two edits */
	CHECK(!finds("harm", "sucidee"));
	CHECK(!finds("harm", "usicdie"));
	CHECK(!finds("harm", "suicidesx"));
	CHECK(!finds("harm", "sicde"));
	/* harass~: also at one edit */
	CHECK(finds("bully", "they harass me"));
	CHECK(finds("bully", "they harrass me"));
	CHECK(finds("bully", "they haras me"));
	CHECK(finds("bully", "they harasx me"));
	CHECK(!finds("bully", "they harrasx me"));
	/* a word not marked ~ is not fuzzy */
	CHECK(!finds("takeover", "i got hackd"));
	CHECK(!finds("harm", "kill mysef"));
}

/*
 * tix-lexicon(5): "A ticket's word that is one edit from a ~ word is read
 * as that word everywhere, for every phrase": "suicides" is read as
 * "suicide", so an exact phrase with "suicides" (here a guard) never
 * matches.  But a ~ word is "the word and its misspellings": a ticket's
 * word that is itself a ~ word (threat~) still matches it, though it is
 * also one edit from another one (threats~).
 */
static void test_fuzzy_exact(void)
{
	static const char flex[] =
		"[harm]\n"
		"suicide~\n"
		"[guard harm]\n"
		"suicides game\n"
		"[threat]\n"
		"threats~\n"
		"[bully]\n"
		"threat~\n";
	struct tix_lexicon *l = tix_lexicon_parse(&sv, "flex", flex, strlen(flex), err);
	struct tix_triager *t = l ? tix_triager_new(l, &sv, 0, err) : NULL;

	CHECK(l && t);
	if (!t) {
		tix_lexicon_free(l);
		return;
	}
	CHECK(run2(t, NULL, "threats")->found[cat("threat")]);
	CHECK(run2(t, NULL, "threat")->found[cat("bully")]);
	CHECK(run2(t, NULL, "suicides")->found[cat("harm")]);
	CHECK(run2(t, NULL, "the suicides game")->found[cat("harm")]);	/* read as "suicide" */
	tix_triager_free(t);
	tix_lexicon_free(l);
}

static void test_alternatives(void)
{
	CHECK(finds("harm", "i will end my life"));
	CHECK(finds("harm", "i will end my own life"));
	CHECK(finds("harm", "ending my own life"));
	CHECK(finds("harm", "ending my life"));
	CHECK(!finds("harm", "ends my life"));
	CHECK(!finds("harm", "end my own own life"));
	CHECK(!finds("harm", "end life"));
	CHECK(finds("threat", "i will shoot him"));
	CHECK(finds("threat", "i will kill him"));
	CHECK(!finds("threat", "i will shoot them"));
}

static void test_gap(void)
{
	const struct tix_triage *r;

	CHECK(finds("dox", "they posted address"));
	CHECK(finds("dox", "they posted my address"));
	CHECK(finds("dox", "they posted my home address"));
	CHECK(finds("dox", "they posted my old home address"));	/* 3 between */
	/* tix-lexicon(5): "at most five words between the end of the one and
	   the start of the other" */
	CHECK(finds("dox", "they posted my old home street address"));	/* 4 */
	CHECK(finds("dox", "they posted my old home street name address"));	/* 5 */
	CHECK(!finds("dox", "they posted my old home street name and address"));	/* 6 */
	CHECK(!finds("dox", "posted a b c d e f g h i j address"));
	/* the nearest A counts, though an earlier one is too far */
	CHECK(finds("dox", "posted a b c d e f g posted address"));
	CHECK(finds("dox", "leaked a b c d e f g posted x address"));
	CHECK(finds("dox", "someone leaked the address"));
	CHECK(!finds("dox", "the address they posted"));	/* the wrong order */
	CHECK(!finds("dox", "posted"));
	CHECK(!finds("dox", "address"));
	/* not across subject and body */
	CHECK(!run("they posted", "my address")->found[cat("dox")]);
	CHECK(!run("they posted my", "home address")->found[cat("dox")]);
	CHECK(run("they posted my home address", "")->found[cat("dox")]);
	/* the reason quotes from the first word of A to the last of B */
	r = run(NULL, "They POSTED my home address!");
	CHECK_EQ_STR(r->reasons, "dox \"POSTED my home address\"");
}

static void test_fields(void)
{
	/* a phrase is found in either field, but never across them */
	CHECK(run("kill myself", NULL)->found[cat("harm")]);
	CHECK(run(NULL, "kill myself")->found[cat("harm")]);
	CHECK(run("hello", "kill myself")->found[cat("harm")]);
	CHECK(!run("i want to kill", "myself")->found[cat("harm")]);
	CHECK(!run("end my", "life")->found[cat("harm")]);
	CHECK(!run("i will kill", "you")->found[cat("threat")]);
	CHECK(!run("password", "reset")->found[cat("login")]);
	CHECK(run("password reset", "please")->found[cat("login")]);
	/* subject and body may be NULL, empty, not NUL-terminated */
	{
		const char buf[] = "kill myselfXXXX";
		const struct tix_triage *r = tix_triage_run(tr, buf, 11, NULL, 0, err);

		CHECK(r && r->found[cat("harm")]);
		r = tix_triage_run(tr, buf, 10, NULL, 0, err);	/* "kill mysel" */
		CHECK(r && !r->found[cat("harm")]);
		r = tix_triage_run(tr, "", 0, "", 0, err);
		CHECK(r && r->level == 3 && r->cat == -1);
	}
}

static void test_guards(void)
{
	/* a guard of harm cancels the harm hit it overlaps */
	CHECK(!finds("harm", "i could kill myself laughing"));
	CHECK(!finds("harm", "KILL MYSELF LAUGHING lol"));
	/* ... and not a hit elsewhere in the ticket */
	CHECK(finds("harm", "i kill myself laughing at this, but really i want to kill myself"));
	CHECK(finds("harm", "kill myself laughing kill myself"));
	/* ... nor in the other field */
	CHECK(run("kill myself laughing", "i want to kill myself")->found[cat("harm")]);
	/* ... and it needs its own words: no guard across fields */
	CHECK(run("kill myself", "laughing")->found[cat("harm")]);

	/* made-up words: harm "alpha beta", dox "beta gamma", bully "omega";
	   guard harm "beta gamma delta", guard all "zeta alpha", "omega point" */
	CHECK(gfinds("harm", "alpha beta"));
	CHECK(gfinds("dox", "beta gamma"));
	CHECK(gfinds("harm", "alpha beta gamma"));
	CHECK(gfinds("dox", "alpha beta gamma"));
	/* the harm guard shares "beta" with the harm hit: harm cancelled; the
	   dox hit it covers stays (a guard of one category is for it only) */
	CHECK(!gfinds("harm", "alpha beta gamma delta"));
	CHECK(gfinds("dox", "alpha beta gamma delta"));
	/* only overlapping hits: a later harm hit stays */
	CHECK(gfinds("harm", "beta gamma delta x alpha beta"));
	CHECK(!gfinds("harm", "alpha beta gamma delta x y"));
	/* the guard of all categories: any category's hit it overlaps */
	CHECK(!gfinds("harm", "zeta alpha beta"));
	CHECK(gfinds("dox", "zeta alpha beta gamma"));	/* "beta gamma" not overlapped */
	CHECK(!gfinds("bully", "omega point"));
	CHECK(gfinds("bully", "omega"));
	CHECK(gfinds("bully", "omega x point"));
	CHECK(gfinds("bully", "omega point omega"));
	/* the words between A and B of "A .. B" are the hit's words too */
	CHECK(gfinds("threat", "send me photos"));
	CHECK(!gfinds("threat", "send my cat photos"));
	CHECK(!gfinds("threat", "send a pic of my cat photos"));
	CHECK(gfinds("threat", "send me photos of my cat"));
	/* "!phrase": every hit of its category, anywhere, either field */
	CHECK(!gfinds("bully", "omega x y z safe word"));
	CHECK(!gfinds("bully", "safe word omega"));
	CHECK(!run2(gtr, "safe word", "omega")->found[cat("bully")]);
	CHECK(!run2(gtr, "omega", "safe word")->found[cat("bully")]);
	CHECK(run2(gtr, "omega", "safe words")->found[cat("bully")]);
	CHECK(run2(gtr, "safe word alpha beta", NULL)->found[cat("harm")]);	/* bully only */
	/* a guard alone finds nothing */
	CHECK(run2(gtr, NULL, "zeta alpha")->cat == -1);
	CHECK(run2(gtr, NULL, "beta gamma delta")->found[cat("dox")]);
	CHECK(!run2(gtr, NULL, "beta gamma delta")->found[cat("harm")]);
}

static void test_contexts(void)
{
	const struct tix_triage *r;

	/* "{send,sent} me pics &kid" counts only with kid in the ticket */
	CHECK(!finds("bully", "he sent me pics"));
	CHECK(finds("bully", "he sent me pics, she is 13 yo"));
	CHECK(finds("bully", "my daughter says he keeps asking: send me pics"));
	CHECK(run("my daughter", "he sent me pics")->found[cat("bully")]);
	CHECK(finds("kid", "she is 13 yo"));
	/* the ages: 1..17 match "13 yo", other numbers do not */
	CHECK(finds("kid", "she is 1 yo"));
	CHECK(finds("kid", "she is 5 yo"));
	CHECK(finds("kid", "she is 17 yo"));
	CHECK(!finds("kid", "she is 18 yo"));
	CHECK(!finds("kid", "she is 0 yo"));
	CHECK(!finds("kid", "she is 25 yo"));
	CHECK(!finds("kid", "she is 130 yo"));
	CHECK(!finds("bully", "he sent me pics, she is 25 yo"));
	/* a guard of a context cancels its hits, and so what needs it */
	CHECK(!finds("kid", "my daughter in law"));
	CHECK(!finds("bully", "my daughter in law sent me pics"));
	CHECK_EQ_I64(level_of("my daughter in law is a loser"), 2);
	CHECK_EQ_I64(level_of("my daughter is a loser"), 0);
	/* a context's phrase may need a context: "allowance &kid" (money) */
	CHECK(!finds("money", "my allowance"));
	CHECK(finds("money", "my allowance, she is 12 yo"));
	CHECK_EQ_I64(level_of("hacked, they took my allowance"), 2);
	CHECK_EQ_I64(level_of("hacked, they took my daughter's allowance, she is 12 yo"), 1);
	/* a context alone: found, but the level stays the default */
	r = run(NULL, "my daughter");
	CHECK(r->found[cat("kid")]);
	CHECK_EQ_I64(r->level, 3);
	CHECK_EQ_I64(r->cat, -1);
	CHECK_EQ_STR(r->team, "helpdesk");
	CHECK_EQ_STR(r->risks, "");
}

static void test_levels(void)
{
	const struct tix_triage *r;

	/* nothing found: the default level and team */
	r = run("Hello", "how do I change my profile picture?");
	CHECK_EQ_I64(r->level, 3);
	CHECK_EQ_I64(r->cat, -1);
	CHECK_EQ_STR(r->team, "helpdesk");
	CHECK_EQ_STR(r->risks, "");
	CHECK_EQ_STR(r->reasons, "");
	r = run(NULL, NULL);
	CHECK_EQ_I64(r->level, 3);
	CHECK_EQ_STR(r->team, "helpdesk");
	CHECK(r->facts == NULL);	/* not asked for */

	/* one risk */
	r = run(NULL, "i want to kill myself");
	CHECK_EQ_I64(r->level, 0);
	CHECK_EQ_I64(r->cat, cat("harm"));
	CHECK_EQ_STR(r->team, "wellbeing");
	CHECK_EQ_STR(r->risks, "harm");
	r = run(NULL, "they doxxed me");
	CHECK_EQ_I64(r->level, 1);
	CHECK_EQ_STR(r->team, "privacy");
	CHECK_EQ_STR(r->risks, "dox");
	/* a topic: its level and team, not among the risks */
	r = run("refund", "please refund my order");
	CHECK_EQ_I64(r->level, 2);
	CHECK_EQ_I64(r->cat, cat("refund"));
	CHECK_EQ_STR(r->team, "payments");
	CHECK_EQ_STR(r->risks, "");
	CHECK(r->found[cat("refund")]);
	r = run(NULL, "password reset");
	CHECK_EQ_I64(r->level, 3);
	CHECK_EQ_I64(r->cat, cat("login"));
	CHECK_EQ_STR(r->team, "support.l1");

	/* several: the most urgent one sets level and team; the risks, most
	   urgent first, topics left out */
	r = run("refund", "you loser, they doxxed me");
	CHECK_EQ_I64(r->level, 1);
	CHECK_EQ_I64(r->cat, cat("dox"));
	CHECK_EQ_STR(r->team, "privacy");
	CHECK_EQ_STR(r->risks, "dox,bully");
	CHECK(r->found[cat("bully")] && r->found[cat("refund")] && r->found[cat("dox")]);
	r = run(NULL, "got hacked, they doxxed me, you loser, i want to end my life");
	CHECK_EQ_I64(r->level, 0);
	CHECK_EQ_STR(r->team, "wellbeing");
	CHECK(starts(r->risks, "harm,dox,"));
	CHECK(has(r->risks, "bully") && has(r->risks, "takeover"));
	CHECK_EQ_I64(strlen(r->risks), strlen("harm,dox,bully,takeover"));
	r = run("password reset please", "refund too");
	CHECK_EQ_I64(r->level, 2);
	CHECK_EQ_STR(r->team, "payments");
	CHECK_EQ_STR(r->risks, "");

	/* raise rules: bully S2 -> S0 with kid; takeover S2 -> S1 with money */
	CHECK_EQ_I64(level_of("you loser"), 2);
	r = run(NULL, "they call my daughter a loser");
	CHECK_EQ_I64(r->level, 0);
	CHECK_EQ_STR(r->team, "safety");
	CHECK_EQ_STR(r->risks, "bully");
	CHECK_EQ_I64(level_of("account hacked"), 2);
	r = run("hacked", "they emptied my bank account");
	CHECK_EQ_I64(r->level, 1);
	CHECK_EQ_STR(r->team, "account-security");
	/* a raise rule of another category does not apply */
	CHECK_EQ_I64(level_of("hacked, my daughter is upset"), 2);
	CHECK_EQ_I64(level_of("loser, my bank account"), 2);
	/* the raised level orders the risks: bully (S0 with kid) before dox (S1) */
	r = run(NULL, "they doxxed my daughter and call her a loser");
	CHECK_EQ_I64(r->level, 0);
	CHECK_EQ_STR(r->risks, "bully,dox");
	CHECK_EQ_STR(r->team, "safety");
}

static void test_reasons(void)
{
	const struct tix_triage *r;

	r = run(NULL, "i want to kill myself");
	CHECK_EQ_STR(r->reasons, "harm \"kill myself\"");
	/* the original words, as written */
	r = run(NULL, "I want to K1LL   Myself!!");
	CHECK_EQ_STR(r->reasons, "harm \"K1LL   Myself\"");
	r = run(NULL, "KÏLL MYSÉLF");
	CHECK_EQ_STR(r->reasons, "harm \"KÏLL MYSÉLF\"");
	r = run("Suicdie", NULL);
	CHECK_EQ_STR(r->reasons, "harm \"Suicdie\"");
	r = run(NULL, "he is DOXXING me");
	CHECK_EQ_STR(r->reasons, "dox \"DOXXING\"");
	/* two phrases of one category, two categories */
	r = run(NULL, "suicide. i will end my own life");
	CHECK(starts(r->reasons, "harm "));
	CHECK(has(r->reasons, "\"suicide\""));
	CHECK(has(r->reasons, "\"end my own life\""));
	r = run("Loser", "i want to kill myself");
	CHECK(has(r->reasons, "harm \"kill myself\""));
	CHECK(has(r->reasons, "bully \"Loser\""));
	CHECK(has(r->reasons, "; "));
	/* a context hit, and the hit it allowed */
	r = run(NULL, "she is 13 yo and he sent me pics");
	CHECK(has(r->reasons, "kid \"13 yo\""));
	CHECK(has(r->reasons, "bully \"sent me pics\""));
	/* a cancelled hit gives no reason */
	r = run(NULL, "kill myself laughing");
	CHECK_EQ_STR(r->reasons, "");
}

static void test_facts(void)
{
	const char *f;

	CHECK_EQ_STR(facts(""), "");
	CHECK_EQ_STR(facts("nothing to see here"), "");
	/* handles */
	CHECK_EQ_STR(facts("report @bad_guy now"), "\"handles\":[\"@bad_guy\"]");
	CHECK_EQ_STR(facts("@bad_guy and @bad_guy again, @other.one."),
		     "\"handles\":[\"@bad_guy\",\"@other.one\"]");
	/* links, and the account and video id in them */
	f = facts("see https://www.tiktok.com/@bad.guy/video/7234567890123456 please");
	CHECK(has(f, "\"urls\":[\"https://www.tiktok.com/@bad.guy/video/7234567890123456\"]"));
	CHECK(has(f, "\"handles\":[\"@bad.guy\"]"));
	CHECK(has(f, "\"videos\":[\"7234567890123456\"]"));
	CHECK(strstr(f, "phones") == NULL);
	f = facts("https://vid.example/video/123456789");
	CHECK(has(f, "\"videos\":[\"123456789\"]"));
	f = facts("https://vid.example/video/12345");	/* too short for an id */
	CHECK(strstr(f, "videos") == NULL);
	/* e-mail addresses, not handles */
	f = facts("write to jane.doe@example.com.");
	CHECK_EQ_STR(f, "\"emails\":[\"jane.doe@example.com\"]");
	/* phone numbers */
	CHECK_EQ_STR(facts("call me on +60 12-345 6789 tonight"),
		     "\"phones\":[\"+60 12-345 6789\"]");
	CHECK_EQ_STR(facts("call (555) 123-4567."), "\"phones\":[\"(555) 123-4567\"]");
	CHECK_EQ_STR(facts("his number is +6281234567890"), "\"phones\":[\"+6281234567890\"]");
	CHECK_EQ_STR(facts("ring 0123456789"), "\"phones\":[\"0123456789\"]");
	/* ... and things that are not phone numbers */
	f = facts("it happened on 2026-11-02 14:05 again");
	CHECK(strstr(f, "phones") == NULL);
	f = facts("i paid Rp 1.250.000 yesterday");
	CHECK(strstr(f, "phones") == NULL);
	CHECK(has(f, "\"money\":[\"Rp 1.250.000\"]"));
	f = facts("order ORD1234567890X was lost");
	CHECK(strstr(f, "phones") == NULL);
	f = facts("order #A-2026-123456789 was lost");
	CHECK(strstr(f, "phones") == NULL);
	f = facts("version 1.2.3.4 and 10.0.0.1 at 12:30");
	CHECK(strstr(f, "phones") == NULL);
	/* money */
	CHECK_EQ_STR(facts("charged $25.00 twice"), "\"money\":[\"$25.00\"]");
	f = facts("charged USD 12.50 and 30 EUR");
	CHECK(has(f, "\"money\":[") && has(f, "USD 12.50") && has(f, "30 EUR"));
	/* ids of 6 digits or more */
	CHECK_EQ_STR(facts("ticket 12345678 is open"), "\"ids\":[\"12345678\"]");
	CHECK_EQ_STR(facts("ticket 123456 is open"), "\"ids\":[\"123456\"]");
	CHECK_EQ_STR(facts("ticket 12345 is open"), "");
	f = facts("order ORD1234567890X was lost");
	CHECK(has(f, "\"ids\":[\"ORD1234567890X\"]"));
	/* an id right before an amount: both kept, each as itself */
	f = facts("order 12345678 Rp 1.250.000");
	CHECK(has(f, "\"money\":[\"Rp 1.250.000\"]"));
	CHECK(has(f, "\"ids\":[\"12345678\"]"));
	/* several of a kind, written one after the other with a space between:
	   each is a fact of its own */
	CHECK_EQ_STR(facts("@bad_guy @user1"), "\"handles\":[\"@bad_guy\",\"@user1\"]");
	CHECK_EQ_STR(facts("cc a@x.example b@y.example"),
		     "\"emails\":[\"a@x.example\",\"b@y.example\"]");
	CHECK_EQ_STR(facts("https://a.example/x https://b.example/y"),
		     "\"urls\":[\"https://a.example/x\",\"https://b.example/y\"]");
	/* every kind at once, in the header's order */
	f = facts("@x_y https://a.example/video/1234567 a@b.example +60 12-345 6789 $5 id 9876543");
	CHECK(has(f, "\"handles\":[\"@x_y\"]"));
	CHECK(strstr(f, "\"handles\"") < strstr(f, "\"urls\""));
	CHECK(strstr(f, "\"urls\"") < strstr(f, "\"videos\""));
	CHECK(strstr(f, "\"videos\"") < strstr(f, "\"emails\""));
	CHECK(strstr(f, "\"emails\"") < strstr(f, "\"phones\""));
	CHECK(strstr(f, "\"phones\"") < strstr(f, "\"money\""));
	CHECK(strstr(f, "\"money\"") < strstr(f, "\"ids\""));
	/* at most 16 of a kind */
	{
		char many[2048];
		size_t o = 0;
		int i, n = 0;
		const char *p;

		for (i = 0; i < 40; i++)
			o += (size_t)snprintf(many + o, sizeof(many) - o, "@user%02d, ", i);
		f = facts(many);
		for (p = f; (p = strstr(p, "\"@user")); p++)
			n++;
		CHECK_EQ_I64(n, 16);
	}
}

static void test_run_facts(void)
{
	struct tix_triager *t = tix_triager_new(lx, &sv, TIX_TRIAGE_FACTS, err);
	const char *subj = "report @bad_guy";
	const char *body = "he posts at https://x.example/@other_one/video/12345678 and "
			   "calls +60 12-345 6789";
	const struct tix_triage *r;

	CHECK(t != NULL);
	if (!t)
		return;
	r = tix_triage_run(t, subj, strlen(subj), body, strlen(body), err);
	CHECK(r != NULL);
	if (!r)
		return;
	CHECK(r->facts && r->facts[0] == '{' && r->facts[strlen(r->facts) - 1] == '}');
	CHECK(has(r->facts, "\"@bad_guy\""));
	CHECK(has(r->facts, "\"@other_one\""));
	CHECK(has(r->facts, "\"videos\":[\"12345678\"]"));
	CHECK(has(r->facts, "\"phones\":[\"+60 12-345 6789\"]"));
	/* the accounts named, pointing into the caller's text */
	CHECK_EQ_I64(r->ntargets, 2);
	if (r->ntargets == 2) {
		CHECK(r->target[0] == subj + 7);
		CHECK_EQ_I64(r->target_len[0], 8);
		CHECK(r->target[1] >= body && r->target[1] < body + strlen(body));
		CHECK(!strncmp(r->target[1], "@other_one", r->target_len[1]) &&
		      r->target_len[1] == 10);
	}
	r = tix_triage_run(t, "hello", 5, NULL, 0, err);
	CHECK(r && !strcmp(r->facts, "{}"));
	CHECK(r && r->ntargets == 0);
	tix_triager_free(t);
}

/* ------------------------------------------------------------ hostile bytes */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_rand(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void test_hostile(void)
{
	struct tix_triager *t = tix_triager_new(lx, &sv, TIX_TRIAGE_FACTS, err);
	const size_t big = 300u << 10;
	char *s = malloc(big + 1);
	const struct tix_triage *r;
	size_t i;
	int k;

	CHECK(t && s);
	if (!t || !s) {
		free(s);
		tix_triager_free(t);
		return;
	}
	/* invalid UTF-8 and NULs are word breaks */
	r = tix_triage_run(t, "\xff\xfe", 2, "\xc3kill\xffmyself\x80", 14, err);
	CHECK(r && r->found[cat("harm")]);
	CHECK(r && r->level == 0);
	r = tix_triage_run(t, NULL, 0, "kill\0myself", 11, err);
	CHECK(r && r->found[cat("harm")]);
	/* the reason quotes the words and closes its quote (a NUL in it would
	   cut the string short) */
	CHECK(r && starts(r->reasons, "harm \"kill") && r->reasons[strlen(r->reasons) - 1] == '"');
	r = tix_triage_run(t, "\0\0\0", 3, "\0", 1, err);
	CHECK(r && r->level == 3);
	/* overlong and surrogate encodings, truncated sequences */
	r = tix_triage_run(t, "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82", 11,
			   "\xf0\x9f\x98", 3, err);
	CHECK(r && r->level == 3);

	/* 300 KiB of one letter, of digits, of accents, of emoji, of random
	   bytes: no crash, a result */
	memset(s, 'a', big);
	r = tix_triage_run(t, s, big, s, big, err);
	CHECK(r && r->level == 3);
	memset(s, '7', big);
	r = tix_triage_run(t, s, big, s, big, err);
	CHECK(r != NULL);
	for (i = 0; i + 2 <= big; i += 2)
		memcpy(s + i, "\xc3\xa9", 2);
	r = tix_triage_run(t, s, big, s, big, err);
	CHECK(r != NULL);
	for (i = 0; i + 4 <= big; i += 4)
		memcpy(s + i, "\xf0\x9f\x98\xad", 4);
	r = tix_triage_run(t, s, big, NULL, 0, err);
	CHECK(r && r->level == 3);
	for (i = 0; i + 2 <= big; i += 2)
		memcpy(s + i, "1a", 2);
	r = tix_triage_run(t, s, big, s, big, err);
	CHECK(r != NULL);
	for (i = 0; i + 2 <= big; i += 2)
		memcpy(s + i, "@ ", 2);
	r = tix_triage_run(t, s, big, s, big, err);
	CHECK(r != NULL);
	for (i = 0; i + 3 <= big; i += 3)
		memcpy(s + i, "+1 ", 3);
	r = tix_triage_run(t, s, big, s, big, err);
	CHECK(r != NULL);
	for (k = 0; k < 8; k++) {
		for (i = 0; i < big; i++)
			s[i] = (char)next_rand();
		r = tix_triage_run(t, s, big, s + 1000, big - 1000, err);
		CHECK(r != NULL);
	}
	/* random words from a small alphabet hit phrases all over */
	{
		static const char *const w[] = {
			"kill", "myself", "laughing", "posted", "address", "my", "home",
			"loser", "13", "yo", "sent", "me", "pics", "suicde", "dox", "@a", "x",
			"\xc3\xa9", "\n", "h4cked", "bank", "account", "k1ll", "..."
		};
		size_t o = 0;

		while (o < big - 16) {
			const char *p = w[next_rand() % (sizeof(w) / sizeof(w[0]))];
			size_t n = strlen(p);

			memcpy(s + o, p, n);
			o += n;
			s[o++] = ' ';
		}
		r = tix_triage_run(t, s, o, s, o, err);
		CHECK(r && r->level == 0);
		CHECK(r && strlen(r->reasons) < 4096);
	}

	/* only the first 256 KiB of a field are read */
	memset(s, ' ', big);
	memcpy(s + 100000, "kill myself", 11);
	r = tix_triage_run(t, NULL, 0, s, big, err);
	CHECK(r && r->found[cat("harm")]);
	memset(s, ' ', big);
	memcpy(s + (290u << 10), "kill myself", 11);
	r = tix_triage_run(t, NULL, 0, s, big, err);
	CHECK(r && !r->found[cat("harm")]);
	/* ... of each field: the body's first KiB is read after a long subject */
	r = tix_triage_run(t, s, big, "kill myself", 11, err);
	CHECK(r && r->found[cat("harm")]);

	/* facts of hostile bytes */
	CHECK(facts_n("\xff@\x80x\0+60 12", 12) != NULL);
	for (i = 0; i < big; i++)
		s[i] = "0123456789 +-()@./:"[next_rand() % 19];
	CHECK(facts_n(s, big) != NULL);
	free(s);
	tix_triager_free(t);
}

/* A second triager on the same lexicon gives the same answers. */
static void test_two_triagers(void)
{
	struct tix_triager *t2 = tix_triager_new(lx, &sv, 0, err);
	const struct tix_triage *a, *b;

	CHECK(t2 != NULL);
	if (!t2)
		return;
	a = run(NULL, "they doxxed me");
	b = tix_triage_run(t2, NULL, 0, "you loser", 9, err);
	CHECK(b && b->level == 2);
	CHECK_EQ_STR(a->risks, "dox");	/* tr's result untouched by t2 */
	tix_triager_free(t2);
}

static void test_builtin(void)
{
	struct tix_severity s;
	struct tix_lexicon *l;
	struct tix_triager *t;
	size_t phrases, guards, states;

	CHECK_EQ_I64(tix_severity_load(&s, NULL, err), 0);
	CHECK(s.ncat > 0);
	CHECK(s.target[0] > 0 && s.target[0] <= s.target[3]);
	l = tix_lexicon_load(&s, NULL, err);
	CHECK(l != NULL);
	if (!l) {
		fprintf(stderr, "built-in lexicon: %s\n", err);
		return;
	}
	tix_lexicon_stats(l, &phrases, &guards, &states);
	CHECK(phrases > 0);
	t = tix_triager_new(l, &s, TIX_TRIAGE_FACTS, err);
	CHECK(t != NULL);
	if (t) {
		const struct tix_triage *r = tix_triage_run(t, "hi", 2, "thanks", 6, err);
		static const char buy[] = "my uncle bought $49 worth of coins without asking",
				  gift[] = "this uncle keeps giving my daughter robux and coins";

		CHECK(r && r->level >= 0 && r->level <= 3 && r->team && r->risks && r->reasons);
		/* a relative's purchase on a child's account is payments; an
		   uncle's gifts to a child stay child safety */
		r = tix_triage_run(t, "Kid made purchases", 18, buy, strlen(buy), err);
		CHECK(r && !strstr(r->risks, "child_safety"));
		r = tix_triage_run(t, "Worried", 7, gift, strlen(gift), err);
		CHECK(r && strstr(r->risks, "child_safety") && r->level == 0);
		tix_triager_free(t);
	}
	tix_lexicon_free(l);
	tix_severity_release(&s);
}

int main(void)
{
	if (tix_severity_parse(&sv, "sev", SEV, strlen(SEV), err) < 0) {
		fprintf(stderr, "SEV: %s\n", err);
		return 1;
	}
	if (!(lx = tix_lexicon_parse(&sv, "lex", LEX, strlen(LEX), err)) ||
	    !(glx = tix_lexicon_parse(&sv, "glex", GLEX, strlen(GLEX), err))) {
		fprintf(stderr, "lexicon: %s\n", err);
		return 1;
	}
	if (!(tr = tix_triager_new(lx, &sv, 0, err)) || !(gtr = tix_triager_new(glx, &sv, 0, err))) {
		fprintf(stderr, "triager: %s\n", err);
		return 1;
	}
	test_level_parse();
	test_priority_index();
	test_span_parse();
	test_severity_parse();
	test_severity_errors();
	test_severity_load();
	test_lexicon_parse();
	test_normalise();
	test_whole_words();
	test_prefix();
	test_fuzzy();
	test_fuzzy_exact();
	test_alternatives();
	test_gap();
	test_fields();
	test_guards();
	test_contexts();
	test_levels();
	test_reasons();
	test_facts();
	test_run_facts();
	test_hostile();
	test_two_triagers();
	test_builtin();
	tix_triager_free(tr);
	tix_triager_free(gtr);
	tix_lexicon_free(lx);
	tix_lexicon_free(glx);
	tix_severity_release(&sv);
	TEST_DONE();
}
