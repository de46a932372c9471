/*
 * unit.h - a tiny header-only test harness.
 *
 *	CHECK(cond)		cond must be true
 *	CHECK_EQ_I64(a, b)	a == b, compared as int64_t
 *	CHECK_EQ_STR(a, b)	strcmp(a, b) == 0 (NULL equals only NULL)
 *	TEST_DONE()		print "<name>: N passed, N failed" and return
 *				from main: 1 if anything failed, else 0
 *
 * A failed check prints "FILE:LINE: check failed: ..." to stderr and the
 * test goes on.  <name> is the source file's name without ".c".
 */
#ifndef UNIT_H
#define UNIT_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

static inline void unit_check(int ok, const char *file, int line,
    const char *what)
{
	if (ok) {
		unit_passed++;
		return;
	}
	unit_failed++;
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
}

static inline void unit_check_i64(int64_t a, int64_t b, const char *file,
    int line, const char *sa, const char *sb)
{
	if (a == b) {
		unit_passed++;
		return;
	}
	unit_failed++;
	fprintf(stderr, "%s:%d: check failed: %s == %s (%" PRId64 " != %"
	    PRId64 ")\n", file, line, sa, sb, a, b);
}

static inline void unit_check_str(const char *a, const char *b,
    const char *file, int line, const char *sa, const char *sb)
{
	if ((a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0)) {
		unit_passed++;
		return;
	}
	unit_failed++;
	fprintf(stderr, "%s:%d: check failed: %s == %s\n", file, line, sa, sb);
	fprintf(stderr, "  got:      %s%s%s\n", a ? "\"" : "", a ? a : "NULL",
	    a ? "\"" : "");
	fprintf(stderr, "  expected: %s%s%s\n", b ? "\"" : "", b ? b : "NULL",
	    b ? "\"" : "");
}

static inline int unit_done(const char *file)
{
	const char *name = strrchr(file, '/');
	size_t n;

	name = name ? name + 1 : file;
	n = strlen(name);
	if (n > 2 && strcmp(name + n - 2, ".c") == 0)
		n -= 2;
	printf("%.*s: %d passed, %d failed\n", (int)n, name, unit_passed,
	    unit_failed);
	return unit_failed ? 1 : 0;
}

#define CHECK(cond) \
	unit_check(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_EQ_I64(a, b) \
	unit_check_i64((int64_t)(a), (int64_t)(b), __FILE__, __LINE__, #a, #b)
#define CHECK_EQ_STR(a, b) \
	unit_check_str((a), (b), __FILE__, __LINE__, #a, #b)
#define TEST_DONE() \
	return unit_done(__FILE__)

#endif
