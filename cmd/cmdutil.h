/*
 * cmdutil.h - what every tix tool's main shares: its name in messages,
 * the database path, --format, exit statuses.  Tools may print and exit;
 * the library may not.
 */
#ifndef TIX_CMDUTIL_H
#define TIX_CMDUTIL_H

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "tix.h"

static const char *cmd_name = "tix";

/* "tix-tool: message" on stderr, without the line end. */
static inline void cmd_vmsg(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", cmd_name);
	vfprintf(stderr, fmt, ap);
}

static inline void cmd_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void cmd_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cmd_vmsg(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A usage error: the message, a pointer to --help, exit 2. */
static inline void cmd_usage_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static inline void cmd_usage_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cmd_vmsg(fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more.\n", cmd_name);
	exit(TIX_EXIT_USAGE);
}

static inline void cmd_version(void)
{
	printf("%s %s\n", cmd_name, TIX_VERSION);
	exit(TIX_EXIT_OK);
}

/* --db, else $TIX_DB, else ./tix.db */
static inline const char *cmd_db_path(const char *opt)
{
	const char *env = getenv("TIX_DB");

	if (opt)
		return opt;
	return env && *env ? env : "tix.db";
}

static inline enum tix_fmt cmd_format(const char *name)
{
	enum tix_fmt f = TIX_FMT_AUTO;
	char err[TIX_ERRSZ];

	if (name && tix_fmt_parse(name, &f, err) < 0)
		cmd_usage_fail("%s", err);
	return f;
}

/* A delimiter argument: one character, or "tab" / "\t". */
static inline int cmd_delim(const char *s)
{
	if (!strcmp(s, "tab") || !strcmp(s, "\\t"))
		return '\t';
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		cmd_usage_fail("--delimiter takes one character (or 'tab'), not '%s'", s);
	return (unsigned char)s[0];
}

static inline long cmd_posnum(const char *opt, const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || end == s || v < 1)
		cmd_usage_fail("%s takes a positive number, not '%s'", opt, s);
	return v;
}

static inline int cmd_date_order(const char *s)
{
	if (!strcmp(s, "dmy"))
		return 1;
	if (!strcmp(s, "mdy"))
		return 2;
	cmd_usage_fail("--date-order is dmy or mdy, not '%s'", s);
}

/* A span: N followed by h, d or w (N alone: days), digits first; -1 when
   not one. */
static inline int64_t cmd_span(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	int64_t unit = 86400;

	if (!isdigit((unsigned char)*s) || end == s || v > 100000)
		return -1;
	if (*end == 'h')
		unit = 3600;
	else if (*end == 'w')
		unit = 7 * 86400;
	else if (*end && *end != 'd')
		return -1;
	if (*end && end[1])
		return -1;
	return (int64_t)v * unit;
}

/* v with fmt, or "" when it is not a number (an empty cell, never NaN) */
static inline void cmd_fmt_num(char *buf, size_t n, double v, const char *fmt)
{
	if (isfinite(v))
		snprintf(buf, n, fmt, v);
	else
		buf[0] = 0;
}

/* A row or the header: on failure (output not writable) say so, exit 3. */
static inline void cmd_out_row(struct tix_out *out, const char *const *v)
{
	char err[TIX_ERRSZ];

	if (tix_out_row(out, v, err) < 0) {
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	}
}

static inline void cmd_out_columns(struct tix_out *out, size_t n, const char *const *names,
				   const enum tix_coltype *types)
{
	char err[TIX_ERRSZ];

	if (tix_out_columns(out, n, names, types, err) < 0) {
		cmd_msg("%s", err);
		exit(TIX_EXIT_FAIL);
	}
}

/* Split line at tabs, in place, into f (at most max); the number of fields. */
static inline int cmd_split_tabs(char *line, char **f, int max)
{
	int n = 0;

	for (;;) {
		char *t = strchr(line, '\t');

		if (n < max)
			f[n++] = line;
		if (!t)
			return n;
		*t = '\0';
		line = t + 1;
	}
}

#endif
