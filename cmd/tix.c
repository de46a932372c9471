/* tix - run a tix tool, git style: "tix ingest ..." runs "tix-ingest ...". */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmdutil.h"

static const char usage_text[] =
	"usage: tix [--help] [--version] tool [arg ...]\n"
	"       tix help [tool]\n";

static const struct {
	const char *name, *what;
} tools[] = {
	{ "ingest", "read CRM ticket exports into the ticket database" },
	{ "clean", "turn a messy export into clean RFC 4180 CSV" },
	{ "trend", "what is spiking, shifting or drifting, per group" },
	{ "recur", "who and what keeps coming back: repeats, reopens, one history" },
	{ "patterns", "the recurring issues, in words: templates, and campaigns" },
	{ "triage", "who must be escalated now, to whom, by when" },
	{ "suggest", "which fix ends a problem, and what to tell the user" },
	{ "stats", "the figures of a period per group, and what changed" },
	{ "report", "the weekly report on one page: Markdown or HTML" },
};

static void help(FILE *fp)
{
	size_t i;

	fputs(usage_text, fp);
	fputs("\nTools:\n", fp);
	for (i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		fprintf(fp, "  %-10s %s\n", tools[i].name, tools[i].what);
	fputs("\n'tix help TOOL' shows a tool's options. See tix(1) and tix(7).\n", fp);
}

/* The directory this binary lives in, or "" when unknown. */
static void self_dir(char *buf, size_t sz)
{
	ssize_t n = readlink("/proc/self/exe", buf, sz - 1);
	char *slash;

	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
}

static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return 0;
	return 1;
}

static int run(const char *tool, int argc, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], prog[128];

	if (!valid_name(tool) || strlen(tool) > 64) {
		cmd_msg("'%s' is not a tix tool; see 'tix help'", tool);
		return TIX_EXIT_USAGE;
	}
	snprintf(prog, sizeof(prog), "tix-%s", tool);
	argv[0] = prog;
	(void)argc;
	self_dir(dir, sizeof(dir));
	if (dir[0]) {
		snprintf(path, sizeof(path), "%s/%s", dir, prog);
		if (access(path, X_OK) == 0) {
			execv(path, argv);
			cmd_msg("%s: %s", path, strerror(errno));
			return TIX_EXIT_FAIL;
		}
	}
	execvp(prog, argv);
	if (errno == ENOENT) {
		cmd_msg("'%s' is not a tix tool; see 'tix help'", tool);
		return TIX_EXIT_USAGE;
	}
	cmd_msg("%s: %s", prog, strerror(errno));
	return TIX_EXIT_FAIL;
}

int main(int argc, char **argv)
{
	cmd_name = "tix";
	if (argc < 2) {
		help(stderr);
		return TIX_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help(stdout);
		return TIX_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version"))
		cmd_version();
	if (!strcmp(argv[1], "help")) {
		char *args[] = { NULL, (char *)"--help", NULL };

		if (argc < 3) {
			help(stdout);
			return TIX_EXIT_OK;
		}
		return run(argv[2], 2, args);
	}
	if (argv[1][0] == '-')
		cmd_usage_fail("unknown option '%s'", argv[1]);
	return run(argv[1], argc - 1, argv + 1);
}
