/*
 * rusage - run a command, then say how long it took and its peak memory.
 *
 *	rusage CMD [ARG ...]
 *
 * Runs CMD with its arguments (searched in PATH), waits for it, and prints
 * one line to standard error:
 *
 *	rusage: wall=SECONDS maxrss_kb=N status=S
 *
 * wall is the elapsed time on the monotonic clock, maxrss_kb the peak
 * resident set size of the command (wait4's ru_maxrss, in kilobytes on
 * Linux), status its exit status, or signal:N if signal N ended it.
 * Exits with the command's status (128 + N after signal N; 127 if CMD could
 * not be run).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int status;
	double wall;

	if (argc < 2) {
		fprintf(stderr, "usage: rusage command [argument ...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "rusage: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "rusage: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "rusage: wait4: %s\n", strerror(errno));
			return 127;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "rusage: wall=%.3f maxrss_kb=%ld status=signal:%d\n", wall,
			ru.ru_maxrss, WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	fprintf(stderr, "rusage: wall=%.3f maxrss_kb=%ld status=%d\n", wall, ru.ru_maxrss,
		WEXITSTATUS(status));
	return WEXITSTATUS(status);
}
