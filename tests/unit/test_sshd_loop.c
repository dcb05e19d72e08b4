/* Unit tests for the SSH worker's event loop (src/ssh/ssh_loop.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <cmocka.h>

#include "common.h"
#include "../../src/ssh/ssh_loop.h"

struct rec {
	struct sshd_loop *l;
	char order[16];		/* names of the callbacks, in call order */
	size_t n;
	int victim_fd;		/* removed by the callback of 'k' */
	void *victim_arg;
};

struct who {
	struct rec *r;
	char name;
	int fd;
};

static void
ready(void *arg, uint32_t events)
{
	struct who *w = arg;
	char c;

	assert_true(events & EPOLLIN);
	assert_int_equal(read(w->fd, &c, 1), 1);
	if (w->r->n < sizeof w->r->order - 1)
		w->r->order[w->r->n++] = w->name;
	if (w->name == 'k')
		sshd_loop_del(w->r->l, w->r->victim_fd, w->r->victim_arg);
}

static void
tick(void *arg, int64_t now_ms)
{
	(void)now_ms;
	(*(int *)arg)++;
}

/* Descriptors of late 0 run before late ones, late ones in increasing rank. */
static void
test_order(void **state)
{
	struct rec r;
	struct who w[3];
	int p[3][2], i;
	char err[128];

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(sshd_loop_open(&r.l, err, sizeof err), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(pipe(p[i]), 0);
		w[i].r = &r;
		w[i].fd = p[i][0];
	}
	w[0].name = 's';	/* a signal, say: late 2 */
	w[1].name = 'p';	/* a pool: late 1 */
	w[2].name = 'x';	/* a session: in batch order */
	assert_int_equal(sshd_loop_add(r.l, p[0][0], EPOLLIN, 2, ready, &w[0]), 0);
	assert_int_equal(sshd_loop_add(r.l, p[1][0], EPOLLIN, 1, ready, &w[1]), 0);
	assert_int_equal(sshd_loop_add(r.l, p[2][0], EPOLLIN, 0, ready, &w[2]), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(write(p[i][1], "!", 1), 1);
	assert_int_equal(sshd_loop_once(r.l, 1000), 0);
	assert_string_equal(r.order, "xps");
	sshd_loop_free(r.l);
	for (i = 0; i < 3; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
}

/*
 * A registration removed earlier in a pass gets no call for an event of
 * that pass; a mask of 0 gets none; want and del check the owner.
 */
static void
test_del_and_want(void **state)
{
	struct rec r;
	struct who k, v;
	int pk[2], pv[2];
	char err[128];

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(sshd_loop_open(&r.l, err, sizeof err), 0);
	assert_int_equal(pipe(pk), 0);
	assert_int_equal(pipe(pv), 0);
	k = (struct who){ &r, 'k', pk[0] };
	v = (struct who){ &r, 'v', pv[0] };
	assert_int_equal(sshd_loop_add(r.l, pk[0], EPOLLIN, 0, ready, &k), 0);
	assert_int_equal(sshd_loop_add(r.l, pv[0], EPOLLIN, 1, ready, &v), 0);
	/* del for another owner leaves the registration. */
	sshd_loop_del(r.l, pv[0], &k);
	assert_int_equal(sshd_loop_want(r.l, pv[0], &k, 0), ERR_INVALID);
	r.victim_fd = pv[0];
	r.victim_arg = &v;
	assert_int_equal(write(pk[1], "!", 1), 1);
	assert_int_equal(write(pv[1], "!", 1), 1);
	assert_int_equal(sshd_loop_once(r.l, 1000), 0);
	assert_string_equal(r.order, "k");	/* v was removed by k in the same pass */
	/* Masked out: no call, the byte stays. */
	assert_int_equal(sshd_loop_want(r.l, pk[0], &k, 0), 0);
	assert_int_equal(write(pk[1], "!", 1), 1);
	assert_int_equal(sshd_loop_once(r.l, 20), 0);
	assert_string_equal(r.order, "k");
	assert_int_equal(sshd_loop_want(r.l, pk[0], &k, EPOLLIN), 0);
	assert_int_equal(sshd_loop_once(r.l, 1000), 0);
	assert_string_equal(r.order, "kk");
	sshd_loop_free(r.l);
	close(pk[0]);
	close(pk[1]);
	close(pv[0]);
	close(pv[1]);
}

/* A timer is due after its period, again and again; the wait ends for it. */
static void
test_timers(void **state)
{
	struct sshd_loop *l;
	int fast = 0, slow = 0, passes;
	int64_t t0;
	char err[128];

	(void)state;
	assert_int_equal(sshd_loop_open(&l, err, sizeof err), 0);
	sshd_loop_every(l, 10, tick, &fast);
	sshd_loop_every(l, 3600 * 1000, tick, &slow);
	t0 = clock_mono_ms();
	/* Bounded: each pass waits for the 10 ms timer, not for the 60 s given. */
	for (passes = 0; fast < 3 && passes < 100; passes++)
		assert_int_equal(sshd_loop_once(l, 60000), 0);
	assert_int_equal(fast, 3);
	assert_int_equal(slow, 0);
	assert_true(clock_mono_ms() - t0 >= 30);
	assert_true(clock_mono_ms() - t0 < 30000);
	sshd_loop_free(l);
	sshd_loop_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_del_and_want),
		cmocka_unit_test(test_timers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
