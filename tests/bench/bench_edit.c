/*
 * Benchmark: the line editor's cost per byte typed (issue 18.5).  A line of
 * N bytes is typed at the end (echo on, 80 columns, as a paste arrives) and
 * the CPU time per byte printed for several N: flat when editing is linear.
 *   bench_edit [N ...]   (default 1000 10000 65000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "shell.h"

/* CPU nanoseconds to type n bytes and Enter, best of three. */
static double
type_line(size_t n)
{
	char *in = xmalloc(n + 1);
	double best = 0;
	int round;

	for (size_t i = 0; i < n; i++)
		in[i] = (char)('a' + i % 26);
	in[n] = '\r';
	for (round = 0; round < 3; round++) {
		struct shell_edit *e = shell_edit_new(n, 0);
		struct shell_buf out = { 0 };
		struct timespec t0, t1;
		size_t off = 0, used;
		double ns;

		shell_edit_set_echo(e, 1);
		shell_edit_set_width(e, 80);
		shell_edit_set_prompt(e, "> ");
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		/* In packets of 1024 bytes, as an SSH client sends a paste. */
		while (off < n + 1) {
			size_t len = n + 1 - off < 1024 ? n + 1 - off : 1024;

			shell_edit_feed(e, in + off, len, &used, &out);
			off += used;
			out.len = 0;
		}
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
		ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
		if (round == 0 || ns < best)
			best = ns;
		shell_buf_free(&out);
		shell_edit_free(e);
	}
	free(in);
	return best;
}

int
main(int argc, char **argv)
{
	static const char *defaults[] = { "1000", "10000", "65000" };
	int i, n = argc > 1 ? argc - 1 : 3;

	for (i = 0; i < n; i++) {
		size_t len = (size_t)strtoul(argc > 1 ? argv[i + 1] : defaults[i], NULL, 10);
		double ns;

		if (len == 0)
			continue;
		ns = type_line(len);
		printf("edit: %zu bytes typed at the end of a line: %.3f ms, %.1f ns per byte\n",
		    len, ns / 1e6, ns / (double)len);
	}
	return 0;
}
