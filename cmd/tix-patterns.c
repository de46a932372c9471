/* tix-patterns - the recurring issues, in words. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmdutil.h"
#include "out.h"
#include "patterns.h"

static const char usage_text[] =
	"usage: tix-patterns --lines [file] [--format fmt]\n";

static void help(void)
{
	fputs(usage_text, stdout);
	fputs("\n"
	      "Groups texts that say the same thing with other numbers, names and ids\n"
	      "into patterns, each with a template such as \"upload stuck at <PCT>\".\n"
	      "\n"
	      "      --lines          each line of file (default: standard input) is a text;\n"
	      "                       writes line, pattern, template for every line\n"
	      "      --format fmt     table, csv, tsv, json or ndjson\n"
	      "\n"
	      "Exit: 0 ok, 2 usage, 3 could not run.\n"
	      "See tix-patterns(1).\n", stdout);
	exit(TIX_EXIT_OK);
}

static void oom(void)
{
	cmd_msg("out of memory");
	exit(TIX_EXIT_FAIL);
}

static void out_fail(const char *err)
{
	cmd_msg("%s", err);
	exit(TIX_EXIT_FAIL);
}

/* ---------- --lines ---------- */

/* one line of fp into *buf without its line end; its length, or -1 at the
   end.  name: for messages. */
static ssize_t read_line(FILE *fp, char **buf, size_t *cap, const char *name)
{
	ssize_t n;

	errno = 0;
	n = getline(buf, cap, fp);
	if (n < 0) {
		if (ferror(fp)) {
			cmd_msg("%s: %s", name, strerror(errno ? errno : EIO));
			exit(TIX_EXIT_FAIL);
		}
		if (errno == ENOMEM)
			oom();
		return -1;
	}
	if (n > 0 && (*buf)[n - 1] == '\n')
		n--;
	if (n > 0 && (*buf)[n - 1] == '\r')
		n--;
	return n;
}

/*
 * Two passes: learn every line, then name every line with all that was
 * learnt.  A regular file is read twice; anything else (a pipe) is copied
 * to a temporary file on the first pass, so memory holds templates, not
 * lines.
 */
static int lines_mode(const char *path, enum tix_fmt fmt)
{
	static const char *const names[] = { "line", "pattern", "template" };
	static const enum tix_coltype types[] = { TIX_COL_INT, TIX_COL_INT, TIX_COL_TEXT };
	const char *name = path && strcmp(path, "-") ? path : "(standard input)";
	FILE *in = stdin, *spool = NULL, *second;
	struct tix_miner *m;
	struct tix_out *out;
	struct stat st;
	char err[TIX_ERRSZ], num[32], pid[32];
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	uint64_t line = 0;

	if (path && strcmp(path, "-") && !(in = fopen(path, "rb"))) {
		cmd_msg("%s: %s", path, strerror(errno));
		exit(TIX_EXIT_FAIL);
	}
	if (fstat(fileno(in), &st) < 0 || !S_ISREG(st.st_mode)) {
		if (!(spool = tmpfile())) {
			cmd_msg("cannot make a temporary file: %s", strerror(errno));
			exit(TIX_EXIT_FAIL);
		}
	}
	if (!(m = tix_miner_new(NULL, err)))
		out_fail(err);
	while ((n = read_line(in, &buf, &cap, name)) >= 0) {
		if (tix_miner_add(m, buf, (size_t)n, err) < 0)
			out_fail(err);
		if (spool && (fwrite(buf, 1, (size_t)n, spool) != (size_t)n || putc('\n', spool) == EOF)) {
			cmd_msg("temporary file: %s", strerror(errno));
			exit(TIX_EXIT_FAIL);
		}
	}
	if (spool) {
		if (fflush(spool) == EOF) {
			cmd_msg("temporary file: %s", strerror(errno));
			exit(TIX_EXIT_FAIL);
		}
		rewind(spool);
		second = spool;
	} else {
		if (fseeko(in, 0, SEEK_SET) < 0) {
			cmd_msg("%s: %s", name, strerror(errno));
			exit(TIX_EXIT_FAIL);
		}
		second = in;
	}
	if (!(out = tix_out_new(stdout, fmt, 0, err)) ||
	    tix_out_columns(out, 3, names, types, err) < 0)
		out_fail(err);
	while ((n = read_line(second, &buf, &cap, spool ? "temporary file" : name)) >= 0) {
		const char *row[3];
		long id = tix_miner_match(m, buf, (size_t)n, err);

		if (id < 0)
			out_fail(err);
		snprintf(num, sizeof(num), "%llu", (unsigned long long)++line);
		snprintf(pid, sizeof(pid), "%ld", id);
		row[0] = num;
		row[1] = pid;
		row[2] = tix_miner_template(m, id);
		if (tix_out_row(out, row, err) < 0)
			out_fail(err);
	}
	if (tix_out_finish(out, err) < 0)
		out_fail(err);
	tix_out_free(out);
	tix_miner_free(m);
	free(buf);
	if (spool)
		fclose(spool);
	if (in != stdin)
		fclose(in);
	return TIX_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "lines", no_argument, NULL, 'L' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *fmtname = NULL;
	enum tix_fmt fmt;
	int ch, lines = 0;

	cmd_name = "tix-patterns";
	while ((ch = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f': fmtname = optarg; break;
		case 'h': help(); break;
		case 'L': lines = 1; break;
		case 'V': cmd_version(); break;
		case ':': cmd_usage_fail("option '%s' needs a value", argv[optind - 1]);
		default: cmd_usage_fail("unknown option '%s'", argv[optind - 1]);
		}
	}
	fmt = cmd_format(fmtname);
	if (!lines)
		cmd_usage_fail("say --lines");
	if (argc - optind > 1)
		cmd_usage_fail("unexpected argument '%s'", argv[optind + 1]);
	return lines_mode(optind < argc ? argv[optind] : NULL, fmt);
}
