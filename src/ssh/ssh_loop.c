/*
 * The worker's event loop (ssh_loop.h): descriptors in a table indexed by
 * fd, as redis's ae.c keeps them, so that an event is dispatched by one
 * array access and an event that outlived its registration (freed earlier
 * in the same pass) finds nothing; a few timers in an array.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "common.h"
#include "ssh_loop.h"

#define MAX_EVENTS 256
#define MAX_LATE 4		/* ranks of late descriptors */

struct reg {
	sshd_ready_fn *fn;	/* NULL: fd not registered */
	void *arg;
	uint32_t mask;
	int late;
};

struct sshd_timer {
	int64_t due, period;	/* mono ms */
	sshd_timer_fn *fn;
	void *arg;
};

struct sshd_loop {
	int epfd;
	struct reg *regs;	/* indexed by fd */
	size_t nregs;
	struct sshd_timer **timers;
	size_t ntimers;
	struct epoll_event evs[MAX_EVENTS];
};

int
sshd_loop_open(struct sshd_loop **out, char *err, size_t errlen)
{
	struct sshd_loop *l = xcalloc(1, sizeof *l);

	*out = NULL;
	if ((l->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		snprintf(err, errlen, "epoll: %s", strerror(errno));
		free(l);
		return ERR_IO;
	}
	*out = l;
	return 0;
}

void
sshd_loop_free(struct sshd_loop *l)
{
	size_t i;

	if (l == NULL)
		return;
	close(l->epfd);
	for (i = 0; i < l->ntimers; i++)
		free(l->timers[i]);
	free(l->timers);
	free(l->regs);
	free(l);
}

int
sshd_loop_add(struct sshd_loop *l, int fd, uint32_t mask, int late, sshd_ready_fn *fn,
    void *arg)
{
	struct epoll_event ev;
	size_t n;

	if (fd < 0)
		return ERR_INVALID;
	if ((size_t)fd >= l->nregs) {
		for (n = l->nregs ? l->nregs : 64; n <= (size_t)fd; n *= 2)
			;
		l->regs = xreallocarray(l->regs, n, sizeof *l->regs);
		memset(l->regs + l->nregs, 0, (n - l->nregs) * sizeof *l->regs);
		l->nregs = n;
	}
	memset(&ev, 0, sizeof ev);
	ev.events = mask;
	ev.data.fd = fd;
	if (epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return ERR_IO;
	l->regs[fd].fn = fn;
	l->regs[fd].arg = arg;
	l->regs[fd].mask = mask;
	l->regs[fd].late = late < 0 ? 0 : late > MAX_LATE ? MAX_LATE : late;
	return 0;
}

int
sshd_loop_want(struct sshd_loop *l, int fd, const void *arg, uint32_t mask)
{
	struct epoll_event ev;
	struct reg *r;

	if (fd < 0 || (size_t)fd >= l->nregs || (r = &l->regs[fd])->fn == NULL ||
	    r->arg != arg)
		return ERR_INVALID;
	if (r->mask == mask)
		return 0;
	memset(&ev, 0, sizeof ev);
	ev.events = mask;
	ev.data.fd = fd;
	if (epoll_ctl(l->epfd, EPOLL_CTL_MOD, fd, &ev) < 0)
		return ERR_IO;
	r->mask = mask;
	return 0;
}

void
sshd_loop_del(struct sshd_loop *l, int fd, const void *arg)
{
	if (fd < 0 || (size_t)fd >= l->nregs || l->regs[fd].fn == NULL || l->regs[fd].arg != arg)
		return;
	/* Fails harmlessly when the descriptor was closed behind our back. */
	epoll_ctl(l->epfd, EPOLL_CTL_DEL, fd, NULL);
	memset(&l->regs[fd], 0, sizeof l->regs[fd]);
}

struct sshd_timer *
sshd_loop_every(struct sshd_loop *l, int64_t period_ms, sshd_timer_fn *fn, void *arg)
{
	struct sshd_timer *t = xcalloc(1, sizeof *t);

	t->period = period_ms > 0 ? period_ms : 1;
	t->due = clock_mono_ms() + t->period;
	t->fn = fn;
	t->arg = arg;
	l->timers = xreallocarray(l->timers, l->ntimers + 1, sizeof *l->timers);
	l->timers[l->ntimers++] = t;
	return t;
}

/* Milliseconds until the nearest timer, at most max_ms. */
static int
wait_ms(const struct sshd_loop *l, int64_t now, int max_ms)
{
	int64_t w = max_ms;
	size_t i;

	for (i = 0; i < l->ntimers; i++)
		if (l->timers[i]->due - now < w)
			w = l->timers[i]->due - now;
	return w < 0 ? 0 : (int)w;
}

static void
dispatch(struct sshd_loop *l, const struct epoll_event *ev, int late)
{
	int fd = ev->data.fd;
	struct reg *r;

	if ((size_t)fd >= l->nregs)
		return;
	r = &l->regs[fd];
	if (r->fn != NULL && r->late == late)
		r->fn(r->arg, ev->events);
}

int
sshd_loop_once(struct sshd_loop *l, int max_wait_ms)
{
	int64_t now = clock_mono_ms();
	struct sshd_timer *t;
	int n, i, late;
	size_t k;

	n = epoll_wait(l->epfd, l->evs, MAX_EVENTS, wait_ms(l, now, max_wait_ms));
	if (n < 0 && errno != EINTR)
		return ERR_IO;
	for (i = 0; i < n; i++)
		dispatch(l, &l->evs[i], 0);
	for (late = 1; late <= MAX_LATE; late++)
		for (i = 0; i < n; i++)
			dispatch(l, &l->evs[i], late);
	now = clock_mono_ms();
	for (k = 0; k < l->ntimers; k++) {
		t = l->timers[k];
		if (t->due > now)
			continue;
		/* Behind by more than a period (a long pass): skip, never catch up in a burst. */
		t->due = t->due + t->period > now ? t->due + t->period : now + t->period;
		t->fn(t->arg, now);
	}
	return 0;
}
