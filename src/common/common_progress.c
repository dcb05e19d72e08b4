/* A progress bar on stderr, drawn only when stderr is a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

struct progress {
	const char *label;
	uint64_t total;
	int64_t started_ms;
	int64_t drawn_ms;
	int tty;
};

struct progress *
progress_new(const char *label, uint64_t total)
{
	struct progress *p = xcalloc(1, sizeof *p);

	p->label = label;
	p->total = total ? total : 1;
	p->tty = isatty(STDERR_FILENO);
	p->started_ms = clock_mono_ms();
	return p;
}

void
progress_update(struct progress *p, uint64_t done)
{
	int64_t now = clock_mono_ms();
	int width = 30, filled, i;
	double secs;

	if (!p->tty || (now - p->drawn_ms < 100 && done < p->total))
		return;
	p->drawn_ms = now;
	if (done > p->total)
		done = p->total;
	filled = (int)(width * done / p->total);
	secs = (now - p->started_ms) / 1000.0;
	fprintf(stderr, "\r%s [", p->label);
	for (i = 0; i < width; i++)
		fputc(i < filled ? '#' : '.', stderr);
	fprintf(stderr, "] %3d%% %llu/%llu %.1fs", (int)(100 * done / p->total),
	    (unsigned long long)done, (unsigned long long)p->total, secs);
	fflush(stderr);
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	if (p->tty) {
		progress_update(p, p->total);
		fputc('\n', stderr);
	}
	free(p);
}
